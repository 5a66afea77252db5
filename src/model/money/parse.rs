//! Amounts as users type them: a plain decimal number, not negative. What reads as a number but
//! means something else (thousands commas, European decimals, accounting brackets, scientific
//! notation, full-width digits, hidden characters) is named with how to write it.
//!
//! An amount is read in two steps. [`Money::typed`] reads the number as typed, in whatever unit
//! the file states; [`Money::in_unit`] then applies the unit's limits (decimals to the 分, the
//! largest amount) and converts it to 万元. A data file is typed first and converted once its
//! unit is known ([`super::tree::from_unit`]); a workbook cell, whose unit is known, takes both
//! steps at once ([`Money::parse_in`]).

use super::{format_amount, DataUnit, Money};
use crate::base::numerals::half_width;
use crate::base::text::visible;
use rust_decimal::Decimal;

impl Money {
    /// An amount as typed, in the unit of its file, not yet converted: a plain decimal number,
    /// not negative. The error is what the user is shown, in their terms.
    pub fn typed(text: &str) -> Result<Money, String> {
        Money::typed_in(text, None).map(Money)
    }

    /// An amount typed in `unit`, converted to 万元: [`Money::typed`], then [`Money::in_unit`].
    pub fn parse_in(text: &str, unit: DataUnit) -> Result<Money, String> {
        let typed = Money::typed_in(text, Some(unit))?;
        Money::in_unit(typed, unit)
    }

    /// An amount typed as `typed` in `unit`, in 万元: to the 分 at most, at most [`Money::MAX`].
    pub fn in_unit(typed: Decimal, unit: DataUnit) -> Result<Money, String> {
        let name = unit.name();
        let wan = unit.to_wan(typed);
        if wan > Money::MAX.0 {
            return Err(format!(
                "金额过大：单位是{name}，最多 {} {name}，这里是“{typed}”",
                format_amount(unit.from_wan(Money::MAX.0))
            ));
        }
        if typed.normalize().scale() > unit.decimals() {
            let most = match unit {
                DataUnit::Wan => "六位小数（单位万元，即精确到分）",
                DataUnit::Yuan => "两位小数（单位元）",
            };
            return Err(format!("金额最多{most}，这里是“{typed}”"));
        }
        Ok(Money(wan))
    }

    fn typed_in(text: &str, unit: Option<DataUnit>) -> Result<Decimal, String> {
        let trimmed = text.trim();
        if matches!(trimmed, "" | "~" | "null" | "Null" | "NULL") {
            return Err("金额是空的：没有这项金额就写 0".to_string());
        }
        let shown = visible(trimmed);
        if let Some(problem) = misread_amount(trimmed, &shown, unit) {
            return Err(problem);
        }
        let Ok(value) = Decimal::from_str_exact(trimmed) else {
            return Err(format!(
                "金额应为数字（{}如 1234.56），这里是“{shown}”",
                unit_and(unit)
            ));
        };
        if value.is_sign_negative() && !value.is_zero() {
            return Err(format!("金额不能为负数，这里是“{trimmed}”"));
        }
        Ok(value)
    }
}

/// `单位万元，` when the unit is known.
fn unit_and(unit: Option<DataUnit>) -> String {
    unit.map(|unit| format!("单位{}，", unit.name()))
        .unwrap_or_default()
}

/// `（单位万元）` when the unit is known.
fn in_unit(unit: Option<DataUnit>) -> String {
    unit.map(|unit| format!("（单位{}）", unit.name()))
        .unwrap_or_default()
}

/// An amount written in a way that reads as a number but means something else, or that a
/// simple hint would get wrong: what it is and how to write it. `None` when it is none of them
/// (the caller's checks follow).
fn misread_amount(text: &str, shown: &str, unit: Option<DataUnit>) -> Option<String> {
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
                "金额“{text}”是科学计数法，即 {}：请写出完整的数字{}",
                value.normalize(),
                in_unit(unit)
            ));
        }
        return Some(format!(
            "金额“{text}”是科学计数法，而且超出了任何预算金额：请写出完整的数字{}",
            in_unit(unit)
        ));
    }
    let typed = text;
    if let Some(half) = half_width(typed) {
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
        "金额应为数字（{}如 1234.56），这里是“{typed}”：逗号的位置不是千分位",
        unit_and(unit)
    ))
}

