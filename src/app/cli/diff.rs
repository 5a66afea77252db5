//! `yusuan diff`: what changed between two versions of a unit's data, as the booklet prints it.

use super::*;
use crate::compose::compare::{compare, Changes};

pub(super) const DIFF_HELP: &str = "\
比较同一单位的两份数据（YAML 或 Excel 数据工作簿，两边可以不同）排出的预算书：列出变了的每个
数字（哪张表、哪一行、哪一列，旧 → 新）和变了的每句文字（在哪一部分、哪个标题下）。一个金额
改了，它在每张表、每句话里印出的地方都列出来。

退出码：0 预算书没有变化；1 有变化；2 数据有错误或无法读取（错误照 validate 的样子列出）。";

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// 原来的数据文件
    pub old: PathBuf,
    /// 新的数据文件
    pub new: PathBuf,
    /// 以 JSON 输出（figures、texts）
    #[arg(long)]
    pub json: bool,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// `yusuan diff`.
pub fn diff(args: &DiffArgs) -> Result<ExitCode> {
    let toolkit = args.shared.toolkit()?;
    let (Some(old), Some(new)) = (
        document(&toolkit, &args.old)?,
        document(&toolkit, &args.new)?,
    ) else {
        return Ok(ExitCode::from(2));
    };
    let changes = compare(&old, &new);
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&changes)?);
    } else {
        out!("{}", listing(&changes));
    }
    Ok(ExitCode::from(if changes.is_empty() { 0 } else { 1 }))
}

/// The booklet of a data file, or `None` after printing why there is none.
fn document(
    toolkit: &Toolkit,
    path: &std::path::Path,
) -> Result<Option<crate::compose::document::Document>> {
    let source = SourceFile::read(path)?.unit_only("diff")?;
    match toolkit.prepare(&source) {
        Ok(prepared) => Ok(Some(prepared.document)),
        Err(Failure::Data(diagnostics)) => {
            report(&source, &diagnostics, false);
            eprintln!("{}: 数据有错误，无法比较。", source.name());
            Ok(None)
        }
        Err(Failure::Other(error)) => Err(error),
    }
}

/// The changes as a reader takes them in: figures grouped by table, texts by place.
pub fn listing(changes: &Changes) -> String {
    use std::fmt::Write as _;
    let shown = |text: &Option<String>| match text.as_deref() {
        None => "（无）".to_string(),
        Some("") => "（空）".to_string(),
        Some(text) => text.to_string(),
    };
    let mut text = String::new();
    if changes.is_empty() {
        text.push_str("两份数据排出的预算书相同。\n");
        return text;
    }
    let _ = writeln!(text, "数字：{} 处变化", changes.figures.len());
    let mut table = None;
    for figure in &changes.figures {
        if table != Some(&figure.table) {
            let _ = writeln!(text, "  {}", figure.table);
            table = Some(&figure.table);
        }
        let row = if figure.row.is_empty() {
            "（无行名）"
        } else {
            &figure.row
        };
        let _ = writeln!(
            text,
            "    {row} ｜ {}：{} → {}",
            figure.column,
            shown(&figure.old),
            shown(&figure.new)
        );
    }
    let _ = writeln!(text, "文字：{} 处变化", changes.texts.len());
    let mut place = None;
    for change in &changes.texts {
        if place != Some(&change.place) {
            let _ = writeln!(text, "  {}", change.place);
            place = Some(&change.place);
        }
        if let Some(old) = &change.old {
            let _ = writeln!(text, "    - {old}");
        }
        if let Some(new) = &change.new {
            let _ = writeln!(text, "    + {new}");
        }
    }
    text
}
