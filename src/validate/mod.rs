//! Issues: their stable codes, severities and messages (Vietnamese and English side by
//! side), and the checks that need more than one cell — bands between two fields, keys
//! across every file, references between sources.
//!
//! Ingest decides *where* something is wrong; this module decides what it is called and
//! how it is said. Users and tests match on the code; people read the message.

pub mod coverage;

use std::hash::BuildHasher;

use rayon::prelude::*;

use crate::dataset::{Issue, Problem, Severity, Table, Unreadable, Values};
use crate::i18n::Lang;
use crate::model::{Strings, Value};
use crate::period::Period;
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
    ("hidden-rows", Severity::Warning),
    ("hidden-column", Severity::Warning),
    ("struck-rows", Severity::Warning),
    ("other-school-year", Severity::Warning),
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
            (Some(r), Some(c)) => crate::dataset::a1(r, c),
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
        // The system refused to open it (permission, a vanished file): not a corrupt file.
        Unreadable::Corrupt(e) if os_error(e).is_some() => {
            let code = os_error(e).unwrap_or_default();
            crate::oserr::describe(&std::io::Error::from_raw_os_error(code), lang)
        }
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
        Unreadable::TooManyCells { sheet, limit } => {
            let n = vi_number(*limit as f64, 0);
            tr!(
                lang,
                "trang '{sheet}' có hơn {n} ô",
                "sheet '{sheet}' has more than {n} cells"
            )
        }
        Unreadable::TooWide { cell, limit } => {
            let n = vi_number(*limit as f64, 0);
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

/// The system error code in an I/O error's text ("Permission denied (os error 13)").
fn os_error(text: &str) -> Option<i32> {
    let rest = text.trim_end().strip_suffix(')')?;
    let (_, n) = rest.rsplit_once("(os error ")?;
    n.parse().ok()
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

/// Headers shown per source as the columns that would decide an ambiguous sheet.
const DECIDING_HEADERS: usize = 4;

/// The canonical headers of `a`'s fields that `b` does not have: a column with one of
/// them makes a sheet `a`'s.
fn deciding_headers(a: &Source, b: &Source) -> String {
    a.fields
        .iter()
        .filter(|f| b.field(&f.id).is_none())
        .take(DECIDING_HEADERS)
        .map(|f| format!("'{}'", f.canonical_header()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn ambiguous_sheet(lang: Lang, at: At, a: &Source, b: &Source) -> Issue {
    let (ha, hb) = (deciding_headers(a, b), deciding_headers(b, a));
    let (s, a, b) = (at.sheet, &a.id, &b.id);
    let (na, nb) = (a.replace('_', "-"), b.replace('_', "-"));
    issue(
        "ambiguous-sheet",
        at,
        "",
        "",
        tr!(
            lang,
            "Trang '{s}' khớp ngang nhau với hai nguồn '{a}' và '{b}'. Hãy thêm một cột như {ha} (bảng {a}) hoặc {hb} (bảng {b}), hoặc đặt tên trang hay tên tệp theo nguồn ('{na}', '{nb}'). Trang không được đọc.",
            "Sheet '{s}' matches sources '{a}' and '{b}' equally well. Add a column such as {ha} ({a}) or {hb} ({b}), or name the sheet or the file after the source ('{na}', '{nb}'). The sheet is not read."
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

/// Rows hidden on the sheet (by hand, in a collapsed group or by an AutoFilter) that were
/// read as records: they count like any other row, though nobody looking at the sheet sees
/// them.
pub fn hidden_rows(lang: Lang, at: At, rows: &str, count: u32, filter: bool) -> Issue {
    let message = if filter {
        tr!(
            lang,
            "Trang đang lọc (AutoFilter): {count} dòng bị lọc ẩn ({rows}) vẫn được đọc và tính vào chỉ số như mọi dòng khác. Nếu có dòng không được tính (học sinh đã nghỉ, bản cũ), hãy xóa dòng hoặc ghi rõ vào ô (ví dụ Trạng thái), đừng chỉ ẩn.",
            "The sheet is filtered (AutoFilter): {count} row(s) hidden by the filter ({rows}) are read and counted like every other row. If a row must not count (a student who left, an old copy), delete it or say so in a cell (e.g. Trạng thái); hiding it is not enough."
        )
    } else {
        tr!(
            lang,
            "{count} dòng bị ẩn ({rows}) vẫn được đọc và tính vào chỉ số như mọi dòng khác. Nếu có dòng không được tính (học sinh đã nghỉ, bản cũ), hãy xóa dòng hoặc ghi rõ vào ô (ví dụ Trạng thái), đừng chỉ ẩn.",
            "{count} hidden row(s) ({rows}) are read and counted like every other row. If a row must not count (a student who left, an old copy), delete it or say so in a cell (e.g. Trạng thái); hiding it is not enough."
        )
    };
    issue("hidden-rows", at, "", rows, message)
}

/// Records whose key or name is struck through (a student crossed out instead of deleted):
/// they count like any other row.
pub fn struck_rows(lang: Lang, at: At, rows: &str, count: u32) -> Issue {
    issue(
        "struck-rows",
        at,
        "",
        rows,
        tr!(
            lang,
            "{count} dòng có mã hoặc họ tên bị gạch ngang ({rows}) vẫn được đọc và tính vào chỉ số như mọi dòng khác. Nếu đó là dòng bỏ đi (học sinh đã nghỉ, ghi nhầm), hãy xóa dòng hoặc ghi rõ vào ô (ví dụ Trạng thái); gạch ngang không đủ.",
            "{count} row(s) whose key or name is struck through ({rows}) are read and counted like every other row. If they are void (a student who left, a mistake), delete them or say so in a cell (e.g. Trạng thái); striking through is not enough."
        ),
    )
}

/// A sheet whose name (`title` None) or title line states another school year than the
/// documents'.
pub fn other_school_year(
    lang: Lang,
    at: At,
    stated: &str,
    title: Option<&str>,
    years: &str,
) -> Issue {
    let sheet = at.sheet;
    let (value, message) = match title {
        None => (
            sheet.to_string(),
            tr!(
                lang,
                "Tên trang '{sheet}' là năm học {stated}, không phải năm học của định nghĩa mục tiêu ({years}); các dòng của trang vẫn được đọc và tính. Nếu đó là số liệu năm trước, hãy đưa trang (hoặc tệp) ra khỏi du-lieu/.",
                "Sheet '{sheet}' is named for school year {stated}, not the school year of the objectives ({years}); its rows are read and counted. If they are last year's figures, move the sheet (or the file) out of du-lieu/."
            ),
        ),
        Some(t) => (
            t.to_string(),
            tr!(
                lang,
                "Tiêu đề trang '{sheet}' ghi năm học {stated} ('{t}'), không phải năm học của định nghĩa mục tiêu ({years}); các dòng của trang vẫn được đọc và tính. Nếu đó là số liệu năm trước, hãy đưa trang (hoặc tệp) ra khỏi du-lieu/.",
                "The title of sheet '{sheet}' states school year {stated} ('{t}'), not the school year of the objectives ({years}); its rows are read and counted. If they are last year's figures, move the sheet (or the file) out of du-lieu/."
            ),
        ),
    };
    issue("other-school-year", at, "", &value, message)
}

/// A hidden column read for a field: no other column of the sheet gives that field.
pub fn hidden_column(lang: Lang, at: At, field: &Field, header: &str) -> Issue {
    let f = &field.id;
    issue(
        "hidden-column",
        at,
        &field.id,
        header,
        tr!(
            lang,
            "Cột '{header}' ({f}) đang bị ẩn nhưng là cột duy nhất của trường này nên vẫn được đọc. Nếu đó là cột cũ (năm trước), hãy xóa nó và đặt đúng tiêu đề cho cột đang dùng.",
            "Column '{header}' ({f}) is hidden but is the only column of this field, so it is read. If it is an old column (last year's), delete it and give the column in use the right header."
        ),
    )
}

/// Two columns of one field, one of them hidden: the visible one is read.
pub fn hidden_column_ignored(
    lang: Lang,
    at: At,
    field: &Field,
    header: &str,
    visible: &str,
) -> Issue {
    let f = &field.id;
    issue(
        "hidden-column",
        at,
        &field.id,
        header,
        tr!(
            lang,
            "Cột '{header}' ({f}) đang bị ẩn và không được đọc: trường này được đọc từ cột đang hiện ở ô {visible}.",
            "Column '{header}' ({f}) is hidden and not read: this field is read from the visible column at {visible}."
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
        Problem::TwoWays(a, b) => {
            let (a, b) = (vi_number(*a, 9), vi_number(*b, 9));
            (
                "type-error",
                tr!(
                    lang,
                    "'{value}' ở cột {h} đọc được hai cách: {a} hay {b} — hãy ghi {a} (dấu phẩy thập phân) hoặc {b} (không có dấu chấm)",
                    "'{value}' in column {h} reads two ways: {a} or {b} — write {a} (decimal comma) or {b} (without the dot)"
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
            "Trùng mã '{key}' với dòng {r} trang '{s}' tệp {f}; dòng sau bị loại.",
            "Duplicate key '{key}', already at row {r} of sheet '{s}' in {f}; this later row is excluded."
        ),
    )
}

/// A `hoc_ky` cell that names no period.
pub fn invalid_period(lang: Lang, at: At, field: &Field, value: &str) -> Issue {
    let h = field.canonical_header();
    issue(
        "invalid-value",
        at,
        &field.id,
        value,
        tr!(
            lang,
            "'{value}' không phải một kỳ báo cáo ở cột {h} (được phép: HK1, HK2, Cả năm — hoặc HK I, Học kỳ 1, I, 1, CN, Năm học)",
            "'{value}' is not a reporting period in column {h} (allowed: HK1, HK2, Cả năm — or HK I, Học kỳ 1, I, 1, CN, Năm học)"
        ),
    )
}

/// A source an indicator uses has records, but only of other periods than the run's.
pub fn no_period_data(lang: Lang, source: &Source, run: &str, found: &str) -> Issue {
    let (id, t) = (&source.id, &source.title);
    issue(
        "no-period-data",
        At::file(""),
        "",
        found,
        tr!(
            lang,
            "Nguồn {id} ({t}) không có dòng nào của {run}, chỉ có của: {found}; các chỉ số dùng nguồn này không có dữ liệu.",
            "Source {id} ({t}) has no rows of {run}, only of: {found}; the indicators using it have no data."
        ),
    )
}

/// Rows with keys below the last block of a sheet that no repeated header introduces.
pub fn rows_not_read(lang: Lang, at: At, range: &str, count: u32) -> Issue {
    issue(
        "rows-not-read",
        at,
        "",
        range,
        tr!(
            lang,
            "{count} dòng có mã ở {range} nằm dưới chỗ bảng kết thúc (dòng tổng cộng hoặc chữ ký) nên không được đọc; nếu là dữ liệu, hãy đưa lên trong bảng hoặc chép lại dòng tiêu đề ngay trên chúng.",
            "{count} row(s) with keys at {range} lie below where the table ends (a grand total or the signatures) and were not read; if they are data, move them into the table or repeat the header row just above them."
        ),
    )
}

/// A row on a hidden sheet whose key a row on a visible sheet also has: the hidden one (an
/// old copy kept out of sight) is excluded, wherever it stands.
pub fn duplicate_key_hidden(
    lang: Lang,
    at: At,
    fields: &str,
    key: &str,
    visible: (&str, &str, u32),
) -> Issue {
    let (f, s, r) = visible;
    let hidden = at.sheet;
    issue(
        "duplicate-key",
        at,
        fields,
        key,
        tr!(
            lang,
            "Trùng mã '{key}' với dòng {r} trang '{s}' tệp {f}; dòng này nằm ở trang ẩn '{hidden}' (bản cũ) nên bị loại, dòng ở trang đang hiện được giữ.",
            "Duplicate key '{key}', also at row {r} of sheet '{s}' in {f}; this row is on the hidden sheet '{hidden}' (an old copy) and is excluded, the row on the visible sheet is kept."
        ),
    )
}

/// The rows an `unknown-unit` warning covers: how many, the first and last, and whether
/// the sheet's unit column is there but blank in them, and whether the unit text is the
/// name of the folder the file is in (no cell gave one).
#[derive(Debug, Clone, Copy)]
pub struct UnitRows {
    pub count: u32,
    pub first: u32,
    pub last: u32,
    pub blank_cell: bool,
    pub folder: bool,
}

pub fn unknown_unit(lang: Lang, at: At, field: &str, value: &str, rows: UnitRows) -> Issue {
    let UnitRows {
        count,
        first,
        last,
        blank_cell,
        folder,
    } = rows;
    let which = if count == 1 {
        tr!(lang, "dòng {first}", "row {first}")
    } else {
        tr!(
            lang,
            "{count} dòng, từ dòng {first} đến dòng {last}",
            "{count} rows, from row {first} to row {last}"
        )
    };
    let message = if folder && blank_cell {
        tr!(
            lang,
            "Ô đơn vị (Khoa) để trống và thư mục '{value}' chứa tệp không khớp đơn vị nào trong định nghĩa mục tiêu (unit, unit_aliases) ({which}); các dòng này chỉ được tính cho toàn trường. Hãy ghi tên khoa vào ô, hoặc đặt tệp vào thư mục mang tên đơn vị.",
            "The unit cell is blank and the folder '{value}' the file is in matches no unit of the objective definitions (unit, unit_aliases) ({which}); these rows count for the school only. Write the unit's name in the cell, or put the file in the unit's folder."
        )
    } else if folder {
        tr!(
            lang,
            "Trang không có cột Khoa và thư mục '{value}' chứa tệp không khớp đơn vị nào trong định nghĩa mục tiêu (unit, unit_aliases) ({which}); các dòng này chỉ được tính cho toàn trường. Hãy đặt tệp vào thư mục mang tên đơn vị (du-lieu/khoa-co-khi/), hoặc thêm tên thư mục vào unit_aliases.",
            "The sheet has no unit column and the folder '{value}' the file is in matches no unit of the objective definitions (unit, unit_aliases) ({which}); these rows count for the school only. Put the file in the unit's folder (du-lieu/khoa-co-khi/), or add the folder's name to unit_aliases."
        )
    } else if blank_cell {
        tr!(
            lang,
            "Ô đơn vị (Khoa) để trống và tệp không nằm trong thư mục của một đơn vị ({which}): không biết các dòng này của đơn vị nào; chúng chỉ được tính cho toàn trường. Hãy ghi tên khoa vào ô.",
            "The unit cell is blank and the file is not in a unit's folder ({which}): the unit of these rows is unknown; they count for the school only. Write the unit's name in the cell."
        )
    } else if value.is_empty() {
        tr!(
            lang,
            "Không xác định được đơn vị của các dòng này ({which}; không có cột Khoa và tệp không nằm trong thư mục của một đơn vị); chúng chỉ được tính cho toàn trường.",
            "The unit of these rows is unknown ({which}; no unit column, and the file is not in a unit's folder); they count for the school only."
        )
    } else {
        tr!(
            lang,
            "Đơn vị '{value}' không khớp đơn vị nào trong định nghĩa mục tiêu (unit, unit_aliases) ({which}); các dòng này chỉ được tính cho toàn trường.",
            "Unit '{value}' matches no unit of the objective definitions (unit, unit_aliases) ({which}); these rows count for the school only."
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

/// [`inconsistent`], saying which class the score falls in: "Điểm TB 8,2 không khớp với Học
/// lực 'Yếu' (điểm 8,2 ứng với 'Giỏi')".
pub fn inconsistent_band(
    lang: Lang,
    at: At,
    source: &Source,
    band: &crate::schema::Band,
    score_value: f64,
    class_value: &str,
) -> Issue {
    let (score, class) = (&source.fields[band.field], &source.fields[band.class]);
    let mut i = inconsistent(lang, at, score, score_value, class, class_value);
    if let Some(r) = band.ranges.iter().find(|r| r.contains(score_value)) {
        let x = vi_number(score_value, 2);
        let meant = &class.values[r.value as usize].value;
        i.message.push_str(&tr!(
            lang,
            " (điểm {x} ứng với '{meant}')",
            " (a score of {x} means '{meant}')"
        ));
    }
    i
}

/// `nearest`: an existing key that differs from `value` only by leading zeros (case never
/// matters), the probable meaning.
pub fn unknown_reference(
    lang: Lang,
    at: At,
    field: &Field,
    value: &str,
    target: &str,
    nearest: Option<&str>,
) -> Issue {
    let h = field.canonical_header();
    let hint = match nearest {
        Some(k) => tr!(
            lang,
            " — có phải '{k}' (khác nhau ở các số 0 đầu)?",
            " — did you mean '{k}' (they differ in leading zeros)?"
        ),
        None => String::new(),
    };
    issue(
        "unknown-reference",
        at,
        &field.id,
        value,
        tr!(
            lang,
            "{h} '{value}' không có trong bảng {target} nào{hint}",
            "{h} '{value}' is not in any {target} table{hint}"
        ),
    )
}

/// A key with the leading zeros of each run of digits dropped, folded: "HS001234" and
/// "hs1234", "001234" and "1234" meet here.
pub fn key_without_leading_zeros(folded: &str) -> String {
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len());
    // Still at the start of a run of digits (only zeros seen, all dropped).
    let mut leading = true;
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_digit() {
            leading = true;
        } else if leading && c == '0' && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            continue;
        } else {
            leading = false;
        }
        out.push(c);
    }
    out
}

/// Several rows of one sheet whose key is in no `target` table, as one warning: the rows and
/// values listed (the first ten), the cell of the first.
pub fn unknown_references(
    lang: Lang,
    at: At,
    field: &Field,
    rows: &[(u32, &str)],
    target: &str,
) -> Issue {
    let h = field.canonical_header();
    let n = rows.len();
    let s = at.sheet;
    let shown: Vec<String> = rows
        .iter()
        .take(10)
        .map(|(r, v)| tr!(lang, "dòng {r} ({v})", "row {r} ({v})"))
        .collect();
    let more = if n > 10 { ", …" } else { "" };
    let list = shown.join(", ");
    let first = rows[0].1;
    issue(
        "unknown-reference",
        at,
        &field.id,
        first,
        tr!(
            lang,
            "{n} dòng của trang '{s}' có {h} không có trong bảng {target} nào (có thể là học sinh các năm trước): {list}{more}",
            "{n} rows of sheet '{s}' have a {h} that is in no {target} table (perhaps students of earlier years): {list}{more}"
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
pub fn key_of(source: &Source, r: Values, strings: &Strings) -> Vec<KeyPart> {
    source
        .key
        .iter()
        .map(|&k| match r.get(k) {
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

/// Pairs (excluded, kept) of records of `records` (in table order) with the same key: the
/// later one is excluded — unless the kept one is on a hidden sheet (`hidden(i)`) and the
/// later one is not: a visible row wins over an old copy kept out of sight. Excluded
/// records neither collide nor are collided with.
pub fn duplicate_keys(
    source: &Source,
    records: &Table,
    strings: &Strings,
    hidden: &(dyn Fn(usize) -> bool + Sync),
) -> Vec<(usize, usize)> {
    if source.key.is_empty() {
        return Vec::new();
    }
    // Keys are unique within a period (SPEC "Periods"): the same student in the HK1 and the
    // HK2 workbook is no duplicate; a record without a period is in every period, so it
    // meets the records of each.
    // The first record of each key, per period slot (hk1, hk2, ca-nam, none); `NONE` where
    // there is none yet (u32 indices: a national run holds millions of keys).
    const NONE: u32 = u32::MAX;
    let slot = |p: Option<Period>| p.map_or(3, |p| p as usize);
    let hash = |i: usize| -> Option<u64> {
        let k = key_of(source, records.values(i), strings);
        let keyless = k.iter().all(|p| *p == KeyPart::Empty);
        (!keyless).then(|| rustc_hash::FxBuildHasher.hash_one(&k[..]))
    };
    // Every record of a key falls in the same shard (by its hash): the shards are checked
    // in parallel, each in table order, and their pairs put back in the order one pass
    // over the table gives them (a pair is found at the later of its two records).
    const SHARDS: usize = 64;
    const NO_KEY: u8 = u8::MAX;
    let shard_of: Vec<u8> = (0..records.len())
        .into_par_iter()
        .map(|i| match (records.records()[i].excluded, hash(i)) {
            (false, Some(h)) => (h >> 58) as u8,
            _ => NO_KEY,
        })
        .collect();
    // The shards hold record indices only; each key is made again when its shard is
    // checked (a hash kept per record would be 8 more bytes a record at the run's peak).
    let mut shards: Vec<Vec<u32>> = vec![Vec::new(); SHARDS];
    for (i, &s) in shard_of.iter().enumerate() {
        if s != NO_KEY {
            shards[s as usize].push(i as u32);
        }
    }
    drop(shard_of);
    let mut out: Vec<(usize, usize)> = shards
        .par_iter()
        .flat_map_iter(|shard| {
            // The table holds only the slots: an entry's key is that of a record it names,
            // found again on a match (a key held per entry took about 80 bytes a record).
            let mut first: hashbrown::HashTable<[u32; 4]> =
                hashbrown::HashTable::with_capacity(shard.len());
            let key_at = |slots: &[u32; 4]| -> Vec<KeyPart> {
                let j = slots
                    .iter()
                    .copied()
                    .find(|&j| j != NONE)
                    .expect("a slot is set");
                key_of(source, records.values(j as usize), strings)
            };
            let rehash = |slots: &[u32; 4]| rustc_hash::FxBuildHasher.hash_one(&key_at(slots)[..]);
            let mut out = Vec::new();
            for &i in shard {
                let i = i as usize;
                let r = &records.records()[i];
                let k = key_of(source, records.values(i), strings);
                let h = rustc_hash::FxBuildHasher.hash_one(&k[..]);
                let seen = match first.find_mut(h, |slots| key_at(slots) == k) {
                    Some(seen) => seen,
                    None => {
                        let mut slots = [NONE; 4];
                        slots[slot(r.period)] = i as u32;
                        first.insert_unique(h, slots, rehash);
                        continue;
                    }
                };
                let earlier = match r.period {
                    None => seen.iter().copied().min(),
                    Some(p) => Some(seen[slot(Some(p))].min(seen[3])),
                }
                .filter(|&j| j != NONE);
                match earlier {
                    Some(j) if hidden(j as usize) && !hidden(i) => {
                        // The old copy goes; the visible row takes its place in its own
                        // period.
                        out.push((j as usize, i));
                        for s in seen.iter_mut().filter(|s| **s == j) {
                            *s = NONE;
                        }
                        seen[slot(r.period)] = i as u32;
                    }
                    Some(j) => out.push((i, j as usize)),
                    None => seen[slot(r.period)] = i as u32,
                }
            }
            out
        })
        .collect();
    out.sort_unstable_by_key(|&(a, b)| a.max(b));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn leading_zeros_of_each_number_are_dropped() {
        use super::key_without_leading_zeros as k;
        assert_eq!(k("001234"), "1234");
        assert_eq!(k("hs001234"), "hs1234");
        assert_eq!(k("hs0"), "hs0");
        assert_eq!(k("000"), "0");
        assert_eq!(k("a01-002"), "a1-2");
        assert_eq!(k("1020"), "1020");
    }
}
