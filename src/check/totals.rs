//! Sums: control totals against the detail lines, income against expenditure, the 经济分类
//! lines against the 功能分类 split, and the “三公” amounts against the 经济分类 lines.

use super::lines::{in_data_unit, path, stated, term};
use crate::compute::figures::Figures;
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::money::{AmountFormat, DataUnit, Money};
use crate::model::BasicParts;
use crate::model::{Budget, FunctionLine, Fund};
use rust_decimal::Decimal;

/// Half a cent of 万元: the most one rounded term can be off.
const HALF_UNIT: Decimal = Decimal::from_parts(5, 0, 0, false, 3);

/// A stated figure against the sum of `terms` rounded detail lines.
pub(super) struct Sum<'a> {
    pub(super) rule: Rule,
    /// Where the stated figure is.
    pub(super) path: String,
    /// What the stated figure is, e.g. “基本支出控制数”.
    pub(super) stated_label: &'a str,
    pub(super) stated: Money,
    /// What the sum is, e.g. “明细合计”.
    pub(super) sum_label: &'a str,
    pub(super) computed: Money,
    /// How many rounded terms the sum has.
    pub(super) terms: usize,
    /// How the sum is made, for the hint.
    pub(super) source: String,
    /// The lines that went into the sum.
    pub(super) related: Vec<(String, String)>,
    /// The unit the data states its amounts in: 万元 amounts may each be rounded to the 分 of
    /// 万元, 元 amounts are exact to the 分.
    pub(super) unit: DataUnit,
}

impl Sum<'_> {
    /// Equal is fine; in data in 万元, off by no more than `terms` × 0.005 万元 is a 尾差
    /// warning (W01); more is an error. Data in 元 is exact to the 分 and has no 尾差: any
    /// difference is an error, stated in 元.
    pub(super) fn check(self) -> Option<Diagnostic> {
        let difference = self.stated - self.computed;
        if difference.is_zero() {
            return None;
        }
        let tolerance = match self.unit {
            DataUnit::Wan => HALF_UNIT * Decimal::from(self.terms.max(1)),
            DataUnit::Yuan => Decimal::ZERO,
        };
        let within = difference.abs() <= tolerance;
        let shown = AmountFormat {
            unit: self.unit,
            ..AmountFormat::default()
        };
        let unit = self.unit.name();
        let message = format!(
            "{}为 {} {unit}，但{}为 {} {unit}（相差 {} {unit}）{}",
            self.stated_label,
            shown.show(self.stated),
            self.sum_label,
            shown.show(self.computed),
            shown.show(Money(difference)),
            if within {
                "，在四舍五入尾差范围内"
            } else {
                ""
            }
        );
        let mut diagnostic = if within {
            Diagnostic::warning(Rule::W01, self.path, message)
        } else {
            Diagnostic::error(self.rule, self.path, message)
        }
        .with_hint(format!("{} = {}；请核对", self.sum_label, self.source));
        for (path, message) in self.related {
            diagnostic = diagnostic.with_related(path, message);
        }
        Some(diagnostic)
    }
}

/// The non-zero amounts of `field` in the function lines, as related places.
fn function_terms(
    budget: &Budget,
    field: &str,
    amount: fn(&FunctionLine) -> Money,
) -> Vec<(String, String)> {
    budget
        .functions
        .iter()
        .enumerate()
        .filter(|(_, line)| !amount(line).is_zero())
        .map(|(i, line)| {
            term(
                budget,
                path("functions", i, field),
                &line.name,
                amount(line),
            )
        })
        .collect()
}

/// The non-zero amounts of a group of fields (`income`, `three_public.current`), with their
/// paths, nested groups included.
fn field_terms(
    budget: &Budget,
    prefix: &str,
    value: &impl serde::Serialize,
) -> Vec<(String, String)> {
    match crate::model::money::tree::amounts(value) {
        Ok(amounts) => amounts
            .into_iter()
            .filter(|(_, amount)| !amount.is_zero())
            .map(|(path, amount)| (format!("{prefix}.{path}"), in_data_unit(budget, amount)))
            .collect(),
        // The check itself runs on the typed figures; only its pointers to the lines would be
        // lost, so the diagnostic says so rather than listing nothing.
        Err(error) => vec![(prefix.to_string(), format!("（无法列出明细：{error}）"))],
    }
}

