//! The 整体绩效目标表 (2024 format on): asked for only when the profile prints it.

use crate::compute::figures::Figures;
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::money::Money;
use crate::model::Budget;

/// J01: the 年度主要任务's amounts add up to the 支出总计, as the table's 金额合计 shows it
/// beside the other tables. J02: the profile prints the table, so the data needs
/// `unit_performance`.
pub fn unit_goals(budget: &Budget, figures: &Figures) -> Vec<Diagnostic> {
    let Some(performance) = &budget.unit_performance else {
        return vec![Diagnostic::error(
            Rule::J02,
            "unit_performance",
            "本格式的附件有整体绩效目标表，数据中却没有 unit_performance（年度主要任务、年度总体目标、年度绩效指标）",
        )
        .with_hint("按 data/2024/xinxiang-shebao-2024.yaml 末尾的样子填写 unit_performance")];
    };
    let tasks: Money = performance.tasks.iter().map(|task| task.total()).sum();
    let spent = figures.expenditure.total();
    if tasks == spent {
        return Vec::new();
    }
    vec![Diagnostic::error(
        Rule::J01,
        "unit_performance.tasks",
        format!(
            "年度主要任务的金额合计为 {}，应等于支出总计 {}（相差 {}）",
            super::lines::stated(budget, tasks),
            super::lines::stated(budget, spent),
            super::lines::stated(budget, Money((tasks - spent).abs()))
        ),
    )
    .with_hint("各任务的财政拨款与其他资金之和，合计应为本年支出总计")]
}
