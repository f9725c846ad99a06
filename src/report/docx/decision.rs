//! `quyet-dinh.docx`: the decision promulgating the objectives (Phụ lục III, forms 1.2/1.3)
//! — header block with number and date, QUYẾT ĐỊNH and its subject, the authority, the
//! grounds, Điều 1–3, and Nơi nhận level with the signature.

use docx_rs::Docx;

use super::blocks::{self, body, run, Look};
use super::layout::{self, size};
use super::patch;
use crate::definitions::{Document, Scope};

/// The decision of `doc`, or `None` when the document names no signer.
pub fn decision_docx(doc: &Document) -> Option<Vec<u8>> {
    let signer = doc.signer.as_ref()?;
    let width = layout::text_width(false);
    let number = match &doc.decision {
        Some(d) => format!("Số: {}", d.number.trim()),
        None => "Số:       /QĐ-".to_string(),
    };
    let date = blocks::place_date(&doc.place, doc.decision.as_ref().map(|d| d.date), None);
    let what = super::what(doc);
    let year = doc.school_year.trim();
    let of_unit = super::of_unit(doc);
    let subject = format!("Về việc ban hành {what} năm học {year}{of_unit}");
    let subject_look = Look::bold(size::TITLE);
    let subject_lines = blocks::wrap(&subject, subject_look, width);
    let authority = format!("HIỆU TRƯỞNG {}", doc.school.trim().to_uppercase());

    let mut s = patch::number_from_the_second_page(super::last_page(Docx::new(), false))
        .add_table(blocks::header_block(doc, Some((&number, &date)), false))
        .add_paragraph(blocks::title(&["QUYẾT ĐỊNH"]))
        .add_paragraph(blocks::centred_lines(&subject_lines, subject_look))
        .add_paragraph(blocks::rule(
            blocks::partial_rule_length(&subject_lines, subject_look, width),
            width,
            0,
        ))
        .add_paragraph(blocks::spaced(
            blocks::centred_lines(
                &blocks::wrap(&authority, Look::bold(size::TITLE), width),
                Look::bold(size::TITLE),
            ),
            240,
            layout::PARAGRAPH_AFTER * 2,
            240,
        ));
    for g in blocks::punctuated(&doc.grounds, '.') {
        s = s.add_paragraph(body(vec![run(&g, Look::italic(size::BODY))]));
    }
    // Never alone at the foot of a page after long grounds: it keeps with Điều 1.
    s = s.add_paragraph(
        blocks::spaced(
            blocks::centred_lines(&["QUYẾT ĐỊNH:"], Look::bold(size::TITLE)),
            120,
            layout::PARAGRAPH_AFTER * 2,
            240,
        )
        .keep_next(true),
    );
    let responsible = match doc.scope {
        Scope::Unit => format!("Trưởng {} và các cá nhân có liên quan", doc.unit.trim()),
        Scope::School => "Trưởng các đơn vị thuộc Trường và các cá nhân có liên quan".to_string(),
    };
    let articles = [
        format!("Ban hành kèm theo Quyết định này {what} năm học {year}{of_unit}."),
        "Quyết định có hiệu lực kể từ ngày ký.".to_string(),
        format!("{responsible} chịu trách nhiệm thi hành Quyết định này./."),
    ];
    // The last article keeps with the signature block, which never stands alone.
    for (i, text) in articles.iter().enumerate() {
        let p = body(vec![
            run(&format!("Điều {}.", i + 1), Look::bold(size::BODY)),
            run(&format!(" {text}"), Look::plain(size::BODY)),
        ]);
        s = s.add_paragraph(if i + 1 == articles.len() {
            p.keep_next(true)
        } else {
            p
        });
    }
    let recipients = if doc.recipients.is_empty() {
        vec!["Như Điều 3;".to_string(), "Lưu: VT.".to_string()]
    } else {
        doc.recipients.clone()
    };
    let authority_lines: Vec<String> = signer.title.lines().map(str::to_string).collect();
    s = s
        .add_paragraph(blocks::blank(Look::plain(size::BODY)).keep_next(true))
        .add_table(blocks::signature_block(
            &blocks::punctuated(&recipients, '.'),
            &authority_lines,
            &signer.name,
            false,
        ))
        .add_paragraph(blocks::end_paragraph());
    let title = format!("Quyết định {}", super::lower_first(&subject));
    let props = patch::Properties {
        title: &title,
        subject: what,
        creator: doc.school.trim(),
    };
    Some(patch::pack(super::defaults(s), &props))
}
