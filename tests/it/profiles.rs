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
