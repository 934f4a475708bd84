"""The one query builder: (metrics, group-by dimensions, filters) -> a pandas DataFrame.

It turns metric keys from the catalogue into parameterised SQL (user values are never concatenated
into SQL), applies the stock/flow semantics of each metric's source, maps units onto current or
historical boundaries, applies the user's province scope to every query, computes the comparison
period and the year-to-date value alongside, and divides ratios after aggregation.

Two shapes: ``totals`` (one value for the whole chosen range, e.g. KPI cards and rankings) and
``series`` (one value per period at the chosen grain, e.g. trend charts). It never renders anything
and never caches: callers own caching, keyed on the data version and the (hashable) ``Filters``.
"""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import duckdb
import numpy as np
import pandas as pd

from queries import catalogue, sql
from queries.periods import (
    Period,
    Window,
    comparison_window,
    month_end,
    period_label,
    periods_in,
    short_label,
    whole_range,
    window_label,
    ytd_window,
)

COMPARES = ("prev", "yoy", "none")
LANGS = ("vi", "en")
BOUNDARIES = ("current", "historical")

# Strings in pandas frames are stored as Python objects, not in Arrow (set here: every read-side frame comes from
# ``_fetch``). The frames are small (a page of a list, a bucket per period) and are indexed, filtered and joined
# column by column: with Arrow storage each of those steps went through a pyarrow compute call that releases and
# retakes the interpreter lock, which under twenty sessions at once cost more than the work (py-spy of
# bench/load.py, bench/README.md). Same ``str`` dtype, same NaN.
pd.set_option("mode.string_storage", "python")

# Output column of each group-by dimension (pages add unit code and name beside unit_id).
DIM_COLUMNS = {
    "unit": "unit_id",
    "platform": "platform",
    "activity_type": "activity_type",
    "source_level": "source_level",
    "contest": "contest",
    "channel": "channel",
    "team": "team",
}


@dataclass(frozen=True)
class Filters:
    """What the user chose (DESIGN §5), already validated. Hashable, so it can key a cache.

    units: unit codes; under current boundaries codes of today's units, under historical boundaries
    the code valid at each report month (15 = Yên Bái before 07/2025, the new Lào Cai after).
    scope: today's unit codes the user may see (None = everything); applied to every query.
    where: extra dimension filters, as ((dim, (values...)), ...), e.g. (("activity_type", ("bai_viet",)),).
    lang: the language of the period words the builder writes (period_label, period_short, cmp_label);
    it never changes a number, and being a field it keys the callers' caches like every other choice.
    """

    start: dt.date
    end: dt.date
    units: tuple[str, ...] = ()
    grain: str = "month"
    platforms: tuple[str, ...] = ()
    compare: str = "none"
    boundary: str = "current"
    scope: tuple[str, ...] | None = None
    where: tuple[tuple[str, tuple], ...] = field(default=())
    lang: str = "vi"

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError("start after end")
        if self.compare not in COMPARES:
            raise ValueError(f"compare must be one of {COMPARES}")
        if self.boundary not in BOUNDARIES:
            raise ValueError(f"boundary must be one of {BOUNDARIES}")
        if self.lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}")

    @property
    def window(self) -> Window:
        return Window(self.start, self.end)


@dataclass(frozen=True)
class Coverage:
    """The report months the database holds facts for."""

    first: dt.date
    last: dt.date

    def contains(self, w: Window) -> bool:
        return self.first <= w.start and w.end <= self.last

    def __deepcopy__(self, memo) -> Coverage:
        """Itself: it cannot change, and pandas deep-copies a result's ``attrs`` (which hold it) into every frame
        derived from the result (~300 per page view)."""
        return self


def coverage(con: duckdb.DuckDBPyConnection) -> Coverage | None:
    first, last = _fetch(con, sql.COVERAGE, []).iloc[0]
    if pd.isna(first):
        return None
    return Coverage(pd.Timestamp(first).date(), pd.Timestamp(last).date())


def _fetch(con: duckdb.DuckDBPyConnection, query: str, params: list) -> pd.DataFrame:
    # One cursor per query: a connection with an unfinished result refuses other work, and
    # Streamlit runs sessions in threads.
    cur = con.cursor()
    try:
        return cur.execute(query, params).df()
    finally:
        cur.close()


_POOL = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="builder")


def _fetch_all(con: duckdb.DuckDBPyConnection, parts: list[tuple[str, list]], meanwhile=None):
    """The results of several statements ``(query, params)``, run side by side on their own cursors, and what
    ``meanwhile()`` returns, called in this thread while they run: a page's query reads up to six sources, each a
    small statement that DuckDB runs on one core, so two cores halve the wait (measured in bench/README.md; one
    statement stacking them all was no faster than running them in turn)."""
    futures = [_POOL.submit(_fetch, con, query, params) for query, params in parts]
    aside = meanwhile() if meanwhile is not None else None
    return [f.result() for f in futures], aside


