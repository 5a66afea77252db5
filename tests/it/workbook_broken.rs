//! Data workbooks as Excel, WPS, Mac Excel, scripts and people really make them: merged cells,
//! inserted and repeated columns, repeated labels, deleted sheets, formulas without values,
//! percent cells, the 1904 date system, numbers for dates and codes, stray cells at the sheet's
//! end, lying package declarations, other file kinds. Each is built here (with rust_xlsxwriter,
//! or by editing the package's XML for what other writers do) and must give the right figures
//! or an error at its cell: never a wrong figure, never a crash.

use super::workbook::{
    column, edited_from, form_row, from_workbook, grid, parsed, saved, saved_with, sheets_of,
    workbook_of, Sheets,
};
use super::*;
use calamine::Data;
use std::io::{Read, Write};
use yusuan::app::convert::canonical;

const SHANGHAI: &str = "data/shanghai/putuo-shiquan-2026.yaml";

fn reference() -> Sheets {
    sheets_of(&workbook_of(&root().join(REFERENCE)))
}

fn expected_reference() -> String {
    canonical(&parsed(&SourceFile::read(&root().join(REFERENCE)).unwrap()))
}

/// The diagnostics of a workbook that must be refused.
fn refused(source: &SourceFile) -> Vec<yusuan::input::diag::Diagnostic> {
    match source.parse() {
        Err(found) => found,
        Ok(_) => match toolkit().prepare(source) {
            Err(yusuan::app::pipeline::Failure::Data(found)) => found,
            _ => panic!("the workbook must be refused"),
        },
    }
}

fn at<'a>(
    found: &'a [yusuan::input::diag::Diagnostic],
    cell: &str,
    words: &str,
) -> &'a yusuan::input::diag::Diagnostic {
    found
        .iter()
        .find(|d| d.cell.as_deref() == Some(cell) && d.message.contains(words))
        .unwrap_or_else(|| panic!("no “{words}” at {cell}: {found:#?}"))
}

/// One part of a package rewritten by `edit`; the others copied as they are.
fn with_part(bytes: &[u8], part: &str, edit: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut edit = Some(edit);
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let name = file.name().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == part {
            let text = String::from_utf8(content).unwrap();
            content = (edit.take().unwrap())(text).into_bytes();
        }
        writer.start_file(name, options).unwrap();
        writer.write_all(&content).unwrap();
    }
    assert!(edit.is_none(), "the package has a part {part}");
    writer.finish().unwrap().into_inner()
}

/// The part that holds the sheet `name` (rust_xlsxwriter numbers them in workbook order).
fn sheet_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut workbook = String::new();
    archive
        .by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook)
        .unwrap();
    let index = workbook
        .split("<sheet name=\"")
        .skip(1)
        .position(|rest| rest.starts_with(&format!("{name}\"")))
        .unwrap_or_else(|| panic!("sheet {name}"));
    format!("xl/worksheets/sheet{}.xml", index + 1)
}

/// `xml` with the cell `reference` (`B4`) replaced by `cell`, the whole `<c>` element.
fn replace_cell(xml: &str, reference: &str, cell: &str) -> String {
    let start = xml
        .find(&format!("<c r=\"{reference}\""))
        .unwrap_or_else(|| panic!("cell {reference}"));
    let rest = &xml[start..];
    let open_end = rest.find('>').unwrap();
    let end = if rest[..open_end].ends_with('/') {
        start + open_end + 1
    } else {
        start + rest.find("</c>").unwrap() + 4
    };
    format!("{}{cell}{}", &xml[..start], &xml[end..])
}

/// The reference workbook with the cell at `reference` of `sheet` replaced by `cell` (XML).
fn reference_with_cell(sheet: &str, reference: &str, cell: &str) -> SourceFile {
    let bytes = workbook_of(&root().join(REFERENCE));
    let part = sheet_part(&bytes, sheet);
    from_workbook(with_part(&bytes, &part, |xml| {
        replace_cell(&xml, reference, cell)
    }))
}

fn letter(column: usize) -> String {
    yusuan::input::workbook::cells::column_name(column.try_into().unwrap())
}

#[test]
fn a_merged_fund_means_its_value_on_every_row_and_a_blank_fund_is_an_error() {
    // The Shanghai unit's two 政府性基金 功能分类 lines, made neighbours, as a user sorts them.
    let mut base = sheets_of(&workbook_of(&root().join(SHANGHAI)));
    let fund = column(&base, "支出功能分类", "资金来源");
    let lines = grid(&mut base, "支出功能分类");
    let funded: Vec<usize> = (1..lines.len())
        .filter(|row| lines[*row][fund] == Data::String("政府性基金".into()))
        .collect();
    assert_eq!(
        funded.len(),
        2,
        "the Shanghai unit has two 政府性基金 lines"
    );
    let second = lines.remove(funded[1]);
    lines.insert(funded[0] + 1, second);
    let first = funded[0];
    let expected = canonical(&parsed(&from_workbook(saved(&base))));
    assert!(expected.contains("government_fund"));

    // Merged over both lines, as Excel saves a merge: the value in the top cell only.
    let mut merged = base.clone();
    grid(&mut merged, "支出功能分类")[first + 1][fund] = Data::Empty;
    let bytes = saved_with(&merged, |name, sheet| {
        if name == "支出功能分类" {
            let (row, column) = (first as u32, fund as u16);
            sheet
                .merge_range(
                    row,
                    column,
                    row + 1,
                    column,
                    "政府性基金",
                    &rust_xlsxwriter::Format::new(),
                )
                .unwrap();
        }
    });
    assert_eq!(canonical(&parsed(&from_workbook(bytes))), expected);

    // The same blank without the merge: not quietly 一般公共预算.
    let found = refused(&from_workbook(saved(&merged)));
    let cell = format!("支出功能分类!{}{}", letter(fund), first + 2);
    at(&found, &cell, "“资金来源”不能为空");
}

