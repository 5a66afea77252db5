//! The renderer-neutral document: cover, 目录, parts, headings, paragraphs and annex tables with
//! merged header cells. Built once from the budget model; every renderer reads only this.

pub mod balance;
pub mod fit;
pub mod title_lines;

#[cfg(test)]
mod tests;

use serde::Serialize;

/// A whole booklet.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Metadata.
    pub meta: Meta,
    /// The cover.
    pub cover: Cover,
    /// Everything after the cover, in order.
    pub blocks: Vec<Block>,
    /// For each 目录 entry, in order, the lines it is set in where they are chosen (an entry
    /// that would leave its last character alone before the page number); empty where the
    /// renderers wrap it themselves.
    pub toc_lines: Vec<Vec<String>>,
}

/// One entry of the 目录.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// 1 for parts and the annex, 2 for the sections and tables under them.
    pub level: u8,
    /// The text the 目录 shows.
    pub text: String,
    /// The lines it is set in, where chosen ([`Document::toc_lines`]).
    pub lines: Vec<String>,
}

impl Document {
    /// The 目录 entries, in document order: every block that carries a `toc` text.
    pub fn toc_entries(&self) -> Vec<TocEntry> {
        self.blocks
            .iter()
            .filter_map(|block| {
                let (level, text) = match block {
                    Block::Part { toc, .. } | Block::Annex { toc, .. } => (1, toc),
                    Block::Heading { toc: Some(toc), .. } => (2, toc),
                    Block::Table(table) => (2, &table.frame.toc),
                    _ => return None,
                };
                Some((level, text.clone()))
            })
            .enumerate()
            .map(|(index, (level, text))| TocEntry {
                level,
                text,
                lines: self.toc_lines.get(index).cloned().unwrap_or_default(),
            })
            .collect()
    }
}

/// Document metadata.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// Title, e.g. 新乡市社会保险中心2023年单位预算.
    pub title: String,
    /// The unit, as author.
    pub author: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Publication date (year, month, day): the PDF's creation date.
    pub date: (u16, u8, u8),
    /// A stable identifier of the document.
    pub ident: String,
    /// 示例数据: the mark printed on the cover and every page, when the data is a sample.
    pub sample_mark: Option<String>,
}

/// The cover page.
#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    /// `2023年度`.
    pub year_line: String,
    /// `新乡市社会保险中心单位预算`.
    pub title: String,
    /// The title as the lines it is set in: broken where a reader would, between the parts of
    /// a unit's name (“…人民政府 / 石泉路街道办事处（本级）”), not inside a place name.
    pub title_lines: Vec<String>,
    /// `二〇二三年二月`.
    pub date_line: String,
}

/// One block of the booklet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// The 目录.
    Toc {
        /// Its title.
        title: String,
    },
    /// 第一部分 … on a new page.
    Part {
        /// `第一部分`.
        label: String,
        /// `新乡市社会保险中心概况`.
        title: String,
        /// The 目录 entry.
        toc: String,
        /// The title as the lines it is set in, where it wraps (broken between the parts of a
        /// unit's name, as the cover's); empty when it fits one line.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        lines: Vec<String>,
    },
    /// A heading within a part: level 1 (一、) or 2 (（一）).
    Heading {
        /// 1 or 2.
        level: u8,
        /// As printed.
        text: String,
        /// The 目录 entry, if the heading is listed.
        toc: Option<String>,
    },
    /// A body paragraph with a first-line indent.
    Paragraph {
        /// Its text.
        text: String,
    },
    /// The annex title page.
    Annex {
        /// `附件：`.
        label: String,
        /// `新乡市社会保险中心2023年单位预算表`.
        title: String,
        /// The 目录 entry.
        toc: String,
    },
    /// An annex table, on its own page(s).
    Table(Table),
}

/// The parts of a table around its grid: label, title, 目录 entry, unit lines, notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TableFrame {
    /// `预算01表`.
    pub label: String,
    /// `2023年单位收支预算表`.
    pub title: String,
    /// The 目录 entry, `一、单位收支预算表`.
    pub toc: String,
    /// `单位名称：新乡市社会保险中心`.
    pub unit_name: String,
    /// `单位：万元`, or empty.
    pub unit: String,
    /// Whether the table is set on landscape pages.
    pub landscape: bool,
    /// Notes printed under the table.
    pub notes: Vec<String>,
}

/// A table of the annex: its frame and its grid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Label, title, unit lines, notes.
    #[serde(flatten)]
    pub frame: TableFrame,
    /// Relative column widths.
    pub columns: Vec<u16>,
    /// The cells' type size when smaller than the typography's, so that large amounts fit.
    pub type_size: Option<crate::base::typography::Hao>,
    /// Header rows (repeated on every page the table spans).
    pub header: Vec<Vec<Cell>>,
    /// Body rows.
    pub body: Vec<Vec<Cell>>,
    /// Body rows a page break comes before, besides those the table's length makes: set by
    /// the layout when a closing 合计 row would otherwise stand alone on a page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub page_breaks: Vec<u16>,
}

