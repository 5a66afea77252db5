//! A profile as its `profile.yaml` writes it: the parts in order, the cover, the annex and its
//! tables with their column trees, row sources and notes.

use super::rows::RowSource;
use super::texts::Note;
use crate::model::money::AmountFormat;
use serde::Deserialize;

/// A profile as written in its `profile.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Its name (`henan-2023`).
    pub name: String,
    /// What booklet it makes.
    pub description: String,
    /// The region whose booklets it follows.
    pub region: String,
    /// The budget years it is for.
    pub years: Vec<u16>,
    /// The amount unit of tables and text (`万元`).
    pub amount_unit: String,
    /// The booklet it makes: a unit's (`unit`, the default) or a department's, consolidated
    /// from its units' data (`department`).
    #[serde(default)]
    pub booklet: crate::base::file_name::BookletKind,
    /// The cover.
    #[serde(default)]
    pub cover: CoverSpec,
    /// The narrative parts, in order.
    pub parts: Vec<PartSpec>,
    /// The annex and its tables' label, 目录 entry and unit lines.
    pub annex: AnnexSpec,
    /// The annex tables, in order.
    pub tables: Vec<TableSpec>,
}

/// One narrative part (第一部分 …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartSpec {
    /// `第一部分`.
    pub label: String,
    /// Its title, a template (`{{ unit }}概况`).
    pub title: String,
    /// The narrative template file, in the profile's `narrative/`.
    pub narrative: String,
    /// Its 目录 entry, a template (default: label and title).
    #[serde(default)]
    pub toc: Option<String>,
    /// Printed after the annex tables instead of before them.
    #[serde(default)]
    pub after_annex: bool,
}

/// The cover's lines, templates (`{{ date }}` is the publication month, 二〇二三年二月). A line
/// left out is the 新乡 cover's, so a profile may change one line only.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CoverSpec {
    /// The line above the title.
    pub year_line: String,
    /// The title.
    pub title: String,
    /// The line at the foot (empty: none).
    #[serde(default)]
    pub date_line: String,
}

impl Default for CoverSpec {
    /// The 新乡 cover: `2023年度`, `<单位>单位预算`, the month.
    fn default() -> Self {
        CoverSpec {
            year_line: "{{ year }}年度".into(),
            title: "{{ unit }}单位预算".into(),
            date_line: "{{ date }}".into(),
        }
    }
}

/// The annex.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexSpec {
    /// `附件：`.
    pub label: String,
    /// Its title, a template.
    pub title: String,
    /// A table's label, a template (`预算{{ number2 }}表`).
    pub table_label: String,
    /// A table's 目录 entry, a template (`{{ counting }}、{{ name }}`).
    pub table_toc: String,
    /// The 单位名称 line, a template.
    pub unit_name: String,
    /// The unit line (`单位：万元`).
    pub unit_line: String,
    /// How the tables print amounts (default: 万元, two decimals).
    #[serde(default)]
    pub amounts: AmountFormat,
}

/// One annex table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Its name in the 目录.
    pub name: String,
    /// Its title, a template.
    pub title: String,
    /// Set on landscape pages.
    #[serde(default)]
    pub landscape: bool,
    /// Print the header rows of the column tree (a form, which labels its own rows, says
    /// `header: false`).
    #[serde(default = "yes")]
    pub header: bool,
    /// Where its rows come from.
    pub rows: RowSource,
    /// The column tree.
    pub columns: Vec<ColumnSpec>,
    /// Notes: a note's name in `texts.yaml`, or the text itself.
    #[serde(default)]
    pub notes: Vec<Note>,
    /// Notes added when the table has no data rows.
    #[serde(default)]
    pub notes_when_empty: Vec<Note>,
    /// How this table prints amounts, when not as the annex says.
    #[serde(default)]
    pub amounts: Option<AmountFormat>,
    /// Its unit line, when not the annex's.
    #[serde(default)]
    pub unit_line: Option<String>,
    /// The part (its 目录 entry, `toc:`) it is printed at the end of, instead of among the
    /// annex tables; it is then not numbered with them and its 目录 entry is its title
    /// (Shanghai's 绩效目标申报表 after the 项目经费情况说明).
    #[serde(default)]
    pub part: Option<String>,
}

fn yes() -> bool {
    true
}

/// A column, or a group of columns under one header.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// The header text.
    pub header: String,
    /// The figure a bottom-level column shows; none: the column stays empty.
    #[serde(default)]
    pub show: Option<String>,
    /// A bottom-level column's relative width.
    #[serde(default)]
    pub width: Option<u16>,
    /// The columns under a group.
    #[serde(default)]
    pub columns: Vec<ColumnSpec>,
}

/// The bottom-level columns of a column tree, left to right.
pub fn leaves(columns: &[ColumnSpec]) -> Vec<&ColumnSpec> {
    let mut found = Vec::new();
    for column in columns {
        if column.columns.is_empty() {
            found.push(column);
        } else {
            found.extend(leaves(&column.columns));
        }
    }
    found
}
