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

from queries import catalogue, lists
from queries.builder import Filters
from queries.periods import month_end
from ui import format as fmt
from ui import text as tx
from ui.messages import t

CENTRAL = "TW"      # the central department's unit code (migration 009)


def as_of(reader) -> dt.date:
    """Statuses are as of the last day of the data's last month."""
    return month_end(reader.reference()["coverage"].last)


def contests(reader) -> pd.DataFrame:
    """Every contest with organiser and status (sắp diễn ra / đang diễn ra / đã kết thúc)."""
    return reader.read(lists.contests, as_of(reader))


def weeks(reader, contest_id: int, filters: Filters) -> pd.DataFrame:
    """Người and lượt of one contest per period (weeks, months, rounds, the whole contest, as its rows give them) and
    cumulative, over the filtered participating units."""
    return reader.read(lists.contest_weeks, (int(contest_id),), filters)


def outside(reader, contest_id: int, filters: Filters) -> pd.DataFrame:
    """The contest's participation of the units outside the provincial tree (TW, CN, NT, NN), which the table by unit
    lists apart; empty under a unit filter or a scope."""
    return reader.read(lists.contest_outside, int(contest_id), filters)


def period_label(grain, start: dt.date, end, round_no, lang: str = "vi") -> str:
    """A contest period as its rows give it: 'Tuần từ 04/03/2024' (a 7-day week), 'Tuần 01/03/2024 – 03/03/2024',
    'Tháng 04/2024', 'Đợt 2 (04/03/2024 – 17/03/2024)', 'Cả cuộc thi (01/03/2024 – 31/03/2024)'."""
    end = end if isinstance(end, dt.date) else None
    if grain == "month":
        if end is None or end == month_end(start):
            return t("facts.period.month", lang, month=fmt.month(start))
        return t("facts.period.month_cut", lang, month=fmt.month(start), end=fmt.date(end))
    if grain == "round":
        return t("facts.period.round", lang, n="" if pd.isna(round_no) else int(round_no), start=fmt.date(start),
                 end=fmt.date(end))
    if grain == "whole":
        return t("facts.period.whole", lang, start=fmt.date(start), end=fmt.date(end))
    if end is None or end == start + dt.timedelta(days=6):
        return t("facts.period.week", lang, date=fmt.date(start))
    return t("facts.period.week_span", lang, start=fmt.date(start), end=fmt.date(end))


def with_labels(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The periods of ``weeks`` with their label (``period_label``)."""
    out = df.copy()
    out["period_label"] = [period_label(g, s, e, r, lang) for g, s, e, r in
                           zip(out["period_grain"], out["period_start"], out["period_end"], out["round_no"])]
    return out


def curve_points(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The points of the cumulative curves: one per week at its first day when every period is a week; else one per
    last day of the periods (a month at its end, the whole contest at the day its figures stop), the periods ending
    that day named together, their figures summed (unknown stays unknown) and the cumulative as of that day."""
    out = with_labels(df, lang)
    if out.empty or set(out["period_grain"]) == {"week"}:
        return out.assign(x=out["period_start"])
    rows = []
    for end, group in out.groupby("period_end", sort=True):
        row = {"period_start": group["period_start"].min(), "period_end": end, "x": end,
               "period_grain": "mixed" if group["period_grain"].nunique() > 1 else group["period_grain"].iloc[0],
               "period_label": "; ".join(group["period_label"])}
        for col in ("nguoi", "luot"):
            row[col] = group[col].sum(min_count=1)
            row[f"{col}_q"] = catalogue.combine_qualifiers(*group[f"{col}_q"])
            row[f"{col}_cum"], row[f"{col}_cum_q"] = group[f"{col}_cum"].iloc[-1], group[f"{col}_cum_q"].iloc[-1]
        rows.append(row)
    return pd.DataFrame(rows)


def grain_of(df: pd.DataFrame) -> str:
    """'week', 'month', 'round' or 'whole' when every period of ``weeks`` is of that kind, else 'mixed'."""
    grains = set(df["period_grain"]) if len(df) else set()
    return grains.pop() if len(grains) == 1 else "mixed" if grains else "week"


def data_until(df: pd.DataFrame) -> dt.date | None:
    """The last day the figures of ``weeks`` cover (a period with any figure), or None without figures."""
    known = df[df[["nguoi", "luot"]].notna().any(axis=1)] if len(df) else df
    return None if known.empty else max(known["period_end"])


def organiser_name(row: pd.Series, lang: str = "vi") -> str:
    """The organiser as a contest names it: a province's name; the central department by its name at the contest's
    start (Ban Tuyên giáo Trung ương, from 02/2025 Ban Tuyên giáo và Dân vận Trung ương)."""
    if row["organiser_code"] == CENTRAL:
        return t("facts.organiser.central", lang, dept=tx.department(row["start_on"], lang))
    return row["organiser_name"]


def status_text(row: pd.Series, lang: str = "vi") -> str:
    """A contest's status; an ended contest whose figures stop before its end says up to when."""
    text = t(f"contests.status.{row['status']}", lang)
    until = row.get("data_until")
    if row["status"] == lists.STATUS_ENDED and isinstance(until, dt.date) and until < row["end_on"]:
        return t("contests.status_until", lang, status=text, date=fmt.date(until))
    return text


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
