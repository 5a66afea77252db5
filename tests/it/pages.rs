//! What a page-by-page reading checks (issue 9): cells where the model puts them, codes that can
//! be copied, a 目录 that survives long names.

use super::*;
use yusuan::compose::document::{Block, Table};

/// The annex tables of a prepared unit.
fn tables(prepared: &Prepared) -> Vec<&Table> {
    prepared
        .document
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Table(table) => Some(table),
            _ => None,
        })
        .collect()
}

/// Every row of every table of every bundled unit fills its columns exactly: each grid slot is
/// taken by one cell, its own or one spanning down from above.
#[test]
fn every_cell_has_its_own_place_and_every_row_is_full() {
    for (name, text) in bundled_units() {
        let Ok(prepared) = prepare_text(&format!("grid-{name}"), &text) else {
            panic!("{name} prepares");
        };
        for table in tables(&prepared) {
            let rows: Vec<_> = table.header.iter().chain(&table.body).collect();
            let columns = table.column_count();
            let mut taken = vec![vec![false; columns]; rows.len()];
            for row in &rows {
                for cell in row.iter() {
                    for y in cell.row..cell.row + cell.rowspan.max(1) {
                        for x in cell.column..cell.column + cell.colspan.max(1) {
                            let slot = taken
                                .get_mut(usize::from(y))
                                .and_then(|r| r.get_mut(usize::from(x)))
                                .unwrap_or_else(|| {
                                    panic!(
                                        "{name} {}: “{}” outside the grid",
                                        table.frame.label, cell.text
                                    )
                                });
                            assert!(
                                !*slot,
                                "{name} {}: two cells at ({x}, {y})",
                                table.frame.label
                            );
                            *slot = true;
                        }
                    }
                }
            }
            for (y, row) in taken.iter().enumerate() {
                assert!(
                    row.iter().all(|&t| t),
                    "{name} {}: row {y} leaves a column empty: {row:?}",
                    table.frame.label
                );
            }
        }
    }
}

/// From the laid-out frames: each header cell's label stands centred over exactly the columns
/// the cell spans, the column edges read from the table's rules, in every table.
#[test]
fn header_labels_sit_over_the_columns_they_span() {
    let (prepared, layout) = laid_out("header-places", &reference_text());
    let pages = layout.page_texts();
    let texts = layout.placed_texts();
    let rules = layout.vertical_rules();
    for table in tables(&prepared) {
        let page = pages
            .iter()
            .position(|p| p.contains(&table.frame.label))
            .unwrap_or_else(|| panic!("{} is laid out", table.frame.label));
        let mut edges: Vec<f64> = rules
            .iter()
            .filter(|r| r.page == page)
            .map(|r| (r.x * 10.0).round() / 10.0)
            .collect();
        edges.sort_by(f64::total_cmp);
        edges.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        assert_eq!(
            edges.len(),
            table.column_count() + 1,
            "{}: one rule per column edge",
            table.frame.label
        );
        for cell in table.header.iter().flatten().filter(|c| !c.text.is_empty()) {
            let left = edges[usize::from(cell.column)];
            let right = edges[usize::from(cell.column + cell.colspan)];
            let centre = (left + right) / 2.0;
            let found = texts.iter().any(|t| {
                t.page == page
                    && !t.text.trim().is_empty()
                    && cell.text.contains(t.text.trim())
                    && ((t.x0 + t.x1) / 2.0 - centre).abs() < 1.0
                    && t.x0 >= left
                    && t.x1 <= right
            });
            assert!(
                found,
                "{}: “{}” is not centred over columns {}..{}",
                table.frame.label,
                cell.text,
                cell.column,
                cell.column + cell.colspan
            );
        }
    }
}

