//! The workspace with accounts, over real HTTP: who may reach what (every route of another
//! district's unit, by its address and by changed ids), sessions that expire or are forged,
//! the CSRF token of a session, the sixth wrong password in a minute, and data shown as text.

use crate::serve::{multipart, serve_with, workspace, Answer, Served};
use std::path::Path;

/// The admin's login and password in these tests.
pub const ADMIN: (&str, &str) = ("shiju", "city-office-1");
/// The 卫滨区 editor's unit (its data file's stem).
pub const WEIBIN: &str = "weibin-shebao-2023";
/// The 红旗区 unit.
pub const HONGQI: &str = "hongqi-shebao-2023";

/// A workspace of the bundled units with an admin and three accounts: the reviewer `shenhe`,
/// the 卫滨区 editor `weibin` and the 红旗区 editor `hongqi` (password `<login>-password`).
pub fn with_accounts(name: &str) -> Served {
    let served = serve_with(
        workspace(name),
        &["--init-admin", ADMIN.0],
        Some(&format!("{0}\n{0}\n", ADMIN.1)),
    );
    let admin = served.login(ADMIN.0, ADMIN.1);
    for (login, role, units) in [
        ("shenhe", "reviewer", ""),
        ("weibin", "editor", WEIBIN),
        ("hongqi", "editor", HONGQI),
    ] {
        let password = format!("{login}-password");
        let made = admin.post(
            "/accounts",
            &[
                ("login", login),
                ("display", login),
                ("role", role),
                ("units", units),
                ("password", &password),
            ],
        );
        assert_eq!(made.status, 303, "{login}: {}", made.text());
    }
    served
}

/// A logged-in browser: its session cookie and the session's token.
pub struct Session<'a> {
    served: &'a Served,
    /// `Cookie` header value.
    pub cookie: String,
    /// The session's CSRF token.
    pub csrf: String,
}

/// `fields` as a form body.
pub fn form(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (key, value) in fields {
        out.append_pair(key, value);
    }
    out.finish().into_bytes()
}

/// The token in a page's `<meta name="csrf-token">`.
pub fn page_token(html: &str) -> String {
    let start = html
        .find("name=\"csrf-token\" content=\"")
        .expect("a token")
        + 27;
    html[start..].split('"').next().unwrap().to_string()
}

impl Served {
    /// Logs in as `login`; panics unless it works.
    pub fn login(&self, login: &str, password: &str) -> Session<'_> {
        let answer = self.try_login(login, password);
        assert_eq!(answer.status, 303, "{login} logs in: {}", answer.text());
        let cookie = answer
            .header("set-cookie")
            .and_then(|c| c.split(';').next())
            .expect("a session cookie")
            .to_string();
        let board = self.request("GET", "/", &[("Cookie", &cookie)], b"");
        assert_eq!(board.status, 200);
        Session {
            served: self,
            csrf: page_token(&board.text()),
            cookie,
        }
    }

    /// Sends the login form with the login page's token.
    pub fn try_login(&self, login: &str, password: &str) -> Answer {
        let page = self.get("/login").text();
        let body = form(&[
            ("csrf", &page_token(&page)),
            ("login", login),
            ("password", password),
            ("next", "/"),
        ]);
        self.request(
            "POST",
            "/login",
            &[("Content-Type", "application/x-www-form-urlencoded")],
            &body,
        )
    }
}

impl Session<'_> {
    /// `GET path` in this session.
    pub fn get(&self, path: &str) -> Answer {
        self.served
            .request("GET", path, &[("Cookie", &self.cookie)], b"")
    }

    /// Posts a form with the session's token.
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.served.request(
            "POST",
            path,
            &[
                ("Cookie", &self.cookie),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            &form(&all),
        )
    }

    /// Uploads `bytes` as `file_name` to `path` with the session's token.
    pub fn upload(&self, path: &str, file_name: &str, bytes: &[u8]) -> Answer {
        let (kind, body) = multipart(&[
            ("csrf", None, self.csrf.as_bytes()),
            ("file", Some(file_name), bytes),
        ]);
        self.served.request(
            "POST",
            path,
            &[("Cookie", &self.cookie), ("Content-Type", &kind)],
            &body,
        )
    }
}

fn data(dir: &Path, unit: &str) -> Vec<u8> {
    std::fs::read(dir.join("data").join(format!("{unit}.yaml"))).unwrap()
}