def units(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Provincial-level units (current first), with validity, succession and map cells."""
    return _fetch(con, sql.UNITS, [])


def lookup(con: duckdb.DuckDBPyConnection, dim: str, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Labels of a dimension's members (platforms, activity types, source levels, contests). Contests are
    limited to those a scope may see (organised inside it or with participation from inside it)."""
    if dim != "contest":
        return _fetch(con, sql.LOOKUPS[dim], [])
    where, params = contest_scope_clause(scope, "c")
    return _fetch(con, sql.LOOKUPS[dim].format(where=where), params)


def meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(_fetch(con, sql.META, []).itertuples(index=False, name=None))


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Bumped by every write; callers key their caches on it."""
    df = _fetch(con, sql.DATA_VERSION, [])
    return str(df.iloc[0, 0]) if len(df) else "0"


# ---- buckets ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Bucket:
    bucket_id: int
    role: str          # 'cur' | 'cmp' | 'ytd'
    window: Window


def _periods(filters: Filters, shape: str, cov: Coverage) -> list[Period]:
    window = filters.window
    clipped_start = max(window.start, cov.first)
    if clipped_start > window.end:
        return []
    # Clip to what the database covers: an incomplete period is labelled and compared like for like.
    if shape == "series":
        return periods_in(Window(clipped_start, window.end), filters.grain, cov.last)
    p = whole_range(Window(clipped_start, window.end), cov.last)
    return [Period("range", window, p.window)] if p else []


def _buckets(periods: list[Period], compare: str, ytd: bool) -> list[_Bucket]:
    out = []
    for i, p in enumerate(periods):
        out.append(_Bucket(i, "cur", p.window))
        cw = comparison_window(p, compare)
        if cw is not None:
            out.append(_Bucket(i, "cmp", cw))
        # a range starting in January is its own year to date: reuse its values (see _assemble)
        if ytd and ytd_window(p) != p.window:
            out.append(_Bucket(i, "ytd", ytd_window(p)))
    return out


def _ytd_is_period(periods: list[Period], ytd: bool) -> set[int]:
    return {i for i, p in enumerate(periods) if ytd and ytd_window(p) == p.window}


def _values_clause(buckets: list[_Bucket]) -> tuple[str, list]:
    marks, params = [], []
    for b in buckets:
        marks.append("(?, ?, ?::date, ?::date, ?::date)")
        params += [b.bucket_id, b.role, b.window.start, b.window.end, month_end(b.window.end)]
    return ", ".join(marks), params


# ---- one source ---------------------------------------------------------------------------------

def _marks(values) -> str:
    return ", ".join("?" for _ in values)


# From this many values on, ``col in (...)`` takes them as one list parameter: a page of a list (500 channel or team
# ids) written as 500 ``?`` cost DuckDB more to plan than to run (per-channel numbers 63 -> 23 ms, the channels'
# attributes 70 -> 15 ms at scale 200, bench/README.md)
LIST_PARAM_FROM = 16


def in_values(col: str, values) -> tuple[str, list]:
    """``col in (values)`` and its parameters: one ``?`` per value, or a single list parameter for a long list."""
    values = list(values)
    if len(values) >= LIST_PARAM_FROM:
        return f"{col} in (select unnest(?))", [values]
    return f"{col} in ({_marks(values)})", values


@dataclass
class UnitClauses:
    """The unit and scope conditions of one query, split by when they can run: ``early`` on the source
    rows (they do not depend on the report month), ``late`` after the historical unit is known."""

    early: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    early_params: list = field(default_factory=list)
    late_params: list = field(default_factory=list)

    def all(self) -> tuple[list[str], list]:
        """Every condition with its parameters, for queries that apply them in one place."""
        return self.early + self.late, self.early_params + self.late_params


def unit_clauses(filters: Filters) -> UnitClauses:
    """The one place the unit filter and the user's scope become SQL. Row sets it applies to expose
    ``cur_unit_id`` (today's unit) and ``hist_unit_id`` (the unit valid at the row's month).

    The chosen units are codes under the boundary mode (under historical boundaries a code depends on the
    month: 15 is Yên Bái, then Lào Cai, so that condition runs late); the scope is a set of today's codes
    and always applies to today's unit, so a Sơn La analyst sees old code 14 and a Đà Nẵng analyst sees old
    Quảng Nam. An empty scope sees nothing."""
    out = UnitClauses()
    if filters.units:
        unit_col = "cur_unit_id" if filters.boundary == "current" else "hist_unit_id"
        clause = sql.UNIT_CODE_FILTER.format(col=unit_col, marks=_marks(filters.units))
        if filters.boundary == "current":
            out.early.append(clause)
            out.early_params += list(filters.units)
        else:
            out.late.append(clause)
            out.late_params += list(filters.units)
    if filters.scope is not None:
        if not filters.scope:
            out.early.append("false")
        else:
            out.early.append(sql.SCOPE_FILTER.format(marks=_marks(filters.scope)))
            out.early_params += list(filters.scope)
    return out


def rollups_fresh(con) -> bool:
    """True when the rollups (data/rollups.py) match the data: every writer of facts refreshes them in the
    same transaction and records the data version they match."""
    return rollups_match(dict(_fetch(con, sql.ROLLUP_META, []).itertuples(index=False, name=None)))


# the rollup tables the builder reads (the migration that last changed them records it in meta 'rollups_schema')
ROLLUPS_SCHEMA = "012"


def rollups_match(meta_rows: dict) -> bool:
    """Whether the meta rows (``meta(con)``, read once per data version by the callers) say the rollups match the
    data, and are the tables this code reads (a read-only replica of a file not yet migrated has older ones)."""
    version = meta_rows.get("data_version")
    return (version is not None and meta_rows.get("rollups_version") == version
            and meta_rows.get("rollups_schema") == ROLLUPS_SCHEMA)


def _can_roll(source: catalogue.Source, by: list[str], filters: Filters) -> bool:
    """A source's rollup answers a query when every dimension it is cut or filtered by is in the rollup."""
    if not source.rollup_mode:
        return False
    dims = set(source.rollup_dims) | {"unit", "period"}
    wanted = {d for d in by} | {d for d, _ in filters.where if d in source.dims}
    return wanted <= dims


def scope_clause(scope: tuple[str, ...] | None, column: str) -> tuple[str, list]:
    """The scope as SQL on a row's ``column`` holding a unit_id (any level, any period), for rows without lineage
    columns (channels, teams, contests): the row's unit must be part of a unit in the scope today. Together with
    ``unit_clauses`` the only place a scope becomes SQL."""
    if scope is None:
        return "true", []
    if not scope:
        return "false", []
    return sql.SCOPE_UNITS.format(col=column, marks=_marks(scope)), list(scope)


def contest_scope_clause(scope: tuple[str, ...] | None, alias: str) -> tuple[str, list]:
    """A contest (table alias ``alias``) is visible when organised inside the scope or when a unit inside it took
    part."""
    if scope is None:
        return "true", []
    organised, p1 = scope_clause(scope, f"{alias}.organiser_unit_id")
    took_part, p2 = scope_clause(scope, "p.unit_id")
    return (f"({organised} or exists (select 1 from contest_participation as p "
            f"where p.contest_id = {alias}.contest_id and {took_part}))", p1 + p2)


def _source_query(source: catalogue.Source, metric_keys: list[str], by: list[str], filters: Filters,
                  buckets: list[_Bucket], rollup: bool = False) -> tuple[str, list, list[str]]:
    """SQL and parameters for the metrics of one source (from its rollup when ``rollup``). Returns (query,
    params, ignored filters)."""
    values, params = _values_clause(buckets)
    unit_col = "cur_unit_id" if filters.boundary == "current" else "hist_unit_id"

    select_dims = []
    for dim in by:
        if dim == "unit":
            select_dims.append(f"{unit_col} as unit_id")
        elif dim != "period":
            select_dims.append(f"{source.dims[dim]} as {DIM_COLUMNS[dim]}")

    # Filters that do not depend on the report month narrow the source rows early; a unit filter under
    # historical boundaries depends on the month (code 15 is Yên Bái, then Lào Cai) and runs last.
    units = unit_clauses(filters)
    early, late, early_params, late_params, ignored = units.early, units.late, units.early_params, \
        units.late_params, []
    if filters.platforms:
        if "platform" in source.dims:
            early.append(f"{source.dims['platform']} in ({_marks(filters.platforms)})")
            early_params += list(filters.platforms)
        else:
            ignored.append("platform")
    raw_rows, raw_where, raw_params = (sql.ROLLUP_ROWS if rollup else sql.SOURCE_ROWS)[source.key], [], []
    for dim, vals in filters.where:
        if dim in source.dims and not rollup and source.dims[dim] == "entity_id" and source.key in sql.ENTITY_KEYS:
            clause, bound = in_values(sql.ENTITY_KEYS[source.key], vals)     # on the entity's own key
            raw_where.append(clause)
            raw_params += bound
        elif dim in source.dims:
            clause, bound = in_values(source.dims[dim], vals)
            early.append(clause)
            early_params += bound
        else:
            ignored.append(dim)
    if raw_where:
        raw_rows = f"{raw_rows.rstrip()}\n        where {' and '.join(raw_where)}"

    if "unit" in by:
        early.append(sql.PROVINCIAL_ONLY)

    mode = source.mode
    if rollup:
        mode = source.rollup_mode
    elif mode == "snapshot" and all(b.window.months == 1 for b in buckets):
        mode = "snapshot_monthly"
    measures = [f"{catalogue.METRICS[k].expr} as {k}" for k in metric_keys]
    for k in metric_keys:       # figures as published: their qualifier, and whether the sum misses rows
        m = catalogue.METRICS[k]
        if m.published:
            measures.append(f"{sql.QUALIFIER_SUM.format(v=m.published, q=m.published + '_q')} as {_qual(k)}")
            if m.partial:
                measures.append(f"{sql.PARTIAL_SUM.format(v=m.published)} as {_part(k)}")
    query = f"""
        with {sql.BUCKETS_CTE.format(values=values)},
        src_raw as ({raw_rows}),
        {sql.LINEAGE_CTE.format(where="where " + " and ".join(early) if early else "", lineage=lineage(rollup))},
        rows as ({sql.BUCKET_JOIN[mode]}),
        {sql.MAPPED_CTE}
        select
            {', '.join(["bucket_id", "role"] + select_dims + measures)}
        from mapped
        {"where " + " and ".join(late) if late else ""}
        group by all
    """
    # parameters in the order their marks appear: buckets, the entity filter, early filters, late filters
    params = params + raw_params + early_params + late_params
    return query, params, ignored


# the report families whose raw rows are provincial units already
PROVINCIAL_REPORT_ROWS = {"contests"}


def report_rows(family: str, rollup: bool) -> str:
    """The (month, unit_id, received) rows of a report family, from the rollups when they may be used."""
    return sql.REPORT_ROWS_ROLLUP[family] if rollup and family in sql.REPORT_ROWS_ROLLUP else sql.REPORT_ROWS[family]


def lineage(provincial: bool) -> str:
    """The lineage rows are joined to: the 97 provinces' when the rows are provincial (rollups, contest reports),
    else every unit's view (``unit_lineage``)."""
    return sql.PROVINCE_LINEAGE if provincial else sql.LINEAGE


REPORT_FAMILIES = tuple(sorted(sql.REPORT_ROWS))


@dataclass(frozen=True)
class Reported:
    """``sql.REPORT_MARKED``'s rows as arrays, ordered by month (``month_index``: year × 12 + month − 1): for every
    report family, month the database covers and provincial unit expected that month, whether it reported."""

    month: np.ndarray       # int64, ascending
    family: np.ndarray      # int64, index into REPORT_FAMILIES
    hist: np.ndarray        # int64 unit_id as recorded that month
    cur: np.ndarray         # int64 unit_id today
    reported: np.ndarray    # bool


def _report_marked_query(filters: Filters, cov: Coverage, rollup: bool) -> tuple[str, list]:
    clauses, unit_params = unit_clauses(filters).all()
    by_lineage: dict[str, list[str]] = {}
    for family in REPORT_FAMILIES:
        joined = lineage(family in PROVINCIAL_REPORT_ROWS or (rollup and family in sql.REPORT_ROWS_ROLLUP))
        by_lineage.setdefault(joined, []).append(
            sql.REPORT_FAMILY_ROWS.format(family=family, report_rows=report_rows(family, rollup)))
    rep = " union all ".join(sql.REPORT_REP.format(rows=" union all ".join(rows), lineage=joined)
                             for joined, rows in by_lineage.items())
    query = sql.REPORT_MARKED.format(
        rep=rep,
        families=", ".join(f"('{family}')" for family in REPORT_FAMILIES),
        where=("where " + " and ".join(clauses)) if clauses else "",
    )
    return query, [cov.first, cov.last] + unit_params


def reported(con, filters: Filters, cov: Coverage, rollup: bool, memo=None) -> Reported:
    """Who was expected to report and who did, every month the database covers, under the filters' units and scope.
    It depends on neither the period nor the grain nor the comparison: ``memo(key, compute)`` (the readers' caches,
    keyed on the data version) keeps it for every query of a view and every later period. With a memo, the marks
    of every province are read once per data version and a unit filter or scope keeps their rows: a statement
    for the units' (recorded, today's) pairs, ~2 ms, instead of the whole marking again under a filter (~20 ms at
    national scale, bench/README.md eleventh pass). Without one, a single statement marks the filtered units."""
    if memo is None:
        return _read_marks(con, *_report_marked_query(filters, cov, rollup))
    everyone = replace(filters, units=(), scope=None)
    query, params = _report_marked_query(everyone, cov, rollup)
    marks = memo(("reported", query, tuple(params)), lambda: _read_marks(con, query, params))
    clauses, unit_params = unit_clauses(filters).all()
    if not clauses:
        return marks

    def kept() -> Reported:
        pairs = _fetch(con, sql.REPORT_UNIT_PAIRS.format(where=" and ".join(clauses)), unit_params)
        allowed = _pair_keys(pairs["hist_unit_id"].to_numpy(dtype="int64"), pairs["cur_unit_id"].to_numpy(dtype="int64"))
        keep = np.isin(_pair_keys(marks.hist, marks.cur), allowed)
        return Reported(month=marks.month[keep], family=marks.family[keep], hist=marks.hist[keep],
                        cur=marks.cur[keep], reported=marks.reported[keep])

    return memo(("reported", query, tuple(params), tuple(clauses), tuple(unit_params)), kept)


def _pair_keys(hist: np.ndarray, cur: np.ndarray) -> np.ndarray:
    return (hist << 32) | cur            # unit ids are small positive integers


def _read_marks(con, query: str, params: list) -> Reported:
    df = _fetch(con, query, params)
    codes = {f: i for i, f in enumerate(REPORT_FAMILIES)}
    return Reported(month=df["month_index"].to_numpy(dtype="int64"),
                    family=df["family"].map(codes).to_numpy(dtype="int64"),
                    hist=df["hist_unit_id"].to_numpy(dtype="int64"),
                    cur=df["cur_unit_id"].to_numpy(dtype="int64"),
                    reported=df["reported"].to_numpy(dtype=bool))


def _month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def report_counts(rep: Reported, families: list[str], by_unit: bool, boundary: str,
                  buckets: list[_Bucket]) -> pd.DataFrame:
    """Per report family, bucket and role (and output unit when ``by_unit``): how many provincial units were
    expected (``n_expected``), reported every month of the bucket (``n_full``) and at least one (``n_any``). Under
    current boundaries the units counted are today's: one is full when every province it was made of reported
    every month. Rows of ``rep`` are ordered by month, so a bucket's months are one slice of them."""
    units = rep.cur if boundary == "current" else rep.hist
    lo = np.searchsorted(rep.month, [_month_index(b.window.start) for b in buckets], side="left")
    hi = np.searchsorted(rep.month, [_month_index(b.window.end) for b in buckets], side="right")
    idx = np.concatenate([np.arange(a, z) for a, z in zip(lo, hi)] or [np.empty(0, dtype="int64")])
    bix = np.repeat(np.arange(len(buckets), dtype="int64"), hi - lo)
    keep = np.isin(rep.family[idx], [REPORT_FAMILIES.index(f) for f in families])
    idx, bix = idx[keep], bix[keep]
    # one group per (bucket, family, unit), its key packed in an int64: full when every row reported, any when one
    # did; then, unless by unit, one per (bucket, family) counting its units
    n_fam = len(REPORT_FAMILIES)
    codes, groups = pd.factorize(((bix * n_fam + rep.family[idx]) << 32) | units[idx])
    n_rows = np.bincount(codes, minlength=len(groups))
    n_reported = np.bincount(codes, weights=rep.reported[idx], minlength=len(groups))
    full, some = (n_reported == n_rows).astype("int64"), (n_reported > 0).astype("int64")
    # a current bucket's units that reported every month of it and of the period it is compared with (its 'cmp'
    # bucket of the same bucket_id): the same units on both sides make a like-for-like change (``_assemble_wide``)
    group_bix = (groups >> 32) // n_fam
    bucket_ids = np.array([bk.bucket_id for bk in buckets] or [0], dtype="int64")
    roles = np.array([bk.role for bk in buckets] or [""], dtype=object)
    paired = ((bucket_ids[group_bix] * n_fam + (groups >> 32) % n_fam) << 32) | (groups & 0xFFFFFFFF)
    full_cmp = paired[(roles[group_bix] == "cmp") & (full == 1)]
    both = ((roles[group_bix] == "cur") & (full == 1) & np.isin(paired, full_cmp)).astype("int64")
    out: dict[str, np.ndarray] = {}
    if by_unit:
        pairs, n_expected = groups >> 32, np.ones(len(groups), dtype="int64")
        out_units = groups & 0xFFFFFFFF
    else:
        pair_codes, pairs = pd.factorize(groups >> 32)
        n_expected = np.bincount(pair_codes, minlength=len(pairs))
        full = np.bincount(pair_codes, weights=full, minlength=len(pairs)).astype("int64")
        some = np.bincount(pair_codes, weights=some, minlength=len(pairs)).astype("int64")
        both = np.bincount(pair_codes, weights=both, minlength=len(pairs)).astype("int64")
    b = pairs // n_fam
    out["family"] = np.array(REPORT_FAMILIES, dtype=object)[pairs % n_fam]
    out["bucket_id"] = np.array([bk.bucket_id for bk in buckets], dtype="int64")[b]
    out["role"] = np.array([bk.role for bk in buckets] or [""], dtype=object)[b]
    if by_unit:
        out["unit_id"] = out_units
    out |= {"n_expected": n_expected, "n_full": full, "n_any": some, "n_both": both}
    return pd.DataFrame(out)


def _spread_columns(parts: list[tuple[pd.DataFrame, list[tuple]]], keys: list[str]) -> dict[str, np.ndarray]:
    """Rows of several statements — one per role (and report family) and ``keys`` — as one row per ``keys`` (an
    outer join): each cell ``(role, family or None, column or None, name)`` of a part becomes the column ``name``,
    missing (NaN) where the part had no such row; a cell without a column is 1.0 where it had one.
    Numbers come as float64, so no nullable pandas type reaches the assembly. In numpy: DuckDB pivoting the roles
    (3 per column, 54 expressions for six report families) spent more time binding and optimizing than reading.
    Returns the columns by name (numpy arrays of one length): the assembly works on them and makes one frame at the
    end (a frame per step — spread, completed, merged — cost more than the numbers, bench/README.md)."""
    allkeys = {k: np.concatenate([rows[k].to_numpy() for rows, _ in parts]) for k in keys}
    codes, first = _codes(list(allkeys.values()))      # codes number the keys in order of appearance
    out: dict[str, np.ndarray] = {k: v[first] for k, v in allkeys.items()}      # each key's own dtype
    n, start = len(first), 0
    for rows, cells in parts:
        here = codes[start:start + len(rows)]
        start += len(rows)
        role = rows["role"].to_numpy()
        family = rows["family"].to_numpy() if "family" in rows.columns else None
        values: dict[str, np.ndarray] = {}
        picked: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}     # (role, family) -> its rows, their output rows
        for r, fam, column, name in cells:
            if (r, fam) not in picked:
                sel = role == r
                if fam is not None:
                    sel &= family == fam
                picked[(r, fam)] = sel, here[sel]
            sel, at = picked[(r, fam)]
            if column is None:
                col = np.full(n, np.nan)
                col[at] = 1.0
            else:
                text = column.startswith("__q_")        # qualifiers stay objects, everything else is a number
                if column not in values:
                    values[column] = rows[column].to_numpy(dtype=object) if text \
                        else rows[column].to_numpy(dtype="float64", na_value=np.nan)
                col = np.full(n, None, dtype=object) if text else np.full(n, np.nan)
                col[at] = values[column][sel]
            out[name] = col
    return out