/// Codes are in the text layer as typed: every project code, 单位代码 and 科目编码 of the
/// reference is found whole in the laid-out text, and nothing invisible sits between digits.
#[test]
fn codes_can_be_copied_and_searched_whole() {
    let (prepared, layout) = laid_out("codes-whole", &reference_text());
    let text = layout.page_texts().concat();
    for invisible in ['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'] {
        assert!(
            !text.contains(invisible),
            "U+{:04X} in the text layer",
            invisible as u32
        );
    }
    let budget = &prepared.budget;
    let mut codes: Vec<&str> = budget.projects.iter().map(|p| p.code.as_str()).collect();
    codes.push(&budget.unit.code);
    codes.extend(budget.economic.iter().map(|l| l.code.as_str()));
    for code in codes {
        assert!(text.contains(code), "{code} is in the text whole");
    }
    assert!(text.contains("410700220000000029838"));
}

/// 主要职责 given as a list prints one paragraph per item, in the PDF and the DOCX; given as one
/// text it stays one paragraph.
#[test]
fn duties_as_a_list_print_one_paragraph_each() {
    let text = std::fs::read_to_string(root().join("data/hongqi-shebao-2023.yaml")).unwrap();
    let (prepared, layout) = laid_out("duties-list", &text);
    let duties = &prepared.budget.overview.duties.paragraphs;
    assert_eq!(duties.len(), 9, "the sample unit lists its duties");
    let paragraphs: Vec<&str> = prepared
        .document
        .blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Heading { text, .. } if text.ends_with("主要职责")))
        .skip(1)
        .map_while(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        paragraphs,
        duties.iter().map(String::as_str).collect::<Vec<_>>()
    );
    // In the PDF, in order.
    let pdf = layout.page_texts().concat();
    let mut at = 0;
    for duty in duties {
        let found = pdf[at..].find(duty.as_str()).expect("each duty in order");
        at += found + duty.len();
    }
    // In the DOCX: one w:p per duty.
    let docx = yusuan::render::docx::render(
        &prepared.document,
        toolkit().typography(),
        &layout.toc_pages(),
    )
    .unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for duty in duties {
        let paragraph = xml
            .split("</w:p>")
            .find(|p| p.contains(duty.as_str()))
            .unwrap_or_else(|| panic!("“{duty}” in document.xml"));
        let others = duties
            .iter()
            .filter(|d| *d != duty && paragraph.contains(d.as_str()));
        assert_eq!(others.count(), 0, "“{duty}” is a paragraph of its own");
    }
    // One text stays one paragraph.
    let (one, _) = laid_out("duties-one", &reference_text());
    assert_eq!(one.budget.overview.duties.paragraphs.len(), 1);
}

/// With a long unit name the 目录 entries wrap: continuation lines are indented under the
/// entry, and every page number stands at the end of its entry's last line, never alone.
#[test]
fn long_names_wrap_in_the_toc_with_the_page_number_on_the_last_line() {
    for length in [30, 40, 60] {
        let name: String = "新乡市人力资源和社会保障局机关事业单位养老保险服务中心"
            .chars()
            .cycle()
            .take(length)
            .collect();
        let text = reference_text().replace("新乡市社会保险中心", &name);
        let (prepared, layout) = laid_out(&format!("toc-{length}"), &text);
        let pages = layout.page_texts();
        let toc = pages
            .iter()
            .position(|p| p.starts_with("目"))
            .expect("a 目录 page");
        // The 目录's lines, by baseline: (left edge, text). Runs within a point of a line's
        // baseline belong to it (a boxed page number may sit a fraction of a point off), and
        // read from left to right.
        let mut runs: Vec<_> = layout
            .placed_texts()
            .into_iter()
            .filter(|t| t.page == toc && !t.text.trim().is_empty())
            .collect();
        runs.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
        let mut grouped: Vec<Vec<PlacedText>> = Vec::new();
        for run in runs {
            match grouped.last_mut() {
                Some(line) if (run.baseline - line[0].baseline).abs() < 1.0 => line.push(run),
                _ => grouped.push(vec![run]),
            }
        }
        let lines: Vec<(f64, f64, String)> = grouped
            .into_iter()
            .map(|mut line| {
                line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                let text = line.iter().map(|r| r.text.as_str()).collect();
                (line[0].baseline, line[0].x0, text)
            })
            .collect();
        let entries = prepared.document.toc_entries();
        assert!(
            lines.len() > entries.len() + 1,
            "{length}: some entries wrap"
        );
        let margin = lines
            .iter()
            .map(|(_, left, _)| *left)
            .fold(f64::MAX, f64::min);
        for (_, left, line) in &lines[1..] {
            let digits = line.trim_matches(|c: char| c == '.' || c.is_whitespace());
            assert!(
                !digits.chars().all(|c| c.is_ascii_digit()),
                "{length}: a page number alone on a line: “{line}”"
            );
            let starts_entry = entries.iter().any(|e| line.starts_with(&e.text[..6]));
            if !starts_entry {
                assert!(
                    *left > margin + 10.0,
                    "{length}: “{line}” continues an entry without a hanging indent"
                );
            }
            if line.contains('.') {
                assert!(
                    line.trim_end().ends_with(|c: char| c.is_ascii_digit()),
                    "{length}: “{line}” ends with its page number"
                );
            }
        }
    }
}

