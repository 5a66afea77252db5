//! Uploads: a unit's new data, checked at once. Data with errors is kept as the unit's draft and
//! never replaces its file; data without errors replaces it (the previous version kept in the
//! history). The uploaded file's name tells only whether it is a workbook or YAML: the file is
//! saved under the unit's own name.

use super::access::Viewer;
use super::ledger::Accepted;
use super::pages::unit_href;
use super::units::Checked;
use super::workspace::{sha256_hex, DataKind};
use super::{blocking, Server, Shared};
use crate::input::load::MAX_FILE_BYTES;
use anyhow::Result;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

/// An upload as it arrived.
struct Arrived {
    kind: DataKind,
    bytes: Vec<u8>,
    note: String,
}

/// An upload, checked once: what it names and what is wrong with it decide where it goes.
struct Upload {
    kind: DataKind,
    bytes: Vec<u8>,
    checked: Checked,
    note: String,
    /// Who uploaded it.
    viewer: Viewer,
}

impl Upload {
    /// `arrived`, checked as the pipeline checks a data file.
    fn check(server: &Server, viewer: Viewer, arrived: Arrived) -> Upload {
        let probe = format!("上传的文件.{}", arrived.kind.extension());
        let checked = server.checker.bytes(
            std::path::Path::new(&probe),
            arrived.bytes.clone(),
            sha256_hex(&arrived.bytes),
            None,
        );
        Upload {
            kind: arrived.kind,
            bytes: arrived.bytes,
            checked,
            note: arrived.note,
            viewer,
        }
    }

    /// The unit (name, year) its data names, when it can be read that far.
    fn named(&self) -> Option<(String, u16)> {
        (self.checked.unit.as_ref()).map(|unit| (unit.name.clone(), unit.year))
    }
}

/// Reads the form: the token (unless the request's header carried it) and the file.
async fn read(
    viewer: &Viewer,
    headers: &HeaderMap,
    mut form: Multipart,
) -> Result<Arrived, Stored> {
    let mut token_ok = super::guard::carries_token_of(&viewer.csrf, headers);
    let mut upload = None;
    let mut note = String::new();
    let too_big = || {
        Stored::Refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "文件超过 {} MB，不像是一个单位的数据；没有保存任何东西。",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big()),
            Err(error) => {
                return Err(Stored::Refused(
                    StatusCode::BAD_REQUEST,
                    format!("上传没有完成：{error}"),
                ))
            }
        };
        match field.name() {
            Some("csrf") => {
                let text = field.text().await.unwrap_or_default();
                token_ok |= super::guard::same_token(text.trim(), &viewer.csrf);
            }
            Some("note") => {
                note = field
                    .text()
                    .await
                    .unwrap_or_default()
                    .trim()
                    .chars()
                    .take(500)
                    .collect();
            }
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = match field.bytes().await {
                    Ok(bytes) => bytes.to_vec(),
                    Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Err(too_big())
                    }
                    Err(error) => {
                        return Err(Stored::Refused(
                            StatusCode::BAD_REQUEST,
                            format!("上传没有完成：{error}"),
                        ))
                    }
                };
                let kind = DataKind::of_upload(&name).or_else(|| {
                    // No telling name (a drop from another program): a workbook starts as a zip.
                    if bytes.starts_with(b"PK\x03\x04") {
                        Some(DataKind::Workbook)
                    } else if name.is_empty() {
                        Some(DataKind::Yaml)
                    } else {
                        None
                    }
                });
                let Some(kind) = kind else {
                    return Err(Stored::Refused(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        "只能上传数据工作簿（.xlsx）或 YAML 数据文件（.yaml）；没有保存任何东西。"
                            .into(),
                    ));
                };
                upload = Some(Arrived {
                    kind,
                    bytes,
                    note: String::new(),
                });
            }
            _ => {}
        }
    }
    if !token_ok {
        return Err(Stored::Refused(
            StatusCode::FORBIDDEN,
            "页面已过期（工作台重新启动过），或请求不是从工作台页面发出的：请刷新页面后再上传；没有保存任何东西。".into(),
        ));
    }
    let mut upload = upload.ok_or_else(|| {
        Stored::Refused(
            StatusCode::BAD_REQUEST,
            "没有收到文件：请选择或拖入一个数据文件".into(),
        )
    })?;
    upload.note = note;
    if upload.bytes.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    if upload.bytes.is_empty() {
        return Err(Stored::Refused(
            StatusCode::BAD_REQUEST,
            "文件是空的；没有保存任何东西。".into(),
        ));
    }
    let probe = std::path::PathBuf::from(format!("上传的文件.{}", upload.kind.extension()));
    if crate::input::load::SourceFile::from_bytes(&probe, upload.bytes.clone()).is_department() {
        return Err(Stored::Refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "这是部门文件（部门预算，含 department: 和 units:），不是单位的数据：部门文件不经上传，由管理员放在工作台的 data 文件夹中，与它所列的单位文件放在一起；没有保存。".into(),
        ));
    }
    Ok(upload)
}

