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
    /// "tăng 5% so với năm trước": a target relative to an earlier figure, which mtcl
    /// cannot compute (the earlier figure is not part of this year's definitions).
    Relative,
    /// "Đạt", "Có", "Hoàn thành": a yes/no target, not a figure.
    YesNo,
    /// A bare "0%" or "0": read as "at least 0", it is met by anything.
    BareZero,
    /// A count target with a fraction ("2,5", "1,500"): rows are counted in whole numbers.
    FractionalCount(String),
}

impl Target {
    pub fn parse(written: &str) -> Result<Target, TargetError> {
        let mut t = fold(written)
            .replace('≥', ">=")
            .replace('≤', "<=")
            .replace(['–', '—'], "-");
        // Copied with the end of the objective's sentence: "từ 85% trở lên." / "…;".
        t = t.trim().trim_end_matches(['.', ';', ',', ':']).to_string();
        if let Some(rest) = t.strip_prefix("đạt ") {
            t = rest.to_string();
        }
        let t = t.trim();
        if t.is_empty() {
            return Err(TargetError::Empty);
        }
        if is_yes_no(t) {
            return Err(TargetError::YesNo);
        }
        if is_relative(t) {
            return Err(TargetError::Relative);
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
            // "từ 55% đến 60%" is a range; "từ 85%" alone, the figure upwards.
            match range(r)? {
                Some(found) => found,
                None => one(r, Cmp::AtLeast)?,
            }
        } else if let Some(r) = strip_any(t, &AT_LEAST) {
            one(r, Cmp::AtLeast)?
        } else if let Some(r) = t.strip_prefix("trên ") {
            one(r, Cmp::Above)?
        } else if let Some(r) = t.strip_prefix("dưới ") {
            one(r, Cmp::Below)?
        } else if let Some(r) = strip_any(t, &AT_MOST) {
            one(r, Cmp::AtMost)?
        } else if let Some(found) = range(t)? {
            found
        } else {
            // A bare figure: the figure the plan must reach. "0%" so read is met by
            // anything: whoever wrote it meant "none", which must be written so.
            let (percent, cmp) = one(t, Cmp::AtLeast)?;
            if cmp == Cmp::AtLeast(Ratio::int(0)) {
                return Err(TargetError::BareZero);
            }
            (percent, cmp)
        };
        if !percent {
            let whole = |r: &Ratio| r.is_integer();
            let fractional = match cmp {
                Cmp::Between(lo, hi) => !whole(&lo) || !whole(&hi),
                Cmp::AtLeast(v)
                | Cmp::Above(v)
                | Cmp::Below(v)
                | Cmp::AtMost(v)
                | Cmp::Exactly(v) => !whole(&v),
            };
            if fractional {
                return Err(TargetError::FractionalCount(written.trim().to_string()));
            }
        }
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

/// The words a target names its groups with: what follows a '/' ("05 doanh nghiệp/ngành")
/// or "mỗi" ("tối thiểu 05 doanh nghiệp mỗi ngành"), as one word and as two, folded. A
/// target so written is met by every group, which only `per` computes.
pub fn group_words(written: &str) -> Vec<String> {
    let t = fold(written);
    let mut out = Vec::new();
    let mut push_after = |rest: &str| {
        let words: Vec<&str> = rest
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .take(2)
            .collect();
        if let Some(first) = words.first() {
            out.push(first.to_string());
        }
        if words.len() == 2 {
            out.push(words.join(" "));
        }
    };
    for (i, _) in t.match_indices('/') {
        push_after(&t[i + 1..]);
    }
    for (i, m) in t.match_indices("mỗi ") {
        push_after(&t[i + m.len()..]);
    }
    out
}

/// The phrasings of "at least" and "at most" before a figure ("không dưới 90%" is "not
/// below 90%").
const AT_LEAST: [&str; 5] = [
    "tối thiểu ",
    "ít nhất ",
    "không dưới ",
    "không thấp hơn ",
    "không ít hơn ",
];
const AT_MOST: [&str; 6] = [
    "không quá ",
    "tối đa ",
    "không vượt quá ",
    "không vượt ",
    "không cao hơn ",
    "không nhiều hơn ",
];

fn strip_any<'a>(t: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| t.strip_prefix(p))
}

/// "tăng 5% so với năm trước", "giảm 2%", "cao hơn năm học trước": a change from an earlier
/// figure, not a figure to reach.
fn is_relative(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    // Not "so với" alone: "trên 90% so với chỉ tiêu" is a share to reach.
    ["tăng", "giảm"].contains(&words[0])
        || ["năm trước", "năm học trước", "kỳ trước", "cùng kỳ"]
            .iter()
            .any(|w| t.contains(w))
}

/// "Đạt", "Có", "Hoàn thành", "Được công nhận": a verdict written where a figure belongs.
fn is_yes_no(t: &str) -> bool {
    [
        "đạt",
        "có",
        "hoàn thành",
        "được công nhận",
        "công nhận",
        "không",
        "x",
    ]
    .contains(&t)
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
    // A count in Vietnamese writing groups thousands with dots: "1.200 học sinh" is 1200,
    // never 1,2 (a count has no fraction). A share keeps "85.5%" as a decimal point.
    let grouped;
    let num = if !percent && is_thousands(num) {
        grouped = num.replace('.', "");
        grouped.as_str()
    } else {
        num
    };
    match Ratio::parse_decimal(num) {
        Some(v) => Ok((v, percent)),
        None if num.contains('%') => Err(TargetError::MixedUnits),
        None => Err(TargetError::NotANumber(s.to_string())),
    }
}

/// "1.200", "12.500", "1.000.000": dots between groups of three digits, the first group of
/// one to three digits not starting with 0.
fn is_thousands(num: &str) -> bool {
    let mut groups = num.split('.');
    let first = groups.next().unwrap_or("");
    let mut rest = groups.peekable();
    rest.peek().is_some()
        && (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && first.chars().all(|c| c.is_ascii_digit())
        && rest.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
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
    fn phrasings_of_not_below_and_not_above() {
        for s in [
            "không dưới 90%",
            "Không thấp hơn 90%",
            "không ít hơn 90%",
            "từ 90%",
            "đạt từ 90%",
        ] {
            assert_eq!(parsed(s), (true, Cmp::AtLeast(r(90))), "{s}");
        }
        for s in [
            "không vượt quá 10%",
            "không cao hơn 10%",
            "không nhiều hơn 10%",
        ] {
            assert_eq!(parsed(s), (true, Cmp::AtMost(r(10))), "{s}");
        }
        assert_eq!(parsed("từ 55% đến 60%"), (true, Cmp::Between(r(55), r(60))));
    }

    #[test]
    fn the_end_of_the_objective_s_sentence_is_not_part_of_the_target() {
        assert_eq!(parsed("từ 85% trở lên."), (true, Cmp::AtLeast(r(85))));
        assert_eq!(parsed("đạt từ 30% trở lên;"), (true, Cmp::AtLeast(r(30))));
        assert_eq!(
            parsed("tối thiểu 05 doanh nghiệp."),
            (false, Cmp::AtLeast(r(5)))
        );
    }

    #[test]
    fn a_count_groups_thousands_with_dots() {
        // "1.200 học sinh" read as 1,2 was met by 17 students.
        assert_eq!(
            parsed("tối thiểu 1.200 học sinh"),
            (false, Cmp::AtLeast(r(1200)))
        );
        assert_eq!(parsed("trên 1.000"), (false, Cmp::Above(r(1000))));
        assert_eq!(parsed("1.000.000"), (false, Cmp::AtLeast(r(1_000_000))));
        assert_eq!(
            parsed("từ 1.000 đến 2.000"),
            (false, Cmp::Between(r(1000), r(2000)))
        );
        assert!(!Target::parse("tối thiểu 1.200 học sinh")
            .unwrap()
            .met_by(r(17)));
        // A share keeps its decimal point or comma.
        assert_eq!(parsed("85.5%"), (true, Cmp::AtLeast(Ratio::new(171, 2))));
        assert_eq!(parsed("85,5%"), (true, Cmp::AtLeast(Ratio::new(171, 2))));
        // A count with a fraction is no count.
        for s in ["1,5", "1,500", "2.5", "tối thiểu 0.500", "1,5÷2"] {
            assert!(
                matches!(Target::parse(s), Err(TargetError::FractionalCount(_))),
                "{s}"
            );
        }
    }

    #[test]
    fn targets_mtcl_cannot_compute_are_errors_of_their_own() {
        for s in [
            "tăng 5% so với năm trước",
            "Giảm 2%",
            "cao hơn năm học trước",
            "bằng cùng kỳ",
        ] {
            assert_eq!(Target::parse(s), Err(TargetError::Relative), "{s}");
        }
        // A share of the quota is no relative target.
        assert_eq!(
            parsed("trên 90% so với chỉ tiêu"),
            (true, Cmp::Above(r(90)))
        );
        for s in ["Đạt", "Có", "hoàn thành", "Được công nhận"] {
            assert_eq!(Target::parse(s), Err(TargetError::YesNo), "{s}");
        }
        // A bare 0 is "at least 0", met by anything; written so, it is meant.
        for s in ["0%", "0", "đạt 0%", "00"] {
            assert_eq!(Target::parse(s), Err(TargetError::BareZero), "{s}");
        }
        assert_eq!(parsed("= 0%"), (true, Cmp::Exactly(r(0))));
        assert_eq!(parsed("không quá 0%"), (true, Cmp::AtMost(r(0))));
    }

    #[test]
    fn the_words_naming_groups_are_found() {
        assert_eq!(group_words("05 doanh nghiệp/ngành"), ["ngành"]);
        assert_eq!(
            group_words("tối thiểu 05 doanh nghiệp mỗi ngành"),
            ["ngành"]
        );
        assert_eq!(
            group_words("100% mỗi chương trình"),
            ["chương", "chương trình"]
        );
        assert_eq!(group_words("90%/Lớp"), ["lớp"]);
        assert!(group_words("tối thiểu 05 doanh nghiệp").is_empty());
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
