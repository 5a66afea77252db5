//! Column widths that hold their amounts. A table's columns have default proportions; an amount
//! never wraps, so a column whose widest amount does not fit its share is widened to fit it and
//! the others share what is left. Where even that cannot fit the page (amounts near the bound in
//! many columns), the table's type goes down by 号 until it does. Both renderers read the
//! result, so the PDF and the DOCX agree. Tables whose amounts fit keep their proportions.

use super::{CellKind, Table};
use crate::base::numerals::is_cjk;
use crate::base::text::text_em;
use crate::base::typography::{Hao, Typography};

/// Width of a character of an amount, in em. Digits are half-width in every font the booklets
/// use; Fandol's comma and point are narrower (0.28 em), but 宋体's, which Word uses for the
/// DOCX, are half-width too, and the DOCX must not wrap an amount either.
fn amount_char_em(_: char) -> f32 {
    0.5
}

/// Room an amount needs besides its characters, in em: the cell's inset on both sides (the
/// PDF's inset and the DOCX's cell margins are the same), with a little air.
pub(super) fn cell_padding_em(typography: &Typography) -> f32 {
    2.0 * typography.cell_inset_em + 0.1
}

/// Runs of this many letters, digits or signs break anywhere (the layout template's rule), so
/// a shorter run is the widest a text needs without a break.
const UNBREAKABLE_RUN: usize = 16;

/// Makes every amount of `table` fit its column (see the module notes).
pub fn fit_amounts(table: &mut Table, typography: &Typography) {
    let width = typography.text_width_pt(table.frame.landscape);
    let mut size = typography.table_size(table.frame.landscape);
    let ems = widest_unbreakable(table);
    let weights: Vec<f32> = table.columns.iter().map(|&w| f32::from(w)).collect();
    loop {
        let needed: Vec<f32> = ems
            .iter()
            .map(|&em| needed_pt(em, size, typography))
            .collect();
        if fits_in_shares(&weights, &needed, width) {
            if size != typography.table_size(table.frame.landscape) {
                table.type_size = Some(size);
            }
            return;
        }
        if let Some(widths) = widen(&weights, &needed, width) {
            table.columns = to_weights(&widths);
            if size != typography.table_size(table.frame.landscape) {
                table.type_size = Some(size);
            }
            return;
        }
        match size.smaller() {
            Some(smaller) => size = smaller,
            // 七号 is as small as print goes; amounts are bounded so that this is not reached.
            None => return,
        }
    }
}

/// For each column, the width in em of the widest thing in it that cannot break: a whole
/// amount or code, or the longest run of letters, digits and signs of a text or code (a Chinese
/// character breaks anywhere: one em). Cells spanning several columns are left out: they have
/// the room of all of them.
fn widest_unbreakable(table: &Table) -> Vec<f32> {
    let mut widest = vec![0.0_f32; table.column_count()];
    for row in table.header.iter().chain(&table.body) {
        let mut column = 0;
        for cell in row {
            if cell.colspan <= 1 && !cell.text.is_empty() {
                if let Some(slot) = widest.get_mut(column) {
                    *slot = slot.max(unbreakable_em(&cell.text, cell.kind));
                }
            }
            column += usize::from(cell.colspan.max(1));
        }
    }
    widest
}

fn unbreakable_em(text: &str, kind: CellKind) -> f32 {
    // Amounts never wrap; nor do codes, so a code is found whole when the PDF is searched
    // (the reference prints even the 21-digit project codes on one line).
    if matches!(kind, CellKind::Amount | CellKind::Code) {
        return text.chars().map(amount_char_em).sum();
    }
    // Lines break at spaces and around Chinese characters and punctuation; a run of anything
    // else (`≤1529.82`, `90%`) stays together unless it is long enough to break anywhere.
    let breaks = |c: char| c.is_whitespace() || is_cjk(c);
    let widest_run = text
        .split(breaks)
        .filter(|run| run.chars().count() < UNBREAKABLE_RUN)
        .map(text_em)
        .fold(0.0, f32::max);
    let han = if text.chars().any(is_cjk) { 1.0 } else { 0.0 };
    widest_run.max(han).max(widest_bracket(text))
}

