//! A profile that `extends:` another is the other's `profile.yaml` with its own written over it:
//! a mapping merges key by key (`annex: { amounts: { decimals: 2 } }` changes one setting), any
//! other value replaces the parent's, and the tables are edited by name:
//!
//! ```yaml
//! extends: henan-2023
//! tables_removed: [政府性基金支出预算表]
//! tables_changed:
//!   - { name: 项目支出预算表, landscape: false }
//!   - { name: 单位收支预算表, rename: 部门收支预算表 }   # a new name
//! tables_added:
//!   - before: 单位预算项目绩效目标表      # or after: …; neither: at the end
//!     name: 本级部门（单位）整体绩效目标表
//!     …
//! ```
//!
//! Merging keeps, for every table, the places in the files that wrote it, so that a mistake in
//! the merged profile is reported at the line of the file that wrote it ([`Origins`]).

use serde_yaml::{Mapping, Value};

/// The keys of a profile that extends another, beside the profile's own fields.
pub const EXTENDS: &str = "extends";
const ADDED: &str = "tables_added";
const REMOVED: &str = "tables_removed";
const CHANGED: &str = "tables_changed";
/// In a `tables_changed` entry: the table's new name.
const RENAME: &str = "rename";

/// Where the values of a merged profile were written: for each table, the files (by index in
/// the chain, the profile itself first) and the path of the table in each; any other value was
/// written at its own path in one of the files.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Per merged table: (file, path of that table in the file).
    pub tables: Vec<Vec<(usize, String)>>,
}

impl Origins {
    /// The origins of a profile written whole in file `file`, with `tables` tables.
    pub fn whole(file: usize, tables: usize) -> Origins {
        Origins {
            tables: (0..tables)
                .map(|index| vec![(file, format!("tables[{index}]"))])
                .collect(),
        }
    }

    /// The places `path` of the merged profile may have been written, most specific first:
    /// (file, path in that file). `files` is the number of files in the chain.
    pub fn candidates(&self, path: &str, files: usize) -> Vec<(usize, String)> {
        if let Some(rest) = path.strip_prefix("tables[") {
            if let Some((index, tail)) = rest.split_once(']') {
                if let Some(places) = index.parse::<usize>().ok().and_then(|i| self.tables.get(i)) {
                    return places
                        .iter()
                        .map(|(file, at)| (*file, format!("{at}{tail}")))
                        .collect();
                }
            }
        }
        (0..files).map(|file| (file, path.to_string())).collect()
    }
}

/// A mistake in how a profile extends another: the path in its own file, and what is wrong.
pub type Mistake = (String, String);

