"""Targets and results of a coordination programme's indicators, per party and year: a reported indicator's result
with a note and its source; an indicator linked to a catalogue metric takes a target only (its result is the
metric layer's value)."""

from __future__ import annotations

import datetime as dt

from data import sql as q
from data.kinds import types as T
from data.kinds.base import UNIT, Check, Column, Kind, RowError, cached_rows, set_unit


def _indicators(cur) -> list[tuple]:
    return [(str(i), f"{name} ({unit}) — {prog}") for i, name, unit, prog in cur.execute(q.LIST_INDICATORS).fetchall()]


INDICATOR = T.drop_down("indicator", "Mã chỉ số chương trình", _indicators)


def indicators(lookups) -> dict[int, tuple]:
    """indicator -> (name, programme id, programme name, first year, last year, linked metric or None)."""
    return cached_rows(lookups, "indicators", q.INDICATORS)


def _parties(lookups) -> dict[int, set]:
    """programme -> its party units and the units they became part of (a party's code after 07/2025)."""
    def load(cur):
        out: dict[int, set] = {}
        for prog, uid, succ in cur.execute(q.PARTIES).fetchall():
            out.setdefault(prog, set()).update(x for x in (uid, succ) if x is not None)
        return out
    return lookups.cached("parties", load)


def _indicator_year_party(rec: dict, lookups):
    indicator = indicators(lookups).get(rec["indicator_id"])
    if indicator is None:
        raise RowError("Mã chỉ số", f"mã chỉ số {rec['indicator_id']} không tồn tại")
    _name, programme, title, first, last, _metric = indicator
    year = rec["year"]
    if not first <= year <= last:
        raise RowError("Năm", f"năm {year} ngoài thời gian chương trình “{title}” ({first}–{last})")
    code = rec["unit_code"]
    set_unit(rec, lookups, dt.date(year, 12, 31), f"năm {year}")
    if rec["unit_id"] not in _parties(lookups).get(programme, ()):
        raise RowError(UNIT, f"đơn vị {code} không tham gia chương trình “{title}”")


def _some_figure(rec: dict, lookups):
    if rec["target"] is None and rec["actual"] is None:
        raise RowError(None, "dòng không có số liệu nào (chỉ tiêu, thực hiện)")


def _reported_or_linked(rec: dict, lookups):
    name, *_rest, metric = indicators(lookups)[rec["indicator_id"]]
    if metric is not None and rec["actual"] is not None:
        label = T.metric_labels().get(metric, metric)
        raise RowError("Thực hiện", f"chỉ số “{name}” liên kết với chỉ số “{label}”: kết quả thực hiện được tính "
                                    f"tự động từ số liệu, để trống cột này")
    if metric is None and rec["actual"] is not None and not rec["source"]:
        return [("Nguồn số liệu", "kết quả thực hiện báo cáo tay nên ghi nguồn số liệu (ví dụ báo cáo sơ kết năm)")]
    return None


def examples(cur, ex):
    # the first party-year cells of a programme without a value; else the first existing ones, updated
    found = cur.execute(q.EXAMPLE_INDICATOR_CELLS).fetchall()
    # (a linked indicator's example has a target only)
    if not found:
        return [[1, ex.u1, dt.date.today().year, 100, 80, None, "Báo cáo năm (ví dụ)"],
                [1, ex.u2, dt.date.today().year, 100, None, None, None]]
    return [[i, code, int(year), 100 if target is None else target,
             None if target is None or metric else round(target * 1.1), None,
             None if target is None or metric else "Báo cáo sơ kết năm (ví dụ)"]
            for i, code, year, target, metric in found]


KIND = Kind(
    key="indicator_values", label="Chỉ tiêu, kết quả chương trình", table="indicator_values",
    columns=(
        Column("indicator_id", "Mã chỉ số", T.Id(listing=INDICATOR), aliases=("Mã chỉ tiêu chương trình",),
               help="mã chỉ số của chương trình phối hợp (xem danh sách chọn)"),
        Column("unit_code", "Mã đơn vị", T.UNIT, aliases=("Mã ĐV", "Đơn vị", "Bên tham gia"),
               help="mã đơn vị tham gia chương trình, còn hiệu lực vào ngày 31/12 của năm", stored="unit_id"),
        Column("year", "Năm", T.YEAR, help="năm, trong thời gian của chương trình"),
        Column("target", "Chỉ tiêu", T.NUMBER, required=False, aliases=("Giá trị chỉ tiêu", "Kế hoạch"),
               help="chỉ tiêu của năm, viết 13.712 hoặc 1.234,5"),
        Column("actual", "Thực hiện", T.NUMBER, required=False, aliases=("Kết quả", "Kết quả thực hiện"),
               help="kết quả thực hiện trong năm; ghi ít nhất một trong hai cột chỉ tiêu, thực hiện; chỉ số "
                    "liên kết với một chỉ số của hệ thống thì để trống (kết quả tính tự động)"),
        Column("note", "Ghi chú", T.TEXT, required=False, aliases=("Ghi chú kết quả",),
               help="kết quả gồm những gì, tính đến ngày nào; không bắt buộc"),
        Column("source", "Nguồn số liệu", T.TEXT, required=False, aliases=("Nguồn",),
               help="văn bản hoặc báo cáo của kết quả báo cáo tay, ví dụ “Báo cáo sơ kết năm 2024 của Ban "
                    "Tuyên giáo Tỉnh ủy”"),
    ),
    natural_key=("indicator_id", "unit_id", "year"), values=("target", "actual", "note", "source"),
    duplicate="cùng chỉ số, đơn vị và năm",
    checks=(Check("the indicator exists; the year is within its programme's years; the unit (valid on 31/12 of the "
                  "year) is a party of the programme or the unit a party became part of", _indicator_year_party),
            Check("at least one of Chỉ tiêu, Thực hiện", _some_figure),
            Check("an indicator linked to a metric takes no Thực hiện (its result is computed from the metric layer); "
                  "a reported Thực hiện without Nguồn số liệu is a **warning**", _reported_or_linked)),
    check_on=("indicator_id", "unit_code", "year", "target", "actual", "source"),
    refs=(("indicator_id", "programme_indicators"), ("unit_id", "units")),
    examples=examples,
)
