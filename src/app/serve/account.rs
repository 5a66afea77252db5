//! Accounts: `GET /account` (one's own password; for the admin every account and the audit
//! log), `POST /account/password`, and for the admin `POST /accounts` (a new account) and
//! `POST /accounts/{id}/units`.

use super::access::Viewer;
use super::{blocking, Shared};
use crate::app::store::accounts::Role;
use axum::extract::{ConnectInfo, Form, Path, Query, State};
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
    /// Whether its units matter (an editor's).
    editor: bool,
    disabled: bool,
    /// Whether it is the viewer's own.
    own: bool,
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
                own: viewer.account.as_ref().is_some_and(|me| me.id == a.id),
                id: a.id,
                login: a.login,
                display: a.display,
                role: a.role.label(),
                units: a.units,
                editor: a.role == Role::Editor,
                disabled: a.disabled,
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
        Some("disabled") => Some("账户已停用：它不能再登录，正在使用的登录已结束。".to_string()),
        Some("enabled") => Some("账户已重新启用。".to_string()),
        Some("reset") => Some(
            "密码已重设，这个账户的登录都已结束：请把新密码告诉本人，登录后自己更改。".to_string(),
        ),
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
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
    Form(form): Form<NewPassword>,
) -> Response {
    let Some(account) = viewer.account.clone() else {
        return server.message(StatusCode::NOT_FOUND, "没有账户", "");
    };
    // The current password is guessed no faster here than at the login.
    let address = super::login::client(peer, &headers);
    if server.attempts.blocked(&account.login, address) {
        return server.message(
            StatusCode::TOO_MANY_REQUESTS,
            "密码没有更改",
            "密码错误的次数太多：请过一分钟再试。",
        );
    }
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
            work.attempts.failed(&account.login, address);
            anyhow::bail!("现在的密码不对。");
        }
        if form.current == form.password {
            anyhow::bail!("新密码和现在的一样。");
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
    let units = match (role, known_units(&server, &form.units)) {
        (Role::Editor, Ok(units)) if units.is_empty() => {
            return server.message(
                StatusCode::UNPROCESSABLE_ENTITY,
                "没有建立账户",
                "填报人要指定至少一个单位：它只看得到这些单位。",
            )
        }
        (Role::Editor, Ok(units)) => units,
        (Role::Editor, Err(why)) => {
            return server.message(StatusCode::UNPROCESSABLE_ENTITY, "没有建立账户", &why)
        }
        // Reviewers and the admin see every unit.
        _ => Vec::new(),
    };
    let work = server.clone();
    let actor = viewer.actor();
    let made = blocking(move || {
        work.store.create_account(
            actor,
            &form.login,
            &form.display,
            role,
            &form.password,
            &units,
        )
    })
    .await;
    match made {
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
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Units {
    units: String,
}

/// The units named in a form, as the workspace's unit ids (data file stems): a unit may be
/// named by its stem, its file name or its 单位名称. An unknown one is refused, naming the
/// units there are.
fn known_units(server: &super::Server, text: &str) -> Result<Vec<String>, String> {
    let mut known: Vec<(String, String, String)> = Vec::new();
    for path in server.workspace.unit_files().unwrap_or_default() {
        let file = super::workspace::file_name(&path);
        let stem = super::workspace::stem(&file).to_string();
        let name = (server.checker.file(&path).ok())
            .and_then(|checked| checked.unit.as_ref().map(|u| u.name.clone()))
            .unwrap_or_default();
        known.push((stem, file, name));
    }
    let mut units = Vec::new();
    for wanted in listed_units(text) {
        match known
            .iter()
            .find(|(stem, file, name)| *stem == wanted || *file == wanted || *name == wanted)
        {
            Some((stem, _, _)) => units.push(stem.clone()),
            None => {
                let names: Vec<String> = known
                    .iter()
                    .map(|(stem, _, name)| format!("{stem}（{name}）"))
                    .collect();
                return Err(format!(
                    "工作区中没有“{wanted}”这个单位。可以写数据文件名（不带扩展名）或单位名称：{}",
                    names.join("、")
                ));
            }
        }
    }
    Ok(units)
}

/// The account an address names (`/accounts/{id}/…`), for the admin.
fn managed(
    server: &super::Server,
    viewer: &Viewer,
    id: &str,
) -> Result<crate::app::store::accounts::Account, Box<Response>> {
    if !viewer.administers() || viewer.account.is_none() {
        return Err(Box::new(server.message(
            StatusCode::FORBIDDEN,
            "不能更改账户",
            "只有管理员能更改账户。",
        )));
    }
    match id.parse::<i64>().ok().map(|id| server.store.account(id)) {
        Some(Ok(Some(account))) => Ok(account),
        Some(Err(error)) => Err(Box::new(server.failed("无法更改账户", &error))),
        _ => Err(Box::new(server.message(
            StatusCode::NOT_FOUND,
            "没有这个账户",
            "",
        ))),
    }
}

fn done(what: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/account?done={what}"))],
    )
        .into_response()
}

/// `POST /accounts/{id}/units`: the units an editor is bound to (the admin only).
pub async fn set_units(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(form): Form<Units>,
) -> Response {
    let account = match managed(&server, &viewer, &id) {
        Ok(account) => account,
        Err(refused) => return *refused,
    };
    let units = match known_units(&server, &form.units) {
        Ok(units) => units,
        Err(why) => {
            return server.message(StatusCode::UNPROCESSABLE_ENTITY, "账户的单位没有更改", &why)
        }
    };
    match server.store.set_units(viewer.actor(), account.id, &units) {
        Ok(()) => done("units"),
        Err(error) => server.failed("无法更改账户", &error),
    }
}

/// The disable form: `disabled` = `1` or `0`.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Disable {
    disabled: String,
}

/// `POST /accounts/{id}/disabled`: disables an account (its sessions end) or enables it again.
pub async fn set_disabled(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(form): Form<Disable>,
) -> Response {
    let account = match managed(&server, &viewer, &id) {
        Ok(account) => account,
        Err(refused) => return *refused,
    };
    let disabled = form.disabled == "1";
    if disabled
        && viewer
            .account
            .as_ref()
            .is_some_and(|me| me.id == account.id)
    {
        return server.message(
            StatusCode::CONFLICT,
            "账户没有停用",
            "不能停用自己正在使用的账户。",
        );
    }
    match server
        .store
        .set_disabled(viewer.actor(), account.id, disabled)
    {
        Ok(()) => done(if disabled { "disabled" } else { "enabled" }),
        Err(error) => server.failed("无法更改账户", &error),
    }
}

/// The reset form.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Reset {
    password: String,
}

/// `POST /accounts/{id}/password`: the admin sets another account's password (someone forgot
/// theirs); its sessions end.
pub async fn reset_password(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    Form(form): Form<Reset>,
) -> Response {
    let account = match managed(&server, &viewer, &id) {
        Ok(account) => account,
        Err(refused) => return *refused,
    };
    if viewer
        .account
        .as_ref()
        .is_some_and(|me| me.id == account.id)
    {
        return server.message(
            StatusCode::CONFLICT,
            "密码没有重设",
            "自己的密码请在“更改密码”中改（要输入现在的密码）。",
        );
    }
    let work = server.clone();
    let actor = viewer.actor();
    match blocking(move || {
        work.store
            .set_password(actor, account.id, &form.password, None)
    })
    .await
    {
        Ok(()) => done("reset"),
        Err(error) => server.message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "密码没有重设",
            &format!("{error:#}"),
        ),
    }
}
