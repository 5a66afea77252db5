//! Reading a unit's data: a YAML file or a data workbook read as the same YAML, the position of
//! every value in it, and the diagnostics that point there (with their rule ids).

pub mod diag;
pub mod load;
pub mod member;
pub mod rule;
pub mod source_map;
pub mod unfilled;
pub mod workbook;
pub mod yaml_error;
