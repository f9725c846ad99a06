//! `mtcl plan [DIR]`: writes, for every objectives document, the attachment
//! (`<out>/<unit>/ke-hoach-mtcl.docx`) and, when a signer is given, the decision
//! (`quyet-dinh.docx`). Needs no data: only `muc-tieu/`.

use crate::cli::Global;
use crate::report::{plan_files, Staged};
use crate::workspace::Workspace;
use crate::{tr, CannotRun, Outcome};

pub fn run(ws: &Workspace, g: &Global) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let (_catalog, docs) = super::load_workspace(ws, lang)?;
    // All or nothing, as for `run`: a folder that cannot take one document keeps every
    // previous one.
    let staged = Staged::default();
    let cannot = |e: crate::report::WriteError| {
        let failed = crate::oserr::write_failed(&e.path, &e.source, lang);
        let kept = tr!(
            lang,
            "Các tệp đã có được giữ nguyên.",
            "The existing files are kept."
        );
        CannotRun(format!("{failed}. {kept}"))
    };
    for doc in &docs {
        let dir = ws.out.join(doc.slug());
        for (name, bytes) in plan_files(doc) {
            staged.stage(dir.join(name), &bytes).map_err(cannot)?;
        }
    }
    let written = staged.commit().map_err(cannot)?;
    if !g.quiet {
        let n = written.len();
        println!("{}", tr!(lang, "Đã ghi {n} tệp:", "Wrote {n} file(s):"));
        for p in &written {
            println!("  {}", ws.display(p));
        }
    }
    Ok(Outcome::Clean)
}
