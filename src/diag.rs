//! Diagnostics about a data file: what is wrong, where (file, line, column, YAML path), and how
//! it is printed, compiler style, with the source line and a caret.

use crate::source_map::Position;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The booklet must not be produced.
    Error,
    /// Worth a look; the booklet can still be produced.
    Warning,
}

/// One problem in one data file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short rule id, such as `C01`.
    pub rule: &'static str,
    /// What is wrong, for a finance officer (Chinese).
    pub message: String,
    /// The YAML path of the offending value, e.g. `control_totals.basic`.
    pub path: String,
    /// Where the value is, when known.
    pub position: Option<Position>,
    /// An optional hint on how to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(rule: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            rule,
            message: message.into(),
            path: path.into(),
            position: None,
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Diagnostics of one file, printable with that file's text.
pub struct Report<'a> {
    /// The file's name as the user gave it.
    pub file: &'a str,
    /// The file's text.
    pub text: &'a str,
    /// The diagnostics, in the order found.
    pub diagnostics: &'a [Diagnostic],
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.diagnostics {
            let label = match diagnostic.severity {
                Severity::Error => "错误 error",
                Severity::Warning => "警告 warning",
            };
            writeln!(f, "{label}[{}]: {}", diagnostic.rule, diagnostic.message)?;
            match diagnostic.position {
                Some(position) => {
                    writeln!(
                        f,
                        "  --> {}:{}:{}  ({})",
                        self.file, position.line, position.column, diagnostic.path
                    )?;
                    if let Some(line) = self.text.lines().nth(position.line - 1) {
                        let number = position.line.to_string();
                        let pad = " ".repeat(number.len());
                        writeln!(f, "{pad} |")?;
                        writeln!(f, "{number} | {line}")?;
                        writeln!(f, "{pad} | {}", caret_line(line, position.column))?;
                    }
                }
                None => writeln!(f, "  --> {}  ({})", self.file, diagnostic.path)?,
            }
            if let Some(hint) = &diagnostic.hint {
                writeln!(f, "  = 提示 hint: {hint}")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Spaces up to `column`, then carets under the value that starts there. Wide (CJK) characters
/// take two cells on a terminal, so they get two spaces or two carets.
fn caret_line(line: &str, column: usize) -> String {
    let width = |c: char| if c.is_ascii() { 1 } else { 2 };
    let mut out = String::new();
    let mut chars = line.chars();
    for c in chars.by_ref().take(column.saturating_sub(1)) {
        out.push_str(&" ".repeat(width(c)));
    }
    let value: String = chars
        .take_while(|c| !matches!(c, ',' | '}' | ']' | '#'))
        .collect();
    let cells: usize = value.trim_end().chars().map(width).sum();
    out.push_str(&"^".repeat(cells.max(1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carets_cover_the_value_and_count_wide_characters_twice() {
        assert_eq!(caret_line("  basic: 4675.21", 10), "         ^^^^^^^");
        assert_eq!(caret_line("  名称: 甲", 7), "        ^^");
        assert_eq!(caret_line("  - { amount: 1.00 }", 15), "              ^^^^");
    }
}
