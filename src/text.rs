//! Text rules shared by every stage: how names, headers and enum values are compared, how a
//! unit name becomes a file name, and how numbers and dates are written in Vietnamese.
//!
//! Each rule lives here once; nothing else folds case, strips accents or formats a number.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters that show nothing and mean nothing in a cell: zero-width space, joiners,
/// word joiner, byte-order mark — pasted in from web pages and chat, they make
/// "Kh\u{200B}á" a different text from "Khá" though the two look the same. (Not the soft
/// hyphen U+00AD: it is the byte of "ư" in TCVN3 text.)
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// NFC, invisible characters ([`is_invisible`]) dropped, surrounding white space trimmed,
/// inner runs of white space (line breaks included) collapsed to one space. The form in
/// which text values are stored.
pub fn clean(s: &str) -> String {
    clean_cow(s).into_owned()
}

/// [`clean`], borrowed from `s` when cleaning only trims it (almost every cell).
pub fn clean_cow(s: &str) -> std::borrow::Cow<'_, str> {
    let t = s.trim();
    // Fast path, taken by almost every cell: already NFC, no runs of white space.
    if is_tidy(t) && (t.is_ascii() || is_nfc_quick(t.chars()) == IsNormalized::Yes) {
        return std::borrow::Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(s.len());
    let visible: String = t.chars().filter(|&c| !is_invisible(c)).collect();
    for word in visible.nfc().collect::<String>().split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    std::borrow::Cow::Owned(out)
}

/// No white space at either end, inside only single plain spaces, and no invisible
/// character: the text [`clean`] leaves.
pub fn is_tidy(s: &str) -> bool {
    let mut prev_space = true; // a leading space is as bad as a doubled one
    let tidy = s.chars().all(|c| {
        let bad = c.is_whitespace() && (c != ' ' || prev_space) || is_invisible(c);
        prev_space = c == ' ';
        !bad
    });
    tidy && !s.ends_with(' ')
}

/// The form in which headers, enum values, unit names and text filters are compared:
/// [`clean`], then lower case.
pub fn fold(s: &str) -> String {
    let mut c = clean(s);
    if c.is_ascii() {
        c.make_ascii_lowercase();
        c
    } else {
        c.to_lowercase()
    }
}

/// [`fold`] with the Vietnamese diacritics removed ("Khóa" → "khoa", "Đạt" → "dat"): the
/// accent-insensitive form, tried only when the exact fold is not decisive.
pub fn strip_accents(s: &str) -> String {
    strip_folded(fold(s))
}

/// [`strip_accents`] of a text already [`fold`]ed: `strip_folded(fold(s)) ==
/// strip_accents(s)`, for callers that need both forms (header matching).
pub fn strip_folded(folded: String) -> String {
    if folded.is_ascii() {
        return folded;
    }
    // Character by character: a precomposed letter is decomposed on its own and its
    // combining marks dropped (no buffering iterator over the whole string).
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            // 'ð' (from 'Ð' U+00D0, the Icelandic eth): the look-alike of 'Đ' that text
            // typed with some fonts or copied from PDFs carries ("Khoa Ðiện").
            'đ' | 'Đ' | 'ð' => out.push('d'),
            c if c.is_ascii() => out.push(c),
            c => decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    out.push(d)
                }
            }),
        }
    }
    out
}

/// The key under which unit names are matched: accents stripped, an optional leading
/// "Khoa" dropped, so "Khoa Cơ khí", "CƠ KHÍ" and "co khi" are one unit.
pub fn unit_key(s: &str) -> String {
    let k = strip_accents(s);
    match k.strip_prefix("khoa ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => k,
    }
}

