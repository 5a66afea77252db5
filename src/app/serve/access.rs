//! Who is asking, and what they may do. Without accounts the workspace is one person's, on
//! this computer only: everything is allowed to whoever reaches the loopback address (the
//! [`super::guard`] keeps other sites out). With accounts every request but the login page
//! needs a session: its cookie names the account, whose role and units decide what it sees,
//! and every request that changes something carries the session's own CSRF token.

use super::guard::{carries_token_of, refuse, secure, Guard};
use super::Shared;
use crate::app::store::accounts::{Account, Role};
use crate::app::store::Actor;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// Who is asking.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The account, when the workspace has accounts and the request a session.
    pub account: Option<Account>,
    /// The token this viewer's forms carry.
    pub csrf: String,
    /// The session's cookie token.
    pub session: Option<String>,
    /// Whether the workspace has accounts (without, the viewer is this computer's user).
    pub accounts: bool,
}

impl Viewer {
    /// Who did it, for the records.
    pub fn actor(&self) -> Actor {
        self.account.as_ref().map_or(Actor::LOCAL, Account::actor)
    }

    fn role(&self) -> Option<Role> {
        self.account.as_ref().map(|a| a.role)
    }

    fn bound_to(&self, unit: &str) -> bool {
        self.account
            .as_ref()
            .is_some_and(|a| a.units.iter().any(|u| u == unit))
    }

    /// Whether it may see the unit `unit` (a data file's stem): the city sees all, an editor
    /// only the units bound to its account.
    pub fn sees(&self, unit: &str) -> bool {
        match self.role() {
            None => !self.accounts,
            Some(Role::Admin | Role::Reviewer) => true,
            Some(Role::Editor) => self.bound_to(unit),
        }
    }

    /// Whether it may change the unit's data and submit it.
    pub fn edits(&self, unit: &str) -> bool {
        match self.role() {
            None => !self.accounts,
            Some(Role::Admin) => true,
            Some(Role::Reviewer) => false,
            Some(Role::Editor) => self.bound_to(unit),
        }
    }

    /// Whether it reviews submissions (returns, approves).
    pub fn reviews(&self) -> bool {
        match self.role() {
            None => !self.accounts,
            Some(role) => role != Role::Editor,
        }
    }

    /// Whether it is the city office: accounts, new units, building everything, publishing.
    pub fn administers(&self) -> bool {
        match self.role() {
            None => !self.accounts,
            Some(role) => role == Role::Admin,
        }
    }
}

/// The name of the session cookie of a server on `port` (two workspaces on one computer, at
/// two ports, keep apart: cookies do not tell ports apart).
pub fn cookie_name(port: u16) -> String {
    format!("yusuan-session-{port}")
}