fn project_terms(budget: &Budget) -> Vec<(String, String)> {
    budget
        .projects
        .iter()
        .enumerate()
        .map(|(i, p)| term(budget, path("projects", i, "amount"), &p.name, p.amount))
        .collect()
}

/// A part of 基本支出 in the function lines: its field, and how to read it.
type BasicPart = (&'static str, fn(&FunctionLine) -> Money);
const WAGES: BasicPart = ("wages", |line| line.wages);
const FAMILY_SUBSIDIES: BasicPart = ("family_subsidies", |line| line.family_subsidies);
const GOODS_SERVICES: BasicPart = ("goods_services", |line| line.goods_services);
const CAPITAL: BasicPart = ("capital", |line| line.capital);

/// C01–C07: the control totals equal the sums of the detail lines.
pub fn control_totals(budget: &Budget, figures: &Figures) -> Vec<Diagnostic> {
    let stated = &budget.control_totals;
    let split = &figures.expenditure;
    // The non-zero amounts of these parts in the function lines: the terms of a sum.
    let lines_of = |parts: &[BasicPart]| -> Vec<(String, String)> {
        (parts.iter())
            .flat_map(|(field, amount)| function_terms(budget, field, *amount))
            .collect()
    };
    let basic_related = lines_of(&[WAGES, FAMILY_SUBSIDIES, GOODS_SERVICES, CAPITAL]);
    let personnel_related = lines_of(&[WAGES, FAMILY_SUBSIDIES]);
    let public_related = lines_of(&[GOODS_SERVICES, CAPITAL]);
    let projects = budget.projects.len();
    // “其中：财政拨款” is part of 一般公共预算, not a term of its own.
    let income_related: Vec<(String, String)> = field_terms(budget, "income", &budget.income)
        .into_iter()
        .filter(|(path, _)| path != "income.general_public_appropriation")
        .collect();
    let three_related = field_terms(budget, "three_public.current", &budget.three_public.current);
    let control = |rule, field: &str, label, stated, computed, terms, source: &str, related| Sum {
        rule,
        path: format!("control_totals.{field}"),
        stated_label: label,
        stated,
        sum_label: "明细合计",
        computed,
        terms,
        source: source.to_string(),
        related,
        unit: budget.amount_unit,
    };
    [
        control(
            Rule::C01,
            "income_total",
            "收入总计控制数",
            stated.income_total,
            figures.income_total,
            14,
            "income 各来源及 carryover 之和",
            income_related,
        ),
        control(
            Rule::C02,
            "expenditure_total",
            "支出总计控制数",
            stated.expenditure_total,
            split.total(),
            basic_related.len() + projects,
            "functions 基本支出与 projects 之和",
            [basic_related.clone(), project_terms(budget)].concat(),
        ),
        control(
            Rule::C03,
            "basic",
            "基本支出控制数",
            stated.basic,
            split.basic(),
            basic_related.len(),
            "functions 中 wages、family_subsidies、goods_services、capital 之和",
            basic_related,
        ),
        control(
            Rule::C04,
            "personnel",
            "人员经费控制数",
            stated.personnel,
            split.personnel(),
            personnel_related.len(),
            "functions 中 wages 与 family_subsidies 之和",
            personnel_related,
        ),
        control(
            Rule::C05,
            "public",
            "公用经费控制数",
            stated.public,
            split.public(),
            public_related.len(),
            "functions 中 goods_services 与 capital 之和",
            public_related,
        ),
        control(
            Rule::C06,
            "project",
            "项目支出控制数",
            stated.project,
            split.project(),
            projects,
            "projects 中各项目 amount 之和",
            project_terms(budget),
        ),
        control(
            Rule::C07,
            "three_public",
            "“三公”经费合计控制数",
            stated.three_public,
            figures.three_public_total,
            4,
            "three_public.current 四项之和",
            three_related,
        ),
    ]
    .into_iter()
    .filter_map(Sum::check)
    .collect()
}

/// B01: 收入总计 = 支出总计 (the booklet's first identity); B02: 其中财政拨款 ≤ 一般公共预算.
pub fn balance(budget: &Budget, figures: &Figures) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let expenditure = figures.expenditure.total();
    if figures.income_total != expenditure {
        found.push(
            Diagnostic::error(
                Rule::B01,
                "income",
                format!(
                    "收入总计 {}与支出总计 {}不相等（相差 {}）",
                    stated(budget, figures.income_total),
                    stated(budget, expenditure),
                    stated(budget, Money((figures.income_total - expenditure).abs()))
                ),
            )
            .with_hint("收入（income）各来源之和应等于支出（functions 与 projects）之和"),
        );
    }
    let income = &budget.income;
    // 以收定支: a fund outside the general budget spends what it receives, no more, no less; the
    // general budget is what is left of the totals, so it balances when these and B01 do.
    let funds = [
        (
            Fund::GovernmentFund,
            "政府性基金",
            "government_fund",
            income.government_fund + income.carryover.government_fund,
        ),
        (
            Fund::StateCapital,
            "国有资本经营预算",
            "state_capital",
            income.state_capital + income.carryover.state_capital,
        ),
    ];
    for (fund, label, key, received) in funds {
        let spent = figures.fund(fund).total();
        if received == spent {
            continue;
        }
        let mut diagnostic = Diagnostic::error(
            Rule::B03,
            format!("income.{key}"),
            format!(
                "{label}收入 {}与{label}支出 {}不相等（相差 {}）：{label}以收定支，收支应各自平衡",
                stated(budget, received),
                stated(budget, spent),
                stated(budget, Money((received - spent).abs()))
            ),
        )
        .with_hint(format!(
            "检查{label}的收入（income.{key}、income.carryover.{key}），和资金来源写成 {key} 的功能分类科目与项目"
        ));
        for (index, line) in budget.functions.iter().enumerate() {
            if line.fund == fund {
                diagnostic = diagnostic.with_related(
                    path("functions", index, "fund"),
                    format!("{} {}：{label}支出", line.code, line.name),
                );
            }
        }
        for (index, project) in budget.projects.iter().enumerate() {
            if project.fund == fund {
                diagnostic = diagnostic.with_related(
                    path("projects", index, "fund"),
                    format!(
                        "{}：{label}支出 {}",
                        project.name,
                        stated(budget, project.amount)
                    ),
                );
            }
        }
        found.push(diagnostic);
    }
    if income.general_public_appropriation > income.general_public {
        found.push(Diagnostic::error(
            Rule::B02,
            "income.general_public_appropriation",
            format!(
                "“其中：财政拨款” {}大于一般公共预算 {}",
                stated(budget, income.general_public_appropriation),
                stated(budget, income.general_public)
            ),
        ));
    }
    found
}

