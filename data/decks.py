"""The write side of presentation decks: create, update, delete a deck; add, remove and reorder its items.

Each function runs in one transaction on its own cursor and appends one row to ``audit_log`` (action
'deck', actor as given). Positions of a deck's items stay dense (1..n) after every change. Errors a user
can cause (an empty or duplicate name, an unknown deck or position, a bad theme) are ``ValueError`` with a
Vietnamese message. Decks are not facts: a change here never bumps the data version (no cached figure
goes stale). This module must never read or change facts, never import the UI and never compose SQL
from user input (every value is a parameter).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from data import audit, db

THEMES = ("light", "dark")
FIELDS = ("title", "subtitle", "place", "event_on", "theme", "advance_seconds")
MAX_NAME = 100
MAX_TEXT = 200
MIN_ADVANCE, MAX_ADVANCE = 3, 3600


# ---- validation ------------------------------------------------------------------------------------


def _name(name) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise ValueError("tên bài trình chiếu không được để trống")
    if len(text) > MAX_NAME:
        raise ValueError(f"tên bài trình chiếu dài quá {MAX_NAME} ký tự")
    return text


def _text(value, label: str) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    if len(text) > MAX_TEXT:
        raise ValueError(f"{label} dài quá {MAX_TEXT} ký tự")
    return text or None


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"ngày trình chiếu {value!r} không đúng dạng YYYY-MM-DD") from None


def _advance(value) -> int | None:
    if value is None or value == "" or value == 0:
        return None
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"số giây tự chuyển trang {value!r} không phải số nguyên") from None
    if not MIN_ADVANCE <= seconds <= MAX_ADVANCE:
        raise ValueError(f"số giây tự chuyển trang phải từ {MIN_ADVANCE} đến {MAX_ADVANCE} (hoặc để trống)")
    return seconds


def _fields(fields: Mapping) -> dict:
    unknown = set(fields) - set(FIELDS) - {"name"}
    if unknown:
        raise ValueError(f"thuộc tính không có của bài trình chiếu: {', '.join(sorted(unknown))}")
    out = {}
    labels = {"title": "tiêu đề", "subtitle": "tiêu đề phụ", "place": "địa điểm"}
    for key, value in fields.items():
        if key == "name":
            out[key] = _name(value)
        elif key in labels:
            out[key] = _text(value, labels[key])
        elif key == "event_on":
            out[key] = _date(value)
        elif key == "theme":
            theme = value or "light"
            if theme not in THEMES:
                raise ValueError(f"giao diện {theme!r} không có; chọn light (sáng) hoặc dark (tối)")
            out[key] = theme
        elif key == "advance_seconds":
            out[key] = _advance(value)
    return out


def _params(params) -> str:
    if not isinstance(params, Mapping):
        raise ValueError("tham số của trang phải là một từ điển (tên → giá trị)")
    clean = {str(k): str(v) for k, v in params.items() if v is not None and str(v) != ""}
    return json.dumps(clean, ensure_ascii=False, sort_keys=True)


# ---- transactions ----------------------------------------------------------------------------------


def _audit(cur, actor: str, target: str, detail: str) -> None:
    audit.append(cur, actor or "?", "deck", target, detail)


def _run(con, work):
    """``work(cur)`` in one transaction on a cursor of ``con``; its result, or the exception after a rollback."""
    cur = con.cursor()
    try:
        cur.execute("begin transaction")
        try:
            result = work(cur)
            cur.execute("commit")
        except Exception:
            db.rollback(cur)
            raise
        return result
    finally:
        cur.close()


def _deck_name(cur, deck_id) -> str:
    row = db.one(cur, "select name from decks where deck_id = ?", [int(deck_id)])
    if row is None:
        raise ValueError(f"không có bài trình chiếu số {deck_id}")
    return row[0]


def _refuse_duplicate(cur, name: str, deck_id: int | None = None) -> None:
    row = db.one(cur, "select deck_id from decks where lower(name) = lower(?) and deck_id <> ?",
                 [name, -1 if deck_id is None else int(deck_id)])
    if row is not None:
        raise ValueError(f"đã có bài trình chiếu tên “{name}”; hãy chọn tên khác")


def _touch(cur, deck_id: int, now: dt.datetime) -> None:
    cur.execute("update decks set updated_at = ? where deck_id = ?", [now, int(deck_id)])


def _rows(cur, deck_id: int) -> list[tuple]:
    return cur.execute("select page, block, params, title, added_at from deck_items where deck_id = ? "
                       "order by position", [int(deck_id)]).fetchall()


def _rewrite(cur, deck_id: int, rows: list[tuple]) -> None:
    """Replace a deck's items by ``rows`` at positions 1..n (delete and insert: a position is part of the
    primary key, and DuckDB checks an updated key row by row)."""
    cur.execute("delete from deck_items where deck_id = ?", [int(deck_id)])
    if rows:
        cur.executemany("insert into deck_items (deck_id, position, page, block, params, title, added_at) "
                        "values (?, ?, ?, ?, ?, ?, ?)",
                        [[int(deck_id), i, *row] for i, row in enumerate(rows, start=1)])


# ---- decks -----------------------------------------------------------------------------------------


def create(con, name, actor: str = "cli", **fields) -> int:
    """A new, empty deck; returns its id."""
    values = _fields({"name": name, **fields})
    values.setdefault("theme", "light")

    def work(cur):
        _refuse_duplicate(cur, values["name"])
        now = dt.datetime.now()
        cols = list(values) + ["created_by", "created_at", "updated_at"]
        marks = ", ".join("?" for _ in cols)
        # column names come from FIELDS, never from the caller
        deck_id = db.one(cur, f"insert into decks ({', '.join(cols)}) values ({marks}) returning deck_id",
                         [*values.values(), actor or "?", now, now])[0]
        _audit(cur, actor, f"deck {deck_id}", f"tạo “{values['name']}”")
        return int(deck_id)

    return _run(con, work)


def update(con, deck_id, actor: str = "cli", **fields) -> None:
    """Change a deck's name, title, subtitle, place, date, theme or auto-advance seconds."""
    values = _fields(fields)
    if not values:
        return

    def work(cur):
        old = _deck_name(cur, deck_id)
        if "name" in values:
            _refuse_duplicate(cur, values["name"], deck_id)
        sets = ", ".join(f"{c} = ?" for c in values)      # column names from FIELDS only
        cur.execute(f"update decks set {sets}, updated_at = ? where deck_id = ?",
                    [*values.values(), dt.datetime.now(), int(deck_id)])
        detail = ", ".join(sorted(values))
        if "name" in values and values["name"] != old:
            detail += f" (“{old}” → “{values['name']}”)"
        _audit(cur, actor, f"deck {deck_id}", f"sửa {detail}")

    _run(con, work)


