"""The information teams (biệt đội / tổ) of the units: one row per team."""

from __future__ import annotations

from data.kinds import types as T
from data.kinds.base import Check, Column, Kind
from data.kinds.entities import TEAM


def examples(cur, ex):
    day = ex.next_month("activities")
    return [[None, ex.u1, "Biệt đội thông tin số 1 (ví dụ)", day, None],
            [None, ex.u2, "Tổ thông tin phường (ví dụ)", day, None]]


KIND = Kind(
    key="teams", label="Danh sách biệt đội", table="teams",
    columns=(
        Column("team_id", "Mã biệt đội", T.ID, required=False, aliases=("Mã đội", "Mã tổ"),
               help="để trống khi thêm biệt đội mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa"),
        Column("unit_code", "Mã đơn vị", T.UNIT, aliases=("Mã ĐV", "Đơn vị"),
               help="mã đơn vị của biệt đội, còn hiệu lực vào ngày thành lập", stored="unit_id"),
        Column("name", "Tên biệt đội", T.TEXT, aliases=("Tên đội", "Tên tổ", "Tên biệt đội, tổ"),
               help="tên biệt đội/tổ thông tin (không ghi tên thành viên)"),
        Column("founded_on", "Ngày thành lập", T.DATE, help="dd/mm/yyyy"),
        Column("disbanded_on", "Ngày giải thể", T.DATE, required=False,
               help="đội không còn hoạt động từ ngày này, dd/mm/yyyy; để trống nếu còn hoạt động"),
    ),
    natural_key=("team_id",), values=("unit_id", "name", "founded_on", "disbanded_on"),
    duplicate="cùng mã biệt đội, hoặc cùng đơn vị và tên biệt đội",
    checks=(Check("unit valid on the founding date; disbanding after founding; a row without Mã biệt đội is a new team "
                  "and must not repeat an existing team's unit + name; an id not yet in the database creates that id "
                  "(warning)", TEAM.check),),
    dup_key=TEAM.dup_key, id_column="team_id",
    refs=(("unit_id", "units"),),
    examples=examples,
)
