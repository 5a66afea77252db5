//! Assembles the document: cover, 目录, the three narrative parts and the annex tables.

use super::{tables, Block, Cover, Document, Meta};
use crate::figures::Figures;
use crate::model::Budget;
use crate::narrative::{self, Narrative};
use crate::numerals;
use crate::texts::Texts;
use crate::typography::Typography;
use anyhow::{Context, Result};

/// The mark printed on every page of a booklet built from sample data.
pub const SAMPLE_MARK: &str = "示例数据";

/// Builds the document of one unit from its data, derived figures and rendered narrative.
pub fn build(
    budget: &Budget,
    figures: &Figures,
    narrative: &Narrative,
    texts: &Texts,
    typography: &Typography,
) -> Result<Document> {
    let unit = &budget.unit;
    let year = unit.year;
    let date = published_date(&unit.published).with_context(|| {
        format!(
            "unit.published “{}” 不是 YYYY-MM-DD 格式的日期",
            unit.published
        )
    })?;

    let mut blocks = vec![Block::Toc {
        title: "目录".into(),
    }];
    let overview_title = format!("{}概况", unit.name);
    blocks.push(part("第一部分", &overview_title));
    blocks.extend(narrative_blocks(&narrative.overview));
    blocks.push(part(
        "第二部分",
        &format!("{}{year}年单位预算情况说明", unit.name),
    ));
    blocks.extend(narrative_blocks(&narrative.explanation));
    blocks.push(part("第三部分", "名词解释"));
    blocks.extend(narrative_blocks(&narrative.glossary));
    let annex_title = format!("{}{year}年单位预算表", unit.name);
    blocks.push(Block::Annex {
        label: "附件：".into(),
        toc: format!("附件：{annex_title}"),
        title: annex_title,
    });
    blocks.extend(
        tables::all(budget, figures, texts)
            .into_iter()
            .map(|mut table| {
                super::fit::fit_amounts(&mut table, typography);
                table.place_cells();
                Block::Table(table)
            }),
    );

    let title = format!("{}{year}年单位预算", unit.name);
    Ok(Document {
        meta: Meta {
            keywords: vec!["单位预算".into(), year.to_string(), unit.name.clone()],
            author: unit.name.clone(),
            ident: format!("yusuan-{year}-{}", unit.code),
            sample_mark: budget.sample.then(|| SAMPLE_MARK.to_string()),
            date,
            title,
        },
        cover: Cover {
            year_line: format!("{year}年度"),
            title: format!("{}单位预算", unit.name),
            date_line: format!(
                "{}年{}月",
                numerals::year(u32::from(date.0)),
                numerals::month(u32::from(date.1))
            ),
        },
        blocks,
    })
}

fn part(label: &str, title: &str) -> Block {
    Block::Part {
        label: label.into(),
        title: title.into(),
        toc: format!("{label} {title}"),
    }
}

fn narrative_blocks(blocks: &[narrative::Block]) -> impl Iterator<Item = Block> + '_ {
    blocks.iter().map(|block| match block {
        narrative::Block::Heading { level, text, toc } => Block::Heading {
            level: *level,
            text: text.clone(),
            toc: toc.clone(),
        },
        narrative::Block::Paragraph { text } => Block::Paragraph { text: text.clone() },
    })
}

/// `YYYY-MM-DD` as numbers, checked to be a real calendar date.
pub fn published_date(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = text.trim().splitn(3, '-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(published_date("2023-02-01"), Some((2023, 2, 1)));
        assert_eq!(published_date("2023-02-29"), None);
        assert_eq!(published_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(published_date("2023-13-01"), None);
        assert_eq!(published_date("二〇二三年"), None);
    }
}
