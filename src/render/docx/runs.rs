//! Runs and paragraphs as the booklet sets them: fonts by role, sizes in 号, fixed line heights,
//! the body's grid.

use crate::base::typography::{self, Hao, Role, Typography};
use docx_rs::{
    BreakType, DocGrid, DocGridType, LineSpacing, LineSpacingType, Paragraph, Run, RunFonts,
    SpecialIndentType,
};

/// Twips per millimetre.
pub(super) const TWIPS_PER_MM: f32 = 1440.0 / 25.4;
/// A4 in twips.
pub(super) const A4: (u32, u32) = (11906, 16838);
/// The Latin font set beside every East Asian one.
pub(super) const LATIN: &str = "Times New Roman";

pub(super) fn twips(mm: f32) -> i32 {
    (mm * TWIPS_PER_MM).round() as i32
}

/// The East Asian and Latin fonts of a role, as Word names them.
pub(super) fn fonts(role: Role) -> RunFonts {
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
pub(super) fn grid_indent(typography: &Typography) -> i32 {
    (typography.indent_chars * typography.char_pitch() * 20.0).round() as i32
}

/// Word's document grid (文档网格) of the portrait pages: body lines at the exact pitch. The
/// characters are not placed on a grid of cells (`linesAndChars`): LibreOffice gives a CJK
/// glyph wider than its cell two cells, so with any Chinese font installed a line held 14
/// characters. They are set by their widths with the grid's tracking as character spacing
/// ([`Typography::grid_tracking_twips`]), as the PDF sets them: 28 a line in Word, WPS and
/// LibreOffice alike.
pub(super) fn body_grid(typography: &Typography) -> DocGrid {
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
pub(super) fn fixed_lines_then(paragraph: Paragraph, size: Hao, after: f32) -> Paragraph {
    paragraph.line_spacing(
        LineSpacing::new()
            .line((size.pt() * 1.25 * 20.0).round() as i32)
            .line_rule(LineSpacingType::Exact)
            .before(0)
            .after((after * 20.0).round() as u32),
    )
}
