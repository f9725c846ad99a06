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

// ---------------------------------------------------------------------------------------
// Through the binary: `check` shows the decision, `run` gives the twins' figures.

/// The VNI teacher sheet of a faculty (every boolean "Coù"/"Khoâng"), in `enc`.
fn teacher_sheet(wb: &mut Workbook, enc: Enc) {
    let f = Format::new().set_font_name(enc.fonts().0);
    let ws = wb.add_worksheet();
    ws.set_name("DSGV").unwrap();
    let rows: &[&[&str]] = &[
        &["DANH SÁCH GIÁO VIÊN KHOA CƠ KHÍ"],
        &[],
        &[
            "STT",
            "Mã GV",
            "Họ và tên",
            "Khoa",
            "Ngành",
            "Loại hình",
            "Đạt chuẩn",
            "Chứng chỉ kỹ năng nghề",
            "GV nghề",
            "Tiếng Anh",
            "Điểm TOEIC",
            "Tin học",
            "Ngành trọng điểm",
        ],
        &[
            "1",
            "GV01",
            "Trương Văn Lực",
            "Cơ khí",
            "Hàn",
            "Cơ hữu",
            "Có",
            "Có",
            "Có",
            "B1",
            "550",
            "Ứng dụng CNTT cơ bản",
            "Có",
        ],
        &[
            "2",
            "GV02",
            "Nguyễn Thị Lụa",
            "Cơ khí",
            "Cơ khí chế tạo",
            "Cơ hữu",
            "Có",
            "Không",
            "Có",
            "Bậc 3",
            "",
            "Ứng dụng CNTT nâng cao",
            "Không",
        ],
        &[
            "3",
            "GV03",
            "Đỗ Đức Ưng",
            "Cơ khí",
            "Công nghệ ô tô",
            "Thỉnh giảng",
            "Không",
            "",
            "Không",
            "",
            "",
            "",
            "Có",
        ],
        &[
            "4",
            "GV04",
            "Hồ Sỹ Đạt",
            "Cơ khí",
            "Hàn",
            "Cơ hữu",
            "Đạt",
            "x",
            "x",
            "A2",
            "405",
            "",
            "x",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let (r, c) = (r as u32, c as u16);
            match v.parse::<f64>() {
                Ok(x) if c == 0 => ws.write_with_format(r, c, x, &f).unwrap(),
                _ => ws.write_with_format(r, c, enc.text(v), &f).unwrap(),
            };
        }
    }
}

const DEFINITIONS: &str = r#"
[document]
school      = "Trường T"
unit        = "Khoa Cơ khí"
unit_aliases = ["CK"]
scope       = "unit"
school_year = "2021 - 2022"

[[objective]]
id       = "1"
text     = "Hiệu suất đào tạo và kết quả học tập."
measures = ["Theo dõi học sinh."]
lead     = "Trưởng khoa"
partners = ["GVCN"]
deadline = "Trong năm học"
evidence = ["Danh sách học sinh."]

  [[objective.indicator]]
  id     = "1a"
  label  = "Hiệu suất đào tạo"
  source = "hoc_sinh"
  count  = "trang_thai != 'Thôi học'"
  target = "từ 85% trở lên"

  [[objective.indicator]]
  id     = "1b"
  label  = "Học sinh khá, giỏi"
  source = "hoc_sinh"
  count  = "hoc_luc in ['Xuất sắc', 'Giỏi', 'Khá']"
  of     = "trang_thai != 'Thôi học'"
  target = "từ 30% trở lên"

  [[objective.indicator]]
  id     = "1c"
  label  = "Lên lớp"
  source = "hoc_sinh"
  count  = "len_lop"
  of     = "khoa_hoc != '2019 - 2022' and trang_thai != 'Thôi học'"
  target = "từ 90% trở lên"

  [[objective.indicator]]
  id     = "1d"
  label  = "Tốt nghiệp"
  source = "hoc_sinh"
  count  = "tot_nghiep"
  of     = "khoa_hoc == '2019 - 2022' and trang_thai != 'Thôi học'"
  target = "từ 90% trở lên"

[[objective]]
id       = "2"
text     = "Giáo viên đạt chuẩn."
measures = ["Bồi dưỡng giáo viên."]
lead     = "Trưởng khoa"
partners = ["Phòng Đào tạo"]
deadline = "Trong năm học"
evidence = ["Danh sách giáo viên."]

  [[objective.indicator]]
  id     = "2a"
  label  = "Giáo viên đạt chuẩn"
  source = "giao_vien"
  count  = "dat_chuan"
  target = "100%"

  [[objective.indicator]]
  id     = "2b"
  label  = "Giáo viên nghề có chứng chỉ kỹ năng nghề"
  source = "giao_vien"
  count  = "chung_chi_nghe"
  of     = "gv_nghe and loai_hinh == 'Cơ hữu'"
  target = "từ 50% trở lên"
