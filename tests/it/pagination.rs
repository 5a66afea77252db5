//! The DOCX paginates like the PDF: LibreOffice, with none of the office fonts installed,
//! renders every bundled unit's DOCX on as many pages as the PDF, and every part and table
//! title on a page with the number the 目录 gives it (the DOCX's 目录 is pre-filled with the
//! PDF's numbers, so that is what makes it right).

use super::*;
use yusuan::document::Block;

/// The titles a reader looks up through the 目录: each part's and the annex's label, and each
/// table's label (预算04表), in document order.
fn titles(prepared: &Prepared) -> Vec<String> {
    prepared
        .document
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Part { label, .. } | Block::Annex { label, .. } => Some(label.clone()),
            Block::Table(table) => Some(table.label.clone()),
            _ => None,
        })
        .collect()
}

/// Text without any white space: the PDF's layout and LibreOffice's differ in spacing only.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The number printed in a page's footer (`— 13 —`), if it has one (the cover and the 目录
/// have none).
fn printed_number(page: &str) -> Option<usize> {
    let page = squeezed(page);
    let end = page.rfind('—')?;
    let start = page[..end].rfind('—')? + '—'.len_utf8();
    page[start..end].parse().ok()
}

/// For each title, the printed number of the first numbered page that holds it.
fn title_pages(pages: &[String], titles: &[String]) -> Vec<(String, Option<usize>)> {
    titles
        .iter()
        .map(|title| {
            let page = pages.iter().find_map(|page| {
                let number = printed_number(page)?;
                squeezed(page).contains(title.as_str()).then_some(number)
            });
            (title.clone(), page)
        })
        .collect()
}

/// The text of each page of a PDF file, by poppler's `pdftotext`.
fn pdf_page_texts(pdf: &Path) -> Vec<String> {
    let run = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(run.status.success(), "pdftotext reads {}", pdf.display());
    let text = String::from_utf8(run.stdout).unwrap();
    // pdftotext ends every page with a form feed.
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn libreoffice_puts_every_title_on_the_page_the_toc_gives() {
    let Some(soffice) = office("pagination") else {
        return;
    };
    let dir = scratch_dir("pagination");
    let mut expected = Vec::new();
    // Besides the bundled units, the reference under a 30-character name: its cover title, 目录
    // entries and part titles wrap.
    let long_name: String = "新乡市人力资源和社会保障局机关事业单位养老保险服务中心"
        .chars()
        .cycle()
        .take(30)
        .collect();
    let mut units = bundled_units();
    units.push((
        "long-name".to_owned(),
        reference_text().replace("新乡市社会保险中心", &long_name),
    ));
    // And the 2024 sample, with its 整体绩效目标表 (a form).
    units.push((
        "sample-2024".to_owned(),
        std::fs::read_to_string(root().join("data/2024/xinxiang-shebao-2024.yaml")).unwrap(),
    ));
    for (name, text) in units {
        let (prepared, layout) = laid_out(&format!("pagination-{name}"), &text);
        let docx = yusuan::render::docx::render(
            &prepared.document,
            toolkit().typography(),
            &layout.toc_pages(),
        )
        .unwrap();
        std::fs::write(dir.join(format!("{name}.docx")), docx).unwrap();
        let titles = titles(&prepared);
        let pdf_pages = layout.page_texts();
        let pdf_titles = title_pages(&pdf_pages, &titles);
        assert!(
            pdf_titles.iter().all(|(_, page)| page.is_some()),
            "{name}: every title found in the PDF: {pdf_titles:?}"
        );
        expected.push((name, layout.page_count(), titles, pdf_titles));
    }
    let inputs: Vec<PathBuf> = expected
        .iter()
        .map(|(name, ..)| dir.join(format!("{name}.docx")))
        .collect();
    office_to_pdf(&soffice, &inputs, &dir.join("converted"), &dir);
    for (name, page_count, titles, pdf_titles) in expected {
        let converted = dir.join("converted").join(format!("{name}.pdf"));
        let pages = pdf_page_texts(&converted);
        assert_eq!(
            pages.len(),
            page_count,
            "{name}: LibreOffice's page count against the PDF's"
        );
        assert_eq!(
            title_pages(&pages, &titles),
            pdf_titles,
            "{name}: the printed page of each title, LibreOffice against the PDF"
        );
    }
}

#[test]
fn printed_numbers_are_read_from_the_footer_only() {
    assert_eq!(printed_number("预算04表\n…\n— 13 —\n"), Some(13));
    assert_eq!(printed_number("—13—"), Some(13));
    assert_eq!(printed_number("目 录\n第一部分……3"), None);
    let pages = vec![
        "目录 预算01表 ……… 12".to_owned(),
        "预算01表 收支总体情况表 — 12 —".to_owned(),
    ];
    assert_eq!(
        title_pages(&pages, &["预算01表".to_owned()]),
        vec![("预算01表".to_owned(), Some(12))]
    );
}
