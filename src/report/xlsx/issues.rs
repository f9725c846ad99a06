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

pub const FILE_NAME: &str = "loi-du-lieu.xlsx";

const MESSAGE_WIDTH: f64 = 70.0;

/// "Lỗi" / "Cảnh báo".
pub fn severity_text(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => t(lang, "Lỗi", "Error"),
        Severity::Warning => t(lang, "Cảnh báo", "Warning"),
    }
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
    let styles = Styles::new();
    let mut names = SheetNames::new();
    let mut wb = new_workbook(t(lang, "Lỗi dữ liệu", "Data issues"));

    let mut ws = Worksheet::new();
    ws.set_name(names.claim(t(lang, "Thống kê", "Counts")))?;
    counts_sheet(&mut ws, data, lang, &styles)?;
    wb.push_worksheet(ws);

    let mut ws = Worksheet::new();
    ws.set_name(names.claim(t(lang, "Lỗi dữ liệu", "Issues")))?;
    let mut sorted: Vec<&Issue> = data.issues.iter().collect();
    // Stable: within a file, the reading order of the issues is kept.
    sorted.sort_by(|a, b| a.file.cmp(&b.file));
    issue_table(&mut ws, 0, &sorted, to_workspace, lang, &styles)?;
    wb.push_worksheet(ws);

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
        ws.write_number_with_format(row, 2, *n as f64, &styles.integer)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, t(lang, "Tổng cộng", "Total"), &styles.header)?;
    ws.write_blank(row, 1, &styles.header)?;
    ws.write_number_with_format(row, 2, data.issues.len() as f64, &styles.integer)?;

    // Per file, to the right.
    let c0 = 4;
    for (k, (name, width)) in [
        (t(lang, "Tệp", "File"), 50.0),
        (t(lang, "Lỗi", "Errors"), 10.0),
        (t(lang, "Cảnh báo", "Warnings"), 10.0),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c0 + k as u16, name, &styles.header)?;
        ws.set_column_width(c0 + k as u16, width)?;
    }
    for (r, (file, (e, w))) in per_file.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string_with_format(r, c0, cell_text(file), &styles.text)?;
        ws.write_number_with_format(r, c0 + 1, *e as f64, &styles.integer)?;
        ws.write_number_with_format(r, c0 + 2, *w as f64, &styles.integer)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_row_height(0, 30)?;
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
/// `loi-du-lieu.xlsx` and the issue sheet of each unit workbook. Returns the last row.
pub(crate) fn issue_table(
    ws: &mut Worksheet,
    header_row: u32,
    issues: &[&Issue],
    to_workspace: Option<&str>,
    lang: Lang,
    styles: &Styles,
) -> Result<u32, Error> {
    write_header(
        ws,
        header_row,
        &[
            (t(lang, "Tệp", "File"), 40.0),
            (t(lang, "Trang tính", "Sheet"), 14.0),
            (t(lang, "Ô", "Cell"), 7.0),
            (t(lang, "Dòng", "Row"), 7.0),
            (t(lang, "Mức độ", "Severity"), 10.0),
            (t(lang, "Mã lỗi", "Code"), 18.0),
            (t(lang, "Trường", "Field"), 14.0),
            (t(lang, "Giá trị", "Value"), 18.0),
            (t(lang, "Thông báo", "Message"), MESSAGE_WIDTH),
        ],
        styles,
    )?;
    ws.set_row_height(header_row, 30)?;
    let mut row = header_row;
    let mut previous_file: Option<&str> = None;
    for i in issues {
        row += 1;
        let first_of_file = previous_file != Some(i.file.as_str());
        previous_file = Some(i.file.as_str());
        let linked = first_of_file
            && to_workspace
                .and_then(|base| file_link(base, &i.file))
                .is_some_and(|url| ws.write_url_with_format(row, 0, &url, &styles.link).is_ok());
        if !linked {
            ws.write_string_with_format(row, 0, cell_text(&i.file), &styles.text)?;
        }
        ws.write_string_with_format(row, 1, cell_text(&i.sheet), &styles.text)?;
        ws.write_string_with_format(row, 2, cell_text(&i.cell), &styles.text)?;
        match i.row {
            Some(r) => ws.write_number_with_format(row, 3, r as f64, &styles.text)?,
            None => ws.write_blank(row, 3, &styles.text)?,
        };
        ws.write_string_with_format(
            row,
            4,
            severity_text(i.severity, lang),
            severity_format(i.severity, styles),
        )?;
        ws.write_string_with_format(row, 5, i.code, &styles.text)?;
        ws.write_string_with_format(row, 6, cell_text(&i.field), &styles.text)?;
        ws.write_string_with_format(row, 7, cell_text(&i.value), &styles.text)?;
        ws.write_string_with_format(row, 8, cell_text(&i.message), &styles.wrap)?;
        fit_row(ws, row, &[(&i.message, MESSAGE_WIDTH)])?;
    }
    ws.autofilter(header_row, 0, row, 8)?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    print_setup(ws, header_row)?;
    Ok(row)
}

