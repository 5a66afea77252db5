//! Cell positions on the grid.

use super::{Cell, Table};

fn table(columns: usize, header: Vec<Vec<Cell>>, body: Vec<Vec<Cell>>) -> Table {
    Table {
        columns: vec![1; columns],
        header,
        body,
        ..Table::default()
    }
}

fn positions(table: &Table) -> Vec<Vec<(String, u16, u16)>> {
    table
        .header
        .iter()
        .chain(&table.body)
        .map(|row| {
            row.iter()
                .map(|c| (c.text.clone(), c.column, c.row))
                .collect()
        })
        .collect()
}

#[test]
fn cells_go_to_the_first_column_no_span_covers() {
    // The shape of 预算07表's header: 部门预算经济分类 over 类/款/科目名称, a tall 总计, and
    // 一般公共预算 over 小计/其中.
    let header = vec![
        vec![
            Cell::center("部门预算经济分类").span(3, 1),
            Cell::center("总计").span(1, 2),
            Cell::center("一般公共预算").span(2, 1),
            Cell::center("其他").span(1, 2),
        ],
        vec![
            Cell::center("类"),
            Cell::center("款"),
            Cell::center("科目名称"),
            Cell::center("小计"),
            Cell::center("其中"),
        ],
    ];
    let body = vec![vec![
        Cell::center("合计").span(3, 1),
        Cell::text("1"),
        Cell::text("2"),
        Cell::text("3"),
        Cell::text("4"),
    ]];
    let mut t = table(7, header, body);
    t.place_cells();
    let s = |text: &str, x: u16, y: u16| (text.to_string(), x, y);
    assert_eq!(
        positions(&t),
        vec![
            vec![
                s("部门预算经济分类", 0, 0),
                s("总计", 3, 0),
                s("一般公共预算", 4, 0),
                s("其他", 6, 0)
            ],
            vec![
                s("类", 0, 1),
                s("款", 1, 1),
                s("科目名称", 2, 1),
                s("小计", 4, 1),
                s("其中", 5, 1)
            ],
            vec![
                s("合计", 0, 2),
                s("1", 3, 2),
                s("2", 4, 2),
                s("3", 5, 2),
                s("4", 6, 2)
            ],
        ]
    );
}

#[test]
fn a_span_from_the_first_column_pushes_the_next_rows_along() {
    let header = vec![
        vec![Cell::center("A").span(1, 3), Cell::center("B").span(2, 1)],
        vec![Cell::center("C").span(1, 2), Cell::center("D")],
        vec![Cell::center("E")],
    ];
    let mut t = table(3, header, Vec::new());
    t.place_cells();
    let s = |text: &str, x: u16, y: u16| (text.to_string(), x, y);
    assert_eq!(
        positions(&t),
        vec![
            vec![s("A", 0, 0), s("B", 1, 0)],
            vec![s("C", 1, 1), s("D", 2, 1)],
            vec![s("E", 2, 2)],
        ]
    );
}
