//! Logging in and out, and accounts: `GET/POST /login`, `POST /logout`, `GET /account` (one's
//! own password; the admin's list of accounts), `POST /account/password`, and for the admin
//! `POST /accounts` (a new account) and `POST /accounts/{id}/units`.
//!
//! Wrong passwords are counted per account and per address: after [`PER_ACCOUNT`] in a
//! minute, the account's next attempts in that minute are refused whatever the password, so
//! guessing costs a minute per five guesses.

use super::access::{cookie_name, Viewer};
use super::{blocking, Shared};
use crate::app::store::accounts::{Role, LIFE_SECONDS};
use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords an account may be given in [`WINDOW`].
pub const PER_ACCOUNT: usize = 5;
/// Wrong passwords one address may give in [`WINDOW`], whatever the accounts.
pub const PER_ADDRESS: usize = 20;
/// The window the counts are over.
pub const WINDOW: Duration = Duration::from_secs(60);

/// Recent wrong passwords, by account and by address.
#[derive(Default)]
pub struct Attempts {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Attempts {
    fn keys(login: &str, address: IpAddr) -> [(String, usize); 2] {
        [
            (
                format!("account:{}", login.trim().to_lowercase()),
                PER_ACCOUNT,
            ),
            (format!("address:{address}"), PER_ADDRESS),
        ]
    }

    /// Whether another attempt for `login` from `address` is refused now.
    fn blocked(&self, login: &str, address: IpAddr) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        Self::keys(login, address).iter().any(|(key, limit)| {
            let times = failures.entry(key.clone()).or_default();
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= WINDOW)
            {
                times.pop_front();
            }
            times.len() >= *limit
        })
    }

    fn failed(&self, login: &str, address: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for (key, _) in Self::keys(login, address) {
            failures.entry(key).or_default().push_back(Instant::now());
        }
    }
}

/// The address a request came from: the peer, or, when the peer is this computer (the
/// office's reverse proxy), the last address the proxy added to `X-Forwarded-For`.
fn client(peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
    if peer.ip().is_loopback() {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
        if let Some(address) = forwarded {
            return address;
        }
    }
    peer.ip()
}

/// Whether the browser reached the server over HTTPS (the proxy says so): the cookie is then
/// `Secure`.
fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

#[derive(serde::Serialize)]
struct LoginPage<'a> {
    #[serde(flatten)]
    frame: super::pages::Frame<'a>,
    next: String,
    error: Option<String>,
}

/// Where to go after logging in.
#[derive(serde::Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// Only a path of this site (never `//other.site`) is followed after logging in.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or_else(|| "/".into())
}

/// `GET /login`.
pub async fn page(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    Query(next): Query<Next>,
) -> Response {
    if !server.accounts || viewer.account.is_some() {
        return axum::response::Redirect::to("/").into_response();
    }
    server.html(
        "login.html",
        LoginPage {
            frame: server.frame(&viewer),
            next: safe_next(next.next),
            error: None,
        },
    )
}

/// The login form.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Credentials {
    login: String,
    password: String,
    next: Option<String>,
}

/// `POST /login`.
pub async fn login(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<Credentials>,
) -> Response {
    let next = safe_next(form.next.clone());
    let again = |status: StatusCode, error: &str| {
        let mut page = server.html(
            "login.html",
            LoginPage {
                frame: server.frame(&viewer),
                next: next.clone(),
                error: Some(error.into()),
            },
        );
        *page.status_mut() = status;
        page
    };
    let address = client(peer, &headers);
    if server.attempts.blocked(&form.login, address) {
        let _ = server.store.log(
            crate::app::store::Actor::LOCAL,
            "login-refused",
            "",
            &format!("{} 自 {address}：一分钟内错误太多", form.login),
        );
        return again(
            StatusCode::TOO_MANY_REQUESTS,
            "密码错误的次数太多：请过一分钟再试。",
        );
    }
    let work = server.clone();
    let (login, password) = (form.login.clone(), form.password.clone());
    let checked = blocking(move || work.store.check_password(&login, &password)).await;
    let account = match checked {
        Ok(Some(account)) => account,
        Ok(None) => {
            server.attempts.failed(&form.login, address);
            return again(StatusCode::UNAUTHORIZED, "登录名或密码不对。");
        }
        Err(error) => return server.failed("无法登录", &error),
    };
    let (token, _) = match server.store.open_session(&account) {
        Ok(opened) => opened,
        Err(error) => return server.failed("无法登录", &error),
    };
    let secure = if over_https(&headers) { "; Secure" } else { "" };
    let cookie = format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={LIFE_SECONDS}{secure}",
        cookie_name(server.port)
    );
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, next), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

/// `POST /logout`.
pub async fn logout(
    State(server): State<Shared>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    if let Some(token) = &viewer.session {
        let _ = server.store.close_session(token);
    }
    let cookie = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        cookie_name(server.port)
    );
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/login".to_string()),
            (header::SET_COOKIE, cookie),
        ],
    )
        .into_response()
}

#[derive(serde::Serialize)]
struct AccountPage<'a> {
    #[serde(flatten)]
    frame: super::pages::Frame<'a>,
    accounts: Vec<AccountRow>,
    units: Vec<String>,
    done: Option<String>,
}

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
    if viewer.administers() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_wrong_password_in_a_minute_is_refused_and_counts_are_per_account() {
        let attempts = Attempts::default();
        let here: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..PER_ACCOUNT {
            assert!(!attempts.blocked("weibin", here));
            attempts.failed("weibin", here);
        }
        assert!(
            attempts.blocked("WeiBin", here),
            "names are compared as logins are"
        );
        assert!(!attempts.blocked("hongqi", here), "another account is not");
        assert_eq!(safe_next(Some("//evil.example/".into())), "/");
        assert_eq!(safe_next(Some("/unit/a".into())), "/unit/a");
    }

    #[test]
    fn a_proxy_on_this_computer_names_the_client() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "10.1.2.3, 192.168.0.9".parse().unwrap());
        let proxy: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let other: SocketAddr = "10.0.0.7:5000".parse().unwrap();
        assert_eq!(client(proxy, &headers).to_string(), "192.168.0.9");
        assert_eq!(
            client(other, &headers).to_string(),
            "10.0.0.7",
            "only a local proxy is believed"
        );
    }
}
