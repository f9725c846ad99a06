//! The workspace folder of a school year: where definitions, data and reports live.

use std::path::{Path, PathBuf};

pub const OBJECTIVES_DIR: &str = "muc-tieu";
pub const DATA_DIR: &str = "du-lieu";
pub const TEMPLATES_DIR: &str = "mau-nhap-lieu";
pub const OUT_DIR: &str = "bao-cao";

/// The folders a command works with, after `--objectives`, `--data` and `--out`.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub objectives: PathBuf,
    pub data: PathBuf,
    pub out: PathBuf,
}

impl Workspace {
    pub fn new(
        root: &Path,
        objectives: Option<&Path>,
        data: Option<&Path>,
        out: Option<&Path>,
    ) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            objectives: objectives.map_or_else(|| root.join(OBJECTIVES_DIR), Path::to_path_buf),
            data: data.map_or_else(|| root.join(DATA_DIR), Path::to_path_buf),
            out: out.map_or_else(|| root.join(OUT_DIR), Path::to_path_buf),
        }
    }

    pub fn schema_file(&self) -> PathBuf {
        self.root.join(crate::schema::WORKSPACE_SCHEMA_FILE)
    }

    /// A path as shown to people and written in `ket-qua.json`: relative to the workspace
    /// when inside it, `/`-separated.
    pub fn display(&self, p: &Path) -> String {
        display_path(p, &self.root)
    }
}

/// `p` relative to `root` when it lies inside it, with `/` separators.
pub fn display_path(p: &Path, root: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
