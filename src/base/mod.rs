//! What every stage uses: the files built into the binary, the booklet's type sizes and text
//! widths, Chinese numerals, the file names a unit's outputs take, and zip
//! packages written the same on every system.

pub mod digest;
pub mod file_name;
pub mod numerals;
pub mod resources;
pub mod text;
pub mod typography;
pub mod zip_package;
