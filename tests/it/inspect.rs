//! Reading a Typst layout back, for the tests only: the text of each page, where each text run
//! and table rule landed, the page sizes.

use typst::layout::{FrameItem, Point, Transform};
use typst::visualize::Geometry;
use yusuan::render::typst::Layout;

/// What the tests read of a Typst layout: text, where it was placed, rules, page sizes.
pub trait Inspect {
    /// The text of each page, in reading order of the layout, text runs joined without spaces.
    fn page_texts(&self) -> Vec<String>;

    /// Every text run of every page where it was placed, in points from the page's top left.
    /// Tests read it to check that text stays inside its cell and its page.
    fn placed_texts(&self) -> Vec<PlacedText>;

    /// Every vertical line drawn (table rules), in points from the page's top left.
    fn vertical_rules(&self) -> Vec<VerticalRule>;

    /// Width and height of each page, in points.
    fn page_sizes(&self) -> Vec<(f64, f64)>;
}

impl Inspect for Layout {
    /// The text of each page, in reading order of the layout, text runs joined without spaces.
    fn page_texts(&self) -> Vec<String> {
        (0..self.page_count())
            .map(|index| self.page_text(index).unwrap_or_default())
            .collect()
    }

    /// Every text run of every page where it was placed, in points from the page's top left.
    /// Tests read it to check that text stays inside its cell and its page.
    fn placed_texts(&self) -> Vec<PlacedText> {
        let mut out = Vec::new();
        for (page, paged) in self.pages().pages().iter().enumerate() {
            walk(&paged.frame, Transform::identity(), &mut |item, at| {
                if let FrameItem::Text(run) = item {
                    let start = Point::zero().transform(at);
                    let end = Point::with_x(run.width()).transform(at);
                    out.push(PlacedText {
                        page,
                        x0: start.x.to_pt().min(end.x.to_pt()),
                        x1: start.x.to_pt().max(end.x.to_pt()),
                        baseline: start.y.to_pt(),
                        size: run.size.to_pt(),
                        text: run.text.to_string(),
                    });
                }
            });
        }
        out
    }

    /// Every vertical line drawn (table rules), in points from the page's top left.
    fn vertical_rules(&self) -> Vec<VerticalRule> {
        let mut out = Vec::new();
        for (page, paged) in self.pages().pages().iter().enumerate() {
            walk(&paged.frame, Transform::identity(), &mut |item, at| {
                if let FrameItem::Shape(shape, _) = item {
                    if let Geometry::Line(delta) = shape.geometry {
                        let start = Point::zero().transform(at);
                        let end = delta.transform(at);
                        if (start.x - end.x).to_pt().abs() < 0.01 && start.y != end.y {
                            out.push(VerticalRule {
                                page,
                                x: start.x.to_pt(),
                                top: start.y.to_pt().min(end.y.to_pt()),
                                bottom: start.y.to_pt().max(end.y.to_pt()),
                            });
                        }
                    }
                }
            });
        }
        out
    }

    /// Width and height of each page, in points.
    fn page_sizes(&self) -> Vec<(f64, f64)> {
        self.pages()
            .pages()
            .iter()
            .map(|page| (page.frame.width().to_pt(), page.frame.height().to_pt()))
            .collect()
    }
}

/// A text run as placed on its page.
#[derive(Debug, Clone)]
pub struct PlacedText {
    /// 0-based page index.
    pub page: usize,
    /// Left edge, points.
    pub x0: f64,
    /// Right edge, points.
    pub x1: f64,
    /// Baseline, points from the top.
    pub baseline: f64,
    /// Type size, points.
    pub size: f64,
    /// The text.
    pub text: String,
}

/// A vertical line as drawn on its page.
#[derive(Debug, Clone, Copy)]
pub struct VerticalRule {
    /// 0-based page index.
    pub page: usize,
    /// Horizontal position, points.
    pub x: f64,
    /// Upper end, points from the top.
    pub top: f64,
    /// Lower end, points from the top.
    pub bottom: f64,
}

/// Calls `visit` with every item of `frame` and its subframes and the transform that places it
/// on the page.
fn walk(frame: &typst::layout::Frame, at: Transform, visit: &mut dyn FnMut(&FrameItem, Transform)) {
    for (position, item) in frame.items() {
        let here = at.pre_concat(Transform::translate(position.x, position.y));
        match item {
            FrameItem::Group(group) => walk(&group.frame, here.pre_concat(group.transform), visit),
            other => visit(other, here),
        }
    }
}
