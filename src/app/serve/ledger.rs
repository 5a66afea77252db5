//! The units' data files and the database's versions, kept in agreement. Accepting new data is
//! three steps, in this order, under the data folder's lock: the file is kept under
//! `history/` (renamed into place whole), the version is recorded (one transaction), and the
//! file is put in place as the unit's data. A process killed between any two steps leaves
//! either an unrecorded history file (never accepted: removed at the next start) or a recorded
//! version not yet in place (put in place at the next start): [`recover`] finishes or undoes
//! it, so no accepted version is lost and no half of one stays.

use super::workspace::{file_name, kind_of, sha256_hex, stem, DataKind, Workspace};
use crate::app::staged::FolderLock;
use crate::app::store::{Actor, Store};
use anyhow::{bail, Context, Result};
use std::collections::HashSet;

/// What accepting data did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The unit's file had these bytes already.
    Unchanged,
    /// A new version, now the unit's data file.
    Written {
        /// The data file.
        path: std::path::PathBuf,
        /// The version's number.
        version: i64,
    },
}

/// Makes `bytes` (checked: no errors) the data of the unit `stem`, as a new version by `actor`
/// with `note`. Refused while the unit waits for review or publication.
pub fn accept(
    workspace: &Workspace,
    store: &Store,
    actor: Actor,
    stem: &str,
    kind: DataKind,
    bytes: &[u8],
    note: &str,
) -> Result<Accepted> {
    let _lock = FolderLock::take(&workspace.data)?;
    let state = store.state(stem)?;
    if !state.open_to_changes() {
        bail!(
            "这个单位现在是“{}”：审核结束（或退回）之前，数据不能再改；没有保存。",
            state.label()
        );
    }
    if let Some(path) = workspace.current(stem)? {
        let old = std::fs::read(&path).with_context(|| format!("无法读取 {}", path.display()))?;
        if old == bytes && kind_of(&path) == kind {
            workspace.delete_draft_unlocked(stem);
            return Ok(Accepted::Unchanged);
        }
        record_if_new(
            workspace,
            store,
            stem,
            &path,
            &old,
            "在文件夹中改动过的数据",
        )?;
    }
    let file = workspace.keep_version(stem, kind, bytes)?;
    let version = store.add_version(stem, &sha256_hex(bytes), &file, actor, note)?;
    let path = workspace.put_in_place(stem, kind, bytes)?;
    Ok(Accepted::Written { path, version })
}

/// The version the unit `stem`'s data file is now (recording it when the file was changed in
/// the folder since), with the file's path.
pub fn current_version(
    workspace: &Workspace,
    store: &Store,
    stem: &str,
) -> Result<Option<(std::path::PathBuf, i64)>> {
    let _lock = FolderLock::take(&workspace.data)?;
    let Some(path) = workspace.current(stem)? else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path).with_context(|| format!("无法读取 {}", path.display()))?;
    let id = record_if_new(
        workspace,
        store,
        stem,
        &path,
        &bytes,
        "在文件夹中改动过的数据",
    )?;
    Ok(Some((path, id)))
}

/// The newest version of `stem` when it is `bytes`; else `bytes` recorded as a new version
/// (with `note`, by nobody).
fn record_if_new(
    workspace: &Workspace,
    store: &Store,
    stem: &str,
    path: &std::path::Path,
    bytes: &[u8],
    note: &str,
) -> Result<i64> {
    let sha = sha256_hex(bytes);
    if let Some(latest) = store.versions(stem)?.into_iter().next() {
        if latest.sha256 == sha {
            return Ok(latest.id);
        }
    }
    let file = workspace.keep_version(stem, kind_of(path), bytes)?;
    let id = store.add_version(stem, &sha, &file, Actor::LOCAL, note)?;
    reopen_changed(store, stem)?;
    Ok(id)
}

/// A unit waiting for review or publication whose data was changed by hand goes back to
/// 填报中: what was submitted is not what is there.
fn reopen_changed(store: &Store, stem: &str) -> Result<bool> {
    store.reopen(
        Actor::LOCAL,
        stem,
        "数据在审核期间被直接改动过（不是经工作台上传的）：需要重新提交审核",
    )
}

/// What [`recover`] did, for the start-up line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovered {
    /// Units whose recorded newest version was put in place (a start killed before it).
    pub restored: Vec<String>,
    /// History files no version names (an upload killed before it was recorded), removed.
    pub removed: usize,
    /// Data files recorded as versions (found in the folder, or changed there).
    pub recorded: usize,
    /// History files recorded as versions because the database had none (a new database in a
    /// workspace used before).
    pub imported: usize,
    /// Units sent back to 填报中 because their data was changed by hand while under review.
    pub reopened: Vec<String>,
}

