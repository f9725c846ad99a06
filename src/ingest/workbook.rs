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

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use chrono::Datelike;

use super::legacy::{self, Legacy};
use super::merges::{is_aggregate, Merges, Region};
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    pub row: u32,
    pub cells: Vec<(u32, Cell)>,
    /// A cell of this row holds a formula aggregating a range above it (`SUM(D5:D40)`,
    /// `COUNTA(B:B)`): a totals row, whatever its label.
    pub aggregates: bool,
    /// Merged ranges over several columns that cover this row: (first, last) column.
    pub spans: Vec<(u32, u32)>,
    /// Columns whose value was copied down from the top of a merged range above.
    pub filled: Vec<u32>,
    /// The row is hidden (by hand, by an AutoFilter or in a collapsed outline group).
    pub hidden: bool,
}

impl Row {
    /// A row of text cells from column A on, blanks skipped (the unit tests' sheets).
    #[cfg(test)]
    pub(crate) fn of_texts(row: u32, texts: &[&str]) -> Row {
        Row {
            row,
            cells: texts
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.is_empty())
                .map(|(c, t)| (c as u32, Cell::Text((*t).into())))
                .collect(),
            ..Row::default()
        }
    }

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

/// What a sheet's formatting says beyond its values: its hidden rows and columns, whether an
/// AutoFilter is set (the rows it hides are filtered out of view, not out of the data), the
/// cells struck through and the cells formatted as percentages. Known for xlsx (and all but
/// struck cells for ods); other formats report nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    /// Hidden rows, 0-based, ascending.
    pub rows: Vec<u32>,
    /// 0-based column ranges (first, last), as the sheet declares them.
    pub cols: Vec<(u32, u32)>,
    pub filter: bool,
    /// Cells in a struck-through font, (row, column) 0-based, ascending.
    pub struck: Vec<(u32, u32)>,
    /// Cells in a percent number format ("0%", "0.0%"), (row, column) 0-based, ascending:
    /// their stored 1.2 is shown as 120%.
    pub percent: Vec<(u32, u32)>,
}

impl Marks {
    pub fn row(&self, row: u32) -> bool {
        self.rows.binary_search(&row).is_ok()
    }

    pub fn col(&self, col: u32) -> bool {
        self.cols.iter().any(|&(a, b)| a <= col && col <= b)
    }

    pub fn struck(&self, row: u32, col: u32) -> bool {
        self.struck.binary_search(&(row, col)).is_ok()
    }

    pub fn percent(&self, row: u32, col: u32) -> bool {
        self.percent.binary_search(&(row, col)).is_ok()
    }
}

/// What one pass over an xlsx sheet's part finds besides its cells.
pub struct XlsxScan {
    merges: Vec<Region>,
    marks: Marks,
}

// Moved to the data contract (`dataset.rs`); re-exported here for one release.
pub use crate::dataset::Unreadable;

type Buf = BufReader<File>;

pub enum Book {
    /// Read from its file or from its bytes unpacked in memory ([`XlsxSrc`]), with what mtcl
    /// reads besides its cells ([`XlsxSide`]).
    Xlsx(Box<Xlsx<XlsxSrc>>, Box<XlsxSide>),
    Xlsb(Box<Xlsb<Buf>>),
    Xls(Box<Xls<Buf>>),
    /// With the merged ranges (`number-rows-spanned`/`number-columns-spanned`) and the
    /// hidden rows and columns (`table:visibility`) of each sheet, which calamine does not
    /// give for ODS.
    Ods(Box<Ods<Buf>>, HashMap<String, OdsSheet>),
}

/// What mtcl reads of an xlsx besides its cells: its path, to find a sheet's merged
/// ranges and hidden rows when no scan was made ahead ([`xlsx_scan`]); the cell styles that
/// mark cells ([`CellStyles`]); the legacy encoding its fonts point to
/// ([`legacy::font_hint`]); and the scans of its sheets made ahead, by sheet name — at open
/// for the sheets unpacked ([`unpacked_xlsx`]), by [`Book::marks`] before [`Book::rows`].
pub struct XlsxSide {
    path: PathBuf,
    styles: CellStyles,
    font: Option<Legacy>,
    scans: HashMap<String, XlsxScan>,
}

/// The bytes calamine reads an xlsx from: its file, or its copy in memory whose sheet parts
/// are stored rather than deflated ([`unpacked_xlsx`]).
pub enum XlsxSrc {
    File(Buf),
    Mem(Cursor<Vec<u8>>),
}

impl Read for XlsxSrc {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            XlsxSrc::File(f) => f.read(buf),
            XlsxSrc::Mem(m) => m.read(buf),
        }
    }
}

impl Seek for XlsxSrc {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        match self {
            XlsxSrc::File(f) => f.seek(pos),
            XlsxSrc::Mem(m) => m.seek(pos),
        }
    }
}

/// A sheet part up to this size (its XML) is unpacked when its workbook is opened: about
/// 20,000 rows of a student list.
const UNPACK_PART_MAX: u64 = 8 << 20;
/// Sheet XML unpacked per workbook at most; the other sheets are read from the file.
const UNPACK_TOTAL_MAX: u64 = 32 << 20;
/// A workbook file larger than this (pictures, a large sheet) is read from the file: it
/// would be held twice in memory while it is copied.
const UNPACK_FILE_MAX: u64 = 16 << 20;

/// The workbook at `path` copied into memory with its small sheet parts inflated once,
/// each scanned for what its formatting says ([`scan_part`]) and stored as it is, so that
/// calamine reads its cells without inflating the part a second time, and the styles, the
/// fonts and the parts are read from the copy rather than by opening the file again for
/// each. `None` when there is no such part or anything goes wrong: the workbook is then read
/// from its file, which reports what is wrong with it as before.
fn unpacked_xlsx(path: &Path, parts: &[ZipPart]) -> Option<(Xlsx<XlsxSrc>, XlsxSide)> {
    use zip::write::SimpleFileOptions;
    let mut total = 0;
    let chosen: HashSet<&str> = parts
        .iter()
        .filter(|p| p.deflated && p.size <= UNPACK_PART_MAX && is_sheet_part(&p.name))
        .filter(|p| {
            total += p.size;
            total <= UNPACK_TOTAL_MAX
        })
        .map(|p| p.name.as_str())
        .collect();
    if chosen.is_empty() || std::fs::metadata(path).ok()?.len() > UNPACK_FILE_MAX {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let mut z = zip::ZipArchive::new(Cursor::new(&bytes[..])).ok()?;
    let styles = cell_styles_in(&mut z);
    let font = legacy::font_hint(&mut z);
    let sheets = xlsx_sheet_parts(&mut z);
    let room = bytes.len() + total.min(UNPACK_TOTAL_MAX) as usize + 4096;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(room)));
    let mut scans = HashMap::new();
    let mut xml = Vec::new();
    for i in 0..z.len() {
        let name = z.by_index_raw(i).ok()?.name().ok()?.into_owned();
        if !chosen.contains(name.as_str()) {
            w.raw_copy_file(z.by_index_raw(i).ok()?).ok()?;
            continue;
        }
        let mut e = z.by_index(i).ok()?;
        let modified = e.last_modified().unwrap_or_default();
        xml.clear();
        // Read to its end: the part's checksum is verified there.
        (&mut e)
            .take(UNPACK_PART_MAX + 1)
            .read_to_end(&mut xml)
            .ok()?;
        if xml.len() as u64 > UNPACK_PART_MAX {
            return None;
        }
        drop(e);
        scans.insert(name.clone(), scan_part(&xml[..], &styles).ok()?);
        let stored = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .last_modified_time(modified);
        w.start_file(name, stored).ok()?;
        w.write_all(&xml).ok()?;
    }
    let copy = w.finish().ok()?.into_inner();
    let r: Xlsx<XlsxSrc> = calamine::open_workbook_from_rs(XlsxSrc::Mem(Cursor::new(copy))).ok()?;
    let scans = sheets
        .into_iter()
        .filter_map(|(sheet, part)| Some((sheet, scans.remove(&part)?)))
        .collect();
    let side = XlsxSide {
        path: path.to_path_buf(),
        styles,
        font,
        scans,
    };
    Some((r, side))
}

