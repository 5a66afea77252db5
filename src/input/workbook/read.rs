//! Reading the data workbook back: every sheet of [`SHEETS`] into the YAML value tree of the same
//! data, each value's cell recorded. What only a workbook can get wrong (an unknown, repeated or
//! missing sheet, column or label, a required cell left empty, a code Excel turned into a
//! number, an Excel error value, a formula without its value) is reported here with its cell;
//! everything else (types, amounts, the rules) is the loader's, exactly as for a YAML file.
//!
//! Columns are found by their headers and form rows by their labels, never by position; a merged
//! range means its value in every cell it covers; a sheet costs what its filled cells cost.

use super::cell_value::Found;
use super::cells::{address, column_name, CellMap};
use super::grid::{is_blank, Cell, Grid, MAX_CELLS};
use super::package;
use super::schema::{
    sheet, Field, Kind, Shape, Sheet, GUIDE_SHEET, LISTS_SHEET, OFFICES, SHEETS,
    THREE_PUBLIC_ITEMS, UNIT_PERFORMANCE,
};
use super::value::set;
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
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

    /// 项目 | 值 | 说明: each row's label names its field; the columns are found by their headers.
    fn form(&mut self, sheet: &'static Sheet, grid: &Grid) {
        let labels: Vec<&str> = sheet.fields.iter().map(|f| f.label).collect();
        let mut seen: HashMap<&'static str, String> = HashMap::new();
        let columns = if grid.is_empty() {
            None
        } else {
            self.form_header(sheet, grid)
        };
        if let Some((header, label_column, value_column)) = columns {
            let rows = grid.rows_below(header);
            self.unheaded(sheet, grid, header, &rows);
            for row in rows {
                if self.full(sheet.name) {
                    break;
                }
                let label_cell = address(sheet.name, row, label_column);
                // A value needs a label of its own: a blank one, or one merged down from the
                // row above, leaves it unnamed (a row with only a note is no value).
                let own_label = grid.own(row, label_column).is_some();
                let label = text(grid.get(row, label_column));
                let Some(label) = label.filter(|_| own_label) else {
                    let merged = !own_label && text(grid.get(row, label_column)).is_some();
                    self.unlabelled(sheet, grid, (row, value_column), merged);
                    continue;
                };
                let Some(field) = sheet.fields.iter().find(|f| f.label == label) else {
                    let diagnostic = unknown_name(
                        format!("工作表“{}”中没有“{label}”这一项", sheet.name),
                        &label,
                        &labels,
                        "“项目”列的名字不能改动",
                        "这个表的项目有：",
                    );
                    self.problem(diagnostic, label_cell);
                    continue;
                };
                let cell = address(sheet.name, row, value_column);
                if let Some(first) = seen.get(field.label) {
                    let first = first.clone();
                    self.repeated(sheet, field, &first, label_cell);
                    continue;
                }
                seen.insert(field.label, label_cell);
                self.cells.insert(field.path, cell.clone());
                let found = self.value_at(field, grid, (row, value_column), &cell);
                if let Some(value) = found {
                    if field.path.starts_with(UNIT_PERFORMANCE) {
                        self.unit_performance();
                    }
                    set(&mut self.root, field.path, value);
                } else if field.required && !self.has_problem_at(&cell) {
                    self.empty(field, cell);
                }
            }
        }
        self.unit_code_zeros();
        for field in sheet.fields {
            if field.required && !seen.contains_key(field.label) && columns.is_some() {
                self.problem(
                    Diagnostic::error(
                        Rule::Y02,
                        field.path,
                        format!("工作表“{}”缺少“{}”这一项", sheet.name, field.label),
                    )
                    .with_hint("在“项目”列加上这一项，在“值”列填写它的值"),
                    address(sheet.name, 0, 0),
                );
            }
        }
    }

    /// A form sheet's header: (its row, the 项目 column, the 值 column); any other header and
    /// any repeated one is a problem.
    fn form_header(&mut self, sheet: &'static Sheet, grid: &Grid) -> Option<(u32, u32, u32)> {
        let header = grid.top()?;
        if self.header_missing(sheet, grid, &[FORM_LABEL, FORM_VALUE, FORM_NOTE]) {
            return None;
        }
        let mut at: HashMap<String, u32> = HashMap::new();
        let mut ok = true;
        for (column, cell) in grid.row(header) {
            let Some(name) = text(Some(cell)) else {
                continue;
            };
            let here = address(sheet.name, header, column);
            if ![FORM_LABEL, FORM_VALUE, FORM_NOTE].contains(&name.as_str()) {
                ok = false;
                let diagnostic = unknown_name(
                    format!("工作表“{}”中没有“{name}”这一列", sheet.name),
                    &name,
                    &[FORM_LABEL, FORM_VALUE, FORM_NOTE],
                    "第 1 行的列名不能改动；插入的列请删除",
                    "这个表的列有：",
                )
                .with_hint(format!(
                    "这个表只有“{FORM_LABEL}”“{FORM_VALUE}”“{FORM_NOTE}”三列，值按“{FORM_VALUE}”列读取；插入的列请删除"
                ));
                self.problem(diagnostic, here);
            } else if let Some(first) = at.get(&name) {
                ok = false;
                let first = address(sheet.name, header, *first);
                self.repeated_column(sheet, &name, &first, here);
            } else {
                at.insert(name, column);
            }
        }
        for name in [FORM_LABEL, FORM_VALUE] {
            if !at.contains_key(name) {
                ok = false;
                self.problem(
                    Diagnostic::error(
                        Rule::Y02,
                        "",
                        format!("工作表“{}”缺少“{name}”这一列", sheet.name),
                    )
                    .with_hint(format!(
                        "第 1 行是列名：{FORM_LABEL}、{FORM_VALUE}、{FORM_NOTE}"
                    )),
                    address(sheet.name, header, 0),
                );
            }
        }
        ok.then(|| (header, at[FORM_LABEL], at[FORM_VALUE]))
    }

    /// Whether the header row (the first filled row) names none of `headers`: then it is not
    /// the header (deleted, or a title row put above it), which is said once for the sheet
    /// rather than as one unknown column per cell.
    fn header_missing(&mut self, sheet: &Sheet, grid: &Grid, headers: &[&str]) -> bool {
        let Some(top) = grid.top() else {
            return false;
        };
        let names = |row: u32| {
            grid.row(row)
                .filter_map(|(_, cell)| text(Some(cell)))
                .filter(|name| headers.contains(&name.as_str()))
                .count()
        };
        if names(top) > 0 {
            return false;
        }
        let below = grid
            .rows_below(top)
            .into_iter()
            .take(10)
            .find(|row| names(*row) > 0);
        let expected = headers.join("、");
        let (message, hint) = match below {
            Some(row) => (
                format!(
                    "工作表“{}”的列名在第 {} 行，上面还有内容：列名应在第 1 行",
                    sheet.name,
                    row + 1
                ),
                format!(
                    "删除第 {} 行到第 {} 行（标题等放在别处），让列名行成为第 1 行",
                    top + 1,
                    row
                ),
            ),
            None => (
                format!(
                    "工作表“{}”的第 {} 行不是列名：列名行被删除了？",
                    sheet.name,
                    top + 1
                ),
                format!("在最上面插入一行，依次填入列名：{expected}"),
            ),
        };
        self.problem(
            Diagnostic::error(Rule::Y02, "", message).with_hint(hint),
            address(sheet.name, top, 0),
        );
        true
    }

    /// Values in columns that have no header: nothing reads them, so a figure typed there (or
    /// pasted one column too far) would be lost without a word.
    fn unheaded(&mut self, sheet: &Sheet, grid: &Grid, top: u32, rows: &[u32]) {
        let headed: Vec<u32> = grid
            .row(top)
            .filter(|(_, cell)| text(Some(cell)).is_some())
            .map(|(column, _)| column)
            .collect();
        for row in rows {
            if self.full(sheet.name) {
                return;
            }
            let stray: Vec<u32> = grid
                .row(*row)
                .filter(|(column, cell)| !headed.contains(column) && !is_blank(&cell.data))
                .map(|(column, _)| column)
                .collect();
            for column in stray {
                self.problem(
                    Diagnostic::error(
                        Rule::Y02,
                        "",
                        format!(
                            "工作表“{}”的 {} 列没有列名，这一格的内容不会被读取",
                            sheet.name,
                            column_name(column)
                        ),
                    )
                    .with_hint("把它移到有列名的列中（多半是错了一列），不要的内容请删除"),
                    address(sheet.name, *row, column),
                );
            }
        }
    }

    /// A value on a 项目 | 值 sheet whose row has no label of its own: blank, or `merged` from
    /// the row above.
    fn unlabelled(
        &mut self,
        sheet: &Sheet,
        grid: &Grid,
        (row, value_column): (u32, u32),
        merged: bool,
    ) {
        let Some(value) = text(grid.own(row, value_column)) else {
            return;
        };
        let (why, hint) = if merged {
            (
                "是与上一行合并的单元格",
                "取消“项目”列的合并，每一行写上自己的项目名",
            )
        } else {
            (
                "是空的",
                "在“项目”列填回这一项的名字（见 yusuan convert --blank 生成的空白工作簿），或删除这一行",
            )
        };
        self.problem(
            Diagnostic::error(
                Rule::Y02,
                "",
                format!(
                    "工作表“{}”这一行有值“{}”，但它的“{FORM_LABEL}”{why}：不知道它是哪一项",
                    sheet.name,
                    crate::base::text::visible(&value)
                ),
            )
            .with_hint(hint),
            address(sheet.name, row, value_column),
        );
    }

    /// A label given twice: an error at both rows, since either could be the one meant.
    fn repeated(&mut self, sheet: &Sheet, field: &Field, first: &str, here: String) {
        let diagnostic = Diagnostic::error(
            Rule::Y02,
            field.path,
            format!(
                "工作表“{}”中“{}”这一项出现了两次（第 {} 行和第 {} 行）：不知道该用哪一个",
                sheet.name,
                field.label,
                row_of(first),
                row_of(&here)
            ),
        )
        .with_hint("只保留一行，把另一行删除");
        self.twice(diagnostic, first, here);
    }

    /// A column header given twice: an error at both.
    fn repeated_column(&mut self, sheet: &Sheet, name: &str, first: &str, here: String) {
        let diagnostic = Diagnostic::error(
            Rule::Y02,
            "",
            format!(
                "工作表“{}”中“{name}”这一列出现了两次（{} 和 {}）：不知道该读哪一列",
                sheet.name,
                in_sheet(first),
                in_sheet(&here)
            ),
        )
        .with_hint("只保留一列，把另一列删除");
        self.twice(diagnostic, first, here);
    }

    /// `diagnostic` about something given twice: reported at `here`, pointing at `first`.
    fn twice(&mut self, mut diagnostic: Diagnostic, first: &str, here: String) {
        diagnostic.related.push(crate::input::diag::Related {
            path: diagnostic.path.clone(),
            message: "第一次出现".into(),
            position: None,
            cell: Some(first.to_string()),
        });
        self.problem(diagnostic, here);
    }

    fn has_problem_at(&self, cell: &str) -> bool {
        self.problems
            .iter()
            .any(|problem| problem.cell.as_deref() == Some(cell))
    }

    /// A required cell left empty.
    fn empty(&mut self, field: &Field, cell: String) {
        self.problem(
            Diagnostic::error(Rule::Y02, field.path, format!("“{}”不能为空", field.label))
                .with_hint("填写这一格（列表中不要的一行，请把整行删除）"),
            cell,
        );
    }

    /// The header row's headers: each field's column; unknown, repeated and missing columns are
    /// problems.
    fn columns(&mut self, sheet: &'static Sheet, grid: &Grid) -> Option<Columns> {
        let top = grid.top()?;
        let labels: Vec<&str> = sheet.fields.iter().map(|f| f.label).collect();
        if self.header_missing(sheet, grid, &labels) {
            return None;
        }
        let mut of: Vec<(usize, u32)> = Vec::new();
        let mut left = None;
        for (column, cell) in grid.row(top) {
            left.get_or_insert(column);
            let Some(header) = text(Some(cell)) else {
                continue;
            };
            let here = address(sheet.name, top, column);
            match sheet.fields.iter().position(|f| f.label == header) {
                Some(index) => match of.iter().find(|(i, _)| *i == index) {
                    Some((_, first)) => {
                        let first = address(sheet.name, top, *first);
                        self.repeated_column(sheet, &header, &first, here);
                    }
                    None => of.push((index, column)),
                },
                None => {
                    let diagnostic = unknown_name(
                        format!("工作表“{}”中没有“{header}”这一列", sheet.name),
                        &header,
                        &labels,
                        "第 1 行的列名不能改动",
                        "这个表的列有：",
                    );
                    self.problem(diagnostic, here);
                }
            }
        }
        let has_rows = grid.has_rows_below(top);
        for (index, field) in sheet.fields.iter().enumerate() {
            if field.required && !of.iter().any(|(i, _)| *i == index) && has_rows {
                self.problem(
                    Diagnostic::error(
                        Rule::Y02,
                        "",
                        format!("工作表“{}”缺少“{}”这一列", sheet.name, field.label),
                    )
                    .with_hint(format!("这个表的列有：{}", labels.join("、"))),
                    address(sheet.name, top, left.unwrap_or(0)),
                );
            }
        }
        Some(Columns { of, top })
    }

    /// The sheet's data rows: values in field order (`Null` where empty) and their cells; rows
    /// without a filled cell of their own in a known column are skipped. Required cells are not
    /// checked here (see [`Reading::require`]).
    fn rows(&mut self, sheet: &'static Sheet, grid: &Grid) -> Vec<SheetRow> {
        let Some(columns) = self.columns(sheet, grid) else {
            return Vec::new();
        };
        let known: Vec<u32> = columns.of.iter().map(|(_, c)| *c).collect();
        let first = known.iter().copied().min().unwrap_or(0);
        let mut below = grid.rows_below(columns.top);
        // A column filled down past the data is said once; the rows above it are read.
        if let Some((diagnostic, cell, from)) = filled_to_the_end(sheet, grid, &columns, &below) {
            self.problem(diagnostic, cell);
            below.retain(|row| *row < from);
        }
        if below.len() <= MAX_ROWS {
            self.unheaded(sheet, grid, columns.top, &below);
        }
        let data_rows: Vec<u32> = below
            .into_iter()
            .filter(|row| known.iter().any(|column| grid.own(*row, *column).is_some()))
            .collect();
        if data_rows.len() > MAX_ROWS {
            self.too_many_rows(sheet, &data_rows);
            return Vec::new();
        }
        let mut rows = Vec::new();
        for row in data_rows {
            if self.full(sheet.name) {
                self.stopped.entry(sheet.name.to_string()).or_insert(row);
                break;
            }
            let mut values = vec![Value::Null; sheet.fields.len()];
            let mut cells = Vec::with_capacity(sheet.fields.len());
            for (index, field) in sheet.fields.iter().enumerate() {
                let column = columns.of(index);
                let cell = address(sheet.name, row, column.unwrap_or(first));
                let value = match column {
                    Some(column) => self.value_at(field, grid, (row, column), &cell),
                    None => None,
                };
                if let Some(value) = value {
                    values[index] = value;
                }
                cells.push(cell);
            }
            rows.push(SheetRow {
                values,
                cells,
                first: address(sheet.name, row, first),
            });
        }
        self.lost_zeros(sheet, &rows);
        rows
    }

    /// The required cells of `row` that are empty (and not already reported).
    fn require(&mut self, sheet: &'static Sheet, row: &SheetRow) {
        for (index, field) in sheet.fields.iter().enumerate() {
            if field.required
                && row.values[index].is_null()
                && !self.has_problem_at(&row.cells[index])
            {
                self.empty(field, row.cells[index].clone());
            }
        }
    }

    /// The fields of one group (`explanation.previous`, `explanation.purpose` …: one YAML
    /// mapping) are given together or not at all; the empty ones of a group half filled are
    /// named.
    fn all_or_none(&mut self, sheet: &'static Sheet, row: &SheetRow) {
        let group = |field: &Field| field.path.split_once('.').map(|(group, _)| group);
        for (index, field) in sheet.fields.iter().enumerate() {
            let Some(name) = group(field) else { continue };
            let members: Vec<usize> = (0..sheet.fields.len())
                .filter(|i| group(&sheet.fields[*i]) == Some(name))
                .collect();
            let filled = members
                .iter()
                .filter(|i| !row.values[**i].is_null())
                .count();
            if filled == 0 || filled == members.len() || !row.values[index].is_null() {
                continue;
            }
            if self.has_problem_at(&row.cells[index]) {
                continue;
            }
            let labels: Vec<&str> = members.iter().map(|i| sheet.fields[*i].label).collect();
            self.problem(
                Diagnostic::error(
                    Rule::Y02,
                    field.path,
                    format!(
                        "“{}”是空的：{} 这 {} 项要么都填，要么都不填",
                        field.label,
                        labels.join("、"),
                        labels.len()
                    ),
                )
                .with_hint("补上这一格，或把这一行的这几项都清空"),
                row.cells[index].clone(),
            );
        }
    }

    /// A sheet with more rows than a unit's data can have: one problem, and the sheet unread.
    fn too_many_rows(&mut self, sheet: &'static Sheet, rows: &[u32]) {
        let last = rows.last().copied().unwrap_or(0);
        let diagnostic = Diagnostic::error(
            Rule::Y04,
            "",
            format!(
                "工作表“{}”有 {} 行数据（到第 {} 行），一个单位的数据不会有这么多行",
                sheet.name,
                rows.len(),
                last + 1
            ),
        )
        .with_hint(format!(
            "一张表最多读 {MAX_ROWS} 行；删除多余的行（选中行号，右键“删除”）"
        ));
        self.problem(diagnostic, address(sheet.name, last, 0));
        self.unread.insert(sheet.name.to_string());
    }

    /// Codes typed as numbers in a column of free-length codes, shorter than the column's other
    /// codes: Excel dropped their leading zeros.
    fn lost_zeros(&mut self, sheet: &'static Sheet, rows: &[SheetRow]) {
        for code in std::mem::take(&mut self.numeric_codes) {
            let Some(index) = sheet.fields.iter().position(|f| f.path == code.field.path) else {
                continue;
            };
            let longest = rows
                .iter()
                .filter_map(|row| row.values[index].as_str())
                .map(|text| text.chars().count())
                .max()
                .unwrap_or(0);
            if code.digits < longest {
                self.lost_zero(&code, longest);
            }
        }
    }

    fn lost_zero(&mut self, code: &NumericCode, expected: usize) {
        self.problem(
            Diagnostic::error(
                Rule::Y02,
                code.field.path,
                format!(
                    "“{}”存成了 {} 位的数字，这一列其他编码是 {expected} 位：开头的 0 多半被 Excel 去掉了",
                    code.field.label, code.digits
                ),
            )
            .with_hint("把这一列设为“文本”格式，再重新输入编码（保留开头的 0）"),
            code.cell.clone(),
        );
    }

    /// The unit's code typed as a number that no longer starts with its department's code (or
    /// the department's that the unit's code no longer starts with): a leading 0 was lost.
    fn unit_code_zeros(&mut self) {
        let numeric = std::mem::take(&mut self.numeric_codes);
        let code = |path| super::value::get(&self.root, path).and_then(Value::as_str);
        let (Some(unit), Some(department)) = (code("unit.code"), code("unit.department.code"))
        else {
            return;
        };
        if unit.starts_with(department) {
            return;
        }
        let (unit, department) = (unit.to_string(), department.to_string());
        for code in numeric {
            self.problem(
                Diagnostic::error(
                    Rule::Y02,
                    code.field.path,
                    format!(
                        "“{}”存成了数字：单位代码 {unit} 应以主管部门代码 {department} 开头，开头的 0 多半被 Excel 去掉了",
                        code.field.label
                    ),
                )
                .with_hint("把这一格设为“文本”格式，再重新输入代码（保留开头的 0）"),
                code.cell,
            );
        }
    }

    /// A list sheet's items, each a mapping of its fields, their cells recorded under `root`.
    fn items(&mut self, sheet: &'static Sheet, grid: &Grid, root: &str) -> Vec<Value> {
        let rows = self.rows(sheet, grid);
        let mut items = Vec::new();
        for (index, row) in rows.into_iter().enumerate() {
            self.require(sheet, &row);
            self.all_or_none(sheet, &row);
            let path = format!("{root}[{index}]");
            self.cells.insert(path.clone(), row.first);
            let mut item = Value::Mapping(Mapping::new());
            for ((field, value), cell) in sheet.fields.iter().zip(row.values).zip(row.cells) {
                self.cells.insert(format!("{path}.{}", field.path), cell);
                if !value.is_null() {
                    set(&mut item, field.path, value);
                }
            }
            items.push(item);
        }
        items
    }

    /// The project goals: rows grouped by project code, in the order the codes first appear.
    /// As a 绩效目标表 is laid out, a row that leaves its 项目编码 or 指标类别 blank (or has them
    /// merged from above) continues the row above.
    fn goals(&mut self, sheet: &'static Sheet, grid: &Grid) {
        let rows = self.rows(sheet, grid);
        let mut goals: Vec<Mapping> = Vec::new();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let mut above: Option<(Value, Value)> = None;
        for mut row in rows {
            let has_indicator = !row.values[2].is_null() || !row.values[3].is_null();
            if let Some((code, category)) = &above {
                if row.values[0].is_null() && (has_indicator || !row.values[1].is_null()) {
                    row.values[0] = code.clone();
                    if row.values[1].is_null() && has_indicator {
                        row.values[1] = category.clone();
                    }
                } else if row.values[1].is_null() && has_indicator && row.values[0] == *code {
                    row.values[1] = category.clone();
                }
            }
            above = Some((row.values[0].clone(), row.values[1].clone()));
            let fields = sheet.fields;
            let Some(code) = row.values[0].as_str().map(str::to_string) else {
                if !self.has_problem_at(&row.cells[0]) {
                    self.empty(&fields[0], row.cells[0].clone());
                }
                continue;
            };
            let index = match index_of.get(&code) {
                Some(index) => *index,
                None => {
                    let path = format!("performance[{}]", goals.len());
                    self.cells.insert(path.clone(), row.first.clone());
                    self.cells
                        .insert(format!("{path}.project"), row.cells[0].clone());
                    let mut goal = Mapping::new();
                    goal.insert("project".into(), Value::String(code.clone()));
                    goals.push(goal);
                    index_of.insert(code, goals.len() - 1);
                    goals.len() - 1
                }
            };
            if !has_indicator && row.values[1].is_null() {
                // A project listed without indicators.
                continue;
            }
            let mut complete = true;
            // 指标类别, 三级指标 and 指标值: an indicator needs all three.
            for (index, field) in fields.iter().enumerate().skip(1) {
                if row.values[index].is_null() {
                    complete = false;
                    if !self.has_problem_at(&row.cells[index]) {
                        self.empty(field, row.cells[index].clone());
                    }
                }
            }
            let (Some(category), true) = (row.values[1].as_str(), complete) else {
                continue;
            };
            let list = goals[index]
                .entry(category.into())
                .or_insert_with(|| Value::Sequence(Vec::new()));
            if let Value::Sequence(list) = list {
                let path = format!("performance[{index}].{category}[{}]", list.len());
                self.cells.insert(path.clone(), row.cells[2].clone());
                self.cells
                    .insert(format!("{path}[0]"), row.cells[2].clone());
                self.cells
                    .insert(format!("{path}[1]"), row.cells[3].clone());
                list.push(Value::Sequence(vec![
                    row.values[2].clone(),
                    row.values[3].clone(),
                ]));
            }
        }
        if !goals.is_empty() {
            let goals = goals.into_iter().map(Value::Mapping).collect();
            set(&mut self.root, "performance", Value::Sequence(goals));
        }
    }

    /// “三公”经费: the rows by their item's label.
    fn three_public(&mut self, sheet: &'static Sheet, grid: &Grid) {
        set(
            &mut self.root,
            "three_public.current",
            Value::Mapping(Mapping::new()),
        );
        set(
            &mut self.root,
            "three_public.previous",
            Value::Mapping(Mapping::new()),
        );
        self.cells.insert("three_public", address(sheet.name, 0, 0));
        let Some(columns) = self.columns(sheet, grid) else {
            return;
        };
        let Some(label_column) = columns.of(0) else {
            return;
        };
        let mut seen: HashMap<&'static str, String> = HashMap::new();
        let rows = grid.rows_below(columns.top);
        self.unheaded(sheet, grid, columns.top, &rows);
        for row in rows {
            if self.full(sheet.name) {
                break;
            }
            let Some(label) = text(grid.get(row, label_column)) else {
                continue;
            };
            let here = address(sheet.name, row, label_column);
            let key = match THREE_PUBLIC_ITEMS.iter().find(|(_, l)| *l == label) {
                Some((key, _)) => *key,
                None if label == "合计" => "total",
                None => {
                    self.problem(
                        Diagnostic::error(Rule::Y02, "", format!("“{label}”不是“三公”经费的一项"))
                            .with_hint("“项目”列的四项和“合计”不要改动"),
                        here,
                    );
                    continue;
                }
            };
            if let Some(first) = seen.get(key) {
                let first = first.clone();
                let diagnostic = Diagnostic::error(
                    Rule::Y02,
                    format!("three_public.current.{key}"),
                    format!(
                        "工作表“{}”中“{label}”出现了两次（第 {} 行和第 {} 行）：不知道该用哪一行",
                        sheet.name,
                        row_of(&first),
                        row_of(&here)
                    ),
                )
                .with_hint("只保留一行，把另一行删除");
                self.twice(diagnostic, &first, here);
                continue;
            }
            seen.insert(key, here.clone());
            for (index, part) in [(1, "current"), (2, "previous"), (3, "reasons")] {
                let Some(c) = columns.of(index) else { continue };
                if key == "total" && part != "reasons" {
                    continue;
                }
                let path = format!("three_public.{part}.{key}");
                let cell = address(sheet.name, row, c);
                self.cells.insert(path.clone(), cell.clone());
                let field = &sheet.fields[index];
                if let Some(value) = self.value_at(field, grid, (row, c), &cell) {
                    set(&mut self.root, &path, value);
                }
            }
        }
    }

    /// `extra:`: 名称 with a value, or with 项 and 值 pairs. A pair's row that leaves its 名称
    /// blank (or merged) continues the list of the row above.
    fn extra(&mut self, sheet: &'static Sheet, grid: &Grid) {
        let rows = self.rows(sheet, grid);
        let mut extra = Mapping::new();
        let mut list_above: Option<Value> = None;
        for mut row in rows {
            if row.values[0].is_null() && !row.values[1].is_null() {
                if let Some(key) = &list_above {
                    row.values[0] = key.clone();
                }
            }
            list_above = (!row.values[1].is_null()).then(|| row.values[0].clone());
            self.require(sheet, &row);
            let Some(key) = row.values[0].as_str().map(str::to_string) else {
                continue;
            };
            if row.values[2].is_null() {
                continue;
            }
            let path = format!("extra.{key}");
            self.cells.insert(path.clone(), row.cells[0].clone());
            let key = Value::String(key);
            if row.values[1].is_null() {
                self.cells.insert(path, row.cells[2].clone());
                extra.insert(key, row.values[2].clone());
            } else {
                let pair = Value::Sequence(vec![row.values[1].clone(), row.values[2].clone()]);
                let list = extra
                    .entry(key)
                    .or_insert_with(|| Value::Sequence(Vec::new()));
                if let Value::Sequence(list) = list {
                    self.cells
                        .insert(format!("{path}[{}]", list.len()), row.cells[1].clone());
                    list.push(pair);
                }
            }
        }
        if !extra.is_empty() {
            set(&mut self.root, "extra", Value::Mapping(extra));
        }
    }

    /// A cell's value for the YAML tree, by its field's kind; `None` for an empty cell (a
    /// required one is reported by the caller) or one that is wrong (reported here).
    /// The value at (row, column) for `field`: [`Reading::value`], where an amount or a count
    /// from a merged range is refused (merged over two lines it would count on each).
    fn value_at(
        &mut self,
        field: &'static Field,
        grid: &Grid,
        (row, column): (u32, u32),
        at: &str,
    ) -> Option<Value> {
        let cell = grid.get(row, column);
        let merged = cell.is_some() && grid.own(row, column).is_none();
        if merged && matches!(field.kind, Kind::Amount | Kind::Integer) {
            self.problem(
                Diagnostic::error(
                    Rule::Y02,
                    field.path,
                    format!(
                        "“{}”的单元格与上面的行合并了：合并的数会算进每一行",
                        field.label
                    ),
                )
                .with_hint("取消合并，每一行填它自己的数"),
                at.to_string(),
            );
            return None;
        }
        self.value(field, cell, at)
    }

    fn value(&mut self, field: &'static Field, cell: Option<&Cell>, at: &str) -> Option<Value> {
        match super::cell_value::read(field, cell, self.unit) {
            Found::Empty => None,
            Found::Value(value) => {
                if let Value::String(text) = &value {
                    *self
                        .text_bytes
                        .entry(Reading::sheet_of(at).to_string())
                        .or_default() += text.len();
                }
                Some(value)
            }
            Found::NumericCode(code) => {
                self.numeric_codes.push(NumericCode {
                    field,
                    digits: code.len(),
                    cell: at.to_string(),
                });
                Some(Value::String(code))
            }
            Found::Wrong(diagnostic) => {
                self.problem(*diagnostic, at.to_string());
                None
            }
        }
    }
}

