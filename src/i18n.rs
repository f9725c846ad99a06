//! The language of messages: Vietnamese by default, English with `--lang en` or `LANG=en*`.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// `--lang` if given anywhere on the command line, else `LANG`/`LC_ALL` starting with
    /// "en", else Vietnamese. Read before clap parses, because the help text depends on it.
    pub fn detect(args: &[String]) -> Lang {
        for (i, a) in args.iter().enumerate() {
            let v = if let Some(v) = a.strip_prefix("--lang=") {
                Some(v)
            } else if a == "--lang" {
                args.get(i + 1).map(String::as_str)
            } else {
                None
            };
            match v {
                Some("en") => return Lang::En,
                Some("vi") => return Lang::Vi,
                _ => {}
            }
        }
        for var in ["LC_ALL", "LANG"] {
            if let Ok(v) = std::env::var(var) {
                if !v.is_empty() {
                    return if v.starts_with("en") {
                        Lang::En
                    } else {
                        Lang::Vi
                    };
                }
            }
        }
        Lang::Vi
    }
}

/// `tr!(lang, "vi text {x}", "en text {x}")`: one message in both languages, side by side,
/// so that neither can be forgotten.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $vi:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Vi => format!($vi),
            $crate::i18n::Lang::En => format!($en),
        }
    };
}

/// "có phải 'x'?" for the candidate nearest to `word`, when one is close enough.
pub fn did_you_mean<'a>(
    lang: Lang,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    crate::text::suggest(word, candidates)
        .map(|s| tr!(lang, "có phải '{s}'?", "did you mean '{s}'?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_flag_wins_over_environment() {
        let args: Vec<String> = ["mtcl", "check", "--lang", "en"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(Lang::detect(&args), Lang::En);
        let args: Vec<String> = ["mtcl", "--lang=vi"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(Lang::detect(&args), Lang::Vi);
    }

    #[test]
    fn tr_picks_the_language() {
        let n = 3;
        assert_eq!(tr!(Lang::Vi, "{n} lỗi", "{n} errors"), "3 lỗi");
        assert_eq!(tr!(Lang::En, "{n} lỗi", "{n} errors"), "3 errors");
    }
}
