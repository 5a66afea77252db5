//! The checks: each rule broken once in a copy of the reference data, each kind of bad input,
//! and the untouched reference data validating clean.

use super::*;
use yusuan::input::diag::{Diagnostic, Severity};

/// The reference data validates without errors or warnings.
#[test]
fn the_reference_data_is_clean() {
    let Ok(prepared) = prepare_text("clean", &reference_text()) else {
        panic!("the reference data has errors");
    };
    assert!(prepared.warnings.is_empty(), "{:?}", prepared.warnings);
}

/// (rule, text in the reference data, its replacement, YAML path of the diagnostic, text on
/// the line it must point at).
const BROKEN: &[(&str, &str, &str, &str, &str)] = &[
    (
        "C01",
        "  income_total: 11436.06",
        "  income_total: 11437.06",
        "control_totals.income_total",
        "income_total: 11437.06",
    ),
    (
        "C02",
        "  expenditure_total: 11436.06",
        "  expenditure_total: 11446.06",
        "control_totals.expenditure_total",
        "expenditure_total: 11446.06",
    ),
    (
        "C03",
        "  basic: 4675.21",
        "  basic: 4676.21",
        "control_totals.basic",
        "basic: 4676.21",
    ),
    (
        "C04",
        "  personnel: 4267.66",
        "  personnel: 4268.66",
        "control_totals.personnel",
        "personnel: 4268.66",
    ),
    (
        "C05",
        "  public: 407.55",
        "  public: 408.55",
        "control_totals.public",
        "public: 408.55",
    ),
    (
        "C06",
        "  project: 6760.85",
        "  project: 6761.85",
        "control_totals.project",
        "project: 6761.85",
    ),
    (
        "C07",
        "  three_public: 5.20",
        "  three_public: 5.30",
        "control_totals.three_public",
        "three_public: 5.30",
    ),
    (
        "B01",
        "  general_public: 11436.06 ",
        "  general_public: 11437.06 ",
        "income",
        "general_public: 11437.06",
    ),
    (
        "B02",
        "general_public_appropriation: 11436.06",
        "general_public_appropriation: 11437.06",
        "income.general_public_appropriation",
        "general_public_appropriation: 11437.06",
    ),
    (
        "X01",
        "amount: 1212.19",
        "amount: 1213.19",
        "economic[0].amount",
        "奖金",
    ),
    (
        "X02",
        "amount: 328.31",
        "amount: 329.31",
        "economic[13].amount",
        "退休费",
    ),
    (
        "X03",
        "amount: 71.68",
        "amount: 72.68",
        "economic[4].amount",
        "30201",
    ),
    (
        "X04",
        r#"{ code: "30211", name: 差旅费, gov_code: "50201", gov_name: 办公经费,"#,
        r#"{ code: "31002", name: 办公设备购置, gov_code: "50306", gov_name: 设备购置,"#,
        "economic[9].amount",
        "办公设备购置",
    ),
    (
        "X05",
        "amount: 222.00",
        "amount: 223.00",
        "economic[10].amount",
        "劳务费",
    ),
    (
        "X06",
        "    vehicle_operation: 5.20 ",
        "    vehicle_operation: 5.10 ",
        "three_public.current.vehicle_operation",
        "vehicle_operation: 5.10",
    ),
    (
        "D01",
        r#""410700220000000010699", name: 聘用"#,
        r#""410700220000000029838", name: 聘用"#,
        "projects[1].code",
        "聘用20人",
    ),
    (
        "P01",
        r#"function: "2080506""#,
        r#"function: "2080199""#,
        "projects[3].function",
        "职业年金虚账记实资金",
    ),
    (
        "P02",
        r#"  - project: "410700220000000010699""#,
        r#"  - project: "410700220000000099999""#,
        "performance[0].project",
        "410700220000000099999",
    ),
    (
        "P04",
        "≤87.04万元]",
        "≤97.04万元]",
        "performance[0].cost[0]",
        "97.04万元",
    ),
    (
        "B03",
        "    name: 社会保险经办机构\n",
        "    name: 社会保险经办机构\n    fund: government_fund\n",
        "income.government_fund",
        "government_fund: 0",
    ),
    (
        "U01",
        "published: 2023-02-01",
        "published: 2023-02-30",
        "unit.published",
        "2023-02-30",
    ),
    (
        "U02",
        r#"code: "303016""#,
        r#"code: "304016""#,
        "unit.code",
        "304016",
    ),
    (
        "F01",
        r#"code: "2101101""#,
        r#"code: "2991101""#,
        "functions[6].code",
        "2991101",
    ),
    (
        "F02",
        "name: 行政单位医疗\n",
        "name: 医疗卫生与计划生育支出\n",
        "functions[6].name",
        "医疗卫生与计划生育支出",
    ),
    (
        "F03",
        r#"code: "2080801""#,
        r#"code: "20808""#,
        "functions[4].code",
        r#""20808""#,
    ),
    (
        "E01",
        "name: 奖金,",
        "name: 奖励,",
        "economic[0].name",
        "奖励",
    ),
    (
        "E02",
        "gov_name: 工资奖金津补贴, kind: basic, amount: 1212.19",
        "gov_name: 工资福利, kind: basic, amount: 1212.19",
        "economic[0].gov_name",
        "工资福利",
    ),
    (
        "E03",
        r#"code: "30103""#,
        r#"code: "3010""#,
        "economic[0].code",
        r#""3010""#,
    ),
    (
        "E04",
        r#"{ code: "30201", name: 办公费, gov_code: "50201", gov_name: 办公经费, kind: basic"#,
        r#"{ code: "30201", name: 办公费, gov_code: "50201", kind: basic"#,
        "economic[4]",
        r#"code: "30201", name: 办公费"#,
    ),
    (
        "T01",
        "完成上级交办的其他任务。",
        "完成上级交办的其他任务XX。",
        "overview.duties",
        "完成上级交办的其他任务XX",
    ),
];

