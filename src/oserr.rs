//! Errors of the operating system (reading a folder, writing a report) said in plain words,
//! naming the path: "không ghi được 'bao-cao/ket-qua.json': 'bao-cao' là một tệp, không
//! phải thư mục" rather than "Not a directory (os error 20)".
//!
//! Where an error happens deep inside writing, [`at`] attaches the path to the error; the
//! command that prints it calls [`describe`] once.

use std::io::{Error, ErrorKind};
use std::path::{Path, PathBuf};

use crate::i18n::Lang;
use crate::tr;

/// An I/O error with the path it concerns.
#[derive(Debug)]
struct AtPath {
    path: PathBuf,
    error: Error,
}

impl std::fmt::Display for AtPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for AtPath {}

/// `e`, of the same kind, remembering `path` for [`describe`].
pub fn at(path: &Path, e: Error) -> Error {
    if e.get_ref().is_some_and(|r| r.is::<AtPath>()) {
        return e;
    }
    Error::new(
        e.kind(),
        AtPath {
            path: path.to_path_buf(),
            error: e,
        },
    )
}

/// The path attached by [`at`], if any.
pub fn path_of(e: &Error) -> Option<&Path> {
    e.get_ref()
        .and_then(|r| r.downcast_ref::<AtPath>())
        .map(|a| a.path.as_path())
}

/// What went wrong, in plain words (no path): the ones a user meets are named, anything
/// else is given with the system's own text after a plain lead.
pub fn describe(e: &Error, lang: Lang) -> String {
    let inner = e
        .get_ref()
        .and_then(|r| r.downcast_ref::<AtPath>())
        .map_or(e, |a| &a.error);
    // Windows: Excel holds the file (the one rule, in `platform`).
    if crate::platform::is_file_in_use(inner) {
        return in_use(lang);
    }
    match inner.kind() {
        ErrorKind::NotFound => tr!(lang, "không tìm thấy", "not found"),
        ErrorKind::PermissionDenied => tr!(
            lang,
            "không có quyền (thư mục hay tệp chỉ cho đọc, hoặc đang bị chương trình khác giữ)",
            "permission denied (the folder or file is read-only, or held by another program)"
        ),
        ErrorKind::NotADirectory => tr!(
            lang,
            "một phần của đường dẫn là tệp, không phải thư mục",
            "a part of the path is a file, not a folder"
        ),
        ErrorKind::IsADirectory => tr!(
            lang,
            "đây là một thư mục, không phải tệp",
            "it is a folder, not a file"
        ),
        ErrorKind::AlreadyExists => tr!(
            lang,
            "đã có một tệp cùng tên ở chỗ cần tạo thư mục",
            "a file with that name is where a folder is needed"
        ),
        ErrorKind::StorageFull => tr!(
            lang,
            "ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại",
            "the disk is full; free some space and run again"
        ),
        ErrorKind::QuotaExceeded => tr!(
            lang,
            "đã hết dung lượng được cấp trên ổ đĩa",
            "the disk quota is exceeded"
        ),
        ErrorKind::ReadOnlyFilesystem => tr!(
            lang,
            "ổ đĩa chỉ cho đọc (USB khóa ghi, thư mục mạng chỉ đọc)",
            "the drive is read-only"
        ),
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => in_use(lang),
        ErrorKind::InvalidFilename => tr!(
            lang,
            "tên tệp hay thư mục không hợp lệ",
            "invalid file or folder name"
        ),
        _ => {
            let raw = inner.to_string();
            tr!(lang, "lỗi của hệ thống ({raw})", "system error ({raw})")
        }
    }
}

fn in_use(lang: Lang) -> String {
    tr!(
        lang,
        "đang được mở trong chương trình khác — đóng tệp rồi chạy lại",
        "open in another program — close it and run again"
    )
}

/// "không ghi được '<path>': <plain words>", the path being the one the error carries (see
/// [`at`]) or else `path`.
pub fn write_failed(path: &Path, e: &Error, lang: Lang) -> String {
    let path = path_of(e).unwrap_or(path);
    let p = path.display();
    let why = explain(path, e, lang);
    tr!(
        lang,
        "không ghi được '{p}': {why}",
        "cannot write '{p}': {why}"
    )
}

/// "không đọc được '<path>': <plain words>".
pub fn read_failed(path: &Path, e: &Error, lang: Lang) -> String {
    let path = path_of(e).unwrap_or(path);
    let p = path.display();
    let why = explain(path, e, lang);
    tr!(
        lang,
        "không đọc được '{p}': {why}",
        "cannot read '{p}': {why}"
    )
}

