//! What reading produces and every later stage consumes: the files seen, the typed records
//! of each source with their provenance, and the issues found. Compute and reports never
//! look at a workbook; they look at this.

use serde::Serialize;

use crate::model::{Fields, Origin, Strings, Sym, Value};

/// Everything read from `du-lieu/` in one run.
#[derive(Debug, Default)]
pub struct Dataset {
    pub strings: Strings,
    /// Every file found, in path order (read, skipped or unreadable). `Origin::file`
    /// indexes this list, and `Origin::sheet` indexes the file's `sheets`.
    pub files: Vec<FileReport>,
    /// One table per source of the catalogue, in catalogue order.
    pub tables: Vec<Table>,
    /// Every issue, in file, sheet, row order.
    pub issues: Vec<Issue>,
}

impl Dataset {
    /// An empty dataset with one table per source.
    pub fn new(sources: usize) -> Dataset {
        Dataset {
            tables: (0..sources).map(|_| Table::default()).collect(),
            ..Dataset::default()
        }
    }

    pub fn errors(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.issues.len() - self.errors()
    }

    pub fn records(&self) -> usize {
        self.tables.iter().map(Table::len).sum()
    }

    /// "du-lieu/a.xlsx", "DS HS", 12 — where a record came from, as a person finds it.
    pub fn place(&self, o: Origin) -> (&str, &str, u32) {
        let f = &self.files[o.file as usize];
        (&f.path, &f.sheets[o.sheet as usize].name, o.row)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileReport {
    /// Relative to the workspace, `/`-separated.
    pub path: String,
    pub status: FileStatus,
    pub sheets: Vec<SheetReport>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    Read,
    Skipped,
    Unreadable,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SheetReport {
    pub name: String,
    /// The source the sheet was recognised as; `None` for an unknown sheet.
    pub source: Option<String>,
    /// 1-based row of the (last) header row.
    pub header_row: Option<u32>,
    /// Ids of the source's fields found among the headers (not in `ket-qua.json`): what
    /// `field-not-found` looks at.
    #[serde(skip)]
    pub fields: Vec<String>,
    /// Header texts of the columns that matched no field, the STT column aside: `check`
    /// lists them (information, not an issue).
    #[serde(skip)]
    pub unmatched: Vec<String>,
    pub records: u32,
    pub hidden: bool,
    /// The legacy encoding the sheet's text was converted from; absent for Unicode text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<Encoding>,
}

/// A legacy 8-bit encoding of Vietnamese: TCVN3 (ABC, the `.Vn…` fonts) or VNI-Windows
/// (the `VNI-…` fonts).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Tcvn3,
    Vni,
}

impl Encoding {
    /// The name people know it by: "TCVN3", "VNI".
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Tcvn3 => "TCVN3",
            Encoding::Vni => "VNI",
        }
    }
}

/// The records of one source, from every file. A record is its index: its provenance,
/// unit, period and exclusion in [`Record`], its values in one column per field — no heap
/// block per record. A column holds 4-byte words while every value of it fits one
/// ([`Value::pack_narrow`]: texts, enums, dates, flags, small integers) and 8-byte words
/// once one does not (numbers: [`Value::pack`]). Two million records of fifteen fields
/// took 512 MB as boxed slices of 16-byte values; about 130 MB so.
#[derive(Debug, Default, Clone)]
pub struct Table {
    records: Vec<Record>,
    columns: Vec<Column>,
    /// The integers too large for an 8-byte word's payload ([`Value::pack`]).
    big: Vec<i64>,
    /// The records of each unit ([`Table::of_unit`]), made when first asked for; a change
    /// to which records the table holds drops it.
    units: std::sync::OnceLock<Vec<Vec<u32>>>,
}

#[derive(Debug, Clone)]
enum Column {
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

impl Column {
    fn push(&mut self, v: Value, big: &mut Vec<i64>) {
        match self {
            Column::Narrow(words) => match v.pack_narrow() {
                Some(w) => words.push(w),
                None => {
                    let mut wide: Vec<u64> = Vec::with_capacity(words.capacity().max(1));
                    wide.extend(words.iter().map(|&w| Value::unpack_narrow(w).pack(big)));
                    wide.push(v.pack(big));
                    *self = Column::Wide(wide);
                }
            },
            Column::Wide(words) => words.push(v.pack(big)),
        }
    }

