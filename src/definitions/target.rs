//! Targets (chỉ tiêu): the symbolic forms and the phrasings Vietnamese plans use, so that a
//! target can be copied from the objective's own text ("từ 85% trở lên", "55% ÷ 60%", "1÷2").
//!
//! A bare figure ("90%", "đạt 90%", "05") is the figure the plan must reach: "≥". Equality
//! only when written so ("= 5", "đúng 5"). Words after a number name what is counted
//! ("tối thiểu 05 doanh nghiệp", "06 sinh viên") and are ignored.

use crate::exact::Ratio;
use crate::text::fold;

/// A parsed target: a comparison against a percentage or against a count.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// As written in the definitions, shown in reports.
    pub text: String,
    /// `true` when the target is a percentage ("85%"), `false` for a count ("tối thiểu 05").
    pub percent: bool,
    pub cmp: Cmp,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cmp {
    AtLeast(Ratio),
    Above(Ratio),
    Below(Ratio),
    AtMost(Ratio),
    Exactly(Ratio),
    /// Inclusive at both ends.
    Between(Ratio, Ratio),
}

/// Why a target could not be read; the message is chosen by the caller's language.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetError {
    Empty,
    NotANumber(String),
    ReversedRange,
    MixedUnits,
}

impl Target {
    pub fn parse(written: &str) -> Result<Target, TargetError> {
        let mut t = fold(written)
            .replace('≥', ">=")
            .replace('≤', "<=")
            .replace(['–', '—'], "-");
        if let Some(rest) = t.strip_prefix("đạt ") {
            t = rest.to_string();
        }
        let t = t.trim();
        if t.is_empty() {
            return Err(TargetError::Empty);
        }
        let one = |rest: &str, make: fn(Ratio) -> Cmp| -> Result<(bool, Cmp), TargetError> {
            let (v, pct) = quantity(rest)?;
            Ok((pct, make(v)))
        };
        let (percent, cmp) = if let Some(r) = t.strip_prefix(">=") {
            one(r, Cmp::AtLeast)?
        } else if let Some(r) = t.strip_prefix("<=") {
            one(r, Cmp::AtMost)?
        } else if let Some(r) = t.strip_prefix('>') {
            one(r, Cmp::Above)?
        } else if let Some(r) = t.strip_prefix('<') {
            one(r, Cmp::Below)?
        } else if let Some(r) = t.strip_prefix('=').or_else(|| t.strip_prefix("đúng ")) {
            one(r, Cmp::Exactly)?
        } else if let Some(r) = t.strip_suffix(" trở lên") {
            one(r.strip_prefix("từ ").unwrap_or(r), Cmp::AtLeast)?
        } else if let Some(r) = t.strip_suffix(" trở xuống") {
            one(r.strip_prefix("từ ").unwrap_or(r), Cmp::AtMost)?
        } else if let Some(r) = t.strip_prefix("từ ") {
            range(r)?.ok_or_else(|| TargetError::NotANumber(written.trim().to_string()))?
        } else if let Some(r) = t
            .strip_prefix("tối thiểu ")
            .or_else(|| t.strip_prefix("ít nhất "))
        {
            one(r, Cmp::AtLeast)?
        } else if let Some(r) = t.strip_prefix("trên ") {
            one(r, Cmp::Above)?
        } else if let Some(r) = t.strip_prefix("dưới ") {
            one(r, Cmp::Below)?
        } else if let Some(r) = t
            .strip_prefix("không quá ")
            .or_else(|| t.strip_prefix("tối đa "))
        {
            one(r, Cmp::AtMost)?
        } else if let Some(found) = range(t)? {
            found
        } else {
            // A bare figure: the figure the plan must reach.
            one(t, Cmp::AtLeast)?
        };
        Ok(Target {
            text: written.trim().to_string(),
            percent,
            cmp,
        })
    }

    /// Whether a value (a percentage when `percent`, else a count) meets the target.
    pub fn met_by(&self, v: Ratio) -> bool {
        match self.cmp {
            Cmp::AtLeast(t) => v >= t,
            Cmp::Above(t) => v > t,
            Cmp::Below(t) => v < t,
            Cmp::AtMost(t) => v <= t,
            Cmp::Exactly(t) => v == t,
            Cmp::Between(lo, hi) => lo <= v && v <= hi,
        }
    }
}

