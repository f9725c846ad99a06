//! Sheets laid out the way school offices keep them (SPEC "Reading workbooks"): each is
//! read to exactly the records of its plain twin — one header, one row per student — with
//! no issue. Every workbook is built here the way an office builds it: blocks stacked in one
//! sheet, merges down the body, totals rows with formulas, deep headers, names split in two.

#[path = "common/books.rs"]
mod books;
mod common;

use books::*;
use common::{mtcl, stdout};
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};

/// The fields compared between an office layout and its plain twin.
const FIELDS: &[&str] = &["ma_hs", "ho_ten", "lop", "khoa", "diem_tb", "hoc_luc"];

#[derive(Clone)]
struct Student {
    ma: String,
    ho: String,
    ten: String,
    lop: String,
    khoa: String,
    diem: f64,
    hl: &'static str,
}

impl Student {
    fn name(&self) -> String {
        format!("{} {}", self.ho, self.ten)
    }
}

const HO: &[&str] = &[
    "Nguyễn Văn",
    "Trần Thị",
    "Lê Hoàng",
    "Phạm Minh",
    "Hoàng Thị Thu",
];
const TEN: &[&str] = &["An", "Bình", "Hà", "Khánh", "Lan", "Nam", "Quân"];

/// `n` students of class `lop` in faculty `khoa`, keys from `first`.
fn class(lop: &str, khoa: &str, first: usize, n: usize) -> Vec<Student> {
    (0..n)
        .map(|i| {
            let k = first + i;
            let diem = 5.0 + (k % 5) as f64;
            Student {
                ma: format!("HS{k:04}"),
                ho: HO[k % HO.len()].to_string(),
                ten: TEN[k % TEN.len()].to_string(),
                lop: lop.to_string(),
                khoa: khoa.to_string(),
                diem,
                hl: match diem as i64 {
                    9 => "Xuất sắc",
                    8 => "Giỏi",
                    7 => "Khá",
                    _ => "Trung bình",
                },
            }
        })
        .collect()
}

fn header() -> Vec<X> {
    row![
        "STT",
        "Mã HS",
        "Họ và tên",
        "Lớp",
        "Khoa",
        "Điểm TB",
        "Học lực"
    ]
}

fn line(i: usize, s: &Student) -> Vec<X> {
    row![
        (i + 1) as i32,
        s.ma.as_str(),
        s.name().as_str(),
        s.lop.as_str(),
        s.khoa.as_str(),
        s.diem,
        s.hl
    ]
}

/// The plain twin: one header, one row per student.
fn plain(students: &[Student]) -> Read {
    let mut rows = vec![header()];
    rows.extend(students.iter().enumerate().map(|(i, s)| line(i, s)));
    let ws = Ws::new(false);
    ws.save("ds.xlsx", book("DS", &rows));
    let r = ws.read();
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
    r
}

fn read_xlsx(wb: Workbook) -> Read {
    let ws = Ws::new(false);
    ws.save("ds.xlsx", wb);
    ws.read()
}

/// `office` holds exactly the records of the plain twin of `students`, and no issue.
fn assert_twin(office: &Read, students: &[Student]) {
    assert!(office.data.issues.is_empty(), "{:#?}", office.data.issues);
    let got = office.rows("hoc_sinh", FIELDS);
    assert_eq!(got.len(), students.len());
    assert_eq!(got, plain(students).rows("hoc_sinh", FIELDS));
}

/// A title merged across the table, as every office list opens.
fn title(ws: &mut Worksheet, row: u32, text: &str) {
    ws.merge_range(row, 0, row, 6, text, &Format::new())
        .unwrap();
}

