//! Two booklets compared as they print: every figure of the annex tables that changed, by
//! table, row and column, old → new; and every sentence of the text that changed, under its
//! heading. A reviewer reads what one edit of the data did to the booklet, in the booklet's
//! words, wherever it prints (`yusuan diff`, the workspace's unit page).

use super::document::{Block, Cell, CellKind, Document, Table};
use std::collections::BTreeMap;

/// What changed between two booklets.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Changes {
    /// The figures of the tables that changed, in table, row and column order.
    pub figures: Vec<FigureChange>,
    /// The texts that changed, in the order of the booklet.
    pub texts: Vec<TextChange>,
}

impl Changes {
    /// Whether nothing printed changed.
    pub fn is_empty(&self) -> bool {
        self.figures.is_empty() && self.texts.is_empty()
    }
}

/// One figure of a table, before and after. `None` where the row or the table is not printed
/// on that side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FigureChange {
    /// `预算01表 2023年单位收支预算表`.
    pub table: String,
    /// The row's label as printed: its code and name, `合计`, an item.
    pub row: String,
    /// The column's heading, its levels joined: `本年支出 / 基本支出`.
    pub column: String,
    /// As printed before (`11,436.06`, or empty where the cell is blank).
    pub old: Option<String>,
    /// As printed after.
    pub new: Option<String>,
}

/// One sentence (or heading, title, note) before and after; `None` where it is only on the
/// other side.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TextChange {
    /// Where it is printed: the part and headings above it, or the table it notes.
    pub place: String,
    /// Before.
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
}

/// What changed from `old` to `new`.
pub fn compare(old: &Document, new: &Document) -> Changes {
    Changes {
        figures: compare_figures(old, new),
        texts: compare_texts(&sentences(old), &sentences(new)),
    }
}

/// (table, row, column) → the figure printed there. Rows whose label repeats in a table are
/// told apart by their occurrence (`合计`, `合计（2）`).
type Figures = BTreeMap<(String, String, String), String>;

fn compare_figures(old: &Document, new: &Document) -> Vec<FigureChange> {
    let (before, order_before) = figures(old);
    let (after, order_after) = figures(new);
    // In the order the booklet prints them: the new booklet's, then what only the old had.
    let mut order = order_after;
    for key in order_before {
        if !after.contains_key(&key) {
            order.push(key);
        }
    }
    // Grouped by table, in the order the tables print; within a table, rows as they print.
    let mut tables: Vec<&String> = Vec::new();
    for (table, _, _) in &order {
        if !tables.contains(&table) {
            tables.push(table);
        }
    }
    let rank = |table: &String| {
        tables
            .iter()
            .position(|t| *t == table)
            .unwrap_or(usize::MAX)
    };
    let mut order: Vec<(usize, (String, String, String))> = order
        .iter()
        .map(|key| (rank(&key.0), key.clone()))
        .collect();
    order.sort_by_key(|(rank, _)| *rank);
    order
        .into_iter()
        .map(|(_, key)| key)
        .filter_map(|key| {
            let (old, new) = (before.get(&key), after.get(&key));
            (old != new).then(|| FigureChange {
                table: key.0.clone(),
                row: key.1.clone(),
                column: key.2.clone(),
                old: old.cloned(),
                new: new.cloned(),
            })
        })
        .collect()
}

/// Every amount `document`'s tables print, in print order: (`表 / 行 / 列`, the figure). A
/// reviewer's comment names one of these, as `yusuan diff` does.
pub fn figure_places(document: &Document) -> Vec<(String, String)> {
    let (found, order) = figures(document);
    order
        .into_iter()
        .filter_map(|key| {
            let text = found.get(&key)?.clone();
            Some((format!("{} / {} / {}", key.0, key.1, key.2), text))
        })
        .collect()
}

/// Every amount cell of `document`'s tables by its place, and the places in print order.
fn figures(document: &Document) -> (Figures, Vec<(String, String, String)>) {
    let mut found = Figures::new();
    let mut order = Vec::new();
    for table in document.blocks.iter().filter_map(|block| match block {
        Block::Table(table) => Some(table),
        _ => None,
    }) {
        let name = format!("{} {}", table.frame.label, table.frame.title)
            .trim()
            .to_string();
        let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (row, column, text) in amount_cells(table) {
            let count = seen.entry((row.clone(), column.clone())).or_insert(0);
            *count += 1;
            let row = if *count == 1 {
                row
            } else {
                format!("{row}（{count}）")
            };
            let key = (name.clone(), row, column);
            if found.insert(key.clone(), text).is_none() {
                order.push(key);
            }
        }
    }
    (found, order)
}

