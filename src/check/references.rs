//! References between lists and their keys: duplicate codes, projects booked to listed
//! 功能分类 codes, 绩效目标 naming existing projects, the unit code under its department's.

use super::lines::{faults, path};
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::Budget;
use std::collections::HashMap;

/// D01: no key appears twice in a list (a 功能分类 code per fund, a project code, an 经济分类
/// line, a 绩效目标 project).
pub fn duplicates(budget: &Budget) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut check = |list: &str, field: &str, keys: Vec<(String, String)>| {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (index, (key, shown)) in keys.into_iter().enumerate() {
            if let Some(first) = seen.get(&key) {
                found.push(
                    Diagnostic::error(
                        Rule::D01,
                        path(list, index, field),
                        format!("{shown} 重复出现（第一次在 {list}[{first}]）"),
                    )
                    .with_related(path(list, *first, field), "第一次出现")
                    .with_hint("同一科目或项目只能写一行；金额请合并"),
                );
            } else {
                seen.insert(key, index);
            }
        }
    };
    check(
        "functions",
        "code",
        budget
            .functions
            .iter()
            .map(|l| {
                (
                    format!("{}{:?}", l.code, l.fund),
                    format!("功能分类科目 {}", l.code),
                )
            })
            .collect(),
    );
    check(
        "projects",
        "code",
        budget
            .projects
            .iter()
            .map(|p| (p.code.clone(), format!("项目编码 {}", p.code)))
            .collect(),
    );
    check(
        "economic",
        "code",
        budget
            .economic
            .iter()
            .map(|l| {
                (
                    format!("{}/{}/{:?}/{:?}", l.code, l.gov_code, l.kind, l.fund),
                    format!(
                        "经济分类 {} {} → {} {}",
                        l.code, l.name, l.gov_code, l.gov_name
                    ),
                )
            })
            .collect(),
    );
    check(
        "performance",
        "project",
        budget
            .performance
            .iter()
            .map(|g| (g.project.clone(), format!("项目 {} 的绩效目标", g.project)))
            .collect(),
    );
    found
}

/// P01: every project is booked to a 功能分类 code listed in `functions`, where its name is.
pub fn project_functions(budget: &Budget) -> Vec<Diagnostic> {
    let listed = |code: &str| budget.functions.iter().any(|line| line.code == code);
    faults("projects", &budget.projects, |project| {
        (!listed(&project.function)).then(|| {
            let message = format!(
                "项目“{}”的功能分类科目 {} 不在 functions 中",
                project.name, project.function
            );
            ("function", message)
        })
    })
    .into_iter()
    .map(|(path, message)| {
        Diagnostic::error(Rule::P01, path, message)
            .with_hint("在 functions 中加入该科目（写明 code 和 name，基本支出可以省略）")
    })
    .collect()
}

/// P02: every 绩效目标 names a project of `projects`; P03 (warning): every project has one.
pub fn performance_projects(budget: &Budget) -> Vec<Diagnostic> {
    let unknown = faults("performance", &budget.performance, |goal| {
        let known = budget.projects.iter().any(|p| p.code == goal.project);
        let message = format!("绩效目标所指的项目编码 {} 不在 projects 中", goal.project);
        (!known).then_some(("project", message))
    })
    .into_iter()
    .map(|(path, message)| {
        Diagnostic::error(Rule::P02, path, message)
            .with_hint("绩效目标表的项目和金额取自项目支出：请核对项目编码")
    });
    let without = faults("projects", &budget.projects, |project| {
        let has_goal = budget.performance.iter().any(|g| g.project == project.code);
        let message = format!("项目“{}”没有绩效目标，不会出现在绩效目标表中", project.name);
        (!has_goal).then_some(("code", message))
    })
    .into_iter()
    .map(|(path, message)| Diagnostic::warning(Rule::P03, path, message));
    unknown.chain(without).collect()
}

/// P04: a project's 成本指标 that states an amount in 万元 (`≤87.04万元`) does not exceed the
/// project's amount: the 绩效目标表 would show a cost the budget does not fund.
pub fn cost_within_amount(budget: &Budget) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (index, goal) in budget.performance.iter().enumerate() {
        let Some(project) = budget.projects.iter().find(|p| p.code == goal.project) else {
            continue;
        };
        for (at, indicator) in goal.cost.iter().enumerate() {
            let Some(stated) = wan_in(&indicator.1) else {
                continue;
            };
            if stated > project.amount.value() {
                found.push(
                    Diagnostic::error(
                        Rule::P04,
                        format!("performance[{index}].cost[{at}]"),
                        format!(
                            "项目“{}”的成本指标“{}”为 {} 万元，超过了项目金额 {} 万元",
                            project.name,
                            indicator.0,
                            crate::model::money::format_amount(stated),
                            project.amount
                        ),
                    )
                    .with_hint("成本指标不能超过项目的预算金额：核对指标值或项目金额"),
                );
            }
        }
    }
    found
}

/// The amount in 万元 an indicator value states (`≤87.04万元` → 87.04), if it states one.
fn wan_in(value: &str) -> Option<rust_decimal::Decimal> {
    let before = value
        .split("万元")
        .next()
        .filter(|_| value.contains("万元"))?;
    let digits: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .filter(|c| *c != ',')
        .collect();
    digits.parse().ok()
}

/// U01: the booklet is published in its budget year or the year before (the cover prints the
/// year and month; the PDF's date is this day). A date years away is a typing slip, and one
/// outside what spreadsheets and PDF metadata hold fails at export.
pub fn publication_date(budget: &Budget) -> Vec<Diagnostic> {
    let unit = &budget.unit;
    let year = i64::from(unit.published.year);
    let budget_year = i64::from(unit.year);
    if year == budget_year || year == budget_year - 1 {
        return Vec::new();
    }
    let cover = format!(
        "{}年{}月",
        crate::base::numerals::year(u32::from(unit.published.year)),
        crate::base::numerals::month(u32::from(unit.published.month))
    );
    vec![Diagnostic::error(
        Rule::U01,
        "unit.published",
        format!(
            "发布日期 {} 不在预算年度 {} 年或上一年：封面会印成{cover}",
            unit.published, unit.year
        ),
    )
    .with_hint(format!(
        "单位预算在预算年度开始前后公开：写 {}-… 或 {}-… 的日期",
        budget_year - 1,
        budget_year
    ))]
}

/// U02: codes are digits, and the unit's code starts with its department's.
pub fn unit_codes(budget: &Budget) -> Vec<Diagnostic> {
    let unit = &budget.unit;
    let digits = |code: &str| !code.is_empty() && code.chars().all(|c| c.is_ascii_digit());
    let mut found = Vec::new();
    for (path, code) in [
        ("unit.code", &unit.code),
        ("unit.department.code", &unit.department.code),
    ] {
        if !digits(code) {
            found.push(Diagnostic::error(
                Rule::U02,
                path,
                format!("代码“{code}”应只含数字"),
            ));
        }
    }
    if digits(&unit.code)
        && digits(&unit.department.code)
        && !unit.code.starts_with(&unit.department.code)
    {
        found.push(
            Diagnostic::error(
                Rule::U02,
                "unit.code",
                format!(
                    "单位代码 {} 不在主管部门 {} 之下",
                    unit.code, unit.department.code
                ),
            )
            .with_hint("单位代码以主管部门代码开头，例如 303016 属于 303"),
        );
    }
    found
}
