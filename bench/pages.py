"""Every query each analysis page issues, timed, with the blocks the pages declare (``ui.views``).

    python bench/pages.py [--scale 1 | --db PATH] [--sets 5] [--repeat 5] [--no-readme]
    python bench/pages.py --scale 200 --pages /,/so-sanh --sets 10

For each page (``ui.views.<page>``: the same declarations ``pages/*.py`` draw) and each filter set (the default
view, then ``--sets`` random ones from bench.common's pool, seed ``--view-seed``): build the view from the URL's
parameters (``ui.blocks.build_view``, the filter bar's parsing and the page's adjustments), resolve every block
(``ui.blocks.resolve``: queries and figures, as the page does) through a reader that times each distinct query
(``ui.blocks.DirectReader`` memoises per page run as the app's cache does within a data version), ``--repeat``
times with a fresh reader (uncached: a first view). The reference (units, coverage) is read once, as the app
caches it per data version; who reported (``builder.reported``) once per unit filter — by the warm-up run of the
first filter set with those units —, as the app's cache keeps it for every later view with the same units.

Prints, per page: queries per view, every query's p50/p95, the slowest query (by its p95 over every filter set
and run), the page's queries together and the blocks resolved (queries + figures) p50/p95, and of that the time
spent building the figures (the blocks' ``figure`` functions: Plotly, no SQL); and the slowest queries overall. Issue 13's targets (at --scale 200): every query a page issues p95 < 50 ms; the whole
Overview's queries together < 150 ms. Exits 1 when they are missed.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import importlib
import pstats
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import common  # noqa: E402
from bench.common import PAGE_NAMES, PAGES, fmt_ms, pct  # noqa: E402
from data import db  # noqa: E402
from ui import blocks, store  # noqa: E402

TARGET_QUERY_MS = 50.0
TARGET_OVERVIEW_MS = 150.0
VIEW_MODULES = {"": "overview", "kenh-thong-tin": "channels", "luc-luong": "teams", "hoat-dong": "activities",
                "cuoc-thi": "contests", "so-sanh": "compare"}


class TimingReader(blocks.DirectReader):
    """A DirectReader that records how long each distinct query took (a repeated one is served from the memo,
    as from the app's cache)."""

    def __init__(self, con, ref: dict, log: list):
        super().__init__(con)
        self._memo["ref"] = ref
        self.log = log

    # who reported (builder.reported), per unit filter: the app's cache keeps it for the data version, so it is
    # read by the first view of a unit filter (here the warm-up run of a filter set) and not by the views after it
    reported: dict = {}

    def _memoised(self, key, fn):
        if key[0] == "reported":        # inside a query: part of that query's time when it is read
            if key not in self.reported:
                self.reported[key] = fn()
            return self.reported[key]
        if key not in self._memo:
            t0 = time.perf_counter()
            self._memo[key] = fn()
            self.log.append((key, (time.perf_counter() - t0) * 1000))
        return self._memo[key]


def label(key, view_filters) -> str:
    """A query's name within its page: kind, metrics, dimensions, and whether it narrows the view's filters."""
    kind = key[0]
    if kind == "read":
        return f"read {key[1].rsplit('.', 1)[-1]}"
    metrics = list(key[1])
    shown = ",".join(metrics[:3]) + (f",+{len(metrics) - 3}" if len(metrics) > 3 else "")
    text = f"{kind} [{shown}]"
    if kind in ("totals", "series"):
        by, f = key[2], key[3]
        text += f" by {','.join(by)}" if by else ""
        if f != view_filters:
            changed = [name for name in ("units", "start", "end", "grain", "compare", "boundary", "platforms")
                       if getattr(f, name) != getattr(view_filters, name)]
            text += f" ({', '.join(changed)} changed)"
    return text


def run_view(con, ref, decl, params: dict) -> tuple[list, float, object, float]:
    """One uncached page run: the (key, ms) of every distinct query, the whole resolve time, the view, and the ms
    of it spent building the blocks' figures (their ``figure`` functions: Plotly, not SQL)."""
    log: list = []
    figures = [0.0]

    def timed(fn):
        def build(df, view):
            t = time.perf_counter()
            try:
                return fn(df, view)
            finally:
                figures[0] += (time.perf_counter() - t) * 1000
        return build

    reader = TimingReader(con, ref, log)
    t0 = time.perf_counter()
    view = blocks.build_view(decl, params, reader)
    for block in blocks.flatten(decl.layout(view)):
        blocks.resolve(dataclasses.replace(block, figure=timed(block.figure)) if block.figure else block, view)
    return log, (time.perf_counter() - t0) * 1000, view, figures[0]


def profile_page(con, ref, page: str, queries: list[str], top: int = 12) -> tuple[Path, list[str]]:
    """One more uncached run per filter set under cProfile (after the timed runs, so they stay clean): the
    stats file and the functions with the most own time."""
    decl = importlib.import_module(f"ui.views.{VIEW_MODULES[page]}")
    prof = cProfile.Profile()
    for query in queries:
        params = dict(parse_qsl(query))
        prof.enable()
        run_view(con, ref, decl, params)
        prof.disable()
    path = common.OUT / f"profile-pages-{VIEW_MODULES[page]}.pstats"
    prof.dump_stats(path)
    stats = pstats.Stats(prof)
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:top]   # (cc, nc, tt, ct, callers)
    lines = []
    for (file, line, name), (_, calls, own, cum, _) in rows:
        where = file.replace(str(ROOT) + "/", "").split("site-packages/")[-1]
        lines.append(f"  - {own * 1000:.0f} ms own, {cum * 1000:.0f} ms cumulative, {calls} calls: "
                     f"`{where}:{line}({name})`")
    return path, lines


