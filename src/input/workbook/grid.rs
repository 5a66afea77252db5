//! One worksheet as the cells it holds: read by streaming its XML, so the cost is that of the
//! filled cells, never of where the last one sits (a stray value in `XFD1048576` is one cell,
//! not a 17-billion-cell rectangle). Merged ranges are kept as ranges: a merged range means its
//! value in every cell it covers.

use calamine::{Data, DataRef, Dimensions, Xlsx};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Seek};
use std::rc::Rc;

/// One cell's content, as the reader needs it.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The value (a date cell keeps its 1904 flag).
    pub data: Data,
    /// The number format code, when it has one (`0%`, `yyyy"年"m"月"`): what the cell shows.
    pub format: Option<Rc<str>>,
    /// The formula, when the cell has one whose value the file does not hold (a script wrote
    /// it; Excel and WPS always save the value).
    pub unsaved_formula: Option<Rc<str>>,
}

impl Cell {
    /// A cell holding `data`, with no format.
    pub fn plain(data: Data) -> Cell {
        Cell {
            data,
            format: None,
            unsaved_formula: None,
        }
    }
}

/// A merged range's rows in one column, and where its value is.
type Span = (u32, u32, (u32, u32));

/// What makes two cells the same content, so that a value filled down a million rows is held
/// once (a 3,000-character text pasted down a column would otherwise be copied into each).
#[derive(PartialEq, Eq, Hash)]
enum Same {
    /// A shared string, by its place in the workbook's table, and the style.
    Shared(usize, usize),
    /// A number, by its bits, and the style.
    Number(u64, usize),
    Bool(bool, usize),
    Error(String, usize),
}

/// The most filled cells a sheet is read for: two million, a hundred times a unit's largest
/// sheet and room for a column filled down to the sheet's end (1,048,576 rows), so that case is
/// still seen for what it is.
pub const MAX_CELLS: usize = 2_000_000;

/// The number format ids a workbook may use without writing their codes (Excel's built-in
/// formats) start below this; custom formats are numbered from it.
const FIRST_CUSTOM_FORMAT: u32 = 164;

/// The code of a built-in number format as Chinese Excel and WPS show it (the built-in date
/// formats depend on the reader's locale: id 14 is `yyyy/m/d` in China, `m/d/yyyy` in the
/// US). Currency and accounting formats, which show the locale's symbol, are given as a code
/// the display refuses; `None` for General.
fn builtin_format(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => return None,
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "yyyy/m/d",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "yyyy/m/d h:mm",
        27 | 36 | 50 | 52 | 57 => "yyyy\"年\"m\"月\"",
        28 | 29 | 51 | 53 | 54 | 58 => "m\"月\"d\"日\"",
        30 => "m-d-yy",
        31 => "yyyy\"年\"m\"月\"d\"日\"",
        32 | 55 => "h\"时\"mm\"分\"",
        33 | 56 => "h\"时\"mm\"分\"ss\"秒\"",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => "[locale]",
    })
}

/// How many unsaved formulas keep their text for messages; past them (a shared formula
/// expanded down a column), one placeholder stands for the rest.
const FORMULAS_KEPT: usize = 1_000;

