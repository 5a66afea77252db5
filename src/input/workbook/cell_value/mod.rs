//! One cell read as its field's kind: the value for the YAML tree, or what is wrong with it.
//! Numbers are read as the decimal typed (never through float arithmetic), dates as the calendar
//! date shown (in either of Excel's date systems), percentages as shown (`95%`), codes as text
//! that keeps every digit.

use super::display::{Moment, Shown};
use super::grid::{is_blank, Cell};
use super::schema::{Field, Kind};
use super::value::{decimal_text, whole_text};
use crate::base::text::{is_invisible, visible};
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::money::DataUnit;
use calamine::{Data, ExcelDateTime};
use serde_yaml::Value;

/// The most characters one cell can hold in Excel (and WPS).
pub const MAX_CELL_CHARS: usize = 32_767;

/// Excel keeps 15 significant digits: a longer number typed in a cell has lost its last digits.
const EXCEL_DIGITS: f64 = 1e15;

/// What a cell gave.
#[derive(Debug)]
pub enum Found {
    /// Nothing (a required field's caller says so).
    Empty,
    /// A value for the YAML tree.
    Value(Value),
    /// A code of a free-length column that was a number cell: right unless Excel dropped its
    /// leading zeros, which only the other codes beside it can tell.
    NumericCode(String),
    /// What is wrong with it.
    Wrong(Box<Diagnostic>),
}

/// Reads `cell` as `field`'s kind; amounts at the precision of `unit`.
pub fn read(field: &Field, cell: Option<&Cell>, unit: DataUnit) -> Found {
    let wrong = |message: String, hint: &str| {
        Found::Wrong(Box::new(
            Diagnostic::error(Rule::Y02, field.path, message).with_hint(hint.to_string()),
        ))
    };
    let Some(cell) = cell else {
        return Found::Empty;
    };
    if let Some(formula) = &cell.unsaved_formula {
        return wrong(
            format!(
                "“{}”是公式 ={formula}，但文件中没有保存它的计算结果",
                field.label
            ),
            "用 Excel 或 WPS 打开工作簿、保存一次（会算出并保存公式的值），或把公式“选择性粘贴为数值”",
        );
    }
    let data = &cell.data;
    if let Data::Error(error) = data {
        return wrong(
            format!("“{}”是 Excel 的错误值 {error}", field.label),
            "改成数值或文字；公式请先复制后“选择性粘贴为数值”",
        );
    }
    if is_blank(data) {
        return Found::Empty;
    }
    if let Data::String(text) = data {
        let length = text.chars().count();
        if length > MAX_CELL_CHARS {
            return wrong(
                format!(
                    "“{}”有 {length} 个字符，超过了 Excel 一个单元格最多 {MAX_CELL_CHARS} 个字符的上限",
                    field.label
                ),
                "这不是 Excel 或 WPS 能保存的单元格；删减文字，或分成几行填写",
            );
        }
    }
    let number = match data {
        Data::Float(n) => Some(*n),
        Data::Int(n) => Some(*n as f64),
        _ => None,
    };
    let typed = shown(cell).unwrap_or_default();
    match field.kind {
        Kind::Amount if matches!(data, Data::DateTime(_) | Data::DateTimeIso(_)) => wrong(
            format!(
                "“{}”的单元格是日期格式（显示为 {typed}），不是金额",
                field.label
            ),
            "选中这一格，把单元格格式改为“数值”，再输入金额",
        ),
        Kind::Amount => Found::Value(Value::String(match number {
            Some(n) => decimal_text(n, unit.decimals()).unwrap_or(typed),
            None => without_grouping(&typed),
        })),
        Kind::Code(digits) => code(field, cell, number, digits),
        Kind::FunctionCode => code(field, cell, number, Some(7)),
        Kind::Integer => {
            // Anything but a whole number goes on as text, for the loader to refuse.
            let text = number.and_then(whole_text).unwrap_or(typed);
            Found::Value(
                text.parse::<i64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(text)),
            )
        }
        Kind::Bool => match typed.as_str() {
            "是" | "TRUE" | "true" => Found::Value(Value::Bool(true)),
            "否" | "FALSE" | "false" => Found::Value(Value::Bool(false)),
            _ => wrong(
                format!(
                    "“{}”应填“是”或“否”，这里是“{}”",
                    field.label,
                    visible(&typed)
                ),
                "从下拉列表中选择",
            ),
        },
        Kind::Date => date(field, data, number, &typed),
        Kind::Choice(choices) => match field.kind.value_of(&typed) {
            Some(value) => Found::Value(Value::String(value.to_string())),
            None => {
                let labels: Vec<&str> = choices.iter().map(|(_, l)| *l).collect();
                wrong(
                    format!(
                        "“{}”应为下拉列表中的一项，这里是“{}”",
                        field.label,
                        visible(&typed)
                    ),
                    &format!("可选：{}", labels.join("、")),
                )
            }
        },
        Kind::Scalar | Kind::Text | Kind::LongText => match displayed(cell) {
            Err(refusal) => wrong(
                format!("“{}”{}", field.label, refusal.said()),
                "选中这一格，把单元格格式设为“文本”，再照样输入要印的内容",
            ),
            // A number shown as General stays a number (a count); anything else is the text.
            Ok(None) if field.kind == Kind::Scalar && number.is_some() => {
                let n = number.unwrap_or_default();
                Found::Value(match whole_text(n).and_then(|w| w.parse::<i64>().ok()) {
                    Some(whole) => Value::from(whole),
                    None => Value::from(n),
                })
            }
            Ok(Some(text)) => Found::Value(Value::String(text)),
            Ok(None) => Found::Value(Value::String(match data {
                // A text keeps its line breaks.
                Data::String(raw) => raw.trim_end().to_string(),
                _ => typed,
            })),
        },
    }
}

