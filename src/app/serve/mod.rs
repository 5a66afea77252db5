//! `yusuan serve`: the office's workspace in a browser. The board lists every unit of a
//! workspace folder with its checks and outputs; a unit's page shows its diagnostics where they
//! are (on the workbook's sheet, or at the YAML line), page previews drawn by Typst, and its
//! downloads; data uploaded there is checked at once and replaces the unit's file only when it
//! has no errors. Everything is the same library the command line calls: the pipeline
//! ([`crate::app::pipeline`]), the renderers, the batch.
//!
//! Without accounts it answers on loopback only, to this computer's user ([`guard`] refuses
//! foreign hosts and requests without the pages' token). With accounts (`--init-admin` makes
//! the first) every page needs a login, each account sees only what its role and units allow
//! ([`access`]), units go round the review cycle ([`review`], [`publish`]), and other
//! addresses may listen. The workspace's database ([`crate::app::store`]) records accounts,
//! versions, states, comments and publications; [`ledger`] keeps it and the files agreeing.

pub mod access;
mod account;
mod board;
pub mod browser;
mod build;
mod changes;
mod departments;
pub mod guard;
pub mod ledger;
mod login;
mod opening;
mod pages;
mod preview;
pub mod publish;
mod publish_departments;
mod review;
mod sheet;
mod unit;
mod units;
mod upload;
pub mod workspace;

use crate::app::pipeline::Toolkit;
use crate::app::store::Store;
use crate::render::typst::Engine;
use anyhow::{bail, Context as _, Result};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use guard::Guard;
use opening::Opened;
pub use opening::{open_workspace, SERVING_LOCK};
use pages::{Frame, Pages};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use workspace::Workspace;

/// How `yusuan serve` was asked to run.
pub struct Options {
    /// The workspace folder.
    pub dir: PathBuf,
    /// Where to listen.
    pub listen: SocketAddr,
    /// The toolkit (templates, profiles, fonts) of the run.
    pub toolkit: Toolkit,
    /// Whether to open the board in the system's browser once it answers.
    pub open_browser: bool,
    /// Whether a port already taken (a second workspace, another program) moves to the next
    /// free one of [`NEARBY_PORTS`] rather than ending: for a double-click or `--open`, where
    /// nobody cares which port it is.
    pub nearby_ports: bool,
    /// Whether to greet as a window an office user reads (a double-click, `serve --open`):
    /// where the data goes and how to stop, rather than one line for a terminal.
    pub greeting: bool,
    /// The first account to make (an admin), with its password, before serving.
    pub init_admin: Option<(String, String)>,
}

/// How many ports after the asked one `nearby_ports` tries.
pub const NEARBY_PORTS: u16 = 20;

/// Everything the handlers share.
pub struct Server {
    workspace: Workspace,
    checker: units::Checker,
    departments: departments::DepartmentChecker,
    previews: preview::Previews,
    engine: Arc<Engine>,
    pages: Pages,
    guard: Arc<Guard>,
    /// Layouts and renderings at once: as many as there are cores, so twenty requests queue
    /// rather than hold twenty booklets in memory.
    busy: tokio::sync::Semaphore,
    build: Mutex<build::BuildState>,
    /// The workspace's database.
    store: Store,
    /// Whether the workspace has accounts (fixed for the run: only an admin makes accounts).
    accounts: bool,
    /// The port it listens on (the session cookie's name carries it).
    port: u16,
    /// Recent wrong passwords.
    attempts: login::Attempts,
    /// Held while publishing.
    publishing: Mutex<()>,
    /// The workspace's serving lock, held for the run.
    _lock: crate::app::staged::FolderLock,
}

type Shared = Arc<Server>;

/// Refuses a listen address other than this machine's unless the workspace has accounts:
/// without them, anyone who could reach the address could change the data.
pub fn check_listen(addr: SocketAddr, accounts: bool) -> Result<()> {
    if !addr.ip().is_loopback() && !accounts {
        bail!(
            "不能在 {addr} 上打开工作台：还没有账户。没有账户和登录时，工作台只在本机（127.0.0.1）上打开，别的电脑连不上也改不了数据。先用 --init-admin 登录名 建立管理员账户，或用 --listen 127.0.0.1:端口"
        );
    }
    Ok(())
}

/// Whether the workspace in `dir` has accounts (its database exists and holds one).
pub fn has_accounts(dir: &std::path::Path) -> Result<bool> {
    let path = dir.join(crate::app::store::FILE);
    if !path.is_file() {
        return Ok(false);
    }
    Ok(Store::open(&path)?.account_count()? > 0)
}

