//! Writing the data workbook: each sheet of [`SHEETS`] with Chinese headers, frozen header
//! rows, `#,##0.00` amounts, codes kept as text, drop-down lists for the closed vocabularies,
//! widths that fit, and a 说明 sheet that explains every column.

use super::schema::{
    Field, Kind, Shape, Sheet, GOAL_CATEGORIES, GUIDE_SHEET, LISTS_SHEET, OFFICES, SHEETS,
    THREE_PUBLIC_ITEMS,
};
use super::value::{get, text_of};
use crate::base::text::excel_width as text_width;
use crate::model::classification::Catalogue;
use crate::model::money::tree::{self, AmountText};
use crate::model::Budget;
use anyhow::{anyhow, bail, Context, Result};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet,
};
use serde_yaml::Value;

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
    workbook.save_to_buffer().context("工作簿无法生成")
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

/// The cell formats.
struct Styles {
    header: Format,
    label: Format,
    text: Format,
    long_text: Format,
    amount: Format,
    code: Format,
    integer: Format,
    number: Format,
    guide_title: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_name("宋体")
            .set_font_size(11)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            header: cell
                .clone()
                .set_bold()
                .set_background_color("#DDEBF7")
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            label: cell.clone().set_bold().set_background_color("#F2F2F2"),
            text: cell.clone().set_num_format("@"),
            long_text: cell.clone().set_num_format("@").set_text_wrap(),
            amount: cell.clone().set_num_format("#,##0.00"),
            code: cell.clone().set_num_format("@"),
            integer: cell.clone().set_num_format("0"),
            number: cell.clone(),
            guide_title: Format::new()
                .set_bold()
                .set_font_size(14)
                .set_font_name("宋体"),
        }
    }

    fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Amount => &self.amount,
            Kind::Code(_) | Kind::FunctionCode => &self.code,
            Kind::Integer => &self.integer,
            Kind::LongText => &self.long_text,
            _ => &self.text,
        }
    }
}

/// How one sheet is written.
struct Layout<'a> {
    sheet: &'a Sheet,
    styles: &'a Styles,
    function_codes: usize,
}