fn stacked_blocks() -> (Workbook, Vec<Student>) {
    let sizes = [21, 20, 22, 19, 21];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    let mut all = Vec::new();
    let mut r = 0u32;
    for (b, n) in sizes.iter().enumerate() {
        let lop = format!("CK21{}", (b'A' + b as u8) as char);
        let students = class(&lop, "Cơ khí", all.len() + 1, *n);
        title(ws, r, "TRƯỜNG CAO ĐẲNG NGHỀ KỸ THUẬT");
        title(ws, r + 1, &format!("DANH SÁCH HỌC SINH LỚP {lop}"));
        title(ws, r + 2, "Năm học 2021 - 2022");
        r += 4;
        write_rows(ws, r, &[header(), row!["", "Khối 21"]]);
        r += 2;
        let first = r;
        for (i, s) in students.iter().enumerate() {
            write_rows(ws, r, &[line(i, s)]);
            r += 1;
        }
        write_rows(ws, r, &[row!["Cộng", "", format!("{n} học sinh").as_str()]]);
        let count =
            Formula::new(format!("=COUNTA(B{}:B{})", first + 1, r)).set_result(n.to_string());
        ws.write_formula(r, 1, count).unwrap();
        write_rows(
            ws,
            r + 1,
            &[row!["", "Vi phạm: HS0003 nghỉ học 3 buổi không phép"]],
        );
        r += 4;
        all.extend(students);
    }
    (wb, all)
}

#[test]
fn every_block_of_a_sheet_is_read_as_one_table() {
    let (wb, students) = stacked_blocks();
    assert_eq!(students.len(), 103);
    let r = read_xlsx(wb);
    assert_twin(&r, &students);
    assert_eq!(r.data.files[0].sheets[0].header_row, Some(5));
}

/// Lớp and Khoa merged down the rows of each class, as a workbook.
fn merged_body() -> (Workbook, Vec<Student>) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    write_rows(ws, 0, &[header()]);
    let mut all = class("CK21A", "Cơ khí", 1, 4);
    all.extend(class("DL21A", "Du lịch", 5, 3));
    let mut r = 1;
    for group in [&all[..4], &all[4..]] {
        for (i, s) in group.iter().enumerate() {
            write_rows(
                ws,
                r + i as u32,
                &[row![(i + 1) as i32, s.ma.as_str(), s.name().as_str()]],
            );
            write_rows(ws, r + i as u32, &[row!["", "", "", "", "", s.diem, s.hl]]);
        }
        let last = r + group.len() as u32 - 1;
        ws.merge_range(r, 3, last, 3, &group[0].lop, &Format::new())
            .unwrap();
        ws.merge_range(r, 4, last, 4, &group[0].khoa, &Format::new())
            .unwrap();
        r = last + 1;
    }
    // A totals row with no label: only its formulas tell it from a student.
    ws.write_formula(
        r,
        1,
        Formula::new(format!("=COUNTA(B2:B{r})")).set_result("7"),
    )
    .unwrap();
    ws.write_formula(
        r,
        5,
        Formula::new(format!("=AVERAGE(F2:F{r})")).set_result("7"),
    )
    .unwrap();
    (wb, all)
}

#[test]
fn class_and_faculty_merged_down_the_rows_belong_to_every_row() {
    let (wb, students) = merged_body();
    assert_twin(&read_xlsx(wb), &students);
}

#[test]
fn merged_body_in_xls_and_ods_gives_every_row_its_value() {
    // The same sheet as `merged_body`, saved as .xls (merged-cells records) and built here as
    // .ods (cells with number-rows-spanned and covered cells below).
    let (_, students) = merged_body();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let ws = Ws::new(false);
    ws.write(
        "ds.xls",
        &std::fs::read(fixtures.join("gop-lop-khoa.xls")).unwrap(),
    );
    assert_twin(&ws.read(), &students);

    let ws = Ws::new(false);
    ws.write("ds.ods", &merged_ods(&students));
    assert_twin(&ws.read(), &students);
}

