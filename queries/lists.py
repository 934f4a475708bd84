"""Lists the analysis pages show beside their charts: channels, teams, contests, contest weeks.

Read side only; numbers per entity still come from ``queries.builder`` (cut by the 'channel' or
'team' dimension) — these functions add what an entity *is* (name, address, dates) and what the
builder's monthly grain cannot give (a contest's weekly curve).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from queries import access, catalogue, sql
from queries.builder import Filters, _fetch, _marks, in_values, rollups_fresh, scope_clause, unit_clauses
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


def list_key(filters: Filters) -> Filters:
    """The part of ``filters`` an entity list (``entity_page``) depends on: units, boundary, platforms, the period's
    first and last month, scope. Callers key their cache on it, so that choosing another grain, comparison or
    language, or drilling into a dimension the list does not read, reuses the list's page (~0,27 s for the national
    channel list at scale 200)."""
    return replace(filters, grain="month", compare="none", where=(), lang="vi")


def entity_page(con, kind: str, filters: Filters, search: str = "", limit: int = 500, offset: int = 0, *,
                scope: tuple[str, ...] | None = None, rollups: bool | None = None) -> pd.DataFrame:
    """One page of the channel ('channel') or team ('team') list, in SQL: the ids (``entity_id``) of the entities
    of the filtered units (and scope) that exist in the period, whose name, address, unit or platform contains
    ``search`` (folded like ``data.parse.phrase``), ordered by their followers or members at the period's last
    month (none last) and name; at most ``limit`` of them after the first ``offset`` (a page of the list: rows
    ``offset + 1`` to ``offset + limit``; a page past the last gives the last page), ``offset`` the rows before the
    page given; ``total`` is the number of all matches. Numbers per entity still come from the metric layer,
    asked for these ids only. A search reads the folded text the rollups keep
    when they match the data (``rollups``: None = ask the database), the raw tables otherwise."""
    if scope is not None:
        filters = access.apply_scope(filters, scope)
    clauses, unit_params = unit_clauses(filters).all()
    where = list(clauses)
    params_where = list(unit_params)
    if kind == "channel" and filters.platforms:
        where.append(f"e.platform_key in ({_marks(filters.platforms)})")
        params_where += list(filters.platforms)
    needle = " ".join(str(search or "").casefold().split())
    search_sql, search_params, joins = "true", [], ""
    if needle and (rollups if rollups is not None else rollups_fresh(con)):
        search_sql, search_params = sql.ENTITY_SEARCH_ROLLED, [kind, _fold_needle(needle)]
    elif needle:
        folded = [sql.FOLD.format(x=col) for col in sql.ENTITY_SEARCH[kind]]
        search_sql = "(" + " or ".join(f"contains({f}, ?)" for f in folded) + ")"
        search_params = [_fold_needle(needle)] * len(folded)
        joins = sql.ENTITY_SEARCH_JOINS[kind]
    end_day = month_end(filters.end)
    params = [filters.end, end_day, filters.start] + params_where + search_params + [filters.end]

    def page(offset: int) -> pd.DataFrame:
        query = sql.ENTITY_PAGE[kind].format(where=" and ".join(["true"] + where), search=search_sql, joins=joins,
                                             limit=limit, offset=offset, last=offset + max(limit - 1, 0))
        return _fetch(con, query, params)

    # a link may ask for any page: past 2^62 rows it is past the last anyway, and DuckDB's offset is a BIGINT
    limit, offset = max(int(limit), 1), min(max(int(offset), 0), 2**62)
    df = page(offset)
    if df.empty and offset:             # past the last page (a link's page, a list that shrank): the last one
        first = page(0)
        total = int(first["total"].iloc[0]) if len(first) else 0
        offset = (total - 1) // limit * limit if total else 0
        df = page(offset)
    df["entity_id"] = df["entity_id"].astype("int64")
    df["offset"] = offset
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
    ids_in, ids_params = in_values("c.channel_id" if kind == "channel" else "t.team_id", ids)
    df = _fetch(con, sql.ENTITIES_BY_ID[kind].format(where=where, ids_in=ids_in), params + ids_params)
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
    organiser, its status as of ``as_of`` and ``data_until``, the last day its figures cover. Its targets (the
    organiser's) are unknown to a scope that did not organise it."""
    organised, p1 = scope_clause(scope, "c.organiser_unit_id")
    took_part, p2 = scope_clause(scope, "p.unit_id")
    df = _fetch(con, sql.CONTESTS.format(organised=organised, took_part=took_part), p1 + p2)
    for col in ("start_on", "end_on"):
        df[col] = pd.to_datetime(df[col]).dt.date
    # the last day its participation figures cover (None without any): before end_on, the figures are not final
    df["data_until"] = [None if pd.isna(x) else pd.Timestamp(x).date() for x in df["data_until"]]
    df["status"] = [contest_status(s, e, as_of) for s, e in zip(df["start_on"], df["end_on"])]
    return df


