"""The registry of import kinds: every kind of report a unit sends, declared once in its own module here.

A kind (``base.Kind``) declares its Vietnamese label, the table(s) it writes, its columns (each with a column
type, ``types``), its natural key and value columns, the tables it refers to, its row checks and file checks
(each with the sentence the data dictionary prints), and how its template's example rows are drawn. Everything
else is derived from this registry: the importer's validation, commit and undo (``data.importer``), the
templates and exports (``data.templates``), the command line's choices (``python -m data``), the Data page's
lists, the import tables of the data dictionary (``python -m data.kinds.doc``) and the README's list; a test
checks they agree. The SQL text a kind needs (its export, its lookups) is in ``data/sql.py``.

Adding a kind: a module here with ``KIND``, listed in ``_MODULES``, plus its export in ``data.sql.EXPORTS``.
Importing the registry does not import pandas (the command line's help uses it).
"""

from __future__ import annotations

from dataclasses import replace

from data.kinds import (
    activities,
    channel_snapshots,
    channels,
    contest_participation,
    contests,
    indicator_values,
    metric_targets,
    programme_conferences,
    programme_indicators,
    team_snapshots,
    teams,
    units,
)
from data.kinds.base import Column, Kind, Table

# the order of the templates' buttons, the command line's help and the data dictionary
_MODULES = (activities, team_snapshots, channel_snapshots, channels, teams, contests, contest_participation,
            metric_targets, units, indicator_values, programme_indicators, programme_conferences)


def _with_undo_refs(kinds: dict[str, Kind]) -> dict[str, Kind]:
    """Each table's ``undo_refs``: the (table, column) pairs of every table that refers to it — its own kind's
    tables first, then the others in registry order. Undoing the batch that created a row is refused while one
    of them still uses it."""
    every = [part for kind in kinds.values() for part in kind.parts()]

    def refs_to(target: str, own: tuple) -> tuple:
        ordered = list(own) + [p for p in every if p not in own]
        return tuple((p.table, column) for p in ordered for column, table in p.refs if table == target)

    out = {}
    for key, kind in kinds.items():
        own = kind.parts()
        if kind.tables:
            kind = replace(kind, tables=tuple(replace(t, undo_refs=refs_to(t.table, own)) for t in kind.tables))
        else:
            kind = replace(kind, undo_refs=refs_to(kind.table, own) if kind.id_column else ())
        out[key] = kind
    return out


KINDS: dict[str, Kind] = _with_undo_refs({m.KIND.key: m.KIND for m in _MODULES})
KEYS: tuple[str, ...] = tuple(KINDS)


def kind_of(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"không có loại báo cáo “{key}”; các loại: {', '.join(KINDS)}") from None


def tables() -> dict[str, object]:
    """Every table the kinds write -> its declaration (a ``Kind`` or a ``Table``), in registry order."""
    return {part.table: part for kind in KINDS.values() for part in kind.parts()}


__all__ = ["KINDS", "KEYS", "Column", "Kind", "Table", "kind_of", "tables"]