/// The key under which unit names (a unit column, a folder name, a document's unit and
/// aliases) are matched: [`unit_key`] with separators ("-", "_", ".", ":") read as spaces, so
/// the folder `khoa-co-khi` is "Khoa Cơ khí" and so is "Khoa: Cơ khí".
pub fn unit_match_key(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| {
            if matches!(c, '-' | '_' | '.' | ':') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let k = unit_key(&spaced);
    k.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An ASCII file-name slug: "Khoa Cơ khí" → `khoa-co-khi`. Never empty, never a path.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in strip_accents(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("don-vi");
    }
    out.truncate(80);
    out
}

/// A number the Vietnamese way: decimal comma, "." between thousands from 10.000 up,
/// at most `decimals` decimals with trailing zeros dropped (85,7; 100; 12.345,5).
pub fn vi_number(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (s.clone(), String::new()),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", int),
    };
    let grouped = if digits.len() > 4 {
        let mut g = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                g.push('.');
            }
            g.push(ch);
        }
        g
    } else {
        digits
    };
    let sign = if grouped.chars().all(|c| c == '0' || c == '.') && frac.is_empty() {
        ""
    } else {
        sign
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// How a field reads the separators of a number typed as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    /// `integer` fields: ".", " " and "," group thousands ("1.000" is a thousand, never 1).
    Integer,
    /// `number` and `percent` fields: "," is the decimal mark; "." is one too, unless it
    /// groups thousands ("1.200,5").
    Decimal,
}

/// A number typed as text, read the Vietnamese way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumberText {
    Value(f64),
    /// The text reads two ways in its field ("1.200" in a score: 1,2 or 1200); neither
    /// is taken.
    TwoWays(f64, f64),
}

/// Reads a number typed as text: an optional sign, digits grouped by thousands and a
/// decimal mark as `kind` says, an optional trailing "%" (returned as `true`). `None` when
/// it is not a number ("1.20.0", "12a").
pub fn parse_vi_number(s: &str, kind: NumberKind) -> Option<(NumberText, bool)> {
    // Full-width digits and marks ("８,５", typed with an East Asian input method) are the
    // ASCII ones.
    let c = clean(s);
    let c: String = if c.is_ascii() {
        c
    } else {
        c.chars()
            .map(|ch| match ch {
                '\u{FF10}'..='\u{FF19}' | '\u{FF0C}' | '\u{FF0E}' | '\u{FF05}' | '\u{FF0D}' => {
                    char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch)
                }
                _ => ch,
            })
            .collect()
    };
    let (body, pct) = match c.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (c.as_str(), false),
    };
    let (neg, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, body.strip_prefix('+').unwrap_or(body).trim_start()),
    };
    if body.is_empty()
        || !body.starts_with(|c: char| c.is_ascii_digit())
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
    {
        return None;
    }
    let signed = |x: f64| if neg && x != 0.0 { -x } else { x };
    let value = |int: &str, frac: &str| -> Option<f64> {
        let t = if frac.is_empty() {
            int.to_string()
        } else {
            format!("{int}.{frac}")
        };
        t.parse::<f64>().ok().map(signed)
    };
    let seps: Vec<char> = {
        let mut v: Vec<char> = body.chars().filter(|c| !c.is_ascii_digit()).collect();
        v.dedup();
        v
    };
    // Digits grouped by thousands with `sep`: "1.200.000", "1 150".
    let grouped = |t: &str, sep: char| -> Option<String> {
        let groups: Vec<&str> = t.split(sep).collect();
        let ok = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[0].chars().all(|c| c.is_ascii_digit())
            && groups[0] != "0"
            && groups[1..]
                .iter()
                .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        ok.then(|| groups.concat())
    };
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let one = |x: Option<f64>| x.map(|v| (NumberText::Value(v), pct));
    match seps.as_slice() {
        [] => one(value(body, "")),
        // One kind of separator: a thousands group, else (once only) a decimal mark.
        [sep] => {
            let sep = *sep;
            let thousands = grouped(body, sep);
            let decimal = match body.split_once(sep) {
                Some((i, f)) if sep != ' ' && digits(i) && digits(f) => Some((i, f)),
                _ => None,
            };
            match (kind, thousands, decimal) {
                (_, Some(t), None) => one(value(&t, "")),
                (_, None, Some((i, f))) => one(value(i, f)),
                (NumberKind::Integer, Some(t), Some(_)) => one(value(&t, "")),
                (NumberKind::Decimal, Some(_), Some((i, f))) if sep == ',' => one(value(i, f)),
                (NumberKind::Decimal, Some(t), Some((i, f))) => {
                    let (a, b) = (value(i, f)?, value(&t, "")?);
                    Some((NumberText::TwoWays(a, b), pct))
                }
                (_, None, None) => None,
            }
        }
        // Two separators: the last is the decimal mark, the other groups thousands
        // ("1.200,5", "1 200,5"; "1,200.5" as some exports write it).
        _ => {
            let last = body.rfind(['.', ','])?;
            let (int, frac) = (&body[..last], &body[last + 1..]);
            let mark = body[last..].chars().next()?;
            if !digits(frac) || int.contains(mark) {
                return None;
            }
            let mut group_seps: Vec<char> = int.chars().filter(|c| !c.is_ascii_digit()).collect();
            group_seps.dedup();
            let [sep] = group_seps.as_slice() else {
                return None;
            };
            let t = grouped(int, *sep)?;
            one(value(&t, frac))
        }
    }
}