/// A worksheet's part: `xl/worksheets/sheet1.xml`.
fn is_sheet_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") && !lower[14..].contains('/')
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

/// One part of a zip-based workbook, as its zip directory declares it.
struct ZipPart {
    name: String,
    size: u64,
    deflated: bool,
}

/// The zip parts' names and declared sizes, refusing encrypted entries and parts that
/// calamine would load whole when they are too large.
fn check_zip(path: &Path) -> Result<Vec<ZipPart>, Unreadable> {
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
        names.push(ZipPart {
            size: e.size(),
            deflated: e.compression() == zip::CompressionMethod::Deflated,
            name,
        });
    }
    Ok(names)
}

/// What [`ods_scan`] finds in one ODS sheet besides its cells.
#[derive(Default)]
pub struct OdsSheet {
    merges: Vec<Region>,
    marks: Marks,
}

/// Hidden rows of one repeated ODS row element recorded at most (a hidden block of empty
/// rows repeated to the end of the sheet holds no record).
const MAX_HIDDEN_REPEAT: u64 = 10_000;

/// Refuses an ODS file one of whose sheets spans more than [`MAX_EAGER_CELLS`] cells from
/// A1 to its last non-empty cell: calamine would allocate that whole rectangle. The
/// extent is read from `content.xml` without building anything: rows and cells with their
/// `number-rows-repeated` / `number-columns-repeated` counts. The same pass collects each
/// sheet's merged ranges (cells with `number-rows-spanned` / `number-columns-spanned`), its
/// hidden rows and columns (`table:visibility="collapse"` or `"filter"`), filter and
/// percentage cells (`office:value-type="percentage"`).
fn ods_scan(path: &Path) -> Result<HashMap<String, OdsSheet>, Unreadable> {
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
                limit: MAX_EAGER_CELLS,
            })
        } else {
            Ok(())
        }
    };
    let mut spans: HashMap<String, OdsSheet> = HashMap::new();
    let mut table = String::new();
    // The next column a `table:table-column` declares, and whether the open row is hidden.
    let (mut decl_col, mut row_hidden) = (0u64, false);
    let hides = |tag: &[u8]| -> Option<&'static str> {
        match xml_attr(tag, b"table:visibility=").as_deref() {
            Some("collapse") => Some("collapse"),
            Some("filter") => Some("filter"),
            _ => None,
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
                (row, col, max_row, max_col, decl_col) = (0, 0, 0, 0, 0);
                table = xml_attr(tag, b"table:name=").unwrap_or_default();
            }
            b"table:table-column" => {
                let n = repeat(b"table:number-columns-repeated");
                if hides(tag).is_some() {
                    let at = |x: u64| x.min(MAX_COLS as u64 - 1) as u32;
                    let sheet = spans.entry(table.clone()).or_default();
                    sheet.marks.cols.push((at(decl_col), at(decl_col + n - 1)));
                }
                decl_col = decl_col.saturating_add(n);
            }
            b"table:database-range"
                if memchr::memmem::find(tag, b"display-filter-buttons=\"true\"").is_some() =>
            {
                if let Some(target) = xml_attr(tag, b"table:target-range-address=") {
                    let sheet = target
                        .trim_start_matches('$')
                        .split('.')
                        .next()
                        .unwrap_or("");
                    let sheet = sheet.trim_matches('\'').to_string();
                    spans.entry(sheet).or_default().marks.filter = true;
                }
            }
            b"table:table-row" => {
                rows_rep = repeat(b"table:number-rows-repeated");
                col = 0;
                row_used = false;
                row_hidden = match hides(tag) {
                    Some("filter") => {
                        spans.entry(table.clone()).or_default().marks.filter = true;
                        true
                    }
                    Some(_) => true,
                    None => false,
                };
                // A row element closed in its own tag holds no cell.
                if tag.last() == Some(&b'/') {
                    row += rows_rep;
                }
            }
            b"/table:table-row" => {
                if row_used {
                    max_row = row + rows_rep;
                    check(max_row, max_col)?;
                    if row_hidden {
                        let sheet = spans.entry(table.clone()).or_default();
                        for r in row..row + rows_rep.min(MAX_HIDDEN_REPEAT) {
                            sheet.marks.rows.push(r.min(u32::MAX as u64) as u32);
                        }
                    }
                }
                row += rows_rep;
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let n = repeat(b"table:number-columns-repeated");
                let (down, across) = (
                    repeat(b"table:number-rows-spanned"),
                    repeat(b"table:number-columns-spanned"),
                );
                if (down > 1 || across > 1) && name == b"table:table-cell" {
                    let at = |x: u64| x.min(u32::MAX as u64) as u32;
                    spans.entry(table.clone()).or_default().merges.push(Region {
                        r0: at(row),
                        c0: at(col),
                        r1: at(row + down - 1),
                        c1: at(col + across - 1),
                    });
                }
                let self_closing = tag.last() == Some(&b'/');
                let valued = tag.windows(17).any(|w| w == b"office:value-type");
                if valued || !self_closing {
                    row_used = true;
                    max_col = max_col.max(col + n);
                    max_row = max_row.max(row + rows_rep);
                    check(max_row, max_col)?;
                }
                if valued && xml_attr(tag, b"office:value-type=").as_deref() == Some("percentage") {
                    let sheet = spans.entry(table.clone()).or_default();
                    for r in row..row + rows_rep.min(MAX_HIDDEN_REPEAT) {
                        for c in col..col + n.min(MAX_HIDDEN_REPEAT) {
                            let at = |x: u64| x.min(u32::MAX as u64) as u32;
                            sheet.marks.percent.push((at(r), at(c)));
                        }
                    }
                }
                col += n;
            }
            _ => {}
        }
    }
    Ok(spans)
}

