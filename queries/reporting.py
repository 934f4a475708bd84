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

from queries import access, builder, catalogue
from queries.builder import Filters, _fetch, unit_clauses

# One row per report family, expected unit (as recorded) and month: whether the unit sent that family's report
# for the month and when the first import batch carrying it was committed (NULL when not imported). Facts of
# an old unit after its switch month count under its successor.
REPORT_STATUS = """
    with bm as (
        select unnest(generate_series(?::date, ?::date, interval 1 month))::date as month
    ),
    fam as (
        {families}
    ),
    rep as (
        select
            f.family,
            f.month,
            case
                when l.switch_month is not null and f.month >= l.switch_month then l.current_id
                else l.province_id
            end as rep_unit,
            min(f.received) as received
        from fam as f
        join unit_lineage as l on l.unit_id = f.unit_id
        where f.month between (select min(month) from bm) and (select max(month) from bm)
        group by all
    ),
    expected as (
        select
            fl.family,
            bm.month,
            p.unit_id as hist_unit_id,
            coalesce(p.successor_id, p.unit_id) as cur_unit_id
        from bm
        cross join (select unnest(?::varchar[]) as family) as fl
        join units as p
            on p.level = 'tinh'
            and p.valid_from <= bm.month
            and (p.valid_to is null or p.valid_to > bm.month)
    )
    select
        e.family,
        e.hist_unit_id,
        e.cur_unit_id,
        e.month,
        r.rep_unit is not null as reported,
        r.received
    from expected as e
    left join rep as r
        on r.family = e.family
        and r.month = e.month
        and r.rep_unit = e.hist_unit_id
    where {where}
    order by e.family, e.hist_unit_id, e.month
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


def report_status(con, families, filters: Filters, start: dt.date, end: dt.date,
                  scope: tuple[str, ...] | None = None, today: dt.date | None = None) -> pd.DataFrame:
    """Columns family, hist_unit_id (the province as recorded), cur_unit_id (today's unit), month (date),
    reported (bool), received (timestamp or NaT: the first import batch that carried it), late (bool: received
    after the due day, ``catalogue.REPORT_DUE_DAY`` of the following month) — for the report ``families``
    (``catalogue.REPORTS``), the months ``start``..``end`` and the units ``filters`` cover (its period is not
    used). A report not imported through a batch (the sample's, say) has no received date and is not late.
    not_due (bool): not reported and its due day has not passed ``today`` (a month another unit already sent early
    is not yet missing for the rest)."""
    if scope is not None:           # a reader's scope (``ui.store``, ``DirectReader``): never wider than it
        filters = access.apply_scope(filters, scope)
    families = [f for f in families if f in catalogue.REPORTS]
    cols = ["family", "hist_unit_id", "cur_unit_id", "month", "reported", "received", "late", "not_due"]
    if not families:
        return pd.DataFrame(columns=cols)
    rollup = builder.rollups_fresh(con)
    union = "\n        union all\n        ".join(
        f"select '{fam}' as family, month, unit_id, received from ({builder.report_rows(fam, rollup)})"
        for fam in families)
    clauses, params = unit_clauses(filters).all()
    where = " and ".join(["true"] + clauses)
    df = _fetch(con, REPORT_STATUS.format(families=union, where=where), [start, end, list(families)] + params)
    df["month"] = pd.to_datetime(df["month"]).dt.date
    df["reported"] = df["reported"].astype(bool)
    df["received"] = pd.to_datetime(df["received"])
    due = pd.to_datetime([dt.date(m.year + (m.month == 12), m.month % 12 + 1, catalogue.REPORT_DUE_DAY)
                          for m in df["month"]]) + pd.Timedelta(days=1)
    df["late"] = df["reported"] & df["received"].notna() & (df["received"] >= due)
    df["not_due"] = ~df["reported"] & (pd.Timestamp(today or dt.date.today()) < due)
    return df[cols]


def unit_months(con, filters: Filters, start: dt.date, end: dt.date,
                scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Columns unit_id (the province as recorded), month (date), reported (bool) for the months
    ``start``..``end`` (report months, the 1st) and the units ``filters`` cover (its period is not used):
    reported when the unit sent any monthly figure (activities, channel or team snapshots)."""
    df = report_status(con, ("activities", "channels", "teams"), filters, start, end, scope)
    out = df.groupby(["hist_unit_id", "month"], as_index=False, sort=True)["reported"].any()
    return out.rename(columns={"hist_unit_id": "unit_id"})[["unit_id", "month", "reported"]]


def unit_versions(con, scope: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every name and type of every provincial unit, with the version's and the unit's validity (dates): public
    reference data, the same for every scope."""
    df = _fetch(con, UNIT_VERSIONS, [])
    for col in ("valid_from", "valid_to", "unit_from", "unit_to"):
        df[col] = [None if pd.isna(x) else pd.Timestamp(x).date() for x in df[col]]
    return df
