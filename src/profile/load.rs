//! Loading a profile: its `profile.yaml` written over the profile it `extends:` ([`super::extend`]),
//! typed, checked ([`super::check`]), with the narrative templates its parts name (its own,
//! else its parent's). Every mistake is a diagnostic at the line of the file that wrote it,
//! printed as the data's are.

use super::builtin::BUILTIN;
use super::extend::{self, Origins, EXTENDS};
use super::source::{same_folder, Place, Source};
use super::spec::Profile;
use crate::input::diag::{self, Diagnostic};
use crate::input::rule::Rule;
use anyhow::{anyhow, Result};
use serde_yaml::{Mapping, Value};
use std::path::Path;

/// A profile with its narrative templates, ready to use.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    /// The profile, its parent's settings included.
    pub spec: Profile,
    /// Where it comes from, for messages: `内置格式 henan-2023` or its `profile.yaml`.
    pub origin: String,
    /// The narrative templates its parts name.
    pub narrative: Vec<NarrativeFile>,
}

/// A narrative template of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NarrativeFile {
    /// Its file name in `narrative/` (`part1.j2`).
    pub file: String,
    /// Its text.
    pub text: String,
    /// Where it comes from, for messages.
    pub origin: String,
}

impl LoadedProfile {
    /// The built-in profiles.
    pub fn builtin() -> Result<Vec<LoadedProfile>> {
        BUILTIN.iter().map(|b| load(Source::builtin(b))).collect()
    }

    /// The profile in folder `dir`: its `profile.yaml` and the narrative templates it names.
    pub fn read(dir: &Path) -> Result<LoadedProfile> {
        load(Source::folder(dir)?)
    }
}

/// A mistake found in file `file` of the chain.
type Found = (usize, Diagnostic);

/// The profiles a profile extends, itself first.
struct Chain {
    sources: Vec<Source>,
}

fn load(first: Source) -> Result<LoadedProfile> {
    let mut chain = Chain {
        sources: vec![first],
    };
    let (merged, origins) = chain.resolve(0).map_err(|found| chain.report(found))?;
    let text = serde_yaml::to_string(&Value::Mapping(merged))
        .map_err(|error| anyhow!("{}：无法整理：{error}", chain.sources[0].name))?;
    let spec: Profile = serde_yaml::from_str(&text)
        .map_err(|error| chain.report(vec![chain.typing_mistake(&error, &origins)]))?;
    let mistakes: Vec<Found> = super::check::check(&spec)
        .into_iter()
        .map(|(path, message)| chain.locate(Rule::M04, &path, message, &origins))
        .collect();
    if !mistakes.is_empty() {
        return Err(chain.report(mistakes));
    }
    let mut narrative = Vec::new();
    for part in &spec.parts {
        let file = &part.narrative;
        let mut found = None;
        for source in &chain.sources {
            if let Some(template) = source.narrative(file)? {
                found = Some(template);
                break;
            }
        }
        let (text, origin) = found
            .ok_or_else(|| anyhow!("{}：缺少正文模板 narrative/{file}", chain.sources[0].name))?;
        narrative.push(NarrativeFile {
            file: file.clone(),
            text,
            origin,
        });
    }
    Ok(LoadedProfile {
        spec,
        origin: chain.sources[0].name.clone(),
        narrative,
    })
}

impl Chain {
    /// The profile of file `index` with the profiles it extends written under it.
    fn resolve(&mut self, index: usize) -> Result<(Mapping, Origins), Vec<Found>> {
        let value: Value = serde_yaml::from_str(&self.sources[index].text).map_err(|error| {
            let mut diagnostic =
                Diagnostic::error(Rule::M03, "", format!("YAML 格式错误：{error}"));
            diagnostic.position = error
                .location()
                .map(|at| crate::input::source_map::Position {
                    line: at.line(),
                    column: at.column(),
                });
            vec![(index, diagnostic)]
        })?;
        let Value::Mapping(own) = value else {
            let message = "格式文件应是一组字段（name、parts、annex、tables …）";
            return Err(vec![(index, Diagnostic::error(Rule::M03, "", message))]);
        };
        let Some(parent) = own.get(EXTENDS) else {
            let tables = own
                .get("tables")
                .and_then(Value::as_sequence)
                .map_or(0, Vec::len);
            return Ok((own, Origins::whole(index, tables)));
        };
        let parent = self.parent(index, parent)?;
        self.sources.push(parent);
        let parent_index = self.sources.len() - 1;
        let (under, origins) = self.resolve(parent_index)?;
        extend::merge(under, origins, own, index).map_err(|mistakes| {
            mistakes
                .into_iter()
                .map(|(path, message)| {
                    let mut diagnostic = Diagnostic::error(Rule::M05, path, message);
                    diagnostic.position = self.sources[index].map.locate(&diagnostic.path);
                    (index, diagnostic)
                })
                .collect()
        })
    }

