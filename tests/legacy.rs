//! Workbooks typed in the legacy encodings (SPEC "Reading workbooks", values): TCVN3 (the
//! `.VnTime` fonts) and VNI-Windows (the `VNI-Times` fonts), decided per sheet and column.
//! Each legacy workbook is written here as a faculty writes it — every cell typed in the
//! legacy font, capitals in `.VnTimeH` — by encoders of this file (from the code tables, not
//! from mtcl), and must read to exactly the records of its Unicode twin.

#[path = "common/books.rs"]
mod books;
mod common;

use books::*;
use mtcl::dataset::Encoding;
use rust_xlsxwriter::{Format, Workbook};
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------------------
// Encoders, as Excel hands legacy text over: each byte as its Windows-1252 character.

/// TCVN3 (TCVN 5712:1993, VN3): Unicode letter → byte.
const TCVN3_CODES: &[(char, u8)] = &[
    ('à', 0xB5),
    ('ả', 0xB6),
    ('ã', 0xB7),
    ('á', 0xB8),
    ('ạ', 0xB9),
    ('ă', 0xA8),
    ('ằ', 0xBB),
    ('ẳ', 0xBC),
    ('ẵ', 0xBD),
    ('ắ', 0xBE),
    ('ặ', 0xC6),
    ('â', 0xA9),
    ('ầ', 0xC7),
    ('ẩ', 0xC8),
    ('ẫ', 0xC9),
    ('ấ', 0xCA),
    ('ậ', 0xCB),
    ('đ', 0xAE),
    ('è', 0xCC),
    ('ẻ', 0xCE),
    ('ẽ', 0xCF),
    ('é', 0xD0),
    ('ẹ', 0xD1),
    ('ê', 0xAA),
    ('ề', 0xD2),
    ('ể', 0xD3),
    ('ễ', 0xD4),
    ('ế', 0xD5),
    ('ệ', 0xD6),
    ('ì', 0xD7),
    ('ỉ', 0xD8),
    ('ĩ', 0xDC),
    ('í', 0xDD),
    ('ị', 0xDE),
    ('ò', 0xDF),
    ('ỏ', 0xE1),
    ('õ', 0xE2),
    ('ó', 0xE3),
    ('ọ', 0xE4),
    ('ô', 0xAB),
    ('ồ', 0xE5),
    ('ổ', 0xE6),
    ('ỗ', 0xE7),
    ('ố', 0xE8),
    ('ộ', 0xE9),
    ('ơ', 0xAC),
    ('ờ', 0xEA),
    ('ở', 0xEB),
    ('ỡ', 0xEC),
    ('ớ', 0xED),
    ('ợ', 0xEE),
    ('ù', 0xEF),
    ('ủ', 0xF1),
    ('ũ', 0xF2),
    ('ú', 0xF3),
    ('ụ', 0xF4),
    ('ư', 0xAD),
    ('ừ', 0xF5),
    ('ử', 0xF6),
    ('ữ', 0xF7),
    ('ứ', 0xF8),
    ('ự', 0xF9),
    ('ỳ', 0xFA),
    ('ỷ', 0xFB),
    ('ỹ', 0xFC),
    ('ý', 0xFD),
    ('ỵ', 0xFE),
    ('Ă', 0xA1),
    ('Â', 0xA2),
    ('Ê', 0xA3),
    ('Ô', 0xA4),
    ('Ơ', 0xA5),
    ('Ư', 0xA6),
    ('Đ', 0xA7),
];

/// `u` typed in `.VnTime`; a capital with no code of its own is typed with the small code,
/// as in `.VnTimeH` (the fonts faculties use for capitals).
fn tcvn3(u: &str) -> String {
    u.nfc()
        .map(|c| {
            if c.is_ascii() {
                return c;
            }
            let code = |c: char| TCVN3_CODES.iter().find(|(k, _)| *k == c).map(|(_, b)| *b);
            let b = code(c)
                .or_else(|| code(c.to_lowercase().next().unwrap()))
                .unwrap_or_else(|| panic!("no TCVN3 code for {c}"));
            char::from(b)
        })
        .collect()
}

