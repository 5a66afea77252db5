//! W03: amounts at the wrong scale. A file's `amount_unit` says whether its figures are in 元
//! or 万元; figures typed in 元 under `amount_unit: 万元` (or the other way round) are 10,000
//! times off, and every sum still agrees. Last year's 收支总计, typed from last year's booklet,
//! is the one figure to compare with: a budget does not grow or shrink a hundredfold in a year.

use crate::compute::figures::Figures;
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::Budget;
use rust_decimal::Decimal;

/// This year's 收支总计 at least this many times last year's (or at most its inverse).
const RATIO: i64 = 100;

/// W03 (warning): this year's 收支总计 a hundred times last year's, or a hundredth of it.
pub fn scale_of_last_year(budget: &Budget, figures: &Figures) -> Vec<Diagnostic> {
    let this_year = figures.income_total.value();
    let last_year = budget.previous_year.total.value();
    if this_year <= Decimal::ZERO || last_year <= Decimal::ZERO {
        return Vec::new();
    }
    let ratio = Decimal::from(RATIO);
    let (larger, times) = if this_year >= last_year * ratio {
        ("是", (this_year / last_year).round())
    } else if last_year >= this_year * ratio {
        ("只有", (this_year / last_year).round_dp(4))
    } else {
        return Vec::new();
    };
    let unit = budget.amount_unit.name();
    vec![Diagnostic::warning(
        Rule::W03,
        "previous_year.total",
        format!(
            "本年收支总计{larger}上年收支总计的 {times} 倍：本年和上年的金额是否都是以{unit}写的？"
        ),
    )
    .with_related("amount_unit", format!("金额单位：{unit}"))
    .with_hint(
        "数据中的金额都应以 amount_unit 写明的单位填写；以元填写的金额写在万元的文件中（或者反过来）会差一万倍",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::money::Money;

    fn with_last_year(total: &str) -> Vec<Diagnostic> {
        let mut budget: Budget =
            serde_yaml::from_str(crate::base::resources::REFERENCE_DATA).unwrap();
        budget.previous_year.total = Money::typed(total).unwrap();
        let figures = Figures::compute(&budget);
        scale_of_last_year(&budget, &figures)
    }

    #[test]
    fn a_hundredfold_change_is_asked_about_and_a_real_one_is_not() {
        // The reference unit: 11,436.06 万元 this year, 11,462.22 last.
        assert!(with_last_year("11462.22").is_empty());
        assert!(with_last_year("114.37").is_empty(), "99.99 times");
        assert!(
            with_last_year("0").is_empty(),
            "no last year to compare with"
        );
        let ten_thousand = with_last_year("114622200");
        assert_eq!(ten_thousand.len(), 1);
        assert!(
            ten_thousand[0]
                .message
                .contains("只有上年收支总计的 0.0001 倍"),
            "{}",
            ten_thousand[0].message
        );
        let small = with_last_year("1.14");
        assert!(
            small[0].message.contains("是上年收支总计的 10032 倍"),
            "{}",
            small[0].message
        );
        assert_eq!(small[0].rule, Rule::W03);
    }
}
