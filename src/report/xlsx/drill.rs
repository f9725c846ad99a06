//! The rows of a drill-down sheet, written as sheet XML straight into the saved workbook.
//!
//! A drill-down sheet lists every record of a unit (217 MB of XML for 200,000 records):
//! through rust_xlsxwriter each cell was a map entry, formatted with `core::fmt`, written to
//! a temporary file and read back, a third of a run. Here rust_xlsxwriter writes the sheet
//! with its header and one placeholder row at the last row (so that its dimension,
//! autofilter, panes, notes and print setup are its own), and [`splice`] replaces the
//! placeholder row with every record row, written the way rust_xlsxwriter's constant-memory
//! mode writes them (inline strings, the same escapes, the same number text), so the
//! workbook's bytes are the same as when rust_xlsxwriter wrote every cell.

use std::io::{Cursor, Read, Write};

use rust_xlsxwriter::{ExcelDateTime, Worksheet};

use super::{bool_text, excel_date, Error, Styles};
use crate::compute::Mark;
use crate::dataset::{Dataset, Rec, Table};
use crate::i18n::Lang;
use crate::model::Value;
use crate::schema::Source;

/// One drill-down sheet's record rows, to be written into the saved workbook.
pub(crate) struct Rows<'a> {
    pub source: &'a Source,
    pub table: &'a Table,
    pub data: &'a Dataset,
    pub lang: Lang,
    /// The records, by index in `table`, in sheet order (sheet row 1 is `rows[0]`).
    pub rows: Vec<usize>,
    /// The fields in column order.
    pub order: Vec<usize>,
    /// Each indicator column's mark of every row, by position in `rows`.
    pub marks: Vec<Vec<Option<Mark>>>,
    pub first_ind: u16,
    pub unit_col: Option<u16>,
    pub provenance: u16,
    /// Filled in by [`Rows::place_holder`]: the xf index of the date and error formats
    /// (read back from the placeholder row) and the sheet's part number.
    xf_date: u32,
    xf_error: u32,
    sheet: usize,
}

/// Which of the two formats the record rows use is met first in row order (that is the
/// order rust_xlsxwriter numbers formats in, so the styles part depends on it).
#[derive(Clone, Copy, PartialEq)]
enum Styled {
    Date,
    Error,
}

