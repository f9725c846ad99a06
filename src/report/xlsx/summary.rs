//! `tong-hop.xlsx`: the school at a glance. A first sheet lists every unit × objective ×
//! indicator (one row each, every document, school-wide ones too): no column is ever shared
//! by two units' indicators merely because their ids are equal. Then, when there are units,
//! a matrix puts them side by side — one column per indicator whose id, label and target
//! agree across the units that have it, coloured as in the unit workbooks, each unit linked
//! to its own workbook; the ids left out are named under it. Then one sheet per
//! school-scope document in the layout of a unit workbook's summary.

use rust_xlsxwriter::{Note, Url, Worksheet};

use super::{
    cell_text, new_workbook, print_setup, status_text, t, unit, write_header, Error, SheetNames,
    Styles, DECIMAL_FORMAT, INTEGER_FORMAT,
};
use crate::compute::Results;
use crate::definitions::{Document, Indicator, Scope};
use crate::i18n::Lang;
use crate::period::Period;
use crate::schema::Catalog;

pub const FILE_NAME: &str = "tong-hop.xlsx";

/// Row of the units sheet's header (0-based), below a title.
const UNITS_HEADER_ROW: u32 = 2;
/// Columns before the indicators: unit, objectives achieved, indicators achieved.
const UNIT_COLUMNS: u16 = 3;

/// The bytes of `tong-hop.xlsx`. Unit workbooks are linked as
/// `<slug>/ket-qua-mtcl.xlsx`, relative to `tong-hop.xlsx` (both live in `bao-cao/`).
pub fn school_summary(
    docs: &[Document],
    results: &Results,
    catalog: &Catalog,
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    school_summary_with(docs, results, catalog, lang, Period::CaNam, None)
}

/// [`school_summary`] for the run's period, named in every title, with a warning written
/// above the first table (no workbook read).
pub fn school_summary_with(
    docs: &[Document],
    results: &Results,
    catalog: &Catalog,
    lang: Lang,
    period: Period,
    warning: Option<&str>,
) -> Result<Vec<u8>, Error> {
    let styles = Styles::new();
    let mut names = SheetNames::new();
    let mut wb = new_workbook(&format!(
        "{}{}",
        t(
            lang,
            "Tổng hợp kết quả mục tiêu chất lượng",
            "Quality objectives: school summary",
        ),
        match period.is_semester() {
            true => format!(" — {}", t(lang, period.name_vi(), period.name_en())),
            false => String::new(),
        }
    ));

    let mut ws = Worksheet::new();
    ws.set_name(names.claim(t(lang, "Tổng hợp", "All indicators")))?;
    long_table(&mut ws, docs, results, warning, lang, &styles, period)?;
    wb.push_worksheet(ws);

    if docs.iter().any(|d| d.scope == Scope::Unit) {
        let mut ws = Worksheet::new();
        ws.set_name(names.claim(t(lang, "Đơn vị", "Units")))?;
        units_sheet(&mut ws, docs, results, lang, &styles, period)?;
        wb.push_worksheet(ws);
    }

    for (d, doc) in docs.iter().enumerate() {
        if doc.scope != Scope::School {
            continue;
        }
        let mut ws = Worksheet::new();
        ws.set_name(names.claim(&doc.unit))?;
        school_sheet(
            &mut ws,
            doc,
            &results.documents[d],
            catalog,
            lang,
            &styles,
            period,
        )?;
        wb.push_worksheet(ws);
    }
    super::save(&mut wb)
}

/// The path of a document's unit workbook relative to `bao-cao/`.
fn unit_workbook_path(doc: &Document) -> String {
    format!("{}/{}", doc.slug(), unit::FILE_NAME)
}

/// Row of the long table's header (0-based): below the title and a warning line.
const LONG_HEADER_ROW: u32 = 3;

