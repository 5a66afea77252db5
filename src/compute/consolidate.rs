//! A department's data consolidated from its units': every line the sum of the units' lines of
//! the same code (功能分类 by code and fund, 经济分类 by code, kind and fund), every income
//! source, “三公” item and procurement amount the sum of the units', the projects and their
//! goals the units' own. Money stays exact (万元, as each unit's file gives it); nothing is
//! rounded until printed. Lines are in code order, so the result does not depend on how the
//! figures are split between the units, nor on the order the units are listed in.

use crate::model::department::DepartmentFile;
use crate::model::money::Money;
use crate::model::{
    Assets, BasicParts, Budget, ControlTotals, Department, EconomicLine, FunctionLine, Income,
    LineExplanation, PreviousYear, Procurement, ThreePublic, ThreePublicItems, Unit,
};
use std::collections::BTreeMap;

/// The department's budget: its own file's texts, its units' figures summed.
pub fn consolidate(department: &DepartmentFile, units: &[&Budget]) -> Budget {
    let info = &department.department;
    Budget {
        profile: department.profile.clone(),
        amount_unit: department.amount_unit,
        sample: department.sample || units.iter().any(|unit| unit.sample),
        unit: Unit {
            name: info.name.clone(),
            code: info.code.clone(),
            department: Department {
                code: info.code.clone(),
                name: info.name.clone(),
            },
            fiscal_level: info.fiscal_level.clone(),
            year: info.year,
            published: info.published,
            kind: None,
        },
        overview: department.overview.clone(),
        control_totals: department
            .control_totals
            .clone()
            .unwrap_or_else(|| control_totals(units)),
        previous_year: department
            .previous_year
            .clone()
            .unwrap_or_else(|| previous_year(units)),
        income: Income::sum_of(units.iter().map(|unit| &unit.income)),
        functions: functions(department, units),
        economic: economic(units),
        three_public: ThreePublic {
            current: three_public(units.iter().map(|unit| &unit.three_public.current)),
            previous: three_public(units.iter().map(|unit| &unit.three_public.previous)),
            reasons: department.three_public_reasons.clone(),
        },
        projects: units
            .iter()
            .flat_map(|unit| unit.projects.clone())
            .collect(),
        performance: units
            .iter()
            .flat_map(|unit| unit.performance.clone())
            .collect(),
        unit_performance: department
            .unit_performance
            .clone()
            .or_else(|| units.first().and_then(|own| own.unit_performance.clone())),
        procurement: procurement(units),
        assets: assets(units),
        extra: extra(department, units),
    }
}

/// The department's `extra`: what its file states, and every figure its units all state and
/// the department does not (counts, quoted amounts, `[类别, 个数]` lists such as vehicles),
/// summed.
fn extra(department: &DepartmentFile, units: &[&Budget]) -> BTreeMap<String, serde_yaml::Value> {
    let mut extra = department.extra.clone();
    let Some(first) = units.first() else {
        return extra;
    };
    for key in first.extra.keys() {
        if extra.contains_key(key) {
            continue;
        }
        let values: Option<Vec<&serde_yaml::Value>> =
            units.iter().map(|unit| unit.extra.get(key)).collect();
        if let Some(sum) = values.and_then(|values| sum_extra(&values)) {
            extra.insert(key.clone(), sum);
        }
    }
    extra
}

/// The sum of several units' values of one `extra` key: whole numbers added; quoted amounts
/// (`"4929.31"`) added exactly; `[类别, 个数]` lists added kind by kind, in the order first met.
/// `None` when the values are not all of one of these kinds.
pub fn sum_extra(values: &[&serde_yaml::Value]) -> Option<serde_yaml::Value> {
    use serde_yaml::Value;
    if let Some(counts) = values
        .iter()
        .map(|v| v.as_u64())
        .collect::<Option<Vec<u64>>>()
    {
        return Some(Value::from(counts.iter().sum::<u64>()));
    }
    let amount = |v: &Value| v.as_str()?.trim().parse::<rust_decimal::Decimal>().ok();
    if let Some(amounts) = values.iter().map(|v| amount(v)).collect::<Option<Vec<_>>>() {
        let sum: rust_decimal::Decimal = amounts.iter().sum();
        return Some(Value::from(sum.normalize().to_string()));
    }
    let mut kinds: Vec<(String, u64)> = Vec::new();
    for value in values {
        for pair in value.as_sequence()? {
            let pair = pair.as_sequence()?;
            let (kind, count) = (pair.first()?.as_str()?, pair.get(1)?.as_u64()?);
            match kinds.iter_mut().find(|(k, _)| k == kind) {
                Some((_, total)) => *total += count,
                None => kinds.push((kind.to_string(), count)),
            }
        }
    }
    Some(Value::Sequence(
        kinds
            .into_iter()
            .map(|(kind, count)| Value::Sequence(vec![Value::from(kind), Value::from(count)]))
            .collect(),
    ))
}

