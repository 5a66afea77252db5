//! The 目录: a TOC field Word and WPS can update, pre-filled with the PDF's page numbers.

use super::runs::*;
use super::sections::bookmark_name;
use super::{Orientation, Writer};
use crate::base::typography::Role;
use crate::compose::document::TocEntry;
use docx_rs::{
    AlignmentType, FieldCharType, InstrPAGEREF, InstrText, InstrToC, LineSpacing, Run,
    SpecialIndentType, Tab, TabLeaderType, TabValueType,
};

impl Writer<'_> {
    /// The 目录: a TOC field over Heading 1–2, pre-filled with the entries and the PDF's page
    /// numbers, each linked to its heading's bookmark.
    pub(super) fn contents(&mut self, title: &str, entries: &[TocEntry]) {
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
}
