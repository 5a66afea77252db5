//! Typography shared by every renderer: font roles, sizes in 号, page margins and line pitch.
//!
//! The model is GB/T 9704 (党政机关公文格式): A4, 3号仿宋 body on a 22-line page, 黑体 for 一、
//! headings, 楷体 for （一） headings, a heavy 小标宋 for titles, and smaller 宋体 in tables.

use serde::Serialize;

/// Chinese type sizes (字号) and their size in points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hao {
    /// 初号, 42 pt.
    Chu,
    /// 小初, 36 pt.
    XiaoChu,
    /// 一号, 26 pt.
    Yi,
    /// 小一, 24 pt.
    XiaoYi,
    /// 二号, 22 pt.
    Er,
    /// 小二, 18 pt.
    XiaoEr,
    /// 三号, 16 pt.
    San,
    /// 小三, 15 pt.
    XiaoSan,
    /// 四号, 14 pt.
    Si,
    /// 小四, 12 pt.
    XiaoSi,
    /// 五号, 10.5 pt.
    Wu,
    /// 小五, 9 pt.
    XiaoWu,
    /// 六号, 7.5 pt.
    Liu,
    /// 小六, 6.5 pt.
    XiaoLiu,
    /// 七号, 5.5 pt.
    Qi,
}

impl Hao {
    /// The size in points.
    pub fn pt(self) -> f32 {
        match self {
            Hao::Chu => 42.0,
            Hao::XiaoChu => 36.0,
            Hao::Yi => 26.0,
            Hao::XiaoYi => 24.0,
            Hao::Er => 22.0,
            Hao::XiaoEr => 18.0,
            Hao::San => 16.0,
            Hao::XiaoSan => 15.0,
            Hao::Si => 14.0,
            Hao::XiaoSi => 12.0,
            Hao::Wu => 10.5,
            Hao::XiaoWu => 9.0,
            Hao::Liu => 7.5,
            Hao::XiaoLiu => 6.5,
            Hao::Qi => 5.5,
        }
    }

    /// The next smaller size, down to 七号.
    pub fn smaller(self) -> Option<Hao> {
        const ORDER: [Hao; 15] = [
            Hao::Chu,
            Hao::XiaoChu,
            Hao::Yi,
            Hao::XiaoYi,
            Hao::Er,
            Hao::XiaoEr,
            Hao::San,
            Hao::XiaoSan,
            Hao::Si,
            Hao::XiaoSi,
            Hao::Wu,
            Hao::XiaoWu,
            Hao::Liu,
            Hao::XiaoLiu,
            Hao::Qi,
        ];
        let index = ORDER.iter().position(|&h| h == self)?;
        ORDER.get(index + 1).copied()
    }

    /// The size in half-points, as Word stores it.
    pub fn half_points(self) -> usize {
        (self.pt() * 2.0).round() as usize
    }
}

/// A size is handed to layout templates as its value in points.
impl Serialize for Hao {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f32(self.pt())
    }
}

/// What a piece of text is, typographically; each role has one font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Cover, part and table titles: a heavy serif (小标宋).
    Title,
    /// 一、 headings (黑体).
    Heading,
    /// （一） headings (楷体).
    Subheading,
    /// Body text (仿宋).
    Body,
    /// Table cells (宋体).
    Table,
    /// Table header cells (黑体).
    TableHeader,
}

impl Role {
    /// The font Word, WPS and Excel are told to use for this role (the office's first choice).
    pub fn office_font(self) -> &'static str {
        font(self).office[0]
    }

    /// Every role, in a fixed order.
    pub const ALL: [Role; 6] = [
        Role::Title,
        Role::Heading,
        Role::Subheading,
        Role::Body,
        Role::Table,
        Role::TableHeader,
    ];
}

/// The font of a role: the names offices have installed (preferred, in order) and the open
/// font bundled in `templates/fonts/`, used when none of those is available.
#[derive(Debug, Clone, Serialize)]
pub struct RoleFont {
    /// Family names of the licensed fonts an office may have (Word uses the first).
    pub office: &'static [&'static str],
    /// The bundled family, as Typst names it (FandolFang's name table calls it “FandolFang R”).
    pub bundled: &'static str,
    /// Whether the role uses the bold face.
    pub bold: bool,
}

