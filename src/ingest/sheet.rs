//! One sheet: find its header (below any title rows, one or two rows deep), recognise its
//! source, then turn each data row into a record until the table ends.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::legacy::{SheetText, LOOKAHEAD_ROWS};
use super::normalize::{normalize, Cell};
use super::workbook::{Flow, Row};
use super::{unit_match_key, Ctx, FileCtx, Sorted};
use crate::dataset::{Record, SheetReport};
use crate::model::{Origin, Strings, Value};
use crate::schema::Source;
use crate::text::{clean, fold, strip_accents};
use crate::validate::{self, At};

/// Rows looked at to find the header: title rows, a blank line or two, a two-row header.
const SCAN_ROWS: usize = 30;
/// A sheet is a table of a source only if at least this many of its fields are found.
const MIN_FIELDS: usize = 2;

/// What a header text identifies in a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Field(usize),
    /// Part `k` of a field made of several columns ("Họ đệm" + "Tên" → `ho_ten`).
    Part(usize, usize),
}

/// The header texts of one source, folded: exact forms, and accent-stripped forms that
/// name one target only.
#[derive(Debug)]
pub struct Matcher {
    exact: HashMap<String, Target>,
    loose: HashMap<String, Option<Target>>,
}

impl Matcher {
    pub fn new(source: &Source) -> Matcher {
        let mut exact = HashMap::new();
        let mut loose: HashMap<String, Option<Target>> = HashMap::new();
        let mut add = |text: &str, t: Target| {
            exact.entry(fold(text)).or_insert(t);
            loose
                .entry(strip_accents(text))
                .and_modify(|e| {
                    if *e != Some(t) {
                        *e = None
                    }
                })
                .or_insert(Some(t));
        };
        for (f, field) in source.fields.iter().enumerate() {
            for h in &field.headers {
                add(h, Target::Field(f));
            }
        }
        for (f, field) in source.fields.iter().enumerate() {
            for (k, p) in field.parts.iter().enumerate() {
                add(p, Target::Part(f, k));
            }
        }
        Matcher { exact, loose }
    }

    fn find(&self, key: &HeaderKey) -> Option<Target> {
        if key.folded.is_empty() {
            return None;
        }
        if let Some(&x) = self.exact.get(&key.folded) {
            return Some(x);
        }
        self.loose.get(&key.stripped).copied().flatten()
    }
}

/// A header cell's text in the two forms matchers compare, computed once per cell rather
/// than once per cell and source (header detection tries every source on every row of the
/// first thirty: folding was most of the time spent reading a workbook).
struct HeaderKey {
    folded: String,
    stripped: String,
}

impl HeaderKey {
    fn new(text: &str) -> HeaderKey {
        let t = header_text(text);
        HeaderKey {
            folded: fold(&t),
            stripped: strip_accents(&t),
        }
    }
}

/// A header cell as compared: a trailing "*" (required mark) or ":" dropped.
fn header_text(s: &str) -> String {
    let c = clean(s);
    c.trim_end_matches(['*', ':', ' ']).to_string()
}

/// How the columns of a sheet map onto a source's fields.
#[derive(Debug, Clone)]
struct Mapping {
    cols: Vec<Option<u32>>,
    parts: Vec<Vec<Option<u32>>>,
    /// (column, field, first column) of a field found twice.
    dups: Vec<(u32, usize, u32)>,
    score: usize,
    /// Columns that found a field or a part: a two-row header whose children split a
    /// field ("Họ đệm" + "Tên") beats the same fields read from its parent row alone.
    columns: usize,
    complete: bool,
}

