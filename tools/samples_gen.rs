//! The sample workbooks of `samples/*/du-lieu/`: their records (one plain struct per
//! source) and how offices lay them out (title rows, two-row merged headers, totals rows,
//! signature blocks, one subfolder per unit where a sheet has no unit column).
//!
//! Plain Rust with no dependency, deterministic (a seeded PRNG): `examples/gen-samples.rs`
//! writes the workbooks from it, and a test can include it (`#[path]`) to recompute every
//! indicator independently from the same records.
#![allow(dead_code)]

// ---------------------------------------------------------------------------------------
// A tiny seeded PRNG (SplitMix64): enough for sample data, no crate needed.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Records, one struct per source (field names as in templates/*.toml).

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub y: i32,
    pub m: u32,
    pub d: u32,
}

impl Date {
    pub fn text(&self) -> String {
        format!("{:02}/{:02}/{}", self.d, self.m, self.y)
    }
}

#[derive(Debug, Clone)]
pub struct HocSinh {
    pub ma_hs: String,
    pub ho_dem: String,
    pub ten: String,
    pub ngay_sinh: Date,
    pub lop: String,
    pub nganh: String,
    pub khoa: String,
    pub khoa_hoc: String,
    pub trang_thai: &'static str,
    pub diem_tb: Option<f64>,
    pub hoc_luc: Option<&'static str>,
    pub ren_luyen: Option<&'static str>,
    pub len_lop: bool,
    pub tot_nghiep: bool,
    pub tot_nghiep_lan_dau: bool,
}

impl HocSinh {
    pub fn ho_ten(&self) -> String {
        format!("{} {}", self.ho_dem, self.ten)
    }
}

#[derive(Debug, Clone)]
pub struct GiaoVien {
    pub ma_gv: String,
    pub ho_ten: String,
    pub ngay_sinh: Date,
    pub khoa: String,
    pub nganh: String,
    pub loai_hinh: &'static str,
    pub dat_chuan: bool,
    pub chung_chi_nghe: bool,
    pub gv_nghe: bool,
    pub tieng_anh: String,
    pub diem_toeic: Option<i64>,
    pub tin_hoc: String,
    pub nganh_trong_diem: bool,
}

#[derive(Debug, Clone)]
pub struct ViecLam {
    pub ma_hs: String,
    pub ho_ten: String,
    pub nganh: String,
    pub khoa: String,
    pub nam_tot_nghiep: i64,
    pub gioi_thieu_viec_lam: bool,
    pub co_viec_lam: bool,
    pub dung_nganh: bool,
}

#[derive(Debug, Clone)]
pub struct DoanhNghiep {
    pub ten_dn: String,
    pub nganh: String,
    pub khoa: String,
    pub ngay_ky: Date,
    pub hinh_thuc: &'static str,
    pub lay_y_kien: bool,
}

#[derive(Debug, Clone)]
pub struct HoiThi {
    pub ho_ten: String,
    pub doi_tuong: &'static str,
    pub khoa: String,
    pub ten_hoi_thi: String,
    pub cap: &'static str,
    pub ket_qua: &'static str,
}

#[derive(Debug, Clone)]
pub struct TuyenSinh {
    pub nganh: String,
    pub trinh_do: &'static str,
    pub khoa: String,
    pub chi_tieu: i64,
    pub thuc_tuyen: i64,
}

#[derive(Debug, Clone)]
pub struct ThietBi {
    pub ma_tb: String,
    pub ten_tb: String,
    pub khoa: String,
    pub ke_hoach_bao_tri: bool,
    pub da_bao_tri: bool,
    pub san_sang: bool,
}

#[derive(Debug, Clone)]
pub struct YKienNguoiHoc {
    pub ma_gv: String,
    pub ho_ten: String,
    pub khoa: String,
    pub so_phieu: i64,
    pub so_hai_long: i64,
}

#[derive(Debug, Clone)]
pub struct ChuongTrinh {
    pub ten_ctdt: String,
    pub trinh_do: &'static str,
    pub khoa: String,
    pub dang_dao_tao: bool,
    pub du_tai_lieu: bool,
    pub tu_danh_gia: Option<i64>,
    pub kiem_dinh: bool,
}

#[derive(Debug, Clone)]
pub struct TienDo {
    pub ma_muc_tieu: String,
    pub noi_dung: String,
    pub khoa: String,
    pub trang_thai: &'static str,
    pub ngay_hoan_thanh: Option<Date>,
    pub van_ban: String,
    pub ma_minh_chung: String,
}

/// Every record of one sample workspace.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub hoc_sinh: Vec<HocSinh>,
    pub giao_vien: Vec<GiaoVien>,
    pub viec_lam: Vec<ViecLam>,
    pub doanh_nghiep: Vec<DoanhNghiep>,
    pub hoi_thi: Vec<HoiThi>,
    pub tuyen_sinh: Vec<TuyenSinh>,
    pub thiet_bi: Vec<ThietBi>,
    pub y_kien_nguoi_hoc: Vec<YKienNguoiHoc>,
    pub chuong_trinh: Vec<ChuongTrinh>,
    pub tien_do: Vec<TienDo>,
}

// ---------------------------------------------------------------------------------------
// Layout: what a sheet looks like, independent of the library that writes it.

#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Empty,
    Text(String),
    Num(f64),
    Int(i64),
    /// A real Excel date cell.
    Date(Date),
}

pub fn t(s: impl Into<String>) -> V {
    V::Text(s.into())
}

/// "x" for true, blank for false: how most offices tick a column.
pub fn tick(b: bool) -> V {
    if b {
        t("x")
    } else {
        V::Empty
    }
}

pub fn yes_no(b: bool) -> V {
    t(if b { "Có" } else { "Không" })
}

#[derive(Debug, Clone)]
pub struct Column {
    /// A merged cell above this column and its neighbours with the same parent.
    pub parent: Option<&'static str>,
    pub header: &'static str,
    pub width: f64,
}

pub fn col(header: &'static str, width: f64) -> Column {
    Column {
        parent: None,
        header,
        width,
    }
}

pub fn sub(parent: &'static str, header: &'static str, width: f64) -> Column {
    Column {
        parent: Some(parent),
        header,
        width,
    }
}

#[derive(Debug, Clone)]
pub struct Signature {
    pub place_date: String,
    pub left: String,
    pub right: String,
    pub right_name: String,
}

#[derive(Debug, Clone)]
pub struct SheetLayout {
    pub name: String,
    /// Lines above the table (school, unit, title, school year), each merged across it.
    pub title: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<V>>,
    /// "Tổng cộng" row text below the table, if any.
    pub totals: Option<String>,
    pub note: Option<String>,
    pub signature: Option<Signature>,
}

#[derive(Debug, Clone)]
pub struct BookLayout {
    /// Relative to the workspace ("du-lieu/khoa-co-khi/ket-qua-hoc-tap.xlsx").
    pub path: String,
    pub sheets: Vec<SheetLayout>,
}

/// A sheet kept the way many offices keep a class list: one block per class, one under
/// another, each with its title rows, its own header, a group label under the header
/// (the cohort), the class and its programme merged down the block's rows, a "Cộng lớp"
/// row counting the block with a formula, and a note under it. The records are the same
/// as the plain layout's; only the workbook differs (SPEC "Reading workbooks").
#[derive(Debug, Clone)]
pub struct Stacked {
    /// The column whose value starts a new block when it changes (the class).
    pub by: usize,
    /// Columns merged down each block.
    pub merged: Vec<usize>,
    /// The column whose value labels the block under its header ("Khóa 2019 - 2022").
    pub label: usize,
}

/// Which sheet of the samples is kept in blocks (see [`Stacked`]).
pub fn stacked(path: &str, sheet: &str) -> Option<Stacked> {
    (path == "du-lieu/khoa-dien-dien-tu/hoc-sinh-2019.xlsx" && sheet == "Danh sách").then(|| {
        Stacked {
            by: 5,
            merged: vec![5, 6, 7],
            label: 7,
        }
    })
}

