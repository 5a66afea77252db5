//! The DOCX renderer: the same document model as the PDF, as a Word document with real structure
//! (Heading styles, a 目录 field pre-filled with the PDF's page numbers, page-number fields,
//! portrait and landscape sections, merged table headers that repeat on every page).
//!
//! docx-rs lacks a few things (repeating header rows, `updateFields`, a settable title); those
//! are added to the XML parts between `build()` and `pack()`, in [`finish`].

mod table;

use crate::base::typography::{self, Hao, Role, Typography};
use crate::compose::document::{Block, Document, TocEntry};
use anyhow::{anyhow, Result};
use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGEREF,
    InstrText, InstrToC, LineSpacing, LineSpacingType, PageMargin, PageNum, PageNumType,
    PageOrientationType, Paragraph, Run, RunFonts, Section, SpecialIndentType, Style as WordStyle,
    StyleType, Tab, TabLeaderType, TabValueType, XMLDocx,
};

/// Twips per millimetre.
const TWIPS_PER_MM: f32 = 1440.0 / 25.4;
/// A4 in twips.
const A4: (u32, u32) = (11906, 16838);
/// The Latin font set beside every East Asian one.
const LATIN: &str = "Times New Roman";

fn twips(mm: f32) -> i32 {
    (mm * TWIPS_PER_MM).round() as i32
}

/// The East Asian and Latin fonts of a role, as Word names them.
fn fonts(role: Role) -> RunFonts {
    let font = typography::font(role);
    RunFonts::new()
        .east_asia(font.office[0])
        .ascii(LATIN)
        .hi_ansi(LATIN)
}

/// A run of `text` in `role` at `size`. Line breaks in the text become Word line breaks.
pub(crate) fn run(text: &str, role: Role, size: Hao) -> Run {
    let mut run = Run::new().fonts(fonts(role)).size(size.half_points());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// A paragraph without the first-line indent that the Normal style gives body text (what a
/// reviewer types gets the body's look; everything yusuan writes says its own), and off the
/// character grid: only body text and its headings are set on it, as in the PDF.
pub(crate) fn plain() -> Paragraph {
    Paragraph::new()
        .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
        .snap_to_grid(false)
}

/// The first-line indent of body text and headings in twips: `indent_chars` grid cells.
fn grid_indent(typography: &Typography) -> i32 {
    (typography.indent_chars * typography.char_pitch() * 20.0).round() as i32
}

/// Word's document grid (文档网格) of the portrait pages: body lines at the exact pitch. The
/// characters are not placed on a grid of cells (`linesAndChars`): LibreOffice gives a CJK
/// glyph wider than its cell two cells, so with any Chinese font installed a line held 14
/// characters. They are set by their widths with the grid's tracking as character spacing
/// ([`Typography::grid_tracking_twips`]), as the PDF sets them: 28 a line in Word, WPS and
/// LibreOffice alike.
fn body_grid(typography: &Typography) -> DocGrid {
    DocGrid::new()
        .grid_type(DocGridType::Lines)
        .line_pitch((typography.line_pitch * 20.0).round() as usize)
}

/// Lines of exactly 1.25 × `size`, with no space around the paragraph: table cells, the lines
/// around a table, notes. Their height is then the same whatever face stands in for the
/// office font (the Normal style's body pitch would make them twice as tall as the PDF's).
pub(crate) fn fixed_lines(paragraph: Paragraph, size: Hao) -> Paragraph {
    fixed_lines_then(paragraph, size, 0.0)
}

/// [`fixed_lines`] with `after` points of space below the paragraph.
fn fixed_lines_then(paragraph: Paragraph, size: Hao, after: f32) -> Paragraph {
    paragraph.line_spacing(
        LineSpacing::new()
            .line((size.pt() * 1.25 * 20.0).round() as i32)
            .line_rule(LineSpacingType::Exact)
            .before(0)
            .after((after * 20.0).round() as u32),
    )
}

/// Renders `doc` as DOCX bytes. `toc_pages` are the page numbers of the 目录 entries in the PDF
/// layout, in document order.
pub fn render(doc: &Document, typography: &Typography, toc_pages: &[usize]) -> Result<Vec<u8>> {
    // docx-rs numbers paragraphs from a per-thread counter; a fresh thread per document makes
    // the ids, and so the bytes, the same on every build.
    let (doc, typography, toc) = (doc.clone(), typography.clone(), toc_pages.to_vec());
    std::thread::spawn(move || {
        let xml = Writer::new(&typography, &toc).document(&doc).build();
        finish(xml, &doc)
    })
    .join()
    .map_err(|_| anyhow!("DOCX 生成失败"))?
}

/// Page orientation of a section.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Orientation {
    Portrait,
    Landscape,
}

