//! Line breaks for short Chinese labels and names that would leave one character alone on
//! their last line (“工资福利支 / 出”, “单位名 / 称”): such a cell gets even lines instead
//! (“工资福 / 利支出”), chosen here from the column widths so that the PDF and the DOCX set the
//! same lines. Word and LibreOffice break greedily and cannot be asked to balance, so the lines
//! are given to them. The cell keeps as many lines as it had, so no row grows.

use super::{CellKind, Table};
use crate::base::typography::Typography;

/// Marks that never begin a line (Chinese and Latin).
const CLOSING: &str = "，。、；：）》」』】”’！？…·)";
/// Marks that never end a line.
const OPENING: &str = "（《「『【“‘(";
/// The closing marks that end a bracket or a quotation.
const BRACKET_ENDS: &str = "）》」』】”’)";

/// Whether `c` never begins a line.
pub(super) fn is_closing(c: char) -> bool {
    CLOSING.contains(c)
}

/// Whether `c` never ends a line.
pub(super) fn is_opening(c: char) -> bool {
    OPENING.contains(c)
}

/// Gives even lines to every cell of `table` whose text would leave one character alone (see
/// the module notes). Runs after the columns are fitted and the cells placed.
pub fn balance_lines(table: &mut Table, typography: &Typography) {
    let size = table
        .type_size
        .unwrap_or_else(|| typography.table_size(table.frame.landscape))
        .pt();
    let width = typography.text_width_pt(table.frame.landscape);
    let total: f32 = table
        .columns
        .iter()
        .map(|&w| f32::from(w))
        .sum::<f32>()
        .max(1.0);
    let columns: Vec<f32> = table
        .columns
        .iter()
        .map(|&w| f32::from(w) * width / total)
        .collect();
    // The cell's inset on both sides, with the same air the amounts get.
    let padding = super::fit::cell_padding_em(typography) * size;
    for cell in table
        .header
        .iter_mut()
        .chain(table.body.iter_mut())
        .flatten()
    {
        if matches!(cell.kind, CellKind::Amount | CellKind::Code) {
            continue;
        }
        let start = usize::from(cell.column);
        let end = (start + usize::from(cell.colspan.max(1))).min(columns.len());
        let room: f32 = columns.get(start..end).map_or(0.0, |c| c.iter().sum());
        let capacity = (room - padding) / size;
        if capacity >= 2.0 {
            if let Some(lines) = figure_and_unit(&cell.text, capacity)
                .or_else(|| two_lines(&cell.text, capacity))
                .or_else(|| even_lines(&cell.text, capacity.floor() as usize))
            {
                cell.lines = lines;
            }
        }
    }
}

/// A figure with its unit (`≤200万元`, `≥1.5亿元`, `57人`) that may not hold one line: the
/// figure on the first line, the unit on the second, in both renderers (“≤200 / 万元”, where
/// LibreOffice's wider Latin digits made it “≤200万 / 元” and the PDF “≤200万元”). Digits are
/// measured at 0.55 em, the widest a fallback Latin face sets them; the Chinese–Latin gap
/// counts a quarter em.
fn figure_and_unit(text: &str, capacity: f32) -> Option<Vec<String>> {
    let split = text.find(|c: char| !c.is_ascii() && !"≤≥＜＞".contains(c))?;
    let (figure, unit) = text.split_at(split);
    let digits = figure.trim_start_matches(['≤', '≥', '＜', '＞', '<', '>']);
    let is_figure = !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || ".,%".contains(c));
    let is_unit = (1..=3).contains(&unit.chars().count()) && unit.chars().all(|c| !c.is_ascii());
    if !is_figure || !is_unit {
        return None;
    }
    let width = |text: &str| -> f32 {
        text.chars()
            .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
            .sum()
    };
    let whole = width(text) + 0.25;
    if whole <= capacity || width(figure) > capacity || width(unit) > capacity {
        return None;
    }
    Some(vec![figure.to_string(), unit.to_string()])
}

/// Width of a character in em: Latin signs (the brackets of `因公出国(境)费`) are half-width.
fn char_em(c: char) -> f32 {
    if c.is_ascii() {
        0.5
    } else {
        1.0
    }
}

/// The two lines of a label that greedy breaking at `capacity` em would set in two lines badly:
/// one character alone on the second (“因公出国(境)” / “费”), or a break inside brackets
/// (“项目单位（项” / “目名称）”). The break chosen keeps brackets whole where it can, then makes
/// the lines as even as it can (the first the longer), never before a closing mark or after an
/// opening one. `None` when greedy breaking is fine, takes more than two lines, or the text has
/// Latin letters, digits or spaces (whose widths differ between fonts).
fn two_lines(text: &str, capacity: f32) -> Option<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    if chars
        .iter()
        .any(|c| c.is_ascii_alphanumeric() || c.is_whitespace())
    {
        return None;
    }
    let widths: Vec<f32> = chars.iter().map(|&c| char_em(c)).collect();
    let total: f32 = widths.iter().sum();
    if total <= capacity {
        return None;
    }
    // Where greedy breaking ends the first line, and whether the rest fits one line.
    let mut used = 0.0;
    let greedy = widths
        .iter()
        .take_while(|&&w| {
            used += w;
            used <= capacity
        })
        .count();
    let rest: f32 = widths[greedy..].iter().sum();
    if greedy == 0 || rest > capacity {
        return None;
    }
    // Bracket depth before each character.
    let mut depth = vec![0i32; chars.len() + 1];
    for (i, &c) in chars.iter().enumerate() {
        depth[i + 1] = depth[i] + i32::from(is_opening(c)) - i32::from(BRACKET_ENDS.contains(c));
    }
    let lone = chars.len() - greedy == 1;
    let inside = depth[greedy] > 0;
    if !lone && !inside {
        return None;
    }
    let width_to = |at: usize| -> f32 { widths[..at].iter().sum() };
    let best = (1..chars.len())
        .filter(|&at| !is_closing(chars[at]) && !is_opening(chars[at - 1]))
        .filter(|&at| chars.len() - at >= 2)
        .filter(|&at| width_to(at) <= capacity && total - width_to(at) <= capacity)
        .min_by(|&a, &b| {
            let key = |at: usize| {
                (
                    i32::from(depth[at] > 0),
                    ((width_to(at) - (total - width_to(at))).abs() * 100.0) as i64,
                    std::cmp::Reverse(at),
                )
            };
            key(a).cmp(&key(b))
        })?;
    Some(vec![
        chars[..best].iter().collect(),
        chars[best..].iter().collect(),
    ])
}

