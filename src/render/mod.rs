//! Renderers of the document model. Each output format is one module with one
//! [`Renderer`]; they all read the same [`Context`].

pub mod docx;
pub mod typst;
pub mod xlsx;

use crate::base::typography::Typography;
use crate::compose::document::Document;
use anyhow::Result;

/// Where the PDF layout put things, for formats that cannot lay out pages themselves (the
/// DOCX pre-fills its 目录 with these numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// Pages of the booklet.
    pub pages: usize,
    /// The printed page number of each 目录 entry, in document order.
    pub toc_pages: Vec<usize>,
}

impl Pagination {
    /// The pagination of a Typst layout.
    pub fn of(layout: &typst::Layout) -> Pagination {
        Pagination {
            pages: layout.page_count(),
            toc_pages: layout.toc_pages(),
        }
    }
}

/// What every renderer reads.
pub struct Context<'a> {
    /// The document model.
    pub document: &'a Document,
    /// Font roles, sizes, margins.
    pub typography: &'a Typography,
    /// The PDF layout's pagination, when there is one.
    pub pagination: Option<&'a Pagination>,
}

/// An output format.
pub trait Renderer {
    /// The file ending of its files (`pdf`).
    fn extension(&self) -> &'static str;
    /// The file's bytes.
    fn render(&self, context: &Context) -> Result<Vec<u8>>;
}

/// The PDF of a laid-out booklet.
pub struct Pdf<'a>(pub &'a typst::Layout);

impl Renderer for Pdf<'_> {
    fn extension(&self) -> &'static str {
        "pdf"
    }
    fn render(&self, _: &Context) -> Result<Vec<u8>> {
        self.0.pdf()
    }
}

/// The Word document.
pub struct Docx;

impl Renderer for Docx {
    fn extension(&self) -> &'static str {
        "docx"
    }
    fn render(&self, context: &Context) -> Result<Vec<u8>> {
        let toc_pages = context
            .pagination
            .map(|p| p.toc_pages.as_slice())
            .unwrap_or_default();
        docx::render(context.document, context.typography, toc_pages)
    }
}

/// The annex tables as a workbook.
pub struct Xlsx;

impl Renderer for Xlsx {
    fn extension(&self) -> &'static str {
        "xlsx"
    }
    fn render(&self, context: &Context) -> Result<Vec<u8>> {
        xlsx::render(context.document)
    }
}
