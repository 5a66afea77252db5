//! What `yusuan profiles` prints: each profile with its parts and tables, and the row sources
//! with their figures.

use crate::profile::rows::RowSource;
use crate::profile::{Profiles, DEFAULT};

/// The listing `yusuan profiles` prints: each profile with its parts and tables (and the row
/// source of each), and with `sources` every row source's figures.
pub fn profiles(profiles: &Profiles, sources: bool) -> String {
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