#[test]
fn a_form_sheet_is_read_by_its_headers() {
    // Columns in another order (说明 | 值 | 项目): the same data.
    let mut sheets = reference();
    for row in grid(&mut sheets, "其他事项").iter_mut() {
        row.reverse();
    }
    assert_eq!(
        canonical(&parsed(&from_workbook(saved(&sheets)))),
        expected_reference()
    );

    // A column inserted before 值: named at its header, never read as the value.
    let mut sheets = reference();
    for (index, row) in grid(&mut sheets, "其他事项").iter_mut().enumerate() {
        let inserted = if index == 0 {
            Data::String("上年数".into())
        } else {
            Data::Empty
        };
        row.insert(1, inserted);
    }
    let found = refused(&from_workbook(saved(&sheets)));
    at(&found, "其他事项!B1", "上年数");
    assert!(
        found.iter().all(|d| !d.message.contains("72.00")),
        "{found:#?}"
    );
}

#[test]
fn a_repeated_label_or_header_is_an_error_at_both() {
    let mut sheets = reference();
    let row = form_row(&sheets, "控制数", "基本支出");
    let form = grid(&mut sheets, "控制数");
    let mut copy = form[row].clone();
    copy[1] = Data::Float(4676.21);
    form.push(copy);
    let last = form.len();
    let found = refused(&from_workbook(saved(&sheets)));
    let repeated = at(&found, &format!("控制数!A{last}"), "出现了两次");
    assert!(repeated
        .message
        .contains(&format!("第 {} 行和第 {last} 行", row + 1)));
    assert_eq!(
        repeated.related[0].cell.as_deref(),
        Some(format!("控制数!A{}", row + 1).as_str())
    );
    // No rule quotes one row's value at the other's cell.
    assert!(found.iter().all(|d| d.rule != "C03"), "{found:#?}");

    let mut sheets = reference();
    let amount = column(&sheets, "支出经济分类", "金额");
    for row in grid(&mut sheets, "支出经济分类").iter_mut() {
        let copy = row[amount].clone();
        row.push(copy);
    }
    let found = refused(&from_workbook(saved(&sheets)));
    let last = letter(grid(&mut sheets, "支出经济分类")[0].len() - 1);
    let repeated = at(
        &found,
        &format!("支出经济分类!{last}1"),
        "“金额”这一列出现了两次",
    );
    assert_eq!(
        repeated.related[0].cell.as_deref(),
        Some(format!("支出经济分类!{}1", letter(amount)).as_str())
    );
}

#[test]
fn a_deleted_sheet_the_booklet_reports_on_is_named() {
    for name in ["其他事项", "机构设置", "项目", "“三公”经费", "收入"] {
        let mut sheets = reference();
        sheets.retain(|(sheet, _)| sheet != name);
        let found = refused(&from_workbook(saved(&sheets)));
        at(
            &found,
            &format!("{name}!A1"),
            &format!("缺少工作表“{name}”"),
        );
    }
    // A sheet of another format's data only may be left out.
    let mut sheets = reference();
    sheets.retain(|(sheet, _)| sheet != "扩展数据" && !sheet.starts_with("整体绩效"));
    assert_eq!(
        canonical(&parsed(&from_workbook(saved(&sheets)))),
        expected_reference()
    );
}

#[test]
fn a_formula_without_its_saved_value_is_named_not_read_as_zero() {
    let sheets = reference();
    let row = form_row(&sheets, "控制数", "基本支出") + 1;
    let source = reference_with_cell(
        "控制数",
        &format!("B{row}"),
        &format!(
            "<c r=\"B{row}\" s=\"7\"><f>B{}+B{}</f></c>",
            row + 1,
            row + 2
        ),
    );
    let found = refused(&source);
    at(&found, &format!("控制数!B{row}"), "没有保存它的计算结果");
    // An optional amount too (it used to read as 0).
    let row = form_row(&sheets, "其他事项", "政府采购：货物") + 1;
    let source = reference_with_cell(
        "其他事项",
        &format!("B{row}"),
        &format!("<c r=\"B{row}\"><f>72</f></c>"),
    );
    at(&refused(&source), &format!("其他事项!B{row}"), "公式 =72");
    // A formula with its value saved (as Excel saves it) reads as that value.
    let row = form_row(&sheets, "控制数", "基本支出") + 1;
    let source = reference_with_cell(
        "控制数",
        &format!("B{row}"),
        &format!(
            "<c r=\"B{row}\" s=\"7\"><f>B{}+B{}</f><v>4675.21</v></c>",
            row + 1,
            row + 2
        ),
    );
    assert_eq!(canonical(&parsed(&source)), expected_reference());
}

