//! 本级部门（单位）整体绩效目标表: a form in six columns. The unit's name; the 年度主要任务 with
//! their amounts and a 金额合计 row; the 年度总体目标; the 年度绩效指标, consecutive equal 一级
//! and 二级 indicators merged. Each block's label spans its rows in the first column.

use super::{Input, Row, Rows};
use crate::compose::document::Cell;
use crate::model::money::Money;
use crate::model::UnitIndicator;

/// The form's rows; a unit without `unit_performance` gets its name and empty blocks.
pub fn unit_goals(input: &Input) -> Rows {
    let budget = input.budget;
    let header = |text: &str| Cell::center(text).strong();
    let mut rows = vec![Row::form(vec![
        header("部门（单位）名称"),
        Cell::text(&budget.unit.name).span(5, 1),
    ])];
    let (tasks, goal, indicators) = match &budget.unit_performance {
        Some(p) => (p.tasks.as_slice(), p.goal.as_str(), p.indicators.as_slice()),
        None => (&[][..], "", &[][..]),
    };
    // 年度主要任务: two header rows, the tasks, the 金额合计.
    let height = u16::try_from(tasks.len() + 3).unwrap_or(u16::MAX);
    rows.push(Row::form(vec![
        header("年度主要任务").span(1, height),
        header("任务名称").span(1, 2),
        header("主要内容").span(1, 2),
        header("预算金额（万元）").span(3, 1),
    ]));
    rows.push(Row::form(vec![
        header("总额"),
        header("财政拨款"),
        header("其他资金"),
    ]));
    for task in tasks {
        rows.push(Row::form(vec![
            Cell::text(&task.name),
            Cell::text(&task.content),
            Cell::shown(task.total()),
            Cell::shown(task.appropriation),
            Cell::shown(task.other),
        ]));
    }
    let sum =
        |amount: fn(&crate::model::UnitTask) -> Money| tasks.iter().map(amount).sum::<Money>();
    rows.push(Row::form(vec![
        header("金额合计").span(2, 1),
        Cell::shown(sum(|t| t.total())),
        Cell::shown(sum(|t| t.appropriation)),
        Cell::shown(sum(|t| t.other)),
    ]));
    rows.push(Row::form(vec![
        header("年度总体目标"),
        Cell::text(goal).span(5, 1),
    ]));
    // 年度绩效指标: a header row, then the indicators.
    let height = u16::try_from(indicators.len() + 1).unwrap_or(u16::MAX);
    rows.push(Row::form(vec![
        header("年度绩效指标").span(1, height),
        header("一级指标"),
        header("二级指标"),
        header("三级指标").span(2, 1),
        header("指标值"),
    ]));
    rows.extend(indicator_rows(indicators, 1));
    Rows {
        rows,
        empty: budget.unit_performance.is_none(),
    }
}

/// The rows of `indicators`: consecutive equal 一级 and 二级 indicators merged down, the 三级
/// indicator over two columns, its value over `value_columns`.
pub(super) fn indicator_rows(indicators: &[UnitIndicator], value_columns: u16) -> Vec<Row> {
    let mut rows = Vec::new();
    for (index, indicator) in indicators.iter().enumerate() {
        let mut cells = Vec::new();
        let run = |same: fn(&UnitIndicator, &UnitIndicator) -> bool| {
            let starts = index == 0 || !same(&indicators[index - 1], indicator);
            let length = indicators[index..]
                .iter()
                .take_while(|next| same(next, indicator))
                .count();
            starts.then(|| u16::try_from(length).unwrap_or(u16::MAX))
        };
        if let Some(length) = run(|a, b| a.level1 == b.level1) {
            cells.push(Cell::center(&indicator.level1).span(1, length));
        }
        if let Some(length) = run(|a, b| a.level1 == b.level1 && a.level2 == b.level2) {
            cells.push(Cell::center(&indicator.level2).span(1, length));
        }
        cells.push(Cell::text(&indicator.name).span(2, 1));
        cells.push(Cell::center(&indicator.value).span(value_columns, 1));
        rows.push(Row::form(cells));
    }
    rows
}
