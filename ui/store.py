"""The app's access to the database: one connection per process, cached results keyed on the data version.

Every figure is read through a ``ScopedReader`` bound to the signed-in account's province scope (``reader()``;
the module-level ``totals`` / ``series`` / ``targets`` / ``read`` are the session's reader): it narrows the
filters of every query to that scope before ``queries.builder`` sees them, passes the scope to every list
read through ``read``, and keys the cache on (database path, data version, metrics, dimensions, filters
including the scope) — so a commit or an undo shows at once and no user ever gets a result cached for a wider
scope. A session the sign-in gate has not admitted reads nothing (an empty scope).
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import threading
from dataclasses import replace
from pathlib import Path

import duckdb
import streamlit as st

from data import commands, db, snapshots
from queries import access, builder
from queries import targets as metric_targets
from ui import blocks
from ui.filters import Context
from ui.markdown import Markdown, escape
from ui.messages import md, t
from ui.result_cache import ResultCache

_BUILD_LOCK = threading.Lock()


SNAPSHOTS_ENV = "TUYENGIAO_SNAPSHOTS"     # "1": read the writer's published snapshots (data/snapshots.py)


def db_path() -> Path:
    """The database file this process writes (and reads, unless it reads published snapshots)."""
    return db.resolve_path()


def read_path() -> Path:
    """The file figures are read from: the current published snapshot for a reader process
    (``TUYENGIAO_SNAPSHOTS=1``), else the database itself."""
    path = db_path()
    if os.environ.get(SNAPSHOTS_ENV) == "1":
        snap = snapshots.current(path)
        if snap is not None:
            return snap
    return path


def ensure_database(lang: str = "vi") -> Path:
    """Make sure there is a database; with none configured, build the sample on first start."""
    path = db_path()
    if path.exists():
        return path
    if not db.is_default_path(path):
        st.error(md("app.db_missing", lang, path=Markdown(str(path))))    # the server's own setting, in code spans
        st.stop()
    with _BUILD_LOCK:
        if not path.exists():
            bar = st.progress(0.0, text=t("app.building_sample", lang))

            def progress(fraction: float, message: str) -> None:
                bar.progress(min(max(float(fraction), 0.0), 1.0), text=escape(message))

            commands.sample(path, progress=progress)
            bar.empty()
    return path


READ_ONLY_ENV = "TUYENGIAO_READ_ONLY"


_CONNECTIONS: dict[str, object] = {}
_CONNECTIONS_LOCK = threading.Lock()
KEEP_CONNECTIONS = 2         # a reader keeps the previous snapshot open while sessions may still read it


def _connection(path: str):
    """One connection per file and process; every query takes its own cursor from it.

    Read-write on the database itself so the Data page can import and undo (only one process may open a file
    read-write, so the command-line writers need the app stopped); read-only when TUYENGIAO_READ_ONLY=1 (replicas
    sharing one file) and always on a published snapshot. A reader switching to a newer snapshot closes the
    ones before the previous.
    """
    con = _CONNECTIONS.get(path)
    if con is not None:
        return con
    with _CONNECTIONS_LOCK:
        con = _CONNECTIONS.get(path)
        if con is not None:
            return con
        snapshot = ".snapshots" in Path(path).parent.name
        if snapshot or not writable():
            con = db.connect(path, read_only=True)
        else:
            con = db.connect(path)
            db.migrate(con)      # a database from an older release gains the newer tables
        _tune(con)
        _CONNECTIONS[path] = con
        for old in list(_CONNECTIONS)[:-KEEP_CONNECTIONS]:
            try:
                _CONNECTIONS.pop(old).close()
            except Exception:     # already closed: nothing to release
                pass
        return con


def _tune(con) -> None:
    """DuckDB settings chosen by measurement (bench/README.md): threads per query and a memory limit that
    leaves room for the app's sessions and caches."""
    threads = os.environ.get("TUYENGIAO_DUCKDB_THREADS")
    memory = os.environ.get("TUYENGIAO_DUCKDB_MEMORY", "4GB")
    try:
        if threads:
            con.execute(f"set threads = {int(threads)}")
        con.execute("set memory_limit = ?", [memory])
    except Exception:             # a setting this DuckDB does not know: keep its defaults
        pass


