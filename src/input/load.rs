//! Reading a data file: its text, the typed budget, and the positions of its values. Problems
//! with the content (encoding, YAML syntax, types, unknown or missing fields) become diagnostics;
//! only I/O problems are operational errors.

use super::yaml_error::{explain_yaml_error, yaml_error_path};
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::input::source_map::{Position, SourceMap};
use crate::input::workbook::CellMap;
use crate::model::department::DepartmentFile;
use crate::model::money::DataUnit;
use crate::model::{Budget, Unit};
use anyhow::{Context, Result};
use serde::{de::DeserializeOwned, Serialize};
use std::path::{Path, PathBuf};

/// The largest data file read: 8 MiB (with comments and spacing; the text itself may expand
/// to at most [`crate::input::source_map::MAX_EXPANDED_BYTES`]).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A data file as read from disk.
pub struct SourceFile {
    /// The path as given.
    pub path: PathBuf,
    /// Its text (empty when it could not be decoded).
    pub text: String,
    /// Positions of its values.
    pub map: SourceMap,
    /// The cell of each value, when the data is a workbook (its text is then the YAML the
    /// workbook reads as).
    pub cells: Option<CellMap>,
    /// Why the bytes are not usable data, if they are not (one problem for a text file; a
    /// workbook names every cell it could not read).
    read_errors: Vec<Diagnostic>,
}

impl SourceFile {
    /// Reads `path`. Only I/O problems are errors here; content problems become diagnostics.
    pub fn read(path: &Path) -> Result<SourceFile> {
        Ok(SourceFile::from_bytes(path, SourceFile::read_bytes(path)?))
    }

