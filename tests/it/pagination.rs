//! The DOCX paginates like the PDF where users open it, with Chinese fonts: LibreOffice renders
//! every bundled unit's DOCX on as many pages as the PDF, every part and table title on the
//! page the 目录 gives it (the DOCX's 目录 is pre-filled with the PDF's numbers, so that is what
//! makes it right), and no amount, percentage or year split across two lines, under three font
//! setups selected with fontconfig: Droid Sans Fallback alone, Noto CJK alone, and the bundled
//! Fandol fonts under the office names the DOCX asks for (仿宋_GB2312 → FandolFang …), standing
//! in for a machine with the real fonts. A machine with no Chinese font draws boxes and proves
//! nothing, so it is not one of them.

use super::*;
use std::collections::BTreeMap;
use yusuan::compose::document::Block;

/// The titles a reader looks up through the 目录: each part's and the annex's label, and each
/// table's label (预算04表), in document order.
fn titles(prepared: &Prepared) -> Vec<String> {
    prepared
        .document
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Part { label, .. } | Block::Annex { label, .. } => Some(label.clone()),
            Block::Table(table) => Some(table.frame.label.clone()),
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

/// What poppler's `pdftotext` prints for a PDF file with the option `mode` (`-layout`,
/// `-bbox`).
fn pdftotext(pdf: &Path, mode: &str) -> String {
    let run = std::process::Command::new("pdftotext")
        .args([mode, "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(run.status.success(), "pdftotext reads {}", pdf.display());
    String::from_utf8(run.stdout).unwrap()
}

/// The text of each page of a PDF file.
fn pdf_page_texts(pdf: &Path) -> Vec<String> {
    let text = pdftotext(pdf, "-layout");
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
    let mut wrong = Vec::new();
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
    // And the Shanghai unit: its 目录 is a list of tables, its tables long, in 元.
    units.push((
        "shanghai".to_owned(),
        std::fs::read_to_string(root().join("data/shanghai/putuo-shiquan-2026.yaml")).unwrap(),
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
        let groups = project_groups(&prepared);
        // The PDF keeps each project on one page too.
        let pdf = dir.join(format!("{name}.pdf"));
        std::fs::write(&pdf, layout.pdf().unwrap()).unwrap();
        for problem in cut_groups(&pdf_words(&pdf), &groups) {
            wrong.push(format!("{name} (PDF): {problem}"));
        }
        expected.push((name, layout.page_count(), titles, pdf_titles, groups));
    }
    let inputs: Vec<PathBuf> = expected
        .iter()
        .map(|(name, ..)| dir.join(format!("{name}.docx")))
        .collect();
    for setup in font_setups(&dir) {
        let converted_dir = dir.join(format!("converted-{}", setup.name));
        office_to_pdf_with_fonts(&soffice, &inputs, &converted_dir, &dir, &setup.config);
        for (name, page_count, titles, pdf_titles, groups) in &expected {
            let converted = converted_dir.join(format!("{name}.pdf"));
            let pages = pdf_page_texts(&converted);
            let name = format!("{name} ({})", setup.name);
            compare(&name, &pages, *page_count, titles, pdf_titles, &mut wrong);
            let words = pdf_words(&converted);
            for problem in cut_groups(&words, groups) {
                wrong.push(format!("{name}: {problem}"));
            }
            if let Some(problem) = repeated_header_cut(&words, groups) {
                wrong.push(format!("{name}: {problem}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// What differs between LibreOffice's pages and the PDF's, added to `wrong`.
fn compare(
    name: &str,
    pages: &[String],
    page_count: usize,
    titles: &[String],
    pdf_titles: &[(String, Option<usize>)],
    wrong: &mut Vec<String>,
) {
    {
        if pages.len() != page_count {
            wrong.push(format!(
                "{name}: LibreOffice has {} pages, the PDF {page_count}",
                pages.len()
            ));
        }
        let office_titles = title_pages(pages, titles);
        for ((title, office), (_, pdf)) in office_titles.iter().zip(pdf_titles) {
            if office != pdf {
                wrong.push(format!(
                    "{name}: “{title}” on page {office:?} in LibreOffice, {pdf:?} in the PDF"
                ));
            }
        }
        for split in split_figures(pages) {
            wrong.push(format!("{name}: a figure split across lines: {split}"));
        }
        if let Some(problem) = grid_lines(pages) {
            wrong.push(format!("{name}: {problem}"));
        }
    }
}

/// Lines of text that end inside a figure continued on the next line (`11,436.` / `06万元`,
/// `增加5` / `7.43%`), which a reader takes for two figures. Table rows of figures alone are
/// not text and are left out.
fn split_figures(pages: &[String]) -> Vec<String> {
    let chinese = |line: &str| {
        line.chars()
            .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
            .count()
    };
    let mut found = Vec::new();
    for page in pages {
        let lines: Vec<String> = page
            .lines()
            .map(squeezed)
            .filter(|line| !line.is_empty())
            .collect();
        for pair in lines.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let ends_in_figure = a.ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',');
            // A numbered item (`1、一般公共预算`) starts a line of its own.
            let numbered = b
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .starts_with('、');
            let starts_with_figure =
                b.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '%') && !numbered;
            // Running text has its punctuation; a table row of codes, names and amounts not.
            let prose = |line: &str| line.contains(['，', '。', '；', '、', '：']);
            let text = prose(a) || prose(b);
            if ends_in_figure && starts_with_figure && text && chinese(a) >= 8 && chinese(b) >= 1 {
                let tail: String = a
                    .chars()
                    .rev()
                    .take(8)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let head: String = b.chars().take(8).collect();
                found.push(format!("{tail} / {head}"));
            }
        }
    }
    found
}

/// Whether body text is set 28 characters a line: among the lines of running Chinese text
/// alone (with its punctuation, no Latin letters or digits, at least 20 characters), none holds
/// more than 28 and most hold exactly 28 (the others end a paragraph). `None` when it is; else what was found.
fn grid_lines(pages: &[String]) -> Option<String> {
    let lines: Vec<String> = pages
        .iter()
        .flat_map(|page| page.lines())
        .map(squeezed)
        .filter(|line| line.chars().all(|c| !c.is_ascii()))
        // Running text, not a table row: it has its punctuation. Quotation marks are left
        // out: “ and ” are Latin characters, set at their own (narrower) width.
        .filter(|line| line.contains(['，', '、', '；']) && !line.contains(['“', '”']))
        // Longer lines are on the landscape table pages (notes under a table).
        .filter(|line| (20..=29).contains(&line.chars().count()))
        .collect();
    // A closing mark may hang past the line's end, as Word and LibreOffice let it.
    let hangs = |line: &String| line.ends_with(['。', '，', '、', '；', '：', '）']);
    let over = lines
        .iter()
        .filter(|line| line.chars().count() == 29 && !hangs(line))
        .count();
    // A paragraph's first line holds 26, after its two-character indent.
    let full = lines
        .iter()
        .filter(|line| matches!(line.chars().count(), 26 | 28 | 29))
        .count();
    // Every booklet has pages of running text: lines of 14 (a character per two grid cells)
    // leave none to count.
    (lines.len() < 10 || over > 0 || full * 2 < lines.len()).then(|| {
        format!(
            "body lines not 28 characters: of {} lines of Chinese text, {full} hold 28 (26 after an indent) and {over} more",
            lines.len()
        )
    })
}

/// A project of a table whose first cells span its rows (预算11表): the code in its merged
/// first cell, and the texts that open its first and last rows.
#[derive(Debug)]
struct Group {
    code: String,
    first: String,
    last: String,
    /// The characters of its table's header labels.
    header: String,
}

/// The projects of every table whose first column holds codes merged over three or more rows.
fn project_groups(prepared: &Prepared) -> Vec<Group> {
    let start = |row: &[yusuan::compose::document::Cell]| {
        row.iter()
            .filter(|cell| cell.rowspan == 1)
            .map(|cell| squeezed(&cell.text))
            .find(|text| !text.is_empty())
    };
    let mut groups = Vec::new();
    for block in &prepared.document.blocks {
        let Block::Table(table) = block else { continue };
        for (y, row) in table.body.iter().enumerate() {
            let Some(code) = row.first().filter(|cell| {
                cell.column == 0
                    && cell.rowspan >= 3
                    && !cell.text.is_empty()
                    && cell.text.chars().all(|c| c.is_ascii_digit())
            }) else {
                continue;
            };
            let last = y + usize::from(code.rowspan) - 1;
            if let (Some(first), Some(last)) =
                (start(row), table.body.get(last).and_then(|r| start(r)))
            {
                let header = table
                    .header
                    .iter()
                    .flatten()
                    .flat_map(|cell| squeezed(&cell.text).chars().collect::<Vec<_>>())
                    .collect();
                groups.push(Group {
                    code: code.text.clone(),
                    first,
                    last,
                    header,
                });
            }
        }
    }
    groups
}

/// A word of a PDF with its page (from 0) and the top of its box.
struct Word {
    page: usize,
    top: f64,
    text: String,
}

/// Every word of a PDF, from `pdftotext -bbox`.
fn pdf_words(pdf: &Path) -> Vec<Word> {
    let html = pdftotext(pdf, "-bbox");
    let mut words = Vec::new();
    for (page, body) in html.split("<page ").skip(1).enumerate() {
        for word in body.split("<word ").skip(1) {
            let Some((attributes, rest)) = word.split_once('>') else {
                continue;
            };
            let text = rest.split('<').next().unwrap_or_default().to_owned();
            let top = attributes
                .split("yMin=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or_default();
            words.push(Word { page, top, text });
        }
    }
    words
}

/// Projects whose merged first cells LibreOffice drew cut short or split over two pages: the
/// code, centred over the project's rows, must stand below its first row's words and above its
/// last row's, on one page. (LibreOffice draws a vertical merge in the last rows of a document
/// that ends with its table as one row high, and the rows after it without their first cells.)
fn cut_groups(words: &[Word], groups: &[Group]) -> Vec<String> {
    let mut found = Vec::new();
    for group in groups {
        let Some(code) = words.iter().find(|w| w.text == group.code) else {
            found.push(format!("project {} not found", group.code));
            continue;
        };
        // A cell's text is found by its first word: one that begins it, two characters or more
        // (or all of it; pdftotext ends a word where Chinese meets digits).
        let tops = |text: &str| -> Vec<f64> {
            words
                .iter()
                .filter(|w| {
                    w.page == code.page
                        && text.starts_with(w.text.as_str())
                        && w.text.chars().count() >= text.chars().count().min(2)
                })
                .map(|w| w.top)
                .collect()
        };
        // The nearest such words above and below the code: this project's rows.
        let first = tops(&group.first)
            .into_iter()
            .filter(|top| *top <= code.top + 1.0)
            .fold(f64::NEG_INFINITY, f64::max);
        let last = tops(&group.last)
            .into_iter()
            .filter(|top| *top >= code.top - 1.0)
            .fold(f64::INFINITY, f64::min);
        // Not found on the code's page (infinite) is cut too.
        if !(first.is_finite()
            && last.is_finite()
            && first < code.top - 4.0
            && code.top + 4.0 < last)
        {
            found.push(format!(
                "project {}: its merged cells do not span its rows on one page (first row {first:.0}, code {:.0}, last row {last:.0} on page {})",
                group.code,
                code.top,
                code.page + 1
            ));
        }
    }
    found
}

/// Whether the header of the projects' table is cut where it repeats: above the first project
/// of each page, every character of the header's labels must be there (LibreOffice repeated
/// the header rows at their own heights and cut “财政专户管理资金” after “财政专户”).
fn repeated_header_cut(words: &[Word], groups: &[Group]) -> Option<String> {
    let header = &groups.first()?.header;
    let mut tops: BTreeMap<usize, f64> = BTreeMap::new();
    for group in groups {
        for word in words.iter().filter(|w| w.text == group.code) {
            let top = tops.entry(word.page).or_insert(f64::INFINITY);
            *top = top.min(word.top);
        }
    }
    for (&page, &top) in &tops {
        let mut above: Vec<char> = words
            .iter()
            .filter(|w| w.page == page && w.top < top)
            .flat_map(|w| w.text.chars())
            .collect();
        let mut lacking = String::new();
        for c in header.chars() {
            match above.iter().position(|&a| a == c) {
                Some(at) => {
                    above.swap_remove(at);
                }
                None => lacking.push(c),
            }
        }
        if !lacking.is_empty() {
            return Some(format!(
                "the header of the projects' table on page {} lacks “{lacking}”",
                page + 1
            ));
        }
    }
    None
}

/// A font setup for LibreOffice: its name and its fontconfig file.
struct FontSetup {
    name: &'static str,
    config: PathBuf,
}

/// The three font setups, each a fontconfig file in `dir` that sees only its Chinese fonts
/// (and Latin ones for digits). Each must be installed: CI installs them
/// (`fonts-droid-fallback`, `fonts-noto-cjk`; Fandol is bundled); elsewhere a missing one is
/// skipped with a note unless `YUSUAN_REQUIRE_SOFFICE` is set.
fn font_setups(dir: &Path) -> Vec<FontSetup> {
    let latin = [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/truetype/liberation",
        "/usr/share/fonts/truetype/liberation2",
    ];
    let fandol = root().join("templates/fonts");
    let aliases: String = [
        ("仿宋_GB2312", "FandolFang"),
        ("仿宋", "FandolFang"),
        ("楷体_GB2312", "FandolKai"),
        ("楷体", "FandolKai"),
        ("黑体", "FandolHei"),
        ("宋体", "FandolSong"),
        ("方正小标宋简体", "FandolSong"),
    ]
    .iter()
    .map(|(office, fandol)| {
        format!("<alias binding=\"same\"><family>{office}</family><prefer><family>{fandol}</family></prefer></alias>")
    })
    .collect();
    let setups: [(&str, Vec<PathBuf>, String); 3] = [
        (
            "droid",
            vec![PathBuf::from("/usr/share/fonts/truetype/droid")],
            String::new(),
        ),
        (
            "noto",
            vec![PathBuf::from("/usr/share/fonts/opentype/noto")],
            String::new(),
        ),
        ("fandol", vec![fandol], aliases),
    ];
    let mut found = Vec::new();
    for (name, dirs, extra) in setups {
        if !dirs.iter().all(|d| d.is_dir()) {
            assert!(
                std::env::var_os("YUSUAN_REQUIRE_SOFFICE").is_none(),
                "the {name} fonts are required here: {dirs:?}"
            );
            eprintln!("{name} fonts not installed: pagination not checked with them");
            continue;
        }
        let cache = dir.join(format!("fontcache-{name}"));
        let dirs: String = dirs
            .iter()
            .map(|d| d.display().to_string())
            .chain(latin.iter().map(|d| d.to_string()))
            .map(|d| format!("<dir>{d}</dir>"))
            .collect();
        let config = dir.join(format!("fonts-{name}.conf"));
        std::fs::write(
            &config,
            format!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>{dirs}<cachedir>{}</cachedir>{extra}</fontconfig>\n",
                cache.display()
            ),
        )
        .unwrap();
        found.push(FontSetup { name, config });
    }
    found
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