/// Every unit × objective × indicator, one row each, in document order.
fn long_table(
    ws: &mut Worksheet,
    docs: &[Document],
    results: &Results,
    warning: Option<&str>,
    lang: Lang,
    styles: &Styles,
    period: Period,
) -> Result<(), Error> {
    let title = summary_title(docs, lang, period);
    ws.write_string_with_format(0, 0, cell_text(&title), &styles.title)?;
    if let Some(w) = warning {
        ws.write_string_with_format(1, 0, cell_text(w), &styles.warning)?;
    }
    let columns: [(&str, f64); 10] = [
        (t(lang, "Đơn vị", "Unit"), 26.0),
        (t(lang, "Mục tiêu", "Objective"), 9.0),
        (t(lang, "Chỉ số", "Indicator"), 8.0),
        (t(lang, "Nội dung chỉ số", "Indicator label"), 44.0),
        (t(lang, "Chỉ tiêu", "Target"), 16.0),
        (t(lang, "Kết quả", "Result"), 11.0),
        (t(lang, "Tử số", "Numerator"), 10.0),
        (t(lang, "Mẫu số", "Denominator"), 10.0),
        (t(lang, "Dòng loại trừ", "Excluded rows"), 10.0),
        (t(lang, "Đánh giá", "Verdict"), 30.0),
    ];
    write_header(ws, LONG_HEADER_ROW, &columns, styles)?;
    ws.set_row_height(LONG_HEADER_ROW, 30)?;
    let mut row = LONG_HEADER_ROW;
    for (doc, res) in docs.iter().zip(&results.documents) {
        for (o, or) in doc.objectives.iter().zip(&res.objectives) {
            for (ind, ir) in o.indicators.iter().zip(&or.indicators) {
                row += 1;
                ws.write_string_with_format(row, 0, cell_text(&doc.unit), &styles.text)?;
                ws.write_string_with_format(row, 1, cell_text(&o.id), &styles.text)?;
                ws.write_string_with_format(row, 2, cell_text(&ind.id), &styles.text)?;
                let label = unit::indicator_label(ind);
                ws.write_string_with_format(row, 3, cell_text(label), &styles.wrap)?;
                ws.write_string_with_format(row, 4, cell_text(&ind.target.text), &styles.text)?;
                super::write_figure(
                    ws,
                    row,
                    5,
                    ir.figure.value,
                    ind.measure.is_percent(),
                    &ind.target,
                    styles,
                )?;
                super::write_quantity(ws, row, 6, ir.figure.numerator, styles)?;
                match ir.figure.denominator {
                    Some(d) => super::write_quantity(ws, row, 7, d, styles)?,
                    None => {
                        ws.write_blank(row, 7, &styles.text)?;
                    }
                }
                ws.write_number_with_format(row, 8, ir.excluded_rows as f64, &styles.integer)?;
                ws.write_string_with_format(
                    row,
                    9,
                    super::status_marked(ir.achieved, ir.uncertain, ir.excluded_rows, lang),
                    styles.status(ir.achieved),
                )?;
            }
        }
    }
    ws.autofilter(LONG_HEADER_ROW, 0, row, columns.len() as u16 - 1)?;
    ws.set_freeze_panes(LONG_HEADER_ROW + 1, 3)?;
    let widths: Vec<f64> = columns.iter().map(|(_, w)| *w).collect();
    super::print_setup_wide(ws, LONG_HEADER_ROW, &widths, 3)?;
    Ok(())
}

fn summary_title(docs: &[Document], lang: Lang, period: Period) -> String {
    let head = t(
        lang,
        "TỔNG HỢP KẾT QUẢ MỤC TIÊU CHẤT LƯỢNG",
        "QUALITY OBJECTIVES: SCHOOL SUMMARY",
    );
    match docs.first() {
        Some(d) => format!(
            "{head} — {} — {} {}",
            d.school,
            period.year_words(lang),
            d.school_year
        ),
        None => head.to_string(),
    }
}

/// The indicator ids that one matrix column may hold: those whose label (after folding) and
/// target (as read, however written) are the same in every unit that has the id. The
/// others, in first-seen order.
fn matrix_columns<'a>(
    docs: &'a [Document],
    units: &[usize],
) -> (Vec<(&'a str, &'a Indicator)>, Vec<&'a str>) {
    // The target by what it means: "từ 50% trở lên" is ">= 50%", "tối thiểu 02" is ">= 2".
    let key = |ind: &Indicator| {
        (
            crate::text::fold(unit::indicator_label(ind)),
            ind.target.percent,
            ind.target.cmp,
        )
    };
    let mut columns: Vec<(&str, &Indicator)> = Vec::new();
    let mut differ: Vec<&str> = Vec::new();
    for &d in units {
        for (_, ind) in docs[d].indicators() {
            match columns.iter().find(|(id, _)| *id == ind.id) {
                None => columns.push((&ind.id, ind)),
                Some((_, first)) => {
                    if key(first) != key(ind) && !differ.contains(&ind.id.as_str()) {
                        differ.push(&ind.id);
                    }
                }
            }
        }
    }
    columns.retain(|(id, _)| !differ.contains(id));
    (columns, differ)
}

