//! Profiles: the booklet's shape as data. The default, `henan-2023`, keeps every bundled unit's
//! output byte for byte what it was before the shape became data.

use super::*;
use std::process::Command;

/// The sha256 and path of every file `batch` writes for the bundled units, sorted by path.
fn batch_outputs(out: &Path) -> Vec<(String, String)> {
    let run = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["batch", "data", "-o"])
        .arg(out)
        .current_dir(root())
        .output()
        .expect("yusuan runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let mut files: Vec<(String, String)> = manifest["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|unit| unit["files"].as_array().unwrap().clone())
        .map(|file| {
            (
                file["path"].as_str().unwrap().to_owned(),
                file["sha256"].as_str().unwrap().to_owned(),
            )
        })
        // The PDF and DOCX, as recorded before; the annex workbook came after.
        .filter(|(path, _)| !path.ends_with(".xlsx"))
        .collect();
    files.sort();
    files
}

/// The 24 files of the 12 bundled units are the bytes recorded in
/// `fixtures/henan-2023-outputs.sha256` (written from the output just before the profiles came
/// in). A change to them must be deliberate: explain it in the commit and record the new sums.
#[test]
fn bundled_units_keep_their_bytes_under_the_default_profile() {
    let recorded =
        std::fs::read_to_string(root().join("tests/it/fixtures/henan-2023-outputs.sha256"))
            .unwrap();
    let mut expected: Vec<(String, String)> = recorded
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (sum, path) = line.split_once("  ").expect("`<sha256>  <path>`");
            (path.to_owned(), sum.to_owned())
        })
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 24);
    let out = scratch_dir("profile-bytes");
    assert_eq!(batch_outputs(&out), expected);
}

/// Copies a folder's files (one level of subfolders, as a profile has).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The visible text of a DOCX's document.xml.
pub(crate) fn docx_text(docx: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml.split("<w:t")
        .skip(1)
        .filter_map(|piece| piece.split_once('>').map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once("</w:t>").map(|(text, _)| text))
        .collect()
}

