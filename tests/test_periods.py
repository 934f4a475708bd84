"""Tests for queries.periods: report months, periods at a grain, comparison windows and labels.

Pure functions, no database. Expected values are written out by hand; each test compares the whole
structure (a list or a dict of cases), so a regression in any case shows up.
"""

from __future__ import annotations

import datetime as dt

from queries.periods import (
    Period,
    Window,
    add_months,
    comparison_window,
    month_end,
    month_key,
    months_between,
    parse_month,
    period_label,
    periods_in,
    short_label,
    whole_range,
    window_label,
    ytd_window,
)


def m(text: str) -> dt.date:
    """'2024-09' -> date(2024, 9, 1), written independently of parse_month (which is under test)."""
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def w(start: str, end: str) -> Window:
    return Window(m(start), m(end))


def ym(d: dt.date) -> str:
    return f"{d.year}-{d.month:02d}"


def summary(periods: list[Period]) -> list[tuple]:
    """(grain, nominal months, counted months, incomplete) per period, readable in an assertion."""
    return [
        (p.grain, f"{ym(p.nominal.start)}..{ym(p.nominal.end)}", f"{ym(p.window.start)}..{ym(p.window.end)}",
         p.incomplete)
        for p in periods
    ]


# ---- report months ------------------------------------------------------------------------------

def test_parse_month_accepts_only_a_valid_yyyy_mm():
    cases = ["2024-09", " 2024-09 ", "2024-01", "2024-12", "2024-13", "2024-00", "2024-9", "abc", "",
             None, "1899-12", "2101-01", "2024-09-01", "2024/09"]
    assert {c: parse_month(c) for c in cases} == {
        "2024-09": dt.date(2024, 9, 1),
        " 2024-09 ": dt.date(2024, 9, 1),   # surrounding spaces are trimmed
        "2024-01": dt.date(2024, 1, 1),
        "2024-12": dt.date(2024, 12, 1),
        "2024-13": None,                    # no 13th month
        "2024-00": None,
        "2024-9": None,                     # the month has two digits
        "abc": None,
        "": None,
        None: None,
        "1899-12": None,                    # years outside 1900..2100
        "2101-01": None,
        "2024-09-01": None,                 # a day is not a report month
        "2024/09": None,
    }


def test_add_months_crosses_year_boundaries_both_ways():
    cases = [(m("2024-11"), 3), (m("2024-12"), 1), (m("2025-01"), -1), (m("2025-09"), -12),
             (m("2024-07"), 0), (m("2024-03"), -27), (m("2024-01"), 24)]
    assert {(ym(d), n): add_months(d, n) for d, n in cases} == {
        ("2024-11", 3): m("2025-02"),
        ("2024-12", 1): m("2025-01"),
        ("2025-01", -1): m("2024-12"),
        ("2025-09", -12): m("2024-09"),
        ("2024-07", 0): m("2024-07"),
        ("2024-03", -27): m("2021-12"),     # 2 years and 3 months back
        ("2024-01", 24): m("2026-01"),
    }


def test_month_helpers():
    assert {
        "key": month_key(dt.date(2024, 9, 1)),
        "between same month": months_between(m("2024-09"), m("2024-09")),
        "between across a year": months_between(m("2024-11"), m("2025-02")),
        "end of Feb 2024 (leap)": month_end(m("2024-02")),
        "end of Feb 2025": month_end(m("2025-02")),
        "end of Sep 2024": month_end(m("2024-09")),
    } == {
        "key": "2024-09",
        "between same month": 1,
        "between across a year": 4,         # Nov, Dec, Jan, Feb
        "end of Feb 2024 (leap)": dt.date(2024, 2, 29),
        "end of Feb 2025": dt.date(2025, 2, 28),
        "end of Sep 2024": dt.date(2024, 9, 30),
    }


def test_window_months_shift_and_month_list():
    win = w("2024-11", "2025-02")
    assert (win.months, win.shift(-12), win.month_list()) == (
        4,
        w("2023-11", "2024-02"),
        [m("2024-11"), m("2024-12"), m("2025-01"), m("2025-02")],
    )


