//! A department's file (部门预算): who the department is, which units' data files it
//! consolidates (本部 first), and what exists only at department level. Every figure of the
//! department's booklet is summed from its units' files; this file holds no figure a unit
//! already holds.

use crate::model::money::{DataUnit, Money};
use crate::model::{ControlTotals, Overview, PreviousYear, UnitPerformance};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A department's data file, as typed.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentFile {
    /// 部门预算的格式（如 shanghai-department）；不写时为各单位格式配套的部门格式（shanghai → shanghai-department）.
    #[serde(default)]
    pub profile: Option<String>,
    /// 本文件中金额的单位：万元或元，必须写明（各单位文件的金额按各自的单位读取；部门文件
    /// 与单位文件的单位不同时，写错一个就差一万倍）.
    pub amount_unit: DataUnit,
    /// 示例数据：the booklet says so on every page (a department is sample data also when one
    /// of its units is).
    #[serde(default)]
    pub sample: bool,
    /// 部门信息.
    pub department: DepartmentInfo,
    /// 所属单位的数据文件（相对本文件所在的文件夹），本部在前.
    pub units: Vec<Member>,
    /// 部门的主要职能与机构设置.
    pub overview: Overview,
    /// 部门的控制数：写了就与各单位汇总的数核对；不写时为各单位控制数之和.
    #[serde(default)]
    pub control_totals: Option<ControlTotals>,
    /// 部门上年预算，用于增减比较；不写时为各单位上年预算之和.
    #[serde(default)]
    pub previous_year: Option<PreviousYear>,
    /// 预算编制说明中按功能分类科目（项）的部门说明：主要用途、增减原因；上年数不写时为各单位之和.
    #[serde(default)]
    pub explanations: Vec<DepartmentExplanation>,
    /// “三公”经费增减原因，按项目：abroad, reception, vehicle_purchase, vehicle_operation, total.
    #[serde(default)]
    pub three_public_reasons: BTreeMap<String, String>,
    /// 本级部门整体绩效目标；不写时用本部（第一个单位）的.
    #[serde(default)]
    pub unit_performance: Option<UnitPerformance>,
    /// 格式需要的部门层面的其他数据（数量、日期、文字），由该格式的正文模板读取.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

/// 部门信息.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentInfo {
    /// 部门名称.
    pub name: String,
    /// 部门代码.
    pub code: String,
    /// 本级财政的称呼（市级、区级、县级）.
    pub fiscal_level: String,
    /// 预算年度.
    pub year: u16,
    /// 发布日期 `YYYY-MM-DD`.
    pub published: crate::model::date::Date,
}

/// One unit of the department.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// 数据文件（YAML 或数据工作簿），相对部门文件所在的文件夹.
    pub file: String,
    /// 部门预算中列示的名称（不写或空白时为单位名称），如“普陀区司法局本部”.
    #[serde(default, deserialize_with = "label")]
    pub label: Option<String>,
}

/// A label as written, trimmed; a blank one (`label: ""`, spaces) is none: the unit's own name
/// is listed rather than an empty line.
fn label<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let label: Option<String> = Option::deserialize(deserializer)?;
    Ok(label
        .map(|label| label.trim().to_string())
        .filter(|label| !label.is_empty()))
}

/// What the department's 预算编制说明 says of one 功能分类 项.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentExplanation {
    /// 项级科目编码.
    pub code: String,
    /// 上年预算（不写时为各单位之和）.
    #[serde(default)]
    pub previous: Option<Money>,
    /// 上年预算执行数（不写时为各单位之和）.
    #[serde(default)]
    pub previous_spent: Option<Money>,
    /// 主要用于.
    pub purpose: String,
    /// 主要原因（不写时只说明金额与用途）.
    #[serde(default)]
    pub reason: String,
}

impl Member {
    /// Its file beside the department file in `folder` (or where an absolute path says):
    /// written with `/` or, as on Windows,
    /// `\\`, the same file on every system; `a/../b` read as `b`, so that the manifest names
    /// it plainly.
    pub fn path_in(&self, folder: &std::path::Path) -> std::path::PathBuf {
        if std::path::Path::new(&self.file).is_absolute() {
            return std::path::PathBuf::from(&self.file);
        }
        let mut path = folder.to_path_buf();
        for part in self.file.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." if path.file_name().is_some() && !path.ends_with("..") => {
                    path.pop();
                }
                _ => path.push(part),
            }
        }
        path
    }
}

impl DepartmentFile {
    /// The YAML path of the publication date.
    pub const PUBLISHED_PATH: &'static str = "department.published";

    /// The YAML path of the `index`th unit's file name.
    pub fn member_path(index: usize) -> String {
        format!("units[{index}].file")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_unit_file_is_found_however_its_separators_are_written() {
        let member = |file: &str| Member {
            file: file.into(),
            label: None,
        };
        let folder = Path::new("data/2024/renshe");
        assert_eq!(
            member("jiguan.yaml").path_in(folder),
            Path::new("data/2024/renshe/jiguan.yaml")
        );
        assert_eq!(
            member("../x.yaml").path_in(folder),
            Path::new("data/2024/x.yaml")
        );
        assert_eq!(
            member("sub\\x.yaml").path_in(folder),
            Path::new("data/2024/renshe/sub/x.yaml")
        );
        assert_eq!(
            member("./a//b.yaml").path_in(folder),
            Path::new("data/2024/renshe/a/b.yaml")
        );
        assert_eq!(
            member("../../../../x.yaml").path_in(folder),
            Path::new("../x.yaml")
        );
        assert_eq!(
            member("/srv/data/x.yaml").path_in(folder),
            Path::new("/srv/data/x.yaml")
        );
    }

    #[test]
    fn a_blank_label_is_none_and_a_label_is_trimmed() {
        let read = |yaml: &str| serde_yaml::from_str::<Member>(yaml).unwrap().label;
        assert_eq!(read("{ file: a.yaml }"), None);
        assert_eq!(read("{ file: a.yaml, label: \"  \" }"), None);
        assert_eq!(read("{ file: a.yaml, label: }"), None);
        assert_eq!(
            read("{ file: a.yaml, label: \" 本部 \" }").as_deref(),
            Some("本部")
        );
    }
}
