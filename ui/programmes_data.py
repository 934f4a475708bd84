"""Access to coordination programmes and to metric targets for the "Chương trình phối hợp" page
(``ui.views.programmes``), its deck and its files.

Every read goes through a ``blocks.Reader`` — ``ui.store`` on the page (cached on the database path and data
version, so an import or a form edit shows at once), ``blocks.DirectReader`` in the command line and in decks —
and through ``queries.programmes`` / ``queries.targets``, whose unit reads apply the user's scope with
``builder.unit_clauses``. Linked indicators get their actual from ``reader.totals`` (the metric layer). Nothing
here writes SQL or draws anything; words come from the message catalogue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd

from queries import catalogue, progress
from queries import programmes as P
from queries import targets as metric_targets
from queries.builder import Filters
from queries.periods import month_end


def coverage(reader):
    return reader.reference()["coverage"]


def as_of(reader) -> dt.date | None:
    """Figures are as of the last day of the data's last month."""
    cov = coverage(reader)
    return None if cov is None else month_end(cov.last)


def scope_only(f: Filters, cov) -> Filters:
    """The filters that keep only the user's scope (the parties and values of a programme are all shown, the unit
    choice of the filter bar only picks programmes); a fixed period so the cache key does not change with it."""
    return Filters(start=cov.first, end=cov.last, scope=f.scope)


def programmes(reader, f: Filters) -> pd.DataFrame:
    """Programmes with a party among the chosen units (all, when none is chosen), within the scope."""
    cov = coverage(reader)
    listed = Filters(start=cov.first, end=cov.last, units=f.units, boundary=f.boundary, scope=f.scope)
    return reader.read(P.programmes, listed)


def parties(reader, programme_id: int, f: Filters) -> pd.DataFrame:
    return reader.read(P.parties, int(programme_id), scope_only(f, coverage(reader)))


def tasks(reader, programme_id: int) -> pd.DataFrame:
    return reader.read(P.tasks, int(programme_id))


def indicators(reader, programme_id: int) -> pd.DataFrame:
    return reader.read(P.indicators, int(programme_id))


def conferences(reader, programme_id: int) -> pd.DataFrame:
    return reader.read(P.conferences, int(programme_id))


def default_year(year_from: int, year_to: int, cov) -> int:
    """The year a programme is shown for by default: its latest year the data have reached (its first before that)."""
    years = range(int(year_from), int(year_to) + 1)
    reached = [y for y in years if cov is not None and y <= cov.last.year]
    return max(reached) if reached else int(year_from)


def coverage_until(reader, until: dt.date | None = None):
    """The data's coverage, cut at ``until`` (a report month) when given: figures as they stood then."""
    cov = coverage(reader)
    if cov is None or until is None or until >= cov.last:
        return cov
    return replace(cov, last=max(until, cov.first))


def assessed(reader, programme_id: int, f: Filters, year: int | None = None,
             until: dt.date | None = None) -> pd.DataFrame:
    """The values of the programme (of ``year``, or every year; parties within the scope) with their actual, kind,
    status and shares — as of the data's last month, or of ``until`` when earlier (a period report's end: linked
    actuals counted to it, the running year's pace at it)."""
    cov = coverage_until(reader, until)
    party = parties(reader, programme_id, f)
    vals = P.with_party(reader.read(P.values, int(programme_id), scope_only(f, coverage(reader))), party)
    if year is not None:
        vals = vals[vals["year"] == year]
    return P.assess(vals, indicators(reader, programme_id), cov, reader.totals, f.scope)


def year_rows(reader, programme_id: int, f: Filters, year: int, until: dt.date | None = None) -> pd.DataFrame:
    """One row per indicator and party for ``year`` (a party without a value gets a row of unknowns), in task
    order, with the indicator's task, name, unit of count and linked metric (as of ``until``: ``assessed``)."""
    inds = indicators(reader, programme_id)
    party = parties(reader, programme_id, f)
    vals = assessed(reader, programme_id, f, year, until)
    grid = inds.merge(party[["unit_id"]].rename(columns={"unit_id": "party"}), how="cross")
    cols = ["indicator_id", "party", "target", "actual", "note", "source", "kind", "status", "share",
            "expected_share", "elapsed"]
    out = grid.merge(vals[cols], on=["indicator_id", "party"], how="left")
    # a year with no value at all leaves these columns all-NaN floats, which take no status word
    out = out.astype({"status": object, "kind": object})
    missing = out["status"].isna()
    elapsed = progress.elapsed_share(year, coverage_until(reader, until).last)
    out.loc[missing, "status"] = progress.NOT_STARTED if elapsed <= 0 else progress.NO_TARGET
    out.loc[missing, "kind"] = [P.LINKED if isinstance(m, str) else P.REPORTED for m in out.loc[missing, "metric_key"]]
    out["elapsed"] = out["elapsed"].fillna(elapsed)
    return out.sort_values(["seq", "indicator_id", "party"]).reset_index(drop=True)


