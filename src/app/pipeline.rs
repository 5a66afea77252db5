//! One booklet from one data file: load, compute, validate, narrate, assemble.
//! The shared parts (texts, profiles, templates, fonts) are loaded once in a [`Toolkit`]; the
//! Typst engine that renders is made from it by the commands that render ([`Toolkit::engine`]).

use crate::base::file_name::BookletKind;
use crate::base::resources::{self, TemplateFiles};
use crate::base::typography::Typography;
use crate::check;
use crate::compose::document::Document;
use crate::compose::narrative::Templates;
use crate::compute::consolidate::MemberView;
use crate::compute::figures::Figures;
use crate::input::diag::Diagnostic;
use crate::input::load::SourceFile;
use crate::input::rule::Rule;
use crate::model::classification::Catalogues;
use crate::model::Budget;
use crate::profile::rows::RowKind;
use crate::profile::texts::Texts;
use crate::profile::{self, LoadedProfile, Profiles};
use crate::render::typst::{fonts::FontSet, Engine};
use anyhow::Result;
use std::path::{Path, PathBuf};

mod profiles;

/// Everything loaded once per run and shared by every unit.
pub struct Toolkit {
    /// The 政府收支分类科目 of each year.
    pub catalogues: Catalogues,
    /// Shared texts.
    pub texts: Texts,
    /// The profiles: the booklets' shapes.
    pub profiles: Profiles,
    /// The profile every unit gets (`--profile`), whatever its data says.
    pub profile: Option<String>,
    /// Narrative templates of every profile, by `<profile key>/<file>`.
    pub templates: Templates,
    /// The fonts of the run (bundled and `--font-path`), for the glyph check and the engine.
    fonts: FontSet,
    /// The Typst layout template.
    layout_template: String,
    /// Font roles, sizes, margins: what every renderer reads.
    typography: Typography,
    /// Treat warnings as errors (`--strict`).
    pub strict: bool,
    /// Whether `--profile` goes to the files of its booklet's kind only, the others keeping
    /// their own format: set for a run holding units and departments together (a batch, the
    /// workspace). A run of one kind gets the profile whatever it is, and a department format
    /// given to a unit (or the reverse) is an error there.
    pub profile_by_kind: bool,
    /// The folder a department's units must be in (the workspace's data folder, for `yusuan
    /// serve`): a unit file elsewhere is neither read nor shown. `None` for the CLI, whose user
    /// names any file they can read.
    pub units_within: Option<PathBuf>,
}

/// A unit (or a department) ready to render.
pub struct Prepared {
    /// A unit's booklet or a department's.
    pub kind: BookletKind,
    /// Its data.
    pub budget: Budget,
    /// Its document.
    pub document: Document,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// Why a unit could not be prepared.
pub enum Failure {
    /// The data has errors (and perhaps warnings); each names its place in the file.
    Data(Vec<Diagnostic>),
    /// Something else went wrong (a template, I/O).
    Other(anyhow::Error),
}

impl Toolkit {
    /// Loads texts, templates and fonts from `templates` (built in when `None`; an office's
    /// `font_dirs` come first), and the classification catalogues from `classification`
    /// (built in when `None`).
    pub fn load(
        templates: Option<&Path>,
        classification: Option<&Path>,
        font_dirs: &[PathBuf],
    ) -> Result<Toolkit> {
        let files = match templates {
            Some(dir) => TemplateFiles::read(dir)?,
            None => TemplateFiles::builtin(),
        };
        let mut fonts = font_dirs.to_vec();
        fonts.extend(files.font_dir.clone());
        let profiles = Profiles::load(files.profiles.as_deref())?;
        let narrative: Vec<(String, String, String)> = profiles
            .iter()
            .flat_map(|(key, profile)| narrative_templates(key, profile))
            .collect();
        Ok(Toolkit {
            catalogues: Catalogues::parse(&resources::classification_files(classification)?)?,
            texts: Texts::parse(&files.texts, &files.origin)?,
            templates: Templates::parse(&narrative)?,
            profiles,
            profile: None,
            fonts: {
                let set = FontSet::load(&fonts)?;
                // Every role must find a face; said now rather than at the first layout.
                set.resolve()?;
                set
            },
            layout_template: files.booklet,
            typography: Typography::default(),
            strict: false,
            profile_by_kind: false,
            units_within: None,
        })
    }

