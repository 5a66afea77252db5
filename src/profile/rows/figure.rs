//! The figures of the annex tables' rows: one vocabulary for the row sources that fill them and
//! the profiles whose columns show them.

use crate::model::IncomeSource;

/// A figure a row of an annex table can show: what a column's `show:` names. Each row source
/// provides some of them ([`RowSource::figures`]); its rows are built with these values, never
/// with names, so a figure no source provides cannot be asked for or filled by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    /// `class`.
    Class,
    /// `item`.
    Item,
    /// `section`.
    Section,
    /// `unit_code`.
    UnitCode,
    /// `name`.
    Name,
    /// `total`.
    Total,
    /// `basic_total`.
    BasicTotal,
    /// `personnel`.
    Personnel,
    /// `wages`.
    Wages,
    /// `family_subsidies`.
    FamilySubsidies,
    /// `public`.
    Public,
    /// `goods_services`.
    GoodsServices,
    /// `capital`.
    Capital,
    /// `project_total`.
    ProjectTotal,
    /// `project_other`.
    ProjectOther,
    /// `project_specific`.
    ProjectSpecific,
    /// `income_item`.
    IncomeItem,
    /// `income_amount`.
    IncomeAmount,
    /// `expenditure_item`.
    ExpenditureItem,
    /// `expenditure_amount`.
    ExpenditureAmount,
    /// `code`.
    Code,
    /// `current_total`.
    CurrentTotal,
    /// An income source's amount: `general_public`, `business` … (the source's key), and
    /// in the tables by fund, that fund's amount.
    Income(IncomeSource),
    /// `general_public_appropriation`.
    GeneralPublicAppropriation,
    /// `carryover_total`.
    CarryoverTotal,
    /// `carryover_general_public`.
    CarryoverGeneralPublic,
    /// `carryover_government_fund`.
    CarryoverGovernmentFund,
    /// `carryover_state_capital`.
    CarryoverStateCapital,
    /// `carryover_special_account`.
    CarryoverSpecialAccount,
    /// `carryover_unit_funds`.
    CarryoverUnitFunds,
    /// `expenditure_total`.
    ExpenditureTotal,
    /// `expenditure_general_public`.
    ExpenditureGeneralPublic,
    /// `expenditure_general_public_appropriation`.
    ExpenditureGeneralPublicAppropriation,
    /// `expenditure_government_fund`.
    ExpenditureGovernmentFund,
    /// `expenditure_state_capital`.
    ExpenditureStateCapital,
    /// `abroad`.
    Abroad,
    /// `vehicles_total`.
    VehiclesTotal,
    /// `vehicle_purchase`.
    VehiclePurchase,
    /// `vehicle_operation`.
    VehicleOperation,
    /// `reception`.
    Reception,
    /// `gov_code`.
    GovCode,
    /// `gov_name`.
    GovName,
    /// `gov_class`.
    GovClass,
    /// `gov_item`.
    GovItem,
    /// `class_item`.
    ClassItem,
    /// `appropriation`.
    Appropriation,
    /// `kind`.
    Kind,
    /// `unit`.
    Unit,
    /// `government`.
    Government,
    /// `unit_funds`.
    UnitFunds,
    /// `cost_indicator`.
    CostIndicator,
    /// `cost_value`.
    CostValue,
    /// `output_indicator`.
    OutputIndicator,
    /// `output_value`.
    OutputValue,
    /// `benefit_indicator`.
    BenefitIndicator,
    /// `benefit_value`.
    BenefitValue,
    /// `satisfaction_indicator`.
    SatisfactionIndicator,
    /// `satisfaction_value`.
    SatisfactionValue,
    /// `running_costs`.
    RunningCosts,
}

