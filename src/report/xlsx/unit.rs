//! `<unit>/ket-qua-mtcl.xlsx`: one document's results, and the rows behind every figure.
//!
//! Sheets, in order: the summary (one row per objective, indicator and group, coloured by
//! achievement, each linked to its drill-down column); a chart of result against target for
//! the percentage indicators; one drill-down sheet per source the document uses, listing the
//! document's records of that source once with their provenance, their fields, and one
//! column per indicator marking "Tử số" / "Mẫu số" / "Loại trừ"; and the unit's issues.
//!
//! A drill-down sheet is as long as the data, not data × indicators: an autofilter on an
//! indicator's column shows the rows behind that figure.

use std::collections::{HashMap, HashSet};

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartMarker, ChartMarkerType, ChartSolidFill, ChartType,
    ConditionalFormatFormula, Note, Url, Worksheet,
};

use super::colour::NOT_TEXT;
use super::{
    bool_text, cell_text, col_letters, fit_row, issues, new_workbook, print_setup, quoted,
    status_marked, status_text, t, target_level, width_for, write_figure, write_header,
    write_quantity, Error, SheetNames, Styles, MAX_ROWS,
};
use crate::compute::{DocumentResult, IndicatorResult, Mark};
use crate::dataset::{Dataset, Issue};
use crate::definitions::{Document, Indicator, Scope};
use crate::i18n::Lang;
use crate::model::{Origin, Strings, Value};
use crate::report::compare::{self, Earlier, Previous};
use crate::report::Setting;
use crate::schema::{Catalog, Field};
use crate::text::unit_key;

pub const FILE_NAME: &str = "ket-qua-mtcl.xlsx";

/// A source's fields in drill-down order: the key fields first (what identifies a row, kept
/// frozen on screen and repeated on printed pages), then the others in schema order.
fn field_order(source: &crate::schema::Source) -> Vec<usize> {
    let mut order: Vec<usize> = source.key.clone();
    order.extend((0..source.fields.len()).filter(|f| !source.key.contains(f)));
    order
}

/// The word in a drill-down column for how a record takes part in an indicator.
pub fn mark_text(mark: Mark, lang: Lang) -> &'static str {
    match mark {
        Mark::Numerator => t(lang, "Tử số", "Numerator"),
        Mark::Denominator => t(lang, "Chỉ ở mẫu số", "Denominator only"),
        Mark::Repeat => t(lang, "Trùng (đã đếm)", "Repeat (counted)"),
        Mark::Excluded => t(lang, "Loại trừ", "Excluded"),
    }
}

/// Where everything of a unit workbook goes: sheet names and drill-down columns. Computed
/// before anything is written, so the summary can link to sheets written after it, and so
/// `tong-hop.xlsx` can link into a unit workbook.
#[derive(Debug)]
pub(crate) struct Layout {
    pub summary: String,
    pub chart: Option<String>,
    /// One per source the document uses, in catalogue order.
    pub drills: Vec<Drill>,
    pub issues: String,
}

#[derive(Debug)]
pub(crate) struct Drill {
    /// Index of the source in the catalogue (and of its table in the dataset).
    pub source: usize,
    pub sheet: String,
    /// (objective index, indicator index) of each indicator column, in document order.
    pub indicators: Vec<(usize, usize)>,
}

impl Drill {
    fn first_indicator_column(&self, catalog: &Catalog) -> u16 {
        catalog.sources[self.source].fields.len() as u16
    }
}

impl Layout {
    pub fn new(doc: &Document, catalog: &Catalog, lang: Lang) -> Layout {
        let mut names = SheetNames::new();
        let summary = names.claim(t(lang, "Tổng hợp", "Summary"));
        let chart = doc
            .indicators()
            .any(|(_, i)| i.measure.is_percent())
            .then(|| names.claim(t(lang, "Biểu đồ", "Chart")));
        let mut drills = Vec::new();
        for (s, source) in catalog.sources.iter().enumerate() {
            let mut indicators = Vec::new();
            for (o, obj) in doc.objectives.iter().enumerate() {
                for (i, ind) in obj.indicators.iter().enumerate() {
                    if ind.source == source.id {
                        indicators.push((o, i));
                    }
                }
            }
            if !indicators.is_empty() {
                drills.push(Drill {
                    source: s,
                    sheet: names.claim(&super::source_sheet_name(source)),
                    indicators,
                });
            }
        }
        let issues = names.claim(t(lang, "Lỗi dữ liệu", "Issues"));
        Layout {
            summary,
            chart,
            drills,
            issues,
        }
    }

    /// The sheet and column of an indicator's drill-down column.
    pub fn drill_column(&self, o: usize, i: usize, catalog: &Catalog) -> Option<(&str, u16)> {
        self.drills.iter().find_map(|d| {
            let k = d.indicators.iter().position(|&x| x == (o, i))?;
            Some((
                d.sheet.as_str(),
                d.first_indicator_column(catalog) + k as u16,
            ))
        })
    }
}

/// The bytes of `<unit>/ket-qua-mtcl.xlsx` for document `doc_index` of the run.
pub fn unit_workbook(
    doc: &Document,
    doc_index: usize,
    result: &DocumentResult,
    catalog: &Catalog,
    data: &Dataset,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    unit_workbook_with(
        doc,
        doc_index,
        result,
        catalog,
        data,
        lang,
        &Setting::default(),
        None,
    )
}

/// [`unit_workbook`] for the run's period, with the earlier values when comparing, and
/// issues linked to their sheet and cell: `to_workspace` is the path from the unit's folder
/// to the workspace root (`../..` for `bao-cao/<unit>/`).
#[allow(clippy::too_many_arguments)]
pub fn unit_workbook_with(
    doc: &Document,
    doc_index: usize,
    result: &DocumentResult,
    catalog: &Catalog,
    data: &Dataset,
    lang: Lang,
    setting: &Setting,
    to_workspace: Option<&str>,
) -> Result<Vec<u8>, Error> {
    let styles = Styles::new();
    let layout = Layout::new(doc, catalog, lang);
    let mut wb = new_workbook(&format!(
        "{} — {} — {} {}",
        t(
            lang,
            "Kết quả thực hiện mục tiêu chất lượng",
            "Quality objectives results"
        ),
        doc.unit,
        setting.period.year_words(lang),
        doc.school_year
    ));

    let mut ws = Worksheet::new();
    ws.set_name(&layout.summary)?;
    summary_sheet(
        &mut ws, doc, result, catalog, &layout, lang, &styles, setting,
    )?;
    let explained = crate::explain::for_document(doc_index, doc, catalog, data);
    // After Năm trước and Chênh lệch when the run compares.
    let compared = if setting.previous.is_some() { 2 } else { 0 };
    let at = (SUMMARY_HEADER_ROW, COL_LINK + 1 + compared);
    super::explain::summary_columns(&mut ws, at, doc, result, &explained, lang, &styles)?;
    if let Some(w) = crate::report::format::nothing_read_warning(data, lang) {
        ws.write_string_with_format(2, 0, cell_text(&w), &styles.warning)?;
    }
    wb.push_worksheet(ws);

    if let Some(name) = &layout.chart {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        let previous = setting.previous.as_ref();
        chart_sheet(&mut ws, name, doc, result, setting, lang, &styles)?;
        if let Some(p) = previous {
            previous_series(&mut ws, doc, result, p, lang, &styles)?;
        }
        wb.push_worksheet(ws);
    }

    // The unit whose records the drill-downs list; every record for the school.
    let unit = match doc.scope {
        Scope::School => None,
        Scope::Unit => Some(doc_index),
    };
    // The parts are numbered by sheet: the summary, the chart, then the drill-downs.
    let first_drill = 2 + usize::from(layout.chart.is_some());
    let mut spliced = Vec::new();
    for (k, drill) in layout.drills.iter().enumerate() {
        // Constant-memory mode: its cells are inline strings, as the rows spliced in are;
        // the rows themselves are never held whole (hundreds of MB for a large unit).
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(&drill.sheet)?;
        spliced.extend(drill_sheet(
            ws,
            drill,
            doc,
            result,
            catalog,
            data,
            unit,
            lang,
            &styles,
            first_drill + k,
        )?);
    }

    let mut ws = Worksheet::new();
    ws.set_name(&layout.issues)?;
    let mine = unit_issues(doc, doc_index, data);
    issues::issue_table(
        &mut ws,
        0,
        &mine,
        to_workspace,
        Some(catalog),
        lang,
        &styles,
    )?;
    wb.push_worksheet(ws);

    let bytes = super::drill::splice(super::save(&mut wb)?, &mut spliced)?;
    // The chart's part is rewritten after saving; the zip's host is set on the result.
    super::patch_charts(bytes).map(crate::platform::same_zip_host)
}

