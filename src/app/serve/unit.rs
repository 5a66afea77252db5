//! A unit's page: its diagnostics where they are, its booklet's pages, its downloads.

use super::access::Viewer;
use super::board::{attachment, XLSX};
use super::pages::{
    diagnostics, unit_href, when, BoardRow, DraftView, PageView, PreviewView, UnitPage,
};
use super::units::{outputs, Checked};
use super::workspace::{file_name, DataKind};
use super::{blocking, Server, Shared};
use crate::render::{Context, Format};
use anyhow::{anyhow, Result};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::sync::Arc;

/// The unit `id` (a data file's name, or a new unit's draft's), checked, when `viewer` may
/// see it (a new unit's draft is the city office's).
fn find(server: &Server, viewer: &Viewer, id: &str) -> Result<Option<(Arc<Checked>, bool)>> {
    if let Some(path) = server.workspace.unit_file(id) {
        if !viewer.sees(super::workspace::stem(id)) {
            return Ok(None);
        }
        return Ok(Some((server.checker.file(&path)?, false)));
    }
    if !viewer.administers() {
        return Ok(None);
    }
    match (server.workspace.new_drafts().into_iter()).find(|path| file_name(path) == id) {
        Some(path) => Ok(Some((server.checker.file(&path)?, true))),
        None => Ok(None),
    }
}

/// What a unit's address may ask besides the unit: `?saved=1` after an upload replaced its data.
#[derive(serde::Deserialize)]
pub struct Shown {
    saved: Option<String>,
    unchanged: Option<String>,
}

/// `GET /unit/{id}`.
pub async fn page(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Query(shown): Query<Shown>,
) -> Response {
    let Ok(_permit) = server.busy.acquire().await else {
        return server.message(StatusCode::SERVICE_UNAVAILABLE, "工作台正在停止", "");
    };
    let work = server.clone();
    let saved = match (shown.saved, shown.unchanged) {
        (Some(_), _) => {
            Some("新数据已保存，是这个单位的新版本；以前的版本都保存在 data/history/ 中。")
        }
        (None, Some(_)) => Some("上传的数据与现在的数据相同，没有改动。"),
        (None, None) => None,
    };
    match blocking(move || unit_page(&work, &viewer, &id, saved)).await {
        Ok(Some(html)) => html,
        Ok(None) => server.message(
            StatusCode::NOT_FOUND,
            "没有这个单位",
            "工作区的 data 文件夹中没有这个数据文件，或者你的账户不能查看它。",
        ),
        Err(error) => server.failed("无法打开这个单位", &error),
    }
}