impl<'a> Rows<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        source: &'a Source,
        table: &'a Table,
        data: &'a Dataset,
        lang: Lang,
        rows: Vec<usize>,
        order: Vec<usize>,
        marks: Vec<Vec<Option<Mark>>>,
        first_ind: u16,
        unit_col: Option<u16>,
        provenance: u16,
    ) -> Rows<'a> {
        Rows {
            source,
            table,
            data,
            lang,
            rows,
            order,
            marks,
            first_ind,
            unit_col,
            provenance,
            xf_date: 0,
            xf_error: 0,
            sheet: 0,
        }
    }

    fn is_date(&self, rec: Rec, f: usize) -> bool {
        matches!(rec.values.get(f), Value::Date(d) if excel_date(d).is_some())
    }

    fn is_error(&self, k: usize, rec: Rec) -> bool {
        self.marks.iter().any(|m| m[k] == Some(Mark::Excluded))
            || (self.unit_col.is_some() && rec.unit.is_none())
    }

    /// The formats the rows use, in the order of their first cell.
    fn styled(&self) -> Vec<Styled> {
        let mut found = Vec::new();
        for (k, &r) in self.rows.iter().enumerate() {
            let rec = self.table.get(r);
            if !found.contains(&Styled::Date) && self.order.iter().any(|&f| self.is_date(rec, f)) {
                found.push(Styled::Date);
            }
            if !found.contains(&Styled::Error) && self.is_error(k, rec) {
                found.push(Styled::Error);
            }
            if found.len() == 2 {
                break;
            }
        }
        found
    }

    /// Writes the placeholder row (the last row, `rows.len()`) through rust_xlsxwriter:
    /// a cell in the last column, and one cell of each format the rows use, in the order
    /// the rows first use them, so that rust_xlsxwriter numbers the formats as it would.
    pub fn place_holder(
        &mut self,
        ws: &mut Worksheet,
        sheet: usize,
        last_col: u16,
        styles: &Styles,
    ) -> Result<(), Error> {
        self.sheet = sheet;
        let row = self.rows.len() as u32;
        for s in self.styled() {
            match s {
                Styled::Date => {
                    let d = ExcelDateTime::from_ymd(2000, 1, 1)?;
                    ws.write_datetime_with_format(row, 0, &d, &styles.date)?;
                }
                Styled::Error => {
                    ws.write_string_with_format(row, 1, "-", &styles.error)?;
                }
            }
        }
        ws.write_string(row, last_col, "-")?;
        Ok(())
    }

    /// Every record row's XML, `<row r="2">` to the last, into `out`.
    fn write<W: Write>(&self, out: &mut W) -> Result<(), Error> {
        let last = self.provenance + 2;
        let names: Vec<String> = (0..=last)
            .map(rust_xlsxwriter::utility::column_number_to_name)
            .collect();
        let strings = &self.data.strings;
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
        let mut cell = Cell {
            buf: &mut buf,
            row: Vec::new(),
        };
        // The period column, where a record's period from its folder or file name shows.
        let period_col: Vec<bool> = self
            .order
            .iter()
            .map(|&f| self.source.fields[f].id == "hoc_ky")
            .collect();
        for (k, &r) in self.rows.iter().enumerate() {
            let rec = self.table.get(r);
            cell.at_row(k as u32 + 2);
            for (c, &f) in self.order.iter().enumerate() {
                let col = &names[c];
                let field = &self.source.fields[f];
                let value = rec.values.get(f);
                // A record's period from its folder or file name, as in the period column.
                if let (Value::Empty, Some(p), true) = (value, rec.period, period_col[c]) {
                    cell.string(col, p.label(self.lang), 0)?;
                    continue;
                }
                match value {
                    Value::Empty => {}
                    Value::Text(s) => cell.string(col, super::cell_text(strings.get(s)), 0)?,
                    Value::Int(i) => cell.number(col, i as f64, 0),
                    Value::Number(x) => cell.number(col, x, 0),
                    Value::Bool(b) => cell.string(col, bool_text(b), 0)?,
                    Value::Enum(e) => {
                        let name = field
                            .values
                            .get(e as usize)
                            .map_or("", |v| v.value.as_str());
                        cell.string(col, name, 0)?
                    }
                    Value::Date(d) => match excel_date(d) {
                        Some(x) => cell.number(col, x.to_excel(), self.xf_date),
                        None => {
                            let text = chrono::NaiveDate::from_num_days_from_ce_opt(d)
                                .map(|d| d.format("%d/%m/%Y").to_string())
                                .unwrap_or_default();
                            cell.string(col, &text, 0)?
                        }
                    },
                }
            }
            for (i, m) in self.marks.iter().enumerate() {
                let col = &names[(self.first_ind + i as u16) as usize];
                match m[k] {
                    Some(mark @ Mark::Excluded) => {
                        cell.string(col, super::unit::mark_text(mark, self.lang), self.xf_error)?
                    }
                    Some(mark) => cell.string(col, super::unit::mark_text(mark, self.lang), 0)?,
                    None => {}
                }
            }
            if let (Some(c), None) = (self.unit_col, rec.unit) {
                let text = super::t(self.lang, "Không rõ đơn vị", "Unknown unit");
                cell.string(&names[c as usize], text, self.xf_error)?;
            }
            let (file, sheet, line) = self.data.place(rec.origin);
            let p = self.provenance as usize;
            cell.string(&names[p], super::cell_text(sheet), 0)?;
            cell.number(&names[p + 1], line as f64, 0);
            cell.string(&names[p + 2], super::cell_text(file), 0)?;
            cell.buf.extend_from_slice(b"</row>");
            if cell.buf.len() >= 1 << 19 {
                out.write_all(cell.buf)?;
                cell.buf.clear();
            }
        }
        out.write_all(cell.buf)?;
        Ok(())
    }
}

/// One row's cells as rust_xlsxwriter's constant-memory mode writes them.
struct Cell<'b> {
    buf: &'b mut Vec<u8>,
    /// The row's number, in digits (written in every cell's reference).
    row: Vec<u8>,
}

