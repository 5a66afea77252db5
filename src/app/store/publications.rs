//! Publications: which folder, built from which version of which unit, holding which files
//! (each with its SHA-256), published by whom.

use super::audit::record;
use super::cycle::{set_state, state_in, State};
use super::{now, Actor, Store};
use anyhow::{bail, Result};

/// What a publication keeps of a department file (部门预算) it consolidated units with.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptDepartment {
    /// The file's stem.
    pub department: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Each unit's file it consolidated, a line each: its name and its SHA-256.
    pub units: String,
    /// Its bytes.
    pub content: Vec<u8>,
}

/// A recorded publication: its folder (relative to the workspace) and its files (path,
/// SHA-256).
pub type Publication = (String, Vec<(String, String)>);

impl Store {
    /// The version of `unit` its newest publication was built from.
    pub fn published_version(&self, unit: &str) -> Result<Option<i64>> {
        use rusqlite::OptionalExtension;
        self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT version_id FROM published_units WHERE unit = ?1 ORDER BY publication_id DESC LIMIT 1",
                    [unit],
                    |r| r.get(0),
                )
                .optional()?)
        })
    }

    /// What the newest publication of the department file `department` (by its stem) was
    /// built from: the file's SHA-256 and its units' files ([`KeptDepartment::units`]).
    pub fn published_department(&self, department: &str) -> Result<Option<(String, String)>> {
        use rusqlite::OptionalExtension;
        self.with(|conn| {
            Ok(conn
                .query_row(
                    "SELECT sha256, units FROM published_departments WHERE department = ?1 ORDER BY publication_id DESC LIMIT 1",
                    [department],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?)
        })
    }

    /// Records a publication: `folder` (relative to the workspace) holds `files` (unit, path
    /// relative to the workspace, SHA-256), built from `units` (each with the version built),
    /// each now 已发布, and from `departments`. Refused unless every unit is still 已审核.
    pub fn publish(
        &self,
        actor: Actor,
        folder: &str,
        units: &[(String, i64)],
        departments: &[KeptDepartment],
        files: &[(String, String, String)],
    ) -> Result<i64> {
        self.transaction(|tx| {
            for (unit, _) in units {
                let state = state_in(tx, unit)?;
                if state != State::Approved {
                    bail!("“{unit}”现在是“{}”，不是已审核", state.label());
                }
            }
            tx.execute(
                "INSERT INTO publications (account_id, at, folder) VALUES (?1, ?2, ?3)",
                rusqlite::params![actor.account, now(), folder],
            )?;
            let id = tx.last_insert_rowid();
            for (unit, path, sha256) in files {
                tx.execute(
                    "INSERT INTO published_files (publication_id, unit, path, sha256) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![id, unit, path, sha256],
                )?;
            }
            for KeptDepartment {
                department,
                sha256,
                units,
                content,
            } in departments
            {
                tx.execute(
                    "INSERT INTO published_departments (publication_id, department, sha256, units, content) VALUES (?1, ?2, ?3, ?4, ?5)",
                    rusqlite::params![id, department, sha256, units, content],
                )?;
                record(
                    tx,
                    actor,
                    "publish",
                    department,
                    &format!("部门预算（部门文件 sha256 {sha256}）发布到 {folder}"),
                )?;
            }
            for (unit, version) in units {
                tx.execute(
                    "INSERT INTO published_units (publication_id, unit, version_id) VALUES (?1, ?2, ?3)",
                    rusqlite::params![id, unit, version],
                )?;
                set_state(tx, unit, State::Published, actor)?;
                record(tx, actor, "publish", unit, &format!("版本 {version} 发布到 {folder}"))?;
            }
            Ok(id)
        })
    }

    /// The folders of every recorded publication, and their files (path, SHA-256).
    pub fn publications(&self) -> Result<Vec<Publication>> {
        self.with(|conn| {
            let mut statement = conn.prepare("SELECT id, folder FROM publications ORDER BY id")?;
            let folders: Vec<(i64, String)> = statement
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut files = conn.prepare(
                "SELECT path, sha256 FROM published_files WHERE publication_id = ?1 ORDER BY path",
            )?;
            folders
                .into_iter()
                .map(|(id, folder)| {
                    let listed = files
                        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
                        .collect::<rusqlite::Result<_>>()?;
                    Ok((folder, listed))
                })
                .collect()
        })
    }
}
