//! yusuan turns a budget unit's data into its annual 单位预算 booklet: a PDF, a DOCX and the
//! annex tables as XLSX.
//!
//! The pipeline, one module per step:
//! data file ([`load`]: YAML, or a data [`workbook`] read as the same YAML) → typed [`model`]
//! (positions in [`source_map`], cells in [`workbook::CellMap`]) → [`figures`] (every total,
//! share and change) → [`validate`] (diagnostics, [`diag`], rule ids in [`rule`]) →
//! [`narrative`] (minijinja templates of the [`profile`]) → [`document`] (one renderer-neutral
//! model, shaped by the profile) → [`render`] (Typst → PDF, docx-rs → DOCX, rust_xlsxwriter →
//! XLSX) → [`output`] (files written as one set). [`batch`] runs it for a folder of units;
//! [`cli`] is the command line.

pub mod batch;
pub mod classification;
pub mod cli;
pub mod convert;
pub mod date;
pub mod diag;
pub mod document;
pub mod figures;
pub mod file_name;
pub mod load;
pub mod model;
pub mod money;
pub mod narrative;
pub mod numerals;
pub mod output;
pub mod pipeline;
pub mod profile;
pub mod render;
pub mod resources;
pub mod rule;
pub mod source_map;
pub mod staged;
pub mod texts;
pub mod typography;
pub mod validate;
pub mod workbook;

pub use pipeline::{Prepared, Toolkit};
