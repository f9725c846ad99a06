//! Bad files never stop the batch and never exhaust memory: each becomes that file's
//! `unreadable-file` issue (or is read within bounds), and the good files are still read.

#[path = "common/books.rs"]
mod books;

use books::*;
use mtcl::dataset::FileStatus;

fn good_book() -> rust_xlsxwriter::Workbook {
    book(
        "DS",
        &[
            row!["Mã HS", "Họ và tên", "Lớp"],
            row!["HS1", "An", "CK20A"],
        ],
    )
}

/// Reads a workspace holding `bad` (as `name`) and a good file; returns the bad file's
/// status and issue codes, after checking the good file was read.
fn read_with(name: &str, bad: &[u8]) -> (FileStatus, Vec<String>, Vec<String>) {
    let ws = Ws::new(false);
    ws.write(name, bad);
    ws.save("z-good.xlsx", good_book());
    let r = ws.read();
    assert_eq!(r.rows("hoc_sinh", &["ma_hs"]), strs(&[&["HS1"]]));
    let f = r
        .data
        .files
        .iter()
        .find(|f| f.path.ends_with(name))
        .unwrap();
    let codes = r
        .data
        .issues
        .iter()
        .filter(|i| i.file == f.path)
        .map(|i| i.code.to_string())
        .collect();
    let messages = r
        .data
        .issues
        .iter()
        .filter(|i| i.file == f.path)
        .map(|i| i.message.clone())
        .collect();
    (f.status, codes, messages)
}

fn assert_unreadable(name: &str, bad: &[u8], says: &str) {
    let (status, codes, messages) = read_with(name, bad);
    assert_eq!(status, FileStatus::Unreadable, "{messages:?}");
    assert_eq!(codes, ["unreadable-file"]);
    assert!(messages[0].contains(says), "{}", messages[0]);
}

#[test]
fn zero_byte_file_is_unreadable() {
    assert_unreadable("rong.xlsx", b"", "rỗng");
}

#[test]
fn truncated_file_is_unreadable() {
    let bytes = workbook_bytes(good_book());
    assert_unreadable("cut.xlsx", &bytes[..bytes.len() / 2], "hỏng");
}

#[test]
fn not_a_zip_is_unreadable() {
    let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert_unreadable("junk.xlsx", &junk, "không phải tệp bảng tính");
}

#[test]
fn csv_renamed_xlsx_is_unreadable() {
    assert_unreadable(
        "ds.xlsx",
        "Mã HS,Họ và tên\nHS1,An\n".as_bytes(),
        "không phải tệp bảng tính",
    );
}

#[test]
fn password_protected_file_is_unreadable() {
    // Excel stores an encrypted .xlsx inside a CFB (OLE) container.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(4096, 0);
    assert_unreadable("mat-khau.xlsx", &bytes, "mật khẩu");
}

#[test]
fn zip_that_is_not_a_workbook_is_unreadable() {
    let bytes = zip_bytes(&[("readme.txt", b"hello")]);
    assert_unreadable("nen.xlsx", &bytes, "không phải tệp bảng tính");
}

#[test]
fn cell_reference_beyond_excel_limits_is_unreadable() {
    let sheet = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="99999999999"><c r="B99999999999" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>"#;
    let (status, codes, _) = read_with("xa.xlsx", &minimal_xlsx(sheet));
    assert_eq!(status, FileStatus::Unreadable);
    assert_eq!(codes, ["unreadable-file"]);
}

#[test]
fn absurd_declared_dimensions_do_not_allocate() {
    // ~700 bytes that declare A1:XFD1048576: calamine's worksheet_range would ask for
    // 512 GiB here and abort the process.
    let sheet = br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>"#;
    let bytes = minimal_xlsx(sheet);
    assert!(bytes.len() < 2000, "{}", bytes.len());
    let (status, codes, _) = read_with("lon.xlsx", &bytes);
    assert_eq!(status, FileStatus::Read);
    assert_eq!(codes, ["unknown-sheet"]);
}

#[test]
fn table_with_a_far_away_cell_is_read_within_bounds() {
    let mut wb = good_book();
    let s = wb.worksheet_from_index(0).unwrap();
    s.write(1_048_575, 16_383, "cuối").unwrap();
    let ws = Ws::new(false);
    ws.save("xa.xlsx", wb);
    let r = ws.read();
    assert_eq!(r.data.files[0].status, FileStatus::Read);
    assert_eq!(r.rows("hoc_sinh", &["ma_hs"]), strs(&[&["HS1"]]));
}

#[test]
fn huge_compressed_sheet_is_unreadable_not_exhausting() {
    // Over five million (empty) cells in a few hundred kilobytes of zip.
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    let row_cells = "<c/>".repeat(16_000);
    for r in 1..=330 {
        xml.push_str(&format!("<row r=\"{r}\">{row_cells}</row>"));
    }
    xml.push_str("</sheetData></worksheet>");
    let bytes = minimal_xlsx(xml.as_bytes());
    assert!(bytes.len() < 2_000_000, "{}", bytes.len());
    let (status, codes, messages) = read_with("bom.xlsx", &bytes);
    assert_eq!(status, FileStatus::Unreadable, "{messages:?}");
    assert_eq!(codes, ["unreadable-file"]);
    assert!(messages[0].contains("5.000.000"), "{}", messages[0]);
}

#[test]
fn inputs_are_never_modified() {
    let ws = Ws::new(false);
    ws.save("ds.xlsx", good_book());
    let p = ws.data("ds.xlsx");
    let before = (
        std::fs::read(&p).unwrap(),
        std::fs::metadata(&p).unwrap().modified().unwrap(),
    );
    let _ = ws.read();
    let after = (
        std::fs::read(&p).unwrap(),
        std::fs::metadata(&p).unwrap().modified().unwrap(),
    );
    assert_eq!(before, after);
    let names: Vec<_> = std::fs::read_dir(ws.data(""))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

/// Fixtures made with LibreOffice from an xlsx holding a small table (A1:C2) and one stray
/// cell far away: at WQK5001 (saved as .ods) and at IV65536 (saved as .xls). Both formats
/// are parsed whole by calamine, which would allocate the whole rectangle (5 GB, 1 GB).
#[test]
fn ods_and_xls_spanning_a_huge_rectangle_are_unreadable() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (name, far) in [("xa-a1.ods", "WQK5001"), ("xa-iv65536.xls", "IV65536")] {
        let bytes = std::fs::read(fixtures.join(name)).unwrap();
        assert_unreadable(name, &bytes, far);
    }
}
