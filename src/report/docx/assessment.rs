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
                .map(|(ind, ir)| format!("{}: {}", named(o, ind), why_not_achieved(ind, ir)))
                .chain(
                    pairs()
                        .filter(|(_, ir)| ir.achieved.is_none())
                        .map(|(ind, ir)| format!("{}: {}", named(o, ind), why_no_data(ind, ir))),
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
                    .map(|(ind, ir)| format!("{}: {}", named(o, ind), why_no_data(ind, ir)))
                    .collect()
            };
            out.push(format!("- Mục tiêu {} – {}.", o.id, why.join("; ")));
        }
    }
    // An objective counted as achieved on a verdict its excluded rows could change: named,
    // so that "đạt" is not signed before the rows are fixed.
    let unsure: Vec<String> = pairs
        .iter()
        .filter(|(_, r)| r.achieved == Some(true) && r.uncertain)
        .map(|(o, r)| {
            let which: Vec<String> = o
                .indicators
                .iter()
                .zip(&r.indicators)
                .filter(|(_, ir)| ir.uncertain)
                .map(|(ind, ir)| {
                    format!(
                        "{}: kết quả {}, {}",
                        named(o, ind),
                        format::figure(&ir.figure, ind.measure.is_percent(), &ind.target),
                        format::indicator_verdict_vi(ir)
                    )
                })
                .collect();
            format!("- Mục tiêu {} – {}.", o.id, which.join("; "))
        })
        .collect();
    if !unsure.is_empty() {
        out.push(
            "Các mục tiêu đạt nhưng chưa chắc chắn (dòng lỗi bị loại có thể đổi kết quả):"
                .to_string(),
        );
        out.extend(unsure);
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

/// An indicator not achieved: its result against its target; with `per`, the groups that
/// fall short (the figure of all the rows together may meet the target: 17 partner
/// companies against "tối thiểu 08" for each programme); when uncertain, the rows to fix.
fn why_not_achieved(ind: &Indicator, ir: &IndicatorResult) -> String {
    let percent = ind.measure.is_percent();
    let mut s = format!(
        "kết quả {}, chỉ tiêu {}",
        format::figure(&ir.figure, percent, &ind.target),
        ind.target.text.trim()
    );
    // "55% ÷ 60%" is missed from above too: 89,5% is not achieved, which reads oddly unless
    // said.
    if let (crate::definitions::Cmp::Between(_, hi), Some(v)) = (ind.target.cmp, ir.figure.value) {
        if v > hi && ir.groups.is_empty() {
            s.push_str(" (vượt cận trên của khoảng chỉ tiêu)");
        }
    }
    if let Some(short) = groups_short(ind, ir) {
        s.push_str(&format!(" cho từng nhóm, {short}"));
        let none = groups_without_data(ir);
        if !none.is_empty() {
            s.push_str(&format!(
                "; nhóm {} không có dòng nào được tính",
                none.join(", ")
            ));
        }
    }
    if ir.no_records {
        s.push_str(&format!(
            " ({})",
            format::no_records_note(&ind.source, crate::i18n::Lang::Vi)
        ));
    }
    if ir.uncertain {
        s.push_str(&format!(" ({})", format::indicator_verdict_vi(ir)));
    }
    s
}

/// "không đạt ở nhóm Ô tô: 0, Cơ khí: 7": the groups of a `per` indicator that fall short
/// of its target; `None` without groups.
pub(crate) fn groups_short(ind: &Indicator, ir: &IndicatorResult) -> Option<String> {
    if ir.groups.is_empty() {
        return None;
    }
    let percent = ind.measure.is_percent();
    let short: Vec<String> = ir
        .groups
        .iter()
        .filter(|g| g.achieved == Some(false))
        .map(|g| {
            format!(
                "{}: {}",
                g.group,
                format::figure(&g.figure, percent, &ind.target)
            )
        })
        .collect();
    (!short.is_empty()).then(|| format!("không đạt ở nhóm {}", short.join(", ")))
}

fn groups_without_data(ir: &IndicatorResult) -> Vec<&str> {
    ir.groups
        .iter()
        .filter(|g| g.achieved.is_none())
        .map(|g| g.group.as_str())
        .collect()
}

/// Why an indicator has no value: a column no sheet has, a group with no row, every row
/// excluded for errors, rows none of which is in the denominator, a denominator that sums
/// to 0, or no row at all.
pub(crate) fn why_no_data(ind: &Indicator, ir: &IndicatorResult) -> String {
    let counted = ir
        .members
        .iter()
        .filter(|(_, m)| *m != crate::compute::Mark::Excluded)
        .count();
    let why = if let Some(h) = &ir.missing_column {
        crate::report::format::missing_column_note(h, crate::i18n::Lang::Vi)
    } else if ir.excluded_rows > 0 && ir.valid_rows == 0 {
        format!(
            "{} dòng có lỗi dữ liệu bị loại, không còn dòng hợp lệ",
            ir.excluded_rows
        )
    } else if !groups_without_data(ir).is_empty() {
        format!(
            "nhóm {} không có dòng nào được tính (mẫu số bằng 0)",
            groups_without_data(ir).join(", ")
        )
    } else if counted > 0 {
        format!("mẫu số bằng 0 (tổng of_sum của {counted} dòng được tính là 0)")
    } else if ir.valid_rows > 0 {
        let none = match ind.measure {
            crate::definitions::Measure::Share { .. } => {
                "không dòng nào thỏa điều kiện mẫu số (of)"
            }
            crate::definitions::Measure::Sum { .. } => "không dòng nào thỏa điều kiện where",
            crate::definitions::Measure::Count { .. } => {
                "không dòng nào ghi giá trị ở cột nhóm (per)"
            }
        };
        format!("có {} dòng dữ liệu nhưng {none}", ir.valid_rows)
    } else if ir.no_records {
        format::no_records_note(&ind.source, crate::i18n::Lang::Vi)
    } else {
        // Other units have rows of the source; this unit none.
        format!("không có dòng nào của đơn vị trong nguồn {}", ind.source)
    };
    format!("không có dữ liệu, {why}")
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
            valid_rows: 0,
            no_records: false,
            uncertain: false,
        }
    }

    fn group(name: &str, n: i128, achieved: Option<bool>) -> crate::compute::GroupResult {
        crate::compute::GroupResult {
            group: name.to_string(),
            figure: Figure {
                numerator: Ratio::new(n, 1),
                denominator: None,
                value: achieved.map(|_| Ratio::new(n, 1)),
            },
            achieved,
            uncertain: false,
        }
    }

    /// With `per`, the whole may meet the target while a group does not: the groups short
    /// of it are named, else "kết quả 17, chỉ tiêu tối thiểu 08" reads as achieved.
    #[test]
    fn a_group_short_of_its_target_and_a_share_with_no_row_in_of_are_named() {
        let text = r#"
[document]
school = "Trường A"
unit = "Khoa B"
school_year = "2022 - 2023"

[[objective]]
id = "2"
text = "Doanh nghiệp"
  [[objective.indicator]]
  id = "2a"
  label = "Số doanh nghiệp của mỗi ngành"
  source = "doanh_nghiep"
  count = "true"
  distinct = "ten_dn"
  per = "nganh"
  groups = ["Hàn", "Ô tô"]
  target = "tối thiểu 08"
  [[objective.indicator]]
  id = "2b"
  label = "Tỷ lệ học sinh khóa 2030 tốt nghiệp"
  source = "hoc_sinh"
  count = "tot_nghiep"
  of = "khoa_hoc == '2030'"
  target = ">= 85%"

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
        let doc =
            crate::definitions::load_document("b.toml", text, &catalog, crate::i18n::Lang::Vi)
                .unwrap_or_else(|e| panic!("{e:?}"));
        // Above a range is not achieved either, and says so.
        let range_doc = text.replace("target = \">= 85%\"", "target = \"55% ÷ 60%\"");
        let range_doc = crate::definitions::load_document(
            "b.toml",
            &range_doc,
            &catalog,
            crate::i18n::Lang::Vi,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let above = DocumentResult {
            objectives: vec![
                ObjectiveResult {
                    achieved: Some(true),
                    indicators: vec![
                        ind(1, Some(1), 0, Some(true)),
                        ind(0, Some(1), 0, Some(true)),
                    ],
                    uncertain: false,
                },
                ObjectiveResult {
                    achieved: Some(false),
                    indicators: vec![ind(17, Some(19), 0, Some(false))],
                    uncertain: false,
                },
            ],
        };
        assert_eq!(
            assessment(&range_doc, &above, crate::period::Period::CaNam)[2],
            "- Mục tiêu 3 – Tỷ lệ tốt nghiệp: kết quả 89,5% (17/19), chỉ tiêu 55% ÷ 60% (vượt cận \
             trên của khoảng chỉ tiêu)."
        );
        let mut per = ind(17, None, 0, Some(false));
        per.figure.value = Some(Ratio::new(17, 1));
        per.groups = vec![
            group("Hàn", 10, Some(true)),
            group("Ô tô", 0, Some(false)),
            group("Cơ khí", 7, Some(false)),
        ];
        let mut no_of = ind(0, Some(0), 0, None);
        no_of.valid_rows = 12;
        let mut unsure = ind(17, Some(20), 1, Some(true));
        unsure.uncertain = true;
        let result = DocumentResult {
            objectives: vec![
                ObjectiveResult {
                    achieved: Some(false),
                    indicators: vec![per, no_of],
                    uncertain: false,
                },
                ObjectiveResult {
                    achieved: Some(true),
                    indicators: vec![unsure],
                    uncertain: true,
                },
            ],
        };
        assert_eq!(
            assessment(&doc, &result, crate::period::Period::CaNam)[1..],
            [
                "Các mục tiêu không đạt:",
                "- Mục tiêu 2 – Số doanh nghiệp của mỗi ngành (chỉ số 2a): kết quả 17, chỉ tiêu \
                 tối thiểu 08 cho từng nhóm, không đạt ở nhóm Ô tô: 0, Cơ khí: 7; Tỷ lệ học sinh \
                 khóa 2030 tốt nghiệp (chỉ số 2b): không có dữ liệu, có 12 dòng dữ liệu nhưng \
                 không dòng nào thỏa điều kiện mẫu số (of).",
                "Các mục tiêu đạt nhưng chưa chắc chắn (dòng lỗi bị loại có thể đổi kết quả):",
                "- Mục tiêu 3 – Tỷ lệ tốt nghiệp: kết quả 85% (17/20), Đạt (?) — 1 dòng lỗi có \
                 thể đổi kết quả.",
            ]
        );
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
                "- Mục tiêu 2 – Số doanh nghiệp: không có dữ liệu, không có dòng nào của đơn vị \
                 trong nguồn doanh_nghiep.",
                "- Mục tiêu 3 – Tỷ lệ tốt nghiệp: không có dữ liệu, 4 dòng có lỗi dữ liệu bị \
                 loại, không còn dòng hợp lệ.",
            ]
        );
        assert!(assessment(&doc(), &result, crate::period::Period::Hk2)[0]
            .starts_with("Trong học kỳ II năm học 2022 - 2023, Khoa B có 3 mục tiêu"));
        let mut result = result;
        // No row of the source in the whole run: the register was never dropped in.
        result.objectives[1].indicators[0].no_records = true;
        assert_eq!(
            assessment(&doc(), &result, crate::period::Period::CaNam)[4],
            "- Mục tiêu 2 – Số doanh nghiệp: không có dữ liệu, du-lieu/ không có dòng nào của \
             nguồn doanh_nghiep."
        );
        // A semester's sheets without the column the figure is read from: that is the why.
        result.objectives[0].indicators[1].missing_column = Some("Học lực".to_string());
        assert_eq!(
            assessment(&doc(), &result, crate::period::Period::Hk1)[2],
            "- Mục tiêu 1 – Tỷ lệ học sinh khá, giỏi (chỉ số 1a): kết quả 14,3% (1/7), chỉ tiêu \
             >= 30%; Tỷ lệ học sinh yếu (chỉ số 1b): không có dữ liệu, không trang tính nào có \
             cột “Học lực”."
        );
    }
}
