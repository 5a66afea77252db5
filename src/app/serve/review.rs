//! The review cycle on the pages: a unit's state, versions and comments on its page, and the
//! steps — `POST /unit/{id}/submit` (its editors, data without errors), `/return` and
//! `/approve` (reviewers, a return with a comment on the unit or on one figure or diagnostic),
//! `/comment` — each allowed only to those the account's role and units allow.

use super::access::Viewer;
use super::changes::ChangesView;
use super::ledger::current_version;
use super::pages::{unit_href, when};
use super::units::Checked;
use super::workspace::{file_name, stem};
use super::{blocking, Server, Shared};
use crate::app::store::cycle::{Decision, State};
use crate::app::store::versions::Version;
use anyhow::Result;
use axum::extract::{Form, Path, State as Data};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Serialize;

/// The cycle as a unit's page shows it.
#[derive(Serialize)]
pub struct CycleView {
    /// 填报中, 已提交 …
    pub state: &'static str,
    /// Its key, for the page's colour.
    pub state_key: &'static str,
    /// Whether this viewer may submit now.
    pub can_submit: bool,
    /// Why the viewer, who edits the unit, cannot submit now.
    pub submit_blocked: Option<String>,
    /// Whether this viewer may return or approve now.
    pub can_review: bool,
    /// The version the page shows: the one waiting for review, else the current one (a
    /// decision or comment names it).
    pub shown_version: Option<i64>,
    /// Whether this viewer may comment.
    pub can_comment: bool,
    /// The comments, newest first.
    pub comments: Vec<CommentView>,
    /// The versions, newest first.
    pub versions: Vec<VersionView>,
    /// What a comment may be about: each figure of the booklet (grouped by table) and each
    /// diagnostic.
    pub targets: Vec<TargetGroup>,
    /// What changed since the version last submitted, for the reviewer of a new submission.
    pub since_submission: Option<ChangesView>,
}

/// A comment on the page.
#[derive(Serialize)]
pub struct CommentView {
    when: String,
    by: String,
    target: String,
    target_value: String,
    body: String,
    version: Option<i64>,
}

/// A version on the page.
#[derive(Serialize)]
pub struct VersionView {
    id: i64,
    when: String,
    by: String,
    sha256: String,
    note: String,
}

/// Comment targets of one table (or the diagnostics).
#[derive(Serialize)]
pub struct TargetGroup {
    label: String,
    options: Vec<(String, String)>,
}

fn at(seconds: i64) -> String {
    when(std::time::UNIX_EPOCH + std::time::Duration::from_secs(seconds.max(0) as u64))
}

fn version_label(version: &Version) -> String {
    let by = if version.by.is_empty() {
        String::new()
    } else {
        format!("，{}", version.by)
    };
    format!(
        "版本 {}（{}{by}）",
        version.id,
        at(version.at).replace('T', " ").trim_end_matches('Z')
    )
}

