//! `loi-du-lieu.xlsx`: every issue of the run, for the office staff who fix the workbooks.
//!
//! A first sheet counts the issues per code and severity, and per file; the second lists
//! every issue grouped by file (files in path order, issues in reading order within a
//! file), filterable, with a link to each file.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Url, Worksheet};

use super::{
    cell_text, fit_row, new_workbook, print_setup, t, write_header, Error, SheetNames, Styles,
};
use crate::dataset::{Dataset, Issue, Severity};
use crate::i18n::Lang;
use crate::schema::Catalog;

pub const FILE_NAME: &str = "loi-du-lieu.xlsx";

const MESSAGE_WIDTH: f64 = 70.0;

/// "Lỗi" / "Cảnh báo".
pub fn severity_text(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => t(lang, "Lỗi", "Error"),
        Severity::Warning => t(lang, "Cảnh báo", "Warning"),
    }
}

/// The Vietnamese (or English) name of an issue code, shown beside the code.
pub fn code_name(code: &str, lang: Lang) -> &'static str {
    let (vi, en) = match code {
        "unreadable-file" => ("Không đọc được tệp", "Unreadable file"),
        "file-in-use" => ("Tệp đang mở ở chương trình khác", "File in use"),
        "rows-not-read" => ("Có dòng không đọc được", "Rows not read"),
        "field-not-found" => ("Không thấy cột cần cho chỉ số", "Field not found"),
        "hidden-rows" => ("Dòng bị ẩn vẫn được tính", "Hidden rows counted"),
        "hidden-column" => ("Cột bị ẩn", "Hidden column"),
        "struck-rows" => (
            "Dòng gạch ngang vẫn được tính",
            "Struck-through rows counted",
        ),
        "unknown-sheet" => ("Trang tính không nhận ra", "Unknown sheet"),
        "ambiguous-sheet" => ("Trang tính không rõ loại", "Ambiguous sheet"),
        "missing-column" => ("Thiếu cột bắt buộc", "Missing column"),
        "duplicate-column" => ("Cột bị trùng", "Duplicate column"),
        "type-error" => ("Sai kiểu dữ liệu", "Wrong type"),
        "invalid-value" => ("Giá trị không hợp lệ", "Invalid value"),
        "out-of-range" => ("Giá trị ngoài khoảng cho phép", "Out of range"),
        "missing-value" => ("Thiếu giá trị bắt buộc", "Missing value"),
        "duplicate-key" => ("Trùng mã", "Duplicate key"),
        "unknown-unit" => ("Không rõ đơn vị", "Unknown unit"),
        "formula-error" => ("Công thức bị lỗi", "Formula error"),
        "inconsistent-value" => ("Giá trị không khớp nhau", "Inconsistent values"),
        "unknown-reference" => ("Mã không có trong danh sách", "Unknown reference"),
        "no-period-data" => ("Không có dữ liệu của kỳ", "No data for the period"),
        _ => ("", ""),
    };
    t(lang, vi, en)
}

/// The header a person sees for a field id: the first source of the catalogue that has it.
fn field_header<'a>(field: &'a str, catalog: Option<&'a Catalog>) -> &'a str {
    catalog
        .and_then(|c| {
            c.sources
                .iter()
                .find_map(|s| s.field(field).map(|f| f.canonical_header()))
        })
        .unwrap_or(field)
}

/// The bytes of `loi-du-lieu.xlsx`. `to_workspace` is the path from the folder the
/// workbook is written in to the workspace root (`".."` for `bao-cao/`), `/`-separated:
/// with it each file gets a relative link that still works when the workspace is moved;
/// without it (or for a file outside the workspace) there are no file links.
pub fn issues_workbook(
    data: &Dataset,
    lang: Lang,
    to_workspace: Option<&str>,
) -> Result<Vec<u8>, Error> {
    issues_workbook_with(data, None, lang, to_workspace, Default::default())
}

