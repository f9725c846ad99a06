//! Writes a deterministic benchmark corpus: office-style `hoc_sinh` workbooks (title rows,
//! a merged two-row header, a totals row, a signature block) spread over many units, and
//! the objective definitions that compute the four student ratios of seed 000 per unit.
//!
//! cargo run --release --example gen-corpus -- --workbooks 400 --rows 500 OUT

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

const HOC_LUC: [&str; 5] = ["Xuất sắc", "Giỏi", "Khá", "Trung bình", "Yếu"];
const REN_LUYEN: [&str; 4] = ["Tốt", "Khá", "Trung bình", "Yếu"];
const TRANG_THAI: [&str; 3] = ["Đang học", "Thôi học", "Bảo lưu"];
const NGANH: [&str; 4] = [
    "Cơ khí chế tạo",
    "Hàn",
    "Công nghệ ô tô",
    "Điện công nghiệp",
];
const HO: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
const DEM: [&str; 6] = ["Văn", "Thị", "Minh", "Quốc", "Ngọc", "Hữu"];
const TEN: [&str; 10] = [
    "An", "Bình", "Cường", "Dũng", "Hà", "Hùng", "Lan", "Nam", "Phúc", "Tâm",
];

/// SplitMix64: a tiny deterministic generator, seeded per workbook.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

fn unit_name(u: usize) -> String {
    format!("Khoa Đơn vị {:04}", u + 1)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut workbooks = 400usize;
    let mut rows = 500usize;
    let mut units: Option<usize> = None;
    let mut out: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--workbooks" => {
                workbooks = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--workbooks N")
            }
            "--rows" => rows = it.next().and_then(|v| v.parse().ok()).expect("--rows M"),
            "--units" => units = it.next().and_then(|v| v.parse().ok()),
            other => out = Some(PathBuf::from(other)),
        }
    }
    let out = out.expect("usage: gen-corpus --workbooks N --rows M [--units U] OUT");
    // About ten workbooks a unit (a faculty keeps one per class), at least one unit.
    let units = units.unwrap_or((workbooks / 10).clamp(1, 2000));
    std::fs::create_dir_all(out.join("muc-tieu")).unwrap();
    for u in 0..units {
        std::fs::write(
            out.join("muc-tieu")
                .join(format!("don-vi-{:04}.toml", u + 1)),
            definitions(&unit_name(u)),
        )
        .unwrap();
    }
    (0..workbooks).into_par_iter().for_each(|w| {
        let u = w % units;
        let dir = out.join("du-lieu").join(format!("don-vi-{:04}", u + 1));
        std::fs::create_dir_all(&dir).unwrap();
        write_workbook(
            &dir.join(format!("lop-{:05}.xlsx", w + 1)),
            w,
            rows,
            &unit_name(u),
        );
    });
    println!(
        "{workbooks} workbooks × {rows} rows over {units} units in {}",
        out.display()
    );
}

fn definitions(unit: &str) -> String {
    format!(
        r#"[document]
school = "Trường Trung cấp Mẫu"
unit = "{unit}"
school_year = "2021 - 2022"

[[objective]]
id = "4"
text = "Đảm bảo chất lượng đào tạo các môn học."
  [[objective.indicator]]
  id = "4a"
  source = "hoc_sinh"
  count = "hoc_luc in ['Xuất sắc', 'Giỏi', 'Khá']"
  of = "trang_thai != 'Thôi học'"
  target = "từ 30% trở lên"
  [[objective.indicator]]
  id = "4b"
  source = "hoc_sinh"
  count = "hoc_luc in ['Yếu', 'Kém']"
  of = "trang_thai != 'Thôi học'"
  target = "dưới 10%"
  [[objective.indicator]]
  id = "4c"
  source = "hoc_sinh"
  count = "len_lop"
  of = "khoa_hoc != '2019 - 2022' and trang_thai != 'Thôi học'"
  target = "từ 90% trở lên"
  [[objective.indicator]]
  id = "4d"
  source = "hoc_sinh"
  count = "tot_nghiep"
  of = "khoa_hoc == '2019 - 2022' and trang_thai != 'Thôi học'"
  target = "từ 85% trở lên"
"#
    )
}

