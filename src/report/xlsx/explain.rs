//! `<unit>/giai-trinh.xlsx`: the explanation form. One `giai_trinh` table with a row per
//! objective and per indicator not achieved or without data (and per one already explained):
//! the ids and the unit filled in, read-only context beside them (Nội dung, Chỉ tiêu, Kết
//! quả, Đánh giá — headers that match no field, so reading ignores them), and Nguyên nhân /
//! Biện pháp khắc phục empty or holding what the `giai_trinh` records already say. Filled in
//! and dropped into `du-lieu/`, it is read back by the next run as it is.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet};

use super::{cell_text, fit_row, new_workbook, write_header, Error, Styles};
use crate::compute::DocumentResult;
use crate::definitions::Document;
use crate::explain::{Explanation, Explanations};
use crate::report::format;

pub const FILE_NAME: &str = "giai-trinh.xlsx";
/// The sheet's name: it names the source, so the sheet is taken for `giai_trinh` by name
/// as well as by its headers.
pub const SHEET_NAME: &str = "Giải trình";

/// The columns, in order: (header, width, whether a person fills it in). *Học kỳ* holds the
/// run's period, so that a filled HK1 form explains the HK1 report only, not the year's.
pub const COLUMNS: [(&str, f64, bool); 11] = [
    ("Mã mục tiêu", 12.0, false),
    ("Mã chỉ số", 11.0, false),
    ("Khoa", 18.0, false),
    ("Nội dung", 45.0, false),
    ("Chỉ tiêu", 16.0, false),
    ("Kết quả", 18.0, false),
    ("Đánh giá", 14.0, false),
    ("Nguyên nhân", 45.0, true),
    ("Biện pháp khắc phục", 45.0, true),
    ("Người giải trình", 20.0, true),
    ("Học kỳ", 11.0, false),
];

/// One row of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRow {
    pub objective: String,
    pub indicator: String,
    pub text: String,
    pub target: String,
    pub result: String,
    pub verdict: String,
    pub explanation: Explanation,
}

/// The rows of the form of `doc`, in document order: each objective not achieved, without
/// data or already explained, then its indicators that are.
pub fn form_rows(doc: &Document, result: &DocumentResult, ex: &Explanations) -> Vec<FormRow> {
    let mut rows = Vec::new();
    for (o, or) in doc.objectives.iter().zip(&result.objectives) {
        let known = ex.objective(&o.id);
        if or.achieved != Some(true) || known.is_some() {
            rows.push(FormRow {
                objective: o.id.clone(),
                indicator: String::new(),
                text: o.text.trim().to_string(),
                target: String::new(),
                result: String::new(),
                verdict: format::verdict_vi(or.achieved).to_string(),
                explanation: known.cloned().unwrap_or_default(),
            });
        }
        for (ind, ir) in o.indicators.iter().zip(&or.indicators) {
            let known = ex.indicator(&o.id, &ind.id);
            if ir.achieved == Some(true) && known.is_none() {
                continue;
            }
            rows.push(FormRow {
                objective: o.id.clone(),
                indicator: ind.id.clone(),
                text: ind.label.trim().to_string(),
                target: ind.target.text.trim().to_string(),
                result: {
                    // What is to be explained: the groups short of the target (the whole
                    // may meet it), or why there is no figure.
                    use crate::report::docx::assessment;
                    let figure = format::figure(&ir.figure, ind.measure.is_percent(), &ind.target);
                    match (ir.achieved, assessment::groups_short(ind, ir)) {
                        (Some(false), Some(short)) => format!("{figure} — {short}"),
                        (None, _) => format!("{figure} — {}", assessment::why_no_data(ind, ir)),
                        (Some(false), None) if ir.no_records => format!(
                            "{figure} — {}",
                            format::no_records_note(&ind.source, crate::i18n::Lang::Vi)
                        ),
                        _ => figure,
                    }
                },
                verdict: format::verdict_marked_vi(ir.achieved, ir.uncertain),
                explanation: known.cloned().unwrap_or_default(),
            });
        }
    }
    rows
}

