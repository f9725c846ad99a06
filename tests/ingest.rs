//! Reading and validating workbooks (SPEC "Reading workbooks", "Validation"): one
//! behaviour per test, each workbook built in the test itself.

#[path = "common/books.rs"]
mod books;

use books::*;
use mtcl::dataset::{FileStatus, Severity};
use mtcl::i18n::Lang;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

fn student(ma: &str, ten: &str, khoa: &str, diem: f64, hl: &str) -> Vec<X> {
    row![1, ma, ten, khoa, "2020 - 2023", diem, hl]
}

// ---------------------------------------------------------------------------------------
// Discovery

#[test]
fn lock_and_temporary_files_are_not_listed_other_files_are_skipped() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book("DS", &[hs_header(), student("HS1", "An", "", 7.0, "Khá")]),
    );
    for f in [
        "~$ds.xlsx",
        ".~lock.ds.xlsx#",
        "ghi-chu.txt",
        "ds.xlsx.tmp",
        "~ds.xlsx",
    ] {
        ws.write(f, b"not a workbook");
    }
    let r = ws.read();
    let files: Vec<(&str, FileStatus)> = r
        .data
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.status))
        .collect();
    assert_eq!(
        files,
        vec![
            ("du-lieu/ds.xlsx", FileStatus::Read),
            ("du-lieu/ghi-chu.txt", FileStatus::Skipped),
        ]
    );
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn data_folder_is_read_recursively_in_path_order() {
    let ws = Ws::new(false);
    ws.save(
        "b/x.xlsx",
        book("DS", &[hs_header(), student("HS2", "B", "", 7.0, "Khá")]),
    );
    ws.save(
        "a.xlsx",
        book("DS", &[hs_header(), student("HS1", "A", "", 7.0, "Khá")]),
    );
    ws.save(
        "b/a/y.xlsx",
        book("DS", &[hs_header(), student("HS3", "C", "", 7.0, "Khá")]),
    );
    let r = ws.read();
    let paths: Vec<&str> = r.data.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        ["du-lieu/a.xlsx", "du-lieu/b/a/y.xlsx", "du-lieu/b/x.xlsx"]
    );
    assert_eq!(
        r.rows("hoc_sinh", &["ma_hs"]),
        strs(&[&["HS1"], &["HS3"], &["HS2"]])
    );
}

// ---------------------------------------------------------------------------------------
// Sheets and headers

#[test]
fn title_rows_above_header_are_skipped() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS HS",
            &[
                row!["TRƯỜNG TRUNG CẤP KINH TẾ - KỸ THUẬT"],
                row!["KHOA CƠ KHÍ"],
                row![],
                row!["DANH SÁCH HỌC SINH"],
                row!["Năm học 2021 - 2022"],
                hs_header(),
                student("HS1", "Nguyễn Văn An", "Cơ khí", 7.5, "Khá"),
            ],
        ),
    );
    let r = ws.read();
    let sheet = &r.data.files[0].sheets[0];
    assert_eq!(sheet.source.as_deref(), Some("hoc_sinh"));
    assert_eq!(sheet.header_row, Some(6));
    assert_eq!(sheet.records, 1);
    assert_eq!(
        r.rows(
            "hoc_sinh",
            &["ma_hs", "ho_ten", "khoa", "diem_tb", "hoc_luc"]
        ),
        strs(&[&["HS1", "Nguyễn Văn An", "Cơ khí", "7.5", "Khá"]])
    );
    assert_eq!(r.records("hoc_sinh")[0].origin.row, 7);
}

#[test]
fn two_row_header_joins_merged_parent_with_children() {
    let ws = Ws::new(false);
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let f = Format::new();
    s.merge_range(0, 0, 1, 0, "Mã HS", &f).unwrap();
    s.merge_range(0, 1, 1, 1, "Họ và tên", &f).unwrap();
    s.merge_range(0, 2, 0, 3, "Xếp loại", &f).unwrap();
    s.write(1, 2, "Học lực").unwrap();
    s.write(1, 3, "Rèn luyện").unwrap();
    write_rows(s, 2, &[row!["HS1", "An", "Giỏi", "Tốt"]]);
    ws.save("ds.xlsx", wb);
    let r = ws.read();
    assert_eq!(r.data.files[0].sheets[0].header_row, Some(2));
    assert_eq!(
        r.rows("hoc_sinh", &["ma_hs", "hoc_luc", "ren_luyen"]),
        strs(&[&["HS1", "Giỏi", "Tốt"]])
    );
}

#[test]
fn ho_dem_and_ten_columns_are_joined_into_ho_ten() {
    let ws = Ws::new(false);
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let f = Format::new();
    s.merge_range(0, 0, 1, 0, "STT", &f).unwrap();
    s.merge_range(0, 1, 1, 1, "Mã HS", &f).unwrap();
    s.merge_range(0, 2, 0, 3, "Họ và tên", &f).unwrap();
    s.write(1, 2, "Họ đệm").unwrap();
    s.write(1, 3, "Tên").unwrap();
    s.merge_range(0, 4, 1, 4, "Lớp", &f).unwrap();
    write_rows(
        s,
        2,
        &[
            row![1, "HS1", "Nguyễn Văn", "An", "CK20A"],
            row![2, "HS2", "", "Bình", "CK20A"],
        ],
    );
    ws.save("ds.xlsx", wb);
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["ma_hs", "ho_ten"]),
        strs(&[&["HS1", "Nguyễn Văn An"], &["HS2", "Bình"]])
    );
}

