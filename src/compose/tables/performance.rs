//! Projects: 项目支出预算表 and 项目绩效目标表.

use super::{Input, Row, Rows};
use crate::compose::document::Cell;
use crate::model::money::Money;
use crate::model::IncomeSource;
use crate::model::{funded_total, Budget, Fund, Indicator, PerformanceGoal, Project};
use crate::profile::rows::Figure;

/// 项目支出预算表: the 合计, the department, then each project, by fund.
pub fn projects(input: &Input) -> Rows {
    let budget = input.budget;
    let by_fund = |mut row: Row, projects: &[&Project]| {
        row.push(Figure::Total, Cell::amount(funded_total(projects, None)));
        for fund in Fund::ALL {
            row.push(
                Figure::from(fund),
                Cell::amount(funded_total(projects, Some(fund))),
            );
        }
        row
    };
    // The 合计 and the department's row: every unit's projects.
    let all: Vec<&Project> = input.units.iter().flat_map(|unit| &unit.projects).collect();
    let department = &budget.unit.department;
    let mut rows = vec![
        by_fund(
            Row::of([(Figure::Unit, Cell::center("合计").strong())]),
            &all,
        ),
        by_fund(
            Row::of([
                (Figure::Name, Cell::code(&department.code)),
                (Figure::Unit, Cell::text(&department.name)),
            ]),
            &all,
        ),
    ];
    for unit in input.units {
        for project in &unit.projects {
            let row = Row::of([
                (Figure::Kind, Cell::center(project.kind.label())),
                (Figure::Name, Cell::text(&project.name)),
                (Figure::Unit, Cell::text(&unit.unit.name)),
            ]);
            rows.push(by_fund(row, &[project]));
        }
    }
    Rows {
        rows,
        empty: all.is_empty(),
    }
}

/// The indicator figures, by category, in column order.
const INDICATORS: [(Figure, Figure); 4] = [
    (Figure::CostIndicator, Figure::CostValue),
    (Figure::OutputIndicator, Figure::OutputValue),
    (Figure::BenefitIndicator, Figure::BenefitValue),
    (Figure::SatisfactionIndicator, Figure::SatisfactionValue),
];

/// 项目绩效目标表: the department with the projects' total, then each unit with its projects'
/// total followed by each of its projects' amounts and indicators, one indicator per row and
/// category, the project's cells spanning all its rows.
pub fn goals(input: &Input) -> Rows {
    let department = &input.budget.unit.department;
    let by_unit: Vec<(&Budget, Vec<(&Project, &PerformanceGoal)>)> = input
        .units
        .iter()
        .map(|unit| (*unit, project_goals(unit)))
        .collect();
    let total_of = |goals: &[(&Project, &PerformanceGoal)]| -> Money {
        goals.iter().map(|(project, _)| project.amount).sum()
    };
    let summary = |code: &str, name: &str, total: Money| {
        Row::of([
            (Figure::Code, Cell::code(code)),
            (Figure::Name, Cell::text(name)),
            (Figure::Total, Cell::amount(total)),
            (Figure::Government, Cell::amount(total)),
        ])
    };
    let all: Money = by_unit.iter().map(|(_, goals)| total_of(goals)).sum();
    let mut rows = vec![summary(&department.code, "", all)];
    for (unit, goals) in &by_unit {
        rows.push(summary(&unit.unit.code, &unit.unit.name, total_of(goals)));
        for (project, goal) in goals {
            rows.extend(goal_rows(project, goal));
        }
    }
    Rows {
        rows,
        empty: by_unit.iter().all(|(_, goals)| goals.is_empty()),
    }
}

/// A unit's projects that have goals, with their goals, in the goals' order.
fn project_goals(unit: &Budget) -> Vec<(&Project, &PerformanceGoal)> {
    unit.performance
        .iter()
        .filter_map(|goal| {
            unit.projects
                .iter()
                .find(|p| p.code == goal.project)
                .map(|p| (p, goal))
        })
        .collect()
}

/// One project's rows: its amounts on the first, its indicators one per row and category.
fn goal_rows(project: &Project, goal: &PerformanceGoal) -> Vec<Row> {
    let lists: [&Vec<Indicator>; 4] = [&goal.cost, &goal.output, &goal.benefit, &goal.satisfaction];
    let height = lists
        .iter()
        .map(|list| list.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let span = height as u16;
    (0..height)
        .map(|line| {
            let mut row = Row::default();
            if line == 0 {
                row.push(Figure::Code, Cell::code(&project.code).span(1, span));
                row.push(Figure::Name, Cell::text(&project.name).span(1, span));
                row.push(Figure::Total, Cell::amount(project.amount).span(1, span));
                row.push(
                    Figure::Government,
                    Cell::amount(project.amount).span(1, span),
                );
                row.push(
                    Figure::Income(IncomeSource::SpecialAccount),
                    Cell::blank().span(1, span),
                );
                row.push(Figure::UnitFunds, Cell::blank().span(1, span));
            }
            for (list, (indicator, value)) in lists.iter().zip(INDICATORS) {
                if let Some(Indicator(name, text)) = list.get(line) {
                    row.push(indicator, Cell::text(name));
                    row.push(value, Cell::center(text));
                }
            }
            row
        })
        .collect()
}
