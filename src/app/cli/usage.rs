//! A mistyped command line, said in Chinese: clap words its errors in English (`error: the
//! following required arguments were not provided`), which an office's staff should not have to
//! read. The common mistakes are worded here from clap's context; anything else keeps clap's
//! own text.

use clap::error::{ContextKind, ContextValue, ErrorKind};

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
        ErrorKind::InvalidValue => {
            let mut said = format!(
                "{} 的值“{}”不对",
                text(ContextKind::InvalidArg)?,
                text(ContextKind::InvalidValue).unwrap_or_default()
            );
            if let Some(valid) = text(ContextKind::ValidValue) {
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
    use clap::Parser;

    fn said(args: &[&str]) -> String {
        let error = super::super::Cli::try_parse_from(args).unwrap_err();
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
}