/// The lines of `text` set `capacity` characters a line, evened out, when greedy breaking would
/// leave one character on the last line; `None` otherwise, and for a text with Latin letters,
/// digits or spaces (whose widths differ between fonts).
fn even_lines(text: &str, capacity: usize) -> Option<Vec<String>> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n <= capacity || n % capacity != 1 || chars.iter().any(|c| c.is_ascii() || c.is_whitespace())
    {
        return None;
    }
    // As many lines as greedy breaking gives, their lengths differing by one at most (the
    // longer first).
    let count = n.div_ceil(capacity);
    let (base, extra) = (n / count, n % count);
    // Break points, moved so that no line begins with a closing mark or ends with an opening
    // one: the mark goes with its neighbour, a character earlier.
    let mut breaks: Vec<usize> = (1..count).map(|i| i * base + i.min(extra)).collect();
    for point in &mut breaks {
        while *point > 1 && (is_closing(chars[*point]) || is_opening(chars[*point - 1])) {
            *point -= 1;
        }
    }
    let mut lines = Vec::new();
    let mut from = 0;
    for &point in breaks.iter().chain(std::iter::once(&n)) {
        if point <= from || point - from > capacity {
            return None;
        }
        lines.push(chars[from..point].iter().collect::<String>());
        from = point;
    }
    // Still a lone character at the end (the marks moved the breaks): leave it to the renderer.
    (lines.last().is_some_and(|last| last.chars().count() > 1)).then_some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, capacity: usize) -> Option<Vec<String>> {
        even_lines(text, capacity)
    }

    fn owned(lines: &[&str]) -> Option<Vec<String>> {
        Some(lines.iter().map(|line| line.to_string()).collect())
    }

    #[test]
    fn a_lone_last_character_is_evened_out() {
        assert_eq!(lines("工资福利支出", 5), owned(&["工资福", "利支出"]));
        assert_eq!(lines("单位名称", 3), owned(&["单位", "名称"]));
        assert_eq!(
            lines("财政专户管理资金收入", 3),
            owned(&["财政专", "户管理", "资金", "收入"])
        );
        assert_eq!(
            lines("对个人和家庭的补助支出", 5),
            owned(&["对个人和", "家庭的补", "助支出"])
        );
    }

    #[test]
    fn what_fits_or_ends_with_two_is_left_alone() {
        assert_eq!(lines("科目名称", 4), None);
        assert_eq!(lines("对个人和家庭的补助", 5), None);
        assert_eq!(lines("2023年预算数", 5), None);
        assert_eq!(lines("其中 财政拨款", 3), None);
    }

    #[test]
    fn two_line_labels_keep_brackets_whole() {
        let two = |text: &str, capacity: f32| two_lines(text, capacity);
        // Latin brackets are half-width: “因公出国(境)” fills six em, “费” would be alone.
        assert_eq!(two("因公出国(境)费", 6.0), owned(&["因公出国", "(境)费"]));
        // A greedy break inside the brackets moves before them.
        assert_eq!(
            two("项目单位（项目名称）", 6.0),
            owned(&["项目单位", "（项目名称）"])
        );
        // A fine greedy break, or one line, is left to the renderers.
        assert_eq!(two("单位名称", 4.0), None);
        assert_eq!(two("一般公共预算", 4.0), None);
        assert_eq!(two("2023年预算数", 4.0), None);
    }

    #[test]
    fn a_figure_too_wide_for_its_cell_keeps_its_unit_whole() {
        assert_eq!(figure_and_unit("≤200万元", 4.5), owned(&["≤200", "万元"]));
        assert_eq!(figure_and_unit("≥1.5亿元", 4.5), owned(&["≥1.5", "亿元"]));
        // What fits with room to spare, and what is not a figure, are left alone.
        assert_eq!(figure_and_unit("≤200万元", 8.0), None);
        assert_eq!(figure_and_unit("及时", 1.0), None);
        assert_eq!(figure_and_unit("符合(国办发(2004)9号)", 4.0), None);
    }

    #[test]
    fn marks_stay_with_their_neighbours() {
        // An opening bracket never ends a line: the break moves before it.
        assert_eq!(
            lines("项目单位（项目名称）", 9),
            owned(&["项目单位", "（项目名称）"])
        );
        assert_eq!(
            lines("一般公共服务（类）支出", 10),
            owned(&["一般公共服务", "（类）支出"])
        );
        // A closing mark never begins one: the break moves before the character it follows.
        assert_eq!(lines("工资福、利", 4), owned(&["工资", "福、利"]));
    }
}