/// The 绩效目标 sheet with each indicator's 指标类别 left blank where it repeats the row above
/// (and merged there, with `merge`), as a 绩效目标表 is usually laid out.
fn goals_laid_out(merge: bool, blank_codes: bool) -> Vec<u8> {
    let mut sheets = reference();
    let goals = grid(&mut sheets, "绩效目标");
    let mut runs: Vec<(u32, u32, u16, String)> = Vec::new();
    for column in [0usize, 1] {
        if column == 0 && !blank_codes {
            continue;
        }
        let mut row = 1;
        while row < goals.len() {
            let value = goals[row][column].clone();
            let mut end = row;
            while end + 1 < goals.len()
                && goals[end + 1][column] == value
                && goals[end + 1][0] == goals[row][0]
                && value != Data::Empty
            {
                end += 1;
            }
            if end > row {
                if let Data::String(text) = &value {
                    runs.push((row as u32, end as u32, column as u16, text.clone()));
                }
            }
            row = end + 1;
        }
    }
    assert!(
        runs.len() >= 9,
        "the reference goals repeat their categories"
    );
    for (first, last, column, _) in &runs {
        for row in first + 1..=*last {
            goals[row as usize][*column as usize] = Data::Empty;
        }
    }
    saved_with(&sheets, |name, sheet| {
        if name == "绩效目标" && merge {
            for (first, last, column, text) in &runs {
                let format = rust_xlsxwriter::Format::new();
                sheet
                    .merge_range(*first, *column, *last, *column, text, &format)
                    .unwrap();
            }
        }
    })
}

#[test]
fn goal_rows_continue_the_row_above_when_merged_or_left_blank() {
    let expected = expected_reference();
    let merged = from_workbook(goals_laid_out(true, false));
    assert_eq!(canonical(&parsed(&merged)), expected);
    let blank = from_workbook(goals_laid_out(false, false));
    assert_eq!(canonical(&parsed(&blank)), expected);
    let blank_codes = from_workbook(goals_laid_out(false, true));
    assert_eq!(canonical(&parsed(&blank_codes)), expected);
    let merged_codes = from_workbook(goals_laid_out(true, true));
    assert_eq!(canonical(&parsed(&merged_codes)), expected);
    // All 57 indicator rows of the reference reach the booklet.
    let budget = parsed(&merged);
    let indicators: usize = budget
        .performance
        .iter()
        .map(|goal| {
            goal.cost.len() + goal.output.len() + goal.benefit.len() + goal.satisfaction.len()
        })
        .sum();
    assert_eq!(indicators, 57);
}

#[test]
fn an_empty_indicator_or_extra_value_is_an_error_not_null_or_none() {
    let mut sheets = reference();
    let name = column(&sheets, "绩效目标", "三级指标");
    let value = column(&sheets, "绩效目标", "指标值");
    grid(&mut sheets, "绩效目标")[2][name] = Data::Empty;
    grid(&mut sheets, "绩效目标")[3][value] = Data::Empty;
    let found = refused(&from_workbook(saved(&sheets)));
    at(
        &found,
        &format!("绩效目标!{}3", letter(name)),
        "“三级指标”不能为空",
    );
    at(
        &found,
        &format!("绩效目标!{}4", letter(value)),
        "“指标值”不能为空",
    );

    let mut sheets = sheets_of(&workbook_of(&root().join(SHANGHAI)));
    let value = column(&sheets, "扩展数据", "值");
    let extra = grid(&mut sheets, "扩展数据");
    let count = extra
        .iter()
        .position(|row| row[0] == Data::String("performance_projects".into()))
        .unwrap();
    let vehicle = extra
        .iter()
        .position(|row| row[0] == Data::String("vehicles".into()))
        .unwrap();
    extra[count][value] = Data::Empty;
    extra[vehicle][value] = Data::Empty;
    let found = refused(&from_workbook(saved(&sheets)));
    at(
        &found,
        &format!("扩展数据!{}{}", letter(value), count + 1),
        "不能为空",
    );
    at(
        &found,
        &format!("扩展数据!{}{}", letter(value), vehicle + 1),
        "不能为空",
    );
}

#[test]
fn a_percent_typed_into_a_general_cell_reads_as_shown() {
    let mut sheets = reference();
    let value = column(&sheets, "绩效目标", "指标值");
    let goals = grid(&mut sheets, "绩效目标");
    let rows: Vec<usize> = (1..goals.len())
        .filter(|row| matches!(&goals[*row][value], Data::String(t) if t == "100%" || t == "95%"))
        .take(2)
        .collect();
    assert_eq!(
        rows.len(),
        2,
        "the reference has indicators of 100% and 95%"
    );
    let numbers: Vec<(usize, f64)> = rows
        .iter()
        .map(|row| match &goals[*row][value] {
            Data::String(t) if t == "100%" => (*row, 1.0),
            _ => (*row, 0.95),
        })
        .collect();
    for (row, _) in &numbers {
        goals[*row][value] = Data::Empty;
    }
    let bytes = saved_with(&sheets, |name, sheet| {
        if name == "绩效目标" {
            let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
            for (row, number) in &numbers {
                sheet
                    .write_number_with_format(*row as u32, value as u16, *number, &percent)
                    .unwrap();
            }
        }
    });
    assert_eq!(
        canonical(&parsed(&from_workbook(bytes))),
        expected_reference()
    );
}

