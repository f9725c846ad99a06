//! `mtcl watch [DIR]`: the drop folder. An initial run, then a run after every change in
//! `du-lieu/`, `muc-tieu/` or `nguon-du-lieu.toml`, each once every file has settled (same
//! size and modification time over `--settle` seconds). Workbooks whose content has not
//! changed are not parsed again. Bad definitions are shown, the last good reports stay and
//! watching goes on. Each run prints one block, from `=== mtcl watch #N` to `=== #N`.
//! Ctrl-C ends it between two runs, never in the middle of a write.
//!
//! `MTCL_WATCH_POLL=1` polls the folders every second instead of using the platform
//! watcher (network shares, where the platform sees no remote change); polling is also the
//! fallback when the platform watcher cannot start.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::cli::Global;
use crate::i18n::Lang;
use crate::ingest::Cache;
use crate::watch::{is_ignored, snapshot, wait_until_stable, Changes, Snapshot};
use crate::workspace::Workspace;
use crate::{tr, CannotRun, Outcome};

/// How often the folders are compared when polling.
const POLL: Duration = Duration::from_secs(1);
/// How long the platform watcher's events are gathered before they are handed over.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// At most this many paths of each kind are listed in a block.
const LISTED: usize = 8;

pub fn run(ws: &Workspace, settle: f64, g: &Global) -> Result<Outcome, CannotRun> {
    let lang = g.lang;
    let settle = Duration::try_from_secs_f64(settle)
        .ok()
        .filter(|d| *d <= Duration::from_secs(3600))
        .ok_or_else(|| {
            CannotRun(tr!(
                lang,
                "--settle phải là số giây từ 0 đến 3600 (nhận được {settle})",
                "--settle must be a number of seconds from 0 to 3600 (got {settle})"
            ))
        })?;
    // Events carry absolute paths; so do the workspace paths they are compared with.
    let ws = absolute(ws);
    let ws = &ws;
    check_folders(ws, lang)?;
    remove_stale_temporaries(&ws.out);

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // The first Ctrl-C lets the current run finish its writes; a second one leaves at
        // once (a write cut short leaves only a temporary file, removed at the next start).
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }

    let dirs = vec![ws.data.clone(), ws.objectives.clone()];
    let files = vec![ws.schema_file()];
    let trigger = Trigger::start(ws, lang);
    let poll = (settle / 5).clamp(Duration::from_millis(50), Duration::from_millis(500));
    let mut state = State {
        cache: Cache::default(),
        runs: 0,
        in_use: Vec::new(),
        released: Vec::new(),
    };
    let mut last_try = Instant::now();

    let Some(mut last) = wait_until_stable(&dirs, &files, &ws.out, settle, poll, &stop) else {
        return Ok(stopped(lang));
    };
    trigger.drain();
    state.run(ws, g, None);
    while !stop.load(Ordering::SeqCst) {
        if !trigger.wait(ws, &dirs, &files, &last) {
            // A workbook another program held open is tried again every --settle seconds,
            // changed or not (closing Excel changes nothing on disk); a block only once
            // it can be read.
            if !state.in_use.is_empty() && last_try.elapsed() >= settle {
                last_try = Instant::now();
                state.released = state
                    .in_use
                    .iter()
                    .filter(|p| released(p))
                    .cloned()
                    .collect();
                if !state.released.is_empty() {
                    state.run(ws, g, None);
                }
            }
            continue;
        }
        let Some(now) = wait_until_stable(&dirs, &files, &ws.out, settle, poll, &stop) else {
            break;
        };
        // Whatever happened up to the stable snapshot is in it; later events stay queued.
        trigger.drain();
        let changes = Changes::between(&last, &now);
        last = now;
        if !changes.is_empty() && !state.only_held(&changes) {
            state.run(ws, g, Some(&changes));
        }
    }
    Ok(stopped(lang))
}

fn stopped(lang: Lang) -> Outcome {
    println!("{}", tr!(lang, "Đã dừng theo dõi.", "Stopped watching."));
    Outcome::Clean
}

fn absolute(ws: &Workspace) -> Workspace {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    Workspace {
        root: abs(&ws.root),
        objectives: abs(&ws.objectives),
        data: abs(&ws.data),
        out: abs(&ws.out),
    }
}

/// A watcher needs the folders it watches; without them it cannot start (exit 2).
fn check_folders(ws: &Workspace, lang: Lang) -> Result<(), CannotRun> {
    for (dir, what_vi, what_en) in [
        (&ws.root, "thư mục làm việc", "workspace folder"),
        (
            &ws.objectives,
            "thư mục định nghĩa mục tiêu",
            "objectives folder",
        ),
        (&ws.data, "thư mục dữ liệu", "data folder"),
    ] {
        if !dir.is_dir() {
            let d = dir.display();
            return Err(CannotRun(tr!(
                lang,
                "không theo dõi được: không tìm thấy {what_vi} '{d}' (tạo bằng: mtcl init)",
                "cannot watch: {what_en} '{d}' not found (create it with: mtcl init)"
            )));
        }
    }
    Ok(())
}

