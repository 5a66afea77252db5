//! The row sources a profile's table can draw on (`rows: { source: … }`), and the figures
//! each one's rows provide (what a column's `show:` may name). This is the profile's
//! vocabulary; the rows themselves are computed in `compose::tables`.

use crate::model::IncomeSource;
use serde::Deserialize;

/// Which 功能分类 rows an expenditure table shows, by source of funds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundFilter {
    /// Every source.
    All,
    /// 一般公共预算.
    GeneralPublic,
    /// 政府性基金.
    GovernmentFund,
    /// 国有资本经营预算.
    StateCapital,
}

impl FundFilter {
    /// Whether a line paid from `fund` passes.
    pub fn keeps(self, fund: crate::model::Fund) -> bool {
        use crate::model::Fund;
        match self {
            FundFilter::All => true,
            FundFilter::GeneralPublic => fund == Fund::GeneralPublic,
            FundFilter::GovernmentFund => fund == Fund::GovernmentFund,
            FundFilter::StateCapital => fund == Fund::StateCapital,
        }
    }
}

/// The row sources a profile's table can draw on (`rows: { source: … }`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case", deny_unknown_fields)]
pub enum RowSource {
    /// Income by source beside expenditure by 类, with the totals (单位收支预算表).
    IncomeExpenditureSummary,
    /// The unit's income by source and carry-over (单位收入预算表).
    IncomeBySource,
    /// Expenditure by 功能分类 类/款/项 with the basic and project split.
    ExpenditureByFunction {
        /// Which funds.
        fund: FundFilter,
        /// Print the 合计 row's zeros as `0.00` (an empty table still shows its 合计).
        #[serde(default)]
        zeros_shown: bool,
    },
    /// Appropriations: income by fund beside expenditure by 类 and fund (财政拨款收支总体情况表).
    AppropriationSummary,
    /// Basic expenditure from the 一般公共预算 by 经济分类 line (一般公共预算基本支出表).
    BasicByEconomic,
    /// Every 经济分类 line with its government classification, by fund (支出经济分类汇总表).
    EconomicSummary,
    /// The “三公” items and the 机关运行经费 (一般公共预算“三公”经费预算表).
    ThreePublic {
        /// Print zeros as `0.00` (false: leave them empty).
        #[serde(default = "crate::profile::rows::yes")]
        zeros_shown: bool,
    },
    /// Projects with their amounts by fund (项目支出预算表).
    Projects,
    /// Projects with their performance indicators (项目绩效目标表).
    ProjectGoals,
    /// Income lines (listed in the profile) beside expenditure by 类, only the 类 spent on,
    /// numbered in order (Shanghai's 财务收支预算总表 and 财政拨款收支预算总表).
    SummaryByClass {
        /// The income side, line by line.
        income: Vec<IncomeLine>,
    },
    /// 功能分类 类, 款 and 项 rows with subtotals, then the 合计 (Shanghai's tables by 功能分类).
    FunctionsWithSubtotals {
        /// Which funds.
        fund: FundFilter,
    },
    /// Basic expenditure from the 一般公共预算 by 经济分类 类 and 款, with 类 subtotals.
    BasicByEconomicClass,
    /// The unit's overall performance goals, a form (整体绩效目标表, 2024 on): its columns
    /// give only widths.
    UnitGoals,
}

impl RowSource {
    /// Every row source, with an example of its parameters, for `yusuan profiles`.
    pub fn all() -> Vec<RowSource> {
        vec![
            RowSource::IncomeExpenditureSummary,
            RowSource::IncomeBySource,
            RowSource::ExpenditureByFunction {
                fund: FundFilter::All,
                zeros_shown: false,
            },
            RowSource::AppropriationSummary,
            RowSource::BasicByEconomic,
            RowSource::EconomicSummary,
            RowSource::ThreePublic { zeros_shown: true },
            RowSource::Projects,
            RowSource::ProjectGoals,
            RowSource::UnitGoals,
            RowSource::SummaryByClass { income: Vec::new() },
            RowSource::FunctionsWithSubtotals {
                fund: FundFilter::All,
            },
            RowSource::BasicByEconomicClass,
        ]
    }

