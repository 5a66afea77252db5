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
    /// The names of the profiles it extends, nearest first (empty when it extends none).
    pub lineage: Vec<String>,
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
    let lineage = (chain.sources.iter().skip(1))
        .filter_map(|source| {
            let value: Value = serde_yaml::from_str(&source.text).ok()?;
            Some(value.get("name")?.as_str()?.to_string())
        })
        .collect();
    Ok(LoadedProfile {
        spec,
        origin: chain.sources[0].name.clone(),
        lineage,
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
        let (message, hint) = crate::input::yaml_error::explain_yaml_error(&raw);
        let mut path = crate::input::yaml_error::yaml_error_path(&raw);
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
mod tests;
