"""The app's access to the database: one connection per process, cached results keyed on the data version.

Pages call ``totals`` / ``series`` here; these pass through to ``queries.builder`` with the cache key
made of (database path, data version, metrics, dimensions, filters including the user's scope), so a
commit or an undo shows at once and no user ever sees another user's scoped results.
"""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path

import streamlit as st

from data import commands, db
from queries import builder
from queries import targets as metric_targets
from ui import blocks
from ui.filters import Context
from ui.messages import t

_BUILD_LOCK = threading.Lock()


def db_path() -> Path:
    return db.resolve_path()


def ensure_database(lang: str = "vi") -> Path:
    """Make sure there is a database; with none configured, build the sample on first start."""
    path = db_path()
    if path.exists():
        return path
    if not db.is_default_path(path):
        st.error(t("app.db_missing", lang, path=str(path)))
        st.stop()
    with _BUILD_LOCK:
        if not path.exists():
            bar = st.progress(0.0, text=t("app.building_sample", lang))

            def progress(fraction: float, message: str) -> None:
                bar.progress(min(max(float(fraction), 0.0), 1.0), text=message)

            commands.sample(path, progress=progress)
            bar.empty()
    return path


READ_ONLY_ENV = "TUYENGIAO_READ_ONLY"


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    """One connection per process; every query takes its own cursor from it.

    Read-write so the Data page can import and undo (only one process may open a file read-write, so
    the command-line writers need the app stopped); read-only when TUYENGIAO_READ_ONLY=1, for reporting
    replicas where several dashboard processes share one file.
    """
    if not writable():
        return db.connect(path, read_only=True)
    con = db.connect(path)
    db.migrate(con)          # a database from an older release gains the newer tables
    return con


def connection():
    path = db_path()
    try:
        return _connection(str(path.resolve()))
    except Exception as exc:  # a lock held by another process, a corrupt file...
        st.error(t("app.db_locked", path=str(path), error=str(exc)))
        st.stop()


def writable() -> bool:
    return os.environ.get(READ_ONLY_ENV, "0") != "1"


def data_version() -> str:
    return builder.data_version(connection())


@st.cache_data(show_spinner=False, max_entries=64)
def _meta(path: str, version: str) -> dict:
    return blocks.reference_of(_connection(path))


def reference() -> dict:
    return _meta(str(db_path().resolve()), data_version())


@st.cache_data(show_spinner=False, max_entries=1024)
def _query(path: str, version: str, shape: str, metrics: tuple, by: tuple, filters: builder.Filters,
           ytd: bool):
    con = _connection(path)
    cov = _meta(path, version)["coverage"]
    fn = builder.totals if shape == "totals" else builder.series
    return fn(con, list(metrics), list(by), filters, cov=cov, ytd=ytd)


def totals(metrics, by=(), filters: builder.Filters | None = None, ytd: bool = True):
    """Whole-range values (see builder.totals); pass ytd=False when lũy kế is not shown."""
    return _query(str(db_path().resolve()), data_version(), "totals", tuple(metrics), tuple(by), filters, ytd)


def series(metrics, by=(), filters: builder.Filters | None = None, ytd: bool = False):
    return _query(str(db_path().resolve()), data_version(), "series", tuple(metrics), tuple(by), filters, ytd)


@st.cache_data(show_spinner=False, max_entries=256)
def _targets(path: str, version: str, metrics: tuple, filters: builder.Filters, year: int):
    return metric_targets.goals(_connection(path), list(metrics), filters, year)


def targets(metrics, filters: builder.Filters, year: int) -> dict:
    """The year's targets of ``metrics`` for the filters: key -> ``queries.targets.Goal`` (applicability included)."""
    return _targets(str(db_path().resolve()), data_version(), tuple(metrics), filters, year)


def context(scope: tuple[str, ...] | None = None) -> Context | None:
    """Everything the filter bar needs to validate choices; None when the database has no facts."""
    return blocks.context_of(reference(), scope)


@st.cache_data(show_spinner=False, max_entries=512)
def _read(path: str, version: str, fn_path: str, args: tuple):
    module, name = fn_path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)(_connection(path), *args)


def read(fn, *args):
    """Call a read-side function ``fn(con, *args)`` (``queries.lists``, ``queries.builder`` look-ups),
    cached on (database, data version, arguments) like every other query of the app."""
    return _read(str(db_path().resolve()), data_version(), f"{fn.__module__}.{fn.__qualname__}", args)
