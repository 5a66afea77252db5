//! Profiles: the booklet's shape as data. A profile is a folder, `templates/profiles/<name>/`,
//! with a `profile.yaml` (the parts in order, the annex tables in order with their titles,
//! column trees, row sources and notes) and the narrative templates its parts name. Built-in
//! profiles ship in the binary; `--profile DIR` or the data's `profile:` key picks one.

pub mod rows;
pub mod texts;

use anyhow::{anyhow, Context, Result};
use rows::RowSource;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The profile a data file gets when it names none.
pub const DEFAULT: &str = "henan-2023";

/// A profile as written in its `profile.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Its name (`henan-2023`).
    pub name: String,
    /// What booklet it makes.
    pub description: String,
    /// The region whose booklets it follows.
    pub region: String,
    /// The budget years it is for.
    pub years: Vec<u16>,
    /// The amount unit of tables and text (`万元`).
    pub amount_unit: String,
    /// The cover.
    #[serde(default)]
    pub cover: CoverSpec,
    /// The narrative parts, in order.
    pub parts: Vec<PartSpec>,
    /// The annex and its tables' label, 目录 entry and unit lines.
    pub annex: AnnexSpec,
    /// The annex tables, in order.
    pub tables: Vec<TableSpec>,
}

/// One narrative part (第一部分 …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartSpec {
    /// `第一部分`.
    pub label: String,
    /// Its title, a template (`{{ unit }}概况`).
    pub title: String,
    /// The narrative template file, in the profile's `narrative/`.
    pub narrative: String,
    /// Its 目录 entry, a template (default: label and title).
    #[serde(default)]
    pub toc: Option<String>,
    /// Printed after the annex tables instead of before them.
    #[serde(default)]
    pub after_annex: bool,
}

/// The cover's lines, templates (`{{ date }}` is the publication month, 二〇二三年二月).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverSpec {
    /// The line above the title.
    pub year_line: String,
    /// The title.
    pub title: String,
    /// The line at the foot (empty: none).
    #[serde(default)]
    pub date_line: String,
}

impl Default for CoverSpec {
    /// The 新乡 cover: `2023年度`, `<单位>单位预算`, the month.
    fn default() -> Self {
        CoverSpec {
            year_line: "{{ year }}年度".into(),
            title: "{{ unit }}单位预算".into(),
            date_line: "{{ date }}".into(),
        }
    }
}

/// The annex.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexSpec {
    /// `附件：`.
    pub label: String,
    /// Its title, a template.
    pub title: String,
    /// A table's label, a template (`预算{{ number2 }}表`).
    pub table_label: String,
    /// A table's 目录 entry, a template (`{{ counting }}、{{ name }}`).
    pub table_toc: String,
    /// The 单位名称 line, a template.
    pub unit_name: String,
    /// The unit line (`单位：万元`).
    pub unit_line: String,
    /// How the tables print amounts (default: 万元, two decimals).
    #[serde(default)]
    pub amounts: crate::model::money::AmountFormat,
}

/// One annex table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// Its name in the 目录.
    pub name: String,
    /// Its title, a template.
    pub title: String,
    /// Set on landscape pages.
    #[serde(default)]
    pub landscape: bool,
    /// Print the header rows of the column tree (a form, which labels its own rows, says
    /// `header: false`).
    #[serde(default = "yes")]
    pub header: bool,
    /// Where its rows come from.
    pub rows: RowSource,
    /// The column tree.
    pub columns: Vec<ColumnSpec>,
    /// Notes: a note's name in `texts.yaml`, or the text itself.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Notes added when the table has no data rows.
    #[serde(default)]
    pub notes_when_empty: Vec<String>,
    /// How this table prints amounts, when not as the annex says.
    #[serde(default)]
    pub amounts: Option<crate::model::money::AmountFormat>,
    /// Its unit line, when not the annex's.
    #[serde(default)]
    pub unit_line: Option<String>,
}

fn yes() -> bool {
    true
}

/// A column, or a group of columns under one header.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// The header text.
    pub header: String,
    /// The figure a bottom-level column shows; none: the column stays empty.
    #[serde(default)]
    pub show: Option<String>,
    /// A bottom-level column's relative width.
    #[serde(default)]
    pub width: Option<u16>,
    /// The columns under a group.
    #[serde(default)]
    pub columns: Vec<ColumnSpec>,
}

