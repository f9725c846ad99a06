//! Objective definitions (`muc-tieu/*.toml`): documents, objectives, indicators, targets and
//! filters, all checked against the source schemas before any workbook is read.

pub mod filter;
pub mod target;

mod load;

pub use filter::Filter;
pub use load::{decode_text, load_definitions, load_document, toml_error};
pub use target::{Cmp, Target};

use chrono::NaiveDate;

/// One definitions file: the objectives of a unit (or of the whole school) for a school year,
/// with what the documents about them need (school, decision, signer…).
#[derive(Debug, Clone)]
pub struct Document {
    /// Path as shown and written in `ket-qua.json`: relative to the workspace, `/`-separated.
    pub file: String,
    pub school: String,
    pub governing_body: String,
    pub unit: String,
    pub unit_aliases: Vec<String>,
    pub scope: Scope,
    pub school_year: String,
    pub decision: Option<Decision>,
    pub place: String,
    pub signer: Option<Signer>,
    pub recipients: Vec<String>,
    pub policy: Vec<String>,
    pub grounds: Vec<String>,
    pub objectives: Vec<Objective>,
}

impl Document {
    /// The folder and file-name slug of this document's reports ("khoa-co-khi").
    pub fn slug(&self) -> String {
        crate::text::slug(&self.unit)
    }

    pub fn indicators(&self) -> impl Iterator<Item = (&Objective, &Indicator)> {
        self.objectives
            .iter()
            .flat_map(|o| o.indicators.iter().map(move |i| (o, i)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The unit's own records.
    Unit,
    /// Every record of the run.
    School,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Unit => "unit",
            Scope::School => "school",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// Opaque number-and-symbol string, printed as given ("554/QĐ-TCKTKTNHC-TTĐBCL").
    pub number: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Signer {
    pub title: String,
    pub name: String,
}

/// A mục tiêu with its row of the implementation plan (measures, lead, partners, deadline,
/// evidence) and the indicators that measure it.
#[derive(Debug, Clone)]
pub struct Objective {
    pub id: String,
    pub text: String,
    pub measures: Vec<String>,
    /// Đơn vị chủ trì: usually one, sometimes several.
    pub lead: Vec<String>,
    pub partners: Vec<String>,
    pub deadline: String,
    pub evidence: Vec<String>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub label: String,
    /// Id of the source schema the indicator reads.
    pub source: String,
    pub measure: Measure,
    /// Field index in the source: computed per group, achieved only if every group is.
    pub per: Option<usize>,
    /// Groups that must appear even with no rows (they then count 0), as written.
    pub groups: Vec<String>,
    pub target: Target,
}

/// What an indicator computes, chosen by the keys present in its definition.
#[derive(Debug, Clone)]
pub enum Measure {
    /// `count` + `of`: the share of the `of` rows that also pass `count`, as a percentage.
    Share { count: Filter, of: Filter },
    /// `count` alone: the number of rows, or with `distinct` the number of distinct values
    /// of that field among them.
    Count {
        count: Filter,
        distinct: Option<usize>,
    },
    /// `sum` + `of_sum` (+ `where`): Σsum / Σof_sum over the rows that pass, as a percentage.
    Sum {
        sum: usize,
        of_sum: usize,
        filter: Filter,
    },
}

impl Measure {
    /// Whether the value is a percentage (ratio kinds) rather than a count.
    pub fn is_percent(&self) -> bool {
        !matches!(self, Measure::Count { .. })
    }
}
