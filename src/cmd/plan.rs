//! `mtcl plan [DIR]`: writes, for every objectives document, the attachment
//! (`<out>/<unit>/ke-hoach-mtcl.docx`) and, when a signer is given, the decision
//! (`quyet-dinh.docx`). Needs no data: only `muc-tieu/`.

use crate::cli::Global;
use crate::report::{plan_files, write_atomic};
use crate::workspace::Workspace;
use crate::{tr, CannotRun, Outcome};

pub fn run(ws: &Workspace, g: &Global) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let (_catalog, docs) = super::load_workspace(ws, lang)?;
    let mut written = Vec::new();
    for doc in &docs {
        let dir = ws.out.join(doc.slug());
        for (name, bytes) in plan_files(doc) {
            let path = dir.join(name);
            write_atomic(&path, &bytes)
                .map_err(|e| CannotRun(crate::oserr::write_failed(&path, &e, lang)))?;
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