"#;

/// A workspace whose faculty keeps its students in `students` and its teachers in
/// `teachers` (one workbook each, as two offices do).
fn faculty_workspace(students: Enc, teachers: Enc) -> tempfile::TempDir {
    let dir = common::workspace_with("khoa-co-khi.toml", DEFINITIONS);
    let data = dir.path().join("du-lieu/khoa-co-khi");
    std::fs::create_dir_all(&data).unwrap();
    faculty_book(students, students)
        .save(data.join("danh-sach-hoc-sinh.xlsx"))
        .unwrap();
    let mut wb = Workbook::new();
    teacher_sheet(&mut wb, teachers);
    wb.save(data.join("danh-sach-giao-vien.xlsx")).unwrap();
    dir
}

fn run_json(dir: &std::path::Path) -> serde_json::Value {
    let out = dir.join("bao-cao");
    let r = common::mtcl(&[
        "run",
        "-q",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", common::stderr(&r));
    serde_json::from_slice(&std::fs::read(out.join("ket-qua.json")).unwrap()).unwrap()
}

/// (indicator, numerator, denominator) of every indicator of the report.
fn figures(json: &serde_json::Value) -> Vec<(String, f64, Option<f64>)> {
    let mut out = Vec::new();
    for d in json["documents"].as_array().unwrap() {
        for o in d["objectives"].as_array().unwrap() {
            for i in o["indicators"].as_array().unwrap() {
                out.push((
                    i["id"].as_str().unwrap().to_string(),
                    i["numerator"].as_f64().unwrap(),
                    i["denominator"].as_f64(),
                ));
            }
        }
    }
    out
}

fn sheet_encodings(json: &serde_json::Value) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for f in json["files"].as_array().unwrap() {
        for s in f["sheets"].as_array().unwrap() {
            out.push((
                s["name"].as_str().unwrap().to_string(),
                s.get("encoding").map(|e| e.as_str().unwrap().to_string()),
            ));
        }
    }
    out
}

#[test]
fn legacy_workbooks_give_the_figures_of_their_unicode_twins() {
    let unicode = faculty_workspace(Enc::Unicode, Enc::Unicode);
    let legacy = faculty_workspace(Enc::Tcvn3, Enc::Vni);
    let u = run_json(unicode.path());
    let l = run_json(legacy.path());
    // The figures, counted by hand from the rows above.
    let want = vec![
        ("1a".to_string(), 5.0, Some(6.0)),
        ("1b".to_string(), 4.0, Some(5.0)),
        ("1c".to_string(), 2.0, Some(3.0)),
        ("1d".to_string(), 2.0, Some(2.0)),
        ("2a".to_string(), 3.0, Some(4.0)),
        ("2b".to_string(), 2.0, Some(3.0)),
    ];
    assert_eq!(figures(&u), want);
    assert_eq!(figures(&l), want);
    assert_eq!(u["documents"], l["documents"]);
    assert_eq!(u["issues"], serde_json::json!([]));
    assert_eq!(l["issues"], serde_json::json!([]));
    assert_eq!(
        sheet_encodings(&l),
        [
            ("DSGV".to_string(), Some("vni".to_string())),
            ("DSHS".to_string(), Some("tcvn3".to_string()))
        ]
    );
    assert_eq!(
        sheet_encodings(&u),
        [("DSGV".to_string(), None), ("DSHS".to_string(), None)]
    );
}

#[test]
fn check_shows_which_sheets_were_converted() {
    let ws = faculty_workspace(Enc::Tcvn3, Enc::Vni);
    let r = common::mtcl(&["check", ws.path().to_str().unwrap()]);
    let out = common::stdout(&r);
    assert_eq!(r.status.code(), Some(0), "{out}");
    assert!(
        out.contains("  • 'DSHS' → hoc_sinh, đơn vị: Khoa Cơ khí, tiêu đề ở dòng 4, 6 dòng dữ liệu (mã TCVN3, đã chuyển sang Unicode)\n"),
        "{out}"
    );
    assert!(
        out.contains("  • 'DSGV' → giao_vien, đơn vị: Khoa Cơ khí, tiêu đề ở dòng 3, 4 dòng dữ liệu (mã VNI, đã chuyển sang Unicode)\n"),
        "{out}"
    );
    let unicode = faculty_workspace(Enc::Unicode, Enc::Unicode);
    let out = common::stdout(&common::mtcl(&["check", unicode.path().to_str().unwrap()]));
    assert!(out.contains("6 dòng dữ liệu\n"), "{out}");
    assert!(!out.contains("TCVN3") && !out.contains("VNI"), "{out}");
}

// ---------------------------------------------------------------------------------------
// A panic inside calamine: the file's issue, nothing raw on stderr.

/// An xlsb whose shared-strings part is one empty BrtBeginSst record: calamine 0.38
/// indexes the record's missing count (`buf[4..8]`) and panics while opening it.
fn xlsb_that_panics_calamine() -> Vec<u8> {
    zip_bytes(&[
        ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types/>"),
        ("xl/workbook.bin", b""),
        ("xl/sharedStrings.bin", &[0x9F, 0x01, 0x00]),
    ])
}

#[test]
fn a_panic_inside_calamine_prints_only_the_issue() {
    let ws = Ws::new(true);
    ws.write("khoa-co-khi/hong.xlsb", &xlsb_that_panics_calamine());
    ws.save(
        "khoa-co-khi/ds.xlsx",
        book(
            "DS",
            &[
                row!["Mã HS", "Họ và tên", "Lớp"],
                row!["HS1", "An", "CK20A"],
            ],
        ),
    );
    let root = ws.root().to_str().unwrap();
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_mtcl"))
        .args(["check", root])
        .env("LANG", "vi_VN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("RUST_BACKTRACE")
        .env_remove("MTCL_DEBUG")
        .output()
        .unwrap();
    let (out, err) = (common::stdout(&r), common::stderr(&r));
    assert_eq!(r.status.code(), Some(1), "{out}{err}");
    assert_eq!(err, "");
    assert!(
        out.contains("du-lieu/khoa-co-khi/hong.xlsb — không đọc được\n  ✗ lỗi      Không đọc được tệp: lỗi bất thường khi đọc tệp ("),
        "{out}"
    );
    assert!(out.contains("[unreadable-file]"), "{out}");
    assert!(out.contains("'DS' → hoc_sinh"), "{out}");

    // Asked for, the raw panic is there for whoever debugs it.
    let debug = std::process::Command::new(env!("CARGO_BIN_EXE_mtcl"))
        .args(["check", root])
        .env("LANG", "vi_VN.UTF-8")
        .env_remove("RUST_BACKTRACE")
        .env("MTCL_DEBUG", "1")
        .output()
        .unwrap();
    let err = common::stderr(&debug);
    assert!(
        err.contains("panicked at") && err.contains("calamine"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------
// xls and ods: no fonts are read, the text decides.

/// The faculty's two sheets in one workbook: students in TCVN3, teachers in VNI.
fn legacy_book() -> Workbook {
    let mut wb = faculty_book(Enc::Tcvn3, Enc::Tcvn3);
    teacher_sheet(&mut wb, Enc::Vni);
    wb
}

/// Writes `tests/fixtures/legacy.xlsx`, from which the committed `legacy.xls` and
/// `legacy.ods` were made once with LibreOffice:
///
/// ```text
/// cargo test --test legacy write_legacy_fixture -- --ignored
/// cd tests/fixtures && soffice --headless --convert-to xls legacy.xlsx \
///                   && soffice --headless --convert-to ods legacy.xlsx && rm legacy.xlsx
/// ```
#[test]
#[ignore]
fn write_legacy_fixture() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    legacy_book().save(dir.join("legacy.xlsx")).unwrap();
}

#[test]
fn legacy_xls_and_ods_read_as_their_unicode_twins() {
    let mut wb = faculty_book(Enc::Unicode, Enc::Unicode);
    teacher_sheet(&mut wb, Enc::Unicode);
    let u = read_book(wb);
    let gv = [
        "ma_gv",
        "ho_ten",
        "khoa",
        "nganh",
        "loai_hinh",
        "dat_chuan",
        "chung_chi_nghe",
        "gv_nghe",
        "tieng_anh",
        "diem_toeic",
        "tin_hoc",
        "nganh_trong_diem",
    ];
    assert_eq!(u.issues(), vec![]);
    assert_eq!(
        u.rows("giao_vien", &gv)[3],
        [
            "GV04",
            "Hồ Sỹ Đạt",
            "Cơ khí",
            "Hàn",
            "Cơ hữu",
            "Có",
            "Có",
            "Có",
            "A2",
            "405",
            "",
            "Có"
        ]
    );
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for ext in ["xls", "ods"] {
        let ws = Ws::new(true);
        ws.write(
            &format!("khoa-co-khi/legacy.{ext}"),
            &std::fs::read(fixtures.join(format!("legacy.{ext}"))).unwrap(),
        );
        let l = ws.read();
        assert_eq!(l.issues(), vec![], "{ext}");
        assert_eq!(
            l.rows("hoc_sinh", FIELDS),
            u.rows("hoc_sinh", FIELDS),
            "{ext}"
        );
        assert_eq!(l.rows("giao_vien", &gv), u.rows("giao_vien", &gv), "{ext}");
        let enc: Vec<_> = l.data.files[0].sheets.iter().map(|s| s.encoding).collect();
        assert_eq!(enc, [Some(Encoding::Tcvn3), Some(Encoding::Vni)], "{ext}");
    }
}
