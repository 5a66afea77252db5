//! Reading the data workbook back: every sheet of [`SHEETS`] into the YAML value tree of the same
//! data, each value's cell recorded. What only a workbook can get wrong (an unknown, repeated or
//! missing sheet, column or label, a required cell left empty, a code Excel turned into a
//! number, an Excel error value, a formula without its value) is reported here with its cell;
//! everything else (types, amounts, the rules) is the loader's, exactly as for a YAML file.
//!
//! Columns are found by their headers and form rows by their labels, never by position; a merged
//! range means its value in every cell it covers; a sheet costs what its filled cells cost.

mod form;
mod headers;
mod lists;
mod special;
mod values;

use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::input::workbook::cell_value::Found;
use crate::input::workbook::cells::{address, column_name, CellMap};
use crate::input::workbook::grid::{is_blank, Cell, Grid, MAX_CELLS};
use crate::input::workbook::package;
use crate::input::workbook::schema::{
    sheet, Field, Kind, Shape, Sheet, GUIDE_SHEET, LISTS_SHEET, OFFICES, SHEETS, UNIT_PERFORMANCE,
};
use crate::input::workbook::value::set;
use crate::model::money::DataUnit;
use calamine::{Reader, Xlsx};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

/// A workbook read: the YAML text of its data and where each value came from.
pub struct Read {
    /// The data as YAML, for the loader.
    pub yaml: String,
    /// Each YAML path's cell.
    pub cells: CellMap,
}

/// The most data rows a sheet may have. A unit's longest list (its 经济分类 lines) has about a
/// hundred; more than this is a column filled down to the sheet's end.
pub const MAX_ROWS: usize = 10_000;

/// The most problems listed for one sheet: past them, the sheet is no longer read (the rest is
/// one summary line), so a column pasted a million rows down costs a page of messages, not a
/// million.
pub const MAX_PROBLEMS_PER_SHEET: usize = 30;

/// Reads a data workbook, or says every problem it found, each at its cell.
pub fn read(bytes: &[u8]) -> Result<Read, Vec<Diagnostic>> {
    let bytes = package::open(bytes).map_err(|diagnostic| vec![*diagnostic])?;
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|error| {
            vec![Diagnostic::error(
                Rule::Y02,
                "",
                format!(
                    "文件不是可以读取的 Excel 工作簿（.xlsx）：{}",
                    in_words(&error)
                ),
            )
            .with_hint("用 Excel 或 WPS 打开后“另存为”Excel 工作簿（*.xlsx）")]
        })?;
    let mut reader = Reading::default();
    let names = workbook.sheet_names();
    let known: Vec<&str> = SHEETS.iter().map(|s| s.name).collect();
    for name in &names {
        if name == GUIDE_SHEET || name == LISTS_SHEET || sheet(name).is_some() {
            continue;
        }
        let diagnostic = unknown_name(
            format!("工作簿中有 yusuan 不认识的工作表“{name}”"),
            name,
            &known,
            "工作表名不能改动；不需要的工作表请删除",
            "其他工作表请删除；数据工作表只有：",
        );
        reader.problem(diagnostic, address(name, 0, 0));
    }
    let mut grids: Vec<(&'static Sheet, Grid)> = Vec::new();
    for sheet in SHEETS {
        if !names.iter().any(|name| name == sheet.name) {
            if sheet.required {
                reader.problem(
                    Diagnostic::error(Rule::Y02, "", format!("缺少工作表“{}”", sheet.name))
                        .with_hint(format!(
                            "预算书要用到这张表（{}）；从 yusuan convert --blank 生成的空白工作簿中把它复制过来，再填写",
                            sheet.purpose
                        )),
                    format!("{}!A1", sheet.name),
                );
            }
            continue;
        }
        match Grid::read(&mut workbook, sheet.name) {
            Ok(grid) => grids.push((sheet, grid)),
            Err(error) => reader.problem(
                Diagnostic::error(
                    Rule::Y02,
                    "",
                    format!("工作表“{}”无法读取：{}", sheet.name, in_words(&error)),
                )
                .with_hint("用 Excel 或 WPS 打开后重新保存；仍不行时把数据复制到新的空白工作簿"),
                address(sheet.name, 0, 0),
            ),
        }
    }
    // The amount unit first: every amount is read at its precision.
    if let Some((sheet, grid)) = grids.iter().find(|(s, _)| s.name == "单位信息") {
        reader.unit = unit_of(sheet, grid);
    }
    for (sheet, grid) in &grids {
        if grid.truncated() {
            reader.problem(
                Diagnostic::error(
                    Rule::Y04,
                    "",
                    format!(
                        "工作表“{}”有超过 {MAX_CELLS} 个填了内容的单元格，一个单位的数据不会有这么多",
                        sheet.name
                    ),
                )
                .with_hint("删除多余的行和列（多半是整行、整列粘贴或填充造成的），保存后重试"),
                address(sheet.name, 0, 0),
            );
            continue;
        }
        reader.sheet(sheet, grid);
    }
    reader.finish()
}