/// `u` typed in `VNI-Times`: base letter, then the marks (upper-case marks after a capital).
fn vni(u: &str) -> String {
    let mut out = String::new();
    for c in u.nfc() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let upper = c.is_uppercase();
        let parts: Vec<char> = c.to_lowercase().next().unwrap().nfd().collect();
        let (base, marks) = (parts[0], &parts[1..]);
        let has = |m: char| marks.contains(&m);
        let tone = marks
            .iter()
            .find(|m| {
                matches!(
                    **m,
                    '\u{300}' | '\u{301}' | '\u{309}' | '\u{303}' | '\u{323}'
                )
            })
            .copied();
        let case = |s: &str| {
            if upper {
                s.to_uppercase()
            } else {
                s.to_string()
            }
        };
        let tone_code = |t: char| match t {
            '\u{300}' => "ø",
            '\u{301}' => "ù",
            '\u{309}' => "û",
            '\u{303}' => "õ",
            _ => "ï",
        };
        let s: String = match (base, c.to_lowercase().next().unwrap()) {
            (_, 'đ') => case("ñ"),
            ('i', _) => case(match tone {
                Some('\u{300}') => "ì",
                Some('\u{301}') => "í",
                Some('\u{309}') => "æ",
                Some('\u{303}') => "ó",
                _ => "ò",
            }),
            ('y', _) if tone == Some('\u{323}') => case("î"),
            ('o' | 'u', _) if has('\u{31B}') => {
                let b = if base == 'o' { "ô" } else { "ö" };
                case(&format!("{b}{}", tone.map_or("", tone_code)))
            }
            (_, _) if has('\u{302}') => {
                let m = match tone {
                    None => "â",
                    Some('\u{300}') => "à",
                    Some('\u{301}') => "á",
                    Some('\u{309}') => "å",
                    Some('\u{303}') => "ã",
                    _ => "ä",
                };
                case(&format!("{base}{m}"))
            }
            (_, _) if has('\u{306}') => {
                let m = match tone {
                    None => "ê",
                    Some('\u{300}') => "è",
                    Some('\u{301}') => "é",
                    Some('\u{309}') => "ú",
                    Some('\u{303}') => "ü",
                    _ => "ë",
                };
                case(&format!("{base}{m}"))
            }
            (_, _) => case(&format!("{base}{}", tone.map_or("", tone_code))),
        };
        out.push_str(&s);
    }
    out
}

#[test]
fn the_encoders_write_what_faculties_type() {
    // Strings as they are found in faculties' workbooks.
    assert_eq!(tcvn3("Nguyễn Văn An"), "NguyÔn V¨n An");
    assert_eq!(tcvn3("Cộng hòa"), "Céng hßa");
    assert_eq!(tcvn3("TRƯỜNG"), "TR¦êNG");
    assert_eq!(tcvn3("Có"), "Cã");
    assert_eq!(vni("Trường"), "Tröôøng");
    assert_eq!(vni("Nguyễn Văn An"), "Nguyeãn Vaên An");
    assert_eq!(vni("Có"), "Coù");
    assert_eq!(vni("Đạt"), "Ñaït");
    assert_eq!(vni("TRƯỜNG"), "TRÖÔØNG");
    assert_eq!(vni("Khá"), "Khaù");
}

// ---------------------------------------------------------------------------------------
// The student sheet of a faculty, in Unicode and as typed in a legacy font.

#[derive(Clone, Copy, PartialEq)]
enum Enc {
    Unicode,
    Tcvn3,
    Vni,
}

impl Enc {
    fn text(self, u: &str) -> String {
        match self {
            Enc::Unicode => u.to_string(),
            Enc::Tcvn3 => tcvn3(u),
            Enc::Vni => vni(u),
        }
    }

