"""Monthly activity counts of a unit: per platform, activity type and (for link shares) source level."""

from __future__ import annotations

from data import parse
from data.kinds import types as T
from data.kinds.base import Check, Column, Kind, RowError, set_unit

UNIT_HELP = "mã đơn vị hành chính cấp tỉnh (ví dụ 14 = Sơn La); mã phải còn hiệu lực vào thời điểm của dòng"
MONTH_HELP = "tháng báo cáo, viết 09/2024 (cũng nhận 9/2024, Tháng 9/2024, T9/2024, 2024-09)"
COUNT_HELP = "số nguyên không âm, viết 13.712 hoặc 13712"

# the activity type whose rows say the level of the shared link's source; every other type has none
LINK_SHARE = "chia_se_link"
LINK_LEVELS = ("trung_uong", "tinh", "co_so")


def _unit_in_month(rec: dict, lookups):
    set_unit(rec, lookups, rec["month"])


def _source_level(rec: dict, lookups):
    level = rec.get("source_level")
    try:
        if rec["activity_key"] == LINK_SHARE:
            if level in (None, T.NOT_APPLICABLE):
                raise parse.ParseError("chia sẻ đường link phải ghi cấp nguồn: Trung ương, Tỉnh hoặc Cơ sở")
        elif level not in (None, T.NOT_APPLICABLE):
            raise parse.ParseError("chỉ chia sẻ đường link mới có cấp nguồn; để trống ô này")
        else:
            level = T.NOT_APPLICABLE
    except parse.ParseError as exc:
        raise RowError("Cấp nguồn link", str(exc)) from None
    rec["source_level"] = level


def examples(cur, ex):
    m = ex.next_month("activities")
    platform, activity, level = ex.labels["platform"], ex.labels["activity"], ex.labels["level"]
    return [[ex.u1, m, platform["fanpage"], activity["bai_viet"], None, 1250, 250000],
            [ex.u1, m, platform["fanpage"], activity[LINK_SHARE], level["trung_uong"], 13712, None]]


KIND = Kind(
    key="activities", label="Hoạt động hằng tháng", table="activities",
    columns=(
        Column("unit_code", "Mã đơn vị", T.UNIT, aliases=("Mã ĐV", "Đơn vị"), help=UNIT_HELP, stored="unit_id"),
        Column("month", "Tháng báo cáo", T.MONTH, aliases=("Tháng", "Kỳ báo cáo"), help=MONTH_HELP),
        Column("platform_key", "Loại kênh", T.PLATFORM, aliases=("Nền tảng",),
               help="nền tảng: chọn trong danh sách"),
        Column("activity_key", "Loại hoạt động", T.ACTIVITY, aliases=("Hoạt động",),
               help="loại hoạt động: chọn trong danh sách"),
        Column("source_level", "Cấp nguồn link", T.LEVEL, required=False, aliases=("Nguồn link", "Cấp nguồn"),
               help="chỉ ghi với “Chia sẻ đường link được gửi”: Trung ương, Tỉnh hoặc Cơ sở; "
                    "các loại khác để trống"),
        Column("quantity", "Số lượng", T.COUNT, aliases=("Số lượt", "Số lượng (lượt)"), help=COUNT_HELP),
        Column("reach", "Lượt tiếp cận", T.COUNT, required=False, aliases=("Tiếp cận",),
               help="không bắt buộc; để trống nếu không rõ (không ghi 0)"),
    ),
    natural_key=("unit_id", "month", "platform_key", "activity_key", "source_level"),
    values=("quantity", "reach"),
    keyed=False,
    duplicate="cùng đơn vị, tháng, loại kênh, loại hoạt động và cấp nguồn",
    checks=(Check("unit valid in the month", _unit_in_month),
            Check("source level only (and always) for link shares; stored 'khong' for the other types",
                  _source_level)),
    check_on=("unit_code", "month", "activity_key", "source_level"),
    refs=(("unit_id", "units"),),
    examples=examples,
)
