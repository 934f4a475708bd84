"""The app's shared result cache (``ui.result_cache``): least recently used out first, bounded in entries and in
bytes, single-flight, and a DataFrame handed out so a caller cannot change the cached one."""

from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from ui.blocks import Block, Resolved
from ui.result_cache import ResultCache, size_of


def frame(n: int) -> pd.DataFrame:
    return pd.DataFrame({"x": np.arange(n, dtype=np.int64)})


def test_the_least_recently_used_entry_goes_first_when_entries_are_bounded():
    cache = ResultCache(max_bytes=10**9, max_entries=2)
    cache.get("a", lambda: 1)
    cache.get("b", lambda: 2)
    assert cache.get("a", lambda: pytest.fail("a is cached")) == 1       # a is now the most recently used
    cache.get("c", lambda: 3)
    assert len(cache) == 2
    assert cache.get("b", lambda: "again") == "again"                     # b went out, not a
    assert (cache.hits, cache.misses) == (1, 4)


def test_bytes_are_bounded_and_a_value_larger_than_the_budget_is_returned_but_not_kept():
    one = size_of(frame(1000))                      # 8.000 bytes of values plus the index and overhead
    cache = ResultCache(max_bytes=int(one * 2.5), max_entries=100)
    for key in "abc":
        cache.get(key, lambda: frame(1000))
    assert len(cache) == 2 and cache.bytes <= cache.max_bytes
    assert cache.get("a", lambda: "recomputed") == "recomputed"           # the oldest went out
    big = cache.get("big", lambda: frame(100_000))
    assert len(big) == 100_000 and cache.bytes <= cache.max_bytes
    assert cache.get("big", lambda: "not kept") == "not kept"


def test_twenty_sessions_asking_at_once_compute_once():
    cache = ResultCache()
    calls = []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return 42

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 20 and len(calls) == 1


def test_a_failed_computation_raises_to_its_caller_and_is_not_kept():
    cache = ResultCache()
    with pytest.raises(RuntimeError):
        cache.get("k", lambda: (_ for _ in ()).throw(RuntimeError("disk full")))
    assert cache.get("k", lambda: "fine") == "fine"


def test_a_caller_changing_its_frame_does_not_change_the_cached_one():
    cache = ResultCache()
    mine = cache.get("k", lambda: frame(3))
    mine["y"] = 1
    mine.loc[0, "x"] = 99
    again = cache.get("k", lambda: pytest.fail("cached"))
    assert list(again.columns) == ["x"] and again["x"].tolist() == [0, 1, 2]


def test_a_resolved_block_counts_its_data_and_its_figure():
    data = frame(10_000)
    fig = go.Figure(go.Bar(x=np.arange(10_000), y=np.arange(10_000)))
    r = Resolved(Block("k", "t"), "t", data, True, figure=fig, monthly=frame(5_000), row=data.iloc[0])
    assert size_of(fig) > len(fig.to_json()) / 2          # its arrays (Plotly keeps them packed), not a pointer
    assert size_of(r) > size_of(data) + size_of(frame(5_000)) + size_of(fig)
