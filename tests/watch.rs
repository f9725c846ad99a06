//! `mtcl watch` on a copy of the Cơ khí sample: files are read only once stable, only
//! changed workbooks are parsed again, lock files and the output folder trigger nothing,
//! bad definitions keep the last reports, a killed run leaves only complete reports, and
//! inputs are never touched. The real binary runs; its stdout is read on a thread and each
//! test waits for the printed blocks (`=== mtcl watch #N …` … `=== #N …`).

mod common;
use common::*;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

const BLOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `mtcl watch`, killed when dropped.
struct Watcher {
    child: Child,
    lines: mpsc::Receiver<(Instant, String)>,
    seen: Vec<String>,
    stderr: Arc<Mutex<String>>,
}

impl Watcher {
    fn start(ws: &Path, args: &[&str], env: &[(&str, &str)]) -> Watcher {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mtcl"));
        cmd.arg("watch")
            .arg(ws)
            .args(args)
            .env("LANG", "vi_VN.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("MTCL_WATCH_POLL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("mtcl watch starts");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Watcher {
            child,
            lines,
            seen: Vec::new(),
            stderr,
        }
    }

    fn transcript(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            self.seen.join("\n"),
            self.stderr.lock().unwrap()
        )
    }

    /// The next line, or `None` after `timeout`.
    fn next_line(&mut self, timeout: Duration) -> Option<(Instant, String)> {
        let (at, line) = self.lines.recv_timeout(timeout).ok()?;
        self.seen.push(line.clone());
        Some((at, line))
    }

    /// Block `n` (the whole of it) and when its first line arrived; panics if another
    /// block starts first or none comes within the timeout.
    fn block(&mut self, n: usize) -> (Instant, String) {
        let deadline = Instant::now() + BLOCK_TIMEOUT;
        let (start, end) = (format!("=== mtcl watch #{n} "), format!("=== #{n} "));
        let mut began = None;
        let mut text = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some((at, line)) = self.next_line(left) else {
                panic!(
                    "no block #{n} within {BLOCK_TIMEOUT:?}\n{}",
                    self.transcript()
                );
            };
            if line.starts_with("=== mtcl watch #") {
                assert!(
                    line.starts_with(&start),
                    "expected block #{n}, got: {line}\n{}",
                    self.transcript()
                );
                began = Some(at);
            }
            if began.is_some() {
                text.push_str(&line);
                text.push('\n');
            }
            if line.starts_with(&end) {
                return (began.unwrap(), text);
            }
        }
    }

    /// Fails if any block starts within `quiet`.
    fn no_block_for(&mut self, quiet: Duration) {
        let deadline = Instant::now() + quiet;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.next_line(left) {
                Some((_, line)) if line.starts_with("=== mtcl watch #") => {
                    panic!("unexpected run: {line}\n{}", self.transcript())
                }
                Some(_) => {}
                None => return,
            }
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A temporary copy of the Cơ khí sample.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&sample("co-khi-2021-2022"), dir.path());
    dir
}

/// Every file below `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, root, out);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.insert(p.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The inputs of a workspace (definitions and data) with their modification times.
fn inputs(ws: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    files(ws)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("bao-cao"))
        .map(|(p, b)| {
            let t = std::fs::metadata(ws.join(&p)).unwrap().modified().unwrap();
            (p, (b, t))
        })
        .collect()
}

fn assert_inputs_untouched(before: &BTreeMap<PathBuf, (Vec<u8>, SystemTime)>, ws: &Path) {
    let after = inputs(ws);
    for (p, (bytes, time)) in before {
        let (b, t) = after
            .get(p)
            .unwrap_or_else(|| panic!("{} is gone", p.display()));
        assert!(b == bytes, "{} was modified", p.display());
        assert_eq!(t, time, "{} was written", p.display());
    }
}

/// (parsed, reused) from a block's "Tệp bảng tính: P đọc, R dùng lại" line.
fn parsed_reused(block: &str) -> (usize, usize) {
    let line = block
        .lines()
        .find(|l| l.starts_with("Tệp bảng tính:"))
        .unwrap_or_else(|| panic!("no workbook line in\n{block}"));
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[0], nums[1])
}

