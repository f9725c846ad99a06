//! Indicator evaluation: for every document, every indicator over the records in its scope,
//! with exact ratios, per-group results, and the list of records behind every figure.
//!
//! Architecture invariant: compute knows records and definitions only — never workbooks,
//! calamine or file formats; of the sheets it knows only which fields each had a column for
//! (`SheetReport::fields`, by a record's origin). Results do not depend on the number of
//! threads.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;

use crate::dataset::{Dataset, Table};
use crate::definitions::{Cmp, Document, Filter, Indicator, Measure, Scope, Target};
use crate::exact::Ratio;
use crate::model::{Fields, Origin, Strings, Value};
use crate::schema::{Catalog, Field};

/// The results of a run, one per document, in document order.
#[derive(Debug, Clone)]
pub struct Results {
    pub documents: Vec<DocumentResult>,
}

#[derive(Debug, Clone)]
pub struct DocumentResult {
    pub objectives: Vec<ObjectiveResult>,
}

#[derive(Debug, Clone)]
pub struct ObjectiveResult {
    /// `Some(true)` when every indicator is achieved, `Some(false)` when any is not,
    /// `None` (no data) otherwise.
    pub achieved: Option<bool>,
    /// The verdict could change had the excluded rows of its indicators been counted.
    pub uncertain: bool,
    pub indicators: Vec<IndicatorResult>,
}

#[derive(Debug, Clone)]
pub struct IndicatorResult {
    pub figure: Figure,
    /// In-scope records of the source that were excluded for errors.
    pub excluded_rows: u64,
    pub achieved: Option<bool>,
    /// SPEC *uncertain*: the verdict would change had the excluded rows been counted, each
    /// either way (in the numerator, or only in the denominator).
    pub uncertain: bool,
    /// Present only with `per`: listed groups first (in listed order), then the others
    /// by name.
    pub groups: Vec<GroupResult>,
    /// The records behind the figure (index into the source's table), in table order.
    pub members: Vec<(u32, Mark)>,
    /// The header of a field the figure is read from (`count`, `distinct`, `sum`, `of_sum`)
    /// that no sheet of the indicator's rows has a column for. The indicator then has no
    /// data: a semester's results without the year's "Lên lớp" column must not read 0%.
    pub missing_column: Option<String>,
    /// The indicator's rows of the source (the unit's, or every row for the school) in the
    /// run's period that have no error, whether or not they are in the denominator: tells
    /// "no row at all" from "no row meets `of`" when there is no figure.
    pub valid_rows: u64,
    /// The run has no record of the indicator's source at all, of any unit (no workbook
    /// of it in `du-lieu/`, or only empty ones): a count of 0 then says so beside its
    /// verdict, so that "Không đạt" for an award is not read as a fact when the register
    /// was never dropped in.
    pub no_records: bool,
}

/// A computed figure: numerator, denominator and the value they give.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// The count, the distinct count or Σsum.
    pub numerator: Ratio,
    /// The row count of `of` or Σof_sum; `None` for counts.
    pub denominator: Option<Ratio>,
    /// A percentage for shares and sums, the count for counts; `None` when the
    /// denominator is 0 (no data).
    pub value: Option<Ratio>,
}

#[derive(Debug, Clone)]
pub struct GroupResult {
    pub group: String,
    pub figure: Figure,
    pub achieved: Option<bool>,
    /// The group's verdict could change had its excluded rows been counted.
    pub uncertain: bool,
}

/// How a record takes part in an indicator (the drill-down column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Counted: in the numerator (and the denominator, for shares and sums).
    Numerator,
    /// In the denominator only.
    Denominator,
    /// Distinct counts: passes `count`, but its value was counted on an earlier row.
    Repeat,
    /// In scope, but excluded for a data error.
    Excluded,
}

