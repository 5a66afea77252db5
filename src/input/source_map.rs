//! Where each value of a YAML file sits: a map from field path (`functions[3].wages`) to line and column.
//!
//! serde_yaml only locates parse and type errors. Rules that check values which parsed fine still
//! need to point at the line, so the text is walked once more with an event parser that reports marks.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A position in a source file, 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

/// How much text a data file may expand to, aliases (`*name`) counted each time they are used:
/// 2 MiB, about eighty times the reference unit's data. An alias repeats its anchor's text
/// wherever it stands, so a small file could otherwise ask for gigabytes.
pub const MAX_EXPANDED_BYTES: usize = 2 * 1024 * 1024;

/// Field paths of one YAML document mapped to the position of their values.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    positions: HashMap<String, Position>,
    /// Where the text, with aliases expanded, first grows past [`MAX_EXPANDED_BYTES`].
    oversized_at: Option<Position>,
}

impl SourceMap {
    /// Walks `text` and records the position of every value. Text that does not parse gives an
    /// empty map: serde_yaml reports the syntax error itself, with its own location.
    pub fn parse(text: &str) -> Self {
        let mut walker = Walker::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut walker, false).is_err() {
            return SourceMap::default();
        }
        SourceMap {
            positions: walker.positions,
            oversized_at: walker.oversized_at,
        }
    }

    /// Where the data, aliases expanded, grows past [`MAX_EXPANDED_BYTES`], if it does.
    pub fn oversized_at(&self) -> Option<Position> {
        self.oversized_at
    }

    /// The position of the value at `path`, or of its nearest recorded ancestor.
    pub fn locate(&self, path: &str) -> Option<Position> {
        self.locate_depth(path).map(|(_, position)| position)
    }

    /// [`SourceMap::locate`], with the length of the part of `path` found: all of it when the
    /// text holds that very value.
    pub fn locate_depth(&self, path: &str) -> Option<(usize, Position)> {
        let mut candidate = path;
        loop {
            if let Some(position) = self.positions.get(candidate) {
                return Some((candidate.len(), *position));
            }
            let cut = candidate.rfind(['.', '['])?;
            candidate = &candidate[..cut];
        }
    }
}

/// One open collection while walking: a mapping waiting for a key or a value, or a sequence.
enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, index: usize },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    positions: HashMap<String, Position>,
    /// Bytes of scalar text so far with every alias expanded (each node counts one more).
    expanded: usize,
    /// The expanded size of each anchored node, by anchor id.
    anchored: HashMap<usize, usize>,
    /// For each open collection, its anchor id (0: none) and `expanded` when it started.
    open: Vec<(usize, usize)>,
    /// For each anchored collection, the positions of what is inside it, by path below it.
    inside_anchor: HashMap<usize, Vec<(String, Position)>>,
    oversized_at: Option<Position>,
}

impl Walker {
    /// The path of the value that the next event starts, or `None` when it is a mapping key.
    fn next_value_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Mapping { key: None, .. }) => None,
            Some(Frame::Mapping { path, key }) => {
                let key = key.take().unwrap_or_default();
                Some(join(path, &key))
            }
            Some(Frame::Sequence { path, index }) => {
                let here = format!("{path}[{index}]");
                *index += 1;
                Some(here)
            }
        }
    }

    fn record(&mut self, path: &str, mark: Marker) {
        if !path.is_empty() {
            self.positions.insert(
                path.to_string(),
                Position {
                    line: mark.line(),
                    column: mark.col() + 1,
                },
            );
        }
    }
}

