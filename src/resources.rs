//! The files every booklet shares: the layout template, the narrative templates, the shared
//! texts, the classification catalogues and the fonts. The defaults are built into the binary,
//! so `yusuan` works from any folder and after `cargo install`; `--templates DIR` and
//! `--classification DIR` read an office's own copies instead.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The narrative templates, in booklet order.
pub const NARRATIVE_PARTS: [&str; 3] = ["part1.j2", "part2.j2", "part3.j2"];

/// The built-in templates, as shipped in `templates/`.
const BUILTIN_BOOKLET: &str = include_str!("../templates/booklet.typ");
const BUILTIN_NARRATIVE: [&str; 3] = [
    include_str!("../templates/narrative/part1.j2"),
    include_str!("../templates/narrative/part2.j2"),
    include_str!("../templates/narrative/part3.j2"),
];
const BUILTIN_TEXTS: &str = include_str!("../templates/texts.yaml");

/// The built-in 政府收支分类科目, as shipped in `data/classification/`.
const BUILTIN_CLASSIFICATION: [(&str, &str); 1] = [(
    "2023.yaml",
    include_str!("../data/classification/2023.yaml"),
)];

/// The bundled fonts of `templates/fonts/` (Fandol, and the Hanazono subset for rarer
/// characters), in the sorted file order they are loaded in.
pub const BUILTIN_FONTS: [(&str, &[u8]); 6] = [
    (
        "FandolFang-Regular.otf",
        include_bytes!("../templates/fonts/FandolFang-Regular.otf"),
    ),
    (
        "FandolHei-Regular.otf",
        include_bytes!("../templates/fonts/FandolHei-Regular.otf"),
    ),
    (
        "FandolKai-Regular.otf",
        include_bytes!("../templates/fonts/FandolKai-Regular.otf"),
    ),
    (
        "FandolSong-Bold.otf",
        include_bytes!("../templates/fonts/FandolSong-Bold.otf"),
    ),
    (
        "FandolSong-Regular.otf",
        include_bytes!("../templates/fonts/FandolSong-Regular.otf"),
    ),
    (
        "HanaMinA-subset.ttf",
        include_bytes!("../templates/fonts/HanaMinA-subset.ttf"),
    ),
];

/// The reference unit's data, the model for `yusuan generate`.
pub const REFERENCE_DATA: &str = include_str!("../data/xinxiang-shebao-2023.yaml");

/// The template files of a run.
pub struct TemplateFiles {
    /// Where they come from, for messages: `内置模板` or the folder.
    pub origin: String,
    /// The Typst layout template.
    pub booklet: String,
    /// The narrative templates, by name, in [`NARRATIVE_PARTS`] order.
    pub narrative: Vec<(&'static str, String)>,
    /// `texts.yaml`.
    pub texts: String,
    /// The folder's own `fonts/`, when a folder with one was given.
    pub font_dir: Option<PathBuf>,
}

impl TemplateFiles {
    /// The templates built into the binary.
    pub fn builtin() -> TemplateFiles {
        TemplateFiles {
            origin: "内置模板".to_string(),
            booklet: BUILTIN_BOOKLET.to_string(),
            narrative: NARRATIVE_PARTS
                .iter()
                .copied()
                .zip(BUILTIN_NARRATIVE.iter().map(|s| s.to_string()))
                .collect(),
            texts: BUILTIN_TEXTS.to_string(),
            font_dir: None,
        }
    }

    /// The templates of `dir`, laid out as `templates/` is.
    pub fn read(dir: &Path) -> Result<TemplateFiles> {
        let read = |relative: &str| {
            let path = dir.join(relative);
            std::fs::read_to_string(&path)
                .with_context(|| format!("无法读取模板文件 {}", path.display()))
        };
        let narrative = NARRATIVE_PARTS
            .iter()
            .map(|name| Ok((*name, read(&format!("narrative/{name}"))?)))
            .collect::<Result<_>>()?;
        let fonts = dir.join("fonts");
        Ok(TemplateFiles {
            origin: dir.display().to_string(),
            booklet: read("booklet.typ")?,
            narrative,
            texts: read("texts.yaml")?,
            font_dir: fonts.is_dir().then_some(fonts),
        })
    }
}

/// The classification catalogues as (file name, text): built in, or every `*.yaml` of `dir`
/// in name order (a folder without any is allowed: checks against it are then skipped with a
/// warning).
pub fn classification_files(dir: Option<&Path>) -> Result<Vec<(String, String)>> {
    let Some(dir) = dir else {
        return Ok(BUILTIN_CLASSIFICATION
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect());
    };
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("无法读取分类科目表目录 {}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("无法读取分类科目表 {}", file.display()))?;
            Ok((file.display().to_string(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_files_are_the_shipped_ones() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let shipped = TemplateFiles::read(&root.join("templates")).unwrap();
        let builtin = TemplateFiles::builtin();
        assert_eq!(builtin.booklet, shipped.booklet);
        assert_eq!(builtin.texts, shipped.texts);
        assert_eq!(builtin.narrative, shipped.narrative);
        let mut font_files: Vec<String> = std::fs::read_dir(root.join("templates/fonts"))
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".otf") || n.ends_with(".ttf"))
            .collect();
        font_files.sort();
        let builtin_fonts: Vec<&str> = BUILTIN_FONTS.iter().map(|(n, _)| *n).collect();
        assert_eq!(font_files, builtin_fonts, "every shipped font is built in");
        let shipped_classification =
            classification_files(Some(&root.join("data/classification"))).unwrap();
        let builtin_classification = classification_files(None).unwrap();
        assert_eq!(
            shipped_classification.len(),
            builtin_classification.len(),
            "every shipped classification is built in"
        );
        for ((_, a), (_, b)) in shipped_classification.iter().zip(&builtin_classification) {
            assert_eq!(a, b);
        }
    }
}