/// The summary table's columns.
fn summary_columns(lang: Lang) -> [(&'static str, f64); 11] {
    [
        (t(lang, "Mục tiêu", "Objective"), 9.0),
        (t(lang, "Chỉ số", "Indicator"), 9.0),
        (t(lang, "Nội dung", "Description"), 48.0),
        (t(lang, "Nguồn dữ liệu", "Data source"), 18.0),
        (t(lang, "Chỉ tiêu", "Target"), 16.0),
        (t(lang, "Kết quả", "Result"), 11.0),
        (t(lang, "Tử số", "Numerator"), 10.0),
        (t(lang, "Mẫu số", "Denominator"), 10.0),
        (t(lang, "Dòng loại trừ", "Excluded rows"), 10.0),
        (t(lang, "Đánh giá", "Assessment"), 16.0),
        (t(lang, "Xem dữ liệu", "Rows behind"), 24.0),
    ]
}

const COL_RESULT: u16 = 5;
const COL_STATUS: u16 = 9;
const COL_LINK: u16 = 10;

/// Row of the summary's header (0-based): a title and the school above it.
const SUMMARY_HEADER_ROW: u32 = 3;

#[allow(clippy::too_many_arguments)]
fn summary_sheet(
    ws: &mut Worksheet,
    doc: &Document,
    result: &DocumentResult,
    catalog: &Catalog,
    layout: &Layout,
    lang: Lang,
    styles: &Styles,
    setting: &Setting,
) -> Result<(), Error> {
    let title = format!(
        "{} — {} — {} {}",
        t(
            lang,
            "KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG",
            "QUALITY OBJECTIVES: RESULTS"
        ),
        doc.unit,
        setting.period.year_words(lang),
        doc.school_year
    );
    ws.write_string_with_format(0, 0, cell_text(&title), &styles.title)?;
    ws.write_string_with_format(1, 0, cell_text(&doc.school), &styles.subtitle)?;
    let link = |o: usize, i: usize| {
        layout
            .drill_column(o, i, catalog)
            .map(|(s, c)| (s.to_string(), c))
    };
    results_table(
        ws,
        SUMMARY_HEADER_ROW,
        doc,
        result,
        catalog,
        &link,
        None,
        lang,
        styles,
    )?;
    if let Some(p) = &setting.previous {
        previous_columns(ws, SUMMARY_HEADER_ROW, doc, result, p, lang, styles)?;
    }
    ws.set_freeze_panes(SUMMARY_HEADER_ROW + 1, 2)?;
    print_setup(ws, SUMMARY_HEADER_ROW)
}

/// Where a summary row links to: a sheet and column of the same workbook, or of another
/// workbook (`file`, relative to the workbook being written).
pub(crate) type LinkTo<'a> = &'a dyn Fn(usize, usize) -> Option<(String, u16)>;

/// Writes the results of one document as a table from `header_row`: a row per objective
/// (bold), per indicator and per group; the status coloured by conditional formatting; a
/// link per indicator to its drill-down column. With `file`, the links point into that
/// workbook instead of this one. Returns the last row written.
#[allow(clippy::too_many_arguments)]
pub(crate) fn results_table(
    ws: &mut Worksheet,
    header_row: u32,
    doc: &Document,
    result: &DocumentResult,
    catalog: &Catalog,
    link: LinkTo,
    file: Option<&str>,
    lang: Lang,
    styles: &Styles,
) -> Result<u32, Error> {
    let columns = summary_columns(lang);
    write_header(ws, header_row, &columns, styles)?;
    ws.set_row_height(header_row, 30)?;
    let mut row = header_row;
    for (o, (obj, or)) in doc.objectives.iter().zip(&result.objectives).enumerate() {
        row += 1;
        ws.write_string_with_format(row, 0, cell_text(&obj.id), &styles.objective)?;
        ws.write_blank(row, 1, &styles.objective)?;
        ws.write_string_with_format(row, 2, cell_text(&obj.text), &styles.objective)?;
        for c in 3..COL_STATUS {
            ws.write_blank(row, c, &styles.objective)?;
        }
        ws.write_string_with_format(
            row,
            COL_STATUS,
            crate::report::format::verdict_marked(or.achieved, or.uncertain, lang),
            &styles.objective,
        )?;
        ws.write_blank(row, COL_LINK, &styles.objective)?;
        fit_row(ws, row, &[(&obj.text, columns[2].1 * 0.9)])?;
        for (i, (ind, ir)) in obj.indicators.iter().zip(&or.indicators).enumerate() {
            row += 1;
            let target = link(o, i);
            indicator_row(ws, row, obj.id.as_str(), ind, ir, catalog, lang, styles)?;
            let source = catalog
                .get(&ind.source)
                .map_or(ind.source.as_str(), |s| s.title.as_str());
            fit_row(
                ws,
                row,
                &[(indicator_label(ind), columns[2].1), (source, columns[3].1)],
            )?;
            write_link(ws, row, target.as_ref(), file, ind, lang, styles)?;
            for g in &ir.groups {
                row += 1;
                ws.write_string_with_format(row, 0, cell_text(&obj.id), &styles.text)?;
                ws.write_string_with_format(row, 1, cell_text(&ind.id), &styles.text)?;
                let label = format!("    {} {}", t(lang, "Nhóm:", "Group:"), g.group);
                ws.write_string_with_format(row, 2, cell_text(&label), &styles.wrap)?;
                ws.write_blank(row, 3, &styles.text)?;
                ws.write_string_with_format(row, 4, cell_text(&ind.target.text), &styles.text)?;
                write_figure(
                    ws,
                    row,
                    COL_RESULT,
                    g.figure.value,
                    ind.measure.is_percent(),
                    &ind.target,
                    styles,
                )?;
                write_quantity(ws, row, 6, g.figure.numerator, styles)?;
                match g.figure.denominator {
                    Some(d) => write_quantity(ws, row, 7, d, styles)?,
                    None => {
                        ws.write_blank(row, 7, &styles.text)?;
                    }
                }
                ws.write_blank(row, 8, &styles.text)?;
                ws.write_string_with_format(
                    row,
                    COL_STATUS,
                    crate::report::format::verdict_marked(g.achieved, g.uncertain, lang),
                    &styles.text,
                )?;
                write_link(ws, row, target.as_ref(), file, ind, lang, styles)?;
            }
        }
    }
    if row > header_row {
        ws.autofilter(header_row, 0, row, COL_LINK)?;
        let status = col_letters(COL_STATUS);
        let first = header_row + 2; // 1-based first data row
        for achieved in [Some(true), Some(false), None] {
            // By the start of the text, so "Đạt (?) — …" is coloured as "Đạt".
            let word = status_text(achieved, lang).replace('"', "\"\"");
            let rule = format!("=LEFT(${status}{first},LEN(\"{word}\"))=\"{word}\"");
            let cf = ConditionalFormatFormula::new()
                .set_rule(rule.as_str())
                .set_format(Styles::status_conditional(achieved));
            ws.add_conditional_format(header_row + 1, COL_RESULT, row, COL_RESULT, &cf)?;
            ws.add_conditional_format(header_row + 1, COL_STATUS, row, COL_STATUS, &cf)?;
        }
    } else {
        ws.autofilter(header_row, 0, header_row, COL_LINK)?;
    }
    Ok(row)
}

#[allow(clippy::too_many_arguments)]
fn indicator_row(
    ws: &mut Worksheet,
    row: u32,
    objective: &str,
    ind: &Indicator,
    ir: &IndicatorResult,
    catalog: &Catalog,
    lang: Lang,
    styles: &Styles,
) -> Result<(), Error> {
    ws.write_string_with_format(row, 0, cell_text(objective), &styles.text)?;
    ws.write_string_with_format(row, 1, cell_text(&ind.id), &styles.text)?;
    ws.write_string_with_format(row, 2, cell_text(indicator_label(ind)), &styles.wrap)?;
    let source = catalog
        .get(&ind.source)
        .map_or(ind.source.as_str(), |s| s.title.as_str());
    ws.write_string_with_format(row, 3, cell_text(source), &styles.wrap)?;
    ws.write_string_with_format(row, 4, cell_text(&ind.target.text), &styles.text)?;
    write_figure(
        ws,
        row,
        COL_RESULT,
        ir.figure.value,
        ind.measure.is_percent(),
        &ind.target,
        styles,
    )?;
    write_quantity(ws, row, 6, ir.figure.numerator, styles)?;
    match ir.figure.denominator {
        Some(d) => write_quantity(ws, row, 7, d, styles)?,
        None => {
            ws.write_blank(row, 7, &styles.text)?;
        }
    }
    ws.write_number_with_format(row, 8, ir.excluded_rows as f64, &styles.integer)?;
    ws.write_string_with_format(
        row,
        COL_STATUS,
        status_marked(ir.achieved, ir.uncertain, ir.excluded_rows, lang),
        &styles.text,
    )?;
    Ok(())
}

/// An indicator's label, or its id when the definitions gave none.
pub(crate) fn indicator_label(ind: &Indicator) -> &str {
    if ind.label.trim().is_empty() {
        &ind.id
    } else {
        &ind.label
    }
}

fn write_link(
    ws: &mut Worksheet,
    row: u32,
    target: Option<&(String, u16)>,
    file: Option<&str>,
    ind: &Indicator,
    lang: Lang,
    styles: &Styles,
) -> Result<(), Error> {
    let Some((sheet, col)) = target else {
        ws.write_blank(row, COL_LINK, &styles.text)?;
        return Ok(());
    };
    let anchor = format!("{}!{}1", quoted(sheet), col_letters(*col));
    let url = match file {
        None => format!("internal:{anchor}"),
        Some(f) => format!("file:///{f}#{anchor}"),
    };
    let text = format!("{} › {} {}", sheet, t(lang, "chỉ số", "indicator"), ind.id);
    let url = Url::new(url).set_text(cell_text(&text));
    if ws
        .write_url_with_format(row, COL_LINK, &url, &styles.link)
        .is_err()
    {
        // A link Excel cannot hold (too long): the text still says where to look.
        ws.write_string_with_format(row, COL_LINK, cell_text(&text), &styles.text)?;
    }
    Ok(())
}

/// *Năm trước* (or *Kỳ trước*) and *Chênh lệch* after the summary's columns, on the row
/// of each indicator (the rows [`results_table`] writes: an objective, then each indicator
/// followed by its groups). The difference is in percentage points for shares, in units
/// for counts; "–" where the earlier report has no value.
fn previous_columns(
    ws: &mut Worksheet,
    header_row: u32,
    doc: &Document,
    result: &DocumentResult,
    previous: &Previous,
    lang: Lang,
    styles: &Styles,
) -> Result<(), Error> {
    let (col_prev, col_diff) = (COL_LINK + 1, COL_LINK + 2);
    ws.write_string_with_format(header_row, col_prev, previous.heading(lang), &styles.header)?;
    ws.write_string_with_format(
        header_row,
        col_diff,
        t(lang, "Chênh lệch", "Change"),
        &styles.header,
    )?;
    ws.set_column_width(col_prev, 12)?;
    ws.set_column_width(col_diff, 16)?;
    let points = styles.text.clone().set_num_format(t(
        lang,
        "+0.0\" điểm %\";-0.0\" điểm %\";0\" điểm %\"",
        "+0.0\" pts\";-0.0\" pts\";0\" pts\"",
    ));
    let units = styles.text.clone().set_num_format("+#,##0.##;-#,##0.##;0");
    let mut row = header_row;
    for (obj, or) in doc.objectives.iter().zip(&result.objectives) {
        row += 1;
        ws.write_blank(row, col_prev, &styles.objective)?;
        ws.write_blank(row, col_diff, &styles.objective)?;
        for (ind, ir) in obj.indicators.iter().zip(&or.indicators) {
            row += 1;
            let percent = ind.measure.is_percent();
            let earlier = previous.get(&doc.unit, ind);
            match earlier {
                Earlier::Value(v) if percent => {
                    // 84,96% as such, not "85,0%" (as the documents write it).
                    let f = if ((v * 10.0).round() - v * 10.0).abs() < 1e-9 {
                        styles.percent.clone()
                    } else {
                        styles
                            .percent
                            .clone()
                            .set_num_format(crate::report::format::percent_format(2))
                    };
                    ws.write_number_with_format(row, col_prev, v / 100.0, &f)?;
                }
                Earlier::Value(v) if v.fract() == 0.0 => {
                    ws.write_number_with_format(row, col_prev, v, &styles.integer)?;
                }
                Earlier::Value(v) => {
                    ws.write_number_with_format(row, col_prev, v, &styles.decimal)?;
                }
                _ => {
                    ws.write_string_with_format(row, col_prev, "–", &styles.text)?;
                }
            }
            match compare::difference(ir.figure.value, earlier) {
                Some(d) => {
                    let f = if percent { &points } else { &units };
                    ws.write_number_with_format(row, col_diff, d, f)?;
                }
                None => {
                    ws.write_string_with_format(row, col_diff, "–", &styles.text)?;
                }
            }
            for _ in &ir.groups {
                row += 1;
                ws.write_blank(row, col_prev, &styles.text)?;
                ws.write_blank(row, col_diff, &styles.text)?;
            }
        }
    }
    Ok(())
}

/// The earlier values beside the chart's table (column F) and as a third series, so the
/// chart shows this year's result, last year's and the target. The chart sheet was written
/// by [`chart_sheet`] with its rows in the same order.
fn previous_series(
    ws: &mut Worksheet,
    doc: &Document,
    result: &DocumentResult,
    previous: &Previous,
    lang: Lang,
    styles: &Styles,
) -> Result<(), Error> {
    const COL: u16 = 5;
    ws.write_string_with_format(0, COL, previous.heading(lang), &styles.header)?;
    ws.set_column_width(COL, 12)?;
    let mut row = 0;
    for (obj, _) in doc.objectives.iter().zip(&result.objectives) {
        for ind in &obj.indicators {
            if !ind.measure.is_percent() {
                continue;
            }
            row += 1;
            match previous.get(&doc.unit, ind) {
                Earlier::Value(v) => {
                    ws.write_number_with_format(row, COL, v / 100.0, &styles.percent)?;
                }
                _ => {
                    ws.write_blank(row, COL, &styles.text)?;
                }
            }
        }
    }
    Ok(())
}

/// Result against target for the percentage indicators: a small table the chart reads,
/// and the chart beside it, its title naming a semester's period.
fn chart_sheet(
    ws: &mut Worksheet,
    name: &str,
    doc: &Document,
    result: &DocumentResult,
    setting: &Setting,
    lang: Lang,
    styles: &Styles,
) -> Result<(), Error> {
    let previous = setting.previous.as_ref();
    let columns = [
        (t(lang, "Chỉ số", "Indicator"), 9.0),
        (t(lang, "Nội dung", "Description"), 40.0),
        (t(lang, "Kết quả", "Result"), 11.0),
        (t(lang, "Chỉ tiêu", "Target"), 11.0),
        (t(lang, "Đánh giá", "Assessment"), 16.0),
        (t(lang, "Nhãn biểu đồ", "Chart label"), 24.0),
        (t(lang, "Chỉ tiêu (cận trên)", "Target (upper end)"), 11.0),
    ];
    write_header(ws, 0, &columns, styles)?;
    let mut row = 0;
    let mut any_range = false;
    for (obj, or) in doc.objectives.iter().zip(&result.objectives) {
        for (ind, ir) in obj.indicators.iter().zip(&or.indicators) {
            if !ind.measure.is_percent() {
                continue;
            }
            row += 1;
            ws.write_string_with_format(row, 0, cell_text(&ind.id), &styles.text)?;
            ws.write_string_with_format(row, 1, cell_text(indicator_label(ind)), &styles.wrap)?;
            write_figure(ws, row, 2, ir.figure.value, true, &ind.target, styles)?;
            ws.write_number_with_format(
                row,
                3,
                target_level(&ind.target) / 100.0,
                &styles.percent,
            )?;
            ws.write_string_with_format(
                row,
                4,
                crate::report::format::verdict_marked(ir.achieved, ir.uncertain, lang),
                styles.status(ir.achieved),
            )?;
            ws.write_string_with_format(row, 5, cell_text(&chart_label(ind)), &styles.text)?;
            if let crate::definitions::Cmp::Between(_, hi) = ind.target.cmp {
                any_range = true;
                ws.write_number_with_format(row, 6, hi.to_f64() / 100.0, &styles.percent)?;
            }
        }
    }
    let mut bars = Chart::new(ChartType::Column);
    let mut title = t(lang, "Kết quả so với chỉ tiêu", "Result against target").to_string();
    if setting.period.is_semester() {
        let (vi, en) = (setting.period.name_vi(), setting.period.name_en());
        title = format!("{title} — {}", t(lang, vi, en));
    }
    bars.title().set_name(&title);
    bars.add_series()
        .set_name(t(lang, "Kết quả", "Result"))
        .set_categories((name, 1, 5, row, 5))
        .set_values((name, 1, 2, row, 2));
    if let Some(p) = previous {
        // Written beside the table by `previous_series`.
        bars.add_series()
            .set_name(p.heading(lang))
            .set_categories((name, 1, 0, row, 0))
            .set_values((name, 1, 5, row, 5));
    }
    bars.y_axis().set_num_format("0%").set_min(0);
    let marker = || {
        let mut m = ChartMarker::new();
        m.set_type(ChartMarkerType::LongDash)
            .set_size(20)
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(NOT_TEXT))
                    .set_border(ChartLine::new().set_color(NOT_TEXT).set_width(2.25)),
            );
        m
    };
    let mut level = Chart::new(ChartType::Line);
    level
        .add_series()
        .set_name(if any_range {
            t(lang, "Chỉ tiêu (cận dưới)", "Target (lower end)")
        } else {
            t(lang, "Chỉ tiêu", "Target")
        })
        .set_categories((name, 1, 5, row, 5))
        .set_values((name, 1, 3, row, 3))
        .set_marker(&marker())
        .set_format(ChartFormat::new().set_no_line());
    if any_range {
        // A range ("55% ÷ 60%") shows both its ends.
        level
            .add_series()
            .set_name(t(lang, "Chỉ tiêu (cận trên)", "Target (upper end)"))
            .set_categories((name, 1, 5, row, 5))
            .set_values((name, 1, 6, row, 6))
            .set_marker(&marker())
            .set_format(ChartFormat::new().set_no_line());
    }
    bars.combine(&level);
    bars.set_width(720).set_height(400);
    ws.insert_chart(0, 8, &bars)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, 0)?;
    Ok(())
}