/// A sample workspace: its folder under `samples/`, its records and its workbooks.
pub struct Sample {
    pub folder: &'static str,
    pub records: Records,
    pub books: Vec<BookLayout>,
}

// ---------------------------------------------------------------------------------------
// Names and shared helpers.

const HO: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý",
];
const DEM_NAM: &[&str] = &[
    "Văn", "Minh", "Quốc", "Hữu", "Thanh", "Đức", "Công", "Xuân", "Hoàng", "Anh", "Tấn", "Gia",
];
const DEM_NU: &[&str] = &["Thị", "Ngọc", "Thanh", "Thu", "Minh", "Kim", "Bảo", "Mỹ"];
const TEN_NAM: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khang", "Long", "Nam", "Phúc", "Quang", "Sơn",
    "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Huy", "Khôi", "Lộc", "Phát", "Tài",
];
const TEN_NU: &[&str] = &[
    "Hà", "Lan", "Mai", "Linh", "Hương", "Trang", "Vy", "Ngân", "Thảo", "Yến", "Nhung", "Hân",
];

fn person(rng: &mut Rng, female_share: usize) -> (String, String) {
    let female = rng.below(100) < female_share;
    let ho = rng.pick(HO);
    let (dem, ten) = if female {
        (rng.pick(DEM_NU), rng.pick(TEN_NU))
    } else {
        (rng.pick(DEM_NAM), rng.pick(TEN_NAM))
    };
    (format!("{ho} {dem}"), ten.to_string())
}

fn birth(rng: &mut Rng, year: i32) -> Date {
    Date {
        y: year,
        m: 1 + rng.below(12) as u32,
        d: 1 + rng.below(28) as u32,
    }
}

/// Academic classes (hoc_luc) by exact quotas over `n` students, in a shuffled order:
/// shares in per mille of Xuất sắc, Giỏi, Khá, Trung bình; the rest Yếu.
fn quotas(rng: &mut Rng, n: usize, permille: [usize; 4]) -> Vec<&'static str> {
    let names = ["Xuất sắc", "Giỏi", "Khá", "Trung bình"];
    let mut out = Vec::with_capacity(n);
    for (name, p) in names.iter().zip(permille) {
        let k = (n * p + 500) / 1000;
        out.extend(std::iter::repeat_n(*name, k));
    }
    out.truncate(n);
    while out.len() < n {
        out.push("Yếu");
    }
    rng.shuffle(&mut out);
    out
}

/// A score inside the band of Thông tư 04/2022 for `hoc_luc` (one decimal).
fn score_for(rng: &mut Rng, hoc_luc: &str) -> f64 {
    let (lo, hi) = match hoc_luc {
        "Xuất sắc" => (90, 97),
        "Giỏi" => (80, 89),
        "Khá" => (70, 79),
        "Trung bình" => (50, 69),
        _ => (35, 49),
    };
    (lo + rng.below(hi - lo + 1)) as f64 / 10.0
}

fn ren_luyen(rng: &mut Rng, bad_permille: usize) -> &'static str {
    let r = rng.below(1000);
    if r < bad_permille {
        "Trung bình"
    } else if r < 150 {
        "Xuất sắc"
    } else if r < 650 {
        "Tốt"
    } else {
        "Khá"
    }
}

fn stt(i: usize) -> V {
    V::Int(i as i64 + 1)
}

fn opt_num(x: Option<f64>) -> V {
    x.map_or(V::Empty, V::Num)
}

fn opt_text(x: Option<&str>) -> V {
    x.map_or(V::Empty, t)
}

// ---------------------------------------------------------------------------------------
// Sample 1: Khoa Cơ khí, năm học 2021 - 2022 (seed 000).

const CK_SCHOOL: &str = "TRƯỜNG TRUNG CẤP KINH TẾ - KỸ THUẬT NGUYỄN HỮU CẢNH";
const CK_UNIT: &str = "Cơ khí";
const CK_NGANH: &[(&str, &str)] = &[
    ("Cơ khí chế tạo", "CT"),
    ("Hàn", "HA"),
    ("Công nghệ ô tô", "OT"),
];

fn co_khi_students(rng: &mut Rng) -> (Vec<HocSinh>, Vec<HocSinh>) {
    // Current cohorts (2019 - 2022 is the final year), then last year's graduates.
    let cohorts = [
        (2019, "2019 - 2022"),
        (2020, "2020 - 2023"),
        (2021, "2021 - 2024"),
    ];
    let mut current = Vec::new();
    for (year, khoa_hoc) in cohorts {
        for (nganh, code) in CK_NGANH {
            let classes = if *code == "CT" { 2 } else { 1 };
            for c in 0..classes {
                let lop = format!("{code}{}{}", year % 100, ["A", "B"][c]);
                let n = 32 + rng.below(8);
                for _ in 0..n {
                    let (ho_dem, ten) = person(rng, 8);
                    let born = year - 15 - rng.below(2) as i32;
                    current.push(HocSinh {
                        ma_hs: String::new(),
                        ho_dem,
                        ten,
                        ngay_sinh: birth(rng, born),
                        lop: lop.clone(),
                        nganh: nganh.to_string(),
                        khoa: CK_UNIT.to_string(),
                        khoa_hoc: khoa_hoc.to_string(),
                        trang_thai: "Đang học",
                        diem_tb: None,
                        hoc_luc: None,
                        ren_luyen: None,
                        len_lop: false,
                        tot_nghiep: false,
                        tot_nghiep_lan_dau: false,
                    });
                }
            }
        }
    }
    // About 5% drop out; the others get a class by quotas, a score in its band.
    let n = current.len();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let dropouts: Vec<usize> = order[..n * 5 / 100].to_vec();
    for &i in &dropouts {
        current[i].trang_thai = "Thôi học";
    }
    let staying: Vec<usize> = (0..n).filter(|i| !dropouts.contains(i)).collect();
    let classes = quotas(rng, staying.len(), [30, 120, 260, 530]);
    for (k, &i) in staying.iter().enumerate() {
        let s = &mut current[i];
        let hl = classes[k];
        s.hoc_luc = Some(hl);
        s.diem_tb = Some(score_for(rng, hl));
        s.ren_luyen = Some(ren_luyen(rng, 20));
        let passed = hl != "Yếu";
        if s.khoa_hoc == "2019 - 2022" {
            s.tot_nghiep = passed;
            s.tot_nghiep_lan_dau = passed;
            if passed {
                s.trang_thai = "Tốt nghiệp";
            }
        } else {
            s.len_lop = passed;
        }
    }
    let mut seq = std::collections::HashMap::new();
    for s in &mut current {
        let code = CK_NGANH.iter().find(|(n, _)| *n == s.nganh).unwrap().1;
        let y = &s.khoa_hoc[2..4];
        let k = seq.entry((code, y.to_string())).or_insert(0);
        *k += 1;
        s.ma_hs = format!("CK{y}{code}{:03}", k);
    }
    // The 2018 - 2021 cohort, graduated in 2021: the employment survey is about them.
    let mut graduates = Vec::new();
    for (nganh, code) in CK_NGANH {
        let n = 26 + rng.below(6);
        for k in 0..n {
            let (ho_dem, ten) = person(rng, 8);
            let hl = *rng.pick(&["Giỏi", "Khá", "Khá", "Trung bình", "Trung bình"]);
            graduates.push(HocSinh {
                ma_hs: format!("CK18{code}{:03}", k + 1),
                ho_dem,
                ten,
                ngay_sinh: birth(rng, 2003),
                lop: format!("{code}18A"),
                nganh: nganh.to_string(),
                khoa: CK_UNIT.to_string(),
                khoa_hoc: "2018 - 2021".to_string(),
                trang_thai: "Tốt nghiệp",
                diem_tb: Some(score_for(rng, hl)),
                hoc_luc: Some(hl),
                ren_luyen: Some(ren_luyen(rng, 0)),
                len_lop: true,
                tot_nghiep: true,
                tot_nghiep_lan_dau: true,
            });
        }
    }
    (current, graduates)
}

