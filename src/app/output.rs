//! Writing a unit's outputs: rendered in memory, then written as one set ([`crate::app::staged`]), so
//! a unit's files are either all there and complete or none of them is.

use crate::app::pipeline::Prepared;
use crate::app::staged::{self, Staged};
use crate::base::file_name::BookletKind;
use crate::render::typst::Engine;
use crate::render::{Context, Format};
use anyhow::Result;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One file written.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Where.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: usize,
    /// Pages of the booklet (the PDF layout's), for the PDF and DOCX.
    pub pages: Option<usize>,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
}

/// The folder of one unit's outputs inside `out`, and the file stem of its booklet. A name that
/// cannot be one file name (rule U03) is refused here too, so no output lands outside `out`
/// even when validation was skipped.
pub fn unit_paths(out: &Path, unit: &crate::model::Unit) -> Result<(PathBuf, String)> {
    paths_of(out, &unit.name, unit.year, BookletKind::Unit)
}

/// [`unit_paths`] of the unit (or department) named `name` of `year`, for a booklet of `kind`.
pub fn paths_of(out: &Path, name: &str, year: u16, kind: BookletKind) -> Result<(PathBuf, String)> {
    if let Some(problem) = crate::base::file_name::problem(name, year) {
        anyhow::bail!("单位名称“{}”不能用作文件名：{problem}", name.escape_debug());
    }
    Ok((
        out.join(name),
        crate::base::file_name::booklet_stem(name, year, kind),
    ))
}

/// Renders one unit's outputs in memory, then writes them; returns what was written.
pub fn write_outputs(
    engine: &Engine,
    prepared: &Prepared,
    out: &Path,
    format: Format,
) -> Result<Vec<Written>> {
    let unit = &prepared.budget.unit;
    let (dir, stem) = paths_of(out, &unit.name, unit.year, prepared.kind)?;
    let context = Context::new(&prepared.document, engine, &stem);
    let mut files = Vec::new();
    for renderer in format.renderers() {
        files.extend(renderer.render(&context)?);
    }
    // Everything is rendered before anything is written, and written as one set: a failure
    // leaves no partial set.
    let path_of = |name: &str| {
        name.split('/')
            .fold(dir.clone(), |path, part| path.join(part))
    };
    let written = files
        .iter()
        .map(|file| Written {
            sha256: crate::base::digest::sha256_hex(&file.bytes),
            bytes: file.bytes.len(),
            pages: file.pages,
            path: path_of(&file.name),
        })
        .collect();
    let staged: Vec<Staged> = files
        .into_iter()
        .map(|file| Staged {
            path: path_of(&file.name),
            bytes: file.bytes,
        })
        .collect();
    staged::write_all(&staged)?;
    Ok(written)
}
