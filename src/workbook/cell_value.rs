//! One cell read as its field's kind: the value for the YAML tree, or what is wrong with it.
//! Numbers are read as the decimal typed (never through float arithmetic), dates as the calendar
//! date shown (in either of Excel's date systems), percentages as shown (`95%`), codes as text
//! that keeps every digit.

use super::grid::{is_blank, Cell};
use super::schema::{Field, Kind};
use super::value::{decimal_text, whole_text};
use crate::diag::{is_invisible, visible, Diagnostic};
use crate::money::DataUnit;
use crate::rule::Rule;
use calamine::{Data, ExcelDateTime};
use rust_decimal::Decimal;
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
        Kind::Amount => Found::Value(Value::String(match number {
            Some(n) => decimal_text(n, unit.decimals()).unwrap_or(typed),
            None => without_grouping(&typed),
        })),
        Kind::Code(digits) => code(field, data, number, digits),
        Kind::FunctionCode => code(field, data, number, Some(7)),
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
        Kind::Scalar => Found::Value(match (number, cell.percent) {
            (Some(_), Some(_)) => Value::String(typed),
            (Some(n), None) => match whole_text(n).and_then(|w| w.parse::<i64>().ok()) {
                Some(whole) => Value::from(whole),
                None => Value::from(n),
            },
            _ => Value::String(typed),
        }),
        Kind::Text | Kind::LongText => Found::Value(Value::String(match data {
            // A text keeps its line breaks; a number reads as it is shown.
            Data::String(raw) => raw.trim_end().to_string(),
            _ => typed,
        })),
    }
}

/// A cell as the text it shows: numbers as typed (a percent format as `95%`), dates as
/// `YYYY-MM-DD`, booleans as 是/否.
pub fn shown(cell: &Cell) -> Option<String> {
    match &cell.data {
        Data::String(text) => Some(text.trim().to_string()).filter(|t| !t.is_empty()),
        Data::Float(number) => Some(match cell.percent {
            Some(places) => percent_text(*number, places)?,
            None => format!("{number}"),
        }),
        Data::Int(number) => Some(match cell.percent {
            Some(places) => percent_text(*number as f64, places)?,
            None => number.to_string(),
        }),
        Data::Bool(value) => Some(if *value { "是" } else { "否" }.into()),
        Data::DateTimeIso(text) | Data::DurationIso(text) => Some(text.clone()),
        Data::DateTime(date) => Some(date_of(date)),
        Data::Error(_) | Data::Empty => None,
    }
}