/// Brings the files and the database into agreement when the workspace opens.
pub fn recover(workspace: &Workspace, store: &Store) -> Result<Recovered> {
    let _lock = FolderLock::take(&workspace.data)?;
    workspace.remove_leftovers();
    let mut done = Recovered::default();
    let versions = store.all_versions()?;
    let history = workspace.data.join("history");
    if versions.is_empty() {
        // A workspace used before it had a database: its kept files are its earlier versions.
        for unit in sub_folders(&history) {
            for path in workspace.history(&unit).into_iter().rev() {
                let bytes = std::fs::read(&path)?;
                store.add_version(
                    &unit,
                    &sha256_hex(&bytes),
                    &workspace.relative(&path),
                    Actor::LOCAL,
                    "启用数据库之前保存的版本",
                )?;
                done.imported += 1;
            }
        }
    } else {
        let named: HashSet<&str> = versions.iter().map(|v| v.file.as_str()).collect();
        for unit in sub_folders(&history) {
            for path in workspace.history(&unit) {
                if !named.contains(workspace.relative(&path).as_str()) {
                    std::fs::remove_file(&path)
                        .with_context(|| format!("无法移走 {}", path.display()))?;
                    done.removed += 1;
                }
            }
        }
    }
    for path in workspace.unit_files()? {
        let unit = stem(&file_name(&path)).to_string();
        let bytes = std::fs::read(&path).with_context(|| format!("无法读取 {}", path.display()))?;
        let sha = sha256_hex(&bytes);
        let known = store.versions(&unit)?;
        match known.first() {
            Some(latest) if latest.sha256 == sha => {}
            // (Not in a database just made from the history: the order of its versions is
            // only the order of their file names, and the data file is the newest.)
            Some(latest) if done.imported == 0 && known.iter().any(|v| v.sha256 == sha) => {
                // Killed after the version was recorded, before it was in place.
                let kept = workspace.data.join(&latest.file);
                let newest = std::fs::read(&kept).with_context(|| {
                    format!("版本 {} 的文件 {} 不见了", latest.id, kept.display())
                })?;
                if sha256_hex(&newest) != latest.sha256 {
                    bail!(
                        "版本 {} 的文件 {} 与记录的 SHA-256 不符",
                        latest.id,
                        kept.display()
                    );
                }
                workspace.put_in_place(&unit, kind_of(&kept), &newest)?;
                done.restored.push(unit);
            }
            _ => {
                let note = if known.is_empty() {
                    "在数据文件夹中找到的数据"
                } else {
                    "在文件夹中改动过的数据"
                };
                let file = workspace.keep_version(&unit, kind_of(&path), &bytes)?;
                store.add_version(&unit, &sha, &file, Actor::LOCAL, note)?;
                done.recorded += 1;
                if reopen_changed(store, &unit)? {
                    done.reopened.push(unit);
                }
            }
        }
    }
    Ok(done)
}

fn sub_folders(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.is_dir())
        .map(|p| file_name(&p))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_finishes_an_accepted_version_and_drops_an_unrecorded_one() {
        let root = std::env::temp_dir().join(format!("yusuan-ledger-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let workspace = Workspace::open(&root).unwrap();
        let store = Store::open(&root.join(crate::app::store::FILE)).unwrap();
        std::fs::write(workspace.data.join("u.yaml"), "v1").unwrap();
        let first = recover(&workspace, &store).unwrap();
        assert_eq!(first.recorded, 1, "found in the folder");
        assert_eq!(store.versions("u").unwrap()[0].sha256, sha256_hex(b"v1"));
        // Killed after recording v2, before putting it in place.
        let file = workspace.keep_version("u", DataKind::Yaml, b"v2").unwrap();
        store
            .add_version("u", &sha256_hex(b"v2"), &file, Actor::LOCAL, "")
            .unwrap();
        // Killed after keeping v3, before recording it.
        let orphan = workspace.keep_version("u", DataKind::Yaml, b"v3").unwrap();
        let again = recover(&workspace, &store).unwrap();
        assert_eq!(again.restored, ["u"]);
        assert_eq!(again.removed, 1);
        assert_eq!(std::fs::read(workspace.data.join("u.yaml")).unwrap(), b"v2");
        assert!(!workspace.data.join(orphan).exists());
        assert_eq!(
            recover(&workspace, &store).unwrap(),
            Recovered::default(),
            "agrees now"
        );
        let accepted = accept(
            &workspace,
            &store,
            Actor::LOCAL,
            "u",
            DataKind::Yaml,
            b"v4",
            "n",
        )
        .unwrap();
        assert!(matches!(accepted, Accepted::Written { .. }));
        assert_eq!(
            accept(
                &workspace,
                &store,
                Actor::LOCAL,
                "u",
                DataKind::Yaml,
                b"v4",
                "n"
            )
            .unwrap(),
            Accepted::Unchanged
        );
        // Changed by hand: recorded before the next version replaces it.
        std::fs::write(workspace.data.join("u.yaml"), "by hand").unwrap();
        accept(
            &workspace,
            &store,
            Actor::LOCAL,
            "u",
            DataKind::Yaml,
            b"v5",
            "",
        )
        .unwrap();
        let shas: Vec<String> = store
            .versions("u")
            .unwrap()
            .into_iter()
            .map(|v| v.sha256)
            .collect();
        assert_eq!(shas[..2], [sha256_hex(b"v5"), sha256_hex(b"by hand")]);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
