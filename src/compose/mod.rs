//! Composing the booklet: the narrative from the profile's templates, and the one
//! renderer-neutral document that every renderer draws.

pub mod document;
pub mod narrative;
