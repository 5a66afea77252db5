//! yusuan started by a double-click in Windows' Explorer: no arguments, a console window that
//! closes when the program ends. It opens the workspace of the folder the program sits in, in
//! the browser; when it cannot, it says why and what to do, and waits for Enter so the window
//! stays open long enough to be read.

use super::*;
use std::path::Path;

/// Whether this run is a double-click: Windows, and nothing on the command line. (Typed in a
/// console with no arguments, the same: the workspace of the program's folder, with the
/// greeting saying where it is.)
pub(super) fn double_clicked() -> bool {
    cfg!(windows) && std::env::args_os().len() == 1
}

/// Opens the workspace of the program's folder and serves it until the window is closed.
pub(super) fn open_workspace() -> ExitCode {
    let folder = std::env::current_exe()
        .context("找不到程序所在的文件夹")
        .and_then(|exe| workspace_folder(&exe, &std::env::temp_dir()));
    let dir = match folder {
        Ok(dir) => dir,
        Err(error) => return refused(&error, None),
    };
    let served = Toolkit::load(None, None, &[]).and_then(|toolkit| {
        crate::app::serve::run(crate::app::serve::Options {
            dir,
            listen: std::net::SocketAddr::from(([127, 0, 0, 1], 8000)),
            toolkit,
            open_browser: true,
            nearby_ports: true,
            greeting: true,
            init_admin: None,
        })
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        // Every port taken says what to do itself; other failures are most often the folder.
        Err(error) if format!("{error:#}").contains("都被占用") => refused(&error, None),
        Err(error) => refused(&error, Some(UNWRITABLE_HINT)),
    }
}

/// Where a double-click most often fails: a folder the user may not write to.
const UNWRITABLE_HINT: &str = "yusuan.exe 要在它所在的文件夹里建立 data 和 output。如果这个文件夹不能写入（例如在 C:\\Program Files 下），把 yusuan.exe 放到自己的文件夹（例如 D:\\预算数据\\2024）再双击。";

/// Says what went wrong (and `hint`), then waits for Enter: the window of a double-clicked
/// program closes when it ends, before anyone could read it.
fn refused(error: &anyhow::Error, hint: Option<&str>) -> ExitCode {
    eprintln!("错误：{error:#}");
    if let Some(hint) = hint {
        eprintln!();
        eprintln!("{hint}");
    }
    eprintln!();
    eprintln!("按回车键关闭这个窗口。");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    ExitCode::from(2)
}

/// The workspace of a program at `exe`: its folder, unless that is inside `temp`, where Explorer
/// puts a program opened from inside a zip without unpacking it (the data would vanish with it).
fn workspace_folder(exe: &Path, temp: &Path) -> Result<PathBuf> {
    let folder = exe
        .parent()
        .context("找不到程序所在的文件夹")?
        .to_path_buf();
    if inside(&folder, temp) {
        anyhow::bail!(
            "yusuan.exe 是从压缩包里直接打开的（在临时文件夹 {} 中）。请先把压缩包解压到一个文件夹，例如 D:\\预算数据\\2024，再双击那里的 yusuan.exe：数据和生成的预算书都放在它旁边。",
            folder.display()
        );
    }
    Ok(folder)
}

/// Whether `folder` is `temp` or inside it, as the file system sees it: both resolved (a short
/// `ADMINI~1` and the long name are one folder) and, on Windows, whatever the letters' case.
fn inside(folder: &Path, temp: &Path) -> bool {
    let resolved = |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let (folder, temp) = (resolved(folder), resolved(temp));
    if cfg!(windows) {
        let lower = |path: &Path| PathBuf::from(path.to_string_lossy().to_lowercase());
        lower(&folder).starts_with(lower(&temp))
    } else {
        folder.starts_with(&temp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_is_the_program_folder_unless_it_was_opened_from_inside_a_zip() {
        let temp = Path::new("/tmp/yusuan-temp");
        assert_eq!(
            workspace_folder(Path::new("/srv/预算 数据/2024/yusuan.exe"), temp).unwrap(),
            Path::new("/srv/预算 数据/2024")
        );
        let error = workspace_folder(Path::new("/tmp/yusuan-temp/Temp1_x.zip/yusuan.exe"), temp)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("压缩包") && error.contains("解压"),
            "{error}"
        );
        assert!(error.contains("/tmp/yusuan-temp/Temp1_x.zip"), "{error}");
    }
}