/// A section being filled: its orientation, whether it has page numbers, and its content.
struct Part {
    orientation: Orientation,
    numbered: bool,
    restart_numbering: bool,
    children: Vec<Child>,
}

enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<docx_rs::Table>),
}

struct Writer<'a> {
    typography: &'a Typography,
    toc: &'a [usize],
    parts: Vec<Part>,
    bookmark: usize,
    sample: Option<String>,
}

impl<'a> Writer<'a> {
    fn new(typography: &'a Typography, toc: &'a [usize]) -> Self {
        Writer {
            typography,
            toc,
            parts: Vec::new(),
            bookmark: 0,
            sample: None,
        }
    }

    fn sizes(&self) -> &typography::Sizes {
        &self.typography.sizes
    }

    /// Starts a new section unless the current one already has this orientation and numbering.
    fn section(&mut self, orientation: Orientation, numbered: bool) {
        let same = self
            .parts
            .last()
            .is_some_and(|p| p.orientation == orientation && p.numbered == numbered);
        if !same {
            let restart_numbering = numbered && !self.parts.iter().any(|p| p.numbered);
            self.parts.push(Part {
                orientation,
                numbered,
                restart_numbering,
                children: Vec::new(),
            });
        }
    }

    /// Adds a paragraph; `new_page` breaks the page before it unless it opens a section.
    fn paragraph(&mut self, paragraph: Paragraph, new_page: bool) {
        let part = self.parts.last_mut().expect("a section is open");
        let paragraph = if new_page && !part.children.is_empty() {
            paragraph.page_break_before(true)
        } else {
            paragraph
        };
        part.children.push(Child::Paragraph(Box::new(paragraph)));
    }

    fn grid_indent(&self) -> i32 {
        grid_indent(self.typography)
    }

    fn text_width(&self, orientation: Orientation) -> u32 {
        let landscape = matches!(orientation, Orientation::Landscape);
        twips(self.typography.text_width_mm(landscape)) as u32
    }

    /// A heading paragraph with its Word style and, when listed in the 目录, a bookmark.
    fn heading(&mut self, style: &str, toc: Option<&str>, runs: Vec<Run>) -> Paragraph {
        let mut paragraph = plain().style(style).keep_next(true);
        if toc.is_some() {
            self.bookmark += 1;
            paragraph = paragraph.add_bookmark_start(self.bookmark, bookmark_name(self.bookmark));
        }
        for run in runs {
            paragraph = paragraph.add_run(run);
        }
        if toc.is_some() {
            paragraph = paragraph.add_bookmark_end(self.bookmark);
        }
        paragraph
    }

    /// A run of text on the body's character grid: the grid's tracking as character spacing.
    fn on_grid(&self, run: Run) -> Run {
        run.character_spacing(self.typography.grid_tracking_twips())
    }