def _role_cells(columns: list[str], name, family: str | None = None, present: str | None = None) -> list[tuple]:
    """``_spread_columns``' cells for each role's copy of ``columns`` named ``name(column, suffix)`` (and ``present``)."""
    cells = [(role, family, col, name(col, suffix)) for col in columns for role, suffix in _ROLES]
    if present:
        cells += [(role, family, None, f"{present}{suffix}") for role, suffix in _ROLES]
    return cells


def _measure_columns(metric_keys: list[str]) -> list[str]:
    """The measure columns ``_source_query`` selects for these base metrics, in its order."""
    out = list(metric_keys)
    for k in metric_keys:
        m = catalogue.METRICS[k]
        if m.published:
            out.append(_qual(k))
            if m.partial:
                out.append(_part(k))
    return out


# ---- public API ---------------------------------------------------------------------------------

class QueryError(ValueError):
    """A metric/dimension request the catalogue cannot answer (a programming error, not user input)."""


def _check(metrics: list[str], by: list[str]) -> None:
    for key in metrics:
        m = catalogue.get(key)
        missing = [d for d in by if d not in m.dims]
        if missing:
            raise QueryError(f"metric {key!r} cannot be cut by {missing}")


def _run(con, metrics, by, filters, shape, cov, ytd, rollups: bool | None = None, memo=None) -> pd.DataFrame:
    metrics, by = list(metrics), list(by)
    _check(metrics, by)
    if cov is None:
        cov = coverage(con)
    dim_cols = [DIM_COLUMNS[d] for d in by if d != "period"]
    if cov is None:
        return _empty(metrics, dim_cols, filters)
    periods = _periods(filters, shape, cov)
    if not periods:
        return _empty(metrics, dim_cols, filters)
    buckets = _buckets(periods, filters.compare, ytd)

    base = catalogue.base_metrics(metrics)
    by_source: dict[str, list[str]] = {}
    for key in base:
        by_source.setdefault(catalogue.METRICS[key].source, []).append(key)

    if rollups is None:
        rollups = rollups_fresh(con)
    keys = ["bucket_id"] + dim_cols
    families = sorted({catalogue.SOURCES[s].report for s in by_source})
    by_unit = "unit_id" in dim_cols
    report_keys = ["bucket_id", "unit_id"] if by_unit else ["bucket_id"]
    parts, cells, ignored = [], [], set()
    for source_key, keys_here in by_source.items():
        source = catalogue.SOURCES[source_key]
        # Year-to-date is a flow notion; stock sources skip those buckets.
        bks = buckets if source.mode == "flow" else [b for b in buckets if b.role != "ytd"]
        query, params, ign = _source_query(source, keys_here, by, filters, bks,
                                           rollup=rollups and _can_roll(source, by, filters))
        ignored.update(ign)
        parts.append((query, params))
        # Marks the rows this source returned: a missing row means 0, a NULL inside a row means unknown.
        cells.append(_role_cells(_measure_columns(keys_here), _same_name, present=_present(source_key)))
    # who reported: a statement for the first query of a data version and unit filter only (``memo`` then holds
    # it), run in this thread beside the sources' statements
    results, marked = _fetch_all(con, parts, (lambda: reported(con, filters, cov, rollups, memo)) if families
                                 else None)
    reports = None
    if families:
        counts = report_counts(marked, families, by_unit, filters.boundary, buckets)
        reports = _spread_columns([(counts, [c for family in families for c in _role_cells(
            _COUNTS, _family_column(family), family)])], report_keys)
    frame = _spread_columns(list(zip(results, cells)), keys)
    lifetimes = _unit_lifetimes(con) if by_unit and filters.boundary == "historical" else None
    moved = _area_changed(con, filters, buckets) if not by_unit else set()
    result = _assemble_wide(frame, reports, metrics, base, dim_cols, periods, buckets, cov, filters, lifetimes,
                            _ytd_is_period(periods, ytd), moved)
    result.attrs["ignored_filters"] = sorted(ignored)
    result.attrs["coverage"] = cov
    return result