fn map_columns(m: &Matcher, source: &Source, cols: &[(u32, Vec<HeaderKey>)]) -> Mapping {
    let n = source.fields.len();
    let mut map = Mapping {
        cols: vec![None; n],
        parts: source
            .fields
            .iter()
            .map(|f| vec![None; f.parts.len()])
            .collect(),
        dups: Vec::new(),
        score: 0,
        columns: 0,
        complete: false,
    };
    for (col, texts) in cols {
        let Some(t) = texts.iter().find_map(|t| m.find(t)) else {
            continue;
        };
        let slot = match t {
            Target::Field(f) => (&mut map.cols[f], f),
            Target::Part(f, k) => (&mut map.parts[f][k], f),
        };
        match slot.0 {
            Some(first) => map.dups.push((*col, slot.1, *first)),
            None => *slot.0 = Some(*col),
        }
        map.columns += 1;
    }
    for f in 0..n {
        if map.cols[f].is_some() {
            map.parts[f].iter_mut().for_each(|p| *p = None);
        }
    }
    let present = |f: usize| map.cols[f].is_some() || map.parts[f].iter().any(Option::is_some);
    map.score = (0..n).filter(|&f| present(f)).count();
    map.complete = source
        .fields
        .iter()
        .enumerate()
        .all(|(f, field)| !field.required || present(f));
    map
}

/// The text of a header cell (legacy encodings converted), if it is text.
fn cell_text(c: &Cell) -> Option<String> {
    match c {
        Cell::Text(_) => c
            .unicode_text()
            .map(|s| clean(&s))
            .filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Header texts per column for one header row.
fn single_header(r: &Row) -> Vec<(u32, Vec<String>)> {
    r.cells
        .iter()
        .filter_map(|(c, cell)| cell_text(cell).map(|t| (*c, vec![t])))
        .collect()
}

/// Header texts per column for a two-row header: a parent ("Xếp loại", merged over its
/// children) joined with each child ("Học lực", "Rèn luyện"). A blank parent cell belongs to
/// the nearest parent on its left whose own column has a child, as long as the children
/// run on without a gap: that is how a horizontally merged cell reads.
fn double_header(p: &Row, c: &Row) -> Vec<(u32, Vec<String>)> {
    let mut cols: Vec<u32> = p.cells.iter().chain(&c.cells).map(|(k, _)| *k).collect();
    cols.sort_unstable();
    cols.dedup();
    let mut out = Vec::new();
    let mut group: Option<(String, u32)> = None;
    for col in cols {
        let pt = p.get(col).and_then(cell_text);
        let ct = c.get(col).and_then(cell_text);
        let parent = match (&pt, &ct) {
            (Some(t), Some(_)) => {
                group = Some((t.clone(), col));
                Some(t.clone())
            }
            (Some(t), None) => {
                group = None;
                Some(t.clone())
            }
            (None, Some(_)) => match &group {
                Some((g, last)) if *last + 1 == col => {
                    let g = g.clone();
                    group = Some((g.clone(), col));
                    Some(g)
                }
                _ => {
                    group = None;
                    None
                }
            },
            (None, None) => None,
        };
        let mut texts = Vec::new();
        if let (Some(pt), Some(ct)) = (&parent, &ct) {
            texts.push(format!("{pt} {ct}"));
        }
        texts.extend(ct);
        texts.extend(parent);
        if !texts.is_empty() {
            out.push((col, texts));
        }
    }
    out
}

/// The recognised layout of a sheet.
#[derive(Debug, Clone)]
struct Layout {
    source: usize,
    /// Index in the scanned rows of the last header row.
    last: usize,
    map: Mapping,
    headers: HashMap<u32, String>,
    /// Each header cell's own text (a child's without its parent): how `check` names a
    /// column that matched no field.
    own: HashMap<u32, String>,
}

/// How well a header matches a source: (all required fields found, fields, columns).
type Rank = (bool, usize, usize);

enum Decision {
    Unknown,
    /// The layouts of the sources that match equally well (two or more), best first.
    Ambiguous(Vec<Layout>),
    Found(Layout),
}

fn decide(rows: &[Row], ctx: &Ctx) -> Decision {
    let scan = &rows[..rows.len().min(SCAN_ROWS)];
    // Best candidate per source: (complete, score, fewer header rows, earlier).
    let mut best: Vec<Option<(Layout, Rank)>> = vec![None; ctx.catalog.sources.len()];
    let mut first_complete: Option<usize> = None;
    for i in 0..scan.len() {
        // Below a complete header (and the row that may complete it as a two-row header)
        // come data rows, which cannot rank higher: stop there.
        if first_complete.is_some_and(|c| i > c + 1) {
            break;
        }
        let mut candidates = vec![(i, single_header(&scan[i]))];
        if i + 1 < scan.len() && scan[i + 1].row == scan[i].row + 1 {
            candidates.push((i + 1, double_header(&scan[i], &scan[i + 1])));
        }
        for (last, cols) in candidates {
            let keys: Vec<(u32, Vec<HeaderKey>)> = cols
                .iter()
                .map(|(c, texts)| (*c, texts.iter().map(|t| HeaderKey::new(t)).collect()))
                .collect();
            for (s, source) in ctx.catalog.sources.iter().enumerate() {
                let map = map_columns(&ctx.matchers[s], source, &keys);
                if map.score < MIN_FIELDS {
                    continue;
                }
                let rank = (map.complete, map.score, map.columns);
                if map.complete && first_complete.is_none() {
                    first_complete = Some(i);
                }
                if best[s].as_ref().is_none_or(|(_, r)| rank > *r) {
                    let headers = cols
                        .iter()
                        .map(|(c, t)| (*c, t.first().cloned().unwrap_or_default()))
                        .collect();
                    best[s] = Some((
                        Layout {
                            source: s,
                            last,
                            map,
                            headers,
                            own: own_texts(&cols),
                        },
                        rank,
                    ));
                }
            }
        }
    }
    let mut ranked: Vec<(Layout, Rank)> = best.into_iter().flatten().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.source.cmp(&b.0.source)));
    let Some((top, rank)) = ranked.first().cloned() else {
        return Decision::Unknown;
    };
    let tie = ranked
        .get(1)
        .filter(|(_, r)| (r.0, r.1) == (rank.0, rank.1));
    match (rank.0, tie) {
        (true, Some(_)) => Decision::Ambiguous(
            ranked
                .into_iter()
                .filter(|(_, r)| (r.0, r.1) == (rank.0, rank.1))
                .map(|(l, _)| l)
                .collect(),
        ),
        (true, None) => Decision::Found(top),
        // A source recognised by most of its columns but missing a required one.
        (false, None) if rank.1 >= 3 => Decision::Found(top),
        _ => Decision::Unknown,
    }
}

