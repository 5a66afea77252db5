//! The audit log: one row per thing done (a login, an upload accepted, a submission, a decision,
//! a comment, a publication, an account made or changed), never changed nor deleted (the
//! database refuses it).

use super::{now, Actor, Store};
use anyhow::Result;
use rusqlite::Transaction;

/// One line of the log.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    /// When (seconds since 1970).
    pub at: i64,
    /// Who: the account's name, or empty for this computer's user.
    pub who: String,
    /// What, in a word (`upload`, `submit`, `publish` …).
    pub action: String,
    /// The unit it concerned, if one.
    pub unit: String,
    /// The rest.
    pub detail: String,
}

/// Appends a line to the log, inside the transaction that does the thing.
pub fn record(
    tx: &Transaction,
    actor: Actor,
    action: &str,
    unit: &str,
    detail: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit (at, account_id, action, unit, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![now(), actor.account, action, unit, detail],
    )?;
    Ok(())
}

impl Store {
    /// Appends one line to the log on its own.
    pub fn log(&self, actor: Actor, action: &str, unit: &str, detail: &str) -> Result<()> {
        self.transaction(|tx| record(tx, actor, action, unit, detail))
    }

    /// The newest `limit` lines, newest first; of one unit when `unit` is given.
    pub fn audit(&self, unit: Option<&str>, limit: usize) -> Result<Vec<Entry>> {
        self.with(|conn| {
            let mut statement = conn.prepare(
                "SELECT a.at, COALESCE(c.display, ''), a.action, a.unit, a.detail
                 FROM audit a LEFT JOIN accounts c ON c.id = a.account_id
                 WHERE ?1 IS NULL OR a.unit = ?1 ORDER BY a.id DESC LIMIT ?2",
            )?;
            let rows = statement.query_map(rusqlite::params![unit, limit as i64], |row| {
                Ok(Entry {
                    at: row.get(0)?,
                    who: row.get(1)?,
                    action: row.get(2)?,
                    unit: row.get(3)?,
                    detail: row.get(4)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }
}
