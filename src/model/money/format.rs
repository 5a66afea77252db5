//! Amounts as a booklet prints them: rounded half-up once, when shown, with thousands separators;
//! shares as percentages; the profile's [`AmountFormat`].

use super::{DataUnit, Money};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Deserialize;

/// Rounds half away from zero (四舍五入) to `places` decimals.
pub fn round_half_up(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

/// A decimal shown as an amount: two decimals, half-up, with thousands separators.
pub fn format_amount(value: Decimal) -> String {
    format_decimals(value, 2)
}

/// A decimal shown with `places` decimals, half-up, with thousands separators.
pub fn format_decimals(value: Decimal, places: u32) -> String {
    let rounded = round_half_up(value, places);
    let text = format!("{:.*}", places as usize, rounded.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// How a booklet prints amounts: the unit, the decimals, and whether a whole amount drops its
/// zeros (`50` rather than `50.00`, as Shanghai's text and “三公” table print them). What a
/// profile leaves out is the default's (万元, two decimals), so a profile that extends another
/// may write only the setting it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AmountFormat {
    /// 万元 or 元.
    pub unit: DataUnit,
    /// Decimals shown.
    pub decimals: u32,
    /// A whole amount is shown without decimals.
    pub whole_without_decimals: bool,
}

impl Default for AmountFormat {
    /// 万元 with two decimals: `11,436.06`.
    fn default() -> Self {
        AmountFormat {
            unit: DataUnit::Wan,
            decimals: 2,
            whole_without_decimals: false,
        }
    }
}

impl AmountFormat {
    /// `amount` in this format.
    pub fn show(self, amount: Money) -> String {
        let value = self.unit.from_wan(amount.0);
        let rounded = round_half_up(value, self.decimals);
        if self.whole_without_decimals && rounded.fract().is_zero() {
            format_decimals(rounded, 0)
        } else {
            format_decimals(rounded, self.decimals)
        }
    }
}

/// `part` as a percentage of `whole`: `40.88%`, half-up to two decimals. `None` when `whole` is 0.
pub fn format_share(part: Decimal, whole: Decimal) -> Option<String> {
    percent_of(part, whole).map(format_percent)
}

/// `part` in per cent of `whole`, exact. `None` when `whole` is 0.
pub fn percent_of(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    Some(part * Decimal::ONE_HUNDRED / whole)
}

/// A percentage as printed: half-up to two decimals, `40.88%`.
pub fn format_percent(percent: Decimal) -> String {
    format!("{:.2}%", round_half_up(percent, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn amounts_have_two_decimals_and_thousands_separators() {
        assert_eq!(format_amount(d("11436.06")), "11,436.06");
        assert_eq!(format_amount(d("4675.2")), "4,675.20");
        assert_eq!(format_amount(d("0")), "0.00");
        assert_eq!(format_amount(d("999.995")), "1,000.00");
        assert_eq!(format_amount(d("1234567.891")), "1,234,567.89");
        assert_eq!(format_amount(d("100")), "100.00");
        assert_eq!(format_amount(d("-26.16")), "-26.16");
    }

    #[test]
    fn rounding_is_half_up_not_bankers() {
        assert_eq!(format_amount(d("0.125")), "0.13");
        assert_eq!(format_amount(d("0.135")), "0.14");
        assert_eq!(format_amount(d("2.5049")), "2.50");
        assert_eq!(format_share(d("1"), d("8")).unwrap(), "12.50%");
        assert_eq!(format_share(d("1"), d("800")).unwrap(), "0.13%");
    }

    #[test]
    fn shares_of_the_reference_booklet() {
        assert_eq!(format_share(d("4675.21"), d("11436.06")).unwrap(), "40.88%");
        assert_eq!(format_share(d("6760.85"), d("11436.06")).unwrap(), "59.12%");
        assert_eq!(format_share(d("26.16"), d("11462.22")).unwrap(), "0.23%");
        assert_eq!(format_share(d("4267.66"), d("4675.21")).unwrap(), "91.28%");
        assert_eq!(format_share(d("1"), d("0")), None);
    }

    #[test]
    fn a_format_that_names_only_its_unit_shows_two_decimals() {
        let format: AmountFormat = serde_yaml::from_str("unit: 元").unwrap();
        assert_eq!(format.decimals, 2);
        assert_eq!(format.show(Money("1.5".parse().unwrap())), "15,000.00");
        let whole: AmountFormat =
            serde_yaml::from_str("{unit: 万元, decimals: 0, whole_without_decimals: true}")
                .unwrap();
        assert_eq!(whole.show(Money("99.5".parse().unwrap())), "100");
    }
}