/// The cycle of the unit `checked` for `viewer`.
pub fn view(server: &Server, viewer: &Viewer, checked: &Checked) -> Result<CycleView> {
    let unit = &checked.stem;
    let state = server.store.state(unit)?;
    let versions = server.store.versions(unit)?;
    let errors = checked.errors();
    let edits = viewer.edits(unit);
    let submit_blocked = if !edits {
        None
    } else if !matches!(state, State::Editing | State::Returned | State::Published) {
        Some(format!("已经是“{}”。", state.label()))
    } else if errors > 0 {
        Some(format!("数据有 {errors} 个错误：改正后才能提交审核。"))
    } else if server.workspace.draft_of(&checked.id).is_some() {
        Some("有一份有错误的草稿还没有改好：改好后再上传，或删除草稿，才能提交。".to_string())
    } else {
        None
    };
    let mut targets = Vec::new();
    if viewer.reviews() {
        if let Some(prepared) = &checked.prepared {
            let mut groups: Vec<TargetGroup> = Vec::new();
            for (place, figure) in crate::compose::compare::figure_places(&prepared.document) {
                let table = place.split(" / ").next().unwrap_or_default().to_string();
                if groups.last().is_none_or(|g| g.label != table) {
                    groups.push(TargetGroup {
                        label: table,
                        options: Vec::new(),
                    });
                }
                if let Some(group) = groups.last_mut() {
                    group
                        .options
                        .push((format!("{place}：{figure}"), format!("{place}：{figure}")));
                }
            }
            targets = groups;
        }
        let diagnostics: Vec<(String, String)> = super::pages::diagnostics(checked, "")
            .into_iter()
            .map(|d| {
                let text = format!("{} {} {}", d.rule, d.message, d.place)
                    .trim()
                    .to_string();
                (text.clone(), text)
            })
            .collect();
        if !diagnostics.is_empty() {
            targets.insert(
                0,
                TargetGroup {
                    label: "检查结果".into(),
                    options: diagnostics,
                },
            );
        }
    }
    // For a submission waiting: what changed since the version submitted before it.
    let since_submission = (state == State::Submitted && viewer.reviews())
        .then(|| -> Option<ChangesView> {
            // The version reviewed last: the submission decided before this one, else the
            // version last published.
            let submissions = server.store.submissions(unit).ok()?;
            let earlier = match submissions.iter().find(|s| !s.decision.is_empty()) {
                Some(decided) => decided.version,
                None => server.store.published_version(unit).ok()??,
            };
            let old = server.store.version(earlier).ok()??;
            let now = checked.prepared.as_ref()?;
            Some(super::changes::since(
                &server.checker,
                &server.workspace.data.join(&old.file),
                version_label(&old),
                now,
            ))
        })
        .flatten();
    Ok(CycleView {
        state: state.label(),
        state_key: state.key(),
        can_submit: edits && submit_blocked.is_none(),
        submit_blocked,
        can_review: viewer.reviews() && state == State::Submitted,
        shown_version: if state == State::Submitted {
            (server.store.submissions(unit).ok()).and_then(|s| s.first().map(|s| s.version))
        } else {
            versions.first().map(|v| v.id)
        },
        can_comment: viewer.reviews(),
        comments: server
            .store
            .comments(unit)?
            .into_iter()
            .map(|c| CommentView {
                when: at(c.at),
                by: c.by,
                target: c.target,
                target_value: c.target_value,
                body: c.body,
                version: c.version,
            })
            .collect(),
        versions: versions
            .iter()
            .map(|v| VersionView {
                id: v.id,
                when: at(v.at),
                by: v.by.clone(),
                sha256: v.sha256[..16.min(v.sha256.len())].to_string(),
                note: v.note.clone(),
            })
            .collect(),
        targets,
        since_submission,
    })
}

/// The changes since the unit's previous version, for its page.
pub fn since_previous(server: &Server, checked: &Checked) -> Option<ChangesView> {
    let now = checked.prepared.as_ref()?;
    let versions = server.store.versions(&checked.stem).ok()?;
    let current = versions.iter().position(|v| v.sha256 == checked.sha256)?;
    let previous = versions.get(current + 1)?;
    Some(super::changes::since(
        &server.checker,
        &server.workspace.data.join(&previous.file),
        version_label(previous),
        now,
    ))
}

/// The unit `id` (a data file's name) when `viewer` may see it.
fn visible(server: &Server, viewer: &Viewer, id: &str) -> Option<String> {
    let path = server.workspace.unit_file(id)?;
    let unit = stem(&file_name(&path)).to_string();
    viewer.sees(&unit).then_some(unit)
}

fn back_to(id: &str, anchor: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("{}#{anchor}", unit_href(id)))],
    )
        .into_response()
}

fn refused(server: &Server, title: &str, error: &anyhow::Error) -> Response {
    server.message(StatusCode::CONFLICT, title, &format!("{error:#}"))
}

fn not_found(server: &Server) -> Response {
    server.message(
        StatusCode::NOT_FOUND,
        "没有这个单位",
        "工作区中没有这个单位，或者你的账户不能查看它。",
    )
}

/// `POST /unit/{id}/submit`.
pub async fn submit(
    Data(server): Data<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
) -> Response {
    let Some(unit) = visible(&server, &viewer, &id) else {
        return not_found(&server);
    };
    if !viewer.edits(&unit) {
        return server.message(
            StatusCode::FORBIDDEN,
            "不能提交",
            "只有这个单位的填报人（或管理员）能提交它的数据。",
        );
    }
    let work = server.clone();
    let done = blocking(move || {
        let Some((path, version)) = current_version(&work.workspace, &work.store, &unit)? else {
            anyhow::bail!("这个单位没有数据文件");
        };
        let checked = work.checker.file(&path)?;
        if checked.errors() > 0 {
            anyhow::bail!("数据有 {} 个错误：改正后才能提交审核。", checked.errors());
        }
        if work.workspace.draft_of(&file_name(&path)).is_some() {
            anyhow::bail!("这个单位有一份上传后因为有错误而存为草稿的数据，还没有改好：把改好的数据再上传一次，或者删除草稿（如果要提交的是现在的数据），然后再提交。");
        }
        work.store.submit(viewer.actor(), &unit, version)
    })
    .await;
    match done {
        Ok(()) => back_to(&id, "cycle"),
        Err(error) => refused(&server, "没有提交", &error),
    }
}

