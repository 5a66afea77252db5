//! The data workbook (YAML ↔ XLSX, the workbook as input) and the annex tables as XLSX.

use super::*;
use calamine::{Data, Reader, Xlsx};
use std::process::Command;
use yusuan::app::convert::canonical;
use yusuan::model::Budget;

/// Every bundled data file: the batch, the 2024 sample and the Shanghai unit.
fn bundled() -> Vec<PathBuf> {
    let mut files = yusuan::app::batch::unit_files(&root().join("data")).unwrap();
    files.push(root().join("data/2024/xinxiang-shebao-2024.yaml"));
    files.push(root().join("data/shanghai/putuo-shiquan-2026.yaml"));
    files
}

pub fn parsed(source: &SourceFile) -> Budget {
    match source.parse() {
        Ok(budget) => budget,
        Err(d) => panic!("{}: {}", source.name(), source.render(&d)),
    }
}

/// The data workbook of a data file, as `yusuan convert` writes it.
pub fn workbook_of(path: &Path) -> Vec<u8> {
    let budget = parsed(&SourceFile::read(path).unwrap());
    let catalogue = toolkit().catalogues.year(budget.unit.year);
    yusuan::input::workbook::write(Some(&budget), catalogue).unwrap()
}

pub fn from_workbook(bytes: Vec<u8>) -> SourceFile {
    SourceFile::from_bytes(Path::new("unit.xlsx"), bytes)
}

fn pdf_of(source: &SourceFile) -> Vec<u8> {
    let prepared = match toolkit().prepare(source) {
        Ok(prepared) => prepared,
        Err(_) => panic!("{} prepares", source.name()),
    };
    engine().layout(&prepared.document).unwrap().pdf().unwrap()
}

#[test]
fn every_bundled_unit_goes_to_a_workbook_and_back_unchanged() {
    for path in bundled() {
        let yaml = SourceFile::read(&path).unwrap();
        let workbook = from_workbook(workbook_of(&path));
        assert!(workbook.is_workbook());
        assert_eq!(
            canonical(&parsed(&workbook)),
            canonical(&parsed(&yaml)),
            "{}",
            path.display()
        );
        assert!(
            pdf_of(&workbook) == pdf_of(&yaml),
            "{}: the PDF from the workbook has the YAML's bytes",
            path.display()
        );
    }
}

/// A workbook's sheets as grids of cells, read as another program would see them.
pub type Sheets = Vec<(String, Vec<Vec<Data>>)>;

pub fn sheets_of(bytes: &[u8]) -> Sheets {
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    workbook
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let (bottom, right) = range.end().unwrap_or((0, 0));
            let grid = (0..=bottom)
                .map(|row| {
                    (0..=right)
                        .map(|column| {
                            range
                                .get_value((row, column))
                                .cloned()
                                .unwrap_or(Data::Empty)
                        })
                        .collect()
                })
                .collect();
            (name, grid)
        })
        .collect()
}

/// The sheets saved again by another writer, as Excel or WPS would save a user's edits.
pub fn saved(sheets: &Sheets) -> Vec<u8> {
    saved_with(sheets, |_, _| {})
}

/// [`saved`], with `extra` adding what a grid of values cannot say (merged ranges, number
/// formats) to each sheet by name.
pub fn saved_with(
    sheets: &Sheets,
    extra: impl Fn(&str, &mut rust_xlsxwriter::Worksheet),
) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (name, grid) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
        for (row, cells) in grid.iter().enumerate() {
            for (column, cell) in cells.iter().enumerate() {
                let (row, column) = (row as u32, column as u16);
                match cell {
                    Data::String(text) => {
                        sheet.write_string(row, column, text).unwrap();
                    }
                    Data::Float(number) => {
                        sheet.write_number(row, column, *number).unwrap();
                    }
                    Data::Int(number) => {
                        sheet.write_number(row, column, *number as f64).unwrap();
                    }
                    Data::Bool(value) => {
                        sheet.write_boolean(row, column, *value).unwrap();
                    }
                    Data::DateTime(value) => {
                        sheet
                            .write_number_with_format(row, column, value.as_f64(), &date)
                            .unwrap();
                    }
                    _ => {}
                }
            }
        }
        extra(name, sheet);
    }
    workbook.save_to_buffer().unwrap()
}