/// Why a cell's text cannot be known as the user sees it.
#[derive(Debug)]
enum Refusal {
    /// A number format that is not rendered.
    Format(String),
    /// A date cell that also holds a time of day, with no format to say how it shows.
    Time(String),
    /// A number with more digits than Excel's General format shows (a formula's result).
    Digits(String),
}

impl Refusal {
    fn said(&self) -> String {
        match self {
            Refusal::Format(format) => {
                format!("的单元格格式是“{format}”，yusuan 无法确定它显示的样子")
            }
            Refusal::Time(value) => format!("是带时间的日期 {value}，yusuan 无法确定它显示的样子"),
            Refusal::Digits(value) => format!(
                "是 {value}，Excel 只显示其中的几位（常规格式最多显示 11 位）：印哪几位无法确定"
            ),
        }
    }
}

/// The most significant digits Excel's General format shows in a cell; a number with more
/// (`6.666666666666667`, a formula's result) shows rounded, by the column's width.
const GENERAL_DIGITS: usize = 10;

/// What a cell shows under its format, when that differs from General: `Ok(None)` for
/// General, `Err` for what is not rendered.
fn displayed(cell: &Cell) -> Result<Option<String>, Refusal> {
    let format = cell.format.as_deref();
    let (value, moment) = match &cell.data {
        Data::String(text) => {
            return match super::display::text(text, format) {
                Shown::General => Ok(None),
                Shown::Text(text) => Ok(Some(text)),
                Shown::Unknown => Err(Refusal::Format(format.unwrap_or("").to_string())),
            }
        }
        // As Excel shows a logical value.
        Data::Bool(value) => return Ok(Some(if *value { "TRUE" } else { "FALSE" }.into())),
        Data::Float(n) => (*n, None),
        Data::Int(n) => (*n as f64, None),
        Data::DateTime(date) => {
            let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
            let moment = Moment {
                date: (year, month, day),
                time: (hour, minute, second),
            };
            (date.as_f64(), Some(moment))
        }
        Data::DateTimeIso(iso) => {
            let moment = iso_moment(iso).ok_or_else(|| Refusal::Time(iso.clone()))?;
            if format.is_none() {
                let (year, month, day) = moment.date;
                return match moment.time {
                    (0, 0, 0) => Ok(Some(format!("{year:04}-{month:02}-{day:02}"))),
                    _ => Err(Refusal::Time(iso.clone())),
                };
            }
            (0.0, Some(moment))
        }
        _ => return Ok(None),
    };
    match super::display::shown(value, moment, format) {
        Shown::General if moment.is_some() => Ok(shown(cell)),
        Shown::General => {
            let general = format!("{value}");
            if super::value::significant_digits(&general) > GENERAL_DIGITS {
                return Err(Refusal::Digits(general));
            }
            Ok(None)
        }
        Shown::Text(text) => Ok(Some(text)),
        Shown::Unknown => Err(Refusal::Format(format.unwrap_or("").to_string())),
    }
}

/// The date and time of an ISO cell (`2025-08-31T00:00:00`).
fn iso_moment(iso: &str) -> Option<Moment> {
    let (date, time) = iso.split_once('T').unwrap_or((iso, "00:00:00"));
    let mut date = date.splitn(3, '-').map(|p| p.parse::<u16>().ok());
    let (year, month, day) = (date.next()??, date.next()??, date.next()??);
    let mut time = time
        .splitn(3, ':')
        .map(|p| p.get(..2).and_then(|p| p.parse::<u8>().ok()));
    let (hour, minute, second) = (
        time.next().flatten().unwrap_or(0),
        time.next().flatten().unwrap_or(0),
        time.next().flatten().unwrap_or(0),
    );
    Some(Moment {
        date: (year, u8::try_from(month).ok()?, u8::try_from(day).ok()?),
        time: (hour, minute, second),
    })
}