/// An ODS file of the merged-body sheet.
fn merged_ods(students: &[Student]) -> Vec<u8> {
    fn text(t: &str) -> String {
        format!("<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>")
    }
    fn num(x: f64) -> String {
        format!("<table:table-cell office:value-type=\"float\" office:value=\"{x}\"><text:p>{x}</text:p></table:table-cell>")
    }
    let mut rows = String::from("<table:table-row>");
    for h in [
        "STT",
        "Mã HS",
        "Họ và tên",
        "Lớp",
        "Khoa",
        "Điểm TB",
        "Học lực",
    ] {
        rows += &text(h);
    }
    rows += "</table:table-row>";
    let groups = [&students[..4], &students[4..]];
    for group in groups {
        for (i, s) in group.iter().enumerate() {
            rows += "<table:table-row>";
            rows += &num((i + 1) as f64);
            rows += &text(&s.ma);
            rows += &text(&s.name());
            if i == 0 {
                let n = group.len();
                for v in [&s.lop, &s.khoa] {
                    rows += &format!("<table:table-cell table:number-rows-spanned=\"{n}\" office:value-type=\"string\"><text:p>{v}</text:p></table:table-cell>");
                }
            } else {
                rows += "<table:covered-table-cell/><table:covered-table-cell/>";
            }
            rows += &num(s.diem);
            rows += &text(s.hl);
            rows += "</table:table-row>";
        }
    }
    // A totals row with no label: only its formulas tell it from a student.
    let n = students.len() + 1;
    rows += &format!(
        "<table:table-row><table:table-cell/><table:table-cell table:formula=\"of:=COUNTA([.B2:.B{n}])\" office:value-type=\"float\" office:value=\"7\"><text:p>7</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"3\"/><table:table-cell table:formula=\"of:=AVERAGE([.F2:.F{n}])\" office:value-type=\"float\" office:value=\"7\"><text:p>7</text:p></table:table-cell></table:table-row>"
    );
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"DS\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_bytes(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest),
    ])
}

#[test]
fn totals_rows_labelled_in_the_name_column_or_made_of_formulas_are_not_students() {
    let students = class("4A", "Cơ khí", 1, 5);
    for label in ["Tổng cộng", "Tổng số HS:", "Sĩ số", ""] {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("DS").unwrap();
        write_rows(ws, 0, &[header()]);
        for (i, s) in students.iter().enumerate() {
            write_rows(ws, 1 + i as u32, &[line(i, s)]);
        }
        write_rows(ws, 6, &[row!["", "", label]]);
        ws.write_formula(6, 1, Formula::new("=COUNTA(B2:B6)").set_result("5"))
            .unwrap();
        ws.write_formula(6, 5, Formula::new("=AVERAGE(F2:F6)").set_result("7"))
            .unwrap();
        assert_twin(&read_xlsx(wb), &students);
    }
}

#[test]
fn a_totals_row_of_formulas_never_calculated_is_not_a_student() {
    // Written by a program (an export, a script): the formulas carry no cached value until
    // Excel saves the file. The totals row is still a totals row, not a broken student.
    let students = class("4A", "Cơ khí", 1, 5);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    write_rows(ws, 0, &[header()]);
    for (i, s) in students.iter().enumerate() {
        write_rows(ws, 1 + i as u32, &[line(i, s)]);
    }
    ws.write_formula(6, 1, "=COUNTA(B2:B6)").unwrap();
    ws.write_formula(6, 5, "=AVERAGE(F2:F6)").unwrap();
    ws.write_formula(6, 6, "=COUNTIF(G2:G6,\"Khá\")").unwrap();
    let bytes = rewrite_zip(&workbook_bytes(wb), |name, xml| {
        if !name.starts_with("xl/worksheets/") {
            return xml;
        }
        let text = String::from_utf8(xml).unwrap();
        assert!(text.contains("</f><v>0</v>"), "{text}");
        text.replace("</f><v>0</v>", "</f>").into_bytes()
    });
    let ws = Ws::new(false);
    ws.write("ds.xlsx", &bytes);
    assert_twin(&ws.read(), &students);
}

