//! Issues: their stable codes, severities and messages (Vietnamese and English side by
//! side), and the checks that need more than one cell — bands between two fields, keys
//! across every file, references between sources.
//!
//! Ingest decides *where* something is wrong; this module decides what it is called and
//! how it is said. Users and tests match on the code; people read the message.

use std::collections::HashMap;

use crate::dataset::{Issue, Record, Severity};
use crate::i18n::Lang;
use crate::ingest::normalize::Problem;
use crate::ingest::workbook::Unreadable;
use crate::model::{Strings, Value};
use crate::schema::{Field, FieldType, Source};
use crate::text::vi_number;
use crate::tr;

/// Every issue code, with its severity (SPEC "Validation").
pub const CODES: &[(&str, Severity)] = &[
    ("unreadable-file", Severity::Error),
    ("file-in-use", Severity::Error),
    ("ambiguous-sheet", Severity::Error),
    ("missing-column", Severity::Error),
    ("duplicate-column", Severity::Error),
    ("type-error", Severity::Error),
    ("invalid-value", Severity::Error),
    ("out-of-range", Severity::Error),
    ("missing-value", Severity::Error),
    ("duplicate-key", Severity::Error),
    ("formula-error", Severity::Error),
    ("unknown-sheet", Severity::Warning),
    ("unknown-unit", Severity::Warning),
    ("inconsistent-value", Severity::Warning),
    ("unknown-reference", Severity::Warning),
    ("no-period-data", Severity::Warning),
    ("rows-not-read", Severity::Warning),
    ("field-not-found", Severity::Warning),
];

pub fn severity(code: &str) -> Severity {
    CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(Severity::Error, |(_, s)| *s)
}

/// Where an issue is: file (workspace-relative), sheet, and for cell issues the 1-based row
/// and 0-based column.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub file: &'a str,
    pub sheet: &'a str,
    pub row: Option<u32>,
    pub col: Option<u32>,
}

impl<'a> At<'a> {
    pub fn file(file: &'a str) -> At<'a> {
        At {
            file,
            sheet: "",
            row: None,
            col: None,
        }
    }

    pub fn sheet(file: &'a str, sheet: &'a str) -> At<'a> {
        At {
            file,
            sheet,
            row: None,
            col: None,
        }
    }

    pub fn cell(file: &'a str, sheet: &'a str, row: u32, col: u32) -> At<'a> {
        At {
            file,
            sheet,
            row: Some(row),
            col: Some(col),
        }
    }
}

/// Builds an issue; the severity comes from the code.
pub fn issue(code: &'static str, at: At, field: &str, value: &str, message: String) -> Issue {
    Issue {
        severity: severity(code),
        code,
        file: at.file.to_string(),
        sheet: at.sheet.to_string(),
        cell: match (at.row, at.col) {
            (Some(r), Some(c)) => crate::ingest::a1(r, c),
            _ => String::new(),
        },
        row: at.row,
        field: field.to_string(),
        value: value.to_string(),
        message,
    }
}