/// The value of attribute `attr` (given with its `=`) in a tag, entities decoded.
fn xml_attr(tag: &[u8], attr: &[u8]) -> Option<String> {
    let p = tag.windows(attr.len()).position(|w| w == attr)? + attr.len();
    let quote = *tag.get(p)?;
    let rest = &tag[p + 1..];
    let end = rest.iter().position(|&b| b == quote)?;
    let raw = String::from_utf8_lossy(&rest[..end]);
    Some(
        raw.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
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
                    limit: MAX_EAGER_CELLS,
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
        Book::open_as(path, true)
    }

    /// [`Book::open`], with an xlsx's small sheets unpacked in memory ([`unpacked_xlsx`]) or
    /// every sheet read from the file (the simple path the tests compare with).
    pub fn open_as(path: &Path, unpack: bool) -> Result<Book, Unreadable> {
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
                let parts = check_zip(path)?;
                let has = |n: &str| parts.iter().any(|x| x.name.eq_ignore_ascii_case(n));
                if has("content.xml") && (ext == "ods" || !has("xl/workbook.xml")) {
                    let spans = ods_scan(path)?;
                    let r: Ods<Buf> =
                        calamine::open_workbook_from_rs(reader()?).map_err(corrupt)?;
                    Ok(Book::Ods(Box::new(r), spans))
                } else if has("xl/workbook.bin") {
                    let r: Xlsb<Buf> =
                        calamine::open_workbook_from_rs(reader()?).map_err(corrupt)?;
                    Ok(Book::Xlsb(Box::new(r)))
                } else if has("xl/workbook.xml") {
                    if let Some((r, side)) = unpack.then(|| unpacked_xlsx(path, &parts)).flatten() {
                        return Ok(Book::Xlsx(Box::new(r), Box::new(side)));
                    }
                    let r: Xlsx<XlsxSrc> =
                        calamine::open_workbook_from_rs(XlsxSrc::File(reader()?)).map_err(|e| {
                            match e {
                                calamine::XlsxError::Password => Unreadable::Encrypted,
                                e => corrupt(e),
                            }
                        })?;
                    let (styles, font) = xlsx_styles(path);
                    let side = XlsxSide {
                        path: path.to_path_buf(),
                        styles,
                        font,
                        scans: HashMap::new(),
                    };
                    Ok(Book::Xlsx(Box::new(r), Box::new(side)))
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
            Book::Xlsx(b, ..) => b.sheets_metadata(),
            Book::Xlsb(b) => b.sheets_metadata(),
            Book::Xls(b) => b.sheets_metadata(),
            Book::Ods(b, _) => b.sheets_metadata(),
        };
        meta.iter()
            .filter(|s| s.typ == SheetType::WorkSheet)
            .map(|s| SheetMeta {
                name: s.name.clone(),
                hidden: s.visible != SheetVisible::Visible,
            })
            .collect()
    }

    /// The legacy encoding an xlsx's fonts point to ([`legacy::font_hint`]); none for
    /// other formats.
    pub fn font_hint(&self) -> Option<Legacy> {
        match self {
            Book::Xlsx(_, side) => side.font,
            _ => None,
        }
    }

    pub fn is_1904(&self) -> bool {
        match self {
            Book::Xlsx(b, ..) => b.has_1904_epoch(),
            Book::Xlsb(b) => b.has_1904_epoch(),
            Book::Xls(b) => b.has_1904_epoch(),
            Book::Ods(..) => false,
        }
    }

    /// The rows and columns sheet `name` hides, and whether it is filtered (xlsx; nothing
    /// for other formats). The scan is kept for the [`Book::rows`] that follows.
    pub fn marks(&mut self, name: &str) -> Result<Marks, Unreadable> {
        match self {
            Book::Xlsx(_, side) => {
                if let Some(scan) = side.scans.get(name) {
                    return Ok(scan.marks.clone());
                }
                let scan = xlsx_scan(&side.path, name, &side.styles)?;
                let hidden = scan.marks.clone();
                side.scans.insert(name.to_string(), scan);
                Ok(hidden)
            }
            Book::Ods(_, sheets) => Ok(sheets
                .get(name)
                .map(|s| {
                    let mut marks = s.marks.clone();
                    marks.percent.sort_unstable();
                    marks
                })
                .unwrap_or_default()),
            _ => Ok(Marks::default()),
        }
    }

    /// Reads sheet `name`: first what its formatting says ([`Book::marks`], given to
    /// `marks`), then its rows, to `each` ([`Book::rows`]). A large xlsx sheet is decoded on
    /// a thread of its own while this one types its rows, or not, as `pipe` says; its part
    /// is then scanned for the marks while its first rows are decoded.
    pub fn read_sheet(
        &mut self,
        name: &str,
        pipe: Pipe,
        marks: &mut dyn FnMut(Marks),
        each: &mut dyn FnMut(Row) -> Flow,
    ) -> Result<(), Unreadable> {
        if let Book::Xlsx(b, side) = self {
            let pipelined = match pipe {
                Pipe::Never => false,
                Pipe::Always => true,
                Pipe::Auto => rayon::current_num_threads() > 1 && large_part(&side.path, name),
            };
            if pipelined {
                let scan = || match side.scans.remove(name) {
                    Some(scan) => Ok(scan),
                    None => xlsx_scan(&side.path, name, &side.styles),
                };
                return xlsx_pipelined(b, name, scan, marks, each);
            }
        }
        marks(self.marks(name)?);
        self.rows(name, each)
    }

    /// Streams the rows of sheet `name` (only rows with a non-empty cell, in order) to
    /// `each` until it says stop or the sheet ends, merged ranges applied
    /// ([`Merges`]) and totals formulas marked ([`Row::aggregates`]), on this thread.
    pub fn rows(
        &mut self,
        name: &str,
        each: &mut dyn FnMut(Row) -> Flow,
    ) -> Result<(), Unreadable> {
        let regions = |dims: Vec<calamine::Dimensions>| -> Vec<Region> {
            dims.iter()
                .map(|d| Region {
                    r0: d.start.0,
                    c0: d.start.1,
                    r1: d.end.0,
                    c1: d.end.1,
                })
                .collect()
        };
        match self {
            Book::Xlsx(b, side) => {
                // The merge list follows the cells in the sheet's XML: it is looked for in
                // the part's bytes first, so that rows can be filled as they stream.
                let scan = match side.scans.remove(name) {
                    Some(s) => s,
                    None => xlsx_scan(&side.path, name, &side.styles)?,
                };
                let mut g = Grouper::new(name, each, Merges::new(scan.merges));
                g.hidden = scan.marks.rows;
                let mut r = b.worksheet_cells_reader(name).map_err(corrupt)?;
                let mut shared = SharedTexts::new();
                while let Some(c) = r.next_cell_with_formula().map_err(corrupt)? {
                    let (cell, agg) = xlsx_cell(&c.value, &c.formula, c.pos.0, &mut shared);
                    if g.push(c.pos, cell, agg)? == Flow::Stop {
                        return Ok(());
                    }
                }
                g.finish();
            }
            Book::Xlsb(b) => {
                let mut g = Grouper::new(name, each, Merges::default());
                let mut r = b.worksheet_cells_reader(name).map_err(corrupt)?;
                let mut shared = SharedTexts::new();
                while let Some(c) = r.next_cell().map_err(corrupt)? {
                    let cell = from_ref(c.get_value(), &mut shared);
                    if g.push(c.get_position(), cell, false)? == Flow::Stop {
                        return Ok(());
                    }
                }
                g.finish();
            }
            Book::Xls(b) => {
                let merges = b.merge_cells_by_sheet_name(name).map_err(corrupt)?;
                let range = b.worksheet_range(name).map_err(corrupt)?;
                let totals = aggregate_rows(b.worksheet_formula(name).ok());
                let mut g = Grouper::new(name, each, Merges::new(regions(merges)));
                feed_range(&range, &totals, &mut g)?;
            }
            Book::Ods(b, sheets) => {
                let sheet = sheets.remove(name).unwrap_or_default();
                let range = b.worksheet_range(name).map_err(corrupt)?;
                let totals = aggregate_rows(b.worksheet_formula(name).ok());
                let mut g = Grouper::new(name, each, Merges::new(sheet.merges));
                g.hidden = sheet.marks.rows;
                feed_range(&range, &totals, &mut g)?;
            }
        }
        Ok(())
    }
}

