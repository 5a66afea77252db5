//! The figures derived from a unit's data: every total, share and year-on-year change, exact.

pub mod figures;
