//! Opening a workbook file of any supported format and streaming its sheets row by row,
//! within bounds, so that no file — corrupt, encrypted, absurd or huge — can stop the batch
//! or exhaust memory.
//!
//! - xlsx/xlsm/xlsb are streamed cell by cell (`worksheet_cells_reader`), never through
//!   `worksheet_range`: calamine builds a dense range from the declared extent, and a sheet
//!   with one cell at A1 and one at XFD1048576 would ask for hundreds of GiB.
//! - xls and ods have no streaming API; they are parsed whole, so their size is bounded first.
//! - The zip directory of zip-based formats is checked before calamine opens them: the parts
//!   it loads eagerly (shared strings, styles, ODS content) must declare a sane size.
//! - Cell positions beyond Excel's limits and sheets with too many cells make the file
//!   unreadable instead of allocating.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use chrono::Datelike;

use super::normalize::Cell;

/// Excel's own limits: 1,048,576 rows and 16,384 columns (XFD).
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLS: u32 = 16_384;
/// Cells streamed from one sheet before it is declared oversized. An office table of
/// 20,000 rows and 30 columns is 600,000 cells.
pub const MAX_CELLS: u64 = 5_000_000;
/// Any workbook file larger than this on disk is not read.
pub const MAX_FILE_BYTES: u64 = 256 << 20;
/// Formats parsed whole (xls; the content part of ods) above this size are not read.
pub const MAX_EAGER_BYTES: u64 = 64 << 20;
/// Uncompressed size allowed for the parts of an xlsx that calamine loads eagerly.
pub const MAX_EAGER_PART_BYTES: u64 = 128 << 20;
/// Cells of the rectangle an eagerly parsed sheet spans (calamine allocates all of them,
/// 32 bytes each): 4 million is 128 MiB, far beyond any office table.
pub const MAX_EAGER_CELLS: u64 = 4_000_000;

/// One row of a sheet: its 0-based index and its non-empty cells, by column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub row: u32,
    pub cells: Vec<(u32, Cell)>,
}

impl Row {
    pub fn get(&self, col: u32) -> Option<&Cell> {
        self.cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &self.cells[i].1)
    }
}

/// Whether the sheet reader wants more rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    More,
    Stop,
}

pub struct SheetMeta {
    pub name: String,
    pub hidden: bool,
}

/// Why a file could not be read, in a form the message can say in either language.
#[derive(Debug, Clone, PartialEq)]
pub enum Unreadable {
    Empty,
    TooLarge {
        bytes: u64,
    },
    NotWorkbook,
    Encrypted,
    Corrupt(String),
    AbsurdCell {
        cell: String,
    },
    TooManyCells {
        sheet: String,
    },
    /// A sheet of a format parsed whole spans too many cells (up to `cell`).
    TooWide {
        cell: String,
    },
    Panic(String),
    /// Another program holds the file open without sharing it (Excel on Windows).
    InUse,
}

type Buf = BufReader<File>;

