//! The annex tables: row sources, computed in code, arranged by the profile.
//!
//! A row source ([`RowSource`]) computes the rows of one kind of table (income by source,
//! expenditure by 功能分类, projects, …); each row names its cells by figure (`total`,
//! `basic_total`, …). The profile's table says which columns there are, their headers and
//! widths, and which figure each column shows ([`assemble`]). So a profile can drop a column,
//! add one that shows another figure, rename or reorder tables, and no figure is computed
//! twice: every figure a row shows comes from one place here.

pub mod assemble;
pub mod by_class;
mod economic;
mod expenditure;
mod performance;
mod summary;
mod unit_goals;

pub use assemble::assemble;

use super::Cell;
use crate::compute::figures::Figures;
use crate::model::Budget;
use crate::profile::texts::Texts;
use serde::Deserialize;

/// Everything a row source may read.
pub struct Input<'a> {
    /// The booklet's data: its one unit's, or (a 部门预算) its units' consolidated.
    pub budget: &'a Budget,
    /// The units the booklet covers, each with its own data: the one unit of a 单位预算, or a
    /// department's units. Row sources that print a row per unit (收入预算表, 项目支出表,
    /// 项目绩效目标表) read these; the rest read the booklet's figures.
    pub units: &'a [&'a Budget],
    /// Derived figures.
    pub figures: &'a Figures,
    /// Shared texts.
    pub texts: &'a Texts,
    /// The year's classification, for the names of 类 and 款.
    pub catalogue: Option<&'a crate::model::classification::Catalogue>,
}

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
        #[serde(default = "crate::compose::document::tables::yes")]
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
        income: Vec<by_class::IncomeLine>,
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
            RowSource::IncomeExpenditureSummary => summary::SUMMARY_FIGURES,
            RowSource::IncomeBySource => summary::INCOME_FIGURES,
            RowSource::ExpenditureByFunction { .. } => expenditure::FIGURES,
            RowSource::AppropriationSummary => summary::APPROPRIATION_FIGURES,
            RowSource::BasicByEconomic => economic::BASIC_FIGURES,
            RowSource::EconomicSummary => economic::SUMMARY_FIGURES,
            RowSource::ThreePublic { .. } => summary::THREE_PUBLIC_FIGURES,
            RowSource::SummaryByClass { .. } => by_class::SUMMARY_FIGURES,
            RowSource::FunctionsWithSubtotals { .. } => by_class::FUNCTION_FIGURES,
            RowSource::BasicByEconomicClass => by_class::ECONOMIC_FIGURES,
            RowSource::Projects => performance::PROJECT_FIGURES,
            RowSource::ProjectGoals => performance::GOAL_FIGURES,
            RowSource::UnitGoals => &[],
        }
    }

    /// The number of columns its rows need, when they are a form of fixed shape.
    pub fn form_columns(&self) -> Option<usize> {
        matches!(self, RowSource::UnitGoals).then_some(unit_goals::COLUMNS)
    }

    /// Computes the rows.
    pub fn rows(&self, input: &Input) -> Rows {
        match self {
            RowSource::IncomeExpenditureSummary => summary::income_and_expenditure(input),
            RowSource::IncomeBySource => summary::income(input),
            RowSource::ExpenditureByFunction { fund, zeros_shown } => {
                expenditure::by_function(input, *fund, *zeros_shown)
            }
            RowSource::AppropriationSummary => summary::appropriation(input),
            RowSource::BasicByEconomic => economic::basic(input),
            RowSource::EconomicSummary => economic::summary(input),
            RowSource::ThreePublic { zeros_shown } => summary::three_public(input, *zeros_shown),
            RowSource::SummaryByClass { income } => by_class::summary(input, income),
            RowSource::FunctionsWithSubtotals { fund } => by_class::functions(input, *fund),
            RowSource::BasicByEconomicClass => by_class::basic_economic(input),
            RowSource::Projects => performance::projects(input),
            RowSource::ProjectGoals => performance::goals(input),
            RowSource::UnitGoals => unit_goals::unit_goals(input),
        }
    }
}

