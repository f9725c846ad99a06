//! Values and headers typed the way school offices type them (issue 12): each workbook is
//! built as an office keeps it, and the test asserts the exact records, figures and issues.

mod common;
use common::*;

#[path = "common/books.rs"]
mod books;
use books::*;

use serde_json::Value as Json;

/// A school document with one objective holding `indicator` (TOML lines).
fn school_ws(indicator: &str) -> Ws {
    let ws = Ws::new(false);
    let text = format!(
        "[document]\nschool = \"Trường T\"\nunit = \"Trường T\"\nscope = \"school\"\nschool_year = \"2021 - 2022\"\n\n[[objective]]\nid = \"1\"\ntext = \"Mục tiêu\"\n\n  [[objective.indicator]]\n  id = \"1a\"\n{indicator}\n"
    );
    std::fs::write(ws.root().join("muc-tieu/doc.toml"), text).unwrap();
    ws
}

/// `mtcl run` on the workspace: exit code, ket-qua.json, stdout.
fn run(ws: &Ws) -> (Option<i32>, Json, String) {
    let o = mtcl(&["run", ws.root().to_str().unwrap()]);
    let json: Json = serde_json::from_slice(
        &std::fs::read(ws.root().join("bao-cao/ket-qua.json")).expect("ket-qua.json written"),
    )
    .unwrap();
    (o.status.code(), json, stdout(&o))
}

fn indicator(json: &Json) -> &Json {
    &json["documents"][0]["objectives"][0]["indicators"][0]
}

#[test]
fn enrolment_target_typed_1_000_is_a_thousand_and_850_of_it_is_85_percent_not_achieved() {
    let ws = school_ws(
        "  source = \"tuyen_sinh\"\n  sum = \"thuc_tuyen\"\n  of_sum = \"chi_tieu\"\n  target = \">= 90%\"",
    );
    ws.save(
        "tuyen-sinh.xlsx",
        book(
            "Tuyển sinh",
            &[
                row!["BÁO CÁO KẾT QUẢ TUYỂN SINH NĂM 2021"],
                row![],
                row!["STT", "Ngành", "Trình độ", "Khoa", "Chỉ tiêu", "Thực tuyển"],
                row![1, "Hàn", "Trung cấp", "Cơ khí", "1.000", "850"],
            ],
        ),
    );
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(i["numerator"], serde_json::json!(850));
    assert_eq!(i["denominator"], serde_json::json!(1000));
    assert_eq!(i["value"], serde_json::json!(85.0));
    assert_eq!(i["achieved"], serde_json::json!(false));
    assert!(out.contains("85%"), "{out}");
    assert!(out.contains("Không đạt"), "{out}");
    assert_eq!(json["issues"], serde_json::json!([]));
}

