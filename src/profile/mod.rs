//! Profiles: the booklet's shape as data. A profile is a folder, `templates/profiles/<name>/`,
//! with a `profile.yaml` (the parts in order, the annex tables in order with their titles,
//! column trees, row sources and notes) and the narrative templates its parts name. A profile
//! may extend another and say only what differs. Built-in profiles ship in the binary;
//! `--profile DIR` or the data's `profile:` key picks one.
//!
//! [`spec`] is what a `profile.yaml` may say and [`rows`] the row sources and figures its
//! tables draw on; [`extend`] writes a profile over the one it extends, [`load`] reads and
//! [`check`]s it, [`registry`] holds a run's profiles; [`fill`] fills its texts; [`texts`] are
//! the texts shared by every profile.

mod builtin;
pub mod check;
pub mod extend;
pub mod extra;
pub mod fill;
pub mod load;
pub mod registry;
pub mod rows;
mod source;
pub mod spec;
pub mod texts;

pub use fill::fill;
pub use load::{LoadedProfile, NarrativeFile};
pub use registry::Profiles;
pub use spec::{leaves, AnnexSpec, ColumnSpec, CoverSpec, PartSpec, Profile, TableSpec};

/// The profile a data file gets when it names none.
pub const DEFAULT: &str = "henan-2023";