    /// The bytes of `path`, refused past [`MAX_FILE_BYTES`].
    pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
        // Said plainly before the system's words, which differ (Windows refuses to open a
        // folder with “Access denied”).
        if path.is_dir() {
            anyhow::bail!(
                "{} 是文件夹，不是数据文件：写出其中的一个文件（如 {}），或用 batch 生成整个文件夹",
                path.display(),
                path.join("单位.yaml").display()
            );
        }
        if !path.exists() && path.symlink_metadata().is_err() {
            anyhow::bail!("找不到数据文件 {}（没有这个文件）", path.display());
        }
        let file = std::fs::File::open(path)
            .with_context(|| format!("无法读取数据文件 {}", path.display()))?;
        // Read a little past the limit only: a huge file is refused without loading it whole.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, MAX_FILE_BYTES as u64 + 1),
            &mut bytes,
        )
        .with_context(|| format!("无法读取数据文件 {}", path.display()))?;
        if bytes.len() > MAX_FILE_BYTES {
            anyhow::bail!(
                "数据文件 {} 超过 {} MB，不像是一个单位的数据",
                path.display(),
                MAX_FILE_BYTES / (1024 * 1024)
            );
        }
        Ok(bytes)
    }

    /// A source file from bytes already read: a data workbook when the name ends in `.xlsx`
    /// (or `.xlsm`, `.xls`) or the bytes are a workbook's, else YAML text. Files that are
    /// neither (a CSV export, Excel's owner file `~$…`) are named for what they are.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> SourceFile {
        if let Some(problem) = not_data(path) {
            return SourceFile {
                path: path.to_path_buf(),
                text: String::new(),
                map: SourceMap::parse(""),
                cells: None,
                read_errors: vec![problem],
            };
        }
        if is_workbook(path) || looks_like_a_workbook(&bytes) {
            let (text, cells, read_errors) = match crate::input::workbook::read(&bytes) {
                Ok(read) => (read.yaml, read.cells, Vec::new()),
                Err(problems) => (String::new(), CellMap::default(), problems),
            };
            return SourceFile {
                path: path.to_path_buf(),
                map: SourceMap::parse(&text),
                text,
                cells: Some(cells),
                read_errors,
            };
        }
        let (text, decode_error) = decode(bytes);
        let map = SourceMap::parse(&text);
        SourceFile {
            path: path.to_path_buf(),
            text,
            map,
            cells: None,
            read_errors: decode_error.into_iter().collect(),
        }
    }

    /// Whether the file is a department's (部门预算): YAML whose top level names the
    /// `department` and its `units`.
    pub fn is_department(&self) -> bool {
        if self.is_workbook() {
            return false;
        }
        // Told by its top-level keys as written, not by a parse: a department file with a
        // syntax error, with `units:` misspelt or saved in GBK by Notepad, is still a
        // department's, and its errors are told as a department file's (a unit's
        // `department` is under `unit:`, indented).
        if names_department(self.text.as_bytes()) {
            return true;
        }
        if !self.read_errors.is_empty() {
            return false;
        }
        match serde_yaml::from_str::<serde_yaml::Value>(&self.text) {
            Ok(serde_yaml::Value::Mapping(top)) => {
                top.contains_key("department") && top.contains_key("units")
            }
            _ => false,
        }
    }

    /// Refuses a department's file where a unit's data file is needed (`yusuan diff`,
    /// `next-year`, `convert`), saying which command does take it.
    pub fn unit_only(self, command: &str) -> Result<SourceFile> {
        if self.is_department() {
            anyhow::bail!(
                "{} 是部门文件（部门预算，含 department: 和 units:）：{command} 用于单位的数据文件；部门预算用 build、validate 或 batch",
                self.name()
            );
        }
        Ok(self)
    }

    /// Whether the data is a workbook.
    pub fn is_workbook(&self) -> bool {
        self.cells.is_some()
    }

    /// Prints `diagnostics` about this file: with source lines for YAML, with cells for a
    /// workbook.
    pub fn render(&self, diagnostics: &[Diagnostic]) -> String {
        if self.is_workbook() {
            crate::input::diag::render_workbook(&self.name(), diagnostics)
        } else {
            crate::input::diag::render(&self.name(), &self.text, diagnostics)
        }
    }

    /// The file name as shown in messages.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// Parses the data into a budget, or returns what stops parsing (located).
    pub fn parse(&self) -> Result<Budget, Vec<Diagnostic>> {
        self.parse_as(|budget: &Budget| budget.amount_unit, Unit::PUBLISHED_PATH)
    }

    /// Parses a department's file (部门预算), or returns what stops parsing (located).
    pub fn parse_department(&self) -> Result<DepartmentFile, Vec<Diagnostic>> {
        self.parse_as(
            |file: &DepartmentFile| file.amount_unit,
            DepartmentFile::PUBLISHED_PATH,
        )
    }

    /// Parses the data as `T`, whose amounts are in the unit `amount_unit` reads, and whose
    /// one date is at `date_path`.
    fn parse_as<T: DeserializeOwned + Serialize>(
        &self,
        amount_unit: fn(&T) -> DataUnit,
        date_path: &str,
    ) -> Result<T, Vec<Diagnostic>> {
        if !self.read_errors.is_empty() {
            return Err(self.read_errors.clone());
        }
        // Every value still to fill, each at its line, before serde stops at the first.
        let unfilled = crate::input::unfilled::find(&self.text);
        if !unfilled.is_empty() {
            return Err(unfilled.into_iter().map(|d| self.locate(d)).collect());
        }
        let typed = self
            .parse_text::<T>(date_path)
            .map_err(|diagnostic| vec![self.locate(*diagnostic)])?;
        // Amounts were read as typed; the file's unit now gives their limits and their value.
        let unit = amount_unit(&typed);
        crate::model::money::tree::from_unit(typed, unit).map_err(|problems| {
            problems
                .into_iter()
                .map(|(path, message)| self.locate(Diagnostic::error(Rule::Y02, path, message)))
                .collect()
        })
    }

    /// Parses the text, amounts as typed, or returns the one diagnostic that stops parsing.
    fn parse_text<T: DeserializeOwned>(&self, date_path: &str) -> Result<T, Box<Diagnostic>> {
        if self
            .text
            .lines()
            .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
        {
            return Err(Box::new(
                Diagnostic::error(Rule::Y01, "", "数据文件是空的（没有任何数据）")
                    .with_hint("从 data/ 中复制一个单位的数据文件，再改成本单位的数据"),
            ));
        }
        if let Some(at) = self.map.oversized_at() {
            let mut diagnostic = Diagnostic::error(
                Rule::Y04,
                "",
                format!(
                    "数据过大：展开别名（*名称）后超过 {} MB",
                    crate::input::source_map::MAX_EXPANDED_BYTES / (1024 * 1024)
                ),
            )
            .with_hint(
                "一个单位的数据通常不到 100 KB；检查是否有别名被重复引用，或把过长的文字拆开、删减",
            );
            diagnostic.position = Some(at);
            return Err(Box::new(diagnostic));
        }
        serde_yaml::from_str::<T>(&self.text).map_err(|error| {
            let raw = error.to_string();
            let path = yaml_error_path(&raw);
            let (message, hint) = explain_yaml_error(&raw);
            // The publication date is checked as it is read: a date that is none is rule U01's.
            let (rule, hint) = match path == date_path {
                true => (
                    Rule::U01,
                    Some("写成 YYYY-MM-DD，例如 2023-02-01".to_string()),
                ),
                false => (Rule::Y02, hint),
            };
            let mut diagnostic = Diagnostic::error(rule, path, message);
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
        if let Some(cells) = &self.cells {
            if diagnostic.cell.is_none() {
                diagnostic.cell = cells.locate(&diagnostic.path).map(str::to_string);
            }
            for related in &mut diagnostic.related {
                related.cell = cells.locate(&related.path).map(str::to_string);
            }
            return diagnostic;
        }
        if diagnostic.position.is_none() {
            diagnostic.position = self.map.locate(&diagnostic.path);
        }
        for related in &mut diagnostic.related {
            related.position = self.map.locate(&related.path);
        }
        diagnostic
    }
}

/// Whether the file at `path` is a department's (部门预算) rather than a unit's: a YAML file
/// whose top level names the `department` and its `units`. Unreadable files are not.
pub fn is_department_file(path: &Path) -> bool {
    // The workspace asks this of every data file on every listing: a unit's file, which has no
    // top-level `department:` or `units:`, is told apart without parsing it.
    is_yaml(path)
        && SourceFile::read_bytes(path).is_ok_and(|bytes| {
            let candidate = bytes.windows(6).any(|w| w == b"units:")
                || bytes.windows(11).any(|w| w == b"department:");
            candidate && SourceFile::from_bytes(path, bytes).is_department()
        })
}

/// Whether a line of `text` starts, at its first column, with the key `department:` or
/// `units:`: the top level of a department's file (a unit's file has `department:` only under
/// `unit:`, indented).
fn names_department(text: &[u8]) -> bool {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    text.split(|&b| b == b'\n').any(|line| {
        line.starts_with(b"department:")
            || line.starts_with(b"units:")
            || line.starts_with(b"department :")
            || line.starts_with(b"units :")
    })
}

/// The extensions of the workbooks read as data: Excel's `.xlsx`, `.xlsm` (its macros are not
/// run or read) and the old `.xls`, which is recognised to say how to save it as `.xlsx`.
const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls"];

/// Whether `path` names a data workbook (`.xlsx`, `.xlsm` or `.xls`, in any case).
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        WORKBOOK_EXTENSIONS
            .iter()
            .any(|w| e.eq_ignore_ascii_case(w))
    })
}