#[test]
fn dates_from_a_mac_as_numbers_and_as_iso_cells_read_right_or_are_refused() {
    let sheets = reference();
    let row = form_row(&sheets, "单位信息", "发布日期");
    let date_cell = |serial: f64| {
        let mut sheets = reference();
        grid(&mut sheets, "单位信息")[row][1] = Data::Empty;
        saved_with(&sheets, move |name, sheet| {
            if name == "单位信息" {
                let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                sheet
                    .write_number_with_format(row as u32, 1, serial, &date)
                    .unwrap();
            }
        })
    };
    // 2023-02-01 is day 44958 from 1900 and day 43496 from 1904 (a Mac workbook).
    assert_eq!(
        canonical(&parsed(&from_workbook(date_cell(44958.0)))),
        expected_reference()
    );
    let mac = with_part(&date_cell(43496.0), "xl/workbook.xml", |xml| {
        xml.replace("<workbookPr ", "<workbookPr date1904=\"1\" ")
    });
    assert_eq!(
        canonical(&parsed(&from_workbook(mac))),
        expected_reference()
    );

    // Numbers that are not dates: named at the cell; the budget systems' 20230201 is a date.
    for (number, refused_too) in [(2023.2, true), (2023.0, true), (20230201.0, false)] {
        let mut sheets = reference();
        grid(&mut sheets, "单位信息")[row][1] = Data::Float(number);
        let source = from_workbook(saved(&sheets));
        if refused_too {
            at(
                &refused(&source),
                &format!("单位信息!B{}", row + 1),
                "不是日期",
            );
        } else {
            assert_eq!(canonical(&parsed(&source)), expected_reference());
        }
    }
    // An ISO date cell (`t="d"`, as LibreOffice and scripts write it).
    let source = reference_with_cell(
        "单位信息",
        &format!("B{}", row + 1),
        &format!(
            "<c r=\"B{}\" t=\"d\"><v>2023-02-01T00:00:00</v></c>",
            row + 1
        ),
    );
    assert_eq!(canonical(&parsed(&source)), expected_reference());
}

#[test]
fn codes_typed_as_numbers_keep_every_digit_or_are_refused() {
    // A 16-digit project code typed as a number: Excel keeps 15 digits, so it is refused.
    let mut sheets = reference();
    grid(&mut sheets, "项目")[1][0] = Data::Float(4_107_002_200_000_029.0);
    at(
        &refused(&from_workbook(saved(&sheets))),
        "项目!A2",
        "15 位有效数字",
    );

    // Free-length codes with a leading zero: the project codes, one typed as a number.
    let mut sheets = reference();
    let code = column(&sheets, "绩效目标", "项目编码");
    let projects = grid(&mut sheets, "项目");
    let old: Vec<Data> = projects.iter().skip(1).map(|row| row[0].clone()).collect();
    for (index, row) in projects.iter_mut().skip(1).enumerate() {
        row[0] = Data::String(format!("0{:05}", index + 1));
    }
    projects[2][0] = Data::Float(2.0);
    for row in grid(&mut sheets, "绩效目标").iter_mut().skip(1) {
        if let Some(index) = old.iter().position(|c| *c == row[code]) {
            row[code] = Data::String(format!("0{:05}", index + 1));
        }
    }
    at(
        &refused(&from_workbook(saved(&sheets))),
        "项目!A3",
        "开头的 0",
    );

    // The unit's code typed as a number under a department code with a leading zero.
    let mut sheets = reference();
    let unit = form_row(&sheets, "单位信息", "单位代码");
    let department = form_row(&sheets, "单位信息", "主管部门代码");
    grid(&mut sheets, "单位信息")[department][1] = Data::String("030".into());
    grid(&mut sheets, "单位信息")[unit][1] = Data::Float(30016.0);
    at(
        &refused(&from_workbook(saved(&sheets))),
        &format!("单位信息!B{}", unit + 1),
        "开头的 0",
    );

    // Spaces around a code are not part of it; an invisible character inside is shown.
    let mut sheets = reference();
    let first = match &grid(&mut sheets, "支出功能分类")[1][0] {
        Data::String(code) => code.clone(),
        other => panic!("{other:?}"),
    };
    grid(&mut sheets, "支出功能分类")[1][0] = Data::String(format!(" {first}\u{3000}"));
    assert_eq!(
        canonical(&parsed(&from_workbook(saved(&sheets)))),
        expected_reference()
    );
    grid(&mut sheets, "支出功能分类")[1][0] = Data::String(format!("\u{200B}{first}"));
    at(
        &refused(&from_workbook(saved(&sheets))),
        "支出功能分类!A2",
        "\\u200b",
    );
}

