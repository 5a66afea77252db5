//! Expenditure by 经济分类: 一般公共预算基本支出表 and 支出经济分类汇总表.

use super::{Input, Row, Rows};
use crate::compose::document::Cell;
use crate::model::code::EconomicCode;
use crate::model::money::Money;
use crate::model::IncomeSource;
use crate::model::{funded_total, EconomicKind, EconomicLine, Fund};
use crate::profile::rows::Figure;

/// The basic 经济分类 lines paid from the 一般公共预算, in data order.
pub fn basic_general_public<'a>(input: &Input<'a>) -> Vec<&'a EconomicLine> {
    input
        .budget
        .economic
        .iter()
        .filter(|line| line.kind == EconomicKind::Basic && line.fund == Fund::GeneralPublic)
        .collect()
}

/// 机关运行经费: the 公用经费 of the basic 一般公共预算 lines of the units that have them (a
/// 行政单位 or 参公单位; not a 事业单位), summed over the booklet's units.
pub fn running_costs(input: &Input) -> Money {
    input
        .units
        .iter()
        .filter(|unit| unit.unit.has_running_costs())
        .map(|unit| {
            let lines: Vec<&EconomicLine> = unit
                .economic
                .iter()
                .filter(|line| line.kind == EconomicKind::Basic && line.fund == Fund::GeneralPublic)
                .collect();
            personnel_and_public(&lines).1
        })
        .sum()
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
        (Figure::Code, Cell::center("合计").strong()),
        (Figure::Total, Cell::shown(personnel + public)),
        (Figure::Personnel, Cell::amount(personnel)),
        (Figure::Public, Cell::amount(public)),
    ])];
    for line in &lines {
        let (personnel, public) = if line.is_personnel() {
            (line.amount, Money::ZERO)
        } else {
            (Money::ZERO, line.amount)
        };
        rows.push(Row::of([
            (Figure::Code, Cell::code(&line.code)),
            (Figure::Name, Cell::text(&line.name)),
            (Figure::GovCode, Cell::code(&line.gov_code)),
            (Figure::GovName, Cell::text(&line.gov_name)),
            (Figure::Total, Cell::amount(line.amount)),
            (Figure::Personnel, Cell::amount(personnel)),
            (Figure::Public, Cell::amount(public)),
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
            (Figure::Total, funded_total(lines, None)),
            (Figure::Income(IncomeSource::GeneralPublic), general),
            (Figure::GeneralPublicAppropriation, general),
            (
                Figure::Income(IncomeSource::GovernmentFund),
                by(Fund::GovernmentFund),
            ),
            (
                Figure::Income(IncomeSource::StateCapital),
                by(Fund::StateCapital),
            ),
        ] {
            row.push(figure, Cell::amount(amount));
        }
        row
    };
    let all: Vec<&EconomicLine> = budget.economic.iter().collect();
    let department = &budget.unit.department;
    let mut rows = vec![
        by_fund(
            Row::of([(Figure::Name, Cell::center("合计").strong())]),
            &all,
        ),
        by_fund(
            Row::of([
                (Figure::Class, Cell::code(&department.code)),
                (Figure::Name, Cell::text(&department.name)),
            ]),
            &all,
        ),
    ];
    // One row per 经济分类 款 and its 政府预算经济分类, as printed: the table has no column for
    // 基本/项目 (nor a line per fund), so a code spent on both is one row of their sum, not two
    // rows alike.
    let mut printed: Vec<(&EconomicLine, Vec<&EconomicLine>)> = Vec::new();
    for line in &all {
        match (printed.iter_mut())
            .find(|(first, _)| first.code == line.code && first.gov_code == line.gov_code)
        {
            Some((_, lines)) => lines.push(line),
            None => printed.push((line, vec![line])),
        }
    }
    for (line, lines) in &printed {
        let row = Row::of([
            (Figure::Class, Cell::code(EconomicCode(&line.code).class())),
            (
                Figure::Item,
                Cell::code(line.code.get(3..).unwrap_or_default()),
            ),
            (Figure::Name, Cell::text(&line.name)),
            (
                Figure::GovClass,
                Cell::code(EconomicCode(&line.gov_code).class()),
            ),
            (
                Figure::GovItem,
                Cell::code(line.gov_code.get(3..).unwrap_or_default()),
            ),
            (Figure::GovName, Cell::text(&line.gov_name)),
        ]);
        rows.push(by_fund(row, lines));
    }
    Rows {
        rows,
        empty: all.is_empty(),
    }
}
