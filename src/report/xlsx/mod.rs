//! The XLSX outputs: each unit's result workbook with its drill-down (`unit`), the school
//! summary (`summary`), the issue workbook (`issues`) and the blank input templates
//! (`templates`). Every builder returns the bytes of a complete workbook; the caller writes
//! them with [`crate::report::write_atomic`].
//!
//! What they share lives here once: the formats and colours, the labels in both languages,
//! valid and unique sheet names, how a record value becomes a cell, and the fixed document
//! properties that make the bytes identical from run to run.
//!
//! Architecture invariant: these builders read definitions, the dataset and the results;
//! they never open a workbook of `du-lieu/`, and they never decide whether a figure is
//! achieved — compute did.

mod drill;
pub mod explain;
pub mod issues;
pub mod summary;
pub mod templates;
pub mod unit;

pub use explain::{explanation_workbook, FILE_NAME as EXPLANATION_FILE_NAME};
pub use issues::{issues_workbook, issues_workbook_with, FILE_NAME as ISSUES_FILE_NAME};
pub use summary::{school_summary, school_summary_with, FILE_NAME as SUMMARY_FILE_NAME};
pub use templates::{template_workbook, write_templates, TemplateWrite};
pub use unit::{unit_workbook, unit_workbook_with, FILE_NAME as UNIT_FILE_NAME};

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use crate::definitions::{Cmp, Target};
use crate::exact::Ratio;
use crate::i18n::Lang;

/// What can go wrong while building a workbook. With the names and texts sanitised here it
/// should not happen; it is returned rather than unwrapped so a surprise is one failed
/// report, not a crashed batch.
pub type Error = rust_xlsxwriter::XlsxError;

/// Excel's last row (1-based) and its longest cell text.
const MAX_ROWS: u32 = 1_048_576;
const MAX_CELL_CHARS: usize = 32_767;

/// One text in Vietnamese and in English.
pub(crate) fn t(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// "Đạt" / "Không đạt" / "Không có dữ liệu": the words of SPEC for an achieved value.
pub fn status_text(achieved: Option<bool>, lang: Lang) -> &'static str {
    crate::report::format::verdict(achieved, lang)
}

/// The status with SPEC's *uncertain* mark and the rows to fix: "Đạt (?) — 1 dòng lỗi có
/// thể đổi kết quả". Starts with [`status_text`], so a rule on the start colours it.
pub fn status_marked(achieved: Option<bool>, uncertain: bool, rows: u64, lang: Lang) -> String {
    let v = crate::report::format::verdict_marked(achieved, uncertain, lang);
    if uncertain {
        format!(
            "{v} — {}",
            crate::report::format::uncertain_note(rows, lang)
        )
    } else {
        v
    }
}

/// How a boolean is written in every workbook (and accepted back by ingest).
pub fn bool_text(b: bool) -> &'static str {
    if b {
        "Có"
    } else {
        "Không"
    }
}

/// A new workbook whose document properties are fixed: rust_xlsxwriter otherwise stamps
/// `docProps/core.xml` with the current time, and the same inputs must give the same bytes.
pub(crate) fn new_workbook(title: &str) -> Workbook {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(2000, 1, 1).expect("a valid fixed date");
    let props = DocProperties::new()
        .set_title(title)
        .set_author("mtcl")
        .set_creation_datetime(&when);
    wb.set_properties(&props);
    // Level 1: drill-down sheets are large and compress well anyway; level 6 (the
    // default) spent a fifth of a whole run in deflate for files a few percent smaller.
    wb.set_zip_compression_level(1);
    wb
}

/// The workbook's bytes, declaring the same zip host on every platform
/// ([`crate::platform::same_zip_host`]): every XLSX is saved through here.
pub(crate) fn save(wb: &mut Workbook) -> Result<Vec<u8>, Error> {
    Ok(crate::platform::same_zip_host(wb.save_to_buffer()?))
}

