//! Opening a workspace to serve it: its lock (one server per folder), its database, and what a
//! killed run left half done, finished or undone.

use super::workspace::Workspace;
use super::{ledger, publish};
use crate::app::store::Store;
use anyhow::{bail, Result};

/// The lock file a running workspace holds in its data folder.
pub const SERVING_LOCK: &str = ".yusuan-serve.lock";

/// An open workspace: its folders, its database, and the lock that keeps a second server off
/// it (two would each finish or undo what they think the other left half done).
pub struct Opened {
    /// Its folders.
    pub workspace: Workspace,
    /// Its database.
    pub store: Store,
    /// Held while it is open.
    pub lock: crate::app::staged::FolderLock,
    /// What opening it finished or undid, to print.
    pub said: Option<String>,
}

/// Opens the workspace in `dir` with its database, finishing or undoing what a killed run left
/// half done. Refused when another yusuan serves it.
pub fn open_workspace(dir: &std::path::Path) -> Result<Opened> {
    let workspace = Workspace::open(dir)?;
    // In the data folder: a second workspace whose `data` is a link to this one's is refused
    // too (the lock is on the file, wherever the path to it goes).
    let Some(lock) = crate::app::staged::FolderLock::try_take(&workspace.data, SERVING_LOCK)?
    else {
        bail!(
            "{} 已经由另一个 yusuan 工作台打开（同一个工作区只能开一个）：请用已经开着的那个，或先关掉它",
            workspace.root.display()
        );
    };
    let store = Store::open(&workspace.root.join(crate::app::store::FILE))?;
    let recovered = ledger::recover(&workspace, &store)?;
    let published = publish::recover(&workspace, &store)?;
    let mut said = Vec::new();
    if recovered.imported > 0 && recovered.fresh {
        said.push(format!(
            "数据库 {} 是新建的：已把 data/history 中以前保存的 {} 个文件记为版本。以前的账户、审核意见和发布记录不在新数据库里；如果原来有，请停止工作台，用备份中的 yusuan.db 替换它",
            crate::app::store::FILE,
            recovered.imported
        ));
    } else if recovered.imported > 0 {
        said.push(format!(
            "data/history 中有 {} 个数据库没有记录的文件（数据库换成了较早的副本？），已记为版本",
            recovered.imported
        ));
    }
    if !recovered.restored.is_empty() {
        said.push(format!(
            "上次停止时没有放到位的数据已放好：{}",
            recovered.restored.join("、")
        ));
    }
    if recovered.removed > 0 {
        said.push(format!(
            "删除了 {} 个没有记录的历史文件（上次停止时没有上传完）",
            recovered.removed
        ));
    }
    if !recovered.reopened.is_empty() {
        said.push(format!(
            "这些单位的数据在审核期间被直接改动过，已退回“填报中”，需要重新提交：{}",
            recovered.reopened.join("、")
        ));
    }
    if published.finished > 0 {
        said.push(format!(
            "上次停止时没有完成的 {} 次发布已完成",
            published.finished
        ));
    }
    if published.removed > 0 {
        said.push(format!("删除了 {} 个没有发布完的文件夹", published.removed));
    }
    if !published.unknown.is_empty() {
        said.push(format!(
            "注意：{} 不在数据库的发布记录中（数据库换过？），保持原样",
            published.unknown.join("、")
        ));
    }
    Ok(Opened {
        workspace,
        store,
        lock,
        said: (!said.is_empty()).then(|| said.join("\n")),
    })
}
