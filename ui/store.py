"""The app's access to the database: one connection per process, cached results keyed on the data version.

Every figure is read through a ``ScopedReader`` bound to the signed-in account's province scope (``reader()``;
the module-level ``totals`` / ``series`` / ``targets`` / ``read`` are the session's reader): it narrows the
filters of every query to that scope before ``queries.builder`` sees them, passes the scope to every list
read through ``read``, and keys the cache on (database path, data version, metrics, dimensions, filters
including the scope) — so a commit or an undo shows at once and no user ever gets a result cached for a wider
scope. A session the sign-in gate has not admitted reads nothing (an empty scope).
"""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path

import streamlit as st

from data import commands, db
from queries import access, builder
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


@st.cache_data(show_spinner=False, max_entries=256)
def _targets(path: str, version: str, metrics: tuple, filters: builder.Filters, year: int):
    return builder.targets(_connection(path), list(metrics), filters, year)


@st.cache_data(show_spinner=False, max_entries=512)
def _read(path: str, version: str, fn_path: str, args: tuple, scope: tuple[str, ...] | None):
    module, name = fn_path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)(_connection(path), *args, scope=scope)


def context(scope: tuple[str, ...] | None = None) -> Context | None:
    """Everything the filter bar needs to validate choices; None when the database has no facts."""
    return blocks.context_of(reference(), scope)


# ---- the scoped reader ---------------------------------------------------------------------------------

SCOPE_KEY = "_access_scope"      # session: the signed-in account's scope, set by the sign-in gate (ui.auth)
_UNSET = object()


def set_session_scope(scope: tuple[str, ...] | None) -> None:
    """The sign-in gate's word on what this session may read (None = every unit)."""
    st.session_state[SCOPE_KEY] = None if scope is None else tuple(sorted(scope))


def session_scope() -> tuple[str, ...] | None:
    """The session's scope; a session the gate has not admitted gets an empty scope (it sees nothing)."""
    value = st.session_state.get(SCOPE_KEY, _UNSET)
    return () if value is _UNSET else value


class ScopedReader:
    """A ``blocks.Reader`` bound to one scope: every query's filters are narrowed to it, every list read gets it,
    and every cache key contains it."""

    def __init__(self, scope: tuple[str, ...] | None):
        self.scope = None if scope is None else tuple(sorted(scope))

    def reference(self) -> dict:
        return reference()

    def totals(self, metrics, by=(), filters: builder.Filters | None = None, ytd: bool = True):
        """Whole-range values (see builder.totals); pass ytd=False when lũy kế is not shown."""
        return _query(str(db_path().resolve()), data_version(), "totals", tuple(metrics), tuple(by),
                      access.apply_scope(filters, self.scope), ytd)

    def series(self, metrics, by=(), filters: builder.Filters | None = None, ytd: bool = False):
        return _query(str(db_path().resolve()), data_version(), "series", tuple(metrics), tuple(by),
                      access.apply_scope(filters, self.scope), ytd)

    def targets(self, metrics, filters: builder.Filters, year: int) -> dict:
        return _targets(str(db_path().resolve()), data_version(), tuple(metrics),
                        access.apply_scope(filters, self.scope), year)

    def read(self, fn, *args):
        """Call a read-side list function ``fn(con, *args, scope=...)`` (``queries.lists``, ``builder.lookup``)
        with this reader's scope (filters among the arguments are narrowed too), cached on (database, data
        version, arguments, scope)."""
        args = tuple(access.apply_scope(a, self.scope) if isinstance(a, builder.Filters) else a for a in args)
        return _read(str(db_path().resolve()), data_version(), f"{fn.__module__}.{fn.__qualname__}", args,
                     self.scope)


def reader() -> ScopedReader:
    """The reader of the signed-in account (of this session)."""
    return ScopedReader(session_scope())


def totals(metrics, by=(), filters: builder.Filters | None = None, ytd: bool = True):
    return reader().totals(metrics, by, filters, ytd)


def series(metrics, by=(), filters: builder.Filters | None = None, ytd: bool = False):
    return reader().series(metrics, by, filters, ytd)


def targets(metrics, filters: builder.Filters, year: int) -> dict:
    return reader().targets(metrics, filters, year)


def read(fn, *args):
    return reader().read(fn, *args)