/// A workspace whose check prints a few hundred lines (one type-error per row).
fn chatty_ws() -> Ws {
    let ws = Ws::new(false);
    let mut rows = vec![hs_header()];
    for k in 0..400 {
        let ma = format!("HS{k:04}");
        rows.push(row![k + 1, ma.as_str(), "An", "", "K1", "abc", "Khá"]);
    }
    ws.save("ds.xlsx", book("DS", &rows));
    ws
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_after_the_issue_workbook_is_written() {
    let ws = chatty_ws();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // the reader is gone before mtcl prints its first line
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_mtcl"))
        .args(["check", ws.root().to_str().unwrap()])
        .env("LANG", "vi_VN.UTF-8")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(stderr(&o), "");
    assert_eq!(o.status.code(), Some(0));
    assert!(ws.root().join("bao-cao/loi-du-lieu.xlsx").is_file());
}

#[test]
fn check_piped_into_head_prints_one_line_and_no_panic() {
    let ws = chatty_ws();
    let bin = env!("CARGO_BIN_EXE_mtcl");
    let dir = ws.root().to_str().unwrap();
    let o = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{bin}' check '{dir}' | head -n1"))
        .env("LANG", "vi_VN.UTF-8")
        .output()
        .unwrap();
    assert_eq!(stderr(&o), "");
    assert_eq!(stdout(&o), "Định nghĩa mục tiêu: 1 văn bản\n");
}

const SHARE_GOOD: &str = "  source = \"hoc_sinh\"\n  count = \"hoc_luc in ['Xuất sắc', 'Giỏi', 'Khá']\"\n  of = \"true\"\n  target = \">= 50%\"";

/// Five students with a class column headed `header` (Giỏi, Khá, Khá, Trung bình, Yếu).
fn class_sheet(header: &str) -> rust_xlsxwriter::Workbook {
    book(
        "DS",
        &[
            row!["DANH SÁCH HỌC SINH LỚP CK21"],
            row!["STT", "Mã HS", "Họ và tên", "Lớp", header, "Ghi chú"],
            row![1, "HS001", "Nguyễn Văn An", "CK21", "Giỏi"],
            row![2, "HS002", "Trần Thị Bình", "CK21", "Khá"],
            row![3, "HS003", "Lê Văn Cường", "CK21", "Khá", "chuyển lớp"],
            row![4, "HS004", "Phạm Thị Dung", "CK21", "Trung bình"],
            row![5, "HS005", "Hoàng Văn Em", "CK21", "Yếu"],
        ],
    )
}

#[test]
fn class_headers_offices_write_are_read_as_hoc_luc() {
    for header in [
        "Học lực",
        "XLHL",
        "XL học lực",
        "Xếp loại HL",
        "xếp loại hl",
        "Xếp loại học lực",
    ] {
        let ws = school_ws(SHARE_GOOD);
        ws.save("ds.xlsx", class_sheet(header));
        let (code, json, out) = run(&ws);
        assert_eq!(code, Some(0), "{header}: {out}");
        let i = indicator(&json);
        assert_eq!(
            (&i["numerator"], &i["denominator"], &i["achieved"]),
            (
                &serde_json::json!(3),
                &serde_json::json!(5),
                &serde_json::json!(true)
            ),
            "{header}"
        );
        assert_eq!(json["issues"], serde_json::json!([]), "{header}");
    }
}

#[test]
fn conduct_and_birth_date_headers_offices_write() {
    for (rl, ns) in [
        ("XLRL", "Ngày, tháng, năm sinh"),
        ("XL rèn luyện", "Ngày tháng năm sinh"),
        ("Xếp loại RL", "Sinh ngày"),
        ("Hạnh kiểm", "Năm sinh"),
        ("Rèn luyện", "Ngày sinh (dd/mm/yyyy)"),
    ] {
        let ws = Ws::new(false);
        ws.save(
            "ds.xlsx",
            book(
                "DS",
                &[
                    row!["STT", "Mã HS", "Họ và tên", ns, rl],
                    row![1, "HS001", "An", "05/09/2003", "Tốt"],
                    row![2, "HS002", "Bình", 2004, "Khá"],
                ],
            ),
        );
        let r = ws.read();
        assert_eq!(
            r.rows("hoc_sinh", &["ma_hs", "ngay_sinh", "ren_luyen"]),
            strs(&[
                &["HS001", "05/09/2003", "Tốt"],
                &["HS002", "01/01/2004", "Khá"]
            ]),
            "{rl} / {ns}"
        );
        assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
    }
}

#[test]
fn an_unrecognised_class_column_is_field_not_found_not_a_quiet_zero() {
    // "Xếp loại" alone is not a header of hoc_luc (it heads Học lực and Rèn luyện alike).
    let ws = school_ws(SHARE_GOOD);
    ws.save("ds.xlsx", class_sheet("Xếp loại"));
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(i["numerator"], serde_json::json!(0));
    let issues = json["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:#?}");
    let w = &issues[0];
    assert_eq!(w["code"], "field-not-found");
    assert_eq!(w["severity"], "warning");
    assert_eq!(w["field"], "hoc_luc");
    assert_eq!(w["file"], "du-lieu/ds.xlsx");
    assert_eq!(w["sheet"], "DS");
    let m = w["message"].as_str().unwrap();
    assert!(
        m.contains("1a") && m.contains("'Học lực'") && m.contains("'DS'"),
        "{m}"
    );
    // The way out covers both cases: the column is there under another name, or is not.
    assert!(
        m.ends_with(
            "— nếu sổ có cột này dưới tên khác, hãy sửa tiêu đề thành 'Học lực' (hoặc thêm tên đó vào trường hoc_luc trong nguon-du-lieu.toml); nếu không, hãy thêm cột 'Học lực'."
        ),
        "{m}"
    );

    // check says so too, and lists the columns it did not read.
    let o = mtcl(&["check", ws.root().to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("[field-not-found]"), "{out}");
    assert!(
        out.contains("cột không khớp trường nào (không đọc): Xếp loại · Ghi chú"),
        "{out}"
    );
}

#[test]
fn a_class_column_present_but_blank_is_not_field_not_found() {
    let ws = school_ws(SHARE_GOOD);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["STT", "Mã HS", "Họ và tên", "Học lực"],
                row![1, "HS001", "An"],
                row![2, "HS002", "Bình"],
            ],
        ),
    );
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(
        (&i["numerator"], &i["denominator"]),
        (&serde_json::json!(0), &serde_json::json!(2))
    );
    assert_eq!(json["issues"], serde_json::json!([]));
    let o = mtcl(&["check", ws.root().to_str().unwrap()]);
    assert!(!stdout(&o).contains("không khớp"), "{}", stdout(&o));
}

