//! Helpers shared by the integration tests: run the real binary on a workspace.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample(name: &str) -> PathBuf {
    repo().join("samples").join(name)
}

/// Runs `mtcl` with `args`, in Vietnamese unless the args say otherwise.
pub fn mtcl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mtcl"))
        .args(args)
        .env("LANG", "vi_VN.UTF-8")
        .env_remove("LC_ALL")
        .output()
        .expect("the mtcl binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of a folder tree (a sample workspace) into a fresh temporary folder.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != "bao-cao" {
                copy_tree(&e.path(), &dest);
            }
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A temporary workspace holding one definitions file with `text`.
pub fn workspace_with(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("muc-tieu")).unwrap();
    std::fs::create_dir_all(dir.path().join("du-lieu")).unwrap();
    std::fs::write(dir.path().join("muc-tieu").join(name), text).unwrap();
    dir
}

/// The WordprocessingML namespace.
pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Whether `n` is the WordprocessingML element `name`.
pub fn is_w(n: &roxmltree::Node, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(W) && n.tag_name().name() == name
}

/// The rows of the first table of a DOCX body that holds a cell reading `header`.
pub fn table_rows<'a, 'i>(
    d: &'a roxmltree::Document<'i>,
    header: &str,
) -> Vec<roxmltree::Node<'a, 'i>> {
    let tbl = d
        .descendants()
        .filter(|n| is_w(n, "tbl"))
        .find(|t| {
            t.descendants()
                .filter(|n| is_w(n, "t"))
                .any(|n| n.text() == Some(header))
        })
        .unwrap_or_else(|| panic!("no table with {header}"));
    tbl.children().filter(|n| is_w(n, "tr")).collect()
}

/// The text of each cell of a table row, a cell's paragraphs joined by newlines.
pub fn cell_texts(tr: roxmltree::Node) -> Vec<String> {
    tr.children()
        .filter(|n| is_w(n, "tc"))
        .map(|tc| {
            tc.children()
                .filter(|p| is_w(p, "p"))
                .map(|p| {
                    p.descendants()
                        .filter(|n| is_w(n, "t"))
                        .filter_map(|n| n.text())
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}
