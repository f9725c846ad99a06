//! Reading `du-lieu/`: discover the files, open every workbook (one rayon task each),
//! recognise its sheets, normalise and check its cells, then the checks across files (keys,
//! references). The result is a [`Dataset`]: the contract with everything after.
//!
//! Architecture invariant: input files are only ever opened for reading; nothing here
//! writes, moves or locks them. A bad file becomes an `unreadable-file` issue — never a
//! crash of the batch, never an allocation sized by what the file claims.
//! Architecture invariant: the dataset depends only on the input files — not on the number
//! of threads or their timing (files are read in parallel, merged in path order).

pub mod legacy;
pub mod merges;
pub mod normalize;
pub mod sheet;
pub mod workbook;

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::dataset::{Dataset, FileReport, FileStatus, Issue, Table};
use crate::definitions::{Document, Scope};
use crate::i18n::Lang;
use crate::model::{Strings, Sym, Value};
use crate::period::Period;
use crate::schema::Catalog;
use crate::validate::{self, At};
use crate::workspace::Workspace;

use sheet::{Matcher, SheetReader};
use workbook::{Book, Unreadable};

/// Extensions read as workbooks.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

pub use crate::dataset::a1;

pub use crate::text::unit_match_key;

/// The unit-scope documents by the keys of their unit names.
pub struct UnitIndex {
    pub keys: HashMap<String, u16>,
    /// Whether the workspace has any unit-scope document (otherwise no unit is "unknown").
    pub any: bool,
    /// The names of the school-scope documents' units (the school), as match keys: a row
    /// naming the school (a school-wide explanation form) belongs to no unit and is not
    /// `unknown-unit`.
    pub school: std::collections::HashSet<String>,
}

impl UnitIndex {
    pub fn new(docs: &[Document]) -> UnitIndex {
        let mut keys = HashMap::new();
        let mut any = false;
        let mut school = std::collections::HashSet::new();
        for (i, d) in docs.iter().enumerate() {
            if d.scope != Scope::Unit {
                school.extend(
                    std::iter::once(&d.unit)
                        .chain(&d.unit_aliases)
                        .map(|n| unit_match_key(n)),
                );
                continue;
            }
            any = true;
            for name in std::iter::once(&d.unit).chain(&d.unit_aliases) {
                keys.entry(unit_match_key(name)).or_insert(i as u16);
            }
        }
        UnitIndex { keys, any, school }
    }

    /// The unit a unit cell or folder name names. Beyond the names and aliases themselves
    /// (after [`unit_match_key`]), the ways offices number, abbreviate and date them: a
    /// leading ordinal ("01. Khoa Điện", "II - Khoa Điện"), "K." for Khoa ("K.CK",
    /// "K. Cơ khí"), "P." for Phòng ("P. Đào tạo"), a trailing year or school year
    /// ("Khoa Cơ khí 2021-2022", "Khoa Điện (2022)"). A name that is itself a unit's name
    /// or alias always wins over these readings.
    pub fn find(&self, text: &str) -> Option<u16> {
        let key = unit_match_key(text);
        if let Some(&u) = self.keys.get(&key) {
            return Some(u);
        }
        let mut words: Vec<&str> = key.split(' ').collect();
        let n = words.len();
        while words.len() > 1 && is_ordinal(words[0]) {
            words.remove(0);
        }
        while words.len() > 1 && is_year(words[words.len() - 1]) {
            words.pop();
        }
        let mut name = match words.as_slice() {
            ["p", rest @ ..] if !rest.is_empty() => format!("phong {}", rest.join(" ")),
            ["k", rest @ ..] if !rest.is_empty() => rest.join(" "),
            _ if words.len() == n => return None,
            _ => words.join(" "),
        };
        // "01 khoa dien" lost its ordinal: now its "Khoa" is optional as in any name.
        if let Some(rest) = name.strip_prefix("khoa ") {
            name = rest.to_string();
        }
        self.keys.get(&name).copied()
    }
}

