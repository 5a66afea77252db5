//! Composing the booklet: the one renderer-neutral [`document`] that every renderer draws,
//! fitted to the page; the [`narrative`] from the profile's templates; the annex [`tables`]
//! from their row sources; the [`build`] that puts them together in the profile's order; and
//! [`compare`], what changed between two booklets as they print.

pub mod build;
pub mod compare;
pub mod document;
pub mod narrative;
pub mod tables;
