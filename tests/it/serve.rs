//! `yusuan serve` over real HTTP: the real executable on a workspace of its own, driven with
//! plain requests as a browser (or an attacker's page) would send them.

use crate::root;
use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running `yusuan serve` on a copy of the bundled units, stopped when dropped.
pub struct Served {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The workspace folder.
    pub dir: PathBuf,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !self.dir.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Served {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server at once (SIGKILL: nothing of it runs after), keeping its workspace.
    pub fn kill(mut self) -> PathBuf {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::take(&mut self.dir)
    }
}

/// A workspace named `name` with the bundled units' data files (the top of `data/`).
pub fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yusuan-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("data")).unwrap();
    for entry in std::fs::read_dir(root().join("data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, dir.join("data").join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// Starts `yusuan serve` on `dir`, on a free loopback port, and waits for its address.
pub fn serve(dir: PathBuf) -> Served {
    serve_with(dir, &[], None)
}

/// Starts `yusuan serve` on `dir` with `args` besides, `stdin` written to it, and waits for its
/// address.
pub fn serve_with(dir: PathBuf, args: &[&str], stdin: Option<&str>) -> Served {
    let listen: &[&str] = if args.contains(&"--listen") {
        &[]
    } else {
        &["--listen", "127.0.0.1:0"]
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("serve")
        .args(listen)
        .args(args)
        .arg(&dir)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("yusuan serve starts");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("http://") {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("yusuan serve ended without an address");
        }
    }
    // The rest of what it says is read (and dropped), so it never waits on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .parse()
        .unwrap();
    Served { child, addr, dir }
}

/// An answer: status, headers (lower-case names), body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        (self.headers.iter())
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Served {
    /// Sends one request; `headers` beside `Host` (its own address unless given).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.addr));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        stream.write_all(head.as_bytes()).unwrap();
        // A server may answer (and close) before it reads a refused body whole.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        parse(&raw)
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Answer {
        self.request("GET", path, &[], b"")
    }

    /// The token the workspace's pages carry.
    pub fn token(&self) -> String {
        let board = self.get("/").text();
        let start = board.find("name=\"csrf-token\" content=\"").unwrap() + 27;
        board[start..start + 64].to_string()
    }

    /// Uploads `bytes` as a file named `file_name` to `path`, with the page's token.
    pub fn upload(&self, path: &str, file_name: &str, bytes: &[u8]) -> Answer {
        let token = self.token();
        let (content_type, body) = multipart(&[
            ("csrf", None, token.as_bytes()),
            ("file", Some(file_name), bytes),
        ]);
        self.request("POST", path, &[("Content-Type", &content_type)], &body)
    }
}

/// A multipart form of `fields` (name, file name, bytes).
pub fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "yusuan-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, file, bytes) in fields {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(file) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes()),
        }
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn parse(raw: &[u8]) -> Answer {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer: {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = unchunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn unchunk(mut rest: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = rest.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&rest[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&rest[end + 2..end + 2 + size]);
        rest = &rest[end + 2 + size + 2..];
    }
}

/// The files under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_board_lists_every_unit_and_a_unit_page_its_booklet() {
    let served = serve(workspace("board"));
    let board = served.get("/");
    assert_eq!(board.status, 200);
    let html = board.text();
    assert_eq!(html.matches("<tr class=").count(), 12, "{html}");
    for name in [
        "新乡市社会保险中心",
        "卫滨区社会保险中心",
        "封丘县社会保险中心",
    ] {
        assert!(html.contains(&format!(">{name}</a>")), "{name}");
    }
    assert!(html.contains("示例数据") && html.contains("henan-2023"));
    let unit = served.get("/unit/xinxiang-shebao-2023.yaml");
    assert_eq!(unit.status, 200);
    let page = unit.text();
    assert!(page.contains("第二部分 新乡市社会保险中心2023年单位预算情况说明"));
    // Every page of the PDF (23), drawn.
    assert_eq!(page.matches("<figure class=\"page\"").count(), 23);
    // The figures of the booklet are in the preview's text, as on its pages.
    assert!(page.contains("11,436.06"), "the preview's text");
    let png = served.get("/unit/xinxiang-shebao-2023.yaml/page/1");
    assert_eq!(png.status, 200);
    assert_eq!(png.header("content-type"), Some("image/png"));
    assert!(png.body.starts_with(b"\x89PNG\r\n\x1a\n") && png.body.len() > 10_000);
    assert_eq!(
        served.get("/unit/xinxiang-shebao-2023.yaml/page/23").status,
        200
    );
    assert_eq!(
        served.get("/unit/xinxiang-shebao-2023.yaml/page/24").status,
        404
    );
    assert_eq!(
        served.get("/unit/xinxiang-shebao-2023.yaml/page/0").status,
        404
    );
    assert_eq!(
        served
            .get("/unit/..%2Fdata%2Fxinxiang-shebao-2023.yaml")
            .status,
        404
    );
    assert_eq!(served.get("/unit/nothing.yaml").status, 404);
}

#[test]
fn a_foreign_host_or_origin_and_a_request_without_the_token_are_refused() {
    let served = serve(workspace("guard"));
    let foreign = served.request("GET", "/", &[("Host", "evil.example")], b"");
    assert_eq!(foreign.status, 421, "DNS rebinding: {}", foreign.text());
    let rebound = served.request(
        "GET",
        "/",
        &[("Host", &format!("evil.example:{}", served.addr.port()))],
        b"",
    );
    assert_eq!(rebound.status, 421);
    assert_eq!(
        served.request("POST", "/build", &[], b"").status,
        403,
        "no token"
    );
    let token = served.token();
    let wrong = served.request("POST", "/build", &[("X-CSRF-Token", &"0".repeat(64))], b"");
    assert_eq!(wrong.status, 403);
    let cross = served.request(
        "POST",
        "/build",
        &[("X-CSRF-Token", &token), ("Origin", "http://evil.example")],
        b"",
    );
    assert_eq!(cross.status, 403, "another site's page");
    // A form upload carries the token in a field: without it, nothing is kept.
    let (kind, body) = multipart(&[("file", Some("x.yaml"), b"unit: {}")]);
    let refused = served.request("POST", "/upload", &[("Content-Type", &kind)], &body);
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert!(files_under(&served.dir.join("data"))
        .iter()
        .all(|f| !f.starts_with("drafts")));
    let started = served.request("POST", "/build", &[("X-CSRF-Token", &token)], b"");
    assert_eq!(started.status, 202, "{}", started.text());
    // Every answer forbids other scripts and framing.
    let board = served.get("/");
    assert!(board
        .header("content-security-policy")
        .is_some_and(|c| c.contains("script-src 'self'")));
    assert_eq!(board.header("x-frame-options"), Some("DENY"));
}

#[test]
fn another_address_than_loopback_is_refused_before_anything_starts() {
    let run = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["serve", "--listen", "0.0.0.0:0"])
        .arg(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2), "a usage error");
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(
        said.contains("0.0.0.0:0") && said.contains("127.0.0.1"),
        "{said}"
    );
}

