//! What a number cell shows under its number format, for the fields whose meaning is what is
//! shown (texts, 指标值, `extra:` values, codes): `0.95` under `"≥"0%` shows `≥95%`, a date under
//! `yyyy"年"m"月"d"日"` shows `2025年8月31日`, `30016` under `000000` shows `030016`.
//!
//! Only what can be shown exactly is rendered: digits, decimals, grouping, percent, literal text
//! and calendar dates. A format this cannot render (times, month names, Chinese numerals
//! `[DBNum1]`, scientific, fractions, conditions) is reported, so the caller refuses the cell
//! rather than print something other than what the user sees.

use rust_decimal::Decimal;

/// How a cell shows.
#[derive(Debug, PartialEq, Eq)]
pub enum Shown {
    /// As Excel's General format shows it (no format, `General`, `@`).
    General,
    /// This text.
    Text(String),
    /// In a way this module does not render.
    Unknown,
}

/// A calendar date and time of day, as a date cell holds it.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    /// Year, month, day.
    pub date: (u16, u8, u8),
    /// Hour, minute, second.
    pub time: (u8, u8, u8),
}

/// One piece of a format section.
#[derive(Debug, PartialEq)]
enum Token {
    Literal(String),
    /// A digit placeholder: `0`, `#` or `?`.
    Digit(char),
    Point,
    Comma,
    /// A date separator, or a fraction's bar in a number.
    Slash,
    Percent,
    /// A date part: the letter (`y`, `m`, `d`) and how many times it is repeated.
    DatePart(char, usize),
    /// Something this module does not render.
    Unsupported,
    General,
    TextPlaceholder,
}

/// The sections of a format code (`positive;negative;zero;text`), split at `;` outside
/// quotes and escapes.
fn sections(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (at, c) in code.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' | '!' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(&code[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    out.push(&code[start..]);
    out
}

/// The section that shows a number: the first for positives (and for everything when there
/// is one), the third for zero when there are three; a negative under a section of its own is
/// shown without its sign by that section, which is not rendered here (`None`).
fn section(code: &str, value: f64) -> Option<&str> {
    let sections = sections(code);
    match sections.len() {
        _ if value < 0.0 && sections.len() >= 2 => None,
        3.. if value == 0.0 => Some(sections[2]),
        _ => Some(sections[0]),
    }
}

fn tokens(section: &str) -> Vec<Token> {
    let chars: Vec<char> = section.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|c| *c == '"')
                    .map_or(chars.len(), |p| i + 1 + p);
                out.push(Token::Literal(chars[i + 1..end].iter().collect()));
                i = end + 1;
                continue;
            }
            '\\' | '!' => {
                if let Some(next) = chars.get(i + 1) {
                    out.push(Token::Literal(next.to_string()));
                }
                i += 2;
                continue;
            }
            // Padding and fill: their width, not a character.
            '_' | '*' => {
                i += 2;
                continue;
            }
            '[' => {
                let end = chars[i..]
                    .iter()
                    .position(|c| *c == ']')
                    .map_or(chars.len(), |p| i + p);
                let inside: String = chars[i + 1..end.min(chars.len())].iter().collect();
                out.extend(bracket(&inside));
                i = end + 1;
                continue;
            }
            '0' | '#' | '?' => out.push(Token::Digit(c)),
            '.' => out.push(Token::Point),
            ',' => out.push(Token::Comma),
            '%' => out.push(Token::Percent),
            '@' => out.push(Token::TextPlaceholder),
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' => {
                let letter = c.to_ascii_lowercase();
                let run = chars[i..]
                    .iter()
                    .take_while(|c| c.to_ascii_lowercase() == letter)
                    .count();
                out.push(Token::DatePart(letter, run));
                i += run;
                continue;
            }
            'G' | 'g' if section_word(&chars[i..], "general") => {
                out.push(Token::General);
                i += "general".len();
                continue;
            }
            '/' => out.push(Token::Slash),
            'h' | 'H' | 's' | 'S' | 'e' | 'E' | 'a' | 'A' | 'b' | 'B' => {
                out.push(Token::Unsupported)
            }
            other => out.push(Token::Literal(other.to_string())),
        }
        i += 1;
    }
    out
}

fn section_word(chars: &[char], word: &str) -> bool {
    chars.len() >= word.len()
        && chars[..word.len()]
            .iter()
            .map(|c| c.to_ascii_lowercase())
            .eq(word.chars())
}

/// A bracketed part: a currency or locale (`[$¥-804]` shows `¥`, `[$-804]` nothing), a colour
/// (nothing); anything else (`[DBNum1]`, `[h]`, `[>100]`) is not rendered.
fn bracket(inside: &str) -> Option<Token> {
    if let Some(currency) = inside.strip_prefix('$') {
        let symbol = currency.split('-').next().unwrap_or("");
        return (!symbol.is_empty()).then(|| Token::Literal(symbol.to_string()));
    }
    let colours = [
        "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow",
    ];
    let lower = inside.to_ascii_lowercase();
    if colours.contains(&lower.as_str()) || lower.starts_with("color") {
        return None;
    }
    Some(Token::Unsupported)
}

