//! yusuan turns a budget unit's YAML data into its annual 单位预算 booklet.
//!
//! The pipeline, one module per step:
//! data file → [`load`] (typed [`model`], positions in [`source_map`]) → [`figures`] (every
//! total, share and change) → [`validate`] (diagnostics, [`diag`]) → [`narrative`] (minijinja
//! templates) → [`document`] (one renderer-neutral model) → [`render`] (Typst → PDF).

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
