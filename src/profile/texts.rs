//! Fixed texts shared by every unit (`templates/texts.yaml`): table notes, the empty-table
//! statement and the 功能分类 类 names the summary tables list.

use anyhow::{Context, Result};
use serde::Deserialize;

/// The shared texts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// Table notes.
    pub notes: Notes,
    /// 支出功能分类类级科目, in code order.
    pub expenditure_classes: Vec<ExpenditureClass>,
}

/// Table notes and statements.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// 尾差 note.
    pub rounding: String,
    /// “only this year's appropriations” note.
    pub appropriation_only: String,
    /// Note under the “三公” table.
    pub three_public: String,
    /// Statement under an empty 政府性基金 table.
    pub empty_government_fund: String,
}

/// One 类 of the 支出功能分类.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpenditureClass {
    /// 3-digit code.
    pub code: String,
    /// Its label in the 单位收支预算表.
    pub summary: String,
    /// Its label in the 财政拨款收支总体情况表.
    pub appropriation: String,
}

/// The names a profile's `notes:` can give instead of a note's text.
pub const NOTE_NAMES: &[&str] = &[
    "rounding",
    "appropriation_only",
    "three_public",
    "empty_government_fund",
];

impl Texts {
    /// The note named `name` (one of [`NOTE_NAMES`]), if there is one.
    pub fn note(&self, name: &str) -> Option<&str> {
        let notes = &self.notes;
        match name {
            "rounding" => Some(&notes.rounding),
            "appropriation_only" => Some(&notes.appropriation_only),
            "three_public" => Some(&notes.three_public),
            "empty_government_fund" => Some(&notes.empty_government_fund),
            _ => None,
        }
    }

    /// Parses the text of a `texts.yaml`; `origin` names it in messages.
    pub fn parse(text: &str, origin: &str) -> Result<Texts> {
        let texts: Texts = serde_yaml::from_str(text)
            .with_context(|| format!("{origin} 的 texts.yaml 格式有误"))?;
        // Reviewers flag an empty-table note copied from another table (R13).
        if !texts.notes.empty_government_fund.contains("政府性基金") {
            anyhow::bail!(
                "{origin} 的 texts.yaml: notes.empty_government_fund 应说明政府性基金支出预算表为空，却没有提到“政府性基金”"
            );
        }
        Ok(texts)
    }
}
