//! `mtcl check` on the samples and on workspaces with data errors: what it prints and how
//! it exits.

#[path = "common/books.rs"]
mod books;
mod common;
#[path = "../tools/samples_gen.rs"]
mod samples_gen;

use books::*;
use common::*;

#[test]
fn check_on_both_samples_exits_0_and_recognises_every_sheet() {
    for name in ["co-khi-2021-2022", "truong-2019"] {
        let ws = sample(name);
        let o = mtcl(&["check", ws.to_str().unwrap()]);
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(0), "{name}: {out}{}", stderr(&o));
        assert!(!out.contains("không nhận ra"), "{out}");
        assert!(out.contains("0 lỗi, 0 cảnh báo"), "{out}");

        // Through the library: every file read, every sheet a source, no issue at all.
        let catalog = mtcl::schema::load_catalog(None, mtcl::i18n::Lang::Vi).unwrap();
        let w = mtcl::workspace::Workspace::new(&ws, None, None, None);
        let docs = mtcl::definitions::load_definitions(
            &w.objectives,
            &w.root,
            &catalog,
            mtcl::i18n::Lang::Vi,
        )
        .unwrap();
        let data = mtcl::ingest::read_workspace(&w, &catalog, &docs, mtcl::i18n::Lang::Vi);
        assert!(data.issues.is_empty(), "{name}: {:#?}", data.issues);
        for f in &data.files {
            assert_eq!(f.status, mtcl::dataset::FileStatus::Read, "{}", f.path);
            for s in &f.sheets {
                assert!(s.source.is_some() && s.records > 0, "{}: {:?}", f.path, s);
            }
        }
    }
}

#[test]
fn samples_hold_exactly_the_generated_records() {
    for sample in samples_gen::samples() {
        let ws = sample_path(sample.folder);
        let catalog = mtcl::schema::load_catalog(None, mtcl::i18n::Lang::Vi).unwrap();
        let w = mtcl::workspace::Workspace::new(&ws, None, None, None);
        let docs = mtcl::definitions::load_definitions(
            &w.objectives,
            &w.root,
            &catalog,
            mtcl::i18n::Lang::Vi,
        )
        .unwrap();
        let mut data = mtcl::ingest::read_workspace(&w, &catalog, &docs, mtcl::i18n::Lang::Vi);
        // The year's records (a sample's semester workbooks are tested in tests/periods.rs).
        mtcl::period::keep(&mut data, mtcl::period::Period::CaNam);
        let r = Read { catalog, data };
        let g = &sample.records;
        let counts = [
            ("hoc_sinh", g.hoc_sinh.len()),
            ("giao_vien", g.giao_vien.len()),
            ("viec_lam", g.viec_lam.len()),
            ("doanh_nghiep", g.doanh_nghiep.len()),
            ("hoi_thi", g.hoi_thi.len()),
            ("tuyen_sinh", g.tuyen_sinh.len()),
            ("thiet_bi", g.thiet_bi.len()),
            ("y_kien_nguoi_hoc", g.y_kien_nguoi_hoc.len()),
            ("chuong_trinh", g.chuong_trinh.len()),
            ("tien_do", g.tien_do.len()),
        ];
        for (source, n) in counts {
            assert_eq!(r.records(source).len(), n, "{}: {source}", sample.folder);
        }
        // Every student as generated (the tables hold them in file order).
        let mut want: Vec<Vec<String>> = g
            .hoc_sinh
            .iter()
            .map(|s| {
                vec![
                    s.ma_hs.clone(),
                    s.ho_ten(),
                    s.ngay_sinh.text(),
                    s.khoa_hoc.clone(),
                    s.diem_tb.map(|x| format!("{x}")).unwrap_or_default(),
                    s.hoc_luc.unwrap_or("").to_string(),
                    if s.tot_nghiep { "Có" } else { "Không" }.to_string(),
                ]
            })
            .collect();
        let mut got = r.rows(
            "hoc_sinh",
            &[
                "ma_hs",
                "ho_ten",
                "ngay_sinh",
                "khoa_hoc",
                "diem_tb",
                "hoc_luc",
                "tot_nghiep",
            ],
        );
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}", sample.folder);
    }
}