/// Temporary files of writes cut short by an earlier crash or kill (`write_atomic` names
/// them `.mtcl-*.tmp`); the reports themselves are always complete.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let name = e.file_name();
        let name = name.to_string_lossy();
        if ft.is_dir() {
            remove_stale_temporaries(&e.path());
        } else if ft.is_file() && name.starts_with(".mtcl-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// What wakes the loop: the platform watcher's events, or a comparison of snapshots.
enum Trigger {
    Events {
        rx: mpsc::Receiver<DebounceEventResult>,
        // Kept alive for as long as events are wanted.
        _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    },
    Polling,
}

impl Trigger {
    fn start(ws: &Workspace, lang: Lang) -> Trigger {
        if std::env::var_os("MTCL_WATCH_POLL").is_some_and(|v| !v.is_empty() && v != "0") {
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "MTCL_WATCH_POLL: kiểm tra thư mục mỗi giây thay vì dùng cơ chế theo dõi của hệ điều hành.",
                    "MTCL_WATCH_POLL: checking the folders every second instead of using the platform watcher."
                )
            );
            return Trigger::Polling;
        }
        let (tx, rx) = mpsc::channel();
        let started = new_debouncer(DEBOUNCE, None, tx).and_then(|mut d| {
            d.watch(&ws.data, RecursiveMode::Recursive)?;
            d.watch(&ws.objectives, RecursiveMode::Recursive)?;
            // For nguon-du-lieu.toml; events elsewhere in the root are filtered out.
            d.watch(&ws.root, RecursiveMode::NonRecursive)?;
            Ok(d)
        });
        match started {
            Ok(d) => Trigger::Events { rx, _debouncer: d },
            Err(e) => {
                eprintln!(
                    "{}",
                    tr!(
                        lang,
                        "Không dùng được cơ chế theo dõi của hệ điều hành ({e}); chuyển sang kiểm tra thư mục mỗi giây.",
                        "The platform file watcher cannot start ({e}); checking the folders every second instead."
                    )
                );
                Trigger::Polling
            }
        }
    }

    /// Waits a short while for a sign of change; `true` when one came.
    fn wait(&self, ws: &Workspace, dirs: &[PathBuf], files: &[PathBuf], last: &Snapshot) -> bool {
        match self {
            Trigger::Events { rx, .. } => match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(Ok(events)) => events
                    .iter()
                    .flat_map(|e| e.paths.iter())
                    .any(|p| relevant(p, ws)),
                // Lost events (a queue overflow): compare the folders to be sure.
                Ok(Err(_)) => true,
                Err(mpsc::RecvTimeoutError::Timeout) => false,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(POLL);
                    snapshot(dirs, files, &ws.out) != *last
                }
            },
            Trigger::Polling => {
                std::thread::sleep(POLL);
                snapshot(dirs, files, &ws.out) != *last
            }
        }
    }

    fn drain(&self) {
        if let Trigger::Events { rx, .. } = self {
            while rx.try_recv().is_ok() {}
        }
    }
}

/// Whether an event's path can change what a run reads.
fn relevant(p: &Path, ws: &Workspace) -> bool {
    if is_ignored(p, &ws.out) {
        return false;
    }
    p.starts_with(&ws.data) || p.starts_with(&ws.objectives) || p == ws.schema_file()
}

struct State {
    cache: Cache,
    runs: usize,
    /// Workbooks the last run found held open by another program (`file-in-use`).
    in_use: Vec<PathBuf>,
    /// Those of them that can be opened now: the reason for the next run.
    released: Vec<PathBuf>,
}

impl State {
    /// Whether every change is to a workbook still held open by another program (Excel
    /// saving a file it keeps open): a run would only say so again, so there is none.
    fn only_held(&self, c: &Changes) -> bool {
        c.removed.is_empty()
            && c.added
                .iter()
                .chain(&c.changed)
                .all(|p| self.in_use.contains(p) && !released(p))
    }
}

/// Whether a workbook reported `file-in-use` can be opened now.
fn released(path: &Path) -> bool {
    !matches!(std::fs::File::open(path), Err(e) if crate::platform::is_file_in_use(&e))
}

impl State {
    /// One run, printed as one block; `changes` is `None` for the initial run.
    fn run(&mut self, ws: &Workspace, g: &Global, changes: Option<&Changes>) {
        let lang = g.lang;
        self.runs += 1;
        let n = self.runs;
        let started = Instant::now();
        let mut b = String::new();
        // Local time: the office reads it against the clock on the wall.
        let time = chrono::Local::now().format("%H:%M:%S");
        let _ = writeln!(b, "=== mtcl watch #{n} · {time} ===");
        let released = std::mem::take(&mut self.released);
        let _ = if released.is_empty() {
            writeln!(b, "{}", describe_changes(ws, changes, lang))
        } else {
            let list: Vec<String> = released.iter().map(|p| ws.display(p)).collect();
            let list = list.join(", ");
            writeln!(
                b,
                "{}",
                tr!(
                    lang,
                    "Thay đổi: tệp đã được đóng, đọc lại {list}",
                    "Changes: closed by the other program, reading again {list}"
                )
            )
        };
        if let Some(c) = changes {
            let definitions = |p: &PathBuf| p.starts_with(&ws.objectives) || *p == ws.schema_file();
            if c.added
                .iter()
                .chain(&c.changed)
                .chain(&c.removed)
                .any(definitions)
            {
                // What a workbook reads as depends on the definitions (units, sources).
                self.cache.clear();
            }
        }
        self.body(ws, g, &mut b);
        let ms = started.elapsed().as_millis();
        let _ = writeln!(
            b,
            "{}",
            tr!(
                lang,
                "=== #{n} xong sau {ms} ms ===",
                "=== #{n} done in {ms} ms ==="
            )
        );
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(b.as_bytes());
        let _ = out.flush();
    }