    /// The fonts a faculty uses: body, capitals.
    fn fonts(self) -> (&'static str, &'static str) {
        match self {
            Enc::Unicode => ("Times New Roman", "Times New Roman"),
            Enc::Tcvn3 => (".VnTime", ".VnTimeH"),
            Enc::Vni => ("VNI-Times", "VNI-Times"),
        }
    }
}

const TITLE: &[&str] = &[
    "TRƯỜNG CAO ĐẲNG KỸ THUẬT CÔNG NGHỆ",
    "DANH SÁCH HỌC SINH NĂM HỌC 2021 - 2022",
];

const HEADER: &[&str] = &[
    "STT",
    "Mã HS",
    "Họ và tên",
    "Ngày sinh",
    "Lớp",
    "Ngành",
    "Khoa",
    "Khóa",
    "Trạng thái",
    "Điểm TB",
    "Học lực",
    "Rèn luyện",
    "Lên lớp",
    "Tốt nghiệp",
];

const FIELDS: &[&str] = &[
    "ma_hs",
    "ho_ten",
    "ngay_sinh",
    "lop",
    "nganh",
    "khoa",
    "khoa_hoc",
    "trang_thai",
    "diem_tb",
    "hoc_luc",
    "ren_luyen",
    "len_lop",
    "tot_nghiep",
];

/// A cell of the body: text (typed in the sheet's font), or a number.
#[derive(Clone, Copy)]
enum V {
    T(&'static str),
    N(f64),
}
use V::{N, T};

/// Every field type, short values ("Có", "Khá", "x") and long ones, capitals in a cell
/// typed in `.VnTimeH` ("CƠ KHÍ"), a number typed as text with a decimal comma.
fn students() -> Vec<Vec<V>> {
    vec![
        vec![
            N(1.0),
            T("HS01"),
            T("Nguyễn Văn An"),
            T("05/09/2003"),
            T("CK20A"),
            T("Cơ khí chế tạo"),
            T("CƠ KHÍ"),
            T("2020 - 2023"),
            T("Đang học"),
            T("8,5"),
            T("Giỏi"),
            T("Tốt"),
            T("Có"),
            T("Không"),
        ],
        vec![
            N(2.0),
            T("HS02"),
            T("Trần Thị Bình"),
            T("12/01/2003"),
            T("CK20A"),
            T("Công nghệ ô tô"),
            T("Cơ khí"),
            T("2020 - 2023"),
            T("Đang học"),
            N(7.2),
            T("Khá"),
            T("Khá"),
            T("Có"),
            T(""),
        ],
        vec![
            N(3.0),
            T("HS03"),
            T("Đặng Văn Ơn"),
            T("30/04/2002"),
            T("CK19B"),
            T("Hàn"),
            T("Cơ khí"),
            T("2019 - 2022"),
            T("Thôi học"),
            N(4.5),
            T("Yếu"),
            T("Trung bình"),
            T("Không"),
            T("Không"),
        ],
        vec![
            N(4.0),
            T("HS04"),
            T("Lê Thị Hồng Nhung"),
            T("21/11/2002"),
            T("CK19B"),
            T("Công nghệ kỹ thuật điện, điện tử"),
            T("Cơ khí"),
            T("2019 - 2022"),
            T("Tốt nghiệp"),
            N(9.1),
            T("Xuất sắc"),
            T("Xuất sắc"),
            T("x"),
            T("Có"),
        ],
        vec![
            N(5.0),
            T("HS05"),
            T("Phạm Ưng Hoàng Yến"),
            T("02/02/2002"),
            T("CK19B"),
            T("Hàn"),
            T("CƠ KHÍ"),
            T("2019 - 2022"),
            T("Tốt nghiệp"),
            T("6,0"),
            T("Trung bình"),
            T("Khá"),
            T("Đạt"),
            T("Đạt"),
        ],
        vec![
            N(6.0),
            T("HS06"),
            T("Vũ Thị Ngọc Tuyết"),
            T("17/07/2003"),
            T("CK20A"),
            T("Cơ khí chế tạo"),
            T("Cơ khí"),
            T("2020 - 2023"),
            T("Bảo lưu"),
            N(7.0),
            T("Khá"),
            T("Tốt"),
            T("Không đạt"),
            T(""),
        ],
    ]
}

/// The sheet `DSHS` as the faculty keeps it: title rows (capitals), the header, the
/// students, a totals row ("Cộng") and the signature block, every text typed in `enc`.
fn faculty_book(enc: Enc, header_enc: Enc) -> Workbook {
    let (body_font, caps_font) = enc.fonts();
    let body = Format::new().set_font_name(body_font);
    let caps = Format::new().set_font_name(caps_font).set_bold();
    let head = Format::new().set_font_name(header_enc.fonts().0).set_bold();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DSHS").unwrap();
    for (r, t) in TITLE.iter().enumerate() {
        ws.write_with_format(r as u32, 0, enc.text(t), &caps)
            .unwrap();
    }
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_with_format(3, c as u16, header_enc.text(h), &head)
            .unwrap();
    }
    let rows = students();
    for (i, row) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match *v {
                T("") => {}
                // Capitals with accents ("CƠ KHÍ") are typed in the capitals font.
                T(s) if !s.is_ascii()
                    && s.chars().all(|ch| ch.is_uppercase() || !ch.is_alphabetic()) =>
                {
                    ws.write_with_format(r, c, enc.text(s), &caps).unwrap();
                }
                T(s) => {
                    ws.write_with_format(r, c, enc.text(s), &body).unwrap();
                }
                N(x) => {
                    ws.write_with_format(r, c, x, &body).unwrap();
                }
            }
        }
    }
    let end = 4 + rows.len() as u32;
    ws.write_with_format(end, 0, enc.text("Cộng"), &body)
        .unwrap();
    ws.write_with_format(end, 2, rows.len() as f64, &body)
        .unwrap();
    ws.write_with_format(end + 2, 9, enc.text("Người lập biểu"), &body)
        .unwrap();
    ws.write_with_format(end + 3, 9, enc.text("Nguyễn Thị Thu Hà"), &body)
        .unwrap();
    wb
}