fn sample_path(folder: &str) -> std::path::PathBuf {
    sample(folder)
}

#[test]
fn check_exits_1_on_data_errors_and_lists_them_under_their_file() {
    let ws = Ws::new(false);
    ws.save(
        "ds.xlsx",
        book(
            "DS HS",
            &[
                hs_header(),
                row![1, "HS1", "An", "", "2020 - 2023", 7.0, "Kha1"],
            ],
        ),
    );
    let o = mtcl(&["check", ws.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let file_line = out.lines().position(|l| l == "du-lieu/ds.xlsx").unwrap();
    let issue_line = out
        .lines()
        .position(|l| l.contains("'DS HS'!G2") && l.contains("[invalid-value]"))
        .unwrap();
    assert!(issue_line > file_line, "{out}");
    assert!(out.contains("có phải 'Khá'?"), "{out}");
    assert!(out.contains("• 'DS HS' → hoc_sinh"), "{out}");
}

#[test]
fn two_unknown_units_in_consecutive_rows_are_two_lines_neither_hides_the_other() {
    let ws = Ws::new(true);
    ws.save(
        "toan-truong.xlsx",
        book(
            "DS HS",
            &[
                hs_header(),
                row![1, "HS1", "An", "", "2020 - 2023", 7.0, "Khá"],
                row![2, "HS2", "Bình", "Khoa Cơ bản", "2020 - 2023", 7.0, "Khá"],
                row![3, "HS3", "Chi", "CK", "2020 - 2023", 7.0, "Khá"],
            ],
        ),
    );
    let o = mtcl(&["check", ws.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[unknown-unit]"))
        .collect();
    assert_eq!(
        lines,
        [
            "  ! cảnh báo 'DS HS'!D2 Ô đơn vị (Khoa) để trống và tệp không nằm trong thư mục của \
             một đơn vị (dòng 2): không biết các dòng này của đơn vị nào; chúng chỉ được tính cho \
             toàn trường. Hãy ghi tên khoa vào ô. [unknown-unit]",
            "  ! cảnh báo 'DS HS'!D3 Đơn vị 'Khoa Cơ bản' không khớp đơn vị nào trong định nghĩa \
             mục tiêu (unit, unit_aliases) (dòng 3); các dòng này chỉ được tính cho toàn trường. \
             [unknown-unit]",
        ],
        "{out}"
    );
}

#[test]
fn check_quiet_prints_only_errors() {
    let ws = Ws::new(false);
    let mut wb = book(
        "DS",
        &[
            hs_header(),
            row![1, "HS1", "An", "", "2020 - 2023", 12.0, "Giỏi"],
        ],
    );
    let s = wb.add_worksheet();
    s.set_name("Khác").unwrap();
    write_rows(s, 0, &[row!["Ghi chép"]]);
    ws.save("ds.xlsx", wb);
    let o = mtcl(&["check", "-q", ws.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.contains("[out-of-range]") && !out.contains("unknown-sheet"),
        "{out}"
    );
}

#[test]
fn check_speaks_english_with_lang_en() {
    let ws = Ws::new(false);
    ws.save("ds.xlsx", book("DS", &[hs_header(), row![1, "", "An"]]));
    let o = mtcl(&["--lang", "en", "check", ws.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("Required value missing in column Mã HS"),
        "{out}"
    );
    assert!(out.contains("1 error(s)"), "{out}");
}

#[test]
fn check_without_data_folder_exits_2() {
    let ws = Ws::new(false);
    std::fs::remove_dir_all(ws.root().join("du-lieu")).unwrap();
    let o = mtcl(&["check", ws.root().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("du-lieu"), "{}", stderr(&o));
}
