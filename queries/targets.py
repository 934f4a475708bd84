"""Targets (chỉ tiêu) of catalogue metrics: what was set for the chosen units and year, and whether it applies.

A target is set per unit and year (``metric_targets`` month 0), optionally per month (months 1-12: a flow's amount
for that month, a stock's level at its end). ``goals`` sums the targets of the filtered units — through
``builder.unit_clauses``, so the user's scope applies — into one ``Goal`` per metric with:

- ``target``: the year's target (a unit without a month-0 row counts its twelve months: flows their sum, stocks
  December's level);
- ``path``: per month 1-12, what was expected by its end — flows cumulatively (the monthly targets added up, else
  the year's target × m / 12), stocks the monthly level where one was set (else None: the caller interpolates
  from the start-of-year level, ``progress.stock_expected``);
- whether it applies. A target applies to the dimensions it was set for (``TARGET_DIMS``: today only unit and
  year — every target is for all platforms, activity types, contests…), so when a filter narrows a dimension the
  metric can be cut by (``platform=website``) the target is *not applicable* and says why, instead of a false %.
  It also does not apply when only some of the chosen units have one (their sum would not match the units' total).

``progress`` turns a goal and the achieved value (a stock's period-end value, a flow's cumulative value to date)
into a ``queries.progress.Progress`` against the pace of the elapsed share of the year. No Streamlit, no words.
"""

from __future__ import annotations

from dataclasses import dataclass

from queries import catalogue, progress
from queries import sql_programmes as sql
from queries.builder import Filters, _fetch_all, _marks, unit_clauses

# The dimensions, beyond unit and year, a target can be set for. None yet: a target holds for every platform,
# activity type, source level, contest, channel and team.
TARGET_DIMS: tuple[str, ...] = ()

NOT_FOR_DIMS, NOT_FOR_UNITS, NOT_FOR_BOUNDARY = "dims", "units", "boundary"


@dataclass(frozen=True)
class Goal:
    metric: str
    year: int
    target: float | None                    # the year's target over the covered units (None: incomplete months)
    path: tuple[float | None, ...]          # per month 1-12, the value expected by its end (see module doc)
    units_with: int                         # units of the selection with a target for the year
    units_total: int                        # provincial units of the selection on 31/12 of the year
    dims: tuple[str, ...] = TARGET_DIMS     # what the target was set for, beyond unit and year
    reason: str | None = None               # why it does not apply: NOT_FOR_DIMS | NOT_FOR_UNITS | NOT_FOR_BOUNDARY
    narrowed: tuple[str, ...] = ()          # the dimensions a filter narrows below the target's (NOT_FOR_DIMS)

    @property
    def applies(self) -> bool:
        return self.reason is None and self.target is not None

    def expected(self, month: int) -> float | None:
        """What was expected by the end of ``month`` (1-12) of the year: see ``path``."""
        return self.path[month - 1] if 1 <= month <= 12 else None


def _narrowed(metric: catalogue.Metric, filters: Filters, all_platforms: tuple[str, ...]) -> tuple[str, ...]:
    """The dimensions of ``metric`` a filter narrows below what targets are set for (``TARGET_DIMS``)."""
    dims = set(metric.dims)
    out = []
    if filters.platforms and "platform" in dims and "platform" not in TARGET_DIMS \
            and not set(all_platforms) <= set(filters.platforms):
        out.append("platform")
    for dim, _values in filters.where:
        if dim in dims and dim not in TARGET_DIMS and dim not in out:
            out.append(dim)
    return tuple(out)


def _unit_goal(by_month: dict[int, float], kind: str) -> tuple[float | None, list[float | None]]:
    """One unit's year target and monthly path from its targets by month (0: the whole year)."""
    monthly = [by_month.get(m) for m in range(1, 13)]
    year = by_month.get(0)
    if year is None and all(v is not None for v in monthly):
        year = sum(monthly) if kind == catalogue.FLOW else monthly[11]
    path: list[float | None] = []
    for m in range(1, 13):
        if kind == catalogue.FLOW:
            upto = monthly[:m]
            if all(v is not None for v in upto):
                path.append(float(sum(upto)))
            else:
                path.append(None if year is None else year * m / 12)
        else:
            path.append(monthly[m - 1])
    return year, path


