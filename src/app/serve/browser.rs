//! Opens the workspace in the system's browser, as a double-click or `serve --open` asks.

use std::process::{Command, Stdio};

/// Asks the system to open `url` in the user's browser, without waiting for it: Windows by its
/// URL handler, macOS by `open`, other systems by `xdg-open` (麒麟 and 统信 UOS desktops have
/// it). `YUSUAN_NO_BROWSER` set skips it, for tests on machines without a desktop.
pub fn open(url: &str) -> std::io::Result<()> {
    if std::env::var_os("YUSUAN_NO_BROWSER").is_some() {
        return Ok(());
    }
    let mut command = if cfg!(windows) {
        let mut command = Command::new("rundll32.exe");
        command.args(["url.dll,FileProtocolHandler", url]);
        command
    } else if cfg!(target_os = "macos") {
        let mut command = Command::new("open");
        command.arg(url);
        command
    } else {
        let mut command = Command::new("xdg-open");
        command.arg(url);
        command
    };
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // Reaped when it ends, so that no finished opener lingers while the workspace runs.
    std::thread::spawn(move || child.wait());
    Ok(())
}