/// Whether an xlsx sheet is decoded on a thread of its own while its rows are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pipe {
    /// Never: one thread decodes and types (the simple path).
    Never,
    /// When the sheet's XML is at least [`PIPELINE_FROM`] bytes and more than one thread
    /// may run (`-j 1` stays on one thread): a large workbook read alone would otherwise
    /// keep a core idle.
    Auto,
    /// Always (tests: the pipelined path on small sheets).
    Always,
}

/// The size of a sheet's XML from which [`Pipe::Auto`] decodes it on its own thread
/// (about 35,000 rows of a student list).
pub const PIPELINE_FROM: u64 = 16 << 20;

/// Batches of decoded cells the channel of a pipelined sheet holds.
const PIPELINE_BATCHES: usize = 64;

/// Below this size on disk a workbook's sheet part is not looked at for [`Pipe::Auto`]:
/// [`PIPELINE_FROM`] bytes of sheet XML do not deflate that small.
const PIPELINE_FILE_FROM: u64 = 256 << 10;

/// Whether sheet `name` of the xlsx at `path` is large enough to be pipelined.
fn large_part(path: &Path, name: &str) -> bool {
    let size = || -> Option<u64> {
        if std::fs::metadata(path).ok()?.len() < PIPELINE_FILE_FROM {
            return None;
        }
        let f = File::open(path).ok()?;
        let mut z = zip::ZipArchive::new(BufReader::new(f)).ok()?;
        let part = xlsx_sheet_part(&mut z, name)?;
        let size = z.by_name(&part).ok()?.size();
        Some(size)
    };
    size().is_some_and(|s| s >= PIPELINE_FROM)
}

/// Cells handed from the decoding thread to the typing thread at a time.
const PIPELINE_BATCH: usize = 8192;

/// One xlsx cell as the reader gives it: a formula with no cached value is
/// [`Cell::NoCache`]; a formula aggregating a range above marks a totals row, cached or not
/// (a workbook written by a program holds `=SUM(…)` with no value until Excel saves it).
fn xlsx_cell(
    value: &DataRef<'_>,
    formula: &Option<String>,
    row: u32,
    shared: &mut SharedTexts,
) -> (Cell, bool) {
    match (value, formula) {
        (DataRef::Empty, Some(f)) if !f.is_empty() => (Cell::NoCache, is_aggregate(f, row)),
        (v, Some(f)) => (from_ref(v, shared), is_aggregate(f, row)),
        (v, None) => (from_ref(v, shared), false),
    }
}

/// An xlsx sheet read by two threads: this one only decodes the XML and hands the cells on
/// in batches through a bounded channel; the calling thread builds the cells' texts, groups
/// them into rows (merged ranges applied) and gives the rows to `each` in order. Decoding
/// is the slower half, so everything that can wait is done on the other side. `each` sees
/// the same rows in the same order as on one thread, then the same error if the sheet has
/// one; when it says stop, the channel closes and the decoding thread stops at its next
/// batch.
fn xlsx_pipelined(
    b: &mut Xlsx<XlsxSrc>,
    name: &str,
    scan: impl FnOnce() -> Result<XlsxScan, Unreadable>,
    marks: &mut dyn FnMut(Marks),
    each: &mut dyn FnMut(Row) -> Flow,
) -> Result<(), Unreadable> {
    std::thread::scope(|s| {
        // Room for the cells decoded while this thread scans the part (the marks and the
        // merged ranges are needed before the first row): about 40,000 rows of a student list.
        let (tx, rx) =
            std::sync::mpsc::sync_channel::<Result<Vec<Piped>, Unreadable>>(PIPELINE_BATCHES);
        s.spawn(move || {
            let mut batch: Vec<Piped> = Vec::with_capacity(PIPELINE_BATCH);
            // The workbook is borrowed for the whole scope: the shared strings' texts handed
            // on stay in its table until the typing thread is done with them.
            let reader = b.worksheet_cells_reader(name).map_err(corrupt);
            let result = (|| -> Result<(), Unreadable> {
                let mut r = reader?;
                // The other cells keep no text: a formula's shared string is copied.
                let mut none = SharedTexts::new_unused();
                while let Some(c) = r.next_cell_with_formula().map_err(corrupt)? {
                    let (row, col) = c.pos;
                    match (c.value, &c.formula) {
                        (DataRef::SharedString(t), None) => batch.push(Piped::Shared(row, col, t)),
                        // A date is converted on the other side.
                        (DataRef::DateTime(d), None) => batch.push(Piped::Date(row, col, d)),
                        (v, f) => {
                            let (cell, agg) = xlsx_cell(&v, f, row, &mut none);
                            batch.push(Piped::Cell(row, col, cell, agg));
                        }
                    }
                    if batch.len() >= PIPELINE_BATCH {
                        let full =
                            std::mem::replace(&mut batch, Vec::with_capacity(PIPELINE_BATCH));
                        if tx.send(Ok(full)).is_err() {
                            return Ok(());
                        }
                    }
                }
                Ok(())
            })();
            if !batch.is_empty() {
                let _ = tx.send(Ok(batch));
            }
            if let Err(e) = result {
                let _ = tx.send(Err(e));
            }
        });
        // An error here drops the channel: the decoding thread stops at its next batch.
        let scan = scan()?;
        marks(scan.marks.clone());
        let mut g = Grouper::new(name, each, Merges::new(scan.merges));
        g.hidden = scan.marks.rows;
        let mut shared = SharedTexts::new();
        for batch in rx {
            for piped in batch? {
                let flow = match piped {
                    Piped::Shared(row, col, t) => {
                        g.push((row, col), Cell::Text(shared.get(t)), false)?
                    }
                    Piped::Cell(row, col, cell, agg) => g.push((row, col), cell, agg)?,
                    Piped::Date(row, col, d) => g.push((row, col), datetime_days(&d), false)?,
                };
                if flow == Flow::Stop {
                    return Ok(());
                }
            }
        }
        g.finish();
        Ok(())
    })
}

/// What the decoding thread of a pipelined sheet hands on, in sheet order.
enum Piped<'a> {
    /// A cell holding a shared string, as the workbook's table holds it: (row, column,
    /// text). The typing thread makes its cell ([`SharedTexts`], by the text's address).
    Shared(u32, u32, &'a str),
    /// A date cell (without a formula), as calamine gives it: (row, column, date).
    Date(u32, u32, calamine::ExcelDateTime),
    /// Any other cell, and whether its formula aggregates a range above it.
    Cell(u32, u32, Cell, bool),
}

/// The merged ranges of sheet `name` of the xlsx at `path` — the `<mergeCells>` element that
/// follows the cells in the sheet's part — and its hidden rows (`<row r="7" hidden="1">`),
/// hidden columns (`<col min="8" max="8" hidden="1"/>`) and AutoFilter, found by a byte
/// search while the part is inflated: several times cheaper than a second XML parse of the
/// sheet, and holding only the merge element itself.
fn xlsx_scan(path: &Path, name: &str, styles: &CellStyles) -> Result<XlsxScan, Unreadable> {
    let none = || XlsxScan {
        merges: Vec::new(),
        marks: Marks::default(),
    };
    let f = File::open(path).map_err(corrupt)?;
    let mut z = zip::ZipArchive::new(BufReader::new(f)).map_err(corrupt)?;
    let Some(part) = xlsx_sheet_part(&mut z, name) else {
        return Ok(none());
    };
    let Ok(e) = z.by_name(&part) else {
        return Ok(none());
    };
    scan_part(e, styles)
}

