"""Database location, connection and migrations.

Resolves the database path (``--db``, else ``TUYENGIAO_DB``, else ``data/tuyengiao.duckdb``), opens
DuckDB connections and applies the numbered SQL migrations in ``data/migrations`` idempotently,
recording each in ``schema_migrations``. It must never hold a connection open between calls of its own.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
DEFAULT_DB = Path(__file__).parent / "tuyengiao.duckdb"
ENV_VAR = "TUYENGIAO_DB"


def resolve_path(cli_path: str | os.PathLike | None = None) -> Path:
    """The database path: explicit argument, else the environment variable, else the default."""
    if cli_path:
        return Path(cli_path)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return DEFAULT_DB


def is_default_path(path: Path) -> bool:
    return Path(path).resolve() == DEFAULT_DB.resolve()


def connect(path: str | os.PathLike, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only)


def migrations() -> list[tuple[int, str, Path]]:
    found = []
    for file in sorted(MIGRATIONS_DIR.glob("*.sql")):
        number = int(file.name.split("_", 1)[0])
        found.append((number, file.stem, file))
    return found


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    con.execute(
        """
        create table if not exists schema_migrations (
            version    integer primary key,
            name       varchar not null,
            applied_at timestamp not null
        )
        """
    )
    return {row[0] for row in con.execute("select version from schema_migrations").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every migration not yet recorded, each in its own transaction. Returns the names applied."""
    done = applied_versions(con)
    applied = []
    for number, name, file in migrations():
        if number in done:
            continue
        con.execute("begin transaction")
        try:
            con.execute(file.read_text(encoding="utf-8"))
            con.execute(
                "insert into schema_migrations values (?, ?, ?)",
                [number, name, dt.datetime.now()],
            )
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(name)
    return applied


def one(con: duckdb.DuckDBPyConnection, query: str, params=None) -> tuple | None:
    """The first row of a small result, read to the end: DuckDB 2.x refuses further work on a connection
    whose result was only partly fetched (``fetchone`` leaves it open)."""
    rows = con.execute(query, params or []).fetchall()
    return rows[0] if rows else None


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute(
        "insert or replace into meta (key, value) values (?, ?)",
        [key, str(value)],
    )


def get_meta(con: duckdb.DuckDBPyConnection, key: str, default: str | None = None) -> str | None:
    row = one(con, "select value from meta where key = ?", [key])
    return row[0] if row else default


def bump_data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Every write ends by bumping this, so cached query results keyed on it go stale at once."""
    current = int(get_meta(con, "data_version", "0") or 0)
    set_meta(con, "data_version", str(current + 1))
    return current + 1
