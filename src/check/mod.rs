//! Checks that run before anything is rendered: the identities a finance reviewer checks across
//! tables and text. Each rule is one small function returning diagnostics; every rule runs, so
//! the user sees every problem at once. Rule ids and what each checks are listed in the README.
//!
//! Many identities of the booklet hold by construction (every total is computed from the detail
//! lines); the rules here check what the data states more than once or cannot show itself.

mod catalogue;
mod characters;
pub mod department;
mod economic;
mod lines;
mod references;
mod scale;
mod text;
mod totals;
mod unit_goals;

use crate::compute::figures::Figures;
use crate::input::diag::Diagnostic;
use crate::model::classification::Catalogue;
use crate::model::Budget;
use crate::profile::rows::RowKind;
use crate::profile::texts::Texts;

/// What the rules may read besides the data.
pub struct Context<'a> {
    /// Shared texts (the 类 the summary tables list).
    pub texts: &'a Texts,
    /// The classification of the budget year, if shipped.
    pub catalogue: Option<&'a Catalogue>,
    /// Whether a character is in one of the fonts the booklet is set in.
    pub has_glyph: &'a dyn Fn(char) -> bool,
    /// The kinds of the tables the profile prints: a rule about a table that is not printed
    /// asks for no data.
    pub printed: &'a [RowKind],
    /// A unit's booklet or a department's: its texts name their own kind (T06).
    pub kind: crate::base::file_name::BookletKind,
}

impl Context<'_> {
    fn prints(&self, kind: RowKind) -> bool {
        self.printed.contains(&kind)
    }
}

/// Runs every rule on `budget` and returns what they found, in rule order.
pub fn check(budget: &Budget, figures: &Figures, context: &Context) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    found.extend(totals::control_totals(budget, figures));
    found.extend(totals::balance(budget, figures));
    found.extend(economic::economic_agrees(
        budget,
        figures,
        context.prints(RowKind::EconomicSummary),
    ));
    found.extend(economic::three_public_covers_economic(budget));
    found.extend(totals::explained_previous(budget));
    found.extend(scale::scale_of_last_year(budget, figures));
    found.extend(totals::performance_amount(budget, figures));
    found.extend(totals::vehicles_to_buy(budget));
    found.extend(references::duplicates(budget));
    found.extend(references::project_functions(budget));
    if context.prints(RowKind::ProjectGoals) {
        found.extend(references::performance_projects(budget));
        found.extend(references::cost_within_amount(budget));
    }
    if context.prints(RowKind::UnitGoals) {
        found.extend(unit_goals::unit_goals(budget, figures));
    }
    found.extend(references::unit_codes(budget));
    found.extend(references::publication_date(budget));
    found.extend(characters::unit_name_is_a_file_name(budget));
    found.extend(catalogue::known_classes(budget, context.texts));
    found.extend(catalogue::code_formats(budget));
    if context.prints(RowKind::BasicByEconomic) || context.prints(RowKind::EconomicSummary) {
        found.extend(catalogue::government_economic_given(budget));
    }
    found.extend(catalogue::names(budget, context.catalogue));
    found.extend(catalogue::printed_class_names(
        budget,
        context.catalogue,
        context.prints(RowKind::SummaryByClass) || context.prints(RowKind::FunctionsWithSubtotals),
        context.prints(RowKind::BasicByEconomicClass),
    ));
    found.extend(text::change_reasons(budget, figures));
    // The rules on texts read every string of the data: collected once for all of them.
    match characters::strings(budget) {
        Ok(texts) => {
            found.extend(text::placeholders(&texts));
            found.extend(text::repeats(&texts));
            found.extend(text::booklet_kind(&texts, context.kind));
            found.extend(text::other_years(&texts, budget.unit.year));
            found.extend(characters::control_characters(&texts));
            found.extend(characters::blank_texts(&texts));
            found.extend(characters::glyphs(&texts, context.has_glyph));
        }
        Err(unchecked) => found.push(*unchecked),
    }
    found
}