def _present(source_key: str) -> str:
    return f"__present_{source_key}"


def _qual(key: str) -> str:
    return f"__q_{key}"


def _part(key: str) -> str:
    return f"__partial_{key}"


def qualified(key: str) -> bool:
    """Whether a metric's results carry qualifiers (``m_q``…): a figure as published, or a ratio of one."""
    m = catalogue.get(key)
    if m.kind == catalogue.RATIO:
        return qualified(m.numerator) or qualified(m.denominator)
    return bool(m.published)


def _marks_of(get, key: str, suffix: str, n: int) -> tuple[list, np.ndarray]:
    """(qualifier of each row's value — None exact —, whether the value is a sum missing some rows) of a base metric;
    nothing where the value is unknown. ``get(column)`` returns a column's values, or None when there is none."""
    known = ~np.isnan(get(f"{key}{suffix}"))
    q, p = get(f"{_qual(key)}{suffix}"), get(f"{_part(key)}{suffix}")
    q = q if q is not None else [None] * n
    p = p if p is not None else [None] * n
    partial = np.fromiter((v is True or v == 1 for v in p), dtype=bool, count=n) & known
    marks = [catalogue.combine_qualifiers(a if isinstance(a, str) else None, ">" if b else None) if k else None
             for a, b, k in zip(q, partial, known)]
    return marks, partial