/// The widest short bracketed phrase of `text` (`（项目名称）`), in em: its column has room for
/// it on one line, since renderers that trim a bracket's half-width space at a line's start
/// (Typst) and those that do not (Word, LibreOffice) give it a different number of lines in a
/// column just too narrow for it.
fn widest_bracket(text: &str) -> f32 {
    const SHORT: usize = 8;
    let mut widest = 0.0_f32;
    let mut rest = text;
    while let Some(open) = rest.find('（') {
        let after = &rest[open..];
        let Some(close) = after.find('）') else {
            break;
        };
        let phrase = &after[..close + '）'.len_utf8()];
        if phrase.chars().count() <= SHORT {
            widest = widest.max(text_em(phrase));
        }
        rest = &after[close + '）'.len_utf8()..];
    }
    widest
}

/// The width in points a column needs for an amount `em` wide at `size`.
fn needed_pt(em: f32, size: Hao, typography: &Typography) -> f32 {
    if em == 0.0 {
        0.0
    } else {
        (em + cell_padding_em(typography)) * size.pt()
    }
}

fn fits_in_shares(weights: &[f32], needed: &[f32], width: f32) -> bool {
    let total: f32 = weights.iter().sum();
    weights
        .iter()
        .zip(needed)
        .all(|(&w, &need)| need <= width * w / total)
}

/// Widths in points: columns that need more than their share get what they need, the others
/// share the rest in their proportions (repeated, since shrinking the others may push another
/// over). `None` when the needs together exceed the width.
fn widen(weights: &[f32], needed: &[f32], width: f32) -> Option<Vec<f32>> {
    let mut fixed = vec![false; weights.len()];
    loop {
        let fixed_width: f32 = needed
            .iter()
            .zip(&fixed)
            .filter(|(_, &f)| f)
            .map(|(&n, _)| n)
            .sum();
        let rest = width - fixed_width;
        let free_weight: f32 = weights
            .iter()
            .zip(&fixed)
            .filter(|(_, &f)| !f)
            .map(|(&w, _)| w)
            .sum();
        if rest <= 0.0 {
            return None;
        }
        let widths: Vec<f32> = (0..weights.len())
            .map(|i| {
                if fixed[i] {
                    needed[i]
                } else {
                    rest * weights[i] / free_weight.max(f32::MIN_POSITIVE)
                }
            })
            .collect();
        let mut changed = false;
        for i in 0..weights.len() {
            if !fixed[i] && needed[i] > widths[i] {
                fixed[i] = true;
                changed = true;
            }
        }
        if !changed {
            return Some(widths);
        }
    }
}

