//! The workspace's database, `yusuan.db` beside `data/`: an embedded SQLite file (nothing to
//! install) holding who may do what and what they did — accounts and sessions, every accepted
//! version of a unit's data (its SHA-256 and the file kept under `data/history/`), the units'
//! review states, submissions and comments, publications with the SHA-256 of every file, and an
//! append-only audit log. The data files stay files: YAML or workbooks anyone can read.
//!
//! Writes go through one connection behind a mutex, each in a transaction; the journal is WAL,
//! so `yusuan backup` reads a consistent copy while the server writes.

pub mod accounts;
pub mod audit;
pub mod cycle;
pub mod publications;
mod schema;
pub mod versions;

use anyhow::{bail, Context, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The database file's name in a workspace folder.
pub const FILE: &str = "yusuan.db";

/// An open workspace database.
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its tables to this version.
    pub fn open(path: &Path) -> Result<Store> {
        let mut conn =
            Connection::open(path).with_context(|| format!("无法打开数据库 {}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let broken = |error: rusqlite::Error| {
            if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
                return anyhow::anyhow!(
                    "数据库 {} 正被别的程序占用（等了 10 秒）：请关掉打开它的程序后再试",
                    path.display()
                );
            }
            anyhow::anyhow!(
                "{} 不是 yusuan 的数据库，或者已经损坏：请停止工作台，用 yusuan backup 做的备份中的 {FILE} 替换它（SQLite 说：{error}）",
                path.display()
            )
        };
        // WAL: readers (a backup, the pages) never wait for a writer nor see half of a write.
        // FULL: a transaction that returned is on disk, even if the machine loses power.
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))
            .map_err(broken)?;
        if !mode.eq_ignore_ascii_case("wal") {
            bail!(
                "数据库 {} 不能使用 WAL 日志（{mode}）：请把工作区放在本机硬盘上，并确认它可以写入",
                path.display()
            );
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(broken)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(broken)?;
        // Found now rather than at the first login: a database that cannot be written.
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            bail!(
                "数据库 {} 只能读、不能写入：请确认这个文件和它所在的文件夹可以写入",
                path.display()
            );
        }
        conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;").map_err(|error| {
            anyhow::anyhow!(
                "数据库 {} 不能写入（{error}）：请确认这个文件和它所在的文件夹可以写入，也没有别的程序占用",
                path.display()
            )
        })?;
        // An SQLite file of another program: tables, and no yusuan version.
        let (version, tables): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT user_version FROM pragma_user_version), (SELECT COUNT(*) FROM sqlite_master WHERE type = 'table')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(broken)?;
        if version == 0 && tables > 0 {
            bail!(
                "{} 是别的程序的 SQLite 数据库，不是 yusuan 的：请把它移走（工作区的数据库必须叫 {FILE}，由 yusuan 建立）",
                path.display()
            );
        }
        schema::migrate(&mut conn).map_err(|error| match error.downcast::<rusqlite::Error>() {
            Ok(error) => broken(error),
            Err(error) => error.context(format!("无法升级数据库 {}", path.display())),
        })?;
        Ok(Store {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        })
    }

    /// Where the database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` on the connection.
    fn with<T>(&self, work: impl FnOnce(&mut Connection) -> Result<T>) -> Result<T> {
        let mut conn = self
            .conn
            .lock()
            .map_err(|_| anyhow::anyhow!("数据库连接在另一个请求出错时中断"))?;
        work(&mut conn)
    }

    /// Runs `work` in one transaction: all of it is kept, or none.
    fn transaction<T>(&self, work: impl FnOnce(&rusqlite::Transaction) -> Result<T>) -> Result<T> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let value = work(&tx)?;
            tx.commit()?;
            Ok(value)
        })
    }

    /// Writes a consistent copy of the whole database to `to` (a new file), while others go on
    /// writing: SQLite's `VACUUM INTO` reads one snapshot.
    pub fn copy_to(&self, to: &Path) -> Result<()> {
        if to.exists() {
            anyhow::bail!("{} 已经存在，不会覆盖", to.display());
        }
        let target = to.to_string_lossy().into_owned();
        self.with(|conn| {
            conn.execute("VACUUM INTO ?1", [target])
                .with_context(|| format!("无法写入备份 {}", to.display()))?;
            Ok(())
        })
    }
}

/// Seconds since 1970, the time every row records.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Who did something: an account, or the person at this computer when the workspace has no
/// accounts (or the folder itself, for files found there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The account, when there is one.
    pub account: Option<i64>,
}

impl Actor {
    /// Nobody in particular: this computer's user, or the workspace's own start-up.
    pub const LOCAL: Actor = Actor { account: None };
}

#[cfg(test)]
pub(crate) fn scratch(name: &str) -> (Store, PathBuf) {
    let dir = std::env::temp_dir().join(format!("yusuan-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(&dir.join(FILE)).unwrap();
    (store, dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_opens_in_wal_at_the_latest_schema_and_copies_while_open() {
        let (store, dir) = scratch("open");
        let version: i64 = store
            .with(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(version, schema::MIGRATIONS.len() as i64);
        drop(store);
        // Opening again migrates nothing and keeps the rows.
        let store = Store::open(&dir.join(FILE)).unwrap();
        let id = store
            .add_version("a", "00", "history/a/x.yaml", Actor::LOCAL, "n")
            .unwrap();
        let copy = dir.join("copy.db");
        store.copy_to(&copy).unwrap();
        assert!(store.copy_to(&copy).is_err(), "never overwrites");
        let copied = Store::open(&copy).unwrap();
        assert_eq!(copied.versions("a").unwrap()[0].id, id);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
