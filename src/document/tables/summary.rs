//! Summary tables: 单位收支预算表, 单位收入预算表, 财政拨款收支总体情况表 and the “三公” table.

use super::{frame, head, Input};
use crate::document::{Cell, Table};
use crate::figures::FundKey;
use crate::money::Money;
use crate::numerals;

/// 预算01表 单位收支预算表.
pub fn income_and_expenditure(input: &Input) -> Table {
    let (budget, figures, texts) = (input.budget, input.figures, input.texts);
    let income = &budget.income;
    let mut table = frame(input, "单位收支预算表", "年", vec![30, 14, 34, 14], false);
    table.header = vec![
        vec![head("收入", 2, 1), head("支出", 2, 1)],
        vec![
            head("项目", 1, 1),
            head("金额", 1, 1),
            head("项目", 1, 1),
            head("金额", 1, 1),
        ],
    ];
    let left: Vec<(&str, Money)> = vec![
        ("一、一般公共预算", income.general_public),
        ("其中：财政拨款", income.general_public_appropriation),
        ("二、政府性基金预算拨款收入", income.government_fund),
        ("三、国有资本经营预算拨款收入", income.state_capital),
        ("四、财政专户管理资金收入", income.special_account),
        ("五、事业收入", income.business),
        ("六、事业单位经营收入", income.operating),
        ("七、上级补助收入", income.superior_subsidy),
        ("八、附属单位上缴收入", income.subordinate_remittance),
        ("九、其他收入", income.other),
    ];
    let right: Vec<(String, Money)> = texts
        .expenditure_classes
        .iter()
        .map(|class| {
            let amount = figures
                .by_class
                .get(&class.code)
                .map(|s| s.total())
                .unwrap_or_default();
            (
                format!("{}、{}", class_number(&class.code), class.summary),
                amount,
            )
        })
        .collect();
    table.body = side_by_side(
        left.iter()
            .map(|(label, amount)| (label.to_string(), *amount))
            .collect(),
        right,
    );
    let expenditure = figures.expenditure.total();
    for (left_label, left_amount, right_label, right_amount) in [
        (
            "本年收入合计",
            figures.income_current,
            "本年支出合计",
            expenditure,
        ),
        (
            "上年结转结余",
            figures.income_carryover,
            "年终结转结余",
            Money::ZERO,
        ),
        ("收入总计", figures.income_total, "支出总计", expenditure),
    ] {
        table.body.push(vec![
            Cell::center(left_label).strong(),
            Cell::amount(left_amount),
            Cell::center(right_label).strong(),
            Cell::amount(right_amount),
        ]);
    }
    table.notes = vec![texts.notes.rounding.clone()];
    table
}

/// Two label–amount lists set side by side, the shorter one padded with empty cells.
fn side_by_side(left: Vec<(String, Money)>, right: Vec<(String, Money)>) -> Vec<Vec<Cell>> {
    let rows = left.len().max(right.len());
    (0..rows)
        .map(|i| {
            let mut row = Vec::with_capacity(4);
            for side in [&left, &right] {
                match side.get(i) {
                    Some((label, amount)) => {
                        row.push(Cell::text(label.clone()));
                        row.push(Cell::amount(*amount));
                    }
                    None => row.extend([Cell::blank(), Cell::blank()]),
                }
            }
            row
        })
        .collect()
}

/// The ordinal of a 类 in the summary tables: its code minus 200 (208 → 八).
fn class_number(code: &str) -> String {
    let n: u32 = code.parse().unwrap_or(200);
    numerals::counting(n.saturating_sub(200))
}

/// 预算02表 单位收入预算表.
pub fn income(input: &Input) -> Table {
    let (budget, figures) = (input.budget, input.figures);
    let income = &budget.income;
    let carry = &income.carryover;
    let mut columns = vec![10, 16, 9, 9, 9, 9];
    columns.extend([7; 14]);
    let mut table = frame(input, "单位收入预算表", "年", columns, true);
    table.header = vec![
        vec![
            head("部门（单位）代码", 1, 3),
            head("部门（单位）名称", 1, 3),
            head("总计", 1, 3),
            head("本年收入", 11, 1),
            head("上年结转结余", 6, 1),
        ],
        vec![
            head("合计", 1, 2),
            head("一般公共预算", 2, 1),
            head("政府性基金", 1, 2),
            head("国有资本经营预算", 1, 2),
            head("财政专户管理资金收入", 1, 2),
            head("事业收入", 1, 2),
            head("事业单位经营收入", 1, 2),
            head("上级补助收入", 1, 2),
            head("附属单位上缴收入", 1, 2),
            head("其他收入", 1, 2),
            head("合计", 1, 2),
            head("一般公共预算", 1, 2),
            head("政府性基金", 1, 2),
            head("国有资本经营预算", 1, 2),
            head("财政专户管理资金", 1, 2),
            head("单位资金", 1, 2),
        ],
        vec![head("小计", 1, 1), head("其中：财政拨款", 1, 1)],
    ];
    let amounts = [
        figures.income_total,
        figures.income_current,
        income.general_public,
        income.general_public_appropriation,
        income.government_fund,
        income.state_capital,
        income.special_account,
        income.business,
        income.operating,
        income.superior_subsidy,
        income.subordinate_remittance,
        income.other,
        figures.income_carryover,
        carry.general_public,
        carry.government_fund,
        carry.state_capital,
        carry.special_account,
        carry.unit_funds,
    ];
    let unit = &budget.unit;
    for (code, name, strong) in [
        ("", "合计", true),
        (
            unit.department.code.as_str(),
            unit.department.name.as_str(),
            false,
        ),
        (unit.code.as_str(), unit.name.as_str(), false),
    ] {
        let label = if strong {
            Cell::center(name).strong()
        } else {
            Cell::text(name)
        };
        let mut row = vec![Cell::code(code), label];
        row.extend(amounts.iter().map(|amount| Cell::amount(*amount)));
        table.body.push(row);
    }
    table.notes = vec![input.texts.notes.rounding.clone()];
    table
}