/// A relative link to a workspace file, when the path is one (not absolute, no `..`).
fn file_link(to_workspace: &str, path: &str) -> Option<Url> {
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
    Some(Url::new(format!("file:///{target}")).set_text(cell_text(path)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::xlsx::test_util::{column, fixture, zip_text, Book};

    fn build(links: Option<&str>) -> Vec<u8> {
        issues_workbook(&fixture().data, Lang::Vi, links).unwrap()
    }

    #[test]
    fn first_sheet_counts_issues_per_severity_and_code() {
        let mut book = Book::new(&build(None));
        assert_eq!(book.sheet_names(), ["Thống kê", "Lỗi dữ liệu"]);
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
            column(&s, 0, "Mức độ")[..4],
            ["Lỗi", "Lỗi", "Cảnh báo", "Cảnh báo"]
        );
        assert_eq!(column(&s, 0, "Số lượng")[..5], ["1", "2", "1", "1", "5"]);
        assert_eq!(
            column(&s, 0, "Tệp")[..3],
            [
                "du-lieu/dn.xlsx",
                "du-lieu/khoa-co-khi/hs.xlsx",
                "du-lieu/khoa-dien/hs.xlsx"
            ]
        );
    }

    #[test]
    fn every_issue_is_listed_grouped_by_file() {
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
        assert_eq!(column(&s, 0, "Ô"), ["H2", "", "H5", "H3", "H4"]);
        assert_eq!(column(&s, 0, "Dòng"), ["2", "", "5", "3", "4"]);
        assert_eq!(column(&s, 0, "Trường")[0], "hoc_luc");
        assert_eq!(column(&s, 0, "Giá trị")[0], "Kha");
        assert_eq!(column(&s, 0, "Thông báo")[0], "invalid-value here");
        let xml = zip_text(&build(None), "xl/worksheets/sheet2.xml").unwrap();
        assert!(xml.contains("<autoFilter ref=\"A1:I6\""), "{xml}");
        assert!(xml.contains("state=\"frozen\""));
    }

    #[test]
    fn each_file_is_linked_once_relative_to_the_workspace() {
        let bytes = build(Some(".."));
        let rels = zip_text(&bytes, "xl/worksheets/_rels/sheet2.xml.rels").unwrap();
        assert_eq!(rels.matches("TargetMode=\"External\"").count(), 3, "{rels}");
        assert!(
            rels.contains("Target=\"../du-lieu/khoa-co-khi/hs.xlsx\""),
            "{rels}"
        );
        // Without a base there are no links, and the paths are still there as text.
        assert!(zip_text(&build(None), "xl/worksheets/_rels/sheet2.xml.rels").is_none());
    }

    #[test]
    fn no_issues_still_makes_a_valid_workbook() {
        let data = crate::dataset::Dataset::new(1);
        let mut book = Book::new(&issues_workbook(&data, Lang::Vi, Some("..")).unwrap());
        let s = book.sheet("Thống kê");
        assert_eq!(column(&s, 0, "Số lượng"), ["0"]);
    }

    #[test]
    fn same_inputs_give_the_same_bytes() {
        assert_eq!(build(Some("..")), build(Some("..")));
    }
}
