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
pub mod normalize;
pub mod sheet;
pub mod workbook;

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::dataset::{Dataset, FileReport, FileStatus, Issue, Record};
use crate::definitions::{Document, Scope};
use crate::i18n::Lang;
use crate::model::{Strings, Sym, Value};
use crate::schema::Catalog;
use crate::text::unit_key;
use crate::validate::{self, At};
use crate::workspace::Workspace;

use sheet::{Matcher, SheetReader};
use workbook::{Book, Unreadable};

/// Extensions read as workbooks.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// "B", 12 → "B12" (`row` 1-based, `col` 0-based).
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let r = ((c - 1) % 26) as u8;
        letters.push((b'A' + r) as char);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{row}", letters.into_iter().collect::<String>())
}

/// The key under which unit names (a unit column, a folder name, a document's unit and
/// aliases) are matched: [`unit_key`] with separators ("-", "_", ".") read as spaces, so
/// the folder `khoa-co-khi` is "Khoa Cơ khí".
pub fn unit_match_key(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| if matches!(c, '-' | '_' | '.') { ' ' } else { c })
        .collect();
    let k = unit_key(&spaced);
    k.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The unit-scope documents by the keys of their unit names.
pub struct UnitIndex {
    pub keys: HashMap<String, u16>,
    /// Whether the workspace has any unit-scope document (otherwise no unit is "unknown").
    pub any: bool,
}

impl UnitIndex {
    pub fn new(docs: &[Document]) -> UnitIndex {
        let mut keys = HashMap::new();
        let mut any = false;
        for (i, d) in docs.iter().enumerate() {
            if d.scope != Scope::Unit {
                continue;
            }
            any = true;
            for name in std::iter::once(&d.unit).chain(&d.unit_aliases) {
                keys.entry(unit_match_key(name)).or_insert(i as u16);
            }
        }
        UnitIndex { keys, any }
    }
}

/// What every file task shares.
pub struct Ctx<'a> {
    pub catalog: &'a Catalog,
    pub matchers: Vec<Matcher>,
    pub units: UnitIndex,
    pub lang: Lang,
}

/// One file being read.
pub struct FileCtx<'a> {
    pub display: &'a str,
    pub index: u32,
    /// The unit subfolder of `du-lieu/` the file is in, if any.
    pub folder_unit: Option<&'a str>,
    pub is_1904: bool,
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
    pub folder_unit: Option<String>,
    pub workbook: bool,
}

/// Whether a file name is a lock file, a temporary file or a hidden file: listed as
/// skipped, never opened.
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
        let ext = path
            .extension()
            .map(|x| x.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let workbook = WORKBOOK_EXTENSIONS.contains(&ext.as_str()) && !is_lock_or_temp(&name);
        let folder_unit = path.strip_prefix(data).ok().and_then(|rel| {
            let mut comps = rel.components();
            let first = comps.next()?;
            comps.next()?; // the file is inside a subfolder
            Some(first.as_os_str().to_string_lossy().into_owned())
        });
        out.push(Found {
            display: crate::workspace::display_path(&path, root),
            path,
            folder_unit,
            workbook,
        });
    }
}

