//! Fonts for Typst: the bundled faces plus an office's own, loaded once in a stable order, and
//! each typographic role resolved to the families that are actually present.

use crate::base::typography::{self, Role};
use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use typst::foundations::Bytes;
use typst::text::{Font, FontBook};

/// Every loaded face and the book that indexes them.
pub struct FontSet {
    /// The faces, in load order; `World::font(i)` indexes this.
    pub fonts: Vec<Font>,
    /// The book built from `fonts`.
    pub book: FontBook,
}

/// The families and weight Typst uses for one role.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedFont {
    /// Families in order of preference, all present.
    pub families: Vec<String>,
    /// `bold` or `regular`.
    pub weight: &'static str,
}

impl FontSet {
    /// True when one of the faces has a glyph for `c`: Typst falls back to any loaded font,
    /// so such a character prints, in the role's font or another.
    pub fn has_glyph(&self, c: char) -> bool {
        self.fonts
            .iter()
            .any(|font| font.info().coverage.contains(c as u32))
    }

    /// Loads every `.otf`, `.ttf`, `.ttc` and `.otc` file of `dirs` (an office's own fonts),
    /// files in name order within each, then the fonts built into the binary, so an office's
    /// faces are found first.
    pub fn load(dirs: &[PathBuf]) -> Result<FontSet> {
        let mut fonts = Vec::new();
        for dir in dirs {
            let mut files = font_files(dir)?;
            files.sort();
            for file in files {
                let data = std::fs::read(&file)
                    .with_context(|| format!("无法读取字体 {}", file.display()))?;
                let before = fonts.len();
                fonts.extend(Font::iter(Bytes::new(data)));
                if fonts.len() == before {
                    bail!("{} 不是可用的字体文件", file.display());
                }
            }
        }
        for (_, data) in crate::base::resources::BUILTIN_FONTS {
            // A static slice: the built-in fonts are shared, never copied.
            fonts.extend(Font::iter(Bytes::new(data)));
        }
        let book = FontBook::from_fonts(&fonts);
        Ok(FontSet { fonts, book })
    }

    /// Each role's families: the office fonts that are present, then the bundled family.
    pub fn resolve(&self) -> Result<BTreeMap<Role, ResolvedFont>> {
        Role::ALL
            .iter()
            .map(|&role| {
                let font = typography::font(role);
                let mut families: Vec<String> = font
                    .office
                    .iter()
                    .filter(|name| self.book.contains_family(&name.to_lowercase()))
                    .map(|name| name.to_string())
                    .collect();
                if !self.book.contains_family(&font.bundled.to_lowercase()) {
                    bail!("找不到内置字体 {}（程序构建不完整）", font.bundled);
                }
                families.push(font.bundled.to_string());
                let weight = if font.bold { "bold" } else { "regular" };
                Ok((role, ResolvedFont { families, weight }))
            })
            .collect()
    }
}

fn font_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("无法读取字体目录 {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if matches!(extension.as_deref(), Some("otf" | "ttf" | "ttc" | "otc")) {
            files.push(path);
        }
    }
    Ok(files)
}