#[test]
fn an_upload_over_the_limit_is_refused_and_leaves_nothing() {
    let served = serve(workspace("limit"));
    let before = files_under(&served.dir);
    assert!(
        before.contains(&"data/.yusuan.lock".to_string()),
        "the workspace's lock file"
    );
    let huge = vec![b'#'; 9 * 1024 * 1024];
    let answer = served.upload("/unit/xinxiang-shebao-2023.yaml/upload", "big.yaml", &huge);
    assert_eq!(answer.status, 413, "{}", answer.text());
    assert!(answer.text().contains("MB"), "{}", answer.text());
    assert_eq!(files_under(&served.dir), before);
}

#[test]
fn data_with_errors_is_a_draft_and_data_without_replaces_the_unit_keeping_its_history() {
    let served = serve(workspace("upload"));
    let unit = served.dir.join("data/xinxiang-shebao-2023.yaml");
    let original = std::fs::read(&unit).unwrap();
    let text = String::from_utf8(original.clone()).unwrap();
    let wrong = text.replacen("basic: 4675.21", "basic: 4675.31", 1);
    let answer = served.upload(
        "/unit/xinxiang-shebao-2023.yaml/upload",
        "新数据.yaml",
        wrong.as_bytes(),
    );
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(
        answer.header("location"),
        Some("/unit/xinxiang-shebao-2023.yaml#draft")
    );
    assert_eq!(
        std::fs::read(&unit).unwrap(),
        original,
        "the unit's data is unchanged"
    );
    assert_eq!(
        std::fs::read(served.dir.join("data/drafts/xinxiang-shebao-2023.yaml")).unwrap(),
        wrong.as_bytes()
    );
    let page = served.get("/unit/xinxiang-shebao-2023.yaml").text();
    assert!(
        page.contains("草稿") && page.contains("C03") && page.contains("基本支出控制数为 4,675.31"),
        "{page}"
    );
    // The previous data still builds: its preview is there.
    assert!(page.contains("<figure class=\"page\""));

    let right = text.replacen("total: 11462.22", "total: 11500.00", 1);
    let answer = served.upload(
        "/unit/xinxiang-shebao-2023.yaml/upload",
        "改好的.yaml",
        right.as_bytes(),
    );
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(
        answer.header("location"),
        Some("/unit/xinxiang-shebao-2023.yaml?saved=1")
    );
    assert!(served
        .get("/unit/xinxiang-shebao-2023.yaml?saved=1")
        .text()
        .contains("新数据已保存"));
    assert_eq!(std::fs::read(&unit).unwrap(), right.as_bytes());
    assert!(
        !served
            .dir
            .join("data/drafts/xinxiang-shebao-2023.yaml")
            .exists(),
        "the draft is gone"
    );
    // Every version is kept: the original (found when the workspace opened) and the new one.
    let kept = files_under(&served.dir.join("data/history/xinxiang-shebao-2023"));
    assert_eq!(kept.len(), 2, "{kept:?}");
    let sha = yusuan::app::serve::workspace::sha256_hex(&original);
    assert!(
        kept.iter().any(|k| k.ends_with(&format!("-{sha}.yaml"))),
        "{kept:?}"
    );
    let sha = yusuan::app::serve::workspace::sha256_hex(right.as_bytes());
    assert!(
        kept.iter().any(|k| k.ends_with(&format!("-{sha}.yaml"))),
        "{kept:?}"
    );
    // 11,436.06 against 11,500.00 last year: the new change in the preview's text.
    let page = served.get("/unit/xinxiang-shebao-2023.yaml").text();
    assert!(
        page.contains("减少63.94万元"),
        "the new figure in the preview"
    );
    // And what changed since the version kept: the sentences that print the difference, old
    // and new, and no figure of a table.
    let changes = page
        .split("<section class=\"changes\" id=\"changes\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("a 与上一版相比 section");
    // The version it is compared with: the original, found when the workspace opened.
    assert!(changes.contains("与上一版（<code>版本 "), "{changes}");
    assert!(
        !changes.contains("<table"),
        "no table figure changed: {changes}"
    );
    assert_eq!(changes.matches("<del>").count(), 2, "{changes}");
    assert!(
        changes.contains("<del>") && changes.contains("收入减少26.16万元"),
        "{changes}"
    );
    assert!(
        changes.contains("<ins>") && changes.contains("收入减少63.94万元"),
        "{changes}"
    );
}

#[test]
fn two_uploads_at_once_leave_one_whole_version_and_whole_history_entries() {
    let served = serve(workspace("race"));
    let unit = served.dir.join("data/xinxiang-shebao-2023.yaml");
    let original = std::fs::read_to_string(&unit).unwrap();
    let versions: Vec<String> = ["11500.00", "11600.00"]
        .iter()
        .map(|total| original.replacen("total: 11462.22", &format!("total: {total}"), 1))
        .collect();
    std::thread::scope(|scope| {
        for version in &versions {
            let served = &served;
            scope.spawn(move || {
                let answer = served.upload(
                    "/unit/xinxiang-shebao-2023.yaml/upload",
                    "x.yaml",
                    version.as_bytes(),
                );
                assert_eq!(answer.status, 303, "{}", answer.text());
            });
        }
    });
    let now = std::fs::read_to_string(&unit).unwrap();
    assert!(versions.contains(&now), "one whole version");
    let history = served.dir.join("data/history/xinxiang-shebao-2023");
    let kept = files_under(&history);
    assert_eq!(kept.len(), 3, "the original and both uploads: {kept:?}");
    let mut contents: Vec<String> = Vec::new();
    for name in &kept {
        let bytes = std::fs::read(history.join(name)).unwrap();
        let sha = yusuan::app::serve::workspace::sha256_hex(&bytes);
        assert!(name.ends_with(&format!("-{sha}.yaml")), "whole: {name}");
        contents.push(String::from_utf8(bytes).unwrap());
    }
    assert!(contents.contains(&original));
    assert!(
        versions.iter().all(|v| contents.contains(v)),
        "both uploads are versions"
    );
    let first = versions.iter().find(|v| **v != now).unwrap();
    assert!(
        contents.contains(first),
        "the upload replaced by the other is kept too"
    );
    assert!(
        files_under(&served.dir.join("data"))
            .iter()
            .all(|f| !f.contains(".tmp")),
        "no temporary left"
    );
}

#[test]
fn downloads_are_the_bytes_build_writes() {
    let served = serve(workspace("downloads"));
    let out =
        std::env::temp_dir().join(format!("yusuan-built-for-downloads-{}", std::process::id()));
    crate::yusuan_ok(&["build", crate::REFERENCE, "-o", out.to_str().unwrap()]);
    let built = out.join("新乡市社会保险中心");
    let stem = "新乡市社会保险中心2023年单位预算";
    for (what, file) in [
        ("pdf", format!("{stem}.pdf")),
        ("docx", format!("{stem}.docx")),
        ("xlsx", yusuan::base::file_name::annex_workbook_name(stem)),
    ] {
        let answer = served.get(&format!("/unit/xinxiang-shebao-2023.yaml/download/{what}"));
        assert_eq!(answer.status, 200, "{what}");
        assert_eq!(
            answer.body,
            std::fs::read(built.join(&file)).unwrap(),
            "{what} as build writes it"
        );
        assert!(answer
            .header("content-disposition")
            .is_some_and(|d| d.contains("filename*=UTF-8''")));
    }
    let yaml = served.get("/unit/xinxiang-shebao-2023.yaml/download/yaml");
    assert_eq!(
        yaml.body,
        std::fs::read(root().join(crate::REFERENCE)).unwrap()
    );
    let workbook = served.get("/unit/xinxiang-shebao-2023.yaml/download/workbook");
    assert!(workbook.body.starts_with(b"PK\x03\x04"));
    let back =
        yusuan::input::load::SourceFile::from_bytes(Path::new("x.xlsx"), workbook.body.clone());
    let reference = yusuan::input::load::SourceFile::read(&root().join(crate::REFERENCE)).unwrap();
    assert_eq!(
        yusuan::app::convert::canonical(&back.parse().unwrap()),
        yusuan::app::convert::canonical(&reference.parse().unwrap()),
        "the workbook holds the same data"
    );
    let blank = served.get("/blank.xlsx");
    assert!(blank.status == 200 && blank.body.starts_with(b"PK\x03\x04"));
    let _ = std::fs::remove_dir_all(out);
}

#[test]
fn text_from_data_is_shown_as_text() {
    let dir = workspace("escape");
    let unit = dir.join("data/xinxiang-shebao-2023.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    let hostile = text
        .replacen(
            "name: 信息系统维护费",
            "name: \"<script>alert(1)</script>\"",
            1,
        )
        .replacen("410700220000000029838", "410700220000000029839", 1);
    std::fs::write(&unit, hostile).unwrap();
    let served = serve(dir);
    let page = served.get("/unit/xinxiang-shebao-2023.yaml").text();
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script>alert"), "never as markup");
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the workspace's own script"
    );
}

#[test]
fn a_new_unit_uploaded_on_the_board_is_a_draft_until_it_has_no_errors() {
    let served = serve(workspace("new"));
    let reference = std::fs::read_to_string(root().join(crate::REFERENCE)).unwrap();
    let new = reference
        .replace("新乡市社会保险中心", "新乡市医疗保障中心")
        .replacen("basic: 4675.21 ", "basic: 4675.31 ", 1);
    let answer = served.upload("/upload", "医保.yaml", new.as_bytes());
    assert_eq!(answer.status, 303, "{}", answer.text());
    let location = answer.header("location").unwrap().to_string();
    assert!(
        location.starts_with("/unit/") && location.ends_with("#draft"),
        "{location}"
    );
    let board = served.get("/").text();
    assert!(
        board.contains("新乡市医疗保障中心") && board.contains("有草稿"),
        "the draft is on the board"
    );
    assert_eq!(served.unit_files().len(), 12, "no unit file yet");
    let draft = served.get(location.trim_end_matches("#draft"));
    assert_eq!(draft.status, 200);
    assert!(draft.text().contains("C03"));
    // On the draft's page, the data of a unit the workspace has (for this year or another)
    // is refused as on the board: it would clash with that unit.
    let draft_page = format!("{}/upload", location.trim_end_matches("#draft"));
    let next_year = reference.replace("year: 2023", "year: 2024");
    for (data, says) in [
        (&reference, "请在它自己的页面上传"),
        (&next_year, "另一个工作区"),
    ] {
        let answer = served.upload(&draft_page, "x.yaml", data.as_bytes());
        assert_eq!(answer.status, 409, "{}", answer.text());
        assert!(answer.text().contains(says), "{}", answer.text());
    }
    // A unit of another year than the workspace's is refused on the board.
    let shanghai = std::fs::read(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let answer = served.upload("/upload", "上海.yaml", &shanghai);
    assert_eq!(answer.status, 409, "{}", answer.text());
    assert!(
        answer.text().contains("这个工作区是 2023 年的"),
        "{}",
        answer.text()
    );
    // Corrected, on the draft's own page: it becomes the workspace's 13th unit.
    let fixed = new.replacen("basic: 4675.31 ", "basic: 4675.21 ", 1);
    let answer = served.upload(
        &format!("{}/upload", location.trim_end_matches("#draft")),
        "医保.yaml",
        fixed.as_bytes(),
    );
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert_eq!(served.unit_files().len(), 13);
    assert_eq!(
        std::fs::read_to_string(served.dir.join("data/新乡市医疗保障中心-2023.yaml")).unwrap(),
        fixed
    );
    assert!(
        files_under(&served.dir.join("data"))
            .iter()
            .all(|f| !f.starts_with("drafts/")),
        "no draft left"
    );
    // Not data at all: refused, nothing kept.
    let answer = served.upload("/upload", "表.csv", b"a,b\n1,2\n");
    assert_eq!(answer.status, 415, "{}", answer.text());
    let answer = served.upload("/upload", "图.xlsx", b"\x89PNG\r\n\x1a\nnot a workbook");
    assert_eq!(answer.status, 422, "names no unit: {}", answer.text());
    // The same unit for another year belongs in another workspace: its outputs would share
    // the unit's folder.
    let next_year = reference.replace("year: 2023", "year: 2024");
    assert_ne!(next_year, reference);
    let answer = served.upload("/upload", "2024.yaml", next_year.as_bytes());
    assert_eq!(answer.status, 409, "{}", answer.text());
    assert!(answer.text().contains("另一个工作区"));
    assert_eq!(served.unit_files().len(), 13);
    assert!(
        files_under(&served.dir.join("data"))
            .iter()
            .all(|f| !f.starts_with("drafts/")),
        "nothing kept"
    );
}

#[test]
fn data_of_another_unit_never_replaces_a_unit() {
    let served = serve(workspace("other"));
    let fengqiu = served.dir.join("data/fengqiu-shebao-2023.yaml");
    let before = std::fs::read(&fengqiu).unwrap();
    let hongqi = std::fs::read(served.dir.join("data/hongqi-shebao-2023.yaml")).unwrap();
    let answer = served.upload(
        "/unit/fengqiu-shebao-2023.yaml/upload",
        "红旗.yaml",
        &hongqi,
    );
    assert_eq!(answer.status, 409, "{}", answer.text());
    assert!(
        answer.text().contains("红旗区社会保险中心")
            && answer.text().contains("封丘县社会保险中心")
    );
    assert_eq!(std::fs::read(&fengqiu).unwrap(), before);
    assert_eq!(
        files_under(&served.dir.join("data/history/fengqiu-shebao-2023")).len(),
        1,
        "only the version found when the workspace opened"
    );
    assert!(!served.dir.join("data/drafts").exists());
    // A file named like a new unit's but holding another unit is left alone.
    let reference = std::fs::read_to_string(root().join(crate::REFERENCE)).unwrap();
    std::fs::write(
        served.dir.join("data/甲单位-2023.yaml"),
        reference.replace("新乡市社会保险中心", "乙单位"),
    )
    .unwrap();
    let answer = served.upload(
        "/upload",
        "甲.yaml",
        reference.replace("新乡市社会保险中心", "甲单位").as_bytes(),
    );
    assert_eq!(answer.status, 303, "{}", answer.text());
    assert!(
        answer
            .header("location")
            .unwrap()
            .contains(&encoded("甲单位-2023-2.yaml")),
        "{:?}",
        answer.header("location")
    );
    assert!(
        std::fs::read_to_string(served.dir.join("data/甲单位-2023.yaml"))
            .unwrap()
            .contains("乙单位")
    );
    // A draft can be dropped.
    let wrong = reference.replacen("basic: 4675.21 ", "basic: 4675.31 ", 1);
    served.upload(
        "/unit/xinxiang-shebao-2023.yaml/upload",
        "x.yaml",
        wrong.as_bytes(),
    );
    assert!(served
        .dir
        .join("data/drafts/xinxiang-shebao-2023.yaml")
        .exists());
    let token = served.token();
    let dropped = served.request(
        "POST",
        "/unit/xinxiang-shebao-2023.yaml/draft/delete",
        &[("X-CSRF-Token", &token)],
        b"",
    );
    assert_eq!(dropped.status, 303);
    assert!(!served
        .dir
        .join("data/drafts/xinxiang-shebao-2023.yaml")
        .exists());
}

/// `text` percent-encoded as a path segment.
pub fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl Served {
    /// The units' data files in the workspace.
    fn unit_files(&self) -> Vec<PathBuf> {
        yusuan::app::batch::unit_files(&self.dir.join("data")).unwrap()
    }
}

#[test]
fn build_all_goes_past_a_failing_unit_and_zips_everything_with_the_manifest() {
    let dir = workspace("build");
    // One unit that cannot be built: the others are built all the same.
    let broken = dir.join("data/weibin-shebao-2023.yaml");
    let text = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, text.replacen("basic:", "basic: 1 #", 1)).unwrap();
    let served = serve(dir);
    let token = served.token();
    let started = served.request("POST", "/build", &[("X-CSRF-Token", &token)], b"");
    assert_eq!(started.status, 202, "{}", started.text());
    let again = served.request("POST", "/build", &[("X-CSRF-Token", &token)], b"");
    assert!(
        again.status == 409 || again.status == 202,
        "a second press while it runs"
    );
    let status = loop {
        let status: serde_json::Value =
            serde_json::from_slice(&served.get("/build/status").body).unwrap();
        if status["running"] == false && status["done"].as_array().is_some_and(|d| d.len() == 12) {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    let done = status["done"].as_array().unwrap();
    let failed: Vec<&serde_json::Value> = done.iter().filter(|u| u["ok"] == false).collect();
    assert_eq!(failed.len(), 1, "{status}");
    assert!(failed[0]["failure"]
        .as_str()
        .unwrap()
        .contains("weibin-shebao-2023.yaml"));
    let zip = served.get("/download/all.zip");
    assert_eq!(zip.status, 200, "{}", zip.text());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    let names: Vec<String> = archive.file_names().map(String::from).collect();
    assert_eq!(names.len(), 1 + 11 * 3, "{names:?}");
    assert!(names.contains(&"manifest.json".to_string()));
    assert!(names.contains(&"新乡市社会保险中心/新乡市社会保险中心2023年单位预算.pdf".to_string()));
    let mut manifest = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("manifest.json").unwrap(),
        &mut manifest,
    )
    .unwrap();
    assert!(manifest.contains("\"failed\"") && manifest.contains("sha256"));
    // The board shows the built files.
    assert!(served.get("/").text().contains(">PDF</span>"));
}