fn co_khi_records() -> Records {
    let mut rng = Rng::new(0x000D_6D52_585E);
    let (current, graduates) = co_khi_students(&mut rng);
    let mut r = Records::default();
    r.hoc_sinh.extend(current);
    r.hoc_sinh.extend(graduates.iter().cloned());

    // Teachers: Cơ khí chế tạo is the key (international-level) programme.
    let plan = [("Cơ khí chế tạo", 10), ("Hàn", 7), ("Công nghệ ô tô", 7)];
    let mut k = 0;
    for (nganh, n) in plan {
        for i in 0..n {
            k += 1;
            let (ho_dem, ten) = person(&mut rng, 15);
            let born = 1970 + rng.below(25) as i32;
            let key = nganh == "Cơ khí chế tạo";
            let visiting = i == n - 1;
            // One key-programme teacher has TOEIC 280 only: objective 6 is not met.
            let toeic = if key && i == 3 {
                Some(280)
            } else if key || rng.below(2) == 0 {
                Some(300 + 5 * rng.below(60) as i64)
            } else {
                None
            };
            let (tieng_anh, diem_toeic) = match toeic {
                Some(s) if key || i % 3 != 0 => (format!("TOEIC {s}"), Some(s)),
                _ => ("B1".to_string(), None),
            };
            r.giao_vien.push(GiaoVien {
                ma_gv: format!("GVCK{k:02}"),
                ho_ten: format!("{ho_dem} {ten}"),
                ngay_sinh: birth(&mut rng, born),
                khoa: CK_UNIT.to_string(),
                nganh: nganh.to_string(),
                loai_hinh: if visiting {
                    "Thỉnh giảng"
                } else {
                    "Cơ hữu"
                },
                dat_chuan: true,
                chung_chi_nghe: true,
                gv_nghe: i % 5 != 4,
                tieng_anh,
                diem_toeic,
                tin_hoc: if key || rng.below(3) > 0 {
                    "IC3".to_string()
                } else {
                    String::new()
                },
                nganh_trong_diem: key,
            });
        }
    }

    // Employment survey of the 2021 graduates: 85% work in their trade.
    let mut surveyed: Vec<&HocSinh> = graduates.iter().collect();
    rng.shuffle(&mut surveyed);
    surveyed.truncate(surveyed.len() * 4 / 5);
    surveyed.sort_by(|a, b| a.ma_hs.cmp(&b.ma_hs));
    let n = surveyed.len();
    for (i, s) in surveyed.iter().enumerate() {
        let both = i * 100 < n * 85;
        r.viec_lam.push(ViecLam {
            ma_hs: s.ma_hs.clone(),
            ho_ten: s.ho_ten(),
            nganh: s.nganh.clone(),
            khoa: CK_UNIT.to_string(),
            nam_tot_nghiep: 2021,
            gioi_thieu_viec_lam: true,
            co_viec_lam: both || i % 2 == 0,
            dung_nganh: both,
        });
    }

    // Partner enterprises: every programme has at least five.
    let firms: &[(&str, &[&str])] = &[
        ("Công ty TNHH Cơ khí Chính xác Sài Gòn", &["Cơ khí chế tạo"]),
        ("Công ty CP Cơ khí Gia Định", &["Cơ khí chế tạo", "Hàn"]),
        ("Công ty TNHH Khuôn mẫu Việt Nhật", &["Cơ khí chế tạo"]),
        (
            "Tổng công ty Cơ khí Giao thông vận tải Sài Gòn",
            &["Cơ khí chế tạo", "Công nghệ ô tô"],
        ),
        ("Công ty TNHH Máy CNC Bình Dương", &["Cơ khí chế tạo"]),
        ("Công ty CP Chế tạo máy Thủ Đức", &["Cơ khí chế tạo"]),
        ("Công ty TNHH Kết cấu thép Tân Phú", &["Hàn"]),
        ("Công ty CP Đóng tàu Nhà Bè", &["Hàn"]),
        ("Công ty TNHH Hàn công nghiệp Hiệp Phước", &["Hàn"]),
        ("Công ty TNHH Nhà thép tiền chế Long An", &["Hàn"]),
        ("Công ty TNHH Toyota Lý Thường Kiệt", &["Công nghệ ô tô"]),
        (
            "Công ty CP Ô tô Trường Hải chi nhánh Sài Gòn",
            &["Công nghệ ô tô"],
        ),
        ("Garage ô tô Thành Công", &["Công nghệ ô tô"]),
        (
            "Công ty TNHH Dịch vụ ô tô Sài Gòn Ford",
            &["Công nghệ ô tô"],
        ),
        ("Công ty TNHH Honda Ô tô Phước Thành", &["Công nghệ ô tô"]),
    ];
    let forms = ["Thực tập", "Tuyển dụng", "Đào tạo", "Thực tập, tuyển dụng"];
    for (ten, nganhs) in firms {
        for nganh in *nganhs {
            r.doanh_nghiep.push(DoanhNghiep {
                ten_dn: ten.to_string(),
                nganh: nganh.to_string(),
                khoa: CK_UNIT.to_string(),
                ngay_ky: Date {
                    y: 2019 + rng.below(3) as i32,
                    m: 1 + rng.below(12) as u32,
                    d: 1 + rng.below(28) as u32,
                },
                hinh_thuc: forms[rng.below(forms.len())],
                lay_y_kien: rng.below(2) == 0,
            });
        }
    }

    // The school-level student contest: 32 entrants, one of them only took part.
    let contest = "Hội thi Học sinh giỏi cấp Trường năm học 2021 - 2022";
    let results = [
        ("Nhất", 2),
        ("Nhì", 3),
        ("Ba", 5),
        ("Khuyến khích", 8),
        ("Công nhận", 13),
        ("Tham gia", 1),
    ];
    let mut entrants: Vec<&HocSinh> = r
        .hoc_sinh
        .iter()
        .filter(|s| s.khoa_hoc != "2018 - 2021" && s.trang_thai != "Thôi học")
        .collect();
    rng.shuffle(&mut entrants);
    let mut e = entrants.into_iter();
    for (kq, n) in results {
        for _ in 0..n {
            let s = e.next().unwrap();
            r.hoi_thi.push(HoiThi {
                ho_ten: s.ho_ten(),
                doi_tuong: "Học sinh",
                khoa: CK_UNIT.to_string(),
                ten_hoi_thi: contest.to_string(),
                cap: "Trường",
                ket_qua: kq,
            });
        }
    }
    for (i, g) in r.giao_vien.iter().take(3).enumerate() {
        r.hoi_thi.push(HoiThi {
            ho_ten: g.ho_ten.clone(),
            doi_tuong: "Giáo viên",
            khoa: CK_UNIT.to_string(),
            ten_hoi_thi: "Hội giảng giáo viên giáo dục nghề nghiệp cấp Thành phố".to_string(),
            cap: "Tỉnh",
            ket_qua: ["Nhì", "Ba", "Công nhận"][i],
        });
    }

    for (ten, td, dang, tu, kd) in [
        ("Cơ khí chế tạo", "Trung cấp", true, Some(2022), true),
        ("Cơ khí chế tạo", "Cao đẳng", true, Some(2021), true),
        ("Hàn", "Trung cấp", true, Some(2022), false),
        ("Công nghệ ô tô", "Trung cấp", true, Some(2022), false),
        ("Hàn", "Sơ cấp", false, None, false),
    ] {
        r.chuong_trinh.push(ChuongTrinh {
            ten_ctdt: ten.to_string(),
            trinh_do: td,
            khoa: CK_UNIT.to_string(),
            dang_dao_tao: dang,
            du_tai_lieu: true,
            tu_danh_gia: tu,
            kiem_dinh: kd,
        });
    }

    for (ma, nd, tt, d, vb, mc) in [
        (
            "10",
            "Quyết định công nhận danh hiệu Tập thể Lao động xuất sắc năm học 2021 - 2022",
            "Hoàn thành",
            Some(Date {
                y: 2022,
                m: 8,
                d: 15,
            }),
            "Quyết định số 215/QĐ-TCKTKTNHC",
            "MC10.01",
        ),
        (
            "8",
            "Báo cáo tự đánh giá chương trình đào tạo Cơ khí chế tạo năm 2022",
            "Hoàn thành",
            Some(Date {
                y: 2022,
                m: 6,
                d: 30,
            }),
            "Báo cáo số 45/BC-KCK",
            "MC08.01",
        ),
        (
            "9",
            "Đánh giá ngoài chương trình đào tạo Cơ khí chế tạo",
            "Đang thực hiện",
            None,
            "",
            "MC09.01",
        ),
    ] {
        r.tien_do.push(TienDo {
            ma_muc_tieu: ma.to_string(),
            noi_dung: nd.to_string(),
            khoa: CK_UNIT.to_string(),
            trang_thai: tt,
            ngay_hoan_thanh: d,
            van_ban: vb.to_string(),
            ma_minh_chung: mc.to_string(),
        });
    }
    r
}

