//! The characters of the data's texts: whether each can be stored, printed and used where it
//! goes. A unit name must be a file name (U03); XML forbids control characters, which would make
//! a DOCX that Word cannot open (T02); names may not be blank (T03); every character must be in
//! a font that will set it, or the PDF cannot be made (G01).

use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::Budget;
use std::collections::BTreeSet;

/// A text of the data with its YAML path.
pub type Text = (String, String);

/// Every string of a serialized budget with its YAML path (serialization keeps the field names,
/// so the paths are the data file's). The YAML value tree holds whatever the data held,
/// `extra:` maps with keys that are not texts (`~: x`) included; were serialization still to
/// fail, the texts could not be checked, which is an error, never a skip.
pub fn strings(budget: &Budget) -> Result<Vec<Text>, Box<Diagnostic>> {
    let value = serde_yaml::to_value(budget).map_err(|error| {
        Box::new(
            Diagnostic::error(
                Rule::Y02,
                "",
                format!("数据中的文字无法逐一检查（{error}）：不能生成预算书"),
            )
            .with_hint("检查 extra: 中是否有写法特殊的项（如以 ~ 为名的项）"),
        )
    })?;
    let mut out = Vec::new();
    collect(&value, String::new(), &mut out);
    Ok(out)
}

fn collect(value: &serde_yaml::Value, path: String, out: &mut Vec<(String, String)>) {
    match value {
        serde_yaml::Value::String(text) => out.push((path, text.clone())),
        serde_yaml::Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{path}[{i}]"), out);
            }
        }
        serde_yaml::Value::Mapping(map) => {
            for (key, item) in map {
                let key = match key {
                    serde_yaml::Value::String(key) => key.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                let child = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                collect(item, child, out);
            }
        }
        serde_yaml::Value::Tagged(tagged) => collect(&tagged.value, path, out),
        _ => {}
    }
}

/// U03: the unit name can name its output folder and files.
pub fn unit_name_is_a_file_name(budget: &Budget) -> Vec<Diagnostic> {
    let unit = &budget.unit;
    crate::base::file_name::problem(&unit.name, unit.year)
        .map(|problem| {
            Diagnostic::error(Rule::U03, "unit.name", problem).with_hint(
                "单位名称也是输出文件夹和文件的名字：写单位的正式全称，不含路径符号和控制字符",
            )
        })
        .into_iter()
        .collect()
}

/// True for characters that XML 1.0 forbids (so a DOCX holding them cannot be opened) and for
/// the other invisible control characters, which no booklet means to print. Tab, line feed and
/// carriage return are ordinary white space in prose.
fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// T02: no control characters in any text.
pub fn control_characters(texts: &[Text]) -> Vec<Diagnostic> {
    texts
        .iter()
        .filter_map(|(path, text)| {
            let c = text.chars().find(|&c| is_forbidden_control(c))?;
            Some(
                Diagnostic::error(
                    Rule::T02,
                    path.as_str(),
                    format!(
                        "文字中有控制字符 U+{:04X}（看不见，Word 也无法打开含有它的文档）",
                        c as u32
                    ),
                )
                .with_hint("多半是从别的系统复制时带进来的：删掉这段文字重新输入"),
            )
        })
        .collect()
}

/// Texts that may be blank: a blank reason is no reason (rule N01 asks for one).
fn may_be_blank(path: &str) -> bool {
    path == "previous_year.change_reason"
        || path.starts_with("three_public.reasons.")
        // A line explained by its use alone (as a 部门预算 may): its reason left blank.
        || (path.starts_with("functions[") && path.ends_with(".explanation.reason"))
}

/// T03: names and other printed texts are not blank (a blank project name prints a blank row).
pub fn blank_texts(texts: &[Text]) -> Vec<Diagnostic> {
    texts
        .iter()
        .filter(|(path, text)| text.trim().is_empty() && !may_be_blank(path))
        .map(|(path, _)| {
            Diagnostic::error(Rule::T03, path.as_str(), "这里的文字是空的")
                .with_hint("填写实际内容")
        })
        .collect()
}

/// Characters no font is needed for: white space, controls (rule T02) and the invisible
/// formatting characters Typst sets without a glyph.
fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}' | '\u{E0100}'..='\u{E01EF}')
}

/// G01: every character of every text is in one of the fonts (`has_glyph`), so the PDF can set
/// it; one diagnostic per text, naming each missing character once.
pub fn glyphs(texts: &[Text], has_glyph: &dyn Fn(char) -> bool) -> Vec<Diagnostic> {
    texts
        .iter()
        .filter_map(|(path, text)| {
            let missing: BTreeSet<char> = text
                .chars()
                .filter(|&c| !needs_no_glyph(c) && !has_glyph(c))
                .collect();
            if missing.is_empty() {
                return None;
            }
            let named: Vec<String> = missing
                .iter()
                .map(|&c| format!("“{c}”（U+{:04X}）", c as u32))
                .collect();
            Some(
                Diagnostic::error(
                    Rule::G01,
                    path.as_str(),
                    format!("字体中没有字符 {}，无法排印", named.join("、")),
                )
                .with_hint(
                    "用 --font-path 指向含有这些字符的字体所在目录（例如含扩展 B 区汉字的宋体），或换用常用字；表情符号等非文字符号请删去",
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_forbidden_characters_are_controls_but_tab_and_newline_are_not() {
        for c in [
            '\u{0}', '\u{1}', '\u{7}', '\u{b}', '\u{1f}', '\u{7f}', '\u{85}', '\u{fffe}',
        ] {
            assert!(is_forbidden_control(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', ' ', '中', '\u{3000}'] {
            assert!(!is_forbidden_control(c), "{c:?}");
        }
    }

    #[test]
    fn invisible_characters_need_no_glyph() {
        for c in [' ', '\u{3000}', '\u{200B}', '\u{FE0F}', '\n'] {
            assert!(needs_no_glyph(c), "{c:?}");
        }
        for c in ['中', 'A', '龘', '📈'] {
            assert!(!needs_no_glyph(c), "{c:?}");
        }
    }
}
