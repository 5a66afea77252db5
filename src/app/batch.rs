//! Many units in one run: every data file of a folder, in stable order, built in parallel by a
//! few threads sharing one toolkit (fonts, templates and the Typst library are loaded once). A
//! unit that fails does not stop the others; its errors are kept for the end.

mod clash;
pub mod departments;
mod manifest;
pub use manifest::manifest;

use crate::app::output::{unit_paths, write_outputs, Written};
use crate::app::pipeline::{Failure, Toolkit};
use crate::input::load::SourceFile;
use crate::render::typst::Engine;
use crate::render::Format;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
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
    /// Whether the file is a department's (部门预算).
    pub department: bool,
    /// For a department: its units' data files, 本部 first.
    pub consolidates: Vec<PathBuf>,
}

impl UnitOutcome {
    /// The outcome of `source` before anything happened.
    pub fn of(source: &Path) -> UnitOutcome {
        UnitOutcome {
            source: source.to_path_buf(),
            unit: None,
            files: Vec::new(),
            pages: None,
            elapsed: Duration::ZERO,
            failure: None,
            department: false,
            consolidates: Vec::new(),
        }
    }
}

/// The data files of `dir`: its `*.yaml` files and data workbooks (`*.xlsx`, `*.xlsm`, `*.xls`;
/// not its sub-folders, not the owner files `~$…` Excel leaves beside an open workbook), sorted
/// by name. A link that points nowhere is listed too: it is a unit that cannot be read, and the
/// summary says so.
pub fn unit_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.exists() {
        anyhow::bail!("找不到数据文件夹 {}（没有这个文件夹）", dir.display());
    }
    if !dir.is_dir() {
        anyhow::bail!(
            "{} 是文件，不是文件夹：生成一个单位用 build {}",
            dir.display(),
            dir.display()
        );
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("无法读取数据目录 {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            !path.is_dir()
                && !crate::input::load::is_owner_file(path)
                && (crate::input::load::is_yaml(path) || crate::input::load::is_workbook(path))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The owner files of `dir` (`~$单位.xlsx`): a workbook is open in Excel or WPS. They are not
/// units; the batch says it passed them over.
pub fn owner_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| crate::input::load::is_owner_file(path))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// How many units to build at once: `requested` (`None` or 0: one per core), never more than
/// the cores or the units, since more threads only cost memory. The note says why a request
/// was lowered.
pub fn effective_jobs(requested: Option<usize>, units: usize) -> (usize, Option<String>) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    jobs_within(requested, units, cores)
}

fn jobs_within(requested: Option<usize>, units: usize, cores: usize) -> (usize, Option<String>) {
    let wanted = requested.filter(|&n| n > 0).unwrap_or(cores);
    let jobs = wanted.min(cores).min(units).max(1);
    let note = match requested {
        Some(n) if n > jobs && jobs == cores => Some(format!(
            "--jobs {n} 超过处理器核数 {cores}，按 {jobs} 个并行生成"
        )),
        Some(n) if n > jobs => Some(format!(
            "--jobs {n} 超过单位数 {units}，按 {jobs} 个并行生成"
        )),
        _ => None,
    };
    (jobs, note)
}

