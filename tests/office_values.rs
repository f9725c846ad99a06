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