/// A chart category: the indicator's id and the start of its label ("4a. Tỷ lệ học sinh
/// khá…"), short enough to stay readable under a bar.
fn chart_label(ind: &Indicator) -> String {
    const MAX: usize = 24;
    let label = indicator_label(ind).trim();
    if label == ind.id {
        return ind.id.clone();
    }
    if label.chars().count() <= MAX {
        return format!("{}. {label}", ind.id);
    }
    // Whole words up to the limit (a word longer than that is cut).
    let mut short = String::new();
    for word in label.split_whitespace() {
        if short.chars().count() + 1 + word.chars().count() > MAX {
            break;
        }
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(word);
    }
    if short.is_empty() {
        short = label.chars().take(MAX).collect();
    }
    format!("{}. {}…", ind.id, short.trim_end_matches([',', ';', ':']))
}

/// One source's records in the document's scope, each once, with a column per indicator.
/// Returns the record rows, written into the saved workbook by `drill::splice` as part
/// `xl/worksheets/sheet{sheet_number}.xml`.
#[allow(clippy::too_many_arguments)]
fn drill_sheet<'a>(
    ws: &mut Worksheet,
    drill: &Drill,
    doc: &Document,
    result: &DocumentResult,
    catalog: &'a Catalog,
    data: &'a Dataset,
    unit: Option<usize>,
    lang: Lang,
    styles: &Styles,
    sheet_number: usize,
) -> Result<Option<super::drill::Rows<'a>>, Error> {
    let source = &catalog.sources[drill.source];
    let table = &data.tables[drill.source];
    let order = field_order(source);
    let mut columns: Vec<(String, f64)> = Vec::new();
    for &f in &order {
        let h = source.fields[f].canonical_header();
        columns.push((h.to_string(), width_for(h, 9.0)));
    }
    let first_ind = drill.first_indicator_column(catalog);
    // The unit's records, in table order; only these are looked at (a national run has
    // hundreds of units over one table).
    let rows: Vec<usize> = match unit {
        None => (0..table.len()).collect(),
        Some(u) => u16::try_from(u)
            .map_or(&[][..], |u| table.of_unit(u))
            .iter()
            .map(|&r| r as usize)
            .collect(),
    };
    let truncated = rows.len() >= MAX_ROWS as usize;
    let rows = &rows[..rows.len().min(MAX_ROWS as usize - 1)];
    // The mark of every row in each indicator, by position in `rows` (both lists are in
    // table order, so one walk pairs them).
    let mut marks: Vec<Vec<Option<Mark>>> = Vec::new();
    let mut notes = Vec::new();
    for &(o, i) in &drill.indicators {
        let ind = &doc.objectives[o].indicators[i];
        let ir = &result.objectives[o].indicators[i];
        columns.push((
            format!("{} {}", t(lang, "Chỉ số", "Indicator"), ind.id),
            13.0,
        ));
        let mut m = vec![None; rows.len()];
        let mut members = ir.members.iter().peekable();
        for (k, &r) in rows.iter().enumerate() {
            while members.next_if(|(x, _)| (*x as usize) < r).is_some() {}
            if let Some(&(_, mark)) = members.next_if(|(x, _)| *x as usize == r) {
                m[k] = Some(mark);
            }
        }
        marks.push(m);
        notes.push(indicator_note(ind, ir, source, lang));
    }
    // A school document lists every row; those whose unit matched no unit's definitions
    // are marked, so they are not lost between the units' workbooks.
    let unit_col = (doc.scope == Scope::School
        && data.issues.iter().any(|i| i.code == "unknown-unit"))
    .then(|| {
        columns.push((t(lang, "Đơn vị nhận ra", "Unit found").to_string(), 16.0));
        columns.len() as u16 - 1
    });
    let provenance = columns.len() as u16;
    columns.push((t(lang, "Trang tính", "Sheet").to_string(), 14.0));
    columns.push((t(lang, "Dòng", "Row").to_string(), 7.0));
    columns.push((t(lang, "Tệp", "File").to_string(), 32.0));
    // Widths from the headers and the first rows of data (the sheet is streamed, so
    // Excel-style autofit cannot look back), at most about 40 characters.
    for &r in rows.iter().take(500) {
        let rec = table.get(r);
        let (file, sheet, _) = data.place(rec.origin);
        let widest = |w: &mut f64, n: usize| *w = w.max((n as f64 + 2.0).min(40.0));
        widest(
            &mut columns[provenance as usize + 2].1,
            file.chars().count(),
        );
        widest(&mut columns[provenance as usize].1, sheet.chars().count());
        for (c, &f) in order.iter().enumerate() {
            widest(
                &mut columns[c].1,
                shown_len(rec.values.get(f), &source.fields[f], &data.strings),
            );
        }
    }
    let header: Vec<(&str, f64)> = columns.iter().map(|(s, w)| (s.as_str(), *w)).collect();
    write_header(ws, 0, &header, styles)?;
    ws.set_row_height(0, 30)?;
    for (k, note) in notes.into_iter().enumerate() {
        ws.insert_note(0, first_ind + k as u16, &note)?;
    }
    if truncated {
        let note = Note::new(t(
            lang,
            "Bảng dài hơn giới hạn số dòng của Excel: chỉ ghi phần đầu. Danh sách đầy đủ ở ket-qua.json.",
            "The table is longer than Excel's row limit: only its beginning is written. The full list is in ket-qua.json.",
        ))
        .set_author("mtcl")
        .add_author_prefix(false);
        ws.insert_note(0, 0, &note)?;
    }
    let last_col = columns.len() as u16 - 1;
    // The record rows are written into the saved workbook (`drill::splice`); here only a
    // placeholder at the last row, so that the sheet's dimension and formats are as if
    // rust_xlsxwriter had written every cell.
    let row = rows.len() as u32;
    let rows = (!rows.is_empty()).then(|| {
        super::drill::Rows::new(
            source,
            table,
            data,
            lang,
            rows.to_vec(),
            order,
            marks,
            first_ind,
            unit_col,
            provenance,
        )
    });
    let rows = match rows {
        #[cfg(test)]
        Some(r) if super::drill::cell_by_cell() => {
            r.write_cell_by_cell(ws, styles)?;
            None
        }
        Some(mut r) => {
            r.place_holder(ws, sheet_number, last_col, styles)?;
            Some(r)
        }
        None => None,
    };
    ws.autofilter(0, 0, row, last_col)?;
    let keys = source.key.len().clamp(1, 3) as u16;
    ws.set_freeze_panes(1, keys)?;
    let widths: Vec<f64> = columns.iter().map(|(_, w)| *w).collect();
    super::print_setup_wide(ws, 0, &widths, keys)?;
    Ok(rows)
}

