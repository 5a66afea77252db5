//! The 政府收支分类科目 of each budget year (`data/classification/<year>.yaml`): codes and names
//! of the 支出功能分类, the 部门预算支出经济分类 and the 政府预算支出经济分类.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The classification of one year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// The budget year.
    pub year: u16,
    /// 支出功能分类: code → name.
    pub functions: BTreeMap<String, String>,
    /// 部门预算支出经济分类: code → name.
    pub economic: BTreeMap<String, String>,
    /// 政府预算支出经济分类: code → name.
    pub government_economic: BTreeMap<String, String>,
}

/// Every year's classification found in a folder.
#[derive(Debug, Clone, Default)]
pub struct Catalogues {
    by_year: HashMap<u16, Catalogue>,
}

impl Catalogues {
    /// Loads every `*.yaml` of `dir` (none is fine: checks against the catalogue are skipped
    /// with a warning).
    pub fn load(dir: &Path) -> Result<Catalogues> {
        let mut by_year = HashMap::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(Catalogues::default());
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("无法读取分类科目表 {}", file.display()))?;
            let catalogue: Catalogue = serde_yaml::from_str(&text)
                .with_context(|| format!("分类科目表 {} 格式有误", file.display()))?;
            by_year.insert(catalogue.year, catalogue);
        }
        Ok(Catalogues { by_year })
    }

    /// The classification of `year`.
    pub fn year(&self, year: u16) -> Option<&Catalogue> {
        self.by_year.get(&year)
    }
}

/// `data/classification` in the working directory, else the one beside the crate.
pub fn default_dir() -> PathBuf {
    let local = PathBuf::from("data/classification");
    if local.is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/classification")
    }
}