def measure_page(con, ref, page: str, queries: list[str], repeat: int) -> dict:
    decl = importlib.import_module(f"ui.views.{VIEW_MODULES[page]}")
    per_label = defaultdict(list)           # label -> ms of every execution
    totals, resolves, counts, figures = [], [], [], []
    for query in queries:
        params = dict(parse_qsl(query))
        run_view(con, ref, decl, params)    # warm-up: imports, the first figure of a kind
        for _ in range(repeat):
            log, resolve_ms, view, figures_ms = run_view(con, ref, decl, params)
            for key, ms in log:
                per_label[label(key, view.filters)].append(ms)
            totals.append(sum(ms for _, ms in log))
            resolves.append(resolve_ms)
            counts.append(len(log))
            figures.append(figures_ms)
    return {"page": page, "per_label": dict(per_label), "totals": totals, "resolves": resolves, "counts": counts,
            "figures": figures, "views": len(queries)}


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Targets (issue 13, at --scale 200): every query a page issues p95 < 50 ms; "
                                        "the whole Overview's queries together < 150 ms.")
    common.add_db_args(ap, default_scale=1)
    ap.add_argument("--sets", type=int, default=5, help="random filter sets per page besides the default (5)")
    ap.add_argument("--repeat", type=int, default=5, help="uncached runs per filter set (default 5)")
    ap.add_argument("--pages", default=",".join(p or "/" for p in PAGES),
                    help="comma-separated url paths (default the six analysis pages)")
    ap.add_argument("--view-seed", type=int, default=31, help="seed of the random filter sets")
    ap.add_argument("--profile", action="store_true",
                    help="then one more run per filter set under cProfile: bench/out/profile-pages-<page>.pstats "
                         "and the functions with the most own time")
    ap.add_argument("--no-readme", action="store_true", help="do not append the results to bench/README.md")
    args = ap.parse_args(argv)
    if args.sets < 0 or args.repeat < 1:
        ap.error("--sets must be >= 0 and --repeat >= 1")
    args.pages = common.page_paths(ap, args.pages)
    return args


def _collector() -> str:
    import gc
    return f"young threshold {gc.get_threshold()[0]}, {gc.get_freeze_count()} objects frozen"


