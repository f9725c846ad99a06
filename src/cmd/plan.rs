//! `mtcl plan [DIR]`: writes, for every objectives document, the attachment
//! (`<out>/<unit>/ke-hoach-mtcl.docx`) and, when a signer is given, the decision
//! (`quyet-dinh.docx`). Needs no data: only `muc-tieu/`.

use crate::cli::Global;
use crate::report::docx::{decision_docx, plan_docx, DECISION_FILE, PLAN_FILE};
use crate::report::write_atomic;
use crate::workspace::Workspace;
use crate::{tr, CannotRun, Outcome};

pub fn run(ws: &Workspace, g: &Global) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let (_catalog, docs) = super::load_workspace(ws, lang)?;
    let mut written = Vec::new();
    for doc in &docs {
        let dir = ws.out.join(doc.slug());
        let mut files = vec![(dir.join(PLAN_FILE), plan_docx(doc))];
        if let Some(bytes) = decision_docx(doc) {
            files.push((dir.join(DECISION_FILE), bytes));
        }
        for (path, bytes) in files {
            write_atomic(&path, &bytes).map_err(|e| {
                let d = path.display();
                CannotRun(tr!(
                    lang,
                    "không ghi được '{d}': {e}",
                    "cannot write '{d}': {e}"
                ))
            })?;
            written.push(path);
        }
    }
    if !g.quiet {
        let n = written.len();
        println!("{}", tr!(lang, "Đã ghi {n} tệp:", "Wrote {n} file(s):"));
        for p in &written {
            println!("  {}", ws.display(p));
        }
    }
    Ok(Outcome::Clean)
}