# Python's collector, once per server process (bench/README.md, ninth pass): a page run allocates some 10^5 objects,
# so with the default threshold (700) the youngest generation was collected hundreds of times a run and the oldest —
# every object of every session, 35-50 ms with the GIL held — every few runs, stopping every session at once.
GC_YOUNG_THRESHOLD = 50_000
_HEAP_SETTLED = threading.Event()
_HEAP_LOCK = threading.Lock()


def settle_heap() -> None:
    """Once per process, after a first run: the objects alive then (the modules, Streamlit's, pandas' and Plotly's own
    state, the reference) leave the collector's scans for good (``gc.freeze``), and the youngest generation is
    collected every ``TUYENGIAO_GC_THRESHOLD`` (default 50.000) allocations; 0 leaves Python's defaults. Twenty
    sessions on one process: 9,4-9,8 -> 10,3-10,9 visits/s, p95 4,3-4,5 -> 3,6 s; ~15 MiB more resident memory."""
    if _HEAP_SETTLED.is_set():
        return
    with _HEAP_LOCK:
        if _HEAP_SETTLED.is_set():
            return
        _HEAP_SETTLED.set()
        threshold = int(os.environ.get("TUYENGIAO_GC_THRESHOLD", GC_YOUNG_THRESHOLD))
        if threshold > 0:
            gc.freeze()
            gc.set_threshold(threshold, *gc.get_threshold()[1:])


def connection():
    """The connection writes use (the Data page, decks, accounts): the database itself — or, in a read-only
    process, the file it reads (a reader of published snapshots never opens the writer's file, so the writer
    keeps it)."""
    # the file this run reads was resolved once by begin_run; a download button asks for the connection too, and
    # resolving a path is a system call per folder (under twenty sessions, py-spy found it in 8 % of the runs' time)
    path = _resolved(str(db_path())) if writable() else _source()[0]
    try:
        return _connection(path)
    except Exception as exc:  # a lock held by another process, a corrupt file...
        st.error(md("app.db_locked", path=str(path), error=str(exc)))
        st.stop()


@functools.lru_cache(maxsize=8)
def _resolved(path: str) -> str:
    """The absolute path of the database file (it does not move under a running process)."""
    return str(Path(path).resolve())


def _read_connection(path: str):
    try:
        return _connection(path)
    except Exception as exc:
        st.error(md("app.db_locked", path=path, error=str(exc)))
        st.stop()


def writable() -> bool:
    return os.environ.get(READ_ONLY_ENV, "0") != "1"


# ---- results: one cache per process, shared by every session (ui/result_cache.py) -------------------------

CACHE = ResultCache()
RUN_KEY = "_store_run"       # session: (read file, data version) looked up once per run of the page


def _invalidated(exc: BaseException) -> bool:
    """DuckDB's word for a database it stopped trusting after a failed write (a full disk during a checkpoint):
    every later query on that instance fails until it is opened again."""
    return isinstance(exc, duckdb.FatalException) or "invalidated" in str(exc).lower()


def reset_connection(path: str) -> None:
    """Forget (and close) the connection to ``path``, so the next read opens the file again."""
    with _CONNECTIONS_LOCK:
        con = _CONNECTIONS.pop(path, None)
    if con is not None:
        try:
            con.close()
        except Exception:     # an invalidated instance may refuse even this
            pass


def begin_run() -> tuple[str, str]:
    """Look up, once per run, which file figures come from and its data version; every read of the run uses
    them (``dashboard.py`` calls this first). A write ends with ``begin_run()`` again, so what follows sees it.
    A connection DuckDB invalidated after a failed write (disk full) is reopened here, so one failed commit
    never leaves every page broken until a restart."""
    path = _resolved(str(read_path()))
    try:
        version = builder.data_version(_read_connection(path))
    except duckdb.Error as exc:
        if not _invalidated(exc):
            raise
        reset_connection(path)
        own = _resolved(str(db_path()))
        if path != own:
            reset_connection(own)
        version = builder.data_version(_read_connection(path))
    st.session_state[RUN_KEY] = (path, version)
    return path, version


