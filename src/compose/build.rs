//! Assembles the document: cover, 目录, the profile's narrative parts and annex tables.

use crate::base::numerals;
use crate::base::typography::Typography;
use crate::compose::document::{
    balance, fit, title_lines, Block, Cover, Document, Meta, Table, TableFrame,
};
use crate::compose::narrative::{self, Narrative};
use crate::compose::tables;
use crate::compute::figures::Figures;
use crate::model::Budget;
use crate::profile::texts::{Note, Texts};
use crate::profile::{fill, Profile, TableSpec};
use anyhow::Result;

/// The mark printed on every page of a booklet built from sample data.
pub const SAMPLE_MARK: &str = "示例数据";

/// What a booklet is built from.
pub struct Sources<'a> {
    /// The booklet's data: a unit's, or a department's consolidated.
    pub budget: &'a Budget,
    /// The units it covers: the unit itself, or the department's units (本部 first).
    pub units: &'a [&'a Budget],
    /// Derived figures of `budget`.
    pub figures: &'a Figures,
    /// Shared texts.
    pub texts: &'a Texts,
    /// The year's classification.
    pub catalogue: Option<&'a crate::model::classification::Catalogue>,
}

/// Builds the document of one unit (or department) from its data, derived figures and rendered
/// narrative, in the shape of `profile`.
pub fn build(
    sources: &Sources,
    narrative: &Narrative,
    typography: &Typography,
    profile: &Profile,
) -> Result<Document> {
    let Sources {
        budget,
        units,
        figures,
        texts,
        catalogue,
    } = *sources;
    let unit = &budget.unit;
    let year = unit.year;
    let published = unit.published;
    let date = (published.year, published.month, published.day);

    let year_text = year.to_string();
    let values = [("unit", unit.name.as_str()), ("year", year_text.as_str())];
    let mut blocks = vec![Block::Toc {
        title: "目录".into(),
    }];
    let input = tables::Input {
        budget,
        units,
        figures,
        texts,
        catalogue,
    };
    let laid_out = |table: &mut Table| {
        fit::fit_amounts(table, typography);
        table.place_cells();
        balance::balance_lines(table, typography);
    };
    let parts: Vec<(&crate::profile::PartSpec, &Vec<narrative::Block>)> =
        profile.parts.iter().zip(&narrative.parts).collect();
    let add_parts = |blocks: &mut Vec<Block>, after_annex: bool| -> Result<()> {
        for (spec, part_blocks) in parts.iter().filter(|(s, _)| s.after_annex == after_annex) {
            let title = fill(&spec.title, &values)?;
            let toc = match &spec.toc {
                Some(toc) => fill(toc, &values)?,
                None => format!("{} {title}", spec.label),
            };
            let capacity = typography.text_width_pt(false) / typography.sizes.part_title.pt() - 0.5;
            let lines = title_lines::title_lines(&title, capacity);
            blocks.push(Block::Part {
                label: spec.label.clone(),
                lines: if lines.len() > 1 { lines } else { Vec::new() },
                title,
                toc,
            });
            blocks.extend(part_blocks.iter().cloned());
            // The tables printed at the end of this part, titled but not numbered; one without
            // rows (no project has a 申报表) is left out, as the booklets leave it.
            let own = spec.toc.as_deref().unwrap_or(&spec.title);
            let in_part = profile
                .tables
                .iter()
                .filter(|t| t.part.as_deref() == Some(own));
            for table_spec in in_part.filter(|t| !tables::rows(&t.rows, &input).empty) {
                let mut table = table(&input, table_spec, None, profile, &values)?;
                laid_out(&mut table);
                blocks.push(Block::Table(table));
            }
        }
        Ok(())
    };
    add_parts(&mut blocks, false)?;
    let annex = &profile.annex;
    let annex_title = fill(&annex.title, &values)?;
    blocks.push(Block::Annex {
        toc: format!("{}{annex_title}", annex.label),
        label: annex.label.clone(),
        title: annex_title,
    });
    let annex_tables = profile.tables.iter().filter(|t| t.part.is_none());
    for (index, spec) in annex_tables.enumerate() {
        let mut table = table(&input, spec, Some(index + 1), profile, &values)?;
        laid_out(&mut table);
        blocks.push(Block::Table(table));
    }
    add_parts(&mut blocks, true)?;

    let kind = profile.booklet.label();
    let title = format!("{}{year}年{kind}", unit.name);
    let mut document = Document {
        meta: Meta {
            keywords: vec![kind.into(), year.to_string(), unit.name.clone()],
            author: unit.name.clone(),
            ident: format!("yusuan-{year}-{}", unit.code),
            sample_mark: budget.sample.then(|| SAMPLE_MARK.to_string()),
            date,
            title,
        },
        cover: {
            let date_text = format!(
                "{}年{}月",
                numerals::year(u32::from(date.0)),
                numerals::month(u32::from(date.1))
            );
            let mut with_date = values.to_vec();
            with_date.push(("date", date_text.as_str()));
            let cover = &profile.cover;
            let title = fill(&cover.title, &with_date)?;
            // Half a character short of the measure: a line exactly as wide as the page would
            // be broken again by a renderer's rounding.
            let capacity =
                typography.text_width_pt(false) / typography.sizes.cover_title.pt() - 0.5;
            Cover {
                year_line: fill(&cover.year_line, &with_date)?,
                title_lines: title_lines::title_lines(&title, capacity),
                title,
                date_line: fill(&cover.date_line, &with_date)?,
            }
        },
        blocks,
        toc_lines: Vec::new(),
    };
    document.toc_lines = document
        .toc_entries()
        .iter()
        .map(|entry| title_lines::toc_lines(&entry.text, entry.level, typography))
        .collect();
    Ok(document)
}

