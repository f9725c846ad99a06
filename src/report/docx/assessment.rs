//! *Đánh giá chung*, the closing assessment of the results report: written from the figures
//! alone — how many objectives were achieved, not achieved, without data; each objective not
//! achieved with its result against its target; each without data with why.

use crate::compute::{DocumentResult, IndicatorResult};
use crate::definitions::{Document, Indicator, Objective};
use crate::report::format;

/// The heading of the assessment.
pub const HEADING: &str = "Đánh giá chung";

/// The paragraphs of the assessment, in order: the counts, then one line per objective not
/// achieved and per objective without data, of a run for `period` ("Trong học kỳ I năm học
/// …" for a semester's).
pub fn assessment(
    doc: &Document,
    result: &DocumentResult,
    period: crate::period::Period,
) -> Vec<String> {
    let pairs: Vec<_> = doc.objectives.iter().zip(&result.objectives).collect();
    let count = |v: Option<bool>| pairs.iter().filter(|(_, r)| r.achieved == v).count();
    let (yes, no, none) = (count(Some(true)), count(Some(false)), count(None));
    let mut out = vec![format!(
        "Trong {}năm học {}, {} có {} mục tiêu chất lượng: {} mục tiêu đạt, {} mục tiêu không \
         đạt, {} mục tiêu không có dữ liệu.",
        period.title_vi(),
        doc.school_year.trim(),
        doc.unit.trim(),
        pairs.len(),
        yes,
        no,
        none
    )];
    if no > 0 {
        out.push("Các mục tiêu không đạt:".to_string());
        for (o, r) in pairs.iter().filter(|(_, r)| r.achieved == Some(false)) {
            // The failed indicators, then those of the same objective without data (a
            // semester's missing column), so that none of its indicators goes unexplained.
            let pairs = || o.indicators.iter().zip(&r.indicators);
            let failed: Vec<String> = pairs()
                .filter(|(_, ir)| ir.achieved == Some(false))
                .map(|(ind, ir)| {
                    format!(
                        "{}: kết quả {}, chỉ tiêu {}",
                        named(o, ind),
                        format::figure(&ir.figure, ind.measure.is_percent(), &ind.target),
                        ind.target.text.trim()
                    )
                })
                .chain(
                    pairs()
                        .filter(|(_, ir)| ir.achieved.is_none())
                        .map(|(ind, ir)| format!("{}: {}", named(o, ind), why_no_data(ir))),
                )
                .collect();
            out.push(format!("- Mục tiêu {} – {}.", o.id, failed.join("; ")));
        }
    }
    if none > 0 {
        out.push("Các mục tiêu không có dữ liệu:".to_string());
        for (o, r) in pairs.iter().filter(|(_, r)| r.achieved.is_none()) {
            let why: Vec<String> = if o.indicators.is_empty() {
                vec!["không có dữ liệu, chưa có chỉ số để tính".to_string()]
            } else {
                o.indicators
                    .iter()
                    .zip(&r.indicators)
                    .filter(|(_, ir)| ir.achieved.is_none())
                    .map(|(ind, ir)| format!("{}: {}", named(o, ind), why_no_data(ir)))
                    .collect()
            };
            out.push(format!("- Mục tiêu {} – {}.", o.id, why.join("; ")));
        }
    }
    if no == 0 && none == 0 && !pairs.is_empty() {
        out.push("Tất cả các mục tiêu chất lượng đều đạt.".to_string());
    }
    out
}

/// "tỷ lệ học sinh khá, giỏi (chỉ số 4a)", or the label alone when the objective has one
/// indicator under its own id.
fn named(o: &Objective, ind: &Indicator) -> String {
    let label = ind.label.trim();
    if o.indicators.len() == 1 && ind.id == o.id {
        label.to_string()
    } else {
        format!("{label} (chỉ số {})", ind.id)
    }
}

