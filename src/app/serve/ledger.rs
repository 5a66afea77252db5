//! The units' data files and the database's versions, kept in agreement. Accepting new data is
//! five steps, in this order, under the data folder's lock: the upload is noted in the database
//! with the name its kept file will have, the file is kept under `history/` (renamed into
//! place whole), the version is recorded (one transaction, with the note), the file is put in
//! place as the unit's data, and the note goes. A process killed between two steps leaves a
//! note: [`recover`] puts a recorded version in place and removes the kept file of one never
//! recorded. Nothing else is ever removed or rolled back: a kept file the database does not
//! know (a database restored from an older backup) becomes a version, and a data file that is
//! not its unit's newest version (changed by hand, or put back by hand) becomes the newest.

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
    let file = workspace.version_file(stem, kind, bytes);
    let pending = store.begin_upload(stem, &file)?;
    workspace.write_version(&file, bytes)?;
    let version = store.record_upload(pending, &sha256_hex(bytes), actor, note)?;
    let path = workspace.put_in_place(stem, kind, bytes)?;
    store.end_upload(pending)?;
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
    current_version_locked(workspace, store, stem)
}

/// [`current_version`], for a caller that holds the data folder's lock.
pub fn current_version_locked(
    workspace: &Workspace,
    store: &Store,
    stem: &str,
) -> Result<Option<(std::path::PathBuf, i64)>> {
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
    /// Units whose recorded newest version was put in place (an upload killed before it).
    pub restored: Vec<String>,
    /// Kept files of uploads killed before they were recorded, removed.
    pub removed: usize,
    /// Data files recorded as versions (found in the folder, or changed there).
    pub recorded: usize,
    /// Kept files the database did not know, recorded as versions (a new database, or one
    /// restored from an older backup).
    pub imported: usize,
    /// Units sent back to 填报中 because their data was changed by hand while under review.
    pub reopened: Vec<String>,
    /// Whether the database had no versions at all (new, in a workspace used before).
    pub fresh: bool,
}

/// Whether `file` (relative to `data/`) is the newest kept file of `unit`: an upload a kill
/// interrupted was the last thing done to its unit. (A database put back from a copy older
/// than later uploads names pending uploads that are not: those are finished or superseded,
/// and are left to be recorded like any kept file the database does not know.)
fn newest_kept(workspace: &Workspace, unit: &str, file: &str) -> bool {
    let newest = workspace
        .history(unit)
        .into_iter()
        .max_by_key(|path| (modified(path), file_name(path)));
    newest.is_some_and(|path| workspace.relative(&path) == file)
}

