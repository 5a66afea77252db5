//! Writing a set of files as one: every file goes to a temporary file beside its target first;
//! only when all of them are written are they renamed into place, and on any failure the
//! temporary files (and files already renamed in this set) are removed, and the files the set
//! was to replace are put back. So a set is either complete or as it was: a full disk, a folder
//! in a file's place, a name the file system refuses or a file open in Word never leaves a PDF
//! without its DOCX, nor takes away the previous booklet.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// One file to write.
pub struct Staged {
    /// Where it goes.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Temporary names are unique per process and per file, so threads of one batch and two runs
/// at once never share one.
static NEXT_TEMPORARY: AtomicU64 = AtomicU64::new(0);

fn temporary_beside(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let n = NEXT_TEMPORARY.fetch_add(1, Ordering::Relaxed);
    // Short and fixed-length, so a temporary name is never longer than the file's own name
    // allows.
    dir.join(format!(".yusuan-{}-{n}.tmp", std::process::id()))
}

/// Writes every file of `files`, all or none.
pub fn write_all(files: &[Staged]) -> Result<()> {
    let mut created_dirs = Vec::new();
    let mut temporaries: Vec<PathBuf> = Vec::new();
    let outcome = stage(files, &mut created_dirs, &mut temporaries)
        .and_then(|()| commit(files, &temporaries));
    if outcome.is_err() {
        for temporary in &temporaries {
            let _ = std::fs::remove_file(temporary);
        }
        // Folders made for this set go too, when nothing else is in them.
        for dir in created_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    outcome
}

/// An exclusive lock on a folder (`.yusuan.lock` in it), held while files there change that
/// another process may change too: the workspace's server replacing a unit's data and keeping
/// its history, `yusuan convert` writing into the same folder. Two writers never interleave, so
/// no version is lost between reading the old file and renaming the new one.
pub struct FolderLock {
    _file: std::fs::File,
}

/// The name of a folder's lock file.
pub const LOCK_FILE: &str = ".yusuan.lock";

impl FolderLock {
    /// Waits for and takes the lock of `dir`.
    pub fn take(dir: &Path) -> Result<FolderLock> {
        let path = dir.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("无法打开锁文件 {}", path.display()))?;
        file.lock()
            .with_context(|| format!("无法锁定 {}", path.display()))?;
        Ok(FolderLock { _file: file })
    }

    /// The lock of the file `name` in `dir`, if no other process holds it: `None` when one does.
    pub fn try_take(dir: &Path, name: &str) -> Result<Option<FolderLock>> {
        let path = dir.join(name);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("无法打开锁文件 {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(FolderLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(error)) => {
                Err(error).with_context(|| format!("无法锁定 {}", path.display()))
            }
        }
    }

    /// The lock of `dir` when the folder is one that is locked (a workspace's data folder has
    /// its lock file); `None` elsewhere, where nothing is left behind.
    pub fn take_if_used(dir: &Path) -> Result<Option<FolderLock>> {
        if dir.join(LOCK_FILE).is_file() {
            FolderLock::take(dir).map(Some)
        } else {
            Ok(None)
        }
    }
}

/// Writes one file atomically.
pub fn write_one(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all(&[Staged {
        path: path.to_path_buf(),
        bytes: bytes.to_vec(),
    }])
}

fn stage(
    files: &[Staged],
    created_dirs: &mut Vec<PathBuf>,
    temporaries: &mut Vec<PathBuf>,
) -> Result<()> {
    for file in files {
        let dir = file.path.parent().unwrap_or(Path::new("."));
        create_dirs(dir, created_dirs)?;
        // The file system would refuse the name at the rename, after other files of the set
        // are in place; refuse it before anything is written instead.
        let name_bytes = file.path.file_name().map_or(0, |n| n.len());
        if name_bytes > crate::base::file_name::MAX_FILE_NAME_BYTES {
            bail!(
                "无法写入 {}：文件名有 {name_bytes} 字节，超过文件系统允许的 {} 字节",
                file.path.display(),
                crate::base::file_name::MAX_FILE_NAME_BYTES
            );
        }
        if file.path.is_dir() {
            bail!(
                "无法写入 {}：那里已经有一个同名的文件夹",
                file.path.display()
            );
        }
        let temporary = temporary_beside(&file.path);
        temporaries.push(temporary.clone());
        std::fs::write(&temporary, &file.bytes)
            .with_context(|| format!("无法写入 {}", file.path.display()))?;
    }
    Ok(())
}

