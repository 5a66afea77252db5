//! A cover title broken where a reader would break it: between the parts of a unit's name
//! (上海市 / 普陀区 / 人民政府 / 石泉路街道 / 办事处（本级）), after a colon, after a year, never
//! inside a place name (“石泉 / 路街道”). Both renderers set the lines given here.

use super::balance::{is_closing, is_opening};
use crate::base::text::text_em;

/// Words after which a title may break: the ends of the parts a unit's name is made of. Not 乡
/// or 镇, which end a place as often as they begin one (新乡市); their governments end with
/// 人民政府.
const PART_ENDS: &[&str] = &[
    "：",
    "人民政府",
    "办事处",
    "街道",
    "委员会",
    "中心",
    "）",
    "年",
    "省",
    "市",
    "区",
    "县",
    "局",
    "厅",
    "院",
    "所",
];

/// The lines of `text` at `capacity` em a line: as many parts on a line as fit, each line
/// ending at the end of a part; a part longer than a line breaks where the line is full.
pub fn title_lines(text: &str, capacity: f32) -> Vec<String> {
    pack(text, capacity, capacity, spaced_em)
}

/// A line ends early, at the end of a part, only when it is at least this full; a shorter one
/// fills up with the next part's characters (“7. 2026年” alone would read worse than a break
/// inside a long part).
const FULL_ENOUGH: f32 = 0.6;

