//! The PDF renderer: the document model handed to Typst as JSON data, laid out by the template
//! `templates/booklet.typ`, exported as PDF/A-2b. The only module that imports typst, whose API
//! moves between versions.

pub mod fonts;
mod world;

use crate::base::typography::{Role, Typography};
use crate::compose::document::{Block, Document};
use anyhow::{anyhow, Result};
use serde::Serialize;
use std::collections::BTreeMap;

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Datetime, Smart};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;

pub use fonts::ResolvedFont;
use world::BookletWorld;

/// Everything that is the same for every booklet of a run: fonts, library, template. Loaded
/// and parsed once, then shared by every compilation.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    template: String,
    roles: BTreeMap<Role, ResolvedFont>,
    typography: Typography,
}

/// What the template receives as `/data.json`.
#[derive(Serialize)]
struct TemplateData<'a> {
    doc: &'a Document,
    style: Style<'a>,
}

/// Typography (sizes in points) with each role resolved to families that are present.
#[derive(Serialize)]
struct Style<'a> {
    fonts: &'a BTreeMap<Role, ResolvedFont>,
    /// The body text's character pitch in points ([`Typography::char_pitch`]).
    char_pitch: f32,
    #[serde(flatten)]
    typography: &'a Typography,
}

/// A heading the booklet's 目录 lists, and where it landed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineEntry {
    /// 1 for a part, 2 for a section or table.
    pub level: usize,
    /// Its text.
    pub title: String,
    /// The page it is on, from 0, as laid out.
    pub page: usize,
    /// The page number the booklet's 目录 prints for it (its footer's), when known.
    pub printed: Option<usize>,
}

/// A laid-out booklet.
pub struct Layout {
    document: PagedDocument,
    date: (u16, u8, u8),
    /// The template's data it was laid out from.
    data: Vec<u8>,
}

impl Engine {
    /// An engine for the layout template `template` with the fonts of `set` (loaded once per
    /// run, see [`fonts::FontSet::load`]).
    pub fn new(template: String, set: &fonts::FontSet, typography: Typography) -> Result<Engine> {
        let roles = set.resolve()?;
        Ok(Engine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(set.book.clone()),
            fonts: set.fonts.clone(),
            template,
            roles,
            typography,
        })
    }

    /// The JSON the template reads: the document and the resolved typography.
    pub fn data_json(&self, doc: &Document) -> Result<Vec<u8>> {
        let data = TemplateData {
            doc,
            style: Style {
                fonts: &self.roles,
                char_pitch: self.typography.char_pitch(),
                typography: &self.typography,
            },
        };
        Ok(serde_json::to_vec_pretty(&data)?)
    }

    /// Lays out `doc`. Typst warnings (an unknown font, say) are errors: they mean the booklet
    /// is not what the template intends. A table whose closing 合计 row falls alone on a page
    /// is laid out again with a page break before the row above it, so the total keeps one
    /// row of figures with it (the DOCX asks Word for the same by keeping that row with the
    /// next).
    pub fn layout(&self, doc: &Document) -> Result<Layout> {
        let layout = self.compile(doc)?;
        let lone = layout.lone_closing_rows();
        if lone.is_empty() {
            return Ok(layout);
        }
        let mut doc = doc.clone();
        for (index, row) in lone {
            if let Some(Block::Table(table)) = doc.blocks.get_mut(index) {
                table.page_breaks.push(row.saturating_sub(1));
                table.page_breaks.sort_unstable();
                table.page_breaks.dedup();
            }
        }
        self.compile(&doc)
    }

    /// One run of Typst over `doc`.
    fn compile(&self, doc: &Document) -> Result<Layout> {
        let data = self.data_json(doc)?;
        let world = BookletWorld::new(self, data.clone(), doc.meta.date);
        let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
        let document =
            output.map_err(|errors| anyhow!("排版失败：\n{}", describe(&world, &errors)))?;
        if !warnings.is_empty() {
            return Err(anyhow!("排版警告：\n{}", describe(&world, &warnings)));
        }
        Ok(Layout {
            document,
            date: doc.meta.date,
            data,
        })
    }

    /// The typography every renderer reads.
    pub fn typography(&self) -> &Typography {
        &self.typography
    }

    /// The template text, for a Typst project written to disk.
    pub fn template(&self) -> &str {
        &self.template
    }
}