fn find<'a>(diagnostics: &'a [Diagnostic], rule: &str) -> Option<&'a Diagnostic> {
    diagnostics.iter().find(|d| d.rule == rule)
}

#[test]
fn every_rule_names_its_field_and_line() {
    for (rule, from, to, path, on_line) in BROKEN {
        let (text, diagnostics) = broken(&format!("rule-{rule}"), from, to);
        let Some(diagnostic) = find(&diagnostics, rule) else {
            panic!(
                "{rule}: not reported; got {:?}",
                diagnostics.iter().map(|d| d.rule).collect::<Vec<_>>()
            );
        };
        assert_eq!(diagnostic.severity, Severity::Error, "{rule}");
        assert_eq!(diagnostic.path, *path, "{rule}: {}", diagnostic.message);
        let line = diagnostic
            .position
            .unwrap_or_else(|| panic!("{rule}: no position"))
            .line;
        let shown = text.lines().nth(line - 1).unwrap();
        assert!(
            shown.contains(on_line),
            "{rule}: points at line {line} “{shown}”, expected “{on_line}”"
        );
    }
}

#[test]
fn a_changed_bonus_names_its_own_line() {
    // The issue's example: 奖金 1,212.19 → 1,213.19.
    let (text, diagnostics) = broken("bonus", "amount: 1212.19", "amount: 1213.19");
    let x01 = find(&diagnostics, "X01").expect("X01");
    assert!(
        x01.message.contains("3,938.53") && x01.message.contains("3,937.53"),
        "{}",
        x01.message
    );
    assert_eq!(
        x01.position.unwrap().line,
        line_of(&text, "amount: 1213.19")
    );
    // The other lines of the sum are shown beside it.
    assert!(x01
        .related
        .iter()
        .any(|r| r.path == "economic[1].amount" && r.position.is_some()));
}

fn warnings_of(name: &str, from: &str, to: &str) -> Vec<Diagnostic> {
    let text = reference_text();
    assert!(text.contains(from), "`{from}` in the reference data");
    match prepare_text(name, &text.replacen(from, to, 1)) {
        Ok(prepared) => prepared.warnings,
        Err(_) => panic!("{name}: only warnings expected"),
    }
}

#[test]
fn rounding_differences_are_warnings_within_n_half_cents() {
    // 基本支出 sums 12 rounded terms: up to 0.06 万元 off is 尾差.
    let warnings = warnings_of("tail", "  basic: 4675.21", "  basic: 4675.23");
    let w01 = find(&warnings, "W01").expect("W01");
    assert_eq!(w01.path, "control_totals.basic");
    assert!(w01.message.contains("尾差"), "{}", w01.message);
    // Beyond that it is an error.
    let (_, errors) = broken("tail-far", "  basic: 4675.21", "  basic: 4675.31");
    assert!(find(&errors, "C03").is_some());
}

