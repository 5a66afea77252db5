//! What every stage uses: the files built into the binary, the booklet's type sizes and text
//! widths, Chinese numerals, and the file names a unit's outputs take.

pub mod file_name;
pub mod numerals;
pub mod resources;
pub mod text;
pub mod typography;