#[test]
fn a_stray_last_cell_and_a_lying_string_count_cost_what_the_file_holds() {
    let bytes = workbook_of(&root().join(REFERENCE));
    for last in ["XFD1048576", "Z1048576"] {
        let part = sheet_part(&bytes, "其他事项");
        let stray = with_part(&bytes, &part, |xml| {
            xml.replace(
                "</sheetData>",
                &format!("<row r=\"1048576\"><c r=\"{last}\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>"),
            )
        });
        // One cell, named where it is (no header reads it), not a sheet of 17 billion cells.
        let found = refused(&from_workbook(stray));
        assert_eq!(found.len(), 1, "{found:#?}");
        at(&found, &format!("其他事项!{last}"), "没有列名");
    }
    let lying = with_part(&bytes, "xl/sharedStrings.xml", |xml| {
        let start = xml.find("<sst").unwrap();
        let end = start + xml[start..].find('>').unwrap();
        let tag = &xml[start..end];
        let count = tag
            .split("uniqueCount=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let lie = tag.replace(
            &format!("uniqueCount=\"{count}\""),
            "uniqueCount=\"99999999999\"",
        );
        format!("{}{lie}{}", &xml[..start], &xml[end..])
    });
    assert_eq!(
        canonical(&parsed(&from_workbook(lying))),
        expected_reference()
    );
}

#[test]
fn a_column_filled_to_the_sheet_end_is_named_once_not_a_million_times() {
    let bytes = workbook_of(&root().join(REFERENCE));
    let sheets = sheets_of(&bytes);
    let fund = letter(column(&sheets, "支出经济分类", "资金来源"));
    let part = sheet_part(&bytes, "支出经济分类");
    let filled = with_part(&bytes, &part, |xml| {
        // The shared string of 一般公共预算, pasted from the row below the data to the end.
        let cell = xml
            .split(&format!("<c r=\"{fund}2\""))
            .nth(1)
            .unwrap()
            .split("</c>")
            .next()
            .unwrap()
            .to_string();
        let rows = grid_rows(&sheets, "支出经济分类");
        let mut tail = String::new();
        for row in rows + 1..=1_048_576 {
            tail.push_str(&format!(
                "<row r=\"{row}\"><c r=\"{fund}{row}\"{cell}</c></row>"
            ));
        }
        let cut = xml.find("</sheetData>").unwrap();
        // Drop the blank formatted rows the writer leaves below the data.
        let kept = xml[..cut]
            .split("<row ")
            .take(rows + 1)
            .collect::<Vec<_>>()
            .join("<row ");
        format!("{kept}{tail}{}", &xml[cut..])
    });
    let found = refused(&from_workbook(filled));
    assert!(found.len() <= 3, "{} problems", found.len());
    let named = found
        .iter()
        .find(|d| d.message.contains("表尾"))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(named.message.contains("资金来源"), "{}", named.message);
    assert!(named.message.contains("1048576"), "{}", named.message);
}

fn grid_rows(sheets: &Sheets, name: &str) -> usize {
    let (_, grid) = sheets.iter().find(|(n, _)| n == name).unwrap();
    grid.iter()
        .rposition(|row| row.iter().any(|cell| *cell != Data::Empty))
        .unwrap()
        + 1
}

#[test]
fn other_file_kinds_are_named_for_what_they_are() {
    let dir = scratch_dir("wb-kinds");
    let bytes = workbook_of(&root().join(REFERENCE));
    // A macro workbook is read (its macros are not).
    let xlsm = dir.join("unit.xlsm");
    std::fs::write(&xlsm, &bytes).unwrap();
    assert_eq!(
        canonical(&parsed(&SourceFile::read(&xlsm).unwrap())),
        expected_reference()
    );
    // A workbook saved under a .yaml name is still a workbook.
    let misnamed = dir.join("unit.yaml");
    std::fs::write(&misnamed, &bytes).unwrap();
    assert_eq!(
        canonical(&parsed(&SourceFile::read(&misnamed).unwrap())),
        expected_reference()
    );
    // An .xls (an OLE compound file), an encrypted workbook, a CSV, an owner file.
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut encrypted = ole.to_vec();
    encrypted.extend(vec![0; 512]);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("old.xls", ole.to_vec(), "另存为"),
        ("locked.xlsx", encrypted, "密码"),
        (
            "table.csv",
            "项目,值\n收入总计,11436.06\n".as_bytes().to_vec(),
            ".xlsx",
        ),
        ("~$unit.xlsx", b"\x08user".to_vec(), "临时文件"),
    ];
    for (name, content, words) in cases {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let found = SourceFile::read(&path).unwrap().parse().expect_err(name);
        let text = format!(
            "{} {}",
            found[0].message,
            found[0].hint.clone().unwrap_or_default()
        );
        assert!(text.contains(words), "{name}: {text}");
        assert!(!text.contains("UTF-8"), "{name}: {text}");
        assert!(!text.is_ascii(), "{name}: in Chinese: {text}");
    }
}

#[test]
fn an_overlong_cell_is_refused_at_its_cell() {
    // rust_xlsxwriter, like Excel, cannot write such a cell: a script wrote it.
    let long = "职".repeat(1_000_000);
    let source = reference_with_cell(
        "主要职责",
        "A2",
        &format!("<c r=\"A2\" t=\"inlineStr\"><is><t>{long}</t></is></c>"),
    );
    let found = refused(&source);
    let refusal = at(&found, "主要职责!A2", "32767");
    assert!(refusal.message.contains("1000000"), "{}", refusal.message);
}