/// The bottom-level columns of a column tree, left to right.
pub fn leaves(columns: &[ColumnSpec]) -> Vec<&ColumnSpec> {
    let mut found = Vec::new();
    for column in columns {
        if column.columns.is_empty() {
            found.push(column);
        } else {
            found.extend(leaves(&column.columns));
        }
    }
    found
}

/// A profile with its narrative templates, ready to use.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    /// The profile.
    pub spec: Profile,
    /// Where it comes from, for messages: `内置` or its folder.
    pub origin: String,
    /// The narrative templates its parts name: (file name, source).
    pub narrative: Vec<(String, String)>,
}

/// A built-in profile: its name, its `profile.yaml` and its narrative files (name, text).
type BuiltinProfile = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// A built-in profile from its folder under `templates/profiles/`, with the narrative files
/// its parts name.
macro_rules! builtin {
    ($name:literal, [$($file:literal),*]) => {
        (
            $name,
            include_str!(concat!("../../templates/profiles/", $name, "/profile.yaml")),
            &[$(($file, include_str!(concat!("../../templates/profiles/", $name, "/narrative/", $file)))),*],
        )
    };
}

/// The built-in profiles.
const BUILTIN: &[BuiltinProfile] = &[
    builtin!("henan-2023", ["part1.j2", "part2.j2", "part3.j2"]),
    builtin!("henan-2024", ["part1.j2", "part2.j2", "part3.j2"]),
    builtin!(
        "shanghai",
        [
            "duties.j2",
            "offices.j2",
            "glossary.j2",
            "explanation.j2",
            "other.j2"
        ]
    ),
];

impl LoadedProfile {
    /// The built-in profiles, by name.
    pub fn builtin() -> Result<Vec<LoadedProfile>> {
        BUILTIN
            .iter()
            .map(|(name, yaml, files)| {
                let origin = format!("内置格式 {name}");
                let spec = parse(yaml, &origin)?;
                let narrative = spec
                    .parts
                    .iter()
                    .map(|part| {
                        files
                            .iter()
                            .find(|(file, _)| *file == part.narrative)
                            .map(|(file, text)| (file.to_string(), text.to_string()))
                            .ok_or_else(|| anyhow!("{origin}：缺少正文模板 {}", part.narrative))
                    })
                    .collect::<Result<_>>()?;
                Ok(LoadedProfile {
                    spec,
                    origin,
                    narrative,
                })
            })
            .collect()
    }

    /// The profile in folder `dir`: its `profile.yaml` and the narrative templates it names.
    pub fn read(dir: &Path) -> Result<LoadedProfile> {
        let file = dir.join("profile.yaml");
        let yaml = std::fs::read_to_string(&file)
            .with_context(|| format!("无法读取格式文件 {}", file.display()))?;
        let origin = file.display().to_string();
        let spec = parse(&yaml, &origin)?;
        let narrative = spec
            .parts
            .iter()
            .map(|part| {
                let path = dir.join("narrative").join(&part.narrative);
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("{origin}：无法读取正文模板 {}", path.display()))?;
                Ok((part.narrative.clone(), text))
            })
            .collect::<Result<_>>()?;
        Ok(LoadedProfile {
            spec,
            origin,
            narrative,
        })
    }
}

/// Parses and checks a `profile.yaml`.
fn parse(yaml: &str, origin: &str) -> Result<Profile> {
    let spec: Profile = serde_yaml::from_str(yaml).map_err(|error| {
        let place = error
            .location()
            .map(|l| format!("第 {} 行第 {} 列：", l.line(), l.column()))
            .unwrap_or_default();
        anyhow!("格式文件 {origin} 有误：{place}{error}")
    })?;
    check(&spec).map_err(|mistake| {
        let place = mistake
            .line(yaml)
            .map(|line| format!("第 {line} 行："))
            .unwrap_or_default();
        anyhow!("格式文件 {origin} 有误：{place}{}", mistake.message)
    })?;
    Ok(spec)
}

