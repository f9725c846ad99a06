//! `mau-nhap-lieu/<source>.xlsx`: a blank input workbook per source of the catalogue, so a
//! faculty can start from a sheet `mtcl check` reads without a single issue.
//!
//! Row 1 holds the canonical headers (the safest match); each header carries a note with
//! the field's type, whether it is required, its accepted aliases and its values. Enum and
//! boolean columns get a dropdown list; number, integer and date columns a validation and a
//! number format; text columns the text format, so codes such as "001" keep their zeros.
//!
//! Excel limits an inline dropdown list to 255 characters and splits it at commas: a longer
//! list, or one with a comma in a value, is written on a hidden sheet and referenced.

use std::io;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format, Formula,
    Note, Worksheet,
};

use super::{
    bool_text, cell_text, new_workbook, print_setup, quoted, t, width_for, write_header, Error,
    SheetNames, Styles, DATE_FORMAT, MAX_ROWS,
};
use crate::i18n::Lang;
use crate::schema::{Catalog, Field, FieldType, Source};

/// The fill of a required column's header.
const REQUIRED_FILL: u32 = 0xFCE4D6;

/// Excel's limit on an inline list, commas included, in UTF-16 units.
const MAX_INLINE_LIST: usize = 255;

/// Whether `write_templates` may replace existing files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateWrite {
    /// `mtcl init`: write only the templates that do not exist yet.
    MissingOnly,
    /// `mtcl init --templates`: rewrite every template of the catalogue (and nothing else).
    Refresh,
}

/// The file name of a source's template: its id when that is a plain name, else a slug.
pub fn template_file_name(source: &Source) -> String {
    let plain = !source.id.is_empty()
        && source
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let stem = if plain {
        source.id.clone()
    } else {
        crate::text::slug(&source.id)
    };
    format!("{stem}.xlsx")
}

/// Writes one template per source of `catalog` into `dir` (created if needed); returns the
/// files written, in catalogue order. With [`TemplateWrite::MissingOnly`] an existing file
/// is never replaced, even one that appears while this runs.
pub fn write_templates(
    dir: &Path,
    catalog: &Catalog,
    mode: TemplateWrite,
    lang: Lang,
) -> io::Result<Vec<PathBuf>> {
    write_templates_for_units(dir, catalog, mode, &[], lang)
}

/// [`write_templates`] for a workspace whose definitions name its units: the unit column
/// (Khoa) of every template is a dropdown of `units` (names and aliases).
pub fn write_templates_for_units(
    dir: &Path,
    catalog: &Catalog,
    mode: TemplateWrite,
    units: &[String],
    lang: Lang,
) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for source in &catalog.sources {
        let path = dir.join(template_file_name(source));
        if mode == TemplateWrite::MissingOnly && path.exists() {
            continue;
        }
        let bytes = template_for(source, units, lang, &[]).map_err(io::Error::other)?;
        match mode {
            TemplateWrite::Refresh => crate::report::write_atomic(&path, &bytes)?,
            TemplateWrite::MissingOnly => {
                if !write_new(&path, &bytes)? {
                    continue;
                }
            }
        }
        written.push(path);
    }
    Ok(written)
}

/// Like `write_atomic`, but never over an existing file: false if `path` exists.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".mtcl-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e.error),
    }
}

/// The bytes of one source's blank input workbook. Notes are in `lang`; headers and the
/// Có/Không values are the Vietnamese ones `mtcl check` reads.
pub fn template_workbook(source: &Source, lang: Lang) -> Result<Vec<u8>, Error> {
    template_with_rows(source, lang, &[])
}

/// [`template_workbook`] with the workspace's units (and aliases) as the unit column's
/// dropdown.
pub fn template_workbook_for_units(
    source: &Source,
    units: &[String],
    lang: Lang,
) -> Result<Vec<u8>, Error> {
    template_for(source, units, lang, &[])
}

