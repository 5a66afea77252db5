//! Writing a unit's outputs: rendered in memory, then written as one set ([`crate::app::staged`]), so
//! a unit's files are either all there and complete or none of them is.

use crate::app::pipeline::Prepared;
use crate::app::staged::{self, Staged};
use crate::render::typst::Engine;
use crate::render::{Context, Docx, Pagination, Pdf, Renderer, Xlsx};
use anyhow::Result;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// PDF、DOCX 和附表 XLSX
    All,
    /// PDF/A-2b
    Pdf,
    /// Word 文档（供编辑、审批）
    Docx,
    /// 附表工作簿（每张表一个工作表）
    Xlsx,
    /// 可编辑的 Typst 项目（main.typ + data.json）
    Typst,
}

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
    if let Some(problem) = crate::base::file_name::problem(&unit.name, unit.year) {
        anyhow::bail!(
            "单位名称“{}”不能用作文件名：{problem}",
            unit.name.escape_debug()
        );
    }
    Ok((
        out.join(&unit.name),
        crate::base::file_name::booklet_stem(&unit.name, unit.year),
    ))
}

/// The annex tables' workbook, `<单位名称><年度>年单位预算表.xlsx`.
fn annex_workbook(
    dir: &Path,
    stem: &str,
    context: &Context,
) -> Result<(PathBuf, Vec<u8>, Option<usize>)> {
    let path = dir.join(crate::base::file_name::annex_workbook_name(stem));
    Ok((path, Xlsx.render(context)?, None))
}

/// Renders one unit's outputs in memory, then writes them; returns what was written.
pub fn write_outputs(
    engine: &Engine,
    prepared: &Prepared,
    out: &Path,
    format: Format,
) -> Result<Vec<Written>> {
    let (dir, stem) = unit_paths(out, &prepared.budget.unit)?;
    let mut files: Vec<(PathBuf, Vec<u8>, Option<usize>)> = Vec::new();
    match format {
        Format::Pdf | Format::Docx | Format::All => {
            // The DOCX 目录 shows the PDF's page numbers, so both come from one layout.
            let layout = engine.layout(&prepared.document)?;
            let pagination = Pagination::of(&layout);
            let context = Context {
                document: &prepared.document,
                typography: engine.typography(),
                pagination: Some(&pagination),
            };
            let pdf = Pdf(&layout);
            let mut renderers: Vec<&dyn Renderer> = Vec::new();
            if format != Format::Docx {
                renderers.push(&pdf);
            }
            if format != Format::Pdf {
                renderers.push(&Docx);
            }
            for renderer in renderers {
                let path = dir.join(format!("{stem}.{}", renderer.extension()));
                files.push((path, renderer.render(&context)?, Some(pagination.pages)));
            }
            if format == Format::All {
                files.push(annex_workbook(&dir, &stem, &context)?);
            }
        }
        Format::Xlsx => {
            let context = Context {
                document: &prepared.document,
                typography: engine.typography(),
                pagination: None,
            };
            files.push(annex_workbook(&dir, &stem, &context)?);
        }
        Format::Typst => {
            let project = dir.join("typst");
            // The data of the layout itself, with the page breaks it chose.
            let layout = engine.layout(&prepared.document)?;
            files.push((project.join("data.json"), layout.data_json().to_vec(), None));
            files.push((
                project.join("main.typ"),
                engine.template().as_bytes().to_vec(),
                None,
            ));
        }
    }
    // Everything is rendered before anything is written, and written as one set: a failure
    // leaves no partial set.
    let written = files
        .iter()
        .map(|(path, bytes, pages)| Written {
            sha256: hex(&Sha256::digest(bytes)),
            bytes: bytes.len(),
            pages: *pages,
            path: path.clone(),
        })
        .collect();
    let staged: Vec<Staged> = files
        .into_iter()
        .map(|(path, bytes, _)| Staged { path, bytes })
        .collect();
    staged::write_all(&staged)?;
    Ok(written)
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
