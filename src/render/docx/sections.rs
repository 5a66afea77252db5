//! The sections of the document: portrait and landscape pages, each with its margins, grid,
//! footer and page numbering, written into docx-rs's sections.

use super::runs::*;
use super::styles::styles;
use super::{Child, Orientation, Part, Writer};
use crate::base::typography::Role;
use docx_rs::{
    DocGrid, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, PageNumType,
    PageOrientationType, Paragraph, Run, Section, Tab, TabValueType, XMLDocx,
};

impl Writer<'_> {
    pub(super) fn build(self) -> XMLDocx {
        let sizes = *self.sizes();
        let page = self.typography.page;
        let margin = |orientation: Orientation| match orientation {
            Orientation::Portrait => PageMargin::new()
                .top(twips(page.top))
                .bottom(twips(page.bottom))
                .left(twips(page.left))
                .right(twips(page.right))
                .header(twips(15.0))
                .footer(twips(page.bottom - 7.0 - 5.0)),
            Orientation::Landscape => PageMargin::new()
                .top(twips(page.landscape))
                .bottom(twips(page.landscape))
                .left(twips(page.landscape))
                .right(twips(page.landscape))
                .header(twips(8.0))
                .footer(twips(6.0)),
        };
        // Page numbers on numbered sections; the sample mark on every page of a sample booklet.
        // Both on one line of exact height, the number centred and the mark at the right, so
        // the footer stays inside the bottom margin and leaves the body its full height (a
        // section with both a header and a footer loses one in docx-rs, so the mark cannot go
        // in a header as it does in the PDF).
        let sample = self.sample.clone();
        let width = |orientation: Orientation| {
            let landscape = orientation == Orientation::Landscape;
            twips(self.typography.text_width_mm(landscape)) as usize
        };
        let footer = move |numbered: bool, orientation: Orientation| {
            if !numbered && sample.is_none() {
                return None;
            }
            let width = width(orientation);
            let mut line = fixed_lines(plain(), sizes.page_number)
                .add_tab(Tab::new().val(TabValueType::Center).pos(width / 2))
                .add_tab(Tab::new().val(TabValueType::Right).pos(width))
                .add_run(Run::new().add_tab());
            if numbered {
                line = line
                    .add_run(run("— ", Role::Table, sizes.page_number))
                    .add_page_num(PageNum::new())
                    .add_run(run(" —", Role::Table, sizes.page_number));
            }
            if let Some(mark) = &sample {
                line = line
                    .add_run(Run::new().add_tab())
                    .add_run(run(mark, Role::Heading, sizes.table_caption).color("C00000"));
            }
            Some(Footer::new().add_paragraph(line))
        };
        let mut docx = Docx::new()
            .default_fonts(fonts(Role::Body))
            .default_size(sizes.body.half_points());
        for style in styles(self.typography) {
            docx = docx.add_style(style);
        }
        // The last section's settings belong to the document itself in docx-rs; every other
        // section is a `Section`. Both are filled the same way through `SectionSink`.
        let grid = body_grid(self.typography);
        let mut parts = self.parts;
        // A document ends with a paragraph (Word adds one when it opens a file that ends with a
        // table). Without it, LibreOffice draws the vertical merges of the last table's last
        // rows as cells one row high when the table runs over pages. One point high, so it
        // never makes a page of its own.
        if let Some(part) = parts.last_mut() {
            if matches!(part.children.last(), Some(Child::Table(_))) {
                let closing = plain().size(2).line_spacing(
                    LineSpacing::new()
                        .line(20)
                        .line_rule(LineSpacingType::Exact)
                        .before(0)
                        .after(0),
                );
                part.children.push(Child::Paragraph(Box::new(closing)));
            }
        }
        let last = parts.pop();
        for part in parts {
            let section = fill(Section::new(), part, &margin, &footer, &grid);
            docx = docx.add_section(section);
        }
        if let Some(part) = last {
            docx = fill(docx, part, &margin, &footer, &grid);
        }
        docx.build()
    }
}

/// What a section's content and settings can be written to: a `Section`, or the `Docx`
/// itself for the last section.
trait SectionSink: Sized {
    fn page(self, size: (u32, u32, PageOrientationType), margin: PageMargin) -> Self;
    fn grid(self, grid: DocGrid) -> Self;
    fn footer(self, footer: Footer) -> Self;
    fn page_num_type(self, numbering: PageNumType) -> Self;
    fn paragraph(self, paragraph: Paragraph) -> Self;
    fn table(self, table: docx_rs::Table) -> Self;
}

impl SectionSink for Section {
    fn page(self, (w, h, orient): (u32, u32, PageOrientationType), margin: PageMargin) -> Self {
        self.page_size(docx_rs::PageSize::new().size(w, h).orient(orient))
            .page_margin(margin)
    }
    fn grid(self, grid: DocGrid) -> Self {
        self.doc_grid(grid)
    }
    fn footer(self, footer: Footer) -> Self {
        Section::footer(self, footer)
    }
    fn page_num_type(self, numbering: PageNumType) -> Self {
        Section::page_num_type(self, numbering)
    }
    fn paragraph(self, paragraph: Paragraph) -> Self {
        self.add_paragraph(paragraph)
    }
    fn table(self, table: docx_rs::Table) -> Self {
        self.add_table(table)
    }
}

impl SectionSink for Docx {
    fn page(self, (w, h, orient): (u32, u32, PageOrientationType), margin: PageMargin) -> Self {
        self.page_size(w, h).page_orient(orient).page_margin(margin)
    }
    fn grid(mut self, grid: DocGrid) -> Self {
        self.document = self.document.doc_grid(grid);
        self
    }
    fn footer(self, footer: Footer) -> Self {
        Docx::footer(self, footer)
    }
    fn page_num_type(self, numbering: PageNumType) -> Self {
        Docx::page_num_type(self, numbering)
    }
    fn paragraph(self, paragraph: Paragraph) -> Self {
        self.add_paragraph(paragraph)
    }
    fn table(self, table: docx_rs::Table) -> Self {
        self.add_table(table)
    }
}

/// Writes one part's page setup, footer and content into `sink`.
fn fill<S: SectionSink>(
    sink: S,
    part: Part,
    margin: &dyn Fn(Orientation) -> PageMargin,
    footer: &dyn Fn(bool, Orientation) -> Option<Footer>,
    grid: &DocGrid,
) -> S {
    let size = match part.orientation {
        Orientation::Portrait => (A4.0, A4.1, PageOrientationType::Portrait),
        Orientation::Landscape => (A4.1, A4.0, PageOrientationType::Landscape),
    };
    let mut sink = sink.page(size, margin(part.orientation));
    // Landscape pages hold only tables, which are off the grid.
    if part.orientation == Orientation::Portrait {
        sink = sink.grid(grid.clone());
    }
    if let Some(footer) = footer(part.numbered, part.orientation) {
        sink = sink.footer(footer);
    }
    if part.restart_numbering {
        sink = sink.page_num_type(PageNumType::new().start(1));
    }
    for child in part.children {
        sink = match child {
            Child::Paragraph(p) => sink.paragraph(*p),
            Child::Table(t) => sink.table(*t),
        };
    }
    sink
}

pub(super) fn bookmark_name(n: usize) -> String {
    format!("_Toc{n:06}")
}