impl Cell<'_> {
    /// Starts the row numbered `row` (1-based, as in a cell reference).
    fn at_row(&mut self, row: u32) {
        self.row.clear();
        push_u64(&mut self.row, row as u64);
        self.buf.extend_from_slice(b"<row r=\"");
        self.buf.extend_from_slice(&self.row);
        self.buf.extend_from_slice(b"\">");
    }

    fn open(&mut self, col: &str, xf: u32) {
        self.buf.extend_from_slice(b"<c r=\"");
        self.buf.extend_from_slice(col.as_bytes());
        self.buf.extend_from_slice(&self.row);
        self.buf.push(b'"');
        if xf > 0 {
            self.buf.extend_from_slice(b" s=\"");
            push_u64(self.buf, xf as u64);
            self.buf.push(b'"');
        }
    }

    /// A number as `write!("{number}")` gives it; NaN and infinities as the strings
    /// rust_xlsxwriter writes instead (with no format: only dates carry one, and they are
    /// finite).
    fn number(&mut self, col: &str, x: f64, xf: u32) {
        if !x.is_finite() {
            let text = if x.is_nan() {
                "NAN"
            } else if x > 0.0 {
                "INF"
            } else {
                "-INF"
            };
            // Cannot fail: a short text.
            let _ = self.string(col, text, 0);
            return;
        }
        self.open(col, xf);
        self.buf.extend_from_slice(b"><v>");
        if x.fract() == 0.0 && x.abs() < 1e15 && !(x == 0.0 && x.is_sign_negative()) {
            if x < 0.0 {
                self.buf.push(b'-');
            }
            push_u64(self.buf, x.abs() as u64);
        } else {
            // Display, as rust_xlsxwriter formats a number without ryu or zmij.
            let _ = write!(self.buf, "{x}");
        }
        self.buf.extend_from_slice(b"</v></c>");
    }

    /// An inline string; an empty one without a format is no cell, as in rust_xlsxwriter.
    fn string(&mut self, col: &str, s: &str, xf: u32) -> Result<(), Error> {
        if s.is_empty() {
            if xf > 0 {
                self.open(col, xf);
                self.buf.extend_from_slice(b"/>");
            }
            return Ok(());
        }
        if s.len() > MAX_STRING_LEN && s.encode_utf16().count() > MAX_STRING_LEN {
            return Err(Error::MaxStringLengthExceeded);
        }
        self.open(col, xf);
        self.buf.extend_from_slice(b" t=\"inlineStr\"><is><t");
        let ws = ['\t', '\n', ' '];
        if s.starts_with(ws) || s.ends_with(ws) {
            self.buf.extend_from_slice(b" xml:space=\"preserve\"");
        }
        self.buf.push(b'>');
        if needs_escape(s) {
            let s = escape_xml_escapes(s);
            escape_xml_data(self.buf, &s);
        } else {
            self.buf.extend_from_slice(s.as_bytes());
        }
        self.buf.extend_from_slice(b"</t></is></c>");
        Ok(())
    }
}

/// Excel's limit on a cell's text, in UTF-16 units.
const MAX_STRING_LEN: usize = 32_767;

fn push_u64(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Whether a text needs any of the escapes below: markup characters, control characters,
/// the non-characters U+FFFE and U+FFFF, or an `_x` that may start an escape.
fn needs_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        matches!(c, b'&' | b'<' | b'>' | 0xEF)
            || (c < 0x20 && c != b'\t' && c != b'\n')
            || (c == b'_' && b.get(i + 1) == Some(&b'x'))
    })
}

/// rust_xlsxwriter's `escape_xml_escapes`: a literal `_xHHHH_` gets its underscore escaped
/// (`_x005F_xHHHH_`), so Excel does not read it as an escaped character.
fn escape_xml_escapes(original: &str) -> std::borrow::Cow<'_, str> {
    const LEN: usize = 7; // _xHHHH_
    if !original.contains("_x") {
        return std::borrow::Cow::Borrowed(original);
    }
    let end = original.len();
    let mut escaped = original.to_string();
    for (index, _) in original.rmatch_indices("_x") {
        if index + LEN > end {
            continue;
        }
        if !original.is_char_boundary(index + (LEN - 1)) {
            continue;
        }
        if !original[index + LEN - 1..].starts_with('_') {
            continue;
        }
        if original[index + 2..index + (LEN - 1)]
            .chars()
            .all(|c| c.is_ascii_hexdigit())
        {
            escaped.replace_range(index..index, "_x005F");
        }
    }
    std::borrow::Cow::Owned(escaped)
}

