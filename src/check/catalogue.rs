//! Classification codes: their form, the 类 the summary tables list, and their names against
//! the year's 政府收支分类科目.

use super::lines::{faults, path};
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::classification::Catalogue;
use crate::model::code::{EconomicCode, FunctionCode};
use crate::model::{Budget, EconomicKind};
use crate::profile::texts::Texts;
use std::collections::BTreeMap;

/// F01: every 类 with expenditure has a row in the 收支预算表 and 财政拨款收支总体情况表.
pub fn known_classes(budget: &Budget, texts: &Texts) -> Vec<Diagnostic> {
    let listed = |code: &str| texts.expenditure_classes.iter().any(|c| c.code == code);
    faults("functions", &budget.functions, |line| {
        let message = format!(
            "功能分类科目 {} 的类级科目不在 templates/texts.yaml 的类级科目表中",
            line.code
        );
        (!listed(FunctionCode(&line.code).class())).then_some(("code", message))
    })
    .into_iter()
    .map(|(path, message)| Diagnostic::error(Rule::F01, path, message))
    .collect()
}

/// F03/E03: 功能分类 codes have 7 digits (项); 经济分类 codes 5 digits (款), basic lines under
/// 301, 302, 303 or 310.
pub fn code_formats(budget: &Budget) -> Vec<Diagnostic> {
    let digits = |code: &str, n: usize| code.len() == n && code.chars().all(|c| c.is_ascii_digit());
    let function_code = |field: &'static str, code: &str| {
        let message = format!("功能分类科目编码“{code}”应为 7 位数字（项级）");
        (!digits(code, 7)).then_some((field, message))
    };
    let mut found: Vec<Diagnostic> = [
        faults("functions", &budget.functions, |l| {
            function_code("code", &l.code)
        }),
        faults("projects", &budget.projects, |p| {
            function_code("function", &p.function)
        }),
    ]
    .concat()
    .into_iter()
    .map(|(path, message)| Diagnostic::error(Rule::F03, path, message))
    .collect();
    for (i, line) in budget.economic.iter().enumerate() {
        for (field, code) in [("code", &line.code), ("gov_code", &line.gov_code)] {
            // A 政府预算经济分类 left out is E04's business, where a table prints it.
            if field == "gov_code" && code.is_empty() {
                continue;
            }
            if !digits(code, 5) {
                found.push(Diagnostic::error(
                    Rule::E03,
                    path("economic", i, field),
                    format!("经济分类科目编码“{code}”应为 5 位数字（款级）"),
                ));
            }
        }
        let basic_class = EconomicCode(&line.code).basic_class().is_some();
        if line.kind == EconomicKind::Basic && digits(&line.code, 5) && !basic_class {
            found.push(Diagnostic::error(
                Rule::E03,
                path("economic", i, "code"),
                format!(
                    "基本支出的经济分类科目 {} 应属于 301、302、303 或 310 类",
                    line.code
                ),
            ));
        }
    }
    found
}

/// F04: the tables that print a subtotal row for each 类 and 款 (`summary_by_class`,
/// `functions_with_subtotals`) or each economic 类 (`basic_by_economic_class`) take those
/// names from the year's classification; a code it does not name would print a blank name, so
/// each is an error at the first line under it.
pub fn printed_class_names(
    budget: &Budget,
    catalogue: Option<&Catalogue>,
    functions: bool,
    economic: bool,
) -> Vec<Diagnostic> {
    let year = budget.unit.year;
    let hint = match catalogue {
        Some(_) => format!("当年分类科目（{year} 年）中没有这个编码：核对编码，或在分类科目文件中补上它的名称"),
        None => format!("没有 {year} 年的分类科目：把它放到 data/classification/{year}.yaml，或用 --classification 指定目录"),
    };
    let mut found = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut need = |code: &str,
                    path: String,
                    names: Option<&BTreeMap<String, String>>,
                    what: &str| {
        if seen.iter().any(|s| s == code) || names.is_some_and(|n| n.contains_key(code)) {
            return;
        }
        seen.push(code.to_string());
        found.push(
            Diagnostic::error(
                Rule::F04,
                path,
                format!("{what} {code} 的名称要印在表中小计行，但分类科目中没有它：表中会是空白"),
            )
            .with_hint(hint.clone()),
        );
    };
    if functions {
        for (index, line) in budget.functions.iter().enumerate() {
            for code in FunctionCode(&line.code).levels_above() {
                let what = if code.len() == 3 {
                    "功能分类类"
                } else {
                    "功能分类款"
                };
                need(
                    code,
                    path("functions", index, "code"),
                    catalogue.map(|c| &c.functions),
                    what,
                );
            }
        }
    }
    if economic {
        for (index, line) in budget.economic.iter().enumerate() {
            if line.kind != EconomicKind::Basic {
                continue;
            }
            if let Some(class) = EconomicCode(&line.code).whole_class() {
                need(
                    class,
                    path("economic", index, "code"),
                    catalogue.map(|c| &c.economic),
                    "经济分类类",
                );
            }
        }
    }
    found
}