/// A template with rows already filled in: the cells are written as a person would type
/// them (numbers as numbers, `dd/mm/yyyy` as dates). For tests of the round trip
/// template → `mtcl check`.
#[doc(hidden)]
pub fn template_with_rows(
    source: &Source,
    lang: Lang,
    rows: &[Vec<&str>],
) -> Result<Vec<u8>, Error> {
    template_for(source, &[], lang, rows)
}

/// The header written for a field: a required one ends with " *" (which reading drops),
/// and is drawn in the required colour, so it is seen before the note is opened.
pub fn template_header(field: &Field) -> String {
    if field.required {
        format!("{} *", field.canonical_header())
    } else {
        field.canonical_header().to_string()
    }
}

fn template_for(
    source: &Source,
    units: &[String],
    lang: Lang,
    rows: &[Vec<&str>],
) -> Result<Vec<u8>, Error> {
    let styles = Styles::new();
    let mut names = SheetNames::new();
    let mut wb = new_workbook(&source.title);
    let mut ws = Worksheet::new();
    ws.set_name(names.claim(&super::source_sheet_name(source)))?;

    let headers: Vec<String> = source.fields.iter().map(template_header).collect();
    let columns: Vec<(&str, f64)> = source
        .fields
        .iter()
        .zip(&headers)
        .map(|(f, h)| (h.as_str(), column_width(f)))
        .collect();
    write_header(&mut ws, 0, &columns, &styles)?;
    let required = styles
        .header
        .clone()
        .set_font_color(rust_xlsxwriter::Color::RGB(super::colour::ERROR_TEXT))
        .set_background_color(rust_xlsxwriter::Color::RGB(REQUIRED_FILL));
    for (c, (f, h)) in source.fields.iter().zip(&headers).enumerate() {
        if f.required {
            ws.write_string_with_format(0, c as u16, cell_text(h), &required)?;
        }
    }
    ws.set_row_height(0, 30)?;
    print_setup(&mut ws, 0)?;

    // Lists too long (or with commas) for an inline dropdown go to a hidden sheet.
    let mut lists = Worksheet::new();
    let lists_name = names.claim(t(lang, "Danh mục", "Lists"));
    lists.set_name(&lists_name)?;
    let mut list_columns = 0u16;

    for (c, field) in source.fields.iter().enumerate() {
        let c = c as u16;
        ws.insert_note(0, c, &header_note(field, lang))?;
        if let Some(format) = column_format(field.kind) {
            ws.set_column_format(c, &format)?;
        }
        let is_unit = source.unit_field == Some(c as usize) && !units.is_empty();
        let validation = match field.kind {
            _ if is_unit || matches!(field.kind, FieldType::Enum | FieldType::Bool) => {
                let values: Vec<&str> = if is_unit {
                    units.iter().map(String::as_str).collect()
                } else if field.kind == FieldType::Bool {
                    vec![bool_text(true), bool_text(false)]
                } else {
                    field.value_names().collect()
                };
                if fits_inline(&values) {
                    Some(DataValidation::new().allow_list_strings(&values)?)
                } else {
                    let lc = list_columns;
                    list_columns += 1;
                    lists.write_string(0, lc, cell_text(field.canonical_header()))?;
                    for (r, v) in values.iter().enumerate() {
                        lists.write_string(r as u32 + 1, lc, cell_text(v))?;
                    }
                    let col = super::col_letters(lc);
                    let formula = format!(
                        "={}!${col}$2:${col}${}",
                        quoted(&lists_name),
                        values.len() + 1
                    );
                    Some(DataValidation::new().allow_list_formula(Formula::new(formula)))
                }
            }
            FieldType::Integer => {
                let lo = field.min.map_or(i32::MIN, |m| m.ceil() as i32);
                let hi = field.max.map_or(i32::MAX, |m| m.floor() as i32);
                Some(DataValidation::new().allow_whole_number(DataValidationRule::Between(lo, hi)))
            }
            // A percentage's bounds depend on how ingest reads "85%" (0,85 or 85): no bounds.
            FieldType::Percent => Some(
                DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15)),
            ),
            FieldType::Number => {
                let lo = field.min.unwrap_or(-1e15);
                let hi = field.max.unwrap_or(1e15);
                Some(
                    DataValidation::new().allow_decimal_number(DataValidationRule::Between(lo, hi)),
                )
            }
            FieldType::Date => {
                let lo = ExcelDateTime::from_ymd(1900, 1, 1)?;
                let hi = ExcelDateTime::from_ymd(9999, 12, 31)?;
                Some(DataValidation::new().allow_date(DataValidationRule::Between(lo, hi)))
            }
            FieldType::Text | FieldType::Enum | FieldType::Bool => None,
        };
        if let Some(v) = validation {
            // A unit's list is the workspace's, not the schema's: another spelling is only
            // warned about (reading still matches it by name).
            let style = if is_unit {
                DataValidationErrorStyle::Warning
            } else {
                DataValidationErrorStyle::Stop
            };
            let v = v
                .set_error_style(style)
                .set_error_title(t(lang, "Giá trị không hợp lệ", "Invalid value"))?
                .set_error_message(
                    cell_text(&invalid_message(field, lang))
                        .chars()
                        .take(255)
                        .collect::<String>(),
                )?;
            ws.add_data_validation(1, c, MAX_ROWS - 1, c, &v)?;
        }
    }

    for (r, values) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, (field, text)) in source.fields.iter().zip(values).enumerate() {
            write_typed(&mut ws, r, c as u16, field, text)?;
        }
    }

    ws.set_freeze_panes(1, 0)?;
    wb.push_worksheet(ws);
    if list_columns > 0 {
        lists.set_hidden(true);
        wb.push_worksheet(lists);
    }
    super::save(&mut wb)
}

