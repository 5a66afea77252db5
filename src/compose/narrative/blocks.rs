//! Where a rendered narrative goes: the template's text streams into a [`Sink`], and the
//! heading functions append their headings to the same sink as blocks, so a heading is a value
//! handed over by a function call, never a mark in the text that would have to be found again.

use super::Block;
use std::cell::RefCell;
use std::io;

thread_local! {
    /// The sink of the render running on this thread (renders are synchronous and do not nest).
    static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
}

/// The blocks collected so far and the text written since the last heading.
#[derive(Default)]
struct Sink {
    blocks: Vec<Block>,
    pending: Vec<u8>,
}

impl Sink {
    /// Turns the text written since the last block into paragraphs.
    fn flush(&mut self) {
        let bytes = std::mem::take(&mut self.pending);
        // The text is the template's output, written by minijinja in whole `str` pieces.
        let text = String::from_utf8_lossy(&bytes);
        self.blocks.extend(paragraphs(&text));
    }
}

/// Runs `render` with a fresh sink on this thread, giving it the writer to render into; returns
/// what `render` returned and the blocks collected. The sink is removed again even on error.
pub fn collect<T>(render: impl FnOnce(SinkWriter) -> T) -> (T, Vec<Block>) {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            SINK.with(|sink| sink.borrow_mut().take());
        }
    }
    SINK.with(|sink| *sink.borrow_mut() = Some(Sink::default()));
    let reset = Reset;
    let result = render(SinkWriter);
    let blocks = SINK.with(|sink| {
        let mut sink = sink.borrow_mut();
        let sink = sink.as_mut().map(|sink| {
            sink.flush();
            std::mem::take(&mut sink.blocks)
        });
        sink.unwrap_or_default()
    });
    drop(reset);
    (result, blocks)
}

/// Appends a heading after the text written so far. Fails outside [`collect`] (a heading
/// function called where no narrative is being rendered).
pub fn push_heading(heading: Block) -> Result<(), &'static str> {
    SINK.with(|sink| match sink.borrow_mut().as_mut() {
        Some(sink) => {
            sink.flush();
            sink.blocks.push(heading);
            Ok(())
        }
        None => Err("标题函数只能在正文模板中使用"),
    })
}

/// The writer a template renders into: it appends to this thread's sink.
pub struct SinkWriter;

impl io::Write for SinkWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        SINK.with(|sink| match sink.borrow_mut().as_mut() {
            Some(sink) => {
                sink.pending.extend_from_slice(buf);
                Ok(buf.len())
            }
            None => Err(io::Error::other("no narrative is being rendered")),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Splits text into paragraphs at blank lines, each paragraph's lines joined.
fn paragraphs(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut end_paragraph = |current: &mut String| {
        let text = join_lines(current);
        current.clear();
        if !text.is_empty() {
            blocks.push(Block::Paragraph { text });
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            end_paragraph(&mut current);
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    end_paragraph(&mut current);
    blocks
}

/// A value from the data as it may appear in running text: control characters removed, and
/// line breaks joined the way [`join_lines`] joins them, so a value can never end a paragraph.
pub fn sanitize(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    join_lines(&cleaned)
}

/// Joins wrapped lines into one: no space between Chinese characters (a space there would
/// print), one space between two Latin words.
pub fn join_lines(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        let needs_space = matches!(
            (out.chars().last(), line.chars().next()),
            (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
        );
        if needs_space {
            out.push(' ');
        }
        out.push_str(line);
    }
    crate::base::numerals::without_folding_spaces(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn chinese_lines_join_without_spaces_latin_words_with_one() {
        assert_eq!(
            join_lines("收入总计\n  11,436.06万元"),
            "收入总计11,436.06万元"
        );
        assert_eq!(join_lines("PDF\nfiles"), "PDF files");
        // A YAML line folded inside Chinese text: the space it leaves is not Chinese.
        assert_eq!(join_lines("经办服务， 按时发放"), "经办服务，按时发放");
        assert_eq!(join_lines("社会 保险"), "社会保险");
        assert_eq!(join_lines("2023 年 PDF 文件"), "2023 年 PDF 文件");
    }

    #[test]
    fn text_splits_at_blank_lines_and_headings_come_where_they_were_called() {
        let ((), blocks) = collect(|mut out| {
            out.write_all("前言\n".as_bytes()).unwrap();
            push_heading(Block::Heading {
                level: 1,
                text: "一、职责".into(),
                toc: Some("一、主要".into()),
            })
            .unwrap();
            out.write_all("\n第一行\n第二行\n\n\n第二段\n".as_bytes())
                .unwrap();
        });
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    text: "前言".into()
                },
                Block::Heading {
                    level: 1,
                    text: "一、职责".into(),
                    toc: Some("一、主要".into())
                },
                Block::Paragraph {
                    text: "第一行第二行".into()
                },
                Block::Paragraph {
                    text: "第二段".into()
                },
            ]
        );
    }

    #[test]
    fn headings_need_a_render_and_the_sink_goes_with_it() {
        let heading = || Block::Heading {
            level: 2,
            text: "甲".into(),
            toc: None,
        };
        assert!(push_heading(heading()).is_err());
        let (pushed, _) = collect(|_| push_heading(heading()));
        assert!(pushed.is_ok());
        assert!(push_heading(heading()).is_err());
        assert!(SinkWriter.write(b"x").is_err());
    }

    #[test]
    fn values_cannot_split_paragraphs() {
        assert_eq!(sanitize("甲\n\n\u{1}乙\u{7}"), "甲乙");
    }
}