#[test]
fn a_district_editor_reaches_only_its_own_unit_by_every_route() {
    let served = with_accounts("access");
    let weibin = served.login("weibin", "weibin-password");
    let board = weibin.get("/").text();
    assert!(board.contains("卫滨区社会保险中心"), "{board}");
    for other in [
        "红旗区社会保险中心",
        "新乡市社会保险中心",
        "封丘县社会保险中心",
    ] {
        assert!(!board.contains(other), "the board shows {other}");
    }
    assert!(!board.contains("action=\"/upload\"") && !board.contains("/publish"));
    assert_eq!(weibin.get(&format!("/unit/{WEIBIN}.yaml")).status, 200);
    let hongqi_before = data(&served.dir, HONGQI);
    let unit = format!("/unit/{HONGQI}.yaml");
    // Reading and downloading, and the same unit under other names.
    let mut reads: Vec<String> = vec![
        unit.clone(),
        format!("{unit}/page/1"),
        format!("/unit/{HONGQI}.xlsx"),
        format!("/unit/{HONGQI}"),
        format!("/unit/..%2Fdata%2F{HONGQI}.yaml"),
        format!("/unit/%2E%2E/{HONGQI}.yaml"),
    ];
    for what in ["pdf", "docx", "xlsx", "workbook", "yaml", "next-year"] {
        reads.push(format!("{unit}/download/{what}"));
    }
    for path in &reads {
        let answer = weibin.get(path);
        assert!(
            matches!(answer.status, 403 | 404),
            "{path}: {}",
            answer.status
        );
        assert!(
            !answer.text().contains("红旗区社会保险中心"),
            "{path} tells the unit's name"
        );
        assert!(answer.header("location").is_none(), "{path} redirects");
    }
    // Changing it: upload, submit, review, comment, drafts.
    let upload = weibin.upload(&format!("{unit}/upload"), "x.yaml", &hongqi_before);
    assert!(
        matches!(upload.status, 403 | 404),
        "upload: {}",
        upload.status
    );
    for path in ["submit", "return", "approve", "comment", "draft/delete"] {
        let answer = weibin.post(&format!("{unit}/{path}"), &[("body", "x")]);
        assert!(
            matches!(answer.status, 403 | 404),
            "{path}: {}",
            answer.status
        );
    }
    // What only the city office does.
    for path in ["/build", "/publish", "/accounts"] {
        let answer = weibin.post(
            path,
            &[("login", "x"), ("role", "admin"), ("password", "12345678")],
        );
        assert_eq!(answer.status, 403, "{path}: {}", answer.text());
    }
    assert_eq!(
        weibin
            .post("/accounts/1/units", &[("units", HONGQI)])
            .status,
        403
    );
    assert_eq!(weibin.get("/download/all.zip").status, 403);
    assert!(!weibin.get("/build/status").text().contains("红旗区"));
    let new_unit = weibin.upload("/upload", "x.yaml", &hongqi_before);
    assert_eq!(new_unit.status, 403);
    assert_eq!(
        data(&served.dir, HONGQI),
        hongqi_before,
        "红旗区's data is untouched"
    );
    // The reviewer reads every unit but changes none.
    let shenhe = served.login("shenhe", "shenhe-password");
    assert_eq!(shenhe.get(&unit).status, 200);
    assert_eq!(
        shenhe
            .upload(&format!("{unit}/upload"), "x.yaml", &hongqi_before)
            .status,
        403
    );
}

