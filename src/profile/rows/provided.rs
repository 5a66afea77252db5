//! What each row source provides: its figures, each with what it means there, as
//! `yusuan profiles --sources` lists them.

use super::figure::{Figure, Figures};
use crate::model::IncomeSource;

/// The figures of `expenditure::by_function`.
pub const EXPENDITURE_FIGURES: Figures = &[
    (Figure::Class, "科目编码：类"),
    (Figure::Item, "科目编码：款"),
    (Figure::Section, "科目编码：项"),
    (Figure::UnitCode, "单位代码"),
    (Figure::Name, "单位（科目名称）"),
    (Figure::Total, "合计"),
    (Figure::BasicTotal, "基本支出小计"),
    (Figure::Personnel, "人员经费合计"),
    (Figure::Wages, "工资福利支出"),
    (Figure::FamilySubsidies, "对个人和家庭的补助"),
    (Figure::Public, "公用经费合计"),
    (Figure::GoodsServices, "商品和服务支出"),
    (Figure::Capital, "资本性支出"),
    (Figure::ProjectTotal, "项目支出小计"),
    (Figure::ProjectOther, "其他运转类"),
    (Figure::ProjectSpecific, "特定目标类"),
];

/// The figures of `summary::income_and_expenditure`.
pub const SUMMARY_FIGURES: Figures = &[
    (Figure::IncomeItem, "收入项目"),
    (Figure::IncomeAmount, "收入金额"),
    (Figure::ExpenditureItem, "支出项目（功能分类类级）"),
    (Figure::ExpenditureAmount, "支出金额"),
];

/// The figures of `summary::income`.
pub const INCOME_FIGURES: Figures = &[
    (Figure::Code, "部门（单位）代码"),
    (Figure::Name, "部门（单位）名称"),
    (Figure::Total, "总计"),
    (Figure::CurrentTotal, "本年收入合计"),
    (Figure::Income(IncomeSource::GeneralPublic), "一般公共预算"),
    (Figure::GeneralPublicAppropriation, "其中：财政拨款"),
    (Figure::Income(IncomeSource::GovernmentFund), "政府性基金"),
    (
        Figure::Income(IncomeSource::StateCapital),
        "国有资本经营预算",
    ),
    (
        Figure::Income(IncomeSource::SpecialAccount),
        "财政专户管理资金收入",
    ),
    (Figure::Income(IncomeSource::Business), "事业收入"),
    (Figure::Income(IncomeSource::Operating), "事业单位经营收入"),
    (
        Figure::Income(IncomeSource::SuperiorSubsidy),
        "上级补助收入",
    ),
    (
        Figure::Income(IncomeSource::SubordinateRemittance),
        "附属单位上缴收入",
    ),
    (Figure::Income(IncomeSource::Other), "其他收入"),
    (Figure::CarryoverTotal, "上年结转结余合计"),
    (Figure::CarryoverGeneralPublic, "上年结转：一般公共预算"),
    (Figure::CarryoverGovernmentFund, "上年结转：政府性基金"),
    (Figure::CarryoverStateCapital, "上年结转：国有资本经营预算"),
    (
        Figure::CarryoverSpecialAccount,
        "上年结转：财政专户管理资金",
    ),
    (Figure::CarryoverUnitFunds, "上年结转：单位资金"),
];

/// The figures of `summary::appropriation`.
pub const APPROPRIATION_FIGURES: Figures = &[
    (Figure::IncomeItem, "收入项目"),
    (Figure::IncomeAmount, "收入金额"),
    (Figure::ExpenditureItem, "支出项目"),
    (Figure::ExpenditureTotal, "支出合计"),
    (Figure::ExpenditureGeneralPublic, "一般公共预算小计"),
    (
        Figure::ExpenditureGeneralPublicAppropriation,
        "其中：财政拨款",
    ),
    (Figure::ExpenditureGovernmentFund, "政府性基金"),
    (Figure::ExpenditureStateCapital, "国有资本经营预算"),
];

/// The figures of `summary::three_public`.
pub const THREE_PUBLIC_FIGURES: Figures = &[
    (Figure::Total, "“三公”经费合计"),
    (Figure::Abroad, "因公出国（境）费"),
    (Figure::VehiclesTotal, "公务用车购置及运行费小计"),
    (Figure::VehiclePurchase, "公务用车购置费"),
    (Figure::VehicleOperation, "公务用车运行费"),
    (Figure::Reception, "公务接待费"),
    (
        Figure::RunningCosts,
        "机关运行经费（一般公共预算基本支出中的公用经费）",
    ),
];