fn read_book(wb: Workbook) -> Read {
    let ws = Ws::new(true);
    ws.save("khoa-co-khi/ds.xlsx", wb);
    ws.read()
}

fn unicode_twin() -> Read {
    read_book(faculty_book(Enc::Unicode, Enc::Unicode))
}

#[test]
fn the_unicode_twin_reads_cleanly() {
    let u = unicode_twin();
    assert_eq!(u.issues(), vec![]);
    assert_eq!(u.records("hoc_sinh").len(), 6);
    assert_eq!(
        u.rows("hoc_sinh", FIELDS)[0],
        [
            "HS01",
            "Nguyễn Văn An",
            "05/09/2003",
            "CK20A",
            "Cơ khí chế tạo",
            "CƠ KHÍ",
            "2020 - 2023",
            "Đang học",
            "8.5",
            "Giỏi",
            "Tốt",
            "Có",
            "Không"
        ]
    );
    assert_eq!(u.data.files[0].sheets[0].encoding, None);
}

#[test]
fn a_tcvn3_sheet_reads_as_its_unicode_twin() {
    let u = unicode_twin();
    let t = read_book(faculty_book(Enc::Tcvn3, Enc::Tcvn3));
    assert_eq!(t.issues(), vec![]);
    assert_eq!(t.rows("hoc_sinh", FIELDS), u.rows("hoc_sinh", FIELDS));
    let sheet = &t.data.files[0].sheets[0];
    assert_eq!(sheet.encoding, Some(Encoding::Tcvn3));
    assert_eq!(sheet.header_row, Some(4));
    assert!(t
        .records("hoc_sinh")
        .iter()
        .all(|r| r.unit == Some(0) && !r.excluded));
}

#[test]
fn a_vni_sheet_reads_as_its_unicode_twin() {
    let u = unicode_twin();
    let v = read_book(faculty_book(Enc::Vni, Enc::Vni));
    assert_eq!(v.issues(), vec![]);
    assert_eq!(v.rows("hoc_sinh", FIELDS), u.rows("hoc_sinh", FIELDS));
    assert_eq!(v.data.files[0].sheets[0].encoding, Some(Encoding::Vni));
}