fn units_sheet(
    ws: &mut Worksheet,
    docs: &[Document],
    results: &Results,
    lang: Lang,
    styles: &Styles,
    period: Period,
) -> Result<(), Error> {
    let title = summary_title(docs, lang, period);
    ws.write_string_with_format(0, 0, cell_text(&title), &styles.title)?;

    let units: Vec<usize> = (0..docs.len())
        .filter(|&d| docs[d].scope == Scope::Unit)
        .collect();
    // Indicator columns: an id only where label and target agree across the units.
    let (columns, differ) = matrix_columns(docs, &units);
    let mut header: Vec<(String, f64)> = vec![
        (t(lang, "Đơn vị", "Unit").to_string(), 28.0),
        (
            t(lang, "Mục tiêu đạt", "Objectives achieved").to_string(),
            11.0,
        ),
        (
            t(lang, "Chỉ số đạt", "Indicators achieved").to_string(),
            11.0,
        ),
    ];
    for (id, ind) in &columns {
        header.push((format!("{id}. {}", unit::indicator_label(ind)), 14.0));
    }
    let h: Vec<(&str, f64)> = header.iter().map(|(s, w)| (s.as_str(), *w)).collect();
    write_header(ws, UNITS_HEADER_ROW, &h, styles)?;
    ws.set_row_height(UNITS_HEADER_ROW, 75)?;
    for (k, (_, ind)) in columns.iter().enumerate() {
        let note = Note::new(format!(
            "{}\n{}: {}",
            unit::indicator_label(ind),
            t(lang, "Chỉ tiêu", "Target"),
            ind.target.text
        ))
        .set_author("mtcl")
        .add_author_prefix(false);
        ws.insert_note(UNITS_HEADER_ROW, UNIT_COLUMNS + k as u16, &note)?;
    }

    let mut row = UNITS_HEADER_ROW;
    for &d in &units {
        row += 1;
        let doc = &docs[d];
        let res = &results.documents[d];
        let url =
            Url::new(format!("file:///{}", unit_workbook_path(doc))).set_text(cell_text(&doc.unit));
        if ws
            .write_url_with_format(row, 0, &url, &styles.link)
            .is_err()
        {
            ws.write_string_with_format(row, 0, cell_text(&doc.unit), &styles.text)?;
        }
        let objectives_met = res
            .objectives
            .iter()
            .filter(|o| o.achieved == Some(true))
            .count();
        ws.write_string_with_format(
            row,
            1,
            format!("{objectives_met}/{}", res.objectives.len()),
            &styles.text,
        )?;
        let all: Vec<_> = res.objectives.iter().flat_map(|o| &o.indicators).collect();
        let met = all.iter().filter(|i| i.achieved == Some(true)).count();
        ws.write_string_with_format(row, 2, format!("{met}/{}", all.len()), &styles.text)?;
        for (k, (id, _)) in columns.iter().enumerate() {
            let col = UNIT_COLUMNS + k as u16;
            let found = doc
                .objectives
                .iter()
                .zip(&res.objectives)
                .flat_map(|(o, or)| o.indicators.iter().zip(&or.indicators))
                .find(|(ind, _)| ind.id == *id);
            match found {
                None => {
                    ws.write_blank(row, col, &styles.text)?;
                }
                Some((ind, ir)) => match ir.figure.value {
                    None => {
                        ws.write_string_with_format(row, col, "—", &styles.no_data)?;
                    }
                    Some(v) => {
                        let (x, f) = if ind.measure.is_percent() {
                            let d = crate::report::format::percent_decimals(v, &ind.target);
                            let f = crate::report::format::percent_format(d);
                            (v.to_f64() / 100.0, f)
                        } else if v.is_integer() {
                            (v.to_f64(), INTEGER_FORMAT.to_string())
                        } else {
                            (v.to_f64(), DECIMAL_FORMAT.to_string())
                        };
                        // An uncertain verdict keeps its number, marked " (?)".
                        let f = if ir.uncertain {
                            format!("{f}\" (?)\"")
                        } else {
                            f.to_string()
                        };
                        let format = styles.status(ir.achieved).clone().set_num_format(f);
                        ws.write_number_with_format(row, col, x, &format)?;
                    }
                },
            }
        }
    }
    let last_col = UNIT_COLUMNS + columns.len() as u16 - 1;
    ws.autofilter(UNITS_HEADER_ROW, 0, row, last_col)?;
    ws.set_freeze_panes(UNITS_HEADER_ROW + 1, 1)?;
    print_setup(ws, UNITS_HEADER_ROW)?;

    // Legend under the table.
    let legend = row + 2;
    ws.write_string(legend, 0, t(lang, "Chú thích:", "Legend:"))?;
    for (k, achieved) in [Some(true), Some(false), None].into_iter().enumerate() {
        ws.write_string_with_format(
            legend + 1 + k as u32,
            0,
            status_text(achieved, lang),
            styles.status(achieved),
        )?;
    }
    if !differ.is_empty() {
        let text = format!(
            "{} {}",
            t(
                lang,
                "Không đưa vào bảng này (cùng mã nhưng khác nội dung hoặc chỉ tiêu giữa các đơn vị; xem trang Tổng hợp):",
                "Not in this table (same id but a different label or target between units; see the first sheet):"
            ),
            differ.join(", ")
        );
        ws.write_string(legend + 5, 0, cell_text(&text))?;
    }
    Ok(())
}