#[test]
fn amounts_typed_as_text_get_hints_that_do_not_mislead() {
    let sheets = reference();
    let row = form_row(&sheets, "控制数", "基本支出");
    for (typed, words) in [
        ("4.675,21", "应写成 4675.21"),
        ("(4,675.21)", "负数"),
        ("1e30", "科学计数法"),
        ("4675.21\u{200B}", "4675.21\\u200b"),
    ] {
        let source = edited_from(&sheets, |s| {
            grid(s, "控制数")[row][1] = Data::String(typed.into())
        });
        at(&refused(&source), &format!("控制数!B{}", row + 1), words);
    }
}

#[test]
fn batch_passes_over_excel_owner_files_and_says_so() {
    let dir = scratch_dir("wb-owner");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("unit.xlsx"), workbook_of(&root().join(REFERENCE))).unwrap();
    std::fs::write(data.join("~$unit.xlsx"), b"\x08user").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["batch", "data", "-o", "out", "--format", "xlsx"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("跳过") && stderr.contains("~$unit.xlsx"),
        "{stderr}"
    );
    let manifest = std::fs::read_to_string(dir.join("out/manifest.json")).unwrap();
    assert!(!manifest.contains("~$"), "{manifest}");
}

#[test]
fn problems_are_listed_up_to_a_bound_per_sheet_and_a_short_filled_run_is_named() {
    // Two hundred lines with a value outside the drop-down: thirty are listed, then the summary.
    let mut sheets = reference();
    let fund = column(&sheets, "支出经济分类", "资金来源");
    let lines = grid(&mut sheets, "支出经济分类");
    let line = lines[1].clone();
    lines.truncate(1);
    for _ in 0..200 {
        let mut copy = line.clone();
        copy[fund] = Data::String("财政".into());
        lines.push(copy);
    }
    let found = refused(&from_workbook(saved(&sheets)));
    let listed = found
        .iter()
        .filter(|d| d.message.contains("下拉列表"))
        .count();
    assert_eq!(listed, yusuan::input::workbook::MAX_PROBLEMS_PER_SHEET);
    let summary = at(&found, "支出经济分类!A1", "问题太多");
    assert!(
        summary.message.contains("第 32 行起没有再读"),
        "{}",
        summary.message
    );

    // A column filled 300 rows past the data: named once at its first cell; the data above it
    // is read as it is.
    let mut sheets = reference();
    let rows = grid_rows(&sheets, "支出经济分类");
    let width = grid(&mut sheets, "支出经济分类")[0].len();
    let lines = grid(&mut sheets, "支出经济分类");
    lines.truncate(rows);
    for _ in 0..300 {
        let mut row = vec![Data::Empty; width];
        row[fund] = Data::String("一般公共预算".into());
        lines.push(row);
    }
    let found = refused(&from_workbook(saved(&sheets)));
    assert_eq!(found.len(), 1, "{found:#?}");
    let cell = format!("支出经济分类!{}{}", letter(fund), rows + 1);
    at(
        &found,
        &cell,
        &format!("从第 {} 行到第 {} 行", rows + 1, rows + 300),
    );
}

#[test]
fn an_extra_list_continues_the_row_above_when_its_name_is_blank_or_merged() {
    let path = root().join(SHANGHAI);
    let expected = canonical(&parsed(&SourceFile::read(&path).unwrap()));
    for merge in [false, true] {
        let mut sheets = sheets_of(&workbook_of(&path));
        let extra = grid(&mut sheets, "扩展数据");
        let rows: Vec<usize> = (1..extra.len())
            .filter(|row| extra[*row][0] == Data::String("vehicles".into()))
            .collect();
        assert_eq!(rows.len(), 8, "the Shanghai unit lists 8 kinds of vehicle");
        for row in &rows[1..] {
            extra[*row][0] = Data::Empty;
        }
        let (first, last) = (rows[0] as u32, rows[7] as u32);
        let bytes = saved_with(&sheets, |name, sheet| {
            if name == "扩展数据" && merge {
                let format = rust_xlsxwriter::Format::new();
                sheet
                    .merge_range(first, 0, last, 0, "vehicles", &format)
                    .unwrap();
            }
        });
        assert_eq!(
            canonical(&parsed(&from_workbook(bytes))),
            expected,
            "merged: {merge}"
        );
    }
}

#[test]
fn a_value_whose_label_is_blank_is_an_error_not_dropped() {
    let mut sheets = sheets_of(&workbook_of(&root().join(SHANGHAI)));
    let row = form_row(&sheets, "上年", "政府性基金收支");
    grid(&mut sheets, "上年")[row][0] = Data::Empty;
    let found = refused(&from_workbook(saved(&sheets)));
    at(&found, &format!("上年!B{}", row + 1), "“项目”是空的");
}