fn ck_title(title: &str) -> Vec<String> {
    vec![
        CK_SCHOOL.to_string(),
        "KHOA CƠ KHÍ".to_string(),
        String::new(),
        title.to_string(),
        "Năm học 2021 - 2022".to_string(),
    ]
}

fn ck_signature() -> Option<Signature> {
    Some(Signature {
        place_date: "Thành phố Hồ Chí Minh, ngày 30 tháng 6 năm 2022".to_string(),
        left: "NGƯỜI LẬP BIỂU".to_string(),
        right: "TRƯỞNG KHOA".to_string(),
        right_name: "Nguyễn Quốc Đoàn".to_string(),
    })
}

/// The student results sheet of a unit folder: no unit column, "Họ và tên" split in two
/// under a merged header, "Xếp loại" over "Học lực | Rèn luyện"; dates as Excel dates or
/// as dd/mm/yyyy text.
fn student_sheet(
    name: &str,
    title: Vec<String>,
    students: &[HocSinh],
    text_dates: bool,
    signature: Option<Signature>,
) -> SheetLayout {
    let columns = vec![
        col("STT", 5.0),
        col("Mã HS", 12.0),
        sub("Họ và tên", "Họ đệm", 18.0),
        sub("Họ và tên", "Tên", 8.0),
        col("Ngày sinh", 12.0),
        col("Lớp", 9.0),
        col("Ngành", 16.0),
        col("Khóa", 12.0),
        col("Tình trạng", 12.0),
        col("Điểm TB", 8.0),
        sub("Xếp loại", "Học lực", 11.0),
        sub("Xếp loại", "Rèn luyện", 11.0),
        col("Lên lớp", 8.0),
        col("Tốt nghiệp", 9.0),
        col("Tốt nghiệp lần đầu", 10.0),
    ];
    let rows = students
        .iter()
        .enumerate()
        .map(|(i, s)| {
            vec![
                stt(i),
                t(&s.ma_hs),
                t(&s.ho_dem),
                t(&s.ten),
                if text_dates {
                    t(s.ngay_sinh.text())
                } else {
                    V::Date(s.ngay_sinh)
                },
                t(&s.lop),
                t(&s.nganh),
                t(&s.khoa_hoc),
                t(s.trang_thai),
                opt_num(s.diem_tb),
                opt_text(s.hoc_luc),
                opt_text(s.ren_luyen),
                tick(s.len_lop),
                tick(s.tot_nghiep),
                tick(s.tot_nghiep_lan_dau),
            ]
        })
        .collect();
    SheetLayout {
        name: name.to_string(),
        title,
        columns,
        rows,
        totals: Some(format!("Tổng cộng: {} học sinh", students.len())),
        note: None,
        signature,
    }
}

fn teacher_sheet(title: Vec<String>, gv: &[GiaoVien]) -> SheetLayout {
    let columns = vec![
        col("STT", 5.0),
        col("Mã GV", 9.0),
        col("Họ và tên", 24.0),
        col("Ngày sinh", 12.0),
        col("Khoa", 10.0),
        col("Ngành", 16.0),
        col("Loại hình", 11.0),
        col("Đạt chuẩn chuyên môn, nghiệp vụ", 14.0),
        col("Chứng chỉ kỹ năng nghề", 12.0),
        col("GV nghề", 8.0),
        col("Ngành trọng điểm", 10.0),
        sub("Trình độ ngoại ngữ, tin học", "Tiếng Anh", 12.0),
        sub("Trình độ ngoại ngữ, tin học", "Điểm TOEIC", 8.0),
        sub("Trình độ ngoại ngữ, tin học", "Tin học", 10.0),
    ];
    let rows = gv
        .iter()
        .enumerate()
        .map(|(i, g)| {
            vec![
                stt(i),
                t(&g.ma_gv),
                t(&g.ho_ten),
                V::Date(g.ngay_sinh),
                t(&g.khoa),
                t(&g.nganh),
                t(g.loai_hinh),
                yes_no(g.dat_chuan),
                yes_no(g.chung_chi_nghe),
                tick(g.gv_nghe),
                tick(g.nganh_trong_diem),
                t(&g.tieng_anh),
                g.diem_toeic.map_or(V::Empty, V::Int),
                t(&g.tin_hoc),
            ]
        })
        .collect();
    SheetLayout {
        name: "Giáo viên".to_string(),
        title,
        columns,
        rows,
        totals: None,
        note: Some("Ghi chú: Đánh dấu x vào các cột GV nghề, Ngành trọng điểm.".to_string()),
        signature: None,
    }
}

fn employment_sheet(title: Vec<String>, vl: &[ViecLam]) -> SheetLayout {
    let columns = vec![
        col("STT", 5.0),
        col("MSHS", 12.0),
        col("Họ và tên", 24.0),
        col("Ngành", 16.0),
        col("Khoa", 10.0),
        col("Năm tốt nghiệp", 10.0),
        sub("Tình hình việc làm", "Giới thiệu việc làm", 12.0),
        sub("Tình hình việc làm", "Có việc làm", 10.0),
        sub("Tình hình việc làm", "Đúng chuyên ngành", 10.0),
    ];
    let rows = vl
        .iter()
        .enumerate()
        .map(|(i, v)| {
            vec![
                stt(i),
                t(&v.ma_hs),
                t(&v.ho_ten),
                t(&v.nganh),
                t(&v.khoa),
                V::Int(v.nam_tot_nghiep),
                yes_no(v.gioi_thieu_viec_lam),
                yes_no(v.co_viec_lam),
                yes_no(v.dung_nganh),
            ]
        })
        .collect();
    SheetLayout {
        name: "Khảo sát".to_string(),
        title,
        columns,
        rows,
        totals: Some(format!("Tổng số học sinh được khảo sát: {}", vl.len())),
        note: None,
        signature: None,
    }
}

fn firm_sheet(title: Vec<String>, dn: &[DoanhNghiep]) -> SheetLayout {
    let columns = vec![
        col("STT", 5.0),
        col("Tên doanh nghiệp", 40.0),
        col("Khoa", 14.0),
        col("Ngành", 16.0),
        col("Ngày ký kết", 12.0),
        col("Hình thức hợp tác", 18.0),
        col("Lấy ý kiến", 9.0),
    ];
    let rows = dn
        .iter()
        .enumerate()
        .map(|(i, d)| {
            vec![
                stt(i),
                t(&d.ten_dn),
                t(&d.khoa),
                t(&d.nganh),
                V::Date(d.ngay_ky),
                t(d.hinh_thuc),
                tick(d.lay_y_kien),
            ]
        })
        .collect();
    SheetLayout {
        name: "Doanh nghiệp".to_string(),
        title,
        columns,
        rows,
        totals: None,
        note: None,
        signature: None,
    }
}

fn contest_sheet(title: Vec<String>, ht: &[HoiThi]) -> SheetLayout {
    let columns = vec![
        col("STT", 5.0),
        col("Họ và tên", 26.0),
        col("Đối tượng", 11.0),
        col("Khoa", 14.0),
        col("Tên hội thi", 40.0),
        col("Cấp", 9.0),
        col("Giải", 12.0),
    ];
    let rows = ht
        .iter()
        .enumerate()
        .map(|(i, h)| {
            vec![
                stt(i),
                t(&h.ho_ten),
                t(h.doi_tuong),
                t(&h.khoa),
                t(&h.ten_hoi_thi),
                t(h.cap),
                t(h.ket_qua),
            ]
        })
        .collect();
    SheetLayout {
        name: "Hội thi".to_string(),
        title,
        columns,
        rows,
        totals: None,
        note: None,
        signature: None,
    }
}

