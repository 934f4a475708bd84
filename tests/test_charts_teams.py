"""Figure builders and table helpers of the Lực lượng page, on small hand-written frames."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from ui import teams_data
from ui.charts import teams as charts

NAN = math.nan


def period_frame(labels, incomplete=None, **values) -> pd.DataFrame:
    n = len(labels)
    return pd.DataFrame({
        "period_short": labels,
        "period_start": [dt.date(2024 + i // 12, 1 + i % 12, 1) for i in range(n)],
        "incomplete": incomplete or [False] * n,
        **values,
    })


def test_ranking_orders_units_by_members_per_team_and_carries_the_unit_code():
    df = pd.DataFrame({"unit_code": ["14", "48", "01"], "unit_name": ["Sơn La", "Đà Nẵng", "Hà Nội"],
                       "members_per_team": [34.6, 36.0, NAN], "members": [13712, 720, 0],
                       "teams": [396, 20, 0]})
    fig = charts.ranking(df, {"14"})
    bar = fig.data[0]
    # best first means drawn last (top of a horizontal bar chart); units with no ratio are left out
    assert list(bar.y) == ["Sơn La", "Đà Nẵng"]
    assert [c[0] for c in bar.customdata] == ["14", "48"]
    assert list(bar.text) == ["34,6", "36,0"]
    assert bar.customdata[0][1] == "13.712 thành viên / 396 đội"
    assert list(bar.marker.color) == ["#B71C1C", "#90A4AE"]
    assert fig.layout.separators == ",."
    # a dot plot on the values' own range (34,6 – 36,0; pad 0,5), which its axis title says
    assert (bar.type, bar.mode) == ("scatter", "markers+text")
    assert list(fig.layout.xaxis.range) == [34.1, 36.8]
    assert fig.layout.xaxis.title.text == "Thành viên mỗi đội — trục không bắt đầu từ 0"


def test_flows_draws_new_and_disbanded_side_by_side_and_marks_incomplete_periods():
    df = period_frame(["Quý III/2024", "Quý IV/2024"], incomplete=[False, True], teams_new=[10, 3],
                      teams_closed=[0, 1])
    fig = charts.flows(df)
    assert [tr.name for tr in fig.data] == ["Biệt đội thành lập mới", "Biệt đội giải thể"]
    assert list(fig.data[0].x) == ["Quý III/2024", "Quý IV/2024 *"]
    assert list(fig.data[0].y) == [10, 3] and list(fig.data[1].y) == [0, 1]
    assert list(fig.data[0].marker.pattern.shape) == ["", "/"]
    assert list(fig.layout.xaxis.ticktext) == ["Quý III/2024", "Quý IV/2024 *"]   # the period's own name


def test_many_periods_label_every_nth_tick():
    labels = [f"{m:02d}/2024" for m in range(1, 13)] + ["01/2025"]
    df = period_frame(labels, teams_new=[1] * 13, teams_closed=[0] * 13)
    fig = charts.flows(df)
    # 7 characters a label: 50 // (7 + 3) = 5 fit; 13 periods -> every 3rd, counted back from the last
    assert list(fig.layout.xaxis.tickvals) == ["01/2024", "04/2024", "07/2024", "10/2024", "01/2025"]


def test_unit_trend_has_one_line_per_unit():
    df = pd.concat([
        period_frame(["Quý II/2024", "Quý III/2024"], members=[100, 120], unit_code="14", unit_name="Sơn La"),
        period_frame(["Quý II/2024", "Quý III/2024"], members=[50, 55], unit_code="48", unit_name="Đà Nẵng"),
    ])
    fig = charts.unit_trend(df, "members")
    assert {tr.name: list(tr.y) for tr in fig.data} == {"Sơn La": [100, 120], "Đà Nẵng": [50, 55]}


PER_TEAM = pd.DataFrame({
    "team": [1, 2, 3, 4], "unit_id": [2014] * 4, "unit_code": ["14"] * 4, "unit_name": ["Sơn La"] * 4,
    "members": [15.0, 6.0, 0.0, 20.0], "members_delta": [3.0, 6.0, -8.0, 0.0],
    "members_pct": [0.25, NAN, -1.0, 0.0], "teams": [1.0, 1.0, 0.0, 1.0], "teams_cmp": [1.0, 0.0, 1.0, 1.0],
})
ENTITIES = pd.DataFrame({"entity_id": [1, 2, 3, 4],
                         "name": ["Đội Chiềng Sơn", "Tổ Cựu chiến binh", "Đội 3", "Đội Đồng Nai"],
                         "opened_on": pd.to_datetime(["2023-01-01", "2024-08-15", "2023-01-01", "2021-07-05"]),
                         "closed_on": pd.to_datetime([None, None, "2024-09-01", None])})


def test_team_rows_keep_active_teams_largest_first_and_mark_new_ones():
    rows = teams_data.team_rows(PER_TEAM, ENTITIES)
    assert list(rows["team"]) == [4, 1, 2]
    assert list(rows["is_new"]) == [False, False, True]


def test_display_sends_numbers_and_dates_as_values_with_vietnamese_formats():
    from ui import format as fmt

    shown, formats = teams_data.display(teams_data.team_rows(PER_TEAM, ENTITIES), "prev")
    # what a click on a heading sorts by: numbers and dates, not their text ("6" after "20")
    assert list(shown["Thành viên cuối kỳ"]) == [20.0, 15.0, 6.0]
    assert list(shown["Ngày thành lập"]) == [pd.Timestamp("2021-07-05"), pd.Timestamp("2023-01-01"),
                                             pd.Timestamp("2024-08-15")]
    # written in the browser the Vietnamese way: 13.712 and 05/07/2021 (tests/browser: the grid's own formatter)
    assert formats == {"Ngày thành lập": fmt.GRID_DATE, "Thành viên cuối kỳ": fmt.GRID_INTEGER}
    assert (fmt.GRID_DATE, fmt.GRID_INTEGER) == ("DD/MM/YYYY", "%'.,d")
    # the change is text, as written in Python
    assert list(shown["Thay đổi so với kỳ trước"]) == ["0 (0,00%)", "+3 (+25,00%)", "mới thành lập"]
    assert list(shown["Tên biệt đội"]) == ["Đội Đồng Nai", "Đội Chiềng Sơn", "Tổ Cựu chiến binh"]
    assert list(teams_data.display(teams_data.team_rows(PER_TEAM, ENTITIES), "none")[0].columns) == [
        "Đơn vị", "Tên biệt đội", "Ngày thành lập", "Thành viên cuối kỳ"]
