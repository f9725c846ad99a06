//! `mtcl init DIR`: scaffold the workspace of a school year. Never overwrites a file: on an
//! existing workspace it adds what is missing.

use std::path::Path;

use crate::cli::Global;
use crate::workspace::{DATA_DIR, OBJECTIVES_DIR, TEMPLATES_DIR};
use crate::{tr, CannotRun, Outcome};

/// The model objectives file, with a comment on every key.
pub const MODEL_OBJECTIVES: &str = include_str!("../../templates/init/muc-tieu-mau.toml");
const MODEL_NAME: &str = "don-vi-mau.toml";

pub fn run(dir: &Path, _templates: bool, g: &Global) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let fail = |what: &Path, e: std::io::Error| {
        let d = what.display();
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
    if !g.quiet {
        if created.is_empty() {
            let d = dir.display();
            println!(
                "{}",
                tr!(
                    lang,
                    "'{d}' đã đủ các thư mục; không thay đổi gì.",
                    "'{d}' already has every folder; nothing changed."
                )
            );
        } else {
            println!("{}", tr!(lang, "Đã tạo:", "Created:"));
            for p in &created {
                println!("  {}", p.display());
            }
            println!("{}", tr!(lang, "Tiếp theo: sửa muc-tieu/*.toml, chép sổ sách vào du-lieu/, rồi chạy: mtcl check", "Next: edit muc-tieu/*.toml, copy the workbooks into du-lieu/, then run: mtcl check"));
        }
    }
    Ok(Outcome::Clean)
}
