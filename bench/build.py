"""Time and peak memory of building the scaled sample, and of a 1M-row activities import.

    python bench/build.py --scale 200 [--db PATH] [--repeat 1] [--import-rows 1000000] [--no-readme]
    python bench/build.py --scale 2 --import-rows 100000 --repeat 2 --no-readme      # a quick look
    python bench/build.py --skip-build --db bench/out/sample-s200.duckdb            # the import only

1. Build: ``python -m data sample --scale N --seed S --db PATH --quiet`` in a child process, the file removed
   first (only a sample is ever removed), ``--repeat`` times. Wall time; the child's peak resident memory from
   ``os.wait4`` (its ``ru_maxrss``) and the peak of its process tree's VmRSS polled every 0.1 s from /proc.
   Targets at --scale 200: < 120 s and < 4 GB. The database is kept for the other benchmarks.
2. Import: ``--import-rows`` activity rows written as one CSV by ``bench/imports.py`` (sub-province units,
   months after the data, so every row is new), then read+validated and committed (``importer.read_path`` +
   ``importer.commit``, the rollups too once the importer maintains them) in a fresh child process on a copy of
   the database, ``--repeat`` times. Target: <= 15 s for 1M rows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import common, imports  # noqa: E402
from bench.common import GIB, pct  # noqa: E402

TARGET_BUILD_S = 120.0
TARGET_BUILD_BYTES = 4e9
TARGET_IMPORT_S = 15.0


def _remove_sample(path: Path) -> None:
    if not path.exists():
        return
    if common.sample_meta(path).get("is_sample") != "1":
        raise SystemExit(f"{path} exists and is not a sample database; refusing to remove it")
    path.unlink()
    Path(str(path) + ".wal").unlink(missing_ok=True)


def timed_build(path: Path, scale: int, seed: int) -> dict:
    """One build in a child process: wall time, the child's ru_maxrss, the peak of its tree's VmRSS."""
    _remove_sample(path)
    cmd = [sys.executable, "-m", "data", "sample", "--db", str(path), "--scale", str(scale), "--seed", str(seed),
           "--quiet"]
    load = common.loadavg()
    peak = {"kb": 0}
    t0 = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            peak["kb"] = max(peak["kb"], common.tree_rss_kb(process.pid))
            stop.wait(0.1)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    output = process.stdout.read()               # until the child closes it (it exits)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - t0
    process.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    poller.join()
    if process.returncode != 0:
        raise SystemExit(f"the build failed ({process.returncode}):\n{output.decode(errors='replace')[-3000:]}")
    return {"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "tree_kb": peak["kb"], "load": load,
            "size": path.stat().st_size, "summary": output.decode(errors="replace").strip().splitlines()[-1:]}


def write_import_file(path: Path, rows: int, out: Path) -> Path:
    """``rows`` new activity rows as one CSV (bench/imports.py's generator) for the database at ``path``."""
    import duckdb

    csv_file = out / "build-import.csv"
    src = duckdb.connect(str(path), read_only=True)
    try:
        imports.write_csv(src, csv_file, rows)
    finally:
        src.close()
    return csv_file


def timed_import(path: Path, csv_file: Path, out: Path) -> dict:
    """The CSV into a copy of ``path`` in a fresh child process (bench/imports.py's child: its own peak RSS)."""
    copy = out / "build-import.duckdb"
    shutil.copy(path, copy)
    try:
        return imports.in_child(copy, csv_file)
    finally:
        copy.unlink(missing_ok=True)
        Path(str(copy) + ".wal").unlink(missing_ok=True)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Targets (issue 13): the scale-200 sample built in < 2 minutes with peak memory "
                                        "< 4 GB; a 1M-row import in <= 15 s, rollups maintained in the same "
                                        "transaction.")
    ap.add_argument("--scale", type=int, default=1, help="sample scale (default 1; the target is at 200)")
    ap.add_argument("--db", type=Path, help="database file (default bench/out/sample-s<scale>.duckdb)")
    ap.add_argument("--seed", type=int, default=2024, help="sample seed (default 2024)")
    ap.add_argument("--repeat", type=int, default=1, help="builds, and imports (default 1)")
    ap.add_argument("--import-rows", type=int, default=1_000_000,
                    help="activity rows of the import (default 1000000; 0 skips the import)")
    ap.add_argument("--skip-build", action="store_true", help="import into the existing --db only")
    ap.add_argument("--no-readme", action="store_true", help="do not append the results to bench/README.md")
    args = ap.parse_args(argv)
    if args.scale < 1 or args.repeat < 1 or args.import_rows < 0:
        ap.error("--scale and --repeat must be >= 1, --import-rows >= 0")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    common.OUT.mkdir(parents=True, exist_ok=True)
    path = (args.db or common.OUT / f"sample-s{args.scale}.duckdb").resolve()
    mach = common.machine()
    print(common.header(mach))
    lines, ok = [], True
    if not args.skip_build:
        builds = []
        for i in range(args.repeat):
            print(f"build {i + 1}: python -m data sample --scale {args.scale} --seed {args.seed} --db {path} ...",
                  flush=True)
            b = timed_build(path, args.scale, args.seed)
            builds.append(b)
            print(f"build {i + 1}: {b['seconds']:.1f} s, peak RSS {b['maxrss_kb'] / 1024**2:.2f} GiB "
                  f"(process tree polled: {b['tree_kb'] / 1024**2:.2f} GiB), {b['size'] / GIB:.2f} GiB on disk; "
                  f"load average {b['load']:.2f} at the start", flush=True)
        secs = [b["seconds"] for b in builds]
        peak_bytes = max(max(b["maxrss_kb"], b["tree_kb"]) for b in builds) * 1024
        met = max(secs) < TARGET_BUILD_S and peak_bytes < TARGET_BUILD_BYTES
        if args.scale == 200:
            ok &= met
        lines += [f"Build of the sample, scale {args.scale} (`python -m data sample --scale {args.scale} --seed "
                  f"{args.seed}`, a child process, the file removed first), {args.repeat} run(s):", ""]
        lines += [f"- run {i}: {b['seconds']:.1f} s; peak RSS {b['maxrss_kb'] / 1024**2:.2f} GiB (wait4), "
                  f"{b['tree_kb'] / 1024**2:.2f} GiB (process tree, polled); {b['size'] / GIB:.2f} GiB on disk; "
                  f"load average {b['load']:.2f} at the start" for i, b in enumerate(builds, 1)]
        if builds[-1]["summary"]:
            lines.append(f"- the command's summary: `{builds[-1]['summary'][0]}`")
        verdict = (f"**{'met' if met else 'not met'}**" if args.scale == 200 else
                   f"not judged at scale {args.scale} (the target is for 200)")
        lines += ["", f"Target at scale 200 (< 120 s, peak < 4 GB): max {max(secs):.1f} s, peak "
                  f"{peak_bytes / 1e9:.2f} GB — {verdict}.", ""]
    elif not path.exists():
        raise SystemExit(f"{path} does not exist (--skip-build needs an existing --db)")
    if args.import_rows:
        runs = []
        csv_file = write_import_file(path, args.import_rows, common.OUT)
        for i in range(args.repeat):
            r = timed_import(path, csv_file, common.OUT)
            runs.append(r)
            print(f"import {i + 1}: {r['rows']:,} rows — read+validate {r['read_validate_s']:.1f} s, commit "
                  f"{r['commit_s']:.1f} s, total {r['total_s']:.1f} s ({r['new']:,} new); peak RSS "
                  f"{r['rss_gib']:.2f} GiB; load average {r['load']:.2f} at the start", flush=True)
        totals = [r["total_s"] for r in runs]
        met = max(totals) <= TARGET_IMPORT_S
        if args.import_rows >= 1_000_000:
            ok &= met
            verdict = f"**{'met' if met else 'not met'}**"
        else:
            verdict = f"not judged for {common.fmt_int(args.import_rows)} rows (the target is for 1M)"
        lines += [f"Import of {common.fmt_int(args.import_rows)} new activity rows (one CSV, `bench/imports.py`'s "
                  f"file; read+validate and commit in a fresh child process on a copy of `{path.name}`), "
                  f"{args.repeat} run(s):", ""]
        lines += [f"- run {i}: read+validate {r['read_validate_s']:.1f} s, commit {r['commit_s']:.1f} s, total "
                  f"{r['total_s']:.1f} s; peak RSS {r['rss_gib']:.2f} GiB; load average {r['load']:.2f} at the start"
                  for i, r in enumerate(runs, 1)]
        lines += ["", f"Target (1M rows ≤ 15 s): total p50 {pct(totals, 50):.1f} s, max {max(totals):.1f} s — "
                  f"{verdict}.", ""]
    facts = [common.machine_line(mach), common.db_line(path, {}), ""]
    print("\n".join(facts + lines))
    if not args.no_readme:
        common.append_readme("build and import (`bench/build.py`)", facts + lines)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
