//! `yusuan validate`: every problem of one or more data files, then a summary line.

use super::*;
use crate::app::department::DepartmentFailure;
use std::collections::BTreeMap;

pub(super) const VALIDATE_HELP: &str = "\
检查一个或多个单位数据文件（.yaml 或 .xlsx 数据工作簿；给出文件夹时检查其中所有数据文件）
或部门文件（含 department: 和 units:，同时检查它所列的各单位和汇总后的数）：控制数与明细、各表之间的同一数字、
科目编码与名称、占位文字等（规则见 yusuan rules 和 README）。列出全部问题（文件、行、列或
工作表和单元格、字段、规则、应为与实为），
最后给出一行汇总。

退出码：0 没有错误（可以有警告）；1 有错误（--strict 时警告也算错误）；2 用法或读写错误。";

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// 数据文件或文件夹（一个或多个）
    #[arg(required = true, value_name = "FILES|DIR")]
    pub files: Vec<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// `yusuan validate`.
pub fn validate(args: &ValidateArgs) -> Result<ExitCode> {
    let mut toolkit = args.shared.toolkit()?;
    let (mut errors, mut warnings, mut unreadable) = (0, 0, 0);
    let files = data_files(&args.files)?;
    toolkit.profile_by_kind_for(&files);
    // A unit validated on its own is not reported again under its department.
    let named: Vec<PathBuf> = files
        .iter()
        .filter_map(|path| std::fs::canonicalize(path).ok())
        .collect();
    let shared = shared_between_departments(&files);
    for (index, path) in files.iter().enumerate() {
        let source = match SourceFile::read(path) {
            Ok(source) => source,
            Err(error) => {
                eprintln!("错误 error: {error:#}");
                unreadable += 1;
                continue;
            }
        };
        if source.is_department() {
            let between = shared.get(&index).map_or(&[][..], Vec::as_slice);
            let (found, problems) = validate_department(&toolkit, source, &named, between)?;
            errors += found;
            warnings += problems - found;
            continue;
        }
        let diagnostics = match toolkit.prepare(&source) {
            Ok(prepared) => prepared.warnings,
            Err(Failure::Data(diagnostics)) => diagnostics,
            Err(Failure::Other(error)) => return Err(error),
        };
        report(&source, &diagnostics, true);
        let file_errors = diagnostics.iter().filter(|d| d.is_error()).count();
        errors += file_errors;
        warnings += diagnostics.len() - file_errors;
        if diagnostics.is_empty() {
            outln!("{}: 通过", source.name());
        }
    }
    outln!(
        "检查了 {} 个文件：{errors} 个错误，{warnings} 个警告{}。",
        files.len(),
        if unreadable > 0 {
            format!("，{unreadable} 个文件无法读取")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::from(if unreadable > 0 {
        2
    } else if errors > 0 {
        1
    } else {
        0
    }))
}

/// H02 across the departments validated together, as `batch` finds it: for each department
/// file (by its index in `files`), each unit it shares with others, as a message.
fn shared_between_departments(files: &[PathBuf]) -> BTreeMap<usize, Vec<String>> {
    use crate::app::batch::departments;
    let planned: Vec<(usize, departments::PlannedDepartment)> = files
        .iter()
        .enumerate()
        .filter_map(|(i, path)| {
            let source = SourceFile::read(path).ok()?;
            departments::plan(&source, Path::new("")).map(|d| (i, d))
        })
        .collect();
    let listed: Vec<(usize, &departments::PlannedDepartment)> =
        planned.iter().map(|(i, d)| (*i, d)).collect();
    // Paths as the user typed them where they can be: relative to the current folder.
    let here = std::env::current_dir().ok();
    let shown = |path: &Path| -> String {
        here.as_deref()
            .and_then(|here| path.strip_prefix(here).ok())
            .unwrap_or(path)
            .display()
            .to_string()
    };
    let mut found: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (index, shared) in departments::shared_units(&listed) {
        let mut by_unit: BTreeMap<&Path, Vec<String>> = BTreeMap::new();
        for (other, unit) in &shared {
            let others = by_unit.entry(unit.as_path()).or_default();
            let other = files[*other].display().to_string();
            if !others.contains(&other) {
                others.push(other);
            }
        }
        for (unit, others) in by_unit {
            found.entry(index).or_default().push(format!(
                "error[H02]: {} 列出的单位 {} 也列在 {} 中：一个单位只能属于一个部门\n  = 提示 hint: 从不属于它的部门文件的 units: 中删去这个单位",
                files[index].display(),
                shown(unit),
                others.join("、")
            ));
        }
    }
    found
}

/// Validates a department file: its own problems, the units it shares with the other
/// departments validated with it (`shared`, H02), and the problems of each unit file that is
/// not validated on its own in this run; returns the errors and all problems reported.
fn validate_department(
    toolkit: &Toolkit,
    source: SourceFile,
    named: &[PathBuf],
    shared: &[String],
) -> Result<(usize, usize)> {
    let name = source.name();
    let reports = match toolkit.prepare_department(source) {
        Ok(department) => department.reports,
        Err(DepartmentFailure::Data(reports)) => reports,
        Err(DepartmentFailure::Other(error)) => return Err(error),
    };
    let (mut errors, mut problems) = (0, 0);
    let department = reports
        .first()
        .and_then(|r| std::fs::canonicalize(&r.source.path).ok());
    for (index, found) in reports.iter().enumerate() {
        let own_file = std::fs::canonicalize(&found.source.path).ok();
        let validated_alone =
            own_file != department && own_file.is_some_and(|p| named.contains(&p));
        if index > 0 && validated_alone {
            continue;
        }
        report(&found.source, &found.diagnostics, true);
        errors += found.diagnostics.iter().filter(|d| d.is_error()).count();
        problems += found.diagnostics.len();
    }
    for said in shared {
        outln!("{said}\n");
    }
    errors += shared.len();
    problems += shared.len();
    if problems == 0 {
        outln!("{name}: 通过（部门预算）");
    }
    Ok((errors, problems))
}

/// The files named, a folder standing for its data files as `batch` finds them, and a name
/// with `*` or `?` standing for the files it matches: Windows' console expands neither, so
/// `yusuan validate data` and `yusuan validate data\*.yaml` work there as in a Linux shell.
fn data_files(named: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in named {
        if path.is_dir() {
            files.extend(data_folder_files(path)?);
        } else if let Some(matched) = wildcard(path)? {
            files.extend(matched);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// The files a name with `*` or `?` in its last part matches, sorted; `None` for a plain name.
fn wildcard(path: &Path) -> Result<Option<Vec<PathBuf>>> {
    let Some(pattern) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(None);
    };
    if !pattern.contains(['*', '?']) || path.exists() {
        return Ok(None);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    let mut matched: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("无法读取文件夹 {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|file| {
            file.is_file()
                && !crate::input::load::is_owner_file(file)
                && file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|name| {
                        matches(&pattern, &name.to_lowercase().chars().collect::<Vec<_>>())
                    })
        })
        .collect();
    if matched.is_empty() {
        anyhow::bail!("没有与 {} 相符的文件", path.display());
    }
    matched.sort();
    Ok(Some(matched))
}

/// Whether `name` matches `pattern` (`*` any run of characters, `?` one character), as the
/// console's wildcards do, letters' case aside.
fn matches(pattern: &[char], name: &[char]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some(('*', rest)) => (0..=name.len()).any(|skip| matches(rest, &name[skip..])),
        Some(('?', rest)) => !name.is_empty() && matches(rest, &name[1..]),
        Some((c, rest)) => name.first() == Some(c) && matches(rest, &name[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_as_the_console_does() {
        let m = |p: &str, n: &str| {
            matches(
                &p.chars().collect::<Vec<_>>(),
                &n.chars().collect::<Vec<_>>(),
            )
        };
        assert!(m("*.yaml", "新乡-2023.yaml"));
        assert!(m("*-2023.*", "a-2023.xlsx"));
        assert!(m("?.yaml", "a.yaml"));
        assert!(!m("?.yaml", "ab.yaml"));
        assert!(!m("*.yaml", "a.yaml.bak"));
        assert!(m("*", ""));
    }
}
