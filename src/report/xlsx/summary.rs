//! `tong-hop.xlsx`: the school at a glance. A first sheet puts the units side by side
//! (one row per unit-scope document, one column per indicator id, coloured as in the unit
//! workbooks, each unit linked to its own workbook); then one sheet per school-scope
//! document with its results in the layout of a unit workbook's summary.

use rust_xlsxwriter::{Note, Url, Worksheet};

use super::{
    cell_text, new_workbook, print_setup, status_text, t, unit, write_header, Error, SheetNames,
    Styles, DECIMAL_FORMAT, INTEGER_FORMAT, PERCENT_FORMAT,
};
use crate::compute::Results;
use crate::definitions::{Document, Scope};
use crate::i18n::Lang;
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
    let styles = Styles::new();
    let mut names = SheetNames::new();
    let mut wb = new_workbook(t(
        lang,
        "Tổng hợp kết quả mục tiêu chất lượng",
        "Quality objectives: school summary",
    ));

    let mut ws = Worksheet::new();
    ws.set_name(names.claim(t(lang, "Đơn vị", "Units")))?;
    units_sheet(&mut ws, docs, results, lang, &styles)?;
    wb.push_worksheet(ws);

    for (d, doc) in docs.iter().enumerate() {
        if doc.scope != Scope::School {
            continue;
        }
        let mut ws = Worksheet::new();
        ws.set_name(names.claim(&doc.unit))?;
        school_sheet(&mut ws, doc, &results.documents[d], catalog, lang, &styles)?;
        wb.push_worksheet(ws);
    }
    super::save(&mut wb)
}

/// The path of a document's unit workbook relative to `bao-cao/`.
fn unit_workbook_path(doc: &Document) -> String {
    format!("{}/{}", doc.slug(), unit::FILE_NAME)
}

fn units_sheet(
    ws: &mut Worksheet,
    docs: &[Document],
    results: &Results,
    lang: Lang,
    styles: &Styles,
) -> Result<(), Error> {
    let title = match docs.first() {
        Some(d) => format!(
            "{} — {} — {} {}",
            t(
                lang,
                "TỔNG HỢP KẾT QUẢ MỤC TIÊU CHẤT LƯỢNG",
                "QUALITY OBJECTIVES: SCHOOL SUMMARY"
            ),
            d.school,
            t(lang, "năm học", "school year"),
            d.school_year
        ),
        None => t(
            lang,
            "TỔNG HỢP KẾT QUẢ MỤC TIÊU CHẤT LƯỢNG",
            "QUALITY OBJECTIVES: SCHOOL SUMMARY",
        )
        .to_string(),
    };
    ws.write_string_with_format(0, 0, cell_text(&title), &styles.title)?;

    let units: Vec<usize> = (0..docs.len())
        .filter(|&d| docs[d].scope == Scope::Unit)
        .collect();
    // Indicator columns: every indicator id of the unit documents, in first-seen order.
    // The same id in two units is taken to be the same indicator (the usual case: units
    // copy one model file); its label and target in the header note are the first seen.
    let mut columns: Vec<(&str, &crate::definitions::Indicator)> = Vec::new();
    for &d in &units {
        for (_, ind) in docs[d].indicators() {
            if !columns.iter().any(|(id, _)| *id == ind.id) {
                columns.push((&ind.id, ind));
            }
        }
    }
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
                            (v.to_f64() / 100.0, PERCENT_FORMAT)
                        } else if v.is_integer() {
                            (v.to_f64(), INTEGER_FORMAT)
                        } else {
                            (v.to_f64(), DECIMAL_FORMAT)
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
) -> Result<(), Error> {
    let title = format!("{} — {}", doc.unit, doc.school_year);
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
            ["Đơn vị", "Trường Trung cấp Kinh tế - Kỹ t"]
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
        let xml = zip_text(&bytes, "xl/worksheets/sheet1.xml").unwrap();
        let rels = zip_text(&bytes, "xl/worksheets/_rels/sheet1.xml.rels").unwrap();
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
    fn same_inputs_give_the_same_bytes() {
        assert_eq!(build(), build());
    }
}