impl Figure {
    /// Every figure, with its name in profiles.
    const NAMES: &'static [(Figure, &'static str)] = &[
        (Figure::Class, "class"),
        (Figure::Item, "item"),
        (Figure::Section, "section"),
        (Figure::UnitCode, "unit_code"),
        (Figure::Name, "name"),
        (Figure::Total, "total"),
        (Figure::BasicTotal, "basic_total"),
        (Figure::Personnel, "personnel"),
        (Figure::Wages, "wages"),
        (Figure::FamilySubsidies, "family_subsidies"),
        (Figure::Public, "public"),
        (Figure::GoodsServices, "goods_services"),
        (Figure::Capital, "capital"),
        (Figure::ProjectTotal, "project_total"),
        (Figure::ProjectOther, "project_other"),
        (Figure::ProjectSpecific, "project_specific"),
        (Figure::IncomeItem, "income_item"),
        (Figure::IncomeAmount, "income_amount"),
        (Figure::ExpenditureItem, "expenditure_item"),
        (Figure::ExpenditureAmount, "expenditure_amount"),
        (Figure::Code, "code"),
        (Figure::CurrentTotal, "current_total"),
        (
            Figure::GeneralPublicAppropriation,
            "general_public_appropriation",
        ),
        (Figure::CarryoverTotal, "carryover_total"),
        (Figure::CarryoverGeneralPublic, "carryover_general_public"),
        (Figure::CarryoverGovernmentFund, "carryover_government_fund"),
        (Figure::CarryoverStateCapital, "carryover_state_capital"),
        (Figure::CarryoverSpecialAccount, "carryover_special_account"),
        (Figure::CarryoverUnitFunds, "carryover_unit_funds"),
        (Figure::ExpenditureTotal, "expenditure_total"),
        (
            Figure::ExpenditureGeneralPublic,
            "expenditure_general_public",
        ),
        (
            Figure::ExpenditureGeneralPublicAppropriation,
            "expenditure_general_public_appropriation",
        ),
        (
            Figure::ExpenditureGovernmentFund,
            "expenditure_government_fund",
        ),
        (Figure::ExpenditureStateCapital, "expenditure_state_capital"),
        (Figure::Abroad, "abroad"),
        (Figure::VehiclesTotal, "vehicles_total"),
        (Figure::VehiclePurchase, "vehicle_purchase"),
        (Figure::VehicleOperation, "vehicle_operation"),
        (Figure::Reception, "reception"),
        (Figure::GovCode, "gov_code"),
        (Figure::GovName, "gov_name"),
        (Figure::GovClass, "gov_class"),
        (Figure::GovItem, "gov_item"),
        (Figure::ClassItem, "class_item"),
        (Figure::Appropriation, "appropriation"),
        (Figure::Kind, "kind"),
        (Figure::Unit, "unit"),
        (Figure::Government, "government"),
        (Figure::UnitFunds, "unit_funds"),
        (Figure::CostIndicator, "cost_indicator"),
        (Figure::CostValue, "cost_value"),
        (Figure::OutputIndicator, "output_indicator"),
        (Figure::OutputValue, "output_value"),
        (Figure::BenefitIndicator, "benefit_indicator"),
        (Figure::BenefitValue, "benefit_value"),
        (Figure::SatisfactionIndicator, "satisfaction_indicator"),
        (Figure::SatisfactionValue, "satisfaction_value"),
        (Figure::RunningCosts, "running_costs"),
    ];

    /// Its name in profiles (`basic_total`).
    pub fn key(self) -> &'static str {
        if let Figure::Income(source) = self {
            return source.key();
        }
        Figure::NAMES
            .iter()
            .find(|(figure, _)| *figure == self)
            .map_or("", |(_, name)| name)
    }

    /// The figure a profile names, if there is one.
    pub fn named(name: &str) -> Option<Figure> {
        let income = IncomeSource::ALL.into_iter().find(|s| s.key() == name);
        income.map(Figure::Income).or_else(|| {
            Figure::NAMES
                .iter()
                .find(|(_, key)| *key == name)
                .map(|(figure, _)| *figure)
        })
    }
}

impl From<crate::model::Fund> for Figure {
    /// The figure of a fund's amount: its income source's, as the tables by fund name it.
    fn from(fund: crate::model::Fund) -> Figure {
        use crate::model::Fund;
        Figure::Income(match fund {
            Fund::GeneralPublic => IncomeSource::GeneralPublic,
            Fund::GovernmentFund => IncomeSource::GovernmentFund,
            Fund::StateCapital => IncomeSource::StateCapital,
        })
    }
}

impl From<IncomeSource> for Figure {
    /// The figure of an income source's amount.
    fn from(source: IncomeSource) -> Figure {
        Figure::Income(source)
    }
}

/// The figures a row source provides, each with what it means there.
pub type Figures = &'static [(Figure, &'static str)];
