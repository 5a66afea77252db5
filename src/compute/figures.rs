//! Derived figures: totals, subtotals, shares and year-on-year changes. Pure functions, no I/O.
//!
//! Nothing here is typed twice in the data: every total of the booklet comes from these sums of
//! detail lines, and the control totals stated in the data are checked against them.

use crate::model::money::{percent_of, Money};
use crate::model::BasicParts;
use crate::model::{Budget, FunctionLine, Fund, ProjectType};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Expenditure of a row, a 类 or a whole table, split the way the expenditure tables split it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Split {
    /// 人员经费：工资福利支出.
    pub wages: Money,
    /// 人员经费：对个人和家庭的补助.
    pub family_subsidies: Money,
    /// 公用经费：商品和服务支出.
    pub goods_services: Money,
    /// 公用经费：资本性支出.
    pub capital: Money,
    /// 项目支出：其他运转类.
    pub project_other: Money,
    /// 项目支出：特定目标类.
    pub project_specific: Money,
    /// 项目支出 stated for a 功能分类 line whose projects are not listed (`project:`).
    pub project_stated: Money,
}

crate::model::basic_parts_from_fields!(Split);

impl Split {
    /// 项目支出.
    pub fn project(&self) -> Money {
        self.project_other + self.project_specific + self.project_stated
    }
    /// 合计.
    pub fn total(&self) -> Money {
        self.basic() + self.project()
    }

    fn add(&mut self, other: &Split) {
        self.wages += other.wages;
        self.family_subsidies += other.family_subsidies;
        self.goods_services += other.goods_services;
        self.capital += other.capital;
        self.project_other += other.project_other;
        self.project_specific += other.project_specific;
        self.project_stated += other.project_stated;
    }

    /// The sum of several splits.
    pub fn sum<'a>(splits: impl IntoIterator<Item = &'a Split>) -> Split {
        let mut total = Split::default();
        for split in splits {
            total.add(split);
        }
        total
    }
}

impl Serialize for Split {
    /// The stated parts and the derived subtotals, so templates can use either.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(11))?;
        for (key, value) in [
            ("wages", self.wages),
            ("family_subsidies", self.family_subsidies),
            ("goods_services", self.goods_services),
            ("capital", self.capital),
            ("project_other", self.project_other),
            ("project_specific", self.project_specific),
            ("personnel", self.personnel()),
            ("public", self.public()),
            ("basic", self.basic()),
            ("project", self.project()),
            ("total", self.total()),
        ] {
            map.serialize_entry(key, &value)?;
        }
        map.end()
    }
}

/// One 功能分类 项 line with its projects added in.
#[derive(Debug, Clone, Serialize)]
pub struct FunctionRow {
    /// 项级科目编码.
    pub code: String,
    /// 科目名称.
    pub name: String,
    /// 资金来源.
    pub fund: Fund,
    /// The row's figures.
    pub split: Split,
}

/// A change against the previous year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// 本年.
    pub current: Decimal,
    /// 上年.
    pub previous: Decimal,
    /// 增减额 (本年 − 上年).
    pub delta: Decimal,
    /// 增减率 in per cent of last year, exact and of the absolute change (the texts say which
    /// way with [`Direction`]); `None` from a zero base.
    pub rate: Option<Decimal>,
}

impl Change {
    /// The change from `previous` to `current`.
    pub fn between(current: Money, previous: Money) -> Change {
        let delta = current - previous;
        Change {
            current: current.value(),
            previous: previous.value(),
            delta,
            rate: percent_of(delta.abs(), previous.value()),
        }
    }

    /// Up, down or level.
    pub fn direction(&self) -> Direction {
        if self.delta.is_zero() {
            Direction::Level
        } else if self.delta.is_sign_positive() {
            Direction::Up
        } else {
            Direction::Down
        }
    }

    /// The size of the change, whichever way it went.
    pub fn size(&self) -> Money {
        Money(self.delta.abs())
    }
}

/// Which way a figure moved against last year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// 增加 (增长).
    Up,
    /// 减少 (下降).
    Down,
    /// 持平.
    Level,
}

impl Direction {
    /// 增加, 减少 or 持平: how the text says it of an amount.
    pub fn word(self) -> &'static str {
        match self {
            Direction::Up => "增加",
            Direction::Down => "减少",
            Direction::Level => "持平",
        }
    }

    /// 增长, 下降 or 持平: how the text says it of a rate.
    pub fn trend(self) -> &'static str {
        match self {
            Direction::Up => "增长",
            Direction::Down => "下降",
            Direction::Level => "持平",
        }
    }
}

