//! The DOCX renderer: the same document model as the PDF, as a Word document with real structure
//! (Heading styles, a 目录 field pre-filled with the PDF's page numbers, page-number fields,
//! portrait and landscape sections, merged table headers that repeat on every page).
//!
//! The document is walked here ([`Writer`]); [`runs`] makes the runs and paragraphs, [`contents`]
//! the 目录, [`table`] the annex tables, [`sections`] the portrait and landscape sections with
//! their footers, [`styles`] the Word styles. docx-rs lacks a few things (repeating header rows,
//! `updateFields`, a settable title); [`package`] adds those to the XML parts between `build()`
//! and `pack()`, and zips the package.

mod contents;
mod package;
mod runs;
mod sections;
mod styles;
mod table;

use crate::base::typography::{self, Hao, Role, Typography};
use crate::compose::document::{Block, Document};
use anyhow::{anyhow, Result};
use docx_rs::{AlignmentType, LineSpacing, Paragraph, Run, SpecialIndentType};
use package::finish;
use runs::{grid_indent, plain, run, twips};
use sections::bookmark_name;

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
            ((crate::base::text::text_em(text) * size.pt() / width).ceil() as usize).max(1)
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
}