/// Every amount cell of a table's body: (row label, column heading, text). A row's label is the
/// text of the cells left of its amounts since the previous amounts, so the two halves of a
/// 收支总表 (收入 items and amounts, 支出 items and amounts) label their own figures.
fn amount_cells(table: &Table) -> Vec<(String, String, String)> {
    let grid = Grid::of(table);
    let headers = table.header.len();
    let mut cells = Vec::new();
    for y in headers..grid.rows() {
        let mut pending: Vec<&str> = Vec::new();
        let mut label = String::new();
        let mut after_amount = false;
        let mut previous: Option<&Cell> = None;
        for x in 0..grid.columns {
            let Some(cell) = grid.at(y, x) else { continue };
            // A cell spanning columns is read once.
            if previous.is_some_and(|seen| std::ptr::eq(seen, cell)) {
                continue;
            }
            previous = Some(cell);
            if cell.kind == CellKind::Amount {
                if !after_amount {
                    label = pending.join(" ");
                    pending.clear();
                }
                after_amount = true;
                // An amount spanning rows (a project's on the 绩效目标表) is its first row's.
                if usize::from(cell.row) == y {
                    cells.push((
                        label.clone(),
                        grid.column_heading(x, headers),
                        cell.text.clone(),
                    ));
                }
            } else {
                // An empty cell among the amounts (a blank 资本性支出) neither labels nor
                // separates them.
                let text = cell.text.trim();
                if text.is_empty() {
                    continue;
                }
                if after_amount {
                    pending.clear();
                }
                after_amount = false;
                pending.push(text);
            }
        }
    }
    cells
}

/// A table's cells by grid position, spans filled in.
struct Grid<'a> {
    columns: usize,
    cells: Vec<Vec<Option<&'a Cell>>>,
}

impl<'a> Grid<'a> {
    fn of(table: &'a Table) -> Grid<'a> {
        let columns = table.column_count();
        let rows = table.header.len() + table.body.len();
        let mut cells = vec![vec![None; columns]; rows];
        for cell in table.header.iter().chain(&table.body).flatten() {
            let (y, x) = (usize::from(cell.row), usize::from(cell.column));
            for row in cells
                .iter_mut()
                .skip(y)
                .take(usize::from(cell.rowspan.max(1)))
            {
                for slot in row
                    .iter_mut()
                    .skip(x)
                    .take(usize::from(cell.colspan.max(1)))
                {
                    *slot = Some(cell);
                }
            }
        }
        Grid { columns, cells }
    }

    fn rows(&self) -> usize {
        self.cells.len()
    }

    fn at(&self, y: usize, x: usize) -> Option<&'a Cell> {
        self.cells.get(y)?.get(x).copied().flatten()
    }

    /// The heading of column `x`: the header rows' texts above it, top down, each once.
    fn column_heading(&self, x: usize, headers: usize) -> String {
        let mut levels: Vec<&str> = Vec::new();
        for y in 0..headers {
            if let Some(cell) = self.at(y, x) {
                let text = cell.text.trim();
                if !text.is_empty() && levels.last() != Some(&text) {
                    levels.push(text);
                }
            }
        }
        levels.join(" / ")
    }
}

/// The booklet's text as (place, sentence), in print order: the cover, headings, paragraphs
/// cut after each `。`, and each table's title, unit lines and notes.
fn sentences(document: &Document) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let cover = "封面".to_string();
    found.push((cover.clone(), document.cover.year_line.clone()));
    found.push((cover.clone(), document.cover.title.clone()));
    found.push((cover, document.cover.date_line.clone()));
    let mut part = String::new();
    let mut headings: Vec<String> = Vec::new();
    for block in &document.blocks {
        match block {
            Block::Toc { .. } => {}
            Block::Part { label, title, .. } | Block::Annex { label, title, .. } => {
                part = format!("{label} {title}").trim().to_string();
                headings.clear();
                found.push((part.clone(), part.clone()));
            }
            Block::Heading { level, text, .. } => {
                headings.truncate(usize::from(level.saturating_sub(1)));
                found.push((place(&part, &headings), text.clone()));
                headings.push(text.clone());
            }
            Block::Paragraph { text } => {
                let here = place(&part, &headings);
                for sentence in split_sentences(text) {
                    found.push((here.clone(), sentence));
                }
            }
            Block::Table(table) => {
                let here = table.frame.label.clone();
                for line in [
                    &table.frame.title,
                    &table.frame.unit_name,
                    &table.frame.unit,
                ] {
                    if !line.is_empty() {
                        found.push((here.clone(), line.clone()));
                    }
                }
                // Each body row's words (its amounts are the figures'): a renamed project, a
                // changed 绩效指标 value.
                for row in row_texts(table) {
                    found.push((here.clone(), row));
                }
                for note in &table.frame.notes {
                    for sentence in split_sentences(note) {
                        found.push((here.clone(), sentence));
                    }
                }
            }
        }
    }
    found.retain(|(_, text)| !text.trim().is_empty());
    found
}