    fn get(&self, i: usize, big: &[i64]) -> Value {
        match self {
            Column::Narrow(words) => Value::unpack_narrow(words[i]),
            Column::Wide(words) => Value::unpack(words[i], big),
        }
    }

    fn truncate(&mut self, n: usize) {
        match self {
            Column::Narrow(words) => words.truncate(n),
            Column::Wide(words) => words.truncate(n),
        }
    }

    /// Moves the value of record `from` to record `to` (`to` ≤ `from`).
    fn shift(&mut self, from: usize, to: usize) {
        match self {
            Column::Narrow(words) => words[to] = words[from],
            Column::Wide(words) => words[to] = words[from],
        }
    }
}

/// The values of one record of a [`Table`], read by field index.
#[derive(Clone, Copy)]
pub struct Values<'a> {
    table: &'a Table,
    row: usize,
}

impl<'a> Values<'a> {
    /// The value of field `f` (in the source schema's field order).
    pub fn get(&self, f: usize) -> Value {
        self.table.columns[f].get(self.row, &self.table.big)
    }

    pub fn iter(&self) -> impl Iterator<Item = Value> + 'a {
        let Values { table, row } = *self;
        table.columns.iter().map(move |c| c.get(row, &table.big))
    }

    pub fn to_vec(&self) -> Vec<Value> {
        self.iter().collect()
    }
}

/// The record's values, not the table's.
impl std::fmt::Debug for Values<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A field beyond the record's reads as empty.
impl Fields for Values<'_> {
    fn value(&self, f: usize) -> Value {
        match self.table.columns.get(f) {
            Some(c) => c.get(self.row, &self.table.big),
            None => Value::Empty,
        }
    }
}

/// A record of a [`Table`]: what [`Record`] says of it, and its values.
#[derive(Debug, Clone, Copy)]
pub struct Rec<'a> {
    pub record: &'a Record,
    pub values: Values<'a>,
}

impl std::ops::Deref for Rec<'_> {
    type Target = Record;
    fn deref(&self) -> &Record {
        self.record
    }
}

impl Table {
    /// Adds a record; every record of a table has the same number of values.
    pub fn push(&mut self, values: &[Value], record: Record) {
        if self.records.is_empty() && self.columns.is_empty() {
            self.columns = vec![Column::Narrow(Vec::new()); values.len()];
        }
        assert_eq!(
            values.len(),
            self.columns.len(),
            "one value per field of the source"
        );
        for (c, &v) in self.columns.iter_mut().zip(values) {
            c.push(v, &mut self.big);
        }
        self.records.push(record);
        self.units.take();
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// What each record is, by index, without its values.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    pub fn values(&self, i: usize) -> Values<'_> {
        assert!(
            i < self.records.len(),
            "record {i} of {}",
            self.records.len()
        );
        Values {
            table: self,
            row: i,
        }
    }

    pub fn get(&self, i: usize) -> Rec<'_> {
        Rec {
            record: &self.records[i],
            values: self.values(i),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Rec<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The indices of unit `unit`'s records, in order: every unit's are found in one pass,
    /// the first time any is asked for, so that reports per unit do not each go through
    /// every record of a school.
    pub fn of_unit(&self, unit: u16) -> &[u32] {
        let units = self.units.get_or_init(|| {
            let mut units: Vec<Vec<u32>> = Vec::new();
            for (i, r) in self.records.iter().enumerate() {
                if let Some(u) = r.unit {
                    let u = u as usize;
                    if units.len() <= u {
                        units.resize_with(u + 1, Vec::new);
                    }
                    units[u].push(i as u32);
                }
            }
            units
        });
        units.get(unit as usize).map_or(&[], Vec::as_slice)
    }

    /// Marks record `i` excluded from every indicator (a duplicate key found across files).
    pub fn exclude(&mut self, i: usize) {
        self.records[i].excluded = true;
    }

    /// Keeps the records `keep` says yes to, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Record) -> bool) {
        let mut at = 0;
        for i in 0..self.records.len() {
            if keep(&self.records[i]) {
                self.records.swap(at, i);
                for c in &mut self.columns {
                    c.shift(i, at);
                }
                at += 1;
            }
        }
        self.records.truncate(at);
        for c in &mut self.columns {
            c.truncate(at);
        }
        self.units.take();
    }

