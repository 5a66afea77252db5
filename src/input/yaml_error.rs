//! serde_yaml's messages in the user's terms: the field path it puts in front, and the English
//! it wraps (serde's own wording) said in Chinese, with a hint where one helps.

use crate::base::text::closest;

/// The YAML path serde_yaml puts before its message (`functions[3].wages: invalid type…`).
pub fn yaml_error_path(message: &str) -> String {
    match message.split_once(": ") {
        Some((path, _)) if !path.contains(' ') => path.to_string(),
        _ => String::new(),
    }
}

/// serde_yaml's message in the user's terms, and a hint where one helps: for an unknown field,
/// the known field it most resembles; for a syntax error, what to look at. yusuan's own
/// messages (amounts) are already in those terms and pass through as they are.
///
/// Why text: serde_yaml's error has no kind to match on, only its message and location. The
/// messages it wraps are serde's own (`de::Error`'s provided methods, one fixed wording each),
/// and the test `real_errors_of_every_kind_are_recognised` makes serde_yaml produce each kind, so
/// a dependency that words one differently fails a test instead of reaching users in English.
pub fn explain_yaml_error(raw: &str) -> (String, Option<String>) {
    let raw = raw.split(" at line ").next().unwrap_or(raw);
    let body = match raw.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => rest,
        _ => raw,
    };
    // serde's and libyaml's messages are English; yusuan's own start in Chinese.
    if body.chars().next().is_some_and(|c| !c.is_ascii()) {
        return (body.to_string(), None);
    }
    let mut hint = None;
    let message = if let Some(rest) = body.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        if let Some(best) = closest(field, &known) {
            hint = Some(format!("是不是要写 `{best}`？"));
        } else if !known.is_empty() {
            hint = Some(format!("这里可以写的字段：{}", known.join("、")));
        }
        format!("未知字段 `{field}`")
    } else if let Some(rest) = body.strip_prefix("missing field `") {
        format!("缺少字段 `{}`", rest.trim_end_matches('`'))
    } else if let Some(rest) = body.strip_prefix("invalid type: ") {
        mismatch("类型不对", rest)
    } else if let Some(rest) = body.strip_prefix("invalid value: ") {
        mismatch("取值不对", rest)
    } else if let Some(rest) = body.strip_prefix("unknown variant ") {
        // serde says “expected one of `a`, `b`, `c`”, or “expected `a` or `b`” for two.
        let (found, expected) = rest
            .split_once(", expected one of ")
            .or_else(|| rest.split_once(", expected "))
            .unwrap_or((rest, ""));
        let choices: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        format!(
            "取值不对：这里是 {found}，应为以下之一：{}",
            choices.join("、")
        )
    } else if body.starts_with("duplicate entry") || body.starts_with("duplicate field") {
        let key = body.split('`').nth(1).unwrap_or(body);
        format!("字段 `{key}` 写了两次")
    } else {
        hint = Some("检查这一行及上一行：引号、括号是否成对，缩进是否对齐（用空格，不用 Tab），冒号后是否有空格".to_string());
        format!("YAML 格式错误：{}", syntax_in_words(body))
    };
    (message, hint)
}

/// The YAML scanner's and parser's words for a syntax error, in the user's terms; an error
/// not listed keeps its own words.
fn syntax_in_words(body: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        (
            "mapping values are not allowed",
            "这里不能再写“字段: 值”：多半是缩进不对，或文字中有“: ”（这样的文字请加引号）",
        ),
        (
            "found character that cannot start any token",
            "这里有一个不能用来开头的字符（如 Tab、@、`）：缩进请用空格，这样开头的文字请加引号",
        ),
        ("found a tab character", "缩进里用了 Tab：请改用空格"),
        (
            "did not find expected key",
            "这里应当是“字段: 值”：缩进不对，或上一行没有写完",
        ),
        (
            "did not find expected '-' indicator",
            "列表的各项应以“- ”开头、缩进对齐",
        ),
        ("did not find expected node content", "这里缺少值"),
        (
            "found unexpected end of stream",
            "文件在引号或括号闭合之前就结束了",
        ),
        (
            "did not find expected ',' or ']'",
            "方括号 [ ] 没有闭合，或其中的各项没有用逗号隔开",
        ),
        (
            "did not find expected ',' or '}'",
            "花括号 { } 没有闭合，或其中的各项没有用逗号隔开",
        ),
        (
            "found unknown anchor",
            "别名（*名称）引用了没有定义的锚点（&名称）",
        ),
    ];
    WORDS
        .iter()
        .find(|(english, _)| body.contains(english))
        .map_or_else(|| body.to_string(), |(_, chinese)| (*chinese).to_string())
}

