//! The 部门预算 of a publication. A department is published with its units once every one of
//! them is published — approved now, or published before and unchanged since — and again when
//! its own file changes after that (a department-level text mended). The department file's
//! bytes are kept with the publication, so what produced a published 部门预算 is known.

use super::workspace::{file_name, sha256_hex, stem};
use super::Server;
use crate::input::load::SourceFile;
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// A department file to publish.
pub struct Waiting {
    /// The file.
    pub path: PathBuf,
    /// Its stem, as the publication records it.
    pub id: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Its bytes, kept with the publication.
    pub bytes: Vec<u8>,
}

/// The departments of the workspace to publish with the units' files `files` (published now).
/// A department file that cannot be read as one stops the publication: its units may be among
/// those published, and a 部门预算 left out unsaid would be thought published.
pub fn waiting(server: &Server, files: &[PathBuf]) -> Result<Vec<Waiting>> {
    let now: Vec<PathBuf> = files.iter().filter_map(|f| f.canonicalize().ok()).collect();
    let mut found = Vec::new();
    for path in server.workspace.department_files()? {
        let bytes = SourceFile::read_bytes(&path)?;
        let source = SourceFile::from_bytes(&path, bytes.clone());
        let department = match source.parse_department() {
            Ok(department) => department,
            Err(diagnostics) => bail!(
                "部门文件 {} 有错误（{}），无法确定它汇总哪些单位：改正后再发布",
                file_name(&path),
                diagnostics
                    .first()
                    .map_or_else(String::new, |d| d.message.clone())
            ),
        };
        let folder = path.parent().unwrap_or(Path::new(""));
        let mut with_units_now = false;
        let mut all_published = !department.units.is_empty();
        for member in &department.units {
            let unit = member.path_in(folder);
            if unit.canonicalize().is_ok_and(|unit| now.contains(&unit)) {
                with_units_now = true;
            } else if !published_unchanged(server, &unit)? {
                all_published = false;
            }
        }
        let id = stem(&file_name(&path)).to_string();
        let sha256 = sha256_hex(&bytes);
        let changed = server.store.published_department(&id)?.as_ref() != Some(&sha256);
        if all_published && (with_units_now || changed) {
            found.push(Waiting {
                path,
                id,
                sha256,
                bytes,
            });
        }
    }
    Ok(found)
}

/// Whether the unit of file `unit` was published, from the bytes it holds now.
fn published_unchanged(server: &Server, unit: &Path) -> Result<bool> {
    let Some(id) = server.store.published_version(stem(&file_name(unit)))? else {
        return Ok(false);
    };
    let Some(version) = server.store.version(id)? else {
        return Ok(false);
    };
    Ok(std::fs::read(unit).is_ok_and(|bytes| sha256_hex(&bytes) == version.sha256))
}