    fn body(&self, text: &str) -> Paragraph {
        let size = self.sizes().body;
        plain()
            .snap_to_grid(true)
            .align(AlignmentType::Both)
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(self.grid_indent())),
                None,
                None,
            )
            .add_run(self.on_grid(run(text, Role::Body, size)))
    }

    fn document(mut self, doc: &Document) -> Self {
        self.sample = doc.meta.sample_mark.clone();
        let sizes = *self.sizes();
        // Cover.
        self.section(Orientation::Portrait, false);
        let cover_line = |text: &str, size: Hao| {
            plain()
                .align(AlignmentType::Center)
                .add_run(run(text, Role::Title, size))
        };
        let spacer = |lines: usize| {
            plain()
                .add_run(Run::new().size(sizes.body.half_points()))
                .line_spacing(LineSpacing::new().before((lines * 580) as u32))
        };
        // The cover on the line grid: a spacer of `n` blank lines is one paragraph `n` lines
        // tall. The date goes on the page's last line but one, whether or not a sample mark
        // takes a line (a full page would let a substituted font push the date over).
        let mut lines = 0;
        let mut add = |writer: &mut Self, paragraph: Paragraph, height: usize| {
            lines += height;
            writer.paragraph(paragraph, false);
        };
        add(&mut self, spacer(4), 5);
        // A long unit name wraps the title onto more lines, which the spacer below gives up.
        let width = self.typography.text_width_pt(false);
        let lines_of = |text: &str, size: Hao| {
            ((crate::compose::document::text_em(text) * size.pt() / width).ceil() as usize).max(1)
        };
        let year_line = &doc.cover.year_line;
        let year_lines = lines_of(year_line, sizes.cover_line);
        add(
            &mut self,
            cover_line(year_line, sizes.cover_line),
            year_lines,
        );
        add(&mut self, spacer(1), 2);
        // The title in the lines the document chose (none for an empty title: one blank line).
        let set = &doc.cover.title_lines;
        let (title, title_lines) = (set.join("\n"), set.len().max(1));
        add(
            &mut self,
            cover_line(&title, sizes.cover_title),
            title_lines,
        );
        if let Some(mark) = &doc.meta.sample_mark {
            let mark = plain()
                .align(AlignmentType::Center)
                .add_run(run(mark, Role::Heading, sizes.heading).color("C00000"));
            add(&mut self, mark, 1);
        }
        let rest = self.typography.lines_per_page().saturating_sub(lines + 2);
        self.paragraph(spacer(rest.saturating_sub(1)), false);
        self.paragraph(cover_line(&doc.cover.date_line, sizes.cover_line), false);

        for block in &doc.blocks {
            match block {
                Block::Toc { title } => self.contents(title, &doc.toc_entries()),
                // 第一部分 … and 附件 both open a numbered portrait page with a centred title.
                Block::Part {
                    label, title, toc, ..
                }
                | Block::Annex { label, title, toc } => {
                    // A wrapping part title in the lines the document chose.
                    let set;
                    let title = match block {
                        Block::Part { lines, .. } if !lines.is_empty() => {
                            set = lines.join("\n");
                            &set
                        }
                        _ => title,
                    };
                    self.section(Orientation::Portrait, true);
                    let runs = vec![run(
                        // A part without a label (Shanghai's) is its title alone.
                        &if label.is_empty() {
                            title.clone()
                        } else {
                            format!("{label}\n{title}")
                        },
                        Role::Title,
                        sizes.part_title,
                    )];
                    // The PDF's space around the title. Word and LibreOffice keep the space
                    // above a paragraph that a page break puts at the top of a page (Word's
                    // suppressSpBfAfterPgBrk, which would drop it, is not set).
                    let space = |mm: f32| twips(mm) as u32;
                    let below = match block {
                        Block::Part { .. } => self.typography.part_title_below_mm,
                        _ => 0.0,
                    };
                    let heading = self
                        .heading("Heading1", Some(toc), runs)
                        .align(AlignmentType::Center)
                        .line_spacing(
                            LineSpacing::new()
                                .before(space(self.typography.part_title_above_mm))
                                .after(space(below)),
                        );
                    self.paragraph(heading, true);
                }
                Block::Heading { level, text, toc } => {
                    let (style, role, size) = match (level, toc) {
                        (1, Some(_)) => ("Heading2", Role::Heading, sizes.heading),
                        (1, None) => ("Heading3", Role::Heading, sizes.heading),
                        _ => ("Heading4", Role::Subheading, sizes.subheading),
                    };
                    let heading = self
                        .heading(
                            style,
                            toc.as_deref(),
                            vec![self.on_grid(run(text, role, size))],
                        )
                        .snap_to_grid(true)
                        .indent(
                            None,
                            Some(SpecialIndentType::FirstLine(self.grid_indent())),
                            None,
                            None,
                        );
                    self.paragraph(heading, false);
                }
                Block::Paragraph { text } => {
                    let paragraph = self.body(text);
                    self.paragraph(paragraph, false);
                }
                Block::Table(table) => self.table(table),
            }
        }
        self
    }

    /// The 目录: a TOC field over Heading 1–2, pre-filled with the entries and the PDF's page
    /// numbers, each linked to its heading's bookmark.
    fn contents(&mut self, title: &str, entries: &[TocEntry]) {
        let sizes = *self.sizes();
        let width = self.text_width(Orientation::Portrait) as usize;
        let heading = plain()
            .align(AlignmentType::Center)
            .line_spacing(
                LineSpacing::new().after(twips(self.typography.toc_title_below_mm) as u32),
            )
            .add_run(run(title, Role::Title, sizes.part_title).character_spacing(320));
        self.paragraph(heading, true);
        for (index, entry) in entries.iter().enumerate() {
            // Word refreshes the numbers on opening; until then they are the PDF's.
            let page = self
                .toc
                .get(index)
                .map(usize::to_string)
                .unwrap_or_default();
            // As in the PDF: on the character grid, second-level entries two characters in,
            // and an entry that wraps continues two characters further in (a hanging indent).
            let step = self.grid_indent();
            let level_indent = if entry.level > 1 { step } else { 0 };
            let mut paragraph = plain()
                .snap_to_grid(true)
                .style(if entry.level == 1 { "TOC1" } else { "TOC2" })
                .indent(
                    Some(level_indent + step),
                    Some(SpecialIndentType::Hanging(step)),
                    None,
                    None,
                )
                .add_tab(
                    Tab::new()
                        .val(TabValueType::Right)
                        .leader(TabLeaderType::Dot)
                        .pos(width),
                );
            if index == 0 {
                paragraph = paragraph
                    .add_run(Run::new().add_field_char(FieldCharType::Begin, true))
                    .add_run(Run::new().add_instr_text(InstrText::TOC(
                        InstrToC::new().heading_styles_range(1, 2).hyperlink(),
                    )))
                    .add_run(Run::new().add_field_char(FieldCharType::Separate, false));
            }
            let key = bookmark_name(index + 1);
            paragraph = paragraph
                .add_run(self.on_grid(run(
                    &if entry.lines.is_empty() {
                        entry.text.clone()
                    } else {
                        entry.lines.join("\n")
                    },
                    Role::Body,
                    sizes.toc,
                )))
                .add_run(Run::new().add_tab())
                .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
                .add_run(
                    Run::new()
                        .add_instr_text(InstrText::PAGEREF(InstrPAGEREF::new(&key).hyperlink())),
                )
                .add_run(Run::new().add_field_char(FieldCharType::Separate, false))
                .add_run(run(&page, Role::Body, sizes.toc))
                .add_run(Run::new().add_field_char(FieldCharType::End, false));
            // The TOC field ends in its last entry: a paragraph of its own could fall onto a
            // page of its own when the entries fill the page.
            if index + 1 == entries.len() {
                paragraph = paragraph.add_run(Run::new().add_field_char(FieldCharType::End, false));
            }
            self.paragraph(paragraph, false);
        }
    }

    fn table(&mut self, table: &crate::compose::document::Table) {
        let sizes = *self.sizes();
        let orientation = if table.landscape {
            Orientation::Landscape
        } else {
            Orientation::Portrait
        };
        self.section(orientation, true);
        let width = self.text_width(orientation);
        let caption = |text: &str| run(text, Role::Table, sizes.table_caption);
        self.paragraph(
            fixed_lines(plain(), sizes.table_caption)
                .align(AlignmentType::Right)
                .add_run(caption(&table.label)),
            true,
        );
        let title = self
            .heading(
                "Heading2",
                Some(&table.toc),
                vec![run(&table.title, Role::Title, sizes.table_title)],
            )
            .align(AlignmentType::Center);
        // No space below the title: the PDF sets the label, the title and the unit line by
        // their capitals' height, closer than Word's line boxes; without the gap the table
        // starts where it does in the PDF (within a point), so its rows fall on the same pages.
        let title = fixed_lines(title, sizes.table_title);
        self.paragraph(title, false);
        let unit_line = fixed_lines(plain(), sizes.table_caption)
            .add_tab(Tab::new().val(TabValueType::Right).pos(width as usize))
            .add_run(caption(&table.unit_name))
            .add_run(Run::new().add_tab())
            .add_run(caption(&table.unit));
        self.paragraph(unit_line, false);
        let word_table = table::build(table, width, self.typography);
        self.parts
            .last_mut()
            .expect("open")
            .children
            .push(Child::Table(Box::new(word_table)));
        for note in &table.notes {
            self.paragraph(
                fixed_lines(plain(), sizes.table_note).add_run(run(
                    note,
                    Role::Table,
                    sizes.table_note,
                )),
                false,
            );
        }
    }

    fn build(self) -> XMLDocx {
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

fn bookmark_name(n: usize) -> String {
    format!("_Toc{n:06}")
}

/// Heading and 目录 styles Word recognises (by their names “heading N”, “toc N”).
fn styles(typography: &Typography) -> Vec<WordStyle> {
    let sizes = &typography.sizes;
    let pitch = LineSpacing::new()
        .line((typography.line_pitch * 20.0) as i32)
        .line_rule(LineSpacingType::Exact);
    let heading = |id: &str, name: &str, level: usize, role: Role, size: Hao| {
        WordStyle::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .outline_lvl(level)
            .fonts(fonts(role))
            .size(size.half_points())
            .line_spacing(pitch.clone())
    };
    vec![
        // What a reviewer types into the document: body text (Word's default paragraph style).
        WordStyle::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .fonts(fonts(Role::Body))
            .size(sizes.body.half_points())
            .line_spacing(pitch.clone())
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(grid_indent(typography))),
                None,
                None,
            ),
        heading("Heading1", "heading 1", 0, Role::Title, sizes.part_title),
        heading("Heading2", "heading 2", 1, Role::Heading, sizes.heading),
        heading("Heading3", "heading 3", 2, Role::Heading, sizes.heading),
        heading(
            "Heading4",
            "heading 4",
            3,
            Role::Subheading,
            sizes.subheading,
        ),
        WordStyle::new("TOC1", StyleType::Paragraph)
            .name("toc 1")
            .based_on("Normal")
            .next("Normal"),
        WordStyle::new("TOC2", StyleType::Paragraph)
            .name("toc 2")
            .based_on("Normal")
            .next("Normal")
            .indent(Some(640), None, None, None),
    ]
}

