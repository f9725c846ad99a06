//! `ket-qua-mtcl.docx`: the report on the results (Phụ lục III, form 1.4, a BÁO CÁO) —
//! header block with a number left for the office, the title, one table row per indicator
//! (objective, target, result, verdict, evidence, causes and corrective actions from the
//! `giai_trinh` records), *Đánh giá chung*, Nơi nhận and the signature. Landscape, for the
//! wide table.

use docx_rs::Docx;

use super::assessment;
use super::blocks::{self, Cell, Line, Look, Merge};
use super::layout::{self, size};
use super::patch;
use crate::compute::DocumentResult;
use crate::definitions::{Document, Scope};
use crate::explain::{Explanation, Explanations};
use crate::report::compare::{Earlier, Previous};
use crate::report::{format, Setting};

/// The results report of `doc` for the whole year, compared with nothing, with the causes
/// and corrective actions of `explained`.
pub fn results_docx(doc: &Document, result: &DocumentResult, explained: &Explanations) -> Vec<u8> {
    results_docx_with(doc, result, explained, &Setting::default(), None)
}

/// The results report of `doc` for the run's period, with the earlier value of each
/// indicator when the run compares with an earlier report; `warning`
/// ([`format::nothing_read_warning`]) stands in bold above the table, so that "Không đạt"
/// never hides that no workbook was read.
pub fn results_docx_with(
    doc: &Document,
    result: &DocumentResult,
    explained: &Explanations,
    setting: &Setting,
    warning: Option<&str>,
) -> Vec<u8> {
    debug_assert_eq!(doc.objectives.len(), result.objectives.len());
    let width = layout::text_width(true);
    let number = format!("Số:      /BC-{}", symbol(doc));
    let date = blocks::place_date(&doc.place, None, end_year(&doc.school_year));
    let subject = format!(
        "Kết quả thực hiện mục tiêu chất lượng {}năm học {}{}",
        setting.period.title_vi(),
        doc.school_year.trim(),
        super::of_unit(doc)
    );
    let subject_look = Look::bold(size::TITLE);
    let subject_lines = blocks::wrap(&subject, subject_look, width);
    let mut d = patch::number_from_the_second_page(super::last_page(Docx::new(), true))
        .add_table(blocks::header_block(doc, Some((&number, &date)), true))
        .add_paragraph(blocks::title(&["BÁO CÁO"]))
        .add_paragraph(blocks::centred_lines(&subject_lines, subject_look))
        .add_paragraph(blocks::rule(
            blocks::partial_rule_length(&subject_lines, subject_look, width),
            width,
            layout::PARAGRAPH_AFTER * 2,
        ));
    if let Some(w) = warning {
        d = d.add_paragraph(blocks::body(vec![blocks::run(w, Look::bold(size::BODY))]));
    }
    d = d.add_table(results_table(
        doc,
        result,
        explained,
        setting.previous.as_ref(),
    ));

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
    // Đánh giá chung, then the signature: the closing paragraphs keep with the next, so the
    // signature block (a row that cannot split) never stands alone on its page.
    d = d.add_paragraph(
        blocks::spaced(
            blocks::body(vec![blocks::run(
                assessment::HEADING,
                Look::bold(size::BODY),
            )]),
            240,
            layout::PARAGRAPH_AFTER,
            layout::BODY_LINE,
        )
        .keep_next(true),
    );
    let lines = assessment::assessment(doc, result, setting.period);
    let last = lines.len().saturating_sub(1);
    for (i, text) in lines.iter().enumerate() {
        let p = blocks::body(vec![blocks::run(text, Look::plain(size::BODY))]);
        // The heading keeps with the first line, the last line with the signature; the
        // lines between may break across a page, so no page is left half empty.
        d = d.add_paragraph(if i == last { p.keep_next(true) } else { p });
    }
    d = d
        .add_paragraph(blocks::blank(Look::plain(size::BODY)).keep_next(true))
        .add_table(blocks::signature_block(
            &blocks::punctuated(&recipients, '.'),
            &authority,
            &name,
            true,
        ))
        .add_paragraph(blocks::end_paragraph());
    let title = format!("Báo cáo {}", super::lower_first(&subject));
    let props = patch::Properties {
        title: &title,
        subject: "Kết quả thực hiện mục tiêu chất lượng",
        creator: doc.school.trim(),
    };
    patch::pack(super::defaults(d), &props)
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

/// The cause and action cells of one table row: the indicator's explanation, after the
/// objective's own on the objective's first row.
fn explanation_cells(
    explained: &Explanations,
    objective: &str,
    indicator: Option<&str>,
    first_row: bool,
) -> (Cell, Cell) {
    let mut found: Vec<&Explanation> = Vec::new();
    if first_row {
        found.extend(explained.objective(objective));
    }
    if let Some(i) = indicator {
        found.extend(explained.indicator(objective, i));
    }
    let cell = |pick: fn(&Explanation) -> &str| {
        let mut c = Cell::new();
        for e in &found {
            for line in pick(e).lines().filter(|l| !l.trim().is_empty()) {
                c = c.line(Line::Plain(line.trim().to_string()));
            }
        }
        c
    };
    (cell(|e| &e.cause), cell(|e| &e.action))
}

fn results_table(
    doc: &Document,
    result: &DocumentResult,
    explained: &Explanations,
    previous: Option<&Previous>,
) -> docx_rs::Table {
    let mut header = vec![
        "STT",
        "Mục tiêu",
        "Chỉ tiêu",
        "Kết quả thực hiện",
        "Đánh giá",
        "Minh chứng",
        "Nguyên nhân",
        "Biện pháp khắc phục",
    ];
    if let Some(p) = previous {
        // Beside the result it is read against.
        header.insert(4, p.heading(crate::i18n::Lang::Vi));
    }
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
                            format::verdict_marked_vi(g.achieved, g.uncertain)
                        )));
                    }
                    if ir.excluded_rows > 0 {
                        res = res.line(Line::Plain(format!(
                            "(không tính {} dòng có lỗi dữ liệu)",
                            ir.excluded_rows
                        )));
                    }
                    if let Some(n) = format::figure_note(ir, &ind.source, crate::i18n::Lang::Vi) {
                        res = res.line(Line::Plain(format!("({n})")));
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
            let (cause, action) = explanation_cells(
                explained,
                &o.id,
                o.indicators.get(k).map(|i| i.id.as_str()),
                k == 0,
            );
            let mut row = vec![
                spanning(Cell::text(&o.id).centred()),
                spanning(Cell::text(o.text.trim())),
                target,
                figure,
                verdict,
                spanning(Cell::new().items(&o.evidence)),
                cause,
                action,
            ];
            if let Some(p) = previous {
                let earlier = o
                    .indicators
                    .get(k)
                    .map_or(Earlier::None, |ind| p.get(&doc.unit, ind));
                let percent = o.indicators.get(k).is_some_and(|i| i.measure.is_percent());
                row.insert(4, Cell::text(&format::earlier(earlier, percent)).centred());
            }
            rows.push(row);
        }
    }
    // The last two columns: causes and corrective actions.
    let explained = rows
        .iter()
        .any(|r: &Vec<Cell>| r[r.len() - 2..].iter().any(|c| !c.lines.is_empty()));
    let shares: &[i32] = match (previous, explained) {
        (Some(_), false) => &layout::RESULTS_COLUMNS_COMPARED,
        (Some(_), true) => &layout::RESULTS_COLUMNS_COMPARED_EXPLAINED,
        (None, false) => &layout::RESULTS_COLUMNS,
        (None, true) => &layout::RESULTS_COLUMNS_EXPLAINED,
    };
    let widths = layout::columns(layout::text_width(true), shares);
    blocks::ruled_table(&widths, &header, rows)
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