# ---- periods at a grain -------------------------------------------------------------------------

def test_periods_in_month_grain_across_a_year():
    assert summary(periods_in(w("2024-11", "2025-02"), "month")) == [
        ("month", "2024-11..2024-11", "2024-11..2024-11", False),
        ("month", "2024-12..2024-12", "2024-12..2024-12", False),
        ("month", "2025-01..2025-01", "2025-01..2025-01", False),
        ("month", "2025-02..2025-02", "2025-02..2025-02", False),
    ]


def test_periods_in_quarter_grain_clips_first_and_last_quarter_to_the_window():
    assert summary(periods_in(w("2024-02", "2024-11"), "quarter")) == [
        ("quarter", "2024-01..2024-03", "2024-02..2024-03", True),   # January is outside the window
        ("quarter", "2024-04..2024-06", "2024-04..2024-06", False),
        ("quarter", "2024-07..2024-09", "2024-07..2024-09", False),
        ("quarter", "2024-10..2024-12", "2024-10..2024-11", True),   # December is outside the window
    ]


def test_periods_in_half_grain_clips_to_window_and_data_end():
    assert summary(periods_in(w("2024-03", "2025-12"), "half", data_end=m("2025-08"))) == [
        ("half", "2024-01..2024-06", "2024-03..2024-06", True),
        ("half", "2024-07..2024-12", "2024-07..2024-12", False),
        ("half", "2025-01..2025-06", "2025-01..2025-06", False),
        ("half", "2025-07..2025-12", "2025-07..2025-08", True),      # data ends 08/2025
    ]


def test_periods_in_year_grain_clips_to_window_and_data_end():
    assert summary(periods_in(w("2023-06", "2025-12"), "year", data_end=m("2025-09"))) == [
        ("year", "2023-01..2023-12", "2023-06..2023-12", True),
        ("year", "2024-01..2024-12", "2024-01..2024-12", False),
        ("year", "2025-01..2025-12", "2025-01..2025-09", True),
    ]


def test_periods_in_drops_periods_that_start_after_data_end():
    year = w("2025-01", "2025-12")
    assert {
        "quarters of 2025, data to 05/2025": summary(periods_in(year, "quarter", m("2025-05"))),
        "data ends before the window": summary(periods_in(year, "quarter", m("2024-12"))),
    } == {
        "quarters of 2025, data to 05/2025": [
            ("quarter", "2025-01..2025-03", "2025-01..2025-03", False),
            ("quarter", "2025-04..2025-06", "2025-04..2025-05", True),
            # Q3 and Q4 have no month with data: no period at all
        ],
        "data ends before the window": [],
    }


def test_whole_range_clips_to_data_end():
    assert {
        "no data_end": whole_range(w("2024-07", "2025-09")),
        "data ends inside": whole_range(w("2025-01", "2025-12"), m("2025-09")),
        "data ends before": whole_range(w("2025-01", "2025-12"), m("2024-12")),
    } == {
        "no data_end": Period("range", w("2024-07", "2025-09"), w("2024-07", "2025-09")),
        "data ends inside": Period("range", w("2025-01", "2025-12"), w("2025-01", "2025-09")),
        "data ends before": None,
    }


# ---- labels -------------------------------------------------------------------------------------

