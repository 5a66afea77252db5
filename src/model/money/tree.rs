//! Amounts in a serialized tree (`serde_yaml::Value`), found by their tag (`!wan 4675.21`): the
//! one way the loader, the writers and the narrative reach every amount of the data without a
//! list of fields to keep up to date.

use super::{DataUnit, Money, AMOUNT_TAG};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_yaml::Value;

/// How amounts are written out as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountText {
    /// At least two decimals, as the booklet shows them (`72.00`, `1234.567891`).
    Shown,
    /// Without trailing zeros (`72`, `5.2`): the same amount always reads the same, for comparing.
    Normalized,
}

/// The amount a tree node holds, when it is one: the exact decimal in 万元 under [`AMOUNT_TAG`].
pub fn amount(node: &Value) -> Option<Money> {
    let Value::Tagged(tagged) = node else {
        return None;
    };
    if tagged.tag != AMOUNT_TAG {
        return None;
    }
    match &tagged.value {
        Value::String(text) => rust_decimal::Decimal::from_str_exact(text).ok().map(Money),
        _ => None,
    }
}

/// Replaces every amount of `tree` by what `each` makes of it, given its path as the data file
/// writes it (`functions[3].wages`).
pub fn map_amounts(tree: &mut Value, each: &mut dyn FnMut(&str, Money) -> Value) {
    walk(tree, String::new(), each);
}

fn walk(node: &mut Value, path: String, each: &mut dyn FnMut(&str, Money) -> Value) {
    if let Some(money) = amount(node) {
        *node = each(&path, money);
        return;
    }
    match node {
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, format!("{path}[{i}]"), each);
            }
        }
        Value::Mapping(map) => {
            for (key, item) in map.iter_mut() {
                let key = match key {
                    Value::String(key) => key.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                let child = match path.is_empty() {
                    true => key,
                    false => format!("{path}.{key}"),
                };
                walk(item, child, each);
            }
        }
        Value::Tagged(tagged) => walk(&mut tagged.value, path, each),
        _ => {}
    }
}

/// Every amount of `data` with its path, in the order serialized.
pub fn amounts<T: Serialize>(data: &T) -> Result<Vec<(String, Money)>, serde_yaml::Error> {
    let mut tree = serde_yaml::to_value(data)?;
    let mut found = Vec::new();
    map_amounts(&mut tree, &mut |path, money| {
        found.push((path.to_string(), money));
        Value::Null
    });
    Ok(found)
}

/// `typed`, read with its amounts as typed in `unit`, with every amount in 万元; or each amount
/// that `unit` does not allow (too many decimals, too large), by path, with the reason.
pub fn from_unit<T: Serialize + DeserializeOwned>(
    typed: T,
    unit: DataUnit,
) -> Result<T, Vec<(String, String)>> {
    let mut tree = serde_yaml::to_value(&typed).map_err(|error| whole(&error))?;
    let mut problems = Vec::new();
    map_amounts(
        &mut tree,
        &mut |path, money| match Money::in_unit(money.value(), unit) {
            Ok(wan) => tagged(wan.value().to_string()),
            Err(problem) => {
                problems.push((path.to_string(), problem));
                Value::Null
            }
        },
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    match unit {
        // Amounts typed in 万元 are already what the data holds.
        DataUnit::Wan => Ok(typed),
        DataUnit::Yuan => serde_yaml::from_value(tree).map_err(|error| whole(&error)),
    }
}

fn whole(error: &serde_yaml::Error) -> Vec<(String, String)> {
    vec![(String::new(), format!("数据中的金额无法换算：{error}"))]
}

fn tagged(text: String) -> Value {
    Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
        tag: serde_yaml::value::Tag::new(AMOUNT_TAG),
        value: Value::String(text),
    }))
}

