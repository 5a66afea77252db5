//! The folders of `src/` are the pipeline's stages, and each stage uses only the stages before
//! it: read from every `crate::` path in the shipped code (test modules aside), an import from a
//! stage to a later one, an import cycle between the parts of the stages, or a source file past
//! 500 lines fails here, naming the file and the import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The stages in the order they run, each allowed to use only those before it.
const STAGES: &[&str] = &[
    "base", "model", "input", "profile", "compute", "check", "compose", "render", "app",
];

/// The longest source file, in lines.
const MAX_LINES: usize = 500;

/// A source file: its module path (`["compose", "document", "fit"]`) and its shipped code.
struct Source {
    file: String,
    module: Vec<String>,
    code: String,
    lines: usize,
}

fn sources() -> Vec<Source> {
    let root = crate::root().join("src");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let relative = path.strip_prefix(&root).unwrap().with_extension("");
            let mut module: Vec<String> = relative
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            Source {
                file: format!("src/{}", path.strip_prefix(&root).unwrap().display()),
                module,
                lines: text.lines().count(),
                code: shipped_code(&text),
            }
        })
        .collect()
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            files.push(path);
        }
    }
}

/// The code without comments and without its test module (tests, here and in `tests.rs`
/// files, may reach any stage).
fn shipped_code(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines()
        .map(|line| match line.trim_start().starts_with("//") {
            true => "",
            false => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module a source names by a `crate::` path, resolved to the longest module that exists.
fn imports(source: &Source, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    for (at, _) in source.code.match_indices("crate::") {
        let path: Vec<String> = source.code[at + "crate::".len()..]
            .split("::")
            .map(|segment| {
                segment
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|segment| !segment.is_empty())
            .collect();
        let longest = (1..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|prefix| modules.contains(prefix));
        if let Some(module) = longest {
            found.insert(module);
        }
    }
    found
}

/// A module's part: its stage and the file or folder directly in the stage's folder
/// (`compose::document`, `input::workbook`, `check::totals`).
fn part(module: &[String]) -> String {
    module
        .iter()
        .take(2)
        .cloned()
        .collect::<Vec<_>>()
        .join("::")
}

fn stage_of(module: &[String]) -> Option<usize> {
    STAGES
        .iter()
        .position(|s| module.first() == Some(&s.to_string()))
}

#[test]
fn the_folders_are_the_stages_in_order() {
    let mut top: Vec<String> = std::fs::read_dir(crate::root().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".rs"))
        .collect();
    top.sort();
    let mut stages: Vec<String> = STAGES.iter().map(|s| s.to_string()).collect();
    stages.sort();
    assert_eq!(
        top, stages,
        "src/ holds the stages' folders and nothing else"
    );
    // lib.rs declares the stages (rustfmt sorts the declarations) and lists them in order.
    let lib = std::fs::read_to_string(crate::root().join("src/lib.rs")).unwrap();
    let mut declared: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("pub mod "))
        .map(|name| name.trim_end_matches(';'))
        .collect();
    declared.sort();
    assert_eq!(declared, stages, "lib.rs declares the stages");
    let listed: Vec<&str> = lib
        .lines()
        .filter_map(|line| line.strip_prefix("//! - [`"))
        .filter_map(|rest| rest.split('`').next())
        .collect();
    assert_eq!(listed, STAGES, "lib.rs lists the stages in pipeline order");
}

#[test]
fn no_stage_imports_a_later_one() {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut upward = Vec::new();
    for source in &sources {
        let Some(from) = stage_of(&source.module) else {
            continue;
        };
        for target in imports(source, &modules) {
            if let Some(to) = stage_of(&target) {
                if to > from {
                    upward.push(format!(
                        "{} imports crate::{}",
                        source.file,
                        target.join("::")
                    ));
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports from a stage to a later one:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_import_cycles_between_parts() {
    let sources = sources();
    let modules: BTreeSet<Vec<String>> = sources.iter().map(|s| s.module.clone()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut why: BTreeMap<(String, String), String> = BTreeMap::new();
    for source in &sources {
        if source.module.len() < 2 {
            continue;
        }
        let from = part(&source.module);
        for target in imports(source, &modules) {
            let to = part(&target);
            if to != from && target.len() >= 2 {
                edges.entry(from.clone()).or_default().insert(to.clone());
                why.entry((from.clone(), to.clone()))
                    .or_insert_with(|| source.file.clone());
            }
        }
    }
    // Depth-first search; a part met again on the current path closes a cycle.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            cycles.push(cycle);
            return;
        }
        if !done.insert(node.to_string()) {
            return;
        }
        path.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, path, done, cycles);
        }
        path.pop();
    }
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, &edges, &mut Vec::new(), &mut done, &mut cycles);
    }
    let described: Vec<String> = cycles
        .iter()
        .map(|cycle| {
            cycle
                .windows(2)
                .map(|pair| {
                    format!(
                        "{} → {} ({})",
                        pair[0],
                        pair[1],
                        why[&(pair[0].clone(), pair[1].clone())]
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect();
    assert!(
        described.is_empty(),
        "import cycles:\n{}",
        described.join("\n")
    );
}

#[test]
fn no_source_file_is_longer_than_500_lines() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|s| s.lines > MAX_LINES)
        .map(|s| format!("{}: {} lines", s.file, s.lines))
        .collect();
    assert!(long.is_empty(), "split by job:\n{}", long.join("\n"));
}

#[test]
fn an_upward_import_and_a_cycle_are_seen() {
    // The checks above find what they look for: a base module naming an app module.
    let modules: BTreeSet<Vec<String>> = [
        vec!["base".to_string(), "numerals".to_string()],
        vec!["app".to_string(), "cli".to_string()],
    ]
    .into_iter()
    .collect();
    let source = Source {
        file: "src/base/numerals.rs".to_string(),
        module: vec!["base".to_string(), "numerals".to_string()],
        code: shipped_code(
            "use crate::app::cli::Args;\n// crate::model::x in a comment\n#[cfg(test)]\nmod tests { use crate::model::y; }",
        ),
        lines: 4,
    };
    let found = imports(&source, &modules);
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        vec![vec!["app".to_string(), "cli".to_string()]]
    );
    assert!(stage_of(&["app".to_string()]) > stage_of(&["base".to_string()]));
}
