//! Departments (部门预算): a department file and its units' files rebuild the published
//! booklets; the booklet does not depend on how the figures split between the units; one
//! amount changed in one unit changes the booklet where it feeds and nowhere else; the
//! department rules report each problem in the file it is in.

use crate::inspect::Inspect;
use crate::profiles::{docx_text, missing, without_page_number};
use crate::{engine, root, toolkit};
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use yusuan::app::department::{DepartmentFailure, PreparedDepartment, Report};
use yusuan::compose::document::Block;
use yusuan::input::diag::Diagnostic;
use yusuan::input::load::SourceFile;
use yusuan::model::money::Money;

fn prepare(path: &Path) -> Result<PreparedDepartment, Vec<Report>> {
    match toolkit().prepare_department(SourceFile::read(path).unwrap()) {
        Ok(department) => Ok(department),
        Err(DepartmentFailure::Data(reports)) => Err(reports),
        Err(DepartmentFailure::Other(error)) => panic!("{error:#}"),
    }
}

fn prepared(path: &Path) -> PreparedDepartment {
    match prepare(path) {
        Ok(department) => department,
        Err(reports) => panic!(
            "{} prepares: {}",
            path.display(),
            reports
                .iter()
                .map(|r| r.source.render(&r.diagnostics))
                .collect::<String>()
        ),
    }
}

