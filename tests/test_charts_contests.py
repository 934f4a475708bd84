"""The contest curve builder: người and lượt in two panels with their own axes, targets, open last marker."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ui import theme
from ui.charts.contests import cumulative

D = dt.date

WEEKS = pd.DataFrame({
    "contest_id": [1, 1],
    "period_start": [D(2024, 3, 4), D(2024, 3, 11)],
    "nguoi": [110.0, 50.0],
    "luot": [260.0, 150.0],
    "nguoi_cum": [110.0, 160.0],
    "luot_cum": [260.0, 410.0],
})


def test_luot_and_nguoi_are_separate_panels_with_their_own_axes():
    fig = cumulative(WEEKS, "vi")
    assert [(tr.yaxis, list(tr.y)) for tr in fig.data] == [("y", [260.0, 410.0]), ("y2", [110.0, 160.0])]
    assert fig.layout.yaxis.title.text == "lượt"
    assert fig.layout.yaxis2.title.text == "người"
    assert [a.text for a in fig.layout.annotations] == ["Lượt dự thi", "Người dự thi"]
    assert fig.layout.separators == theme.SEPARATORS
    # hover carries the week and the weekly increment, formatted the Vietnamese way
    assert [list(c) for c in fig.data[0].customdata] == [["Tuần từ 04/03/2024", "260", "+260"],
                                                         ["Tuần từ 11/03/2024", "410", "+150"]]
    assert list(fig.layout.xaxis2.ticktext) == ["04/03", "11/03"]


def test_targets_are_dashed_lines_in_their_own_panel_and_kept_in_range():
    fig = cumulative(WEEKS, "vi", {"contest_luot": 1000.0, "contest_nguoi": 200.0})
    shapes = [(s.yref, s.y0) for s in fig.layout.shapes]
    assert shapes == [("y", 1000.0), ("y2", 200.0)]
    assert fig.layout.yaxis.range[1] >= 1000 and fig.layout.yaxis2.range[1] >= 200
    assert "Chỉ tiêu 1.000" in [a.text for a in fig.layout.annotations]


def test_running_contest_marks_the_last_week_open():
    fig = cumulative(WEEKS, "en", running=True)
    assert list(fig.data[0].marker.symbol) == ["circle", "circle-open"]
    assert [a.text for a in fig.layout.annotations] == ["Attempts", "Participants"]
    assert list(cumulative(WEEKS, "vi").data[1].marker.symbol) == ["circle", "circle"]