/// A cell that is only a list number: "I", "II.", "3", "1)".
pub(crate) fn is_ordinal_text(text: &str) -> bool {
    let key = unit_match_key(text);
    !key.is_empty() && !key.contains(' ') && is_ordinal(&key)
}

/// A year after a unit's name: "2021", the two of "2021-2022".
fn is_year(word: &str) -> bool {
    word.len() == 4 && word.chars().all(|c| c.is_ascii_digit()) && word.starts_with(['1', '2'])
}

/// A list number before a unit's name: "01", "3", "II", "iv".
fn is_ordinal(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
        || (word.len() <= 4 && word.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
}

/// What every file task shares.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    /// The documents, for the explanations' reference check.
    pub docs: &'a [Document],
    pub matchers: Vec<Matcher>,
    pub units: UnitIndex,
    pub lang: Lang,
    /// Type text cells through the per-sheet memo ([`normalize::Memo`]); off only to
    /// check the memo against the simple path ([`read_files_unmemoised`]).
    pub memo: bool,
    /// Whether a large xlsx sheet is decoded on a thread of its own ([`workbook::Pipe`]).
    pub pipe: workbook::Pipe,
    /// Whether an xlsx's small sheets are unpacked in memory when it is opened
    /// ([`Book::open_as`]); off only in the simple path.
    pub unpack: bool,
}

/// One file being read.
pub struct FileCtx<'a> {
    pub display: &'a str,
    pub index: u32,
    /// The unit subfolder of `du-lieu/` the file is in, if any.
    pub folder_unit: Option<&'a str>,
    /// The period the file's name or folders name, if any (a `hoc_ky` cell overrides it).
    pub period: Option<Period>,
    pub is_1904: bool,
    /// The legacy encoding the workbook's fonts point to (xlsx/xlsm; `None` otherwise).
    pub font: Option<legacy::Legacy>,
}

/// An issue with what orders it within its file.
#[derive(Clone)]
pub struct Sorted {
    pub sheet: Option<u32>,
    pub row: u32,
    pub col: u32,
    pub issue: Issue,
}

/// A file found under `du-lieu/`.
#[derive(Debug, Clone)]
pub struct Found {
    pub path: PathBuf,
    pub display: String,
    /// The folders between `du-lieu/` and the file, outermost first.
    pub folders: Vec<String>,
    pub workbook: bool,
}

impl Found {
    /// The unit folder of the file: the nearest folder that names a unit; failing that,
    /// the outermost folder that does not name a period (shown in `unknown-unit`).
    pub fn folder_unit(&self, units: &UnitIndex) -> Option<&str> {
        self.folders
            .iter()
            .rev()
            .find(|f| units.find(f).is_some())
            .or_else(|| {
                self.folders
                    .iter()
                    .find(|f| crate::period::from_name(f).is_none())
            })
            .map(String::as_str)
    }

    /// The period the file's name or nearest folder names.
    pub fn period(&self) -> Option<Period> {
        let name = self.path.file_name().unwrap_or_default().to_string_lossy();
        crate::period::from_path(&self.folders, &name)
    }
}

/// Whether a file name is a lock file, a temporary file or a hidden file: never opened,
/// never listed.
pub fn is_lock_or_temp(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with("~$")
        || (name.starts_with(".~lock.") && name.ends_with('#'))
        || name.starts_with('~')
        || name.starts_with('.')
        || [
            ".tmp",
            ".temp",
            ".part",
            ".crdownload",
            ".partial",
            ".bak",
            ".swp",
            "#",
            "~",
        ]
        .iter()
        .any(|s| lower.ends_with(s))
}

/// Every file under `data`, recursively, in path order (hidden folders are not entered).
pub fn discover(data: &Path, root: &Path) -> Vec<Found> {
    let mut out = Vec::new();
    walk(data, data, root, &mut out);
    out.sort_by(|a, b| a.display.cmp(&b.display));
    out
}