/// Widths in points as the model's relative weights (tenths of a point, so no precision the
/// page could show is lost).
fn to_weights(widths: &[f32]) -> Vec<u16> {
    widths
        .iter()
        .map(|&w| (w * 10.0).round().clamp(1.0, f32::from(u16::MAX)) as u16)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::document::Cell;
    use crate::model::money::Money;

    fn table(columns: Vec<u16>, rows: Vec<Vec<Cell>>, landscape: bool) -> Table {
        Table {
            frame: crate::compose::document::TableFrame {
                landscape,
                ..Default::default()
            },
            columns,
            body: rows,
            ..Table::default()
        }
    }

    /// `99,999,999.99`: thirteen characters.
    const MAX_EM: f32 = 13.0 * 0.5;

    fn amount(text: &str) -> Money {
        Money::typed(text).unwrap()
    }

    #[test]
    fn tables_whose_amounts_fit_keep_their_proportions() {
        let mut t = table(
            vec![3, 1, 1],
            vec![vec![
                Cell::text("社会保险经办机构"),
                Cell::amount(amount("11436.06")),
                Cell::amount(amount("4675.21")),
            ]],
            false,
        );
        fit_amounts(&mut t, &Typography::default());
        assert_eq!(t.columns, [3, 1, 1]);
        assert_eq!(t.type_size, None);
    }

    #[test]
    fn a_cell_spanning_columns_has_the_room_of_all_of_them() {
        // Twenty narrow columns: one of them could not hold the amount, all twenty can.
        let mut t = table(
            vec![1; 20],
            vec![
                vec![Cell::shown(amount("99999999.99")).span(20, 1)],
                vec![Cell::blank(); 20],
            ],
            true,
        );
        fit_amounts(&mut t, &Typography::default());
        assert_eq!(t.columns, [1; 20]);
    }

    #[test]
    fn a_code_column_is_widened_to_hold_the_whole_code() {
        let typography = Typography::default();
        let mut t = table(
            vec![2; 14],
            vec![(0..14)
                .map(|i| {
                    if i == 0 {
                        Cell::code("410700220000000029838")
                    } else {
                        Cell::text("甲")
                    }
                })
                .collect()],
            true,
        );
        fit_amounts(&mut t, &typography);
        let total: f32 = t.columns.iter().map(|&w| f32::from(w)).sum();
        let share = typography.text_width_pt(true) * f32::from(t.columns[0]) / total;
        assert!(
            share >= needed_pt(21.0 * 0.5, typography.table_size(true), &typography) - 0.1,
            "{share}"
        );
    }

    #[test]
    fn a_column_too_narrow_for_its_amount_is_widened() {
        let typography = Typography::default();
        let mut columns = vec![2];
        columns.extend([1; 12]);
        let mut row = vec![Cell::text("合计")];
        row.extend(
            (0..12).map(|i| Cell::amount(amount(if i < 3 { "99999999.99" } else { "1.00" }))),
        );
        let mut t = table(columns, vec![row], true);
        fit_amounts(&mut t, &typography);
        let total: f32 = t.columns.iter().map(|&w| f32::from(w)).sum();
        let width = typography.text_width_pt(true);
        let size = typography.table_size(true);
        for column in 1..4 {
            let share = width * f32::from(t.columns[column]) / total;
            assert!(
                share >= needed_pt(MAX_EM, size, &typography) - 0.1,
                "column {column}: {share} pt"
            );
        }
        assert_eq!(t.type_size, None, "widening alone was enough");
    }

    #[test]
    fn when_widening_cannot_fit_the_type_gets_smaller() {
        let typography = Typography::default();
        let mut row = vec![Cell::text("合计")];
        row.extend((0..10).map(|_| Cell::amount(amount("99999999.99"))));
        let mut columns = vec![2];
        columns.extend([1; 10]);
        let mut t = table(columns, vec![row], false);
        fit_amounts(&mut t, &typography);
        let size = t.type_size.expect("a smaller size");
        assert!(size.pt() < typography.table_size(false).pt());
        let total: f32 = t.columns.iter().map(|&w| f32::from(w)).sum();
        let width = typography.text_width_pt(false);
        for &w in &t.columns[1..] {
            assert!(width * f32::from(w) / total >= needed_pt(MAX_EM, size, &typography) - 0.1);
        }
    }

    #[test]
    fn a_short_bracketed_phrase_is_kept_whole() {
        assert_eq!(widest_bracket("项目单位（项目名称）"), 6.0);
        assert_eq!(widest_bracket("资金（万元）与（亿元）"), 4.0);
        // A long aside may break, as any text does.
        assert_eq!(widest_bracket("说明（这是一段很长的说明文字）"), 0.0);
        assert_eq!(widest_bracket("项目名称"), 0.0);
        assert_eq!(
            unbreakable_em("项目单位（项目名称）", CellKind::Center),
            6.0
        );
    }
}
