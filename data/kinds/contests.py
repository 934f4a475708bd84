"""Online contests (cuộc thi): one row per contest, with its organiser, dates, format and targets."""

from __future__ import annotations

import datetime as dt

from data import parse
from data import sql as q
from data.kinds import types as T
from data.kinds.base import Check, Column, Kind, RowError, cached_rows, d, set_unit, vn
from data.reference import CENTRAL, PARTICIPANT_ONLY, SPECIAL_UNITS

# formats offered for a contest even before the database has any
CONTEST_FORMATS = ["Trắc nghiệm trực tuyến", "Trắc nghiệm trực tuyến kết hợp viết bài dự thi"]


def _formats(cur) -> list[tuple]:
    formats = [r[0] for r in cur.execute(q.LIST_CONTEST_FORMATS).fetchall()]
    return [(f, "") for f in dict.fromkeys(formats + CONTEST_FORMATS)]


FORMAT = T.drop_down("contest_format", "Hình thức cuộc thi", _formats)


def known(lookups) -> dict[int, tuple]:
    """contest -> (title, start_on, end_on, organiser_unit_id) of the contests in the database."""
    return cached_rows(lookups, "contests", q.CONTESTS)


def _keys(lookups) -> dict[tuple, int]:
    """(organiser unit, folded title, start day) -> id of the existing contests."""
    return lookups.cached("contest_keys", lambda cur: {
        (o, parse.header_key(t), s): i for i, t, o, s in cur.execute(q.CONTEST_KEYS).fetchall()})


def _spans(lookups) -> dict[int, tuple]:
    """contest -> (first period start, last period start, earliest period end) of its participation rows."""
    return cached_rows(lookups, "contest_spans", q.CONTEST_SPANS)


def _organiser_and_dates(rec: dict, lookups):
    start, end = rec["start_on"], rec["end_on"]
    set_unit(rec, lookups, start, f"ngày {d(start)}", code="organiser_code", into="organiser_unit_id",
             header="Mã đơn vị tổ chức")
    code = lookups.codes.get(rec["organiser_unit_id"])
    if code in PARTICIPANT_ONLY:
        raise RowError("Mã đơn vị tổ chức", f"“{code}” ({SPECIAL_UNITS[code][1].lower()}) chỉ dùng cho số liệu tham "
                                            f"gia, không phải đơn vị tổ chức; cuộc thi toàn quốc do Ban Tuyên giáo (và "
                                            f"Dân vận) Trung ương tổ chức ghi “{CENTRAL}”")
    if end <= start:
        raise RowError("Ngày kết thúc", f"ngày kết thúc ({d(end)}) phải sau ngày bắt đầu ({d(start)})")
    luot, nguoi = rec["target_luot"], rec["target_nguoi"]
    if luot is not None and nguoi is not None and nguoi > luot:
        raise RowError("Chỉ tiêu người", f"chỉ tiêu người ({vn(nguoi)}) không thể lớn hơn chỉ tiêu lượt ({vn(luot)})")


def _identity(rec: dict, lookups):
    start, end, cid = rec["start_on"], rec["end_on"], rec["contest_id"]
    if cid is None:
        same = _keys(lookups).get((rec["organiser_unit_id"], parse.header_key(rec["title"]), start))
        if same is not None:
            raise RowError("Tên cuộc thi", f"đơn vị này đã có cuộc thi “{rec['title']}” bắt đầu ngày {d(start)} "
                                           f"(mã cuộc thi {same}); ghi mã đó vào cột “Mã cuộc thi” để sửa, "
                                           f"không tạo cuộc thi trùng")
        return None
    if cid not in known(lookups):
        return [("Mã cuộc thi", f"mã cuộc thi {cid} chưa có; sẽ tạo cuộc thi mới với mã này")]
    span = _spans(lookups).get(cid)
    if span is not None:
        first, last, first_end = span
        if first_end < start:
            raise RowError("Ngày bắt đầu", f"cuộc thi {cid} đã có số liệu tham gia kỳ từ {d(first)}; ngày bắt đầu "
                                           f"({d(start)}) phải để các kỳ đó nằm trong thời gian cuộc thi")
        if last > end:
            raise RowError("Ngày kết thúc", f"cuộc thi {cid} đã có số liệu tham gia kỳ từ {d(last)}; ngày kết "
                                            f"thúc ({d(end)}) phải để các kỳ đó nằm trong thời gian cuộc thi")
    return None