/// Evaluates every indicator of every document.
pub fn evaluate(docs: &[Document], catalog: &Catalog, data: &Dataset) -> Results {
    let columns = SheetColumns::new(data, catalog);
    // Record indices per unit-scope document, per source: built once, shared by every
    // indicator, so an indicator touches only its own unit's rows.
    let by_unit: Vec<Vec<Vec<u32>>> = data
        .tables
        .par_iter()
        .map(|t| {
            let mut buckets = vec![Vec::new(); docs.len()];
            for (i, r) in t.records().iter().enumerate() {
                if let Some(u) = r.unit.filter(|&u| (u as usize) < docs.len()) {
                    buckets[u as usize].push(i as u32);
                }
            }
            buckets
        })
        .collect();
    let documents = docs
        .par_iter()
        .enumerate()
        .map(|(d, doc)| {
            let objectives = doc
                .objectives
                .par_iter()
                .map(|o| {
                    let indicators: Vec<IndicatorResult> = o
                        .indicators
                        .par_iter()
                        .map(|ind| {
                            let s = catalog
                                .sources
                                .iter()
                                .position(|s| s.id == ind.source)
                                .expect("definitions were checked against the catalogue");
                            let table = &data.tables[s];
                            let rows: Vec<u32> = match doc.scope {
                                Scope::School => (0..table.len() as u32).collect(),
                                Scope::Unit => by_unit[s][d].clone(),
                            };
                            let source = &catalog.sources[s];
                            let per_field = ind.per.map(|p| &source.fields[p]);
                            let mut ir = indicator(ind, table, &rows, per_field, &data.strings);
                            ir.no_records = table.is_empty();
                            if let Some(f) = no_column(ind, table, &rows, &columns, &data.strings) {
                                ir.missing_column =
                                    Some(source.fields[f].canonical_header().to_string());
                                without_figure(&mut ir);
                            }
                            ir
                        })
                        .collect();
                    let achieved = all_achieved(indicators.iter().map(|i| i.achieved));
                    ObjectiveResult {
                        achieved,
                        uncertain: objective_uncertain(achieved, &indicators),
                        indicators,
                    }
                })
                .collect();
            DocumentResult { objectives }
        })
        .collect();
    Results { documents }
}

/// Takes away the figure of every indicator whose source has records only of other
/// periods than the run's (`without[source]`): such an indicator has no data — a count
/// of 0 would read as a result — and its objective is judged again.
pub fn without_data(results: &mut Results, docs: &[Document], catalog: &Catalog, without: &[bool]) {
    if !without.contains(&true) {
        return;
    }
    for (doc, dr) in docs.iter().zip(&mut results.documents) {
        for (o, or) in doc.objectives.iter().zip(&mut dr.objectives) {
            for (ind, ir) in o.indicators.iter().zip(&mut or.indicators) {
                let s = catalog.sources.iter().position(|s| s.id == ind.source);
                if !s.is_some_and(|s| without[s]) {
                    continue;
                }
                without_figure(ir);
            }
            or.achieved = all_achieved(or.indicators.iter().map(|i| i.achieved));
        }
    }
}

/// An indicator that has no data: no value, no verdict, nothing the excluded rows could
/// change.
fn without_figure(ir: &mut IndicatorResult) {
    ir.figure.value = None;
    ir.achieved = None;
    ir.uncertain = false;
    for g in &mut ir.groups {
        g.figure.value = None;
        g.achieved = None;
        g.uncertain = false;
    }
}

/// Which fields each sheet holding records has a column for, by (file, sheet) — what
/// reading found, so that a column that is not there is not read as a blank one.
struct SheetColumns {
    has: std::collections::HashMap<(u32, u32), Box<[bool]>>,
}

impl SheetColumns {
    fn new(data: &Dataset, catalog: &Catalog) -> SheetColumns {
        let mut has = std::collections::HashMap::new();
        for (fi, file) in data.files.iter().enumerate() {
            for (si, sheet) in file.sheets.iter().enumerate() {
                let Some(source) = sheet
                    .source
                    .as_deref()
                    .and_then(|id| catalog.sources.iter().find(|s| s.id == id))
                else {
                    continue;
                };
                let mask = source
                    .fields
                    .iter()
                    .map(|f| sheet.fields.contains(&f.id))
                    .collect();
                has.insert((fi as u32, si as u32), mask);
            }
        }
        SheetColumns { has }
    }

    /// The first of `fields` the record's sheet has no column for; `None` when it has them
    /// all, and when its sheet is not known (records built without a workbook).
    fn first_missing(&self, at: Origin, fields: &[usize]) -> Option<usize> {
        let mask = self.has.get(&(at.file, at.sheet))?;
        fields
            .iter()
            .copied()
            .find(|&f| !mask.get(f).copied().unwrap_or(true))
    }
}

