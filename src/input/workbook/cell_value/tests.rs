//! Cells read as Excel, WPS and people make them.

use super::*;
use crate::input::workbook::schema::sheet;

fn field(sheet_name: &str, label: &str) -> &'static Field {
    sheet(sheet_name)
        .unwrap()
        .fields
        .iter()
        .find(|f| f.label == label)
        .unwrap()
}

fn cell(data: Data) -> Cell {
    Cell::plain(data)
}

fn formatted(data: Data, format: &str) -> Cell {
    Cell {
        data,
        format: Some(format.into()),
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
    let percent = |number, format| formatted(Data::Float(number), format);
    assert_eq!(value(indicator, percent(1.0, "0%")), Value::from("100%"));
    assert_eq!(value(indicator, percent(0.95, "0%")), Value::from("95%"));
    assert_eq!(
        value(indicator, percent(0.955, "0.0%")),
        Value::from("95.5%")
    );
    assert_eq!(
        value(indicator, percent(0.9, "0.00%")),
        Value::from("90.00%")
    );
    assert_eq!(
        value(indicator, percent(0.95, "\"≥\"0%")),
        Value::from("≥95%")
    );
    assert_eq!(
        value(indicator, percent(87.04, "\"≤\"0.00\"万元\"")),
        Value::from("≤87.04万元")
    );
    // An ISO date cell (`t="d"`) shows its date, under its format if it has one.
    let iso = |format: Option<&str>| Cell {
        data: Data::DateTimeIso("2025-08-31T00:00:00".into()),
        format: format.map(Into::into),
        unsaved_formula: None,
    };
    assert_eq!(value(indicator, iso(None)), Value::from("2025-08-31"));
    assert_eq!(
        value(indicator, iso(Some("yyyy\"年\"m\"月\"d\"日\""))),
        Value::from("2025年8月31日")
    );
    // A short ISO date, as some writers give it.
    let short = cell(Data::DateTimeIso("2025-8-1".into()));
    assert_eq!(value(indicator, short), Value::from("2025-08-01"));
    let timed = cell(Data::DateTimeIso("2025-08-31T13:00:00".into()));
    assert!(wrong(indicator, timed).contains("带时间的日期"));
    // General shows at most about ten digits: a formula's 6.666666666666667 is refused.
    let many = wrong(indicator, cell(Data::Float(20.0 / 3.0)));
    assert!(many.contains("6.666666666666667"), "{many}");
    assert_eq!(
        value(indicator, cell(Data::Bool(true))),
        Value::from("TRUE")
    );
    // A text under a format with a text section shows its literals.
    let text = formatted(Data::String("95%".into()), "\"≥\"@");
    assert_eq!(value(indicator, text), Value::from("≥95%"));
    // A format that cannot be shown exactly is refused, not guessed.
    let time = formatted(Data::Float(0.5), "h:mm");
    assert!(wrong(indicator, time).contains("h:mm"));
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
    // A number shown with its leading zeros is the code it shows.
    let padded = formatted(Data::Float(30016.0), "000000");
    assert_eq!(
        value(field("单位信息", "单位代码"), padded),
        Value::from("030016")
    );
    let wide = wrong(
        field("支出功能分类", "科目编码"),
        cell(Data::String("２０８０１０９".into())),
    );
    assert!(wide.contains("全角"), "{wide}");
}

#[test]
fn a_formula_without_its_value_and_an_overlong_cell_are_named() {
    let amount = field("控制数", "基本支出");
    let formula = Cell {
        data: Data::Empty,
        format: None,
        unsaved_formula: Some("SUM(B2:B3)".into()),
    };
    let message = wrong(amount, formula);
    assert!(message.contains("=SUM(B2:B3)") && message.contains("没有保存"));
    let duties = field("主要职责", "职责（每段一行）");
    let long = cell(Data::String("职".repeat(MAX_CELL_CHARS + 1)));
    assert!(wrong(duties, long).contains("32767"));
    // Exactly Excel's most is a cell Excel can hold.
    let most = cell(Data::String("职".repeat(MAX_CELL_CHARS)));
    assert!(
        matches!(value(duties, most), Value::String(text) if text.chars().count() == MAX_CELL_CHARS)
    );
}