/// The font of `role`.
pub fn font(role: Role) -> RoleFont {
    let (office, bundled, bold): (&'static [&'static str], _, _) = match role {
        Role::Title => (
            &["方正小标宋简体", "FZXiaoBiaoSong-B05S"],
            "FandolSong",
            true,
        ),
        Role::Heading | Role::TableHeader => (&["黑体", "SimHei"], "FandolHei", false),
        Role::Subheading => (
            &["楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"],
            "FandolKai",
            false,
        ),
        Role::Body => (
            &["仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"],
            "FandolFang R",
            false,
        ),
        Role::Table => (&["宋体", "SimSun"], "FandolSong", false),
    };
    RoleFont {
        office,
        bundled,
        bold,
    }
}

/// Sizes of each element.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Sizes {
    /// Cover title.
    pub cover_title: Hao,
    /// Cover year line and date.
    pub cover_line: Hao,
    /// 第一部分 … titles and the 目录 title.
    pub part_title: Hao,
    /// 一、 headings.
    pub heading: Hao,
    /// （一） headings.
    pub subheading: Hao,
    /// Body text.
    pub body: Hao,
    /// 目录 entries.
    pub toc: Hao,
    /// Table titles.
    pub table_title: Hao,
    /// 单位名称 / 单位 lines and the table label.
    pub table_caption: Hao,
    /// Cells of narrow (portrait) tables.
    pub table: Hao,
    /// Cells of wide (landscape) tables.
    pub table_wide: Hao,
    /// Notes under tables.
    pub table_note: Hao,
    /// Page numbers.
    pub page_number: Hao,
}

/// Page geometry in millimetres.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Page {
    /// Top margin (天头).
    pub top: f32,
    /// Bottom margin.
    pub bottom: f32,
    /// Left margin (订口).
    pub left: f32,
    /// Right margin.
    pub right: f32,
    /// Margins of landscape table pages (all sides).
    pub landscape: f32,
}

/// How table cells set their lines (see [`Typography::cell_line`]), in em of the table's type.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CellLine {
    /// A line's height: the PDF's text box from the baseline up (about a Song face's capital
    /// height, so a one-line cell looks centred).
    pub text: f32,
    /// Space between two lines of a cell.
    pub leading: f32,
    /// Space between a cell's top rule and its first line, and its last line and its bottom
    /// rule.
    pub padding: f32,
}

impl CellLine {
    /// Word's exact line height for a cell's lines, in em: a line and the leading below it.
    pub fn pitch(&self) -> f32 {
        self.text + self.leading
    }

    /// Word's top and bottom cell margin, in em: the padding less the half of the leading
    /// that [`CellLine::pitch`] puts on each side of a one-line cell's text.
    pub fn margin(&self) -> f32 {
        (self.padding - self.leading / 2.0).max(0.0)
    }
}

/// The whole typography of the booklet.
#[derive(Debug, Clone, Serialize)]
pub struct Typography {
    /// Page geometry.
    pub page: Page,
    /// Sizes.
    pub sizes: Sizes,
    /// Baseline-to-baseline distance of body text, in points (22 lines on the 225 mm 版心).
    pub line_pitch: f32,
    /// First-line indent of body paragraphs, in characters.
    pub indent_chars: f32,
    /// Characters per line of body text on the portrait pages (GB/T 9704's 28). Both renderers
    /// set body text on this grid (Word's 文档网格, Typst's tracking), so their lines break
    /// after the same character whatever font stands in for the office's.
    pub chars_per_line: u32,
    /// Space between a table cell's rules and its text, left and right, in em of the table's
    /// type: the PDF's cell inset and the DOCX's cell margins (`w:tblCellMar`) alike, so a
    /// column holds the same text in both.
    pub cell_inset_em: f32,
    /// The table cells' lines, in em of the table's type, the same in both renderers so a
    /// table's rows are as tall in Word and LibreOffice as in the PDF and break onto the same
    /// pages: each line of text is `cell_line.text` high, lines are `cell_line.leading` apart,
    /// and a cell has `cell_line.padding` above its first line and below its last.
    pub cell_line: CellLine,
    /// Space above a part's title (第一部分 …, 附件) on its page, in millimetres.
    pub part_title_above_mm: f32,
    /// Space below a part's title, before its first heading, in millimetres.
    pub part_title_below_mm: f32,
    /// Space below the 目录's title, in millimetres.
    pub toc_title_below_mm: f32,
}

