"""The server process's collector (ui.store.settle_heap): set once, after a first run, from the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import gc, json
from ui import store
before = gc.get_threshold()
store.settle_heap()
first = (gc.get_threshold(), gc.get_freeze_count())
gc.set_threshold(700, *gc.get_threshold()[1:])        # a second call changes nothing
store.settle_heap()
print(json.dumps({"before": before, "after": first[0], "frozen": first[1], "again": gc.get_threshold()}))
"""


def probe(**env) -> dict:
    environ = {k: v for k, v in os.environ.items() if k != "TUYENGIAO_GC_THRESHOLD"} | env
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=environ, capture_output=True, text=True,
                         check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_server_process_collects_its_young_objects_less_often_and_freezes_what_it_started_with():
    got = probe()
    assert got["before"][0] == 700                          # Python's default
    assert got["after"] == [50_000, *got["before"][1:]]     # the other generations as they were
    assert got["frozen"] > 10_000                           # the modules and Streamlit's own objects
    assert got["again"][0] == 700                           # once per process


def test_the_threshold_comes_from_the_environment_and_zero_keeps_pythons_defaults():
    assert probe(TUYENGIAO_GC_THRESHOLD="20000")["after"][0] == 20_000
    got = probe(TUYENGIAO_GC_THRESHOLD="0")
    assert got["after"] == got["before"] and got["frozen"] == 0
