//! The annex tables as a workbook: one sheet per table, named by its label, with the table's
//! title, 单位名称 and unit lines, the multi-level header as merged cells, amounts as numbers
//! (`#,##0.00`, as printed), empty cells where the booklet leaves them empty, the notes, and a
//! print setup like the PDF's (A4, landscape where the PDF is, fit to the page width, header rows
//! repeated on every page). It reads the same document model as the PDF and the DOCX.

use crate::base::text::excel_width as text_width;
use crate::base::typography::Role;
use crate::compose::document::{Block, Cell, CellKind, Document, Table};
use anyhow::{anyhow, Result};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

/// The workbook of `document`'s annex tables.
pub fn render(document: &Document) -> Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let (year, month, day) = document.meta.date;
    let created = ExcelDateTime::from_ymd(year, month, day).map_err(|e| anyhow!("{e}"))?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&document.meta.title)
            .set_author(&document.meta.author)
            .set_creation_datetime(&created),
    );
    let styles = Styles::new();
    let mut names: Vec<String> = Vec::new();
    for table in document.blocks.iter().filter_map(|block| match block {
        Block::Table(table) => Some(table),
        _ => None,
    }) {
        let name = sheet_name(table, &names);
        names.push(name.clone());
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&name)?;
        sheet(worksheet, table, &styles)?;
        // Sample data is marked on every printed page, as the PDF and the DOCX mark it; the
        // tab colour shows it on screen.
        if let Some(mark) = &document.meta.sample_mark {
            worksheet.set_header(format!("&R{}", mark.replace('&', "&&")));
            worksheet.set_footer(format!("&C{}", mark.replace('&', "&&")));
            worksheet.set_tab_color(rust_xlsxwriter::Color::Red);
        }
    }
    if names.is_empty() {
        workbook.add_worksheet().set_name("无附表")?;
    }
    crate::base::zip_package::repackaged(&workbook.save_to_buffer()?)
}

/// A sheet name for `table`: its label (`预算01表`), else its title, made a name Excel takes (at
/// most 31 characters, none of `[]:*?/\`) and unique in the workbook.
fn sheet_name(table: &Table, taken: &[String]) -> String {
    let source = if table.frame.label.trim().is_empty() {
        table.frame.toc.as_str()
    } else {
        table.frame.label.as_str()
    };
    let cleaned: String = source
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim();
    let base: String = if cleaned.is_empty() { "表" } else { cleaned }
        .chars()
        .take(28)
        .collect();
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base}({n})");
        n += 1;
    }
    name
}

