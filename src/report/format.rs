//! How a figure and a verdict are written, in every report and on the terminal: one place,
//! so the JSON, the documents, the workbooks and the summary never disagree.

use crate::compute::Figure;
use crate::i18n::Lang;
use crate::text::vi_number;

/// The verdict as the official documents write it (always Vietnamese).
pub fn verdict_vi(achieved: Option<bool>) -> &'static str {
    match achieved {
        Some(true) => "Đạt",
        Some(false) => "Không đạt",
        None => "Không có dữ liệu",
    }
}

/// The verdict in the user's language, for the terminal.
pub fn verdict(achieved: Option<bool>, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => verdict_vi(achieved),
        Lang::En => match achieved {
            Some(true) => "achieved",
            Some(false) => "not achieved",
            None => "no data",
        },
    }
}

/// The value alone: "85,7%" for a percentage (one decimal), "12" for a count; "—" when
/// there is no value.
pub fn value(f: &Figure, percent: bool) -> String {
    match f.value {
        None => "—".to_string(),
        Some(v) if percent => format!("{}%", vi_number(v.to_f64(), 1)),
        Some(v) => vi_number(v.to_f64(), 2),
    }
}

/// The value with what it is made of: "85,7% (120/140)", "12".
pub fn figure(f: &Figure, percent: bool) -> String {
    match (f.denominator, percent) {
        (Some(d), true) => format!(
            "{} ({}/{})",
            value(f, percent),
            vi_number(f.numerator.to_f64(), 2),
            vi_number(d.to_f64(), 2)
        ),
        _ => value(f, percent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::Ratio;

    #[test]
    fn percentages_use_a_decimal_comma_and_show_their_parts() {
        let f = Figure {
            numerator: Ratio::int(6),
            denominator: Some(Ratio::int(7)),
            value: Ratio::percent_of(Ratio::int(6), Ratio::int(7)),
        };
        assert_eq!(figure(&f, true), "85,7% (6/7)");
        let none = Figure {
            numerator: Ratio::int(0),
            denominator: Some(Ratio::int(0)),
            value: None,
        };
        assert_eq!(figure(&none, true), "— (0/0)");
        let count = Figure {
            numerator: Ratio::int(12),
            denominator: None,
            value: Some(Ratio::int(12)),
        };
        assert_eq!(figure(&count, false), "12");
    }
}