/// About how many characters a value takes in its cell, for the column widths.
fn shown_len(v: Value, f: &Field, strings: &Strings) -> usize {
    match v {
        Value::Empty => 0,
        Value::Text(s) => strings.get(s).chars().count(),
        Value::Int(i) => i.to_string().len(),
        Value::Number(x) => format!("{x}").len(),
        Value::Bool(b) => bool_text(b).chars().count(),
        Value::Enum(e) => f
            .values
            .get(e as usize)
            .map_or(0, |v| v.value.chars().count()),
        Value::Date(_) => 10,
    }
}

/// The note on a drill-down column's header: what the indicator is and what it came to.
fn indicator_note(
    ind: &Indicator,
    ir: &IndicatorResult,
    source: &crate::schema::Source,
    lang: Lang,
) -> Note {
    let value = crate::report::format::figure(&ir.figure, ind.measure.is_percent(), &ind.target);
    let mut text = format!(
        "{}\n{}: {}\n{}: {} — {}",
        indicator_label(ind),
        t(lang, "Chỉ tiêu", "Target"),
        ind.target.text,
        t(lang, "Kết quả", "Result"),
        value,
        status_marked(ir.achieved, ir.uncertain, ir.excluded_rows, lang),
    );
    text.push('\n');
    text.push_str(&reconcile_hint(ind, ir, source, lang));
    Note::new(cell_text(&text).to_string())
        .set_author("mtcl")
        .add_author_prefix(false)
        .set_width(300)
        .set_height(190)
}