def test_period_labels_in_vietnamese():
    periods = {
        "month": Period("month", w("2024-09", "2024-09"), w("2024-09", "2024-09")),
        "quarter": Period("quarter", w("2024-07", "2024-09"), w("2024-07", "2024-09")),
        "first half": Period("half", w("2024-01", "2024-06"), w("2024-01", "2024-06")),
        "second half": Period("half", w("2024-07", "2024-12"), w("2024-07", "2024-12")),
        "nine months": Period("range", w("2024-01", "2024-09"), w("2024-01", "2024-09")),
        "year": Period("year", w("2024-01", "2024-12"), w("2024-01", "2024-12")),
        "incomplete year": Period("year", w("2025-01", "2025-12"), w("2025-01", "2025-09")),
        "quarter counted from August": Period("quarter", w("2024-07", "2024-09"), w("2024-08", "2024-09")),
        "range across years": Period("range", w("2024-07", "2025-09"), w("2024-07", "2025-09")),
    }
    assert {k: period_label(p) for k, p in periods.items()} == {
        "month": "Tháng 9/2024",
        "quarter": "Quý III/2024",
        "first half": "6 tháng đầu năm 2024",
        "second half": "6 tháng cuối năm 2024",
        "nine months": "9 tháng năm 2024",
        "year": "Năm 2024",
        "incomplete year": "Năm 2025 (đến 09/2025)",
        "quarter counted from August": "Quý III/2024 (từ 08/2024)",
        "range across years": "07/2024 – 09/2025",
    }


def test_window_labels_fall_back_to_month_range():
    windows = {
        "Q1": w("2024-01", "2024-03"),
        "Q4": w("2024-10", "2024-12"),
        "three months not a quarter": w("2024-02", "2024-04"),
        "April to September": w("2024-04", "2024-09"),
        "across a year end": w("2024-12", "2025-01"),
    }
    assert {k: window_label(v) for k, v in windows.items()} == {
        "Q1": "Quý I/2024",
        "Q4": "Quý IV/2024",
        "three months not a quarter": "02/2024 – 04/2024",
        "April to September": "04/2024 – 09/2024",
        "across a year end": "12/2024 – 01/2025",
    }


def test_period_labels_in_english():
    periods = {
        "month": Period("month", w("2024-09", "2024-09"), w("2024-09", "2024-09")),
        "quarter": Period("quarter", w("2024-07", "2024-09"), w("2024-07", "2024-09")),
        "first half": Period("half", w("2024-01", "2024-06"), w("2024-01", "2024-06")),
        "nine months": Period("range", w("2024-01", "2024-09"), w("2024-01", "2024-09")),
        "incomplete year": Period("year", w("2025-01", "2025-12"), w("2025-01", "2025-09")),
    }
    assert {k: period_label(p, "en") for k, p in periods.items()} == {
        "month": "Sep 2024",
        "quarter": "Q3 2024",
        "first half": "H1 2024",
        "nine months": "Jan–Sep 2024",
        "incomplete year": "2025 (to 09/2025)",
    }


def test_short_labels_for_axes_are_the_period_names_in_each_language():
    # one format per thing: a quarter on an axis reads "Quý III/2024" as in a title, never "QIII/2024"
    periods = {
        "month": Period("month", w("2024-09", "2024-09"), w("2024-09", "2024-09")),
        "quarter": Period("quarter", w("2024-07", "2024-09"), w("2024-07", "2024-09")),
        "first half": Period("half", w("2024-01", "2024-06"), w("2024-01", "2024-06")),
        "second half": Period("half", w("2024-07", "2024-12"), w("2024-07", "2024-12")),
        "year": Period("year", w("2024-01", "2024-12"), w("2024-01", "2024-12")),
        "range": Period("range", w("2024-01", "2024-09"), w("2024-01", "2024-09")),
        "quarter cut short": Period("quarter", w("2024-07", "2024-09"), w("2024-07", "2024-08")),
    }
    assert {k: (short_label(p), short_label(p, "en")) for k, p in periods.items()} == {
        "month": ("09/2024", "09/2024"),
        "quarter": ("Quý III/2024", "Q3 2024"),
        "first half": ("6 tháng đầu năm 2024", "H1 2024"),
        "second half": ("6 tháng cuối năm 2024", "H2 2024"),
        "year": ("2024", "2024"),
        "range": ("9 tháng năm 2024", "Jan–Sep 2024"),
        # the axis names the whole quarter; the '*' of an incomplete period is added where it is drawn
        "quarter cut short": ("Quý III/2024", "Q3 2024"),
    }


# ---- comparison windows and year to date ------------------------------------------------------