/// `sheets` with one change made, read back.
pub fn edited_from(sheets: &Sheets, edit: impl FnOnce(&mut Sheets)) -> SourceFile {
    let mut sheets = sheets.clone();
    edit(&mut sheets);
    from_workbook(saved(&sheets))
}

/// The reference workbook with one change made to its sheets.
fn edited(edit: impl FnOnce(&mut Sheets)) -> SourceFile {
    let mut sheets = sheets_of(&workbook_of(&root().join(REFERENCE)));
    edit(&mut sheets);
    from_workbook(saved(&sheets))
}

pub fn grid<'a>(sheets: &'a mut Sheets, name: &str) -> &'a mut Vec<Vec<Data>> {
    &mut sheets
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("sheet {name}"))
        .1
}

/// The column of the header `label` in row 1 of `sheet`.
pub fn column(sheets: &Sheets, sheet: &str, label: &str) -> usize {
    let (_, grid) = sheets.iter().find(|(n, _)| n == sheet).unwrap();
    grid[0]
        .iter()
        .position(|cell| *cell == Data::String(label.into()))
        .unwrap_or_else(|| panic!("{sheet} has a column {label}"))
}

/// The row of the form field `label` on `sheet`.
pub fn form_row(sheets: &Sheets, sheet: &str, label: &str) -> usize {
    let (_, grid) = sheets.iter().find(|(n, _)| n == sheet).unwrap();
    grid.iter()
        .position(|row| row[0] == Data::String(label.into()))
        .unwrap()
}

/// Sets one cell.
fn set(sheets: &mut Sheets, sheet: &str, row: usize, column: usize, value: Data) {
    grid(sheets, sheet)[row][column] = value;
}

/// The problems a source has (reading and parsing, then the rules), each with its cell.
pub fn problems(source: &SourceFile) -> Vec<(String, String, Option<String>)> {
    let diagnostics = match source.parse() {
        Err(diagnostics) => diagnostics,
        Ok(_) => match toolkit().prepare(source) {
            Err(yusuan::app::pipeline::Failure::Data(diagnostics)) => diagnostics,
            _ => Vec::new(),
        },
    };
    diagnostics
        .into_iter()
        .map(|d| (d.rule.code().to_string(), d.message, d.cell))
        .collect()
}

fn has(found: &[(String, String, Option<String>)], rule: &str, cell: &str, words: &str) -> bool {
    found
        .iter()
        .any(|(r, m, c)| r == rule && c.as_deref() == Some(cell) && m.contains(words))
}

#[test]
fn a_workbook_broken_the_ways_people_break_them_gets_located_errors() {
    let reference = sheets_of(&workbook_of(&root().join(REFERENCE)));
    let amount = column(&reference, "支出经济分类", "金额");
    let code = column(&reference, "支出经济分类", "部门经济分类编码");
    let letter = |c: usize| yusuan::input::workbook::cells::column_name(c.try_into().unwrap());

    // Text in an amount cell: the loader's own wording, at the cell.
    let found = problems(&edited(|s| {
        set(s, "支出经济分类", 1, amount, Data::String("一千二".into()))
    }));
    let cell = format!("支出经济分类!{}2", letter(amount));
    assert!(has(&found, "Y02", &cell, "一千二"), "{found:?}");

    // A code typed as a number, its leading zero gone.
    let found = problems(&edited(|s| {
        set(s, "支出经济分类", 2, code, Data::Float(3101.0))
    }));
    let cell = format!("支出经济分类!{}3", letter(code));
    assert!(has(&found, "Y02", &cell, "开头的 0"), "{found:?}");

    // A 21-digit project code typed as a number: Excel has already lost its last digits.
    let found = problems(&edited(|s| {
        set(s, "项目", 1, 0, Data::Float(410_700_220_000_000_029_838.0))
    }));
    assert!(has(&found, "Y02", "项目!A2", "丢失"), "{found:?}");

    // An empty required cell.
    let name = column(&reference, "项目", "项目名称");
    let found = problems(&edited(|s| set(s, "项目", 3, name, Data::Empty)));
    let cell = format!("项目!{}4", letter(name));
    assert!(has(&found, "Y02", &cell, "不能为空"), "{found:?}");

    // An extra sheet.
    let found = problems(&edited(|s| {
        s.push(("Sheet1".into(), vec![vec![Data::String("备注".into())]]))
    }));
    assert!(has(&found, "Y02", "Sheet1!A1", "Sheet1"), "{found:?}");

    // A renamed column: named at its header, with the name it should have.
    let renamed = edited(|s| set(s, "支出功能分类", 0, 0, Data::String("科目代码".into())));
    let diagnostics = renamed.parse().expect_err("refused");
    let header = diagnostics
        .iter()
        .find(|d| d.cell.as_deref() == Some("支出功能分类!A1") && d.message.contains("科目代码"))
        .expect("the renamed header is named");
    assert_eq!(
        header.hint.as_deref(),
        Some("是不是要写“科目编码”？第 1 行的列名不能改动")
    );
    assert!(diagnostics
        .iter()
        .any(|d| d.message.contains("缺少“科目编码”这一列")));

    // A wrong choice in a drop-down column.
    let fund = column(&reference, "支出经济分类", "资金来源");
    let found = problems(&edited(|s| {
        set(s, "支出经济分类", 1, fund, Data::String("财政".into()))
    }));
    let cell = format!("支出经济分类!{}2", letter(fund));
    assert!(has(&found, "Y02", &cell, "下拉列表"), "{found:?}");
}