/// "类型不对：应为…，这里是…" from serde's "{found}, expected {expected}", both in the user's
/// terms rather than Rust's.
fn mismatch(what: &str, rest: &str) -> String {
    let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    // An integer of the right kind but out of range: say the range, not the kind.
    let range = match expected {
        "u8" => Some(u64::from(u8::MAX)),
        "u16" => Some(u64::from(u16::MAX)),
        "u32" => Some(u64::from(u32::MAX)),
        _ => None,
    };
    let expected = match range {
        Some(max) if found.starts_with("integer") => format!("不大于 {max} 的非负整数"),
        // A free value (`extra`) holds any number up to 64 bits: a longer integer is out of
        // range, whatever its kind.
        _ if expected == "any YAML value" && found.starts_with("integer") => {
            "不超过 19 位的整数（更大的金额写成带引号的文字，如 \"12345.67\"）".to_string()
        }
        _ => expected_in_words(expected),
    };
    format!("{what}：应为{expected}，这里是{}", found_in_words(found))
}

fn expected_in_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "不小于 0 的整数".to_string(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "整数".to_string(),
        "a string" => "文字".to_string(),
        "a sequence" => "列表（每项一行，以“- ”开头）".to_string(),
        "a boolean" => "true 或 false".to_string(),
        "a map" => "一组字段（每行“字段: 值”）".to_string(),
        other if other.starts_with("struct ") => "一组字段（每行“字段: 值”）".to_string(),
        other if other.starts_with("tuple struct ") || other.starts_with("a tuple") => {
            "两项的列表，如 [指标名称, 指标值]".to_string()
        }
        other => other.to_string(),
    }
}

