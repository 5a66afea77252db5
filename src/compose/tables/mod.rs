//! The annex tables: row sources, computed in code, arranged by the profile.
//!
//! A row source (the profile's [`RowSource`]) computes the rows of one kind of table (income by source,
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
mod project_forms;
mod summary;
mod unit_goals;

pub use assemble::assemble;

use crate::compose::document::Cell;
use crate::compute::figures::Figures;
use crate::model::Budget;
use crate::profile::rows::Figure;
use crate::profile::rows::RowSource;
use crate::profile::texts::Texts;

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

/// The rows `source` computes.
pub fn rows(source: &RowSource, input: &Input) -> Rows {
    match source {
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
        RowSource::ProjectForms => project_forms::forms(input),
    }
}

/// One row: its cells by figure. A figure the row does not name is an empty cell, unless a
/// cell above spans down over it. A form row (the 整体绩效目标表's blocks) lists its cells in
/// order instead, with their spans, whatever the columns show.
#[derive(Debug, Clone, Default)]
pub struct Row {
    keyed: Vec<(Figure, Cell)>,
    form: Option<Vec<Cell>>,
}

impl Row {
    /// A row of the given cells.
    pub fn of(cells: impl IntoIterator<Item = (Figure, Cell)>) -> Row {
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
    pub fn get(&self, figure: Figure) -> Option<&Cell> {
        self.keyed
            .iter()
            .find(|(key, _)| *key == figure)
            .map(|(_, cell)| cell)
    }

    /// The figures the row shows, in the order given.
    pub fn figures(&self) -> impl Iterator<Item = Figure> + '_ {
        self.keyed.iter().map(|(figure, _)| *figure)
    }

    /// A form row's cells.
    pub fn form_cells(&self) -> Option<&[Cell]> {
        self.form.as_deref()
    }

