//! `yusuan batch`: every unit of a folder, in parallel, a failing unit not stopping the others.

use super::*;

pub(super) const BATCH_HELP: &str = "\
生成 DIR（默认 data/）中每个单位数据文件（*.yaml 和 *.xlsx 数据工作簿）的预算书，写入 OUT/<单位名称>/，
并写出 OUT/manifest.json（每个文件的大小、页数和 sha256）。多个单位并行生成；
某个单位出错不影响其他单位，它的错误在最后完整列出，退出码为 1，且不留下它的任何文件。

DIR 中的部门文件（含 department: 和 units: 的 .yaml）在各单位之后生成部门预算，写入
OUT/<部门名称>/；manifest.json 中它的 consolidates 列出它汇总的单位数据文件。
同一个单位列在两个部门中时，这两个部门都不生成（规则 H02）。

退出码：0 全部成功；1 有单位失败；2 用法或读写错误。";

/// Arguments of `batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// 数据目录
    #[arg(default_value = "data")]
    pub dir: PathBuf,
    /// 并行生成的单位数：默认或 0 为处理器核数；超过核数或单位数时按较小者
    #[arg(short = 'j', long)]
    pub jobs: Option<usize>,
    /// Where and what to write.
    #[command(flatten)]
    pub output: OutputArgs,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// `yusuan batch`.
pub fn batch(args: &BatchArgs) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let started = std::time::Instant::now();
    let mut toolkit = args.shared.toolkit()?;
    let files = data_folder_files(&args.dir)?;
    toolkit.profile_by_kind_for(&files);
    let (jobs, note) = crate::app::batch::effective_jobs(args.jobs, files.len());
    if let Some(note) = note {
        eprintln!("注意 note: {note}");
    }
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |outcome: &crate::app::batch::UnitOutcome| {
        let name = outcome
            .unit
            .clone()
            .unwrap_or_else(|| outcome.source.display().to_string());
        let status = if outcome.failure.is_none() {
            "成功"
        } else {
            "失败"
        };
        match &bar {
            Some(bar) => {
                bar.set_message(format!("{name} {status}"));
                bar.inc(1);
            }
            None => eprintln!(
                "{name}: {status}（{:.2} 秒）",
                outcome.elapsed.as_secs_f64()
            ),
        }
    };
    let engine = toolkit.engine()?;
    let outcomes = crate::app::batch::run(
        &toolkit,
        &engine,
        &files,
        &args.output.out,
        args.output.format,
        jobs,
        &progress,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    crate::app::staged::write_one(
        &args.output.out.join("manifest.json"),
        &crate::app::batch::manifest(&outcomes, &args.output.out)?,
    )?;
    let failed: Vec<_> = outcomes.iter().filter(|o| o.failure.is_some()).collect();
    for outcome in &failed {
        eprintln!("—— {} ——", outcome.source.display());
        eprint!("{}", outcome.failure.as_deref().unwrap_or_default());
    }
    out!("{}", crate::app::batch::summary(&outcomes));
    let departments = outcomes.iter().filter(|o| o.department).count();
    outln!(
        "共 {}：{} 个成功，{} 个失败；用时 {:.2} 秒（{jobs} 个并行）。清单：{}",
        match departments {
            0 => format!("{} 个单位", outcomes.len()),
            n => format!("{} 个单位和 {n} 个部门", outcomes.len() - n),
        },
        outcomes.len() - failed.len(),
        failed.len(),
        started.elapsed().as_secs_f64(),
        args.output.out.join("manifest.json").display()
    );
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