/// An office copies the built-in profile and, without touching code, drops the 政府性基金 table,
/// renames the 项目支出预算表 and, in the 一般公共预算支出预算表, replaces the 资本性支出 column
/// with one showing 人员经费合计. The document, the PDF and the DOCX all follow.
#[test]
fn an_edited_copy_of_a_profile_reshapes_the_booklet() {
    let dir = scratch_dir("own-profile").join("my-profile");
    copy_dir(&root().join("templates/profiles/henan-2023"), &dir);
    let file = dir.join("profile.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    let start = yaml.find("  - name: 政府性基金支出预算表").unwrap();
    let end = start + yaml[start..].find("\n\n").unwrap() + 2;
    let mut yaml = format!("{}{}", &yaml[..start], &yaml[end..]);
    yaml = yaml.replacen("name: 项目支出预算表", "name: 项目支出明细表", 1);
    yaml = yaml.replacen(
        "{{ year }}年项目支出预算表",
        "{{ year }}年项目支出明细表",
        1,
    );
    // The 一般公共预算支出预算表 gets its own column list instead of the shared one.
    let general = yaml.find("  - name: 一般公共预算支出预算表").unwrap();
    let columns = general + yaml[general..].find("    columns: *by_function").unwrap();
    let own = "    columns:
      - { header: 科目编码, show: section, width: 6 }
      - { header: 科目名称, show: name, width: 24 }
      - { header: 合计, show: total, width: 9 }
      - { header: 人员经费合计, show: personnel, width: 9 }
      - { header: 商品和服务支出, show: goods_services, width: 9 }";
    yaml = format!(
        "{}{own}{}",
        &yaml[..columns],
        &yaml[columns + "    columns: *by_function".len()..]
    );
    std::fs::write(&file, &yaml).unwrap();

    let mut toolkit = yusuan::Toolkit::builtin().unwrap();
    toolkit.use_profile(dir.to_str().unwrap()).unwrap();
    let source = yusuan::input::load::SourceFile::read(&root().join(REFERENCE)).unwrap();
    let Ok(prepared) = toolkit.prepare(&source) else {
        panic!("the reference prepares under the edited profile");
    };
    let tables = tables_of(&prepared.document);
    let titles: Vec<&str> = tables.iter().map(|t| t.frame.title.as_str()).collect();
    assert_eq!(tables.len(), 10, "{titles:?}");
    assert!(!titles.contains(&"2023年政府性基金支出预算表"));
    assert_eq!(tables[8].frame.label, "预算09表");
    assert_eq!(tables[8].frame.title, "2023年项目支出明细表");
    assert_eq!(tables[8].frame.toc, "九、项目支出明细表");
    let general = tables[4];
    let headers: Vec<&str> = general.header[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        headers,
        [
            "科目编码",
            "科目名称",
            "合计",
            "人员经费合计",
            "商品和服务支出"
        ]
    );
    assert_eq!(general.columns.len(), 5);
    // The 合计 row: 一般公共预算 11,436.06 in all, 人员经费 4,267.66, 商品和服务支出 407.55.
    let total: Vec<&str> = general.body[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(total, ["", "合计", "11,436.06", "4,267.66", "407.55"]);

    let layout = toolkit
        .engine()
        .unwrap()
        .layout(&prepared.document)
        .unwrap();
    let pdf_text: String = layout.page_texts().concat();
    let docx = yusuan::render::docx::render(
        &prepared.document,
        toolkit.typography(),
        &layout.toc_pages(),
    )
    .unwrap();
    let docx_words = docx_text(&docx);
    for text in [&pdf_text, &docx_words] {
        assert!(text.contains("九、项目支出明细表"));
        assert!(text.contains("2023年项目支出明细表"));
        assert!(text.contains("人员经费合计"));
        assert!(!text.contains("政府性基金支出预算表"));
        assert!(text.contains("预算10表"));
        assert!(!text.contains("预算11表"));
    }

    // And from the command line.
    let out = scratch_dir("own-profile-out");
    let run = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["build", REFERENCE, "--profile"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written = out.join("新乡市社会保险中心/新乡市社会保险中心2023年单位预算.docx");
    assert_eq!(docx_text(&std::fs::read(written).unwrap()), docx_words);
}

/// A data file may name its profile; an unknown one is a located error that lists the known.
#[test]
fn the_data_names_its_profile() {
    let text = reference_text().replacen("sample: false", "profile: henan-2023\nsample: false", 1);
    assert!(prepare_text("profile-named", &text).is_ok());
    let text = reference_text().replacen("sample: false", "profile: henan-2099\nsample: false", 1);
    match prepare_text("profile-unknown", &text) {
        Err(yusuan::app::pipeline::Failure::Data(found)) => {
            assert_eq!(found.len(), 1);
            let diagnostic = &found[0];
            assert_eq!(diagnostic.rule, "M01");
            assert!(
                diagnostic.message.contains("henan-2099"),
                "{}",
                diagnostic.message
            );
            assert!(
                diagnostic.message.contains("henan-2023"),
                "{}",
                diagnostic.message
            );
            let line = diagnostic.position.as_ref().map(|p| p.line);
            assert_eq!(line, Some(line_of(&text, "profile: henan-2099")));
        }
        _ => panic!("an unknown profile is a data error"),
    }
}

/// `yusuan profiles` lists the built-in profiles with their tables.
#[test]
fn profiles_are_listed() {
    let run = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["profiles", "--sources"])
        .output()
        .unwrap();
    assert!(run.status.success());
    let text = String::from_utf8(run.stdout).unwrap();
    assert!(text.contains("henan-2023（默认）"), "{text}");
    assert!(
        text.contains("11. 单位预算项目绩效目标表（14 列，行来源 project_goals）"),
        "{text}"
    );
    assert!(text.contains("personnel"), "{text}");
}

/// The 2024 sample unit's data.
fn sample_2024() -> String {
    std::fs::read_to_string(root().join("data/2024/xinxiang-shebao-2024.yaml")).unwrap()
}

fn utf16_hex(text: &str) -> String {
    text.encode_utf16()
        .map(|unit| format!("{unit:04X}"))
        .collect()
}

/// `henan-2024`: twelve tables, the 整体绩效目标表 as 十一 in the 目录, the PDF's bookmarks and
/// the annex, with the sample's tasks, their 金额合计 (= 支出总计), goal and indicators.
#[test]
fn the_2024_sample_has_twelve_tables_with_the_unit_goals() {
    let (prepared, layout) = laid_out("sample-2024", &sample_2024());
    let toc: Vec<String> = prepared
        .document
        .toc_entries()
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert!(
        toc.contains(&"十一、本级部门（单位）整体绩效目标表".to_owned()),
        "{toc:?}"
    );
    assert!(
        toc.contains(&"十二、单位预算项目绩效目标表".to_owned()),
        "{toc:?}"
    );
    let tables: Vec<&yusuan::compose::document::Table> = prepared
        .document
        .blocks
        .iter()
        .filter_map(|b| match b {
            yusuan::compose::document::Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 12);
    let goals = tables[10];
    assert_eq!(goals.frame.label, "预算11表");
    assert_eq!(goals.frame.title, "2024年度本级部门（单位）整体绩效目标表");
    assert!(
        goals.header.is_empty(),
        "a form: its labels are in its rows"
    );
    let rows: Vec<Vec<&str>> = goals
        .body
        .iter()
        .map(|row| row.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(rows[0], ["部门（单位）名称", "新乡市社会保险中心"]);
    assert_eq!(
        rows[3][..3],
        [
            "保障机构正常运转"[..].as_ref(),
            "保障在职人员工资福利、离退休人员经费和日常公用经费，维持中心正常运转",
            "4,675.21"
        ]
    );
    assert_eq!(rows[7], ["金额合计", "11,436.06", "11,436.06", "0.00"]);
    assert_eq!(rows[8][0], "年度总体目标");
    assert_eq!(
        rows[9],
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"]
    );
    // 产出指标 spans its four rows, 数量指标 its two.
    assert_eq!(
        rows[10],
        ["产出指标", "数量指标", "按时足额发放待遇的离休人员", "44人"]
    );
    assert_eq!(goals.body[10][0].rowspan, 4);
    assert_eq!(goals.body[10][1].rowspan, 2);
    assert_eq!(rows[11], ["聘用人员人数", "20人"]);
    assert_eq!(rows[12], ["质量指标", "资金使用合规率", "100%"]);
    // Every grid slot is taken once.
    let mut taken = vec![vec![0; goals.column_count()]; goals.body.len()];
    for cell in goals.body.iter().flatten() {
        for y in cell.row..cell.row + cell.rowspan {
            for x in cell.column..cell.column + cell.colspan {
                taken[usize::from(y)][usize::from(x)] += 1;
            }
        }
    }
    assert!(taken.iter().flatten().all(|&n| n == 1), "{taken:?}");

    let pages = layout.page_texts();
    let toc_page = pages
        .iter()
        .find(|p| p.contains("目") && p.contains("十二、"))
        .unwrap();
    assert!(toc_page.contains("十一、本级部门（单位）整体绩效目标表"));
    assert!(pages
        .iter()
        .any(|p| p.contains("预算11表") && p.contains("年度主要任务") && p.contains("金额合计")));
    assert!(pages.iter().any(|p| p.contains("预算12表")));
    let pdf = layout.pdf().unwrap();
    // The outline entry's title, UTF-16BE in hex.
    let bookmark = format!("<FEFF{}", utf16_hex("十一、本级部门（单位）整体绩效目标表"));
    assert!(
        String::from_utf8_lossy(&pdf).contains(&bookmark),
        "the table is bookmarked"
    );
}

/// J01: the tasks must add up to the 支出总计; J02: a profile printing the 整体绩效目标表 needs
/// the data; a profile that prints no project goals table asks for no project goals (P03).
#[test]
fn unit_goal_rules_follow_the_profile() {
    let text = sample_2024().replacen("appropriation: 346.51", "appropriation: 346.50", 1);
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("j01", &text) else {
        panic!("J01 is an error");
    };
    let j01 = found.iter().find(|d| d.rule == "J01").expect("J01");
    assert!(
        j01.message.contains("11,436.05") && j01.message.contains("11,436.06"),
        "{}",
        j01.message
    );
    assert!(j01.message.contains("相差 0.01 万元"), "{}", j01.message);
    assert_eq!(
        j01.position.as_ref().map(|p| p.line),
        Some(line_of(&text, "  tasks:") + 1),
        "at the task list"
    );

    // The 2023 reference under the 2024 profile lacks the 整体绩效目标.
    let text = reference_text().replacen("sample: false", "profile: henan-2024\nsample: false", 1);
    let Err(yusuan::app::pipeline::Failure::Data(found)) = prepare_text("j02", &text) else {
        panic!("J02 is an error");
    };
    assert!(found.iter().any(|d| d.rule == "J02"), "{found:?}");
    // …and under 2023 the same data needs none.
    assert!(prepare_text("no-j02", &reference_text()).is_ok());

    // A project without 绩效目标 is a P03 warning only where a project goals table is printed.
    let Ok(mut prepared) = prepare_text("p03", &reference_text()) else {
        panic!("the reference prepares");
    };
    prepared.budget.performance.pop();
    let texts = &toolkit().texts;
    use yusuan::profile::rows::RowKind;
    let rules = |printed: &[RowKind]| -> Vec<&'static str> {
        let context = yusuan::check::Context {
            texts,
            catalogue: None,
            has_glyph: &|_| true,
            printed,
            kind: yusuan::base::file_name::BookletKind::Unit,
        };
        yusuan::check::check(
            &prepared.budget,
            &yusuan::compute::figures::Figures::compute(&prepared.budget),
            &context,
        )
        .into_iter()
        .map(|d| d.rule.code())
        .collect()
    };
    assert!(rules(&[RowKind::Projects, RowKind::ProjectGoals]).contains(&"P03"));
    assert!(!rules(&[RowKind::Projects]).contains(&"P03"));
}

/// The amounts (`x.xx`, separators and extraction spaces dropped) and the runs of four or more
/// Chinese characters of a booklet's text, as `../shared/tools/reference-coverage` counts them.
fn coverage_tokens(text: &str) -> (Vec<String>, Vec<String>) {
    let text: String = text
        .lines()
        .filter(|l| {
            !l.starts_with("SOURCE:") && !l.starts_with("# ") && !l.starts_with("=== [page")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let chars: Vec<char> = text.chars().collect();
    let mut amounts = std::collections::BTreeSet::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit()
            || (i > 0 && (chars[i - 1].is_ascii_digit() || matches!(chars[i - 1], ',' | '，')))
        {
            i += 1;
            continue;
        }
        // Digits, separators, or a space before a digit; then a point, maybe a space, two digits.
        let mut j = i + 1;
        while j < chars.len()
            && (chars[j].is_ascii_digit()
                || matches!(chars[j], ',' | '，')
                || (chars[j] == ' ' && chars.get(j + 1).is_some_and(char::is_ascii_digit)))
        {
            j += 1;
        }
        let mut k = j;
        if chars.get(k) == Some(&'.') {
            k += 1;
            if chars.get(k) == Some(&' ') {
                k += 1;
            }
            if chars.get(k).is_some_and(char::is_ascii_digit)
                && chars.get(k + 1).is_some_and(char::is_ascii_digit)
            {
                let token: String = chars[i..k + 2]
                    .iter()
                    .filter(|c| !matches!(c, ' ' | ',' | '，'))
                    .collect();
                amounts.insert(token);
                // Scanning goes on after the match, as the regular expression's does.
                i = k + 2;
                continue;
            }
        }
        i = j.max(i + 1);
    }
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let phrases: std::collections::BTreeSet<String> = text
        .split(|c: char| !han(c))
        .filter(|p| p.chars().count() >= 4)
        .map(str::to_owned)
        .collect();
    (amounts.into_iter().collect(), phrases.into_iter().collect())
}

/// What of `reference`'s amounts and phrases `built` lacks.
pub(crate) fn missing(reference: &str, built: &str) -> (usize, usize, Vec<String>) {
    let flat: String = built.chars().filter(|c| !c.is_whitespace()).collect();
    let bare: String = flat.chars().filter(|c| !matches!(c, ',' | '，')).collect();
    let (amounts, phrases) = coverage_tokens(reference);
    let mut lacking: Vec<String> = amounts
        .iter()
        .filter(|a| !bare.contains(a.as_str()))
        .cloned()
        .collect();
    lacking.extend(
        phrases
            .iter()
            .filter(|p| !flat.contains(p.as_str()))
            .cloned(),
    );
    (amounts.len(), phrases.len(), lacking)
}

/// The Shanghai profile rebuilds a real Shanghai district unit's booklet from its data: at least
/// 98% of the published booklet's amounts and phrases, in the PDF and in the DOCX. What is left
/// are the published text's own slips: a rate (5.40%) that does not follow from the printed
/// amounts, two 类 named by their old names, and “增加” where the figures decreased; the PDF's
/// text layer also sets two header cells apart that the extraction ran together.
#[test]
fn the_shanghai_profile_rebuilds_a_published_booklet() {
    let reference = std::fs::read_to_string(
        root().join("tests/it/fixtures/putuo_shiquan_2026_unit_budget.txt"),
    )
    .unwrap();
    let data =
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let (prepared, layout) = laid_out("shanghai", &data);
    let tables = prepared
        .document
        .blocks
        .iter()
        .filter(|b| matches!(b, yusuan::compose::document::Block::Table(_)))
        .count();
    assert_eq!(tables, 9);
    let docx = yusuan::render::docx::render(
        &prepared.document,
        toolkit().typography(),
        &layout.toc_pages(),
    )
    .unwrap();
    let known = [
        "5.40",
        "医疗卫生与计划生育支出",
        "文化体育与传媒支出",
        "财政拨款收入支出增加的主要原因是",
    ];
    for (format, text) in [
        // Each page without its footer's number, so a sentence runs on over a page break.
        (
            "pdf",
            layout
                .page_texts()
                .iter()
                .map(|page| without_page_number(page))
                .collect::<String>(),
        ),
        ("docx", docx_text(&docx)),
    ] {
        let (amounts, phrases, mut lacking) = missing(&reference, &text);
        assert!(
            amounts > 100 && phrases > 350,
            "{amounts} amounts, {phrases} phrases"
        );
        let found = (amounts + phrases - lacking.len()) as f64 / (amounts + phrases) as f64;
        assert!(
            found >= 0.98,
            "{format}: {found:.3} found; missing {lacking:?}"
        );
        lacking.retain(|token| {
            !known.contains(&token.as_str()) && token != "公务接待费公务用车购置及运行费"
        });
        assert!(
            lacking.is_empty(),
            "{format}: unexpectedly missing {lacking:?}"
        );
    }
    // The tables are in 元, the “三公” table and the text in 万元.
    let text = docx_text(&docx);
    assert!(text.contains("76,306,134"));
    assert!(text.contains("单位：元") && text.contains("单位:万元"));
    assert!(text.contains("收入预算7,630.61万元"));
}

#[test]
fn two_profile_folders_under_one_name_are_refused() {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let dir = scratch_dir("profiles-same-name");
    let source = root().join("templates/profiles/henan-2023");
    copy(&source, &dir.join("a"));
    copy(&source, &dir.join("b"));
    let error = yusuan::profile::Profiles::load(Some(&dir))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("henan-2023") && error.contains("a") && error.contains("b"),
        "{error}"
    );
    // One of them renamed: both load.
    let yaml = std::fs::read_to_string(dir.join("b/profile.yaml")).unwrap();
    std::fs::write(
        dir.join("b/profile.yaml"),
        yaml.replacen("name: henan-2023", "name: henan-2023-office", 1),
    )
    .unwrap();
    let profiles = yusuan::profile::Profiles::load(Some(&dir)).unwrap();
    assert_eq!(profiles.names().len(), 2);
}

#[test]
fn titles_never_leave_one_character_on_their_last_line() {
    let Some(_) = office("title breaks") else {
        return;
    };
    let text =
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let (_, layout) = laid_out("title-runts", &text);
    let dir = scratch_dir("title-runts");
    let pdf = dir.join("shanghai.pdf");
    std::fs::write(&pdf, layout.pdf().unwrap()).unwrap();
    let run = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let lines: Vec<String> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(|line| line.trim().to_string())
        .collect();
    // The part titles “…（本级）主要职能” and “…（本级）机构设置” wrap: never before their last
    // character alone (“能”, “置”), as they did.
    for lonely in ["能", "置"] {
        assert!(
            !lines.iter().any(|line| line == lonely),
            "a title ends with “{lonely}” alone"
        );
    }
    assert!(lines
        .iter()
        .any(|line| line.ends_with("职能") && line.chars().count() >= 2));
}

/// A page's text without the page number its footer prints last (`— 12 —`).
pub(crate) fn without_page_number(page: &str) -> &str {
    let trimmed = page.trim_end();
    match trimmed.strip_suffix('—').and_then(|rest| rest.rfind('—')) {
        Some(start) if trimmed[start..].chars().any(|c| c.is_ascii_digit()) => &trimmed[..start],
        _ => page,
    }
}

/// A narrative template that names something the context does not have fails when the
/// profile loads, naming the file and the line, before any unit is built; so does a syntax
/// error.
#[test]
fn a_narrative_template_with_an_unknown_name_fails_at_load_with_its_line() {
    let dir = scratch_dir("profile-unknown-name");
    let source = root().join("templates/profiles/henan-2023");
    std::fs::create_dir_all(dir.join("narrative")).unwrap();
    let yaml = std::fs::read_to_string(source.join("profile.yaml"))
        .unwrap()
        .replacen("name: henan-2023", "name: unknown-name", 1);
    std::fs::write(dir.join("profile.yaml"), yaml).unwrap();
    for file in ["part1.j2", "part2.j2", "part3.j2"] {
        std::fs::copy(
            source.join("narrative").join(file),
            dir.join("narrative").join(file),
        )
        .unwrap();
    }
    let part2 = std::fs::read_to_string(dir.join("narrative/part2.j2")).unwrap();
    let line = part2.lines().count() + 1;
    let out = scratch_dir("profile-unknown-name-out");
    let build = |text: &str| {
        std::fs::write(dir.join("narrative/part2.j2"), text).unwrap();
        Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(["build", REFERENCE, "--profile"])
            .arg(&dir)
            .arg("-o")
            .arg(&out)
            .current_dir(root())
            .output()
            .unwrap()
    };
    let run = build(&format!("{part2}{{{{ unit_nmae }}}}\n"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("narrative/part2.j2"), "{stderr}");
    assert!(stderr.contains(&format!("第 {line} 行")), "{stderr}");
    assert!(stderr.contains("unit_nmae"), "{stderr}");
    assert!(
        std::fs::read_dir(&out).unwrap().next().is_none(),
        "nothing written"
    );
    let run = build(&format!("{part2}{{% if %}}\n"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("narrative/part2.j2"), "{stderr}");
    assert!(stderr.contains("语法错误"), "{stderr}");
    // The unchanged template builds.
    assert!(build(&part2).status.success());
}

/// The Shanghai part titles wrap between the unit's name and what the part is about, in the
/// PDF and the DOCX alike (“…（本级）” / “主要职能”), not inside a word (“…主要” / “职能”).
#[test]
fn long_part_titles_break_where_a_reader_would() {
    let data =
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let (prepared, layout) = laid_out("shanghai-part-titles", &data);
    let parts: Vec<&Vec<String>> = prepared
        .document
        .blocks
        .iter()
        .filter_map(|block| match block {
            yusuan::compose::document::Block::Part { lines, .. } => Some(lines),
            _ => None,
        })
        .collect();
    let unit = "上海市普陀区人民政府石泉路街道办事处（本级）";
    assert_eq!(parts[0], &vec![unit.to_string(), "主要职能".to_string()]);
    assert_eq!(parts[1], &vec![unit.to_string(), "机构设置".to_string()]);
    // In the PDF: 主要职能 on a line of its own, below the unit's name.
    let placed = layout.placed_texts();
    let title = placed
        .iter()
        .find(|p| p.size > 17.0 && p.text.contains("主要职能"))
        .expect("主要职能 in a part title");
    let name = placed
        .iter()
        .find(|p| p.page == title.page && p.size > 17.0 && p.text.contains("本级"))
        .expect("the unit's name on the part's page");
    assert!(title.baseline > name.baseline, "主要职能 below the name");
    assert!(!name.text.contains("主要"), "{}", name.text);
    // In the DOCX: the same two lines, a line break between them.
    let docx = yusuan::render::docx::render(
        &prepared.document,
        toolkit().typography(),
        &layout.toc_pages(),
    )
    .unwrap();
    let xml = super::docx::part(&docx, "word/document.xml");
    assert!(
        xml.contains(&format!(
            "{unit}</w:t><w:br w:type=\"textWrapping\" /><w:t xml:space=\"preserve\">主要职能"
        )),
        "a line break after the unit's name"
    );
}

/// Shanghai's 收入预算总表 and 支出预算总表 ran onto a page holding only their header and the
/// 合计 row. The layout breaks the page a row earlier instead: the finished layout has no closing
/// row alone, and it got there by breaking those two tables.
#[test]
fn a_closing_total_row_never_stands_alone_on_a_page() {
    let data =
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let (prepared, layout) = laid_out("shanghai-closing-totals", &data);
    assert_eq!(layout.lone_closing_rows(), Vec::<(usize, u16)>::new());
    let data: serde_json::Value = serde_json::from_slice(layout.data_json()).unwrap();
    let broken: Vec<&str> = data["doc"]["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|block| block.get("page_breaks").is_some())
        .filter_map(|block| block["title"].as_str())
        .collect();
    assert_eq!(
        broken,
        vec!["2026年预算单位收入预算总表", "2026年预算单位支出预算总表"],
        "the two long tables get a page break before the row above their 合计"
    );
    // The document the renderers were given is unchanged: the breaks are the layout's.
    assert!(prepared.document.blocks.iter().all(|block| match block {
        yusuan::compose::document::Block::Table(table) => table.page_breaks.is_empty(),
        _ => true,
    }));
}

/// An office's variant of a built-in profile is a folder of a few lines and the one template it
/// changes: the Shanghai format with two decimals in its tables and its own last part.
#[test]
fn an_office_variant_of_shanghai_is_a_few_lines_and_one_template() {
    use yusuan::compose::document::{Block, CellKind, Document};
    let dir = scratch_dir("profile-shanghai-variant");
    std::fs::create_dir_all(dir.join("narrative")).unwrap();
    std::fs::write(
        dir.join("profile.yaml"),
        "extends: shanghai\nname: shanghai-office\ndescription: 上海某区：表中金额保留两位小数\nannex:\n  amounts: { decimals: 2 }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("narrative/other.j2"),
        "{{ h1(\"一、其他说明\") }}\n\n{{ unit.name }}没有需要说明的其他情况。\n",
    )
    .unwrap();
    let source = SourceFile::read(&root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap();
    let document = |profile: &str| -> Document {
        let mut kit = Toolkit::builtin().unwrap();
        kit.use_profile(profile).unwrap();
        match kit.prepare(&source) {
            Ok(prepared) => prepared.document,
            Err(_) => panic!("the Shanghai sample prepares with {profile}"),
        }
    };
    let (builtin, variant) = (document("shanghai"), document(dir.to_str().unwrap()));
    let amounts = |doc: &Document| -> Vec<String> {
        let Some(table) = doc.blocks.iter().find_map(|b| match b {
            Block::Table(t) => Some(t.clone()),
            _ => None,
        }) else {
            panic!("a table");
        };
        table
            .body
            .iter()
            .flatten()
            .filter(|c| c.kind == CellKind::Amount && !c.text.is_empty())
            .map(|c| c.text.clone())
            .collect()
    };
    let (whole, two) = (amounts(&builtin), amounts(&variant));
    assert!(!whole.is_empty() && whole.len() == two.len());
    for (whole, two) in whole.iter().zip(&two) {
        assert!(!whole.contains('.'), "{whole}");
        let (integer, cents) = two.split_once('.').expect("two decimals");
        assert_eq!(cents.len(), 2, "{two}");
        if cents == "00" {
            assert_eq!(integer, whole);
        }
    }
    let texts = |doc: &Document| -> String { format!("{:?}", doc.blocks) };
    let (builtin_text, variant_text) = (texts(&builtin), texts(&variant));
    assert!(variant_text.contains("没有需要说明的其他情况"));
    assert!(!variant_text.contains("二、机关运行经费预算"));
    assert!(builtin_text.contains("二、机关运行经费预算"));
    // Everything else is the parent's: its other parts and its tables.
    assert!(variant_text.contains("主要职能") && variant_text.contains("名词解释"));
    let tables = |doc: &Document| {
        doc.blocks
            .iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count()
    };
    assert_eq!(tables(&variant), tables(&builtin));
}
