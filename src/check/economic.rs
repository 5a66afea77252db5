//! The 经济分类 lines against the 功能分类 split and the projects (X01–X05), and the “三公”
//! amounts against the 经济分类 lines they are booked to (X06).

use super::lines::{path, stated, term};
use super::totals::Sum;
use crate::compute::figures::Figures;
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::code::{BasicClass, EconomicCode};
use crate::model::money::Money;
use crate::model::{Budget, EconomicKind, EconomicLine, Fund};

/// X01–X05: the 经济分类 lines agree with the 功能分类 split, 类 by 类: basic 301 with 工资福利支出,
/// 303 with 对个人和家庭的补助, 302 with 商品和服务支出, 310 with 资本性支出, and the project
/// lines with 项目支出. A wrong line shows up in the one group it belongs to, with its neighbours.
/// X05 only where the 经济分类 summary, which lists the project lines, is printed.
pub fn economic_agrees(
    budget: &Budget,
    figures: &Figures,
    projects_printed: bool,
) -> Vec<Diagnostic> {
    // Each fund on its own (the tables show 一般公共预算 apart), when the data has more than
    // one; a unit of one fund is checked as a whole, as before.
    let mut funds: Vec<Fund> = budget
        .functions
        .iter()
        .map(|l| l.fund)
        .chain(budget.economic.iter().map(|l| l.fund))
        .chain(budget.projects.iter().map(|p| p.fund))
        .collect();
    funds.sort();
    funds.dedup();
    if funds.len() <= 1 {
        return economic_agrees_in(budget, &figures.expenditure, None, projects_printed);
    }
    funds
        .into_iter()
        .flat_map(|fund| {
            economic_agrees_in(budget, &figures.fund(fund), Some(fund), projects_printed)
        })
        .collect()
}

/// [`economic_agrees`] for the lines of `fund` (all lines when `None`) against `split`.
fn economic_agrees_in(
    budget: &Budget,
    split: &crate::compute::figures::Split,
    fund: Option<Fund>,
    projects_printed: bool,
) -> Vec<Diagnostic> {
    let group = |kind: EconomicKind, class: Option<BasicClass>| -> Vec<(usize, &EconomicLine)> {
        budget
            .economic
            .iter()
            .enumerate()
            .filter(|(_, l)| fund.is_none_or(|f| l.fund == f))
            .filter(|(_, l)| {
                l.kind == kind
                    && class.is_none_or(|c| EconomicCode(&l.code).basic_class() == Some(c))
            })
            .collect()
    };
    let of_fund = match fund {
        None => "",
        Some(Fund::GeneralPublic) => "一般公共预算",
        Some(Fund::GovernmentFund) => "政府性基金",
        Some(Fund::StateCapital) => "国有资本经营预算",
    };
    let basic = |class: BasicClass| {
        let (rule, field, amount) = match class {
            BasicClass::Wages => (Rule::X01, "wages", split.wages),
            BasicClass::FamilySubsidies => (Rule::X02, "family_subsidies", split.family_subsidies),
            BasicClass::GoodsServices => (Rule::X03, "goods_services", split.goods_services),
            BasicClass::Capital => (Rule::X04, "capital", split.capital),
        };
        let name = format!("{}（{}）", class.name(), class.code());
        (
            rule,
            name,
            group(EconomicKind::Basic, Some(class)),
            amount,
            field,
        )
    };
    [
        basic(BasicClass::Wages),
        basic(BasicClass::FamilySubsidies),
        basic(BasicClass::GoodsServices),
        basic(BasicClass::Capital),
        (
            Rule::X05,
            "项目支出".to_string(),
            group(EconomicKind::Project, None),
            split.project(),
            "projects 的 amount",
        ),
    ]
    .into_iter()
    .filter(|(rule, ..)| projects_printed || *rule != Rule::X05)
    .filter_map(|(rule, name, lines, functional, field)| {
        let economic: Money = lines.iter().map(|(_, l)| l.amount).sum();
        let first = lines.first().map_or("economic".to_string(), |(i, _)| {
            path("economic", *i, "amount")
        });
        let related = lines
            .iter()
            .skip(1)
            .map(|(i, l)| term(budget, path("economic", *i, "amount"), &l.name, l.amount))
            .collect();
        Sum {
            rule,
            path: first,
            stated_label: &format!("经济分类明细中的{of_fund}{name}合计"),
            stated: economic,
            sum_label: &format!("按功能分类的{of_fund}{name}"),
            computed: functional,
            terms: lines.len() + budget.functions.len(),
            source: format!("functions 中各行 {field} 之和"),
            related,
            unit: budget.amount_unit,
        }
        .check()
    })
    .collect()
}

/// X06: the “三公” amounts cover the basic 经济分类 lines of the same kind (三公 also includes
/// project money, so it may be larger, never smaller).
pub fn three_public_covers_economic(budget: &Budget) -> Vec<Diagnostic> {
    let three = &budget.three_public.current;
    crate::model::ThreePublicItem::ALL
        .map(|item| {
            (
                item.economic_code(),
                item.key(),
                item.label(),
                three.get(item),
            )
        })
        .into_iter()
        .filter_map(|(code, field, name, amount)| {
            let lines: Vec<(usize, &EconomicLine)> = budget
                .economic
                .iter()
                .enumerate()
                .filter(|(_, l)| l.code == code && l.kind == EconomicKind::Basic)
                .collect();
            let economic: Money = lines.iter().map(|(_, l)| l.amount).sum();
            (economic > amount).then(|| {
                let mut diagnostic = Diagnostic::error(
                    Rule::X06,
                    format!("three_public.current.{field}"),
                    format!(
                        "“三公”经费中的{name}为 {}，少于基本支出经济分类 {code} 的 {}",
                        stated(budget, amount),
                        stated(budget, economic)
                    ),
                )
                .with_hint("“三公”经费包括基本支出和项目支出中的同类支出，不能少于基本支出中的数");
                for (i, l) in lines {
                    let (path, line) =
                        term(budget, path("economic", i, "amount"), &l.name, l.amount);
                    diagnostic = diagnostic.with_related(path, line);
                }
                diagnostic
            })
        })
        .collect()
}