/// [`xlsx_scan`] of a sheet part's XML read from `e`.
fn scan_part(mut e: impl Read, styles: &CellStyles) -> Result<XlsxScan, Unreadable> {
    let mut buf = vec![0u8; 1 << 16];
    let mut section = MergeSection::default();
    let mut tags = MarkTags {
        styles: styles.clone(),
        ..MarkTags::default()
    };
    loop {
        let n = e.read(&mut buf).map_err(corrupt)?;
        if n == 0 {
            break;
        }
        if section.found.is_none() {
            tags.feed(&buf[..n]);
        }
        section.feed(&buf[..n])?;
    }
    let mut hidden = tags.finish();
    hidden.rows.sort_unstable();
    hidden.rows.dedup();
    hidden.struck.sort_unstable();
    hidden.percent.sort_unstable();
    let Some(sec) = section.found else {
        return Ok(XlsxScan {
            merges: Vec::new(),
            marks: hidden,
        });
    };
    let mut out = Vec::new();
    let mut i = 0;
    let refs = memchr::memmem::Finder::new(b"ref=\"");
    while let Some(p) = refs.find(&sec[i..]) {
        let start = i + p + 5;
        let Some(len) = sec[start..].iter().position(|&b| b == b'"') else {
            break;
        };
        let r = String::from_utf8_lossy(&sec[start..start + len]);
        if let Some(g) = parse_range(&r) {
            out.push(g);
        }
        i = start + len;
    }
    Ok(XlsxScan {
        merges: out,
        marks: hidden,
    })
}

/// The `mergeCells` element of a sheet part fed in chunks, and all that follows it: the
/// word is looked for in each chunk where it lies, and across the seam of two chunks in
/// the last bytes of the one before (no copy of the part until the word is found).
#[derive(Default)]
struct MergeSection {
    /// The last bytes of the part fed so far, up to the word's length.
    tail: Vec<u8>,
    found: Option<Vec<u8>>,
}

impl MergeSection {
    const WORD: &'static [u8] = b"mergeCells";

    fn feed(&mut self, chunk: &[u8]) -> Result<(), Unreadable> {
        let find = |hay: &[u8]| memchr::memmem::find(hay, Self::WORD);
        let w = Self::WORD.len();
        if let Some(sec) = self.found.as_mut() {
            sec.extend_from_slice(chunk);
            if sec.len() as u64 > MAX_EAGER_PART_BYTES {
                return Err(Unreadable::TooLarge {
                    bytes: sec.len() as u64,
                });
            }
            return Ok(());
        }
        let tail = &mut self.tail;
        let seam = tail.len();
        tail.extend_from_slice(&chunk[..chunk.len().min(w)]);
        if let Some(p) = find(tail).filter(|&p| p < seam) {
            tail.truncate(seam);
            tail.extend_from_slice(chunk);
            self.found = Some(tail.split_off(p));
        } else if let Some(p) = find(chunk) {
            self.found = Some(chunk[p..].to_vec());
        } else if chunk.len() >= w {
            tail.clear();
            tail.extend_from_slice(&chunk[chunk.len() - w..]);
        } else {
            // A chunk shorter than the word: all of it is in `tail` already.
            let keep = tail.len().saturating_sub(w);
            tail.drain(..keep);
        }
        Ok(())
    }
}

/// The `<row …>` and `<col …>` tags that say `hidden="1"` (or `"true"`), and an
/// `<autoFilter`, in a sheet part fed in chunks: only complete tags are looked at, the rest
/// is carried to the next chunk.
#[derive(Default)]
struct MarkTags {
    carry: Vec<u8>,
    marks: Marks,
    /// The workbook's marking cell styles: `<c … s="N">` tags are looked at only when it
    /// has some.
    styles: CellStyles,
}

impl MarkTags {
    /// A tag longer than this is not a row or column tag: its carry is dropped.
    const LONGEST: usize = 4096;

    fn feed(&mut self, chunk: &[u8]) {
        self.carry.extend_from_slice(chunk);
        let Some(end) = memchr::memrchr(b'>', &self.carry) else {
            self.trim();
            return;
        };
        let done = &self.carry[..=end];
        if memchr::memmem::find(done, b"<autoFilter").is_some() {
            self.marks.filter = true;
        }
        let word = memchr::memmem::Finder::new(b"hidden=\"");
        for p in word.find_iter(done) {
            let v = done.get(p + 8).copied();
            if !matches!(v, Some(b'1' | b't')) {
                continue;
            }
            let Some(open) = memchr::memrchr(b'<', &done[..p]) else {
                continue;
            };
            let Some(close) = memchr::memchr(b'>', &done[p..]) else {
                continue;
            };
            let tag = &done[open..p + close];
            // The element's local name: `<row `, or `<x:row ` from writers that prefix.
            let name_end = tag
                .iter()
                .position(|b| b.is_ascii_whitespace())
                .unwrap_or(0);
            let local = match memchr::memrchr(b':', &tag[..name_end]) {
                Some(c) => &tag[c + 1..name_end],
                None => tag.get(1..name_end).unwrap_or_default(),
            };
            if local == b"row" {
                if let Some(r) = attr_number(tag, b" r=\"") {
                    self.marks.rows.push(r.saturating_sub(1));
                }
            } else if local == b"col" {
                if let (Some(a), Some(b)) =
                    (attr_number(tag, b"min=\""), attr_number(tag, b"max=\""))
                {
                    if a >= 1 && a <= b {
                        self.marks.cols.push((a - 1, b.min(MAX_COLS) - 1));
                    }
                }
            }
        }
        if !self.styles.is_empty() {
            let cell = memchr::memmem::Finder::new(b"<c ");
            for p in cell.find_iter(done) {
                let Some(close) = memchr::memchr(b'>', &done[p..]) else {
                    continue;
                };
                let tag = &done[p..p + close];
                let Some(style) = attr_number(tag, b" s=\"") else {
                    continue;
                };
                let has = |set: &[u32]| set.binary_search(&style).is_ok();
                let (struck, percent) = (has(&self.styles.strike), has(&self.styles.percent));
                if !struck && !percent {
                    continue;
                }
                if let Some((row, col)) = xml_attr(tag, b" r=").and_then(|at| a1_cell(&at)) {
                    if struck {
                        self.marks.struck.push((row, col));
                    }
                    if percent {
                        self.marks.percent.push((row, col));
                    }
                }
            }
        }
        self.carry.drain(..=end);
        self.trim();
    }

    fn trim(&mut self) {
        if self.carry.len() > Self::LONGEST {
            let keep = self.carry.len() - Self::LONGEST;
            self.carry.drain(..keep);
        }
    }

    fn finish(self) -> Marks {
        self.marks
    }
}

/// The number in attribute `attr` (given with `="`) of a tag: `r="7"` → 7.
fn attr_number(tag: &[u8], attr: &[u8]) -> Option<u32> {
    let p = memchr::memmem::find(tag, attr)? + attr.len();
    let digits = &tag[p..];
    let n = digits.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&digits[..n]).ok()?.parse().ok()
}

/// The cell styles (indices into `cellXfs`, ascending) that mark a cell: a struck-through
/// font (`<strike/>`), a percent number format (built-in 9 and 10, or a format code with a
/// "%" outside quotes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellStyles {
    strike: Vec<u32>,
    percent: Vec<u32>,
}

