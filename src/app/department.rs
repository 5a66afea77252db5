//! A department's booklet (部门预算) from its file and its units' data files: each unit read and
//! checked as its own booklet would be, the department rules, the units consolidated, the
//! consolidation checked like a unit's data, then narrated and assembled in the department's
//! profile. Every problem is reported in the file it is in: the department file's at its
//! lines, each unit's at the unit file's lines.

use crate::app::pipeline::{CheckedUnit, Failure, Prepared, Toolkit};
use crate::base::file_name::BookletKind;
use crate::check::department::{self, Listed};
use crate::compute::consolidate::MemberView;
use crate::input::diag::Diagnostic;
use crate::input::load::SourceFile;
use crate::input::member::member_file;
use crate::input::rule::Rule;
use crate::model::department::DepartmentFile;
use crate::model::Budget;
use std::path::{Path, PathBuf};

mod confine;
mod profile;

use confine::{inside, outside};

/// The profile of a department file that names none.
pub const DEFAULT_PROFILE: &str = "henan-2024-department";

/// A department ready to render.
pub struct PreparedDepartment {
    /// Its booklet.
    pub prepared: Prepared,
    /// The unit files it consolidates, in the department's order (本部 first).
    pub units: Vec<PathBuf>,
    /// The warnings, by file: the department's, then each unit's.
    pub reports: Vec<Report>,
}

/// The diagnostics of one file.
pub struct Report {
    /// The file.
    pub source: SourceFile,
    /// What was found in it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a department could not be prepared.
pub enum DepartmentFailure {
    /// Errors (and warnings) in the department file or its units' files, by file.
    Data(Vec<Report>),
    /// Something else went wrong (a template, I/O).
    Other(anyhow::Error),
}

impl DepartmentFailure {
    /// The errors found, over every file.
    pub fn errors(reports: &[Report]) -> usize {
        reports
            .iter()
            .flat_map(|report| &report.diagnostics)
            .filter(|d| d.is_error())
            .count()
    }
}

/// Where a YAML path of one unit's file is, as messages name it.
type Place<'a> = Box<dyn Fn(&str) -> String + 'a>;

/// One unit as read: its file (when it could be read) and, when it parsed, its data with what
/// its rules found; else why it did not parse.
struct Read {
    source: Option<SourceFile>,
    checked: Option<CheckedUnit>,
    unparsed: Vec<Diagnostic>,
    canonical: Option<PathBuf>,
}

impl Read {
    /// A unit file left unread: outside the folder units must be in.
    fn outside() -> Read {
        Read {
            source: None,
            checked: None,
            unparsed: Vec::new(),
            canonical: None,
        }
    }

    /// Everything found in the unit's file.
    fn diagnostics(&self) -> &[Diagnostic] {
        match &self.checked {
            Some(checked) => &checked.diagnostics,
            None => &self.unparsed,
        }
    }

