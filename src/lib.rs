//! yusuan turns a budget unit's data into its annual 单位预算 booklet: a PDF, a DOCX and the
//! annex tables as XLSX.
//!
//! The folders are the stages, each using only those listed before it:
//! - [`base`]: built-in files, type sizes and text widths, numerals, file names;
//! - [`model`]: the budget as plain data, money exact in 万元, dates and classification codes;
//! - [`input`]: a YAML file or data workbook read into the model, with located diagnostics;
//! - [`profile`]: the booklet's shape as data (tables, columns, templates, texts);
//! - [`compute`]: every total, share and change derived from the data;
//! - [`check`]: the validation rules, each returning diagnostics;
//! - [`compose`]: the narrative and the renderer-neutral document shaped by the profile;
//! - [`render`]: Typst → PDF, docx-rs → DOCX, rust_xlsxwriter → XLSX;
//! - [`app`]: the command line, the pipeline for one unit, batches, the output written as a set.

pub mod app;
pub mod base;
pub mod check;
pub mod compose;
pub mod compute;
pub mod input;
pub mod model;
pub mod profile;
pub mod render;

pub use app::pipeline::{Prepared, Toolkit};