/// How `value` shows under the format `code`; `moment` is its date when the cell is a date.
pub fn shown(value: f64, moment: Option<Moment>, code: Option<&str>) -> Shown {
    let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
        return Shown::General;
    };
    let Some(section) = section(code, value) else {
        return Shown::Unknown;
    };
    if section.is_empty() {
        // `;;;` hides the value: what it means is not on the page to read.
        return Shown::Unknown;
    }
    let tokens = tokens(section);
    if tokens.contains(&Token::Unsupported) {
        return Shown::Unknown;
    }
    if tokens
        .iter()
        .all(|t| matches!(t, Token::General | Token::TextPlaceholder))
    {
        return Shown::General;
    }
    let is_date = tokens.iter().any(|t| matches!(t, Token::DatePart(..)));
    let is_number = tokens.iter().any(|t| matches!(t, Token::Digit(_)));
    let literal = tokens.iter().all(|t| matches!(t, Token::Literal(_)));
    if literal {
        // A section of text alone (`"-"` for zero) shows that text.
        let text = tokens
            .iter()
            .map(|t| match t {
                Token::Literal(text) => text.as_str(),
                _ => "",
            })
            .collect();
        return Shown::Text(text);
    }
    match (is_date, is_number) {
        (true, false) => match moment {
            Some(moment) => date(&tokens, moment),
            None => Shown::Unknown,
        },
        (false, true) => number(&tokens, value),
        _ => Shown::Unknown,
    }
}

/// How a text cell shows under its format: the text section (the fourth, or the only one when
/// it holds `@`) with its literals around the text (`"≥"@` shows `≥95%`); a format with no
/// text section shows the text as it is.
pub fn text(value: &str, code: Option<&str>) -> Shown {
    let Some(code) = code else {
        return Shown::General;
    };
    let sections = sections(code);
    let section = match sections.len() {
        4 => sections[3],
        1 if tokens(sections[0]).contains(&Token::TextPlaceholder) => sections[0],
        _ => return Shown::General,
    };
    let mut out = String::new();
    for token in tokens(section) {
        match token {
            Token::Literal(literal) => out.push_str(&literal),
            Token::TextPlaceholder => out.push_str(value),
            _ => return Shown::Unknown,
        }
    }
    if out == value {
        Shown::General
    } else {
        Shown::Text(out)
    }
}

fn date(tokens: &[Token], moment: Moment) -> Shown {
    let (year, month, day) = moment.date;
    let mut out = String::new();
    for token in tokens {
        match token {
            Token::Literal(text) => out.push_str(text),
            Token::Point => out.push('.'),
            Token::Comma => out.push(','),
            Token::Slash => out.push('/'),
            Token::DatePart('y', 1 | 2) => out.push_str(&format!("{:02}", year % 100)),
            Token::DatePart('y', _) => out.push_str(&format!("{year:04}")),
            Token::DatePart('m', 1) => out.push_str(&month.to_string()),
            Token::DatePart('m', 2) => out.push_str(&format!("{month:02}")),
            Token::DatePart('d', 1) => out.push_str(&day.to_string()),
            Token::DatePart('d', 2) => out.push_str(&format!("{day:02}")),
            _ => return Shown::Unknown,
        }
    }
    Shown::Text(out)
}

fn number(tokens: &[Token], value: f64) -> Shown {
    let first = tokens.iter().position(|t| matches!(t, Token::Digit(_)));
    let last = tokens.iter().rposition(|t| matches!(t, Token::Digit(_)));
    let (Some(first), Some(last)) = (first, last) else {
        return Shown::Unknown;
    };
    let mut prefix = String::new();
    let mut suffix = String::new();
    let mut percents = 0u32;
    let (mut whole_zeros, mut fixed, mut optional) = (0usize, 0u32, 0u32);
    let (mut in_fraction, mut grouped) = (false, false);
    for (index, token) in tokens.iter().enumerate() {
        let side = if index < first {
            Some(&mut prefix)
        } else if index > last {
            Some(&mut suffix)
        } else {
            None
        };
        match (token, side) {
            (Token::Percent, Some(side)) => {
                percents += 1;
                side.push('%');
            }
            (Token::Literal(text), Some(side)) => side.push_str(text),
            (Token::Point, Some(side)) => side.push('.'),
            (Token::Digit(c), None) if in_fraction => {
                if *c == '0' {
                    fixed += 1;
                } else {
                    optional += 1;
                }
            }
            (Token::Digit(c), None) => whole_zeros += usize::from(*c == '0'),
            (Token::Point, None) => in_fraction = true,
            (Token::Comma, None) => grouped = true,
            _ => return Shown::Unknown,
        }
    }
    let Ok(mut exact) = format!("{}", value.abs()).parse::<Decimal>() else {
        return Shown::Unknown;
    };
    for _ in 0..percents {
        let Some(times) = exact.checked_mul(Decimal::from(100)) else {
            return Shown::Unknown;
        };
        exact = times;
    }
    let places = fixed + optional;
    let rounded =
        exact.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{rounded:.*}", places as usize);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut fraction = fraction.to_string();
    while fraction.len() > fixed as usize && fraction.ends_with('0') {
        fraction.pop();
    }
    let whole = whole.trim_start_matches('0');
    let whole = format!("{whole:0>whole_zeros$}");
    let whole = if grouped { group(&whole) } else { whole };
    // Excel keeps the sign of a negative that rounds to zero (`-0`).
    let sign = if value < 0.0 { "-" } else { "" };
    let point = if fraction.is_empty() { "" } else { "." };
    Shown::Text(format!("{sign}{prefix}{whole}{point}{fraction}{suffix}"))
}

