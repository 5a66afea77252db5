//! Writing a unit's outputs: rendered in memory, then each file written atomically, so a file is
//! either complete or absent, never half-written.

use crate::pipeline::{Prepared, Toolkit};
use anyhow::{Context, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// PDF 和 DOCX
    All,
    /// PDF/A-2b
    Pdf,
    /// Word 文档（供编辑、审批）
    Docx,
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

/// Writes `bytes` to `path` through a temporary file in the same directory, then renames it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建目录 {}", dir.display()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .with_context(|| format!("无法写入 {}", path.display()));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// The folder of one unit's outputs, and the file stem of its booklet.
pub fn unit_paths(out: &Path, prepared: &Prepared) -> (PathBuf, String) {
    let unit = &prepared.budget.unit;
    (
        out.join(&unit.name),
        format!("{}{}年单位预算", unit.name, unit.year),
    )
}

/// Renders one unit's outputs in memory, then writes them; returns what was written.
pub fn write_outputs(
    toolkit: &Toolkit,
    prepared: &Prepared,
    out: &Path,
    format: Format,
) -> Result<Vec<Written>> {
    let (dir, stem) = unit_paths(out, prepared);
    let mut files: Vec<(PathBuf, Vec<u8>, Option<usize>)> = Vec::new();
    match format {
        Format::Pdf | Format::Docx | Format::All => {
            // The DOCX 目录 shows the PDF's page numbers, so both come from one layout.
            let layout = toolkit.engine.layout(&prepared.document)?;
            let pages = Some(layout.page_count());
            if format != Format::Docx {
                files.push((dir.join(format!("{stem}.pdf")), layout.pdf()?, pages));
            }
            if format != Format::Pdf {
                let docx = crate::render::docx::render(
                    &prepared.document,
                    toolkit.engine.typography(),
                    &layout.toc_pages(),
                )?;
                files.push((dir.join(format!("{stem}.docx")), docx, pages));
            }
        }
        Format::Typst => {
            let project = dir.join("typst");
            files.push((
                project.join("data.json"),
                toolkit.engine.data_json(&prepared.document)?,
                None,
            ));
            files.push((
                project.join("main.typ"),
                toolkit.engine.template().as_bytes().to_vec(),
                None,
            ));
        }
    }
    // Everything is rendered before anything is written: a failure leaves no partial set.
    files
        .into_iter()
        .map(|(path, bytes, pages)| {
            write_atomic(&path, &bytes)?;
            Ok(Written {
                sha256: hex(&Sha256::digest(&bytes)),
                bytes: bytes.len(),
                pages,
                path,
            })
        })
        .collect()
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