pub enum Book {
    Xlsx(Box<Xlsx<Buf>>),
    Xlsb(Box<Xlsb<Buf>>),
    Xls(Box<Xls<Buf>>),
    Ods(Box<Ods<Buf>>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Magic {
    Zip,
    Cfb,
    Other,
}

fn magic(path: &Path) -> std::io::Result<Magic> {
    let mut head = [0u8; 8];
    let mut f = File::open(path)?;
    let n = f.read(&mut head)?;
    Ok(if n >= 4 && head[..4] == *b"PK\x03\x04" {
        Magic::Zip
    } else if n >= 8 && head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        Magic::Cfb
    } else {
        Magic::Other
    })
}

/// A failure to open the file: `InUse` when another program holds it, else `corrupt`.
fn open_failed(e: std::io::Error) -> Unreadable {
    if crate::platform::is_file_in_use(&e) {
        Unreadable::InUse
    } else {
        corrupt(e)
    }
}

fn corrupt(e: impl std::fmt::Display) -> Unreadable {
    let mut s = e.to_string();
    s.truncate(300);
    Unreadable::Corrupt(s)
}

/// The zip parts' names and declared sizes, refusing encrypted entries and parts that
/// calamine would load whole when they are too large.
fn check_zip(path: &Path) -> Result<Vec<String>, Unreadable> {
    let f = File::open(path).map_err(corrupt)?;
    let mut z = zip::ZipArchive::new(BufReader::new(f)).map_err(corrupt)?;
    let mut names = Vec::with_capacity(z.len());
    for i in 0..z.len() {
        let e = z.by_index_raw(i).map_err(corrupt)?;
        if e.encrypted() {
            return Err(Unreadable::Encrypted);
        }
        let name = e.name().map_err(corrupt)?.to_string();
        let lower = name.to_ascii_lowercase();
        let eager = lower.ends_with("sharedstrings.xml")
            || lower.ends_with("styles.xml")
            || lower.ends_with("workbook.xml")
            || lower.ends_with(".bin") && !lower.contains("worksheets/")
            || lower == "content.xml";
        let limit = if lower == "content.xml" {
            MAX_EAGER_BYTES
        } else {
            MAX_EAGER_PART_BYTES
        };
        if eager && e.size() > limit {
            return Err(Unreadable::TooLarge { bytes: e.size() });
        }
        names.push(name);
    }
    Ok(names)
}

/// Refuses an ODS file one of whose sheets spans more than [`MAX_EAGER_CELLS`] cells from
/// A1 to its last non-empty cell: calamine would allocate that whole rectangle. The
/// extent is read from `content.xml` without building anything: rows and cells with their
/// `number-rows-repeated` / `number-columns-repeated` counts.
fn ods_extent_ok(path: &Path) -> Result<(), Unreadable> {
    let f = File::open(path).map_err(corrupt)?;
    let mut z = zip::ZipArchive::new(BufReader::new(f)).map_err(corrupt)?;
    let mut xml = Vec::new();
    z.by_name("content.xml")
        .map_err(corrupt)?
        .take(MAX_EAGER_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(corrupt)?;
    if xml.len() as u64 > MAX_EAGER_BYTES {
        return Err(Unreadable::TooLarge {
            bytes: xml.len() as u64,
        });
    }
    let (mut row, mut col, mut rows_rep) = (0u64, 0u64, 1u64);
    let (mut max_row, mut max_col, mut row_used) = (0u64, 0u64, false);
    let check = |max_row: u64, max_col: u64| -> Result<(), Unreadable> {
        if max_row.saturating_mul(max_col) > MAX_EAGER_CELLS {
            Err(Unreadable::TooWide {
                cell: super::a1(
                    max_row.min(u32::MAX as u64) as u32,
                    max_col.saturating_sub(1).min(u32::MAX as u64) as u32,
                ),
            })
        } else {
            Ok(())
        }
    };
    let mut i = 0;
    while let Some(off) = xml[i..].iter().position(|&b| b == b'<') {
        let start = i + off;
        let end = match xml[start..].iter().position(|&b| b == b'>') {
            Some(e) => start + e,
            None => break,
        };
        let tag = &xml[start + 1..end];
        i = end + 1;
        let name_end = tag
            .iter()
            .skip(1)
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .map_or(tag.len(), |p| p + 1);
        let name = &tag[..name_end];
        let repeat = |attr: &[u8]| -> u64 {
            let Some(p) = tag.windows(attr.len()).position(|w| w == attr) else {
                return 1;
            };
            let digits: Vec<u8> = tag[p + attr.len()..]
                .iter()
                .skip_while(|b| **b == b'=' || **b == b'"' || **b == b'\'')
                .take_while(|b| b.is_ascii_digit())
                .copied()
                .collect();
            std::str::from_utf8(&digits)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(1)
        };
        match name {
            b"table:table" => {
                (row, col, max_row, max_col) = (0, 0, 0, 0);
            }
            b"table:table-row" => {
                rows_rep = repeat(b"table:number-rows-repeated");
                col = 0;
                row_used = false;
            }
            b"/table:table-row" => {
                if row_used {
                    max_row = row + rows_rep;
                    check(max_row, max_col)?;
                }
                row += rows_rep;
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let n = repeat(b"table:number-columns-repeated");
                let self_closing = tag.last() == Some(&b'/');
                let valued = tag.windows(17).any(|w| w == b"office:value-type");
                if valued || !self_closing {
                    row_used = true;
                    max_col = max_col.max(col + n);
                    max_row = max_row.max(row + rows_rep);
                    check(max_row, max_col)?;
                }
                col += n;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Refuses an xls file whose sheets declare (DIMENSIONS record) more than
/// [`MAX_EAGER_CELLS`] cells: calamine parses every sheet into a dense range when it opens
/// the file. The records are looked for in the raw bytes of the (already size-bounded)
/// file, which finds them as Excel and LibreOffice write them; a forged file that lies in
/// its DIMENSIONS records is still bounded by xls's own 65,536 × 256 limit.
fn xls_extent_ok(path: &Path) -> Result<(), Unreadable> {
    let bytes = std::fs::read(path).map_err(corrupt)?;
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as u64;
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]) as u64;
    let mut i = 0;
    while i + 18 <= bytes.len() {
        if bytes[i..i + 4] == [0x00, 0x02, 0x0E, 0x00] {
            let (r0, r1, c0, c1) = (u32_at(i + 4), u32_at(i + 8), u16_at(i + 12), u16_at(i + 14));
            let plausible = r0 <= r1 && r1 <= 65_536 && c0 <= c1 && c1 <= 256;
            if plausible && (r1 - r0).saturating_mul(c1 - c0) > MAX_EAGER_CELLS {
                return Err(Unreadable::TooWide {
                    cell: super::a1(r1 as u32, (c1 as u32).saturating_sub(1)),
                });
            }
        }
        i += 1;
    }
    Ok(())
}

impl Book {
    /// Opens `path` by its content (a CSV renamed `.xlsx` is "not a workbook", an encrypted
    /// OOXML file in its CFB wrapper is "password-protected"), never by its name alone.
    pub fn open(path: &Path) -> Result<Book, Unreadable> {
        let meta = std::fs::metadata(path).map_err(open_failed)?;
        if meta.len() == 0 {
            return Err(Unreadable::Empty);
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(Unreadable::TooLarge { bytes: meta.len() });
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let reader = || -> Result<Buf, Unreadable> {
            Ok(BufReader::new(File::open(path).map_err(corrupt)?))
        };
        match magic(path).map_err(open_failed)? {
            Magic::Zip => {
                let names = check_zip(path)?;
                let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
                if has("content.xml") && (ext == "ods" || !has("xl/workbook.xml")) {
                    ods_extent_ok(path)?;
                    let r: Ods<Buf> =
                        calamine::open_workbook_from_rs(reader()?).map_err(corrupt)?;
                    Ok(Book::Ods(Box::new(r)))
                } else if has("xl/workbook.bin") {
                    let r: Xlsb<Buf> =
                        calamine::open_workbook_from_rs(reader()?).map_err(corrupt)?;
                    Ok(Book::Xlsb(Box::new(r)))
                } else if has("xl/workbook.xml") {
                    let r: Xlsx<Buf> =
                        calamine::open_workbook_from_rs(reader()?).map_err(|e| match e {
                            calamine::XlsxError::Password => Unreadable::Encrypted,
                            e => corrupt(e),
                        })?;
                    Ok(Book::Xlsx(Box::new(r)))
                } else {
                    Err(Unreadable::NotWorkbook)
                }
            }
            Magic::Cfb => {
                if meta.len() > MAX_EAGER_BYTES {
                    return Err(Unreadable::TooLarge { bytes: meta.len() });
                }
                xls_extent_ok(path)?;
                match calamine::open_workbook_from_rs::<Xls<Buf>, Buf>(reader()?) {
                    Ok(x) => Ok(Book::Xls(Box::new(x))),
                    // An xlsx/xlsb in a CFB wrapper is an encrypted (password) OOXML file.
                    Err(_) if ext != "xls" => Err(Unreadable::Encrypted),
                    Err(calamine::XlsError::Password) => Err(Unreadable::Encrypted),
                    Err(e) => Err(corrupt(e)),
                }
            }
            Magic::Other => Err(Unreadable::NotWorkbook),
        }
    }

    /// Worksheets (not chart sheets), in workbook order.
    pub fn sheets(&self) -> Vec<SheetMeta> {
        let meta = match self {
            Book::Xlsx(b) => b.sheets_metadata(),
            Book::Xlsb(b) => b.sheets_metadata(),
            Book::Xls(b) => b.sheets_metadata(),
            Book::Ods(b) => b.sheets_metadata(),
        };
        meta.iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| SheetMeta {
                name: s.name.clone(),
                hidden: s.visible != SheetVisible::Visible,
            })
            .collect()
    }

    pub fn is_1904(&self) -> bool {
        match self {
            Book::Xlsx(b) => b.has_1904_epoch(),
            Book::Xlsb(b) => b.has_1904_epoch(),
            Book::Xls(b) => b.has_1904_epoch(),
            Book::Ods(_) => false,
        }
    }

    /// Streams the rows of sheet `name` (only rows with a non-empty cell, in order) to
    /// `each` until it says stop or the sheet ends.
    pub fn rows(
        &mut self,
        name: &str,
        each: &mut dyn FnMut(Row) -> Flow,
    ) -> Result<(), Unreadable> {
        let mut g = Grouper::new(name, each);
        match self {
            Book::Xlsx(b) => {
                let mut r = b.worksheet_cells_reader(name).map_err(corrupt)?;
                while let Some(c) = r.next_cell_with_formula().map_err(corrupt)? {
                    let cell = match (&c.value, &c.formula) {
                        (DataRef::Empty, Some(f)) if !f.is_empty() => Cell::NoCache,
                        (v, _) => from_ref(v),
                    };
                    if g.push(c.pos, cell)? == Flow::Stop {
                        return Ok(());
                    }
                }
            }
            Book::Xlsb(b) => {
                let mut r = b.worksheet_cells_reader(name).map_err(corrupt)?;
                while let Some(c) = r.next_cell().map_err(corrupt)? {
                    if g.push(c.get_position(), from_ref(c.get_value()))? == Flow::Stop {
                        return Ok(());
                    }
                }
            }
            Book::Xls(b) => {
                let range = b.worksheet_range(name).map_err(corrupt)?;
                feed_range(&range, &mut g)?;
                return Ok(());
            }
            Book::Ods(b) => {
                let range = b.worksheet_range(name).map_err(corrupt)?;
                feed_range(&range, &mut g)?;
                return Ok(());
            }
        }
        g.finish();
        Ok(())
    }
}

fn feed_range(range: &calamine::Range<Data>, g: &mut Grouper) -> Result<(), Unreadable> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        let pos = (r0 + r as u32, c0 + c as u32);
        if g.push(pos, from_data(v))? == Flow::Stop {
            return Ok(());
        }
    }
    g.finish();
    Ok(())
}

/// Collects cells (which every format gives in row order) into rows, enforcing the bounds.
struct Grouper<'a> {
    sheet: String,
    each: &'a mut dyn FnMut(Row) -> Flow,
    current: Option<Row>,
    seen: u64,
    stopped: bool,
}

impl<'a> Grouper<'a> {
    fn new(sheet: &str, each: &'a mut dyn FnMut(Row) -> Flow) -> Grouper<'a> {
        Grouper {
            sheet: sheet.to_string(),
            each,
            current: None,
            seen: 0,
            stopped: false,
        }
    }

    fn push(&mut self, (row, col): (u32, u32), cell: Cell) -> Result<Flow, Unreadable> {
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(Unreadable::AbsurdCell {
                cell: super::a1(row.saturating_add(1), col),
            });
        }
        self.seen += 1;
        if self.seen > MAX_CELLS {
            return Err(Unreadable::TooManyCells {
                sheet: self.sheet.clone(),
            });
        }
        if cell.is_empty() {
            return Ok(Flow::More);
        }
        if self.current.as_ref().is_some_and(|r| r.row != row) {
            let done = self.current.take().expect("checked");
            if (self.each)(done) == Flow::Stop {
                self.stopped = true;
                return Ok(Flow::Stop);
            }
        }
        let r = self.current.get_or_insert_with(|| Row {
            row,
            cells: Vec::new(),
        });
        match r.cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => r.cells[i].1 = cell,
            Err(i) => r.cells.insert(i, (col, cell)),
        }
        Ok(Flow::More)
    }

    fn finish(&mut self) {
        if self.stopped {
            return;
        }
        if let Some(r) = self.current.take() {
            (self.each)(r);
        }
    }
}

fn datetime_days(dt: &calamine::ExcelDateTime) -> Cell {
    if dt.is_duration() {
        return Cell::Float(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
        Some(d) => Cell::Date(d.num_days_from_ce()),
        None => Cell::Float(dt.as_f64()),
    }
}

fn from_ref(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Int(i) => Cell::Int(*i),
        DataRef::Float(f) => Cell::Float(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => datetime_days(d),
        DataRef::DateTimeIso(s) => Cell::DateIso(s.clone()),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => datetime_days(d),
        Data::DateTimeIso(s) => Cell::DateIso(s.clone()),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}
