"""Members of a team at the end of a report month."""

from __future__ import annotations

from data import sql as q
from data.kinds import types as T
from data.kinds.activities import COUNT_HELP, MONTH_HELP
from data.kinds.base import Check, Column, Kind, RowError, active_in, month_end
from data.kinds.entities import TEAM


def _team_active(rec: dict, lookups):
    team = TEAM.known(lookups).get(rec["team_id"])
    if team is None:
        raise RowError("Mã biệt đội", f"mã biệt đội {rec['team_id']} không tồn tại")
    _unit_id, name, founded, disbanded = team
    active_in("biệt đội", rec["team_id"], name, founded, disbanded, rec["month"], "Mã biệt đội",
              "thành lập", "đã giải thể")


def snapshot_examples(cur, ex, entity, snapshots: str, value: str) -> tuple:
    """The month after the snapshots' last, and two entities active then with their latest value."""
    m = ex.next_month(snapshots)
    found = cur.execute(q.EXAMPLE_ENTITIES.format(ident=entity.id_column, value=value, snapshots=snapshots,
                                                  entities=entity.table, opened=entity.opened, closed=entity.closed),
                        [month_end(m), m]).fetchall()
    return m, found or [(1, None), (2, None)]


def examples(cur, ex):
    m, found = snapshot_examples(cur, ex, TEAM, "team_snapshots", "members")
    return [[i, m, (v or 20) + 1] for i, v in found]


KIND = Kind(
    key="team_snapshots", label="Thành viên biệt đội", table="team_snapshots",
    columns=(
        Column("team_id", "Mã biệt đội", T.ID, aliases=("Mã đội", "Mã tổ"),
               help="mã biệt đội/tổ trong hệ thống (xem danh sách biệt đội, python -m data export --kind teams)"),
        Column("month", "Tháng báo cáo", T.MONTH, aliases=("Tháng", "Kỳ báo cáo"), help=MONTH_HELP),
        Column("members", "Số thành viên", T.COUNT, aliases=("Thành viên", "Số lượng thành viên"),
               help="số thành viên của đội cuối tháng — " + COUNT_HELP),
    ),
    natural_key=("team_id", "month"), values=("members",),
    duplicate="cùng biệt đội và tháng",
    checks=(Check("team exists and is active in the month (founded by its last day, not disbanded by its first)",
                  _team_active),),
    check_on=("team_id", "month"),
    refs=(("team_id", "teams"),),
    examples=examples,
)
