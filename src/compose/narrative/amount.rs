//! Amounts as template values: every [`Money`] in the template context reaches the templates as
//! an [`Amount`] object holding the exact decimal, not as text; [`template_value`] builds the
//! context so, finding the amounts by their tag in the serialized data. Templates compare amounts
//! (`a > b`, `a == b`), test them (`{% if a %}` is false for zero), print them (`{{ a }}` shows
//! the 万元 with two decimals, as `| wan` does) and pass them to the filters and functions, which
//! read the exact value back. Adding two amounts with `+` is an error rather than text joined
//! together: `sum_of(a, b)` adds exactly.

use crate::model::money::{format_amount, Money};
use minijinja::value::{DynObject, Object, ObjectRepr, Value};
use minijinja::{Error, ErrorKind};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

/// An exact amount inside a template.
#[derive(Debug, Clone, Copy)]
pub struct Amount(pub Money);

impl Object for Amount {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_amount(self.0.value()))
    }

    fn is_true(self: &Arc<Self>) -> bool {
        !self.0.is_zero()
    }

    fn custom_cmp(self: &Arc<Self>, other: &DynObject) -> Option<Ordering> {
        let other = other.downcast_ref::<Amount>()?;
        Some(self.0.value().cmp(&other.0.value()))
    }
}

/// The template value of an amount.
pub fn value(money: Money) -> Value {
    Value::from_object(Amount(money))
}

/// `data` as a template value, each amount in it an [`Amount`].
pub fn template_value<T: serde::Serialize>(data: &T) -> Result<Value, serde_yaml::Error> {
    Ok(from_tree(serde_yaml::to_value(data)?))
}

fn from_tree(node: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Node;
    if let Some(money) = crate::model::money::tree::amount(&node) {
        return value(money);
    }
    match node {
        Node::Null => Value::from(()),
        Node::Bool(flag) => Value::from(flag),
        Node::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
            (Some(whole), _, _) => Value::from(whole),
            (None, Some(whole), _) => Value::from(whole),
            (None, None, Some(fraction)) => Value::from(fraction),
            (None, None, None) => Value::from(()),
        },
        Node::String(text) => Value::from(text),
        Node::Sequence(items) => Value::from(items.into_iter().map(from_tree).collect::<Vec<_>>()),
        Node::Mapping(map) => map
            .into_iter()
            .map(|(key, item)| (from_tree(key), from_tree(item)))
            .collect(),
        Node::Tagged(tagged) => from_tree(tagged.value),
    }
}

/// The exact decimal of a value handed to a filter or function: an [`Amount`], a number written
/// in the template (`100`), or a text holding a decimal (`extra:` values typed in quotes).
pub fn decimal(value: &Value) -> Result<Decimal, Error> {
    if let Some(amount) = value.downcast_object_ref::<Amount>() {
        return Ok(amount.0.value());
    }
    let text = value.to_string();
    let exact = match value.kind() {
        minijinja::value::ValueKind::Number | minijinja::value::ValueKind::String => {
            Decimal::from_str_exact(text.trim()).ok()
        }
        _ => None,
    };
    exact.ok_or_else(|| Error::new(ErrorKind::InvalidOperation, format!("“{text}”不是金额")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::Environment;

    fn render(source: &str, a: Money, b: Money) -> Result<String, Error> {
        let mut env = Environment::new();
        env.add_filter("exact", |v: Value| -> Result<String, Error> {
            Ok(decimal(&v)?.to_string())
        });
        env.render_str(source, minijinja::context! { a => value(a), b => value(b) })
    }

    fn money(text: &str) -> Money {
        Money(text.parse().unwrap())
    }

    #[test]
    fn amounts_compare_test_print_and_stay_exact() {
        let (a, b) = (money("1234.567891"), money("0"));
        assert_eq!(
            render(
                "{{ a }}|{{ a | exact }}|{{ a > b }}|{{ a < b }}|{{ a == a }}|{{ a == b }}|{% if b %}x{% else %}zero{% endif %}|{% if a %}set{% endif %}",
                a,
                b
            )
            .unwrap(),
            "1,234.57|1234.567891|True|False|True|False|zero|set"
        );
    }

    #[test]
    fn amounts_compare_by_value_not_by_their_text() {
        // As text, "9.00" sorts after "10.00"; as amounts it is less.
        let (nine, ten) = (money("9"), money("10"));
        assert_eq!(
            render("{{ a < b }}|{{ a > b }}", nine, ten).unwrap(),
            "True|False"
        );
        // Two amounts written differently but equal are equal.
        assert_eq!(
            render("{{ a == b }}", money("5.2"), money("5.20")).unwrap(),
            "True"
        );
    }

    #[test]
    fn amounts_anywhere_in_the_context_are_amounts() {
        #[derive(serde::Serialize)]
        struct Line {
            code: &'static str,
            wages: Money,
            items: Vec<Option<Money>>,
        }
        let context = template_value(&Line {
            code: "2080501",
            wages: money("1234.5"),
            items: vec![Some(money("0")), None],
        })
        .unwrap();
        let env = Environment::new();
        let shown = env
            .render_str(
                "{{ code }}|{{ wages }}|{{ wages > items[0] }}|{% if items[0] %}x{% else %}zero{% endif %}|{{ items[1] is none }}",
                context,
            )
            .unwrap();
        assert_eq!(shown, "2080501|1,234.50|True|zero|True");
    }

    #[test]
    fn adding_amounts_with_plus_is_refused_not_joined_as_text() {
        assert!(render("{{ a + b }}", money("1"), money("2")).is_err());
    }

    #[test]
    fn numbers_and_decimal_texts_are_read_exactly_anything_else_is_refused() {
        assert_eq!(decimal(&Value::from(100)).unwrap().to_string(), "100");
        assert_eq!(
            decimal(&Value::from("769.58")).unwrap().to_string(),
            "769.58"
        );
        assert!(decimal(&Value::from("七百")).is_err());
        assert!(decimal(&Value::from(true)).is_err());
        assert!(decimal(&Value::from(vec![1])).is_err());
    }
}