fn unit_page(
    server: &Server,
    viewer: &Viewer,
    id: &str,
    saved: Option<&str>,
) -> Result<Option<Response>> {
    // Changed in the folder by hand since: a version of its own (and, under review, back to
    // 填报中) before anyone reads it as what was submitted.
    if server.workspace.unit_file(id).is_some() && viewer.sees(super::workspace::stem(id)) {
        super::ledger::current_version(
            &server.workspace,
            &server.store,
            super::workspace::stem(id),
        )?;
    }
    let Some((checked, draft_only)) = find(server, viewer, id)? else {
        // The unit's data changed kind (`.yaml` ↔ `.xlsx`): its page is at its new name.
        let stem = super::workspace::stem(id);
        if !viewer.sees(stem) {
            return Ok(None);
        }
        let moved = (server.workspace.unit_files()?.into_iter())
            .map(|path| file_name(&path))
            .find(|name| super::workspace::stem(name) == stem && name != id);
        return Ok(moved
            .map(|name| axum::response::Redirect::permanent(&unit_href(&name)).into_response()));
    };
    let draft = match (draft_only, server.workspace.draft_of(&checked.id)) {
        (false, Some(path)) => {
            let draft = server.checker.file(&path)?;
            Some(DraftView {
                file: draft.id.clone(),
                changed: draft.modified.map(when).unwrap_or_default(),
                diagnostics: diagnostics(&draft, "draft-"),
                sheets: sheets_of(&draft),
            })
        }
        _ => None,
    };
    let (preview, no_preview) = match &checked.prepared {
        Some(prepared) => match server.previews.layout(&checked.sha256, prepared) {
            Ok(layout) => {
                let version = &checked.sha256[..16];
                let pages = (0..layout.page_count())
                    .map(|index| PageView {
                        number: index + 1,
                        src: format!("{}/page/{}?v={version}", unit_href(&checked.id), index + 1),
                        text: layout.page_text(index).unwrap_or_default(),
                    })
                    .collect();
                // The 目录's own numbers (the footers'), where every listed heading has one.
                let mut outline = layout.outline();
                let printed = layout.toc_pages();
                for (entry, number) in outline.iter_mut().zip(&printed) {
                    entry.printed = Some(*number);
                }
                if printed.len() != outline.len() {
                    outline.iter_mut().for_each(|entry| entry.printed = None);
                }
                (Some(PreviewView { pages, outline }), None)
            }
            Err(error) => (None, Some(format!("排版失败：{error}"))),
        },
        None => (
            None,
            Some("数据有错误，改正后才能预览和下载预算书。".to_string()),
        ),
    };
    let href = unit_href(&checked.id);
    let mut downloads = Vec::new();
    if checked.prepared.is_some() {
        for (what, label) in [("pdf", "PDF"), ("docx", "DOCX"), ("xlsx", "附表 XLSX")] {
            downloads.push((format!("{href}/download/{what}"), label.to_string()));
        }
    }
    if !draft_only && checked.unit.is_some() {
        downloads.push((format!("{href}/download/workbook"), "数据（工作簿）".into()));
        downloads.push((format!("{href}/download/yaml"), "数据（YAML）".into()));
    }
    if !draft_only && checked.prepared.is_some() && viewer.edits(&checked.stem) {
        downloads.push((format!("{href}/download/next-year"), "下一年的数据".into()));
    }
    let changes = if draft_only {
        None
    } else {
        super::review::since_previous(server, &checked)
    };
    let cycle = if draft_only {
        None
    } else {
        Some(super::review::view(server, viewer, &checked)?)
    };
    let unit = BoardRow::of(
        &checked,
        outputs(&server.workspace, &checked),
        draft.is_some(),
    );
    Ok(Some(server.html(
        "unit.html",
        UnitPage {
            frame: server.frame(viewer),
            editable: draft_only || viewer.edits(&checked.stem),
            unit,
            diagnostics: diagnostics(&checked, ""),
            sheets: sheets_of(&checked),
            draft,
            preview,
            no_preview,
            downloads,
            cycle,
            changes,
            draft_only,
            saved,
        },
    )))
}

fn sheets_of(checked: &Checked) -> Vec<super::sheet::SheetView> {
    if checked.kind == DataKind::Workbook {
        super::sheet::sheets(&checked.bytes, &checked.diagnostics)
    } else {
        Vec::new()
    }
}

/// The version a picture's address names (`?v=`), so a browser may keep it for good.
#[derive(serde::Deserialize)]
pub struct Version {
    v: Option<String>,
}

/// `GET /unit/{id}/page/{number}`: one page of the booklet as PNG.
pub async fn picture(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path((id, number)): Path<(String, String)>,
    Query(version): Query<Version>,
) -> Response {
    let Ok(number) = number.parse::<usize>() else {
        return (StatusCode::NOT_FOUND, "没有这一页").into_response();
    };
    let Ok(_permit) = server.busy.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let work = server.clone();
    let drawn = blocking(move || -> Result<Option<(Arc<Vec<u8>>, bool)>> {
        let Some((checked, _)) = find(&work, &viewer, &id)? else {
            return Ok(None);
        };
        let Some(prepared) = &checked.prepared else {
            return Ok(None);
        };
        let Some(index) = number.checked_sub(1) else {
            return Ok(None);
        };
        let png =
            (work.previews.picture(&checked.sha256, prepared, index)).map_err(|e| anyhow!(e))?;
        let current = version
            .v
            .is_some_and(|v| checked.sha256.starts_with(&v) && v.len() >= 16);
        Ok(png.map(|png| (png, current)))
    })
    .await;
    match drawn {
        Ok(Some((png, current))) => {
            let cache = if current {
                "private, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            (
                [
                    (header::CONTENT_TYPE, "image/png"),
                    (header::CACHE_CONTROL, cache),
                ],
                png.as_ref().clone(),
            )
                .into_response()
        }
        Ok(None) => (StatusCode::NOT_FOUND, "没有这一页").into_response(),
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{error:#}")).into_response(),
    }
}

/// `GET /unit/{id}/download/{what}`: the booklet as PDF, DOCX or annex XLSX, made as `yusuan
/// build` makes it; or the data as a workbook or as YAML.
pub async fn download(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path((id, what)): Path<(String, String)>,
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
            "没有这种下载；数据有错误时也没有预算书的下载。",
        ),
        Err(error) => server.failed("无法生成文件", &error),
    }
}