/// A cell text Excel accepts: at most 32,767 characters.
pub(crate) fn cell_text(s: &str) -> &str {
    // No more characters than bytes: most texts are known to fit without counting them
    // (a drill-down asks for three texts a row).
    if s.len() <= MAX_CELL_CHARS {
        return s;
    }
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Characters Excel refuses in a sheet name.
const FORBIDDEN_IN_SHEET_NAME: &[char] = &['[', ']', ':', '*', '?', '/', '\\'];
const MAX_SHEET_NAME_CHARS: usize = 31;

/// Valid, unique sheet names for one workbook, whatever the wanted names contain: forbidden
/// characters replaced, at most 31 characters, no leading or trailing apostrophe, not
/// "History", and unique without regard to case (" (2)", " (3)"… added when needed).
#[derive(Debug, Default)]
pub struct SheetNames {
    taken: Vec<String>,
}

impl SheetNames {
    pub fn new() -> SheetNames {
        SheetNames::default()
    }

    /// The name to use for a sheet one wanted to call `wanted`; reserved from now on.
    pub fn claim(&mut self, wanted: &str) -> String {
        let base = sheet_name_base(wanted);
        let mut name = base.clone();
        let mut k = 2;
        while self.is_taken(&name) {
            let suffix = format!(" ({k})");
            let room = MAX_SHEET_NAME_CHARS - suffix.chars().count();
            let stem: String = base.chars().take(room).collect();
            name = format!("{}{suffix}", stem.trim_end_matches('\''));
            k += 1;
        }
        self.taken.push(name.to_lowercase());
        name
    }

    fn is_taken(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        self.taken.contains(&lower)
    }
}

fn sheet_name_base(wanted: &str) -> String {
    let cleaned: String = crate::text::clean(wanted)
        .chars()
        .map(|c| {
            if FORBIDDEN_IN_SHEET_NAME.contains(&c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    let truncated: String = cleaned
        .trim_matches('\'')
        .chars()
        .take(MAX_SHEET_NAME_CHARS)
        .collect();
    let name = truncated.trim_matches('\'').trim().to_string();
    if name.is_empty() {
        "Sheet".to_string()
    } else if name.eq_ignore_ascii_case("history") {
        // Excel reserves "History" for its change tracking.
        "History-".to_string()
    } else {
        name
    }
}

/// A sheet name as it appears in a formula or a link: always quoted, apostrophes doubled.
pub(crate) fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

/// "A", "B", … "AA": the column letters of a 0-based column.
pub(crate) fn col_letters(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        s.push(b'A' + r);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

/// The colours of achieved / not achieved / no data, shared by every workbook.
pub(crate) mod colour {
    pub const ACHIEVED_FILL: u32 = 0xC6EFCE;
    pub const ACHIEVED_TEXT: u32 = 0x006100;
    pub const NOT_FILL: u32 = 0xFFC7CE;
    pub const NOT_TEXT: u32 = 0x9C0006;
    pub const NO_DATA_FILL: u32 = 0xE7E6E6;
    pub const NO_DATA_TEXT: u32 = 0x595959;
    pub const HEADER_FILL: u32 = 0xDDEBF7;
    pub const OBJECTIVE_FILL: u32 = 0xF2F2F2;
    pub const ERROR_TEXT: u32 = 0x9C0006;
    pub const WARNING_TEXT: u32 = 0x7F6000;
    /// The blue of a hyperlink in the default Office theme.
    pub const LINK_TEXT: u32 = 0x0563C1;
}

/// Number formats: Excel shows them with the reader's decimal separator, so a Vietnamese
/// Excel shows 85,7%.
pub(crate) const PERCENT_FORMAT: &str = "0.0%";
pub(crate) const INTEGER_FORMAT: &str = "#,##0";
pub(crate) const DECIMAL_FORMAT: &str = "#,##0.00";
pub(crate) const DATE_FORMAT: &str = "dd/mm/yyyy";

/// The formats every workbook uses, built once per workbook.
pub(crate) struct Styles {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub text: Format,
    /// A date (no border): the drill-down's date cells.
    pub date: Format,
    pub wrap: Format,
    pub objective: Format,
    pub integer: Format,
    pub decimal: Format,
    pub percent: Format,
    pub link: Format,
    pub achieved: Format,
    pub not_achieved: Format,
    pub no_data: Format,
    pub error: Format,
    pub warning: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        let fill = |bg: u32, fg: u32| {
            cell.clone()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(colour::HEADER_FILL)),
            text: cell.clone(),
            date: Format::new().set_num_format(DATE_FORMAT),
            wrap: cell.clone().set_text_wrap(),
            objective: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(colour::OBJECTIVE_FILL)),
            integer: cell.clone().set_num_format(INTEGER_FORMAT),
            decimal: cell.clone().set_num_format(DECIMAL_FORMAT),
            percent: cell.clone().set_num_format(PERCENT_FORMAT),
            link: cell
                .clone()
                .set_font_color(Color::RGB(colour::LINK_TEXT))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            achieved: fill(colour::ACHIEVED_FILL, colour::ACHIEVED_TEXT),
            not_achieved: fill(colour::NOT_FILL, colour::NOT_TEXT),
            no_data: fill(colour::NO_DATA_FILL, colour::NO_DATA_TEXT),
            error: cell.clone().set_font_color(Color::RGB(colour::ERROR_TEXT)),
            warning: cell.set_font_color(Color::RGB(colour::WARNING_TEXT)),
        }
    }

    /// The fill of a status cell written directly (not through conditional formatting).
    pub fn status(&self, achieved: Option<bool>) -> &Format {
        match achieved {
            Some(true) => &self.achieved,
            Some(false) => &self.not_achieved,
            None => &self.no_data,
        }
    }

    /// The conditional-format versions of the status fills (a conditional format carries
    /// only the differential: fill and font colour).
    pub fn status_conditional(achieved: Option<bool>) -> Format {
        let (bg, fg) = match achieved {
            Some(true) => (colour::ACHIEVED_FILL, colour::ACHIEVED_TEXT),
            Some(false) => (colour::NOT_FILL, colour::NOT_TEXT),
            None => (colour::NO_DATA_FILL, colour::NO_DATA_TEXT),
        };
        Format::new()
            .set_background_color(Color::RGB(bg))
            .set_font_color(Color::RGB(fg))
    }
}

/// Writes the header row of a table: the texts, the header format, and the column widths.
pub(crate) fn write_header(
    ws: &mut Worksheet,
    row: u32,
    columns: &[(&str, f64)],
    styles: &Styles,
) -> Result<(), Error> {
    for (c, (name, width)) in columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, cell_text(name), &styles.header)?;
        ws.set_column_width(c as u16, *width)?;
    }
    Ok(())
}

