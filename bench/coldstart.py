"""Cold start and page views as a user sees them: headless Chromium (Debian's, through Playwright).

    python bench/coldstart.py [--scale 1 | --db PATH] [--repeat 5] [--no-readme]
    python bench/coldstart.py --skip-cold --pages /,/so-sanh --repeat 3      # the page views only
    python bench/coldstart.py --skip-cold --skip-views --contexts 10          # how many browser contexts fit

1. Cold start, ``--repeat`` times: start ``streamlit run dashboard.py`` on the (already built) database, poll
   ``/_stcore/health``, open ``/`` in a fresh browser context and wait until the Overview is fully drawn;
   time from the server process's start (target < 3 s). The browser is already running, as a user's is.
   Beside it in every round (``--skip-floor`` to leave out): the stack's floor, ``bench/floor_app.py`` (one
   Plotly chart, nothing of the dashboard) started and opened the same way, and the dashboard's server alone
   (its first run of ``/`` for Streamlit's websocket protocol, no browser on the machine) — the browser here
   shares the server's two cores, a user's does not.
2. Page views on one server: for every analysis page, ``--repeat`` filter sets never opened before on this
   server: open the page's URL in a new tab and wait until it is fully drawn (first view of a new filter set,
   target p95 < 1 s), then the same URL in another new tab (a cached view, target p95 < 300 ms).
3. Clicks in an open tab, on the same server: every page opened once at its default view, then its grain chosen
   in the filter bar (quarter, half, year: filter sets never drawn before on this server), then quarter and month
   in turn ``--cached-clicks`` times (default 6: cached views); time from the click on the option to the page
   fully drawn. This is
   what a user does; the new tabs of 2. also pay for loading Streamlit's frontend.
4. ``--contexts N`` (optional): N browser contexts each drawing the Overview, then all reloaded at once:
   Chromium's memory (PSS) and CPU per context, to show how many fit beside the server on this machine.

"Fully drawn": the app's script state is ``notRunning`` (``data-test-script-state`` on ``stApp``), the
status widget (``stStatusWidget``) is gone, no skeleton is left, every chart (``ui.chart``'s ``.tg-chart``; the
floor app's ``stPlotlyChart``) is drawn (holds Plotly's ``.main-svg``), and neither the counts of charts and elements nor anything else in the
document changed for ``--stable-ms`` (a MutationObserver in the page); the time is the page's last change before
that quiet spell. The last change matters: when a chart's figure changes, Streamlit's frontend mounts a new chart
(its element id follows the figure) and Plotly draws it after the script state is already ``notRunning``, while
the old chart's ``.main-svg`` still answers the other conditions (until 12/2026 this benchmark stopped there and
under-counted clicks whose charts change by ~100–150 ms). The app's own chart (``ui.chart``, 12/2026) is updated
in place, which the same observer sees.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from bench.common import PAGE_NAMES, PAGES, View, fmt_ms, pct  # noqa: E402

TARGET_COLD_S = 3.0
TARGET_FIRST_MS = 1000.0
TARGET_CACHED_MS = 300.0
FLOOR_APP = "bench/floor_app.py"
VIEWPORT = {"width": 1366, "height": 768}

STATE_JS = """() => {
  if (window.__benchChanged === undefined) {
    window.__benchChanged = performance.now();
    new MutationObserver((records) => {
      // not drawing: a select box's screen-reader announcement ("4 options available.") cleared ~0,5 s after a
      // choice, and Plotly's hidden text-measuring svg
      if (records.some((r) => {
        const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        return !(el && el.closest('[aria-live], #js-plotly-tester'));
      })) window.__benchChanged = performance.now();
    }).observe(document.documentElement, {subtree: true, childList: true, attributes: true, characterData: true});
  }
  const app = document.querySelector('[data-testid="stApp"]');
  const plots = [...document.querySelectorAll('.tg-chart, [data-testid="stPlotlyChart"]')];
  return {
    state: app ? app.getAttribute('data-test-script-state') : null,
    status: document.querySelector('[data-testid="stStatusWidget"]') !== null,
    skeletons: document.querySelectorAll('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]').length,
    charts: plots.length,
    drawn: plots.filter(p => p.querySelector('.main-svg')).length,
    elements: document.querySelectorAll('[data-testid="stElementContainer"]').length,
    exceptions: document.querySelectorAll('[data-testid="stException"]').length,
    errors: document.querySelectorAll('[data-testid="stAlertContentError"]').length,
    quiet: performance.now() - window.__benchChanged,
  };
}"""


def drawn(s: dict | None) -> bool:
    # elements: a new tab's shell is "not running", with nothing in it, before its websocket opens
    return bool(s) and s["state"] == "notRunning" and not s["status"] and not s["skeletons"] \
        and s["drawn"] == s["charts"] and s["elements"] > 0


class Waiter:
    """Polls one tab until it is fully drawn (see the module docstring)."""

    def __init__(self, page, t0: float, stable_ms: float):
        self.page, self.t0, self.stable = page, t0, stable_ms / 1000
        self.since: float | None = None     # perf_counter when the current drawn state began
        self.key = None
        self.state: dict | None = None
        self.done_at: float | None = None
        self.script_at: float | None = None   # when the script run had first finished (the server's part)

    def poll(self) -> bool:
        if self.done_at is not None:
            return True
        now = time.perf_counter()
        try:
            s = self.page.evaluate(STATE_JS)
        except Exception:              # navigation in progress: the document is being replaced
            s = None
        back = time.perf_counter()     # the page answered just before: its "quiet" counts back from here
        self.state = s
        if s and s["state"] == "notRunning" and self.script_at is None:
            self.script_at = now
        key = (s["charts"], s["elements"]) if s else None
        if drawn(s):
            if self.since is None or key != self.key:
                self.since, self.key = now, key
            # the page's last change, counted back on this clock from the page's own (not its epoch time: Chromium's
            # timeOrigin can stray from the system clock); a change after the click, or the page is not drawn anew yet
            changed = back - s["quiet"] / 1000
            if changed <= self.t0:
                # nothing has changed since the click (or the start): the page is not drawn anew yet, whatever it
                # shows (a full run at scale 200 once timed every Overview click "0 ms" this way)
                return False
            if now - max(self.since, changed) >= self.stable:
                self.done_at = changed
                return True
        else:
            self.since = None
        return False

    @property
    def ms(self) -> float:
        return (self.done_at - self.t0) * 1000

    @property
    def script_ms(self) -> float:
        return (self.script_at - self.t0) * 1000


def wait_drawn(waiters: list[Waiter], timeout: float, every: float = 0.025) -> None:
    deadline = time.perf_counter() + timeout
    while not all(w.poll() for w in waiters):
        if time.perf_counter() > deadline:
            late = [w for w in waiters if w.done_at is None]
            raise TimeoutError(f"{len(late)} tab(s) not drawn within {timeout:.0f} s; last state {late[0].state}")
        time.sleep(every)


def open_and_wait(context, url: str, timeout: float, stable_ms: float) -> Waiter:
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    w = Waiter(page, t0, stable_ms)
    try:
        wait_drawn([w], timeout)
    finally:
        page.close()
    return w


# ---- phases ---------------------------------------------------------------------------------------

def chromium_start(browser, server, args) -> tuple[float, Waiter, int]:
    """Start ``server``, open ``/`` in a fresh browser context, wait until drawn: (healthy s, the waiter, RSS KiB)."""
    context = browser.new_context(viewport=VIEWPORT)
    server.start()
    try:
        health = server.wait_healthy(args.timeout)
        page = context.new_page()
        page.goto(server.base + "/", wait_until="commit")
        w = Waiter(page, server.started_at, args.stable_ms)
        wait_drawn([w], args.timeout)
        rss = common.tree_rss_kb(server.pid)
    finally:
        server.stop()
        context.close()
    return health, w, rss


def server_alone(path: Path, args) -> float:
    """Seconds from the server process's start to its first run of ``/`` finished, with no browser on the machine:
    the client speaks Streamlit's websocket protocol (``bench/load.py``) and draws nothing."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from bench import load

    server = common.Server(path, read_only=not args.read_write)
    server.start()
    try:
        server.wait_healthy(args.timeout)
        with ThreadPoolExecutor(1) as pool:     # Playwright's sync API holds this thread's event loop
            _, run, error = pool.submit(asyncio.run, load.visit_once(common.ws_url(server.base), View("", ""),
                                                                     args.timeout)).result()
        if error or run is None or run.errors:
            raise SystemExit(f"the server alone: {error or (run.errors if run else 'no run')}")
        return time.perf_counter() - server.started_at
    finally:
        server.stop()


