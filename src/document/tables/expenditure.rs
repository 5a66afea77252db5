//! Expenditure by 功能分类: 单位支出预算表 (all funds), 一般公共预算支出预算表 and
//! 政府性基金支出预算表, which share one layout.

use super::{frame, head, Input};
use crate::document::{Cell, Table};
use crate::figures::{FunctionRow, Split};
use crate::model::Fund;

/// 预算03表 单位支出预算表: every fund.
pub fn all_funds(input: &Input) -> Table {
    let mut table = by_function(input, "单位支出预算表", |_| true, false);
    table.notes = vec![input.texts.notes.rounding.clone()];
    table
}

/// 预算05表 一般公共预算支出预算表.
pub fn general_public(input: &Input) -> Table {
    let notes = &input.texts.notes;
    let mut table = by_function(
        input,
        "一般公共预算支出预算表",
        |row| row.fund == Fund::GeneralPublic,
        false,
    );
    table.notes = vec![format!(
        "{}{}",
        notes.appropriation_only,
        notes.rounding.trim_start_matches("注：")
    )];
    table
}

/// 预算09表 政府性基金支出预算表: printed, with a statement, even when the unit has none.
pub fn government_fund(input: &Input) -> Table {
    let notes = &input.texts.notes;
    let has_rows = input
        .figures
        .rows
        .iter()
        .any(|row| row.fund == Fund::GovernmentFund);
    let mut table = by_function(
        input,
        "政府性基金支出预算表",
        |row| row.fund == Fund::GovernmentFund,
        true,
    );
    table.notes = vec![notes.appropriation_only.clone()];
    if !has_rows {
        table.notes.push(notes.empty_government_fund.clone());
    }
    table
}

/// The shared layout: 科目编码 类/款/项, 单位代码, name, 合计, 基本支出 and 项目支出 splits.
/// An empty table shows its 合计 row as zeros (`zeros_shown`), as the reference does.
fn by_function(
    input: &Input,
    name: &str,
    keep: impl Fn(&FunctionRow) -> bool,
    zeros_shown: bool,
) -> Table {
    let budget = input.budget;
    let mut table = frame(
        input,
        name,
        "年",
        vec![4, 4, 4, 7, 24, 9, 9, 9, 9, 9, 8, 9, 9, 9],
        true,
    );
    table.header = vec![
        vec![
            head("科目编码", 3, 1),
            head("单位代码", 1, 3),
            head("单位（科目名称）", 1, 3),
            head("合计", 1, 3),
            head("基本支出", 5, 1),
            head("项目支出", 3, 1),
        ],
        vec![
            head("类", 1, 2),
            head("款", 1, 2),
            head("项", 1, 2),
            head("小计", 1, 2),
            head("人员经费", 2, 1),
            head("公用经费", 2, 1),
            head("小计", 1, 2),
            head("其他运转类", 1, 2),
            head("特定目标类", 1, 2),
        ],
        vec![
            head("工资福利支出", 1, 1),
            head("对个人和家庭的补助", 1, 1),
            head("商品和服务支出", 1, 1),
            head("资本性支出", 1, 1),
        ],
    ];
    let rows: Vec<&FunctionRow> = input.figures.rows.iter().filter(|row| keep(row)).collect();
    let total = Split::sum(rows.iter().map(|row| &row.split));
    let amount = if zeros_shown {
        Cell::shown
    } else {
        Cell::amount
    };
    let mut total_row = vec![
        Cell::blank(),
        Cell::blank(),
        Cell::blank(),
        Cell::blank(),
        Cell::center("合计").strong(),
    ];
    total_row.extend(split_cells(&total, amount));
    table.body.push(total_row);
    if !rows.is_empty() {
        let department = &budget.unit.department;
        let mut row = vec![
            Cell::blank(),
            Cell::blank(),
            Cell::blank(),
            Cell::code(&department.code),
            Cell::text(&department.name),
        ];
        row.extend(split_cells(&total, Cell::amount));
        table.body.push(row);
    }
    for function in rows {
        let code = &function.code;
        let mut row = vec![
            Cell::code(code.get(..3).unwrap_or_default()),
            Cell::code(code.get(3..5).unwrap_or_default()),
            Cell::code(code.get(5..).unwrap_or_default()),
            Cell::blank(),
            Cell::text(&function.name),
        ];
        row.extend(split_cells(&function.split, Cell::amount));
        table.body.push(row);
    }
    table
}

/// 合计, 基本支出 小计 and its four parts, 项目支出 小计 and its two types.
fn split_cells(split: &Split, amount: fn(crate::money::Money) -> Cell) -> Vec<Cell> {
    [
        split.total(),
        split.basic(),
        split.wages,
        split.family_subsidies,
        split.goods_services,
        split.capital,
        split.project(),
        split.project_other,
        split.project_specific,
    ]
    .into_iter()
    .map(amount)
    .collect()
}
