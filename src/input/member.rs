//! Where a department's unit's data file is.

use crate::model::department::Member;
use std::path::{Path, PathBuf};

/// The data file of a department's unit `member`, in the department file's folder `folder`:
/// the file it names, else — that file gone — the one data file beside it of the same name in
/// another form (`单位.yaml` replaced by `单位.xlsx` when the unit's workbook was uploaded in
/// the workspace, or the reverse), so that a unit's data changing form does not cut it from
/// its department.
pub fn member_file(member: &Member, folder: &Path) -> PathBuf {
    let named = member.path_in(folder);
    if named.exists() {
        return named;
    }
    let others: Vec<PathBuf> = ["yaml", "yml", "xlsx", "xlsm"]
        .iter()
        .map(|extension| named.with_extension(extension))
        .filter(|other| other != &named && other.is_file())
        .collect();
    match <[PathBuf; 1]>::try_from(others) {
        Ok([other]) => other,
        Err(_) => named,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_whose_data_changed_form_is_still_found() {
        let dir = std::env::temp_dir().join(format!("yusuan-member-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let member = |file: &str| Member {
            file: file.into(),
            label: None,
        };
        std::fs::write(dir.join("a.xlsx"), b"PK").unwrap();
        assert_eq!(member_file(&member("a.yaml"), &dir), dir.join("a.xlsx"));
        std::fs::write(dir.join("a.yaml"), b"unit:").unwrap();
        assert_eq!(
            member_file(&member("a.yaml"), &dir),
            dir.join("a.yaml"),
            "as named"
        );
        std::fs::write(dir.join("b.xlsx"), b"PK").unwrap();
        std::fs::write(dir.join("b.yml"), b"unit:").unwrap();
        assert_eq!(
            member_file(&member("b.yaml"), &dir),
            dir.join("b.yaml"),
            "two others: which is meant is not guessed"
        );
        assert_eq!(member_file(&member("c.yaml"), &dir), dir.join("c.yaml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
