#!/usr/bin/env bash
# Windows' binary, tested from Linux: cross-builds mtcl.exe (x86_64-pc-windows-gnu, mingw-w64)
# and runs it under wine next to the Linux binary.
#
#   - both samples: `plan` then `run` give reports byte-identical to Linux's, same exit code;
#   - `check` on the bad-file fixtures (tests/fixtures plus broken files made here) gives
#     the same issues (loi-du-lieu.xlsx byte-identical, same printout);
#   - a workspace under "Mục tiêu chất lượng 2021 - 2022", given as a Windows path, with
#     --objectives/--data/--out in folders named in Vietnamese, gives the same reports; so
#     does a path of over 260 characters;
#   - exit codes 0/1/2 as on Linux;
#   - `file-in-use`: a workbook held open with no sharing by another process (hold-file.exe)
#     is reported as such, and read once released;
#   - the release zip (scripts/package): Lap-bao-cao.bat and Theo-doi-thu-muc.bat under
#     `wine cmd /c`, unpacked under a path with spaces and Vietnamese letters, finding
#     mtcl.exe in the folder above, beside them, on PATH or not at all; `watch` there sees
#     a dropped workbook through the platform watcher, and with MTCL_WATCH_POLL=1 by polling.
#
# Run it alone: scripts/test-windows.sh. Needs the rustup target x86_64-pc-windows-gnu and
# Debian's gcc-mingw-w64-x86-64, wine64 and python3; as root it installs what is missing
# (CI), otherwise it says what to install. Wine 8 lacks bcryptprimitives.dll, whose
# ProcessPrng Rust's std needs to start: a stand-in (scripts/wine/bcryptprimitives.c) is
# built and put into the wine prefix's system32 (WINEPREFIX, default target/wine-prefix).
# Exit status: 0 all passed, 1 something differed (each difference is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=x86_64-pc-windows-gnu
WINE=${WINE:-/usr/lib/wine/wine64}
WINESERVER=${WINESERVER:-/usr/lib/wine/wineserver}
export WINEDEBUG=-all
export WINEPREFIX=${WINEPREFIX:-$ROOT/target/wine-prefix}
# The Linux binary's messages in Vietnamese, like the Windows one's (LANG=en* switches).
export LANG=C.UTF-8
unset LC_ALL

step() { printf '\n== %s\n' "$*"; }

# --- what is needed ------------------------------------------------------------------------
step "setup"
if ! rustup target list --installed | grep -qx "$TARGET"; then
  rustup target add "$TARGET"
fi
missing=()
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
[ -x "$WINE" ] || missing+=(wine64)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test-windows: install first: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

step "build (Linux and Windows, release)"
cargo build --release --locked
cargo build --release --locked --target "$TARGET"
LIN=$ROOT/target/release/mtcl
EXE=$ROOT/target/$TARGET/release/mtcl.exe

step "wine prefix $WINEPREFIX"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  "$WINE" wineboot --init >/dev/null 2>&1
  "$WINESERVER" -w
