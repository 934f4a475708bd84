"""Targets (chỉ tiêu) of a catalogue metric for a unit: for a whole year (month 0) or for one month of it."""

from __future__ import annotations

import datetime as dt

from data import sql as q
from data.kinds import types as T
from data.kinds.base import Check, Column, Kind, RowError, set_unit

WHOLE_YEAR = 0      # the month of a target for the whole year


def _unit_at_year_end(rec: dict, lookups):
    set_unit(rec, lookups, dt.date(rec["year"], 12, 31), f"năm {rec['year']}")


def _month(rec: dict, lookups):
    month = rec["month"]
    if month is not None and month > 12:
        raise RowError("Tháng", f"tháng {month} không hợp lệ; ghi 1–12, hoặc để trống cho chỉ tiêu cả năm")
    rec["month"] = month or WHOLE_YEAR


def examples(cur, ex):
    last = cur.execute(q.LATEST.format(table="metric_targets", column="year")).fetchall()[0][0]
    year = (last or dt.date.today().year - 1) + 1
    labels = T.metric_labels()
    return [[labels["members"], ex.u1, year, 14000, None], [labels["posts"], ex.u1, year, 25000, None]]


KIND = Kind(
    key="metric_targets", label="Chỉ tiêu năm", table="metric_targets",
    columns=(
        Column("metric_key", "Chỉ số", T.METRIC, aliases=("Tên chỉ số", "Mã chỉ số"),
               help="chỉ số trong danh mục (tên tiếng Việt hoặc mã, ví dụ “Thành viên biệt đội” hay members)"),
        Column("unit_code", "Mã đơn vị", T.UNIT, aliases=("Mã ĐV", "Đơn vị"),
               help="mã đơn vị còn hiệu lực vào ngày 31/12 của năm", stored="unit_id"),
        Column("year", "Năm", T.YEAR, aliases=("Năm kế hoạch",), help="năm, ví dụ 2025"),
        Column("target", "Chỉ tiêu", T.NUMBER, aliases=("Giá trị chỉ tiêu", "Mục tiêu"),
               help="giá trị chỉ tiêu, viết 13.712 hoặc 1.234,5"),
        Column("month", "Tháng", T.MONTH_OF_YEAR, required=False, aliases=("Tháng chỉ tiêu",),
               help="để trống (hoặc 0): chỉ tiêu cả năm; ghi 1–12: chỉ tiêu riêng của tháng đó (chỉ số thời kỳ: số "
                    "của tháng; chỉ số thời điểm: mức cần đạt cuối tháng)"),
    ),
    natural_key=("metric_key", "unit_id", "year", "month"), values=("target",),
    duplicate="cùng chỉ số, đơn vị, năm và tháng",
    checks=(Check("unit valid on 31/12 of the year", _unit_at_year_end),
            Check("Tháng at most 12; blank or 0 is the whole year (stored 0), so a blank and a 0 in one file are "
                  "the same row", _month)),
    check_on=("unit_code", "year", "month"),
    refs=(("unit_id", "units"),),
    examples=examples,
    notes="Month 1–12: a flow's amount in that month, a stock's level at its end; a year without a month-0 row "
          "counts its twelve months. A flow's target is compared with its cumulative value from January, a stock's "
          "with its period-end value; month 0 is written (exports) and shown (preview) blank.",
)
