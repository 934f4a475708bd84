"""Participation in a contest per participating unit and period (a 7-day week, or a month): người and lượt, two
different measures never added together, plus entries and awards."""

from __future__ import annotations

import datetime as dt

from data import sql as q
from data.kinds import contests
from data.kinds import types as T
from data.kinds.base import Check, Column, Kind, RowError, month_end, set_unit, vn


def _period_end(start: dt.date, grain: str) -> dt.date:
    return start + dt.timedelta(days=6) if grain == "week" else month_end(start)


def _period_in_contest(rec: dict, lookups):
    contest = contests.known(lookups).get(rec["contest_id"])
    if contest is None:
        raise RowError("Mã cuộc thi", f"mã cuộc thi {rec['contest_id']} không tồn tại")
    title, start_on, end_on = contest
    start = rec["period_start"]
    rec["period_grain"] = rec["period_grain"] or "week"
    if rec["period_grain"] == "month" and start.day != 1:
        raise RowError("Từ ngày", f"kỳ theo tháng phải bắt đầu từ ngày 01 (đang là {start:%d/%m/%Y})")
    if start > end_on or _period_end(start, rec["period_grain"]) < start_on:
        raise RowError("Từ ngày", f"{start:%d/%m/%Y} ngoài thời gian cuộc thi “{title}” "
                                  f"({start_on:%d/%m/%Y} – {end_on:%d/%m/%Y})")


def _unit_and_measures(rec: dict, lookups):
    start = rec["period_start"]
    set_unit(rec, lookups, start, f"ngày {start:%d/%m/%Y}")
    if rec["nguoi"] > rec["luot"]:
        raise RowError("Người dự thi", f"người dự thi ({vn(rec['nguoi'])}) không thể nhiều hơn lượt dự thi "
                                       f"({vn(rec['luot'])})")
    rec["month"] = start.replace(day=1)


def examples(cur, ex):
    contest = cur.execute(q.EXAMPLE_CONTEST).fetchall()
    if not contest:
        return [[1, ex.u1, dt.date.today(), "Tuần", 120, 300, None, None]]
    cid, start, end, organiser = contest[0]
    unit = cur.execute(q.UNIT_CODE_ON, [organiser, start, start]).fetchall()
    code = unit[0][0] if unit else ex.u1
    second = start + dt.timedelta(days=7)
    second_row = ([cid, code, second, "Tuần", 80, 260, None, None] if second <= end
                  else [cid, ex.u2 if code != ex.u2 else ex.u1, start, "Tuần", 80, 260, None, None])
    return [[cid, code, start, "Tuần", 120, 300, None, None], second_row]


KIND = Kind(
    key="contest_participation", label="Tham gia cuộc thi", table="contest_participation",
    columns=(
        Column("contest_id", "Mã cuộc thi", T.ID, help="mã cuộc thi trong hệ thống"),
        Column("unit_code", "Mã đơn vị", T.UNIT, aliases=("Mã ĐV", "Đơn vị", "Đơn vị dự thi"),
               help="đơn vị có người dự thi, còn hiệu lực vào ngày đầu kỳ", stored="unit_id"),
        Column("period_start", "Từ ngày", T.DATE, aliases=("Ngày bắt đầu kỳ", "Tuần từ ngày"),
               help="ngày đầu tuần (hoặc ngày 01 của tháng), dd/mm/yyyy; kỳ phải nằm trong thời gian "
                    "cuộc thi"),
        Column("period_grain", "Loại kỳ", T.GRAIN, required=False, aliases=("Kỳ",),
               help="Tuần (mặc định) hoặc Tháng"),
        Column("nguoi", "Người dự thi", T.COUNT, aliases=("Số người dự thi", "Số người"),
               help="số người lần đầu dự thi trong kỳ; không lớn hơn lượt dự thi; không cộng với lượt"),
        Column("luot", "Lượt dự thi", T.COUNT, aliases=("Số lượt dự thi", "Số lượt"),
               help="số lượt dự thi trong kỳ"),
        Column("submissions", "Bài dự thi", T.COUNT, required=False, aliases=("Số bài dự thi",),
               help="không bắt buộc"),
        Column("awards", "Giải thưởng", T.COUNT, required=False, aliases=("Số giải thưởng", "Số giải"),
               help="số giải đã trao; không bắt buộc (không ghi tên người đạt giải)"),
    ),
    natural_key=("contest_id", "unit_id", "period_start"),
    values=("period_grain", "month", "nguoi", "luot", "submissions", "awards"),
    duplicate="cùng cuộc thi, đơn vị và từ ngày",
    checks=(Check("contest exists; Loại kỳ blank = Tuần; a month starts on the 1st; the period (a week from Từ ngày, "
                  "or the month) overlaps the contest's dates, else “ngoài thời gian cuộc thi” — a week starting on "
                  "the Monday before the opening day counts", _period_in_contest),
            Check("unit valid on Từ ngày; người ≤ lượt; month = the month of Từ ngày", _unit_and_measures)),
    check_on=("contest_id", "unit_code", "period_start", "period_grain", "nguoi", "luot"),
    refs=(("contest_id", "contests"), ("unit_id", "units")),
    examples=examples,
)
