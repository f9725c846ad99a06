//! `mtcl nguon`: the sources as a person writing a filter needs them, and the generated
//! reference `docs/nguon-du-lieu.md` that can never drift from the program.

mod common;
use common::*;

/// An empty workspace: the built-in catalogue only.
fn empty_ws() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn without_source_lists_every_source_with_title_key_and_field_count() {
    let ws = empty_ws();
    let o = mtcl(&["nguon", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("11 nguồn dữ liệu"), "{out}");
    let line = |id: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id}: {out}"))
            .to_string()
    };
    assert!(
        line("hoc_sinh").ends_with("Danh sách học sinh và kết quả học tập — mã: ma_hs; 15 trường"),
        "{out}"
    );
    assert!(
        line("doanh_nghiep").ends_with("— mã: ten_dn + khoa + nganh; 7 trường"),
        "{out}"
    );
    assert!(line("hoi_thi").contains("— mã: không có;"), "{out}");
}

#[test]
fn one_source_shows_every_field_with_headers_type_values_and_constraints() {
    let ws = empty_ws();
    let o = mtcl(&["nguon", "hoc_sinh", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let at = |id: &str| {
        lines
            .iter()
            .position(|l| l.trim_start().starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id}: {out}"))
    };
    let ma = at("ma_hs");
    assert!(lines[ma].ends_with("văn bản, bắt buộc, mã"), "{out}");
    assert!(
        lines[ma + 1].trim()
            == "tiêu đề cột: \"Mã HS\", \"Mã học sinh\", \"Mã số HS\", \"MSHS\", \"Mã SV\", \"Mã sinh viên\", \"MSSV\"",
        "{out}"
    );
    assert!(
        lines[at("khoa")].ends_with("văn bản, trường đơn vị"),
        "{out}"
    );
    assert!(lines[at("diem_tb")].ends_with("số, 0 – 10"), "{out}");
    let tt = at("trang_thai");
    assert_eq!(
        lines[tt + 2].trim(),
        "giá trị: Đang học · Bảo lưu · Thôi học (cũng nhận: Bỏ học, Nghỉ học) · Tốt nghiệp"
    );
    assert!(
        out.contains("Mã (không được trùng trong một kỳ báo cáo): ma_hs"),
        "{out}"
    );
    assert!(
        out.contains("Trường đơn vị (khoa của mỗi dòng): khoa"),
        "{out}"
    );
    assert!(
        out.contains("hoặc hai cột ghép lại: \"Họ đệm\" + \"Tên\""),
        "{out}"
    );
    assert!(
        out.contains("Xuất sắc ≥ 9; Giỏi 8 – <9; Khá 7 – <8; Trung bình 5 – <7; Yếu < 5"),
        "{out}"
    );
    assert_eq!(
        lines.iter().filter(|l| l.contains("tiêu đề cột:")).count(),
        15,
        "{out}"
    );
}

#[test]
fn english_labels_with_lang_en() {
    let ws = empty_ws();
    let o = mtcl(&["nguon", "--lang", "en", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("11 sources"), "{out}");
    assert!(
        out.contains("Danh sách giáo viên — key: ma_gv; 14 fields"),
        "{out}"
    );
    let o = mtcl(&[
        "nguon",
        "hoc_sinh",
        ws.path().to_str().unwrap(),
        "--lang",
        "en",
    ]);
    let out = stdout(&o);
    assert!(
        out.contains("Key (unique within a reporting period): ma_hs"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with("diem_tb") && l.ends_with("number, 0 – 10")),
        "{out}"
    );
    assert!(
        out.contains("values: Đang học · Bảo lưu · Thôi học (also: Bỏ học, Nghỉ học) · Tốt nghiệp"),
        "{out}"
    );
}

#[test]
fn workspace_nguon_du_lieu_toml_replaces_and_adds_sources() {
    let ws = empty_ws();
    std::fs::write(
        ws.path().join("nguon-du-lieu.toml"),
        r#"
[[source]]
id = "thu_vien"
title = "Sổ mượn sách"
key = ["ma_sach"]
  [[source.field]]
  id = "ma_sach"
  header = ["Mã sách"]
  type = "text"
  required = true
  [[source.field]]
  id = "so_luot"
  header = ["Số lượt mượn", "Lượt mượn"]
  type = "integer"
  min = 0

[[source]]
id = "giao_vien"
title = "Giáo viên (mẫu của trường)"
key = ["ma_gv"]
  [[source.field]]
  id = "ma_gv"
  header = ["Mã GV"]
  type = "text"
  [[source.field]]
  id = "hang"
  header = ["Hạng"]
  type = "enum"
  values = ["I", { value = "II", aliases = ["Hạng 2"] }, "III"]
"#,
    )
    .unwrap();
    let dir = ws.path().to_str().unwrap();
    let out = stdout(&mtcl(&["nguon", dir]));
    assert!(out.starts_with("12 nguồn dữ liệu"), "{out}");
    assert!(
        out.contains(
            "Giáo viên (mẫu của trường) — mã: ma_gv; 2 trường (thay bằng nguon-du-lieu.toml)"
        ),
        "{out}"
    );
    assert!(
        out.contains("Sổ mượn sách — mã: ma_sach; 2 trường (từ nguon-du-lieu.toml)"),
        "{out}"
    );
    // A lone folder argument is the workspace, not a source.
    assert_eq!(stdout(&mtcl(&["nguon", dir])), out);

    let o = mtcl(&["nguon", "giao_vien", dir]);
    let out = stdout(&o);
    assert!(
        out.contains("giá trị: I · II (cũng nhận: Hạng 2) · III"),
        "{out}"
    );
    assert!(!out.contains("chung_chi_nghe"), "{out}");
    let out = stdout(&mtcl(&["nguon", "thu_vien", dir, "--lang", "en"]));
    assert!(
        out.lines()
            .any(|l| l.trim_start().starts_with("so_luot") && l.ends_with("integer, ≥ 0")),
        "{out}"
    );
    assert!(
        out.contains("column headers: \"Số lượt mượn\", \"Lượt mượn\""),
        "{out}"
    );
}

#[test]
fn unknown_source_suggests_the_nearest_names_and_exits_2() {
    let ws = empty_ws();
    let o = mtcl(&["nguon", "hoc_snh", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("nguồn dữ liệu 'hoc_snh' không tồn tại — có phải: hoc_sinh?"),
        "{err}"
    );
    assert!(err.contains("Các nguồn có: hoc_sinh, giao_vien,"), "{err}");
    assert_eq!(stdout(&o), "");
    let o = mtcl(&["nguon", "giao", ws.path().to_str().unwrap(), "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("unknown source 'giao' — did you mean: giao_vien?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_workspace_schema_is_a_located_error() {
    let ws = empty_ws();
    std::fs::write(
        ws.path().join("nguon-du-lieu.toml"),
        "[[source]]\nid = \"x\"\n  [[source.field]]\n  id = \"a\"\n  header = [\"A\"]\n  type = \"txt\"\n",
    )
    .unwrap();
    let o = mtcl(&["nguon", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nguon-du-lieu.toml:6:"),
        "{}",
        stderr(&o)
    );
}

/// The program's Markdown for the built-in catalogue, in one language.
fn markdown(lang: &str) -> String {
    let ws = empty_ws();
    let o = mtcl(&[
        "nguon",
        "--markdown",
        "--lang",
        lang,
        ws.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

/// `docs/nguon-du-lieu.md` (and its English twin) is exactly what `mtcl nguon --markdown`
/// prints. `MTCL_UPDATE_DOCS=1 cargo test --test nguon` rewrites them after a schema change.
#[test]
fn docs_nguon_du_lieu_md_is_what_the_program_prints() {
    for (lang, rel) in [
        ("vi", "docs/nguon-du-lieu.md"),
        ("en", "docs/en/nguon-du-lieu.md"),
    ] {
        let want = markdown(lang);
        let path = repo().join(rel);
        if std::env::var_os("MTCL_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{rel} differs from `mtcl nguon --markdown --lang {lang}`; regenerate it with \
             MTCL_UPDATE_DOCS=1 cargo test --test nguon"
        );
    }
}

#[test]
fn markdown_of_one_source_has_a_row_per_field() {
    let ws = empty_ws();
    let o = mtcl(&[
        "nguon",
        "viec_lam",
        "--markdown",
        ws.path().to_str().unwrap(),
    ]);
    let out = stdout(&o);
    assert!(out.starts_with("## viec_lam\n"), "{out}");
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("| `")).collect();
    assert_eq!(rows.len(), 9, "{out}");
    assert!(
        rows.iter().any(|r| r.starts_with("| `dung_nganh` | **Đúng ngành**, Đúng chuyên ngành, Làm đúng ngành | có/không (`bool`) |")),
        "{out}"
    );
}