/// A column filled down past the data to the sheet's end, when that is what the last rows show
/// (one column filled, the rest empty, for a long run): the problem, its first cell and row.
fn filled_to_the_end(
    sheet: &Sheet,
    grid: &Grid,
    columns: &Columns,
    rows: &[u32],
) -> Option<(Diagnostic, String, u32)> {
    const RUN: usize = 100;
    if sheet.fields.len() < 2 {
        // One column is all such a sheet has: a long list of it is a long list.
        return None;
    }
    let last = *rows.last()?;
    // The known columns a row fills, counting what merged ranges spread into it.
    let only = |row: u32| -> Option<u32> {
        let mut filled = columns
            .of
            .iter()
            .map(|(_, column)| *column)
            .filter(|column| {
                grid.get(row, *column)
                    .is_some_and(|cell| !is_blank(&cell.data))
            });
        let column = filled.next()?;
        filled.next().is_none().then_some(column)
    };
    let column = only(last)?;
    let run = rows
        .iter()
        .rev()
        .take_while(|row| only(**row) == Some(column))
        .count();
    if run < RUN {
        return None;
    }
    let first = rows[rows.len() - run];
    let label = columns
        .of
        .iter()
        .find(|(_, c)| *c == column)
        .map(|(index, _)| sheet.fields[*index].label.to_string())
        .unwrap_or_else(|| format!("{} 列", column_name(column)));
    let diagnostic = Diagnostic::error(
            Rule::Y04,
            "",
            format!(
                "工作表“{}”的“{label}”一列从第 {} 行到第 {} 行都有值，而这 {run} 行的其他列都是空的：多半是整列粘贴或向下填充到了表尾",
                sheet.name,
                first + 1,
                last + 1
            ),
        )
        .with_hint(format!(
            "选中第 {} 行到第 {} 行（单击行号，再按 Ctrl+Shift+↓），右键“删除”，保存后重试",
            first + 1,
            last + 1
        ));
    Some((diagnostic, address(sheet.name, first, column), first))
}
