//! The files every booklet shares: the layout template, the shared texts, the classification
//! catalogues and the fonts (the profiles, with their narrative templates, are in
//! [`crate::profile`]). The defaults are built into the binary,
//! so `yusuan` works from any folder and after `cargo install`; `--templates DIR` and
//! `--classification DIR` read an office's own copies instead.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The built-in templates, as shipped in `templates/`.
const BUILTIN_BOOKLET: &str = include_str!("../../templates/booklet.typ");
const BUILTIN_TEXTS: &str = include_str!("../../templates/texts.yaml");

/// The built-in 政府收支分类科目, as shipped in `data/classification/`.
const BUILTIN_CLASSIFICATION: [(&str, &str); 2] = [
    (
        "2023.yaml",
        include_str!("../../data/classification/2023.yaml"),
    ),
    (
        "2026.yaml",
        include_str!("../../data/classification/2026.yaml"),
    ),
];

/// The bundled fonts of `templates/fonts/` (Fandol, and the Hanazono subset for rarer
/// characters), in the sorted file order they are loaded in.
pub const BUILTIN_FONTS: [(&str, &[u8]); 6] = [
    (
        "FandolFang-Regular.otf",
        include_bytes!("../../templates/fonts/FandolFang-Regular.otf"),
    ),
    (
        "FandolHei-Regular.otf",
        include_bytes!("../../templates/fonts/FandolHei-Regular.otf"),
    ),
    (
        "FandolKai-Regular.otf",
        include_bytes!("../../templates/fonts/FandolKai-Regular.otf"),
    ),
    (
        "FandolSong-Bold.otf",
        include_bytes!("../../templates/fonts/FandolSong-Bold.otf"),
    ),
    (
        "FandolSong-Regular.otf",
        include_bytes!("../../templates/fonts/FandolSong-Regular.otf"),
    ),
    (
        "HanaMinA-subset.ttf",
        include_bytes!("../../templates/fonts/HanaMinA-subset.ttf"),
    ),
];

/// The reference unit's data, the model for `yusuan generate`.
pub const REFERENCE_DATA: &str = include_str!("../../data/xinxiang-shebao-2023.yaml");

/// The template files of a run.
pub struct TemplateFiles {
    /// Where they come from, for messages: `内置模板` or the folder.
    pub origin: String,
    /// The Typst layout template.
    pub booklet: String,
    /// The folder's own `profiles/`, when a folder with one was given (else the built-in
    /// profiles are used).
    pub profiles: Option<PathBuf>,
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
            profiles: None,
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
        let fonts = dir.join("fonts");
        let profiles = dir.join("profiles");
        Ok(TemplateFiles {
            origin: dir.display().to_string(),
            booklet: read("booklet.typ")?,
            profiles: profiles.is_dir().then_some(profiles),
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
        let shipped_profiles = crate::profile::Profiles::load(shipped.profiles.as_deref()).unwrap();
        let builtin_profiles = crate::profile::Profiles::load(None).unwrap();
        assert_eq!(
            shipped_profiles.names(),
            builtin_profiles.names(),
            "every shipped profile is built in"
        );
        for ((_, shipped), (_, builtin)) in shipped_profiles.iter().zip(builtin_profiles.iter()) {
            let texts = |p: &crate::profile::LoadedProfile| -> Vec<(String, String)> {
                p.narrative
                    .iter()
                    .map(|n| (n.file.clone(), n.text.clone()))
                    .collect()
            };
            assert_eq!(texts(shipped), texts(builtin));
            assert_eq!(format!("{:?}", shipped.spec), format!("{:?}", builtin.spec));
        }
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
