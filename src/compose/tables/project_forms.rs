//! 财政项目支出绩效目标申报表 (Shanghai): for each project with a goal form, a form in six
//! columns: the project and who carries it out, its dates and funds, its overall and annual
//! goals, its indicators by 一级 and 二级 (merged down as in the 整体绩效目标表).

use super::unit_goals::indicator_rows;
use super::{Input, Row, Rows};
use crate::compose::document::Cell;
use crate::model::money::Money;

/// Every form, unit by unit in the booklet's order, project by project in the goals' order.
pub fn forms(input: &Input) -> Rows {
    let department = &input.budget.unit.department.name;
    let header = |text: &str| Cell::center(text).strong();
    let mut rows = Vec::new();
    for unit in input.units {
        for goal in &unit.performance {
            let (Some(form), Some(project)) = (
                &goal.form,
                unit.projects.iter().find(|p| p.code == goal.project),
            ) else {
                continue;
            };
            rows.push(Row::form(vec![
                header("项目名称"),
                Cell::text(&project.name),
                header("项目性质"),
                Cell::center(&form.nature),
                header("项目类别"),
                Cell::center(project.kind.label()),
            ]));
            rows.push(Row::form(vec![
                header("主管部门"),
                Cell::text(department),
                header("实施单位"),
                Cell::text(&unit.unit.name).span(3, 1),
            ]));
            rows.push(Row::form(vec![
                header("计划开始日期"),
                Cell::center(&form.start),
                header("计划完成日期"),
                Cell::center(&form.end).span(3, 1),
            ]));
            rows.push(Row::form(vec![
                header("项目资金总额"),
                Cell::shown(form.total_funds),
                header("年度资金申请总额"),
                Cell::shown(project.amount).span(3, 1),
            ]));
            rows.push(Row::form(vec![
                header("项目资金（元）").span(1, 2),
                header("其中：财政资金"),
                Cell::shown(form.total_funds),
                header("其中：当年财政拨款"),
                Cell::shown(project.amount).span(2, 1),
            ]));
            rows.push(Row::form(vec![
                header("其他资金"),
                Cell::shown(Money::ZERO),
                header("上年结转资金"),
                Cell::shown(Money::ZERO).span(2, 1),
            ]));
            rows.push(Row::form(vec![
                header("项目绩效目标").span(1, 2),
                header("项目总目标").span(2, 1),
                header("年度总体目标").span(3, 1),
            ]));
            rows.push(Row::form(vec![
                Cell::text(&form.overall_goal).span(2, 1),
                Cell::text(&form.annual_goal).span(3, 1),
            ]));
            rows.push(Row::form(vec![
                header("一级指标"),
                header("二级指标"),
                header("三级指标").span(2, 1),
                header("年度(/项目)指标值").span(2, 1),
            ]));
            rows.extend(indicator_rows(&form.indicators, 2));
        }
    }
    Rows {
        empty: rows.is_empty(),
        rows,
    }
}
