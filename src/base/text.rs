//! Text as users type it, messages quote it and pages measure it: characters that show nothing,
//! the known word a typo most resembles, and a text's width.

/// Characters that show nothing: control characters, zero-width spaces and joiners, direction
/// marks, the BOM, the soft hyphen.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FEFF}'
        )
}

/// A value from the data as a message quotes it: characters that show nothing (zero-width
/// spaces, direction marks, the BOM, control characters) and the no-break space are written as
/// `\u200b`, so the user sees what is there.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let hidden = (is_invisible(c) && c != '\n') || c == '\u{00A0}';
        if hidden {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The candidate nearest to `word` by edit distance, if near enough to be a typo.
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.chars().count() / 3))
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The width of `text` set on one line, in em: ASCII half-width, everything else full-width
/// (Chinese characters and punctuation).
pub fn text_em(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// The width of `text` in Excel's column units, where a digit is one and a 汉字 two: the same
/// measure as [`text_em`], twice over.
pub fn excel_width(text: &str) -> f64 {
    2.0 * f64::from(text_em(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_the_nearest_word() {
        assert_eq!(
            closest("expendture", &["economic", "expenditure", "income"]),
            Some("expenditure")
        );
        assert_eq!(closest("zzz", &["economic", "income"]), None);
    }

    #[test]
    fn widths_count_a_han_character_as_two_digits() {
        assert_eq!(text_em("预算01"), 3.0);
        assert_eq!(excel_width("预算01"), 6.0);
    }

    #[test]
    fn hidden_characters_are_shown_as_codes() {
        assert_eq!(visible("4675.21\u{200B}"), "4675.21\\u200b");
        assert_eq!(visible("a\u{00A0}b\nc"), "a\\u00a0b\nc");
        assert!(is_invisible('\u{FEFF}') && !is_invisible('中'));
    }
}