/// The sum of the units' control totals: each unit's were checked against its own lines.
fn control_totals(units: &[&Budget]) -> ControlTotals {
    let sum = |field: fn(&ControlTotals) -> Money| -> Money {
        units.iter().map(|unit| field(&unit.control_totals)).sum()
    };
    ControlTotals {
        income_total: sum(|c| c.income_total),
        expenditure_total: sum(|c| c.expenditure_total),
        basic: sum(|c| c.basic),
        personnel: sum(|c| c.personnel),
        public: sum(|c| c.public),
        project: sum(|c| c.project),
        three_public: sum(|c| c.three_public),
    }
}

/// The sum of the units' previous-year budgets, without a reason (the department states its
/// own when it gives its previous year).
fn previous_year(units: &[&Budget]) -> PreviousYear {
    let sum = |field: fn(&PreviousYear) -> Money| -> Money {
        units.iter().map(|unit| field(&unit.previous_year)).sum()
    };
    PreviousYear {
        total: sum(|p| p.total),
        general_public: sum(|p| p.general_public),
        government_fund: sum(|p| p.government_fund),
        state_capital: sum(|p| p.state_capital),
        change_reason: None,
    }
}

/// The 功能分类 lines by code and fund, each part summed; the department's explanation of the
/// code on its first line, with last year's figures summed from the units' where the
/// department does not state them.
fn functions(department: &DepartmentFile, units: &[&Budget]) -> Vec<FunctionLine> {
    let mut merged: BTreeMap<(String, crate::model::Fund), FunctionLine> = BTreeMap::new();
    for line in units.iter().flat_map(|unit| &unit.functions) {
        let sum = merged
            .entry((line.code.clone(), line.fund))
            .or_insert_with(|| FunctionLine {
                code: line.code.clone(),
                name: line.name.clone(),
                fund: line.fund,
                wages: Money::ZERO,
                family_subsidies: Money::ZERO,
                goods_services: Money::ZERO,
                capital: Money::ZERO,
                project: Money::ZERO,
                explanation: None,
            });
        sum.wages += line.wages;
        sum.family_subsidies += line.family_subsidies;
        sum.goods_services += line.goods_services;
        sum.capital += line.capital;
        sum.project += line.project;
    }
    let mut lines: Vec<FunctionLine> = merged.into_values().collect();
    for explained in &department.explanations {
        let units_of = |field: fn(&LineExplanation) -> Money| -> Money {
            units
                .iter()
                .flat_map(|unit| &unit.functions)
                .filter(|line| line.code == explained.code)
                .filter_map(|line| line.explanation.as_ref())
                .map(field)
                .sum()
        };
        if let Some(line) = lines.iter_mut().find(|line| line.code == explained.code) {
            line.explanation = Some(LineExplanation {
                previous: explained
                    .previous
                    .unwrap_or_else(|| units_of(|e| e.previous)),
                previous_spent: explained
                    .previous_spent
                    .unwrap_or_else(|| units_of(|e| e.previous_spent)),
                purpose: explained.purpose.clone(),
                reason: explained.reason.clone(),
            });
        }
    }
    lines
}

/// The 经济分类 lines by code, kind, fund and 政府预算经济分类 code, amounts summed.
fn economic(units: &[&Budget]) -> Vec<EconomicLine> {
    type Key = (String, bool, crate::model::Fund, String);
    let mut merged: BTreeMap<Key, EconomicLine> = BTreeMap::new();
    for line in units.iter().flat_map(|unit| &unit.economic) {
        let key = (
            line.code.clone(),
            line.kind == crate::model::EconomicKind::Project,
            line.fund,
            line.gov_code.clone(),
        );
        let sum = merged.entry(key).or_insert_with(|| EconomicLine {
            amount: Money::ZERO,
            ..line.clone()
        });
        sum.amount += line.amount;
    }
    merged.into_values().collect()
}

