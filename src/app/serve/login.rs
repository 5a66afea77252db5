//! Logging in and out: `GET/POST /login`, `POST /logout`.
//!
//! Wrong passwords are counted per account and per address: after [`PER_ACCOUNT`] in a
//! minute, the account's next attempts in that minute are refused whatever the password, so
//! guessing costs a minute per five guesses.

use super::access::{cookie_name, Viewer};
use super::{blocking, Shared};
use crate::app::store::accounts::LIFE_SECONDS;
use axum::extract::{ConnectInfo, Form, Query, State};
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
    pub fn blocked(&self, login: &str, address: IpAddr) -> bool {
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

    pub fn failed(&self, login: &str, address: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for (key, _) in Self::keys(login, address) {
            failures.entry(key).or_default().push_back(Instant::now());
        }
    }
}

/// The address a request came from: the peer, or, when the peer is this computer (the
/// office's reverse proxy), the last address the proxy added to `X-Forwarded-For`.
pub fn client(peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
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
    next.filter(|n| {
        n.starts_with('/')
            && !n.starts_with("//")
            // A browser drops tabs and line breaks from an address (`/\t/evil.site`) and reads
            // `\` as `/`.
            && !n.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    })
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
        assert_eq!(safe_next(Some("/\t/evil.example/".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example/".into())), "/");
        assert_eq!(safe_next(Some("/\n/x".into())), "/");
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
