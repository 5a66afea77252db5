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
fn docx_text(docx: &[u8]) -> String {
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
    let source = yusuan::load::SourceFile::read(&root().join(REFERENCE)).unwrap();
    let Ok(prepared) = toolkit.prepare(&source) else {
        panic!("the reference prepares under the edited profile");
    };
    let tables: Vec<&yusuan::document::Table> = prepared
        .document
        .blocks
        .iter()
        .filter_map(|block| match block {
            yusuan::document::Block::Table(table) => Some(table),
            _ => None,
        })
        .collect();
    let titles: Vec<&str> = tables.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(tables.len(), 10, "{titles:?}");
    assert!(!titles.contains(&"2023年政府性基金支出预算表"));
    assert_eq!(tables[8].label, "预算09表");
    assert_eq!(tables[8].title, "2023年项目支出明细表");
    assert_eq!(tables[8].toc, "九、项目支出明细表");
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

    let layout = toolkit.engine.layout(&prepared.document).unwrap();
    let pdf_text: String = layout.page_texts().concat();
    let docx = yusuan::render::docx::render(
        &prepared.document,
        toolkit.engine.typography(),
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
        Err(yusuan::pipeline::Failure::Data(found)) => {
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