/// The serialized tree of `data` with every amount as text in `unit` (元 or 万元), exact, written
/// as `text` says: the data as its file states it.
pub fn in_unit<T: Serialize>(
    data: &T,
    unit: DataUnit,
    text: AmountText,
) -> Result<Value, serde_yaml::Error> {
    let mut tree = serde_yaml::to_value(data)?;
    map_amounts(&mut tree, &mut |_, money| {
        Value::String(written(money, unit, text))
    });
    Ok(tree)
}

/// `money` as text in `unit`, exact, as `text` says.
pub fn written(money: Money, unit: DataUnit, text: AmountText) -> String {
    let mut amount = unit.from_wan(money.value()).normalize();
    if text == AmountText::Shown && amount.scale() < 2 {
        amount.rescale(2);
    }
    amount.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Lines {
        code: String,
        items: Vec<Item>,
    }

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Item {
        wages: Money,
        other: Option<Money>,
        named: BTreeMap<String, Money>,
    }

    fn lines(texts: [&str; 3]) -> Lines {
        let typed = |t: &str| Money::typed(t).unwrap();
        Lines {
            code: "2080501".to_string(),
            items: vec![Item {
                wages: typed(texts[0]),
                other: Some(typed(texts[1])),
                named: [("a".to_string(), typed(texts[2]))].into(),
            }],
        }
    }

    #[test]
    fn every_amount_is_found_with_its_path_and_codes_are_not_amounts() {
        let found = amounts(&lines(["1", "2.5", "3"])).unwrap();
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            ["items[0].wages", "items[0].other", "items[0].named.a"]
        );
        assert_eq!(found[1].1.value().to_string(), "2.5");
    }

    /// An amount inside a tagged value (an enum's variant) is found too.
    #[test]
    fn amounts_under_other_tags_are_found() {
        #[derive(Serialize)]
        enum Held {
            Amount(Money),
        }
        let found = amounts(&vec![Held::Amount(Money::typed("7").unwrap())]).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].0.as_str(), found[0].1.value().to_string()),
            ("[0]", "7".into())
        );
    }

    #[test]
    fn a_file_in_yuan_is_converted_to_wan_and_its_limits_named_by_path() {
        let wan = from_unit(lines(["76306134", "12.34", "0"]), DataUnit::Yuan).unwrap();
        assert_eq!(wan.items[0].wages.value().to_string(), "7630.6134");
        assert_eq!(wan.items[0].other.unwrap().value().to_string(), "0.001234");
        assert_eq!(wan.code, "2080501");
        let problems =
            from_unit(lines(["1.234", "1", "1000000000000"]), DataUnit::Yuan).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].0, "items[0].wages");
        assert!(problems[0].1.contains("两位小数（单位元）"), "{problems:?}");
        assert_eq!(problems[1].0, "items[0].named.a");
        assert!(problems[1].1.contains("最多 999,999,999,900.00 元"));
        let kept = from_unit(lines(["1.234567", "2", "3"]), DataUnit::Wan).unwrap();
        assert_eq!(kept, lines(["1.234567", "2", "3"]));
        assert!(from_unit(lines(["100000000", "2", "3"]), DataUnit::Wan).is_err());
    }

    #[test]
    fn amounts_are_written_in_the_files_unit_as_asked() {
        let data = lines(["7630.6134", "72", "5.20"]);
        let tree = in_unit(&data, DataUnit::Yuan, AmountText::Shown).unwrap();
        let text = serde_yaml::to_string(&tree).unwrap();
        assert!(text.contains("wages: '76306134.00'"), "{text}");
        assert!(text.contains("other: '720000.00'"), "{text}");
        let tree = in_unit(&data, DataUnit::Wan, AmountText::Normalized).unwrap();
        let text = serde_yaml::to_string(&tree).unwrap();
        assert!(
            text.contains("a: '5.2'") && text.contains("other: '72'"),
            "{text}"
        );
        assert_eq!(
            written(
                Money::typed("0.5").unwrap(),
                DataUnit::Wan,
                AmountText::Shown
            ),
            "0.50"
        );
    }
}