def cold_starts(browser, path: Path, args) -> list[dict]:
    """``--repeat`` rounds; each: the dashboard in Chromium (the target), then — unless ``--skip-floor`` — the
    stack's floor (``bench/floor_app.py`` in the same Chromium) and the dashboard's server alone."""
    out = []
    for i in range(args.repeat):
        health, w, rss = chromium_start(browser, common.Server(path, read_only=not args.read_write), args)
        r = {"health_s": health, "drawn_s": w.ms / 1000, "script_s": w.script_ms / 1000, "charts": w.state["charts"],
             "rss_kb": rss, "errors": w.state["exceptions"] + w.state["errors"]}
        line = (f"cold start {i + 1}: healthy {health:.2f} s, script done {r['script_s']:.2f} s, Overview drawn "
                f"{r['drawn_s']:.2f} s after the process started ({r['charts']} charts, {r['errors']} errors; server "
                f"RSS {rss / 1024:.0f} MiB)")
        if not args.skip_floor:
            _, fw, _ = chromium_start(browser, common.Server(path, script=FLOOR_APP), args)
            r["floor_s"] = fw.ms / 1000
            r["alone_s"] = server_alone(path, args)
            line += f"; the floor app drawn {r['floor_s']:.2f} s; the server alone {r['alone_s']:.2f} s"
        print(line, flush=True)
        out.append(r)
    return out


