"""The read side of presentation decks: the list of decks, one deck, its items in order.

Small tables read with parameterised SQL on the caller's connection or cursor (not cached: a deck changes
with a click and must show at once). A database from before migration 004 (a read-only replica not yet
migrated) simply has no decks. This module must never write and never read facts.
"""

from __future__ import annotations

import json

import pandas as pd

DECK_COLUMNS = ["deck_id", "name", "title", "subtitle", "place", "event_on", "theme", "advance_seconds",
                "created_by", "created_at", "updated_at"]
ITEM_COLUMNS = ["deck_id", "position", "page", "block", "params", "title", "added_at"]


def available(con) -> bool:
    """True when the database has the deck tables (migration 004)."""
    rows = con.execute("select count(*) from information_schema.tables where table_name in ('decks', 'deck_items')"
                       ).fetchall()
    return rows[0][0] == 2


def _frame(con, query: str, params: list, columns: list[str]) -> pd.DataFrame:
    rows = con.execute(query, params).fetchall()
    return pd.DataFrame(rows, columns=columns)


def _record(row: dict) -> dict:
    out = dict(row)
    if out.get("advance_seconds") is not None and pd.notna(out["advance_seconds"]):
        out["advance_seconds"] = int(out["advance_seconds"])
    else:
        out["advance_seconds"] = None
    out["deck_id"] = int(out["deck_id"])
    return out


def list_decks(con) -> pd.DataFrame:
    """Every deck with its number of items, the most recently changed first."""
    cols = DECK_COLUMNS + ["items"]
    if not available(con):
        return pd.DataFrame(columns=cols)
    return _frame(con, f"select {', '.join('d.' + c for c in DECK_COLUMNS)}, count(i.position) as items "
                       "from decks as d left join deck_items as i on i.deck_id = d.deck_id "
                       f"group by {', '.join('d.' + c for c in DECK_COLUMNS)} "
                       "order by d.updated_at desc, d.deck_id desc", [], cols)


def deck(con, deck_id) -> dict | None:
    """One deck as a dict (``DECK_COLUMNS``), or None when there is no such deck."""
    try:
        key = int(deck_id)
    except (TypeError, ValueError):
        return None
    if not available(con):
        return None
    df = _frame(con, f"select {', '.join(DECK_COLUMNS)} from decks where deck_id = ?", [key], DECK_COLUMNS)
    return None if df.empty else _record(df.iloc[0].to_dict())


def deck_by_name(con, name: str) -> dict | None:
    """A deck by its name (case and surrounding spaces ignored), or None."""
    if not available(con):
        return None
    df = _frame(con, f"select {', '.join(DECK_COLUMNS)} from decks where lower(name) = lower(?)",
                [" ".join(str(name or "").split())], DECK_COLUMNS)
    return None if df.empty else _record(df.iloc[0].to_dict())


def items(con, deck_id) -> pd.DataFrame:
    """A deck's items in order (``ITEM_COLUMNS``)."""
    try:
        key = int(deck_id)
    except (TypeError, ValueError):
        return pd.DataFrame(columns=ITEM_COLUMNS)
    if not available(con):
        return pd.DataFrame(columns=ITEM_COLUMNS)
    return _frame(con, f"select {', '.join(ITEM_COLUMNS)} from deck_items where deck_id = ? order by position",
                  [key], ITEM_COLUMNS)


def params_of(text) -> dict[str, str]:
    """An item's saved URL parameters; anything unreadable is an empty set (the page's defaults)."""
    try:
        value = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if v is not None}