/// Serves the workspace until the process is stopped.
pub fn run(options: Options) -> Result<()> {
    let Opened {
        workspace,
        store,
        lock,
        said: recovered,
    } = open_workspace(&options.dir)?;
    if let Some((login, password)) = &options.init_admin {
        if store.account_count()? > 0 {
            bail!("这个工作区已经有账户了：新账户请由管理员登录后在“账户”页建立");
        }
        store.create_account(
            crate::app::store::Actor::LOCAL,
            login,
            "管理员",
            crate::app::store::accounts::Role::Admin,
            password,
            &[],
        )?;
        println!("已建立管理员账户“{login}”。");
    }
    let accounts = store.account_count()? > 0;
    check_listen(options.listen, accounts)?;
    if let Some(recovered) = recovered {
        println!("{recovered}");
    }
    let engine = Arc::new(options.toolkit.engine()?);
    // A department file of the workspace consolidates units of its data folder only.
    let mut toolkit = options.toolkit;
    // The workspace holds units and departments: `--profile` goes to those of its kind.
    toolkit.profile_by_kind = true;
    toolkit.units_within = Some(
        workspace
            .data
            .canonicalize()
            .unwrap_or(workspace.data.clone()),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("无法启动服务线程")?;
    runtime.block_on(async move {
        let listener = bind(options.listen, options.nearby_ports).await?;
        let addr = listener.local_addr()?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let server = Arc::new(Server {
            checker: units::Checker::new(Arc::new(toolkit)),
            departments: departments::DepartmentChecker::default(),
            previews: preview::Previews::new(engine.clone()),
            engine,
            pages: Pages::new()?,
            guard: Arc::new(Guard::new(addr)?),
            busy: tokio::sync::Semaphore::new(cores),
            build: Mutex::new(build::BuildState::default()),
            workspace,
            store,
            accounts,
            port: addr.port(),
            attempts: login::Attempts::default(),
            publishing: Mutex::new(()),
            _lock: lock,
        });
        let url = format!("http://{addr}/");
        if options.greeting {
            println!("{}", greeting(&url, &server.workspace));
        } else {
            if addr.ip().is_unspecified() {
                println!(
                    "在所有网络地址上打开：这台电脑上用 http://127.0.0.1:{port}/ ，别的电脑用 http://<这台电脑的 IP 地址或域名>:{port}/ （最好经过单位的 HTTPS 反向代理）",
                    port = addr.port()
                );
            }
            println!(
                "yusuan 工作台：{url} （数据：{}；{}；按 Ctrl+C 停止）",
                server.workspace.data.display(),
                if server.accounts {
                    "需要登录"
                } else {
                    "只在本机使用，没有账户"
                }
            );
        }
        use std::io::Write;
        let _ = std::io::stdout().flush();
        if options.open_browser {
            if let Err(error) = browser::open(&url) {
                println!("没能打开浏览器（{error}）：请把 {url} 复制到浏览器的地址栏。");
            }
        }
        axum::serve(
            listener,
            router(server).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("工作台出错停止")
    })
}

/// Listens on `addr`, or, with `nearby`, on the first free port of the next [`NEARBY_PORTS`].
async fn bind(addr: SocketAddr, nearby: bool) -> Result<tokio::net::TcpListener> {
    let tries = if nearby && addr.port() != 0 {
        NEARBY_PORTS
    } else {
        0
    };
    let mut candidate = addr;
    for _ in 0..tries {
        if let Ok(listener) = tokio::net::TcpListener::bind(candidate).await {
            return Ok(listener);
        }
        candidate.set_port(candidate.port().saturating_add(1));
    }
    tokio::net::TcpListener::bind(candidate)
        .await
        .with_context(|| {
            if tries > 0 {
                format!(
                    "端口 {} 到 {} 都被占用了：可能已经开着好几个工作台，关掉不用的窗口再试",
                    addr.port(),
                    candidate.port()
                )
            } else {
                format!("无法在 {candidate} 上监听（端口被占用？可用 --listen 换一个）")
            }
        })
}

/// What the window of a double-clicked yusuan says: the address, where the data and the
/// booklets are, and that closing the window stops the workspace.
fn greeting(url: &str, workspace: &Workspace) -> String {
    format!(
        "yusuan 预算书工作台\n\n\
         工作台地址：{url}\n\
         （已在浏览器中打开；没有打开时，把这个地址复制到浏览器的地址栏。）\n\n\
         数据文件（YAML 或 Excel 数据工作簿）在：{}\n\
         生成的预算书在：{}\n\n\
         使用工作台时请让这个窗口开着；关闭窗口（或按 Ctrl+C），工作台就停止。",
        workspace.data.display(),
        workspace.output.display()
    )
}

/// The workspace's addresses.
fn router(server: Shared) -> Router {
    // An upload a little over the data limit is still read, to be refused with a message.
    let upload_limit = DefaultBodyLimit::max(crate::input::load::MAX_FILE_BYTES + 64 * 1024);
    Router::new()
        .route("/", get(board::board))
        .route("/assets/app.css", get(|| asset("text/css", pages::STYLE)))
        .route(
            "/assets/app.js",
            get(|| asset("text/javascript", pages::SCRIPT)),
        )
        .route("/blank.xlsx", get(board::blank_workbook))
        .route("/login", get(login::page).post(login::login))
        .route("/logout", post(login::logout))
        .route("/account", get(account::account_page))
        .route("/account/password", post(account::change_password))
        .route("/accounts", post(account::create))
        .route("/accounts/{id}/units", post(account::set_units))
        .route("/accounts/{id}/disabled", post(account::set_disabled))
        .route("/accounts/{id}/password", post(account::reset_password))
        .route("/publish", post(publish::publish))
        .route("/upload", post(upload::new_unit).layer(upload_limit))
        .route("/build", post(build::start))
        .route("/build/status", get(build::status))
        .route("/download/all.zip", get(build::all_zip))
        .route(
            "/department/{id}/download/{what}",
            get(departments::download),
        )
        .route("/unit/{id}", get(unit::page))
        .route("/unit/{id}/page/{number}", get(unit::picture))
        .route("/unit/{id}/draft/delete", post(unit::delete_draft))
        .route("/unit/{id}/download/{what}", get(unit::download))
        .route("/unit/{id}/submit", post(review::submit))
        .route("/unit/{id}/return", post(review::send_back))
        .route("/unit/{id}/approve", post(review::approve))
        .route("/unit/{id}/comment", post(review::comment))
        .route(
            "/unit/{id}/upload",
            post(upload::to_unit).layer(DefaultBodyLimit::max(
                crate::input::load::MAX_FILE_BYTES + 64 * 1024,
            )),
        )
        .layer(axum::middleware::from_fn_with_state(
            server.clone(),
            access::check,
        ))
        .with_state(server)
}

async fn asset(kind: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
        .into_response()
}

impl Server {
    /// What every page carries, for `viewer`.
    fn frame<'a>(&'a self, viewer: &'a access::Viewer) -> Frame<'a> {
        Frame {
            csrf: &viewer.csrf,
            workspace: self.workspace.root.display().to_string(),
            account: viewer.account.as_ref().map(|a| a.display.as_str()),
            role: viewer.account.as_ref().map(|a| a.role.label()),
            admin: viewer.administers(),
        }
    }

    /// A page, or the message of what went wrong rendering it.
    fn html(&self, name: &str, context: impl serde::Serialize) -> Response {
        match self.pages.render(name, context) {
            Ok(html) => Html(html).into_response(),
            Err(error) => self.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                "页面出错",
                &format!("{error:#}"),
            ),
        }
    }

    /// The page of a request that failed for another reason than its data: `title` and why.
    fn failed(&self, title: &str, error: &anyhow::Error) -> Response {
        self.message(
            StatusCode::INTERNAL_SERVER_ERROR,
            title,
            &format!("{error:#}"),
        )
    }

    /// A page that says one thing, with `status`.
    fn message(&self, status: StatusCode, title: &str, text: &str) -> Response {
        #[derive(serde::Serialize)]
        struct Message<'a> {
            #[serde(flatten)]
            frame: Frame<'a>,
            title: &'a str,
            text: &'a str,
        }
        let html = self
            .pages
            .render(
                "message.html",
                Message {
                    frame: Frame {
                        csrf: "",
                        workspace: self.workspace.root.display().to_string(),
                        account: None,
                        role: None,
                        admin: false,
                    },
                    title,
                    text,
                },
            )
            .unwrap_or_else(|_| text.to_string());
        (status, Html(html)).into_response()
    }
}

