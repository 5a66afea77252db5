//! The rules of a department's file (部门预算) and its units taken together: each unit once, all
//! of the department's year and format, one name per code. Each unit's own rules ran on its own
//! file first (H01); the consolidated figures are then checked like a unit's, against the
//! department's control totals when it states them.

use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use crate::model::department::{DepartmentFile, DepartmentInfo};
use crate::model::Budget;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One unit of the department, read and checked.
pub struct Listed<'a> {
    /// Its place in the department file's `units` list.
    pub index: usize,
    /// Its file, as messages name it.
    pub file: String,
    /// The file's canonical path, when it could be resolved (two spellings of one file are one).
    pub canonical: Option<PathBuf>,
    /// Its data.
    pub budget: &'a Budget,
    /// Its profile's key.
    pub profile: &'a str,
    /// Where a YAML path of its data is: `file 第 N 行` (or the cell of a workbook).
    pub place: &'a dyn Fn(&str) -> String,
}

/// Every department rule, in rule order. The rules over all the units together (H07, H08)
/// wait until `every_unit_ready`: with a unit missing or failing, they would compare the
/// department with part of its units.
pub fn check(
    department: &DepartmentFile,
    units: &[Listed],
    every_unit_ready: bool,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    found.extend(listed_once(units));
    found.extend(same_year(department, units));
    found.extend(same_format(units));
    found.extend(same_names(units));
    found.extend(own_department(department, units));
    found.extend(explained_once(department));
    found.extend(own_office_first(department, units));
    if every_unit_ready {
        found.extend(explained_codes(department, units));
        found.extend(stated_extra(department, units));
    }
    found
}

/// H09 (warning): the 本部 listed after another unit. The 本部 is told by its code, the
/// department's followed by `001` (`317` → `317001`), as the budget system numbers it; the
/// booklets list it first, and number the units from it.
fn own_office_first(department: &DepartmentFile, units: &[Listed]) -> Vec<Diagnostic> {
    let own_code = format!("{}001", department.department.code);
    let Some(own) = units.iter().find(|unit| unit.budget.unit.code == own_code) else {
        return Vec::new();
    };
    if own.index == 0 {
        return Vec::new();
    }
    vec![Diagnostic::warning(
        Rule::H09,
        path(own),
        format!(
            "单位代码 {own_code} 是本部的代码，但 {} 列在第 {} 位：部门预算按所列顺序列出各单位，本部在前",
            own.file,
            own.index + 1
        ),
    )
    .with_hint("把本部移到 units: 的第一项")]
}

/// H07: a 项 explained twice (the department's 编制说明 would print one of them, silently).
fn explained_once(department: &DepartmentFile) -> Vec<Diagnostic> {
    let explanations = &department.explanations;
    explanations
        .iter()
        .enumerate()
        .filter_map(|(at, explained)| {
            let first = explanations[..at]
                .iter()
                .position(|earlier| earlier.code == explained.code)?;
            Some(
                Diagnostic::error(
                    Rule::H07,
                    format!("explanations[{at}].code"),
                    format!(
                        "科目 {} 说明了两次（第 {} 条和第 {} 条）",
                        explained.code,
                        first + 1,
                        at + 1
                    ),
                )
                .with_related(format!("explanations[{first}].code"), "第一次说明")
                .with_hint("每个科目只写一条说明：把两条合并"),
            )
        })
        .collect()
}

