//! `ket-qua-mtcl.docx`: the report on the results (Phụ lục III, form 1.4, a BÁO CÁO) —
//! header block with a number left for the office, the title, one table row per indicator
//! (objective, target, result, verdict, evidence, and two columns left for people: causes
//! and corrective actions), Nơi nhận and the signature. Landscape, for the wide table.

use docx_rs::Docx;

use super::blocks::{self, Cell, Line, Look, Merge};
use super::layout::{self, size};
use super::patch;
use crate::compute::DocumentResult;
use crate::definitions::{Document, Scope};
use crate::report::format;

/// The results report of `doc`.
pub fn results_docx(doc: &Document, result: &DocumentResult) -> Vec<u8> {
    debug_assert_eq!(doc.objectives.len(), result.objectives.len());
    let width = layout::text_width(true);
    let number = format!("Số:      /BC-{}", symbol(doc));
    let date = blocks::place_date(&doc.place, None, end_year(&doc.school_year));
    let subject = format!(
        "Kết quả thực hiện mục tiêu chất lượng năm học {}{}",
        doc.school_year.trim(),
        super::of_unit(doc)
    );
    let subject_look = Look::bold(size::TITLE);
    let mut d = patch::number_from_the_second_page(super::last_page(Docx::new(), true))
        .add_table(blocks::header_block(doc, Some((&number, &date)), true))
        .add_paragraph(blocks::title(&["BÁO CÁO"]))
        .add_paragraph(blocks::centred_lines(&[&subject], subject_look))
        .add_paragraph(blocks::rule(
            blocks::partial_rule_length(&subject, subject_look, width),
            width,
            layout::PARAGRAPH_AFTER * 2,
        ))
        .add_table(results_table(doc, result));

    let mut recipients = vec!["Ban Giám hiệu".to_string()];
    if doc.scope == Scope::Unit {
        recipients.push(doc.unit.trim().to_string());
    }
    recipients.push(
        doc.recipients
            .iter()
            .rev()
            .find(|r| r.trim_start().starts_with("Lưu"))
            .cloned()
            .unwrap_or_else(|| "Lưu: VT.".to_string()),
    );
    let (authority, name) = match &doc.signer {
        Some(s) => (
            s.title.lines().map(str::to_string).collect(),
            s.name.clone(),
        ),
        None => (vec!["HIỆU TRƯỞNG".to_string()], String::new()),
    };
    d = d
        .add_paragraph(blocks::blank(Look::plain(size::BODY)))
        .add_table(blocks::signature_block(
            &blocks::punctuated(&recipients, '.'),
            &authority,
            &name,
            true,
        ))
        .add_paragraph(blocks::end_paragraph());
    patch::pack(super::defaults(d))
}

/// The symbol of the school's documents, from the decision's number ("554/QĐ-X-Y" → "X-Y").
fn symbol(doc: &Document) -> String {
    let Some(d) = &doc.decision else {
        return String::new();
    };
    let after_slash = d.number.split_once('/').map_or("", |(_, s)| s).trim();
    after_slash
        .strip_prefix("QĐ-")
        .unwrap_or(after_slash)
        .to_string()
}

/// The year the school year ends in ("2021 - 2022" → 2022), when it names one.
fn end_year(school_year: &str) -> Option<i32> {
    school_year
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| p.len() == 4)
        .filter_map(|p| p.parse().ok())
        .next_back()
}

fn results_table(doc: &Document, result: &DocumentResult) -> docx_rs::Table {
    let widths = layout::columns(layout::text_width(true), &layout::RESULTS_COLUMNS);
    let header = [
        "STT",
        "Mục tiêu",
        "Chỉ tiêu",
        "Kết quả thực hiện",
        "Đánh giá",
        "Minh chứng",
        "Nguyên nhân",
        "Biện pháp khắc phục",
    ];
    let mut rows = Vec::new();
    for (o, or) in doc.objectives.iter().zip(&result.objectives) {
        let n = o.indicators.len().max(1);
        for k in 0..n {
            let merge = match (n, k) {
                (1, _) => Merge::None,
                (_, 0) => Merge::Restart,
                _ => Merge::Continue,
            };
            let spanning = |c: Cell| {
                if merge == Merge::Continue {
                    Cell::new().merge(merge)
                } else {
                    c.merge(merge)
                }
            };
            let (target, figure, verdict) = match (o.indicators.get(k), or.indicators.get(k)) {
                (Some(ind), Some(ir)) => {
                    let percent = ind.measure.is_percent();
                    let mut res = Cell::new().line(Line::Plain(format::figure(
                        &ir.figure,
                        percent,
                        &ind.target,
                    )));
                    for g in &ir.groups {
                        res = res.line(Line::Plain(format!(
                            "- {}: {} – {}",
                            g.group,
                            format::figure(&g.figure, percent, &ind.target),
                            format::verdict_vi(g.achieved)
                        )));
                    }
                    if ir.excluded_rows > 0 {
                        res = res.line(Line::Plain(format!(
                            "(không tính {} dòng có lỗi dữ liệu)",
                            ir.excluded_rows
                        )));
                    }
                    (
                        Cell::new()
                            .line(Line::Plain(ind.label.trim().to_string()))
                            .line(Line::Bold(ind.target.text.trim().to_string())),
                        res,
                        Cell::text(&format::indicator_verdict_vi(ir)).centred(),
                    )
                }
                _ => (
                    Cell::new(),
                    Cell::new(),
                    Cell::text(format::verdict_vi(None)).centred(),
                ),
            };
            rows.push(vec![
                spanning(Cell::text(&o.id).centred()),
                spanning(Cell::text(o.text.trim())),
                target,
                figure,
                verdict,
                spanning(Cell::new().items(&o.evidence)),
                Cell::new(),
                Cell::new(),
            ]);
        }
    }
    blocks::ruled_table(&widths, &header, rows, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_symbol_and_year_come_from_the_decision_and_the_school_year() {
        assert_eq!(end_year("2021 - 2022"), Some(2022));
        assert_eq!(end_year("năm học"), None);
    }
}
