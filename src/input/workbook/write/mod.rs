//! Writing the data workbook: each sheet of [`SHEETS`] with Chinese headers, frozen header
//! rows, `#,##0.00` amounts, codes kept as text, drop-down lists for the closed vocabularies,
//! widths that fit, and a 说明 sheet that explains every column.

mod layout;
mod rows;
mod styles;

use super::schema::{
    Field, Kind, Shape, Sheet, GOAL_CATEGORIES, GUIDE_SHEET, LISTS_SHEET, OFFICES, SHEETS,
};
use super::value::{get, text_of};
use crate::base::text::excel_width as text_width;
use crate::model::classification::Catalogue;
use crate::model::money::tree::{self, AmountText};
use crate::model::Budget;
use anyhow::{anyhow, bail, Context, Result};
use layout::Layout;
use rows::{extra_rows, goal_rows, three_public_rows};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet,
};
use serde_yaml::Value;
use styles::Styles;

/// The rows a list sheet offers drop-downs and formats on, past the data (room to add lines).
const SPARE_ROWS: u32 = 500;

/// The rows below the data given the column's format as well (codes typed there stay text).
const FORMATTED_ROWS: u32 = 50;

/// The workbook of `budget`'s data, or an empty one to fill (`None`). Drop-down lists of 功能分类
/// codes come from `catalogue` where there is one. The bytes depend only on the data.
pub fn write(budget: Option<&Budget>, catalogue: Option<&Catalogue>) -> Result<Vec<u8>> {
    let data = match budget {
        Some(budget) => {
            tree::in_unit(budget, budget.amount_unit, AmountText::Shown).context("数据无法转换")?
        }
        None => Value::Null,
    };
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    let (year, month, day) = budget
        .map(|b| {
            let date = &b.unit.published;
            (date.year, date.month, date.day)
        })
        .unwrap_or((2000, 1, 1));
    let created = ExcelDateTime::from_ymd(year, month, day).map_err(|e| anyhow!("{e}"))?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));

    guide(workbook.add_worksheet(), &styles)?;
    let codes = function_codes(catalogue);
    for sheet in SHEETS {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(sheet.name)?;
        let layout = Layout {
            sheet,
            styles: &styles,
            function_codes: codes.len(),
        };
        match sheet.shape {
            Shape::Form => layout.form(worksheet, &data)?,
            Shape::List { root } => {
                let items = get(&data, root)
                    .and_then(Value::as_sequence)
                    .cloned()
                    .unwrap_or_default();
                layout.list(worksheet, &items)?
            }
            Shape::Texts { root } => {
                let rows: Vec<Value> = match get(&data, root) {
                    Some(Value::Sequence(items)) => items.clone(),
                    Some(text @ Value::String(_)) => vec![text.clone()],
                    _ => Vec::new(),
                };
                let rows: Vec<Vec<Value>> = rows.into_iter().map(|text| vec![text]).collect();
                layout.rows(worksheet, &rows)?
            }
            Shape::Offices => {
                let mut rows = Vec::new();
                for (path, label) in OFFICES {
                    for name in get(&data, path)
                        .and_then(Value::as_sequence)
                        .into_iter()
                        .flatten()
                    {
                        rows.push(vec![Value::String((*label).into()), name.clone()]);
                    }
                }
                layout.rows(worksheet, &rows)?
            }
            Shape::Goals => layout.rows(worksheet, &goal_rows(&data)?)?,
            Shape::ThreePublic => layout.rows(worksheet, &three_public_rows(&data)?)?,
            Shape::Extra => layout.rows(worksheet, &extra_rows(&data)?)?,
        }
    }
    let lists = workbook.add_worksheet();
    lists.set_name(LISTS_SHEET)?;
    lists.write_string_with_format(0, 0, "功能分类编码", &styles.header)?;
    lists.write_string_with_format(0, 1, "科目名称", &styles.header)?;
    for (row, (code, name)) in codes.iter().enumerate() {
        lists.write_string_with_format(row as u32 + 1, 0, code.as_str(), &styles.code)?;
        lists.write_string(row as u32 + 1, 1, name.as_str())?;
    }
    lists.set_column_width(0, 14)?;
    lists.set_column_width(1, 40)?;
    lists.set_hidden(true);
    crate::base::zip_package::repackaged(&workbook.save_to_buffer().context("工作簿无法生成")?)
}

