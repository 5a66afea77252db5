//! `yusuan rules`: the rule ids and what each checks.

/// `yusuan rules`: each rule's id and what it checks, one a line.
pub fn rules_listing() -> String {
    crate::input::rule::Rule::ALL
        .iter()
        .map(|rule| format!("{rule}  {}\n", rule.summary()))
        .collect()
}