/// Runs `work` on a thread where blocking is fine (file reads, checks, layouts).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| anyhow::anyhow!("处理请求时出错：{error}"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_taken_port_moves_to_the_next_free_one_only_when_asked() {
        let taken = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = taken.local_addr().unwrap();
        let error = bind(addr, false).await.unwrap_err().to_string();
        assert!(
            error.contains(&addr.to_string()) && error.contains("端口被占用"),
            "{error}"
        );
        let moved = bind(addr, true).await.unwrap().local_addr().unwrap();
        assert!(moved.port() > addr.port() && moved.port() <= addr.port() + NEARBY_PORTS);
        assert!(moved.ip().is_loopback());
    }

    #[test]
    fn the_double_click_greeting_says_where_things_are_and_how_to_stop() {
        let dir = std::env::temp_dir().join(format!("yusuan-greet-{}", std::process::id()));
        let workspace = Workspace::open(&dir).unwrap();
        let text = greeting("http://127.0.0.1:8001/", &workspace);
        assert!(
            text.contains("工作台地址：http://127.0.0.1:8001/"),
            "{text}"
        );
        assert!(
            text.contains(&workspace.data.display().to_string()),
            "{text}"
        );
        assert!(
            text.contains(&workspace.output.display().to_string()),
            "{text}"
        );
        assert!(
            text.contains("关闭窗口（或按 Ctrl+C），工作台就停止"),
            "{text}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