/// How filtering this column gives the figure: which rows, which column summed, which
/// value counted once.
fn reconcile_hint(
    ind: &Indicator,
    ir: &IndicatorResult,
    source: &crate::schema::Source,
    lang: Lang,
) -> String {
    use crate::definitions::Measure;
    use crate::report::format::amount;
    let header = |f: usize| source.fields[f].canonical_header();
    let num = amount(ir.figure.numerator);
    let den = ir.figure.denominator.map(amount).unwrap_or_default();
    let mut s = match &ind.measure {
        Measure::Share { .. } => match lang {
            Lang::Vi => format!("Lọc «Tử số»: {num} dòng = tử số. «Tử số» và «Chỉ ở mẫu số»: {den} dòng = mẫu số."),
            Lang::En => format!("Filter «Numerator»: {num} rows = numerator. «Numerator» and «Denominator only»: {den} rows = denominator."),
        },
        Measure::Count { distinct: None, .. } => match lang {
            Lang::Vi => format!("Lọc «Tử số»: {num} dòng."),
            Lang::En => format!("Filter «Numerator»: {num} rows."),
        },
        Measure::Count { distinct: Some(f), .. } => match lang {
            Lang::Vi => format!(
                "Đếm số giá trị khác nhau của cột «{}»: mỗi giá trị được đánh dấu «Tử số» ở dòng đầu tiên có nó, các dòng sau cùng giá trị là «Trùng (đã đếm)». Lọc «Tử số»: {num} dòng.",
                header(*f)
            ),
            Lang::En => format!(
                "Distinct values of column «{}»: each value is marked «Numerator» on its first row, later rows with the same value «Repeat (counted)». Filter «Numerator»: {num} rows.",
                header(*f)
            ),
        },
        Measure::Sum { sum, of_sum, .. } => match lang {
            Lang::Vi => format!(
                "Tổng: lọc «Tử số», cộng cột «{}» = {num} (tử số), cộng cột «{}» = {den} (mẫu số).",
                header(*sum),
                header(*of_sum)
            ),
            Lang::En => format!(
                "Sums: filter «Numerator», add up column «{}» = {num} (numerator) and column «{}» = {den} (denominator).",
                header(*sum),
                header(*of_sum)
            ),
        },
    };
    if ir.excluded_rows > 0 {
        s.push(' ');
        s.push_str(&match lang {
            Lang::Vi => format!("«Loại trừ»: {} dòng có lỗi, không tính.", ir.excluded_rows),
            Lang::En => format!(
                "«Excluded»: {} rows with errors, not counted.",
                ir.excluded_rows
            ),
        });
    }
    if ir.no_records && ir.missing_column.is_none() {
        s.push(' ');
        s.push_str(&crate::report::format::no_records_note(&ind.source, lang));
        s.push('.');
    }
    if let Some(h) = &ir.missing_column {
        s.push(' ');
        s.push_str(&crate::report::format::missing_column_note(h, lang));
        s.push_str(match lang {
            Lang::Vi => ": không có dữ liệu.",
            Lang::En => ": no data.",
        });
    }
    s
}