fn programme_sheet(title: Vec<String>, ct: &[ChuongTrinh]) -> SheetLayout {
    let columns = vec![
        col("STT", 5.0),
        col("Tên CTĐT", 22.0),
        col("Trình độ", 11.0),
        col("Khoa", 14.0),
        col("Đang đào tạo", 10.0),
        col("Đủ tài liệu", 10.0),
        col("Tự đánh giá", 10.0),
        col("Kiểm định", 10.0),
    ];
    let rows = ct
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                stt(i),
                t(&c.ten_ctdt),
                t(c.trinh_do),
                t(&c.khoa),
                yes_no(c.dang_dao_tao),
                yes_no(c.du_tai_lieu),
                c.tu_danh_gia.map_or(V::Empty, V::Int),
                yes_no(c.kiem_dinh),
            ]
        })
        .collect();
    SheetLayout {
        name: "Chương trình đào tạo".to_string(),
        title,
        columns,
        rows,
        totals: None,
        note: None,
        signature: None,
    }
}

fn progress_sheet(title: Vec<String>, td: &[TienDo]) -> SheetLayout {
    let columns = vec![
        col("STT", 5.0),
        col("Mã mục tiêu", 8.0),
        col("Nội dung", 50.0),
        col("Đơn vị", 18.0),
        col("Trạng thái", 14.0),
        col("Ngày hoàn thành", 12.0),
        col("Văn bản", 26.0),
        col("Mã minh chứng", 12.0),
    ];
    let rows = td
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                stt(i),
                t(&p.ma_muc_tieu),
                t(&p.noi_dung),
                t(&p.khoa),
                t(p.trang_thai),
                p.ngay_hoan_thanh.map_or(V::Empty, |d| t(d.text())),
                t(&p.van_ban),
                t(&p.ma_minh_chung),
            ]
        })
        .collect();
    SheetLayout {
        name: "Tiến độ".to_string(),
        title,
        columns,
        rows,
        totals: None,
        note: None,
        signature: None,
    }
}

/// The rank of Thông tư 04/2022 for a score.
fn rank_of(score: f64) -> &'static str {
    match score {
        x if x >= 9.0 => "Xuất sắc",
        x if x >= 8.0 => "Giỏi",
        x if x >= 7.0 => "Khá",
        x if x >= 5.0 => "Trung bình",
        _ => "Yếu",
    }
}

/// Khoa Cơ khí's current students in semester `hk` (1 or 2): the year's students with that
/// semester's score and rank (within 0,6 of the year's). Those who dropped out during the
/// year still studied in HK1; nobody moves up or graduates in a semester.
pub fn co_khi_semester(r: &Records, hk: u8) -> Vec<HocSinh> {
    let current: Vec<HocSinh> = r
        .hoc_sinh
        .iter()
        .filter(|s| s.khoa_hoc != "2018 - 2021")
        .cloned()
        .collect();
    semester_results(&current, hk, 0x4B00)
}

/// `students` (a year's) in semester `hk`, as [`co_khi_semester`] says, from `seed`.
pub fn semester_results(students: &[HocSinh], hk: u8, seed: u64) -> Vec<HocSinh> {
    let mut rng = Rng::new(seed + hk as u64);
    students
        .iter()
        .map(|s| {
            let mut s = s.clone();
            s.len_lop = false;
            s.tot_nghiep = false;
            s.tot_nghiep_lan_dau = false;
            if s.trang_thai != "Thôi học" || hk == 1 {
                s.trang_thai = "Đang học";
                let year = s.diem_tb.unwrap_or(5.0);
                let delta = (rng.below(13) as f64 - 6.0) / 10.0;
                let score = ((year + delta).clamp(3.0, 9.8) * 10.0).round() / 10.0;
                s.diem_tb = Some(score);
                s.hoc_luc = Some(rank_of(score));
            } else {
                s.diem_tb = None;
                s.hoc_luc = None;
                s.ren_luyen = None;
            }
            s
        })
        .collect()
}

/// One faculty's students of the school sample in semester `hk`.
pub fn truong_semester(r: &Records, faculty: &str, hk: u8) -> Vec<HocSinh> {
    let k = TR_FACULTIES
        .iter()
        .position(|f| f.0 == faculty)
        .expect("a faculty of the sample") as u64;
    let students: Vec<HocSinh> = r
        .hoc_sinh
        .iter()
        .filter(|s| s.khoa == faculty)
        .cloned()
        .collect();
    semester_results(&students, hk, 0x5400 + 16 * k)
}

/// A semester's results sheet: the student sheet without the columns a semester does not
/// decide (Lên lớp, Tốt nghiệp, Tốt nghiệp lần đầu).
fn semester_sheet(hk: &str, students: &[HocSinh]) -> SheetLayout {
    let mut sheet = student_sheet(
        &format!("KQ {hk}"),
        ck_title(&format!("KẾT QUẢ HỌC TẬP {hk} NĂM HỌC 2021 - 2022")),
        students,
        false,
        ck_signature(),
    );
    let keep = sheet.columns.len() - 3;
    sheet.columns.truncate(keep);
    for row in &mut sheet.rows {
        row.truncate(keep);
    }
    sheet
}

pub fn co_khi() -> Sample {
    let r = co_khi_records();
    let current: Vec<HocSinh> = r
        .hoc_sinh
        .iter()
        .filter(|s| s.khoa_hoc != "2018 - 2021")
        .cloned()
        .collect();
    let graduates: Vec<HocSinh> = r
        .hoc_sinh
        .iter()
        .filter(|s| s.khoa_hoc == "2018 - 2021")
        .cloned()
        .collect();
    let books = vec![
        BookLayout {
            // The year's results in a `ca-nam/` folder beside the semesters' `HK1/`, `HK2/`.
            path: "du-lieu/khoa-co-khi/ca-nam/ket-qua-hoc-tap-2021-2022.xlsx".to_string(),
            sheets: vec![student_sheet(
                "DS HS",
                ck_title("DANH SÁCH HỌC SINH VÀ KẾT QUẢ HỌC TẬP"),
                &current,
                false,
                ck_signature(),
            )],
        },
        BookLayout {
            path: "du-lieu/khoa-co-khi/hoc-sinh-tot-nghiep-2021.xlsx".to_string(),
            sheets: vec![student_sheet(
                "Tốt nghiệp 2021",
                vec![
                    CK_SCHOOL.to_string(),
                    "KHOA CƠ KHÍ".to_string(),
                    "DANH SÁCH HỌC SINH TỐT NGHIỆP NĂM 2021 (KHÓA 2018 - 2021)".to_string(),
                ],
                &graduates,
                true,
                ck_signature(),
            )],
        },
        BookLayout {
            path: "du-lieu/giao-vien.xlsx".to_string(),
            sheets: vec![teacher_sheet(
                ck_title("DANH SÁCH GIÁO VIÊN KHOA CƠ KHÍ"),
                &r.giao_vien,
            )],
        },
        BookLayout {
            path: "du-lieu/khao-sat-viec-lam-2021.xlsx".to_string(),
            sheets: vec![employment_sheet(
                ck_title("KẾT QUẢ KHẢO SÁT VIỆC LÀM HỌC SINH TỐT NGHIỆP NĂM 2021"),
                &r.viec_lam,
            )],
        },
        BookLayout {
            path: "du-lieu/doanh-nghiep-hoi-thi.xlsx".to_string(),
            sheets: vec![
                firm_sheet(ck_title("DANH SÁCH DOANH NGHIỆP HỢP TÁC"), &r.doanh_nghiep),
                contest_sheet(ck_title("KẾT QUẢ HỘI THI"), &r.hoi_thi),
            ],
        },
        BookLayout {
            path: "du-lieu/chuong-trinh-va-tien-do.xlsx".to_string(),
            sheets: vec![
                programme_sheet(ck_title("DANH MỤC CHƯƠNG TRÌNH ĐÀO TẠO"), &r.chuong_trinh),
                progress_sheet(ck_title("SỔ THEO DÕI TIẾN ĐỘ VÀ MINH CHỨNG"), &r.tien_do),
            ],
        },
    ];
    let mut books = books;
    for (hk, folder) in [(1, "HK1"), (2, "HK2")] {
        let name = format!("HỌC KỲ {}", ["I", "II"][hk as usize - 1]);
        books.push(BookLayout {
            path: format!(
                "du-lieu/khoa-co-khi/{folder}/ket-qua-hoc-tap-{}.xlsx",
                folder.to_lowercase()
            ),
            sheets: vec![semester_sheet(&name, &co_khi_semester(&r, hk))],
        });
    }
    Sample {
        folder: "co-khi-2021-2022",
        records: r,
        books,
    }
}