fn changes_line(block: &str) -> &str {
    block
        .lines()
        .find(|l| l.starts_with("Thay đổi:"))
        .unwrap_or_else(|| panic!("no changes line in\n{block}"))
}

/// The `.mtcl-*.tmp` files below `dir` (names only: this is polled in a tight loop).
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(e.path());
            } else if n.starts_with(".mtcl-") && n.ends_with(".tmp") {
                found.push(e.path());
            }
        }
    }
    found
}

/// Every report opens: JSON parses, XLSX and DOCX are zips whose XML parts parse, and
/// calamine reads every sheet of every XLSX.
fn assert_reports_complete(out: &Path) {
    let reports: Vec<PathBuf> = files(out)
        .into_keys()
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert!(!reports.is_empty(), "no report in {}", out.display());
    for rel in reports {
        let p = out.join(&rel);
        let bytes = std::fs::read(&p).unwrap();
        let ext = p.extension().unwrap().to_string_lossy().into_owned();
        match ext.as_str() {
            "json" => {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
            }
            "xlsx" | "docx" => {
                let mut z = zip::ZipArchive::new(std::io::Cursor::new(&bytes))
                    .unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
                for i in 0..z.len() {
                    let mut f = z.by_index(i).unwrap();
                    let name = f.name().unwrap().to_string();
                    if name.ends_with(".xml") || name.ends_with(".rels") {
                        let mut xml = String::new();
                        f.read_to_string(&mut xml).unwrap();
                        roxmltree::Document::parse(&xml)
                            .unwrap_or_else(|e| panic!("{} {name}: {e}", rel.display()));
                    }
                }
                if ext == "xlsx" {
                    use calamine::Reader;
                    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&p)
                        .unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
                    for name in book.sheet_names() {
                        book.worksheet_range(&name)
                            .unwrap_or_else(|e| panic!("{} {name}: {e}", rel.display()));
                    }
                }
            }
            other => panic!("unexpected report {} ({other})", rel.display()),
        }
    }
}

/// Writes `bytes` to `path` in `chunks` pieces, `pause` apart, as a slow copy does.
fn write_slowly(path: &Path, bytes: &[u8], chunks: usize, pause: Duration) {
    let mut f = std::fs::File::create(path).unwrap();
    for piece in bytes.chunks(bytes.len().div_ceil(chunks)) {
        f.write_all(piece).unwrap();
        f.flush().unwrap();
        std::thread::sleep(pause);
    }
}

const SETTLE: &[&str] = &["--settle", "0.5"];

#[test]
fn a_workbook_copied_in_slowly_is_read_once_complete_after_it_settles() {
    let ws = workspace();
    let before = inputs(ws.path());
    // The default settle interval (2 s): the pauses between chunks are well below it.
    let mut w = Watcher::start(ws.path(), &[], &[]);
    let (_, first) = w.block(1);
    assert_eq!(parsed_reused(&first), (8, 0), "{first}");

    let source = std::fs::read(ws.path().join("du-lieu/giao-vien.xlsx")).unwrap();
    let target = ws.path().join("du-lieu/khoa-co-khi/giao-vien-moi.xlsx");
    write_slowly(&target, &source, 6, Duration::from_millis(300));
    let finished = Instant::now();

    let (at, second) = w.block(2);
    assert!(
        at >= finished + Duration::from_millis(1500),
        "read {:?} after the last chunk, before the file settled",
        at - finished
    );
    assert_eq!(
        changes_line(&second),
        "Thay đổi: thêm du-lieu/khoa-co-khi/giao-vien-moi.xlsx"
    );
    assert_eq!(parsed_reused(&second), (1, 8), "{second}");
    // Complete: read like the original, with as many records.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.path().join("bao-cao/ket-qua.json")).unwrap())
            .unwrap();
    let file = |path: &str| {
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} not in ket-qua.json"))
            .clone()
    };
    let (copy, original) = (
        file("du-lieu/khoa-co-khi/giao-vien-moi.xlsx"),
        file("du-lieu/giao-vien.xlsx"),
    );
    assert_eq!(copy["status"], "read");
    assert_eq!(
        copy["sheets"][0]["records"],
        original["sheets"][0]["records"]
    );
    w.no_block_for(Duration::from_secs(4));
    drop(w);
    assert_inputs_untouched(&before, ws.path());
    assert_eq!(std::fs::read(&target).unwrap(), source);
}

