"""The one period axis of every chart (ui.charts.common.period_xaxis): labels that fit a phone's width; stacked
panels given whole (common.panels) laid out exactly as make_subplots lays them; the theme's template on every
figure, set once as Plotly's default."""

from __future__ import annotations

import sys

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.subplots import make_subplots

from ui import theme
from ui.charts import common


def _figure(order: list[str]) -> go.Figure:
    return common.whole([dict(type="bar", x=order, y=[1] * len(order))], common.period_layout(order))


def _ticks(order: list[str]) -> tuple[list[str], list[str]]:
    fig = _figure(order)
    return list(fig.layout.xaxis.tickvals), list(fig.layout.xaxis.ticktext)


def test_months_are_thinned_to_what_fits_and_the_last_is_always_named():
    months = [f"{m:02d}/2025" for m in range(1, 13)] + [f"{m:02d}/2026" for m in range(1, 10)] + ["10/2026 *"]
    vals, texts = _ticks(months)
    # "10/2026 *": 9 characters, 50 // (9 + 3) = 4 labels; 22 periods -> every 6th counted back from the last
    assert vals == texts == ["04/2025", "10/2025", "04/2026", "10/2026 *"]


def test_few_quarters_are_all_named_horizontally_in_full():
    fig = _figure(["Quý III/2024", "Quý IV/2024 *"])
    assert list(fig.layout.xaxis.ticktext) == ["Quý III/2024", "Quý IV/2024 *"]
    assert fig.layout.xaxis.tickangle == 0 and fig.layout.xaxis.type == "category"


def test_a_years_quarters_are_all_named_on_two_lines_when_one_line_fits_three():
    # "Quý III/2024": 12 characters, 50 // 15 = 3 labels for 4 quarters -> "Quý III" over "2024": 50 // 10 = 5
    vals, texts = _ticks(["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024 *"])
    assert vals == ["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024 *"]
    assert texts == ["Quý I<br>2024", "Quý II<br>2024", "Quý III<br>2024", "Quý IV<br>2024 *"]


def test_long_period_names_go_on_two_lines_and_fewer_fit():
    halves = [f"6 tháng {w} năm {y}" for y in (2023, 2024, 2025) for w in ("đầu", "cuối")]
    vals, texts = _ticks(halves)
    # "6 tháng cuối năm 2025" -> "6 tháng cuối" / "năm 2025": 12 characters a line, 50 // 15 = 3 labels;
    # 6 periods -> every 2nd from the last
    assert vals == ["6 tháng cuối năm 2023", "6 tháng cuối năm 2024", "6 tháng cuối năm 2025"]
    assert texts == ["6 tháng cuối<br>năm 2023", "6 tháng cuối<br>năm 2024", "6 tháng cuối<br>năm 2025"]


@pytest.mark.parametrize("rows,spacing,titled,shared", [(1, 0.5, False, False), (3, 0.5 / 3, True, False),
                                                         (8, 0.0625, True, False), (2, 0.14, True, True)])
def test_panels_are_laid_out_as_make_subplots_lays_them(rows, spacing, titled, shared):
    titles = [f"Bảng {i} <b>" for i in range(rows)] if titled else None
    expected = make_subplots(rows=rows, cols=1, vertical_spacing=spacing, shared_xaxes=shared,
                             subplot_titles=titles).layout.to_plotly_json()
    expected.pop("template", None)
    layout, suffixes = common.panels(rows, spacing, titles, shared_x=shared)
    assert layout == expected
    assert suffixes == [""] + [str(i) for i in range(2, rows + 1)]
    # a copy each time: changing one figure's layout leaves the next one's as it was
    layout["xaxis"]["range"] = [0, 1]
    if titled:
        layout["annotations"][0]["text"] = "khác"
    again, _ = common.panels(rows, spacing, titles, shared_x=shared)
    assert again == expected


def test_every_figure_has_the_theme_template_even_after_another_became_the_default():
    def ours(fig) -> bool:
        # not Plotly's or Streamlit's own: they name a colour scale for every trace type
        return (fig.layout.template.layout.separators == theme.SEPARATORS
                and fig.layout.template.layout.font.family == theme.FONT and not fig.layout.template.data.heatmap)

    assert pio.templates.default == theme.TEMPLATE or "streamlit" in sys.modules
    try:
        pio.templates.default = "plotly"        # as ``import streamlit`` makes its own the default
        assert ours(common.whole([dict(type="bar", y=[1])], {}))
        pio.templates.default = "plotly"
        early = go.Figure(data=[dict(type="bar", y=[2])])     # made before another figure put ours back
        assert ours(theme.apply(go.Figure(data=[dict(type="bar", y=[1])])))
        assert pio.templates.default == theme.TEMPLATE      # and so the next figure starts with it
        assert ours(go.Figure()) and ours(make_subplots(rows=2, cols=1))
        assert not ours(early) and ours(theme.apply(early))
    finally:
        pio.templates.default = theme.TEMPLATE


# -- a KPI card's sparkline (common.sparkline): SVG drawn from numbers only --

