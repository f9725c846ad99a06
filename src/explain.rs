//! Explanations: the causes and corrective actions (`giai_trinh` records) of objectives and
//! indicators not achieved. An explanation is data like any other source; this module only
//! says which document, objective and indicator a record explains, so that the reports can
//! place it and reading can warn about one that explains nothing.
//!
//! Architecture invariant: nothing here opens a workbook or decides a verdict.

use std::collections::BTreeMap;

use crate::dataset::{Dataset, Rec, Record};
use crate::definitions::{Document, Scope};
use crate::model::Value;
use crate::schema::{Catalog, Source};

/// The id of the built-in source of explanations.
pub const SOURCE: &str = "giai_trinh";

/// What one record says about an objective or indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explanation {
    pub cause: String,
    pub action: String,
    /// Người giải trình: who gave it (shown again in the next form, not in the reports).
    pub person: String,
}

/// The explanations of one document, by (objective id, indicator id); the indicator id is
/// empty for an explanation of the whole objective. Ids are the document's own spelling.
#[derive(Debug, Clone, Default)]
pub struct Explanations {
    pub by_id: BTreeMap<(String, String), Explanation>,
}

impl Explanations {
    /// The explanation of an indicator of objective `objective`, if any.
    pub fn indicator(&self, objective: &str, indicator: &str) -> Option<&Explanation> {
        self.by_id
            .get(&(objective.to_string(), indicator.to_string()))
    }

    /// The explanation of objective `objective` as a whole, if any.
    pub fn objective(&self, objective: &str) -> Option<&Explanation> {
        self.by_id.get(&(objective.to_string(), String::new()))
    }
}

/// What a `giai_trinh` record names, resolved against `doc`: the objective's and the
/// indicator's ids as the document spells them, or which one names nothing.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    Objective(String),
    Indicator(String, String),
    UnknownObjective,
    UnknownIndicator,
}

/// Resolves the ids of an explanation against a document; ids compare trimmed and without
/// case ("4A" is "4a").
pub fn resolve(doc: &Document, objective: &str, indicator: &str) -> Target {
    let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
    let Some(o) = doc.objectives.iter().find(|o| same(&o.id, objective)) else {
        return Target::UnknownObjective;
    };
    if indicator.trim().is_empty() {
        return Target::Objective(o.id.clone());
    }
    match o.indicators.iter().find(|i| same(&i.id, indicator)) {
        Some(i) => Target::Indicator(o.id.clone(), i.id.clone()),
        None => Target::UnknownIndicator,
    }
}

/// The document a `giai_trinh` record belongs to: its unit's document, or — for a record of
/// no unit document — the first school-scope document.
pub fn document_of(record: &Record, docs: &[Document]) -> Option<usize> {
    match record.unit {
        Some(u) => Some(u as usize),
        None => docs.iter().position(|d| d.scope == Scope::School),
    }
}

/// The text of field `id` of a record ("" when empty or absent).
pub fn text(source: &Source, record: Rec, data: &Dataset, id: &str) -> String {
    let Some(f) = source.field_index(id) else {
        return String::new();
    };
    match record.values.get(f) {
        Value::Text(s) => data.strings.get(s).trim().to_string(),
        Value::Empty => String::new(),
        ref v => crate::ingest::show(v, source, f, &data.strings),
    }
}

/// The explanations of document `doc` (number `d` of the run), from the `giai_trinh`
/// records without errors: those of its unit, or for a school-scope document those of no
/// unit document. A later record of the same ids adds its text after the earlier one's.
pub fn for_document(d: usize, doc: &Document, catalog: &Catalog, data: &Dataset) -> Explanations {
    let mut out = Explanations::default();
    let Some(s) = catalog.sources.iter().position(|x| x.id == SOURCE) else {
        return out;
    };
    let source = &catalog.sources[s];
    for r in data.tables[s].iter() {
        let mine = match r.unit {
            Some(u) => u as usize == d,
            None => doc.scope == Scope::School,
        };
        if r.excluded || !mine {
            continue;
        }
        let key = match resolve(
            doc,
            &text(source, r, data, "ma_muc_tieu"),
            &text(source, r, data, "ma_chi_so"),
        ) {
            Target::Objective(o) => (o, String::new()),
            Target::Indicator(o, i) => (o, i),
            _ => continue,
        };
        let (cause, action) = (
            text(source, r, data, "nguyen_nhan"),
            text(source, r, data, "bien_phap"),
        );
        if cause.is_empty() && action.is_empty() {
            continue;
        }
        let e = out.by_id.entry(key).or_default();
        let person = text(source, r, data, "nguoi_giai_trinh");
        if !person.is_empty() {
            e.person = person;
        }
        for (into, add) in [(&mut e.cause, cause), (&mut e.action, action)] {
            if add.is_empty() {
                continue;
            }
            if !into.is_empty() {
                into.push('\n');
            }
            into.push_str(&add);
        }
    }
    out
}

