//! The departments (部门预算) of the workspace, for the board: each department file of `data/`
//! checked with its units ([`Toolkit::prepare_department`], the pipeline of `yusuan build
//! DEPT.yaml`), once per version of the department file and of its units' files, and kept.

use super::access::Viewer;
use super::board::{attachment, XLSX};
use super::units::Output;
use super::workspace::{file_name, sha256_hex, Workspace};
use super::{blocking, Server, Shared};
use crate::app::department::{DepartmentFailure, Report};
use crate::app::pipeline::Toolkit;
use crate::base::file_name::BookletKind;
use crate::input::diag::Severity;
use crate::input::load::SourceFile;
use crate::input::member::member_file;
use crate::render::{Context, Format};
use anyhow::Result;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What the board shows of one department.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DepartmentRow {
    /// 部门名称 (the file's name when the file does not say).
    pub name: String,
    /// The department file's name.
    pub file: String,
    /// Its units as it lists them (本部 first): the label, else the unit file's name.
    pub units: Vec<String>,
    /// Errors over the department's file and its units' files.
    pub errors: usize,
    /// Warnings over them.
    pub warnings: usize,
    /// Each problem as the CLI prints it, with its file and line.
    pub reports: Vec<String>,
    /// Its booklet's files, built or not (looked at on every view).
    pub outputs: Vec<Output>,
    /// Where its booklet is downloaded (`/department/<file>`), made on request as
    /// `yusuan build` makes it.
    pub href: String,
    /// Its units' files, canonical where they exist (to find a unit two departments list).
    #[serde(skip)]
    pub unit_files: Vec<PathBuf>,
}

/// Every department of the workspace checked with its units, and each unit listed by two
/// departments said under both (H02, as `yusuan batch` says it); the files that could not be
/// read at all go to `unreadable`.
pub fn checked(
    server: &Server,
    unreadable: &mut Vec<(String, String)>,
) -> Result<Vec<(PathBuf, DepartmentRow)>> {
    let mut rows = Vec::new();
    for path in server.workspace.department_files()? {
        let toolkit = server.checker.toolkit();
        match server.departments.row(toolkit, &server.workspace, &path) {
            Ok(row) => rows.push((path, (*row).clone())),
            Err(error) => unreadable.push((file_name(&path), format!("{error:#}"))),
        }
    }
    let shared: Vec<Vec<(PathBuf, String)>> = (rows.iter())
        .map(|(path, row)| {
            (rows.iter())
                .filter(|(other, _)| other != path)
                .flat_map(|(_, other)| {
                    (row.unit_files.iter())
                        .filter(|unit| other.unit_files.contains(unit))
                        .map(|unit| (unit.clone(), other.file.clone()))
                })
                .collect()
        })
        .collect();
    // Two departments of one name would be built into one folder (as `yusuan batch` says).
    let same_name: Vec<Vec<String>> = (rows.iter())
        .map(|(path, row)| {
            (rows.iter())
                .filter(|(other, theirs)| {
                    other != path && theirs.name.to_lowercase() == row.name.to_lowercase()
                })
                .map(|(_, theirs)| theirs.file.clone())
                .collect()
        })
        .collect();
    for ((_, row), others) in rows.iter_mut().zip(same_name) {
        if !others.is_empty() {
            row.errors += 1;
            row.reports.push(format!(
                "错误 error: {} 与 {} 的部门名称都是“{}”，部门预算会写到同一个文件夹：都不能生成，也不会发布\n  提示 hint: 每个部门的 department.name 应不同；重复的部门文件请删除\n",
                row.file,
                others.join("、"),
                row.name
            ));
        }
    }
    // Named as the department files name them, not by the server's full paths.
    let data = (server.workspace.data.canonicalize()).unwrap_or(server.workspace.data.clone());
    for ((_, row), shared) in rows.iter_mut().zip(shared) {
        let shared: Vec<(PathBuf, String)> = (shared.into_iter())
            .map(|(unit, other)| {
                let shown = unit.strip_prefix(&data).map(Path::to_path_buf);
                (shown.unwrap_or(unit), other)
            })
            .collect();
        if !shared.is_empty() {
            row.errors += 1;
            row.reports
                .push(crate::app::batch::departments::shared_report(
                    &shared,
                    "这些部门预算都不能生成，也不会发布",
                ));
        }
    }
    Ok(rows)
}

/// Checks departments, remembering each version's result.
#[derive(Default)]
pub struct DepartmentChecker {
    known: Mutex<HashMap<PathBuf, (String, Arc<DepartmentRow>)>>,
}