/// A short list: Mã HS, Họ và tên, Khoa and score columns no source knows — as good a
/// hoc_sinh as a viec_lam table.
fn short_list(sheet: &str) -> rust_xlsxwriter::Workbook {
    book(
        sheet,
        &[
            row!["STT", "Mã HS", "Họ và tên", "Khoa", "Điểm HK1", "Điểm HK2"],
            row![1, "HS001", "Nguyễn Văn An", "Cơ khí", 7.5, 8],
            row![2, "HS002", "Trần Thị Bình", "Cơ khí", 6, 6.5],
        ],
    )
}

#[test]
fn a_sheet_matching_two_sources_is_decided_by_its_file_or_sheet_name() {
    for (file, sheet, source) in [
        ("danh-sach-hoc-sinh.xlsx", "Sheet1", "hoc_sinh"),
        ("2021/DS_hoc_sinh_K21.xlsx", "Sheet1", "hoc_sinh"),
        ("bao-cao.xlsx", "Khảo sát việc làm", "viec_lam"),
        ("viec-lam.xlsx", "Sheet1", "viec_lam"),
        ("viec-lam.xlsx", "Kết quả học tập", "hoc_sinh"),
    ] {
        let ws = Ws::new(false);
        ws.save(file, short_list(sheet));
        let r = ws.read();
        assert_eq!(
            r.data.files[0].sheets[0].source.as_deref(),
            Some(source),
            "{file} / {sheet}: {:#?}",
            r.data.issues
        );
        assert_eq!(
            r.rows(source, &["ma_hs", "ho_ten"]),
            strs(&[&["HS001", "Nguyễn Văn An"], &["HS002", "Trần Thị Bình"]]),
        );
        assert!(
            r.data.issues.iter().all(|i| i.code != "ambiguous-sheet"),
            "{file}"
        );
    }
}

#[test]
fn an_undecided_sheet_names_the_headers_that_would_decide() {
    let ws = Ws::new(false);
    ws.save("ds.xlsx", short_list("Sheet1"));
    let r = ws.read();
    assert_eq!(r.issues(), vec![("ambiguous-sheet", "Sheet1", "")]);
    let m = &r.issue("ambiguous-sheet").message;
    assert!(
        m.contains("'hoc_sinh' và 'viec_lam'")
            && m.contains("'Ngày sinh', 'Lớp', 'Khóa', 'Trạng thái' (bảng hoc_sinh)")
            && m.contains("'Năm tốt nghiệp', 'Giới thiệu việc làm', 'Có việc làm', 'Đúng ngành' (bảng viec_lam)")
            && m.contains("'hoc-sinh', 'viec-lam'"),
        "{m}"
    );
}

#[test]
fn keys_differing_only_in_case_are_duplicates() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["STT", "Mã HS", "Họ và tên", "Lớp"],
                row![1, "HS001", "An", "CK21"],
                row![2, "HS002", "Bình", "CK21"],
                row![3, " hs002 ", "Bình (nhập lại)", "CK21"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("duplicate-key", "DS", "B4")]);
    let i = r.issue("duplicate-key");
    assert_eq!(i.value, "hs002");
    assert!(i.message.contains("dòng 3"), "{}", i.message);
    let kept: Vec<_> = r.records("hoc_sinh").iter().map(|x| x.excluded).collect();
    assert_eq!(kept, vec![false, false, true]);
}