#[cfg(test)]
mod tests {
    use super::super::AmountFormat;
    use super::*;
    use serde::Deserialize;

    fn d(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    fn wan(text: &str) -> Result<Money, String> {
        Money::parse_in(text, DataUnit::Wan)
    }

    #[test]
    fn parsing_rejects_what_a_budget_cannot_hold() {
        assert_eq!(wan("11436.06").unwrap().value(), d("11436.06"));
        assert_eq!(wan("5.2").unwrap().display(), "5.20");
        assert_eq!(wan("1.234567").unwrap().value(), d("1.234567"));
        assert!(wan("1.2345671").unwrap_err().contains("六位小数"));
        assert!(wan("-3").unwrap_err().contains("负数"));
        assert!(wan("1,234.00").unwrap_err().contains("应写成 1234.00"));
        assert!(wan("abc").unwrap_err().contains("应为数字（单位万元"));
        assert!(wan("~").unwrap_err().contains("空的"));
        // The hints say what each form means and never suggest another wrong amount.
        let european = wan("4.675,21").unwrap_err();
        assert!(european.contains("应写成 4675.21"), "{european}");
        let accounting = wan("(4,675.21)").unwrap_err();
        assert!(
            accounting.contains("负数") && accounting.contains("-4675.21"),
            "{accounting}"
        );
        assert!(!accounting.contains("(4675.21)"), "{accounting}");
        // Where the unit is known (a workbook cell), the hint names it; read as typed, it cannot.
        assert!(Money::parse_in("1e3", DataUnit::Yuan)
            .unwrap_err()
            .ends_with("请写出完整的数字（单位元）"));
        assert!(Money::typed("1e3")
            .unwrap_err()
            .ends_with("请写出完整的数字"));
        assert_eq!(
            Money::typed("abc").unwrap_err(),
            "金额应为数字（如 1234.56），这里是“abc”"
        );
        assert!(Money::typed("12,34,567")
            .unwrap_err()
            .starts_with("金额应为数字（如 1234.56）"));
        let scientific = wan("1e30").unwrap_err();
        assert!(scientific.contains("科学计数法"), "{scientific}");
        assert!(wan("4.67521e3").unwrap_err().contains("即 4675.21"));
        let hidden = wan("4675.21\u{200B}").unwrap_err();
        assert!(hidden.contains("4675.21\\u200b"), "{hidden}");
        assert!(wan("12,34,567").unwrap_err().contains("不是千分位"));
        assert!(wan("1,23").unwrap_err().contains("应写成 1.23"));
        let wide_comma = wan("4，675.21").unwrap_err();
        assert!(
            wide_comma.contains("“4，675.21”应写成 4675.21"),
            "{wide_comma}"
        );
        let wide = wan("４６７５．２１").unwrap_err();
        assert!(wide.contains("全角") && wide.contains("4675.21"), "{wide}");
        assert!(wan("99999999999999999999").unwrap_err().contains("过大"));
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
        assert!(wan("99999999.99").is_ok());
        // A file in 元: to the 分, held in 万元 exactly.
        let yuan = |text| Money::parse_in(text, DataUnit::Yuan);
        assert_eq!(yuan("76306134").unwrap().value(), d("7630.6134"));
        assert_eq!(yuan("12.34").unwrap().value(), d("0.001234"));
        assert!(yuan("12.345").unwrap_err().contains("两位小数（单位元）"));
        assert!(yuan("abc").unwrap_err().contains("单位元"));
        assert!(yuan("999999999900").is_ok());
        assert!(yuan("1000000000000")
            .unwrap_err()
            .contains("最多 999,999,999,900.00 元"));
        assert!(wan("100000000").unwrap_err().contains("最多 99,999,999.99"));
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
                .contains("金额，如 1234.56"),
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
        // The largest amount depends on the unit: it is checked once the unit is known.
        assert!(serde_yaml::from_str::<Money>("100000000").is_ok());
        // Trailing zeros beyond two places are still two decimals of value.
        assert_eq!(wan("1.2300").unwrap().display(), "1.23");
    }
}