def _source() -> tuple[str, str]:
    run = st.session_state.get(RUN_KEY)
    return run if run is not None else begin_run()


def data_version() -> str:
    return _source()[1]


def _meta(path: str, version: str) -> dict:
    return CACHE.get(("reference", path, version), lambda: blocks.reference_of(_connection(path)))


def reference() -> dict:
    return _meta(*_source())


def _query(path: str, version: str, shape: str, metrics: tuple, by: tuple, filters: builder.Filters,
           ytd: bool):
    def compute():
        con = _connection(path)
        ref = _meta(path, version)
        fn = builder.totals if shape == "totals" else builder.series
        return fn(con, list(metrics), list(by), filters, cov=ref["coverage"], ytd=ytd, rollups=ref.get("rollups"),
                  memo=lambda key, fn: CACHE.get((path, version) + key, fn))

    key_filters = builder.totals_key(filters) if shape == "totals" else filters
    return CACHE.get((shape, path, version, metrics, by, key_filters, ytd), compute)


def _targets(path: str, version: str, metrics: tuple, filters: builder.Filters, year: int):
    return CACHE.get(("targets", path, version, metrics, filters, year),
                     lambda: metric_targets.goals(_connection(path), list(metrics), filters, year))


def _read(path: str, version: str, fn_path: str, args: tuple, scope: tuple[str, ...] | None):
    def compute():
        module, name = fn_path.rsplit(".", 1)
        return getattr(importlib.import_module(module), name)(_connection(path), *args, scope=scope)

    return CACHE.get(("read", path, version, fn_path, args, scope), compute)


def resolve(block: blocks.Block, view: blocks.View) -> blocks.Resolved:
    """``blocks.resolve`` through the shared cache: a block drawn once for a view (data version, scope, page,
    language, the filter bar's choices, the page's own choices, the drill path) is not rebuilt —
    its figure and words are handed to every session asking for the same view. What the block left in
    ``view.extra`` (values later blocks of the page read) is replayed on a hit. A view read by another kind of
    reader (the command line's) is resolved as it is."""
    if not isinstance(view.reader, ScopedReader):
        return blocks.resolve(block, view)
    path, version = _source()
    key = ("resolved", path, version, view.reader.scope, view.page, block.key, view.lang,
           view.choices, view.given, view.base_choices, view.filters, tuple(sorted(view.params.items())),
           tuple(view.steps))

    def compute():
        before = dict(view.extra)
        r = blocks.resolve(block, view)
        left = {k: v for k, v in view.extra.items() if k not in before or before[k] is not v}
        # kept without its declaration: a block's callables may close over this run's view and all it holds
        return replace(r, block=None), left

    r, left = CACHE.get(key, compute)
    view.extra.update(left)
    # the block declared for this run (its callables may close over this run's view), never another session's
    return replace(r, block=block)


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
        return _query(*_source(), "totals", tuple(metrics), tuple(by), access.apply_scope(filters, self.scope), ytd)

    def series(self, metrics, by=(), filters: builder.Filters | None = None, ytd: bool = False):
        return _query(*_source(), "series", tuple(metrics), tuple(by), access.apply_scope(filters, self.scope), ytd)

    def targets(self, metrics, filters: builder.Filters, year: int) -> dict:
        return _targets(*_source(), tuple(metrics), access.apply_scope(filters, self.scope), year)

    def read(self, fn, *args):
        """Call a read-side list function ``fn(con, *args, scope=...)`` (``queries.lists``, ``builder.lookup``)
        with this reader's scope (filters among the arguments are narrowed too), cached on (database, data
        version, arguments, scope)."""
        args = tuple(access.apply_scope(a, self.scope) if isinstance(a, builder.Filters) else a for a in args)
        return _read(*_source(), f"{fn.__module__}.{fn.__qualname__}", args, self.scope)


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
