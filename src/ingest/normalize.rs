//! Cell values to typed [`Value`]s, one rule per field type, each in one place.
//!
//! Rules (SPEC "Reading workbooks"):
//! - text: legacy TCVN3/VNI converted, NFC, spaces trimmed and collapsed ([`text::clean`]),
//!   then interned; a number in a text cell is written without a useless ".0" ("2021").
//! - integer: a whole number; float noise (7.0000000000000009) is tolerated, 7.5 is not.
//!   In text, ".", " " and "," group thousands ("1.000" is 1000, never 1; "1 150", "1,635").
//! - number: decimal comma or point in text ("8,5"), "." grouping thousands before a
//!   decimal comma ("1.200,5"), a trailing "%" dropped; a text that reads two ways
//!   ("1.200": 1,2 or 1200) is a type error naming both ([`text::parse_vi_number`]).
//!   Rounded to nine decimals so that float noise never decides a comparison.
//! - percent: stored in percent units. Text with "%" is the number before it ("85%" → 85).
//!   Any other number x (cell or text) with 0 ≤ x ≤ 1 is a fraction as Excel stores a
//!   percent-formatted cell (0.85 → 85, 1 → 100); larger numbers are already percents (85).
//!   A cell known to be percent-formatted (xlsx, ods) is always a fraction: 1.2 is 120
//!   ([`percent_formatted`], chosen by the sheet reader).
//! - date: an Excel date cell, an Excel serial number (1900 or 1904 system), `dd/mm/yyyy`
//!   text (day first; `-` and `.` also accepted) or ISO `yyyy-mm-dd` text → days from CE.
//!   A whole number 1900–2100 (cell or text) is a year alone ("Năm sinh" 2004): 1 January
//!   of that year, never the serial (which would be a day of 1905).
//! - bool: Có/Không, x/blank, ✓/√, Đạt/Không đạt, 1/0, TRUE/FALSE (and a few kin); blank is
//!   false, unless the field is required.
//! - enum: the field's values and aliases, case- and accent-insensitive
//!   ([`Field::enum_index`]), then the legacy readings of the text.
//! - an Excel error value, or the text of one ("#DIV/0!" as ODS gives it), and a formula
//!   with no cached value are formula errors whatever the field.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};

use super::legacy;
use crate::model::{Strings, Value};
use crate::schema::{Field, FieldType};
use crate::text::{self, NumberKind, NumberText};

/// A cell as read from any workbook format, before it meets a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Shared: the cells of one shared string of an xlsx hold the same text
    /// (`workbook::SharedTexts`), so that rows repeating a few texts copy none of them.
    Text(Arc<str>),
    Float(f64),
    Int(i64),
    Bool(bool),
    /// An Excel date cell, already converted to days from CE (epoch handled).
    Date(i32),
    /// ISO 8601 date or date-time text (ODS date cells).
    DateIso(String),
    /// An Excel error value ("#DIV/0!").
    Error(String),
    /// A formula cell with no cached value.
    NoCache,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s
                .chars()
                .all(|c| c.is_whitespace() || crate::text::is_invisible(c)),
            _ => false,
        }
    }

    /// The cell as a person reads it: the `value` of an issue, header texts, markers.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty | Cell::NoCache => String::new(),
            Cell::Text(s) => s.to_string(),
            Cell::Float(f) => number_text(*f),
            Cell::Int(i) => i.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => date_text(*d),
            Cell::DateIso(s) => s.clone(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// The text of a text cell, converted from a legacy encoding when it evidently is in one
    /// on its own. Sheets convert their cells by the sheet's decision before typing
    /// (`legacy::SheetText`); this catches what is legacy whatever the sheet says.
    pub fn unicode_text(&self) -> Option<String> {
        match self {
            Cell::Text(s) => Some(legacy::decode(s).unwrap_or_else(|| s.to_string())),
            _ => None,
        }
    }
}

/// Excel's error values, as ODS and some exports give them: as text.
const ERROR_TEXTS: &[&str] = &[
    "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!", "#SPILL!",
    "#CALC!", "Err:502", "Err:504", "Err:508", "Err:511", "Err:522",
];

// Moved to the data contract (`dataset.rs`); re-exported here for one release.
pub use crate::dataset::Problem;