/// Whether a list can be given inline: within Excel's 255 characters, no value with a
/// comma (the list separator).
fn fits_inline(values: &[&str]) -> bool {
    let len: usize = values
        .iter()
        .map(|v| v.replace('"', "\"\"").encode_utf16().count())
        .sum::<usize>()
        + values.len().saturating_sub(1);
    len <= MAX_INLINE_LIST && !values.iter().any(|v| v.contains(','))
}

/// Room for what the column will hold: a name, a date, the longest value of a list.
fn column_width(field: &Field) -> f64 {
    let content: f64 = match field.kind {
        FieldType::Text => 18.0,
        FieldType::Date => 12.0,
        FieldType::Bool => 9.0,
        FieldType::Integer | FieldType::Number | FieldType::Percent => 10.0,
        FieldType::Enum => {
            field
                .value_names()
                .map(|v| v.chars().count())
                .max()
                .unwrap_or(8) as f64
                + 4.0
        }
    };
    width_for(field.canonical_header(), content.min(40.0))
}

/// The number format a column gets, by type.
fn column_format(kind: FieldType) -> Option<Format> {
    let f = match kind {
        FieldType::Text => "@",
        FieldType::Integer => "0",
        FieldType::Number => "0.0#",
        FieldType::Percent => "0.0%",
        FieldType::Date => DATE_FORMAT,
        FieldType::Bool | FieldType::Enum => return None,
    };
    Some(Format::new().set_num_format(f))
}