/// Runs `work(0..count)` on `jobs` threads and returns the results in index order.
fn in_parallel<T: Send>(count: usize, jobs: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, count.max(1)) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                if index >= count {
                    break;
                }
                let result = work(index);
                if let Ok(mut results) = results.lock() {
                    results[index] = Some(result);
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

/// One data file, read once for the whole run: its bytes (or why they could not be read), the
/// output folder its unit would be written to, when the data can be read that far, and, for a
/// department's file, its plan.
struct Planned {
    bytes: Result<Vec<u8>, String>,
    folder: Option<PathBuf>,
    department: Option<departments::PlannedDepartment>,
}

fn plan(file: &Path, out: &Path) -> Planned {
    let bytes = SourceFile::read_bytes(file).map_err(|error| format!("错误 error: {error:#}\n"));
    let source = bytes
        .as_ref()
        .ok()
        .map(|bytes| SourceFile::from_bytes(file, bytes.clone()));
    let department = source.as_ref().and_then(|s| departments::plan(s, out));
    let folder = match &department {
        Some(department) => department.folder.clone(),
        None => source.and_then(|source| {
            let budget = source.parse().ok()?;
            unit_paths(out, &budget.unit).ok().map(|(dir, _)| dir)
        }),
    };
    Planned {
        bytes,
        folder,
        department,
    }
}

/// Builds every file of `files` into `out` with `jobs` threads. `progress` is called after each
/// unit (from the worker thread) with the outcome.
///
/// Files whose units would be written to the same folder (the same unit name) are found first
/// and none of them is built: otherwise one would silently overwrite the other.
pub fn run(
    toolkit: &Toolkit,
    engine: &Engine,
    files: &[PathBuf],
    out: &Path,
    format: Format,
    jobs: usize,
    progress: &(dyn Fn(&UnitOutcome) + Sync),
) -> Vec<UnitOutcome> {
    // Each file is read once, here; what is built is what the clash check saw.
    let planned = in_parallel(files.len(), jobs, |index| plan(&files[index], out));
    let folders: Vec<Option<PathBuf>> = planned.iter().map(|p| p.folder.clone()).collect();
    let clashes = clash::clashes(&planned);
    // Units first, then the departments, which read their units' files.
    let (department_indexes, unit_indexes): (Vec<usize>, Vec<usize>) =
        (0..files.len()).partition(|&i| planned[i].department.is_some());
    let listed: Vec<(usize, &departments::PlannedDepartment)> = department_indexes
        .iter()
        .filter_map(|&i| planned[i].department.as_ref().map(|d| (i, d)))
        .collect();
    let shared: BTreeMap<usize, Vec<(usize, PathBuf)>> =
        departments::shared_units(&listed).into_iter().collect();
    let build = |index: usize| {
        let file = &files[index];
        let outcome = if !clashes[index].is_empty() {
            let department = planned[index].department.is_some();
            clash::clashing(file, &folders[index], &clashes[index], files, department)
        } else if let Some(others) = shared.get(&index).filter(|o| !o.is_empty()) {
            departments::sharing(file, others, files)
        } else {
            guarded(file, || {
                build_one(toolkit, engine, file, &planned[index], out, format)
            })
        };
        let outcome = UnitOutcome {
            department: planned[index].department.is_some(),
            ..outcome
        };
        // Typst's memoization caches are global; dropping old entries after each unit keeps
        // memory bounded however many units there are.
        comemo::evict(3);
        progress(&outcome);
        outcome
    };
    let mut outcomes: Vec<(usize, UnitOutcome)> = Vec::new();
    for round in [unit_indexes, department_indexes] {
        let built = in_parallel(round.len(), jobs, |at| build(round[at]));
        outcomes.extend(round.into_iter().zip(built));
    }
    outcomes.sort_by_key(|(index, _)| *index);
    outcomes.into_iter().map(|(_, outcome)| outcome).collect()
}

/// The outcome of `build`, or a failed unit if it panics: a defect met in one unit's data fails
/// that unit, with what it said, and the batch goes on. (A unit's files are written as one set
/// by renames, so a panic leaves none of them half-written.)
fn guarded(file: &Path, build: impl FnOnce() -> UnitOutcome) -> UnitOutcome {
    let started = Instant::now();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        let said = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("（没有说明）");
        UnitOutcome {
            elapsed: started.elapsed(),
            failure: Some(format!(
                "错误 error: yusuan 处理这个单位时出了内部错误（程序缺陷，不是数据的问题）：{said}\n  提示 hint: 其他单位照常生成；请把这个数据文件和这段信息发给 yusuan 的维护者\n"
            )),
            ..UnitOutcome::of(file)
        }
    })
}