/// The issues that belong to a document's unit: for a school-scope document, all of them;
/// otherwise those at a row of one of the unit's records, and those without such a row
/// (file-, sheet-level, or a row that made no record) in a file under a folder named like
/// the unit — the unit subfolders of `du-lieu/`.
pub(crate) fn unit_issues<'a>(
    doc: &Document,
    doc_index: usize,
    data: &'a Dataset,
) -> Vec<&'a Issue> {
    let mut out: Vec<&Issue> = match doc.scope {
        Scope::School => data.issues.iter().collect(),
        Scope::Unit => {
            let files: HashMap<&str, usize> = data
                .files
                .iter()
                .enumerate()
                .map(|(k, f)| (f.path.as_str(), k))
                .collect();
            let at: Vec<Option<Origin>> = data
                .issues
                .iter()
                .map(|i| origin_of(i, data, &files))
                .collect();
            // The unit's records (`Table::of_unit`) are looked for only at the rows issues
            // point at, and its sheets only where an unknown unit is: a run of a few issues
            // does not build a set of every record once per unit.
            let pointed: HashSet<Origin> = at.iter().flatten().copied().collect();
            let unknown: HashSet<(u32, u32)> = data
                .issues
                .iter()
                .zip(&at)
                .filter(|(i, _)| i.code == "unknown-unit")
                .filter_map(|(_, o)| o.map(|o| (o.file, o.sheet)))
                .collect();
            let mut mine: HashSet<Origin> = HashSet::new();
            // A row of unknown unit on a sheet that holds this unit's rows may be one of
            // them, misspelt: the unit sees it rather than lose it without a trace.
            let mut my_sheets: HashSet<(u32, u32)> = HashSet::new();
            let unit = u16::try_from(doc_index)
                .ok()
                .filter(|_| !pointed.is_empty());
            if let Some(unit) = unit {
                let records = data.tables.iter().flat_map(|t| {
                    let all = t.records();
                    t.of_unit(unit).iter().map(move |&i| &all[i as usize])
                });
                for r in records {
                    let o = r.origin;
                    if pointed.contains(&o) {
                        mine.insert(o);
                    }
                    if unknown.contains(&(o.file, o.sheet)) {
                        my_sheets.insert((o.file, o.sheet));
                    }
                }
            }
            // Folder names are often slugs ("khoa-co-khi"): hyphens and underscores are
            // spaces here.
            let key = |s: &str| unit_key(&s.replace(['-', '_'], " "));
            let names: Vec<String> = std::iter::once(&doc.unit)
                .chain(&doc.unit_aliases)
                .map(|n| key(n))
                .collect();
            let in_folder = |path: &str| {
                let mut parts: Vec<&str> = path.split('/').collect();
                parts.pop();
                parts.iter().any(|p| names.contains(&key(p)))
            };
            data.issues
                .iter()
                .zip(&at)
                .filter(|(i, o)| match o {
                    Some(o) if mine.contains(o) => true,
                    Some(o)
                        if i.code == "unknown-unit" && my_sheets.contains(&(o.file, o.sheet)) =>
                    {
                        true
                    }
                    _ => in_folder(&i.file),
                })
                .map(|(i, _)| i)
                .collect()
        }
    };
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