    /// The profile named by `extends:` in file `index`: a folder of that name beside it, else
    /// a built-in profile; never one already in the chain.
    fn parent(&self, index: usize, name: &Value) -> Result<Source, Vec<Found>> {
        let at = |message: String| {
            let mut diagnostic = Diagnostic::error(Rule::M05, EXTENDS, message);
            diagnostic.position = self.sources[index].map.locate(EXTENDS);
            vec![(index, diagnostic)]
        };
        let builtin: Vec<&str> = BUILTIN.iter().map(|(name, _, _)| *name).collect();
        let Some(name) = name.as_str() else {
            return Err(at(format!(
                "extends 写所继承的格式的名称，如 {}",
                builtin.join("、")
            )));
        };
        // A folder of that name beside this one, unless it is this very folder (an office's
        // `henan-2023` folder that extends the built-in `henan-2023`).
        let beside = match &self.sources[index].place {
            Place::Folder(dir) => dir
                .parent()
                .map(|parent| parent.join(name))
                .filter(|folder| folder.join("profile.yaml").is_file())
                .filter(|folder| !same_folder(folder, dir)),
            Place::Builtin(_) => None,
        };
        let parent = match beside {
            Some(folder) => Source::folder(&folder).map_err(|error| at(format!("{error:#}")))?,
            None => match BUILTIN.iter().find(|(builtin, _, _)| *builtin == name) {
                Some(profile) => Source::builtin(profile),
                None => {
                    return Err(at(format!(
                        "没有名为“{name}”的格式可以继承；内置的有：{}（或同一目录下的格式文件夹）",
                        builtin.join("、")
                    )))
                }
            },
        };
        if self
            .sources
            .iter()
            .any(|source| source.identity == parent.identity)
        {
            return Err(at(format!("格式“{name}”的继承绕回了自己：{}", parent.name)));
        }
        Ok(parent)
    }

    /// serde's mistake typing the merged profile, in the user's terms, at the file that wrote
    /// the value.
    fn typing_mistake(&self, error: &serde_yaml::Error, origins: &Origins) -> Found {
        let raw = error.to_string();
        let (message, hint) = crate::input::load::explain_yaml_error(&raw);
        let mut path = crate::input::load::yaml_error_path(&raw);
        // An unknown field is found at its own value, not at the mapping holding it.
        if let Some(field) = raw.split("unknown field `").nth(1) {
            let field = field.split('`').next().unwrap_or_default();
            path = match path.is_empty() {
                true => field.to_string(),
                false => format!("{path}.{field}"),
            };
        }
        let (file, mut diagnostic) = self.locate(Rule::M03, &path, message, origins);
        diagnostic.hint = hint;
        // The keys of extending are taken out before typing: a misspelt one is suggested here.
        if let Some(field) = raw.split("unknown field `").nth(1) {
            let field = field.split('`').next().unwrap_or_default();
            let keys = [EXTENDS, "tables_added", "tables_removed", "tables_changed"];
            if let Some(best) = crate::base::text::closest(field, &keys) {
                diagnostic.hint = Some(format!("是不是要写 `{best}`？"));
            }
        }
        (file, diagnostic)
    }

    /// A diagnostic at `path` of the merged profile, placed in the file that wrote that value:
    /// of the places the path may come from, the one whose file records most of it.
    fn locate(&self, rule: Rule, path: &str, message: String, origins: &Origins) -> Found {
        let candidates = origins.candidates(path, self.sources.len());
        let best = candidates
            .iter()
            .filter_map(|(file, at)| {
                let source = self.sources.get(*file)?;
                let (matched, position) = source.map.locate_depth(at)?;
                Some((at.len() - matched, *file, at.clone(), position))
            })
            .min_by_key(|(unmatched, file, _, _)| (*unmatched, *file));
        match best {
            Some((_, file, at, position)) => {
                let mut diagnostic = Diagnostic::error(rule, at, message);
                diagnostic.position = Some(position);
                (file, diagnostic)
            }
            None => (0, Diagnostic::error(rule, path, message)),
        }
    }

    /// The error that lists `found`, each printed with the lines of its file.
    fn report(&self, found: Vec<Found>) -> anyhow::Error {
        let mut text = String::new();
        for (index, source) in self.sources.iter().enumerate() {
            let here: Vec<Diagnostic> = found
                .iter()
                .filter(|(file, _)| *file == index)
                .map(|(_, diagnostic)| diagnostic.clone())
                .collect();
            if !here.is_empty() {
                text.push_str(&diag::render(&source.name, &source.text, &here));
            }
        }
        anyhow!(
            "格式文件 {} 有误：\n{}",
            self.sources[0].name,
            text.trim_end()
        )
    }
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

