//! A workbook's sheets as the unit's page shows them: the sheets a diagnostic points into, as
//! tables with Excel's column letters and row numbers, the cell a diagnostic is about and the
//! cells that went into its sum marked, so a finance officer sees `控制数!B4` where Excel would.

use crate::input::diag::{Diagnostic, Severity};
use calamine::{Data, Reader};
use serde::Serialize;
use std::collections::BTreeMap;

/// The most rows and columns a sheet shows (a data sheet is far smaller).
const MOST_ROWS: u32 = 300;
const MOST_COLUMNS: u32 = 30;

/// One sheet, ready for the page.
#[derive(Debug, Serialize)]
pub struct SheetView {
    /// Its name.
    pub name: String,
    /// Its column letters.
    pub columns: Vec<String>,
    /// Its rows.
    pub rows: Vec<SheetRow>,
    /// Whether rows or columns were left out.
    pub cut: bool,
}

/// One row of a sheet.
#[derive(Debug, Serialize)]
pub struct SheetRow {
    /// Its number in Excel.
    pub number: u32,
    /// Its cells, one per column.
    pub cells: Vec<SheetCell>,
}

/// One cell of a sheet.
#[derive(Debug, Serialize)]
pub struct SheetCell {
    /// Its address, `B4`.
    pub address: String,
    /// Its value as text.
    pub text: String,
    /// `error`, `warning`, `related` or empty: how it is marked.
    pub mark: &'static str,
}

/// A cell address `控制数!B4` split into the sheet and (row, column) from 0.
pub fn parse_cell(cell: &str) -> Option<(&str, (u32, u32))> {
    let (sheet, address) = cell.rsplit_once('!')?;
    let letters: String = address
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let digits = &address[letters.len()..];
    let row: u32 = digits.parse().ok()?;
    let mut column: u32 = 0;
    for letter in letters.chars() {
        column = column * 26 + (letter.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    (column > 0 && row > 0).then_some((sheet, (row - 1, column - 1)))
}

/// Excel's letters of column `index` (from 0): A … Z, AA ….
pub fn column_letters(index: u32) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The marked cells of one sheet, by (row, column) from 0.
type Marks = BTreeMap<(u32, u32), &'static str>;

/// The sheets of `bytes` that `diagnostics` point into, in the order first pointed at, each
/// with its marked cells.
pub fn sheets(bytes: &[u8], diagnostics: &[Diagnostic]) -> Vec<SheetView> {
    // Sheet → cell → mark; an error's mark wins over a warning's, both over a related cell's.
    let mut marks: Vec<(String, Marks)> = Vec::new();
    let mut mark = |cell: &str, how: &'static str| {
        let Some((sheet, at)) = parse_cell(cell) else {
            return;
        };
        let index = match marks.iter().position(|(name, _)| name == sheet) {
            Some(index) => index,
            None => {
                marks.push((sheet.to_string(), BTreeMap::new()));
                marks.len() - 1
            }
        };
        let rank = |m: &str| ["related", "warning", "error"].iter().position(|r| *r == m);
        let cells = &mut marks[index].1;
        if cells.get(&at).is_none_or(|old| rank(old) < rank(how)) {
            cells.insert(at, how);
        }
    };
    for diagnostic in diagnostics {
        if let Some(cell) = &diagnostic.cell {
            let how = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            mark(cell, how);
        }
        for related in &diagnostic.related {
            if let Some(cell) = &related.cell {
                mark(cell, "related");
            }
        }
    }
    let Ok(mut workbook) = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) else {
        return Vec::new();
    };
    marks
        .into_iter()
        .filter_map(|(name, cells)| {
            let range = workbook.worksheet_range(&name).ok()?;
            Some(view(&name, &range, &cells))
        })
        .collect()
}

fn view(name: &str, range: &calamine::Range<Data>, marks: &Marks) -> SheetView {
    let end = range.end().unwrap_or((0, 0));
    let marked_end = marks
        .keys()
        .fold((0, 0), |(r, c), &(mr, mc)| (r.max(mr), c.max(mc)));
    let last_row = end.0.max(marked_end.0).min(MOST_ROWS - 1);
    let last_column = end.1.max(marked_end.1).min(MOST_COLUMNS - 1);
    let rows = (0..=last_row)
        .map(|row| SheetRow {
            number: row + 1,
            cells: (0..=last_column)
                .map(|column| SheetCell {
                    address: format!("{}{}", column_letters(column), row + 1),
                    text: range
                        .get_value((row, column))
                        .map(cell_text)
                        .unwrap_or_default(),
                    mark: marks.get(&(row, column)).copied().unwrap_or(""),
                })
                .collect(),
        })
        .collect();
    SheetView {
        name: name.to_string(),
        columns: (0..=last_column).map(column_letters).collect(),
        rows,
        cut: end.0 > last_row || end.1 > last_column,
    }
}

/// A cell's value as the sheet shows it, near enough: numbers without binary noise.
fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::Float(value) => {
            let text = format!("{value}");
            // 4675.209999999999 from a formula's sum: shown to nine places, as Excel rounds.
            if text
                .split_once('.')
                .is_some_and(|(_, fraction)| fraction.len() > 9)
            {
                let rounded = format!("{value:.9}");
                rounded
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string()
            } else {
                text
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_as_excel_writes_them() {
        assert_eq!(parse_cell("控制数!B4"), Some(("控制数", (3, 1))));
        assert_eq!(
            parse_cell("支出功能分类!AA10"),
            Some(("支出功能分类", (9, 26)))
        );
        assert_eq!(parse_cell("x!4"), None);
        assert_eq!(parse_cell("B4"), None);
        for (index, letters) in [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ")] {
            assert_eq!(column_letters(index), letters);
        }
    }
}