type Download = (String, &'static str, Vec<u8>);

fn made(server: &Server, viewer: &Viewer, id: &str, what: &str) -> Result<Option<Download>> {
    let Some(path) = server.workspace.unit_file(id) else {
        return Ok(None);
    };
    if !viewer.sees(super::workspace::stem(id)) {
        return Ok(None);
    }
    let checked = server.checker.file(&path)?;
    let booklet = |format: Format, suffix: &str, kind: &'static str| -> Result<Option<Download>> {
        let Some(prepared) = &checked.prepared else {
            return Ok(None);
        };
        let unit = &prepared.budget.unit;
        let stem = crate::base::file_name::booklet_stem(
            &unit.name,
            unit.year,
            crate::base::file_name::BookletKind::Unit,
        );
        // The layout the preview made (or makes now, for the preview to keep).
        let layout = (server.previews.layout(&checked.sha256, prepared)).map_err(|e| anyhow!(e))?;
        let context = Context::laid_out(&prepared.document, &server.engine, &stem, layout);
        for renderer in format.renderers() {
            for file in renderer.render(&context)? {
                if file.name.ends_with(suffix) {
                    return Ok(Some((file.name, kind, file.bytes)));
                }
            }
        }
        Ok(None)
    };
    match what {
        "pdf" => booklet(Format::Pdf, ".pdf", "application/pdf"),
        "docx" => booklet(
            Format::Docx,
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "xlsx" => booklet(Format::Xlsx, ".xlsx", XLSX),
        "workbook" | "yaml" => data_as(server, &checked, what == "workbook"),
        "next-year" if viewer.edits(&checked.stem) => next_year(server, &checked),
        _ => Ok(None),
    }
}

/// The unit's data as a workbook or as YAML: the file itself when it is of that kind, else
/// converted as `yusuan convert` converts it.
fn data_as(server: &Server, checked: &Checked, workbook: bool) -> Result<Option<Download>> {
    let wanted = if workbook {
        DataKind::Workbook
    } else {
        DataKind::Yaml
    };
    let name = format!("{}.{}", checked.stem, wanted.extension());
    let kind = if workbook {
        XLSX
    } else {
        "application/yaml; charset=utf-8"
    };
    if checked.kind == wanted {
        return Ok(Some((name, kind, checked.bytes.as_ref().clone())));
    }
    let source = crate::input::load::SourceFile::from_bytes(&checked.path, checked.bytes.to_vec());
    let Ok(budget) = source.parse() else {
        return Ok(None);
    };
    let bytes = if workbook {
        let catalogue = server.checker.toolkit().catalogues.year(budget.unit.year);
        crate::input::workbook::write(Some(&budget), catalogue)?
    } else {
        crate::app::convert::to_yaml(&budget, &checked.path)?.into_bytes()
    };
    Ok(Some((name, kind, bytes)))
}

/// Next year's data made from this year's (as `yusuan next-year` makes it), to download.
fn next_year(server: &Server, checked: &Checked) -> Result<Option<Download>> {
    let source = crate::input::load::SourceFile::from_bytes(&checked.path, checked.bytes.to_vec());
    let Ok(next) = crate::app::next_year::next_year(server.checker.toolkit(), &source)? else {
        return Ok(None);
    };
    let name = crate::app::next_year::next_name(&checked.path, next.year);
    Ok(Some((
        file_name(&name),
        "application/yaml; charset=utf-8",
        next.text.into_bytes(),
    )))
}

/// `POST /unit/{id}/draft/delete`: drops the unit's draft (a new unit's draft is the whole of
/// it: the unit goes from the board).
pub async fn delete_draft(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
) -> Response {
    let work = server.clone();
    let done = blocking(move || -> Result<Option<String>> {
        let stem = super::workspace::stem(&id).to_string();
        let allowed = match work.workspace.unit_file(&id) {
            Some(_) => viewer.edits(&stem),
            None => viewer.administers(),
        };
        if !allowed {
            return Ok(None);
        }
        let unit = work.workspace.unit_file(&id);
        let draft = match &unit {
            Some(_) => work.workspace.draft_of(&id),
            None => (work.workspace.new_drafts().into_iter()).find(|p| file_name(p) == id),
        };
        if draft.is_none() {
            return Ok(None);
        }
        work.workspace.delete_draft(&stem)?;
        Ok(Some(unit.map_or_else(
            || "/".to_string(),
            |path| unit_href(&file_name(&path)),
        )))
    })
    .await;
    match done {
        Ok(Some(location)) => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
        }
        Ok(None) => server.message(StatusCode::NOT_FOUND, "没有草稿", "这个单位没有草稿。"),
        Err(error) => server.failed("无法删除草稿", &error),
    }
}
