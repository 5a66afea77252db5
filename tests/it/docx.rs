//! The DOCX of the reference unit, read back from its XML parts.

use super::*;
use std::io::Read;

fn reference_docx() -> &'static Vec<u8> {
    static DOCX: OnceLock<Vec<u8>> = OnceLock::new();
    DOCX.get_or_init(|| build_docx("docx"))
}

fn build_docx(name: &str) -> Vec<u8> {
    let (prepared, layout) = laid_out(name, &reference_text());
    yusuan::render::docx::render(
        &prepared.document,
        toolkit().typography(),
        &layout.toc_pages(),
    )
    .unwrap()
}

pub(crate) fn part(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip package");
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the package"));
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

/// The visible text of document.xml: the `w:t` runs, unescaped, joined.
fn visible_text(xml: &str) -> String {
    let mut text = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<w:t") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        rest = &after[open_end + 1..];
        if !(tag == "<w:t" || tag.starts_with("<w:t ")) || tag.ends_with('/') {
            continue;
        }
        let end = rest.find("</w:t>").unwrap_or(rest.len());
        text.push_str(
            &rest[..end]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
        rest = &rest[end..];
    }
    text
}

#[test]
fn docx_holds_every_amount_heading_and_table_label() {
    let xml = part(reference_docx(), "word/document.xml");
    let text = visible_text(&xml);
    let amounts =
        std::fs::read_to_string(root().join("tests/it/fixtures/reference-amounts.txt")).unwrap();
    let missing: Vec<&str> = amounts
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|a| !text.contains(a))
        .collect();
    assert!(
        missing.is_empty(),
        "amounts missing from the DOCX: {missing:?}"
    );
    for n in 1..=11 {
        assert!(text.contains(&format!("预算{n:02}表")), "预算{n:02}表");
    }
    for needle in [
        "2023年度",
        "新乡市社会保险中心单位预算",
        "二〇二三年二月",
        "第一部分",
        "一、新乡市社会保险中心主要职责",
        "七、“三公”经费支出情况说明",
        "十、行政（事业）单位机构运转经费：",
        "2023年度单位预算项目绩效目标表",
        "说明：我单位没有政府性基金收入，也没有使用政府性基金安排支出，故此表无数据。",
        "符合(国办发(2004]9号)",
    ] {
        assert!(text.contains(needle), "“{needle}” in the DOCX");
    }
    // Eleven tables, with merged header cells that repeat on every page.
    assert_eq!(xml.matches("<w:tbl>").count(), 11);
    assert!(
        xml.matches("<w:tblHeader />").count() >= 22,
        "header rows repeat"
    );
    assert!(
        xml.contains(r#"<w:gridSpan w:val="11" />"#),
        "本年收入 spans eleven columns"
    );
    assert!(
        xml.contains(r#"<w:vMerge w:val="restart" />"#),
        "vertical merges start"
    );
    assert!(
        xml.contains(r#"<w:vMerge w:val="continue" />"#),
        "and continue below"
    );
}

#[test]
fn docx_structure_toc_sections_fonts() {
    let docx = reference_docx();
    let xml = part(docx, "word/document.xml");
    // A TOC field over Heading 1–2, pre-filled, with PAGEREF links to bookmarks on the headings.
    assert!(xml.contains(r#"TOC \o &quot;1-2&quot; \h"#), "TOC field");
    assert!(xml.contains("PAGEREF _Toc000001 \\h"));
    assert!(xml.contains(r#"w:name="_Toc000001""#));
    assert!(
        xml.contains(r#"<w:pStyle w:val="Heading1" />"#)
            && xml.contains(r#"<w:pStyle w:val="Heading2" />"#)
    );
    // Portrait and landscape sections; numbering restarts at 1 after the 目录.
    assert!(xml.contains(r#"w:w="16838" w:h="11906" w:orient="landscape""#));
    assert!(xml.contains(r#"w:w="11906" w:h="16838" w:orient="portrait""#));
    assert!(xml.contains(r#"<w:pgNumType w:start="1" />"#));
    // East Asian fonts on runs, by role.
    for font in ["仿宋_GB2312", "黑体", "方正小标宋简体", "宋体"] {
        assert!(xml.contains(&format!(r#"w:eastAsia="{font}""#)), "{font}");
    }
    let styles = part(docx, "word/styles.xml");
    assert!(styles.contains(r#"w:val="heading 1""#) && styles.contains(r#"w:val="toc 2""#));
    assert!(part(docx, "word/settings.xml").contains(r#"<w:updateFields w:val="true" />"#));
    let core = part(docx, "docProps/core.xml");
    assert!(core.contains("<dc:title>新乡市社会保险中心2023年单位预算</dc:title>"));
    assert!(core.contains("2023-02-01T00:00:00Z"));
    // Page-number field in a footer.
    let footer = part(docx, "word/footer1.xml");
    assert!(footer.contains("PAGE"), "{footer}");
}

#[test]
fn docx_bytes_are_the_same_on_every_build() {
    assert_eq!(&build_docx("docx-again"), reference_docx());
}

/// LibreOffice opens the DOCX and converts it to PDF. CI installs LibreOffice and sets
/// `YUSUAN_REQUIRE_SOFFICE=1`, so there the test cannot pass without running the conversion.
#[test]
fn libreoffice_converts_the_docx_without_complaint() {
    let Some(soffice) = office("the DOCX conversion") else {
        return;
    };
    let dir = scratch_dir("soffice");
    let input = dir.join("booklet.docx");
    std::fs::write(&input, reference_docx()).unwrap();
    office_to_pdf(&soffice, &[input], &dir, &dir);
    let pdf = std::fs::read(dir.join("booklet.pdf")).expect("LibreOffice wrote a PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        pdf.len() > 50_000,
        "a real booklet, not an empty page ({} bytes)",
        pdf.len()
    );
}

/// The DOCX as Word and WPS read its parts: one `Normal`, the default, with the body's font,
/// size, pitch and indent; every font the document names declared in the font table (Chinese
/// faces with the GB2312 charset, the `_GB2312` faces with the Windows face to stand in); the
/// language set; every entry deflated.
#[test]
fn styles_fonts_language_and_compression_as_word_reads_them() {
    let docx = reference_docx();
    let styles = part(docx, "word/styles.xml");
    assert_eq!(
        styles.matches(r#"w:styleId="Normal""#).count(),
        1,
        "one Normal"
    );
    let normal_start = styles.find(r#"w:styleId="Normal""#).unwrap();
    let normal = &styles[styles[..normal_start].rfind("<w:style ").unwrap()..];
    let normal = &normal[..normal.find("</w:style>").unwrap()];
    for expected in [
        r#"w:default="1""#,
        r#"w:eastAsia="仿宋_GB2312""#,
        r#"<w:sz w:val="32" />"#,
        r#"w:lineRule="exact""#,
        // Two cells of the 28-character grid (15.75 pt each).
        r#"w:firstLine="630""#,
    ] {
        assert!(normal.contains(expected), "Normal has {expected}: {normal}");
    }
    assert!(
        styles.contains(r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" />"#),
        "language in the document defaults"
    );
    let fonts = part(docx, "word/fontTable.xml");
    let document = part(docx, "word/document.xml");
    for piece in document.split("w:eastAsia=\"").skip(1) {
        let name = piece.split('"').next().unwrap();
        let declared = fonts
            .split("<w:font ")
            .find(|f| f.starts_with(&format!("w:name=\"{name}\"")))
            .unwrap_or_else(|| panic!("{name} declared in fontTable.xml"));
        assert!(
            declared.contains(r#"<w:charset w:val="86" />"#),
            "{name}: GB2312"
        );
    }
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋" />"#));
    assert!(fonts.contains(r#"<w:font w:name="楷体_GB2312"><w:altName w:val="楷体" />"#));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx.as_slice())).unwrap();
    for index in 0..archive.len() {
        let entry = archive.by_index(index).unwrap();
        if !entry.is_dir() {
            assert_eq!(
                entry.compression(),
                zip::CompressionMethod::Deflated,
                "{} deflated",
                entry.name()
            );
        }
    }
    assert!(docx.len() < 200_000, "{} bytes", docx.len());
}

/// The portrait pages carry Word's document grid: 22 lines of 28.95 pt and 28 characters a
/// line (the body size less 0.21 pt, in 4096ths of a point). Body paragraphs snap to it; table
/// cells, captions and the 目录 do not (on the grid a 小五 table character would take a whole
/// 三号 cell). Landscape pages, which hold only tables, have no grid.
#[test]
fn portrait_pages_carry_the_document_grid_and_only_body_text_snaps_to_it() {
    let document = part(reference_docx(), "word/document.xml");
    let sections: Vec<&str> = document.split("<w:sectPr>").skip(1).collect();
    assert!(
        sections.len() >= 6,
        "cover, 目录, parts, tables: {}",
        sections.len()
    );
    for section in sections {
        let section = &section[..section.find("</w:sectPr>").unwrap()];
        // Lines on the grid; characters by their widths with the grid's tracking (a grid of
        // character cells doubled every Chinese character in LibreOffice with a real font).
        let grid = r#"<w:docGrid w:type="lines" w:linePitch="579" />"#;
        if section.contains(r#"w:orient="portrait""#) {
            assert!(
                section.contains(grid),
                "portrait section with the grid: {section}"
            );
        } else {
            assert!(
                !section.contains("docGrid"),
                "landscape without a grid: {section}"
            );
        }
    }
    let paragraph_with = |needle: &str| -> String {
        let at = document
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in the document"));
        let start = document[..at].rfind("<w:p ").unwrap();
        let end = start + document[start..].find("</w:p>").unwrap();
        document[start..end].to_owned()
    };
    let body = paragraph_with("内设机构17个");
    assert!(
        !body.contains(r#"<w:snapToGrid w:val="false" />"#),
        "body on the grid: {body}"
    );
    assert!(
        body.contains(r#"w:firstLine="630""#),
        "two grid cells of indent: {body}"
    );
    assert!(
        body.contains(r#"<w:spacing w:val="-5" />"#),
        "body text set at the grid's pitch (15.75 pt: −0.25 pt after each 16 pt character): {body}"
    );
    for off in [">11,436.06</w:t>", ">预算04表</w:t>", ">注：本表"] {
        let paragraph = paragraph_with(off);
        assert!(
            paragraph.contains(r#"<w:snapToGrid w:val="false" />"#),
            "{off} off the grid: {paragraph}"
        );
        assert!(
            !paragraph.contains("<w:spacing w:val="),
            "{off} at its own widths: {paragraph}"
        );
    }
}