fn modified(path: &std::path::Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Brings the files and the database into agreement when the workspace opens.
pub fn recover(workspace: &Workspace, store: &Store) -> Result<Recovered> {
    let _lock = FolderLock::take(&workspace.data)?;
    workspace.remove_leftovers();
    let mut done = Recovered::default();
    let named = |store: &Store| -> Result<HashSet<String>> {
        Ok(store.all_versions()?.into_iter().map(|v| v.file).collect())
    };
    // Uploads a kill interrupted: finished when recorded, undone when not.
    for pending in store.pending_uploads()? {
        if !newest_kept(workspace, &pending.unit, &pending.file) {
            store.end_upload(pending.id)?;
            continue;
        }
        match pending
            .version
            .map(|id| store.version(id))
            .transpose()?
            .flatten()
        {
            Some(version) => {
                let kept = workspace.data.join(&version.file);
                let bytes = std::fs::read(&kept).with_context(|| {
                    format!("版本 {} 的文件 {} 不见了", version.id, kept.display())
                })?;
                if sha256_hex(&bytes) != version.sha256 {
                    bail!(
                        "版本 {} 的文件 {} 与记录的 SHA-256 不符",
                        version.id,
                        kept.display()
                    );
                }
                workspace.put_in_place(&pending.unit, kind_of(&kept), &bytes)?;
                done.restored.push(pending.unit.clone());
            }
            None => {
                let kept = workspace.data.join(&pending.file);
                if kept.is_file() && !named(store)?.contains(&pending.file) {
                    std::fs::remove_file(&kept)
                        .with_context(|| format!("无法删除 {}", kept.display()))?;
                    done.removed += 1;
                }
            }
        }
        store.end_upload(pending.id)?;
    }
    // Kept files the database does not know are versions it lost: recorded, oldest first.
    let known = named(store)?;
    let first = known.is_empty();
    done.fresh = first;
    let mut found = Vec::new();
    for unit in sub_folders(&workspace.data.join("history")) {
        // In the order they were written (names order by the second only).
        let mut kept = workspace.history(&unit);
        kept.sort_by_key(|path| (modified(path), file_name(path)));
        for path in kept {
            let file = workspace.relative(&path);
            if !known.contains(&file) {
                let bytes = std::fs::read(&path)?;
                let note = if first {
                    "启用数据库之前保存的版本"
                } else {
                    "数据库中没有记录的版本（数据库换过）"
                };
                found.push((unit.clone(), sha256_hex(&bytes), file, note.to_string()));
            }
        }
    }
    done.imported = found.len();
    store.import_versions(&found)?;
    // A data file that is not its unit's newest version is the newest now.
    for path in workspace.unit_files()? {
        let unit = stem(&file_name(&path)).to_string();
        let bytes = std::fs::read(&path).with_context(|| format!("无法读取 {}", path.display()))?;
        let sha = sha256_hex(&bytes);
        let versions = store.versions(&unit)?;
        if versions.first().is_some_and(|latest| latest.sha256 == sha) {
            continue;
        }
        let note = if versions.is_empty() {
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
    fn a_start_finishes_a_recorded_upload_undoes_an_unrecorded_one_and_rolls_nothing_back() {
        let root = std::env::temp_dir().join(format!("yusuan-ledger-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let workspace = Workspace::open(&root).unwrap();
        let store = Store::open(&root.join(crate::app::store::FILE)).unwrap();
        std::fs::write(workspace.data.join("u.yaml"), "v1").unwrap();
        let first = recover(&workspace, &store).unwrap();
        assert_eq!(first.recorded, 1, "found in the folder");
        assert_eq!(store.versions("u").unwrap()[0].sha256, sha256_hex(b"v1"));
        // Killed after recording v2, before putting it in place.
        let file = workspace.version_file("u", DataKind::Yaml, b"v2");
        let pending = store.begin_upload("u", &file).unwrap();
        workspace.write_version(&file, b"v2").unwrap();
        store
            .record_upload(pending, &sha256_hex(b"v2"), Actor::LOCAL, "")
            .unwrap();
        let again = recover(&workspace, &store).unwrap();
        assert_eq!(again.restored, ["u"]);
        assert_eq!(std::fs::read(workspace.data.join("u.yaml")).unwrap(), b"v2");
        // Killed after keeping v3, before recording it.
        let orphan = workspace.version_file("u", DataKind::Yaml, b"v3");
        store.begin_upload("u", &orphan).unwrap();
        workspace.write_version(&orphan, b"v3").unwrap();
        let undone = recover(&workspace, &store).unwrap();
        assert_eq!(undone.removed, 1);
        assert!(!workspace.data.join(&orphan).exists());
        assert_eq!(
            recover(&workspace, &store).unwrap(),
            Recovered::default(),
            "agrees now"
        );
        // Put back by hand to v1: v1 is the newest now, nothing is rolled forward.
        std::fs::write(workspace.data.join("u.yaml"), "v1").unwrap();
        let put_back = recover(&workspace, &store).unwrap();
        assert_eq!((put_back.restored.len(), put_back.recorded), (0, 1));
        assert_eq!(std::fs::read(workspace.data.join("u.yaml")).unwrap(), b"v1");
        // A kept file the database does not know becomes a version; none is deleted.
        let unknown = workspace
            .keep_version("u", DataKind::Yaml, b"from an older database")
            .unwrap();
        assert_eq!(recover(&workspace, &store).unwrap().imported, 1);
        assert!(workspace.data.join(&unknown).exists());
        // A database put back from an older copy names a pending upload that later uploads
        // followed: its kept file is not removed nor put in place, but recorded.
        let superseded = workspace.version_file("u", DataKind::Yaml, b"v6");
        store.begin_upload("u", &superseded).unwrap();
        workspace.write_version(&superseded, b"v6").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        workspace.keep_version("u", DataKind::Yaml, b"v7").unwrap();
        let swapped = recover(&workspace, &store).unwrap();
        assert_eq!(
            (swapped.removed, swapped.restored.len(), swapped.imported),
            (0, 0, 2)
        );
        assert!(workspace.data.join(&superseded).exists());
        assert_eq!(
            std::fs::read(workspace.data.join("u.yaml")).unwrap(),
            b"v1",
            "nothing rolled"
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
        assert!(store.pending_uploads().unwrap().is_empty());
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
