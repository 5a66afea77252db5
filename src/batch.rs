//! Many units in one run: every data file of a folder, in stable order, built in parallel by a
//! few threads sharing one toolkit (fonts, templates and the Typst library are loaded once). A
//! unit that fails does not stop the others; its errors are kept for the end.

use crate::diag;
use crate::load::SourceFile;
use crate::output::{write_outputs, Format, Written};
use crate::pipeline::{Failure, Toolkit};
use anyhow::{Context, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What happened to one unit.
#[derive(Debug, Clone)]
pub struct UnitOutcome {
    /// The data file.
    pub source: PathBuf,
    /// The unit's name, when the data could be read that far.
    pub unit: Option<String>,
    /// Files written.
    pub files: Vec<Written>,
    /// Pages of its booklet.
    pub pages: Option<usize>,
    /// Time taken.
    pub elapsed: Duration,
    /// `None` when built; otherwise everything that went wrong, ready to print.
    pub failure: Option<String>,
}

/// The data files of `dir`: its `*.yaml` files (not its sub-folders), sorted by name.
pub fn unit_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("无法读取数据目录 {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Builds every file of `files` into `out` with `jobs` threads. `progress` is called after each
/// unit (from the worker thread) with the outcome.
pub fn run(
    toolkit: &Toolkit,
    files: &[PathBuf],
    out: &Path,
    format: Format,
    jobs: usize,
    progress: &(dyn Fn(&UnitOutcome) + Sync),
) -> Vec<UnitOutcome> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<UnitOutcome>>> = Mutex::new(vec![None; files.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, files.len().max(1)) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(file) = files.get(index) else { break };
                let outcome = build_one(toolkit, file, out, format);
                // Typst's memoization caches are global; dropping old entries after each unit
                // keeps memory bounded however many units there are.
                comemo::evict(3);
                progress(&outcome);
                if let Ok(mut results) = results.lock() {
                    results[index] = Some(outcome);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

fn build_one(toolkit: &Toolkit, file: &Path, out: &Path, format: Format) -> UnitOutcome {
    let started = Instant::now();
    let mut outcome = UnitOutcome {
        source: file.to_path_buf(),
        unit: None,
        files: Vec::new(),
        pages: None,
        elapsed: Duration::ZERO,
        failure: None,
    };
    let source = match SourceFile::read(file) {
        Ok(source) => source,
        Err(error) => {
            outcome.failure = Some(format!("错误 error: {error:#}\n"));
            outcome.elapsed = started.elapsed();
            return outcome;
        }
    };
    match toolkit.prepare(&source) {
        Ok(prepared) => {
            outcome.unit = Some(prepared.budget.unit.name.clone());
            match write_outputs(toolkit, &prepared, out, format) {
                Ok(files) => {
                    outcome.pages = files.iter().find_map(|f| f.pages);
                    outcome.files = files;
                    if !prepared.warnings.is_empty() {
                        // Warnings do not fail a unit, but are shown with the log.
                        eprint!(
                            "{}",
                            diag::render(&source.name(), &source.text, &prepared.warnings)
                        );
                    }
                }
                Err(error) => outcome.failure = Some(format!("错误 error: {error:#}\n")),
            }
        }
        Err(Failure::Data(diagnostics)) => {
            outcome.failure = Some(diag::render(&source.name(), &source.text, &diagnostics));
        }
        Err(Failure::Other(error)) => outcome.failure = Some(format!("错误 error: {error:#}\n")),
    }
    outcome.elapsed = started.elapsed();
    outcome
}

/// `OUT/manifest.json`: per unit, the files written with their size, page count and sha256.
/// Paths are relative to `out` and nothing depends on the clock, so the same run gives the same
/// manifest.
pub fn manifest(outcomes: &[UnitOutcome], out: &Path) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct File<'a> {
        path: String,
        bytes: usize,
        pages: Option<usize>,
        sha256: &'a str,
    }
    #[derive(Serialize)]
    struct Unit<'a> {
        source: String,
        unit: Option<&'a str>,
        status: &'static str,
        files: Vec<File<'a>>,
    }
    let units: Vec<Unit> = outcomes
        .iter()
        .map(|outcome| Unit {
            source: outcome.source.display().to_string(),
            unit: outcome.unit.as_deref(),
            status: if outcome.failure.is_none() {
                "ok"
            } else {
                "failed"
            },
            files: outcome
                .files
                .iter()
                .map(|file| File {
                    path: file
                        .path
                        .strip_prefix(out)
                        .unwrap_or(&file.path)
                        .display()
                        .to_string(),
                    bytes: file.bytes,
                    pages: file.pages,
                    sha256: &file.sha256,
                })
                .collect(),
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&serde_json::json!({ "units": units }))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The summary table: unit, pages, files, seconds, status.
pub fn summary(outcomes: &[UnitOutcome]) -> String {
    let mut text = String::from("单位                        页数  文件  秒      状态\n");
    for outcome in outcomes {
        let name = outcome
            .unit
            .clone()
            .unwrap_or_else(|| outcome.source.display().to_string());
        let pad = 26usize.saturating_sub(display_width(&name));
        text.push_str(&format!(
            "{name}{}  {:>4}  {:>4}  {:>5.2}  {}\n",
            " ".repeat(pad),
            outcome.pages.map_or("-".to_string(), |p| p.to_string()),
            outcome.files.len(),
            outcome.elapsed.as_secs_f64(),
            if outcome.failure.is_none() {
                "成功"
            } else {
                "失败"
            },
        ));
    }
    text
}

/// Terminal width of `text`: CJK characters take two cells.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