/// F02/E01/E02: names agree with the year's classification (an old name, such as
/// 医疗卫生与计划生育支出 for 210, is an error); K01 (warning): a code the shipped
/// classification does not list, or no classification for the year.
pub fn names(budget: &Budget, catalogue: Option<&Catalogue>) -> Vec<Diagnostic> {
    let Some(catalogue) = catalogue else {
        return vec![Diagnostic::warning(
            Rule::K01,
            "unit.year",
            format!(
                "没有 {} 年的政府收支分类科目表，未检查科目名称",
                budget.unit.year
            ),
        )
        .with_hint(format!(
            "在 data/classification/{}.yaml 中提供该年度的科目表",
            budget.unit.year
        ))];
    };
    let mut found = Vec::new();
    let mut check = |rule: Rule,
                     what: &str,
                     list: &BTreeMap<String, String>,
                     path: String,
                     code: &str,
                     name: &str| {
        match list.get(code) {
            Some(official) if official != name => found.push(
                Diagnostic::error(
                    rule,
                    path,
                    format!("{what}科目 {code} 的名称应为“{official}”，数据中为“{name}”"),
                )
                .with_hint(format!(
                    "{} 年政府收支分类科目：{code} {official}",
                    catalogue.year
                )),
            ),
            Some(_) => {}
            None => found.push(Diagnostic::warning(
                Rule::K01,
                path,
                format!(
                    "{what}科目 {code}“{name}”不在 {} 年的科目表中，请核对编码",
                    catalogue.year
                ),
            )),
        }
    };
    for (i, line) in budget.functions.iter().enumerate() {
        check(
            Rule::F02,
            "功能分类",
            &catalogue.functions,
            path("functions", i, "name"),
            &line.code,
            &line.name,
        );
    }
    for (i, line) in budget.economic.iter().enumerate() {
        check(
            Rule::E01,
            "部门预算经济分类",
            &catalogue.economic,
            path("economic", i, "name"),
            &line.code,
            &line.name,
        );
        if line.gov_code.is_empty() {
            continue;
        }
        check(
            Rule::E02,
            "政府预算经济分类",
            &catalogue.government_economic,
            path("economic", i, "gov_name"),
            &line.gov_code,
            &line.gov_name,
        );
    }
    found
}

/// E04: where a table prints the 政府预算经济分类 beside each line, every line gives it.
pub fn government_economic_given(budget: &Budget) -> Vec<Diagnostic> {
    budget
        .economic
        .iter()
        .enumerate()
        .filter(|(_, line)| line.gov_code.is_empty() || line.gov_name.is_empty())
        .map(|(i, line)| {
            let field = if line.gov_code.is_empty() {
                "gov_code"
            } else {
                "gov_name"
            };
            Diagnostic::error(
                Rule::E04,
                format!("economic[{i}]"),
                format!(
                    "经济分类 {} {} 缺少政府预算经济分类（{field}）：本格式的表中印有该列",
                    line.code, line.name
                ),
            )
            .with_hint("写上 gov_code（5 位编码）和 gov_name")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference() -> Budget {
        serde_yaml::from_str(crate::base::resources::REFERENCE_DATA).expect("the reference data")
    }

    #[test]
    fn every_line_must_give_its_government_classification_where_it_is_printed() {
        let mut budget = reference();
        assert!(government_economic_given(&budget).is_empty());
        budget.economic[1].gov_name.clear();
        budget.economic[3].gov_code.clear();
        let found = government_economic_given(&budget);
        assert_eq!(
            rules_at(&found),
            [(Rule::E04, "economic[1]"), (Rule::E04, "economic[3]")]
        );
        assert!(
            found[0].message.contains("（gov_name）"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.contains("（gov_code）"),
            "{}",
            found[1].message
        );
    }

    fn rules_at(found: &[Diagnostic]) -> Vec<(Rule, &str)> {
        found.iter().map(|d| (d.rule, d.path.as_str())).collect()
    }

    #[test]
    fn the_reference_codes_are_well_formed() {
        assert!(code_formats(&reference()).is_empty());
    }

    #[test]
    fn codes_need_their_length_in_digits() {
        for (code, bad) in [
            ("208010", true),
            ("20801a9", true),
            ("20801099", true),
            ("2080109", false),
        ] {
            let mut budget = reference();
            budget.functions[0].code = code.to_string();
            budget.projects[0].function = code.to_string();
            let found = code_formats(&budget);
            let expected = if bad {
                vec![
                    (Rule::F03, "functions[0].code"),
                    (Rule::F03, "projects[0].function"),
                ]
            } else {
                vec![]
            };
            assert_eq!(rules_at(&found), expected, "{code}");
        }
        for (code, bad) in [
            ("5010", true),
            ("5010a", true),
            ("501011", true),
            ("50101", false),
        ] {
            let mut budget = reference();
            budget.economic[0].gov_code = code.to_string();
            let expected = if bad {
                vec![(Rule::E03, "economic[0].gov_code")]
            } else {
                vec![]
            };
            assert_eq!(rules_at(&code_formats(&budget)), expected, "{code}");
        }
    }

    #[test]
    fn basic_lines_belong_to_the_basic_classes() {
        let mut budget = reference();
        // 30501 is no basic class: an error on a basic line, fine on a project line.
        budget.economic[0].code = "30501".to_string();
        assert_eq!(
            rules_at(&code_formats(&budget)),
            [(Rule::E03, "economic[0].code")]
        );
        budget.economic[0].kind = EconomicKind::Project;
        assert!(code_formats(&budget).is_empty());
        for class in ["30101", "30201", "30301", "31002"] {
            let mut budget = reference();
            budget.economic[0].code = class.to_string();
            assert!(code_formats(&budget).is_empty(), "{class}");
        }
    }
}