/// A worksheet's filled cells by (row, column), and its merged ranges.
pub struct Grid {
    cells: BTreeMap<(u32, u32), Rc<Cell>>,
    merges: Vec<Dimensions>,
    /// The first row with a filled cell: a merged range anchored there (a header) spreads into
    /// no data row.
    top: Option<u32>,
    /// Whether reading stopped at [`MAX_CELLS`].
    truncated: bool,
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
        let mut truncated = false;
        {
            let mut reader = workbook.worksheet_cells_reader(name)?;
            let formats: Vec<Option<Rc<str>>> = reader
                .styles()
                .iter()
                .map(|style| {
                    let format = style.number_format.as_ref()?;
                    let code = match format.format_id {
                        Some(id) if id < FIRST_CUSTOM_FORMAT => builtin_format(id)?,
                        _ => format.format_code.as_str(),
                    };
                    (!code.eq_ignore_ascii_case("general")).then(|| Rc::from(code))
                })
                .collect();
            let mut same: HashMap<Same, Rc<Cell>> = HashMap::new();
            while let Some((cell, style)) = reader.next_cell_with_style_id()? {
                if cells.len() >= MAX_CELLS {
                    truncated = true;
                    break;
                }
                let value = cell.get_value();
                let key = match value {
                    DataRef::SharedString(text) => {
                        Some(Same::Shared(text.as_ptr() as usize, style))
                    }
                    DataRef::Float(n) => Some(Same::Number(n.to_bits(), style)),
                    DataRef::Bool(b) => Some(Same::Bool(*b, style)),
                    DataRef::Error(error) => Some(Same::Error(error.to_string(), style)),
                    _ => None,
                };
                let make = || {
                    Rc::new(Cell {
                        data: owned(value),
                        format: formats.get(style).cloned().flatten(),
                        unsaved_formula: None,
                    })
                };
                let content = match key {
                    Some(key) => same.entry(key).or_insert_with(make).clone(),
                    None => make(),
                };
                if is_blank(&content.data) {
                    continue;
                }
                cells.insert(cell.get_position(), content);
            }
        }
        let mut reader = workbook.worksheet_cells_reader(name)?;
        let mut kept = 0;
        let unsaved = |formula: &str| {
            Rc::new(Cell {
                data: Data::Empty,
                format: None,
                unsaved_formula: Some(Rc::from(formula)),
            })
        };
        let elided = unsaved("…");
        while let Some(record) = reader.next_cell_with_formula()? {
            if truncated || cells.len() >= MAX_CELLS {
                truncated = true;
                break;
            }
            if let (Some(formula), DataRef::Empty) = (record.formula, &record.value) {
                let cell = if kept < FORMULAS_KEPT {
                    kept += 1;
                    unsaved(&formula)
                } else {
                    elided.clone()
                };
                cells.entry(record.pos).or_insert(cell);
            }
        }
        let top = cells.keys().next().map(|(row, _)| *row);
        Ok(Grid {
            cells,
            merges,
            top,
            truncated,
            spans: RefCell::new(HashMap::new()),
        })
    }

    /// Whether the sheet has more filled cells than [`MAX_CELLS`]: it was not read whole.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// A grid of `cells` with `merges`, for tests.
    #[cfg(test)]
    pub fn of(cells: Vec<((u32, u32), Data)>, merges: Vec<Dimensions>) -> Grid {
        let cells: BTreeMap<(u32, u32), Rc<Cell>> = cells
            .into_iter()
            .map(|(at, data)| (at, Rc::new(Cell::plain(data))))
            .collect();
        let top = cells.keys().next().map(|(row, _)| *row);
        Grid {
            cells,
            merges,
            top,
            truncated: false,
            spans: RefCell::new(HashMap::new()),
        }
    }

    /// Whether the sheet holds nothing.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The first row with a filled cell: the header row of a sheet.
    pub fn top(&self) -> Option<u32> {
        self.top
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

    /// Whether any row below `after` has a filled cell of its own.
    pub fn has_rows_below(&self, after: u32) -> bool {
        self.cells.range((after + 1, 0)..).next().is_some()
    }

    /// The filled cells of `row`, by column, without what merged ranges spread into it.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, &Cell)> {
        self.cells
            .range((row, 0)..=(row, u32::MAX))
            .map(|((_, column), cell)| (*column, cell.as_ref()))
    }

    /// The cell's own content, ignoring merged ranges (for headers and labels).
    pub fn own(&self, row: u32, column: u32) -> Option<&Cell> {
        self.cells.get(&(row, column)).map(Rc::as_ref)
    }

    /// The content at (row, column): its own, or the value of the merged range it lies in
    /// (unless that range starts in the header row: a header is not data).
    pub fn get(&self, row: u32, column: u32) -> Option<&Cell> {
        if let Some(cell) = self.own(row, column) {
            return Some(cell);
        }
        let anchor = self.merged_anchor(row, column)?;
        if Some(anchor.0) <= self.top {
            return None;
        }
        self.own(anchor.0, anchor.1)
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
    fn a_range_merged_down_from_the_header_is_no_data() {
        let grid = Grid::of(
            vec![
                ((0, 0), Data::String("科目编码".into())),
                ((0, 1), Data::String("说明".into())),
                ((1, 0), Data::String("2080109".into())),
            ],
            vec![range((0, 1), (1, 1))],
        );
        assert!(grid.get(1, 1).is_none());
        assert!(grid.own(0, 1).is_some());
    }
}
