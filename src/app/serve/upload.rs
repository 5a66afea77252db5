//! Uploads: a unit's new data, checked at once. Data with errors is kept as the unit's draft and
//! never replaces its file; data without errors replaces it (the previous version kept in the
//! history). The uploaded file's name tells only whether it is a workbook or YAML: the file is
//! saved under the unit's own name.

use super::pages::unit_href;
use super::workspace::{sha256_hex, DataKind, Replaced};
use super::{blocking, Server, Shared};
use crate::input::load::MAX_FILE_BYTES;
use anyhow::Result;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// An upload as it arrived.
struct Upload {
    kind: DataKind,
    bytes: Vec<u8>,
}

/// Why an upload is refused before it is checked.
struct Refused(StatusCode, String);

/// Reads the form: the token (unless the request's header carried it) and the file.
async fn read(
    server: &Server,
    headers: &HeaderMap,
    mut form: Multipart,
) -> Result<Upload, Refused> {
    let mut token_ok = super::guard::carries_token(&server.guard, headers);
    let mut upload = None;
    let too_big = || {
        Refused(
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
                return Err(Refused(
                    StatusCode::BAD_REQUEST,
                    format!("上传没有完成：{error}"),
                ))
            }
        };
        match field.name() {
            Some("csrf") => {
                let text = field.text().await.unwrap_or_default();
                token_ok |= server.guard.token_matches(text.trim());
            }
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = match field.bytes().await {
                    Ok(bytes) => bytes.to_vec(),
                    Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        return Err(too_big())
                    }
                    Err(error) => {
                        return Err(Refused(
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
                    return Err(Refused(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        "只能上传数据工作簿（.xlsx）或 YAML 数据文件（.yaml）；没有保存任何东西。"
                            .into(),
                    ));
                };
                upload = Some(Upload { kind, bytes });
            }
            _ => {}
        }
    }
    if !token_ok {
        return Err(Refused(
            StatusCode::FORBIDDEN,
            "请求缺少工作台页面的令牌（CSRF）：请从工作台页面上传".into(),
        ));
    }
    let upload = upload.ok_or_else(|| {
        Refused(
            StatusCode::BAD_REQUEST,
            "没有收到文件：请选择或拖入一个数据文件".into(),
        )
    })?;
    if upload.bytes.len() > MAX_FILE_BYTES {
        return Err(too_big());
    }
    if upload.bytes.is_empty() {
        return Err(Refused(
            StatusCode::BAD_REQUEST,
            "文件是空的；没有保存任何东西。".into(),
        ));
    }
    Ok(upload)
}

/// `POST /unit/{id}/upload`: new data for the unit `id`.
pub async fn to_unit(
    State(server): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let upload = match read(&server, &headers, form).await {
        Ok(upload) => upload,
        Err(Refused(status, text)) => return server.message(status, "上传被拒绝", &text),
    };
    let work = server.clone();
    let stored = blocking(move || -> Result<Option<String>> {
        let Some(path) = work.workspace.unit_file(&id) else {
            // A new unit's draft, uploaded again: it becomes the unit when it has no errors.
            let known = work
                .workspace
                .new_drafts()
                .into_iter()
                .any(|p| super::workspace::file_name(&p) == id);
            if !known {
                return Ok(None);
            }
            return store(&work, super::workspace::stem(&id), upload).map(Some);
        };
        let stem = super::workspace::stem(&super::workspace::file_name(&path)).to_string();
        store(&work, &stem, upload).map(Some)
    })
    .await;
    answer(&server, stored)
}

/// `POST /upload`: the data of a unit the workspace does not have yet, or of one it has (the
/// unit is found by the name and year in the data).
pub async fn new_unit(
    State(server): State<Shared>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    let upload = match read(&server, &headers, form).await {
        Ok(upload) => upload,
        Err(Refused(status, text)) => return server.message(status, "上传被拒绝", &text),
    };
    let work = server.clone();
    let stored = blocking(move || -> Result<Option<String>> {
        let stem = stem_for(&work, &upload);
        store(&work, &stem, upload).map(Some)
    })
    .await;
    answer(&server, stored)
}

/// The file stem of an upload's unit: the workspace's unit of the same name and year when
/// there is one; else `<单位名称>-<年度>` when the data names its unit and that is a file name;
/// else `新单位-<first digits of its SHA-256>`.
fn stem_for(server: &Server, upload: &Upload) -> String {
    use super::workspace::{file_name, stem};
    let probe = std::path::PathBuf::from(format!("upload.{}", upload.kind.extension()));
    let source = crate::input::load::SourceFile::from_bytes(&probe, upload.bytes.clone());
    let Ok(budget) = source.parse() else {
        return format!("新单位-{}", &sha256_hex(&upload.bytes)[..12]);
    };
    let (name, year) = (&budget.unit.name, budget.unit.year);
    for path in server.workspace.unit_files().unwrap_or_default() {
        let same = (server.checker.file(&path).ok())
            .and_then(|checked| checked.unit.clone())
            .is_some_and(|unit| unit.name == *name && unit.year == year);
        if same {
            return stem(&file_name(&path)).to_string();
        }
    }
    if crate::base::file_name::problem(name, year).is_none() {
        format!("{name}-{year}")
    } else {
        format!("新单位-{}", &sha256_hex(&upload.bytes)[..12])
    }
}

/// Checks `upload` as the data of the unit `stem` and stores it: in place when it has no
/// errors, as the draft when it has. Returns the address of the page to show.
fn store(server: &Server, stem: &str, upload: Upload) -> Result<String> {
    let name = format!("{stem}.{}", upload.kind.extension());
    let sha256 = sha256_hex(&upload.bytes);
    let checked = server.checker.bytes(
        std::path::Path::new(&name),
        upload.bytes.clone(),
        sha256,
        None,
    );
    if checked.errors() > 0 {
        server
            .workspace
            .save_draft(stem, upload.kind, &upload.bytes)?;
        // A draft of a unit that has a file is shown on the unit's page; a new unit's draft
        // has a page of its own.
        let unit = (server.workspace.unit_files()?.into_iter())
            .find(|p| super::workspace::stem(&super::workspace::file_name(p)) == stem);
        let page = unit.map_or(name, |p| super::workspace::file_name(&p));
        return Ok(format!("{}#draft", unit_href(&page)));
    }
    match server.workspace.replace(stem, upload.kind, &upload.bytes)? {
        Replaced::Unchanged => Ok(unit_href(&name)),
        Replaced::Written { path, .. } => Ok(unit_href(&super::workspace::file_name(&path))),
    }
}

/// The answer to an upload: to the page that shows what became of it.
fn answer(server: &Server, stored: Result<Result<Option<String>>>) -> Response {
    match stored {
        Ok(Ok(Some(location))) => {
            (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
        }
        Ok(Ok(None)) => server.message(
            StatusCode::NOT_FOUND,
            "没有这个单位",
            "工作区中没有这个数据文件；新单位请在总览页上传。",
        ),
        Ok(Err(error)) | Err(error) => server.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            "上传没有保存",
            &format!("{error:#}"),
        ),
    }
}
