//! A mistyped command line, said in Chinese: clap words its errors in English (`error: the
//! following required arguments were not provided`), which an office's staff should not have to
//! read. The common mistakes are worded here from clap's context; anything else keeps clap's
//! own text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help pages' frame in Chinese: headings (用法, 参数, 选项, 命令), the help and version
/// flags, each option's default and choices written into its text, for the command and every
/// subcommand.
pub fn localized(command: Command) -> Command {
    let mut command = frame(command)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        )
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    for name in names {
        command = command.mut_subcommand(name, frame);
    }
    command.disable_help_subcommand(true).subcommand(frame(
        Command::new(HELP)
            .about("显示全部命令，或一个命令的说明（yusuan help build）")
            .arg(
                Arg::new(HELP)
                    .value_name("命令")
                    .num_args(0..)
                    .help("要看说明的命令"),
            ),
    ))
}

/// The name of the `help` command (clap's own is worded in English; this one is ours).
pub const HELP: &str = "help";

/// `yusuan help [命令]`: the help page of the command named (of yusuan when none is), or the
/// message for a name that is no command.
pub fn help_page(mut command: Command, matches: &clap::ArgMatches) -> Result<String, String> {
    let named: Vec<String> = matches
        .subcommand_matches(HELP)
        .and_then(|m| m.get_many::<String>(HELP))
        .map(|names| names.cloned().collect())
        .unwrap_or_default();
    // Built, so that each page's 用法 line starts with `yusuan`.
    command.build();
    let mut page = &mut command;
    for name in &named {
        if page.find_subcommand(name).is_none() {
            return Err(format!(
                "错误：没有“{name}”这个命令\n\n全部命令：yusuan --help"
            ));
        }
        page = page.find_subcommand_mut(name).expect("found just above");
    }
    Ok(page.render_long_help().to_string())
}

/// One command's page: Chinese headings, help flag, defaults and choices in the text.
fn frame(command: Command) -> Command {
    command
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        )
        .mut_args(|arg| {
            let heading = if arg.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let mut extra = String::new();
            let flag = matches!(
                arg.get_action(),
                ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count | ArgAction::Help
            );
            let choices: Vec<String> = if flag {
                Vec::new()
            } else {
                arg.get_possible_values()
            }
            .iter()
            .filter(|value| !value.is_hide_set())
            .map(|value| match value.get_help() {
                Some(help) => format!("{:<6} {help}", value.get_name()),
                None => value.get_name().to_string(),
            })
            .collect();
            if !choices.is_empty() {
                extra.push_str(&format!("。可选：\n  {}", choices.join("\n  ")));
            }
            let defaults: Vec<String> = arg
                .get_default_values()
                .iter()
                .map(|value| value.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && !flag {
                let end = if choices.is_empty() { "。" } else { "\n" };
                extra.push_str(&format!("{end}默认：{}", defaults.join(" ")));
            }
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            let arg = arg
                .help_heading(heading)
                .hide_possible_values(true)
                .hide_default_value(true);
            if extra.is_empty() {
                arg
            } else {
                arg.help(format!("{help}{extra}"))
            }
        })
}

