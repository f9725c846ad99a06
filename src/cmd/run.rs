//! `mtcl run [DIR]`: read, validate, compute every indicator, write every report, and print
//! a summary per document. Exit 0, or 1 when data errors were found (the reports are still
//! written, without the error rows, unless `--strict`).

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::Global;
use crate::compute::{evaluate, DocumentResult, Results};
use crate::dataset::{Dataset, FileStatus};
use crate::definitions::Document;
use crate::i18n::Lang;
use crate::ingest::Cache;
use crate::report::{self, format, Setting};
use crate::schema::Catalog;
use crate::workspace::Workspace;
use crate::{tr, CannotRun, Outcome};

pub fn run(ws: &Workspace, g: &Global, setting: &Setting) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let (catalog, docs) = super::load_workspace(ws, lang)?;
    super::require_data_dir(ws, lang)?;
    let ran = read_compute_write(ws, g, &catalog, &docs, None, setting)?;
    let (data, results) = (&ran.data, &ran.results);
    let errors = data.errors();
    let Some(written) = &ran.written else {
        super::check::print_errors_only(data, lang);
        eprintln!(
            "{}",
            tr!(
                lang,
                "--strict: có {errors} lỗi dữ liệu, không ghi báo cáo nào.",
                "--strict: {errors} data error(s), no report written."
            )
        );
        return Ok(Outcome::DataErrors);
    };
    if !g.quiet {
        print_summary(&docs, results, data, lang, setting);
        let out = ws.out.display();
        let n = written.len();
        println!(
            "{}",
            tr!(
                lang,
                "Đã ghi {n} tệp báo cáo vào {out}",
                "Wrote {n} report files to {out}"
            )
        );
        print_to_sign(written, lang);
    } else if errors > 0 {
        super::check::print_errors_only(data, lang);
    }
    Ok(if errors > 0 {
        Outcome::DataErrors
    } else {
        Outcome::Clean
    })
}

/// The documents a person prints and signs, named so that they need not be searched for.
fn print_to_sign(written: &[PathBuf], lang: Lang) {
    let sign: Vec<&PathBuf> = written
        .iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n == report::docx::RESULTS_FILE)
        })
        .collect();
    if sign.is_empty() {
        return;
    }
    println!(
        "{}",
        tr!(
            lang,
            "Văn bản trình ký (báo cáo kết quả thực hiện mục tiêu chất lượng):",
            "Documents to sign (reports on the quality objectives):"
        )
    );
    for p in sign {
        println!("  {}", p.display());
    }
}

/// What one pass of the pipeline produced; `written` is `None` when `--strict` found data
/// errors and nothing was written.
pub(crate) struct Ran {
    pub data: Dataset,
    pub results: Results,
    pub written: Option<Vec<PathBuf>>,
}

/// A bar on stderr while the workbooks are read, when stderr is a terminal, `-q` is not
/// given and there are enough files for it to matter; hidden otherwise.
fn progress_bar(g: &Global, files: usize) -> indicatif::ProgressBar {
    const ENOUGH_FILES: usize = 20;
    if g.quiet || files < ENOUGH_FILES || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let what = tr!(g.lang, "tệp", "files");
    let style = indicatif::ProgressStyle::with_template(&format!(
        "{{bar:40}} {{pos}}/{{len}} {what} ({{elapsed}})"
    ))
    .expect("a valid template");
    indicatif::ProgressBar::new(files as u64).with_style(style)
}

/// The pipeline after the definitions: read (through `cache` when given, as `watch` does),
/// validate, compute, and write every report unless `--strict` forbids it. Shared by `run`
/// and `watch`.
pub(crate) fn read_compute_write(
    ws: &Workspace,
    g: &Global,
    catalog: &Catalog,
    docs: &[Document],
    cache: Option<&mut Cache>,
    setting: &Setting,
) -> Result<Ran, CannotRun> {
    let lang = g.lang;
    let found = crate::ingest::discover(&ws.data, &ws.root);
    let bar = progress_bar(g, found.len());
    let mut data =
        crate::ingest::read_files_with(&found, catalog, docs, lang, cache, &|| bar.inc(1));
    bar.finish_and_clear();
    crate::validate::coverage::add_fields_not_found(&mut data, docs, catalog, lang, setting.period);
    let without = crate::period::select(&mut data, setting.period, docs, catalog, lang);
    let mut results = evaluate(docs, catalog, &data);
    crate::compute::without_data(&mut results, docs, catalog, &without);
    if g.strict && data.errors() > 0 {
        return Ok(Ran {
            data,
            results,
            written: None,
        });
    }
    let written =
        report::write_all(ws, catalog, docs, &results, &data, lang, setting).map_err(|e| {
            let failed = crate::oserr::write_failed(&e.path, &e.source, lang);
            let kept = tr!(
                lang,
                "Không báo cáo nào được thay: các báo cáo lần trước được giữ nguyên.",
                "No report was replaced: the previous reports are kept."
            );
            CannotRun(format!("{failed}. {kept}"))
        })?;
    Ok(Ran {
        data,
        results,
        written: Some(written),
    })
}