#[test]
fn a_dropped_file_triggers_one_run_that_parses_only_it() {
    let ws = workspace();
    let before = inputs(ws.path());
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    let (_, first) = w.block(1);
    assert_eq!(changes_line(&first), "Thay đổi: lần chạy đầu tiên");
    assert_eq!(parsed_reused(&first), (8, 0), "{first}");
    assert!(
        first.contains(
            "Khoa Cơ khí (muc-tieu/khoa-co-khi.toml): Đạt 8 · Không đạt 2 · Không có dữ liệu 0"
        ),
        "{first}"
    );
    assert!(first.contains("Dữ liệu: 0 lỗi, 0 cảnh báo"), "{first}");
    assert!(first.contains("Báo cáo: 8 tệp trong "), "{first}");

    std::fs::copy(
        ws.path().join("du-lieu/giao-vien.xlsx"),
        ws.path().join("du-lieu/giao-vien-ban-sao.xlsx"),
    )
    .unwrap();
    let (_, second) = w.block(2);
    assert_eq!(
        changes_line(&second),
        "Thay đổi: thêm du-lieu/giao-vien-ban-sao.xlsx"
    );
    assert_eq!(parsed_reused(&second), (1, 8), "{second}");
    w.no_block_for(Duration::from_secs(3));

    std::fs::remove_file(ws.path().join("du-lieu/giao-vien-ban-sao.xlsx")).unwrap();
    let (_, third) = w.block(3);
    assert_eq!(
        changes_line(&third),
        "Thay đổi: xóa du-lieu/giao-vien-ban-sao.xlsx"
    );
    assert_eq!(parsed_reused(&third), (0, 8), "{third}");
    drop(w);
    assert_inputs_untouched(&before, ws.path());
}

#[test]
fn lock_and_temporary_files_and_the_reports_trigger_nothing() {
    let ws = workspace();
    let before = inputs(ws.path());
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    // Writing the reports of run #1 must not start run #2 either.
    let data = ws.path().join("du-lieu");
    std::fs::write(data.join("~$giao-vien.xlsx"), b"locked by Excel").unwrap();
    std::fs::write(
        data.join(".~lock.giao-vien.xlsx#"),
        b"locked by LibreOffice",
    )
    .unwrap();
    std::fs::write(data.join("khoa-co-khi/~$ket-qua.xlsx"), b"lock").unwrap();
    std::fs::write(data.join("giao-vien.xlsx.tmp"), b"half").unwrap();
    w.no_block_for(Duration::from_secs(3));

    std::fs::copy(data.join("giao-vien.xlsx"), data.join("them.xlsx")).unwrap();
    let (_, second) = w.block(2);
    assert_eq!(changes_line(&second), "Thay đổi: thêm du-lieu/them.xlsx");
    assert_eq!(parsed_reused(&second), (1, 8), "{second}");
    drop(w);
    assert_inputs_untouched(&before, ws.path());
}

