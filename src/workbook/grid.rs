//! One worksheet as the cells it holds: read by streaming its XML, so the cost is that of the
//! filled cells, never of where the last one sits (a stray value in `XFD1048576` is one cell,
//! not a 17-billion-cell rectangle). Merged ranges are kept as ranges: a merged range means its
//! value in every cell it covers.

use calamine::{Data, DataRef, Dimensions, Xlsx};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek};

/// One cell's content, as the reader needs it.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The value (a date cell keeps its 1904 flag).
    pub data: Data,
    /// The places of a percent number format (`0%` → 0, `0.00%` → 2): the cell shows
    /// `95%` for the stored 0.95.
    pub percent: Option<usize>,
    /// The formula, when the cell has one whose value the file does not hold (a script wrote
    /// it; Excel and WPS always save the value).
    pub unsaved_formula: Option<String>,
}

/// A merged range's rows in one column, and where its value is.
type Span = (u32, u32, (u32, u32));

/// A worksheet's filled cells by (row, column), and its merged ranges.
pub struct Grid {
    cells: BTreeMap<(u32, u32), Cell>,
    merges: Vec<Dimensions>,
    /// The merged ranges that cross each column asked about, by first row (built on demand:
    /// a sheet's reader asks about a dozen columns).
    spans: RefCell<HashMap<u32, Vec<Span>>>,
}

impl Grid {
    /// Reads the sheet `name` of `workbook`.
    pub fn read<R: Read + Seek>(
        workbook: &mut Xlsx<R>,
        name: &str,
    ) -> Result<Grid, calamine::XlsxError> {
        let merges = workbook.merge_cells_by_sheet_name(name)?;
        let mut cells = BTreeMap::new();
        {
            let mut reader = workbook.worksheet_cells_reader(name)?;
            let percents: Vec<Option<usize>> = reader
                .styles()
                .iter()
                .map(|style| {
                    let code = &style.number_format.as_ref()?.format_code;
                    percent_places(code)
                })
                .collect();
            while let Some((cell, style)) = reader.next_cell_with_style_id()? {
                let data = owned(cell.get_value());
                if is_blank(&data) {
                    continue;
                }
                let (row, column) = cell.get_position();
                let percent = percents.get(style).copied().flatten();
                let cell = Cell {
                    data,
                    percent,
                    unsaved_formula: None,
                };
                cells.insert((row, column), cell);
            }
        }
        let mut reader = workbook.worksheet_cells_reader(name)?;
        while let Some(record) = reader.next_cell_with_formula()? {
            if let (Some(formula), DataRef::Empty) = (record.formula, &record.value) {
                cells.entry(record.pos).or_insert(Cell {
                    data: Data::Empty,
                    percent: None,
                    unsaved_formula: Some(formula),
                });
            }
        }
        Ok(Grid {
            cells,
            merges,
            spans: RefCell::new(HashMap::new()),
        })
    }

    /// A grid of `cells` with `merges`, for tests.
    #[cfg(test)]
    pub fn of(cells: Vec<((u32, u32), Data)>, merges: Vec<Dimensions>) -> Grid {
        Grid {
            cells: cells
                .into_iter()
                .map(|(at, data)| {
                    let cell = Cell {
                        data,
                        percent: None,
                        unsaved_formula: None,
                    };
                    (at, cell)
                })
                .collect(),
            merges,
            spans: RefCell::new(HashMap::new()),
        }
    }

    /// Whether the sheet holds nothing.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The first row with a filled cell: the header row of a sheet.
    pub fn top(&self) -> Option<u32> {
        self.cells.keys().next().map(|(row, _)| *row)
    }

    /// The rows below `after` with a filled cell of their own, in order.
    pub fn rows_below(&self, after: u32) -> Vec<u32> {
        let mut rows: Vec<u32> = Vec::new();
        for (row, _) in self.cells.range((after + 1, 0)..).map(|(at, _)| at) {
            if rows.last() != Some(row) {
                rows.push(*row);
            }
        }
        rows
    }