/// "X ÷ Y", "X - Y", "X đến Y"; `None` when the text has no range separator.
fn range(t: &str) -> Result<Option<(bool, Cmp)>, TargetError> {
    let parts: Option<(&str, &str)> = t
        .split_once('÷')
        .or_else(|| t.split_once(" đến "))
        .or_else(|| t.split_once('-'));
    let Some((a, b)) = parts else {
        return Ok(None);
    };
    // "06 học sinh - sinh viên": a dash inside the words after a figure is no range.
    if !b.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return Ok(None);
    }
    let (lo, p1) = quantity(a)?;
    let (hi, p2) = quantity(b)?;
    // "98÷100 %" puts one sign after the pair; "55% - 60%" on each side. A percent on one
    // side only stands for both, but a percent next to an explicit count ("5% - 7 người")
    // cannot be told apart from a typo, and there is no such unit here anyway.
    if lo > hi {
        return Err(TargetError::ReversedRange);
    }
    Ok(Some((p1 || p2, Cmp::Between(lo, hi))))
}

/// "85%", "85 %", "05", "85,5%", "05 doanh nghiệp" (words after the figure name what is
/// counted and are ignored).
fn quantity(s: &str) -> Result<(Ratio, bool), TargetError> {
    let s = s.trim();
    let s = without_counted_words(s);
    let (num, percent) = match s.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (s, false),
    };
    match Ratio::parse_decimal(num) {
        Some(v) => Ok((v, percent)),
        None if num.contains('%') => Err(TargetError::MixedUnits),
        None => Err(TargetError::NotANumber(s.to_string())),
    }
}