pub fn unreadable_file(lang: Lang, at: At, why: &Unreadable) -> Issue {
    let reason = match why {
        Unreadable::Empty => tr!(lang, "tệp rỗng (0 byte)", "the file is empty (0 bytes)"),
        Unreadable::TooLarge { bytes } => {
            let mb = vi_number(*bytes as f64 / 1048576.0, 1);
            tr!(
                lang,
                "tệp hoặc một phần của tệp quá lớn ({mb} MB)",
                "the file or a part of it is too large ({mb} MB)"
            )
        }
        Unreadable::NotWorkbook => tr!(
            lang,
            "không phải tệp bảng tính (có thể là tệp CSV hay văn bản bị đổi đuôi); hãy mở bằng Excel và lưu lại dạng .xlsx",
            "not a spreadsheet (perhaps a CSV or text file renamed); open it in Excel and save it as .xlsx"
        ),
        Unreadable::Encrypted => tr!(
            lang,
            "tệp được đặt mật khẩu (mã hóa); hãy lưu lại một bản không có mật khẩu",
            "the file is password-protected (encrypted); save a copy without a password"
        ),
        Unreadable::Corrupt(e) => tr!(
            lang,
            "tệp bị hỏng hoặc chưa chép xong ({e})",
            "the file is corrupt or incomplete ({e})"
        ),
        Unreadable::AbsurdCell { cell } => tr!(
            lang,
            "tệp khai báo ô {cell}, ngoài giới hạn của Excel (1.048.576 dòng, 16.384 cột)",
            "the file declares cell {cell}, beyond Excel's limits (1,048,576 rows, 16,384 columns)"
        ),
        Unreadable::TooManyCells { sheet } => {
            let n = vi_number(crate::ingest::workbook::MAX_CELLS as f64, 0);
            tr!(
                lang,
                "trang '{sheet}' có hơn {n} ô",
                "sheet '{sheet}' has more than {n} cells"
            )
        }
        Unreadable::TooWide { cell } => {
            let n = vi_number(crate::ingest::workbook::MAX_EAGER_CELLS as f64, 0);
            tr!(
                lang,
                "một trang trải từ ô A1 tới ô {cell}, hơn {n} ô; hãy xóa các ô thừa nằm xa bảng hoặc lưu lại dạng .xlsx",
                "a sheet spans from A1 to {cell}, more than {n} cells; delete stray cells far from the table or save it as .xlsx"
            )
        }
        Unreadable::Panic(m) => tr!(
            lang,
            "lỗi bất thường khi đọc tệp ({m})",
            "unexpected failure while reading the file ({m})"
        ),
        Unreadable::InUse => return file_in_use(lang, at),
    };
    let message = tr!(
        lang,
        "Không đọc được tệp: {reason}. Tệp được bỏ qua.",
        "Cannot read the file: {reason}. The file is skipped."
    );
    issue("unreadable-file", at, "", "", message)
}

/// A workbook another program holds open without sharing it (Excel on Windows): not a bad
/// file, so not `unreadable-file`; closing it and running again reads it.
pub fn file_in_use(lang: Lang, at: At) -> Issue {
    let f = at.file;
    let message = tr!(
        lang,
        "Tệp '{f}' đang được mở trong chương trình khác — đóng tệp rồi chạy lại. Lần này tệp được bỏ qua.",
        "The file '{f}' is open in another program — close it and run again. It is skipped this time."
    );
    issue("file-in-use", at, "", "", message)
}

pub fn unknown_sheet(lang: Lang, at: At) -> Issue {
    let s = at.sheet;
    issue(
        "unknown-sheet",
        at,
        "",
        "",
        tr!(
            lang,
            "Không nhận ra bảng ở trang '{s}': không thấy đủ tiêu đề cột của nguồn dữ liệu nào; trang được bỏ qua.",
            "Sheet '{s}' is not recognised: it does not have the column headers of any source; it is skipped."
        ),
    )
}

pub fn ambiguous_sheet(lang: Lang, at: At, a: &Source, b: &Source) -> Issue {
    let (s, a, b) = (at.sheet, &a.id, &b.id);
    issue(
        "ambiguous-sheet",
        at,
        "",
        "",
        tr!(
            lang,
            "Trang '{s}' khớp ngang nhau với hai nguồn '{a}' và '{b}'; hãy thêm cột để phân biệt. Trang không được đọc.",
            "Sheet '{s}' matches sources '{a}' and '{b}' equally well; add columns to tell them apart. The sheet is not read."
        ),
    )
}

pub fn missing_column(lang: Lang, at: At, source: &Source, field: &Field) -> Issue {
    let (s, t, h) = (at.sheet, &source.title, field.canonical_header());
    issue(
        "missing-column",
        at,
        &field.id,
        "",
        tr!(
            lang,
            "Trang '{s}' là bảng '{t}' nhưng thiếu cột bắt buộc '{h}'. Trang không được đọc.",
            "Sheet '{s}' is a '{t}' table but lacks the required column '{h}'. The sheet is not read."
        ),
    )
}

pub fn duplicate_column(lang: Lang, at: At, field: &Field, header: &str, first: &str) -> Issue {
    let f = &field.id;
    issue(
        "duplicate-column",
        at,
        &field.id,
        header,
        tr!(
            lang,
            "Cột '{header}' ({f}) có hai lần, ở ô {first} và ở đây. Trang không được đọc.",
            "Column '{header}' ({f}) appears twice, at {first} and here. The sheet is not read."
        ),
    )
}