/// The cell formats.
struct Styles {
    title: Format,
    unit_left: Format,
    unit_right: Format,
    header: Format,
    text: Format,
    center: Format,
    code: Format,
    amount: Format,
    whole: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        let body = Format::new()
            .set_font_name(Role::Table.office_font())
            .set_font_size(10)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Styles {
            title: Format::new()
                .set_font_name(Role::Heading.office_font())
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            unit_left: Format::new()
                .set_font_name(Role::Table.office_font())
                .set_font_size(10),
            unit_right: Format::new()
                .set_font_name(Role::Table.office_font())
                .set_font_size(10)
                .set_align(FormatAlign::Right),
            header: body.clone().set_bold().set_align(FormatAlign::Center),
            text: body.clone(),
            center: body.clone().set_align(FormatAlign::Center),
            code: body
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("@"),
            amount: body
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("#,##0.00"),
            whole: body
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("#,##0"),
            note: Format::new()
                .set_font_name(Role::Table.office_font())
                .set_font_size(10)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

/// One table on its sheet.
fn sheet(ws: &mut Worksheet, table: &Table, styles: &Styles) -> Result<()> {
    let columns = table.column_count().max(1) as u16;
    let last = columns - 1;
    // Widths in Excel's character units, in the table's proportions, filling a page's width.
    let page_width = if table.frame.landscape { 150.0 } else { 100.0 };
    let total: f64 = table
        .columns
        .iter()
        .map(|w| f64::from(*w))
        .sum::<f64>()
        .max(1.0);
    let widths: Vec<f64> = table
        .columns
        .iter()
        .map(|width| (f64::from(*width) / total * page_width).max(4.0))
        .collect();
    for (column, width) in widths.iter().enumerate() {
        ws.set_column_width(column as u16, *width)?;
    }
    let mut row = 0u32;
    ws.write_string_with_format(row, last, &table.frame.label, &styles.unit_right)?;
    row += 1;
    merge(ws, row, 0, row, last, &table.frame.title, &styles.title)?;
    ws.set_row_height(row, 30)?;
    row += 1;
    let half = columns / 2;
    if half > 0 && half <= last {
        merge(
            ws,
            row,
            0,
            row,
            half.saturating_sub(1),
            &table.frame.unit_name,
            &styles.unit_left,
        )?;
        merge(
            ws,
            row,
            half,
            row,
            last,
            &table.frame.unit,
            &styles.unit_right,
        )?;
    } else {
        ws.write_string_with_format(
            row,
            0,
            format!("{} {}", table.frame.unit_name, table.frame.unit),
            &styles.unit_left,
        )?;
    }
    row += 1;
    let grid_top = row;
    let header_rows = table.header.len() as u32;
    // Borders on every grid cell, then the cells over them.
    let grid_rows = (table.header.len() + table.body.len()) as u32;
    for r in 0..grid_rows {
        for c in 0..columns {
            ws.write_blank(grid_top + r, c, &styles.text)?;
        }
    }
    for cells in &table.header {
        for cell in cells {
            place(ws, grid_top, cell, styles, true)?;
        }
    }
    for cells in &table.body {
        for cell in cells {
            place(ws, grid_top, cell, styles, false)?;
        }
    }
    // Spreadsheets do not grow a row for wrapped text in merged cells: give each row the lines
    // its longest single-row cell needs.
    for (index, cells) in table.header.iter().chain(&table.body).enumerate() {
        let lines = cells
            .iter()
            // Numbers and codes do not wrap; text does.
            .filter(|cell| {
                cell.rowspan <= 1 && matches!(cell.kind, CellKind::Text | CellKind::Center)
            })
            .map(|cell| {
                let start = usize::from(cell.column);
                let span = usize::from(cell.colspan.max(1));
                let width: f64 = widths.iter().skip(start).take(span).sum();
                // The cells' type is smaller than the column unit's 11 pt.
                (text_width(&cell.text) * 0.9 / (width - 1.0).max(1.0)).ceil()
            })
            .fold(1.0, f64::max);
        if lines > 1.0 {
            ws.set_row_height(grid_top + index as u32, 14.0 * lines)?;
        }
    }
    row = grid_top + grid_rows;
    for note in &table.frame.notes {
        merge(ws, row, 0, row, last, note, &styles.note)?;
        let lines = (note.chars().count() as f64
            / (if table.frame.landscape { 70.0 } else { 45.0 }))
        .ceil();
        ws.set_row_height(row, 15.0 * lines.max(1.0))?;
        row += 1;
    }
    ws.set_paper_size(9);
    if table.frame.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    if header_rows > 0 {
        ws.set_repeat_rows(grid_top, grid_top + header_rows - 1)?;
    }
    ws.set_freeze_panes(grid_top + header_rows, 0)?;
    Ok(())
}

/// Writes `text` over a range, merged when it covers more than one cell.
fn merge(
    ws: &mut Worksheet,
    first_row: u32,
    first_column: u16,
    last_row: u32,
    last_column: u16,
    text: &str,
    format: &Format,
) -> Result<()> {
    if first_row == last_row && first_column == last_column {
        ws.write_string_with_format(first_row, first_column, text, format)?;
    } else {
        ws.merge_range(first_row, first_column, last_row, last_column, text, format)?;
    }
    Ok(())
}

/// One table cell at its grid position: amounts as numbers, the rest as text.
fn place(ws: &mut Worksheet, top: u32, cell: &Cell, styles: &Styles, header: bool) -> Result<()> {
    let row = top + u32::from(cell.row);
    let column = cell.column;
    let last_row = row + u32::from(cell.rowspan.max(1)) - 1;
    let last_column = column + cell.colspan.max(1) - 1;
    let amount = (cell.kind == CellKind::Amount)
        .then(|| printed_number(&cell.text))
        .flatten();
    let format = if header {
        &styles.header
    } else {
        match (cell.kind, &amount) {
            (CellKind::Amount, Some((_, 0))) => &styles.whole,
            (CellKind::Amount, _) => &styles.amount,
            (CellKind::Code, _) => &styles.code,
            (CellKind::Center, _) => &styles.center,
            (CellKind::Text, _) => &styles.text,
        }
    };
    let format = if cell.strong && !header {
        &format.clone().set_bold()
    } else {
        format
    };
    merge(
        ws,
        row,
        column,
        last_row,
        last_column,
        if amount.is_some() { "" } else { &cell.text },
        format,
    )?;
    if let Some((number, _)) = amount {
        ws.write_number_with_format(row, column, number, format)?;
    }
    Ok(())
}

/// The number an amount cell prints (`11,436.06` → 11436.06) and its decimals. The text is the
/// booklet's, already rounded to the table's unit, so the sheet holds what the page shows.
fn printed_number(text: &str) -> Option<(f64, u32)> {
    let plain: String = text.chars().filter(|c| *c != ',').collect();
    let decimal: Decimal = plain.trim().parse().ok()?;
    let number: f64 = decimal.to_string().parse().ok()?;
    Some((number, decimal.scale()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_amounts_become_numbers_with_their_decimals() {
        assert_eq!(printed_number("11,436.06"), Some((11436.06, 2)));
        assert_eq!(printed_number("50"), Some((50.0, 0)));
        assert_eq!(printed_number("0.00"), Some((0.0, 2)));
        assert_eq!(printed_number("—"), None);
        assert_eq!(printed_number(""), None);
    }

    #[test]
    fn sheet_names_are_labels_made_valid_and_unique() {
        let table = |label: &str, toc: &str| Table {
            frame: crate::compose::document::TableFrame {
                label: label.into(),
                toc: toc.into(),
                ..Default::default()
            },
            ..Table::default()
        };
        assert_eq!(sheet_name(&table("预算01表", "一、收支"), &[]), "预算01表");
        assert_eq!(
            sheet_name(&table("", "一、财务收支预算总表"), &[]),
            "一、财务收支预算总表"
        );
        assert_eq!(sheet_name(&table("表[1]/2", ""), &[]), "表12");
        assert_eq!(
            sheet_name(&table("预算01表", ""), &["预算01表".to_string()]),
            "预算01表(2)"
        );
        let long = "长".repeat(40);
        assert_eq!(sheet_name(&table(&long, ""), &[]).chars().count(), 28);
    }
}