#[test]
fn broken_definitions_keep_the_reports_and_the_watcher_then_a_fix_runs() {
    let ws = workspace();
    let before = inputs(ws.path());
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    let reports = files(&ws.path().join("bao-cao"));

    let defs = ws.path().join("muc-tieu/khoa-co-khi.toml");
    let good = std::fs::read(&defs).unwrap();
    let mut bad = good.clone();
    bad.extend_from_slice(b"\n[[muc_tieu]\n");
    std::fs::write(&defs, &bad).unwrap();
    let (_, second) = w.block(2);
    assert_eq!(
        changes_line(&second),
        "Thay đổi: sửa muc-tieu/khoa-co-khi.toml"
    );
    assert!(second.contains("muc-tieu/khoa-co-khi.toml:"), "{second}");
    assert!(
        second.contains("Báo cáo lần trước được giữ nguyên; vẫn đang theo dõi."),
        "{second}"
    );
    assert!(
        files(&ws.path().join("bao-cao")) == reports,
        "the reports changed"
    );

    std::fs::write(&defs, &good).unwrap();
    let (_, third) = w.block(3);
    assert!(third.contains("Đạt 8 · Không đạt 2"), "{third}");
    // Definitions changed: the cache was cleared, every workbook is parsed again.
    assert_eq!(parsed_reused(&third), (8, 0), "{third}");
    drop(w);
    // The test itself rewrote the definitions; everything else is untouched.
    let mut before = before;
    before.remove(Path::new("muc-tieu/khoa-co-khi.toml"));
    assert_inputs_untouched(&before, ws.path());
    assert_eq!(std::fs::read(&defs).unwrap(), good);
}

#[test]
fn a_run_killed_while_writing_leaves_only_complete_reports() {
    let ws = workspace();
    let out = ws.path().join("bao-cao");
    const ATTEMPTS: usize = 4;
    let mut killed_mid_write = 0;
    for attempt in 0..ATTEMPTS {
        let mut w = Watcher::start(ws.path(), SETTLE, &[]);
        w.block(1);
        assert!(
            temporaries(&out).is_empty(),
            "stale temporaries not removed"
        );
        let old = files(&out);

        // Alternate the inputs so that each run writes different reports.
        let extra = ws.path().join("du-lieu/giao-vien-ban-sao.xlsx");
        if attempt % 2 == 0 {
            std::fs::copy(ws.path().join("du-lieu/giao-vien.xlsx"), &extra).unwrap();
        } else {
            std::fs::remove_file(&extra).unwrap();
        }
        // Kill as soon as a report is being written (its temporary file exists), or
        // when the run has finished without being caught.
        let deadline = Instant::now() + BLOCK_TIMEOUT;
        let mut caught = false;
        while Instant::now() < deadline {
            if !temporaries(&out).is_empty() {
                caught = true;
                break;
            }
            if matches!(w.lines.try_recv(), Ok((_, l)) if l.starts_with("=== #2 ")) {
                break;
            }
        }
        w.child.kill().unwrap(); // SIGKILL
        w.child.wait().unwrap();
        killed_mid_write += usize::from(caught);

        // The complete new version: the same inputs run in a fresh copy.
        let fresh = tempfile::tempdir().unwrap();
        copy_tree(ws.path(), fresh.path());
        let r = mtcl(&["run", "-q", fresh.path().to_str().unwrap()]);
        assert!(r.status.code().is_some_and(|c| c <= 1), "{}", stderr(&r));
        let new = files(&fresh.path().join("bao-cao"));

        for (rel, bytes) in files(&out) {
            let name = rel.file_name().unwrap().to_string_lossy();
            if name.starts_with(".mtcl-") {
                continue; // what the kill cut short; removed at the next start
            }
            assert!(
                old.get(&rel) == Some(&bytes) || new.get(&rel) == Some(&bytes),
                "{} is neither the previous nor the new report",
                rel.display()
            );
        }
        assert_reports_complete(&out);
    }
    // One more start cleans up after the last kill.
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    assert!(temporaries(&out).is_empty());
    assert_reports_complete(&out);
    drop(w);
    eprintln!("killed in the middle of writing: {killed_mid_write} of {ATTEMPTS} runs");
    assert!(
        killed_mid_write > 0,
        "no kill landed while a report was being written"
    );
}