/// Print setup of a report table: A4 landscape, fit to the page width, the header rows
/// repeated on every page.
pub(crate) fn print_setup(ws: &mut Worksheet, header_row: u32) -> Result<(), Error> {
    const A4: u8 = 9;
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer(PAGE_FOOTER);
    Ok(())
}

/// "Trang 2 / 5" at the foot of every printed page.
pub(crate) const PAGE_FOOTER: &str = "&CTrang &P / &N";

/// The least print scale that stays legible: below it, a wide table runs onto further pages.
pub(crate) const MIN_PRINT_SCALE: f64 = 0.70;

/// The scale at which columns of these widths (Excel character units) fit the width of an
/// A4 landscape page within the default margins (0,7" each side).
pub(crate) fn fit_scale(widths: &[f64]) -> f64 {
    // A4 landscape: 11,69" less two 0,7" margins, at 96 px per inch; a column of width w
    // takes about 7w + 5 px in the default font.
    let page_px = (11.69 - 1.4) * 96.0;
    let table_px: f64 = widths.iter().map(|w| w * 7.0 + 5.0).sum();
    if table_px <= 0.0 {
        1.0
    } else {
        (page_px / table_px).min(1.0)
    }
}

/// Print setup of a wide table: fitted to the page width only when that keeps the text at
/// 70% or more; otherwise the columns run onto further pages, the first `key_columns`
/// (what identifies a row) repeated on each. Header row repeated, page numbers below.
pub(crate) fn print_setup_wide(
    ws: &mut Worksheet,
    header_row: u32,
    widths: &[f64],
    key_columns: u16,
) -> Result<(), Error> {
    if fit_scale(widths) >= MIN_PRINT_SCALE {
        return print_setup(ws, header_row);
    }
    const A4: u8 = 9;
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer(PAGE_FOOTER);
    if key_columns > 0 {
        ws.set_repeat_columns(0, key_columns - 1)?;
    }
    Ok(())
}