/// Why an indicator has no value: no row at all, or every row excluded for errors.
fn why_no_data(ir: &IndicatorResult) -> String {
    if let Some(h) = &ir.missing_column {
        format!(
            "không có dữ liệu, {}",
            crate::report::format::missing_column_note(h, crate::i18n::Lang::Vi)
        )
    } else if ir.excluded_rows > 0 {
        format!(
            "không có dữ liệu, {} dòng có lỗi dữ liệu bị loại, không còn dòng hợp lệ",
            ir.excluded_rows
        )
    } else if !ir.groups.is_empty() {
        "không có dữ liệu, có nhóm không có dòng nào".to_string()
    } else {
        "không có dữ liệu, không có dòng dữ liệu nào".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::{Figure, ObjectiveResult};
    use crate::exact::Ratio;

    fn doc() -> Document {
        let text = r#"
[document]
school = "Trường A"
unit = "Khoa B"
scope = "unit"
school_year = "2022 - 2023"

[[objective]]
id = "1"
text = "Học lực"
  [[objective.indicator]]
  id = "1a"
  label = "Tỷ lệ học sinh khá, giỏi"
  source = "hoc_sinh"
  count = "hoc_luc in ['Giỏi', 'Khá']"
  target = ">= 30%"
  [[objective.indicator]]
  id = "1b"
  label = "Tỷ lệ học sinh yếu"
  source = "hoc_sinh"
  count = "hoc_luc == 'Yếu'"
  target = "< 10%"

[[objective]]
id = "2"
text = "Doanh nghiệp"
  [[objective.indicator]]
  id = "2"
  label = "Số doanh nghiệp"
  source = "doanh_nghiep"
  count = "ten_dn is not empty"
  target = ">= 5"

[[objective]]
id = "3"
text = "Tốt nghiệp"
  [[objective.indicator]]
  id = "3"
  label = "Tỷ lệ tốt nghiệp"
  source = "hoc_sinh"
  count = "tot_nghiep"
  target = ">= 85%"
"#;
        let catalog = crate::schema::load_catalog(None, crate::i18n::Lang::Vi).unwrap();
        crate::definitions::load_document("b.toml", text, &catalog, crate::i18n::Lang::Vi)
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// A share n/d (no value when d is 0), or without d a figure with no value.
    fn ind(n: i128, d: Option<i128>, excluded: u64, achieved: Option<bool>) -> IndicatorResult {
        let numerator = Ratio::new(n, 1);
        let denominator = d.map(|d| Ratio::new(d, 1));
        let value = match d {
            Some(d) if d > 0 => Some(Ratio::new(n * 100, d)),
            _ => None,
        };
        IndicatorResult {
            figure: Figure {
                numerator,
                denominator,
                value,
            },
            excluded_rows: excluded,
            achieved,
            groups: Vec::new(),
            members: Vec::new(),
            missing_column: None,
            uncertain: false,
        }
    }

    #[test]
    fn counts_then_each_objective_not_achieved_and_each_without_data_with_why() {
        let result = DocumentResult {
            objectives: vec![
                ObjectiveResult {
                    achieved: Some(false),
                    indicators: vec![ind(1, Some(7), 0, Some(false)), ind(0, Some(0), 3, None)],
                    uncertain: false,
                },
                ObjectiveResult {
                    achieved: None,
                    indicators: vec![ind(0, None, 0, None)],
                    uncertain: false,
                },
                ObjectiveResult {
                    achieved: None,
                    indicators: vec![ind(0, Some(0), 4, None)],
                    uncertain: false,
                },
            ],
        };
        assert_eq!(
            assessment(&doc(), &result, crate::period::Period::CaNam),
            [
                "Trong năm học 2022 - 2023, Khoa B có 3 mục tiêu chất lượng: 0 mục tiêu đạt, 1 \
                 mục tiêu không đạt, 2 mục tiêu không có dữ liệu.",
                "Các mục tiêu không đạt:",
                "- Mục tiêu 1 – Tỷ lệ học sinh khá, giỏi (chỉ số 1a): kết quả 14,3% (1/7), chỉ \
                 tiêu >= 30%; Tỷ lệ học sinh yếu (chỉ số 1b): không có dữ liệu, 3 dòng có lỗi \
                 dữ liệu bị loại, không còn dòng hợp lệ.",
                "Các mục tiêu không có dữ liệu:",
                "- Mục tiêu 2 – Số doanh nghiệp: không có dữ liệu, không có dòng dữ liệu nào.",
                "- Mục tiêu 3 – Tỷ lệ tốt nghiệp: không có dữ liệu, 4 dòng có lỗi dữ liệu bị \
                 loại, không còn dòng hợp lệ.",
            ]
        );
        assert!(assessment(&doc(), &result, crate::period::Period::Hk2)[0]
            .starts_with("Trong học kỳ II năm học 2022 - 2023, Khoa B có 3 mục tiêu"));
        // A semester's sheets without the column the figure is read from: that is the why.
        let mut result = result;
        result.objectives[0].indicators[1].missing_column = Some("Học lực".to_string());
        assert_eq!(
            assessment(&doc(), &result, crate::period::Period::Hk1)[2],
            "- Mục tiêu 1 – Tỷ lệ học sinh khá, giỏi (chỉ số 1a): kết quả 14,3% (1/7), chỉ tiêu \
             >= 30%; Tỷ lệ học sinh yếu (chỉ số 1b): không có dữ liệu, không trang tính nào có \
             cột “Học lực”."
        );
    }
}