/// `child` (file `file`) written over `parent` (with its origins): the merged profile and its
/// origins, or the mistakes in `child`'s table edits.
pub fn merge(
    parent: Mapping,
    parent_origins: Origins,
    child: Mapping,
    file: usize,
) -> Result<(Mapping, Origins), Vec<Mistake>> {
    let mut merged = parent;
    let mut origins = parent_origins;
    let mut mistakes = Vec::new();
    for (key, value) in &child {
        let name = key.as_str().unwrap_or_default();
        if matches!(name, EXTENDS | ADDED | REMOVED | CHANGED) {
            continue;
        }
        if name == "tables" {
            let count = value.as_sequence().map_or(0, Vec::len);
            origins = Origins::whole(file, count);
        }
        let merged_value = match merged.remove(key) {
            Some(before) => merge_value(before, value.clone()),
            None => value.clone(),
        };
        merged.insert(key.clone(), merged_value);
    }
    let mut tables: Vec<Value> = merged
        .get("tables")
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default();
    let position = |tables: &[Value], name: &str| {
        tables
            .iter()
            .position(|table| table.get("name").and_then(Value::as_str) == Some(name))
    };
    for key in [ADDED, REMOVED, CHANGED] {
        if child.get(key).is_some_and(|value| !value.is_sequence()) {
            mistakes.push((
                key.to_string(),
                format!("{key} 应为列表（每项一行，以“- ”开头）"),
            ));
        }
    }
    for (index, name) in entries(&child, REMOVED).iter().enumerate() {
        let path = format!("{REMOVED}[{index}]");
        match name.as_str().and_then(|name| position(&tables, name)) {
            Some(at) => {
                tables.remove(at);
                origins.tables.remove(at);
            }
            None => mistakes.push((path, unknown_table(name, &tables))),
        }
    }
    for (index, change) in entries(&child, CHANGED).iter().enumerate() {
        let path = format!("{CHANGED}[{index}]");
        let Some(name) = change.get("name").and_then(Value::as_str) else {
            mistakes.push((path, "tables_changed 的每一项用 name: 指出要改的表".into()));
            continue;
        };
        match position(&tables, name) {
            Some(at) => {
                let mut change = change.clone();
                let renamed = change
                    .as_mapping_mut()
                    .and_then(|fields| fields.remove(RENAME));
                let before = std::mem::take(&mut tables[at]);
                tables[at] = merge_value(before, change);
                match renamed.as_ref().map(Value::as_str) {
                    None => {}
                    Some(Some(new)) if position(&tables, new).is_none_or(|p| p == at) => {
                        tables[at]["name"] = Value::from(new);
                    }
                    Some(Some(new)) => mistakes.push((
                        format!("{path}.{RENAME}"),
                        format!("已有名为“{new}”的表，不能把“{name}”改成这个名字"),
                    )),
                    Some(None) => mistakes.push((
                        format!("{path}.{RENAME}"),
                        "rename 写新的表名（文字）".into(),
                    )),
                }
                origins.tables[at].insert(0, (file, path));
            }
            None => mistakes.push((
                format!("{path}.name"),
                unknown_table(&Value::from(name), &tables),
            )),
        }
    }
    for (index, added) in entries(&child, ADDED).iter().enumerate() {
        let path = format!("{ADDED}[{index}]");
        let Value::Mapping(mut table) = added.clone() else {
            mistakes.push((
                path,
                "tables_added 的每一项是一张表（name、title、rows、columns …）".into(),
            ));
            continue;
        };
        let before = table.remove("before");
        let after = table.remove("after");
        let at = match (&before, &after) {
            (Some(name), None) => position_of(&tables, name, 0),
            (None, Some(name)) => position_of(&tables, name, 1),
            (None, None) => Some(tables.len()),
            (Some(_), Some(_)) => {
                mistakes.push((path, "before 和 after 只写一个".into()));
                continue;
            }
        };
        let name = table
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if position(&tables, name).is_some() {
            mistakes.push((
                format!("{path}.name"),
                format!("已有名为“{name}”的表（所继承的或前面加的）：改它用 tables_changed，换掉它先 tables_removed"),
            ));
            continue;
        }
        match at {
            Some(at) => {
                tables.insert(at, Value::Mapping(table));
                origins.tables.insert(at, vec![(file, path)]);
            }
            None => {
                let (key, name) = match before {
                    Some(name) => ("before", name),
                    None => ("after", after.unwrap_or_default()),
                };
                mistakes.push((format!("{path}.{key}"), unknown_table(&name, &tables)));
            }
        }
    }
    if !mistakes.is_empty() {
        return Err(mistakes);
    }
    merged.insert(Value::from("tables"), Value::Sequence(tables));
    Ok((merged, origins))
}

/// The items of the list `key` of `child` (none when it is not written).
fn entries(child: &Mapping, key: &str) -> Vec<Value> {
    child
        .get(key)
        .and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default()
}

/// The index to insert at `offset` after the table named `name`.
fn position_of(tables: &[Value], name: &Value, offset: usize) -> Option<usize> {
    let name = name.as_str()?;
    tables
        .iter()
        .position(|table| table.get("name").and_then(Value::as_str) == Some(name))
        .map(|at| at + offset)
}

fn unknown_table(name: &Value, tables: &[Value]) -> String {
    let names: Vec<&str> = tables
        .iter()
        .filter_map(|table| table.get("name").and_then(Value::as_str))
        .collect();
    format!(
        "所继承的格式没有名为“{}”的表；有：{}",
        name.as_str().unwrap_or("（不是文字）"),
        names.join("、")
    )
}

/// The keys that name which kind of thing a mapping is (the tags of the profile's internally
/// tagged choices: a table's `rows: { source: … }`). Such a mapping is one choice, replaced
/// whole: its other keys are that kind's parameters, and a parent's parameters would not fit
/// the child's kind.
const KIND_TAGS: &[&str] = &["source"];

/// Whether `value` is a mapping that names its kind.
fn is_tagged_choice(value: &Value) -> bool {
    value
        .as_mapping()
        .is_some_and(|mapping| KIND_TAGS.iter().any(|tag| mapping.contains_key(*tag)))
}

