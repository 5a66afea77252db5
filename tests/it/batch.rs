//! `yusuan batch`: the twelve bundled units, reproducibly, and a broken unit among them.

use super::*;

fn batch(args: &[&str]) -> std::process::Output {
    let mut all = vec!["batch"];
    all.extend_from_slice(args);
    yusuan(&all)
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest written"))
        .unwrap()
}

const DISTRICTS: [&str; 11] = [
    "卫滨区",
    "红旗区",
    "牧野区",
    "凤泉区",
    "卫辉市",
    "辉县市",
    "获嘉县",
    "新乡县",
    "原阳县",
    "延津县",
    "封丘县",
];

/// Every entry of a zip package yusuan wrote records Unix and `rw-r--r--` (a folder entry `rwxr-xr-x`), whatever system wrote
/// it (the zip crate would record DOS on Windows, rust_xlsxwriter asks for `rw-------`): the same
/// booklet is the same bytes on every machine. Read from the central directory's records.
pub fn assert_portable_zip(package: &[u8], what: &str) {
    let headers = yusuan::base::zip_package::entry_headers(package);
    for (system, attributes) in &headers {
        assert_eq!(*system, 3, "{what}: an entry made by system {system}");
        let mode = attributes >> 16;
        assert!(
            mode == 0o100644 || mode == 0o40755,
            "{what}: mode {mode:o} (a file rw-r--r--, a folder rwxr-xr-x)"
        );
    }
    let archive = zip::ZipArchive::new(std::io::Cursor::new(package)).unwrap();
    assert_eq!(headers.len(), archive.len(), "{what}: one record per entry");
}

#[test]
fn twelve_units_pdf_and_docx_reproducibly() {
    let out = scratch_dir("batch-12");
    let run = batch(&["data", "-o", out.to_str().unwrap(), "--jobs", "2"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let first = manifest(&out);
    let units = first["units"].as_array().unwrap();
    assert_eq!(units.len(), 12);
    let mut names: Vec<String> = Vec::new();
    for unit in units {
        assert_eq!(unit["status"], "ok");
        let name = unit["unit"].as_str().unwrap().to_string();
        let files = unit["files"].as_array().unwrap();
        assert_eq!(files.len(), 3, "{name}: PDF, DOCX and the annex workbook");
        assert!(files
            .iter()
            .any(|f| f["path"].as_str().unwrap().ends_with("年单位预算表.xlsx")));
        for file in files {
            let path = out.join(file["path"].as_str().unwrap());
            assert!(
                path.to_string_lossy().contains(&name),
                "{} names its unit",
                path.display()
            );
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(bytes.len() as u64, file["bytes"].as_u64().unwrap());
            if !path.to_string_lossy().ends_with(".xlsx") {
                assert!(file["pages"].as_u64().unwrap() >= 15);
            }
            assert_eq!(file["sha256"].as_str().unwrap().len(), 64);
            if !path.to_string_lossy().ends_with(".pdf") {
                assert_portable_zip(&bytes, &path.to_string_lossy());
            }
        }
        // Sample units say so; the reference does not.
        let docx = files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(".docx"))
            .unwrap();
        let docx = std::fs::read(out.join(docx["path"].as_str().unwrap())).unwrap();
        // Entries are deflated: read each XML part.
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let marked = (0..archive.len()).any(|i| {
            let mut xml = String::new();
            let mut entry = archive.by_index(i).unwrap();
            std::io::Read::read_to_string(&mut entry, &mut xml).is_ok() && xml.contains("示例数据")
        });
        assert_eq!(
            marked,
            name != "新乡市社会保险中心",
            "{name}: 示例数据 mark"
        );
        names.push(name);
    }
    for district in DISTRICTS {
        assert!(
            names.contains(&format!("{district}社会保险中心")),
            "{district}"
        );
    }
    // A second run gives the same bytes.
    let again = batch(&["data", "-o", out.to_str().unwrap()]);
    assert!(again.status.success());
    assert_eq!(manifest(&out), first);
    // The summary table lists every unit.
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("共 12 个单位：12 个成功，0 个失败"),
        "{stdout}"
    );
}

#[test]
fn sample_booklets_are_marked_on_the_cover_and_every_page() {
    let (_, layout) = laid_out(
        "sample",
        &std::fs::read_to_string(root().join("data/weibin-shebao-2023.yaml")).unwrap(),
    );
    let pages = layout.page_texts();
    assert!(pages[0].contains("卫滨区社会保险中心单位预算") && pages[0].contains("示例数据"));
    for (index, page) in pages.iter().enumerate() {
        assert!(
            page.contains("示例数据"),
            "page {} carries the mark",
            index + 1
        );
    }
    // The glossary speaks of the district's own finance.
    assert!(pages.concat().contains("是指区级财政当年拨付的资金"));
}

#[test]
fn a_broken_unit_fails_alone_and_leaves_no_file() {
    let dir = scratch_dir("batch-broken");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for file in yusuan::app::batch::unit_files(&root().join("data")).unwrap() {
        std::fs::copy(&file, data.join(file.file_name().unwrap())).unwrap();
    }
    let broken = data.join("hongqi-shebao-2023.yaml");
    let text = std::fs::read_to_string(&broken).unwrap();
    let text = text.replacen("kind: basic, amount: ", "kind: basic, amount: 1", 1);
    std::fs::write(&broken, text).unwrap();
    let out = dir.join("out");
    let run = batch(&[data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("hongqi-shebao-2023.yaml") && stderr.contains("error[X01]"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("共 12 个单位：11 个成功，1 个失败"));
    assert!(
        !out.join("红旗区社会保险中心").exists(),
        "no file of the broken unit"
    );
    let built = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(built, 11);
    let units = manifest(&out)["units"].as_array().unwrap().clone();
    let failed: Vec<_> = units.iter().filter(|u| u["status"] == "failed").collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0]["source"]
        .as_str()
        .unwrap()
        .ends_with("hongqi-shebao-2023.yaml"));
}

/// Warnings do not fail a unit, but a batch shows them with the unit's log.
#[test]
fn a_batch_prints_the_warnings_of_units_it_builds() {
    let dir = scratch_dir("batch-warnings");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    // A 尾差 of 0.02 万元 in 基本支出 is a warning (W01), not an error.
    std::fs::write(
        data.join("tail.yaml"),
        reference_text().replacen("  basic: 4675.21", "  basic: 4675.23", 1),
    )
    .unwrap();
    let out = dir.join("out");
    let run = batch(&[
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "pdf",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("warning[W01]"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
