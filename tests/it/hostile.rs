//! What a hostile user tries (issue 8): names that are paths, control characters, clashing
//! units, file-system faults, characters the fonts lack, alias bombs, blank names, absurd
//! `--jobs`, broken links, badly worded amount errors, a binary run away from its build folder,
//! and amounts and texts too large for their cells. Each case failed before it was fixed.

use super::*;
use std::process::{Command, Output};
use yusuan::input::diag::Diagnostic;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("yusuan runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every file below `dir`, relative, sorted.
fn files_below(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, base, out);
                } else {
                    out.push(path.strip_prefix(base).unwrap().display().to_string());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The reference data with its unit name replaced (the name is a YAML double-quoted string).
fn named(name: &str) -> String {
    reference_text().replacen(
        "  name: 新乡市社会保险中心\n",
        &format!("  name: \"{name}\"\n"),
        1,
    )
}

fn errors_of(name: &str, text: &str) -> Vec<Diagnostic> {
    match prepare_text(name, text) {
        Err(yusuan::app::pipeline::Failure::Data(diagnostics)) => diagnostics,
        Ok(_) => panic!("{name}: must be a data error"),
        Err(yusuan::app::pipeline::Failure::Other(error)) => panic!("{name}: {error:#}"),
    }
}

fn has_rule(diagnostics: &[Diagnostic], rule: &str, path: &str) -> bool {
    diagnostics
        .iter()
        .any(|d| d.rule == rule && d.path == path && d.position.is_some())
}

// 1. The unit name is a path.
#[test]
fn a_unit_name_that_is_a_path_is_a_located_error_and_nothing_lands_outside_out() {
    for (case, name) in [
        ("parent", "../escaped"),
        ("absolute", "/tmp/yusuan-escaped"),
        ("nested", "a/b"),
        ("backslash", "a\\\\b"),
        ("manifest", "manifest.json"),
        ("device", "CON"),
        ("hidden", ".hidden"),
        ("too-long", &"汉".repeat(78)),
    ] {
        let diagnostics = errors_of(&format!("path-{case}"), &named(name));
        assert!(
            has_rule(&diagnostics, "U03", "unit.name"),
            "{case}: {diagnostics:?}"
        );
    }
    // The executable: exit 1, and not a file anywhere, inside -o or beside it.
    let dir = scratch_dir("path-cmd");
    std::fs::write(dir.join("unit.yaml"), named("../escaped")).unwrap();
    let run = run_in(&dir, &["build", "unit.yaml", "-o", "T/out"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("unit.yaml:13:"), "{}", stderr(&run));
    assert_eq!(files_below(&dir), ["unit.yaml"]);
    // The writer refuses such a name too, even when validation is skipped.
    let mut unit = yusuan::Toolkit::builtin()
        .unwrap()
        .prepare(&yusuan::input::load::SourceFile::from_bytes(
            Path::new("x.yaml"),
            reference_text().into_bytes(),
        ))
        .ok()
        .unwrap()
        .budget
        .unit;
    for name in ["../escaped", "/abs", "a/b", ".."] {
        unit.name = name.to_string();
        assert!(
            yusuan::app::output::unit_paths(Path::new("out"), &unit).is_err(),
            "{name}"
        );
    }
}

// 2. Control characters make a DOCX Word cannot open.
#[test]
fn control_characters_are_located_errors_but_tabs_and_newlines_in_prose_are_fine() {
    let text = reference_text().replacen(
        "name: 信息系统维护费,",
        "name: \"信息系统\\u0001维护费\",",
        1,
    );
    let diagnostics = errors_of("control-project", &text);
    assert!(
        has_rule(&diagnostics, "T02", "projects[0].name"),
        "{diagnostics:?}"
    );
    assert_eq!(
        diagnostics[0].position.unwrap().line,
        line_of(&text, "信息系统\\u0001维护费")
    );
    for (case, c) in [("bell", "\\a"), ("nul", "\\0"), ("c1", "\\x85")] {
        let text =
            reference_text().replacen("    - 办公室\n", &format!("    - \"办公{c}室\"\n"), 1);
        let diagnostics = errors_of(&format!("control-{case}"), &text);
        assert!(
            has_rule(&diagnostics, "T02", "overview.internal_offices[0]"),
            "{case}: {diagnostics:?}"
        );
    }
    let diagnostics = errors_of("control-name", &named("新乡\\u0007中心"));
    assert!(
        has_rule(&diagnostics, "T02", "unit.name"),
        "{diagnostics:?}"
    );
    // A tab and a line break in prose are white space, not errors.
    let prose = reference_text().replacen(
        "  change_reason: 专项中",
        "  change_reason: \"专项\\t中\\n\"\n  # \n  #",
        1,
    );
    assert!(prose.contains("专项\\t中"));
    assert!(prepare_text("control-prose", &prose).is_ok());
}

// 3. Two files of one batch with the same unit name.
#[test]
fn a_batch_with_two_files_for_one_unit_builds_neither_and_names_both() {
    let dir = scratch_dir("clash");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for n in 0..8 {
        // Different figures in some, so a mixed set would be detectable.
        let text = if n % 2 == 0 {
            reference_text()
        } else {
            reference_text().replacen("  - 办公室\n", "  - 办公厅\n", 1)
        };
        std::fs::write(data.join(format!("copy-{n}.yaml")), text).unwrap();
    }
    let other = reference_text().replace("新乡市社会保险中心", "另一个社会保险中心");
    std::fs::write(data.join("other.yaml"), other).unwrap();
    let run = run_in(&dir, &["batch", "data", "-o", "out", "--jobs", "4"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(
        err.contains("data/copy-0.yaml 与 data/copy-1.yaml、data/copy-2.yaml"),
        "{err}"
    );
    assert!(err.contains("单位名称相同"), "{err}");
    assert!(!dir.join("out/新乡市社会保险中心").exists());
    // The other unit is built, and the manifest lists every file once.
    assert!(dir
        .join("out/另一个社会保险中心/另一个社会保险中心2023年单位预算.pdf")
        .exists());
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/manifest.json")).unwrap()).unwrap();
    let units = manifest["units"].as_array().unwrap();
    assert_eq!(units.len(), 9);
    assert_eq!(units.iter().filter(|u| u["status"] == "failed").count(), 8);
    // No temporary file is left anywhere.
    assert!(
        files_below(&dir.join("out"))
            .iter()
            .all(|f| !f.contains(".tmp")),
        "{:?}",
        files_below(&dir.join("out"))
    );
}

// 4. Half a set.
#[test]
fn a_folder_in_the_docx_place_leaves_no_pdf_either() {
    let dir = scratch_dir("half-set");
    std::fs::write(dir.join("unit.yaml"), reference_text()).unwrap();
    let unit = dir.join("out/新乡市社会保险中心");
    std::fs::create_dir_all(unit.join("新乡市社会保险中心2023年单位预算.docx")).unwrap();
    let run = run_in(&dir, &["build", "unit.yaml", "-o", "out"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("同名的文件夹"), "{}", stderr(&run));
    assert!(
        files_below(&dir.join("out")).is_empty(),
        "no PDF without its DOCX, no temporary: {:?}",
        files_below(&dir.join("out"))
    );
}

// 5. Characters the fonts lack.
#[test]
fn a_character_no_font_has_is_a_located_error_and_rare_han_characters_print() {
    let text = reference_text().replacen("    - 办公室\n", "    - 办公室𠀾📈\n", 1);
    let diagnostics = errors_of("glyph-missing", &text);
    let glyph = diagnostics.iter().find(|d| d.rule == "G01").expect("G01");
    assert_eq!(glyph.path, "overview.internal_offices[0]");
    assert_eq!(glyph.position.unwrap().line, line_of(&text, "办公室𠀾"));
    assert!(
        glyph.message.contains("U+2003E") && glyph.message.contains("U+1F4C8"),
        "{}",
        glyph.message
    );
    assert!(glyph.hint.as_deref().unwrap().contains("--font-path"));
    // 龘 (U+9F98), 鿏 (U+9FCF) and 䶮 (U+4DAE, Extension A) are not in the Fandol fonts; the
    // bundled HanaMinA subset sets them.
    let rare = reference_text().replacen("    - 办公室\n", "    - 办公室龘鿏䶮\n", 1);
    let (_, layout) = laid_out("glyph-rare", &rare);
    assert!(layout.page_texts().concat().contains("办公室龘鿏䶮"));
    assert!(layout.pdf().is_ok(), "PDF/A accepts every glyph");
}

// 6. Aliases multiply memory.
#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    let mut text = reference_text().replacen(
        "  change_reason: 专项中",
        &format!("  change_reason: &big \"{}\"\n  # ", "长".repeat(40_000)),
        1,
    );
    text.push_str("\nbomb:\n");
    for _ in 0..999 {
        text.push_str("  - *big\n");
    }
    let source =
        yusuan::input::load::SourceFile::from_bytes(Path::new("bomb.yaml"), text.into_bytes());
    let Err(diagnostics) = source.parse() else {
        panic!("refused");
    };
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic.rule, "Y04");
    assert!(
        diagnostic.message.contains("2 MB"),
        "{}",
        diagnostic.message
    );
    assert!(diagnostic.position.is_some());
}

// 7. Blank names.
#[test]
fn blank_names_are_located_errors() {
    let diagnostics = errors_of("blank-unit", &named(""));
    assert!(
        has_rule(&diagnostics, "U03", "unit.name"),
        "{diagnostics:?}"
    );
    assert!(
        has_rule(&diagnostics, "T03", "unit.name"),
        "{diagnostics:?}"
    );
    let diagnostics = errors_of("blank-spaces", &named("   "));
    assert!(
        has_rule(&diagnostics, "U03", "unit.name"),
        "{diagnostics:?}"
    );
    let text = reference_text().replacen("name: 信息系统维护费,", "name: \"  \",", 1);
    let diagnostics = errors_of("blank-project", &text);
    assert!(
        has_rule(&diagnostics, "T03", "projects[0].name"),
        "{diagnostics:?}"
    );
}

// 8. --jobs.
#[test]
fn jobs_zero_is_automatic_and_too_many_are_capped() {
    let dir = scratch_dir("jobs");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("a.yaml"), reference_text()).unwrap();
    let zero = run_in(
        &dir,
        &[
            "batch", "data", "-o", "out", "--jobs", "0", "--format", "pdf",
        ],
    );
    assert!(zero.status.success(), "{}", stderr(&zero));
    assert!(stdout(&zero).contains("（1 个并行）"), "{}", stdout(&zero));
    let many = run_in(
        &dir,
        &[
            "batch", "data", "-o", "out", "--jobs", "1000", "--format", "pdf",
        ],
    );
    assert!(many.status.success(), "{}", stderr(&many));
    assert!(
        stderr(&many).contains("--jobs 1000 超过"),
        "{}",
        stderr(&many)
    );
    assert!(stdout(&many).contains("（1 个并行）"), "{}", stdout(&many));
}

// 9. Broken links in a batch folder.
#[test]
fn a_broken_link_in_a_batch_folder_is_a_failed_unit() {
    let dir = scratch_dir("links");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("a.yaml"), reference_text()).unwrap();
    std::os::unix::fs::symlink(dir.join("gone.yaml"), data.join("b.yaml")).unwrap();
    let run = run_in(&dir, &["batch", "data", "-o", "out", "--format", "pdf"]);
    assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
    assert!(stderr(&run).contains("data/b.yaml"), "{}", stderr(&run));
    assert!(
        stdout(&run).contains("共 2 个单位：1 个成功，1 个失败"),
        "{}",
        stdout(&run)
    );
}