    /// Whether the unit cannot be part of the department's booklet.
    fn failed(&self) -> bool {
        self.checked.is_none() || self.diagnostics().iter().any(Diagnostic::is_error)
    }
}

impl Toolkit {
    /// Reads, checks, consolidates and assembles the department of `source`.
    pub fn prepare_department(
        &self,
        source: SourceFile,
    ) -> Result<PreparedDepartment, DepartmentFailure> {
        let file = match source.parse_department() {
            Ok(file) => file,
            Err(diagnostics) => return Err(data_failure(source, diagnostics, Vec::new())),
        };
        let folder = source.path.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut found: Vec<Diagnostic> = Vec::new();
        if file.units.is_empty() {
            found.push(
                Diagnostic::error(Rule::H01, "units", "部门文件没有列出任何单位")
                    .with_hint("在 units: 下按顺序列出本部和所属单位的数据文件"),
            );
        }
        let mut read: Vec<Read> = Vec::new();
        for (index, member) in file.units.iter().enumerate() {
            let path = member_file(member, &folder);
            if (self.units_within.as_deref()).is_some_and(|within| !inside(&path, within)) {
                found.push(outside(index, &member.file));
                read.push(Read::outside());
                continue;
            }
            let unit = self.read_unit(&path).map_err(DepartmentFailure::Other)?;
            if let Some(problem) = unit_problem(index, &member.file, &unit) {
                found.push(problem);
            }
            read.push(unit);
        }
        let listed: Vec<(usize, &Read, &CheckedUnit)> = read
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.checked.as_ref().map(|c| (i, r, c)))
            .collect();
        let places: Vec<Place<'_>> = listed
            .iter()
            .map(|(_, unit, _)| -> Place<'_> {
                let source = unit.source.as_ref().expect("a parsed unit has its file");
                Box::new(move |path: &str| place_in(source, path))
            })
            .collect();
        let rules_input: Vec<Listed> = listed
            .iter()
            .zip(&places)
            .map(|((index, unit, checked), place)| Listed {
                index: *index,
                file: unit
                    .source
                    .as_ref()
                    .map(SourceFile::name)
                    .unwrap_or_default(),
                canonical: unit.canonical.clone(),
                budget: &checked.budget,
                profile: &checked.profile,
                place: place.as_ref(),
            })
            .collect();
        // Totals over the units mean something only when every unit is in them, whole: while
        // one is missing or has errors, its own diagnostics say what to mend first.
        let every_unit_ready = !read.is_empty() && !read.iter().any(Read::failed);
        found.extend(department::check(&file, &rules_input, every_unit_ready));
        let units: Vec<&Budget> = listed.iter().map(|(_, _, c)| &c.budget).collect();
        // A line's fault is told once, at the unit's line that has it, not again at the
        // consolidated line (which is in no file).
        let told_in_a_unit: Vec<Rule> = (read.iter().flat_map(Read::diagnostics))
            .map(|d| d.rule)
            .collect();
        let units_profile = listed.first().map(|(_, _, first)| first.profile.as_str());
        let (key, profile_found) = self.department_profile(&file, units_profile);
        found.extend(profile_found);
        let (key, mismatch) = match (&key, units_profile) {
            (Some(key), Some(units)) => match self.matching_profile(key, units) {
                Some(problem) => (None, Some(problem)),
                None => (Some(key.clone()), None),
            },
            _ => (key, None),
        };
        found.extend(mismatch);
        let consolidated = crate::compute::consolidate::consolidate(&file, &units);
        // The consolidation is checked whatever else failed: its problems are the department's.
        if let Some(profile) = key.as_deref().and_then(|key| self.profiles.get(key)) {
            let checked = self.check(&consolidated, profile, BookletKind::Department);
            found.extend(
                checked
                    .into_iter()
                    .filter(|d| every_unit_ready || !depends_on_every_unit(d))
                    .map(|d| in_department_file(d, &file, &consolidated))
                    .filter(|d| !(of_a_units_line(d) && told_in_a_unit.contains(&d.rule))),
            );
            found.extend(self.profile_years(key.as_deref().unwrap_or(""), profile, &consolidated));
        }
        let found: Vec<Diagnostic> = self
            .strictly(found)
            .into_iter()
            .map(|d| source.locate(d))
            .collect();
        let units_failed = read.iter().any(Read::failed);
        let document = match &key {
            Some(key) if !units_failed && !found.iter().any(Diagnostic::is_error) => {
                let members: Vec<MemberView> = file
                    .units
                    .iter()
                    .zip(&units)
                    .map(|(member, budget)| MemberView::of(budget, Some(member)))
                    .collect();
                Some(
                    self.compose(&consolidated, &units, &members, key)
                        .map_err(DepartmentFailure::Other)?,
                )
            }
            _ => None,
        };
        // The rules' view of the units borrows them; they move into the reports now.
        drop(rules_input);
        drop(places);
        let mut reports = vec![Report {
            source,
            diagnostics: found,
        }];
        reports.extend(read.into_iter().filter_map(|r| {
            let diagnostics = r.diagnostics().to_vec();
            let source = r.source?;
            (!diagnostics.is_empty()).then_some(Report {
                source,
                diagnostics,
            })
        }));
        let Some(document) = document else {
            return Err(DepartmentFailure::Data(reports));
        };
        let unit_files = file.units.iter().map(|m| member_file(m, &folder)).collect();
        Ok(PreparedDepartment {
            prepared: Prepared {
                kind: BookletKind::Department,
                budget: consolidated,
                document,
                warnings: Vec::new(),
            },
            units: unit_files,
            reports,
        })
    }

    /// Reads and checks one unit's file; an unreadable file is a diagnostic, not a failure.
    fn read_unit(&self, path: &Path) -> anyhow::Result<Read> {
        let canonical = std::fs::canonicalize(path).ok();
        let source = match SourceFile::read(path) {
            Ok(source) => source,
            Err(error) => {
                return Ok(Read {
                    source: None,
                    checked: None,
                    unparsed: vec![Diagnostic::error(Rule::H01, "", format!("{error:#}"))],
                    canonical,
                })
            }
        };
        // A department is made of units: a department file among them (or the department
        // itself) is not one.
        if source.is_department() {
            let said = Diagnostic::error(
                Rule::H01,
                "",
                "这是一个部门文件，不是单位的数据文件：部门不能列出部门（也不能列出它自己）",
            );
            return Ok(Read {
                source: Some(source),
                checked: None,
                unparsed: vec![said],
                canonical,
            });
        }
        let (checked, unparsed) = match self.check_unit_as(&source, None) {
            Ok(checked) => (Some(checked), Vec::new()),
            Err(Failure::Data(diagnostics)) => (None, diagnostics),
            Err(Failure::Other(error)) => return Err(error),
        };
        Ok(Read {
            source: Some(source),
            checked,
            unparsed,
            canonical,
        })
    }
}