/// `over` written over `under`: mappings merge key by key, anything else (and a tagged choice)
/// replaces.
fn merge_value(under: Value, over: Value) -> Value {
    match (under, over) {
        (Value::Mapping(mut under), Value::Mapping(over)) => {
            for (key, value) in over {
                let merged = match under.remove(&key) {
                    Some(before) if !is_tagged_choice(&value) => merge_value(before, value),
                    _ => value,
                };
                under.insert(key, merged);
            }
            Value::Mapping(under)
        }
        (_, over) => over,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn a_changed_table_may_be_renamed_but_not_to_a_name_taken() {
        let parent = mapping(PARENT);
        let origins = Origins::whole(1, 3);
        let child = mapping("tables_changed:\n  - { name: 甲, rename: 丁, title: d }\n");
        let (merged, _) = merge(parent.clone(), origins.clone(), child, 0).unwrap();
        let tables = merged["tables"].as_sequence().unwrap();
        assert_eq!(tables[0]["name"].as_str(), Some("丁"));
        assert_eq!(tables[0]["title"].as_str(), Some("d"));
        assert!(tables[0].get("rename").is_none());
        let child = mapping("tables_changed:\n  - { name: 甲, rename: 乙 }\n");
        let mistakes = merge(parent, origins, child, 0).unwrap_err();
        assert_eq!(mistakes[0].0, "tables_changed[0].rename");
    }

    const PARENT: &str = "name: p\nannex: { unit_line: 单位：元, amounts: { unit: 元, decimals: 0 } }\ntables:\n  - { name: 甲, title: a }\n  - { name: 乙, title: b }\n  - { name: 丙, title: c }\n";

    fn names(merged: &Mapping) -> Vec<String> {
        merged["tables"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn mappings_merge_values_replace_tables_are_edited_by_name() {
        let child = mapping(
            "extends: p\nname: c\nannex: { amounts: { decimals: 2 } }\ntables_removed: [乙]\ntables_changed: [{ name: 丙, title: z }]\ntables_added:\n  - { before: 丙, name: 丁, title: d }\n  - { after: 甲, name: 戊, title: e }\n  - { name: 己, title: f }\n",
        );
        let (merged, origins) = merge(mapping(PARENT), Origins::whole(1, 3), child, 0).unwrap();
        assert_eq!(merged["name"].as_str(), Some("c"));
        assert_eq!(merged["annex"]["amounts"]["decimals"].as_u64(), Some(2));
        assert_eq!(merged["annex"]["amounts"]["unit"].as_str(), Some("元"));
        assert_eq!(merged["annex"]["unit_line"].as_str(), Some("单位：元"));
        assert_eq!(names(&merged), ["甲", "戊", "丁", "丙", "己"]);
        assert_eq!(merged["tables"][3]["title"].as_str(), Some("z"));
        assert!(merged.get("extends").is_none() && merged.get("tables_added").is_none());
        // Where each table was written: the added ones in the child, the changed one in both.
        assert_eq!(origins.tables[1], [(0, "tables_added[1]".to_string())]);
        assert_eq!(
            origins.candidates("tables[3].columns[0]", 2),
            [
                (0, "tables_changed[0].columns[0]".to_string()),
                (1, "tables[2].columns[0]".to_string())
            ]
        );
        assert_eq!(origins.candidates("annex.title", 2).len(), 2);
    }

    #[test]
    fn a_table_named_that_does_not_exist_is_a_mistake_at_its_line() {
        let child = mapping(
            "tables_removed: [乙, 癸]\ntables_added: [{ before: 子, name: 丁 }, { before: 甲, after: 甲, name: 戊 }]\n",
        );
        let mistakes = merge(mapping(PARENT), Origins::whole(1, 3), child, 0).unwrap_err();
        let paths: Vec<&str> = mistakes.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "tables_removed[1]",
                "tables_added[0].before",
                "tables_added[1]"
            ]
        );
        assert!(mistakes[0].1.contains("癸") && mistakes[0].1.contains("甲、丙"));
    }

    #[test]
    fn edits_that_are_not_lists_or_name_nothing_are_mistakes_and_rows_are_replaced_whole() {
        let child = mapping(
            "tables_removed: 乙\ntables_changed: [{ title: z }]\ntables_added: [{ name: 甲 }]\n",
        );
        let mistakes = merge(mapping(PARENT), Origins::whole(1, 3), child, 0).unwrap_err();
        let paths: Vec<&str> = mistakes.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "tables_removed",
                "tables_changed[0]",
                "tables_added[0].name"
            ]
        );
        let parent = mapping("tables:\n  - { name: 甲, rows: { source: x, fund: all } }\n");
        let child = mapping("tables_changed: [{ name: 甲, rows: { source: y } }]\n");
        let (merged, _) = merge(parent, Origins::whole(1, 1), child, 0).unwrap();
        let rows = merged["tables"][0]["rows"].as_mapping().unwrap();
        assert_eq!(
            rows.len(),
            1,
            "the parent's fund: is not left under another source"
        );
        // Without a kind of its own, a choice's parameter changes in the parent's kind.
        let parent = mapping("tables:\n  - { name: 甲, rows: { source: x, fund: all } }\n");
        let child = mapping("tables_changed: [{ name: 甲, rows: { zeros_shown: true } }]\n");
        let (merged, _) = merge(parent, Origins::whole(1, 1), child, 0).unwrap();
        let rows = &merged["tables"][0]["rows"];
        assert_eq!(rows["source"].as_str(), Some("x"));
        assert_eq!(rows["fund"].as_str(), Some("all"));
        assert_eq!(rows["zeros_shown"].as_bool(), Some(true));
    }

    #[test]
    fn a_child_s_own_tables_replace_the_parent_s() {
        let child = mapping("tables: [{ name: 新, title: n }]\n");
        let (merged, origins) = merge(mapping(PARENT), Origins::whole(1, 3), child, 0).unwrap();
        assert_eq!(names(&merged), ["新"]);
        assert_eq!(origins.tables, [vec![(0, "tables[0]".to_string())]]);
    }
}
