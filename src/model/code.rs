//! Classification codes and their levels. A 功能分类 code has 7 digits: 类 (the first 3), 款
//! (the first 5), 项 (all 7); a 部门预算经济分类 code has 5: 类 (3) and 款 (5). The data keeps
//! codes as typed text (leading zeros and all); these views name their levels, so no other code
//! slices a code by position.

use std::collections::BTreeMap;

/// Things grouped by 功能分类 类, then 款, both in code order.
pub type ClassesAndItems<'c, T> = BTreeMap<&'c str, BTreeMap<&'c str, Vec<T>>>;

/// Groups `things` by the 类 and 款 of their 功能分类 `code`, keeping their given order inside a
/// 款: the shape of every 类/款/项 listing (the tables' and the narrative's).
pub fn by_class_and_item<'c, T>(
    things: impl IntoIterator<Item = T>,
    code: impl Fn(&T) -> &'c str,
) -> ClassesAndItems<'c, T> {
    let mut groups: ClassesAndItems<'c, T> = BTreeMap::new();
    for thing in things {
        let code = FunctionCode(code(&thing));
        groups
            .entry(code.class())
            .or_default()
            .entry(code.item())
            .or_default()
            .push(thing);
    }
    groups
}

/// A 功能分类 code, as written in the data (`2080501`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionCode<'a>(pub &'a str);

impl<'a> FunctionCode<'a> {
    /// The 类: the first three digits (`208`), or the whole code when shorter.
    pub fn class(self) -> &'a str {
        self.0.get(..3).unwrap_or(self.0)
    }

    /// The 款: the first five digits (`20805`), or the whole code when shorter.
    pub fn item(self) -> &'a str {
        self.0.get(..5).unwrap_or(self.0)
    }

    /// The 类 and the 款 the code is long enough to have, in that order.
    pub fn levels_above(self) -> Vec<&'a str> {
        [self.0.get(..3), self.0.get(..5)]
            .into_iter()
            .flatten()
            .collect()
    }

    /// The 款's own two digits (`05`), as the tables print them beside the 类.
    pub fn item_digits(self) -> &'a str {
        self.0.get(3..5).unwrap_or_default()
    }

    /// The 项's own digits (`01`), as the tables print them beside the 款.
    pub fn section_digits(self) -> &'a str {
        self.0.get(5..).unwrap_or_default()
    }
}

/// A 部门预算经济分类 (or 政府预算经济分类) code, as written in the data (`30101`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EconomicCode<'a>(pub &'a str);

impl<'a> EconomicCode<'a> {
    /// The 类: the first three digits (`301`), or the whole code when shorter.
    pub fn class(self) -> &'a str {
        self.0.get(..3).unwrap_or(self.0)
    }

    /// The 款: the first five digits, or the whole code when shorter.
    pub fn item(self) -> &'a str {
        self.0.get(..5).unwrap_or(self.0)
    }

    /// The 类, when the code is long enough to have one.
    pub fn whole_class(self) -> Option<&'a str> {
        self.0.get(..3)
    }

    /// The 基本支出 类 the code is under, if it is under one.
    pub fn basic_class(self) -> Option<BasicClass> {
        BasicClass::ALL
            .into_iter()
            .find(|class| self.0.starts_with(class.code()))
    }
}

/// The 经济分类 类 that 基本支出 is booked to: 人员经费 is 301 and 303, 公用经费 302 and 310.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BasicClass {
    /// 301 工资福利支出.
    Wages,
    /// 302 商品和服务支出.
    GoodsServices,
    /// 303 对个人和家庭的补助.
    FamilySubsidies,
    /// 310 资本性支出.
    Capital,
}

impl BasicClass {
    /// Every 基本支出 类, in code order.
    pub const ALL: [BasicClass; 4] = [
        BasicClass::Wages,
        BasicClass::GoodsServices,
        BasicClass::FamilySubsidies,
        BasicClass::Capital,
    ];

    /// Its code (`301`).
    pub fn code(self) -> &'static str {
        match self {
            BasicClass::Wages => "301",
            BasicClass::GoodsServices => "302",
            BasicClass::FamilySubsidies => "303",
            BasicClass::Capital => "310",
        }
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            BasicClass::Wages => "工资福利支出",
            BasicClass::GoodsServices => "商品和服务支出",
            BasicClass::FamilySubsidies => "对个人和家庭的补助",
            BasicClass::Capital => "资本性支出",
        }
    }

    /// 人员经费 (301, 303) rather than 公用经费 (302, 310).
    pub fn is_personnel(self) -> bool {
        matches!(self, BasicClass::Wages | BasicClass::FamilySubsidies)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn things_are_grouped_by_class_then_item_keeping_their_order_inside() {
        let codes = ["2080599", "2080109", "2101101", "2080501", "2080102"];
        let groups = by_class_and_item(codes, |code| code);
        type Shape<'a> = Vec<(&'a str, Vec<(&'a str, Vec<&'a str>)>)>;
        let shape: Shape = groups
            .into_iter()
            .map(|(class, items)| (class, items.into_iter().collect()))
            .collect();
        assert_eq!(
            shape,
            [
                (
                    "208",
                    vec![
                        ("20801", vec!["2080109", "2080102"]),
                        ("20805", vec!["2080599", "2080501"])
                    ]
                ),
                ("210", vec![("21011", vec!["2101101"])]),
            ]
        );
    }

    #[test]
    fn levels_of_codes() {
        let code = FunctionCode("2080501");
        assert_eq!(
            (
                code.class(),
                code.item(),
                code.item_digits(),
                code.section_digits()
            ),
            ("208", "20805", "05", "01")
        );
        let short = FunctionCode("21");
        assert_eq!(
            (short.class(), short.item(), short.item_digits()),
            ("21", "21", "")
        );
        assert_eq!(code.levels_above(), ["208", "20805"]);
        assert_eq!(FunctionCode("2080").levels_above(), ["208"]);
        assert_eq!(EconomicCode("30").whole_class(), None);
        assert_eq!(EconomicCode("30113").whole_class(), Some("301"));
        let named: Vec<String> = BasicClass::ALL
            .into_iter()
            .map(|c| format!("{}{}", c.code(), c.name()))
            .collect();
        assert_eq!(
            named,
            [
                "301工资福利支出",
                "302商品和服务支出",
                "303对个人和家庭的补助",
                "310资本性支出"
            ]
        );
        let economic = EconomicCode("30113");
        assert_eq!((economic.class(), economic.item()), ("301", "30113"));
        assert_eq!(economic.basic_class(), Some(BasicClass::Wages));
        assert_eq!(
            EconomicCode("31002").basic_class(),
            Some(BasicClass::Capital)
        );
        assert_eq!(EconomicCode("30902").basic_class(), None);
        let personnel: Vec<&str> = BasicClass::ALL
            .into_iter()
            .filter(|c| c.is_personnel())
            .map(BasicClass::code)
            .collect();
        assert_eq!(personnel, ["301", "303"]);
    }
}