    /// Its name in a profile.
    pub fn name(&self) -> &'static str {
        match self {
            RowSource::IncomeExpenditureSummary => "income_expenditure_summary",
            RowSource::IncomeBySource => "income_by_source",
            RowSource::ExpenditureByFunction { .. } => "expenditure_by_function",
            RowSource::AppropriationSummary => "appropriation_summary",
            RowSource::BasicByEconomic => "basic_by_economic",
            RowSource::EconomicSummary => "economic_summary",
            RowSource::ThreePublic { .. } => "three_public",
            RowSource::SummaryByClass { .. } => "summary_by_class",
            RowSource::FunctionsWithSubtotals { .. } => "functions_with_subtotals",
            RowSource::BasicByEconomicClass => "basic_by_economic_class",
            RowSource::Projects => "projects",
            RowSource::ProjectGoals => "project_goals",
            RowSource::UnitGoals => "unit_goals",
        }
    }

    /// What it lists, in Chinese, for `yusuan profiles`.
    pub fn description(&self) -> &'static str {
        match self {
            RowSource::IncomeExpenditureSummary => "收入（按来源）与支出（按功能分类类级）并列，及合计行",
            RowSource::IncomeBySource => "合计、主管部门、本单位三行：本年收入按来源，上年结转结余",
            RowSource::ExpenditureByFunction { .. } => {
                "支出功能分类类/款/项，基本支出和项目支出拆分；参数 fund: all | general_public | government_fund，zeros_shown: true 时合计行的零显示为 0.00"
            }
            RowSource::AppropriationSummary => "财政拨款收入（按来源）与支出（按类级和资金来源）并列",
            RowSource::BasicByEconomic => "一般公共预算基本支出，按经济分类款级，人员经费/公用经费",
            RowSource::EconomicSummary => "全部经济分类明细及其政府预算经济分类，按资金来源",
            RowSource::ThreePublic { .. } => "“三公”经费各项及机关运行经费；参数 zeros_shown: false 时零留空",
            RowSource::SummaryByClass { .. } => {
                "收入（格式中 income 逐行列出：label 和 figure）与支出（有支出的功能分类类级，按顺序编号）并列，末行收入总计、支出总计"
            }
            RowSource::FunctionsWithSubtotals { .. } => {
                "功能分类类、款、项各一行（类、款为小计），末行合计；参数 fund: all | general_public | government_fund | state_capital"
            }
            RowSource::BasicByEconomicClass => "一般公共预算基本支出，按经济分类类（小计）和款，末行合计",
            RowSource::Projects => "项目支出，按资金来源",
            RowSource::ProjectGoals => "项目金额及绩效指标（成本、产出、效益、满意度）",
            RowSource::UnitGoals => {
                "整体绩效目标（数据 unit_performance）：表格式固定为 6 列（名称、年度主要任务及金额、年度总体目标、年度绩效指标），列只给宽度，header: false"
            }
        }
    }

    /// The figures its rows provide, each with what it is, for profile checks and
    /// `yusuan profiles`.
    pub fn figures(&self) -> &'static [(&'static str, &'static str)] {
        match self {
            RowSource::IncomeExpenditureSummary => SUMMARY_FIGURES,
            RowSource::IncomeBySource => INCOME_FIGURES,
            RowSource::ExpenditureByFunction { .. } => EXPENDITURE_FIGURES,
            RowSource::AppropriationSummary => APPROPRIATION_FIGURES,
            RowSource::BasicByEconomic => BASIC_ECONOMIC_FIGURES,
            RowSource::EconomicSummary => ECONOMIC_SUMMARY_FIGURES,
            RowSource::ThreePublic { .. } => THREE_PUBLIC_FIGURES,
            RowSource::SummaryByClass { .. } => CLASS_SUMMARY_FIGURES,
            RowSource::FunctionsWithSubtotals { .. } => FUNCTION_SUBTOTAL_FIGURES,
            RowSource::BasicByEconomicClass => ECONOMIC_CLASS_FIGURES,
            RowSource::Projects => PROJECT_FIGURES,
            RowSource::ProjectGoals => GOAL_FIGURES,
            RowSource::UnitGoals => &[],
        }
    }

    /// The number of columns its rows need, when they are a form of fixed shape.
    pub fn form_columns(&self) -> Option<usize> {
        matches!(self, RowSource::UnitGoals).then_some(UNIT_GOAL_COLUMNS)
    }
}