#[test]
fn an_unknown_reference_names_the_key_differing_in_leading_zeros() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["STT", "Mã HS", "Họ và tên", "Lớp"],
                row![1, "001234", "An", "CK21"],
                row![2, "HS0042", "Bình", "CK21"],
            ],
        ),
    );
    ws.save(
        "viec-lam.xlsx",
        book(
            "VL",
            &[
                row!["Mã HS", "Họ và tên", "Năm tốt nghiệp", "Có việc làm"],
                row!["1234", "An", 2021, "x"],
                row!["hs0042", "Bình", 2021, "x"],
                row!["HS9", "Cường", 2021, ""],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(
        r.issues(),
        vec![
            ("unknown-reference", "VL", "A2"),
            ("unknown-reference", "VL", "A4")
        ]
    );
    let near = &r.data.issues[0];
    assert_eq!(near.value, "1234");
    assert!(
        near.message.contains("có phải '001234'"),
        "{}",
        near.message
    );
    assert!(
        !r.data.issues[1].message.contains("có phải"),
        "{}",
        r.data.issues[1].message
    );
}

#[test]
fn enrolment_figures_typed_with_thousands_separators_are_whole_thousands() {
    let ws = Ws::new(false);
    ws.save(
        "tuyen-sinh.xlsx",
        book(
            "TS",
            &[
                row!["Ngành", "Trình độ", "Chỉ tiêu", "Thực tuyển"],
                row!["Hàn", "Sơ cấp", "2.000", "1.200"],
                row!["Điện", "Trung cấp", "12.000", "1,200"],
                row!["Ô tô", "Cao đẳng", "1,000", "1 150"],
                row!["May", "Sơ cấp", "1.635", "1,635"],
                row!["Tin học", "Trung cấp", 120, "98"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(
        r.rows("tuyen_sinh", &["nganh", "chi_tieu", "thuc_tuyen"]),
        strs(&[
            &["Hàn", "2000", "1200"],
            &["Điện", "12000", "1200"],
            &["Ô tô", "1000", "1150"],
            &["May", "1635", "1635"],
            &["Tin học", "120", "98"],
        ])
    );
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn a_score_typed_1_200_is_a_type_error_naming_both_readings() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["STT", "Mã HS", "Họ và tên", "Điểm TB", "Học lực"],
                row![1, "HS001", "An", "1.200", "Yếu"],
                row![2, "HS002", "Bình", "8,5", "Giỏi"],
                row![3, "HS003", "Cường", "7.25", "Khá"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(r.issues(), vec![("type-error", "DS", "D2")]);
    let i = r.issue("type-error");
    assert_eq!(i.value, "1.200");
    assert!(
        i.message.contains("1,2") && i.message.contains("1200"),
        "{}",
        i.message
    );
    assert_eq!(
        r.rows("hoc_sinh", &["ma_hs", "diem_tb"]),
        strs(&[&["HS001", ""], &["HS002", "8.5"], &["HS003", "7.25"]])
    );
    assert!(r.records("hoc_sinh")[0].excluded);
}

#[test]
fn a_year_alone_in_the_birth_date_column_is_the_first_of_january_never_a_serial() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["STT", "Mã HS", "Họ và tên", "Ngày sinh"],
                row![1, "HS001", "An", 2004],
                row![2, "HS002", "Bình", "2005"],
                row![3, "HS003", "Cường", "15/03/2004"],
            ],
        ),
    );
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["ma_hs", "ngay_sinh"]),
        strs(&[
            &["HS001", "01/01/2004"],
            &["HS002", "01/01/2005"],
            &["HS003", "15/03/2004"]
        ])
    );
    assert!(r.data.issues.is_empty(), "{:#?}", r.data.issues);
}

#[test]
fn the_insert_symbol_tick_counts_as_yes() {
    let ws = school_ws("  source = \"hoc_sinh\"\n  count = \"tot_nghiep\"\n  target = \">= 2\"");
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["STT", "Mã HS", "Họ và tên", "Tốt nghiệp"],
                row![1, "HS001", "An", "√"],
                row![2, "HS002", "Bình", ""],
                row![3, "HS003", "Cường", " √"],
            ],
        ),
    );
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(i["value"], serde_json::json!(2));
    assert_eq!(i["numerator"], serde_json::json!(2));
    assert_eq!(i["denominator"], serde_json::Value::Null);
    assert_eq!(i["achieved"], serde_json::json!(true));
    assert_eq!(json["issues"], serde_json::json!([]));
    assert_eq!(json["summary"]["records"], serde_json::json!(3));
}

/// A class list with last year's "Học lực" (all Giỏi) kept in a hidden column beside this
/// year's (Giỏi, Khá, Trung bình, Yếu, Yếu): `old_first` puts the hidden one first, and
/// `this_year` heads this year's column.
fn class_with_old_column(old_first: bool, this_year: &str) -> rust_xlsxwriter::Workbook {
    let now = ["Giỏi", "Khá", "Trung bình", "Yếu", "Yếu"];
    let (h, i) = if old_first {
        ("Học lực", this_year)
    } else {
        (this_year, "Học lực")
    };
    let mut rows = vec![
        row!["DANH SÁCH HỌC SINH LỚP CK21 NĂM HỌC 2021 - 2022"],
        row![],
        row![
            "STT",
            "Mã HS",
            "Họ và tên",
            "Lớp",
            "Khoa",
            "Điểm TB",
            "Rèn luyện",
            h,
            i
        ],
    ];
    for (k, hl) in now.iter().enumerate() {
        let ma = format!("HS{:03}", k + 1);
        let (a, b) = if old_first {
            ("Giỏi", *hl)
        } else {
            (*hl, "Giỏi")
        };
        rows.push(row![
            k as i32 + 1,
            ma.as_str(),
            "An",
            "CK21",
            "Cơ khí",
            "",
            "Tốt",
            a,
            b
        ]);
    }
    let mut wb = book("DS", &rows);
    let hidden = if old_first { 7 } else { 8 };
    wb.worksheet_from_index(0)
        .unwrap()
        .set_column_hidden(hidden)
        .unwrap();
    wb
}