    /// The filled cells of `row`, by column, without what merged ranges spread into it.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, &Cell)> {
        self.cells
            .range((row, 0)..=(row, u32::MAX))
            .map(|((_, column), cell)| (*column, cell))
    }

    /// The cell's own content, ignoring merged ranges (for headers and labels).
    pub fn own(&self, row: u32, column: u32) -> Option<&Cell> {
        self.cells.get(&(row, column))
    }

    /// The content at (row, column): its own, or the value of the merged range it lies in.
    pub fn get(&self, row: u32, column: u32) -> Option<&Cell> {
        if let Some(cell) = self.cells.get(&(row, column)) {
            return Some(cell);
        }
        let anchor = self.merged_anchor(row, column)?;
        self.cells.get(&anchor)
    }

    /// The top-left cell of the merged range that covers (row, column), if one does.
    fn merged_anchor(&self, row: u32, column: u32) -> Option<(u32, u32)> {
        if self.merges.is_empty() {
            return None;
        }
        let mut spans = self.spans.borrow_mut();
        let spans = spans.entry(column).or_insert_with(|| {
            let mut spans: Vec<Span> = self
                .merges
                .iter()
                .filter(|m| (m.start.1..=m.end.1).contains(&column))
                .map(|m| (m.start.0, m.end.0, m.start))
                .collect();
            spans.sort_unstable();
            spans
        });
        // The last range starting at or above `row` is the one that can cover it (merged
        // ranges do not overlap).
        let index = spans.partition_point(|(first, _, _)| *first <= row);
        let (_, last, anchor) = spans.get(index.checked_sub(1)?)?;
        (row <= *last).then_some(*anchor)
    }
}

/// Whether a value is nothing (or only white space).
pub fn is_blank(data: &Data) -> bool {
    match data {
        Data::Empty => true,
        Data::String(text) => text.trim().is_empty(),
        _ => false,
    }
}

fn owned(value: &DataRef<'_>) -> Data {
    match value {
        DataRef::Int(n) => Data::Int(*n),
        DataRef::Float(n) => Data::Float(*n),
        DataRef::String(text) => Data::String(text.clone()),
        DataRef::SharedString(text) => Data::String(text.to_string()),
        DataRef::Bool(value) => Data::Bool(*value),
        DataRef::DateTime(date) => Data::DateTime(*date),
        DataRef::DateTimeIso(text) => Data::DateTimeIso(text.clone()),
        DataRef::DurationIso(text) => Data::DurationIso(text.clone()),
        DataRef::Error(error) => Data::Error(error.clone()),
        DataRef::Empty => Data::Empty,
    }
}

/// The decimal places of a percent format (`0%`, `0.00%`, `#,##0.0%`), or `None` for any
/// other. Only the first section counts (the one for positive numbers), and a `%` inside quotes
/// or after a backslash is a literal, not a percent.
pub fn percent_places(code: &str) -> Option<usize> {
    let section = first_section(code);
    let mut places = None::<usize>;
    let mut percent = false;
    let mut quoted = false;
    let mut escaped = false;
    for c in section.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '%' => percent = true,
            '.' if places.is_none() => places = Some(0),
            '0' | '#' | '?' => {
                if let Some(n) = places.as_mut() {
                    *n += 1;
                }
            }
            _ => {}
        }
    }
    percent.then_some(places.unwrap_or(0))
}

fn first_section(code: &str) -> &str {
    let mut quoted = false;
    for (at, c) in code.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => return &code[..at],
            _ => {}
        }
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(top: (u32, u32), bottom: (u32, u32)) -> Dimensions {
        Dimensions {
            start: top,
            end: bottom,
        }
    }

    #[test]
    fn a_merged_range_means_its_value_in_every_cell_it_covers() {
        let grid = Grid::of(
            vec![
                ((0, 0), Data::String("资金来源".into())),
                ((1, 0), Data::String("政府性基金".into())),
                ((1, 1), Data::Float(1.0)),
                ((2, 1), Data::Float(2.0)),
                ((4, 0), Data::String("一般公共预算".into())),
            ],
            vec![range((1, 0), (3, 0))],
        );
        let text = |row, column| match grid.get(row, column).map(|c| &c.data) {
            Some(Data::String(text)) => Some(text.clone()),
            _ => None,
        };
        assert_eq!(text(1, 0).as_deref(), Some("政府性基金"));
        assert_eq!(text(2, 0).as_deref(), Some("政府性基金"));
        assert_eq!(text(3, 0).as_deref(), Some("政府性基金"));
        assert_eq!(text(4, 0).as_deref(), Some("一般公共预算"));
        assert_eq!(text(0, 0).as_deref(), Some("资金来源"));
        assert!(grid.get(5, 0).is_none());
        assert!(grid.own(2, 0).is_none());
        // Rows are those with cells of their own: a merged range spreads no rows.
        assert_eq!(grid.rows_below(0), [1, 2, 4]);
    }

    #[test]
    fn percent_formats_give_their_places() {
        assert_eq!(percent_places("0%"), Some(0));
        assert_eq!(percent_places("0.00%"), Some(2));
        assert_eq!(percent_places("#,##0.0%"), Some(1));
        assert_eq!(percent_places("0.00"), None);
        assert_eq!(percent_places("General"), None);
        assert_eq!(percent_places(r#"0"%""#), None);
        assert_eq!(percent_places(r"0\%"), None);
        assert_eq!(percent_places("0;0%"), None);
    }
}