def _sum(values: list[float | None]) -> float | None:
    return None if not values or any(v is None for v in values) else float(sum(values))


def goals(con, metric_keys, filters: Filters, year: int) -> dict[str, Goal]:
    """A ``Goal`` for each of ``metric_keys`` that has a target in ``year`` among the filtered units."""
    keys = [k for k in dict.fromkeys(metric_keys) if catalogue.get(k).kind != catalogue.RATIO]
    if not keys:
        return {}
    clauses, unit_params = unit_clauses(filters).all()
    where = " and ".join(["true"] + clauses)
    # the three small statements side by side (~5, 4 and 1 ms each, mostly DuckDB's fixed cost): the other two are
    # read even where no target is set, a few ms of work a page waits for in no case
    (rows, units, platforms), _ = _fetch_all(con, [
        (sql.TARGET_ROWS.format(metric_marks=_marks(keys), where=where), [year] + keys + unit_params),
        (sql.UNITS_AT_YEAR_END.format(where=where), [year, year] + unit_params),
        (sql.PLATFORM_KEYS, [])])
    if rows.empty:
        return {}
    platforms = tuple(platforms["platform_key"])
    # under historical boundaries a unit merged during the year counts its old part before the merger only: its
    # target (set for the merged unit) compares with part of its area — not so the whole country, the same territory
    # in both views
    merged = False
    if filters.boundary == "historical" and (filters.units or filters.scope):
        (formed,), _ = _fetch_all(con, [(sql.MERGED_IN_YEAR, [year, year])])
        merged = bool({int(u) for u in formed["unit_id"]} & {int(u) for u in units["unit_id"]})
    out = {}
    for key, part in rows.groupby("metric_key", sort=False):
        metric = catalogue.get(key)
        by_unit: dict[int, dict[int, float]] = {}     # plain loops: a pandas group per unit cost ~0,3 ms each
        for unit, month, value in zip(part["unit_id"].tolist(), part["month"].astype(int).tolist(),
                                      part["target"].astype(float).tolist()):
            by_unit.setdefault(unit, {})[month] = value
        per_unit = [_unit_goal(by_unit[u], metric.kind) for u in sorted(by_unit)]
        with_year = [y for y, _p in per_unit if y is not None]
        target = _sum([y for y, _p in per_unit])
        path = tuple(_sum([p[m] for _y, p in per_unit]) for m in range(12))
        narrowed = _narrowed(metric, filters, platforms)
        reason = NOT_FOR_DIMS if narrowed else NOT_FOR_BOUNDARY if merged else \
            (NOT_FOR_UNITS if len(with_year) < len(units) else None)
        out[key] = Goal(metric=key, year=year, target=target, path=path, units_with=len(with_year),
                        units_total=len(units), reason=reason, narrowed=narrowed)
    return out


def yearly(con, metric_keys, filters: Filters, year: int) -> dict[str, float]:
    """The year's targets summed over the filtered units, per metric (``builder.targets``), whatever applies."""
    return {k: g.target for k, g in goals(con, metric_keys, filters, year).items() if g.target is not None}


def progress_of(goal: Goal | None, achieved, month: int, start=None, complete: bool = True) -> progress.Progress | None:
    """Progress of ``achieved`` (a stock's value at the end of ``month``, a flow's cumulative value from January to
    it) to an applicable goal, at the pace of ``month`` / 12 of the year; ``start`` is a stock's level at the end of
    the previous year (its pace runs from there to the target); ``complete`` false when ``achieved`` is short of
    reports (``progress.assess``). None when there is no applicable goal."""
    if goal is None or not goal.applies:
        return None
    elapsed = month / 12
    kind = catalogue.get(goal.metric).kind
    expected = goal.expected(month)
    if elapsed < 1 and expected is None:
        expected = progress.stock_expected(goal.target, start, elapsed) if kind == catalogue.STOCK else None
    return progress.assess(goal.target, achieved, elapsed, expected, complete)
