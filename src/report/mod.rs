//! Reports: `ket-qua.json`, the XLSX workbooks and the DOCX documents. Every file is built
//! in memory and written atomically, so a reader of `bao-cao/` only ever sees a complete old
//! or a complete new report.
//!
//! Architecture invariant: reports read definitions, the dataset and the results; they never
//! open a workbook of `du-lieu/`.

pub mod compare;
pub mod docx;
pub mod format;
pub mod json;
pub mod xlsx;

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::compute::Results;
use crate::dataset::Dataset;
use crate::definitions::Document;
use crate::i18n::Lang;
use crate::schema::Catalog;
use crate::workspace::Workspace;

/// What a run's reports say beyond its figures: the period they are for (named in every
/// title), and the earlier report compared with, if any.
#[derive(Debug, Clone, Default)]
pub struct Setting {
    pub period: crate::period::Period,
    pub previous: Option<compare::Previous>,
}

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk,
/// then renamed over `path`: a crash or a full disk never leaves a half-written file in
/// place of a good one. Creates the parent folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // The error names the report that failed (not its temporary file): see `oserr`.
    temporary_beside(path, bytes)
        .and_then(|tmp| {
            sync(&tmp)?;
            tmp.persist(path).map_err(|e| e.error)
        })
        .map_err(|e| crate::oserr::at(path, e))?;
    Ok(())
}

/// The files of one document's folder (`bao-cao/<slug>/`) written by `mtcl plan`: the
/// attachment, and the decision when a signer is given.
pub fn plan_files(doc: &Document) -> Vec<(&'static str, Vec<u8>)> {
    let mut files = vec![(docx::PLAN_FILE, docx::plan_docx(doc))];
    if let Some(bytes) = docx::decision_docx(doc) {
        files.push((docx::DECISION_FILE, bytes));
    }
    files
}