#[test]
fn a_school_sheet_with_a_subtotal_under_each_faculty_reads_only_the_students() {
    // The QA office's sheet of the whole school: a faculty label, its students, "Tổng khoa
    // …" (or "Cộng khoa …") with the faculty's count in the name column, then the next.
    let mut students = class("CK21", "Cơ khí", 1, 3);
    let mut dien = class("D21", "Điện", 4, 2);
    // A student whose family name is Tổng: a record, not a subtotal.
    dien[1].ho = "Tổng".to_string();
    dien[1].ten = "Khoa".to_string();
    students.extend(dien.clone());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    title(ws, 0, "TỔNG HỢP KẾT QUẢ HỌC TẬP TOÀN TRƯỜNG");
    write_rows(ws, 2, &[header()]);
    let mut r = 3;
    for (label, group, total) in [
        ("I. KHOA CƠ KHÍ", &students[..3], "Tổng khoa Cơ khí"),
        ("II. KHOA ĐIỆN", &dien[..], "Cộng khoa Điện"),
    ] {
        write_rows(ws, r, &[row![label]]);
        r += 1;
        for (i, s) in group.iter().enumerate() {
            write_rows(ws, r, &[line(i, s)]);
            r += 1;
        }
        write_rows(ws, r, &[row!["", total, group.len() as i32]]);
        r += 1;
    }
    write_rows(
        ws,
        r,
        &[row!["", "Tổng cộng toàn trường", students.len() as i32]],
    );
    assert_twin(&read_xlsx(wb), &students);
}

#[test]
fn a_header_repeated_at_the_top_of_a_printed_page_is_skipped() {
    let students = class("CK21A", "Cơ khí", 1, 12);
    let mut rows = vec![header()];
    for (i, s) in students.iter().enumerate() {
        if i == 7 {
            rows.push(header());
        }
        rows.push(line(i, s));
    }
    let r = read_xlsx(book("DS", &rows));
    assert_twin(&r, &students);
}

#[test]
fn a_three_row_header_reads_its_deepest_columns() {
    let students = class("4A", "Cơ khí", 1, 5);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    let f = Format::new();
    title(ws, 0, "DANH SÁCH HỌC SINH VÀ KẾT QUẢ HỌC TẬP");
    for (c, h) in ["STT", "Mã HS", "Họ và tên", "Lớp", "Khoa"]
        .iter()
        .enumerate()
    {
        ws.merge_range(2, c as u16, 4, c as u16, h, &f).unwrap();
    }
    ws.merge_range(2, 5, 2, 6, "Kết quả học tập năm học", &f)
        .unwrap();
    ws.merge_range(3, 5, 3, 6, "Cả năm", &f).unwrap();
    write_rows(ws, 4, &[row!["", "", "", "", "", "Điểm TB", "Học lực"]]);
    for (i, s) in students.iter().enumerate() {
        write_rows(ws, 5 + i as u32, &[line(i, s)]);
    }
    let r = read_xlsx(wb);
    assert_twin(&r, &students);
    assert_eq!(r.data.files[0].sheets[0].header_row, Some(5));
}

/// Rows with the name in two columns: family-and-middle name, then given name.
fn split_rows(students: &[Student]) -> Vec<Vec<X>> {
    students
        .iter()
        .enumerate()
        .map(|(i, s)| {
            row![
                (i + 1) as i32,
                s.ma.as_str(),
                s.ho.as_str(),
                s.ten.as_str(),
                s.lop.as_str(),
                s.khoa.as_str(),
                s.diem,
                s.hl
            ]
        })
        .collect()
}

#[test]
fn ho_va_ten_merged_over_two_unnamed_columns_is_the_name_in_two_parts() {
    let students = class("4A", "Cơ khí", 1, 5);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    write_rows(ws, 0, &[row!["STT", "Mã HS"]]);
    ws.merge_range(0, 2, 0, 3, "Họ và tên", &Format::new())
        .unwrap();
    write_rows(
        ws,
        0,
        &[row!["", "", "", "", "Lớp", "Khoa", "Điểm TB", "Học lực"]],
    );
    write_rows(ws, 1, &split_rows(&students));
    assert_twin(&read_xlsx(wb), &students);
}

#[test]
fn a_name_split_over_the_common_header_pairs_is_joined_in_order() {
    let students = class("4A", "Cơ khí", 1, 5);
    for family in ["Họ", "Họ lót", "Họ và tên đệm", "Họ đệm"] {
        let mut rows = vec![row![
            "STT",
            "Mã HS",
            family,
            "Tên",
            "Lớp",
            "Khoa",
            "Điểm TB",
            "Học lực"
        ]];
        rows.extend(split_rows(&students));
        assert_twin(&read_xlsx(book("DS", &rows)), &students);
    }
}