/// Rewrites the chart parts of a saved workbook the way Excel needs them: both axes
/// explicitly shown (`<c:delete val="0"/>`: without it Excel may hide them) and the text
/// marked Vietnamese (`vi-VN`), which rust_xlsxwriter does not offer. Other entries are
/// copied byte for byte, so the output stays identical from run to run.
pub(crate) fn patch_charts(bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    use std::io::{Cursor, Read, Write};
    use zip::write::SimpleFileOptions;
    let io = |e: std::io::Error| Error::IoError(e);
    let zerr = |e: zip::result::ZipError| Error::IoError(std::io::Error::other(e));
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).map_err(zerr)?;
    if !archive
        .file_names()
        .any(|n| n.is_ok_and(|n| n.starts_with("xl/charts/chart")))
    {
        return Ok(bytes);
    }
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for k in 0..archive.len() {
        let entry = archive.by_index(k).map_err(zerr)?;
        let name = entry.name().map_err(zerr)?.to_string();
        if !(name.starts_with("xl/charts/chart") && name.ends_with(".xml")) {
            out.raw_copy_file(entry).map_err(zerr)?;
            continue;
        }
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .last_modified_time(entry.last_modified().unwrap_or_default());
        let mut xml = String::new();
        { entry }.read_to_string(&mut xml).map_err(io)?;
        out.start_file(name, options).map_err(zerr)?;
        out.write_all(chart_xml(&xml).as_bytes()).map_err(io)?;
    }
    Ok(out.finish().map_err(zerr)?.into_inner())
}

/// The chart XML with both axes shown and the language Vietnamese.
fn chart_xml(xml: &str) -> String {
    let mut s = xml
        .replace("<c:lang val=\"en-US\"/>", "<c:lang val=\"vi-VN\"/>")
        .replace("lang=\"en-US\"", "lang=\"vi-VN\"");
    for axis in ["<c:catAx>", "<c:valAx>"] {
        let mut from = 0;
        while let Some(start) = s[from..].find(axis).map(|i| from + i) {
            let Some(end) = s[start..].find("</c:scaling>").map(|i| start + i) else {
                break;
            };
            let at = end + "</c:scaling>".len();
            if !s[at..].starts_with("<c:delete") {
                s.insert_str(at, "<c:delete val=\"0\"/>");
            }
            from = at;
        }
    }
    s
}

/// A sheet name in Vietnamese from a source's title: "Danh sách học sinh và kết quả học
/// tập" → "Học sinh và kết quả học tập"; cut at a word to fit Excel's 31 characters.
pub(crate) fn source_sheet_name(source: &crate::schema::Source) -> String {
    let title = crate::text::clean(&source.title);
    let mut rest = title.as_str();
    for prefix in ["Danh sách ", "Danh mục ", "Sổ theo dõi ", "Khảo sát "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
    }
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return source.id.clone();
    };
    let name: String = first.to_uppercase().chain(chars).collect();
    if name.chars().count() <= MAX_SHEET_NAME_CHARS {
        return name;
    }
    let mut out = String::new();
    for word in name.split(' ') {
        let wanted = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if wanted.chars().count() > MAX_SHEET_NAME_CHARS {
            break;
        }
        out = wanted;
    }
    if out.is_empty() {
        name.chars().take(MAX_SHEET_NAME_CHARS).collect()
    } else {
        out
    }
}