fn write_workbook(path: &Path, w: usize, rows: usize, unit: &str) {
    let mut rng = Rng(0x5EED ^ (w as u64).wrapping_mul(0x1000_0001));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS HS").unwrap();
    let bold = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    ws.write_string(0, 0, "TRƯỜNG TRUNG CẤP MẪU").unwrap();
    ws.write_string(
        1,
        0,
        format!(
            "DANH SÁCH HỌC SINH VÀ KẾT QUẢ HỌC TẬP — {}",
            unit.to_uppercase()
        ),
    )
    .unwrap();
    ws.write_string(2, 0, "Năm học 2021 - 2022").unwrap();
    let singles = [
        "STT",
        "Mã HS",
        "Họ và tên",
        "Ngày sinh",
        "Lớp",
        "Ngành",
        "Khoa",
        "Khóa",
        "Trạng thái",
    ];
    for (c, h) in singles.iter().enumerate() {
        ws.merge_range(4, c as u16, 5, c as u16, h, &bold).unwrap();
    }
    ws.merge_range(4, 9, 4, 11, "Xếp loại", &bold).unwrap();
    for (i, h) in ["Điểm TB", "Học lực", "Rèn luyện"].iter().enumerate() {
        ws.write_string_with_format(5, 9 + i as u16, *h, &bold)
            .unwrap();
    }
    ws.merge_range(4, 12, 5, 12, "Lên lớp", &bold).unwrap();
    ws.merge_range(4, 13, 5, 13, "Tốt nghiệp", &bold).unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let lop = format!("L{:05}", w + 1);
    for i in 0..rows {
        let r = 6 + i as u32;
        let khoa_hoc = ["2019 - 2022", "2020 - 2023", "2021 - 2024"][rng.below(3) as usize];
        let final_year = khoa_hoc == "2019 - 2022";
        let hl = rng.pick(&HOC_LUC);
        let diem = match hl {
            "Xuất sắc" => 9.0 + rng.below(10) as f64 / 10.0,
            "Giỏi" => 8.0 + rng.below(10) as f64 / 10.0,
            "Khá" => 7.0 + rng.below(10) as f64 / 10.0,
            "Trung bình" => 5.0 + rng.below(20) as f64 / 10.0,
            _ => 3.0 + rng.below(20) as f64 / 10.0,
        };
        let tt = if rng.below(10) == 0 {
            rng.pick(&TRANG_THAI)
        } else {
            "Đang học"
        };
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, format!("HS{:07}{:05}", w + 1, i + 1))
            .unwrap();
        ws.write_string(
            r,
            2,
            format!("{} {} {}", rng.pick(&HO), rng.pick(&DEM), rng.pick(&TEN)),
        )
        .unwrap();
        let serial = 37000.0 + rng.below(1500) as f64;
        ws.write_number_with_format(r, 3, serial, &date).unwrap();
        ws.write_string(r, 4, &lop).unwrap();
        ws.write_string(r, 5, rng.pick(&NGANH)).unwrap();
        ws.write_string(r, 6, unit).unwrap();
        ws.write_string(r, 7, khoa_hoc).unwrap();
        ws.write_string(r, 8, tt).unwrap();
        ws.write_number(r, 9, diem).unwrap();
        ws.write_string(r, 10, hl).unwrap();
        ws.write_string(r, 11, rng.pick(&REN_LUYEN)).unwrap();
        let pass = hl != "Yếu" && rng.below(20) != 0;
        let mark = |b: bool| if b { "x" } else { "" };
        if !final_year {
            ws.write_string(r, 12, mark(pass)).unwrap();
        } else {
            ws.write_string(r, 13, mark(pass)).unwrap();
        }
    }
    let end = 6 + rows as u32;
    ws.write_string(end, 1, "Tổng cộng").unwrap();
    ws.write_string(end, 2, format!("{rows} học sinh")).unwrap();
    ws.write_string(
        end + 2,
        10,
        "Thành phố Hồ Chí Minh, ngày 30 tháng 6 năm 2022",
    )
    .unwrap();
    ws.write_string(end + 3, 2, "Người lập biểu").unwrap();
    ws.write_string(end + 3, 10, "Trưởng khoa").unwrap();
    wb.save(path).unwrap();
}