#[test]
fn template_rows_numbered_in_advance_with_formulas_are_not_records() {
    let students = class("4A", "Cơ khí", 1, 5);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    write_rows(ws, 0, &[header()]);
    for i in 0..40u32 {
        let r = 1 + i;
        if let Some(s) = students.get(i as usize) {
            write_rows(ws, r, &[line(i as usize, s)]);
        }
        // The row number and the grade are formulas copied down to row 41.
        let stt = Formula::new("=ROW()-1").set_result((i + 1).to_string());
        ws.write_formula(r, 0, stt).unwrap();
        let hl = students.get(i as usize).map_or("", |s| s.hl);
        let grade = Formula::new(format!(
            "=IF(F{0}=\"\",\"\",IF(F{0}>=9,\"Xuất sắc\",IF(F{0}>=8,\"Giỏi\",IF(F{0}>=7,\"Khá\",\"Trung bình\"))))",
            r + 1
        ))
        .set_result(hl);
        ws.write_formula(r, 6, grade).unwrap();
    }
    assert_twin(&read_xlsx(wb), &students);
}

#[test]
fn official_numbering_row_group_rows_and_class_subtotals_are_not_records() {
    let a = class("CK21A", "Cơ khí", 1, 3);
    let b = class("CK21B", "Cơ khí", 4, 2);
    let mut rows = vec![header(), row!["A", "B", "C", 1, 2, 3, 4]];
    for (roman, group) in [("I", &a), ("II", &b)] {
        rows.push(row![roman, format!("Lớp {}", group[0].lop).as_str()]);
        rows.extend(group.iter().enumerate().map(|(i, s)| line(i, s)));
        rows.push(row![
            "",
            format!("Cộng lớp {}", group[0].lop).as_str(),
            format!("{} HS", group.len()).as_str()
        ]);
    }
    let mut all = a.clone();
    all.extend(b);
    assert_twin(&read_xlsx(book("DS", &rows)), &all);

    let mut rows = vec![
        header(),
        row!["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
    ];
    rows.extend(a.iter().enumerate().map(|(i, s)| line(i, s)));
    assert_twin(&read_xlsx(book("DS", &rows)), &a);
}

#[test]
fn a_note_is_skipped_and_a_broken_record_is_kept_with_its_errors() {
    let students = class("4A", "Cơ khí", 1, 3);
    let mut rows = vec![header()];
    rows.extend(students.iter().enumerate().map(|(i, s)| line(i, s)));
    // Notes and labels: no record, no issue.
    rows.push(row!["", "Ghi chú: HS0002 bảo lưu từ tháng 3"]);
    rows.push(row!["", "", "Vi phạm: đi học muộn 2 buổi"]);
    rows.push(row!["", "Khối 21"]);
    rows.push(row!["", "10"]);
    let r = read_xlsx(book("DS", &rows));
    assert_twin(&r, &students);

    // Broken records: a key with a bad value, a key alone, a name alone with its STT.
    let mut rows = vec![header()];
    rows.extend(students.iter().enumerate().map(|(i, s)| line(i, s)));
    rows.push(row![4, "HS0004", "Đỗ Văn Tâm", "4A", "Cơ khí", 11, "Giỏii"]);
    rows.push(row!["", "HS0005"]);
    rows.push(row![6, "", "Trần Thị Bình"]);
    let r = read_xlsx(book("DS", &rows));
    assert_eq!(r.records("hoc_sinh").len(), 6);
    let issues: Vec<(&str, &str)> = r.issues().iter().map(|(c, _, cell)| (*c, *cell)).collect();
    assert_eq!(
        issues,
        [
            ("out-of-range", "F5"),
            ("invalid-value", "G5"),
            ("missing-value", "C6"),
            ("missing-value", "B7"),
        ]
    );
}

#[test]
fn rows_with_keys_below_the_end_are_one_rows_not_read_warning() {
    let students = class("4A", "Cơ khí", 1, 3);
    let late = class("4A", "Cơ khí", 50, 2);
    let mut rows = vec![header()];
    rows.extend(students.iter().enumerate().map(|(i, s)| line(i, s)));
    rows.push(row!["", "", "Tổng cộng", "", "", 7.0]);
    rows.push(row!["", "Người lập biểu", "", "", "Trưởng khoa"]);
    rows.push(row!["", "Lê Thị Lan", "", "", "Nguyễn Quốc Đoàn"]);
    rows.extend(late.iter().enumerate().map(|(i, s)| line(i, s)));
    let r = read_xlsx(book("DS", &rows));
    assert_eq!(r.records("hoc_sinh").len(), 3);
    assert_eq!(r.issues(), [("rows-not-read", "DS", "B8")]);
    let w = r.issue("rows-not-read");
    assert_eq!(w.value, "B8:B9");
    assert!(
        w.message.starts_with("2 dòng có mã ở B8:B9"),
        "{}",
        w.message
    );

    // The same rows under a repeated header are a block of their own, read.
    let mut rows = vec![header()];
    rows.extend(students.iter().enumerate().map(|(i, s)| line(i, s)));
    rows.push(row!["", "Người lập biểu", "", "", "Trưởng khoa"]);
    rows.push(header());
    rows.extend(late.iter().enumerate().map(|(i, s)| line(i, s)));
    let mut all = students.clone();
    all.extend(late);
    assert_twin(&read_xlsx(book("DS", &rows)), &all);
}

#[test]
fn a_sheet_of_many_blocks_is_read_whole() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    let mut r = 0;
    let mut all = Vec::new();
    for b in 0..400 {
        let students = class(&format!("L{b}"), "Cơ khí", all.len() + 1, 3);
        write_rows(
            ws,
            r,
            &[
                row![format!("DANH SÁCH LỚP L{b}").as_str()],
                row![],
                header(),
            ],
        );
        r += 3;
        for (i, s) in students.iter().enumerate() {
            write_rows(ws, r, &[line(i, s)]);
            r += 1;
        }
        write_rows(ws, r, &[row!["Cộng", "", "3"]]);
        r += 2;
        all.extend(students);
    }
    let read = read_xlsx(wb);
    assert!(read.data.issues.is_empty(), "{:#?}", read.data.issues);
    assert_eq!(read.records("hoc_sinh").len(), 1200);
    let last = read.rows("hoc_sinh", FIELDS).pop().unwrap();
    assert_eq!(last[0], "HS1200");
    assert_eq!(last[2], "L399");
}