/// The record position an issue points at, if it names a file, sheet and row of the run.
fn origin_of(issue: &Issue, data: &Dataset, files: &HashMap<&str, usize>) -> Option<Origin> {
    let row = issue.row?;
    let file = *files.get(issue.file.as_str())?;
    let sheet = data.files[file]
        .sheets
        .iter()
        .position(|s| s.name == issue.sheet)?;
    Some(Origin {
        file: file as u32,
        sheet: sheet as u32,
        row,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HS: &str = "Học sinh và kết quả học tập";
    use crate::exact::Ratio;
    use crate::report::xlsx::test_util::{column, fixture, text, zip_text, Book, Fixture};

    fn build(f: &Fixture, d: usize) -> Vec<u8> {
        unit_workbook(
            &f.docs[d],
            d,
            &f.results.documents[d],
            &f.catalog,
            &f.data,
            Lang::Vi,
        )
        .unwrap()
    }

    fn count(col: &[String], word: &str) -> usize {
        col.iter().filter(|c| *c == word).count()
    }

    #[test]
    fn sheets_are_summary_chart_one_per_source_used_and_issues() {
        let f = fixture();
        let book = Book::new(&build(&f, 0));
        assert_eq!(
            book.sheet_names(),
            [
                "Tổng hợp",
                "Biểu đồ",
                "Học sinh và kết quả học tập",
                "Doanh nghiệp hợp tác",
                "Lỗi dữ liệu"
            ]
        );
    }

    #[test]
    fn drill_down_lists_each_record_of_the_unit_once_with_its_provenance() {
        let f = fixture();
        let mut book = Book::new(&build(&f, 0));
        let hs = book.sheet(HS);
        assert_eq!(
            column(&hs, 0, "Mã HS"),
            ["CK01", "CK02", "CK03", "CK04", "CK05"]
        );
        assert_eq!(
            column(&hs, 0, "Tệp"),
            vec!["du-lieu/khoa-co-khi/hs.xlsx"; 5]
        );
        assert_eq!(column(&hs, 0, "Trang tính"), vec!["DS HS"; 5]);
        assert_eq!(column(&hs, 0, "Dòng"), ["2", "3", "4", "5", "6"]);
    }

    #[test]
    fn drill_down_column_counts_match_the_figure() {
        let f = fixture();
        let mut book = Book::new(&build(&f, 0));
        let hs = book.sheet(HS);
        let kha = &f.results.documents[0].objectives[0].indicators[0];
        let col = column(&hs, 0, "Chỉ số kha");
        let num = count(&col, "Tử số");
        let den = count(&col, "Chỉ ở mẫu số");
        assert_eq!(Ratio::int(num as i64), kha.figure.numerator);
        assert_eq!(Some(Ratio::int((num + den) as i64)), kha.figure.denominator);
        assert_eq!(count(&col, "Loại trừ") as u64, kha.excluded_rows);
        assert_eq!(col, ["Tử số", "Chỉ ở mẫu số", "", "Loại trừ", "Tử số"]);
        // A count: every counted row is in the numerator.
        let tn = column(&hs, 0, "Chỉ số tn");
        assert_eq!(tn, ["Tử số", "", "", "Loại trừ", ""]);
    }

    #[test]
    fn fields_are_written_as_people_read_them() {
        let f = fixture();
        let mut book = Book::new(&build(&f, 0));
        let hs = book.sheet(HS);
        assert_eq!(column(&hs, 0, "Học lực")[0], "Giỏi");
        assert_eq!(column(&hs, 0, "Trạng thái")[2], "Thôi học");
        assert_eq!(column(&hs, 0, "Tốt nghiệp")[..2], ["Có", "Không"]);
        assert_eq!(column(&hs, 0, "Điểm TB")[4], "7.5");
        let born = hs.get_value((1, 2)).unwrap();
        let calamine::Data::DateTime(serial) = born else {
            panic!("a date cell: {born:?}");
        };
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let expected = (day(2004, 3, 15) - day(1899, 12, 30)).num_days() as f64;
        assert_eq!(serial.as_f64(), expected);
    }

    #[test]
    fn a_drill_down_keeps_its_key_columns_in_view_and_the_path_last() {
        let f = fixture();
        let bytes = build(&f, 0);
        let mut book = Book::new(&bytes);
        let hs = book.sheet(HS);
        let (_, last) = hs.end().unwrap();
        assert_eq!(text(&hs, 0, 0), "Mã HS", "the key first");
        assert_eq!(
            (0..=last)
                .map(|c| text(&hs, 0, c))
                .rev()
                .take(3)
                .collect::<Vec<_>>(),
            ["Tệp", "Dòng", "Trang tính"]
        );
        // Sheets: summary, chart, then this one.
        let xml = zip_text(&bytes, "xl/worksheets/sheet3.xml").unwrap();
        assert!(xml.contains(r#"xSplit="1" ySplit="1""#), "{xml}");
        assert!(xml.contains("&amp;CTrang &amp;P / &amp;N"), "page numbers");
        // 20-odd columns do not fit one page at 70%: they run on, the key repeated.
        let widths: Vec<f64> = vec![12.0; last as usize + 1];
        assert!(super::super::fit_scale(&widths) < super::super::MIN_PRINT_SCALE);
        assert!(!xml.contains("fitToPage"), "{xml}");
        let wb = zip_text(&bytes, "xl/workbook.xml").unwrap();
        assert!(
            wb.contains(&format!("'{HS}'!$A:$A,'{HS}'!$1:$1")),
            "key column and header repeated: {wb}"
        );
    }

    #[test]
    fn school_scope_drill_down_lists_every_record() {
        let f = fixture();
        let mut book = Book::new(&build(&f, 2));
        let hs = book.sheet(HS);
        assert_eq!(column(&hs, 0, "Mã HS").len(), 8);
        let col = column(&hs, 0, "Chỉ số kha");
        let kha = &f.results.documents[2].objectives[0].indicators[0];
        assert_eq!(
            Ratio::int(count(&col, "Tử số") as i64),
            kha.figure.numerator
        );
    }

    #[test]
    fn summary_lists_objectives_indicators_and_groups_with_their_status() {
        let f = fixture();
        let mut book = Book::new(&build(&f, 0));
        let s = book.sheet("Tổng hợp");
        let h = SUMMARY_HEADER_ROW;
        assert_eq!(
            column(&s, h, "Chỉ số"),
            ["", "kha", "tn", "", "dn", "dn", "dn"]
        );
        assert_eq!(
            column(&s, h, "Đánh giá"),
            [
                // tn: 1 graduate of "tối thiểu 02", and CK04 (excluded) is marked a
                // graduate: the verdict could change, and so could objective 1's.
                "Không đạt (?)",
                "Đạt",
                "Không đạt (?) — 1 dòng lỗi có thể đổi kết quả",
                "Không đạt",
                "Không đạt",
                "Đạt",
                "Không đạt"
            ]
        );
        let results = column(&s, h, "Kết quả");
        // 2 of 3 as a fraction, shown with a percent format.
        assert!(results[1].starts_with("0.666"), "{results:?}");
        assert_eq!(results[2], "1");
        assert_eq!(column(&s, h, "Tử số")[1], "2");
        assert_eq!(column(&s, h, "Mẫu số")[1], "3");
        assert_eq!(column(&s, h, "Dòng loại trừ")[1], "1");
        let content = column(&s, h, "Nội dung");
        assert_eq!(content[5], "    Nhóm: Hàn");
        assert_eq!(content[6], "    Nhóm: Ô tô");
    }

    #[test]
    fn summary_links_each_indicator_to_its_drill_down_column() {
        let f = fixture();
        let bytes = build(&f, 0);
        let xml = zip_text(&bytes, "xl/worksheets/sheet1.xml").unwrap();
        // The fields first, then the indicators.
        let fields = f.catalog.get("hoc_sinh").unwrap().fields.len() as u16;
        let kha = format!("'{HS}'!{}1", col_letters(fields));
        let tn = format!("'{HS}'!{}1", col_letters(fields + 1));
        let dn_fields = f.catalog.get("doanh_nghiep").unwrap().fields.len() as u16;
        let dn = format!("'Doanh nghiệp hợp tác'!{}1", col_letters(dn_fields));
        for anchor in [&kha, &tn, &dn] {
            let attr = format!("location=\"{}\"", anchor.replace('\'', "&apos;"));
            assert!(
                xml.contains(&attr) || xml.contains(&format!("location=\"{anchor}\"")),
                "{anchor} in {xml}"
            );
        }
        // The drill-down header really is there.
        let mut book = Book::new(&bytes);
        let hs = book.sheet(HS);
        assert_eq!(text(&hs, 0, fields as u32), "Chỉ số kha");
    }

    #[test]
    fn summary_has_conditional_colours_a_frozen_header_and_print_setup() {
        let f = fixture();
        let xml = zip_text(&build(&f, 0), "xl/worksheets/sheet1.xml").unwrap();
        assert_eq!(xml.matches("<cfRule").count(), 6, "{xml}");
        assert!(xml.contains("&quot;Không đạt&quot;") || xml.contains("\"Không đạt\""));
        assert!(xml.contains("<autoFilter"));
        assert!(xml.contains("state=\"frozen\""));
        assert!(xml.contains("orientation=\"landscape\"") && xml.contains("paperSize=\"9\""));
        assert!(xml.contains("fitToPage=\"1\""));
        let wb = zip_text(&build(&f, 0), "xl/workbook.xml").unwrap();
        assert!(wb.contains("_xlnm.Print_Titles"), "{wb}");
    }

    #[test]
    fn chart_compares_result_with_target_for_percentages() {
        let f = fixture();
        let bytes = build(&f, 0);
        let chart = zip_text(&bytes, "xl/charts/chart1.xml").expect("a chart");
        assert!(chart.contains("<c:barChart>") && chart.contains("<c:lineChart>"));
        let mut book = Book::new(&bytes);
        let c = book.sheet("Biểu đồ");
        assert_eq!(column(&c, 0, "Chỉ số"), ["kha"]);
        assert_eq!(column(&c, 0, "Chỉ tiêu"), ["0.5"]);
        // Categories are short labels, not bare ids.
        assert_eq!(
            column(&c, 0, "Nhãn biểu đồ"),
            ["kha. Tỷ lệ học sinh khá, giỏi"]
        );
        assert!(chart.contains("<c:f>'Biểu đồ'!$F$2</c:f>"), "{chart}");
        // Both axes explicitly shown, in the schema's place; the text Vietnamese.
        assert!(chart.contains("</c:scaling><c:delete val=\"0\"/><c:axPos val=\"b\"/>"));
        assert!(chart.contains("</c:scaling><c:delete val=\"0\"/><c:axPos val=\"l\"/>"));
        assert!(chart.contains("<c:lang val=\"vi-VN\"/>") && !chart.contains("en-US"));
        // One target series: no range here.
        assert_eq!(chart.matches("<c:symbol val=\"dash\"/>").count(), 1);
        assert_eq!(build(&f, 0), bytes, "still byte-identical");
    }

    #[test]
    fn a_range_target_is_drawn_at_both_ends() {
        let f = fixture();
        // The school document's "55% ÷ 60%".
        let bytes = build(&f, 2);
        let chart = zip_text(&bytes, "xl/charts/chart1.xml").expect("a chart");
        let mut book = Book::new(&bytes);
        let c = book.sheet("Biểu đồ");
        assert_eq!(column(&c, 0, "Chỉ tiêu"), ["0.55"]);
        assert_eq!(column(&c, 0, "Chỉ tiêu (cận trên)"), ["0.6"]);
        assert_eq!(chart.matches("<c:symbol val=\"dash\"/>").count(), 2);
        assert!(chart.contains("<c:v>Chỉ tiêu (cận dưới)</c:v>"), "{chart}");
        assert!(chart.contains("<c:v>Chỉ tiêu (cận trên)</c:v>"), "{chart}");
    }

    #[test]
    fn a_unit_sees_its_own_issues_and_those_of_its_folder() {
        let mut f = fixture();
        let codes = |d: usize| -> Vec<(String, Option<u32>)> {
            unit_issues(&f.docs[d], d, &f.data)
                .iter()
                .map(|i| (i.file.clone(), i.row))
                .collect()
        };
        assert_eq!(
            codes(0),
            [
                ("du-lieu/dn.xlsx".to_string(), Some(2)),
                ("du-lieu/khoa-co-khi/hs.xlsx".to_string(), None),
                ("du-lieu/khoa-co-khi/hs.xlsx".to_string(), Some(5)),
            ]
        );
        assert_eq!(
            codes(1),
            [
                ("du-lieu/khoa-dien/hs.xlsx".to_string(), Some(3)),
                ("du-lieu/khoa-dien/hs.xlsx".to_string(), Some(4)),
            ]
        );
        assert_eq!(codes(2).len(), f.data.issues.len());
        // A row of unknown unit (a misspelt faculty) on a sheet holding a unit's records is
        // that unit's to see; a row of no record elsewhere stays with the school.
        let at_dn = |row: u32, code: &'static str| {
            let first = f.data.issues.iter().find(|i| i.file == "du-lieu/dn.xlsx");
            let mut i = first.unwrap().clone();
            i.code = code;
            i.row = Some(row);
            i
        };
        let added = [at_dn(40, "unknown-unit"), at_dn(41, "invalid-value")];
        f.data.issues.extend(added);
        let rows = |d: usize| -> Vec<(String, &'static str, Option<u32>)> {
            unit_issues(&f.docs[d], d, &f.data)
                .iter()
                .filter(|i| i.file == "du-lieu/dn.xlsx")
                .map(|i| (i.file.clone(), i.code, i.row))
                .collect()
        };
        let dn = |code, row| ("du-lieu/dn.xlsx".to_string(), code, Some(row));
        // dn.xlsx holds rows of both faculties: both see the unknown unit, neither the row
        // that made no record.
        assert_eq!(rows(0), [dn("invalid-value", 2), dn("unknown-unit", 40)]);
        assert_eq!(rows(1), [dn("unknown-unit", 40)]);
        f.data.issues.truncate(f.data.issues.len() - 2);
        let mut book = Book::new(&build(&f, 0));
        let s = book.sheet("Lỗi dữ liệu");
        assert_eq!(
            column(&s, 0, "Mã lỗi"),
            ["invalid-value", "unknown-sheet", "invalid-value"]
        );
    }

    #[test]
    fn no_data_at_all_still_makes_a_valid_workbook() {
        let f = fixture();
        let empty = Dataset::new(f.catalog.sources.len());
        let results = crate::compute::evaluate(&f.docs, &f.catalog, &empty);
        let bytes = unit_workbook(
            &f.docs[0],
            0,
            &results.documents[0],
            &f.catalog,
            &empty,
            Lang::Vi,
        )
        .unwrap();
        let mut book = Book::new(&bytes);
        let s = book.sheet("Tổng hợp");
        assert_eq!(
            column(&s, SUMMARY_HEADER_ROW, "Đánh giá")[1],
            "Không có dữ liệu"
        );
        assert_eq!(book.sheet(HS).height(), 1, "the header only");
    }

    #[test]
    fn drill_down_rows_spliced_give_the_bytes_of_a_cell_by_cell_write() {
        let by_cells = |f: &Fixture, d: usize| {
            super::super::drill::set_cell_by_cell(true);
            let bytes = build(f, d);
            super::super::drill::set_cell_by_cell(false);
            bytes
        };
        let mut f = fixture();
        for d in 0..f.docs.len() {
            assert!(build(&f, d) == by_cells(&f, d), "document {d}");
        }
        // Long enough for deflate to see many 8 KiB pieces of rows.
        let hs = f
            .catalog
            .sources
            .iter()
            .position(|s| s.id == "hoc_sinh")
            .unwrap();
        let records = f.data.tables[hs].clone();
        for _ in 0..300 {
            for r in records.iter() {
                f.data.tables[hs].push(&r.values.to_vec(), *r.record);
            }
        }
        for d in 0..f.docs.len() {
            let bytes = build(&f, d);
            assert!(bytes.len() > 30_000, "{}", bytes.len());
            assert!(bytes == by_cells(&f, d), "document {d}, long");
            // Formatted on a thread of its own while deflated: the same bytes.
            super::super::drill::set_format_apart(true);
            let apart = build(&f, d);
            super::super::drill::set_format_apart(false);
            assert!(apart == bytes, "document {d}, formatted apart");
        }
    }

    #[test]
    fn same_inputs_give_the_same_bytes() {
        let f = fixture();
        assert_eq!(build(&f, 0), build(&f, 0));
        let g = fixture();
        assert_eq!(build(&f, 1), build(&g, 1));
        let core = zip_text(&build(&f, 0), "docProps/core.xml").unwrap();
        assert!(core.contains("2000-01-01T00:00:00Z"), "{core}");
    }

    #[test]
    fn english_labels_with_lang_en() {
        let f = fixture();
        let bytes = unit_workbook(
            &f.docs[0],
            0,
            &f.results.documents[0],
            &f.catalog,
            &f.data,
            Lang::En,
        )
        .unwrap();
        let mut book = Book::new(&bytes);
        assert_eq!(book.sheet_names()[0], "Summary");
        let hs = book.sheet(HS);
        assert_eq!(count(&column(&hs, 0, "Indicator kha"), "Numerator"), 2);
    }
}
