//! What reading produces and every later stage consumes: the files seen, the typed records
//! of each source with their provenance, and the issues found. Compute and reports never
//! look at a workbook; they look at this.

use serde::Serialize;

use crate::model::{Origin, Strings, Value};

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
        self.tables.iter().map(|t| t.records.len()).sum()
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

/// The records of one source, from every file.
#[derive(Debug, Default, Clone)]
pub struct Table {
    pub records: Vec<Record>,
}

#[derive(Debug, Clone)]
pub struct Record {
    /// In the source schema's field order.
    pub values: Box<[Value]>,
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