#[test]
fn stt_column_is_ignored_and_blank_rows_are_skipped() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                hs_header(),
                student("HS1", "An", "", 7.0, "Khá"),
                row![],
                row![99],
                student("HS2", "Bình", "", 8.0, "Giỏi"),
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.rows("hoc_sinh", &["ma_hs"]), strs(&[&["HS1"], &["HS2"]]));
    assert_eq!(r.records("hoc_sinh")[1].origin.row, 5);
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn table_ends_before_totals_notes_and_signature() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                hs_header(),
                row![1, "HS1", "An", "", "2020 - 2023", 7.0, "Khá"],
                row![2, "HS2", "Bình", "", "2020 - 2023", 8.0, "Giỏi"],
                row!["Tổng cộng", "", "2 học sinh", "", "", 7.5],
                row![],
                row!["Ghi chú: số liệu tính đến 30/6/2022"],
                row!["", "", "", "", "Hà Nội, ngày 30 tháng 6 năm 2022"],
                row!["", "Người lập biểu", "", "", "Trưởng khoa"],
                row!["", "Lê Thị Lan", "", "", "Nguyễn Quốc Đoàn"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.rows("hoc_sinh", &["ma_hs"]), strs(&[&["HS1"], &["HS2"]]));
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn column_numbers_printed_under_the_header_are_not_a_row() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                hs_header(),
                row!["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
                student("HS1", "An", "", 7.0, "Khá"),
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.rows("hoc_sinh", &["ma_hs"]), strs(&[&["HS1"]]));
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn signature_block_alone_ends_the_table() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                hs_header(),
                student("HS1", "An", "", 7.0, "Khá"),
                row!["", "", "", "", "…, ngày … tháng … năm …"],
                row!["", "NGƯỜI LẬP BIỂU", "", "", "TRƯỞNG KHOA"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.rows("hoc_sinh", &["ma_hs"]), strs(&[&["HS1"]]));
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn header_khoa_with_accent_is_khoa_hoc_never_the_unit_column() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["MA HS", "Họ  và\ntên", "KHOA", "Khóa"],
                row!["HS1", "An", "Cơ khí", "2020 - 2023"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["ma_hs", "ho_ten", "khoa", "khoa_hoc"]),
        strs(&[&["HS1", "An", "Cơ khí", "2020 - 2023"]])
    );
}

#[test]
fn unknown_sheet_is_a_warning_and_skipped() {
    let ws = Ws::new(false);
    let mut wb = book("DS", &[hs_header(), student("HS1", "An", "", 7.0, "Khá")]);
    let s = wb.add_worksheet();
    s.set_name("Thống kê").unwrap();
    write_rows(s, 0, &[row!["Lớp", "Sĩ số"], row!["CK20A", 35]]);
    ws.save("ds.xlsx", wb);
    let r = ws.read();
    assert_eq!(r.issues(), vec![("unknown-sheet", "Thống kê", "")]);
    assert_eq!(r.data.issues[0].severity, Severity::Warning);
    assert_eq!(r.data.files[0].sheets[1].source, None);
    assert_eq!(r.data.errors(), 0);
}

#[test]
fn hidden_sheet_is_read_and_reported_hidden() {
    let ws = Ws::new(false);
    let mut wb = book("DS", &[hs_header(), student("HS1", "An", "", 7.0, "Khá")]);
    let s = wb.add_worksheet();
    s.set_name("Ẩn").unwrap();
    write_rows(s, 0, &[hs_header(), student("HS2", "Bình", "", 7.0, "Khá")]);
    s.set_hidden(true);
    ws.save("ds.xlsx", wb);
    let r = ws.read();
    let sheets = &r.data.files[0].sheets;
    assert_eq!((sheets[1].name.as_str(), sheets[1].hidden), ("Ẩn", true));
    assert!(!sheets[0].hidden);
    assert_eq!(r.rows("hoc_sinh", &["ma_hs"]), strs(&[&["HS1"], &["HS2"]]));
}

#[test]
fn two_equally_good_sources_is_an_ambiguous_sheet_error() {
    let ws = Ws::new(false);
    // Mã GV + Họ và tên + Khoa: giao_vien and y_kien_nguoi_hoc alike.
    ws.save(
        "gv.xlsx",
        book(
            "GV",
            &[row!["Mã GV", "Họ và tên", "Khoa"], row!["GV1", "An", "CK"]],
        ),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("ambiguous-sheet", "GV", "")]);
    assert_eq!(r.data.errors(), 1);
    assert_eq!(r.data.records(), 0);
}

#[test]
fn missing_required_column_is_an_error() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["Họ và tên", "Lớp", "Khóa", "Điểm TB", "Học lực"],
                row!["An", "CK20A", "2020 - 2023", 7.0, "Khá"],
            ],
        ),
    );
    let r = ws.read();
    let i = r.issue("missing-column");
    assert_eq!(
        (i.sheet.as_str(), i.field.as_str(), i.row),
        ("DS", "ma_hs", Some(1))
    );
    assert_eq!(
        r.data.files[0].sheets[0].source.as_deref(),
        Some("hoc_sinh")
    );
    assert_eq!(r.data.records(), 0);
}

