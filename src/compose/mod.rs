//! Composing the booklet: the one renderer-neutral [`document`] that every renderer draws,
//! fitted to the page; the [`narrative`] from the profile's templates; the annex [`tables`]
//! from their row sources; and the [`build`] that puts them together in the profile's order.

pub mod build;
pub mod document;
pub mod narrative;
pub mod tables;