#[test]
fn rules_speak_of_cells_with_the_words_they_use_for_yaml() {
    let reference = sheets_of(&workbook_of(&root().join(REFERENCE)));
    let row = form_row(&reference, "控制数", "基本支出");
    let source = edited(|s| set(s, "控制数", row, 1, Data::Float(4676.21)));
    let Err(yusuan::app::pipeline::Failure::Data(found)) = toolkit().prepare(&source) else {
        panic!("C03 expected");
    };
    let c03 = found.iter().find(|d| d.rule == "C03").expect("C03");
    assert_eq!(
        c03.cell.as_deref(),
        Some(format!("控制数!B{}", row + 1).as_str())
    );
    assert!(c03.related.iter().any(|r| r
        .cell
        .as_deref()
        .is_some_and(|c| c.starts_with("支出功能分类!"))));
    // The same break in the YAML gives the same message.
    let (_, from_yaml) = broken("wb-c03", "basic: 4675.21", "basic: 4676.21");
    let yaml_c03 = from_yaml.iter().find(|d| d.rule == "C03").unwrap();
    assert_eq!(c03.message, yaml_c03.message);
    let printed = source.render(&found);
    assert!(
        printed.contains(&format!("unit.xlsx  控制数!B{}", row + 1)),
        "{printed}"
    );
}

#[test]
fn excel_numbers_read_as_the_decimals_they_show() {
    let reference = sheets_of(&workbook_of(&root().join(REFERENCE)));
    let row = form_row(&reference, "控制数", "基本支出");
    let expected = canonical(&parsed(&SourceFile::read(&root().join(REFERENCE)).unwrap()));
    // A text cell holding a number, with thousands separators, reads as the number.
    let text = edited(|s| set(s, "控制数", row, 1, Data::String("4,675.21".into())));
    assert_eq!(canonical(&parsed(&text)), expected);
    // A float that a sum left a little off reads as the amount shown.
    let noisy = edited(|s| set(s, "控制数", row, 1, Data::Float(4675.21 + 1e-12)));
    assert_eq!(canonical(&parsed(&noisy)), expected);
    // An amount finer than the 分 (six decimals of 万元) is refused, as in YAML.
    let finer = edited(|s| set(s, "控制数", row, 1, Data::Float(4675.2134567)));
    let found = problems(&finer);
    assert!(
        has(
            &found,
            "Y02",
            &format!("控制数!B{}", row + 1),
            "4675.2134567"
        ),
        "{found:?}"
    );
}

