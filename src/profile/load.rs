//! Loading a profile: its `profile.yaml` written over the profile it `extends:` ([`super::extend`]),
//! typed, checked ([`super::check`]), with the narrative templates its parts name (its own,
//! else its parent's). Every mistake is a diagnostic at the line of the file that wrote it,
//! printed as the data's are.

use super::builtin::{BuiltinProfile, BUILTIN};
use super::extend::{self, Origins, EXTENDS};
use super::spec::Profile;
use crate::input::diag::{self, Diagnostic};
use crate::input::rule::Rule;
use crate::input::source_map::SourceMap;
use anyhow::{anyhow, Context, Result};
use serde_yaml::{Mapping, Value};
use std::path::{Path, PathBuf};

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

/// One `profile.yaml` of a chain of profiles extending each other.
struct Source {
    /// How messages name it.
    name: String,
    text: String,
    map: SourceMap,
    place: Place,
}

/// Where a profile's files are.
enum Place {
    Builtin(&'static BuiltinProfile),
    Folder(PathBuf),
}

impl Source {
    fn builtin(profile: &'static BuiltinProfile) -> Source {
        let (name, text, _) = profile;
        Source {
            name: format!("内置格式 {name}"),
            text: text.to_string(),
            map: SourceMap::parse(text),
            place: Place::Builtin(profile),
        }
    }

    fn folder(dir: &Path) -> Result<Source> {
        let file = dir.join("profile.yaml");
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("无法读取格式文件 {}", file.display()))?;
        Ok(Source {
            name: file.display().to_string(),
            map: SourceMap::parse(&text),
            text,
            place: Place::Folder(dir.to_path_buf()),
        })
    }

    /// The narrative template `file` of this profile's own, with its origin.
    fn narrative(&self, file: &str) -> Option<(String, String)> {
        match &self.place {
            Place::Builtin((_, _, files)) => {
                files
                    .iter()
                    .find(|(name, _)| *name == file)
                    .map(|(_, text)| {
                        (
                            text.to_string(),
                            format!("{}（narrative/{file}）", self.name),
                        )
                    })
            }
            Place::Folder(dir) => {
                let path = dir.join("narrative").join(file);
                let text = std::fs::read_to_string(&path).ok()?;
                Some((text, path.display().to_string()))
            }
        }
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
    let narrative = spec
        .parts
        .iter()
        .map(|part| {
            let file = &part.narrative;
            chain
                .sources
                .iter()
                .find_map(|source| source.narrative(file))
                .map(|(text, origin)| NarrativeFile {
                    file: file.clone(),
                    text,
                    origin,
                })
                .ok_or_else(|| anyhow!("{}：缺少正文模板 {file}", chain.sources[0].name))
        })
        .collect::<Result<_>>()?;
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
        let beside = match &self.sources[index].place {
            Place::Folder(dir) => dir
                .parent()
                .map(|parent| parent.join(name))
                .filter(|folder| folder.join("profile.yaml").is_file()),
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
        if self.sources.iter().any(|source| source.name == parent.name) {
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