/// Adds what docx-rs cannot write, then zips the package.
fn finish(mut xml: XMLDocx, doc: &Document) -> Result<Vec<u8>> {
    let document = String::from_utf8(xml.document)?;
    xml.document = table::mark_headers(&document).into_bytes();
    let settings = String::from_utf8(xml.settings)?;
    xml.settings = match settings.find("<w:compat") {
        Some(at) => format!(
            "{}<w:updateFields w:val=\"true\" />{}",
            &settings[..at],
            &settings[at..]
        ),
        None => settings.replace(
            "</w:settings>",
            "<w:updateFields w:val=\"true\" /></w:settings>",
        ),
    }
    .into_bytes();
    let (year, month, day) = doc.meta.date;
    let stamp = format!("{year:04}-{month:02}-{day:02}T00:00:00Z");
    let core = String::from_utf8(xml.doc_props.core)?;
    let author = escape(&doc.meta.author);
    let core = core
        .replace("1970-01-01T00:00:00Z", &stamp)
        .replace(
            "<dc:creator>unknown</dc:creator>",
            &format!(
                "<dc:title>{}</dc:title><dc:creator>{author}</dc:creator>",
                escape(&doc.meta.title)
            ),
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            &format!("<cp:lastModifiedBy>{author}</cp:lastModifiedBy>"),
        );
    xml.doc_props.core = core.into_bytes();
    xml.styles = one_default_normal(&String::from_utf8(xml.styles)?).into_bytes();
    xml.font_table = font_table(&String::from_utf8_lossy(&xml.document)).into_bytes();
    let mut bytes = std::io::Cursor::new(Vec::new());
    xml.pack(&mut bytes)?;
    deflated(&bytes.into_inner())
}

