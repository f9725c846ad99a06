"""The pandas peer of the benchmark: the same four student ratios per unit that mtcl
computes for a corpus made by `examples/gen-corpus.rs`, the way a data analyst would write
it — pandas.read_excel with the openpyxl or the calamine engine, a multiprocessing pool of 2.

    python3 bench/peer_pandas.py --engine calamine CORPUS/du-lieu
"""

import argparse
import glob
import os
import sys
from multiprocessing import Pool

import pandas as pd

KHA = {"xuất sắc", "giỏi", "khá"}
YEU = {"yếu", "kém"}
FINAL = "2019 - 2022"


def read_one(args):
    path, engine = args
    raw = pd.read_excel(path, header=None, engine=engine, dtype=object)
    # The header is found, not assumed: the row holding "Mã HS", the next one holds the
    # children of the merged "Xếp loại".
    first = raw.index[raw.apply(lambda r: r.astype(str).str.strip().eq("Mã HS").any(), axis=1)][0]
    top = raw.iloc[first].ffill()
    sub = raw.iloc[first + 1]
    names = [str(s).strip() if isinstance(s, str) else str(t).strip() for t, s in zip(top, sub)]
    data = raw.iloc[first + 2 :].copy()
    data.columns = names
    # The table ends at the first row without a student code ("Tổng cộng", signatures).
    code = data["Mã HS"].astype(str).str.strip()
    end = code.str.match(r"^HS\d+$")
    stop = (~end).idxmax() if (~end).any() else None
    if stop is not None:
        data = data.loc[: stop - 1]
    return data[["Khoa", "Khóa", "Trạng thái", "Học lực", "Lên lớp", "Tốt nghiệp"]]


def ratios(df):
    out = {}
    hl = df["Học lực"].astype(str).str.strip().str.lower()
    tt = df["Trạng thái"].astype(str).str.strip().str.lower()
    kh = df["Khóa"].astype(str).str.strip()
    active = tt != "thôi học"
    final = kh == FINAL
    ok = lambda s: s.astype(str).str.strip().str.lower().isin({"x", "có", "1", "true", "✓"})
    for unit, g in df.groupby("Khoa", sort=True):
        a = active.loc[g.index]
        f = final.loc[g.index]
        h = hl.loc[g.index]
        den = int(a.sum())
        up = a & ~f
        grad = a & f
        out[unit] = (
            int((a & h.isin(KHA)).sum()), den,
            int((a & h.isin(YEU)).sum()), den,
            int((up & ok(g["Lên lớp"])).sum()), int(up.sum()),
            int((grad & ok(g["Tốt nghiệp"])).sum()), int(grad.sum()),
        )
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--engine", choices=["openpyxl", "calamine"], default="calamine")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("dir")
    a = p.parse_args()
    paths = sorted(glob.glob(os.path.join(a.dir, "**", "*.xlsx"), recursive=True))
    with Pool(a.jobs) as pool:
        frames = pool.map(read_one, [(x, a.engine) for x in paths], chunksize=4)
    df = pd.concat(frames, ignore_index=True)
    r = ratios(df)
    print(f"{len(paths)} files, {len(df)} rows, {len(r)} units", file=sys.stderr)
    for unit in sorted(r)[:1]:
        print(unit, r[unit], file=sys.stderr)


if __name__ == "__main__":
    main()
