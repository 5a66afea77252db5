//! Versions: every data file a unit was given and accepted (no errors), with who gave it, when,
//! its SHA-256 and the note given with it. The file itself is kept under `data/history/<unit>/`
//! and named by the row.

use super::audit::record;
use super::{now, Actor, Store};
use anyhow::Result;

/// One accepted version of a unit's data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Version {
    /// Its number in the workspace.
    pub id: i64,
    /// The unit (its data file's stem).
    pub unit: String,
    /// The file's SHA-256.
    pub sha256: String,
    /// The kept file, relative to `data/` (`history/<unit>/<time>-<sha256>.<ext>`).
    pub file: String,
    /// Who gave it: an account's name, or empty.
    pub by: String,
    /// When (seconds since 1970).
    pub at: i64,
    /// What its giver said of it, or how it came (found in the folder, changed there).
    pub note: String,
}

const COLUMNS: &str = "v.id, v.unit, v.sha256, v.file, COALESCE(a.display, ''), v.at, v.note
     FROM versions v LEFT JOIN accounts a ON a.id = v.account_id";

fn version(row: &rusqlite::Row) -> rusqlite::Result<Version> {
    Ok(Version {
        id: row.get(0)?,
        unit: row.get(1)?,
        sha256: row.get(2)?,
        file: row.get(3)?,
        by: row.get(4)?,
        at: row.get(5)?,
        note: row.get(6)?,
    })
}

impl Store {
    /// Records a version of `unit` whose file is kept at `file` (relative to `data/`).
    pub fn add_version(
        &self,
        unit: &str,
        sha256: &str,
        file: &str,
        actor: Actor,
        note: &str,
    ) -> Result<i64> {
        self.transaction(|tx| {
            tx.execute(
                "INSERT INTO versions (unit, sha256, file, account_id, at, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                rusqlite::params![unit, sha256, file, actor.account, now(), note],
            )?;
            let id = tx.last_insert_rowid();
            record(tx, actor, "version", unit, &format!("版本 {id}，SHA-256 {sha256}；{note}"))?;
            // New data of a unit that was published (or never seen) starts a new round.
            tx.execute(
                "INSERT INTO unit_states (unit, state, changed_at, account_id) VALUES (?1, 'editing', ?2, ?3)
                 ON CONFLICT (unit) DO UPDATE SET state = 'editing', changed_at = ?2, account_id = ?3
                 WHERE state = 'published'",
                rusqlite::params![unit, now(), actor.account],
            )?;
            Ok(id)
        })
    }

    /// The versions of `unit`, newest first.
    pub fn versions(&self, unit: &str) -> Result<Vec<Version>> {
        self.with(|conn| {
            let mut statement = conn.prepare(&format!(
                "SELECT {COLUMNS} WHERE v.unit = ?1 ORDER BY v.id DESC"
            ))?;
            let rows = statement.query_map([unit], version)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Every version of every unit, oldest first.
    pub fn all_versions(&self) -> Result<Vec<Version>> {
        self.with(|conn| {
            let mut statement = conn.prepare(&format!("SELECT {COLUMNS} ORDER BY v.id"))?;
            let rows = statement.query_map([], version)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// The version numbered `id`.
    pub fn version(&self, id: i64) -> Result<Option<Version>> {
        self.with(|conn| {
            let mut statement = conn.prepare(&format!("SELECT {COLUMNS} WHERE v.id = ?1"))?;
            let mut rows = statement.query_map([id], version)?;
            Ok(rows.next().transpose()?)
        })
    }
}