#[test]
fn duplicate_column_is_an_error() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["Mã HS", "Họ và tên", "Điểm TB", "ĐTB"],
                row!["HS1", "An", 7.0, 7.0],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("duplicate-column", "DS", "D1")]);
    assert_eq!(r.issue("duplicate-column").field, "diem_tb");
}

#[test]
fn duplicate_column_is_named_by_its_own_header_not_the_title_above() {
    // The title sits right above the header, with no blank row between: the column is
    // "Học lực", not "DANH SÁCH LỚP CK21 Học lực".
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["DANH SÁCH LỚP CK21"],
                row!["STT", "Mã HS", "Họ và tên", "Học lực", "Học lực"],
                row![1, "HS1", "An", "Khá", "Giỏi"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("duplicate-column", "DS", "E2")]);
    let i = r.issue("duplicate-column");
    assert_eq!(i.value, "Học lực");
    assert!(
        i.message
            .starts_with("Cột 'Học lực' (hoc_luc) có hai lần, ở ô D2"),
        "{}",
        i.message
    );
}

// ---------------------------------------------------------------------------------------
// Values

#[test]
fn invalid_enum_value_suggests_the_nearest_allowed() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS HS",
            &[hs_header(), student("HS1", "An", "", 7.0, "Kha1")],
        ),
    );
    let r = ws.read();
    let i = r.issue("invalid-value");
    assert_eq!(
        (i.sheet.as_str(), i.cell.as_str(), i.row),
        ("DS HS", "G2", Some(2))
    );
    assert_eq!((i.field.as_str(), i.value.as_str()), ("hoc_luc", "Kha1"));
    assert_eq!(
        i.message,
        "'Kha1' không hợp lệ ở cột Học lực — có phải 'Khá'?"
    );
    let r = ws.read_in(Lang::En);
    assert_eq!(
        r.issue("invalid-value").message,
        "'Kha1' is not valid in column Học lực — did you mean 'Khá'?"
    );
}

/// SPEC's own example ("'Khá giỏi' … — có phải 'Khá'?") and the abbreviations offices type
/// ("TB", "TBK", "XS"): each message names its cell and the value meant.
#[test]
fn invalid_enum_value_written_longer_or_as_initials_suggests_the_value() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS HS",
            &[
                hs_header(),
                student("HS1", "An", "", 7.5, "Khá giỏi"),
                student("HS2", "Bình", "", 5.5, "TB"),
                student("HS3", "Chi", "", 6.5, "TBK"),
                student("HS4", "Dũng", "", 9.5, "XS"),
                student("HS5", "Em", "", 4.0, "Yếu kém"),
                student("HS6", "Giang", "", 6.0, "T"),
            ],
        ),
    );
    let r = ws.read();
    let got: Vec<(&str, &str)> = r
        .data
        .issues
        .iter()
        .filter(|i| i.code == "invalid-value")
        .map(|i| (i.cell.as_str(), i.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("G2", "'Khá giỏi' không hợp lệ ở cột Học lực — có phải 'Khá'?"),
            ("G3", "'TB' không hợp lệ ở cột Học lực — có phải 'Trung bình'?"),
            ("G4", "'TBK' không hợp lệ ở cột Học lực — có phải 'Trung bình khá'?"),
            ("G5", "'XS' không hợp lệ ở cột Học lực — có phải 'Xuất sắc'?"),
            ("G6", "'Yếu kém' không hợp lệ ở cột Học lực — có phải 'Yếu'?"),
            (
                "G7",
                "'T' không hợp lệ ở cột Học lực (được phép: Xuất sắc, Giỏi, Khá, Trung bình khá, Trung bình, Yếu, Kém)"
            ),
        ]
    );
}

#[test]
fn enum_values_match_any_case_accents_and_aliases() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["Mã HS", "Họ và tên", "Học lực", "Tình trạng"],
                row!["HS1", "A", "KHÁ", "Bỏ học"],
                row!["HS2", "B", "trung binh", "đang học"],
                row!["HS3", "C", "Kha\u{301}", "TỐT NGHIỆP"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["hoc_luc", "trang_thai"]),
        strs(&[
            &["Khá", "Thôi học"],
            &["Trung bình", "Đang học"],
            &["Khá", "Tốt nghiệp"]
        ])
    );
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn numbers_with_decimal_comma_and_float_noise_are_read() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["Mã HS", "Họ và tên", "Điểm TB"],
                row!["HS1", "A", "8,5"],
                row!["HS2", "B", 7.000_000_000_000_001],
                row!["HS3", "C", " 6.25 "],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["diem_tb"]),
        strs(&[&["8.5"], &["7"], &["6.25"]])
    );
}

#[test]
fn integer_field_rejects_a_fraction() {
    let ws = Ws::new(false);
    ws.save(
        "vl.xlsx",
        book(
            "VL",
            &[
                row!["Mã HS", "Họ và tên", "Năm tốt nghiệp", "Có việc làm"],
                row!["HS1", "A", 2_021.000_000_000_000_2, "x"],
                row!["HS2", "B", 2021.5, "x"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.rows("viec_lam", &["nam_tot_nghiep"])[0], ["2021"]);
    let i = r.issue("type-error");
    assert_eq!((i.cell.as_str(), i.value.as_str()), ("C3", "2021.5"));
    assert!(r.records("viec_lam")[1].excluded);
}

#[test]
fn out_of_range_value_is_an_error() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book("DS", &[hs_header(), student("HS1", "An", "", 11.0, "Giỏi")]),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("out-of-range", "DS", "F2")]);
    assert_eq!(r.issue("out-of-range").value, "11");
}

