//! `mtcl check [DIR]`: load and check the definitions, then summarise them.
//!
//! Reading and validating the workbooks is the next stage (issue #3); until it lands this
//! command checks what can be checked without data.

use std::collections::BTreeMap;

use crate::cli::Global;
use crate::definitions::Scope;
use crate::workspace::Workspace;
use crate::{tr, CannotRun, Outcome};

pub fn run(ws: &Workspace, g: &Global) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let (_catalog, docs) = super::load_workspace(ws, lang)?;
    if g.quiet {
        return Ok(Outcome::Clean);
    }
    let n = docs.len();
    println!(
        "{}",
        tr!(
            lang,
            "Định nghĩa mục tiêu: {n} văn bản",
            "Objective definitions: {n} document(s)"
        )
    );
    let mut per_source: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &docs {
        let objectives = d.objectives.len();
        let indicators = d.indicators().count();
        let scope = match (d.scope, lang) {
            (Scope::Unit, crate::i18n::Lang::Vi) => "đơn vị",
            (Scope::School, crate::i18n::Lang::Vi) => "toàn trường",
            (s, _) => s.name(),
        };
        let (file, unit) = (&d.file, &d.unit);
        println!(
            "  {file}: {unit} ({scope}) — {}",
            tr!(
                lang,
                "{objectives} mục tiêu, {indicators} chỉ số",
                "{objectives} objectives, {indicators} indicators"
            )
        );
        for (_, i) in d.indicators() {
            *per_source.entry(i.source.as_str()).or_default() += 1;
        }
    }
    if !per_source.is_empty() {
        println!(
            "{}",
            tr!(lang, "Chỉ số theo nguồn dữ liệu:", "Indicators per source:")
        );
        for (s, k) in per_source {
            println!("  {s}: {k}");
        }
    }
    Ok(Outcome::Clean)
}
