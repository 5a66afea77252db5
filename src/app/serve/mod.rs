//! `yusuan serve`: the office's workspace in a browser. The board lists every unit of a
//! workspace folder with its checks and outputs; a unit's page shows its diagnostics where they
//! are (on the workbook's sheet, or at the YAML line), page previews drawn by Typst, and its
//! downloads; data uploaded there is checked at once and replaces the unit's file only when it
//! has no errors. Everything is the same library the command line calls: the pipeline
//! ([`crate::app::pipeline`]), the renderers, the batch.
//!
//! It answers on loopback only (accounts, which would make other addresses safe, are not there
//! yet); [`guard`] refuses foreign hosts and requests without the pages' token.

mod board;
mod build;
pub mod guard;
mod pages;
mod preview;
mod sheet;
mod unit;
mod units;
mod upload;
pub mod workspace;

use crate::app::pipeline::Toolkit;
use crate::render::typst::Engine;
use anyhow::{bail, Context as _, Result};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use guard::Guard;
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
}

/// Everything the handlers share.
pub struct Server {
    workspace: Workspace,
    checker: units::Checker,
    previews: preview::Previews,
    engine: Arc<Engine>,
    pages: Pages,
    guard: Arc<Guard>,
    /// Layouts and renderings at once: as many as there are cores, so twenty requests queue
    /// rather than hold twenty booklets in memory.
    busy: tokio::sync::Semaphore,
    build: Mutex<build::BuildState>,
}

type Shared = Arc<Server>;

/// Refuses a listen address other than this machine's: without accounts, anyone who can reach
/// the address could change the data.
pub fn check_listen(addr: SocketAddr) -> Result<()> {
    if !addr.ip().is_loopback() {
        bail!(
            "不能在 {addr} 上打开工作台：没有账户和登录之前，工作台只在本机（127.0.0.1）上打开，别的电脑连不上也改不了数据。请用 --listen 127.0.0.1:端口"
        );
    }
    Ok(())
}

/// Serves the workspace until the process is stopped.
pub fn run(options: Options) -> Result<()> {
    check_listen(options.listen)?;
    let workspace = Workspace::open(&options.dir)?;
    let engine = Arc::new(options.toolkit.engine()?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("无法启动服务线程")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.listen)
            .await
            .with_context(|| {
                format!(
                    "无法在 {} 上监听（端口被占用？可用 --listen 换一个）",
                    options.listen
                )
            })?;
        let addr = listener.local_addr()?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let server = Arc::new(Server {
            checker: units::Checker::new(Arc::new(options.toolkit)),
            previews: preview::Previews::new(engine.clone()),
            engine,
            pages: Pages::new()?,
            guard: Arc::new(Guard::new(addr)?),
            busy: tokio::sync::Semaphore::new(cores),
            build: Mutex::new(build::BuildState::default()),
            workspace,
        });
        println!(
            "yusuan 工作台：http://{addr}/ （数据：{}；按 Ctrl+C 停止）",
            server.workspace.data.display()
        );
        use std::io::Write;
        let _ = std::io::stdout().flush();
        axum::serve(listener, router(server))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("工作台出错停止")
    })
}

/// The workspace's addresses.
fn router(server: Shared) -> Router {
    let guard = server.guard.clone();
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
        .route("/upload", post(upload::new_unit).layer(upload_limit))
        .route("/build", post(build::start))
        .route("/build/status", get(build::status))
        .route("/download/all.zip", get(build::all_zip))
        .route("/unit/{id}", get(unit::page))
        .route("/unit/{id}/page/{number}", get(unit::picture))
        .route("/unit/{id}/draft/delete", post(unit::delete_draft))
        .route("/unit/{id}/download/{what}", get(unit::download))
        .route(
            "/unit/{id}/upload",
            post(upload::to_unit).layer(DefaultBodyLimit::max(
                crate::input::load::MAX_FILE_BYTES + 64 * 1024,
            )),
        )
        .layer(axum::middleware::from_fn_with_state(guard, guard::check))
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
    /// What every page carries.
    fn frame(&self) -> Frame<'_> {
        Frame {
            csrf: &self.guard.csrf,
            workspace: self.workspace.root.display().to_string(),
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
                    frame: self.frame(),
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
