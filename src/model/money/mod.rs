//! Money and its display: amounts are exact decimals in 万元; rounding happens only when shown.
//!
//! A data file states its amounts in 万元 (the default: up to six decimals, which is to the 分)
//! or in 元 (`amount_unit: 元`, up to two decimals, as budget systems export them). Either way
//! the amount is held exactly in 万元, and every total is the exact sum of its lines; rounding to
//! the profile's display unit happens once, when a figure is printed.
//!
//! `Money` is plain data: it reads and writes one way whoever asks. It deserializes from the
//! number as typed ([`parse`]) and serializes as the exact decimal in 万元 tagged `!wan`, so that
//! whoever walks a serialized tree finds the amounts by their tag ([`tree`]): the loader converts
//! a file's 元 to 万元, the writers put amounts back in the file's unit, and the narrative hands
//! templates amount values.

mod format;
mod parse;
pub mod tree;

pub use format::{
    format_amount, format_decimals, format_percent, format_share, percent_of, round_half_up,
    AmountFormat,
};

use rust_decimal::Decimal;
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

    /// `value`, in this unit, in 万元.
    pub fn to_wan(self, value: Decimal) -> Decimal {
        match self {
            DataUnit::Wan => value,
            DataUnit::Yuan => value / Decimal::from(10_000),
        }
    }

    /// `wan`, an amount in 万元, in this unit.
    pub fn from_wan(self, wan: Decimal) -> Decimal {
        match self {
            DataUnit::Wan => wan,
            DataUnit::Yuan => wan * Decimal::from(10_000),
        }
    }

    /// The unit a name stands for: `元`, else 万元 (the default).
    pub fn named(name: &str) -> DataUnit {
        match name.trim() {
            "元" => DataUnit::Yuan,
            _ => DataUnit::Wan,
        }
    }
}

/// An amount in 万元, exact, as typed in the data file (converted from 元 when the file is in 元).
/// Between reading a file and converting it ([`tree::from_unit`]) it holds the number as typed.
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

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        self.0 += other.0;
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

/// The tag of an amount in a serialized tree: `!wan 4675.21`, the exact decimal in 万元.
pub const AMOUNT_TAG: &str = "wan";

impl Serialize for Money {
    /// The exact decimal in 万元, as text tagged [`AMOUNT_TAG`] (serde has no exact decimal
    /// number; a float would be inexact, an untagged text indistinguishable from a code).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_variant("Money", 0, AMOUNT_TAG, &self.0.to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        // Asking for a string makes serde_yaml hand over the scalar exactly as typed, so the
        // amount never passes through a binary float. It is read as typed, in the file's unit;
        // the loader converts it once the unit is known.
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("金额，如 1234.56")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Money, E> {
                Money::typed(text).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Money, E> {
                Money::typed(&value.to_string()).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Money, E> {
                Money::typed(&value.to_string()).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    #[test]
    fn sums_of_amounts_and_of_references_to_them() {
        let lines = [Money(d("1.25")), Money(d("2.50")), Money(d("0.01"))];
        let by_reference: Money = lines.iter().sum();
        let by_value: Money = lines.into_iter().sum();
        assert_eq!(by_reference, Money(d("3.76")));
        assert_eq!(by_value, by_reference);
    }
}