#[test]
fn convert_goes_both_ways_and_validate_reads_the_workbook() {
    let dir = scratch_dir("wb-convert");
    let xlsx = dir.join("unit.xlsx");
    let yaml = dir.join("unit.yaml");
    yusuan_ok(&["convert", REFERENCE, xlsx.to_str().unwrap()]);
    super::batch::assert_portable_zip(&std::fs::read(&xlsx).unwrap(), "the data workbook");
    let sheets = sheets_of(&std::fs::read(&xlsx).unwrap());
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    for sheet in [
        "说明",
        "单位信息",
        "控制数",
        "上年",
        "收入",
        "支出功能分类",
        "支出经济分类",
        "项目",
        "绩效目标",
        "“三公”经费",
        "其他事项",
    ] {
        assert!(names.contains(&sheet), "{names:?}");
    }
    // Amounts are numbers, codes are text.
    let (_, economic) = sheets.iter().find(|(n, _)| n == "支出经济分类").unwrap();
    assert_eq!(economic[1][0], Data::String("30103".into()));
    assert_eq!(economic[1][6], Data::Float(1212.19));
    yusuan_ok(&["convert", xlsx.to_str().unwrap(), yaml.to_str().unwrap()]);
    let back = std::fs::read_to_string(&yaml).unwrap();
    assert!(back.contains("  basic: 4675.21\n"), "{back}");
    let run = yusuan(&["validate", yaml.to_str().unwrap()]);
    assert!(run.status.success());
    let run = yusuan(&["validate", xlsx.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );

    // A broken workbook: exit code 1, the cell named, nothing converted.
    let mut broken_sheets = sheets_of(&std::fs::read(&xlsx).unwrap());
    let row = form_row(&broken_sheets, "控制数", "基本支出");
    set(&mut broken_sheets, "控制数", row, 1, Data::Float(4676.21));
    let bad = dir.join("bad.xlsx");
    std::fs::write(&bad, saved(&broken_sheets)).unwrap();
    let run = yusuan(&["validate", bad.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains(&format!("控制数!B{}", row + 1)), "{out}");
    let bad_yaml = dir.join("bad.yaml");
    let run = yusuan(&["convert", bad.to_str().unwrap(), bad_yaml.to_str().unwrap()]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "the data parses; rules are validate's"
    );
    let run = yusuan(&["convert", REFERENCE, dir.join("x.txt").to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    // Only an .xlsx is written: Excel refuses an .xlsm without macros' parts, an .xls is older.
    for name in ["x.xlsm", "x.xls"] {
        let run = yusuan(&["convert", REFERENCE, dir.join(name).to_str().unwrap()]);
        assert_eq!(run.status.code(), Some(2), "{name}");
        assert!(String::from_utf8_lossy(&run.stderr).contains("以 .xlsx 结尾"));
        assert!(!dir.join(name).exists(), "{name}");
    }

    // A blank workbook for a new unit: every sheet, and empty.
    let blank = dir.join("blank.xlsx");
    let run = yusuan(&["convert", "--blank", blank.to_str().unwrap()]);
    assert!(run.status.success());
    let blank_sheets = sheets_of(&std::fs::read(&blank).unwrap());
    assert_eq!(blank_sheets.len(), sheets.len());
    // A filled workbook is never replaced by a blank one (or any conversion) unasked.
    let filled = std::fs::read(&xlsx).unwrap();
    for args in [
        vec!["convert", "--blank", xlsx.to_str().unwrap()],
        vec!["convert", REFERENCE, xlsx.to_str().unwrap()],
    ] {
        let run = yusuan(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&run.stderr).contains("已经存在"));
        assert_eq!(std::fs::read(&xlsx).unwrap(), filled, "{args:?}");
    }
    yusuan_ok(&["convert", "--blank", "--force", xlsx.to_str().unwrap()]);
    assert_ne!(std::fs::read(&xlsx).unwrap(), filled);
    let run = yusuan(&["validate", blank.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(said.contains("单位信息!B2"));
    // 金额单位 is required, and a new unit's workbook starts at 万元.
    assert!(!said.contains("金额单位"), "{said}");
}

#[test]
fn batch_reads_workbooks_beside_yaml_files() {
    let dir = scratch_dir("wb-batch");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("weibin.xlsx"),
        workbook_of(&root().join("data/weibin-shebao-2023.yaml")),
    )
    .unwrap();
    std::fs::copy(root().join(REFERENCE), data.join("xinxiang.yaml")).unwrap();
    let out = dir.join("out");
    yusuan_ok(&[
        "batch",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    assert!(out
        .join("卫滨区社会保险中心/卫滨区社会保险中心2023年单位预算.pdf")
        .exists());
    assert!(out
        .join("新乡市社会保险中心/新乡市社会保险中心2023年单位预算.pdf")
        .exists());
}

/// The amounts of each annex table of the reference booklet, by title.
fn reference_amounts() -> Vec<(String, Vec<String>)> {
    let text =
        std::fs::read_to_string(root().join("tests/it/fixtures/reference-tables.txt")).unwrap();
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with("# ")) {
        if let Some(title) = line.strip_prefix("## ") {
            tables.push((title.trim().to_string(), Vec::new()));
            continue;
        }
        let Some((_, amounts)) = tables.last_mut() else {
            continue;
        };
        for cell in line.split('\t') {
            let plain: String = cell.chars().filter(|c| *c != ' ' && *c != ',').collect();
            let is_amount = plain.split_once('.').is_some_and(|(whole, fraction)| {
                !whole.is_empty()
                    && whole.chars().all(|c| c.is_ascii_digit())
                    && fraction.len() == 2
                    && fraction.chars().all(|c| c.is_ascii_digit())
            });
            if is_amount {
                amounts.push(plain);
            }
        }
    }
    tables
}

#[test]
fn the_annex_workbook_holds_every_figure_of_the_reference_tables_as_numbers() {
    let source = SourceFile::read(&root().join(REFERENCE)).unwrap();
    let Ok(prepared) = toolkit().prepare(&source) else {
        panic!("the reference prepares");
    };
    let context = yusuan::render::Context::new(&prepared.document, engine(), "参考");
    let files = yusuan::render::Renderer::render(&yusuan::render::Xlsx, &context).unwrap();
    assert_eq!(files[0].name, "参考表.xlsx");
    let bytes = files[0].bytes.clone();
    let sheets = sheets_of(&bytes);
    assert_eq!(sheets.len(), 11);
    assert_eq!(sheets[0].0, "预算01表");
    let mut checked = 0;
    for (title, amounts) in reference_amounts() {
        let (name, grid) = sheets
            .iter()
            .find(|(_, grid)| {
                grid.get(1).and_then(|r| r.first()) == Some(&Data::String(title.clone()))
            })
            .unwrap_or_else(|| panic!("a sheet titled {title}"));
        let numbers: Vec<f64> = grid
            .iter()
            .flatten()
            .filter_map(|cell| match cell {
                Data::Float(n) => Some(*n),
                _ => None,
            })
            .collect();
        for amount in amounts {
            let value: f64 = amount.parse().unwrap();
            assert!(
                numbers.contains(&value),
                "{name} ({title}) holds {amount} as a number"
            );
            checked += 1;
        }
        // No amount is left as text.
        assert!(!grid.iter().flatten().any(|cell| matches!(cell, Data::String(t) if t.contains(".") && t.replace([',', '.'], "").chars().all(|c| c.is_ascii_digit()) && !t.is_empty())), "{name}: amounts are numbers");
    }
    assert_eq!(checked, 295, "amounts checked");
    // Print setup: A4, fitted to the page width, landscape where the PDF is, header rows
    // repeated; merged header cells.
    let parts = sheet_xml(&bytes);
    for ((name, xml), table) in parts
        .iter()
        .zip(prepared.document.blocks.iter().filter_map(|b| match b {
            yusuan::compose::document::Block::Table(t) => Some(t),
            _ => None,
        }))
    {
        assert!(xml.contains("paperSize=\"9\""), "{name}: A4");
        assert!(
            xml.contains("fitToPage=\"1\""),
            "{name}: fitted to the page"
        );
        assert_eq!(
            xml.contains("orientation=\"landscape\""),
            table.frame.landscape,
            "{name}"
        );
        assert!(xml.contains("<mergeCell ref="), "{name}: merged cells");
    }
    let mut workbook_xml = String::new();
    std::io::Read::read_to_string(
        &mut zip::ZipArchive::new(std::io::Cursor::new(bytes.clone()))
            .unwrap()
            .by_name("xl/workbook.xml")
            .unwrap(),
        &mut workbook_xml,
    )
    .unwrap();
    assert_eq!(
        workbook_xml.matches("_xlnm.Print_Titles").count(),
        11,
        "header rows repeat"
    );
    // The same bytes each time.
    assert_eq!(
        yusuan::render::Renderer::render(&yusuan::render::Xlsx, &context).unwrap()[0].bytes,
        bytes
    );
}

/// LibreOffice (Calc) opens both workbooks and prints them; the printed annex shows the
/// figures. CI installs it and sets `YUSUAN_REQUIRE_SOFFICE=1`.
#[test]
fn libreoffice_opens_the_data_and_the_annex_workbooks() {
    let Some(soffice) = office("the workbooks in LibreOffice") else {
        return;
    };
    let dir = scratch_dir("wb-soffice");
    let out = dir.join("out");
    yusuan_ok(&[
        "build",
        REFERENCE,
        "-o",
        out.to_str().unwrap(),
        "--format",
        "xlsx",
    ]);
    let annex = dir.join("annex.xlsx");
    std::fs::copy(
        out.join("新乡市社会保险中心/新乡市社会保险中心2023年单位预算表.xlsx"),
        &annex,
    )
    .unwrap();
    let data = dir.join("data.xlsx");
    std::fs::write(&data, workbook_of(&root().join(REFERENCE))).unwrap();
    for (input, figure) in [(&annex, "11,436.06"), (&data, "4,675.21")] {
        office_to_pdf(&soffice, std::slice::from_ref(input), &dir, &dir);
        let pdf = input.with_extension("pdf");
        assert!(pdf.exists(), "LibreOffice printed {}", input.display());
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).to_string())
            .unwrap_or_default();
        if which("pdftotext").is_some() {
            assert!(
                text.contains(figure),
                "{}: {figure} printed",
                input.display()
            );
        }
    }
}

#[test]
fn a_file_that_is_not_a_workbook_or_unpacks_too_far_is_refused() {
    let not = from_workbook(b"unit: not a workbook".to_vec());
    let found = not.parse().expect_err("refused");
    assert_eq!(found[0].rule, "Y02");
    assert!(
        found[0].message.contains("不是可以读取的 Excel 工作簿"),
        "{found:?}"
    );
    // A workbook whose sheet unpacks past the limit (zeros deflate a thousandfold).
    let mut packed = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut packed));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let zeros = vec![b'0'; 1024 * 1024];
        for _ in 0..65 {
            std::io::Write::write_all(&mut zip, &zeros).unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(packed.len() < 1024 * 1024, "{} bytes packed", packed.len());
    let found = from_workbook(packed).parse().expect_err("refused");
    assert_eq!(found[0].rule, "Y04");
    // The same workbook from the same data, byte for byte.
    let path = root().join(REFERENCE);
    assert!(workbook_of(&path) == workbook_of(&path));
}

/// The parts of a workbook as Excel reads them: sheet name → its XML.
fn sheet_xml(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut part = |name: &str| {
        let mut xml = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    };
    let workbook = part("xl/workbook.xml");
    workbook
        .split("<sheet name=\"")
        .skip(1)
        .enumerate()
        .map(|(index, rest)| {
            let name = rest.split('"').next().unwrap().to_string();
            (name, part(&format!("xl/worksheets/sheet{}.xml", index + 1)))
        })
        .collect()
}

#[test]
fn the_data_workbook_has_drop_downs_frozen_headers_and_amount_formats() {
    let bytes = workbook_of(&root().join(REFERENCE));
    let sheets = sheet_xml(&bytes);
    let xml = |name: &str| {
        sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, xml)| xml.clone())
            .unwrap_or_else(|| panic!("sheet {name}"))
    };
    let economic = xml("支出经济分类");
    assert!(economic.contains("state=\"frozen\""), "header row frozen");
    assert!(
        economic.contains("\"一般公共预算,政府性基金,国有资本经营预算\""),
        "资金来源 drop-down"
    );
    assert!(
        economic.contains("\"基本支出,项目支出\""),
        "基本/项目 drop-down"
    );
    assert!(
        xml("项目").contains("\"其他运转类,特定目标类\""),
        "项目类型 drop-down"
    );
    // 功能分类 codes from the year's classification, listed on the hidden sheet.
    assert!(
        xml("支出功能分类").contains("'下拉列表'!$A$2:$A$"),
        "功能分类 drop-down"
    );
    // The hidden sheet lists the year's 项级 codes with their names.
    let cells = sheets_of(&bytes);
    let (_, lists) = cells.iter().find(|(n, _)| n == "下拉列表").unwrap();
    assert!(lists
        .iter()
        .any(|row| row.first() == Some(&Data::String("2080109".into()))
            && row.get(1) == Some(&Data::String("社会保险经办机构".into()))));
    let mut workbook_xml = String::new();
    std::io::Read::read_to_string(
        &mut zip::ZipArchive::new(std::io::Cursor::new(bytes.clone()))
            .unwrap()
            .by_name("xl/workbook.xml")
            .unwrap(),
        &mut workbook_xml,
    )
    .unwrap();
    let lists_entry = workbook_xml
        .split("<sheet ")
        .find(|entry| entry.starts_with("name=\"下拉列表\""))
        .expect("the 下拉列表 sheet");
    assert!(lists_entry.contains("state=\"hidden\""), "{lists_entry}");
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut zip::ZipArchive::new(std::io::Cursor::new(bytes.clone()))
            .unwrap()
            .by_name("xl/styles.xml")
            .unwrap(),
        &mut styles,
    )
    .unwrap();
    assert!(
        styles.contains("formatCode=\"#,##0.00\""),
        "amounts as #,##0.00"
    );
    // The 说明 sheet explains every column of every sheet.
    let guide = sheets_of(&bytes);
    let (_, guide) = guide.iter().find(|(n, _)| n == "说明").unwrap();
    for sheet in yusuan::input::workbook::schema::SHEETS {
        for field in sheet.fields {
            assert!(
                guide
                    .iter()
                    .any(|row| row.first() == Some(&Data::String(sheet.name.into()))
                        && row.get(1) == Some(&Data::String(field.label.into()))),
                "说明 explains {} / {}",
                sheet.name,
                field.label
            );
        }
    }
}

