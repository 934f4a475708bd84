"""The one period axis of every chart (ui.charts.common.period_xaxis): labels that fit a phone's width; stacked
panels given whole (common.panels) laid out exactly as make_subplots lays them; the theme's template on every
figure, set once as Plotly's default."""

from __future__ import annotations

import sys

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
