//! The drop folder's rules: which files a watcher ignores, and when a folder is stable
//! enough to read — same size and modification time for every file over a settle interval,
//! so a workbook still being copied, or still being saved by Excel, is never read
//! half-written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// What a file looks like from outside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
}

/// Files under the watched folders, by path, with their stamps.
pub type Snapshot = BTreeMap<PathBuf, Stamp>;

/// Lock files (`~$…` of Excel, `.~lock…#` of LibreOffice), temporary and hidden files, and
/// anything under the output folder: none of them is data, none triggers a run.
pub fn is_ignored(path: &Path, out: &Path) -> bool {
    if path.starts_with(out) {
        return true;
    }
    // The same rule that makes reading skip a file: what reading skips cannot need a run.
    path.file_name()
        .and_then(|n| n.to_str())
        .is_none_or(crate::ingest::is_lock_or_temp)
}

/// The stamps of every file below `dirs` that is not ignored, plus the single files in
/// `files` (such as `nguon-du-lieu.toml`) when they exist.
pub fn snapshot(dirs: &[PathBuf], files: &[PathBuf], out: &Path) -> Snapshot {
    // A test hook: `MTCL_WATCH_TRACE=1` writes one line on stderr per look at the folders,
    // so a test can count them (an idle watcher in notification mode makes none).
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *TRACE.get_or_init(|| std::env::var_os("MTCL_WATCH_TRACE").is_some_and(|v| v == "1")) {
        eprintln!("mtcl-trace: snapshot");
    }
    let mut snap = Snapshot::new();
    fn walk(dir: &Path, out: &Path, snap: &mut Snapshot) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.starts_with(out) {
                continue;
            }
            let Ok(meta) = e.metadata() else { continue };
            if meta.is_dir() {
                walk(&p, out, snap);
            } else if !is_ignored(&p, out) {
                snap.insert(
                    p,
                    Stamp {
                        len: meta.len(),
                        modified: meta.modified().ok(),
                    },
                );
            }
        }
    }
    for d in dirs {
        walk(d, out, &mut snap);
    }
    for f in files {
        if let Ok(meta) = std::fs::metadata(f) {
            snap.insert(
                f.clone(),
                Stamp {
                    len: meta.len(),
                    modified: meta.modified().ok(),
                },
            );
        }
    }
    snap
}

/// Waits until no file has changed for `settle`, polling every `poll`; returns the stable
/// snapshot, or `None` if `stop` was raised meanwhile.
pub fn wait_until_stable(
    dirs: &[PathBuf],
    files: &[PathBuf],
    out: &Path,
    settle: Duration,
    poll: Duration,
    stop: &AtomicBool,
) -> Option<Snapshot> {
    let mut last = snapshot(dirs, files, out);
    let mut since = Instant::now();
    loop {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        if since.elapsed() >= settle {
            return Some(last);
        }
        std::thread::sleep(poll.min(settle));
        let now = snapshot(dirs, files, out);
        if now != last {
            last = now;
            since = Instant::now();
        }
    }
}

/// What changed between two snapshots: added, changed and removed paths.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<PathBuf>,
    pub changed: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
}

impl Changes {
    pub fn between(before: &Snapshot, after: &Snapshot) -> Changes {
        let mut c = Changes::default();
        for (p, s) in after {
            match before.get(p) {
                None => c.added.push(p.clone()),
                Some(b) if b != s => c.changed.push(p.clone()),
                _ => {}
            }
        }
        c.removed = before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .cloned()
            .collect();
        c
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_temporary_and_output_files_are_ignored() {
        let out = Path::new("/ws/bao-cao");
        for p in [
            "/ws/du-lieu/~$ket-qua.xlsx",
            "/ws/du-lieu/.~lock.ket-qua.xlsx#",
            "/ws/du-lieu/a.xlsx.tmp",
            "/ws/du-lieu/.hidden.xlsx",
            "/ws/bao-cao/ket-qua.json",
        ] {
            assert!(is_ignored(Path::new(p), out), "{p}");
        }
        assert!(!is_ignored(
            Path::new("/ws/du-lieu/co-khi/ket-qua.xlsx"),
            out
        ));
        assert!(!is_ignored(Path::new("/ws/muc-tieu/khoa-co-khi.toml"), out));
    }

    #[test]
    fn a_growing_file_is_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("du-lieu");
        std::fs::create_dir_all(&data).unwrap();
        let f = data.join("a.xlsx");
        std::fs::write(&f, b"part").unwrap();
        let stop = AtomicBool::new(false);
        let writer = {
            let f = f.clone();
            std::thread::spawn(move || {
                for _ in 0..3 {
                    std::thread::sleep(Duration::from_millis(60));
                    let mut old = std::fs::read(&f).unwrap();
                    old.extend_from_slice(b"more");
                    std::fs::write(&f, old).unwrap();
                }
            })
        };
        let snap = wait_until_stable(
            std::slice::from_ref(&data),
            &[],
            &dir.path().join("bao-cao"),
            Duration::from_millis(300),
            Duration::from_millis(20),
            &stop,
        )
        .unwrap();
        writer.join().unwrap();
        assert_eq!(snap[&f].len, 4 + 3 * 4, "read only after the last write");
    }

    #[test]
    fn changes_lists_added_changed_removed() {
        let s = |n: u64| Stamp {
            len: n,
            modified: None,
        };
        let before: Snapshot = [("a", 1), ("b", 2)]
            .iter()
            .map(|(p, n)| (PathBuf::from(p), s(*n)))
            .collect();
        let after: Snapshot = [("b", 3), ("c", 1)]
            .iter()
            .map(|(p, n)| (PathBuf::from(p), s(*n)))
            .collect();
        let c = Changes::between(&before, &after);
        assert_eq!(c.added, vec![PathBuf::from("c")]);
        assert_eq!(c.changed, vec![PathBuf::from("b")]);
        assert_eq!(c.removed, vec![PathBuf::from("a")]);
    }
}