/// The note on a header: type, required, the other headers accepted, the values.
fn header_note(field: &Field, lang: Lang) -> Note {
    let mut lines = Vec::new();
    if field.required {
        lines.push(
            t(
                lang,
                "(*) Cột bắt buộc: mỗi dòng phải có giá trị.",
                "(*) Required column: every row needs a value.",
            )
            .to_string(),
        );
    }
    lines.push(format!(
        "{}: {}{}",
        t(lang, "Kiểu", "Type"),
        kind_words(field.kind, lang),
        if field.required {
            t(lang, " — bắt buộc", " — required")
        } else {
            ""
        }
    ));
    match (field.min, field.max) {
        (Some(lo), Some(hi)) => lines.push(format!(
            "{}: {} – {}",
            t(lang, "Giới hạn", "Range"),
            crate::text::vi_number(lo, 6),
            crate::text::vi_number(hi, 6)
        )),
        (Some(lo), None) => lines.push(format!("≥ {}", crate::text::vi_number(lo, 6))),
        (None, Some(hi)) => lines.push(format!("≤ {}", crate::text::vi_number(hi, 6))),
        (None, None) => {}
    }
    if field.headers.len() > 1 {
        lines.push(format!(
            "{}: {}",
            t(
                lang,
                "Tên cột khác được chấp nhận",
                "Other accepted headers"
            ),
            field.headers[1..].join("; ")
        ));
    }
    if !field.parts.is_empty() {
        lines.push(format!(
            "{}: {}",
            t(lang, "Hoặc tách thành các cột", "Or split into the columns"),
            field.parts.join(" + ")
        ));
    }
    match field.kind {
        FieldType::Enum => {
            lines.push(format!("{}:", t(lang, "Giá trị", "Values")));
            for v in &field.values {
                if v.aliases.is_empty() {
                    lines.push(format!("• {}", v.value));
                } else {
                    lines.push(format!(
                        "• {} ({} {})",
                        v.value,
                        t(lang, "hoặc", "or"),
                        v.aliases.join(", ")
                    ));
                }
            }
        }
        FieldType::Bool => lines.push(
            t(
                lang,
                "Giá trị: Có / Không (cũng nhận x, ✓, 1/0, Đạt/Không đạt; để trống là Không)",
                "Values: Có / Không (also x, ✓, 1/0, Đạt/Không đạt; blank means Không)",
            )
            .to_string(),
        ),
        _ => {}
    }
    // The id a person writes in a filter (`count = "chung_chi_nghe"`), found where they look.
    lines.push(format!(
        "{}: {}",
        t(lang, "Dùng trong định nghĩa", "Used in definitions as"),
        field.id
    ));
    let height = 20 + 15 * lines.len() as u32;
    Note::new(cell_text(&lines.join("\n")).to_string())
        .set_author("mtcl")
        .add_author_prefix(false)
        .set_width(300)
        .set_height(height.min(400))
}

/// The type of a field in words, for the notes of templates and drill-down headers.
fn kind_words(kind: FieldType, lang: Lang) -> &'static str {
    match kind {
        FieldType::Text => t(lang, "văn bản", "text"),
        FieldType::Integer => t(lang, "số nguyên", "whole number"),
        FieldType::Number => t(lang, "số", "number"),
        FieldType::Percent => t(lang, "phần trăm", "percentage"),
        FieldType::Date => t(lang, "ngày (dd/mm/yyyy)", "date (dd/mm/yyyy)"),
        FieldType::Bool => t(lang, "Có/Không", "yes/no (Có/Không)"),
        FieldType::Enum => t(lang, "danh mục", "list of values"),
    }
}

fn invalid_message(field: &Field, lang: Lang) -> String {
    match field.kind {
        FieldType::Enum | FieldType::Bool => t(
            lang,
            "Chọn một giá trị trong danh sách.",
            "Choose a value from the list.",
        )
        .to_string(),
        FieldType::Date => t(
            lang,
            "Nhập một ngày (dd/mm/yyyy).",
            "Enter a date (dd/mm/yyyy).",
        )
        .to_string(),
        _ => match (field.min, field.max) {
            (Some(lo), Some(hi)) => format!(
                "{} {} – {}.",
                t(lang, "Nhập một số trong khoảng", "Enter a number between"),
                crate::text::vi_number(lo, 6),
                crate::text::vi_number(hi, 6)
            ),
            _ => t(lang, "Nhập một số.", "Enter a number.").to_string(),
        },
    }
}

