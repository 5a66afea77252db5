//! The closed lists of the data: each value as the data file writes it, beside the label a form
//! or a workbook's drop-down shows. They are stated once, beside their types, and a test ties
//! each list to its type both ways: every value reads as a distinct variant, and every variant
//! is listed.

use super::money::DataUnit;
use super::{EconomicKind, Fund, ProjectType, ThreePublicItem};

/// A list of choices: (the value in the data, its label).
pub type Choices = &'static [(&'static str, &'static str)];

impl Fund {
    /// Every fund, in the order the tables show them.
    pub const ALL: [Fund; 3] = [
        Fund::GeneralPublic,
        Fund::GovernmentFund,
        Fund::StateCapital,
    ];

    /// 资金来源, in the order the tables show funds.
    pub const CHOICES: Choices = &[
        ("general_public", "一般公共预算"),
        ("government_fund", "政府性基金"),
        ("state_capital", "国有资本经营预算"),
    ];
}

impl DataUnit {
    /// The units a data file may write its amounts in.
    pub const CHOICES: Choices = &[("万元", "万元"), ("元", "元")];
}

impl EconomicKind {
    /// 基本支出 or 项目支出.
    pub const CHOICES: Choices = &[("basic", "基本支出"), ("project", "项目支出")];
}

impl ProjectType {
    /// 项目类型.
    pub const CHOICES: Choices = &[("其他运转类", "其他运转类"), ("特定目标类", "特定目标类")];
}

impl ThreePublicItem {
    /// The “三公” items: the field of each in the data, and its name.
    pub const CHOICES: Choices = &[
        ("abroad", "因公出国（境）费"),
        ("reception", "公务接待费"),
        ("vehicle_purchase", "公务用车购置费"),
        ("vehicle_operation", "公务用车运行维护费"),
    ];
}

/// The project goal categories: the field of each in a performance goal, and its label.
pub const GOAL_CATEGORIES: Choices = &[
    ("cost", "成本指标"),
    ("output", "产出指标"),
    ("benefit", "效益指标"),
    ("satisfaction", "满意度指标"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PerformanceGoal;
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    /// Every value of `choices` reads as a distinct variant of `T`, and there are `variants`.
    fn both_ways<T: DeserializeOwned + PartialEq + Debug>(choices: Choices, variants: usize) {
        let read: Vec<T> = choices
            .iter()
            .map(|(value, _)| serde_yaml::from_str(value).expect("a variant"))
            .collect();
        for (index, variant) in read.iter().enumerate() {
            assert!(!read[..index].contains(variant), "{variant:?} listed twice");
        }
        assert_eq!(read.len(), variants, "every variant is listed");
    }

    #[test]
    fn every_list_is_its_types_variants() {
        both_ways::<Fund>(Fund::CHOICES, 3);
        for ((value, _), fund) in Fund::CHOICES.iter().zip(Fund::ALL) {
            assert_eq!(serde_yaml::from_str::<Fund>(value).unwrap(), fund);
        }
        both_ways::<DataUnit>(DataUnit::CHOICES, 2);
        both_ways::<EconomicKind>(EconomicKind::CHOICES, 2);
        both_ways::<ProjectType>(ProjectType::CHOICES, 2);
        for (choice, item) in ThreePublicItem::CHOICES.iter().zip(ThreePublicItem::ALL) {
            assert_eq!(*choice, (item.key(), item.label()));
        }
        assert_eq!(ThreePublicItem::CHOICES.len(), ThreePublicItem::ALL.len());
        for (label, kind) in ProjectType::CHOICES {
            let read: ProjectType = serde_yaml::from_str(label).unwrap();
            assert_eq!(read.label(), *kind);
        }
    }

    #[test]
    fn the_goal_categories_are_a_goal_s_fields() {
        let goal: PerformanceGoal = serde_yaml::from_str(
            "{ project: 甲, cost: [], output: [], benefit: [], satisfaction: [] }",
        )
        .expect("a goal of exactly these lists");
        let fields = serde_yaml::to_value(&goal).unwrap();
        for (field, _) in GOAL_CATEGORIES {
            assert!(fields.get(field).is_some(), "{field}");
        }
    }
}
