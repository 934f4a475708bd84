"""Rollups: pre-aggregated facts that let the query builder answer a page from a few hundred thousand rows
instead of tens of millions (issue 13, DESIGN §9 "Scale").

The tables (migration 007) hold, per province as recorded (``unit_lineage.province_id``) and month: flows
summed, openings/closings counted, entities active at the month's end, and for stocks the sum of each
entity's last snapshot up to the month grouped by that snapshot's month — which is exactly the catalogue's
"last snapshot inside the period, among entities still active at its end" for any period ending that month.
``report_months`` says which province sent which monthly report for which month, and when; ``roll_registers``
which province has sent each register (channels, teams); ``roll_search`` what the lists' search box looks in,
folded once.

``refresh(con, provinces, sources)`` recomputes the rows of some provinces that read the fact tables a write
changed (all of them when months the facts covered are gone; only the new months' month-end rows elsewhere
when the months grew) inside the caller's transaction, and marks the rollups as matching the current data
version. Every writer of facts calls it in the same transaction as its write: the importer (commit, undo)
and the sample generator. The builder trusts the rollups only while ``meta.rollups_version`` equals
``meta.data_version`` (``queries.builder``), so a write that forgot them is slow, never wrong.

Write side: this module and the importer are the only places that change these tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from data import db
from queries.sql import (  # the lists' search and when a month was first sent: both sides
    ENTITY_SEARCH,
    ENTITY_SEARCH_JOINS,
    ENTITY_SOURCE,
    FIRST_SENT,
    FOLD,
    LOGGED_MONTHLY,
)

TABLES = ("roll_activities", "roll_channel_flows", "roll_channel_events", "roll_team_events",
          "roll_channels_active", "roll_teams_active", "roll_channel_stock", "roll_team_stock", "report_months",
          "roll_registers", "roll_search")

# the fact tables each rollup statement reads (a write of other tables leaves it as it is); the units and their
# lineage are read by all of them
SOURCES = {
    "roll_activities": {"activities"},
    "roll_channel_flows": {"channel_snapshots", "channels"},
    "roll_channel_events": {"channels"},
    "roll_team_events": {"teams"},
    "roll_channels_active": {"channels"},
    "roll_teams_active": {"teams"},
    "roll_channel_stock": {"channels", "channel_snapshots"},
    "roll_team_stock": {"teams", "team_snapshots"},
    "report_months:activities": {"activities"},
    "report_months:channels": {"channel_snapshots", "channels"},
    "report_months:teams": {"team_snapshots", "teams"},
    "roll_registers:channel_register": {"channels"},
    "roll_registers:team_register": {"teams"},
    "roll_search:channel": {"channels"},
    "roll_search:team": {"teams"},
}

# the report month of the statements that sum monthly rows: a batch of monthly rows alone (no channel or team
# written) changes only its own months of these
MONTH_OF = {"roll_activities": "a.month", "roll_channel_flows": "s.month", "report_months:activities": "a.month",
            "report_months:channels": "s.month", "report_months:teams": "s.month"}
ENTITIES = {"channels", "teams"}

# the months every monthly rollup covers: the months of the facts
_MONTHS = """
    select min(first_month), max(last_month) from (
        select min(month) as first_month, max(month) as last_month from activities
        union all select min(month), max(month) from channel_snapshots
        union all select min(month), max(month) from team_snapshots
        union all select min(month), max(month) from contest_participation
    )
"""

def _report_months(family: str, alias: str, facts: str, table: str) -> str:
    """The statement filling one family's rows of report_months: per province and month, when the family was first
    received — the earliest of the batches its rows carry and of the committed batches that added rows for it (the
    change log, ``FIRST_SENT``: a corrected file re-sends unchanged rows under its own batch id); a month the facts no
    longer hold is not reported. ``alias`` names the monthly rows (``MONTH_OF``), ``facts`` their FROM clause,
    ``table`` the table they are in."""
    logged = FIRST_SENT.format(table=table)
    return f"""
        insert into report_months
        select '{family}', month, province_id, min(received) from (
            select {alias}.month, l.province_id, b.created_at as received, true as held
            {facts}
            where {{where}}
            union all
            select {alias}.month, l.province_id, {alias}.received, false
            from ({logged}) as {alias}
            join unit_lineage as l on l.unit_id = {alias}.unit_id
            where {{where}}
        )
        group by month, province_id
        having bool_or(held)
    """


def _snapshot_months(family: str, snapshots: str, entities: str, ident: str) -> str:
    """``_report_months`` of a family of entity snapshots (channels, teams): the unit is the entity's."""
    return _report_months(family, "s", f"""
            from {snapshots} as s
            join {entities} as t on t.{ident} = s.{ident}
            join unit_lineage as l on l.unit_id = t.unit_id
            left join import_batches as b on b.batch_id = s.batch_id""", snapshots)