/// Cell text as compared with the reference extraction: no white space (an extraction
/// artefact inside numbers) and no thousands separators (the reference writes one amount,
/// 11144.72, without them).
fn comparable(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect()
}

/// Every body row of every annex table, cell by cell in its column, is a row of the reference
/// booklet's table: each amount sits under its column header and beside its row label as the
/// reference has it.
#[test]
fn every_table_row_matches_the_reference_cell_by_cell() {
    let fixture =
        std::fs::read_to_string(root().join("tests/it/fixtures/reference-tables.txt")).unwrap();
    let mut reference: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for line in fixture.lines().filter(|l| !l.starts_with("# ")) {
        if let Some(title) = line.strip_prefix("## ") {
            reference.push((title.to_string(), Vec::new()));
        } else if let Some((_, rows)) = reference.last_mut() {
            let mut cells: Vec<String> = line.split('\t').map(comparable).collect();
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            rows.push(cells);
        }
    }
    let Ok(prepared) = prepare_text("reference-rows", &reference_text()) else {
        panic!("the reference prepares");
    };
    let tables = tables(&prepared);
    assert_eq!(tables.len(), reference.len());
    let mut compared = 0;
    let mut differing = Vec::new();
    for (table, (title, rows)) in tables.iter().zip(&reference) {
        assert_eq!(&comparable(&table.frame.title), title);
        for row in &table.body {
            let mut grid = vec![String::new(); table.column_count()];
            for cell in row {
                grid[usize::from(cell.column)] = comparable(&cell.text);
            }
            while grid.last().is_some_and(String::is_empty) {
                grid.pop();
            }
            compared += 1;
            if !rows.contains(&grid) {
                differing.push(format!("{} {}", table.frame.label, grid.join("|")));
            }
        }
    }
    assert_eq!(compared, 177, "every body row compared");
    // The one known difference: the reference's 政府性基金支出预算表 has no 特定目标类 column
    // (eight amounts); yusuan prints the nine columns of 预算05表 it mirrors.
    assert_eq!(
        differing,
        ["预算09表 ||||合计|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00|0.00"],
        "rows that differ from the reference"
    );
}

/// The text of the body cell of `table` in the column headed `header` (the lowest header cell
/// of that name) and in the first row whose cells include every one of `row`.
fn cell_under(table: &Table, header: &str, row: &[&str]) -> Option<String> {
    let column = table
        .header
        .iter()
        .flatten()
        .filter(|c| c.text == header && c.colspan == 1)
        .map(|c| c.column)
        .next_back()?;
    table
        .body
        .iter()
        .find(|cells| row.iter().all(|want| cells.iter().any(|c| c.text == *want)))?
        .iter()
        .find(|c| c.column == column)
        .map(|c| c.text.clone())
}