#[test]
fn warnings_for_missing_reasons_unknown_codes_and_projects_without_goals() {
    let n01 = warnings_of(
        "reason",
        "  change_reason: 专项中企业离休干部和建国前工人住房补贴、健康休养费及物业补贴减少",
        "  change_reason: \"\"",
    );
    assert_eq!(find(&n01, "N01").expect("N01").path, "previous_year");
    let k01 = warnings_of(
        "unknown-code",
        r#"gov_code: "50299""#,
        r#"gov_code: "50298""#,
    );
    assert_eq!(
        find(&k01, "K01").expect("K01").path,
        "economic[14].gov_name"
    );
    let (_, p02) = broken(
        "goal",
        r#"  - project: "410700220000000010699""#,
        r#"  - project: "410700220000000099999""#,
    );
    let p03 = find(&p02, "P03").expect("P03 for the project left without a goal");
    assert_eq!(
        (p03.severity, p03.path.as_str()),
        (Severity::Warning, "projects[1].code")
    );
}

/// (what, the whole file or a replacement, the message must contain, the line it points at).
fn input_error(name: &str, text: &str) -> Diagnostic {
    match prepare_text(name, text) {
        Err(yusuan::app::pipeline::Failure::Data(diagnostics)) => {
            assert_eq!(
                diagnostics.len(),
                1,
                "{name}: one clear message: {diagnostics:?}"
            );
            diagnostics.into_iter().next().unwrap()
        }
        _ => panic!("{name}: must be a data error"),
    }
}

#[test]
fn bad_input_gets_one_clear_message_with_its_line() {
    let reference = reference_text();
    let cases: &[(&str, String, &str, Option<usize>)] = &[
        ("empty", "# 只有注释\n\n".to_string(), "空的", None),
        (
            "syntax",
            reference.replacen(
                "  name: 新乡市社会保险中心\n",
                "  name: \"新乡市社会保险中心\n",
                1,
            ),
            "YAML",
            None,
        ),
        (
            "scalar-for-mapping",
            reference.replacen("unit:\n  name", "unit: 5\nunused:\n  name", 1),
            "类型不对",
            Some(line_of(&reference, "unit:")),
        ),
        (
            "list-for-mapping",
            reference.replacen("control_totals:\n", "control_totals:\n  - 1\n", 1),
            "类型不对",
            Some(line_of(&reference, "control_totals:") + 1),
        ),
        (
            "missing",
            reference.replacen("  basic: 4675.21                   # 基本支出\n", "", 1),
            "缺少字段 `basic`",
            None,
        ),
        (
            "unknown",
            reference.replacen("\nfunctions:", "\nfuctions:", 1),
            "未知字段 `fuctions`",
            Some(line_of(&reference, "\nfunctions:".trim_start())),
        ),
        (
            "decimals",
            reference.replacen("amount: 1212.19", "amount: 1212.1950001", 1),
            "六位小数",
            Some(line_of(&reference, "amount: 1212.19")),
        ),
        (
            "negative",
            reference.replacen("amount: 1212.19", "amount: -1212.19", 1),
            "负数",
            Some(line_of(&reference, "amount: 1212.19")),
        ),
        (
            "not-a-number",
            reference.replacen("amount: 1212.19", "amount: 1212.1九", 1),
            "金额应为数字（如 1234.56），这里是“1212.1九”",
            Some(line_of(&reference, "amount: 1212.19")),
        ),
        (
            "commas",
            reference.replacen("  basic: 4675.21", "  basic: \"4,675.21\"", 1),
            "逗号",
            Some(line_of(&reference, "  basic: 4675.21")),
        ),
        (
            "wrong-type",
            reference.replacen("  year: 2023", "  year: 二〇二三", 1),
            "类型不对",
            Some(line_of(&reference, "  year: 2023")),
        ),
    ];
    for (name, text, needle, line) in cases {
        let diagnostic = input_error(name, text);
        assert!(
            diagnostic.message.contains(needle),
            "{name}: “{}” lacks “{needle}”",
            diagnostic.message
        );
        if let Some(line) = line {
            assert_eq!(
                diagnostic.position.map(|p| p.line),
                Some(*line),
                "{name}: {}",
                diagnostic.message
            );
        } else if *name != "empty" {
            assert!(diagnostic.position.is_some(), "{name}: located");
        }
    }
    let unknown = input_error(
        "unknown-hint",
        &reference.replacen("\nfunctions:", "\nfuctions:", 1),
    );
    assert_eq!(unknown.hint.as_deref(), Some("是不是要写 `functions`？"));
    let missing = input_error(
        "missing-path",
        &reference.replacen("  basic: 4675.21                   # 基本支出\n", "", 1),
    );
    assert_eq!(missing.path, "control_totals");
}

