//! The profiles of a run, by name: the built-in ones, an office's folder of them, and any given
//! with `--profile DIR`.

use super::load::LoadedProfile;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The profiles of a run: the built-in ones and those given as folders, by name or folder.
#[derive(Debug, Clone)]
pub struct Profiles {
    by_key: BTreeMap<String, LoadedProfile>,
}

impl Profiles {
    /// The built-in profiles, or those of `dir` (an office's `templates/profiles/`), each in
    /// a folder of its own.
    pub fn load(dir: Option<&Path>) -> Result<Profiles> {
        let list = match dir {
            None => LoadedProfile::builtin()?,
            Some(dir) => {
                let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
                    .with_context(|| format!("无法读取格式目录 {}", dir.display()))?
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|path| path.join("profile.yaml").is_file())
                    .collect();
                folders.sort();
                let list: Vec<LoadedProfile> = folders
                    .iter()
                    .map(|folder| LoadedProfile::read(folder))
                    .collect::<Result<_>>()?;
                // Two folders under one name: the data's `profile:` could mean either.
                for (index, profile) in list.iter().enumerate() {
                    if let Some(other) = list[..index]
                        .iter()
                        .position(|earlier| earlier.spec.name == profile.spec.name)
                    {
                        anyhow::bail!(
                            "格式目录 {} 和 {} 的 profile.yaml 都叫 name: {}：数据中的 profile: 不知道指哪一个（把其中一个改名）",
                            folders[other].display(),
                            folders[index].display(),
                            profile.spec.name
                        );
                    }
                }
                list
            }
        };
        let by_key = list
            .into_iter()
            .map(|profile| (profile.spec.name.clone(), profile))
            .collect();
        Ok(Profiles { by_key })
    }

    /// Adds the profile of folder `dir` (`--profile DIR`), under a key of its own; returns the
    /// key.
    pub fn add_folder(&mut self, dir: &Path) -> Result<String> {
        let profile = LoadedProfile::read(dir)?;
        let key = format!("{}@{}", profile.spec.name, dir.display());
        self.by_key.insert(key.clone(), profile);
        Ok(key)
    }

    /// The profile of `key` (a name or a folder's key).
    pub fn get(&self, key: &str) -> Option<&LoadedProfile> {
        self.by_key.get(key)
    }

    /// Every profile with its key, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &LoadedProfile)> {
        self.by_key.iter()
    }

    /// The names of the profiles, for messages.
    pub fn names(&self) -> Vec<&str> {
        self.by_key.keys().map(String::as_str).collect()
    }
}