/// A copy of a bundled department's folder, to change.
fn copy_of(folder: &str, name: &str) -> PathBuf {
    let to = std::env::temp_dir().join(format!("yusuan-dept-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(root().join(folder)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    to
}

/// The PDF's text (page numbers dropped) and the DOCX's.
fn texts(department: &PreparedDepartment) -> [(&'static str, String); 2] {
    let document = &department.prepared.document;
    let layout = engine().layout(document).expect("layout");
    let docx = yusuan::render::docx::render(document, toolkit().typography(), &layout.toc_pages())
        .unwrap();
    [
        (
            "pdf",
            layout
                .page_texts()
                .iter()
                .map(|page| without_page_number(page))
                .collect::<String>(),
        ),
        ("docx", docx_text(&docx)),
    ]
}

/// 区司法局 (本部 + 1 unit) rebuilds at least 98% of its published booklet's amounts and phrases,
/// in the PDF and the DOCX. What is left are the published text's own slips: a line whose
/// 2026 amount is printed twice differently (208.8 and 201.50), and a 类 by its old name.
#[test]
fn the_sifaju_department_rebuilds_its_published_booklet() {
    let reference =
        std::fs::read_to_string(root().join("tests/it/fixtures/putuo_sifaju_2026_dept_budget.txt"))
            .unwrap();
    let department = prepared(&root().join("data/shanghai/sifaju/department.yaml"));
    assert_eq!(department.units.len(), 2);
    let tables = department
        .prepared
        .document
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    assert_eq!(tables, 9);
    for (format, text) in texts(&department) {
        let (amounts, phrases, lacking) = missing(&reference, &text);
        assert!(
            amounts > 90 && phrases > 300,
            "{amounts} amounts, {phrases} phrases"
        );
        let known = ["201.50", "医疗卫生与计划生育支出"];
        let unexpected: Vec<&String> = lacking
            .iter()
            .filter(|l| !known.contains(&l.as_str()))
            .collect();
        assert!(
            unexpected.is_empty(),
            "{format} lacks {unexpected:?} of the published booklet"
        );
        assert!(
            (lacking.len() as f64) <= 0.02 * (amounts + phrases) as f64,
            "{format}: {lacking:?}"
        );
    }
}

/// 区建管委 (本部 + 4 units) rebuilds at least 98% of its published booklet's amounts and
/// phrases, in the PDF and the DOCX, its 财政项目支出绩效目标申报表 included. What is left are
/// the published text's own: an instruction left in it (（绩效目标管理工作情况，以及编报…）),
/// a typo (主要用扶持), an empty table's note worded apart from the other department's.
#[test]
fn the_jianguanwei_department_rebuilds_its_published_booklet() {
    let reference = std::fs::read_to_string(
        root().join("tests/it/fixtures/putuo_jianguanwei_2026_dept_budget.txt"),
    )
    .unwrap();
    let department = prepared(&root().join("data/shanghai/jianguanwei/department.yaml"));
    assert_eq!(department.units.len(), 5);
    let known = [
        "以及编报绩效目标的项目数量",
        "单位数量",
        "绩效目标管理工作情况",
        "预算金额等",
        "主要用扶持中小企业支出",
        "故本表无数据",
        "本年度无国有资本经营预算支出",
        // The PDF's text layer breaks this phrase where a line ends.
        "主要用于水环境治理",
    ];
    for (format, text) in texts(&department) {
        let (amounts, phrases, lacking) = missing(&reference, &text);
        assert!(
            amounts > 100 && phrases > 400,
            "{amounts} amounts, {phrases} phrases"
        );
        let unexpected: Vec<&String> = lacking
            .iter()
            .filter(|l| !known.contains(&l.as_str()))
            .collect();
        assert!(unexpected.is_empty(), "{format} lacks {unexpected:?}");
        assert!(
            (lacking.len() as f64) <= 0.02 * (amounts + phrases) as f64,
            "{format}: {lacking:?}"
        );
        // The 机关运行经费 counts the 本部 only (the others are 事业单位): 124.56, not the
        // 公用经费 of all five; the project's form prints its funds.
        assert!(text.contains("124.56"), "{format}");
        assert!(text.replace(',', "").contains("771325800.00"), "{format}");
    }
}

/// Moves `amount` of the 功能分类 line `code` (`part`) and of the 经济分类 line `economic` from
/// one unit's file to another's, with their control totals and income: the department's
/// figures are the same, the split between its units is not.
fn move_amount(from: &Path, to: &Path, code: &str, part: &str, economic: &str, amount: f64) {
    for (path, sign) in [(from, -1.0), (to, 1.0)] {
        let mut data: Value =
            serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let add = |value: &mut Value| {
            let now = value.as_f64().unwrap_or(0.0);
            *value = Value::from(((now + sign * amount) * 100.0).round() / 100.0);
        };
        let line = data["functions"]
            .as_sequence_mut()
            .unwrap()
            .iter_mut()
            .find(|l| l["code"].as_str() == Some(code))
            .expect("both units have the line");
        if line.get(part).is_none() {
            line[part] = Value::from(0);
        }
        add(&mut line[part]);
        let line = data["economic"]
            .as_sequence_mut()
            .unwrap()
            .iter_mut()
            .find(|l| l["code"].as_str() == Some(economic))
            .expect("both units have the economic line");
        add(&mut line["amount"]);
        for total in ["income_total", "expenditure_total", "basic", "personnel"] {
            add(&mut data["control_totals"][total]);
        }
        for income in ["general_public", "general_public_appropriation"] {
            add(&mut data["income"][income]);
        }
        std::fs::write(path, serde_yaml::to_string(&data).unwrap()).unwrap();
    }
}

/// The booklet does not depend on how the figures split between the units: the same
/// department with 10,000 元 of wages moved from the 本部 to the other unit is the same
/// document, page for page and cell for cell.
#[test]
fn a_department_s_booklet_is_the_same_whatever_the_split() {
    let original = prepared(&root().join("data/shanghai/sifaju/department.yaml"));
    let folder = copy_of("data/shanghai/sifaju", "split");
    move_amount(
        &folder.join("sifaju-benbu-2026.yaml"),
        &folder.join("falvyuanzhu-2026.yaml"),
        "2040601",
        "wages",
        "30102",
        10000.0,
    );
    let resplit = prepared(&folder.join("department.yaml"));
    let json = |d: &PreparedDepartment| serde_json::to_string(&d.prepared.document).unwrap();
    assert_eq!(json(&original), json(&resplit));
    // The split did change: the units' own booklets differ.
    let unit = |path: &Path| {
        let prepared = toolkit()
            .prepare(&SourceFile::read(path).unwrap())
            .ok()
            .unwrap();
        serde_json::to_string(&prepared.document).unwrap()
    };
    assert_ne!(
        unit(&root().join("data/shanghai/sifaju/falvyuanzhu-2026.yaml")),
        unit(&folder.join("falvyuanzhu-2026.yaml"))
    );
    let _ = std::fs::remove_dir_all(folder);
}

/// Every table cell of a document, by (table, row, column), with its text.
fn cells(department: &PreparedDepartment) -> Vec<((usize, usize, usize), String)> {
    department
        .prepared
        .document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(table) => Some(table),
            _ => None,
        })
        .enumerate()
        .flat_map(|(t, table)| {
            table.body.iter().enumerate().flat_map(move |(r, row)| {
                row.iter()
                    .enumerate()
                    .map(move |(c, cell)| ((t, r, c), cell.text.clone()))
            })
        })
        .collect()
}

/// One amount changed in one unit's file (1,000 元 more 办公费 in the 本部's 行政运行) changes
/// the department's booklet in every cell that figure feeds and in no other: the 行政运行,
/// 司法 and 公共安全支出 rows and the totals of the tables by 功能分类, the 办公费, 商品和服务支出
/// and 合计 rows of the 经济分类 table, the summary tables' totals and the 机关运行经费.
#[test]
fn one_amount_changed_in_one_unit_changes_the_department_where_it_feeds() {
    let before = prepared(&root().join("data/shanghai/sifaju/department.yaml"));
    let folder = copy_of("data/shanghai/sifaju", "one-amount");
    let path = folder.join("sifaju-benbu-2026.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut data: Value = serde_yaml::from_str(&text).unwrap();
    let bump = |value: &mut Value| {
        *value = Value::from(value.as_f64().unwrap() + 1000.0);
    };
    for line in data["functions"].as_sequence_mut().unwrap() {
        if line["code"].as_str() == Some("2040601") {
            bump(&mut line["goods_services"]);
        }
    }
    for line in data["economic"].as_sequence_mut().unwrap() {
        if line["code"].as_str() == Some("30201") {
            bump(&mut line["amount"]);
        }
    }
    for total in ["income_total", "expenditure_total", "basic", "public"] {
        bump(&mut data["control_totals"][total]);
    }
    for income in ["general_public", "general_public_appropriation"] {
        bump(&mut data["income"][income]);
    }
    std::fs::write(&path, serde_yaml::to_string(&data).unwrap()).unwrap();
    let after = prepared(&folder.join("department.yaml"));
    let (old, new) = (cells(&before), cells(&after));
    assert_eq!(old.len(), new.len(), "the same cells");
    let changed: Vec<(&(usize, usize, usize), &String, &String)> = old
        .iter()
        .zip(&new)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, b)| (&a.0, &a.1, &b.1))
        .collect();
    // Each changed cell is 1,000.00 more.
    for (at, was, is) in &changed {
        let value = |s: &str| s.replace(',', "").parse::<f64>().unwrap();
        assert!(
            (value(is) - value(was) - 1000.0).abs() < 0.001
                || (value(is) - value(was) - 0.1).abs() < 0.001,
            "cell {at:?}: {was} → {is}"
        );
    }
    // The rows it feeds, and only those: each changed cell's row starts with one of these.
    let row_label = |(t, r, _): (usize, usize, usize)| -> String {
        new.iter()
            .filter(|((tt, rr, _), _)| *tt == t && *rr == r)
            .map(|(_, text)| text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let feeds = [
        "204",
        "行政运行",
        "合计",
        "302",
        "办公费",
        "一、财政拨款收入",
        "一、公共安全支出",
        "收入总计",
        "一般公共预算",
        // The “三公” table's one row, whose 机关运行经费 it feeds.
        "10.81",
    ];
    for (at, ..) in &changed {
        let label = row_label(**at);
        assert!(
            feeds.iter().any(|f| label.contains(f)),
            "cell {at:?} changed in a row it does not feed: {label}"
        );
    }
    // And it feeds them all: 行政运行 (合计 and its column) in the three tables that print the
    // 项 of the 一般公共预算, 办公费, 302 and 合计 in the
    // 经济分类 table, the 机关运行经费 of the “三公” table (217.83 → 217.93).
    let rows_with = |label: &str| {
        changed
            .iter()
            .filter(|(at, ..)| row_label(**at).contains(label))
            .count()
    };
    assert_eq!(rows_with("行政运行"), 3 * 2, "{changed:?}");
    assert!(rows_with("办公费") >= 2);
    assert!(changed
        .iter()
        .any(|(_, was, is)| *was == "217.83" && *is == "217.93"));
    let _ = std::fs::remove_dir_all(folder);
}

/// The rule ids found in the department's reports, by file name.
fn rules(reports: &[Report]) -> Vec<(String, &'static str)> {
    reports
        .iter()
        .flat_map(|r| {
            let file = r
                .source
                .path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            r.diagnostics
                .iter()
                .map(move |d| (file.clone(), d.rule.code()))
        })
        .collect()
}

/// Asserts that the edited copy of 区司法局 (see [`broken_department`]) gets `rule` at the
/// department file.
fn finds_in_department(name: &str, edits: &[(&str, &str, &str)], rule: &str) {
    let found = broken_department(name, edits);
    assert!(
        found
            .iter()
            .any(|(file, code)| file == "department.yaml" && *code == rule),
        "{name}: {found:?}"
    );
}

/// Edits a copy of 区司法局 with `edit` (file name, from, to), and returns what the rules found.
fn broken_department(name: &str, edits: &[(&str, &str, &str)]) -> Vec<(String, &'static str)> {
    let folder = copy_of("data/shanghai/sifaju", name);
    for (file, from, to) in edits {
        let path = folder.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} contains {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }
    let found = match prepare(&folder.join("department.yaml")) {
        Ok(department) => rules(&department.reports),
        Err(reports) => rules(&reports),
    };
    let _ = std::fs::remove_dir_all(folder);
    found
}

#[test]
fn the_bundled_departments_break_no_department_rule() {
    let departments = bundled_departments();
    assert!(departments.len() >= 3, "{departments:?}");
    for path in departments {
        let found: Vec<_> = rules(&prepared(&path).reports)
            .into_iter()
            .filter(|(_, rule)| rule.starts_with('H'))
            .collect();
        assert!(found.is_empty(), "{}: {found:?}", path.display());
    }
}

#[test]
fn a_missing_or_failing_unit_is_reported_under_the_department_with_its_own_lines() {
    let found = broken_department(
        "missing",
        &[("department.yaml", "falvyuanzhu-2026.yaml", "nowhere.yaml")],
    );
    assert!(
        found.contains(&("department.yaml".into(), "H01")),
        "{found:?}"
    );
    // The rules over all the units wait for the missing one: no H07 “科目 … 没有哪个单位有支出”.
    assert!(
        !found
            .iter()
            .any(|(_, rule)| *rule == "H07" || *rule == "H08"),
        "{found:?}"
    );
    // A unit with an error: H01 at the department's line, the unit's own C01 in its file; the
    // other unit's rules and the department's still ran (H06 below).
    let found = broken_department(
        "failing",
        &[
            (
                "falvyuanzhu-2026.yaml",
                "income_total: 9720000",
                "income_total: 9720001",
            ),
            ("sifaju-benbu-2026.yaml", "code: \"317\"", "code: \"316\""),
        ],
    );
    assert!(
        found.contains(&("department.yaml".into(), "H01")),
        "{found:?}"
    );
    assert!(
        found.contains(&("falvyuanzhu-2026.yaml".into(), "C01")),
        "{found:?}"
    );
    assert!(
        found.contains(&("department.yaml".into(), "H06")),
        "{found:?}"
    );
}

#[test]
fn a_unit_twice_another_year_or_format_and_a_code_named_twice_are_errors() {
    finds_in_department(
        "twice",
        &[(
            "department.yaml",
            "file: falvyuanzhu-2026.yaml",
            "file: ./sifaju-benbu-2026.yaml",
        )],
        "H02",
    );
    finds_in_department(
        "year",
        &[
            ("falvyuanzhu-2026.yaml", "year: 2026", "year: 2025"),
            (
                "falvyuanzhu-2026.yaml",
                "published: 2026-01-20",
                "published: 2025-01-20",
            ),
        ],
        "H03",
    );
    finds_in_department(
        "format",
        &[(
            "falvyuanzhu-2026.yaml",
            "profile: shanghai",
            "profile: henan-2024",
        )],
        "H04",
    );
    finds_in_department(
        "explained-twice",
        &[(
            "department.yaml",
            "  - { code: \"2040605\"",
            "  - { code: \"2040605\", purpose: 又一条 }\n  - { code: \"2040605\"",
        )],
        "H07",
    );
    // Figures in 元 read as 万元: 10,000 times last year's.
    finds_in_department(
        "scale",
        &[("department.yaml", "amount_unit: 元", "amount_unit: 万元")],
        "W03",
    );
    finds_in_department(
        "negative-amount",
        &[(
            "department.yaml",
            "sme_reserved: \"1486.42\"",
            "sme_reserved: \"-1486.42\"",
        )],
        "Y06",
    );
    finds_in_department(
        "own-office-last",
        &[
            (
                "department.yaml",
                "  - { file: sifaju-benbu-2026.yaml, label: 普陀区司法局本部 }\n",
                "",
            ),
            (
                "department.yaml",
                "label: 普陀区法律援助中心 }\n",
                "label: 普陀区法律援助中心 }\n  - { file: sifaju-benbu-2026.yaml, label: 普陀区司法局本部 }\n",
            ),
        ],
        "H09",
    );
    finds_in_department(
        "department-name",
        &[(
            "falvyuanzhu-2026.yaml",
            "    name: 上海市普陀区司法局\n",
            "    name: 上海市普陀区民政局\n",
        )],
        "H06",
    );
    finds_in_department(
        "unit-profile",
        &[(
            "department.yaml",
            "profile: shanghai-department",
            "profile: shanghai",
        )],
        "H04",
    );
    finds_in_department(
        "named",
        &[(
            "falvyuanzhu-2026.yaml",
            "name: 行政运行",
            "name: 行政运行费",
        )],
        "H05",
    );
}

/// The department's stated control totals are checked against the consolidation, at the
/// department file's line.
#[test]
fn a_department_s_control_totals_are_checked_against_its_units() {
    let found = broken_department(
        "control",
        &[(
            "department.yaml",
            "# 上年（2025 年）部门预算",
            "control_totals:\n  income_total: 96282213.44\n  expenditure_total: 96282213.44\n  basic: 25741666.44\n  personnel: 23563342\n  public: 2178324.44\n  project: 70540548\n  three_public: 108100\n",
        )],
    );
    assert_eq!(found, vec![("department.yaml".to_string(), "C06")]);
}

/// Every bundled department file (`department.yaml` under `data/`).
fn bundled_departments() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.file_name().is_some_and(|n| n == "department.yaml") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join("data"), &mut found);
    found.sort();
    found
}

