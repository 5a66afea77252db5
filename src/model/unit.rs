//! The unit itself, its overview texts and its unit-level figures.

use crate::model::money::Money;
use serde::{Deserialize, Serialize};

/// 单位信息.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// 单位名称, e.g. 新乡市社会保险中心.
    pub name: String,
    /// 单位代码, e.g. 303016.
    pub code: String,
    /// 主管部门.
    pub department: Department,
    /// 本级财政的称呼（市级、区级、县级），用于名词解释.
    pub fiscal_level: String,
    /// 预算年度.
    pub year: u16,
    /// 发布日期 `YYYY-MM-DD`: the cover shows its year and month; it is also the PDF's date.
    pub published: crate::model::date::Date,
    /// 单位性质（行政单位、参公单位、事业单位 …）：部门预算按性质列示各单位；事业单位没有
    /// 机关运行经费. Not written: the unit counts as a 机关.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

impl Unit {
    /// Whether the unit has 机关运行经费: a 行政单位 or a 参公单位 (参照公务员法管理的事业单位),
    /// not a plain 事业单位.
    pub fn has_running_costs(&self) -> bool {
        self.kind.as_deref() != Some("事业单位")
    }
}

impl Unit {
    /// The YAML path of the publication date, the one date of the data (rule U01 when it is
    /// none).
    pub const PUBLISHED_PATH: &'static str = "unit.published";
}

/// 主管部门.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    /// 部门代码, e.g. 303.
    pub code: String,
    /// 部门名称.
    pub name: String,
}

/// 第一部分 概况.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Overview {
    /// 主要职责: one text, or a list of paragraphs (（一）… （二）… or 1. 2.), each printed as
    /// its own paragraph.
    pub duties: Duties,
    /// 内设机构.
    #[serde(default)]
    pub internal_offices: Vec<String>,
    /// 派出机构.
    #[serde(default)]
    pub dispatched_offices: Vec<String>,
}

/// The control totals the budget system approved; every one is recomputed from the detail lines.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ControlTotals {
    /// 收入总计.
    pub income_total: Money,
    /// 支出总计.
    pub expenditure_total: Money,
    /// 基本支出.
    pub basic: Money,
    /// 人员经费.
    pub personnel: Money,
    /// 公用经费.
    pub public: Money,
    /// 项目支出.
    pub project: Money,
    /// “三公”经费合计.
    pub three_public: Money,
}

/// 上年预算.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PreviousYear {
    /// 上年收支总计.
    pub total: Money,
    /// 上年一般公共预算收支.
    pub general_public: Money,
    /// 上年政府性基金预算收支.
    #[serde(default)]
    pub government_fund: Money,
    /// 上年国有资本经营预算收支.
    #[serde(default)]
    pub state_capital: Money,
    /// 增减变化的主要原因.
    #[serde(default)]
    pub change_reason: Option<String>,
}

/// A source of this year's income.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IncomeSource {
    /// 一般公共预算.
    GeneralPublic,
    /// 政府性基金.
    GovernmentFund,
    /// 国有资本经营预算.
    StateCapital,
    /// 财政专户管理资金收入.
    SpecialAccount,
    /// 事业收入.
    Business,
    /// 事业单位经营收入.
    Operating,
    /// 上级补助收入.
    SuperiorSubsidy,
    /// 附属单位上缴收入.
    SubordinateRemittance,
    /// 其他收入.
    Other,
}

impl IncomeSource {
    /// Every source, in the order the tables list them.
    pub const ALL: [IncomeSource; 9] = [
        IncomeSource::GeneralPublic,
        IncomeSource::GovernmentFund,
        IncomeSource::StateCapital,
        IncomeSource::SpecialAccount,
        IncomeSource::Business,
        IncomeSource::Operating,
        IncomeSource::SuperiorSubsidy,
        IncomeSource::SubordinateRemittance,
        IncomeSource::Other,
    ];

    /// Its field name in the data and its figure name in profiles.
    pub fn key(self) -> &'static str {
        match self {
            IncomeSource::GeneralPublic => "general_public",
            IncomeSource::GovernmentFund => "government_fund",
            IncomeSource::StateCapital => "state_capital",
            IncomeSource::SpecialAccount => "special_account",
            IncomeSource::Business => "business",
            IncomeSource::Operating => "operating",
            IncomeSource::SuperiorSubsidy => "superior_subsidy",
            IncomeSource::SubordinateRemittance => "subordinate_remittance",
            IncomeSource::Other => "other",
        }
    }

    /// Its name in the tables' headers.
    pub fn label(self) -> &'static str {
        match self {
            IncomeSource::GeneralPublic => "一般公共预算",
            IncomeSource::GovernmentFund => "政府性基金",
            IncomeSource::StateCapital => "国有资本经营预算",
            IncomeSource::SpecialAccount => "财政专户管理资金收入",
            IncomeSource::Business => "事业收入",
            IncomeSource::Operating => "事业单位经营收入",
            IncomeSource::SuperiorSubsidy => "上级补助收入",
            IncomeSource::SubordinateRemittance => "附属单位上缴收入",
            IncomeSource::Other => "其他收入",
        }
    }

    /// Whether it is a 财政拨款 (appropriation).
    pub fn is_appropriation(self) -> bool {
        matches!(
            self,
            IncomeSource::GeneralPublic | IncomeSource::GovernmentFund | IncomeSource::StateCapital
        )
    }
}

