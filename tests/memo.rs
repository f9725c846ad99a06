//! The per-sheet memo of typed text cells (`ingest::normalize::Memo`) and the pipelined
//! reading of an xlsx sheet (`ingest::workbook::Pipe`) give the records, strings and
//! issues the simple path gives, cell by cell: on both samples, on the ingest fixtures, and
//! on a sheet whose names column outgrows the memo, with 1 and 2 threads.

#[path = "common/books.rs"]
mod books;
mod common;

use books::*;
use common::{repo, sample};

use mtcl::dataset::Dataset;
use mtcl::i18n::Lang;
use mtcl::ingest::workbook::Pipe;
use mtcl::ingest::{discover, read_files, read_files_as, read_files_unmemoised};
use mtcl::schema::load_catalog;
use mtcl::workspace::Workspace;

/// Everything a report is built from, as text: files, issues, every record with its
/// texts spelled out, and the string table.
fn fingerprint(d: &Dataset) -> String {
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
            format!("{:?} {vals:?}", r.record)
        })
        .collect();
    format!("{:?}\n{:?}\n{records:#?}", d.files, d.issues)
}

/// (memoised, simple) fingerprints of the workspace at `root`, read with `threads` threads;
/// the memoised and pipelined reading checked against the simple one on the way.
fn both_ways(root: &std::path::Path, threads: usize) -> (String, String, usize) {
    let ws = Workspace::new(root, None, None, None);
    let catalog = load_catalog(None, Lang::Vi).unwrap();
    let docs = mtcl::definitions::load_definitions(&ws.objectives, &ws.root, &catalog, Lang::Vi)
        .unwrap_or_default();
    let found = discover(&ws.data, &ws.root);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let memo = read_files(&found, &catalog, &docs, Lang::Vi);
        let simple = read_files_unmemoised(&found, &catalog, &docs, Lang::Vi);
        let piped = read_files_as(&found, &catalog, &docs, Lang::Vi, true, Pipe::Always);
        let piped_simple = read_files_as(&found, &catalog, &docs, Lang::Vi, false, Pipe::Always);
        assert!(
            fingerprint(&piped) == fingerprint(&simple),
            "pipelined and simple path differ, -j {threads}"
        );
        assert!(
            fingerprint(&piped_simple) == fingerprint(&simple),
            "pipelined without memo and simple path differ, -j {threads}"
        );
        let n = memo.tables.iter().map(|t| t.len()).sum();
        (fingerprint(&memo), fingerprint(&simple), n)
    })
}

fn same_both_ways(root: &std::path::Path, at_least: usize) {
    let mut seen = Vec::new();
    for threads in [1, 2] {
        let (memo, simple, n) = both_ways(root, threads);
        assert!(n >= at_least, "{} records in {}", n, root.display());
        assert!(memo == simple, "memo and simple path differ, -j {threads}");
        seen.push(memo);
    }
    assert_eq!(seen[0], seen[1], "-j 1 and -j 2 differ");
}

#[test]
fn samples_read_the_same_with_and_without_the_memo() {
    same_both_ways(&sample("co-khi-2021-2022"), 100);
    same_both_ways(&sample("truong-2019"), 100);
}

#[test]
fn ingest_fixtures_read_the_same_with_and_without_the_memo() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("muc-tieu")).unwrap();
    let data = dir.path().join("du-lieu");
    std::fs::create_dir_all(&data).unwrap();
    let fixtures = repo().join("tests/fixtures");
    for e in std::fs::read_dir(&fixtures).unwrap() {
        let p = e.unwrap().path();
        if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("xlsx" | "xls" | "ods")
        ) {
            std::fs::copy(&p, data.join(p.file_name().unwrap())).unwrap();
        }
    }
    same_both_ways(dir.path(), 10);
}

/// More distinct names than the memo keeps, repeated enum texts, bad values repeated (the
/// same issue at every cell that holds them) and legacy-encoded text.
#[test]
fn a_sheet_past_the_memo_limit_reads_the_same() {
    let ws = Ws::new(true);
    let mut rows = vec![hs_header()];
    let rows_n = mtcl::ingest::normalize::Memo::LIMIT + 300;
    for i in 0..rows_n {
        let hl = ["Giỏi", "Khá", "kha", "Trung bình", "Giỏ", "TB"][i % 6];
        let score = ["8,5", "7.25", "abc", "9"][i % 4];
        let unit = if i % 7 == 0 { "C¬ khÝ" } else { "Cơ khí" };
        rows.push(vec![
            X::N((i + 1) as f64),
            X::S(format!("HS{i:05}")),
            X::S(format!("Nguyễn Văn {i}")),
            X::S(unit.into()),
            X::S("2021 - 2024".into()),
            X::S(score.into()),
            X::S(hl.into()),
        ]);
    }
    ws.save("hs.xlsx", book("Học sinh", &rows));
    same_both_ways(ws.root(), rows_n - rows_n / 4 - 10);
    let read = ws.read();
    // The memo stopped for names but kept each one: the last row's name is its own.
    let names = read.rows("hoc_sinh", &["ho_ten"]);
    assert_eq!(
        names.last().map(|r| r[0].as_str()),
        Some(format!("Nguyễn Văn {}", rows_n - 1).as_str())
    );
}
