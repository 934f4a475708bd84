"""Units below province — communes (xã, phường, đặc khu) and agencies, and the district-level units (huyện, quận, thị
xã, thành phố thuộc tỉnh) that existed until 30/06/2025 — with their validity; the 97 provincial units are the reference
list (``data/reference``) and the units outside the provincial tree (TW, CN, NT, NN) rows of the schema, never
imported.

A district's parent is the province it belonged to; a commune's parent is its province, or before 07/2025 its district.
Facts of either roll up to the province through ``unit_lineage`` (a commune under a district: to the district's
province), and from 07/2025 to the unit that province became part of.
"""

from __future__ import annotations

import datetime as dt

from data import parse
from data import sql as q
from data.kinds import types as T
from data.kinds.base import Check, Column, FileCheck, Kind, Problem, RowError, cached_rows, d
from data.reference import DISTRICTS_END, SPECIAL_UNITS

LEVEL = "xa"
DISTRICT = "huyen"


def _code_and_parent(rec: dict, lookups):
    """Not a provincial code, code <provincial code>.<n>, parent valid on the start day: a province, or for a
    commune a district."""
    code, start = rec["code"], rec["valid_from"]
    level = rec["level"] = rec["level"] or LEVEL
    if code in SPECIAL_UNITS:
        raise RowError("Mã đơn vị", f"mã {code} ({SPECIAL_UNITS[code][1]}) là đơn vị đặc biệt của danh mục chuẩn, không "
                                    f"nhập qua tệp — chỉ nhập đơn vị cấp xã, cấp huyện hoặc cơ quan, mã dạng "
                                    f"<mã tỉnh>.<số> như 14.001")
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
    parent_level = lookups.levels.get(parent)
    province_code = parent_code
    if parent_level == DISTRICT and level == LEVEL:
        # a commune under a district: its code starts with the district's province's code
        province_code = lookups.codes.get(cached_rows(lookups, "unit_parents", q.UNIT_PARENTS)[parent][0])
    elif parent_level != "tinh":
        allowed = "đơn vị cấp tỉnh" if level == DISTRICT else "đơn vị cấp tỉnh hoặc cấp huyện (trước 07/2025)"
        raise RowError("Mã đơn vị cấp tỉnh", f"“{parent_code}” không phải {allowed}")
    if code.split(".", 1)[0] != province_code:
        raise RowError("Mã đơn vị", f"mã {code} phải bắt đầu bằng mã đơn vị cấp tỉnh {province_code} "
                                    f"(ví dụ {province_code}.001)")
    if level == DISTRICT and (rec["valid_to"] is None or rec["valid_to"] > DISTRICTS_END):
        raise RowError("Hiệu lực đến", f"đơn vị cấp huyện không còn từ {d(DISTRICTS_END)} (chính quyền địa phương hai "
                                       f"cấp): ghi “Hiệu lực đến” là {d(DISTRICTS_END)} hoặc sớm hơn")
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
    first = [free[0], "Phường ví dụ", ex.u1, start, None, "Xã"]
    if cur.execute(q.OLD_PROVINCE, [ex.u1, DISTRICTS_END]).fetchall():     # a district of the old province
        return [first, [free[1], "Huyện ví dụ", ex.u1, dt.date(2020, 1, 1), DISTRICTS_END, "Huyện"]]
    return [first, [free[1], "Xã ví dụ", ex.u1, start, None, "Xã"]]


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
               help="đơn vị không còn từ ngày này (ví dụ sau sắp xếp), dd/mm/yyyy; để trống nếu còn hiệu lực; đơn vị "
                    "cấp huyện: 01/07/2025 hoặc sớm hơn"),
        Column("level", "Cấp", T.UNIT_LEVEL, required=False, aliases=("Cấp đơn vị",),
               help="Xã (mặc định: xã, phường, đặc khu hoặc cơ quan) hoặc Huyện (huyện, quận, thị xã, thành phố thuộc "
                    "tỉnh — chỉ đến 30/06/2025, thuộc một tỉnh cũ); một xã trước 07/2025 có thể ghi mã huyện ở cột "
                    "“Mã đơn vị cấp tỉnh”"),
    ),
    natural_key=("unit_id",), values=("code", "name", "level", "parent_id", "valid_from", "valid_to"),
    duplicate="cùng mã đơn vị và hiệu lực từ",
    checks=(Check("a provincial code (the 97 reference units), a code of the units outside the provincial tree (TW, "
                  "CN, NT, NN) or a code without a dot is refused; Cấp blank = Xã; the parent, valid on Hiệu lực từ, is "
                  "a provincial unit (a commune's may be a district, Cấp Huyện); the code starts with the province's "
                  "code; a district ends by 01/07/2025 (Hiệu lực đến required)", _code_and_parent),
            Check("Hiệu lực đến after Hiệu lực từ; a code names one unit at a time (no overlap with another unit of "
                  "that code in the database)", _validity)),
    dup_key=lambda rec: (rec["code"], rec["valid_from"]),
    file_checks=(FileCheck("no two rows of the file give one code overlapping validity", _overlaps),),
    id_column="unit_id", id_start=100000, batch_column=False, file_key=("code", "valid_from"),
    refs=(("parent_id", "units"),),
    examples=examples,
    notes="Level 'xa' or 'huyen'. Import a file of districts before the communes under them. Columns not imported "
          "(lat, lon, tiles) are kept by a correction and its undo.",
)
