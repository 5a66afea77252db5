//! 总览, the board: every unit of the workspace in one table, with its checks and outputs.

use super::access::Viewer;
use super::departments::DepartmentRow;
use super::pages::{BoardRow, Frame};
use super::units::outputs;
use super::workspace::file_name;
use super::{blocking, Shared};
use axum::extract::{Query, State as Data};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Serialize;

#[derive(Serialize)]
struct Board<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    rows: Vec<BoardRow>,
    /// The departments (部门预算) of `data/` with their units, for those who see every unit.
    departments: Vec<DepartmentRow>,
    /// Files of `data/` that could not be read at all.
    unreadable: Vec<(String, String)>,
    errors: usize,
    warnings: usize,
    data: String,
    output: String,
    /// How many units are 已审核, waiting to be published.
    approved: usize,
    /// How many 部门预算 a publication now would publish (for the admin).
    departments_waiting: usize,
    /// The 部门预算 held back by their errors (name and file), whatever their units' state.
    departments_held: Vec<String>,
    /// The folder a publication just went to.
    published: Option<String>,
    /// Whether the viewer is an editor bound to no unit yet.
    no_units: bool,
}

/// What the board's address may say: `?published=` after a publication.
#[derive(serde::Deserialize)]
pub struct Said {
    published: Option<String>,
}

/// `GET /`: the board, of the units `viewer` sees.
pub async fn board(
    Data(server): Data<Shared>,
    Extension(viewer): Extension<Viewer>,
    Query(said): Query<Said>,
) -> Response {
    let work = server.clone();
    let seer = viewer.clone();
    let listed = blocking(move || {
        let (rows, mut unreadable) = rows(&work, &seer)?;
        let departments = departments(&work, &seer, &mut unreadable)?;
        let pending = if seer.administers() && !departments.is_empty() {
            super::publish::departments_pending(&work)?
        } else {
            Default::default()
        };
        Ok((rows, unreadable, departments, pending))
    })
    .await;
    match listed {
        Ok((rows, unreadable, departments, pending)) => server.html(
            "board.html",
            Board {
                frame: server.frame(&viewer),
                approved: rows.iter().filter(|r| r.state_key == "approved").count(),
                departments_waiting: pending.waiting.len(),
                departments_held: pending.held,
                no_units: rows.is_empty() && !viewer.reviews(),
                // Only a publication the database records is announced.
                published: said.published.filter(|folder| {
                    viewer.administers()
                        && (server.store.publications().unwrap_or_default().iter())
                            .any(|(recorded, _)| recorded == folder)
                }),
                errors: rows.iter().map(|r| r.errors).sum(),
                warnings: rows.iter().map(|r| r.warnings).sum(),
                rows,
                departments,
                unreadable,
                data: server.workspace.data.display().to_string(),
                output: server.workspace.output.display().to_string(),
            },
        ),
        Err(error) => server.failed("无法列出单位", &error),
    }
}

/// The board's rows: each unit file checked (or remembered), then each new unit's draft.
type Rows = (Vec<BoardRow>, Vec<(String, String)>);

fn rows(server: &super::Server, viewer: &Viewer) -> anyhow::Result<Rows> {
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    for path in server.workspace.unit_files()? {
        let unit = super::workspace::stem(&file_name(&path)).to_string();
        if !viewer.sees(&unit) {
            continue;
        }
        // Changed in the folder by hand since: a version of its own first (see the unit page).
        super::ledger::current_version(&server.workspace, &server.store, &unit)?;
        match server.checker.file(&path) {
            Ok(checked) => {
                let draft = server.workspace.draft_of(&checked.id).is_some();
                let mut row = BoardRow::of(&checked, outputs(&server.workspace, &checked), draft);
                let state = server.store.state(&unit)?;
                (row.state, row.state_key) = (state.label(), state.key());
                rows.push(row);
            }
            Err(error) => unreadable.push((file_name(&path), format!("{error:#}"))),
        }
    }
    // A new unit's draft is the city office's: units are added there.
    let drafts = if viewer.administers() {
        server.workspace.new_drafts()
    } else {
        Vec::new()
    };
    for path in drafts {
        if let Ok(checked) = server.checker.file(&path) {
            let mut row = BoardRow::of(&checked, Vec::new(), true);
            row.file = format!("草稿：{}", checked.id);
            rows.push(row);
        }
    }
    Ok((rows, unreadable))
}

/// The departments of the workspace, each checked with its units: shown to those who see every
/// unit (a department's booklet is made of all of them).
fn departments(
    server: &super::Server,
    viewer: &Viewer,
    unreadable: &mut Vec<(String, String)>,
) -> anyhow::Result<Vec<DepartmentRow>> {
    if !viewer.reviews() {
        return Ok(Vec::new());
    }
    let checked = super::departments::checked(server, unreadable)?;
    Ok(checked.into_iter().map(|(_, row)| row).collect())
}

/// `GET /blank.xlsx`: an empty data workbook for a new unit.
pub async fn blank_workbook(Data(server): Data<Shared>) -> Response {
    let work = server.clone();
    let made = blocking(move || {
        let catalogues = &work.checker.toolkit().catalogues;
        crate::input::workbook::write(None, catalogues.newest())
    })
    .await;
    match made {
        Ok(bytes) => attachment("空白数据工作簿.xlsx", XLSX, bytes),
        Err(error) => server.failed("无法生成空白工作簿", &error),
    }
}

/// The media type of a workbook.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A download named `name` (any characters: sent in RFC 6266's UTF-8 form, with an ASCII
/// stand-in for old browsers).
pub fn attachment(name: &str, kind: &'static str, bytes: Vec<u8>) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        super::pages::percent_encode(name)
    );
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}