    fn body(&mut self, ws: &Workspace, g: &Global, b: &mut String) {
        let lang = g.lang;
        let keep = tr!(
            lang,
            "Báo cáo lần trước được giữ nguyên; vẫn đang theo dõi.",
            "The previous reports are kept; still watching."
        );
        let loaded = super::load_workspace(ws, lang)
            .and_then(|l| super::require_data_dir(ws, lang).map(|_| l));
        let (catalog, docs) = match loaded {
            Ok(l) => l,
            Err(CannotRun(msg)) => {
                let _ = writeln!(b, "{}", msg.trim_end());
                let _ = writeln!(b, "{keep}");
                return;
            }
        };
        let ran =
            match super::run::read_compute_write(ws, g, &catalog, &docs, Some(&mut self.cache)) {
                Ok(r) => r,
                Err(CannotRun(msg)) => {
                    let _ = writeln!(b, "{}", msg.trim_end());
                    let _ = writeln!(b, "{keep}");
                    return;
                }
            };
        let (yes_w, no_w, none_w) = (
            crate::report::format::verdict(Some(true), lang),
            crate::report::format::verdict(Some(false), lang),
            crate::report::format::verdict(None, lang),
        );
        for (d, r) in docs.iter().zip(&ran.results.documents) {
            let (yes, no, unknown) = super::run::objective_counts(r);
            let _ = writeln!(
                b,
                "{} ({}): {yes_w} {yes} · {no_w} {no} · {none_w} {unknown}",
                d.unit, d.file
            );
        }
        self.in_use = ran
            .data
            .issues
            .iter()
            .filter(|i| i.code == "file-in-use")
            .map(|i| ws.root.join(&i.file))
            .collect();
        let (errors, warnings) = (ran.data.errors(), ran.data.warnings());
        let _ = writeln!(
            b,
            "{}",
            tr!(
                lang,
                "Dữ liệu: {errors} lỗi, {warnings} cảnh báo",
                "Data: {errors} errors, {warnings} warnings"
            )
        );
        let (parsed, reused) = (self.cache.parsed, self.cache.reused);
        let _ = writeln!(
            b,
            "{}",
            tr!(
                lang,
                "Tệp bảng tính: {parsed} đọc, {reused} dùng lại (không đổi)",
                "Workbooks: {parsed} parsed, {reused} reused (unchanged)"
            )
        );
        let out = ws.out.display();
        let _ = match &ran.written {
            Some(w) => {
                let k = w.len();
                writeln!(
                    b,
                    "{}",
                    tr!(
                        lang,
                        "Báo cáo: {k} tệp trong {out}",
                        "Reports: {k} files in {out}"
                    )
                )
            }
            None => writeln!(
                b,
                "{}",
                tr!(
                    lang,
                    "Báo cáo: không ghi (--strict, có {errors} lỗi dữ liệu); báo cáo lần trước trong {out} được giữ nguyên",
                    "Reports: not written (--strict, {errors} data errors); the previous reports in {out} are kept"
                )
            ),
        };
    }
}

/// "Thay đổi: thêm du-lieu/a.xlsx; sửa …; xóa …", paths relative to the workspace.
fn describe_changes(ws: &Workspace, changes: Option<&Changes>, lang: Lang) -> String {
    let Some(c) = changes else {
        return tr!(lang, "Thay đổi: lần chạy đầu tiên", "Changes: first run");
    };
    let mut parts = Vec::new();
    let kinds = [
        (&c.added, tr!(lang, "thêm", "added")),
        (&c.changed, tr!(lang, "sửa", "changed")),
        (&c.removed, tr!(lang, "xóa", "removed")),
    ];
    for (paths, word) in kinds {
        if paths.is_empty() {
            continue;
        }
        let mut shown: Vec<String> = paths.iter().take(LISTED).map(|p| ws.display(p)).collect();
        if paths.len() > LISTED {
            let more = paths.len() - LISTED;
            shown.push(tr!(lang, "và {more} tệp khác", "and {more} more"));
        }
        parts.push(format!("{word} {}", shown.join(", ")));
    }
    let list = parts.join("; ");
    tr!(lang, "Thay đổi: {list}", "Changes: {list}")
}
