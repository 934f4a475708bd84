"""The one status rule (queries.progress): vượt / đạt / chưa đạt for a complete year, "đang thực hiện" with the pace
expected by the elapsed share of a running year, "—" for a zero target, unknown (not 0 %) for a missing actual.
Every expected value is worked out by hand in the comment beside it."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from queries import progress
from queries.progress import Progress, assess, elapsed_share, stock_expected

CASES = {
    # complete year: 120 / 100 = 1,2 -> vượt
    "exceeded": (assess(100, 120), Progress("exceeded", 1.2)),
    # 100 / 100 = 1 -> đạt
    "met": (assess(100, 100), Progress("met", 1.0)),
    # 80 / 100 = 0,8 -> chưa đạt
    "missed": (assess(100, 80), Progress("missed", 0.8)),
    # 9 of 12 months: expected 1.200 × 9/12 = 900; 1.000 >= 900 -> đúng tiến độ; 1.000/1.200, 900/1.200 = 0,75
    "running ahead of pace": (assess(1200, 1000, 0.75), Progress("on_pace", 1000 / 1200, 900.0, 0.75)),
    # 6 of 12 months: expected 1.200 × 0,5 = 600; 500 < 600 -> chậm tiến độ; 500/1.200; 600/1.200 = 0,5
    "running behind pace": (assess(1200, 500, 0.5), Progress("behind", 500 / 1200, 600.0, 0.5)),
    # exactly on the expected value counts as on pace: 3 months, 400 × 3/12 = 100
    "running exactly on pace": (assess(400, 100, 0.25), Progress("on_pace", 0.25, 100.0, 0.25)),
    # a zero target: no % at all (never a division error or an infinite %)
    "zero target": (assess(0, 35), Progress("zero_target")),
    "zero target and zero actual": (assess(0.0, 0), Progress("zero_target")),
    # no actual: unknown, not 0 %
    "missing actual": (assess(100, None), Progress("unknown")),
    "missing actual (NaN)": (assess(100, math.nan), Progress("unknown")),
    # ... though in a running year the pace expected by now is still said: 100 × 6/12 = 50 (50 %)
    "missing actual in a running year": (assess(100, None, 0.5), Progress("unknown", None, 50.0, 0.5)),
    # no target at all
    "no target": (assess(None, 50), Progress("no_target")),
    "no target (NaN)": (assess(math.nan, 50), Progress("no_target")),
    # a year not started: no status of success or failure; the share is still what it is: 10 / 40
    "not started": (assess(40, 10, 0.0), Progress("not_started", 0.25)),
    "not started, nothing yet": (assess(40, None, 0.0), Progress("not_started")),
    # an actual of 0 is a real 0 %: 0 / 50 = 0 -> chưa đạt
    "zero actual": (assess(50, 0), Progress("missed", 0.0)),
    # a caller's own expectation (monthly targets): 250 expected, 240 achieved -> behind; 240/1.000; 250/1.000
    "monthly targets say what was expected": (assess(1000, 240, 0.25, expected=250), Progress("behind", 0.24, 250.0,
                                                                                               0.25)),
    # no way to tell the pace (a stock whose start is unknown): in progress, share 300/400 = 0,75
    "pace unknown": (assess(400, 300, 0.5, expected=math.nan), Progress("running", 0.75)),
    # a running year already past its target says so: 1.894 of 1.000 after 6 months -> vượt (not "đúng tiến độ")
    "running, target already exceeded": (assess(1000, 1894, 0.5), Progress("exceeded", 1.894)),
    "running, target just met": (assess(1000, 1000, 0.5, expected=math.nan), Progress("met", 1.0)),
    # counted from incomplete reports (a unit or month missing): 80 of 100 is a lower bound, not a shortfall
    "short of reports, year over": (assess(100, 80, complete=False), Progress("partial", 0.8)),
    # ... in a running year: 500 < 600 expected is no "chậm tiến độ" either; the expectation is kept: 600/1.200
    "short of reports, running": (assess(1200, 500, 0.5, complete=False), Progress("partial", 500 / 1200, 600.0, 0.5)),
    # ... but a lower bound that reaches the target or the pace says so: 120/100, 1.000 >= 900
    "short of reports, exceeded": (assess(100, 120, complete=False), Progress("exceeded", 1.2)),
    "short of reports, on pace": (assess(1200, 1000, 0.75, complete=False), Progress("on_pace", 1000 / 1200, 900.0,
                                                                                      0.75)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_status_and_share_achieved(name):
    got, expected = CASES[name]
    assert got.status == expected.status
    for field in ("share", "expected", "expected_share"):
        a, b = getattr(got, field), getattr(expected, field)
        assert (a is None and b is None) or a == pytest.approx(b), (field, a, b)


def test_good_and_bad_statuses():
    assert {s for s in progress.STATUSES if Progress(s).good} == {"exceeded", "met", "on_pace"}
    assert {s for s in progress.STATUSES if Progress(s).bad} == {"missed", "behind"}    # "partial" is neither


@pytest.mark.parametrize("year, last, share", [
    (2024, dt.date(2025, 9, 1), 1.0),        # the year is over
    (2025, dt.date(2025, 9, 1), 0.75),       # 9 of 12 months
    (2025, dt.date(2025, 12, 1), 1.0),       # December reported: complete
    (2026, dt.date(2025, 9, 1), 0.0),        # not started
    (2025, None, 0.0),                       # no data at all
])
def test_elapsed_share_of_a_year_is_months_of_data_over_twelve(year, last, share):
    assert elapsed_share(year, last) == share


def test_a_stock_is_expected_to_move_from_its_start_of_year_level_to_the_target():
    # from 13.000 to 16.000 over the year; after 10 months: 13.000 + 3.000 × 10/12 = 15.500
    assert stock_expected(16000, 13000, 10 / 12) == pytest.approx(15500)
    assert math.isnan(stock_expected(16000, None, 0.5))
    assert math.isnan(stock_expected(None, 13000, 0.5))


@pytest.mark.parametrize("reported, expected, short", [
    (31, 34, True), (34, 34, False), (0, 1, True), (None, 34, False), (math.nan, 1, False), (1, None, False),
])
def test_short_of_reports_only_when_both_counts_are_known(reported, expected, short):
    assert progress.short_of_reports(reported, expected) is short