/// A school-scope document in the layout of a unit summary, each indicator linked into
/// the document's own workbook.
fn school_sheet(
    ws: &mut Worksheet,
    doc: &Document,
    result: &crate::compute::DocumentResult,
    catalog: &Catalog,
    lang: Lang,
    styles: &Styles,
    period: Period,
) -> Result<(), Error> {
    let title = match period.is_semester() {
        true => format!(
            "{} — {} {}",
            doc.unit,
            period.year_words(lang),
            doc.school_year
        ),
        false => format!("{} — {}", doc.unit, doc.school_year),
    };
    ws.write_string_with_format(0, 0, cell_text(&title), &styles.title)?;
    let layout = unit::Layout::new(doc, catalog, lang);
    let link = |o: usize, i: usize| {
        layout
            .drill_column(o, i, catalog)
            .map(|(s, c)| (s.to_string(), c))
    };
    let path = unit_workbook_path(doc);
    const HEADER: u32 = 2;
    unit::results_table(
        ws,
        HEADER,
        doc,
        result,
        catalog,
        &link,
        Some(&path),
        lang,
        styles,
    )?;
    ws.set_freeze_panes(HEADER + 1, 0)?;
    print_setup(ws, HEADER)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::xlsx::test_util::{column, fixture, text, zip_text, Book};

    fn build() -> Vec<u8> {
        let f = fixture();
        school_summary(&f.docs, &f.results, &f.catalog, Lang::Vi).unwrap()
    }

    #[test]
    fn units_side_by_side_then_one_sheet_per_school_document() {
        let mut book = Book::new(&build());
        assert_eq!(
            book.sheet_names(),
            ["Tổng hợp", "Đơn vị", "Trường Trung cấp Kinh tế - Kỹ t"]
        );
        let s = book.sheet("Đơn vị");
        let h = UNITS_HEADER_ROW;
        assert_eq!(column(&s, h, "Đơn vị")[..2], ["Khoa Cơ khí", "Khoa Điện"]);
        assert_eq!(column(&s, h, "Mục tiêu đạt")[..2], ["0/2", "1/1"]);
        assert_eq!(column(&s, h, "Chỉ số đạt")[..2], ["1/3", "1/1"]);
        let kha = column(&s, h, "kha. Tỷ lệ học sinh khá, giỏi");
        assert!(kha[0].starts_with("0.666"), "{kha:?}");
        assert_eq!(kha[1], "0.5");
        // Khoa Điện has no indicator "tn": the cell stays empty.
        assert_eq!(column(&s, h, "tn. Số học sinh tốt nghiệp")[..2], ["1", ""]);
    }

    #[test]
    fn unit_cells_are_coloured_and_units_link_to_their_workbooks() {
        let bytes = build();
        let xml = zip_text(&bytes, "xl/worksheets/sheet2.xml").unwrap();
        let rels = zip_text(&bytes, "xl/worksheets/_rels/sheet2.xml.rels").unwrap();
        assert!(
            rels.contains("Target=\"khoa-co-khi/ket-qua-mtcl.xlsx\""),
            "{rels}"
        );
        assert!(
            rels.contains("Target=\"khoa-dien/ket-qua-mtcl.xlsx\""),
            "{rels}"
        );
        assert!(xml.contains("<autoFilter"));
        let styles = zip_text(&bytes, "xl/styles.xml").unwrap();
        for fill in ["FFC6EFCE", "FFFFC7CE", "FFE7E6E6"] {
            assert!(styles.contains(fill), "{fill}");
        }
        // Khoa Cơ khí's "tn" is uncertain: its number is marked.
        assert!(
            styles.contains("formatCode=\"#,##0&quot; (?)&quot;\""),
            "{styles}"
        );
    }

    #[test]
    fn school_document_sheet_has_the_unit_summary_layout() {
        let mut book = Book::new(&build());
        let s = book.sheet("Trường Trung cấp Kinh tế - Kỹ t");
        assert_eq!(text(&s, 2, 1), "Chỉ số");
        assert_eq!(column(&s, 2, "Chỉ số"), ["", "kha"]);
        // Khá or better among every readable student, of every unit or none (CK04 is
        // excluded): CK01, CK03, CK05, D02, X01 of 7.
        assert_eq!(column(&s, 2, "Tử số")[1], "5");
        assert_eq!(column(&s, 2, "Mẫu số")[1], "7");
        assert_eq!(column(&s, 2, "Đánh giá")[1], "Không đạt");
    }

    #[test]
    fn the_first_sheet_lists_every_unit_objective_and_indicator() {
        let mut book = Book::new(&build());
        let s = book.sheet("Tổng hợp");
        let h = LONG_HEADER_ROW;
        let unit = "Trường Trung cấp Kinh tế - Kỹ thuật Nguyễn Hữu Cảnh";
        assert_eq!(
            column(&s, h, "Đơn vị"),
            [
                "Khoa Cơ khí",
                "Khoa Cơ khí",
                "Khoa Cơ khí",
                "Khoa Điện",
                unit
            ]
        );
        assert_eq!(column(&s, h, "Mục tiêu"), ["1", "1", "2", "1", "1"]);
        assert_eq!(column(&s, h, "Chỉ số"), ["kha", "tn", "dn", "kha", "kha"]);
        assert_eq!(
            column(&s, h, "Chỉ tiêu"),
            [
                ">= 50%",
                "tối thiểu 02",
                "tối thiểu 01",
                ">= 50%",
                "55% ÷ 60%"
            ]
        );
        assert_eq!(
            column(&s, h, "Đánh giá"),
            [
                "Đạt",
                "Không đạt (?) — 1 dòng lỗi có thể đổi kết quả",
                "Không đạt",
                "Đạt",
                "Không đạt"
            ]
        );
    }

    /// The fixture's school summary with a third faculty, Khoa Kinh tế, defined by `toml`.
    fn with_khoa_kinh_te(toml: &str) -> Book {
        let f = fixture();
        let mut docs = f.docs.clone();
        docs.insert(
            2,
            crate::definitions::load_document(
                "muc-tieu/khoa-kinh-te.toml",
                toml,
                &f.catalog,
                Lang::Vi,
            )
            .unwrap(),
        );
        let results = crate::compute::evaluate(&docs, &f.catalog, &f.data);
        Book::new(&school_summary(&docs, &results, &f.catalog, Lang::Vi).unwrap())
    }

    /// The same indicator with its target written another way ("từ 50% trở lên" for
    /// ">= 50%", "tối thiểu 2" for "tối thiểu 02") shares the matrix column.
    #[test]
    fn a_target_written_another_way_still_shares_a_matrix_column() {
        let other = r#"
[document]
school = "Trường Trung cấp Kinh tế - Kỹ thuật Nguyễn Hữu Cảnh"
unit = "Khoa Kinh tế"
school_year = "2021 - 2022"

[[objective]]
id = "1"
text = "Học lực."
  [[objective.indicator]]
  id = "kha"
  label = "Tỷ lệ học sinh khá, giỏi"
  source = "hoc_sinh"
  count = "hoc_luc in ['Giỏi', 'Khá']"
  target = "từ 50% trở lên"
  [[objective.indicator]]
  id = "tn"
  label = "Số học sinh tốt nghiệp"
  source = "hoc_sinh"
  count = "tot_nghiep"
  target = "tối thiểu 2"
"#;
        let mut book = with_khoa_kinh_te(other);
        let m = book.sheet("Đơn vị");
        let headers: Vec<String> = (0..8).map(|c| text(&m, UNITS_HEADER_ROW, c)).collect();
        for id in ["kha.", "tn.", "dn."] {
            assert!(
                headers.iter().any(|x| x.starts_with(id)),
                "{id} {headers:?}"
            );
        }
    }

    /// Two faculties number their objectives from 1: the same ids, different indicators.
    #[test]
    fn the_same_id_with_a_different_meaning_never_shares_a_matrix_column() {
        let other = r#"
[document]
school = "Trường Trung cấp Kinh tế - Kỹ thuật Nguyễn Hữu Cảnh"
unit = "Khoa Kinh tế"
school_year = "2021 - 2022"

[[objective]]
id = "1"
text = "Giáo viên đạt chuẩn."
  [[objective.indicator]]
  id = "kha"
  label = "Tỷ lệ giáo viên đạt chuẩn"
  source = "giao_vien"
  count = "dat_chuan"
  target = "100%"
  [[objective.indicator]]
  id = "tn"
  label = "Số học sinh tốt nghiệp"
  source = "hoc_sinh"
  count = "tot_nghiep"
  target = "tối thiểu 05"
"#;
        let mut book = with_khoa_kinh_te(other);
        let m = book.sheet("Đơn vị");
        let h = UNITS_HEADER_ROW;
        let headers: Vec<String> = (0..8).map(|c| text(&m, h, c)).collect();
        // "kha" differs in label, "tn" in target: neither is a column; "dn" is in one unit.
        assert!(
            !headers.iter().any(|x| x.starts_with("kha.")),
            "{headers:?}"
        );
        assert!(!headers.iter().any(|x| x.starts_with("tn.")), "{headers:?}");
        assert!(headers.iter().any(|x| x.starts_with("dn.")), "{headers:?}");
        let (last, _) = m.end().unwrap();
        let note = (h..=last)
            .map(|r| text(&m, r, 0))
            .find(|x| x.starts_with("Không đưa vào bảng này"))
            .expect("the ids left out are named");
        assert!(note.ends_with("kha, tn"), "{note}");
        // The long table keeps each unit's own indicator, with its own label and target.
        let s = book.sheet("Tổng hợp");
        let rows: Vec<(String, String, String, String)> = (LONG_HEADER_ROW + 1
            ..=s.end().unwrap().0)
            .map(|r| {
                (
                    text(&s, r, 0),
                    text(&s, r, 2),
                    text(&s, r, 3),
                    text(&s, r, 4),
                )
            })
            .filter(|(u, ..)| u == "Khoa Kinh tế")
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "Khoa Kinh tế".into(),
                    "kha".into(),
                    "Tỷ lệ giáo viên đạt chuẩn".into(),
                    "100%".into()
                ),
                (
                    "Khoa Kinh tế".into(),
                    "tn".into(),
                    "Số học sinh tốt nghiệp".into(),
                    "tối thiểu 05".into()
                ),
            ]
        );
    }

    #[test]
    fn a_school_only_workspace_opens_on_a_sheet_with_content() {
        let f = fixture();
        let docs = vec![f.docs[2].clone()];
        let results = crate::compute::evaluate(&docs, &f.catalog, &f.data);
        let mut book = Book::new(&school_summary(&docs, &results, &f.catalog, Lang::Vi).unwrap());
        assert_eq!(
            book.sheet_names(),
            ["Tổng hợp", "Trường Trung cấp Kinh tế - Kỹ t"]
        );
        let s = book.sheet("Tổng hợp");
        assert_eq!(column(&s, LONG_HEADER_ROW, "Chỉ số"), ["kha"]);
    }

    #[test]
    fn same_inputs_give_the_same_bytes() {
        assert_eq!(build(), build());
    }
}