/// calamine's error, in the user's words; its own (English) words follow as a detail for
/// whoever supports the user.
fn in_words(error: &calamine::XlsxError) -> String {
    match error {
        calamine::XlsxError::Password => "工作簿设置了打开密码".into(),
        calamine::XlsxError::Zip(_) | calamine::XlsxError::Io(_) => "文件已损坏".into(),
        other => format!("文件内容已损坏，或不是 Excel 写出的样子（技术细节：{other}）"),
    }
}

/// A sheet, column or row name that is none of `known`: the nearest known one is suggested
/// (with what must not change, `fixed`), else all of them are listed after `listed`.
fn unknown_name(
    message: String,
    name: &str,
    known: &[&str],
    fixed: &str,
    listed: &str,
) -> Diagnostic {
    let hint = match crate::base::text::closest(name, known) {
        Some(best) => format!("是不是要写“{best}”？{fixed}"),
        None => format!("{listed}{}", known.join("、")),
    };
    Diagnostic::error(Rule::Y02, "", message).with_hint(hint)
}

/// The amount unit the 单位信息 sheet names.
fn unit_of(sheet: &Sheet, grid: &Grid) -> DataUnit {
    let Some((header, label_column, value_column)) = form_columns(grid) else {
        return DataUnit::default();
    };
    let Some(field) = sheet.fields.iter().find(|f| f.path == "amount_unit") else {
        return DataUnit::default();
    };
    grid.rows_below(header)
        .into_iter()
        .find(|row| text(grid.own(*row, label_column)).as_deref() == Some(field.label))
        .and_then(|row| text(grid.get(row, value_column)))
        .map(|unit| DataUnit::named(&unit))
        .unwrap_or_default()
}

/// A form sheet's header row and its 项目 and 值 columns, when it has both.
fn form_columns(grid: &Grid) -> Option<(u32, u32, u32)> {
    let header = grid.top()?;
    let find = |label: &str| {
        grid.row(header)
            .find(|(_, cell)| text(Some(cell)).as_deref() == Some(label))
            .map(|(column, _)| column)
    };
    Some((header, find(FORM_LABEL)?, find(FORM_VALUE)?))
}

/// A form sheet's columns: the label, the value and a note for the reader.
const FORM_LABEL: &str = "项目";
const FORM_VALUE: &str = "值";
const FORM_NOTE: &str = "说明";

/// The cell of an address without its sheet: `控制数!B4` → `B4`.
fn in_sheet(address: &str) -> &str {
    address.split_once('!').map_or(address, |(_, cell)| cell)
}

/// The row number of an address: `控制数!B4` → `4`.
fn row_of(address: &str) -> &str {
    in_sheet(address).trim_start_matches(|c: char| c.is_ascii_alphabetic())
}

/// A cell as the text it shows, if it holds any.
fn text(cell: Option<&Cell>) -> Option<String> {
    cell.and_then(super::cell_value::shown)
}

/// What has been read so far.
#[derive(Default)]
struct Reading {
    root: Value,
    cells: CellMap,
    problems: Vec<Diagnostic>,
    unit: DataUnit,
    /// Problems found on each sheet, listed or not.
    per_sheet: BTreeMap<String, usize>,
    /// The row where a sheet's reading stopped early, if it did (said after its problems).
    stopped: BTreeMap<String, u32>,
    /// Codes typed as numbers in free-length columns, until their sheet is read.
    numeric_codes: Vec<NumericCode>,
    /// Sheets not read at all, their one problem said: no summary follows it.
    unread: std::collections::BTreeSet<String>,
    /// The bytes of text read from each sheet, to name the one that makes the data too large.
    text_bytes: BTreeMap<String, usize>,
}

/// One data row of a sheet.
struct SheetRow {
    /// The values, in field order (`Null` where empty).
    values: Vec<Value>,
    /// Each field's cell.
    cells: Vec<String>,
    /// The row's first cell.
    first: String,
}

/// One sheet's header: each field's column, by its label in the header row.
struct Columns {
    of: Vec<(usize, u32)>,
    top: u32,
}

impl Columns {
    fn of(&self, index: usize) -> Option<u32> {
        self.of.iter().find(|(i, _)| *i == index).map(|(_, c)| *c)
    }
}

/// A code typed as a number in a column whose codes have no fixed length: whether a leading
/// 0 was lost shows only beside the other codes of its column.
struct NumericCode {
    field: &'static Field,
    digits: usize,
    cell: String,
}

impl Reading {
    fn sheet_of(cell: &str) -> &str {
        cell.split('!').next().unwrap_or(cell)
    }

    fn problem(&mut self, mut diagnostic: Diagnostic, cell: String) {
        let sheet = Reading::sheet_of(&cell).to_string();
        let count = self.per_sheet.entry(sheet).or_default();
        *count += 1;
        if *count > MAX_PROBLEMS_PER_SHEET {
            return;
        }
        diagnostic.cell = Some(cell);
        self.problems.push(diagnostic);
    }