/// The four “三公” amounts summed.
fn three_public<'a>(items: impl Iterator<Item = &'a ThreePublicItems>) -> ThreePublicItems {
    let mut sum = ThreePublicItems::default();
    for item in items {
        sum.abroad += item.abroad;
        sum.reception += item.reception;
        sum.vehicle_purchase += item.vehicle_purchase;
        sum.vehicle_operation += item.vehicle_operation;
    }
    sum
}

/// 政府采购预算 summed.
fn procurement(units: &[&Budget]) -> Procurement {
    let mut sum = Procurement::default();
    for unit in units {
        sum.goods += unit.procurement.goods;
        sum.works += unit.procurement.works;
        sum.services += unit.procurement.services;
    }
    sum
}

/// Vehicles and equipment counted over the units.
fn assets(units: &[&Budget]) -> Assets {
    let mut sum = Assets::default();
    for unit in units {
        let (total, own) = (&mut sum.vehicles, &unit.assets.vehicles);
        total.general += own.general;
        total.law_enforcement += own.law_enforcement;
        total.special += own.special;
        total.other += own.other;
        sum.general_equipment_over_500k += unit.assets.general_equipment_over_500k;
        sum.special_equipment_over_1m += unit.assets.special_equipment_over_1m;
    }
    sum
}

/// How a unit is listed in a booklet that covers it: its own, or its department's.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MemberView {
    /// The name listed (the department's label for it, else the unit's name).
    pub name: String,
    /// 单位名称, as its own file writes it.
    pub unit_name: String,
    /// 单位性质, if its file gives it.
    pub kind: Option<String>,
    /// Its 机关运行经费: the 公用经费 of its 一般公共预算 basic expenditure, for a 行政单位 or
    /// 参公单位; zero for a 事业单位.
    pub running_costs: Money,
}

