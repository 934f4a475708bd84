"""The growth view by platform (channels page): "which platform grew fastest in Đà Nẵng since the merger",
as the change and % change of a stock between the end of the month before the chosen range and the end
of its last month, fastest first — checked by hand on the fixture database (tests/fixture_db.py)."""

from __future__ import annotations

import math

import pandas as pd

from ui import blocks, theme, views
from ui.blocks import DirectReader
from ui.charts import channels as ch

NAN = float("nan")


def _growth(fixture_con, **params):
    decl = views.get("channels")
    view = blocks.build_view(decl, params, DirectReader(fixture_con))
    block = next(b for b in blocks.flatten(decl.layout(view)) if b.key == "growth")
    return blocks.resolve(block, view), view


def _rows(df: pd.DataFrame) -> list[tuple]:
    return [tuple(NAN if isinstance(x, float) and math.isnan(x) else x for x in r)
            for r in df.itertuples(index=False, name=None)]


def test_followers_growth_of_son_la_by_platform_fastest_first(fixture_con):
    # Sơn La, 08/2024 – 09/2024: baseline the end of 07/2024, end 09/2024 (followers, a stock)
    r, view = _growth(fixture_con, unit="14", **{"from": "2024-08", "to": "2024-09", "ch_metric": "followers"})
    assert r.ok
    assert r.caption.startswith("Người theo dõi — Sơn La: cuối 07/2024 → cuối 09/2024;")
    table, formats = blocks.data_table(r, view)
    assert list(table.columns) == ["Loại kênh", "Cuối 07/2024", "Cuối 09/2024", "Thay đổi", "Thay đổi (%)"]
    assert _rows(table) == [
        ("TikTok", 0.0, 80.0, 80.0, NAN),            # opened 20/08/2024: from nothing, no % change
        ("Trang Facebook (fanpage)", 100.0, 120.0, 20.0, 0.2),
        ("Trang thông tin điện tử", 30.0, 0.0, -30.0, -1.0),   # closed 15/09/2024
    ]
    assert formats["Thay đổi (%)"] == "pct"
    bars = r.figure.data[0]
    # the fastest on top (drawn last), the click drills into the platform; the change written beside each
    assert [c[0] for c in bars.customdata] == ["website", "fanpage", "tiktok"]
    assert [(a.y, a.text) for a in r.figure.layout.annotations] == [
        ("Trang thông<br>tin điện tử", "-30 (-100,00%)"), ("Trang Facebook<br>(fanpage)", "+20 (+20,00%)"),
        ("TikTok", "+80 (mới)")]


def test_growth_needs_more_than_one_month(fixture_con):
    # the first month of the data has no month before it: the baseline is the month itself
    r, _ = _growth(fixture_con, unit="14", **{"from": "2024-01", "to": "2024-01"})
    assert not r.ok and r.block.empty == "channels.growth_one_month"


def test_growth_chart_colours_and_room_for_labels():
    df = pd.DataFrame({"platform": ["zalo", "fanpage"], "start": [35.0, 256.0], "end": [52.0, 279.0],
                       "delta": [17.0, 23.0], "pct": [17 / 35, 23 / 256]})
    fig = ch.platform_growth(df, "channels", {"zalo": "Zalo", "fanpage": "Trang Facebook (fanpage)"})
    bar = fig.data[0]
    assert list(bar.y) == ["Trang Facebook<br>(fanpage)", "Zalo"]
    assert list(bar.marker.color) == [theme.PLATFORM_COLORS["fanpage"], theme.PLATFORM_COLORS["zalo"]]
    # the changes in a column in the right margin (paper x = 1), which is kept for them
    assert [(a.text, a.xref, a.x, a.xanchor) for a in fig.layout.annotations] == [
        ("+23 (+8,98%)", "paper", 1, "left"), ("+17 (+48,57%)", "paper", 1, "left")]
    assert fig.layout.margin.r == ch.GROWTH_TEXT_PX


def test_on_a_slide_the_changes_beside_the_bars_keep_room_as_their_text_grows():
    # at 1920×1080 the slide's larger text ran past the figure's edge ("+48 (+192,00%)" showed as "+")
    from ui import present

    df = pd.DataFrame({"platform": ["zalo", "fanpage"], "start": [25.0, 256.0], "end": [73.0, 279.0],
                       "delta": [48.0, 23.0], "pct": [48 / 25, 23 / 256]})
    fig = ch.platform_growth(df, "channels", {"zalo": "Zalo", "fanpage": "Trang Facebook (fanpage)"})
    big = present.big_figure(fig, dark=False)
    assert big.layout.margin.r == round(ch.GROWTH_TEXT_PX * present.CHART_FONT / 14)
    assert all(a.font.size == round(13 * present.CHART_FONT / 14) for a in big.layout.annotations)
    # a figure with no text of its own beside the plot keeps the slide's narrow margin
    plain = present.big_figure(ch.platform_growth(df, "channels", {}).update_layout(margin=dict(r=8)), dark=False)
    assert plain.layout.margin.r == 16
