//! The 政府收支分类科目 of each budget year (`data/classification/<year>.yaml`): codes and names
//! of the 支出功能分类, the 部门预算支出经济分类 and the 政府预算支出经济分类.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

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
    /// Parses catalogues given as (name, text), as [`crate::base::resources::classification_files`]
    /// gives them.
    pub fn parse(files: &[(String, String)]) -> Result<Catalogues> {
        let mut by_year = HashMap::new();
        for (name, text) in files {
            let catalogue: Catalogue = serde_yaml::from_str(text)
                .with_context(|| format!("分类科目表 {name} 格式有误"))?;
            by_year.insert(catalogue.year, catalogue);
        }
        Ok(Catalogues { by_year })
    }

    /// The classification of `year`.
    pub fn year(&self, year: u16) -> Option<&Catalogue> {
        self.by_year.get(&year)
    }

    /// The classification of the latest year there is.
    pub fn newest(&self) -> Option<&Catalogue> {
        self.by_year
            .iter()
            .max_by_key(|(year, _)| **year)
            .map(|(_, c)| c)
    }
}
