//! The data workbook's sheets and columns: one list that the writer, the reader and the 说明
//! sheet all read, so a column is named, typed and explained in one place.
//!
//! Each column names the YAML path of its value (`unit.name`, or within a list's item
//! `wages`), so the workbook maps onto the same model as a YAML file, field by field.

mod amounts;
mod lines;
mod other;
mod unit;

/// What a cell holds, and so how it is written, checked and read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// Long text (职责, 说明): a wide column that wraps.
    LongText,
    /// An amount in the unit's amount unit: a number cell, `#,##0.00`.
    Amount,
    /// A code of digits, kept as text; `Some(n)` when it always has `n` digits.
    Code(Option<usize>),
    /// A 功能分类 code (7 digits), with a drop-down of the year's codes.
    FunctionCode,
    /// A whole number (a count, a year).
    Integer,
    /// 是 or 否.
    Bool,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A number or a text, kept as which it is (`extra:` values).
    Scalar,
    /// One of a closed list: (the value in the data, the label the sheet shows).
    Choice(&'static [(&'static str, &'static str)]),
}

impl Kind {
    /// How the 说明 sheet names it.
    pub fn describe(self) -> String {
        match self {
            Kind::Text => "文字".into(),
            Kind::LongText => "文字（可以很长）".into(),
            Kind::Amount => "金额（数字，按“金额单位”；不写千分位以外的符号）".into(),
            Kind::Code(Some(n)) => format!("{n} 位数字编码（文本格式，保留开头的 0）"),
            Kind::Code(None) => "数字编码（文本格式，保留开头的 0）".into(),
            Kind::FunctionCode => "7 位功能分类编码（下拉列表）".into(),
            Kind::Integer => "不小于 0 的整数".into(),
            Kind::Bool => "是 或 否".into(),
            Kind::Date => "日期，YYYY-MM-DD".into(),
            Kind::Scalar => "数字或文字".into(),
            Kind::Choice(choices) => format!(
                "下拉选择：{}",
                choices
                    .iter()
                    .map(|(_, label)| *label)
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        }
    }

    /// The label a value from the data shows as, for a choice.
    pub fn label_of(self, value: &str) -> Option<&'static str> {
        match self {
            Kind::Choice(choices) => choices.iter().find(|(v, _)| *v == value).map(|(_, l)| *l),
            _ => None,
        }
    }

    /// The value in the data a label stands for, for a choice (the value itself is accepted too).
    pub fn value_of(self, label: &str) -> Option<&'static str> {
        match self {
            Kind::Choice(choices) => choices
                .iter()
                .find(|(value, shown)| *shown == label || *value == label)
                .map(|(value, _)| *value),
            _ => None,
        }
    }
}

/// One column of a list sheet, or one row of a form sheet.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The YAML path of the value: absolute on a form sheet, within the item on a list sheet.
    pub path: &'static str,
    /// The header (list) or label (form) the sheet shows.
    pub label: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether it must be filled.
    pub required: bool,
    /// What to write there, for the 说明 sheet.
    pub help: &'static str,
}

const fn field(
    path: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
    help: &'static str,
) -> Field {
    Field {
        path,
        label,
        kind,
        required,
        help,
    }
}

/// How a sheet lays its values out.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// One value a row: 项目 | 值 | 说明.
    Form,
    /// One item of the list at `root` a row, one field a column, headers in row 1.
    List {
        /// The list's YAML path.
        root: &'static str,
    },
    /// A list of texts at `root`, one a row (主要职责 paragraphs; 机构 names by kind).
    Texts {
        /// The list's YAML path.
        root: &'static str,
    },
    /// 机构设置: one office a row, with its kind.
    Offices,
    /// The project goals: one indicator a row, under its project's code.
    Goals,
    /// “三公”经费: one item a row, with this year's and last year's amount and the reason.
    ThreePublic,
    /// `extra:`: 名称 | 项 | 值.
    Extra,
}

/// One sheet of the data workbook.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    /// The sheet's name.
    pub name: &'static str,
    /// What it is for, for the 说明 sheet.
    pub purpose: &'static str,
    /// How it is laid out.
    pub shape: Shape,
    /// Whether every workbook must have it: the booklets report on what it holds, so a deleted
    /// sheet would print zeros and empty lists. The sheets of one format's data only are
    /// optional.
    pub required: bool,
    /// Its fields (form rows or list columns).
    pub fields: &'static [Field],
}

pub use crate::model::choices::GOAL_CATEGORIES;

/// The name of the sheet that lists the drop-down values (hidden).
pub const LISTS_SHEET: &str = "下拉列表";

/// The name of the sheet that explains the others.
pub const GUIDE_SHEET: &str = "说明";

/// Every data sheet, in workbook order (after 说明).
pub const SHEETS: &[Sheet] = &[
    unit::UNIT,
    unit::DUTIES,
    unit::OFFICES_SHEET,
    amounts::CONTROL_TOTALS,
    amounts::PREVIOUS_YEAR,
    amounts::INCOME,
    lines::FUNCTIONS,
    lines::ECONOMIC,
    lines::PROJECTS,
    lines::GOALS,
    lines::THREE_PUBLIC,
    other::OTHER,
    other::UNIT_TASKS,
    other::UNIT_GOALS,
    other::UNIT_INDICATORS,
    other::EXTRA,
];

/// The 机构设置 sheet's two lists: (YAML path, label).
pub const OFFICES: &[(&str, &str)] = &[
    ("overview.internal_offices", "内设机构"),
    ("overview.dispatched_offices", "派出机构"),
];

/// Where the 整体绩效目标 lives; the sheets that fill it.
pub const UNIT_PERFORMANCE: &str = "unit_performance";

/// The sheet named `name`.
pub fn sheet(name: &str) -> Option<&'static Sheet> {
    SHEETS.iter().find(|sheet| sheet.name == name)
}