/// A cell typed into a template: numbers as numbers, dd/mm/yyyy as a date, the rest text.
fn write_typed(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    field: &Field,
    text: &str,
) -> Result<(), Error> {
    if text.is_empty() {
        return Ok(());
    }
    match field.kind {
        FieldType::Integer | FieldType::Number | FieldType::Percent => {
            if let Ok(x) = text.replace(',', ".").parse::<f64>() {
                ws.write_number(row, col, x)?;
                return Ok(());
            }
        }
        FieldType::Date => {
            if let Ok(d) = chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y") {
                use chrono::Datelike;
                let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                ws.write_datetime_with_format(
                    row,
                    col,
                    &x,
                    &Format::new().set_num_format(DATE_FORMAT),
                )?;
                return Ok(());
            }
        }
        _ => {}
    }
    ws.write_string(row, col, cell_text(text))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::xlsx::test_util::{zip_text, Book};
    use crate::schema::{load_catalog, parse_schema_file};

    fn catalog() -> Catalog {
        load_catalog(None, Lang::Vi).unwrap()
    }

    /// (first column of sqref, type, formula1) of every data validation of a sheet.
    fn validations(bytes: &[u8], sheet: &str) -> Vec<(String, String, String)> {
        let xml = zip_text(bytes, sheet).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("dataValidation"))
            .map(|n| {
                let sqref = n.attribute("sqref").unwrap_or("");
                let col: String = sqref
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase())
                    .collect();
                let formula = n
                    .children()
                    .find(|c| c.has_tag_name("formula1"))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string();
                (col, n.attribute("type").unwrap_or("").to_string(), formula)
            })
            .collect()
    }

    fn column_of(source: &Source, id: &str) -> String {
        super::super::col_letters(source.field_index(id).unwrap() as u16)
    }

    #[test]
    fn headers_are_the_canonical_headers_in_row_1_required_ones_marked() {
        let c = catalog();
        let hs = c.get("hoc_sinh").unwrap();
        let bytes = template_workbook(hs, Lang::Vi).unwrap();
        let mut book = Book::new(&bytes);
        assert_eq!(book.sheet_names(), ["Học sinh và kết quả học tập"]);
        let s = book.sheet("Học sinh và kết quả học tập");
        let headers: Vec<String> = (0..hs.fields.len() as u32)
            .map(|c| crate::report::xlsx::test_util::text(&s, 0, c))
            .collect();
        let expected: Vec<String> = hs
            .fields
            .iter()
            .map(|f| {
                if f.required {
                    format!("{} *", f.canonical_header())
                } else {
                    f.canonical_header().to_string()
                }
            })
            .collect();
        assert_eq!(headers, expected);
        assert_eq!(headers[0], "Mã HS *", "the key is required");
        assert!(hs.fields.iter().any(|f| !f.required));
        // Drawn in their own colour: the required fill is in the styles.
        let styles = zip_text(&bytes, "xl/styles.xml").unwrap();
        assert!(styles.contains("FFFCE4D6"), "{styles}");
    }

    #[test]
    fn the_unit_column_is_a_dropdown_of_the_workspace_units() {
        let c = catalog();
        let hs = c.get("hoc_sinh").unwrap();
        let units = ["Khoa Cơ khí", "Cơ khí", "CK", "Khoa Điện"].map(String::from);
        let bytes = template_workbook_for_units(hs, &units, Lang::Vi).unwrap();
        let v = validations(&bytes, "xl/worksheets/sheet1.xml");
        let col = column_of(hs, "khoa");
        let (_, _, list) = v
            .iter()
            .find(|(c, t, _)| *c == col && t == "list")
            .unwrap_or_else(|| panic!("no list on khoa: {v:?}"));
        assert_eq!(list, "\"Khoa Cơ khí,Cơ khí,CK,Khoa Điện\"");
        // Without units, no list on that column.
        let v = validations(
            &template_workbook(hs, Lang::Vi).unwrap(),
            "xl/worksheets/sheet1.xml",
        );
        assert!(!v.iter().any(|(c, t, _)| *c == col && t == "list"), "{v:?}");
    }

    #[test]
    fn enum_and_bool_columns_have_dropdown_lists() {
        let c = catalog();
        let hs = c.get("hoc_sinh").unwrap();
        let bytes = template_workbook(hs, Lang::Vi).unwrap();
        let v = validations(&bytes, "xl/worksheets/sheet1.xml");
        let list = |id: &str| {
            let col = column_of(hs, id);
            v.iter()
                .find(|(c, t, _)| *c == col && t == "list")
                .map(|(_, _, f)| f.clone())
                .unwrap_or_else(|| panic!("no list on {id}: {v:?}"))
        };
        assert_eq!(
            list("hoc_luc"),
            "\"Xuất sắc,Giỏi,Khá,Trung bình khá,Trung bình,Yếu,Kém\""
        );
        assert_eq!(
            list("trang_thai"),
            "\"Đang học,Bảo lưu,Thôi học,Tốt nghiệp\""
        );
        for b in ["len_lop", "tot_nghiep", "tot_nghiep_lan_dau"] {
            assert_eq!(list(b), "\"Có,Không\"", "{b}");
        }
        let lists = v.iter().filter(|(_, t, _)| t == "list").count();
        let expected = hs
            .fields
            .iter()
            .filter(|f| matches!(f.kind, FieldType::Enum | FieldType::Bool))
            .count();
        assert_eq!(lists, expected);
        // Dates and numbers are validated too.
        let ty = |id: &str| {
            let col = column_of(hs, id);
            v.iter()
                .find(|(c, ..)| *c == col)
                .map(|(_, t, _)| t.clone())
        };
        assert_eq!(ty("ngay_sinh").as_deref(), Some("date"));
        assert_eq!(ty("diem_tb").as_deref(), Some("decimal"));
        assert_eq!(ty("ma_hs"), None);
    }

    #[test]
    fn every_header_has_a_note_with_type_and_aliases() {
        let c = catalog();
        let hs = c.get("hoc_sinh").unwrap();
        let bytes = template_workbook(hs, Lang::Vi).unwrap();
        let comments = zip_text(&bytes, "xl/comments1.xml").unwrap();
        let doc = roxmltree::Document::parse(&comments).unwrap();
        let notes: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("comment"))
            .map(|n| {
                n.descendants()
                    .filter(|t| t.is_text())
                    .map(|t| t.text().unwrap())
                    .collect()
            })
            .collect();
        assert_eq!(notes.len(), hs.fields.len());
        let ma_hs = &notes[hs.field_index("ma_hs").unwrap()];
        assert!(ma_hs.contains("văn bản — bắt buộc"), "{ma_hs}");
        assert!(ma_hs.contains("MSSV"), "{ma_hs}");
        let tt = &notes[hs.field_index("trang_thai").unwrap()];
        assert!(tt.contains("Thôi học (hoặc Bỏ học, Nghỉ học)"), "{tt}");
        assert!(tt.ends_with("Dùng trong định nghĩa: trang_thai"), "{tt}");
        let gv = template_workbook(c.get("giao_vien").unwrap(), Lang::Vi).unwrap();
        let notes = zip_text(&gv, "xl/comments1.xml").unwrap();
        assert!(
            notes.contains("Dùng trong định nghĩa: chung_chi_nghe"),
            "{notes}"
        );
    }

    #[test]
    fn columns_have_number_and_date_formats() {
        let c = catalog();
        let hs = c.get("hoc_sinh").unwrap();
        let bytes = template_workbook(hs, Lang::Vi).unwrap();
        let styles = zip_text(&bytes, "xl/styles.xml").unwrap();
        assert!(styles.contains("formatCode=\"dd/mm/yyyy\""), "{styles}");
        let sheet = zip_text(&bytes, "xl/worksheets/sheet1.xml").unwrap();
        assert!(sheet.contains("<cols>"));
        assert!(sheet.contains("state=\"frozen\""));
    }

    #[test]
    fn a_list_longer_than_255_characters_is_on_a_hidden_sheet() {
        let values: Vec<String> = (0..40).map(|i| format!("\"Ngành số {i:02}\"")).collect();
        let text = format!(
            "[[source]]\nid = \"dai\"\ntitle = \"Dài\"\n[[source.field]]\nid = \"nganh\"\nheader = [\"Ngành\"]\ntype = \"enum\"\nvalues = [{}]\n[[source.field]]\nid = \"hang\"\nheader = [\"Hạng\"]\ntype = \"enum\"\nvalues = [\"A, B\", \"C\"]\n",
            values.join(", ")
        );
        let sources = parse_schema_file("x.toml", &text, Lang::Vi)
            .unwrap_or_else(|e| panic!("{}", e[0].render(Lang::En)));
        let bytes = template_workbook(&sources[0], Lang::Vi).unwrap();
        let v = validations(&bytes, "xl/worksheets/sheet1.xml");
        assert_eq!(
            v,
            [
                ("A".into(), "list".into(), "'Danh mục'!$A$2:$A$41".into()),
                // A value with a comma cannot be inline either.
                ("B".into(), "list".into(), "'Danh mục'!$B$2:$B$3".into()),
            ]
        );
        let wb = zip_text(&bytes, "xl/workbook.xml").unwrap();
        assert!(
            wb.contains("name=\"Danh mục\"") && wb.contains("state=\"hidden\""),
            "{wb}"
        );
        let mut book = Book::new(&bytes);
        let lists = book.sheet("Danh mục");
        assert_eq!(
            crate::report::xlsx::test_util::text(&lists, 40, 0),
            "Ngành số 39"
        );
        assert_eq!(crate::report::xlsx::test_util::text(&lists, 1, 1), "A, B");
    }

    #[test]
    fn short_lists_need_no_hidden_sheet() {
        for s in &catalog().sources {
            let bytes = template_workbook(s, Lang::Vi).unwrap();
            assert_eq!(
                Book::new(&bytes).sheet_names(),
                vec![crate::report::xlsx::source_sheet_name(s)],
                "{}",
                s.id
            );
        }
    }

    #[test]
    fn init_writes_one_template_per_source_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let c = catalog();
        let written =
            write_templates(dir.path(), &c, TemplateWrite::MissingOnly, Lang::Vi).unwrap();
        assert_eq!(written.len(), c.sources.len());
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<String> =
            c.sources.iter().map(|s| format!("{}.xlsx", s.id)).collect();
        expected.sort();
        assert_eq!(names, expected);

        let edited = dir.path().join("hoc_sinh.xlsx");
        std::fs::write(&edited, b"filled in by hand").unwrap();
        let again = write_templates(dir.path(), &c, TemplateWrite::MissingOnly, Lang::Vi).unwrap();
        assert!(again.is_empty());
        assert_eq!(std::fs::read(&edited).unwrap(), b"filled in by hand");

        let refreshed = write_templates(dir.path(), &c, TemplateWrite::Refresh, Lang::Vi).unwrap();
        assert_eq!(refreshed.len(), c.sources.len());
        assert_eq!(
            std::fs::read(&edited).unwrap(),
            template_workbook(c.get("hoc_sinh").unwrap(), Lang::Vi).unwrap()
        );
    }

    #[test]
    fn same_source_gives_the_same_bytes() {
        let c = catalog();
        let s = c.get("giao_vien").unwrap();
        assert_eq!(
            template_workbook(s, Lang::Vi).unwrap(),
            template_workbook(s, Lang::Vi).unwrap()
        );
    }

    #[test]
    fn odd_source_ids_make_safe_file_names() {
        let c = catalog();
        let mut s = c.get("hoc_sinh").unwrap().clone();
        assert_eq!(template_file_name(&s), "hoc_sinh.xlsx");
        s.id = "../Học sinh".into();
        assert_eq!(template_file_name(&s), "hoc-sinh.xlsx");
    }
}