#[test]
fn a_hidden_old_copy_loses_its_duplicate_keys_to_the_visible_list() {
    let old = class("4A", "Cơ khí", 1, 3);
    let mut current = old.clone();
    current[1].diem = 9.0;
    current[1].hl = "Xuất sắc";
    let mut wb = Workbook::new();
    for (name, students, hidden) in [("DS cũ", &old, true), ("DS", &current, false)] {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        let mut rows = vec![header()];
        rows.extend(students.iter().enumerate().map(|(i, s)| line(i, s)));
        write_rows(ws, 0, &rows);
        // The visible list is the one Excel opens on: the hidden sheet cannot be active.
        ws.set_hidden(hidden).set_active(!hidden);
    }
    let r = read_xlsx(wb);
    assert!(r.data.files[0].sheets[0].hidden);
    let kept: Vec<(String, u32)> = r
        .records("hoc_sinh")
        .iter()
        .filter(|x| !x.excluded)
        .map(|x| {
            (
                r.data.files[0].sheets[x.origin.sheet as usize].name.clone(),
                x.origin.row,
            )
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("DS".to_string(), 2),
            ("DS".to_string(), 3),
            ("DS".to_string(), 4)
        ]
    );
    assert_eq!(
        r.issues(),
        [
            ("duplicate-key", "DS cũ", "B2"),
            ("duplicate-key", "DS cũ", "B3"),
            ("duplicate-key", "DS cũ", "B4"),
        ]
    );
    let m = &r.issue("duplicate-key").message;
    assert!(
        m.contains("trang ẩn 'DS cũ'") && m.contains("dòng 2 trang 'DS'"),
        "{m}"
    );
    let plain_twin = plain(&current);
    let visible: Vec<Vec<String>> = r.rows("hoc_sinh", FIELDS).into_iter().skip(3).collect();
    assert_eq!(visible, plain_twin.rows("hoc_sinh", FIELDS));
}

