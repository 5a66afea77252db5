//! Accounts: `GET /account` (one's own password; for the admin every account and the audit
//! log), `POST /account/password`, and for the admin `POST /accounts` (a new account) and
//! `POST /accounts/{id}/units`.

use super::access::Viewer;
use super::{blocking, Shared};
use crate::app::store::accounts::Role;
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;

#[derive(serde::Serialize)]
struct AccountPage<'a> {
    #[serde(flatten)]
    frame: super::pages::Frame<'a>,
    accounts: Vec<AccountRow>,
    units: Vec<String>,
    done: Option<String>,
    /// The newest lines of the audit log (the admin's page only).
    log: Vec<LogLine>,
}

#[derive(serde::Serialize)]
struct LogLine {
    when: String,
    who: String,
    action: String,
    unit: String,
    detail: String,
}

/// An audit log action as the page names it.
fn action_label(action: &str) -> &str {
    match action {
        "login" => "登录",
        "login-refused" => "登录被拒",
        "version" => "新版本",
        "submit" => "提交",
        "returned" => "退回",
        "approved" => "审核通过",
        "comment" => "意见",
        "publish" => "发布",
        "account" => "账户",
        "password" => "更改密码",
        other => other,
    }
}

/// How many lines of the audit log the admin's page shows.
const LOG_LINES: usize = 100;

#[derive(serde::Serialize)]
struct AccountRow {
    id: i64,
    login: String,
    display: String,
    role: &'static str,
    units: Vec<String>,
}

/// What `/account` may say after a change.
#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /account`: one's password, and for the admin every account.
pub async fn account_page(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Query(done): Query<Done>,
) -> Response {
    if viewer.account.is_none() {
        return server.message(
            StatusCode::NOT_FOUND,
            "没有账户",
            "这个工作台没有账户：只在本机使用。用 yusuan serve --init-admin 建立第一个账户。",
        );
    }
    let mut accounts = Vec::new();
    let mut units = Vec::new();
    let mut log = Vec::new();
    if viewer.administers() {
        log = (server
            .store
            .audit(None, LOG_LINES)
            .unwrap_or_default()
            .into_iter())
        .map(|entry| LogLine {
            when: super::pages::when(
                std::time::UNIX_EPOCH + std::time::Duration::from_secs(entry.at.max(0) as u64),
            ),
            who: entry.who,
            action: action_label(&entry.action).to_string(),
            unit: entry.unit,
            detail: entry.detail,
        })
        .collect();
        accounts = server
            .store
            .accounts()
            .unwrap_or_default()
            .into_iter()
            .map(|a| AccountRow {
                id: a.id,
                login: a.login,
                display: a.display,
                role: a.role.label(),
                units: a.units,
            })
            .collect();
        units = (server.workspace.unit_files().unwrap_or_default().iter())
            .map(|p| super::workspace::stem(&super::workspace::file_name(p)).to_string())
            .collect();
    }
    let done = match done.done.as_deref() {
        Some("password") => Some("密码已更改；用这个账户在别处的登录都已结束。".to_string()),
        Some("created") => Some("账户已建立。".to_string()),
        Some("units") => Some("账户的单位已更改。".to_string()),
        _ => None,
    };
    server.html(
        "account.html",
        AccountPage {
            frame: server.frame(&viewer),
            accounts,
            units,
            done,
            log,
        },
    )
}

/// The password form.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NewPassword {
    current: String,
    password: String,
    again: String,
}

/// `POST /account/password`: the viewer's own password; the account's other sessions end.
pub async fn change_password(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<NewPassword>,
) -> Response {
    let Some(account) = viewer.account.clone() else {
        return server.message(StatusCode::NOT_FOUND, "没有账户", "");
    };
    if form.password != form.again {
        return server.message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "密码没有更改",
            "两次输入的新密码不一样。",
        );
    }
    let work = server.clone();
    let session = viewer.session.clone();
    let done = blocking(move || {
        if work
            .store
            .check_password(&account.login, &form.current)?
            .is_none()
        {
            anyhow::bail!("现在的密码不对。");
        }
        work.store.set_password(
            account.actor(),
            account.id,
            &form.password,
            session.as_deref(),
        )
    })
    .await;
    match done {
        Ok(()) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/account?done=password")],
        )
            .into_response(),
        Err(error) => server.message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "密码没有更改",
            &format!("{error:#}"),
        ),
    }
}

/// The new-account form (every field may be missing: the permission is checked first).
#[derive(serde::Deserialize)]
#[serde(default)]
#[derive(Default)]
pub struct NewAccount {
    login: String,
    display: String,
    role: String,
    password: String,
    units: String,
}

/// The units of a form's `units` field: one per line or separated by commas.
fn listed_units(text: &str) -> Vec<String> {
    text.split(['\n', ',', '，', '、'])
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .collect()
}

/// `POST /accounts`: a new account (the admin only).
pub async fn create(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Form(form): Form<NewAccount>,
) -> Response {
    if !viewer.administers() || viewer.account.is_none() {
        return server.message(
            StatusCode::FORBIDDEN,
            "不能建立账户",
            "只有管理员能建立账户。",
        );
    }
    let Some(role) = Role::parse(&form.role) else {
        return server.message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "没有建立账户",
            "没有这种角色。",
        );
    };
    let work = server.clone();
    let actor = viewer.actor();
    let done = blocking(move || {
        work.store.create_account(
            actor,
            &form.login,
            &form.display,
            role,
            &form.password,
            &listed_units(&form.units),
        )
    })
    .await;
    match done {
        Ok(_) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/account?done=created")],
        )
            .into_response(),
        Err(error) => server.message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "没有建立账户",
            &format!("{error:#}"),
        ),
    }
}

/// The units form.
#[derive(serde::Deserialize)]
pub struct Units {
    #[serde(default)]
    units: String,
}

/// `POST /accounts/{id}/units`: the units an account is bound to (the admin only).
pub async fn set_units(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<i64>,
    Form(form): Form<Units>,
) -> Response {
    if !viewer.administers() || viewer.account.is_none() {
        return server.message(
            StatusCode::FORBIDDEN,
            "不能更改账户",
            "只有管理员能更改账户的单位。",
        );
    }
    match server
        .store
        .set_units(viewer.actor(), id, &listed_units(&form.units))
    {
        Ok(()) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, "/account?done=units")],
        )
            .into_response(),
        Err(error) => server.failed("无法更改账户", &error),
    }
}