/// Every derived figure of one booklet.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// 本年收入合计.
    pub income_current: Money,
    /// 上年结转结余.
    pub income_carryover: Money,
    /// 收入总计.
    pub income_total: Money,
    /// The 功能分类 项 lines with projects added, in data order, then any project-only codes.
    pub rows: Vec<FunctionRow>,
    /// All expenditure.
    pub expenditure: Split,
    /// Expenditure by fund.
    pub by_fund: BTreeMap<Fund, Split>,
    /// Expenditure by 功能分类 类 (3-digit code), all funds, ordered by code.
    pub by_class: BTreeMap<String, Split>,
    /// 一般公共预算 expenditure by 类.
    pub general_public_by_class: BTreeMap<String, Split>,
    /// “三公”经费合计, this year.
    pub three_public_total: Money,
    /// 机构运转经费 (公用经费 of the basic expenditure).
    pub running_costs: Money,
    /// 政府采购 total.
    pub procurement_total: Money,
}

impl Figures {
    /// Computes every derived figure of `budget`.
    pub fn compute(budget: &Budget) -> Figures {
        let income_current = budget.income.current_total();
        let income_carryover = budget.income.carryover.total();

        let rows = function_rows(budget);
        let expenditure = Split::sum(rows.iter().map(|row| &row.split));
        let mut by_fund: BTreeMap<Fund, Split> = BTreeMap::new();
        let mut by_class: BTreeMap<String, Split> = BTreeMap::new();
        let mut general_public_by_class: BTreeMap<String, Split> = BTreeMap::new();
        for row in &rows {
            by_fund.entry(row.fund).or_default().add(&row.split);
            let class = class_code(&row.code).to_string();
            by_class.entry(class.clone()).or_default().add(&row.split);
            if row.fund == Fund::GeneralPublic {
                general_public_by_class
                    .entry(class)
                    .or_default()
                    .add(&row.split);
            }
        }

        let procurement = &budget.procurement;
        Figures {
            income_current,
            income_carryover,
            income_total: income_current + income_carryover,
            running_costs: expenditure.public(),
            rows,
            expenditure,
            by_fund,
            by_class,
            general_public_by_class,
            three_public_total: budget.three_public.current.total(),
            procurement_total: procurement.goods + procurement.works + procurement.services,
        }
    }

    /// The expenditure of one fund (zero when the unit has none).
    pub fn fund(&self, fund: Fund) -> Split {
        self.by_fund.get(&fund).copied().unwrap_or_default()
    }
}

/// The 类 (first three digits) of a 功能分类 code.
pub fn class_code(code: &str) -> &str {
    crate::model::code::FunctionCode(code).class()
}

/// The 功能分类 rows: each stated line with the projects booked to its code added in.
fn function_rows(budget: &Budget) -> Vec<FunctionRow> {
    let mut rows: Vec<FunctionRow> = budget.functions.iter().map(row_of_line).collect();
    for project in &budget.projects {
        let position = rows
            .iter()
            .position(|row| row.code == project.function && row.fund == project.fund);
        let index = match position {
            Some(index) => index,
            None => {
                // A project booked to a code with no basic expenditure still gets its own row;
                // validation asks for the code's name in `functions`.
                rows.push(FunctionRow {
                    code: project.function.clone(),
                    name: String::new(),
                    fund: project.fund,
                    split: Split::default(),
                });
                rows.len() - 1
            }
        };
        let split = &mut rows[index].split;
        match project.kind {
            ProjectType::OtherOperation => split.project_other += project.amount,
            ProjectType::SpecificTarget => split.project_specific += project.amount,
        }
    }
    rows
}