def delete(con, deck_id, actor: str = "cli") -> None:
    """Delete a deck and its items."""

    def work(cur):
        name = _deck_name(cur, deck_id)
        n = len(_rows(cur, deck_id))
        cur.execute("delete from deck_items where deck_id = ?", [int(deck_id)])
        cur.execute("delete from decks where deck_id = ?", [int(deck_id)])
        _audit(cur, actor, f"deck {deck_id}", f"xóa “{name}” ({n} trang chiếu)")

    _run(con, work)


# ---- items -----------------------------------------------------------------------------------------


def add_item(con, deck_id, page: str, block: str, params: Mapping, title: str | None = None,
             actor: str = "cli") -> int:
    """Append a page's block with the page's URL parameters; returns its position (the last)."""
    page, block = str(page or "").strip(), str(block or "").strip()
    if not page or not block:
        raise ValueError("thiếu trang hoặc khối cần thêm vào bài trình chiếu")
    text = _params(params)
    label = _text(title, "tiêu đề khối")

    def work(cur):
        _deck_name(cur, deck_id)
        now = dt.datetime.now()
        position = db.one(cur, "select coalesce(max(position), 0) + 1 from deck_items where deck_id = ?",
                          [int(deck_id)])[0]
        cur.execute("insert into deck_items (deck_id, position, page, block, params, title, added_at) "
                    "values (?, ?, ?, ?, ?, ?, ?)", [int(deck_id), position, page, block, text, label, now])
        _touch(cur, deck_id, now)
        _audit(cur, actor, f"deck {deck_id}", f"thêm {page}/{block} ở vị trí {position}")
        return int(position)

    return _run(con, work)