/// Puts the written temporaries in place. The files they replace are first set aside (renamed
/// beside them), and removed only when the whole set is in place; if any rename fails, the
/// files of this set already in place are removed and those set aside come back, so a failed
/// rebuild leaves the previous booklet whole. (On Windows, a file Word or Excel holds open
/// cannot be renamed: the set stops before anything is replaced.)
fn commit(files: &[Staged], temporaries: &[PathBuf]) -> Result<()> {
    let mut aside: Vec<(PathBuf, PathBuf)> = Vec::new();
    let restore = |aside: &[(PathBuf, PathBuf)]| {
        for (target, old) in aside {
            let _ = std::fs::rename(old, target);
        }
    };
    for file in files {
        if file.path.is_file() {
            let old = temporary_beside(&file.path);
            if let Err(error) = std::fs::rename(&file.path, &old) {
                restore(&aside);
                let hint = open_elsewhere_hint(&error);
                return Err(error)
                    .with_context(|| format!("无法替换 {}{hint}", file.path.display()));
            }
            aside.push((file.path.clone(), old));
        }
    }
    for (index, (file, temporary)) in files.iter().zip(temporaries).enumerate() {
        if let Err(error) = std::fs::rename(temporary, &file.path) {
            for done in &files[..index] {
                let _ = std::fs::remove_file(&done.path);
            }
            restore(&aside);
            let hint = open_elsewhere_hint(&error);
            return Err(error).with_context(|| format!("无法写入 {}{hint}", file.path.display()));
        }
    }
    for (_, old) in &aside {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

/// What to do when Windows refuses to replace a file: most often Word, WPS, Excel or a PDF
/// reader has it open (sharing violation, os error 32, or access denied, 5, for a rename over
/// it). Elsewhere an open file can be replaced, and nothing is added.
fn open_elsewhere_hint(error: &std::io::Error) -> &'static str {
    if cfg!(windows) && matches!(error.raw_os_error(), Some(5 | 32)) {
        "（这个文件是否正在 Word、WPS、Excel 或 PDF 阅读器中打开？关闭它再试）"
    } else {
        ""
    }
}

/// `create_dir_all`, remembering which folders it made, outermost first.
fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|ancestor| !ancestor.as_os_str().is_empty() && !ancestor.exists())
        .collect();
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建目录 {}", dir.display()))?;
    for made in missing.into_iter().rev() {
        if !created.iter().any(|known| known == made) {
            created.push(made.to_path_buf());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("yusuan-staged-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    /// A PDF and a DOCX, the DOCX under `docx` in `dir/u`.
    fn pair(dir: &Path, docx: &str) -> [Staged; 2] {
        [
            Staged {
                path: dir.join("u/a.pdf"),
                bytes: b"pdf".to_vec(),
            },
            Staged {
                path: dir.join("u").join(docx),
                bytes: b"docx".to_vec(),
            },
        ]
    }

    #[test]
    fn a_set_is_written_whole() {
        let dir = scratch("whole");
        write_all(&pair(&dir, "a.docx")).unwrap();
        assert_eq!(entries(&dir.join("u")), ["a.docx", "a.pdf"]);
        assert_eq!(std::fs::read(dir.join("u/a.docx")).unwrap(), b"docx");
    }

    #[test]
    fn a_folder_in_the_second_files_place_leaves_nothing() {
        let dir = scratch("folder");
        std::fs::create_dir_all(dir.join("u/a.docx")).unwrap();
        let error = write_all(&pair(&dir, "a.docx")).unwrap_err();
        assert!(format!("{error:#}").contains("a.docx"), "{error:#}");
        // No PDF without its DOCX, and no temporary left behind.
        assert_eq!(entries(&dir.join("u")), ["a.docx"]);
    }

    #[test]
    fn a_name_too_long_for_the_file_system_leaves_nothing() {
        let dir = scratch("long");
        let error = write_all(&pair(&dir, &format!("{}.docx", "汉".repeat(90)))).unwrap_err();
        assert!(format!("{error:#}").contains("字节"), "{error:#}");
        // The folder made for the set is gone with it.
        assert!(entries(&dir).is_empty(), "{:?}", entries(&dir));
    }

    #[test]
    fn a_rename_that_fails_takes_back_the_files_already_renamed() {
        let dir = scratch("rename");
        std::fs::create_dir_all(dir.join("u")).unwrap();
        let files = pair(&dir, "a.docx");
        let written = dir.join("u/.first.tmp");
        std::fs::write(&written, b"pdf").unwrap();
        // The DOCX's temporary is missing, so its rename fails after the PDF's succeeded.
        let error = commit(&files, &[written, dir.join("u/.missing.tmp")]).unwrap_err();
        assert!(format!("{error:#}").contains("a.docx"), "{error:#}");
        assert!(
            entries(&dir.join("u")).is_empty(),
            "{:?}",
            entries(&dir.join("u"))
        );
    }

    #[test]
    fn a_failed_rebuild_leaves_the_previous_set_as_it_was() {
        let dir = scratch("rebuild");
        std::fs::create_dir_all(dir.join("u")).unwrap();
        std::fs::write(dir.join("u/a.pdf"), b"old pdf").unwrap();
        std::fs::write(dir.join("u/a.docx"), b"old docx").unwrap();
        let files = pair(&dir, "a.docx");
        let written = dir.join("u/.first.tmp");
        std::fs::write(&written, b"pdf").unwrap();
        // The new PDF goes in, then the DOCX's rename fails: the old pair comes back.
        let error = commit(&files, &[written, dir.join("u/.missing.tmp")]).unwrap_err();
        assert!(format!("{error:#}").contains("a.docx"), "{error:#}");
        assert_eq!(std::fs::read(dir.join("u/a.pdf")).unwrap(), b"old pdf");
        assert_eq!(std::fs::read(dir.join("u/a.docx")).unwrap(), b"old docx");
        assert_eq!(entries(&dir.join("u")), ["a.docx", "a.pdf"]);
        // And a rebuild that succeeds replaces both, leaving nothing set aside.
        write_all(&pair(&dir, "a.docx")).unwrap();
        assert_eq!(std::fs::read(dir.join("u/a.pdf")).unwrap(), b"pdf");
        assert_eq!(entries(&dir.join("u")), ["a.docx", "a.pdf"]);
    }

    #[test]
    fn only_the_folders_it_made_are_remembered_once_outermost_first() {
        let dir = scratch("dirs");
        std::fs::create_dir_all(dir.join("kept")).unwrap();
        let mut created = Vec::new();
        create_dirs(&dir.join("kept/a/b"), &mut created).unwrap();
        create_dirs(&dir.join("kept/a/b"), &mut created).unwrap();
        create_dirs(&dir.join("kept/a/c"), &mut created).unwrap();
        assert_eq!(
            created,
            [
                dir.join("kept/a"),
                dir.join("kept/a/b"),
                dir.join("kept/a/c")
            ]
        );
    }

    #[test]
    fn a_name_of_exactly_255_bytes_is_written() {
        let dir = scratch("255");
        // 83 汉字 (249 bytes) and ".docx" minus one: 254 + "x" = 255 bytes.
        let name = format!("{}x.docx", "汉".repeat(83));
        assert_eq!(name.len(), 255);
        write_all(&pair(&dir, &name)).unwrap();
        assert!(dir.join("u").join(&name).exists());
    }

    #[test]
    fn temporary_names_are_unique() {
        let path = Path::new("/x/a.pdf");
        assert_ne!(temporary_beside(path), temporary_beside(path));
    }
}
