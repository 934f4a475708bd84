"""Benchmark of the Overview page: DuckDB through ``queries.builder`` versus the same numbers in pandas.

    python bench/overview.py [--scale 80] [--db PATH] [--repeat 20] [--seed 2024] [--skip-pandas]

1. Builds the scaled sample (``data.commands.sample``) under ``bench/out/`` in a child process, or
   reuses ``--db`` when its ``meta.sample_scale`` matches ``--scale``.
2. Opens it read-only and replays the Overview's queries through ``queries.builder`` exactly as
   ``app_pages/overview.py`` issues them (default chart metrics) and as the app's reader calls the builder
   (whether the rollups match read once, like the app's reference; who reported kept for the page's other
   queries, but read afresh at every page run: a first view), for two filter sets, one warm-up and then
   ``--repeat`` timed page runs: p50/p95 per query and for the whole page (its queries in sequence).
3. Loads the needed tables into pandas once (timed separately) and computes the same results with
   pandas/numpy (flows summed over months, stocks = last snapshot per entity among entities active at
   the period end, active-entity counts, boundaries via the unit lineage), times them the same way and
   asserts that they equal the DuckDB results (all queries, KPI totals included).
4. Peak RSS of the process after the DuckDB phase and after the pandas phase (the build runs in a child).
5. Prints a compact table and appends a dated section to ``bench/README.md``; for queries slower than
   300 ms (p50) it times each source query and saves its ``EXPLAIN ANALYZE`` under ``bench/out/``.

The app caches results per (data version, filters); these are the uncached (first view) costs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import ensure_db, fmt_int, header, machine, pct  # noqa: E402
from data import db  # noqa: E402
from queries import builder, catalogue  # noqa: E402
from ui.filters import Choices, Context, defaults  # noqa: E402
from ui.page import trend_filters  # noqa: E402

OUT = ROOT / "bench" / "out"
README = ROOT / "bench" / "README.md"
SLOW_MS = 300.0
TARGET_MS = 1000.0
ISSUE13_QUERY_MS, ISSUE13_PAGE_MS, ISSUE13_RATIO = 50.0, 150.0, 30.0     # issue 13's targets at scale 200
TABLES = ("units", "channels", "channel_snapshots", "teams", "team_snapshots", "activities",
          "contest_participation", "metric_targets")

# The chart metrics the Overview shows by default (app_pages/overview.py: param(..., default)).
TREND_METRIC, RANK_METRIC, MIX_METRIC, MAP_METRIC = "members", "members", "channels", "members_per_team"


# ---- the database (built or reused by bench.common.ensure_db) --------------------------------------

def row_counts(con) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


# ---- the page -------------------------------------------------------------------------------------

def filter_sets(cov: builder.Coverage) -> list[dict]:
    """The two filter sets: A the default page, B Sơn La in Q3/2024 by quarter (see bench/README.md)."""
    ctx = Context(current_units={}, historical_units={}, merged_into={}, platforms=(),
                  first_month=cov.first, last_month=cov.last)
    return [
        {"name": "A", "filters": defaults(ctx).filters()},
        {"name": "B", "filters": Choices(units=("14",), start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1),
                                         grain="quarter", compare="yoy").filters()},
    ]


def page_calls(f: builder.Filters, first_month: dt.date) -> list[tuple]:
    """(name, shape, metrics, by, filters, ytd) in the order app_pages/overview.py issues them."""
    kpi = list(catalogue.KPI_METRICS)
    calls = [
        ("KPI totals", "totals", kpi, (), f, True),
        ("KPI monthly (sparklines)", "series", kpi, (), replace(f, grain="month", compare="none"), False),
    ]
    if f.start.year == f.end.year:
        calls.append(("targets", "targets", kpi, (), f, False))
    calls += [
        (f"trend ({TREND_METRIC})", "series", [TREND_METRIC], (), trend_filters(f, first_month), False),
        (f"ranking by unit ({RANK_METRIC})", "totals", [RANK_METRIC], ("unit",), replace(f, units=()), False),
        (f"platform mix ({MIX_METRIC})", "totals", [MIX_METRIC], ("platform",), f, False),
        (f"tile map by unit ({MAP_METRIC})", "totals", [MAP_METRIC], ("unit",),
         replace(f, units=(), boundary="current"), False),
    ]
    return calls


class DuckEngine:
    """The builder as the app's reader calls it (``ui.store``): coverage and whether the rollups match the data
    read once per data version (the app's reference), and a memo for what a query shares with the rest of the
    view (who reported) — empty at every page run, as for units never viewed before: the first view's cost."""

    name = "duckdb"

    def __init__(self, con, cov):
        self.con, self.cov = con, cov
        self.rollups = builder.rollups_fresh(con)
        self._memo: dict = {}

    def new_page(self) -> None:
        self._memo = {}

    def _remember(self, key, compute):
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def call(self, shape, metrics, by, f, ytd):
        if shape == "targets":
            return builder.targets(self.con, metrics, f, f.end.year)
        fn = builder.totals if shape == "totals" else builder.series
        return fn(self.con, metrics, list(by), f, cov=self.cov, ytd=ytd, rollups=self.rollups, memo=self._remember)


def run_page(engine, calls) -> tuple[list[float], list]:
    engine.new_page()
    times, results = [], []
    for _, shape, metrics, by, f, ytd in calls:
        t0 = time.perf_counter()
        results.append(engine.call(shape, metrics, by, f, ytd))
        times.append((time.perf_counter() - t0) * 1000)
    return times, results


def time_page(engine, calls, repeat: int) -> tuple[np.ndarray, list]:
    """One warm-up run, then ``repeat`` timed runs; returns (ms array [run, query], warm-up results)."""
    _, results = run_page(engine, calls)
    runs = [run_page(engine, calls)[0] for _ in range(repeat)]
    return np.array(runs), results


# ---- the same page in pandas ----------------------------------------------------------------------

_SUM = re.compile(r"sum\((\w+)\)(?: filter \(where (\w+) = '(\w+)'\))?")
_COALESCE = re.compile(r"coalesce\((.*), 0\)")


def _measure(key: str) -> tuple[str | None, str | None, str | None, bool]:
    """A catalogue metric's SQL aggregate as (column or None for count(*), filter column, filter value,
    NULL -> 0). Any other aggregate is refused, so a catalogue change cannot silently skew the check."""
    expr = catalogue.METRICS[key].expr.strip()
    zero = False
    if m := _COALESCE.fullmatch(expr):
        expr, zero = m.group(1).strip(), True
    if expr == "count(*)":
        return None, None, None, zero
    if m := _SUM.fullmatch(expr):
        return m.group(1), m.group(2), m.group(3), zero
    raise ValueError(f"no pandas rendering for {key}: {catalogue.METRICS[key].expr}")


def _coalesce(df: pd.DataFrame, metric_keys) -> pd.DataFrame:
    """SQL sums of no non-NULL value are NULL (unknown) unless the catalogue coalesces them to 0."""
    for k in metric_keys:
        if _measure(k)[3]:
            df[k] = df[k].fillna(0)
    return df


def _ts(d: dt.date) -> np.datetime64:
    return np.datetime64(d, "us")


class PandasEngine:
    """Overview numbers with pandas/numpy on DataFrames loaded once; the same semantics as the builder.

    Shares with the builder only the period arithmetic (``_periods``/``_buckets``) and the final
    pandas assembly of comparison columns (``_assemble``); every aggregation is done here.
    """

    name = "pandas"
    CATS = ("platform_key", "activity_key", "source_level")

    def __init__(self, con):
        def q(sql):
            df = con.execute(sql).df()
            for col in df.columns:
                if col in self.CATS:
                    df[col] = df[col].astype("category")
                elif col in ("month", "start_on", "end_on", "valid_from", "valid_to"):
                    df[col] = df[col].astype("datetime64[us]")
            return df

        self.units = q("select unit_id, code, level, parent_id, valid_from, valid_to, successor_id from units")
        self.act = q("select month, unit_id, platform_key, activity_key, source_level, quantity, reach "
                     "from activities")
        self.chan = q("select channel_id as entity_id, unit_id, platform_key, opened_on as start_on, "
                      "closed_on as end_on from channels").set_index("entity_id").sort_index()
        self.team = q("select team_id as entity_id, unit_id, founded_on as start_on, disbanded_on as end_on "
                      "from teams").set_index("entity_id").sort_index()
        # sorted by entity then month once, so "last snapshot per entity in a window" is a linear pass
        self.chsnap = q("select channel_id as entity_id, month, followers, posts, interactions "
                        "from channel_snapshots order by channel_id, month")
        self.tmsnap = q("select team_id as entity_id, month, members from team_snapshots order by team_id, month")
        self.cp = q("select month, unit_id, contest_id, nguoi, luot, submissions, awards, registered, valid_entries, "
                    "nguoi_q, luot_q, registered_q, submissions_q, valid_entries_q from contest_participation")
        self.targets_df = q("select metric_key, unit_id, year, target from metric_targets")
        self._lineage()

    def new_page(self) -> None:
        """Nothing is kept from one page run to the next (the tables are loaded once, before timing)."""

    def _lineage(self):
        """unit -> recorded province, today's unit, switch month (the unit_lineage view, as arrays)."""
        u = self.units.set_index("unit_id")
        prov = u["parent_id"].fillna(pd.Series(u.index, index=u.index)).astype("int64")
        succ = u["successor_id"].reindex(prov.values).to_numpy()
        cur = np.where(pd.isna(succ), prov.values, succ).astype("int64")
        switch = np.where(pd.isna(succ), np.datetime64("NaT", "us"),
                          u["valid_to"].reindex(prov.values).to_numpy().astype("datetime64[us]"))
        size = int(u.index.max()) + 1
        self.prov_of = np.zeros(size, dtype=np.int64)
        self.cur_of = np.zeros(size, dtype=np.int64)
        self.switch_of = np.full(size, np.datetime64("NaT", "us"))
        ids = u.index.to_numpy()
        self.prov_of[ids], self.cur_of[ids], self.switch_of[ids] = prov.values, cur, switch
        self.months = (min(self.act.month.min(), self.chsnap.month.min(), self.tmsnap.month.min(), self.cp.month.min()),
                       max(self.act.month.max(), self.chsnap.month.max(), self.tmsnap.month.max(), self.cp.month.max()))

    def coverage(self) -> builder.Coverage:
        return builder.Coverage(self.months[0].date(), self.months[1].date())

    # -- unit mapping and filters --------------------------------------------------------------------

    def _unit_col(self, unit_ids: np.ndarray, at_month: np.ndarray, boundary: str) -> np.ndarray:
        if boundary == "current":
            return self.cur_of[unit_ids]
        sw = self.switch_of[unit_ids]
        return np.where(~np.isnat(sw) & (at_month >= sw), self.cur_of[unit_ids], self.prov_of[unit_ids])

    def _code_ids(self, codes, current_only=False) -> np.ndarray:
        u = self.units
        m = (u["level"] == "tinh") & u["code"].isin(list(codes))
        if current_only:
            m &= u["valid_to"].isna()
        return u.loc[m, "unit_id"].to_numpy()

    def _filter(self, df: pd.DataFrame, source, f: builder.Filters) -> pd.DataFrame:
        """The builder's where clause: units (chosen boundary), scope (today's units), platforms, where."""
        mask = np.ones(len(df), dtype=bool)
        if f.units:
            mask &= np.isin(df["unit_id"].to_numpy(), self._code_ids(f.units))
        if f.scope is not None:
            mask &= np.isin(df["cur_unit_id"].to_numpy(), self._code_ids(f.scope, current_only=True))
        if f.platforms and "platform" in source.dims:
            mask &= df[source.dims["platform"]].isin(list(f.platforms)).to_numpy()
        for dim, vals in f.where:
            if dim in source.dims:
                mask &= df[source.dims[dim]].isin(list(vals)).to_numpy()
        return df if mask.all() else df[mask]

    def _with_units(self, df: pd.DataFrame, unit_ids, at_month, f: builder.Filters) -> pd.DataFrame:
        """Replace the recorded unit by the unit under the chosen boundary (``unit_id``) and today's unit."""
        unit_ids = np.asarray(unit_ids, dtype=np.int64)
        df = df.assign(unit_id=self._unit_col(unit_ids, np.asarray(at_month), f.boundary),
                       cur_unit_id=self.cur_of[unit_ids])
        return df

    # -- row sets per source ------------------------------------------------------------------------

    def _measures(self, df: pd.DataFrame, metric_keys) -> pd.DataFrame:
        cols = {}
        for k in metric_keys:
            col, fcol, fval, _ = _measure(k)
            # count(*), or sum(n) over raw rows, which count one each (``1 as n`` in sql.SOURCE_ROWS)
            values = pd.Series(np.ones(len(df), dtype=np.int64), index=df.index) \
                if col is None or (col == "n" and "n" not in df) else df[col]
            cols[k] = (values if fcol is None else values.where(df[fcol] == fval)).to_numpy()
        return pd.DataFrame(cols, index=df.index)

    def _dims(self, source, by) -> list[tuple[str, str]]:
        """(source column, output column) of the non-unit dimensions."""
        return [(source.dims[d], builder.DIM_COLUMNS[d]) for d in by if d not in ("unit", "period")]

    def _flow(self, source, metric_keys, by, f, buckets) -> pd.DataFrame:
        bm = pd.DataFrame([(b.bucket_id, b.role, _ts(m)) for b in buckets for m in b.window.month_list()],
                          columns=["bucket_id", "role", "month"])
        months = bm["month"].unique()
        key = source.key
        if key == "activities":
            rows = self.act[self.act["month"].isin(months)]
        elif key == "contest_participation":
            rows = self.cp[self.cp["month"].isin(months)]
        elif key == "channel_flows":
            snap = self.chsnap[self.chsnap["month"].isin(months)]
            attrs = self.chan.reindex(snap["entity_id"].to_numpy())
            rows = snap.assign(unit_id=attrs["unit_id"].to_numpy(), platform_key=attrs["platform_key"].to_numpy())
        else:  # channels_opened / _closed, teams_opened / _closed
            ent = self.chan if key.startswith("channels") else self.team
            col = "start_on" if key.endswith("opened") else "end_on"
            ent = ent[ent[col].notna()]
            month = ent[col].dt.to_period("M").dt.start_time.astype("datetime64[us]")
            rows = ent.assign(month=month).reset_index()
            rows = rows[rows["month"].isin(months)]
        rows = self._with_units(rows, rows["unit_id"].to_numpy(), rows["month"].to_numpy(), f)
        rows = self._filter(rows, source, f)
        dims = self._dims(source, by)
        group = ["month"] + (["unit_id"] if "unit" in by else []) + [c for c, _ in dims]
        vals = self._measures(rows, metric_keys)
        # sum per month first (flows are additive), then per bucket
        per_month = pd.concat([rows[group], vals], axis=1).groupby(group, observed=True, sort=False).sum(min_count=1)
        joined = bm.merge(per_month.reset_index(), on="month")
        out = joined.groupby(["bucket_id", "role"] + group[1:], observed=True, sort=False)[metric_keys].sum(
            min_count=1)
        out = out.rename_axis(["bucket_id", "role"] + self._out_dims(by, dims))
        published = [k for k in metric_keys if catalogue.METRICS[k].published]
        if published:      # figures as published: their qualifier and whether a row lacks the figure
            out = out.join(self._marks(rows, group, bm, published).rename_axis(out.index.names))
        return _coalesce(out, metric_keys)

    @staticmethod
    def _marks(rows: pd.DataFrame, group: list[str], bm: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        """sql.QUALIFIER_SUM and sql.PARTIAL_SUM per bucket and group: NULL when every known row is exact, '>' or
        '<' when every known row is exact or that, else '~'; partial when some row lacks the figure."""
        cols = {}
        for k in keys:
            v = catalogue.METRICS[k].published
            cols[v], cols[v + "_q"] = rows[v], rows[v + "_q"]
        r = bm.merge(pd.concat([rows[group], pd.DataFrame(cols)], axis=1), on="month")
        keys_by = ["bucket_id", "role"] + group[1:]
        out = {}
        for k in keys:
            v = catalogue.METRICS[k].published
            known = r[v].notna()
            q = r[v + "_q"].where(known)
            frame = pd.DataFrame({"has_q": q.notna(), "gt": (q.fillna(">") == ">") | ~known,
                                  "lt": (q.fillna("<") == "<") | ~known, "known": known, "missing": ~known})
            g = pd.concat([r[keys_by], frame], axis=1).groupby(keys_by, observed=True, sort=False).agg(
                has_q=("has_q", "any"), gt=("gt", "all"), lt=("lt", "all"), known=("known", "any"),
                missing=("missing", "any"))
            mark = np.where(~g["has_q"] | ~g["known"], None, np.where(g["gt"], ">", np.where(g["lt"], "<", "~")))
            out[builder._qual(k)] = pd.Series(mark, index=g.index, dtype=object)
            if catalogue.METRICS[k].partial:
                out[builder._part(k)] = g["missing"]
        return pd.DataFrame(out)

    def _out_dims(self, by, dims) -> list[str]:
        return (["unit_id"] if "unit" in by else []) + [o for _, o in dims]

    def _snapshot(self, source, metric_keys, by, f, buckets) -> pd.DataFrame:
        snap, ent = (self.chsnap, self.chan) if source.key == "channel_snapshots" else (self.tmsnap, self.team)
        month, entity = snap["month"].to_numpy(), snap["entity_id"].to_numpy()
        dims = self._dims(source, by)
        parts = []
        for b in buckets:
            end_day = _ts(builder.month_end(b.window.end))
            idx = np.flatnonzero((month >= _ts(b.window.start)) & (month <= _ts(b.window.end)))
            e = entity[idx]
            last = np.ones(idx.size, dtype=bool)
            last[:-1] = e[:-1] != e[1:]         # rows are sorted by (entity, month): keep each entity's last
            idx = idx[last]
            attrs = ent.reindex(entity[idx])
            end_on = attrs["end_on"].to_numpy()
            keep = np.isnat(end_on) | (end_on > end_day)
            idx, attrs = idx[keep], attrs[keep]
            rows = snap.iloc[idx].reset_index(drop=True)
            for col in ["platform_key"] if "platform_key" in ent.columns else []:
                rows[col] = attrs[col].to_numpy()
            rows = self._with_units(rows, attrs["unit_id"].to_numpy(), rows["month"].to_numpy(), f)
            rows = self._filter(rows, source, f)
            group = (["unit_id"] if "unit" in by else []) + [c for c, _ in dims]
            vals = self._measures(rows, metric_keys)
            if group:
                agg = pd.concat([rows[group], vals], axis=1).groupby(group, observed=True, sort=False).sum(min_count=1)
            else:
                agg = vals.sum(min_count=1).to_frame().T if len(vals) else vals.iloc[:0]
            agg = agg.reset_index(drop=not group).rename(columns=dict(dims))
            agg.insert(0, "role", b.role)
            agg.insert(0, "bucket_id", b.bucket_id)
            parts.append(agg)
        out = pd.concat(parts, ignore_index=True)
        return _coalesce(out.set_index(["bucket_id", "role"] + self._out_dims(by, dims)), metric_keys)

    def _active(self, source, metric_keys, by, f, buckets) -> pd.DataFrame:
        ent = (self.chan if source.key.startswith("channels") else self.team).reset_index()
        start, end = ent["start_on"].to_numpy(), ent["end_on"].to_numpy()
        dims = self._dims(source, by)
        parts = []
        for b in buckets:
            end_day = _ts(builder.month_end(b.window.end))
            keep = (np.isnat(start) | (start <= end_day)) & (np.isnat(end) | (end > end_day))
            rows = ent[keep]
            at = np.full(len(rows), _ts(b.window.end))
            rows = self._with_units(rows, rows["unit_id"].to_numpy(), at, f)
            rows = self._filter(rows, source, f)
            group = (["unit_id"] if "unit" in by else []) + [c for c, _ in dims]
            vals = self._measures(rows, metric_keys)
            if group:
                agg = pd.concat([rows[group], vals], axis=1).groupby(group, observed=True, sort=False).sum()
            else:
                agg = vals.sum().to_frame().T if len(vals) else vals.iloc[:0]
            agg = agg.reset_index(drop=not group).rename(columns=dict(dims))
            agg.insert(0, "role", b.role)
            agg.insert(0, "bucket_id", b.bucket_id)
            parts.append(agg)
        out = pd.concat(parts, ignore_index=True)
        return _coalesce(out.set_index(["bucket_id", "role"] + self._out_dims(by, dims)), metric_keys)

    # -- the builder's public shapes ----------------------------------------------------------------

    def call(self, shape, metrics, by, f, ytd):
        if shape == "targets":
            return self.targets(metrics, f, f.end.year)
        by = [d for d in by if d != "period"]
        return self.run(list(metrics), by, f, "series" if shape == "series" else "range", ytd)

    def run(self, metrics, by, f, shape, ytd) -> pd.DataFrame:
        builder._check(metrics, by)
        cov = self.coverage()
        dim_cols = [builder.DIM_COLUMNS[d] for d in by]
        periods = builder._periods(f, shape, cov)
        if not periods:
            return builder._empty(metrics, dim_cols, f)
        buckets = builder._buckets(periods, f.compare, ytd)
        base = catalogue.base_metrics(metrics)
        by_source: dict[str, list[str]] = {}
        for key in base:
            by_source.setdefault(catalogue.METRICS[key].source, []).append(key)
        frames = []
        for source_key, keys_here in by_source.items():
            source = catalogue.SOURCES[source_key]
            if source.mode == "flow":
                frame = self._flow(source, keys_here, by, f, buckets)
            elif source.mode == "snapshot":
                frame = self._snapshot(source, keys_here, by, f, [b for b in buckets if b.role != "ytd"])
            else:
                frame = self._active(source, keys_here, by, f, [b for b in buckets if b.role != "ytd"])
            frame[builder._present(source_key)] = 1.0
            frames.append(frame)
        raw = pd.concat(frames, axis=1, join="outer").reset_index() if len(frames) > 1 else frames[0].reset_index()
        for col in raw.columns:
            if isinstance(raw[col].dtype, pd.CategoricalDtype):
                raw[col] = raw[col].astype(str)
        lifetimes = self._lifetimes() if "unit_id" in dim_cols and f.boundary == "historical" else None
        families = sorted({catalogue.SOURCES[s].report for s in by_source})
        reports = {fam: self._report(fam, "unit_id" in dim_cols, f, buckets, cov) for fam in families}
        return builder._assemble(raw, metrics, base, dim_cols, periods, buckets, cov, f, lifetimes,
                                 builder._ytd_is_period(periods, ytd), reports)

    # -- who reported (builder.report_counts) -------------------------------------------------------

    def _report_rows(self, family: str, months: np.ndarray) -> pd.DataFrame:
        """(month, unit_id) of the family's reports in ``months`` (sql.REPORT_ROWS), unit as recorded."""
        if family == "activities":
            rows = self.act.loc[self.act["month"].isin(months), ["month", "unit_id"]]
        elif family in ("channels", "teams"):
            snap, ent = (self.chsnap, self.chan) if family == "channels" else (self.tmsnap, self.team)
            snap = snap.loc[snap["month"].isin(months), ["entity_id", "month"]]
            rows = pd.DataFrame({"month": snap["month"].to_numpy(),
                                 "unit_id": ent["unit_id"].reindex(snap["entity_id"].to_numpy()).to_numpy()})
        elif family in ("channel_register", "team_register"):
            ent = self.chan if family == "channel_register" else self.team
            units = ent["unit_id"].unique()
            rows = pd.DataFrame({"month": np.repeat(months, len(units)), "unit_id": np.tile(units, len(months))})
        elif family == "contests":
            # a unit is unreported for a month only when a contest it takes part in has figures for that month
            # from other units and none from it
            cp = self.cp
            took_part = cp[["contest_id", "unit_id"]].drop_duplicates()
            active = cp.loc[cp["month"].isin(months), ["contest_id", "month"]].drop_duplicates()
            owed = took_part.merge(active, on="contest_id")
            sent = cp[["contest_id", "unit_id", "month"]].drop_duplicates().assign(sent=True)
            owed = owed.merge(sent, on=["contest_id", "unit_id", "month"], how="left")
            missing = set(zip(owed.loc[owed["sent"].isna(), "month"], owed.loc[owed["sent"].isna(), "unit_id"]))
            tinh = self.units.loc[self.units["level"] == "tinh", "unit_id"].to_numpy()
            pairs = [(m, u) for m in months for u in tinh if (m, u) not in missing]
            rows = pd.DataFrame(pairs, columns=["month", "unit_id"])
        else:
            raise ValueError(f"no pandas rendering of report family {family}")
        return rows

    def _report(self, family: str, by_unit: bool, f: builder.Filters, buckets, cov) -> pd.DataFrame:
        """n_expected, n_full, n_any per (bucket_id, role[, unit_id]), as builder._reports."""
        bm = pd.DataFrame([(b.bucket_id, b.role, _ts(m)) for b in buckets for m in b.window.month_list()],
                          columns=["bucket_id", "role", "month"])
        bm = bm[(bm["month"] >= _ts(cov.first)) & (bm["month"] <= _ts(cov.last))]
        months = bm["month"].unique()
        rows = self._report_rows(family, months)
        unit_ids = rows["unit_id"].to_numpy(dtype=np.int64)
        rep = pd.DataFrame({"month": rows["month"].to_numpy(),
                            "hist_unit_id": self._unit_col(unit_ids, rows["month"].to_numpy(), "historical")})
        rep = rep.drop_duplicates().assign(reported=True)
        u = self.units[self.units["level"] == "tinh"]
        expected = bm.merge(u[["unit_id", "valid_from", "valid_to", "successor_id"]], how="cross")
        expected = expected[(expected["valid_from"] <= expected["month"])
                            & (expected["valid_to"].isna() | (expected["valid_to"] > expected["month"]))]
        expected = expected.assign(hist_unit_id=expected["unit_id"].astype("int64"),
                                   cur_unit_id=expected["successor_id"].fillna(expected["unit_id"]).astype("int64"))
        marked = expected.merge(rep, on=["month", "hist_unit_id"], how="left")
        marked["reported"] = marked["reported"].fillna(False).astype(bool)
        unit_col = "cur_unit_id" if f.boundary == "current" else "hist_unit_id"
        keep = np.ones(len(marked), dtype=bool)
        if f.units:
            keep &= np.isin(marked[unit_col].to_numpy(), self._code_ids(f.units))
        if f.scope is not None:
            keep &= np.isin(marked["cur_unit_id"].to_numpy(), self._code_ids(f.scope, current_only=True))
        marked = marked[keep]
        per_unit = marked.groupby(["bucket_id", "role", unit_col], sort=False)["reported"].agg(["all", "any"])
        per_unit = per_unit.reset_index().rename(columns={unit_col: "unit_id"})
        group = ["bucket_id", "role"] + (["unit_id"] if by_unit else [])
        out = per_unit.groupby(group, sort=False).agg(n_expected=("all", "size"), n_full=("all", "sum"),
                                                      n_any=("any", "sum")).reset_index()
        for col in ("n_expected", "n_full", "n_any"):
            out[col] = out[col].astype("float64")
        return out

    def _lifetimes(self) -> dict[int, tuple]:
        u = self.units[self.units["level"] == "tinh"]
        return {int(i): (a.date(), None if pd.isna(b) else b.date())
                for i, a, b in zip(u["unit_id"], u["valid_from"], u["valid_to"])}

    def targets(self, metric_keys, f: builder.Filters, year: int) -> dict[str, float]:
        t = self.targets_df
        t = t[(t["year"] == year) & t["metric_key"].isin(list(metric_keys))]
        at = np.full(len(t), _ts(dt.date(year, 12, 1)))
        t = self._with_units(t, t["unit_id"].to_numpy(), at, f)
        src = catalogue.SOURCES["activities"]  # only unit/scope filters apply to targets
        t = self._filter(t, src, replace(f, platforms=(), where=()))
        s = t.groupby("metric_key", observed=True)["target"].sum()
        return {k: float(v) for k, v in s.items()}


def check_equal(name: str, a, b) -> None:
    if isinstance(a, dict):
        assert a == b, f"{name}: duckdb {a} != pandas {b}"
        return
    a = a.reset_index(drop=True)
    b = b.reset_index(drop=True)[list(a.columns)]
    pd.testing.assert_frame_equal(a, b, check_dtype=False, check_exact=True, obj=name)


# ---- EXPLAIN ANALYZE of slow queries --------------------------------------------------------------

def source_queries(con, cov, shape, metrics, by, f, ytd) -> list[tuple[str, str, list]]:
    """(source key, SQL, params) the builder runs for one call (mirrors builder._run): a statement per metric
    source, then who reported."""
    if shape == "targets":
        return []
    by = [d for d in by if d != "period"]
    periods = builder._periods(f, "series" if shape == "series" else "range", cov)
    buckets = builder._buckets(periods, f.compare, ytd)
    by_source: dict[str, list[str]] = {}
    for key in catalogue.base_metrics(metrics):
        by_source.setdefault(catalogue.METRICS[key].source, []).append(key)
    out = []
    for source_key, keys_here in by_source.items():
        source = catalogue.SOURCES[source_key]
        bks = buckets if source.mode in ("flow", "opened", "closed") else [b for b in buckets if b.role != "ytd"]
        query, params, _ = builder._source_query(source, keys_here, by, f, bks)
        out.append((source_key, query, params))
    # who reported, every family and month at once (builder.reported; the app reads it once per data version and
    # unit filter, the timed runs here on every query)
    if by_source:
        query, params = builder._report_marked_query(f, cov, False)
        out.append(("who reported", query, params))
    return out


def explain_slow(con, cov, set_name, calls, p50s, repeat, scale) -> list[dict]:
    found = []
    for (name, shape, metrics, by, f, ytd), p50 in zip(calls, p50s):
        if p50 <= SLOW_MS:
            continue
        for source_key, query, params in source_queries(con, cov, shape, metrics, by, f, ytd):
            times = []
            for _ in range(max(3, repeat // 4)):
                t0 = time.perf_counter()
                con.execute(query, params).df()
                times.append((time.perf_counter() - t0) * 1000)
            plan = con.execute("explain analyze " + query, params).fetchall()
            slug = re.sub(r"[^a-z0-9]+", "-", f"s{scale}-{set_name}-{name}-{source_key}".lower()).strip("-")
            path = OUT / f"explain-{slug}.txt"
            path.write_text(query + "\n-- params: " + repr(params) + "\n\n" + "\n".join(r[1] for r in plan))
            profile = json.loads(con.execute("explain (analyze, format json) " + query, params).fetchall()[0][1])
            found.append({"set": set_name, "query": name, "source": source_key, "p50": pct(times, 50),
                          "path": path, "top": top_operators(profile)})
    return found


def top_operators(profile: dict, n: int = 3) -> list[str]:
    """The ``n`` operators with the most time (CPU summed over threads), with rows out and key details."""
    ops = []

    def walk(node):
        info = node.get("extra_info", {})
        detail = info.get("Aggregates") or info.get("Conditions") or info.get("Table") or ""
        if isinstance(detail, list):
            detail = " and ".join(detail)
        ops.append((node.get("timing", 0.0), node["name"], node.get("intermediate_rows", 0), str(detail)))
        for child in node.get("children", []):
            walk(child)

    for root in profile.get("operator", []):
        walk(root)
    ops.sort(reverse=True)
    return [f"{name} {t * 1000:.0f} ms, {fmt_int(rows)} rows" + (f" ({detail[:70]})" if detail else "")
            for t, name, rows, detail in ops[:n]]


# ---- report ---------------------------------------------------------------------------------------

README_HEAD = """# Benchmarks

## Overview page (`bench/overview.py`)

Replays every query the Overview page (`app_pages/overview.py`) issues, through `queries.builder`, against a
scaled sample database opened read-only, and computes the same numbers with pandas for comparison.

```sh
python bench/overview.py                      # scale 80 (~8M activity rows), 20 timed runs
python bench/overview.py --scale 80 --db bench/out/overview-s80.duckdb --repeat 20
python bench/overview.py --scale 10 --repeat 5 --skip-pandas --no-readme   # quick look
```

- The database is built with `data.commands.sample(path, seed, scale)` under `bench/out/` (gitignored) in a
  child process, or reused when `--db` exists and its `meta.sample_scale` equals `--scale`.
- Page queries, default chart metrics (trend/ranking `members`, mix `channels`, map `members_per_team`):
  KPI totals (8 KPI metrics, 6 sources), the monthly KPI series for the sparklines (grain month, no
  comparison), targets (when the range is inside one year), the trend series (`ui.page.trend_filters`:
  a range of a single period is widened to up to 8 periods), the ranking by unit (all units), the platform
  mix, the tile map by unit (all units, current boundaries).
- Filter sets: **A** the default page (all units, the latest year to date, grain month, compare yoy,
  current boundaries); **B** `?unit=14&from=2024-07&to=2024-09&grain=quarter&compare=yoy` (Sơn La, Q3/2024).
- One warm-up page run, then `--repeat` timed runs of the whole page (its queries in sequence); p50/p95
  per query and per page. These are uncached costs: the app caches results per (data version, filters),
  so they are what a user waits for on the first view of a filter set.
- pandas: the tables are loaded once (load time reported apart), then the same semantics are computed with
  pandas/numpy; the results of every query are asserted equal to DuckDB's (KPI totals included).
  `ratio` = pandas p50 / DuckDB p50. The pandas side is written to be fast, not naive: flows are summed per
  month and then per bucket; snapshots are sorted by (entity, month) at load, so "last snapshot per entity
  in a window" is one linear pass; entity attributes are joined after that reduction; the unit lineage is a
  numpy lookup array; who reported (per report family: expected units, fully and partly reported, as
  `builder.report_counts`) is computed from the same frames. It shares with the builder only the period
  arithmetic and the final assembly of the comparison columns (`builder._periods`, `_buckets`, `_assemble`).
- Peak RSS is `getrusage(RUSAGE_SELF).ru_maxrss` after each phase (the build runs in a child process).
- For a query slower than 300 ms (p50), each of its SQL statements (one per metric source, one for who reported,
  `builder.reported`) is timed alone (fetch included; the rest of the query's time
  is the builder's pandas assembly) and its `EXPLAIN ANALYZE` is saved to `bench/out/explain-s<scale>-*.txt`;
  the top operators listed come from the JSON profile (operator time is CPU time summed over DuckDB's threads, so it can exceed the
  wall time).

Target (DESIGN.md §9 "Scale"): sub-second pages at about 20 million activity rows on a 2-core machine.
"Met" below means the page p95 is under 1 s for both filter sets at the row counts shown.

# Results
"""


def report(args, mach, build, counts, db_size, settings, sets, load_s, rss, explains, pd_ok, load) -> str:
    lines = [f"\n## {mach['date']} — scale {args.scale}\n"]
    lines.append(f"- Machine: nproc {mach['nproc']}, {mach['cpu']}, {mach['ram']} RAM; Python {mach['python']}, "
                 f"DuckDB {mach['duckdb']} (threads {settings['threads']}, memory_limit {settings['memory_limit']}), "
                 f"pandas {mach['pandas']}, numpy {mach['numpy']}.")
    if build["built"]:
        lines.append(f"- Build: {build['seconds']:.1f} s (`commands.sample`, seed {args.seed}), build peak RSS "
                     f"{build['rss_kb'] / 1024**2:.2f} GiB; database {db_size / 1024**3:.2f} GiB.")
    else:
        lines.append(f"- Build: reused an existing database (scale {args.scale}); {db_size / 1024**3:.2f} GiB.")
    lines.append(f"- Code: commit {mach['commit']}.")
    lines.append("- Rows: " + ", ".join(f"{t} {fmt_int(n)}" for t, n in counts.items()) + ".")
    lines.append(f"- Timed runs: 1 warm-up + {args.repeat} per engine and filter set; load average "
                 f"(1 min) {load[0]:.2f} before the DuckDB phase, {load[1]:.2f} after it (shared machine: "
                 "other work running at the same time inflates the figures).")
    if pd_ok is not None:
        lines.append(f"- pandas: tables loaded in {load_s:.1f} s; results equal DuckDB's for every query: "
                     f"{'yes (asserted)' if pd_ok else 'NO'}.")
    lines.append(f"- Peak RSS: {rss['duck'] / 1024**2:.2f} GiB after the DuckDB phase"
                 + (f", {rss['pandas'] / 1024**2:.2f} GiB after the pandas phase" if rss.get('pandas') else "")
                 + ".")
    lines.append("")
    head = "| set | query | DuckDB p50 ms | DuckDB p95 ms |"
    sep = "|---|---|---:|---:|"
    if pd_ok is not None:
        head += " pandas p50 ms | pandas p95 ms | ratio |"
        sep += "---:|---:|---:|"
    lines += [head, sep]
    verdict = []
    for s in sets:
        names = [c[0] for c in s["calls"]] + ["**whole page**"]
        d = s["duck"]
        dcols = [d[:, i] for i in range(d.shape[1])] + [d.sum(axis=1)]
        pcols = None
        if s.get("pandas") is not None:
            p = s["pandas"]
            pcols = [p[:, i] for i in range(p.shape[1])] + [p.sum(axis=1)]
        for i, name in enumerate(names):
            row = f"| {s['name']} | {name} | {pct(dcols[i], 50):.1f} | {pct(dcols[i], 95):.1f} |"
            if pcols is not None:
                ratio = pct(pcols[i], 50) / max(pct(dcols[i], 50), 1e-9)
                row += f" {pct(pcols[i], 50):.1f} | {pct(pcols[i], 95):.1f} | {ratio:.1f}× |"
            lines.append(row)
        verdict.append((s["name"], pct(dcols[-1], 50), pct(dcols[-1], 95)))
    lines.append("")
    met = all(p95 < TARGET_MS for _, _, p95 in verdict)
    pages = "; ".join(f"{n}: p50 {p50:.0f} ms, p95 {p95:.0f} ms" for n, p50, p95 in verdict)
    lines.append(f"Target (sub-second page, ~20M activity rows, 2 cores): whole page {pages} at "
                 f"{fmt_int(counts['activities'])} activity rows — **{'met' if met else 'not met'}** at this "
                 "volume" + (" (which is below the target's 20M rows)." if counts["activities"] < 18_000_000 else "."))
    lines.append(issue13_verdict(sets, pd_ok is not None))
    slow = [(s["name"], c[0], pct(s["duck"][:, i], 50)) for s in sets for i, c in enumerate(s["calls"])
            if pct(s["duck"][:, i], 50) > SLOW_MS]
    if slow:
        lines.append("")
        lines.append("Slow queries (> 300 ms p50) and their SQL statements (per metric source, per report family) "
                     "timed alone:")
        for set_name, q, p50 in slow:
            mine = [e for e in explains if e["set"] == set_name and e["query"] == q]
            in_sql = sum(e["p50"] for e in mine)
            lines.append(f"- {set_name} / {q}: {p50:.0f} ms; its statements alone {in_sql:.0f} ms, the rest "
                         f"({max(p50 - in_sql, 0):.0f} ms) outside them, in the builder's pandas assembly")
            for e in mine:
                lines.append(f"  - `{e['source']}` alone {e['p50']:.0f} ms; top operators: "
                             + "; ".join(e["top"]) + f" (`{e['path'].relative_to(ROOT)}`)")
    return "\n".join(lines) + "\n"


def issue13_verdict(sets, pandas_on: bool) -> str:
    """Issue 13's targets for this page: every query p95 < 50 ms, the whole page's queries < 150 ms (p95), and
    (with pandas) the page at least 30 × faster than pandas (p50 ratio)."""
    worst_q = max(((pct(s["duck"][:, i], 95), s["name"], c[0]) for s in sets for i, c in enumerate(s["calls"])))
    worst_page = max((pct(s["duck"].sum(axis=1), 95), s["name"]) for s in sets)
    met = worst_q[0] < ISSUE13_QUERY_MS and worst_page[0] < ISSUE13_PAGE_MS
    text = (f"Issue 13 (at --scale 200): every query p95 < 50 ms — slowest {worst_q[1]} / {worst_q[2]} "
            f"{worst_q[0]:.1f} ms; the whole page < 150 ms — slowest set {worst_page[1]} p95 {worst_page[0]:.1f} ms")
    if pandas_on:
        ratio = min(pct(s["pandas"].sum(axis=1), 50) / pct(s["duck"].sum(axis=1), 50) for s in sets)
        met &= ratio >= ISSUE13_RATIO
        text += f"; ≥ 30× faster than pandas — lowest ratio {ratio:.1f}×"
    return text + f": **{'met' if met else 'not met'}**."


def print_table(sets, pandas_on: bool) -> None:
    w = max(len(c[0]) for s in sets for c in s["calls"]) + 2
    hdr = f"{'set':<4}{'query':<{w}}{'duck p50':>10}{'p95':>9}"
    if pandas_on:
        hdr += f"{'pandas p50':>12}{'p95':>10}{'ratio':>8}"
    print(hdr)
    for s in sets:
        d = s["duck"]
        cols = [(c[0], d[:, i], None if s.get("pandas") is None else s["pandas"][:, i])
                for i, c in enumerate(s["calls"])]
        cols.append(("WHOLE PAGE", d.sum(axis=1), None if s.get("pandas") is None else s["pandas"].sum(axis=1)))
        for name, dv, pv in cols:
            line = f"{s['name']:<4}{name:<{w}}{pct(dv, 50):>10.1f}{pct(dv, 95):>9.1f}"
            if pv is not None:
                line += f"{pct(pv, 50):>12.1f}{pct(pv, 95):>10.1f}{pct(pv, 50) / max(pct(dv, 50), 1e-9):>7.1f}×"
            print(line)


# ---- main -----------------------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=int, default=80)
    ap.add_argument("--db", type=Path, help="database file (default bench/out/overview-s<scale>.duckdb)")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--skip-pandas", action="store_true", help="DuckDB only")
    ap.add_argument("--no-readme", action="store_true", help="do not append the results to bench/README.md")
    args = ap.parse_args(argv)
    if args.repeat < 1 or args.scale < 1:
        ap.error("--repeat and --scale must be >= 1")

    OUT.mkdir(parents=True, exist_ok=True)
    path = args.db or OUT / f"overview-s{args.scale}.duckdb"
    mach = machine()
    print(f"{header(mach)} | DuckDB {mach['duckdb']} | pandas {mach['pandas']}")
    build = ensure_db(path, args.scale, args.seed)

    con = db.connect(path, read_only=True)
    counts = row_counts(con)
    print("rows: " + ", ".join(f"{t} {fmt_int(n)}" for t, n in counts.items()))
    settings = dict(con.execute("select name, value from duckdb_settings() "
                                "where name in ('threads', 'memory_limit')").fetchall())
    t0 = time.perf_counter()
    cov = builder.coverage(con)
    print(f"coverage {cov.first} .. {cov.last} ({(time.perf_counter() - t0) * 1000:.0f} ms; cached by the app)")

    sets = filter_sets(cov)
    duck = DuckEngine(con, cov)
    load = [os.getloadavg()[0]]
    for s in sets:
        s["calls"] = page_calls(s["filters"], cov.first)
        print(f"set {s['name']}: {s['filters']}")
        s["duck"], s["duck_results"] = time_page(duck, s["calls"], args.repeat)
    rss = {"duck": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    load.append(os.getloadavg()[0])
    print(f"peak RSS after the DuckDB phase: {rss['duck'] / 1024**2:.2f} GiB")

    explains = []
    for s in sets:
        p50s = [pct(s["duck"][:, i], 50) for i in range(len(s["calls"]))]
        explains += explain_slow(con, cov, s["name"], s["calls"], p50s, args.repeat, args.scale)

    load_s, pd_ok = None, None
    if not args.skip_pandas:
        t0 = time.perf_counter()
        pdeng = PandasEngine(con)
        load_s = time.perf_counter() - t0
        print(f"pandas: tables loaded in {load_s:.1f} s")
        assert pdeng.coverage() == cov, (pdeng.coverage(), cov)
        for s in sets:
            s["pandas"], results = time_page(pdeng, s["calls"], args.repeat)
            for (name, *_), a, b in zip(s["calls"], s["duck_results"], results):
                check_equal(f"set {s['name']} / {name}", a, b)
            kpi = s["duck_results"][0]
            assert len(kpi) == 1 and all(kpi[k].iloc[0] > 0 for k in catalogue.KPI_METRICS), "KPI totals empty"
            print(f"set {s['name']}: pandas results equal DuckDB's for all {len(s['calls'])} queries")
        pd_ok = True
        rss["pandas"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"peak RSS after the pandas phase: {rss['pandas'] / 1024**2:.2f} GiB")
    con.close()

    print()
    print_table(sets, not args.skip_pandas)
    section = report(args, mach, build, counts, path.stat().st_size, settings, sets, load_s, rss, explains, pd_ok,
                     load)
    print(section)
    if not args.no_readme:
        text = README.read_text(encoding="utf-8") if README.exists() else README_HEAD
        README.write_text(text.rstrip("\n") + "\n" + section, encoding="utf-8")
        print(f"appended to {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
