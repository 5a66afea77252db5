//! The package: what docx-rs cannot write (repeating header rows, `updateFields`, the title, one
//! default Normal style, the font table), added to its XML parts, then the entries deflated.

use crate::compose::document::Document;
use anyhow::Result;
use docx_rs::XMLDocx;

/// Adds what docx-rs cannot write, then zips the package.
pub(super) fn finish(mut xml: XMLDocx, doc: &Document) -> Result<Vec<u8>> {
    let document = String::from_utf8(xml.document)?;
    xml.document = super::table::mark_headers(&document).into_bytes();
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
    // docx-rs stores its entries uncompressed.
    crate::base::zip_package::repackaged(&bytes.into_inner())
}

/// docx-rs writes an empty `Normal` style before ours and marks no default; Word keeps the
/// first, so text typed into the document would lose the body's font. One Normal, the default,
/// and the language of the text in the document defaults (line breaking, proofing).
pub(super) fn one_default_normal(styles: &str) -> String {
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
pub(super) fn font_table(document: &str) -> String {
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

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