#[test]
fn last_years_class_column_kept_hidden_beside_this_years_is_not_read() {
    for old_first in [true, false] {
        let ws = school_ws(SHARE_GOOD);
        ws.save("ds.xlsx", class_with_old_column(old_first, "Học lực"));
        let (code, json, out) = run(&ws);
        assert_eq!(code, Some(0), "{out}");
        // This year's Giỏi and Khá: 2 of 5 (last year's hidden column would say 5 of 5).
        let i = indicator(&json);
        assert_eq!(
            (&i["numerator"], &i["denominator"]),
            (&serde_json::json!(2), &serde_json::json!(5)),
            "old first: {old_first}"
        );
        assert_eq!(i["achieved"], serde_json::json!(false));
        let issues = json["issues"].as_array().unwrap();
        assert_eq!(issues.len(), 1, "{issues:#?}");
        let w = &issues[0];
        assert_eq!(w["code"], "hidden-column");
        assert_eq!(w["severity"], "warning");
        let (hidden, visible) = if old_first {
            ("H3", "I3")
        } else {
            ("I3", "H3")
        };
        assert_eq!(w["cell"], hidden);
        let m = w["message"].as_str().unwrap();
        assert!(
            m.contains("'Học lực' (hoc_luc) đang bị ẩn") && m.contains(visible),
            "{m}"
        );
    }
}

#[test]
fn the_only_class_column_hidden_is_read_and_said_to_be_hidden() {
    // This year's column is headed in a way no field knows: the hidden old one is the only
    // "Học lực", read (it may be the real one, hidden to print) but never quietly.
    // The code column hidden to print is no figure and says nothing.
    let ws = school_ws(SHARE_GOOD);
    let mut wb = class_with_old_column(true, "Xếp loại năm học 2021-2022");
    wb.worksheet_from_index(0)
        .unwrap()
        .set_column_hidden(1)
        .unwrap();
    ws.save("ds.xlsx", wb);
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(
        (&i["numerator"], &i["denominator"]),
        (&serde_json::json!(5), &serde_json::json!(5))
    );
    let issues = json["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(issues[0]["code"], "hidden-column");
    assert_eq!(issues[0]["cell"], "H3");
    let o = mtcl(&["check", ws.root().to_str().unwrap()]);
    let out = stdout(&o);
    assert!(
        out.contains("'DS'!H3 Cột 'Học lực' (hoc_luc) đang bị ẩn nhưng là cột duy nhất"),
        "{out}"
    );
    assert!(
        out.contains("cột không khớp trường nào (không đọc): Xếp loại năm học 2021-2022"),
        "{out}"
    );
}

/// Five students under a title; `hide` hides Excel rows by hand, `filter` sets an
/// AutoFilter on the class column keeping only "Khá" (hiding rows 3, 6 and 7).
fn class_with_hidden_rows(hide: &[u32], filter: bool) -> rust_xlsxwriter::Workbook {
    let mut wb = class_sheet("Học lực");
    let ws = wb.worksheet_from_index(0).unwrap();
    for &r in hide {
        ws.set_row_hidden(r - 1).unwrap();
    }
    if filter {
        ws.autofilter(1, 0, 6, 5).unwrap();
        let keep = rust_xlsxwriter::FilterCondition::new().add_list_filter("Khá");
        ws.filter_column(4, &keep).unwrap();
    }
    wb
}

#[test]
fn hidden_and_filtered_rows_are_counted_and_named() {
    // A student who left, hidden instead of deleted, still counts: the warning names the row
    // so that the office deletes it or marks the status.
    let ws = school_ws(SHARE_GOOD);
    ws.save("ds.xlsx", class_with_hidden_rows(&[6], false));
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(
        (&i["numerator"], &i["denominator"]),
        (&serde_json::json!(3), &serde_json::json!(5))
    );
    let issues = json["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:#?}");
    let w = &issues[0];
    assert_eq!(
        (&w["code"], &w["cell"]),
        (&"hidden-rows".into(), &"B6".into())
    );
    assert_eq!(w["value"], "6");
    let m = w["message"].as_str().unwrap();
    assert!(
        m.starts_with("1 dòng bị ẩn (6) vẫn được đọc và tính"),
        "{m}"
    );

    // Rows a filter hides are data all the same.
    let ws = school_ws(SHARE_GOOD);
    ws.save("ds.xlsx", class_with_hidden_rows(&[], true));
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(
        (&i["numerator"], &i["denominator"]),
        (&serde_json::json!(3), &serde_json::json!(5))
    );
    let w = &json["issues"][0];
    assert_eq!(
        (&w["code"], &w["cell"]),
        (&"hidden-rows".into(), &"B3".into())
    );
    let m = w["message"].as_str().unwrap();
    assert!(
        m.starts_with("Trang đang lọc (AutoFilter): 3 dòng bị lọc ẩn (3, 6:7)"),
        "{m}"
    );

    // Nothing hidden, nothing said.
    let ws = school_ws(SHARE_GOOD);
    ws.save("ds.xlsx", class_with_hidden_rows(&[], false));
    let (_, json, _) = run(&ws);
    assert_eq!(json["issues"], serde_json::json!([]));
}

#[test]
fn invisible_characters_pasted_from_the_web_are_not_part_of_a_value() {
    // A zero-width space (U+200B), a byte-order mark, joiners, a word joiner: pasted
    // from a web page or a chat, they look like nothing and must read like nothing.
    let ws = school_ws(SHARE_GOOD);
    ws.save(
        "ds.xlsx",
        book(
            "DS",
            &[
                row!["DANH SÁCH HỌC SINH LỚP CK21"],
                row!["STT", "Mã HS", "Họ và tên", "Điểm TB", "Học lực"],
                row![1, "HS001", "Nguyễn Văn An", "\u{200B}7,5", "Kh\u{200B}á"],
                row![2, "HS002", "Trần Thị Bình", "8", "\u{FEFF}Giỏi"],
                row![
                    3,
                    "HS0\u{200B}03",
                    "Lê Văn Cường",
                    "5,5",
                    "Trung\u{200C} bình"
                ],
                row![4, "HS004", "Phạm Thị Dung", "7\u{2060}", "Khá\u{200D}"],
                row![5, "\u{200B}", "", "", ""],
            ],
        ),
    );
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(
        (&i["numerator"], &i["denominator"]),
        (&serde_json::json!(3), &serde_json::json!(4))
    );
    assert_eq!(json["issues"], serde_json::json!([]));
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["ma_hs", "diem_tb", "hoc_luc"]),
        strs(&[
            &["HS001", "7.5", "Khá"],
            &["HS002", "8", "Giỏi"],
            &["HS003", "5.5", "Trung bình"],
            &["HS004", "7", "Khá"],
        ])
    );
}

