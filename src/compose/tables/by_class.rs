//! Rows in the Shanghai shape: income beside expenditure by 类 (only the 类 spent on, numbered
//! in order), 功能分类 with 类 and 款 subtotal rows, and basic expenditure by 经济分类 with 类
//! subtotals. Names of 类 and 款 come from the year's classification.

use super::{Input, Row, Rows};
use crate::base::numerals;
use crate::compose::document::Cell;
use crate::compute::figures::{class_code, FunctionRow, Split};
use crate::model::code::{by_class_and_item, EconomicCode};
use crate::model::money::Money;
use crate::model::BasicParts;
use crate::model::{EconomicLine, Fund, IncomeSource};
use crate::profile::rows::Figure;
use crate::profile::rows::FundFilter;
use std::collections::BTreeMap;

/// An income figure of the data.
fn income_figure(input: &Input, figure: &str) -> Money {
    let income = &input.budget.income;
    match figure {
        "appropriation" => income.appropriation(),
        "carryover_total" => input.figures.income_carryover,
        _ => IncomeSource::ALL
            .into_iter()
            .find(|source| source.key() == figure)
            .map_or(Money::ZERO, |source| income.from(source)),
    }
}

/// The name of a 功能分类 or 经济分类 code in the year's classification.
fn function_name(input: &Input, code: &str) -> String {
    input
        .catalogue
        .and_then(|c| c.functions.get(code))
        .cloned()
        .unwrap_or_default()
}

fn split_cells(row: &mut Row, split: &Split) {
    for (figure, amount) in [
        (Figure::Total, split.total()),
        (Figure::BasicTotal, split.basic()),
        (Figure::Personnel, split.personnel()),
        (Figure::Public, split.public()),
        (Figure::ProjectTotal, split.project()),
    ] {
        row.push(figure, Cell::amount(amount));
    }
}

/// Income lines beside the 类 spent on, then 收入总计 beside 支出总计.
pub fn summary(input: &Input, income: &[crate::profile::rows::IncomeLine]) -> Rows {
    let figures = input.figures;
    let mut classes: BTreeMap<String, Vec<&FunctionRow>> = BTreeMap::new();
    for row in &figures.rows {
        classes
            .entry(class_code(&row.code).to_string())
            .or_default()
            .push(row);
    }
    let right: Vec<Row> = classes
        .iter()
        .enumerate()
        .map(|(index, (class, rows))| {
            let number = numerals::counting(u32::try_from(index + 1).unwrap_or(u32::MAX));
            let mut row = Row::of([(
                Figure::ClassItem,
                Cell::text(format!("{number}、{}", function_name(input, class))),
            )]);
            fund_cells(&mut row, rows);
            row
        })
        .collect();
    let count = income.len().max(right.len());
    let mut rows: Vec<Row> = (0..count)
        .map(|i| {
            let mut row = right.get(i).cloned().unwrap_or_default();
            if let Some(line) = income.get(i) {
                row.push(Figure::IncomeItem, Cell::text(&line.label));
                if let Some(figure) = &line.figure {
                    row.push(
                        Figure::IncomeAmount,
                        Cell::amount(income_figure(input, figure)),
                    );
                }
            }
            row
        })
        .collect();
    let all: Vec<&FunctionRow> = figures.rows.iter().collect();
    let mut last = Row::of([
        (Figure::IncomeItem, Cell::center("收入总计").strong()),
        (Figure::IncomeAmount, Cell::amount(figures.income_total)),
        (Figure::ClassItem, Cell::center("支出总计").strong()),
    ]);
    fund_cells(&mut last, &all);
    rows.push(last);
    Rows::of(rows)
}

/// The split and the by-fund totals of some rows.
fn fund_cells(row: &mut Row, rows: &[&FunctionRow]) {
    split_cells(row, &Split::sum(rows.iter().map(|r| &r.split)));
    for fund in Fund::ALL {
        let split = Split::sum(rows.iter().filter(|r| r.fund == fund).map(|r| &r.split));
        row.push(Figure::from(fund), Cell::amount(split.total()));
    }
}

/// Each 类, 款 and 项 of the lines whose funds pass `fund`, in code order, with its split, then
/// the 合计.
pub fn functions(input: &Input, fund: FundFilter) -> Rows {
    let lines: Vec<&FunctionRow> = input
        .figures
        .rows
        .iter()
        .filter(|row| fund.keeps(row.fund))
        .collect();
    let groups = by_class_and_item(lines.iter().copied(), |line| line.code.as_str());
    // A row of `labels`, then the split of `rows` and their 财政拨款.
    let amounts = |mut row: Row, rows: &[&FunctionRow]| {
        let split = Split::sum(rows.iter().map(|r| &r.split));
        split_cells(&mut row, &split);
        row.push(Figure::Appropriation, Cell::amount(split.total()));
        row
    };
    let subtotal = |code: &str, name: String, rows: &[&FunctionRow]| {
        amounts(
            Row::of([
                (Figure::Code, Cell::code(code)),
                (Figure::Name, Cell::text(name)),
            ]),
            rows,
        )
    };
    let mut rows = Vec::new();
    for (class, items) in &groups {
        let in_class: Vec<&FunctionRow> = items.values().flatten().copied().collect();
        rows.push(subtotal(class, function_name(input, class), &in_class));
        for (item, lines) in items {
            rows.push(subtotal(item, function_name(input, item), lines));
            for line in lines {
                rows.push(subtotal(&line.code, line.name.clone(), &[*line]));
            }
        }
    }
    // The 合计 label sits in the code column; the name column stays empty.
    rows.push(amounts(
        Row::of([(Figure::Code, Cell::center("合计").strong())]),
        &lines,
    ));
    Rows {
        rows,
        empty: lines.is_empty(),
    }
}

/// Basic expenditure from the 一般公共预算 by 经济分类: each 类 with its subtotal, its 款 lines,
/// then the 合计.
pub fn basic_economic(input: &Input) -> Rows {
    let lines = super::economic::basic_general_public(input);
    let amounts = |row: &mut Row, lines: &[&EconomicLine]| {
        let (personnel, public) = super::economic::personnel_and_public(lines);
        row.push(Figure::Total, Cell::amount(personnel + public));
        row.push(Figure::Personnel, Cell::amount(personnel));
        row.push(Figure::Public, Cell::amount(public));
    };
    let mut classes: BTreeMap<&str, Vec<&EconomicLine>> = BTreeMap::new();
    for line in &lines {
        classes
            .entry(EconomicCode(&line.code).class())
            .or_default()
            .push(line);
    }
    let mut rows = Vec::new();
    for (class, in_class) in &classes {
        let name = input
            .catalogue
            .and_then(|c| c.economic.get(*class))
            .cloned()
            .unwrap_or_default();
        let mut row = Row::of([
            (Figure::Class, Cell::code(*class)),
            (Figure::Name, Cell::text(name)),
        ]);
        amounts(&mut row, in_class);
        rows.push(row);
        for line in in_class {
            let mut row = Row::of([
                (Figure::Class, Cell::code(*class)),
                (
                    Figure::Item,
                    Cell::code(line.code.get(3..).unwrap_or_default()),
                ),
                (Figure::Name, Cell::text(&line.name)),
            ]);
            amounts(&mut row, &[*line]);
            rows.push(row);
        }
    }
    let mut total = Row::of([(Figure::Class, Cell::center("合计").strong())]);
    amounts(&mut total, &lines);
    rows.push(total);
    Rows {
        rows,
        empty: lines.is_empty(),
    }
}
