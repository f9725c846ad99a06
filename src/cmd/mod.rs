//! One file per subcommand; this module only routes to them and holds what they share.

mod check;
mod init;
mod plan;
mod run;
mod watch;

use std::path::Path;

use crate::cli::{Cli, Command, Global};
use crate::definitions::{load_definitions, Document};
use crate::i18n::Lang;
use crate::schema::{load_catalog, Catalog};
use crate::workspace::Workspace;
use crate::{tr, CannotRun, Outcome};

/// Runs the parsed command line.
pub fn dispatch(cli: Cli) -> Result<Outcome, CannotRun> {
    let g = &cli.global;
    if let Some(n) = g.jobs {
        // Only fails when a pool was already built, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
    match &cli.command {
        Command::Init { dir, templates } => init::run(dir, *templates, g),
        Command::Check { dir } => check::run(&workspace(dir, g), g),
        Command::Plan { dir } => plan::run(&workspace(dir, g), g),
        Command::Run { dir } => run::run(&workspace(dir, g), g),
        Command::Watch { dir, settle } => watch::run(&workspace(dir, g), *settle, g),
    }
}

fn workspace(dir: &Path, g: &Global) -> Workspace {
    Workspace::new(
        dir,
        g.objectives.as_deref(),
        g.data.as_deref(),
        g.out.as_deref(),
    )
}

/// The source schemas and the objective definitions of a workspace, every error of both
/// rendered together; the first step of every command but `init`.
pub(crate) fn load_workspace(
    ws: &Workspace,
    lang: Lang,
) -> Result<(Catalog, Vec<Document>), CannotRun> {
    if !ws.root.is_dir() {
        let d = ws.root.display();
        return Err(CannotRun(tr!(
            lang,
            "không tìm thấy thư mục làm việc '{d}'",
            "workspace folder '{d}' not found"
        )));
    }
    if !ws.objectives.is_dir() {
        let d = ws.objectives.display();
        return Err(CannotRun(tr!(
            lang,
            "không tìm thấy thư mục định nghĩa mục tiêu '{d}' (tạo bằng: mtcl init)",
            "objectives folder '{d}' not found (create it with: mtcl init)"
        )));
    }
    let catalog = load_workspace_catalog(&ws.root, lang)?;
    let docs = load_definitions(&ws.objectives, &ws.root, &catalog, lang)
        .map_err(|e| render_errors(&e, lang))?;
    if docs.is_empty() {
        return Err(no_definitions(ws, lang));
    }
    Ok((catalog, docs))
}

/// No definitions file: "all good" would be a lie. Names what the folder holds and was not
/// taken (a `khoa.toml.txt` saved by Notepad), so the person sees why.
fn no_definitions(ws: &Workspace, lang: Lang) -> CannotRun {
    let d = crate::workspace::display_path(&ws.objectives, &ws.root);
    let mut found: Vec<String> = std::fs::read_dir(&ws.objectives)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    if found.is_empty() {
        return CannotRun(tr!(
            lang,
            "thư mục '{d}' không có tệp định nghĩa mục tiêu nào (*.toml); tạo tệp mẫu bằng: mtcl init",
            "folder '{d}' holds no objectives definitions file (*.toml); create a model file with: mtcl init"
        ));
    }
    let list = found.join(", ");
    CannotRun(tr!(
        lang,
        "thư mục '{d}' không có tệp định nghĩa mục tiêu nào (*.toml); các tệp tìm thấy nhưng không dùng: {list} — tên tệp phải kết thúc bằng .toml (ví dụ khoa-co-khi.toml, không phải khoa-co-khi.toml.txt)",
        "folder '{d}' holds no objectives definitions file (*.toml); found but not taken: {list} — the name must end in .toml (e.g. khoa-co-khi.toml, not khoa-co-khi.toml.txt)"
    ))
}

/// The built-in source schemas with the workspace's `nguon-du-lieu.toml` (if any) applied.
pub(crate) fn load_workspace_catalog(root: &Path, lang: Lang) -> Result<Catalog, CannotRun> {
    let schema_path = root.join(crate::schema::WORKSPACE_SCHEMA_FILE);
    let schema_text = match std::fs::read_to_string(&schema_path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            let d = schema_path.display();
            return Err(CannotRun(tr!(
                lang,
                "không đọc được '{d}': {e}",
                "cannot read '{d}': {e}"
            )));
        }
    };
    let shown = Path::new(crate::schema::WORKSPACE_SCHEMA_FILE);
    load_catalog(schema_text.as_deref().map(|t| (shown, t)), lang)
        .map_err(|e| render_errors(&e, lang))
}

/// The data folder must exist for `check`, `run` and `watch`.
pub(crate) fn require_data_dir(ws: &Workspace, lang: Lang) -> Result<(), CannotRun> {
    if ws.data.is_dir() {
        return Ok(());
    }
    let d = ws.data.display();
    Err(CannotRun(tr!(
        lang,
        "không tìm thấy thư mục dữ liệu '{d}' (tạo bằng: mtcl init)",
        "data folder '{d}' not found (create it with: mtcl init)"
    )))
}

fn render_errors(errors: &[crate::diag::DefError], lang: Lang) -> CannotRun {
    let mut out = String::new();
    for e in errors {
        out.push_str(&e.render(lang));
        out.push_str("\n\n");
    }
    let n = errors.len();
    out.push_str(&tr!(
        lang,
        "Định nghĩa có {n} lỗi; chưa đọc dữ liệu, không ghi báo cáo nào.",
        "The definitions have {n} error(s); no data was read and no report written."
    ));
    CannotRun(out)
}