impl Layout {
    /// Exports the PDF: PDF/A-2b (so a glyph missing from the fonts is an error, not tofu),
    /// dated from the data, with a stable identifier, so that the same input gives the same bytes.
    pub fn pdf(&self) -> Result<Vec<u8>> {
        let (year, month, day) = self.date;
        let timestamp = Datetime::from_ymd_hms(i32::from(year), month, day, 0, 0, 0)
            .ok_or_else(|| anyhow!("无效的发布日期 {year}-{month}-{day}"))?;
        let options = typst_pdf::PdfOptions {
            ident: Smart::Auto,
            timestamp: Some(typst_pdf::Timestamp::new_utc(timestamp)),
            standards: typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2b])
                .map_err(|e| anyhow!("PDF 标准设置有误：{e:?}"))?,
            ..Default::default()
        };
        typst_pdf::pdf(&self.document, &options).map_err(|errors| {
            let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
            anyhow!("PDF 导出失败：{}", messages.join("；"))
        })
    }

    /// The JSON the template read for this layout (with the page breaks the layout chose),
    /// for a Typst project that compiles to the same PDF.
    pub fn data_json(&self) -> &[u8] {
        &self.data
    }

    /// The closing rows that fell on another page than the row above them, as (block index,
    /// body row), from the template's `yusuan-row` marks: none in a finished layout.
    pub fn lone_closing_rows(&self) -> Vec<(usize, u16)> {
        use typst::foundations::{Label, Selector};
        use typst::introspection::{Introspector, MetadataElem};
        let Some(label) = Label::new(typst::utils::PicoStr::intern("yusuan-row")) else {
            return Vec::new();
        };
        // (table, row) → page, for the last two rows of each table with a closing total.
        let mut pages: BTreeMap<(usize, u64), u64> = BTreeMap::new();
        for mark in self
            .document
            .introspector()
            .query(&Selector::Label(label))
            .iter()
            .filter_map(|content| content.to_packed::<MetadataElem>())
        {
            let Ok(value) = serde_json::to_value(&mark.value) else {
                continue;
            };
            let field = |name: &str| value.get(name).and_then(serde_json::Value::as_u64);
            if let (Some(table), Some(row), Some(page)) =
                (field("table"), field("row"), field("page"))
            {
                pages.insert((table as usize, row), page);
            }
        }
        pages
            .iter()
            .filter_map(|(&(table, row), &page)| {
                let above = *pages.get(&(table, row.checked_sub(1)?))?;
                let last = !pages.contains_key(&(table, row + 1));
                (last && above != page).then_some((table, u16::try_from(row).ok()?))
            })
            .collect()
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.document.pages().len()
    }

    /// The page number (as printed in the footer) of every 目录 entry, in document order,
    /// recorded by the template's `toc-mark`.
    pub fn toc_pages(&self) -> Vec<usize> {
        use typst::foundations::{Label, Selector};
        use typst::introspection::{Introspector, MetadataElem};
        let Some(label) = Label::new(typst::utils::PicoStr::intern("yusuan-toc")) else {
            return Vec::new();
        };
        self.document
            .introspector()
            .query(&Selector::Label(label))
            .iter()
            .filter_map(|content| content.to_packed::<MetadataElem>())
            .filter_map(|mark| {
                let page = serde_json::to_value(&mark.value)
                    .ok()?
                    .get("page")?
                    .as_u64()?;
                usize::try_from(page).ok()
            })
            .collect()
    }

    /// The outlined headings (what the 目录 lists: parts, sections, tables), in order, each
    /// with the page it is on, counted from 0 as laid out (not as the footer numbers it).
    pub fn outline(&self) -> Vec<OutlineEntry> {
        use typst::foundations::{NativeElement, Selector, StyleChain};
        use typst::introspection::Introspector;
        use typst::model::HeadingElem;
        let introspector = self.document.introspector();
        introspector
            .query(&Selector::Elem(HeadingElem::ELEM, None))
            .iter()
            .filter_map(|content| {
                let heading = content.to_packed::<HeadingElem>()?;
                if !heading.outlined.get(StyleChain::default()) {
                    return None;
                }
                let page = introspector.page(content.location()?)?.get() - 1;
                // The template gives each listed heading its 目录 text as its supplement.
                let listed = match heading.supplement.get_cloned(StyleChain::default()) {
                    Smart::Custom(Some(typst::model::Supplement::Content(content))) => {
                        Some(content.plain_text().to_string())
                    }
                    _ => None,
                };
                let title = listed.unwrap_or_else(|| heading.body.plain_text().to_string());
                Some(OutlineEntry {
                    level: heading.resolve_level(StyleChain::default()).get(),
                    title: title.trim().to_string(),
                    page,
                    printed: None,
                })
            })
            .collect()
    }

    /// Page `index` (from 0) drawn by Typst as a PNG at `pixels_per_point`: the same layout
    /// as the PDF's, for previews. `None` past the last page.
    pub fn page_png(&self, index: usize, pixels_per_point: f32) -> Option<Vec<u8>> {
        let page = self.document.pages().get(index)?;
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(pixels_per_point)),
            render_bleed: false,
        };
        typst_render::render(page, &options).encode_png().ok()
    }

    /// The text of page `index` (from 0), text runs in layout order joined without spaces: what
    /// a preview offers to find and read aloud beside the page's picture.
    pub fn page_text(&self, index: usize) -> Option<String> {
        fn collect(frame: &typst::layout::Frame, out: &mut String) {
            for (_, item) in frame.items() {
                match item {
                    typst::layout::FrameItem::Group(group) => collect(&group.frame, out),
                    typst::layout::FrameItem::Text(run) => out.push_str(&run.text),
                    _ => {}
                }
            }
        }
        let page = self.document.pages().get(index)?;
        let mut text = String::new();
        collect(&page.frame, &mut text);
        Some(text)
    }

    /// The laid-out pages, for whoever inspects them (the tests read where text and rules
    /// landed).
    pub fn pages(&self) -> &PagedDocument {
        &self.document
    }
}

/// Typst diagnostics as text: message, template line and hints.
fn describe(world: &BookletWorld, diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let mut line = format!("  - {}", diagnostic.message);
            if let Some(id) = diagnostic.span.id() {
                if let (Ok(source), Some(range)) = (world.source(id), world.range(diagnostic.span))
                {
                    if let Some(number) = source.lines().byte_to_line(range.start) {
                        line.push_str(&format!("（templates/booklet.typ 第 {} 行）", number + 1));
                    }
                }
            }
            for hint in &diagnostic.hints {
                line.push_str(&format!("\n    提示：{}", hint.v));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}