/// 预算04表 财政拨款收支总体情况表.
pub fn appropriation(input: &Input) -> Table {
    let (budget, figures, texts) = (input.budget, input.figures, input.texts);
    let income = &budget.income;
    let carry = &income.carryover;
    let mut table = frame(
        input,
        "财政拨款收支总体情况表",
        "年",
        vec![24, 11, 30, 11, 11, 11, 11, 11],
        true,
    );
    table.header = vec![
        vec![head("收入", 2, 1), head("支出", 6, 1)],
        vec![
            head("项目", 1, 2),
            head("金额", 1, 2),
            head("项目", 1, 2),
            head("合计", 1, 2),
            head("一般公共预算", 2, 1),
            head("政府性基金", 1, 2),
            head("国有资本经营预算", 1, 2),
        ],
        vec![head("小计", 1, 1), head("其中：财政拨款", 1, 1)],
    ];
    let current = income.general_public + income.government_fund + income.state_capital;
    let carried = carry.general_public + carry.government_fund + carry.state_capital;
    let left: Vec<(&str, Money)> = vec![
        ("一、本年收入", current),
        ("（一）一般公共预算拨款", income.general_public),
        ("其中：财政拨款", income.general_public_appropriation),
        ("（二）政府性基金预算拨款", income.government_fund),
        ("（三）国有资本经营预算拨款", income.state_capital),
        ("二、上年结转", carried),
        ("（一）一般公共预算拨款", carry.general_public),
        ("（二）政府性基金预算拨款", carry.government_fund),
        ("（三）国有资本经营预算拨款", carry.state_capital),
    ];
    // Each right-hand row: label and the four fund columns (一般公共预算 counts wholly as 财政拨款).
    let funds = |general: Money, fund: Money, capital: Money| {
        [general + fund + capital, general, general, fund, capital]
    };
    let general = figures.fund(FundKey::GeneralPublic);
    let fund = figures.fund(FundKey::GovernmentFund);
    let capital = figures.fund(FundKey::StateCapital);
    let mut right: Vec<(String, [Money; 5])> = vec![(
        "一、本年支出".into(),
        funds(general.total(), fund.total(), capital.total()),
    )];
    for class in &texts.expenditure_classes {
        let by_fund = |key: FundKey| {
            figures
                .rows
                .iter()
                .filter(|row| {
                    FundKey::from(row.fund) == key
                        && crate::figures::class_code(&row.code) == class.code
                })
                .map(|row| row.split.total())
                .sum::<Money>()
        };
        right.push((
            format!("（{}）{}", class_number(&class.code), class.appropriation),
            funds(
                by_fund(FundKey::GeneralPublic),
                by_fund(FundKey::GovernmentFund),
                by_fund(FundKey::StateCapital),
            ),
        ));
    }
    right.push(("二、年终结转结余".into(), [Money::ZERO; 5]));

    let rows = left.len().max(right.len());
    for i in 0..rows {
        let mut row = match left.get(i) {
            Some((label, amount)) => vec![Cell::text(*label), Cell::amount(*amount)],
            None => vec![Cell::blank(), Cell::blank()],
        };
        match right.get(i) {
            Some((label, amounts)) => {
                row.push(Cell::text(label.clone()));
                row.extend(amounts.iter().map(|a| Cell::amount(*a)));
            }
            None => row.extend(std::iter::repeat_n(Cell::blank(), 5)),
        }
        table.body.push(row);
    }
    let total = funds(general.total(), fund.total(), capital.total());
    let mut last = vec![
        Cell::center("收入合计").strong(),
        Cell::amount(current + carried),
        Cell::center("支出合计").strong(),
    ];
    last.extend(total.iter().map(|a| Cell::amount(*a)));
    table.body.push(last);
    table.notes = vec![texts.notes.rounding.clone()];
    table
}

/// 预算08表 一般公共预算“三公”经费预算表.
pub fn three_public(input: &Input) -> Table {
    let current = &input.budget.three_public.current;
    let mut table = frame(
        input,
        "一般公共预算“三公”经费预算表",
        "年",
        vec![1; 6],
        false,
    );
    table.header = vec![
        vec![
            head("“三公”经费合计", 1, 2),
            head("因公出国（境）费", 1, 2),
            head("公务用车购置及运行费", 3, 1),
            head("公务接待费", 1, 2),
        ],
        vec![
            head("小计", 1, 1),
            head("公务用车购置费", 1, 1),
            head("公务用车运行费", 1, 1),
        ],
    ];
    table.body = vec![[
        current.total(),
        current.abroad,
        current.vehicles(),
        current.vehicle_purchase,
        current.vehicle_operation,
        current.reception,
    ]
    .iter()
    .map(|amount| Cell::shown(*amount))
    .collect()];
    table.notes = vec![input.texts.notes.three_public.clone()];
    table
}
