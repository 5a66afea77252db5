//! The real executable, run as a user would.

use super::*;

#[test]
fn build_writes_the_pdf_into_the_unit_folder() {
    let out = scratch_dir("cmd-build");
    let run = yusuan(&["build", REFERENCE, "-o", out.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let pdf = out
        .join("新乡市社会保险中心")
        .join("新乡市社会保险中心2023年单位预算.pdf");
    let bytes = std::fs::read(&pdf).expect("PDF written");
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 10_000);
    let docx = out
        .join("新乡市社会保险中心")
        .join("新乡市社会保险中心2023年单位预算.docx");
    assert!(std::fs::read(&docx)
        .expect("DOCX written beside the PDF")
        .starts_with(b"PK"));
    // A second run gives the same bytes.
    let again = yusuan(&["build", REFERENCE, "-o", out.to_str().unwrap()]);
    assert!(again.status.success());
    assert_eq!(std::fs::read(&pdf).unwrap(), bytes);
}

#[test]
fn typst_format_writes_a_project_with_its_data() {
    let out = scratch_dir("cmd-typst");
    let run = yusuan(&[
        "build",
        REFERENCE,
        "-o",
        out.to_str().unwrap(),
        "--format",
        "typst",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let project = out.join("新乡市社会保险中心").join("typst");
    let main = std::fs::read_to_string(project.join("main.typ")).unwrap();
    assert!(main.contains("json(\"data.json\")"));
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(project.join("data.json")).unwrap()).unwrap();
    assert_eq!(
        data["doc"]["meta"]["title"],
        "新乡市社会保险中心2023年单位预算"
    );
    assert_eq!(
        data["style"]["fonts"]["body"]["families"][0],
        "FandolFang R"
    );
}

#[test]
fn bad_data_exits_1_names_file_line_and_field_and_writes_nothing() {
    let dir = scratch_dir("cmd-bad");
    let text = reference_text().replacen("  project: 6760.85", "  project: 6761.85", 1);
    let data = dir.join("bad.yaml");
    std::fs::write(&data, &text).unwrap();
    let out = dir.join("out");
    let run = yusuan(&["build", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    let line = text
        .lines()
        .position(|l| l.contains("project: 6761.85"))
        .unwrap()
        + 1;
    assert!(stderr.contains(&format!("bad.yaml:{line}:")), "{stderr}");
    assert!(
        stderr.contains("control_totals.project") && stderr.contains("项目支出"),
        "{stderr}"
    );
    assert!(
        stderr.contains("6,761.85") && stderr.contains("6,760.85"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written for a unit with errors");
}

#[test]
fn help_explains_formats_and_fonts() {
    let run = yusuan(&["build", "--help"]);
    assert!(run.status.success());
    let help = String::from_utf8_lossy(&run.stdout);
    // Whole explanations, not words that any help text contains.
    for line in [
        "--format all    PDF、DOCX 和附表工作簿（默认）",
        "--format xlsx   <单位名称><年度>年单位预算表.xlsx",
        "--format typst  typst/main.typ 和 typst/data.json",
        "用 --font-path 指向",
        "退出码：0 成功；1 数据有错误；2 用法、读写或排版错误。",
        "-o, --out <DIR>",
        "--format <FORMAT>",
        "docx   Word 文档（供编辑、审批）",
        "xlsx   附表工作簿（每张表一个工作表）",
        "输出目录。默认：output",
    ] {
        assert!(help.contains(line), "help says “{line}”: {help}");
    }
    let batch = yusuan(&["batch", "--help"]);
    let help = String::from_utf8_lossy(&batch.stdout);
    assert!(
        help.contains("默认或 0 为处理器核数"),
        "batch help explains --jobs: {help}"
    );
}

#[test]
fn a_missing_file_is_a_clear_error_with_exit_2() {
    let run = yusuan(&["build", "data/no-such-unit.yaml"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no-such-unit.yaml"));
}

#[test]
fn validate_reports_every_file_and_a_summary() {
    let dir = scratch_dir("cmd-validate");
    let tail = dir.join("tail.yaml");
    std::fs::write(
        &tail,
        reference_text().replacen("  basic: 4675.21", "  basic: 4675.23", 1),
    )
    .unwrap();
    let wrong = dir.join("wrong.yaml");
    std::fs::write(
        &wrong,
        reference_text().replacen("amount: 1212.19", "amount: 1213.19", 1),
    )
    .unwrap();

    let clean = yusuan(&["validate", REFERENCE]);
    assert_eq!(clean.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&clean.stdout).contains("检查了 1 个文件：0 个错误，0 个警告"));

    // A 尾差 is a warning: exit 0, unless --strict.
    let warned = yusuan(&["validate", tail.to_str().unwrap()]);
    assert_eq!(warned.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&warned.stdout).contains("warning[W01]"));
    let strict = yusuan(&["validate", "--strict", tail.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1));

    // Several files: every problem of every file, then one summary line.
    let both = yusuan(&[
        "validate",
        REFERENCE,
        wrong.to_str().unwrap(),
        tail.to_str().unwrap(),
    ]);
    assert_eq!(both.status.code(), Some(1));
    let out = String::from_utf8_lossy(&both.stdout);
    let line = line_of(&reference_text(), "amount: 1212.19");
    assert!(out.contains(&format!("wrong.yaml:{line}:")), "{out}");
    assert!(
        out.contains("error[X01]") && out.contains("warning[W01]"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("检查了 3 个文件：1 个错误，1 个警告。"),
        "{out}"
    );

    // A file that cannot be read is exit 2, and the others are still checked.
    let missing = yusuan(&["validate", "data/none.yaml", REFERENCE]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stdout).contains("通过"));

    // A folder stands for its data files, as `batch` finds them (Windows' console expands no
    // `*.yaml`): an upper-case extension is one, an open workbook's owner file is passed over.
    std::fs::rename(&tail, dir.join("TAIL.YAML")).unwrap();
    std::fs::write(dir.join("~$单位.xlsx"), "owner").unwrap();
    let folder = yusuan(&["validate", dir.to_str().unwrap()]);
    assert_eq!(folder.status.code(), Some(1));
    let out = String::from_utf8_lossy(&folder.stdout);
    assert!(
        out.contains("TAIL.YAML:") && out.contains("wrong.yaml:"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("检查了 2 个文件：1 个错误，1 个警告。"),
        "{out}"
    );
    assert!(String::from_utf8_lossy(&folder.stderr).contains("跳过"));
    // A wildcard the console left alone, letters' case aside.
    let matched = yusuan(&["validate", dir.join("*.yaml").to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&matched.stdout).contains("检查了 2 个文件"),
        "{}",
        String::from_utf8_lossy(&matched.stdout)
    );
    // An empty folder, a folder for `build`, a missing file: said plainly, exit 2.
    let empty = dir.join("空");
    std::fs::create_dir_all(&empty).unwrap();
    let run = yusuan(&["validate", empty.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("中没有数据文件"));
    let run = yusuan(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("是文件夹，不是数据文件"));
    let run = yusuan(&["validate", "data/none.yaml"]);
    assert!(String::from_utf8_lossy(&run.stderr).contains("找不到数据文件 data/none.yaml"));
    let run = yusuan(&["batch", "nodata"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("找不到数据文件夹 nodata"));
}

#[test]
fn build_with_a_wrong_bonus_writes_nothing() {
    let dir = scratch_dir("cmd-bonus");
    let data = dir.join("bonus.yaml");
    std::fs::write(
        &data,
        reference_text().replacen("amount: 1212.19", "amount: 1213.19", 1),
    )
    .unwrap();
    let out = dir.join("out");
    let run = yusuan(&["build", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("economic[0].amount"));
    assert!(!out.exists());
}

#[test]
fn a_font_path_that_does_not_exist_is_a_clear_error() {
    let run = yusuan(&[
        "build",
        REFERENCE,
        "--font-path",
        "no/such/fonts",
        "-o",
        scratch_dir("cmd-fonts").to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("无法读取字体目录 no/such/fonts"));
}

#[test]
fn rules_lists_every_rule_a_diagnostic_can_name() {
    let run = yusuan(&["rules"]);
    assert!(run.status.success());
    let text = String::from_utf8(run.stdout).unwrap();
    assert_eq!(text.lines().count(), yusuan::input::rule::Rule::ALL.len());
    assert!(
        text.lines()
            .any(|line| line == "C03  基本支出控制数等于功能分类基本支出之和"),
        "{text}"
    );
    assert!(text.lines().any(|line| line.starts_with("W01  ")), "{text}");
}
