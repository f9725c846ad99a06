//! `mtcl check [DIR]`: load and check the definitions, then read and validate every
//! workbook of `du-lieu/` and print, file by file, the sheets recognised and the issues.
//!
//! Exit 0 when no data error was found, 1 when some were (warnings alone are fine), 2 when
//! it cannot run (bad definitions, missing folder). `-q` prints only the errors.

use std::collections::{BTreeMap, BTreeSet};

use crate::cli::Global;
use crate::dataset::{Dataset, FileStatus, Issue, Severity};
use crate::definitions::{Document, Scope};
use crate::i18n::Lang;
use crate::text::vi_number;
use crate::workspace::Workspace;
use crate::{tr, CannotRun, Outcome};

pub fn run(ws: &Workspace, g: &Global) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let (catalog, docs) = super::load_workspace(ws, lang)?;
    super::require_data_dir(ws, lang)?;
    if !g.quiet {
        print_definitions(&docs, lang);
    }
    let data = crate::ingest::read_workspace(ws, &catalog, &docs, lang);
    let issues_path = ws.out.join(crate::report::xlsx::ISSUES_FILE_NAME);
    crate::report::issues_workbook(ws, &catalog, &data, lang)
        .and_then(|bytes| crate::report::write_atomic(&issues_path, &bytes))
        .map_err(|e| {
            let d = issues_path.display();
            CannotRun(tr!(
                lang,
                "không ghi được '{d}': {e}",
                "cannot write '{d}': {e}"
            ))
        })?;
    if g.quiet {
        print_errors_only(&data, lang);
    } else {
        print_data(&data, &docs, lang);
    }
    Ok(if data.errors() > 0 {
        Outcome::DataErrors
    } else {
        Outcome::Clean
    })
}

fn print_definitions(docs: &[Document], lang: Lang) {
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
    for d in docs {
        let objectives = d.objectives.len();
        let indicators = d.indicators().count();
        let (file, unit, scope) = (&d.file, &d.unit, scope_name(d.scope, lang));
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
}

fn scope_name(s: Scope, lang: Lang) -> String {
    match s {
        Scope::Unit => tr!(lang, "đơn vị", "unit"),
        Scope::School => tr!(lang, "toàn trường", "school"),
    }
}

fn issue_line(i: &Issue, lang: Lang) -> String {
    let tag = match i.severity {
        Severity::Error => tr!(lang, "✗ lỗi     ", "✗ error   "),
        Severity::Warning => tr!(lang, "! cảnh báo", "! warning "),
    };
    let sh = &i.sheet;
    let place = match (sh.is_empty(), i.cell.is_empty(), i.row) {
        (true, _, _) => String::new(),
        (false, false, _) => format!("'{sh}'!{} ", i.cell),
        (false, true, Some(r)) => tr!(lang, "'{sh}' dòng {r} ", "'{sh}' row {r} "),
        (false, true, None) => format!("'{sh}' "),
    };
    format!("  {tag} {place}{} [{}]", i.message, i.code)
}

pub(crate) fn print_errors_only(data: &Dataset, lang: Lang) {
    let mut last = "";
    for i in data.issues.iter().filter(|i| i.severity == Severity::Error) {
        if i.file != last {
            println!("{}", i.file);
            last = &i.file;
        }
        println!("{}", issue_line(i, lang));
    }
}

fn print_data(data: &Dataset, docs: &[Document], lang: Lang) {
    let (files, records) = (data.files.len(), data.records());
    let (errors, warnings) = (data.errors(), data.warnings());
    let records_shown = vi_number(records as f64, 0);
    println!();
    println!(
        "{}",
        tr!(
            lang,
            "Dữ liệu: {files} tệp, {records_shown} dòng dữ liệu, {errors} lỗi, {warnings} cảnh báo",
            "Data: {files} file(s), {records_shown} record(s), {errors} error(s), {warnings} warning(s)"
        )
    );
    // Units of each sheet's records, by (file, sheet).
    let mut units: BTreeMap<(u32, u32), BTreeSet<u16>> = BTreeMap::new();
    for t in &data.tables {
        for r in &t.records {
            let e = units.entry((r.origin.file, r.origin.sheet)).or_default();
            if let Some(u) = r.unit {
                e.insert(u);
            }
        }
    }
    let mut issues = data.issues.iter().peekable();
    for (fi, f) in data.files.iter().enumerate() {
        let status = match f.status {
            FileStatus::Read => String::new(),
            FileStatus::Skipped => tr!(
                lang,
                " — bỏ qua (không phải bảng tính, hoặc tệp khóa/tạm)",
                " — skipped (not a spreadsheet, or a lock/temporary file)"
            ),
            FileStatus::Unreadable => tr!(lang, " — không đọc được", " — unreadable"),
        };
        println!("{}{status}", f.path);
        for (si, s) in f.sheets.iter().enumerate() {
            let name = &s.name;
            let hidden = if s.hidden {
                tr!(lang, " (trang ẩn)", " (hidden)")
            } else {
                String::new()
            };
            match (&s.source, s.header_row) {
                (Some(src), Some(h)) => {
                    let n = vi_number(s.records as f64, 0);
                    let unit_names = units
                        .get(&(fi as u32, si as u32))
                        .map(|u| {
                            u.iter()
                                .map(|&d| docs[d as usize].unit.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "—".to_string());
                    println!(
                        "  • '{name}'{hidden} → {src}, {}",
                        tr!(
                            lang,
                            "đơn vị: {unit_names}, tiêu đề ở dòng {h}, {n} dòng dữ liệu",
                            "unit: {unit_names}, header at row {h}, {n} record(s)"
                        )
                    );
                }
                _ => println!(
                    "  • '{name}'{hidden} → {}",
                    tr!(lang, "không nhận ra", "not recognised")
                ),
            }
        }
        while let Some(i) = issues.next_if(|i| i.file == f.path) {
            println!("{}", issue_line(i, lang));
        }
    }
    if let Some(w) = crate::report::format::nothing_read_warning(data, lang) {
        println!("{w}");
    }
    if errors == 0 {
        println!("{}", tr!(lang, "Không có lỗi dữ liệu.", "No data errors."));
    } else {
        println!(
            "{}",
            tr!(
                lang,
                "Có {errors} lỗi dữ liệu: các dòng lỗi bị loại khỏi mọi chỉ số.",
                "{errors} data error(s): rows with errors are excluded from every indicator."
            )
        );
    }
}
