//! One sheet: find its header (below any title rows, one to three rows deep), recognise its
//! source, then turn each data row into a record — through every block of the sheet, one
//! under another, each with its own title rows and a repeated header.
//!
//! What is a record (ARCHITECTURE.md, "Which rows are records"): a row with a value in the
//! key or the name column, unless it is a repeated header, a totals or subtotal row (by its
//! label in the first columns or a formula aggregating the column above), a column-numbering
//! row, or a lone cell — the only filled cell apart from STT — that does not read as a key
//! or a name (a group label "Khối 21", "10", a note "Vi phạm: …"). A row with a key or a
//! name and bad values stays a record, with its errors. The signature block or a grand total
//! ends a block; rows below it with keys that no repeated header introduces are one
//! `rows-not-read` warning. Nothing is buffered past the header scan.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use super::legacy::{SheetText, LOOKAHEAD_ROWS};
use super::normalize::{normalize, percent_formatted, Cell, Memo};
use super::workbook::{Flow, Marks, Row};
use super::{unit_match_key, Ctx, FileCtx, Sorted};
use crate::dataset::{Record, SheetReport, Table};
use crate::model::{Origin, Strings, Value};
use crate::schema::{FieldType, Source};
use crate::text::{clean, fold, strip_accents};
use crate::validate::{self, At};

/// Rows looked at to find the header: title rows, a blank line or two, a two-row header.
const SCAN_ROWS: usize = 30;
/// A sheet is a table of a source only if at least this many of its fields are found.
const MIN_FIELDS: usize = 2;
/// Header rows at most: "Kết quả học tập năm học" over "Cả năm" over "Điểm TB | Học lực".
const MAX_HEADER_ROWS: usize = 3;
/// The other headers of the first column of a name split in two ("Họ đệm" | "Tên").
const FAMILY_NAME_HEADERS: &[&str] = &["Họ", "Họ lót", "Họ và tên đệm", "Họ và đệm", "Họ tên đệm"];
/// Headers of the row-number column, which is never a field.
const STT_HEADERS: &[&str] = &["stt", "tt", "số tt", "số thứ tự", "s.t.t", "stt."];

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
    exact: FxHashMap<String, Target>,
    loose: FxHashMap<String, Option<Target>>,
}