/// How many objectives of one document are achieved, not achieved, without data.
pub(crate) fn objective_counts(r: &DocumentResult) -> (usize, usize, usize) {
    let (mut yes, mut no, mut unknown) = (0, 0, 0);
    for o in &r.objectives {
        match o.achieved {
            Some(true) => yes += 1,
            Some(false) => no += 1,
            None => unknown += 1,
        }
    }
    (yes, no, unknown)
}

fn print_summary(
    docs: &[Document],
    results: &Results,
    data: &Dataset,
    lang: Lang,
    setting: &Setting,
) {
    let period = setting.period;
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let paint = |achieved: Option<bool>, s: &str| -> String {
        if !colour {
            return s.to_string();
        }
        let code = match achieved {
            Some(true) => "32",
            Some(false) => "31",
            None => "33",
        };
        format!("\x1b[{code}m{s}\x1b[0m")
    };
    let (p_vi, p_en) = (period.name_vi(), period.name_en());
    println!(
        "{}",
        tr!(lang, "Kỳ báo cáo: {p_vi}", "Reporting period: {p_en}")
    );
    for (d, r) in docs.iter().zip(&results.documents) {
        println!();
        println!("{} — {}", d.unit, d.file);
        let (yes, no, unknown) = objective_counts(r);
        // Columns as wide as the document's longest id and target (at least 4 and 16), so
        // that "10a.1" or "từ 85% trở lên so với …" does not shift the figures after it.
        let id_w = d
            .indicators()
            .map(|(_, i)| i.id.chars().count())
            .fold(4, usize::max);
        let target_w = d
            .indicators()
            .map(|(_, i)| i.target.text.chars().count())
            .fold(16, usize::max)
            .min(40);
        for (o, or) in d.objectives.iter().zip(&r.objectives) {
            for (i, ir) in o.indicators.iter().zip(&or.indicators) {
                let label = if i.label.is_empty() {
                    &o.text
                } else {
                    &i.label
                };
                let label: String = label.chars().take(48).collect();
                let value = format::figure(&ir.figure, i.measure.is_percent(), &i.target);
                let verdict = paint(
                    ir.achieved,
                    &format::verdict_marked(ir.achieved, ir.uncertain, lang),
                );
                let note = if ir.uncertain {
                    format!("  ({})", format::uncertain_note(ir.excluded_rows, lang))
                } else {
                    format::figure_note(ir, &i.source, lang)
                        .map_or(String::new(), |n| format!("  ({n})"))
                };
                // With --so-sanh: the earlier value after the verdict.
                let earlier = setting.previous.as_ref().map_or(String::new(), |p| {
                    let found = p.get(&d.unit, i);
                    let e = format::earlier(found, i.measure.is_percent());
                    let why = if found == crate::report::compare::Earlier::Unlike {
                        let id = &i.id;
                        tr!(
                            lang,
                            " — mã '{id}' của báo cáo trước là chỉ số khác (khác nguồn hoặc loại), không so sánh",
                            " — '{id}' of the earlier report is another indicator (another source or kind), not compared"
                        )
                    } else {
                        String::new()
                    };
                    format!("  ({}: {e}{why})", p.heading(lang).to_lowercase())
                });
                println!(
                    "  {:<id_w$} {:<48}  {:<target_w$} {:<22} {}{note}{earlier}",
                    i.id, label, i.target.text, value, verdict
                );
                for gr in &ir.groups {
                    let v = format::figure(&gr.figure, i.measure.is_percent(), &i.target);
                    let verdict = paint(
                        gr.achieved,
                        &format::verdict_marked(gr.achieved, gr.uncertain, lang),
                    );
                    println!(
                        "  {:<id_w$} · {:<46}  {:<target_w$} {:<22} {}",
                        "", gr.group, "", v, verdict
                    );
                }
            }
        }
        let total = d.objectives.len();
        println!(
            "  {}",
            tr!(
                lang,
                "Mục tiêu: {yes}/{total} đạt, {no} không đạt, {unknown} không có dữ liệu",
                "Objectives: {yes}/{total} achieved, {no} not achieved, {unknown} without data"
            )
        );
    }
    let read = data
        .files
        .iter()
        .filter(|f| f.status == FileStatus::Read)
        .count();
    let skipped = data.files.len() - read;
    let records = data.records();
    let (errors, warnings) = (data.errors(), data.warnings());
    println!();
    println!("{}", tr!(lang, "Tệp: {read} đã đọc, {skipped} bỏ qua hoặc lỗi; {records} bản ghi; {errors} lỗi, {warnings} cảnh báo", "Files: {read} read, {skipped} skipped or unreadable; {records} records; {errors} errors, {warnings} warnings"));
    if let Some(w) = format::nothing_read_warning(data, lang) {
        println!("{w}");
    }
    if errors + warnings > 0 {
        let file = crate::report::xlsx::ISSUES_FILE_NAME;
        println!("{}", tr!(lang, "Chi tiết từng lỗi (tệp, trang tính, ô): {file}; chạy `mtcl check` để xem ngay tại đây.", "Every issue (file, sheet, cell): {file}; run `mtcl check` to list them here."));
    }
}