    /// The error of loading `yaml` as the profile of a folder `p` (and the line it points at,
    /// as `p/profile.yaml:LINE:`).
    fn error_of(yaml: &str) -> String {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("yusuan-profile-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("profile.yaml"), yaml).unwrap();
        let error = LoadedProfile::read(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        format!("{error:#}")
    }

    /// The error of loading `yaml`, or none when it loads.
    fn error_of_or_ok(yaml: &str) -> Option<String> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("yusuan-profile-ok-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("profile.yaml"), yaml).unwrap();
        let loaded = LoadedProfile::read(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        loaded.err().map(|error| format!("{error:#}"))
    }

    fn line_of(yaml: &str, text: &str) -> String {
        let line = yaml.lines().position(|l| l.contains(text)).unwrap() + 1;
        format!("profile.yaml:{line}:")
    }

    #[test]
    fn builtin_profiles_load() {
        let profiles = LoadedProfile::builtin().unwrap();
        let henan = &profiles[0];
        assert_eq!(henan.spec.tables.len(), 11);
        assert_eq!(henan.spec.parts.len(), 3);
        assert_eq!(henan.narrative.len(), 3);
        // 2024 is 2023 with one table added before the last, and the same narrative.
        let henan_2024 = &profiles[1];
        assert_eq!(henan_2024.spec.name, "henan-2024");
        assert_eq!(henan_2024.spec.tables.len(), 12);
        assert_eq!(
            henan_2024.spec.tables[10].name,
            "本级部门（单位）整体绩效目标表"
        );
        assert_eq!(henan_2024.spec.tables[11].name, henan.spec.tables[10].name);
        let texts = |p: &LoadedProfile| {
            p.narrative
                .iter()
                .map(|n| n.text.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(henan_2024), texts(henan));
    }

    #[test]
    fn a_column_must_show_a_figure_its_rows_provide() {
        let yaml = with_table("      - { header: 合计, show: totl, width: 1 }\n");
        let error = error_of(&yaml);
        assert!(error.contains("show: totl"), "{error}");
        assert!(error.contains("error[M04]"), "{error}");
        assert!(error.contains(&line_of(&yaml, "show: totl")), "{error}");
        assert!(error.contains("three_public"), "{error}");
        assert!(error.contains("total、abroad"), "{error}");
    }

    #[test]
    fn columns_need_widths_and_groups_need_none_and_every_mistake_is_listed() {
        let yaml = with_table(
            "      - { header: 合计, show: total }\n      - header: 组\n        width: 3\n        columns:\n          - { header: 出国, show: abroad, width: 1 }\n",
        );
        let error = error_of(&yaml);
        assert!(error.contains("缺少 width"), "{error}");
        assert!(error.contains("最下一级"), "{error}");
        assert_eq!(error.matches("error[M04]").count(), 2, "{error}");
    }

    /// Columns given once under an anchor and again by an alias: a figure the second table's
    /// rows lack is reported at the line that holds it, in the first table.
    #[test]
    fn a_mistake_reached_through_an_alias_is_at_the_anchor_s_line() {
        let builtin = BUILTIN[0].1;
        let start = builtin.find("tables:").unwrap();
        let yaml = format!(
            "{}tables:\n  - name: 甲\n    title: 甲\n    rows: {{ source: three_public }}\n    columns: &cols\n      - {{ header: 合计, show: total, width: 1 }}\n      - {{ header: 出国, show: abroad, width: 1 }}\n  - name: 乙\n    title: 乙\n    rows: {{ source: basic_by_economic }}\n    columns: *cols\n",
            &builtin[..start]
        );
        let error = error_of(&yaml);
        assert!(error.contains("abroad") && error.contains("乙"), "{error}");
        assert!(error.contains(&line_of(&yaml, "show: abroad")), "{error}");
    }

    #[test]
    fn an_unknown_row_source_or_field_is_named_at_its_line() {
        let yaml = with_table("      - { header: 合计, show: total, width: 1 }\n")
            .replace("source: three_public", "source: three_publik");
        let error = error_of(&yaml);
        assert!(
            error.contains("three_publik") && error.contains("error[M03]"),
            "{error}"
        );
        assert!(error.contains(&line_of(&yaml, "three_publik")), "{error}");
        let yaml = with_table("      - { header: 合计, show: total, width: 1 }\n")
            .replace("    title: 表\n", "    title: 表\n    landscap: true\n");
        let error = error_of(&yaml);
        assert!(
            error.contains("landscap") && error.contains("是不是要写 `landscape`"),
            "{error}"
        );
        assert!(error.contains(&line_of(&yaml, "landscap:")), "{error}");
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
        let error = error_of(&yaml);
        assert!(
            error.contains("roundng") && error.contains("rounding"),
            "{error}"
        );
        assert!(error.contains(&line_of(&yaml, "roundng")), "{error}");
    }

    #[test]
    fn a_misspelt_name_in_a_text_is_found_at_its_line() {
        let yaml = BUILTIN[0].1.replacen("{{ unit }}概况", "{{ unt }}概况", 1);
        let error = error_of(&yaml);
        assert!(error.contains(&line_of(&yaml, "{{ unt }}")), "{error}");
        assert!(error.contains("parts.title"), "{error}");
    }

    /// A child may write one setting of a group its parent leaves to the defaults.
    #[test]
    fn a_setting_the_parent_leaves_to_its_default_can_be_changed_alone() {
        let yaml = "extends: henan-2023\nname: mine\nannex:\n  amounts: { decimals: 0 }\ncover: { date_line: \"\" }\n";
        assert!(error_of_or_ok(yaml).is_none(), "{:?}", error_of_or_ok(yaml));
    }

    #[test]
    fn a_unit_changed_without_its_line_and_too_many_decimals_are_mistakes() {
        let yaml = "extends: shanghai\nname: mine\nannex:\n  amounts: { unit: 万元 }\n";
        let error = error_of(yaml);
        assert!(
            error.contains("单位：元") && error.contains(&line_of(yaml, "unit: 万元")),
            "{error}"
        );
        let yaml = "extends: shanghai\nname: mine\nannex:\n  amounts: { decimals: 24 }\n";
        let error = error_of(yaml);
        assert!(
            error.contains("decimals: 24") && error.contains(&line_of(yaml, "decimals")),
            "{error}"
        );
        let yaml = "extends: shanghai\nname: mine\nannex:\n  amounts: { unit: 万元 }\n  unit_line: 单位：万元\n";
        assert!(error_of_or_ok(yaml).is_none(), "both changed together load");
    }

    #[test]
    fn a_folder_may_extend_the_built_in_it_is_named_after_and_cycles_are_found_by_folder() {
        let root = std::env::temp_dir().join(format!("yusuan-extend-{}", std::process::id()));
        let folder = |name: &str, yaml: &str| {
            let dir = root.join(name);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("profile.yaml"), yaml).unwrap();
            dir
        };
        let own = folder(
            "shanghai",
            "extends: shanghai\nname: shanghai\nyears: [2027]\n",
        );
        assert_eq!(LoadedProfile::read(&own).unwrap().spec.years, [2027]);
        let a = folder("a", "extends: ./b/../b\nname: a\n");
        folder("b", "extends: ./a/../a\nname: b\n");
        let error = format!("{:#}", LoadedProfile::read(&a).unwrap_err());
        assert!(
            error.contains("绕回了自己") && error.contains("error[M05]"),
            "{error}"
        );
        std::fs::create_dir_all(own.join("narrative")).unwrap();
        std::fs::write(own.join("narrative/duties.j2"), b"\xd6\xd0\xce\xc4").unwrap();
        let error = format!("{:#}", LoadedProfile::read(&own).unwrap_err());
        assert!(
            error.contains("duties.j2") && error.contains("GBK"),
            "{error}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_child_s_mistakes_are_at_its_own_lines_and_a_parent_must_exist() {
        let yaml = "extends: henan-2023\nname: mine\nannex:\n  amounts: { decimals: 2, unit: 美元 }\ntables_changed:\n  - name: 单位收支预算表\n    columns:\n      - { header: 合计, show: totl, width: 1 }\n";
        let error = error_of(yaml);
        assert!(
            error.contains("美元") && error.contains(&line_of(yaml, "美元")),
            "{error}"
        );
        let yaml = "extends: henan-2023\nname: mine\ntables_changed:\n  - name: 单位收支预算表\n    columns:\n      - { header: 合计, show: totl, width: 1 }\n";
        let error = error_of(yaml);
        assert!(error.contains(&line_of(yaml, "show: totl")), "{error}");
        assert!(
            !error.contains("内置格式"),
            "the child's line, not the parent's: {error}"
        );
        let yaml = "extends: henan-2099\nname: mine\n";
        let error = error_of(yaml);
        assert!(
            error.contains("error[M05]") && error.contains("henan-2023"),
            "{error}"
        );
        let yaml = "extends: henan-2023\nname: mine\ntables_removed: [没有这张表]\n";
        let error = error_of(yaml);
        assert!(
            error.contains("没有这张表") && error.contains(&line_of(yaml, "没有这张表")),
            "{error}"
        );
    }
}