/// The session token the request's cookie carries.
pub fn session_token(headers: &HeaderMap, port: u16) -> Option<String> {
    let name = cookie_name(port);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// Whether `origin` (an `Origin` header) is the site `host` (the `Host` header) names.
fn same_site(origin: &str, host: &str) -> bool {
    ["http://", "https://"]
        .iter()
        .filter_map(|scheme| origin.strip_prefix(scheme))
        .any(|rest| !host.is_empty() && rest.eq_ignore_ascii_case(host))
}

/// The largest form (not an upload) read for its token.
const FORM_LIMIT: usize = 256 * 1024;

/// What every request passes: foreign hosts and origins refused, the viewer found (or sent to
/// log in), a change without the viewer's token refused, the security headers added.
pub async fn check(State(server): State<Shared>, request: Request, next: Next) -> Response {
    let guard: &Guard = &server.guard;
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    // Without accounts, only this computer's names (DNS rebinding would let a site in); with
    // them, the office's own name behind its proxy is as good as any, and a session decides.
    if !server.accounts && !guard.host_allowed(host) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "这个地址不是本机的 yusuan 工作台（Host 不符）",
        );
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let own = if server.accounts {
            same_site(origin, host)
        } else {
            origin
                .strip_prefix("http://")
                .is_some_and(|rest| guard.host_allowed(rest))
        };
        if !own {
            return refuse(StatusCode::FORBIDDEN, "来自其他网站的请求被拒绝");
        }
    }
    let path = request.uri().path().to_string();
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let viewer = if server.accounts {
        let token = session_token(headers, server.port);
        let found = match token.as_deref().map(|t| server.store.session(t)) {
            Some(Ok(found)) => found,
            Some(Err(error)) => {
                return refuse(StatusCode::INTERNAL_SERVER_ERROR, &format!("{error:#}"))
            }
            None => None,
        };
        match found {
            Some((account, csrf)) => Viewer {
                account: Some(account),
                csrf,
                session: token,
                accounts: true,
            },
            None if path == "/login" || path.starts_with("/assets/") => Viewer {
                account: None,
                csrf: guard.csrf.clone(),
                session: None,
                accounts: true,
            },
            None if changes => {
                return refuse(
                    StatusCode::UNAUTHORIZED,
                    "没有登录，或登录已过期：请刷新页面，重新登录后再试",
                );
            }
            None => {
                let next = super::pages::percent_encode(&path);
                return Redirect::to(&format!("/login?next={next}")).into_response();
            }
        }
    } else {
        Viewer {
            account: None,
            csrf: guard.csrf.clone(),
            session: None,
            accounts: false,
        }
    };
    let mut request = request;
    if changes && !carries_token_of(&viewer.csrf, request.headers()) {
        let kind = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|t| t.to_str().ok())
            .unwrap_or("")
            .to_string();
        if kind.starts_with("application/x-www-form-urlencoded") {
            // A plain form carries its token as a field: read the body for it, then hand the
            // same bytes on.
            let (parts, body) = request.into_parts();
            let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
                return refuse(StatusCode::PAYLOAD_TOO_LARGE, "表单太大");
            };
            let token_ok = form_urlencoded::parse(&bytes).any(|(key, value)| {
                key == "csrf" && super::guard::same_token(&value, &viewer.csrf)
            });
            if !token_ok {
                return stale();
            }
            request = Request::from_parts(parts, Body::from(bytes));
        } else if !kind.starts_with("multipart/form-data") {
            // (An upload carries its token in a field too, checked by its handler.)
            return stale();
        }
    }
    request.extensions_mut().insert(viewer);
    let mut response = next.run(request).await;
    secure(response.headers_mut());
    response
}

fn stale() -> Response {
    refuse(
        StatusCode::FORBIDDEN,
        "页面已过期（工作台重新启动过，或重新登录过），或请求不是从工作台页面发出的：请刷新页面后再试",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(role: Option<Role>, units: &[&str]) -> Viewer {
        Viewer {
            account: role.map(|role| Account {
                id: 1,
                login: "x".into(),
                display: "x".into(),
                role,
                units: units.iter().map(|u| u.to_string()).collect(),
                disabled: false,
            }),
            csrf: String::new(),
            session: None,
            accounts: true,
        }
    }

    #[test]
    fn an_editor_sees_and_edits_only_its_units_and_nobody_without_a_session_anything() {
        let editor = viewer(Some(Role::Editor), &["卫滨区社会保险中心"]);
        assert!(editor.sees("卫滨区社会保险中心") && editor.edits("卫滨区社会保险中心"));
        assert!(!editor.sees("红旗区社会保险中心") && !editor.edits("红旗区社会保险中心"));
        assert!(!editor.reviews() && !editor.administers());
        let reviewer = viewer(Some(Role::Reviewer), &[]);
        assert!(reviewer.sees("红旗区社会保险中心") && !reviewer.edits("红旗区社会保险中心"));
        assert!(reviewer.reviews() && !reviewer.administers());
        let admin = viewer(Some(Role::Admin), &[]);
        assert!(admin.edits("红旗区社会保险中心") && admin.administers());
        let nobody = viewer(None, &[]);
        assert!(!nobody.sees("卫滨区社会保险中心") && !nobody.reviews() && !nobody.administers());
        let local = Viewer {
            accounts: false,
            ..nobody
        };
        assert!(local.sees("u") && local.edits("u") && local.administers());
    }

    #[test]
    fn cookies_and_origins_are_read_strictly() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; yusuan-session-8000=abc; yusuan-session-8001=def"
                .parse()
                .unwrap(),
        );
        assert_eq!(session_token(&headers, 8000).as_deref(), Some("abc"));
        assert_eq!(session_token(&headers, 8001).as_deref(), Some("def"));
        assert_eq!(session_token(&headers, 9000), None);
        assert!(same_site("https://yusuan.example.cn", "yusuan.example.cn"));
        assert!(!same_site("https://evil.example", "yusuan.example.cn"));
        assert!(!same_site("null", ""));
    }
}
