//! The template context: the data as typed, plus the derived figures, the units and the
//! booklet's kind the narrative templates read.

use crate::base::file_name::BookletKind;
use crate::compute::consolidate::MemberView;
use crate::compute::figures::{class_code, Figures};
use crate::model::classification::Catalogue;
use crate::model::money::Money;
use crate::model::Budget;
use crate::profile::texts::Texts;
use serde::Serialize;

/// The template context: the data as typed, plus the derived figures templates need.
#[derive(Serialize)]
pub(super) struct TemplateContext<'a> {
    #[serde(flatten)]
    budget: &'a Budget,
    /// 主要职责 as paragraphs, however the data gave them.
    duties: &'a [String],
    figures: &'a Figures,
    general_public: crate::compute::figures::Split,
    government_fund: crate::compute::figures::Split,
    general_public_classes: Vec<ClassAmount>,
    three_public_total: ThreePublicTotals,
    /// The 功能分类 lines as stated, grouped by 类 and 款 in code order, with the year's names.
    function_classes: Vec<FunctionGroup<'a>>,
    /// The units the booklet covers, as it lists them: the unit itself, or a department's
    /// units (本部 first).
    units: &'a [MemberView],
    /// 机关运行经费: of the units that have them (not a 事业单位's).
    running_costs: Money,
    /// What the booklet is: a unit's or a department's.
    booklet: BookletView,
}

/// What the templates say of the booklet's kind: `{{ booklet.label }}` (单位预算, 部门预算),
/// `{{ booklet.we }}` (我单位, 我部门), `{{ booklet.kind }}` (unit, department).
#[derive(Serialize)]
struct BookletView {
    kind: BookletKind,
    label: &'static str,
    we: &'static str,
}

impl BookletView {
    fn of(kind: BookletKind) -> BookletView {
        BookletView {
            kind,
            label: kind.label(),
            we: match kind {
                BookletKind::Unit => "我单位",
                BookletKind::Department => "我部门",
            },
        }
    }
}

/// A 类 or 款 with its name and what is under it.
#[derive(Serialize)]
struct FunctionGroup<'a> {
    code: String,
    name: String,
    /// The 款 under a 类.
    items: Vec<FunctionGroup<'a>>,
    /// The 项 lines under a 款.
    lines: Vec<LineView<'a>>,
}

/// A 功能分类 line as typed, with its `total`: its basic expenditure and every project paid
/// from it, those stated on the line and those listed in `projects`.
#[derive(Serialize)]
struct LineView<'a> {
    #[serde(flatten)]
    line: &'a crate::model::FunctionLine,
    total: Money,
}

#[derive(Serialize)]
struct ClassAmount {
    code: String,
    name: String,
    /// The name without its trailing 支出, as in “社会保障和就业（类）支出”.
    short_name: String,
    amount: Money,
}

#[derive(Serialize)]
struct ThreePublicTotals {
    current: Money,
    previous: Money,
    vehicles: Money,
}

impl<'a> TemplateContext<'a> {
    pub(super) fn new(
        budget: &'a Budget,
        kind: BookletKind,
        units: &'a [MemberView],
        figures: &'a Figures,
        texts: &Texts,
        catalogue: Option<&Catalogue>,
    ) -> Self {
        use crate::model::Fund;
        let general_public_classes = figures
            .general_public_by_class
            .iter()
            .map(|(code, split)| {
                // The year's official name; without a catalogue, the summary table's label.
                let name = catalogue
                    .and_then(|c| c.functions.get(class_code(code)).cloned())
                    .or_else(|| {
                        texts
                            .expenditure_classes
                            .iter()
                            .find(|class| class.code == class_code(code))
                            .map(|class| class.summary.clone())
                    })
                    .unwrap_or_default();
                ClassAmount {
                    code: code.clone(),
                    short_name: name.strip_suffix("支出").unwrap_or(&name).to_string(),
                    name,
                    amount: split.total(),
                }
            })
            .collect();
        let name = |code: &str| {
            catalogue
                .and_then(|c| c.functions.get(code).cloned())
                .unwrap_or_default()
        };
        let mut lines: Vec<&crate::model::FunctionLine> = budget.functions.iter().collect();
        lines.sort_by(|a, b| a.code.cmp(&b.code));
        let function_classes = crate::model::code::by_class_and_item(lines, |line| &line.code)
            .into_iter()
            .map(|(class, items)| FunctionGroup {
                code: class.to_string(),
                name: name(class),
                items: items
                    .into_iter()
                    .map(|(item, lines)| FunctionGroup {
                        code: item.to_string(),
                        name: name(item),
                        items: Vec::new(),
                        lines: lines
                            .into_iter()
                            .map(|line| LineView {
                                total: (figures.rows.iter())
                                    .find(|row| row.code == line.code && row.fund == line.fund)
                                    .map_or(Money::ZERO, |row| row.split.total()),
                                line,
                            })
                            .collect(),
                    })
                    .collect(),
                lines: Vec::new(),
            })
            .collect();
        let three = &budget.three_public;
        TemplateContext {
            function_classes,
            units,
            running_costs: units.iter().map(|unit| unit.running_costs).sum(),
            booklet: BookletView::of(kind),
            budget,
            duties: &budget.overview.duties.paragraphs,
            figures,
            general_public: figures.fund(Fund::GeneralPublic),
            government_fund: figures.fund(Fund::GovernmentFund),
            general_public_classes,
            three_public_total: ThreePublicTotals {
                current: three.current.total(),
                previous: three.previous.total(),
                vehicles: three.current.vehicles(),
            },
        }
    }
}