/// A reviewer's decision or comment.
#[derive(serde::Deserialize)]
pub struct Said {
    #[serde(default)]
    target: String,
    #[serde(default)]
    body: String,
    /// The submitted version the reviewer's page showed.
    #[serde(default)]
    version: Option<i64>,
}

/// `POST /unit/{id}/return`: back to the editors, with a comment.
pub async fn send_back(
    server: Data<Shared>,
    viewer: Extension<Viewer>,
    id: Path<String>,
    form: Form<Said>,
) -> Response {
    decide(server, viewer, id, form, Decision::Return).await
}

/// `POST /unit/{id}/approve`.
pub async fn approve(
    server: Data<Shared>,
    viewer: Extension<Viewer>,
    id: Path<String>,
    form: Form<Said>,
) -> Response {
    decide(server, viewer, id, form, Decision::Approve).await
}

async fn decide(
    Data(server): Data<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(said): Form<Said>,
    decision: Decision,
) -> Response {
    let Some(unit) = visible(&server, &viewer, &id) else {
        return not_found(&server);
    };
    if !viewer.reviews() {
        return server.message(
            StatusCode::FORBIDDEN,
            "不能审核",
            "只有审核人和管理员能退回或审核通过。",
        );
    }
    // A decision names the version its page showed.
    let Some(seen) = said.version else {
        return server.message(
            StatusCode::CONFLICT,
            "没有记下",
            "请求没有说明审核的是哪个版本：请刷新单位的页面，看过现在的数据再审核。",
        );
    };
    let (target, value) = split_target(&said.target);
    let comment = (!said.body.trim().is_empty()).then_some((
        target.as_str(),
        value.as_str(),
        said.body.as_str(),
    ));
    match server
        .store
        .decide(viewer.actor(), &unit, decision, Some(seen), comment)
    {
        Ok(()) => back_to(&id, "cycle"),
        Err(error) => refused(&server, "没有记下", &error),
    }
}

/// `place：figure` as (place, figure); a diagnostic or the whole unit has no figure.
fn split_target(target: &str) -> (String, String) {
    match target.rsplit_once('：') {
        Some((place, figure)) if place.contains(" / ") => (place.to_string(), figure.to_string()),
        _ => (target.to_string(), String::new()),
    }
}

/// `POST /unit/{id}/comment`: a comment outside a decision.
pub async fn comment(
    Data(server): Data<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(said): Form<Said>,
) -> Response {
    let Some(unit) = visible(&server, &viewer, &id) else {
        return not_found(&server);
    };
    if !viewer.reviews() {
        return server.message(
            StatusCode::FORBIDDEN,
            "不能写意见",
            "只有审核人和管理员能写审核意见。",
        );
    }
    // A comment is filed under the version its page showed (one of the unit's), else the
    // current one.
    let versions = server.store.versions(&unit).unwrap_or_default();
    let version = match said.version {
        Some(seen) if versions.iter().any(|v| v.id == seen) => Some(seen),
        Some(_) => {
            return server.message(
                StatusCode::CONFLICT,
                "没有记下",
                "这个单位没有页面上说的那个版本：请刷新页面后再写意见。",
            )
        }
        None => versions.first().map(|v| v.id),
    };
    let (target, value) = split_target(&said.target);
    match server
        .store
        .comment(viewer.actor(), &unit, version, &target, &value, &said.body)
    {
        Ok(()) => back_to(&id, "cycle"),
        Err(error) => refused(&server, "没有记下", &error),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_figure_target_splits_into_its_place_and_figure() {
        let (place, figure) =
            super::split_target("预算01表 收支总表 / 本年收入合计 / 预算数：4,675.21");
        assert_eq!(
            (place.as_str(), figure.as_str()),
            ("预算01表 收支总表 / 本年收入合计 / 预算数", "4,675.21")
        );
        let (place, figure) = super::split_target("E12 数字不对：第 3 行");
        assert_eq!(
            (place.as_str(), figure.as_str()),
            ("E12 数字不对：第 3 行", "")
        );
    }
}
