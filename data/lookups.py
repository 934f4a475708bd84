"""Reference values a file is checked against, read once per import: the units (by code, with their validity),
the labels of the choice columns, the catalogue's metrics, and whatever a kind's checks load through
``cached`` (teams, channels, contests, programmes… — each kind declares its own, ``data/kinds``).

The templates' exports and the preview's old -> new table use the same object to turn stored keys into the
labels a user reads.
"""

from __future__ import annotations

import datetime as dt

from data import parse
from data import sql as q


def _day(v) -> dt.date | None:
    if v is None:
        return None
    return v.date() if isinstance(v, dt.datetime) else v


class Lookups:
    def __init__(self, con):
        self.con = con
        cur = con.cursor()
        try:
            units = cur.execute(q.UNITS).fetchall()
        finally:
            cur.close()
        names = {r[0]: r[2] for r in units}
        self.codes: dict[int, str] = {r[0]: r[1] for r in units}
        self.levels: dict[int, str] = {r[0]: r[6] for r in units}
        self.by_code: dict[str, list[tuple]] = {}
        for uid, code, name, vf, vt, succ, _level in units:
            succ_text = None if succ is None else f"{self.codes[succ]} {names[succ]}"
            self.by_code.setdefault(str(code), []).append((int(uid), name, _day(vf), _day(vt), succ_text))
        self.unit_names: dict[int, str] = {uid: f"{self.codes[uid]} · {name}" for uid, name in names.items()}
        self._cache: dict[str, object] = {}

    def cached(self, name: str, load):
        """``load(cursor)`` once per import; later calls give the same object."""
        if name not in self._cache:
            cur = self.con.cursor()
            try:
                self._cache[name] = load(cur)
            finally:
                cur.close()
        return self._cache[name]

    def _choice_rows(self, name: str) -> list[tuple]:
        return self.cached(f"choice:{name}", lambda cur: cur.execute(q.CHOICE_LABELS[name]).fetchall())

    def labels(self, name: str) -> dict[str, str]:
        """A choice column's vocabulary: its keys, Vietnamese and English labels folded -> key."""
        def load(_cur):
            out = {}
            for key, vi, en in self._choice_rows(name):
                for text in (key, vi, en):
                    out[parse.header_key(text)] = key
            return out
        return self.cached(f"labels:{name}", load)

    def label_of(self, name: str) -> dict[str, str]:
        """A choice column's key -> Vietnamese label."""
        return self.cached(f"label_of:{name}", lambda _cur: {k: vi for k, vi, _en in self._choice_rows(name)})

    @property
    def metrics(self) -> dict[str, str]:
        """The catalogue's metrics: key and Vietnamese label folded -> key."""
        def load(_cur):
            from queries.catalogue import METRICS
            out = {}
            for m in METRICS.values():
                out[parse.header_key(m.key)] = m.key
                out[parse.header_key(m.label_vi)] = m.key
            return out
        return self.cached("metrics", load)

    def unit(self, code: str, month: dt.date, when: str | None = None) -> int:
        """The unit with this code valid on ``month`` (a report month, or a day when ``when`` says so)."""
        options = self.by_code.get(code)
        if not options:
            raise parse.ParseError(f"mã đơn vị “{code}” không tồn tại")
        for uid, _name, vf, vt, _succ in options:
            if vf <= month and (vt is None or month < vt):
                return uid
        uid, name, vf, vt, succ = options[0]
        if vt is not None and month >= vt:
            hint = f" (đã hợp nhất vào {succ})" if succ else ""
            when = when or f"tháng {month:%m/%Y}"
            raise parse.ParseError(f"mã {code} ({name}) không còn hiệu lực từ {vt:%d/%m/%Y}{hint}; "
                                   f"{when} phải dùng mã đơn vị mới")
        raise parse.ParseError(f"mã {code} ({name}) chỉ có hiệu lực từ {vf:%d/%m/%Y}")