/// The explanation form of `doc` for a run of `period`: "Học kỳ I", "Học kỳ II" or "Cả năm"
/// on every row, which reading takes as the record's period (`hoc_ky`).
pub fn explanation_workbook(
    doc: &Document,
    result: &DocumentResult,
    ex: &Explanations,
    period: crate::period::Period,
) -> Result<Vec<u8>, Error> {
    let styles = Styles::new();
    let mut wb = new_workbook(&format!(
        "Giải trình mục tiêu chưa đạt — {}",
        doc.unit.trim()
    ));
    let mut ws = Worksheet::new();
    ws.set_name(SHEET_NAME)?;
    let columns: Vec<(&str, f64)> = COLUMNS.iter().map(|(h, w, _)| (*h, *w)).collect();
    write_header(&mut ws, 0, &columns, &styles)?;
    // Context is shaded and locked; what a person fills in is open.
    let context = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap()
        .set_background_color(rust_xlsxwriter::Color::RGB(super::colour::OBJECTIVE_FILL));
    let open = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap()
        .set_unlocked();
    let unit = doc.unit.trim();
    let period = period.label(crate::i18n::Lang::Vi).to_string();
    let rows = form_rows(doc, result, ex);
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let values = [
            r.objective.as_str(),
            &r.indicator,
            unit,
            &r.text,
            &r.target,
            &r.result,
            &r.verdict,
            &r.explanation.cause,
            &r.explanation.action,
            &r.explanation.person,
            &period,
        ];
        for (c, (v, (_, _, fill))) in values.iter().zip(COLUMNS).enumerate() {
            let f = if fill { &open } else { &context };
            ws.write_string_with_format(row, c as u16, cell_text(v), f)?;
        }
        let sized: Vec<(&str, f64)> = values
            .iter()
            .zip(COLUMNS)
            .map(|(v, (_, w, _))| (*v, w))
            .collect();
        fit_row(&mut ws, row, &sized)?;
    }
    // Room for a few rows more, open too (an explanation of something else of the unit).
    for row in rows.len() as u32 + 1..rows.len() as u32 + 6 {
        for (c, (_, _, fill)) in COLUMNS.iter().enumerate() {
            if *fill {
                ws.write_blank(row, c as u16, &open)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    // Protected without a password: the context cannot be typed over by mistake, and
    // rows may still be inserted for an explanation of something else.
    ws.protect_with_options(&rust_xlsxwriter::ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        ..Default::default()
    });
    wb.push_worksheet(ws);
    super::save(&mut wb)
}

/// The *Nguyên nhân* and *Biện pháp khắc phục* columns of the unit workbook's summary, from
/// `(header_row, column)`: the objective's explanation on its row, each indicator's on its
/// own. The rows mirror `unit::results_table`: an objective row, then a row per indicator
/// and per group.
pub(crate) fn summary_columns(
    ws: &mut Worksheet,
    (header_row, col): (u32, u16),
    doc: &Document,
    result: &DocumentResult,
    ex: &Explanations,
    lang: crate::i18n::Lang,
    styles: &Styles,
) -> Result<(), Error> {
    let headers = [
        (super::t(lang, "Nguyên nhân", "Cause"), 40.0),
        (
            super::t(lang, "Biện pháp khắc phục", "Corrective action"),
            40.0,
        ),
    ];
    for (k, (h, w)) in headers.iter().enumerate() {
        ws.write_string_with_format(header_row, col + k as u16, *h, &styles.header)?;
        ws.set_column_width(col + k as u16, *w)?;
    }
    let mut row = header_row;
    let put = |ws: &mut Worksheet, row: u32, e: Option<&Explanation>, fill: &Format| {
        let (cause, action) = e.map_or(("", ""), |e| (e.cause.as_str(), e.action.as_str()));
        ws.write_string_with_format(row, col, cell_text(cause), fill)?;
        ws.write_string_with_format(row, col + 1, cell_text(action), fill)?;
        Ok::<(), Error>(())
    };
    for (o, or) in doc.objectives.iter().zip(&result.objectives) {
        row += 1;
        put(ws, row, ex.objective(&o.id), &styles.objective)?;
        for (ind, ir) in o.indicators.iter().zip(&or.indicators) {
            row += 1;
            put(ws, row, ex.indicator(&o.id, &ind.id), &styles.wrap)?;
            for _ in &ir.groups {
                row += 1;
                put(ws, row, None, &styles.wrap)?;
            }
        }
    }
    Ok(())
}
