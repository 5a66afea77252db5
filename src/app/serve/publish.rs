//! 发布: every 已审核 unit built into `published/<time>/` as `yusuan batch` builds it, with its
//! manifest and the 部门预算 that wait (see [`super::publish_departments`]), and recorded — who published, the version of each unit built (the approved one:
//! a data file that is not that version is not published), and the SHA-256 of every file. The
//! folder is built under a temporary name, recorded, then renamed whole; a start after a kill
//! finishes the rename of a recorded folder and removes an unrecorded one, so a publication
//! is complete or absent. A folder of `published/` the database does not know (the database
//! was replaced) is left alone.

use super::access::Viewer;
use super::workspace::{file_name, sha256_hex, stem, timestamp, Workspace};
use super::{blocking, Server, Shared};
use crate::app::store::cycle::State;
use crate::app::store::Store;
use crate::render::Format;
use anyhow::{bail, Context, Result};
use axum::extract::State as Data;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::path::{Path, PathBuf};

/// The folder publications go in, in the workspace.
pub const FOLDER: &str = "published";
const BUILDING: &str = ".publishing-";

/// `POST /publish` (the admin only).
pub async fn publish(Data(server): Data<Shared>, Extension(viewer): Extension<Viewer>) -> Response {
    if !viewer.administers() {
        return server.message(
            StatusCode::FORBIDDEN,
            "不能发布",
            "只有管理员（市局）能发布。",
        );
    }
    let Ok(_permit) = server.busy.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let work = server.clone();
    match blocking(move || publish_approved(&work, &viewer)).await {
        Ok(folder) => (
            StatusCode::SEE_OTHER,
            [(
                header::LOCATION,
                format!("/?published={}", super::pages::percent_encode(&folder)),
            )],
        )
            .into_response(),
        Err(error) => server.message(StatusCode::CONFLICT, "没有发布", &format!("{error:#}")),
    }
}

/// The 已审核 units whose data is the version approved, (unit, version), with their files; and
/// the 已审核 units whose data changed in the folder since (they cannot be published).
type Approved = (Vec<(String, i64)>, Vec<PathBuf>, Vec<String>);