# {cal}: the calendar CTE; {where}: "l.province_id in (...)" or "true"
_CAL = "cal as (select unnest(generate_series(?::date, ?::date, interval 1 month))::date as month)"

# Month-end stocks of channels (followers) and teams (members): for every entity alive at a month's end, its last
# snapshot at or before that month (an as-of join), summed per province [and platform], with the month it dates from.
_STOCK_TABLES = {
    "roll_channel_stock": dict(table="roll_channel_stock", entities="channels", id="channel_id", end_col="closed_on",
                               snapshots="channel_snapshots", measure="followers",
                               platform=", platform_key"),      # no other table of the statements has it
    "roll_team_stock": dict(table="roll_team_stock", entities="teams", id="team_id", end_col="disbanded_on",
                            snapshots="team_snapshots", measure="members", platform=""),
}
# the entities of the statements' provinces ({where}), [alive at a month's end: {alive}]
_ENT = """
        ent as (
            select e.{id}, l.province_id{platform}, e.{end_col}
            from {entities} as e
            join unit_lineage as l on l.unit_id = e.unit_id
            where {{where}}{alive}
        )"""
_STOCK = """
        insert into {table}
        with {{cal}},""" + _ENT.replace("{alive}", "") + """,
        grid as (
            select ent.{id}, ent.province_id{platform}, cal.month
            from ent
            join cal on ent.{end_col} is null or ent.{end_col} > last_day(cal.month)
        ),
        snaps as (
            select s.{id}, s.month, s.{measure}
            from {snapshots} as s
            semi join ent on ent.{id} = s.{id}
        ),
        matched as (
            select g.month, g.province_id{platform}, s.month as last_month, s.{measure}
            from grid as g
            asof join snaps as s on s.{id} = g.{id} and s.month <= g.month
        )
        select month, province_id{platform}, last_month, sum({measure}), count(*)
        from matched
        group by all
"""

