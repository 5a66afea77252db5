//! Page previews: the booklet laid out by the same Typst engine as the PDF (kept warm for the
//! whole run, so Typst's memoization makes a second layout of nearly the same data quick), each
//! page drawn to PNG by typst-render. Layouts and pictures are kept for the few latest versions
//! only, and one layout of a version is shared by every request that needs it, so twenty
//! requests at once lay out each unit once and memory stays bounded.

use crate::app::pipeline::Prepared;
use crate::render::typst::{Engine, Layout};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, OnceLock};

/// How many laid-out versions are kept.
const LAYOUTS_KEPT: usize = 6;
/// How many page pictures are kept.
const PICTURES_KEPT: usize = 96;
/// Pixels per point of a preview page: an A4 page is 893 pixels wide, sharp on a laptop
/// screen at the page's width in the workspace.
pub const PIXELS_PER_POINT: f32 = 1.5;

type Laid = Arc<OnceLock<Result<Arc<Layout>, String>>>;
/// A page picture, by the version it is of and its page.
type Picture = ((String, usize), Arc<Vec<u8>>);

/// The layouts and pictures of the latest versions.
pub struct Previews {
    engine: Arc<Engine>,
    layouts: Mutex<VecDeque<(String, Laid)>>,
    pictures: Mutex<VecDeque<Picture>>,
}

impl Previews {
    /// Previews drawn with `engine`.
    pub fn new(engine: Arc<Engine>) -> Previews {
        Previews {
            engine,
            layouts: Mutex::new(VecDeque::new()),
            pictures: Mutex::new(VecDeque::new()),
        }
    }

    /// The layout of the version `sha256` of a unit, laid out from `prepared` the first time.
    /// Blocks while it is laid out (call it off the async threads).
    pub fn layout(&self, sha256: &str, prepared: &Prepared) -> Result<Arc<Layout>, String> {
        let laid = {
            let mut layouts = lock(&self.layouts);
            match layouts.iter().find(|(key, _)| key == sha256) {
                Some((_, laid)) => laid.clone(),
                None => {
                    let laid: Laid = Arc::new(OnceLock::new());
                    layouts.push_back((sha256.to_string(), laid.clone()));
                    if layouts.len() > LAYOUTS_KEPT {
                        layouts.pop_front();
                    }
                    laid
                }
            }
        };
        laid.get_or_init(|| {
            let layout = self.engine.layout(&prepared.document);
            // Typst's caches are global: entries unused for a while go, so memory stays
            // bounded however many versions are previewed, and the latest stay warm.
            comemo::evict(4);
            layout.map(Arc::new).map_err(|error| format!("{error:#}"))
        })
        .clone()
    }

    /// Page `index` of the version `sha256` as PNG, or `None` past the last page.
    pub fn picture(
        &self,
        sha256: &str,
        prepared: &Prepared,
        index: usize,
    ) -> Result<Option<Arc<Vec<u8>>>, String> {
        let key = (sha256.to_string(), index);
        if let Some((_, png)) = lock(&self.pictures).iter().find(|(k, _)| *k == key) {
            return Ok(Some(png.clone()));
        }
        let layout = self.layout(sha256, prepared)?;
        let Some(png) = layout.page_png(index, PIXELS_PER_POINT) else {
            return Ok(None);
        };
        let png = Arc::new(png);
        let mut pictures = lock(&self.pictures);
        pictures.push_back((key, png.clone()));
        if pictures.len() > PICTURES_KEPT {
            pictures.pop_front();
        }
        Ok(Some(png))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