def _area_changed(con, filters: Filters, buckets: list[_Bucket]) -> set[int]:
    """Under historical boundaries, the buckets whose chosen units cover another area in the period compared with:
    code 48 is old Đà Nẵng in 2024 and Đà Nẵng with Quảng Nam from 07/2025, so 2025 against 2024 is no change of one
    unit's (code 14, Sơn La alone before and after, is). The whole country is one area: nothing."""
    if filters.boundary != "historical" or not filters.units or filters.compare == "none":
        return set()
    areas = _fetch(con, sql.UNIT_AREAS, [])
    areas = areas[areas["code"].isin(list(filters.units))]
    cur = {b.bucket_id: b.window for b in buckets if b.role == "cur"}
    cmp = {b.bucket_id: b.window for b in buckets if b.role == "cmp"}

    def at(day) -> frozenset:
        day = pd.Timestamp(day)
        alive = (areas["valid_from"] <= day) & (areas["valid_to"].isna() | (areas["valid_to"] > day))
        return frozenset(int(a) for a in areas.loc[alive, "area"])

    def area(w: Window) -> frozenset | None:
        """The window's area, None when it changed inside it (2025 for code 48: without Quảng Nam until June)."""
        first, last = at(w.start), at(month_end(w.end))
        return first if first == last else None

    changed = set()
    for i, w in cur.items():
        if i in cmp:
            here = area(w)
            if here is None or here != area(cmp[i]):
                changed.add(i)
    return changed


def _unit_lifetimes(con) -> dict[int, tuple]:
    df = _fetch(con, sql.UNIT_LIFETIMES, [])
    def day(x):
        return None if x is None or pd.isna(x) else pd.Timestamp(x).date()

    return {int(u): (day(f), day(t)) for u, f, t in df.itertuples(index=False, name=None)}


def _empty(metrics, dim_cols, filters) -> pd.DataFrame:
    cols = ["period_label", "period_short", "period_start", "period_end", "incomplete", "cmp_label"] + dim_cols
    for key in metrics:
        ytd = [f"{key}_ytd_reported", f"{key}_ytd_expected"] if catalogue.METRICS[key].kind == catalogue.FLOW else []
        cols += [key, f"{key}_cmp", f"{key}_ytd", f"{key}_reported", f"{key}_expected", *ytd, f"{key}_delta",
                 f"{key}_pct"]
    df = pd.DataFrame(columns=cols)
    df.attrs["ignored_filters"] = []
    df.attrs["coverage"] = None
    return df


