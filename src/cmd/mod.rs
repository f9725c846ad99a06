//! One file per subcommand; this module only routes to them and holds what they share.

mod check;
mod init;
mod nguon;
mod plan;
mod run;
mod watch;

use std::path::Path;

use crate::cli::{Cli, Command, Global};
use crate::definitions::{load_definitions, Document};
use crate::i18n::Lang;
use crate::period::Period;
use crate::report::Setting;
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
        Command::Check { dir, ky } => check::run(&period_workspace(dir, g, ky.ky), g, ky.ky),
        Command::Plan { dir } => plan::run(&workspace(dir, g), g),
        Command::Run { dir, ky, so_sanh } => {
            let setting = setting(ky.ky, so_sanh.so_sanh.as_deref(), g.lang)?;
            run::run(&period_workspace(dir, g, ky.ky), g, &setting)
        }
        Command::Watch {
            dir,
            settle,
            ky,
            so_sanh,
        } => {
            let setting = setting(ky.ky, so_sanh.so_sanh.as_deref(), g.lang)?;
            watch::run(&period_workspace(dir, g, ky.ky), *settle, g, &setting)
        }
        Command::Nguon {
            source,
            dir,
            markdown,
        } => nguon::run(source.as_deref(), dir.as_deref(), *markdown, g),
    }
}

/// The workspace of a run for `period`: a semester's reports go to `bao-cao/hk1/` (`hk2/`).
fn period_workspace(dir: &Path, g: &Global, period: Period) -> Workspace {
    let mut ws = workspace(dir, g);
    if let Some(sub) = period.out_folder() {
        ws.out = ws.out.join(sub);
    }
    ws
}

/// The period, and the earlier report of `--so-sanh` read once, before anything is read or
/// written: a bad PATH stops the command (exit 2) with nothing written.
fn setting(period: Period, compare: Option<&Path>, lang: Lang) -> Result<Setting, CannotRun> {
    let previous = compare
        .map(|p| crate::report::compare::load(p, period, lang))
        .transpose()
        .map_err(CannotRun)?;
    Ok(Setting { period, previous })
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
    if let Err(e) = std::fs::read_dir(&ws.objectives) {
        return Err(CannotRun(crate::oserr::read_failed(
            &ws.objectives,
            &e,
            lang,
        )));
    }
    let catalog = load_workspace_catalog(&ws.root, lang)?;
    let docs = load_definitions(&ws.objectives, &ws.root, &catalog, lang)
        .map_err(|e| render_errors(&e, lang))?;
    if docs.is_empty() {
        return Err(no_definitions(&ws.objectives, lang));
    }
    Ok((catalog, docs))
}

/// `muc-tieu/` without a single `*.toml`: exit 2, naming the files that are there and not
/// taken — `khoa.toml.txt` from Notepad, `khoa.TOML.docx` from Word.
fn no_definitions(dir: &Path, lang: Lang) -> CannotRun {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    let d = dir.display();
    let mut m = tr!(
        lang,
        "thư mục '{d}' không có tệp định nghĩa nào (tệp có đuôi .toml)",
        "folder '{d}' holds no definitions file (a file ending in .toml)"
    );
    if found.is_empty() {
        m.push_str(&tr!(
            lang,
            "; tạo một tệp mẫu bằng: mtcl init",
            "; create a model file with: mtcl init"
        ));
    } else {
        let names = found.join(", ");
        m.push_str(&tr!(
            lang,
            "; các tệp có ở đó nhưng không được đọc: {names} — đổi tên cho đuôi là .toml (trong Windows Explorer, bật View → File name extensions để thấy đuôi thật)",
            "; files there but not read: {names} — rename them to end in .toml (in Windows Explorer, turn on View → File name extensions to see the real ending)"
        ));
    }
    CannotRun(m)
}

/// The built-in source schemas with the workspace's `nguon-du-lieu.toml` (if any) applied.
pub(crate) fn load_workspace_catalog(root: &Path, lang: Lang) -> Result<Catalog, CannotRun> {
    let schema_path = root.join(crate::schema::WORKSPACE_SCHEMA_FILE);
    let schema_text = match std::fs::read(&schema_path) {
        Ok(b) => match crate::definitions::decode_text(&b) {
            Some(t) => Some(t),
            None => {
                let d = schema_path.display();
                return Err(CannotRun(tr!(
                    lang,
                    "không đọc được '{d}': tệp không được lưu với bảng mã UTF-8; hãy mở bằng Notepad, chọn Save as, Encoding: UTF-8",
                    "cannot read '{d}': the file is not saved as UTF-8; open it in Notepad, Save as, Encoding: UTF-8"
                )));
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(CannotRun(crate::oserr::read_failed(&schema_path, &e, lang))),
    };
    let shown = Path::new(crate::schema::WORKSPACE_SCHEMA_FILE);
    load_catalog(schema_text.as_deref().map(|t| (shown, t)), lang)
        .map_err(|e| render_errors(&e, lang))
}

/// The data folder must exist for `check`, `run` and `watch`.
pub(crate) fn require_data_dir(ws: &Workspace, lang: Lang) -> Result<(), CannotRun> {
    if ws.data.is_dir() {
        // A folder that cannot be listed would otherwise read as an empty inbox.
        return std::fs::read_dir(&ws.data)
            .map(|_| ())
            .map_err(|e| CannotRun(crate::oserr::read_failed(&ws.data, &e, lang)));
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
    // Where the guide explains what was written wrong: the objectives, or the school's sources.
    let schema = errors
        .iter()
        .any(|e| e.file.path.ends_with(crate::schema::WORKSPACE_SCHEMA_FILE));
    out.push('\n');
    out.push_str(&if schema {
        tr!(
            lang,
            "Cách khai báo nguồn riêng: docs/muc-tieu.md, mục 9; các nguồn có sẵn: mtcl nguon.",
            "How to declare the school's own sources: docs/en/muc-tieu.md, section 9; the built-in sources: mtcl nguon."
        )
    } else {
        tr!(
            lang,
            "Cách viết định nghĩa và các lỗi thường gặp: docs/muc-tieu.md (mục 10); các trường dùng được: mtcl nguon.",
            "How to write definitions and the common mistakes: docs/en/muc-tieu.md (section 10); the fields to use: mtcl nguon."
        )
    });
    CannotRun(out)
}
