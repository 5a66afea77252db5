//! `yusuan backup`: a consistent copy of a workspace's records while its server runs — the
//! database (one snapshot, SQLite's `VACUUM INTO`) and the kept file of every version it names
//! (files under `history/` are never changed once written, so copying them after the snapshot
//! gives each version the snapshot names). The copy is checked: every version's file is there
//! with its SHA-256.

use crate::app::serve::workspace::{sha256_hex, timestamp};
use crate::app::store::{Store, FILE};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// What a backup holds.
#[derive(Debug)]
pub struct Backup {
    /// The backup's folder.
    pub folder: PathBuf,
    /// Versions recorded (every one with its file).
    pub versions: usize,
    /// Accounts.
    pub accounts: i64,
}

/// Backs up the workspace `dir` into `out` (a new folder; by default
/// `backups/<time>/` in the workspace).
pub fn backup(dir: &Path, out: Option<&Path>) -> Result<Backup> {
    let database = dir.join(FILE);
    if !database.is_file() {
        bail!(
            "{} 中没有工作区的数据库（{FILE}）：它还没有用 yusuan serve 打开过",
            dir.display()
        );
    }
    let folder = match out {
        Some(out) => out.to_path_buf(),
        None => dir
            .join("backups")
            .join(timestamp(std::time::SystemTime::now())),
    };
    if folder.exists() {
        bail!("{} 已经存在，不会覆盖：请换一个文件夹", folder.display());
    }
    let building = folder.with_extension("partial");
    let _ = std::fs::remove_dir_all(&building);
    std::fs::create_dir_all(&building)
        .with_context(|| format!("无法建立 {}", building.display()))?;
    let made = copy(dir, &database, &building);
    match made {
        Ok((versions, accounts)) => {
            std::fs::rename(&building, &folder)
                .with_context(|| format!("无法把备份移到 {}", folder.display()))?;
            Ok(Backup {
                folder,
                versions,
                accounts,
            })
        }
        Err(error) => {
            let _ = std::fs::remove_dir_all(&building);
            Err(error)
        }
    }
}

fn copy(dir: &Path, database: &Path, into: &Path) -> Result<(usize, i64)> {
    Store::open(database)?.copy_to(&into.join(FILE))?;
    let copied = Store::open(&into.join(FILE))?;
    let versions = copied.all_versions()?;
    for version in &versions {
        let relative = Path::new("data").join(&version.file);
        let target = into.join(&relative);
        if target.is_file() {
            continue;
        }
        let bytes = std::fs::read(dir.join(&relative))
            .with_context(|| format!("版本 {} 的文件 {} 不见了", version.id, relative.display()))?;
        if sha256_hex(&bytes) != version.sha256 {
            bail!(
                "版本 {} 的文件 {} 与记录的 SHA-256 不符",
                version.id,
                relative.display()
            );
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, &bytes)?;
    }
    Ok((versions.len(), copied.account_count()?))
}
