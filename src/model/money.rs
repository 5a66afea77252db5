//! Money and its display: amounts are exact decimals in 万元; rounding happens only when shown.
//!
//! A data file states its amounts in 万元 (the default: up to six decimals, which is to the 分)
//! or in 元 (`amount_unit: 元`, up to two decimals, as budget systems export them). Either way
//! the amount is held exactly in 万元, and every total is the exact sum of its lines; rounding to
//! the profile's display unit happens once, when a figure is printed.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};

/// The unit a data file writes its amounts in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum DataUnit {
    /// 万元 (the default).
    #[default]
    #[serde(rename = "万元")]
    Wan,
    /// 元.
    #[serde(rename = "元")]
    Yuan,
}

impl DataUnit {
    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            DataUnit::Wan => "万元",
            DataUnit::Yuan => "元",
        }
    }

    /// The decimals an amount in this unit may have: to the 分.
    pub fn decimals(self) -> u32 {
        match self {
            DataUnit::Wan => 6,
            DataUnit::Yuan => 2,
        }
    }

    /// Reads the unit of a data file from its top-level `amount_unit:` line (the amounts are
    /// read with it, before the rest of the file is typed).
    pub fn of_text(text: &str) -> DataUnit {
        text.lines()
            .find_map(|line| line.strip_prefix("amount_unit:"))
            .map(|rest| rest.split('#').next().unwrap_or_default().trim())
            .map(|unit| DataUnit::named(unit.trim_matches(['"', '\''])))
            .unwrap_or_default()
    }

    /// The unit a name stands for: `元`, else 万元 (the default).
    pub fn named(name: &str) -> DataUnit {
        match name.trim() {
            "元" => DataUnit::Yuan,
            _ => DataUnit::Wan,
        }
    }
}

thread_local! {
    /// The unit of the data file being read on this thread.
    static READING: std::cell::Cell<DataUnit> = const { std::cell::Cell::new(DataUnit::Wan) };
}

/// Runs `read` with amounts taken to be in `unit`.
pub fn reading_in<T>(unit: DataUnit, read: impl FnOnce() -> T) -> T {
    let before = READING.with(|cell| cell.replace(unit));
    let result = read();
    READING.with(|cell| cell.set(before));
    result
}

/// An amount in 万元, exact, as typed in the data file (converted from 元 when the file is in 元).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(pub Decimal);

impl Money {
    /// Zero 万元.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// The exact value.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// True when the amount is exactly zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// The largest amount the data may hold: 99,999,999.99 万元, just under 一万亿元, far beyond
    /// any unit's budget. Every cell of the booklet is sized to hold it, and sums of such
    /// amounts stay clear of overflow.
    pub const MAX: Money = Money(Decimal::from_parts(1_410_065_407, 2, 0, false, 2));

    /// Parses an amount as typed by a user, in the unit of the file being read: a plain decimal
    /// number, to the 分 at most, not negative, at most [`Money::MAX`]. The error is what the
    /// user is shown, in their terms.
    pub fn parse(text: &str) -> Result<Money, String> {
        Money::parse_in(text, READING.with(std::cell::Cell::get))
    }

    /// [`Money::parse`] for an amount in `unit`.
    pub fn parse_in(text: &str, unit: DataUnit) -> Result<Money, String> {
        let name = unit.name();
        let trimmed = text.trim();
        if matches!(trimmed, "" | "~" | "null" | "Null" | "NULL") {
            return Err("金额是空的：没有这项金额就写 0".to_string());
        }
        let shown = crate::base::text::visible(trimmed);
        if let Some(problem) = misread_amount(trimmed, &shown, unit) {
            return Err(problem);
        }
        let Ok(value) = Decimal::from_str_exact(trimmed) else {
            return Err(format!(
                "金额应为数字（单位{name}，如 1234.56），这里是“{shown}”"
            ));
        };
        if value.is_sign_negative() && !value.is_zero() {
            return Err(format!("金额不能为负数，这里是“{trimmed}”"));
        }
        let wan = match unit {
            DataUnit::Wan => value,
            DataUnit::Yuan => value / Decimal::from(10_000),
        };
        if wan > Money::MAX.0 {
            return Err(format!(
                "金额过大：单位是{name}，最多 {} {name}，这里是“{trimmed}”",
                match unit {
                    DataUnit::Wan => Money::MAX.display(),
                    DataUnit::Yuan => format_amount(Money::MAX.0 * Decimal::from(10_000)),
                }
            ));
        }
        if value.normalize().scale() > unit.decimals() {
            let most = match unit {
                DataUnit::Wan => "六位小数（单位万元，即精确到分）",
                DataUnit::Yuan => "两位小数（单位元）",
            };
            return Err(format!("金额最多{most}，这里是“{trimmed}”"));
        }
        Ok(Money(wan))
    }

