"""What the two entity kinds (channels, teams) and their monthly snapshots share: the entities in the database,
the entity row check (unit valid on the opening day, closing after opening, no second entity of the same name)
and the within-file duplicate key."""

from __future__ import annotations

from dataclasses import dataclass

from data import parse
from data import sql as q
from data.kinds.base import RowError, cached_rows, set_unit


@dataclass(frozen=True)
class Entity:
    what: str           # "kênh"
    table: str
    id_column: str
    id_header: str
    name_header: str
    opened: str
    closed: str
    opened_header: str
    closed_header: str
    query: str          # id, unit_id, name, opened, closed[, platform_key] of every entity
    by_platform: bool   # a new entity's name is unique per unit and platform (channels), or per unit (teams)

    def known(self, lookups) -> dict[int, tuple]:
        """id -> (unit_id, name, opened, closed[, platform_key]) of the entities in the database."""
        return cached_rows(lookups, self.table, self.query)

    def names(self, lookups) -> dict[tuple, int]:
        """(unit_id, [platform_key,] folded name) -> id of the entities in the database."""
        def load(_cur):
            if self.by_platform:
                return {(u, p, parse.header_key(n)): i for i, (u, n, _o, _c, p) in self.known(lookups).items()}
            return {(u, parse.header_key(n)): i for i, (u, n, _o, _c) in self.known(lookups).items()}
        return lookups.cached(f"names_{self.table}", load)

    def check(self, rec: dict, lookups):
        """Unit valid on the opening date, closing after opening, no duplicate new entity; an id not in the
        database creates that id (warning)."""
        opened, closed = rec[self.opened], rec[self.closed]
        set_unit(rec, lookups, opened, f"ngày {opened:%d/%m/%Y}")
        if closed is not None and closed <= opened:
            raise RowError(self.closed_header, f"{self.closed_header.lower()} ({closed:%d/%m/%Y}) phải sau "
                                               f"{self.opened_header.lower()} ({opened:%d/%m/%Y})")
        ident = rec[self.id_column]
        if ident is None:
            key = ((rec["unit_id"], rec["platform_key"]) if self.by_platform else (rec["unit_id"],)) + (
                parse.header_key(rec["name"]),)
            same = self.names(lookups).get(key)
            if same is not None:
                id_word = self.id_header.lower()
                raise RowError(self.name_header, f"đơn vị này đã có {self.what} “{rec['name']}” ({id_word} {same}); "
                                                 f"ghi {id_word} đó vào cột “{self.id_header}” để sửa, "
                                                 f"không tạo {self.what} trùng")
            return None
        if ident not in self.known(lookups):
            return [(self.id_header, f"{self.id_header.lower()} {ident} chưa có; sẽ tạo {self.what} mới với mã này")]
        return None

    def dup_key(self, rec):
        if rec[self.id_column] is not None:
            return ("id", rec[self.id_column])
        return ("new", rec["unit_id"], rec.get("platform_key"), parse.header_key(rec["name"]))


CHANNEL = Entity("kênh", "channels", "channel_id", "Mã kênh", "Tên kênh", "opened_on", "closed_on", "Ngày mở",
                 "Ngày đóng", q.CHANNELS, by_platform=True)
TEAM = Entity("biệt đội", "teams", "team_id", "Mã biệt đội", "Tên biệt đội", "founded_on", "disbanded_on",
              "Ngày thành lập", "Ngày giải thể", q.TEAMS, by_platform=False)
