//! `mtcl init DIR`: scaffold the workspace of a school year. Never overwrites a file: on an
//! existing workspace it adds what is missing. `--templates` rewrites the generated input
//! templates of `mau-nhap-lieu/` (and only those), after a change of the source schemas.

use std::path::Path;

use crate::cli::Global;
use crate::report::xlsx::templates::write_templates_for_units;
use crate::report::xlsx::TemplateWrite;
use crate::workspace::{DATA_DIR, OBJECTIVES_DIR, TEMPLATES_DIR};
use crate::{tr, CannotRun, Outcome};

/// The model objectives file, with a comment on every key.
pub const MODEL_OBJECTIVES: &str = include_str!("../../templates/init/muc-tieu-mau.toml");
const MODEL_NAME: &str = "don-vi-mau.toml";

pub fn run(dir: &Path, templates: bool, g: &Global) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let fail = |what: &Path, e: std::io::Error| {
        let what = crate::oserr::path_of(&e).unwrap_or(what);
        let d = what.display();
        let e = crate::oserr::explain(what, &e, lang);
        CannotRun(tr!(
            lang,
            "không tạo được '{d}': {e}",
            "cannot create '{d}': {e}"
        ))
    };
    let mut created = Vec::new();
    for sub in ["", OBJECTIVES_DIR, DATA_DIR, TEMPLATES_DIR] {
        let p = dir.join(sub);
        if !p.is_dir() {
            std::fs::create_dir_all(&p).map_err(|e| fail(&p, e))?;
            created.push(p);
        }
    }
    let model = dir.join(OBJECTIVES_DIR).join(MODEL_NAME);
    let has_definitions = std::fs::read_dir(dir.join(OBJECTIVES_DIR))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "toml"))
        })
        .unwrap_or(false);
    if !has_definitions {
        // create_new: never replaces a file, even one that appeared meanwhile.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&model)
        {
            Ok(mut f) => {
                use std::io::Write;
                f.write_all(MODEL_OBJECTIVES.as_bytes())
                    .map_err(|e| fail(&model, e))?;
                created.push(model);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(fail(&model, e)),
        }
    }
    // The templates follow the workspace's own schemas when it has them.
    let catalog = super::load_workspace_catalog(dir, lang)?;
    let mode = if templates {
        TemplateWrite::Refresh
    } else {
        TemplateWrite::MissingOnly
    };
    let template_dir = dir.join(TEMPLATES_DIR);
    let units = if has_definitions {
        workspace_units(dir, &catalog, lang)
    } else {
        Vec::new()
    };
    let written = write_templates_for_units(&template_dir, &catalog, mode, &units, lang)
        .map_err(|e| fail(&template_dir, e))?;
    let refreshed = if templates {
        written
    } else {
        created.extend(written);
        Vec::new()
    };
    if !g.quiet {
        if !refreshed.is_empty() {
            println!(
                "{}",
                tr!(
                    lang,
                    "Đã ghi lại các mẫu nhập liệu:",
                    "Input templates rewritten:"
                )
            );
            for p in &refreshed {
                println!("  {}", p.display());
            }
        }
        if created.is_empty() && refreshed.is_empty() {
            let d = dir.display();
            println!(
                "{}",
                tr!(
                    lang,
                    "'{d}' đã đủ các thư mục và mẫu nhập liệu; không thay đổi gì.",
                    "'{d}' already has every folder and template; nothing changed."
                )
            );
        } else if !created.is_empty() {
            println!("{}", tr!(lang, "Đã tạo:", "Created:"));
            for p in &created {
                println!("  {}", p.display());
            }
            // The folder as typed, quoted when it has spaces, so the line can be copied.
            let d = dir.display().to_string();
            let q = if d.contains(' ') {
                format!("\"{d}\"")
            } else {
                d.clone()
            };
            println!("{}", tr!(lang, "Tiếp theo: sửa {d}/muc-tieu/*.toml (xem docs/muc-tieu.md), chép sổ sách vào {d}/du-lieu/, rồi chạy: mtcl check {q}", "Next: edit {d}/muc-tieu/*.toml (see docs/en/muc-tieu.md), copy the workbooks into {d}/du-lieu/, then run: mtcl check {q}"));
        }
    }
    Ok(Outcome::Clean)
}

/// The units the workspace's definitions name, with their aliases, for the templates' unit
/// dropdown; none when the definitions do not load (`check` reports why).
fn workspace_units(
    dir: &Path,
    catalog: &crate::schema::Catalog,
    lang: crate::i18n::Lang,
) -> Vec<String> {
    let Ok(docs) =
        crate::definitions::load_definitions(&dir.join(OBJECTIVES_DIR), dir, catalog, lang)
    else {
        return Vec::new();
    };
    let mut units: Vec<String> = Vec::new();
    for d in docs
        .iter()
        .filter(|d| d.scope == crate::definitions::Scope::Unit)
    {
        for name in std::iter::once(&d.unit).chain(&d.unit_aliases) {
            if !name.trim().is_empty() && !units.contains(name) {
                units.push(name.clone());
            }
        }
    }
    units
}
