//! `ke-hoach-mtcl.docx`: the quality objectives as a document promulgated by a decision
//! (Phụ lục III, form 1.3), as seed 000 shows it — title block, the numbered objectives
//! (after the quality policy for a school-wide document), then the implementation plan as
//! a six-column table on landscape pages.

use docx_rs::{Docx, Paragraph, Section};

use super::blocks::{self, body, run, Cell, Line, Look};
use super::layout::{self, size};
use super::patch;
use crate::definitions::{Document, Scope};

/// The decision attachment of `doc`: objectives, then the implementation plan.
pub fn plan_docx(doc: &Document) -> Vec<u8> {
    let mut first = patch::number_pages_from_the_second(super::page(Section::new(), false))
        .add_table(blocks::header_block(doc, None, false));
    for p in title_block(doc, &super::what(doc).to_uppercase(), false) {
        first = first.add_paragraph(p);
    }
    for p in objectives(doc) {
        first = first.add_paragraph(p);
    }

    let mut docx = Docx::new().add_section(first);
    for p in title_block(doc, "KẾ HOẠCH THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG", true) {
        docx = docx.add_paragraph(p);
    }
    // Numbered on every page: it follows the first section.
    docx =
        super::last_page(docx.add_table(plan_table(doc)), true).header(patch::page_number_header());
    let title = format!(
        "{} năm học {}{}",
        super::what(doc),
        doc.school_year.trim(),
        super::of_unit(doc)
    );
    let props = patch::Properties {
        title: &title,
        subject: "Mục tiêu chất lượng và kế hoạch thực hiện",
        creator: doc.school.trim(),
    };
    patch::pack(super::defaults(docx), &props)
}

/// MỤC TIÊU CHẤT LƯỢNG / <UNIT>, "Năm học …", the "(Kèm theo …)" line and a short rule.
fn title_block(doc: &Document, heading: &str, landscape: bool) -> Vec<Paragraph> {
    let unit = doc.unit.trim().to_uppercase();
    let width = layout::text_width(landscape);
    let attached_look = Look::italic(size::TITLE);
    let attached = blocks::attached_lines(doc, attached_look, width);
    let mut title = vec![heading.to_string()];
    title.extend(blocks::wrap(&unit, Look::bold(size::TITLE), width));
    vec![
        blocks::title(&title),
        blocks::centred_lines(
            &[&format!("Năm học {}", doc.school_year.trim())],
            Look::bold(size::TITLE),
        ),
        blocks::spaced(blocks::centred_lines(&attached, attached_look), 60, 0, 240),
        blocks::rule(width / 6, width, layout::PARAGRAPH_AFTER * 2),
    ]
}

/// The numbered objectives, after the quality policy when there is one; the last ends
/// with "./." as the body of a document does.
fn objectives(doc: &Document) -> Vec<Paragraph> {
    let look = Look::plain(size::BODY);
    // A heading keeps with its first item.
    let heading = |t: &str| body(vec![run(t, Look::bold(size::BODY))]).keep_next(true);
    let mut out = Vec::new();
    let with_policy = doc.scope == Scope::School && !doc.policy.is_empty();
    if with_policy {
        out.push(heading("I. CHÍNH SÁCH CHẤT LƯỢNG"));
        for (i, p) in doc.policy.iter().enumerate() {
            out.push(body(vec![run(&format!("{}. {}", i + 1, p.trim()), look)]));
        }
        out.push(heading("II. MỤC TIÊU CHẤT LƯỢNG"));
    }
    let n = doc.objectives.len();
    for (i, o) in doc.objectives.iter().enumerate() {
        let mut text = format!("{}. {}", o.id, o.text.trim());
        if i + 1 == n {
            text = end_of_document(&text);
        }
        out.push(body(vec![run(&text, look)]));
    }
    out
}

/// "…." → "…./." — the mark that closes the content of a document.
fn end_of_document(text: &str) -> String {
    if text.ends_with("./.") {
        text.to_string()
    } else if text.ends_with('.') {
        format!("{text}/.")
    } else {
        format!("{text}./.")
    }
}

fn plan_table(doc: &Document) -> docx_rs::Table {
    let widths = layout::columns(layout::text_width(true), &layout::PLAN_COLUMNS);
    let header = [
        "Mục tiêu",
        "Nội dung Mục tiêu chất lượng",
        "Nhiệm vụ và biện pháp thực hiện",
        "Đơn vị chủ trì và phối hợp thực hiện",
        "Thời hạn thực hiện và hoàn tất",
        "Hồ sơ minh chứng",
    ];
    let rows = doc
        .objectives
        .iter()
        .map(|o| {
            let mut lead = Cell::new().labelled_items("Chủ trì:", &o.lead);
            if !o.partners.is_empty() {
                lead.lines
                    .extend(Cell::new().labelled_items("Phối hợp:", &o.partners).lines);
            }
            vec![
                Cell::text(&o.id).centred(),
                Cell::new().line(Line::Plain(o.text.trim().to_string())),
                Cell::new().items(&o.measures),
                lead,
                Cell::text(o.deadline.trim()),
                Cell::new().items(&o.evidence),
            ]
        })
        .collect();
    blocks::ruled_table(&widths, &header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_objective_closes_the_document() {
        assert_eq!(end_of_document("10. A."), "10. A./.");
        assert_eq!(end_of_document("10. A"), "10. A./.");
        assert_eq!(end_of_document("10. A./."), "10. A./.");
    }
}