    /// The Typst engine that lays out and exports this run's booklets: made once per run by
    /// the commands that render (`validate` needs none).
    pub fn engine(&self) -> Result<Engine> {
        Engine::new(
            self.layout_template.clone(),
            &self.fonts,
            self.typography.clone(),
        )
    }

    /// Font roles, sizes and margins.
    pub fn typography(&self) -> &Typography {
        &self.typography
    }

    /// The toolkit of the files built into the binary.
    pub fn builtin() -> Result<Toolkit> {
        Toolkit::load(None, None, &[])
    }

    /// Whether the profile `key` prints the 整体绩效目标表, so that its data needs
    /// `unit_performance`.
    pub fn prints_unit_goals(&self, key: &str) -> bool {
        self.profiles.get(key).is_some_and(|profile| {
            profile
                .spec
                .tables
                .iter()
                .any(|table| table.rows.kind() == crate::profile::rows::RowKind::UnitGoals)
        })
    }

    /// The classification catalogues of the run.
    pub fn catalogues(&self) -> &Catalogues {
        &self.catalogues
    }

    /// Parses, checks and assembles the booklet of one data file.
    pub fn prepare(&self, source: &SourceFile) -> Result<Prepared, Failure> {
        let checked = self.check_unit(source)?;
        let budget = &checked.budget;
        let members = [MemberView::of(budget, None)];
        let document = self
            .compose(budget, &[budget], &members, &checked.profile)
            .map_err(Failure::Other)?;
        Ok(Prepared {
            kind: BookletKind::Unit,
            document,
            warnings: checked.diagnostics,
            budget: checked.budget,
        })
    }

    /// Parses and checks one unit's data file: its budget and warnings, or every diagnostic
    /// when there is an error.
    pub fn check_unit(&self, source: &SourceFile) -> Result<CheckedUnit, Failure> {
        let checked = self.check_unit_keeping(source)?;
        if checked.diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Failure::Data(checked.diagnostics));
        }
        Ok(checked)
    }

    /// Parses and checks one unit's data file: its budget and everything found, errors too;
    /// fails only when the file does not parse or names no known profile.
    pub(crate) fn check_unit_keeping(&self, source: &SourceFile) -> Result<CheckedUnit, Failure> {
        self.check_unit_as(source, self.profile_given(BookletKind::Unit))
    }

    /// [`Self::check_unit_keeping`] in the profile `forced`, else the data's own: a
    /// department's units are checked in their own (`--profile` is the department's).
    pub(crate) fn check_unit_as(
        &self,
        source: &SourceFile,
        forced: Option<&str>,
    ) -> Result<CheckedUnit, Failure> {
        let budget = source.parse().map_err(Failure::Data)?;
        let (profile_key, profile) = self
            .profile_forced(&budget, forced)
            .map_err(|diagnostic| Failure::Data(vec![source.locate(*diagnostic)]))?;
        let department_format = (profile.spec.booklet == BookletKind::Department).then(|| {
            Diagnostic::error(
                Rule::H04,
                "profile",
                format!("格式“{profile_key}”是部门预算的格式：单位的数据用单位预算的格式"),
            )
            .with_hint("部门预算由部门文件（含 department: 和 units:）生成，见 README")
        });
        let found: Vec<Diagnostic> = self
            .check(&budget, profile, BookletKind::Unit)
            .into_iter()
            .chain(department_format)
            .chain(self.profile_years(&profile_key, profile, &budget))
            .map(|diagnostic| source.locate(diagnostic))
            .collect();
        Ok(CheckedUnit {
            budget,
            profile: profile_key,
            diagnostics: self.strictly(found),
        })
    }

    /// Every rule on `budget` as `profile` prints it, for a booklet of `kind`.
    pub(crate) fn check(
        &self,
        budget: &Budget,
        profile: &LoadedProfile,
        kind: BookletKind,
    ) -> Vec<Diagnostic> {
        let figures = Figures::compute(budget);
        let has_glyph = |c: char| self.fonts.has_glyph(c);
        let printed: Vec<RowKind> = profile.spec.tables.iter().map(|t| t.rows.kind()).collect();
        let context = check::Context {
            texts: &self.texts,
            catalogue: self.catalogues.year(budget.unit.year),
            has_glyph: &has_glyph,
            printed: &printed,
            kind,
        };
        let mut found = check::check(budget, &figures, &context);
        found.extend(missing_extra(budget, profile));
        found
    }

    /// `found`, every warning an error under `--strict`.
    pub(crate) fn strictly(&self, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
        found
            .into_iter()
            .map(|mut diagnostic| {
                if self.strict {
                    diagnostic.severity = crate::input::diag::Severity::Error;
                }
                diagnostic
            })
            .collect()
    }

    /// The narrative and document of `budget` (checked) in the profile `profile_key`; `units`
    /// are the units it covers (itself, or a department's units), `members` as it lists them.
    pub fn compose(
        &self,
        budget: &Budget,
        units: &[&Budget],
        members: &[MemberView],
        profile_key: &str,
    ) -> Result<Document> {
        let profile = self
            .profiles
            .get(profile_key)
            .ok_or_else(|| anyhow::anyhow!("没有名为“{profile_key}”的格式"))?;
        let figures = Figures::compute(budget);
        let catalogue = self.catalogues.year(budget.unit.year);
        let parts: Vec<String> = profile
            .spec
            .parts
            .iter()
            .map(|part| template_name(profile_key, &part.narrative))
            .collect();
        let narrative = self.templates.render(
            &parts,
            &crate::compose::narrative::Subject {
                budget,
                kind: profile.spec.booklet,
                units: members,
                figures: &figures,
                texts: &self.texts,
                catalogue,
            },
        )?;
        crate::compose::build::build(
            &crate::compose::build::Sources {
                budget,
                units,
                figures: &figures,
                texts: &self.texts,
                catalogue,
            },
            &narrative,
            &self.typography,
            &profile.spec,
        )
    }
}

