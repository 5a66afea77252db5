//! `yusuan next-year`: next year's data file from this year's. What this year's booklet printed
//! becomes the previous year's figures (`previous_year`, the “三公” 上年, each explained line's
//! 上年预算); the unit's texts stay; every amount of the year to come is written `待填写`, which
//! `validate` names line by line (Y05) until it is filled, so no forgotten amount prints as 0.
//! The year and the publication date move on, and the file names the profile for its year.

use crate::app::convert::yaml_body_with;
use crate::app::pipeline::{Failure, Toolkit};
use crate::compute::figures::Figures;
use crate::input::load::SourceFile;
use crate::input::unfilled::TO_FILL;
use crate::model::money::tree::AmountText;
use crate::model::Budget;
use crate::model::Fund;
use anyhow::Result;
use serde_yaml::Value;
use std::path::{Path, PathBuf};

/// Next year's data, ready to write.
pub struct NextYear {
    /// The data file's text.
    pub text: String,
    /// The year it is for.
    pub year: u16,
    /// The profile it names.
    pub profile: String,
    /// How many places are left to fill (amounts, and what the new format asks for).
    pub to_fill: usize,
}

/// Next year's data from `source`, or this year's diagnostics when it has errors (the figures
/// carried over must be the ones a booklet printed).
pub fn next_year(toolkit: &Toolkit, source: &SourceFile) -> Result<Result<NextYear, String>> {
    let budget = match toolkit.prepare(source) {
        Ok(prepared) => prepared.budget,
        Err(Failure::Data(diagnostics)) => return Ok(Err(source.render(&diagnostics))),
        Err(Failure::Other(error)) => return Err(error),
    };
    let figures = Figures::compute(&budget);
    let year = budget.unit.year + 1;
    let profile = toolkit.profile_for_year(&budget, year);
    let mut next = carried_over(&budget, &figures);
    next.unit.year = year;
    next.unit.published.year = year;
    if next.unit.published.month == 2 && next.unit.published.day == 29 {
        next.unit.published.day = 28;
    }
    next.profile = Some(profile.clone());
    // A format that prints the 整体绩效目标表 needs it: its places, all to fill.
    if next.unit_performance.is_none() && toolkit.prints_unit_goals(&profile) {
        next.unit_performance = Some(unit_performance_to_fill());
    }
    let body = yaml_body_with(&next, AmountText::Shown, &mut |path, _| {
        (!kept(path)).then(|| Value::String(TO_FILL.to_string()))
    })?;
    let to_fill = body
        .lines()
        .filter(|line| line.trim_end().ends_with(TO_FILL))
        .count();
    let source_name = source.name();
    let classification = match toolkit.catalogues().year(year) {
        Some(_) => format!("{year} 年的科目表（随附）"),
        None => format!("没有随附 {year} 年的科目表，编码暂不按科目表检查"),
    };
    let text = format!(
        "# {name} {year} 年单位预算数据，由 yusuan next-year 从 {source_name}（{this} 年）生成。\n\
         # 预算书格式：{profile}；政府收支分类科目：{classification}。\n\
         # previous_year、three_public.previous 和各科目说明的 previous 是 {this} 年预算书印出的数字；\n\
         # 写着“{TO_FILL}”的 {to_fill} 处是 {year} 年的金额（和这个格式要求而还没有的内容）：\n\
         # yusuan validate 逐一列出（规则 Y05），填好才能生成预算书。\n\
         # 文字（职责、机构、项目和绩效目标等）照抄 {this} 年的，请按 {year} 年的情况修改。\n\n{body}",
        name = budget.unit.name,
        this = budget.unit.year,
    );
    Ok(Ok(NextYear {
        text,
        year,
        profile,
        to_fill,
    }))
}

/// `data/xinxiang-shebao-2023.yaml` → `data/2024/xinxiang-shebao-2024.yaml`: in a folder of its
/// own year, so this year's folder keeps one year (its batch and workspace read only that); the
/// year in the name moves on, or is appended (`单位.xlsx` → `2024/单位-2024.yaml`).
pub fn next_name(file: &Path, year: u16) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let this = (year - 1).to_string();
    let name = match stem.rfind(&this) {
        Some(at) => format!("{}{year}{}.yaml", &stem[..at], &stem[at + this.len()..]),
        None => format!("{stem}-{year}.yaml"),
    };
    file.with_file_name(year.to_string()).join(name)
}

/// `unit_performance` with every place to fill: one task, the goal, one indicator.
fn unit_performance_to_fill() -> crate::model::UnitPerformance {
    use crate::model::{UnitIndicator, UnitPerformance, UnitTask};
    let to_fill = || TO_FILL.to_string();
    UnitPerformance {
        tasks: vec![UnitTask {
            name: to_fill(),
            content: to_fill(),
            appropriation: Default::default(),
            other: Default::default(),
        }],
        goal: to_fill(),
        indicators: vec![UnitIndicator {
            level1: to_fill(),
            level2: to_fill(),
            name: to_fill(),
            value: to_fill(),
        }],
    }
}

/// Whether the amount at `path` is one carried over from this year's booklet (kept), rather
/// than one of the coming year (to fill).
fn kept(path: &str) -> bool {
    path.starts_with("previous_year.")
        || path.starts_with("three_public.previous.")
        || path.ends_with(".explanation.previous")
}

/// `budget` with this year's printed figures moved to last year's places; the reasons for this
/// year's changes, which the coming year must write anew, left out.
fn carried_over(budget: &Budget, figures: &Figures) -> Budget {
    let mut next = budget.clone();
    let fund_total = |fund: Fund| {
        figures
            .by_fund
            .get(&fund)
            .map(|split| split.total())
            .unwrap_or_default()
    };
    next.previous_year.total = figures.income_total;
    next.previous_year.general_public = fund_total(Fund::GeneralPublic);
    next.previous_year.government_fund = fund_total(Fund::GovernmentFund);
    next.previous_year.state_capital = fund_total(Fund::StateCapital);
    next.previous_year.change_reason = None;
    next.three_public.previous = budget.three_public.current.clone();
    next.three_public.reasons.clear();
    for line in &mut next.functions {
        if let Some(explanation) = &mut line.explanation {
            explanation.previous = figures
                .rows
                .iter()
                .find(|row| row.code == line.code && row.fund == line.fund)
                .map(|row| row.split.total())
                .unwrap_or_default();
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carried_over_amounts_are_last_years_places_only() {
        for path in [
            "previous_year.total",
            "three_public.previous.vehicle_operation",
            "functions[2].explanation.previous",
        ] {
            assert!(kept(path), "{path}");
        }
        for path in [
            "control_totals.basic",
            "three_public.current.vehicle_operation",
            "functions[2].explanation.previous_spent",
            "functions[2].wages",
            "projects[0].amount",
            "income.carryover.general_public",
        ] {
            assert!(!kept(path), "{path}");
        }
    }
}