/// A date in running text: "ngày 01 tháng 12 năm 2021" (day and month with a leading zero).
pub fn vi_date_words(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "ngày {:02} tháng {:02} năm {}",
        d.day(),
        d.month(),
        d.year()
    )
}

/// The closest candidate to `word` by edit distance on the accent-stripped forms, if it is
/// close enough to be a plausible typo ("Kha" → "Khá", "hoc_lu" → "hoc_luc").
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = strip_accents(word);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = levenshtein(&w, &strip_accents(c));
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let limit = (w.chars().count() / 3).max(1);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// [`suggest`] for a cell of a list column, with two more ways offices write a value: the
/// value followed by more words ("Khá giỏi" → "Khá", the longest value the cell begins
/// with, word for word), and the initials of a value of several words ("TB" → "Trung
/// bình", "TBK" → "Trung bình khá"), when exactly one value has them.
pub fn suggest_value<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    if let Some(s) = suggest(word, candidates.clone()) {
        return Some(s);
    }
    let w = strip_accents(word);
    let words: Vec<&str> = w
        .split(|c: char| !c.is_alphanumeric())
        .filter(|x| !x.is_empty())
        .collect();
    let prefix = candidates
        .clone()
        .into_iter()
        .filter(|c| {
            let cw: Vec<String> = strip_accents(c)
                .split(|c: char| !c.is_alphanumeric())
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect();
            !cw.is_empty() && cw.len() < words.len() && cw.iter().zip(&words).all(|(a, b)| a == b)
        })
        .max_by_key(|c| c.chars().count());
    if prefix.is_some() {
        return prefix;
    }
    if words.len() != 1 || w.chars().count() < 2 {
        return None;
    }
    let initials = |c: &str| -> String {
        strip_accents(c)
            .split(|c: char| !c.is_alphanumeric())
            .filter_map(|x| x.chars().next())
            .collect()
    };
    let mut by_initials = candidates
        .into_iter()
        .filter(|c| c.split_whitespace().count() >= 2 && initials(c) == w);
    match (by_initials.next(), by_initials.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_trims_composes_and_collapses() {
        assert_eq!(clean("  Cơ khí  "), "Cơ khí");
        assert_eq!(clean("Kha\u{301}"), "Khá");
        assert_eq!(clean("Học\nlực"), "Học lực");
        assert_eq!(clean("a \t b"), "a b");
        assert_eq!(clean("a\u{a0}b"), "a b");
    }

    #[test]
    fn fold_composes_lowers_and_collapses_spaces() {
        // "Khá" with a combining acute accent, extra spaces and a line break.
        assert_eq!(fold("  KHA\u{301}\n  giỏi "), "khá giỏi");
    }

    #[test]
    fn strip_accents_removes_marks_and_d_bar() {
        assert_eq!(strip_accents("Đạt chuẩn Khóa"), "dat chuan khoa");
    }

    #[test]
    fn unit_key_drops_leading_khoa() {
        assert_eq!(unit_key("Khoa Cơ khí"), "co khi");
        assert_eq!(unit_key("CƠ KHÍ"), "co khi");
        assert_eq!(unit_key("Khoa"), "khoa");
        // The eth look-alike of Đ.
        assert_eq!(unit_key("Khoa \u{D0}iện"), unit_key("Khoa Điện"));
        assert_eq!(strip_accents("\u{D0}ạt"), "dat");
    }

    #[test]
    fn slug_is_ascii_and_safe() {
        assert_eq!(slug("Khoa Cơ khí"), "khoa-co-khi");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("***"), "don-vi");
    }

    #[test]
    fn vi_number_uses_decimal_comma_and_thousands_dot() {
        assert_eq!(vi_number(85.714, 1), "85,7");
        assert_eq!(vi_number(100.0, 1), "100");
        assert_eq!(vi_number(1234.0, 0), "1234");
        assert_eq!(vi_number(12345.5, 1), "12.345,5");
        assert_eq!(vi_number(-0.01, 1), "0");
    }

    fn read(s: &str, kind: NumberKind) -> Option<NumberText> {
        parse_vi_number(s, kind).map(|(n, _)| n)
    }

    #[test]
    fn integers_group_thousands_by_dot_space_and_comma() {
        use NumberText::Value as V;
        let i = NumberKind::Integer;
        for (s, x) in [
            ("1.000", 1000.0),
            ("2.000", 2000.0),
            ("12.000", 12000.0),
            ("1.200", 1200.0),
            ("1,000", 1000.0),
            ("1,200", 1200.0),
            ("1,635", 1635.0),
            ("1 150", 1150.0),
            ("1\u{a0}150", 1150.0),
            ("1.200.000", 1_200_000.0),
            ("850", 850.0),
            (" 850 ", 850.0),
            ("-1.000", -1000.0),
            ("1.200,0", 1200.0),
            ("7,5", 7.5),
        ] {
            assert_eq!(read(s, i), Some(V(x)), "{s}");
        }
        for s in [
            "1.20.0", "12 34", "1.2.3", "abc", "1..000", "1,2,3", ".5", "1.000đ",
        ] {
            assert_eq!(read(s, i), None, "{s}");
        }
    }

    #[test]
    fn decimals_take_the_comma_and_a_dot_that_groups_nothing() {
        use NumberText::Value as V;
        let d = NumberKind::Decimal;
        for (s, x) in [
            ("8,5", 8.5),
            ("8.5", 8.5),
            ("8.25", 8.25),
            ("1,200", 1.2),
            ("0.500", 0.5),
            ("1234.500", 1234.5),
            ("1.200,5", 1200.5),
            ("1 200,5", 1200.5),
            ("1,234.5", 1234.5),
            ("1.200.000", 1_200_000.0),
            ("1,200,000", 1_200_000.0),
            ("1 150", 1150.0),
            ("10", 10.0),
        ] {
            assert_eq!(read(s, d), Some(V(x)), "{s}");
        }
        assert_eq!(
            parse_vi_number("85,5 %", d),
            Some((NumberText::Value(85.5), true))
        );
        assert_eq!(
            parse_vi_number("85%", d),
            Some((NumberText::Value(85.0), true))
        );
        for s in ["1.2,3", "1,200,5", "8,5,", "8,5a"] {
            assert_eq!(read(s, d), None, "{s}");
        }
    }

    #[test]
    fn a_dot_before_three_digits_reads_two_ways_in_a_decimal_field() {
        let d = NumberKind::Decimal;
        assert_eq!(read("1.200", d), Some(NumberText::TwoWays(1.2, 1200.0)));
        assert_eq!(read("2.000", d), Some(NumberText::TwoWays(2.0, 2000.0)));
        assert_eq!(
            parse_vi_number("1.500%", d),
            Some((NumberText::TwoWays(1.5, 1500.0), true))
        );
        // The same text is one number in an integer field.
        assert_eq!(
            read("1.200", NumberKind::Integer),
            Some(NumberText::Value(1200.0))
        );
    }

    #[test]
    fn vi_date_has_leading_zeros() {
        let d = chrono::NaiveDate::from_ymd_opt(2021, 2, 1).unwrap();
        assert_eq!(vi_date_words(d), "ngày 01 tháng 02 năm 2021");
    }

    #[test]
    fn suggest_finds_the_accented_value() {
        assert_eq!(suggest("Kha", ["Giỏi", "Khá", "Yếu"]), Some("Khá"));
        assert_eq!(suggest("hoc_lu", ["hoc_luc", "ho_ten"]), Some("hoc_luc"));
        assert_eq!(suggest("zzzz", ["Giỏi", "Khá"]), None);
    }
}
