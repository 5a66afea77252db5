//! 全部生成: every unit built into `output/` as `yusuan batch data/` builds them (a failed unit
//! does not stop the others), with live progress for the board, and everything built as one zip
//! with the manifest.

use super::access::Viewer;
use super::board::attachment;
use super::{blocking, Shared};
use crate::app::batch::UnitOutcome;
use crate::render::Format;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use std::time::Instant;

/// Where the latest 全部生成 stands.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BuildState {
    /// Whether it is running.
    pub running: bool,
    /// How many units it builds.
    pub total: usize,
    /// The units done, in the order they finished.
    pub done: Vec<UnitDone>,
    /// Seconds it took, once finished.
    pub seconds: Option<f64>,
    /// Why it could not run at all.
    pub error: Option<String>,
}

/// One unit built (or not).
#[derive(Debug, Clone, Serialize)]
pub struct UnitDone {
    /// The unit's name, or its file's.
    pub name: String,
    /// Whether its files were written.
    pub ok: bool,
    /// What went wrong, as `yusuan batch` prints it.
    pub failure: Option<String>,
}

/// `POST /build`: starts 全部生成 unless it runs already; answers with where it stands.
pub async fn start(State(server): State<Shared>, Extension(viewer): Extension<Viewer>) -> Response {
    if !viewer.administers() {
        return server.message(
            StatusCode::FORBIDDEN,
            "不能全部生成",
            "只有管理员能生成全部单位。",
        );
    }
    {
        let mut state = lock(&server);
        if state.running {
            return (StatusCode::CONFLICT, Json(state.clone())).into_response();
        }
        *state = BuildState {
            running: true,
            ..BuildState::default()
        };
    }
    let work = server.clone();
    // A thread of its own: a batch takes seconds and must not hold the request threads.
    std::thread::spawn(move || {
        let started = Instant::now();
        let outcome = build_all(&work);
        let mut state = lock(&work);
        state.running = false;
        state.seconds = Some(started.elapsed().as_secs_f64());
        if let Err(error) = outcome {
            state.error = Some(format!("{error:#}"));
        }
    });
    let state = lock(&server).clone();
    (StatusCode::ACCEPTED, Json(state)).into_response()
}

fn build_all(server: &super::Server) -> anyhow::Result<()> {
    // The departments too: the batch builds them after their units.
    let files = server.workspace.data_files()?;
    lock(server).total = files.len();
    let (jobs, _) = crate::app::batch::effective_jobs(None, files.len());
    let progress = |outcome: &UnitOutcome| {
        let name =
            (outcome.unit.clone()).unwrap_or_else(|| super::workspace::file_name(&outcome.source));
        lock(server).done.push(UnitDone {
            name,
            ok: outcome.failure.is_none(),
            failure: outcome.failure.clone(),
        });
    };
    let outcomes = crate::app::batch::run(
        server.checker.toolkit(),
        &server.engine,
        &files,
        &server.workspace.output,
        Format::All,
        jobs,
        &progress,
    );
    crate::app::staged::write_one(
        &server.workspace.output.join("manifest.json"),
        &crate::app::batch::manifest(&outcomes, &server.workspace.output)?,
    )
}

fn lock(server: &super::Server) -> std::sync::MutexGuard<'_, BuildState> {
    server
        .build
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `GET /build/status`: where 全部生成 stands, for the board's progress.
pub async fn status(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    // It names every unit: the city's to see.
    let state = if viewer.administers() {
        lock(&server).clone()
    } else {
        BuildState::default()
    };
    ([(header::CACHE_CONTROL, "no-store")], Json(state)).into_response()
}

/// `GET /download/all.zip`: the files of the latest 全部生成 and its manifest, as one zip.
pub async fn all_zip(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    if !viewer.reviews() {
        return server.message(
            StatusCode::FORBIDDEN,
            "不能下载全部",
            "全部单位的预算书只有市局的账户能下载。",
        );
    }
    if lock(&server).running {
        return server.message(
            StatusCode::CONFLICT,
            "正在生成",
            "全部生成还没有完成：完成后再下载，文件和清单才一致。",
        );
    }
    let work = server.clone();
    match blocking(move || zip_outputs(&work.workspace.output)).await {
        Ok(Some(Ok(bytes))) => attachment("预算书全部.zip", "application/zip", bytes),
        Ok(Some(Err(changed))) => server.message(
            StatusCode::CONFLICT,
            "文件与清单不一致",
            &format!("{changed} 在清单写出之后改动过：请重新“全部生成”后再下载。"),
        ),
        Ok(None) => server.message(
            StatusCode::NOT_FOUND,
            "还没有生成",
            "output 文件夹中没有清单（manifest.json）：先在总览页点“全部生成”。",
        ),
        Err(error) => server.failed("无法打包", &error),
    }
}

/// The manifest of `out` and every file it lists, zipped in the manifest's order with no
/// dates (the same files give the same zip); `Err` with a file's path when it is not the file
/// the manifest lists (its sha256 differs: built again since, by hand or by the command line).
pub fn zip_outputs(out: &std::path::Path) -> anyhow::Result<Option<Result<Vec<u8>, String>>> {
    let Ok(manifest) = std::fs::read(out.join("manifest.json")) else {
        return Ok(None);
    };
    let listed: serde_json::Value = serde_json::from_slice(&manifest)?;
    let mut paths: Vec<(String, String)> = Vec::new();
    for unit in listed["units"].as_array().into_iter().flatten() {
        for file in unit["files"].as_array().into_iter().flatten() {
            if let (Some(path), Some(sha)) = (file["path"].as_str(), file["sha256"].as_str()) {
                paths.push((path.to_string(), sha.to_string()));
            }
        }
    }
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = crate::base::zip_package::entry_options();
    writer.start_file("manifest.json", options)?;
    std::io::Write::write_all(&mut writer, &manifest)?;
    for (path, sha) in paths {
        // The manifest was written by this workspace's batch; a path that climbs out of the
        // output folder is not one of its files.
        if std::path::Path::new(&path)
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            continue;
        }
        let Ok(bytes) = std::fs::read(out.join(&path)) else {
            return Ok(Some(Err(path)));
        };
        if super::workspace::sha256_hex(&bytes) != sha {
            return Ok(Some(Err(path)));
        }
        writer.start_file(path.replace('\\', "/"), options)?;
        std::io::Write::write_all(&mut writer, &bytes)?;
    }
    Ok(Some(Ok(writer.finish()?.into_inner())))
}
