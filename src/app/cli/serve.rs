//! `yusuan serve`: the workspace in a browser.

use super::*;

pub(super) const SERVE_HELP: &str = "\
在浏览器中打开工作台：总览工作区中每个单位的检查结果和生成情况，单位页面上看错误所在的
单元格或行、预算书的页面预览，上传改好的数据（有错误的只存为草稿），下载 PDF、DOCX、附表
和数据，全部生成并打包下载。

工作区是一个文件夹：数据文件在其中的 data/，生成的预算书在 output/（没有时自动创建）。
默认只在本机 127.0.0.1:8000 上打开；在浏览器中访问程序打印的地址（加 --open 自动打开浏览器）。
按 Ctrl+C 停止。在 Windows 上双击 yusuan.exe，就打开它所在文件夹的工作台。

多个单位一起填报和审核时，用 --init-admin 登录名 建立第一个（管理员）账户：从此每个页面都要
登录，管理员在“账户”页为审核人和各区县的填报人建立账户并指定单位；填报人只看得到自己的单位。
有了账户，才可以用 --listen 0.0.0.0:端口 让别的电脑访问（请放在单位的 HTTPS 反向代理之后，
见 README）。账户、版本、审核意见和发布记录在工作区的 yusuan.db 中，用 yusuan backup 备份。";

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// 工作区文件夹（其中的 data/ 和 output/），默认当前文件夹
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// 监听地址（没有账户时只能是本机地址，如 127.0.0.1:8080；端口 0 表示任选一个空闲端口）
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8000", value_parser = listen_address)]
    pub listen: std::net::SocketAddr,
    /// 打开后在浏览器中显示工作台（端口被占用时自动换下一个，同 Windows 上双击 yusuan.exe）
    #[arg(long)]
    pub open: bool,
    /// 建立第一个账户（管理员）的登录名，然后打开工作台；密码在终端中输入两次（或从标准输入读两行）
    #[arg(long, value_name = "LOGIN")]
    pub init_admin: Option<String>,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// `yusuan serve`.
pub fn serve(args: &ServeArgs) -> Result<ExitCode> {
    // Refused before anything is loaded: the answer comes at once.
    let accounts =
        args.init_admin.is_some() || crate::app::serve::has_accounts(&args.dir).unwrap_or(false);
    crate::app::serve::check_listen(args.listen, accounts)?;
    let init_admin = match &args.init_admin {
        Some(login) => {
            if crate::app::serve::has_accounts(&args.dir)? {
                anyhow::bail!("这个工作区已经有账户了：新账户请由管理员登录后在“账户”页建立");
            }
            Some((login.clone(), new_password(login)?))
        }
        None => None,
    };
    crate::app::serve::run(crate::app::serve::Options {
        dir: args.dir.clone(),
        listen: args.listen,
        toolkit: args.shared.toolkit()?,
        open_browser: args.open,
        // Asked to open the browser, the user follows it wherever it goes: a taken port moves
        // on, and the greeting says where the data is, as a double-click's does.
        nearby_ports: args.open,
        greeting: args.open,
        init_admin,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The first account's password, typed twice: unseen at a terminal, two lines from a pipe.
fn new_password(login: &str) -> Result<String> {
    use std::io::{BufRead, IsTerminal};
    let (first, second) = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("管理员“{login}”的密码："))?;
        let second = rpassword::prompt_password("再输入一次：")?;
        (first, second)
    } else {
        let mut lines = std::io::stdin().lock().lines();
        let mut next = || -> Result<String> {
            Ok(lines
                .next()
                .transpose()?
                .unwrap_or_default()
                .trim_end_matches('\r')
                .to_string())
        };
        (next()?, next()?)
    };
    if first != second {
        anyhow::bail!("两次输入的密码不一样，没有建立账户");
    }
    if let Some(problem) = crate::app::store::accounts::weak(&first) {
        anyhow::bail!("{problem}，没有建立账户");
    }
    Ok(first)
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