fn type_name(lang: Lang, kind: FieldType) -> String {
    match kind {
        FieldType::Text => tr!(lang, "văn bản", "text"),
        FieldType::Integer => tr!(lang, "số nguyên", "a whole number"),
        FieldType::Number => tr!(lang, "số", "a number"),
        FieldType::Percent => tr!(lang, "tỷ lệ phần trăm", "a percentage"),
        FieldType::Date => tr!(lang, "ngày (dd/mm/yyyy)", "a date (dd/mm/yyyy)"),
        FieldType::Bool => tr!(lang, "Có/Không", "yes/no (Có/Không)"),
        FieldType::Enum => tr!(lang, "giá trị trong danh sách", "a listed value"),
    }
}

/// The issue for a cell that does not give its field a value.
pub fn cell_problem(lang: Lang, at: At, field: &Field, value: &str, p: &Problem) -> Issue {
    let h = field.canonical_header();
    let (code, message) = match p {
        Problem::Type => {
            let t = type_name(lang, field.kind);
            (
                "type-error",
                tr!(
                    lang,
                    "'{value}' không phải {t} ở cột {h}",
                    "'{value}' is not {t} in column {h}"
                ),
            )
        }
        Problem::Invalid { suggestion } => {
            let hint = match suggestion {
                Some(s) => tr!(lang, " — có phải '{s}'?", " — did you mean '{s}'?"),
                None => {
                    let all = field.value_names().collect::<Vec<_>>().join(", ");
                    tr!(lang, " (được phép: {all})", " (allowed: {all})")
                }
            };
            (
                "invalid-value",
                tr!(
                    lang,
                    "'{value}' không hợp lệ ở cột {h}{hint}",
                    "'{value}' is not valid in column {h}{hint}"
                ),
            )
        }
        Problem::OutOfRange => {
            let lo = field.min.map(|x| vi_number(x, 4)).unwrap_or_default();
            let hi = field.max.map(|x| vi_number(x, 4)).unwrap_or_default();
            let range = match (field.min, field.max) {
                (Some(_), Some(_)) => format!("{lo} – {hi}"),
                (Some(_), None) => format!("≥ {lo}"),
                _ => format!("≤ {hi}"),
            };
            (
                "out-of-range",
                tr!(
                    lang,
                    "{value} nằm ngoài khoảng cho phép ({range}) ở cột {h}",
                    "{value} is outside the allowed range ({range}) in column {h}"
                ),
            )
        }
        Problem::Missing => (
            "missing-value",
            tr!(
                lang,
                "Thiếu giá trị bắt buộc ở cột {h}",
                "Required value missing in column {h}"
            ),
        ),
        Problem::Formula if value.is_empty() => (
            "formula-error",
            tr!(
                lang,
                "Công thức ở cột {h} chưa có giá trị tính sẵn; hãy mở tệp bằng Excel và lưu lại",
                "The formula in column {h} has no computed value; open the file in Excel and save it"
            ),
        ),
        Problem::Formula => (
            "formula-error",
            tr!(
                lang,
                "Công thức ở cột {h} cho lỗi {value}",
                "The formula in column {h} gives the error {value}"
            ),
        ),
    };
    issue(code, at, &field.id, value, message)
}

pub fn duplicate_key(
    lang: Lang,
    at: At,
    fields: &str,
    key: &str,
    first: (&str, &str, u32),
) -> Issue {
    let (f, s, r) = first;
    issue(
        "duplicate-key",
        at,
        fields,
        key,
        tr!(
            lang,
            "Trùng khóa '{key}' với dòng {r} trang '{s}' tệp {f}; dòng sau bị loại.",
            "Duplicate key '{key}', already at row {r} of sheet '{s}' in {f}; this later row is excluded."
        ),
    )
}

