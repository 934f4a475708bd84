"""CI smoke benchmark (issue 13): the Overview's queries on the session's sample database, failing only on a
gross regression — a median page time more than 5 × the figure recorded in bench/smoke_baseline.json
(``python bench/smoke.py --record``). Not a timed test of targets: those are measured by bench/*.py."""

from __future__ import annotations

import pytest

from bench import smoke

pytestmark = pytest.mark.bench


def test_overview_queries_within_five_times_the_recorded_figure(sample_db_path):
    baseline = smoke.load_baseline()
    measured = smoke.measure(sample_db_path, repeat=3)
    bad = smoke.regressions(measured, baseline)
    if bad:
        # the machine is shared: one stalled measurement is not a regression, two in a row are
        measured = smoke.measure(sample_db_path, repeat=3)
        bad = smoke.regressions(measured, baseline)
    assert not bad, "; ".join(bad)


def test_regressions_flag_only_a_median_beyond_the_factor():
    baseline = {"sets_ms": {"A": 100.0, "B": 50.0}, "recorded": "Sun Dec  6 2026"}
    assert smoke.regressions({"A": 500.0, "B": 249.0}, baseline) == []
    bad = smoke.regressions({"A": 500.1, "B": 10.0}, baseline)
    assert len(bad) == 1 and bad[0].startswith("set A: median 500.1 ms > 5 × 100.0 ms")


def test_the_baseline_covers_both_filter_sets_with_positive_figures():
    baseline = smoke.load_baseline()
    assert set(baseline["sets_ms"]) == {"A", "B"}
    assert all(v > 0 for v in baseline["sets_ms"].values())
    assert baseline["factor"] == smoke.FACTOR == 5.0
