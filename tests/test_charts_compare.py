"""Figure builders of the comparison page: colours per unit, drill values, comparison bars, formats."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ui import format as fmt
from ui import theme
from ui.charts import compare as charts
from ui.compare_data import Column, blank_ended, table

COLS = [Column(2014, "14", "Sơn La", theme.COLORWAY[0], False),
        Column(2048, "48", "Đà Nẵng", theme.COLORWAY[1], False)]


def totals() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_id": [2048, 2014],              # result order differs from the column order on purpose
        "members": [11400.0, 14839.0], "members_cmp": [10573.0, 13981.0],
        "members_delta": [827.0, 858.0], "members_pct": [827 / 10573, 858 / 13981],
        "luot_per_nguoi": [np.nan, 1.5], "luot_per_nguoi_cmp": [2.0, np.nan],
        "luot_per_nguoi_delta": [np.nan, np.nan], "luot_per_nguoi_pct": [np.nan, np.nan],
    })


def test_small_multiple_keeps_unit_order_colours_and_shows_the_comparison():
    fig = charts.metric_bars(totals(), "members", COLS, "yoy", "vi", cmp_name="Cùng kỳ năm trước")
    cmp, cur = fig.data
    assert list(cur.x) == ["Sơn La", "Đà Nẵng"]
    assert list(cur.y) == [14839.0, 11400.0]
    assert list(cur.text) == ["14.839", "11.400"]
    assert list(cur.marker.color) == [theme.COLORWAY[0], theme.COLORWAY[1]]
    assert [d[0] for d in cur.customdata] == ["14", "48"]
    assert list(cmp.y) == [13981.0, 10573.0] and cmp.opacity == 0.35
    assert [d[1] for d in cmp.customdata] == ["+858 (+6,14%)", "+827 (+7,82%)"]
    assert fig.layout.separators == ",." and fig.layout.title.text == "Thành viên biệt đội"


def test_both_bars_are_named_and_a_slide_gives_them_a_legend():
    # the page's grid explains the pale bar in its note; a file's series and a slide need the names themselves
    # (PowerPoint wrote "Chuỗi 2", the projected slide had a pale bar nobody could read)
    from ui import present

    fig = charts.metric_bars(totals(), "members", COLS, "yoy", "vi", cmp_name="Cùng kỳ năm trước",
                             cur_name="Năm 2025")
    assert [tr.name for tr in fig.data] == ["Cùng kỳ năm trước", "Năm 2025"]
    assert not any(tr.showlegend for tr in fig.data)                  # the page: no legend in each small chart
    big = present.big_figure(fig, dark=False)
    assert big.layout.showlegend and all(tr.showlegend for tr in big.data)
    plain = present.big_figure(charts.metric_bars(totals(), "members", COLS, "none", "vi"), dark=False)
    assert not plain.layout.showlegend                                 # one series: nothing to tell apart
    # the PPTX and PDF deck's native chart too (it had no legend: light and dark bars unexplained)
    from reports.pptx_deck import chart_spec

    spec = chart_spec(fig)
    assert spec.legend and [x.name for x in spec.series] == ["Cùng kỳ năm trước", "Năm 2025"]
    assert not chart_spec(charts.metric_bars(totals(), "members", COLS, "none", "vi")).legend


def test_small_multiple_without_comparison_and_undefined_values():
    fig = charts.metric_bars(totals(), "luot_per_nguoi", COLS, "none", "en", incomplete=True)
    (cur,) = fig.data
    assert list(cur.y) == [1.5, None]
    assert list(cur.text) == ["1,50", "—"]
    assert list(cur.marker.pattern.shape) == ["/", "/"]
    assert fig.layout.title.text == "Attempts per participant"


def test_platform_bars_carry_the_platform_key_for_the_drill():
    df = pd.DataFrame({"unit_id": [2014, 2014, 2048, 2048], "platform": ["tiktok", "fanpage", "tiktok", "zalo"],
                       "channels": [29.0, 364.0, 43.0, 0.0]})
    fig = charts.by_platform(df, "channels", COLS, {"tiktok": "TikTok", "fanpage": "Fanpage", "zalo": "Zalo"})
    # traces bottom-up (Đà Nẵng then Sơn La), platforms in the fixed order with the first on top; zalo is all 0
    assert [tr.name for tr in fig.data] == ["Đà Nẵng", "Sơn La"]
    son_la = fig.data[1]
    assert list(son_la.y) == ["TikTok", "Fanpage"]
    assert [d[0] for d in son_la.customdata] == ["tiktok", "fanpage"]
    assert list(son_la.x) == [29.0, 364.0] and son_la.marker.color == theme.COLORWAY[0]
    assert list(fig.data[0].x) == [43.0, None]


def test_trend_lines_mark_incomplete_periods_and_keep_colours():
    df = pd.DataFrame({"unit_id": [2014, 2014, 2048, 2048], "period_short": ["2025", "2026", "2025", "2026"],
                       "period_start": [dt.date(2025, 1, 1), dt.date(2026, 1, 1)] * 2,
                       "incomplete": [False, True, False, True], "members": [1.0, 2.0, 3.0, 4.0]})
    fig = charts.trend_lines(df, "members", COLS)
    assert [tr.name for tr in fig.data] == ["Sơn La", "Đà Nẵng"]
    assert list(fig.data[0].x) == ["2025", "2026 *"]
    assert fig.data[1].line.color == theme.COLORWAY[1]
    assert list(fig.layout.xaxis.categoryarray) == ["2025", "2026 *"]


def test_table_has_units_as_columns_and_blanks_stocks_of_ended_units():
    ended = [Column(1048, "48", "Đà Nẵng (trước 07/2025)", theme.COLORWAY[0], True)]
    df = pd.DataFrame({"unit_id": [1048], "members": [0.0], "members_cmp": [10000.0], "members_delta": [-10000.0],
                       "members_pct": [-1.0], "luot_per_nguoi": [1.7], "luot_per_nguoi_cmp": [2.0],
                       "luot_per_nguoi_delta": [-0.3], "luot_per_nguoi_pct": [-0.15]})
    got = table(blank_ended(df, ended, ["members", "luot_per_nguoi"]), ended, ["members", "luot_per_nguoi"], "yoy")
    assert got.to_dict("records") == [
        {"Chỉ số": "Thành viên biệt đội", "Loại": "Thời điểm", "Đà Nẵng (trước 07/2025)": "—",
         "Đà Nẵng (trước 07/2025) — tăng/giảm": "—"},
        {"Chỉ số": "Lượt dự thi bình quân mỗi người", "Loại": "Tỷ lệ", "Đà Nẵng (trước 07/2025)": "1,70",
         "Đà Nẵng (trước 07/2025) — tăng/giảm": fmt.delta(-0.3, -0.15, "dec2")},
    ]


def test_table_marks_a_partial_sum_and_keeps_published_qualifiers():
    """Đà Nẵng today without Quảng Nam's December: its followers are what came, marked '*', with no change; a
    figure published as approximate keeps its '~'."""
    cols = [Column(2048, "48", "Đà Nẵng", theme.COLORWAY[0], False)]
    df = pd.DataFrame({"unit_id": [2048], "followers": [1993820.0], "followers_cmp": [3404920.0],
                       "followers_delta": [float("nan")], "followers_pct": [float("nan")],
                       "followers_reported": [0.0], "followers_expected": [1.0],
                       "contest_luot": [4344886.0], "contest_luot_q": ["~"], "contest_luot_cmp": [1000.0],
                       "contest_luot_delta": [4343886.0], "contest_luot_pct": [4343.886],
                       "contest_luot_delta_q": ["~"], "contest_luot_reported": [1.0], "contest_luot_expected": [1.0]})
    got = table(df, cols, ["followers", "contest_luot"], "yoy")
    assert got["Đà Nẵng"].tolist() == ["1.993.820 *", "~4.344.886"]
    assert got["Đà Nẵng — tăng/giảm"].tolist()[0] == "—"
    assert got["Đà Nẵng — tăng/giảm"].tolist()[1].startswith("~")