/// A profile mistake serde cannot see, with what finds its line: the table's name and a text
/// on the line at fault, after it.
#[derive(Debug)]
struct Mistake {
    message: String,
    table: Option<String>,
    text: String,
    /// The YAML path of the value at fault, where it is known (`tables[6].columns[2].show`):
    /// found by the source map, it is right through anchors and aliases, where a text search
    /// finds the alias's table instead of the anchor's text.
    path: Option<String>,
}

impl Mistake {
    fn in_table(table: &TableSpec, text: impl Into<String>, message: String) -> Mistake {
        Mistake {
            message,
            table: Some(table.name.clone()),
            text: text.into(),
            path: None,
        }
    }

    /// The mistake at the YAML path `path`.
    fn at(mut self, path: String) -> Mistake {
        self.path = Some(path);
        self
    }

    /// The 1-based line of the mistake in `yaml`: the first line holding its text after the
    /// line that names its table.
    fn line(&self, yaml: &str) -> Option<usize> {
        if let Some(path) = &self.path {
            if let Some(position) = crate::input::source_map::SourceMap::parse(yaml).locate(path) {
                return Some(position.line);
            }
        }
        let lines: Vec<&str> = yaml.lines().collect();
        let from = match &self.table {
            Some(name) => lines.iter().position(|l| {
                l.trim_start().trim_start_matches("- ").trim() == format!("name: {name}")
            })?,
            None => 0,
        };
        lines[from..]
            .iter()
            .position(|l| l.contains(&self.text))
            .map(|at| from + at + 1)
    }
}