impl Table {
    /// Whether the table closes with a total row (its last body row, in bold, under at least
    /// two others), which must not stand alone on a page. The template reads it the same way.
    pub fn closes_with_total(&self) -> bool {
        self.body.len() >= 3
            && self
                .body
                .last()
                .is_some_and(|row| row.iter().any(|cell| cell.strong))
    }

    /// Number of columns.
    pub fn column_count(&self) -> usize {
        self.columns.len()
    }

    /// Gives every cell its grid position. The builders list only the cells that start in a
    /// row; a cell goes in the first column not covered by a row span from a row above. Every
    /// renderer places cells by these positions, so none can shift a cell by flowing it
    /// around the spans on its own.
    pub fn place_cells(&mut self) {
        let columns = self.column_count();
        // For each column, the first row no longer covered by a span from above.
        let mut free_from = vec![0_u16; columns];
        for (y, row) in self
            .header
            .iter_mut()
            .chain(self.body.iter_mut())
            .enumerate()
        {
            let y = u16::try_from(y).unwrap_or(u16::MAX);
            let mut column = 0;
            for cell in row {
                while column < columns && free_from[column] > y {
                    column += 1;
                }
                cell.column = u16::try_from(column).unwrap_or(u16::MAX);
                cell.row = y;
                let span = usize::from(cell.colspan.max(1));
                for covered in free_from.iter_mut().skip(column).take(span) {
                    *covered = y.saturating_add(cell.rowspan.max(1));
                }
                column += span;
            }
        }
    }
}

/// How a cell's content is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// Text, left-aligned.
    Text,
    /// Text, centred (合计 labels, short labels).
    Center,
    /// A code, centred.
    Code,
    /// An amount, right-aligned.
    Amount,
}

/// One table cell. Cells covered by another cell's span are not listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The text, already formatted (amounts as `11,436.06`); empty for a blank cell.
    pub text: String,
    /// How it is set.
    pub kind: CellKind,
    /// Columns spanned.
    pub colspan: u16,
    /// Rows spanned.
    pub rowspan: u16,
    /// Set in bold (total rows).
    pub strong: bool,
    /// Its first column, counted from 0 (set by [`Table::place_cells`]).
    #[serde(rename = "x")]
    pub column: u16,
    /// Its first row, counted from 0 over the header rows and then the body rows.
    #[serde(rename = "y")]
    pub row: u16,
    /// The amount an amount cell shows, so a table can print it in its profile's unit.
    #[serde(skip)]
    pub value: Option<crate::model::money::Money>,
    /// The lines the text is set in, where the layout chose them (a label that would leave
    /// one character on its last line); empty when the renderers wrap it themselves.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<String>,
}

impl Cell {
    fn new(text: impl Into<String>, kind: CellKind) -> Cell {
        let text = text.into();
        Cell {
            // A text from data may carry a YAML line folded inside Chinese (`…服务， 按时…`).
            text: match kind {
                CellKind::Text | CellKind::Center => {
                    crate::base::numerals::without_folding_spaces(&text)
                }
                CellKind::Code | CellKind::Amount => text,
            },
            kind,
            colspan: 1,
            rowspan: 1,
            strong: false,
            column: 0,
            row: 0,
            value: None,
            lines: Vec::new(),
        }
    }

    /// The text as set: its chosen lines joined by line breaks, or the text itself.
    pub fn set_text(&self) -> String {
        if self.lines.is_empty() {
            self.text.clone()
        } else {
            self.lines.join("\n")
        }
    }

    /// Left-aligned text.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::new(text, CellKind::Text)
    }

    /// Centred text.
    pub fn center(text: impl Into<String>) -> Cell {
        Cell::new(text, CellKind::Center)
    }

    /// A code.
    pub fn code(text: impl Into<String>) -> Cell {
        Cell::new(text, CellKind::Code)
    }

    /// An amount; blank when zero, as the reference leaves zero cells empty.
    pub fn amount(value: crate::model::money::Money) -> Cell {
        if value.is_zero() {
            Cell::blank()
        } else {
            Cell::shown(value)
        }
    }

    /// An amount shown even when zero (`0.00`).
    pub fn shown(value: crate::model::money::Money) -> Cell {
        let mut cell = Cell::new(value.display(), CellKind::Amount);
        cell.value = Some(value);
        cell
    }

    /// An empty cell.
    pub fn blank() -> Cell {
        Cell::new("", CellKind::Text)
    }

    /// Spans `columns` columns and `rows` rows.
    pub fn span(mut self, columns: u16, rows: u16) -> Cell {
        self.colspan = columns;
        self.rowspan = rows;
        self
    }

    /// Set in bold.
    pub fn strong(mut self) -> Cell {
        self.strong = true;
        self
    }
}
