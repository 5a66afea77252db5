//! Reading a data file: its text, the typed budget, and the positions of its values.

use crate::diag::Diagnostic;
use crate::model::Budget;
use crate::source_map::{Position, SourceMap};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// A data file as read from disk.
pub struct SourceFile {
    /// The path as given.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Positions of its values.
    pub map: SourceMap,
}

impl SourceFile {
    /// Reads `path`. Only I/O problems are errors here; content problems become diagnostics.
    pub fn read(path: &Path) -> Result<SourceFile> {
        let bytes =
            std::fs::read(path).with_context(|| format!("无法读取数据文件 {}", path.display()))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "{}: 文件不是 UTF-8 编码。请在编辑器中另存为 UTF-8（不带 BOM）后重试",
                path.display()
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
        let map = SourceMap::parse(&text);
        Ok(SourceFile {
            path: path.to_path_buf(),
            text,
            map,
        })
    }

    /// The file name as shown in messages.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// Parses the text into a budget, or returns the one diagnostic serde_yaml gives.
    pub fn parse(&self) -> Result<Budget, Diagnostic> {
        if self.text.trim().is_empty() {
            return Err(Diagnostic::error("Y01", "", "数据文件是空的"));
        }
        serde_yaml::from_str::<Budget>(&self.text).map_err(|error| {
            let mut diagnostic = Diagnostic::error("Y02", "", translate_yaml_error(&error));
            diagnostic.position = error.location().map(|at| Position {
                line: at.line(),
                column: at.column(),
            });
            diagnostic
        })
    }

    /// Fills in the position of a diagnostic from its path.
    pub fn locate(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.position.is_none() {
            diagnostic.position = self.map.locate(&diagnostic.path);
        }
        diagnostic
    }
}

/// serde_yaml's message, with its common phrases put into Chinese for the user.
fn translate_yaml_error(error: &serde_yaml::Error) -> String {
    let raw = error.to_string();
    // The location is printed separately.
    let raw = raw.split(" at line ").next().unwrap_or(&raw).to_string();
    let mut message = raw.clone();
    for (english, chinese) in [
        ("unknown field", "未知字段"),
        ("missing field", "缺少字段"),
        ("invalid type", "类型不对"),
        ("expected one of", "应为以下之一"),
        ("expected", "应为"),
        ("unknown variant", "未知取值"),
    ] {
        message = message.replace(english, chinese);
    }
    format!("{message}（{raw}）")
}