def main(argv=None) -> int:
    args = parse_args(argv)
    common.OUT.mkdir(parents=True, exist_ok=True)
    mach = common.machine()
    print(common.header(mach))
    path, build = common.resolve_db(args)
    rng = random.Random(args.view_seed)
    codes = common.current_unit_codes()
    load0 = common.loadavg()
    con = db.connect(path, read_only=True)
    try:
        t0 = time.perf_counter()
        ref = blocks.reference_of(con)
        ref_ms = (time.perf_counter() - t0) * 1000
        store.settle_heap()     # Python's collector as the app's server sets it after its first run
        results = []
        for page in args.pages:
            queries = [""] + [common.random_query(rng, page, codes) for _ in range(args.sets)]
            r = measure_page(con, ref, page, queries, args.repeat)
            if args.profile:
                r["profile"] = profile_page(con, ref, page, queries)
            results.append(r)
            worst = max(r["per_label"].items(), key=lambda kv: pct(kv[1], 95))
            print(f"{PAGE_NAMES[page]}: {r['views']} filter sets × {args.repeat}: queries together p50 "
                  f"{pct(r['totals'], 50):.0f} ms, p95 {pct(r['totals'], 95):.0f} ms; blocks resolved p95 "
                  f"{pct(r['resolves'], 95):.0f} ms; slowest query {worst[0]} p95 {pct(worst[1], 95):.0f} ms",
                  flush=True)
    finally:
        con.close()
    load1 = common.loadavg()

    lines = ["| page | queries per view | every query p50 ms | every query p95 ms | slowest query (p95 ms) | "
             "queries together p50 / p95 ms | blocks resolved p50 / p95 ms | of which figures p50 / p95 ms |",
             "|---|---:|---:|---:|---|---:|---:|---:|"]
    slots = []
    met = True
    for r in results:
        every = [ms for v in r["per_label"].values() for ms in v]
        worst = max(r["per_label"].items(), key=lambda kv: pct(kv[1], 95))
        slots += [(pct(v, 95), PAGE_NAMES[r["page"]], k, len(v)) for k, v in r["per_label"].items()]
        met &= pct(worst[1], 95) < TARGET_QUERY_MS
        if r["page"] == "":
            met &= pct(r["totals"], 95) < TARGET_OVERVIEW_MS
        lines.append(f"| {PAGE_NAMES[r['page']]} | {pct(r['counts'], 50):.0f} | {fmt_ms(pct(every, 50))} | "
                     f"{fmt_ms(pct(every, 95))} | `{worst[0]}` ({pct(worst[1], 95):.0f}) | "
                     f"{fmt_ms(pct(r['totals'], 50))} / {fmt_ms(pct(r['totals'], 95))} | "
                     f"{fmt_ms(pct(r['resolves'], 50))} / {fmt_ms(pct(r['resolves'], 95))} | "
                     f"{fmt_ms(pct(r['figures'], 50))} / {fmt_ms(pct(r['figures'], 95))} |")
    slots.sort(reverse=True)
    lines += ["", "Slowest queries (p95 over every filter set and run; n = executions):", ""]
    lines += [f"- {p95:.0f} ms — {page}: `{name}` (n {n})" for p95, page, name, n in slots[:10]]
    for r in results:
        if "profile" in r:
            stats_path, top = r["profile"]      # not ``path``: the database's, named in the facts below
            lines += ["", f"{PAGE_NAMES[r['page']]}: where the time goes (cProfile of one more run per filter set, "
                          f"`{stats_path.relative_to(ROOT)}`; own time):", *top]
    overview = next((r for r in results if r["page"] == ""), None)
    lines += ["", f"Targets (issue 13, at --scale 200): every query a page issues p95 < 50 ms — slowest "
              f"{slots[0][0]:.0f} ms" + (f"; the Overview's queries together p95 < 150 ms — "
                                          f"{pct(overview['totals'], 95):.0f} ms" if overview else "")
              + f": **{'met' if met else 'not met'}**."]
    facts = [common.machine_line(mach), common.db_line(path, build),
             f"- Each page: the default view and {args.sets} random filter sets (seed {args.view_seed}), one warm-up "
             f"and {args.repeat} uncached runs each (`ui.blocks.build_view` + `resolve` of every block, a fresh "
             f"reader per run); the reference read once ({ref_ms:.0f} ms; the app caches it per data version), who "
             "reported once per unit filter (by the warm-up run; the app caches it per data version and unit filter); "
             f"Python's collector as the app's server sets it (`ui.store.settle_heap`: {_collector()}).",
             f"- Load average (1 min): {load0:.2f} before, {load1:.2f} after (shared machine: other work inflates "
             "the figures).", ""]
    print("\n".join(facts + lines))
    if not args.no_readme:
        common.append_readme("every query of every page (`bench/pages.py`)", facts + lines)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