_INSERTS = {
    "roll_activities": """
        insert into roll_activities
        select a.month, l.province_id, a.platform_key, a.activity_key, a.source_level,
               sum(a.quantity), sum(a.reach)
        from activities as a
        join unit_lineage as l on l.unit_id = a.unit_id
        where {where}
        group by all
    """,
    "roll_channel_flows": """
        insert into roll_channel_flows
        select s.month, l.province_id, c.platform_key, sum(s.posts), sum(s.interactions), count(*)
        from channel_snapshots as s
        join channels as c on c.channel_id = s.channel_id
        join unit_lineage as l on l.unit_id = c.unit_id
        where {where}
        group by all
    """,
    "roll_channel_events": """
        insert into roll_channel_events
        select date_trunc('month', c.opened_on)::date, l.province_id, c.platform_key, 'opened', count(*)
        from channels as c join unit_lineage as l on l.unit_id = c.unit_id
        where c.opened_on is not null and {where}
        group by all
        union all
        select date_trunc('month', c.closed_on)::date, l.province_id, c.platform_key, 'closed', count(*)
        from channels as c join unit_lineage as l on l.unit_id = c.unit_id
        where c.closed_on is not null and {where}
        group by all
    """,
    "roll_team_events": """
        insert into roll_team_events
        select date_trunc('month', t.founded_on)::date, l.province_id, 'opened', count(*)
        from teams as t join unit_lineage as l on l.unit_id = t.unit_id
        where t.founded_on is not null and {where}
        group by all
        union all
        select date_trunc('month', t.disbanded_on)::date, l.province_id, 'closed', count(*)
        from teams as t join unit_lineage as l on l.unit_id = t.unit_id
        where t.disbanded_on is not null and {where}
        group by all
    """,
    "roll_channels_active": """
        insert into roll_channels_active
        with {cal}
        select cal.month, l.province_id, c.platform_key, count(*)
        from channels as c
        join unit_lineage as l on l.unit_id = c.unit_id
        join cal
            on (c.opened_on is null or c.opened_on <= last_day(cal.month))
            and (c.closed_on is null or c.closed_on > last_day(cal.month))
        where {where}
        group by all
    """,
    "roll_teams_active": """
        insert into roll_teams_active
        with {cal}
        select cal.month, l.province_id, count(*)
        from teams as t
        join unit_lineage as l on l.unit_id = t.unit_id
        join cal
            on (t.founded_on is null or t.founded_on <= last_day(cal.month))
            and (t.disbanded_on is null or t.disbanded_on > last_day(cal.month))
        where {where}
        group by all
    """,
    "roll_channel_stock": _STOCK.format(**_STOCK_TABLES["roll_channel_stock"]),
    "roll_team_stock": _STOCK.format(**_STOCK_TABLES["roll_team_stock"]),
    # who reported: one statement per report family, so a batch of one family refreshes that family alone
    # received: the first committed batch that sent the family's rows for the month — a corrected file re-sends
    # unchanged rows under its own batch id, so the earlier batches are read from the change log as well
    # (``queries.sql.FIRST_SENT``); a month the facts no longer hold (``held``) is not reported
    "report_months:activities": _report_months("activities", "a", """
            from activities as a
            join unit_lineage as l on l.unit_id = a.unit_id
            left join import_batches as b on b.batch_id = a.batch_id""", "activities"),
    "report_months:channels": _snapshot_months("channels", "channel_snapshots", "channels", "channel_id"),
    "report_months:teams": _snapshot_months("teams", "team_snapshots", "teams", "team_id"),
    # who sent each register (migration 010)
    "roll_registers:channel_register": """
        insert into roll_registers
        select distinct 'channel_register', l.province_id
        from channels as c
        join unit_lineage as l on l.unit_id = c.unit_id
        where {where}
    """,
    "roll_registers:team_register": """
        insert into roll_registers
        select distinct 'team_register', l.province_id
        from teams as t
        join unit_lineage as l on l.unit_id = t.unit_id
        where {where}
    """,
    # what the lists' search box looks in, folded (migration 012): the fields the raw search reads
    # (queries/sql.py ENTITY_SEARCH, through the same joins), one per line (a folded text has no line break)
    **{f"roll_search:{kind}": f"""
        insert into roll_search
        select '{kind}', e.entity_id, e.province_id,
               concat_ws(chr(10), {", ".join(FOLD.format(x=field) for field in ENTITY_SEARCH[kind])})
        from (
            select {source["columns"]}, l.province_id, l.current_id as cur_unit_id
            from {source["table"]} as x
            join unit_lineage as l on l.unit_id = x.unit_id
            where {{where}}
        ) as e{ENTITY_SEARCH_JOINS[kind]}
    """ for kind, source in ENTITY_SOURCE.items()},
}


# The stocks of months a province has no snapshot in or after (the months the facts grew by, for the provinces a
# batch did not write): every entity's last snapshot overall, not an as-of join per month — the same rows
# (``tests/test_rollups.py``) in a quarter of the time (bench/README.md, the 1M-row import).
_FILL = """
        insert into {table}
        with {{cal}},""" + _ENT.replace("{alive}", " and (e.{end_col} is null or e.{end_col} > last_day(?::date))") + """,
        last as (
            select s.{id}, max(s.month) as last_month, arg_max(s.{measure}, s.month) as {measure}
            from {snapshots} as s
            semi join ent on ent.{id} = s.{id}
            where s.month <= ?
            group by s.{id}
        )
        select cal.month, ent.province_id{platform}, last.last_month, sum(last.{measure}), count(*)
        from ent
        join last on last.{id} = ent.{id}
        join cal on ent.{end_col} is null or ent.{end_col} > last_day(cal.month)
        group by all
"""
_FILLS = {name: _FILL.format(**params) for name, params in _STOCK_TABLES.items()}

GROUP = 8                    # provinces per statement of the month-end rollups when every province is refreshed
_ALL_PROVINCES = "select distinct province_id from unit_lineage order by province_id"


def _marks(values) -> str:
    return ", ".join("?" for _ in values)


def months(con) -> tuple | None:
    row = db.one(con, _MONTHS)
    return None if row is None or row[0] is None else (row[0], row[1])


def provinces_of_units(con, unit_ids: Iterable[int]) -> list[int]:
    """The provinces (as recorded) the given units roll up to."""
    ids = sorted({int(u) for u in unit_ids})
    if not ids:
        return []
    rows = con.execute(f"select distinct province_id from unit_lineage where unit_id in ({_marks(ids)})",
                       ids).fetchall()
    return sorted(int(r[0]) for r in rows)


