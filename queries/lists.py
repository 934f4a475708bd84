"""Lists the analysis pages show beside their charts: channels, teams, contests, contest weeks.

Read side only; numbers per entity still come from ``queries.builder`` (cut by the 'channel' or
'team' dimension) — these functions add what an entity *is* (name, address, dates) and what the
builder's monthly grain cannot give (a contest's weekly curve).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from queries import access, sql
from queries.builder import Filters, _fetch, _marks, scope_clause, unit_clauses
from queries.periods import month_end

STATUS_UPCOMING, STATUS_RUNNING, STATUS_ENDED = "upcoming", "running", "ended"


def entities(con, kind: str, *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Attributes of every channel ('channel') or team ('team') of a unit inside ``scope`` (None = all), keyed by
    entity_id (dates as dates)."""
    where, params = scope_clause(scope, "c.unit_id" if kind == "channel" else "t.unit_id")
    df = _fetch(con, sql.ENTITIES[kind].format(where=where), params)
    for col in ("opened_on", "closed_on"):
        df[col] = [None if pd.isna(x) else pd.Timestamp(x).date() for x in df[col]]
    return df


def entity_page(con, kind: str, filters: Filters, search: str = "", limit: int = 500, *,
                scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One page of the channel ('channel') or team ('team') list, in SQL: the ids (``entity_id``) of the entities
    of the filtered units (and scope) that exist in the period, whose name, address, unit or platform contains
    ``search`` (folded like ``data.parse.phrase``), ordered by their followers or members at the period's last
    month (none last) and name; at most ``limit``; ``total`` is the number of all matches. Numbers per entity
    still come from the metric layer, asked for these ids only."""
    if scope is not None:
        filters = access.apply_scope(filters, scope)
    clauses, unit_params = unit_clauses(filters).all()
    where = list(clauses)
    params_where = list(unit_params)
    if kind == "channel" and filters.platforms:
        where.append(f"e.platform_key in ({_marks(filters.platforms)})")
        params_where += list(filters.platforms)
    needle = " ".join(str(search or "").casefold().split())
    search_sql, search_params = "true", []
    if needle:
        folded = [sql.FOLD.format(x=col) for col in sql.ENTITY_SEARCH[kind]]
        search_sql = "(" + " or ".join(f"contains({f}, ?)" for f in folded) + ")"
        search_params = [_fold_needle(needle)] * len(folded)
    end_day = month_end(filters.end)
    query = sql.ENTITY_PAGE[kind].format(where=" and ".join(["true"] + where), search=search_sql,
                                         limit=int(limit))
    params = [filters.end, end_day, filters.start] + params_where + [filters.end] + search_params
    df = _fetch(con, query, params)
    df["entity_id"] = df["entity_id"].astype("int64")
    return df


def _fold_needle(text: str) -> str:
    from data import parse

    return parse.phrase(text)


def entities_by_id(con, kind: str, ids: tuple[int, ...], *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """``entities`` for the given ids only (a page of the list)."""
    ids = tuple(int(i) for i in ids)
    if not ids:
        return entities(con, kind, scope=()).iloc[0:0]
    where, params = scope_clause(scope, "c.unit_id" if kind == "channel" else "t.unit_id")
    ident = "c.channel_id" if kind == "channel" else "t.team_id"
    df = _fetch(con, sql.ENTITIES_BY_ID[kind].format(where=where, id=ident, marks=_marks(ids)), params + list(ids))
    for col in ("opened_on", "closed_on"):
        df[col] = [None if pd.isna(x) else pd.Timestamp(x).date() for x in df[col]]
    return df


def contest_status(start_on: dt.date, end_on: dt.date, as_of: dt.date) -> str:
    """sắp diễn ra / đang diễn ra / đã kết thúc, as of a date (the end of the data's last month)."""
    if start_on > as_of:
        return STATUS_UPCOMING
    if end_on < as_of:
        return STATUS_ENDED
    return STATUS_RUNNING


def contests(con, as_of: dt.date, *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every contest a scope may see — organised by a unit inside it, or with participation from one — with its
    organiser and its status as of ``as_of``. Its targets (the organiser's) are unknown to a scope that did not
    organise it."""
    organised, p1 = scope_clause(scope, "c.organiser_unit_id")
    took_part, p2 = scope_clause(scope, "p.unit_id")
    df = _fetch(con, sql.CONTESTS.format(organised=organised, took_part=took_part), p1 + p2)
    for col in ("start_on", "end_on"):
        df[col] = pd.to_datetime(df[col]).dt.date
    df["status"] = [contest_status(s, e, as_of) for s, e in zip(df["start_on"], df["end_on"])]
    return df


def contest_weeks(con, contest_ids, filters: Filters, *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per contest and week: nguoi, luot, submissions, awards over the filtered participating units (``scope``
    narrows ``filters.scope`` further, as for every read through ``ui.store``),
    with the cumulative nguoi and luot (lũy kế) alongside. The period filter does not apply: a contest's
    curve runs over its own weeks."""
    contest_ids = [int(c) for c in contest_ids]
    cols = ["contest_id", "period_start", "nguoi", "luot", "submissions", "awards", "nguoi_cum", "luot_cum"]
    if not contest_ids:
        return pd.DataFrame(columns=cols)
    units = unit_clauses(replace(filters, scope=access.narrow(filters.scope, scope)))
    early, late, early_params, late_params = units.early, units.late, units.early_params, units.late_params
    query = sql.CONTEST_WEEKS.format(
        contest_marks=_marks(contest_ids),
        where_early="".join(f" and {w}" for w in early),
        where_late=("where " + " and ".join(late)) if late else "",
    )
    df = _fetch(con, query, contest_ids + early_params + late_params)
    df["period_start"] = pd.to_datetime(df["period_start"]).dt.date
    for col in ("nguoi", "luot", "submissions", "awards"):
        df[col] = df[col].astype("float64")
    df["nguoi_cum"] = df.groupby("contest_id")["nguoi"].cumsum()
    df["luot_cum"] = df.groupby("contest_id")["luot"].cumsum()
    return df[cols]