/// What one file task produced, with its own string table.
#[derive(Clone)]
struct FileOut {
    report: FileReport,
    strings: Strings,
    records: Vec<(usize, Record)>,
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

fn content_hash(path: &Path) -> Option<u64> {
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
    let ctx = Ctx {
        catalog,
        matchers: catalog.sources.iter().map(Matcher::new).collect(),
        units: UnitIndex::new(docs),
        lang,
    };
    let mut merge = Merge::new(&ctx);
    let mut kept: HashMap<PathBuf, (u64, FileOut)> = HashMap::new();
    let (mut parsed, mut reused) = (0, 0);
    let previous = cache.as_deref();
    for (c, chunk) in found.chunks(FILES_AT_ONCE).enumerate() {
        let outs: Vec<(Option<u64>, FileOut, bool)> = chunk
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
            .collect();
        for (f, (hash, out, hit)) in chunk.iter().zip(outs) {
            // A file another program held open is read again next time, changed or not.
            let in_use = out.issues.iter().any(|s| s.issue.code == "file-in-use");
            if let (Some(h), true, false) = (hash, previous.is_some(), in_use) {
                kept.insert(f.path.clone(), (h, out.clone()));
                *(if hit { &mut reused } else { &mut parsed }) += 1;
            }
            merge.add(out);
        }
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
    let result = catch_unwind(AssertUnwindSafe(|| read_book(ctx, index, f)));
    let failure = match result {
        Ok(Ok(done)) => return done,
        Ok(Err(why)) => why,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let mut msg = msg;
            msg.truncate(200);
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
    let mut book = Book::open(&f.path)?;
    let file = FileCtx {
        display: &f.display,
        index,
        folder_unit: f.folder_unit.as_deref(),
        is_1904: book.is_1904(),
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
        let mut reader = SheetReader::new(
            ctx,
            &file,
            s as u32,
            &meta.name,
            meta.hidden,
            &mut out.issues,
            &mut out.strings,
        );
        book.rows(&meta.name, &mut |row| reader.row(row))?;
        let sheet = reader.finish();
        out.report.sheets.push(sheet.report);
        out.cols.push(sheet.cols);
        if let Some(src) = sheet.source {
            out.records
                .extend(sheet.records.into_iter().map(|r| (src, r)));
        }
    }
    Ok(out)
}

fn remap(v: &mut Value, map: &[Sym]) {
    if let Value::Text(s) = v {
        *s = map[s.0 as usize];
    }
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
        let map: Vec<Sym> = self.data.strings.absorb(&out.strings);
        for (src, mut r) in out.records {
            r.values.iter_mut().for_each(|v| remap(v, &map));
            // A file taken from the cache may stand at another place in the list now.
            r.origin.file = i;
            self.data.tables[src].records.push(r);
        }
        self.data.files.push(out.report);
        self.cols.push(out.cols);
        self.issues.extend(out.issues.into_iter().map(|s| (i, s)));
    }

    fn finish(mut self) -> Dataset {
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
        let dups = validate::duplicate_keys(source, &data.tables[s].records, &data.strings);
        let key_fields = source
            .key
            .iter()
            .map(|&k| source.fields[k].id.as_str())
            .collect::<Vec<_>>()
            .join(",");
        for (later, first) in dups {
            let (lo, fo) = (
                data.tables[s].records[later].origin,
                data.tables[s].records[first].origin,
            );
            let key_text = source
                .key
                .iter()
                .map(|&k| {
                    show(
                        &data.tables[s].records[later].values[k],
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
            let issue = validate::duplicate_key(
                lang,
                At::cell(lf, ls, lo.row, col),
                &key_fields,
                &key_text,
                first_place,
            );
            issues.push((
                lo.file,
                Sorted {
                    sheet: Some(lo.sheet),
                    row: lo.row,
                    col,
                    issue,
                },
            ));
            data.tables[s].records[later].excluded = true;
        }
    }
    // References ("viec_lam.ma_hs" must be a hoc_sinh.ma_hs).
    for (s, source) in ctx.catalog.sources.iter().enumerate() {
        for (f, field) in source.fields.iter().enumerate() {
            let Some((ts, tf)) = &field.references else {
                continue;
            };
            let Some(t) = ctx.catalog.sources.iter().position(|x| &x.id == ts) else {
                continue;
            };
            let Some(tfi) = ctx.catalog.sources[t].field_index(tf) else {
                continue;
            };
            let known: HashSet<Sym> = data.tables[t]
                .records
                .iter()
                .filter_map(|r| match r.values[tfi] {
                    Value::Text(x) => Some(data.strings.folded(x)),
                    _ => None,
                })
                .collect();
            let mut warned_sheets = HashSet::new();
            for r in &data.tables[s].records {
                let o = r.origin;
                let col = cols[o.file as usize][o.sheet as usize]
                    .get(f)
                    .copied()
                    .flatten()
                    .unwrap_or(0);
                let (file, sheet, _) = data.place(o);
                if data.tables[t].records.is_empty() {
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
                if let Value::Text(x) = r.values[f] {
                    if !known.contains(&data.strings.folded(x)) {
                        let value = data.strings.get(x);
                        let issue = validate::unknown_reference(
                            lang,
                            At::cell(file, sheet, o.row, col),
                            field,
                            value,
                            ts,
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
                    }
                }
            }
        }
    }
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
        assert_eq!(
            unit_match_key("Khoa Kinh tế - Du lịch"),
            unit_match_key("khoa_kinh_te_du_lich")
        );
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