fn build_one(
    toolkit: &Toolkit,
    engine: &Engine,
    file: &Path,
    planned: &Planned,
    out: &Path,
    format: Format,
) -> UnitOutcome {
    let started = Instant::now();
    let mut outcome = UnitOutcome::of(file);
    let source = match &planned.bytes {
        Ok(bytes) => SourceFile::from_bytes(file, bytes.clone()),
        Err(error) => {
            outcome.failure = Some(error.clone());
            outcome.elapsed = started.elapsed();
            return outcome;
        }
    };
    if planned.department.is_some() {
        return departments::build(toolkit, engine, source, out, format);
    }
    match toolkit.prepare(&source) {
        Ok(prepared) => {
            outcome.unit = Some(prepared.budget.unit.name.clone());
            match write_outputs(engine, &prepared, out, format) {
                Ok(files) => {
                    outcome.pages = files.iter().find_map(|f| f.pages);
                    outcome.files = files;
                    if !prepared.warnings.is_empty() {
                        // Warnings do not fail a unit, but are shown with the log.
                        eprint!("{}", source.render(&prepared.warnings));
                    }
                }
                Err(error) => outcome.failure = Some(format!("错误 error: {error:#}\n")),
            }
        }
        Err(Failure::Data(diagnostics)) => {
            outcome.failure = Some(source.render(&diagnostics));
        }
        Err(Failure::Other(error)) => outcome.failure = Some(format!("错误 error: {error:#}\n")),
    }
    outcome.elapsed = started.elapsed();
    outcome
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_capped_by_cores_and_units_and_zero_is_automatic() {
        assert_eq!(jobs_within(None, 12, 2), (2, None));
        assert_eq!(jobs_within(Some(0), 12, 2), (2, None));
        assert_eq!(jobs_within(Some(1), 12, 2), (1, None));
        // Exactly the cores: nothing lowered, nothing to say.
        assert_eq!(jobs_within(Some(2), 12, 2), (2, None));
        assert_eq!(jobs_within(Some(3), 3, 4), (3, None));
        let (jobs, note) = jobs_within(Some(1000), 48, 2);
        assert_eq!(jobs, 2);
        assert!(note.unwrap().contains("处理器核数 2"));
        let (jobs, note) = jobs_within(Some(8), 3, 16);
        assert_eq!(jobs, 3);
        assert!(note.unwrap().contains("单位数 3"));
        assert_eq!(jobs_within(None, 0, 4).0, 1);
    }

    #[test]
    fn unit_files_are_the_yaml_files_and_links_of_the_folder_in_order() {
        let dir = std::env::temp_dir().join(format!("yusuan-units-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub.yaml")).unwrap();
        for name in [
            "b.yaml",
            "a.yml",
            "c.txt",
            "d.yaml.bak",
            "~$f.xlsx",
            "g.xlsm",
            "H.YAML",
        ] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("e.yaml")).unwrap();
        let names: Vec<String> = unit_files(&dir)
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["H.YAML", "a.yml", "b.yaml", "e.yaml", "g.xlsm"]);
        let owners: Vec<PathBuf> = owner_files(&dir);
        assert_eq!(owners, [dir.join("~$f.xlsx")]);
        assert!(unit_files(&dir.join("missing")).is_err());
    }

    #[test]
    fn the_summary_lines_up_chinese_names_and_says_what_happened() {
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width("新乡a"), 5);
        let outcome = |unit: &str, failure: Option<&str>| UnitOutcome {
            unit: Some(unit.to_string()),
            pages: failure.is_none().then_some(23),
            elapsed: Duration::from_millis(250),
            failure: failure.map(str::to_string),
            ..UnitOutcome::of(Path::new(&format!("data/{unit}.yaml")))
        };
        let text = summary(&[
            outcome("新乡市社会保险中心", None),
            outcome("ab", Some("x")),
        ]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("新乡市社会保险中心"));
        assert!(
            lines[1].ends_with("成功") && lines[1].contains("  23  ") && lines[1].contains("0.25")
        );
        assert!(lines[2].ends_with("失败") && lines[2].contains("   -  "));
        // The pages column starts at the same terminal column on every line.
        let column = |line: &str, at: &str| display_width(&line[..line.find(at).unwrap()]);
        assert_eq!(column(lines[1], "  23"), column(lines[2], "   -"));
    }

    #[test]
    fn a_panic_in_one_unit_fails_that_unit_and_says_what_it_said() {
        let file = Path::new("data/broken.yaml");
        let outcome = guarded(file, || panic!("index out of bounds"));
        let failure = outcome.failure.expect("the unit failed");
        assert!(failure.contains("内部错误") && failure.contains("index out of bounds"));
        assert_eq!(outcome.source, file);
        let fine = guarded(file, || UnitOutcome {
            unit: Some("甲".into()),
            pages: Some(3),
            ..UnitOutcome::of(file)
        });
        assert!(fine.failure.is_none());
        assert_eq!(fine.pages, Some(3));
    }
}