// 10. Amount errors.
#[test]
fn amount_errors_say_what_the_field_expects_once() {
    for (case, typed, expected) in [
        ("word", "abc", "金额应为数字（如 1234.56），这里是“abc”"),
        (
            "decimals",
            "1.2345678",
            "金额最多六位小数（单位万元，即精确到分），这里是“1.2345678”",
        ),
        ("negative", "-3", "金额不能为负数，这里是“-3”"),
        ("empty", "~", "金额是空的：没有这项金额就写 0"),
        (
            "huge",
            "100000000",
            "金额过大：单位是万元，最多 99,999,999.99 万元，这里是“100000000”",
        ),
    ] {
        let text =
            reference_text().replacen("    wages: 3360.15", &format!("    wages: {typed}"), 1);
        let diagnostics = errors_of(&format!("amount-{case}"), &text);
        assert_eq!(diagnostics.len(), 1, "{case}");
        assert_eq!(diagnostics[0].message, expected, "{case}");
        assert_eq!(
            diagnostics[0].hint, None,
            "{case}: no hint about quotes and tabs"
        );
        assert_eq!(diagnostics[0].path, "functions[0].wages");
    }
    let year = errors_of(
        "year-word",
        &reference_text().replacen("  year: 2023", "  year: abc", 1),
    );
    assert_eq!(
        year[0].message,
        "类型不对：应为不小于 0 的整数，这里是文字“abc”"
    );
    let vehicles = errors_of(
        "vehicles-fraction",
        &reference_text().replacen("    general: 4", "    general: 1.5", 1),
    );
    assert_eq!(
        vehicles[0].message,
        "类型不对：应为不小于 0 的整数，这里是小数 1.5"
    );
}