_ROLES = (("cur", ""), ("cmp", "_cmp"), ("ytd", "_ytd"))


def _complete_rows(frame: dict[str, np.ndarray], keys: list[str], n_buckets: int,
                   limit: int = 200_000) -> dict[str, np.ndarray]:
    """Every period gets a row for every dimension combination seen anywhere in the result (columns as
    ``_spread_columns`` gives them; a value the row did not have is NaN)."""
    dims = keys[1:]
    n = len(frame["bucket_id"])
    if dims:
        codes, first = _codes([frame[c] for c in dims])
        n_combos = len(first)
    else:
        codes, first, n_combos = np.zeros(n, dtype="int64"), None, 1
    if n_combos * n_buckets > limit or n_combos * n_buckets == n:    # too many, or every one there already
        return frame
    rows = np.full(n_buckets * n_combos, -1, dtype="int64")      # the frame's row at each grid position
    rows[frame["bucket_id"].astype("int64") * n_combos + codes] = np.arange(n)
    out = {"bucket_id": np.repeat(np.arange(n_buckets, dtype="int64"), n_combos)}
    out |= {c: np.tile(frame[c][first], n_buckets) for c in dims}
    out |= {c: _take(v, rows) for c, v in frame.items() if c not in out}
    return out


def _with_units(frame: dict[str, np.ndarray], unit_ids: np.ndarray) -> dict[str, np.ndarray]:
    """``frame`` with a row for each of ``unit_ids`` in the first bucket, every other value NaN (completed to every
    bucket by ``_complete_rows``)."""
    n = len(unit_ids)

    def added(name: str, values: np.ndarray) -> np.ndarray:
        if name == "bucket_id":
            return np.zeros(n, dtype="int64")
        if name == "unit_id":
            return unit_ids
        return np.full(n, np.nan, dtype=values.dtype if values.dtype.kind in "fO" else "float64")

    return {c: np.concatenate([v, added(c, v)]) for c, v in frame.items()}


def _codes(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A number for each row's combination of values (in order of first appearance; a missing value is a value of
    its own) and the first row of each."""
    codes, _ = pd.factorize(arrays[0], use_na_sentinel=False)
    codes = codes.astype("int64", copy=False)
    for more in arrays[1:]:             # a pair of codes numbered again, in the same order of appearance
        more_codes, more_uniques = pd.factorize(more, use_na_sentinel=False)
        codes, _ = pd.factorize(codes * len(more_uniques) + more_codes)
        codes = codes.astype("int64", copy=False)
    _, first = np.unique(codes, return_index=True)
    return codes, first


def _take(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``values[rows]``, NaN where a row is -1."""
    missing = rows < 0
    out = values[np.where(missing, 0, rows)] if len(values) else np.empty(len(rows), dtype=values.dtype)
    if missing.any():
        if out.dtype.kind not in "fO":
            out = out.astype("float64")
        out[missing] = np.nan
    return out


def _lookup(table: list[np.ndarray], probe: list[np.ndarray]) -> np.ndarray:
    """The row of ``table`` (unique keys, as arrays) holding each probe's keys, -1 when none does: both numbered
    together by ``_codes``."""
    n = len(table[0])
    codes, first = _codes([np.concatenate([t, p]) for t, p in zip(table, probe)])
    row_of = np.full(len(first), -1, dtype="int64")
    row_of[codes[:n]] = np.arange(n)
    return row_of[codes[n:]]


_COUNTS = ["n_expected", "n_full", "n_any", "n_both"]


def _family_column(family: str):
    return lambda c, suffix: f"__{family}_{c}{suffix}"


def _same_name(c: str, suffix: str) -> str:
    return f"{c}{suffix}"


def _assemble(raw, metrics, base, dim_cols, periods, buckets, cov, filters, lifetimes=None,
              ytd_is_period: set[int] = frozenset(), reports: dict[str, pd.DataFrame] | None = None
              ) -> pd.DataFrame:
    """``_assemble_wide`` from rows per role (bucket_id, role, dims, values; reports per family as
    ``report_counts`` returns them), for a caller computing the same rows otherwise (bench/overview.py's pandas)."""
    keys = ["bucket_id"] + dim_cols
    value_cols = [c for c in raw.columns if c not in keys and c != "role"]
    frame = _spread_columns([(raw, _role_cells(value_cols, _same_name))], keys)
    report_keys = ["bucket_id", "unit_id"] if "unit_id" in dim_cols else ["bucket_id"]
    wide = None
    if reports:
        wide = _spread_columns([(df, _role_cells([c for c in _COUNTS if c in df], _family_column(family)))
                                for family, df in reports.items()], report_keys)
    return _assemble_wide(frame, wide, metrics, base, dim_cols, periods, buckets, cov, filters, lifetimes,
                          ytd_is_period)


