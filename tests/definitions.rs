//! Objective definitions, checked through the real binary: the samples load, and every kind
//! of definition error stops the run with exit 2, naming the file and line.

mod common;
use common::*;

#[test]
fn co_khi_sample_has_the_ten_objectives_of_seed_000() {
    let o = mtcl(&["check", sample("co-khi-2021-2022").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Khoa Cơ khí (đơn vị) — 10 mục tiêu, 16 chỉ số"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn truong_sample_has_the_twelve_objectives_of_seed_001() {
    let o = mtcl(&["check", sample("truong-2019").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("(toàn trường) — 12 mục tiêu, 19 chỉ số"),
        "{}",
        stdout(&o)
    );
}

fn sample_text() -> String {
    std::fs::read_to_string(sample("co-khi-2021-2022").join("muc-tieu/khoa-co-khi.toml")).unwrap()
}

/// The sample with `from` replaced by `to` once; the 1-based line of the change.
fn broken(from: &str, to: &str) -> (tempfile::TempDir, usize) {
    let text = sample_text();
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("'{from}' is in the sample"));
    let line = text[..at].matches('\n').count() + 1;
    (
        workspace_with("khoa-co-khi.toml", &text.replacen(from, to, 1)),
        line,
    )
}

fn assert_error(from: &str, to: &str, code: &str) -> String {
    let (ws, line) = broken(from, to);
    let o = mtcl(&["check", ws.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("lỗi[{code}]")), "{err}");
    assert!(
        err.contains(&format!("--> muc-tieu/khoa-co-khi.toml:{line}:")),
        "line {line}: {err}"
    );
    assert!(!ws.path().join("bao-cao").exists(), "nothing is written");
    err
}

#[test]
fn misspelled_field_in_a_filter_names_file_line_and_suggests() {
    let err = assert_error(
        "count  = \"hoc_luc in ['Xuất sắc', 'Giỏi', 'Khá']\"",
        "count  = \"hoc_lu in ['Xuất sắc', 'Giỏi', 'Khá']\"",
        "unknown-field",
    );
    assert!(err.contains("có phải 'hoc_luc'?"), "{err}");
    assert!(err.contains("^^^^^^"), "{err}");
}

#[test]
fn enum_value_not_allowed() {
    let err = assert_error(
        "hoc_luc in ['Yếu', 'Kém']",
        "hoc_luc in ['Yếu', 'Kem lam']",
        "invalid-enum-value",
    );
    assert!(
        err.contains("'Kem lam' không phải giá trị của trường 'hoc_luc'"),
        "{err}"
    );
}

#[test]
fn type_mismatch() {
    assert_error(
        "count  = \"tu_danh_gia == 2022\"",
        "count  = \"tu_danh_gia == 'abc'\"",
        "type-mismatch",
    );
}

#[test]
fn bad_target() {
    assert_error(
        "target = \"dưới 10%\"",
        "target = \"khoảng 10%\"",
        "bad-target",
    );
}

/// A target mtcl cannot compute is an error that says why and how to write it, never a
/// verdict: a rise over last year, a yes/no, a bare 0%, a count with a fraction.
#[test]
fn targets_that_cannot_be_computed_say_how_to_write_them() {
    let err = assert_error(
        "target = \"từ 90% trở lên\"",
        "target = \"tăng 5% so với năm trước\"",
        "bad-target",
    );
    assert!(
        err.contains("chỉ tiêu 'tăng 5% so với năm trước' so với kết quả trước đó"),
        "{err}"
    );
    assert!(
        err.contains("năm trước 80% và phải tăng 5% thì viết 'từ 85% trở lên'")
            && err.contains("--so-sanh"),
        "{err}"
    );
    let err = assert_error(
        "target = \"tối thiểu 01\"",
        "target = \"Đạt\"",
        "bad-target",
    );
    assert!(
        err.contains("chỉ tiêu 'Đạt' không phải một con số"),
        "{err}"
    );
    assert!(err.contains("nguồn tien_do"), "{err}");
    let err = assert_error("target = \"dưới 10%\"", "target = \"0%\"", "bad-target");
    assert!(err.contains("nghĩa là \"từ 0 trở lên\": luôn đạt"), "{err}");
    assert!(err.contains("viết '= 0%' hoặc 'không quá 0%'"), "{err}");
    let err = assert_error(
        "target = \"tối thiểu 30\"",
        "target = \"tối thiểu 1,500\"",
        "bad-target",
    );
    assert!(
        err.contains("chỉ tiêu 'tối thiểu 1,500' có phần lẻ, nhưng số đếm là số nguyên"),
        "{err}"
    );
    assert!(err.contains("'1.200' là một nghìn hai trăm"), "{err}");
}

/// Seed 000's objective 2, "mỗi ngành … tối thiểu 05 doanh nghiệp", written without `per`:
/// the unit's 15 companies would meet it when a programme has none.
#[test]
fn a_target_for_each_group_without_per_is_a_bad_target() {
    let text = sample_text();
    let written = "  per      = \"nganh\"\n  groups   = [\"Cơ khí chế tạo\", \"Hàn\", \"Công nghệ ô tô\"]\n  target   = \"tối thiểu 05\"";
    assert!(text.contains(written));
    let ws = workspace_with(
        "khoa-co-khi.toml",
        &text.replacen(
            written,
            "  target   = \"tối thiểu 05 doanh nghiệp/ngành\"",
            1,
        ),
    );
    let o = mtcl(&["check", ws.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "lỗi[bad-target]: chỉ tiêu 'tối thiểu 05 doanh nghiệp/ngành' là của từng nhóm \
             (nganh), nhưng chỉ số '2' không có 'per'"
        ),
        "{err}"
    );
    assert!(err.contains("thêm per = \"nganh\""), "{err}");
    // A period after the slash is no group: "02 đợt/năm" is the unit's.
    let ws = workspace_with(
        "khoa-co-khi.toml",
        &text.replacen(written, "  target   = \"tối thiểu 02 đợt/năm\"", 1),
    );
    let o = mtcl(&["check", ws.path().to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn percent_target_on_a_distinct_count_is_a_bad_target() {
    let err = assert_error(
        "target   = \"tối thiểu 05\"",
        "target   = \"tối thiểu 5%\"",
        "bad-target",
    );
    assert!(
        err.contains("muốn tỷ lệ thì bỏ 'distinct' và thêm 'of'"),
        "{err}"
    );
    // And a share with a count's target.
    let err = assert_error(
        "target = \"từ 30% trở lên\"",
        "target = \"từ 30 trở lên\"",
        "bad-target",
    );
    assert!(
        err.contains("chỉ số '4a' là một tỷ lệ: chỉ tiêu 'từ 30 trở lên' phải có dấu %")
            && err.contains("chỉ tiêu của tỷ lệ viết với %: 'từ 30% trở lên'"),
        "{err}"
    );
}

#[test]
fn duplicate_objective_id() {
    assert_error("id       = \"3\"", "id       = \"2\"", "duplicate-id");
}

#[test]
fn unknown_source() {
    let err = assert_error(
        "source = \"giao_vien\"",
        "source = \"giao_vienn\"",
        "unknown-source",
    );
    assert!(err.contains("có phải 'giao_vien'?"), "{err}");
}

#[test]
fn toml_syntax_error() {
    assert_error(
        "deadline = \"Suốt năm học\"",
        "deadline = \"Suốt năm học",
        "toml-syntax",
    );
}

#[test]
fn unknown_key_is_reported_with_a_suggestion() {
    let err = assert_error(
        "  of     = \"gv_nghe\"",
        "  off    = \"gv_nghe\"",
        "unknown-key",
    );
    assert!(err.contains("có phải 'of'?"), "{err}");
}

#[test]
fn every_error_of_a_run_is_reported_together() {
    let text = sample_text()
        .replacen("hoc_luc in ['Yếu', 'Kém']", "hoc_lucc in ['Yếu']", 1)
        .replacen("target = \"dưới 10%\"", "target = \"???\"", 1)
        .replacen("source = \"giao_vien\"", "source = \"gv\"", 1);
    let ws = workspace_with("khoa-co-khi.toml", &text);
    let o = mtcl(&["check", ws.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(err.matches("lỗi[").count(), 3, "{err}");
    assert!(err.contains("Định nghĩa có 3 lỗi"), "{err}");
}

#[test]
fn errors_in_english_with_lang_en() {
    let (ws, _) = broken("count  = \"len_lop\"", "count  = \"len_lopp\"");
    let o = mtcl(&["--lang", "en", "check", ws.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("error[unknown-field]: field 'len_lopp' is not in source 'hoc_sinh'"),
        "{err}"
    );
}

#[test]
fn two_documents_for_one_unit_are_an_error() {
    let ws = workspace_with("khoa-co-khi.toml", &sample_text());
    std::fs::write(
        ws.path().join("muc-tieu/zz-co-khi.toml"),
        sample_text().replacen(
            "unit           = \"Khoa Cơ khí\"",
            "unit           = \"CƠ KHÍ\"",
            1,
        ),
    )
    .unwrap();
    let o = mtcl(&["check", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("lỗi[duplicate-unit]"), "{}", stderr(&o));
}

#[test]
fn two_documents_claiming_one_name_written_with_other_separators_are_an_error() {
    // Rows read "Điện - Điện tử" and "Điện-Điện tử" as one unit: two documents listing
    // them would have the first by file name take the other's rows without a word.
    let text = |unit: &str, alias: &str| {
        format!(
            "[document]\nschool = \"Trường T\"\nunit = \"{unit}\"\nunit_aliases = [\"{alias}\"]\n\
             scope = \"unit\"\nschool_year = \"2021 - 2022\"\n"
        )
    };
    let ws = workspace_with("khoa-cntt.toml", &text("Khoa CNTT", "Điện-Điện tử"));
    std::fs::write(
        ws.path().join("muc-tieu/khoa-dien.toml"),
        text("Khoa Điện", "Điện - Điện tử"),
    )
    .unwrap();
    let o = mtcl(&["check", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains(
            "lỗi[duplicate-unit]: đơn vị 'Điện - Điện tử' đã được định nghĩa trong \
             muc-tieu/khoa-cntt.toml ('Điện-Điện tử')"
        ) && err.contains("muc-tieu/khoa-dien.toml:4:17"),
        "{err}"
    );
}

#[test]
fn workspace_schema_file_adds_a_source() {
    let ws = workspace_with(
        "khoa-co-khi.toml",
        &sample_text()
            .replacen("source = \"tien_do\"", "source = \"thi_dua\"", 1)
            .replacen(
                "count  = \"ma_muc_tieu == '10' and trang_thai == 'Hoàn thành'\"",
                "count  = \"dat\"",
                1,
            ),
    );
    std::fs::write(
        ws.path().join("nguon-du-lieu.toml"),
        "[[source]]\nid = \"thi_dua\"\nunit_field = \"khoa\"\n  [[source.field]]\n  id = \"khoa\"\n  header = [\"Khoa\"]\n  type = \"text\"\n  [[source.field]]\n  id = \"dat\"\n  header = [\"Đạt danh hiệu\"]\n  type = \"bool\"\n",
    )
    .unwrap();
    let o = mtcl(&["check", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("thi_dua: 1"), "{}", stdout(&o));
}

#[test]
fn missing_workspace_exits_2() {
    let o = mtcl(&["check", "/nonexistent/mtcl-workspace"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("không tìm thấy thư mục làm việc"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn two_documents_writing_to_one_report_folder_are_an_error() {
    // "Cơ khí" and "Cơ-khí" are different unit names but one folder: bao-cao/khoa-co-khi/.
    let ws = workspace_with("khoa-co-khi.toml", &sample_text());
    let other = sample_text()
        .replacen(
            "unit           = \"Khoa Cơ khí\"",
            "unit           = \"Khoa Cơ-khí\"",
            1,
        )
        .replacen(
            "unit_aliases   = [\"Cơ khí\", \"CK\"]",
            "unit_aliases   = []",
            1,
        );
    std::fs::write(ws.path().join("muc-tieu/zz-co-khi.toml"), other).unwrap();
    let o = mtcl(&["check", ws.path().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("lỗi[duplicate-unit]") && err.contains("bao-cao/khoa-co-khi/"),
        "{err}"
    );
    assert!(err.contains("--> muc-tieu/zz-co-khi.toml:"), "{err}");
}
