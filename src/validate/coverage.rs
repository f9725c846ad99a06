//! `field-not-found`: an indicator whose field no sheet of its source holds. Without this
//! warning a column whose header was not recognised reads as a blank column, and the
//! indicator reports a quiet 0% (SPEC "Header matching").
//!
//! It needs both the definitions (which fields the indicators use) and what reading found
//! (which fields each sheet holds), so it runs in `cmd/` between the two. (Compute looks at
//! the same `SheetReport::fields` to give an indicator without its column no data.)

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;

use crate::dataset::{Dataset, Issue};
use crate::definitions::{Document, Indicator, Measure};
use crate::i18n::Lang;
use crate::period::Period;
use crate::schema::Catalog;
use crate::tr;

use super::{issue, At};

/// Sheets listed by name in one message; the rest are counted.
const SHEETS_NAMED: usize = 5;

/// The fields (indices in its source) an indicator reads: in `count`, `of`, `where`, `sum`,
/// `of_sum`, `distinct` and `per`.
pub fn fields_used(ind: &Indicator) -> Vec<usize> {
    let mut out = Vec::new();
    match &ind.measure {
        Measure::Share { count, of } => {
            count.fields(&mut out);
            of.fields(&mut out);
        }
        Measure::Count { count, distinct } => {
            count.fields(&mut out);
            out.extend(distinct);
        }
        Measure::Sum {
            sum,
            of_sum,
            filter,
        } => {
            out.extend([*sum, *of_sum]);
            filter.fields(&mut out);
        }
    }
    out.extend(ind.per);
    out.sort_unstable();
    out.dedup();
    out
}

/// One `field-not-found` warning per source field that some indicator uses and that no
/// sheet of the source holding records of `period` (or of none) has — not when the column
/// is there but blank, and not when no such sheet holds records (the indicator then has no
/// data at all). A semester's workbook without the column is not covered by the year's that
/// has it: the semester's run would count it as blank. With the index of the file each
/// warning belongs to (its first such sheet's).
pub fn fields_not_found(
    docs: &[Document],
    catalog: &Catalog,
    data: &Dataset,
    lang: Lang,
    period: Period,
) -> Vec<(usize, Issue)> {
    // (source, field) → indicator ids using it, in definition order.
    let mut used: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    for d in docs {
        for (_, ind) in d.indicators() {
            let Some(s) = catalog.sources.iter().position(|x| x.id == ind.source) else {
                continue;
            };
            for f in fields_used(ind) {
                let ids = used.entry((s, f)).or_default();
                if !ids.contains(&ind.id.as_str()) {
                    ids.push(&ind.id);
                }
            }
        }
    }
    let mut out = Vec::new();
    // The sheets of a source, found once for all its fields (`used` is in source order).
    let mut of_source: Option<(usize, FxHashSet<(u32, u32)>)> = None;
    for ((s, f), indicators) in used {
        let source = &catalog.sources[s];
        let field = &source.fields[f];
        if of_source.as_ref().is_none_or(|(k, _)| *k != s) {
            of_source = Some((s, sheets_of_period(data, s, period)));
        }
        let of_period = &of_source.as_ref().expect("just set").1;
        // Sheets of this source holding records of the period: (file index, file path, sheet
        // name, has it).
        let sheets: Vec<(usize, &str, &str, bool)> = data
            .files
            .iter()
            .enumerate()
            .flat_map(|(fi, file)| {
                file.sheets
                    .iter()
                    .enumerate()
                    .filter(move |(si, sh)| {
                        sh.records > 0
                            && sh.source.as_deref() == Some(&source.id)
                            && of_period.contains(&(fi as u32, *si as u32))
                    })
                    .map(move |(_, sh)| {
                        let has = sh.fields.contains(&field.id);
                        (fi, file.path.as_str(), sh.name.as_str(), has)
                    })
            })
            .collect();
        if sheets.is_empty() || sheets.iter().all(|x| x.3) {
            continue;
        }
        // Some sheets have the column and others not (a semester's results without the
        // year's Lên lớp column, beside a list that has it): the rows of those read as
        // blank, which is as quiet a wrong figure as no column at all.
        let partly = sheets.iter().any(|x| x.3);
        let sheets: Vec<_> = sheets.into_iter().filter(|x| !x.3).collect();
        let (fi, file, sheet, _) = sheets[0];
        let mut named: Vec<String> = sheets
            .iter()
            .take(SHEETS_NAMED)
            .map(|(_, p, n, _)| format!("'{n}' ({p})"))
            .collect();
        if sheets.len() > SHEETS_NAMED {
            let more = sheets.len() - SHEETS_NAMED;
            named.push(tr!(lang, "và {more} trang khác", "and {more} more"));
        }
        let named = named.join(", ");
        let (h, id, src, inds) = (
            field.canonical_header(),
            &field.id,
            &source.id,
            indicators.join(", "),
        );
        let message = if partly {
            tr!(
                lang,
                "Chỉ số {inds} dùng cột '{h}' ({id}), nhưng các trang sau của nguồn {src} không có cột này: {named}. Các dòng của những trang đó được tính như thể cột để trống (chỉ số nào lấy số liệu từ cột này mà chỉ có dòng của những trang đó thì báo «không có dữ liệu») — hãy thêm cột '{h}' vào các trang đó (hoặc sửa tiêu đề cột), nếu không kết quả của chỉ số có thể thấp hơn thực tế.",
                "Indicator(s) {inds} use column '{h}' ({id}), but these sheets of source {src} do not have it: {named}. Their rows are counted as if the column were blank (an indicator whose figure is read from this column and that has only their rows reports «no data») — add column '{h}' to those sheets (or rename their header), or the indicator may read lower than it is."
            )
        } else {
            tr!(
                lang,
                "Chỉ số {inds} dùng cột '{h}' ({id}), nhưng không trang nào của nguồn {src} có cột này: {named}. Chỉ số lấy số liệu từ cột này báo «không có dữ liệu», chỉ số dùng cột này để chọn dòng thì tính như thể cột để trống — nếu sổ có cột này dưới tên khác, hãy sửa tiêu đề thành '{h}' (hoặc thêm tên đó vào trường {id} trong nguon-du-lieu.toml); nếu không, hãy thêm cột '{h}'.",
                "Indicator(s) {inds} use column '{h}' ({id}), but no sheet of source {src} has it: {named}. An indicator whose figure is read from this column reports «no data»; one that chooses its rows by it counts it as blank — if the workbook has this column under another name, rename its header to '{h}' (or add that name to field {id} in nguon-du-lieu.toml); otherwise add a column '{h}'."
            )
        };
        out.push((
            fi,
            issue("field-not-found", At::sheet(file, sheet), id, "", message),
        ));
    }
    out
}