/// Rows below the table that end it: totals, notes, signatures, the place-and-date line.
/// Only the row's first non-empty cell is looked at, and only if it is text: a data row
/// starts with its STT number or its key.
fn ends_table(row: &Row) -> bool {
    let Some(first) = row.cells.first().and_then(|(_, c)| cell_text(c)) else {
        return false;
    };
    let f = fold(&first);
    let f = f.trim_end_matches([':', '.', ' ']);
    const WHOLE: &[&str] = &["cộng", "tổng", "tổng cộng", "tổng số", "cộng chung"];
    const START: &[&str] = &[
        "tổng cộng",
        "tổng số ",
        "tổng số:",
        "cộng:",
        "ghi chú",
        "lưu ý",
        "người lập",
        "người tổng hợp",
        "trưởng khoa",
        "trưởng phòng",
        "trưởng bộ môn",
        "phó trưởng khoa",
        "hiệu trưởng",
        "phó hiệu trưởng",
        "kt. hiệu trưởng",
        "kt hiệu trưởng",
        "giám đốc",
        "thủ trưởng",
        "xác nhận",
        "nơi nhận",
        "tm.",
    ];
    if WHOLE.contains(&f) || START.iter().any(|s| f.starts_with(s)) {
        return true;
    }
    // "Nghệ An, ngày 20 tháng 5 năm 2019", "…, ngày … tháng … năm …" on a row of its own.
    if row.cells.len() <= 2 {
        let s = strip_accents(&first);
        if let Some(d) = s.find("ngay") {
            if let Some(m) = s[d..].find("thang") {
                if s[d + m..].contains("nam") {
                    return true;
                }
            }
        }
    }
    false
}

