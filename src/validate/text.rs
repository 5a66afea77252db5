//! Texts of the data: reasons for changes, and placeholders (the publication date is checked
//! when the file is read: rule U01, [`crate::date`]).

use crate::diag::Diagnostic;
use crate::figures::{Change, Figures};
use crate::model::Budget;
use crate::rule::Rule;

/// N01 (warning): every change against last year that the narrative reports has a reason.
pub fn change_reasons(budget: &Budget, figures: &Figures) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let previous = &budget.previous_year;
    let has_reason = |reason: Option<&String>| reason.is_some_and(|r| !r.trim().is_empty());
    let total = Change::between(figures.income_total, previous.total);
    let general = Change::between(
        figures.fund(crate::model::Fund::GeneralPublic).total(),
        previous.general_public,
    );
    use crate::figures::Direction;
    if (total.direction() != Direction::Level || general.direction() != Direction::Level)
        && !has_reason(previous.change_reason.as_ref())
    {
        found.push(
            Diagnostic::warning(
                Rule::N01,
                "previous_year",
                format!(
                    "收支总计较上年{}{}万元，但没有写明原因",
                    total.direction().word(),
                    total.amount()
                ),
            )
            .with_hint("在 previous_year.change_reason 中写明增减变化的主要原因"),
        );
    }
    let three = &budget.three_public;
    for (key, name, current, before) in [(
        "total",
        "“三公”经费",
        three.current.total(),
        three.previous.total(),
    )]
    .into_iter()
    .chain(crate::model::ThreePublicItem::ALL.map(|item| {
        (
            item.key(),
            item.label(),
            three.current.get(item),
            three.previous.get(item),
        )
    })) {
        let change = Change::between(current, before);
        if change.direction() != crate::figures::Direction::Level
            && !has_reason(three.reasons.get(key))
        {
            found.push(
                Diagnostic::warning(
                    Rule::N01,
                    "three_public.current",
                    format!(
                        "{name}较上年{}{}万元，但没有写明原因",
                        change.direction().word(),
                        change.amount()
                    ),
                )
                .with_hint(format!("在 three_public.reasons.{key} 中写明原因")),
            );
        }
    }
    found
}

/// T01: no placeholder text (XX, ××, 待填写, TODO …) anywhere in the data.
pub fn placeholders(texts: &[super::characters::Text]) -> Vec<Diagnostic> {
    const MARKS: [&str; 8] = ["XX", "xx", "××", "待填写", "待补充", "TODO", "TBD", "？？"];
    texts
        .iter()
        .filter_map(|(path, text)| {
            MARKS.iter().find(|mark| text.contains(**mark)).map(|mark| {
                Diagnostic::error(
                    Rule::T01,
                    path.as_str(),
                    format!("含有占位文字“{mark}”：“{text}”"),
                )
                .with_hint("发布前把占位文字换成实际内容")
            })
        })
        .collect()
}