#[test]
fn check_prints_forty_errors_in_one_column_as_one_line_and_caps_each_file() {
    let students = class("4A", "Cơ khí", 1, 40);
    let mut rows = vec![header()];
    for (i, s) in students.iter().enumerate() {
        let mut r = line(i, s);
        r[5] = X::N(11.0 + i as f64);
        rows.push(r);
    }
    let ws = Ws::new(false);
    ws.save("ds.xlsx", book("DS", &rows));
    // A second file with a bad grade on every other row: 23 issues, no run to group.
    let mut rows = vec![header()];
    for (i, s) in class("4B", "Cơ khí", 41, 46).iter().enumerate() {
        let mut r = line(i, s);
        if i % 2 == 0 {
            r[6] = X::S("Giỏii".into());
        }
        rows.push(r);
    }
    ws.save("ds2.xlsx", book("DS", &rows));
    let o = mtcl(&["check", ws.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let grouped: Vec<&str> = out.lines().filter(|l| l.contains("F2:F41")).collect();
    assert_eq!(grouped.len(), 1, "{out}");
    assert!(
        grouped[0].contains("'DS'!F2:F41 — 40 dòng cùng lỗi này; ô F2:")
            && grouped[0].ends_with("[out-of-range]"),
        "{}",
        grouped[0]
    );
    assert!(!out.contains("'DS'!F3 "), "{out}");
    let second: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("du-lieu/ds2.xlsx"))
        .skip(2)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(second.len(), 21, "{out}");
    assert!(second[19].contains("'DS'!G40 "), "{}", second[19]);
    assert!(
        second[20].starts_with("  … và 3 dòng nữa") && second[20].contains("loi-du-lieu.xlsx"),
        "{}",
        second[20]
    );
    // The issue workbook and the dataset keep every issue.
    let (catalog, docs, w) = ws.load();
    let data = mtcl::ingest::read_workspace(&w, &catalog, &docs, mtcl::i18n::Lang::Vi);
    assert_eq!(data.issues.len(), 63);
}

#[test]
fn the_sample_keeps_one_class_list_in_blocks_and_reads_it_whole() {
    use calamine::{Data, Reader, Xlsx};
    let path = common::sample("truong-2019").join("du-lieu/khoa-dien-dien-tu/hoc-sinh-2019.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = wb.worksheet_range("Danh sách").unwrap();
    let count = |f: &dyn Fn(&str) -> bool| {
        range
            .used_cells()
            .filter(|(_, _, v)| matches!(v, Data::String(s) if f(s)))
            .count()
    };
    // One block per class and period (the year's rows, then each semester's: the sample
    // keeps its periods in a Học kỳ column).
    assert_eq!(
        count(&|s| s == "Mã HS"),
        24,
        "one header per class and period"
    );
    assert_eq!(count(&|s| s.starts_with("Cộng lớp")), 24);
    let merges = wb.merge_cells_by_sheet_name("Danh sách").unwrap();
    let down = merges
        .iter()
        .filter(|d| d.start.1 == 5 && d.end.1 == 5 && d.end.0 > d.start.0 + 10)
        .count();
    assert_eq!(down, 24, "the class merged down each block");

    let ws = Ws::new(false);
    // The sample's own school year, which its titles state.
    let doc = ws.root().join("muc-tieu/doc.toml");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("2021 - 2022", "2019 - 2020")).unwrap();
    ws.write("ds.xlsx", &std::fs::read(&path).unwrap());
    let r = ws.read();
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
    assert_eq!(r.records("hoc_sinh").len(), 3 * 215);
    let classes: std::collections::BTreeSet<String> = r
        .rows("hoc_sinh", &["lop"])
        .into_iter()
        .map(|mut v| v.remove(0))
        .collect();
    assert_eq!(classes.len(), 8);
    assert!(!classes.contains(""));
}

#[test]
fn a_grand_total_above_the_details_does_not_end_the_table() {
    let students = class("4A", "Cơ khí", 1, 4);
    let mut rows = vec![header(), row!["", "", "Tổng số", "", "", 7.0]];
    rows.extend(students.iter().enumerate().map(|(i, s)| line(i, s)));
    rows.push(row!["", "", "Tổng cộng", "", "", 7.0]);
    rows.push(row![
        5,
        "HS0099",
        "Lê Văn Muộn",
        "4A",
        "Cơ khí",
        6.0,
        "Trung bình"
    ]);
    let r = read_xlsx(book("DS", &rows));
    assert_eq!(
        r.rows("hoc_sinh", FIELDS),
        plain(&students).rows("hoc_sinh", FIELDS)
    );
    assert_eq!(r.issues(), [("rows-not-read", "DS", "B8")]);
}

#[test]
fn a_class_code_under_the_header_is_a_label_a_lone_key_shaped_like_the_keys_is_a_record() {
    let students = class("CK21A", "Cơ khí", 1, 3);
    let mut rows = vec![header(), row!["", "CK21A"]];
    rows.extend(students.iter().enumerate().map(|(i, s)| line(i, s)));
    assert_twin(&read_xlsx(book("DS", &rows)), &students);

    let mut rows = vec![header(), row!["", "CK21A"], row!["", "HS0000"]];
    rows.extend(students.iter().enumerate().map(|(i, s)| line(i, s)));
    let r = read_xlsx(book("DS", &rows));
    assert_eq!(r.records("hoc_sinh").len(), 4);
    assert_eq!(r.issues(), [("missing-value", "DS", "C3")]);
}

/// An ODS class list as LibreOffice saves it with last year's "Học lực" in a hidden
/// column (D) beside this year's (E), and row 4 hidden (a student who left).
fn ods_with_hidden_parts() -> Vec<u8> {
    fn text(t: &str) -> String {
        format!("<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>")
    }
    let row = |cells: &[&str], hidden: bool| {
        let vis = if hidden {
            " table:visibility=\"collapse\""
        } else {
            ""
        };
        let cells: String = cells.iter().map(|c| text(c)).collect();
        format!("<table:table-row{vis}>{cells}</table:table-row>")
    };
    let mut rows = String::from(
        "<table:table-column table:number-columns-repeated=\"3\"/><table:table-column table:visibility=\"collapse\"/><table:table-column table:number-columns-repeated=\"1020\"/>",
    );
    rows += &row(&["STT", "Mã HS", "Họ và tên", "Học lực", "Học lực"], false);
    rows += &row(&["1", "HS001", "Nguyễn Văn An", "Giỏi", "Khá"], false);
    rows += &row(&["2", "HS002", "Trần Thị Bình", "Giỏi", "Yếu"], false);
    rows += &row(&["3", "HS003", "Lê Văn Cường", "Khá", "Trung bình"], true);
    rows += "<table:table-row table:number-rows-repeated=\"1048571\" table:visibility=\"collapse\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"DS\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_bytes(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
        ("META-INF/manifest.xml", manifest),
    ])
}

#[test]
fn an_ods_hidden_column_and_hidden_row_are_seen_as_in_xlsx() {
    let ws = Ws::new(false);
    ws.write("ds.ods", &ods_with_hidden_parts());
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["ma_hs", "hoc_luc"]),
        strs(&[
            &["HS001", "Khá"],
            &["HS002", "Yếu"],
            &["HS003", "Trung bình"]
        ])
    );
    assert_eq!(
        r.issues(),
        [("hidden-column", "DS", "D1"), ("hidden-rows", "DS", "B4")]
    );
    assert_eq!(r.issue("hidden-rows").value, "4");
}