impl Matcher {
    pub fn new(source: &Source) -> Matcher {
        let mut exact = FxHashMap::default();
        let mut loose: FxHashMap<String, Option<Target>> = FxHashMap::default();
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
                // The family-and-middle name goes by several headers (SPEC: "Họ đệm, Họ,
                // Họ lót, Họ và tên đệm").
                if k == 0 && field.parts.len() == 2 && fold(p) == "họ đệm" {
                    for alias in FAMILY_NAME_HEADERS {
                        add(alias, Target::Part(f, k));
                    }
                }
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
        let folded = fold(&header_text(text));
        HeaderKey {
            stripped: crate::text::strip_folded(folded.clone()),
            folded,
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
    /// Whether the deepest header row matched by its own text somewhere: a row of data
    /// under a one-row header is not its second row.
    contributed: bool,
}

/// One column of a candidate header: its texts, most specific first (indices into
/// [`HeaderKeys`]); the first `own` involve the deepest row's own text.
struct HeaderCol {
    col: u32,
    texts: Vec<usize>,
    own: usize,
}

/// The [`HeaderKey`] of each distinct header text of one [`decide`]: the candidate headers
/// of the rows scanned overlap (each row is part of up to three, and every source is tried
/// on each), so each text is folded once.
#[derive(Default)]
struct HeaderKeys {
    list: Vec<HeaderKey>,
    index: FxHashMap<String, usize>,
}

impl HeaderKeys {
    fn of(&mut self, text: &str) -> usize {
        if let Some(&i) = self.index.get(text) {
            return i;
        }
        let i = self.list.len();
        self.list.push(HeaderKey::new(text));
        self.index.insert(text.to_string(), i);
        i
    }
}

fn map_columns(m: &Matcher, source: &Source, cols: &[HeaderCol], keys: &[HeaderKey]) -> Mapping {
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
        contributed: false,
    };
    for hc in cols {
        let col = &hc.col;
        let Some((i, t)) = hc
            .texts
            .iter()
            .enumerate()
            .find_map(|(i, &t)| m.find(&keys[t]).map(|x| (i, x)))
        else {
            continue;
        };
        map.contributed |= i < hc.own;
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

/// Header texts per column for a header of one to three rows: each parent ("Xếp loại",
/// merged over its children) joined with the rows below it ("Xếp loại Học lực"); then the
/// deepest row's own text, then each parent alone. A blank parent cell belongs to the
/// nearest parent on its left whose own column has text below, as long as those columns
/// run on without a gap: that is how a horizontally merged cell reads. A parent copied
/// down a vertical merge ("Mã HS" over two rows) counts once.
///
/// `rows`: each row's cells as (column, [`cell_text`]), by column.
fn stacked_header(rows: &[&[(u32, Option<String>)]]) -> Vec<(u32, Vec<String>, usize)> {
    let depth = rows.len();
    let mut cols: Vec<u32> = rows
        .iter()
        .flat_map(|r| r.iter().map(|(k, _)| *k))
        .collect();
    cols.sort_unstable();
    cols.dedup();
    let text_at = |r: &[(u32, Option<String>)], c: u32| -> Option<String> {
        let i = r.binary_search_by_key(&c, |(k, _)| *k).ok()?;
        r[i].1.clone()
    };
    let texts: Vec<Vec<Option<String>>> = rows
        .iter()
        .map(|r| cols.iter().map(|&c| text_at(r, c)).collect())
        .collect();
    // owners[l][i]: the parent text of level l over column cols[i].
    let mut owners: Vec<Vec<Option<String>>> = Vec::with_capacity(depth);
    for l in 0..depth - 1 {
        let mut group: Option<(String, u32)> = None;
        let mut level = Vec::with_capacity(cols.len());
        for (i, &col) in cols.iter().enumerate() {
            let below = (l + 1..depth).any(|k| texts[k][i].is_some());
            let owner = match (&texts[l][i], below) {
                (Some(t), true) => {
                    group = Some((t.clone(), col));
                    Some(t.clone())
                }
                (Some(t), false) => {
                    group = None;
                    Some(t.clone())
                }
                (None, true) => match &group {
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
                (None, false) => None,
            };
            level.push(owner);
        }
        owners.push(level);
    }
    let mut out = Vec::new();
    for (i, &col) in cols.iter().enumerate() {
        let mut parts: Vec<&String> = owners.iter().filter_map(|l| l[i].as_ref()).collect();
        let deepest = texts[depth - 1][i].as_ref();
        parts.extend(deepest);
        parts.dedup();
        let mut list: Vec<String> = Vec::new();
        let mut own = 0;
        if deepest.is_some() {
            if parts.len() > 1 {
                list.push(
                    parts
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
            if parts.len() > 2 {
                list.push(format!(
                    "{} {}",
                    parts[parts.len() - 2],
                    parts[parts.len() - 1]
                ));
            }
            list.push(parts[parts.len() - 1].clone());
            own = list.len();
            parts.pop();
        }
        list.extend(parts.iter().rev().map(|s| s.to_string()));
        if !list.is_empty() {
            out.push((col, list, own));
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
    /// The row-number column, if the header names one.
    stt: Option<u32>,
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
    // Each scanned row's header texts, found once (a row is part of up to three candidates)
    // and only for the rows looked at.
    let mut row_texts: Vec<Vec<(u32, Option<String>)>> = Vec::new();
    let mut folded = HeaderKeys::default();
    for i in 0..scan.len() {
        // Below a complete header (and the row that may complete it as a two-row header)
        // come data rows, which cannot rank higher: stop there.
        if first_complete.is_some_and(|c| i > c + 1) {
            break;
        }
        let mut candidates = Vec::new();
        for depth in 1..=MAX_HEADER_ROWS {
            let last = i + depth - 1;
            if last >= scan.len() || scan[last].row != scan[i].row + depth as u32 - 1 {
                break;
            }
            while row_texts.len() <= last {
                let r = &scan[row_texts.len()];
                row_texts.push(r.cells.iter().map(|(c, x)| (*c, cell_text(x))).collect());
            }
            let texts: Vec<&[(u32, Option<String>)]> =
                row_texts[i..=last].iter().map(Vec::as_slice).collect();
            let spans: Vec<(u32, u32)> = scan[i..=last]
                .iter()
                .flat_map(|r| r.spans.iter().copied())
                .collect();
            candidates.push((last, stacked_header(&texts), spans));
        }
        for (last, cols, spans) in candidates {
            let keys: Vec<HeaderCol> = cols
                .iter()
                .map(|(c, texts, own)| HeaderCol {
                    col: *c,
                    texts: texts.iter().map(|t| folded.of(t)).collect(),
                    own: *own,
                })
                .collect();
            for (s, source) in ctx.catalog.sources.iter().enumerate() {
                let mut map = map_columns(&ctx.matchers[s], source, &keys, &folded.list);
                if map.score < MIN_FIELDS || !map.contributed {
                    continue;
                }
                split_by_span(&mut map, source, &spans, &keys);
                let rank = (map.complete, map.score, map.columns);
                if map.complete && first_complete.is_none() {
                    first_complete = Some(i);
                }
                if best[s].as_ref().is_none_or(|(_, r)| rank > *r) {
                    let headers = cols
                        .iter()
                        .map(|(c, t, _)| (*c, t.first().cloned().unwrap_or_default()))
                        .collect();
                    let stt = keys
                        .iter()
                        .find(|k| {
                            k.texts
                                .iter()
                                .any(|&t| STT_HEADERS.contains(&folded.list[t].folded.as_str()))
                        })
                        .map(|k| k.col);
                    best[s] = Some((
                        Layout {
                            source: s,
                            last,
                            map,
                            headers,
                            own: own_texts(&cols),
                            stt,
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

/// A "Họ và tên" merged over two columns with no header of their own below or beside it
/// is the family-and-middle name and the given name: the field is read from both.
fn split_by_span(map: &mut Mapping, source: &Source, spans: &[(u32, u32)], cols: &[HeaderCol]) {
    for (f, field) in source.fields.iter().enumerate() {
        let Some(c) = map.cols[f] else { continue };
        if field.parts.len() != 2 || !spans.contains(&(c, c + 1)) {
            continue;
        }
        if cols.iter().any(|h| h.col == c + 1) {
            continue;
        }
        map.cols[f] = None;
        map.parts[f] = vec![Some(c), Some(c + 1)];
        map.columns += 1;
    }
}

/// A row with one filled cell in the key or the name column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lone {
    /// Not such a row, or one that reads as a record.
    No,
    /// A group label or a note.
    Label,
    /// A key-like text before any key was read.
    Undecided,
}

/// What a row that is not a record does to the block it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closing {
    /// The signature block, the place-and-date line: the block ends.
    End,
    /// A grand total: the block ends if it has records (forms that open with the total
    /// row, above the details, go on).
    Total,
    /// A subtotal or a note: skipped, the block goes on.
    Skip,
}

/// First words of the labels [`closing_label`] knows, to look no further at other cells.
const LABEL_WORDS: &[&str] = &[
    "tổng",
    "cộng",
    "sĩ",
    "ghi",
    "lưu",
    "người",
    "trưởng",
    "phó",
    "hiệu",
    "kt.",
    "kt",
    "giám",
    "thủ",
    "xác",
    "nơi",
    "tm.",
    "tm",
];

/// Whether `row` is a totals row, a note or the signature block, by a label in any of its
/// cells up to column `upto` (the STT, key and name columns). The first cell is looked at
/// in full (legacy encodings converted); the others only when their first word is one a
/// label starts with, so that a name is never folded twice.
fn closing_row(row: &Row, upto: u32) -> Option<Closing> {
    for (i, (col, cell)) in row.cells.iter().enumerate() {
        if *col > upto && i > 0 {
            break;
        }
        let Cell::Text(raw) = cell else { continue };
        if i > 0 {
            let first = raw.split_whitespace().next().unwrap_or("").to_lowercase();
            if !LABEL_WORDS.contains(&first.trim_end_matches(':')) {
                continue;
            }
        }
        let Some(text) = cell_text(cell) else {
            continue;
        };
        if let Some(c) = closing_label(&text) {
            return Some(c);
        }
        // "Nghệ An, ngày 20 tháng 5 năm 2019", "…, ngày … tháng … năm …" on a row of its own.
        if i == 0 && row.cells.len() <= 2 {
            let s = strip_accents(&text);
            if let Some(d) = s.find("ngay") {
                if let Some(m) = s[d..].find("thang") {
                    if s[d + m..].contains("nam") {
                        return Some(Closing::End);
                    }
                }
            }
        }
    }
    None
}

/// A label that makes a row a total, a subtotal, a note or part of the signature block.
fn closing_label(text: &str) -> Option<Closing> {
    let f = fold(text);
    let f = f.trim_end_matches([':', '.', ' ']);
    const SUBTOTAL_WHOLE: &[&str] = &["cộng", "sĩ số"];
    const SUBTOTAL_START: &[&str] = &[
        "cộng:",
        "cộng lớp",
        "cộng khối",
        "cộng khoa",
        "cộng ngành",
        "cộng nghề",
        "cộng nhóm",
        "cộng đơn vị",
        // Subtotals per group of a sheet holding several ("Tổng khoa Điện" under its rows);
        // "Tổng" is also a family name: a row with a key is a record whatever its name.
        "tổng khoa",
        "tổng lớp",
        "tổng khối",
        "tổng ngành",
        "tổng nghề",
        "tổng nhóm",
        "tổng đơn vị",
        "sĩ số ",
        "sĩ số:",
        "ghi chú",
        "lưu ý",
    ];
    if SUBTOTAL_WHOLE.contains(&f) || SUBTOTAL_START.iter().any(|s| f.starts_with(s)) {
        return Some(Closing::Skip);
    }
    const WHOLE: &[&str] = &["tổng", "tổng cộng", "tổng số", "cộng chung"];
    const TOTAL_START: &[&str] = &["tổng cộng", "tổng số ", "tổng số:", "cộng chung"];
    if WHOLE.contains(&f) || TOTAL_START.iter().any(|s| f.starts_with(s)) {
        return Some(Closing::Total);
    }
    const START: &[&str] = &[
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
    if START.iter().any(|s| f.starts_with(s)) {
        return Some(Closing::End);
    }
    None
}

/// "1 2 3 4 …", "(1) (2) (3) …" or "A B C 1 2 3" under a header: the column numbers of
/// official forms. Letters come first, from A, each after the one before; then rising
/// numbers from 1.
fn is_numbering_row(row: &Row) -> bool {
    if row.cells.len() < 3 {
        return false;
    }
    let (mut prev_letter, mut prev): (Option<u8>, Option<i64>) = (None, None);
    for (_, c) in &row.cells {
        let t = match c {
            Cell::Int(i) => Some(i.to_string()),
            Cell::Float(f) if f.fract() == 0.0 => Some((*f as i64).to_string()),
            Cell::Text(t) => Some(
                t.trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .trim()
                    .to_string(),
            ),
            _ => None,
        };
        let Some(t) = t else { return false };
        if let Ok(n) = t.parse::<i64>() {
            // Numbering starts at 1 and rises (a column may be skipped).
            if prev.map_or(n != 1, |p| n <= p) {
                return false;
            }
            prev = Some(n);
        } else if t.len() == 1 && t.as_bytes()[0].is_ascii_uppercase() && prev.is_none() {
            let l = t.as_bytes()[0];
            if prev_letter.map_or(l != b'A', |p| l != p + 1) {
                return false;
            }
            prev_letter = Some(l);
        } else {
            return false;
        }
    }
    true
}

/// How a message names a column: its header cell's own text (a title row just above the
/// header may be joined into [`Layout::headers`]).
fn column_name(layout: &Layout, col: u32) -> String {
    layout
        .own
        .get(&col)
        .or_else(|| layout.headers.get(&col))
        .cloned()
        .unwrap_or_default()
}

/// The title lines of a sheet down to its header (row `last_header` of `view`): rows of one
/// text cell ("KẾT QUẢ HỌC TẬP HỌC KỲ I NĂM HỌC 2021 - 2022").
fn title_lines(view: &[Row], last_header: usize) -> Vec<String> {
    view[..=last_header.min(view.len().saturating_sub(1))]
        .iter()
        .filter(|r| r.cells.len() == 1)
        .filter_map(|r| cell_text(&r.cells[0].1))
        .collect()
}

/// Ascending 1-based rows as Excel would name them: "7, 9:12".
fn row_ranges(rows: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            rows[i].to_string()
        } else {
            format!("{}:{}", rows[i], rows[j])
        });
        i = j + 1;
    }
    out.join(", ")
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

/// The text of each header column as its own cell reads: [`stacked_header`] gives a
/// column's texts joined with their parents first, its own (deepest) text at `own - 1`, and
/// a parent alone where the column has no text of its own.
fn own_texts(cols: &[(u32, Vec<String>, usize)]) -> HashMap<u32, String> {
    cols.iter()
        .filter_map(|(c, t, own)| {
            let text = if *own > 0 { t.get(own - 1) } else { t.first() };
            text.map(|s| (*c, s.clone()))
        })
        .collect()
}

/// The character classes of a key ("HS001" → "aa999"): a lone cell in the key column is a
/// key when it has the shape of the keys above it.
fn key_shape(s: &str) -> String {
    s.chars().map(shape_char).collect()
}

fn shape_char(c: char) -> char {
    if c.is_ascii_digit() {
        '9'
    } else if c.is_alphabetic() {
        'a'
    } else {
        c
    }
}

/// `key_shape(s) == shape`, without building the shape (asked of every row).
fn has_shape(s: &str, shape: &str) -> bool {
    s.chars().map(shape_char).eq(shape.chars())
}

/// [`clean`] of a cell's text as `has_key` and the key shape read it (legacy encodings
/// converted): borrowed from the cell when cleaning changes nothing, as for almost every
/// key.
fn clean_cell(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Text(s) => match super::legacy::decode(s) {
            Some(d) => Cow::Owned(clean(&d)),
            None => crate::text::clean_cow(s),
        },
        other => Cow::Owned(clean(&other.display())),
    }
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

/// Whether a text reads as a person's name: two to seven words, each capitalised, no
/// digits, no punctuation but "." "-" "'" ("Nguyễn Văn An", "LÊ THỊ HÀ").
fn name_shaped(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=7).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        })
}

/// What reading one sheet produced.
pub struct SheetOut {
    pub report: SheetReport,
    pub source: Option<usize>,
    pub records: Table,
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
    /// Below a grand total or the signature block, until a repeated header.
    ended: bool,
    /// Rows with keys read after the end of the last block: (first, last, count), 1-based.
    not_read: Option<(u32, u32, u32)>,
    /// Lone cells in the key column read before any key, held until one shows the shape
    /// of the keys (at most [`SCAN_ROWS`]).
    pending: Vec<Row>,
    /// Take held lone cells as records if they read as keys at all.
    decide_pending: bool,
    /// Records read since the block's header.
    block_records: usize,
    /// The shape of the last key read ([`key_shape`]).
    last_key: Option<String>,
    /// The field of the key column and of the name, when the sheet has them.
    key_field: Option<usize>,
    name_field: Option<usize>,
    /// Last column of STT, key and name: where totals labels are looked for.
    label_upto: u32,
    pub out: SheetOut,
    pub issues: &'a mut Vec<Sorted>,
    pub strings: &'a mut Strings,
    /// The rows whose unit matched no document, by the unit text's key: one
    /// `unknown-unit` each at the end of the sheet, at the first such row, with the count.
    warned_units: HashMap<String, UnitWarn>,
    /// The section label that named a unit, with its level ([`SheetReader::section_step`]).
    unit_section: Option<(String, u8)>,
    /// Unit texts already resolved in this sheet (rows repeat the same few).
    unit_of_text: FxHashMap<String, Option<u16>>,
    /// The sheet's legacy-encoding decisions (TCVN3/VNI), applied to every row.
    text: SheetText,
    /// Rows below the header held until the body's encoding is decided (the look-ahead).
    lookahead: Vec<Row>,
    body_decided: bool,
    /// Each text cell typed once per (field, text) ([`Memo`]).
    memo: Memo,
    /// The sheet's hidden rows and columns, and its AutoFilter ([`SheetReader::set_hidden`]).
    marks: Marks,
    /// Excel rows of records read from hidden rows.
    hidden_records: Vec<u32>,
    /// Excel rows of records whose key or name cell is struck through.
    struck_records: Vec<u32>,
    /// The period of the sheet's records that have no `hoc_ky` cell
    /// ([`SheetReader::sheet_period`]).
    period: Option<crate::period::Period>,
    /// The status field (`trang_thai`) and each of its values and aliases as a phrase
    /// ([`phrase`]): what a section label under the header may name.
    status_phrases: Option<(usize, Vec<(String, u16)>)>,
    /// The status named by the section label the rows below belong to ("HỌC SINH ĐÃ THÔI
    /// HỌC"), until the next label, header or block.
    section_status: Option<u16>,
    /// Whether a record took its status from a section label.
    status_from_section: bool,
}

/// What a lone text row under the header says about the rows below it.
enum StatusLabel {
    /// It names a status: the rows below without a status of their own have it.
    Status(u16),
    /// A label naming no status ("Lớp CK21B"): the section before it ends.
    Other,
    /// Not a label.
    No,
}

/// A text as a phrase to look for inside labels: accents and case stripped, words single
/// spaced, padded with a space on each side.
fn phrase(s: &str) -> String {
    let words: Vec<String> = strip_accents(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    format!(" {} ", words.join(" "))
}

/// Rows of a sheet whose unit text matched no document ([`SheetReader::warn_units`]).
struct UnitWarn {
    shown: String,
    col: Option<u32>,
    blank_cell: bool,
    folder: bool,
    first: u32,
    last: u32,
    rows: u32,
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
            ended: false,
            not_read: None,
            pending: Vec::new(),
            decide_pending: false,
            block_records: 0,
            last_key: None,
            key_field: None,
            name_field: None,
            label_upto: 0,
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
                records: Table::default(),
                cols: Vec::new(),
            },
            issues,
            strings,
            warned_units: HashMap::new(),
            unit_section: None,
            unit_of_text: FxHashMap::default(),
            text: SheetText::new(file.font),
            lookahead: Vec::new(),
            body_decided: false,
            memo: Memo::default(),
            marks: Marks::default(),
            hidden_records: Vec::new(),
            struck_records: Vec::new(),
            period: file.period,
            status_phrases: None,
            section_status: None,
            status_from_section: false,
        }
    }

    /// The period of a sheet's records without a `hoc_ky` cell: the sheet's name when it
    /// names one ("HK1", "KQ HỌC KỲ II" — nearer than the file), else the file's name or
    /// folders, else the title lines above the header ("KẾT QUẢ HỌC TẬP HỌC KỲ I NĂM HỌC
    /// 2021 - 2022"): a semester's workbook kept at the top of `du-lieu/` is that
    /// semester's, not the year's.
    ///
    /// The title is heard only for student results (`hoc_sinh`), whose semester and year
    /// tables differ: a teacher register titled "… HỌC KỲ I" stays a register for every
    /// period, as SPEC "Periods" has it.
    fn sheet_period(&self, source: usize, titles: &[String]) -> Option<crate::period::Period> {
        use crate::period::from_name;
        let results = self.ctx.catalog.sources[source].id == "hoc_sinh";
        from_name(&self.name)
            .or(self.file.period)
            .or_else(|| results.then(|| from_name(&titles.join(" / "))).flatten())
    }

    /// A sheet whose name or title states a school year that no document is for ("DANH
    /// SÁCH HỌC SINH NĂM HỌC 2020 - 2021" kept beside this year's list): its rows are read
    /// and counted, and one `other-school-year` warning says so. Not for the employment
    /// survey, which is of earlier years' graduates by nature.
    fn check_school_year(&mut self, source: usize, titles: &[String]) {
        use crate::period::school_year_in;
        if self.ctx.catalog.sources[source].id == "viec_lam" {
            return;
        }
        let docs: Vec<(i32, i32)> = self
            .ctx
            .docs
            .iter()
            .filter_map(|d| school_year_in(&format!("năm học {}", d.school_year), false))
            .collect();
        if docs.is_empty() {
            return;
        }
        let (stated, title) = match school_year_in(&self.name, true) {
            Some(y) => (y, None),
            None => match titles
                .iter()
                .find_map(|t| school_year_in(t, false).map(|y| (y, Some(t.as_str()))))
            {
                Some(found) => found,
                None => return,
            },
        };
        if docs.contains(&stated) {
            return;
        }
        let mut years: Vec<String> = docs.iter().map(|(a, b)| format!("{a} - {b}")).collect();
        years.sort();
        years.dedup();
        let at = At::sheet(self.file.display, &self.name);
        let stated = format!("{} - {}", stated.0, stated.1);
        let i = validate::other_school_year(self.ctx.lang, at, &stated, title, &years.join(", "));
        self.push_issue(None, None, i);
    }

    /// What the sheet hides, known before its rows stream: hidden columns are read only
    /// when no visible column gives their field, and records from hidden rows are named in
    /// one `hidden-rows` warning.
    pub fn set_marks(&mut self, marks: Marks) {
        self.marks = marks;
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
            self.lookahead.push(row);
            if self.lookahead.len() >= LOOKAHEAD_ROWS {
                self.decide_body();
            }
            return if self.done { Flow::Stop } else { Flow::More };
        }
        self.read_row(row);
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
        if self.layout.is_some() {
            let decide = self.last_key.is_none();
            self.flush_pending(decide);
        }
        if let Some((first, last, count)) = self.not_read {
            let col = self.key_col().unwrap_or(0);
            let at = At::cell(self.file.display, &self.name, first, col);
            let range = format!("{}:{}", super::a1(first, col), super::a1(last, col));
            let i = validate::rows_not_read(self.ctx.lang, at, &range, count);
            self.push_issue(Some(first), Some(col), i);
        }
        if let Some(&first) = self.hidden_records.first() {
            let col = self.key_col().unwrap_or(0);
            let at = At::cell(self.file.display, &self.name, first, col);
            let rows = row_ranges(&self.hidden_records);
            let count = self.hidden_records.len() as u32;
            let i = validate::hidden_rows(self.ctx.lang, at, &rows, count, self.marks.filter);
            self.push_issue(Some(first), Some(col), i);
        }
        if let Some(&first) = self.struck_records.first() {
            let col = self.key_col().unwrap_or(0);
            let at = At::cell(self.file.display, &self.name, first, col);
            let rows = row_ranges(&self.struck_records);
            let count = self.struck_records.len() as u32;
            let i = validate::struck_rows(self.ctx.lang, at, &rows, count);
            self.push_issue(Some(first), Some(col), i);
        }
        if self.status_from_section {
            if let (Some((f, _)), Some(s)) = (&self.status_phrases, self.out.source) {
                let id = &self.ctx.catalog.sources[s].fields[*f].id;
                if !self.out.report.fields.contains(id) {
                    self.out.report.fields.push(id.clone());
                }
            }
        }
        self.warn_units();
        if self.out.source.is_some() {
            self.out.report.encoding = self.text.encoding();
        }
        self.out.report.records = self.out.records.len() as u32;
        self.out
    }

    /// One `unknown-unit` per unit text the sheet's rows name and no document has, at its
    /// first row, saying how many rows it covers.
    fn warn_units(&mut self) {
        let Some(source) = self.out.source.map(|s| &self.ctx.catalog.sources[s]) else {
            return;
        };
        let field = source
            .unit_field
            .map(|u| source.fields[u].id.as_str())
            .unwrap_or("");
        let mut warns: Vec<UnitWarn> = std::mem::take(&mut self.warned_units)
            .into_values()
            .collect();
        warns.sort_by_key(|w| w.first);
        for w in warns {
            let name = self.name.clone();
            let at = match w.col {
                Some(c) => At::cell(self.file.display, &name, w.first, c),
                None => At {
                    row: Some(w.first),
                    ..At::sheet(self.file.display, &name)
                },
            };
            let rows = validate::UnitRows {
                count: w.rows,
                first: w.first,
                last: w.last,
                blank_cell: w.blank_cell,
                folder: w.folder,
            };
            let i = validate::unknown_unit(self.ctx.lang, at, field, &w.shown, rows);
            self.push_issue(Some(w.first), w.col, i);
        }
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
            Decision::Found(mut layout) => {
                let titles = title_lines(&view, layout.last);
                self.period = self.sheet_period(layout.source, &titles);
                self.check_school_year(layout.source, &titles);
                self.text.keep_header(layout.last);
                let source = &self.ctx.catalog.sources[layout.source];
                let header_row = self.scanned[layout.last].row + 1;
                self.out.report.source = Some(source.id.clone());
                self.out.report.header_row = Some(header_row);
                (self.out.report.fields, self.out.report.unmatched) = columns_seen(source, &layout);
                // A field found in a hidden column and a visible one (last year's "Học lực"
                // kept out of sight beside this year's) is read from the visible one.
                let mut hidden_notes = Vec::new();
                let Mapping { cols, dups, .. } = &mut layout.map;
                dups.retain(|&(col, f, first)| {
                    let kept = cols[f].unwrap_or(first);
                    let (hide_new, hide_kept) = (self.marks.col(col), self.marks.col(kept));
                    if hide_new == hide_kept {
                        return true;
                    }
                    let (visible, dropped) = if hide_kept { (col, kept) } else { (kept, col) };
                    cols[f] = Some(visible);
                    hidden_notes.push((dropped, f, visible));
                    false
                });
                for &(dropped, f, visible) in &hidden_notes {
                    let header = column_name(&layout, dropped);
                    let i = validate::hidden_column_ignored(
                        lang,
                        At::cell(file, &name, header_row, dropped),
                        &source.fields[f],
                        &header,
                        &super::a1(header_row, visible),
                    );
                    self.push_issue(Some(header_row), Some(dropped), i);
                }
                // A hidden column that is its field's only one is read, and said to be hidden —
                // except the key and the name, which offices hide to print and which are no
                // figure (an old copy of them would be a duplicate, resolved above).
                let identity =
                    |f: usize| source.key.contains(&f) || source.fields[f].id == "ho_ten";
                for (f, col) in layout.map.cols.iter().enumerate() {
                    let Some(col) = *col else { continue };
                    if !self.marks.col(col) || identity(f) {
                        continue;
                    }
                    let header = column_name(&layout, col);
                    let at = At::cell(file, &name, header_row, col);
                    let i = validate::hidden_column(lang, at, &source.fields[f], &header);
                    self.push_issue(Some(header_row), Some(col), i);
                }
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
                    let header = column_name(&layout, col);
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
                self.key_field = source
                    .key
                    .first()
                    .copied()
                    .filter(|&k| self.out.cols[k].is_some());
                self.name_field = source
                    .field_index("ho_ten")
                    .filter(|&f| self.out.cols[f].is_some());
                self.status_phrases = source
                    .field_index("trang_thai")
                    .filter(|&f| source.fields[f].kind == FieldType::Enum)
                    .map(|f| {
                        let values = &source.fields[f].values;
                        let phrases = values
                            .iter()
                            .enumerate()
                            .flat_map(|(i, v)| {
                                std::iter::once(&v.value)
                                    .chain(&v.aliases)
                                    .map(move |t| (phrase(t), i as u16))
                            })
                            .filter(|(p, _)| p.trim().len() >= 4)
                            .collect();
                        (f, phrases)
                    });
                self.label_upto = [layout.stt]
                    .into_iter()
                    .chain(self.key_field.map(|f| self.out.cols[f]))
                    .chain(self.name_field.map(|f| self.out.cols[f]))
                    .flatten()
                    .max()
                    .unwrap_or(0);
                self.lookahead = self.scanned.drain(layout.last + 1..).collect();
                self.layout = Some(layout);
                if self.lookahead.len() >= LOOKAHEAD_ROWS {
                    self.decide_body();
                }
            }
        }
        self.scanned.clear();
    }

    /// The look-ahead is full or the sheet ended: decide the body's encoding from the rows
    /// held, then read them.
    fn decide_body(&mut self) {
        self.text.decide_body(&self.lookahead);
        self.body_decided = true;
        for r in std::mem::take(&mut self.lookahead) {
            if self.done {
                break;
            }
            self.read_row(r);
        }
    }

    /// One body row, once its encoding is decided: converted (once: rows held as
    /// undecided lone cells are taken again as they are), then read.
    fn read_row(&mut self, mut row: Row) {
        // Every text cell in the encoding decided for its column, before anything reads it.
        self.text.convert_body(&mut row);
        let was_ended = self.ended;
        self.data_row(row);
        if !self.pending.is_empty() {
            if self.last_key.is_some() {
                self.flush_pending(false);
            } else if self.ended && !was_ended {
                self.flush_pending(true);
            }
        }
    }

    /// A header repeated below the first (a new block, the top of a printed page): at
    /// least two of its cells name the field of their column. Only rows whose key (or
    /// name) cell is a text without digits are looked at closely.
    fn is_repeated_header(&self, layout: &Layout, row: &Row) -> bool {
        let Some(probe) = self
            .key_field
            .or(self.name_field)
            .and_then(|f| self.out.cols[f])
        else {
            return false;
        };
        match row.get(probe) {
            Some(Cell::Text(t)) if t.len() <= 80 && !t.bytes().any(|b| b.is_ascii_digit()) => {}
            _ => return false,
        }
        let m = &self.ctx.matchers[layout.source];
        let hits = row
            .cells
            .iter()
            .filter(|(c, cell)| {
                let Some(t) = cell_text(cell) else {
                    return false;
                };
                match m.find(&HeaderKey::new(&t)) {
                    Some(Target::Field(f)) => {
                        layout.map.cols[f] == Some(*c)
                            || layout.map.parts[f].first() == Some(&Some(*c))
                    }
                    Some(Target::Part(f, k)) => {
                        layout.map.parts[f].get(k) == Some(&Some(*c))
                            || layout.map.cols[f] == Some(*c)
                    }
                    None => false,
                }
            })
            .count();
        hits >= 2
    }

    /// A row without a number in its STT column whose only filled cell (values copied
    /// down a merge aside) is in the key or the name column and does not read as a key or a name there: a group label
    /// ("Khối 21", "10", "Lớp CK21A") or a note ("Vi phạm: …").
    fn lone(&self, layout: &Layout, row: &Row) -> Lone {
        // A row with its own number in the STT column is a row of the list, however empty.
        let numbered = layout
            .stt
            .and_then(|c| row.get(c))
            .is_some_and(|c| match c {
                Cell::Int(_) | Cell::Float(_) => true,
                Cell::Text(t) => t.trim().parse::<u32>().is_ok(),
                _ => false,
            });
        if numbered {
            return Lone::No;
        }
        let mut own = row
            .cells
            .iter()
            .filter(|(c, _)| Some(*c) != layout.stt && !row.filled.contains(c));
        let (Some((col, cell)), None) = (own.next(), own.next()) else {
            return Lone::No;
        };
        let text = cell.unicode_text().unwrap_or_else(|| cell.display());
        let text = clean(&text);
        let key_col = self.key_field.and_then(|f| self.out.cols[f]);
        if Some(*col) == key_col {
            return match (self.reads_as_key(&text), &self.last_key) {
                (false, _) => Lone::Label,
                // Before any key is read, "CK21A" under the header may be a class label
                // or a key: the next key decides.
                (true, None) if !self.decide_pending => Lone::Undecided,
                (true, _) => Lone::No,
            };
        }
        let name_cols: Vec<u32> = self
            .name_field
            .map(|f| {
                layout.map.cols[f]
                    .into_iter()
                    .chain(layout.map.parts[f].iter().flatten().copied())
                    .collect()
            })
            .unwrap_or_default();
        if name_cols.contains(col) && !name_shaped(&text) {
            return Lone::Label;
        }
        Lone::No
    }

    /// Takes again the lone cells held until a key showed the keys' shape (`decide`: take
    /// them as records if they read as keys at all, when no key will come).
    fn flush_pending(&mut self, decide: bool) {
        let rows = std::mem::take(&mut self.pending);
        if rows.is_empty() {
            return;
        }
        let (ended, held) = (self.ended, self.decide_pending);
        (self.ended, self.decide_pending) = (false, decide);
        for r in rows {
            self.data_row(r);
        }
        (self.ended, self.decide_pending) = (ended, held);
    }

    /// Whether a text in the key column reads as a key: one word, shaped like the last key
    /// read, or (before any) at least three characters with a digit.
    fn reads_as_key(&self, text: &str) -> bool {
        !text.contains(char::is_whitespace)
            && match &self.last_key {
                Some(shape) => has_shape(text, shape),
                None => text.chars().count() >= 3 && text.contains(|c: char| c.is_ascii_digit()),
            }
    }

    /// Whether `row` is a section label under the header, and the status it names: a lone
    /// text in the STT, key or name columns that is neither a key nor a name. Offices gather
    /// the students who left at the bottom of the list under "HỌC SINH ĐÃ THÔI HỌC" (or
    /// "Học sinh bỏ học:", "DANH SÁCH BẢO LƯU") with the status column left blank.
    fn status_label(&self, row: &Row) -> StatusLabel {
        let Some((_, phrases)) = &self.status_phrases else {
            return StatusLabel::No;
        };
        let mut own = row.cells.iter().filter(|(c, _)| !row.filled.contains(c));
        let (Some((col, cell @ Cell::Text(_))), None) = (own.next(), own.next()) else {
            return StatusLabel::No;
        };
        if *col > self.label_upto {
            return StatusLabel::No;
        }
        let text = clean(&cell.unicode_text().unwrap_or_default());
        let label = phrase(&text);
        // "HỌC SINH ĐÃ THÔI HỌC" is shaped like a name; "Nguyễn Bảo Lưu" is one.
        let about_students = [
            " hoc sinh ",
            " hs ",
            " sinh vien ",
            " sv ",
            " danh sach ",
            " ds ",
        ]
        .iter()
        .any(|w| label.contains(w));
        if self.reads_as_key(&text) || name_shaped(&text) && !about_students {
            return StatusLabel::No;
        }
        // A heading is short and names no one: "Ghi chú: HS003 thôi học từ tháng 3" is a
        // note about one row, not a section ("HỌC SINH THÔI HỌC HK1" is one).
        let note = ["ghi chu", "luu y", "chu y", "vi pham", "note"]
            .iter()
            .any(|w| label.trim_start().starts_with(w));
        let names_a_row = text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')'))
            .any(|w| self.last_key.is_some() && self.reads_as_key(w));
        if note || names_a_row || label.split_whitespace().count() > 8 {
            return StatusLabel::Other;
        }
        let mut named = phrases
            .iter()
            .filter(|(p, _)| label.contains(p.as_str()))
            .map(|(_, i)| *i);
        match named.next() {
            Some(i) if named.all(|j| j == i) => StatusLabel::Status(i),
            _ => StatusLabel::Other,
        }
    }

    /// A row holding one text alone, no key (merged copies and the section's number in the
    /// STT column aside): a section label ("I. KHOA CƠ KHÍ", "Khoa Điện" merged across the
    /// table, "Lớp CK21A"), with the kind of its number (0 none, 1 roman, 2 digits) — its
    /// level among the sheet's labels.
    fn label_row(&self, layout: &Layout, row: &Row) -> Option<(String, u8)> {
        if self.has_key(row) {
            return None;
        }
        let level_of = |t: &str| {
            let key = super::unit_match_key(t);
            let first = key.split(' ').next().unwrap_or("");
            match first.chars().next() {
                _ if !super::is_ordinal_text(first) => 0,
                Some(c) if c.is_ascii_digit() => 2,
                _ => 1,
            }
        };
        let mut label: Option<String> = None;
        let mut level = None;
        for (col, cell) in &row.cells {
            let stt = Some(*col) == layout.stt;
            if row.filled.contains(col) {
                continue;
            }
            if stt && matches!(cell, Cell::Int(_) | Cell::Float(_)) {
                level = Some(2);
                continue;
            }
            match cell_text(cell) {
                None if matches!(cell, Cell::Empty) => {}
                // A number beside the label (a count, a subtotal): no label row.
                None => return None,
                Some(t) if stt && super::is_ordinal_text(&t) => level = Some(level_of(&t)),
                Some(t) => match &label {
                    Some(l) if *l != t => return None,
                    Some(_) => {}
                    None => label = Some(t),
                },
            }
        }
        let label = label?;
        let level = level.unwrap_or_else(|| level_of(&label));
        Some((label, level))
    }

    /// A section label naming a unit becomes the unit of the rows below it whose unit cell
    /// is blank (it is no record); a label of the same level naming none ("III. Khối văn
    /// hóa" after "II. Khoa Điện") ends that section, so that its rows are no faculty's.
    /// A label of another level ("Lớp CK21A" under "I. KHOA CƠ KHÍ") keeps it.
    /// Returns the section to set (`Some(None)` ends it) and whether the row is a label
    /// that named a unit.
    fn section_step(&self, layout: &Layout, row: &Row) -> (Option<Option<(String, u8)>>, bool) {
        if !self.ctx.units.any {
            return (None, false);
        }
        let Some((label, level)) = self.label_row(layout, row) else {
            return (None, false);
        };
        if self.ctx.units.find(&label).is_some() {
            return (Some(Some((label, level))), true);
        }
        if self.unit_section.as_ref().is_some_and(|(_, l)| *l == level) {
            return (Some(None), false);
        }
        (None, false)
    }

    /// The column of the key field, once the header is known.
    fn key_col(&self) -> Option<u32> {
        self.key_field
            .and_then(|f| self.out.cols.get(f).copied().flatten())
    }

    /// Whether the row's key cell reads as a key: such a row is a record, even when a
    /// label of a totals row or of the signature block starts one of its cells (a student
    /// named "Tổng Khoa …").
    fn has_key(&self, row: &Row) -> bool {
        let Some(col) = self.key_col() else {
            return false;
        };
        row.get(col).is_some_and(|cell| {
            let text = clean_cell(cell);
            !text.is_empty() && self.reads_as_key(&text)
        })
    }

    fn data_row(&mut self, row: Row) {
        let layout = self
            .layout
            .as_ref()
            .expect("data rows come after the header");
        if self.is_repeated_header(layout, &row) {
            self.ended = false;
            self.block_records = 0;
            self.section_status = None;
            return;
        }
        match closing_row(&row, self.label_upto).filter(|_| !self.has_key(&row)) {
            Some(Closing::End) => {
                self.ended = true;
                return;
            }
            Some(Closing::Total) => {
                self.ended |= self.block_records > 0;
                return;
            }
            Some(Closing::Skip) => return,
            None => {}
        }
        if row.aggregates || is_numbering_row(&row) {
            return;
        }
        // Two kinds of lone-text label rows: a status heading ("HỌC SINH ĐÃ THÔI HỌC") for
        // the rows below with a blank status, then a unit section ("I. KHOA CƠ KHÍ") for
        // those with a blank unit.
        match self.status_label(&row) {
            StatusLabel::Status(i) => {
                self.section_status = Some(i);
                return;
            }
            StatusLabel::Other => self.section_status = None,
            StatusLabel::No => {}
        }
        let (section, named) = self.section_step(layout, &row);
        if let Some(section) = section {
            self.unit_section = section;
        }
        if named {
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
                    Cell::Text(words.join(" ").into())
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
        let filled = |f: Option<usize>| f.is_some_and(|f| !cells[f].0.is_empty());
        let (has_key, has_name) = (filled(self.key_field), filled(self.name_field));
        let identified = self.key_field.is_some() || self.name_field.is_some();
        if identified && !has_key && !has_name {
            // Template rows numbered in advance, labels and notes beside the table.
            return;
        }
        match self.lone(layout, &row) {
            Lone::Label => return,
            Lone::Undecided if self.pending.len() < SCAN_ROWS => {
                self.pending.push(row);
                return;
            }
            _ => {}
        }
        let excel_row = row.row + 1;
        if self.ended {
            // Below the end only what reads as a key counts: the signers' names under the
            // signature titles may stand in the key column.
            let key_text = self.key_field.map(|k| clean(&cells[k].0.display()));
            if key_text.is_some_and(|t| self.reads_as_key(&t)) {
                let n = self.not_read.get_or_insert((excel_row, excel_row, 0));
                n.1 = excel_row;
                n.2 += 1;
            }
            return;
        }
        if let Some(k) = self.key_field.filter(|_| has_key) {
            let key = match cells[k].0.as_ref() {
                Cell::Text(s) => Cow::Borrowed(&**s),
                other => Cow::Owned(other.display()),
            };
            let key = key.trim();
            if !self.last_key.as_deref().is_some_and(|s| has_shape(key, s)) {
                self.last_key = Some(key_shape(key));
            }
        }
        self.block_records += 1;
        let lang = self.ctx.lang;
        let file = self.file.display;
        let name = self.name.as_str();
        let mut values = Vec::with_capacity(cells.len());
        let mut excluded = false;
        let mut new_issues = Vec::new();
        for (f, (cell, col)) in cells.iter().enumerate() {
            let field = &source.fields[f];
            if col.is_none() {
                values.push(Value::Empty);
                continue;
            }
            // A percent-formatted number is a fraction whatever its size (1.2 is 120%).
            let formatted = match (cell.as_ref(), col) {
                (Cell::Float(x), Some(c))
                    if field.kind == FieldType::Percent && self.marks.percent(row.row, *c) =>
                {
                    Some(*x)
                }
                _ => None,
            };
            let typed = if let Some(x) = formatted {
                percent_formatted(field, x)
            } else if self.ctx.memo {
                self.memo
                    .normalize(f, field, cell, self.file.is_1904, self.strings)
            } else {
                normalize(field, cell, self.file.is_1904, self.strings)
            };
            match typed {
                Ok(v) => values.push(v),
                Err(p) => {
                    let at = At::cell(file, name, excel_row, col.unwrap_or(0));
                    new_issues.push((
                        *col,
                        validate::cell_problem(lang, at, field, &cell.display(), &p),
                    ));
                    excluded = true;
                    values.push(Value::Empty);
                }
            }
        }
        // The status of a row under a section label, when its own status cell is blank.
        if let (Some(i), Some((f, _))) = (self.section_status, &self.status_phrases) {
            if cells[*f].0.is_empty() && values[*f] == Value::Empty {
                values[*f] = Value::Enum(i);
                self.status_from_section = true;
            }
        }
        for (b, x) in validate::broken_bands(source, &values) {
            let band = &source.bands[b];
            let col = cells[band.class].1;
            let at = At::cell(file, name, excel_row, col.unwrap_or(0));
            let cv = cells[band.class].0.display();
            new_issues.push((
                col,
                validate::inconsistent_band(lang, at, source, band, x, &cv),
            ));
        }
        // The period: the `hoc_ky` cell when filled, else what the sheet's name, the file's
        // name or folders, or the sheet's title say.
        let mut period = self.period;
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
                        let at = At::cell(file, name, excel_row, col.unwrap_or(0));
                        let field = &source.fields[pf];
                        new_issues.push((col, validate::invalid_period(lang, at, field, &text)));
                        excluded = true;
                    }
                }
            }
        }
        // The unit: the unit column when filled, else the section label above the row
        // naming a unit, else the unit folder the file is in.
        let strings: &Strings = self.strings;
        let (unit_text, unit_col) = match source.unit_field.map(|u| (values[u], cells[u].1)) {
            Some((Value::Text(s), col)) => (Some(strings.get(s)), col),
            _ => match &self.unit_section {
                Some((label, _)) => (Some(label.as_str()), None),
                None => (self.file.folder_unit, None),
            },
        };
        let unit = unit_text.and_then(|u| {
            if let Some(&known) = self.unit_of_text.get(u) {
                return known;
            }
            let found = self.ctx.units.find(u);
            self.unit_of_text.insert(u.to_string(), found);
            found
        });
        let names_school =
            || unit_text.is_some_and(|u| self.ctx.units.school.contains(&unit_match_key(u)));
        if unit.is_none() && self.ctx.units.any && !names_school() {
            let shown = unit_text.unwrap_or_default().to_string();
            // A blank cell of a unit column the sheet has: the warning points at it.
            let blank_col = match source.unit_field {
                Some(u) if unit_col.is_none() => self.out.cols.get(u).copied().flatten(),
                _ => None,
            };
            let col = unit_col.or(blank_col);
            // The text is the folder's name when no cell gave one.
            let folder = unit_col.is_none() && !shown.is_empty();
            let key = format!(
                "{}{}",
                if folder { "/" } else { "" },
                unit_match_key(&shown)
            );
            match self.warned_units.entry(key) {
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    let w = e.get_mut();
                    w.rows += 1;
                    w.last = excel_row;
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(UnitWarn {
                        shown,
                        col,
                        blank_cell: blank_col.is_some(),
                        folder,
                        first: excel_row,
                        last: excel_row,
                        rows: 1,
                    });
                }
            }
        }
        for (col, i) in new_issues {
            self.push_issue(Some(excel_row), col, i);
        }
        if row.hidden {
            self.hidden_records.push(excel_row);
        }
        if !self.marks.struck.is_empty() {
            let identity = [self.key_field, self.name_field];
            let struck = identity
                .iter()
                .flatten()
                .any(|&f| self.out.cols[f].is_some_and(|c| self.marks.struck(row.row, c)));
            if struck {
                self.struck_records.push(excel_row);
            }
        }
        self.out.records.push(
            &values,
            Record {
                origin: Origin {
                    file: self.file.index,
                    sheet: self.sheet_index,
                    row: excel_row,
                },
                unit,
                excluded,
                period,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::ingest::UnitIndex;

    #[test]
    fn numbering_rows_of_official_forms_and_not_records() {
        let row = |cells: Vec<Cell>| Row {
            row: 5,
            cells: cells
                .into_iter()
                .enumerate()
                .map(|(c, x)| (c as u32, x))
                .collect(),
            ..Row::default()
        };
        let t = |s: &str| Cell::Text(s.into());
        assert!(is_numbering_row(&row(vec![
            t("A"),
            t("B"),
            t("C"),
            Cell::Int(1),
            Cell::Int(2)
        ])));
        assert!(is_numbering_row(&row(vec![
            t("(1)"),
            t("(2)"),
            t("(3)"),
            t("(5)")
        ])));
        assert!(is_numbering_row(&row(vec![
            Cell::Float(1.0),
            Cell::Float(2.0),
            Cell::Float(3.0)
        ])));
        // A row of numbers that does not count from 1, or letters not from A: data.
        assert!(!is_numbering_row(&row(vec![
            Cell::Int(3),
            Cell::Int(2019003),
            Cell::Int(8)
        ])));
        assert!(!is_numbering_row(&row(vec![
            Cell::Int(2),
            Cell::Int(5),
            Cell::Int(8)
        ])));
        assert!(!is_numbering_row(&row(vec![t("B"), t("C"), Cell::Int(1)])));
        assert!(!is_numbering_row(&row(vec![
            Cell::Int(1),
            t("HS1"),
            t("An")
        ])));
    }

    #[test]
    fn labels_totals_and_signatures_are_told_from_names() {
        assert_eq!(closing_label("Tổng cộng"), Some(Closing::Total));
        assert_eq!(closing_label("Tổng số HS:"), Some(Closing::Total));
        assert_eq!(closing_label("Cộng lớp CK21A"), Some(Closing::Skip));
        assert_eq!(closing_label("Sĩ số"), Some(Closing::Skip));
        assert_eq!(closing_label("Ghi chú: HS002 bảo lưu"), Some(Closing::Skip));
        assert_eq!(closing_label("NGƯỜI LẬP BIỂU"), Some(Closing::End));
        assert_eq!(closing_label("Tổng Văn Hải"), None);
        assert_eq!(closing_label("Cộng Thị Lan"), None);
        assert!(name_shaped("Nguyễn Văn An") && name_shaped("LÊ THỊ HÀ"));
        assert!(!name_shaped("Khối 21") && !name_shaped("Vi phạm: đi muộn"));
        assert!(!name_shaped("An") && !name_shaped("Danh sách lớp"));
        assert_eq!(key_shape("HS0012"), key_shape("HS0013"));
        assert_ne!(key_shape("CK21A"), key_shape("HS0013"));
    }

    #[test]
    fn many_blocks_stream_through_without_rows_held_back() {
        let catalog = crate::schema::load_catalog(None, Lang::Vi).unwrap();
        let ctx = Ctx {
            matchers: catalog.sources.iter().map(Matcher::new).collect(),
            catalog: &catalog,
            units: UnitIndex::new(&[]),
            lang: Lang::Vi,
            docs: &[],
            memo: true,
            pipe: crate::ingest::workbook::Pipe::Auto,
            unpack: true,
        };
        let file = FileCtx {
            display: "ds.xlsx",
            index: 0,
            folder_unit: None,
            period: None,
            is_1904: false,
            font: None,
        };
        let (mut issues, mut strings) = (Vec::new(), Strings::default());
        let mut reader = SheetReader::new(&ctx, &file, 0, "DS", false, &mut issues, &mut strings);
        let mut r = 0;
        let mut most_held = 0;
        for b in 0..2000 {
            let mut rows = vec![
                Row::of_texts(r, &[&format!("DANH SÁCH LỚP L{b}")]),
                Row::of_texts(r + 1, &["STT", "Mã HS", "Họ và tên", "Lớp"]),
            ];
            for i in 0..5 {
                let k = b * 5 + i;
                rows.push(Row::of_texts(
                    r + 2 + i,
                    &["", &format!("HS{k:05}"), "Nguyễn Văn An", &format!("L{b}")],
                ));
            }
            rows.push(Row::of_texts(r + 7, &["Cộng", "", "5 học sinh"]));
            r += 9;
            for row in rows {
                assert_eq!(reader.row(row), Flow::More);
                most_held = most_held.max(reader.scanned.len());
            }
        }
        assert!(most_held <= SCAN_ROWS + 1, "{most_held} rows held");
        assert!(
            reader.scanned.is_empty(),
            "nothing held once the header is known"
        );
        let out = reader.finish();
        assert_eq!(out.records.len(), 10_000);
        assert_eq!(out.records.records()[9_999].origin.row, 2000 * 9 - 2);
        assert!(issues.is_empty());
    }
}
