//! Messages a user meets outside the data: the operating system's errors in plain words
//! naming the path, definitions saved by Notepad as UTF-16, and the lines that say what was
//! written.

mod common;
use common::*;

use std::path::Path;

/// A copy of the co-khi sample in a fresh temporary folder.
fn co_khi() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&sample("co-khi-2021-2022"), &dir.path().join("ws"));
    dir
}

#[test]
fn a_missing_workspace_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co");
    let o = mtcl(&["check", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        format!("không tìm thấy thư mục làm việc '{}'", missing.display())
    );
}

#[test]
fn an_output_folder_that_is_a_file_is_named_in_plain_words() {
    let dir = co_khi();
    let ws = dir.path().join("ws");
    std::fs::write(ws.join("bao-cao"), "not a folder").unwrap();
    for (cmd, report) in [
        ("run", "khoa-co-khi/ke-hoach-mtcl.docx"),
        ("check", "loi-du-lieu.xlsx"),
    ] {
        let o = mtcl(&[cmd, ws.to_str().unwrap(), "-q"]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = stderr(&o);
        let out = ws.join("bao-cao");
        assert!(
            err.contains(&format!(
                "'{}' là một tệp, không phải thư mục; hãy đổi tên hoặc xóa tệp đó",
                out.display()
            )),
            "{cmd}: {err}"
        );
        assert!(err.starts_with("không ghi được '"), "{cmd}: {err}");
        assert!(err.contains(report) || cmd == "run", "{cmd}: {err}");
        assert!(!err.contains("os error"), "{cmd}: {err}");
    }
    let o = mtcl(&["run", ws.to_str().unwrap(), "-q", "--lang", "en"]);
    assert!(
        stderr(&o).contains("bao-cao' is a file, not a folder; rename or remove it"),
        "{}",
        stderr(&o)
    );
}

/// Whether this process can be refused a write by permissions (root cannot).
fn permissions_apply(dir: &Path) -> bool {
    let probe = dir.join("probe");
    std::fs::create_dir(&probe).unwrap();
    set_mode(&probe, 0o555);
    let refused = std::fs::write(probe.join("x"), "").is_err();
    set_mode(&probe, 0o755);
    refused
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_read_only_output_folder_is_permission_denied_with_the_report_named() {
    let dir = co_khi();
    let ws = dir.path().join("ws");
    if !permissions_apply(dir.path()) {
        eprintln!("skipped: running as root, a read-only folder does not refuse writes");
        return;
    }
    let out = ws.join("bao-cao");
    std::fs::create_dir_all(&out).unwrap();
    set_mode(&out, 0o555);
    let o = mtcl(&["check", ws.to_str().unwrap(), "-q"]);
    set_mode(&out, 0o755);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "không ghi được '{}': không có quyền (thư mục hay tệp chỉ cho đọc, hoặc đang bị chương trình khác giữ)",
            out.join("loi-du-lieu.xlsx").display()
        )
    );
}

/// Unmounts on drop, so that a failing assertion leaves no mount behind.
#[cfg(target_os = "linux")]
struct Mounted(std::path::PathBuf);

#[cfg(target_os = "linux")]
impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// A small tmpfs at `at` with `options`; `None` where mounting is not allowed (it needs root
/// and CAP_SYS_ADMIN, which most CI runners lack: the tests using it then say so and stop).
#[cfg(target_os = "linux")]
fn tmpfs(at: &Path, options: &str) -> Option<Mounted> {
    std::fs::create_dir_all(at).unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", options, "tmpfs"])
        .arg(at)
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| Mounted(at.to_path_buf()))
}

/// A read-only drive (a write-protected USB stick), for real: a tmpfs mounted read-only.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_drive_is_said_plainly_and_names_the_report() {
    let dir = co_khi();
    let ws = dir.path().join("ws");
    let out = dir.path().join("usb");
    let Some(_mounted) = tmpfs(&out, "ro,size=64k") else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    let o = mtcl(&[
        "check",
        ws.to_str().unwrap(),
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        format!(
            "không ghi được '{}': ổ đĩa chỉ cho đọc (USB khóa ghi, thư mục mạng chỉ đọc)",
            out.join("loi-du-lieu.xlsx").display()
        )
    );
}

/// A full disk, for real: a 64 KiB tmpfs as the output folder.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_said_plainly_and_names_the_report() {
    let dir = co_khi();
    let ws = dir.path().join("ws");
    let out = dir.path().join("full");
    let Some(_mounted) = tmpfs(&out, "size=64k") else {
        eprintln!("skipped: cannot mount a small tmpfs here");
        return;
    };
    let o = mtcl(&[
        "run",
        ws.to_str().unwrap(),
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("': ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại"),
        "{err}"
    );
    assert!(
        err.starts_with(&format!("không ghi được '{}", out.display())),
        "{err}"
    );
    assert!(
        !err.contains(".mtcl-"),
        "the temporary file is not what is named: {err}"
    );
}

