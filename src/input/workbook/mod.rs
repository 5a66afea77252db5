//! The data workbook: a unit's data as the sheets finance staff fill in Excel or WPS, a second
//! front door to the same model as the YAML file.
//!
//! [`write`] lays a budget out on the sheets of [`schema::SHEETS`] (or leaves them empty for a new
//! unit); [`read`] turns a workbook back into the YAML text of the same data, with a map from
//! each YAML path to its cell, so the loader, the rules and the messages are those of a YAML
//! file and each message points at `工作表!单元格`. Reading goes package ([`package`]: what the
//! file is, how far it unpacks) → sheet ([`grid`]: the filled cells, merged ranges) → cell
//! (`cell_value`: one value by its field's kind) → sheet shapes (`read`).

mod cell_value;
pub mod cells;
pub mod display;
pub mod grid;
pub mod package;
mod read;
pub mod schema;
mod value;
mod write;

pub use cells::CellMap;
pub use read::{read, Read, MAX_PROBLEMS_PER_SHEET, MAX_ROWS};
pub use write::write;