/// The `number`th annex table of `profile` (`None`: a table printed at the end of a part), as
/// `spec` shapes it.
fn table(
    input: &tables::Input,
    spec: &TableSpec,
    number: Option<usize>,
    profile: &Profile,
    values: &[(&str, &str)],
) -> Result<Table> {
    let annex = &profile.annex;
    let rows = tables::rows(&spec.rows, input);
    let numbered_in_annex = number.is_some();
    let number = number.unwrap_or(0);
    let (number1, number2) = (number.to_string(), format!("{number:02}"));
    let counting = numerals::counting(u32::try_from(number).unwrap_or(u32::MAX));
    let mut numbered = values.to_vec();
    numbered.extend([
        ("number", number1.as_str()),
        ("number2", number2.as_str()),
        ("counting", counting.as_str()),
        ("name", spec.name.as_str()),
    ]);
    let note = |entry: &Note| fill(input.texts.text_of(entry), &numbered);
    let mut notes: Vec<String> = spec.notes.iter().map(note).collect::<Result<_>>()?;
    if rows.empty {
        for entry in &spec.notes_when_empty {
            notes.push(note(entry)?);
        }
    }
    // The 目录 entry may name the table by its title (Shanghai: `1. 2026年…总表`).
    let title = fill(&spec.title, &numbered)?;
    numbered.push(("title", title.as_str()));
    let frame = TableFrame {
        label: match numbered_in_annex {
            true => fill(&annex.table_label, &numbered)?,
            false => String::new(),
        },
        title: title.clone(),
        toc: match numbered_in_annex {
            true => fill(&annex.table_toc, &numbered)?,
            false => title.clone(),
        },
        unit_name: fill(&annex.unit_name, &numbered)?,
        unit: fill(
            spec.unit_line.as_ref().unwrap_or(&annex.unit_line),
            &numbered,
        )?,
        landscape: spec.landscape,
        notes,
    };
    let amounts = spec.amounts.unwrap_or(annex.amounts);
    Ok(tables::assemble(
        frame,
        amounts,
        &spec.columns,
        &rows,
        spec.header,
    ))
}
