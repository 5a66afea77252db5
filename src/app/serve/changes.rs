//! What changed in a unit's booklet since an earlier version (its previous one, or the one last
//! submitted for review), as the unit's page lists it: the figures by table, row and column, old →
//! new, and the sentences. The comparison is `yusuan diff`'s ([`crate::compose::compare`]).

use super::units::Checker;
use crate::app::pipeline::Prepared;
use crate::compose::compare::{compare, FigureChange, TextChange};
use serde::Serialize;
use std::path::Path;

/// At most this many figures and sentences are listed; a larger change says how many more.
const SHOWN: usize = 200;

/// The changes since the previous version, for the page.
#[derive(Serialize)]
pub struct ChangesView {
    /// Which version it is compared with.
    pub since: String,
    /// Figures that changed (the first [`SHOWN`]).
    pub figures: Vec<FigureChange>,
    /// Sentences that changed (the first [`SHOWN`]).
    pub texts: Vec<TextChange>,
    /// How many more there are than are listed.
    pub more: usize,
    /// Whether the previous version could not be built (its booklet cannot be compared).
    pub unbuilt: bool,
}

/// The changes of a booklet `now` since the data kept at `old` (a version's file), which the
/// page calls `since` (版本 3，…).
pub fn since(checker: &Checker, old: &Path, since: String, now: &Prepared) -> ChangesView {
    let old = checker.file(old).ok().and_then(|c| c.prepared.clone());
    let Some(old) = old else {
        return ChangesView {
            since,
            figures: Vec::new(),
            texts: Vec::new(),
            more: 0,
            unbuilt: true,
        };
    };
    let changes = compare(&old.document, &now.document);
    let total = changes.figures.len() + changes.texts.len();
    let figures: Vec<FigureChange> = changes.figures.into_iter().take(SHOWN).collect();
    let texts: Vec<TextChange> = changes.texts.into_iter().take(SHOWN).collect();
    ChangesView {
        since,
        more: total - figures.len() - texts.len(),
        figures,
        texts,
        unbuilt: false,
    }
}
