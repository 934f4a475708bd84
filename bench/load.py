"""Concurrent sessions against the dashboard server, over Streamlit's own websocket protocol.

    python bench/load.py [--scale 1 | --db PATH] [--sessions 20] [--duration 60] [--repeat 1] [--no-readme]
    python bench/load.py --rss-visits [--sessions 20] [--repeat 1] ...
    python bench/load.py --url http://127.0.0.1:8501 --pid 12345 ...   # a server that is already running
    python bench/load.py --servers 2 ...          # one process per core, as deploy/nginx-tuyengiao.conf serves
    python bench/load.py --think 5 ...            # each user reads a view ~5 s before the next

The client is the one a browser tab runs, minus the drawing: it opens ``/_stcore/stream`` (subprotocol
``streamlit``), sends a ``BackMsg`` ``rerun_script`` with ``ClientState(query_string, page_name,
page_script_hash)`` exactly as the frontend does when a URL is opened or a page is switched to, reads the
``ForwardMsg`` stream (``streamlit.proto`` of the installed Streamlit) up to the run's ``script_finished``, and
closes the socket. See bench/README.md ("Load") for what is timed and why this client and not Chromium.

Default mode: ``--sessions`` virtual users, each in a loop for ``--duration`` seconds: pick a view (a page and a
filter set) from a seeded pool of ``--pool`` views, open a session, time ``rerun_script`` -> ``script_finished``
(every element of the run sent), count errors (``Exception`` elements, error alerts such as the app's own
one-line failure message, a compile error, a timeout, a dropped connection), close. Prints p50/p95/max,
throughput, errors, the server's resident memory (sampled from /proc/PID/status) and CPU, the load average;
exits 1 when the issue-13 target (p95 < 2 s, no error) is missed.

``--servers N`` starts N read-only processes on the same file, as the deployment behind a reverse proxy runs them
(deploy/nginx-tuyengiao.conf, one per core); each virtual user keeps to one of them (user i to process i mod N),
as the proxy's sticky sessions keep a browser on one. ``--think S``: after each view a user waits a random time
(exponential, mean S seconds) before the next, as a user reads a chart before changing a filter; 0 (the default)
is the stress figure, users knocking again the moment a view is drawn.

``--rss-visits``: ``--sessions`` sessions at once, each with its own filter set, each visiting every analysis
page in one session (page switches, as a user clicks through the menu); then the server's resident memory with
the sessions still open (target < 1,5 GB) and after they close.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.Alert_pb2 import Alert  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench import common  # noqa: E402
from bench.common import PAGE_NAMES, PAGES, View, fmt_ms, pct  # noqa: E402
from ui.chart import NAME as CHART  # noqa: E402

TARGET_P95_MS = 2000.0
TARGET_RSS_BYTES = 1.5e9          # "1,5 GB"


# ---- the protocol client --------------------------------------------------------------------------

@dataclass
class Run:
    """What one script run sent, as the client saw it."""

    ms: float = 0.0
    bytes: int = 0
    messages: int = 0
    charts: int = 0                        # chart elements (ui.chart's component)
    elements: int = 0
    errors: list[str] = field(default_factory=list)
    page_not_found: bool = False
    nav: dict[str, str] = field(default_factory=dict)   # url path -> page_script_hash
    query: str | None = None               # the URL's query string as the app rewrote it


class Session:
    """One Streamlit session: a websocket to ``/_stcore/stream`` with the ``streamlit`` subprotocol (the
    frontend adds its XSRF token and a previous session id as 2nd and 3rd entries; without them the server
    creates a fresh session and reads no auth cookie, which the sample's demo mode does not need)."""

    def __init__(self, ws_url: str, timeout: float):
        self.ws_url, self.timeout = ws_url, timeout
        self.ws = None
        self.nav: dict[str, str] = {}
        self.query = ""

    async def open(self) -> float:
        t0 = time.perf_counter()
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=self.timeout, ping_interval=None, compression=None)
        return (time.perf_counter() - t0) * 1000

    async def run(self, page: str, query: str) -> Run:
        """Run ``page`` with ``query`` as the browser does when a URL is opened (page_name = the url path;
        its page_script_hash once the session knows it from the ``navigation`` message, i.e. a page switch)."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        msg.rerun_script.page_script_hash = self.nav.get(page, "") if self.nav else ""
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = await asyncio.wait_for(self._read(), timeout=self.timeout)
        run.ms = (time.perf_counter() - t0) * 1000
        if run.nav:
            self.nav = run.nav
        if run.query is not None:
            self.query = run.query
        return run

    async def _read(self) -> Run:
        run = Run()
        while True:
            data = await self.ws.recv()
            run.bytes += len(data)
            run.messages += 1
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "delta":
                if fm.delta.WhichOneof("type") == "new_element":
                    el = fm.delta.new_element
                    run.elements += 1
                    which = el.WhichOneof("type")
                    if which == "bidi_component" and el.bidi_component.component_name == CHART:
                        run.charts += 1
                    elif which == "exception" and not el.exception.is_warning:
                        run.errors.append(f"Exception {el.exception.type}: {el.exception.message}"[:160])
                    elif which == "alert" and el.alert.format == Alert.ERROR:
                        run.errors.append(f"error alert: {el.alert.body}"[:160])
            elif kind == "navigation":
                run.nav = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
            elif kind == "page_info_changed":
                run.query = fm.page_info_changed.query_string
            elif kind == "page_not_found":
                run.page_not_found = True
            elif kind == "session_event" and fm.session_event.HasField("script_compilation_exception"):
                run.errors.append("compile error: " + fm.session_event.script_compilation_exception.message[:120])
            elif kind == "ref_hash":
                run.errors.append("ref_hash: the server sent a cached-message reference the client never asked for")
            elif kind == "script_finished":
                if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue           # st.rerun: the next run is the one the user waits for
                if fm.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.errors.append("script finished with a compile error")
                return run

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None


# ---- measurements ---------------------------------------------------------------------------------

@dataclass
class Visit:
    vu: int
    view: View
    start: float            # seconds since the load began
    end: float
    connect_ms: float
    run: Run | None
    seen: bool              # the same view had completed before this visit began (its results could be cached)
    error: str | None = None

    @property
    def errors(self) -> list[str]:
        return ([self.error] if self.error else []) + (self.run.errors if self.run else [])


class Sampler:
    """Resident memory (VmRSS, summed over the server processes and their children) every ``every`` s."""

    def __init__(self, pids: list[int], every: float = 0.5):
        self.pids, self.every = pids, every
        self.samples: list[tuple[float, int]] = []
        self._task = None

    def now_kb(self) -> int:
        return sum(common.tree_rss_kb(p) for p in self.pids)

    def hwm_kb(self) -> int:
        return sum(common.proc_status(p).get("VmHWM", 0) for p in self.pids)

    def cpu(self) -> float:
        return sum(common.cpu_seconds(q) for p in self.pids for q in [p, *common.descendants(p)])

    async def _loop(self):
        t0 = time.perf_counter()
        while True:
            self.samples.append((time.perf_counter() - t0, self.now_kb()))
            await asyncio.sleep(self.every)

    def start(self):
        if self.pids:
            self._task = asyncio.create_task(self._loop())

    async def stop(self):
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    def max_kb(self) -> int:
        return max((kb for _, kb in self.samples), default=0)


async def visit_once(ws_url: str, view: View, timeout: float) -> tuple[float, Run | None, str | None]:
    s = Session(ws_url, timeout)
    connect_ms, run, error = float("nan"), None, None
    try:
        connect_ms = await s.open()
        run = await s.run(view.page, view.query)
    except TimeoutError:
        error = f"timeout: no script_finished within {timeout:.0f} s"
    except (OSError, websockets.exceptions.WebSocketException) as exc:
        error = f"connection: {type(exc).__name__}: {exc}"[:160]
    finally:
        try:
            await s.close()
        except (OSError, websockets.exceptions.WebSocketException):
            pass
    return connect_ms, run, error


async def load_round(ws_urls: list[str], views: list[View], sessions: int, duration: float, timeout: float,
                     seed: int, done_before: dict[View, float], think: float = 0.0) -> tuple[list[Visit], float]:
    """``sessions`` virtual users, each opening views at random until ``duration`` has passed (a visit under
    way at the deadline completes and counts); user i talks to server i mod len(ws_urls) and waits a random
    ``think`` seconds (exponential mean) between views. ``done_before``: view -> time its first visit
    completed."""
    t0 = time.perf_counter()
    deadline = t0 + duration
    visits: list[Visit] = []

    async def user(vu: int):
        rng = random.Random(seed * 1000 + vu)
        ws_url = ws_urls[vu % len(ws_urls)]
        await asyncio.sleep(rng.random() * min(1.0, duration / 10))      # do not all knock at once
        while time.perf_counter() < deadline:
            view = rng.choice(views)
            start = time.perf_counter()
            seen = view in done_before and done_before[view] <= start
            connect_ms, run, error = await visit_once(ws_url, view, timeout)
            end = time.perf_counter()
            visits.append(Visit(vu, view, start - t0, end - t0, connect_ms, run, seen, error))
            if run is not None and view not in done_before:
                done_before[view] = end
            if think > 0:
                await asyncio.sleep(min(rng.expovariate(1 / think), 6 * think))

    await asyncio.gather(*(user(i) for i in range(sessions)))
    return visits, time.perf_counter() - t0


async def rss_round(ws_urls: list[str], views: list[View], pages, timeout: float, sampler: Sampler,
                    settle: float) -> dict:
    """One session per view in ``views`` (its own filter set), all at once; each visits every page of
    ``pages`` (starting at its view's page, then page switches); RSS with all sessions still open, then after
    they close."""
    runs: list[tuple[str, Run]] = []
    errors: list[str] = []
    sessions = [Session(ws_urls[i % len(ws_urls)], timeout) for i in range(len(views))]

    async def user(s: Session, view: View):
        order = [view.page] + [p for p in pages if p != view.page]
        try:
            await s.open()
            query = view.query
            for page in order:
                run = await s.run(page, query)
                query = s.query or query
                runs.append((page, run))
                errors.extend(run.errors)
        except TimeoutError:
            errors.append(f"timeout: no script_finished within {timeout:.0f} s")
        except (OSError, websockets.exceptions.WebSocketException) as exc:
            errors.append(f"connection: {type(exc).__name__}: {exc}"[:160])

    t0 = time.perf_counter()
    await asyncio.gather(*(user(s, v) for s, v in zip(sessions, views)))
    elapsed = time.perf_counter() - t0
    await asyncio.sleep(settle)
    open_kb = sampler.now_kb()
    for s in sessions:
        try:
            await s.close()
        except (OSError, websockets.exceptions.WebSocketException):
            pass
    await asyncio.sleep(settle)
    closed_kb = sampler.now_kb()
    return {"runs": runs, "errors": errors, "elapsed": elapsed, "open_kb": open_kb, "closed_kb": closed_kb,
            "sessions": len(views), "pages": len(pages)}


# ---- report ---------------------------------------------------------------------------------------

def mib(kb: float) -> str:
    return f"{kb / 1024:.0f} MiB"


def summarize(visits: list[Visit]) -> dict:
    ok = [v for v in visits if v.run is not None]
    runs = [v.run.ms for v in ok]
    return {"n": len(visits), "ok": len(ok), "p50": pct(runs, 50), "p95": pct(runs, 95),
            "max": max(runs, default=float("nan")),
            "errors": sum(len(v.errors) for v in visits), "failed": sum(1 for v in visits if v.errors)}


def error_lines(messages: list[str], limit: int = 8) -> list[str]:
    return [f"  - {n}× {m}" for m, n in Counter(messages).most_common(limit)]


def page_table(visits: list[Visit], pages) -> list[str]:
    lines = ["| page | visits | p50 ms | p95 ms | max ms | new: n / p50 / p95 ms | seen: n / p50 / p95 ms | "
             "charts per run | KiB per run | errors |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for page in [*pages, None]:
        vs = [v for v in visits if page is None or v.view.page == page]
        ok = [v for v in vs if v.run is not None]
        new = [v.run.ms for v in ok if not v.seen]
        seen = [v.run.ms for v in ok if v.seen]
        runs = [v.run.ms for v in ok]
        charts = sorted({v.run.charts for v in ok})
        kib = pct([v.run.bytes / 1024 for v in ok], 50)
        kib_text = "—" if kib != kib else f"{kib:.0f}"
        name = "**all**" if page is None else PAGE_NAMES[page]
        lines.append(f"| {name} | {len(vs)} | {fmt_ms(pct(runs, 50))} | {fmt_ms(pct(runs, 95))} | "
                     f"{fmt_ms(max(runs, default=float('nan')))} | {len(new)} / {fmt_ms(pct(new, 50))} / "
                     f"{fmt_ms(pct(new, 95))} | {len(seen)} / {fmt_ms(pct(seen, 50))} / {fmt_ms(pct(seen, 95))} | "
                     f"{'–'.join(str(c) for c in (charts[0], charts[-1])) if charts else '—'} | "
                     f"{kib_text} | {sum(len(v.errors) for v in vs)} |")
    return lines


# ---- main -----------------------------------------------------------------------------------------

def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Targets (issue 13, at --scale 200): 20 sessions changing filters for a "
                                        "minute p95 < 2 s with no error; resident memory < 1,5 GB after 20 "
                                        "sessions have each visited every page (--rss-visits).")
    common.add_db_args(ap, default_scale=1)
    ap.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of load per round (default 60)")
    ap.add_argument("--repeat", type=int, default=1, help="rounds against the same server (default 1)")
    ap.add_argument("--pool", type=int, default=120,
                    help="distinct views (page + filter set) the users pick from (default 120)")
    ap.add_argument("--pages", default=",".join(p or "/" for p in PAGES),
                    help="comma-separated url paths (default the six analysis pages; '/' is the Overview)")
    ap.add_argument("--load-seed", type=int, default=13, help="seed of the view pool and the users' picks")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds a run may take before it is an error")
    ap.add_argument("--rss-visits", action="store_true",
                    help="memory mode: sessions at once, each visiting every page with its own filters")
    ap.add_argument("--url", help="base URL of a running server instead of starting one")
    ap.add_argument("--pid", type=int, action="append", default=[],
                    help="with --url: a server process to sample memory and CPU of (repeatable)")
    ap.add_argument("--servers", type=int, default=1,
                    help="read-only server processes on the file, users spread over them (default 1)")
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean seconds a user waits between views (exponential; default 0: no pause)")
    ap.add_argument("--read-write", action="store_true",
                    help="start the server without TUYENGIAO_READ_ONLY=1 (the app's default)")
    ap.add_argument("--no-readme", action="store_true", help="do not append the results to bench/README.md")
    args = ap.parse_args(argv)
    if args.sessions < 1 or args.repeat < 1 or args.duration <= 0 or args.pool < 1 or args.servers < 1:
        ap.error("--sessions, --repeat, --pool, --servers must be >= 1 and --duration > 0")
    if args.think < 0:
        ap.error("--think must be >= 0")
    if args.servers > 1 and (args.url or args.read_write):
        ap.error("--servers starts read-only processes itself: not with --url or --read-write")
    args.pages = common.page_paths(ap, args.pages)
    return args


async def amain(args) -> int:
    common.OUT.mkdir(parents=True, exist_ok=True)
    mach = common.machine()
    print(common.header(mach))
    servers: list[common.Server] = []
    path, build = (None, {}) if args.url and not args.db else common.resolve_db(args)
    if args.url:
        if args.rss_visits and not args.pid:
            raise SystemExit("--rss-visits with --url needs the server's --pid (its memory is the measurement)")
        base, pids = args.url.rstrip("/"), args.pid
        how = f"a running server at {base}" + (f" (pids {', '.join(map(str, pids))})" if pids else
                                              " (no --pid: memory and CPU not sampled)")
        bases = [base]
    else:
        try:
            while len(servers) < args.servers:
                server = common.Server(path, read_only=not args.read_write)
                if server.port not in {other.port for other in servers}:    # not yet bound: pick another
                    server.start()
                    servers.append(server)
            health_s = max(server.wait_healthy() for server in servers)
        except BaseException:
            for server in servers:
                server.stop()
            raise
        bases, pids = [server.base for server in servers], [server.pid for server in servers]
        how = (("a server started for this run" if len(servers) == 1 else
                f"{len(servers)} server processes started for this run on the same file, each user kept to one "
                f"(user i to process i mod {len(servers)}, as the proxy's sticky sessions do)")
               + f" (`streamlit run dashboard.py`, {'read-write' if args.read_write else 'TUYENGIAO_READ_ONLY=1'}; "
               f"healthy {health_s:.1f} s after start)")
    ws_urls = [common.ws_url(b) for b in bases]
    print(f"server: {how}")
    sampler = Sampler(pids)
    try:
        return await measure(args, mach, path, build, how, ws_urls, sampler, servers)
    finally:
        for server in servers:
            server.stop()


async def measure(args, mach, path, build, how, ws_urls, sampler, servers) -> int:
    rng = random.Random(args.load_seed)
    load0 = common.loadavg()
    idle_kb = sampler.now_kb()
    # one visit of each process before the measurement: its first run imports the pages and opens the database
    warm_view = View("", "")
    for ws_url in ws_urls:
        warm_connect, warm_run, warm_error = await visit_once(ws_url, warm_view, args.timeout)
        if warm_run is None:
            raise SystemExit(f"the warm-up visit failed: {warm_error}")
    print(f"warm-up visit of / (default filters): {warm_run.ms:.0f} ms, {warm_run.charts} charts, "
          f"{len(warm_run.errors)} errors; server RSS {mib(idle_kb)} before it, {mib(sampler.now_kb())} after")
    if warm_run.charts == 0:
        print("WARNING: the Overview drew no chart: is the database empty, or does it ask for a sign-in "
              "(a database with accounts)? Use a sample without accounts (demo mode).")
    cpu0, client0 = sampler.cpu(), resource.getrusage(resource.RUSAGE_SELF)
    sampler.start()
    lines: list[str] = []
    if args.rss_visits:
        ok, n_runs = await rss_mode(args, rng, ws_urls, sampler, lines)
    else:
        ok, n_runs = await load_mode(args, rng, ws_urls, sampler, servers, lines)
    await sampler.stop()
    client1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu1, load1 = sampler.cpu(), common.loadavg()
    client_cpu = client1.ru_utime + client1.ru_stime - client0.ru_utime - client0.ru_stime
    facts = [
        common.machine_line(mach, f", Streamlit {_streamlit_version()}, websockets {websockets.__version__}"),
        (common.db_line(path, build) if path else "- Database: the running server's."),
        f"- Server: {how}.",
        f"- Client: Streamlit's websocket protocol (`bench/load.py`, asyncio + websockets, one process); "
        f"its own CPU {client_cpu:.1f} s in all.",
        f"- Warm-up visit of `/` before the measurement (of each process): {warm_run.ms:.0f} ms (the last).",
        f"- Server resident memory (VmRSS, process tree): {mib(idle_kb)} at start, max sampled "
        f"{mib(sampler.max_kb())}, VmHWM {mib(sampler.hwm_kb())}; server CPU {cpu1 - cpu0:.1f} s during the "
        f"measurement ({(cpu1 - cpu0) / max(n_runs, 1):.2f} s per run)."
        if sampler.pids else "- Server memory and CPU: not sampled (no --pid)",
        f"- Load average (1 min): {load0:.2f} before, {load1:.2f} after (shared machine: other work inflates "
        "the figures).",
    ]
    print("\n".join(facts))
    mode = "memory after every page (`--rss-visits`)" if args.rss_visits else "concurrent sessions"
    if not args.no_readme:
        common.append_readme(f"load, {mode} (`bench/load.py`)", facts + [""] + lines)
    return 0 if ok else 1


async def load_mode(args, rng, ws_urls, sampler, servers, lines) -> tuple[bool, int]:
    views = common.pool(rng, args.pool, args.pages)
    print(f"load: {args.sessions} sessions × {args.duration:.0f} s × {args.repeat} round(s), {len(views)} views "
          f"over {len(args.pages)} pages (seed {args.load_seed})")
    done_before: dict[View, float] = {}
    everything: list[Visit] = []
    rounds = []
    for r in range(args.repeat):
        visits, elapsed = await load_round(ws_urls, views, args.sessions, args.duration, args.timeout,
                                           args.load_seed + r, done_before, args.think)
        # done_before holds perf_counter times; a later round sees every view completed so far as seen
        s = summarize(visits)
        s["elapsed"], s["throughput"] = elapsed, s["ok"] / elapsed
        rounds.append(s)
        everything += visits
        print(f"round {r + 1}: {s['n']} visits in {elapsed:.1f} s ({s['throughput']:.2f}/s), run p50 "
              f"{fmt_ms(s['p50'])} ms, p95 {fmt_ms(s['p95'])} ms, max {fmt_ms(s['max'])} ms, {s['errors']} errors")
    total = summarize(everything)
    connect = [v.connect_ms for v in everything if v.connect_ms == v.connect_ms]
    messages = [m for v in everything for m in v.errors]
    pnf = sum(1 for v in everything if v.run and v.run.page_not_found)
    log_failures = sum(server.log_failures() for server in servers) if servers else None
    met = total["p95"] < TARGET_P95_MS and not messages
    pause = (f"then waits a random time (exponential, mean {args.think:g} s) before the next" if args.think > 0
             else "and the next starts at once (no pause: the stress figure)")
    lines += [f"{args.sessions} sessions, {args.duration:.0f} s × {args.repeat} round(s), {len(ws_urls)} server "
              f"process(es); each visit opens a session on a view drawn from {len(views)} (page + filter set; seed "
              f"{args.load_seed}), times `rerun_script` → `script_finished` and closes, {pause}.", ""]
    for i, s in enumerate(rounds, 1):
        lines.append(f"- Round {i}: {s['n']} visits in {s['elapsed']:.1f} s = {s['throughput']:.2f} visits/s; run "
                     f"p50 {fmt_ms(s['p50'])} ms, p95 {fmt_ms(s['p95'])} ms, max {fmt_ms(s['max'])} ms; "
                     f"{s['errors']} errors.")
    lines.append(f"- Connect (websocket handshake): p50 {fmt_ms(pct(connect, 50))} ms, p95 "
                 f"{fmt_ms(pct(connect, 95))} ms.")
    lines.append(f"- Errors: {len(messages)} in {total['failed']} visits"
                 + (f"; the server log has {log_failures} failed runs since the start (warm-up included)"
                    if log_failures is not None else "")
                 + (f"; 'page not found' (harmless first-run notice) {pnf}×" if pnf else "") + ".")
    lines += error_lines(messages)
    lines += ["", *page_table(everything, args.pages), ""]
    lines.append(f"Target (20 sessions changing filters for a minute: p95 < 2 s, no error): p95 "
                 f"{fmt_ms(total['p95'])} ms, {len(messages)} errors — **{'met' if met else 'not met'}**"
                 + ("" if args.sessions >= 20 and args.duration >= 60 else
                    f" (with {args.sessions} sessions for {args.duration:.0f} s, not the target's 20 for 60 s)")
                 + ".")
    print("\n".join(lines))
    return met, total["ok"]


async def rss_mode(args, rng, ws_urls, sampler, lines) -> tuple[bool, int]:
    codes = common.current_unit_codes()
    ok, n_runs = True, 0
    for r in range(args.repeat):
        seen = set()
        views = []
        while len(views) < args.sessions:          # its own filter set for each session
            page = args.pages[len(views) % len(args.pages)]
            v = View(page, common.random_query(rng, page, codes))
            if v not in seen:
                seen.add(v)
                views.append(v)
        res = await rss_round(ws_urls, views, args.pages, args.timeout, sampler, settle=2.0)
        runs = [run.ms for _, run in res["runs"]]
        n_runs += len(runs)
        met = (res["open_kb"] * 1024 < TARGET_RSS_BYTES and not res["errors"]
               and len(runs) == res["sessions"] * res["pages"])
        ok &= met
        line = (f"- Round {r + 1}: {res['sessions']} sessions × {res['pages']} pages = {len(runs)} runs in "
                f"{res['elapsed']:.1f} s (run p50 {fmt_ms(pct(runs, 50))} ms, p95 {fmt_ms(pct(runs, 95))} ms, "
                f"max {fmt_ms(max(runs, default=float('nan')))} ms); {len(res['errors'])} errors; server RSS with "
                f"the sessions open {mib(res['open_kb'])} ({res['open_kb'] * 1024 / 1e9:.2f} GB), after they closed {mib(res['closed_kb'])}, max sampled "
                f"so far {mib(sampler.max_kb())}.")
        print(line)
        lines.append(line)
        lines += error_lines(res["errors"])
    lines.append("")
    lines.append(f"Target (resident memory < 1,5 GB after {args.sessions} sessions have each visited every page "
                 f"with their own filters): **{'met' if ok else 'not met'}**"
                 + ("" if args.sessions >= 20 else f" (with {args.sessions} sessions, not the target's 20)") + ".")
    print(lines[-1])
    return ok, n_runs


def _streamlit_version() -> str:
    import streamlit

    return streamlit.__version__


def main(argv=None) -> int:
    return asyncio.run(amain(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
