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
    let outcome = std::env::current_exe()
        .context("找不到程序所在的文件夹")
        .and_then(|exe| workspace_folder(&exe, &std::env::temp_dir()))
        .and_then(|dir| {
            crate::app::serve::run(crate::app::serve::Options {
                dir,
                listen: std::net::SocketAddr::from(([127, 0, 0, 1], 8000)),
                toolkit: Toolkit::load(None, None, &[])?,
                open_browser: true,
                nearby_ports: true,
                double_clicked: true,
            })
        });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("错误：{error:#}");
            eprintln!();
            eprintln!("按回车键关闭这个窗口。");
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            ExitCode::from(2)
        }
    }
}

/// The workspace of a program at `exe`: its folder, unless that is inside `temp`, where Explorer
/// puts a program opened from inside a zip without unpacking it (the data would vanish with it).
fn workspace_folder(exe: &Path, temp: &Path) -> Result<PathBuf> {
    let folder = exe
        .parent()
        .context("找不到程序所在的文件夹")?
        .to_path_buf();
    if folder.starts_with(temp) {
        anyhow::bail!(
            "yusuan.exe 是从压缩包里直接打开的（在临时文件夹 {} 中）。请先把压缩包解压到一个文件夹，例如 D:\\预算数据\\2024，再双击那里的 yusuan.exe：数据和生成的预算书都放在它旁边。",
            folder.display()
        );
    }
    Ok(folder)
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