#[test]
fn forged_expired_and_tokenless_requests_are_refused() {
    let served = with_accounts("sessions");
    // No session: pages lead to the login, changes are refused.
    let anonymous = served.get("/");
    assert_eq!(anonymous.status, 303);
    assert!(anonymous.header("location").unwrap().starts_with("/login"));
    let submit = format!("/unit/{WEIBIN}.yaml/submit");
    assert_eq!(served.request("POST", &submit, &[], b"").status, 401);
    let forged = format!("yusuan-session-{}={}", served.addr.port(), "ab".repeat(32));
    assert_eq!(
        served
            .request("GET", "/", &[("Cookie", &forged)], b"")
            .status,
        303
    );
    // The cookie is HttpOnly and SameSite.
    let answer = served.try_login("weibin", "weibin-password");
    let cookie = answer.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("weibin-password"));
    // A session's changes need its own token: none, another's, the login page's.
    let weibin = served.login("weibin", "weibin-password");
    let other = served.login("weibin", "weibin-password");
    let login_token = page_token(&served.get("/login").text());
    for token in [None, Some(other.csrf.as_str()), Some(login_token.as_str())] {
        let mut fields = vec![];
        if let Some(token) = token {
            fields.push(("csrf", token));
        }
        let answer = served.request(
            "POST",
            &submit,
            &[
                ("Cookie", &weibin.cookie),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            &crate::accounts::form(&fields),
        );
        assert_eq!(answer.status, 403, "token {token:?}: {}", answer.text());
    }
    let (kind, body) = multipart(&[("file", Some("x.yaml"), &data(&served.dir, WEIBIN))]);
    let tokenless_upload = served.request(
        "POST",
        &format!("/unit/{WEIBIN}.yaml/upload"),
        &[("Cookie", &weibin.cookie), ("Content-Type", &kind)],
        &body,
    );
    assert_eq!(tokenless_upload.status, 403);
    // A session expired in the database is refused.
    let db = rusqlite::Connection::open(served.dir.join("yusuan.db")).unwrap();
    db.execute("UPDATE sessions SET expires_at = 0", [])
        .unwrap();
    assert_eq!(weibin.get("/").status, 303, "expired");
    assert_eq!(other.get("/").status, 303, "expired");
}

#[test]
fn the_sixth_wrong_password_in_a_minute_is_refused_whatever_the_password() {
    let served = with_accounts("limits");
    for attempt in 1..=5 {
        let answer = served.try_login("hongqi", &format!("guess-{attempt}"));
        assert_eq!(answer.status, 401, "attempt {attempt}");
        assert!(answer.text().contains("登录名或密码不对"));
    }
    let sixth = served.try_login("hongqi", "hongqi-password");
    assert_eq!(sixth.status, 429, "{}", sixth.text());
    assert!(sixth.header("set-cookie").is_none());
    assert!(sixth.text().contains("请过一分钟再试"));
    // Another account is not held up by it.
    served.login("weibin", "weibin-password");
}

#[test]
fn a_password_change_ends_the_other_sessions_and_comments_show_as_text() {
    let served = with_accounts("password");
    let here = served.login("weibin", "weibin-password");
    let there = served.login("weibin", "weibin-password");
    let changed = here.post(
        "/account/password",
        &[
            ("current", "weibin-password"),
            ("password", "new-password-2"),
            ("again", "new-password-2"),
        ],
    );
    assert_eq!(changed.status, 303, "{}", changed.text());
    assert_eq!(there.get("/").status, 303, "the other session ended");
    assert_eq!(here.get("/").status, 200, "this one goes on");
    assert_eq!(served.try_login("weibin", "weibin-password").status, 401);
    served.login("weibin", "new-password-2");
    // A comment is shown as text.
    let shenhe = served.login("shenhe", "shenhe-password");
    let said = shenhe.post(
        &format!("/unit/{WEIBIN}.yaml/comment"),
        &[
            ("target", ""),
            ("body", "<script>alert('x')</script> 请核对"),
        ],
    );
    assert_eq!(said.status, 303, "{}", said.text());
    let page = here.get(&format!("/unit/{WEIBIN}.yaml")).text();
    assert!(
        page.contains("&lt;script&gt;alert("),
        "the comment is on the page, escaped"
    );
    assert!(!page.contains("<script>alert"));
}

#[test]
fn other_addresses_are_refused_until_the_workspace_has_accounts() {
    let dir = workspace("listen");
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["serve", "--listen", "0.0.0.0:0"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("还没有账户") && said.contains("--init-admin"),
        "{said}"
    );
    let short = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["serve", "--listen", "127.0.0.1:0", "--init-admin", "a"])
        .arg(&dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    short
        .stdin
        .as_ref()
        .unwrap()
        .write_all(b"short\nshort\n")
        .unwrap();
    let out = short.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("至少要 8 个字符"));
    let served = serve_with(
        dir,
        &["--init-admin", "admin"],
        Some("long-enough-1\nlong-enough-1\n"),
    );
    let dir = served.kill();
    // With an account, every address may listen.
    let open = serve_with_listen(&dir, "0.0.0.0:0");
    let port = open.addr.port();
    let answer = std::net::TcpStream::connect(("127.0.0.1", port));
    assert!(answer.is_ok());
    drop(open);
    let _ = std::fs::remove_dir_all(dir);
}