/// H01: the unit at `index` could not be read or has errors; its own diagnostics are reported
/// under its file.
fn unit_problem(index: usize, listed: &str, unit: &Read) -> Option<Diagnostic> {
    let path = DepartmentFile::member_path(index);
    match (&unit.source, &unit.checked) {
        (None, _) => Some(
            Diagnostic::error(
                Rule::H01,
                path,
                format!(
                    "单位数据文件 {listed} 无法读取：{}",
                    unit.diagnostics()
                        .first()
                        .map(|d| d.message.clone())
                        .unwrap_or_default()
                ),
            )
            .with_hint("文件名相对部门文件所在的文件夹"),
        ),
        (Some(source), _) => {
            let errors = unit.diagnostics().iter().filter(|d| d.is_error()).count();
            unit.failed().then(|| {
                Diagnostic::error(
                    Rule::H01,
                    path,
                    format!(
                        "单位数据文件 {} 有 {errors} 个错误（见下），部门预算无法汇总",
                        source.name()
                    ),
                )
                .with_hint("先改正这个单位的数据（yusuan validate 单位文件）")
            })
        }
    }
}

/// Whether a finding about the consolidation means something only when every unit is in it
/// (a control total against the sum of the units read is noise while one is missing).
fn depends_on_every_unit(diagnostic: &Diagnostic) -> bool {
    matches!(
        diagnostic.rule,
        Rule::B01
            | Rule::B02
            | Rule::B03
            | Rule::W01
            | Rule::W02
            | Rule::W03
            | Rule::J01
            | Rule::P05
    ) || diagnostic.rule.code().starts_with('C')
        || diagnostic.rule.code().starts_with('X')
}

/// Whether a finding about the consolidated data is at one of its detail lines (the units'
/// lines summed), rather than at the department file's texts.
fn of_a_units_line(diagnostic: &Diagnostic) -> bool {
    ["functions[", "economic[", "projects[", "performance["]
        .iter()
        .any(|list| diagnostic.path.starts_with(list))
}

/// A finding about the consolidated data, pointed at the department file's field where the
/// department states it: its name and date, its reasons, its explanation of a line.
fn in_department_file(
    mut diagnostic: Diagnostic,
    file: &DepartmentFile,
    consolidated: &Budget,
) -> Diagnostic {
    let path = diagnostic.path.clone();
    let explained = || -> Option<String> {
        let rest = path.strip_prefix("functions[")?;
        let (index, field) = rest.split_once("].explanation")?;
        let code = &consolidated
            .functions
            .get(index.parse::<usize>().ok()?)?
            .code;
        let at = file.explanations.iter().position(|e| &e.code == code)?;
        Some(format!("explanations[{at}]{field}"))
    };
    if path == "unit.name" {
        // The department's name: the unit rules' words are the department's here.
        diagnostic.message = diagnostic.message.replace("单位名称", "部门名称");
    }
    diagnostic.path = if let Some(rest) = path.strip_prefix("unit.department.") {
        format!("department.{rest}")
    } else if let Some(rest) = path.strip_prefix("unit.") {
        format!("department.{rest}")
    } else if let Some(rest) = path.strip_prefix("three_public.reasons") {
        format!("three_public_reasons{rest}")
    } else if path.starts_with("three_public") {
        // The “三公” figures are the units'; what the department states of them is its reasons.
        "three_public_reasons".to_string()
    } else {
        explained().unwrap_or(path)
    };
    // A hint names the field to write in the department's file, not the consolidated data's.
    diagnostic.hint = (diagnostic.hint.take())
        .map(|hint| hint.replace("three_public.reasons.", "three_public_reasons."));
    diagnostic
}

/// `path` of `source`, as a message names it: `file 第 N 行`, or the cell of a workbook.
fn place_in(source: &SourceFile, path: &str) -> String {
    let located = source.locate(Diagnostic::warning(Rule::H05, path, ""));
    match (located.cell, located.position) {
        (Some(cell), _) => format!("{} {cell}", source.name()),
        (None, Some(at)) => format!("{} 第 {} 行", source.name(), at.line),
        (None, None) => source.name(),
    }
}

fn data_failure(
    source: SourceFile,
    diagnostics: Vec<Diagnostic>,
    mut units: Vec<Report>,
) -> DepartmentFailure {
    let mut reports = vec![Report {
        source,
        diagnostics,
    }];
    reports.append(&mut units);
    DepartmentFailure::Data(reports)
}
