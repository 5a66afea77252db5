//! The workspace in a real browser: headless Chromium driven through chromedriver (Debian's
//! `chromium` and `chromium-driver`), as a finance officer uses it. Without them installed the
//! test is skipped, saying so, except where `YUSUAN_REQUIRE_BROWSER` is set (CI installs them).

use super::serve::{serve, workspace, Served};
use crate::{root, which, yusuan_ok};
use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// chromedriver on a free port, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// chromedriver and Chromium, when both are installed.
pub fn driver() -> Option<Driver> {
    let (Some(chromedriver), Some(chromium)) = (which("chromedriver"), which("chromium")) else {
        assert!(
            std::env::var_os("YUSUAN_REQUIRE_BROWSER").is_none(),
            "chromium and chromedriver are required here"
        );
        eprintln!(
            "chromium or chromedriver not installed: the workspace was not tested in a browser"
        );
        return None;
    };
    let _ = chromium;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    // It listens a moment after it starts.
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let profile =
        std::env::temp_dir().join(format!("yusuan-chromium-{}-{port}", std::process::id()));
    Some(Driver {
        child,
        port,
        profile,
    })
}

pub async fn browser(driver: &Driver) -> Client {
    let chromium = which("chromium").unwrap();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1500",
                format!("--user-data-dir={}", driver.profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

/// Where the tests leave their screenshots (the README shows them).
pub fn screenshots() -> PathBuf {
    let dir = root().join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The reference data with `from` replaced by `to`, as a data workbook in `dir`.
fn workbook(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join(crate::REFERENCE)).unwrap();
    assert!(text.contains(from), "{from}");
    let yaml = dir.join(format!("{name}.yaml"));
    std::fs::write(&yaml, text.replacen(from, to, 1)).unwrap();
    let xlsx = dir.join(format!("{name}.xlsx"));
    yusuan_ok(&["convert", yaml.to_str().unwrap(), xlsx.to_str().unwrap()]);
    xlsx
}

/// The page's whole text, hidden parts (a preview page's text) included.
pub async fn text_of(client: &Client) -> String {
    let text = client
        .execute("return document.body.textContent", Vec::new())
        .await
        .unwrap();
    text.as_str().unwrap_or_default().to_string()
}

/// Chooses `file` in the upload form: the page's script sends it, and the browser goes where
/// the server says.
pub async fn upload(client: &Client, file: &Path) {
    let input = client
        .find(Locator::Css("form[data-upload] input[type=file]"))
        .await
        .unwrap();
    input.send_keys(file.to_str().unwrap()).await.unwrap();
}

pub async fn wait_for(client: &Client, what: &str, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"))
}

#[test]
fn a_finance_officer_checks_uploads_fixes_and_downloads_in_a_browser() {
    let Some(driver) = driver() else {
        return;
    };
    let served = serve(workspace("browser"));
    let files = std::env::temp_dir().join(format!("yusuan-browser-files-{}", std::process::id()));
    std::fs::create_dir_all(&files).unwrap();
    let wrong = workbook(&files, "基本支出改错", "basic: 4675.21 ", "basic: 4675.31 ");
    let right = workbook(&files, "改好的", "total: 11462.22", "total: 11500.00");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = browser(&driver).await;
        let base = format!("http://{}", served.addr);
        client.goto(&format!("{base}/")).await.unwrap();
        let rows = client.find_all(Locator::Css("table.units tbody tr")).await.unwrap();
        assert_eq!(rows.len(), 12, "the board shows the 12 units");
        std::fs::write(screenshots().join("board.png"), client.screenshot().await.unwrap()).unwrap();

        // The reference workbook with one amount changed: C03, at 控制数!B4, on the sheet.
        client.goto(&format!("{base}/unit/xinxiang-shebao-2023.yaml")).await.unwrap();
        let unit = served.dir.join("data/xinxiang-shebao-2023.yaml");
        let before = std::fs::read(&unit).unwrap();
        upload(&client, &wrong).await;
        let cell = wait_for(&client, "the draft's sheet", "[id='draft-cell-控制数-B4']").await;
        assert_eq!(cell.attr("class").await.unwrap().as_deref(), Some("mark-error"));
        assert_eq!(cell.text().await.unwrap(), "4675.31");
        let text = text_of(&client).await;
        assert!(text.contains("C03") && text.contains("基本支出控制数为 4,675.31 万元"), "{text}");
        let link = client.find(Locator::Css("#draft a.place")).await.unwrap();
        assert_eq!(link.text().await.unwrap(), "控制数!B4");
        assert_eq!(std::fs::read(&unit).unwrap(), before, "the unit's data file is unchanged");
        std::fs::write(screenshots().join("unit.png"), client.screenshot().await.unwrap()).unwrap();

        // The corrected workbook replaces the data; the preview shows the new figure.
        upload(&client, &right).await;
        client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_url(&url(&format!("{base}/unit/xinxiang-shebao-2023.xlsx?saved=1")))
            .await
            .unwrap();
        wait_for(&client, "the preview", "figure.page img").await;
        let text = text_of(&client).await;
        assert!(text.contains("减少63.94万元"), "the new figure in the preview");
        assert!(!text.contains("草稿："), "no draft left");
        let drawn = client
            .execute(
                "const img = document.querySelector('figure.page img'); return img.complete && img.naturalWidth;",
                Vec::new(),
            )
            .await
            .unwrap();
        assert!(drawn.as_u64().unwrap_or(0) > 800, "the first page is drawn: {drawn}");
        assert!(!unit.exists(), "the YAML went to the history");

        // The PDF the page offers is the one `yusuan build` writes from the same workbook.
        let href = client
            .find(Locator::Css("a[href$='/download/pdf']"))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        let pdf = served.get(&href);
        let out = files.join("built");
        yusuan_ok(&["build", right.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        let built = std::fs::read(out.join("新乡市社会保险中心/新乡市社会保险中心2023年单位预算.pdf")).unwrap();
        assert!(pdf.body == built, "the downloaded PDF is build's, byte for byte");
        client.close().await.unwrap();
    });
    let _ = std::fs::remove_dir_all(&files);
}

#[test]
fn a_project_named_like_a_script_shows_as_text_and_runs_nothing() {
    let Some(driver) = driver() else {
        return;
    };
    let dir = workspace("browser-script");
    let unit = dir.join("data/xinxiang-shebao-2023.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    // Named so in the tables (the preview's text) and, with its code changed, in a diagnostic.
    std::fs::write(
        &unit,
        text.replacen(
            "name: 信息系统维护费",
            "name: \"<script>alert(1)</script><img src=x onerror=alert(2)>\"",
            1,
        ),
    )
    .unwrap();
    let other = dir.join("data/yuanyang-shebao-2023.yaml");
    let text = std::fs::read_to_string(&other).unwrap();
    let code = text
        .split("- { code: \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let named = text.replacen(
        &format!("code: \"{code}\", name: "),
        &format!("code: \"9{code}\", name: \"<script>alert(3)</script>\" "),
        1,
    );
    assert_ne!(named, text);
    std::fs::write(&other, named).unwrap();
    let served: Served = serve(dir);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = browser(&driver).await;
        let base = format!("http://{}", served.addr);
        for (page, shown) in [
            (
                "xinxiang-shebao-2023.yaml",
                "<script>alert(1)</script><img src=x onerror=alert(2)>",
            ),
            ("yuanyang-shebao-2023.yaml", "<script>alert(3)</script>"),
        ] {
            client.goto(&format!("{base}/unit/{page}")).await.unwrap();
            wait_for(&client, "the page", "#diagnostics").await;
            assert!(client.get_alert_text().await.is_err(), "no alert on {page}");
            let text = text_of(&client).await;
            assert!(text.contains(shown), "{page} shows the name as text");
            let scripts = client
                .execute("return document.scripts.length", Vec::new())
                .await
                .unwrap();
            assert_eq!(scripts.as_u64(), Some(1), "only the workspace's own script");
            let images = client
                .execute(
                    "return document.querySelectorAll('img[src=x]').length",
                    Vec::new(),
                )
                .await
                .unwrap();
            assert_eq!(images.as_u64(), Some(0));
        }
        client.goto(&format!("{base}/")).await.unwrap();
        assert!(
            client.get_alert_text().await.is_err(),
            "no alert on the board"
        );
        client.close().await.unwrap();
    });
}

pub fn url(text: &str) -> url::Url {
    url::Url::parse(text).unwrap()
}