/// [`issues_workbook`] with the catalogue, so each field is shown by its header text, for
/// a run of `period` (named in the title of a semester's).
pub fn issues_workbook_with(
    data: &Dataset,
    catalog: Option<&Catalog>,
    lang: Lang,
    to_workspace: Option<&str>,
    period: crate::period::Period,
) -> Result<Vec<u8>, Error> {
    let styles = Styles::new();
    let mut names = SheetNames::new();
    let mut title = t(lang, "Lỗi dữ liệu", "Data issues").to_string();
    if period.is_semester() {
        title = format!("{title} — {}", t(lang, period.name_vi(), period.name_en()));
    }
    let mut wb = new_workbook(&title);

    let mut ws = Worksheet::new();
    ws.set_name(names.claim(t(lang, "Thống kê", "Counts")))?;
    counts_sheet(&mut ws, data, lang, &styles)?;
    wb.push_worksheet(ws);

    let mut ws = Worksheet::new();
    ws.set_name(names.claim(t(lang, "Lỗi dữ liệu", "Issues")))?;
    let mut sorted: Vec<&Issue> = data.issues.iter().collect();
    // Stable: within a file, the reading order of the issues is kept.
    sorted.sort_by(|a, b| a.file.cmp(&b.file));
    issue_table(&mut ws, 0, &sorted, to_workspace, catalog, lang, &styles)?;
    wb.push_worksheet(ws);

    if let Some(catalog) = catalog {
        if data.issues.iter().any(|i| i.code == "unknown-unit") {
            let mut ws = Worksheet::new();
            ws.set_name(names.claim(t(lang, "Dòng không rõ đơn vị", "Rows of unknown unit")))?;
            unknown_unit_rows(&mut ws, data, catalog, to_workspace, lang, &styles)?;
            wb.push_worksheet(ws);
        }
    }

    super::save(&mut wb)
}

fn counts_sheet(
    ws: &mut Worksheet,
    data: &Dataset,
    lang: Lang,
    styles: &Styles,
) -> Result<(), Error> {
    let mut per_code: BTreeMap<(Severity, &str), u64> = BTreeMap::new();
    let mut per_file: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for i in &data.issues {
        *per_code.entry((i.severity, i.code)).or_default() += 1;
        let f = per_file.entry(i.file.as_str()).or_default();
        match i.severity {
            Severity::Error => f.0 += 1,
            Severity::Warning => f.1 += 1,
        }
    }
    write_header(
        ws,
        0,
        &[
            (t(lang, "Mức độ", "Severity"), 12.0),
            (t(lang, "Mã lỗi", "Code"), 22.0),
            (t(lang, "Loại lỗi", "Kind"), 34.0),
            (t(lang, "Số lượng", "Count"), 10.0),
        ],
        styles,
    )?;
    let mut row = 0;
    for ((sev, code), n) in &per_code {
        row += 1;
        let f = severity_format(*sev, styles);
        ws.write_string_with_format(row, 0, severity_text(*sev, lang), f)?;
        ws.write_string_with_format(row, 1, *code, &styles.text)?;
        ws.write_string_with_format(row, 2, code_name(code, lang), &styles.text)?;
        ws.write_number_with_format(row, 3, *n as f64, &styles.integer)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, t(lang, "Tổng cộng", "Total"), &styles.header)?;
    ws.write_blank(row, 1, &styles.header)?;
    ws.write_blank(row, 2, &styles.header)?;
    ws.write_number_with_format(row, 3, data.issues.len() as f64, &styles.integer)?;

    // Per file: a table of its own below, never sharing a row with the one above.
    row += 2;
    let file_header = row;
    for (k, name) in [
        t(lang, "Lỗi", "Errors"),
        t(lang, "Cảnh báo", "Warnings"),
        t(lang, "Tệp", "File"),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string_with_format(row, k as u16, name, &styles.header)?;
    }
    ws.set_column_width(4, 10.0)?;
    for (file, (e, w)) in &per_file {
        row += 1;
        ws.write_number_with_format(row, 0, *e as f64, &styles.integer)?;
        ws.write_number_with_format(row, 1, *w as f64, &styles.integer)?;
        ws.write_string_with_format(row, 2, cell_text(file), &styles.text)?;
    }
    let _ = file_header;
    ws.set_freeze_panes(1, 0)?;
    ws.set_row_height(0, 30)?;
    print_setup(ws, 0)?;
    Ok(())
}

