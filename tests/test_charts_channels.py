"""Figure builders of the channels page on small hand-made frames shaped like the metric layer's results."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ui import theme
from ui.charts import channels as ch

LABELS = {"fanpage": "Trang Facebook (fanpage)", "tiktok": "TikTok", "website": "Trang thông tin điện tử"}
MONTHS = [dt.date(2026, m, 1) for m in range(1, 9)]


def periods(n: int = 3, incomplete_last: bool = True) -> pd.DataFrame:
    rows = []
    for i, start in enumerate(MONTHS[:n]):
        rows.append({"period_start": start, "period_short": f"{start.month:02d}/{start.year}",
                     "incomplete": incomplete_last and i == n - 1})
    return pd.DataFrame(rows)


def by(dim: str, values: dict[str, list[float]], metric: str, n: int = 3) -> pd.DataFrame:
    frames = []
    for key, vals in values.items():
        d = periods(n)
        d[dim] = key
        d[metric] = vals
        frames.append(d)
    return pd.concat(frames, ignore_index=True)


def test_platform_trend_stacks_platforms_in_fixed_order_and_colours_and_marks_the_incomplete_period():
    df = by("platform", {"tiktok": [1, 2, 3], "fanpage": [10, 11, 12], "website": [0, 0, 0]}, "channels")
    fig = ch.platform_trend(df, "channels", LABELS)
    assert fig.layout.barmode == "stack"
    assert fig.layout.separators == ",."
    # website has no channel at all: no empty trace; fanpage before tiktok as in theme.PLATFORM_ORDER; short
    # names in the legend (seven long ones took half a phone's chart), the full name in the hover
    assert [(t.name, t.marker.color, t.customdata[0][0]) for t in fig.data] == [
        ("Fanpage", theme.PLATFORM_COLORS["fanpage"], "fanpage"),
        ("TikTok", theme.PLATFORM_COLORS["tiktok"], "tiktok"),
    ]
    assert "Trang Facebook (fanpage)" in fig.data[0].hovertemplate
    assert list(fig.data[0].x) == ["01/2026", "02/2026", "03/2026 *"]
    assert list(fig.data[0].y) == [10, 11, 12]
    assert list(fig.data[0].marker.pattern.shape) == ["", "", "/"]


def test_unit_trend_keeps_the_top_units_and_sums_the_rest():
    df = by("unit_code", {"14": [5, 6, 7], "48": [9, 9, 9], "01": [1, 1, 2], "79": [3, 3, 1]}, "channels")
    df["unit_name"] = df["unit_code"].map({"14": "Sơn La", "48": "Đà Nẵng", "01": "Hà Nội", "79": "Hồ Chí Minh"})
    fig = ch.unit_trend(df, "channels", top=2)
    assert [t.name for t in fig.data] == ["Đà Nẵng", "Sơn La", "Các đơn vị khác"]
    assert [t.customdata[0][0] for t in fig.data[:2]] == ["48", "14"]
    assert fig.data[2].customdata is None          # the grouped line cannot be drilled into
    assert list(fig.data[2].y) == [4, 4, 3]        # Hà Nội + Hồ Chí Minh, a stock summed over entities


def test_opened_closed_draws_two_flows_side_by_side():
    df = periods(3)
    df["channels_new"] = [4.0, 0.0, 2.0]
    df["channels_closed"] = [1.0, 3.0, 0.0]
    fig = ch.opened_closed(df)
    assert fig.layout.barmode == "group"
    assert [(t.name, list(t.y)) for t in fig.data] == [("Kênh mở mới", [4.0, 0.0, 2.0]),
                                                      ("Kênh ngừng hoạt động", [1.0, 3.0, 0.0])]
    assert list(fig.data[0].x) == ["01/2026", "02/2026", "03/2026 *"]


def test_platform_values_writes_vietnamese_numbers_and_drops_undefined_ratios():
    df = pd.DataFrame({"platform": ["website", "fanpage", "tiktok"],
                       "followers_per_channel": [np.nan, 13330.44, 997.8]})
    fig = ch.platform_values(df, "followers_per_channel", LABELS)
    bar = fig.data[0]
    # the first platform on top: Plotly draws the last category at the top
    assert list(bar.y) == ["TikTok", "Trang Facebook<br>(fanpage)"]     # long names on two lines
    assert list(bar.text) == ["997,8", "13.330,4"]
    assert [c[0] for c in bar.customdata] == ["tiktok", "fanpage"]


def test_period_ticks_label_at_most_six_periods_and_always_the_last():
    df = by("platform", {"fanpage": [1] * 8}, "channels", n=8)
    fig = ch.platform_trend(df, "channels", LABELS)
    ticks = list(fig.layout.xaxis.tickvals)
    assert len(ticks) <= 6
    assert ticks[-1] == "08/2026 *"
    assert list(fig.layout.xaxis.categoryarray)[-1] == "08/2026 *"
