//! The workspace's pages: minijinja templates built into the binary (`templates/serve/`), with
//! HTML escaping on for every value, so a unit or project named `<script>` shows as text. The
//! views here are what the templates read; they hold text, never markup.

use super::sheet::SheetView;
use super::units::{Checked, Output};
use crate::input::diag::Severity;
use crate::render::typst::OutlineEntry;
use anyhow::Result;
use minijinja::Environment;
use serde::Serialize;

/// The templates and the files the pages load, built in.
pub const STYLE: &str = include_str!("../../../templates/serve/app.css");
/// The pages' script.
pub const SCRIPT: &str = include_str!("../../../templates/serve/app.js");

/// The page templates, parsed once.
pub struct Pages {
    env: Environment<'static>,
}

impl Pages {
    /// Parses the built-in templates.
    pub fn new() -> Result<Pages> {
        let mut env = Environment::new();
        // `.html` names turn HTML escaping on for every `{{ }}`.
        for (name, text) in [
            (
                "base.html",
                include_str!("../../../templates/serve/base.html"),
            ),
            (
                "board.html",
                include_str!("../../../templates/serve/board.html"),
            ),
            (
                "unit.html",
                include_str!("../../../templates/serve/unit.html"),
            ),
            (
                "login.html",
                include_str!("../../../templates/serve/login.html"),
            ),
            (
                "account.html",
                include_str!("../../../templates/serve/account.html"),
            ),
            (
                "message.html",
                include_str!("../../../templates/serve/message.html"),
            ),
        ] {
            env.add_template(name, text)?;
        }
        Ok(Pages { env })
    }

    /// Renders the page `name` with `context`.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String> {
        Ok(self.env.get_template(name)?.render(context)?)
    }
}

/// What every page carries.
#[derive(Serialize)]
pub struct Frame<'a> {
    /// The token its forms and scripts send back.
    pub csrf: &'a str,
    /// The workspace folder, shown in the header.
    pub workspace: String,
    /// The account logged in, if any.
    pub account: Option<&'a str>,
    /// Its role.
    pub role: Option<&'static str>,
    /// Whether the viewer is the city office (accounts, new units, building, publishing).
    pub admin: bool,
}

/// A row of the board.
#[derive(Serialize)]
pub struct BoardRow {
    /// Its address.
    pub href: String,
    /// The data file's name.
    pub file: String,
    /// YAML or 工作簿.
    pub kind: &'static str,
    /// 单位名称, or the file name when the data cannot be read that far.
    pub name: String,
    /// 预算年度.
    pub year: Option<u16>,
    /// The booklet's format.
    pub profile: String,
    /// 示例数据.
    pub sample: bool,
    /// Errors (and anything else that stops the booklet).
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Whether a draft with errors waits beside the data.
    pub draft: bool,
    /// The built outputs.
    pub outputs: Vec<Output>,
    /// When the data last changed, local to the server.
    pub changed: String,
    /// Where it is in the review cycle (填报中 …).
    pub state: &'static str,
    /// The state's key, for its colour.
    pub state_key: &'static str,
}

impl BoardRow {
    /// The row of `checked`.
    pub fn of(checked: &Checked, outputs: Vec<Output>, draft: bool) -> BoardRow {
        BoardRow {
            href: unit_href(&checked.id),
            file: checked.id.clone(),
            kind: checked.kind.label(),
            name: (checked.unit.as_ref()).map_or_else(|| checked.id.clone(), |u| u.name.clone()),
            year: checked.unit.as_ref().map(|u| u.year),
            profile: checked
                .unit
                .as_ref()
                .map_or_else(String::new, |u| u.profile.clone()),
            sample: checked.unit.as_ref().is_some_and(|u| u.sample),
            errors: checked.errors(),
            warnings: checked.warnings(),
            draft,
            outputs,
            changed: checked.modified.map(when).unwrap_or_default(),
            state: "",
            state_key: "",
        }
    }
}

/// The address of a unit's page.
pub fn unit_href(id: &str) -> String {
    format!("/unit/{}", percent_encode(id))
}