/// The typed value of `cell` for `field`, or what is wrong with it. `is_1904`: the
/// workbook's date system, for serial numbers in date fields.
pub fn normalize(
    field: &Field,
    cell: &Cell,
    is_1904: bool,
    strings: &mut Strings,
) -> Result<Value, Problem> {
    match cell {
        Cell::Error(_) | Cell::NoCache => return Err(Problem::Formula),
        Cell::Text(s) if ERROR_TEXTS.contains(&s.trim()) => return Err(Problem::Formula),
        _ => {}
    }
    if cell.is_empty() {
        return match field.kind {
            _ if field.required => Err(Problem::Missing),
            FieldType::Bool => Ok(Value::Bool(false)),
            _ => Ok(Value::Empty),
        };
    }
    let v = match field.kind {
        FieldType::Text => {
            // `clean(unicode_text())` without copying a text that is already clean.
            let (decoded, shown);
            let raw: &str = match cell {
                Cell::Text(t) => {
                    decoded = legacy::decode(t);
                    decoded.as_deref().unwrap_or(t)
                }
                other => {
                    shown = other.display();
                    &shown
                }
            };
            let s = text::clean_cow(raw);
            if s.is_empty() {
                return if field.required {
                    Err(Problem::Missing)
                } else {
                    Ok(Value::Empty)
                };
            }
            Value::Text(strings.intern(&s))
        }
        FieldType::Integer => {
            let x = number_as(cell, NumberKind::Integer)?.0;
            let r = x.round();
            if (x - r).abs() > 1e-9 * r.abs().max(1.0) || r.abs() > 9.0e15 {
                return Err(Problem::Type);
            }
            Value::Int(r as i64)
        }
        FieldType::Number => Value::Number(denoise(number_as(cell, NumberKind::Decimal)?.0)),
        FieldType::Percent => Value::Number(denoise(percent(cell)?)),
        FieldType::Date => Value::Date(date(cell, is_1904).ok_or(Problem::Type)?),
        FieldType::Bool => Value::Bool(boolean(cell).ok_or(Problem::Type)?),
        FieldType::Enum => {
            let written = match cell {
                Cell::Text(s) => s.to_string(),
                other => other.display(),
            };
            let found = field.enum_index(&written).or_else(|| {
                legacy::decode_any(&written)
                    .iter()
                    .find_map(|s| field.enum_index(s))
            });
            match found {
                Some(i) => Value::Enum(i),
                None => {
                    let candidates = field
                        .values
                        .iter()
                        .flat_map(|v| std::iter::once(&v.value).chain(v.aliases.iter()));
                    let suggestion = text::suggest_value(&written, candidates.map(String::as_str))
                        .map(|s| canonical_of(field, s).to_string());
                    return Err(Problem::Invalid { suggestion });
                }
            }
        }
    };
    if let Value::Int(_) | Value::Number(_) = v {
        let x = match v {
            Value::Int(i) => i as f64,
            Value::Number(x) => x,
            _ => unreachable!(),
        };
        if field.min.is_some_and(|m| x < m - 1e-9) || field.max.is_some_and(|m| x > m + 1e-9) {
            return Err(Problem::OutOfRange);
        }
    }
    Ok(v)
}

/// A number in a cell formatted as a percentage, read into a `percent` field: Excel stores
/// 120% as 1.2 and 0.5% as 0.005, so the stored number is always a fraction — never the
/// guess [`normalize`] makes for an unformatted 0–1 number, which would read 1.2 as 1.2%.
pub fn percent_formatted(field: &Field, x: f64) -> Result<Value, Problem> {
    if !x.is_finite() {
        return Err(Problem::Type);
    }
    let p = denoise(x * 100.0);
    if field.min.is_some_and(|m| p < m - 1e-9) || field.max.is_some_and(|m| p > m + 1e-9) {
        return Err(Problem::OutOfRange);
    }
    Ok(Value::Number(p))
}

/// The canonical value an alias belongs to (the suggestion shows the canonical form).
fn canonical_of<'a>(field: &'a Field, written: &'a str) -> &'a str {
    field
        .values
        .iter()
        .find(|v| v.value == written || v.aliases.iter().any(|a| a == written))
        .map_or(written, |v| v.value.as_str())
}