#[test]
fn text_cells_read_as_their_format_shows_them_or_are_refused() {
    let path = root().join(SHANGHAI);
    let mut sheets = sheets_of(&workbook_of(&path));
    let value = column(&sheets, "扩展数据", "值");
    let extra = grid(&mut sheets, "扩展数据");
    let row = extra
        .iter()
        .position(|r| r[0] == Data::String("assets_as_of".into()))
        .unwrap();
    assert_eq!(extra[row][value], Data::String("2025年8月31日".into()));
    extra[row][value] = Data::Empty;
    // Typed as 2025年8月31日 in Chinese Excel: a date cell with a Chinese date format.
    let date_cell = |format: &'static str| {
        saved_with(&sheets, move |name, sheet| {
            if name == "扩展数据" {
                let date = rust_xlsxwriter::Format::new().set_num_format(format);
                sheet
                    .write_number_with_format(row as u32, value as u16, 45900.0, &date)
                    .unwrap();
            }
        })
    };
    let expected = canonical(&parsed(&SourceFile::read(&path).unwrap()));
    let chinese = from_workbook(date_cell("yyyy\"年\"m\"月\"d\"日\""));
    assert_eq!(canonical(&parsed(&chinese)), expected);
    // A format that cannot be shown exactly (a time) is refused at the cell, never guessed.
    let time = from_workbook(date_cell("yyyy\"年\"m\"月\"d\"日\" hh:mm"));
    at(
        &refused(&time),
        &format!("扩展数据!{}{}", letter(value), row + 1),
        "hh:mm",
    );
}

#[test]
fn a_header_merged_into_the_first_data_row_is_not_data() {
    let path = root().join(SHANGHAI);
    let mut sheets = sheets_of(&workbook_of(&path));
    let reason = column(&sheets, "支出功能分类", "说明：增减原因");
    grid(&mut sheets, "支出功能分类")[1][reason] = Data::Empty;
    let bytes = saved_with(&sheets, |name, sheet| {
        if name == "支出功能分类" {
            let format = rust_xlsxwriter::Format::new();
            let column = reason as u16;
            sheet
                .merge_range(0, column, 1, column, "说明：增减原因", &format)
                .unwrap();
        }
    });
    // The header is not the first line's reason: its reason is missing, and said so.
    let found = refused(&from_workbook(bytes));
    at(
        &found,
        &format!("支出功能分类!{}2", letter(reason)),
        "要么都填",
    );
}

#[test]
fn offices_under_one_merged_kind_are_offices_not_a_filled_column() {
    let mut sheets = reference();
    let offices = grid(&mut sheets, "机构设置");
    offices.truncate(1);
    for index in 0..120 {
        let kind = if index == 0 { "内设机构" } else { "" };
        offices.push(vec![
            Data::String(kind.into()),
            Data::String(format!("第{index}科")),
        ]);
    }
    let bytes = saved_with(&sheets, |name, sheet| {
        if name == "机构设置" {
            let format = rust_xlsxwriter::Format::new();
            sheet
                .merge_range(1, 0, 120, 0, "内设机构", &format)
                .unwrap();
        }
    });
    let budget = parsed(&from_workbook(bytes));
    assert_eq!(budget.overview.internal_offices.len(), 120);
}

#[test]
fn the_amount_unit_is_required_in_a_workbook() {
    let mut sheets = sheets_of(&workbook_of(&root().join(SHANGHAI)));
    let row = form_row(&sheets, "单位信息", "金额单位");
    grid(&mut sheets, "单位信息")[row][1] = Data::Empty;
    let found = refused(&from_workbook(saved(&sheets)));
    at(
        &found,
        &format!("单位信息!B{}", row + 1),
        "“金额单位”不能为空",
    );
}

#[test]
fn a_missing_or_displaced_header_row_is_said_once() {
    // The header row deleted.
    let mut sheets = reference();
    grid(&mut sheets, "单位信息").remove(0);
    let found = refused(&from_workbook(saved(&sheets)));
    let on_sheet: Vec<_> = found
        .iter()
        .filter(|d| {
            d.cell
                .as_deref()
                .is_some_and(|c| c.starts_with("单位信息!"))
        })
        .collect();
    assert_eq!(on_sheet.len(), 1, "{on_sheet:#?}");
    assert!(
        on_sheet[0].message.contains("不是列名"),
        "{}",
        on_sheet[0].message
    );
    // A title row put above the header.
    let mut sheets = reference();
    grid(&mut sheets, "支出经济分类").insert(0, vec![Data::String("2023年支出经济分类".into())]);
    let found = refused(&from_workbook(saved(&sheets)));
    let title = at(&found, "支出经济分类!A1", "列名在第 2 行");
    assert!(title.hint.as_deref().unwrap_or("").contains("删除第 1 行"));
}

#[test]
fn full_width_digits_and_date_formatted_amounts_are_named() {
    let sheets = reference();
    let row = form_row(&sheets, "控制数", "基本支出");
    let source = edited_from(&sheets, |s| {
        grid(s, "控制数")[row][1] = Data::String("４６７５．２１".into())
    });
    at(&refused(&source), &format!("控制数!B{}", row + 1), "全角");
    let source = edited_from(&sheets, |s| {
        grid(s, "支出功能分类")[1][0] = Data::String("２０８０１０９".into())
    });
    let found = refused(&source);
    at(&found, "支出功能分类!A2", "全角");
    // An amount cell in a date format: the format is named, not a date quoted as the amount.
    let mut dated = reference();
    grid(&mut dated, "控制数")[row][1] = Data::Empty;
    let bytes = saved_with(&dated, |name, sheet| {
        if name == "控制数" {
            let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
            sheet
                .write_number_with_format(row as u32, 1, 4675.21, &date)
                .unwrap();
        }
    });
    at(
        &refused(&from_workbook(bytes)),
        &format!("控制数!B{}", row + 1),
        "日期格式",
    );
}