// ---------------------------------------------------------------------------------------
// Sample 2: the whole school, 2019 (seed 001), four faculties.

const TR_SCHOOL: &str = "TRƯỜNG CAO ĐẲNG KỸ THUẬT - CÔNG NGHỆ BẮC TRUNG BỘ";
/// (faculty, folder, code, programmes)
const TR_FACULTIES: &[(&str, &str, &str, &[&str])] = &[
    (
        "Khoa Cơ khí",
        "khoa-co-khi",
        "CK",
        &["Cắt gọt kim loại", "Hàn", "Công nghệ ô tô"],
    ),
    (
        "Khoa Điện - Điện tử",
        "khoa-dien-dien-tu",
        "DI",
        &["Điện công nghiệp", "Điện tử công nghiệp"],
    ),
    (
        "Khoa Công nghệ thông tin",
        "khoa-cong-nghe-thong-tin",
        "TH",
        &["Công nghệ thông tin", "Quản trị mạng máy tính"],
    ),
    (
        "Khoa Kinh tế",
        "khoa-kinh-te",
        "KT",
        &["Kế toán doanh nghiệp", "Quản trị kinh doanh"],
    ),
];

fn truong_records() -> Records {
    let mut rng = Rng::new(0x0001_8AA3_EE5C);
    let mut r = Records::default();
    let cohorts = [
        (2016, "2016 - 2019"),
        (2017, "2017 - 2020"),
        (2018, "2018 - 2021"),
        (2019, "2019 - 2022"),
    ];
    for (fac, _, code, progs) in TR_FACULTIES {
        let start = r.hoc_sinh.len();
        for (year, khoa_hoc) in cohorts {
            for (p, prog) in progs.iter().enumerate() {
                let n = 24 + rng.below(10);
                for k in 0..n {
                    let (ho_dem, ten) = person(&mut rng, 40);
                    r.hoc_sinh.push(HocSinh {
                        ma_hs: format!("{code}{}{}{:03}", year % 100, p + 1, k + 1),
                        ho_dem,
                        ten,
                        ngay_sinh: birth(&mut rng, year - 18),
                        lop: format!("{code}{}{}", year % 100, (b'A' + p as u8) as char),
                        nganh: prog.to_string(),
                        khoa: fac.to_string(),
                        khoa_hoc: khoa_hoc.to_string(),
                        trang_thai: if year == 2016 {
                            "Tốt nghiệp"
                        } else {
                            "Đang học"
                        },
                        diem_tb: None,
                        hoc_luc: None,
                        ren_luyen: None,
                        len_lop: false,
                        tot_nghiep: year == 2016,
                        tot_nghiep_lan_dau: year == 2016,
                    });
                }
            }
        }
        let idx: Vec<usize> = (start..r.hoc_sinh.len()).collect();
        // 3% of the students still enrolled drop out.
        let mut enrolled: Vec<usize> = idx
            .iter()
            .copied()
            .filter(|&i| r.hoc_sinh[i].khoa_hoc != "2016 - 2019")
            .collect();
        rng.shuffle(&mut enrolled);
        let drop = enrolled.len() * 3 / 100;
        for &i in &enrolled[..drop] {
            r.hoc_sinh[i].trang_thai = "Thôi học";
        }
        let staying: Vec<usize> = idx
            .into_iter()
            .filter(|&i| r.hoc_sinh[i].trang_thai != "Thôi học")
            .collect();
        // 57% Khá or better (target 55% ÷ 60%).
        let classes = quotas(&mut rng, staying.len(), [40, 180, 350, 400]);
        // Final cohort: 97% graduate at the first attempt (target 96% ÷ 99%).
        let finals: Vec<usize> = staying
            .iter()
            .copied()
            .filter(|&i| r.hoc_sinh[i].khoa_hoc == "2017 - 2020")
            .collect();
        let fail_first = (finals.len() * 3 + 50) / 100;
        for (k, &i) in staying.iter().enumerate() {
            let hl = classes[k];
            let s = &mut r.hoc_sinh[i];
            s.hoc_luc = Some(hl);
            s.diem_tb = Some(score_for(&mut rng, hl));
            // 99% Xuất sắc, Tốt or Khá in conduct (target 98 ÷ 100 %).
            s.ren_luyen = Some(ren_luyen(&mut rng, 10));
            if s.khoa_hoc != "2017 - 2020" && s.khoa_hoc != "2016 - 2019" {
                s.len_lop = hl != "Yếu";
            }
        }
        for (k, &i) in finals.iter().enumerate() {
            let s = &mut r.hoc_sinh[i];
            s.tot_nghiep_lan_dau = k >= fail_first;
            s.tot_nghiep = true;
            s.trang_thai = "Tốt nghiệp";
        }
    }

    // Employment of the 2019 graduates (cohort 2016 - 2019): all were introduced to jobs.
    let grads: Vec<HocSinh> = r
        .hoc_sinh
        .iter()
        .filter(|s| s.khoa_hoc == "2016 - 2019")
        .cloned()
        .collect();
    for (i, s) in grads.iter().enumerate() {
        if i % 7 == 3 {
            continue; // not reached by the survey
        }
        let both = i % 20 < 17;
        r.viec_lam.push(ViecLam {
            ma_hs: s.ma_hs.clone(),
            ho_ten: s.ho_ten(),
            nganh: s.nganh.clone(),
            khoa: s.khoa.clone(),
            nam_tot_nghiep: 2019,
            gioi_thieu_viec_lam: true,
            co_viec_lam: both || i % 3 == 0,
            dung_nganh: both,
        });
    }

    // Enrolment: 93% of the quota.
    for (fac, _, _, progs) in TR_FACULTIES {
        for prog in *progs {
            for (td, quota) in [("Cao đẳng", 70), ("Trung cấp", 90)] {
                let q = quota + 5 * rng.below(5) as i64;
                let got = q - (q * 7 / 100) + rng.below(3) as i64 - 1;
                r.tuyen_sinh.push(TuyenSinh {
                    nganh: prog.to_string(),
                    trinh_do: td,
                    khoa: fac.to_string(),
                    chi_tieu: q,
                    thuc_tuyen: got,
                });
            }
        }
    }

    // Equipment: every item planned for maintenance was maintained; 94% ready.
    let kinds = [
        "Máy tiện vạn năng",
        "Máy phay CNC",
        "Máy hàn MIG",
        "Bộ thực hành PLC",
        "Máy hiện sóng",
        "Máy tính để bàn",
        "Máy chiếu",
        "Bộ thí nghiệm điện tử",
        "Động cơ ô tô mô hình",
        "Máy in",
    ];
    let mut k = 0;
    for (fac, _, code, _) in TR_FACULTIES {
        for _ in 0..30 {
            k += 1;
            let planned = rng.below(10) < 7;
            r.thiet_bi.push(ThietBi {
                ma_tb: format!("TB{code}{k:04}"),
                ten_tb: rng.pick(&kinds).to_string(),
                khoa: fac.to_string(),
                ke_hoach_bao_tri: planned,
                da_bao_tri: planned,
                san_sang: k % 17 != 0,
            });
        }
    }

    // Teachers and what learners said of them (about 90% satisfied).
    let mut g = 0;
    for (fac, _, code, _) in TR_FACULTIES {
        for _ in 0..18 {
            g += 1;
            let (ho_dem, ten) = person(&mut rng, 35);
            let n = 20 + rng.below(26) as i64;
            let ok = n - (n * (5 + rng.below(10) as i64) / 100);
            r.y_kien_nguoi_hoc.push(YKienNguoiHoc {
                ma_gv: format!("GV{code}{g:03}"),
                ho_ten: format!("{ho_dem} {ten}"),
                khoa: fac.to_string(),
                so_phieu: n,
                so_hai_long: ok,
            });
        }
    }

    // Partner enterprises: 56 distinct, 25 asked for their opinion.
    let prefixes = [
        "Công ty TNHH",
        "Công ty CP",
        "Doanh nghiệp tư nhân",
        "Tổng công ty",
    ];
    let names = [
        "Hoàng Long",
        "Bắc Trung Bộ",
        "Sông Lam",
        "Hồng Lĩnh",
        "Phú Thành",
        "Thái An",
        "Minh Phát",
        "Đại Việt",
        "Tân Kỳ",
        "Cửa Lò",
        "Vinh Hưng",
        "Nghi Sơn",
        "Hưng Nguyên",
        "Đông Á",
    ];
    let trades = ["Cơ khí", "Điện lực", "Phần mềm", "Kế toán"];
    let mut firms = Vec::new();
    for (i, n) in names.iter().enumerate() {
        for (j, tr) in trades.iter().enumerate() {
            firms.push((format!("{} {tr} {n}", prefixes[(i + j) % 4]), j));
        }
    }
    for (i, (ten, j)) in firms.iter().enumerate() {
        let (fac, _, _, progs) = TR_FACULTIES[*j];
        let asked = i % 9 < 4 && i < 56;
        r.doanh_nghiep.push(DoanhNghiep {
            ten_dn: ten.clone(),
            nganh: progs[i % progs.len()].to_string(),
            khoa: fac.to_string(),
            ngay_ky: Date {
                y: 2016 + rng.below(3) as i32,
                m: 1 + rng.below(12) as u32,
                d: 1 + rng.below(28) as u32,
            },
            hinh_thuc: ["Thực tập", "Tuyển dụng", "Đào tạo"][i % 3],
            lay_y_kien: asked,
        });
        // Some partner a second faculty too.
        if i % 6 == 0 {
            let (fac2, _, _, progs2) = TR_FACULTIES[(*j + 1) % 4];
            r.doanh_nghiep.push(DoanhNghiep {
                ten_dn: ten.clone(),
                nganh: progs2[0].to_string(),
                khoa: fac2.to_string(),
                ngay_ky: Date {
                    y: 2018,
                    m: 9,
                    d: 1 + (i % 28) as u32,
                },
                hinh_thuc: "Thực tập",
                lay_y_kien: asked,
            });
        }
    }

    // Contests.
    let teachers: Vec<&YKienNguoiHoc> = r.y_kien_nguoi_hoc.iter().collect();
    r.hoi_thi.push(HoiThi {
        ho_ten: "Đoàn giáo viên Trường".to_string(),
        doi_tuong: "Tập thể",
        khoa: String::new(),
        ten_hoi_thi: "Hội thi giáo viên dạy giỏi cấp tỉnh năm 2019".to_string(),
        cap: "Tỉnh",
        ket_qua: "Nhất",
    });
    for (i, kq) in ["Nhất", "Nhì", "Nhì", "Ba", "Ba", "Công nhận"]
        .iter()
        .enumerate()
    {
        let t = teachers[i * 11];
        r.hoi_thi.push(HoiThi {
            ho_ten: t.ho_ten.clone(),
            doi_tuong: "Giáo viên",
            khoa: t.khoa.clone(),
            ten_hoi_thi: "Hội thi giáo viên dạy giỏi cấp tỉnh năm 2019".to_string(),
            cap: "Tỉnh",
            ket_qua: kq,
        });
    }
    for (i, kq) in ["Ba", "Công nhận", "Công nhận"].iter().enumerate() {
        let t = teachers[i * 11];
        r.hoi_thi.push(HoiThi {
            ho_ten: t.ho_ten.clone(),
            doi_tuong: "Giáo viên",
            khoa: t.khoa.clone(),
            ten_hoi_thi: "Hội giảng nhà giáo giáo dục nghề nghiệp toàn quốc năm 2019".to_string(),
            cap: "Quốc gia",
            ket_qua: kq,
        });
    }
    let best: Vec<&HocSinh> = r
        .hoc_sinh
        .iter()
        .filter(|s| matches!(s.hoc_luc, Some("Xuất sắc" | "Giỏi")) && s.khoa_hoc != "2016 - 2019")
        .collect();
    for (i, kq) in ["Nhất", "Nhì", "Ba", "Ba", "Khuyến khích", "Khuyến khích"]
        .iter()
        .enumerate()
    {
        let s = best[i * 7];
        r.hoi_thi.push(HoiThi {
            ho_ten: s.ho_ten(),
            doi_tuong: "Học sinh",
            khoa: s.khoa.clone(),
            ten_hoi_thi: "Hội thi tay nghề quốc gia năm 2019".to_string(),
            cap: "Quốc gia",
            ket_qua: kq,
        });
    }
    for s in best.iter().skip(50).take(10) {
        r.hoi_thi.push(HoiThi {
            ho_ten: s.ho_ten(),
            doi_tuong: "Học sinh",
            khoa: s.khoa.clone(),
            ten_hoi_thi: "Hội thi tay nghề cấp tỉnh năm 2019".to_string(),
            cap: "Tỉnh",
            ket_qua: "Công nhận",
        });
    }

    // Programmes: one in training still lacks its learning materials (objective 7 not met).
    for (fac, _, _, progs) in TR_FACULTIES {
        for (p, prog) in progs.iter().enumerate() {
            for td in ["Cao đẳng", "Trung cấp"] {
                let lacking = *fac == "Khoa Kinh tế" && p == 1 && td == "Trung cấp";
                r.chuong_trinh.push(ChuongTrinh {
                    ten_ctdt: prog.to_string(),
                    trinh_do: td,
                    khoa: fac.to_string(),
                    dang_dao_tao: true,
                    du_tai_lieu: !lacking,
                    tu_danh_gia: Some(2018),
                    kiem_dinh: false,
                });
            }
        }
    }

    // Progress register: objective 2 (inspections) and 12 (5S commitments).
    for (i, when) in [
        (
            1,
            Date {
                y: 2019,
                m: 3,
                d: 20,
            },
        ),
        (
            2,
            Date {
                y: 2019,
                m: 10,
                d: 25,
            },
        ),
    ] {
        r.tien_do.push(TienDo {
            ma_muc_tieu: "2".to_string(),
            noi_dung: format!("Kiểm tra nề nếp dạy, học đợt {i} năm 2019"),
            khoa: "Phòng Đào tạo".to_string(),
            trang_thai: "Hoàn thành",
            ngay_hoan_thanh: Some(when),
            van_ban: format!("Biên bản kiểm tra số {i:02}/BB-PĐT"),
            ma_minh_chung: format!("MC02.0{i}"),
        });
    }
    let units = TR_FACULTIES.iter().map(|f| f.0).chain([
        "Phòng Đào tạo",
        "Phòng Tổ chức - Hành chính",
        "Phòng Kế hoạch - Tài chính",
    ]);
    for (i, u) in units.enumerate() {
        r.tien_do.push(TienDo {
            ma_muc_tieu: "12".to_string(),
            noi_dung: "Ký cam kết thực hiện 5S".to_string(),
            khoa: u.to_string(),
            trang_thai: "Hoàn thành",
            ngay_hoan_thanh: Some(Date {
                y: 2019,
                m: 2,
                d: 20 + (i % 5) as u32,
            }),
            van_ban: "Bản cam kết thực hiện 5S".to_string(),
            ma_minh_chung: format!("MC12.{:02}", i + 1),
        });
    }
    r
}

