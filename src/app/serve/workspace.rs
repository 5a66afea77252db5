//! The workspace on disk: the units' data files in `data/`, their drafts (data that has errors,
//! kept beside and never in place of the unit's file) in `data/drafts/`, earlier versions in
//! `data/history/<unit>/`, and the outputs in `output/`. A unit is named by its data file's
//! name, and a name from a request is only ever looked up in the listing, never joined to a path.

use crate::app::staged::{self, FolderLock};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The folders of one workspace.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The workspace folder.
    pub root: PathBuf,
    /// Where the units' data files are.
    pub data: PathBuf,
    /// Where the booklets are built.
    pub output: PathBuf,
}

/// The two kinds of data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// A YAML file.
    Yaml,
    /// A data workbook.
    Workbook,
}

impl DataKind {
    /// The kind of an uploaded file, by its name's extension (the name is read for this only).
    pub fn of_upload(file_name: &str) -> Option<DataKind> {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(DataKind::Yaml)
        } else if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
            Some(DataKind::Workbook)
        } else {
            None
        }
    }

    /// The extension a file of this kind is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            DataKind::Yaml => "yaml",
            DataKind::Workbook => "xlsx",
        }
    }

    /// Its name on the pages.
    pub fn label(self) -> &'static str {
        match self {
            DataKind::Yaml => "YAML",
            DataKind::Workbook => "工作簿",
        }
    }
}

/// The kind of the data file at `path`.
pub fn kind_of(path: &Path) -> DataKind {
    if crate::input::load::is_workbook(path) {
        DataKind::Workbook
    } else {
        DataKind::Yaml
    }
}

pub use crate::base::digest::sha256_hex;

