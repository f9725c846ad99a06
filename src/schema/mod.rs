//! Source schemas: what kinds of table a workbook sheet can be, their fields, the header
//! texts that identify each field, types, keys and consistency bands.
//!
//! The built-in catalogue is `templates/*.toml`, compiled in; a workspace's
//! `nguon-du-lieu.toml` replaces sources with the same id and adds new ones.

mod load;

pub use load::{load_catalog, parse_schema_file};

use rustc_hash::FxHashMap;

use crate::text::{fold, strip_accents};

/// The file in a workspace that overrides or extends the built-in sources.
pub const WORKSPACE_SCHEMA_FILE: &str = "nguon-du-lieu.toml";

/// The built-in schema files, in catalogue order.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "templates/hoc_sinh.toml",
        include_str!("../../templates/hoc_sinh.toml"),
    ),
    (
        "templates/giao_vien.toml",
        include_str!("../../templates/giao_vien.toml"),
    ),
    (
        "templates/viec_lam.toml",
        include_str!("../../templates/viec_lam.toml"),
    ),
    (
        "templates/doanh_nghiep.toml",
        include_str!("../../templates/doanh_nghiep.toml"),
    ),
    (
        "templates/hoi_thi.toml",
        include_str!("../../templates/hoi_thi.toml"),
    ),
    (
        "templates/tuyen_sinh.toml",
        include_str!("../../templates/tuyen_sinh.toml"),
    ),
    (
        "templates/thiet_bi.toml",
        include_str!("../../templates/thiet_bi.toml"),
    ),
    (
        "templates/y_kien_nguoi_hoc.toml",
        include_str!("../../templates/y_kien_nguoi_hoc.toml"),
    ),
    (
        "templates/chuong_trinh.toml",
        include_str!("../../templates/chuong_trinh.toml"),
    ),
    (
        "templates/tien_do.toml",
        include_str!("../../templates/tien_do.toml"),
    ),
    (
        "templates/giai_trinh.toml",
        include_str!("../../templates/giai_trinh.toml"),
    ),
];

/// Every source known to a run.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub sources: Vec<Source>,
}

impl Catalog {
    pub fn get(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.sources.iter().map(|s| s.id.as_str())
    }
}

/// A kind of table (hoc_sinh, giao_vien, …).
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    /// Indexes into `fields`; unique within a reporting period (SPEC "Periods"). Empty: no key.
    pub key: Vec<usize>,
    pub unit_field: Option<usize>,
    pub fields: Vec<Field>,
    pub bands: Vec<Band>,
}

impl Source {
    pub fn field_index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Integer,
    Number,
    Percent,
    Date,
    Bool,
    Enum,
}

impl FieldType {
    pub fn parse(s: &str) -> Option<FieldType> {
        Some(match s {
            "text" => FieldType::Text,
            "integer" => FieldType::Integer,
            "number" => FieldType::Number,
            "percent" => FieldType::Percent,
            "date" => FieldType::Date,
            "bool" => FieldType::Bool,
            "enum" => FieldType::Enum,
            _ => return None,
        })
    }

    /// The type in words, as `mtcl nguon` and messages say it ("có/không", not "bool").
    pub fn words(self, lang: crate::i18n::Lang) -> &'static str {
        let (vi, en) = match self {
            FieldType::Text => ("văn bản", "text"),
            FieldType::Integer => ("số nguyên", "integer"),
            FieldType::Number => ("số", "number"),
            FieldType::Percent => ("phần trăm", "percent"),
            FieldType::Date => ("ngày", "date"),
            FieldType::Bool => ("có/không", "yes/no"),
            FieldType::Enum => ("chọn trong danh sách", "one of a list"),
        };
        match lang {
            crate::i18n::Lang::Vi => vi,
            crate::i18n::Lang::En => en,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Percent => "percent",
            FieldType::Date => "date",
            FieldType::Bool => "bool",
            FieldType::Enum => "enum",
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::Number | FieldType::Percent
        )
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: String,
    /// Header texts that identify the column; the first is canonical.
    pub headers: Vec<String>,
    /// Alternatively, columns whose values are joined with a space to make this field
    /// ("Họ đệm" + "Tên" → `ho_ten`).
    pub parts: Vec<String>,
    pub kind: FieldType,
    pub values: Vec<EnumValue>,
    pub required: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// `source.field` whose values this field must be found among (a warning if not).
    pub references: Option<(String, String)>,
    /// The folded and accent-stripped forms of `values`, built on first use: enum cells
    /// are matched millions of times, their values folded once.
    pub lookup: std::sync::OnceLock<EnumLookup>,
}

/// [`Field::enum_index`]'s tables.
#[derive(Debug, Clone, Default)]
pub struct EnumLookup {
    exact: FxHashMap<String, u16>,
    /// `None` where two values share an accent-stripped form.
    loose: FxHashMap<String, Option<u16>>,
}

impl EnumLookup {
    fn new(values: &[EnumValue]) -> EnumLookup {
        let mut l = EnumLookup::default();
        for (i, v) in values.iter().enumerate() {
            for name in std::iter::once(&v.value).chain(&v.aliases) {
                l.exact.entry(fold(name)).or_insert(i as u16);
                l.loose
                    .entry(strip_accents(name))
                    .and_modify(|e| {
                        if *e != Some(i as u16) {
                            *e = None
                        }
                    })
                    .or_insert(Some(i as u16));
            }
        }
        l
    }
}

impl Field {
    pub fn canonical_header(&self) -> &str {
        &self.headers[0]
    }

    /// The canonical index of an enum value as written in a cell or a filter: exact match
    /// (after folding) on a value or an alias first; then the accent-stripped form, only
    /// when it picks out exactly one value.
    pub fn enum_index(&self, written: &str) -> Option<u16> {
        let l = self.lookup.get_or_init(|| EnumLookup::new(&self.values));
        if let Some(&i) = l.exact.get(&fold(written)) {
            return Some(i);
        }
        l.loose.get(&strip_accents(written)).copied().flatten()
    }

    pub fn value_names(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(|v| v.value.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub value: String,
    pub aliases: Vec<String>,
}

/// A consistency rule between a score and its class (`diem_tb` ↔ `hoc_luc`): a class value
/// whose band does not contain the score gives an `inconsistent-value` warning.
#[derive(Debug, Clone)]
pub struct Band {
    pub field: usize,
    pub class: usize,
    pub ranges: Vec<BandRange>,
}

#[derive(Debug, Clone)]
pub struct BandRange {
    /// Enum index in the class field.
    pub value: u16,
    pub min: Option<f64>,
    pub below: Option<f64>,
}

impl BandRange {
    pub fn contains(&self, x: f64) -> bool {
        self.min.is_none_or(|m| x >= m - 1e-9) && self.below.is_none_or(|b| x < b - 1e-9)
    }
}