/// A unit's data, parsed and checked.
pub struct CheckedUnit {
    /// Its data.
    pub budget: Budget,
    /// The key of its profile.
    pub profile: String,
    /// What the rules found (located): warnings only, when [`Toolkit::check_unit`] returns it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Y06: every `extra.<key>` the profile's narrative reads without testing it first is in the
/// data (else a template would fail on an undefined value, naming no field of the data).
fn missing_extra(budget: &Budget, profile: &LoadedProfile) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = profile::extra::read_keys(&profile.narrative)
        .into_iter()
        .filter(|(key, required)| *required && !budget.extra.contains_key(key))
        .map(|(key, _)| {
            Diagnostic::error(
                Rule::Y06,
                "extra",
                format!("缺少 extra.{key}：格式“{}”的正文要用它", profile.spec.name),
            )
            .with_hint(format!(
                "在数据的 extra: 下写 {key}:（见同一格式的示例数据，如 data/shanghai/ 中的文件）"
            ))
        })
        .collect();
    // A value the narrative prints as an amount is one, and not below zero: checked here, at
    // its line, rather than failing the template with no file named.
    for key in profile::extra::amount_keys(&profile.narrative) {
        let Some(value) = budget.extra.get(&key) else {
            continue;
        };
        let text = match value {
            serde_yaml::Value::String(text) => text.trim().to_string(),
            serde_yaml::Value::Number(number) => number.to_string(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let problem = match rust_decimal::Decimal::from_str_exact(&text) {
            Ok(amount) if amount.is_sign_negative() && !amount.is_zero() => "不能是负数",
            Ok(_) => continue,
            Err(_) => "应是金额",
        };
        found.push(
            Diagnostic::error(
                Rule::Y06,
                format!("extra.{key}"),
                format!("extra.{key} {problem}（万元，如 \"1486.42\"），这里是“{text}”"),
            )
            .with_hint(format!("格式“{}”的正文把它作为金额印出", profile.spec.name)),
        );
    }
    found
}

/// The name a profile's narrative template is rendered by.
fn template_name(profile_key: &str, file: &str) -> String {
    format!("{profile_key}/{file}")
}

/// A profile's narrative templates as [`Templates::parse`] takes them.
fn narrative_templates(key: &str, profile: &LoadedProfile) -> Vec<(String, String, String)> {
    profile
        .narrative
        .iter()
        .map(|file| {
            (
                template_name(key, &file.file),
                file.text.clone(),
                file.origin.clone(),
            )
        })
        .collect()
}