/// Every row whose unit matched no definitions file (the issue sheet names each unknown
/// unit once): counted in school-wide figures only, in no unit's. Listed here one by one,
/// each linked to its row.
fn unknown_unit_rows(
    ws: &mut Worksheet,
    data: &Dataset,
    catalog: &Catalog,
    to_workspace: Option<&str>,
    lang: Lang,
    styles: &Styles,
) -> Result<(), Error> {
    let columns = [
        (t(lang, "Đơn vị ghi trong sổ", "Unit as written"), 28.0),
        (t(lang, "Nguồn dữ liệu", "Source"), 30.0),
        (t(lang, "Trang tính", "Sheet"), 14.0),
        (t(lang, "Dòng", "Row"), 7.0),
        (t(lang, "Tệp", "File"), 40.0),
    ];
    write_header(ws, 0, &columns, styles)?;
    let mut row = 0;
    for (source, table) in catalog.sources.iter().zip(&data.tables) {
        for r in table.iter().filter(|r| r.unit.is_none()) {
            row += 1;
            let unit = match source.unit_field.map(|u| r.values.get(u)) {
                Some(crate::model::Value::Text(s)) => data.strings.get(s).to_string(),
                _ => String::new(),
            };
            let (file, sheet, line) = data.place(r.origin);
            ws.write_string_with_format(row, 0, cell_text(&unit), &styles.error)?;
            ws.write_string_with_format(row, 1, cell_text(&source.title), &styles.text)?;
            ws.write_string_with_format(row, 2, cell_text(sheet), &styles.text)?;
            let at = Issue {
                severity: Severity::Warning,
                code: "unknown-unit",
                file: file.to_string(),
                sheet: sheet.to_string(),
                cell: format!("A{line}"),
                row: Some(line),
                field: String::new(),
                value: String::new(),
                message: String::new(),
            };
            let link = to_workspace.and_then(|base| cell_link(base, &at));
            let linked = link.is_some_and(|u| {
                ws.write_url_with_format(row, 3, u.set_text(line.to_string()), &styles.link)
                    .is_ok()
            });
            if !linked {
                ws.write_number_with_format(row, 3, line as f64, &styles.text)?;
            }
            ws.write_string_with_format(row, 4, cell_text(file), &styles.text)?;
        }
    }
    ws.autofilter(0, 0, row, columns.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 1)?;
    print_setup(ws, 0)?;
    Ok(())
}

fn severity_format(s: Severity, styles: &Styles) -> &rust_xlsxwriter::Format {
    match s {
        Severity::Error => &styles.error,
        Severity::Warning => &styles.warning,
    }
}

