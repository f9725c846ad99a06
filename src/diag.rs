//! Definition errors: a problem in a TOML file (objectives or source schemas), located by
//! file, line and column, and rendered as rustc does — the offending line with a caret.

use std::ops::Range;
use std::sync::Arc;

use annotate_snippets::{Level, Renderer, Snippet};

use crate::i18n::Lang;

/// A definitions file as read, kept for locating and showing errors.
#[derive(Debug)]
pub struct SourceText {
    /// The path as shown to the user (relative to the workspace where possible).
    pub path: String,
    pub text: String,
}

/// Every code a definitions error can carry (`muc-tieu/*.toml`, `nguon-du-lieu.toml`);
/// `docs/loi.md` explains each one (tests/docs.rs), and [`DefError::new`] takes no other.
pub const DEFINITION_CODES: &[&str] = &[
    "toml-syntax",
    "unknown-key",
    "missing-key",
    "duplicate-id",
    "duplicate-unit",
    "unknown-source",
    "unknown-field",
    "invalid-enum-value",
    "type-mismatch",
    "filter-syntax",
    "bad-target",
    "bad-measure",
    "bad-scope",
    "bad-date",
    "unreadable-file",
    "unknown-type",
    "missing-header",
    "missing-values",
    "duplicate-header",
    "bad-reference",
];

/// One error in a definitions file. Every error of a run is collected before any is shown.
#[derive(Debug, Clone)]
pub struct DefError {
    pub code: &'static str,
    pub file: Arc<SourceText>,
    /// Byte range in the file; empty at the start of the file when nothing better is known.
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl DefError {
    pub fn new(
        file: &Arc<SourceText>,
        span: Range<usize>,
        code: &'static str,
        message: String,
    ) -> DefError {
        debug_assert!(
            DEFINITION_CODES.contains(&code),
            "definition error code {code} is not in DEFINITION_CODES (and docs/loi.md)"
        );
        let len = file.text.len();
        let start = span.start.min(len);
        let end = span.end.clamp(start, len);
        DefError {
            code,
            file: file.clone(),
            span: start..end,
            message,
            help: None,
        }
    }

    pub fn with_help(mut self, help: Option<String>) -> DefError {
        self.help = help;
        self
    }

    /// 1-based line and column (in characters) of the start of the span.
    pub fn line_col(&self) -> (usize, usize) {
        let before = &self.file.text[..self.span.start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, col)
    }

    /// The error as the terminal shows it: a title, `--> file:line:col`, the line, a caret.
    pub fn render(&self, lang: Lang) -> String {
        let help_title = self.help.clone().unwrap_or_default();
        let mut message = Level::Error.title(&self.message).id(self.code).snippet(
            Snippet::source(&self.file.text)
                .origin(&self.file.path)
                .line_start(1)
                .fold(true)
                .annotation(Level::Error.span(self.span.clone())),
        );
        if self.help.is_some() {
            message = message.footer(Level::Help.title(&help_title));
        }
        let out = Renderer::plain().render(message).to_string();
        match lang {
            Lang::En => out,
            // annotate-snippets writes its level words in English; these are the only two
            // that reach the output, and they stand at fixed places.
            Lang::Vi => out
                .replacen("error[", "lỗi[", 1)
                .replace("= help: ", "= gợi ý: "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_shows_line_column_and_caret() {
        let file = Arc::new(SourceText {
            path: "muc-tieu/a.toml".into(),
            text: "[document]\nunit = \"x\"\ncount = \"hoc_lu == 1\"\n".into(),
        });
        let start = file.text.find("hoc_lu").unwrap();
        let e = DefError::new(
            &file,
            start..start + 6,
            "unknown-field",
            "trường không có".into(),
        )
        .with_help(Some("có phải 'hoc_luc'?".into()));
        assert_eq!(e.line_col(), (3, 10));
        let shown = e.render(Lang::Vi);
        assert!(
            shown.starts_with("lỗi[unknown-field]: trường không có"),
            "{shown}"
        );
        assert!(shown.contains("--> muc-tieu/a.toml:3:10"), "{shown}");
        assert!(shown.contains("^^^^^^"), "{shown}");
        assert!(shown.contains("= gợi ý: có phải 'hoc_luc'?"), "{shown}");
    }
}
