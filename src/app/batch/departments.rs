//! Departments in a batch: a department file in the folder is built after the units, from its
//! units' files (wherever they are), and the manifest lists the units it consolidates. A unit
//! listed by two departments of one batch fails both (rule H02): one unit's figures would be
//! counted twice in the city's books.

use super::UnitOutcome;
use crate::app::department::{DepartmentFailure, PreparedDepartment};
use crate::app::output::write_outputs;
use crate::app::pipeline::Toolkit;
use crate::input::load::SourceFile;
use crate::input::member::member_file;
use crate::model::department::DepartmentFile;
use crate::render::typst::Engine;
use crate::render::Format;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A department file of the batch as planned: its output folder and its units' files.
pub struct PlannedDepartment {
    /// Where its booklet goes, when its file names the department.
    pub folder: Option<PathBuf>,
    /// Its units' files, canonical where they exist.
    pub units: Vec<PathBuf>,
}

/// The plan of a department file: `None` when `source` is not one.
pub fn plan(source: &SourceFile, out: &Path) -> Option<PlannedDepartment> {
    if !source.is_department() {
        return None;
    }
    let parsed = source.parse_department().ok();
    let folder = parsed.as_ref().and_then(|file| {
        let info = &file.department;
        crate::app::output::paths_of(
            out,
            &info.name,
            info.year,
            crate::base::file_name::BookletKind::Department,
        )
        .ok()
        .map(|(dir, _)| dir)
    });
    let units = parsed.map_or_else(Vec::new, |file| unit_files(source, &file));
    Some(PlannedDepartment { folder, units })
}

fn unit_files(source: &SourceFile, file: &DepartmentFile) -> Vec<PathBuf> {
    let folder = source.path.parent().unwrap_or(Path::new(""));
    file.units
        .iter()
        .map(|member| {
            let path = member_file(member, folder);
            std::fs::canonicalize(&path).unwrap_or(path)
        })
        .collect()
}

/// For each department, the other departments that list one of its units.
pub fn shared_units(
    departments: &[(usize, &PlannedDepartment)],
) -> Vec<(usize, Vec<(usize, PathBuf)>)> {
    departments
        .iter()
        .map(|(index, planned)| {
            let others = departments
                .iter()
                .filter(|(other, _)| other != index)
                .flat_map(|(other, theirs)| {
                    planned
                        .units
                        .iter()
                        .filter(|unit| theirs.units.contains(unit))
                        .map(move |unit| (*other, unit.clone()))
                })
                .collect();
            (*index, others)
        })
        .collect()
}

/// The outcome of a department that shares a unit with another department of the batch.
pub fn sharing(file: &Path, shared: &[(usize, PathBuf)], files: &[PathBuf]) -> UnitOutcome {
    let mut outcome = UnitOutcome::of(file);
    let said: Vec<(PathBuf, String)> = shared
        .iter()
        .map(|(other, unit)| (unit.clone(), files[*other].display().to_string()))
        .collect();
    outcome.failure = Some(shared_report(&said, "这些部门都没有生成"));
    outcome
}

/// Rule H02 over departments: each (unit file, the other department's file) listing it too,
/// and what follows (`outcome`).
pub fn shared_report(shared: &[(PathBuf, String)], outcome: &str) -> String {
    let said: Vec<String> = shared
        .iter()
        .map(|(unit, other)| format!("{} 也列在 {other} 中", unit.display()))
        .collect();
    format!(
        "错误 error[H02]: {}：一个单位只能属于一个部门，{outcome}\n  提示 hint: 从不属于它的部门文件的 units: 中删去这个单位\n",
        said.join("；")
    )
}

/// Builds one department's booklet.
pub fn build(
    toolkit: &Toolkit,
    engine: &Engine,
    source: SourceFile,
    out: &Path,
    format: Format,
) -> UnitOutcome {
    let started = Instant::now();
    let mut outcome = UnitOutcome::of(&source.path);
    // Named in the manifest even when it fails, as far as its file can be read.
    outcome.unit = source.parse_department().ok().map(|f| f.department.name);
    match toolkit.prepare_department(source) {
        Ok(department) => written(&mut outcome, engine, &department, out, format),
        Err(DepartmentFailure::Data(reports)) => {
            outcome.failure = Some(
                reports
                    .iter()
                    .map(|report| report.source.render(&report.diagnostics))
                    .collect(),
            );
        }
        Err(DepartmentFailure::Other(error)) => {
            outcome.failure = Some(format!("错误 error: {error:#}\n"));
        }
    }
    outcome.elapsed = started.elapsed();
    outcome
}

fn written(
    outcome: &mut UnitOutcome,
    engine: &Engine,
    department: &PreparedDepartment,
    out: &Path,
    format: Format,
) {
    outcome.unit = Some(department.prepared.budget.unit.name.clone());
    outcome.consolidates = department.units.clone();
    match write_outputs(engine, &department.prepared, out, format) {
        Ok(files) => {
            outcome.pages = files.iter().find_map(|f| f.pages);
            outcome.files = files;
            // Warnings do not fail a department, but are shown with the log.
            for report in &department.reports {
                if !report.diagnostics.is_empty() {
                    eprint!("{}", report.source.render(&report.diagnostics));
                }
            }
        }
        Err(error) => outcome.failure = Some(format!("错误 error: {error:#}\n")),
    }
}
