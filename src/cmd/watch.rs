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
use crate::report::Setting;
use crate::watch::{is_ignored, snapshot, wait_until_stable, Changes, Snapshot};
use crate::workspace::Workspace;
use crate::{tr, CannotRun, Outcome};

/// How often the folders are compared when polling.
const POLL: Duration = Duration::from_secs(1);
/// How long the platform watcher's events are gathered before they are handed over.
const DEBOUNCE: Duration = Duration::from_millis(250);
/// At most this many paths of each kind are listed in a block.
const LISTED: usize = 8;

pub fn run(
    ws: &Workspace,
    settle: f64,
    g: &Global,
    setting: &Setting,
) -> Result<Outcome, CannotRun> {
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
    let _lock = WatchLock::acquire(ws, lang)?;
    remove_stale_temporaries(&ws.out);

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // The first Ctrl-C lets the current run finish its writes; a second one leaves at
        // once (a write cut short leaves only a temporary file, removed at the next start).
        // Either way the person is told at once what will happen.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!(
                "{}",
                tr!(
                    lang,
                    "Ctrl-C: sẽ dừng sau khi xong lần chạy hiện tại (bấm Ctrl-C lần nữa để dừng ngay).",
                    "Ctrl-C: stopping after the current run (press Ctrl-C again to stop at once)."
                )
            );
        });
    }

    let dirs = vec![ws.data.clone(), ws.objectives.clone()];
    let files = vec![ws.schema_file()];
    let trigger = Trigger::start(ws, lang);
    let poll = (settle / 5).clamp(Duration::from_millis(50), Duration::from_millis(500));
    let mut state = State {
        cache: Cache::default(),
        runs: 0,
        retry: None,
        setting: setting.clone(),
        in_use: Vec::new(),
        released: Vec::new(),
    };
    let mut last_try = Instant::now();

    let arrival = arrival_limit(settle);
    let Some(mut last) = wait_until_complete(&dirs, &files, ws, settle, poll, arrival, &stop)
    else {
        return Ok(stopped(lang));
    };
    trigger.drain();
    let mut contents = Contents::of(&last);
    state.run(ws, g, None);
    // After the first block nothing else is printed until something changes: say that
    // the program is waiting, and how it ends.
    if !g.quiet {
        eprintln!(
            "{}",
            tr!(
                lang,
                "Đang theo dõi du-lieu/, muc-tieu/ và nguon-du-lieu.toml: chép hay sửa một tệp để chạy lại; Ctrl-C để dừng.",
                "Watching du-lieu/, muc-tieu/ and nguon-du-lieu.toml: copy or edit a file to run again; Ctrl-C stops."
            )
        );
    }
    while !stop.load(Ordering::SeqCst) {
        if !trigger.wait(ws, &dirs, &files, &last) {
            if state.retry_due() {
                state.retry(ws, g);
            }
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
        let Some(now) = wait_until_complete(&dirs, &files, ws, settle, poll, arrival, &stop) else {
            break;
        };
        // Whatever happened up to the stable snapshot is in it; later events stay queued.
        trigger.drain();
        let mut changes = Changes::between(&last, &now);
        // Backup, antivirus and sync tools touch files without changing them: only a new
        // content is a change.
        contents.keep_real_changes(&mut changes);
        last = now;
        if !changes.is_empty() && !state.only_held(&changes) {
            state.run(ws, g, Some(&changes));
        }
    }
    Ok(stopped(lang))
}

/// How long a workbook that is still arriving (a zip without its end record, a file of
/// zero bytes: a copy that paused longer than `--settle`) is waited for before a run
/// reads it anyway and reports it.
fn arrival_limit(settle: Duration) -> Duration {
    (settle * 20).max(Duration::from_secs(1))
}

