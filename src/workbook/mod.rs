//! The data workbook: a unit's data as the sheets finance staff fill in Excel or WPS, a second
//! front door to the same model as the YAML file.
//!
//! [`write`] lays a budget out on the sheets of [`schema::SHEETS`] (or leaves them empty for a new
//! unit); [`read`] turns a workbook back into the YAML text of the same data, with a map from
//! each YAML path to its cell, so the loader, the rules and the messages are those of a YAML
//! file and each message points at `工作表!单元格`.

pub mod cells;
mod read;
pub mod schema;
mod value;
mod write;

pub use cells::CellMap;
pub use read::{read, Read};
pub use write::write;
