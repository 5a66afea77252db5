//! A profile's table from its rows: the header from the column tree, each body cell from the
//! figure its column shows.

use super::Rows;
use crate::compose::document::{Cell, Table, TableFrame};
use crate::model::money::AmountFormat;
use crate::profile::rows::Figure;
use crate::profile::{leaves, ColumnSpec};

/// The table of `columns` filled with `rows`, with the columns' header rows when
/// `show_header` (a form, like the 整体绩效目标表, carries its labels in its rows).
pub fn assemble(
    frame: TableFrame,
    amounts: AmountFormat,
    columns: &[ColumnSpec],
    rows: &Rows,
    show_header: bool,
) -> Table {
    let leaves = leaves(columns);
    // For each column, how many more rows a cell from above covers.
    let mut covered = vec![0_u16; leaves.len()];
    let body = rows
        .rows
        .iter()
        .map(|row| {
            let busy: Vec<bool> = covered.iter().map(|&rows| rows > 0).collect();
            for rows in covered.iter_mut() {
                *rows = rows.saturating_sub(1);
            }
            let mut cells = Vec::with_capacity(leaves.len());
            let mut place = |column: usize, mut cell: Cell, covered: &mut [u16]| {
                if let Some(value) = cell.value {
                    cell.text = amounts.show(value);
                }
                let span = usize::from(cell.colspan.max(1));
                for rows in covered.iter_mut().skip(column).take(span) {
                    *rows = cell.rowspan.max(1) - 1;
                }
                cells.push(cell);
                span
            };
            match row.form_cells() {
                Some(form) => {
                    let mut column = 0;
                    for cell in form {
                        while column < busy.len() && busy[column] {
                            column += 1;
                        }
                        column += place(column, cell.clone(), &mut covered);
                    }
                }
                None => {
                    for (column, leaf) in leaves.iter().enumerate() {
                        // A cell spanning down from a row above takes this place.
                        if busy[column] {
                            continue;
                        }
                        let cell = leaf
                            .show
                            .as_deref()
                            .and_then(Figure::named)
                            .and_then(|figure| row.get(figure))
                            .cloned()
                            .unwrap_or_else(Cell::blank);
                        place(column, cell, &mut covered);
                    }
                }
            }
            cells
        })
        .collect();
    Table {
        frame,
        columns: leaves.iter().map(|leaf| leaf.width.unwrap_or(1)).collect(),
        type_size: None,
        header: if show_header {
            header(columns)
        } else {
            Vec::new()
        },
        body,
        page_breaks: Vec::new(),
    }
}

/// How many header rows the tree needs.
fn depth(columns: &[ColumnSpec]) -> usize {
    columns
        .iter()
        .map(|column| 1 + depth(&column.columns))
        .max()
        .unwrap_or(0)
}

/// The header rows: a group spans its columns; a bottom-level column spans down to the last
/// header row.
fn header(columns: &[ColumnSpec]) -> Vec<Vec<Cell>> {
    fn walk(columns: &[ColumnSpec], level: usize, depth: usize, rows: &mut [Vec<Cell>]) {
        for column in columns {
            let cell = Cell::center(&column.header);
            if column.columns.is_empty() {
                let down = u16::try_from(depth - level).unwrap_or(u16::MAX);
                rows[level].push(cell.span(1, down));
            } else {
                let across = u16::try_from(leaves(&column.columns).len()).unwrap_or(u16::MAX);
                rows[level].push(cell.span(across, 1));
                walk(&column.columns, level + 1, depth, rows);
            }
        }
    }
    let depth = depth(columns);
    let mut rows = vec![Vec::new(); depth];
    walk(columns, 0, depth, &mut rows);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::tables::Row;

    fn leaf(header: &str, show: Option<&str>) -> ColumnSpec {
        ColumnSpec {
            header: header.into(),
            show: show.map(str::to_owned),
            width: Some(2),
            columns: Vec::new(),
        }
    }

    fn group(header: &str, columns: Vec<ColumnSpec>) -> ColumnSpec {
        ColumnSpec {
            header: header.into(),
            show: None,
            width: None,
            columns,
        }
    }

    fn frame() -> TableFrame {
        TableFrame {
            label: "预算01表".into(),
            title: "t".into(),
            toc: "一、t".into(),
            ..TableFrame::default()
        }
    }

    #[test]
    fn the_header_follows_the_column_tree() {
        let columns = vec![
            leaf("代码", Some("code")),
            group(
                "本年",
                vec![
                    leaf("合计", Some("total")),
                    group("一般", vec![leaf("小计", None)]),
                ],
            ),
        ];
        let table = assemble(
            frame(),
            AmountFormat::default(),
            &columns,
            &Rows::default(),
            true,
        );
        let shape: Vec<Vec<(String, u16, u16)>> = table
            .header
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| (c.text.clone(), c.colspan, c.rowspan))
                    .collect()
            })
            .collect();
        let cell = |t: &str, c, r| (t.to_string(), c, r);
        assert_eq!(
            shape,
            vec![
                vec![cell("代码", 1, 3), cell("本年", 2, 1)],
                vec![cell("合计", 1, 2), cell("一般", 1, 1)],
                vec![cell("小计", 1, 1)],
            ]
        );
        assert_eq!(table.columns, vec![2, 2, 2]);
    }

    #[test]
    fn body_cells_come_from_the_figures_their_columns_show() {
        let columns = vec![
            leaf("代码", Some("code")),
            leaf("金额", Some("total")),
            leaf("空", None),
        ];
        let rows = Rows {
            rows: vec![
                Row::of([
                    (Figure::Total, Cell::text("9").span(1, 2)),
                    (Figure::Code, Cell::code("1")),
                    (Figure::Name, Cell::text("not shown")),
                ]),
                Row::of([
                    (Figure::Code, Cell::code("2")),
                    (Figure::Total, Cell::text("covered")),
                ]),
                Row::default(),
            ],
            empty: false,
        };
        let table = assemble(frame(), AmountFormat::default(), &columns, &rows, true);
        let texts: Vec<Vec<&str>> = table
            .body
            .iter()
            .map(|row| row.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            vec![vec!["1", "9", ""], vec!["2", ""], vec!["", "", ""]]
        );
    }

    #[test]
    fn form_rows_fill_the_columns_left_free_from_above() {
        let columns = vec![leaf("a", None), leaf("b", None), leaf("c", None)];
        let rows = Rows {
            rows: vec![
                Row::form(vec![
                    Cell::text("块").span(1, 2),
                    Cell::text("宽").span(2, 1),
                ]),
                Row::form(vec![Cell::text("x"), Cell::text("y")]),
                Row::form(vec![Cell::text("整行").span(3, 1)]),
            ],
            empty: false,
        };
        let mut table = assemble(frame(), AmountFormat::default(), &columns, &rows, false);
        assert!(table.header.is_empty());
        table.place_cells();
        let placed: Vec<(&str, u16, u16)> = table
            .body
            .iter()
            .flatten()
            .map(|c| (c.text.as_str(), c.column, c.row))
            .collect();
        assert_eq!(
            placed,
            [
                ("块", 0, 0),
                ("宽", 1, 0),
                ("x", 1, 1),
                ("y", 2, 1),
                ("整行", 0, 2)
            ]
        );
    }
}