def _position(rows: list, position) -> int:
    try:
        p = int(position)
    except (TypeError, ValueError):
        p = 0
    if not 1 <= p <= len(rows):
        raise ValueError(f"bài trình chiếu không có trang chiếu ở vị trí {position}")
    return p


def remove_item(con, deck_id, position, actor: str = "cli") -> None:
    """Remove one item; the items after it move up one place."""

    def work(cur):
        _deck_name(cur, deck_id)
        rows = _rows(cur, deck_id)
        p = _position(rows, position)
        gone = rows.pop(p - 1)
        _rewrite(cur, deck_id, rows)
        _touch(cur, deck_id, dt.datetime.now())
        _audit(cur, actor, f"deck {deck_id}", f"bỏ {gone[0]}/{gone[1]} ở vị trí {p}")

    _run(con, work)


def move_item(con, deck_id, position, delta: int, actor: str = "cli") -> int:
    """Move an item ``delta`` places (−1 up, +1 down), clamped to the deck; returns its new position."""

    def work(cur):
        _deck_name(cur, deck_id)
        rows = _rows(cur, deck_id)
        p = _position(rows, position)
        target = min(max(p + int(delta), 1), len(rows))
        if target == p:
            return p
        row = rows.pop(p - 1)
        rows.insert(target - 1, row)
        _rewrite(cur, deck_id, rows)
        _touch(cur, deck_id, dt.datetime.now())
        _audit(cur, actor, f"deck {deck_id}", f"chuyển {row[0]}/{row[1]} từ vị trí {p} sang {target}")
        return target

    return _run(con, work)


# ---- a whole deck at once ----------------------------------------------------------------------------------


def build(con, name, items, actor: str = "cli", **fields) -> int:
    """A deck named ``name`` holding exactly ``items`` — (page, block, params, title) each — with ``fields``: created,
    or, when a deck of that name exists (case and spaces ignored), its items replaced and its fields updated (a
    deck built again from the same page shows today's choice of slides). One transaction, one audit row; returns
    the deck's id. Used by the programme page's "review conference deck" button."""
    values = _fields({"name": name, **fields})
    rows = []
    for page, block, params, title in items:
        page, block = str(page or "").strip(), str(block or "").strip()
        if not page or not block:
            raise ValueError("thiếu trang hoặc khối cần thêm vào bài trình chiếu")
        rows.append((page, block, _params(params), _text(title, "tiêu đề khối")))

    def work(cur):
        now = dt.datetime.now()
        found = db.one(cur, "select deck_id from decks where lower(name) = lower(?)", [values["name"]])
        if found is None:
            values.setdefault("theme", "light")
            cols = list(values) + ["created_by", "created_at", "updated_at"]
            marks = ", ".join("?" for _ in cols)
            # column names come from FIELDS, never from the caller
            deck_id = int(db.one(cur, f"insert into decks ({', '.join(cols)}) values ({marks}) returning deck_id",
                                 [*values.values(), actor or "?", now, now])[0])
            verb = "tạo"
        else:
            deck_id = int(found[0])
            sets = ", ".join(f"{c} = ?" for c in values)      # column names from FIELDS only
            cur.execute(f"update decks set {sets}, updated_at = ? where deck_id = ?", [*values.values(), now, deck_id])
            verb = "dựng lại"
        _rewrite(cur, deck_id, [(*row, now) for row in rows])
        _audit(cur, actor, f"deck {deck_id}", f"{verb} “{values['name']}” ({len(rows)} trang chiếu)")
        return deck_id

    return _run(con, work)
