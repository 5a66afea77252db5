//! The department's format (部门预算格式): which one it is (`--profile`, its `profile:`, else
//! its units' department format), and whether it goes with its units' format (rule H04).

use super::DEFAULT_PROFILE;
use crate::app::pipeline::Toolkit;
use crate::base::file_name::BookletKind;
use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::department::DepartmentFile;

impl Toolkit {
    /// H04: the department's profile `key` is the department format of its units' format
    /// `unit_profile` (`shanghai` → `shanghai-department`), by their names (a format read from
    /// a folder has its name too) or the names of the formats they extend (a department format
    /// of one's own that `extends: shanghai-department` goes with `shanghai`, and with a unit
    /// format that extends `shanghai`); else why not.
    pub(super) fn matching_profile(&self, key: &str, unit_profile: &str) -> Option<Diagnostic> {
        let (department, units) = (self.profile_name(key), self.profile_name(unit_profile));
        let expected = format!("{units}-department");
        let family = |key: &str| -> Vec<String> {
            let lineage = self.profiles.get(key).map(|p| p.lineage.clone());
            std::iter::once(self.profile_name(key).to_string())
                .chain(lineage.unwrap_or_default())
                .collect()
        };
        let departments = family(key);
        if (family(unit_profile).iter())
            .any(|units| departments.contains(&format!("{units}-department")))
        {
            return None;
        }
        let hint = match self.profiles.get(&expected) {
            Some(_) => format!(
                "在部门文件中写 profile: {expected}；自己的部门预算格式（--profile 的文件夹）应名为 {expected}，或 extends: {expected}"
            ),
            None => {
                format!("没有与单位格式“{units}”配套的部门预算格式（应名为 {expected}，或 extends: {expected}）")
            }
        };
        Some(
            Diagnostic::error(
                Rule::H04,
                "profile",
                format!("部门的格式“{department}”与各单位的格式“{units}”不配套"),
            )
            .with_hint(hint),
        )
    }

    /// The name of the profile of `key` (a folder's profile is keyed `name@folder`).
    fn profile_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.profiles
            .get(key)
            .map_or(key, |profile| profile.spec.name.as_str())
    }

    /// The department's profile — `--profile`, else its `profile:`, else the department
    /// format of its units' format (`<format>-department`), else [`DEFAULT_PROFILE`] — when
    /// it exists and makes a 部门预算; else why not.
    pub(super) fn department_profile(
        &self,
        file: &DepartmentFile,
        units_profile: Option<&str>,
    ) -> (Option<String>, Vec<Diagnostic>) {
        let stated = (self.profile_given(BookletKind::Department)).or(file.profile.as_deref());
        let key = match (stated, units_profile) {
            (Some(key), _) => key.to_string(),
            (None, Some(units)) => {
                let expected = format!("{}-department", self.profile_name(units));
                if self.profiles.get(&expected).is_none() {
                    let diagnostic = Diagnostic::error(
                        Rule::H04,
                        "profile",
                        format!(
                            "部门文件没有写 profile:，也没有与各单位的格式“{}”配套的部门预算格式（应名为 {expected}）",
                            self.profile_name(units)
                        ),
                    )
                    .with_hint(format!(
                        "部门预算的格式有：{}；或用 --profile 指定含 profile.yaml 的格式文件夹",
                        self.department_profiles().join("、")
                    ));
                    return (None, vec![diagnostic]);
                }
                expected
            }
            (None, None) => DEFAULT_PROFILE.to_string(),
        };
        let key = key.as_str();
        let Some(profile) = self.profiles.get(key) else {
            let diagnostic = Diagnostic::error(
                Rule::M01,
                "profile",
                format!(
                    "没有名为“{key}”的预算书格式；可用的有：{}",
                    self.profiles.names().join("、")
                ),
            );
            return (None, vec![diagnostic]);
        };
        if profile.spec.booklet != BookletKind::Department {
            let diagnostic = Diagnostic::error(
                Rule::H04,
                "profile",
                format!(
                    "格式“{}”排的是单位预算，部门文件需要部门预算的格式",
                    self.profile_name(key)
                ),
            )
            .with_hint(format!(
                "部门预算的格式有：{}",
                self.department_profiles().join("、")
            ));
            return (None, vec![diagnostic]);
        }
        (Some(key.to_string()), Vec::new())
    }

    /// The keys of the profiles that make a 部门预算.
    fn department_profiles(&self) -> Vec<&str> {
        (self.profiles.iter())
            .filter(|(_, p)| p.spec.booklet == BookletKind::Department)
            .map(|(key, _)| key.as_str())
            .collect()
    }
}