    /// `11,436.06`: two decimals, half-up, thousands separated by commas.
    pub fn display(self) -> String {
        format_amount(self.0)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

impl Sub for Money {
    type Output = Decimal;
    fn sub(self, other: Money) -> Decimal {
        self.0 - other.0
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// How [`plain_in_yaml`] writes amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountText {
    /// At least two decimals, as the booklet shows them (`72.00`, `1234.567891`).
    Shown,
    /// Without trailing zeros (`72`, `5.2`): the same amount always reads the same, for comparing.
    Normalized,
}

/// How amounts are serialized while data is written out ([`writing_in`]).
#[derive(Debug, Clone, Copy)]
struct Writing {
    unit: DataUnit,
    text: AmountText,
    marked: bool,
}

thread_local! {
    /// Set while data is written out: amounts in the data's unit, marked with [`PLAIN`] for
    /// YAML output.
    static WRITING: std::cell::Cell<Option<Writing>> = const { std::cell::Cell::new(None) };
}

/// Runs `serialize` with amounts written as the data file states them: in `unit` (元 or 万元),
/// as exact decimal text (`text`). The workbook writer reads its amounts this way.
pub fn writing_in<T>(unit: DataUnit, text: AmountText, serialize: impl FnOnce() -> T) -> T {
    with_writing(
        Writing {
            unit,
            text,
            marked: false,
        },
        serialize,
    )
}

fn with_writing<T>(writing: Writing, serialize: impl FnOnce() -> T) -> T {
    WRITING.with(|w| w.set(Some(writing)));
    let result = serialize();
    WRITING.with(|w| w.set(None));
    result
}

/// Put before an amount's digits while serializing for YAML output: a private-use character no
/// data text contains, which [`unmark_plain`] removes, leaving the amount as a plain number.
const PLAIN: char = '\u{E000}';

/// Runs `serialize` with amounts marked, so that YAML written from its value shows each amount
/// as the exact decimal, unquoted (`basic: 4675.21`), once passed through [`unmark_plain`].
/// (serde has no exact decimal number; a string would be quoted, a float inexact.)
pub fn plain_in_yaml<T>(unit: DataUnit, text: AmountText, serialize: impl FnOnce() -> T) -> T {
    with_writing(
        Writing {
            unit,
            text,
            marked: true,
        },
        serialize,
    )
}

/// YAML text with the amount marks of [`plain_in_yaml`] removed.
pub fn unmark_plain(text: &str) -> String {
    text.replace(PLAIN, "")
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(writing) = WRITING.with(|w| w.get()) {
            let in_unit = match writing.unit {
                DataUnit::Wan => self.0,
                DataUnit::Yuan => self.0 * Decimal::from(10_000),
            };
            let mut amount = in_unit.normalize();
            if writing.text == AmountText::Shown && amount.scale() < 2 {
                amount.rescale(2);
            }
            let mark = if writing.marked {
                PLAIN.to_string()
            } else {
                String::new()
            };
            return serializer.serialize_str(&format!("{mark}{amount}"));
        }
        // Templates get the exact amount as a value they can compare and hand to filters;
        // everything else (the layout's JSON) gets the exact decimal as text.
        if minijinja::value::serializing_for_value() {
            return crate::compose::narrative::amount::value(*self).serialize(serializer);
        }
        serializer.serialize_str(&self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        // Asking for a string makes serde_yaml hand over the scalar exactly as typed, so the
        // amount never passes through a binary float.
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("以万元为单位的金额，如 1234.56")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Money, E> {
                Money::parse(text).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Money, E> {
                Money::parse(&value.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Money, E> {
                Money::parse(&value.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

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
/// zeros (`50` rather than `50.00`, as Shanghai's text and “三公” table print them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountFormat {
    /// 万元 or 元.
    pub unit: DataUnit,
    /// Decimals shown.
    #[serde(default = "two")]
    pub decimals: u32,
    /// A whole amount is shown without decimals.
    #[serde(default)]
    pub whole_without_decimals: bool,
}

fn two() -> u32 {
    2
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
        let value = match self.unit {
            DataUnit::Wan => amount.0,
            DataUnit::Yuan => amount.0 * Decimal::from(10_000),
        };
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
    if whole.is_zero() {
        return None;
    }
    let percent = round_half_up(part * Decimal::ONE_HUNDRED / whole, 2);
    Some(format!("{percent:.2}%"))
}

/// An amount written in a way that reads as a number but means something else, or that a
/// simple hint would get wrong: what it is and how to write it. `None` when it is none of them
/// (the caller's checks follow).
fn misread_amount(text: &str, shown: &str, unit: DataUnit) -> Option<String> {
    let digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    // `1,234` groups: the first of 1–3 digits, the rest of exactly 3.
    let grouped = |whole: &str, separator: char| {
        let groups: Vec<&str> = whole.split(separator).collect();
        groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups.iter().all(|g| digits(g))
            && groups[1..].iter().all(|g| g.len() == 3)
    };
    if shown != text {
        return Some(format!(
            "金额中有看不见的字符：“{shown}”（\\u 后是字符的编码）；删除后重新输入数字"
        ));
    }
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        return Some(format!(
            "“{text}”是会计格式的负数（括号表示负数，即 -{}）：金额不能为负数",
            inner.replace(',', "")
        ));
    }
    if text.contains(['e', 'E']) {
        if let Ok(value) = Decimal::from_scientific(text) {
            return Some(format!(
                "金额“{text}”是科学计数法，即 {}：请写出完整的数字（单位{}）",
                value.normalize(),
                unit.name()
            ));
        }
        return Some(format!(
            "金额“{text}”是科学计数法，而且超出了任何预算金额：请写出完整的数字（单位{}）",
            unit.name()
        ));
    }
    let typed = text;
    if let Some(half) = crate::base::numerals::half_width(typed) {
        if Decimal::from_str_exact(&half.replace(',', "")).is_ok() {
            return Some(format!(
                "金额“{typed}”是全角数字：应写成半角 {}",
                half.replace(',', "")
            ));
        }
    }
    if !text.contains([',', '，']) {
        return None;
    }
    let text = text.replace('，', ",");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if grouped(whole, ',') && (fraction.is_empty() || digits(fraction)) {
        return Some(format!(
            "金额不要写千分位逗号：“{typed}”应写成 {}",
            text.replace(',', "")
        ));
    }
    // 4.675,21: points group the thousands and the comma is the decimal point.
    if let Some((whole, fraction)) = text.rsplit_once(',') {
        if (grouped(whole, '.') || digits(whole)) && digits(fraction) {
            return Some(format!(
                "“{typed}”用“.”分千位、用“,”作小数点（欧洲的写法）：应写成 {}.{fraction}",
                whole.replace('.', "")
            ));
        }
    }
    Some(format!(
        "金额应为数字（单位{}，如 1234.56），这里是“{typed}”：逗号的位置不是千分位",
        unit.name()
    ))
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

    #[test]
    fn sums_of_amounts_and_of_references_to_them() {
        let lines = [Money(d("1.25")), Money(d("2.50")), Money(d("0.01"))];
        let by_reference: Money = lines.iter().sum();
        let by_value: Money = lines.into_iter().sum();
        assert_eq!(by_reference, Money(d("3.76")));
        assert_eq!(by_value, by_reference);
    }

    #[test]
    fn parsing_rejects_what_a_budget_cannot_hold() {
        assert_eq!(Money::parse("11436.06").unwrap().value(), d("11436.06"));
        assert_eq!(Money::parse("5.2").unwrap().display(), "5.20");
        assert_eq!(Money::parse("1.234567").unwrap().value(), d("1.234567"));
        assert!(Money::parse("1.2345671").unwrap_err().contains("六位小数"));
        assert!(Money::parse("-3").unwrap_err().contains("负数"));
        assert!(Money::parse("1,234.00")
            .unwrap_err()
            .contains("应写成 1234.00"));
        assert!(Money::parse("abc")
            .unwrap_err()
            .contains("应为数字（单位万元"));
        assert!(Money::parse("~").unwrap_err().contains("空的"));
        // The hints say what each form means and never suggest another wrong amount.
        let european = Money::parse("4.675,21").unwrap_err();
        assert!(european.contains("应写成 4675.21"), "{european}");
        let accounting = Money::parse("(4,675.21)").unwrap_err();
        assert!(
            accounting.contains("负数") && accounting.contains("-4675.21"),
            "{accounting}"
        );
        assert!(!accounting.contains("(4675.21)"), "{accounting}");
        let scientific = Money::parse("1e30").unwrap_err();
        assert!(scientific.contains("科学计数法"), "{scientific}");
        assert!(Money::parse("4.67521e3")
            .unwrap_err()
            .contains("即 4675.21"));
        let hidden = Money::parse("4675.21\u{200B}").unwrap_err();
        assert!(hidden.contains("4675.21\\u200b"), "{hidden}");
        assert!(Money::parse("12,34,567")
            .unwrap_err()
            .contains("不是千分位"));
        assert!(Money::parse("1,23").unwrap_err().contains("应写成 1.23"));
        let wide_comma = Money::parse("4，675.21").unwrap_err();
        assert!(
            wide_comma.contains("“4，675.21”应写成 4675.21"),
            "{wide_comma}"
        );
        let wide = Money::parse("４６７５．２１").unwrap_err();
        assert!(wide.contains("全角") && wide.contains("4675.21"), "{wide}");
        assert!(Money::parse("99999999999999999999")
            .unwrap_err()
            .contains("过大"));
        assert_eq!(Money::MAX.display(), "99,999,999.99");
        let yuan = AmountFormat {
            unit: DataUnit::Yuan,
            decimals: 0,
            whole_without_decimals: false,
        };
        assert_eq!(yuan.show(Money(d("7630.6134"))), "76,306,134");
        let short = AmountFormat {
            whole_without_decimals: true,
            ..AmountFormat::default()
        };
        assert_eq!(short.show(Money(d("7"))), "7");
        assert_eq!(short.show(Money(d("99.5"))), "99.50");
        assert_eq!(short.show(Money(d("0.004"))), "0");
        assert_eq!(AmountFormat::default().show(Money(d("7"))), "7.00");
        assert!(Money::parse("99999999.99").is_ok());
        // A file in 元: to the 分, held in 万元 exactly.
        let yuan = |text| reading_in(DataUnit::Yuan, || Money::parse(text));
        assert_eq!(yuan("76306134").unwrap().value(), d("7630.6134"));
        assert_eq!(yuan("12.34").unwrap().value(), d("0.001234"));
        assert!(yuan("12.345").unwrap_err().contains("两位小数（单位元）"));
        assert!(yuan("abc").unwrap_err().contains("单位元"));
        assert!(yuan("999999999900").is_ok());
        assert!(yuan("1000000000000")
            .unwrap_err()
            .contains("最多 999,999,999,900.00 元"));
        assert_eq!(
            Money::parse("1").unwrap().value(),
            d("1"),
            "the unit is restored"
        );
        assert_eq!(
            DataUnit::of_text("sample: true\namount_unit: 元   # 单位\n"),
            DataUnit::Yuan
        );
        assert_eq!(DataUnit::of_text("amount_unit: 万元\n"), DataUnit::Wan);
        assert_eq!(
            DataUnit::of_text("unit:\n  amount_unit: 元\n"),
            DataUnit::Wan
        );
        assert!(Money::parse("100000000")
            .unwrap_err()
            .contains("最多 99,999,999.99"));
        // Formats that hand over numbers as numbers (not YAML, which gives the scalar as typed)
        // reach the integer visitors.
        use serde::de::IntoDeserializer;
        type Plain = serde::de::value::Error;
        let from_u64 = Money::deserialize(IntoDeserializer::<Plain>::into_deserializer(72_u64));
        assert_eq!(from_u64.unwrap().value(), d("72"));
        let from_i64 = Money::deserialize(IntoDeserializer::<Plain>::into_deserializer(15_i64));
        assert_eq!(from_i64.unwrap().value(), d("15"));
        let negative = Money::deserialize(IntoDeserializer::<Plain>::into_deserializer(-3_i64));
        assert!(negative.unwrap_err().to_string().contains("负数"));
        let boolean = Money::deserialize(IntoDeserializer::<Plain>::into_deserializer(true));
        assert!(
            boolean
                .unwrap_err()
                .to_string()
                .contains("以万元为单位的金额"),
            "the expected kind is named in the user's terms"
        );
        // Integers typed without decimals are amounts too, from YAML as from text.
        for (yaml, value) in [
            ("72", "72"),
            ("0", "0"),
            ("1234", "1234"),
            ("\"72\"", "72"),
            ("72.5", "72.5"),
        ] {
            let money: Money = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(money.value(), d(value), "{yaml}");
        }
        assert!(serde_yaml::from_str::<Money>("-1").is_err());
        assert!(serde_yaml::from_str::<Money>("100000000").is_err());
        // Trailing zeros beyond two places are still two decimals of value.
        assert_eq!(Money::parse("1.2300").unwrap().display(), "1.23");
    }
}