/// The exact amounts a row source shows in the column of `figure`, row by row (blank: zero):
/// the values the tables print in their profile's unit.
fn printed(
    rows: &yusuan::compose::tables::Rows,
    figure: yusuan::profile::rows::Figure,
) -> Vec<Money> {
    rows.rows
        .iter()
        .map(|row| {
            row.get(figure)
                .and_then(|cell| cell.value)
                .unwrap_or(Money::ZERO)
        })
        .collect()
}

/// For every bundled department, each table that lists the units row by row (the 部门收入预算表
/// by income source, the 项目支出预算表, the 项目绩效目标表) has a 合计 (and a department row)
/// equal to the sum of its unit rows; and its units' rows are the units' own figures.
#[test]
fn the_total_rows_of_every_bundled_department_are_the_sums_of_its_unit_rows() {
    use yusuan::compose::tables::{rows, Input};
    use yusuan::model::IncomeSource;
    use yusuan::profile::rows::{Figure, RowSource};
    let departments = bundled_departments();
    assert!(departments.len() >= 3, "{departments:?}");
    let mut with_unit_rows = 0;
    for path in departments {
        let department = prepared(&path);
        let units: Vec<yusuan::model::Budget> = department
            .units
            .iter()
            .map(|file| {
                let source = SourceFile::read(file).unwrap();
                match toolkit().check_unit(&source) {
                    Ok(checked) => checked.budget,
                    Err(_) => panic!("{} checks", file.display()),
                }
            })
            .collect();
        let unit_refs: Vec<&yusuan::model::Budget> = units.iter().collect();
        let budget = &department.prepared.budget;
        let figures = yusuan::compute::figures::Figures::compute(budget);
        let input = Input {
            budget,
            units: &unit_refs,
            figures: &figures,
            texts: &toolkit().texts,
            catalogue: None,
        };
        // 收入预算表: 合计, the department, then each unit.
        let income = rows(&RowSource::IncomeBySource, &input);
        assert_eq!(income.rows.len(), 2 + units.len(), "{}", path.display());
        for figure in [
            Figure::Total,
            Figure::CurrentTotal,
            Figure::Income(IncomeSource::GeneralPublic),
            Figure::Income(IncomeSource::GovernmentFund),
        ] {
            let values = printed(&income, figure);
            let sum: Money = values[2..].iter().copied().sum();
            assert_eq!(values[0], sum, "{}: 合计", path.display());
            assert_eq!(values[1], sum, "{}: department", path.display());
        }
        // 项目支出表: 合计 and the department over every unit's projects.
        let projects = rows(&RowSource::Projects, &input);
        let values = printed(&projects, Figure::Total);
        let listed: Money = values[2..].iter().copied().sum();
        let all: Money = units
            .iter()
            .flat_map(|u| &u.projects)
            .map(|p| p.amount)
            .sum();
        assert_eq!(values[0], listed, "{}", path.display());
        assert_eq!(values[0], all, "{}", path.display());
        // 项目绩效目标表: the department's row is the sum of its units' rows.
        let goals = rows(&RowSource::ProjectGoals, &input);
        let totals = printed(&goals, Figure::Total);
        let names: Vec<String> = goals
            .rows
            .iter()
            .map(|row| {
                row.get(Figure::Name)
                    .map(|c| c.text.clone())
                    .unwrap_or_default()
            })
            .collect();
        let unit_rows: Money = names
            .iter()
            .zip(&totals)
            .filter(|(name, _)| units.iter().any(|u| &u.unit.name == *name))
            .map(|(_, total)| *total)
            .sum();
        assert_eq!(totals[0], unit_rows, "{}", path.display());
        if units.iter().filter(|u| !u.projects.is_empty()).count() > 1 {
            with_unit_rows += 1;
        }
    }
    // At least one bundled department has projects in more than one unit (人社局).
    assert!(with_unit_rows >= 1);
}