/// P05: the project money a format's narrative states it set goals for
/// (`extra.performance_amount`, in 万元, as the Shanghai format writes it) is not more than the
/// 项目支出 there is.
pub fn performance_amount(budget: &Budget, figures: &Figures) -> Vec<Diagnostic> {
    let Some(stated) = budget.extra.get("performance_amount") else {
        return Vec::new();
    };
    // A value that cannot be read is an error, never a check skipped. A bare number is read
    // by YAML as a binary fraction (and `1e3` as 1000), so only quoted text is an exact amount.
    let unreadable = || {
        vec![Diagnostic::error(
            Rule::P05,
            "extra.performance_amount",
            "涉及项目预算资金应是万元金额，写成带引号的文字（\"4929.31\"）",
        )
        .with_hint("extra 中的金额加上引号，按写出的数字精确读取")]
    };
    let serde_yaml::Value::String(text) = stated else {
        return unreadable();
    };
    let Ok(amount) = Money::parse_in(text, crate::model::money::DataUnit::Wan) else {
        return unreadable();
    };
    let projects = figures.expenditure.project();
    if amount <= projects {
        return Vec::new();
    }
    vec![Diagnostic::error(
        Rule::P05,
        "extra.performance_amount",
        format!("编报绩效目标的项目资金 {amount} 万元，超过了项目支出 {projects} 万元"),
    )
    .with_hint("涉及的项目预算资金不能超过项目支出合计：核对 extra.performance_amount（单位万元）")]
}

