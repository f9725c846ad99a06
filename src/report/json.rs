//! `bao-cao/ket-qua.json`: the machine-readable result, field for field as SPEC's schema.

use serde::Serialize;

use crate::compute::{Figure, Results};
use crate::dataset::{Dataset, FileReport, Issue};
use crate::definitions::Document;
use crate::exact::Ratio;

pub const FILE_NAME: &str = "ket-qua.json";

#[derive(Serialize)]
struct Root<'a> {
    version: &'static str,
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
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    uncertain: bool,
    indicators: Vec<Ind<'a>>,
}

#[derive(Serialize)]
struct Ind<'a> {
    id: &'a str,
    source: &'a str,
    target: &'a str,
    value: Option<f64>,
    numerator: f64,
    denominator: Option<f64>,
    excluded_rows: u64,
    achieved: Option<bool>,
    /// SPEC *uncertain*: present (`true`) only when the excluded rows could change the verdict.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    uncertain: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<Vec<Group<'a>>>,
}

#[derive(Serialize)]
struct Group<'a> {
    group: &'a str,
    value: Option<f64>,
    numerator: f64,
    denominator: Option<f64>,
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

fn figure(f: &Figure) -> (Option<f64>, f64, Option<f64>) {
    (f.value.map(num), num(f.numerator), f.denominator.map(num))
}

/// The JSON text (pretty-printed, with a final newline): identical for identical inputs.
pub fn render(docs: &[Document], results: &Results, data: &Dataset) -> String {
    let documents = docs
        .iter()
        .zip(&results.documents)
        .map(|(d, r)| Doc {
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