fn walk(dir: &Path, data: &Path, root: &Path, out: &mut Vec<Found>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            if !name.starts_with('.') {
                walk(&path, data, root, out);
            }
            continue;
        }
        if !(ft.is_file() || ft.is_symlink() && path.is_file()) {
            continue;
        }
        // Lock files and temporaries come and go while a workbook is open or being saved:
        // never data, never listed (a listed lock file outlives its workbook's closing).
        if is_lock_or_temp(&name) {
            continue;
        }
        let ext = path
            .extension()
            .map(|x| x.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let workbook = WORKBOOK_EXTENSIONS.contains(&ext.as_str());
        let mut folders: Vec<String> = path
            .strip_prefix(data)
            .map(|rel| {
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        folders.pop(); // the file's own name
        out.push(Found {
            display: crate::workspace::display_path(&path, root),
            path,
            folders,
            workbook,
        });
    }
}

/// What one file task produced, with its own string table.
#[derive(Clone)]
struct FileOut {
    report: FileReport,
    strings: Strings,
    /// The records of each sheet of a source, with the source.
    records: Vec<(usize, Table)>,
    cols: Vec<Vec<Option<u32>>>,
    issues: Vec<Sorted>,
}

/// Reads and validates every workbook of the workspace's data folder.
pub fn read_workspace(ws: &Workspace, catalog: &Catalog, docs: &[Document], lang: Lang) -> Dataset {
    let found = discover(&ws.data, &ws.root);
    read_files(&found, catalog, docs, lang)
}

/// Reads and validates `found` (in the given order, which is the files' order in the
/// dataset).
pub fn read_files(found: &[Found], catalog: &Catalog, docs: &[Document], lang: Lang) -> Dataset {
    read_files_cached(found, catalog, docs, lang, None)
}

/// Parsed files kept between the runs of `mtcl watch`: a workbook whose bytes have not
/// changed is not parsed again. Valid for one set of definitions and one language; clear
/// it when either changes.
#[derive(Default)]
pub struct Cache {
    files: HashMap<PathBuf, (u64, FileOut)>,
    /// Workbooks parsed by the last read.
    pub parsed: usize,
    /// Workbooks taken from the cache by the last read.
    pub reused: usize,
}

impl Cache {
    pub fn clear(&mut self) {
        self.files.clear();
    }
}

/// [`read_workspace`], reusing what `cache` holds for unchanged workbooks and refreshing it.
pub fn read_workspace_cached(
    ws: &Workspace,
    catalog: &Catalog,
    docs: &[Document],
    lang: Lang,
    cache: &mut Cache,
) -> Dataset {
    let found = discover(&ws.data, &ws.root);
    read_files_cached(&found, catalog, docs, lang, Some(cache))
}

/// A hash of a file's bytes: what tells a changed workbook from a touched one.
pub fn content_hash(path: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let bytes = std::fs::read(path).ok()?;
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

/// Files read at once: enough to keep both cores busy, few enough that their own string
/// tables and records are not all held at the same time as the run's (peak memory follows
/// the records kept, not the number of files).
const FILES_AT_ONCE: usize = 64;

fn read_files_cached(
    found: &[Found],
    catalog: &Catalog,
    docs: &[Document],
    lang: Lang,
    cache: Option<&mut Cache>,
) -> Dataset {
    read_files_with(found, catalog, docs, lang, cache, &|| {})
}

/// The general form: `cache` as [`read_workspace_cached`] (with none, nothing is hashed
/// or kept), and `on_file` called (from any thread) each time a file is done, for a
/// progress bar.
pub fn read_files_with(
    found: &[Found],
    catalog: &Catalog,
    docs: &[Document],
    lang: Lang,
    cache: Option<&mut Cache>,
    on_file: &(dyn Fn() + Sync),
) -> Dataset {
    read_with(
        found,
        catalog,
        docs,
        lang,
        cache,
        on_file,
        (true, workbook::Pipe::Auto, true),
    )
}

/// [`read_files`] typing every cell on its own, without the per-sheet memo: the simple
/// path the memo is tested against.
#[doc(hidden)]
pub fn read_files_unmemoised(
    found: &[Found],
    catalog: &Catalog,
    docs: &[Document],
    lang: Lang,
) -> Dataset {
    read_with(
        found,
        catalog,
        docs,
        lang,
        None,
        &|| {},
        (false, workbook::Pipe::Never, false),
    )
}

/// [`read_files`] with the memo on or off and the pipelined reading as `pipe` says: the
/// paths the tests compare.
#[doc(hidden)]
pub fn read_files_as(
    found: &[Found],
    catalog: &Catalog,
    docs: &[Document],
    lang: Lang,
    memo: bool,
    pipe: workbook::Pipe,
) -> Dataset {
    read_with(found, catalog, docs, lang, None, &|| {}, (memo, pipe, true))
}

/// One file as a chunk's read gives it to the merge: its content hash (when cached), what
/// was read, and whether it came from the cache.
type ReadOut = (Option<u64>, FileOut, bool);

fn read_with(
    found: &[Found],
    catalog: &Catalog,
    docs: &[Document],
    lang: Lang,
    cache: Option<&mut Cache>,
    on_file: &(dyn Fn() + Sync),
    (memo, pipe, unpack): (bool, workbook::Pipe, bool),
) -> Dataset {
    let ctx = Ctx {
        catalog,
        docs,
        matchers: catalog.sources.iter().map(Matcher::new).collect(),
        units: UnitIndex::new(docs),
        lang,
        memo,
        pipe,
        unpack,
    };
    let mut merge = Merge::new(&ctx);
    let mut kept: HashMap<PathBuf, (u64, FileOut)> = HashMap::new();
    let (mut parsed, mut reused) = (0, 0);
    let previous = cache.as_deref();
    // Each chunk is merged while the next one is read: the merge runs on one thread, in
    // path order, beside the reading of the next files rather than after it.
    let mut merge_chunk = |chunk: &[Found], outs: Vec<ReadOut>| {
        for (f, (hash, out, hit)) in chunk.iter().zip(outs) {
            // A file another program held open is read again next time, changed or not.
            let in_use = out.issues.iter().any(|s| s.issue.code == "file-in-use");
            if let (Some(h), true, false) = (hash, previous.is_some(), in_use) {
                kept.insert(f.path.clone(), (h, out.clone()));
                *(if hit { &mut reused } else { &mut parsed }) += 1;
            }
            merge.add(out);
        }
    };
    let mut read: Option<(&[Found], Vec<ReadOut>)> = None;
    for (c, chunk) in found.chunks(FILES_AT_ONCE).enumerate() {
        let read_chunk = || -> Vec<ReadOut> {
            chunk
                .par_iter()
                .enumerate()
                .map(|(j, f)| {
                    let i = (c * FILES_AT_ONCE + j) as u32;
                    let hash = previous
                        .filter(|_| f.workbook)
                        .and_then(|_| content_hash(&f.path));
                    let hit = previous
                        .zip(hash)
                        .and_then(|(c, h)| c.files.get(&f.path).filter(|(old, _)| *old == h));
                    let done = match hit {
                        Some((_, out)) => (hash, out.clone(), true),
                        None => (hash, read_one(&ctx, i, f), false),
                    };
                    on_file();
                    done
                })
                .collect()
        };
        let previous_chunk = read.take();
        let (outs, ()) = rayon::join(read_chunk, || {
            if let Some((chunk, outs)) = previous_chunk {
                merge_chunk(chunk, outs);
            }
        });
        read = Some((chunk, outs));
    }
    if let Some((chunk, outs)) = read {
        merge_chunk(chunk, outs);
    }
    if let Some(cache) = cache {
        cache.files = kept;
        cache.parsed = parsed;
        cache.reused = reused;
    }
    merge.finish()
}

fn read_one(ctx: &Ctx, index: u32, f: &Found) -> FileOut {
    let mut out = FileOut {
        report: FileReport {
            path: f.display.clone(),
            status: FileStatus::Skipped,
            sheets: Vec::new(),
        },
        strings: Strings::default(),
        records: Vec::new(),
        cols: Vec::new(),
        issues: Vec::new(),
    };
    if !f.workbook {
        return out;
    }
    // A panic here is this file's issue, not a message on stderr (crate::panics).
    let result = catch_unwind(AssertUnwindSafe(|| {
        crate::panics::reported(|| read_book(ctx, index, f))
    }));
    let failure = match result {
        Ok(Ok(done)) => return done,
        Ok(Err(why)) => why,
        Err(panic) => {
            let mut msg = crate::panics::message(&*panic);
            let mut end = msg.len().min(200);
            while !msg.is_char_boundary(end) {
                end -= 1;
            }
            msg.truncate(end);
            Unreadable::Panic(msg)
        }
    };
    out.report.status = FileStatus::Unreadable;
    out.issues.push(Sorted {
        sheet: None,
        row: 0,
        col: 0,
        issue: validate::unreadable_file(ctx.lang, At::file(&f.display), &failure),
    });
    out
}

fn read_book(ctx: &Ctx, index: u32, f: &Found) -> Result<FileOut, Unreadable> {
    let mut book = Book::open_as(&f.path, ctx.unpack)?;
    let file = FileCtx {
        display: &f.display,
        index,
        folder_unit: f.folder_unit(&ctx.units),
        period: f.period(),
        is_1904: book.is_1904(),
        font: book.font_hint(),
    };
    let mut out = FileOut {
        report: FileReport {
            path: f.display.clone(),
            status: FileStatus::Read,
            sheets: Vec::new(),
        },
        strings: Strings::default(),
        records: Vec::new(),
        cols: Vec::new(),
        issues: Vec::new(),
    };
    for (s, meta) in book.sheets().into_iter().enumerate() {
        let reader = SheetReader::new(
            ctx,
            &file,
            s as u32,
            &meta.name,
            meta.hidden,
            &mut out.issues,
            &mut out.strings,
        );
        // Both closures hand on to the reader, the marks before the first row.
        let reader = std::cell::RefCell::new(reader);
        book.read_sheet(
            &meta.name,
            ctx.pipe,
            &mut |marks| reader.borrow_mut().set_marks(marks),
            &mut |row| reader.borrow_mut().row(row),
        )?;
        let sheet = reader.into_inner().finish();
        out.report.sheets.push(sheet.report);
        out.cols.push(sheet.cols);
        if let Some(src) = sheet.source {
            out.records.push((src, sheet.records));
        }
    }
    Ok(out)
}

/// Files in path order; each file's strings interned into the run's table in that order,
/// so symbols do not depend on which thread finished first.
struct Merge<'a> {
    ctx: &'a Ctx<'a>,
    data: Dataset,
    issues: Vec<(u32, Sorted)>,
    cols: Vec<Vec<Vec<Option<u32>>>>,
}

impl<'a> Merge<'a> {
    fn new(ctx: &'a Ctx<'a>) -> Merge<'a> {
        Merge {
            ctx,
            data: Dataset::new(ctx.catalog.sources.len()),
            issues: Vec::new(),
            cols: Vec::new(),
        }
    }

    /// The next file, in path order.
    fn add(&mut self, out: FileOut) {
        let i = self.data.files.len() as u32;
        // The first file's strings become the run's table as they are (absorbing them
        // into an empty table would give each its own number again), and then its records
        // the tables they are the first of: a single large workbook is not copied once
        // more after it is read.
        let (map, same) = match self.data.strings.is_empty() {
            true => {
                self.data.strings = out.strings;
                ((0..self.data.strings.len() as u32).map(Sym).collect(), true)
            }
            false => (self.data.strings.absorb(&out.strings), false),
        };
        for (src, mut t) in out.records {
            // A file taken from the cache may stand at another place in the list now.
            if same && self.data.tables[src].is_empty() {
                t.set_file(i);
                self.data.tables[src] = t;
            } else {
                self.data.tables[src].append_mapped(t, &map, i);
            }
        }
        self.data.files.push(out.report);
        self.cols.push(out.cols);
        self.issues.extend(out.issues.into_iter().map(|s| (i, s)));
    }

    fn finish(mut self) -> Dataset {
        // Every text is in: from here on the run's table is only read.
        self.data.strings.seal();
        cross_file_checks(&mut self.data, self.ctx, &self.cols, &mut self.issues);
        self.issues
            .sort_by_key(|(f, s)| (*f, s.sheet.map_or(0, |x| x + 1), s.row, s.col));
        self.data.issues = self.issues.into_iter().map(|(_, s)| s.issue).collect();
        self.data
    }
}