fi
SYS32=$WINEPREFIX/drive_c/windows/system32
if [ ! -f "$SYS32/bcryptprimitives.dll" ] ||
  [ scripts/wine/bcryptprimitives.c -nt "$SYS32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$SYS32/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives.c -ladvapi32
fi
# One wineserver for the whole script (each wine start would otherwise start one).
"$WINESERVER" -p
W=$(mktemp -d "${TMPDIR:-/tmp}/mtcl-windows.XXXXXX")
cleanup() {
  "$WINESERVER" -k 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
HOLD=$W/hold-file.exe
x86_64-w64-mingw32-gcc -O2 -municode -o "$HOLD" scripts/wine/hold-file.c
"$WINE" "$EXE" --version

FAILED=0
fail() {
  echo "FAIL: $*" >&2
  FAILED=1
}
ok() { echo "ok: $*"; }

# "Z:\…": how a Windows program under wine names a Linux path.
winpath() { printf 'Z:%s' "${1//\//\\}"; }

# runs "$@" with output in $OUT (stdout+stderr) and exit code in $RC.
OUT=
RC=
run() {
  OUT=$W/out.txt
  if "$@" >"$OUT" 2>&1; then RC=0; else RC=$?; fi
}
lin() { run "$LIN" "$@"; }
# mtcl.exe in the current directory's Windows view (wine starts in the Linux cwd, as Z:).
win() { run "$WINE" "$EXE" "$@"; }
# runs the rest in directory $1 (not in a subshell: $OUT and $RC stay set).
in_dir() {
  local d=$1
  shift
  pushd "$d" >/dev/null
  "$@"
  popd >/dev/null
}

# a copy of a sample workspace, without reports.
copy_ws() {
  mkdir -p "$(dirname "$2")"
  cp -r "$1" "$2"
  rm -rf "$2/bao-cao"
}

same_tree() { # what, linux dir, windows dir
  if [ ! -d "$2" ] || [ -z "$(ls -A "$2")" ]; then
    fail "$1: Linux wrote nothing in $2"
  elif diff -r "$2" "$3" >"$W/diff.txt" 2>&1; then
    ok "$1: $(find "$2" -type f | wc -l) files byte-identical"
  else
    fail "$1: reports differ"
    cat "$W/diff.txt" >&2
  fi
}

same_rc() { # what, linux rc, windows rc, expected
  if [ "$2" = "$4" ] && [ "$3" = "$4" ]; then
    ok "$1: exit $4 on both"
  else
    fail "$1: exit $2 on Linux, $3 on Windows, $4 expected"
  fi
}

# --- both samples ----------------------------------------------------------------------------
for sample in samples/*/; do
  # A workspace has definitions; samples/co-khi-2020-2021 is only last year's ket-qua.json.
  [ -d "$sample/muc-tieu" ] || continue
  name=$(basename "$sample")
  step "sample $name: plan, run"
  copy_ws "$sample" "$W/lin/$name"
  copy_ws "$sample" "$W/win/$name"
  for cmd in plan run; do
    lin "$cmd" "$W/lin/$name"
    lrc=$RC
    in_dir "$W/win/$name" win "$cmd" .
    same_rc "$name $cmd" "$lrc" "$RC" "$lrc"
    same_tree "$name $cmd" "$W/lin/$name/bao-cao" "$W/win/$name/bao-cao"
  done
done

# --- bad files ---------------------------------------------------------------------------------
step "check on bad files"
bad() {
  copy_ws samples/co-khi-2021-2022 "$1"
  mkdir -p "$1/du-lieu/tep-loi"
  cp tests/fixtures/* "$1/du-lieu/tep-loi/"
  : >"$1/du-lieu/tep-loi/rong.xlsx"
  printf 'Mã HS;Họ và tên\nHS1;An\n' >"$1/du-lieu/tep-loi/csv-doi-ten.xlsx"
  head -c 2000 samples/co-khi-2021-2022/du-lieu/giao-vien.xlsx >"$1/du-lieu/tep-loi/chep-do.xlsx"
  head -c 600 tests/fixtures/hoc-sinh.xls >"$1/du-lieu/tep-loi/cut.xls"
}
bad "$W/lin/bad"
bad "$W/win/bad"
in_dir "$W/lin/bad" lin check .
lrc=$RC
cp "$OUT" "$W/check-linux.txt"
in_dir "$W/win/bad" win check .
wrc=$RC
same_rc "check bad files" "$lrc" "$wrc" 1
same_tree "check bad files" "$W/lin/bad/bao-cao" "$W/win/bad/bao-cao"
# The printout names data files the same way (workspace-relative, "/"); the output folder
# is printed the platform's way (".\bao-cao").
tr '\\' / <"$OUT" >"$W/check-windows.txt"
if diff "$W/check-linux.txt" "$W/check-windows.txt" >"$W/diff.txt"; then
  ok "check printout identical ($(grep -c 'unreadable-file\|Không đọc được' "$OUT") unreadable lines)"
else
  fail "check printout differs"
  cat "$W/diff.txt" >&2
fi

# --- Vietnamese letters and spaces ---------------------------------------------------------
VN="Mục tiêu chất lượng 2021 - 2022"
step "workspace under '$VN'"
copy_ws samples/co-khi-2021-2022 "$W/lin/$VN/Khoa Cơ khí"
copy_ws samples/co-khi-2021-2022 "$W/win/$VN/Khoa Cơ khí"
lin run "$W/lin/$VN/Khoa Cơ khí" --out "$W/lin/$VN/Báo cáo tháng 6"
lrc=$RC
win run "$(winpath "$W/win/$VN/Khoa Cơ khí")" --out "$(winpath "$W/win/$VN/Báo cáo tháng 6")"
same_rc "Vietnamese path run" "$lrc" "$RC" 0
same_tree "Vietnamese path run" "$W/lin/$VN/Báo cáo tháng 6" "$W/win/$VN/Báo cáo tháng 6"
if grep -q "Báo cáo tháng 6" "$OUT"; then
  ok "the console shows the Vietnamese path"
else
  fail "the output folder's name is not printed as UTF-8"
  cat "$OUT" >&2
fi
# --objectives and --data too, each a folder named in Vietnamese with spaces.
for d in lin win; do
  ws="$W/$d/$VN/Khoa Cơ khí"
  mv "$ws/muc-tieu" "$ws/Mục tiêu đơn vị"
  mv "$ws/du-lieu" "$ws/Dữ liệu khoa"
done
ws="$W/lin/$VN/Khoa Cơ khí"
lin check "$ws" --objectives "$ws/Mục tiêu đơn vị" --data "$ws/Dữ liệu khoa" --out "$ws/Lỗi"
lrc=$RC
ws="$W/win/$VN/Khoa Cơ khí"
win check "$(winpath "$ws")" --objectives "$(winpath "$ws/Mục tiêu đơn vị")" \
  --data "$(winpath "$ws/Dữ liệu khoa")" --out "$(winpath "$ws/Lỗi")"
same_rc "Vietnamese --objectives/--data/--out" "$lrc" "$RC" 0
same_tree "Vietnamese --objectives/--data/--out" "$W/lin/$VN/Khoa Cơ khí/Lỗi" "$ws/Lỗi"

# Past Windows' old 260-character MAX_PATH (Rust's std adds the \\?\ prefix itself; wine
# does not enforce the limit, so this shows the path is carried whole, not that Windows
# would accept it without std's help).
long=$W/win
for i in 1 2 3 4 5 6 7; do long="$long/$VN phần $i"; done
copy_ws samples/co-khi-2021-2022 "$long/ws"
win run "$(winpath "$long/ws")"
if [ "${#long}" -gt 260 ] && [ "$RC" = 0 ]; then
  same_tree "path of ${#long} characters" "$W/lin/co-khi-2021-2022/bao-cao" "$long/ws/bao-cao"
else
  fail "path of ${#long} characters: exit $RC"
  cat "$OUT" >&2
fi

# --- exit codes ----------------------------------------------------------------------------------
step "exit codes"
lin run "$W/khong-co"
lrc=$RC
win run "$(winpath "$W/khong-co")"
same_rc "missing workspace" "$lrc" "$RC" 2
copy_ws samples/truong-2019 "$W/lin/sai"
copy_ws samples/truong-2019 "$W/win/sai"
for d in lin win; do
  printf '\n[[muc_tieu]]\nso = "x"\n' >>"$W/$d/sai/muc-tieu/truong.toml"
done
lin run "$W/lin/sai"
lrc=$RC
in_dir "$W/win/sai" win run .
same_rc "bad definitions" "$lrc" "$RC" 2
if [ -e "$W/win/sai/bao-cao" ]; then fail "bad definitions: something was written"; fi
lin --khong-co-tuy-chon
lrc=$RC
win --khong-co-tuy-chon
same_rc "unknown option" "$lrc" "$RC" 2

# --- file-in-use ----------------------------------------------------------------------------------
step "file-in-use (a workbook held open without sharing)"
copy_ws samples/co-khi-2021-2022 "$W/win/giu"
held=$W/win/giu/du-lieu/giao-vien.xlsx
"$WINE" "$HOLD" "$(winpath "$held")" 120 >"$W/hold.txt" 2>&1 &
hold_pid=$!
for _ in $(seq 100); do grep -q held "$W/hold.txt" && break; sleep 0.2; done
in_dir "$W/win/giu" win check .
if [ "$RC" = 1 ] && grep -q "giao-vien.xlsx' đang được mở trong chương trình khác — đóng tệp rồi chạy lại" "$OUT"; then
  ok "file-in-use while held (exit 1, the file named)"
else
  fail "file-in-use not reported (exit $RC)"
  cat "$W/hold.txt" "$OUT" >&2
fi
touch "$held.release"
wait "$hold_pid" || true
rm -f "$held.release"
in_dir "$W/win/giu" win check .
if grep -q "đang được mở" "$OUT"; then
  fail "still file-in-use after release"
else
  ok "read once released (exit $RC)"
fi

# watch: the held workbook is read again once released, with no change on disk.
"$WINE" "$HOLD" "$(winpath "$held")" 120 >"$W/hold.txt" 2>&1 &
hold_pid=$!
for _ in $(seq 100); do grep -q held "$W/hold.txt" && break; sleep 0.2; done
pushd "$W/win/giu" >/dev/null
"$WINE" "$EXE" watch . --settle 0.5 >"$W/watch-held.txt" 2>&1 &
watch_pid=$!
popd >/dev/null
for _ in $(seq 150); do grep -q "=== #1 " "$W/watch-held.txt" && break; sleep 0.2; done
# Saved by the program that holds it (its time changes): still held, so no new block.
touch "$held.touch"
for _ in $(seq 100); do grep -q touched "$W/hold.txt" && break; sleep 0.2; done
sleep 3
n_before=$(grep -c "^=== mtcl watch #" "$W/watch-held.txt" || true)
touch "$held.release"
wait "$hold_pid" || true
rm -f "$held.release"
for _ in $(seq 100); do grep -q "=== #2 " "$W/watch-held.txt" && break; sleep 0.2; done
kill "$watch_pid" 2>/dev/null || true
wait "$watch_pid" 2>/dev/null || true
grep -a "^Thay đổi\|^=== mtcl\|^Dữ liệu" "$W/watch-held.txt" || true
if [ "$n_before" = 1 ] && grep -q "đọc lại du-lieu/giao-vien.xlsx" "$W/watch-held.txt" &&
  grep -q "=== #2 " "$W/watch-held.txt"; then
  ok "watch: no new block while held (nor when saved by its holder), read again once released"
else
  fail "watch did not read the released workbook ($n_before blocks while held)"
  cat "$W/watch-held.txt" >&2
fi

# --- the release zip and its launchers -------------------------------------------------------
step "package and launchers (wine cmd /c)"
scripts/package --no-build
sums=$(sha256sum dist/*)
scripts/package --no-build >/dev/null
if [ "$sums" = "$(sha256sum dist/*)" ]; then
  ok "package: both archives reproducible"
else
  fail "package: a second packing gave other bytes"
fi
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
ZIP=$ROOT/dist/mtcl-$VERSION-windows-x64.zip
python3 -m zipfile -e "$ZIP" "$W/pkg/$VN/"
TOP="$W/pkg/$VN/mtcl-$VERSION-windows-x64"
if [ -f "$TOP/co-khi-2020-2021/ket-qua.json" ] && [ ! -e "$TOP/co-khi-2020-2021/Lap-bao-cao.bat" ]; then
  ok "package: launchers only in workspaces (not beside last year's ket-qua.json)"
else
  fail "package: co-khi-2020-2021 is no workspace, yet has a launcher (or lost its ket-qua.json)"
fi
for name in co-khi-2021-2022 truong-2019; do
  in_dir "$TOP/$name" run "$WINE" cmd /c Lap-bao-cao.bat </dev/null
  # wine's cmd, with no console, reads the .bat as ANSI and prints in OEM, so only its
  # ASCII survives here (a Windows console after chcp 65001 shows all of it); mtcl.exe's
  # own UTF-8 output passes through untouched.
  if [ "$RC" = 0 ] && LC_ALL=C grep -aq "XONG\. .*$name\\\\bao-cao\"" "$OUT" && LC_ALL=C grep -aq "Đạt" "$OUT"; then
    ok "Lap-bao-cao.bat in $name (mtcl.exe in the folder above): exit 0, says where"
  else
    fail "Lap-bao-cao.bat in $name: exit $RC"
    cat "$OUT" >&2
  fi
  same_tree "Lap-bao-cao.bat $name" "$W/lin/$name/bao-cao" "$TOP/$name/bao-cao"
done
mv "$TOP/mtcl.exe" "$TOP/co-khi-2021-2022/"
rm -rf "$TOP/co-khi-2021-2022/bao-cao"
in_dir "$TOP/co-khi-2021-2022" run "$WINE" cmd /c Lap-bao-cao.bat </dev/null
if [ "$RC" = 0 ] && [ -f "$TOP/co-khi-2021-2022/bao-cao/tong-hop.xlsx" ]; then
  ok "Lap-bao-cao.bat with mtcl.exe beside it"
else
  fail "Lap-bao-cao.bat with mtcl.exe beside it: exit $RC"
  cat "$OUT" >&2
fi
in_dir "$TOP/truong-2019" run "$WINE" cmd /c Lap-bao-cao.bat </dev/null
if [ "$RC" = 2 ] && LC_ALL=C grep -aq "mtcl.exe: .*PATH" "$OUT" && ! LC_ALL=C grep -aq "XONG" "$OUT"; then
  ok "Lap-bao-cao.bat without mtcl.exe: exit 2, says so"
else
  fail "Lap-bao-cao.bat without mtcl.exe: exit $RC"
  cat "$OUT" >&2
fi
WINEPATH=$(winpath "$TOP/co-khi-2021-2022") in_dir "$TOP/truong-2019" run "$WINE" cmd /c Lap-bao-cao.bat </dev/null
if [ "$RC" = 0 ] && [ -f "$TOP/truong-2019/bao-cao/tong-hop.xlsx" ]; then
  ok "Lap-bao-cao.bat with mtcl.exe on PATH"
else
  fail "Lap-bao-cao.bat with mtcl.exe on PATH: exit $RC"
  cat "$OUT" >&2
fi
(cd "$TOP/co-khi-2021-2022" &&
  timeout 60 "$WINE" cmd /c Theo-doi-thu-muc.bat </dev/null >"$W/watch.txt" 2>&1 &)
for _ in $(seq 150); do grep -aq "=== #1 " "$W/watch.txt" && break; sleep 0.2; done
# A workbook dropped in: the platform watcher's event (notify's Windows backend) starts run 2.
cp samples/truong-2019/du-lieu/phong-quan-tri/thiet-bi-2019.xlsx "$TOP/co-khi-2021-2022/du-lieu/"
for _ in $(seq 150); do grep -aq "=== #2 " "$W/watch.txt" && break; sleep 0.2; done
if grep -aq "=== mtcl watch #1" "$W/watch.txt" &&
  ! grep -aq "MTCL_WATCH_POLL\|chuyển sang kiểm tra thư mục" "$W/watch.txt" &&
  grep -aq "Thay đổi: thêm du-lieu/thiet-bi-2019.xlsx" "$W/watch.txt" &&
  grep -aq "=== #2 " "$W/watch.txt"; then
  ok "Theo-doi-thu-muc.bat: first run, then a run for the workbook dropped in"
else
  fail "Theo-doi-thu-muc.bat: no run after a workbook was dropped in"
  cat "$W/watch.txt" >&2
fi
"$WINESERVER" -k 2>/dev/null || true
# MTCL_WATCH_POLL=1 (network drives): the same, by comparing the folder every second.
rm "$TOP/co-khi-2021-2022/du-lieu/thiet-bi-2019.xlsx"
pushd "$TOP/co-khi-2021-2022" >/dev/null
MTCL_WATCH_POLL=1 "$WINE" "$TOP/co-khi-2021-2022/mtcl.exe" watch . --settle 0.5 >"$W/poll.txt" 2>&1 &
poll_pid=$!
popd >/dev/null
for _ in $(seq 150); do grep -aq "=== #1 " "$W/poll.txt" && break; sleep 0.2; done
cp samples/truong-2019/du-lieu/phong-quan-tri/thiet-bi-2019.xlsx "$TOP/co-khi-2021-2022/du-lieu/"
for _ in $(seq 150); do grep -aq "=== #2 " "$W/poll.txt" && break; sleep 0.2; done
kill "$poll_pid" 2>/dev/null || true
wait "$poll_pid" 2>/dev/null || true
if grep -aq "MTCL_WATCH_POLL" "$W/poll.txt" &&
  grep -aq "Thay đổi: thêm du-lieu/thiet-bi-2019.xlsx" "$W/poll.txt"; then
  ok "watch with MTCL_WATCH_POLL=1: a run for the workbook dropped in"
else
  fail "watch with MTCL_WATCH_POLL=1: no run after a workbook was dropped in"
  cat "$W/poll.txt" >&2
fi

if [ "$FAILED" = 0 ]; then
  step "Windows build: all checks passed"
else
  step "Windows build: some checks FAILED (above)"
fi
exit "$FAILED"
