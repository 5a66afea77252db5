//! The database's tables, as a list of migrations: the database records how many it has run
//! (`PRAGMA user_version`) and runs the rest, each in a transaction, when it is opened. A
//! migration once released is never edited; a change is a new one at the end.

use anyhow::Result;
use rusqlite::Connection;

/// Every migration, in order.
pub const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'editor')),
    password TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE account_units (
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    unit TEXT NOT NULL,
    PRIMARY KEY (account_id, unit)
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL
);
CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file TEXT NOT NULL,
    account_id INTEGER REFERENCES accounts(id),
    at INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX versions_by_unit ON versions(unit, id);
CREATE TABLE unit_states (
    unit TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    account_id INTEGER REFERENCES accounts(id)
);
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES versions(id),
    account_id INTEGER REFERENCES accounts(id),
    at INTEGER NOT NULL,
    decision TEXT CHECK (decision IN ('returned', 'approved')),
    decided_by INTEGER REFERENCES accounts(id),
    decided_at INTEGER
);
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    version_id INTEGER REFERENCES versions(id),
    account_id INTEGER REFERENCES accounts(id),
    at INTEGER NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    target_value TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL
);
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts(id),
    at INTEGER NOT NULL,
    folder TEXT NOT NULL
);
CREATE TABLE published_files (
    publication_id INTEGER NOT NULL REFERENCES publications(id),
    unit TEXT NOT NULL,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    account_id INTEGER,
    action TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
-- What was accepted, said or done is never changed nor lost.
CREATE TRIGGER audit_kept BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_not_deleted BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER versions_kept BEFORE UPDATE ON versions BEGIN SELECT RAISE(ABORT, 'versions are never changed'); END;
CREATE TRIGGER versions_not_deleted BEFORE DELETE ON versions BEGIN SELECT RAISE(ABORT, 'versions are never deleted'); END;
CREATE TRIGGER comments_kept BEFORE UPDATE ON comments BEGIN SELECT RAISE(ABORT, 'comments are never changed'); END;
CREATE TRIGGER comments_not_deleted BEFORE DELETE ON comments BEGIN SELECT RAISE(ABORT, 'comments are never deleted'); END;
"#,
    r#"
-- Which version of each unit a publication was built from; accounts the admin has disabled.
CREATE TABLE published_units (
    publication_id INTEGER NOT NULL REFERENCES publications(id),
    unit TEXT NOT NULL,
    version_id INTEGER NOT NULL REFERENCES versions(id)
);
ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
-- An upload under way: its kept file's name before the file is written, and its version once
-- recorded; the row goes when the file is in place. A start finds here what a kill interrupted.
CREATE TABLE pending_uploads (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    file TEXT NOT NULL,
    version_id INTEGER REFERENCES versions(id)
);
"#,
    r#"
-- The department files (部门预算) a publication consolidated its units with: the file's
-- SHA-256 and its bytes, kept as they were, so what produced a published 部门预算 is known.
CREATE TABLE published_departments (
    publication_id INTEGER NOT NULL REFERENCES publications(id),
    department TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE TRIGGER published_departments_kept BEFORE UPDATE ON published_departments BEGIN SELECT RAISE(ABORT, 'publications are never changed'); END;
CREATE TRIGGER published_departments_not_deleted BEFORE DELETE ON published_departments BEGIN SELECT RAISE(ABORT, 'publications are never deleted'); END;
"#,
    r#"
-- The units' files a published 部门预算 consolidated, a line each (file name, SHA-256): a
-- department is published again when one of them was published changed since.
ALTER TABLE published_departments ADD COLUMN units TEXT NOT NULL DEFAULT '';
"#,
];

/// Runs the migrations `conn` has not run yet.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let done: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if done > MIGRATIONS.len() as i64 {
        anyhow::bail!(
            "数据库是更新版本的 yusuan 建立的（第 {done} 版，这个 yusuan 只认识到第 {} 版）：请使用新版本的 yusuan",
            MIGRATIONS.len()
        );
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(done as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_log_versions_and_comments_cannot_be_changed_or_deleted() {
        let (store, dir) = super::super::scratch("append-only");
        store
            .add_version(
                "a",
                "00",
                "history/a/x.yaml",
                super::super::Actor::LOCAL,
                "",
            )
            .unwrap();
        store
            .with(|c| {
                c.execute(
                    "INSERT INTO publications (account_id, at, folder) VALUES (NULL, 0, 'p')",
                    [],
                )?;
                Ok(c.execute(
                    "INSERT INTO published_departments VALUES (1, 'd', 'ee', x'00', '')",
                    [],
                )?)
            })
            .unwrap();
        for sql in [
            "UPDATE audit SET detail = 'x'",
            "DELETE FROM audit",
            "UPDATE versions SET sha256 = 'x'",
            "DELETE FROM versions",
            "UPDATE published_departments SET sha256 = 'x'",
            "DELETE FROM published_departments",
        ] {
            let error = store.with(|c| Ok(c.execute(sql, [])?)).unwrap_err();
            assert!(
                format!("{error:#}").contains("never")
                    || format!("{error:#}").contains("append-only"),
                "{sql}: {error:#}"
            );
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