pub fn unknown_unit(lang: Lang, at: At, field: &str, value: &str) -> Issue {
    let message = if value.is_empty() {
        tr!(
            lang,
            "Không xác định được đơn vị của các dòng này (không có cột Khoa và tệp không nằm trong thư mục của một đơn vị); chúng chỉ được tính cho toàn trường.",
            "The unit of these rows is unknown (no unit column, and the file is not in a unit's folder); they count for the school only."
        )
    } else {
        tr!(
            lang,
            "Đơn vị '{value}' không khớp đơn vị nào trong định nghĩa mục tiêu (unit, unit_aliases); các dòng của đơn vị này chỉ được tính cho toàn trường. Cảnh báo này chỉ ghi một lần cho mỗi trang.",
            "Unit '{value}' matches no unit of the objective definitions (unit, unit_aliases); its rows count for the school only. Reported once per sheet."
        )
    };
    issue("unknown-unit", at, field, value, message)
}

pub fn inconsistent(
    lang: Lang,
    at: At,
    score: &Field,
    score_value: f64,
    class: &Field,
    class_value: &str,
) -> Issue {
    let (sh, ch) = (score.canonical_header(), class.canonical_header());
    let x = vi_number(score_value, 2);
    issue(
        "inconsistent-value",
        at,
        &class.id,
        class_value,
        tr!(
            lang,
            "{sh} {x} không khớp với {ch} '{class_value}'",
            "{sh} {x} does not agree with {ch} '{class_value}'"
        ),
    )
}

pub fn unknown_reference(lang: Lang, at: At, field: &Field, value: &str, target: &str) -> Issue {
    let h = field.canonical_header();
    issue(
        "unknown-reference",
        at,
        &field.id,
        value,
        tr!(
            lang,
            "{h} '{value}' không có trong bảng {target} nào",
            "{h} '{value}' is not in any {target} table"
        ),
    )
}

pub fn no_reference_table(lang: Lang, at: At, field: &Field, target: &str) -> Issue {
    let h = field.canonical_header();
    issue(
        "unknown-reference",
        at,
        &field.id,
        "",
        tr!(
            lang,
            "Không có bảng {target} nào để đối chiếu cột {h}",
            "There is no {target} table to check column {h} against"
        ),
    )
}

/// The bands of `source` that `values` break: (band index, score).
pub fn broken_bands(source: &Source, values: &[Value]) -> Vec<(usize, f64)> {
    let mut out = Vec::new();
    for (b, band) in source.bands.iter().enumerate() {
        let x = match values[band.field] {
            Value::Number(x) => x,
            Value::Int(i) => i as f64,
            _ => continue,
        };
        let Value::Enum(class) = values[band.class] else {
            continue;
        };
        if let Some(range) = band.ranges.iter().find(|r| r.value == class) {
            if !range.contains(x) {
                out.push((b, x));
            }
        }
    }
    out
}

/// A key of a record for uniqueness: text compared in its folded form.
pub fn key_of(source: &Source, r: &Record, strings: &Strings) -> Vec<KeyPart> {
    source
        .key
        .iter()
        .map(|&k| match r.values[k] {
            Value::Empty => KeyPart::Empty,
            Value::Text(s) => KeyPart::Text(strings.folded(s).0),
            Value::Int(i) => KeyPart::Int(i),
            Value::Number(x) => KeyPart::Bits(x.to_bits()),
            Value::Date(d) => KeyPart::Int(d as i64),
            Value::Bool(b) => KeyPart::Int(b as i64),
            Value::Enum(e) => KeyPart::Enum(e),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum KeyPart {
    Empty,
    Text(u32),
    Int(i64),
    Bits(u64),
    Enum(u16),
}

/// For each record of `records` (in table order) whose key was already seen, the index of
/// the first record with that key. Excluded records neither collide nor are collided with.
pub fn duplicate_keys(
    source: &Source,
    records: &[Record],
    strings: &Strings,
) -> Vec<(usize, usize)> {
    if source.key.is_empty() {
        return Vec::new();
    }
    let mut first: HashMap<Vec<KeyPart>, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if r.excluded {
            continue;
        }
        let k = key_of(source, r, strings);
        if k.iter().all(|p| *p == KeyPart::Empty) {
            continue;
        }
        match first.get(&k) {
            Some(&j) => out.push((i, j)),
            None => {
                first.insert(k, i);
            }
        }
    }
    out
}