def _assemble_wide(frame: dict[str, np.ndarray], reports: dict[str, np.ndarray] | None, metrics, base, dim_cols,
                   periods, buckets, cov, filters, lifetimes=None, ytd_is_period: set[int] = frozenset(),
                   moved: set[int] = frozenset()) -> pd.DataFrame:
    """The result frame from the sources' values with each role's side by side (``m``, ``m_cmp``, ``m_ytd``,
    ``__present_<source>``…, one row per bucket and dimension combination) and the report families' counts
    (``__<family>_n_any_cmp``…, one row per bucket [and unit], or None), both as ``_spread_columns`` gives them."""
    keys = ["bucket_id"] + dim_cols
    source_of = {k: catalogue.METRICS[k].source for k in base}
    report_keys = ["bucket_id", "unit_id"] if "unit_id" in dim_cols else ["bucket_id"]
    if "unit_id" in dim_cols and reports is not None:
        # every unit expected to report appears, with its value unknown when it sent nothing
        expected_cols = [c for c in reports if c.endswith("_n_expected")]
        seen = reports["unit_id"][np.logical_or.reduce([~np.isnan(reports[c]) for c in expected_cols])] \
            if expected_cols else np.empty(0, dtype="int64")
        units_seen = pd.unique(seen)
        others = [c for c in dim_cols if c != "unit_id"]
        if not others and len(units_seen):
            have = frame["unit_id"]
            have = have[~pd.isna(have)].astype(int)
            extra = units_seen[~np.isin(units_seen.astype(int), have)].astype(int)
            if len(extra):
                frame = _with_units(frame, extra)
    frame = _complete_rows(frame, keys, len(periods))
    family_of = {k: catalogue.SOURCES[source_of[k]].report for k in base}
    n_rows = len(frame["bucket_id"])
    if reports is not None:
        table = [reports[k].astype(frame[k].dtype, copy=False) for k in report_keys]
        rows = _lookup(table, [frame[k] for k in report_keys]) if n_rows else np.empty(0, dtype="int64")
        frame = {**frame, **{c: _take(v, rows) for c, v in reports.items() if c not in report_keys}}
    # A value is unknown where the data do not cover the period, or where no unit of the row reported the
    # source's family for any month of it (DESIGN §3 "Unknown is not zero"). A unit that did report and has
    # no row (no TikTok posts, say) has 0; a NULL the source returned (reach never reported) stays unknown.
    # The numbers are worked on as numpy arrays (a pandas operation per column costs more than the column).
    bucket_ids = frame["bucket_id"]
    columns = set(frame)
    windows = {(b.bucket_id, b.role): b.window for b in buckets}
    known: dict[str, np.ndarray] = {}
    # per role, the rows whose unit (historical boundaries) did not exist for the whole window: its flows are the
    # months it existed (not like-for-like: no change is stated) and its stocks, when it no longer existed at the
    # window's end, have no value at all (Quảng Nam in 2025: gone on 01/07/2025, not "0 channels")
    not_whole: dict[str, np.ndarray] = {}
    for role, suffix in _ROLES:
        in_cov = np.array([(i, role) in windows and cov.contains(windows[(i, role)]) for i in range(len(periods))],
                          dtype=bool)
        covered = in_cov[bucket_ids] if n_rows else np.zeros(0, dtype=bool)
        ended = np.zeros(n_rows, dtype=bool)
        if lifetimes is not None:
            # under historical boundaries a unit that did not exist in the window has no value at all
            life = [lifetimes.get(int(u)) if pd.notna(u) else None for u in frame["unit_id"]]
            rows_w = [windows.get((i, role)) for i in bucket_ids]
            alive = [w is not None and _alive(lt, w) for lt, w in zip(life, rows_w)]
            covered &= np.array(alive, dtype=bool)
            ended = np.array([w is not None and not _alive(lt, Window(w.end, w.end)) for lt, w in zip(life, rows_w)],
                             dtype=bool)
            not_whole[suffix] = np.array([w is not None and not _lives_through(lt, w) for lt, w in zip(life, rows_w)],
                                         dtype=bool)
        present_of: dict[str, np.ndarray] = {}      # per source: it returned a row
        ok_of: dict[str, np.ndarray] = {}           # per report family: covered and someone reported
        for k in base:
            col, source, family = f"{k}{suffix}", source_of[k], family_of[k]
            values = np.array(frame[col], dtype="float64") if col in columns else np.full(n_rows, np.nan)
            if source not in present_of:
                pcol = f"{_present(source)}{suffix}"
                present_of[source] = pd.notna(frame[pcol]) if pcol in columns \
                    else np.zeros(n_rows, dtype=bool)
            if family not in ok_of:
                any_col = f"__{family}_n_any{suffix}"
                ok_of[family] = covered & (frame[any_col].astype("float64") > 0) \
                    if any_col in columns else covered
            present, ok = present_of[source], ok_of[family]
            values[ok & ~present] = 0.0
            values[~ok] = np.nan
            if catalogue.METRICS[k].kind == catalogue.STOCK:
                values[ended] = np.nan
            known[col] = values
    # a range starting in January is its own year to date
    same = np.isin(bucket_ids, list(ytd_is_period)) if ytd_is_period else None
    if same is not None:
        for k in base:
            known[f"{k}_ytd"] = np.where(same, known[k], known[f"{k}_ytd"])
            for extra in (_qual(k), _part(k)):
                if extra in columns and f"{extra}_ytd" in columns:
                    known[f"{extra}_ytd"] = np.where(same, frame[extra].astype(object),
                                                     frame[f"{extra}_ytd"].astype(object))

    def get(name: str):
        if name in known:
            return known[name]
        return frame.get(name)

    # columns gathered first and joined once: one insert per column fragments the frame
    cols: dict[str, object] = {}

    def nan() -> np.ndarray:
        return np.full(n_rows, np.nan)

    def words(values) -> pd.Series:
        """Qualifiers as an object column (an array of strings would become pandas' string dtype)."""
        return pd.Series(values, dtype=object)

    def nones() -> pd.Series:
        return words([None] * n_rows)

    def approximate(values: np.ndarray, *marks) -> pd.Series:
        """'~' where a value is known and one of its parts is qualified."""
        return words(["~" if not np.isnan(v) and any(m) else None for v, *m in zip(values, *marks)])

    unlike: dict[str, np.ndarray] = {}      # per report family: rows whose change would not be like for like
    for key in metrics:
        m = catalogue.METRICS[key]
        marks = qualified(key)
        if m.kind == catalogue.RATIO:
            for suffix in ("", "_cmp"):
                num, den = known[f"{m.numerator}{suffix}"], known[f"{m.denominator}{suffix}"]
                ratio = num / np.where(den != 0, den, np.nan)
                if not marks:
                    cols[f"{key}{suffix}"] = ratio
                    continue
                # a part that misses rows makes the ratio unknown; a qualified part makes it approximate
                (qn, pn), (qd, pd_) = _marks_of(get, m.numerator, suffix, n_rows), \
                    _marks_of(get, m.denominator, suffix, n_rows)
                cols[f"{key}{suffix}"] = ratio = np.where(pn | pd_, np.nan, ratio)
                cols[f"{key}{suffix}_q"] = approximate(ratio, qn, qd)
            cols[f"{key}_ytd"] = nan()
            if marks:
                cols[f"{key}_ytd_q"] = nones()
        else:
            cols[key] = known[key]
            cols[f"{key}_cmp"] = known[f"{key}_cmp"]
            cols[f"{key}_ytd"] = known[f"{key}_ytd"] if m.kind == catalogue.FLOW else nan()
            if marks:
                for suffix in ("", "_cmp", "_ytd"):
                    cols[f"{key}{suffix}_q"] = words(_marks_of(get, key, suffix, n_rows)[0])
        family = catalogue.SOURCES[catalogue.METRICS[catalogue.base_metrics([key])[0]].source].report
        for name, out_name in (("n_full", "reported"), ("n_expected", "expected")):
            col = f"__{family}_{name}"
            cols[f"{key}_{out_name}"] = frame[col] if col in columns else nan()
        if m.kind == catalogue.FLOW:
            # who the year to date comes from: a target grades it, not the period (a month missing in March leaves
            # January–September short even when the third quarter is complete)
            for name, out_name in (("n_full", "reported"), ("n_expected", "expected")):
                col = f"__{family}_{name}_ytd"
                ytd = np.asarray(frame[col], dtype="float64") if col in columns else nan()
                if same is not None:
                    ytd = np.where(same, np.asarray(cols[f"{key}_{out_name}"], dtype="float64"), ytd)
                cols[f"{key}_ytd_{out_name}"] = ytd
        cmp = cols[f"{key}_cmp"]
        # a change is stated only like for like: every unit expected sent its report every month of the period and
        # of the one it is compared with, or — a total over units some of which did not — the same units did, in
        # full, on both sides and no other unit sent part of one (Sơn La without August: July + September against
        # a whole quarter is no change; a month one unit of 34 has sent so far is no "-98 %" against a month all
        # sent; a province that never reports leaves the others' change standing beside "33/34 đơn vị đã báo cáo
        # đủ", ``blocks.coverage_note``); nor for a unit that existed for part of either (historical boundaries)
        partial = np.zeros(n_rows, dtype=bool)
        for fam in {catalogue.SOURCES[catalogue.METRICS[b].source].report for b in catalogue.base_metrics([key])}:
            if fam not in unlike:         # numpy, once per family (pandas' operators cost ~0,1 ms each)
                unlike[fam] = _not_like_for_like(frame, fam, n_rows)
            partial |= unlike[fam]
        for suffix in ("", "_cmp"):
            if suffix in not_whole:
                partial |= not_whole[suffix]
        if moved:           # the chosen units cover another area in the period compared with (historical boundaries)
            partial |= np.isin(bucket_ids, list(moved))
        cols[f"{key}_delta"] = np.where(partial, np.nan, cols[key] - cmp)
        cols[f"{key}_pct"] = cols[f"{key}_delta"] / np.where(cmp != 0, cmp, np.nan)
        if marks:           # a change with a qualified side is approximate
            cols[f"{key}_delta_q"] = words([
                catalogue.change_qualifier(q, cq) if not np.isnan(d) else None
                for d, q, cq in zip(cols[f"{key}_delta"], cols[f"{key}_q"], cols[f"{key}_cmp_q"])])
        if filters.compare == "none":
            for suffix in ("_cmp", "_delta", "_pct"):
                cols[f"{key}{suffix}"] = nan()
            if marks:
                for suffix in ("_cmp_q", "_delta_q"):
                    cols[f"{key}{suffix}"] = nones()
    lang = filters.lang
    cmp_windows = {b.bucket_id: b.window for b in buckets if b.role == "cmp"}

    def per_bucket(fn, dtype=None) -> pd.Series:
        values = [fn(i, p) for i, p in enumerate(periods)]
        return pd.Series([values[i] for i in bucket_ids], dtype=dtype)

    labels = {
        "period_label": per_bucket(lambda i, p: period_label(p, lang)),
        "period_short": per_bucket(lambda i, p: short_label(p, lang)),
        "period_start": per_bucket(lambda i, p: p.window.start, object),
        "period_end": per_bucket(lambda i, p: p.window.end, object),
        "incomplete": per_bucket(lambda i, p: bool(p.incomplete), bool),
        "cmp_label": per_bucket(lambda i, p: window_label(cmp_windows[i], lang) if i in cmp_windows else None),
    }
    # one frame made once (a concat of frames, a column selection and a drop each copied every column)
    out = pd.DataFrame({**labels, **{k: frame[k] for k in keys}, **cols})
    out = out.sort_values(keys, kind="stable", ignore_index=True)
    del out["bucket_id"]
    return out


