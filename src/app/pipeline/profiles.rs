//! Which profile (the booklet's shape) a file gets: `--profile`, else its data's `profile:`,
//! else the default; for a later year; and whether it is for the data's year (M02).

use super::{narrative_templates, Toolkit};
use crate::base::file_name::BookletKind;
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::Budget;
use crate::profile::{self, LoadedProfile};
use anyhow::Result;
use std::path::{Path, PathBuf};

impl Toolkit {
    /// Gives every unit the profile `name_or_dir` (`--profile`): a profile's name, or a
    /// folder holding a `profile.yaml`.
    pub fn use_profile(&mut self, name_or_dir: &str) -> Result<()> {
        let dir = Path::new(name_or_dir);
        let key = if self.profiles.get(name_or_dir).is_some() {
            name_or_dir.to_string()
        } else if dir.join("profile.yaml").is_file() {
            let key = self.profiles.add_folder(dir)?;
            let profile = self.profiles.get(&key).expect("just added");
            self.templates.add(&narrative_templates(&key, profile))?;
            key
        } else {
            anyhow::bail!(
                "没有名为“{name_or_dir}”的格式，也没有含 profile.yaml 的同名文件夹；内置格式有：{}",
                self.profiles.names().join("、")
            );
        };
        self.profile = Some(key);
        Ok(())
    }

    /// The profile for `budget`'s data moved on to `year`: its own profile when that covers the
    /// year (or names no years); else the profile for that year of the same family (the name
    /// before its year: `henan-2023` → `henan-2024`), else any for that year; else its own.
    pub fn profile_for_year(&self, budget: &Budget, year: u16) -> String {
        let current = match self.profile_of(budget) {
            Ok((key, profile))
                if profile.spec.years.is_empty() || profile.spec.years.contains(&year) =>
            {
                return key
            }
            Ok((key, _)) => key,
            Err(_) => profile::DEFAULT.to_string(),
        };
        let family = |name: &str| {
            name.trim_end_matches(|c: char| c.is_ascii_digit())
                .to_string()
        };
        let covering: Vec<&String> = self
            .profiles
            .iter()
            .filter(|(_, p)| p.spec.years.contains(&year))
            .map(|(name, _)| name)
            .collect();
        covering
            .iter()
            .find(|name| family(name) == family(&current))
            .or(covering.first())
            .map(|name| name.to_string())
            .unwrap_or(current)
    }

    /// The profile of `budget`: `--profile`, else the data's `profile:`, else the default.
    pub(crate) fn profile_of(
        &self,
        budget: &Budget,
    ) -> Result<(String, &LoadedProfile), Box<Diagnostic>> {
        self.profile_forced(budget, self.profile_given(BookletKind::Unit))
    }

    /// `--profile` as a file making a booklet of `kind` gets it (see [`Self::profile_by_kind`]).
    pub fn profile_given(&self, kind: BookletKind) -> Option<&str> {
        let key = self.profile.as_deref()?;
        let fits = (self.profiles.get(key)).is_none_or(|profile| profile.spec.booklet == kind);
        (fits || !self.profile_by_kind).then_some(key)
    }

    /// Sets [`Self::profile_by_kind`] for a run over `files`: when they hold units and
    /// departments together.
    pub fn profile_by_kind_for(&mut self, files: &[PathBuf]) {
        let departments = (files.iter())
            .filter(|path| crate::input::load::is_department_file(path))
            .count();
        self.profile_by_kind = departments > 0 && departments < files.len();
    }

    /// The profile of `budget`: `forced`, else the data's `profile:`, else the default.
    pub(super) fn profile_forced(
        &self,
        budget: &Budget,
        forced: Option<&str>,
    ) -> Result<(String, &LoadedProfile), Box<Diagnostic>> {
        let key = forced
            .or(budget.profile.as_deref())
            .unwrap_or(profile::DEFAULT);
        match self.profiles.get(key) {
            Some(profile) => Ok((key.to_string(), profile)),
            None => Err(Box::new(
                Diagnostic::error(
                    Rule::M01,
                    "profile",
                    format!(
                        "没有名为“{key}”的预算书格式；可用的有：{}",
                        self.profiles.names().join("、")
                    ),
                )
                .with_hint("`yusuan profiles` 列出全部格式；也可以用 --profile 指定格式文件夹"),
            )),
        }
    }

    /// M02: a profile that names its years is for those years; a unit of another year is
    /// warned, with the profiles that are for its year.
    pub(crate) fn profile_years(
        &self,
        key: &str,
        profile: &LoadedProfile,
        budget: &Budget,
    ) -> Option<Diagnostic> {
        let years = &profile.spec.years;
        let year = budget.unit.year;
        if years.is_empty() || years.contains(&year) {
            return None;
        }
        let covering: Vec<&str> = self
            .profiles
            .iter()
            .filter(|(_, p)| p.spec.years.contains(&year))
            .map(|(name, _)| name.as_str())
            .collect();
        let listed: Vec<String> = years.iter().map(u16::to_string).collect();
        let hint = if covering.is_empty() {
            format!(
                "没有适用于 {year} 年的格式；确认预算年度，或按 README 复制一个格式并写上 {year}"
            )
        } else {
            format!(
                "适用于 {year} 年的格式：{}（在数据中写 profile:）",
                covering.join("、")
            )
        };
        Some(
            Diagnostic::warning(
                Rule::M02,
                "unit.year",
                format!(
                    "预算书格式“{key}”适用于 {} 年，这份数据是 {year} 年的",
                    listed.join("、")
                ),
            )
            .with_hint(hint),
        )
    }
}
