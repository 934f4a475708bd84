"""What the benchmarks share: the sample database under ``bench/out/``, machine facts, percentiles, the
dashboard server they start, process memory from ``/proc``, the pool of filter sets a user picks from, and
the dated section each script appends to ``bench/README.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import multiprocessing as mp
import os
import platform
import random
import resource
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
README = ROOT / "bench" / "README.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
GIB = 1024 ** 3


# ---- numbers --------------------------------------------------------------------------------------

def pct(values, q: float) -> float:
    """The q-th percentile (linear interpolation); NaN for no values."""
    values = np.asarray(list(values), dtype=float)
    return float(np.percentile(values, q)) if values.size else float("nan")


def fmt_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def fmt_ms(v: float) -> str:
    return "—" if v != v else f"{v:.0f}"          # NaN: nothing measured


def stamp() -> str:
    """The heading date of a results section, as ``date`` prints it in UTC."""
    return dt.datetime.now(dt.UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


# ---- the machine ----------------------------------------------------------------------------------

def machine() -> dict[str, str]:
    import duckdb
    import pandas as pd

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines()
                  if x.startswith("MemTotal"))
    return {
        "date": subprocess.run(["date"], capture_output=True, text=True).stdout.strip(),
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
        "cpu": cpu,
        "ram": f"{mem_kb / 1024**2:.1f} GiB",
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "commit": commit(),
    }


def header(mach: dict[str, str]) -> str:
    """The first line every benchmark prints: date, cores, CPU, memory, Python."""
    return f"{mach['date']} | nproc {mach['nproc']} | {mach['cpu']} | {mach['ram']} | Python {mach['python']}"


def machine_line(mach: dict[str, str], extra: str = "") -> str:
    return (f"- Machine: nproc {mach['nproc']}, {mach['cpu']}, {mach['ram']} RAM; Python {mach['python']}, "
            f"DuckDB {mach['duckdb']}{extra}; code at commit {mach['commit']}.")


def commit() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
    return (head or "?") + (" (with uncommitted changes)" if dirty else "")


def loadavg() -> float:
    """The 1-minute load average (the machine is shared: other work inflates every figure)."""
    return os.getloadavg()[0]


# ---- the sample database --------------------------------------------------------------------------

def _progress(fraction: float, message: str) -> None:
    print(f"    {fraction * 100:5.1f}%  {message}", flush=True)


def _build_child(path: str, seed: int, scale: int) -> tuple[dict, int]:
    from data import commands

    counts = commands.sample(Path(path), seed=seed, scale=scale, progress=_progress)
    return counts, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def sample_meta(path: Path) -> dict[str, str]:
    from data import db

    con = db.connect(path, read_only=True)
    try:
        return dict(con.execute("select key, value from meta").fetchall())
    finally:
        con.close()


def ensure_db(path: Path, scale: int, seed: int) -> dict:
    """Reuse ``path`` if it is a sample built at ``scale``, else build it (in a child process). Returns
    build facts: built (bool), seconds, rss_kb (the child's peak)."""
    if path.exists():
        meta = sample_meta(path)
        if meta.get("sample_scale") == str(scale):
            print(f"reusing {path} (meta.sample_scale = {scale})")
            return {"built": False, "seconds": None, "rss_kb": None}
        if meta.get("is_sample") != "1":
            raise SystemExit(f"{path} exists and is not a sample database; refusing to overwrite it")
        if path.name != f"sample-s{scale}.duckdb":
            # --db named a file built at another scale (a forgotten --scale): never replace minutes of building
            raise SystemExit(f"{path} is a sample of scale {meta.get('sample_scale')}, not {scale}; pass --scale "
                             f"{meta.get('sample_scale')} (or --any-db), or remove the file to rebuild it")
        print(f"{path} was built at scale {meta.get('sample_scale')}; rebuilding at scale {scale}")
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"building sample at scale {scale} (seed {seed}) into {path} ...", flush=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        _, rss_kb = pool.submit(_build_child, str(path), seed, scale).result()
    seconds = time.perf_counter() - started
    print(f"built in {seconds:.1f} s (build peak RSS {rss_kb / 1024**2:.2f} GiB)")
    return {"built": True, "seconds": seconds, "rss_kb": rss_kb}


def add_db_args(ap, default_scale: int = 1) -> None:
    ap.add_argument("--scale", type=int, default=default_scale,
                    help=f"sample scale to build or reuse (default {default_scale})")
    ap.add_argument("--db", type=Path,
                    help="database file (default bench/out/sample-s<scale>.duckdb); reused when it is a sample "
                         "of --scale, or any database with --any-db")
    ap.add_argument("--any-db", action="store_true",
                    help="use --db as it is, whatever it holds (a copy of real data, a database with rollups)")
    ap.add_argument("--seed", type=int, default=2024, help="sample seed (default 2024)")


def resolve_db(args) -> tuple[Path, dict]:
    """The database the benchmark runs on, built when needed; (path, build facts)."""
    if args.scale < 1:
        raise SystemExit("--scale must be >= 1")
    path = (args.db or OUT / f"sample-s{args.scale}.duckdb").resolve()
    if args.any_db:
        if not path.exists():
            raise SystemExit(f"{path} does not exist")
        return path, {"built": False, "seconds": None, "rss_kb": None}
    return path, ensure_db(path, args.scale, args.seed)


def row_count(path: Path, table: str = "activities") -> int | None:
    from data import db

    try:
        con = db.connect(path, read_only=True)
    except Exception:          # held read-write by a running app: the count is only informative
        return None
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def db_line(path: Path, build: dict) -> str:
    meta = {}
    try:
        meta = sample_meta(path)
    except Exception:
        pass
    rows = row_count(path)
    what = (f"sample scale {meta.get('sample_scale')}" if meta.get("is_sample") == "1" else "not a sample")
    line = f"- Database: `{_rel(path)}` ({what}, {path.stat().st_size / GIB:.2f} GiB"
    line += f", {fmt_int(rows)} activity rows)" if rows is not None else ")"
    if build.get("built"):
        line += f"; built for this run in {build['seconds']:.1f} s"
    return line + "."


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# ---- process memory and CPU (/proc) ---------------------------------------------------------------

def proc_status(pid: int) -> dict[str, int]:
    """VmRSS, VmHWM (peak resident) ... of a process in kB; {} when it is gone."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("Vm") or line.startswith("Threads"):
                key, value = line.split(":", 1)
                out[key] = int(value.split()[0])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return {}
    return out


def rss_kb(pid: int) -> int:
    return proc_status(pid).get("VmRSS", 0)


def children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (not ``pid`` itself)."""
    kids, out, todo = children_map(), [], [pid]
    while todo:
        for child in kids.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and every process below it (RSS, so shared pages count once per process)."""
    return sum(rss_kb(p) for p in [pid, *descendants(pid)])


def pss_kb(pid: int) -> int:
    """Proportional set size (shared pages divided among their users): sums over processes honestly."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---- the dashboard server -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def ws_url(base: str) -> str:
    """A server's Streamlit websocket (``/_stcore/stream``) from its ``http://host:port`` base, as the frontend
    opens it."""
    return base.replace("http", "ws", 1) + "/_stcore/stream"


class Server:
    """``python -m streamlit run dashboard.py`` on ``db`` (offline flags, 127.0.0.1, a free port), as the
    deployment runs it (``script``: another page run the same way, e.g. ``bench/floor_app.py``); read-only (``TUYENGIAO_READ_ONLY=1``) unless ``read_only`` is False, so several
    processes and the benchmark itself may open the file at once."""

    def __init__(self, db: Path, *, port: int | None = None, read_only: bool = True, log: Path | None = None,
                 env: dict[str, str] | None = None, script: str = "dashboard.py"):
        self.db, self.port, self.read_only, self.script = db, port or free_port(), read_only, script
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log or OUT / f"server-{self.port}.log"
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        """Start the process (returns at once; ``started_at`` is its perf_counter time)."""
        env = {**os.environ, "TUYENGIAO_DB": str(self.db), "PYTHONUNBUFFERED": "1", **self.extra_env}
        env.pop("TUYENGIAO_DEBUG", None)           # as deployed: a failing page shows its one-line message
        # as deployed: Python keeps the app's compiled modules (__pycache__); with PYTHONDONTWRITEBYTECODE set (as on
        # the test machines) every fresh server compiled ~70 of the app's modules again, ~0,1 s of its first run
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if self.read_only:
            env["TUYENGIAO_READ_ONLY"] = "1"
        else:
            env.pop("TUYENGIAO_READ_ONLY", None)
        cmd = [sys.executable, "-m", "streamlit", "run", self.script, "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = open(self.log, "wb")
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self._log_file, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 120.0) -> float:
        """Seconds from ``start`` until ``/_stcore/health`` answers 200."""
        deadline = time.monotonic() + timeout
        while not healthy(self.base):
            if self.process.poll() is not None:
                raise SystemExit(f"streamlit exited with code {self.process.returncode}; see {self.log}:\n"
                                 + self.log.read_text(errors="replace")[-2000:])
            if time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"streamlit not healthy after {timeout:.0f} s; see {self.log}")
            time.sleep(0.05)
        return time.perf_counter() - self.started_at

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        self._log_file.close()

    def log_failures(self) -> int:
        """Pages that failed according to the server log (``ui.errors`` logs 'page failed' with the trace)."""
        try:
            text = self.log.read_text(errors="replace")
        except FileNotFoundError:
            return 0
        return text.count("page failed") + text.count("Uncaught app ex")   # Streamlit: "...exception" or "...execution"

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# ---- what users open: pages and filter sets ------------------------------------------------------

