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

/// A note of `texts.yaml` that a profile's `notes:` names instead of writing it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteName {
    /// `rounding`: the 尾差 note.
    Rounding,
    /// `appropriation_only`.
    AppropriationOnly,
    /// `three_public`.
    ThreePublic,
    /// `empty_government_fund`.
    EmptyGovernmentFund,
}

impl NoteName {
    /// Every note, with its name in profiles.
    pub const ALL: [(NoteName, &'static str); 4] = [
        (NoteName::Rounding, "rounding"),
        (NoteName::AppropriationOnly, "appropriation_only"),
        (NoteName::ThreePublic, "three_public"),
        (NoteName::EmptyGovernmentFund, "empty_government_fund"),
    ];

    /// The note a profile names.
    pub fn named(name: &str) -> Option<NoteName> {
        NoteName::ALL
            .iter()
            .find(|(_, key)| *key == name)
            .map(|(note, _)| *note)
    }
}

/// A table note as a profile gives it, resolved when the profile loads: a note of
/// `texts.yaml` by name, or the text itself. A word of Latin letters is meant as a name (a
/// note's text is Chinese), so one that names no note is an error at its line, never a word
/// printed under the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A shared note.
    Shared(NoteName),
    /// The note's own text.
    Text(String),
}

impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Note, D::Error> {
        let text = String::deserialize(deserializer)?;
        if let Some(name) = NoteName::named(&text) {
            return Ok(Note::Shared(name));
        }
        let looks_like_a_name =
            !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        if !looks_like_a_name {
            return Ok(Note::Text(text));
        }
        let names: Vec<&str> = NoteName::ALL.iter().map(|(_, name)| *name).collect();
        let hint = match crate::base::text::closest(&text, &names) {
            Some(best) => format!("是不是要写“{best}”？"),
            None => String::new(),
        };
        Err(serde::de::Error::custom(format!(
            "注释名“{text}”不存在。{hint}可用的注释名有：{}（或直接写出注释的文字）",
            names.join("、")
        )))
    }
}

impl Texts {
    /// The text of the shared note `name`.
    pub fn note(&self, name: NoteName) -> &str {
        let notes = &self.notes;
        match name {
            NoteName::Rounding => &notes.rounding,
            NoteName::AppropriationOnly => &notes.appropriation_only,
            NoteName::ThreePublic => &notes.three_public,
            NoteName::EmptyGovernmentFund => &notes.empty_government_fund,
        }
    }

    /// The text of `note`.
    pub fn text_of<'a>(&'a self, note: &'a Note) -> &'a str {
        match note {
            Note::Shared(name) => self.note(*name),
            Note::Text(text) => text,
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