#[test]
fn missing_required_value_is_an_error_and_the_row_is_kept_excluded() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                hs_header(),
                student("HS1", "An", "", 7.0, "Khá"),
                row![2, "", "Bình", "", "", 6.0, "Trung bình"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("missing-value", "DS", "B3")]);
    let recs = r.records("hoc_sinh");
    assert_eq!(recs.len(), 2);
    assert_eq!((recs[0].excluded, recs[1].excluded), (false, true));
}

#[test]
fn dates_as_excel_dates_day_first_text_and_iso_text() {
    let ws = Ws::new(false);
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    write_rows(
        s,
        0,
        &[
            row!["Mã HS", "Họ và tên", "Ngày sinh"],
            row!["HS1", "A"],
            row!["HS2", "B", "05/09/2003"],
            row!["HS3", "C", "2003-09-05"],
            row!["HS4", "D", "31/02/2003"],
        ],
    );
    let date = Format::new().set_num_format("dd/mm/yyyy");
    s.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2003, 9, 5).unwrap(), &date)
        .unwrap();
    ws.save("ds.xlsx", wb);
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["ngay_sinh"]),
        strs(&[&["05/09/2003"], &["05/09/2003"], &["05/09/2003"], &[""]])
    );
    assert_eq!(r.issues(), vec![("type-error", "Sheet1", "C5")]);
}

#[test]
fn dates_in_the_1904_system_are_read() {
    let ws = Ws::new(false);
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    write_rows(
        s,
        0,
        &[row!["Mã HS", "Họ và tên", "Ngày sinh"], row!["HS1", "A"]],
    );
    let date = Format::new().set_num_format("dd/mm/yyyy");
    // 2003-09-05 is serial 37869 in the 1900 system, 36407 in the 1904 system; the file
    // stores the 1904 serial and says so in workbook.xml.
    s.write_with_format(1, 2, 36407.0, &date).unwrap();
    let bytes = rewrite_zip(&workbook_bytes(wb), |name, content| {
        if name == "xl/workbook.xml" {
            String::from_utf8(content)
                .unwrap()
                .replace("<workbookPr", "<workbookPr date1904=\"1\"")
                .into_bytes()
        } else {
            content
        }
    });
    ws.write("ds.xlsx", &bytes);
    let r = ws.read();
    assert_eq!(r.rows("hoc_sinh", &["ngay_sinh"]), strs(&[&["05/09/2003"]]));
}

#[test]
fn booleans_in_every_office_spelling() {
    let ws = Ws::new(false);
    let mut wb = book(
        "DS",
        &[
            row!["Mã HS", "Họ và tên", "Lên lớp"],
            row!["HS1", "A", "Có"],
            row!["HS2", "B", "x"],
            row!["HS3", "C", "✓"],
            row!["HS4", "D", "Đạt"],
            row!["HS5", "E", 1],
            row!["HS6", "F"],
            row!["HS7", "G", "Không đạt"],
            row!["HS8", "H", "Không"],
            row!["HS9", "I", 0],
            row!["HS10", "J", "FALSE"],
            row!["HS11", "K", "có lẽ"],
        ],
    );
    wb.worksheet_from_index(0)
        .unwrap()
        .write(1, 2, true)
        .unwrap();
    ws.save("ds.xlsx", wb);
    let r = ws.read();
    let got: Vec<String> = r
        .rows("hoc_sinh", &["len_lop"])
        .into_iter()
        .map(|v| v[0].clone())
        .collect();
    assert_eq!(
        got,
        ["Có", "Có", "Có", "Có", "Có", "Không", "Không", "Không", "Không", "Không", ""]
    );
    assert_eq!(r.issues(), vec![("type-error", "DS", "C12")]);
}

#[test]
fn legacy_tcvn3_and_vni_text_is_converted() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["Mã HS", "Họ và tên", "Ngành", "Học lực"],
                row!["HS1", "NguyÔn V¨n An", "C¬ khÝ chÕ t¹o", "Giái"],
                row!["HS2", "Nguyeãn Vaên Bình", "Cô khí cheá taïo", "Khaù"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["ho_ten", "nganh", "hoc_luc"]),
        strs(&[
            &["Nguyễn Văn An", "Cơ khí chế tạo", "Giỏi"],
            &["Nguyễn Văn Bình", "Cơ khí chế tạo", "Khá"]
        ])
    );
}

#[test]
fn text_is_nfc_trimmed_and_interned_once() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["Mã HS", "Họ và tên", "Lớp"],
                row!["HS1", "  Nguye\u{302}\u{303}n   An ", "CK20A"],
                row!["HS2", "B", "CK20A"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.rows("hoc_sinh", &["ho_ten"])[0], ["Nguyễn An"]);
    let src = r.catalog.get("hoc_sinh").unwrap();
    let lop = src.field_index("lop").unwrap();
    let t = r.table("hoc_sinh");
    assert_eq!(t.values(0).get(lop), t.values(1).get(lop));
}