impl DepartmentChecker {
    /// The department of `path` checked with its units (again only when one of the files
    /// changed).
    pub fn row(
        &self,
        toolkit: &Toolkit,
        workspace: &Workspace,
        path: &Path,
    ) -> Result<Arc<DepartmentRow>> {
        let bytes = SourceFile::read_bytes(path)?;
        let source = SourceFile::from_bytes(path, bytes.clone());
        let parsed = source.parse_department().ok();
        let folder = path.parent().unwrap_or(Path::new(""));
        let unit_paths: Vec<PathBuf> = parsed
            .iter()
            .flat_map(|file| file.units.iter().map(|m| member_file(m, folder)))
            .collect();
        // The version of the whole: the department file's bytes and each unit file's.
        let mut all = bytes;
        for unit in &unit_paths {
            all.extend(sha256_hex(&SourceFile::read_bytes(unit).unwrap_or_default()).bytes());
        }
        let version = sha256_hex(&all);
        // Its outputs are looked at on every view: a build changes them, not the data.
        let newest = std::iter::once(path)
            .chain(unit_paths.iter().map(PathBuf::as_path))
            .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            .max();
        let built = |row: &DepartmentRow| -> Arc<DepartmentRow> {
            let outputs = parsed
                .as_ref()
                .map(|f| outputs(workspace, &f.department.name, f.department.year, newest))
                .unwrap_or_default();
            Arc::new(DepartmentRow {
                outputs,
                ..row.clone()
            })
        };
        if let Some((known, row)) = self.lock().get(path) {
            if *known == version {
                return Ok(built(row));
            }
        }
        let reports = match toolkit.prepare_department(source) {
            Ok(department) => department.reports,
            Err(DepartmentFailure::Data(reports)) => reports,
            Err(DepartmentFailure::Other(error)) => return Err(error),
        };
        let count = |severity: Severity| -> usize {
            (reports.iter().flat_map(|r| &r.diagnostics))
                .filter(|d| d.severity == severity)
                .count()
        };
        let row = DepartmentRow {
            name: parsed
                .as_ref()
                .map_or_else(|| file_name(path), |f| f.department.name.clone()),
            file: file_name(path),
            units: parsed
                .as_ref()
                .map(|f| {
                    (f.units.iter())
                        .map(|m| m.label.clone().unwrap_or_else(|| m.file.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            reports: rendered(&reports),
            outputs: Vec::new(),
            href: format!(
                "/department/{}",
                super::pages::percent_encode(&file_name(path))
            ),
            unit_files: (unit_paths.iter())
                .map(|unit| unit.canonicalize().unwrap_or_else(|_| unit.clone()))
                .collect(),
        };
        let answer = built(&row);
        self.lock()
            .insert(path.to_path_buf(), (version, Arc::new(row)));
        Ok(answer)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, (String, Arc<DepartmentRow>)>> {
        self.known
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Each diagnostic of `reports` as the CLI prints it.
fn rendered(reports: &[Report]) -> Vec<String> {
    reports
        .iter()
        .flat_map(|report| {
            (report.diagnostics.iter()).map(|d| report.source.render(std::slice::from_ref(d)))
        })
        .collect()
}

/// The files `yusuan batch` (全部生成) writes for the department `name` of `year`, and whether
/// each is older than the newest of its files (`newest`).
fn outputs(
    workspace: &Workspace,
    name: &str,
    year: u16,
    newest: Option<SystemTime>,
) -> Vec<Output> {
    crate::app::output::paths_of(&workspace.output, name, year, BookletKind::Department)
        .map(|(dir, stem)| super::units::outputs_in(&dir, &stem, newest))
        .unwrap_or_default()
}

/// `GET /department/{id}/download/{what}`: the department's booklet as PDF, DOCX or annex
/// XLSX, made from its file and its units' as `yusuan build DEPT.yaml` makes it; for those
/// who see every unit (a department's booklet is made of all of them), and while its data has
/// no errors.
pub async fn download(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    UrlPath((id, what)): UrlPath<(String, String)>,
) -> Response {
    let Ok(_permit) = server.busy.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let work = server.clone();
    match blocking(move || made(&work, &viewer, &id, &what)).await {
        Ok(Some((name, kind, bytes))) => attachment(&name, kind, bytes),
        Ok(None) => server.message(
            StatusCode::NOT_FOUND,
            "没有这个文件",
            "没有这种下载；部门或其单位的数据有错误时也没有部门预算的下载。",
        ),
        Err(error) => server.failed("无法生成文件", &error),
    }
}

fn made(
    server: &Server,
    viewer: &Viewer,
    id: &str,
    what: &str,
) -> Result<Option<(String, &'static str, Vec<u8>)>> {
    let (suffix, kind, format) = match what {
        "pdf" => (".pdf", "application/pdf", Format::Pdf),
        "docx" => (
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format::Docx,
        ),
        "xlsx" => (".xlsx", XLSX, Format::Xlsx),
        _ => return Ok(None),
    };
    if !viewer.reviews() {
        return Ok(None);
    }
    // Its row as the board shows it: with errors (a unit another department lists too among
    // them) there is nothing to download.
    let Some((path, _)) = checked(server, &mut Vec::new())?
        .into_iter()
        .find(|(path, row)| file_name(path) == id && row.errors == 0)
    else {
        return Ok(None);
    };
    let toolkit = server.checker.toolkit();
    let prepared = match toolkit.prepare_department(SourceFile::read(&path)?) {
        Ok(department) => department.prepared,
        Err(DepartmentFailure::Data(_)) => return Ok(None),
        Err(DepartmentFailure::Other(error)) => return Err(error),
    };
    let unit = &prepared.budget.unit;
    let stem = crate::base::file_name::booklet_stem(&unit.name, unit.year, BookletKind::Department);
    let context = Context::new(&prepared.document, &server.engine, &stem);
    for renderer in format.renderers() {
        for file in renderer.render(&context)? {
            if file.name.ends_with(suffix) {
                return Ok(Some((file.name, kind, file.bytes)));
            }
        }
    }
    Ok(None)
}
