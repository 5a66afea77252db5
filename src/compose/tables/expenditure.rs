//! Expenditure by 功能分类 (单位支出预算表, 一般公共预算支出预算表, 政府性基金支出预算表): a 合计
//! row, the department, then each 项 with its basic and project split.

use super::{Input, Row, Rows};
use crate::compose::document::Cell;
use crate::compute::figures::{FunctionRow, Split};
use crate::model::code::FunctionCode;
use crate::model::money::Money;
use crate::model::BasicParts;
use crate::profile::rows::Figure;
use crate::profile::rows::FundFilter;

/// The rows of the 项 whose funds pass `fund`. An empty table shows its 合计 row as zeros
/// when `zeros_shown`, as the reference does for the 政府性基金 table.
pub fn by_function(input: &Input, fund: FundFilter, zeros_shown: bool) -> Rows {
    let keep = |row: &FunctionRow| fund.keeps(row.fund);
    let lines: Vec<&FunctionRow> = input.figures.rows.iter().filter(|row| keep(row)).collect();
    let total = Split::sum(lines.iter().map(|row| &row.split));
    let amount = if zeros_shown {
        Cell::shown
    } else {
        Cell::amount
    };
    let mut rows = vec![split_row(
        [(Figure::Name, Cell::center("合计").strong())],
        &total,
        amount,
    )];
    if !lines.is_empty() {
        let department = &input.budget.unit.department;
        rows.push(split_row(
            [
                (Figure::UnitCode, Cell::code(&department.code)),
                (Figure::Name, Cell::text(&department.name)),
            ],
            &total,
            Cell::amount,
        ));
    }
    for function in &lines {
        let code = &function.code;
        rows.push(split_row(
            [
                (Figure::Class, Cell::code(FunctionCode(code).class())),
                (Figure::Item, Cell::code(FunctionCode(code).item_digits())),
                (
                    Figure::Section,
                    Cell::code(FunctionCode(code).section_digits()),
                ),
                (Figure::Name, Cell::text(&function.name)),
            ],
            &function.split,
            Cell::amount,
        ));
    }
    Rows {
        rows,
        empty: lines.is_empty(),
    }
}

/// A row of `labels`, then 合计, 基本支出 小计 and its four parts, 项目支出 小计 and its two
/// types.
fn split_row<const N: usize>(
    labels: [(Figure, Cell); N],
    split: &Split,
    amount: fn(Money) -> Cell,
) -> Row {
    let mut row = Row::of(labels);
    for (figure, value) in [
        (Figure::Total, split.total()),
        (Figure::BasicTotal, split.basic()),
        (Figure::Personnel, split.personnel()),
        (Figure::Wages, split.wages),
        (Figure::FamilySubsidies, split.family_subsidies),
        (Figure::Public, split.public()),
        (Figure::GoodsServices, split.goods_services),
        (Figure::Capital, split.capital),
        (Figure::ProjectTotal, split.project()),
        (Figure::ProjectOther, split.project_other),
        (Figure::ProjectSpecific, split.project_specific),
    ] {
        row.push(figure, amount(value));
    }
    row
}
