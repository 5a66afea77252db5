//! The workspace's defences against other sites. On loopback without accounts, a page of any
//! site the user visits can still send requests there: a foreign `Host` (DNS rebinding) or
//! `Origin` is refused, a request that changes something needs the token only the workspace's
//! own pages carry, and every answer tells the browser to run only the workspace's own
//! scripts. [`super::access::check`] applies them to every request.

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

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
        same_token(token, &self.csrf)
    }
}

/// 32 random bytes from the system, hex.
fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("无法取得随机数：{e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether the request carries `token` in its header.
pub fn carries_token_of(token: &str, headers: &HeaderMap) -> bool {
    headers
        .get(CSRF_HEADER)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|given| same_token(given, token))
}

/// Whether `given` is `token`, compared in constant time.
pub fn same_token(given: &str, token: &str) -> bool {
    let (a, b) = (given.as_bytes(), token.as_bytes());
    !b.is_empty()
        && a.len() == b.len()
        && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A refusal with its reason, as plain text.
pub fn refuse(status: StatusCode, reason: &str) -> Response {
    let mut response = (status, reason.to_string()).into_response();
    secure(response.headers_mut());
    response
}

/// Adds the headers every answer carries: only the workspace's own scripts, no framing.
pub fn secure(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(headers, "x-content-type-options", "nosniff");
    // Same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with a
    // form's POST, which the origin check must refuse.
    set(headers, "referrer-policy", "same-origin");
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