    /// Sets every record's origin to file `file` (a file's table taken as it is).
    pub fn set_file(&mut self, file: u32) {
        for r in &mut self.records {
            r.origin.file = file;
        }
    }

    /// Appends every record of `other` (a file's own table), each text value mapped
    /// through `map` (the file's symbols in the run's string table) and each record's
    /// origin set to file `file`.
    pub fn append_mapped(&mut self, other: Table, map: &[Sym], file: u32) {
        if other.is_empty() {
            return;
        }
        self.units.take();
        if self.is_empty() && self.columns.is_empty() {
            self.columns = vec![Column::Narrow(Vec::new()); other.columns.len()];
        }
        assert_eq!(
            self.columns.len(),
            other.columns.len(),
            "one value per field of the source"
        );
        // Column by column: a file's narrow column of texts and enums is copied word for
        // word, only its texts' symbols changed.
        for (c, o) in self.columns.iter_mut().zip(&other.columns) {
            let mapped = |v: Value| match v {
                Value::Text(s) => Value::Text(map[s.0 as usize]),
                v => v,
            };
            match o {
                Column::Narrow(words) => {
                    for &w in words {
                        match (&mut *c, Value::unpack_narrow(w)) {
                            (_, v @ Value::Text(_)) => c.push(mapped(v), &mut self.big),
                            (Column::Narrow(mine), _) => mine.push(w),
                            (_, v) => c.push(v, &mut self.big),
                        }
                    }
                }
                Column::Wide(words) => {
                    for &w in words {
                        c.push(mapped(Value::unpack(w, &other.big)), &mut self.big);
                    }
                }
            }
        }
        self.records.extend(other.records.iter().map(|r| Record {
            origin: Origin { file, ..r.origin },
            ..*r
        }));
    }
}

/// What a record of a [`Table`] is besides its values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record {
    pub origin: Origin,
    /// Index of the unit-scope document the record belongs to, if its unit matched one.
    pub unit: Option<u16>,
    /// A row with any error is excluded from every indicator (and counted as excluded).
    pub excluded: bool,
    /// The period the record belongs to (its `hoc_ky` cell, else its folder or file
    /// name); `None`: every period's.
    pub period: Option<crate::period::Period>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the data, located as precisely as it can be.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Issue {
    pub severity: Severity,
    /// Stable code users and tests match on (`invalid-value`, `duplicate-key`…).
    pub code: &'static str,
    pub file: String,
    /// Empty for a file-level issue.
    pub sheet: String,
    /// A1 reference; empty when the issue is about a whole file or sheet.
    pub cell: String,
    /// 1-based row as Excel shows it; `None` for a file- or sheet-level issue.
    pub row: Option<u32>,
    /// Field id; empty when the issue is not about one field.
    pub field: String,
    /// The value as found in the cell.
    pub value: String,
    /// In the run's language: what is wrong and, where possible, what was meant.
    pub message: String,
}

/// What is wrong with a cell for its field (found by reading; validation names it).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Not a value of the field's type (`expected` is the type).
    Type,
    /// Not one of the enum's values; the nearest allowed value, if any is close.
    Invalid {
        suggestion: Option<String>,
    },
    OutOfRange,
    Missing,
    Formula,
    /// A number typed as text that reads two ways in its field ("1.200" in a score): the
    /// decimal reading, then the thousands reading.
    TwoWays(f64, f64),
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
    /// A sheet has more than `limit` cells.
    TooManyCells {
        sheet: String,
        limit: u64,
    },
    /// A sheet of a format parsed whole spans more than `limit` cells (up to `cell`).
    TooWide {
        cell: String,
        limit: u64,
    },
    Panic(String),
    /// Another program holds the file open without sharing it (Excel on Windows).
    InUse,
}

