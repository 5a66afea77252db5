//! The sheets of totals: 控制数, 上年, 收入.

use super::Kind::*;
use super::*;

/// The sheet “控制数”.
pub const CONTROL_TOTALS: Sheet = Sheet {
    name: "控制数",
    required: true,
    purpose: "预算系统下达的控制数；yusuan 用明细重新计算，不一致时报告",
    shape: Shape::Form,
    fields: &[
        field(
            "control_totals.income_total",
            "收入总计",
            Amount,
            true,
            "控制数",
        ),
        field(
            "control_totals.expenditure_total",
            "支出总计",
            Amount,
            true,
            "控制数",
        ),
        field("control_totals.basic", "基本支出", Amount, true, "控制数"),
        field(
            "control_totals.personnel",
            "其中：人员经费",
            Amount,
            true,
            "控制数",
        ),
        field(
            "control_totals.public",
            "其中：公用经费",
            Amount,
            true,
            "控制数",
        ),
        field("control_totals.project", "项目支出", Amount, true, "控制数"),
        field(
            "control_totals.three_public",
            "“三公”经费合计",
            Amount,
            true,
            "控制数",
        ),
    ],
};

/// The sheet “上年”.
pub const PREVIOUS_YEAR: Sheet = Sheet {
    name: "上年",
    required: true,
    purpose: "上年预算，用于计算增减额和增减率",
    shape: Shape::Form,
    fields: &[
        field("previous_year.total", "收支总计", Amount, true, "上年预算"),
        field(
            "previous_year.general_public",
            "一般公共预算收支",
            Amount,
            true,
            "上年预算",
        ),
        field(
            "previous_year.government_fund",
            "政府性基金收支",
            Amount,
            false,
            "上年预算",
        ),
        field(
            "previous_year.state_capital",
            "国有资本经营预算收支",
            Amount,
            false,
            "上年预算",
        ),
        field(
            "previous_year.change_reason",
            "增减原因",
            LongText,
            false,
            "收支总计有增减时写明原因",
        ),
    ],
};

/// The sheet “收入”.
pub const INCOME: Sheet = Sheet {
    name: "收入",
    required: true,
    purpose: "本年收入，按来源；上年结转结余",
    shape: Shape::Form,
    fields: &[
        field(
            "income.general_public",
            "一般公共预算",
            Amount,
            false,
            "本年收入",
        ),
        field(
            "income.general_public_appropriation",
            "其中：财政拨款",
            Amount,
            false,
            "本年收入",
        ),
        field(
            "income.government_fund",
            "政府性基金",
            Amount,
            false,
            "本年收入",
        ),
        field(
            "income.state_capital",
            "国有资本经营预算",
            Amount,
            false,
            "本年收入",
        ),
        field(
            "income.special_account",
            "财政专户管理资金收入",
            Amount,
            false,
            "本年收入",
        ),
        field("income.business", "事业收入", Amount, false, "本年收入"),
        field(
            "income.operating",
            "事业单位经营收入",
            Amount,
            false,
            "本年收入",
        ),
        field(
            "income.superior_subsidy",
            "上级补助收入",
            Amount,
            false,
            "本年收入",
        ),
        field(
            "income.subordinate_remittance",
            "附属单位上缴收入",
            Amount,
            false,
            "本年收入",
        ),
        field("income.other", "其他收入", Amount, false, "本年收入"),
        field(
            "income.carryover.general_public",
            "上年结转：一般公共预算",
            Amount,
            false,
            "上年结转结余",
        ),
        field(
            "income.carryover.government_fund",
            "上年结转：政府性基金",
            Amount,
            false,
            "上年结转结余",
        ),
        field(
            "income.carryover.state_capital",
            "上年结转：国有资本经营预算",
            Amount,
            false,
            "上年结转结余",
        ),
        field(
            "income.carryover.special_account",
            "上年结转：财政专户管理资金",
            Amount,
            false,
            "上年结转结余",
        ),
        field(
            "income.carryover.unit_funds",
            "上年结转：单位资金",
            Amount,
            false,
            "上年结转结余",
        ),
    ],
};