impl Workspace {
    /// The workspace of `root`: its `data/` and `output/` folders, made when missing.
    pub fn open(root: &Path) -> Result<Workspace> {
        // Absolute for the pages (and never Windows' `\\?\` form, which canonicalizing gives).
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let root = root.as_path();
        let workspace = Workspace {
            root: root.to_path_buf(),
            data: root.join("data"),
            output: root.join("output"),
        };
        for dir in [&workspace.data, &workspace.output] {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("无法创建文件夹 {}", dir.display()))?;
        }
        // The lock file marks the folder as one whose writers take turns (`yusuan convert`
        // into it takes the lock too).
        drop(FolderLock::take(&workspace.data)?);
        Ok(workspace)
    }

    /// The units' data files, sorted by name (as `yusuan batch data/` builds them); not the
    /// departments' files.
    pub fn unit_files(&self) -> Result<Vec<PathBuf>> {
        let mut files = self.data_files()?;
        files.retain(|path| !crate::input::load::is_department_file(path));
        Ok(files)
    }

    /// The departments' files (部门预算) of the data folder, sorted by name.
    pub fn department_files(&self) -> Result<Vec<PathBuf>> {
        let mut files = self.data_files()?;
        files.retain(|path| crate::input::load::is_department_file(path));
        Ok(files)
    }

    /// Every data file, units' and departments', as `yusuan batch data/` finds them.
    pub fn data_files(&self) -> Result<Vec<PathBuf>> {
        let mut files = crate::app::batch::unit_files(&self.data)?;
        // Hidden files (`._单位.yaml` a Mac leaves, an editor's backup) are not data; nor is a
        // link leading out of the data folder (the workspace shows and serves what is in it
        // only), nor one leading nowhere.
        let data = self
            .data
            .canonicalize()
            .unwrap_or_else(|_| self.data.clone());
        files.retain(|path| {
            !file_name(path).starts_with('.')
                && path
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(&data))
        });
        Ok(files)
    }

    /// The data file of the unit named `id` (its file name), if the workspace has one.
    pub fn unit_file(&self, id: &str) -> Option<PathBuf> {
        self.unit_files()
            .ok()?
            .into_iter()
            .find(|path| file_name(path) == id)
    }

    /// The folder of drafts.
    fn drafts(&self) -> PathBuf {
        self.data.join("drafts")
    }

    /// The draft of the unit whose file is named `id`, if there is one: `drafts/<stem>.<ext>`.
    pub fn draft_of(&self, id: &str) -> Option<PathBuf> {
        let stem = stem(id);
        let entries = std::fs::read_dir(self.drafts()).ok()?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(|entry| Some(entry.ok()?.path()))
            .filter(|path| path.is_file() && stem_of(path) == stem)
            .collect();
        found.sort();
        found.pop()
    }

    /// The drafts whose unit has no data file yet (a new unit uploaded with errors).
    pub fn new_drafts(&self) -> Vec<PathBuf> {
        let units: Vec<String> = self
            .unit_files()
            .unwrap_or_default()
            .iter()
            .map(|path| stem_of(path))
            .collect();
        let mut drafts: Vec<PathBuf> = std::fs::read_dir(self.drafts())
            .map(|entries| {
                entries
                    .filter_map(|entry| Some(entry.ok()?.path()))
                    .filter(|path| {
                        path.is_file()
                            && DataKind::of_upload(&file_name(path)).is_some()
                            && !units.contains(&stem_of(path))
                    })
                    .collect()
            })
            .unwrap_or_default();
        drafts.sort();
        drafts
    }

    /// Keeps `bytes` as the draft of the unit `stem` (replacing an earlier draft of it).
    pub fn save_draft(&self, stem: &str, kind: DataKind, bytes: &[u8]) -> Result<PathBuf> {
        let _lock = FolderLock::take(&self.data)?;
        self.remove_drafts(stem);
        let path = self.drafts().join(format!("{stem}.{}", kind.extension()));
        staged::write_one(&path, bytes)?;
        Ok(path)
    }

    /// Removes the draft of the unit `stem`.
    pub fn delete_draft(&self, stem: &str) -> Result<()> {
        let _lock = FolderLock::take(&self.data)?;
        self.remove_drafts(stem);
        Ok(())
    }

    /// Removes the draft of the unit `stem`; the caller holds the folder's lock.
    pub fn delete_draft_unlocked(&self, stem: &str) {
        self.remove_drafts(stem);
    }

    fn remove_drafts(&self, stem: &str) {
        if let Ok(entries) = std::fs::read_dir(self.drafts()) {
            for path in entries.filter_map(|entry| Some(entry.ok()?.path())) {
                if path.is_file() && stem_of(&path) == stem {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }

    /// The data file of the unit `stem` (of either kind), if it has one.
    pub fn current(&self, stem: &str) -> Result<Option<PathBuf>> {
        Ok(self
            .unit_files()?
            .into_iter()
            .find(|path| stem_of(path) == stem))
    }

    /// Keeps `bytes` as a version of the unit `stem` under `history/<stem>/` (see
    /// [`Workspace::version_file`]) and returns its path relative to `data/`.
    pub fn keep_version(&self, stem: &str, kind: DataKind, bytes: &[u8]) -> Result<String> {
        let file = self.version_file(stem, kind, bytes);
        self.write_version(&file, bytes)?;
        Ok(file)
    }

    /// The file, relative to `data/`, a version of `stem` with `bytes` is kept in:
    /// `history/<stem>/<time>-<sha256>.<ext>`, or the file of the same bytes kept before.
    pub fn version_file(&self, stem: &str, kind: DataKind, bytes: &[u8]) -> String {
        let ending = format!("-{}.{}", sha256_hex(bytes), kind.extension());
        if let Some(kept) = self
            .history(stem)
            .into_iter()
            .find(|path| file_name(path).ends_with(&ending))
        {
            return self.relative(&kept);
        }
        let name = format!("{}{ending}", timestamp(std::time::SystemTime::now()));
        format!("history/{stem}/{name}")
    }

    /// Writes `bytes` to the kept file `file` (relative to `data/`) unless it is there.
    pub fn write_version(&self, file: &str, bytes: &[u8]) -> Result<()> {
        let path = self.data.join(file);
        if !path.is_file() {
            staged::write_one(&path, bytes)?;
        }
        Ok(())
    }

    /// `path` relative to `data/`, with `/`.
    pub fn relative(&self, path: &Path) -> String {
        crate::base::file_name::portable_path(path.strip_prefix(&self.data).unwrap_or(path))
    }

    /// Puts `bytes` in place as the data of the unit `stem`, of `kind`, renamed into place
    /// whole; its file of the other kind, if any, and its draft are removed. The caller holds
    /// the folder's lock and has kept the version first.
    pub fn put_in_place(&self, stem: &str, kind: DataKind, bytes: &[u8]) -> Result<PathBuf> {
        let target = self.data.join(format!("{stem}.{}", kind.extension()));
        // Never over a department's file, whatever led here.
        if crate::input::load::is_department_file(&target) {
            anyhow::bail!(
                "{} 是部门文件（部门预算）：单位的数据不能写到它上面；没有保存",
                file_name(&target)
            );
        }
        staged::write_one(&target, bytes)?;
        for old_path in self.unit_files()? {
            if stem_of(&old_path) == stem && old_path != target {
                std::fs::remove_file(&old_path)
                    .with_context(|| format!("无法移走旧文件 {}", old_path.display()))?;
            }
        }
        self.remove_drafts(stem);
        Ok(target)
    }

    /// Removes what a process killed while writing left behind: temporary files in the data,
    /// drafts and history folders.
    pub fn remove_leftovers(&self) {
        let mut dirs = vec![self.data.clone(), self.drafts()];
        if let Ok(entries) = std::fs::read_dir(self.data.join("history")) {
            dirs.extend(
                entries
                    .filter_map(|e| Some(e.ok()?.path()))
                    .filter(|p| p.is_dir()),
            );
        }
        for dir in dirs {
            for path in std::fs::read_dir(&dir)
                .into_iter()
                .flatten()
                .filter_map(|e| Some(e.ok()?.path()))
            {
                let name = file_name(&path);
                if name.starts_with(".yusuan-") && name.ends_with(".tmp") {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
    }

    /// The kept versions of the unit `stem` (`history/<stem>/`), newest first.
    pub fn history(&self, stem: &str) -> Vec<PathBuf> {
        let dir = self.data.join("history").join(stem);
        let mut versions: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|entry| Some(entry.ok()?.path()))
                    .filter(|path| path.is_file() && !file_name(path).starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        versions.sort();
        versions.reverse();
        versions
    }
}

/// A path's file name, as text.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A file name without its extension.
pub fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

fn stem_of(path: &Path) -> String {
    stem(&file_name(path)).to_string()
}

/// `time` in UTC as `20261202T031833Z`: sorts as it happened, and is a file name everywhere.
pub fn timestamp(time: std::time::SystemTime) -> String {
    let seconds = time
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_dates_that_sort() {
        let at = |s: u64| timestamp(std::time::UNIX_EPOCH + std::time::Duration::from_secs(s));
        assert_eq!(at(0), "19700101T000000Z");
        assert_eq!(at(1_709_164_800), "20240229T000000Z");
        assert_eq!(at(1_798_761_599), "20261231T235959Z");
        assert!(at(1_798_761_599) < at(1_798_761_600));
    }

    #[test]
    fn a_version_is_kept_once_and_put_in_place_replaces_either_kind_and_the_draft() {
        let root = std::env::temp_dir().join(format!("yusuan-ws-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let workspace = Workspace::open(&root).unwrap();
        std::fs::write(workspace.data.join("a.yaml"), "old").unwrap();
        std::fs::write(workspace.data.join(".yusuan-1-2.tmp"), "half").unwrap();
        workspace.save_draft("a", DataKind::Yaml, b"bad").unwrap();
        assert!(workspace.draft_of("a.yaml").is_some());
        let kept = workspace
            .keep_version("a", DataKind::Workbook, b"new")
            .unwrap();
        assert!(
            kept.starts_with("history/a/")
                && kept.ends_with(&format!("-{}.xlsx", sha256_hex(b"new"))),
            "{kept}"
        );
        assert_eq!(
            workspace
                .keep_version("a", DataKind::Workbook, b"new")
                .unwrap(),
            kept,
            "kept once"
        );
        assert_eq!(std::fs::read(workspace.data.join(&kept)).unwrap(), b"new");
        let path = workspace
            .put_in_place("a", DataKind::Workbook, b"new")
            .unwrap();
        assert_eq!(file_name(&path), "a.xlsx");
        assert!(!workspace.data.join("a.yaml").exists(), "one file per unit");
        assert!(workspace.draft_of("a.xlsx").is_none());
        assert_eq!(workspace.current("a").unwrap(), Some(path.clone()));
        assert_eq!(workspace.unit_file("a.xlsx"), Some(path));
        assert_eq!(workspace.unit_file("../a.xlsx"), None);
        workspace.remove_leftovers();
        assert!(!workspace.data.join(".yusuan-1-2.tmp").exists());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