# The analysis pages (url path without the slash; "" is the Overview at "/").
PAGES = ("", "kenh-thong-tin", "luc-luong", "hoat-dong", "cuoc-thi", "so-sanh")
PAGE_NAMES = {"": "Tổng quan /", "kenh-thong-tin": "Kênh thông tin", "luc-luong": "Lực lượng",
              "hoat-dong": "Hoạt động", "cuoc-thi": "Cuộc thi", "so-sanh": "So sánh"}
FIRST_MONTH, LAST_MONTH = (2023, 1), (2026, 10)       # the sample's months (DESIGN §7)


def page_paths(ap, text: str) -> tuple[str, ...]:
    """The pages of a comma-separated ``--pages`` value as url paths ('/' or '' is the Overview); an unknown one
    stops the script through ``ap.error``."""
    paths = tuple("" if p.strip() in ("/", "") else p.strip().strip("/") for p in text.split(","))
    unknown = [p for p in paths if p not in PAGES]
    if unknown:
        ap.error(f"unknown pages {unknown}; choose among {', '.join(p or '/' for p in PAGES)}")
    return paths


def current_unit_codes() -> list[str]:
    """The 34 unit codes in force (data/reference/units_34.csv)."""
    with open(ROOT / "data" / "reference" / "units_34.csv", encoding="utf-8", newline="") as f:
        return [row["ma"] for row in csv.DictReader(f)]


