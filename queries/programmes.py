"""Coordination programmes (chương trình phối hợp): programmes, parties, tasks, indicators, their yearly targets and
actuals per party, and the review conferences — the read side of the "Chương trình phối hợp" page, its deck and files.

Every read whose rows carry a unit goes through ``builder.unit_clauses`` (the unit filter and the user's scope):
the list of programmes by their parties, the parties, and the indicator values. An indicator is either *reported*
(its actual typed in by the party, with a note and a source) or *linked* to a catalogue metric: then its actual is
the metric layer's value (``builder.totals``) for that party and year — a stock's value at the end of the year, a
flow's sum over the year, a ratio from its parts — never a number stored twice.

A party keeps its identity across the 2025 merger: a value is keyed by the unit valid on 31/12 of its year (2024:
old Đà Nẵng 1048; 2025: new Đà Nẵng 2048, which includes the former Quảng Nam), and belongs to the party whose unit
is, or became part of, that unit. Its linked actual counts that unit as it was that year (old Đà Nẵng alone in
2024; the new city, Quảng Nam's history included, in 2025), whatever the page's boundary choice, so a target is
always compared with the figures of the unit it was set for.

Statuses come from ``queries.progress``. No Streamlit, no words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from queries import access, catalogue, progress
from queries import sql_programmes as sql
from queries.builder import Coverage, Filters, _fetch, unit_clauses

LINKED, REPORTED = "linked", "reported"


def _where(filters: Filters | None, scope: tuple[str, ...] | None = None) -> tuple[str, list]:
    """The unit clauses of ``filters`` (units and scope) narrowed to a reader's ``scope`` (``ui.store``,
    ``DirectReader`` pass it)."""
    if filters is None:
        if scope is None:
            return "true", []
        filters = Filters(start=dt.date(2000, 1, 1), end=dt.date(2000, 1, 1))
    filters = access.apply_scope(filters, scope) if scope is not None else filters
    clauses, params = unit_clauses(filters).all()
    return " and ".join(["true"] + clauses), params


def _dates(df: pd.DataFrame, *cols: str) -> pd.DataFrame:
    for col in cols:
        df[col] = [None if pd.isna(x) else pd.Timestamp(x).date() for x in df[col]]
    return df


def programmes(con, filters: Filters | None = None, *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Programmes with a party among the filtered units (units and scope), latest first."""
    where, params = _where(filters, scope)
    df = _fetch(con, sql.PROGRAMMES.format(where=where), params)
    return _dates(df, "signed_on")