/// The issue table, from `header_row`, for the issues in the order given: shared by
/// `loi-du-lieu.xlsx` and the issue sheet of each unit workbook. Each issue of an xlsx file
/// links to its sheet and cell (or to the file), the field is shown by its header, the code
/// with its name; the path comes last. Returns the last row.
pub(crate) fn issue_table(
    ws: &mut Worksheet,
    header_row: u32,
    issues: &[&Issue],
    to_workspace: Option<&str>,
    catalog: Option<&Catalog>,
    lang: Lang,
    styles: &Styles,
) -> Result<u32, Error> {
    let columns = [
        (t(lang, "Mức độ", "Severity"), 10.0),
        (t(lang, "Loại lỗi", "Kind"), 24.0),
        (t(lang, "Mã lỗi", "Code"), 18.0),
        (t(lang, "Cột", "Column"), 16.0),
        (t(lang, "Giá trị", "Value"), 18.0),
        (t(lang, "Thông báo", "Message"), MESSAGE_WIDTH),
        (t(lang, "Trang tính", "Sheet"), 14.0),
        (t(lang, "Ô", "Cell"), 7.0),
        (t(lang, "Dòng", "Row"), 7.0),
        (t(lang, "Tệp", "File"), 40.0),
    ];
    write_header(ws, header_row, &columns, styles)?;
    ws.set_row_height(header_row, 30)?;
    let mut row = header_row;
    for i in issues {
        row += 1;
        ws.write_string_with_format(
            row,
            COL_SEVERITY,
            severity_text(i.severity, lang),
            severity_format(i.severity, styles),
        )?;
        ws.write_string_with_format(row, 1, code_name(i.code, lang), &styles.text)?;
        ws.write_string_with_format(row, 2, i.code, &styles.text)?;
        ws.write_string_with_format(
            row,
            3,
            cell_text(field_header(&i.field, catalog)),
            &styles.text,
        )?;
        ws.write_string_with_format(row, 4, cell_text(&i.value), &styles.text)?;
        ws.write_string_with_format(row, 5, cell_text(&i.message), &styles.wrap)?;
        fit_row(ws, row, &[(&i.message, MESSAGE_WIDTH)])?;
        ws.write_string_with_format(row, 6, cell_text(&i.sheet), &styles.text)?;
        let link = to_workspace.and_then(|base| cell_link(base, i));
        let linked = link.is_some_and(|url| {
            ws.write_url_with_format(row, COL_CELL, &url, &styles.link)
                .is_ok()
        });
        if !linked {
            ws.write_string_with_format(row, COL_CELL, cell_text(&i.cell), &styles.text)?;
        }
        match i.row {
            Some(r) => ws.write_number_with_format(row, 8, r as f64, &styles.text)?,
            None => ws.write_blank(row, 8, &styles.text)?,
        };
        let linked = to_workspace
            .and_then(|base| file_link(base, &i.file))
            .is_some_and(|url| {
                ws.write_url_with_format(row, COL_FILE, &url, &styles.link)
                    .is_ok()
            });
        if !linked {
            ws.write_string_with_format(row, COL_FILE, cell_text(&i.file), &styles.text)?;
        }
    }
    ws.autofilter(header_row, 0, row, COL_FILE)?;
    ws.set_freeze_panes(header_row + 1, 1)?;
    let widths: Vec<f64> = columns.iter().map(|(_, w)| *w).collect();
    super::print_setup_wide(ws, header_row, &widths, 1)?;
    Ok(row)
}

const COL_SEVERITY: u16 = 0;
const COL_CELL: u16 = 7;
const COL_FILE: u16 = 9;

/// A link from an issue to its cell (or its sheet) in the workbook, when the file is an
/// xlsx/xlsm one Excel opens at a sheet and cell: `file:///../du-lieu/a.xlsx#'DS HS'!H12`.
fn cell_link(to_workspace: &str, i: &Issue) -> Option<Url> {
    let lower = i.file.to_ascii_lowercase();
    if i.sheet.is_empty() || !(lower.ends_with(".xlsx") || lower.ends_with(".xlsm")) {
        return None;
    }
    let file = file_target(to_workspace, &i.file)?;
    let at = if i.cell.is_empty() {
        format!("A{}", i.row.unwrap_or(1))
    } else {
        i.cell.clone()
    };
    let anchor = format!("{}!{at}", super::quoted(&i.sheet));
    let shown = if i.cell.is_empty() {
        i.row.map(|r| r.to_string()).unwrap_or_default()
    } else {
        i.cell.clone()
    };
    let shown = if shown.is_empty() {
        "→".to_string()
    } else {
        shown
    };
    Some(Url::new(format!("{file}#{anchor}")).set_text(cell_text(&shown)))
}

