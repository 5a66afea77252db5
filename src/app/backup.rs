//! `yusuan backup`: a consistent copy of a workspace while its server runs. Under the data
//! folder's lock (uploads wait, for the moment it takes): data files changed by hand are
//! recorded as versions first, then the database is copied (one snapshot, SQLite's `VACUUM
//! INTO`), then the data files as they are, the kept file of every version the snapshot names,
//! and every recorded publication's files, each checked against its SHA-256. The copy is a
//! workspace of its own: restoring is serving it, or copying it back.

use crate::app::serve::workspace::{file_name, sha256_hex, timestamp, Workspace};
use crate::app::staged::FolderLock;
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
    // The folders made for it, to take away again if it is refused.
    let mut created: Vec<std::path::PathBuf> = building
        .ancestors()
        .take_while(|dir| !dir.as_os_str().is_empty() && !dir.exists())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(&building)
        .with_context(|| format!("无法建立 {}", building.display()))?;
    let unmake = |created: &mut Vec<std::path::PathBuf>| {
        for dir in created.drain(..) {
            let _ = std::fs::remove_dir(dir);
        }
    };
    // Inside the data or published folder, the next start would take the copy for files of
    // the workspace. (Compared as the file system resolves them: links and `..` included.)
    let resolved = std::fs::canonicalize(&building)?;
    for inside in ["data", crate::app::serve::publish::FOLDER] {
        if std::fs::canonicalize(dir.join(inside)).is_ok_and(|folder| resolved.starts_with(folder))
        {
            unmake(&mut created);
            bail!(
                "不能备份到工作区的 {inside} 文件夹里（{}）：请换一个文件夹",
                folder.display()
            );
        }
    }
    let made = copy(dir, &database, &building);
    match made {
        Ok((versions, accounts)) => {
            if let Err(error) = std::fs::rename(&building, &folder) {
                let _ = std::fs::remove_dir_all(&building);
                unmake(&mut created);
                return Err(error).with_context(|| format!("无法把备份移到 {}", folder.display()));
            }
            Ok(Backup {
                folder,
                versions,
                accounts,
            })
        }
        Err(error) => {
            let _ = std::fs::remove_dir_all(&building);
            unmake(&mut created);
            Err(error)
        }
    }
}

fn copy(dir: &Path, database: &Path, into: &Path) -> Result<(usize, i64)> {
    let workspace = Workspace::open(dir)?;
    let store = Store::open(database)?;
    let _lock = FolderLock::take(&workspace.data)?;
    let units = workspace.unit_files()?;
    for path in &units {
        let unit = crate::app::serve::workspace::stem(&file_name(path)).to_string();
        crate::app::serve::ledger::current_version_locked(&workspace, &store, &unit)?;
    }
    store.copy_to(&into.join(FILE))?;
    std::fs::create_dir_all(into.join("data"))?;
    for path in units.iter().chain(&workspace.department_files()?) {
        std::fs::copy(path, into.join("data").join(file_name(path)))
            .with_context(|| format!("无法复制 {}", path.display()))?;
    }
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