impl Layout<'_> {
    /// 项目 | 值 | 说明, one field a row.
    fn form(&self, ws: &mut Worksheet, data: &Value) -> Result<()> {
        for (column, header) in ["项目", "值", "说明"].iter().enumerate() {
            ws.write_string_with_format(0, column as u16, *header, &self.styles.header)?;
        }
        let mut value_width = 12.0f64;
        for (index, field) in self.sheet.fields.iter().enumerate() {
            let row = index as u32 + 1;
            ws.write_string_with_format(row, 0, field.label, &self.styles.label)?;
            // A blank workbook starts a required choice at its first (金额单位: 万元), so
            // that what a new unit leaves alone is the usual value, not an error.
            let first_choice = match field.kind {
                Kind::Choice(choices) if data.is_null() && field.required => choices
                    .first()
                    .map(|(value, _)| Value::String(value.to_string())),
                _ => None,
            };
            let value = get(data, field.path).or(first_choice.as_ref());
            self.cell(ws, row, 1, field, value)?;
            value_width = value_width.max(width_of(field, value));
            let help = format!(
                "{}{}",
                if field.required { "必填。" } else { "" },
                field.help
            );
            ws.write_string(row, 2, help)?;
            self.validate(ws, row, row, 1, field)?;
        }
        let labels = self.sheet.fields.iter().map(|f| text_width(f.label));
        let label_width = labels.fold(8.0, f64::max) + 2.0;
        let value_width = value_width.min(80.0);
        ws.set_column_width(0, label_width)?;
        ws.set_column_width(1, value_width)?;
        ws.set_column_width(2, 50)?;
        for (index, field) in self.sheet.fields.iter().enumerate() {
            if field.kind == Kind::LongText {
                if let Some(text) = get(data, field.path).and_then(text_of) {
                    set_height(ws, index as u32 + 1, lines_in(&text, value_width))?;
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        print_setup(ws, is_wide(&[label_width, value_width, 50.0]), 0)?;
        Ok(())
    }

    /// One item a row, one field a column.
    fn list(&self, ws: &mut Worksheet, items: &[Value]) -> Result<()> {
        let rows: Vec<Vec<Value>> = items
            .iter()
            .map(|item| {
                self.sheet
                    .fields
                    .iter()
                    .map(|field| get(item, field.path).cloned().unwrap_or(Value::Null))
                    .collect()
            })
            .collect();
        self.rows(ws, &rows)
    }

    /// The header row, then `rows` of values in field order.
    fn rows(&self, ws: &mut Worksheet, rows: &[Vec<Value>]) -> Result<()> {
        let last = rows.len() as u32 + SPARE_ROWS;
        let mut widths = Vec::with_capacity(self.sheet.fields.len());
        for (column, field) in self.sheet.fields.iter().enumerate() {
            let column = column as u16;
            ws.write_string_with_format(0, column, field.label, &self.styles.header)?;
            let mut width = text_width(field.label).max(8.0);
            for (index, row) in rows.iter().enumerate() {
                let value = row.get(column as usize).filter(|v| !v.is_null());
                self.cell(ws, index as u32 + 1, column, field, value)?;
                width = width.max(width_of(field, value));
            }
            let width = width.min(60.0) + 2.0;
            ws.set_column_width(column, width)?;
            widths.push(width);
            // New rows typed below keep the column's format (codes stay text).
            for row in rows.len() as u32 + 1..=rows.len() as u32 + FORMATTED_ROWS {
                ws.write_blank(row, column, self.styles.of(field.kind))?;
            }
            self.validate(ws, 1, last, column, field)?;
        }
        // Long texts wrap in their column: each row as tall as its longest.
        for (index, row) in rows.iter().enumerate() {
            let lines = self
                .sheet
                .fields
                .iter()
                .zip(row)
                .zip(&widths)
                .filter(|((field, _), _)| field.kind == Kind::LongText)
                .filter_map(|((_, value), width)| Some(lines_in(&text_of(value)?, *width)))
                .max()
                .unwrap_or(1);
            set_height(ws, index as u32 + 1, lines)?;
        }
        ws.set_freeze_panes(1, 0)?;
        print_setup(ws, is_wide(&widths), 0)?;
        Ok(())
    }

    /// One value in its cell, by kind.
    fn cell(
        &self,
        ws: &mut Worksheet,
        row: u32,
        column: u16,
        field: &Field,
        value: Option<&Value>,
    ) -> Result<()> {
        let format = self.styles.of(field.kind);
        let Some(value) = value else {
            ws.write_blank(row, column, format)?;
            return Ok(());
        };
        let text = text_of(value).ok_or_else(|| {
            anyhow!(
                "{}：{} 的值无法写入一个单元格",
                self.sheet.name,
                field.label
            )
        })?;
        match field.kind {
            Kind::Amount => {
                // The exact decimal becomes Excel's number: the nearest double, which Excel
                // shows, and yusuan reads back, as the same decimal (amounts have at most 15
                // significant digits).
                let number: f64 = text
                    .parse()
                    .with_context(|| format!("金额“{text}”无法写入工作簿"))?;
                ws.write_number_with_format(row, column, number, format)?;
            }
            Kind::Integer => match value.as_u64() {
                Some(number) => {
                    ws.write_number_with_format(row, column, number as f64, format)?;
                }
                None => {
                    ws.write_string_with_format(row, column, text, format)?;
                }
            },
            Kind::Scalar => match value {
                Value::Number(number) => {
                    let number = number.as_f64().unwrap_or_default();
                    ws.write_number_with_format(row, column, number, &self.styles.number)?;
                }
                _ => {
                    ws.write_string_with_format(row, column, text, format)?;
                }
            },
            Kind::Choice(_) => {
                let label = field.kind.label_of(&text).unwrap_or(text.as_str());
                ws.write_string_with_format(row, column, label, format)?;
            }
            _ => {
                ws.write_string_with_format(row, column, text, format)?;
            }
        }
        Ok(())
    }

    /// The drop-down of a closed vocabulary, on rows `first..=last` of `column`.
    fn validate(
        &self,
        ws: &mut Worksheet,
        first: u32,
        last: u32,
        column: u16,
        field: &Field,
    ) -> Result<()> {
        let validation = match field.kind {
            Kind::Choice(choices) => {
                let labels: Vec<&str> = choices.iter().map(|(_, label)| *label).collect();
                DataValidation::new().allow_list_strings(&labels)?
            }
            Kind::Bool => DataValidation::new().allow_list_strings(&["是", "否"])?,
            Kind::FunctionCode if self.function_codes > 0 => DataValidation::new()
                .allow_list_formula(Formula::new(format!(
                    "='{LISTS_SHEET}'!$A$2:$A${}",
                    self.function_codes + 1
                )))
                // A code the year's list lacks is worth a look, not a refusal (rule K01).
                .set_error_style(DataValidationErrorStyle::Warning),
            _ => return Ok(()),
        };
        ws.add_data_validation(first, column, last, column, &validation)?;
        Ok(())
    }
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

/// The project goals, one indicator a row: code, category, name, value. A goal without
/// indicators keeps a row of its own with only the code.
fn goal_rows(data: &Value) -> Result<Vec<Vec<Value>>> {
    let mut rows = Vec::new();
    for goal in get(data, "performance")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let code = get(goal, "project").cloned().unwrap_or(Value::Null);
        let before = rows.len();
        for (key, label) in GOAL_CATEGORIES {
            for indicator in get(goal, key)
                .and_then(Value::as_sequence)
                .into_iter()
                .flatten()
            {
                let pair = indicator.as_sequence().filter(|pair| pair.len() == 2);
                let Some(pair) = pair else {
                    bail!("绩效目标 {key} 的指标应为 [三级指标, 指标值]");
                };
                rows.push(vec![
                    code.clone(),
                    Value::String((*label).into()),
                    pair[0].clone(),
                    pair[1].clone(),
                ]);
            }
        }
        if rows.len() == before {
            rows.push(vec![code, Value::Null, Value::Null, Value::Null]);
        }
    }
    Ok(rows)
}

/// “三公”经费: each item with this year's and last year's amount and its reason, then the
/// 合计 row's reason.
fn three_public_rows(data: &Value) -> Result<Vec<Vec<Value>>> {
    let three = get(data, "three_public");
    let at = |path: &str| {
        three
            .and_then(|t| get(t, path))
            .cloned()
            .unwrap_or(Value::Null)
    };
    if let Some(reasons) = three
        .and_then(|t| get(t, "reasons"))
        .and_then(Value::as_mapping)
    {
        for key in reasons.keys() {
            let key = key.as_str().unwrap_or_default();
            if key != "total" && !THREE_PUBLIC_ITEMS.iter().any(|(k, _)| *k == key) {
                bail!("three_public.reasons 中的“{key}”不是“三公”经费的一项，工作簿无法表示");
            }
        }
    }
    let mut rows: Vec<Vec<Value>> = THREE_PUBLIC_ITEMS
        .iter()
        .map(|(key, label)| {
            vec![
                Value::String((*label).into()),
                at(&format!("current.{key}")),
                at(&format!("previous.{key}")),
                at(&format!("reasons.{key}")),
            ]
        })
        .collect();
    rows.push(vec![
        Value::String("合计".into()),
        Value::Null,
        Value::Null,
        at("reasons.total"),
    ]);
    Ok(rows)
}

/// `extra:`: a single value on one row (名称, 值); a list of [项, 值] pairs one pair a row.
fn extra_rows(data: &Value) -> Result<Vec<Vec<Value>>> {
    let mut rows = Vec::new();
    for (key, value) in get(data, "extra")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
    {
        let name = key.clone();
        match value {
            Value::Sequence(items) => {
                for item in items {
                    match item.as_sequence().map(Vec::as_slice) {
                        Some([label, value])
                            if text_of(label).is_some() && text_of(value).is_some() =>
                        {
                            rows.push(vec![name.clone(), label.clone(), value.clone()]);
                        }
                        _ => bail!(
                            "extra.{} 的每一项应为 [项, 值]，工作簿无法表示其他形式",
                            key.as_str().unwrap_or_default()
                        ),
                    }
                }
            }
            scalar if text_of(scalar).is_some() => {
                rows.push(vec![name, Value::Null, scalar.clone()]);
            }
            _ => bail!(
                "extra.{} 应为一个值或 [项, 值] 的列表，工作簿无法表示其他形式",
                key.as_str().unwrap_or_default()
            ),
        }
    }
    Ok(rows)
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
    use super::super::schema::FUNDS;
    use super::*;

    #[test]
    fn funds_are_listed_for_drop_downs_by_label() {
        let kind = Kind::Choice(FUNDS);
        assert_eq!(kind.label_of("government_fund"), Some("政府性基金"));
        assert_eq!(kind.value_of("政府性基金"), Some("government_fund"));
        assert_eq!(kind.value_of("government_fund"), Some("government_fund"));
        assert_eq!(kind.value_of("基金"), None);
    }
}
