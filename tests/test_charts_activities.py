"""Figure builders of the Activities page on small hand-written frames: whole-structure checks."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ui import theme
from ui.charts import activities as charts

LEVELS = {"trung_uong": "Trung ương", "tinh": "Tỉnh", "co_so": "Cơ sở"}


def test_activity_types_are_separate_panels_each_on_its_own_axis():
    df = pd.DataFrame({"activity_type": ["bai_viet", "chia_se_link"], "label": ["Bài viết đăng mới", "Chia sẻ"],
                       "value": [22892.0, 310551.0], "cmp": [20000.0, float("nan")], "unit": ["bài", "lượt"]})
    fig = charts.activity_types(df)
    # posts and shares are different measures: one panel (x axis) each, titled with the type and its unit,
    # the first type on top; no comparison asked, one bar a panel
    assert [(tr.xaxis, list(tr.x), list(tr.text)) for tr in fig.data] == [
        ("x", [22892.0], ["22.892"]), ("x2", [310551.0], ["310.551"])]
    assert [a.text for a in fig.layout.annotations] == ["Bài viết đăng mới (bài)", "Chia sẻ (lượt)"]
    assert fig.layout.xaxis.domain[0] > fig.layout.xaxis2.domain[0] or \
        fig.layout.yaxis.domain[0] > fig.layout.yaxis2.domain[0]
    assert [tr.customdata[0][0] for tr in fig.data] == ["bai_viet", "chia_se_link"]
    assert fig.layout.separators == ",."
    # with a comparison: the comparison period's count in grey, below the current one; unknown stays a gap
    fig = charts.activity_types(df, cmp_name="Cùng kỳ năm trước")
    assert [(list(tr.y), list(tr.x), list(tr.text)) for tr in fig.data] == [
        (["Cùng kỳ năm trước", "Kỳ này"], [20000.0, 22892.0], ["20.000", "22.892"]),
        (["Cùng kỳ năm trước", "Kỳ này"], [None, 310551.0], ["—", "310.551"])]
    assert list(fig.layout.xaxis2.range) == [0, 310551.0 * 1.15]


def test_source_share_is_a_100_percent_stack_per_row_without_not_applicable():
    df = pd.DataFrame({
        "row": [charts.ALL_ROW] * 4 + ["fanpage"] * 3,
        "source_level": ["trung_uong", "tinh", "co_so", "khong", "trung_uong", "tinh", "co_so"],
        "value": [453.0, 300.0, 247.0, 999.0, 10.0, 0.0, 30.0],
    })
    rows = {charts.ALL_ROW: "Tất cả loại kênh", "fanpage": "Trang Facebook (fanpage)", "tiktok": "TikTok"}
    fig = charts.source_share(df, LEVELS, rows)
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == ["Trung ương", "Tỉnh", "Cơ sở"]
    # rows without any link (TikTok) are left out; the first row is drawn on top (last y)
    assert list(fig.data[0].y) == ["Trang Facebook<br>(fanpage)", "Tất cả loại kênh"]
    assert {tr.name: list(tr.text) for tr in fig.data} == {
        "Trung ương": ["25,0%", "45,3%"], "Tỉnh": ["", "30,0%"], "Cơ sở": ["75,0%", "24,7%"]}
    assert {tr.name: [c[0] for c in tr.customdata] for tr in fig.data} == {
        "Trung ương": ["trung_uong"] * 2, "Tỉnh": ["tinh"] * 2, "Cơ sở": ["co_so"] * 2}
    for i in range(2):
        assert abs(sum(tr.x[i] for tr in fig.data) - 1.0) < 1e-9
    assert fig.data[0].customdata[1][1] == "Trung ương: 453 lượt (45,3%)"


def _monthly(platforms, months, values, incomplete_last=False):
    rows = []
    for i, m in enumerate(months):
        for p in platforms:
            rows.append({"period_start": m, "period_short": f"{m.month:02d}/{m.year}",
                         "incomplete": incomplete_last and i == len(months) - 1, "platform": p,
                         "link_shares": values[(p, i)]})
    return pd.DataFrame(rows)


def test_heatmap_rows_in_platform_order_months_in_time_order():
    months = [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    df = _monthly(["tiktok", "fanpage"], months,
                  {("tiktok", 0): 5.0, ("tiktok", 1): 7.0, ("fanpage", 0): 1.0, ("fanpage", 1): float("nan")},
                  incomplete_last=True)
    fig = charts.heatmap(df, "link_shares", {"fanpage": "Fanpage", "tiktok": "TikTok"})
    hm = fig.data[0]
    assert list(hm.y) == ["Fanpage", "TikTok"]            # theme.PLATFORM_ORDER: fanpage before tiktok
    assert list(hm.x) == ["01/2024", "02/2024 *"]        # the incomplete month is marked
    assert [list(r) for r in hm.z] == [[1.0, None], [5.0, 7.0]]
    assert hm.customdata[0][1] == "Fanpage · 02/2024 *: không có số liệu"
    assert hm.customdata[1][0] == "TikTok · 01/2024: 5 lượt"
    assert hm.colorscale[0][1] == theme.SEQUENTIAL[0][1]


def test_trend_overlays_draw_current_bars_and_both_comparison_lines():
    df = pd.DataFrame({
        "period_short": ["Quý I/2024", "Quý II/2024"], "incomplete": [False, True],
        "link_shares": [100.0, 50.0], "link_shares_prev": [80.0, 100.0], "cmp_label_prev": ["Quý IV/2023", "Quý I/2024"],
        "link_shares_yoy": [90.0, 40.0], "cmp_label_yoy": ["Quý I/2023", "Quý II/2023"],
    })
    fig = charts.trend_overlays(df, "link_shares", ("prev", "yoy"))
    assert [(tr.type, tr.name) for tr in fig.data] == [
        ("bar", "Kỳ này"), ("scatter", "Kỳ trước"), ("scatter", "Cùng kỳ năm trước")]
    assert list(fig.data[0].x) == ["Quý I/2024", "Quý II/2024 *"]
    assert list(fig.data[0].marker.pattern.shape) == ["", "/"]
    assert list(fig.data[2].y) == [90.0, 40.0]
    assert [c[0] for c in fig.data[1].customdata] == ["Quý IV/2023", "Quý I/2024"]
    assert list(charts.trend_overlays(df, "link_shares", ()).data[0].y) == [100.0, 50.0]
    assert len(charts.trend_overlays(df, "link_shares", ()).data) == 1


def test_long_periods_show_a_few_labels_always_including_the_latest():
    months = [dt.date(2025, m, 1) for m in range(1, 13)] + [dt.date(2026, m, 1) for m in range(1, 11)]
    df = _monthly(["zalo"], months, {("zalo", i): float(i) for i in range(len(months))}, incomplete_last=True)
    fig = charts.heatmap(df, "link_shares", {"zalo": "Zalo"})
    # "10/2026 *" is 9 characters: 50 // 12 = 4 labels fit a phone; 22 months -> every 6th from the last
    assert list(fig.layout.xaxis.tickvals) == ["04/2025", "10/2025", "04/2026", "10/2026 *"]
