//! The yearly cycle's tools: `yusuan diff` (what an edit changed, as the booklet prints it) and
//! `yusuan next-year` (next year's data from this year's, its amounts to fill).

use super::*;

/// The reference data with each `(from, to)` replaced once, written to `dir/name`.
fn edited(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = reference_text();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn diff_json(old: &Path, new: &Path) -> (Option<i32>, serde_json::Value) {
    let run = yusuan(&[
        "diff",
        "--json",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    let value = serde_json::from_slice(&run.stdout).unwrap_or(serde_json::Value::Null);
    (run.status.code(), value)
}

/// One amount that prints only in sentences (上年收支总计): both sentences that print it,
/// old → new, and no figure of any table.
#[test]
fn diff_names_a_changed_amount_in_every_sentence_that_prints_it() {
    let dir = scratch_dir("diff-previous");
    let new = edited(
        &dir,
        "new.yaml",
        &[("  total: 11462.22", "  total: 11462.32")],
    );
    let (code, changes) = diff_json(&root().join(REFERENCE), &new);
    assert_eq!(code, Some(1));
    assert_eq!(changes["figures"].as_array().unwrap().len(), 0, "{changes}");
    let texts = changes["texts"].as_array().unwrap();
    assert_eq!(texts.len(), 2, "{changes}");
    for text in texts {
        let (old, new) = (text["old"].as_str().unwrap(), text["new"].as_str().unwrap());
        assert!(
            old.contains("减少26.16万元") && new.contains("减少26.26万元"),
            "{text}"
        );
        assert!(text["place"]
            .as_str()
            .unwrap()
            .contains("一、收入支出预算总体情况说明"));
    }
    // As a reader sees it.
    let run = yusuan(&["diff", REFERENCE, new.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        out.contains("数字：0 处变化") && out.contains("文字：2 处变化"),
        "{out}"
    );
    assert!(
        out.contains("    - 新乡市社会保险中心2023年收入总计11,436.06万元"),
        "{out}"
    );
    assert!(out.contains("收入减少26.26万元，下降0.23%。"), "{out}");
}

/// Money moved between two projects of one 功能分类 line: the project table's and the goals
/// table's cells of the two projects, old → new, each once, and nothing else that prints
/// totals (the function and economic tables, the narrative) — from YAML to a workbook too.
#[test]
fn diff_lists_table_figures_by_row_and_column_and_nothing_else() {
    let dir = scratch_dir("diff-projects");
    let new = edited(
        &dir,
        "new.yaml",
        &[
            (
                "function: \"2080109\", amount: 72.00",
                "function: \"2080109\", amount: 71.00",
            ),
            (
                "function: \"2080109\", amount: 87.04",
                "function: \"2080109\", amount: 88.04",
            ),
            ("≤87.04万元", "≤88.04万元"),
            ("信息系统维护费, 72万元]", "信息系统维护费, 71万元]"),
        ],
    );
    let (code, changes) = diff_json(&root().join(REFERENCE), &new);
    assert_eq!(code, Some(1), "{changes}");
    let figures: Vec<(String, String, String, String, String)> = changes["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("table"), s("row"), s("column"), s("old"), s("new"))
        })
        .collect();
    assert_eq!(figures.len(), 8, "{figures:#?}");
    let projects = "预算10表 2023年项目支出预算表";
    assert!(figures.contains(&(
        projects.into(),
        "其他运转类 信息系统维护费 新乡市社会保险中心".into(),
        "合计".into(),
        "72.00".into(),
        "71.00".into()
    )));
    assert!(figures.contains(&(
        projects.into(),
        "其他运转类 聘用20人工资及保险 新乡市社会保险中心".into(),
        "本年拨款 / 一般公共预算".into(),
        "87.04".into(),
        "88.04".into()
    )));
    assert!(figures.contains(&(
        "预算11表 2023年度单位预算项目绩效目标表".into(),
        "410700220000000029838 信息系统维护费".into(),
        "项目金额（万元） / 资金总额".into(),
        "72.00".into(),
        "71.00".into()
    )));
    assert!(figures
        .iter()
        .all(|f| f.0.starts_with("预算10表") || f.0.starts_with("预算11表")));
    // The goal values changed as words: the two goals table rows, each old → new.
    let texts = changes["texts"].as_array().unwrap();
    assert_eq!(texts.len(), 2, "{changes}");
    assert!(texts.iter().all(|t| t["place"] == "预算11表"));
    assert!(texts[0]["old"].as_str().unwrap().contains("≤87.04万元"));
    assert!(texts[0]["new"].as_str().unwrap().contains("≤88.04万元"));

    // The same edit as a workbook on the new side: the same changes.
    let xlsx = dir.join("new.xlsx");
    yusuan_ok(&["convert", new.to_str().unwrap(), xlsx.to_str().unwrap()]);
    let (code, from_workbook) = diff_json(&root().join(REFERENCE), &xlsx);
    assert_eq!(code, Some(1));
    assert_eq!(from_workbook, changes);

    // Nothing changed: exit 0, said so.
    let same = yusuan(&["diff", REFERENCE, REFERENCE]);
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("预算书相同"));
}

/// A project moved to another 功能分类 line: each function table's two rows, labelled by
/// their codes and names (a blank cell among the amounts labels nothing), grouped by table.
#[test]
fn diff_labels_rows_by_code_and_name_across_blank_cells() {
    let dir = scratch_dir("diff-moved");
    let new = edited(
        &dir,
        "moved.yaml",
        &[(
            "移交退管中心的关闭破产企业离休人员费用, type: 其他运转类, function: \"2089999\"",
            "移交退管中心的关闭破产企业离休人员费用, type: 其他运转类, function: \"2080501\"",
        )],
    );
    let (code, changes) = diff_json(&root().join(REFERENCE), &new);
    assert_eq!(code, Some(1), "{changes}");
    let figures = changes["figures"].as_array().unwrap();
    let rows: Vec<&str> = figures.iter().map(|f| f["row"].as_str().unwrap()).collect();
    assert!(
        rows.iter()
            .all(|row| *row == "208 05 01 行政单位离退休"
                || *row == "208 99 99 其他社会保障和就业支出"),
        "{rows:?}"
    );
    let tables: Vec<&str> = figures
        .iter()
        .map(|f| f["table"].as_str().unwrap())
        .collect();
    let mut grouped = tables.clone();
    grouped.dedup();
    assert_eq!(grouped.len(), 2, "grouped by table: {tables:?}");
    let moved = figures
        .iter()
        .find(|f| f["row"] == "208 05 01 行政单位离退休" && f["column"] == "合计")
        .unwrap();
    assert_eq!(
        (moved["old"].as_str(), moved["new"].as_str()),
        (Some("338.57"), Some("347.40"))
    );
}

#[test]
fn diff_of_data_with_errors_says_where_and_exits_2() {
    let dir = scratch_dir("diff-broken");
    let broken = edited(
        &dir,
        "broken.yaml",
        &[("  basic: 4675.21", "  basic: 4676.21")],
    );
    let run = yusuan(&["diff", REFERENCE, broken.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("error[C03]") && err.contains("无法比较"),
        "{err}"
    );
    assert!(run.stdout.is_empty());
}

fn data_to_fill_goal(text: &str) -> String {
    let data: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    data["unit_performance"]["goal"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Replaces every `待填写` of `next` by the value at the same path in `this`.
fn filled(next: &serde_yaml::Value, this: &serde_yaml::Value) -> serde_yaml::Value {
    match next {
        serde_yaml::Value::String(text) if text == "待填写" => this.clone(),
        serde_yaml::Value::Mapping(map) => serde_yaml::Value::Mapping(
            map.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        filled(v, this.get(k).unwrap_or(&serde_yaml::Value::Null)),
                    )
                })
                .collect(),
        ),
        serde_yaml::Value::Sequence(items) => serde_yaml::Value::Sequence(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| filled(v, this.get(i).unwrap_or(&serde_yaml::Value::Null)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn next_year_carries_the_printed_figures_and_names_every_amount_to_fill() {
    let dir = scratch_dir("next-year");
    let this = dir.join("xinxiang-shebao-2023.yaml");
    std::fs::write(&this, reference_text()).unwrap();
    let run = yusuan_ok(&["next-year", this.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&run.stdout);
    let next = dir.join("2024/xinxiang-shebao-2024.yaml");
    assert!(said.contains("2024 年，格式 henan-2024"), "{said}");
    let text = std::fs::read_to_string(&next).unwrap();
    let to_fill = text
        .lines()
        .filter(|line| line.trim_end().ends_with(": 待填写"))
        .count();
    assert!(
        said.contains(&format!("{to_fill} 处待填写")),
        "{said} / {to_fill}"
    );
    // henan-2024 prints the 整体绩效目标表: its places are there, to fill.
    assert_eq!(data_to_fill_goal(&text), "待填写");

    let data: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    // This year's booklet figures are last year's now; the year and date move on.
    assert_eq!(data["unit"]["year"], 2024);
    assert_eq!(data["unit"]["published"], "2024-02-01");
    assert_eq!(data["profile"], "henan-2024");
    let number = |v: &serde_yaml::Value| v.as_f64().unwrap();
    assert_eq!(number(&data["previous_year"]["total"]), 11436.06);
    assert_eq!(number(&data["previous_year"]["general_public"]), 11436.06);
    assert!(data["previous_year"].get("change_reason").is_none());
    assert_eq!(
        number(&data["three_public"]["previous"]["vehicle_operation"]),
        5.2
    );
    assert_eq!(
        data["three_public"]["current"]["vehicle_operation"],
        "待填写"
    );
    assert_eq!(data["control_totals"]["income_total"], "待填写");
    assert_eq!(data["projects"][0]["amount"], "待填写");
    // Texts are kept.
    assert_eq!(data["overview"]["internal_offices"][0], "办公室");
    assert_eq!(data["projects"][0]["name"], "信息系统维护费");

    // Its only diagnostics are the amounts to fill, each at its line.
    let run = yusuan(&["validate", next.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let out = String::from_utf8_lossy(&run.stdout);
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("error[")).collect();
    assert_eq!(errors.len(), to_fill, "{out}");
    assert!(errors.iter().all(|l| l.starts_with("error[Y05]")), "{out}");
    assert!(!out.contains("warning["), "{out}");
    let lines: Vec<&str> = text.lines().collect();
    for located in out
        .lines()
        .filter(|l| l.contains("xinxiang-shebao-2024.yaml:"))
    {
        let line: usize = located
            .rsplit(".yaml:")
            .next()
            .unwrap()
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            lines[line - 1].contains("待填写"),
            "{located}: {}",
            lines[line - 1]
        );
    }
    assert!(
        out.contains(&format!("检查了 1 个文件：{to_fill} 个错误，0 个警告")),
        "{out}"
    );
    // Nothing is built while amounts are missing: none prints as 0.
    let run = yusuan(&[
        "build",
        next.to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!dir.join("out").exists());

    // Filled in (here with this year's figures), nothing is left to fill.
    let this_year: serde_yaml::Value = serde_yaml::from_str(&reference_text()).unwrap();
    let complete = dir.join("complete.yaml");
    std::fs::write(
        &complete,
        serde_yaml::to_string(&filled(&data, &this_year)).unwrap(),
    )
    .unwrap();
    let run = yusuan(&["validate", complete.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(!out.contains("Y05"), "{out}");

    // Run again, it does not overwrite next year's file.
    let again = yusuan(&["next-year", this.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已经存在"));
    assert_eq!(std::fs::read_to_string(&next).unwrap(), text);
}