def _marks(svg: str):
    import re
    lines = [[tuple(map(float, p.split(","))) for p in pts.split()]
             for pts in re.findall(r'<polyline points="([^"]+)"', svg)]
    dots = [(float(x), float(y), float(r)) for x, y, r in re.findall(r'<circle cx="([^"]+)" cy="([^"]+)" r="([^"]+)"',
                                                                    svg)]
    return lines, dots


def test_sparkline_scales_the_months_into_its_box_and_marks_the_last_one():
    svg = common.sparkline([10, 30, 20])
    assert svg.startswith("<svg ") and 'viewBox="0 0 240 40"' in svg
    lines, dots = _marks(svg)
    # x: 4 … 236 in two equal steps; y: the largest at the top (4), the smallest at the bottom (36)
    assert lines == [[(4.0, 36.0), (120.0, 4.0), (236.0, 20.0)]]
    assert dots == [(236.0, 20.0, 4.0)]


def test_an_unknown_month_is_a_gap_never_a_zero():
    nan = float("nan")
    lines, dots = _marks(common.sparkline([5, 7, None, 9, nan, 6, 8]))
    # three runs: [5, 7], [9] alone (a small dot), [6, 8]; no point at the bottom for the unknown months
    assert [len(r) for r in lines] == [2, 2]
    step = 232 / 6
    assert lines[0][1][0] == round(4 + step, 1) and lines[1][0][0] == round(4 + 5 * step, 1)
    lone = [d for d in dots if d[2] == 2]
    assert lone == [(round(4 + 3 * step, 1), 4.0, 2.0)]     # 9 is the largest: at the top
    assert dots[-1] == (236.0, 12.0, 4.0)                    # 8, the last known month: a quarter down (9 … 5)
    # a zero is a value: drawn at the bottom of a series that has it
    lines, _dots = _marks(common.sparkline([0, 4]))
    assert lines == [[(4.0, 36.0), (236.0, 4.0)]]


def test_a_flat_series_is_drawn_halfway_and_too_few_months_draw_nothing():
    lines, _dots = _marks(common.sparkline([3, 3, 3]))
    assert {y for _x, y in lines[0]} == {20.0}
    assert common.sparkline([None, 4]) is None and common.sparkline([7]) is None and common.sparkline([]) is None
    # the last known month is marked even when the series ends unknown
    _lines, dots = _marks(common.sparkline([1, 2, None]))
    assert dots[-1][:2] == (120.0, 4.0)


def test_a_short_bars_label_goes_beside_it_a_long_ones_where_it_fits():
    """A bar under SHORT_BAR of the longest has its label outside (on a phone "3.391" inside a 36-pixel bar ran
    over the unit's name); others are Plotly's choice; unknown values change nothing."""
    got = common.bar_labels([20401, 13712, 6120, 3391, None, float("nan")])["textposition"]
    # 30 % of 20.401 = 6.120,3
    assert got == ["auto", "auto", "outside", "outside", "auto", "auto"]
    # a shared axis: the longest bar of another trace decides
    assert common.bar_labels([10, 50], top=200)["textposition"] == ["outside", "outside"]
    assert common.bar_labels([])["textposition"] == []
    df = pd.DataFrame({"unit_code": ["01", "14"], "unit_name": ["Hà Nội", "Sơn La"], "members": [20401.0, 3391.0]})
    bar = common.ranking(df, "members").data[0]
    assert list(bar.y) == ["Sơn La", "Hà Nội"] and list(bar.textposition) == ["outside", "auto"]


def test_the_cumulative_line_starts_again_each_january():
    # quarters of 2024 and 2025 with a flow's target: one line per year (Q4/2024 was joined to Q1/2025)
    import datetime as dt

    ends = [dt.date(y, m, 1) for y in (2024, 2025) for m in (3, 6, 9, 12)]
    df = pd.DataFrame({
        "period_label": [f"Quý {q}/{y}" for y in (2024, 2025) for q in ("I", "II", "III", "IV")],
        "period_short": [f"Quý {q}/{y}" for y in (2024, 2025) for q in ("I", "II", "III", "IV")],
        "period_start": [dt.date(e.year, e.month - 2, 1) for e in ends], "period_end": ends,
        "incomplete": [False] * 8,
        "posts": [10.0] * 8, "posts_ytd": [10.0, 20, 30, 40] * 2, "posts_target": [12.0, 24, 36, 48] * 2,
    })
    fig = common.trend(df, "posts", "none")
    ytd = [tr for tr in fig.data if tr.legendgroup == "ytd"]
    target = [tr for tr in fig.data if tr.legendgroup == "ytd_target"]
    assert [list(tr.y) for tr in ytd] == [[10, 20, 30, 40], [10, 20, 30, 40]]
    assert [list(tr.x) for tr in target] == [["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024"],
                                             ["Quý I/2025", "Quý II/2025", "Quý III/2025", "Quý IV/2025"]]
    assert [tr.showlegend for tr in ytd] == [True, False]       # one legend entry each


def test_the_legend_goes_lower_under_two_line_period_labels():
    # on a phone "Quý I" over "2023": the legend, just below the plot, hid the second line
    two = common.period_layout(["Quý I/2024", "Quý II/2024", "Quý III/2024", "Quý IV/2024"])
    assert two["legend"] == {"y": -0.24}
    assert "legend" not in common.period_layout(["01/2024", "02/2024"])