/// `text` with everything but unreserved ASCII percent-encoded, for a path segment.
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A time as the pages carry it: `2026-12-02T03:18:33Z` (the pages' script shows it in the
/// reader's own time zone).
pub fn when(time: std::time::SystemTime) -> String {
    let stamp = super::workspace::timestamp(time);
    format!(
        "{}-{}-{}T{}:{}:{}Z",
        &stamp[0..4],
        &stamp[4..6],
        &stamp[6..8],
        &stamp[9..11],
        &stamp[11..13],
        &stamp[13..15]
    )
}

/// One diagnostic on a unit's page.
#[derive(Serialize)]
pub struct DiagnosticView {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// `C03`.
    pub rule: String,
    /// The message.
    pub message: String,
    /// Where it is, as the user finds it: `控制数!B4`, or `第 12 行` of a YAML file.
    pub place: String,
    /// The anchor of that place on the page, when it is shown there.
    pub anchor: Option<String>,
    /// The diagnostic exactly as the CLI prints it.
    pub report: String,
}

/// The diagnostics of `checked`, for its page, linked to its sheets' cells (whose anchors start
/// with `prefix`: a draft's sheets are on the same page as the unit's).
pub fn diagnostics(checked: &Checked, prefix: &str) -> Vec<DiagnosticView> {
    let mut views: Vec<DiagnosticView> = (checked.diagnostics.iter())
        .zip(&checked.reports)
        .map(|(diagnostic, report)| {
            let (place, anchor) = match (&diagnostic.cell, diagnostic.position) {
                (Some(cell), _) => (cell.clone(), Some(format!("{prefix}{}", cell_anchor(cell)))),
                (None, Some(position)) => (format!("第 {} 行", position.line), None),
                (None, None) => (diagnostic.path.clone(), None),
            };
            DiagnosticView {
                severity: match diagnostic.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                rule: diagnostic.rule.to_string(),
                message: diagnostic.message.clone(),
                place,
                anchor,
                report: report.clone(),
            }
        })
        .collect();
    if let Some(failure) = &checked.failure {
        views.insert(
            0,
            DiagnosticView {
                severity: "error",
                rule: String::new(),
                message: failure.clone(),
                place: String::new(),
                anchor: None,
                report: failure.clone(),
            },
        );
    }
    views
}

/// The anchor of a cell in the sheet view: `cell-控制数-B4`.
pub fn cell_anchor(cell: &str) -> String {
    format!("cell-{}", cell.replace('!', "-"))
}

/// A unit's page.
#[derive(Serialize)]
pub struct UnitPage<'a> {
    /// What every page carries.
    #[serde(flatten)]
    pub frame: Frame<'a>,
    /// The unit's row (name, year, format, counts).
    pub unit: BoardRow,
    /// Its diagnostics.
    pub diagnostics: Vec<DiagnosticView>,
    /// The workbook sheets they point into.
    pub sheets: Vec<SheetView>,
    /// A draft with errors, when one waits: its own diagnostics and sheets.
    pub draft: Option<DraftView>,
    /// The booklet's pages, when it can be laid out.
    pub preview: Option<PreviewView>,
    /// Why it cannot, when it cannot.
    pub no_preview: Option<String>,
    /// Where the unit's downloads are.
    pub downloads: Vec<(String, String)>,
    /// Whether the viewer may upload to it.
    pub editable: bool,
    /// Its review cycle: state, versions, comments, what a reviewer may do.
    pub cycle: Option<super::review::CycleView>,
    /// What changed in the booklet since the previous version.
    pub changes: Option<super::changes::ChangesView>,
    /// Whether this page is of a new unit's draft only.
    pub draft_only: bool,
    /// What an upload just did, when one did.
    pub saved: Option<&'a str>,
}

/// A draft on its unit's page.
#[derive(Serialize)]
pub struct DraftView {
    /// The file it was kept as.
    pub file: String,
    /// When it was uploaded.
    pub changed: String,
    /// Its diagnostics.
    pub diagnostics: Vec<DiagnosticView>,
    /// Its sheets, when it is a workbook.
    pub sheets: Vec<SheetView>,
}

/// The preview of a booklet.
#[derive(Serialize)]
pub struct PreviewView {
    /// Each page: its picture's address and its text.
    pub pages: Vec<PageView>,
    /// The 目录: each heading and the page it is on.
    pub outline: Vec<OutlineEntry>,
}

/// One page of a preview.
#[derive(Serialize)]
pub struct PageView {
    /// Its number, from 1.
    pub number: usize,
    /// Its picture.
    pub src: String,
    /// Its text, for finding and reading.
    pub text: String,
}