/// The year's 项级 功能分类 codes with their names.
fn function_codes(catalogue: Option<&Catalogue>) -> Vec<(String, String)> {
    catalogue
        .map(|c| {
            c.functions
                .iter()
                .filter(|(code, _)| code.len() == 7)
                .map(|(code, name)| (code.clone(), name.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The 说明 sheet: what each sheet is for and what each of its columns holds.
fn guide(ws: &mut Worksheet, styles: &Styles) -> Result<()> {
    ws.set_name(GUIDE_SHEET)?;
    ws.write_string_with_format(
        0,
        0,
        "yusuan 单位预算数据工作簿：填写说明",
        &styles.guide_title,
    )?;
    let lines = [
        "每个工作表是数据的一部分；第 1 行是列名，不要改动列名和工作表名，可以增删数据行。",
        "金额按“单位信息”中的金额单位（万元或元）填写数字；合计、小计、占比和增减都由 yusuan 计算，不要填写。",
        "编码列是文本格式：保留开头的 0；超过 15 位的编码（如项目编码）必须是文本，Excel 会把数字的后几位变成 0。",
        "检查：yusuan validate 本文件.xlsx；生成预算书：yusuan build 本文件.xlsx。出错时信息指出工作表和单元格（如 支出经济分类!G5）。",
    ];
    for (index, line) in lines.iter().enumerate() {
        ws.write_string(index as u32 + 1, 0, *line)?;
    }
    let top = lines.len() as u32 + 2;
    for (column, header) in ["工作表", "列（或项目）", "内容", "必填", "说明"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(top, column as u16, *header, &styles.header)?;
    }
    let mut row = top + 1;
    for sheet in SHEETS {
        ws.write_string_with_format(row, 0, sheet.name, &styles.label)?;
        ws.write_string_with_format(row, 1, "", &styles.label)?;
        ws.write_string_with_format(row, 2, sheet.purpose, &styles.label)?;
        ws.write_string_with_format(row, 3, "", &styles.label)?;
        ws.write_string_with_format(row, 4, "", &styles.label)?;
        row += 1;
        for field in sheet.fields {
            ws.write_string_with_format(row, 0, sheet.name, &styles.text)?;
            ws.write_string_with_format(row, 1, field.label, &styles.text)?;
            ws.write_string_with_format(row, 2, field.kind.describe(), &styles.text)?;
            ws.write_string_with_format(
                row,
                3,
                if field.required { "是" } else { "" },
                &styles.text,
            )?;
            ws.write_string_with_format(row, 4, field.help, &styles.long_text)?;
            row += 1;
        }
    }
    let widths = [16.0, 30.0, 44.0, 6.0, 60.0];
    for (column, width) in widths.iter().enumerate() {
        ws.set_column_width(column as u16, *width)?;
    }
    // The help texts wrap in their column: rows tall enough for them.
    let mut row = top + 1;
    for sheet in SHEETS {
        row += 1;
        for field in sheet.fields {
            set_height(ws, row, lines_in(field.help, widths[4]))?;
            row += 1;
        }
    }
    ws.set_freeze_panes(top + 1, 0)?;
    print_setup(ws, true, top)?;
    ws.set_active(true);
    Ok(())
}

/// Prints on A4, one page wide, landscape for wide sheets, with the header row on every page.
fn print_setup(ws: &mut Worksheet, landscape: bool, header_row: u32) -> Result<()> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    Ok(())
}

/// The lines `text` takes in a wrapping column `width` units wide (a 汉字 counts two), counting
/// its own line breaks.
fn lines_in(text: &str, width: f64) -> usize {
    let room = (width - 2.0).max(1.0);
    text.split('\n')
        .map(|line| (text_width(line) / room).ceil().max(1.0) as usize)
        .sum()
}

/// Sets a row tall enough for `lines` lines of text (spreadsheets do not grow rows by
/// themselves for wrapped text written by a program); one line keeps the default height.
fn set_height(ws: &mut Worksheet, row: u32, lines: usize) -> Result<()> {
    if lines > 1 {
        ws.set_row_height(row, 15.0 * lines as f64)?;
    }
    Ok(())
}

/// A sheet wider than a portrait A4 page holds (about 90 units of width) prints landscape.
fn is_wide(widths: &[f64]) -> bool {
    widths.iter().sum::<f64>() > 90.0
}

/// A column width (in Excel's character units) that fits `value`.
fn width_of(field: &Field, value: Option<&Value>) -> f64 {
    let text = value.and_then(text_of).unwrap_or_default();
    let shown = match field.kind {
        Kind::Choice(_) => field.kind.label_of(&text).unwrap_or(&text).to_string(),
        Kind::Amount => format!("{text},000"),
        _ => text,
    };
    let width = text_width(&shown);
    match field.kind {
        Kind::LongText => width.min(60.0),
        _ => width,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Fund;

    #[test]
    fn funds_are_listed_for_drop_downs_by_label() {
        let kind = Kind::Choice(Fund::CHOICES);
        assert_eq!(kind.label_of("government_fund"), Some("政府性基金"));
        assert_eq!(kind.value_of("政府性基金"), Some("government_fund"));
        assert_eq!(kind.value_of("government_fund"), Some("government_fund"));
        assert_eq!(kind.value_of("基金"), None);
    }
}
