"""Helpers of the Data page's write side: the problems table, the preview's old → new table (any kind),
the downloadable templates, the monthly report form's CSV and prefill, and the labels the form offers. The form goes through ``data.importer.read`` like any file, so it obeys
the same validation rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from data import cells
from data import sql as q
from data.kinds import KINDS, Kind, activities, types
from data.kinds.base import Problem
from data.kinds.types import NOT_APPLICABLE
from data.lookups import Lookups
from data.reference import ACTIVITY_TYPES, PLATFORMS, SOURCE_LEVELS

ACTIVITY_CHOICES = [(key, vi) for key, vi, _en, _order in ACTIVITY_TYPES]


def choice_labels() -> dict[str, dict[str, str]]:
    """Vietnamese labels the form writes (the importer reads labels or keys alike)."""
    return {"platform": {k: vi for k, vi, *_ in PLATFORMS},
            "activity": {k: vi for k, vi, *_ in ACTIVITY_TYPES},
            "level": {k: vi for k, vi, *_ in SOURCE_LEVELS}}


def problems_csv(problems: list[Problem]) -> bytes:
    """The downloadable list of problems (UTF-8 with BOM for Excel): sheet names, headers and quoted cells come from
    the user's file, so every text cell goes through ``data.cells`` — none can run as a formula."""
    return cells.csv_bytes(PROBLEM_COLUMNS, ((p.sheet or "", p.row if p.row is not None else "", p.column or "",
                                              p.message, "Lỗi" if p.severity == "error" else "Cảnh báo")
                                             for p in problems))


PROBLEM_COLUMNS = ["Trang", "Dòng", "Cột", "Nội dung", "Mức độ"]


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table (also the downloadable error file): sheet, row, column, message, severity."""
    return pd.DataFrame([{"Trang": p.sheet or "", "Dòng": p.row, "Cột": p.column or "", "Nội dung": p.message,
                          "Mức độ": "Lỗi" if p.severity == "error" else "Cảnh báo"} for p in problems],
                        columns=["Trang", "Dòng", "Cột", "Nội dung", "Mức độ"])


TEMPLATE_MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "csv": "text/csv"}


def template_name(kind_key: str, fmt: str) -> str:
    return f"mau-{kind_key.replace('_', '-')}.{fmt}"


def template_bytes(con: duckdb.DuckDBPyConnection, kind_key: str, fmt: str = "xlsx") -> bytes:
    """The empty template of a kind (``data.templates``): XLSX with instructions, lists and examples, or a
    CSV with the same headers."""
    from data import templates

    with tempfile.TemporaryDirectory(prefix="tuyengiao-mau-") as tmp:
        out = Path(tmp) / template_name(kind_key, fmt)
        templates.template(con, kind_key, out)
        return out.read_bytes()


def to_csv(kind: Kind, rows: list[dict]) -> bytes:
    """Rows keyed by template header -> CSV bytes in the template's column order (UTF-8 with BOM, so
    Excel opens it with its diacritics)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in kind.columns])
    for row in rows:
        writer.writerow(["" if row.get(c.header) is None else row.get(c.header) for c in kind.columns])
    return out.getvalue().encode("utf-8-sig")


def previous_activities(con: duckdb.DuckDBPyConnection, current_code: str, month: dt.date) -> pd.DataFrame:
    """The month before ``month`` of a current unit (its predecessors included): quantity per platform,
    activity type and source level — the prefill of the monthly report form."""
    prev = dt.date(month.year - (month.month == 1), 12 if month.month == 1 else month.month - 1, 1)
    cur = con.cursor()
    try:
        return cur.execute(q.PREVIOUS_ACTIVITIES, [current_code, prev]).df()
    finally:
        cur.close()


# the monthly form: the activities kind's columns it shows fixed (filled from the grid) and the one it asks for
FORM_FIXED = ("platform_key", "activity_key", "source_level")
FORM_VALUE = "quantity"


def form_headers() -> tuple[list[str], str]:
    """The form's fixed column headers and its value column header: the activities template's."""
    kind = KINDS["activities"]
    return [kind.column(k).header for k in FORM_FIXED], kind.column(FORM_VALUE).header