/// "1 2 3 4 …" or "(1) (2) (3) …" under the header: the column numbers offices print.
fn is_numbering_row(row: &Row) -> bool {
    if row.cells.len() < 3 {
        return false;
    }
    let mut prev: Option<i64> = None;
    for (_, c) in &row.cells {
        let n = match c {
            Cell::Int(i) => Some(*i),
            Cell::Float(f) if f.fract() == 0.0 => Some(*f as i64),
            Cell::Text(t) => t
                .trim()
                .trim_start_matches('(')
                .trim_end_matches(')')
                .parse::<i64>()
                .ok(),
            _ => None,
        };
        match (n, prev) {
            (Some(n), Some(p)) if n > p => prev = Some(n),
            (Some(n), None) => prev = Some(n),
            _ => return false,
        }
    }
    true
}

/// The ids of the fields a layout found, and the header texts of the columns that matched
/// none (in column order; the STT column, which is never data, aside).
fn columns_seen(source: &Source, layout: &Layout) -> (Vec<String>, Vec<String>) {
    let m = &layout.map;
    let found: Vec<String> = source
        .fields
        .iter()
        .enumerate()
        .filter(|(f, _)| m.cols[*f].is_some() || m.parts[*f].iter().any(Option::is_some))
        .map(|(_, field)| field.id.clone())
        .collect();
    let used: HashSet<u32> = m
        .cols
        .iter()
        .flatten()
        .chain(m.parts.iter().flatten().flatten())
        .copied()
        .chain(m.dups.iter().map(|d| d.0))
        .collect();
    let mut unmatched: Vec<(u32, String)> = layout
        .own
        .iter()
        .filter(|(c, h)| !used.contains(c) && !is_row_number_header(h))
        .map(|(c, h)| (*c, h.clone()))
        .collect();
    unmatched.sort();
    (found, unmatched.into_iter().map(|(_, h)| h).collect())
}

/// The text of each header column as its own cell reads: [`double_header`] gives a
/// column with both a parent and a child as (joined, child, parent).
fn own_texts(cols: &[(u32, Vec<String>)]) -> HashMap<u32, String> {
    cols.iter()
        .filter_map(|(c, t)| {
            let own = if t.len() == 3 { t.get(1) } else { t.first() };
            own.map(|s| (*c, s.clone()))
        })
        .collect()
}

/// "STT", "TT", "Số TT", "Số thứ tự": the row-number column offices put first.
fn is_row_number_header(h: &str) -> bool {
    let k = strip_accents(&header_text(h));
    ["stt", "tt", "so tt", "so thu tu", "s tt"].contains(&k.as_str())
}