/// One `unknown-reference` warning per explanation whose ids name no objective, or no
/// indicator of the objective, in its unit's document; the cell is the id that names
/// nothing. Nothing is dropped: the record stays in the data.
pub(crate) fn check_references(
    data: &Dataset,
    catalog: &Catalog,
    docs: &[Document],
    lang: crate::i18n::Lang,
    cols: &[Vec<Vec<Option<u32>>>],
    issues: &mut Vec<(u32, crate::ingest::Sorted)>,
) {
    let Some(s) = catalog.sources.iter().position(|x| x.id == SOURCE) else {
        return;
    };
    let source = &catalog.sources[s];
    for r in data.tables[s].iter() {
        if r.excluded {
            continue;
        }
        let Some(d) = document_of(&r, docs) else {
            continue;
        };
        let doc = &docs[d];
        let objective = text(source, r, data, "ma_muc_tieu");
        let indicator = text(source, r, data, "ma_chi_so");
        let (field, value) = match resolve(doc, &objective, &indicator) {
            Target::UnknownObjective => ("ma_muc_tieu", objective.clone()),
            Target::UnknownIndicator => ("ma_chi_so", indicator.clone()),
            _ => continue,
        };
        let Some(f) = source.field_index(field) else {
            continue;
        };
        let o = r.origin;
        let col = cols[o.file as usize][o.sheet as usize]
            .get(f)
            .copied()
            .flatten()
            .unwrap_or(0);
        let (file, sheet, _) = data.place(o);
        let unit = doc.unit.trim();
        let message = if field == "ma_muc_tieu" {
            crate::tr!(
                lang,
                "Mã mục tiêu '{value}' không có trong mục tiêu của {unit}: giải trình này không gắn với mục tiêu nào",
                "Objective id '{value}' is not an objective of {unit}: this explanation explains nothing"
            )
        } else {
            crate::tr!(
                lang,
                "Mã chỉ số '{value}' không có trong mục tiêu {objective} của {unit}: giải trình này không gắn với chỉ số nào",
                "Indicator id '{value}' is not in objective {objective} of {unit}: this explanation explains nothing"
            )
        };
        let at = crate::validate::At {
            file,
            sheet,
            row: Some(o.row),
            col: Some(col),
        };
        issues.push((
            o.file,
            crate::ingest::Sorted {
                sheet: Some(o.sheet),
                row: o.row,
                col,
                issue: crate::validate::issue("unknown-reference", at, field, &value, message),
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let text = r#"
[document]
school = "Trường A"
unit = "Khoa Cơ khí"
scope = "unit"
school_year = "2021 - 2022"

[[objective]]
id = "3"
text = "Hội thi"

  [[objective.indicator]]
  id = "3b"
  label = "Tỷ lệ công nhận"
  source = "hoi_thi"
  count = "ket_qua == 'Công nhận'"
  target = "100%"
"#;
        let catalog = crate::schema::load_catalog(None, crate::i18n::Lang::Vi).unwrap();
        crate::definitions::load_document("k.toml", text, &catalog, crate::i18n::Lang::Vi)
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn ids_resolve_trimmed_and_without_case_to_the_documents_spelling() {
        let d = doc();
        assert_eq!(resolve(&d, " 3 ", ""), Target::Objective("3".into()));
        assert_eq!(
            resolve(&d, "3", "3B"),
            Target::Indicator("3".into(), "3b".into())
        );
        assert_eq!(resolve(&d, "9", ""), Target::UnknownObjective);
        assert_eq!(resolve(&d, "3", "3c"), Target::UnknownIndicator);
    }
}