#[test]
fn the_faculty_written_k_dot_or_khoa_colon_is_the_faculty_and_unknown_ones_each_get_a_line() {
    let ws = Ws::new(true);
    let doc = std::fs::read_to_string(ws.root().join("muc-tieu/doc.toml")).unwrap();
    std::fs::write(
        ws.root().join("muc-tieu/doc.toml"),
        format!("{doc}\n[[objective]]\nid = \"1\"\ntext = \"Sĩ số\"\n\n  [[objective.indicator]]\n  id = \"1a\"\n  source = \"hoc_sinh\"\n  count = \"true\"\n  target = \"tối thiểu 1\"\n"),
    )
    .unwrap();
    let mut rows = vec![
        row!["DANH SÁCH HỌC SINH"],
        row!["STT", "Mã HS", "Họ và tên", "Lớp", "Khoa"],
    ];
    let units = [
        "Khoa Cơ khí",
        "K. Cơ khí",
        "Khoa: Cơ khí",
        "K.CK",
        "KHOA - CƠ KHÍ",
        "Điện",
        "Cơ khí động lực",
    ];
    for (k, u) in units.iter().enumerate() {
        let ma = format!("HS{:03}", k + 1);
        rows.push(row![k as i32 + 1, ma.as_str(), "An", "CK21", *u]);
    }
    ws.save("ds.xlsx", book("DS", &rows));
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(indicator(&json)["numerator"], serde_json::json!(5));
    let issues: Vec<(&str, &str)> = json["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["code"].as_str().unwrap(), i["value"].as_str().unwrap()))
        .collect();
    assert_eq!(
        issues,
        [
            ("unknown-unit", "Điện"),
            ("unknown-unit", "Cơ khí động lực")
        ]
    );
    // check names both, not one line for the two rows that shows only the first.
    let o = mtcl(&["check", ws.root().to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.contains("'DS'!E8 Đơn vị 'Điện'"), "{out}");
    assert!(out.contains("'DS'!E9 Đơn vị 'Cơ khí động lực'"), "{out}");
}

#[test]
fn a_student_crossed_out_instead_of_deleted_is_counted_and_named() {
    // Row 4 (HS002, Khá) is struck through from STT to the class, as offices cross out a
    // student who left; in row 6 only the class cell is struck (a corrected grade), which
    // does not cross out the student.
    let ws = school_ws(SHARE_GOOD);
    let mut wb = class_sheet("Học lực");
    let strike = rust_xlsxwriter::Format::new().set_font_strikethrough();
    let sheet = wb.worksheet_from_index(0).unwrap();
    for (c, v) in ["2", "HS002", "Trần Thị Bình", "CK21", "Khá"]
        .iter()
        .enumerate()
    {
        sheet.write_with_format(3, c as u16, *v, &strike).unwrap();
    }
    sheet
        .write_with_format(5, 4, "Trung bình", &strike)
        .unwrap();
    ws.save("ds.xlsx", wb);
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(
        (&i["numerator"], &i["denominator"]),
        (&serde_json::json!(3), &serde_json::json!(5))
    );
    let issues = json["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:#?}");
    let w = &issues[0];
    assert_eq!(
        (&w["code"], &w["cell"]),
        (&"struck-rows".into(), &"B4".into())
    );
    assert_eq!(w["severity"], "warning");
    let m = w["message"].as_str().unwrap();
    assert!(
        m.starts_with("1 dòng có mã hoặc họ tên bị gạch ngang (4) vẫn được đọc và tính"),
        "{m}"
    );
}

#[test]
fn a_percent_cell_above_100_percent_is_read_as_shown() {
    // A school's own source with a percent column: 120% is stored by Excel as 1.2, which an
    // unformatted-number rule (0–1 is a fraction, above 1 already percent) read as 1.2%.
    // 120% and "100%" reach 100; 85%, 0.5% and 85 do not; all five sum to 390.5.
    for (indicator_toml, numerator) in [
        (
            "  source = \"ke_hoach\"\n  count = \"ty_le >= 100\"\n  of = \"true\"\n  target = \">= 50%\"",
            serde_json::json!(2),
        ),
        (
            "  source = \"ke_hoach\"\n  sum = \"ty_le\"\n  of_sum = \"ty_le\"\n  target = \">= 1%\"",
            serde_json::json!(390.5),
        ),
    ] {
        let ws = school_ws(indicator_toml);
        std::fs::write(
            ws.root().join("nguon-du-lieu.toml"),
            "[[source]]\nid = \"ke_hoach\"\ntitle = \"Hoàn thành kế hoạch\"\nkey = [\"noi_dung\"]\n\n  [[source.field]]\n  id = \"noi_dung\"\n  header = [\"Nội dung\"]\n  type = \"text\"\n  required = true\n\n  [[source.field]]\n  id = \"ty_le\"\n  header = [\"Tỷ lệ hoàn thành (%)\"]\n  type = \"percent\"\n",
        )
        .unwrap();
        let mut wb = book(
            "Kế hoạch",
            &[
                row!["KẾT QUẢ THỰC HIỆN KẾ HOẠCH"],
                row!["STT", "Nội dung", "Tỷ lệ hoàn thành (%)"],
                row![1, "Tuyển sinh"],
                row![2, "Bồi dưỡng giáo viên"],
                row![3, "Sửa chữa xưởng"],
                row![4, "Hội giảng", "100%"],
                row![5, "Kiểm định", 85],
            ],
        );
        let sheet = wb.worksheet_from_index(0).unwrap();
        let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
        let pct1 = rust_xlsxwriter::Format::new().set_num_format("0.0%");
        sheet.write_with_format(2, 2, 1.2, &pct).unwrap();
        sheet.write_with_format(3, 2, 0.85, &pct).unwrap();
        sheet.write_with_format(4, 2, 0.005, &pct1).unwrap();
        ws.save("ke-hoach.xlsx", wb);
        let (code, json, out) = run(&ws);
        assert_eq!(code, Some(0), "{out}");
        assert_eq!(indicator(&json)["numerator"], numerator, "{out}");
        assert_eq!(json["issues"], serde_json::json!([]));

        // The same saved by LibreOffice as .ods: percentage cells hold the fraction too.
        std::fs::remove_file(ws.data("ke-hoach.xlsx")).unwrap();
        ws.write("ke-hoach.ods", &percent_ods());
        let (code, json, out) = run(&ws);
        assert_eq!(code, Some(0), "{out}");
        assert_eq!(indicator(&json)["numerator"], numerator, "{out}");
    }
}

/// [`a_percent_cell_above_100_percent_is_read_as_shown`]'s table as LibreOffice saves it.
fn percent_ods() -> Vec<u8> {
    let text = |t: &str| {
        format!("<table:table-cell office:value-type=\"string\"><text:p>{t}</text:p></table:table-cell>")
    };
    let pct = |x: f64, shown: &str| {
        format!("<table:table-cell office:value-type=\"percentage\" office:value=\"{x}\"><text:p>{shown}</text:p></table:table-cell>")
    };
    let num = |x: f64| {
        format!("<table:table-cell office:value-type=\"float\" office:value=\"{x}\"><text:p>{x}</text:p></table:table-cell>")
    };
    let rows = [
        text("KẾT QUẢ THỰC HIỆN KẾ HOẠCH"),
        [text("STT"), text("Nội dung"), text("Tỷ lệ hoàn thành (%)")].concat(),
        [num(1.0), text("Tuyển sinh"), pct(1.2, "120%")].concat(),
        [num(2.0), text("Bồi dưỡng giáo viên"), pct(0.85, "85%")].concat(),
        [num(3.0), text("Sửa chữa xưởng"), pct(0.005, "0,5%")].concat(),
        [num(4.0), text("Hội giảng"), text("100%")].concat(),
        [num(5.0), text("Kiểm định"), num(85.0)].concat(),
    ]
    .map(|cells| format!("<table:table-row>{cells}</table:table-row>"))
    .concat();
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"Kế hoạch\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
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
fn last_years_list_kept_in_the_workbook_is_named_not_quietly_counted() {
    // This year's list and last year's, kept in a sheet titled with its school year: the
    // 5 + 2 rows are all read (nothing is dropped on a guess), and a warning names the sheet.
    let ws = school_ws(SHARE_GOOD);
    let mut wb = class_sheet("Học lực");
    let old = wb.add_worksheet();
    old.set_name("Lưu").unwrap();
    write_rows(
        old,
        0,
        &[
            row!["TRƯỜNG TRUNG CẤP T"],
            row!["DANH SÁCH HỌC SINH NĂM HỌC 2020 – 2021"],
            row!["STT", "Mã HS", "Họ và tên", "Lớp", "Học lực"],
            row![1, "HS901", "Võ Văn Giang", "CK20", "Giỏi"],
            row![2, "HS902", "Đặng Thị Hoa", "CK20", "Giỏi"],
        ],
    );
    ws.save("ds.xlsx", wb);
    // A cohort ("Khóa 2018 - 2021") and this year's own title are not other school years.
    ws.save(
        "tot-nghiep.xlsx",
        book(
            "TN",
            &[
                row!["DANH SÁCH HỌC SINH TỐT NGHIỆP KHÓA 2018 - 2021, NĂM HỌC 2021 - 2022"],
                row!["STT", "Mã HS", "Họ và tên", "Lớp", "Học lực"],
                row![1, "HS801", "Bùi Văn Khôi", "CK18", "Khá"],
            ],
        ),
    );
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    let i = indicator(&json);
    assert_eq!(
        (&i["numerator"], &i["denominator"]),
        (&serde_json::json!(6), &serde_json::json!(8))
    );
    let issues = json["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:#?}");
    let w = &issues[0];
    assert_eq!(
        (&w["code"], &w["sheet"], &w["severity"]),
        (
            &"other-school-year".into(),
            &"Lưu".into(),
            &"warning".into()
        )
    );
    let m = w["message"].as_str().unwrap();
    assert!(
        m.starts_with("Tiêu đề trang 'Lưu' ghi năm học 2020 - 2021 ('DANH SÁCH HỌC SINH NĂM HỌC 2020 – 2021'), không phải năm học của định nghĩa mục tiêu (2021 - 2022)"),
        "{m}"
    );
}

#[test]
fn students_gathered_under_a_dropped_out_heading_have_that_status() {
    // Hiệu suất đào tạo: students not dropped out. The office keeps the two who left at the
    // bottom under a heading merged across the table, the one on leave under a heading in
    // the name column, and the status column blank; a note about one row is no heading.
    let ws = school_ws(
        "  source = \"hoc_sinh\"\n  count = \"trang_thai != 'Thôi học'\"\n  of = \"true\"\n  target = \">= 85%\"",
    );
    let mut wb = book(
        "DS",
        &[
            row!["DANH SÁCH HỌC SINH LỚP CK21"],
            row!["STT", "Mã HS", "Họ và tên", "Lớp", "Trạng thái"],
            row![1, "HS001", "Nguyễn Văn An", "CK21"],
            row![2, "HS002", "Trần Thị Bình", "CK21"],
            row!["", "", "HS003 thôi học rồi đi học lại"],
            row![3, "HS003", "Lê Văn Cường", "CK21"],
            row![4, "HS004", "Phạm Thị Dung", "CK21"],
            row![5, "HS005", "Hoàng Văn Em", "CK21"],
            row![6, "HS006", "Vũ Thị Phương", "CK21", "Đang học"],
            row![],
            row![],
            row![1, "HS007", "Đinh Văn Quang", "CK21"],
            row![2, "HS008", "Mai Thị Oanh", "CK21", "Đang học"],
            row!["", "", "Học sinh bảo lưu HK2:"],
            row![1, "HS009", "Cao Văn Sơn", "CK21"],
        ],
    );
    wb.worksheet_from_index(0)
        .unwrap()
        .merge_range(
            10,
            0,
            10,
            4,
            "HỌC SINH ĐÃ THÔI HỌC",
            &rust_xlsxwriter::Format::new(),
        )
        .unwrap();
    ws.save("ds.xlsx", wb);
    let (code, json, out) = run(&ws);
    assert_eq!(code, Some(0), "{out}");
    // 9 students, HS007 left (HS008's own cell says Đang học): 8 of 9.
    let i = indicator(&json);
    assert_eq!(
        (&i["numerator"], &i["denominator"]),
        (&serde_json::json!(8), &serde_json::json!(9))
    );
    assert_eq!(json["issues"], serde_json::json!([]));
    let r = ws.read();
    assert_eq!(
        r.rows("hoc_sinh", &["ma_hs", "trang_thai"]),
        strs(&[
            &["HS001", ""],
            &["HS002", ""],
            &["HS003", ""],
            &["HS004", ""],
            &["HS005", ""],
            &["HS006", "Đang học"],
            &["HS007", "Thôi học"],
            &["HS008", "Đang học"],
            &["HS009", "Bảo lưu"],
        ])
    );
}
