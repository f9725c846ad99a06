//! `ket-qua-mtcl.docx`: the report on the results (Phụ lục III, form 1.4, a BÁO CÁO) —
//! header block with a number left for the office, the title, one table row per indicator
//! (objective, target, result, verdict, evidence, and two columns left for people: causes
//! and corrective actions), Nơi nhận and the signature. Landscape, for the wide table.

use docx_rs::Docx;

use super::blocks::{self, Cell, Line, Look, Merge};
use super::layout::{self, size};
use super::patch;
use crate::compute::{DocumentResult, Figure};
use crate::definitions::{Document, Scope, Target};
use crate::exact::Ratio;
use crate::text::vi_number;

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
                    let mut res = Cell::new().line(Line::Plain(figure_text(
                        &ir.figure,
                        percent,
                        &ind.target,
                    )));
                    for g in &ir.groups {
                        res = res.line(Line::Plain(format!(
                            "- {}: {} – {}",
                            g.group,
                            figure_text(&g.figure, percent, &ind.target),
                            verdict(g.achieved)
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
                        Cell::text(verdict(ir.achieved)).centred(),
                    )
                }
                _ => (
                    Cell::new(),
                    Cell::new(),
                    Cell::text(verdict(None)).centred(),
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

fn verdict(achieved: Option<bool>) -> &'static str {
    match achieved {
        Some(true) => "Đạt",
        Some(false) => "Không đạt",
        None => "Không có dữ liệu",
    }
}

/// "85,7% (6/7)" for a percentage, "5" for a count, "—" without data.
fn figure_text(f: &Figure, percent: bool, target: &Target) -> String {
    let Some(v) = f.value else {
        return match f.denominator {
            Some(d) => format!("— ({}/{})", amount(f.numerator), amount(d)),
            None => "—".to_string(),
        };
    };
    if !percent {
        return amount(v);
    }
    let shown = percent_text(v, target);
    match f.denominator {
        Some(d) => format!("{shown}% ({}/{})", amount(f.numerator), amount(d)),
        None => format!("{shown}%"),
    }
}

/// A count or sum: integer as an integer, otherwise up to two decimals.
fn amount(r: Ratio) -> String {
    vi_number(r.to_f64(), if r.is_integer() { 0 } else { 2 })
}

/// A percentage with one decimal — or more when one would put the shown value on the
/// other side of the target than the exact one (84,96% is not shown as "85%" next to
/// "Không đạt" for "từ 85% trở lên").
fn percent_text(v: Ratio, target: &Target) -> String {
    let exact = target.met_by(v);
    for decimals in 1..=4 {
        let s = vi_number(v.to_f64(), decimals);
        let shown = Ratio::parse_decimal(&s.replace('.', ""));
        if shown.map(|r| target.met_by(r)) == Some(exact) {
            return s;
        }
    }
    vi_number(v.to_f64(), 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(n: i64, d: i64) -> Figure {
        Figure {
            numerator: Ratio::int(n),
            denominator: Some(Ratio::int(d)),
            value: Ratio::percent_of(Ratio::int(n), Ratio::int(d)),
        }
    }

    #[test]
    fn a_share_is_shown_with_a_decimal_comma_and_its_counts() {
        let t = Target::parse("từ 85% trở lên").unwrap();
        assert_eq!(figure_text(&fig(6, 7), true, &t), "85,7% (6/7)");
        assert_eq!(figure_text(&fig(0, 0), true, &t), "— (0/0)");
    }

    #[test]
    fn rounding_never_crosses_the_target() {
        // 84.96% would read "85%" at one decimal, next to "Không đạt".
        let t = Target::parse("từ 85% trở lên").unwrap();
        assert_eq!(
            figure_text(&fig(8496, 10000), true, &t),
            "84,96% (8496/10.000)"
        );
    }

    #[test]
    fn a_count_is_an_integer() {
        let t = Target::parse("tối thiểu 05").unwrap();
        let f = Figure {
            numerator: Ratio::int(5),
            denominator: None,
            value: Some(Ratio::int(5)),
        };
        assert_eq!(figure_text(&f, false, &t), "5");
    }

    #[test]
    fn report_symbol_and_year_come_from_the_decision_and_the_school_year() {
        assert_eq!(end_year("2021 - 2022"), Some(2022));
        assert_eq!(end_year("năm học"), None);
    }
}