/// Writes a figure value: a percentage as a fraction with a percent format (so Excel shows
/// "85,7%" and charts compare it to the target), a count as a number; nothing when there
/// is no value.
pub(crate) fn write_figure(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<Ratio>,
    percent: bool,
    target: &crate::definitions::Target,
    format: &Styles,
) -> Result<(), Error> {
    match value {
        None => {
            ws.write_blank(row, col, &format.text)?;
        }
        Some(v) if percent => {
            // 84,96% shown "85,0%" beside "Không đạt" for "từ 85% trở lên": as many
            // decimals as the documents show.
            let decimals = crate::report::format::percent_decimals(v, target);
            let f = if decimals == 1 {
                format.percent.clone()
            } else {
                format
                    .percent
                    .clone()
                    .set_num_format(crate::report::format::percent_format(decimals))
            };
            ws.write_number_with_format(row, col, v.to_f64() / 100.0, &f)?;
        }
        Some(v) => write_quantity(ws, row, col, v, format)?,
    }
    Ok(())
}

/// A count or a sum: whole numbers without decimals, the others with two.
pub(crate) fn write_quantity(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Ratio,
    styles: &Styles,
) -> Result<(), Error> {
    let f = if v.is_integer() {
        &styles.integer
    } else {
        &styles.decimal
    };
    ws.write_number_with_format(row, col, v.to_f64(), f)?;
    Ok(())
}

/// The level a target sets, in the unit of the value (percent points or a count), for a
/// chart: the bound of a comparison, the lower bound of a range.
pub(crate) fn target_level(target: &Target) -> f64 {
    match target.cmp {
        Cmp::AtLeast(r)
        | Cmp::Above(r)
        | Cmp::Below(r)
        | Cmp::AtMost(r)
        | Cmp::Exactly(r)
        | Cmp::Between(r, _) => r.to_f64(),
    }
}

/// A date from days since 0001-01-01 as an Excel date, when Excel can hold it (1900–9999).
pub(crate) fn excel_date(days_from_ce: i32) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    let d = chrono::NaiveDate::from_num_days_from_ce_opt(days_from_ce)?;
    let y = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
}

