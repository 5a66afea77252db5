//! The row sources a profile's table can draw on (`rows: { source: … }`), and the figures
//! each one's rows provide (what a column's `show:` may name). This is the profile's
//! vocabulary; the rows themselves are computed in `compose::tables`.

mod figure;
mod provided;

use crate::model::IncomeSource;
pub use figure::{Figure, Figures};
use provided::*;
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

/// A row source without its parameters: what a table is, for the rules that check the data a
/// printed table needs (validation asks `prints(RowKind::ProjectGoals)`, never a name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// [`RowSource::IncomeExpenditureSummary`].
    IncomeExpenditureSummary,
    /// [`RowSource::IncomeBySource`].
    IncomeBySource,
    /// [`RowSource::ExpenditureByFunction`].
    ExpenditureByFunction,
    /// [`RowSource::AppropriationSummary`].
    AppropriationSummary,
    /// [`RowSource::BasicByEconomic`].
    BasicByEconomic,
    /// [`RowSource::EconomicSummary`].
    EconomicSummary,
    /// [`RowSource::ThreePublic`].
    ThreePublic,
    /// [`RowSource::Projects`].
    Projects,
    /// [`RowSource::ProjectGoals`].
    ProjectGoals,
    /// [`RowSource::SummaryByClass`].
    SummaryByClass,
    /// [`RowSource::FunctionsWithSubtotals`].
    FunctionsWithSubtotals,
    /// [`RowSource::BasicByEconomicClass`].
    BasicByEconomicClass,
    /// [`RowSource::UnitGoals`].
    UnitGoals,
    /// [`RowSource::ProjectForms`].
    ProjectForms,
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
    /// Each project's 财政项目支出绩效目标申报表 (Shanghai), a form: its columns give only widths.
    ProjectForms,
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
            RowSource::ProjectForms,
            RowSource::SummaryByClass { income: Vec::new() },
            RowSource::FunctionsWithSubtotals {
                fund: FundFilter::All,
            },
            RowSource::BasicByEconomicClass,
        ]
    }

    /// Its kind, without parameters.
    pub fn kind(&self) -> RowKind {
        match self {
            RowSource::IncomeExpenditureSummary => RowKind::IncomeExpenditureSummary,
            RowSource::IncomeBySource => RowKind::IncomeBySource,
            RowSource::ExpenditureByFunction { .. } => RowKind::ExpenditureByFunction,
            RowSource::AppropriationSummary => RowKind::AppropriationSummary,
            RowSource::BasicByEconomic => RowKind::BasicByEconomic,
            RowSource::EconomicSummary => RowKind::EconomicSummary,
            RowSource::ThreePublic { .. } => RowKind::ThreePublic,
            RowSource::Projects => RowKind::Projects,
            RowSource::ProjectGoals => RowKind::ProjectGoals,
            RowSource::SummaryByClass { .. } => RowKind::SummaryByClass,
            RowSource::FunctionsWithSubtotals { .. } => RowKind::FunctionsWithSubtotals,
            RowSource::BasicByEconomicClass => RowKind::BasicByEconomicClass,
            RowSource::UnitGoals => RowKind::UnitGoals,
            RowSource::ProjectForms => RowKind::ProjectForms,
        }
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
            RowSource::ProjectForms => "project_forms",
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
            RowSource::ProjectForms => {
                "各项目的绩效目标申报表（数据中项目绩效目标的 form）：表格式固定为 6 列，列只给宽度，header: false"
            }
        }
    }

    /// The figures its rows provide, each with what it is, for profile checks and
    /// `yusuan profiles`.
    pub fn figures(&self) -> Figures {
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
            RowSource::UnitGoals | RowSource::ProjectForms => &[],
        }
    }

    /// The number of columns its rows need, when they are a form of fixed shape.
    pub fn form_columns(&self) -> Option<usize> {
        matches!(self, RowSource::UnitGoals | RowSource::ProjectForms).then_some(UNIT_GOAL_COLUMNS)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Fund;

    #[test]
    fn a_fund_filter_keeps_its_fund_only() {
        for fund in Fund::ALL {
            assert!(FundFilter::All.keeps(fund));
        }
        for (filter, kept) in [
            (FundFilter::GeneralPublic, Fund::GeneralPublic),
            (FundFilter::GovernmentFund, Fund::GovernmentFund),
            (FundFilter::StateCapital, Fund::StateCapital),
        ] {
            for fund in Fund::ALL {
                assert_eq!(filter.keeps(fund), fund == kept, "{filter:?} {fund:?}");
            }
        }
    }

    /// The listing of `yusuan profiles --sources` names every source once, each described in
    /// its own words, and each reads back from its name.
    #[test]
    fn every_source_is_listed_once_with_its_own_description() {
        let all = RowSource::all();
        assert_eq!(all.len(), 14);
        let mut kinds: Vec<RowKind> = Vec::new();
        let mut descriptions: Vec<&str> = Vec::new();
        for source in &all {
            assert!(!kinds.contains(&source.kind()), "{} twice", source.name());
            kinds.push(source.kind());
            let description = source.description();
            assert!(
                description.chars().filter(|c| !c.is_ascii()).count() > 5,
                "{description}"
            );
            assert!(!descriptions.contains(&description), "{description}");
            descriptions.push(description);
            // With the parameters the listing's example gives the sources that need them.
            let read: RowSource = ["", ", fund: all", ", income: []"]
                .iter()
                .find_map(|more| {
                    serde_yaml::from_str(&format!("{{ source: {}{more} }}", source.name())).ok()
                })
                .unwrap_or_else(|| panic!("{} does not read back", source.name()));
            assert_eq!(read.kind(), source.kind());
        }
    }

    #[test]
    fn only_the_unit_goals_form_has_fixed_columns_and_zeros_show_unless_turned_off() {
        for source in RowSource::all() {
            let expected = matches!(source.kind(), RowKind::UnitGoals | RowKind::ProjectForms)
                .then_some(UNIT_GOAL_COLUMNS);
            assert_eq!(source.form_columns(), expected, "{}", source.name());
        }
        let three: RowSource = serde_yaml::from_str("source: three_public").unwrap();
        assert_eq!(three, RowSource::ThreePublic { zeros_shown: true });
        let off: RowSource =
            serde_yaml::from_str("{ source: three_public, zeros_shown: false }").unwrap();
        assert_eq!(off, RowSource::ThreePublic { zeros_shown: false });
    }
}