/// [`describe`], naming the ancestor that is a file when the path runs through one (the
/// usual cause: `bao-cao` is a file, so `bao-cao/ket-qua.json` cannot be written).
pub fn explain(path: &Path, e: &Error, lang: Lang) -> String {
    let kind = e
        .get_ref()
        .and_then(|r| r.downcast_ref::<AtPath>())
        .map_or(e.kind(), |a| a.error.kind());
    if matches!(kind, ErrorKind::NotADirectory | ErrorKind::AlreadyExists) {
        if let Some(file) = path.ancestors().skip(1).find(|a| a.is_file()) {
            let f = file.display();
            return tr!(
                lang,
                "'{f}' là một tệp, không phải thư mục; hãy đổi tên hoặc xóa tệp đó",
                "'{f}' is a file, not a folder; rename or remove it"
            );
        }
    }
    describe(e, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_a_user_meets_has_plain_words() {
        let cases = [
            (ErrorKind::NotFound, "không tìm thấy"),
            (ErrorKind::PermissionDenied, "không có quyền"),
            (ErrorKind::StorageFull, "ổ đĩa đã đầy"),
            (ErrorKind::ReadOnlyFilesystem, "ổ đĩa chỉ cho đọc"),
            (
                ErrorKind::ResourceBusy,
                "đang được mở trong chương trình khác",
            ),
        ];
        for (kind, words) in cases {
            let e = Error::from(kind);
            assert!(describe(&e, Lang::Vi).starts_with(words), "{kind:?}");
            assert!(!describe(&e, Lang::En).is_empty());
        }
        // ENOSPC as the system reports it, not only the kind built by hand.
        #[cfg(unix)]
        {
            let full = Error::from_raw_os_error(28);
            assert_eq!(
                describe(&full, Lang::Vi),
                "ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại"
            );
            assert_eq!(
                describe(&full, Lang::En),
                "the disk is full; free some space and run again"
            );
        }
    }

    #[test]
    fn the_path_travels_with_the_error() {
        let e = at(
            Path::new("bao-cao/ket-qua.json"),
            Error::from(ErrorKind::StorageFull),
        );
        assert_eq!(e.kind(), ErrorKind::StorageFull);
        assert_eq!(
            write_failed(Path::new("elsewhere"), &e, Lang::Vi),
            "không ghi được 'bao-cao/ket-qua.json': ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại"
        );
        // Attaching twice keeps the first, innermost path.
        let again = at(Path::new("bao-cao"), e);
        assert_eq!(path_of(&again), Some(Path::new("bao-cao/ket-qua.json")));
    }

    #[test]
    fn a_file_in_place_of_a_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("bao-cao");
        std::fs::write(&out, "").unwrap();
        let target = out.join("ket-qua.json");
        let e = crate::report::write_atomic(&target, b"{}").unwrap_err();
        let m = write_failed(&target, &e, Lang::Vi);
        let o = out.display();
        assert_eq!(
            m,
            format!(
                "không ghi được '{}': '{o}' là một tệp, không phải thư mục; hãy đổi tên hoặc xóa tệp đó",
                target.display()
            )
        );
    }

    #[test]
    fn an_os_refusal_to_open_a_workbook_is_said_plainly() {
        use crate::ingest::workbook::Unreadable;
        use crate::validate::{unreadable_file, At};
        let why = Unreadable::Corrupt(Error::from_raw_os_error(13).to_string());
        let i = unreadable_file(Lang::Vi, At::file("du-lieu/a.xlsx"), &why);
        assert_eq!(
            i.message,
            "Không đọc được tệp: không có quyền (thư mục hay tệp chỉ cho đọc, hoặc đang bị chương trình khác giữ). Tệp được bỏ qua."
        );
        let why = Unreadable::Corrupt("invalid zip header".into());
        let i = unreadable_file(Lang::Vi, At::file("du-lieu/a.xlsx"), &why);
        assert!(i
            .message
            .contains("tệp bị hỏng hoặc chưa chép xong (invalid zip header)"));
    }

    #[cfg(windows)]
    #[test]
    fn a_sharing_violation_is_a_file_in_use() {
        for code in [32, 33] {
            assert_eq!(
                describe(&Error::from_raw_os_error(code), Lang::Vi),
                "đang được mở trong chương trình khác — đóng tệp rồi chạy lại"
            );
        }
    }
}