/// Every report of `mtcl run`, built in parallel, all or nothing: each is written to a
/// temporary file beside its place as soon as it is built (holding every unit's files in
/// memory until the end cost hundreds of MB at national scale), and only when every one is
/// written are they renamed into place. If one cannot be written, the temporaries are
/// removed, every previous report stays, and the error names the report that failed.
/// Returns the paths written, in a stable order.
pub fn write_all(
    ws: &Workspace,
    catalog: &Catalog,
    docs: &[Document],
    results: &Results,
    data: &Dataset,
    lang: Lang,
    setting: &Setting,
) -> Result<Vec<PathBuf>, WriteError> {
    let staged = Staged::default();
    let xlsx_err = |path: &Path, e: xlsx::Error| WriteError {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    let write = |path: PathBuf, bytes: Vec<u8>| staged.stage(path, &bytes);
    // Read once: the documents, the forms and ket-qua.json all place them.
    let explained = explained(docs, catalog, data);
    // Every report is built from the results and the records alone, so the units' reports
    // and the school-wide ones are built at the same time, and within a unit the workbook
    // (which lists every record again) beside the documents; each file's bytes do not
    // depend on which finished first, and the staged set is renamed in path order.
    let units = || {
        docs.par_iter()
            .enumerate()
            .map(|(d, doc)| -> Result<(), WriteError> {
                let dir = ws.out.join(doc.slug());
                let r = &results.documents[d];
                for (name, bytes) in plan_files(doc) {
                    write(dir.join(name), bytes)?;
                }
                let documents = || -> Result<(), WriteError> {
                    let explained = &explained[d];
                    let warning = format::nothing_read_warning(data, Lang::Vi);
                    write(
                        dir.join(docx::RESULTS_FILE),
                        docx::results_docx_with(doc, r, explained, setting, warning.as_deref()),
                    )?;
                    let path = dir.join(xlsx::EXPLANATION_FILE_NAME);
                    let form = xlsx::explanation_workbook(doc, r, explained, setting.period)
                        .map_err(|e| xlsx_err(&path, e))?;
                    write(path, form)
                };
                let workbook = || -> Result<(), WriteError> {
                    let path = dir.join(xlsx::UNIT_FILE_NAME);
                    let to_root = to_workspace(ws).map(|r| format!("../{r}"));
                    let unit = xlsx::unit_workbook_with(
                        doc,
                        d,
                        r,
                        catalog,
                        data,
                        lang,
                        setting,
                        to_root.as_deref(),
                    )
                    .map_err(|e| xlsx_err(&path, e))?;
                    write(path, unit)
                };
                let (a, b) = rayon::join(documents, workbook);
                a.and(b)
            })
            .collect::<Result<(), WriteError>>()
    };
    let school = || -> Result<(), WriteError> {
        let path = ws.out.join(xlsx::SUMMARY_FILE_NAME);
        let warning = format::nothing_read_warning(data, lang);
        let summary = xlsx::school_summary_with(
            docs,
            results,
            catalog,
            lang,
            setting.period,
            warning.as_deref(),
        )
        .map_err(|e| xlsx_err(&path, e))?;
        write(path, summary)?;
        let path = ws.out.join(xlsx::ISSUES_FILE_NAME);
        let issues =
            issues_workbook(ws, catalog, data, lang, setting.period).map_err(|source| {
                WriteError {
                    path: path.clone(),
                    source,
                }
            })?;
        write(path, issues)?;
        write(
            ws.out.join(json::FILE_NAME),
            json::render(docs, results, data, &explained, setting).into_bytes(),
        )
    };
    let (a, b) = rayon::join(units, school);
    a.and(b)?;
    staged.commit()
}

/// A report that could not be written, by its own path (never the temporary's).
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for WriteError {}

/// A set of reports written to temporary files beside their places and renamed into place
/// together by [`Staged::commit`]; dropped without a commit, it removes its temporaries and
/// leaves every previous report as it was.
#[derive(Default)]
pub struct Staged {
    files: std::sync::Mutex<Vec<(PathBuf, tempfile::TempPath)>>,
}

impl Staged {
    /// Writes `bytes` to a temporary file in `path`'s folder (created if needed), to be
    /// flushed to disk and renamed over `path` by [`Staged::commit`].
    pub fn stage(&self, path: PathBuf, bytes: &[u8]) -> Result<(), WriteError> {
        match temporary_beside(&path, bytes) {
            Ok(tmp) => {
                self.files
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((path, tmp));
                Ok(())
            }
            Err(source) => Err(WriteError { path, source }),
        }
    }

    /// Flushes every staged file to disk, then renames each into place, in path order;
    /// returns the paths.
    pub fn commit(self) -> Result<Vec<PathBuf>, WriteError> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        sync_every(&files)?;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        // A folder standing where a report should go is the one way a rename in a
        // writable folder fails: found before anything is replaced.
        if let Some((path, _)) = files.iter().find(|(p, _)| p.is_dir()) {
            return Err(WriteError {
                path: path.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "a folder has this name",
                ),
            });
        }
        let mut paths = Vec::with_capacity(files.len());
        let mut files = files.into_iter();
        // Every temporary is complete on disk; only a rename is left for each, which within
        // one folder does not fail for want of space.
        for (path, tmp) in files.by_ref() {
            tmp.persist(&path).map_err(|e| WriteError {
                path: path.clone(),
                source: e.error,
            })?;
            paths.push(path);
        }
        Ok(paths)
    }
}

/// Flushes the staged temporaries to disk, several at a time: the time is the disk's,
/// and one after another on the threads that wrote them it was a fifth of a run without
/// records. The first failure is reported, by its report's path.
fn sync_every(files: &[(PathBuf, tempfile::TempPath)]) -> Result<(), WriteError> {
    const AT_ONCE: usize = 16;
    if files.is_empty() {
        return Ok(());
    }
    let per = files.len().div_ceil(AT_ONCE);
    std::thread::scope(|s| {
        let workers: Vec<_> = files
            .chunks(per)
            .map(|chunk| {
                s.spawn(move || {
                    for (path, tmp) in chunk {
                        sync(tmp).map_err(|source| WriteError {
                            path: path.clone(),
                            source,
                        })?;
                    }
                    Ok(())
                })
            })
            .collect();
        // The threads not joined here are joined at the end of the scope.
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("syncing a report"))
    })
}

/// Flushes a closed temporary file to disk (reopened for writing: Windows flushes only a
/// handle that may write). On Windows a virus scanner may hold a file just written for a
/// moment without sharing it: the file is tried again for up to two seconds.
fn sync(tmp: &Path) -> std::io::Result<()> {
    let mut tries = 0;
    let file = loop {
        match std::fs::OpenOptions::new().write(true).open(tmp) {
            Err(e) if crate::platform::is_file_in_use(&e) && tries < 40 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            opened => break opened?,
        }
    };
    file.sync_all()
}

