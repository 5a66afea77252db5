//! Expenditure detail: 功能分类 lines, 经济分类 lines, projects, 绩效目标 and “三公”经费.

use crate::model::money::Money;
use serde::{Deserialize, Serialize};

/// 资金来源 of an expenditure line, in the order the tables show funds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fund {
    /// 一般公共预算.
    #[default]
    GeneralPublic,
    /// 政府性基金预算.
    GovernmentFund,
    /// 国有资本经营预算.
    StateCapital,
}

/// A detail line paid from one fund: 经济分类 lines and projects.
pub trait Funded {
    /// 资金来源.
    fn fund(&self) -> Fund;
    /// 金额.
    fn amount(&self) -> Money;
}

/// The sum of `items`, or of those paid from `fund` when given.
pub fn funded_total<T: Funded>(items: &[&T], fund: Option<Fund>) -> Money {
    items
        .iter()
        .filter(|item| fund.is_none_or(|wanted| item.fund() == wanted))
        .map(|item| item.amount())
        .sum()
}

/// One 功能分类 项 (7-digit code) with its basic-expenditure split by economic nature.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FunctionLine {
    /// 项级科目编码, e.g. 2080109.
    pub code: String,
    /// 科目名称.
    pub name: String,
    /// 资金来源.
    #[serde(default)]
    pub fund: Fund,
    /// 人员经费：工资福利支出.
    #[serde(default)]
    pub wages: Money,
    /// 人员经费：对个人和家庭的补助.
    #[serde(default)]
    pub family_subsidies: Money,
    /// 公用经费：商品和服务支出.
    #[serde(default)]
    pub goods_services: Money,
    /// 公用经费：资本性支出.
    #[serde(default)]
    pub capital: Money,
    /// 项目支出, stated for the line when the projects are not listed one by one (as the
    /// Shanghai booklets publish them); listed projects are added to it.
    #[serde(default)]
    pub project: Money,
    /// What the 预算编制说明 says of this line: last year's budget and spending, the use, the
    /// reason for the change (the Shanghai booklets explain every 项).
    #[serde(default)]
    pub explanation: Option<LineExplanation>,
}

/// A 功能分类 line as the 预算编制说明 explains it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LineExplanation {
    /// 上年预算.
    pub previous: Money,
    /// 上年预算执行数.
    pub previous_spent: Money,
    /// 主要用于.
    pub purpose: String,
    /// 主要原因.
    pub reason: String,
}

/// The four parts of 基本支出 (a 功能分类 line's, or a sum of lines'), and the sums the booklet
/// prints of them: the arithmetic in one place.
pub trait BasicParts {
    /// 工资福利支出 (301).
    fn wages(&self) -> Money;
    /// 对个人和家庭的补助 (303).
    fn family_subsidies(&self) -> Money;
    /// 商品和服务支出 (302).
    fn goods_services(&self) -> Money;
    /// 资本性支出 (310).
    fn capital(&self) -> Money;

    /// 人员经费: 工资福利 and 对个人和家庭的补助.
    fn personnel(&self) -> Money {
        self.wages() + self.family_subsidies()
    }
    /// 公用经费: 商品和服务 and 资本性支出.
    fn public(&self) -> Money {
        self.goods_services() + self.capital()
    }
    /// 基本支出.
    fn basic(&self) -> Money {
        self.personnel() + self.public()
    }
}

/// Implements [`BasicParts`] for a type that keeps the four parts in fields of their names
/// (a 功能分类 line, the computed split of several).
macro_rules! basic_parts_from_fields {
    ($type:ty) => {
        impl $crate::model::BasicParts for $type {
            fn wages(&self) -> $crate::model::money::Money {
                self.wages
            }
            fn family_subsidies(&self) -> $crate::model::money::Money {
                self.family_subsidies
            }
            fn goods_services(&self) -> $crate::model::money::Money {
                self.goods_services
            }
            fn capital(&self) -> $crate::model::money::Money {
                self.capital
            }
        }
    };
}
pub(crate) use basic_parts_from_fields;

basic_parts_from_fields!(FunctionLine);

