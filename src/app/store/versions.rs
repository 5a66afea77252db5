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

/// Inserts a version, with its line in the log; new data of a unit that was published starts
/// a new round.
fn insert_version(
    tx: &rusqlite::Transaction,
    unit: &str,
    sha256: &str,
    file: &str,
    actor: Actor,
    note: &str,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO versions (unit, sha256, file, account_id, at, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![unit, sha256, file, actor.account, now(), note],
    )?;
    let id = tx.last_insert_rowid();
    record(
        tx,
        actor,
        "version",
        unit,
        &format!("版本 {id}，SHA-256 {sha256}；{note}"),
    )?;
    tx.execute(
        "INSERT INTO unit_states (unit, state, changed_at, account_id) VALUES (?1, 'editing', ?2, ?3)
         ON CONFLICT (unit) DO UPDATE SET state = 'editing', changed_at = ?2, account_id = ?3
         WHERE state = 'published'",
        rusqlite::params![unit, now(), actor.account],
    )?;
    Ok(id)
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

/// An upload a kill may have interrupted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Its row.
    pub id: i64,
    /// The unit.
    pub unit: String,
    /// Its kept file, relative to `data/`.
    pub file: String,
    /// Its version, once recorded.
    pub version: Option<i64>,
}

impl Store {
    /// Notes an upload of `unit` whose kept file will be `file`, before the file is written.
    pub fn begin_upload(&self, unit: &str, file: &str) -> Result<i64> {
        self.with(|conn| {
            conn.execute(
                "INSERT INTO pending_uploads (unit, file) VALUES (?1, ?2)",
                [unit, file],
            )?;
            Ok(conn.last_insert_rowid())
        })
    }

    /// Records the version of the upload `pending` (its file written), in the same transaction
    /// as the version.
    pub fn record_upload(
        &self,
        pending: i64,
        sha256: &str,
        actor: Actor,
        note: &str,
    ) -> Result<i64> {
        let (unit, file): (String, String) = self.with(|conn| {
            Ok(conn.query_row(
                "SELECT unit, file FROM pending_uploads WHERE id = ?1",
                [pending],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })?;
        self.transaction(|tx| {
            let id = insert_version(tx, &unit, sha256, &file, actor, note)?;
            tx.execute(
                "UPDATE pending_uploads SET version_id = ?1 WHERE id = ?2",
                [id, pending],
            )?;
            Ok(id)
        })
    }

    /// The upload `pending` is in place (or undone): its note goes.
    pub fn end_upload(&self, pending: i64) -> Result<()> {
        self.with(|conn| {
            conn.execute("DELETE FROM pending_uploads WHERE id = ?1", [pending])?;
            Ok(())
        })
    }

    /// The uploads a kill interrupted.
    pub fn pending_uploads(&self) -> Result<Vec<Pending>> {
        self.with(|conn| {
            let mut statement =
                conn.prepare("SELECT id, unit, file, version_id FROM pending_uploads ORDER BY id")?;
            let rows = statement.query_map([], |r| {
                Ok(Pending {
                    id: r.get(0)?,
                    unit: r.get(1)?,
                    file: r.get(2)?,
                    version: r.get(3)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Records `found` (unit, SHA-256, file, note) as versions, all in one transaction: kept
    /// files the database does not know.
    pub fn import_versions(&self, found: &[(String, String, String, String)]) -> Result<()> {
        self.transaction(|tx| {
            for (unit, sha256, file, note) in found {
                insert_version(tx, unit, sha256, file, Actor::LOCAL, note)?;
            }
            Ok(())
        })
    }

    /// Records a version of `unit` whose file is kept at `file` (relative to `data/`).
    pub fn add_version(
        &self,
        unit: &str,
        sha256: &str,
        file: &str,
        actor: Actor,
        note: &str,
    ) -> Result<i64> {
        self.transaction(|tx| insert_version(tx, unit, sha256, file, actor, note))
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