/// Keys unique across every file; references between sources.
fn cross_file_checks(
    data: &mut Dataset,
    ctx: &Ctx,
    cols: &[Vec<Vec<Option<u32>>>],
    issues: &mut Vec<(u32, Sorted)>,
) {
    let lang = ctx.lang;
    for (s, source) in ctx.catalog.sources.iter().enumerate() {
        let records = &data.tables[s];
        let hidden = |i: usize| {
            let o = records.records()[i].origin;
            data.files[o.file as usize].sheets[o.sheet as usize].hidden
        };
        let dups = validate::duplicate_keys(source, records, &data.strings, &hidden);
        let key_fields = source
            .key
            .iter()
            .map(|&k| source.fields[k].id.as_str())
            .collect::<Vec<_>>()
            .join(",");
        for (later, first) in dups {
            let (lo, fo) = (
                data.tables[s].records()[later].origin,
                data.tables[s].records()[first].origin,
            );
            let key_text = source
                .key
                .iter()
                .map(|&k| {
                    show(
                        &data.tables[s].values(later).get(k),
                        source,
                        k,
                        &data.strings,
                    )
                })
                .collect::<Vec<_>>()
                .join(" | ");
            let col = source
                .key
                .first()
                .and_then(|&k| {
                    cols[lo.file as usize][lo.sheet as usize]
                        .get(k)
                        .copied()
                        .flatten()
                })
                .unwrap_or(0);
            let (lf, ls, _) = data.place(lo);
            let first_place = data.place(fo);
            let at = At::cell(lf, ls, lo.row, col);
            // The excluded row comes later, or it is the hidden copy of a visible row after it.
            let issue = if (fo.file, fo.sheet, fo.row) < (lo.file, lo.sheet, lo.row) {
                validate::duplicate_key(lang, at, &key_fields, &key_text, first_place)
            } else {
                validate::duplicate_key_hidden(lang, at, &key_fields, &key_text, first_place)
            };
            issues.push((
                lo.file,
                Sorted {
                    sheet: Some(lo.sheet),
                    row: lo.row,
                    col,
                    issue,
                },
            ));
            data.tables[s].exclude(later);
        }
    }
    // References ("viec_lam.ma_hs" must be a hoc_sinh.ma_hs).
    for (s, source) in ctx.catalog.sources.iter().enumerate() {
        for (f, field) in source.fields.iter().enumerate() {
            let Some((ts, tf)) = &field.references else {
                continue;
            };
            if data.tables[s].is_empty() {
                continue;
            }
            let Some(t) = ctx.catalog.sources.iter().position(|x| &x.id == ts) else {
                continue;
            };
            let Some(tfi) = ctx.catalog.sources[t].field_index(tf) else {
                continue;
            };
            let known: rustc_hash::FxHashSet<Sym> = data.tables[t]
                .iter()
                .filter_map(|r| match r.values.get(tfi) {
                    Value::Text(x) => Some(data.strings.folded(x)),
                    _ => None,
                })
                .collect();
            // The keys by their zero-insensitive form, for the hint of an unknown one
            // ("1234" in the survey, "001234" in the roster); the first key of a form. Built
            // at the first unknown key only: most runs have none.
            let mut near: Option<HashMap<String, Sym>> = None;
            let mut warned_sheets = HashSet::new();
            // (file, sheet) → (row, column, key) of each key found in no target table.
            type Unknown = std::collections::BTreeMap<(u32, u32), Vec<(u32, u32, Sym)>>;
            let mut unknown = Unknown::default();
            for r in data.tables[s].iter() {
                let o = r.origin;
                let col = cols[o.file as usize][o.sheet as usize]
                    .get(f)
                    .copied()
                    .flatten()
                    .unwrap_or(0);
                let (file, sheet, _) = data.place(o);
                if data.tables[t].is_empty() {
                    if warned_sheets.insert((o.file, o.sheet)) {
                        let at = At {
                            row: None,
                            ..At::sheet(file, sheet)
                        };
                        issues.push((
                            o.file,
                            Sorted {
                                sheet: Some(o.sheet),
                                row: 0,
                                col: 0,
                                issue: validate::no_reference_table(lang, at, field, ts),
                            },
                        ));
                    }
                    continue;
                }
                if let Value::Text(x) = r.values.get(f) {
                    if !known.contains(&data.strings.folded(x)) {
                        let folded = data.strings.get(data.strings.folded(x));
                        let near = near.get_or_insert_with(|| {
                            let mut near = HashMap::new();
                            for r in data.tables[t].iter() {
                                if let Value::Text(x) = r.values.get(tfi) {
                                    let folded = data.strings.get(data.strings.folded(x));
                                    near.entry(validate::key_without_leading_zeros(folded))
                                        .or_insert(x);
                                }
                            }
                            near
                        });
                        let nearest = near
                            .get(&validate::key_without_leading_zeros(folded))
                            .map(|&k| data.strings.get(k));
                        // A key one typo away (case, leading zeros) is its own warning with
                        // the hint; keys simply absent are gathered per sheet below.
                        if let Some(nearest) = nearest {
                            let issue = validate::unknown_reference(
                                lang,
                                At::cell(file, sheet, o.row, col),
                                field,
                                data.strings.get(x),
                                ts,
                                Some(nearest),
                            );
                            issues.push((
                                o.file,
                                Sorted {
                                    sheet: Some(o.sheet),
                                    row: o.row,
                                    col,
                                    issue,
                                },
                            ));
                            continue;
                        }
                        unknown
                            .entry((o.file, o.sheet))
                            .or_default()
                            .push((o.row, col, x));
                    }
                }
            }
            // One warning for a lone unknown key; one per sheet when there are several — a
            // survey of past graduates names many students of earlier years' lists.
            for ((fi, si), rows) in std::mem::take(&mut unknown) {
                let f = &data.files[fi as usize];
                let (file, sheet) = (f.path.as_str(), f.sheets[si as usize].name.as_str());
                let (row, col, first) = rows[0];
                let at = At::cell(file, sheet, row, col);
                let issue = if rows.len() == 1 {
                    validate::unknown_reference(lang, at, field, data.strings.get(first), ts, None)
                } else {
                    let listed: Vec<(u32, &str)> = rows
                        .iter()
                        .map(|&(r, _, x)| (r, data.strings.get(x)))
                        .collect();
                    validate::unknown_references(lang, at, field, &listed, ts)
                };
                issues.push((
                    fi,
                    Sorted {
                        sheet: Some(si),
                        row,
                        col,
                        issue,
                    },
                ));
            }
        }
    }
    crate::explain::check_references(data, ctx.catalog, ctx.docs, lang, cols, issues);
}