impl MemberView {
    /// How `budget`'s unit is listed, as `member` of a department lists it (or as itself).
    pub fn of(budget: &Budget, member: Option<&crate::model::department::Member>) -> MemberView {
        let running_costs = if budget.unit.has_running_costs() {
            crate::compute::figures::Figures::compute(budget)
                .fund(crate::model::Fund::GeneralPublic)
                .public()
        } else {
            Money::ZERO
        };
        MemberView {
            name: member
                .and_then(|m| m.label.clone())
                .unwrap_or_else(|| budget.unit.name.clone()),
            unit_name: budget.unit.name.clone(),
            kind: budget.unit.kind.clone(),
            running_costs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::department::{DepartmentExplanation, DepartmentInfo};

    fn money(text: &str) -> Money {
        Money::typed(text).unwrap()
    }

    /// The reference unit, and a second unit made from it with other amounts.
    fn two_units() -> (Budget, Budget) {
        let first: Budget = serde_yaml::from_str(crate::base::resources::REFERENCE_DATA).unwrap();
        let mut second = first.clone();
        second.unit.name = "第二单位".into();
        second.unit.code = "303002".into();
        second.sample = true;
        second.unit_performance = None;
        second.control_totals.basic += money("1.01");
        second.previous_year.total += money("2.02");
        second.three_public.current.reception += money("0.5");
        second.procurement.works += money("3");
        second.assets.vehicles.other += 2;
        second.functions[0].wages += money("0.07");
        second.economic[0].amount += money("0.07");
        second
            .extra
            .insert("count".into(), serde_yaml::Value::from(4));
        (first, second)
    }

    fn department(first: &Budget) -> DepartmentFile {
        DepartmentFile {
            profile: None,
            amount_unit: crate::model::money::DataUnit::Wan,
            sample: false,
            department: DepartmentInfo {
                name: "部门".into(),
                code: "303".into(),
                fiscal_level: "市级".into(),
                year: first.unit.year,
                published: first.unit.published,
            },
            units: Vec::new(),
            overview: first.overview.clone(),
            control_totals: None,
            previous_year: None,
            explanations: vec![DepartmentExplanation {
                code: first.functions[0].code.clone(),
                previous: None,
                previous_spent: Some(money("9")),
                purpose: "用途".into(),
                reason: String::new(),
            }],
            three_public_reasons: BTreeMap::new(),
            unit_performance: None,
            extra: BTreeMap::new(),
        }
    }

    /// What the department file leaves out is its units' sum, figure by figure; what it
    /// states is its own.
    #[test]
    fn every_figure_is_the_sum_of_the_units_figures() {
        let (mut first, second) = two_units();
        first
            .extra
            .insert("count".into(), serde_yaml::Value::from(3));
        let file = department(&first);
        let sum = consolidate(&file, &[&first, &second]);
        let twice = |a: Money, b: Money| a + b;
        let (c1, c2) = (&first.control_totals, &second.control_totals);
        assert_eq!(sum.control_totals.basic, twice(c1.basic, c2.basic));
        assert_eq!(
            sum.control_totals.income_total,
            twice(c1.income_total, c2.income_total)
        );
        assert_eq!(
            sum.previous_year.total,
            twice(first.previous_year.total, second.previous_year.total)
        );
        assert_eq!(sum.previous_year.change_reason, None);
        assert_eq!(
            sum.three_public.current.reception,
            twice(
                first.three_public.current.reception,
                second.three_public.current.reception
            )
        );
        assert_eq!(
            sum.three_public.previous.total(),
            twice(
                first.three_public.previous.total(),
                second.three_public.previous.total()
            )
        );
        assert_eq!(
            sum.procurement.works,
            twice(first.procurement.works, second.procurement.works)
        );
        assert_eq!(
            sum.assets.vehicles.other,
            first.assets.vehicles.other + second.assets.vehicles.other
        );
        assert_eq!(
            sum.income.current_total(),
            twice(first.income.current_total(), second.income.current_total())
        );
        // Lines of one code are one line, their parts summed; the department's explanation on
        // it, last year's budget summed from the units', its 执行数 as the department states.
        assert_eq!(sum.functions.len(), first.functions.len());
        let line = (sum.functions.iter())
            .find(|line| line.code == first.functions[0].code)
            .unwrap();
        assert_eq!(
            line.wages,
            twice(first.functions[0].wages, second.functions[0].wages)
        );
        let explained = line.explanation.as_ref().unwrap();
        assert_eq!(explained.previous_spent, money("9"));
        let previous = |unit: &Budget| {
            (unit.functions.iter())
                .filter(|l| l.code == first.functions[0].code)
                .filter_map(|l| l.explanation.as_ref())
                .map(|e| e.previous)
                .sum::<Money>()
        };
        assert_eq!(explained.previous, previous(&first) + previous(&second));
        assert_eq!(sum.economic.len(), first.economic.len());
        let total = |unit: &Budget| unit.economic.iter().map(|l| l.amount).sum::<Money>();
        assert_eq!(total(&sum), total(&first) + total(&second));
        assert_eq!(sum.projects.len(), first.projects.len() * 2);
        assert_eq!(sum.extra["count"], serde_yaml::Value::from(7));
        assert!(sum.sample, "a sample unit makes a sample department");
        assert_eq!(
            sum.unit_performance.is_some(),
            first.unit_performance.is_some(),
            "the 本部's 整体绩效目标 when the department states none"
        );
        assert_eq!(sum.unit.name, "部门");
        assert_eq!(sum.unit.department.code, "303");
    }

    /// Figures the department states are its own, not its units' sum.
    #[test]
    fn what_the_department_states_is_kept() {
        let (first, second) = two_units();
        let mut file = department(&first);
        file.control_totals = Some(first.control_totals.clone());
        file.previous_year = Some(first.previous_year.clone());
        file.extra
            .insert("count".into(), serde_yaml::Value::from(100));
        let sum = consolidate(&file, &[&first, &second]);
        assert_eq!(sum.control_totals.basic, first.control_totals.basic);
        assert_eq!(sum.previous_year.total, first.previous_year.total);
        assert_eq!(sum.extra["count"], serde_yaml::Value::from(100));
    }

    #[test]
    fn extra_values_are_summed_by_kind() {
        let yaml = |text: &str| serde_yaml::from_str::<serde_yaml::Value>(text).unwrap();
        let (a, b) = (
            yaml("[[轿车, 1], [客车, 2]]"),
            yaml("[[客车, 3], [货车, 1]]"),
        );
        assert_eq!(
            sum_extra(&[&a, &b]),
            Some(yaml("[[轿车, 1], [客车, 5], [货车, 1]]"))
        );
        assert_eq!(
            sum_extra(&[&yaml("\"1.10\""), &yaml("\"2.205\"")]),
            Some(yaml("\"3.305\""))
        );
        assert_eq!(sum_extra(&[&yaml("2"), &yaml("5")]), Some(yaml("7")));
        assert_eq!(sum_extra(&[&yaml("2"), &yaml("甲")]), None);
    }
}
