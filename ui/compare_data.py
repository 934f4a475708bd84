"""The unit-comparison page's own logic: its conference defaults, its columns (one per unit) and its table.

Pure functions on the filter choices and on builder results: no SQL, no Streamlit, no metric semantics
beyond what the catalogue declares (values come from ``ui.store``; this module only arranges them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from queries import catalogue
from queries.periods import month_end
from ui import filters as flt
from ui import format as fmt
from ui import theme
from ui.blocks import platform_ignored, short_of_reports
from ui.messages import t

# The seed case: the Sơn La – Đà Nẵng coordination programme's annual review conference.
DEFAULT_UNITS = ("14", "48")
RATIO_METRICS = ("members_per_team", "followers_per_channel", "luot_per_nguoi")
METRIC_KEYS = tuple(catalogue.KPI_METRICS) + RATIO_METRICS


@dataclass(frozen=True)
class Resolved:
    """The choices the page compares, and which of its defaults were applied."""

    choices: flt.Choices
    default_units: bool
    default_year: int | None


def latest_complete_year(ctx: flt.Context) -> int | None:
    """The last calendar year whose twelve months all lie inside the data (None if there is none)."""
    year = ctx.last_month.year if ctx.last_month.month == 12 else ctx.last_month.year - 1
    return year if dt.date(year, 1, 1) >= ctx.first_month else None


def resolve(choices: flt.Choices, ctx: flt.Context) -> Resolved:
    """Apply the conference defaults: no units chosen -> Sơn La and Đà Nẵng; the filter bar's default
    range (year to date) -> the latest complete year. Anything the user chose is kept as chosen."""
    default_units = not choices.units
    if default_units:
        choices = replace(choices, units=flt.units_for(DEFAULT_UNITS, choices.boundary, ctx, []))
    base = flt.defaults(ctx)
    year = None
    if (choices.start, choices.end) == (base.start, base.end):
        year = latest_complete_year(ctx)
        if year is not None:
            choices = replace(choices, start=dt.date(year, 1, 1), end=dt.date(year, 12, 1))
    return Resolved(choices, default_units, year)


def with_missing_units(df: pd.DataFrame, codes: tuple[str, ...], units: pd.DataFrame, boundary: str,
                       start: dt.date, end: dt.date) -> pd.DataFrame:
    """Add an empty row for each chosen unit the result has no row for (a unit with no reports at all), so
    every chosen unit keeps its column and shows '—' rather than disappearing."""
    if boundary == "current":
        alive = units[units["valid_to"].isna()]
    else:
        alive = units[(units["valid_from"] <= pd.Timestamp(month_end(end))) &
                      (units["valid_to"].isna() | (units["valid_to"] > pd.Timestamp(start)))]
    present = set(df["unit_id"].dropna().astype(int))
    missing = [int(i) for code in codes for i in alive.loc[alive["code"] == code, "unit_id"] if int(i) not in present]
    if not missing:
        return df
    extra = pd.DataFrame({"unit_id": missing})
    return pd.concat([df, extra], ignore_index=True) if len(df) else extra.reindex(columns=df.columns)


@dataclass(frozen=True)
class Column:
    """One compared unit: a unit row of the result (a code may give two under historical boundaries)."""

    unit_id: int
    code: str
    name: str
    color: str
    ended: bool          # the unit no longer existed at the end of the period (historical boundaries)


def columns(df: pd.DataFrame, codes: tuple[str, ...], units: pd.DataFrame, end: dt.date) -> list[Column]:
    """The result's units in the order the codes were chosen (an old unit before its successor), each with
    its fixed colour. ``df`` must carry unit_id, unit_code and unit_name (``PageContext.with_unit_labels``)."""
    valid_from = dict(zip(units["unit_id"], units["valid_from"]))
    valid_to = dict(zip(units["unit_id"], units["valid_to"]))
    rank = {c: i for i, c in enumerate(codes)}
    rows = df[["unit_id", "unit_code", "unit_name"]].drop_duplicates("unit_id")
    rows = rows[rows["unit_code"].isin(rank)]
    ordered = sorted(rows.itertuples(index=False),
                     key=lambda r: (rank[r.unit_code], pd.Timestamp(valid_from.get(r.unit_id))))
    out = []
    for i, r in enumerate(ordered):
        to = valid_to.get(r.unit_id)
        ended = to is not None and not pd.isna(to) and pd.Timestamp(to).date() <= month_end(end)
        out.append(Column(int(r.unit_id), r.unit_code, r.unit_name,
                          theme.COLORWAY[i % len(theme.COLORWAY)], bool(ended)))
    return out


def _stock_based(key: str) -> bool:
    m = catalogue.get(key)
    if m.kind == catalogue.RATIO:
        return catalogue.get(m.numerator).kind == catalogue.STOCK or catalogue.get(m.denominator).kind == \
            catalogue.STOCK
    return m.kind == catalogue.STOCK


def blank_ended(df: pd.DataFrame, cols: list[Column], keys) -> pd.DataFrame:
    """A stock is the value at the end of the period: a unit that no longer existed then has none ('—'),
    not 0 (its channels and teams count under its successor)."""
    ended = [c.unit_id for c in cols if c.ended]
    if not ended:
        return df
    out = df.copy()
    mask = out["unit_id"].isin(ended)
    for key in keys:
        if _stock_based(key):
            out.loc[mask, [key, f"{key}_delta", f"{key}_pct"]] = np.nan
    return out


def by_column(df: pd.DataFrame, cols: list[Column]) -> dict[int, pd.Series]:
    """unit_id -> its result row (a unit absent from the result gets an all-empty row)."""
    rows = {int(u): row for u, row in zip(df["unit_id"], (r for _, r in df.iterrows()))}
    empty = pd.Series(np.nan, index=df.columns)
    return {c.unit_id: rows.get(c.unit_id, empty) for c in cols}


PARTIAL_MARK = " *"


def partial(row: pd.Series, key: str) -> bool:
    """A known value of a unit that did not send the metric's report every month of the period (or, for today's
    unit, not every province it was made of did): a sum of what came, marked in the table."""
    return fmt.defined(row.get(key)) and short_of_reports(row, key)


def table(df: pd.DataFrame, cols: list[Column], keys, compare: str, lang: str = "vi",
          platforms: tuple[str, ...] = ()) -> pd.DataFrame:
    """Metrics as rows, units as columns, every value as Vietnamese-formatted text; with a comparison,
    a change column ('+1.234 (+6,61%)') beside each unit."""
    rows = by_column(df, cols)
    records = []
    for key in keys:
        m = catalogue.get(key)
        label = m.label(lang) + (" †" if platform_ignored(key, platforms) else "")
        rec = {t("compare.col_metric", lang): label, t("compare.col_kind", lang): t(f"kind.short.{m.kind}", lang)}
        for c in cols:
            row = rows[c.unit_id]
            # the value as published ('~', '>') and '*' when the unit did not send that report every month
            rec[c.name] = fmt.qualified(row.get(key), row.get(f"{key}_q"), m.fmt) + \
                (PARTIAL_MARK if partial(row, key) else "")
            if compare != "none":
                rec[t("compare.col_change", lang, unit=c.name)] = fmt.delta(
                    row.get(f"{key}_delta"), row.get(f"{key}_pct"), m.fmt, row.get(f"{key}_delta_q"))
        records.append(rec)
    return pd.DataFrame.from_records(records)
