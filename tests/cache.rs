//! The parse cache of `mtcl watch`: unchanged workbooks are not parsed again, and a run
//! from the cache gives the same dataset as a fresh one.

mod common;
use common::*;

use mtcl::i18n::Lang;
use mtcl::ingest::{read_workspace, read_workspace_cached, Cache};
use mtcl::schema::load_catalog;
use mtcl::workspace::Workspace;

fn fingerprint(d: &mtcl::dataset::Dataset) -> String {
    let records: Vec<String> = d
        .tables
        .iter()
        .flat_map(|t| t.iter())
        .map(|r| {
            let vals: Vec<String> = r
                .values
                .iter()
                .map(|v| match v {
                    mtcl::model::Value::Text(s) => d.strings.get(s).to_string(),
                    other => format!("{other:?}"),
                })
                .collect();
            format!("{:?} {:?} {} {vals:?}", r.origin, r.unit, r.excluded)
        })
        .collect();
    format!("{:?}\n{:?}\n{records:?}", d.files, d.issues)
}

#[test]
fn unchanged_workbooks_come_from_the_cache_and_give_the_same_dataset() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&sample("co-khi-2021-2022"), dir.path());
    let ws = Workspace::new(dir.path(), None, None, None);
    let catalog = load_catalog(None, Lang::Vi).unwrap();
    let docs =
        mtcl::definitions::load_definitions(&ws.objectives, &ws.root, &catalog, Lang::Vi).unwrap();
    let fresh = read_workspace(&ws, &catalog, &docs, Lang::Vi);
    let mut cache = Cache::default();
    let first = read_workspace_cached(&ws, &catalog, &docs, Lang::Vi, &mut cache);
    let books = fresh.files.len();
    assert_eq!((cache.parsed, cache.reused), (books, 0));
    let second = read_workspace_cached(&ws, &catalog, &docs, Lang::Vi, &mut cache);
    assert_eq!((cache.parsed, cache.reused), (0, books));
    assert_eq!(fingerprint(&first), fingerprint(&fresh));
    assert_eq!(fingerprint(&second), fingerprint(&fresh));

    // A new workbook sorted first shifts every other file: provenance must follow.
    std::fs::copy(
        dir.path().join("du-lieu/giao-vien.xlsx"),
        dir.path().join("du-lieu/a-giao-vien-ban-sao.xlsx"),
    )
    .unwrap();
    let third = read_workspace_cached(&ws, &catalog, &docs, Lang::Vi, &mut cache);
    assert_eq!((cache.parsed, cache.reused), (1, books));
    let fresh = read_workspace(&ws, &catalog, &docs, Lang::Vi);
    assert_eq!(fingerprint(&third), fingerprint(&fresh));
}
