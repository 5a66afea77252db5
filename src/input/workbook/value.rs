//! The pieces both directions share: reaching into the YAML value tree by path, and reading the
//! number in an Excel cell as the decimal it shows.

use rust_decimal::Decimal;
use serde_yaml::{Mapping, Value};

/// The value at a dotted path (`unit.department.code`) under `root`; the empty path is `root`.
pub fn get<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(root);
    }
    path.split('.')
        .try_fold(root, |value, key| value.as_mapping()?.get(key))
        .filter(|value| !value.is_null())
}

/// Sets the value at a dotted path, making the mappings on the way.
pub fn set(root: &mut Value, path: &str, value: Value) {
    let mut keys = path.split('.').peekable();
    let mut here = root;
    while let Some(key) = keys.next() {
        if !here.is_mapping() {
            *here = Value::Mapping(Mapping::new());
        }
        let Value::Mapping(map) = here else {
            unreachable!("just made a mapping")
        };
        let key = Value::String(key.to_string());
        if keys.peek().is_none() {
            map.insert(key, value);
            return;
        }
        here = map
            .entry(key)
            .or_insert_with(|| Value::Mapping(Mapping::new()));
    }
}

/// A scalar as the text a cell shows: strings as they are, numbers in full, 是/否 for booleans.
pub fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(true) => Some("是".into()),
        Value::Bool(false) => Some("否".into()),
        _ => None,
    }
}

/// The decimal a number cell holds, as the text the loader reads, at most `decimals` places.
///
/// Excel keeps numbers as binary floating point, so `0.1 + 0.2` is stored as
/// 0.30000000000000004. The shortest text that gives back the same float is the number typed
/// (Rust prints that text). Excel keeps 15 significant digits of what is typed, so where the
/// shortest text has 15 or more, the digits past the unit's places are the float's, not the
/// user's, and it is rounded to the unit's places (rounding a text that has no more places
/// changes nothing). With fewer, the text is kept as it is, so an amount typed finer than the
/// 分 is refused by the loader with its usual message. No arithmetic happens in floating point.
pub fn decimal_text(number: f64, decimals: u32) -> Option<String> {
    if !number.is_finite() {
        return None;
    }
    let shortest = format!("{number}");
    let exact: Decimal = shortest.parse().ok()?;
    if significant_digits(&shortest) >= EXCEL_SIGNIFICANT_DIGITS {
        let rounded = exact.round_dp_with_strategy(
            decimals,
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        );
        return Some(rounded.normalize().to_string());
    }
    Some(shortest)
}

/// The significant digits Excel keeps of a number typed in a cell.
const EXCEL_SIGNIFICANT_DIGITS: usize = 15;

/// The significant digits of a plain decimal text (`-0.00120` has 3): its digits without the
/// zeros before the first other digit.
pub fn significant_digits(text: &str) -> usize {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let leading = text
        .chars()
        .take_while(|c| matches!(c, '0' | '.' | '-'))
        .filter(char::is_ascii_digit)
        .count();
    digits - leading
}

/// A whole number cell as text (a code, a count), if it is whole and Excel held it exactly.
pub fn whole_text(number: f64) -> Option<String> {
    // 2^53: from it on, a float no longer holds every whole number (2^53 + 1 is stored as
    // 2^53, so 2^53 itself may stand for another number).
    const EXACT: f64 = 9_007_199_254_740_992.0;
    (number.fract() == 0.0 && number.abs() < EXACT).then(|| format!("{number:.0}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_decimal_typed() {
        assert_eq!(decimal_text(3360.15, 6).unwrap(), "3360.15");
        assert_eq!(decimal_text(0.1 + 0.2, 6).unwrap(), "0.3");
        assert_eq!(decimal_text(1234.57 - 0.01, 2).unwrap(), "1234.56");
        assert_eq!(decimal_text(99_999_999.99, 6).unwrap(), "99999999.99");
        assert_eq!(decimal_text(72.0, 2).unwrap(), "72");
        assert_eq!(decimal_text(-5.5, 2).unwrap(), "-5.5");
        // Typed finer than the 分: kept, for the loader to refuse.
        assert_eq!(decimal_text(12.345, 2).unwrap(), "12.345");
        assert_eq!(decimal_text(f64::NAN, 2), None);
    }

    #[test]
    fn float_noise_is_told_from_digits_typed_at_the_edges() {
        // 15 significant digits: what Excel keeps, so the last ones are the float's.
        assert_eq!(decimal_text(1234.56000000001, 2).unwrap(), "1234.56");
        // 14: typed by the user, finer than the 分: kept for the loader to refuse.
        assert_eq!(decimal_text(1234.5600000001, 2).unwrap(), "1234.5600000001");
        // Leading zeros are not significant: 12 digits typed, refused rather than rounded.
        assert_eq!(
            decimal_text(0.000123456789012, 6).unwrap(),
            "0.000123456789012"
        );
        assert_eq!(
            decimal_text(-0.000123456789012, 6).unwrap(),
            "-0.000123456789012"
        );
        // Negative noise is rounded like positive noise (away from zero at the half).
        assert_eq!(decimal_text(-(0.1 + 0.2), 2).unwrap(), "-0.3");
        assert_eq!(decimal_text(-1234.56000000001, 2).unwrap(), "-1234.56");
        // Exactly the unit's places with 15 digits: nothing to round, nothing lost.
        assert_eq!(
            decimal_text(123456789.123456, 6).unwrap(),
            "123456789.123456"
        );
        assert_eq!(
            decimal_text(1234567890123.45, 2).unwrap(),
            "1234567890123.45"
        );
        assert_eq!(significant_digits("-0.00120"), 3);
        assert_eq!(significant_digits("100"), 3);
        assert_eq!(significant_digits("0"), 0);
    }

    #[test]
    fn whole_numbers_only_while_a_float_holds_them() {
        assert_eq!(whole_text(2080109.0).unwrap(), "2080109");
        assert_eq!(whole_text(2080109.5), None);
        assert_eq!(whole_text(410700220000000029838.0), None);
        // 2^53 is where floats stop holding every whole number: it is already refused.
        assert_eq!(whole_text(9_007_199_254_740_992.0), None);
        assert_eq!(
            whole_text(9_007_199_254_740_991.0).unwrap(),
            "9007199254740991"
        );
        assert_eq!(whole_text(-5.0).unwrap(), "-5");
    }

    #[test]
    fn paths_reach_into_the_tree_and_build_it() {
        let mut root = Value::Null;
        set(
            &mut root,
            "unit.department.code",
            Value::String("303".into()),
        );
        set(&mut root, "unit.name", Value::String("甲".into()));
        assert_eq!(
            get(&root, "unit.department.code")
                .and_then(text_of)
                .unwrap(),
            "303"
        );
        assert_eq!(get(&root, "unit.name").and_then(text_of).unwrap(), "甲");
        assert!(get(&root, "unit.year").is_none());
        assert_eq!(text_of(&Value::Bool(true)).unwrap(), "是");
    }
}