/// A value as a person reads it in a message.
pub fn show(v: &Value, source: &crate::schema::Source, field: usize, strings: &Strings) -> String {
    match *v {
        Value::Empty => String::new(),
        Value::Text(s) => strings.get(s).to_string(),
        Value::Int(i) => i.to_string(),
        Value::Number(x) => normalize::number_text(x),
        Value::Date(d) => normalize::date_text(d),
        Value::Bool(b) => if b { "Có" } else { "Không" }.to_string(),
        Value::Enum(e) => source.fields[field]
            .values
            .get(e as usize)
            .map(|x| x.value.clone())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(1, 0), "A1");
        assert_eq!(a1(12, 7), "H12");
        assert_eq!(a1(1, 25), "Z1");
        assert_eq!(a1(1, 26), "AA1");
        assert_eq!(a1(1_048_576, 16_383), "XFD1048576");
    }

    #[test]
    fn unit_folder_names_match_unit_names() {
        assert_eq!(unit_match_key("khoa-co-khi"), unit_match_key("Khoa Cơ khí"));
        assert_eq!(unit_match_key("CƠ KHÍ"), "co khi");
        // As offices write the faculty's name: all are Khoa Cơ khí (alias "CK").
        let units = UnitIndex {
            keys: HashMap::from([
                (unit_match_key("Khoa Cơ khí"), 0),
                (unit_match_key("CK"), 0),
            ]),
            any: true,
            school: Default::default(),
        };
        for office in [
            "K. Cơ khí",
            "Khoa: Cơ khí",
            "K.Cơ khí",
            "KHOA - CƠ KHÍ",
            "khoa co khi",
            "K.CK",
        ] {
            assert_eq!(units.find(office), Some(0), "{office}");
        }
        assert_eq!(units.find("Khoa Cơ khí động lực"), None);
        assert_eq!(unit_match_key("Khoa"), "khoa");
        assert_eq!(
            unit_match_key("Khoa Kinh tế - Du lịch"),
            unit_match_key("khoa_kinh_te_du_lich")
        );
    }

    #[test]
    fn numbered_and_abbreviated_unit_names_find_their_unit() {
        let units = UnitIndex {
            keys: HashMap::from([
                (unit_match_key("Khoa Cơ khí"), 0),
                (unit_match_key("CK"), 0),
                (unit_match_key("Khoa Điện"), 1),
                (unit_match_key("Phòng Đào tạo"), 2),
                (unit_match_key("K ĐT"), 3),
            ]),
            any: true,
            school: Default::default(),
        };
        for (name, unit) in [
            ("01. Khoa Điện", Some(1)),
            ("2 - Khoa Cơ khí", Some(0)),
            ("II. KHOA ĐIỆN", Some(1)),
            ("01. Khoa \u{D0}iện", Some(1)),
            ("K.CK", Some(0)),
            ("K. Cơ khí", Some(0)),
            ("03_K.CK", Some(0)),
            ("P. Đào tạo", Some(2)),
            ("Phong Dao tao", Some(2)),
            // A name that is itself an alias is that alias, not "K." + something.
            ("K.ĐT", Some(3)),
            // An ordinal or a "K." alone names nothing.
            ("01", None),
            ("K", None),
            ("K. Cơ bản", None),
            ("01. Khoa Cơ bản", None),
            ("Khoa Cơ khí 2021-2022", Some(0)),
            ("03. Khoa Điện (2022)", Some(1)),
            ("2021", None),
            ("Khoa Cơ bản 2021", None),
        ] {
            assert_eq!(units.find(name), unit, "{name}");
        }
    }

    #[test]
    fn the_unit_folder_is_the_nearest_that_names_a_unit() {
        let units = UnitIndex {
            keys: HashMap::from([(unit_match_key("Khoa Cơ khí"), 0)]),
            any: true,
            school: Default::default(),
        };
        let found = |folders: &[&str], name: &str| Found {
            path: PathBuf::from(name),
            display: name.to_string(),
            folders: folders.iter().map(|f| f.to_string()).collect(),
            workbook: true,
        };
        let f = found(&["nop-bai", "khoa-co-khi"], "ds.xlsx");
        assert_eq!(f.folder_unit(&units), Some("khoa-co-khi"));
        let f = found(&["HK1", "khoa-co-khi"], "ds.xlsx");
        assert_eq!(f.folder_unit(&units), Some("khoa-co-khi"));
        assert_eq!(f.period(), Some(Period::Hk1));
        // No folder names a unit: the first that is not a period is the one shown.
        let f = found(&["HK1", "khoa-moi", "2021"], "ds-hk2.xlsx");
        assert_eq!(f.folder_unit(&units), Some("khoa-moi"));
        assert_eq!(f.period(), Some(Period::Hk2));
        assert_eq!(found(&["HK1"], "ds.xlsx").folder_unit(&units), None);
        assert_eq!(found(&[], "ds.xlsx").folder_unit(&units), None);
    }

    #[test]
    fn lock_and_temporary_files_are_recognised() {
        for n in [
            "~$ds.xlsx",
            ".~lock.ds.xlsx#",
            "~ds.tmp",
            "ds.xlsx.part",
            ".DS_Store",
        ] {
            assert!(is_lock_or_temp(n), "{n}");
        }
        assert!(!is_lock_or_temp("ds.xlsx"));
    }
}