fn serve_with_listen(dir: &Path, listen: &str) -> Served {
    let mut served = serve_with(dir.to_path_buf(), &["--listen", listen], None);
    served.addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    served
}

#[test]
fn the_admin_binds_known_units_disables_and_resets_and_a_draft_is_never_submitted_unseen() {
    let served = with_accounts("admin");
    let admin = served.login(ADMIN.0, ADMIN.1);
    let refused = admin.post(
        "/accounts",
        &[
            ("login", "x"),
            ("role", "editor"),
            ("units", "weibin-shebao-2023.yaml；nowhere"),
            ("password", "x-password"),
        ],
    );
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .text()
            .contains("没有“weibin-shebao-2023.yaml；nowhere”这个单位"),
        "{}",
        refused.text()
    );
    // A unit may be named by its 单位名称.
    let made = admin.post(
        "/accounts",
        &[
            ("login", "muye"),
            ("role", "editor"),
            ("units", "牧野区社会保险中心"),
            ("password", "muye-password"),
        ],
    );
    assert_eq!(made.status, 303, "{}", made.text());
    let muye = served.login("muye", "muye-password");
    assert!(muye.get("/").text().contains("牧野区社会保险中心"));
    let page = admin.get("/account").text();
    assert!(
        page.contains("value=\"muye-shebao-2023\""),
        "bound to the unit's file"
    );
    let db = rusqlite::Connection::open(served.dir.join("yusuan.db")).unwrap();
    let id: i64 = db
        .query_row("SELECT id FROM accounts WHERE login = 'muye'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        admin.post("/accounts/abc/units", &[("units", "")]).status,
        404
    );
    assert_eq!(
        admin.post("/accounts/999/units", &[("units", "")]).status,
        404
    );
    // Disabled: its session ends and it cannot log in; a reset password works.
    assert_eq!(
        admin
            .post(&format!("/accounts/{id}/disabled"), &[("disabled", "1")])
            .status,
        303
    );
    assert_eq!(muye.get("/").status, 303);
    assert_eq!(served.try_login("muye", "muye-password").status, 401);
    assert_eq!(
        admin
            .post(&format!("/accounts/{id}/disabled"), &[("disabled", "0")])
            .status,
        303
    );
    assert_eq!(
        admin
            .post(
                &format!("/accounts/{id}/password"),
                &[("password", "reset-password-3")]
            )
            .status,
        303
    );
    served.login("muye", "reset-password-3");
    let me: i64 = db
        .query_row("SELECT id FROM accounts WHERE login = ?1", [ADMIN.0], |r| {
            r.get(0)
        })
        .unwrap();
    let own = admin.post(
        &format!("/accounts/{me}/password"),
        &[("password", "without-the-old-1")],
    );
    assert_eq!(own.status, 409, "one's own password needs the current one");
    // The current password is guessed no faster on the password page than at the login.
    let weibin = served.login("weibin", "weibin-password");
    for n in 0..5 {
        let wrong = weibin.post(
            "/account/password",
            &[
                ("current", &format!("guess-{n}")),
                ("password", "new-password-9"),
                ("again", "new-password-9"),
            ],
        );
        assert_eq!(wrong.status, 422);
    }
    let sixth = weibin.post(
        "/account/password",
        &[
            ("current", "weibin-password"),
            ("password", "new-password-9"),
            ("again", "new-password-9"),
        ],
    );
    assert_eq!(sixth.status, 429, "{}", sixth.text());
    // A draft with errors waits: submitting the older data is refused until it is dealt with.
    let hongqi = served.login("hongqi", "hongqi-password");
    let broken = String::from_utf8(data(&served.dir, HONGQI))
        .unwrap()
        .replacen("amount: ", "amount: 1", 1);
    let kept = hongqi.upload(
        &format!("/unit/{HONGQI}.yaml/upload"),
        "h.yaml",
        broken.as_bytes(),
    );
    assert_eq!(kept.status, 303);
    assert!(kept.header("location").unwrap().ends_with("#draft"));
    let submit = hongqi.post(&format!("/unit/{HONGQI}.yaml/submit"), &[]);
    assert_eq!(submit.status, 409, "{}", submit.text());
    assert!(submit.text().contains("草稿"));
}
