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

pub fn run(
    ws: &Workspace,
    g: &Global,
    period: crate::period::Period,
) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let (catalog, docs) = super::load_workspace(ws, lang)?;
    super::require_data_dir(ws, lang)?;
    let mut data = crate::ingest::read_workspace(ws, &catalog, &docs, lang);
    crate::validate::coverage::add_fields_not_found(&mut data, &docs, &catalog, lang, period);
    // Every record stays listed; only the warnings of the period are added.
    let (_, no_data) = crate::period::missing(&data, period, &docs, &catalog, lang);
    data.issues.extend(no_data);
    let issues_path = ws.out.join(crate::report::xlsx::ISSUES_FILE_NAME);
    crate::report::issues_workbook(ws, &catalog, &data, lang, period)
        .and_then(|bytes| crate::report::write_atomic(&issues_path, &bytes))
        .map_err(|e| CannotRun(crate::oserr::write_failed(&issues_path, &e, lang)))?;
    // Printed only once the issue workbook is written: a reader that stops early
    // (`mtcl check | head`) ends the program at its next line.
    if g.quiet {
        print_errors_only(&data, lang);
    } else {
        print_definitions(&docs, lang);
        let (p_vi, p_en) = (period.name_vi(), period.name_en());
        println!(
            "{}",
            tr!(lang, "Kỳ báo cáo: {p_vi}", "Reporting period: {p_en}")
        );
        print_data(&data, &docs, lang);
        print_written(&issues_path, &data, lang);
    }
    Ok(if data.errors() > 0 {
        Outcome::DataErrors
    } else {
        Outcome::Clean
    })
}