def _dup_key(rec):
    if rec["contest_id"] is not None:
        return ("id", rec["contest_id"])
    return ("new", rec["organiser_unit_id"], parse.header_key(rec["title"]), rec["start_on"])


def examples(cur, ex):
    day = ex.next_month("contests", "start_on")
    return [[None, "Cuộc thi trực tuyến tìm hiểu (ví dụ)", "Chỉ thị 34-CT/TU", ex.u1, day,
             day + dt.timedelta(days=30), "Trắc nghiệm trực tuyến", 200000, 80000],
            [None, "Cuộc thi sáng tác video clip (ví dụ)", None, ex.u2, day, day + dt.timedelta(days=45),
             None, None, None]]


KIND = Kind(
    key="contests", label="Danh sách cuộc thi", table="contests",
    columns=(
        Column("contest_id", "Mã cuộc thi", T.ID, required=False,
               help="để trống khi thêm cuộc thi mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa thông tin cuộc thi"),
        Column("title", "Tên cuộc thi", T.TEXT, aliases=("Cuộc thi",),
               help="tên chính thức của cuộc thi (không ghi tên người dự thi, người đạt giải)"),
        Column("document", "Văn bản", T.TEXT, required=False, aliases=("Văn bản tìm hiểu", "Chủ đề văn bản"),
               help="văn bản cuộc thi tìm hiểu, ví dụ “Chỉ thị 34-CT/TU”; không bắt buộc"),
        Column("organiser_code", "Mã đơn vị tổ chức", T.UNIT, aliases=("Đơn vị tổ chức", "Mã ĐV tổ chức"),
               help="mã đơn vị tổ chức cuộc thi, còn hiệu lực vào ngày bắt đầu; TW với cuộc thi do Ban Tuyên giáo "
                    "(từ 02/2025 Ban Tuyên giáo và Dân vận) Trung ương tổ chức", stored="organiser_unit_id"),
        Column("start_on", "Ngày bắt đầu", T.DATE, aliases=("Bắt đầu",), help="dd/mm/yyyy"),
        Column("end_on", "Ngày kết thúc", T.DATE, aliases=("Kết thúc",),
               help="ngày cuối cùng của cuộc thi, dd/mm/yyyy; phải sau ngày bắt đầu"),
        Column("format", "Hình thức", T.Text(listing=FORMAT), required=False, aliases=("Hình thức thi",),
               help="hình thức thi: chọn trong danh sách hoặc ghi hình thức khác; không bắt buộc"),
        Column("target_luot", "Chỉ tiêu lượt", T.COUNT, required=False, aliases=("Chỉ tiêu lượt dự thi",),
               help="chỉ tiêu lượt dự thi cả cuộc thi — " + "số nguyên không âm; không bắt buộc"),
        Column("target_nguoi", "Chỉ tiêu người", T.COUNT, required=False, aliases=("Chỉ tiêu người dự thi",),
               help="chỉ tiêu số người dự thi; không lớn hơn chỉ tiêu lượt; không bắt buộc"),
    ),
    natural_key=("contest_id",),
    values=("title", "document", "organiser_unit_id", "start_on", "end_on", "format", "target_luot",
            "target_nguoi"),
    duplicate="cùng mã cuộc thi, hoặc cùng đơn vị tổ chức, tên cuộc thi và ngày bắt đầu",
    checks=(Check("organiser unit valid on the start day (TW for a national contest; CN, NT, NN only take part); end "
                  "after start; chỉ tiêu người ≤ chỉ tiêu lượt",
                  _organiser_and_dates),
            Check("a row without Mã cuộc thi is a new contest and must not repeat an existing contest's organiser + "
                  "title + start day; an unknown id creates that id (warning); an existing contest's new dates must "
                  "still contain its participation periods", _identity)),
    dup_key=_dup_key, id_column="contest_id",
    refs=(("organiser_unit_id", "units"),),
    examples=examples,
    notes="Hình thức: a format outside the drop-down (the known formats) is allowed.",
)
