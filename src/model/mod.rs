//! The budget data of one unit, as typed in its YAML file: plain serde data, money as [`Money`].
//!
//! Field names are English identifiers; the Chinese meaning of each is in the doc comment and in
//! the commented header of every data file. Unknown fields are errors, so a typo cannot be ignored.

pub mod choices;
pub mod classification;
pub mod code;
pub mod date;
pub mod department;
mod expenditure;
pub mod money;
mod unit;

pub(crate) use expenditure::basic_parts_from_fields;
pub use expenditure::{
    funded_total, BasicParts, EconomicKind, EconomicLine, FunctionLine, Fund, Funded, GoalForm,
    Indicator, LineExplanation, PerformanceGoal, Project, ProjectType, ThreePublic,
    ThreePublicItem, ThreePublicItems, UnitIndicator, UnitPerformance, UnitTask,
};
pub use unit::{
    Assets, ControlTotals, Department, Duties, Income, IncomeCarryover, IncomeSource, Overview,
    PreviousYear, Procurement, Unit, Vehicles,
};

use serde::{Deserialize, Serialize};

/// Everything one booklet needs that is particular to its unit.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// 预算书格式（`yusuan profiles` 列出可用的格式）；不写时为 henan-2023.
    #[serde(default)]
    pub profile: Option<String>,
    /// 数据中金额的单位：万元（默认）或元.
    #[serde(default)]
    pub amount_unit: crate::model::money::DataUnit,
    /// 示例数据：the figures are invented; the booklet says so on every page.
    #[serde(default)]
    pub sample: bool,
    /// 单位信息.
    pub unit: Unit,
    /// 第一部分 概况: 主要职责 and 机构设置.
    pub overview: Overview,
    /// 预算系统下达的控制数.
    pub control_totals: ControlTotals,
    /// 上年预算，用于增减比较.
    pub previous_year: PreviousYear,
    /// 本年收入及上年结转结余.
    pub income: Income,
    /// 支出功能分类（项级）及基本支出拆分.
    pub functions: Vec<FunctionLine>,
    /// 支出经济分类明细.
    pub economic: Vec<EconomicLine>,
    /// 一般公共预算“三公”经费.
    pub three_public: ThreePublic,
    /// 项目支出.
    #[serde(default)]
    pub projects: Vec<Project>,
    /// 项目绩效目标.
    #[serde(default)]
    pub performance: Vec<PerformanceGoal>,
    /// 本级部门（单位）整体绩效目标（2024 年起的格式）.
    #[serde(default)]
    pub unit_performance: Option<UnitPerformance>,
    /// 政府采购预算. Required: the booklet states it, and an omission must not print as 0
    /// (zeros say "none").
    pub procurement: Procurement,
    /// 国有资产占用情况.
    #[serde(default)]
    pub assets: Assets,
    /// 格式需要而模型没有的其他数据（数量、日期、文字），由该格式的正文模板读取，如
    /// extra.vehicles_as_of；金额请写成带引号的文字（"769.58"），模板按精确小数读取.
    #[serde(default)]
    pub extra: std::collections::BTreeMap<String, serde_yaml::Value>,
}