impl Typography {
    /// The width of the text area in millimetres: portrait pages, or landscape table pages.
    pub fn text_width_mm(&self, landscape: bool) -> f32 {
        const A4: (f32, f32) = (210.0, 297.0);
        if landscape {
            A4.1 - 2.0 * self.page.landscape
        } else {
            A4.0 - self.page.left - self.page.right
        }
    }

    /// The width of the text area in points.
    pub fn text_width_pt(&self, landscape: bool) -> f32 {
        self.text_width_mm(landscape) * 72.0 / 25.4
    }

    /// The pitch of the body text's character grid, in points: the portrait text width shared
    /// by `chars_per_line` characters, rounded down to a twip (a twentieth of a point, the unit
    /// of Word's character spacing) so that a full line never exceeds the width and both
    /// renderers state the same pitch.
    pub fn char_pitch(&self) -> f32 {
        let exact = self.text_width_pt(false) / self.chars_per_line as f32;
        (exact * 20.0).floor() / 20.0
    }

    /// The spacing added after each character of text on the grid, in twips: the pitch less
    /// the body size (negative: the characters are set a little closer than their width). The
    /// PDF's tracking and the DOCX's character spacing.
    pub fn grid_tracking_twips(&self) -> i32 {
        ((self.char_pitch() - self.sizes.body.pt()) * 20.0).round() as i32
    }

    /// Lines of body text on a portrait page: the text height shared by the line pitch.
    pub fn lines_per_page(&self) -> usize {
        const A4_HEIGHT_PT: f32 = 297.0 * 72.0 / 25.4;
        let height = A4_HEIGHT_PT - (self.page.top + self.page.bottom) * 72.0 / 25.4;
        (height / self.line_pitch).floor() as usize
    }

    /// The type size of a table's cells, before any shrinking to fit.
    pub fn table_size(&self, landscape: bool) -> Hao {
        if landscape {
            self.sizes.table_wide
        } else {
            self.sizes.table
        }
    }
}

impl Default for Typography {
    fn default() -> Self {
        Typography {
            page: Page {
                top: 37.0,
                bottom: 35.0,
                left: 28.0,
                right: 26.0,
                landscape: 15.0,
            },
            sizes: Sizes {
                cover_title: Hao::Yi,
                cover_line: Hao::Er,
                part_title: Hao::XiaoEr,
                heading: Hao::San,
                subheading: Hao::San,
                body: Hao::San,
                toc: Hao::San,
                table_title: Hao::XiaoEr,
                table_caption: Hao::Wu,
                table: Hao::XiaoWu,
                table_wide: Hao::XiaoWu,
                table_note: Hao::XiaoWu,
                page_number: Hao::Si,
            },
            line_pitch: 28.95,
            indent_chars: 2.0,
            chars_per_line: 28,
            cell_inset_em: 0.3,
            cell_line: CellLine {
                text: 0.8,
                leading: 0.35,
                padding: 0.28,
            },
            part_title_above_mm: 20.0,
            part_title_below_mm: 14.0,
            toc_title_below_mm: 10.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hao_sizes() {
        assert_eq!(Hao::San.pt(), 16.0);
        assert_eq!(Hao::Wu.half_points(), 21);
        assert_eq!(Hao::XiaoWu.pt(), 9.0);
        assert_eq!(Hao::XiaoWu.smaller(), Some(Hao::Liu));
        assert_eq!(Hao::Qi.smaller(), None);
    }

    #[test]
    fn char_grid_fits_28_characters_in_156_mm() {
        let typography = Typography::default();
        let pitch = typography.char_pitch();
        // 442.2 pt / 28 = 15.79 pt, down to a twip: Word states character spacing in twips.
        assert_eq!(pitch, 15.75);
        assert_eq!(typography.grid_tracking_twips(), -5);
        assert!(pitch * 28.0 <= typography.text_width_pt(false));
        assert!(pitch * 29.0 > typography.text_width_pt(false));
        assert_eq!(typography.lines_per_page(), 22);
    }
}