/// The text cells of each body row of `table`, joined with ` ｜ `; a cell spanning rows is
/// read in its first.
fn row_texts(table: &Table) -> Vec<String> {
    let headers = table.header.len();
    table
        .body
        .iter()
        .enumerate()
        .map(|(index, row)| {
            row.iter()
                .filter(|cell| {
                    cell.kind != CellKind::Amount
                        && usize::from(cell.row) == headers + index
                        && !cell.text.trim().is_empty()
                })
                .map(|cell| cell.text.trim())
                .collect::<Vec<_>>()
                .join(" ｜ ")
        })
        .filter(|text| !text.is_empty())
        .collect()
}

fn place(part: &str, headings: &[String]) -> String {
    std::iter::once(part)
        .chain(headings.iter().map(String::as_str))
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join(" › ")
}

/// `text` cut after each `。`, `！` or `？`, each piece kept whole with its mark.
fn split_sentences(text: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        current.push(c);
        if matches!(c, '。' | '！' | '？') {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        pieces.push(current);
    }
    pieces
        .into_iter()
        .map(|piece| piece.trim().to_string())
        .filter(|piece| !piece.is_empty())
        .collect()
}

/// The sentences that differ, by a longest common subsequence of the two lists: what only the
/// old has is removed, what only the new has is added, and between two sentences both have,
/// the n-th removal and the n-th addition in the same place are one change, old → new.
fn compare_texts(old: &[(String, String)], new: &[(String, String)]) -> Vec<TextChange> {
    let (n, m) = (old.len(), new.len());
    // common[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut common = vec![vec![0_u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            common[i][j] = if old[i] == new[j] {
                common[i + 1][j + 1] + 1
            } else {
                common[i + 1][j].max(common[i][j + 1])
            };
        }
    }
    let mut changes: Vec<TextChange> = Vec::new();
    // Where the current run of changes (between two equal sentences) starts.
    let mut run = 0;
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            i += 1;
            j += 1;
            run = changes.len();
        } else if i < n && (j == m || common[i + 1][j] >= common[i][j + 1]) {
            // Removals first, so that the addition after them can pair with one.
            changes.push(TextChange {
                place: old[i].0.clone(),
                old: Some(old[i].1.clone()),
                new: None,
            });
            i += 1;
        } else {
            // An addition pairs with the first unpaired removal of its run in the same place:
            // that sentence changed, old → new.
            match changes[run..].iter_mut().find(|change| {
                change.old.is_some() && change.new.is_none() && change.place == new[j].0
            }) {
                Some(removed) => removed.new = Some(new[j].1.clone()),
                None => changes.push(TextChange {
                    place: new[j].0.clone(),
                    old: None,
                    new: Some(new[j].1.clone()),
                }),
            }
            j += 1;
        }
    }
    // A sentence only moved (two rows swapped) is the same on both sides: not a change.
    changes.retain(|change| change.old != change.new);
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences_of(texts: &[&str]) -> Vec<(String, String)> {
        texts
            .iter()
            .map(|text| ("一、总体情况".to_string(), text.to_string()))
            .collect()
    }

    #[test]
    fn sentences_are_cut_after_their_marks() {
        assert_eq!(
            split_sentences("收入11,436.06万元。支出11,436.06万元。 其中："),
            ["收入11,436.06万元。", "支出11,436.06万元。", "其中："]
        );
    }

    #[test]
    fn a_changed_sentence_is_one_change_and_the_others_are_kept_apart() {
        let old = sentences_of(&["甲。", "收入11,436.06万元。", "乙。", "丙。", "己。"]);
        let new = sentences_of(&[
            "甲。",
            "收入11,437.06万元。",
            "乙。",
            "丁。",
            "戊。",
            "庚。",
        ]);
        let changes = compare_texts(&old, &new);
        let shown: Vec<(Option<&str>, Option<&str>)> = changes
            .iter()
            .map(|c| (c.old.as_deref(), c.new.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                (Some("收入11,436.06万元。"), Some("收入11,437.06万元。")),
                (Some("丙。"), Some("丁。")),
                (Some("己。"), Some("戊。")),
                (None, Some("庚。")),
            ]
        );
        assert!(compare_texts(&old, &old).is_empty());
    }
}