_BATCH_PROVINCES = """
    select distinct l.province_id
    from (
        select unit_id from activities where batch_id = $batch
        union all select unit_id from channels where batch_id = $batch
        union all select unit_id from teams where batch_id = $batch
        union all
        select c.unit_id from channel_snapshots as s join channels as c on c.channel_id = s.channel_id
        where s.batch_id = $batch
        union all
        select t.unit_id from team_snapshots as s join teams as t on t.team_id = s.team_id
        where s.batch_id = $batch
        union all
        -- a channel or team the batch moved to another unit: its unit before the batch
        select try_cast(json_extract_string(old_values, '$.unit_id') as integer)
        from batch_changes
        where batch_id = $batch and table_name in ('channels', 'teams') and old_values is not null
    ) as u
    join unit_lineage as l on l.unit_id = u.unit_id
"""


# the monthly rows an import batch logged: those a later batch re-sent carry the later batch's id now, yet undoing
# this batch changes when their month was first received (report_months)
_LOGGED_BY_BATCH = f"select distinct {{column}} from ({LOGGED_MONTHLY}) where batch_id = $batch"


def batch_provinces(con, batch_id: int, logged: bool = False) -> list[int]:
    """The provinces (as recorded) whose facts an import batch wrote or will restore: the rows that carry the
    batch, and the units a moved channel or team had before it; with ``logged`` (an undo), also those of every
    monthly row the batch logged, a later batch's now. Call it after a commit's writes, or before an undo's."""
    rows = con.execute(_BATCH_PROVINCES, {"batch": int(batch_id)}).fetchall()
    found = {int(r[0]) for r in rows if r[0] is not None}
    if logged:
        found |= set(provinces_of_units(con, [r[0] for r in con.execute(
            _LOGGED_BY_BATCH.format(column="unit_id"), {"batch": int(batch_id)}).fetchall()]))
    return sorted(found)


def _target(name: str) -> tuple[str, str, list]:
    """The table a statement fills and the extra condition of its delete ('report_months:teams' deletes only the
    'teams' family of report_months)."""
    table, _, family = name.partition(":")
    return (table, "family = ?", [family]) if family else (table, "true", [])


def _delete(con, name: str, provinces: list[int] | None, months: list | None = None) -> None:
    table, extra, params = _target(name)
    where, args = [extra], list(params)
    if provinces is not None:
        where.append(f"province_id in ({_marks(provinces)})")
        args += provinces
    if months is not None:
        where.append(f"month in ({_marks(months)})")
        args += months
    con.execute(f"delete from {table} where {' and '.join(where)}", args)


def _insert(con, name: str, group: list[int] | None, cal: tuple | None, months: list | None = None) -> None:
    statement = _INSERTS[name]
    where = "true" if group is None else f"l.province_id in ({_marks(group)})"
    params = [] if group is None else list(group)
    if months is not None:
        where += f" and {MONTH_OF[name]} in ({_marks(months)})"
        params += list(months)
    repeats = statement.count("{where}")            # every {where} of a statement takes the same parameters
    con.execute(statement.format(cal=_CAL, where=where),
                (list(cal) if "{cal}" in statement else []) + params * repeats)


def _groups(con, skip: Iterable[int] = ()) -> list[list[int]]:
    """Every province but ``skip``, a few at a time: the month-end rollups join every entity with every month,
    which for a national commune-level database would not fit in memory at once."""
    skip = set(skip)
    everyone = [int(r[0]) for r in con.execute(_ALL_PROVINCES).fetchall() if int(r[0]) not in skip]
    return _chunks(everyone)


def _chunks(provinces: list[int]) -> list[list[int]]:
    """``provinces`` GROUP at a time."""
    return [provinces[i:i + GROUP] for i in range(0, len(provinces), GROUP)]


def batch_sources(con, batch_id: int) -> set[str] | None:
    """The fact tables an import batch wrote (or, before an undo, will restore) — its change log names every row
    it added or replaced: the rollups that read none of them stay as they are. None when the batch wrote units
    (their lineage is read by every rollup)."""
    found = {r[0] for r in con.execute("select distinct table_name from batch_changes where batch_id = ?",
                                       [int(batch_id)]).fetchall()}
    return None if "units" in found else found


_BATCH_MONTHS = """
    select distinct month from activities where batch_id = $batch
    union select distinct month from channel_snapshots where batch_id = $batch
    union select distinct month from team_snapshots where batch_id = $batch
"""