/// Serde's default for switches that are on unless a profile says otherwise.
pub(crate) fn yes() -> bool {
    true
}

/// One row: its cells by figure. A figure the row does not name is an empty cell, unless a
/// cell above spans down over it. A form row (the 整体绩效目标表's blocks) lists its cells in
/// order instead, with their spans, whatever the columns show.
#[derive(Debug, Clone, Default)]
pub struct Row {
    keyed: Vec<(&'static str, Cell)>,
    form: Option<Vec<Cell>>,
}

impl Row {
    /// A row of the given cells.
    pub fn of(cells: impl IntoIterator<Item = (&'static str, Cell)>) -> Row {
        Row {
            keyed: cells.into_iter().collect(),
            form: None,
        }
    }

    /// A form row: `cells` in order, left to right, in the columns not covered from above.
    pub fn form(cells: Vec<Cell>) -> Row {
        Row {
            keyed: Vec::new(),
            form: Some(cells),
        }
    }

    /// The cell showing `figure`, if the row has one.
    pub fn get(&self, figure: &str) -> Option<&Cell> {
        self.keyed
            .iter()
            .find(|(key, _)| *key == figure)
            .map(|(_, cell)| cell)
    }

    /// A form row's cells.
    pub fn form_cells(&self) -> Option<&[Cell]> {
        self.form.as_deref()
    }

    /// Adds a cell.
    pub fn push(&mut self, figure: &'static str, cell: Cell) {
        self.keyed.push((figure, cell));
    }
}

/// The rows of a table, and whether it has no data rows (only its 合计 and heading rows).
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// The rows, in order.
    pub rows: Vec<Row>,
    /// No data rows: the profile's `notes_when_empty` apply.
    pub empty: bool,
}

impl Rows {
    fn of(rows: Vec<Row>) -> Rows {
        let empty = rows.is_empty();
        Rows { rows, empty }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference unit under another name and code, with its projects renamed.
    fn second_unit(budget: &Budget) -> Budget {
        let mut other = budget.clone();
        other.unit.name = "第二单位".into();
        other.unit.code = "999001".into();
        other.income.general_public = Money::ZERO;
        for project in &mut other.projects {
            project.name = format!("{}（二）", project.name);
        }
        other
    }

    /// The text of `figure` in every row that has it.
    fn column(rows: &Rows, figure: &str) -> Vec<String> {
        rows.rows
            .iter()
            .filter_map(|row| row.get(figure))
            .map(|cell| cell.text.clone())
            .collect()
    }

    use crate::model::money::Money;

    #[test]
    fn row_sources_print_a_row_per_unit_of_the_booklet() {
        let first: Budget = serde_yaml::from_str(crate::base::resources::REFERENCE_DATA)
            .expect("the reference data");
        let second = second_unit(&first);
        let figures = Figures::compute(&first);
        let texts = Texts::parse(
            crate::base::resources::TemplateFiles::builtin()
                .texts
                .as_str(),
            "内置",
        )
        .expect("texts");
        let units = [&first, &second];
        let input = Input {
            budget: &first,
            units: &units,
            figures: &figures,
            texts: &texts,
            catalogue: None,
        };
        let income = summary::income(&input);
        assert_eq!(
            column(&income, "name"),
            [
                "合计",
                "新乡市人力资源和社会保障局",
                "新乡市社会保险中心",
                "第二单位"
            ]
            .map(String::from)
        );
        // Each unit's row shows its own income, not the booklet's.
        let general = column(&income, "general_public");
        assert_eq!(general[2], first.income.general_public.display());
        assert_eq!(general[3], "");
        let projects = performance::projects(&input);
        let units_column = column(&projects, "unit");
        assert_eq!(
            units_column.iter().filter(|u| *u == "第二单位").count(),
            second.projects.len()
        );
        assert!(column(&projects, "name").contains(&format!("{}（二）", first.projects[0].name)));
        let goals = performance::goals(&input);
        let names = column(&goals, "name");
        assert!(names.contains(&"第二单位".to_string()), "{names:?}");
    }
}