/// [`wait_until_stable`], then as long as some workbook still looks half-copied (and for
/// at most `arrival` since the first look), waits for it too: a copy that pauses longer
/// than `--settle` is not read half-written.
fn wait_until_complete(
    dirs: &[PathBuf],
    files: &[PathBuf],
    ws: &Workspace,
    settle: Duration,
    poll: Duration,
    arrival: Duration,
    stop: &AtomicBool,
) -> Option<Snapshot> {
    let started = Instant::now();
    loop {
        let snap = wait_until_stable(dirs, files, &ws.out, settle, poll, stop)?;
        if started.elapsed() >= arrival || !snap.keys().any(|p| still_arriving(p)) {
            return Some(snap);
        }
        std::thread::sleep(poll);
    }
}

/// The content hash of every watched file, to tell a real change from a touch.
struct Contents(std::collections::HashMap<PathBuf, Option<u64>>);

impl Contents {
    fn of(snap: &Snapshot) -> Contents {
        Contents(
            snap.keys()
                .map(|p| (p.clone(), crate::ingest::content_hash(p)))
                .collect(),
        )
    }

    /// Drops from `changes.changed` the files whose content is what it was.
    fn keep_real_changes(&mut self, changes: &mut Changes) {
        for p in &changes.removed {
            self.0.remove(p);
        }
        for p in &changes.added {
            self.0.insert(p.clone(), crate::ingest::content_hash(p));
        }
        changes.changed.retain(|p| {
            let now = crate::ingest::content_hash(p);
            let before = self.0.insert(p.clone(), now);
            now.is_none() || before != Some(now)
        });
    }
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
        } else if ft.is_file()
            && name.starts_with(crate::report::TEMP_PREFIX)
            && name.ends_with(crate::report::TEMP_SUFFIX)
        {
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
                // Opening and reading (of a file, or a folder being listed) changes
                // nothing; counting it made each look at the folders wake the next one.
                Ok(Ok(events)) => events
                    .iter()
                    .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
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
    /// When the last run could not write its reports: when to try again, and the wait
    /// after that (doubling up to [`RETRY_MAX`]).
    retry: Option<(Instant, Duration)>,
    /// The period watched for and the earlier report, read once at the start.
    setting: Setting,
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

/// The first and the longest wait before writing reports again after a failed write.
const RETRY_FIRST: Duration = Duration::from_secs(2);
const RETRY_MAX: Duration = Duration::from_secs(60);

impl State {
    fn retry_due(&self) -> bool {
        self.retry.is_some_and(|(at, _)| Instant::now() >= at)
    }

    /// Writes the reports again after a failed write, with nothing changed in the inputs
    /// (the output folder was read-only, occupied, or a file stood where a folder should).
    /// Only a retry that succeeds prints a block: a folder that stays unwritable does not
    /// fill the screen.
    fn retry(&mut self, ws: &Workspace, g: &Global) {
        let mut b = String::new();
        let wrote = self.body(ws, g, &mut b);
        if wrote {
            self.retry = None;
            self.runs += 1;
            let n = self.runs;
            let lang = g.lang;
            let time = chrono::Local::now().format("%H:%M:%S");
            let head = tr!(
                lang,
                "Thay đổi: không có; ghi lại báo cáo lần trước chưa ghi được",
                "Changes: none; writing the reports that could not be written before"
            );
            let done = tr!(lang, "=== #{n} xong ===", "=== #{n} done ===");
            print_block(&format!(
                "=== mtcl watch #{n} · {time} ===\n{head}\n{b}{done}\n"
            ));
        } else if let Some((_, wait)) = self.retry {
            let next = (wait * 2).min(RETRY_MAX);
            self.retry = Some((Instant::now() + wait, next));
        }
    }

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
        let period = self.setting.period;
        let (p_vi, p_en) = (period.name_vi(), period.name_en());
        let _ = writeln!(
            b,
            "{}",
            tr!(lang, "Kỳ báo cáo: {p_vi}", "Reporting period: {p_en}")
        );
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
        let wrote = self.body(ws, g, &mut b);
        self.retry = (!wrote).then(|| (Instant::now() + RETRY_FIRST, RETRY_FIRST * 2));
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
        print_block(&b);
    }

    /// The run itself, described into `b`; `false` when reports should have been written
    /// and could not be (the run is then retried).
    fn body(&mut self, ws: &Workspace, g: &Global, b: &mut String) -> bool {
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
                return true;
            }
        };
        let ran = match super::run::read_compute_write(
            ws,
            g,
            &catalog,
            &docs,
            Some(&mut self.cache),
            &self.setting,
        ) {
            Ok(r) => r,
            Err(CannotRun(msg)) => {
                let _ = writeln!(b, "{}", msg.trim_end());
                let _ = writeln!(b, "{keep}");
                return false;
            }
        };
        release_unused_memory();
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
        true
    }
}