/// Serde's default for switches that are on unless a profile says otherwise.
pub(crate) fn yes() -> bool {
    true
}

/// One line of the income side: its label and the income figure it shows.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeLine {
    /// `一、财政拨款收入`.
    pub label: String,
    /// One of [`INCOME_LINE_FIGURES`]; none: the line has no amount.
    #[serde(default)]
    pub figure: Option<String>,
}

/// The income figures an [`IncomeLine`] may show: `appropriation` (财政拨款), each
/// [`IncomeSource`]'s key, `carryover_total`.
pub fn income_line_figures() -> Vec<&'static str> {
    let mut figures = vec!["appropriation"];
    figures.extend(IncomeSource::ALL.map(IncomeSource::key));
    figures.push("carryover_total");
    figures
}

/// The columns the form needs.
pub const UNIT_GOAL_COLUMNS: usize = 6;

/// The figures of `expenditure::by_function`.
pub const EXPENDITURE_FIGURES: &[(&str, &str)] = &[
    ("class", "科目编码：类"),
    ("item", "科目编码：款"),
    ("section", "科目编码：项"),
    ("unit_code", "单位代码"),
    ("name", "单位（科目名称）"),
    ("total", "合计"),
    ("basic_total", "基本支出小计"),
    ("personnel", "人员经费合计"),
    ("wages", "工资福利支出"),
    ("family_subsidies", "对个人和家庭的补助"),
    ("public", "公用经费合计"),
    ("goods_services", "商品和服务支出"),
    ("capital", "资本性支出"),
    ("project_total", "项目支出小计"),
    ("project_other", "其他运转类"),
    ("project_specific", "特定目标类"),
];

/// The figures of `summary::income_and_expenditure`.
pub const SUMMARY_FIGURES: &[(&str, &str)] = &[
    ("income_item", "收入项目"),
    ("income_amount", "收入金额"),
    ("expenditure_item", "支出项目（功能分类类级）"),
    ("expenditure_amount", "支出金额"),
];

/// The figures of `summary::income`.
pub const INCOME_FIGURES: &[(&str, &str)] = &[
    ("code", "部门（单位）代码"),
    ("name", "部门（单位）名称"),
    ("total", "总计"),
    ("current_total", "本年收入合计"),
    ("general_public", "一般公共预算"),
    ("general_public_appropriation", "其中：财政拨款"),
    ("government_fund", "政府性基金"),
    ("state_capital", "国有资本经营预算"),
    ("special_account", "财政专户管理资金收入"),
    ("business", "事业收入"),
    ("operating", "事业单位经营收入"),
    ("superior_subsidy", "上级补助收入"),
    ("subordinate_remittance", "附属单位上缴收入"),
    ("other", "其他收入"),
    ("carryover_total", "上年结转结余合计"),
    ("carryover_general_public", "上年结转：一般公共预算"),
    ("carryover_government_fund", "上年结转：政府性基金"),
    ("carryover_state_capital", "上年结转：国有资本经营预算"),
    ("carryover_special_account", "上年结转：财政专户管理资金"),
    ("carryover_unit_funds", "上年结转：单位资金"),
];

/// The figures of `summary::appropriation`.
pub const APPROPRIATION_FIGURES: &[(&str, &str)] = &[
    ("income_item", "收入项目"),
    ("income_amount", "收入金额"),
    ("expenditure_item", "支出项目"),
    ("expenditure_total", "支出合计"),
    ("expenditure_general_public", "一般公共预算小计"),
    ("expenditure_general_public_appropriation", "其中：财政拨款"),
    ("expenditure_government_fund", "政府性基金"),
    ("expenditure_state_capital", "国有资本经营预算"),
];