/// What serde cannot check: every bottom-level column has a width and shows a figure its
/// table's rows provide; groups have columns under them and neither width nor figure.
fn check(spec: &Profile) -> Result<(), Mistake> {
    if let Some(part) = spec
        .parts
        .iter()
        .find(|p| p.narrative.contains(['/', '\\']))
    {
        return Err(Mistake {
            message: "parts 的 narrative 只写 narrative/ 中的文件名".into(),
            table: None,
            text: format!("narrative: {}", part.narrative),
            path: None,
        });
    }
    // Every text template fills with the names it may use, so a misspelt name is found here,
    // at its line, not when a unit is built.
    let mut texts: Vec<(&str, &str)> = vec![
        ("cover.year_line", &spec.cover.year_line),
        ("cover.title", &spec.cover.title),
        ("cover.date_line", &spec.cover.date_line),
        ("annex.title", &spec.annex.title),
        ("annex.table_label", &spec.annex.table_label),
        ("annex.table_toc", &spec.annex.table_toc),
        ("annex.unit_name", &spec.annex.unit_name),
        ("annex.unit_line", &spec.annex.unit_line),
    ];
    for part in &spec.parts {
        texts.push(("parts.title", &part.title));
        if let Some(toc) = &part.toc {
            texts.push(("parts.toc", toc));
        }
    }
    for table in &spec.tables {
        texts.push(("tables.title", &table.title));
        texts.extend(table.notes.iter().map(|n| ("tables.notes", n.as_str())));
        texts.extend(
            table
                .notes_when_empty
                .iter()
                .map(|n| ("tables.notes_when_empty", n.as_str())),
        );
        if let Some(line) = &table.unit_line {
            texts.push(("tables.unit_line", line));
        }
    }
    let sample = [
        ("unit", "单位"),
        ("year", "2024"),
        ("date", "二〇二四年二月"),
        ("number", "1"),
        ("number2", "01"),
        ("counting", "一"),
        ("name", "表"),
        ("title", "2024年表"),
    ];
    for (field, text) in texts {
        if let Err(error) = fill(text, &sample) {
            return Err(Mistake {
                message: format!(
                    "{field}：{error}；可以使用的名称有 unit、year、date（封面）、number、number2、counting、name、title（表）"
                ),
                table: None,
                text: text.to_string(),
                path: None,
            });
        }
    }
    for (index, table) in spec.tables.iter().enumerate() {
        let place = format!("tables 第 {} 张表“{}”", index + 1, table.name);
        // A note is a name in texts.yaml or the text itself; a word of Latin letters is meant
        // as a name (a text would be Chinese), so one that names nothing is a misspelling that
        // would otherwise print under the table.
        for note in table.notes.iter().chain(&table.notes_when_empty) {
            let looks_like_a_name =
                !note.is_empty() && note.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if looks_like_a_name && !crate::profile::texts::NOTE_NAMES.contains(&note.as_str()) {
                let hint = match crate::base::text::closest(note, crate::profile::texts::NOTE_NAMES)
                {
                    Some(best) => format!("是不是要写“{best}”？"),
                    None => String::new(),
                };
                return Err(Mistake::in_table(
                    table,
                    note.clone(),
                    format!(
                        "{place}：注释名“{note}”不存在。{hint}可用的注释名有：{}（或直接写出注释的文字）",
                        crate::profile::texts::NOTE_NAMES.join("、")
                    ),
                ));
            }
        }
        if table.columns.is_empty() {
            return Err(Mistake::in_table(
                table,
                "name:",
                format!("{place}没有列（columns）"),
            ));
        }
        check_columns(
            table,
            &table.columns,
            &place,
            &format!("tables[{index}].columns"),
        )?;
        if let RowSource::SummaryByClass { income } = &table.rows {
            let figures = rows::income_line_figures();
            for line in income {
                if let Some(figure) = line.figure.as_deref() {
                    if !figures.contains(&figure) {
                        return Err(Mistake::in_table(
                            table,
                            format!("figure: {figure}"),
                            format!(
                                "{place}：收入行“{}”的 figure: {figure} 不是收入数字；可用的有：{}",
                                line.label,
                                figures.join("、")
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(needed) = table.rows.form_columns() {
            let found = leaves(&table.columns).len();
            if found != needed {
                return Err(Mistake::in_table(
                    table,
                    "columns:",
                    format!(
                        "{place}：行来源 {} 是固定格式的表，需要 {needed} 列，这里有 {found} 列",
                        table.rows.name()
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_columns(
    table: &TableSpec,
    columns: &[ColumnSpec],
    place: &str,
    path: &str,
) -> Result<(), Mistake> {
    let rows = &table.rows;
    for (index, column) in columns.iter().enumerate() {
        let path = format!("{path}[{index}]");
        let here = format!("{place}的列“{}”", column.header);
        let at = format!("header: {}", column.header);
        if column.columns.is_empty() {
            if column.width.is_none_or(|w| w == 0) {
                return Err(Mistake::in_table(
                    table,
                    at,
                    format!("{here}缺少 width（相对列宽，正整数）"),
                )
                .at(path));
            }
            if let Some(figure) = &column.show {
                if !rows.figures().iter().any(|(name, _)| name == figure) {
                    let known: Vec<&str> = rows.figures().iter().map(|(name, _)| *name).collect();
                    return Err(Mistake::in_table(
                        table,
                        format!("show: {figure}"),
                        format!(
                            "{here}：show: {figure} 不是行来源 {} 提供的数字；可用的有：{}",
                            rows.name(),
                            known.join("、")
                        ),
                    )
                    .at(format!("{path}.show")));
                }
            }
        } else {
            if column.show.is_some() || column.width.is_some() {
                return Err(Mistake::in_table(
                    table,
                    at,
                    format!("{here}下面还有列，show 和 width 应写在最下一级的列上"),
                )
                .at(path));
            }
            check_columns(table, &column.columns, place, &format!("{path}.columns"))?;
        }
    }
    Ok(())
}

/// The profiles of a run: the built-in ones and those given as folders, by name or folder.
#[derive(Debug, Clone)]
pub struct Profiles {
    by_key: BTreeMap<String, LoadedProfile>,
}

impl Profiles {
    /// The built-in profiles, or those of `dir` (an office's `templates/profiles/`), each in
    /// a folder of its own.
    pub fn load(dir: Option<&Path>) -> Result<Profiles> {
        let list = match dir {
            None => LoadedProfile::builtin()?,
            Some(dir) => {
                let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
                    .with_context(|| format!("无法读取格式目录 {}", dir.display()))?
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|path| path.join("profile.yaml").is_file())
                    .collect();
                folders.sort();
                let list: Vec<LoadedProfile> = folders
                    .iter()
                    .map(|folder| LoadedProfile::read(folder))
                    .collect::<Result<_>>()?;
                // Two folders under one name: the data's `profile:` could mean either.
                for (index, profile) in list.iter().enumerate() {
                    if let Some(other) = list[..index]
                        .iter()
                        .position(|earlier| earlier.spec.name == profile.spec.name)
                    {
                        anyhow::bail!(
                            "格式目录 {} 和 {} 的 profile.yaml 都叫 name: {}：数据中的 profile: 不知道指哪一个（把其中一个改名）",
                            folders[other].display(),
                            folders[index].display(),
                            profile.spec.name
                        );
                    }
                }
                list
            }
        };
        let by_key = list
            .into_iter()
            .map(|profile| (profile.spec.name.clone(), profile))
            .collect();
        Ok(Profiles { by_key })
    }

    /// Adds the profile of folder `dir` (`--profile DIR`), under a key of its own; returns the
    /// key.
    pub fn add_folder(&mut self, dir: &Path) -> Result<String> {
        let profile = LoadedProfile::read(dir)?;
        let key = format!("{}@{}", profile.spec.name, dir.display());
        self.by_key.insert(key.clone(), profile);
        Ok(key)
    }

    /// The profile of `key` (a name or a folder's key).
    pub fn get(&self, key: &str) -> Option<&LoadedProfile> {
        self.by_key.get(key)
    }

    /// Every profile with its key, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &LoadedProfile)> {
        self.by_key.iter()
    }

    /// The names of the profiles, for messages.
    pub fn names(&self) -> Vec<&str> {
        self.by_key.keys().map(String::as_str).collect()
    }
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
            let columns = leaves(&table.columns).len();
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
                let _ = writeln!(out, "      {figure:<42} {meaning}");
            }
        }
    }
    out
}

/// Fills a profile's text template (`{{ unit }}{{ year }}年单位预算表`) with `values`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> Result<String> {
    if !template.contains("{{") && !template.contains("{%") {
        return Ok(template.to_string());
    }
    // Most texts only name values (`{{ unit }}{{ year }}年…`): filled directly, without
    // compiling a template for each table of each unit.
    if let Some(filled) = fill_names(template, values) {
        return Ok(filled);
    }
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let context: BTreeMap<&str, &str> = values.iter().copied().collect();
    env.render_str(template, context)
        .map_err(|error| anyhow!("格式中的文字“{template}”无法填写：{error}"))
}

/// `template` with each `{{ name }}` replaced by its value, when that is all it holds and every
/// name is known; `None` otherwise (minijinja then fills it, and names what is wrong).
fn fill_names(template: &str, values: &[(&str, &str)]) -> Option<String> {
    if template.contains("{%") || template.contains("{#") {
        return None;
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}")? + start;
        let name = rest[start + 2..end].trim();
        let (_, value) = values.iter().find(|(key, _)| *key == name)?;
        out.push_str(value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_table(columns: &str) -> String {
        let builtin = BUILTIN[0].1;
        let start = builtin.find("tables:").unwrap();
        format!(
            "{}tables:\n  - name: 表\n    title: 表\n    rows: {{ source: three_public }}\n    columns:\n{columns}",
            &builtin[..start]
        )
    }

    #[test]
    fn builtin_profiles_load() {
        let profiles = Profiles::load(None).unwrap();
        let henan = profiles.get(DEFAULT).unwrap();
        assert_eq!(henan.spec.tables.len(), 11);
        assert_eq!(henan.spec.parts.len(), 3);
        assert_eq!(henan.narrative.len(), 3);
    }

    #[test]
    fn a_column_must_show_a_figure_its_rows_provide() {
        let error = parse(
            &with_table("      - { header: 合计, show: totl, width: 1 }\n"),
            "p.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("show: totl"), "{error}");
        let line = with_table("      - { header: 合计, show: totl, width: 1 }\n")
            .lines()
            .position(|l| l.contains("show: totl"))
            .unwrap()
            + 1;
        assert!(error.contains(&format!("第 {line} 行")), "{error}");
        assert!(error.contains("three_public"), "{error}");
        assert!(error.contains("total、abroad"), "{error}");
    }

    #[test]
    fn columns_need_widths_and_groups_need_none() {
        let error = parse(&with_table("      - { header: 合计, show: total }\n"), "p")
            .unwrap_err()
            .to_string();
        assert!(error.contains("缺少 width"), "{error}");
        let error = parse(
            &with_table(
                "      - header: 组\n        width: 3\n        columns:\n          - { header: 合计, show: total, width: 1 }\n",
            ),
            "p",
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("最下一级"), "{error}");
    }

    /// Columns given once under an anchor and again by an alias: a figure the second table's
    /// rows lack is reported at the line that holds it, in the first table, not in the
    /// second's (where a text search looked).
    #[test]
    fn a_mistake_reached_through_an_alias_is_at_the_anchor_s_line() {
        let builtin = BUILTIN[0].1;
        let start = builtin.find("tables:").unwrap();
        let yaml = format!(
            "{}tables:\n  - name: 甲\n    title: 甲\n    rows: {{ source: three_public }}\n    columns: &cols\n      - {{ header: 合计, show: total, width: 1 }}\n      - {{ header: 出国, show: abroad, width: 1 }}\n  - name: 乙\n    title: 乙\n    rows: {{ source: basic_by_economic }}\n    columns: *cols\n",
            &builtin[..start]
        );
        let line = yaml
            .lines()
            .position(|l| l.contains("show: abroad"))
            .unwrap()
            + 1;
        let error = parse(&yaml, "p.yaml").unwrap_err().to_string();
        assert!(error.contains("abroad") && error.contains("乙"), "{error}");
        assert!(error.contains(&format!("第 {line} 行")), "{error}");
    }

    #[test]
    fn an_unknown_row_source_is_named_with_its_line() {
        let yaml = with_table("      - { header: 合计, show: total, width: 1 }\n")
            .replace("source: three_public", "source: three_publik");
        let error = parse(&yaml, "p.yaml").unwrap_err().to_string();
        assert!(error.contains("three_publik"), "{error}");
        assert!(error.contains("行"), "{error}");
    }

    #[test]
    fn a_misspelt_note_name_is_found_at_its_line() {
        let yaml = BUILTIN[0]
            .1
            .replacen("notes: [rounding]", "notes: [roundng]", 1);
        assert_ne!(
            yaml, BUILTIN[0].1,
            "the built-in profile has a rounding note"
        );
        let error = parse(&yaml, "p.yaml").unwrap_err().to_string();
        assert!(
            error.contains("roundng") && error.contains("rounding"),
            "{error}"
        );
        let line = yaml.lines().position(|l| l.contains("roundng")).unwrap() + 1;
        assert!(error.contains(&format!("第 {line} 行")), "{error}");
        // A note written out in full is a text, not a name.
        let text = BUILTIN[0]
            .1
            .replacen("notes: [rounding]", "notes: [注：单位为万元。]", 1);
        assert!(parse(&text, "p.yaml").is_ok());
    }

    #[test]
    fn a_misspelt_name_in_a_text_is_found_at_its_line() {
        let yaml = BUILTIN[0].1.replacen("{{ unit }}概况", "{{ unt }}概况", 1);
        let error = parse(&yaml, "p.yaml").unwrap_err().to_string();
        let line = yaml.lines().position(|l| l.contains("{{ unt }}")).unwrap() + 1;
        assert!(error.contains(&format!("第 {line} 行")), "{error}");
        assert!(error.contains("parts.title"), "{error}");
    }

    #[test]
    fn texts_are_filled() {
        assert_eq!(
            fill(
                "{{ unit }}{{ year }}年",
                &[("unit", "甲"), ("year", "2023")]
            )
            .unwrap(),
            "甲2023年"
        );
        assert_eq!(fill("单位：万元", &[]).unwrap(), "单位：万元");
        assert!(fill("{{ unt }}", &[("unit", "甲")]).is_err());
        assert_eq!(
            fill("{{ unit | length }}", &[("unit", "甲乙")]).unwrap(),
            "2",
            "anything beyond a name goes to minijinja"
        );
        assert_eq!(
            fill_names("a{{ x }}b{{y}}", &[("x", "1"), ("y", "2")]).unwrap(),
            "a1b2"
        );
    }
}
