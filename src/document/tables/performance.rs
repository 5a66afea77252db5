//! Projects: 项目支出预算表 and 单位预算项目绩效目标表.

use super::{frame, head, Input};
use crate::document::{Cell, Table};
use crate::model::{funded_total, Fund, Indicator, Project};
use crate::money::Money;

/// 预算10表 项目支出预算表.
pub fn projects(input: &Input) -> Table {
    let budget = input.budget;
    let mut columns = vec![9, 30, 18, 9];
    columns.extend([8; 8]);
    let mut table = frame(input, "项目支出预算表", "年", columns, true);
    let mut first = vec![
        head("类型", 1, 2),
        head("项目名称", 1, 2),
        head("项目单位", 1, 2),
        head("合计", 1, 2),
    ];
    first.extend([head("本年拨款", 3, 1), head("财政拨款结转结余", 3, 1)]);
    first.extend([head("财政专户管理资金", 1, 2), head("单位资金", 1, 2)]);
    let funds = ["一般公共预算", "政府性基金预算", "国有资本经营预算"];
    table.header = vec![
        first,
        funds
            .iter()
            .chain(funds.iter())
            .map(|label| head(label, 1, 1))
            .collect(),
    ];

    let all: Vec<&Project> = budget.projects.iter().collect();
    let department = &budget.unit.department;
    let mut total_row = vec![Cell::blank(), Cell::blank(), Cell::center("合计").strong()];
    total_row.extend(amount_cells(&all));
    table.body.push(total_row);
    let mut department_row = vec![
        Cell::blank(),
        Cell::code(&department.code),
        Cell::text(&department.name),
    ];
    department_row.extend(amount_cells(&all));
    table.body.push(department_row);
    for project in &all {
        let mut row = vec![
            Cell::center(project.kind.label()),
            Cell::text(&project.name),
            Cell::text(&budget.unit.name),
        ];
        row.extend(amount_cells(&[project]));
        table.body.push(row);
    }
    table.notes = vec![input.texts.notes.rounding.clone()];
    table
}

/// 合计, this year's appropriation by fund, and the (empty) carry-over and other columns.
fn amount_cells(projects: &[&Project]) -> Vec<Cell> {
    let mut cells = vec![Cell::amount(funded_total(projects, None))];
    cells.extend(
        [
            Fund::GeneralPublic,
            Fund::GovernmentFund,
            Fund::StateCapital,
        ]
        .map(|fund| Cell::amount(funded_total(projects, Some(fund)))),
    );
    cells.extend(std::iter::repeat_n(Cell::blank(), 5));
    cells
}

/// 预算11表 单位预算项目绩效目标表: each project's amounts and its indicators, one indicator
/// per row and category, the project cells spanning all its rows.
pub fn goals(input: &Input) -> Table {
    let budget = input.budget;
    let mut columns = vec![13, 12, 8, 8, 6, 6];
    columns.extend([16, 8, 16, 8, 16, 8, 16, 8]);
    let mut table = frame(input, "单位预算项目绩效目标表", "年度", columns, true);
    table.header = vec![
        vec![
            head("单位编码（项目编码）", 1, 3),
            head("项目单位（项目名称）", 1, 3),
            head("项目金额（万元）", 4, 1),
            head("绩效目标", 8, 1),
        ],
        vec![
            head("资金总额", 1, 2),
            head("政府预算资金", 1, 2),
            head("财政专户管理资金", 1, 2),
            head("单位资金", 1, 2),
            head("成本指标", 2, 1),
            head("产出指标", 2, 1),
            head("效益指标", 2, 1),
            head("满意度指标", 2, 1),
        ],
        std::iter::repeat_n(["三级指标", "指标值"], 4)
            .flatten()
            .map(|label| head(label, 1, 1))
            .collect(),
    ];
    let goals: Vec<(&Project, &crate::model::PerformanceGoal)> = budget
        .performance
        .iter()
        .filter_map(|goal| {
            budget
                .projects
                .iter()
                .find(|p| p.code == goal.project)
                .map(|p| (p, goal))
        })
        .collect();
    let total: Money = goals.iter().map(|(project, _)| project.amount).sum();
    let unit = &budget.unit;
    for (code, name) in [
        (&unit.department.code, ""),
        (&unit.code, unit.name.as_str()),
    ] {
        let mut row = vec![
            Cell::code(code.as_str()),
            Cell::text(name),
            Cell::amount(total),
            Cell::amount(total),
        ];
        row.extend(std::iter::repeat_n(Cell::blank(), 10));
        table.body.push(row);
    }
    for (project, goal) in goals {
        let lists: [&Vec<Indicator>; 4] =
            [&goal.cost, &goal.output, &goal.benefit, &goal.satisfaction];
        let height = lists
            .iter()
            .map(|list| list.len())
            .max()
            .unwrap_or(0)
            .max(1);
        let span = height as u16;
        for line in 0..height {
            let mut row = Vec::with_capacity(14);
            if line == 0 {
                row.push(Cell::code(&project.code).span(1, span));
                row.push(Cell::text(&project.name).span(1, span));
                row.push(Cell::amount(project.amount).span(1, span));
                row.push(Cell::amount(project.amount).span(1, span));
                row.push(Cell::blank().span(1, span));
                row.push(Cell::blank().span(1, span));
            }
            for list in lists {
                match list.get(line) {
                    Some(Indicator(name, value)) => {
                        row.extend([Cell::text(name), Cell::center(value)])
                    }
                    None => row.extend([Cell::blank(), Cell::blank()]),
                }
            }
            table.body.push(row);
        }
    }
    table
}
