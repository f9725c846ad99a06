//! Reports: `ket-qua.json`, the XLSX workbooks and the DOCX documents. Every file is built
//! in memory and written atomically, so a reader of `bao-cao/` only ever sees a complete old
//! or a complete new report.
//!
//! Architecture invariant: reports read definitions, the dataset and the results; they never
//! open a workbook of `du-lieu/`.

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

/// Writes `bytes` to `path` through a temporary file in the same folder, flushed to disk,
/// then renamed over `path`: a crash or a full disk never leaves a half-written file in
/// place of a good one. Creates the parent folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mtcl-").suffix(".tmp");
    // tempfile creates 0600 files; a report is for everyone who may read the folder
    // (the umask still applies).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
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

/// Every report of `mtcl run`, built in parallel, each written atomically as soon as it is
/// built (holding every unit's files until the end cost hundreds of MB at national scale).
/// Returns the paths written, in a stable order.
pub fn write_all(
    ws: &Workspace,
    catalog: &Catalog,
    docs: &[Document],
    results: &Results,
    data: &Dataset,
    lang: Lang,
) -> std::io::Result<Vec<PathBuf>> {
    let xlsx_err = |e: xlsx::Error| std::io::Error::other(e.to_string());
    let write = |path: PathBuf, bytes: Vec<u8>| -> std::io::Result<PathBuf> {
        write_atomic(&path, &bytes)?;
        Ok(path)
    };
    let per_doc: Vec<Vec<PathBuf>> = docs
        .par_iter()
        .enumerate()
        .map(|(d, doc)| -> std::io::Result<Vec<PathBuf>> {
            let dir = ws.out.join(doc.slug());
            let r = &results.documents[d];
            let mut paths = Vec::new();
            for (name, bytes) in plan_files(doc) {
                paths.push(write(dir.join(name), bytes)?);
            }
            paths.push(write(
                dir.join(docx::RESULTS_FILE),
                docx::results_docx(doc, r),
            )?);
            let to_root = to_workspace(ws).map(|r| format!("../{r}"));
            let unit =
                xlsx::unit_workbook_linked(doc, d, r, catalog, data, to_root.as_deref(), lang)
                    .map_err(xlsx_err)?;
            paths.push(write(dir.join(xlsx::UNIT_FILE_NAME), unit)?);
            Ok(paths)
        })
        .collect::<std::io::Result<_>>()?;
    let mut paths: Vec<PathBuf> = per_doc.into_iter().flatten().collect();
    let warning = format::nothing_read_warning(data, lang);
    let summary = xlsx::school_summary_warned(docs, results, catalog, warning.as_deref(), lang)
        .map_err(xlsx_err)?;
    paths.push(write(ws.out.join(xlsx::SUMMARY_FILE_NAME), summary)?);
    paths.push(write(
        ws.out.join(xlsx::ISSUES_FILE_NAME),
        issues_workbook(ws, catalog, data, lang)?,
    )?);
    paths.push(write(
        ws.out.join(json::FILE_NAME),
        json::render(docs, results, data).into_bytes(),
    )?);
    Ok(paths)
}

/// `loi-du-lieu.xlsx`, whose file links are relative to the workspace when the output folder
/// is the default one.
pub fn issues_workbook(
    ws: &Workspace,
    catalog: &Catalog,
    data: &Dataset,
    lang: Lang,
) -> std::io::Result<Vec<u8>> {
    xlsx::issues_workbook_with(data, Some(catalog), lang, to_workspace(ws))
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The path from the output folder to the workspace root when the output folder is the
/// default one (`..`); `None` otherwise, and then reports hold no links into `du-lieu/`.
fn to_workspace(ws: &Workspace) -> Option<&'static str> {
    (ws.out == ws.root.join(crate::workspace::OUT_DIR)).then_some("..")
}

#[cfg(test)]
mod tests {
    use super::*;

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
