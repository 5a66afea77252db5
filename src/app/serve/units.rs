//! Checking a unit's data for the pages: the same pipeline as `yusuan validate` and `build`
//! ([`Toolkit::prepare`]), run once per version of a file (its SHA-256) and kept, so the board
//! of twelve units answers without checking twelve files again.

use super::workspace::{file_name, kind_of, sha256_hex, stem, DataKind, Workspace};
use crate::app::pipeline::{Failure, Prepared, Toolkit};
use crate::base::file_name::BookletKind;
use crate::input::diag::{Diagnostic, Severity};
use crate::input::load::SourceFile;
use anyhow::Result;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What the pages show of a unit's data file (or a draft), checked.
pub struct Checked {
    /// The file's name: the unit's name in addresses.
    pub id: String,
    /// The file name without its extension.
    pub stem: String,
    /// Where the file is.
    pub path: PathBuf,
    /// YAML or workbook.
    pub kind: DataKind,
    /// SHA-256 of its bytes, hex.
    pub sha256: String,
    /// Its bytes (for the sheet view and the downloads of the data).
    pub bytes: Arc<Vec<u8>>,
    /// When it last changed.
    pub modified: Option<SystemTime>,
    /// The unit, when the data could be read that far.
    pub unit: Option<UnitInfo>,
    /// Every diagnostic, in the order `yusuan validate` lists them.
    pub diagnostics: Vec<Diagnostic>,
    /// Each diagnostic as the CLI prints it (source lines and carets, or cells).
    pub reports: Vec<String>,
    /// Something other than the data went wrong (a template, I/O).
    pub failure: Option<String>,
    /// The booklet ready to lay out, when the data has no errors.
    pub prepared: Option<Arc<Prepared>>,
}

/// The unit a data file describes.
#[derive(Debug, Clone)]
pub struct UnitInfo {
    /// 单位名称.
    pub name: String,
    /// 预算年度.
    pub year: u16,
    /// The booklet's format.
    pub profile: String,
    /// 示例数据.
    pub sample: bool,
}

impl Checked {
    /// How many errors.
    pub fn errors(&self) -> usize {
        (self.diagnostics.iter())
            .filter(|d| d.severity == Severity::Error)
            .count()
            + usize::from(self.failure.is_some())
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        (self.diagnostics.iter())
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Checks files, remembering each version's result.
pub struct Checker {
    toolkit: Arc<Toolkit>,
    known: Mutex<HashMap<PathBuf, Arc<Checked>>>,
}

impl Checker {
    /// A checker that uses `toolkit`.
    pub fn new(toolkit: Arc<Toolkit>) -> Checker {
        Checker {
            toolkit,
            known: Mutex::new(HashMap::new()),
        }
    }

    /// The toolkit it checks with.
    pub fn toolkit(&self) -> &Toolkit {
        &self.toolkit
    }

    /// The file at `path`, checked (again only when its bytes changed).
    pub fn file(&self, path: &Path) -> Result<Arc<Checked>> {
        let bytes = SourceFile::read_bytes(path)?;
        let sha256 = sha256_hex(&bytes);
        if let Some(known) = self.lock().get(path) {
            if known.sha256 == sha256 {
                return Ok(known.clone());
            }
        }
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        let checked = Arc::new(self.bytes(path, bytes, sha256, modified));
        self.lock().insert(path.to_path_buf(), checked.clone());
        Ok(checked)
    }

    /// `bytes` checked as the data file `path` (an upload, before anything is written).
    pub fn bytes(
        &self,
        path: &Path,
        bytes: Vec<u8>,
        sha256: String,
        modified: Option<SystemTime>,
    ) -> Checked {
        let source = SourceFile::from_bytes(path, bytes.clone());
        let unit = source.parse().ok().map(|budget| UnitInfo {
            profile: (self.toolkit.profile_given(BookletKind::Unit))
                .map(str::to_string)
                .or(budget.profile.clone())
                .unwrap_or_else(|| crate::profile::DEFAULT.to_string()),
            name: budget.unit.name,
            year: budget.unit.year,
            sample: budget.sample,
        });
        let (diagnostics, failure, prepared) = match self.toolkit.prepare(&source) {
            Ok(prepared) => (prepared.warnings.clone(), None, Some(Arc::new(prepared))),
            Err(Failure::Data(found)) => (found, None, None),
            Err(Failure::Other(error)) => (Vec::new(), Some(format!("{error:#}")), None),
        };
        let reports = (diagnostics.iter())
            .map(|d| source.render(std::slice::from_ref(d)))
            .collect();
        let id = file_name(path);
        Checked {
            stem: stem(&id).to_string(),
            id,
            path: path.to_path_buf(),
            kind: kind_of(path),
            sha256,
            bytes: Arc::new(bytes),
            modified,
            unit,
            diagnostics,
            reports,
            failure,
            prepared,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<Checked>>> {
        self.known
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One of a unit's built outputs, and whether it is older than the data.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Output {
    /// PDF, DOCX or 附表.
    pub label: &'static str,
    /// Whether the file is there.
    pub exists: bool,
    /// Whether it was built before the data last changed.
    pub stale: bool,
}

/// The outputs `yusuan batch` (or 全部生成) writes for `checked`'s unit.
pub fn outputs(workspace: &Workspace, checked: &Checked) -> Vec<Output> {
    let Some(unit) = &checked.unit else {
        return Vec::new();
    };
    let Ok((dir, stem)) = crate::app::output::paths_of(
        &workspace.output,
        &unit.name,
        unit.year,
        crate::base::file_name::BookletKind::Unit,
    ) else {
        return Vec::new();
    };
    outputs_in(&dir, &stem, checked.modified)
}

/// The booklet files of stem `stem` in `dir`, each there or not, and stale when older than
/// `data` (when its data last changed).
pub fn outputs_in(dir: &Path, stem: &str, data: Option<SystemTime>) -> Vec<Output> {
    ["PDF", "DOCX", "附表"]
        .into_iter()
        .zip(crate::base::file_name::SUFFIXES)
        .map(|(label, suffix)| {
            let modified = std::fs::metadata(dir.join(format!("{stem}{suffix}")))
                .and_then(|m| m.modified())
                .ok();
            Output {
                label,
                exists: modified.is_some(),
                stale: matches!((modified, data), (Some(built), Some(data)) if built < data),
            }
        })
        .collect()
}
