//! Checks that run before anything is rendered. Each rule is one small function returning
//! diagnostics; all rules run, so the user sees every problem at once.
//!
//! This holds the checks the booklet cannot be built without (control totals, references between
//! lists); the reviewers' full rule set grows here.

use crate::diag::Diagnostic;
use crate::figures::{class_code, Figures};
use crate::model::Budget;
use crate::money::Money;
use crate::texts::Texts;

/// Runs every rule on `budget` and returns what they found, in rule order.
pub fn check(budget: &Budget, figures: &Figures, texts: &Texts) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    found.extend(control_totals(budget, figures));
    found.extend(economic_agrees(figures));
    found.extend(project_functions(budget));
    found.extend(performance_projects(budget));
    found.extend(known_classes(budget, texts));
    found
}

/// C01–C07: the control totals stated in the data equal the sums of the detail lines.
fn control_totals(budget: &Budget, figures: &Figures) -> Vec<Diagnostic> {
    let stated = &budget.control_totals;
    let computed = &figures.expenditure;
    [
        (
            "C01",
            "income_total",
            "收入总计",
            stated.income_total,
            figures.income_total,
            "income 各来源及 carryover 之和",
        ),
        (
            "C02",
            "expenditure_total",
            "支出总计",
            stated.expenditure_total,
            computed.total(),
            "functions 基本支出与 projects 之和",
        ),
        (
            "C03",
            "basic",
            "基本支出",
            stated.basic,
            computed.basic(),
            "functions 中 wages、family_subsidies、goods_services、capital 之和",
        ),
        (
            "C04",
            "personnel",
            "人员经费",
            stated.personnel,
            computed.personnel(),
            "functions 中 wages 与 family_subsidies 之和",
        ),
        (
            "C05",
            "public",
            "公用经费",
            stated.public,
            computed.public(),
            "functions 中 goods_services 与 capital 之和",
        ),
        (
            "C06",
            "project",
            "项目支出",
            stated.project,
            computed.project(),
            "projects 中各项目 amount 之和",
        ),
        (
            "C07",
            "three_public",
            "“三公”经费合计",
            stated.three_public,
            figures.three_public_total,
            "three_public.current 四项之和",
        ),
    ]
    .into_iter()
    .filter(|(.., stated, computed, _)| stated != computed)
    .map(|(rule, field, name, stated, computed, source)| {
        mismatch(rule, field, name, stated, computed, source)
    })
    .collect()
}

fn mismatch(
    rule: &'static str,
    field: &str,
    name: &str,
    stated: Money,
    computed: Money,
    source: &str,
) -> Diagnostic {
    Diagnostic::error(
        rule,
        format!("control_totals.{field}"),
        format!(
            "{name}控制数为 {stated} 万元，但明细合计为 {computed} 万元（相差 {} 万元）",
            crate::money::format_amount(stated - computed)
        ),
    )
    .with_hint(format!("明细合计 = {source}；请核对明细行或控制数"))
}

/// X01–X03: the 经济分类 lines agree with the 功能分类 lines and the projects: their basic
/// 人员经费 (301, 303) and 公用经费 (302, 310), and their project lines with 项目支出.
fn economic_agrees(figures: &Figures) -> Vec<Diagnostic> {
    let split = &figures.expenditure;
    [
        ("X01", "人员经费", figures.economic_basic_personnel, split.personnel(), "functions 中 wages 与 family_subsidies 之和"),
        ("X02", "公用经费", figures.economic_basic_public, split.public(), "functions 中 goods_services 与 capital 之和"),
        ("X03", "项目支出", figures.economic_project, split.project(), "projects 中各项目 amount 之和"),
    ]
    .into_iter()
    .filter(|(_, _, economic, functional, _)| economic != functional)
    .map(|(rule, name, economic, functional, source)| {
        Diagnostic::error(
            rule,
            "economic",
            format!(
                "经济分类明细的{name}为 {economic} 万元，但按功能分类为 {functional} 万元（相差 {} 万元）",
                crate::money::format_amount(economic - functional)
            ),
        )
        .with_hint(format!("按功能分类的{name} = {source}；请核对 economic 中的金额"))
    })
    .collect()
}

/// Every project is booked to a 功能分类 code listed in `functions`, where its name is given.
fn project_functions(budget: &Budget) -> Vec<Diagnostic> {
    budget
        .projects
        .iter()
        .enumerate()
        .filter(|(_, project)| {
            !budget
                .functions
                .iter()
                .any(|line| line.code == project.function)
        })
        .map(|(index, project)| {
            Diagnostic::error(
                "P01",
                format!("projects[{index}].function"),
                format!(
                    "项目“{}”的功能分类科目 {} 不在 functions 中",
                    project.name, project.function
                ),
            )
            .with_hint("在 functions 中加入该科目（写明 code 和 name，基本支出可以省略）")
        })
        .collect()
}

/// Every 绩效目标 names a project of the `projects` list.
fn performance_projects(budget: &Budget) -> Vec<Diagnostic> {
    budget
        .performance
        .iter()
        .enumerate()
        .filter(|(_, goal)| !budget.projects.iter().any(|p| p.code == goal.project))
        .map(|(index, goal)| {
            Diagnostic::error(
                "P02",
                format!("performance[{index}].project"),
                format!("绩效目标所指的项目编码 {} 不在 projects 中", goal.project),
            )
        })
        .collect()
}

/// Every 类 with expenditure has a row in the 收支预算表 and 财政拨款收支总体情况表.
fn known_classes(budget: &Budget, texts: &Texts) -> Vec<Diagnostic> {
    budget
        .functions
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            let class = class_code(&row.code);
            !texts.expenditure_classes.iter().any(|c| c.code == class)
        })
        .map(|(index, row)| {
            Diagnostic::error(
                "F01",
                format!("functions[{index}].code"),
                format!(
                    "功能分类科目 {} 的类级科目不在支出功能分类类级科目表中",
                    row.code
                ),
            )
        })
        .collect()
}