/// The figures of `economic::basic`.
pub const BASIC_ECONOMIC_FIGURES: Figures = &[
    (Figure::Code, "部门预算经济分类科目编码"),
    (Figure::Name, "部门预算经济分类科目名称"),
    (Figure::GovCode, "政府预算经济分类科目编码"),
    (Figure::GovName, "政府预算经济分类科目名称"),
    (Figure::Total, "合计"),
    (Figure::Personnel, "人员经费"),
    (Figure::Public, "公用经费"),
];

/// The figures of `economic::summary`.
pub const ECONOMIC_SUMMARY_FIGURES: Figures = &[
    (Figure::Class, "部门预算经济分类：类"),
    (Figure::Item, "部门预算经济分类：款"),
    (Figure::Name, "部门预算经济分类科目名称"),
    (Figure::GovClass, "政府预算经济分类：类"),
    (Figure::GovItem, "政府预算经济分类：款"),
    (Figure::GovName, "政府预算经济分类科目名称"),
    (Figure::Total, "总计"),
    (
        Figure::Income(IncomeSource::GeneralPublic),
        "一般公共预算小计",
    ),
    (Figure::GeneralPublicAppropriation, "其中：财政拨款"),
    (Figure::Income(IncomeSource::GovernmentFund), "政府性基金"),
    (
        Figure::Income(IncomeSource::StateCapital),
        "国有资本经营预算",
    ),
];

/// The figures of `by_class::summary`.
pub const CLASS_SUMMARY_FIGURES: Figures = &[
    (Figure::IncomeItem, "收入项目（格式中 income 所列）"),
    (Figure::IncomeAmount, "收入金额"),
    (Figure::ClassItem, "支出功能分类类级科目，按顺序编号"),
    (Figure::Total, "支出合计"),
    (Figure::BasicTotal, "基本支出"),
    (Figure::Personnel, "人员经费"),
    (Figure::Public, "公用经费"),
    (Figure::ProjectTotal, "项目支出"),
    (Figure::Income(IncomeSource::GeneralPublic), "一般公共预算"),
    (
        Figure::Income(IncomeSource::GovernmentFund),
        "政府性基金预算",
    ),
    (
        Figure::Income(IncomeSource::StateCapital),
        "国有资本经营预算",
    ),
];

/// The figures of `by_class::functions`.
pub const FUNCTION_SUBTOTAL_FIGURES: Figures = &[
    (
        Figure::Code,
        "功能分类科目编码（类 3 位、款 5 位、项 7 位）",
    ),
    (Figure::Name, "功能分类科目名称"),
    (Figure::Total, "合计"),
    (Figure::Appropriation, "财政拨款收入"),
    (Figure::BasicTotal, "基本支出"),
    (Figure::Personnel, "人员经费"),
    (Figure::Public, "公用经费"),
    (Figure::ProjectTotal, "项目支出"),
];

/// The figures of `by_class::basic_economic`.
pub const ECONOMIC_CLASS_FIGURES: Figures = &[
    (Figure::Class, "经济分类科目编码：类"),
    (Figure::Item, "经济分类科目编码：款"),
    (Figure::Name, "部门经济分类科目名称"),
    (Figure::Total, "合计"),
    (Figure::Personnel, "人员经费"),
    (Figure::Public, "公用经费"),
];

/// The figures of `performance::projects`.
pub const PROJECT_FIGURES: Figures = &[
    (Figure::Kind, "项目类型"),
    (Figure::Name, "项目名称"),
    (Figure::Unit, "项目单位"),
    (Figure::Total, "合计"),
    (
        Figure::Income(IncomeSource::GeneralPublic),
        "本年拨款：一般公共预算",
    ),
    (
        Figure::Income(IncomeSource::GovernmentFund),
        "本年拨款：政府性基金预算",
    ),
    (
        Figure::Income(IncomeSource::StateCapital),
        "本年拨款：国有资本经营预算",
    ),
];

/// The figures of `performance::goals`.
pub const GOAL_FIGURES: Figures = &[
    (Figure::Code, "单位编码（项目编码）"),
    (Figure::Name, "项目单位（项目名称）"),
    (Figure::Total, "资金总额"),
    (Figure::Government, "政府预算资金"),
    (
        Figure::Income(IncomeSource::SpecialAccount),
        "财政专户管理资金（数据中没有，留空）",
    ),
    (Figure::UnitFunds, "单位资金（数据中没有，留空）"),
    (Figure::CostIndicator, "成本指标：三级指标"),
    (Figure::CostValue, "成本指标：指标值"),
    (Figure::OutputIndicator, "产出指标：三级指标"),
    (Figure::OutputValue, "产出指标：指标值"),
    (Figure::BenefitIndicator, "效益指标：三级指标"),
    (Figure::BenefitValue, "效益指标：指标值"),
    (Figure::SatisfactionIndicator, "满意度指标：三级指标"),
    (Figure::SatisfactionValue, "满意度指标：指标值"),
];