def _not_like_for_like(frame: dict, family: str, n_rows: int) -> np.ndarray:
    """Rows whose value and comparison value do not come from the same units reporting in full (see the comment at
    its use): a unit missing or partial on one side, unless the same complete units make both sides."""
    def col(name: str) -> np.ndarray | None:
        v = frame.get(f"__{family}_{name}")
        return None if v is None else np.asarray(v, dtype="float64")

    full, expected, any_, both = col("n_full"), col("n_expected"), col("n_any"), col("n_both")
    full_c, expected_c, any_c = col("n_full_cmp"), col("n_expected_cmp"), col("n_any_cmp")
    if full is None or expected is None or full_c is None or expected_c is None:
        return np.zeros(n_rows, dtype=bool)
    short = (full < expected) | (full_c < expected_c)
    if both is None or any_ is None or any_c is None:
        return short
    # the same units, each complete on both sides, and nobody else sent a part
    same = (any_ == full) & (any_c == full_c) & (full == full_c) & (both == full)
    return short & ~same


def _alive(lifetime, w: Window) -> bool:
    """Whether a unit (its lifetime: valid from, valid to exclusive) existed at some time in ``w``."""
    if lifetime is None:
        return True
    valid_from, valid_to = lifetime
    return valid_from <= month_end(w.end) and (valid_to is None or valid_to > w.start)


def _lives_through(lifetime, w: Window) -> bool:
    """Whether a unit existed for the whole of ``w``."""
    if lifetime is None:
        return True
    valid_from, valid_to = lifetime
    return valid_from <= w.start and (valid_to is None or valid_to > month_end(w.end))


def totals(con, metrics, by=(), filters: Filters | None = None, cov: Coverage | None = None,
           ytd: bool = True, rollups: bool | None = None, memo=None) -> pd.DataFrame:
    """One row per combination of ``by`` for the whole chosen range, with comparison columns.

    Columns: period_* (the range actually counted), the ``by`` columns, and for each metric
    ``m``, ``m_cmp``, ``m_delta``, ``m_pct`` (NaN where undefined, e.g. division by zero) and
    ``m_ytd`` (flows only: lũy kế from January to the end of the range).
    """
    return _run(con, metrics, [d for d in by if d != "period"], filters, "range", cov, ytd, rollups, memo)


def totals_key(filters: Filters | None) -> Filters | None:
    """The filters ``totals`` reads, for a cache key: all but the grain, which only cuts a series into periods (the
    totals of a range are the same at any grain; keyed on it, choosing another grain recomputed every card,
    ranking and table of a page)."""
    return replace(filters, grain="month") if filters is not None else None


def series(con, metrics, by=(), filters: Filters | None = None, cov: Coverage | None = None,
           ytd: bool = False, rollups: bool | None = None, memo=None) -> pd.DataFrame:
    """One row per period at ``filters.grain`` (and per combination of ``by``), same columns as totals.

    Year-to-date is off by default here: every month would join each YTD window containing it.
    """
    return _run(con, metrics, [d for d in by if d != "period"], filters, "series", cov, ytd, rollups, memo)


def targets(con, metric_keys, filters: Filters, year: int) -> dict[str, float]:
    """Sum of the year's targets (chỉ tiêu) over the filtered units, per metric key. Whether a target applies to
    the filters, its monthly path and its progress: ``queries.targets`` (built on ``unit_clauses``)."""
    from queries import targets as metric_targets  # it imports this module

    return metric_targets.yearly(con, metric_keys, filters, year)