/// rust_xlsxwriter's `escape_xml_data`: `&`, `<`, `>`, and the control characters but tab
/// and newline as `_xHHHH_`, as are U+FFFE and U+FFFF.
fn escape_xml_data(buf: &mut Vec<u8>, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => buf.extend_from_slice(b"&amp;"),
            '<' => buf.extend_from_slice(b"&lt;"),
            '>' => buf.extend_from_slice(b"&gt;"),
            '\t' | '\n' => buf.push(ch as u8),
            '\x00'..='\x1F' => {
                let _ = write!(buf, "_x{:04X}_", ch as u32);
            }
            '\u{FFFE}' => buf.extend_from_slice(b"_xFFFE_"),
            '\u{FFFF}' => buf.extend_from_slice(b"_xFFFF_"),
            _ => {
                let mut b = [0u8; 4];
                buf.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
            }
        }
    }
}

/// The xf index of the cell `col_name` of the placeholder row `<row r="{r}"...>`, if it
/// has one.
fn xf_of(xml: &str, r: u32, col_name: &str) -> u32 {
    let needle = format!("<c r=\"{col_name}{r}\" s=\"");
    xml.find(&needle)
        .and_then(|i| {
            let rest = &xml[i + needle.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .unwrap_or(0)
}

/// The saved workbook with each drill-down sheet's placeholder row replaced by its record
/// rows. Every other entry is copied as it is; the sheets are deflated as rust_xlsxwriter
/// deflates them (level 1, the same options), so the bytes are the same.
pub(crate) fn splice(bytes: Vec<u8>, sheets: &mut [Rows]) -> Result<Vec<u8>, Error> {
    use zip::write::SimpleFileOptions;
    if sheets.is_empty() {
        return Ok(bytes);
    }
    let io = Error::IoError;
    let zerr = |e: zip::result::ZipError| Error::IoError(std::io::Error::other(e));
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes)).map_err(zerr)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for k in 0..archive.len() {
        let entry = archive.by_index(k).map_err(zerr)?;
        let name = entry.name().map_err(zerr)?.to_string();
        let Some(rows) = sheets
            .iter_mut()
            .find(|s| name == format!("xl/worksheets/sheet{}.xml", s.sheet))
        else {
            out.raw_copy_file(entry).map_err(zerr)?;
            continue;
        };
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .unix_permissions(0o600)
            .last_modified_time(entry.last_modified().unwrap_or_default());
        let mut xml = String::new();
        { entry }.read_to_string(&mut xml).map_err(io)?;
        let r = rows.rows.len() as u32 + 1;
        let (Some(start), Some(end)) = (
            xml.find(&format!("<row r=\"{r}\"")),
            xml.rfind("</sheetData>"),
        ) else {
            return Err(Error::IoError(std::io::Error::other(
                "drill-down sheet without its placeholder row",
            )));
        };
        rows.xf_date = xf_of(&xml[start..end], r, "A");
        rows.xf_error = xf_of(&xml[start..end], r, "B");
        let Some(data) = xml.find("<sheetData>").map(|i| i + "<sheetData>".len()) else {
            return Err(Error::IoError(std::io::Error::other(
                "drill-down sheet without its rows",
            )));
        };
        // The calls rust_xlsxwriter makes (deflate's output depends on them): the part up
        // to <sheetData> in one write, the rows as read back from its temporary file in
        // pieces of 8 KiB, then the rest in one write.
        out.start_file(name, options).map_err(zerr)?;
        out.write_all(&xml.as_bytes()[..data]).map_err(io)?;
        let mut pieces = Pieces {
            out: &mut out,
            piece: Vec::with_capacity(PIECE),
        };
        pieces.write_all(&xml.as_bytes()[data..start]).map_err(io)?;
        if format_apart(rows.rows.len()) {
            rows.write_beside(&mut pieces)?;
        } else {
            rows.write(&mut pieces)?;
        }
        pieces.finish().map_err(io)?;
        out.write_all(&xml.as_bytes()[end..]).map_err(io)?;
    }
    Ok(out.finish().map_err(zerr)?.into_inner())
}

/// From this many rows a drill-down sheet's rows are formatted on a thread of their own
/// while this one deflates them (a unit of 200,000 records: deflating is the larger half).
const FORMAT_APART_FROM: usize = 20_000;

fn format_apart(rows: usize) -> bool {
    #[cfg(test)]
    if FORMAT_APART.with(|c| c.get()) {
        return true;
    }
    rows >= FORMAT_APART_FROM && rayon::current_num_threads() > 1
}

// Tests format a short sheet's rows apart too (set for one thread by `set_format_apart`).
#[cfg(test)]
thread_local! {
    static FORMAT_APART: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
pub(crate) fn set_format_apart(on: bool) {
    FORMAT_APART.with(|c| c.set(on));
}

impl Rows<'_> {
    /// [`Rows::write`] on another thread, its output handed on in the chunks it writes:
    /// `out` receives the same bytes in the same order.
    fn write_beside<W: Write>(&self, out: &mut W) -> Result<(), Error> {
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
            let formatter = s.spawn(move || self.write(&mut Chunks(tx)));
            let mut written = Ok(());
            for chunk in rx {
                // On an error the channel closes and the formatting thread stops.
                written = out.write_all(&chunk);
                if written.is_err() {
                    break;
                }
            }
            let formatted = formatter.join().expect("formatting drill-down rows");
            written.map_err(Error::IoError)?;
            formatted
        })
    }
}