def form_grid(platforms, prev: pd.DataFrame) -> pd.DataFrame:
    """The monthly form: one row per platform × activity type × (for link shares) source level of the activities
    kind, under the template's headers, prefilled with ``prev`` (``previous_activities``)."""
    levels = {activities.LINK_SHARE: list(activities.LINK_LEVELS)}
    grid = pd.DataFrame([(p, a, lv) for p in platforms for a, *_ in ACTIVITY_CHOICES
                         for lv in levels.get(a, [NOT_APPLICABLE])], columns=list(FORM_FIXED))
    grid = grid.merge(prev, how="left", on=list(FORM_FIXED))
    labels = choice_labels()
    fixed, value = form_headers()
    shown = pd.DataFrame({
        fixed[0]: grid["platform_key"].map(labels["platform"]),
        fixed[1]: grid["activity_key"].map(labels["activity"]),
        fixed[2]: grid["source_level"].map(lambda k: "" if k == NOT_APPLICABLE else labels["level"][k]),
        value: (grid[FORM_VALUE] if FORM_VALUE in grid else pd.Series([None] * len(grid))).astype("Int64"),
    })
    return shown


def form_rows(code: str, month_text: str, edited: pd.DataFrame) -> list[dict]:
    """The filled rows of the form, keyed by the activities template's headers (for ``to_csv``)."""
    kind = KINDS["activities"]
    fixed, value = form_headers()
    return [{kind.column("unit_code").header: code, kind.column("month").header: month_text,
             **{h: r[h] for h in fixed}, value: int(r[value])}
            for r in edited.to_dict("records") if not pd.isna(r[value])]


def column_header(kind: Kind, key: str) -> str:
    """A table column's Vietnamese header: the template's, with ``unit_id`` shown as "Đơn vị"."""
    if key == "unit_id":
        return "Đơn vị"
    col = kind.column_of(key)
    return col.header if col is not None else DERIVED_HEADERS.get(key, key)


# Table columns a kind stores without a template column of their own (derived while reading).
DERIVED_HEADERS = {"month": "Tháng", "batch_id": "Lô"}
# the types of those columns, for the preview (any other one is shown as text); a unit is shown by its name
DERIVED_TYPES = {"month": types.MONTH, "unit_id": types.UNIT}


def _type_of(kind: Kind, key: str) -> types.ColumnType:
    col = kind.column_of(key)
    return col.type if col is not None else DERIVED_TYPES.get(key, types.TEXT)


def changes_frame(con: duckdb.DuckDBPyConnection, kind: Kind, changes: pd.DataFrame,
                  only_changed: bool = True) -> pd.DataFrame:
    """The rows a file would replace, as a reader sees them, for any kind: the natural key (unit names,
    months, labels) then each value column old → new, under the kind's Vietnamese headers; each column's type
    says how its values read. With ``only_changed``, value columns that no row changes are left out (all are
    kept for a one-value kind)."""
    keys, values = list(kind.natural_key), list(kind.values)
    cols = [column_header(kind, k) for k in keys]
    for v in values:
        cols += [f"{column_header(kind, v)} (cũ)", f"{column_header(kind, v)} (mới)"]
    if changes is None or changes.empty:
        return pd.DataFrame(columns=cols)
    lookups = Lookups(con)

    def shown(key: str, series: pd.Series) -> pd.Series:
        return _type_of(kind, key).show(series.reset_index(drop=True), lookups)

    out = {}
    for k in keys:
        out[column_header(kind, k)] = shown(k, changes[k])
    kept = list(cols[:len(keys)])
    for v in values:
        header = column_header(kind, v)
        old = changes[f"{v}_old"] if f"{v}_old" in changes else pd.Series([None] * len(changes))
        before, after = shown(v, old), shown(v, changes[v])
        differs = ~((before == after).fillna(False).astype(bool) | (before.isna() & after.isna()))
        if only_changed and len(values) > 1 and not differs.any():
            continue            # a value no row changes: leave it out so the changed ones stand out
        out[f"{header} (cũ)"], out[f"{header} (mới)"] = before, after
        kept += [f"{header} (cũ)", f"{header} (mới)"]
    return pd.DataFrame(out, columns=kept)