/// What became of an upload: the page that shows it, or why it was refused.
enum Stored {
    /// The address of the unit's page.
    Page(String),
    /// Refused: nothing was kept.
    Refused(StatusCode, String),
}

/// The workspace's units: (name, year, file stem) of each whose data names them.
fn units(server: &Server) -> Vec<(String, u16, String)> {
    use super::workspace::{file_name, stem};
    (server.workspace.unit_files().unwrap_or_default().iter())
        .filter_map(|path| {
            let unit = server.checker.file(path).ok()?.unit.clone()?;
            Some((unit.name, unit.year, stem(&file_name(path)).to_string()))
        })
        .collect()
}

fn refused_other_unit(named: &(String, u16), page: &(String, u16)) -> Stored {
    Stored::Refused(
        StatusCode::CONFLICT,
        format!(
            "上传的数据是“{}”{} 年的，不是本页的“{}”{} 年的；没有保存。其他单位的数据请在它自己的页面上传，新单位在总览页上传。",
            named.0, named.1, page.0, page.1
        ),
    )
}

/// Reads an upload, then stores it with `work` on a blocking thread, and answers with the page
/// that shows what became of it (or why it was refused).
async fn accept(
    server: Shared,
    viewer: Viewer,
    headers: HeaderMap,
    form: Multipart,
    work: impl FnOnce(&Server, Upload) -> Result<Option<Stored>> + Send + 'static,
) -> Response {
    let arrived = match read(&viewer, &headers, form).await {
        Ok(arrived) => arrived,
        Err(refused) => return answer(&server, Ok(Some(refused))),
    };
    let worker = server.clone();
    let stored = blocking(move || work(&worker, Upload::check(&worker, viewer, arrived))).await;
    answer(&server, stored)
}

/// `POST /unit/{id}/upload`: new data for the unit `id`. Data that names another unit is
/// refused: it would replace this one.
pub async fn to_unit(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    accept(server, viewer, headers, form, move |work, upload| {
        use super::workspace::{file_name, stem};
        let named = upload.named();
        if let Some(path) = work.workspace.unit_file(&id) {
            if !upload.viewer.edits(stem(&id)) {
                // Not even whether the unit exists is told to an account not bound to it.
                return Ok(if upload.viewer.sees(stem(&id)) {
                    Some(Stored::Refused(
                        StatusCode::FORBIDDEN,
                        "你的账户不能修改这个单位的数据；没有保存。".into(),
                    ))
                } else {
                    None
                });
            }
            let page = work.checker.file(&path)?.unit.clone();
            if let (Some(named), Some(page)) = (&named, page) {
                let page = (page.name, page.year);
                if *named != page {
                    return Ok(Some(refused_other_unit(named, &page)));
                }
            }
            let stem = stem(&file_name(&path)).to_string();
            return store(work, &stem, upload).map(Some);
        }
        // A new unit's draft, uploaded again: it becomes a unit when it has no errors, under
        // the checks and the name an upload on the board gets.
        let draft = (work.workspace.new_drafts().into_iter()).find(|p| file_name(p) == id);
        let Some(draft) = draft.filter(|_| upload.viewer.administers()) else {
            return Ok(None);
        };
        if let Some((name, year)) = &named {
            if units(work).iter().any(|(n, y, _)| n == name && y == year) {
                return Ok(Some(Stored::Refused(
                    StatusCode::CONFLICT,
                    format!(
                        "工作区中已有“{name}”{year} 年的数据：请在它自己的页面上传；没有保存。"
                    ),
                )));
            }
        }
        let old = stem(&file_name(&draft)).to_string();
        let stem = match named {
            Some(_) => match stem_for(work, &upload) {
                Ok(stem) => stem,
                Err(refused) => return Ok(Some(refused)),
            },
            None => old.clone(),
        };
        let stored = store(work, &stem, upload)?;
        if stem != old {
            work.workspace.delete_draft(&old)?;
        }
        Ok(Some(stored))
    })
    .await
}

/// `POST /upload`: the data of a unit the workspace does not have yet, or of one it has (the
/// unit is found by the name and year in the data).
pub async fn new_unit(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    if !viewer.administers() {
        return server.message(
            StatusCode::FORBIDDEN,
            "不能添加单位",
            "新单位由管理员（市局）添加；你的单位的数据请在它自己的页面上传。",
        );
    }
    accept(server, viewer, headers, form, |work, upload| {
        let stem = match stem_for(work, &upload) {
            Ok(stem) => stem,
            Err(refused) => return Ok(Some(refused)),
        };
        store(work, &stem, upload).map(Some)
    })
    .await
}

