//! Column widths that hold their amounts. A table's columns have default proportions; an amount
//! never wraps, so a column whose widest amount does not fit its share is widened to fit it and
//! the others share what is left. Where even that cannot fit the page (amounts near the bound in
//! many columns), the table's type goes down by 号 until it does. Both renderers read the
//! result, so the PDF and the DOCX agree. Tables whose amounts fit keep their proportions.

use super::{CellKind, Table};
use crate::typography::{Hao, Typography};

/// Width of a character of an amount, in em: digits are half-width in every font the booklets
/// use (Fandol, 宋体); Fandol's comma and point are 0.28 em (宋体's are wider, 0.5 em, but an
/// office font replaces Fandol only where it is installed, and then in the DOCX alone).
fn amount_char_em(c: char) -> f32 {
    match c {
        ',' | '.' => 0.28,
        '-' => 0.34,
        _ => 0.5,
    }
}

/// Room the amount needs besides its characters, in em: the reference booklet's columns leave
/// about this much, so its tables keep their proportions.
const CELL_PADDING_EM: f32 = 0.3;

/// The narrowest a text column may become, in em: two characters a line.
const TEXT_COLUMN_MIN_EM: f32 = 2.6;

/// Makes every amount of `table` fit its column (see the module notes).
pub fn fit_amounts(table: &mut Table, typography: &Typography) {
    let width = typography.text_width_pt(table.landscape);
    let mut size = typography.table_size(table.landscape);
    let ems = widest_amounts(table);
    let weights: Vec<f32> = table.columns.iter().map(|&w| f32::from(w)).collect();
    loop {
        let needed: Vec<f32> = ems.iter().map(|&em| needed_pt(em, size)).collect();
        if fits_in_shares(&weights, &needed, width) {
            if size != typography.table_size(table.landscape) {
                table.type_size = Some(size);
            }
            return;
        }
        if let Some(widths) = widen(&weights, &needed, width, TEXT_COLUMN_MIN_EM * size.pt()) {
            table.columns = to_weights(&widths);
            if size != typography.table_size(table.landscape) {
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

/// For each column, the width of its widest amount in em (0 when it holds none). Cells spanning
/// several columns are left out: they have the room of all of them.
fn widest_amounts(table: &Table) -> Vec<f32> {
    let mut widest = vec![0.0_f32; table.column_count()];
    for row in &table.body {
        let mut column = 0;
        for cell in row {
            if cell.kind == CellKind::Amount && cell.colspan <= 1 {
                if let Some(slot) = widest.get_mut(column) {
                    *slot = slot.max(cell.text.chars().map(amount_char_em).sum());
                }
            }
            column += usize::from(cell.colspan.max(1));
        }
    }
    widest
}

/// The width in points a column needs for an amount `em` wide at `size`.
fn needed_pt(em: f32, size: Hao) -> f32 {
    if em == 0.0 {
        0.0
    } else {
        (em + CELL_PADDING_EM) * size.pt()
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
/// over). `None` when the rest would leave a text column narrower than `min_text`.
fn widen(weights: &[f32], needed: &[f32], width: f32, min_text: f32) -> Option<Vec<f32>> {
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
            let too_narrow = (0..weights.len()).any(|i| needed[i] == 0.0 && widths[i] < min_text);
            return (!too_narrow).then_some(widths);
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
    use crate::document::Cell;
    use crate::money::Money;

    fn table(columns: Vec<u16>, rows: Vec<Vec<Cell>>, landscape: bool) -> Table {
        Table {
            label: String::new(),
            title: String::new(),
            toc: String::new(),
            unit_name: String::new(),
            unit: String::new(),
            landscape,
            columns,
            type_size: None,
            header: Vec::new(),
            body: rows,
            notes: Vec::new(),
        }
    }

    /// `99,999,999.99`: ten digits, two commas and a point.
    const MAX_EM: f32 = 10.0 * 0.5 + 3.0 * 0.28;

    fn amount(text: &str) -> Money {
        Money::parse(text).unwrap()
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
                share >= needed_pt(MAX_EM, size) - 0.1,
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
            assert!(width * f32::from(w) / total >= needed_pt(MAX_EM, size) - 0.1);
        }
    }
}