#[test]
fn control_characters_and_path_names_in_cells_meet_the_rules_yaml_meets() {
    let reference = sheets_of(&workbook_of(&root().join(REFERENCE)));
    let row = form_row(&reference, "单位信息", "单位名称");
    let cell = format!("单位信息!B{}", row + 1);
    let found = problems(&edited(|s| {
        set(s, "单位信息", row, 1, Data::String("社保\u{7}中心".into()))
    }));
    assert!(
        found
            .iter()
            .any(|(r, _, c)| r == "T02" && c.as_deref() == Some(cell.as_str())),
        "{found:?}"
    );
    let found = problems(&edited(|s| {
        set(s, "单位信息", row, 1, Data::String("../../etc".into()))
    }));
    assert!(
        found
            .iter()
            .any(|(r, _, c)| r == "U03" && c.as_deref() == Some(cell.as_str())),
        "{found:?}"
    );
}

#[test]
fn the_data_workbook_prints_on_a4_one_page_wide_with_rows_tall_enough() {
    let bytes = workbook_of(&root().join(REFERENCE));
    let sheets = sheet_xml(&bytes);
    // (The hidden 下拉列表 sheet is not printed.)
    for (name, xml) in sheets.iter().filter(|(name, _)| name != "下拉列表") {
        assert!(
            xml.contains(r#"paperSize="9""#) && xml.contains(r#"fitToHeight="0""#),
            "{name}: A4, one page wide"
        );
    }
    let sheet = |name: &str| &sheets.iter().find(|(n, _)| n == name).unwrap().1;
    assert!(sheet("说明").contains(r#"orientation="landscape""#));
    // The 553-character duties paragraph: a row as tall as its wrapped lines, not one line.
    let duties = sheet("主要职责");
    let row = duties.split(r#"<row r="2""#).nth(1).unwrap();
    let height: f64 = row
        .split(r#"ht=""#)
        .nth(1)
        .and_then(|h| h.split('"').next())
        .and_then(|h| h.parse().ok())
        .unwrap_or(0.0);
    assert!(
        height >= 15.0 * 10.0,
        "row 2 of 主要职责 is {height} pt tall"
    );
    // Every sheet's header row repeats on each printed page.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut workbook = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/workbook.xml").unwrap(),
        &mut workbook,
    )
    .unwrap();
    assert!(
        workbook.matches("_xlnm.Print_Titles").count() >= 15,
        "{workbook}"
    );
}

#[test]
fn a_sample_unit_s_annex_workbook_is_marked_on_every_printed_page() {
    let annex = |path: &str| {
        let source = SourceFile::read(&root().join(path)).unwrap();
        let Ok(prepared) = toolkit().prepare(&source) else {
            panic!("{path} prepares");
        };
        let context = yusuan::render::Context::new(&prepared.document, engine(), "参考");
        let files = yusuan::render::Renderer::render(&yusuan::render::Xlsx, &context).unwrap();
        files.into_iter().next().unwrap().bytes
    };
    let sample = sheet_xml(&annex("data/2024/xinxiang-shebao-2024.yaml"));
    assert!(!sample.is_empty());
    for (name, xml) in &sample {
        assert!(
            xml.contains("<oddHeader>&amp;R示例数据</oddHeader>")
                && xml.contains("<oddFooter>&amp;C示例数据</oddFooter>"),
            "{name}: the sample mark in the header and footer"
        );
    }
    for (name, xml) in sheet_xml(&annex(REFERENCE)) {
        assert!(!xml.contains("示例数据"), "{name}: real data is not marked");
    }
}
