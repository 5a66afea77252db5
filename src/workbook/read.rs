//! Reading the data workbook back: every sheet of [`SHEETS`] into the YAML value tree of the same
//! data, each value's cell recorded. What only a workbook can get wrong (an unknown sheet or
//! column, a required cell left empty, a code Excel turned into a number, an Excel error value)
//! is reported here with its cell; everything else (types, amounts, the rules) is the loader's,
//! exactly as for a YAML file.

use super::cells::{address, CellMap};
use super::schema::{
    sheet, Field, Kind, Shape, Sheet, GUIDE_SHEET, LISTS_SHEET, OFFICES, SHEETS,
    THREE_PUBLIC_ITEMS, UNIT_PERFORMANCE,
};
use super::value::{decimal_text, set, whole_text};
use crate::diag::Diagnostic;
use crate::money::DataUnit;
use crate::rule::Rule;
use calamine::{Data, Range, Reader, Xlsx};
use serde_yaml::{Mapping, Value};
use std::io::Cursor;

/// A workbook read: the YAML text of its data and where each value came from.
pub struct Read {
    /// The data as YAML, for the loader.
    pub yaml: String,
    /// Each YAML path's cell.
    pub cells: CellMap,
}

/// The most a workbook's parts may hold once unpacked: 64 MiB, hundreds of times a unit's data.
/// A small file can unpack to gigabytes; its size is checked before anything is unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a data workbook, or says every problem it found, each at its cell.
pub fn read(bytes: &[u8]) -> Result<Read, Vec<Diagnostic>> {
    // The sizes the central directory states for each part (what the unpacking will write).
    let unpacked = zip::ZipArchive::new(Cursor::new(bytes)).map(|mut archive| {
        (0..archive.len())
            .map(|i| {
                archive
                    .by_index_raw(i)
                    .map(|file| file.size())
                    .unwrap_or(u64::MAX)
            })
            .fold(0u64, u64::saturating_add)
    });
    if let Ok(size) = unpacked {
        if size > MAX_UNPACKED_BYTES {
            return Err(vec![Diagnostic::error(
                Rule::Y04,
                "",
                format!(
                    "工作簿过大：解压后超过 {} MB，不像是一个单位的数据",
                    MAX_UNPACKED_BYTES / (1024 * 1024)
                ),
            )
            .with_hint(
                "一个单位的数据工作簿通常不到 100 KB；删去多余的工作表和行后重试",
            )]);
        }
    }
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|error| {
            vec![Diagnostic::error(
                Rule::Y02,
                "",
                format!("文件不是可以读取的 Excel 工作簿（.xlsx）：{error}"),
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
    let mut ranges: Vec<(&'static Sheet, Range<Data>)> = Vec::new();
    for sheet in SHEETS {
        if !names.iter().any(|name| name == sheet.name) {
            if sheet.fields.iter().any(|f| f.required) && matches!(sheet.shape, Shape::Form) {
                reader.problem(
                    Diagnostic::error(Rule::Y02, "", format!("工作簿缺少工作表“{}”", sheet.name))
                        .with_hint("用 yusuan convert --blank 生成的空白工作簿中有全部工作表"),
                    format!("{}!A1", sheet.name),
                );
            }
            continue;
        }
        match workbook.worksheet_range(sheet.name) {
            Ok(range) => ranges.push((sheet, range)),
            Err(error) => reader.problem(
                Diagnostic::error(
                    Rule::Y02,
                    "",
                    format!("工作表“{}”无法读取：{error}", sheet.name),
                ),
                address(sheet.name, 0, 0),
            ),
        }
    }
    // The amount unit first: every amount is read at its precision.
    if let Some((_, range)) = ranges.iter().find(|(s, _)| s.name == "单位信息") {
        reader.unit = unit_of(range);
    }
    for (sheet, range) in &ranges {
        reader.sheet(sheet, range);
    }
    reader.finish()
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
    let hint = match crate::load::closest(name, known) {
        Some(best) => format!("是不是要写“{best}”？{fixed}"),
        None => format!("{listed}{}", known.join("、")),
    };
    Diagnostic::error(Rule::Y02, "", message).with_hint(hint)
}

/// The amount unit the 单位信息 sheet names.
fn unit_of(range: &Range<Data>) -> DataUnit {
    let (top, left) = range.start().unwrap_or((0, 0));
    let (bottom, _) = range.end().unwrap_or((0, 0));
    (top..=bottom)
        .find(|row| text(range.get_value((*row, left))).as_deref() == Some("金额单位"))
        .and_then(|row| text(range.get_value((row, left + 1))))
        .map(|unit| DataUnit::named(&unit))
        .unwrap_or_default()
}

/// A cell as text, if it holds any (numbers as they would be typed).
fn text(cell: Option<&Data>) -> Option<String> {
    match cell? {
        Data::String(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        Data::Float(number) => Some(format!("{number}")),
        Data::Int(number) => Some(number.to_string()),
        Data::Bool(value) => Some(if *value { "是" } else { "否" }.into()),
        Data::DateTimeIso(text) | Data::DurationIso(text) => Some(text.clone()),
        Data::DateTime(date) => Some(date_text(date.as_f64())),
        Data::Error(_) | Data::Empty => None,
    }
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn date_text(serial: f64) -> String {
    // Days from 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let days = serial.floor() as i64 - 25_569;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// What has been read so far.
#[derive(Default)]
struct Reading {
    root: Value,
    cells: CellMap,
    problems: Vec<Diagnostic>,
    unit: DataUnit,
}

/// One data row of a sheet.
struct SheetRow {
    /// The values, in field order.
    values: Vec<Value>,
    /// Each field's cell.
    cells: Vec<String>,
    /// The row's first cell.
    first: String,
}

/// One sheet's header: each field's column, by its label in row 1.
struct Columns {
    of: Vec<(usize, u32)>,
    top: u32,
    bottom: u32,
}

impl Reading {
    fn problem(&mut self, mut diagnostic: Diagnostic, cell: String) {
        diagnostic.cell = Some(cell);
        self.problems.push(diagnostic);
    }

    fn finish(self) -> Result<Read, Vec<Diagnostic>> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        let mut yaml = String::from("# 由 yusuan 从数据工作簿读出\n");
        yaml.push_str(&serde_yaml::to_string(&self.root).unwrap_or_default());
        Ok(Read {
            yaml,
            cells: self.cells,
        })
    }

    fn sheet(&mut self, sheet: &'static Sheet, range: &Range<Data>) {
        match sheet.shape {
            Shape::Form => self.form(sheet, range),
            Shape::List { root } => {
                let items = self.items(sheet, range, root);
                if !items.is_empty() {
                    if root.starts_with(UNIT_PERFORMANCE) {
                        self.unit_performance();
                    }
                    set(&mut self.root, root, Value::Sequence(items));
                }
            }
            Shape::Texts { root } => {
                let rows = self.rows(sheet, range);
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
                let rows = self.rows(sheet, range);
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
            Shape::Goals => self.goals(sheet, range),
            Shape::ThreePublic => self.three_public(sheet, range),
            Shape::Extra => self.extra(sheet, range),
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

    /// 项目 | 值: each row's label names its field.
    fn form(&mut self, sheet: &'static Sheet, range: &Range<Data>) {
        let (top, left) = range.start().unwrap_or((0, 0));
        let (bottom, _) = range.end().unwrap_or((0, 0));
        let labels: Vec<&str> = sheet.fields.iter().map(|f| f.label).collect();
        let mut seen = Vec::new();
        for row in top.max(1)..=bottom {
            let Some(label) = text(range.get_value((row, left))) else {
                continue;
            };
            let Some(field) = sheet.fields.iter().find(|f| f.label == label) else {
                let diagnostic = unknown_name(
                    format!("工作表“{}”中没有“{label}”这一项", sheet.name),
                    &label,
                    &labels,
                    "A 列的项目名不能改动",
                    "这个表的项目有：",
                );
                self.problem(diagnostic, address(sheet.name, row, left as u16));
                continue;
            };
            seen.push(field.label);
            let cell = address(sheet.name, row, left as u16 + 1);
            self.cells.insert(field.path, cell.clone());
            if let Some(value) = self.value(field, range.get_value((row, left + 1)), &cell) {
                if field.path.starts_with(UNIT_PERFORMANCE) {
                    self.unit_performance();
                }
                set(&mut self.root, field.path, value);
            }
        }
        for field in sheet.fields {
            if field.required && !seen.contains(&field.label) {
                self.problem(
                    Diagnostic::error(
                        Rule::Y02,
                        field.path,
                        format!("工作表“{}”缺少“{}”这一项", sheet.name, field.label),
                    )
                    .with_hint("在 A 列加上这一项，在 B 列填写它的值"),
                    address(sheet.name, 0, 0),
                );
            }
        }
    }

    /// Row 1's headers: each field's column; unknown and missing columns are problems.
    fn columns(&mut self, sheet: &'static Sheet, range: &Range<Data>) -> Option<Columns> {
        let (top, left) = range.start()?;
        let (bottom, right) = range.end()?;
        let labels: Vec<&str> = sheet.fields.iter().map(|f| f.label).collect();
        let mut of = Vec::new();
        for column in left..=right {
            let Some(header) = text(range.get_value((top, column))) else {
                continue;
            };
            match sheet.fields.iter().position(|f| f.label == header) {
                Some(index) => of.push((index, column)),
                None => {
                    let diagnostic = unknown_name(
                        format!("工作表“{}”中没有“{header}”这一列", sheet.name),
                        &header,
                        &labels,
                        "第 1 行的列名不能改动",
                        "这个表的列有：",
                    );
                    self.problem(diagnostic, address(sheet.name, top, column as u16));
                }
            }
        }
        for (index, field) in sheet.fields.iter().enumerate() {
            if field.required && !of.iter().any(|(i, _)| *i == index) && bottom > top {
                self.problem(
                    Diagnostic::error(
                        Rule::Y02,
                        "",
                        format!("工作表“{}”缺少“{}”这一列", sheet.name, field.label),
                    )
                    .with_hint(format!("这个表的列有：{}", labels.join("、"))),
                    address(sheet.name, top, left as u16),
                );
            }
        }
        Some(Columns { of, top, bottom })
    }

    /// The sheet's data rows: values in field order (`Null` where empty) and their cells;
    /// empty rows are skipped.
    fn rows(&mut self, sheet: &'static Sheet, range: &Range<Data>) -> Vec<SheetRow> {
        let Some(columns) = self.columns(sheet, range) else {
            return Vec::new();
        };
        let first = columns.of.iter().map(|(_, c)| *c).min().unwrap_or(0);
        let mut rows = Vec::new();
        for row in columns.top + 1..=columns.bottom {
            let filled = columns
                .of
                .iter()
                .any(|(_, column)| !is_blank(range.get_value((row, *column))));
            if !filled {
                continue;
            }
            let mut values = vec![Value::Null; sheet.fields.len()];
            let mut cells = Vec::with_capacity(sheet.fields.len());
            for (index, field) in sheet.fields.iter().enumerate() {
                let column = columns
                    .of
                    .iter()
                    .find(|(i, _)| *i == index)
                    .map(|(_, c)| *c);
                let cell = address(sheet.name, row, column.unwrap_or(first) as u16);
                let data = column.and_then(|c| range.get_value((row, c)));
                if let Some(value) = self.value(field, data, &cell) {
                    values[index] = value;
                }
                cells.push(cell);
            }
            rows.push(SheetRow {
                values,
                cells,
                first: address(sheet.name, row, first as u16),
            });
        }
        rows
    }

    /// A list sheet's items, each a mapping of its fields, their cells recorded under `root`.
    fn items(&mut self, sheet: &'static Sheet, range: &Range<Data>, root: &str) -> Vec<Value> {
        let rows = self.rows(sheet, range);
        let mut items = Vec::new();
        for (index, row) in rows.into_iter().enumerate() {
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
    fn goals(&mut self, sheet: &'static Sheet, range: &Range<Data>) {
        let rows = self.rows(sheet, range);
        let mut goals: Vec<(Value, Mapping)> = Vec::new();
        for row in rows {
            let code = row.values[0].clone();
            let index = match goals.iter().position(|(c, _)| *c == code) {
                Some(index) => index,
                None => {
                    let path = format!("performance[{}]", goals.len());
                    self.cells.insert(path.clone(), row.first.clone());
                    self.cells
                        .insert(format!("{path}.project"), row.cells[0].clone());
                    let mut goal = Mapping::new();
                    goal.insert("project".into(), code.clone());
                    goals.push((code, goal));
                    goals.len() - 1
                }
            };
            let Some(category) = row.values[1].as_str() else {
                continue;
            };
            let list = goals[index]
                .1
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
            let goals = goals
                .into_iter()
                .map(|(_, goal)| Value::Mapping(goal))
                .collect();
            set(&mut self.root, "performance", Value::Sequence(goals));
        }
    }

    /// “三公”经费: the rows by their item's label.
    fn three_public(&mut self, sheet: &'static Sheet, range: &Range<Data>) {
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
        let Some(columns) = self.columns(sheet, range) else {
            return;
        };
        let column = |index: usize| {
            columns
                .of
                .iter()
                .find(|(i, _)| *i == index)
                .map(|(_, c)| *c)
        };
        let Some(label_column) = column(0) else {
            return;
        };
        for row in columns.top + 1..=columns.bottom {
            let Some(label) = text(range.get_value((row, label_column))) else {
                continue;
            };
            let key = match THREE_PUBLIC_ITEMS.iter().find(|(_, l)| *l == label) {
                Some((key, _)) => *key,
                None if label == "合计" => "total",
                None => {
                    self.problem(
                        Diagnostic::error(Rule::Y02, "", format!("“{label}”不是“三公”经费的一项"))
                            .with_hint("A 列的四项和“合计”不要改动"),
                        address(sheet.name, row, label_column as u16),
                    );
                    continue;
                }
            };
            for (index, part) in [(1, "current"), (2, "previous"), (3, "reasons")] {
                let Some(c) = column(index) else { continue };
                if key == "total" && part != "reasons" {
                    continue;
                }
                let path = format!("three_public.{part}.{key}");
                let cell = address(sheet.name, row, c as u16);
                self.cells.insert(path.clone(), cell.clone());
                let field = &sheet.fields[index];
                if let Some(value) = self.value(field, range.get_value((row, c)), &cell) {
                    set(&mut self.root, &path, value);
                }
            }
        }
    }

    /// `extra:`: 名称 with a value, or with 项 and 值 pairs.
    fn extra(&mut self, sheet: &'static Sheet, range: &Range<Data>) {
        let rows = self.rows(sheet, range);
        let mut extra = Mapping::new();
        for row in rows {
            let Some(key) = row.values[0].as_str().map(str::to_string) else {
                continue;
            };
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

    /// A cell's value for the YAML tree, by its field's kind; `None` for an empty cell.
    fn value(&mut self, field: &Field, data: Option<&Data>, cell: &str) -> Option<Value> {
        let problem = |message: String, hint: &str| {
            Diagnostic::error(Rule::Y02, field.path, message).with_hint(hint.to_string())
        };
        let data = match data {
            Some(Data::Error(error)) => {
                self.problem(
                    problem(
                        format!("“{}”是 Excel 的错误值 {error}", field.label),
                        "改成数值或文字；公式请先复制后“选择性粘贴为数值”",
                    ),
                    cell.to_string(),
                );
                return None;
            }
            data if is_blank(data) => {
                if field.required {
                    self.problem(
                        problem(
                            format!("“{}”不能为空", field.label),
                            "填写这一格（列表中不要的一行，请把整行删除）",
                        ),
                        cell.to_string(),
                    );
                }
                return None;
            }
            Some(data) => data,
            None => return None,
        };
        let number = match data {
            Data::Float(n) => Some(*n),
            Data::Int(n) => Some(*n as f64),
            _ => None,
        };
        let typed = text(Some(data)).unwrap_or_default();
        let value = match field.kind {
            Kind::Amount => Value::String(match number {
                Some(n) => decimal_text(n, self.unit.decimals()).unwrap_or(typed),
                None => without_grouping(&typed),
            }),
            Kind::Code(_) | Kind::FunctionCode if number.is_some() => {
                let digits = match field.kind {
                    Kind::FunctionCode => Some(7),
                    Kind::Code(digits) => digits,
                    _ => None,
                };
                let n = number.unwrap_or_default();
                let Some(code) = whole_text(n) else {
                    let message = if n.abs() >= 1e15 {
                        format!(
                            "编码“{}”太长，Excel 把它存成了数字，后几位已经丢失",
                            field.label
                        )
                    } else {
                        format!("编码应为整数编码，这里是 {typed}")
                    };
                    self.problem(
                        problem(message, "把这一列设为“文本”格式，再重新输入编码"),
                        cell.to_string(),
                    );
                    return None;
                };
                if let Some(digits) = digits.filter(|d| code.len() < *d) {
                    self.problem(
                        problem(
                            format!(
                                "“{}”应为 {digits} 位，这里是数字 {code}：开头的 0 被 Excel 去掉了",
                                field.label
                            ),
                            "把这一列设为“文本”格式，再重新输入编码（保留开头的 0）",
                        ),
                        cell.to_string(),
                    );
                    return None;
                }
                Value::String(code)
            }
            Kind::Integer => {
                // Anything but a whole number goes on as text, for the loader to refuse.
                let text = number.and_then(whole_text).unwrap_or(typed);
                text.parse::<i64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(text))
            }
            Kind::Bool => match typed.as_str() {
                "是" | "TRUE" | "true" => Value::Bool(true),
                "否" | "FALSE" | "false" => Value::Bool(false),
                _ => {
                    self.problem(
                        problem(
                            format!("“{}”应填“是”或“否”，这里是“{typed}”", field.label),
                            "从下拉列表中选择",
                        ),
                        cell.to_string(),
                    );
                    return None;
                }
            },
            Kind::Date => Value::String(match (data, number) {
                (Data::DateTime(_), _) => typed,
                (_, Some(serial)) => date_text(serial),
                _ => typed,
            }),
            Kind::Choice(choices) => match field.kind.value_of(&typed) {
                Some(value) => Value::String(value.to_string()),
                None => {
                    let labels: Vec<&str> = choices.iter().map(|(_, l)| *l).collect();
                    self.problem(
                        problem(
                            format!("“{}”应为下拉列表中的一项，这里是“{typed}”", field.label),
                            &format!("可选：{}", labels.join("、")),
                        ),
                        cell.to_string(),
                    );
                    return None;
                }
            },
            Kind::Scalar => match number {
                Some(n) => match whole_text(n).and_then(|w| w.parse::<i64>().ok()) {
                    Some(whole) => Value::from(whole),
                    None => Value::from(n),
                },
                None => Value::String(typed),
            },
            Kind::Text | Kind::LongText | Kind::Code(_) | Kind::FunctionCode => match data {
                // A number typed into a text column reads as typed; a text keeps its line breaks.
                Data::String(raw) => Value::String(raw.trim_end().to_string()),
                _ => Value::String(typed),
            },
        };
        Some(value)
    }
}

/// Whether a cell holds nothing (or only spaces).
fn is_blank(data: Option<&Data>) -> bool {
    match data {
        None | Some(Data::Empty) => true,
        Some(Data::String(text)) => text.trim().is_empty(),
        _ => false,
    }
}

/// A number typed as text with thousands separators (`1,234.56`), without them; any other text
/// as it is, for the loader to judge.
fn without_grouping(text: &str) -> String {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let groups: Vec<&str> = whole.trim_start_matches('-').split(',').collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
        && fraction.chars().all(|c| c.is_ascii_digit());
    if grouped {
        text.replace(',', "")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_dates_are_civil_dates() {
        assert_eq!(date_text(44958.0), "2023-02-01");
        assert_eq!(date_text(45323.0), "2024-02-01");
        assert_eq!(date_text(25569.0), "1970-01-01");
    }

    #[test]
    fn thousands_separators_are_dropped_only_where_they_group_digits() {
        assert_eq!(without_grouping("1,234.56"), "1234.56");
        assert_eq!(without_grouping("12,345,678"), "12345678");
        assert_eq!(without_grouping("1,23"), "1,23");
        assert_eq!(without_grouping("abc"), "abc");
        assert_eq!(without_grouping("1234.5"), "1234.5");
    }
}