#[test]
fn encodings_other_than_utf8_are_named() {
    let dir = scratch_dir("encodings");
    for (name, bytes, needle) in [
        (
            "utf16.yaml",
            [&[0xFF, 0xFE][..], "u\0n\0".as_bytes()].concat(),
            "UTF-16",
        ),
        (
            "gbk.yaml",
            b"sample: false\nunit:\n  name: \xd0\xc2\xcf\xe7\n".to_vec(),
            "第 3 行",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let source = yusuan::input::load::SourceFile::read(&path).unwrap();
        let Err(yusuan::app::pipeline::Failure::Data(diagnostics)) = toolkit().prepare(&source)
        else {
            panic!("{name} must be a data error");
        };
        assert!(
            diagnostics[0].message.contains(needle),
            "{name}: {}",
            diagnostics[0].message
        );
    }
}

/// The narrative paragraphs of a data text.
fn paragraphs(name: &str, text: &str) -> Vec<String> {
    let Ok(prepared) = prepare_text(name, text) else {
        panic!("{name} prepares");
    };
    prepared
        .document
        .blocks
        .iter()
        .filter_map(|block| match block {
            yusuan::compose::document::Block::Paragraph { text } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn changes_from_a_zero_base_are_worded_without_a_percentage() {
    let text = reference_text()
        .replacen("  previous:\n    abroad: 0.00\n    reception: 0.00\n    vehicle_purchase: 0.00\n    vehicle_operation: 5.20", "  previous:\n    abroad: 0.00\n    reception: 0.00\n    vehicle_purchase: 0.00\n    vehicle_operation: 0", 1);
    assert!(
        text.contains("vehicle_operation: 0\n"),
        "the previous year's amount was replaced"
    );
    let all = paragraphs("zero-base", &text).join("\n");
    let sentence = all
        .split('。')
        .find(|s| s.starts_with("公务用车运行维护费预算数"))
        .expect("the sentence on 公务用车运行维护费");
    assert_eq!(
        sentence,
        "公务用车运行维护费预算数比2022年增加5.20万元（上年预算为0）"
    );
    assert!(
        all.contains("“三公”经费支出预算数比2022年增加5.20万元（上年预算为0）"),
        "{all}"
    );
}

#[test]
fn a_change_with_a_rate_and_its_reason() {
    let text = reference_text().replacen("  total: 11462.22 ", "  total: 10396.42 ", 1);
    let all = paragraphs("rate", &text).join("\n");
    assert!(
        all.contains(
            "与2022年预算相比，收入增加1,039.64万元，增长10.00%。主要原因：专项中企业离休干部"
        ),
        "{all}"
    );
}

/// Hundreds of random edits of the reference data (bytes changed, cut or inserted): every one
/// gives diagnostics or a booklet, never a panic.
#[test]
fn no_input_makes_it_panic() {
    let original = reference_text().into_bytes();
    let inserts: [&[u8]; 10] = [
        b":",
        b"[",
        b"{",
        b"- ",
        b"\t",
        b"\n",
        b"\"",
        b"-1",
        b"1e40",
        b"99999999999999999999999999999",
    ];
    let mut state: u64 = 0x2023_0201;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % bound.max(1)
    };
    let dir = scratch_dir("mutations");
    for round in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..1 + next(3) {
            let at = next(bytes.len());
            match next(3) {
                0 => bytes[at] = next(256) as u8,
                1 => drop(bytes.drain(at..(at + 1 + next(20)).min(bytes.len()))),
                _ => {
                    let insert = inserts[next(inserts.len())];
                    bytes.splice(at..at, insert.iter().copied());
                }
            }
        }
        let path = dir.join(format!("m{round}.yaml"));
        std::fs::write(&path, &bytes).unwrap();
        let source = yusuan::input::load::SourceFile::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if let Err(yusuan::app::pipeline::Failure::Data(diagnostics)) =
                toolkit().prepare(&source)
            {
                let _ = yusuan::input::diag::render("m.yaml", &source.text, &diagnostics);
            }
        }));
        assert!(
            outcome.is_ok(),
            "round {round} panicked; input kept at {}",
            path.display()
        );
    }
}