/// The units a publication now would publish, and those it cannot ([`Approved`]).
pub fn approved_units(server: &Server) -> Result<Approved> {
    let states = server.store.states()?;
    let (mut units, mut files, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for path in server.workspace.unit_files()? {
        let unit = stem(&file_name(&path)).to_string();
        if states.get(&unit) != Some(&State::Approved) {
            continue;
        }
        // What is published is the version the reviewer approved, byte for byte.
        let approved = match server.store.approved_version(&unit)? {
            Some(id) => server.store.version(id)?,
            None => None,
        };
        let bytes = std::fs::read(&path).with_context(|| format!("无法读取 {}", path.display()))?;
        match approved {
            Some(version) if version.sha256 == sha256_hex(&bytes) => {
                units.push((unit, version.id));
                files.push(path);
            }
            _ => changed.push(unit),
        }
    }
    Ok((units, files, changed))
}

/// The 部门预算 a publication now would publish, and those held back by their errors (for the
/// board's button).
pub fn departments_pending(server: &Server) -> Result<super::publish_departments::Pending> {
    let (_, files, _) = approved_units(server)?;
    super::publish_departments::pending(server, &files)
}

fn publish_approved(server: &Server, viewer: &Viewer) -> Result<String> {
    // One publication at a time: the second waits and finds nothing left to publish.
    let _one = server.publishing.lock().unwrap_or_else(|p| p.into_inner());
    let (units, mut files, changed) = approved_units(server)?;
    for unit in &changed {
        // Changed by hand after the approval: a version of its own, back to 填报中.
        super::ledger::current_version(&server.workspace, &server.store, unit)?;
    }
    if !changed.is_empty() {
        bail!(
            "这些单位的数据在审核通过之后被直接改动过，已退回“填报中”，需要重新提交审核：{}。没有发布任何单位；请再点一次“发布”发布其余已审核的单位。",
            changed.join("、")
        );
    }
    let departments = super::publish_departments::pending(server, &files)?.waiting;
    if units.is_empty() && departments.is_empty() {
        bail!("没有已审核的单位：审核通过之后才能发布。");
    }
    files.extend(departments.iter().map(|d| d.path.clone()));
    let name = timestamp(std::time::SystemTime::now());
    let building = server.workspace.root.join(format!("{BUILDING}{name}"));
    let folder = server.workspace.root.join(FOLDER).join(&name);
    if folder.exists() {
        bail!("{} 已经存在：请过一秒再发布", folder.display());
    }
    let built = build(server, &files, &building);
    let built = built
        .and_then(|listed| super::publish_departments::unchanged(&departments).map(|()| listed));
    let listed = match built {
        Ok(listed) => listed,
        Err(error) => {
            let _ = std::fs::remove_dir_all(&building);
            return Err(error);
        }
    };
    std::fs::create_dir_all(folder.parent().unwrap_or(Path::new(".")))?;
    std::fs::rename(&building, &folder)
        .with_context(|| format!("无法把发布的文件移到 {}", folder.display()))?;
    let relative = format!("{FOLDER}/{name}");
    let kept: Vec<_> = departments.into_iter().map(|d| d.kept).collect();
    let recorded: Vec<(String, String, String)> = listed
        .into_iter()
        .map(|(unit, path, sha)| (unit, format!("{relative}/{path}"), sha))
        .collect();
    if let Err(error) = server
        .store
        .publish(viewer.actor(), &relative, &units, &kept, &recorded)
    {
        let _ = std::fs::remove_dir_all(&folder);
        return Err(error);
    }
    Ok(relative)
}

/// Builds `files` into `out` with the manifest; every unit must build. Returns (unit, path
/// relative to `out`, SHA-256) of every file written, the manifest's last.
fn build(server: &Server, files: &[PathBuf], out: &Path) -> Result<Vec<(String, String, String)>> {
    let before: Vec<Vec<u8>> = files.iter().map(std::fs::read).collect::<Result<_, _>>()?;
    let (jobs, _) = crate::app::batch::effective_jobs(None, files.len());
    let outcomes = crate::app::batch::run(
        server.checker.toolkit(),
        &server.engine,
        files,
        out,
        Format::All,
        jobs,
        &|_| {},
    );
    let failed: Vec<String> = outcomes.iter().filter_map(|o| o.failure.clone()).collect();
    if !failed.is_empty() {
        bail!("有单位或部门没有生成，没有发布：\n{}", failed.join("\n"));
    }
    for (path, bytes) in files.iter().zip(&before) {
        if std::fs::read(path).ok().as_ref() != Some(bytes) {
            bail!(
                "{} 在发布的过程中被改动了：没有发布。请再点一次“发布”",
                path.display()
            );
        }
    }
    let manifest = crate::app::batch::manifest(&outcomes, out)?;
    crate::app::staged::write_one(&out.join("manifest.json"), &manifest)?;
    let mut listed = Vec::new();
    for outcome in &outcomes {
        let unit = stem(&file_name(&outcome.source)).to_string();
        for written in &outcome.files {
            let path = written.path.strip_prefix(out).unwrap_or(&written.path);
            listed.push((
                unit.clone(),
                crate::base::file_name::portable_path(path),
                written.sha256.clone(),
            ));
        }
    }
    listed.push((String::new(), "manifest.json".into(), sha256_hex(&manifest)));
    Ok(listed)
}

/// Renames the built folder into place.
fn place(building: &Path, folder: &Path) -> Result<()> {
    std::fs::create_dir_all(folder.parent().unwrap_or(Path::new(".")))?;
    std::fs::rename(building, folder)
        .with_context(|| format!("无法把发布的文件移到 {}", folder.display()))
}

/// What [`recover`] did.
#[derive(Debug, Default)]
pub struct Recovered {
    /// Recorded publications whose folder was put in place.
    pub finished: usize,
    /// Folders being built when a publishing was killed, never recorded: removed.
    pub removed: usize,
    /// Folders of `published/` the database does not know: left alone.
    pub unknown: Vec<String>,
}

/// Finishes or removes what a publishing killed halfway left: a folder recorded but not yet
/// renamed is put in place, one never recorded is removed.
pub fn recover(workspace: &Workspace, store: &Store) -> Result<Recovered> {
    let mut done = Recovered::default();
    let recorded: Vec<String> = store
        .publications()?
        .into_iter()
        .map(|(folder, _)| folder)
        .collect();
    for entry in std::fs::read_dir(&workspace.root)?.filter_map(|e| e.ok()) {
        let name = file_name(&entry.path());
        let Some(stamp) = name.strip_prefix(BUILDING) else {
            continue;
        };
        let folder = format!("{FOLDER}/{stamp}");
        let target = workspace.root.join(FOLDER).join(stamp);
        if recorded.contains(&folder) && !target.exists() {
            place(&entry.path(), &target)?;
            done.finished += 1;
        } else {
            std::fs::remove_dir_all(entry.path())?;
            done.removed += 1;
        }
    }
    let published = workspace.root.join(FOLDER);
    for entry in std::fs::read_dir(&published)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
    {
        let relative = format!("{FOLDER}/{}", file_name(&entry.path()));
        if entry.path().is_dir() && !recorded.contains(&relative) {
            done.unknown.push(relative);
        }
    }
    Ok(done)
}
