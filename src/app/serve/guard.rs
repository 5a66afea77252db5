//! What every request passes before a handler sees it. The server listens on loopback, yet a
//! page of any site the user visits can send requests there: a foreign `Host` (DNS rebinding)
//! or `Origin` is refused, a request that changes something needs the token only the
//! workspace's own pages carry, and every answer tells the browser to run only the
//! workspace's own scripts.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// The header a page's script sends its token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The addresses the server answers to, and the token of its pages.
pub struct Guard {
    hosts: Vec<String>,
    /// The token state-changing requests must carry.
    pub csrf: String,
}

impl Guard {
    /// The guard of a server listening on `addr` (a loopback address).
    pub fn new(addr: SocketAddr) -> anyhow::Result<Guard> {
        let port = addr.port();
        let mut hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
            addr.to_string(),
        ];
        if port == 80 {
            hosts.extend(["127.0.0.1", "localhost", "[::1]"].map(String::from));
        }
        Ok(Guard {
            hosts,
            csrf: random_token()?,
        })
    }

    /// Whether `host` (a `Host` header) names this server.
    pub fn host_allowed(&self, host: &str) -> bool {
        self.hosts
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(host))
    }

    /// Whether `token` is this server's token (compared in constant time).
    pub fn token_matches(&self, token: &str) -> bool {
        let (a, b) = (token.as_bytes(), self.csrf.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// 32 random bytes from the system, hex.
fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("无法取得随机数：{e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Refuses foreign hosts and origins, and cross-site requests that change something without
/// the token (a multipart upload carries it in a field, checked by its handler); adds the
/// security headers to every answer.
pub async fn check(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !guard.host_allowed(host) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "这个地址不是本机的 yusuan 工作台（Host 不符）",
        );
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let own = origin
            .strip_prefix("http://")
            .is_some_and(|rest| guard.host_allowed(rest));
        if !own {
            return refuse(StatusCode::FORBIDDEN, "来自其他网站的请求被拒绝");
        }
    }
    let changes = !matches!(*request.method(), Method::GET | Method::HEAD);
    if changes && !carries_token(&guard, headers) && !is_multipart(headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            "页面已过期（工作台重新启动过），或请求不是从工作台页面发出的：请刷新页面后再试",
        );
    }
    let mut response = next.run(request).await;
    secure(response.headers_mut());
    response
}

/// Whether the request carries the token in its header.
pub fn carries_token(guard: &Guard, headers: &HeaderMap) -> bool {
    headers
        .get(CSRF_HEADER)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|token| guard.token_matches(token))
}

fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"))
}

/// A refusal with its reason, as plain text.
pub fn refuse(status: StatusCode, reason: &str) -> Response {
    let mut response = (status, reason.to_string()).into_response();
    secure(response.headers_mut());
    response
}

fn secure(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "referrer-policy", "no-referrer");
    set(headers, "x-frame-options", "DENY");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_server_s_names_and_token_pass() {
        let guard = Guard::new("127.0.0.1:8000".parse().unwrap()).unwrap();
        assert!(guard.host_allowed("127.0.0.1:8000"));
        assert!(guard.host_allowed("LOCALHOST:8000"));
        assert!(!guard.host_allowed("127.0.0.1:8001"));
        assert!(!guard.host_allowed("evil.example:8000"));
        assert!(!guard.host_allowed(""));
        assert_eq!(guard.csrf.len(), 64);
        assert!(guard.token_matches(&guard.csrf.clone()));
        assert!(!guard.token_matches(&guard.csrf[1..]));
        assert!(!guard.token_matches(&"0".repeat(64)));
        let other = Guard::new("127.0.0.1:8000".parse().unwrap()).unwrap();
        assert_ne!(guard.csrf, other.csrf, "a token per run");
    }
}
