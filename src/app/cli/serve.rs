//! `yusuan serve`: the workspace in a browser.

use super::*;

pub(super) const SERVE_HELP: &str = "\
在浏览器中打开工作台：总览工作区中每个单位的检查结果和生成情况，单位页面上看错误所在的
单元格或行、预算书的页面预览，上传改好的数据（有错误的只存为草稿），下载 PDF、DOCX、附表
和数据，全部生成并打包下载。

工作区是一个文件夹：数据文件在其中的 data/，生成的预算书在 output/（没有时自动创建）。
默认只在本机 127.0.0.1:8000 上打开；在浏览器中访问程序打印的地址（加 --open 自动打开浏览器）。
按 Ctrl+C 停止。在 Windows 上双击 yusuan.exe，就打开它所在文件夹的工作台。";

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// 工作区文件夹（其中的 data/ 和 output/），默认当前文件夹
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// 监听地址（只能是本机地址，如 127.0.0.1:8080；端口 0 表示任选一个空闲端口）
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8000", value_parser = listen_address)]
    pub listen: std::net::SocketAddr,
    /// 打开后在浏览器中显示工作台（端口被占用时自动换下一个，同 Windows 上双击 yusuan.exe）
    #[arg(long)]
    pub open: bool,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// `yusuan serve`.
pub fn serve(args: &ServeArgs) -> Result<ExitCode> {
    // Refused before anything is loaded: the answer comes at once.
    crate::app::serve::check_listen(args.listen)?;
    crate::app::serve::run(crate::app::serve::Options {
        dir: args.dir.clone(),
        listen: args.listen,
        toolkit: args.shared.toolkit()?,
        open_browser: args.open,
        // Asked to open the browser, the user follows it wherever it goes: a taken port moves
        // on, and the greeting says where the data is, as a double-click's does.
        nearby_ports: args.open,
        greeting: args.open,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `127.0.0.1:8080`, `[::1]:8080` or `localhost:8080`, said in Chinese when it is none of them.
fn listen_address(text: &str) -> Result<std::net::SocketAddr, String> {
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    if let Some(port) = text.strip_prefix("localhost:") {
        if let Ok(port) = port.parse::<u16>() {
            return Ok(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
        }
    }
    Err(format!(
        "“{text}”不是监听地址：写成 127.0.0.1:端口（如 127.0.0.1:8080）或 localhost:端口"
    ))
}