#[test]
fn formula_errors_and_formulas_without_cached_value() {
    let ws = Ws::new(false);
    let mut wb = book(
        "DS",
        &[
            row!["Mã HS", "Họ và tên", "Điểm TB"],
            row!["HS1", "A"],
            row!["HS2", "B"],
            row!["HS3", "C", "#DIV/0!"],
        ],
    );
    let s = wb.worksheet_from_index(0).unwrap();
    s.write_formula(1, 2, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    s.write_formula(2, 2, Formula::new("=1+1")).unwrap();
    // Drop the cached value rust_xlsxwriter writes ("0"): a formula never computed.
    let bytes = rewrite_zip(&workbook_bytes(wb), |name, content| {
        if name.starts_with("xl/worksheets/") {
            String::from_utf8(content)
                .unwrap()
                .replace("<f>1+1</f><v>0</v>", "<f>1+1</f>")
                .into_bytes()
        } else {
            content
        }
    });
    ws.write("ds.xlsx", &bytes);
    let r = ws.read();
    assert_eq!(
        r.issues(),
        vec![
            ("formula-error", "DS", "C2"),
            ("formula-error", "DS", "C3"),
            ("formula-error", "DS", "C4")
        ]
    );
    assert_eq!(r.data.issues[0].value, "#DIV/0!");
    assert!(r.records("hoc_sinh").iter().all(|x| x.excluded));
}

#[test]
fn score_inconsistent_with_class_is_a_warning() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                hs_header(),
                student("HS1", "An", "", 8.2, "Yếu"),
                student("HS2", "Bình", "", 6.0, "Trung bình khá"),
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("inconsistent-value", "DS", "G2")]);
    let i = r.issue("inconsistent-value");
    assert_eq!(i.severity, Severity::Warning);
    assert_eq!(
        i.message,
        "Điểm TB 8,2 không khớp với Học lực 'Yếu' (điểm 8,2 ứng với 'Giỏi')"
    );
    assert!(!r.records("hoc_sinh")[0].excluded);
}

// ---------------------------------------------------------------------------------------
// Across files

