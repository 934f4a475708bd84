"""Benchmark of the exports: a 10-slide deck as PPTX and PDF, and one chart PNG, on the sample database.

    python bench/exports.py [--db PATH] [--repeat 5] [--no-readme]

1. Builds the sample (seed 2024, scale 1) under ``bench/out/`` unless ``--db`` is given, and stores a
   deck of 8 blocks (title + 8 + closing = 10 slides) from the Overview, Channels, Teams and Activities
   pages with Sơn La's Q3/2024 filters — or reuses it.
2. Starts the one Kaleido server (``reports.images.start``; its ~3 s Chromium start is reported apart,
   as the app pays it once per process), then times ``--repeat`` runs of each: the whole deck as PPTX
   (``ui.slides.deck_slides`` + ``reports.pptx_deck.deck_pptx``: every item rebuilt through the query
   builder, native charts, the tile map as a picture) and as PDF (``reports.deck_pdf``), and one chart's
   PNG at 1920 px (``reports.images.png``) after the first. Each deck run uses a fresh reader, so the
   queries are uncached, as for the first download of a deck.
3. Prints min/median/max and the targets (deck < 10 s, PNG < 1 s), and appends a dated section to
   ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from data import commands, decks  # noqa: E402
from queries import decks as deck_queries  # noqa: E402

DECK = "Bench: 10 trang chiếu"
Q3 = {"unit": "14", "from": "2024-07", "to": "2024-09", "grain": "quarter"}
ITEMS = [("overview", "kpis"), ("overview", "trend"), ("overview", "ranking"), ("overview", "map"),
         ("channels", "mix"), ("channels", "flows"), ("teams", "kpis"), ("activities", "kpis")]


def _database(path: Path | None) -> Path:
    if path is None:
        path = ROOT / "bench" / "out" / "exports-sample.duckdb"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            commands.sample(path)
    con = duckdb.connect(str(path))
    try:
        if deck_queries.deck_by_name(con, DECK) is None:
            d = decks.create(con, DECK, actor="bench", place="Sơn La", event_on="2024-10-02")
            for page, block in ITEMS:
                decks.add_item(con, d, page, block, Q3, f"{page}/{block}", actor="bench")
    finally:
        con.close()
    return path


def _stats(xs: list[float]) -> str:
    return f"min {min(xs):.2f} s · median {statistics.median(xs):.2f} s · max {max(xs):.2f} s"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-readme", action="store_true")
    args = ap.parse_args(argv)

    path = _database(args.db)
    from reports import deck_pdf, images, pptx_deck
    from ui import blocks, slides

    t0 = time.perf_counter()
    images.start()
    kaleido_start = time.perf_counter() - t0

    con = duckdb.connect(str(path), read_only=True)
    deck = deck_queries.deck_by_name(con, DECK)
    items = deck_queries.items(con, deck["deck_id"])
    runs = {"pptx": [], "pdf": [], "png": []}
    sizes = {}
    n_slides = 0
    for _ in range(args.repeat):
        for kind in ("pptx", "pdf"):
            cur = con.cursor()
            t0 = time.perf_counter()
            built, meta = slides.deck_slides(deck, items, blocks.DirectReader(cur))
            data = pptx_deck.deck_pptx(built, meta) if kind == "pptx" else deck_pdf.deck_pdf(built, meta)
            runs[kind].append(time.perf_counter() - t0)
            cur.close()
            sizes[kind] = len(data)
            n_slides = len(built)
    figure = next(s.item.figure for s in built if s.item is not None and s.item.figure is not None)
    images.png(figure)                                   # the first image after the server start
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        png = images.png(figure)
        runs["png"].append(time.perf_counter() - t0)
    sizes["png"] = len(png)
    con.close()

    ok_deck = max(runs["pptx"]) < 10 and max(runs["pdf"]) < 10
    ok_png = max(runs["png"]) < 1
    lines = [
        f"- Machine: nproc {os.cpu_count()}, {platform.processor() or platform.machine()}; Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}.",
        f"- Database: {path.name} (sample, scale 1); deck of {n_slides} slides "
        f"({', '.join(f'{p}/{b}' for p, b in ITEMS)}; Sơn La, Q3/2024). {args.repeat} runs each.",
        f"- The first PPTX run includes the one Kaleido server's start (once per process; `images.start()` "
        f"returned in {kaleido_start:.2f} s, Chromium starts with the first image).",
        "",
        "| file | time | size | target |",
        "|---|---|---:|---|",
        f"| deck PPTX ({n_slides} slides, queries uncached) | {_stats(runs['pptx'])} | "
        f"{sizes['pptx'] // 1024} KiB | < 10 s: {'met' if max(runs['pptx']) < 10 else 'NOT met'} |",
        f"| deck PDF ({n_slides} pages, queries uncached) | {_stats(runs['pdf'])} | "
        f"{sizes['pdf'] // 1024} KiB | < 10 s: {'met' if max(runs['pdf']) < 10 else 'NOT met'} |",
        f"| chart PNG 1920 px, after the first | {_stats(runs['png'])} | {sizes['png'] // 1024} KiB | "
        f"< 1 s: {'met' if ok_png else 'NOT met'} |",
    ]
    print("\n".join(lines))
    if not args.no_readme:
        stamp = dt.datetime.now(dt.UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
        with open(ROOT / "bench" / "README.md", "a", encoding="utf-8") as fh:
            fh.write(f"\n## {stamp} — exports (`bench/exports.py`)\n\n" + "\n".join(lines) + "\n")
    return 0 if ok_deck and ok_png else 1


if __name__ == "__main__":
    sys.exit(main())