/// An `extra` value as a message shows it: `314031.38`, `247`, `执法执勤用车 1、其他用车 13`.
fn shown(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(text) => text.clone(),
        serde_yaml::Value::Sequence(pairs) => pairs
            .iter()
            .filter_map(|pair| {
                let pair = pair.as_sequence()?;
                Some(format!(
                    "{} {}",
                    pair.first()?.as_str()?,
                    pair.get(1)?.as_u64()?
                ))
            })
            .collect::<Vec<_>>()
            .join("、"),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// H08 (warning): a figure the department states in `extra` that every unit states too is
/// their sum.
fn stated_extra(department: &DepartmentFile, units: &[Listed]) -> Vec<Diagnostic> {
    use crate::compute::consolidate::sum_extra;
    let mut found = Vec::new();
    for (key, stated) in &department.extra {
        let values: Option<Vec<&serde_yaml::Value>> = units
            .iter()
            .map(|unit| unit.budget.extra.get(key))
            .collect();
        let Some(sum) = values.filter(|v| !v.is_empty()).and_then(|v| sum_extra(&v)) else {
            continue;
        };
        let same = match (sum_extra(&[stated]), &sum) {
            (Some(stated), sum) => &stated == sum,
            (None, _) => false,
        };
        if !same {
            found.push(
                Diagnostic::warning(
                    Rule::H08,
                    format!("extra.{key}"),
                    format!("部门写的 {key} 与各单位之和（{}）不同", shown(&sum)),
                )
                .with_hint(format!(
                    "核对各单位的 extra.{key}；部门文件不写它时，由各单位相加得出"
                )),
            );
        }
    }
    found
}

/// H07 (warning): the department explains the 功能分类 项 its units spend on, each once: an
/// explanation of a code no unit has is never printed, a code left out is missing from the
/// 编制说明 (when the department explains any).
fn explained_codes(department: &DepartmentFile, units: &[Listed]) -> Vec<Diagnostic> {
    let explained = &department.explanations;
    if explained.is_empty() {
        return Vec::new();
    }
    let spent: std::collections::BTreeSet<&str> = units
        .iter()
        .flat_map(|unit| &unit.budget.functions)
        .map(|line| line.code.as_str())
        .collect();
    let mut found: Vec<Diagnostic> = explained
        .iter()
        .enumerate()
        .filter(|(_, e)| !spent.contains(e.code.as_str()))
        .map(|(index, e)| {
            Diagnostic::warning(
                Rule::H07,
                format!("explanations[{index}].code"),
                format!("科目 {} 没有哪个单位有支出：这条说明不会印出", e.code),
            )
            .with_hint("核对科目编码；不再有支出的科目删去它的说明")
        })
        .collect();
    for code in spent {
        if !explained.iter().any(|e| e.code == code) {
            found.push(
                Diagnostic::warning(
                    Rule::H07,
                    "explanations",
                    format!("科目 {code} 有支出，但部门文件没有它的说明：编制说明中不会列出它"),
                )
                .with_hint(format!(
                    "在 explanations 中加上 code: \"{code}\" 的 purpose（和 reason）"
                )),
            );
        }
    }
    found
}

fn path(unit: &Listed) -> String {
    DepartmentFile::member_path(unit.index)
}

/// H02: a unit listed twice, as the same file or as two files of one unit code.
fn listed_once(units: &[Listed]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (at, unit) in units.iter().enumerate() {
        let Some(earlier) = units[..at].iter().find(|earlier| {
            (unit.canonical.is_some() && earlier.canonical == unit.canonical)
                || earlier.budget.unit.code == unit.budget.unit.code
        }) else {
            continue;
        };
        found.push(
            Diagnostic::error(
                Rule::H02,
                path(unit),
                format!(
                    "单位“{}”（单位代码 {}）在部门中列了两次：{} 和 {}",
                    unit.budget.unit.name, unit.budget.unit.code, earlier.file, unit.file
                ),
            )
            .with_related(path(earlier), "第一次列在这里")
            .with_hint("每个单位只列一次；两个单位的单位代码不能相同"),
        );
    }
    found
}

/// H03: every unit is of the department's budget year.
fn same_year(department: &DepartmentFile, units: &[Listed]) -> Vec<Diagnostic> {
    let year = department.department.year;
    units
        .iter()
        .filter(|unit| unit.budget.unit.year != year)
        .map(|unit| {
            Diagnostic::error(
                Rule::H03,
                path(unit),
                format!(
                    "{} 是 {} 年的数据（{}），部门是 {year} 年的",
                    unit.file,
                    unit.budget.unit.year,
                    (unit.place)("unit.year")
                ),
            )
            .with_hint("部门预算汇总同一年度的单位数据：换成本年度的文件，或改正年度")
        })
        .collect()
}

/// H04: the units are written for one format (the first unit's).
fn same_format(units: &[Listed]) -> Vec<Diagnostic> {
    let Some(first) = units.first() else {
        return Vec::new();
    };
    units
        .iter()
        .skip(1)
        .filter(|unit| unit.profile != first.profile)
        .map(|unit| {
            Diagnostic::error(
                Rule::H04,
                path(unit),
                format!(
                    "{} 的格式是“{}”，本部 {} 的是“{}”：部门的各单位应使用同一种格式",
                    unit.file, unit.profile, first.file, first.profile
                ),
            )
            .with_hint("各单位数据文件的 profile: 写同一种单位预算格式")
        })
        .collect()
}

/// H05: one 功能分类 or 经济分类 code has one name across the units.
fn same_names(units: &[Listed]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (kind, names) in [
        ("功能分类", code_names(units, function_names)),
        ("经济分类", code_names(units, economic_names)),
        ("政府预算经济分类", code_names(units, government_names)),
    ] {
        for (code, places) in names {
            // Two names inside one unit are that unit's own affair (its catalogue check
            // says which is right): only two units naming a code differently are told.
            // (One file listed twice is one unit: H02 says so.)
            let same_unit = |a: usize, b: usize| {
                a == b || (units[a].canonical.is_some() && units[a].canonical == units[b].canonical)
            };
            let differing = places.iter().enumerate().find_map(|(i, first)| {
                (places[i + 1..].iter())
                    .find(|other| !same_unit(other.1, first.1) && other.0 != first.0)
                    .map(|other| (first, other))
            });
            if let Some(((first_name, first_unit, first_path), (name, unit, at))) = differing {
                let (unit, first_unit) = (&units[*unit], &units[*first_unit]);
                found.push(
                    Diagnostic::error(
                        Rule::H05,
                        path(unit),
                        format!(
                            "{kind}科目 {code} 在两个单位中名称不同：{}写“{first_name}”，{}写“{name}”",
                            (first_unit.place)(first_path),
                            (unit.place)(at)
                        ),
                    )
                    .with_hint("同一科目在各单位中用当年分类科目的同一名称"),
                );
            }
        }
    }
    found
}

/// (name, unit index, YAML path) of each code, in the units' order.
type Places = BTreeMap<String, Vec<(String, usize, String)>>;

fn code_names(
    units: &[Listed],
    names: impl Fn(&Budget) -> Vec<(String, String, String)>,
) -> Places {
    let mut places = Places::new();
    for (at, unit) in units.iter().enumerate() {
        for (code, name, path) in names(unit.budget) {
            places.entry(code).or_default().push((name, at, path));
        }
    }
    places
}

fn function_names(budget: &Budget) -> Vec<(String, String, String)> {
    budget
        .functions
        .iter()
        .enumerate()
        .map(|(i, line)| {
            (
                line.code.clone(),
                line.name.clone(),
                format!("functions[{i}].name"),
            )
        })
        .collect()
}

fn economic_names(budget: &Budget) -> Vec<(String, String, String)> {
    budget
        .economic
        .iter()
        .enumerate()
        .map(|(i, line)| {
            (
                line.code.clone(),
                line.name.clone(),
                format!("economic[{i}].name"),
            )
        })
        .collect()
}

fn government_names(budget: &Budget) -> Vec<(String, String, String)> {
    budget
        .economic
        .iter()
        .enumerate()
        .filter(|(_, line)| !line.gov_code.is_empty())
        .map(|(i, line)| {
            (
                line.gov_code.clone(),
                line.gov_name.clone(),
                format!("economic[{i}].gov_name"),
            )
        })
        .collect()
}

/// H06 (warning): a unit whose data names another 主管部门, by its code or, the code agreeing,
/// by its name (the booklets print the name).
fn own_department(department: &DepartmentFile, units: &[Listed]) -> Vec<Diagnostic> {
    let DepartmentInfo { code, name, .. } = &department.department;
    let mut found = Vec::new();
    for unit in units {
        let stated = &unit.budget.unit.department;
        let (field, theirs, ours) = if &stated.code != code {
            ("code", &stated.code, code)
        } else if stated.name.trim() != name.trim() {
            ("name", &stated.name, name)
        } else {
            continue;
        };
        let what = if field == "code" { "代码" } else { "名称" };
        found.push(
            Diagnostic::warning(
                Rule::H06,
                path(unit),
                format!(
                    "{} 写的主管部门{what}是 {theirs}，部门文件的是 {ours}",
                    (unit.place)(&format!("unit.department.{field}"))
                ),
            )
            .with_hint("确认这个单位属于本部门；属于时改正单位数据中的 unit.department"),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// H05 over two copies of the reference unit, the second's economic lines renamed by
    /// `second`, the first's by `first`.
    fn named(first: impl Fn(&mut Budget), second: impl Fn(&mut Budget)) -> Vec<Diagnostic> {
        let read =
            || -> Budget { serde_yaml::from_str(crate::base::resources::REFERENCE_DATA).unwrap() };
        let (mut a, mut b) = (read(), read());
        first(&mut a);
        second(&mut b);
        let places: [&dyn Fn(&str) -> String; 2] =
            [&|path: &str| format!("u0.yaml {path}"), &|path: &str| {
                format!("u1.yaml {path}")
            }];
        let listed = |index: usize, budget| Listed {
            index,
            file: format!("u{index}.yaml"),
            canonical: Some(PathBuf::from(format!("/u{index}.yaml"))),
            budget,
            profile: "henan-2023",
            place: places[index],
        };
        let both = same_names(&[listed(0, &a), listed(1, &b)]);
        assert!(
            same_names(&[listed(0, &a)]).is_empty(),
            "one unit alone never disagrees with another"
        );
        let mut again = listed(1, &b);
        again.canonical = Some(PathBuf::from("/u0.yaml"));
        assert!(
            same_names(&[listed(0, &a), again]).is_empty(),
            "one file listed twice (two spellings) is one unit"
        );
        for found in &both {
            assert!(
                found.message.contains("u0.yaml") && found.message.contains("u1.yaml"),
                "names the two units: {}",
                found.message
            );
        }
        both
    }

    #[test]
    fn a_code_is_named_differently_only_by_two_units() {
        assert!(named(|_| {}, |_| {}).is_empty());
        // The last of the lines of one 政府预算经济分类: the unit's first name of it agrees
        // with the other unit's, its last does not.
        let government = |budget: &mut Budget| {
            let line = (budget.economic.iter_mut())
                .rfind(|line| !line.gov_code.is_empty())
                .unwrap();
            line.gov_name = format!("{}（改）", line.gov_name);
        };
        // Inside one unit: that unit's own affair, not two units'.
        let one_unit_twice = |budget: &mut Budget| {
            let first = budget.economic[0].clone();
            let mut again = first.clone();
            again.name = format!("{}（又）", first.name);
            budget.economic.push(again);
        };
        assert_eq!(named(one_unit_twice, |_| {}).len(), 1);
        let across = named(|_| {}, government);
        assert_eq!(across.len(), 1, "{across:?}");
        assert_eq!(across[0].rule, Rule::H05);
        assert!(
            across[0].message.contains("在两个单位中名称不同"),
            "{}",
            across[0].message
        );
        let renamed = named(|_| {}, |budget| budget.economic[0].name = "别的名称".into());
        assert_eq!(renamed.len(), 1);
        assert!(renamed[0].message.contains("“别的名称”"));
    }

    #[test]
    fn extra_values_are_shown_as_the_booklet_words_them() {
        let yaml = |text: &str| serde_yaml::from_str::<serde_yaml::Value>(text).unwrap();
        assert_eq!(shown(&yaml("\"314031.38\"")), "314031.38");
        assert_eq!(shown(&yaml("247")), "247");
        assert_eq!(
            shown(&yaml("[[执法执勤用车, 1], [其他用车, 13]]")),
            "执法执勤用车 1、其他用车 13"
        );
    }
}