#[test]
fn duplicate_key_excludes_the_later_row_and_names_both_places() {
    let ws = Ws::new(false);
    ws.save(
        "a.xlsx",
        book("DS", &[hs_header(), student("HS1", "An", "", 7.0, "Khá")]),
    );
    ws.save(
        "b.xlsx",
        book(
            "Lớp B",
            &[
                hs_header(),
                student("HS2", "B", "", 7.0, "Khá"),
                student("hs1", "An", "", 7.0, "Khá"),
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("duplicate-key", "Lớp B", "B3")]);
    let i = r.issue("duplicate-key");
    assert_eq!(i.file, "du-lieu/b.xlsx");
    assert!(
        i.message.contains("dòng 2 trang 'DS' tệp du-lieu/a.xlsx"),
        "{}",
        i.message
    );
    let ex: Vec<bool> = r.records("hoc_sinh").iter().map(|x| x.excluded).collect();
    assert_eq!(ex, [false, false, true]);
}

#[test]
fn many_duplicate_keys_are_each_found_once_at_their_later_row() {
    // 300 students in a.xlsx; b.xlsx repeats every third one (in lower case, the way a
    // second office types the codes) among 100 new ones, and repeats one of its own: the
    // keys are checked in shards by their hash, and every pair must still be found, at the
    // later row, pointing at the first.
    let ws = Ws::new(false);
    let mut a = vec![hs_header()];
    for k in 0..300 {
        a.push(student(&format!("HS{k:04}"), "An", "", 7.0, "Khá"));
    }
    ws.save("a.xlsx", book("DS", &a));
    let mut b = vec![hs_header()];
    let mut expected = Vec::new();
    for k in 0..200 {
        let code = if k % 2 == 0 {
            format!("hs{:04}", (k / 2) * 3)
        } else {
            format!("HS{:04}", 1000 + k)
        };
        b.push(student(&code, "Bình", "", 7.0, "Khá"));
        if k % 2 == 0 {
            expected.push(format!("B{}", k + 2));
        }
    }
    b.push(student("HS1001", "Bình", "", 7.0, "Khá"));
    expected.push(format!("B{}", 202));
    ws.save("b.xlsx", book("Lớp B", &b));
    let r = ws.read();
    let cells: Vec<String> = r
        .issues()
        .iter()
        .filter(|i| i.0 == "duplicate-key")
        .map(|i| i.2.to_string())
        .collect();
    assert_eq!(cells, expected);
    let excluded: Vec<u32> = r
        .records("hoc_sinh")
        .iter()
        .filter(|x| x.excluded)
        .map(|x| x.origin.row)
        .collect();
    let rows: Vec<u32> = expected.iter().map(|c| c[1..].parse().unwrap()).collect();
    assert_eq!(excluded, rows);
    let last = r
        .data
        .issues
        .iter()
        .rfind(|i| i.code == "duplicate-key")
        .unwrap();
    assert!(
        last.message.contains("dòng 3 trang 'Lớp B'"),
        "{}",
        last.message
    );
}

#[test]
fn employment_row_of_an_unknown_student_is_an_unknown_reference() {
    let ws = Ws::new(false);
    ws.save(
        "hs.xlsx",
        book("DS", &[hs_header(), student("HS1", "An", "", 7.0, "Khá")]),
    );
    ws.save(
        "vl.xlsx",
        book(
            "VL",
            &[
                row!["Mã HS", "Họ và tên", "Năm tốt nghiệp"],
                row!["HS1", "An", 2021],
                row!["HS9", "Chín", 2021],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("unknown-reference", "VL", "A3")]);
    assert_eq!(r.issue("unknown-reference").severity, Severity::Warning);
    assert_eq!(r.issue("unknown-reference").value, "HS9");
}

#[test]
fn past_graduates_in_the_survey_are_one_warning_per_sheet() {
    let ws = Ws::new(false);
    ws.save(
        "hs.xlsx",
        book("DS", &[hs_header(), student("HS1", "An", "", 7.0, "Khá")]),
    );
    let mut vl = book(
        "VL",
        &[
            row!["Mã HS", "Họ và tên", "Năm tốt nghiệp"],
            row!["HS1", "An", 2021],
            row!["CU01", "Bình", 2020],
            row!["CU02", "Chi", 2020],
            row!["CU03", "Dũng", 2019],
        ],
    );
    let other = vl.add_worksheet().set_name("VL 2021").unwrap();
    write_rows(
        other,
        0,
        &[
            row!["Mã HS", "Họ và tên", "Năm tốt nghiệp"],
            row!["HS7", "Giang", 2021],
        ],
    );
    ws.save("vl.xlsx", vl);
    let r = ws.read();
    assert_eq!(
        r.issues(),
        vec![
            ("unknown-reference", "VL", "A3"),
            ("unknown-reference", "VL 2021", "A2")
        ]
    );
    let summary = r.data.issues.iter().find(|i| i.sheet == "VL").unwrap();
    assert_eq!(
        summary.message,
        "3 dòng của trang 'VL' có Mã HS không có trong bảng hoc_sinh nào (có thể là học sinh các năm trước): dòng 3 (CU01), dòng 4 (CU02), dòng 5 (CU03)"
    );
    assert_eq!(summary.severity, Severity::Warning);
}

// ---------------------------------------------------------------------------------------
// Units

#[test]
fn unit_comes_from_the_unit_column_or_the_unit_folder() {
    let ws = Ws::new(true);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                hs_header(),
                student("HS1", "An", "CƠ KHÍ", 7.0, "Khá"),
                student("HS2", "B", "CK", 7.0, "Khá"),
            ],
        ),
    );
    ws.save(
        "khoa-co-khi/ds.xlsx",
        book(
            "DS",
            &[row!["Mã HS", "Họ và tên", "Lớp"], row!["HS3", "C", "CK20A"]],
        ),
    );
    let r = ws.read();
    let units: Vec<Option<u16>> = r.records("hoc_sinh").iter().map(|x| x.unit).collect();
    assert_eq!(units, [Some(0), Some(0), Some(0)]);
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn unknown_unit_is_warned_once_per_sheet_and_value_with_its_rows() {
    let ws = Ws::new(true);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                hs_header(),
                student("HS1", "An", "Điện", 7.0, "Khá"),
                student("HS2", "B", "Điện", 7.0, "Khá"),
                student("HS3", "C", "", 7.0, "Khá"),
                student("HS4", "D", "Cơ khí", 7.0, "Khá"),
                student("HS5", "E", "ĐIỆN", 7.0, "Khá"),
            ],
        ),
    );
    let r = ws.read();
    // The blank cell of the sheet's Khoa column is pointed at (D4), not the whole row.
    assert_eq!(
        r.issues(),
        vec![("unknown-unit", "DS", "D2"), ("unknown-unit", "DS", "D4")]
    );
    assert_eq!(r.data.issues[0].value, "Điện");
    assert_eq!(
        r.data.issues[0].message,
        "Đơn vị 'Điện' không khớp đơn vị nào trong định nghĩa mục tiêu (unit, unit_aliases) \
         (3 dòng, từ dòng 2 đến dòng 6); các dòng này chỉ được tính cho toàn trường."
    );
    assert_eq!(r.data.issues[1].row, Some(4));
    assert_eq!(
        r.data.issues[1].message,
        "Ô đơn vị (Khoa) để trống và tệp không nằm trong thư mục của một đơn vị (dòng 4): \
         không biết các dòng này của đơn vị nào; chúng chỉ được tính cho toàn trường. \
         Hãy ghi tên khoa vào ô."
    );
    let units: Vec<Option<u16>> = r.records("hoc_sinh").iter().map(|x| x.unit).collect();
    assert_eq!(units, [None, None, None, Some(0), None]);
}

