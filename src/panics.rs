//! What a panic prints. A panic inside calamine on one workbook is caught and becomes that
//! file's `unreadable-file` issue; Rust's default hook would still print a raw message
//! ("thread '<unnamed>' panicked at …/calamine/…") on stderr. [`install`] replaces the hook:
//! a panic inside [`reported`] prints nothing (the issue says it), any other panic — a bug —
//! one line in the user's language. With `MTCL_DEBUG` or `RUST_BACKTRACE` set, the default
//! hook stays, so a real bug keeps its full message and backtrace.

use std::cell::Cell;

use crate::i18n::Lang;
use crate::tr;

thread_local! {
    /// Whether this thread is inside [`reported`].
    static REPORTED: Cell<bool> = const { Cell::new(false) };
}

/// Whether the user asked for raw panic messages (`MTCL_DEBUG`, `RUST_BACKTRACE`).
pub fn debugging() -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0");
    set("MTCL_DEBUG") || set("RUST_BACKTRACE")
}

/// Runs `f`, whose panics the caller catches and reports itself: the hook prints nothing
/// for them.
pub fn reported<T>(f: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            REPORTED.with(|r| r.set(self.0));
        }
    }
    let _reset = Reset(REPORTED.with(|r| r.replace(true)));
    f()
}

/// The text of a panic's payload.
pub fn message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Installs the hook described in the module notes (unless [`debugging`]).
pub fn install(lang: Lang) {
    if debugging() {
        return;
    }
    std::panic::set_hook(Box::new(move |info| {
        if REPORTED.with(|r| r.get()) {
            return;
        }
        let what = message(info.payload());
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "{}",
            tr!(
                lang,
                "Lỗi nội bộ của mtcl ({what}; {at}). Xin báo lỗi này kèm lệnh đã chạy; đặt biến môi trường MTCL_DEBUG=1 để xem chi tiết.",
                "Internal error in mtcl ({what}; {at}). Please report it with the command you ran; set MTCL_DEBUG=1 for details."
            )
        );
    }));
}