/// The figures of `summary::three_public`.
pub const THREE_PUBLIC_FIGURES: &[(&str, &str)] = &[
    ("total", "“三公”经费合计"),
    ("abroad", "因公出国（境）费"),
    ("vehicles_total", "公务用车购置及运行费小计"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行费"),
    ("reception", "公务接待费"),
    (
        "running_costs",
        "机关运行经费（一般公共预算基本支出中的公用经费）",
    ),
];

/// The figures of `economic::basic`.
pub const BASIC_ECONOMIC_FIGURES: &[(&str, &str)] = &[
    ("code", "部门预算经济分类科目编码"),
    ("name", "部门预算经济分类科目名称"),
    ("gov_code", "政府预算经济分类科目编码"),
    ("gov_name", "政府预算经济分类科目名称"),
    ("total", "合计"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
];

/// The figures of `economic::summary`.
pub const ECONOMIC_SUMMARY_FIGURES: &[(&str, &str)] = &[
    ("class", "部门预算经济分类：类"),
    ("item", "部门预算经济分类：款"),
    ("name", "部门预算经济分类科目名称"),
    ("gov_class", "政府预算经济分类：类"),
    ("gov_item", "政府预算经济分类：款"),
    ("gov_name", "政府预算经济分类科目名称"),
    ("total", "总计"),
    ("general_public", "一般公共预算小计"),
    ("general_public_appropriation", "其中：财政拨款"),
    ("government_fund", "政府性基金"),
    ("state_capital", "国有资本经营预算"),
];

/// The figures of `by_class::summary`.
pub const CLASS_SUMMARY_FIGURES: &[(&str, &str)] = &[
    ("income_item", "收入项目（格式中 income 所列）"),
    ("income_amount", "收入金额"),
    ("class_item", "支出功能分类类级科目，按顺序编号"),
    ("total", "支出合计"),
    ("basic_total", "基本支出"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
    ("project_total", "项目支出"),
    ("general_public", "一般公共预算"),
    ("government_fund", "政府性基金预算"),
    ("state_capital", "国有资本经营预算"),
];

/// The figures of `by_class::functions`.
pub const FUNCTION_SUBTOTAL_FIGURES: &[(&str, &str)] = &[
    ("code", "功能分类科目编码（类 3 位、款 5 位、项 7 位）"),
    ("name", "功能分类科目名称"),
    ("total", "合计"),
    ("appropriation", "财政拨款收入"),
    ("basic_total", "基本支出"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
    ("project_total", "项目支出"),
];

/// The figures of `by_class::basic_economic`.
pub const ECONOMIC_CLASS_FIGURES: &[(&str, &str)] = &[
    ("class", "经济分类科目编码：类"),
    ("item", "经济分类科目编码：款"),
    ("name", "部门经济分类科目名称"),
    ("total", "合计"),
    ("personnel", "人员经费"),
    ("public", "公用经费"),
];

/// The figures of `performance::projects`.
pub const PROJECT_FIGURES: &[(&str, &str)] = &[
    ("kind", "项目类型"),
    ("name", "项目名称"),
    ("unit", "项目单位"),
    ("total", "合计"),
    ("general_public", "本年拨款：一般公共预算"),
    ("government_fund", "本年拨款：政府性基金预算"),
    ("state_capital", "本年拨款：国有资本经营预算"),
];

/// The figures of `performance::goals`.
pub const GOAL_FIGURES: &[(&str, &str)] = &[
    ("code", "单位编码（项目编码）"),
    ("name", "项目单位（项目名称）"),
    ("total", "资金总额"),
    ("government", "政府预算资金"),
    ("special_account", "财政专户管理资金（数据中没有，留空）"),
    ("unit_funds", "单位资金（数据中没有，留空）"),
    ("cost_indicator", "成本指标：三级指标"),
    ("cost_value", "成本指标：指标值"),
    ("output_indicator", "产出指标：三级指标"),
    ("output_value", "产出指标：指标值"),
    ("benefit_indicator", "效益指标：三级指标"),
    ("benefit_value", "效益指标：指标值"),
    ("satisfaction_indicator", "满意度指标：三级指标"),
    ("satisfaction_value", "满意度指标：指标值"),
];