# the measures of a contest participation row, in the order the lists give them
CONTEST_MEASURES = ("nguoi", "luot", "submissions", "awards", "registered", "valid_entries")


def _contest_measures() -> str:
    """Each measure's sum, and for a figure as published its qualifier and whether some row lacks it
    (``catalogue.QUALIFIED_SUMS``)."""
    published = {m.published: m for m in catalogue.METRICS.values() if m.published}
    out = []
    for col in CONTEST_MEASURES:
        out.append(f"sum({col}) as {col}")
        m = published.get(col)
        if m is not None:
            out.append(f"{sql.QUALIFIER_SUM.format(v=col, q=col + '_q')} as {col}_q")
            out.append(f"{sql.PARTIAL_SUM.format(v=col) if m.partial else 'false'} as {col}_partial")
    return ",\n        ".join(out)


def _qualifiers(df: pd.DataFrame) -> pd.DataFrame:
    """The SQL's qualifier and partial flag of each figure -> its qualifier (a sum missing rows is a lower bound)."""
    for col in CONTEST_MEASURES:
        df[col] = df[col].astype("float64")
        if f"{col}_q" in df:
            df[f"{col}_q"] = [catalogue.combine_qualifiers(q if isinstance(q, str) else None, ">" if p is True else None)
                              if pd.notna(v) else None for v, q, p in zip(df[col], df[f"{col}_q"], df[f"{col}_partial"])]
            df = df.drop(columns=f"{col}_partial")
    return df


def contest_weeks(con, contest_ids, filters: Filters, *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per contest and period as the rows give them (a week, a month, a round, the whole contest — ``period_start``,
    ``period_end`` its last day, ``period_grain``, ``round_no``): nguoi, luot, submissions, awards, registered,
    valid_entries over the filtered participating units (``scope`` narrows ``filters.scope`` further, as for every
    read through ``ui.store``), each figure as published with its qualifier (``<measure>_q``), and the cumulative nguoi
    and luot (lũy kế, in the order of the periods' last days, then first days) with theirs. An unknown figure (only the
    other one published) stays unknown, never 0, and a cumulative after it is a lower bound ('>'). The period filter
    does not apply: a contest's curve runs over its own periods."""
    contest_ids = [int(c) for c in contest_ids]
    cols = ["contest_id", "period_start", "period_end", "period_grain", "round_no", *CONTEST_MEASURES,
            *[f"{c}_q" for c in CONTEST_MEASURES if c != "awards"], "nguoi_cum", "luot_cum", "nguoi_cum_q",
            "luot_cum_q"]
    if not contest_ids:
        return pd.DataFrame(columns=cols)
    units = unit_clauses(replace(filters, scope=access.narrow(filters.scope, scope)))
    early, late, early_params, late_params = units.early, units.late, units.early_params, units.late_params
    query = sql.CONTEST_WEEKS.format(
        contest_marks=_marks(contest_ids),
        where_early="".join(f" and {w}" for w in early),
        where_late=("where " + " and ".join(late)) if late else "",
        measures=_contest_measures(),
    )
    df = _fetch(con, query, contest_ids + early_params + late_params)
    for col in ("period_start", "period_end"):
        df[col] = pd.to_datetime(df[col]).dt.date
    df["round_no"] = df["round_no"].astype("Int64")
    df = _qualifiers(df)
    for col in ("nguoi", "luot"):
        df[f"{col}_cum"] = df.groupby("contest_id")[col].cumsum()
        running = []
        for _cid, group in df.groupby("contest_id", sort=False):
            seen: list = []
            for value, q in zip(group[col], group[f"{col}_q"]):
                seen.append(q if pd.notna(value) else ">")    # after a period without it, a lower bound
                running.append(catalogue.combine_qualifiers(*seen) if pd.notna(value) else None)
        df[f"{col}_cum_q"] = running
    return df[cols]


def contest_outside(con, contest_id: int, filters: Filters, *, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The participation in one contest of the units outside the provincial tree (Trung ương, Cả nước, Tỉnh, thành
    phố khác, Ngoài nước: ``unit_code``, ``unit_name``, the measures and their qualifiers), which a table by unit
    leaves out. Empty under a unit filter or a scope: such figures belong to no unit."""
    cols = ["unit_code", "unit_name", *CONTEST_MEASURES, *[f"{c}_q" for c in CONTEST_MEASURES if c != "awards"]]
    if filters.units or access.narrow(filters.scope, scope) is not None:
        return pd.DataFrame(columns=cols)
    df = _fetch(con, sql.CONTEST_OUTSIDE.format(measures=_contest_measures()), [int(contest_id)])
    return _qualifiers(df)[cols]
