"""A result cache shared by every session of the app process: bounded in entries and in bytes, least recently
used first out, and single-flight — when twenty people open the same link at once, the query runs once and
the other nineteen wait for its result instead of running it again.

Keys are built by ``ui.store`` from everything a result depends on (database file, data version, scope,
metrics, dimensions, filters); values are what the read side returns (DataFrames, dicts). A DataFrame is
handed out as a shallow copy, so a caller adding a column does not change the cached frame. Pure Python: no
Streamlit, no SQL.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd

DEFAULT_MB = 512
DEFAULT_ENTRIES = 4096


def size_of(value: Any) -> int:
    """Approximate bytes a cached value holds."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=True).sum()) + 1024
    if isinstance(value, dict):
        return sum(size_of(k) + size_of(v) for k, v in value.items()) + 240
    if isinstance(value, list | tuple):
        return sum(size_of(v) for v in value) + 64
    if isinstance(value, pd.Series):
        return int(value.memory_usage(index=True, deep=True)) + 256
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 128
    if hasattr(value, "to_plotly_json"):          # a Plotly figure: its data and layout as plain values
        return size_of(value.to_plotly_json()) + 2048
    if dataclasses.is_dataclass(value) and not isinstance(value, type):    # a resolved block and the like
        return sum(size_of(getattr(value, f.name)) for f in dataclasses.fields(value)) + 64
    return sys.getsizeof(value)


def _handout(value: Any) -> Any:
    return value.copy(deep=False) if isinstance(value, pd.DataFrame) else value


class ResultCache:
    def __init__(self, max_bytes: int | None = None, max_entries: int | None = None):
        mb = int(os.environ.get("TUYENGIAO_CACHE_MB", DEFAULT_MB))
        self.max_bytes = max_bytes if max_bytes is not None else mb * 1024 * 1024
        self.max_entries = max_entries if max_entries is not None else DEFAULT_ENTRIES
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Event] = {}
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The cached value of ``key``, computing it once when absent (concurrent askers wait for it)."""
        while True:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    self.hits += 1
                    return _handout(self._items[key][0])
                waiting = self._pending.get(key)
                if waiting is None:
                    done = self._pending[key] = threading.Event()
                    self.misses += 1
                    break
            waiting.wait()            # another session is computing it; then look again (it may have failed)
        try:
            value = compute()
        except BaseException:
            with self._lock:
                self._pending.pop(key).set()
            raise
        with self._lock:
            self._store(key, value)
            self._pending.pop(key)
        done.set()
        return _handout(value)

    def _store(self, key: Hashable, value: Any) -> None:
        size = size_of(value)
        if size > self.max_bytes:
            return                     # larger than the whole budget: never kept
        self._items[key] = (value, size)
        self._bytes += size
        while self._items and (self._bytes > self.max_bytes or len(self._items) > self.max_entries):
            _key, (_value, old) = self._items.popitem(last=False)
            self._bytes -= old

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
