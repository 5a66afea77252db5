//! One booklet from one data file: load, compute, validate, narrate, assemble.
//! The shared parts (texts, templates, the Typst engine) are loaded once in a [`Toolkit`].

use crate::diag::{Diagnostic, Severity};
use crate::document::{self, Document};
use crate::figures::Figures;
use crate::load::SourceFile;
use crate::model::Budget;
use crate::narrative::Templates;
use crate::render::typst::Engine;
use crate::texts::Texts;
use crate::typography::Typography;
use crate::validate;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Everything loaded once per run and shared by every unit.
pub struct Toolkit {
    /// Shared texts.
    pub texts: Texts,
    /// Narrative templates.
    pub templates: Templates,
    /// The Typst engine: fonts, library, layout template.
    pub engine: Engine,
}

/// A unit ready to render.
pub struct Prepared {
    /// Its data.
    pub budget: Budget,
    /// Its derived figures.
    pub figures: Figures,
    /// Its document.
    pub document: Document,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// Why a unit could not be prepared.
pub enum Failure {
    /// The data has errors; each names its place in the file.
    Data(Vec<Diagnostic>),
    /// Something else went wrong (a template, I/O).
    Other(anyhow::Error),
}

impl Toolkit {
    /// Loads texts, templates and fonts from `templates` (and `font_dirs`, an office's own fonts).
    pub fn load(templates: &Path, font_dirs: &[PathBuf]) -> Result<Toolkit> {
        Ok(Toolkit {
            texts: Texts::load(templates)?,
            templates: Templates::load(templates)?,
            engine: Engine::new(templates, font_dirs, Typography::default())?,
        })
    }

    /// Parses, checks and assembles the booklet of one data file.
    pub fn prepare(&self, source: &SourceFile) -> Result<Prepared, Failure> {
        let budget = source
            .parse()
            .map_err(|diagnostic| Failure::Data(vec![diagnostic]))?;
        let figures = Figures::compute(&budget);
        let found: Vec<Diagnostic> = validate::check(&budget, &figures, &self.texts)
            .into_iter()
            .map(|diagnostic| source.locate(diagnostic))
            .collect();
        let (errors, warnings): (Vec<_>, Vec<_>) = found
            .into_iter()
            .partition(|diagnostic| diagnostic.severity == Severity::Error);
        if !errors.is_empty() {
            return Err(Failure::Data(errors));
        }
        let narrative = self
            .templates
            .render(&budget, &figures, &self.texts)
            .map_err(Failure::Other)?;
        let document =
            document::build(&budget, &figures, &narrative, &self.texts).map_err(Failure::Other)?;
        Ok(Prepared {
            budget,
            figures,
            document,
            warnings,
        })
    }
}

/// The templates folder: `templates/` in the working directory, else the one beside the crate.
pub fn default_templates_dir() -> PathBuf {
    let local = PathBuf::from("templates");
    if local.join("booklet.typ").exists() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
    }
}