/// Hands each write on whole through a channel.
struct Chunks(std::sync::mpsc::SyncSender<Vec<u8>>);

impl Write for Chunks {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .send(buf.to_vec())
            .map_err(|_| std::io::Error::other("the drill-down's writer stopped"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The size of the pieces rust_xlsxwriter copies a constant-memory sheet's rows in: the
/// buffer of the `BufReader` over its temporary file, handed on whole by `std::io::copy`.
const PIECE: usize = 8 * 1024;

/// Hands bytes on in pieces of exactly [`PIECE`] bytes (the last one shorter).
struct Pieces<'w, W: Write> {
    out: &'w mut W,
    piece: Vec<u8>,
}

impl<W: Write> Write for Pieces<'_, W> {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len();
        while !buf.is_empty() {
            let take = (PIECE - self.piece.len()).min(buf.len());
            self.piece.extend_from_slice(&buf[..take]);
            buf = &buf[take..];
            if self.piece.len() == PIECE {
                self.out.write_all(&self.piece)?;
                self.piece.clear();
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<W: Write> Pieces<'_, W> {
    fn finish(self) -> std::io::Result<()> {
        if !self.piece.is_empty() {
            self.out.write_all(&self.piece)?;
        }
        Ok(())
    }
}

// The reference the tests compare `splice` with: every cell through rust_xlsxwriter, as
// the drill-down was written before (set for one thread by `set_cell_by_cell`).
#[cfg(test)]
thread_local! {
    static CELL_BY_CELL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread writes drill-down rows cell by cell (tests only).
#[cfg(test)]
pub(crate) fn cell_by_cell() -> bool {
    CELL_BY_CELL.with(|c| c.get())
}

#[cfg(test)]
pub(crate) fn set_cell_by_cell(on: bool) {
    CELL_BY_CELL.with(|c| c.set(on));
}

#[cfg(test)]
impl Rows<'_> {
    /// The rows written cell by cell through rust_xlsxwriter (the code `write` replaced).
    pub fn write_cell_by_cell(&self, ws: &mut Worksheet, styles: &Styles) -> Result<(), Error> {
        use super::cell_text;
        let strings = &self.data.strings;
        let mut row = 0u32;
        for (k, &r) in self.rows.iter().enumerate() {
            let rec = self.table.get(r);
            row += 1;
            for (c, &f) in self.order.iter().enumerate() {
                let field = &self.source.fields[f];
                let c = c as u16;
                if let (Value::Empty, Some(p), "hoc_ky") =
                    (rec.values.get(f), rec.period, field.id.as_str())
                {
                    ws.write_string(row, c, p.label(self.lang))?;
                    continue;
                }
                match rec.values.get(f) {
                    Value::Empty => {}
                    Value::Text(s) => {
                        ws.write_string(row, c, cell_text(strings.get(s)))?;
                    }
                    Value::Int(i) => {
                        ws.write_number(row, c, i as f64)?;
                    }
                    Value::Number(x) => {
                        ws.write_number(row, c, x)?;
                    }
                    Value::Bool(b) => {
                        ws.write_string(row, c, bool_text(b))?;
                    }
                    Value::Enum(e) => {
                        let name = field
                            .values
                            .get(e as usize)
                            .map_or("", |v| v.value.as_str());
                        ws.write_string(row, c, name)?;
                    }
                    Value::Date(d) => match excel_date(d) {
                        Some(x) => {
                            ws.write_datetime_with_format(row, c, &x, &styles.date)?;
                        }
                        None => {
                            let text = chrono::NaiveDate::from_num_days_from_ce_opt(d)
                                .map(|d| d.format("%d/%m/%Y").to_string())
                                .unwrap_or_default();
                            ws.write_string(row, c, &text)?;
                        }
                    },
                }
            }
            for (i, m) in self.marks.iter().enumerate() {
                let col = self.first_ind + i as u16;
                let text = |mark| super::unit::mark_text(mark, self.lang);
                match m[k] {
                    Some(mark @ Mark::Excluded) => {
                        ws.write_string_with_format(row, col, text(mark), &styles.error)?
                    }
                    Some(mark) => ws.write_string(row, col, text(mark))?,
                    None => ws,
                };
            }
            if let (Some(c), None) = (self.unit_col, rec.unit) {
                let text = super::t(self.lang, "Không rõ đơn vị", "Unknown unit");
                ws.write_string_with_format(row, c, text, &styles.error)?;
            }
            let (file, sheet, line) = self.data.place(rec.origin);
            ws.write_string(row, self.provenance, cell_text(sheet))?;
            ws.write_number(row, self.provenance + 1, line as f64)?;
            ws.write_string(row, self.provenance + 2, cell_text(file))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows rust_xlsxwriter's constant-memory mode writes for the same cells.
    fn by_rust_xlsxwriter(texts: &[&str], numbers: &[f64]) -> String {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        let styles = Styles::new();
        // Row by row: constant-memory mode drops a cell above the row it is at.
        for r in 0..texts.len().max(numbers.len()) {
            let row = r as u32 + 1;
            if let Some(t) = texts.get(r) {
                ws.write_string(row, 0, *t).unwrap();
            }
            if let Some(x) = numbers.get(r) {
                ws.write_number(row, 1, *x).unwrap();
            }
            if let Some(t) = texts.get(r) {
                ws.write_string_with_format(row, 2, *t, &styles.error)
                    .unwrap();
            }
        }
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let start = xml.find("<sheetData>").unwrap() + "<sheetData>".len();
        let end = xml.find("</sheetData>").unwrap();
        xml[start..end].to_string()
    }

    #[test]
    fn cells_are_written_as_rust_xlsxwriter_writes_them() {
        let texts = [
            "Nguyễn Văn An",
            "a & b < c > d \"e\"",
            " leading",
            "trailing\n",
            "\ttab",
            "bell\u{7} and return\r",
            "_x0041_ stays literal",
            "not_x00zz_ an escape, nor _x12",
            "odd \u{FFFE} and \u{FFFF}",
            "",
            "Có",
        ];
        let numbers = [
            0.0,
            -0.0,
            1.0,
            -5.0,
            7.5,
            0.1 + 0.2,
            1e-7,
            123_456_789_012_345.0,
            1e15,
            -1e16,
            1e300,
            37705.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let expected = by_rust_xlsxwriter(&texts, &numbers);
        // The same cells, row by row, through the drill-down writer; the error format is
        // the workbook's first (xf 1), as in the workbook above.
        let mut buf = Vec::new();
        let mut cell = Cell {
            buf: &mut buf,
            row: Vec::new(),
        };
        for r in 0..texts.len().max(numbers.len()) {
            let (text, number) = (texts.get(r), numbers.get(r));
            let has_text = text.is_some_and(|t| !t.is_empty());
            if !has_text && number.is_none() {
                continue;
            }
            cell.at_row(r as u32 + 2);
            if let Some(t) = text {
                cell.string("A", t, 0).unwrap();
            }
            if let Some(x) = number {
                cell.number("B", *x, 0);
            }
            if let Some(t) = text {
                cell.string("C", t, 1).unwrap();
            }
            cell.buf.extend_from_slice(b"</row>");
        }
        assert_eq!(String::from_utf8(buf).unwrap(), expected);
    }

    #[test]
    fn pieces_are_handed_on_in_eight_kib() {
        struct Calls(Vec<usize>);
        impl Write for Calls {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.push(buf.len());
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut calls = Calls(Vec::new());
        let mut pieces = Pieces {
            out: &mut calls,
            piece: Vec::new(),
        };
        pieces.write_all(&[b'x'; 5000]).unwrap();
        pieces.write_all(&[b'y'; 20_000]).unwrap();
        pieces.finish().unwrap();
        assert_eq!(calls.0, vec![8192, 8192, 8192, 424]);
    }
}