/// docx-rs writes an empty `Normal` style before ours and marks no default; Word keeps the
/// first, so text typed into the document would lose the body's font. One Normal, the default,
/// and the language of the text in the document defaults (line breaking, proofing).
fn one_default_normal(styles: &str) -> String {
    const EMPTY_NORMAL: &str = r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>"#;
    styles
        .replacen(EMPTY_NORMAL, "", 1)
        .replacen(
            r#"<w:style w:type="paragraph" w:styleId="Normal">"#,
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#,
            1,
        )
        .replacen(
            "</w:rPr></w:rPrDefault>",
            // Latin text (digits among it) in English, East Asian text in Chinese, as Chinese
            // Word writes it: with the Latin language Chinese, LibreOffice breaks lines inside
            // numbers (`11,436.` / `06万元`).
            r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" /></w:rPr></w:rPrDefault>"#,
            1,
        )
}

/// Every font `document` names, declared so that Word and WPS substitute the right face where
/// it is not installed: Chinese faces with the GB2312 charset and, for the `_GB2312` faces
/// Windows lacks, the face it does ship as `w:altName`.
fn font_table(document: &str) -> String {
    let mut names: Vec<&str> = Vec::new();
    for attribute in ["w:eastAsia=\"", "w:ascii=\"", "w:hAnsi=\""] {
        for piece in document.split(attribute).skip(1) {
            if let Some(name) = piece.split('"').next() {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names.sort_unstable();
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
    );
    for name in names {
        let chinese = !name.is_ascii();
        let (charset, family) = match (chinese, name) {
            (true, n) if n.contains('黑') => ("86", "modern"),
            (true, _) => ("86", "roman"),
            (false, n) if n.contains("Arial") => ("00", "swiss"),
            (false, _) => ("00", "roman"),
        };
        let alternative = match name {
            "仿宋_GB2312" => Some("仿宋"),
            "楷体_GB2312" => Some("楷体"),
            "方正小标宋简体" => Some("宋体"),
            _ => None,
        };
        xml.push_str(&format!("<w:font w:name=\"{}\">", escape(name)));
        if let Some(alternative) = alternative {
            xml.push_str(&format!("<w:altName w:val=\"{alternative}\" />"));
        }
        xml.push_str(&format!(
            "<w:charset w:val=\"{charset}\" /><w:family w:val=\"{family}\" /><w:pitch w:val=\"variable\" /></w:font>"
        ));
    }
    xml.push_str("</w:fonts>");
    xml
}

/// The package with every entry deflated: docx-rs stores them uncompressed. The settings are
/// fixed (default level, the 1980 date the zip crate uses without its `time` feature, the
/// entry order kept), so the bytes stay the same from build to build.
fn deflated(stored: &[u8]) -> Result<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            writer.add_directory(name, options)?;
            continue;
        }
        let mut content = Vec::new();
        entry.read_to_end(&mut content)?;
        writer.start_file(name, options)?;
        writer.write_all(&content)?;
    }
    Ok(writer.finish()?.into_inner())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