#[test]
fn ctrl_c_stops_cleanly_and_stale_temporaries_are_removed_at_start() {
    let ws = workspace();
    let before = inputs(ws.path());
    let out = ws.path().join("bao-cao");
    std::fs::create_dir_all(out.join("khoa-co-khi")).unwrap();
    std::fs::write(out.join(".mtcl-AbC123.tmp"), b"cut short").unwrap();
    std::fs::write(out.join("khoa-co-khi/.mtcl-XyZ789.tmp"), b"cut short").unwrap();
    std::fs::write(out.join("ghi-chu.txt"), b"not ours").unwrap();

    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    assert!(temporaries(&out).is_empty());
    assert_eq!(std::fs::read(out.join("ghi-chu.txt")).unwrap(), b"not ours");

    let kill = Command::new("kill")
        .args(["-INT", &w.pid().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let deadline = Instant::now() + BLOCK_TIMEOUT;
    let status = loop {
        if let Some(s) = w.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    while w.next_line(Duration::from_secs(5)).is_some() {}
    assert_eq!(w.seen.last().map(String::as_str), Some("Đã dừng theo dõi."));
    assert!(temporaries(&out).is_empty());
    std::fs::remove_file(out.join("ghi-chu.txt")).unwrap();
    assert_reports_complete(&out);
    assert_inputs_untouched(&before, ws.path());
}

#[test]
fn polling_sees_a_dropped_file_in_english() {
    let ws = workspace();
    let mut args = vec!["--lang", "en"];
    args.extend_from_slice(SETTLE);
    let mut w = Watcher::start(ws.path(), &args, &[("MTCL_WATCH_POLL", "1")]);
    let (_, first) = w.block(1);
    assert!(first.contains("Changes: first run"), "{first}");
    assert!(
        first.contains("Workbooks: 8 parsed, 0 reused (unchanged)"),
        "{first}"
    );
    assert!(
        first.contains(
            "Khoa Cơ khí (muc-tieu/khoa-co-khi.toml): Achieved 8 · Not achieved 2 · No data 0"
        ),
        "{first}"
    );
    assert!(w.stderr.lock().unwrap().contains("MTCL_WATCH_POLL"));

    std::fs::copy(
        ws.path().join("du-lieu/giao-vien.xlsx"),
        ws.path().join("du-lieu/them.xlsx"),
    )
    .unwrap();
    let (_, second) = w.block(2);
    assert!(
        second.contains("Changes: added du-lieu/them.xlsx"),
        "{second}"
    );
    assert!(
        second.contains("Workbooks: 1 parsed, 8 reused (unchanged)"),
        "{second}"
    );
}

#[test]
fn a_missing_folder_means_exit_2_with_the_reason() {
    let ws = workspace();
    let missing = ws.path().join("khong-co");
    let r = mtcl(&["watch", missing.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        stderr(&r).contains("không tìm thấy thư mục làm việc"),
        "{}",
        stderr(&r)
    );

    std::fs::remove_dir_all(ws.path().join("du-lieu")).unwrap();
    let r = mtcl(&["watch", ws.path().to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2));
    assert!(
        stderr(&r).contains("không tìm thấy thư mục dữ liệu"),
        "{}",
        stderr(&r)
    );
    assert!(!ws.path().join("bao-cao").exists(), "nothing is written");

    let r = mtcl(&["watch", ws.path().to_str().unwrap(), "--settle", "-1"]);
    assert_eq!(r.status.code(), Some(2));
}

/// The output folder's reports (temporaries aside), by path, with their bytes.
fn reports(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files(out)
        .into_iter()
        .filter(|(p, _)| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect()
}

#[test]
fn an_unwritable_report_keeps_the_whole_previous_set_then_a_retry_writes_it() {
    let ws = workspace();
    let out = ws.path().join("bao-cao");
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    let before = reports(&out);
    // A folder where the unit's workbook should go (a person unzipped something there);
    // as root, a read-only folder would not stop the write, this does.
    let blocked = out.join("khoa-co-khi/ket-qua-mtcl.xlsx");
    std::fs::remove_file(&blocked).unwrap();
    std::fs::create_dir_all(blocked.join("giu-cho")).unwrap();
    let mut before_blocked = before.clone();
    before_blocked.remove(Path::new("khoa-co-khi/ket-qua-mtcl.xlsx"));

    std::fs::copy(
        ws.path().join("du-lieu/giao-vien.xlsx"),
        ws.path().join("du-lieu/them.xlsx"),
    )
    .unwrap();
    let (_, second) = w.block(2);
    assert!(
        second.contains("không ghi được '")
            && second.contains("bao-cao/khoa-co-khi/ket-qua-mtcl.xlsx': đây là một thư mục"),
        "the report is named, not a temporary:\n{second}"
    );
    assert!(!second.contains(".mtcl-"), "{second}");
    assert!(
        second.contains("Báo cáo lần trước được giữ nguyên"),
        "{second}"
    );
    let mut now = reports(&out);
    now.retain(|p, _| !p.starts_with("khoa-co-khi/ket-qua-mtcl.xlsx"));
    assert!(
        now == before_blocked,
        "a report of the old set was replaced"
    );
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));

    // The folder is fixed; nothing in the inputs changes, yet the reports are written.
    std::fs::remove_dir_all(&blocked).unwrap();
    let (_, third) = w.block(3);
    assert!(third.contains("ghi lại báo cáo"), "{third}");
    assert!(third.contains("Báo cáo: 8 tệp"), "{third}");
    let json = std::fs::read_to_string(out.join("ket-qua.json")).unwrap();
    assert!(
        json.contains("du-lieu/them.xlsx"),
        "the new set is in place"
    );
    assert_reports_complete(&out);
}

#[test]
fn a_copy_that_pauses_longer_than_settle_is_waited_for_not_reported_broken() {
    let ws = workspace();
    let mut w = Watcher::start(ws.path(), &["--settle", "0.3"], &[]);
    w.block(1);
    let bytes = std::fs::read(ws.path().join("du-lieu/giao-vien.xlsx")).unwrap();
    let target = ws.path().join("du-lieu/khoa-co-khi/giao-vien-usb.xlsx");
    let mut f = std::fs::File::create(&target).unwrap();
    f.write_all(&bytes[..bytes.len() / 2]).unwrap();
    f.flush().unwrap();
    // A USB stick that stalls for five settle intervals in the middle of the copy.
    std::thread::sleep(Duration::from_millis(1500));
    f.write_all(&bytes[bytes.len() / 2..]).unwrap();
    f.flush().unwrap();
    drop(f);
    let (_, second) = w.block(2);
    assert_eq!(
        changes_line(&second),
        "Thay đổi: thêm du-lieu/khoa-co-khi/giao-vien-usb.xlsx"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.path().join("bao-cao/ket-qua.json")).unwrap())
            .unwrap();
    assert!(
        !json["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["code"] == "unreadable-file"),
        "{second}"
    );
    let file = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "du-lieu/khoa-co-khi/giao-vien-usb.xlsx")
        .unwrap();
    assert_eq!(file["status"], "read", "{file}");
    assert_eq!(file["sheets"][0]["records"], 24, "{file}");
}

#[test]
fn lock_files_are_never_listed_in_the_results() {
    let ws = workspace();
    let data = ws.path().join("du-lieu");
    std::fs::write(data.join("~$giao-vien.xlsx"), b"locked by Excel").unwrap();
    std::fs::write(data.join(".~lock.giao-vien.xlsx#"), b"locked").unwrap();
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    let json = std::fs::read_to_string(ws.path().join("bao-cao/ket-qua.json")).unwrap();
    assert!(!json.contains("~$"), "{json}");
    assert!(!json.contains(".~lock"), "{json}");
    // Excel closes the workbook: its lock file goes, nothing needs a run.
    std::fs::remove_file(data.join("~$giao-vien.xlsx")).unwrap();
    std::fs::remove_file(data.join(".~lock.giao-vien.xlsx#")).unwrap();
    w.no_block_for(Duration::from_secs(2));
}

#[test]
fn removing_every_definitions_file_keeps_the_last_reports() {
    let ws = workspace();
    let out = ws.path().join("bao-cao");
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    let before = reports(&out);
    std::fs::remove_file(ws.path().join("muc-tieu/khoa-co-khi.toml")).unwrap();
    let (_, second) = w.block(2);
    assert!(
        second.contains("Báo cáo lần trước được giữ nguyên; vẫn đang theo dõi."),
        "{second}"
    );
    assert!(reports(&out) == before, "the reports changed");
}

#[test]
fn a_touched_but_unchanged_workbook_runs_nothing() {
    let ws = workspace();
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    let f = std::fs::File::options()
        .write(true)
        .open(ws.path().join("du-lieu/giao-vien.xlsx"))
        .unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(60))
        .unwrap();
    drop(f);
    w.no_block_for(Duration::from_secs(3));
    // A real change still runs.
    std::fs::copy(
        ws.path().join("du-lieu/giao-vien.xlsx"),
        ws.path().join("du-lieu/them.xlsx"),
    )
    .unwrap();
    let (_, second) = w.block(2);
    assert_eq!(changes_line(&second), "Thay đổi: thêm du-lieu/them.xlsx");
}

#[test]
fn a_second_watcher_on_the_same_workspace_exits_2_naming_the_first() {
    let ws = workspace();
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    let r = mtcl(&["watch", ws.path().to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(2));
    let pid = w.pid().to_string();
    let err = stderr(&r);
    assert!(
        err.contains("đang được một cửa sổ mtcl watch khác theo dõi")
            && err.contains(&format!("tiến trình {pid}")),
        "{err}"
    );
    // Once the first is gone (even killed), a new watcher starts.
    drop(w);
    let mut again = Watcher::start(ws.path(), SETTLE, &[]);
    again.block(1);
}

#[test]
fn an_idle_watcher_in_notification_mode_does_not_look_at_the_folders() {
    let ws = workspace();
    let mut w = Watcher::start(ws.path(), SETTLE, &[("MTCL_WATCH_TRACE", "1")]);
    w.block(1);
    // Whatever the first run's own reading and writing stirred up settles first.
    std::thread::sleep(Duration::from_secs(2));
    let looked = || {
        w.stderr
            .lock()
            .unwrap()
            .matches("mtcl-trace: snapshot")
            .count()
    };
    let before = looked();
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(looked(), before, "folders listed while idle");
    // And a change is still seen.
    std::fs::copy(
        ws.path().join("du-lieu/giao-vien.xlsx"),
        ws.path().join("du-lieu/them.xlsx"),
    )
    .unwrap();
    w.block(2);
}

#[test]
fn ctrl_c_says_at_once_that_it_stops_after_the_current_run() {
    let ws = workspace();
    let mut w = Watcher::start(ws.path(), SETTLE, &[]);
    w.block(1);
    // Waiting after the first block, it says so and how to stop.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !w.stderr.lock().unwrap().contains(
        "Đang theo dõi du-lieu/, muc-tieu/ và nguon-du-lieu.toml: chép hay sửa một tệp để chạy lại; Ctrl-C để dừng.\n",
    ) {
        assert!(Instant::now() < deadline, "{}", w.transcript());
        std::thread::sleep(Duration::from_millis(20));
    }
    Command::new("kill")
        .args(["-INT", &w.pid().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !w.stderr.lock().unwrap().contains("Ctrl-C: sẽ dừng sau") {
        assert!(Instant::now() < deadline, "{}", w.transcript());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn watching_for_a_semester_writes_its_reports_apart() {
    let ws = workspace();
    let mut args = vec!["--ky", "hk2"];
    args.extend_from_slice(SETTLE);
    let mut w = Watcher::start(ws.path(), &args, &[]);
    let (_, first) = w.block(1);
    assert!(first.contains("Kỳ báo cáo: học kỳ II"), "{first}");
    drop(w);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.path().join("bao-cao/hk2/ket-qua.json")).unwrap())
            .unwrap();
    assert_eq!(json["period"], "hk2");
    assert!(!ws.path().join("bao-cao/ket-qua.json").exists());

    // An earlier report that is not there: exit 2 before watching, nothing written.
    let other = workspace();
    let r = mtcl(&[
        "watch",
        other.path().to_str().unwrap(),
        "--so-sanh",
        other.path().join("khong-co.json").to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", stderr(&r));
    assert!(!other.path().join("bao-cao").exists());
}
