"""Yearly targets (chỉ tiêu) of a catalogue metric for a unit."""

from __future__ import annotations

import datetime as dt

from data import sql as q
from data.kinds import types as T
from data.kinds.base import Check, Column, Kind, set_unit


def _unit_at_year_end(rec: dict, lookups):
    set_unit(rec, lookups, dt.date(rec["year"], 12, 31), f"năm {rec['year']}")


def examples(cur, ex):
    last = cur.execute(q.LATEST.format(table="metric_targets", column="year")).fetchall()[0][0]
    year = (last or dt.date.today().year - 1) + 1
    labels = T.metric_labels()
    return [[labels["members"], ex.u1, year, 14000], [labels["posts"], ex.u1, year, 25000]]


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
    ),
    natural_key=("metric_key", "unit_id", "year"), values=("target",),
    duplicate="cùng chỉ số, đơn vị và năm",
    checks=(Check("unit valid on 31/12 of the year", _unit_at_year_end),),
    check_on=("unit_code", "year"),
    refs=(("unit_id", "units"),),
    examples=examples,
    notes="A flow's target is compared with its year-to-date value, a stock's with its current value.",
)
