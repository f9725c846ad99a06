//! Targets (chỉ tiêu): the symbolic forms and the phrasings Vietnamese plans use, so that a
//! target can be copied from the objective's own text ("từ 85% trở lên", "55% ÷ 60%", "1÷2").

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
        } else if let Some(r) = t.strip_prefix('=') {
            one(r, Cmp::Exactly)?
        } else if let Some(r) = t
            .strip_prefix("từ ")
            .and_then(|r| r.strip_suffix(" trở lên"))
        {
            one(r, Cmp::AtLeast)?
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
            one(t, Cmp::Exactly)?
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

/// "85%", "85 %", "05", "85,5%".
fn quantity(s: &str) -> Result<(Ratio, bool), TargetError> {
    let s = s.trim();
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
    fn exact_forms() {
        assert_eq!(parsed("= 100%"), (true, Cmp::Exactly(r(100))));
        assert_eq!(parsed("100%"), (true, Cmp::Exactly(r(100))));
        assert_eq!(parsed("06"), (false, Cmp::Exactly(r(6))));
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