/// V01: vehicles the budget buys this year (`extra.vehicles_to_buy`, as the Shanghai format
/// lists them: `[类别, 辆数]` pairs) come with a 公务用车购置费; and a 公务用车购置费 with no
/// vehicle to buy is worth a look (warning), where the list is given.
pub fn vehicles_to_buy(budget: &Budget) -> Vec<Diagnostic> {
    let Some(listed) = budget.extra.get("vehicles_to_buy") else {
        return Vec::new();
    };
    let path = "extra.vehicles_to_buy";
    let count = |pair: &serde_yaml::Value| -> Option<u64> {
        match pair.as_sequence()?.as_slice() {
            [serde_yaml::Value::String(_), count] => count.as_u64(),
            _ => None,
        }
    };
    let counts: Option<Vec<u64>> = listed
        .as_sequence()
        .map(|pairs| pairs.iter().map(count).collect())
        .unwrap_or(None);
    let Some(counts) = counts else {
        return vec![Diagnostic::error(
            Rule::V01,
            path,
            "本年预算安排购置的车辆应按类别列出：每项 [类别, 辆数]，辆数为整数",
        )
        .with_hint("例如 - [其他用车, 0]")];
    };
    let total: u64 = counts.iter().sum();
    let purchase = budget.three_public.current.vehicle_purchase;
    if total > 0 && purchase.is_zero() {
        vec![Diagnostic::error(
            Rule::V01,
            path,
            format!("本年预算安排购置车辆 {total} 辆，但公务用车购置费为 0"),
        )
        .with_related("three_public.current.vehicle_purchase", "公务用车购置费 0")
        .with_hint("核对 three_public.current.vehicle_purchase，或购置车辆的辆数")]
    } else if total == 0 && !purchase.is_zero() {
        vec![Diagnostic::warning(
            Rule::V01,
            "three_public.current.vehicle_purchase",
            format!(
                "公务用车购置费 {}，但本年预算没有安排购置车辆",
                stated(budget, purchase)
            ),
        )
        .with_related(path, "购置车辆 0 辆")
        .with_hint("核对 extra.vehicles_to_buy 中各类车辆的辆数")]
    } else {
        Vec::new()
    }
}

/// W02 (warning): the 上年预算 the lines' explanations state add up to last year's 收支总计,
/// within what rounding each to the printed 分 can make (n × 0.005 万元).
pub fn explained_previous(budget: &Budget) -> Vec<Diagnostic> {
    let explained: Vec<(usize, Money)> = budget
        .functions
        .iter()
        .enumerate()
        .filter_map(|(index, line)| Some((index, line.explanation.as_ref()?.previous)))
        .collect();
    // A 部门预算 may explain its lines by last year's spending only (the 上年预算 of each line
    // not stated, so zero throughout): there is no sum to compare.
    if explained.iter().all(|(_, amount)| amount.is_zero()) {
        return Vec::new();
    }
    let sum: Money = explained.iter().map(|(_, amount)| *amount).sum();
    let total = budget.previous_year.total;
    let gap = (sum.value() - total.value()).abs();
    let slack = Decimal::new(5, 3) * Decimal::from(explained.len());
    if gap <= slack {
        return Vec::new();
    }
    vec![Diagnostic::warning(
        Rule::W02,
        "previous_year.total",
        format!(
            "各科目说明中的上年预算合计 {}，与上年收支总计 {}相差 {}，超出了四舍五入能有的差",
            stated(budget, sum),
            stated(budget, total),
            stated(budget, Money(gap))
        ),
    )
    .with_hint("核对各科目 explanation.previous 与 previous_year.total")]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(unit: DataUnit, stated: &str, computed: &str) -> Option<Diagnostic> {
        Sum {
            rule: Rule::C03,
            path: "control_totals.basic".into(),
            stated_label: "基本支出控制数",
            stated: Money(stated.parse().unwrap()),
            sum_label: "明细合计",
            computed: Money(computed.parse().unwrap()),
            terms: 4,
            source: "functions 中各行之和".into(),
            related: Vec::new(),
            unit,
        }
        .check()
    }

    #[test]
    fn data_in_yuan_has_no_rounding_slack_and_is_told_in_yuan() {
        // 49 元 off: within 4 × 0.005 万元 for data rounded to the 分 of 万元, not for 元.
        let wan = sum(DataUnit::Wan, "4675.2149", "4675.21").unwrap();
        assert_eq!(wan.rule, Rule::W01);
        let yuan = sum(DataUnit::Yuan, "4675.2149", "4675.21").unwrap();
        assert_eq!(yuan.rule, Rule::C03);
        assert!(
            yuan.message.contains("46,752,149.00 元") && yuan.message.contains("相差 49.00 元"),
            "{}",
            yuan.message
        );
        assert!(sum(DataUnit::Yuan, "1", "1").is_none());
        assert!(sum(DataUnit::Wan, "4675.3", "4675.21").unwrap().rule == Rule::C03);
    }
}
