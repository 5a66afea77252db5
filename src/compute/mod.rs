//! The figures derived from a unit's data: every total, share and year-on-year change, exact;
//! and a department's data consolidated from its units'.

pub mod consolidate;
pub mod figures;
