//! The folder a department's units must be in (the workspace's data folder): a unit file
//! elsewhere is neither read nor shown, and is said alike whether or not it exists.

use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::department::DepartmentFile;
use std::path::{Component, Path, PathBuf};

/// Whether the file `path` is in the folder `within` (canonical), followed through links; a
/// file that does not exist by the nearest folder above it that does, so that a missing file
/// behind a link leading out is outside too.
pub(super) fn inside(path: &Path, within: &Path) -> bool {
    let mut plain = PathBuf::new();
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                plain.pop();
            }
            Component::CurDir => {}
            other => plain.push(other),
        }
    }
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    let mut existing = plain.as_path();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let below: PathBuf = rest.iter().rev().collect();
            return canonical.join(below).starts_with(within);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return plain.starts_with(within),
        }
    }
}

/// H01: the unit listed `index`-th, file `listed`, is outside the folder it must be in.
pub(super) fn outside(index: usize, listed: &str) -> Diagnostic {
    Diagnostic::error(
        Rule::H01,
        DepartmentFile::member_path(index),
        format!("单位数据文件 {listed} 不在工作区的数据文件夹中：没有读取"),
    )
    .with_hint(
        "工作区只汇总数据文件夹中的单位：把单位文件放进去，units: 中写相对于部门文件的文件名",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_inside_by_where_it_leads_whether_or_not_it_exists() {
        let root = std::env::temp_dir().join(format!("yusuan-confine-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let (data, elsewhere) = (root.join("data"), root.join("elsewhere"));
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(data.join("a.yaml"), "a").unwrap();
        std::fs::write(elsewhere.join("b.yaml"), "b").unwrap();
        let within = data.canonicalize().unwrap();
        assert!(inside(&data.join("a.yaml"), &within));
        assert!(inside(&data.join("missing.yaml"), &within));
        assert!(inside(&data.join("sub/../a.yaml"), &within));
        assert!(!inside(&data.join("../elsewhere/b.yaml"), &within));
        assert!(!inside(&data.join("../elsewhere/missing.yaml"), &within));
        assert!(!inside(&data.join("../../../../../etc/missing"), &within));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&elsewhere, data.join("link")).unwrap();
            assert!(!inside(&data.join("link/b.yaml"), &within));
            assert!(
                !inside(&data.join("link/missing.yaml"), &within),
                "said alike"
            );
            assert!(!inside(&data.join("link/no/such/missing.yaml"), &within));
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