    /// Adds a cell.
    pub fn push(&mut self, figure: Figure, cell: Cell) {
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

    /// The reference unit's data and the built-in shared texts.
    fn reference() -> (Budget, Texts) {
        let budget = serde_yaml::from_str(crate::base::resources::REFERENCE_DATA)
            .expect("the reference data");
        let files = crate::base::resources::TemplateFiles::builtin();
        let texts = Texts::parse(files.texts.as_str(), "内置").expect("texts");
        (budget, texts)
    }

    /// The text of `figure` in every row that has it.
    fn column(rows: &Rows, figure: Figure) -> Vec<String> {
        rows.rows
            .iter()
            .filter_map(|row| row.get(figure))
            .map(|cell| cell.text.clone())
            .collect()
    }

    use crate::model::money::Money;

    /// Every row source's rows, computed from the reference data, show only figures the source
    /// says it provides: the builders' figures and the profiles' `show:` are one vocabulary.
    #[test]
    fn every_row_shows_only_figures_its_source_provides() {
        use crate::profile::rows::{FundFilter, IncomeLine};
        let (mut budget, texts) = reference();
        // One project with a 绩效目标申报表, so that the forms have rows too.
        budget.performance[0].form = Some(crate::model::GoalForm {
            nature: "阶段性项目".into(),
            start: "2023/1/1".into(),
            end: "2023/12/31".into(),
            total_funds: Money(rust_decimal::Decimal::ONE_HUNDRED),
            overall_goal: "总目标".into(),
            annual_goal: "年度目标".into(),
            indicators: vec![crate::model::UnitIndicator {
                level1: "产出指标".into(),
                level2: "数量指标".into(),
                name: "件数".into(),
                value: "1件".into(),
            }],
        });
        let figures = Figures::compute(&budget);
        let units = [&budget];
        let input = Input {
            budget: &budget,
            units: &units,
            figures: &figures,
            texts: &texts,
            catalogue: None,
        };
        let mut sources = RowSource::all();
        sources.push(RowSource::SummaryByClass {
            income: vec![IncomeLine {
                label: "一、财政拨款收入".into(),
                figure: Some("appropriation".into()),
            }],
        });
        sources.push(RowSource::FunctionsWithSubtotals {
            fund: FundFilter::GeneralPublic,
        });
        for source in sources {
            let provided: Vec<Figure> = source.figures().iter().map(|(f, _)| *f).collect();
            let built = rows(&source, &input);
            assert!(!built.rows.is_empty(), "{}", source.name());
            for row in &built.rows {
                for figure in row.figures() {
                    assert!(
                        provided.contains(&figure),
                        "{} fills {} but does not list it",
                        source.name(),
                        figure.key()
                    );
                }
            }
        }
        for source in crate::model::IncomeSource::ALL {
            assert_eq!(Figure::from(source).key(), source.key());
            assert_eq!(Figure::named(source.key()), Some(Figure::from(source)));
        }
        assert_eq!(Figure::named("basic_total"), Some(Figure::BasicTotal));
        assert_eq!(Figure::named("totl"), None);
    }

    /// The 支出经济分类汇总表 has no column for 基本/项目 nor a row per fund: a code spent on
    /// both, and from two funds, is one row of their sum (not rows that read alike).
    #[test]
    fn the_economic_summary_prints_each_code_once() {
        use crate::model::{EconomicKind, Fund};
        let (mut budget, texts) = reference();
        let first = budget.economic[0].clone();
        let mut project = first.clone();
        project.kind = EconomicKind::Project;
        project.amount = Money::typed("1.5").unwrap();
        let mut fund = first.clone();
        fund.fund = Fund::GovernmentFund;
        fund.amount = Money::typed("2").unwrap();
        let lines = budget.economic.len();
        budget.economic.extend([project, fund]);
        let figures = Figures::compute(&budget);
        let units = [&budget];
        let input = Input {
            budget: &budget,
            units: &units,
            figures: &figures,
            texts: &texts,
            catalogue: None,
        };
        let built = rows(&RowSource::EconomicSummary, &input);
        assert_eq!(
            built.rows.len(),
            2 + lines,
            "合计, the unit, then each code once"
        );
        let row = &built.rows[2];
        assert_eq!(row.get(Figure::Name).unwrap().text, first.name);
        let total = first.amount + Money::typed("3.5").unwrap();
        assert_eq!(
            row.get(Figure::Total).unwrap().text,
            Cell::amount(total).text
        );
        assert_eq!(
            row.get(Figure::Income(crate::model::IncomeSource::GovernmentFund))
                .unwrap()
                .text,
            Cell::amount(Money::typed("2").unwrap()).text
        );
    }

    #[test]
    fn row_sources_print_a_row_per_unit_of_the_booklet() {
        with_two_units(|input, first, second| {
            let income = summary::income(input);
            assert_eq!(
                column(&income, Figure::Name),
                [
                    "合计",
                    "新乡市人力资源和社会保障局",
                    "新乡市社会保险中心",
                    "第二单位"
                ]
                .map(String::from)
            );
            // Each unit's row shows its own income, not the booklet's.
            let general = column(
                &income,
                Figure::Income(crate::model::IncomeSource::GeneralPublic),
            );
            assert_eq!(general[2], first.income.general_public.display());
            assert_eq!(general[3], "");
            let projects = performance::projects(input);
            let units_column = column(&projects, Figure::Unit);
            assert_eq!(
                units_column.iter().filter(|u| *u == "第二单位").count(),
                second.projects.len()
            );
            assert!(column(&projects, Figure::Name)
                .contains(&format!("{}（二）", first.projects[0].name)));
            let goals = performance::goals(input);
            let names = column(&goals, Figure::Name);
            assert!(names.contains(&"第二单位".to_string()), "{names:?}");
        });
    }

    /// Runs `check` on the row sources' input for a booklet of two units: the reference unit
    /// and a second one (`second_unit`), the booklet's data the first's.
    fn with_two_units(check: impl FnOnce(&Input, &Budget, &Budget)) {
        let (first, texts) = reference();
        let second = second_unit(&first);
        let figures = Figures::compute(&first);
        let units = [&first, &second];
        let input = Input {
            budget: &first,
            units: &units,
            figures: &figures,
            texts: &texts,
            catalogue: None,
        };
        check(&input, &first, &second);
    }

    /// The amounts of a column as numbers ("" is none).
    fn amounts(rows: &Rows, figure: Figure) -> Vec<rust_decimal::Decimal> {
        column(rows, figure)
            .iter()
            .map(|text| text.replace(',', "").parse().unwrap_or_default())
            .collect()
    }

    /// A table that lists the units row by row: its 合计 (and the department's row) is the sum of
    /// the unit rows, in every amount column.
    #[test]
    fn the_total_row_of_a_table_of_units_is_the_sum_of_its_unit_rows() {
        with_two_units(|input, first, _| {
            let income = summary::income(input);
            for figure in [
                Figure::Total,
                Figure::CurrentTotal,
                Figure::Income(crate::model::IncomeSource::GeneralPublic),
                Figure::GeneralPublicAppropriation,
                Figure::CarryoverTotal,
            ] {
                let values = amounts(&income, figure);
                let units: rust_decimal::Decimal = values[2..].iter().sum();
                assert_eq!(values[0], units, "收入预算表 合计 of {}", figure.key());
                assert_eq!(
                    values[1],
                    units,
                    "收入预算表 department row of {}",
                    figure.key()
                );
            }
            let projects = performance::projects(input);
            let values = amounts(&projects, Figure::Total);
            let listed: rust_decimal::Decimal = values[2..].iter().sum();
            assert_eq!(values[0], listed, "项目支出表 合计");
            assert_eq!(values[1], listed, "项目支出表 department row");
            assert_ne!(
                values[0],
                first
                    .projects
                    .iter()
                    .map(|p| p.amount)
                    .sum::<Money>()
                    .display()
                    .replace(',', "")
                    .parse()
                    .unwrap(),
                "not one unit's total"
            );
            let goals = performance::goals(input);
            let totals = amounts(&goals, Figure::Total);
            let names = column(&goals, Figure::Name);
            let unit_rows: rust_decimal::Decimal = names
                .iter()
                .zip(&totals)
                .filter(|(name, _)| *name == "新乡市社会保险中心" || *name == "第二单位")
                .map(|(_, total)| *total)
                .sum();
            assert_eq!(totals[0], unit_rows, "项目绩效目标表 department row");
        });
    }
}
