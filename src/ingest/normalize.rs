//! Cell values to typed [`Value`]s, one rule per field type, each in one place.
//!
//! Rules (SPEC "Reading workbooks"):
//! - text: legacy TCVN3/VNI converted, NFC, spaces trimmed and collapsed ([`text::clean`]),
//!   then interned; a number in a text cell is written without a useless ".0" ("2021").
//! - integer: a whole number; float noise (7.0000000000000009) is tolerated, 7.5 is not.
//! - number: decimal comma or point in text ("8,5"), a trailing "%" dropped; rounded to nine
//!   decimals so that float noise never decides a comparison.
//! - percent: stored in percent units. Text with "%" is the number before it ("85%" → 85).
//!   Any other number x (cell or text) with 0 ≤ x ≤ 1 is a fraction as Excel stores a
//!   percent-formatted cell (0.85 → 85, 1 → 100); larger numbers are already percents (85).
//! - date: an Excel date cell, an Excel serial number (1900 or 1904 system), `dd/mm/yyyy`
//!   text (day first; `-` and `.` also accepted) or ISO `yyyy-mm-dd` text → days from CE.
//! - bool: Có/Không, x/blank, ✓, Đạt/Không đạt, 1/0, TRUE/FALSE (and a few kin); blank is
//!   false, unless the field is required.
//! - enum: the field's values and aliases, case- and accent-insensitive
//!   ([`Field::enum_index`]), then the legacy readings of the text.
//! - an Excel error value, or the text of one ("#DIV/0!" as ODS gives it), and a formula
//!   with no cached value are formula errors whatever the field.

use chrono::{Datelike, NaiveDate};

use super::legacy;
use crate::model::{Strings, Value};
use crate::schema::{Field, FieldType};
use crate::text;

/// A cell as read from any workbook format, before it meets a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
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
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as a person reads it: the `value` of an issue, header texts, markers.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty | Cell::NoCache => String::new(),
            Cell::Text(s) => s.clone(),
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
            Cell::Text(s) => Some(legacy::decode(s).unwrap_or_else(|| s.clone())),
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
            let s = match cell {
                Cell::Text(_) => cell.unicode_text().unwrap_or_default(),
                other => other.display(),
            };
            let s = text::clean(&s);
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
            let x = number(cell).ok_or(Problem::Type)?;
            let r = x.round();
            if (x - r).abs() > 1e-9 * r.abs().max(1.0) || r.abs() > 9.0e15 {
                return Err(Problem::Type);
            }
            Value::Int(r as i64)
        }
        FieldType::Number => Value::Number(denoise(number(cell).ok_or(Problem::Type)?)),
        FieldType::Percent => Value::Number(denoise(percent(cell).ok_or(Problem::Type)?)),
        FieldType::Date => Value::Date(date(cell, is_1904).ok_or(Problem::Type)?),
        FieldType::Bool => Value::Bool(boolean(cell).ok_or(Problem::Type)?),
        FieldType::Enum => {
            let written = match cell {
                Cell::Text(s) => s.clone(),
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
                    let suggestion = text::suggest(&written, candidates.map(String::as_str))
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
/// trailing "%" (the number before it).
pub fn number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Float(f) if f.is_finite() => Some(*f),
        Cell::Int(i) => Some(*i as f64),
        Cell::Text(s) => parse_number_text(s).map(|(x, _)| x),
        _ => None,
    }
}

fn percent(cell: &Cell) -> Option<f64> {
    let (x, had_percent) = match cell {
        Cell::Text(s) => parse_number_text(s)?,
        other => (number(other)?, false),
    };
    Some(if !had_percent && (0.0..=1.0).contains(&x) {
        x * 100.0
    } else {
        x
    })
}

/// "8,5" → 8.5, "1.234,5" → 1234.5, "1,234.5" → 1234.5, "85 %" → (85, true).
fn parse_number_text(s: &str) -> Option<(f64, bool)> {
    let t: String = text::clean(s)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{A0}')
        .collect();
    let (t, pct) = match t.strip_suffix('%') {
        Some(rest) => (rest.to_string(), true),
        None => (t, false),
    };
    if t.is_empty() || !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let body = t.strip_prefix(['-', '+']).unwrap_or(&t);
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let last_dot = t.rfind('.');
    let last_comma = t.rfind(',');
    let normal = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => t.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => t.replace(',', ""),
        (None, Some(_)) if t.matches(',').count() == 1 => t.replace(',', "."),
        (None, Some(_)) => t.replace(',', ""),
        (Some(_), None) if t.matches('.').count() > 1 => t.replace('.', ""),
        _ => t.clone(),
    };
    normal.parse::<f64>().ok().map(|x| (x, pct))
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
        Cell::Float(f) => excel_serial_days(*f, is_1904),
        Cell::Int(i) => excel_serial_days(*i as f64, is_1904),
        Cell::DateIso(s) => parse_date_text(s),
        Cell::Text(s) => parse_date_text(s),
        _ => None,
    }
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
    "có", "co", "x", "✓", "✔", "☑", "v", "đạt", "dat", "1", "true", "yes", "y", "rồi", "đã",
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
        let p = field(FieldType::Percent);
        assert_eq!(norm(&p, Cell::Text("85%".into())), Ok(Value::Number(85.0)));
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
        for t in ["Có", "x", "X", "✓", "Đạt", "1", "TRUE", "có"] {
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
