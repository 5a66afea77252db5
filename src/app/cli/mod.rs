//! The command line: its arguments and one file per command (`build`, `validate`, `batch`,
//! `convert`, `profiles`, `rules`, `serve`, `backup`, `diff`, `next-year`), each a few calls into the library.

/// `print!` to standard output, where a reader that goes away (`yusuan validate … | head -1`)
/// ends the output quietly rather than the program with a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// `println!` to standard output, as [`out!`].
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod backup;
mod batch;
mod build;
mod convert;
mod desktop;
mod diff;
mod generate;
mod next_year;
mod profiles;
mod rules;
mod serve;
mod usage;
mod validate;

pub use backup::BackupArgs;
use backup::{backup, BACKUP_HELP};
use batch::batch;
pub use batch::BatchArgs;
use batch::BATCH_HELP;
pub use build::BuildArgs;
use build::{build, BUILD_HELP};
pub use convert::ConvertArgs;
use convert::{convert, CONVERT_HELP};
pub use diff::DiffArgs;
use diff::{diff, DIFF_HELP};
use generate::generate;
pub use generate::GenerateArgs;
pub use next_year::NextYearArgs;
use next_year::{next_year, NEXT_YEAR_HELP};
pub use profiles::ProfilesArgs;
use profiles::{profiles, PROFILES_HELP};
pub use rules::rules_listing;
pub use serve::ServeArgs;
use serve::{serve, SERVE_HELP};
pub use validate::ValidateArgs;
use validate::{validate, VALIDATE_HELP};

use crate::app::output::write_outputs;
use crate::app::pipeline::{Failure, Toolkit};
use crate::input::diag::Diagnostic;
use crate::input::load::SourceFile;
use crate::render::Format;
use anyhow::{Context as _, Result};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const ABOUT: &str = "yusuan（预算）：把预算单位的数据（YAML 文件或 Excel 数据工作簿）排成年度《单位预算》公开文本：PDF、可编辑的 DOCX 和附表 XLSX。";

/// Command-line arguments.
#[derive(Debug, Parser)]
#[command(name = "yusuan", version, about = ABOUT)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成一个单位的预算书。
    #[command(long_about = BUILD_HELP)]
    Build(BuildArgs),
    /// 检查数据文件：列出所有错误和警告，不生成文件。
    #[command(long_about = VALIDATE_HELP)]
    Validate(ValidateArgs),
    /// 批量生成目录中所有单位的预算书（PDF、DOCX 和附表 XLSX）。
    #[command(long_about = BATCH_HELP)]
    Batch(BatchArgs),
    /// 列出内置的预算书格式（profile）及各自的表和行来源。
    #[command(long_about = PROFILES_HELP)]
    Profiles(ProfilesArgs),
    /// 数据文件与 Excel 数据工作簿互相转换（按扩展名：.yaml → .xlsx 或 .xlsx → .yaml）。
    #[command(long_about = CONVERT_HELP)]
    Convert(ConvertArgs),
    /// 列出数据检查规则：规则编号（如 C03）和它检查的内容。
    Rules,
    /// 比较两份数据排出的预算书：变了的数字（表、行、列，旧 → 新）和文字。
    #[command(long_about = DIFF_HELP)]
    Diff(DiffArgs),
    /// 用本年的数据文件生成下一年的数据文件（金额待填写）。
    #[command(name = "next-year", long_about = NEXT_YEAR_HELP)]
    NextYear(NextYearArgs),
    /// 在浏览器中打开工作台：总览、检查结果、页面预览、上传和下载。
    #[command(long_about = SERVE_HELP)]
    Serve(ServeArgs),
    /// 备份工作区的记录（数据库和每个版本的数据文件），工作台开着时也可以。
    #[command(long_about = BACKUP_HELP)]
    Backup(BackupArgs),
    /// 生成 N 个合成的单位数据文件（用于性能测试）。
    #[command(hide = true)]
    Generate(GenerateArgs),
}

/// Where and what `build` and `batch` write.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// 输出目录
    #[arg(
        short = 'o',
        long = "out",
        value_name = "DIR",
        default_value = "output"
    )]
    pub out: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::All)]
    pub format: Format,
}