/// 新乡市人力资源和社会保障局 (the reference unit's 2024 sample among its units) in the Henan
/// 2024 department format: twelve tables named 部门…, its 收入预算表 listing the department and
/// each unit, its 概况 listing the units.
#[test]
fn the_henan_department_lists_its_units() {
    let department = prepared(&root().join("data/2024/renshe/department.yaml"));
    let [(_, pdf), (_, docx)] = texts(&department);
    for text in [&pdf, &docx] {
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for expected in [
            "新乡市人力资源和社会保障局2024年部门预算表",
            "部门收支预算表",
            "部门收入预算表",
            "部门预算项目绩效目标表",
            "二、部门所属预算单位构成情况",
            "1.新乡市人力资源和社会保障局机关（本部）",
            "2.新乡市社会保险中心",
            "13,437.06",
            "我部门2024年“三公”经费预算为",
        ] {
            assert!(flat.contains(expected), "{expected}");
        }
        assert!(!flat.contains("单位收支预算表"));
    }
    let tables = department
        .prepared
        .document
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    assert_eq!(tables, 12);
}

/// `yusuan batch` on a folder with a department and its units: the units are built, then the
/// department; the manifest says which units the department consolidates. A second department
/// listing one of the same units fails with the first (H02), and the units are still built.
#[test]
fn a_batch_builds_departments_after_their_units_and_the_manifest_names_them() {
    let folder = copy_of("data/shanghai/sifaju", "batch");
    let out = std::env::temp_dir().join(format!("yusuan-dept-batch-out-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let batch = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(["batch", "--format", "pdf"])
            .arg(&folder)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap()
    };
    let manifest = || -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap()
    };
    let run = batch();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        stdout.contains("共 2 个单位和 1 个部门：3 个成功，0 个失败"),
        "{stdout}"
    );
    assert!(out
        .join("上海市普陀区司法局/上海市普陀区司法局2026年部门预算.pdf")
        .is_file());
    let units = manifest()["units"].as_array().unwrap().clone();
    let department = units
        .iter()
        .find(|u| u["unit"] == "上海市普陀区司法局")
        .expect("the department is in the manifest");
    let consolidated: Vec<&str> = department["consolidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(consolidated.len(), 2);
    assert!(
        consolidated[0].ends_with("sifaju-benbu-2026.yaml"),
        "{consolidated:?}"
    );
    assert!(consolidated[1].ends_with("falvyuanzhu-2026.yaml"));
    // A unit's entry says nothing of consolidating.
    assert!(units
        .iter()
        .filter(|u| u["unit"] != "上海市普陀区司法局")
        .all(|u| u.get("consolidates").is_none()));

    let second = std::fs::read_to_string(folder.join("department.yaml"))
        .unwrap()
        .replace("name: 上海市普陀区司法局", "name: 上海市普陀区第二司法局")
        .replace(
            "- { file: sifaju-benbu-2026.yaml, label: 普陀区司法局本部 }\n",
            "",
        );
    std::fs::write(folder.join("second.yaml"), second).unwrap();
    let run = batch();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("H02") && stderr.contains("falvyuanzhu-2026.yaml"),
        "{stderr}"
    );
    let statuses: Vec<(String, String)> = manifest()["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["source"].as_str().unwrap().to_string(),
                u["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (source, status) in &statuses {
        let is_department = source.ends_with("department.yaml") || source.ends_with("second.yaml");
        assert_eq!(
            status,
            if is_department { "failed" } else { "ok" },
            "{source}"
        );
    }
    let _ = std::fs::remove_dir_all(folder);
    let _ = std::fs::remove_dir_all(out);
}

