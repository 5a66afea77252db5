//! Integration tests: the reference booklet laid out end to end, read back from Typst's frames,
//! and the real executable run on real and broken data. One binary, so typst links once.

mod accounts;
mod batch;
mod booklet;
mod command;
mod cycle;
mod cycle_browser;
mod departments;
mod docx;
mod faults;
mod hostile;
mod inspect;
mod layers;
mod pages;
mod pagination;
mod profiles;
mod serve;
mod serve_browser;
mod validate;
mod workbook;
mod workbook_broken;

pub use inspect::{Inspect, PlacedText, VerticalRule};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use yusuan::input::load::SourceFile;
use yusuan::{Prepared, Toolkit};

/// The reference unit's data file.
pub const REFERENCE: &str = "data/xinxiang-shebao-2023.yaml";

/// The crate root, where `data/` and `templates/` live.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One toolkit for all tests, as one run of the program would share it.
pub fn toolkit() -> &'static Toolkit {
    static TOOLKIT: OnceLock<Toolkit> = OnceLock::new();
    TOOLKIT.get_or_init(|| Toolkit::builtin().expect("the built-in templates load"))
}

/// One Typst engine for all tests, as one run of the program makes one.
pub fn engine() -> &'static yusuan::render::typst::Engine {
    static ENGINE: OnceLock<yusuan::render::typst::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| toolkit().engine().expect("the engine loads"))
}

/// Prepares a data file given as text, written to a scratch file first.
pub fn prepare_text(name: &str, text: &str) -> Result<Prepared, yusuan::app::pipeline::Failure> {
    let path = scratch_dir(name).join("data.yaml");
    std::fs::write(&path, text).unwrap();
    let source = SourceFile::read(&path).unwrap();
    toolkit().prepare(&source)
}

/// A data text that must prepare cleanly, and its layout.
pub fn laid_out(name: &str, text: &str) -> (Prepared, yusuan::render::typst::Layout) {
    let Ok(prepared) = prepare_text(name, text) else {
        panic!("{name}: the data prepares without errors");
    };
    let layout = engine().layout(&prepared.document).expect("layout");
    (prepared, layout)
}

/// The reference data with `from` replaced by `to` (once), and the data errors that gives.
pub fn broken(name: &str, from: &str, to: &str) -> (String, Vec<yusuan::input::diag::Diagnostic>) {
    let text = reference_text();
    assert!(text.contains(from), "the reference data contains `{from}`");
    let text = text.replacen(from, to, 1);
    match prepare_text(name, &text) {
        Err(yusuan::app::pipeline::Failure::Data(diagnostics)) => (text, diagnostics),
        _ => panic!("{name}: `{from}` → `{to}` must be a data error"),
    }
}

/// The 1-based number of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("line present")
        + 1
}

/// The annex tables of a document, in order.
pub fn tables_of(
    document: &yusuan::compose::document::Document,
) -> Vec<&yusuan::compose::document::Table> {
    document
        .blocks
        .iter()
        .filter_map(|block| match block {
            yusuan::compose::document::Block::Table(table) => Some(table),
            _ => None,
        })
        .collect()
}

/// The reference data as text.
pub fn reference_text() -> String {
    std::fs::read_to_string(root().join(REFERENCE)).unwrap()
}

/// A fresh, empty scratch folder for one test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("yusuan-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every bundled unit's data text.
pub fn bundled_units() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("data"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

/// The path of `program` on `PATH`.
/// Runs the real executable from the crate root.
pub fn yusuan(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("yusuan runs")
}

/// Runs the real executable and insists that it succeeds.
pub fn yusuan_ok(args: &[&str]) -> std::process::Output {
    let run = yusuan(args);
    assert!(
        run.status.success(),
        "yusuan {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

/// LibreOffice's `soffice`, when it and `pdftotext` are installed. Without them a test that needs
/// them is skipped (saying so) — except where `YUSUAN_REQUIRE_SOFFICE` is set (CI installs them),
/// so there it cannot pass without running them.
pub fn office(checked: &str) -> Option<PathBuf> {
    match (which("soffice"), which("pdftotext")) {
        (Some(soffice), Some(_)) => Some(soffice),
        _ => {
            assert!(
                std::env::var_os("YUSUAN_REQUIRE_SOFFICE").is_none(),
                "soffice and pdftotext are required here"
            );
            eprintln!("soffice or pdftotext not installed: {checked} not checked");
            None
        }
    }
}

/// Has LibreOffice convert `inputs` to PDF into `out` in one run (starting it takes longer than
/// converting), with its profile in `home`; insists that it succeeds.
pub fn office_to_pdf(soffice: &Path, inputs: &[PathBuf], out: &Path, home: &Path) {
    office_run(soffice, inputs, out, home, None);
}

/// [`office_to_pdf`] with the fonts the fontconfig file `fonts` selects (its own profile, so a
/// LibreOffice started with other fonts is not reused).
pub fn office_to_pdf_with_fonts(
    soffice: &Path,
    inputs: &[PathBuf],
    out: &Path,
    home: &Path,
    fonts: &Path,
) {
    office_run(soffice, inputs, out, home, Some(fonts));
}

fn office_run(soffice: &Path, inputs: &[PathBuf], out: &Path, home: &Path, fonts: Option<&Path>) {
    let mut command = std::process::Command::new(soffice);
    command
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .args(inputs)
        .env("HOME", home);
    if let Some(fonts) = fonts {
        let profile = home.join(format!(
            "lo-{}",
            fonts.file_stem().unwrap_or_default().to_string_lossy()
        ));
        command
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .env("FONTCONFIG_FILE", fonts);
    }
    let run = command.output().expect("soffice runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

pub fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    })
}