/// The Chinese message for a command-line mistake, or `None` for one clap words best.
pub fn chinese(error: &clap::Error) -> Option<String> {
    let text = |kind| error.get(kind).map(value_text);
    let usage = error
        .get(ContextKind::Usage)
        .map(|usage| {
            value_text(usage)
                .replace("Usage: ", "用法：")
                .replace("Usage:", "用法：")
        })
        .map(|usage| format!("\n\n{}", usage.trim()))
        .unwrap_or_default();
    let help =
        "\n\n全部命令：yusuan --help；一个命令的说明：yusuan 命令 --help（如 yusuan build --help）";
    let message = match error.kind() {
        ErrorKind::MissingRequiredArgument => {
            format!("缺少参数：{}", text(ContextKind::InvalidArg)?)
        }
        ErrorKind::InvalidSubcommand => {
            let mut said = format!("没有“{}”这个命令", text(ContextKind::InvalidSubcommand)?);
            if let Some(suggested) = text(ContextKind::SuggestedSubcommand) {
                said.push_str(&format!("；是不是要写 {suggested}？"));
            }
            said
        }
        ErrorKind::UnknownArgument => {
            let mut said = format!("不认识的参数“{}”", text(ContextKind::InvalidArg)?);
            if let Some(suggested) = text(ContextKind::SuggestedArg) {
                said.push_str(&format!("；是不是要写 {suggested}？"));
            }
            said
        }
        ErrorKind::InvalidValue
            if text(ContextKind::InvalidValue)
                .unwrap_or_default()
                .is_empty() =>
        {
            format!("{} 后面要写一个值", text(ContextKind::InvalidArg)?)
        }
        ErrorKind::InvalidValue => {
            let mut said = format!(
                "{} 的值“{}”不对",
                text(ContextKind::InvalidArg)?,
                text(ContextKind::InvalidValue).unwrap_or_default()
            );
            if let Some(valid) = text(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
                said.push_str(&format!("：可以写 {valid}"));
            }
            said
        }
        ErrorKind::ValueValidation => {
            // Our own parsers (the listen address, numbers) say what is wrong in Chinese.
            let source = std::error::Error::source(error)
                .map(|source| source.to_string())
                .unwrap_or_default();
            format!(
                "{} 的值“{}”不对：{}",
                text(ContextKind::InvalidArg)?,
                text(ContextKind::InvalidValue).unwrap_or_default(),
                chinese_number_error(&source)
            )
        }
        ErrorKind::ArgumentConflict
            if text(ContextKind::InvalidArg) == text(ContextKind::PriorArg) =>
        {
            format!("{} 只能写一次", text(ContextKind::InvalidArg)?)
        }
        ErrorKind::ArgumentConflict => format!(
            "{} 不能和 {} 一起用",
            text(ContextKind::InvalidArg)?,
            text(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("多了参数“{}”", text(ContextKind::InvalidValue)?)
        }
        _ => return None,
    };
    Some(format!("错误：{message}{usage}{help}"))
}

fn value_text(value: &ContextValue) -> String {
    match value {
        ContextValue::String(text) => text.clone(),
        ContextValue::Strings(texts) => texts.join("、"),
        ContextValue::StyledStr(text) => text.to_string(),
        ContextValue::StyledStrs(texts) => texts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        ContextValue::Number(number) => number.to_string(),
        ContextValue::Bool(flag) => flag.to_string(),
        ContextValue::None => String::new(),
        _ => String::new(),
    }
}

/// Rust's number parse errors, which reach the user through `--jobs`, in Chinese.
fn chinese_number_error(source: &str) -> String {
    match source {
        "invalid digit found in string" => "应为不小于 0 的整数".to_string(),
        "cannot parse integer from empty string" => "没有写数字".to_string(),
        "number too large to fit in target type" => "数字太大".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(args: &[&str]) -> String {
        use clap::CommandFactory;
        let error = localized(super::super::Cli::command())
            .try_get_matches_from(args)
            .unwrap_err();
        chinese(&error).unwrap_or_else(|| panic!("no Chinese for {:?}", error.kind()))
    }

    #[test]
    fn common_mistakes_are_said_in_chinese_with_the_usage() {
        let missing = said(&["yusuan", "build"]);
        assert!(missing.starts_with("错误：缺少参数：<DATA>"), "{missing}");
        assert!(missing.contains("用法：yusuan build"), "{missing}");
        let typo = said(&["yusuan", "bulid", "x.yaml"]);
        assert!(
            typo.contains("没有“bulid”这个命令；是不是要写 build？"),
            "{typo}"
        );
        let unknown = said(&["yusuan", "build", "x.yaml", "--fromat", "pdf"]);
        assert!(unknown.contains("不认识的参数“--fromat”"), "{unknown}");
        assert!(unknown.contains("--format"), "{unknown}");
        let value = said(&["yusuan", "build", "x.yaml", "--format", "doc"]);
        assert!(
            value.contains("--format <FORMAT> 的值“doc”不对：可以写"),
            "{value}"
        );
        let jobs = said(&["yusuan", "batch", "-j", "两"]);
        assert!(jobs.contains("应为不小于 0 的整数"), "{jobs}");
        let listen = said(&["yusuan", "serve", "--listen", "abc"]);
        assert!(listen.contains("不是监听地址"), "{listen}");
        for text in [missing, typo, unknown, value, jobs, listen] {
            assert!(
                !text.contains("error:") && !text.contains("Usage:"),
                "{text}"
            );
        }
    }

    #[test]
    fn help_pages_have_a_chinese_frame() {
        use clap::CommandFactory;
        let mut command = localized(super::super::Cli::command());
        let top = command.render_long_help().to_string();
        for said in ["用法：yusuan", "命令", "显示版本", "显示帮助"] {
            assert!(top.contains(said), "{said}: {top}");
        }
        let build = command
            .find_subcommand_mut("build")
            .unwrap()
            .render_long_help()
            .to_string();
        for said in [
            "参数",
            "选项",
            "显示帮助",
            "默认：output",
            "可选：",
            "all    PDF、DOCX 和附表 XLSX",
        ] {
            assert!(build.contains(said), "{said}: {build}");
        }
        assert!(!build.contains("可选：true"), "{build}");
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Print help",
            "Possible values",
            "[default",
        ] {
            assert!(
                !build.contains(english) && !top.contains(english),
                "{english}: {top}{build}"
            );
        }
    }
}
