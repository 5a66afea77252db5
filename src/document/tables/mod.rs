//! The eleven annex tables, one builder each, in the order of the booklet.

mod economic;
mod expenditure;
mod performance;
mod summary;

use super::{Cell, Table};
use crate::figures::Figures;
use crate::model::Budget;
use crate::numerals;
use crate::texts::Texts;

/// Everything a table builder may read.
pub struct Input<'a> {
    /// The data.
    pub budget: &'a Budget,
    /// Derived figures.
    pub figures: &'a Figures,
    /// Shared texts.
    pub texts: &'a Texts,
}

/// The annex tables of `budget`, numbered 预算01表 … in order.
pub fn all(budget: &Budget, figures: &Figures, texts: &Texts) -> Vec<Table> {
    let input = Input {
        budget,
        figures,
        texts,
    };
    let builders: [fn(&Input) -> Table; 11] = [
        summary::income_and_expenditure,
        summary::income,
        expenditure::all_funds,
        summary::appropriation,
        expenditure::general_public,
        economic::basic,
        economic::summary,
        summary::three_public,
        expenditure::government_fund,
        performance::projects,
        performance::goals,
    ];
    builders
        .iter()
        .enumerate()
        .map(|(index, builder)| {
            let mut table = builder(&input);
            let number = index as u32 + 1;
            table.label = format!("预算{number:02}表");
            table.toc = format!("{}、{}", numerals::counting(number), table.toc);
            table
        })
        .collect()
}

/// A table with its title `{year}年{name}` (or `{year}年度…`), 单位名称 and 单位 lines; the label
/// and the number of its 目录 entry are set by [`all`].
fn frame(input: &Input, name: &str, yearly: &str, columns: Vec<u16>, landscape: bool) -> Table {
    let unit = &input.budget.unit;
    Table {
        label: String::new(),
        title: format!("{}{yearly}{name}", unit.year),
        toc: name.to_string(),
        unit_name: format!("单位名称：{}", unit.name),
        unit: "单位：万元".into(),
        landscape,
        columns,
        type_size: None,
        header: Vec::new(),
        body: Vec::new(),
        notes: Vec::new(),
    }
}

/// Header cell helper: centred text spanning `columns` × `rows`.
fn head(text: &str, columns: u16, rows: u16) -> Cell {
    Cell::center(text).span(columns, rows)
}