/// "05 doanh nghiệp" → "05", "90% học sinh" → "90%": the words after a figure, when they
/// are only words (no further figure), are what is counted.
fn without_counted_words(s: &str) -> &str {
    let figure_end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.' || c == '%' || c == ' '))
        .map(|(i, _)| i);
    match figure_end {
        Some(i) if i > 0 && s[i..].starts_with(char::is_alphabetic) => {
            let words = &s[i..];
            if words.chars().any(|c| c.is_ascii_digit()) {
                s
            } else {
                s[..i].trim_end()
            }
        }
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64) -> Ratio {
        Ratio::int(n)
    }

    fn parsed(s: &str) -> (bool, Cmp) {
        let t = Target::parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        (t.percent, t.cmp)
    }

    #[test]
    fn at_least_forms() {
        for s in [
            ">= 85%",
            "≥85%",
            "từ 85% trở lên",
            "tối thiểu 85%",
            "ít nhất 85%",
            "đạt từ 85% trở lên",
        ] {
            assert_eq!(parsed(s), (true, Cmp::AtLeast(r(85))), "{s}");
        }
    }

    #[test]
    fn above_below_at_most_forms() {
        assert_eq!(parsed("> 90%"), (true, Cmp::Above(r(90))));
        assert_eq!(parsed("trên 90%"), (true, Cmp::Above(r(90))));
        assert_eq!(parsed("< 10%"), (true, Cmp::Below(r(10))));
        assert_eq!(parsed("dưới 10%"), (true, Cmp::Below(r(10))));
        for s in ["<= 10%", "không quá 10%", "tối đa 10%"] {
            assert_eq!(parsed(s), (true, Cmp::AtMost(r(10))), "{s}");
        }
    }

    #[test]
    fn exact_only_when_written_so() {
        assert_eq!(parsed("= 100%"), (true, Cmp::Exactly(r(100))));
        assert_eq!(parsed("=5"), (false, Cmp::Exactly(r(5))));
        assert_eq!(parsed("đúng 5"), (false, Cmp::Exactly(r(5))));
        assert_eq!(parsed("Đúng 05 doanh nghiệp"), (false, Cmp::Exactly(r(5))));
    }

    #[test]
    fn a_bare_figure_is_the_figure_to_reach() {
        assert_eq!(parsed("100%"), (true, Cmp::AtLeast(r(100))));
        assert_eq!(parsed("55%"), (true, Cmp::AtLeast(r(55))));
        assert_eq!(parsed("đạt 90%"), (true, Cmp::AtLeast(r(90))));
        assert_eq!(parsed("06"), (false, Cmp::AtLeast(r(6))));
        assert_eq!(parsed("5"), (false, Cmp::AtLeast(r(5))));
        let pct = |n, d| Ratio::percent_of(r(n), r(d)).unwrap();
        // "đạt 90%" is met by 93%; "5" by 6 partner companies; "55%" by 60%.
        assert!(Target::parse("đạt 90%").unwrap().met_by(pct(93, 100)));
        assert!(Target::parse("5").unwrap().met_by(r(6)));
        assert!(!Target::parse("5").unwrap().met_by(r(4)));
        assert!(Target::parse("55%").unwrap().met_by(pct(60, 100)));
        assert!(!Target::parse("= 5").unwrap().met_by(r(6)));
        assert!(!Target::parse("= 55%").unwrap().met_by(pct(60, 100)));
    }

    #[test]
    fn words_after_the_figure_name_what_is_counted() {
        assert_eq!(
            parsed("tối thiểu 05 doanh nghiệp"),
            (false, Cmp::AtLeast(r(5)))
        );
        assert_eq!(parsed("06 sinh viên"), (false, Cmp::AtLeast(r(6))));
        assert_eq!(
            parsed("06 học sinh - sinh viên"),
            (false, Cmp::AtLeast(r(6)))
        );
        assert_eq!(parsed("90% học sinh"), (true, Cmp::AtLeast(r(90))));
        assert_eq!(
            parsed("từ 5 đến 10 doanh nghiệp"),
            (false, Cmp::Between(r(5), r(10)))
        );
        assert_eq!(parsed("2 sinh viên trở xuống"), (false, Cmp::AtMost(r(2))));
        assert_eq!(parsed("10 người trở lên"), (false, Cmp::AtLeast(r(10))));
        assert!(Target::parse("5 người 7").is_err());
    }

    #[test]
    fn range_forms_as_the_seeds_write_them() {
        for s in ["55% - 60%", "55% ÷ 60%", "từ 55% đến 60%"] {
            assert_eq!(parsed(s), (true, Cmp::Between(r(55), r(60))), "{s}");
        }
        assert_eq!(parsed("1÷2"), (false, Cmp::Between(r(1), r(2))));
        assert_eq!(parsed("1÷ 2"), (false, Cmp::Between(r(1), r(2))));
        assert_eq!(parsed("98÷100 %"), (true, Cmp::Between(r(98), r(100))));
        assert_eq!(parsed("từ 96% ÷ 99%"), (true, Cmp::Between(r(96), r(99))));
        assert_eq!(parsed("từ 20 đến 30"), (false, Cmp::Between(r(20), r(30))));
    }

    #[test]
    fn count_forms() {
        assert_eq!(parsed(">= 5"), (false, Cmp::AtLeast(r(5))));
        assert_eq!(parsed("tối thiểu 05"), (false, Cmp::AtLeast(r(5))));
    }

    #[test]
    fn bad_targets_are_errors() {
        assert_eq!(Target::parse(""), Err(TargetError::Empty));
        assert!(matches!(
            Target::parse("khoảng 85%"),
            Err(TargetError::NotANumber(_))
        ));
        assert_eq!(Target::parse("60% ÷ 55%"), Err(TargetError::ReversedRange));
    }

    #[test]
    fn boundaries_are_exact() {
        let pct = |n, d| Ratio::percent_of(r(n), r(d)).unwrap();
        let t = Target::parse(">= 85%").unwrap();
        assert!(t.met_by(pct(17, 20)));
        assert!(!t.met_by(pct(169, 200)));
        assert!(!Target::parse("< 10%").unwrap().met_by(pct(1, 10)));
        assert!(Target::parse("< 10%").unwrap().met_by(pct(99, 1000)));
        let range = Target::parse("55% ÷ 60%").unwrap();
        assert!(range.met_by(pct(11, 20)) && range.met_by(pct(3, 5)));
        assert!(!range.met_by(pct(601, 1000)));
    }
}
