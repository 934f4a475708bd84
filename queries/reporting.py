"""Who reported, and what a unit was called: the read side of the drafted period report.

Two look-ups the metric catalogue cannot answer, used by ``reports.narrative`` through a reader's
``read`` (cached and scoped like every other query of the app):

- ``unit_months``: for each provincial unit the chosen filters cover and each month of a window, whether
  the unit sent any monthly figure for it (an activity count, a channel snapshot or a team snapshot).
  Units are the provinces as recorded (63 before 07/2025, 34 after), whatever the boundary view, because
  a report is sent by the province that existed then: under current boundaries Đà Nẵng in 2024 expects
  reports from Đà Nẵng and from Quảng Nam. The unit filter and the user's scope are applied by
  ``builder.unit_clauses``, the one place they become SQL.
- ``unit_versions``: every name and type (tỉnh / thành phố) of every provincial unit with its validity,
  for the issuing body of a party document ("TỈNH ỦY SƠN LA", "THÀNH ỦY ĐÀ NẴNG").

The SQL is trusted developer text; user values reach DuckDB only as parameters.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from queries.builder import Filters, _fetch, unit_clauses

# One row per expected (unit as recorded, month); ``reported`` when any monthly figure of that unit (or of a
# unit below it) exists for the month. Facts of an old unit after its switch month count under its successor.
UNIT_MONTHS = """
    with months as (
        select unnest(generate_series(?::date, ?::date, interval 1 month))::date as month
    ),
    expected as (
        select
            u.unit_id as hist_unit_id,
            l.current_id as cur_unit_id,
            m.month
        from units as u
        join unit_lineage as l on l.unit_id = u.unit_id
        join months as m
            on u.valid_from <= m.month
            and (u.valid_to is null or u.valid_to > m.month)
        where u.level = 'tinh'
    ),
    sent as (
        select a.unit_id, a.month
        from activities as a
        where a.month between ? and ?
        union
        select c.unit_id, s.month
        from channel_snapshots as s
        join channels as c on c.channel_id = s.channel_id
        where s.month between ? and ?
        union
        select t.unit_id, s.month
        from team_snapshots as s
        join teams as t on t.team_id = s.team_id
        where s.month between ? and ?
    ),
    reported as (
        select distinct
            case
                when l.switch_month is not null and s.month >= l.switch_month then l.current_id
                else l.province_id
            end as hist_unit_id,
            s.month
        from sent as s
        join unit_lineage as l on l.unit_id = s.unit_id
    )
    select
        e.hist_unit_id as unit_id,
        e.month,
        r.hist_unit_id is not null as reported
    from expected as e
    left join reported as r
        on r.hist_unit_id = e.hist_unit_id
        and r.month = e.month
    where {where}
    order by e.hist_unit_id, e.month
"""

UNIT_VERSIONS = """
    select
        v.unit_id,
        u.code,
        v.name,
        v.unit_type,
        v.valid_from,
        v.valid_to,
        u.valid_from as unit_from,
        u.valid_to as unit_to,
        u.successor_id
    from unit_versions as v
    join units as u on u.unit_id = v.unit_id
    where u.level = 'tinh'
    order by u.code, v.valid_from
"""


def unit_months(con, filters: Filters, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Columns unit_id (the province as recorded), month (date), reported (bool) for the months
    ``start``..``end`` (report months, the 1st) and the units ``filters`` cover (its period is not used)."""
    clauses, params = unit_clauses(filters).all()
    where = " and ".join(["true"] + clauses)
    window = [start, end]
    df = _fetch(con, UNIT_MONTHS.format(where=where), window + window * 3 + params)
    df["month"] = pd.to_datetime(df["month"]).dt.date
    df["reported"] = df["reported"].astype(bool)
    return df


def unit_versions(con) -> pd.DataFrame:
    """Every name and type of every provincial unit, with the version's and the unit's validity (dates)."""
    df = _fetch(con, UNIT_VERSIONS, [])
    for col in ("valid_from", "valid_to", "unit_from", "unit_to"):
        df[col] = [None if pd.isna(x) else pd.Timestamp(x).date() for x in df[col]]
    return df