def test_comparison_window_of_grain_periods():
    q3 = Period("quarter", w("2024-07", "2024-09"), w("2024-07", "2024-09"))
    jan = Period("month", w("2025-01", "2025-01"), w("2025-01", "2025-01"))
    h1 = Period("half", w("2025-01", "2025-06"), w("2025-01", "2025-06"))
    year_to_sep = Period("year", w("2025-01", "2025-12"), w("2025-01", "2025-09"))
    q3_from_aug = Period("quarter", w("2024-07", "2024-09"), w("2024-08", "2024-09"))
    cases = {"Q3 prev": (q3, "prev"), "Q3 yoy": (q3, "yoy"), "Q3 none": (q3, "none"),
             "Jan prev": (jan, "prev"), "Jan yoy": (jan, "yoy"), "H1 prev": (h1, "prev"),
             "2025 to Sep prev": (year_to_sep, "prev"), "2025 to Sep yoy": (year_to_sep, "yoy"),
             "Q3 from Aug prev": (q3_from_aug, "prev"), "Q3 from Aug yoy": (q3_from_aug, "yoy")}
    assert {k: comparison_window(p, c) for k, (p, c) in cases.items()} == {
        "Q3 prev": w("2024-04", "2024-06"),
        "Q3 yoy": w("2023-07", "2023-09"),
        "Q3 none": None,
        "Jan prev": w("2024-12", "2024-12"),
        "Jan yoy": w("2024-01", "2024-01"),
        "H1 prev": w("2024-07", "2024-12"),
        # an incomplete period is compared like for like: the same nine months one period back
        "2025 to Sep prev": w("2024-01", "2024-09"),
        "2025 to Sep yoy": w("2024-01", "2024-09"),
        # only the counted months are shifted, by a whole quarter
        "Q3 from Aug prev": w("2024-05", "2024-06"),
        "Q3 from Aug yoy": w("2023-08", "2023-09"),
    }


def test_comparison_window_of_a_whole_range():
    six = Period("range", w("2024-04", "2024-09"), w("2024-04", "2024-09"))
    fifteen = Period("range", w("2024-07", "2025-09"), w("2024-07", "2025-09"))
    cases = {"6 months prev": (six, "prev"), "6 months yoy": (six, "yoy"),
             "15 months prev": (fifteen, "prev"), "15 months yoy": (fifteen, "yoy"),
             "none": (six, "none")}
    assert {k: comparison_window(p, c) for k, (p, c) in cases.items()} == {
        "6 months prev": w("2023-10", "2024-03"),     # the six months just before
        "6 months yoy": w("2023-04", "2023-09"),
        "15 months prev": w("2023-04", "2024-06"),    # the fifteen months just before
        "15 months yoy": w("2023-07", "2024-09"),
        "none": None,
    }


def test_previous_period_of_an_incomplete_range_is_like_for_like():
    # chosen range 01/2025-12/2025, data only to 09/2025: the previous period is 2024, counted over the
    # same nine months 01/2024-09/2024 (as a year-grain period already is)
    year_to_sep = Period("range", w("2025-01", "2025-12"), w("2025-01", "2025-09"))
    assert comparison_window(year_to_sep, "prev") == w("2024-01", "2024-09")


def test_ytd_window_runs_from_january_to_the_last_counted_month():
    periods = {
        "Q3/2024": Period("quarter", w("2024-07", "2024-09"), w("2024-07", "2024-09")),
        "Jan 2025": Period("month", w("2025-01", "2025-01"), w("2025-01", "2025-01")),
        "2025 to Sep": Period("year", w("2025-01", "2025-12"), w("2025-01", "2025-09")),
        "range across years": Period("range", w("2024-07", "2025-09"), w("2024-07", "2025-09")),
    }
    assert {k: ytd_window(p) for k, p in periods.items()} == {
        "Q3/2024": w("2024-01", "2024-09"),
        "Jan 2025": w("2025-01", "2025-01"),
        "2025 to Sep": w("2025-01", "2025-09"),
        "range across years": w("2025-01", "2025-09"),   # lũy kế of the year the range ends in
    }