// 11. The binary depends on where it was built.
#[test]
fn the_binary_works_from_any_folder_with_what_it_carries() {
    let dir = scratch_dir("anywhere");
    std::fs::write(dir.join("unit.yaml"), reference_text()).unwrap();
    let run = run_in(&dir, &["build", "unit.yaml"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(dir
        .join("output/新乡市社会保险中心/新乡市社会保险中心2023年单位预算.pdf")
        .exists());
    // Nothing in the binary points back at this build folder (it did, through
    // `env!("CARGO_MANIFEST_DIR")`), so a copy of it, or `cargo install`'s, works anywhere.
    let binary = std::fs::read(env!("CARGO_BIN_EXE_yusuan")).unwrap();
    let needle = root().to_str().unwrap().as_bytes();
    assert!(
        !binary.windows(needle.len()).any(|w| w == needle),
        "the binary names {}",
        root().display()
    );
}

/// Checks that no text of `layout` crosses a table rule or runs off its page.
fn assert_text_inside_cells(case: &str, layout: &yusuan::render::typst::Layout) {
    let rules = layout.vertical_rules();
    let sizes = layout.page_sizes();
    assert!(!rules.is_empty(), "{case}: tables have rules");
    for text in layout.placed_texts() {
        let (width, _) = sizes[text.page];
        assert!(
            text.x1 <= width - 30.0,
            "{case}: “{}” runs off page {} (to {:.1} of {width:.1} pt)",
            text.text,
            text.page + 1,
            text.x1
        );
        let top = text.baseline - 0.8 * text.size;
        for rule in rules.iter().filter(|r| r.page == text.page) {
            let beside = rule.top < text.baseline && rule.bottom > top;
            assert!(
                !(beside && rule.x > text.x0 + 0.2 && rule.x < text.x1 - 0.2),
                "{case}: “{}” crosses the rule at x = {:.1} on page {}",
                text.text,
                rule.x,
                text.page + 1
            );
        }
    }
}

// 12. Large amounts and long unbroken text.
#[test]
fn amounts_up_to_the_bound_and_long_words_stay_inside_their_cells() {
    // Every income column at the bound: 99,999,999.99 万元 in 总计, 合计, 小计 and 财政拨款.
    let raise = 99_988_563.93_f64;
    let mut text = reference_text();
    for (from, to) in [
        (
            "income_total: 11436.06",
            "income_total: 99999999.99".to_string(),
        ),
        (
            "expenditure_total: 11436.06",
            "expenditure_total: 99999999.99".to_string(),
        ),
        (
            "  project: 6760.85",
            format!("  project: {:.2}", 6760.85 + raise),
        ),
        (
            "general_public: 11436.06 ",
            "general_public: 99999999.99 ".to_string(),
        ),
        (
            "general_public_appropriation: 11436.06",
            "general_public_appropriation: 99999999.99".to_string(),
        ),
        (
            "kind: project, amount: 4660.00",
            format!("kind: project, amount: {:.2}", 4660.0 + raise),
        ),
        (
            "function: \"2080506\", amount: 4660.00",
            format!("function: \"2080506\", amount: {:.2}", 4660.0 + raise),
        ),
        ("  total: 11462.22", "  total: 99999999.99".to_string()),
        (
            "  general_public: 11462.22",
            "  general_public: 99999999.99".to_string(),
        ),
    ] {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, &to, 1);
    }
    let (_, layout) = laid_out("bound", &text);
    assert!(layout.page_texts().concat().contains("99,999,999.99"));
    assert_text_inside_cells("bound", &layout);

    let long = reference_text()
        .replacen(
            "name: 信息系统维护费,",
            &format!("name: \"{}\",", "A".repeat(2000)),
            1,
        )
        .replacen(
            "    - 办公室\n",
            &format!("    - 办公室{}\n", "B".repeat(600)),
            1,
        );
    let (_, layout) = laid_out("long-word", &long);
    assert_text_inside_cells("long-word", &layout);

    // The untouched reference passes the same check.
    let (_, layout) = laid_out("reference-cells", &reference_text());
    assert_text_inside_cells("reference", &layout);
}
