//! Projects: 项目支出预算表 and 项目绩效目标表.

use super::{Input, Row, Rows};
use crate::document::Cell;
use crate::model::{funded_total, Fund, Indicator, PerformanceGoal, Project};
use crate::money::Money;

/// The figures of [`projects`].
pub const PROJECT_FIGURES: &[(&str, &str)] = &[
    ("kind", "项目类型"),
    ("name", "项目名称"),
    ("unit", "项目单位"),
    ("total", "合计"),
    ("general_public", "本年拨款：一般公共预算"),
    ("government_fund", "本年拨款：政府性基金预算"),
    ("state_capital", "本年拨款：国有资本经营预算"),
];

/// The figures of [`goals`].
pub const GOAL_FIGURES: &[(&str, &str)] = &[
    ("code", "单位编码（项目编码）"),
    ("name", "项目单位（项目名称）"),
    ("total", "资金总额"),
    ("government", "政府预算资金"),
    ("special_account", "财政专户管理资金（数据中没有，留空）"),
    ("unit_funds", "单位资金（数据中没有，留空）"),
    ("cost_indicator", "成本指标：三级指标"),
    ("cost_value", "成本指标：指标值"),
    ("output_indicator", "产出指标：三级指标"),
    ("output_value", "产出指标：指标值"),
    ("benefit_indicator", "效益指标：三级指标"),
    ("benefit_value", "效益指标：指标值"),
    ("satisfaction_indicator", "满意度指标：三级指标"),
    ("satisfaction_value", "满意度指标：指标值"),
];

/// 项目支出预算表: the 合计, the department, then each project, by fund.
pub fn projects(input: &Input) -> Rows {
    let budget = input.budget;
    let by_fund = |mut row: Row, projects: &[&Project]| {
        row.push("total", Cell::amount(funded_total(projects, None)));
        for (figure, fund) in [
            ("general_public", Fund::GeneralPublic),
            ("government_fund", Fund::GovernmentFund),
            ("state_capital", Fund::StateCapital),
        ] {
            row.push(figure, Cell::amount(funded_total(projects, Some(fund))));
        }
        row
    };
    let all: Vec<&Project> = budget.projects.iter().collect();
    let department = &budget.unit.department;
    let mut rows = vec![
        by_fund(Row::of([("unit", Cell::center("合计").strong())]), &all),
        by_fund(
            Row::of([
                ("name", Cell::code(&department.code)),
                ("unit", Cell::text(&department.name)),
            ]),
            &all,
        ),
    ];
    for project in &all {
        let row = Row::of([
            ("kind", Cell::center(project.kind.label())),
            ("name", Cell::text(&project.name)),
            ("unit", Cell::text(&budget.unit.name)),
        ]);
        rows.push(by_fund(row, &[project]));
    }
    Rows {
        rows,
        empty: all.is_empty(),
    }
}

/// The indicator figures, by category, in column order.
const INDICATORS: [(&str, &str); 4] = [
    ("cost_indicator", "cost_value"),
    ("output_indicator", "output_value"),
    ("benefit_indicator", "benefit_value"),
    ("satisfaction_indicator", "satisfaction_value"),
];

/// 项目绩效目标表: the department and the unit with the projects' total, then each project's
/// amounts and its indicators, one indicator per row and category, the project's cells
/// spanning all its rows.
pub fn goals(input: &Input) -> Rows {
    let budget = input.budget;
    let goals: Vec<(&Project, &PerformanceGoal)> = budget
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
    let mut rows: Vec<Row> = [
        (&unit.department.code, ""),
        (&unit.code, unit.name.as_str()),
    ]
    .into_iter()
    .map(|(code, name)| {
        Row::of([
            ("code", Cell::code(code.as_str())),
            ("name", Cell::text(name)),
            ("total", Cell::amount(total)),
            ("government", Cell::amount(total)),
        ])
    })
    .collect();
    for (project, goal) in &goals {
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
            let mut row = Row::default();
            if line == 0 {
                row.push("code", Cell::code(&project.code).span(1, span));
                row.push("name", Cell::text(&project.name).span(1, span));
                row.push("total", Cell::amount(project.amount).span(1, span));
                row.push("government", Cell::amount(project.amount).span(1, span));
                row.push("special_account", Cell::blank().span(1, span));
                row.push("unit_funds", Cell::blank().span(1, span));
            }
            for (list, (indicator, value)) in lists.iter().zip(INDICATORS) {
                if let Some(Indicator(name, text)) = list.get(line) {
                    row.push(indicator, Cell::text(name));
                    row.push(value, Cell::center(text));
                }
            }
            rows.push(row);
        }
    }
    Rows {
        rows,
        empty: goals.is_empty(),
    }
}
