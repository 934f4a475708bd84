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


def test_a_frames_size_is_estimated_near_what_pandas_counts():
    """The estimate reads a sample of the text columns' values instead of every one: it stays within a small
    factor of pandas' deep count, for numbers, text, missing values, categories and dates."""
    n = 5_000
    df = pd.DataFrame({"x": np.arange(n, dtype="float64"), "k": np.arange(n, dtype="int32"),
                       "name": [f"Kênh thông tin số {i}" for i in range(n)],
                       "maybe": [None if i % 3 else f"ghi chú {i}" for i in range(n)],
                       "kind": pd.Categorical(["a", "b"] * (n // 2)),
                       "day": pd.date_range("2020-01-01", periods=n, freq="h"),
                       "text": pd.array([f"xã {i}" for i in range(n)], dtype="string")})
    for frame_ in (df, df[["x", "k"]], df[["name", "maybe"]], df.iloc[:7]):
        counted = int(frame_.memory_usage(index=True, deep=True).sum())
        assert counted / 2 < size_of(frame_) < counted * 3, (list(frame_.columns), size_of(frame_), counted)
    assert size_of(df.iloc[:0]) > 0


def test_sizing_a_stored_value_does_not_hold_up_other_sessions(monkeypatch):
    """A value is sized before the cache's lock is taken: another session's hit is answered meanwhile."""
    import ui.result_cache as rc

    cache = ResultCache(max_bytes=10**9)
    cache.get("ready", lambda: 1)
    sizing, release = threading.Event(), threading.Event()

    def slow_size(value):
        if value == "slow":
            sizing.set()
            release.wait(10)
        return 100

    monkeypatch.setattr(rc, "size_of", slow_size)
    worker = threading.Thread(target=cache.get, args=("other", lambda: "slow"))
    worker.start()
    try:
        assert sizing.wait(10)
        answered = []
        hit = threading.Thread(target=lambda: answered.append(cache.get("ready", lambda: 2)))
        hit.start()
        hit.join(2)
        assert answered == [1]
    finally:
        release.set()
        worker.join(10)
    assert cache.get("other", lambda: "again") == "slow"
