//! Summary rows: 单位收支预算表, 单位收入预算表, 财政拨款收支总体情况表 and the “三公” table.

use super::{Input, Row, Rows};
use crate::base::numerals;
use crate::compose::document::Cell;
use crate::model::money::Money;
use crate::model::{Fund, IncomeSource};
use crate::profile::rows::Figure;

/// 单位收支预算表: income by source beside expenditure by 类, then the totals.
pub fn income_and_expenditure(input: &Input) -> Rows {
    let (budget, figures, texts) = (input.budget, input.figures, input.texts);
    let income = &budget.income;
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
    let mut rows = side_by_side(
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
        rows.push(Row::of([
            (Figure::IncomeItem, Cell::center(left_label).strong()),
            (Figure::IncomeAmount, Cell::amount(left_amount)),
            (Figure::ExpenditureItem, Cell::center(right_label).strong()),
            (Figure::ExpenditureAmount, Cell::amount(right_amount)),
        ]));
    }
    Rows::of(rows)
}

/// Two label–amount lists set side by side; the shorter one's rows are left empty.
fn side_by_side(left: Vec<(String, Money)>, right: Vec<(String, Money)>) -> Vec<Row> {
    let rows = left.len().max(right.len());
    (0..rows)
        .map(|i| {
            let mut row = Row::default();
            if let Some((label, amount)) = left.get(i) {
                row.push(Figure::IncomeItem, Cell::text(label.clone()));
                row.push(Figure::IncomeAmount, Cell::amount(*amount));
            }
            if let Some((label, amount)) = right.get(i) {
                row.push(Figure::ExpenditureItem, Cell::text(label.clone()));
                row.push(Figure::ExpenditureAmount, Cell::amount(*amount));
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

/// 单位收入预算表: the 合计, the department, and each unit, with every income figure; the 合计
/// and the department's row are the sum of the unit rows.
pub fn income(input: &Input) -> Rows {
    let department = &input.budget.unit.department;
    let all = crate::model::Income::sum_of(input.units.iter().map(|unit| &unit.income));
    let mut rows = vec![
        income_row(Cell::center("合计").strong(), "", &all),
        income_row(Cell::text(&department.name), &department.code, &all),
    ];
    for unit in input.units {
        rows.push(income_row(
            Cell::text(&unit.unit.name),
            &unit.unit.code,
            &unit.income,
        ));
    }
    Rows::of(rows)
}

/// One row of the 单位收入预算表: a label and code, and every figure of `income`.
fn income_row(label: Cell, code: &str, income: &crate::model::Income) -> Row {
    let carry = &income.carryover;
    let mut row = Row::of([(Figure::Code, Cell::code(code)), (Figure::Name, label)]);
    let mut amounts: Vec<(Figure, Money)> = vec![
        (Figure::Total, income.total()),
        (Figure::CurrentTotal, income.current_total()),
        (
            Figure::Income(IncomeSource::GeneralPublic),
            income.general_public,
        ),
        (
            Figure::GeneralPublicAppropriation,
            income.general_public_appropriation,
        ),
    ];
    amounts.extend(
        IncomeSource::ALL
            .into_iter()
            .filter(|source| *source != IncomeSource::GeneralPublic)
            .map(|source| (Figure::from(source), income.from(source))),
    );
    amounts.extend([
        (Figure::CarryoverTotal, carry.total()),
        (Figure::CarryoverGeneralPublic, carry.general_public),
        (Figure::CarryoverGovernmentFund, carry.government_fund),
        (Figure::CarryoverStateCapital, carry.state_capital),
        (Figure::CarryoverSpecialAccount, carry.special_account),
        (Figure::CarryoverUnitFunds, carry.unit_funds),
    ]);
    for (figure, amount) in amounts {
        row.push(figure, Cell::amount(amount));
    }
    row
}

/// 财政拨款收支总体情况表: appropriations by fund beside expenditure by 类 and fund.
pub fn appropriation(input: &Input) -> Rows {
    let (budget, figures, texts) = (input.budget, input.figures, input.texts);
    let income = &budget.income;
    let carry = &income.carryover;
    let current = income.appropriation();
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
    let general = figures.fund(Fund::GeneralPublic);
    let fund = figures.fund(Fund::GovernmentFund);
    let capital = figures.fund(Fund::StateCapital);
    let mut right: Vec<(String, [Money; 5])> = vec![(
        "一、本年支出".into(),
        funds(general.total(), fund.total(), capital.total()),
    )];
    for class in &texts.expenditure_classes {
        let by_fund = |key: Fund| {
            figures
                .rows
                .iter()
                .filter(|row| {
                    row.fund == key && crate::compute::figures::class_code(&row.code) == class.code
                })
                .map(|row| row.split.total())
                .sum::<Money>()
        };
        right.push((
            format!("（{}）{}", class_number(&class.code), class.appropriation),
            funds(
                by_fund(Fund::GeneralPublic),
                by_fund(Fund::GovernmentFund),
                by_fund(Fund::StateCapital),
            ),
        ));
    }
    right.push(("二、年终结转结余".into(), [Money::ZERO; 5]));

    const SPENT: [Figure; 5] = [
        Figure::ExpenditureTotal,
        Figure::ExpenditureGeneralPublic,
        Figure::ExpenditureGeneralPublicAppropriation,
        Figure::ExpenditureGovernmentFund,
        Figure::ExpenditureStateCapital,
    ];
    let count = left.len().max(right.len());
    let mut rows: Vec<Row> = (0..count)
        .map(|i| {
            let mut row = Row::default();
            if let Some((label, amount)) = left.get(i) {
                row.push(Figure::IncomeItem, Cell::text(*label));
                row.push(Figure::IncomeAmount, Cell::amount(*amount));
            }
            if let Some((label, amounts)) = right.get(i) {
                row.push(Figure::ExpenditureItem, Cell::text(label.clone()));
                for (figure, amount) in SPENT.into_iter().zip(amounts) {
                    row.push(figure, Cell::amount(*amount));
                }
            }
            row
        })
        .collect();
    let total = funds(general.total(), fund.total(), capital.total());
    let mut last = Row::of([
        (Figure::IncomeItem, Cell::center("收入合计").strong()),
        (Figure::IncomeAmount, Cell::amount(current + carried)),
        (Figure::ExpenditureItem, Cell::center("支出合计").strong()),
    ]);
    for (figure, amount) in SPENT.into_iter().zip(total) {
        last.push(figure, Cell::amount(amount));
    }
    rows.push(last);
    Rows::of(rows)
}

/// 一般公共预算“三公”经费预算表: one row of the items, and the 机关运行经费; zeros shown as
/// `0.00` when `zeros_shown`.
pub fn three_public(input: &Input, zeros_shown: bool) -> Rows {
    let current = &input.budget.three_public.current;
    let running = super::economic::running_costs(input);
    let cell = if zeros_shown {
        Cell::shown
    } else {
        Cell::amount
    };
    let row = Row::of(
        [
            (Figure::Total, current.total()),
            (Figure::Abroad, current.abroad),
            (Figure::VehiclesTotal, current.vehicles()),
            (Figure::VehiclePurchase, current.vehicle_purchase),
            (Figure::VehicleOperation, current.vehicle_operation),
            (Figure::Reception, current.reception),
            (Figure::RunningCosts, running),
        ]
        .map(|(figure, amount)| (figure, cell(amount))),
    );
    Rows::of(vec![row])
}
