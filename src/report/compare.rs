//! The earlier report a run is compared with (`--so-sanh`, SPEC "Comparison with an
//! earlier report"): its `ket-qua.json`, read once by the command and handed to the
//! reports, which place each earlier value beside this run's. Compute never sees it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::exact::Ratio;
use crate::i18n::Lang;
use crate::ingest::unit_match_key;
use crate::period::Period;
use crate::tr;

/// The earlier values, by the document's unit (normalised as unit names are) and the
/// indicator id.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    values: HashMap<(String, String), Entry>,
    /// The run compared is a semester's: the column is *Kỳ trước*, not *Năm trước*.
    pub semester: bool,
}

/// An earlier indicator: its value (`None`: it had no data), and what it measured when the
/// earlier report says so.
#[derive(Debug, Clone, Default)]
struct Entry {
    value: Option<f64>,
    source: Option<String>,
    /// A share or sum (its `denominator` a number) rather than a count (`null`).
    percent: Option<bool>,
}

/// An indicator's earlier counterpart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Earlier {
    /// The earlier report has no such indicator for the unit.
    None,
    /// It has one under the same id that measures something else (another source, or a
    /// count where this is a share): the indicators were renumbered, and last year's
    /// figure of another indicator must not stand beside this one.
    Unlike,
    /// It has, without a value.
    NoData,
    Value(f64),
}

impl Previous {
    pub fn get(&self, unit: &str, indicator: &crate::definitions::Indicator) -> Earlier {
        let Some(e) = self
            .values
            .get(&(unit_match_key(unit), indicator.id.trim().to_string()))
        else {
            return Earlier::None;
        };
        let other_source = e.source.as_deref().is_some_and(|s| s != indicator.source);
        let other_kind = e
            .percent
            .is_some_and(|p| p != indicator.measure.is_percent());
        match e.value {
            _ if other_source || other_kind => Earlier::Unlike,
            None => Earlier::NoData,
            Some(v) => Earlier::Value(v),
        }
    }

    /// The column's heading: *Năm trước* or, comparing semesters, *Kỳ trước*.
    pub fn heading(&self, lang: Lang) -> &'static str {
        match (self.semester, lang) {
            (false, Lang::Vi) => "Năm trước",
            (true, Lang::Vi) => "Kỳ trước",
            (false, Lang::En) => "Previous year",
            (true, Lang::En) => "Previous period",
        }
    }
}

/// The change from `earlier` to `now`: percentage points for shares, units for counts
/// (both are the difference of the two values, which are percentages or counts already).
pub fn difference(now: Option<Ratio>, earlier: Earlier) -> Option<f64> {
    match (now, earlier) {
        (Some(n), Earlier::Value(e)) => Some(n.to_f64() - e),
        _ => None,
    }
}

/// Which `ket-qua.json` `path` means: the file itself, or in a workspace (or its
/// `bao-cao/`) the one of the run's period. When a folder holds neither, the place a run of
/// that workspace writes it (`bao-cao/…/ket-qua.json`), which the message names.
fn result_file(path: &Path, period: Period) -> PathBuf {
    if path.is_dir() {
        let sub = |d: PathBuf| match period.out_folder() {
            Some(p) => d.join(p).join(super::json::FILE_NAME),
            None => d.join(super::json::FILE_NAME),
        };
        let in_out = sub(path.join(crate::workspace::OUT_DIR));
        let direct = sub(path.to_path_buf());
        if !in_out.is_file() && direct.is_file() {
            return direct;
        }
        return in_out;
    }
    path.to_path_buf()
}

/// Reads the earlier report at `path` for a run of `period`. A path that does not exist or
/// holds no mtcl result is an error saying so (the command then exits 2, writing nothing).
pub fn load(path: &Path, period: Period, lang: Lang) -> Result<Previous, String> {
    let shown = path.display();
    if !path.exists() {
        return Err(tr!(
            lang,
            "--so-sanh: không tìm thấy '{shown}'",
            "--so-sanh: '{shown}' not found"
        ));
    }
    let file = result_file(path, period);
    let f = file.display();
    let text = std::fs::read_to_string(&file).map_err(|e| {
        let why = crate::oserr::describe(&e, lang);
        if path.is_dir() && e.kind() == std::io::ErrorKind::NotFound {
            // A workspace whose reports of this period were never written: say which run
            // writes them.
            let (ky_vi, ky_en, flag) = match period.out_folder() {
                Some(_) => (period.name_vi(), period.name_en(), format!(" --ky {}", period.id())),
                None => ("cả năm", "the whole year", String::new()),
            };
            tr!(
                lang,
                "--so-sanh: '{shown}' chưa có báo cáo {ky_vi} của mtcl (không có '{f}'); hãy chạy trước: mtcl run {shown}{flag}",
                "--so-sanh: '{shown}' holds no mtcl report of {ky_en} (no '{f}'); run first: mtcl run {shown}{flag}"
            )
        } else {
            tr!(
                lang,
                "--so-sanh: không đọc được '{f}': {why}",
                "--so-sanh: cannot read '{f}': {why}"
            )
        }
    })?;
    let not_mtcl = || {
        tr!(
            lang,
            "--so-sanh: '{f}' không phải tệp ket-qua.json của mtcl",
            "--so-sanh: '{f}' is not an mtcl ket-qua.json"
        )
    };
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|_| not_mtcl())?;
    let documents = json
        .get("documents")
        .and_then(|d| d.as_array())
        .filter(|_| json.get("version").is_some_and(|v| v.is_string()))
        .ok_or_else(not_mtcl)?;
    let mut values = HashMap::new();
    for d in documents {
        let Some(unit) = d.get("unit").and_then(|u| u.as_str()) else {
            return Err(not_mtcl());
        };
        let unit = unit_match_key(unit);
        let objectives = d.get("objectives").and_then(|o| o.as_array());
        for o in objectives.into_iter().flatten() {
            let indicators = o.get("indicators").and_then(|i| i.as_array());
            for i in indicators.into_iter().flatten() {
                let Some(id) = i.get("id").and_then(|x| x.as_str()) else {
                    continue;
                };
                let entry = Entry {
                    value: i.get("value").and_then(|v| v.as_f64()),
                    source: i.get("source").and_then(|v| v.as_str()).map(str::to_string),
                    percent: i.get("denominator").map(|d| !d.is_null()),
                };
                values
                    .entry((unit.clone(), id.trim().to_string()))
                    .or_insert(entry);
            }
        }
    }
    Ok(Previous {
        values,
        semester: period.is_semester(),
    })
}