def cold_lines(cold: list[dict], args) -> tuple[list[str], bool]:
    """The cold start's report: the target's figure, and the floor and the server alone measured beside it."""
    drawn_s = [r["drawn_s"] for r in cold]
    met = pct(drawn_s, 95) < TARGET_COLD_S and not any(r["errors"] for r in cold)
    lines = [f"Cold start (server process start → first Overview drawn), {args.repeat} runs: p50 "
             f"{pct(drawn_s, 50):.2f} s, p95 {pct(drawn_s, 95):.2f} s, max {max(drawn_s):.2f} s "
             f"(healthy after p50 {pct([r['health_s'] for r in cold], 50):.2f} s, first script run "
             f"finished after p50 {pct([r['script_s'] for r in cold], 50):.2f} s; "
             f"{cold[0]['charts']} charts; {sum(r['errors'] for r in cold)} errors; server RSS when "
             f"drawn p50 {pct([r['rss_kb'] for r in cold], 50) / 1024:.0f} MiB). Target < 3 s: "
             f"**{'met' if met else 'not met'}**."]
    if "floor_s" in cold[0]:
        floor = [r["floor_s"] for r in cold]
        alone = [r["alone_s"] for r in cold]
        lines += ["", f"Beside it, in the same rounds: the stack's floor — `bench/floor_app.py`, a Streamlit page "
                  f"with one Plotly chart and nothing of the dashboard, started and opened the same way — drawn after "
                  f"p50 {pct(floor, 50):.2f} s (p95 {pct(floor, 95):.2f} s); the dashboard's server alone (no browser "
                  f"on the machine; Streamlit's websocket protocol opens `/`), process start → first run finished "
                  f"p50 {pct(alone, 50):.2f} s (p95 {pct(alone, 95):.2f} s)."]
    return lines + [""], met


