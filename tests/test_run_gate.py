"""The page-run gate (ui/run_gate.py): never more runs at once than its slots, the waiting served in arrival
order, a failing run gives its slot back, 0 means no limit, and a wrong setting falls back to the default."""

from __future__ import annotations

import threading
import time

import pytest

from ui import run_gate
from ui.run_gate import RunGate


def _wait_until(cond, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def test_never_more_runs_than_slots():
    gate = RunGate(2)
    inside, peak, lock = [0], [0], threading.Lock()

    def run():
        with gate.slot():
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.02)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=run) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(5)
    assert peak[0] == 2
    assert gate.running == 0 and gate.waiting == 0


def test_waiting_runs_are_served_in_arrival_order():
    gate = RunGate(2)
    release = threading.Event()
    order: list[int] = []

    def hold():
        with gate.slot():
            release.wait(5)

    def run(i: int):
        with gate.slot():
            order.append(i)

    holders = [threading.Thread(target=hold) for _ in range(2)]
    for th in holders:
        th.start()
    _wait_until(lambda: gate.running == 2)
    waiters = []
    for i in range(6):                      # each joins the line after the one before it
        th = threading.Thread(target=run, args=(i,))
        th.start()
        waiters.append(th)
        _wait_until(lambda n=i + 1: gate.waiting == n)
    assert order == []                      # nobody passes the two runs under way
    release.set()
    for th in holders + waiters:
        th.join(5)
    assert order == list(range(6))
    assert gate.running == 0 and gate.waiting == 0


def test_a_failing_run_gives_its_slot_back():
    gate = RunGate(1)
    with pytest.raises(ValueError):
        with gate.slot():
            raise ValueError("page failed")
    assert gate.running == 0
    done = threading.Event()

    def run():
        with gate.slot():
            done.set()

    th = threading.Thread(target=run)
    th.start()
    assert done.wait(5)
    th.join(5)


def test_no_limit_with_zero_slots():
    gate = RunGate(0)
    barrier = threading.Barrier(5, timeout=5)      # all five must be inside at once, or it breaks

    def run():
        with gate.slot():
            barrier.wait()

    threads = [threading.Thread(target=run) for _ in range(5)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(5)
    assert not barrier.broken


@pytest.mark.parametrize("raw, slots", [("3", 3), (" 1 ", 1), ("0", 0), ("", run_gate.DEFAULT_SLOTS),
                                        ("-1", run_gate.DEFAULT_SLOTS), ("hai", run_gate.DEFAULT_SLOTS),
                                        ("2.5", run_gate.DEFAULT_SLOTS)])
def test_slots_from_the_environment(monkeypatch, raw, slots):
    monkeypatch.setenv(run_gate.SLOTS_ENV, raw)
    assert run_gate.slots_from_env() == slots


def test_default_when_unset(monkeypatch):
    monkeypatch.delenv(run_gate.SLOTS_ENV, raising=False)
    assert run_gate.slots_from_env() == run_gate.DEFAULT_SLOTS == 2