impl CellStyles {
    fn is_empty(&self) -> bool {
        self.strike.is_empty() && self.percent.is_empty()
    }
}

/// The [`CellStyles`] of the xlsx at `path` and the encoding its fonts point to, from one
/// opening of its zip directory; none when its styles cannot be read.
fn xlsx_styles(path: &Path) -> (CellStyles, Option<Legacy>) {
    let Some(mut z) = File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(BufReader::new(f)).ok())
    else {
        return (CellStyles::default(), None);
    };
    (cell_styles_in(&mut z), legacy::font_hint(&mut z))
}

/// The [`CellStyles`] of an xlsx archive; none when its styles cannot be read.
fn cell_styles_in<R: Read + Seek>(z: &mut zip::ZipArchive<R>) -> CellStyles {
    let mut v = Vec::new();
    let read = z
        .by_name("xl/styles.xml")
        .ok()
        .and_then(|e| e.take(MAX_EAGER_PART_BYTES).read_to_end(&mut v).ok());
    match read {
        Some(_) => cell_styles(&v),
        None => CellStyles::default(),
    }
}

/// [`CellStyles`] from the text of `styles.xml`.
fn cell_styles(xml: &[u8]) -> CellStyles {
    let section = |open: &[u8], close: &[u8]| -> &[u8] {
        let Some(a) = memchr::memmem::find(xml, open) else {
            return &[];
        };
        let b = memchr::memmem::find(&xml[a..], close).map_or(xml.len(), |b| a + b);
        &xml[a + open.len()..b]
    };
    // Each <font>…</font> (or <font/>) in order: whether it strikes through.
    let fonts = section(b"<fonts", b"</fonts>");
    let mut struck_fonts = Vec::new();
    let mut i = 0;
    while let Some(p) = memchr::memmem::find(&fonts[i..], b"<font") {
        let start = i + p + 5;
        let after = fonts.get(start).copied();
        if !matches!(after, Some(b'>' | b' ' | b'/')) {
            i = start;
            continue;
        }
        let tag_end = memchr::memchr(b'>', &fonts[start..]).map_or(fonts.len(), |e| start + e);
        let end = if fonts[..tag_end].ends_with(b"/") {
            tag_end
        } else {
            memchr::memmem::find(&fonts[start..], b"</font>").map_or(fonts.len(), |e| start + e)
        };
        let body = &fonts[start..end];
        let strike = memchr::memmem::find(body, b"<strike").is_some_and(|s| {
            let t = &body[s..];
            let t = &t[..memchr::memchr(b'>', t).unwrap_or(t.len())];
            !matches!(xml_attr(t, b"val=").as_deref(), Some("0" | "false"))
        });
        struck_fonts.push(strike);
        i = end.max(start);
    }
    // Number formats written with "%" (outside quoted literal text), besides built-in 9, 10.
    let mut percent_formats: Vec<u32> = vec![9, 10];
    let formats = section(b"<numFmts", b"</numFmts>");
    let tag = memchr::memmem::Finder::new(b"<numFmt ");
    for p in tag.find_iter(formats) {
        let t = &formats[p..p + memchr::memchr(b'>', &formats[p..]).unwrap_or(formats.len() - p)];
        let (Some(id), Some(code)) = (attr_number(t, b"numFmtId=\""), xml_attr(t, b"formatCode="))
        else {
            continue;
        };
        let outside_quotes: String = code.split('"').step_by(2).collect();
        if outside_quotes.contains('%') {
            percent_formats.push(id);
        }
    }
    let xfs = section(b"<cellXfs", b"</cellXfs>");
    let mut out = CellStyles::default();
    let tag = memchr::memmem::Finder::new(b"<xf ");
    for (n, p) in tag.find_iter(xfs).enumerate() {
        let t = &xfs[p..p + memchr::memchr(b'>', &xfs[p..]).unwrap_or(xfs.len() - p)];
        let font = attr_number(t, b"fontId=\"").unwrap_or(0) as usize;
        if struck_fonts.get(font) == Some(&true) {
            out.strike.push(n as u32);
        }
        let format = attr_number(t, b"numFmtId=\"").unwrap_or(0);
        if percent_formats.contains(&format) {
            out.percent.push(n as u32);
        }
    }
    out
}

/// "B7" (or "$B$7") → (6, 1), 0-based row and column.
fn a1_cell(c: &str) -> Option<(u32, u32)> {
    let c = c.replace('$', "");
    let split = c.find(|ch: char| ch.is_ascii_digit())?;
    let (letters, digits) = c.split_at(split);
    let mut col = 0u32;
    for ch in letters.chars() {
        if !ch.is_ascii_alphabetic() {
            return None;
        }
        col = col.checked_mul(26)? + (ch.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    (col >= 1 && row >= 1).then(|| (row - 1, col - 1))
}

/// "B5:D7" → its region (0-based).
fn parse_range(r: &str) -> Option<Region> {
    let (a, b) = r.split_once(':')?;
    let ((r0, c0), (r1, c1)) = (a1_cell(a)?, a1_cell(b)?);
    Some(Region {
        r0: r0.min(r1),
        c0: c0.min(c1),
        r1: r0.max(r1),
        c1: c0.max(c1),
    })
}

/// The zip part of the sheet called `name`: its `r:id` in `xl/workbook.xml`, then that
/// relationship's target in `xl/_rels/workbook.xml.rels`.
fn xlsx_sheet_part<R: Read + Seek>(z: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    xlsx_sheet_parts(z)
        .into_iter()
        .find(|(sheet, _)| sheet == name)
        .map(|(_, part)| part)
}

/// Every sheet's (name, zip part), in workbook order ([`xlsx_sheet_part`]).
fn xlsx_sheet_parts<R: Read + Seek>(z: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    xlsx_sheet_parts_of(z).unwrap_or_default()
}

fn xlsx_sheet_parts_of<R: Read + Seek>(
    z: &mut zip::ZipArchive<R>,
) -> Option<Vec<(String, String)>> {
    let mut read = |part: &str| -> Option<Vec<u8>> {
        let mut v = Vec::new();
        z.by_name(part)
            .ok()?
            .take(MAX_EAGER_PART_BYTES)
            .read_to_end(&mut v)
            .ok()?;
        Some(v)
    };
    let workbook = read("xl/workbook.xml")?;
    let rels = read("xl/_rels/workbook.xml.rels")?;
    let tags = |xml: &[u8], tag: &[u8]| -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(p) = xml[i..].windows(tag.len()).position(|w| w == tag) {
            let start = i + p;
            let end = xml[start..]
                .iter()
                .position(|&b| b == b'>')
                .map_or(xml.len(), |e| start + e);
            out.push(xml[start..end].to_vec());
            i = end;
        }
        out
    };
    let rels = tags(&rels, b"<Relationship ");
    let target_of = |id: &str| {
        rels.iter()
            .find(|t| xml_attr(t, b" Id=").as_deref() == Some(id))
            .and_then(|t| xml_attr(t, b" Target="))
    };
    let parts = tags(&workbook, b"<sheet ")
        .into_iter()
        .filter_map(|t| {
            let name = xml_attr(&t, b" name=")?;
            let target = target_of(&xml_attr(&t, b":id=")?)?;
            let part = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, part))
        })
        .collect();
    Some(parts)
}

