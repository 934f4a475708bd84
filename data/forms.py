"""Edits typed into a form, written exactly as an import: a few rows of an import kind become a small CSV file that
goes through ``importer.read`` and ``importer.commit``, so a form edit is validated by the kind's own checks
(Vietnamese messages with row and column), is one batch in the history (undoable) and one row in the audit log —
nothing here writes a table itself.

A form's file is named after what it edits ("bieu-mau_chi-so-3.csv") and gets a checksum of its own: the import's
"this file was imported before" rule is about files, and typing a value back to what it was an hour ago is a new
edit, not a repeated file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import uuid

from data import importer, templates


def file_bytes(kind_key: str, rows: list[dict]) -> bytes:
    """``rows`` ({column key: value}) as a CSV file of the kind: its Vietnamese headers in order, values written the
    way the templates write them (13.712; 1.234,5; 02/10/2024), text as typed (the import reads "1.234,5" and says
    what is wrong with "nhiều"); missing keys are blank cells."""
    kind = importer.KINDS[kind_key]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in kind.columns])
    for row in rows:
        writer.writerow([row[c.key].strip() if isinstance(row.get(c.key), str) else templates.csv_cell(c, row.get(c.key))
                         for c in kind.columns])
    return out.getvalue().encode("utf-8")


def read(con, kind_key: str, rows: list[dict], what: str) -> importer.Parsed:
    """Validate the form's rows as a file of ``kind_key`` against the database; nothing is written."""
    data = file_bytes(kind_key, rows)
    parsed = importer.read(con, f"bieu-mau_{what}.csv", data)
    stamp = f"{dt.datetime.now().isoformat()}:{uuid.uuid4()}".encode()
    parsed.checksum = "form:" + hashlib.sha256(data + stamp).hexdigest()
    return parsed


def save(con, kind_key: str, rows: list[dict], what: str, actor: str, scope=None
         ) -> tuple[importer.Parsed, dict | None]:
    """Read the form's rows and, when they pass and change something, commit them as one batch (``scope``: may the
    actor write this unit — ``importer.commit``'s). Returns (parsed, commit result or None: refused, or nothing
    changed)."""
    parsed = read(con, kind_key, rows, what)
    if parsed.errors:
        return parsed, None
    summary = importer.preview(con, parsed)
    if summary["new"] == 0 and summary["replaced"] == 0:
        return parsed, {**summary, "batch_id": None}
    return parsed, importer.commit(con, parsed, actor, scope=scope)
