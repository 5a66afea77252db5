//! `yusuan profiles`: the booklet formats with their tables, and the row sources' figures.

use super::*;
use crate::profile::rows::RowSource;
use crate::profile::{Profiles, DEFAULT};

pub(super) const PROFILES_HELP: &str = "\
列出预算书格式（profile）：每种格式的名称、适用地区和年度、正文各部分和附件各表。
数据文件用 profile: 名称 选择格式（不写时为 henan-2023），--profile 名称或文件夹 则对
所有单位使用同一格式。要按新格式出书，建一个文件夹，其中的 profile.yaml 用
extends: 继承最接近的格式，只写不同之处（增删改表、金额格式、替换的正文模板），
再用 --profile 文件夹 使用它（见 README 的 Profiles 一节）。

--sources 另外列出每种行来源（rows: { source: … }）提供的数字名称（show: …）。";

/// Arguments of `profiles`.
#[derive(Debug, clap::Args)]
pub struct ProfilesArgs {
    /// 同时列出各行来源提供的数字
    #[arg(long)]
    pub sources: bool,
    /// 模板目录（默认使用程序内置的模板；目录结构同 templates/）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// `yusuan profiles`: the profiles, their parts and tables, and with `--sources` the figures
/// each row source provides.
pub fn profiles(args: &ProfilesArgs) -> Result<ExitCode> {
    let files = match &args.templates {
        Some(dir) => crate::base::resources::TemplateFiles::read(dir)?,
        None => crate::base::resources::TemplateFiles::builtin(),
    };
    let profiles = crate::profile::Profiles::load(files.profiles.as_deref())?;
    out!("{}", listing(&profiles, args.sources));
    Ok(ExitCode::SUCCESS)
}

/// The listing `yusuan profiles` prints: each profile with its parts and tables (and the row
/// source of each), and with `sources` every row source's figures.
pub fn listing(profiles: &Profiles, sources: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (key, profile) in profiles.iter() {
        let spec = &profile.spec;
        let years: Vec<String> = spec.years.iter().map(u16::to_string).collect();
        let default = if key == DEFAULT { "（默认）" } else { "" };
        let _ = writeln!(out, "{key}{default}：{}", spec.description);
        let _ = writeln!(
            out,
            "  地区：{}；年度：{}；金额单位：{}",
            spec.region,
            years.join("、"),
            spec.amount_unit
        );
        // A format whose parts have no label (第一部分 …) is listed by their titles, the
        // unit's name and year shown as what they stand for.
        let parts: Vec<String> = spec
            .parts
            .iter()
            .map(|p| match p.label.is_empty() {
                true => p
                    .title
                    .replace("{{ unit }}", "（单位）")
                    .replace("{{ year }}", "（年度）"),
                false => p.label.clone(),
            })
            .collect();
        let _ = writeln!(out, "  正文：{}", parts.join("、"));
        let _ = writeln!(out, "  附件 {} 张表：", spec.tables.len());
        for (index, table) in spec.tables.iter().enumerate() {
            let columns = crate::profile::leaves(&table.columns).len();
            let _ = writeln!(
                out,
                "    {:>2}. {}（{} 列，行来源 {}）",
                index + 1,
                table.name,
                columns,
                table.rows.name()
            );
        }
        let _ = writeln!(out);
    }
    if sources {
        let _ = writeln!(out, "行来源（rows: {{ source: … }}）及其数字（show: …）：");
        for source in RowSource::all() {
            let _ = writeln!(out, "  {}：{}", source.name(), source.description());
            for (figure, meaning) in source.figures() {
                let _ = writeln!(out, "      {:<42} {meaning}", figure.key());
            }
        }
    }
    out
}
