//! `yusuan backup`: a copy of the workspace's records, safe while its server runs.

use super::*;

pub(super) const BACKUP_HELP: &str = "\
备份工作区的记录：数据库 yusuan.db（账户、每个版本、审核意见、发布记录、操作日志）和它记录的
每个版本的数据文件（data/history/ 中的）。工作台开着、有人正在上传时也可以备份：备份是同一
时刻的完整记录，写完后逐一核对每个版本的 SHA-256。默认写到工作区的 backups/<时间>/。";

/// Arguments of `backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// 工作区文件夹，默认当前文件夹
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// 备份到这个（新的）文件夹
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `yusuan backup`.
pub fn backup(args: &BackupArgs) -> Result<ExitCode> {
    let done = crate::app::backup::backup(&args.dir, args.out.as_deref())?;
    outln!(
        "已备份到 {}：{} 个版本（每个都有文件，SHA-256 相符），{} 个账户。",
        done.folder.display(),
        done.versions,
        done.accounts
    );
    Ok(ExitCode::SUCCESS)
}
