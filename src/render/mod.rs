//! Renderers of the document model. Each output format is a [`Renderer`] that makes its files
//! from one [`Context`]; [`Format::renderers`] is the one place that knows which renderers a
//! format asks for, so adding a format is one module and one line there.

pub mod docx;
pub mod typst;
pub mod xlsx;

use crate::base::typography::Typography;
use crate::compose::document::Document;
use anyhow::Result;
use std::cell::OnceCell;
use std::sync::Arc;

/// What every renderer reads: the document, the engine that lays it out, the stem of the
/// booklet's file names, and the Typst layout, computed once for the booklet when a renderer
/// first asks for it and then shared (the PDF is its export, the DOCX takes its page numbers,
/// the Typst project its data).
pub struct Context<'a> {
    /// The document model.
    pub document: &'a Document,
    /// The Typst engine, with the run's fonts and typography.
    pub engine: &'a typst::Engine,
    /// The stem of the booklet's file names: `<单位名称><年度>年单位预算`.
    pub stem: &'a str,
    layout: OnceCell<Arc<typst::Layout>>,
}

impl<'a> Context<'a> {
    /// The context of one booklet.
    pub fn new(document: &'a Document, engine: &'a typst::Engine, stem: &'a str) -> Self {
        Context {
            document,
            engine,
            stem,
            layout: OnceCell::new(),
        }
    }

    /// The context of one booklet already laid out by `engine` (a workspace keeps its previews'
    /// layouts, and its downloads are exported from them).
    pub fn laid_out(
        document: &'a Document,
        engine: &'a typst::Engine,
        stem: &'a str,
        layout: Arc<typst::Layout>,
    ) -> Self {
        let context = Context::new(document, engine, stem);
        let _ = context.layout.set(layout);
        context
    }

    /// Font roles, sizes, margins.
    pub fn typography(&self) -> &Typography {
        self.engine.typography()
    }

    /// The booklet laid out by Typst: laid out on the first call, shared after.
    pub fn layout(&self) -> Result<&typst::Layout> {
        if let Some(layout) = self.layout.get() {
            return Ok(layout);
        }
        let layout = Arc::new(self.engine.layout(self.document)?);
        Ok(self.layout.get_or_init(|| layout))
    }
}

/// One file a renderer makes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Its path inside the unit's folder (`新乡市社会保险中心2023年单位预算.pdf`,
    /// `typst/main.typ`).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Pages of the booklet it shows (the PDF layout's), for the PDF and DOCX.
    pub pages: Option<usize>,
}

/// An output format's renderer.
pub trait Renderer: Sync {
    /// Its files for the booklet of `context`.
    fn render(&self, context: &Context) -> Result<Vec<OutputFile>>;
}

/// The output formats a user asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// PDF、DOCX 和附表 XLSX
    All,
    /// PDF/A-2b
    Pdf,
    /// Word 文档（供编辑、审批）
    Docx,
    /// 附表工作簿（每张表一个工作表）
    Xlsx,
    /// 可编辑的 Typst 项目（main.typ + data.json）
    Typst,
}

impl Format {
    /// The renderers that make the format's files, in the order the files are listed.
    pub fn renderers(self) -> &'static [&'static dyn Renderer] {
        match self {
            Format::All => &[&Pdf, &Docx, &Xlsx],
            Format::Pdf => &[&Pdf],
            Format::Docx => &[&Docx],
            Format::Xlsx => &[&Xlsx],
            Format::Typst => &[&TypstProject],
        }
    }
}

/// The PDF: the Typst layout, exported as PDF/A-2b.
pub struct Pdf;

impl Renderer for Pdf {
    fn render(&self, context: &Context) -> Result<Vec<OutputFile>> {
        let layout = context.layout()?;
        Ok(vec![OutputFile {
            name: format!("{}.pdf", context.stem),
            bytes: layout.pdf()?,
            pages: Some(layout.page_count()),
        }])
    }
}

/// The Word document, its 目录 pre-filled with the PDF layout's page numbers.
pub struct Docx;

impl Renderer for Docx {
    fn render(&self, context: &Context) -> Result<Vec<OutputFile>> {
        let layout = context.layout()?;
        let bytes = docx::render(context.document, context.typography(), &layout.toc_pages())?;
        Ok(vec![OutputFile {
            name: format!("{}.docx", context.stem),
            bytes,
            pages: Some(layout.page_count()),
        }])
    }
}

/// The annex tables as a workbook, `<单位名称><年度>年单位预算表.xlsx`.
pub struct Xlsx;

impl Renderer for Xlsx {
    fn render(&self, context: &Context) -> Result<Vec<OutputFile>> {
        Ok(vec![OutputFile {
            name: crate::base::file_name::annex_workbook_name(context.stem),
            bytes: xlsx::render(context.document)?,
            pages: None,
        }])
    }
}

/// An editable Typst project, `typst/main.typ` and `typst/data.json`, that compiles to the PDF:
/// the data is the layout's own, with the page breaks it chose.
pub struct TypstProject;

impl Renderer for TypstProject {
    fn render(&self, context: &Context) -> Result<Vec<OutputFile>> {
        let layout = context.layout()?;
        let file = |name: &str, bytes: &[u8]| OutputFile {
            name: format!("typst/{name}"),
            bytes: bytes.to_vec(),
            pages: None,
        };
        Ok(vec![
            file("data.json", layout.data_json()),
            file("main.typ", context.engine.template().as_bytes()),
        ])
    }
}