/// A relative link to a workspace file, when the path is one (not absolute, no `..`).
fn file_link(to_workspace: &str, path: &str) -> Option<Url> {
    file_target(to_workspace, path).map(|u| Url::new(u).set_text(cell_text(path)))
}

/// `file:///../du-lieu/a.xlsx`: a workspace file relative to the report's folder.
fn file_target(to_workspace: &str, path: &str) -> Option<String> {
    if path.is_empty()
        || path.starts_with('/')
        || path.contains(':')
        || path.split('/').any(|p| p == "..")
    {
        return None;
    }
    let base = to_workspace.trim_end_matches('/');
    let target = if base.is_empty() {
        path.to_string()
    } else {
        format!("{base}/{path}")
    };
    Some(format!("file:///{target}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::xlsx::test_util::{column, fixture, text, zip_text, Book};

    fn build(links: Option<&str>) -> Vec<u8> {
        let f = fixture();
        issues_workbook_with(
            &f.data,
            Some(&f.catalog),
            Lang::Vi,
            links,
            Default::default(),
        )
        .unwrap()
    }

    #[test]
    fn first_sheet_counts_issues_per_code_then_per_file_on_rows_of_their_own() {
        let mut book = Book::new(&build(None));
        assert_eq!(book.sheet_names()[..2], ["Thống kê", "Lỗi dữ liệu"]);
        let s = book.sheet("Thống kê");
        assert_eq!(
            column(&s, 0, "Mã lỗi")[..4],
            [
                "duplicate-key",
                "invalid-value",
                "unknown-sheet",
                "unknown-unit"
            ]
        );
        assert_eq!(
            column(&s, 0, "Loại lỗi")[..4],
            [
                "Trùng mã",
                "Giá trị không hợp lệ",
                "Trang tính không nhận ra",
                "Không rõ đơn vị"
            ]
        );
        assert_eq!(
            column(&s, 0, "Mức độ")[..4],
            ["Lỗi", "Lỗi", "Cảnh báo", "Cảnh báo"]
        );
        assert_eq!(column(&s, 0, "Số lượng")[..5], ["1", "2", "1", "1", "5"]);
        // The per-file table starts below the total, after a blank row: no row of the
        // sheet holds both a code and a file.
        assert_eq!(text(&s, 6, 0), "");
        assert_eq!(
            (0..3).map(|c| text(&s, 7, c)).collect::<Vec<_>>(),
            ["Lỗi", "Cảnh báo", "Tệp"]
        );
        assert_eq!(
            column(&s, 7, "Tệp"),
            [
                "du-lieu/dn.xlsx",
                "du-lieu/khoa-co-khi/hs.xlsx",
                "du-lieu/khoa-dien/hs.xlsx"
            ]
        );
        assert_eq!(column(&s, 7, "Lỗi"), ["1", "1", "1"]);
        for r in 1..=5 {
            assert_eq!(text(&s, r, 2).is_empty(), r == 5, "row {r}");
            assert!(text(&s, r, 4).is_empty(), "row {r} has no file beside it");
        }
    }

    #[test]
    fn every_issue_is_listed_grouped_by_file_field_by_header_path_last() {
        let mut book = Book::new(&build(None));
        let s = book.sheet("Lỗi dữ liệu");
        assert_eq!(
            column(&s, 0, "Tệp"),
            [
                "du-lieu/dn.xlsx",
                "du-lieu/khoa-co-khi/hs.xlsx",
                "du-lieu/khoa-co-khi/hs.xlsx",
                "du-lieu/khoa-dien/hs.xlsx",
                "du-lieu/khoa-dien/hs.xlsx"
            ]
        );
        assert_eq!(text(&s, 0, COL_FILE as u32), "Tệp", "the path last");
        assert_eq!(column(&s, 0, "Ô"), ["H2", "", "H5", "H3", "H4"]);
        assert_eq!(column(&s, 0, "Dòng"), ["2", "", "5", "3", "4"]);
        assert_eq!(
            column(&s, 0, "Cột")[0],
            "Học lực",
            "the header, not hoc_luc"
        );
        assert_eq!(column(&s, 0, "Mã lỗi")[0], "invalid-value");
        assert_eq!(column(&s, 0, "Loại lỗi")[0], "Giá trị không hợp lệ");
        assert_eq!(column(&s, 0, "Giá trị")[0], "Kha");
        assert_eq!(column(&s, 0, "Thông báo")[0], "invalid-value here");
        let xml = zip_text(&build(None), "xl/worksheets/sheet2.xml").unwrap();
        assert!(xml.contains("<autoFilter ref=\"A1:J6\""), "{xml}");
        assert!(xml.contains("state=\"frozen\""));
    }

    #[test]
    fn each_issue_links_to_its_sheet_and_cell_and_its_file() {
        let bytes = build(Some(".."));
        let xml = zip_text(&bytes, "xl/worksheets/sheet2.xml").unwrap();
        let rels = zip_text(&bytes, "xl/worksheets/_rels/sheet2.xml.rels").unwrap();
        // The first issue: invalid-value at du-lieu/dn.xlsx, sheet DN, H2 — the cell
        // column (H on this sheet) links to the file at 'DN'!H2.
        let link = xml
            .split("<hyperlink ")
            .skip(1)
            .find(|h| h.contains("ref=\"H2\""))
            .unwrap_or_else(|| panic!("no link on the cell column: {xml}"));
        assert!(
            link.contains("location=\"'DN'!H2\"")
                || link.contains("location=\"&apos;DN&apos;!H2\""),
            "{link}"
        );
        let id = link
            .split("r:id=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            rels.contains(&format!("Id=\"{id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"../du-lieu/dn.xlsx\"")),
            "{rels}"
        );
        // A sheet-level issue links to the sheet; every issue of an xlsx file with a sheet
        // has a cell link, and every file a link of its own.
        assert!(xml.contains("location=\"'Ghi chú'!A1\""), "{xml}");
        assert_eq!(xml.matches("location=").count(), 5, "{xml}");
        assert_eq!(
            rels.matches("TargetMode=\"External\"").count(),
            10,
            "{rels}"
        );
        // Without a base there are no links, and the paths are still there as text.
        assert!(zip_text(&build(None), "xl/worksheets/_rels/sheet2.xml.rels").is_none());
    }

    #[test]
    fn every_row_of_unknown_unit_is_listed_and_linked() {
        let bytes = build(Some(".."));
        let mut book = Book::new(&bytes);
        assert_eq!(
            book.sheet_names(),
            ["Thống kê", "Lỗi dữ liệu", "Dòng không rõ đơn vị"]
        );
        let s = book.sheet("Dòng không rõ đơn vị");
        assert_eq!(column(&s, 0, "Tệp"), ["du-lieu/khoa-dien/hs.xlsx"]);
        assert_eq!(column(&s, 0, "Trang tính"), ["HS"]);
        assert_eq!(column(&s, 0, "Dòng"), ["4"]);
        assert_eq!(
            column(&s, 0, "Nguồn dữ liệu"),
            ["Danh sách học sinh và kết quả học tập"]
        );
        let xml = zip_text(&bytes, "xl/worksheets/sheet3.xml").unwrap();
        assert!(xml.contains("location=\"'HS'!A4\""), "{xml}");
    }

    #[test]
    fn no_issues_still_makes_a_valid_workbook() {
        let data = crate::dataset::Dataset::new(1);
        let mut book = Book::new(&issues_workbook(&data, Lang::Vi, Some("..")).unwrap());
        let s = book.sheet("Thống kê");
        assert_eq!(column(&s, 0, "Số lượng")[0], "0");
    }

    #[test]
    fn same_inputs_give_the_same_bytes() {
        assert_eq!(build(Some("..")), build(Some("..")));
    }
}
