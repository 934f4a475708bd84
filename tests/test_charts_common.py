"""The one period axis of every chart (ui.charts.common.period_ticks): labels that fit a phone's width."""

from __future__ import annotations

import plotly.graph_objects as go

from ui.charts import common


def _ticks(order: list[str]) -> tuple[list[str], list[str]]:
    fig = go.Figure(go.Bar(x=order, y=[1] * len(order)))
    common.period_ticks(fig, order)
    return list(fig.layout.xaxis.tickvals), list(fig.layout.xaxis.ticktext)


def test_months_are_thinned_to_what_fits_and_the_last_is_always_named():
    months = [f"{m:02d}/2025" for m in range(1, 13)] + [f"{m:02d}/2026" for m in range(1, 10)] + ["10/2026 *"]
    vals, texts = _ticks(months)
    # "10/2026 *": 9 characters, 50 // (9 + 3) = 4 labels; 22 periods -> every 6th counted back from the last
    assert vals == texts == ["04/2025", "10/2025", "04/2026", "10/2026 *"]


def test_few_quarters_are_all_named_horizontally_in_full():
    fig = go.Figure(go.Bar(x=["Quý III/2024", "Quý IV/2024 *"], y=[1, 2]))
    common.period_ticks(fig, ["Quý III/2024", "Quý IV/2024 *"])
    assert list(fig.layout.xaxis.ticktext) == ["Quý III/2024", "Quý IV/2024 *"]
    assert fig.layout.xaxis.tickangle == 0 and fig.layout.xaxis.type == "category"


def test_long_period_names_go_on_two_lines_and_fewer_fit():
    halves = [f"6 tháng {w} năm {y}" for y in (2023, 2024, 2025) for w in ("đầu", "cuối")]
    vals, texts = _ticks(halves)
    # "6 tháng cuối năm 2025" -> "6 tháng cuối" / "năm 2025": 12 characters a line, 50 // 15 = 3 labels;
    # 6 periods -> every 2nd from the last
    assert vals == ["6 tháng cuối năm 2023", "6 tháng cuối năm 2024", "6 tháng cuối năm 2025"]
    assert texts == ["6 tháng cuối<br>năm 2023", "6 tháng cuối<br>năm 2024", "6 tháng cuối<br>năm 2025"]
