//! The command line itself: help, languages, init, and commands not built yet.

mod common;
use common::*;

#[test]
fn help_lists_the_five_subcommands_in_vietnamese() {
    let o = mtcl(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for c in ["init", "plan", "check", "run", "watch"] {
        assert!(
            out.lines().any(|l| l.trim_start().starts_with(c)),
            "{c}: {out}"
        );
    }
    assert!(
        out.contains("Cách dùng:") && out.contains("Mã thoát"),
        "{out}"
    );
}

#[test]
fn help_in_english_with_lang_en() {
    let o = mtcl(&["--lang", "en", "--help"]);
    let out = stdout(&o);
    assert!(out.contains("Language of messages"), "{out}");
    assert!(out.contains("Read and validate the data"), "{out}");
}

#[test]
fn global_options_are_accepted_after_the_subcommand() {
    let ws = sample("truong-2019");
    let o = mtcl(&["check", ws.to_str().unwrap(), "-q", "--strict", "-j", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
}

#[test]
fn usage_error_exits_2() {
    let o = mtcl(&["chek"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn init_creates_a_workspace_that_checks_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("nam-hoc");
    let o = mtcl(&["init", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for sub in ["muc-tieu", "du-lieu", "mau-nhap-lieu"] {
        assert!(ws.join(sub).is_dir(), "{sub}");
    }
    let model = ws.join("muc-tieu/don-vi-mau.toml");
    let o = mtcl(&["check", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    std::fs::write(&model, "# edited by hand\n[document]\nschool = \"T\"\nunit = \"Khoa A\"\nschool_year = \"2025 - 2026\"\n").unwrap();
    let o = mtcl(&["init", ws.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read_to_string(&model)
        .unwrap()
        .starts_with("# edited by hand"));
}

/// The help a QA officer reads is Vietnamese throughout: the usage line and the value
/// names too (no "[OPTIONS]", "<DIR>", "<PATH>"); English keeps clap's words.
#[test]
fn help_usage_and_value_names_are_vietnamese() {
    let o = mtcl(&["check", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("Cách dùng: mtcl check [TÙY CHỌN] [THƯ-MỤC]\n"),
        "{out}"
    );
    assert!(
        out.contains("--out <THƯ-MỤC>         Thư mục báo cáo (mặc định: THƯ-MỤC/bao-cao)"),
        "{out}"
    );
    for english in ["OPTIONS", "DIR", "LANG"] {
        assert!(!out.contains(english), "{english}: {out}");
    }
    let out = stdout(&mtcl(&["run", "--help"]));
    assert!(out.contains("--so-sanh <ĐƯỜNG-DẪN>"), "{out}");
    let out = stdout(&mtcl(&["nguon", "--help"]));
    assert!(
        out.contains("Cách dùng: mtcl nguon [TÙY CHỌN] [NGUỒN] [THƯ-MỤC]\n"),
        "{out}"
    );
    let out = stdout(&mtcl(&["init", "--help"]));
    assert!(
        out.contains("Cách dùng: mtcl init [TÙY CHỌN] <THƯ-MỤC>\n"),
        "{out}"
    );
    let out = stdout(&mtcl(&["--help"]));
    assert!(out.contains("Cách dùng: mtcl [TÙY CHỌN] <LỆNH>\n"), "{out}");
    let out = stdout(&mtcl(&["--lang", "en", "run", "--help"]));
    assert!(out.contains("Usage: mtcl run [OPTIONS] [DIR]"), "{out}");
    assert!(out.contains("--so-sanh <PATH>"), "{out}");
}

/// A wrong value for an option that takes a free value says which values it takes.
#[test]
fn a_wrong_option_value_says_what_the_option_takes() {
    let o = mtcl(&["check", "--ky", "hk3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(
            "lỗi: giá trị 'hk3' không hợp lệ cho --ky <KỲ>: dùng hk1, hk2 hoặc ca-nam (cũng nhận 1, 2, I, II, cn)\n"
        ),
        "{}",
        stderr(&o)
    );
    let o = mtcl(&["watch", "--settle", "hai"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(
            "lỗi: giá trị 'hai' không hợp lệ cho --settle <GIÂY>: cần một số giây, ví dụ 2 hoặc 0.5\n"
        ),
        "{}",
        stderr(&o)
    );
}
