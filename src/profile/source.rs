//! Where a profile's files are: a built-in profile or a folder, its `profile.yaml` read as UTF-8
//! (a BOM dropped, another encoding named), its narrative templates, and what it is whatever
//! path led to it.

use super::builtin::BuiltinProfile;
use crate::input::source_map::SourceMap;
use anyhow::{anyhow, Context, Result};
use std::path::{Path, PathBuf};

/// One `profile.yaml` of a chain of profiles extending each other.
pub(super) struct Source {
    /// How messages name it.
    pub(super) name: String,
    /// What it is, whatever path led to it: `内置格式 henan-2023`, or its folder's canonical
    /// path (so that `../a/../b` and `b` are one profile when a chain is checked for cycles).
    pub(super) identity: String,
    pub(super) text: String,
    pub(super) map: SourceMap,
    pub(super) place: Place,
}

/// Where a profile's files are.
pub(super) enum Place {
    Builtin(&'static BuiltinProfile),
    Folder(PathBuf),
}

impl Source {
    pub(super) fn builtin(profile: &'static BuiltinProfile) -> Source {
        let (name, text, _) = profile;
        Source {
            name: format!("内置格式 {name}"),
            identity: format!("内置格式 {name}"),
            text: text.to_string(),
            map: SourceMap::parse(text),
            place: Place::Builtin(profile),
        }
    }

    pub(super) fn folder(dir: &Path) -> Result<Source> {
        let file = dir.join("profile.yaml");
        let text =
            read_text(&file).with_context(|| format!("无法读取格式文件 {}", file.display()))?;
        Ok(Source {
            name: file.display().to_string(),
            identity: std::fs::canonicalize(dir)
                .unwrap_or_else(|_| dir.to_path_buf())
                .display()
                .to_string(),
            map: SourceMap::parse(&text),
            text,
            place: Place::Folder(dir.to_path_buf()),
        })
    }

    /// The narrative template `file` of this profile's own, with its origin: none when it has
    /// no such file (its parent's is used), an error when it has one that cannot be read.
    pub(super) fn narrative(&self, file: &str) -> Result<Option<(String, String)>> {
        match &self.place {
            Place::Builtin((_, _, files)) => {
                Ok(files
                    .iter()
                    .find(|(name, _)| *name == file)
                    .map(|(_, text)| {
                        (
                            text.to_string(),
                            format!("{}（narrative/{file}）", self.name),
                        )
                    }))
            }
            Place::Folder(dir) => {
                let path = dir.join("narrative").join(file);
                if !path.exists() {
                    return Ok(None);
                }
                let text = read_text(&path)
                    .with_context(|| format!("无法读取正文模板 {}", path.display()))?;
                Ok(Some((text, path.display().to_string())))
            }
        }
    }
}

/// A profile's text file: UTF-8, a BOM (Notepad's) dropped; any other encoding is named.
fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path)?;
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&bytes)
        .to_vec();
    String::from_utf8(bytes).map_err(|_| {
        anyhow!("文件不是 UTF-8 编码（可能是 GBK/GB2312）：在编辑器中“另存为”UTF-8 编码后重试")
    })
}

/// Whether two paths are one folder.
pub(super) fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
