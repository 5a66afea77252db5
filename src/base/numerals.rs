//! Chinese numerals as used in headings, list labels and dates (一、十九、二〇二三), full-width
//! digits made half-width, and which characters are Chinese for line breaking.

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// A counting numeral for 1–99: 一, 十, 十九, 二十, 三十四.
pub fn counting(n: u32) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// A year written digit by digit, as on a cover: 二〇二三.
pub fn year(year: u32) -> String {
    year.to_string()
        .chars()
        .map(|c| match c {
            '0' => "〇",
            d => DIGITS[d.to_digit(10).unwrap_or(0) as usize],
        })
        .collect()
}

/// A month or day: 二, 十一.
pub fn month(month: u32) -> String {
    counting(month)
}

/// Chinese characters and full-width punctuation: a line may break before or after each, and
/// no space stands between two of them.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// `text` without the spaces between two Chinese characters or marks: a YAML line folded inside
/// Chinese text becomes a space (`经办服务， 按时`), which Chinese text never has. Every text
/// from data passes through here on its way to the page: the narrative when its lines are
/// joined, a table's text cells when they are made.
pub fn without_folding_spaces(text: &str) -> String {
    if !text.contains(' ') {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, c) in chars.iter().enumerate() {
        let folded = *c == ' '
            && index > 0
            && chars.get(index + 1).is_some_and(|next| is_cjk(*next))
            && is_cjk(chars[index - 1]);
        if !folded {
            out.push(*c);
        }
    }
    out
}

/// The text with its full-width digits made half-width, when it has any (`２０８０１０９`).
pub fn half_width(text: &str) -> Option<String> {
    // A full-width comma alone is punctuation typed in Chinese, not a full-width number.
    let wide = |c: char| ('０'..='９').contains(&c) || c == '．';
    text.chars().any(wide).then(|| {
        text.chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '．' => '.',
                '，' => ',',
                '－' => '-',
                other => other,
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(counting(1), "一");
        assert_eq!(counting(10), "十");
        assert_eq!(counting(11), "十一");
        assert_eq!(counting(19), "十九");
        assert_eq!(counting(20), "二十");
        assert_eq!(counting(34), "三十四");
        assert_eq!(year(2023), "二〇二三");
        assert_eq!(year(2010), "二〇一〇");
        assert_eq!(month(2), "二");
        assert_eq!(month(12), "十二");
    }

    #[test]
    fn full_width_digits_are_made_half_width() {
        assert_eq!(half_width("２０８０１０９").as_deref(), Some("2080109"));
        assert_eq!(half_width("４，６７５．２１").as_deref(), Some("4,675.21"));
        assert_eq!(half_width("4，675.21"), None);
        assert_eq!(half_width("2080109"), None);
    }
}