/// Options shared by the commands that read data.
#[derive(Debug, clap::Args)]
pub struct SharedArgs {
    /// 警告也视为错误
    #[arg(long)]
    pub strict: bool,
    /// 模板目录（默认使用程序内置的模板；目录结构同 templates/）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 政府收支分类科目表目录（默认使用程序内置的科目表，同 data/classification/）
    #[arg(long, value_name = "DIR")]
    pub classification: Option<PathBuf>,
    /// 单位自有字体所在目录（可多次指定），优先于随附字体
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
    /// 预算书格式：内置格式的名称，或含 profile.yaml 的文件夹；对所有单位生效，优先于数据中的 profile:（单位和部门文件一起时，只对同类的文件生效）
    #[arg(long, value_name = "NAME|DIR")]
    pub profile: Option<String>,
}

impl SharedArgs {
    /// The toolkit these options describe.
    pub fn toolkit(&self) -> Result<Toolkit> {
        let mut toolkit = Toolkit::load(
            self.templates.as_deref(),
            self.classification.as_deref(),
            &self.font_paths,
        )?;
        toolkit.strict = self.strict;
        if let Some(profile) = &self.profile {
            toolkit.use_profile(profile)?;
        }
        Ok(toolkit)
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    if desktop::double_clicked() {
        return desktop::open_workspace();
    }
    let command = usage::localized(<Cli as clap::CommandFactory>::command());
    let parsed = command.clone().try_get_matches().and_then(|matches| {
        if matches.subcommand_name() == Some(usage::HELP) {
            match usage::help_page(command, &matches) {
                Ok(page) => {
                    out!("{page}");
                    std::process::exit(0);
                }
                Err(message) => {
                    eprintln!("{message}");
                    std::process::exit(2);
                }
            }
        }
        <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
    });
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => {
            match usage::chinese(&error) {
                Some(text) => eprintln!("{text}"),
                None => {
                    let _ = error.print();
                }
            }
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let outcome = match cli.command {
        Command::Build(args) => build(&args),
        Command::Validate(args) => validate(&args),
        Command::Batch(args) => batch(&args),
        Command::Profiles(args) => profiles(&args),
        Command::Convert(args) => convert(&args),
        Command::Rules => {
            out!("{}", rules_listing());
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate(args) => generate(&args),
        Command::Diff(args) => diff(&args),
        Command::NextYear(args) => next_year(&args),
        Command::Serve(args) => serve(&args),
        Command::Backup(args) => backup(&args),
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("错误 error: {error:#}");
        ExitCode::from(2)
    })
}

/// The data files of the folder `dir`, as `batch` and `validate` take them: a note for each
/// owner file Excel or WPS keeps beside an open workbook (passed over), and an error for a
/// folder with none.
fn data_folder_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let files = crate::app::batch::unit_files(dir)?;
    for owner in crate::app::batch::owner_files(dir) {
        eprintln!(
            "注意 note: 跳过 {}：Excel 或 WPS 正打开着同名的工作簿（以 ~$ 开头的是它们的临时文件，不是数据）；读到的是工作簿最后一次保存的内容",
            owner.display()
        );
    }
    // Only the folder's own files are data; a department kept in a subfolder with its units
    // (as the bundled ones are) is said, so that it is not thought built or checked.
    for department in departments_below(dir, 3) {
        eprintln!(
            "注意 note: 子文件夹中的部门文件 {} 没有包括在内：只处理 {} 中的文件；部门预算用 build {} 或对它的文件夹运行同一命令",
            department.display(),
            dir.display(),
            department.display()
        );
    }
    if files.is_empty() {
        anyhow::bail!("{} 中没有数据文件（*.yaml 或 *.xlsx）", dir.display());
    }
    Ok(files)
}

/// The department files (部门预算) in the subfolders of `dir`, `depth` levels down at most,
/// sorted; the workspace's own folders (drafts, history) and hidden ones are not looked in.
fn departments_below(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if depth == 0 {
        return found;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    let mut folders: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.is_dir())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or(".");
            !name.starts_with('.') && !matches!(name, "drafts" | "history")
        })
        .collect();
    folders.sort();
    for folder in folders {
        let files = crate::app::batch::unit_files(&folder).unwrap_or_default();
        found.extend(
            files
                .into_iter()
                .filter(|path| crate::input::load::is_department_file(path)),
        );
        found.extend(departments_below(&folder, depth - 1));
    }
    found
}

/// Prints a file's diagnostics: to standard output when they are what was asked for
/// (`validate`), to standard error when they accompany other output (`build`).
fn report(source: &SourceFile, diagnostics: &[Diagnostic], to_stdout: bool) {
    if diagnostics.is_empty() {
        return;
    }
    let text = source.render(diagnostics);
    if to_stdout {
        out!("{text}");
    } else {
        eprint!("{text}");
    }
}