/// The (0-based) cells whose formula totals the rows above, from a formula range.
fn aggregate_rows(formulas: Option<calamine::Range<String>>) -> HashSet<(u32, u32)> {
    let Some(f) = formulas else {
        return HashSet::new();
    };
    let (r0, c0) = f.start().unwrap_or((0, 0));
    f.used_cells()
        .map(|(r, c, t)| ((r0 + r as u32, c0 + c as u32), t))
        .filter(|((r, _), t)| is_aggregate(t, *r))
        .map(|(pos, _)| pos)
        .collect()
}

fn feed_range(
    range: &calamine::Range<Data>,
    totals: &HashSet<(u32, u32)>,
    g: &mut Grouper,
) -> Result<(), Unreadable> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        let pos = (r0 + r as u32, c0 + c as u32);
        if g.push(pos, from_data(v), totals.contains(&pos))? == Flow::Stop {
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
    merges: Merges,
    /// Hidden rows, ascending ([`Marks::rows`]).
    hidden: Vec<u32>,
    /// Cells of the last row: the room made for the next (rows of a table are alike).
    width: usize,
}

impl<'a> Grouper<'a> {
    fn new(sheet: &str, each: &'a mut dyn FnMut(Row) -> Flow, merges: Merges) -> Grouper<'a> {
        Grouper {
            sheet: sheet.to_string(),
            each,
            current: None,
            seen: 0,
            stopped: false,
            merges,
            hidden: Vec::new(),
            width: 0,
        }
    }

    /// Hands a complete row on, filled from the merged ranges over it.
    fn emit(&mut self, mut r: Row) -> Flow {
        if !self.merges.is_done() {
            self.merges.apply(&mut r);
        }
        r.hidden = self.hidden.binary_search(&r.row).is_ok();
        (self.each)(r)
    }

    fn push(
        &mut self,
        (row, col): (u32, u32),
        cell: Cell,
        aggregates: bool,
    ) -> Result<Flow, Unreadable> {
        if row >= MAX_ROWS || col >= MAX_COLS {
            return Err(Unreadable::AbsurdCell {
                cell: super::a1(row.saturating_add(1), col),
            });
        }
        self.seen += 1;
        if self.seen > MAX_CELLS {
            return Err(Unreadable::TooManyCells {
                sheet: self.sheet.clone(),
                limit: MAX_CELLS,
            });
        }
        if cell.is_empty() {
            return Ok(Flow::More);
        }
        if self.current.as_ref().is_some_and(|r| r.row != row) {
            let done = self.current.take().expect("checked");
            self.width = done.cells.len();
            if self.emit(done) == Flow::Stop {
                self.stopped = true;
                return Ok(Flow::Stop);
            }
        }
        let width = self.width;
        let r = self.current.get_or_insert_with(|| Row {
            row,
            cells: Vec::with_capacity(width),
            ..Row::default()
        });
        r.aggregates |= aggregates;
        // Cells come left to right: appended, unless a writer gave them out of order.
        if r.cells.last().is_none_or(|(c, _)| *c < col) {
            r.cells.push((col, cell));
            return Ok(Flow::More);
        }
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
            self.emit(r);
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

/// The cell of each shared string of a sheet, made once: a shared string is the same `&str`
/// of the workbook's table every time its index recurs, so the text is copied once and
/// the cells share it (rows repeat the same few texts: classes, faculties, grades).
/// Direct-mapped by the text's address, which stays put while the workbook is open: a
/// string that does not recur only takes the slot of another (no table grows).
pub(crate) struct SharedTexts {
    slots: Vec<(usize, usize, Option<Arc<str>>)>,
}

impl SharedTexts {
    const BITS: u32 = 10;

    pub(crate) fn new() -> SharedTexts {
        SharedTexts {
            slots: vec![(0, 0, None); 1 << Self::BITS],
        }
    }

    /// A table that keeps nothing: each text is copied (a pipelined sheet's formula cells).
    fn new_unused() -> SharedTexts {
        SharedTexts { slots: Vec::new() }
    }

    fn slot_of(at: usize) -> usize {
        ((at as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    fn get(&mut self, s: &str) -> Arc<str> {
        if self.slots.is_empty() {
            return Arc::from(s);
        }
        let at = s.as_ptr() as usize;
        let slot = &mut self.slots[Self::slot_of(at)];
        match &slot.2 {
            Some(t) if slot.0 == at && slot.1 == s.len() => t.clone(),
            _ => {
                let t: Arc<str> = Arc::from(s);
                *slot = (at, s.len(), Some(t.clone()));
                t
            }
        }
    }
}

fn from_ref(v: &DataRef<'_>, shared: &mut SharedTexts) -> Cell {
    match v {
        DataRef::Int(i) => Cell::Int(*i),
        DataRef::Float(f) => Cell::Float(*f),
        DataRef::String(s) => Cell::Text(s.as_str().into()),
        DataRef::SharedString(s) => Cell::Text(shared.get(s)),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(d) => datetime_days(d),
        DataRef::DateTimeIso(s) => Cell::DateIso(s.clone()),
        DataRef::DurationIso(s) => Cell::Text(s.as_str().into()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
        DataRef::Empty => Cell::Empty,
    }
}

fn from_data(v: &Data) -> Cell {
    match v {
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::String(s) => Cell::Text(s.as_str().into()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => datetime_days(d),
        Data::DateTimeIso(s) => Cell::DateIso(s.clone()),
        Data::DurationIso(s) => Cell::Text(s.as_str().into()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_rows_and_columns_are_found_across_chunk_boundaries() {
        let xml: &[u8] = br#"<worksheet><cols><col min="2" max="2" width="9"/><col hidden="1" width="13" customWidth="1" min="9" max="10"/></cols><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="7" spans="1:9" hidden="1"><c r="A7"><v>2</v></c></row><x:row r="12" hidden="true"/><row r="13" hidden="0"/></sheetData><autoFilter ref="A4:K9"/></worksheet>"#;
        let want = Marks {
            rows: vec![6, 11],
            cols: vec![(8, 9)],
            filter: true,
            struck: Vec::new(),
            percent: Vec::new(),
        };
        // Every split of the part into two chunks finds the same.
        for cut in 0..xml.len() {
            let mut t = MarkTags::default();
            t.feed(&xml[..cut]);
            t.feed(&xml[cut..]);
            assert_eq!(t.finish(), want, "cut at {cut}");
        }
    }

    #[test]
    fn the_merge_section_is_found_across_chunk_seams() {
        let xml: &[u8] = br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>"#;
        let at = memchr::memmem::find(xml, b"mergeCells").unwrap();
        // Every split into three chunks (one of them perhaps shorter than the word).
        for a in 0..xml.len() {
            for b in a..xml.len() {
                let mut m = MergeSection::default();
                for part in [&xml[..a], &xml[a..b], &xml[b..]] {
                    if !part.is_empty() {
                        m.feed(part).unwrap();
                    }
                }
                assert_eq!(m.found.as_deref(), Some(&xml[at..]), "cuts at {a}, {b}");
            }
        }
        let mut none = MergeSection::default();
        none.feed(b"<sheetData/><mergeCell").unwrap();
        none.feed(b"s/>").unwrap();
        assert_eq!(none.found.as_deref(), Some(&b"mergeCells/>"[..]));
        let mut absent = MergeSection::default();
        absent
            .feed(b"<sheetData><row r=\"1\"/></sheetData>")
            .unwrap();
        assert_eq!(absent.found, None);
    }

    #[test]
    fn a_pipelined_sheets_other_cells_keep_no_text() {
        // The cells of a pipelined sheet that are no shared string keep nothing.
        let mut none = SharedTexts::new_unused();
        assert_eq!(&*none.get("Tổng"), "Tổng");
        assert!(none.slots.is_empty());
    }

    #[test]
    fn each_shared_string_is_one_text_whatever_its_slot() {
        let table: Vec<String> = (0..5000).map(|i| format!("Lớp {i}")).collect();
        let mut shared = SharedTexts::new();
        let a = shared.get(&table[7]);
        let again = shared.get(&table[7]);
        assert!(Arc::ptr_eq(&a, &again), "a recurring string is shared");
        // An equal text at another address (an inline string) is its own, same text.
        let copy = String::from("Lớp 7");
        assert_eq!(&*shared.get(&copy), "Lớp 7");
        // More strings than slots: each cell still holds its own string's text.
        for round in 0..2 {
            for (i, s) in table.iter().enumerate() {
                assert_eq!(&*shared.get(s), s.as_str(), "string {i}, round {round}");
            }
        }
        assert_eq!(&*a, "Lớp 7");
    }

    /// Everything a book gives of each sheet: metadata, marks, rows (or the error).
    fn read_all(path: &Path, unpack: bool) -> String {
        let mut book = match Book::open_as(path, unpack) {
            Ok(b) => b,
            Err(e) => return format!("{e:?}"),
        };
        let mut out = format!("{:?} {}\n", book.font_hint(), book.is_1904());
        for meta in book.sheets() {
            out += &format!("{} hidden={}\n", meta.name, meta.hidden);
            let mut rows = Vec::new();
            let mut marks = None;
            let r = book.read_sheet(
                &meta.name,
                Pipe::Never,
                &mut |m| marks = Some(m),
                &mut |r| {
                    rows.push(r);
                    Flow::More
                },
            );
            out += &format!("{marks:?}\n{r:?}\n{rows:#?}\n");
        }
        out
    }

    #[test]
    fn a_workbook_unpacked_in_memory_reads_as_from_its_file() {
        use rust_xlsxwriter::{Format, FormatBorder, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("DS HS").unwrap();
        let strike = Format::new().set_font_strikethrough();
        let percent = Format::new().set_num_format("0%");
        let date = Format::new().set_num_format("dd/mm/yyyy");
        ws.merge_range(0, 0, 0, 3, "DANH SÁCH HỌC SINH", &Format::new())
            .unwrap();
        for (c, h) in ["Mã HS", "Họ và tên", "Lớp", "Tỉ lệ"].iter().enumerate() {
            ws.write_with_format(
                2,
                c as u16,
                *h,
                &Format::new().set_border(FormatBorder::Thin),
            )
            .unwrap();
        }
        for r in 3..40u32 {
            ws.write(r, 0, format!("HS{r:04}")).unwrap();
            ws.write(r, 1, "Nguyễn Văn An").unwrap();
            ws.write(r, 3, f64::from(r) / 100.0).unwrap();
        }
        ws.merge_range(3, 2, 20, 2, "CK21A", &Format::new())
            .unwrap();
        ws.write_with_format(5, 1, "Trần Thị Bình", &strike)
            .unwrap();
        ws.write_with_format(6, 3, 0.5, &percent).unwrap();
        ws.write_with_format(7, 3, 45000.0, &date).unwrap();
        ws.write_formula(40, 3, "=SUM(D4:D40)").unwrap();
        ws.set_row_hidden(9).unwrap();
        ws.set_column_hidden(4).unwrap();
        ws.autofilter(2, 0, 39, 3).unwrap();
        let other = wb.add_worksheet().set_name("Ghi chú").unwrap();
        other.write(0, 0, "Ghi chú").unwrap();
        other.set_hidden(true);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ds.xlsx");
        wb.save(&path).unwrap();

        let unpacked = read_all(&path, true);
        assert_eq!(unpacked, read_all(&path, false));
        // It was unpacked: both sheets scanned at open, and what the scans found.
        let book = Book::open(&path).unwrap();
        let Book::Xlsx(_, side) = &book else {
            panic!("an xlsx")
        };
        let mut scanned: Vec<&String> = side.scans.keys().collect();
        scanned.sort();
        assert_eq!(scanned, ["DS HS", "Ghi chú"]);
        let marks = &side.scans["DS HS"].marks;
        assert_eq!(marks.rows, [9]);
        assert_eq!(marks.cols, [(4, 4)]);
        assert!(marks.filter);
        assert_eq!(marks.struck, [(5, 1)]);
        assert_eq!(marks.percent, [(6, 3)]);
        // The class merged down C4:C21 is given to every row it covers.
        assert_eq!(unpacked.matches("\"CK21A\"").count(), 18, "{unpacked}");

        // A sheet part whose deflated bytes are damaged is not unpacked: the file reports
        // the same as it did before.
        let bytes = std::fs::read(&path).unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let at = z
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .data_start()
            .unwrap() as usize;
        let mut bad = bytes.clone();
        for b in &mut bad[at + 40..at + 60] {
            *b ^= 0x5A;
        }
        let bad_path = dir.path().join("hong.xlsx");
        std::fs::write(&bad_path, &bad).unwrap();
        let damaged = read_all(&bad_path, true);
        assert_eq!(damaged, read_all(&bad_path, false));
        assert!(damaged.contains("Err("), "{damaged}");
    }

    #[test]
    fn struck_through_styles_and_cells() {
        let styles = br#"<styleSheet><fonts count="4"><font><name val="Calibri"/></font><font><strike/><sz val="11"/></font><font/><font><strike val="0"/></font></fonts><cellStyleXfs count="1"><xf numFmtId="0" fontId="1"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" xfId="0"/><xf numFmtId="0" fontId="1" xfId="0"><alignment horizontal="center"/></xf><xf fontId="3" numFmtId="0"/><xf numFmtId="14" fontId="1"/></cellXfs></styleSheet>"#;
        let styles = cell_styles(styles);
        assert_eq!(styles.strike, [1, 3]);
        assert_eq!(styles.percent, Vec::<u32>::new());
        let with_formats = br#"<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0&quot; %&quot;"/></numFmts><fonts count="1"><font/></fonts><cellXfs count="4"><xf numFmtId="0" fontId="0"/><xf numFmtId="165" fontId="0"/><xf numFmtId="164" fontId="0"/><xf numFmtId="10" fontId="0"/></cellXfs></styleSheet>"#;
        let formats = cell_styles(with_formats);
        assert_eq!((formats.strike, formats.percent), (vec![], vec![2, 3]));
        let sheet: &[u8] = br#"<sheetData><row r="5"><c r="A5" s="1"><v>1</v></c><c r="B5" s="2" t="s"><v>3</v></c><c r="C5" s="3"/></row></sheetData>"#;
        for cut in 0..sheet.len() {
            let mut t = MarkTags {
                styles: CellStyles {
                    strike: vec![1, 3],
                    percent: vec![2],
                },
                ..MarkTags::default()
            };
            t.feed(&sheet[..cut]);
            t.feed(&sheet[cut..]);
            let marks = t.finish();
            assert_eq!(marks.struck, [(4, 0), (4, 2)], "cut at {cut}");
            assert_eq!(marks.percent, [(4, 1)], "cut at {cut}");
        }
    }
}
