//! Files of a batch whose booklets would be written to the same folder under the same names
//! (two files of one unit, two units of one name): none of them is built, and each names the
//! others, rather than one silently overwriting another.

use super::{Planned, UnitOutcome};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// For each file, the other files whose booklets of the same kind would be written to the same
/// folder. Folders are compared ignoring ASCII case, as Windows and macOS do, where the
/// booklets are copied to. A department and its 本部 of the same name share a folder without
/// clashing: their files are named …单位预算 and …部门预算.
pub(super) fn clashes(planned: &[Planned]) -> Vec<Vec<usize>> {
    let key = |plan: &Planned| -> Option<(bool, String)> {
        let folder = plan.folder.as_ref()?;
        Some((
            plan.department.is_some(),
            folder.to_string_lossy().to_lowercase(),
        ))
    };
    let mut by_folder: BTreeMap<(bool, String), Vec<usize>> = BTreeMap::new();
    for (index, plan) in planned.iter().enumerate() {
        if let Some(key) = key(plan) {
            by_folder.entry(key).or_default().push(index);
        }
    }
    planned
        .iter()
        .enumerate()
        .map(|(index, plan)| {
            key(plan)
                .and_then(|key| by_folder.get(&key))
                .map(|sharing| sharing.iter().copied().filter(|&i| i != index).collect())
                .unwrap_or_default()
        })
        .collect()
}

/// The outcome of a file whose unit (or department, `department`) shares its output folder
/// with others.
pub(super) fn clashing(
    file: &Path,
    folder: &Option<PathBuf>,
    others: &[usize],
    files: &[PathBuf],
    department: bool,
) -> UnitOutcome {
    let folder = folder.as_deref().unwrap_or(Path::new(""));
    let names: Vec<String> = others
        .iter()
        .map(|&i| files[i].display().to_string())
        .collect();
    UnitOutcome {
        unit: folder.file_name().map(|n| n.to_string_lossy().into_owned()),
        failure: Some(if department {
            format!(
                "错误 error: {} 与 {} 的部门名称相同，都要写入 {}：这些部门都没有生成\n  提示 hint: 每个部门的 department.name 应不同；重复的部门文件请删除\n",
                file.display(),
                names.join("、"),
                folder.display()
            )
        } else {
            format!(
                "错误 error: {} 与 {} 的单位名称相同，都要写入 {}：这些文件都没有生成\n  提示 hint: 每个单位的 unit.name 应不同；重复的文件请删除或改名为 .yaml、.xlsx 以外的扩展名（同一单位的 .yaml 和 .xlsx 只留一个）\n",
                file.display(),
                names.join("、"),
                folder.display()
            )
        }),
        ..UnitOutcome::of(file)
    }
}

#[cfg(test)]
mod tests {
    use super::super::departments;
    use super::*;

    #[test]
    fn clashing_folders_name_each_other() {
        let unit = |folder: Option<&str>| Planned {
            bytes: Ok(Vec::new()),
            folder: folder.map(PathBuf::from),
            department: None,
        };
        let department = |folder: &str| Planned {
            department: Some(departments::PlannedDepartment {
                folder: Some(PathBuf::from(folder)),
                units: Vec::new(),
            }),
            ..unit(Some(folder))
        };
        let planned = [
            unit(Some("out/甲")),
            unit(None),
            unit(Some("out/乙")),
            unit(Some("out/甲")),
            unit(Some("out/ABC")),
            unit(Some("out/abc")),
            // A department named as its 本部: 乙单位预算 and 乙部门预算 side by side.
            department("out/乙"),
            department("out/ABC"),
            department("out/Abc"),
        ];
        let found = clashes(&planned);
        assert_eq!(found[0], [3]);
        assert!(found[1].is_empty() && found[2].is_empty() && found[6].is_empty());
        assert_eq!(found[3], [0]);
        assert_eq!(found[4], [5]);
        assert_eq!(found[7], [8]);
        let files: Vec<PathBuf> = (0..9).map(|i| PathBuf::from(format!("{i}.yaml"))).collect();
        let folder = Some(PathBuf::from("out/ABC"));
        let said = |department| {
            clashing(&files[7], &folder, &found[7], &files, department)
                .failure
                .unwrap()
        };
        assert!(
            said(true).contains("7.yaml 与 8.yaml 的部门名称相同")
                && said(true).contains("department.name")
        );
        assert!(said(false).contains("的单位名称相同") && said(false).contains("unit.name"));
    }
}
