//! Writes `tests/fixtures/hoc-sinh.xlsx`, the twin of the committed `.xls` and `.ods`
//! fixtures, which were made from it once with LibreOffice:
//!
//! ```text
//! cargo run --example gen-fixtures
//! cd tests/fixtures && soffice --headless --convert-to xls hoc-sinh.xlsx \
//!                   && soffice --headless --convert-to ods hoc-sinh.xlsx
//! ```

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hoc-sinh.xlsx");
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2022, 6, 30)?),
    );
    let ws = wb.add_worksheet();
    ws.set_name("DS HS")?;
    let f = Format::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.merge_range(
        0,
        0,
        0,
        9,
        "TRƯỜNG TRUNG CẤP KINH TẾ - KỸ THUẬT NGUYỄN HỮU CẢNH",
        &f,
    )?;
    ws.merge_range(1, 0, 1, 9, "DANH SÁCH HỌC SINH VÀ KẾT QUẢ HỌC TẬP", &f)?;
    ws.merge_range(2, 0, 2, 9, "Năm học 2021 - 2022", &f)?;
    let r = 4;
    for (c, h) in [
        (0, "STT"),
        (1, "Mã HS"),
        (4, "Ngày sinh"),
        (5, "Khoa"),
        (6, "Điểm TB"),
        (9, "Lên lớp"),
    ] {
        ws.merge_range(r, c, r + 1, c, h, &f)?;
    }
    ws.merge_range(r, 2, r, 3, "Họ và tên", &f)?;
    ws.write(r + 1, 2, "Họ đệm")?;
    ws.write(r + 1, 3, "Tên")?;
    ws.merge_range(r, 7, r, 8, "Xếp loại", &f)?;
    ws.write(r + 1, 7, "Học lực")?;
    ws.write(r + 1, 8, "Rèn luyện")?;
    let students = [
        (
            "CK20CT001",
            "Nguyễn Văn",
            "An",
            (2005, 3, 14),
            7.5,
            "Khá",
            "Tốt",
            "x",
        ),
        (
            "CK20CT002",
            "Trần Thị",
            "Bình",
            (2005, 11, 2),
            8.25,
            "Giỏi",
            "Xuất sắc",
            "x",
        ),
        (
            "CK20CT003",
            "Lê Hoàng",
            "Cường",
            (2004, 1, 30),
            4.5,
            "Yếu",
            "Khá",
            "",
        ),
        (
            "CK20CT004",
            "Phạm Minh",
            "Dũng",
            (2005, 7, 9),
            6.0,
            "Trung bình",
            "Tốt",
            "x",
        ),
    ];
    for (i, (ma, dem, ten, (y, m, d), diem, hl, rl, ll)) in students.iter().enumerate() {
        let row = r + 2 + i as u32;
        ws.write(row, 0, (i + 1) as f64)?;
        ws.write(row, 1, *ma)?;
        ws.write(row, 2, *dem)?;
        ws.write(row, 3, *ten)?;
        ws.write_datetime_with_format(row, 4, &ExcelDateTime::from_ymd(*y, *m, *d)?, &date)?;
        ws.write(row, 5, "Cơ khí")?;
        ws.write(row, 6, *diem)?;
        ws.write(row, 7, *hl)?;
        ws.write(row, 8, *rl)?;
        if !ll.is_empty() {
            ws.write(row, 9, *ll)?;
        }
    }
    let end = r + 2 + students.len() as u32;
    ws.merge_range(end, 0, end, 3, "Tổng cộng: 4 học sinh", &f)?;
    ws.write(
        end + 2,
        6,
        "Thành phố Hồ Chí Minh, ngày 30 tháng 6 năm 2022",
    )?;
    ws.write(end + 3, 1, "NGƯỜI LẬP BIỂU")?;
    ws.write(end + 3, 6, "TRƯỞNG KHOA")?;
    wb.save(&path)?;
    println!("{}", path.display());
    Ok(())
}
