//! Values still to fill: `待填写` where the data file has no figure yet. `yusuan next-year`
//! leaves it in place of every amount of the year to come, so that an amount nobody has filled
//! is named at its line (rule Y05) rather than read as zero and printed in a booklet.

use crate::input::diag::Diagnostic;
use crate::input::rule::Rule;
use yaml_rust2::{Yaml, YamlLoader};

/// What a data file writes where a value is still to be filled.
pub const TO_FILL: &str = "待填写";

/// A diagnostic for every value of `text` that is [`TO_FILL`], at its field path, in the
/// file's order. Text that is not YAML gives none: the parser reports it.
pub fn find(text: &str) -> Vec<Diagnostic> {
    if !text.contains(TO_FILL) {
        return Vec::new();
    }
    let Ok(documents) = YamlLoader::load_from_str(text) else {
        return Vec::new();
    };
    let mut paths = Vec::new();
    for document in &documents {
        walk(document, String::new(), &mut paths);
    }
    paths
        .into_iter()
        .map(|path| {
            Diagnostic::error(
                Rule::Y05,
                path,
                format!("这里还没有填写（写着“{TO_FILL}”）"),
            )
            .with_hint("填上本年的数字（没有的写 0），再检查")
        })
        .collect()
}

fn walk(node: &Yaml, path: String, found: &mut Vec<String>) {
    match node {
        Yaml::String(text) if text.trim() == TO_FILL => found.push(path),
        Yaml::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{index}]"), found);
            }
        }
        Yaml::Hash(map) => {
            for (key, value) in map {
                let key = match key {
                    Yaml::String(key) => key.clone(),
                    Yaml::Integer(key) => key.to_string(),
                    _ => continue,
                };
                let child = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                walk(value, child, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_to_fill_is_named_by_its_path_in_order() {
        let text = "control_totals:\n  basic: 待填写\n  project: 12.00\nprojects:\n  - { code: \"1\", amount: 待填写 }\n  - { code: \"2\", amount: 3 }\nname: 新乡\n";
        let found = find(text);
        let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["control_totals.basic", "projects[0].amount"]);
        assert!(found.iter().all(|d| d.rule == Rule::Y05 && d.is_error()));
        assert!(
            found[1].message.contains("还没有填写"),
            "{}",
            found[1].message
        );
        assert!(
            find("name: 待填写的说明\n").is_empty(),
            "a text that only starts so is T01's"
        );
        assert!(
            find("a: [待填写\n").is_empty(),
            "not YAML: the parser says so"
        );
    }
}
