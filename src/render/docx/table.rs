//! Annex tables as Word tables: true merged cells (gridSpan, vMerge), fixed column widths that
//! fit the page, header rows marked to repeat, amounts right-aligned.

use super::runs::{fixed_lines, plain, run};
use super::{Child, Orientation};
use crate::base::typography::{Role, Typography};
use crate::compose::document::{Cell, CellKind, Table};
use docx_rs::{
    AlignmentType, LineSpacing, LineSpacingType, Run, Tab, TabValueType, TableAlignmentType,
    TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

/// Marks a header row until the XML is written: docx-rs has no `tblHeader`, so a header row's
/// least height is written plus this offset, an impossible height, and [`mark_headers`] takes
/// the offset off again and adds `<w:tblHeader />`.
const HEADER_OFFSET: u32 = 1_000_000;

/// Turns the header rows' offset heights (see [`HEADER_OFFSET`]) into their least heights
/// and marks the rows to repeat on every page.
pub fn mark_headers(xml: &str) -> String {
    const OPEN: &str = r#"<w:trHeight w:val=""#;
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(OPEN) {
        let (before, after) = rest.split_at(at + OPEN.len());
        out.push_str(before);
        let digits = after.find('"').unwrap_or(0);
        let value: u32 = after[..digits].parse().unwrap_or(0);
        if value >= HEADER_OFFSET {
            let close = after.find("/>").map_or(after.len(), |end| end + 2);
            out.push_str(&format!(
                r#"{}" w:hRule="atLeast" /><w:tblHeader />"#,
                value - HEADER_OFFSET
            ));
            rest = &after[close..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The width of the table rules, in points: docx-rs's borders (`w:sz="2"`, eighths of a point).
const RULE_PT: f32 = 0.25;

/// A grid position: a cell that starts there, or one covered by a row span from above.
enum Slot<'a> {
    Start(&'a Cell),
    Covered { colspan: u16 },
}

/// Places cells on the grid by the positions the document model gave them. The model lists
/// only the cells that start in a row; Word wants a continuation cell in every row a vertical
/// merge covers.
fn place(rows: &[Vec<Cell>], columns: usize, first_row: u16) -> Vec<Vec<Slot<'_>>> {
    // For each column covered by a row span from above: the row the span ends before, and the
    // span's width.
    let mut covering: Vec<Option<(u16, u16)>> = vec![None; columns];
    rows.iter()
        .zip(first_row..)
        .map(|(row, y)| {
            let mut slots = Vec::new();
            let mut cells = row.iter().peekable();
            let mut column = 0;
            while column < columns {
                if let Some(cell) = cells.next_if(|cell| usize::from(cell.column) == column) {
                    slots.push(Slot::Start(cell));
                    if cell.rowspan > 1 {
                        covering[column] = Some((y + cell.rowspan, cell.colspan));
                    }
                    column += usize::from(cell.colspan.max(1));
                } else if let Some((_, colspan)) = covering[column].filter(|(end, _)| *end > y) {
                    slots.push(Slot::Covered { colspan });
                    column += usize::from(colspan.max(1));
                } else {
                    break;
                }
            }
            slots
        })
        .collect()
}

/// The least height of each header row in twips: its single-row cells' lines, and for a cell
/// spanning rows, what the rows above its last lack.
fn header_heights(
    table: &Table,
    grid: &[usize],
    size: crate::base::typography::Hao,
    typography: &Typography,
    pitch: i32,
    margin: usize,
) -> Vec<u32> {
    let inset = typography.cell_inset_em * size.pt() * 20.0;
    let lines = |cell: &Cell| -> u32 {
        if !cell.lines.is_empty() {
            return cell.lines.len() as u32;
        }
        let start = usize::from(cell.column);
        let end = (start + usize::from(cell.colspan.max(1))).min(grid.len());
        let width: usize = grid.get(start..end).map_or(0, |w| w.iter().sum());
        // Characters a line holds, in em of the type, less a little air as the column fitting
        // allows.
        let room = ((width as f32 - 2.0 * inset) / (size.pt() * 20.0) - 0.1).max(1.0);
        (crate::base::text::text_em(&cell.text) / room)
            .ceil()
            .max(1.0) as u32
    };
    let need = |cell: &Cell| lines(cell) * pitch.max(0) as u32 + 2 * margin as u32;
    let mut heights = vec![0u32; table.header.len()];
    let mut spanning = Vec::new();
    for cell in table.header.iter().flatten() {
        let y = usize::from(cell.row);
        if cell.rowspan <= 1 {
            if let Some(h) = heights.get_mut(y) {
                *h = (*h).max(need(cell));
            }
        } else {
            spanning.push(cell);
        }
    }
    for cell in spanning {
        let y = usize::from(cell.row);
        let last = (y + usize::from(cell.rowspan) - 1).min(heights.len() - 1);
        let have: u32 = heights[y..=last].iter().sum();
        let want = need(cell);
        if want > have {
            heights[last] += want - have;
        }
    }
    heights
}

/// For each row: whether a cell of it spans into the next row, which then holds a covered slot.
fn spans_into_next(rows: &[Vec<Slot>]) -> Vec<bool> {
    let covered = |row: &Vec<Slot>| row.iter().any(|slot| matches!(slot, Slot::Covered { .. }));
    (0..rows.len())
        .map(|y| rows.get(y + 1).is_some_and(covered))
        .collect()
}

/// The Word table of `table`, `width` twips wide.
pub fn build(table: &Table, width: u32, typography: &Typography) -> docx_rs::Table {
    let total: u32 = table
        .columns
        .iter()
        .map(|&w| u32::from(w))
        .sum::<u32>()
        .max(1);
    let grid: Vec<usize> = table
        .columns
        .iter()
        .map(|&w| (u32::from(w) * width / total) as usize)
        .collect();
    let size = table
        .type_size
        .unwrap_or_else(|| typography.table_size(table.frame.landscape));
    // `held`: a cell of this row spans into the next one. Such a row keeps with the next (Word
    // keeps a row with the next when its paragraphs do; LibreOffice follows Word here), so a
    // project's rows stay on one page, as in the PDF: LibreOffice draws a vertical merge cut by
    // a page break as a cell that stops after its first row.
    // The PDF's cell lines: exact line heights and top and bottom cell margins that add up to
    // the PDF's row heights (see `Typography::cell_line`).
    let pitch = (typography.cell_line.pitch() * size.pt() * 20.0).round() as i32;
    let inset = (typography.cell_inset_em * size.pt() * 20.0).round() as usize;
    // LibreOffice adds a horizontal rule's width to its row, inside the PDF's row height.
    let margin = ((typography.cell_line.margin() * size.pt() - RULE_PT / 2.0) * 20.0)
        .round()
        .max(0.0) as usize;
    let lines = |paragraph: docx_rs::Paragraph| {
        paragraph.line_spacing(
            LineSpacing::new()
                .line(pitch)
                .line_rule(LineSpacingType::Exact)
                .before(0)
                .after(0),
        )
    };
    let row = |slots: Vec<Slot>, header: bool, held: bool| {
        let mut column = 0;
        let cells = slots
            .into_iter()
            .map(|slot| {
                let (colspan, cell) = match slot {
                    Slot::Start(cell) => (cell.colspan.max(1), Some(cell)),
                    Slot::Covered { colspan } => (colspan.max(1), None),
                };
                let span = usize::from(colspan);
                let cell_width: usize = grid[column..(column + span).min(grid.len())].iter().sum();
                column += span;
                let mut word = TableCell::new()
                    .width(cell_width, WidthType::Dxa)
                    .vertical_align(VAlignType::Center);
                if colspan > 1 {
                    word = word.grid_span(span);
                }
                match cell {
                    Some(cell) => {
                        if cell.rowspan > 1 {
                            word = word.vertical_merge(VMergeType::Restart);
                        }
                        let role = if header {
                            Role::TableHeader
                        } else {
                            Role::Table
                        };
                        let align = match (header, cell.kind) {
                            (true, _) | (_, CellKind::Center | CellKind::Code) => {
                                AlignmentType::Center
                            }
                            (_, CellKind::Amount) => AlignmentType::Right,
                            (_, CellKind::Text) => AlignmentType::Left,
                        };
                        let mut text = run(&cell.set_text(), role, size);
                        if cell.strong {
                            text = text.bold();
                        }
                        let paragraph = plain().align(align).add_run(text).keep_next(held);
                        word.add_paragraph(lines(paragraph))
                    }
                    None => word
                        .vertical_merge(VMergeType::Continue)
                        .add_paragraph(lines(plain().keep_next(held))),
                }
            })
            .collect();
        TableRow::new(cells)
    };
    let columns = table.column_count();
    let header_rows = u16::try_from(table.header.len()).unwrap_or(u16::MAX);
    // Each header row at least as tall as its cells' lines need, a cell spanning rows giving
    // what its rows lack to the last of them: LibreOffice repeats a header on the next page
    // with its rows' own heights, and cut a four-line label spanning three rows
    // (“财政 / 专户 / 管理 / 资金”) after its second line.
    let heights = header_heights(table, &grid, size, typography, pitch, margin);
    let mut rows: Vec<TableRow> = place(&table.header, columns, 0)
        .into_iter()
        .zip(heights)
        .map(|(slots, height)| row(slots, true, false).row_height((HEADER_OFFSET + height) as f32))
        .collect();
    let body = place(&table.body, columns, header_rows);
    let mut held = spans_into_next(&body);
    // A closing total keeps the row above it on its page, as in the PDF.
    if table.closes_with_total() {
        if let Some(above) = held.len().checked_sub(2) {
            held[above] = true;
        }
    }
    rows.extend(
        body.into_iter()
            .zip(held)
            .map(|(slots, held)| row(slots, false, held).cant_split()),
    );
    // The PDF's cell inset, stated: Word's and LibreOffice's defaults differ, and a code column
    // sized for the PDF would wrap under the wider one.
    docx_rs::Table::new(rows)
        .margins(TableCellMargins::new().margin(margin, inset, margin, inset))
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(width as usize, WidthType::Dxa)
        .align(TableAlignmentType::Center)
}

impl super::Writer<'_> {
    pub(super) fn table(&mut self, table: &crate::compose::document::Table) {
        let sizes = *self.sizes();
        let orientation = if table.frame.landscape {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        };
        self.section(orientation, true);
        let width = self.text_width(orientation);
        let caption = |text: &str| run(text, Role::Table, sizes.table_caption);
        self.paragraph(
            fixed_lines(plain(), sizes.table_caption)
                .align(AlignmentType::Right)
                .add_run(caption(&table.frame.label)),
            true,
        );
        let title = self
            .heading(
                "Heading2",
                Some(&table.frame.toc),
                vec![run(&table.frame.title, Role::Title, sizes.table_title)],
            )
            .align(AlignmentType::Center);
        // No space below the title: the PDF sets the label, the title and the unit line by
        // their capitals' height, closer than Word's line boxes; without the gap the table
        // starts where it does in the PDF (within a point), so its rows fall on the same pages.
        let title = fixed_lines(title, sizes.table_title);
        self.paragraph(title, false);
        let unit_line = fixed_lines(plain(), sizes.table_caption)
            .add_tab(Tab::new().val(TabValueType::Right).pos(width as usize))
            .add_run(caption(&table.frame.unit_name))
            .add_run(Run::new().add_tab())
            .add_run(caption(&table.frame.unit));
        self.paragraph(unit_line, false);
        let word_table = build(table, width, self.typography);
        self.parts
            .last_mut()
            .expect("open")
            .children
            .push(Child::Table(Box::new(word_table)));
        for note in &table.frame.notes {
            self.paragraph(
                fixed_lines(plain(), sizes.table_note).add_run(run(
                    note,
                    Role::Table,
                    sizes.table_note,
                )),
                false,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_spans_leave_continuation_cells_below() {
        let mut table = Table {
            columns: vec![1; 3],
            header: vec![
                vec![Cell::center("A").span(1, 3), Cell::center("B").span(2, 1)],
                vec![Cell::center("C").span(1, 2), Cell::center("D")],
                vec![Cell::center("E")],
            ],
            ..Table::default()
        };
        table.place_cells();
        let placed = place(&table.header, 3, 0);
        let shape: Vec<Vec<String>> = placed
            .iter()
            .map(|row| {
                row.iter()
                    .map(|slot| match slot {
                        Slot::Start(cell) => cell.text.clone(),
                        Slot::Covered { colspan } => format!("^{colspan}"),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            shape,
            vec![vec!["A", "B"], vec!["^1", "C", "D"], vec!["^1", "^1", "E"]]
        );
    }
}