fn denoise(x: f64) -> f64 {
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A number from a numeric cell or from text with a decimal comma or point and an optional
/// trailing "%" (the number before it), read as a `number` field reads it.
pub fn number(cell: &Cell) -> Option<f64> {
    number_as(cell, NumberKind::Decimal).ok().map(|(x, _)| x)
}

/// A number from a numeric cell, or from text read the way `kind` reads it; with whether
/// the text had a "%".
fn number_as(cell: &Cell, kind: NumberKind) -> Result<(f64, bool), Problem> {
    match cell {
        Cell::Float(f) if f.is_finite() => Ok((*f, false)),
        Cell::Int(i) => Ok((*i as f64, false)),
        Cell::Text(s) => match text::parse_vi_number(s, kind) {
            Some((NumberText::Value(x), pct)) => Ok((x, pct)),
            Some((NumberText::TwoWays(a, b), _)) => Err(Problem::TwoWays(a, b)),
            None => Err(Problem::Type),
        },
        _ => Err(Problem::Type),
    }
}

fn percent(cell: &Cell) -> Result<f64, Problem> {
    let (x, had_percent) = number_as(cell, NumberKind::Decimal)?;
    Ok(if !had_percent && (0.0..=1.0).contains(&x) {
        x * 100.0
    } else {
        x
    })
}

/// Days from CE of an Excel serial date (the 1900 system counts the fictitious 29/02/1900).
pub fn excel_serial_days(serial: f64, is_1904: bool) -> Option<i32> {
    if !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let whole = serial.floor() as i64;
    let base = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else if whole < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    let d = base.checked_add_signed(chrono::Duration::days(whole))?;
    Some(d.num_days_from_ce())
}

fn date(cell: &Cell, is_1904: bool) -> Option<i32> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Float(f) => year_alone(*f).or_else(|| excel_serial_days(*f, is_1904)),
        Cell::Int(i) => year_alone(*i as f64).or_else(|| excel_serial_days(*i as f64, is_1904)),
        Cell::DateIso(s) => parse_date_text(s),
        Cell::Text(s) => {
            let t = s.trim();
            let year = t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit());
            match t.parse::<f64>() {
                Ok(y) if year => year_alone(y),
                _ => parse_date_text(s),
            }
        }
        _ => None,
    }
}

/// Years a date column holds when only the year was typed ("Năm sinh", a "Ngày sinh" filled
/// with 2004): as Excel serials they would be days of 1905, which no record means.
const YEARS_ALONE: std::ops::RangeInclusive<f64> = 1900.0..=2100.0;

/// 1 January of `x` when `x` is a whole year 1900–2100.
fn year_alone(x: f64) -> Option<i32> {
    if !YEARS_ALONE.contains(&x) || x.fract() != 0.0 {
        return None;
    }
    NaiveDate::from_ymd_opt(x as i32, 1, 1).map(|d| d.num_days_from_ce())
}

