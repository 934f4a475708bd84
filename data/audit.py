"""The audit log's one writer: who, when, what, from where — appended, never updated or deleted.

Every write of the application (imports, undo, deck edits, account changes) and every sign-in, sign-out,
export and report appends one row here, inside the caller's transaction when it has one. Action names are
``queries.access.ACTIONS``. The command line's "where" is ``cli_client()``; the web app sets the request's
client address once per page run (``set_client``), so writers that do not know about requests (the importer,
decks) record it too.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import getpass
import socket

MAX_TEXT = 2000
# the client address of the page run in progress (each Streamlit run has its own thread and context)
_CLIENT: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_client", default=None)


def set_client(client: str | None) -> None:
    _CLIENT.set(client)


def _clip(value) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"


def append(cur, actor: str, action: str, target: str | None = None, detail: str | None = None,
           client: str | None = None, at: dt.datetime | None = None) -> None:
    """One audit row on ``cur`` (a connection or cursor; joins its open transaction, if any)."""
    cur.execute(
        "insert into audit_log (log_id, logged_at, actor, action, target, detail, client) "
        "values (nextval('audit_seq'), ?, ?, ?, ?, ?, ?)",
        [at or dt.datetime.now(), _clip(actor) or "?", action, _clip(target), _clip(detail),
         _clip(client if client is not None else _CLIENT.get())])


def append_from_cli(db_path, actor: str | None, action: str, target: str | None, detail: str | None) -> list[str]:
    """One audit row for a command-line action that read the database (a report, an export, a backup) — opened
    for this row only; a notice instead when another process holds the file (the app) or it predates the log."""
    import duckdb

    from data import db

    client = cli_client()
    try:
        con = db.connect(db_path)
    except (duckdb.Error, db.DatabaseError):
        return [f"không ghi được thao tác “{action}” vào nhật ký: cơ sở dữ liệu đang được tiến trình khác mở"]
    try:
        append(con, actor or client.split("@", 1)[0], action, target, detail, client)
    except duckdb.Error:      # an older database without migration 005: the app migrates it on its next start
        return [f"không ghi được thao tác “{action}” vào nhật ký (cơ sở dữ liệu chưa nâng cấp: python -m data init)"]
    finally:
        con.close()
    return []


def cli_client() -> str:
    """Where a command-line action comes from: 'cli:<os user>@<host>'."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment (a container without passwd entry)
        user = "?"
    return f"cli:{user}@{socket.gethostname()}"
