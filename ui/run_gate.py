"""At most a few page runs at once in an app process; the others wait their turn, first come first served.

Twenty people opening the dashboard in the same second, each with their own filters, used to start twenty page
runs together: Python's lock switched between them every few milliseconds, DuckDB's statements shared the cores,
and every page arrived together near the end. With two runs at a time (one drawing figures while the other waits
on DuckDB keeps both cores busy) the first to come is served first and the last waits no longer than before
(bench/README.md, eleventh pass). ``TUYENGIAO_RUN_SLOTS`` sets the number (0: no limit). Only the page itself is
gated (``dashboard.py``): the sign-in gate, the filter bar and the menu come first, so a waiting visitor sees
them at once. Pure Python: no Streamlit.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

SLOTS_ENV = "TUYENGIAO_RUN_SLOTS"
DEFAULT_SLOTS = 2


def slots_from_env() -> int:
    """The configured number of runs at once; a value that is not a whole number ≥ 0 falls back to the default
    (a wrong setting must not stop the server)."""
    raw = os.environ.get(SLOTS_ENV, "").strip()
    return int(raw) if raw.isdigit() else DEFAULT_SLOTS


class RunGate:
    """``slots`` runs at a time; the rest wait in arrival order (0: no limit)."""

    def __init__(self, slots: int):
        self.slots = slots
        self.running = 0
        self._line: deque[object] = deque()
        self._cond = threading.Condition()

    @property
    def waiting(self) -> int:
        return len(self._line)

    @contextmanager
    def slot(self) -> Iterator[None]:
        if self.slots <= 0:
            yield
            return
        me = object()
        with self._cond:
            self._line.append(me)
            try:
                while self._line[0] is not me or self.running >= self.slots:
                    self._cond.wait()
            except BaseException:            # never leave a ticket at the head of the line
                self._line.remove(me)
                self._cond.notify_all()
                raise
            self._line.popleft()
            self.running += 1
            self._cond.notify_all()          # the next in line may fit too
        try:
            yield
        finally:
            with self._cond:
                self.running -= 1
                self._cond.notify_all()


_GATE = RunGate(slots_from_env())


def slot():
    """The process's gate: ``with run_gate.slot(): ...`` around a page run."""
    return _GATE.slot()