/// 基本支出 or 项目支出.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EconomicKind {
    /// 基本支出.
    Basic,
    /// 项目支出.
    Project,
}

/// One 经济分类 line: 部门预算经济分类 款 with its 政府预算经济分类 款.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EconomicLine {
    /// 部门预算支出经济分类科目编码 (5 digits), e.g. 30103.
    pub code: String,
    /// 部门预算支出经济分类科目名称.
    pub name: String,
    /// 政府预算支出经济分类科目编码 (5 digits), e.g. 50101; may be left out where no table
    /// prints it (rule E04 asks for it where one does).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub gov_code: String,
    /// 政府预算支出经济分类科目名称.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub gov_name: String,
    /// 基本支出 or 项目支出.
    pub kind: EconomicKind,
    /// 资金来源.
    #[serde(default)]
    pub fund: Fund,
    /// 金额.
    pub amount: Money,
}

impl EconomicLine {
    /// 人员经费 (301 工资福利, 303 对个人和家庭的补助) as opposed to 公用经费 (302, 310).
    pub fn is_personnel(&self) -> bool {
        super::code::EconomicCode(&self.code)
            .basic_class()
            .is_some_and(super::code::BasicClass::is_personnel)
    }
}

impl Funded for EconomicLine {
    fn fund(&self) -> Fund {
        self.fund
    }
    fn amount(&self) -> Money {
        self.amount
    }
}

/// 项目类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ProjectType {
    /// 其他运转类.
    #[serde(rename = "其他运转类")]
    OtherOperation,
    /// 特定目标类.
    #[serde(rename = "特定目标类")]
    SpecificTarget,
}

impl ProjectType {
    /// The name as printed.
    pub fn label(self) -> &'static str {
        match self {
            ProjectType::OtherOperation => "其他运转类",
            ProjectType::SpecificTarget => "特定目标类",
        }
    }
}

/// 项目支出 of one project.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// 项目编码.
    pub code: String,
    /// 项目名称.
    pub name: String,
    /// 项目类型.
    #[serde(rename = "type")]
    pub kind: ProjectType,
    /// 支出功能分类项级科目编码.
    pub function: String,
    /// 资金来源.
    #[serde(default)]
    pub fund: Fund,
    /// 金额.
    pub amount: Money,
}

impl Funded for Project {
    fn fund(&self) -> Fund {
        self.fund
    }
    fn amount(&self) -> Money {
        self.amount
    }
}

/// One 三级指标 with its 指标值.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Indicator(pub String, pub String);

/// The 绩效目标 of one project.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceGoal {
    /// 项目编码 of the project in `projects`.
    pub project: String,
    /// 成本指标.
    #[serde(default)]
    pub cost: Vec<Indicator>,
    /// 产出指标.
    #[serde(default)]
    pub output: Vec<Indicator>,
    /// 效益指标.
    #[serde(default)]
    pub benefit: Vec<Indicator>,
    /// 满意度指标.
    #[serde(default)]
    pub satisfaction: Vec<Indicator>,
    /// 绩效目标申报表 (Shanghai): 项目性质, dates, funds, goals and indicators by 一级 and 二级.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<GoalForm>,
}

/// A project's 财政项目支出绩效目标申报表, as the Shanghai booklets print it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GoalForm {
    /// 项目性质（阶段性项目、经常性项目）.
    pub nature: String,
    /// 计划开始日期, as printed (2026/1/1).
    pub start: String,
    /// 计划完成日期.
    pub end: String,
    /// 项目资金总额 (all years); the year's amount is the project's.
    pub total_funds: Money,
    /// 项目总目标.
    pub overall_goal: String,
    /// 年度总体目标.
    pub annual_goal: String,
    /// 绩效指标: 一级, 二级, 三级 and 指标值.
    pub indicators: Vec<UnitIndicator>,
}

/// “三公”经费 of this year and the previous one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThreePublic {
    /// 本年预算.
    pub current: ThreePublicItems,
    /// 上年预算.
    pub previous: ThreePublicItems,
    /// 增减原因，按项目：abroad, reception, vehicle_purchase, vehicle_operation, total.
    #[serde(default)]
    pub reasons: std::collections::BTreeMap<String, String>,
}

