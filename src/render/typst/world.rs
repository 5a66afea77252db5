//! The Typst `World` of one booklet: the layout template as its only source, the document
//! model as `/data.json`, shared fonts and library, and a fixed date.

use super::Engine;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

/// The path of the data file inside the virtual project.
pub const DATA_PATH: &str = "/data.json";
/// The path of the template inside the virtual project.
pub const MAIN_PATH: &str = "/main.typ";

/// A virtual file id in the project root.
pub fn file_id(path: &str) -> FileId {
    let path = VirtualPath::new(path).expect("a valid virtual path");
    RootedPath::new(VirtualRoot::Project, path).intern()
}

/// One compilation: the shared engine plus this booklet's data.
pub struct BookletWorld<'a> {
    engine: &'a Engine,
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Option<Datetime>,
}

impl<'a> BookletWorld<'a> {
    /// A world that serves `data` as `/data.json` and reports `date` as today.
    pub fn new(engine: &'a Engine, data: Vec<u8>, date: (u16, u8, u8)) -> Self {
        BookletWorld {
            engine,
            main: Source::new(file_id(MAIN_PATH), engine.template.clone()),
            data_id: file_id(DATA_PATH),
            data: Bytes::new(data),
            today: Datetime::from_ymd(i32::from(date.0), date.1, date.2),
        }
    }
}

impl World for BookletWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    /// The publication date, so that `datetime.today()` never depends on the clock.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