/// `dd/mm/yyyy` (day first; `-` or `.` too) or ISO `yyyy-mm-dd` (a time part is ignored).
pub fn parse_date_text(s: &str) -> Option<i32> {
    let s = text::clean(s);
    let head = s.split(['T', ' ']).next()?;
    let parts: Vec<&str> = head.split(['/', '-', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse::<u32>().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 {
        (n[2], n[1], n[0])
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).map(|d| d.num_days_from_ce())
}

const TRUE_WORDS: &[&str] = &[
    "có", "co", "x", "✓", "✔", "☑", "√", "v", "đạt", "dat", "1", "true", "yes", "y", "rồi", "đã",
];
const FALSE_WORDS: &[&str] = &[
    "không",
    "khong",
    "không đạt",
    "khong dat",
    "chưa đạt",
    "chua dat",
    "chưa",
    "chua",
    "không có",
    "0",
    "false",
    "no",
    "n",
    "-",
    "✗",
    "✘",
];

fn boolean(cell: &Cell) -> Option<bool> {
    match cell {
        Cell::Bool(b) => Some(*b),
        Cell::Int(1) => Some(true),
        Cell::Int(0) => Some(false),
        Cell::Float(f) if *f == 1.0 => Some(true),
        Cell::Float(f) if *f == 0.0 => Some(false),
        Cell::Text(_) => {
            let t = text::fold(&cell.unicode_text()?);
            if TRUE_WORDS.contains(&t.as_str()) {
                Some(true)
            } else if FALSE_WORDS.contains(&t.as_str()) {
                Some(false)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A number as a person writes it in a text cell: no ".0" for whole numbers.
pub fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let r = denoise(f);
        format!("{r}")
    }
}

/// dd/mm/yyyy of days from CE.
pub fn date_text(days: i32) -> String {
    NaiveDate::from_num_days_from_ce_opt(days)
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// [`normalize`] with each text cell's result remembered per field, for one sheet: the rows
/// repeat the same few texts (a shared string recurs as the same text), so each distinct
/// (field, text) is decoded, cleaned, matched and interned once. `normalize` is a function
/// of the field, the text and the date system only (interning the same text gives the same
/// symbol in the same table), so the remembered result is the one it would give again. A
/// field whose texts do not repeat (names, codes) stops being remembered once
/// [`Memo::EARLY`] distinct texts have been seen with fewer hits than that, or
/// [`Memo::LIMIT`] with fewer hits than that: remembering a text that never comes again
/// costs a copy and a table entry.
#[derive(Default)]
pub struct Memo {
    fields: Vec<FieldMemo>,
}

#[derive(Default)]
struct FieldMemo {
    seen: rustc_hash::FxHashMap<String, Result<Value, Problem>>,
    hits: usize,
    off: bool,
}

impl Memo {
    pub const LIMIT: usize = 4096;
    pub const EARLY: usize = 128;

    /// The same as `normalize(field, cell, is_1904, strings)`; `f` is the field's index.
    pub fn normalize(
        &mut self,
        f: usize,
        field: &Field,
        cell: &Cell,
        is_1904: bool,
        strings: &mut Strings,
    ) -> Result<Value, Problem> {
        let Cell::Text(s) = cell else {
            return normalize(field, cell, is_1904, strings);
        };
        if self.fields.len() <= f {
            self.fields.resize_with(f + 1, FieldMemo::default);
        }
        let m = &mut self.fields[f];
        if m.off {
            return normalize(field, cell, is_1904, strings);
        }
        if let Some(r) = m.seen.get(&**s) {
            m.hits += 1;
            return r.clone();
        }
        let r = normalize(field, cell, is_1904, strings);
        let seen = m.seen.len();
        if seen < Self::LIMIT && (seen != Self::EARLY || m.hits >= Self::EARLY) {
            m.seen.insert(s.to_string(), r.clone());
        } else if m.hits < seen {
            *m = FieldMemo {
                off: true,
                ..FieldMemo::default()
            };
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sym;
    use crate::schema::EnumValue;

    fn field(kind: FieldType) -> Field {
        Field {
            id: "f".into(),
            headers: vec!["F".into()],
            parts: vec![],
            kind,
            values: vec![],
            required: false,
            min: None,
            max: None,
            references: None,
            lookup: Default::default(),
        }
    }

    fn norm(f: &Field, c: Cell) -> Result<Value, Problem> {
        normalize(f, &c, false, &mut Strings::default())
    }

    fn days(y: i32, m: u32, d: u32) -> i32 {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().num_days_from_ce()
    }

    #[test]
    fn decimal_comma_and_percent_text() {
        let n = field(FieldType::Number);
        assert_eq!(norm(&n, Cell::Text("8,5".into())), Ok(Value::Number(8.5)));
        assert_eq!(
            norm(&n, Cell::Text(" 1.234,5 ".into())),
            Ok(Value::Number(1234.5))
        );
        assert_eq!(
            norm(&n, Cell::Float(7.000_000_000_000_001)),
            Ok(Value::Number(7.0))
        );
        // Full-width, as an East Asian input method types them.
        assert_eq!(norm(&n, Cell::Text("８,５".into())), Ok(Value::Number(8.5)));
        let p = field(FieldType::Percent);
        assert_eq!(norm(&p, Cell::Text("85%".into())), Ok(Value::Number(85.0)));
        assert_eq!(
            norm(&p, Cell::Text("８５％".into())),
            Ok(Value::Number(85.0))
        );
        assert_eq!(
            norm(&p, Cell::Text("85,5 %".into())),
            Ok(Value::Number(85.5))
        );
        assert_eq!(norm(&p, Cell::Float(0.85)), Ok(Value::Number(85.0)));
        assert_eq!(norm(&p, Cell::Float(85.0)), Ok(Value::Number(85.0)));
        assert_eq!(norm(&p, Cell::Text("abc".into())), Err(Problem::Type));
    }

    #[test]
    fn integers_tolerate_float_noise_but_not_fractions() {
        let i = field(FieldType::Integer);
        assert_eq!(
            norm(&i, Cell::Float(7.000_000_000_000_001)),
            Ok(Value::Int(7))
        );
        assert_eq!(norm(&i, Cell::Int(7)), Ok(Value::Int(7)));
        assert_eq!(norm(&i, Cell::Float(7.5)), Err(Problem::Type));
        assert_eq!(norm(&i, Cell::Text("7,5".into())), Err(Problem::Type));
    }

    #[test]
    fn integer_text_groups_thousands_never_reads_a_decimal_point() {
        let i = field(FieldType::Integer);
        for (t, x) in [
            ("1.000", 1000),
            ("2.000", 2000),
            ("12.000", 12000),
            ("1.200", 1200),
            ("1,200", 1200),
            ("1,000", 1000),
            ("1 150", 1150),
            ("1,635", 1635),
            ("850", 850),
        ] {
            assert_eq!(norm(&i, Cell::Text(t.into())), Ok(Value::Int(x)), "{t}");
        }
        assert_eq!(norm(&i, Cell::Text("1.5".into())), Err(Problem::Type));
        assert_eq!(norm(&i, Cell::Text("1.20.0".into())), Err(Problem::Type));
    }

    #[test]
    fn a_score_typed_1_200_is_a_type_error_naming_both_readings() {
        let mut score = field(FieldType::Number);
        (score.min, score.max) = (Some(0.0), Some(10.0));
        assert_eq!(
            norm(&score, Cell::Text("1.200".into())),
            Err(Problem::TwoWays(1.2, 1200.0))
        );
        assert_eq!(
            norm(&score, Cell::Text("8.5".into())),
            Ok(Value::Number(8.5))
        );
        assert_eq!(
            norm(&score, Cell::Text("1,200".into())),
            Ok(Value::Number(1.2))
        );
        let n = field(FieldType::Number);
        assert_eq!(
            norm(&n, Cell::Text("1.200,5".into())),
            Ok(Value::Number(1200.5))
        );
        assert_eq!(
            norm(&n, Cell::Text("1 150".into())),
            Ok(Value::Number(1150.0))
        );
        let p = field(FieldType::Percent);
        assert_eq!(norm(&p, Cell::Text("0,85".into())), Ok(Value::Number(85.0)));
        assert_eq!(
            norm(&p, Cell::Text("1.200%".into())),
            Err(Problem::TwoWays(1.2, 1200.0))
        );
        assert_eq!(
            norm(&p, Cell::Text("85,5%".into())),
            Ok(Value::Number(85.5))
        );
    }

    #[test]
    fn a_year_alone_in_a_date_field_is_the_first_of_january() {
        let d = field(FieldType::Date);
        let jan = Ok(Value::Date(days(2004, 1, 1)));
        assert_eq!(norm(&d, Cell::Float(2004.0)), jan);
        assert_eq!(norm(&d, Cell::Int(2004)), jan);
        assert_eq!(norm(&d, Cell::Text(" 2004 ".into())), jan);
        assert_eq!(
            norm(&d, Cell::Float(1900.0)),
            Ok(Value::Date(days(1900, 1, 1)))
        );
        assert_eq!(
            norm(&d, Cell::Float(2100.0)),
            Ok(Value::Date(days(2100, 1, 1)))
        );
        // Outside the years, a number is still an Excel serial.
        assert_eq!(
            norm(&d, Cell::Float(44197.0)),
            Ok(Value::Date(days(2021, 1, 1)))
        );
        assert_eq!(norm(&d, Cell::Text("20040".into())), Err(Problem::Type));
    }

    #[test]
    fn dates_in_both_systems_and_as_text() {
        let d = field(FieldType::Date);
        // 44197 is 2021-01-01 in the 1900 system; 1462 days less in the 1904 system.
        assert_eq!(excel_serial_days(44197.0, false), Some(days(2021, 1, 1)));
        assert_eq!(
            excel_serial_days(44197.0 - 1462.0, true),
            Some(days(2021, 1, 1))
        );
        assert_eq!(excel_serial_days(1.0, false), Some(days(1900, 1, 1)));
        assert_eq!(
            norm(&d, Cell::Text("05/09/2003".into())),
            Ok(Value::Date(days(2003, 9, 5)))
        );
        assert_eq!(
            norm(&d, Cell::Text("2003-09-05".into())),
            Ok(Value::Date(days(2003, 9, 5)))
        );
        assert_eq!(
            norm(&d, Cell::DateIso("2003-09-05T00:00:00".into())),
            Ok(Value::Date(days(2003, 9, 5)))
        );
        assert_eq!(
            norm(&d, Cell::Text("31/02/2003".into())),
            Err(Problem::Type)
        );
    }

    #[test]
    fn booleans_in_every_office_spelling() {
        let b = field(FieldType::Bool);
        for t in ["Có", "x", "X", "✓", "√", " √ ", "Đạt", "1", "TRUE", "có"] {
            assert_eq!(norm(&b, Cell::Text(t.into())), Ok(Value::Bool(true)), "{t}");
        }
        for t in ["Không", "Không đạt", "0", "FALSE", ""] {
            assert_eq!(
                norm(&b, Cell::Text(t.into())),
                Ok(Value::Bool(false)),
                "{t}"
            );
        }
        assert_eq!(norm(&b, Cell::Empty), Ok(Value::Bool(false)));
        assert_eq!(norm(&b, Cell::Float(1.0)), Ok(Value::Bool(true)));
        assert_eq!(norm(&b, Cell::Bool(true)), Ok(Value::Bool(true)));
        let mut req = field(FieldType::Bool);
        req.required = true;
        assert_eq!(norm(&req, Cell::Empty), Err(Problem::Missing));
    }

    #[test]
    fn enum_aliases_accents_and_suggestions() {
        let mut e = field(FieldType::Enum);
        e.values = ["Giỏi", "Khá", "Trung bình"]
            .iter()
            .map(|v| EnumValue {
                value: v.to_string(),
                aliases: vec![],
            })
            .collect();
        e.values[1].aliases.push("K".into());
        assert_eq!(norm(&e, Cell::Text("KHÁ".into())), Ok(Value::Enum(1)));
        assert_eq!(norm(&e, Cell::Text("k".into())), Ok(Value::Enum(1)));
        assert_eq!(
            norm(&e, Cell::Text("trung binh".into())),
            Ok(Value::Enum(2))
        );
        assert_eq!(norm(&e, Cell::Text("Khaù".into())), Ok(Value::Enum(1)));
        assert_eq!(
            norm(&e, Cell::Text("Kha1".into())),
            Err(Problem::Invalid {
                suggestion: Some("Khá".into())
            })
        );
    }

    #[test]
    fn error_values_are_formula_errors() {
        let n = field(FieldType::Number);
        assert_eq!(
            norm(&n, Cell::Error("#DIV/0!".into())),
            Err(Problem::Formula)
        );
        assert_eq!(
            norm(&n, Cell::Text("#DIV/0!".into())),
            Err(Problem::Formula)
        );
        assert_eq!(norm(&n, Cell::NoCache), Err(Problem::Formula));
    }

    #[test]
    fn text_is_cleaned_and_legacy_converted() {
        let t = field(FieldType::Text);
        let mut s = Strings::default();
        let v = normalize(&t, &Cell::Text("  C¬ khÝ  chÕ t¹o ".into()), false, &mut s);
        assert_eq!(s.get(Sym(0)), "Cơ khí chế tạo");
        assert_eq!(v, Ok(Value::Text(s.lookup("Cơ khí chế tạo").unwrap())));
        let v = normalize(&t, &Cell::Float(2021.0), false, &mut s);
        assert_eq!(v, Ok(Value::Text(s.lookup("2021").unwrap())));
    }
}
