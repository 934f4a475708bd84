"""Whole-database operations shared by the command line and the app: init and sample.

A sample is built into a temporary file beside the target and moved into place only when complete,
so an interrupted build never leaves a half-built database behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from data import db, reference


def init(path: Path) -> list[str]:
    """Create or migrate the database and (re)load the reference rows. Returns the migrations applied."""
    con = db.connect(path)
    try:
        applied = db.migrate(con)
        reference.load(con)
        if db.get_meta(con, "is_sample") is None:
            db.set_meta(con, "is_sample", "0")
        return applied
    finally:
        con.close()


def sample(path: Path, seed: int = 2024, scale: int = 1, progress=None) -> dict:
    """Build the deterministic sample database at ``path`` (replacing any file there)."""
    from data import sample as sample_mod

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".building-{os.getpid()}")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    con = db.connect(tmp)
    try:
        db.migrate(con)
        reference.load(con)
        counts = sample_mod.build(con, seed=seed, scale=scale, progress=progress)
        con.execute("checkpoint")
    finally:
        con.close()
    Path(str(path) + ".wal").unlink(missing_ok=True)
    os.replace(tmp, path)
    return counts


def export_parquet(path: Path, out: Path) -> int:
    """The whole database to one Parquet file per table (plus the schema), for backup or a data lake."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    con = db.connect(path, read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE' "
            "order by table_name").fetchall()]
        for table in tables:
            # table names come from the catalogue itself, not from user input
            con.execute(f"copy (select * from \"{table}\") to '{out / (table + '.parquet')}' (format parquet)")
        return len(tables)
    finally:
        con.close()


def info(path: Path) -> dict:
    con = db.connect(path, read_only=True)
    try:
        meta = dict(con.execute("select key, value from meta").fetchall())
        counts = {}
        for table in ("units", "channels", "channel_snapshots", "teams", "team_snapshots", "activities",
                      "contests", "contest_participation", "import_batches"):
            counts[table] = db.one(con, f"select count(*) from {table}")[0]
        first, last = db.one(con, "select min(month), max(month) from activities")
    finally:
        con.close()
    return {"is_sample": meta.get("is_sample"), "data_version": meta.get("data_version"),
            "months": f"{first} – {last}", **counts}