impl Walker {
    /// Counts `bytes` more of expanded text and notes where the limit is first passed.
    fn grow(&mut self, bytes: usize, mark: Marker) {
        self.expanded = self.expanded.saturating_add(bytes);
        if self.expanded > MAX_EXPANDED_BYTES && self.oversized_at.is_none() {
            self.oversized_at = Some(Position {
                line: mark.line(),
                column: mark.col() + 1,
            });
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        // The anchor of a collection this event closes (0: none).
        let mut closed_anchor = 0;
        match &event {
            Event::Scalar(value, _, anchor, _) => {
                self.grow(value.len() + 1, mark);
                if *anchor != 0 {
                    self.anchored.insert(*anchor, value.len() + 1);
                }
            }
            Event::Alias(anchor) => {
                let size = self.anchored.get(anchor).copied().unwrap_or(1);
                self.grow(size, mark);
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                self.grow(1, mark);
                self.open.push((*anchor, self.expanded));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, start)) = self.open.pop() {
                    if anchor != 0 {
                        self.anchored.insert(anchor, self.expanded - start + 1);
                        closed_anchor = anchor;
                    }
                }
            }
            _ => {}
        }
        match event {
            Event::Scalar(value, ..) => match self.next_value_path() {
                Some(path) => self.record(&path, mark),
                None => {
                    if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                        *key = Some(value);
                    }
                }
            },
            Event::Alias(anchor) => {
                if let Some(path) = self.next_value_path() {
                    self.record(&path, mark);
                    // What lies inside the aliased value is where its anchor wrote it: a
                    // mistake reached through `*name` is at the line that holds the text.
                    // Past the size limit nothing more is copied: nested aliases (a “billion
                    // laughs”) would otherwise fill memory here before the limit is reported.
                    let inside = match self.oversized_at {
                        None => self.inside_anchor.get(&anchor),
                        Some(_) => None,
                    };
                    if let Some(inside) = inside {
                        for (suffix, position) in inside {
                            self.positions
                                .entry(format!("{path}{suffix}"))
                                .or_insert(*position);
                        }
                    }
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A collection used as a mapping key has no useful path; give it a placeholder.
                let path = self.next_value_path().unwrap_or_else(|| "?".to_string());
                self.record(&path, mark);
                self.stack.push(match event {
                    Event::MappingStart(..) => Frame::Mapping { path, key: None },
                    _ => Frame::Sequence { path, index: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Mapping { path, .. } | Frame::Sequence { path, .. }) =
                    self.stack.pop()
                {
                    if closed_anchor != 0 && self.oversized_at.is_none() {
                        let inside: Vec<(String, Position)> = self
                            .positions
                            .iter()
                            .filter_map(|(key, position)| {
                                let suffix = key.strip_prefix(path.as_str())?;
                                suffix
                                    .starts_with(['.', '['])
                                    .then(|| (suffix.to_string(), *position))
                            })
                            .collect();
                        self.inside_anchor.insert(closed_anchor, inside);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nine levels of aliases of nine (a “billion laughs”, 387 million values expanded) are
    /// reported as oversized at once, without holding their paths in memory.
    #[test]
    fn a_billion_laughs_is_reported_without_being_expanded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        let mut previous = 'a';
        for name in 'b'..='i' {
            let items = vec![format!("*{previous}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{items}]\n"));
            previous = name;
        }
        let map = SourceMap::parse(&text);
        assert!(map.oversized_at().is_some());
        assert!(
            map.positions.len() < MAX_EXPANDED_BYTES,
            "{}",
            map.positions.len()
        );
    }

    #[test]
    fn a_value_reached_through_an_alias_is_where_its_anchor_wrote_it() {
        let text = "tables:\n  - columns: &cols\n      - show: a\n      - show: b\n  - title: x\n  - columns: *cols\n";
        let map = SourceMap::parse(text);
        // The second column of the third table is written on line 4, in the anchor.
        assert_eq!(map.locate("tables[2].columns[1].show").unwrap().line, 4);
        assert_eq!(map.locate("tables[0].columns[1].show").unwrap().line, 4);
        // The alias itself is where it is used.
        assert_eq!(map.locate("tables[2].columns").unwrap().line, 6);
    }

    #[test]
    fn locates_nested_values_and_list_items() {
        let text = "unit:\n  name: 甲单位\nfunctions:\n  - code: \"201\"\n    wages: 1.00\n  - { code: \"202\", wages: 2.00 }\n";
        let map = SourceMap::parse(text);
        assert_eq!(
            map.locate("unit.name"),
            Some(Position { line: 2, column: 9 })
        );
        assert_eq!(map.locate("functions[0].wages").unwrap().line, 5);
        assert_eq!(map.locate("functions[1].wages").unwrap().line, 6);
        // A missing field falls back to its parent.
        assert_eq!(map.locate("functions[1].missing").unwrap().line, 6);
        assert_eq!(map.oversized_at(), None);
    }

    #[test]
    fn aliases_count_each_time_they_are_used() {
        // 1,000 aliases of a 4 KB string: 4 MB once expanded, from a file of 12 KB.
        let mut text = format!("a: &big \"{}\"\nlist:\n", "x".repeat(4096));
        for _ in 0..1000 {
            text.push_str("  - *big\n");
        }
        assert!(text.len() < 20_000);
        let at = SourceMap::parse(&text)
            .oversized_at()
            .expect("over the limit");
        assert!(
            at.line > 500,
            "the alias that passes the limit: line {}",
            at.line
        );
        // Nested: an anchored list of aliases, itself aliased, multiplies.
        let mut nested = format!("a: &s \"{}\"\nb: &l [", "y".repeat(1024));
        nested.push_str(&vec!["*s"; 64].join(", "));
        nested.push_str("]\nc: [");
        nested.push_str(&vec!["*l"; 64].join(", "));
        nested.push_str("]\n");
        assert!(SourceMap::parse(&nested).oversized_at().is_some());
        // The same text without aliases, small, is fine.
        assert_eq!(SourceMap::parse("a: &s x\nb: *s\n").oversized_at(), None);
    }
}