/// The height a row needs for wrapped texts in columns of the given widths, when more than
/// one line: neither Excel nor LibreOffice grows a row for wrapped text a program wrote.
/// An estimate (about 1.1 characters per unit of column width, 15 points a line).
pub(crate) fn wrapped_height(cells: &[(&str, f64)]) -> Option<f64> {
    let lines = cells
        .iter()
        .map(|(text, width)| {
            let per_line = (width * 1.1).max(1.0);
            text.split('\n')
                .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines > 1.0).then(|| (15.0 * lines).min(409.0))
}

/// Sets a row's height for its wrapped texts (see [`wrapped_height`]).
pub(crate) fn fit_row(ws: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<(), Error> {
    if let Some(h) = wrapped_height(cells) {
        ws.set_row_height(row, h)?;
    }
    Ok(())
}

/// The width of a column for its header text, within reason.
pub(crate) fn width_for(header: &str, min: f64) -> f64 {
    (header.chars().count() as f64 + 2.0).clamp(min, 40.0)
}

#[cfg(test)]
pub(crate) mod test_util;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_replace_forbidden_characters() {
        let mut n = SheetNames::new();
        assert_eq!(n.claim("a/b\\c[d]e:f*g?h"), "a-b-c-d-e-f-g-h");
        assert_eq!(n.claim("'quoted'"), "quoted");
        assert_eq!(n.claim("  "), "Sheet");
        assert_eq!(n.claim("history"), "History-");
        assert_eq!(n.claim("tab\u{7}bell"), "tab-bell");
    }

    #[test]
    fn sheet_names_are_at_most_31_characters() {
        let mut n = SheetNames::new();
        let long = "Danh sách học sinh và kết quả học tập";
        let a = n.claim(long);
        assert_eq!(a.chars().count(), 31);
        assert_eq!(a, "Danh sách học sinh và kết quả h");
        let b = n.claim(long);
        assert_eq!(b.chars().count(), 31);
        assert_eq!(b, "Danh sách học sinh và kết q (2)");
    }

    #[test]
    fn sheet_names_are_unique_without_regard_to_case() {
        let mut n = SheetNames::new();
        assert_eq!(n.claim("Tổng hợp"), "Tổng hợp");
        assert_eq!(n.claim("TỔNG HỢP"), "TỔNG HỢP (2)");
        assert_eq!(n.claim("tổng hợp"), "tổng hợp (3)");
        assert_eq!(n.claim("Tổng hợp (2)"), "Tổng hợp (2) (2)");
    }

    #[test]
    fn every_claimed_name_is_accepted_by_rust_xlsxwriter() {
        let mut n = SheetNames::new();
        let mut wb = Workbook::new();
        for wanted in [
            "x'",
            "'",
            "[]",
            "a'b",
            "Khoa Cơ khí / Điện",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
            "abcdefghijklmnopqrstuvwxyz0123456789",
        ] {
            let name = n.claim(wanted);
            wb.add_worksheet()
                .set_name(&name)
                .unwrap_or_else(|e| panic!("{wanted:?} → {name:?}: {e}"));
        }
        wb.save_to_buffer().unwrap();
    }

    #[test]
    fn wrapped_rows_get_the_height_of_their_longest_cell() {
        assert_eq!(wrapped_height(&[("ngắn", 10.0)]), None);
        assert_eq!(
            wrapped_height(&[("x".repeat(30).as_str(), 10.0)]),
            Some(45.0)
        );
        assert_eq!(wrapped_height(&[("a\nb", 10.0), ("c", 10.0)]), Some(30.0));
    }

    #[test]
    fn sheets_of_the_built_in_sources_have_vietnamese_names_within_31_characters() {
        let c = crate::schema::load_catalog(None, Lang::Vi).unwrap();
        let names: Vec<String> = c.sources.iter().map(source_sheet_name).collect();
        for n in &names {
            assert!(n.chars().count() <= MAX_SHEET_NAME_CHARS, "{n}");
        }
        let get = |id: &str| source_sheet_name(c.get(id).unwrap());
        assert_eq!(get("hoc_sinh"), "Học sinh và kết quả học tập");
        assert_eq!(get("viec_lam"), "Việc làm sau tốt nghiệp");
        assert_eq!(get("y_kien_nguoi_hoc"), "Ý kiến người học về giảng dạy");
        assert_eq!(get("tien_do"), "Tiến độ và minh chứng");
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn column_letters() {
        assert_eq!(col_letters(0), "A");
        assert_eq!(col_letters(25), "Z");
        assert_eq!(col_letters(26), "AA");
        assert_eq!(col_letters(701), "ZZ");
        assert_eq!(col_letters(702), "AAA");
    }

    #[test]
    fn long_cell_texts_are_cut_to_excels_limit() {
        let s = "ă".repeat(40_000);
        assert_eq!(cell_text(&s).chars().count(), MAX_CELL_CHARS);
        assert_eq!(cell_text("abc"), "abc");
        // At the limit, by characters, not bytes.
        let a = "a".repeat(MAX_CELL_CHARS + 1);
        assert_eq!(cell_text(&a), &a[..MAX_CELL_CHARS]);
        assert_eq!(cell_text(&a[..MAX_CELL_CHARS]), &a[..MAX_CELL_CHARS]);
        let wide = "ă".repeat(20_000);
        assert_eq!(cell_text(&wide), wide, "40,000 bytes but 20,000 characters");
    }
}