#[test]
fn a_unicode_header_over_a_legacy_body_is_decided_per_part() {
    let u = unicode_twin();
    for enc in [Enc::Tcvn3, Enc::Vni] {
        let m = read_book(faculty_book(enc, Enc::Unicode));
        assert_eq!(m.issues(), vec![]);
        assert_eq!(m.rows("hoc_sinh", FIELDS), u.rows("hoc_sinh", FIELDS));
        let want = if enc == Enc::Tcvn3 {
            Encoding::Tcvn3
        } else {
            Encoding::Vni
        };
        assert_eq!(m.data.files[0].sheets[0].encoding, Some(want));
    }
}

#[test]
fn a_column_retyped_in_unicode_in_a_tcvn3_sheet_stays_as_typed() {
    // The faculty retyped the names in Unicode; the rest is TCVN3 (short values included).
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    let header = ["Mã HS", "Họ và tên", "Lớp", "Lên lớp", "Học lực"];
    for (c, h) in header.iter().enumerate() {
        ws.write(0, c as u16, tcvn3(h)).unwrap();
    }
    let rows = [
        ["HS1", "Nguyễn Văn Có", "Lớp A", "Có", "Giỏi"],
        ["HS2", "Hà Thị Mỹ", "Lớp A", "Không", "Khá"],
        ["HS3", "Lò Văn Hà", "Lớp B", "Có", "Giỏi"],
    ];
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            let typed = if c == 1 { v.to_string() } else { tcvn3(v) };
            ws.write(1 + i as u32, c as u16, typed).unwrap();
        }
    }
    let r = read_book(wb);
    assert_eq!(r.issues(), vec![]);
    assert_eq!(
        r.rows("hoc_sinh", &["ho_ten", "lop", "len_lop", "hoc_luc"]),
        strs(&[
            &["Nguyễn Văn Có", "Lớp A", "Có", "Giỏi"],
            &["Hà Thị Mỹ", "Lớp A", "Không", "Khá"],
            &["Lò Văn Hà", "Lớp B", "Có", "Giỏi"],
        ])
    );
}

#[test]
fn english_words_and_x_marks_in_a_unicode_sheet_are_unchanged() {
    // Even with a `.VnTime` font left over in the styles: the text says Unicode.
    let old = Format::new().set_font_name(".VnTime");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    let rows = [
        [
            "Mã HS",
            "Họ và tên",
            "Lớp",
            "Ngành",
            "Khóa",
            "Lên lớp",
            "Tốt nghiệp",
        ],
        [
            "HS1",
            "Nguyễn Văn An",
            "IT-K21 Café",
            "Information Technology",
            "2021 - 2024",
            "x",
            "Yes",
        ],
        ["HS2", "Trần Thị Bình", "Hà", "English", "Có", "X", "No"],
        ["HS3", "Lê Văn Cường", "Khá", "Tiếng Anh", "Hồ", "", "yes"],
    ];
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            if !v.is_empty() {
                ws.write_with_format(i as u32, c as u16, *v, &old).unwrap();
            }
        }
    }
    let r = read_book(wb);
    assert_eq!(r.issues(), vec![]);
    assert_eq!(
        r.rows(
            "hoc_sinh",
            &[
                "ho_ten",
                "lop",
                "nganh",
                "khoa_hoc",
                "len_lop",
                "tot_nghiep"
            ]
        ),
        strs(&[
            &[
                "Nguyễn Văn An",
                "IT-K21 Café",
                "Information Technology",
                "2021 - 2024",
                "Có",
                "Có"
            ],
            &["Trần Thị Bình", "Hà", "English", "Có", "Có", "Không"],
            &["Lê Văn Cường", "Khá", "Tiếng Anh", "Hồ", "Không", "Có"],
        ])
    );
    assert_eq!(r.data.files[0].sheets[0].encoding, None);
}

