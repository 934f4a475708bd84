"""Access to the contest lists of ``queries.lists`` for the Cuộc thi page (``ui.views.contests``), plus the
list logic (period overlap, organiser-or-participant unit filter, status) that needs no SQL.

Every read goes through a ``blocks.Reader`` — ``ui.store`` on the page (cached on the database path and
data version, so an import shows at once), ``blocks.DirectReader`` in the command line — so the same
functions serve the page, decks and files. Numbers per contest and unit still come from the metric layer
(``reader.totals``); nothing here adds người to lượt or re-implements flow semantics.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from queries import lists
from queries.builder import Filters
from queries.periods import month_end


def as_of(reader) -> dt.date:
    """Statuses are as of the last day of the data's last month."""
    return month_end(reader.reference()["coverage"].last)


def contests(reader) -> pd.DataFrame:
    """Every contest with organiser and status (sắp diễn ra / đang diễn ra / đã kết thúc)."""
    return reader.read(lists.contests, as_of(reader))


def weeks(reader, contest_id: int, filters: Filters) -> pd.DataFrame:
    """Weekly and cumulative người and lượt of one contest over the filtered participating units."""
    return reader.read(lists.contest_weeks, (int(contest_id),), filters)


def whole_data(reader, f: Filters) -> Filters:
    """The filters over every month the data holds: a contest is seen whole, not cut by the period."""
    cov = reader.reference()["coverage"]
    return replace(f, start=cov.first, end=cov.last, compare="none", grain="month")


def organiser_codes(df: pd.DataFrame, units: pd.DataFrame, boundary: str) -> pd.Series:
    """The organiser's unit code under the boundary mode: today's unit (Quảng Nam -> 48 Đà Nẵng) under
    current boundaries, the code as it was under historical boundaries."""
    if boundary != "current":
        return df["organiser_code"]
    u = units.set_index("unit_id")
    successor = df["organiser_unit_id"].map(u["successor_id"])
    current_id = successor.where(successor.notna(), df["organiser_unit_id"]).astype("int64")
    return current_id.map(u["code"])


def successor_names(df: pd.DataFrame, units: pd.DataFrame) -> pd.Series:
    """Name of the unit an organiser merged into (NaN where it still exists)."""
    u = units.set_index("unit_id")
    successor = df["organiser_unit_id"].map(u["successor_id"])
    return successor.map(lambda s: u["name"].get(int(s)) if pd.notna(s) else None)


def visible(df: pd.DataFrame, f: Filters, participants: set[int], organisers: pd.Series,
            organisers_now: pd.Series, last_month: dt.date) -> pd.DataFrame:
    """Contests the page lists: overlapping the chosen months (upcoming ones too when the period reaches
    the data's last month), and, with units chosen, organised by or with participation from them
    (``participants`` already respects the units, the boundary mode and the scope). ``organisers`` are
    codes under the chosen boundary mode, ``organisers_now`` today's codes (the scope is in today's)."""
    start, end = f.start, month_end(f.end)
    keep = (df["start_on"] <= end) & (df["end_on"] >= start)
    if f.end >= last_month:
        keep |= df["start_on"] > end
    took_part = df["contest_id"].isin(participants)
    if f.units:
        keep &= organisers.isin(f.units) | took_part
    if f.scope is not None:
        keep &= organisers_now.isin(f.scope) | took_part
    return df[keep]


def default_contest(df: pd.DataFrame) -> int | None:
    """The most recent contest that has started (running or ended); else the first listed."""
    if df.empty:
        return None
    started = df[df["status"] != lists.STATUS_UPCOMING].sort_values(["start_on", "contest_id"])
    if len(started):
        return int(started.iloc[-1]["contest_id"])
    return int(df.iloc[0]["contest_id"])