/// Where the full list went, and where each code is explained.
fn print_written(path: &std::path::Path, data: &Dataset, lang: Lang) {
    let p = path.display();
    println!("{}", tr!(lang, "Đã ghi {p}", "Wrote {p}"));
    if !data.issues.is_empty() {
        println!(
            "{}",
            tr!(
                lang,
                "Ý nghĩa từng mã lỗi và cách sửa: docs/loi.md",
                "What each issue code means and how to fix it: docs/en/loi.md"
            )
        );
    }
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

fn tag(i: &Issue, lang: Lang) -> String {
    match i.severity {
        Severity::Error => tr!(lang, "✗ lỗi     ", "✗ error   "),
        Severity::Warning => tr!(lang, "! cảnh báo", "! warning "),
    }
}

fn issue_line(i: &Issue, lang: Lang) -> String {
    let tag = tag(i, lang);
    let sh = &i.sheet;
    let place = match (sh.is_empty(), i.cell.is_empty(), i.row) {
        (true, _, _) => String::new(),
        (false, false, _) => format!("'{sh}'!{} ", i.cell),
        (false, true, Some(r)) => tr!(lang, "'{sh}' dòng {r} ", "'{sh}' row {r} "),
        (false, true, None) => format!("'{sh}' "),
    };
    format!("  {tag} {place}{} [{}]", i.message, i.code)
}

/// Lines printed for one file's issues at most; `ket-qua.json` and `loi-du-lieu.xlsx`
/// keep every issue.
const MAX_LINES_PER_FILE: usize = 20;

/// One file's issues as printed: issues of the same code in the same column of consecutive
/// rows of a sheet are one line with the range and the count (not `unknown-unit`: each names a
/// different unit, already once per sheet, and a line would show only the first); at most
/// [`MAX_LINES_PER_FILE`] lines, then how many more and where they all are.
pub(crate) fn file_issue_lines(issues: &[&Issue], lang: Lang) -> Vec<String> {
    // Runs: (first issue, last row, count), keyed by sheet, code and column.
    let mut runs: Vec<(usize, u32, usize, String)> = Vec::new();
    let mut open: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    for (n, i) in issues.iter().enumerate() {
        let column = i.cell.trim_end_matches(|c: char| c.is_ascii_digit());
        // An unknown-unit already stands for every row of its unit text: two of them in
        // consecutive rows name two different units, and neither may hide the other.
        let (Some(row), false, false) = (i.row, column.is_empty(), i.code == "unknown-unit") else {
            runs.push((n, 0, 1, String::new()));
            continue;
        };
        let key = (i.sheet.as_str(), i.code, column);
        match open.get(&key).map(|&r| (r, &mut runs[r])) {
            Some((_, run)) if run.1 + 1 == row => {
                run.1 = row;
                run.2 += 1;
                run.3 = i.cell.clone();
            }
            _ => {
                open.insert(key, runs.len());
                runs.push((n, row, 1, i.cell.clone()));
            }
        }
    }
    let mut lines: Vec<String> = runs
        .iter()
        .map(|(first, _, count, last)| {
            let i = issues[*first];
            if *count == 1 {
                return issue_line(i, lang);
            }
            let (sh, cell) = (&i.sheet, &i.cell);
            let tag = tag(i, lang);
            let what = tr!(
                lang,
                "'{sh}'!{cell}:{last} — {count} dòng cùng lỗi này; ô {cell}:",
                "'{sh}'!{cell}:{last} — {count} rows with this issue; {cell}:"
            );
            format!("  {tag} {what} {} [{}]", i.message, i.code)
        })
        .collect();
    if lines.len() > MAX_LINES_PER_FILE {
        let more = lines.len() - MAX_LINES_PER_FILE;
        let file = crate::report::xlsx::ISSUES_FILE_NAME;
        lines.truncate(MAX_LINES_PER_FILE);
        lines.push(tr!(
            lang,
            "  … và {more} dòng nữa — mọi lỗi, từng ô, có trong {file} (thư mục báo cáo; `mtcl check` ghi tệp này).",
            "  … and {more} more line(s) — every issue, cell by cell, is in {file} (the report folder; `mtcl check` writes it)."
        ));
    }
    lines
}

pub(crate) fn print_errors_only(data: &Dataset, lang: Lang) {
    let errors: Vec<&Issue> = data
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    for file in errors.chunk_by(|a, b| a.file == b.file) {
        println!("{}", file[0].file);
        for line in file_issue_lines(file, lang) {
            println!("{line}");
        }
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
    let mut periods: BTreeMap<(u32, u32), BTreeSet<crate::period::Period>> = BTreeMap::new();
    for t in &data.tables {
        for r in t.records() {
            let e = units.entry((r.origin.file, r.origin.sheet)).or_default();
            if let Some(u) = r.unit {
                e.insert(u);
            }
            if let Some(p) = r.period {
                periods
                    .entry((r.origin.file, r.origin.sheet))
                    .or_default()
                    .insert(p);
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
                    // The periods the sheet's rows belong to, when they have one.
                    let ky = periods
                        .get(&(fi as u32, si as u32))
                        .map(|ps| {
                            let names: Vec<&str> = ps
                                .iter()
                                .map(|p| match lang {
                                    Lang::Vi => p.name_vi(),
                                    Lang::En => p.name_en(),
                                })
                                .collect();
                            let names = names.join(", ");
                            tr!(lang, ", kỳ: {names}", ", period: {names}")
                        })
                        .unwrap_or_default();

                    let encoding = s.encoding.map_or(String::new(), |e| {
                        let e = e.name();
                        tr!(
                            lang,
                            " (mã {e}, đã chuyển sang Unicode)",
                            " ({e} text, converted to Unicode)"
                        )
                    });
                    println!(
                        "  • '{name}'{hidden} → {src}, {}{ky}{encoding}",
                        tr!(
                            lang,
                            "đơn vị: {unit_names}, tiêu đề ở dòng {h}, {n} dòng dữ liệu",
                            "unit: {unit_names}, header at row {h}, {n} record(s)"
                        )
                    );
                    if !s.unmatched.is_empty() {
                        let cols = s.unmatched.join(" · ");
                        println!(
                            "    {}",
                            tr!(
                                lang,
                                "cột không khớp trường nào (không đọc): {cols}",
                                "columns matching no field (not read): {cols}"
                            )
                        );
                    }
                }
                _ => println!(
                    "  • '{name}'{hidden} → {}",
                    tr!(lang, "không nhận ra", "not recognised")
                ),
            }
        }
        let mut mine = Vec::new();
        while let Some(i) = issues.next_if(|i| i.file == f.path) {
            mine.push(i);
        }
        for line in file_issue_lines(&mine, lang) {
            println!("{line}");
        }
    }
    if crate::report::format::nothing_read_warning(data, lang).is_some() {
        // `check` shows no results: the warning says what to do instead.
        let found = data.files.len();
        println!(
            "{}",
            tr!(
                lang,
                "CẢNH BÁO: không đọc được sổ dữ liệu nào trong du-lieu/ ({found} tệp tìm thấy) — hãy chép sổ sách (.xlsx .xlsm .xls .xlsb .ods) vào du-lieu/ rồi chạy lại; mtcl run lúc này chỉ lập báo cáo không dựa trên dữ liệu nào.",
                "WARNING: no workbook in du-lieu/ was read ({found} files found) — copy the workbooks (.xlsx .xlsm .xls .xlsb .ods) into du-lieu/ and run again; mtcl run would now write reports resting on no data."
            )
        );
    }
    // Issues of no one file (a source without rows of the period).
    for i in issues {
        println!("{}", issue_line(i, lang));
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
