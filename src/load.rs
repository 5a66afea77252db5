//! Reading a data file: its text, the typed budget, and the positions of its values. Problems
//! with the content (encoding, YAML syntax, types, unknown or missing fields) become diagnostics;
//! only I/O problems are operational errors.

use crate::diag::Diagnostic;
use crate::model::Budget;
use crate::source_map::{Position, SourceMap};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// A data file as read from disk.
pub struct SourceFile {
    /// The path as given.
    pub path: PathBuf,
    /// Its text (empty when it could not be decoded).
    pub text: String,
    /// Positions of its values.
    pub map: SourceMap,
    /// Why the bytes are not usable text, if they are not.
    decode_error: Option<Diagnostic>,
}

impl SourceFile {
    /// Reads `path`. Only I/O problems are errors here; content problems become diagnostics.
    pub fn read(path: &Path) -> Result<SourceFile> {
        let bytes =
            std::fs::read(path).with_context(|| format!("无法读取数据文件 {}", path.display()))?;
        Ok(SourceFile::from_bytes(path, bytes))
    }

    /// A source file from bytes already read.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> SourceFile {
        let (text, decode_error) = decode(bytes);
        let map = SourceMap::parse(&text);
        SourceFile {
            path: path.to_path_buf(),
            text,
            map,
            decode_error,
        }
    }

    /// The file name as shown in messages.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// Parses the text into a budget, or returns the one diagnostic that stops parsing.
    pub fn parse(&self) -> Result<Budget, Box<Diagnostic>> {
        if let Some(error) = &self.decode_error {
            return Err(Box::new(error.clone()));
        }
        if self
            .text
            .lines()
            .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
        {
            return Err(Box::new(
                Diagnostic::error("Y01", "", "数据文件是空的（没有任何数据）")
                    .with_hint("从 data/ 中复制一个单位的数据文件，再改成本单位的数据"),
            ));
        }
        serde_yaml::from_str::<Budget>(&self.text).map_err(|error| {
            let (message, hint) = explain_yaml_error(&error.to_string());
            let mut diagnostic =
                Diagnostic::error("Y02", yaml_error_path(&error.to_string()), message);
            diagnostic.hint = hint;
            diagnostic.position = error.location().map(|at| Position {
                line: at.line(),
                column: at.column(),
            });
            Box::new(diagnostic)
        })
    }

    /// Fills in the positions of a diagnostic and its related places from their paths.
    pub fn locate(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.position.is_none() {
            diagnostic.position = self.map.locate(&diagnostic.path);
        }
        for related in &mut diagnostic.related {
            related.position = self.map.locate(&related.path);
        }
        diagnostic
    }
}

/// UTF-8 text, without a BOM; anything else is a diagnostic that says what the file is.
fn decode(bytes: Vec<u8>) -> (String, Option<Diagnostic>) {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if utf16 {
        let error = Diagnostic::error("Y03", "", "文件是 UTF-16 编码（带 BOM），yusuan 只读 UTF-8")
            .with_hint("在编辑器中“另存为”UTF-8 编码后重试（记事本：编码选 UTF-8）");
        return (String::new(), Some(error));
    }
    match String::from_utf8(bytes) {
        Ok(text) => (
            text.strip_prefix('\u{feff}')
                .map(str::to_string)
                .unwrap_or(text),
            None,
        ),
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let mut diagnostic = Diagnostic::error(
                "Y03",
                "",
                format!("文件不是 UTF-8 编码（第 {line} 行起有无法识别的字节，可能是 GBK/GB2312）"),
            )
            .with_hint("在编辑器中“另存为”UTF-8 编码后重试");
            diagnostic.position = Some(Position { line, column: 1 });
            (
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
                Some(diagnostic),
            )
        }
    }
}

/// The YAML path serde_yaml puts before its message (`functions[3].wages: invalid type…`).
fn yaml_error_path(message: &str) -> String {
    match message.split_once(": ") {
        Some((path, _)) if !path.contains(' ') => path.to_string(),
        _ => String::new(),
    }
}

/// serde_yaml's message in Chinese, with its English original, and a hint where one helps:
/// for an unknown field, the known field it most resembles.
fn explain_yaml_error(raw: &str) -> (String, Option<String>) {
    let raw = raw.split(" at line ").next().unwrap_or(raw);
    let body = match raw.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => rest,
        _ => raw,
    };
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
    } else if body.starts_with("invalid type") {
        format!(
            "类型不对：{}",
            body.replace("invalid type: ", "")
                .replace("expected", "应为")
        )
    } else if body.starts_with("unknown variant") {
        format!(
            "取值不对：{}",
            body.replace("unknown variant", "")
                .replace("expected one of", "应为以下之一")
        )
    } else if body.starts_with("duplicate entry") || body.starts_with("duplicate field") {
        format!("字段重复：{body}")
    } else {
        hint = Some("检查这一行及上一行：引号、括号是否成对，缩进是否对齐（用空格，不用 Tab），冒号后是否有空格".to_string());
        format!("YAML 格式错误：{body}")
    };
    (format!("{message}（{body}）"), hint)
}

/// The candidate nearest to `word` by edit distance, if near enough to be a typo.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(
            closest("expendture", &["economic", "expenditure", "income"]),
            Some("expenditure")
        );
        assert_eq!(closest("zzz", &["economic", "income"]), None);
        let (message, hint) = explain_yaml_error("unknown field `fuctions`, expected one of `sample`, `unit`, `functions` at line 3 column 1");
        assert!(message.starts_with("未知字段 `fuctions`"), "{message}");
        assert_eq!(hint.as_deref(), Some("是不是要写 `functions`？"));
    }

    #[test]
    fn encodings() {
        assert!(decode(vec![0xFF, 0xFE, b'a', 0])
            .1
            .unwrap()
            .message
            .contains("UTF-16"));
        let gbk = decode(b"a: 1\nb: \xd6\xd0\n".to_vec()).1.unwrap();
        assert!(gbk.message.contains("第 2 行"), "{}", gbk.message);
        assert!(decode("\u{feff}a: 1".as_bytes().to_vec()).1.is_none());
    }
}
