//! The Word styles: Normal, Heading 1–2 and TOC 1–2, named as Word recognises them.

use super::runs::*;
use crate::base::typography::{Hao, Role, Typography};
use docx_rs::{LineSpacing, LineSpacingType, SpecialIndentType, Style as WordStyle, StyleType};

/// Heading and 目录 styles Word recognises (by their names “heading N”, “toc N”).
pub(super) fn styles(typography: &Typography) -> Vec<WordStyle> {
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
