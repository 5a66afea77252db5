//! The workspace killed at the worst moments (SIGKILL: nothing of it runs after) and started
//! again: no accepted version is lost, no half-written file stays, and the database and the
//! files agree; `yusuan backup` taken while uploads run holds every version committed before
//! it began.

use crate::serve::{serve, workspace, Served};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn sha256(bytes: &[u8]) -> String {
    yusuan::app::serve::workspace::sha256_hex(bytes)
}

/// Every file under `dir`, relative, with `/`.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(
                    path.strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    out.sort();
    out
}

/// The database's versions: (unit, sha256, file).
fn versions(db: &Path) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT unit, sha256, file FROM versions ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The database and the files agree: every version's file is whole (its SHA-256), no history
/// file is unrecorded, each unit's data file is its newest version, and nothing temporary
/// remains.
fn assert_agree(dir: &Path) {
    let recorded = versions(&dir.join("yusuan.db"));
    let data = dir.join("data");
    for (unit, sha, file) in &recorded {
        let bytes =
            std::fs::read(data.join(file)).unwrap_or_else(|_| panic!("{unit}: {file} is gone"));
        assert_eq!(&sha256(&bytes), sha, "{file} is whole");
    }
    for file in files_under(&data) {
        assert!(!file.ends_with(".tmp"), "left over: {file}");
        if file.starts_with("history/") {
            assert!(
                recorded.iter().any(|(_, _, f)| *f == file),
                "unrecorded: {file}"
            );
        }
    }
    for (unit, _, _) in &recorded {
        let newest = recorded.iter().rev().find(|(u, _, _)| u == unit).unwrap();
        // (A unit whose file was deleted by hand has no data file to compare.)
        let Ok(bytes) = std::fs::read(data.join(format!("{unit}.yaml"))) else {
            continue;
        };
        assert_eq!(
            sha256(&bytes),
            newest.1,
            "{unit}'s data file is its newest version"
        );
    }
}

/// The 卫滨区 data with a comment that makes the bytes `n`'s own (the booklet is the same).
fn variant(base: &[u8], n: usize) -> Vec<u8> {
    let mut bytes = base.to_vec();
    bytes.extend_from_slice(format!("\n# 第 {n} 次上传\n").as_bytes());
    bytes
}

/// The bundled 卫滨区 data.
fn weibin() -> Vec<u8> {
    std::fs::read(crate::root().join("data/weibin-shebao-2023.yaml")).unwrap()
}

/// Uploads variants `first`, `first + 1` … of the 卫滨区 data from `threads` threads until
/// `stop`; the variants the server accepted (answered with the saved page), with when the
/// answer came.
fn upload_until(
    served: &Served,
    first: usize,
    threads: usize,
    stop: Arc<AtomicBool>,
) -> Vec<(usize, Instant)> {
    let base = weibin();
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let token = served.token();
    std::thread::scope(|scope| {
        for thread in 0..threads {
            let (stop, accepted, base, token) =
                (stop.clone(), accepted.clone(), base.clone(), token.clone());
            let addr = served.addr;
            scope.spawn(move || {
                let mut n = first + thread;
                while !stop.load(Ordering::SeqCst) {
                    let bytes = variant(&base, n);
                    let (kind, body) = crate::serve::multipart(&[
                        ("csrf", None, token.as_bytes()),
                        ("file", Some("w.yaml"), &bytes),
                    ]);
                    if let Some(location) =
                        raw_post(addr, "/unit/weibin-shebao-2023.yaml/upload", &kind, &body)
                    {
                        if location.contains("saved=1") {
                            accepted.lock().unwrap().push((n, Instant::now()));
                        }
                    }
                    n += threads;
                }
            });
        }
    });
    Arc::try_unwrap(accepted).unwrap().into_inner().unwrap()
}

/// A POST that may meet a server killed under it: the `Location` of a complete answer.
fn raw_post(addr: std::net::SocketAddr, path: &str, kind: &str, body: &[u8]) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).ok()?;
    let head = format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n", body.len());
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw);
    text.lines()
        .find_map(|l| l.strip_prefix("location: ").map(str::to_string))
}