/// Packs the parts of `text` into lines, the first `first` wide and the others `rest`, widths
/// by `width`.
fn pack(text: &str, first: f32, rest: f32, width: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let capacity = |lines: &Vec<String>| if lines.is_empty() { first } else { rest };
    for part in parts(text) {
        let room = capacity(&lines);
        if !line.is_empty()
            && width(&line) + width(&part) > room
            && width(&line) >= FULL_ENOUGH * room
        {
            lines.push(std::mem::take(&mut line));
        }
        for c in part.chars() {
            let room = capacity(&lines);
            if !line.is_empty() && width(&line) + width(&c.to_string()) > room {
                // A closing mark takes the character before it down with it.
                let carried = if is_closing(c) { line.pop() } else { None };
                lines.push(std::mem::take(&mut line));
                line.extend(carried);
            }
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut after every part end (a part of at least two characters, so 市 in 新乡市 ends
/// one and a lone 市 does not).
fn parts(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts = Vec::new();
    let mut part = String::new();
    for (index, &c) in chars.iter().enumerate() {
        part.push(c);
        let ends = PART_ENDS.iter().any(|end| part.ends_with(end));
        let next = chars.get(index + 1).copied();
        // A closing mark stays with what it closes; 市场, 年度, 所属 … are words of their own.
        let held = next.is_some_and(|n| is_closing(n) || WORDS_ON.contains(&[c, n]));
        if ends && part.chars().count() >= 2 && !held {
            parts.push(std::mem::take(&mut part));
        }
    }
    if !part.is_empty() {
        parts.push(part);
    }
    parts
}

/// The space Typst and LibreOffice put between Chinese and Latin letters or digits
/// (`2023 年`), in em: a quarter.
const AUTOSPACE_EM: f32 = 0.25;

/// How many places in `text` a Chinese character meets a Latin letter or digit.
fn latin_gaps(text: &str) -> f32 {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .filter(|pair| {
            let (a, b) = (pair[0], pair[1]);
            (a.is_ascii_alphanumeric() && !b.is_ascii())
                || (!a.is_ascii() && b.is_ascii_alphanumeric())
        })
        .count() as f32
}

/// `text`'s width in em set as the renderers set it: [`text_em`] and the Latin gaps.
fn spaced_em(text: &str) -> f32 {
    text_em(text) + AUTOSPACE_EM * latin_gaps(text)
}

/// The character offsets in `text` where a part ends.
fn part_ends(text: &str) -> Vec<usize> {
    parts(text)
        .iter()
        .scan(0, |at, part| {
            *at += part.chars().count();
            Some(*at)
        })
        .collect()
}

/// Words that begin with a part's end and go on (新乡市场, 2023年度, 保障局所属 …): no break
/// between their two characters.
const WORDS_ON: &[[char; 2]] = &[
    ['市', '场'],
    ['市', '政'],
    ['市', '民'],
    ['市', '辖'],
    ['市', '直'],
    ['市', '属'],
    ['区', '域'],
    ['县', '域'],
    ['县', '直'],
    ['县', '属'],
    ['省', '直'],
    ['省', '属'],
    ['年', '度'],
    ['局', '长'],
    ['院', '长'],
    ['院', '校'],
    ['所', '属'],
];

/// Room the 目录 keeps on an entry's last line for a two-digit page number, in em of the
/// entry's type (the dot leader between is a fractional box, which takes no room when a line is
/// broken: an entry that leaves one dot still fits).
const TOC_NUMBER_EM: f32 = 1.0;

/// Characters a wrapped 目录 entry keeps on its last line at least (“预算表”).
const TOC_LAST_LINE: usize = 3;

/// The lines a 目录 entry is set in when it would wrap and leave fewer than three characters
/// with its page number (“…分类预算” / “表 …… 29”): its last three characters go down
/// together (“…功能分类” / “预算表 …… 29”), the break never before a closing mark. Empty when
/// the entry fits on its line with its page number, or wraps with enough on its last line.
/// Entries are on the body's character grid (each Chinese character one grid pitch, a Latin
/// one half the type less the grid's tracking), second-level entries two characters in, and a
/// wrapped entry continues two further in, in both renderers.
pub fn toc_lines(
    text: &str,
    level: u8,
    typography: &crate::base::typography::Typography,
) -> Vec<String> {
    let pitch = typography.char_pitch();
    let size = typography.sizes.toc.pt();
    // Widths in grid pitches.
    let width = |text: &str| -> f32 {
        let glyphs: f32 = text
            .chars()
            .map(|c| {
                if c.is_ascii() {
                    (0.5 * size + pitch - size) / pitch
                } else {
                    1.0
                }
            })
            .sum();
        glyphs + latin_gaps(text) * AUTOSPACE_EM * size / pitch
    };
    let line = typography.text_width_pt(false) / pitch;
    let first = if level > 1 { line - 2.0 } else { line };
    let second = first - 2.0;
    let reserve = TOC_NUMBER_EM * size / pitch;
    if width(text) + reserve <= first {
        return Vec::new();
    }
    // Between the parts of a name where the lines are full enough, as titles break.
    let mut lines = pack(text, first, second, width);
    // The last line keeps room for the page number and at least three characters.
    let last = lines.pop().unwrap_or_default();
    let mut chars: Vec<char> = lines.pop().map(|l| l.chars().collect()).unwrap_or_default();
    let mut tail: Vec<char> = last.chars().collect();
    let room = if lines.is_empty() && chars.is_empty() {
        first
    } else {
        second
    };
    if width(&last) + reserve > room {
        // The number does not fit beside it: its last three characters go down.
        let at = tail.len().saturating_sub(TOC_LAST_LINE);
        chars.extend(tail.drain(..at));
    }
    // A last line of two that a part ends (“…采购中心） / 概况”) is a word, not a remnant.
    let at_part_end = {
        let before: usize = lines.iter().map(|l| l.chars().count()).sum::<usize>() + chars.len();
        part_ends(text).contains(&before)
    };
    while tail.len() < TOC_LAST_LINE && !chars.is_empty() && !(tail.len() >= 2 && at_part_end) {
        tail.insert(0, chars.pop().unwrap_or_default());
    }
    // Never a closing mark at a line's start, nor an opening one at its end.
    while tail.first().is_some_and(|&c| is_closing(c))
        || chars.last().is_some_and(|&c| is_opening(c))
    {
        match chars.pop() {
            Some(c) => tail.insert(0, c),
            None => break,
        }
    }
    if !chars.is_empty() {
        lines.push(chars.into_iter().collect());
    }
    lines.push(tail.into_iter().collect());
    if lines.len() == 1 {
        return Vec::new();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_unit_name_breaks_between_its_parts() {
        assert_eq!(
            title_lines(
                "预算单位：上海市普陀区人民政府石泉路街道办事处（本级）",
                17.0
            ),
            vec!["预算单位：上海市普陀区人民政府", "石泉路街道办事处（本级）"]
        );
    }

    #[test]
    fn a_bureau_ends_a_part() {
        assert_eq!(
            title_lines(
                "新乡市人力资源和社会保障局机关事业单位养老保险服务中心新乡市单位预算",
                16.5
            ),
            vec![
                "新乡市人力资源和社会保障局",
                "机关事业单位养老保险服务中心",
                "新乡市单位预算"
            ]
        );
    }

    #[test]
    fn a_short_first_part_does_not_make_a_line_of_its_own() {
        // “2026年” ends a part, but a line of it alone would be a poor line: the line fills.
        let lines = title_lines(
            "2026年预算单位一般公共预算基本支出部门预算经济分类预算表",
            20.0,
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(spaced_em(&lines[0]) > 19.0, "{lines:?}");
    }

    #[test]
    fn words_that_begin_with_a_part_end_are_kept_whole() {
        assert_eq!(
            parts("新乡市红旗区市场监督管理局向阳市场监督管理所"),
            vec!["新乡市", "红旗区", "市场监督管理局", "向阳市场监督管理所"]
        );
        assert_eq!(
            parts("新乡市公共资源交易中心（新乡市政府采购中心）2023年度"),
            vec![
                "新乡市",
                "公共资源交易中心",
                "（新乡市政府采购中心）",
                "2023年度"
            ]
        );
    }

    #[test]
    fn a_title_that_fits_is_one_line() {
        assert_eq!(
            title_lines("新乡市社会保险中心2023年单位预算", 17.0),
            vec!["新乡市社会保险中心2023年单位预算"]
        );
    }

    #[test]
    fn a_part_longer_than_a_line_breaks_where_the_line_is_full() {
        let lines = title_lines("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未", 8.0);
        assert_eq!(lines, vec!["甲乙丙丁戊己庚辛", "壬癸子丑寅卯辰巳", "午未"]);
    }

    #[test]
    fn a_toc_entry_that_would_leave_its_last_character_alone_is_split_evenly() {
        let typography = crate::base::typography::Typography::default();
        let entry = "7. 2026年预算单位国有资本经营预算支出功能分类预算表";
        assert_eq!(
            toc_lines(entry, 2, &typography),
            vec!["7. 2026年预算单位国有资本经营预算支出功能分类", "预算表"]
        );
        // An entry that fits with its page number stays as it is, and so does one whose
        // last line holds enough.
        assert!(toc_lines(
            "6. 2026年预算单位政府性基金预算支出功能分类预算表",
            2,
            &typography
        )
        .is_empty());
        assert_eq!(
            toc_lines(
                "8. 2026年预算单位一般公共预算基本支出部门预算经济分类预算表",
                2,
                &typography
            ),
            vec![
                "8. 2026年预算单位一般公共预算基本支出部门预算经济分",
                "类预算表"
            ]
        );
        assert!(toc_lines("一、单位主要职能", 1, &typography).is_empty());
        // A long unit name in an entry breaks between the parts of the name.
        let long = "一、新乡市人力资源和社会保障局所属新乡市社会保险中心城镇企业职工养老保险经办服务中心主要职责";
        let lines = toc_lines(long, 2, &typography);
        assert_eq!(lines.concat(), long);
        assert!(
            lines[0].ends_with("中心") || lines[0].ends_with("局"),
            "{lines:?}"
        );
    }
}