/// The four “三公” amounts.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ThreePublicItems {
    /// 因公出国（境）费.
    pub abroad: Money,
    /// 公务接待费.
    pub reception: Money,
    /// 公务用车购置费.
    pub vehicle_purchase: Money,
    /// 公务用车运行维护费.
    pub vehicle_operation: Money,
}

/// One “三公” item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreePublicItem {
    /// 因公出国（境）费.
    Abroad,
    /// 公务接待费.
    Reception,
    /// 公务用车购置费.
    VehiclePurchase,
    /// 公务用车运行维护费.
    VehicleOperation,
}

impl ThreePublicItem {
    /// Every item, in the order the narrative names them.
    pub const ALL: [ThreePublicItem; 4] = [
        ThreePublicItem::Abroad,
        ThreePublicItem::Reception,
        ThreePublicItem::VehiclePurchase,
        ThreePublicItem::VehicleOperation,
    ];

    /// Its field name in the data (and its key under `three_public.reasons`).
    pub fn key(self) -> &'static str {
        match self {
            ThreePublicItem::Abroad => "abroad",
            ThreePublicItem::Reception => "reception",
            ThreePublicItem::VehiclePurchase => "vehicle_purchase",
            ThreePublicItem::VehicleOperation => "vehicle_operation",
        }
    }

    /// Its name.
    pub fn label(self) -> &'static str {
        match self {
            ThreePublicItem::Abroad => "因公出国（境）费",
            ThreePublicItem::Reception => "公务接待费",
            ThreePublicItem::VehiclePurchase => "公务用车购置费",
            ThreePublicItem::VehicleOperation => "公务用车运行维护费",
        }
    }

    /// The 部门预算经济分类 款 it is booked to.
    pub fn economic_code(self) -> &'static str {
        match self {
            ThreePublicItem::Abroad => "30212",
            ThreePublicItem::Reception => "30217",
            ThreePublicItem::VehiclePurchase => "31013",
            ThreePublicItem::VehicleOperation => "30231",
        }
    }
}

impl ThreePublicItems {
    /// The amount of `item`.
    pub fn get(&self, item: ThreePublicItem) -> Money {
        match item {
            ThreePublicItem::Abroad => self.abroad,
            ThreePublicItem::Reception => self.reception,
            ThreePublicItem::VehiclePurchase => self.vehicle_purchase,
            ThreePublicItem::VehicleOperation => self.vehicle_operation,
        }
    }

    /// 公务用车购置及运行费.
    pub fn vehicles(&self) -> Money {
        self.vehicle_purchase + self.vehicle_operation
    }
    /// “三公”经费合计.
    pub fn total(&self) -> Money {
        ThreePublicItem::ALL
            .into_iter()
            .map(|item| self.get(item))
            .sum()
    }
}

/// 本级部门（单位）整体绩效目标: the year's main tasks with their amounts, the overall goal and
/// the indicators (2024 format on).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitPerformance {
    /// 年度主要任务.
    pub tasks: Vec<UnitTask>,
    /// 年度总体目标.
    pub goal: String,
    /// 年度绩效指标.
    pub indicators: Vec<UnitIndicator>,
}

/// One 年度主要任务.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitTask {
    /// 任务名称.
    pub name: String,
    /// 主要内容.
    pub content: String,
    /// 预算金额：财政拨款.
    pub appropriation: Money,
    /// 预算金额：其他资金.
    #[serde(default)]
    pub other: Money,
}

impl UnitTask {
    /// 预算金额：总额.
    pub fn total(&self) -> Money {
        self.appropriation + self.other
    }
}

/// One 年度绩效指标: 一级, 二级 and 三级 indicator and its value.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct UnitIndicator {
    /// 一级指标（产出指标、效益指标、满意度指标、成本指标）.
    pub level1: String,
    /// 二级指标（数量指标、质量指标、时效指标 …）.
    pub level2: String,
    /// 三级指标.
    pub name: String,
    /// 指标值.
    pub value: String,
}
