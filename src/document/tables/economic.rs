//! Expenditure by 经济分类: 一般公共预算基本支出表 and 支出经济分类汇总表.

use super::{frame, head, Input};
use crate::document::{Cell, Table};
use crate::model::{funded_total, EconomicKind, EconomicLine, Fund};
use crate::money::Money;

/// 预算06表 一般公共预算基本支出表: the basic lines paid from the 一般公共预算.
pub fn basic(input: &Input) -> Table {
    let mut table = frame(
        input,
        "一般公共预算基本支出表",
        "年",
        vec![10, 22, 10, 22, 12, 12, 12],
        false,
    );
    table.header = vec![
        vec![
            head("部门预算支出经济分类科目", 2, 1),
            head("政府预算支出经济分类科目编码", 2, 1),
            head("本年一般公共预算基本支出", 3, 1),
        ],
        vec![
            head("科目编码", 1, 1),
            head("科目名称", 1, 1),
            head("科目编码", 1, 1),
            head("科目名称", 1, 1),
            head("合计", 1, 1),
            head("人员经费", 1, 1),
            head("公用经费", 1, 1),
        ],
    ];
    let lines: Vec<&EconomicLine> = input
        .budget
        .economic
        .iter()
        .filter(|line| line.kind == EconomicKind::Basic && line.fund == Fund::GeneralPublic)
        .collect();
    let personnel: Money = lines
        .iter()
        .filter(|l| l.is_personnel())
        .map(|l| l.amount)
        .sum();
    let public: Money = lines
        .iter()
        .filter(|l| !l.is_personnel())
        .map(|l| l.amount)
        .sum();
    table.body.push(vec![
        Cell::center("合计").strong(),
        Cell::blank(),
        Cell::blank(),
        Cell::blank(),
        Cell::shown(personnel + public),
        Cell::amount(personnel),
        Cell::amount(public),
    ]);
    for line in lines {
        let (personnel, public) = if line.is_personnel() {
            (line.amount, Money::ZERO)
        } else {
            (Money::ZERO, line.amount)
        };
        table.body.push(vec![
            Cell::code(&line.code),
            Cell::text(&line.name),
            Cell::code(&line.gov_code),
            Cell::text(&line.gov_name),
            Cell::amount(line.amount),
            Cell::amount(personnel),
            Cell::amount(public),
        ]);
    }
    table.notes = vec![input.texts.notes.rounding.clone()];
    table
}

/// 预算07表 支出经济分类汇总表: every line, by source of funds.
pub fn summary(input: &Input) -> Table {
    let budget = input.budget;
    let mut columns = vec![4, 3, 17, 4, 3, 15, 9, 9, 9];
    columns.extend([6; 9]);
    let mut table = frame(input, "支出经济分类汇总表", "年", columns, true);
    let mut first = vec![
        head("部门预算经济分类", 3, 1),
        head("政府预算经济分类", 3, 1),
        head("总计", 1, 2),
        head("一般公共预算", 2, 1),
    ];
    first.extend(
        [
            "政府性基金",
            "国有资本经营预算",
            "上年结转结余",
            "财政专户管理资金收入",
            "事业收入",
            "上级补助收入",
            "附属单位上缴收入",
            "事业单位经营收入",
            "其他收入",
        ]
        .map(|label| head(label, 1, 2)),
    );
    table.header = vec![
        first,
        [
            "类",
            "款",
            "科目名称",
            "类",
            "款",
            "科目名称",
            "小计",
            "其中：财政拨款",
        ]
        .map(|label| head(label, 1, 1))
        .to_vec(),
    ];
    let fund_cells = |lines: &[&EconomicLine]| -> Vec<Cell> {
        let by = |fund: Fund| funded_total(lines, Some(fund));
        let total = funded_total(lines, None);
        let general = by(Fund::GeneralPublic);
        let mut cells = vec![
            Cell::amount(total),
            Cell::amount(general),
            Cell::amount(general),
        ];
        cells.push(Cell::amount(by(Fund::GovernmentFund)));
        cells.push(Cell::amount(by(Fund::StateCapital)));
        cells.extend(std::iter::repeat_n(Cell::blank(), 7));
        cells
    };
    let all: Vec<&EconomicLine> = budget.economic.iter().collect();
    let mut total_row = vec![
        Cell::blank(),
        Cell::blank(),
        Cell::center("合计").strong(),
        Cell::blank(),
        Cell::blank(),
        Cell::blank(),
    ];
    total_row.extend(fund_cells(&all));
    table.body.push(total_row);
    let department = &budget.unit.department;
    let mut department_row = vec![
        Cell::code(&department.code),
        Cell::blank(),
        Cell::text(&department.name),
        Cell::blank(),
        Cell::blank(),
        Cell::blank(),
    ];
    department_row.extend(fund_cells(&all));
    table.body.push(department_row);
    for line in &all {
        let mut row = vec![
            Cell::code(line.code.get(..3).unwrap_or_default()),
            Cell::code(line.code.get(3..).unwrap_or_default()),
            Cell::text(&line.name),
            Cell::code(line.gov_code.get(..3).unwrap_or_default()),
            Cell::code(line.gov_code.get(3..).unwrap_or_default()),
            Cell::text(&line.gov_name),
        ];
        row.extend(fund_cells(&[line]));
        table.body.push(row);
    }
    table.notes = vec![input.texts.notes.rounding.clone()];
    table
}