/// "B", 12 → "B12" (`row` 1-based, `col` 0-based): how an issue names its cell.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(row: u32) -> Record {
        Record {
            origin: Origin {
                file: 0,
                sheet: 0,
                row,
            },
            unit: None,
            excluded: false,
            period: None,
        }
    }

    #[test]
    fn each_units_records_are_found_again_after_the_table_changes() {
        let mut t = Table::default();
        for (row, unit) in [(1, Some(2)), (2, None), (3, Some(0)), (4, Some(2))] {
            t.push(
                &[Value::Int(row.into())],
                Record {
                    unit,
                    ..record(row)
                },
            );
        }
        assert_eq!(t.of_unit(2), [0, 3]);
        assert_eq!(t.of_unit(0), [2]);
        assert_eq!(t.of_unit(1), [] as [u32; 0]);
        assert_eq!(t.of_unit(9), [] as [u32; 0]);
        t.push(
            &[Value::Int(5)],
            Record {
                unit: Some(1),
                ..record(5)
            },
        );
        assert_eq!(t.of_unit(1), [4], "a record pushed after the first look");
        t.retain(|r| r.origin.row != 1);
        assert_eq!(t.of_unit(2), [2], "indices after a record is dropped");
        let mut other = Table::default();
        other.push(
            &[Value::Int(6)],
            Record {
                unit: Some(2),
                ..record(6)
            },
        );
        t.append_mapped(other, &[], 1);
        assert_eq!(t.of_unit(2), [2, 4]);
        assert_eq!(t.get(4).values.get(0), Value::Int(6));
    }

    #[test]
    fn a_table_gives_back_every_value_it_was_given() {
        let mut t = Table::default();
        let rows = [
            vec![Value::Text(Sym(3)), Value::Int(7), Value::Enum(2)],
            vec![Value::Empty, Value::Int(-40), Value::Bool(true)],
            // A number, then an integer beyond 8 bytes' payload: the column widens, and
            // what it held before reads the same.
            vec![
                Value::Text(Sym(4)),
                Value::Number(6.95),
                Value::Date(738_000),
            ],
            vec![Value::Text(Sym(5)), Value::Int(i64::MAX), Value::Empty],
        ];
        for (i, r) in rows.iter().enumerate() {
            t.push(r, record(i as u32 + 2));
        }
        assert_eq!(t.len(), 4);
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(&t.values(i).to_vec(), r);
            assert_eq!(t.get(i).origin.row, i as u32 + 2);
        }
        assert_eq!(
            t.values(1).value(7),
            Value::Empty,
            "a field beyond reads empty"
        );

        t.retain(|r| r.origin.row != 3);
        assert_eq!(t.len(), 3);
        assert_eq!(t.values(1).to_vec(), rows[2]);
        assert_eq!(t.values(2).to_vec(), rows[3]);

        let mut run = Table::default();
        run.push(&rows[1], record(9));
        let map: Vec<Sym> = (0..6).map(|k| Sym(100 + k)).collect();
        run.append_mapped(t, &map, 7);
        assert_eq!(run.len(), 4);
        assert_eq!(run.values(1).get(0), Value::Text(Sym(103)));
        assert_eq!(run.values(3).get(1), Value::Int(i64::MAX));
        assert_eq!(run.get(3).origin.file, 7);
        assert_eq!(run.get(0).origin.file, 0);

        // A file whose column is narrow, into the run's column widened before.
        let mut small = Table::default();
        small.push(
            &[Value::Text(Sym(1)), Value::Int(5), Value::Enum(1)],
            record(4),
        );
        run.append_mapped(small, &map, 8);
        assert_eq!(
            run.values(4).to_vec(),
            [Value::Text(Sym(101)), Value::Int(5), Value::Enum(1)]
        );
        assert_eq!(run.values(3).get(1), Value::Int(i64::MAX));
        run.append_mapped(Table::default(), &map, 9);
        assert_eq!(run.len(), 5);
    }
}