fn tr_title(title: &str) -> Vec<String> {
    vec![
        "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI NGHỆ AN".to_string(),
        TR_SCHOOL.to_string(),
        String::new(),
        title.to_string(),
        "Năm 2019".to_string(),
    ]
}

fn tr_signature(right: &str) -> Option<Signature> {
    Some(Signature {
        place_date: "Nghệ An, ngày 20 tháng 12 năm 2019".to_string(),
        left: "NGƯỜI LẬP BIỂU".to_string(),
        right: right.to_string(),
        right_name: String::new(),
    })
}

pub fn truong() -> Sample {
    let r = truong_records();
    let mut books = Vec::new();
    // One student workbook per faculty, in the faculty's folder, no unit column; the
    // first faculty types its dates as dd/mm/yyyy text. Each keeps the year's results and
    // both semesters' in one table, told apart by a "Học kỳ" column.
    for (i, (fac, folder, _, _)) in TR_FACULTIES.iter().enumerate() {
        let students: Vec<HocSinh> = r
            .hoc_sinh
            .iter()
            .filter(|s| s.khoa == *fac)
            .cloned()
            .collect();
        let mut rows = students.clone();
        let mut periods = vec!["Cả năm"; students.len()];
        for (hk, name) in [(1, "HK I"), (2, "HK II")] {
            let semester = truong_semester(&r, fac, hk);
            periods.extend(std::iter::repeat_n(name, semester.len()));
            rows.extend(semester);
        }
        let mut sheet = student_sheet(
            "Danh sách",
            vec![
                TR_SCHOOL.to_string(),
                fac.to_uppercase(),
                "DANH SÁCH VÀ KẾT QUẢ HỌC TẬP, RÈN LUYỆN CỦA HỌC SINH, SINH VIÊN".to_string(),
                "Năm học 2019 - 2020".to_string(),
            ],
            &rows,
            i == 0,
            tr_signature("TRƯỞNG KHOA"),
        );
        sheet.columns.push(col("Học kỳ", 9.0));
        for (row, p) in sheet.rows.iter_mut().zip(periods) {
            row.push(t(p));
        }
        sheet.totals = None;
        books.push(BookLayout {
            path: format!("du-lieu/{folder}/hoc-sinh-2019.xlsx"),
            sheets: vec![sheet],
        });
    }
    let enrol_columns = vec![
        col("STT", 5.0),
        col("Khoa", 24.0),
        col("Ngành/Nghề", 26.0),
        col("Trình độ", 11.0),
        sub("Số lượng", "Chỉ tiêu", 9.0),
        sub("Số lượng", "Thực tuyển", 9.0),
    ];
    let enrol_rows = r
        .tuyen_sinh
        .iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                stt(i),
                t(&x.khoa),
                t(&x.nganh),
                t(x.trinh_do),
                V::Int(x.chi_tieu),
                V::Int(x.thuc_tuyen),
            ]
        })
        .collect();
    let total_q: i64 = r.tuyen_sinh.iter().map(|x| x.chi_tieu).sum();
    let total_g: i64 = r.tuyen_sinh.iter().map(|x| x.thuc_tuyen).sum();
    books.push(BookLayout {
        path: "du-lieu/phong-dao-tao/tuyen-sinh-2019.xlsx".to_string(),
        sheets: vec![SheetLayout {
            name: "Tuyển sinh".to_string(),
            title: tr_title("KẾT QUẢ TUYỂN SINH NĂM 2019"),
            columns: enrol_columns,
            rows: enrol_rows,
            totals: Some(format!(
                "Tổng cộng: chỉ tiêu {total_q}, thực tuyển {total_g}"
            )),
            note: None,
            signature: tr_signature("TRƯỞNG PHÒNG ĐÀO TẠO"),
        }],
    });
    books.push(BookLayout {
        path: "du-lieu/phong-dao-tao/viec-lam-2019.xlsx".to_string(),
        sheets: vec![employment_sheet(
            tr_title("KHẢO SÁT VIỆC LÀM HỌC SINH, SINH VIÊN TỐT NGHIỆP NĂM 2019"),
            &r.viec_lam,
        )],
    });
    books.push(BookLayout {
        path: "du-lieu/phong-dao-tao/hoi-thi-2019.xlsx".to_string(),
        sheets: vec![contest_sheet(
            tr_title("TỔNG HỢP KẾT QUẢ HỘI THI NĂM 2019"),
            &r.hoi_thi,
        )],
    });
    books.push(BookLayout {
        path: "du-lieu/phong-dao-tao/chuong-trinh-dao-tao.xlsx".to_string(),
        sheets: vec![programme_sheet(
            tr_title("DANH MỤC CHƯƠNG TRÌNH ĐÀO TẠO"),
            &r.chuong_trinh,
        )],
    });
    let tb_columns = vec![
        col("STT", 5.0),
        col("Mã thiết bị", 11.0),
        col("Tên thiết bị", 26.0),
        col("Đơn vị", 24.0),
        sub("Bảo trì", "Kế hoạch bảo trì", 10.0),
        sub("Bảo trì", "Đã bảo trì", 10.0),
        col("Sẵn sàng", 9.0),
    ];
    let tb_rows = r
        .thiet_bi
        .iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                stt(i),
                t(&x.ma_tb),
                t(&x.ten_tb),
                t(&x.khoa),
                tick(x.ke_hoach_bao_tri),
                tick(x.da_bao_tri),
                tick(x.san_sang),
            ]
        })
        .collect();
    books.push(BookLayout {
        path: "du-lieu/phong-quan-tri/thiet-bi-2019.xlsx".to_string(),
        sheets: vec![SheetLayout {
            name: "Thiết bị".to_string(),
            title: tr_title("DANH MỤC VÀ TÌNH TRẠNG TRANG THIẾT BỊ ĐÀO TẠO"),
            columns: tb_columns,
            rows: tb_rows,
            totals: None,
            note: Some("Ghi chú: đánh dấu x vào ô tương ứng.".to_string()),
            signature: tr_signature("TRƯỞNG PHÒNG QUẢN TRỊ"),
        }],
    });
    let yk_columns = vec![
        col("STT", 5.0),
        col("Mã GV", 9.0),
        col("Họ và tên", 24.0),
        col("Khoa", 24.0),
        sub("Kết quả lấy ý kiến", "Số phiếu", 9.0),
        sub("Kết quả lấy ý kiến", "Số hài lòng", 9.0),
    ];
    let yk_rows = r
        .y_kien_nguoi_hoc
        .iter()
        .enumerate()
        .map(|(i, x)| {
            vec![
                stt(i),
                t(&x.ma_gv),
                t(&x.ho_ten),
                t(&x.khoa),
                V::Int(x.so_phieu),
                V::Int(x.so_hai_long),
            ]
        })
        .collect();
    let dn_sheet = firm_sheet(
        tr_title("DANH SÁCH DOANH NGHIỆP HỢP TÁC ĐÀO TẠO"),
        &r.doanh_nghiep,
    );
    books.push(BookLayout {
        path: "du-lieu/phong-dbcl/khao-sat-va-doanh-nghiep-2019.xlsx".to_string(),
        sheets: vec![
            SheetLayout {
                name: "Ý kiến người học".to_string(),
                title: tr_title("KẾT QUẢ LẤY Ý KIẾN NGƯỜI HỌC VỀ HOẠT ĐỘNG GIẢNG DẠY"),
                columns: yk_columns,
                rows: yk_rows,
                totals: None,
                note: None,
                signature: tr_signature("TRƯỞNG PHÒNG ĐẢM BẢO CHẤT LƯỢNG"),
            },
            dn_sheet,
            progress_sheet(tr_title("SỔ THEO DÕI TIẾN ĐỘ VÀ MINH CHỨNG"), &r.tien_do),
        ],
    });
    Sample {
        folder: "truong-2019",
        records: r,
        books,
    }
}

/// Both samples.
pub fn samples() -> Vec<Sample> {
    vec![co_khi(), truong()]
}