/// 本年收入，按来源.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Income {
    /// 一般公共预算.
    pub general_public: Money,
    /// 其中：财政拨款.
    pub general_public_appropriation: Money,
    /// 政府性基金.
    pub government_fund: Money,
    /// 国有资本经营预算.
    pub state_capital: Money,
    /// 财政专户管理资金收入.
    pub special_account: Money,
    /// 事业收入.
    pub business: Money,
    /// 事业单位经营收入.
    pub operating: Money,
    /// 上级补助收入.
    pub superior_subsidy: Money,
    /// 附属单位上缴收入.
    pub subordinate_remittance: Money,
    /// 其他收入.
    pub other: Money,
    /// 上年结转结余.
    pub carryover: IncomeCarryover,
}

impl Income {
    /// This year's income from `source`.
    pub fn from(&self, source: IncomeSource) -> Money {
        match source {
            IncomeSource::GeneralPublic => self.general_public,
            IncomeSource::GovernmentFund => self.government_fund,
            IncomeSource::StateCapital => self.state_capital,
            IncomeSource::SpecialAccount => self.special_account,
            IncomeSource::Business => self.business,
            IncomeSource::Operating => self.operating,
            IncomeSource::SuperiorSubsidy => self.superior_subsidy,
            IncomeSource::SubordinateRemittance => self.subordinate_remittance,
            IncomeSource::Other => self.other,
        }
    }

    /// This year's income from every source (本年收入合计).
    pub fn current_total(&self) -> Money {
        IncomeSource::ALL.into_iter().map(|s| self.from(s)).sum()
    }

    /// 收入总计: this year's income and the carry-over.
    pub fn total(&self) -> Money {
        self.current_total() + self.carryover.total()
    }

    /// This year's 财政拨款: 一般公共预算, 政府性基金 and 国有资本经营预算.
    pub fn appropriation(&self) -> Money {
        IncomeSource::ALL
            .into_iter()
            .filter(|s| s.is_appropriation())
            .map(|s| self.from(s))
            .sum()
    }
}

/// 上年结转结余，按来源.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct IncomeCarryover {
    /// 一般公共预算.
    pub general_public: Money,
    /// 政府性基金.
    pub government_fund: Money,
    /// 国有资本经营预算.
    pub state_capital: Money,
    /// 财政专户管理资金.
    pub special_account: Money,
    /// 单位资金.
    pub unit_funds: Money,
}

impl Income {
    /// The income of several units together: each source summed.
    pub fn sum_of<'a>(incomes: impl IntoIterator<Item = &'a Income>) -> Income {
        let mut total = Income::default();
        for income in incomes {
            total.general_public += income.general_public;
            total.general_public_appropriation += income.general_public_appropriation;
            total.government_fund += income.government_fund;
            total.state_capital += income.state_capital;
            total.special_account += income.special_account;
            total.business += income.business;
            total.operating += income.operating;
            total.superior_subsidy += income.superior_subsidy;
            total.subordinate_remittance += income.subordinate_remittance;
            total.other += income.other;
            let (sum, carry) = (&mut total.carryover, &income.carryover);
            sum.general_public += carry.general_public;
            sum.government_fund += carry.government_fund;
            sum.state_capital += carry.state_capital;
            sum.special_account += carry.special_account;
            sum.unit_funds += carry.unit_funds;
        }
        total
    }
}

impl IncomeCarryover {
    /// 上年结转结余, every part.
    pub fn total(&self) -> Money {
        [
            self.general_public,
            self.government_fund,
            self.state_capital,
            self.special_account,
            self.unit_funds,
        ]
        .iter()
        .sum()
    }
}

/// 政府采购预算.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Procurement {
    /// 货物.
    pub goods: Money,
    /// 工程.
    pub works: Money,
    /// 服务.
    pub services: Money,
}

/// 国有资产占用情况，上年期末.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Assets {
    /// 车辆.
    pub vehicles: Vehicles,
    /// 单价 50 万元以上通用设备（台、套）.
    pub general_equipment_over_500k: u32,
    /// 单位价值 100 万元以上专用设备（台、套）.
    pub special_equipment_over_1m: u32,
}

/// 车辆，按用途.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Vehicles {
    /// 一般公务用车.
    pub general: u32,
    /// 一般执法执勤用车.
    pub law_enforcement: u32,
    /// 特种专业技术用车.
    pub special: u32,
    /// 其他用车.
    pub other: u32,
}

/// 主要职责 as paragraphs. The data may give one text or a list of texts; it is written back
/// the way it was given, so paths in messages are the data file's (`overview.duties` for one
/// text, `overview.duties[2]` for an item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duties {
    /// The paragraphs, in order.
    pub paragraphs: Vec<String>,
    /// Given as a list (rather than one text).
    pub listed: bool,
}

impl Serialize for Duties {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.paragraphs.as_slice() {
            [one] if !self.listed => serializer.serialize_str(one),
            paragraphs => paragraphs.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Duties {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Duties, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Duties;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("一段文字，或每段一项的列表")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Duties, E> {
                Ok(Duties {
                    paragraphs: vec![text.to_string()],
                    listed: false,
                })
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Duties, A::Error> {
                let mut paragraphs = Vec::new();
                while let Some(paragraph) = seq.next_element::<String>()? {
                    paragraphs.push(paragraph);
                }
                Ok(Duties {
                    paragraphs,
                    listed: true,
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
