//! Expenditure by 经济分类: 一般公共预算基本支出表 and 支出经济分类汇总表.

use super::{Input, Row, Rows};
use crate::compose::document::Cell;
use crate::model::money::Money;
use crate::model::{funded_total, EconomicKind, EconomicLine, Fund};

/// The basic 经济分类 lines paid from the 一般公共预算, in data order.
pub fn basic_general_public<'a>(input: &Input<'a>) -> Vec<&'a EconomicLine> {
    input
        .budget
        .economic
        .iter()
        .filter(|line| line.kind == EconomicKind::Basic && line.fund == Fund::GeneralPublic)
        .collect()
}

/// 人员经费 and 公用经费 of some lines.
pub fn personnel_and_public(lines: &[&EconomicLine]) -> (Money, Money) {
    let sum = |personnel: bool| {
        lines
            .iter()
            .filter(|l| l.is_personnel() == personnel)
            .map(|l| l.amount)
            .sum::<Money>()
    };
    (sum(true), sum(false))
}

/// 一般公共预算基本支出表: the 合计, then the basic lines paid from the 一般公共预算.
pub fn basic(input: &Input) -> Rows {
    let lines = basic_general_public(input);
    let (personnel, public) = personnel_and_public(&lines);
    let mut rows = vec![Row::of([
        ("code", Cell::center("合计").strong()),
        ("total", Cell::shown(personnel + public)),
        ("personnel", Cell::amount(personnel)),
        ("public", Cell::amount(public)),
    ])];
    for line in &lines {
        let (personnel, public) = if line.is_personnel() {
            (line.amount, Money::ZERO)
        } else {
            (Money::ZERO, line.amount)
        };
        rows.push(Row::of([
            ("code", Cell::code(&line.code)),
            ("name", Cell::text(&line.name)),
            ("gov_code", Cell::code(&line.gov_code)),
            ("gov_name", Cell::text(&line.gov_name)),
            ("total", Cell::amount(line.amount)),
            ("personnel", Cell::amount(personnel)),
            ("public", Cell::amount(public)),
        ]));
    }
    Rows {
        rows,
        empty: lines.is_empty(),
    }
}

/// 支出经济分类汇总表: the 合计, the department, then every line, by source of funds.
pub fn summary(input: &Input) -> Rows {
    let budget = input.budget;
    let by_fund = |mut row: Row, lines: &[&EconomicLine]| {
        let by = |fund: Fund| funded_total(lines, Some(fund));
        let general = by(Fund::GeneralPublic);
        for (figure, amount) in [
            ("total", funded_total(lines, None)),
            ("general_public", general),
            ("general_public_appropriation", general),
            ("government_fund", by(Fund::GovernmentFund)),
            ("state_capital", by(Fund::StateCapital)),
        ] {
            row.push(figure, Cell::amount(amount));
        }
        row
    };
    let all: Vec<&EconomicLine> = budget.economic.iter().collect();
    let department = &budget.unit.department;
    let mut rows = vec![
        by_fund(Row::of([("name", Cell::center("合计").strong())]), &all),
        by_fund(
            Row::of([
                ("class", Cell::code(&department.code)),
                ("name", Cell::text(&department.name)),
            ]),
            &all,
        ),
    ];
    for line in &all {
        let row = Row::of([
            ("class", Cell::code(line.code.get(..3).unwrap_or_default())),
            ("item", Cell::code(line.code.get(3..).unwrap_or_default())),
            ("name", Cell::text(&line.name)),
            (
                "gov_class",
                Cell::code(line.gov_code.get(..3).unwrap_or_default()),
            ),
            (
                "gov_item",
                Cell::code(line.gov_code.get(3..).unwrap_or_default()),
            ),
            ("gov_name", Cell::text(&line.gov_name)),
        ]);
        rows.push(by_fund(row, &[line]));
    }
    Rows {
        rows,
        empty: all.is_empty(),
    }
}