/// A cell as Excel's General format shows it: numbers as typed, dates as `YYYY-MM-DD`,
/// booleans as 是/否 (labels, headers, amounts and choices are read so).
pub fn shown(cell: &Cell) -> Option<String> {
    match &cell.data {
        Data::String(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        Data::Float(number) => Some(format!("{number}")),
        Data::Int(number) => Some(number.to_string()),
        Data::Bool(value) => Some(if *value { "是" } else { "否" }.into()),
        Data::DateTimeIso(text) | Data::DurationIso(text) => Some(text.clone()),
        Data::DateTime(date) => Some(date_of(date)),
        Data::Error(_) | Data::Empty => None,
    }
}

/// A date cell's calendar date, `YYYY-MM-DD`, in the workbook's date system (1900 or, from a
/// Mac, 1904).
pub fn date_of(date: &ExcelDateTime) -> String {
    let (year, month, day, ..) = date.to_ymd_hms_milli();
    format!("{year:04}-{month:02}-{day:02}")
}

/// A date: a date cell, an ISO date cell (`t="d"`), or a text the loader checks. A plain
/// number is not a date (2023 would be day 2023 of 1900, in July 1905), except the eight
/// digits budget systems export (20230201).
fn date(field: &Field, data: &Data, number: Option<f64>, typed: &str) -> Found {
    let text = match data {
        Data::DateTime(date) => date_of(date),
        Data::DateTimeIso(iso) => iso.split('T').next().unwrap_or(iso).to_string(),
        _ => match number {
            Some(n) => match whole_text(n).filter(|w| w.len() == 8) {
                Some(digits) => format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]),
                None => {
                    return Found::Wrong(Box::new(
                        Diagnostic::error(
                            Rule::U01,
                            field.path,
                            format!("“{}”是数字 {typed}，不是日期", field.label),
                        )
                        .with_hint(
                            "写成日期，如 2023-02-01（或把单元格设为“文本”后输入 2023-02-01）",
                        ),
                    ))
                }
            },
            None => text_date(typed),
        },
    };
    Found::Value(Value::String(text))
}

/// A date typed as text in the ways people type one (`2023/2/1`, `2023.2.1`, `2023年2月1日`,
/// `20230201`), as `YYYY-MM-DD`; anything else as it is, for the loader to judge.
fn text_date(typed: &str) -> String {
    let digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    if typed.len() == 8 && digits(typed) {
        return format!("{}-{}-{}", &typed[..4], &typed[4..6], &typed[6..]);
    }
    let parts: Vec<&str> = typed
        .trim_end_matches('日')
        .split(['/', '.', '-', '年', '月'])
        .collect();
    match parts.as_slice() {
        [year, month, day] if year.len() == 4 && parts.iter().all(|p| digits(p)) => {
            format!("{year}-{month:0>2}-{day:0>2}")
        }
        _ => typed.to_string(),
    }
}

/// A code: text as typed (without the spaces around it), or a number cell that still holds
/// every digit. Invisible characters inside are refused: the code would print the same and
/// match nothing.
fn code(field: &Field, cell: &Cell, number: Option<f64>, digits: Option<usize>) -> Found {
    let wrong = |message: String, hint: &str| {
        Found::Wrong(Box::new(
            Diagnostic::error(Rule::Y02, field.path, message).with_hint(hint.to_string()),
        ))
    };
    // A number shown with its leading zeros (a `000000` format) is the code it shows.
    let padded = number.and_then(|_| displayed(cell).ok().flatten());
    let padded = padded.filter(|text| !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()));
    let number = number.filter(|_| padded.is_none());
    let Some(n) = number else {
        let text = match (&cell.data, padded) {
            (_, Some(padded)) => padded,
            (Data::String(text), None) => text.trim().to_string(),
            (_, None) => shown(cell).unwrap_or_default(),
        };
        if let Some(wide) = crate::base::numerals::half_width(&text) {
            return wrong(
                format!("“{}”是全角数字“{text}”", field.label),
                &format!("改成半角数字：{wide}（关掉输入法的全角，或在英文状态下输入）"),
            );
        }
        if let Some(c) = text.chars().find(|c| is_invisible(*c)) {
            return wrong(
                format!(
                    "“{}”中有看不见的字符 {}：“{}”",
                    field.label,
                    visible(&c.to_string()),
                    visible(&text)
                ),
                "删除这一格后重新输入编码（从网页或微信复制的文字常带着看不见的字符）",
            );
        }
        return Found::Value(Value::String(text));
    };
    if n.abs() >= EXCEL_DIGITS {
        return wrong(
            format!(
                "编码“{}”太长，Excel 把它存成了数字，只保留 15 位有效数字，后几位已经丢失",
                field.label
            ),
            "把这一列设为“文本”格式，再重新输入编码",
        );
    }
    let Some(code) = whole_text(n) else {
        return wrong(
            format!("“{}”应为整数编码，这里是 {n}", field.label),
            "把这一列设为“文本”格式，再重新输入编码",
        );
    };
    match digits {
        Some(digits) if code.len() < digits => wrong(
            format!(
                "“{}”应为 {digits} 位，这里是数字 {code}：开头的 0 被 Excel 去掉了",
                field.label
            ),
            "把这一列设为“文本”格式，再重新输入编码（保留开头的 0）",
        ),
        Some(_) => Found::Value(Value::String(code)),
        None => Found::NumericCode(code),
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
mod tests;
