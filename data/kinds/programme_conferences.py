"""Review conferences (hội nghị đánh giá) of a coordination programme: one per programme and year reviewed, held
(or planned) in that year or the next — held or planned is decided by the date, not stored."""

from __future__ import annotations

import datetime as dt

from data import sql as q
from data.kinds import types as T
from data.kinds.base import Check, Column, Kind, RowError, d
from data.kinds.programme_indicators import programmes


def _programmes(cur) -> list[tuple]:
    return [(str(i), f"{name} ({y0}–{y1})") for i, name, y0, y1 in cur.execute(q.LIST_PROGRAMMES).fetchall()]


PROGRAMME = T.drop_down("programme", "Mã chương trình", _programmes)


def _programme_year_day(rec: dict, lookups):
    programme = programmes(lookups).get(rec["programme_id"])
    if programme is None:
        raise RowError("Mã chương trình", f"mã chương trình {rec['programme_id']} không tồn tại")
    name, first, last = programme
    year, day = rec["year"], rec["held_on"]
    if not first <= year <= last:
        raise RowError("Năm", f"năm {year} ngoài thời gian chương trình “{name}” ({first}–{last})")
    if not year <= day.year <= year + 1:
        raise RowError("Ngày họp", f"hội nghị đánh giá năm {year} phải họp trong năm {year} hoặc năm {year + 1} "
                                   f"(đang là {d(day)})")


def examples(cur, ex):
    # the first programme years without a conference (else the first ones, replaced), alternating the place
    found = cur.execute(q.EXAMPLE_CONFERENCE_YEARS).fetchall()
    if not found:
        year = dt.date.today().year
        return [[1, year, dt.date(year, 10, 2), "Sơn La", "Hội nghị đánh giá (ví dụ)", None],
                [1, year + 1, dt.date(year + 1, 10, 2), "Đà Nẵng", "Hội nghị đánh giá (ví dụ)", None]]
    places = ["Sơn La", "Đà Nẵng"]
    return [[pid, int(year), dt.date(int(year), 10, 15), places[i % 2], "Hội nghị đánh giá (ví dụ)", None]
            for i, (pid, year) in enumerate(found)]


KIND = Kind(
    key="programme_conferences", label="Hội nghị đánh giá chương trình", table="programme_conferences",
    columns=(
        Column("programme_id", "Mã chương trình", T.Id(listing=PROGRAMME),
               help="mã chương trình phối hợp (xem danh sách chọn)"),
        Column("year", "Năm", T.YEAR, aliases=("Năm đánh giá",),
               help="năm của chương trình mà hội nghị đánh giá, trong thời gian của chương trình; mỗi năm một "
                    "hội nghị"),
        Column("held_on", "Ngày họp", T.DATE, aliases=("Ngày tổ chức", "Ngày hội nghị"),
               help="ngày tổ chức (đã họp hoặc dự kiến), dd/mm/yyyy; trong năm đánh giá hoặc năm sau"),
        Column("place", "Địa điểm", T.TEXT, aliases=("Nơi tổ chức",),
               help="nơi tổ chức, ví dụ Sơn La hoặc Đà Nẵng (luân phiên)"),
        Column("title", "Tên hội nghị", T.TEXT, required=False, help="không bắt buộc"),
        Column("note", "Ghi chú", T.TEXT, required=False, help="không bắt buộc"),
    ),
    natural_key=("programme_id", "year"), values=("held_on", "place", "title", "note"),
    duplicate="cùng chương trình và năm",
    checks=(Check("the programme exists; the year is one of its years; Ngày họp falls in that year or the next",
                  _programme_year_day),),
    check_on=("programme_id", "year", "held_on"),
    refs=(("programme_id", "programmes"),),
    examples=examples,
    notes="A conference has no unit of its own: like its programme, it is outside the scope check.",
)
