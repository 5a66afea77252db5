//! Profiles loaded from folders, broken the ways people break them.

use super::*;

fn with_table(columns: &str) -> String {
    let builtin = BUILTIN[0].1;
    let start = builtin.find("tables:").unwrap();
    format!(
        "{}tables:\n  - name: 表\n    title: 表\n    rows: {{ source: three_public }}\n    columns:\n{columns}",
        &builtin[..start]
    )
}

/// The error of loading `yaml` as the profile of a folder `p` (and the line it points at,
/// as `p/profile.yaml:LINE:`).
fn error_of(yaml: &str) -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("yusuan-profile-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("profile.yaml"), yaml).unwrap();
    let error = LoadedProfile::read(&dir).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    format!("{error:#}")
}

/// The error of loading `yaml`, or none when it loads.
fn error_of_or_ok(yaml: &str) -> Option<String> {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("yusuan-profile-ok-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("profile.yaml"), yaml).unwrap();
    let loaded = LoadedProfile::read(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    loaded.err().map(|error| format!("{error:#}"))
}

fn line_of(yaml: &str, text: &str) -> String {
    let line = yaml.lines().position(|l| l.contains(text)).unwrap() + 1;
    format!("profile.yaml:{line}:")
}

#[test]
fn builtin_profiles_load() {
    let profiles = LoadedProfile::builtin().unwrap();
    let henan = &profiles[0];
    assert_eq!(henan.spec.tables.len(), 11);
    assert_eq!(henan.spec.parts.len(), 3);
    assert_eq!(henan.narrative.len(), 3);
    // 2024 is 2023 with one table added before the last, and the same narrative.
    let henan_2024 = &profiles[1];
    assert_eq!(henan_2024.spec.name, "henan-2024");
    assert_eq!(henan_2024.spec.tables.len(), 12);
    assert_eq!(
        henan_2024.spec.tables[10].name,
        "本级部门（单位）整体绩效目标表"
    );
    assert_eq!(henan_2024.spec.tables[11].name, henan.spec.tables[10].name);
    let texts = |p: &LoadedProfile| {
        p.narrative
            .iter()
            .map(|n| n.text.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(henan_2024), texts(henan));
}

#[test]
fn a_column_must_show_a_figure_its_rows_provide() {
    let yaml = with_table("      - { header: 合计, show: totl, width: 1 }\n");
    let error = error_of(&yaml);
    assert!(error.contains("show: totl"), "{error}");
    assert!(error.contains("error[M04]"), "{error}");
    assert!(error.contains(&line_of(&yaml, "show: totl")), "{error}");
    assert!(error.contains("three_public"), "{error}");
    assert!(error.contains("total、abroad"), "{error}");
}

#[test]
fn columns_need_widths_and_groups_need_none_and_every_mistake_is_listed() {
    let yaml = with_table(
        "      - { header: 合计, show: total }\n      - header: 组\n        width: 3\n        columns:\n          - { header: 出国, show: abroad, width: 1 }\n",
    );
    let error = error_of(&yaml);
    assert!(error.contains("缺少 width"), "{error}");
    assert!(error.contains("最下一级"), "{error}");
    assert_eq!(error.matches("error[M04]").count(), 2, "{error}");
}

/// Columns given once under an anchor and again by an alias: a figure the second table's
/// rows lack is reported at the line that holds it, in the first table.
#[test]
fn a_mistake_reached_through_an_alias_is_at_the_anchor_s_line() {
    let builtin = BUILTIN[0].1;
    let start = builtin.find("tables:").unwrap();
    let yaml = format!(
        "{}tables:\n  - name: 甲\n    title: 甲\n    rows: {{ source: three_public }}\n    columns: &cols\n      - {{ header: 合计, show: total, width: 1 }}\n      - {{ header: 出国, show: abroad, width: 1 }}\n  - name: 乙\n    title: 乙\n    rows: {{ source: basic_by_economic }}\n    columns: *cols\n",
        &builtin[..start]
    );
    let error = error_of(&yaml);
    assert!(error.contains("abroad") && error.contains("乙"), "{error}");
    assert!(error.contains(&line_of(&yaml, "show: abroad")), "{error}");
}

#[test]
fn an_unknown_row_source_or_field_is_named_at_its_line() {
    let yaml = with_table("      - { header: 合计, show: total, width: 1 }\n")
        .replace("source: three_public", "source: three_publik");
    let error = error_of(&yaml);
    assert!(
        error.contains("three_publik") && error.contains("error[M03]"),
        "{error}"
    );
    assert!(error.contains(&line_of(&yaml, "three_publik")), "{error}");
    let yaml = with_table("      - { header: 合计, show: total, width: 1 }\n")
        .replace("    title: 表\n", "    title: 表\n    landscap: true\n");
    let error = error_of(&yaml);
    assert!(
        error.contains("landscap") && error.contains("是不是要写 `landscape`"),
        "{error}"
    );
    assert!(error.contains(&line_of(&yaml, "landscap:")), "{error}");
}

#[test]
fn a_misspelt_note_name_is_found_at_its_line() {
    let yaml = BUILTIN[0]
        .1
        .replacen("notes: [rounding]", "notes: [roundng]", 1);
    assert_ne!(
        yaml, BUILTIN[0].1,
        "the built-in profile has a rounding note"
    );
    let error = error_of(&yaml);
    assert!(
        error.contains("roundng") && error.contains("rounding"),
        "{error}"
    );
    assert!(error.contains(&line_of(&yaml, "roundng")), "{error}");
}

#[test]
fn a_misspelt_name_in_a_text_is_found_at_its_line() {
    let yaml = BUILTIN[0].1.replacen("{{ unit }}概况", "{{ unt }}概况", 1);
    let error = error_of(&yaml);
    assert!(error.contains(&line_of(&yaml, "{{ unt }}")), "{error}");
    assert!(error.contains("parts.title"), "{error}");
}

/// A child may write one setting of a group its parent leaves to the defaults.
#[test]
fn a_setting_the_parent_leaves_to_its_default_can_be_changed_alone() {
    let yaml = "extends: henan-2023\nname: mine\nannex:\n  amounts: { decimals: 0 }\ncover: { date_line: \"\" }\n";
    assert!(error_of_or_ok(yaml).is_none(), "{:?}", error_of_or_ok(yaml));
}

#[test]
fn a_unit_changed_without_its_line_and_too_many_decimals_are_mistakes() {
    let yaml = "extends: shanghai\nname: mine\nannex:\n  amounts: { unit: 万元 }\n";
    let error = error_of(yaml);
    assert!(
        error.contains("单位：元") && error.contains(&line_of(yaml, "unit: 万元")),
        "{error}"
    );
    let yaml = "extends: shanghai\nname: mine\nannex:\n  amounts: { decimals: 24 }\n";
    let error = error_of(yaml);
    assert!(
        error.contains("decimals: 24") && error.contains(&line_of(yaml, "decimals")),
        "{error}"
    );
    let yaml = "extends: shanghai\nname: mine\nannex:\n  amounts: { unit: 万元 }\n  unit_line: 单位：万元\n";
    assert!(error_of_or_ok(yaml).is_none(), "both changed together load");
    let six = "extends: shanghai\nname: mine\nannex:\n  amounts: { decimals: 6 }\n";
    assert!(
        error_of_or_ok(six).is_none(),
        "six decimals are the most, and allowed"
    );
    // A table's own unit line against the annex's amounts.
    let yaml = "extends: shanghai\nname: mine\ntables_changed:\n  - name: 预算单位财务收支预算总表\n    unit_line: 单位：万元\n";
    let error = error_of_or_ok(yaml).expect("a table's line that disagrees");
    assert!(
        error.contains("单位行不一致") && error.contains(&line_of(yaml, "unit_line")),
        "{error}"
    );
}

#[test]
fn a_folder_may_extend_the_built_in_it_is_named_after_and_cycles_are_found_by_folder() {
    let root = std::env::temp_dir().join(format!("yusuan-extend-{}", std::process::id()));
    let folder = |name: &str, yaml: &str| {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("profile.yaml"), yaml).unwrap();
        dir
    };
    let own = folder(
        "shanghai",
        "extends: shanghai\nname: shanghai\nyears: [2027]\n",
    );
    assert_eq!(LoadedProfile::read(&own).unwrap().spec.years, [2027]);
    // The same folder reached by another name (a link) is still itself, not its parent.
    #[cfg(unix)]
    {
        let alias = root.join("alias");
        std::os::unix::fs::symlink(&own, &alias).unwrap();
        assert_eq!(LoadedProfile::read(&alias).unwrap().spec.years, [2027]);
    }
    let a = folder("a", "extends: ./b/../b\nname: a\n");
    folder("b", "extends: ./a/../a\nname: b\n");
    let error = format!("{:#}", LoadedProfile::read(&a).unwrap_err());
    assert!(
        error.contains("绕回了自己") && error.contains("error[M05]"),
        "{error}"
    );
    std::fs::create_dir_all(own.join("narrative")).unwrap();
    std::fs::write(own.join("narrative/duties.j2"), b"\xd6\xd0\xce\xc4").unwrap();
    let error = format!("{:#}", LoadedProfile::read(&own).unwrap_err());
    assert!(
        error.contains("duties.j2") && error.contains("GBK"),
        "{error}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_child_s_mistakes_are_at_its_own_lines_and_a_parent_must_exist() {
    let yaml = "extends: henan-2023\nname: mine\nannex:\n  amounts: { decimals: 2, unit: 美元 }\ntables_changed:\n  - name: 单位收支预算表\n    columns:\n      - { header: 合计, show: totl, width: 1 }\n";
    let error = error_of(yaml);
    assert!(
        error.contains("美元") && error.contains(&line_of(yaml, "美元")),
        "{error}"
    );
    let yaml = "extends: henan-2023\nname: mine\ntables_changed:\n  - name: 单位收支预算表\n    columns:\n      - { header: 合计, show: totl, width: 1 }\n";
    let error = error_of(yaml);
    assert!(error.contains(&line_of(yaml, "show: totl")), "{error}");
    assert!(
        !error.contains("内置格式"),
        "the child's line, not the parent's: {error}"
    );
    let yaml = "extends: henan-2099\nname: mine\n";
    let error = error_of(yaml);
    assert!(
        error.contains("error[M05]") && error.contains("henan-2023"),
        "{error}"
    );
    let yaml = "extends: henan-2023\nname: mine\ntables_removed: [没有这张表]\n";
    let error = error_of(yaml);
    assert!(
        error.contains("没有这张表") && error.contains(&line_of(yaml, "没有这张表")),
        "{error}"
    );
}

#[test]
fn a_parent_s_mistake_beside_a_child_s_setting_is_at_the_parent_s_line() {
    // The child writes `annex.amounts` too, but not its `decimals`: the parent's file records
    // the whole path, so the mistake is placed there, not at the child's nearer miss.
    let root = std::env::temp_dir().join(format!("yusuan-beside-{}", std::process::id()));
    let parent = "extends: henan-2023\nname: p\nannex:\n  amounts: { decimals: 9 }\n";
    let dir = root.join("p");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("profile.yaml"), parent).unwrap();
    let child = root.join("c");
    std::fs::create_dir_all(&child).unwrap();
    let yaml = "extends: p\nname: c\nannex:\n  amounts: { unit: 万元 }\n";
    std::fs::write(child.join("profile.yaml"), yaml).unwrap();
    let error = format!("{:#}", LoadedProfile::read(&child).unwrap_err());
    let line = parent
        .lines()
        .position(|l| l.contains("decimals: 9"))
        .unwrap()
        + 1;
    assert!(
        error.contains(&format!("p/profile.yaml:{line}:")),
        "at the parent's line {line}: {error}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}
