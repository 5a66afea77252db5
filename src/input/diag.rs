//! Diagnostics about a data file: what is wrong, where (file, line, column, YAML path), and how
//! it is printed, compiler style, with the source lines and carets (codespan-reporting, which
//! sizes carets for wide CJK characters).

use crate::input::rule::Rule;
use crate::input::source_map::Position;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The booklet must not be produced.
    Error,
    /// Worth a look; the booklet can still be produced (unless `--strict`).
    Warning,
}

/// Another place a diagnostic points at, such as each line that went into a sum.
#[derive(Debug, Clone)]
pub struct Related {
    /// The YAML path of that place.
    pub path: String,
    /// What it contributes.
    pub message: String,
    /// Its position, filled in from the path.
    pub position: Option<Position>,
    /// Its cell, when the data is a workbook (`支出功能分类!D2`).
    pub cell: Option<String>,
}

/// One problem in one data file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short rule id, such as `C03`.
    pub rule: Rule,
    /// What is wrong, for a finance officer (Chinese).
    pub message: String,
    /// The YAML path of the offending value, e.g. `control_totals.basic`.
    pub path: String,
    /// Where the value is, when known.
    pub position: Option<Position>,
    /// The value's cell, when the data is a workbook (`支出经济分类!G5`).
    pub cell: Option<String>,
    /// An optional hint on how to fix it.
    pub hint: Option<String>,
    /// Other places involved.
    pub related: Vec<Related>,
}

impl Diagnostic {
    fn new(
        severity: Severity,
        rule: Rule,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            rule,
            message: message.into(),
            path: path.into(),
            position: None,
            cell: None,
            hint: None,
            related: Vec::new(),
        }
    }

    /// An error at `path`.
    pub fn error(rule: Rule, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, rule, path, message)
    }

    /// A warning at `path`.
    pub fn warning(rule: Rule, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, rule, path, message)
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a related place.
    pub fn with_related(mut self, path: impl Into<String>, message: impl Into<String>) -> Self {
        self.related.push(Related {
            path: path.into(),
            message: message.into(),
            position: None,
            cell: None,
        });
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Prints `diagnostics` of the workbook `name`, each with its cell, compiler style:
///
/// ```text
/// error[C03]: 基本支出控制数为 4,676.21 万元，但明细合计为 4,675.21 万元（相差 1.00 万元）
///   ┌─ data/unit.xlsx  控制数!B4  (control_totals.basic)
///   ├─ 支出功能分类!D2  (functions[0].wages)：社会保险经办机构 3,360.15
///   = 提示 hint: …
/// ```
pub fn render_workbook(name: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "{severity}[{}]: {}\n",
            diagnostic.rule, diagnostic.message
        ));
        let path = if diagnostic.path.is_empty() {
            String::new()
        } else {
            format!("  ({})", diagnostic.path)
        };
        match &diagnostic.cell {
            Some(cell) => out.push_str(&format!("  ┌─ {name}  {cell}{path}\n")),
            None => out.push_str(&format!("  ┌─ {name}{path}\n")),
        }
        for related in &diagnostic.related {
            let cell = related.cell.as_deref().unwrap_or("");
            out.push_str(&format!(
                "  ├─ {cell}  ({})：{}\n",
                related.path, related.message
            ));
        }
        if let Some(hint) = &diagnostic.hint {
            out.push_str(&format!("  = 提示 hint: {hint}\n"));
        }
        out.push('\n');
    }
    out
}

