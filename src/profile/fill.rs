//! A profile's texts filled with a unit's values: `{{ unit }}{{ year }}年单位预算表`.

use anyhow::{anyhow, Result};
use std::collections::BTreeMap;

/// Fills a profile's text template (`{{ unit }}{{ year }}年单位预算表`) with `values`.
pub fn fill(template: &str, values: &[(&str, &str)]) -> Result<String> {
    if !template.contains("{{") && !template.contains("{%") {
        return Ok(template.to_string());
    }
    // Most texts only name values (`{{ unit }}{{ year }}年…`): filled directly, without
    // compiling a template for each table of each unit.
    if let Some(filled) = fill_names(template, values) {
        return Ok(filled);
    }
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let context: BTreeMap<&str, &str> = values.iter().copied().collect();
    env.render_str(template, context)
        .map_err(|error| anyhow!("格式中的文字“{template}”无法填写：{error}"))
}

/// `template` with each `{{ name }}` replaced by its value, when that is all it holds and every
/// name is known; `None` otherwise (minijinja then fills it, and names what is wrong).
fn fill_names(template: &str, values: &[(&str, &str)]) -> Option<String> {
    if template.contains("{%") || template.contains("{#") {
        return None;
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}")? + start;
        let name = rest[start + 2..end].trim();
        let (_, value) = values.iter().find(|(key, _)| *key == name)?;
        out.push_str(value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_filled() {
        assert_eq!(
            fill(
                "{{ unit }}{{ year }}年",
                &[("unit", "甲"), ("year", "2023")]
            )
            .unwrap(),
            "甲2023年"
        );
        assert_eq!(fill("单位：万元", &[]).unwrap(), "单位：万元");
        assert!(fill("{{ unt }}", &[("unit", "甲")]).is_err());
        assert_eq!(
            fill("{{ unit | length }}", &[("unit", "甲乙")]).unwrap(),
            "2",
            "anything beyond a name goes to minijinja"
        );
        assert_eq!(
            fill_names("a{{ x }}b{{y}}", &[("x", "1"), ("y", "2")]).unwrap(),
            "a1b2"
        );
    }
}