def status_counts(rows: pd.DataFrame, parties_: pd.DataFrame) -> pd.DataFrame:
    """Per party: how many indicators have each status (every status a column, 0 where none)."""
    counts = pd.crosstab(rows["party"], rows["status"]) if len(rows) else pd.DataFrame()
    counts = counts.reindex(index=list(parties_["unit_id"]), columns=list(progress.STATUSES), fill_value=0)
    return counts.fillna(0).astype(int)


# ---- targets of catalogue metrics (the "Chỉ tiêu" view) -------------------------------------------------------


def target_rows(reader, f: Filters) -> pd.DataFrame:
    """Every catalogue metric with a target in the year of the period's end, for the chosen units: the target, the
    value achieved by the period's end (stocks the period-end value, flows the cumulative value from January), its
    progress, and — when the target does not apply to the filters — why. Behind pace first."""
    year = f.end.year
    keys = [k for k, m in catalogue.METRICS.items() if m.kind != catalogue.RATIO]
    goals = reader.targets(keys, f, year)
    cols = ["metric", "target", "achieved", "share", "expected_share", "status", "reason", "goal"]
    if not goals:
        return pd.DataFrame(columns=cols)
    cov = coverage(reader)
    start = max(dt.date(year, 1, 1), cov.first)
    whole = replace(f, start=start, compare="none")
    totals = reader.totals(list(goals), filters=whole, ytd=True)
    row = totals.iloc[0] if len(totals) else pd.Series(dtype=object)
    end = row.get("period_end") if len(totals) else f.end
    from ui.blocks import short_of_reports, stock_starts  # the start-of-year levels and coverage of the KPI cards

    starts = stock_starts(reader, goals, whole, end) if len(totals) else {}
    out = []
    for key, goal in goals.items():
        m = catalogue.get(key)
        achieved = row.get(f"{key}_ytd") if m.kind == catalogue.FLOW else row.get(key)
        achieved = np.nan if achieved is None or pd.isna(achieved) else float(achieved)
        # the year to date's value short of reports (a unit or month missing) is a lower bound: progress.PARTIAL
        complete = not short_of_reports(row, key)
        p = metric_targets.progress_of(goal, achieved, end.month, starts.get(key), complete) if goal.applies else None
        out.append({"metric": key, "target": goal.target if goal.applies else np.nan, "achieved": achieved,
                    "share": np.nan if p is None or p.share is None else p.share,
                    "expected_share": np.nan if p is None or p.expected_share is None else p.expected_share,
                    "status": None if p is None else p.status, "reason": goal.reason, "goal": goal})
    df = pd.DataFrame(out, columns=cols)
    order = {progress.BEHIND: 0, progress.MISSED: 1, progress.PARTIAL: 2, progress.UNKNOWN: 3, progress.RUNNING: 4,
             progress.ON_PACE: 5, progress.MET: 6, progress.EXCEEDED: 7}
    df["_order"] = [order.get(s, 8) for s in df["status"]]
    df = df.sort_values(["_order", "metric"], key=lambda c: c if c.name == "_order" else
                        c.map(lambda k: list(catalogue.METRICS).index(k))).drop(columns="_order")
    df.attrs["period_end"] = end
    df.attrs["year"] = year
    return df.reset_index(drop=True)


def with_target_line(df: pd.DataFrame, key: str, reader, f: Filters) -> pd.DataFrame:
    """A trend frame (one row per period) with ``{key}_target`` where an applicable target exists for the period's
    year: a stock's level (the month's own level where one was set, else the year's), a flow's cumulative target to
    the period's end (to compare with ``{key}_ytd``, the cumulative value from January)."""
    out = df.copy()
    out[f"{key}_target"] = np.nan
    m = catalogue.get(key)
    if m.kind == catalogue.RATIO or df.empty:
        return out
    years = sorted({d.year for d in out["period_end"]})
    goals = {y: reader.targets([key], replace(f, start=max(f.start, dt.date(y, 1, 1)), end=min(f.end, dt.date(y, 12, 1))),
                               y).get(key) for y in years}
    values = []
    for end in out["period_end"]:
        goal = goals.get(end.year)
        if goal is None or not goal.applies:
            values.append(np.nan)
            continue
        path = goal.expected(end.month)
        if m.kind == catalogue.STOCK:
            values.append(goal.target if path is None else path)
        else:
            values.append(np.nan if path is None else path)
    out[f"{key}_target"] = values
    out.attrs.update(df.attrs)
    out.attrs["target_reasons"] = sorted({g.reason for g in goals.values() if g is not None and g.reason})
    return out


def target_notes(df: pd.DataFrame, lang: str) -> list[str]:
    """The line under a trend whose target is not drawn because it does not apply to the filters."""
    from ui.messages import t

    reasons = df.attrs.get("target_reasons") or []
    return [t(f"target.trend_{r}", lang) for r in reasons]