/// A number under a percent format, as Excel shows it: 0.95 with `0%` is `95%`.
fn percent_text(number: f64, places: usize) -> Option<String> {
    let value: Decimal = format!("{number}").parse().ok()?;
    let percent = (value * Decimal::from(100)).round_dp_with_strategy(
        places as u32,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    Some(format!("{percent:.places$}%"))
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
fn code(field: &Field, data: &Data, number: Option<f64>, digits: Option<usize>) -> Found {
    let wrong = |message: String, hint: &str| {
        Found::Wrong(Box::new(
            Diagnostic::error(Rule::Y02, field.path, message).with_hint(hint.to_string()),
        ))
    };
    let Some(n) = number else {
        let text = match data {
            Data::String(text) => text.trim().to_string(),
            other => shown(&Cell {
                data: other.clone(),
                percent: None,
                unsaved_formula: None,
            })
            .unwrap_or_default(),
        };
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
mod tests {
    use super::*;
    use crate::workbook::schema::sheet;

    fn field(sheet_name: &str, label: &str) -> &'static Field {
        sheet(sheet_name)
            .unwrap()
            .fields
            .iter()
            .find(|f| f.label == label)
            .unwrap()
    }

    fn cell(data: Data) -> Cell {
        Cell {
            data,
            percent: None,
            unsaved_formula: None,
        }
    }

    fn value(field: &Field, cell: Cell) -> Value {
        match read(field, Some(&cell), DataUnit::Wan) {
            Found::Value(value) => value,
            other => panic!("{other:?}"),
        }
    }

    fn wrong(field: &Field, cell: Cell) -> String {
        match read(field, Some(&cell), DataUnit::Wan) {
            Found::Wrong(diagnostic) => diagnostic.message,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn thousands_separators_are_dropped_only_where_they_group_digits() {
        assert_eq!(without_grouping("1,234.56"), "1234.56");
        assert_eq!(without_grouping("12,345,678"), "12345678");
        assert_eq!(without_grouping("1,23"), "1,23");
        assert_eq!(without_grouping("abc"), "abc");
        assert_eq!(without_grouping("1234.5"), "1234.5");
    }

    #[test]
    fn a_percent_cell_reads_as_it_is_shown() {
        let indicator = field("绩效目标", "指标值");
        let percent = |number, places| Cell {
            data: Data::Float(number),
            percent: Some(places),
            unsaved_formula: None,
        };
        assert_eq!(value(indicator, percent(1.0, 0)), Value::from("100%"));
        assert_eq!(value(indicator, percent(0.95, 0)), Value::from("95%"));
        assert_eq!(value(indicator, percent(0.955, 1)), Value::from("95.5%"));
        assert_eq!(value(indicator, percent(0.9, 2)), Value::from("90.00%"));
        // Without the format, the number is what it shows.
        assert_eq!(
            value(indicator, cell(Data::Float(0.95))),
            Value::from("0.95")
        );
    }

    #[test]
    fn dates_are_read_as_shown_in_either_date_system() {
        let published = field("单位信息", "发布日期");
        let serial = |value, is_1904| {
            cell(Data::DateTime(ExcelDateTime::new(
                value,
                calamine::ExcelDateTimeType::DateTime,
                is_1904,
            )))
        };
        assert_eq!(
            value(published, serial(44958.0, false)),
            Value::from("2023-02-01")
        );
        // A Mac workbook counts from 1904: the same date is 1,462 days fewer.
        assert_eq!(
            value(published, serial(43496.0, true)),
            Value::from("2023-02-01")
        );
        let iso = cell(Data::DateTimeIso("2023-02-01T00:00:00".into()));
        assert_eq!(value(published, iso), Value::from("2023-02-01"));
        assert_eq!(
            value(published, cell(Data::Float(20230201.0))),
            Value::from("2023-02-01")
        );
        assert!(wrong(published, cell(Data::Float(2023.2))).contains("不是日期"));
        assert!(wrong(published, cell(Data::Float(2023.0))).contains("不是日期"));
        for typed in [
            "2023/2/1",
            "2023.02.01",
            "2023年2月1日",
            "20230201",
            "2023-02-01",
        ] {
            let text = cell(Data::String(typed.into()));
            assert_eq!(value(published, text), Value::from("2023-02-01"), "{typed}");
        }
    }

    #[test]
    fn codes_keep_every_digit_or_are_refused() {
        let project = field("项目", "项目编码");
        let economic = field("支出经济分类", "部门经济分类编码");
        // Excel keeps 15 significant digits: a 16-digit code typed as a number is altered.
        assert!(wrong(project, cell(Data::Float(4_107_002_200_000_029.0))).contains("15 位"));
        assert!(matches!(
            read(project, Some(&cell(Data::Float(999_999_999_999_999.0))), DataUnit::Wan),
            Found::NumericCode(code) if code == "999999999999999"
        ));
        assert!(wrong(economic, cell(Data::Float(3010.0))).contains("开头的 0"));
        assert_eq!(
            value(economic, cell(Data::Float(30101.0))),
            Value::from("30101")
        );
        assert_eq!(
            value(project, cell(Data::String(" 410700\u{3000}".into()))),
            Value::from("410700")
        );
        let hidden = wrong(project, cell(Data::String("4107\u{200B}00".into())));
        assert!(hidden.contains("\\u200b"), "{hidden}");
    }

    #[test]
    fn a_formula_without_its_value_and_an_overlong_cell_are_named() {
        let amount = field("控制数", "基本支出");
        let formula = Cell {
            data: Data::Empty,
            percent: None,
            unsaved_formula: Some("SUM(B2:B3)".into()),
        };
        let message = wrong(amount, formula);
        assert!(message.contains("=SUM(B2:B3)") && message.contains("没有保存"));
        let duties = field("主要职责", "职责（每段一行）");
        let long = cell(Data::String("职".repeat(MAX_CELL_CHARS + 1)));
        assert!(wrong(duties, long).contains("32767"));
    }
}