#[test]
fn a_server_killed_during_uploads_loses_no_accepted_version_and_leaves_no_half_file() {
    let base = weibin();
    let mut dir = workspace("kill-upload");
    for round in 0..3 {
        let served = serve(dir);
        let stop = Arc::new(AtomicBool::new(false));
        let killer = {
            let stop = stop.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(700 + 400 * round));
                stop.store(true, Ordering::SeqCst);
            })
        };
        // The kill comes while uploads are in flight: the threads go on until `stop`, the
        // server is killed as soon as it is set.
        let accepted = std::thread::scope(|scope| {
            let uploads =
                scope.spawn(|| upload_until(&served, round as usize * 100_000, 4, stop.clone()));
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(5));
            }
            kill_now(served.pid());
            uploads.join().unwrap()
        });
        killer.join().unwrap();
        dir = served.kill();
        assert!(
            !accepted.is_empty(),
            "round {round}: some uploads were accepted"
        );
        // Started again, it finishes or undoes what the kill interrupted.
        let again = serve(dir);
        assert_eq!(again.get("/").status, 200);
        dir = again.kill();
        assert_agree(&dir);
        let shas: Vec<String> = versions(&dir.join("yusuan.db"))
            .into_iter()
            .map(|v| v.1)
            .collect();
        for (n, _) in &accepted {
            assert!(
                shas.contains(&sha256(&variant(&base, *n))),
                "round {round}: accepted upload {n} was lost"
            );
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// SIGKILL, at once, while the uploading threads still send.
fn kill_now(pid: u32) {
    let _ = std::process::Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status();
}

#[test]
fn a_server_killed_while_publishing_leaves_a_whole_publication_or_none() {
    let dir = workspace("kill-publish");
    let served = serve(dir);
    let token = served.token();
    let form = |path: &str| {
        let body = crate::accounts::form(&[("csrf", &token), ("body", "")]);
        served.request(
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            &body,
        )
    };
    for entry in std::fs::read_dir(served.dir.join("data"))
        .unwrap()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".yaml") {
            assert_eq!(form(&format!("/unit/{name}/submit")).status, 303, "{name}");
            assert_eq!(approve(&served, &format!("/unit/{name}")), 303, "{name}");
        }
    }
    let addr = served.addr;
    let publishing = std::thread::spawn(move || {
        let body = crate::accounts::form(&[("csrf", &token)]);
        raw_post(addr, "/publish", "application/x-www-form-urlencoded", &body)
    });
    // Half-way through building the twelve booklets.
    std::thread::sleep(Duration::from_millis(1500));
    let dir = served.kill();
    let _ = publishing.join();
    let again = serve(dir.clone());
    assert_eq!(again.get("/").status, 200);
    let dir = again.kill();
    assert!(
        !files_under(&dir)
            .iter()
            .any(|f| f.starts_with(".publishing-")),
        "a half-built publication stays"
    );
    let conn = rusqlite::Connection::open(dir.join("yusuan.db")).unwrap();
    let folders: Vec<String> = {
        let mut s = conn.prepare("SELECT folder FROM publications").unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let on_disk: Vec<String> = std::fs::read_dir(dir.join("published"))
        .map(|e| {
            e.flatten()
                .map(|e| format!("published/{}", e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        on_disk.len(),
        folders.len(),
        "every published folder is recorded: {on_disk:?} {folders:?}"
    );
    let mut s = conn
        .prepare("SELECT path, sha256 FROM published_files")
        .unwrap();
    for (path, sha) in s
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(Result::unwrap)
    {
        assert_eq!(
            sha256(&std::fs::read(dir.join(&path)).unwrap()),
            sha,
            "{path}"
        );
    }
    let states: Vec<String> = {
        let mut s = conn
            .prepare("SELECT DISTINCT state FROM unit_states")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let expected = if folders.is_empty() {
        "approved"
    } else {
        "published"
    };
    assert_eq!(states, [expected], "all units are in one state");
    assert_agree(&dir);
    // Published again after the restart, it completes.
    let served = serve(dir);
    let token = served.token();
    let body = crate::accounts::form(&[("csrf", &token)]);
    let answer = served.request(
        "POST",
        "/publish",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &body,
    );
    if expected == "approved" {
        assert_eq!(answer.status, 303, "{}", answer.text());
        assert!(served.dir.join("published").read_dir().unwrap().count() == 1);
    }
}

#[test]
fn a_backup_taken_while_uploads_run_holds_every_version_committed_before_it() {
    let served = serve(workspace("backup"));
    let base = weibin();
    let stop = Arc::new(AtomicBool::new(false));
    let (backups, accepted) = std::thread::scope(|scope| {
        let uploads = scope.spawn(|| upload_until(&served, 0, 3, stop.clone()));
        let mut made = Vec::new();
        for n in 0..3 {
            std::thread::sleep(Duration::from_millis(400));
            let out = served.dir.join(format!("backup-{n}"));
            let started = Instant::now();
            let run = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
                .arg("backup")
                .arg(&served.dir)
                .arg("-o")
                .arg(&out)
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
            assert!(String::from_utf8_lossy(&run.stdout).contains("SHA-256 相符"));
            made.push((started, out));
        }
        stop.store(true, Ordering::SeqCst);
        (made, uploads.join().unwrap())
    });
    assert!(!accepted.is_empty());
    for (started, out) in &backups {
        // The copy opens, and each version in it has its whole file.
        let copied = versions(&out.join("yusuan.db"));
        for (_, sha, file) in &copied {
            let bytes = std::fs::read(out.join("data").join(file)).unwrap();
            assert_eq!(&sha256(&bytes), sha, "{file} in the backup");
        }
        let shas: Vec<&String> = copied.iter().map(|v| &v.1).collect();
        for (n, at) in &accepted {
            if at < started {
                let sha = sha256(&variant(&base, *n));
                assert!(
                    shas.contains(&&sha),
                    "upload {n}, accepted before the backup, is in it"
                );
            }
        }
    }
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("backup")
        .arg(&served.dir)
        .arg("-o")
        .arg(&backups[0].1)
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing backup is never overwritten"
    );
}

/// The version a unit's page shows (its review form names it).
pub fn shown_version(served: &Served, unit: &str) -> String {
    let page = served.get(unit).text();
    let marker = "name=\"version\" value=\"";
    let at = page.find(marker).expect("a version on the page") + marker.len();
    page[at..].split('"').next().unwrap().to_string()
}

/// Approves the unit at `unit` (its page's address) as its page would.
pub fn approve(served: &Served, unit: &str) -> u16 {
    let version = shown_version(served, unit);
    post(served, &format!("{unit}/approve"), &[("version", &version)]).status
}

/// Posts a form with the page token of a workspace without accounts.
pub fn post(served: &Served, path: &str, fields: &[(&str, &str)]) -> crate::serve::Answer {
    let token = served.token();
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    served.request(
        "POST",
        path,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        &crate::accounts::form(&all),
    )
}

#[test]
fn what_is_published_is_the_approved_version_and_a_hand_edit_sends_the_unit_back() {
    let served = serve(workspace("approved-version"));
    let unit = "/unit/weibin-shebao-2023.yaml";
    assert_eq!(post(&served, &format!("{unit}/submit"), &[]).status, 303);
    // A decision names the version its reviewer saw: an older one is refused.
    let unnamed = post(&served, &format!("{unit}/approve"), &[]);
    assert_eq!(unnamed.status, 409, "a decision names its version");
    let stale = post(&served, &format!("{unit}/approve"), &[("version", "999")]);
    assert_eq!(stale.status, 409, "{}", stale.text());
    assert!(stale.text().contains("刷新页面"));
    assert_eq!(approve(&served, unit), 303);
    // Changed in the folder after the approval: not published, back to 填报中.
    let file = served.dir.join("data/weibin-shebao-2023.yaml");
    let approved = std::fs::read(&file).unwrap();
    std::fs::write(
        &file,
        [approved.as_slice(), b"\n# changed after the approval\n"].concat(),
    )
    .unwrap();
    let refused = post(&served, "/publish", &[]);
    assert_eq!(refused.status, 409, "{}", refused.text());
    // (The board the form came from noticed the change already; publishing would too.)
    assert!(
        refused.text().contains("直接改动过") || refused.text().contains("没有已审核的单位"),
        "{}",
        refused.text()
    );
    assert!(!served.dir.join("published").exists(), "nothing published");
    let page = served.get(unit).text();
    assert!(page.contains("id=\"state\">填报中"), "back to 填报中");
    assert!(page.contains("数据在审核期间被直接改动过") || page.contains("在文件夹中改动过的数据"));
    // Submitted and approved again, it is published from that version.
    assert_eq!(post(&served, &format!("{unit}/submit"), &[]).status, 303);
    assert_eq!(approve(&served, unit), 303);
    assert_eq!(post(&served, "/publish", &[]).status, 303);
    let conn = rusqlite::Connection::open(served.dir.join("yusuan.db")).unwrap();
    let sha: String = conn
        .query_row(
            "SELECT v.sha256 FROM published_units p JOIN versions v ON v.id = p.version_id WHERE p.unit = 'weibin-shebao-2023'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        sha,
        sha256(&std::fs::read(&file).unwrap()),
        "the version published is recorded"
    );
}

#[test]
fn one_server_per_workspace_and_a_lost_database_loses_no_file() {
    let served = serve(workspace("one-server"));
    let second = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .arg(&served.dir)
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("已经由另一个 yusuan 工作台打开"));
    // Nor through another workspace whose data folder is a link to this one's.
    #[cfg(unix)]
    {
        let other = served.dir.with_extension("linked");
        let _ = std::fs::remove_dir_all(&other);
        std::fs::create_dir_all(&other).unwrap();
        std::os::unix::fs::symlink(served.dir.join("data"), other.join("data")).unwrap();
        let linked = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .arg(&other)
            .output()
            .unwrap();
        assert_eq!(
            linked.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&linked.stderr)
        );
        let _ = std::fs::remove_dir_all(&other);
    }
    let unit = "/unit/hongqi-shebao-2023.yaml";
    let upload = |n: usize| {
        let bytes = [
            std::fs::read(crate::root().join("data/hongqi-shebao-2023.yaml")).unwrap(),
            format!("\n# {n}\n").into_bytes(),
        ]
        .concat();
        assert_eq!(
            served
                .upload(&format!("{unit}/upload"), "h.yaml", &bytes)
                .status,
            303
        );
        bytes
    };
    upload(1);
    let newest = upload(2);
    assert_eq!(post(&served, &format!("{unit}/submit"), &[]).status, 303);
    assert_eq!(approve(&served, unit), 303);
    assert_eq!(post(&served, "/publish", &[]).status, 303);
    let published = files_under(&served.dir.join("published"));
    assert!(!published.is_empty());
    let dir = served.kill();
    // The database is lost: a new one records what is there and removes nothing.
    for name in ["yusuan.db", "yusuan.db-wal", "yusuan.db-shm"] {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let again = serve(dir);
    assert_eq!(again.get("/").status, 200);
    let dir = again.kill();
    assert_eq!(
        files_under(&dir.join("published")),
        published,
        "the publication stays"
    );
    assert_eq!(
        std::fs::read(dir.join("data/hongqi-shebao-2023.yaml")).unwrap(),
        newest,
        "the data file stays the newest"
    );
    assert_agree(&dir);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_backup_is_a_workspace_of_its_own() {
    let served = serve(workspace("restore"));
    let unit = "/unit/weibin-shebao-2023.yaml";
    let bytes = variant(&weibin(), 7);
    assert_eq!(
        served
            .upload(&format!("{unit}/upload"), "w.yaml", &bytes)
            .status,
        303
    );
    assert_eq!(post(&served, &format!("{unit}/submit"), &[]).status, 303);
    assert_eq!(approve(&served, unit), 303);
    assert_eq!(post(&served, "/publish", &[]).status, 303);
    let out = std::env::temp_dir().join(format!("yusuan-restored-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    for inside in [
        "data/history/x",
        "output/../data/x",
        "published/x",
        "nowhere/../data/x",
    ] {
        let refused = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .arg("backup")
            .arg(&served.dir)
            .arg("-o")
            .arg(served.dir.join(inside))
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2), "not into {inside}");
    }
    assert!(
        !served.dir.join("nowhere").exists(),
        "a refused backup leaves no folder"
    );
    assert!(!files_under(&served.dir.join("data"))
        .iter()
        .any(|f| f.contains(".partial")));
    // Changed by hand while the server runs: the backup holds the files as they are.
    let hand = served.dir.join("data/hongqi-shebao-2023.yaml");
    let edited = [std::fs::read(&hand).unwrap(), b"\n# by hand\n".to_vec()].concat();
    std::fs::write(&hand, &edited).unwrap();
    std::fs::remove_file(served.dir.join("data/yanjin-shebao-2023.yaml")).unwrap();
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .arg("backup")
        .arg(&served.dir)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_eq!(
        std::fs::read(out.join("data/weibin-shebao-2023.yaml")).unwrap(),
        bytes,
        "the newest version is the data file"
    );
    assert_eq!(
        files_under(&out.join("published")),
        files_under(&served.dir.join("published"))
    );
    drop(served);
    // Served where it is, the backup is the workspace as it was.
    let restored = serve(out);
    let board = restored.get("/").text();
    assert_eq!(
        board.matches("<tr class=").count(),
        11,
        "the 11 units there were"
    );
    assert_eq!(
        std::fs::read(restored.dir.join("data/hongqi-shebao-2023.yaml")).unwrap(),
        edited
    );
    assert!(board.contains("已发布"));
    let dir = restored.kill();
    assert_agree(&dir);
    let _ = std::fs::remove_dir_all(dir);
}