def parties(con, programme_id: int, filters: Filters | None = None, *,
            scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """A programme's parties as signed (unit_id, code, name) with the unit each is part of today (cur_unit_id,
    cur_code, cur_name, cur_unit_type), among the filtered units."""
    where, params = _where(filters, scope)
    df = _fetch(con, sql.PARTIES.format(where=where), [int(programme_id)] + params)
    return _dates(df, "valid_to")


def tasks(con, programme_id: int, *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    return _fetch(con, sql.TASKS, [int(programme_id)])


def indicators(con, programme_id: int, *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """A programme's indicators in task order, with ``metric_key`` (None = reported by hand)."""
    df = _fetch(con, sql.INDICATORS, [int(programme_id)])
    df["metric_key"] = [None if pd.isna(m) else str(m) for m in df["metric_key"]]
    return df


def values(con, programme_id: int, filters: Filters | None = None, *,
           scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Yearly target and reported actual of each indicator per party unit, among the filtered units."""
    where, params = _where(filters, scope)
    df = _fetch(con, sql.VALUES.format(where=where), [int(programme_id)] + params)
    for col in ("target", "actual"):
        df[col] = df[col].astype("float64")
    return _dates(df, "valid_to")


def conferences(con, programme_id: int, *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The review conferences of a programme by date (year reviewed, day, place, title, note)."""
    return _dates(_fetch(con, sql.CONFERENCES, [int(programme_id)]), "held_on")


# ---- who a value belongs to, and how its linked actual is counted ---------------------------------------------


def with_party(vals: pd.DataFrame, party: pd.DataFrame) -> pd.DataFrame:
    """``party``: the party unit (as signed) of each value — the party whose unit is, or became part of, the value's
    unit. Values of no listed party (outside the scope) are dropped."""
    by_cur = {}
    for uid, cur in zip(party["unit_id"], party["cur_unit_id"]):
        by_cur.setdefault(int(cur), int(uid))
    own = set(int(u) for u in party["unit_id"])
    out = vals.copy()
    out["party"] = [int(u) if int(u) in own else by_cur.get(int(c)) for u, c in zip(out["unit_id"], out["cur_unit_id"])]
    out = out[out["party"].notna()].copy()
    out["party"] = out["party"].astype("int64")
    return out


def year_filters(code: str, current: bool, year: int, cov: Coverage | None,
                 scope: tuple[str, ...] | None = None) -> Filters | None:
    """The metric-layer filters of one party unit (code, today's unit or not) over one year, as far as the data go;
    None when the data do not cover the year from its January (its sum or year-end value cannot be known)."""
    if cov is None:
        return None
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 1)
    if cov.first > start or cov.last < start:
        return None
    return Filters(start=start, end=min(end, cov.last), units=(str(code),),
                   boundary="current" if current else "historical", scope=scope)


Totals = Callable[..., pd.DataFrame]    # (metrics, by=(), filters=..., ytd=...) -> builder.totals frame


def _value(df: pd.DataFrame, key: str) -> float:
    if df is None or df.empty or key not in df:
        return np.nan
    v = df.iloc[0][key]
    return np.nan if pd.isna(v) else float(v)


def assess(vals: pd.DataFrame, inds: pd.DataFrame, cov: Coverage | None, totals: Totals,
           scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Each value row (``with_party``) with its actual, where it comes from and its progress.

    Adds: ``kind`` (LINKED | REPORTED), ``metric_key``, ``actual`` (a linked indicator's from ``totals`` for the
    party unit and year; a reported one's as typed), ``elapsed`` (share of the year the data cover), ``status``,
    ``share`` (actual / target), ``expected_share`` (running year: what was expected by now / target)."""
    out = vals.merge(inds[["indicator_id", "metric_key"]], on="indicator_id", how="left")
    out["kind"] = [LINKED if isinstance(m, str) else REPORTED for m in out["metric_key"]]
    out["elapsed"] = [progress.elapsed_share(int(y), cov.last if cov else None) for y in out["year"]]
    out["complete"] = True              # every unit and month expected to report a linked actual did
    linked = out[out["kind"] == LINKED]
    for (code, valid_to, year), rows in linked.groupby(["code", "valid_to", "year"], dropna=False, sort=False):
        current = valid_to is None or pd.isna(valid_to)
        f = year_filters(code, current, int(year), cov, scope)
        keys = list(dict.fromkeys(rows["metric_key"]))
        got = totals(keys, filters=f, ytd=False) if f is not None else None
        for i, key in zip(rows.index, rows["metric_key"]):
            out.loc[i, "actual"] = _value(got, key)
            # a party that did not send every month's report has a lower bound, not a shortfall (progress.PARTIAL)
            out.loc[i, "complete"] = not progress.short_of_reports(_value(got, f"{key}_reported"),
                                                                   _value(got, f"{key}_expected"))
        stocks = [k for k in keys if catalogue.get(k).kind != catalogue.FLOW]
        running = f is not None and 0 < float(rows["elapsed"].iloc[0]) < 1 and stocks
        if running:          # a stock's pace runs from its level at the end of the previous year
            last = dt.date(int(year) - 1, 12, 1)
            start = None if cov.first > last else totals(stocks, filters=Filters(
                start=last, end=last, units=f.units, boundary=f.boundary, scope=scope), ytd=False)
            for i, key in zip(rows.index, rows["metric_key"]):
                if key in stocks:
                    out.loc[i, "start"] = _value(start, key)
    if "start" not in out:
        out["start"] = np.nan
    results = []
    for r in out.itertuples(index=False):
        expected = None
        if r.kind == LINKED and catalogue.get(r.metric_key).kind != catalogue.FLOW and 0 < r.elapsed < 1:
            expected = progress.stock_expected(r.target, r.start, r.elapsed)
        results.append(progress.assess(r.target, r.actual, r.elapsed, expected, r.complete))
    out["status"] = [p.status for p in results]
    out["share"] = [np.nan if p.share is None else p.share for p in results]
    out["expected_share"] = [np.nan if p.expected_share is None else p.expected_share for p in results]
    return out.drop(columns=["start", "complete"])


# ---- conferences ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    held: pd.DataFrame          # conferences held on or before the day, by date
    next: pd.Series | None      # the first one after it (None: none planned)


def timeline(confs: pd.DataFrame, today: dt.date) -> Timeline:
    """Held conferences (on or before ``today``) and the next one planned."""
    held = confs[[d <= today for d in confs["held_on"]]] if len(confs) else confs
    ahead = confs[[d > today for d in confs["held_on"]]] if len(confs) else confs
    return Timeline(held, None if ahead.empty else ahead.iloc[0])