fn row_of_line(line: &FunctionLine) -> FunctionRow {
    FunctionRow {
        code: line.code.clone(),
        name: line.name.clone(),
        fund: line.fund,
        split: Split {
            wages: line.wages,
            family_subsidies: line.family_subsidies,
            goods_services: line.goods_services,
            capital: line.capital,
            project_stated: line.project,
            ..Split::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        Money::typed(text).unwrap()
    }

    #[test]
    fn change_words_and_rates() {
        let down = Change::between(money("11436.06"), money("11462.22"));
        assert_eq!(down.direction(), Direction::Down);
        assert_eq!(down.direction().word(), "减少");
        assert_eq!(down.direction().trend(), "下降");

        assert_eq!(down.size(), money("26.16"));
        assert_eq!(down.delta, Decimal::new(-2616, 2));
        // Exact: 26.16 / 11462.22 = 0.228227…%, rounded only when printed.
        let rate = down.rate.unwrap();
        assert!(
            rate > Decimal::new(2282, 4) && rate < Decimal::new(2283, 4),
            "{rate}"
        );
        assert_eq!(crate::model::money::format_percent(rate), "0.23%");
        let same = Change::between(money("5.2"), money("5.20"));
        assert_eq!(same.direction(), Direction::Level);
        assert_eq!(same.direction().trend(), "持平");
        let from_zero = Change::between(money("3"), money("0"));
        assert_eq!(from_zero.direction(), Direction::Up);
        assert_eq!(from_zero.direction().trend(), "增长");
        assert_eq!(from_zero.rate, None);
    }

    fn reference() -> Budget {
        serde_yaml::from_str(crate::base::resources::REFERENCE_DATA).expect("the reference data")
    }

    #[test]
    fn the_reference_figures_add_up_as_the_booklet_prints_them() {
        let budget = reference();
        let figures = Figures::compute(&budget);
        let all = figures.expenditure;
        assert_eq!(all.total(), money("11436.06"));
        assert_eq!(all.basic(), money("4675.21"));
        assert_eq!(all.personnel(), money("4267.66"));
        assert_eq!(all.public(), money("407.55"));
        assert_eq!(all.project(), money("6760.85"));
        assert_eq!(figures.income_total, money("11436.06"));
        assert_eq!(figures.running_costs, money("407.55"));
        assert_eq!(figures.fund(Fund::GeneralPublic), all);
        assert_eq!(figures.fund(Fund::StateCapital), Split::default());
        assert_eq!(
            figures.by_class["208"].total() + figures.by_class["210"].total(),
            all.total()
        );
        assert_eq!(figures.general_public_by_class, figures.by_class);
        // 社会保险经办机构: its basic lines, and its three projects added in.
        let row = &figures.rows[0];
        assert_eq!(
            (row.code.as_str(), row.name.as_str()),
            ("2080109", "社会保险经办机构")
        );
        assert_eq!(row.split.wages, money("3360.15"));
        assert_eq!(row.split.goods_services, money("397.29"));
        assert_eq!(row.split.project_other, money("159.04"));
        assert_eq!(row.split.project_specific, money("187.47"));
        assert_eq!(figures.rows.len(), budget.functions.len());
    }

    #[test]
    fn funds_stated_projects_and_project_only_codes_are_kept_apart() {
        let mut budget = reference();
        budget.functions[0].fund = Fund::GovernmentFund;
        budget.functions[0].project = money("10");
        budget.functions[1].family_subsidies = money("1");
        budget.functions[1].capital = money("2");
        let figures = Figures::compute(&budget);
        let government = figures.fund(Fund::GovernmentFund);
        assert_eq!(government.basic(), money("3757.44"));
        assert_eq!(government.project_stated, money("10"));
        assert_eq!(government.project(), money("10"));
        assert_eq!(government.total(), money("3767.44"));
        assert_eq!(
            figures.general_public_by_class["208"].total(),
            Money(figures.by_class["208"].total() - government.total())
        );
        // The projects booked to 2080109 from the general budget have no line of that fund:
        // a row of their own, after the stated lines, without a name.
        let own = figures.rows.last().unwrap();
        assert_eq!(
            (own.code.as_str(), own.name.as_str(), own.fund),
            ("2080109", "", Fund::GeneralPublic)
        );
        assert_eq!(own.split.project(), money("346.51"));
        assert_eq!(own.split.basic(), Money::ZERO);
        assert_eq!(figures.rows.len(), budget.functions.len() + 1);
        let second = &figures.rows[1].split;
        assert_eq!(
            second.family_subsidies,
            budget.functions[1].family_subsidies
        );
        assert_eq!(second.capital, money("2"));
        let sum = Split::sum([second, &own.split]);
        assert_eq!(sum.total(), second.total() + own.split.total());
        assert_eq!(
            sum.project_other,
            second.project_other + own.split.project_other
        );
    }

    #[test]
    fn class_of_a_code() {
        assert_eq!(class_code("2080109"), "208");
        assert_eq!(class_code("21"), "21");
    }
}