/// A temporary file in `path`'s folder holding `bytes`, not yet flushed to disk ([`sync`]).
fn temporary_beside(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::TempPath> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // tempfile creates 0600 files; a report is for everyone who may read the folder
    // (the umask still applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    Ok(tmp.into_temp_path())
}

/// How the temporary files of a write are named: `.mtcl-XXXXXX.tmp`, beside their report.
pub const TEMP_PREFIX: &str = ".mtcl-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// The explanations of every document, in document order.
fn explained(
    docs: &[Document],
    catalog: &Catalog,
    data: &Dataset,
) -> Vec<crate::explain::Explanations> {
    docs.iter()
        .enumerate()
        .map(|(d, doc)| crate::explain::for_document(d, doc, catalog, data))
        .collect()
}

/// `loi-du-lieu.xlsx`, whose file links are relative to the workspace when the output folder
/// is the default one.
pub fn issues_workbook(
    ws: &Workspace,
    catalog: &Catalog,
    data: &Dataset,
    lang: Lang,
    period: crate::period::Period,
) -> std::io::Result<Vec<u8>> {
    xlsx::issues_workbook_with(data, Some(catalog), lang, to_workspace(ws), period)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The path from the output folder to the workspace root when the output folder is the
/// default one (`..`) or a semester's under it (`../..` for `bao-cao/hk1/`); `None`
/// otherwise, and then reports hold no links into `du-lieu/`.
fn to_workspace(ws: &Workspace) -> Option<&'static str> {
    let default_out = ws.root.join(crate::workspace::OUT_DIR);
    if ws.out == default_out {
        Some("..")
    } else if ws.out.parent() == Some(default_out.as_path()) {
        Some("../..")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_staged_set_that_cannot_be_completed_replaces_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (
            dir.path().join("a.json"),
            dir.path().join("u").join("b.xlsx"),
        );
        write_atomic(&a, b"old a").unwrap();
        std::fs::create_dir_all(&b).unwrap(); // a folder where a report should go
        let staged = Staged::default();
        staged.stage(a.clone(), b"new a").unwrap();
        staged.stage(b.clone(), b"new b").unwrap();
        let e = staged.commit().unwrap_err();
        assert_eq!(e.path, b, "the report is named, not its temporary");
        assert_eq!(std::fs::read(&a).unwrap(), b"old a");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary left: {names:?}");
    }

    #[test]
    fn every_staged_report_is_flushed_then_renamed_and_a_lost_one_stops_all() {
        let dir = tempfile::tempdir().unwrap();
        // More reports than are flushed at once.
        let paths: Vec<PathBuf> = (0..40)
            .map(|k| dir.path().join(format!("u{k:02}")).join("r.docx"))
            .collect();
        let staged = Staged::default();
        for (k, p) in paths.iter().enumerate() {
            staged
                .stage(p.clone(), format!("report {k}").as_bytes())
                .unwrap();
        }
        assert_eq!(staged.commit().unwrap(), paths);
        assert_eq!(std::fs::read(&paths[37]).unwrap(), b"report 37");

        // A temporary gone before it could be flushed: its report is named, none replaced.
        let staged = Staged::default();
        for p in &paths {
            staged.stage(p.clone(), b"new").unwrap();
        }
        let lost = {
            let files = staged.files.lock().unwrap();
            std::fs::remove_file(&files[25].1).unwrap();
            files[25].0.clone()
        };
        assert_eq!(staged.commit().unwrap_err().path, lost);
        assert!(paths.iter().all(|p| std::fs::read(p).unwrap() != b"new"));
    }

    #[test]
    fn a_report_that_cannot_be_staged_is_named_and_nothing_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        write_atomic(&a, b"old a").unwrap();
        std::fs::write(dir.path().join("u"), b"a file where a folder should be").unwrap();
        let staged = Staged::default();
        staged.stage(a.clone(), b"new a").unwrap();
        let bad = dir.path().join("u").join("b.xlsx");
        let e = staged.stage(bad.clone(), b"new b").unwrap_err();
        assert_eq!(e.path, bad);
        drop(staged);
        assert_eq!(std::fs::read(&a).unwrap(), b"old a");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("a.json");
        write_atomic(&p, b"old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.json")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o644
            );
        }
    }
}
