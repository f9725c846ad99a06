//! The official documents in DOCX, laid out by the state rules for administrative documents
//! (Nghị định 30/2020/NĐ-CP; see LAYOUT.md):
//!
//! - [`plan_docx`]: `ke-hoach-mtcl.docx`, the objectives and their implementation plan,
//!   the attachment of the decision;
//! - [`decision_docx`]: `quyet-dinh.docx`, the decision promulgating them (when a signer
//!   is given);
//! - [`results_docx`]: `ket-qua-mtcl.docx`, the report on the results.
//!
//! Each builds the whole file in memory; the same input gives the same bytes, whatever was
//! built before in the process. Constants live in [`layout`], primitives in `blocks`,
//! docx-rs workarounds in `patch`.
//!
//! Architecture invariant: nothing here reads the clock, the environment or a workbook.

pub(crate) mod assessment;
mod blocks;
mod canon;
mod decision;
pub mod layout;
pub(crate) mod patch;
mod plan;
mod results;

pub use decision::decision_docx;
pub use plan::plan_docx;
pub use results::{results_docx, results_docx_with};

use docx_rs::{Docx, PageMargin, PageOrientationType, PageSize, Section};

/// File names inside `<out>/<unit-slug>/`.
pub const PLAN_FILE: &str = "ke-hoach-mtcl.docx";
pub const DECISION_FILE: &str = "quyet-dinh.docx";
pub const RESULTS_FILE: &str = "ket-qua-mtcl.docx";

fn margins(landscape: bool) -> PageMargin {
    let m = if landscape {
        layout::LANDSCAPE
    } else {
        layout::PORTRAIT
    };
    PageMargin::new()
        .top(m.top)
        .bottom(m.bottom)
        .left(m.left)
        .right(m.right)
        .header(m.header)
        .footer(m.bottom / 2)
        .gutter(0)
}

fn page_size(landscape: bool) -> PageSize {
    if landscape {
        PageSize::new()
            .size(layout::A4_HEIGHT, layout::A4_WIDTH)
            .orient(PageOrientationType::Landscape)
    } else {
        PageSize::new().size(layout::A4_WIDTH, layout::A4_HEIGHT)
    }
}

/// A section (not the last of its document) on A4, portrait or landscape, with the
/// decree's margins.
fn page(section: Section, landscape: bool) -> Section {
    section
        .page_size(page_size(landscape))
        .page_margin(margins(landscape))
}

/// The last (or only) section of a document on A4, portrait or landscape, with the
/// decree's margins.
fn last_page(docx: Docx, landscape: bool) -> Docx {
    let (w, h) = if landscape {
        (layout::A4_HEIGHT, layout::A4_WIDTH)
    } else {
        (layout::A4_WIDTH, layout::A4_HEIGHT)
    };
    let docx = docx.page_size(w, h).page_margin(margins(landscape));
    if landscape {
        docx.page_orient(PageOrientationType::Landscape)
    } else {
        docx
    }
}

/// Document defaults: Times New Roman and the body size, for anything a run does not set.
fn defaults(docx: Docx) -> Docx {
    docx.default_fonts(blocks::fonts())
        .default_size(layout::size::BODY)
}

/// "…của Khoa Cơ khí" for a unit's document; nothing for the school's own.
fn of_unit(doc: &crate::definitions::Document) -> String {
    match doc.scope {
        crate::definitions::Scope::Unit => format!(" của {}", doc.unit.trim()),
        crate::definitions::Scope::School => String::new(),
    }
}

/// What the decision promulgates and the attachment is titled: the objectives, with the
/// quality policy for a school-wide document that has one.
fn what(doc: &crate::definitions::Document) -> &'static str {
    if doc.scope == crate::definitions::Scope::School && !doc.policy.is_empty() {
        "Chính sách chất lượng và Mục tiêu chất lượng"
    } else {
        "Mục tiêu chất lượng"
    }
}

/// "Về việc …" → "về việc …", for the subject inside a longer title.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