/// The fields an indicator's figure is read from, as opposed to those choosing its rows
/// (`of`, the filter of a sum, `per`): a missing column there leaves the figure unknown.
fn figure_fields(measure: &Measure) -> Vec<usize> {
    let mut out = Vec::new();
    match measure {
        Measure::Share { count, .. } => count.fields(&mut out),
        Measure::Count { count, distinct } => {
            count.fields(&mut out);
            out.extend(distinct);
        }
        Measure::Sum { sum, of_sum, .. } => out.extend([*sum, *of_sum]),
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A field of the figure that the sheet of none of the indicator's rows (those its `of` or
/// filter chooses, not excluded) has a column for — when there are such rows. Rows from
/// sheets with and without the column together are counted as they are (blank cells), and
/// `field-not-found` names the sheets without it.
fn no_column(
    ind: &Indicator,
    table: &Table,
    rows: &[u32],
    columns: &SheetColumns,
    strings: &Strings,
) -> Option<usize> {
    let fields = figure_fields(&ind.measure);
    if fields.is_empty() {
        return None;
    }
    let mut missing = None;
    let mut last: Option<((u32, u32), Option<usize>)> = None;
    for &i in rows {
        let r = table.get(i as usize);
        if r.excluded {
            continue;
        }
        let chosen = match &ind.measure {
            Measure::Share { of, .. } => of.eval(&r.values, strings),
            Measure::Count { .. } => true,
            Measure::Sum { filter, .. } => filter.eval(&r.values, strings),
        };
        if !chosen {
            continue;
        }
        let place = (r.origin.file, r.origin.sheet);
        let lacks = match last {
            Some((p, m)) if p == place => m,
            _ => {
                let m = columns.first_missing(r.origin, &fields);
                last = Some((place, m));
                m
            }
        };
        match lacks {
            None => return None,
            Some(f) => missing = missing.or(Some(f)),
        }
    }
    missing
}

/// true if all are true, false if any is false, no data otherwise (and for none at all).
fn all_achieved(it: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut any = false;
    let mut unknown = false;
    for a in it {
        any = true;
        match a {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    (any && !unknown).then_some(true)
}

/// Accumulates one indicator's figure over records.
struct Acc<'a> {
    measure: &'a Measure,
    strings: &'a Strings,
    num: Ratio,
    den: Ratio,
    distinct: HashSet<DistinctKey>,
}

#[derive(Debug, PartialEq, Eq, Hash)]
enum DistinctKey {
    Text(crate::model::Sym),
    Other(u64),
}

impl<'a> Acc<'a> {
    fn new(measure: &'a Measure, strings: &'a Strings) -> Acc<'a> {
        Acc {
            measure,
            strings,
            num: Ratio::int(0),
            den: Ratio::int(0),
            distinct: HashSet::new(),
        }
    }

    /// Adds a record; returns how it takes part, if at all.
    fn add<V: Fields + ?Sized>(&mut self, values: &V) -> Option<Mark> {
        let pass = |f: &Filter| f.eval(values, self.strings);
        match self.measure {
            Measure::Share { count, of } => {
                if !pass(of) {
                    return None;
                }
                self.den = self.den + Ratio::int(1);
                if pass(count) {
                    self.num = self.num + Ratio::int(1);
                    Some(Mark::Numerator)
                } else {
                    Some(Mark::Denominator)
                }
            }
            Measure::Count { count, distinct } => {
                if !pass(count) {
                    return None;
                }
                match distinct {
                    None => self.num = self.num + Ratio::int(1),
                    Some(f) => {
                        let key = match values.value(*f) {
                            Value::Empty => return None,
                            Value::Text(s) => DistinctKey::Text(self.strings.folded(s)),
                            Value::Int(i) => DistinctKey::Other(i as u64),
                            Value::Number(x) => DistinctKey::Other(x.to_bits()),
                            Value::Date(d) => DistinctKey::Other(d as u64),
                            Value::Bool(b) => DistinctKey::Other(b as u64),
                            Value::Enum(e) => DistinctKey::Other(e as u64),
                        };
                        if self.distinct.insert(key) {
                            self.num = self.num + Ratio::int(1);
                        } else {
                            return Some(Mark::Repeat);
                        }
                    }
                }
                Some(Mark::Numerator)
            }
            Measure::Sum {
                sum,
                of_sum,
                filter,
            } => {
                if !pass(filter) {
                    return None;
                }
                self.num = self.num + number(values.value(*sum));
                self.den = self.den + number(values.value(*of_sum));
                Some(Mark::Numerator)
            }
        }
    }

    fn figure(&self) -> Figure {
        match self.measure {
            Measure::Count { .. } => Figure {
                numerator: self.num,
                denominator: None,
                value: Some(self.num),
            },
            _ => Figure {
                numerator: self.num,
                denominator: Some(self.den),
                value: Ratio::percent_of(self.num, self.den),
            },
        }
    }
}

/// A numeric cell as an exact number; empty counts 0 in a sum.
fn number(v: Value) -> Ratio {
    match v {
        Value::Int(i) => Ratio::int(i),
        Value::Number(x) => Ratio::from_f64(x),
        _ => Ratio::int(0),
    }
}

fn indicator(
    ind: &Indicator,
    table: &Table,
    rows: &[u32],
    per: Option<&Field>,
    strings: &Strings,
) -> IndicatorResult {
    let mut total = Acc::new(&ind.measure, strings);
    let mut members = Vec::new();
    let mut excluded_rows = 0;
    // What the excluded rows could add: to the whole, to a group (when their group cell is
    // readable), and to any group (when it is not).
    let mut slack = Slack::new();
    let mut group_slack: BTreeMap<String, Slack> = BTreeMap::new();
    let mut any_group_slack = Slack::new();
    // Group name → accumulator; the listed groups are present even with no rows.
    let mut groups: BTreeMap<String, (String, Acc)> = BTreeMap::new();
    if per.is_some() {
        for g in &ind.groups {
            groups
                .entry(group_key(g))
                .or_insert_with(|| (g.clone(), Acc::new(&ind.measure, strings)));
        }
    }
    // A cell typed without any accent ("han", "co khi che tao") belongs to the one listed
    // group it matches without accents: split off, "Hàn" 2 and "han" 1 each fell short of
    // "tối thiểu 03" that Hàn met. A name written with accents is the name it spells ("Hán"
    // is not "Hàn"), except against a listed name written without any.
    let listed_bare: Vec<(String, String)> = ind
        .groups
        .iter()
        .map(|g| (crate::text::strip_accents(g), group_key(g)))
        .collect();
    let group_key = |name: &str| -> String {
        let key = group_key(name);
        if listed_bare.iter().any(|(_, k)| *k == key) {
            return key;
        }
        let bare = crate::text::strip_accents(name);
        // Written with accents, it is the name it spells, unless the list itself wrote that
        // name without any ("han" listed, "Hàn" in the cells).
        let accented = bare != key;
        let mut matching = listed_bare
            .iter()
            .filter(|(b, k)| *b == bare && (!accented || b == k));
        match (matching.next(), matching.next()) {
            (Some((_, k)), None) => k.clone(),
            _ => key,
        }
    };
    for &i in rows {
        let r = table.get(i as usize);
        if r.excluded {
            excluded_rows += 1;
            members.push((i, Mark::Excluded));
            slack.add(&ind.measure, &r.values);
            if let (Some(f), Some(p)) = (per, ind.per) {
                match group_name(f, r.values.get(p), strings) {
                    Some(name) => group_slack
                        .entry(group_key(&name))
                        .or_insert_with(Slack::new)
                        .add(&ind.measure, &r.values),
                    None => any_group_slack.add(&ind.measure, &r.values),
                }
            }
            continue;
        }
        let Some(mark) = total.add(&r.values) else {
            continue;
        };
        members.push((i, mark));
        if let Some(f) = per {
            let p = ind.per.expect("per field given");
            if let Some(name) = group_name(f, r.values.get(p), strings) {
                groups
                    .entry(group_key(&name))
                    .or_insert_with(|| (name, Acc::new(&ind.measure, strings)))
                    .1
                    .add(&r.values);
            }
        }
    }
    let group_results: Vec<GroupResult> = {
        let mut listed: Vec<GroupResult> = Vec::new();
        let mut others: Vec<GroupResult> = Vec::new();
        let listed_keys: Vec<String> = ind.groups.iter().map(|g| group_key(g)).collect();
        for (key, (name, acc)) in &groups {
            let figure = acc.figure();
            let achieved = figure.value.map(|v| ind.target.met_by(v));
            let own = group_slack.get(key).copied().unwrap_or_else(Slack::new);
            let g = GroupResult {
                group: name.clone(),
                figure,
                achieved,
                uncertain: reachable(
                    &ind.measure,
                    &ind.target,
                    &figure,
                    own.and(&any_group_slack),
                )
                .other_than(achieved),
            };
            if listed_keys.contains(key) {
                listed.push(g);
            } else {
                others.push(g);
            }
        }
        listed.sort_by_key(|g| listed_keys.iter().position(|k| *k == group_key(&g.group)));
        listed.extend(others);
        listed
    };
    let figure = total.figure();
    let overall = figure.value.map(|v| ind.target.met_by(v));
    let achieved = if per.is_some() {
        // Achieved only when every group is; a group without data makes it unknown.
        if group_results.is_empty() {
            None
        } else {
            all_achieved(group_results.iter().map(|g| g.achieved))
        }
    } else {
        overall
    };
    let uncertain = if per.is_some() {
        let could_pass = |g: &GroupResult| {
            let own = group_slack
                .get(&group_key(&g.group))
                .copied()
                .unwrap_or_else(Slack::new);
            reachable(
                &ind.measure,
                &ind.target,
                &g.figure,
                own.and(&any_group_slack),
            )
            .met
        };
        match achieved {
            // Failed: it turns green only if every group not achieved could be.
            Some(false) => group_results
                .iter()
                .filter(|g| g.achieved != Some(true))
                .all(could_pass),
            _ => group_results.iter().any(|g| g.uncertain),
        }
    } else {
        reachable(&ind.measure, &ind.target, &figure, slack).other_than(achieved)
    };
    IndicatorResult {
        figure,
        excluded_rows,
        achieved,
        uncertain,
        groups: group_results,
        members,
        missing_column: None,
        valid_rows: rows.len() as u64 - excluded_rows,
        no_records: false,
    }
}

/// An objective's verdict could change: a green one if any indicator could turn, a red one
/// only if every failed indicator could.
fn objective_uncertain(achieved: Option<bool>, indicators: &[IndicatorResult]) -> bool {
    match achieved {
        Some(false) => indicators
            .iter()
            .filter(|i| i.achieved == Some(false))
            .all(|i| i.uncertain),
        _ => indicators.iter().any(|i| i.uncertain),
    }
}

/// What the excluded rows of an indicator (or a group) could add to its figure, each row
/// counted either way: in the numerator, or only in the denominator.
#[derive(Debug, Clone, Copy)]
struct Slack {
    rows: u64,
    /// Sums only: Σsum of the rows (the most they add to the numerator) and Σof_sum (what
    /// they add to the denominator either way).
    sum: Ratio,
    of_sum: Ratio,
    /// A sum row whose sum or of_sum cell is empty (perhaps the broken cell): no bound.
    unbounded: bool,
}

impl Slack {
    fn new() -> Slack {
        Slack {
            rows: 0,
            sum: Ratio::int(0),
            of_sum: Ratio::int(0),
            unbounded: false,
        }
    }

    fn add<V: Fields + ?Sized>(&mut self, measure: &Measure, values: &V) {
        self.rows += 1;
        if let Measure::Sum { sum, of_sum, .. } = measure {
            match (values.value(*sum), values.value(*of_sum)) {
                (Value::Empty, _) | (_, Value::Empty) => self.unbounded = true,
                (s, o) => {
                    self.sum = self.sum + number(s);
                    self.of_sum = self.of_sum + number(o);
                }
            }
        }
    }

    fn and(self, other: &Slack) -> Slack {
        Slack {
            rows: self.rows + other.rows,
            sum: self.sum + other.sum,
            of_sum: self.of_sum + other.of_sum,
            unbounded: self.unbounded || other.unbounded,
        }
    }
}

/// The verdicts a figure could have once its excluded rows are counted.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reachable {
    met: bool,
    unmet: bool,
    no_data: bool,
}

impl Reachable {
    /// Whether any verdict other than `current` could be reached.
    fn other_than(self, current: Option<bool>) -> bool {
        match current {
            Some(true) => self.unmet || self.no_data,
            Some(false) => self.met || self.no_data,
            None => self.met || self.unmet,
        }
    }
}

/// Exactly, from the excluded rows: every way of counting each of them (in the numerator,
/// or only in the denominator). The value moves monotonically with the numerator, so for
/// a one-sided target the two extremes decide; for `=` and ranges every step is tried.
fn reachable(measure: &Measure, target: &Target, fig: &Figure, slack: Slack) -> Reachable {
    let mut out = Reachable {
        met: false,
        unmet: false,
        no_data: false,
    };
    let see = |out: &mut Reachable, v: Option<Ratio>| match v {
        None => out.no_data = true,
        Some(v) if target.met_by(v) => out.met = true,
        Some(_) => out.unmet = true,
    };
    if slack.rows == 0 {
        see(&mut out, fig.value);
        return out;
    }
    let (num, den) = (fig.numerator, fig.denominator);
    let one_sided = !matches!(target.cmp, Cmp::Exactly(_) | Cmp::Between(..));
    match measure {
        Measure::Sum { .. } if slack.unbounded => {
            return Reachable {
                met: true,
                unmet: true,
                no_data: false,
            };
        }
        Measure::Sum { .. } => {
            // Every row is in the denominator; the numerator runs from adding nothing to
            // adding every row's sum, and the share is monotone (and convex) in between.
            let d = den.unwrap_or(Ratio::int(0)) + slack.of_sum;
            let lo = Ratio::percent_of(num, d);
            let hi = Ratio::percent_of(num + slack.sum, d);
            see(&mut out, lo);
            see(&mut out, hi);
            if !one_sided && !out.met {
                if let (Some(a), Some(b), Cmp::Exactly(t) | Cmp::Between(t, _)) =
                    (lo, hi, target.cmp)
                {
                    let upper = match target.cmp {
                        Cmp::Between(_, u) => u,
                        _ => t,
                    };
                    let (a, b) = if a <= b { (a, b) } else { (b, a) };
                    out.met = a <= upper && t <= b;
                }
            }
        }
        _ => {
            let d = den.map(|d| d + Ratio::int(slack.rows as i64));
            let value_at = |j: u64| {
                let n = num + Ratio::int(j as i64);
                match d {
                    Some(d) => Ratio::percent_of(n, d),
                    None => Some(n),
                }
            };
            if one_sided {
                see(&mut out, value_at(0));
                see(&mut out, value_at(slack.rows));
            } else {
                for j in 0..=slack.rows {
                    see(&mut out, value_at(j));
                    if out.met && out.unmet {
                        break;
                    }
                }
            }
        }
    }
    out
}

fn group_key(name: &str) -> String {
    crate::text::fold(name)
}

/// The group a record belongs to under `per`: its value as a person reads it; `None` when
/// the cell is empty (the record still counts in the indicator's own value).
fn group_name(f: &Field, v: Value, strings: &Strings) -> Option<String> {
    Some(match v {
        Value::Empty => return None,
        Value::Text(s) => strings.get(s).to_string(),
        Value::Enum(e) => f.values.get(e as usize).map(|v| v.value.clone())?,
        Value::Bool(b) => if b { "Có" } else { "Không" }.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Number(x) => crate::text::vi_number(x, 6),
        Value::Date(d) => chrono::NaiveDate::from_num_days_from_ce_opt(d)?
            .format("%d/%m/%Y")
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::load_document;
    use crate::i18n::Lang;
    use crate::model::Origin;
    use crate::schema::load_catalog;

    const DOC: &str = r#"
[document]
school = "T"
unit = "Khoa Cơ khí"
school_year = "2021 - 2022"

[[objective]]
id = "1"
text = "x"
  [[objective.indicator]]
  id = "kha"
  source = "hoc_sinh"
  count = "hoc_luc in ['Giỏi', 'Khá']"
  of = "trang_thai != 'Thôi học'"
  target = ">= 50%"
  [[objective.indicator]]
  id = "dn"
  source = "doanh_nghiep"
  count = "true"
  distinct = "ten_dn"
  per = "nganh"
  groups = ["Hàn", "Cơ khí chế tạo", "Ô tô"]
  target = "tối thiểu 02"

[[objective]]
id = "2"
text = "y"
  [[objective.indicator]]
  id = "ts"
  source = "tuyen_sinh"
  sum = "thuc_tuyen"
  of_sum = "chi_tieu"
  target = "trên 90%"
  [[objective.indicator]]
  id = "gv"
  source = "giao_vien"
  count = "dat_chuan"
  of = "gv_nghe"
  target = "100%"
"#;

    struct Builder {
        catalog: Catalog,
        data: Dataset,
    }

    impl Builder {
        fn new() -> Builder {
            let catalog = load_catalog(None, Lang::Vi).unwrap();
            let data = Dataset::new(catalog.sources.len());
            Builder { catalog, data }
        }

        fn add(&mut self, source: &str, unit: Option<u16>, excluded: bool, set: &[(&str, &str)]) {
            let s = self
                .catalog
                .sources
                .iter()
                .position(|x| x.id == source)
                .unwrap();
            let src = &self.catalog.sources[s];
            let mut values = vec![Value::Empty; src.fields.len()];
            for (id, raw) in set {
                let i = src.field_index(id).unwrap();
                let f = &src.fields[i];
                values[i] = match f.kind {
                    crate::schema::FieldType::Enum => Value::Enum(f.enum_index(raw).unwrap()),
                    crate::schema::FieldType::Bool => Value::Bool(*raw == "x"),
                    crate::schema::FieldType::Integer => Value::Int(raw.parse().unwrap()),
                    _ => Value::Text(self.data.strings.intern(raw)),
                };
            }
            let row = self.data.tables[s].len() as u32 + 2;
            self.data.tables[s].push(
                &values,
                crate::dataset::Record {
                    origin: Origin {
                        file: 0,
                        sheet: 0,
                        row,
                    },
                    unit,
                    excluded,
                    period: None,
                },
            );
        }

        fn run(&self) -> Vec<IndicatorResult> {
            let doc = load_document("a.toml", DOC, &self.catalog, Lang::Vi)
                .unwrap_or_else(|e| panic!("{}", e[0].render(Lang::En)));
            let r = evaluate(&[doc], &self.catalog, &self.data);
            r.documents[0]
                .objectives
                .iter()
                .flat_map(|o| o.indicators.clone())
                .collect()
        }
    }

    #[test]
    fn share_counts_only_rows_of_the_unit_that_pass_of_and_excludes_error_rows() {
        let mut b = Builder::new();
        b.add("hoc_sinh", Some(0), false, &[("hoc_luc", "Giỏi")]);
        b.add(
            "hoc_sinh",
            Some(0),
            false,
            &[("hoc_luc", "Yếu"), ("trang_thai", "Đang học")],
        );
        b.add(
            "hoc_sinh",
            Some(0),
            false,
            &[("hoc_luc", "Khá"), ("trang_thai", "Thôi học")],
        );
        b.add("hoc_sinh", Some(0), true, &[("hoc_luc", "Khá")]);
        b.add("hoc_sinh", None, false, &[("hoc_luc", "Khá")]);
        let kha = &b.run()[0];
        assert_eq!(kha.figure.numerator, Ratio::int(1));
        assert_eq!(kha.figure.denominator, Some(Ratio::int(2)));
        assert_eq!(kha.figure.value, Some(Ratio::int(50)));
        assert_eq!(kha.achieved, Some(true));
        assert_eq!(kha.excluded_rows, 1);
        assert_eq!(
            kha.members,
            vec![
                (0, Mark::Numerator),
                (1, Mark::Denominator),
                (3, Mark::Excluded)
            ]
        );
    }

    #[test]
    fn per_group_with_a_listed_group_without_rows_fails() {
        let mut b = Builder::new();
        for (dn, nganh) in [
            ("A", "Hàn"),
            ("B", "Hàn"),
            ("a", "Hàn"),
            ("C", "Cơ khí chế tạo"),
            ("D", "CƠ KHÍ CHẾ TẠO"),
            ("E", "Điện"),
        ] {
            b.add(
                "doanh_nghiep",
                Some(0),
                false,
                &[("ten_dn", dn), ("nganh", nganh)],
            );
        }
        let dn = &b.run()[1];
        let groups: Vec<(&str, Option<Ratio>, Option<bool>)> = dn
            .groups
            .iter()
            .map(|g| (g.group.as_str(), g.figure.value, g.achieved))
            .collect();
        assert_eq!(
            groups,
            vec![
                ("Hàn", Some(Ratio::int(2)), Some(true)),
                ("Cơ khí chế tạo", Some(Ratio::int(2)), Some(true)),
                ("Ô tô", Some(Ratio::int(0)), Some(false)),
                ("Điện", Some(Ratio::int(1)), Some(false)),
            ]
        );
        // "A" and "a" are one enterprise: 5 distinct overall.
        assert_eq!(dn.figure.value, Some(Ratio::int(5)));
        assert_eq!(dn.figure.denominator, None);
        assert_eq!(dn.achieved, Some(false));
    }

    #[test]
    fn sum_is_a_percentage_of_sums() {
        let mut b = Builder::new();
        b.add(
            "tuyen_sinh",
            Some(0),
            false,
            &[
                ("nganh", "Hàn"),
                ("trinh_do", "Trung cấp"),
                ("chi_tieu", "100"),
                ("thuc_tuyen", "95"),
            ],
        );
        b.add(
            "tuyen_sinh",
            Some(0),
            false,
            &[
                ("nganh", "Ô tô"),
                ("trinh_do", "Trung cấp"),
                ("chi_tieu", "100"),
                ("thuc_tuyen", "85"),
            ],
        );
        let ts = &b.run()[2];
        assert_eq!(ts.figure.numerator, Ratio::int(180));
        assert_eq!(ts.figure.denominator, Some(Ratio::int(200)));
        assert_eq!(ts.figure.value, Some(Ratio::int(90)));
        assert_eq!(ts.achieved, Some(false), "90% is not above 90%");
    }

    #[test]
    fn zero_denominator_is_no_data_never_achieved() {
        let mut b = Builder::new();
        b.add(
            "giao_vien",
            Some(0),
            false,
            &[("ma_gv", "1"), ("dat_chuan", "x")],
        );
        let r = b.run();
        assert_eq!(r[3].figure.value, None);
        assert_eq!(r[3].achieved, None);
    }

    fn students(b: &mut Builder, ranks: &[&str], excluded: usize) {
        for r in ranks {
            b.add("hoc_sinh", Some(0), false, &[("hoc_luc", r)]);
        }
        for _ in 0..excluded {
            b.add("hoc_sinh", Some(0), true, &[]);
        }
    }

    #[test]
    fn a_green_verdict_that_one_excluded_row_could_turn_red_is_uncertain() {
        let mut b = Builder::new();
        // 1/2 = 50% meets ">= 50%"; counted only in the denominator, the excluded row
        // gives 1/3.
        students(&mut b, &["Giỏi", "Yếu"], 1);
        let kha = &b.run()[0];
        assert_eq!(kha.achieved, Some(true));
        assert_eq!(kha.excluded_rows, 1);
        assert!(kha.uncertain);
    }

    #[test]
    fn a_red_verdict_that_excluded_rows_could_turn_green_is_uncertain() {
        let mut b = Builder::new();
        // 1/3 fails; with the excluded row in the numerator, 2/4 = 50% meets.
        students(&mut b, &["Giỏi", "Yếu", "Yếu"], 1);
        let kha = &b.run()[0];
        assert_eq!(kha.achieved, Some(false));
        assert!(kha.uncertain);
        // 1/4 fails; even with both in the numerator 3/6 = 50%: two rows can turn it.
        let mut b = Builder::new();
        students(&mut b, &["Giỏi", "Yếu", "Yếu", "Yếu"], 1);
        assert!(!b.run()[0].uncertain, "2/5 at best is still below 50%");
        let mut b = Builder::new();
        students(&mut b, &["Giỏi", "Yếu", "Yếu", "Yếu"], 2);
        assert!(b.run()[0].uncertain);
    }

    #[test]
    fn a_verdict_that_no_way_of_counting_the_excluded_rows_changes_is_certain() {
        let mut b = Builder::new();
        // 3/4 = 75%; at worst 3/5 = 60%, still ">= 50%".
        students(&mut b, &["Giỏi", "Khá", "Giỏi", "Yếu"], 1);
        let kha = &b.run()[0];
        assert_eq!((kha.achieved, kha.excluded_rows), (Some(true), 1));
        assert!(!kha.uncertain);
    }

    #[test]
    fn a_sum_with_an_unreadable_excluded_figure_is_uncertain_and_a_readable_one_decides() {
        let row = |b: &mut Builder, excluded: bool, quota: &str, enrolled: Option<&str>| {
            let mut set = vec![
                ("nganh", "Hàn"),
                ("trinh_do", "Trung cấp"),
                ("chi_tieu", quota),
            ];
            if let Some(e) = enrolled {
                set.push(("thuc_tuyen", e));
            }
            b.add("tuyen_sinh", Some(0), excluded, &set);
        };
        let mut b = Builder::new();
        row(&mut b, false, "100", Some("95"));
        // The broken cell: no bound on what it would add.
        row(&mut b, true, "100", None);
        let ts = &b.run()[2];
        assert_eq!((ts.achieved, ts.uncertain), (Some(true), true));
        let mut b = Builder::new();
        row(&mut b, false, "100", Some("95"));
        // Readable: at worst 95/110 = 86%, below "trên 90%".
        row(&mut b, true, "10", Some("10"));
        let ts = &b.run()[2];
        assert_eq!((ts.achieved, ts.uncertain), (Some(true), true));
        let mut b = Builder::new();
        row(&mut b, false, "100", Some("95"));
        // At worst 95/101 = 94%: still above 90%.
        row(&mut b, true, "1", Some("1"));
        let ts = &b.run()[2];
        assert_eq!((ts.achieved, ts.uncertain), (Some(true), false));
    }

    #[test]
    fn per_group_uncertainty_follows_the_groups_of_the_excluded_rows() {
        let run = |excluded_group: &str| {
            let mut b = Builder::new();
            for (dn, nganh) in [("A", "Hàn"), ("B", "Hàn"), ("C", "Cơ khí chế tạo")] {
                b.add(
                    "doanh_nghiep",
                    Some(0),
                    false,
                    &[("ten_dn", dn), ("nganh", nganh)],
                );
            }
            b.add(
                "doanh_nghiep",
                Some(0),
                false,
                &[("ten_dn", "D"), ("nganh", "Cơ khí chế tạo")],
            );
            b.add(
                "doanh_nghiep",
                Some(0),
                false,
                &[("ten_dn", "E"), ("nganh", "Ô tô")],
            );
            b.add(
                "doanh_nghiep",
                Some(0),
                true,
                &[("ten_dn", "F"), ("nganh", excluded_group)],
            );
            b.run()[1].clone()
        };
        // Ô tô has 1 of "tối thiểu 02": its excluded row could make 2, and every group
        // would then be met.
        let dn = run("Ô tô");
        assert_eq!((dn.achieved, dn.uncertain), (Some(false), true));
        assert!(dn.groups.iter().any(|g| g.group == "Ô tô" && g.uncertain));
        // The excluded row belongs to Hàn: Ô tô stays short whatever it is.
        let dn = run("Hàn");
        assert_eq!((dn.achieved, dn.uncertain), (Some(false), false));
    }

    #[test]
    fn an_objective_is_uncertain_as_its_indicators_allow() {
        let ind = |achieved, uncertain| IndicatorResult {
            figure: Figure {
                numerator: Ratio::int(0),
                denominator: None,
                value: None,
            },
            excluded_rows: 1,
            achieved,
            uncertain,
            groups: Vec::new(),
            members: Vec::new(),
            missing_column: None,
            valid_rows: 0,
            no_records: false,
        };
        // Green: any indicator that could turn red.
        assert!(objective_uncertain(
            Some(true),
            &[ind(Some(true), false), ind(Some(true), true)]
        ));
        // Red: only if every failed indicator could turn green.
        assert!(!objective_uncertain(
            Some(false),
            &[ind(Some(false), true), ind(Some(false), false)]
        ));
        assert!(objective_uncertain(
            Some(false),
            &[ind(Some(false), true), ind(Some(true), false)]
        ));
    }

    #[test]
    fn objective_is_achieved_only_when_all_indicators_are() {
        assert_eq!(
            all_achieved([Some(true), Some(true)].into_iter()),
            Some(true)
        );
        assert_eq!(all_achieved([Some(true), None].into_iter()), None);
        assert_eq!(all_achieved([None, Some(false)].into_iter()), Some(false));
        assert_eq!(all_achieved(std::iter::empty()), None);
    }
}
