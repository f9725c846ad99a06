//! The floor: open every workbook of a corpus with calamine and touch every cell, nothing
//! more, with rayon over files. No tool built on calamine can read a corpus faster.
//!
//! cargo run --release --example floor -- CORPUS/du-lieu

use std::path::{Path, PathBuf};

use calamine::{open_workbook, DataRef, Reader, Xlsx};
use rayon::prelude::*;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("a corpus folder") {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "xlsx") {
            out.push(p);
        }
    }
}

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: floor DIR"));
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let start = std::time::Instant::now();
    let (cells, bytes): (u64, u64) = paths
        .par_iter()
        .map(|p| {
            let mut wb: Xlsx<_> = open_workbook(p).expect("a readable workbook");
            let mut cells = 0u64;
            let mut bytes = 0u64;
            for name in wb.sheet_names() {
                let mut reader = wb.worksheet_cells_reader(&name).expect("a sheet");
                while let Some(c) = reader.next_cell().expect("a cell") {
                    cells += 1;
                    bytes += match c.get_value() {
                        DataRef::String(s) => s.len() as u64,
                        DataRef::SharedString(s) => s.len() as u64,
                        DataRef::Float(f) => f.to_bits() & 1,
                        _ => 0,
                    };
                }
            }
            (cells, bytes)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    eprintln!(
        "{} files, {cells} cells ({bytes}) in {:.3}s",
        paths.len(),
        start.elapsed().as_secs_f64()
    );
}