fn print_block(b: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(b.as_bytes());
    let _ = out.flush();
}

/// Gives back to the system the memory a large run used (glibc keeps freed memory for the
/// process otherwise: a watcher idling for hours would hold the peak of its largest run).
fn release_unused_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Whether a workbook looks half-copied: zero bytes, or a zip (xlsx, xlsm, xlsb, ods)
/// without the end-of-central-directory record that a complete zip ends with.
fn still_arriving(p: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let ext = p
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !crate::ingest::WORKBOOK_EXTENSIONS.contains(&ext.as_str()) {
        return false;
    }
    let Ok(mut f) = std::fs::File::open(p) else {
        return false;
    };
    let Ok(len) = f.metadata().map(|m| m.len()) else {
        return false;
    };
    if len == 0 {
        return true;
    }
    let mut head = [0u8; 4];
    if f.read_exact(&mut head).is_err() {
        return true;
    }
    if head != *b"PK\x03\x04" {
        return false; // not a zip (an .xls, or a wrong extension): reading will say
    }
    // The end record is 22 bytes plus a comment of at most 65,535.
    let tail = len.min(22 + 65_535);
    let mut buf = Vec::with_capacity(tail as usize);
    if f.seek(SeekFrom::Start(len - tail)).is_err() || f.read_to_end(&mut buf).is_err() {
        return true;
    }
    !buf.windows(4).any(|w| w == b"PK\x05\x06")
}

/// One watcher per workspace: an exclusive lock on `.mtcl-watch.lock` in the workspace,
/// held for as long as the watcher runs. The system releases it when the process ends, even
/// by a crash or kill -9, so a stale file never blocks the next watcher.
struct WatchLock {
    file: std::fs::File,
}

const LOCK_FILE: &str = ".mtcl-watch.lock";

impl WatchLock {
    fn acquire(ws: &Workspace, lang: Lang) -> Result<Option<WatchLock>, CannotRun> {
        use std::io::Read;
        let path = ws.root.join(LOCK_FILE);
        let Ok(mut file) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        else {
            // A read-only workspace: nothing to coordinate through, watch without it.
            return Ok(None);
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let d = ws.display(&ws.root);
                let d = if d.is_empty() { ".".to_string() } else { d };
                return Err(CannotRun(if holder.is_empty() {
                    tr!(
                        lang,
                        "thư mục '{d}' đang được một cửa sổ mtcl watch khác theo dõi; hãy dùng cửa sổ đó (hoặc đóng nó rồi chạy lại).",
                        "'{d}' is already watched by another mtcl watch; use that window (or close it and run again)."
                    )
                } else {
                    tr!(
                        lang,
                        "thư mục '{d}' đang được một cửa sổ mtcl watch khác theo dõi ({holder}); hãy dùng cửa sổ đó (hoặc đóng nó rồi chạy lại).",
                        "'{d}' is already watched by another mtcl watch ({holder}); use that window (or close it and run again)."
                    )
                }));
            }
            Err(std::fs::TryLockError::Error(_)) => return Ok(None),
        }
        let pid = std::process::id();
        let since = chrono::Local::now().format("%d/%m/%Y %H:%M:%S");
        let who = tr!(
            lang,
            "tiến trình {pid}, từ {since}",
            "process {pid}, since {since}"
        );
        let _ = file.set_len(0);
        let _ = std::io::Write::write_all(&mut file, who.as_bytes());
        let _ = file.sync_all();
        Ok(Some(WatchLock { file }))
    }
}

impl Drop for WatchLock {
    // The file stays (removing it would let a watcher that opened it just before lock an
    // unlinked file beside a new one); emptied, it names no holder.
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
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