/// The file stem of a new upload's unit: the workspace's unit of the same name and year when
/// there is one; else `<单位名称>-<年度>` (numbered when a file has that name already), or
/// `新单位-<first digits of its SHA-256>` when the name is no file name. Data that names no
/// unit, and a unit the workspace has for another year, are refused.
fn stem_for(server: &Server, upload: &Upload) -> Result<String, Stored> {
    use super::workspace::{file_name, stem};
    let unfilled = (upload.checked.reports.iter())
        .filter(|report| report.contains("[Y05]"))
        .count();
    if upload.named().is_none() && unfilled > 0 {
        return Err(Stored::Refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "数据中还有 {unfilled} 处写着“待填写”（规则 Y05）：这多半是“下一年的数据”生成的文件。把这些地方填好再上传（一个工作区放同一年度的单位，下一年的数据请放到下一年的工作区）；没有保存。"
            ),
        ));
    }
    let Some((name, year)) = upload.named() else {
        return Err(Stored::Refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "读不出这是哪个单位的数据（单位名称和预算年度），没有保存：\n\n{}",
                upload.checked.reports.join("\n")
            ),
        ));
    };
    let known = units(server);
    if let Some((_, _, stem)) = known.iter().find(|(n, y, _)| *n == name && *y == year) {
        return Ok(stem.clone());
    }
    if let Some((_, other, _)) = known.iter().find(|(n, _, _)| *n == name) {
        return Err(Stored::Refused(
            StatusCode::CONFLICT,
            format!(
                "工作区中已有“{name}”{other} 年的数据。一个工作区放同一年度的各单位（同名单位生成到同一个文件夹）：{year} 年的数据请放到另一个工作区；没有保存。"
            ),
        ));
    }
    if let Some((_, other, _)) = known.iter().find(|(_, y, _)| *y != year) {
        return Err(Stored::Refused(
            StatusCode::CONFLICT,
            format!(
                "这个工作区是 {other} 年的，上传的数据是 {year} 年的。一个工作区放同一年度的各单位：{year} 年的数据请放到另一个工作区；没有保存。"
            ),
        ));
    }
    let base = if crate::base::file_name::problem(&name, year).is_none() {
        format!("{name}-{year}")
    } else {
        format!("新单位-{}", &sha256_hex(&upload.bytes)[..12])
    };
    // A file of that name that holds another unit, a department's file (a 本部 is often named
    // as its department), or a file that cannot be read is left alone.
    let taken: Vec<String> = (server.workspace.data_files().unwrap_or_default().iter())
        .map(|p| stem(&file_name(p)).to_string())
        .chain(
            server
                .workspace
                .new_drafts()
                .iter()
                .map(|p| stem(&file_name(p)).to_string()),
        )
        .collect();
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        // A new unit's own earlier draft is its to replace.
        let own_draft = (server.workspace.new_drafts().iter())
            .filter(|p| stem(&file_name(p)) == candidate)
            .any(|p| {
                server
                    .checker
                    .file(p)
                    .ok()
                    .and_then(|c| c.unit.clone())
                    .is_some_and(|u| u.name == name && u.year == year)
            });
        if own_draft {
            break;
        }
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// Stores `upload` as the data of the unit `stem`: in place when it has no errors, as the draft
/// when it has. Returns the address of the page to show.
fn store(server: &Server, stem: &str, upload: Upload) -> Result<Stored> {
    let name = format!("{stem}.{}", upload.kind.extension());
    let state = server.store.state(stem)?;
    if !state.open_to_changes() {
        return Ok(Stored::Refused(
            StatusCode::CONFLICT,
            format!(
                "这个单位现在是“{}”：审核结束（或退回）之前，数据不能再改；没有保存。",
                state.label()
            ),
        ));
    }
    if upload.checked.errors() > 0 {
        server
            .workspace
            .save_draft(stem, upload.kind, &upload.bytes)?;
        // A draft of a unit that has a file is shown on the unit's page; a new unit's draft
        // has a page of its own.
        let unit = (server.workspace.unit_files()?.into_iter())
            .find(|p| super::workspace::stem(&super::workspace::file_name(p)) == stem);
        let page = unit.map_or(name, |p| super::workspace::file_name(&p));
        return Ok(Stored::Page(format!("{}#draft", unit_href(&page))));
    }
    let accepted = super::ledger::accept(
        &server.workspace,
        &server.store,
        upload.viewer.actor(),
        stem,
        upload.kind,
        &upload.bytes,
        &upload.note,
    )?;
    Ok(Stored::Page(match accepted {
        Accepted::Unchanged => format!("{}?unchanged=1", unit_href(&name)),
        Accepted::Written { path, .. } => {
            format!("{}?saved=1", unit_href(&super::workspace::file_name(&path)))
        }
    }))
}

/// The answer to an upload: to the page that shows what became of it.
fn answer(server: &Server, stored: Result<Option<Stored>>) -> Response {
    match stored {
        Ok(Some(Stored::Page(location))) => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
        }
        Ok(Some(Stored::Refused(status, text))) => server.message(status, "上传被拒绝", &text),
        Ok(None) => server.message(
            StatusCode::NOT_FOUND,
            "没有这个单位",
            "工作区中没有这个数据文件；新单位请在总览页上传。",
        ),
        Err(error) => server.failed("上传没有保存", &error),
    }
}