/// Whether `path` names a YAML data file: `.yaml` or `.yml`, in any case (`单位.YAML` as some
/// Windows tools write it).
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Whether `path` is the owner file Excel and WPS keep beside a workbook while it is open
/// (`~$单位.xlsx`): a few bytes naming who has it open, not data.
pub fn is_owner_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"))
}

/// Whether the bytes are a zip package or an OLE compound file, whatever the file's name.
fn looks_like_a_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Why `path` is not data that yusuan reads, by its name: an owner file or a spreadsheet
/// format other than Excel's.
fn not_data(path: &Path) -> Option<Diagnostic> {
    if is_owner_file(path) {
        return Some(
            Diagnostic::error(
                Rule::Y02,
                "",
                "这是 Excel 或 WPS 打开工作簿时建立的临时文件（文件名以 ~$ 开头），不是数据",
            )
            .with_hint("读取同名但没有 ~$ 的工作簿；工作簿关闭后这个临时文件会自动消失"),
        );
    }
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let (what, how) = match extension.as_str() {
        "csv" => (
            "CSV 文本文件（只有一张表，没有工作表和格式）",
            "用 yusuan convert --blank 生成数据工作簿，把数据粘贴到对应的工作表，保存为 .xlsx",
        ),
        "et" | "ett" => (
            "WPS 表格文件（.et）",
            "在 WPS 中“另存为”，文件类型选“Excel 工作簿（*.xlsx）”",
        ),
        "xlsb" => (
            "Excel 二进制工作簿（.xlsb）",
            "用 Excel 打开后“另存为”，保存类型选“Excel 工作簿（*.xlsx）”",
        ),
        "numbers" => (
            "苹果 Numbers 表格",
            "在 Numbers 中“导出到 → Excel”，格式选 .xlsx",
        ),
        "ods" => (
            "OpenDocument 表格（.ods）",
            "“另存为”Excel 工作簿（*.xlsx）",
        ),
        _ => return None,
    };
    Some(
        Diagnostic::error(
            Rule::Y02,
            "",
            format!("这是{what}，yusuan 读取 .xlsx 数据工作簿或 .yaml 数据文件"),
        )
        .with_hint(how),
    )
}

/// UTF-8 text, without a BOM; anything else is a diagnostic that says what the file is.
fn decode(bytes: Vec<u8>) -> (String, Option<Diagnostic>) {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if utf16 {
        let error = Diagnostic::error(
            Rule::Y03,
            "",
            "文件是 UTF-16 编码（带 BOM），yusuan 只读 UTF-8",
        )
        .with_hint("在编辑器中“另存为”UTF-8 编码后重试（记事本：编码选 UTF-8）");
        // Its text is kept (not read as data) so that what the file is — a department's, a
        // unit's — can still be told.
        let little = bytes.starts_with(&[0xFF, 0xFE]);
        let units: Vec<u16> = (bytes[2..].chunks_exact(2))
            .map(|pair| match little {
                true => u16::from_le_bytes([pair[0], pair[1]]),
                false => u16::from_be_bytes([pair[0], pair[1]]),
            })
            .collect();
        return (String::from_utf16_lossy(&units), Some(error));
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
                Rule::Y03,
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // A UTF-16 file (Notepad's "Unicode") keeps its text, so that a department's is told.
        let department = "department:\n  name: 局\nunits: []\n";
        let le: Vec<u8> = department
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = department
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        for (bom, bytes) in [([0xFF, 0xFE], le), ([0xFE, 0xFF], be)] {
            let bytes: Vec<u8> = bom.into_iter().chain(bytes).collect();
            assert_eq!(decode(bytes.clone()).0, department);
            let source = SourceFile::from_bytes(Path::new("d.yaml"), bytes);
            assert!(source.is_department());
            assert!(source.parse_department().is_err(), "still not read as data");
        }
    }
}