/// The (file, sheet) places holding a record of table `s` that a run for `period` sees: of
/// that period or of none.
fn sheets_of_period(data: &Dataset, s: usize, period: Period) -> FxHashSet<(u32, u32)> {
    let mut out = FxHashSet::default();
    let mut last = None;
    // Records come sheet by sheet: a sheet is looked up once per run of its records.
    for r in data.tables[s].records() {
        let at = (r.origin.file, r.origin.sheet);
        if r.period.is_none_or(|p| p == period) && last != Some(at) {
            out.insert(at);
            last = Some(at);
        }
    }
    out
}

/// Adds [`fields_not_found`] to the dataset's issues, each at the end of its file's issues
/// (issues stay in file order, as `check` prints them).
pub fn add_fields_not_found(
    data: &mut Dataset,
    docs: &[Document],
    catalog: &Catalog,
    lang: Lang,
    period: Period,
) {
    let mut found = fields_not_found(docs, catalog, data, lang, period);
    found.sort_by_key(|(f, _)| *f);
    if found.is_empty() {
        return;
    }
    let file_index: std::collections::HashMap<&str, usize> = data
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.path.as_str(), i))
        .collect();
    let order: Vec<usize> = data
        .issues
        .iter()
        .map(|i| {
            file_index
                .get(i.file.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        })
        .collect();
    let mut merged = Vec::with_capacity(data.issues.len() + found.len());
    let mut new = found.into_iter().peekable();
    for (issue, at) in std::mem::take(&mut data.issues).into_iter().zip(order) {
        while let Some((_, i)) = new.next_if(|(f, _)| *f < at) {
            merged.push(i);
        }
        merged.push(issue);
    }
    merged.extend(new.map(|(_, i)| i));
    data.issues = merged;
}
