"""Published snapshots: how several dashboard processes serve one database while one writer changes it.

DuckDB lets one process write a file, or several read it — not both. So the writer (the command line's
``import``/``undo``, or the one app process that owns the database) works on the database file, and after each
committed write publishes an immutable copy: ``<db>.snapshots/v<data version>-<time>.duckdb``, written under a
temporary name and renamed, then named in ``<db>.snapshots/CURRENT`` (itself replaced atomically). Reader
processes (``TUYENGIAO_SNAPSHOTS=1``) open the snapshot CURRENT names read-only and switch to a newer one at
their next rerun; a session keeps its connection, nothing is dropped. Old snapshots are removed, keeping the
last few (a reader still using one keeps its open file until it lets go).

Publishing happens only where a deployment asked for it: when the snapshot folder exists
(``python -m data publish`` creates it and the first snapshot). ``python -m data backup`` copies the current
snapshot when the database itself is held by another process.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from data import db

CURRENT = "CURRENT"
KEEP = 3


def folder(path: str | os.PathLike) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".snapshots")


def enabled(path: str | os.PathLike) -> bool:
    """Publishing is on for a database when its snapshot folder exists."""
    return folder(path).is_dir()


def current(path: str | os.PathLike) -> Path | None:
    """The snapshot readers should open now, or None when none was published."""
    pointer = folder(path) / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    target = folder(path) / name
    return target if name and target.is_file() else None


def publish(con, path: str | os.PathLike) -> Path:
    """Copy the database behind ``con`` (a connection holding ``path`` read-write, after its commit) into a new
    snapshot and make it the current one. Returns the snapshot's path."""
    path = Path(path)
    out = folder(path)
    out.mkdir(parents=True, exist_ok=True)
    con.execute("checkpoint")                  # everything in the file itself, nothing left in the log
    version = db.get_meta(con, "data_version") or "0"
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    name = f"v{version}-{stamp}.duckdb"
    tmp = out / f".{name}.partial"
    try:
        shutil.copyfile(path, tmp)
        os.replace(tmp, out / name)
    finally:
        tmp.unlink(missing_ok=True)
    pointer_tmp = out / f".{CURRENT}.partial"
    pointer_tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(pointer_tmp, out / CURRENT)
    _prune(out, name)
    return out / name


def _prune(out: Path, keep_name: str) -> None:
    snaps = sorted((p for p in out.glob("v*.duckdb")), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in snaps[KEEP:]:
        if old.name != keep_name:
            old.unlink(missing_ok=True)


def publish_if_enabled(con, path: str | os.PathLike) -> Path | None:
    """After a committed write: a new snapshot when the deployment publishes them."""
    return publish(con, path) if enabled(path) else None