#[test]
fn an_unknown_unit_taken_from_a_folder_says_it_is_the_folder() {
    let ws = Ws::new(true);
    ws.save(
        "nop-bai/ds.xlsx",
        book(
            "DS",
            &[
                row!["Mã HS", "Họ và tên", "Lớp"],
                row!["HS1", "A", "CK21"],
                row!["HS2", "B", "CK21"],
            ],
        ),
    );
    ws.save(
        "Khoa Co ban/ds.xlsx",
        book("DS", &[hs_header(), student("HS3", "C", "", 7.0, "Khá")]),
    );
    let r = ws.read();
    let got: Vec<(&str, &str, &str, &str)> = r
        .data
        .issues
        .iter()
        .map(|i| (i.code, i.file.as_str(), i.cell.as_str(), i.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "unknown-unit",
                "du-lieu/Khoa Co ban/ds.xlsx",
                "D2",
                "Ô đơn vị (Khoa) để trống và thư mục 'Khoa Co ban' chứa tệp không khớp đơn vị nào \
                 trong định nghĩa mục tiêu (unit, unit_aliases) (dòng 2); các dòng này chỉ được \
                 tính cho toàn trường. Hãy ghi tên khoa vào ô, hoặc đặt tệp vào thư mục mang tên \
                 đơn vị."
            ),
            (
                "unknown-unit",
                "du-lieu/nop-bai/ds.xlsx",
                "",
                "Trang không có cột Khoa và thư mục 'nop-bai' chứa tệp không khớp đơn vị nào trong \
                 định nghĩa mục tiêu (unit, unit_aliases) (2 dòng, từ dòng 2 đến dòng 3); các dòng \
                 này chỉ được tính cho toàn trường. Hãy đặt tệp vào thư mục mang tên đơn vị \
                 (du-lieu/khoa-co-khi/), hoặc thêm tên thư mục vào unit_aliases."
            ),
        ]
    );
}

#[test]
fn the_unit_column_under_the_headers_offices_write_is_read() {
    let ws = Ws::new(true);
    for (i, h) in ["Khoa/Phòng", "Tên khoa", "Đơn vị quản lý", "Khoa - Phòng"]
        .iter()
        .enumerate()
    {
        ws.save(
            &format!("ds{i}.xlsx"),
            book(
                "DS",
                &[
                    row!["Mã HS", "Họ và tên", "Lớp", *h],
                    row![format!("HS{i}").as_str(), "A", "CK21", "Cơ khí"],
                ],
            ),
        );
    }
    let r = ws.read();
    let units: Vec<Option<u16>> = r.records("hoc_sinh").iter().map(|x| x.unit).collect();
    assert_eq!(units, [Some(0); 4]);
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn a_section_label_naming_a_faculty_is_the_unit_of_the_rows_below_it() {
    let ws = Ws::new(true);
    std::fs::write(
        ws.root().join("muc-tieu/dien.toml"),
        "[document]\nschool = \"Trường T\"\nunit = \"Khoa Điện\"\nscope = \"unit\"\n\
         school_year = \"2021 - 2022\"\n",
    )
    .unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("DS").unwrap();
    write_rows(
        sheet,
        0,
        &[
            row!["TỔNG HỢP KẾT QUẢ HỌC TẬP TOÀN TRƯỜNG"],
            row![],
            hs_header(),
            row!["I", "KHOA CƠ KHÍ"],
            student("HS1", "An", "", 7.0, "Khá"),
            // Its own cell wins over the section.
            student("HS2", "Bình", "Điện", 7.0, "Khá"),
            // A label of another level: still Cơ khí's section.
            row!["", "", "Lớp CK21"],
            student("HS3", "Chi", "", 7.0, "Khá"),
            row!["", "Cộng khoa Cơ khí", 3],
        ],
    );
    sheet
        .merge_range(9, 0, 9, 6, "II. Khoa Điện", &rust_xlsxwriter::Format::new())
        .unwrap();
    write_rows(
        sheet,
        10,
        &[
            student("HS4", "Dũng", "", 7.0, "Khá"),
            // The same level, naming no unit: the section ends; its rows are no faculty's.
            row!["III", "Khối văn hóa"],
            student("HS5", "Em", "", 7.0, "Khá"),
        ],
    );
    ws.save("tong-hop.xlsx", wb);
    let r = ws.read();
    // Units are in file order of the definitions: dien.toml (0), doc.toml (1).
    let units: Vec<(String, Option<u16>)> = r
        .rows("hoc_sinh", &["ma_hs"])
        .into_iter()
        .zip(r.records("hoc_sinh"))
        .map(|(v, x)| (v[0].clone(), x.unit))
        .collect();
    let (dien, co_khi) = (Some(0), Some(1));
    assert_eq!(
        units,
        [
            ("HS1".to_string(), co_khi),
            ("HS2".to_string(), dien),
            ("HS3".to_string(), co_khi),
            ("HS4".to_string(), dien),
            ("HS5".to_string(), None),
        ]
    );
    assert_eq!(r.issues(), vec![("unknown-unit", "DS", "D13")]);
}

#[test]
fn numbered_and_abbreviated_unit_folders_and_cells_find_their_unit() {
    let ws = Ws::new(true);
    let plain = |ma: &str| {
        book(
            "DS",
            &[row!["Mã HS", "Họ và tên", "Lớp"], row![ma, "A", "CK21"]],
        )
    };
    ws.save("01. Khoa Cơ khí/ds.xlsx", plain("HS1"));
    ws.save("K.CK/ds.xlsx", plain("HS2"));
    ws.save(
        "nop-bai/2021/II - KHOA CO KHI (2021-2022)/ds.xlsx",
        plain("HS3"),
    );
    ws.save(
        "tong-hop.xlsx",
        book(
            "DS",
            &[
                hs_header(),
                student("HS4", "D", "K. Cơ khí", 7.0, "Khá"),
                student("HS5", "E", "K.Cơ bản", 7.0, "Khá"),
            ],
        ),
    );
    let r = ws.read();
    let units: Vec<(String, Option<u16>)> = r
        .rows("hoc_sinh", &["ma_hs"])
        .into_iter()
        .zip(r.records("hoc_sinh"))
        .map(|(v, x)| (v[0].clone(), x.unit))
        .collect();
    assert_eq!(
        units,
        [
            ("HS1".to_string(), Some(0)),
            ("HS2".to_string(), Some(0)),
            ("HS3".to_string(), Some(0)),
            ("HS4".to_string(), Some(0)),
            ("HS5".to_string(), None),
        ]
    );
    assert_eq!(r.issues(), vec![("unknown-unit", "DS", "D3")]);
    assert_eq!(r.data.issues[0].file, "du-lieu/tong-hop.xlsx");
}

/// A sheet without a Khoa column in a folder that names no unit (the definitions file's
/// name, `khoa-dien`, for "Khoa Điện - Điện tử"): the warning names the folder as a folder
/// and says the two ways out.
#[test]
fn unknown_unit_from_a_folder_says_it_is_the_folder() {
    let ws = Ws::new(true);
    ws.save(
        "khoa-dien/ds.xlsx",
        book(
            "DS",
            &[
                row!["Mã HS", "Họ và tên", "Học lực"],
                row!["HS1", "An", "Khá"],
                row!["HS2", "Bình", "Giỏi"],
            ],
        ),
    );
    let r = ws.read();
    let i = r.issue("unknown-unit");
    assert_eq!((i.sheet.as_str(), i.row), ("DS", Some(2)));
    assert_eq!(
        i.message,
        "Trang không có cột Khoa và thư mục 'khoa-dien' chứa tệp không khớp đơn vị nào trong định nghĩa mục tiêu (unit, unit_aliases) (2 dòng, từ dòng 2 đến dòng 3); các dòng này chỉ được tính cho toàn trường. Hãy đặt tệp vào thư mục mang tên đơn vị (du-lieu/khoa-co-khi/), hoặc thêm tên thư mục vào unit_aliases."
    );
}

#[test]
fn school_only_workspace_has_no_unit_warnings() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[hs_header(), student("HS1", "An", "Điện", 7.0, "Khá")],
        ),
    );
    let r = ws.read();
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
    assert_eq!(r.records("hoc_sinh")[0].unit, None);
}