/// A sheet whose text gives no evidence — headers typed without accents, values that are
/// Latin-1 letters Vietnamese also uses — with every cell in `font`.
fn no_evidence_book(font: &str, values: [&str; 3]) -> Workbook {
    let f = Format::new().set_font_name(font);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("DS").unwrap();
    let rows = [
        ["MSHS", "Ho ten", "Lop", "Len lop", "Hoc luc"],
        ["HS1", "Tran Van An", values[0], values[1], values[2]],
        ["HS2", "Le Van Binh", values[0], values[1], values[2]],
    ];
    for (i, r) in rows.iter().enumerate() {
        for (c, v) in r.iter().enumerate() {
            ws.write_with_format(i as u32, c as u16, *v, &f).unwrap();
        }
    }
    wb
}

#[test]
fn fonts_decide_a_sheet_whose_text_gives_no_evidence() {
    // "Lớp A", "Có", "Giỏi" typed in .VnTime: "Líp A", "Cã", "Giái".
    let typed = [tcvn3("Lớp A"), tcvn3("Có"), tcvn3("Giỏi")];
    assert_eq!(typed, ["Líp A", "Cã", "Giái"]);
    let typed = typed.each_ref().map(String::as_str);
    let t = read_book(no_evidence_book(".VnTime", typed));
    assert_eq!(t.issues(), vec![]);
    assert_eq!(
        t.rows("hoc_sinh", &["lop", "len_lop", "hoc_luc"])[0],
        ["Lớp A", "Có", "Giỏi"]
    );
    assert_eq!(t.data.files[0].sheets[0].encoding, Some(Encoding::Tcvn3));

    // The same in VNI-Times: "Lôùp A", "Coù", "Gioûi".
    let typed = [vni("Lớp A"), vni("Có"), vni("Giỏi")];
    let typed = typed.each_ref().map(String::as_str);
    let v = read_book(no_evidence_book("VNI-Times", typed));
    assert_eq!(v.issues(), vec![]);
    assert_eq!(
        v.rows("hoc_sinh", &["lop", "len_lop", "hoc_luc"])[0],
        ["Lớp A", "Có", "Giỏi"]
    );
    assert_eq!(v.data.files[0].sheets[0].encoding, Some(Encoding::Vni));

    // Without the font nothing tells: the text stays as typed, and "Cã" is no yes/no.
    let typed = [tcvn3("Lớp A"), tcvn3("Có"), tcvn3("Giỏi")];
    let typed = typed.each_ref().map(String::as_str);
    let n = read_book(no_evidence_book("Calibri", typed));
    assert_eq!(
        n.issues(),
        vec![("type-error", "DS", "D2"), ("type-error", "DS", "D3")]
    );
    assert_eq!(n.rows("hoc_sinh", &["lop"])[0], ["Líp A"]);
    assert_eq!(n.data.files[0].sheets[0].encoding, None);
}

#[test]
fn a_long_tcvn3_sheet_is_decided_from_the_look_ahead_and_read_to_the_end() {
    // 450 students: the names (TCVN3 evidence) decide the "Lên lớp" column, whose "Cã" and
    // "Kh«ng" alone would not, before and after the look-ahead is full.
    let mut rows = vec![row!["Mã HS", "Họ và tên", "Lên lớp"]];
    for i in 0..450 {
        let yes = i % 3 != 0;
        rows.push(vec![
            X::S(format!("HS{i:03}")),
            X::S(tcvn3("Nguyễn Thị Hương")),
            X::S(tcvn3(if yes { "Có" } else { "Không" })),
        ]);
    }
    let r = read_book(book("DS", &rows));
    assert_eq!(r.issues(), vec![]);
    let got = r.rows("hoc_sinh", &["ho_ten", "len_lop"]);
    assert_eq!(got.len(), 450);
    for (i, g) in got.iter().enumerate() {
        let want = if i % 3 != 0 { "Có" } else { "Không" };
        assert_eq!(g, &["Nguyễn Thị Hương", want], "row {i}");
    }
}