def batch_months(con, batch_id: int, logged: bool = False) -> list:
    """The report months of the monthly rows an import batch wrote (before an undo: will restore — the keys are
    the same); with ``logged`` (an undo), also the months of every monthly row it logged."""
    found = {r[0] for r in con.execute(_BATCH_MONTHS, {"batch": int(batch_id)}).fetchall()}
    if logged:
        found |= {r[0] for r in con.execute(_LOGGED_BY_BATCH.format(column="month"),
                                            {"batch": int(batch_id)}).fetchall()}
    return sorted(found)


def refresh(con, provinces: Iterable[int] | None = None, sources: Iterable[str] | None = None,
            written_months: Iterable | None = None) -> None:
    """Recompute, in the caller's transaction, the rollups of ``provinces`` (province_id as recorded; None: every
    province) that read one of the fact tables ``sources`` (None: all), and record them as matching the data
    version. When the months the facts cover grew at either end, the month-end rollups (active entities, stocks)
    of every other province gain rows for the new months only; when months are gone (or there were no rollups),
    everything is recomputed. ``written_months``: the report months of the monthly rows written, when no channel or team
    was — the monthly sums are then recomputed for those months only."""
    span = months(con)
    key = "" if span is None else f"{span[0]}..{span[1]}"
    names = [n for n in _INSERTS if sources is None or SOURCES[n] & set(sources)]
    old = db.get_meta(con, "rollups_months")
    grown = None                                  # (old first, old last) when the span only grew at its ends
    if provinces is not None and old != key:
        try:
            first, last = (dt.date.fromisoformat(x) for x in old.split(".."))
        except (AttributeError, ValueError):
            first = last = None
        if span is not None and first is not None and span[0] <= first and span[1] >= last:
            grown = (first, last)
        else:
            provinces = None
    if provinces is None:
        names = list(_INSERTS) if old != key else names
        for name in names:
            _delete(con, name, None)
        for name in names:
            if "{cal}" in _INSERTS[name]:
                if span is not None:            # month-end rows need months; registers, events and search do not
                    for group in _groups(con):
                        _insert(con, name, group, span)
            else:
                _insert(con, name, None, span)
        _mark(con, key)
        return
    provinces = sorted({int(p) for p in provinces})
    if grown is not None:
        # the new months' rows of the month-end rollups, for the provinces not recomputed below
        for name in (n for n in _INSERTS if "{cal}" in _INSERTS[n]):
            _fill_months(con, name, provinces if name in names else (), span, grown)
    only = sorted(set(written_months)) if written_months is not None and sources is not None and not ENTITIES & set(sources) \
        else None
    if provinces:
        for name in names:
            if only is not None and name in MONTH_OF:
                if only:
                    _delete(con, name, provinces, only)
                    _insert(con, name, provinces, None, only)
                continue
            _delete(con, name, provinces)
            if span is None and "{cal}" in _INSERTS[name]:
                continue                # no monthly fact left (its last batch undone): no month-end rows to make
            for group in (_chunks(provinces) if "{cal}" in _INSERTS[name] else [provinces]):
                _insert(con, name, group, span)
    _mark(con, key)


def _fill_months(con, name: str, skip: Iterable[int], span: tuple, grown: tuple) -> None:
    """Insert a month-end rollup's rows for the months of ``span`` outside ``grown``, for every province not in
    ``skip`` — provinces without a fact in those months (the batch wrote the others), so a stock is every entity's
    last snapshot (``_FILLS``)."""
    table, _, _ = _target(name)
    ranges = []
    if span[0] < grown[0]:
        ranges.append((span[0], _month_before(grown[0])))
    if span[1] > grown[1]:
        ranges.append((_month_after(grown[1]), span[1]))
    if name in _FILLS:        # one statement for every province: a few months of entities, not their history
        groups = [sum(_groups(con, skip), [])]
    else:
        groups = _groups(con, skip)
    for group in (g for g in groups if g):
        for cal in ranges:
            con.execute(f"delete from {table} where province_id in ({_marks(group)}) and month between ? and ?",
                        group + list(cal))
            if name in _FILLS:
                con.execute(_FILLS[name].format(cal=_CAL, where=f"l.province_id in ({_marks(group)})"),
                            list(cal) + group + [cal[0], cal[1]])
            else:
                _insert(con, name, group, cal)


def _month_before(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _month_after(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _mark(con, months_key: str) -> None:
    db.set_meta(con, "rollups_months", months_key)
    version = db.get_meta(con, "data_version") or "0"
    db.set_meta(con, "rollups_version", version)
