//! Texts of the data: reasons for changes, and placeholders (the publication date is checked
//! when the file is read: rule U01, [`crate::model::date`]).

use crate::base::file_name::BookletKind;
use crate::compute::figures::{Change, Figures};
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::Budget;

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
    use crate::compute::figures::Direction;
    if (total.direction() != Direction::Level || general.direction() != Direction::Level)
        && !has_reason(previous.change_reason.as_ref())
    {
        found.push(
            Diagnostic::warning(
                Rule::N01,
                "previous_year",
                format!(
                    "收支总计较上年{}{}，但没有写明原因",
                    total.direction().word(),
                    super::lines::stated(budget, total.size())
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
        if change.direction() != crate::compute::figures::Direction::Level
            && !has_reason(three.reasons.get(key))
        {
            found.push(
                Diagnostic::warning(
                    Rule::N01,
                    "three_public.current",
                    format!(
                        "{name}较上年{}{}，但没有写明原因",
                        change.direction().word(),
                        super::lines::stated(budget, change.size())
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
    const MARKS: [&str; 16] = [
        "XX",
        "xx",
        "××",
        "待填写",
        "待补充",
        "TODO",
        "TBD",
        "？？",
        "某某",
        "请填写",
        "{单位}",
        "{部门}",
        "(略)",
        "（略）",
        "N/A",
        "n/a",
    ];
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

/// T04 (warning): no punctuation or word typed twice in a row (`其他任务。。`, `预算预算`), the
/// slips a reviewer's checker finds in published booklets.
pub fn repeats(texts: &[super::characters::Text]) -> Vec<Diagnostic> {
    texts
        .iter()
        .filter_map(|(path, text)| {
            let repeat = repeated(text)?;
            Some(
                Diagnostic::warning(
                    Rule::T04,
                    path.as_str(),
                    format!("“{repeat}”重复了：“{}”", excerpt(text, &repeat)),
                )
                .with_hint("多半是输入时多打了一遍；确实要重复时可以不理会"),
            )
        })
        .collect()
}

/// The first doubled punctuation mark, or word of two to four Chinese characters, in `text`.
fn repeated(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let punctuation = |c: char| "。，、；：！？".contains(c);
    for pair in chars.windows(2) {
        if pair[0] == pair[1] && punctuation(pair[0]) {
            return Some(pair.iter().collect());
        }
    }
    let chinese = |c: &char| ('\u{4E00}'..='\u{9FFF}').contains(c);
    for length in 2..=4 {
        for start in 0..chars.len().saturating_sub(2 * length - 1) {
            let word = &chars[start..start + length];
            if word.iter().all(chinese) && word == &chars[start + length..start + 2 * length] {
                return Some(word.iter().collect::<String>().repeat(2));
            }
        }
    }
    None
}

/// The part of `text` around `found`, for a message about a long text.
fn excerpt(text: &str, found: &str) -> String {
    let Some(at) = text.find(found) else {
        return text.chars().take(30).collect();
    };
    let before: String = text[..at]
        .chars()
        .rev()
        .take(10)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[at + found.len()..].chars().take(10).collect();
    format!("…{before}{found}{after}…")
}

/// T06 (warning): a booklet's texts name its own kind: a 单位预算's do not say 部门预算 (a text
/// copied from a department's booklet), a 部门预算's do not say 单位预算. The classification's
/// own name, 部门预算（支出）经济分类, is not that.
pub fn booklet_kind(texts: &[super::characters::Text], kind: BookletKind) -> Vec<Diagnostic> {
    let other = kind.other_label();
    texts
        .iter()
        .filter_map(|(path, text)| {
            let mut rest = text.as_str();
            while let Some(at) = rest.find(other) {
                let after = &rest[at + other.len()..];
                if !after.starts_with("经济分类") && !after.starts_with("支出经济分类") {
                    return Some(
                        Diagnostic::warning(
                            Rule::T06,
                            path.as_str(),
                            format!(
                                "{}的文字中写了“{other}”：“{}”",
                                kind.label(),
                                excerpt(text, other)
                            ),
                        )
                        .with_hint(format!(
                            "本书是{0}；从{other}复制来的文字请改为“{0}”",
                            kind.label()
                        )),
                    );
                }
                rest = after;
            }
            None
        })
        .collect()
}

/// T05 (warning): a year in a text is the budget year or the one before (`较2019年预算` in a
/// 2023 booklet is a text copied from an old one).
pub fn other_years(texts: &[super::characters::Text], year: u16) -> Vec<Diagnostic> {
    texts
        .iter()
        .filter_map(|(path, text)| {
            let years = years_in(text);
            // A period that starts in the budget year may run on into later years (a
            // project's 实施周期 2026年1月1日至2027年12月31日).
            let spans_on = |y: u16| y > year && years.contains(&year);
            let other = years
                .iter()
                .copied()
                .find(|y| *y != year && *y + 1 != year && !spans_on(*y))?;
            Some(
                Diagnostic::warning(
                    Rule::T05,
                    path.as_str(),
                    format!(
                        "文字中有 {other} 年，既不是预算年度 {year} 年，也不是上一年：“{}”",
                        excerpt(text, &format!("{other}年"))
                    ),
                )
                .with_hint("多半是从往年的文本复制来的；确实要说那一年时可以不理会"),
            )
        })
        .collect()
}

/// The years a text names: four digits from 1900 to 2099 followed by 年, not part of a longer
/// number.
fn years_in(text: &str) -> Vec<u16> {
    let chars: Vec<char> = text.chars().collect();
    let mut years = Vec::new();
    for start in 0..chars.len().saturating_sub(4) {
        let digits = &chars[start..start + 4];
        let before_digit = start > 0 && chars[start - 1].is_ascii_digit();
        if before_digit || !digits.iter().all(char::is_ascii_digit) || chars[start + 4] != '年' {
            continue;
        }
        let year: u16 = digits.iter().collect::<String>().parse().unwrap_or(0);
        if (1900..2100).contains(&year) {
            years.push(year);
        }
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_doubled_marks_and_words() {
        assert_eq!(repeated("完成其他任务。。").as_deref(), Some("。。"));
        assert_eq!(repeated("编制预算预算说明").as_deref(), Some("预算预算"));
        assert_eq!(repeated("保障机构正常运转。"), None);
        assert_eq!(repeated("常常，人人"), None);
    }

    #[test]
    fn a_department_s_booklet_is_named_but_not_the_classification() {
        let text = |t: &str| vec![("x".to_string(), t.to_string())];
        let unit = BookletKind::Unit;
        assert_eq!(booklet_kind(&text("本部门预算公开如下"), unit).len(), 1);
        assert!(booklet_kind(&text("部门预算经济分类科目"), unit).is_empty());
        assert!(booklet_kind(&text("部门预算支出经济分类科目"), unit).is_empty());
        assert!(booklet_kind(&text("单位预算"), unit).is_empty());
        let department = BookletKind::Department;
        assert!(booklet_kind(&text("本部门预算公开如下"), department).is_empty());
        assert_eq!(
            booklet_kind(&text("本单位预算公开如下"), department).len(),
            1
        );
    }

    #[test]
    fn years_are_four_digits_before_nian() {
        assert_eq!(years_in("较2019年预算增加，2023年度"), [2019, 2023]);
        assert_eq!(years_in("编号12019年"), Vec::<u16>::new());
        assert_eq!(years_in("共2023人"), Vec::<u16>::new());
    }

    #[test]
    fn a_period_from_the_budget_year_may_run_on_but_other_years_are_named() {
        let text = |t: &str| vec![("x".to_string(), t.to_string())];
        assert!(other_years(&text("2026年1月1日至2027年12月31日"), 2026).is_empty());
        assert!(other_years(&text("2025年预算执行数"), 2026).is_empty());
        assert_eq!(other_years(&text("2027年预算"), 2026).len(), 1);
        assert_eq!(other_years(&text("较2019年预算增加"), 2026).len(), 1);
        assert_eq!(other_years(&text("2026年至2019年"), 2026).len(), 1);
    }
}