def page_views(browser, server, args) -> tuple[dict, list[dict]]:
    context = browser.new_context(viewport=VIEWPORT)
    rng = random.Random(args.view_seed)
    codes = common.current_unit_codes()
    try:
        warm = open_and_wait(context, server.base + "/", args.timeout, args.stable_ms)
        print(f"warm-up: / drawn in {warm.ms:.0f} ms (a new session of a fresh server; not counted)", flush=True)
        seen = {View("", "")}
        rows = []
        for page in args.pages:
            for _ in range(args.repeat):
                view = View(page, common.random_query(rng, page, codes))
                while view in seen:
                    view = View(page, common.random_query(rng, page, codes))
                seen.add(view)
                url = server.base + view.url_path
                first = open_and_wait(context, url, args.timeout, args.stable_ms)
                cached = open_and_wait(context, url, args.timeout, args.stable_ms)
                pair = [timing(page, kind, w) for kind, w in (("first", first), ("cached", cached))]
                errors = sum(r["errors"] for r in pair)
                print(f"{view.url_path}: first {first.ms:.0f} ms (script done {first.script_ms:.0f}), cached "
                      f"{cached.ms:.0f} ms (script done {cached.script_ms:.0f}), {pair[0]['charts']} charts"
                      + (f", {errors} errors" if errors else ""), flush=True)
                rows += pair
    finally:
        context.close()
    return {"warm_ms": warm.ms}, rows


