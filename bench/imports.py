"""Import benchmark: validate + commit N activity rows from CSV and from XLSX (issue 4's targets:
1M CSV rows in under 20 s, a 100k-row XLSX in under 30 s, on the 2-core machine).

Run: python bench/imports.py --db bench/out/overview-s80.duckdb [--csv-rows 1000000] [--xlsx-rows 100000]
The database is copied first (the original is never written); rows go to sub-province units ('xa',
present in samples built with --scale > 1) in the months after the data up to the current one, so every row is new. Each import runs
in a fresh child process, so its peak RSS is its own; ``--csv-rows 0`` or ``--xlsx-rows 0`` skips that format.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import resource
import shutil
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data import db, importer  # noqa: E402

HEADERS = [c.header for c in importer.KINDS["activities"].columns]     # the activities template's columns
COMBOS = [(p, a, lv) for p in ("website", "fanpage", "group", "youtube", "zalo", "tiktok", "other")
          for a, levels in (("bai_viet", [""]), ("chia_se_link", ["Trung ương", "Tỉnh", "Cơ sở"]),
                            ("binh_luan", [""]), ("bao_cao_vi_pham", [""]), ("livestream_video", [""]))
          for lv in levels]


def rows(con, n: int):
    codes = [r[0] for r in con.execute("select code from units where level = 'xa' order by unit_id").fetchall()]
    if not codes:
        raise SystemExit("the database has no 'xa' units: build it with python -m data sample --scale 2 or more")
    # months after the data, as many as n needs (a small sample has few 'xa' units) — up to the current month: the
    # importer refuses a report month still to come
    per_month = len(codes) * len(COMBOS)
    last = con.execute("select max(month) from activities").fetchone()[0]
    today = dt.date.today()
    months = []
    k = last.year * 12 + last.month           # the month after the data's last (0-based month index + 1)
    while len(months) * per_month < n and (k // 12, k % 12 + 1) <= (today.year, today.month):
        months.append(dt.date(k // 12, k % 12 + 1, 1))
        k += 1
    if len(months) * per_month < n:
        raise SystemExit(f"only {len(months) * per_month:,} new rows fit the months from {last:%m/%Y} to this month "
                         f"({len(codes):,} 'xa' units × {len(COMBOS)} kinds a month): build a larger sample or ask "
                         "for fewer rows")
    i = 0
    for month in months:
        for code in codes:
            for platform, activity, level in COMBOS:
                if i >= n:
                    return
                q = 1000 + (i * 7919) % 50000
                yield [code, f"{month.month:02d}/{month.year}", platform, activity, level,
                       f"{q:,}".replace(",", "."), ""]
                i += 1


def write_csv(con, path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(",".join(HEADERS) + "\n")
        for r in rows(con, n):
            f.write(",".join(r) + "\n")


def write_xlsx(con, path: Path, n: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Hoạt động")
    sheet.write_row(0, 0, HEADERS)
    for i, r in enumerate(rows(con, n), start=1):
        sheet.write_row(i, 0, r)
    book.close()


def timed_import(db_path: Path, file: Path) -> dict:
    """Runs in a child process: read+validate, then commit; the child's own peak RSS."""
    con = db.connect(db_path)
    try:
        db.migrate(con)
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        parsed = importer.read_path(con, file)
        t1 = time.perf_counter()
        if parsed.errors:
            raise SystemExit(f"unexpected errors: {parsed.errors[:3]}")
        result = importer.commit(con, parsed, "bench")
        t2 = time.perf_counter()
    finally:
        con.close()
    return {"rows": len(parsed.rows), "read_validate_s": t1 - t0, "commit_s": t2 - t1, "total_s": t2 - t0,
            "new": result["new"], "load": load, "rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024}


def in_child(db_path: Path, file: Path) -> dict:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(timed_import, (db_path, file))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--csv-rows", type=int, default=1_000_000)
    ap.add_argument("--xlsx-rows", type=int, default=100_000)
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    src = duckdb.connect(args.db, read_only=True)
    csv_file, xlsx_file = out / "import-bench.csv", out / "import-bench.xlsx"
    todo = []
    if args.csv_rows:
        write_csv(src, csv_file, args.csv_rows)
        todo.append(("csv", csv_file))
    if args.xlsx_rows:
        write_xlsx(src, xlsx_file, args.xlsx_rows)
        todo.append(("xlsx", xlsx_file))
    src.close()
    for label, file in todo:
        copy = out / f"import-bench-{label}.duckdb"
        shutil.copy(args.db, copy)
        try:
            r = in_child(copy, file)
        finally:
            copy.unlink()
        print(f"{label}: {r['rows']:,} rows — read+validate {r['read_validate_s']:.1f} s, commit {r['commit_s']:.1f} s, "
              f"total {r['total_s']:.1f} s ({r['new']:,} new); peak RSS {r['rss_gib']:.2f} GiB; "
              f"load average (1 min) {r['load']:.2f} at the start", flush=True)


if __name__ == "__main__":
    main()
