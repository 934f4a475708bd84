"""The official channels (kênh, trang, nhóm) of the units: one row per channel."""

from __future__ import annotations

from data.kinds import types as T
from data.kinds.base import Check, Column, Kind
from data.kinds.entities import CHANNEL


def examples(cur, ex):
    day = ex.next_month("activities")
    platform = ex.labels["platform"]
    return [[None, ex.u1, platform["fanpage"], "Fanpage Biệt đội thông tin (ví dụ)", "facebook.com/vidu.bietdoi",
             day, None],
            [None, ex.u2, platform["tiktok"], "TikTok Tuyên giáo (ví dụ)", "tiktok.com/@vidu.tuyengiao",
             T.Dated(day, "month"), None]]


KIND = Kind(
    key="channels", label="Danh sách kênh", table="channels",
    columns=(
        Column("channel_id", "Mã kênh", T.ID, required=False,
               help="để trống khi thêm kênh mới (hệ thống tự cấp mã); ghi mã có sẵn để sửa thông tin kênh"),
        Column("unit_code", "Mã đơn vị", T.UNIT, aliases=("Mã ĐV", "Đơn vị"),
               help="mã đơn vị quản lý kênh, còn hiệu lực vào ngày mở kênh", stored="unit_id"),
        Column("platform_key", "Loại kênh", T.PLATFORM, aliases=("Nền tảng",), help="chọn trong danh sách"),
        Column("name", "Tên kênh", T.TEXT, aliases=("Tên trang", "Tên kênh, trang, nhóm"),
               help="tên chính thức của kênh, trang, nhóm"),
        Column("address", "Địa chỉ", T.TEXT, required=False, aliases=("Đường dẫn", "URL", "Địa chỉ kênh"),
               help="địa chỉ trang (ví dụ facebook.com/tuyengiaosonla); không bắt buộc"),
        Column("opened_on", "Ngày mở", T.DAY_OR_MONTH, aliases=("Ngày thành lập kênh", "Ngày bắt đầu"),
               help="ngày bắt đầu hoạt động, dd/mm/yyyy; nếu chỉ biết tháng, ghi tháng như 11/2019",
               extra="opened_precision"),
        Column("closed_on", "Ngày đóng", T.DATE, required=False, aliases=("Ngày ngừng hoạt động",),
               help="ngày ngừng hoạt động (kênh không còn hoạt động từ ngày này), dd/mm/yyyy; "
                    "để trống nếu còn hoạt động"),
    ),
    natural_key=("channel_id",), values=("unit_id", "platform_key", "name", "address", "opened_on", "closed_on",
                                        "opened_precision"),
    duplicate="cùng mã kênh, hoặc cùng đơn vị, loại kênh và tên kênh",
    checks=(Check("unit valid on the opening date (an opening month: its first day; a district-level unit before "
                  "07/2025 may own a channel); closing after opening; a row without Mã kênh is a new channel "
                  "and must not repeat an existing channel's unit + platform + name; an id not yet in the database "
                  "creates that id (warning)", CHANNEL.check),),
    dup_key=CHANNEL.dup_key, id_column="channel_id",
    refs=(("unit_id", "units"),),
    examples=examples,
    notes="Ngày mở: only the month (11/2019) is stored as its first day with opened_precision 'month' (NULL: the day).",
)
