"""Helpers of the Data page's write side: the problems table, the monthly report form's CSV and prefill,
and the labels the form offers. The form goes through ``data.importer.read`` like any file, so it obeys
the same validation rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import duckdb
import pandas as pd

from data.importer import Kind, Problem
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


def changes_frame(con: duckdb.DuckDBPyConnection, changes: pd.DataFrame) -> pd.DataFrame:
    """The rows a file would replace, as a reader sees them: unit, month, labels, old → new values."""
    cols = ["Đơn vị", "Tháng", "Loại kênh", "Loại hoạt động", "Cấp nguồn link", "Số lượng (cũ)", "Số lượng (mới)",
            "Lượt tiếp cận (cũ)", "Lượt tiếp cận (mới)"]
    if changes.empty:
        return pd.DataFrame(columns=cols)
    cur = con.cursor()
    try:
        names = dict(cur.execute("select unit_id, code || ' · ' || name from units").fetchall())
    finally:
        cur.close()
    labels = choice_labels()
    return pd.DataFrame({
        cols[0]: changes["unit_id"].map(names),
        cols[1]: [f"{m.month:02d}/{m.year}" for m in changes["month"]],
        cols[2]: changes["platform_key"].map(labels["platform"]),
        cols[3]: changes["activity_key"].map(labels["activity"]),
        cols[4]: changes["source_level"].map(lambda k: "" if k == "khong" else labels["level"][k]),
        cols[5]: changes["quantity_old"].astype("Int64"),
        cols[6]: changes["quantity"].astype("Int64"),
        cols[7]: changes["reach_old"].astype("Int64"),
        cols[8]: changes["reach"].astype("Int64"),
    })