/// Prints `diagnostics` of the file `name` whose text is `text`, one after the other.
pub fn render(name: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let file = SimpleFile::new(name, text);
    let config = Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let mut labels = Vec::new();
        if let Some(position) = diagnostic.position {
            labels.push(
                Label::primary((), value_range(text, position))
                    .with_message(diagnostic.path.clone()),
            );
        }
        for related in &diagnostic.related {
            if let Some(position) = related.position {
                labels.push(
                    Label::secondary((), value_range(text, position))
                        .with_message(format!("{}：{}", related.path, related.message)),
                );
            }
        }
        let mut notes = Vec::new();
        if diagnostic.position.is_none() && !diagnostic.path.is_empty() {
            notes.push(format!("位置 at: {name} ({})", diagnostic.path));
        } else if diagnostic.position.is_none() {
            notes.push(format!("位置 at: {name}"));
        }
        if let Some(hint) = &diagnostic.hint {
            notes.push(format!("提示 hint: {hint}"));
        }
        let report = report
            .with_code(diagnostic.rule.code())
            .with_message(&diagnostic.message)
            .with_labels(labels)
            .with_notes(notes);
        match term::emit_into_string(&config, &file, &report) {
            Ok(text) => out.push_str(&text),
            Err(_) => out.push_str(&format!(
                "error[{}]: {} ({name})\n",
                diagnostic.rule, diagnostic.message
            )),
        }
        out.push('\n');
    }
    out
}

/// The byte range of the value that starts at `position`: up to the end of its token on the
/// line (a comma, closing bracket or comment ends a flow value).
pub fn value_range(text: &str, position: Position) -> Range<usize> {
    let mut line_start = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if index + 1 == position.line {
            let content = line.trim_end_matches(['\n', '\r']);
            let offset = content
                .char_indices()
                .nth(position.column.saturating_sub(1))
                .map_or(content.len(), |(byte, _)| byte);
            let rest = &content[offset..];
            let token = quoted(rest).unwrap_or_else(|| {
                rest.split([',', '}', ']', '#'])
                    .next()
                    .unwrap_or_default()
                    .trim_end()
            });
            let width = if token.is_empty() {
                rest.chars().next().map_or(0, char::len_utf8)
            } else {
                token.len()
            };
            let start = line_start + offset;
            return start..start + width;
        }
        line_start += line.len();
    }
    text.len()..text.len()
}

/// A quoted YAML scalar at the start of `rest`, quotes included (a comma inside the quotes
/// belongs to the value).
fn quoted(rest: &str) -> Option<&str> {
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let mut escaped = false;
    for (index, c) in rest.char_indices().skip(1) {
        if c == quote && !escaped {
            return Some(&rest[..index + c.len_utf8()]);
        }
        escaped = quote == '"' && c == '\\' && !escaped;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn value_ranges_cover_the_token() {
        let text = "a:\n  basic: 4675.21   # 注释\n  - { 名称: 甲, amount: 1.00 }\n";
        assert_eq!(&text[value_range(text, at(2, 10))], "4675.21");
        assert_eq!(&text[value_range(text, at(3, 11))], "甲");
        assert_eq!(&text[value_range(text, at(3, 22))], "1.00");
        let quoted = "a: \"4,675.21\"  # 注释\nb: 'x, y'\nc: \"a\\\"b, c\"\n";
        assert_eq!(&quoted[value_range(quoted, at(1, 4))], "\"4,675.21\"");
        assert_eq!(&quoted[value_range(quoted, at(2, 4))], "'x, y'");
        assert_eq!(&quoted[value_range(quoted, at(3, 4))], "\"a\\\"b, c\"");
    }

    #[test]
    fn printed_with_file_line_column_path_and_caret() {
        let text = "control_totals:\n  basic: 4676.21\n";
        let mut diagnostic =
            Diagnostic::error(Rule::C03, "control_totals.basic", "基本支出不符").with_hint("核对");
        diagnostic.position = Some(at(2, 10));
        let out = render("unit.yaml", text, &[diagnostic]);
        assert!(out.contains("error[C03]: 基本支出不符"), "{out}");
        assert!(out.contains("unit.yaml:2:10"), "{out}");
        assert!(out.contains("^^^^^^^ control_totals.basic"), "{out}");
        assert!(out.contains("提示 hint: 核对"), "{out}");
    }
}
