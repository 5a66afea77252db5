//! The `extra` data a profile's narrative templates read (`extra.vehicles`, …): found in the
//! templates' tags, so that data lacking one is told which, at its file, before a template
//! fails on an undefined value.

use super::load::NarrativeFile;

/// The `extra.<key>` names the templates read, each with whether it is required: a key the
/// templates test (`{% if extra.key %}`, `… if extra.key else …`) may be left out.
pub fn read_keys(narrative: &[NarrativeFile]) -> Vec<(String, bool)> {
    let all_tags: Vec<&str> = narrative.iter().flat_map(|file| tags(&file.text)).collect();
    let mut keys: Vec<String> = Vec::new();
    for key in all_tags.iter().flat_map(|tag| keys_in(tag)) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    // A key tested anywhere may be left out everywhere: the test guards its uses (a loop
    // over a key that is not there fails, so a loop alone does not make it optional).
    let guarded = |key: &str| (all_tags.iter()).any(|tag| tag.contains(&format!("if extra.{key}")));
    keys.into_iter()
        .map(|key| {
            let required = !guarded(&key);
            (key, required)
        })
        .collect()
}

/// The filters that read a value as an amount (`{{ extra.sme_reserved | wan_short }}`).
const AMOUNT_FILTERS: &[&str] = &["wan", "wan_short", "rounded"];

/// The `extra.<key>` names the templates print as amounts (through an amount filter): their
/// values must be amounts, not any text.
pub fn amount_keys(narrative: &[NarrativeFile]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for tag in narrative.iter().flat_map(|file| tags(&file.text)) {
        for key in keys_in(tag) {
            let read = format!("extra.{key}");
            let filtered = tag.match_indices(&read).any(|(at, _)| {
                let after = tag[at + read.len()..].trim_start();
                let Some(filter) = after.strip_prefix('|') else {
                    return false;
                };
                let name: String = (filter.trim_start().chars())
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                AMOUNT_FILTERS.contains(&name.as_str())
            });
            if filtered && !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// The expression and statement tags of a template (`{{ … }}`, `{% … %}`), not its comments.
fn tags(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let after = &rest[at + 1..];
        let close = match after.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            Some('#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let Some(end) = after.find(close) else {
            break;
        };
        if close != "#}" {
            found.push(&after[1..end]);
        }
        rest = &after[end + close.len()..];
    }
    found
}

/// The keys read as `extra.<key>` in `tag`.
fn keys_in(tag: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = tag;
    while let Some(at) = rest.find("extra.") {
        let before_is_name = rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let after = &rest[at + "extra.".len()..];
        let key: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !before_is_name && !key.is_empty() && !keys.contains(&key) {
            keys.push(key);
        }
        rest = after;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> NarrativeFile {
        NarrativeFile {
            file: "t.j2".into(),
            text: text.into(),
            origin: "测试".into(),
        }
    }

    #[test]
    fn keys_read_are_required_unless_tested() {
        let keys = read_keys(&[file(
            "{#- extra.commented 不算 -#}{{ extra.count }} {% if extra.note %}{{ extra.note }}{% endif %}\n{% set s = extra.short if extra.short else unit.name %}{% for p in extra.list %}{{ p }}{% endfor %}{{ my_extra.x }}",
        )]);
        assert_eq!(
            keys,
            [
                ("count".to_string(), true),
                ("note".to_string(), false),
                ("short".to_string(), false),
                ("list".to_string(), true),
            ]
        );
    }

    #[test]
    fn keys_printed_as_amounts_are_found() {
        let narrative = [file(
            "{{ extra.count }} {{ extra.a | wan_short }} {% if extra.b %}{{ extra.b|wan }}{% endif %} {{ extra.c | length }} {{ extra.a }}",
        )];
        assert_eq!(amount_keys(&narrative), ["a", "b"]);
    }
}
