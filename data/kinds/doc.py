"""Renders the import part of the data dictionary and the README's list of report kinds from the registry
(``python -m data.kinds.doc``).

``docs/data-dictionary.md`` and ``README.md`` embed this output between markers; a test fails when it is stale,
as ``queries/dictionary.py`` does for the metric table.
"""

from __future__ import annotations

import sys
from pathlib import Path

from data.kinds import KINDS, types
from data.kinds.base import Kind

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "data-dictionary.md"
README = ROOT / "README.md"
DOC_MARKERS = ("<!-- import-kinds:begin -->", "<!-- import-kinds:end -->")
README_MARKERS = ("<!-- kinds:begin -->", "<!-- kinds:end -->")


def _code(names) -> str:
    return ", ".join(f"`{n}`" for n in names) or "—"


def _columns(kind: Kind) -> str:
    """Each column's header (* required), its type, and its own drop-down where the type's entry does not say it."""
    implied = {t.name: t.listing for t in types.TYPES}
    out = []
    for c in kind.columns:
        own = c.listing if c.listing and c.listing != implied.get(c.type.name) else None
        extra = f" (drop-down “{types.LISTS[own].title}”)" if own else ""
        out.append(f"{c.header}{'*' if c.required else ''} `{c.type.name}`{extra}")
    return ", ".join(out)


def _key(kind: Kind) -> str:
    if kind.tables:
        return "; ".join(f"{t.table}: {_code(t.natural_key)}" for t in kind.tables)
    text = _code(kind.natural_key)
    if kind.file_key:
        text += f", found from ({', '.join(kind.column(k).header for k in kind.file_key)})"
    if kind.id_column:
        text += (f"; a row without it is new: id = max + 1{f' (at least {kind.id_start})' if kind.id_start > 1 else ''}"
                 ", assigned inside the commit's transaction")
    return text


def _values(kind: Kind) -> str:
    if kind.tables:
        return "; ".join(f"{t.table}: {_code(t.values)}" for t in kind.tables)
    return _code(kind.values)


def _checks(kind: Kind) -> str:
    parts = [c.doc for c in kind.checks] + [c.doc for c in kind.file_checks]
    for part in kind.parts():
        if part.undo_refs:
            users = _code(dict.fromkeys(t for t, _c in part.undo_refs))
            parts.append(f"undoing the batch that created a `{part.table}` row is refused while {users} use it")
    text = "; ".join(parts)
    return f"{text}. {kind.notes}" if kind.notes else text


def render() -> str:
    """The import kinds, the column types and the drop-down lists, as markdown tables."""
    lines = [
        "| kind | label | table | columns (* required, then the column type) | natural key | value columns "
        "(replaced, restored by undo) | checks |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS.values():
        tables = _code(p.table for p in kind.parts())
        lines.append(f"| `{kind.key}` | {kind.label} | {tables} | {_columns(kind)} | {_key(kind)} | {_values(kind)} "
                     f"| {_checks(kind)} |")
    lines += ["", "Column types (`data/kinds/types.py`): what a cell may hold, how it is stored and written.", "",
              "| type | a cell holds | stored as | template cell |", "|---|---|---|---|"]
    for t in types.TYPES:
        cell = t.cell_format or "general"
        listing = f", drop-down “{types.LISTS[t.listing].title}”" if t.listing in types.LISTS else ""
        lines.append(f"| `{t.name}` | {t.description} | {', '.join(t.storage)} | {cell}{listing} |")
    lines += ["", "Drop-down lists of the templates' hidden sheet “Danh mục”, in order: "
              + ", ".join(f"{d.title} (`{name}`)" for name, d in types.LISTS.items()) + "."]
    return "\n".join(lines)


def render_readme() -> str:
    """The README's sentence listing the report kinds."""
    kinds = ", ".join(f"`{k.key}` ({k.label})" for k in KINDS.values())
    return f"Report kinds: {kinds} — see the Import section of the data dictionary."


def embedded(path: Path, markers: tuple[str, str]) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split(markers[0], 1)[1].split(markers[1], 1)[0].strip()


def update(path: Path, markers: tuple[str, str], body: str) -> None:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(markers[0], 1)
    _, tail = rest.split(markers[1], 1)
    path.write_text(f"{head}{markers[0]}\n{body}\n{markers[1]}{tail}", encoding="utf-8")


if __name__ == "__main__":
    update(DOC, DOC_MARKERS, render())
    update(README, README_MARKERS, render_readme())
    sys.stdout.write(f"updated {DOC} and {README}\n")
