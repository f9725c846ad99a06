"""Runs the benchmark: the floor, `mtcl check`, `mtcl run` and the pandas peer on the same
corpora, and prints wall time (median), peak RSS and rows per second, with the ratios
mtcl/floor and pandas/mtcl measured in the same run, as a Markdown table.

    cargo build --release --bin mtcl --examples
    python3 bench/run.py [--runs 3] [--pandas-runs 3] [--corpora 400x500,1x200000,2000x1000] [--work /tmp/mtcl-bench]
        [--no-pandas] [--before OLD-MTCL-BINARY]

With --before, an earlier build is timed beside this one in the same run, so that before and
after are compared on the same load of a shared machine.

Needs pandas, openpyxl and python-calamine for the peer (pip install pandas openpyxl
python-calamine); GNU time (/usr/bin/time) for peak RSS.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, "target", "release")


def measure(cmd):
    """(wall seconds, peak RSS in MiB) of one run, via GNU time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr[-2000:]}")
    last = r.stderr.strip().splitlines()[-1].split()
    return float(last[0]), int(last[1]) / 1024


def median_of(cmd, runs):
    samples = [measure(cmd) for _ in range(runs)]
    walls = [s[0] for s in samples]
    return statistics.median(walls), max(s[1] for s in samples), min(walls), max(walls)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--pandas-runs", type=int, default=3)
    p.add_argument("--corpora", default="400x500,1x200000,2000x1000")
    p.add_argument("--work", default="/tmp/mtcl-bench")
    p.add_argument("--no-pandas", action="store_true")
    p.add_argument("--before", help="an earlier mtcl binary, timed in the same run (rows 'before')")
    a = p.parse_args()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} at the start; runs: median of {a.runs} (pandas: {a.pandas_runs})\n")
    print("| corpus | tool | wall s (median) | min–max s | peak RSS MiB | rows/s | ratio |")
    print("|---|---|---:|---:|---:|---:|---|")
    for spec in a.corpora.split(","):
        n, m = (int(x) for x in spec.split("x"))
        corpus = os.path.join(a.work, spec)
        if not os.path.isdir(corpus):
            subprocess.run([os.path.join(REL, "examples", "gen-corpus"), "--workbooks", str(n), "--rows", str(m), corpus], check=True, stdout=subprocess.DEVNULL)
        rows = n * m
        out = os.path.join(a.work, spec + "-out")
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(out + "-before", ignore_errors=True)
        tools = [
            ("floor", [os.path.join(REL, "examples", "floor"), os.path.join(corpus, "du-lieu")], a.runs),
            ("mtcl check", [os.path.join(REL, "mtcl"), "-q", "check", corpus, "--out", out], a.runs),
            ("mtcl run", [os.path.join(REL, "mtcl"), "-q", "run", corpus, "--out", out], a.runs),
        ]
        if a.before:
            tools[1:1] = [
                ("mtcl check (before)", [a.before, "-q", "check", corpus, "--out", out + "-before"], a.runs),
                ("mtcl run (before)", [a.before, "-q", "run", corpus, "--out", out + "-before"], a.runs),
            ]
        if not a.no_pandas:
            for engine in ("calamine", "openpyxl"):
                tools.append((f"pandas ({engine})", [sys.executable, os.path.join(ROOT, "bench", "peer_pandas.py"), "--engine", engine, os.path.join(corpus, "du-lieu")], a.pandas_runs))
        times = {}
        for name, cmd, runs in tools:
            t, rss, lo, hi = median_of(cmd, runs)
            times[name] = t
            ratio = ""
            if name.startswith("mtcl"):
                ratio = f"{t / times['floor']:.2f}× floor"
            elif name.startswith("pandas"):
                ratio = f"{t / times['mtcl run']:.1f}× mtcl run"
            print(f"| {n} × {m} | {name} | {t:.3f} | {lo:.2f}–{hi:.2f} | {rss:.0f} | {rows / t:,.0f} | {ratio} |", flush=True)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average {load} at the end")


if __name__ == "__main__":
    main()
