//! `yusuan backup`: a consistent copy of a workspace's records while its server runs — the
//! database (one snapshot, SQLite's `VACUUM INTO`) and the kept file of every version it names
//! (files under `history/` are never changed once written, so copying them after the snapshot
//! gives each version the snapshot names). The copy is checked: every version's file is there
//! with its SHA-256. It is a workspace of its own: each unit's newest version is its data file
//! in `data/`, and every recorded publication's files are in `published/`, so restoring is
//! copying the backup's folder back (or serving it where it is).

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
    // Inside the data folder, the next start would take the copy for files of the workspace.
    let data = std::path::absolute(dir.join("data"))?;
    if std::path::absolute(&folder)?.starts_with(&data) {
        bail!(
            "不能备份到工作区的 data 文件夹里（{}）：请换一个文件夹",
            folder.display()
        );
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
    // Each unit's newest version is its data file.
    let mut newest: std::collections::BTreeMap<&str, &crate::app::store::versions::Version> =
        std::collections::BTreeMap::new();
    for version in &versions {
        newest.insert(&version.unit, version);
    }
    for (unit, version) in newest {
        let extension = Path::new(&version.file)
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_else(|| "yaml".into());
        let kept = into.join("data").join(&version.file);
        std::fs::copy(&kept, into.join("data").join(format!("{unit}.{extension}")))?;
    }
    // Every publication's files, checked.
    for (folder, files) in copied.publications()? {
        for (path, sha) in files {
            let bytes = std::fs::read(dir.join(&path))
                .with_context(|| format!("发布的文件 {path}（{folder}）不见了"))?;
            if sha256_hex(&bytes) != sha {
                bail!("发布的文件 {path} 与记录的 SHA-256 不符");
            }
            let target = into.join(&path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(target, bytes)?;
        }
    }
    Ok((versions.len(), copied.account_count()?))
}
