//! The `yusuan` command: parse the arguments, run, map the outcome to an exit code.

fn main() -> std::process::ExitCode {
    yusuan::app::cli::main()
}