/// The words of a sheet or file name, accents ignored: "Khảo sát việc làm", "viec-lam"
/// and "viec_lam_2021" all hold "viec lam".
fn name_words(s: &str) -> Vec<String> {
    strip_accents(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a name names `source`: it holds the words of its id ("hoc_sinh" in
/// "danh-sach-hoc-sinh"), or three consecutive words of its title ("Khảo sát việc làm",
/// "Kết quả học tập"); fewer would take "Danh sách" or "Kết quả" for a source.
fn names_source(words: &[String], source: &Source) -> bool {
    const TITLE_RUN: usize = 3;
    let holds =
        |phrase: &[String]| !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase);
    let id = name_words(&source.id);
    let title = name_words(&source.title);
    holds(&id) || title.windows(TITLE_RUN).any(holds)
}

/// What reading one sheet produced.
pub struct SheetOut {
    pub report: SheetReport,
    pub source: Option<usize>,
    pub records: Vec<Record>,
    /// Column of each field (the first part for a joined field), for cross-file issues.
    pub cols: Vec<Option<u32>>,
}

/// Reads rows of one sheet as they stream in.
pub struct SheetReader<'a> {
    ctx: &'a Ctx<'a>,
    file: &'a FileCtx<'a>,
    sheet_index: u32,
    name: String,
    scanned: Vec<Row>,
    layout: Option<Layout>,
    done: bool,
    first_data: bool,
    pub out: SheetOut,
    pub issues: &'a mut Vec<Sorted>,
    pub strings: &'a mut Strings,
    warned_units: HashSet<String>,
    /// Unit texts already resolved in this sheet (rows repeat the same few).
    unit_of_text: HashMap<String, Option<u16>>,
    /// The sheet's legacy-encoding decisions (TCVN3/VNI), applied to every row.
    text: SheetText,
    /// Rows below the header held until the body's encoding is decided (the look-ahead).
    pending: Vec<Row>,
    body_decided: bool,
}

impl<'a> SheetReader<'a> {
    pub fn new(
        ctx: &'a Ctx<'a>,
        file: &'a FileCtx<'a>,
        sheet_index: u32,
        name: &str,
        hidden: bool,
        issues: &'a mut Vec<Sorted>,
        strings: &'a mut Strings,
    ) -> SheetReader<'a> {
        SheetReader {
            ctx,
            file,
            sheet_index,
            name: name.to_string(),
            scanned: Vec::new(),
            layout: None,
            done: false,
            first_data: true,
            out: SheetOut {
                report: SheetReport {
                    name: name.to_string(),
                    source: None,
                    header_row: None,
                    fields: Vec::new(),
                    unmatched: Vec::new(),
                    records: 0,
                    hidden,
                    encoding: None,
                },
                source: None,
                records: Vec::new(),
                cols: Vec::new(),
            },
            issues,
            strings,
            warned_units: HashSet::new(),
            unit_of_text: HashMap::new(),
            text: SheetText::new(file.font),
            pending: Vec::new(),
            body_decided: false,
        }
    }

    fn push_issue(&mut self, row: Option<u32>, col: Option<u32>, issue: crate::dataset::Issue) {
        self.issues.push(Sorted {
            sheet: Some(self.sheet_index),
            row: row.unwrap_or(0),
            col: col.unwrap_or(0),
            issue,
        });
    }

    /// Takes the next row; says whether more rows are wanted.
    pub fn row(&mut self, row: Row) -> Flow {
        if self.done {
            return Flow::Stop;
        }
        if self.layout.is_none() {
            self.scanned.push(row);
            if self.scanned.len() < SCAN_ROWS + 1 {
                return Flow::More;
            }
            self.settle();
            return if self.done { Flow::Stop } else { Flow::More };
        }
        if !self.body_decided {
            self.pending.push(row);
            if self.pending.len() >= LOOKAHEAD_ROWS {
                self.decide_body();
            }
            return if self.done { Flow::Stop } else { Flow::More };
        }
        self.data_row(row);
        if self.done {
            Flow::Stop
        } else {
            Flow::More
        }
    }

    /// The sheet ended: decide now if still scanning.
    pub fn finish(mut self) -> SheetOut {
        if self.layout.is_none() && !self.done {
            self.settle();
        }
        if self.layout.is_some() && !self.body_decided {
            self.decide_body();
        }
        if self.out.source.is_some() {
            self.out.report.encoding = self.text.encoding();
        }
        self.out.report.records = self.out.records.len() as u32;
        self.out
    }

    /// Of sources that match a sheet equally well, the one its sheet name, or else its
    /// file name, names (SPEC: "viec-lam", "Khảo sát việc làm", "danh-sach-hoc-sinh").
    fn decide_by_name(&self, tied: Vec<Layout>) -> Decision {
        let stem = std::path::Path::new(self.file.display)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for name in [self.name.as_str(), stem.as_str()] {
            let words = name_words(name);
            let named: Vec<usize> = (0..tied.len())
                .filter(|&k| names_source(&words, &self.ctx.catalog.sources[tied[k].source]))
                .collect();
            if let [k] = named.as_slice() {
                return Decision::Found(tied.into_iter().nth(*k).expect("an index of tied"));
            }
        }
        Decision::Ambiguous(tied)
    }

    fn settle(&mut self) {
        let lang = self.ctx.lang;
        let file = self.file.display;
        let name = self.name.clone();
        let at = At::sheet(file, &name);
        let view = self.text.header_view(&self.scanned);
        let decision = match decide(&view, self.ctx) {
            Decision::Ambiguous(tied) => self.decide_by_name(tied),
            d => d,
        };
        match decision {
            Decision::Unknown => {
                self.push_issue(None, None, validate::unknown_sheet(lang, at));
                self.done = true;
            }
            Decision::Ambiguous(tied) => {
                let sources = &self.ctx.catalog.sources;
                let (a, b) = (&sources[tied[0].source], &sources[tied[1].source]);
                self.push_issue(None, None, validate::ambiguous_sheet(lang, at, a, b));
                self.done = true;
            }
            Decision::Found(layout) => {
                self.text.keep_header(layout.last);
                let source = &self.ctx.catalog.sources[layout.source];
                let header_row = self.scanned[layout.last].row + 1;
                self.out.report.source = Some(source.id.clone());
                self.out.report.header_row = Some(header_row);
                (self.out.report.fields, self.out.report.unmatched) = columns_seen(source, &layout);
                self.out.source = Some(layout.source);
                self.out.cols = (0..source.fields.len())
                    .map(|f| {
                        layout.map.cols[f]
                            .or_else(|| layout.map.parts[f].iter().flatten().next().copied())
                    })
                    .collect();
                let mut fatal = false;
                for (f, field) in source.fields.iter().enumerate() {
                    if field.required && self.out.cols[f].is_none() {
                        let at = At {
                            row: Some(header_row),
                            ..At::sheet(file, &name)
                        };
                        let i = validate::missing_column(lang, at, source, field);
                        self.push_issue(Some(header_row), None, i);
                        fatal = true;
                    }
                }
                for &(col, f, first) in &layout.map.dups {
                    let field = &source.fields[f];
                    let header = layout.headers.get(&col).cloned().unwrap_or_default();
                    let first = super::a1(header_row, first);
                    let i = validate::duplicate_column(
                        lang,
                        At::cell(file, &name, header_row, col),
                        field,
                        &header,
                        &first,
                    );
                    self.push_issue(Some(header_row), Some(col), i);
                    fatal = true;
                }
                if fatal {
                    self.done = true;
                    return;
                }
                self.pending = self.scanned.drain(layout.last + 1..).collect();
                self.layout = Some(layout);
                if self.pending.len() >= LOOKAHEAD_ROWS {
                    self.decide_body();
                }
            }
        }
        self.scanned.clear();
    }

    /// The look-ahead is full or the sheet ended: decide the body's encoding from the rows
    /// held, then read them.
    fn decide_body(&mut self) {
        self.text.decide_body(&self.pending);
        self.body_decided = true;
        for r in std::mem::take(&mut self.pending) {
            if self.done {
                break;
            }
            self.data_row(r);
        }
    }

    fn data_row(&mut self, mut row: Row) {
        // Every text cell in the encoding decided for its column, before anything reads it.
        self.text.convert_body(&mut row);
        let layout = self
            .layout
            .as_ref()
            .expect("data rows come after the header");
        let first = std::mem::replace(&mut self.first_data, false);
        if ends_table(&row) {
            self.done = true;
            return;
        }
        if first && is_numbering_row(&row) {
            return;
        }
        let source = &self.ctx.catalog.sources[layout.source];
        // The cell of each field (joined parts as one text), with its column.
        // Borrowed from the row (no copy of every cell's text), owned when parts are joined.
        let mut cells: Vec<(Cow<Cell>, Option<u32>)> = Vec::with_capacity(source.fields.len());
        for f in 0..source.fields.len() {
            if let Some(c) = layout.map.cols[f] {
                let cell = row.get(c).map_or(Cow::Owned(Cell::Empty), Cow::Borrowed);
                cells.push((cell, Some(c)));
            } else if layout.map.parts[f].iter().any(Option::is_some) {
                let mut words = Vec::new();
                for c in layout.map.parts[f].iter().flatten() {
                    if let Some(cell) = row.get(*c) {
                        let t = cell.unicode_text().unwrap_or_else(|| cell.display());
                        let t = clean(&t);
                        if !t.is_empty() {
                            words.push(t);
                        }
                    }
                }
                let col = layout.map.parts[f].iter().flatten().next().copied();
                let cell = if words.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(words.join(" "))
                };
                cells.push((Cow::Owned(cell), col));
            } else {
                cells.push((Cow::Owned(Cell::Empty), None));
            }
        }
        if cells.iter().all(|(c, _)| c.is_empty()) {
            // Blank in every column of the table (a note beside it, a spacer row).
            return;
        }
        let excel_row = row.row + 1;
        let lang = self.ctx.lang;
        let file = self.file.display;
        let name = self.name.clone();
        let mut values = Vec::with_capacity(cells.len());
        let mut excluded = false;
        let mut new_issues = Vec::new();
        for (f, (cell, col)) in cells.iter().enumerate() {
            let field = &source.fields[f];
            if col.is_none() {
                values.push(Value::Empty);
                continue;
            }
            match normalize(field, cell, self.file.is_1904, self.strings) {
                Ok(v) => values.push(v),
                Err(p) => {
                    let at = At::cell(file, &name, excel_row, col.unwrap_or(0));
                    new_issues.push((
                        *col,
                        validate::cell_problem(lang, at, field, &cell.display(), &p),
                    ));
                    excluded = true;
                    values.push(Value::Empty);
                }
            }
        }
        for (b, x) in validate::broken_bands(source, &values) {
            let band = &source.bands[b];
            let col = cells[band.class].1;
            let at = At::cell(file, &name, excel_row, col.unwrap_or(0));
            let cv = cells[band.class].0.display();
            new_issues.push((
                col,
                validate::inconsistent_band(lang, at, source, band, x, &cv),
            ));
        }
        // The period: the `hoc_ky` cell when filled, else what the file's name or folders say.
        let mut period = self.file.period;
        if let Some(pf) = source.field_index(crate::period::FIELD) {
            let text = match values[pf] {
                Value::Text(s) => Some(self.strings.get(s).to_string()),
                Value::Int(i) => Some(i.to_string()),
                Value::Number(x) => Some(x.to_string()),
                _ => None,
            };
            if let Some(text) = text {
                match crate::period::from_cell(&text) {
                    Some(p) => period = Some(p),
                    None => {
                        let col = cells[pf].1;
                        let at = At::cell(file, &name, excel_row, col.unwrap_or(0));
                        let field = &source.fields[pf];
                        new_issues.push((col, validate::invalid_period(lang, at, field, &text)));
                        excluded = true;
                    }
                }
            }
        }
        // The unit: the unit column when filled, else the unit folder the file is in.
        let (unit_text, unit_col) = match source.unit_field.map(|u| (values[u], cells[u].1)) {
            Some((Value::Text(s), col)) => (Some(self.strings.get(s).to_string()), col),
            _ => (self.file.folder_unit.map(str::to_string), None),
        };
        let unit = unit_text.as_deref().and_then(|u| {
            if let Some(&known) = self.unit_of_text.get(u) {
                return known;
            }
            let found = self.ctx.units.keys.get(&unit_match_key(u)).copied();
            self.unit_of_text.insert(u.to_string(), found);
            found
        });
        if unit.is_none() && self.ctx.units.any {
            let shown = unit_text.clone().unwrap_or_default();
            if self.warned_units.insert(unit_match_key(&shown)) {
                let field = source
                    .unit_field
                    .map(|u| source.fields[u].id.as_str())
                    .unwrap_or("");
                let at = match unit_col {
                    Some(c) => At::cell(file, &name, excel_row, c),
                    None => At {
                        row: Some(excel_row),
                        ..At::sheet(file, &name)
                    },
                };
                new_issues.push((unit_col, validate::unknown_unit(lang, at, field, &shown)));
            }
        }
        for (col, i) in new_issues {
            self.push_issue(Some(excel_row), col, i);
        }
        self.out.records.push(Record {
            values: values.into_boxed_slice(),
            origin: Origin {
                file: self.file.index,
                sheet: self.sheet_index,
                row: excel_row,
            },
            unit,
            excluded,
            period,
        });
    }
}