/// A unit that buys equipment (资本性支出, 310) shows it in its column of the expenditure tables
/// and among the basic expenditure's 公用经费, and in the totals.
#[test]
fn capital_spending_reaches_its_columns() {
    let text = std::fs::read_to_string(root().join("data/weihui-shebao-2023.yaml")).unwrap();
    let Ok(prepared) = prepare_text("capital", &text) else {
        panic!("卫辉市 prepares");
    };
    let tables = tables(&prepared);
    let by_label = |label: &str| *tables.iter().find(|t| t.frame.label == label).unwrap();
    let expenditure = by_label("预算03表");
    assert_eq!(
        cell_under(expenditure, "资本性支出", &["社会保险经办机构"]).as_deref(),
        Some("6.00")
    );
    assert_eq!(
        cell_under(expenditure, "商品和服务支出", &["社会保险经办机构"]).as_deref(),
        Some("32.94")
    );
    let general = by_label("预算05表");
    assert_eq!(
        cell_under(general, "资本性支出", &["社会保险经办机构"]).as_deref(),
        Some("6.00")
    );
    let basic = by_label("预算06表");
    assert!(
        basic.body.iter().any(|row| {
            row.iter().any(|c| c.text == "31002") && row.iter().any(|c| c.text == "6.00")
        }),
        "预算06表 lists 31002 办公设备购置 6.00"
    );
}

/// The body cell of `table` in the row with a cell `row` and in the (first) column of the
/// header cell `header`.
fn figure(table: &Table, row: &str, header: &str) -> String {
    let column = table
        .header
        .iter()
        .flatten()
        .find(|c| c.text == header)
        .unwrap_or_else(|| panic!("{}: a header “{header}”", table.frame.label))
        .column;
    table
        .body
        .iter()
        .find(|cells| cells.iter().any(|c| c.text == row))
        .unwrap_or_else(|| panic!("{}: a row “{row}”", table.frame.label))
        .iter()
        .find(|c| c.column == column)
        .map(|c| c.text.clone())
        .unwrap_or_default()
}

/// The amount printed right after `before` in `text` (`收入总计11,436.06万元` → `11,436.06`).
fn after(text: &str, before: &str) -> String {
    let start = text
        .find(before)
        .unwrap_or_else(|| panic!("the narrative says “{before}”"))
        + before.len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect()
}

/// One figure, one value: every place a booklet prints the same total (tables and narrative)
/// prints the same amount, for every bundled unit.
#[test]
fn every_total_prints_one_value_wherever_it_appears() {
    for (name, text) in bundled_units() {
        let Ok(prepared) = prepare_text(&format!("one-value-{name}"), &text) else {
            panic!("{name} prepares");
        };
        let tables = tables(&prepared);
        let table = |label: &str| *tables.iter().find(|t| t.frame.label == label).unwrap();
        let narrative: String = prepared
            .document
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let (t01, t02, t03, t05, t06, t07, t10) = (
            table("预算01表"),
            table("预算02表"),
            table("预算03表"),
            table("预算05表"),
            table("预算06表"),
            table("预算07表"),
            table("预算10表"),
        );
        let meanings: Vec<(&str, Vec<String>)> = vec![
            (
                "收支总计",
                vec![
                    figure(t01, "收入总计", "金额"),
                    figure(t02, "合计", "总计"),
                    figure(t03, "合计", "合计"),
                    figure(t07, "合计", "总计"),
                    after(&narrative, "年收入总计"),
                    after(&narrative, "支出总计"),
                    after(&narrative, "年支出合计"),
                ],
            ),
            (
                "基本支出",
                vec![
                    figure(t03, "合计", "基本支出"),
                    after(&narrative, "其中：基本支出"),
                ],
            ),
            (
                "项目支出",
                vec![
                    figure(t03, "合计", "项目支出"),
                    figure(t10, "合计", "合计"),
                    after(&narrative, "；项目支出"),
                ],
            ),
            (
                "一般公共预算基本支出",
                vec![
                    figure(t05, "合计", "基本支出"),
                    figure(t06, "合计", "合计"),
                    after(&narrative, "基本支出年初预算为"),
                ],
            ),
        ];
        let figures = &yusuan::compute::figures::Figures::compute(&prepared.budget);
        for (meaning, printed) in meanings {
            let first = &printed[0];
            assert!(!first.is_empty(), "{name} {meaning}: printed");
            assert!(
                printed.iter().all(|p| p == first),
                "{name} {meaning}: {printed:?}"
            );
            if meaning == "收支总计" {
                assert_eq!(first, &figures.income_total.display(), "{name}");
            }
        }
    }
}
