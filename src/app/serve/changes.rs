//! What changed in a unit's booklet since its previous version (the newest file kept under
//! `data/history/`), as the unit's page lists it: the figures by table, row and column, old →
//! new, and the sentences. The comparison is `yusuan diff`'s ([`crate::compose::compare`]).

use super::units::Checker;
use super::workspace::{file_name, Workspace};
use crate::app::pipeline::Prepared;
use crate::compose::compare::{compare, FigureChange, TextChange};
use serde::Serialize;

/// At most this many figures and sentences are listed; a larger change says how many more.
const SHOWN: usize = 200;

/// The changes since the previous version, for the page.
#[derive(Serialize)]
pub struct ChangesView {
    /// The previous version's file name under `history/`.
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

/// The changes of the unit `stem`, whose current booklet is `now`, since its newest kept
/// version; `None` when it has none.
pub fn since_previous(
    workspace: &Workspace,
    checker: &Checker,
    stem: &str,
    now: &Prepared,
) -> Option<ChangesView> {
    let previous = workspace.history(stem).into_iter().next()?;
    let since = file_name(&previous);
    let old = checker
        .file(&previous)
        .ok()
        .and_then(|c| c.prepared.clone());
    let Some(old) = old else {
        return Some(ChangesView {
            since,
            figures: Vec::new(),
            texts: Vec::new(),
            more: 0,
            unbuilt: true,
        });
    };
    let changes = compare(&old.document, &now.document);
    let total = changes.figures.len() + changes.texts.len();
    let figures: Vec<FigureChange> = changes.figures.into_iter().take(SHOWN).collect();
    let texts: Vec<TextChange> = changes.texts.into_iter().take(SHOWN).collect();
    Some(ChangesView {
        since,
        more: total - figures.len() - texts.len(),
        figures,
        texts,
        unbuilt: false,
    })
}