def _month(i: int) -> str:
    y, m = divmod(FIRST_MONTH[0] * 12 + FIRST_MONTH[1] - 1 + i, 12)
    return f"{y:04d}-{m + 1:02d}"


def random_query(rng: random.Random, page: str, codes: list[str]) -> str:
    """A filter set as a user would pick it (the URL contract, DESIGN §5): all units or one to three of the 34
    (two or three, or the page's default pair, on the comparison page), a range of 1 to 24 months between
    2023-01 and 2026-10, a grain that suits the range, a comparison."""
    from queries.builder import COMPARES
    from queries.periods import GRAINS

    n_months = (LAST_MONTH[0] - FIRST_MONTH[0]) * 12 + LAST_MONTH[1] - FIRST_MONTH[1] + 1
    if page == "so-sanh":
        units = rng.sample(codes, rng.choice((2, 2, 3))) if rng.random() < 0.8 else []
    else:
        r = rng.random()
        units = [] if r < 0.4 else rng.sample(codes, 1 if r < 0.85 else rng.choice((2, 3)))
    span = rng.choice((1, 3, 3, 6, 9, 12, 12, 24))
    start = rng.randrange(0, n_months)
    end = min(start + span - 1, n_months - 1)
    grain = rng.choice(("month",) * 4 + ("quarter",) * 3 + ("half",) + ("year",) * 2)
    compare = rng.choice(("yoy",) * 5 + ("prev",) * 3 + ("none",) * 2)
    assert grain in GRAINS and compare in COMPARES
    parts = [f"unit={','.join(units)}"] if units else []
    parts += [f"from={_month(start)}", f"to={_month(end)}", f"grain={grain}", f"compare={compare}"]
    return "&".join(parts)


@dataclass(frozen=True)
class View:
    page: str           # url path without the slash
    query: str          # query string without '?'

    @property
    def url_path(self) -> str:
        return "/" + self.page + ("?" + self.query if self.query else "")


def pool(rng: random.Random, n: int, pages=PAGES) -> list[View]:
    """``n`` distinct views, spread evenly over ``pages``, each with a random filter set."""
    codes, seen, out = current_unit_codes(), set(), []
    while len(out) < n:
        page = pages[len(out) % len(pages)]
        view = View(page, random_query(rng, page, codes))
        if view not in seen:
            seen.add(view)
            out.append(view)
    return out


# ---- bench/README.md ------------------------------------------------------------------------------

def append_readme(title: str, lines: list[str]) -> None:
    """Append a dated results section (``## <date> — <title>``) to bench/README.md."""
    text = README.read_text(encoding="utf-8")
    README.write_text(text.rstrip("\n") + f"\n\n## {stamp()} — {title}\n\n" + "\n".join(lines) + "\n",
                      encoding="utf-8")
    print(f"appended to {_rel(README)}")
