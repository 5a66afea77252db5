//! `OUT/manifest.json`: what a batch wrote, the same bytes on every system for the same run.

use super::UnitOutcome;
use crate::base::file_name::portable_path;
use anyhow::Result;
use serde::Serialize;
use std::path::Path;

/// `OUT/manifest.json`: per unit, the files written with their size, page count and sha256.
/// Paths are relative to `out`, separated by `/` on every system, and nothing depends on the
/// clock, so the same run gives the same manifest wherever it runs.
pub fn manifest(outcomes: &[UnitOutcome], out: &Path) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct File<'a> {
        path: String,
        bytes: usize,
        pages: Option<usize>,
        sha256: &'a str,
    }
    #[derive(Serialize)]
    struct Unit<'a> {
        source: String,
        unit: Option<&'a str>,
        status: &'static str,
        files: Vec<File<'a>>,
        /// A department's units' files, 本部 first (only for a department).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        consolidates: Vec<String>,
    }
    let base = out.parent().filter(|parent| !parent.as_os_str().is_empty());
    // Beside the output folder (the workspace's data/), the path from there: the same
    // manifest as `batch data -o output` run in that folder, and no folder of this computer
    // in it.
    let relative = |path: &Path| -> String {
        portable_path(
            base.and_then(|base| path.strip_prefix(base).ok())
                .unwrap_or(path),
        )
    };
    let units: Vec<Unit> = outcomes
        .iter()
        .map(|outcome| Unit {
            source: relative(&outcome.source),
            unit: outcome.unit.as_deref(),
            status: if outcome.failure.is_none() {
                "ok"
            } else {
                "failed"
            },
            files: outcome
                .files
                .iter()
                .map(|file| File {
                    path: portable_path(file.path.strip_prefix(out).unwrap_or(&file.path)),
                    bytes: file.bytes,
                    pages: file.pages,
                    sha256: &file.sha256,
                })
                .collect(),
            consolidates: outcome.consolidates.iter().map(|p| relative(p)).collect(),
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&serde_json::json!({ "units": units }))?;
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_names_sources_from_beside_the_output_folder() {
        let outcome = |source: &str| UnitOutcome {
            unit: Some("新乡".to_string()),
            ..UnitOutcome::of(Path::new(source))
        };
        let sources = |out: &str, source: &str| -> String {
            let bytes = manifest(&[outcome(source)], Path::new(out)).unwrap();
            let value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            value["units"][0]["source"].as_str().unwrap().to_string()
        };
        // The workspace: absolute folders side by side.
        assert_eq!(
            sources("/srv/预算 数据/output", "/srv/预算 数据/data/x.yaml"),
            "data/x.yaml"
        );
        // The command line, as typed.
        assert_eq!(sources("output", "data/x.yaml"), "data/x.yaml");
        assert_eq!(sources("/tmp/out", "data/x.yaml"), "data/x.yaml");
    }
}