#[test]
fn a_long_text_filled_down_a_column_is_held_once() {
    // A 3,000-character text in one shared string, filled down 200,000 rows (as Ctrl+D does):
    // each cell points at the one string, so reading it costs the cells, not 600 million
    // characters. The run is named once.
    let bytes = workbook_of(&root().join(REFERENCE));
    let long = "长".repeat(3000);
    let strings = with_part(&bytes, "xl/sharedStrings.xml", |xml| {
        xml.replace("</sst>", &format!("<si><t>{long}</t></si></sst>"))
    });
    let count = {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&strings)).unwrap();
        let mut xml = String::new();
        archive
            .by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml.matches("<si>").count() - 1
    };
    let sheets = sheets_of(&bytes);
    let rows = grid_rows(&sheets, "支出功能分类");
    let reason = letter(column(&sheets, "支出功能分类", "说明：增减原因"));
    let part = sheet_part(&strings, "支出功能分类");
    let filled = with_part(&strings, &part, |xml| {
        let cut = xml.find("</sheetData>").unwrap();
        let kept = xml[..cut]
            .split("<row ")
            .take(rows + 1)
            .collect::<Vec<_>>()
            .join("<row ");
        let tail: String = (rows + 1..=rows + 200_000)
            .map(|row| {
                format!("<row r=\"{row}\"><c r=\"{reason}{row}\" t=\"s\"><v>{count}</v></c></row>")
            })
            .collect();
        format!("{kept}{tail}{}", &xml[cut..])
    });
    let found = refused(&from_workbook(filled));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("表尾"), "{}", found[0].message);
}

#[test]
fn an_xlsb_workbook_is_named() {
    let mut packed = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut packed));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("xl/workbook.bin", options).unwrap();
        zip.write_all(b"\x83\x01").unwrap();
        zip.finish().unwrap();
    }
    let found = from_workbook(packed).parse().expect_err("refused");
    assert!(found[0].message.contains(".xlsb"), "{found:#?}");
}

#[test]
fn built_in_formats_show_as_chinese_excel_shows_them() {
    // Style 14 is the date format Excel gives a typed date; Chinese Excel shows it 2023/12/31.
    let mut sheets = reference();
    let value = column(&sheets, "绩效目标", "指标值");
    grid(&mut sheets, "绩效目标")[4][value] = Data::Empty;
    let bytes = saved_with(&sheets, |name, sheet| {
        if name == "绩效目标" {
            let date = rust_xlsxwriter::Format::new().set_num_format_index(14);
            sheet
                .write_number_with_format(4, value as u16, 45291.0, &date)
                .unwrap();
        }
    });
    let budget = parsed(&from_workbook(bytes));
    let yaml = serde_yaml::to_string(&budget.performance).unwrap();
    assert!(yaml.contains("2023/12/31"), "{yaml}");
}

#[test]
fn a_value_in_a_column_without_a_header_or_merged_over_two_lines_is_refused() {
    let sheets = reference();
    let row = form_row(&sheets, "其他事项", "政府采购：服务");
    let source = edited_from(&sheets, |s| {
        let other = grid(s, "其他事项");
        other[row][1] = Data::Empty;
        other[row].resize(4, Data::Empty);
        other[row][3] = Data::Float(72.0);
    });
    at(
        &refused(&source),
        &format!("其他事项!D{}", row + 1),
        "没有列名",
    );

    let goods = form_row(&sheets, "其他事项", "政府采购：货物");
    let mut merged = reference();
    grid(&mut merged, "其他事项")[goods + 1][1] = Data::Empty;
    let bytes = saved_with(&merged, |name, sheet| {
        if name == "其他事项" {
            let format = rust_xlsxwriter::Format::new();
            let (first, last) = (goods as u32, goods as u32 + 1);
            sheet.merge_range(first, 1, last, 1, "", &format).unwrap();
            sheet.write_number(first, 1, 72.0).unwrap();
        }
    });
    at(
        &refused(&from_workbook(bytes)),
        &format!("其他事项!B{}", goods + 2),
        "合并",
    );
}

#[test]
fn half_an_explanation_names_the_columns_left_empty() {
    let path = root().join(SHANGHAI);
    let mut sheets = sheets_of(&workbook_of(&path));
    let purpose = column(&sheets, "支出功能分类", "说明：主要用途");
    let lines = grid(&mut sheets, "支出功能分类");
    let row = (1..lines.len())
        .find(|row| lines[*row][purpose] != Data::Empty)
        .unwrap();
    lines[row][purpose] = Data::Empty;
    let found = refused(&from_workbook(saved(&sheets)));
    let cell = format!("支出功能分类!{}{}", letter(purpose), row + 1);
    at(&found, &cell, "要么都填，要么都不填");
}

#[test]
fn a_workbook_too_large_as_data_names_its_sheet() {
    let mut sheets = reference();
    let duties = grid(&mut sheets, "主要职责");
    let paragraph = duties[1][0].clone();
    for _ in 0..300 {
        duties.push(vec![paragraph.clone()]);
    }
    // 300 paragraphs of 3,000 characters (9 KB each): past the 2 MB the loader reads.
    let long = Data::String("职".repeat(3000));
    for row in duties.iter_mut().skip(1) {
        row[0] = long.clone();
    }
    let found = refused(&from_workbook(saved(&sheets)));
    at(&found, "主要职责!A1", "主要职责");
}