/// The workspace (`yusuan serve`) over a data folder with a department and its units: the
/// board lists the two units, and the department with its units and its checks; 全部生成
/// builds the units and then the department; a unit broken by hand shows on the department's
/// row, with the unit's file and line.
#[test]
fn the_workspace_board_shows_departments_with_their_units() {
    use crate::serve::serve;
    let dir = std::env::temp_dir().join(format!("yusuan-dept-serve-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    for entry in std::fs::read_dir(root().join("data/shanghai/sifaju")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("data").join(path.file_name().unwrap())).unwrap();
    }
    let served = serve(dir.clone());
    let board = served.get("/").text();
    let units_table = &board[board.find("id=\"units\"").unwrap()..board.find("</table>").unwrap()];
    assert_eq!(
        units_table.matches("<tr class=").count(),
        2,
        "{units_table}"
    );
    assert!(!units_table.contains("department.yaml"));
    let departments = &board[board
        .find("id=\"departments\"")
        .expect("a departments table")..];
    assert!(departments.contains("上海市普陀区司法局"));
    assert!(departments.contains("普陀区司法局本部、普陀区法律援助中心"));
    assert!(departments.contains("通过") && departments.contains("未生成"));
    // A department file is not uploaded as a unit's data.
    let department_bytes = std::fs::read(dir.join("data/department.yaml")).unwrap();
    let uploaded = served.upload("/upload", "department.yaml", &department_bytes);
    assert_eq!(uploaded.status, 422, "{}", uploaded.text());
    assert!(
        uploaded.text().contains("这是部门文件"),
        "{}",
        uploaded.text()
    );
    // Its booklet downloads from the board, made on request.
    let href = "/department/department.yaml/download";
    // (The template escapes `/` in the address as `&#x2f;`, which the browser reads back.)
    assert!(
        departments.contains("&#x2f;department&#x2f;department.yaml/download/pdf\">PDF</a>"),
        "{departments}"
    );
    let pdf = served.get(&format!("{href}/pdf"));
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF"));
    assert!(
        pdf.header("content-disposition")
            .unwrap()
            .contains("%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97"),
        "named …部门预算.pdf: {:?}",
        pdf.header("content-disposition")
    );
    let annex = served.get(&format!("{href}/xlsx"));
    assert_eq!(annex.status, 200);
    assert!(annex.body.starts_with(b"PK"));
    assert_eq!(served.get(&format!("{href}/exe")).status, 404);
    assert_eq!(
        served
            .get("/department/falvyuanzhu-2026.yaml/download/pdf")
            .status,
        404
    );

    let token = served.token();
    let started = served.request("POST", "/build", &[("X-CSRF-Token", &token)], b"");
    assert_eq!(started.status, 202, "{}", started.text());
    let status = loop {
        let status: serde_json::Value =
            serde_json::from_slice(&served.get("/build/status").body).unwrap();
        if status["running"] == false && status["done"].as_array().is_some_and(|d| d.len() == 3) {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert!(
        status["done"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["ok"] == true),
        "{status}"
    );
    assert!(dir
        .join("output/上海市普陀区司法局/上海市普陀区司法局2026年部门预算.pdf")
        .is_file());
    let board = served.get("/").text();
    let departments = &board[board.find("id=\"departments\"").unwrap()..];
    assert!(departments.contains(">PDF</span>"), "{departments}");

    // 发布: the department is published with its units once all of them are approved, not
    // before.
    use crate::faults::{approve, post};
    let publish = |units: &[&str]| -> Vec<String> {
        for unit in units {
            let unit = format!("/unit/{unit}");
            assert_eq!(post(&served, &format!("{unit}/submit"), &[]).status, 303);
            assert_eq!(approve(&served, &unit), 303);
        }
        let published = post(&served, "/publish", &[]);
        assert_eq!(published.status, 303, "{}", published.text());
        let folder = published.header("location").unwrap().to_string();
        let folder = folder.rsplit("%2F").next().unwrap().to_string();
        let manifest = dir.join("published").join(folder).join("manifest.json");
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(manifest).unwrap()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        (manifest["units"].as_array().unwrap().iter())
            .map(|unit| unit["unit"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        publish(&["sifaju-benbu-2026.yaml"]),
        ["上海市普陀区司法局本部"],
        "one unit approved: the department waits"
    );
    assert_eq!(
        publish(&["falvyuanzhu-2026.yaml"]),
        ["上海市普陀区法律援助中心", "上海市普陀区司法局"],
        "the other unit approved too: the department is published with it"
    );
    // A department-level text mended after that: the department alone waits, and is published
    // alone; its file is kept with each publication.
    let department_file = dir.join("data/department.yaml");
    let text = std::fs::read_to_string(&department_file).unwrap();
    assert!(!served.get("/").text().contains("个部门预算"));
    let mended = text.replacen(
        "change_reason: 工作量增加",
        "change_reason: 工作量有所增加",
        1,
    );
    assert_ne!(mended, text);
    std::fs::write(&department_file, &mended).unwrap();
    assert!(served
        .get("/")
        .text()
        .contains("发布已审核的 0 个单位和 1 个部门预算"));
    assert_eq!(publish(&[]), ["上海市普陀区司法局"]);
    let conn = rusqlite::Connection::open(dir.join("yusuan.db")).unwrap();
    let kept: Vec<Vec<u8>> = conn
        .prepare("SELECT content FROM published_departments ORDER BY publication_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kept, [text.as_bytes(), mended.as_bytes()]);
    assert!(
        !served.get("/").text().contains("个部门预算"),
        "nothing waits"
    );

    // A unit published changed while the other unit's data is being changed: the department
    // waits for the other to be published or put back, then follows its published units.
    let benbu = dir.join("data/sifaju-benbu-2026.yaml");
    let benbu_text = std::fs::read_to_string(&benbu).unwrap();
    let edit = |path: &Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        &benbu,
        "change_reason: 工作量增加",
        "change_reason: 工作量增加了",
    );
    let aid = dir.join("data/falvyuanzhu-2026.yaml");
    edit(&aid, "法律援助案件量增加", "法律援助案件量有所增加");
    assert_eq!(
        publish(&["falvyuanzhu-2026.yaml"]),
        ["上海市普陀区法律援助中心"],
        "the 本部's data is not the published one: the department waits"
    );
    assert!(!served.get("/").text().contains("个部门预算"));
    std::fs::write(&benbu, &benbu_text).unwrap();
    assert!(
        served
            .get("/")
            .text()
            .contains("发布已审核的 0 个单位和 1 个部门预算"),
        "the 本部 put back as published: the department follows the published 法律援助中心"
    );
    assert_eq!(publish(&[]), ["上海市普陀区司法局"]);
    let units: String = conn
        .query_row(
            "SELECT units FROM published_departments ORDER BY publication_id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let sha = |path: &Path| yusuan::base::digest::sha256_hex(&std::fs::read(path).unwrap());
    assert_eq!(
        units,
        format!(
            "sifaju-benbu-2026.yaml {}\nfalvyuanzhu-2026.yaml {}\n",
            sha(&benbu),
            sha(&aid)
        )
    );
    assert!(
        !served.get("/").text().contains("个部门预算"),
        "nothing waits"
    );

    // A department with errors is held back, said on the board; its units are published all
    // the same: a file that cannot be read, stated totals its units do not reach, a unit
    // another department lists too (said under both, as `yusuan batch` says it).
    let held = |text: &str, expected: &[&str]| {
        std::fs::write(&department_file, text).unwrap();
        let board = served.get("/").text();
        let note = &board[board.find("id=\"departments-held\"").expect("a held note")..];
        let note = &note[..note.find("</p>").unwrap()];
        for name in expected {
            assert!(note.contains(name), "{note}");
        }
        assert!(!board.contains("个部门预算"), "none waits");
        assert_eq!(served.get(&format!("{href}/pdf")).status, 404);
        board
    };
    held(
        &mended.replacen("\nunits:", "\nunits: [", 1),
        &["department.yaml"],
    );
    held(
        &mended.replacen(
            "\nunits:",
            "\ncontrol_totals:\n  income_total: 1\n  expenditure_total: 1\n  basic: 1\n  personnel: 1\n  public: 0\n  project: 0\n  three_public: 0\nunits:",
            1,
        ),
        &["上海市普陀区司法局"],
    );
    let other = dir.join("data/other-department.yaml");
    std::fs::write(
        &other,
        mended
            .replacen("name: 上海市普陀区司法局", "name: 上海市普陀区另一局", 1)
            .replacen("code: \"317\"", "code: \"318\"", 1),
    )
    .unwrap();
    let board = held(&mended, &["上海市普陀区司法局", "上海市普陀区另一局"]);
    let departments = &board[board.find("id=\"departments\"").unwrap()..];
    assert_eq!(departments.matches("H02").count(), 2, "{departments}");
    assert!(
        departments.contains("error[H02]: sifaju-benbu-2026.yaml 也列在 other-department.yaml 中"),
        "{departments}"
    );
    // Two departments of one name would be built into one folder: said on both rows.
    std::fs::write(&other, &mended).unwrap();
    let board = held(&mended, &["上海市普陀区司法局"]);
    assert_eq!(
        board.matches("的部门名称都是“上海市普陀区司法局”").count(),
        2,
        "{board}"
    );
    std::fs::remove_file(&other).unwrap();
    // Saved in GBK (Notepad, WPS): still a department's file, held, never a unit's to upload
    // over.
    // (上海 in GBK, in a comment: not UTF-8.)
    let gbk = [b"# \xc9\xcf\xba\xa3\n".as_slice(), mended.as_bytes()].concat();
    std::fs::write(&department_file, &gbk).unwrap();
    let board = served.get("/").text();
    let units_table = &board[board.find("id=\"units\"").unwrap()..];
    let units_table = &units_table[..units_table.find("</table>").unwrap()];
    assert!(!units_table.contains("department.yaml"), "{units_table}");
    assert!(board.contains("Y03") && board.contains("id=\"departments-held\""));
    let over = served.upload(
        "/unit/department.yaml/upload",
        "falvyuanzhu-2026.yaml",
        &std::fs::read(&aid).unwrap(),
    );
    assert_ne!(over.status, 303, "{}", over.text());
    assert_eq!(std::fs::read(&department_file).unwrap(), gbk);
    // A unit file outside the data folder is neither read nor shown, whether it exists or not
    // (nothing is told of the server's files), on the board, in downloads and in 全部生成.
    std::fs::write(dir.join("secret.yaml"), "password: 这是秘密\n").unwrap();
    let secret = dir.join("secret.yaml").display().to_string();
    for (listed, shown) in [
        ("../secret.yaml", "..&#x2f;secret.yaml"),
        ("../no-such.yaml", "..&#x2f;no-such.yaml"),
        (secret.as_str(), "secret.yaml"),
        (
            "/etc/no-such-yusuan.yaml",
            "&#x2f;etc&#x2f;no-such-yusuan.yaml",
        ),
    ] {
        std::fs::write(
            &department_file,
            mended.replacen(
                "file: falvyuanzhu-2026.yaml",
                &format!("file: \"{listed}\""),
                1,
            ),
        )
        .unwrap();
        let board = served.get("/").text();
        let said = format!("{shown} 不在工作区的数据文件夹中");
        assert!(board.contains(&said), "{said}: {board}");
        assert!(!board.contains("这是秘密") && !board.contains("找不到"));
        assert_eq!(served.get(&format!("{href}/pdf")).status, 404);
    }
    // Nor is a unit's file that is a link leading out of the data folder, or nowhere.
    #[cfg(unix)]
    {
        std::fs::copy(&aid, dir.join("outside-unit.yaml")).unwrap();
        std::os::unix::fs::symlink("../outside-unit.yaml", dir.join("data/link.yaml")).unwrap();
        std::os::unix::fs::symlink("../nowhere.yaml", dir.join("data/dangle.yaml")).unwrap();
        let board = served.get("/");
        assert_eq!(board.status, 200);
        assert!(!board.text().contains("link.yaml") && !board.text().contains("dangle.yaml"));
        assert_eq!(served.get("/unit/link.yaml").status, 404);
        std::fs::remove_file(dir.join("data/link.yaml")).unwrap();
        std::fs::remove_file(dir.join("data/dangle.yaml")).unwrap();
    }
    let started = served.request("POST", "/build", &[("X-CSRF-Token", &token)], b"");
    assert_eq!(started.status, 202, "{}", started.text());
    let status = loop {
        let status = served.get("/build/status").text();
        if status.contains("\"running\":false") {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert!(status.contains("不在工作区的数据文件夹中"), "{status}");
    assert!(!status.contains("这是秘密"), "{status}");
    std::fs::write(&department_file, &mended).unwrap();
    assert!(!served.get("/").text().contains("departments-held"));

    // A unit's control total broken by hand: the department's row says so, with the unit's
    // file and line.
    let unit = dir.join("data/falvyuanzhu-2026.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    std::fs::write(
        &unit,
        text.replacen("income_total: 9720000", "income_total: 9720001", 1),
    )
    .unwrap();
    let board = served.get("/").text();
    let departments = &board[board.find("id=\"departments\"").unwrap()..];
    assert!(departments.contains("错误"), "{departments}");
    assert!(departments.contains("H01") && departments.contains("falvyuanzhu-2026.yaml"));
    // With a unit in error there is no department's booklet to download.
    assert!(!departments.contains("download/pdf"), "{departments}");
    assert_eq!(served.get(&format!("{href}/pdf")).status, 404);

    // The unit's workbook uploaded on its page (its data now in …xlsx, the YAML gone): the
    // department, which names the YAML, still finds it.
    std::fs::write(&unit, &text).unwrap();
    let workbook = dir.join("falvyuanzhu-2026-upload.xlsx");
    let converted = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("convert")
        .args([&unit, &workbook])
        .output()
        .unwrap();
    assert!(converted.status.success(), "{converted:?}");
    let uploaded = served.upload(
        "/unit/falvyuanzhu-2026.yaml/upload",
        "falvyuanzhu-2026.xlsx",
        &std::fs::read(&workbook).unwrap(),
    );
    assert_eq!(uploaded.status, 303, "{}", uploaded.text());
    assert!(dir.join("data/falvyuanzhu-2026.xlsx").is_file() && !unit.exists());
    let board = served.get("/").text();
    let departments = &board[board.find("id=\"departments\"").unwrap()..];
    assert!(
        !departments.contains("H01") && departments.contains("download/pdf"),
        "{departments}"
    );
    assert_eq!(served.get(&format!("{href}/pdf")).status, 200);

    // A new unit named as a department's file (a 本部 is often named as its department) gets a
    // file of its own: the department's file is never written over.
    let named_file = dir.join("data/上海市普陀区司法局-2026.yaml");
    std::fs::write(&named_file, &mended).unwrap();
    let office = text
        .replacen(
            "name: 上海市普陀区法律援助中心",
            "name: 上海市普陀区司法局",
            1,
        )
        .replacen("code: \"317002\"", "code: \"317009\"", 1);
    assert_ne!(office, text);
    let uploaded = served.upload("/upload", "本部.yaml", office.as_bytes());
    assert_eq!(uploaded.status, 303, "{}", uploaded.text());
    assert_eq!(std::fs::read_to_string(&named_file).unwrap(), mended);
    assert!(dir.join("data/上海市普陀区司法局-2026-2.yaml").is_file());
    let _ = std::fs::remove_dir_all(dir);
}

/// What the review of the first department builds found, each held: a department format that
/// does not go with its units' (H04; without `profile:`, its units' department format; `--profile` is the department's), a department listing itself
/// (H01, said), no `amount_unit` (Y02: the department's amounts would be read in the wrong
/// unit), explanations that do not match the codes spent on (H07).
#[test]
fn a_department_s_format_amount_unit_members_and_explanations_are_checked() {
    // Without `profile:`, the department format of its units' (shanghai → shanghai-department).
    let profile = broken_department(
        "no-profile",
        &[("department.yaml", "profile: shanghai-department\n", "")],
    );
    assert_eq!(profile, vec![]);
    // `--profile` is the department's format; its units keep their own.
    let folder = root().join("data/shanghai/sifaju/department.yaml");
    let validate = |profile: &str| {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(["validate", "--profile", profile])
            .arg(&folder)
            .output()
            .unwrap();
        (
            run.status.code(),
            String::from_utf8_lossy(&run.stdout).into_owned(),
        )
    };
    let (code, stdout) = validate("shanghai-department");
    assert_eq!(code, Some(0), "{stdout}");
    let (code, stdout) = validate("henan-2024-department");
    assert_eq!(code, Some(1), "{stdout}");
    assert_eq!(stdout.matches("error[").count(), 1, "{stdout}");
    assert!(
        stdout.contains("部门的格式“henan-2024-department”与各单位的格式“shanghai”不配套"),
        "{stdout}"
    );
    let (code, stdout) = validate("shanghai");
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("部门文件需要部门预算的格式"), "{stdout}");
    // A department format of one's own goes with the units' when it extends their department
    // format, whatever its name.
    let own = std::env::temp_dir().join(format!("yusuan-own-dept-{}", std::process::id()));
    let own_format = |extends: &str| {
        std::fs::create_dir_all(&own).unwrap();
        std::fs::write(
            own.join("profile.yaml"),
            format!("extends: {extends}\nname: 区里的部门格式\n"),
        )
        .unwrap();
        validate(own.to_str().unwrap())
    };
    let (code, stdout) = own_format("shanghai-department");
    assert_eq!(code, Some(0), "{stdout}");
    // Over the department's folder (units and department together), a department format goes
    // to the department, its units keeping their own; and a unit format to the units.
    for format in [own.to_str().unwrap(), "shanghai-department", "shanghai"] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(["validate", "--profile", format])
            .arg(folder.parent().unwrap())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert_eq!(run.status.code(), Some(0), "{format}: {stdout}");
        assert!(stdout.contains("检查了 3 个文件：0 个错误"), "{stdout}");
    }
    let (code, stdout) = own_format("henan-2024-department");
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("部门的格式“区里的部门格式”与各单位的格式“shanghai”不配套")
            && stdout.contains("或 extends: shanghai-department"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&own).unwrap();
    let itself = broken_department(
        "itself",
        &[(
            "department.yaml",
            "file: falvyuanzhu-2026.yaml",
            "file: department.yaml",
        )],
    );
    assert!(
        itself
            .iter()
            .filter(|f| *f == &("department.yaml".to_string(), "H01"))
            .count()
            >= 2,
        "{itself:?}"
    );
    let unit = broken_department("unit", &[("department.yaml", "amount_unit: 元\n", "")]);
    assert_eq!(unit, vec![("department.yaml".to_string(), "Y02")]);
    let explained = broken_department(
        "explained",
        &[("department.yaml", "code: \"2040605\"", "code: \"2040698\"")],
    );
    assert_eq!(
        explained.iter().filter(|f| f.1 == "H07").count(),
        2,
        "{explained:?}"
    );
}

/// The 编制说明 of a line counts the projects listed under it (区建管委's 城市建设支出 is a
/// listed project and the line's own), and the 机构设置 names each kind of unit once.
#[test]
fn the_department_s_texts_count_listed_projects_and_each_kind_of_unit_once() {
    let department = prepared(&root().join("data/shanghai/jianguanwei/department.yaml"));
    let [(_, pdf), (_, docx)] = texts(&department);
    for text in [&pdf, &docx] {
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains("城市建设支出（项）”279,285.70万元"), "{flat}");
        assert_eq!(flat.matches("事业单位4家").count(), 1);
        assert!(flat.contains("本部门中，行政单位1家，事业单位4家，具体包括"));
    }
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("diff")
        .arg(root().join("data/shanghai/sifaju/department.yaml"))
        .arg(root().join("data/shanghai/sifaju/department.yaml"))
        .output()
        .unwrap();
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("是部门文件"));
}

/// A change in the “三公” the department does not explain is asked for where the department
/// writes it: its `three_public_reasons`, not the consolidated data's `three_public.reasons`.
#[test]
fn a_department_is_asked_for_its_reasons_in_its_own_fields() {
    let folder = copy_of("data/shanghai/sifaju", "reasons");
    let edit = |file: &str, from: &str, to: &str| {
        let path = folder.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("department.yaml", "  total: 公务车用车运行无变化\n", "");
    edit(
        "falvyuanzhu-2026.yaml",
        "previous: { abroad: 0, reception: 0, vehicle_purchase: 0, vehicle_operation: 20000 }",
        "previous: { abroad: 0, reception: 0, vehicle_purchase: 0, vehicle_operation: 25000 }",
    );
    let department = prepared(&folder.join("department.yaml"));
    let n01: Vec<&Diagnostic> = department.reports[0]
        .diagnostics
        .iter()
        .filter(|d| d.rule == "N01")
        .collect();
    assert_eq!(n01.len(), 1, "{n01:?}");
    assert_eq!(n01[0].path, "three_public_reasons");
    assert_eq!(
        n01[0].hint.as_deref(),
        Some("在 three_public_reasons.total 中写明原因")
    );
    assert!(
        n01[0].position.is_some(),
        "placed at a line of the department file"
    );
    let _ = std::fs::remove_dir_all(folder);
}

/// A department file with a YAML syntax error, or `units:` misspelt, is told as a department
/// file: the error at its line, not “未知字段 department” as if it were a unit's. `validate` on
/// the folder above says the department in the subfolder was not included.
#[test]
fn a_broken_department_file_is_still_told_as_a_department_s() {
    let folder = copy_of("data/shanghai/sifaju", "syntax");
    let path = folder.join("department.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let validate = |target: &Path| {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .arg("validate")
            .arg(target)
            .output()
            .unwrap();
        (
            run.status.code(),
            String::from_utf8_lossy(&run.stdout).into_owned(),
            String::from_utf8_lossy(&run.stderr).into_owned(),
        )
    };
    for (from, to, said) in [
        (
            "label: 普陀区法律援助中心 }",
            "label: 普陀区法律援助中心",
            "花括号",
        ),
        ("\nunits:", "\nunites:", "是不是要写 `units`"),
    ] {
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let (code, stdout, _) = validate(&path);
        assert_eq!(code, Some(1), "{stdout}");
        assert!(stdout.contains("Y02") && stdout.contains(said), "{stdout}");
        assert!(!stdout.contains("`department`"), "{stdout}");
    }
    std::fs::write(&path, &text).unwrap();
    let outer = folder.with_extension("outer");
    let _ = std::fs::remove_dir_all(&outer);
    std::fs::create_dir_all(&outer).unwrap();
    std::fs::rename(&folder, outer.join("sifaju")).unwrap();
    let (_, _, stderr) = validate(&outer);
    assert!(
        stderr.contains("子文件夹中的部门文件") && stderr.contains("sifaju/department.yaml"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(outer);
}

/// `yusuan validate` finds a unit listed by two departments validated together, as `batch`
/// does (H02).
#[test]
fn validate_finds_a_unit_in_two_departments() {
    let folder = copy_of("data/shanghai/sifaju", "validate-two");
    let second = std::fs::read_to_string(folder.join("department.yaml"))
        .unwrap()
        .replace("name: 上海市普陀区司法局", "name: 上海市普陀区第二司法局");
    std::fs::write(folder.join("second.yaml"), second).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("validate")
        .arg(&folder)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    // Both units, in both departments; neither department said to pass.
    assert_eq!(stdout.matches("error[H02]").count(), 4, "{stdout}");
    assert!(stdout.contains("second.yaml") && stdout.contains("一个单位只能属于一个部门"));
    assert!(stdout.contains("falvyuanzhu-2026.yaml") && stdout.contains("sifaju-benbu-2026.yaml"));
    assert!(!stdout.contains("通过（部门预算）"), "{stdout}");
    let _ = std::fs::remove_dir_all(folder);
}

/// A figure of `extra` the department leaves out is its units' sum (区司法局's 编报绩效目标的项目
/// 20 = 19 + 1, its vehicles); one it states that is not their sum is warned (H08).
#[test]
fn a_department_s_extra_figures_are_summed_from_its_units_or_checked_against_them() {
    let folder = copy_of("data/shanghai/sifaju", "extra");
    let path = folder.join("department.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let without = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("performance_projects:"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(without.len(), text.len());
    std::fs::write(&path, without).unwrap();
    let department = prepared(&path);
    let [(_, pdf), _] = texts(&department);
    let flat: String = pdf.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains("编报绩效目标的项目20个"), "{flat}");
    assert!(flat.contains("执法执勤用车3辆"));
    let _ = std::fs::remove_dir_all(folder);
    let found = broken_department(
        "extra-sum",
        &[(
            "sifaju-benbu-2026.yaml",
            "performance_projects: 19",
            "performance_projects: 25",
        )],
    );
    assert_eq!(found, vec![("department.yaml".to_string(), "H08")]);
}

/// Data without an `extra` value its format's narrative reads is told so at its file (Y06),
/// not left to a template failing on an undefined value; a value only tested may be left out
/// (a department without 项目经费情况说明).
#[test]
fn a_missing_extra_value_is_said_at_the_data_file() {
    let found = broken_department(
        "no-assets-date",
        &[("department.yaml", "  assets_as_of: 2025年8月31日\n", "")],
    );
    assert_eq!(found, vec![("department.yaml".to_string(), "Y06")]);
    let folder = copy_of("data/shanghai/sifaju", "no-statements");
    let path = folder.join("department.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("  # 七、项目经费情况说明").unwrap();
    std::fs::write(&path, &text[..at]).unwrap();
    let department = prepared(&path);
    let [(_, pdf), _] = texts(&department);
    assert!(!pdf.contains("人民调解项目经费情况说明"));
    let _ = std::fs::remove_dir_all(folder);
}