/// The issue's promise: changing any single amount of the stated figures or detail lines by
/// 1.00 万元 fails the checks, and a diagnostic points at that very line (as the offending value
/// or as one of the lines of the sum it breaks).
#[test]
fn any_changed_amount_fails_naming_its_line() {
    let text = reference_text();
    let checked = [
        "control_totals",
        "income",
        "functions",
        "economic",
        "three_public",
        "projects",
    ];
    let (mut section, mut sub) = (String::new(), String::new());
    let mut tried = 0;
    for (index, line) in text.lines().enumerate() {
        if !line.starts_with([' ', '#', '-']) && line.ends_with(':') {
            section = line.trim_end_matches(':').to_string();
        } else if line.starts_with("  ")
            && !line.starts_with("   ")
            && line.trim_end().ends_with(':')
        {
            sub = line.trim().trim_end_matches(':').to_string();
        }
        let content = line.split('#').next().unwrap();
        let in_scope = checked.contains(&section.as_str())
            && !(section == "three_public" && sub == "previous");
        let Some(number) = content.split([' ', ',', '}']).find(|word| {
            word.len() > 3 && word.as_bytes()[word.len() - 3] == b'.' && word.parse::<f64>().is_ok()
        }) else {
            continue;
        };
        if !in_scope {
            continue;
        }
        let raised = format!("{:.2}", number.parse::<f64>().unwrap() + 1.0);
        let changed_line = line.replacen(number, &raised, 1);
        let changed: String = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == index {
                    changed_line.clone()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let Err(yusuan::app::pipeline::Failure::Data(diagnostics)) =
            prepare_text(&format!("any-{index}"), &changed)
        else {
            panic!(
                "line {}: `{line}` → `{changed_line}` passed the checks",
                index + 1
            );
        };
        let named = diagnostics.iter().filter(|d| d.is_error()).any(|d| {
            d.position.map(|p| p.line) == Some(index + 1)
                || d.related
                    .iter()
                    .any(|r| r.position.map(|p| p.line) == Some(index + 1))
        });
        assert!(
            named,
            "line {}: `{changed_line}`: no error points at it: {:?}",
            index + 1,
            diagnostics
                .iter()
                .map(|d| (d.rule, &d.path))
                .collect::<Vec<_>>()
        );
        tried += 1;
    }
    assert!(tried >= 40, "only {tried} amounts tried");
}

#[test]
fn a_publication_date_years_from_the_budget_year_is_located() {
    for far in ["published: 2019-02-01", "published: 0001-01-01"] {
        let (text, diagnostics) = broken("published-far", "published: 2023-02-01", far);
        let u01 = find(&diagnostics, "U01").expect("U01");
        assert_eq!(u01.severity, Severity::Error);
        assert_eq!(u01.path, "unit.published");
        assert_eq!(u01.position.unwrap().line, line_of(&text, far));
    }
    // The year before the budget year is when booklets are usually published.
    let text = reference_text().replacen("published: 2023-02-01", "published: 2022-12-20", 1);
    assert!(prepare_text("published-before", &text).is_ok());
}

#[test]
fn the_text_rules_run_whatever_extra_holds() {
    // A map in `extra:` whose key is not a text (`~`) made the texts unreadable, and the rules
    // on texts switched themselves off: a placeholder, a control character and a glyph no
    // font has all went through.
    let text = reference_text()
        .replacen("name: 信息系统维护费", "name: \"信息系统\\u0001维护费\"", 1)
        .replacen(
            "  name: 新乡市社会保险中心",
            "  name: 新乡市社会保险中心待填写",
            1,
        )
        .replacen("name: 聘用20人工资及保险", "name: 聘用20人工资及保险𠀾", 1)
        + "extra:\n  odd:\n    ~: x\n";
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("extra-odd", &text) else {
        panic!("the rules on texts must refuse this data");
    };
    for rule in ["T01", "T02", "G01"] {
        assert!(find(&found, rule).is_some(), "{rule}: {found:#?}");
    }
}

#[test]
fn a_unit_of_a_year_its_profile_is_not_for_is_warned() {
    let text = reference_text()
        .replacen("  year: 2023", "  year: 2024", 1)
        .replacen("published: 2023-02-01", "published: 2024-02-01", 1);
    let found = match prepare_text("profile-years", &text) {
        Ok(prepared) => prepared.warnings,
        Err(yusuan::app::pipeline::Failure::Data(found)) => found,
        Err(_) => panic!("prepares"),
    };
    let m02 = find(&found, "M02").expect("M02");
    assert_eq!(m02.severity, Severity::Warning);
    assert_eq!(m02.path, "unit.year");
    assert!(
        m02.message.contains("henan-2023") && m02.message.contains("2024"),
        "{}",
        m02.message
    );
    assert!(m02.hint.as_deref().unwrap_or("").contains("henan-2024"));
}

#[test]
fn each_fund_balances_on_its_own() {
    // The Shanghai unit with one 政府性基金 line's fund dropped: 300,000 元 would move to
    // 一般公共预算 and the totals would still balance.
    let text =
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    assert!(prepare_text("fund-balanced", &text).is_ok());
    let broken = text.replacen("    fund: government_fund\n", "", 1);
    assert_ne!(broken, text);
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("fund-dropped", &broken)
    else {
        panic!("B03 expected");
    };
    let b03 = find(&found, "B03").expect("B03");
    assert!(b03.message.contains("政府性基金"), "{}", b03.message);
    assert!(!b03.related.is_empty(), "the fund's lines are listed");
}

#[test]
fn the_economic_lines_agree_with_the_functions_fund_by_fund() {
    // One basic 30101 line paid from 政府性基金: the totals
    // still agree, but 一般公共预算's 基本支出 no longer does.
    let text = reference_text();
    let line = text
        .lines()
        .find(|l| l.contains("code: \"30101\""))
        .expect("a 30101 line")
        .to_string();
    assert!(line.trim_end().ends_with('}'), "{line}");
    let moved = line.trim_end().trim_end_matches('}').to_string() + ", fund: government_fund }";
    let broken = text.replacen(&line, &moved, 1);
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("economic-fund", &broken)
    else {
        panic!("X01 expected");
    };
    let x01 = found
        .iter()
        .find(|d| d.rule == "X01" && d.message.contains("一般公共预算"))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(x01.message.contains("工资福利支出"), "{}", x01.message);
}

#[test]
fn a_booklet_section_left_out_is_an_error_not_a_printed_zero() {
    let text = reference_text();
    let start = text.find("\nprocurement:").expect("a procurement section") + 1;
    let end = start
        + text[start..]
            .find("\nassets:")
            .expect("assets follow procurement")
        + 1;
    let without = format!("{}{}", &text[..start], &text[end..]);
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("no-procurement", &without)
    else {
        panic!("a missing procurement section must be refused");
    };
    assert!(
        found.iter().any(|d| d.message.contains("procurement")),
        "{found:#?}"
    );
}

#[test]
fn reviewers_slips_are_found_at_their_lines() {
    // A word typed twice, and a year copied from an old booklet: warnings at their lines.
    let text =
        reference_text().replacen("完成上级交办的其他任务。", "完成上级交办的其他任务。。", 1);
    let (prepared, _) = laid_out("slip-repeat", &text);
    let t04 = find(&prepared.warnings, "T04").expect("T04");
    assert_eq!(t04.position.unwrap().line, line_of(&text, "其他任务。。"));
    let text = reference_text().replacen(
        "完成上级交办的其他任务。",
        "完成上级交办的其他任务（见2019年文件）。",
        1,
    );
    let (prepared, _) = laid_out("slip-year", &text);
    let t05 = find(&prepared.warnings, "T05").expect("T05");
    assert!(t05.message.contains("2019"), "{}", t05.message);
    // A placeholder beyond XX and 待填写.
    let (_, found) = broken(
        "slip-placeholder",
        "完成上级交办的其他任务。",
        "完成某某交办的其他任务。",
    );
    assert!(find(&found, "T01").is_some_and(|d| d.message.contains("某某")));
}

#[test]
fn explanations_of_last_year_add_up_to_last_year_within_rounding() {
    let text =
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let (prepared, _) = laid_out("explained-fine", &text);
    assert!(find(&prepared.warnings, "W02").is_none());
    let off = text.replacen("{ previous: 38400,", "{ previous: 138400,", 1);
    assert_ne!(off, text);
    let (prepared, _) = laid_out("explained-off", &off);
    let w02 = find(&prepared.warnings, "W02").expect("W02");
    // In the data's unit (元), not 万元.
    assert!(
        w02.message.contains("相差 100,066.00 元"),
        "{}",
        w02.message
    );
}

#[test]
fn a_subtotal_row_never_prints_a_blank_name() {
    // The Shanghai unit a year on: no 2027 classification is shipped, and its tables print a
    // subtotal row for each 类 and 款, whose names it would have left blank.
    let text = std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml"))
        .unwrap()
        .replacen("  year: 2026", "  year: 2027", 1)
        .replacen("published: 2026-", "published: 2027-", 1);
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("class-names", &text)
    else {
        panic!("F04 expected");
    };
    let f04: Vec<_> = found.iter().filter(|d| d.rule == "F04").collect();
    assert!(!f04.is_empty(), "{found:#?}");
    assert!(f04[0].hint.as_deref().unwrap_or("").contains("2027"));
    assert!(f04.iter().all(|d| d.position.is_some()), "located");
}

#[test]
fn goals_money_above_the_projects_and_a_department_s_wording_are_found() {
    let text =
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let more = text.replacen(
        r#"performance_amount: "4929.31""#,
        r#"performance_amount: "9999.99""#,
        1,
    );
    assert_ne!(more, text);
    let Err(yusuan::app::pipeline::Failure::Data(found)) =
        prepare_text("performance-amount", &more)
    else {
        panic!("P05 expected");
    };
    let p05 = find(&found, "P05").expect("P05");
    assert!(p05.message.contains("9,999.99"), "{}", p05.message);
    assert_eq!(
        p05.position.unwrap().line,
        line_of(&more, "performance_amount")
    );

    let department = reference_text().replacen(
        "完成上级交办的其他任务。",
        "完成上级交办的其他任务，编制部门预算。",
        1,
    );
    let (prepared, _) = laid_out("department-wording", &department);
    assert!(find(&prepared.warnings, "T06").is_some());
}

#[test]
fn vehicles_to_buy_need_a_purchase_budget_and_odd_extra_values_are_errors() {
    let text =
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let (start, end) = {
        let start = text.find("  vehicles_to_buy:").unwrap();
        let tail = &text[start..];
        (start, start + tail.find("  equipment_over_1m").unwrap())
    };
    // Two cars to buy, with a 公务用车购置费 of 0: an error at the list, pointing at the fee.
    let buying = format!(
        "{}  vehicles_to_buy:\n    - [其他用车, 2]\n{}",
        &text[..start],
        &text[end..]
    );
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("vehicles-to-buy", &buying)
    else {
        panic!("V01 expected");
    };
    let v01 = find(&found, "V01").expect("V01");
    assert!(v01.message.contains("2 辆"), "{}", v01.message);
    // At the list, under its key.
    assert_eq!(
        v01.position.unwrap().line,
        line_of(&buying, "vehicles_to_buy") + 1
    );
    assert!(
        v01.related
            .iter()
            .any(|r| r.path == "three_public.current.vehicle_purchase"),
        "{v01:#?}"
    );
    // A list the check cannot read is an error too, never a check skipped.
    let odd = format!(
        "{}  vehicles_to_buy: 两辆\n{}",
        &text[..start],
        &text[end..]
    );
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("vehicles-odd", &odd)
    else {
        panic!("V01 expected");
    };
    assert!(find(&found, "V01").is_some(), "{found:#?}");
    let amount = text.replacen(
        r#"performance_amount: "4929.31""#,
        "performance_amount: [4929.31]",
        1,
    );
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("performance-odd", &amount)
    else {
        panic!("P05 expected");
    };
    assert!(find(&found, "P05").is_some(), "{found:#?}");
    // A bare number (YAML reads `1e3` as 1000) is not an exact amount either.
    for bare in ["1e3", "4929.31"] {
        let amount = text.replacen(
            r#"performance_amount: "4929.31""#,
            &format!("performance_amount: {bare}"),
            1,
        );
        let Err(yusuan::app::pipeline::Failure::Data(found)) =
            prepare_text("performance-bare", &amount)
        else {
            panic!("P05 expected for {bare}");
        };
        assert!(find(&found, "P05").is_some(), "{found:#?}");
    }
    // As bundled (no car to buy, no purchase fee): clean.
    assert!(prepare_text("vehicles-none", &text).is_ok());
}
