"""Units below province (xã, phường, đặc khu) and agencies, with their validity; the 97 provincial units are the
reference list (``data/reference``), never imported."""

from __future__ import annotations

import datetime as dt

from data import parse
from data import sql as q
from data.kinds import types as T
from data.kinds.base import Check, Column, FileCheck, Kind, Problem, RowError, d

LEVEL = "xa"


def _code_and_parent(rec: dict, lookups):
    """Not a provincial code, code <provincial code>.<n>, provincial parent valid on the start day."""
    code, start = rec["code"], rec["valid_from"]
    same_code = lookups.by_code.get(code, [])
    provincial = [name for uid, name, *_ in same_code if lookups.levels.get(uid) == "tinh"]
    if provincial or "." not in code:
        what = f"mã {code} là đơn vị cấp tỉnh ({provincial[0]})" if provincial else f"mã “{code}” không có dạng mã cấp xã"
        raise RowError("Mã đơn vị", f"{what}; 97 đơn vị cấp tỉnh là danh mục chuẩn, không nhập qua tệp — chỉ nhập "
                                    f"đơn vị cấp xã hoặc cơ quan, mã dạng <mã tỉnh>.<số> như 14.001")
    parent_code = rec.pop("parent_code")
    try:
        parent = lookups.unit(parent_code, start, f"ngày {d(start)}")
    except parse.ParseError as exc:
        raise RowError("Mã đơn vị cấp tỉnh", str(exc)) from None
    if lookups.levels.get(parent) != "tinh":
        raise RowError("Mã đơn vị cấp tỉnh", f"“{parent_code}” không phải đơn vị cấp tỉnh")
    if code.split(".", 1)[0] != parent_code:
        raise RowError("Mã đơn vị", f"mã {code} phải bắt đầu bằng mã đơn vị cấp tỉnh {parent_code} "
                                    f"(ví dụ {parent_code}.001)")
    rec["parent_id"] = parent


def _validity(rec: dict, lookups):
    """End after start, the code not used by another unit at the same time; an existing unit (same code and
    start) keeps its id."""
    code, start, end = rec["code"], rec["valid_from"], rec["valid_to"]
    same_code = lookups.by_code.get(code, [])
    if end is not None and end <= start:
        raise RowError("Hiệu lực đến", f"hiệu lực đến ({d(end)}) phải sau hiệu lực từ ({d(start)})")
    rec["unit_id"] = next((uid for uid, _n, vf, *_ in same_code if vf == start), None)
    for uid, name, vf, vt, _succ in same_code:
        if uid != rec["unit_id"] and (vt is None or vt > start) and (end is None or vf < end):
            until = d(vt) if vt is not None else "nay"
            raise RowError("Hiệu lực từ", f"mã {code} đang là đơn vị “{name}” từ {d(vf)} đến {until}; một mã chỉ "
                                          f"dùng cho một đơn vị trong cùng thời gian")
    rec["level"] = LEVEL


def _overlaps(con, rows, origins: list[tuple]) -> list[Problem]:
    """Two rows of the file giving the same code overlapping validity."""
    import pandas as pd

    out = []
    frame = pd.DataFrame({"code": rows["code"], "vf": rows["valid_from"], "vt": rows["valid_to"],
                          "i": range(len(rows))})
    for _code, group in frame[frame["code"].duplicated(keep=False)].groupby("code", sort=False):
        group = group.sort_values("vf")
        prev = None
        for r in group.itertuples(index=False):
            if prev is not None and (prev.vt is None or pd.isna(prev.vt) or prev.vt > r.vf):
                sheet, row = origins[r.i]
                out.append(Problem(sheet, row, "Hiệu lực từ", f"mã {r.code} đã có ở dòng {origins[prev.i][1]} với "
                                                              f"thời gian hiệu lực trùng nhau"))
            prev = r
    return sorted(out, key=lambda p: (p.sheet, p.row))


def examples(cur, ex):
    taken = {r[0] for r in cur.execute(q.ALL_UNIT_CODES).fetchall()}
    free = [f"{ex.u1}.{n:03d}" for n in range(901, 1000) if f"{ex.u1}.{n:03d}" not in taken][:2]
    day = cur.execute(q.PROVINCE_START, [ex.u1]).fetchall()
    start = max(day[0][0], dt.date(2025, 7, 1)) if day else dt.date(2025, 7, 1)
    return [[free[0], "Phường ví dụ", ex.u1, start, None], [free[1], "Xã ví dụ", ex.u1, start, None]]


KIND = Kind(
    key="units", label="Đơn vị cấp xã", table="units",
    columns=(
        Column("code", "Mã đơn vị", T.TEXT, aliases=("Mã đơn vị cấp xã", "Mã xã", "Mã ĐV"),
               help="mã đơn vị cấp xã (xã, phường, đặc khu) hoặc cơ quan: <mã tỉnh>.<số>, ví dụ 14.001; "
                    "không nhập đơn vị cấp tỉnh (danh mục chuẩn)"),
        Column("name", "Tên đơn vị", T.TEXT, aliases=("Tên", "Tên xã", "Tên đơn vị cấp xã"),
               help="tên chính thức, ví dụ Phường Tô Hiệu"),
        Column("parent_code", "Mã đơn vị cấp tỉnh", T.UNIT, aliases=("Mã tỉnh", "Đơn vị cấp tỉnh", "Mã đơn vị cha"),
               help="mã tỉnh/thành mà đơn vị thuộc về, còn hiệu lực vào ngày “Hiệu lực từ”", stored="parent_id"),
        Column("valid_from", "Hiệu lực từ", T.DATE, aliases=("Hiệu lực từ ngày", "Ngày hiệu lực"),
               help="ngày đơn vị bắt đầu tồn tại với mã này, dd/mm/yyyy; mã và ngày này xác định đơn vị"),
        Column("valid_to", "Hiệu lực đến", T.DATE, required=False, aliases=("Hiệu lực đến ngày", "Hết hiệu lực"),
               help="đơn vị không còn từ ngày này (ví dụ sau sắp xếp), dd/mm/yyyy; để trống nếu còn hiệu lực"),
    ),
    natural_key=("unit_id",), values=("code", "name", "level", "parent_id", "valid_from", "valid_to"),
    duplicate="cùng mã đơn vị và hiệu lực từ",
    checks=(Check("a provincial code (the 97 reference units) or a code without a dot is refused; the code starts "
                  "with the parent's code; the parent is a provincial unit valid on Hiệu lực từ", _code_and_parent),
            Check("Hiệu lực đến after Hiệu lực từ; a code names one unit at a time (no overlap with another unit of "
                  "that code in the database)", _validity)),
    dup_key=lambda rec: (rec["code"], rec["valid_from"]),
    file_checks=(FileCheck("no two rows of the file give one code overlapping validity", _overlaps),),
    id_column="unit_id", id_start=100000, batch_column=False, file_key=("code", "valid_from"),
    refs=(("parent_id", "units"),),
    examples=examples,
    notes="Level 'xa'. Columns not imported (lat, lon, tiles) are kept by a correction and its undo.",
)