#[test]
fn a_definitions_file_saved_as_utf16_is_read() {
    let dir = co_khi();
    let ws = dir.path().join("ws");
    let path = ws.join("muc-tieu/khoa-co-khi.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, bytes).unwrap();
    let o = mtcl(&["check", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Khoa Cơ khí (đơn vị) — 10 mục tiêu, 16 chỉ số"));
}

#[test]
fn a_definitions_file_in_a_legacy_code_page_says_to_save_as_utf8() {
    let dir = co_khi();
    let ws = dir.path().join("ws");
    // "Khoa Cơ khí" as Windows-1258 would store "ơ" (0xF5) and "í" (0xED).
    std::fs::write(
        ws.join("muc-tieu/khoa-co-khi.toml"),
        b"[document]\nschool = \"T\"\nunit = \"Khoa C\xF5 kh\xED\"\nschool_year = \"2021 - 2022\"\n",
    )
    .unwrap();
    let o = mtcl(&["check", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("tệp không được lưu với bảng mã UTF-8; hãy mở bằng Notepad, chọn Save as, Encoding: UTF-8"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn init_says_the_next_command_with_the_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("khoa-dien");
    let o = mtcl(&["init", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let last = stdout(&o).lines().last().unwrap().to_string();
    let d = ws.display();
    assert_eq!(
        last,
        format!("Tiếp theo: sửa {d}/muc-tieu/*.toml (xem docs/muc-tieu.md), chép sổ sách vào {d}/du-lieu/, rồi chạy: mtcl check {d}")
    );
}

#[test]
fn check_names_the_issue_workbook_and_run_the_documents_to_sign() {
    let dir = co_khi();
    let ws = dir.path().join("ws");
    let o = mtcl(&["check", ws.to_str().unwrap()]);
    let out = stdout(&o);
    let wrote = format!(
        "Đã ghi {}",
        ws.join("bao-cao").join("loi-du-lieu.xlsx").display()
    );
    assert!(out.lines().any(|l| l == wrote), "{out}");
    let o = mtcl(&["run", ws.to_str().unwrap()]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "Văn bản trình ký (báo cáo kết quả thực hiện mục tiêu chất lượng):")
        .unwrap_or_else(|| panic!("{out}"));
    let doc = ws
        .join("bao-cao")
        .join("khoa-co-khi")
        .join("ket-qua-mtcl.docx");
    assert_eq!(lines[at + 1], format!("  {}", doc.display()));
    assert!(doc.is_file());
}

#[test]
fn a_data_error_points_to_the_guide_of_issue_codes() {
    let dir = co_khi();
    let ws = dir.path().join("ws");
    std::fs::write(ws.join("du-lieu/hong.xlsx"), "not a workbook").unwrap();
    let o = mtcl(&["check", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("Ý nghĩa từng mã lỗi và cách sửa: docs/loi.md"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_definitions_error_points_to_the_guide() {
    let ws = workspace_with(
        "khoa.toml",
        "[document]\nschool = \"T\"\nunit = \"Khoa A\"\nschool_year = \"2025 - 2026\"\n[[objective]]\nid = \"1\"\ntext = \"x\"\n  [[objective.indicator]]\n  id = \"1\"\n  source = \"hoc_sinh\"\n  count = \"hoc_luc >= 'Khá'\"\n  target = \"từ 30% trở lên\"\n",
    );
    let o = mtcl(&["check", ws.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.trim_end().ends_with(
            "Cách viết định nghĩa và các lỗi thường gặp: docs/muc-tieu.md (mục 10); các trường dùng được: mtcl nguon."
        ),
        "{err}"
    );
    assert!(
        err.contains("= gợi ý: ví dụ: hoc_luc in ['Xuất sắc', 'Giỏi', 'Khá']"),
        "{err}"
    );
}

#[test]
fn command_line_mistakes_are_said_in_vietnamese_with_a_suggestion() {
    let o = mtcl(&["chek"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "lỗi: không có lệnh 'chek' — có phải 'check'?\n\nCách dùng: mtcl [TÙY CHỌN] <LỆNH>\n\nXem thêm: mtcl --help\n"
    );
    let o = mtcl(&["check", "--quite"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .starts_with("lỗi: không có tùy chọn hay tham số '--quite' ở đây — có phải '--quiet'?"),
        "{}",
        stderr(&o)
    );
    let o = mtcl(&["--lang", "xx", "check"]);
    assert!(
        stderr(&o).starts_with(
            "lỗi: giá trị 'xx' không hợp lệ cho --lang <vi|en> (được phép: 'vi', 'en')"
        ),
        "{}",
        stderr(&o)
    );
    // English stays clap's own.
    let o = mtcl(&["chek", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unrecognized subcommand 'chek'"),
        "{}",
        stderr(&o)
    );
    // Help is not an error.
    let o = mtcl(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Cách dùng:"));
}

#[test]
fn an_objectives_folder_without_toml_names_the_files_not_taken() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("muc-tieu")).unwrap();
    std::fs::create_dir_all(dir.path().join("du-lieu")).unwrap();
    std::fs::write(dir.path().join("muc-tieu/khoa.toml.txt"), "").unwrap();
    std::fs::write(dir.path().join("muc-tieu/khoa.TOML.docx"), "").unwrap();
    for cmd in ["check", "run", "plan"] {
        let o = mtcl(&[cmd, dir.path().to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        let err = stderr(&o);
        assert!(
            err.contains("không có tệp định nghĩa nào (tệp có đuôi .toml); các tệp có ở đó nhưng không được đọc: khoa.TOML.docx, khoa.toml.txt — đổi tên cho đuôi là .toml"),
            "{cmd}: {err}"
        );
        assert!(
            !dir.path().join("bao-cao").exists(),
            "{cmd} wrote something"
        );
    }
}
