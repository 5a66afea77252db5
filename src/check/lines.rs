//! The two shapes most rules share: a finding for each line of a list that fails a test, placed
//! at `list[index].field`; and the lines that went into a sum, listed beside a diagnostic in the
//! unit the data states its amounts in.

use crate::model::money::{AmountFormat, Money};
use crate::model::Budget;

/// Where a field of a list's line is: `functions[3].code`.
pub(super) fn path(list: &str, index: usize, field: &str) -> String {
    format!("{list}[{index}].{field}")
}

/// For each line of `lines` (the data's `list`) that `fault` finds wrong: where it is
/// (`list[index].field`, the field `fault` names) and what is wrong, in line order.
pub(super) fn faults<T>(
    list: &str,
    lines: &[T],
    fault: impl Fn(&T) -> Option<(&'static str, String)>,
) -> Vec<(String, String)> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            let (field, message) = fault(line)?;
            Some((path(list, index, field), message))
        })
        .collect()
}

/// `amount` as the data states it, in its unit (`7,262.61` in 万元, `72,626,134.00` in 元), so a
/// line listed under a sum reads as the line the user typed.
pub(super) fn in_data_unit(budget: &Budget, amount: Money) -> String {
    let shown = AmountFormat {
        unit: budget.amount_unit,
        ..AmountFormat::default()
    };
    shown.show(amount)
}

/// `amount` with the unit the data states it in: `7,262.61 万元`, `72,626,134.00 元`. Amounts
/// are held in 万元 whatever the data's unit; a message in 万元 about data in 元 would read
/// `相差 0.00 万元` for a 1 元 difference.
pub(super) fn stated(budget: &Budget, amount: Money) -> String {
    format!(
        "{} {}",
        in_data_unit(budget, amount),
        budget.amount_unit.name()
    )
}

/// A line that went into a sum, as a related place: its path, and its name with its amount.
pub(super) fn term(budget: &Budget, path: String, name: &str, amount: Money) -> (String, String) {
    (path, format!("{name} {}", in_data_unit(budget, amount)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::DataUnit;

    #[test]
    fn lines_are_placed_and_listed_as_the_data_states_them() {
        let mut budget: Budget =
            serde_yaml::from_str(crate::base::resources::REFERENCE_DATA).unwrap();
        let amount = Money::typed("7262.61").unwrap();
        assert_eq!(in_data_unit(&budget, amount), "7,262.61");
        assert_eq!(
            term(
                &budget,
                path("functions", 3, "wages"),
                "机关事业单位基本养老保险缴费支出",
                amount
            ),
            (
                "functions[3].wages".to_string(),
                "机关事业单位基本养老保险缴费支出 7,262.61".to_string()
            )
        );
        budget.amount_unit = DataUnit::Yuan;
        assert_eq!(in_data_unit(&budget, amount), "72,626,100.00");
        let odd = |line: &&str| (line.len() % 2 == 1).then(|| ("code", format!("{line} 不对")));
        assert_eq!(
            faults("lines", &["ab", "abc", "d"], odd),
            [
                ("lines[1].code".to_string(), "abc 不对".to_string()),
                ("lines[2].code".to_string(), "d 不对".to_string())
            ]
        );
    }
}