fn group(digits: &str) -> String {
    let mut out = String::new();
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: f64, code: &str) -> Shown {
        shown(value, None, Some(code))
    }

    fn t(s: &str) -> Shown {
        Shown::Text(s.to_string())
    }

    #[test]
    fn numbers_show_their_digits_decimals_percent_and_literals() {
        assert_eq!(text(0.95, "0%"), t("95%"));
        assert_eq!(text(1.0, "0%"), t("100%"));
        assert_eq!(text(0.955, "0.0%"), t("95.5%"));
        assert_eq!(text(0.95, r#""≥"0%"#), t("≥95%"));
        assert_eq!(text(87.04, r#""≤"0.00"万元""#), t("≤87.04万元"));
        assert_eq!(text(30016.0, "000000"), t("030016"));
        assert_eq!(text(1234567.891, "#,##0.00"), t("1,234,567.89"));
        assert_eq!(text(2.5, "0.0#"), t("2.5"));
        assert_eq!(text(2.0, "0.##"), t("2"));
        assert_eq!(text(41.0, "0"), t("41"));
        assert_eq!(text(0.5, "0%;[Red]-0%"), t("50%"));
        assert_eq!(text(12.0, r"0\人"), t("12人"));
        assert_eq!(text(12.0, "[$¥-804]0.00"), t("¥12.00"));
        assert_eq!(text(12.0, "General"), Shown::General);
        assert_eq!(text(12.0, "@"), Shown::General);
        assert_eq!(shown(12.0, None, None), Shown::General);
        // What is not rendered is said, never guessed.
        assert_eq!(text(12.0, "[DBNum1]General"), Shown::Unknown);
        assert_eq!(text(1.5e3, "0.00E+00"), Shown::Unknown);
        assert_eq!(text(0.5, "# ?/?"), Shown::Unknown);
        assert_eq!(text(-0.5, "0%;[Red]-0%"), Shown::Unknown);
        // Sections: zero has its own third section; `;;;` hides; negatives under one section
        // keep their sign, even when they round to zero.
        assert_eq!(text(0.0, "0;-0;\"-\""), t("-"));
        assert_eq!(text(0.0, "0\"人\";;\"无\""), t("无"));
        assert_eq!(text(3.0, "0\"人\";;\"无\""), t("3人"));
        assert_eq!(text(12.0, ";;;"), Shown::Unknown);
        assert_eq!(text(-0.4, "0"), t("-0"));
        assert_eq!(text(-2.5, "0.0"), t("-2.5"));
        // Scaling by thousands is not rendered; `!` escapes like `\`.
        assert_eq!(text(1234567.0, "0.0,"), Shown::Unknown);
        assert_eq!(text(1234567.0, "#,##0,"), Shown::Unknown);
        assert_eq!(text(12.0, "0!人"), t("12人"));
        // A percent past what a decimal holds is not rendered, never a panic.
        assert_eq!(text(1e27, "0%"), Shown::Unknown);
    }

    #[test]
    fn texts_show_their_format_s_text_section() {
        assert_eq!(super::text("95%", Some("\"≥\"@")), t("≥95%"));
        assert_eq!(super::text("20", Some("@\"人\"")), t("20人"));
        assert_eq!(super::text("20", Some("0;0;0;@\"人\"")), t("20人"));
        assert_eq!(super::text("20", Some("@")), Shown::General);
        assert_eq!(super::text("20", Some("0.00")), Shown::General);
        assert_eq!(super::text("20", None), Shown::General);
    }

    #[test]
    fn dates_show_as_their_format_says() {
        let moment = Moment {
            date: (2025, 8, 31),
            time: (0, 0, 0),
        };
        let date = |code| shown(45900.0, Some(moment), Some(code));
        assert_eq!(date(r#"yyyy"年"m"月"d"日""#), t("2025年8月31日"));
        assert_eq!(date(r#"yyyy"年"m"月""#), t("2025年8月"));
        assert_eq!(date("yyyy-mm-dd"), t("2025-08-31"));
        assert_eq!(date("yyyy/m/d"), t("2025/8/31"));
        assert_eq!(date("[$-804]yyyy年m月d日"), t("2025年8月31日"));
        assert_eq!(date("h:mm"), Shown::Unknown);
        assert_eq!(date("yyyy-mm-dd hh:mm"), Shown::Unknown);
        assert_eq!(date("mmm d"), Shown::Unknown);
        assert_eq!(date("[DBNum1]yyyy年m月"), Shown::Unknown);
    }
}
