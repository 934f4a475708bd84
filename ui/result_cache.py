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


_SAMPLE_ROWS = 16


def _frame_bytes(df: pd.DataFrame) -> int:
    """About the bytes a frame holds, without pandas' ``memory_usage`` (a Series per column, ~35 µs each: 2,5 ms
    for a 70-column result, paid for every value stored): fixed-width columns by their item size, text and object
    columns by the values of up to 16 rows spread over the frame."""
    n = len(df)
    total = 1024 + 8 * n                                   # the frame and its index
    dtypes = list(df.dtypes)
    boxed = [(t.kind == "O" and not isinstance(t, pd.CategoricalDtype)) or isinstance(t, pd.StringDtype)
             for t in dtypes]
    wide = [i for i, b in enumerate(boxed) if b]
    total += n * sum(getattr(t, "itemsize", 8) for t, b in zip(dtypes, boxed) if not b)
    if wide and n:
        sample = df.iloc[::max(1, n // _SAMPLE_ROWS), wide].to_numpy(dtype=object)
        total += n * (8 * len(wide) + sum(sys.getsizeof(v) for v in sample.ravel()) // len(sample))
    return total


def size_of(value: Any) -> int:
    """Approximate bytes a cached value holds (it bounds the cache's memory, so an estimate will do)."""
    if isinstance(value, pd.DataFrame):
        return _frame_bytes(value)
    if isinstance(value, dict):
        return sum(size_of(k) + size_of(v) for k, v in value.items()) + 240
    if isinstance(value, list | tuple):
        return sum(size_of(v) for v in value) + 64
    if isinstance(value, pd.Series):
        return int(value.memory_usage(index=True, deep=True)) + 256
    if isinstance(value, np.ndarray):
        return int(value.nbytes) + 128
    if hasattr(value, "to_plotly_json"):          # a Plotly figure: its data and layout as plain values
        # read in place (``to_plotly_json`` deep-copies them first: most of the time of storing a resolved block)
        data, layout = getattr(value, "_data", None), getattr(value, "_layout", None)
        plain = {"data": data, "layout": layout} if data is not None and layout is not None \
            else value.to_plotly_json()
        return size_of(plain) + 2048
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
            size = size_of(value)         # outside the lock: every other session's lookup waits on it
        except BaseException:
            with self._lock:
                self._pending.pop(key).set()
            raise
        with self._lock:
            self._store(key, value, size)
            self._pending.pop(key)
        done.set()
        return _handout(value)

    def _store(self, key: Hashable, value: Any, size: int) -> None:
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
