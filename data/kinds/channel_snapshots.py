"""A channel's figures for a report month: followers (stock), posts and views/interactions (flows)."""

from __future__ import annotations

import datetime as dt

from data import sql as q
from data.kinds import types as T
from data.kinds.activities import MONTH_HELP
from data.kinds.base import Check, Column, FileCheck, Kind, Problem, RowError, active_in, vn
from data.kinds.entities import CHANNEL
from data.kinds.team_snapshots import snapshot_examples

FOLLOWER_JUMP = 0.5   # a followers figure more than ±50 % from the previous month's is flagged


def _channel_active(rec: dict, lookups):
    channel = CHANNEL.known(lookups).get(rec["channel_id"])
    if channel is None:
        raise RowError("Mã kênh", f"mã kênh {rec['channel_id']} không tồn tại")
    _unit_id, name, opened, closed, _platform = channel
    active_in("kênh", rec["channel_id"], name, opened, closed, rec["month"], "Mã kênh", "mở", "đã đóng")


def _some_figure(rec: dict, lookups):
    if all(rec[k] is None for k in ("followers", "posts", "interactions")):
        raise RowError(None, "dòng không có số liệu nào (người theo dõi, bài đăng, lượt xem/tương tác)")


def _previous(month: dt.date) -> dt.date:
    return dt.date(month.year - (month.month == 1), 12 if month.month == 1 else month.month - 1, 1)


def _followers_jumps(con, rows, origins: list[tuple]) -> list[Problem]:
    """Warn (not refuse) where followers jump implausibly against the previous month in the database."""
    import pandas as pd

    prev = {m: _previous(m) for m in set(rows["month"])}
    probe = pd.DataFrame({"i": range(len(rows)), "channel_id": rows["channel_id"].astype("int64"),
                          "prev": [prev[m] for m in rows["month"]],
                          "followers": rows["followers"]})
    probe = probe[probe["followers"].notna()]
    if probe.empty:
        return []
    cur = con.cursor()
    try:
        cur.register("jump_probe", probe)
        found = cur.execute(q.FOLLOWER_JUMPS.format(jump=FOLLOWER_JUMP)).fetchall()
        cur.unregister("jump_probe")
    finally:
        cur.close()
    out = []
    for i, prev_month, before, now in found:
        sheet, row = origins[int(i)]
        change = (now - before) / before * 100
        out.append(Problem(sheet, row, "Người theo dõi",
                           f"người theo dõi thay đổi {change:+.0f} % so với tháng {prev_month:%m/%Y} "
                           f"({vn(before)} → {vn(now)}); hãy kiểm tra lại", "warning"))
    return out


def examples(cur, ex):
    m, found = snapshot_examples(cur, ex, CHANNEL, "channel_snapshots", "followers")
    return [[i, m, None if v is None else round(v * 1.02), 30, 12000] for i, v in found]


KIND = Kind(
    key="channel_snapshots", label="Số liệu kênh hằng tháng", table="channel_snapshots",
    columns=(
        Column("channel_id", "Mã kênh", T.ID, help="mã kênh trong hệ thống (python -m data export --kind channels)"),
        Column("month", "Tháng báo cáo", T.MONTH, aliases=("Tháng", "Kỳ báo cáo"), help=MONTH_HELP),
        Column("followers", "Người theo dõi", T.COUNT, required=False,
               aliases=("Số người theo dõi", "Lượt theo dõi", "Thành viên nhóm"),
               help="người theo dõi (thành viên với nhóm) cuối tháng; trang web để trống"),
        Column("posts", "Bài đăng", T.COUNT, required=False, aliases=("Số bài đăng", "Tin bài", "Số tin bài"),
               help="số tin bài đăng trong tháng"),
        Column("interactions", "Lượt xem/tương tác", T.COUNT, required=False,
               aliases=("Lượt xem", "Lượt tương tác", "Lượt xem, tương tác", "Tương tác"),
               help="lượt xem/tương tác trong tháng (trang web: lượt truy cập)"),
    ),
    natural_key=("channel_id", "month"), values=("followers", "posts", "interactions"),
    duplicate="cùng kênh và tháng",
    checks=(Check("channel exists and is active in the month", _channel_active),
            Check("at least one figure", _some_figure)),
    check_on=("channel_id", "month", "followers", "posts", "interactions"),
    file_checks=(FileCheck(f"**warning** (not error) when followers move more than ±{FOLLOWER_JUMP:.0%} from the "
                           "previous month in the database", _followers_jumps),),
    refs=(("channel_id", "channels"),),
    examples=examples,
)