fn found_in_words(found: &str) -> String {
    let quoted = found.split(['`', '"']).nth(1);
    if found.starts_with("string") {
        format!("文字“{}”", quoted.unwrap_or_default())
    } else if found.starts_with("integer") {
        format!("整数 {}", quoted.unwrap_or_default())
    } else if found.starts_with("floating point") {
        format!("小数 {}", quoted.unwrap_or_default())
    } else if found.starts_with("boolean") {
        quoted.unwrap_or("true/false").to_string()
    } else {
        match found {
            "sequence" => "列表".to_string(),
            "map" => "一组字段".to_string(),
            "unit value" => "空值".to_string(),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_choices_are_listed_like_many() {
        let (message, _) = explain_yaml_error(
            "amount_unit: unknown variant `美元`, expected `万元` or `元` at line 10 column 14",
        );
        assert_eq!(message, "取值不对：这里是 `美元`，应为以下之一：万元、元");
    }

    #[test]
    fn typos_get_a_suggestion() {
        let (message, hint) = explain_yaml_error("unknown field `fuctions`, expected one of `sample`, `unit`, `functions` at line 3 column 1");
        assert_eq!(message, "未知字段 `fuctions`");
        assert_eq!(hint.as_deref(), Some("是不是要写 `functions`？"));
    }

    #[test]
    fn messages_speak_the_users_terms_once() {
        let amount =
            "functions[0].wages: 金额应为数字（如 1234.56），这里是“abc” at line 99 column 12";
        let (message, hint) = explain_yaml_error(amount);
        assert_eq!(message, "金额应为数字（如 1234.56），这里是“abc”");
        assert_eq!(hint, None, "no hint about quotes and tabs for an amount");
        for (raw, expected) in [
            (
                "unit.year: invalid type: string \"abc\", expected u16 at line 19 column 9",
                "类型不对：应为不小于 0 的整数，这里是文字“abc”",
            ),
            (
                "unit.year: invalid value: integer `99999`, expected u16",
                "取值不对：应为不大于 65535 的非负整数，这里是整数 99999",
            ),
            (
                "extra.performance_projects: invalid type: integer `99999999999999999999`, expected any YAML value",
                "类型不对：应为不超过 19 位的整数（更大的金额写成带引号的文字，如 \"12345.67\"），这里是整数 99999999999999999999",
            ),
            (
                "assets.vehicles.general: invalid type: floating point `1.5`, expected u32",
                "类型不对：应为不小于 0 的整数，这里是小数 1.5",
            ),
            (
                "unit: invalid type: integer `5`, expected struct Unit",
                "类型不对：应为一组字段（每行“字段: 值”），这里是整数 5",
            ),
        ] {
            let (message, _) = explain_yaml_error(raw);
            assert_eq!(message, expected);
            for rust in ["u16", "u32", "struct", "invalid"] {
                assert!(!message.contains(rust), "{message}");
            }
        }
    }

    /// Every kind of message serde_yaml gives, made by serde_yaml itself, comes out in Chinese:
    /// none falls through to the syntax-error wording.
    #[test]
    fn real_errors_of_every_kind_are_recognised() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Sample {
            year: u16,
            unit: crate::model::money::DataUnit,
            names: Vec<String>,
        }
        let explain = |yaml: &str| {
            let error = serde_yaml::from_str::<Sample>(yaml).unwrap_err();
            explain_yaml_error(&error.to_string())
        };
        let fine = "year: 2024\nunit: 万元\nnames: [a]\n";
        assert!(serde_yaml::from_str::<Sample>(fine).is_ok());
        for (yaml, expected) in [
            (
                "year: 2024\nunit: 万元\nnames: [a]\nnmes: [b]\n",
                "未知字段 `nmes`",
            ),
            ("year: 2024\nunit: 万元\n", "缺少字段 `names`"),
            (
                "year: abc\nunit: 万元\nnames: [a]\n",
                "类型不对：应为不小于 0 的整数，这里是文字“abc”",
            ),
            (
                "year: 99999\nunit: 万元\nnames: [a]\n",
                "取值不对：应为不大于 65535 的非负整数，这里是整数 99999",
            ),
            (
                "year: 2024\nunit: 美元\nnames: [a]\n",
                "取值不对：这里是 `美元`，应为以下之一：万元、元",
            ),
            (
                "year: 2024\nunit: 万元\nnames: a\n",
                "类型不对：应为列表（每项一行，以“- ”开头），这里是文字“a”",
            ),
            (
                "year: 2024\nyear: 2025\nunit: 万元\nnames: [a]\n",
                "字段 `year` 写了两次",
            ),
        ] {
            let (message, _) = explain(yaml);
            assert_eq!(message, expected, "{yaml}");
        }
        let (_, hint) = explain("year: 2024\nunit: 万元\nnames: [a]\nnmes: [b]\n");
        assert_eq!(hint.as_deref(), Some("是不是要写 `names`？"));
        let (message, hint) = explain("year: 2024\nunit: \"万元\n");
        assert!(message.starts_with("YAML 格式错误"), "{message}");
        assert!(hint.is_some_and(|h| h.contains("缩进")));
        // The scanner's own words never reach the user for the common slips.
        for (yaml, said) in [
            ("year: 2024\nunit: 万元: 元\n", "不能再写“字段: 值”"),
            ("year: 2024\nunit: @万元\n", "不能用来开头的字符"),
            ("year: 2024\nnames: [a, b\n", "方括号 [ ] 没有闭合"),
            (
                "year: 2024\nunit: \"万元\n",
                "文件在引号或括号闭合之前就结束了",
            ),
        ] {
            let (message, _) = explain(yaml);
            assert!(message.contains(said), "{yaml}: {message}");
            assert!(
                !message.contains("found") && !message.contains("allowed"),
                "{message}"
            );
        }
    }
}