    /// Whether a sheet has had as many problems as are listed: reading it further would only
    /// add to the count.
    fn full(&self, sheet: &str) -> bool {
        self.per_sheet.get(sheet).copied().unwrap_or(0) >= MAX_PROBLEMS_PER_SHEET
    }

    fn finish(mut self) -> Result<Read, Vec<Diagnostic>> {
        for (sheet, count) in &self.per_sheet {
            if self.unread.contains(sheet) {
                continue;
            }
            if *count <= MAX_PROBLEMS_PER_SHEET && !self.stopped.contains_key(sheet) {
                continue;
            }
            let row = match self.stopped.get(sheet) {
                Some(row) => format!("，第 {} 行起没有再读", row + 1),
                None => String::new(),
            };
            let mut summary = Diagnostic::error(
                Rule::Y02,
                "",
                format!("工作表“{sheet}”的问题太多：只列出了前 {MAX_PROBLEMS_PER_SHEET} 个{row}"),
            )
            .with_hint("先改正列出的问题，再检查一遍");
            summary.cell = Some(format!("{sheet}!A1"));
            self.problems.push(summary);
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let mut yaml = String::from("# 由 yusuan 从数据工作簿读出\n");
        // A tree of strings, numbers and booleans always serializes; were it not to, the data
        // would be lost, so it is a problem, never an empty text.
        let text = serde_yaml::to_string(&self.root).map_err(|error| {
            vec![Diagnostic::error(
                Rule::Y02,
                "",
                format!("工作簿的数据无法整理成数据文件：{error}"),
            )]
        })?;
        yaml.push_str(&text);
        if yaml.len() > crate::input::source_map::MAX_EXPANDED_BYTES {
            let (sheet, bytes) = self
                .text_bytes
                .iter()
                .max_by_key(|(_, bytes)| **bytes)
                .map(|(sheet, bytes)| (sheet.clone(), *bytes))
                .unwrap_or_default();
            let mut diagnostic = Diagnostic::error(
                Rule::Y04,
                "",
                format!(
                    "工作簿的数据超过 {} MB，不像是一个单位的数据；文字最多的是工作表“{sheet}”（{} KB）",
                    crate::input::source_map::MAX_EXPANDED_BYTES / (1024 * 1024),
                    bytes / 1024
                ),
            )
            .with_hint("一个单位的数据通常不到 100 KB：检查这张表是否有整列粘贴或重复了许多遍的内容");
            diagnostic.cell = Some(format!("{sheet}!A1"));
            return Err(vec![diagnostic]);
        }
        Ok(Read {
            yaml,
            cells: self.cells,
        })
    }

    fn sheet(&mut self, sheet: &'static Sheet, grid: &Grid) {
        match sheet.shape {
            Shape::Form => self.form(sheet, grid),
            Shape::List { root } => {
                let items = self.items(sheet, grid, root);
                if !items.is_empty() {
                    if root.starts_with(UNIT_PERFORMANCE) {
                        self.unit_performance();
                    }
                    set(&mut self.root, root, Value::Sequence(items));
                }
            }
            Shape::Texts { root } => {
                let rows = self.rows(sheet, grid);
                self.cells.insert(root, address(sheet.name, 0, 0));
                let mut texts = Vec::new();
                for (index, row) in rows.into_iter().enumerate() {
                    self.cells.insert(format!("{root}[{index}]"), row.first);
                    texts.extend(row.values.into_iter().next());
                }
                match texts.len() {
                    0 => {}
                    1 => set(&mut self.root, root, texts.remove(0)),
                    _ => set(&mut self.root, root, Value::Sequence(texts)),
                }
            }
            Shape::Offices => {
                let rows = self.rows(sheet, grid);
                for (path, _) in OFFICES {
                    let mut names = Vec::new();
                    for row in rows
                        .iter()
                        .filter(|row| row.values[0].as_str() == Some(*path))
                    {
                        self.cells
                            .insert(format!("{path}[{}]", names.len()), row.cells[1].clone());
                        names.push(row.values[1].clone());
                    }
                    if !names.is_empty() {
                        set(&mut self.root, path, Value::Sequence(names));
                    }
                }
            }
            Shape::Goals => self.goals(sheet, grid),
            Shape::ThreePublic => self.three_public(sheet, grid),
            Shape::Extra => self.extra(sheet, grid),
        }
    }

    /// Makes `unit_performance` exist, with empty lists, once any of its sheets has content.
    fn unit_performance(&mut self) {
        for list in ["tasks", "indicators"] {
            let path = format!("{UNIT_PERFORMANCE}.{list}");
            if super::value::get(&self.root, &path).is_none() {
                set(&mut self.root, &path, Value::Sequence(Vec::new()));
            }
        }
    }
}
