//! The 部门预算 of a publication. A department is published once every one of its units is
//! published — approved now, or published before and unchanged since — and again whenever
//! what it is made of changed since its last publication: its own file (a department-level
//! text mended) or a unit's published data. A department with errors (its own, or a unit it
//! shares with another department) is held back, and the board says so; its units are
//! published all the same. The department file's bytes and the SHA-256 of each unit's file
//! are kept with the publication, so what produced a published 部门预算 is known.

use super::departments::checked;
use super::workspace::{file_name, sha256_hex, stem};
use super::Server;
use crate::app::store::publications::KeptDepartment;
use crate::input::load::SourceFile;
use crate::input::member::member_file;
use crate::model::department::DepartmentFile;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// A department file to publish.
pub struct Waiting {
    /// The file.
    pub path: PathBuf,
    /// What the publication keeps of it.
    pub kept: KeptDepartment,
}

/// The departments a publication with the units' files `files` (published now) would bring.
#[derive(Default)]
pub struct Pending {
    /// Those published with it.
    pub waiting: Vec<Waiting>,
    /// Those held back by their errors: name (file).
    pub held: Vec<String>,
}

/// The departments of the workspace to publish with the units' files `files` (published now),
/// and those held back by their errors.
pub fn pending(server: &Server, files: &[PathBuf]) -> Result<Pending> {
    let now: Vec<PathBuf> = files.iter().filter_map(|f| f.canonicalize().ok()).collect();
    let mut found = Pending::default();
    for (path, row) in checked(server, &mut Vec::new())? {
        // Held by its errors, whatever its units' state: nothing more of it is read (a unit
        // file it names may be one the workspace does not read).
        if row.errors > 0 {
            found.held.push(format!("{}（{}）", row.name, row.file));
            continue;
        }
        let bytes = SourceFile::read_bytes(&path)?;
        let source = SourceFile::from_bytes(&path, bytes.clone());
        let Ok(department) = source.parse_department() else {
            // Changed since it was checked: its next check tells.
            continue;
        };
        let folder = path.parent().unwrap_or(Path::new(""));
        let mut all_published = !department.units.is_empty();
        for member in &department.units {
            let unit = member_file(member, folder);
            let published = unit.canonicalize().is_ok_and(|unit| now.contains(&unit))
                || published_unchanged(server, &unit)?;
            all_published &= published;
        }
        let units = units_now(&path, &department);
        if !all_published {
            continue;
        }
        let id = stem(&file_name(&path)).to_string();
        let sha256 = sha256_hex(&bytes);
        let last = server.store.published_department(&id)?;
        if last.as_ref() != Some(&(sha256.clone(), units.clone())) {
            found.waiting.push(Waiting {
                path,
                kept: KeptDepartment {
                    department: id,
                    sha256,
                    units,
                    content: bytes,
                },
            });
        }
    }
    Ok(found)
}

/// The units' files of the department of file `path` as they are now, a line each: name and
/// SHA-256 ([`KeptDepartment::units`]).
fn units_now(path: &Path, department: &DepartmentFile) -> String {
    let folder = path.parent().unwrap_or(Path::new(""));
    let mut units = String::new();
    for member in &department.units {
        let unit = member_file(member, folder);
        let sha256 = sha256_hex(&std::fs::read(&unit).unwrap_or_default());
        units.push_str(&format!("{} {sha256}\n", file_name(&unit)));
    }
    units
}

/// Refuses a publication whose departments' units changed since `waiting` was found (while
/// they were built): a 部门预算 is built from published data only.
pub fn unchanged(waiting: &[Waiting]) -> Result<()> {
    for department in waiting {
        let source = SourceFile::read(&department.path)?;
        let now = source
            .parse_department()
            .ok()
            .map(|file| units_now(&department.path, &file));
        if now.as_ref() != Some(&department.kept.units) {
            anyhow::bail!(
                "部门预算 {} 的单位数据在发布的过程中被改动了：没有发布。请再点一次“发布”",
                file_name(&department.path)
            );
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_changed_while_its_department_is_built_stops_the_publication() {
        let dir = std::env::temp_dir().join(format!("yusuan-unchanged-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/shanghai/sifaju");
        for entry in std::fs::read_dir(bundled).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
        let path = dir.join("department.yaml");
        let file = SourceFile::read(&path).unwrap().parse_department().unwrap();
        let units = units_now(&path, &file);
        assert_eq!(units.lines().count(), 2);
        assert!(units.starts_with("sifaju-benbu-2026.yaml "));
        let waiting = [Waiting {
            path: path.clone(),
            kept: KeptDepartment {
                department: "department".into(),
                sha256: String::new(),
                units,
                content: Vec::new(),
            },
        }];
        assert!(unchanged(&waiting).is_ok());
        let unit = dir.join("falvyuanzhu-2026.yaml");
        let mut text = std::fs::read_to_string(&unit).unwrap();
        text.push_str("# 改动\n");
        std::fs::write(&unit, text).unwrap();
        let refused = unchanged(&waiting).unwrap_err().to_string();
        assert!(refused.contains("在发布的过程中被改动了"), "{refused}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
