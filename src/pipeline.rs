//! One booklet from one data file: load, compute, validate, narrate, assemble.
//! The shared parts (texts, templates, the Typst engine) are loaded once in a [`Toolkit`].

use crate::classification::Catalogues;
use crate::diag::Diagnostic;
use crate::document::{self, Document};
use crate::figures::Figures;
use crate::load::SourceFile;
use crate::model::Budget;
use crate::narrative::Templates;
use crate::render::typst::Engine;
use crate::resources::{self, TemplateFiles};
use crate::texts::Texts;
use crate::typography::Typography;
use crate::validate;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// Everything loaded once per run and shared by every unit.
pub struct Toolkit {
    /// The 政府收支分类科目 of each year.
    pub catalogues: Catalogues,
    /// Shared texts.
    pub texts: Texts,
    /// Narrative templates.
    pub templates: Templates,
    /// The Typst engine: fonts, library, layout template.
    pub engine: Engine,
    /// Treat warnings as errors (`--strict`).
    pub strict: bool,
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
    /// The data has errors (and perhaps warnings); each names its place in the file.
    Data(Vec<Diagnostic>),
    /// Something else went wrong (a template, I/O).
    Other(anyhow::Error),
}

impl Toolkit {
    /// Loads texts, templates and fonts from `templates` (built in when `None`; an office's
    /// `font_dirs` come first), and the classification catalogues from `classification`
    /// (built in when `None`).
    pub fn load(
        templates: Option<&Path>,
        classification: Option<&Path>,
        font_dirs: &[PathBuf],
    ) -> Result<Toolkit> {
        let files = match templates {
            Some(dir) => TemplateFiles::read(dir)?,
            None => TemplateFiles::builtin(),
        };
        let mut fonts = font_dirs.to_vec();
        fonts.extend(files.font_dir.clone());
        Ok(Toolkit {
            catalogues: Catalogues::parse(&resources::classification_files(classification)?)?,
            texts: Texts::parse(&files.texts, &files.origin)?,
            templates: Templates::parse(&files.narrative, &files.origin)?,
            engine: Engine::new(files.booklet, &fonts, Typography::default())?,
            strict: false,
        })
    }

    /// The toolkit of the files built into the binary.
    pub fn builtin() -> Result<Toolkit> {
        Toolkit::load(None, None, &[])
    }

    /// Parses, checks and assembles the booklet of one data file.
    pub fn prepare(&self, source: &SourceFile) -> Result<Prepared, Failure> {
        let budget = source
            .parse()
            .map_err(|diagnostic| Failure::Data(vec![*diagnostic]))?;
        let figures = Figures::compute(&budget);
        let catalogue = self.catalogues.year(budget.unit.year);
        let has_glyph = |c: char| self.engine.has_glyph(c);
        let context = validate::Context {
            texts: &self.texts,
            catalogue,
            has_glyph: &has_glyph,
        };
        let found: Vec<Diagnostic> = validate::check(&budget, &figures, &context)
            .into_iter()
            .map(|diagnostic| source.locate(diagnostic))
            .collect();
        let strict = self.strict;
        let found: Vec<Diagnostic> = found
            .into_iter()
            .map(|mut diagnostic| {
                if strict {
                    diagnostic.severity = crate::diag::Severity::Error;
                }
                diagnostic
            })
            .collect();
        if found.iter().any(Diagnostic::is_error) {
            return Err(Failure::Data(found));
        }
        let warnings = found;
        let narrative = self
            .templates
            .render(&budget, &figures, &self.texts, catalogue)
            .map_err(Failure::Other)?;
        let document = document::build(
            &budget,
            &figures,
            &narrative,
            &self.texts,
            self.engine.typography(),
        )
        .map_err(Failure::Other)?;
        Ok(Prepared {
            budget,
            figures,
            document,
            warnings,
        })
    }
}
