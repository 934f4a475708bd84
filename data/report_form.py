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

from data.importer import GRAIN_LABELS, Column, Kind, Problem
from data.reference import ACTIVITY_TYPES, PLATFORMS, SOURCE_LEVELS

ACTIVITY_CHOICES = [(key, vi) for key, vi, _en, _order in ACTIVITY_TYPES]


def choice_labels() -> dict[str, dict[str, str]]:
    """Vietnamese labels the form writes (the importer reads labels or keys alike)."""
    return {"platform": {k: vi for k, vi, *_ in PLATFORMS},
            "activity": {k: vi for k, vi, *_ in ACTIVITY_TYPES},
            "level": {k: vi for k, vi, *_ in SOURCE_LEVELS}}


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
        return cur.execute(
            """
            select a.platform_key, a.activity_key, a.source_level, sum(a.quantity) as quantity
            from activities as a
            join unit_lineage as l on l.unit_id = a.unit_id
            join units as u on u.unit_id = l.current_id
            where u.code = ? and u.valid_to is null and a.month = ?
            group by all
            """, [current_code, prev]).df()
    finally:
        cur.close()


def _unit_names(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    cur = con.cursor()
    try:
        return dict(cur.execute("select unit_id, code || ' · ' || name from units").fetchall())
    finally:
        cur.close()


def _metric_labels() -> dict[str, str]:
    from queries.catalogue import METRICS

    return {k: m.label_vi for k, m in METRICS.items()}


def _month_text(v) -> str | None:
    return None if v is None or pd.isna(v) else f"{v.month:02d}/{v.year}"


def _date_text(v) -> str | None:
    return None if v is None or pd.isna(v) else f"{v.day:02d}/{v.month:02d}/{v.year}"


def _column_of(kind: Kind, key: str) -> Column | None:
    """The template column a table column comes from (``unit_id`` is written as the unit code)."""
    key = "unit_code" if key == "unit_id" else key
    return next((c for c in kind.columns if c.key == key), None)


def column_header(kind: Kind, key: str) -> str:
    """A table column's Vietnamese header: the template's, with ``unit_id`` shown as "Đơn vị"."""
    if key == "unit_id":
        return "Đơn vị"
    col = _column_of(kind, key)
    return col.header if col is not None else DERIVED_HEADERS.get(key, key)


# Table columns a kind stores without a template column of their own (derived while reading).
DERIVED_HEADERS = {"month": "Tháng", "batch_id": "Lô"}


def _shown(key: str, col: Column | None, values: pd.Series, names: dict[int, str], labels: dict) -> pd.Series:
    """Values of one table column as a reader sees them: names and labels instead of keys, dates as text."""
    parser = "unit" if key == "unit_id" else (col.parser if col is not None else "")
    if key == "month" and col is None:
        parser = "month"
    values = values.reset_index(drop=True)
    if parser == "unit":
        return values.map(lambda v: None if pd.isna(v) else names.get(int(v), str(v)))
    if parser == "month":
        return values.map(_month_text)
    if parser == "date":
        return values.map(_date_text)
    if parser == "level":
        return values.map(lambda k: "" if k in (None, "khong") or pd.isna(k) else labels["level"].get(k, k))
    if parser in labels:
        return values.map(lambda k: None if k is None or pd.isna(k) else labels[parser].get(k, k))
    if parser in ("count", "id", "year"):
        return pd.to_numeric(values, errors="coerce").round().astype("Int64")
    if parser == "number":
        return pd.to_numeric(values, errors="coerce").astype("Float64")
    return values.map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))


def changes_frame(con: duckdb.DuckDBPyConnection, kind: Kind, changes: pd.DataFrame,
                  only_changed: bool = True) -> pd.DataFrame:
    """The rows a file would replace, as a reader sees them, for any kind: the natural key (unit names,
    months, labels) then each value column old → new, under the kind's Vietnamese headers. With
    ``only_changed``, value columns that no row changes are left out (all are kept for a one-value kind)."""
    keys, values = list(kind.natural_key), list(kind.values)
    cols = [column_header(kind, k) for k in keys]
    for v in values:
        cols += [f"{column_header(kind, v)} (cũ)", f"{column_header(kind, v)} (mới)"]
    if changes is None or changes.empty:
        return pd.DataFrame(columns=cols)
    names = _unit_names(con)
    labels = {**choice_labels(), "grain": dict(GRAIN_LABELS), "metric": _metric_labels()}
    out = {}
    for k in keys:
        out[column_header(kind, k)] = _shown(k, _column_of(kind, k), changes[k], names, labels)
    kept = list(cols[:len(keys)])
    for v in values:
        col, header = _column_of(kind, v), column_header(kind, v)
        old = changes[f"{v}_old"] if f"{v}_old" in changes else pd.Series([None] * len(changes))
        before, after = _shown(v, col, old, names, labels), _shown(v, col, changes[v], names, labels)
        differs = ~((before == after).fillna(False).astype(bool) | (before.isna() & after.isna()))
        if only_changed and len(values) > 1 and not differs.any():
            continue            # a value no row changes: leave it out so the changed ones stand out
        out[f"{header} (cũ)"], out[f"{header} (mới)"] = before, after
        kept += [f"{header} (cũ)", f"{header} (mới)"]
    return pd.DataFrame(out, columns=kept)