# Counts the script runs that start in a tab (the app's script state turning to anything but notRunning), so a
# click's rerun is seen even when it finishes between two polls.
RUNS_JS = """() => {
  if (window.__benchRuns !== undefined) return;
  window.__benchRuns = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') !== 'notRunning') window.__benchRuns++;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
RETRY_S = 5.0
FIRST_CLICKS = (("quarter", "first"), ("half", "first"), ("year", "first"))


def click_plan(cached: int) -> list[tuple[str, str]]:
    """The grains chosen in an open tab: three never drawn on this server, then ``cached`` alternating between
    quarter and month (both drawn before: cached views)."""
    return [*FIRST_CLICKS, *((("quarter", "month")[i % 2], "cached") for i in range(cached))]


def choose_grain(page, grain: str, timeout: float, stable_ms: float) -> Waiter:
    """Choose ``grain`` in the filter bar's grain box (as a user clicks it) and wait until the page is drawn again;
    the time runs from the click on the option."""
    from ui.messages import t

    deadline = time.perf_counter() + timeout
    runs = page.evaluate("() => window.__benchRuns")
    while True:
        # under load Streamlit's frontend may drop a choice made as it settles after a run (tests/browser's
        # conftest.until_rerun): a user chooses again, so does this, timing from the last click
        option = page.get_by_role("option", name=t(f"grain.{grain}", "vi"), exact=True)
        if not option.is_visible():             # the list may still be open after a lost choice
            page.locator('.st-key-f_grain button[aria-haspopup="listbox"]').click()
        option.wait_for(timeout=timeout * 1000)
        t0 = time.perf_counter()
        option.click()
        again = time.perf_counter() + RETRY_S
        while page.evaluate("() => window.__benchRuns") == runs and time.perf_counter() < min(again, deadline):
            time.sleep(0.01)
        if page.evaluate("() => window.__benchRuns") != runs:
            break
        if time.perf_counter() > deadline:
            raise TimeoutError(f"choosing {grain} started no run within {timeout:.0f} s")
        print(f"  (choosing {grain} started no run within {RETRY_S:.0f} s: chosen again)", flush=True)
    w = Waiter(page, t0, stable_ms)
    wait_drawn([w], timeout)
    return w


def clicks(browser, server, args) -> list[dict]:
    context = browser.new_context(viewport=VIEWPORT)
    rows = []
    try:
        for path in args.pages:
            page = context.new_page()
            try:
                page.goto(server.base + "/" + path, wait_until="commit")
                w = Waiter(page, time.perf_counter(), args.stable_ms)
                wait_drawn([w], args.timeout)
                page.evaluate(RUNS_JS)
                for grain, kind in click_plan(args.cached_clicks):
                    w = choose_grain(page, grain, args.timeout, args.stable_ms)
                    row = timing(path, kind, w)
                    print(f"/{path}: grain {grain} ({kind}) drawn {w.ms:.0f} ms after the click (script done "
                          f"{w.script_ms:.0f}), {row['charts']} charts"
                          + (f", {row['errors']} errors" if row["errors"] else ""), flush=True)
                    rows.append(row)
            finally:
                page.close()
    finally:
        context.close()
    return rows


def chromium_processes() -> list[int]:
    """Chromium processes started by this benchmark (below this process: Playwright's driver launches it)."""
    out = []
    for pid in common.descendants(os.getpid()):
        try:
            exe = Path(f"/proc/{pid}/exe").resolve()
        except (FileNotFoundError, PermissionError):
            continue
        if "chromium" in exe.name:
            out.append(pid)
    return out


def contexts_fit(browser, server, args) -> dict:
    """N contexts with the Overview drawn, then all reloaded at once; Chromium's PSS and CPU."""
    before_pids = chromium_processes()
    pss0 = sum(common.pss_kb(p) for p in before_pids)
    cpu0 = sum(common.cpu_seconds(p) for p in chromium_processes())
    contexts, pages = [], []
    for _ in range(args.contexts):
        ctx = browser.new_context(viewport=VIEWPORT)
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(server.base + "/", wait_until="commit")
        wait_drawn([Waiter(page, t0, args.stable_ms)], args.timeout)
        contexts.append(ctx)
        pages.append(page)
    cpu1 = sum(common.cpu_seconds(p) for p in chromium_processes())
    pss1 = sum(common.pss_kb(p) for p in chromium_processes())
    t0 = time.perf_counter()
    waiters = []
    for page in pages:
        page.goto(server.base + "/", wait_until="commit")
        waiters.append(Waiter(page, t0, args.stable_ms))
    try:
        wait_drawn(waiters, args.timeout * 3)
        together = [w.ms for w in waiters]
    except TimeoutError as exc:
        together = [w.ms if w.done_at else float("nan") for w in waiters]
        print(f"contexts: {exc}")
    cpu2 = sum(common.cpu_seconds(p) for p in chromium_processes())
    server_rss = common.tree_rss_kb(server.pid)
    for ctx in contexts:
        ctx.close()
    n = args.contexts
    r = {"n": n, "pss_mib": (pss1 - pss0) / 1024, "per_ctx_mib": (pss1 - pss0) / 1024 / n,
         "cpu_first_s": (cpu1 - cpu0) / n, "cpu_reload_s": (cpu2 - cpu1) / n,
         "together_p50": pct(together, 50), "together_max": max(together), "server_rss_mib": server_rss / 1024}
    print(f"contexts: {n} Overviews open: Chromium PSS +{r['pss_mib']:.0f} MiB ({r['per_ctx_mib']:.0f} MiB each); "
          f"Chromium CPU {r['cpu_first_s']:.2f} s per first draw, {r['cpu_reload_s']:.2f} s per reload; all {n} "
          f"reloaded at once: drawn p50 {fmt_ms(r['together_p50'])} ms, last {fmt_ms(r['together_max'])} ms")
    return r


# ---- report ---------------------------------------------------------------------------------------

def timing(page: str, kind: str, w: Waiter) -> dict:
    """One timed view: the page, 'first' (a filter set never drawn on this server) or 'cached', click or URL → drawn."""
    return {"page": page, "kind": kind, "ms": w.ms, "script_ms": w.script_ms, "charts": w.state["charts"],
            "errors": w.state["exceptions"] + w.state["errors"]}


def timing_table(rows: list[dict], pages) -> tuple[list[str], bool]:
    """Per page (and all): first and cached views, n / p50 / p95 / max ms, the script-done p50s, the charts, the
    errors; whether every page met the targets (first p95 < 1 s, cached p95 < 300 ms, no error)."""
    lines = ["| page | first view: n / p50 / p95 / max ms | cached view: n / p50 / p95 / max ms | script done p50 ms: "
             "first / cached | charts | errors |", "|---|---:|---:|---:|---:|---:|"]
    met = True

    def cell(values: list[float]) -> str:
        return (f"{len(values)} / {fmt_ms(pct(values, 50))} / {fmt_ms(pct(values, 95))} / {fmt_ms(max(values))}"
                if values else "—")

    for page in [*pages, None]:
        rs = [r for r in rows if page is None or r["page"] == page]
        first = [r["ms"] for r in rs if r["kind"] == "first"]
        cached = [r["ms"] for r in rs if r["kind"] == "cached"]
        charts = sorted({r["charts"] for r in rs})
        if page is not None:
            met &= bool(first) and pct(first, 95) < TARGET_FIRST_MS and bool(cached) and pct(cached, 95) < TARGET_CACHED_MS
        lines.append(f"| {'**all**' if page is None else PAGE_NAMES[page]} | {cell(first)} | {cell(cached)} | "
                     f"{fmt_ms(pct([r['script_ms'] for r in rs if r['kind'] == 'first'], 50))} / "
                     f"{fmt_ms(pct([r['script_ms'] for r in rs if r['kind'] == 'cached'], 50))} | "
                     f"{'–'.join(str(c) for c in (charts[0], charts[-1])) if charts else '—'} | "
                     f"{sum(r['errors'] for r in rs)} |")
    met &= not any(r["errors"] for r in rows)
    return lines, met


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Targets (issue 13, at --scale 200): cold start < 3 s; first view of a new "
                                        "filter set p95 < 1 s and a cached view p95 < 300 ms, on every page.")
    common.add_db_args(ap, default_scale=1)
    ap.add_argument("--repeat", type=int, default=5,
                    help="cold starts, and new filter sets per page (default 5)")
    ap.add_argument("--pages", default=",".join(p or "/" for p in PAGES),
                    help="comma-separated url paths for the page views (default the six analysis pages)")
    ap.add_argument("--skip-cold", action="store_true", help="no cold starts")
    ap.add_argument("--skip-floor", action="store_true",
                    help="cold starts without the floor app and the server alone measured beside them")
    ap.add_argument("--skip-views", action="store_true", help="no page views in new tabs")
    ap.add_argument("--skip-clicks", action="store_true", help="no grain chosen in an open tab")
    ap.add_argument("--cached-clicks", type=int, default=6,
                    help="cached views timed per page in an open tab (quarter and month in turn; default 6)")
    ap.add_argument("--contexts", type=int, default=0,
                    help="also measure N browser contexts drawing the Overview at once (default 0: no)")
    ap.add_argument("--view-seed", type=int, default=29, help="seed of the new filter sets")
    ap.add_argument("--stable-ms", type=float, default=500.0,
                    help="how long the drawn state must hold before it counts (default 500 ms; not included)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds a page may take to be drawn")
    ap.add_argument("--read-write", action="store_true",
                    help="start the server without TUYENGIAO_READ_ONLY=1 (the app's default)")
    ap.add_argument("--no-readme", action="store_true", help="do not append the results to bench/README.md")
    args = ap.parse_args(argv)
    if args.repeat < 1 or args.contexts < 0 or args.cached_clicks < 1:
        ap.error("--repeat and --cached-clicks must be >= 1 and --contexts >= 0")
    args.pages = common.page_paths(ap, args.pages)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    from playwright.sync_api import sync_playwright

    common.OUT.mkdir(parents=True, exist_ok=True)
    mach = common.machine()
    print(common.header(mach))
    path, build = common.resolve_db(args)
    load0 = common.loadavg()
    lines: list[str] = []
    ok = True
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=common.CHROMIUM, args=common.CHROMIUM_ARGS)
        chromium = browser.version
        try:
            if not args.skip_cold:
                cold_lines_, met = cold_lines(cold_starts(browser, path, args), args)
                ok &= met
                lines += cold_lines_
            if not args.skip_views or not args.skip_clicks or args.contexts:
                server = common.Server(path, read_only=not args.read_write)
                server.start()
                try:
                    server.wait_healthy(args.timeout)
                    if not args.skip_views:
                        warm, rows = page_views(browser, server, args)
                        table, met = timing_table(rows, args.pages)
                        ok &= met
                        lines += [f"Page views on one server ({args.repeat} new filter sets per page, seed "
                                  f"{args.view_seed}; each opened in a new tab, then again in another new tab; "
                                  f"warm-up `/` {warm['warm_ms']:.0f} ms not counted):", "", *table, "",
                                  f"Targets (every page: first view p95 < 1 s, cached view p95 < 300 ms, no error): "
                                  f"**{'met' if met else 'not met'}**; server RSS at the end "
                                  f"{common.tree_rss_kb(server.pid) / 1024:.0f} MiB.", ""]
                    if not args.skip_clicks:
                        table, met = timing_table(clicks(browser, server, args), args.pages)
                        ok &= met
                        lines += ["Clicks in an open tab on the same server (each page opened once at its default view, "
                                  "then its grain chosen in the filter bar: quarter, half, year — filter sets not "
                                  f"drawn before on this server —, then quarter and month in turn, {args.cached_clicks} "
                                  "times — cached; click on the option → page drawn):", "", *table, "",
                                  f"Targets (every page: first view p95 < 1 s, cached view p95 < 300 ms, no error): "
                                  f"**{'met' if met else 'not met'}**.", ""]
                    if args.contexts:
                        c = contexts_fit(browser, server, args)
                        lines += [f"Browser contexts: {c['n']} contexts with the Overview drawn take "
                                  f"{c['pss_mib']:.0f} MiB of Chromium memory (PSS; {c['per_ctx_mib']:.0f} MiB "
                                  f"each) and {c['cpu_first_s']:.2f} CPU-s of Chromium per first draw, "
                                  f"{c['cpu_reload_s']:.2f} CPU-s per reload; all {c['n']} reloaded at once were "
                                  f"drawn after p50 {fmt_ms(c['together_p50'])} ms, the last after "
                                  f"{fmt_ms(c['together_max'])} ms (server RSS {c['server_rss_mib']:.0f} MiB).", ""]
                finally:
                    server.stop()
        finally:
            browser.close()
    load1 = common.loadavg()
    facts = [common.machine_line(mach, f", Chromium {chromium} (headless, Playwright)"),
             common.db_line(path, build),
             f"- Server: `streamlit run dashboard.py`, {'read-write' if args.read_write else 'TUYENGIAO_READ_ONLY=1'};"
             f" browser viewport 1366×768; drawn = the page's last change (charts redrawn included) before it stayed "
             f"with the script not running, no status widget, every Plotly chart drawn and nothing changing for "
             f"{args.stable_ms:.0f} ms (not counted); script done = the app's script state first "
             "`notRunning` (the run finished and its elements arrived; the rest is drawing in the browser).",
             f"- Load average (1 min): {load0:.2f} before, {load1:.2f} after (shared machine: other work inflates "
             "the figures).", ""]
    print("\n".join(facts + lines))
    if not args.no_readme:
        common.append_readme("cold start and page views in Chromium (`bench/coldstart.py`)", facts + lines)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