// ---------------------------------------------------------------------------------------
// Determinism

fn snapshot(r: &Read) -> String {
    let mut out = format!("{:?}\n{:?}\n", r.data.files, r.data.issues);
    for s in &r.catalog.sources {
        let ids: Vec<&str> = s.fields.iter().map(|f| f.id.as_str()).collect();
        out.push_str(&format!("{:?}\n", r.rows(&s.id, &ids)));
        for x in r.records(&s.id) {
            out.push_str(&format!("{:?} {:?} {}\n", x.origin, x.unit, x.excluded));
        }
    }
    out
}

#[test]
fn same_input_gives_the_same_dataset_whatever_the_thread_count() {
    let ws = Ws::new(true);
    for k in 0..6 {
        ws.save(
            &format!("f{k}.xlsx"),
            book(
                "DS",
                &[
                    hs_header(),
                    student(&format!("HS{k}"), &format!("Tên {k}"), "CK", 7.0, "Khá"),
                    student("HS0", "Trùng", "Điện", 9.5, "Yếu"),
                ],
            ),
        );
    }
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| snapshot(&ws.read()));
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(|| snapshot(&ws.read()));
    assert_eq!(one, four);
    let r = ws.read();
    let mut sorted = r.data.issues.clone();
    sorted.sort_by(|a, b| (&a.file, &a.sheet, a.row).cmp(&(&b.file, &b.sheet, b.row)));
    assert_eq!(sorted, r.data.issues);
}

// ---------------------------------------------------------------------------------------
// Other formats: the same records from .xls and .ods as from their .xlsx twin.

#[test]
fn xls_and_ods_give_the_same_records_as_their_xlsx_twin() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let ws = Ws::new(true);
        let bytes = std::fs::read(fixtures.join(format!("hoc-sinh.{ext}"))).unwrap();
        ws.write(&format!("hoc-sinh.{ext}"), &bytes);
        let r = ws.read();
        assert!(r.data.issues.is_empty(), "{ext}: {:#?}", r.data.issues);
        let src = r.catalog.get("hoc_sinh").unwrap();
        let ids: Vec<&str> = src.fields.iter().map(|f| f.id.as_str()).collect();
        let rows = r.rows("hoc_sinh", &ids);
        let sheets: Vec<_> = r.data.files[0]
            .sheets
            .iter()
            .map(|s| (s.name.clone(), s.source.clone(), s.header_row, s.records))
            .collect();
        seen.push((ext, rows, sheets));
    }
    assert_eq!(seen[0].1.len(), 4, "{:#?}", seen[0].1);
    for (ext, rows, sheets) in &seen[1..] {
        assert_eq!(rows, &seen[0].1, "{ext}");
        assert_eq!(sheets, &seen[0].2, "{ext}");
    }
}
