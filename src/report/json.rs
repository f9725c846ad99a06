//! `bao-cao/ket-qua.json`: the machine-readable result, field for field as SPEC's schema.

use serde::Serialize;

use crate::compute::{Figure, Results};
use crate::dataset::{Dataset, FileReport, Issue};
use crate::definitions::Document;
use crate::exact::Ratio;
use crate::explain::{Explanation, Explanations};
use crate::report::compare::Earlier;
use crate::report::Setting;

pub const FILE_NAME: &str = "ket-qua.json";

#[derive(Serialize)]
struct Root<'a> {
    version: &'static str,
    period: crate::period::Period,
    documents: Vec<Doc<'a>>,
    files: &'a [FileReport],
    issues: &'a [Issue],
    summary: Summary,
}

#[derive(Serialize)]
struct Doc<'a> {
    file: &'a str,
    unit: &'a str,
    scope: &'static str,
    objectives: Vec<Obj<'a>>,
}

#[derive(Serialize)]
struct Obj<'a> {
    id: &'a str,
    achieved: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cause: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    uncertain: bool,
    indicators: Vec<Ind<'a>>,
}

#[derive(Serialize)]
struct Ind<'a> {
    id: &'a str,
    source: &'a str,
    target: &'a str,
    value: Option<Num>,
    numerator: Num,
    denominator: Option<Num>,
    excluded_rows: u64,
    achieved: Option<bool>,
    /// Only with `--so-sanh`: the earlier value, `null` where there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_value: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cause: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    /// SPEC *uncertain*: present (`true`) only when the excluded rows could change the verdict.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    uncertain: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<Vec<Group<'a>>>,
}

#[derive(Serialize)]
struct Group<'a> {
    group: &'a str,
    value: Option<Num>,
    numerator: Num,
    denominator: Option<Num>,
    achieved: Option<bool>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    uncertain: bool,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    records: usize,
    errors: usize,
    warnings: usize,
}

fn num(r: Ratio) -> f64 {
    r.to_f64()
}

/// A figure's number in JSON: counts (and whole sums) as integers — `40`, not `40.0`, as
/// SPEC writes them; fractions as decimals.
#[derive(Serialize)]
#[serde(untagged)]
enum Num {
    Int(i64),
    Dec(f64),
}

/// Integers beyond this are not exact as JSON numbers in most readers (2^53).
const EXACT_JSON_INT: f64 = 9_007_199_254_740_992.0;

fn whole_or_dec(r: Ratio) -> Num {
    let x = num(r);
    if r.is_integer() && x.abs() < EXACT_JSON_INT {
        Num::Int(x as i64)
    } else {
        Num::Dec(x)
    }
}

/// (value, numerator, denominator): the value of a count is a count (an integer); of a
/// share or a sum, a percentage (a decimal, unrounded).
fn figure(f: &Figure) -> (Option<Num>, Num, Option<Num>) {
    let value = f.value.map(|v| match f.denominator {
        None => whole_or_dec(v),
        Some(_) => Num::Dec(num(v)),
    });
    (
        value,
        whole_or_dec(f.numerator),
        f.denominator.map(whole_or_dec),
    )
}

/// `cause` and `action` of an explanation, each only when it says something.
fn texts(e: Option<&Explanation>) -> (Option<&str>, Option<&str>) {
    fn some(s: &str) -> Option<&str> {
        (!s.is_empty()).then_some(s)
    }
    match e {
        Some(e) => (some(&e.cause), some(&e.action)),
        None => (None, None),
    }
}

/// The JSON text (pretty-printed, with a final newline): identical for identical inputs.
/// `explained` holds each document's explanations, in document order.
pub fn render(
    docs: &[Document],
    results: &Results,
    data: &Dataset,
    explained: &[Explanations],
    setting: &Setting,
) -> String {
    let none = Explanations::default();
    let documents = docs
        .iter()
        .zip(&results.documents)
        .enumerate()
        .map(|(k, (d, r))| (explained.get(k).unwrap_or(&none), d, r))
        .map(|(ex, d, r)| Doc {
            file: &d.file,
            unit: &d.unit,
            scope: d.scope.name(),
            objectives: d
                .objectives
                .iter()
                .zip(&r.objectives)
                .map(|(o, or)| Obj {
                    id: &o.id,
                    achieved: or.achieved,
                    cause: texts(ex.objective(&o.id)).0,
                    action: texts(ex.objective(&o.id)).1,
                    uncertain: or.uncertain,
                    indicators: o
                        .indicators
                        .iter()
                        .zip(&or.indicators)
                        .map(|(i, ir)| {
                            let (value, numerator, denominator) = figure(&ir.figure);
                            Ind {
                                id: &i.id,
                                source: &i.source,
                                target: &i.target.text,
                                value,
                                numerator,
                                denominator,
                                excluded_rows: ir.excluded_rows,
                                achieved: ir.achieved,
                                cause: texts(ex.indicator(&o.id, &i.id)).0,
                                action: texts(ex.indicator(&o.id, &i.id)).1,
                                previous_value: setting.previous.as_ref().map(|p| {
                                    match p.get(&d.unit, i) {
                                        Earlier::Value(v) => Some(v),
                                        _ => None,
                                    }
                                }),
                                uncertain: ir.uncertain,
                                groups: i.per.map(|_| {
                                    ir.groups
                                        .iter()
                                        .map(|g| {
                                            let (value, numerator, denominator) = figure(&g.figure);
                                            Group {
                                                group: &g.group,
                                                value,
                                                numerator,
                                                denominator,
                                                achieved: g.achieved,
                                                uncertain: g.uncertain,
                                            }
                                        })
                                        .collect()
                                }),
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let root = Root {
        version: env!("CARGO_PKG_VERSION"),
        period: setting.period,
        documents,
        files: &data.files,
        issues: &data.issues,
        summary: Summary {
            files: data.files.len(),
            records: data.records(),
            errors: data.errors(),
            warnings: data.warnings(),
        },
    };
    let mut s = serde_json::to_string_pretty(&root).expect("plain data serialises");
    s.push('\n');
    s
}
