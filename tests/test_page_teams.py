"""Page tests of Lực lượng (teams and members) with AppTest: defaults, URL parameters, drill-down, search,
an empty result, English. Numbers are checked against raw SQL on the sample database written here,
independently of the metric layer, and against hand-computed values on the fixture database."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui import format as fmt
from ui.drill import Drill
from ui.markdown import unescape

APP = "../dashboard.py"
PAGE = "app_pages/teams.py"
Q3_2024 = {"from": "2024-07", "to": "2024-09", "grain": "quarter"}

# Raw SQL, independent of queries/: teams of current code 14 (Sơn La) active on the last day of a quarter and
# each one's last member snapshot inside the quarter.
TEAMS_AT = """
    with active as (
        select t.team_id, t.name, t.founded_on
        from teams as t
        join units as u on u.unit_id = t.unit_id
        where u.code = '14'
          and t.founded_on <= ?::date
          and (t.disbanded_on is null or t.disbanded_on > ?::date)
    ),
    last_snapshot as (
        select s.team_id, arg_max(s.members, s.month) as members
        from team_snapshots as s
        where s.month between ?::date and ?::date
        group by s.team_id
    )
    select a.team_id, a.name, a.founded_on, coalesce(l.members, 0) as members
    from active as a
    left join last_snapshot as l on l.team_id = a.team_id
"""


def son_la_teams(db_path, first_month: str, last_day: str):
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(TEAMS_AT, [last_day, last_day, first_month, last_day]).fetchall()
    finally:
        con.close()
    return {team_id: (name, founded, int(members)) for team_id, name, founded, members in rows}


def run(db_path, monkeypatch, state: dict | None = None, **params) -> AppTest:
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    parts = [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption]
    parts += [m.value for m in at.markdown] + [t.value for t in at.title]
    return unescape("\n".join(str(p) for p in parts))      # as a reader sees it (ui.markdown)


def table(at: AppTest):
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


def shown(at: AppTest) -> pd.DataFrame:
    """The team list as the browser writes it: each value by its column's format (``fmt.GRID_*``, which the grid's
    own formatter writes as ``fmt.number`` and ``fmt.date`` do: tests/browser/test_teams_browser.py), a missing value
    as the table's placeholder."""
    import json

    assert len(at.dataframe) == 1
    proto, df = at.dataframe[0].proto, at.dataframe[0].value
    writers = {fmt.GRID_INTEGER: fmt.number, fmt.GRID_DATE: lambda x: fmt.date(pd.Timestamp(x).date())}
    formats = {name: c["type_config"]["format"] for name, c in json.loads(proto.columns).items()
               if "format" in c.get("type_config", {})}
    out = df.astype(object).copy()
    for col in df.columns:
        write = writers[formats[col]] if col in formats else str
        out[col] = [proto.placeholder if not isinstance(v, str) and pd.isna(v) else write(v) for v in df[col]]
    return out


def test_defaults_show_kpis_charts_and_the_team_list(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch)
    assert [t.value for t in at.title] == ["Lực lượng"]
    assert list(metric_values(at)) == ["Biệt đội, tổ thông tin", "Thành viên biệt đội",
                                       "Thành viên bình quân mỗi đội", "Biệt đội thành lập mới", "Biệt đội giải thể"]
    assert "10 tháng năm 2026" in texts(at)
    assert at.query_params["from"] == "2026-01" and at.query_params["to"] == "2026-10"
    # the whole country has thousands of teams: the list is paged, with a note saying so and the pager under it
    assert len(table(at)) == 500
    assert "Hiển thị 1–500 trên" in texts(at)
    assert at.number_input(key="teams_page").value == 1
    assert "Thành viên bình quân mỗi đội — Cả nước, 10 tháng năm 2026; tỷ lệ tính từ số tổng hợp." in texts(at)
    assert "drill" not in at.query_params


def test_the_team_list_pages_on_and_a_search_starts_it_again(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch)
    found = int(at.number_input(key="teams_page").max)
    first = table(at)
    at.number_input(key="teams_page").set_value(2).run()
    assert not at.exception and at.query_params["trang"] == "2"
    second = table(at)
    assert "Hiển thị 501–1.000 trên" in texts(at) and found > 2
    assert not set(first["Tên biệt đội"] + first["Đơn vị"]) & set(second["Tên biệt đội"] + second["Đơn vị"])
    assert second["Thành viên cuối kỳ"].max() <= first["Thành viên cuối kỳ"].min()   # most members first
    at.text_input(key="teams_search").set_value("xã").run()
    assert not at.exception and "trang" not in at.query_params


def test_son_la_quarter_members_is_the_september_value_not_the_sum(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, unit="14", compare="yoy", **Q3_2024)
    expected = son_la_teams(sample_db_path, "2024-07-01", "2024-09-30")
    teams, members = len(expected), sum(m for _, _, m in expected.values())
    assert members == 13712 and 390 <= teams <= 399
    values = metric_values(at)
    assert values["Thành viên biệt đội"] == "13.712"
    assert values["Biệt đội, tổ thông tin"] == fmt.number(teams)
    # the ratio of the aggregated parts, not an average of per-team ratios
    assert values["Thành viên bình quân mỗi đội"] == fmt.number(13712 / teams, 1)
    assert "Sơn La · Quý III/2024 · so với cùng kỳ năm trước" in texts(at)
    members_card = next(m for m in at.metric if m.label == "Thành viên biệt đội")
    assert members_card.delta and "%" in members_card.delta


def test_son_la_team_table_equals_raw_sql(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, unit="14", compare="yoy", **Q3_2024)
    now = son_la_teams(sample_db_path, "2024-07-01", "2024-09-30")
    before = son_la_teams(sample_db_path, "2023-07-01", "2023-09-30")
    rows = []
    for team_id, (name, founded, members) in now.items():
        if team_id in before:
            old = before[team_id][2]
            change = fmt.delta(members - old, (members - old) / old if old else None)
        else:
            change = "mới thành lập"
        rows.append(("Sơn La", name, pd.Timestamp(founded), float(members), change))
    rows.sort(key=lambda r: (-r[3], r[0], r[1]))
    expected = rows           # members and dates as values (sorted as such), written out by the columns' formats
    df = table(at)
    assert list(df.columns) == ["Đơn vị", "Tên biệt đội", "Ngày thành lập", "Thành viên cuối kỳ",
                                "Thay đổi so với cùng kỳ năm trước"]
    assert [tuple(r) for r in df.itertuples(index=False)] == expected
    assert [tuple(r) for r in shown(at).itertuples(index=False)] == [
        (u, n, d.strftime("%d/%m/%Y"), fmt.number(m), c) for u, n, d, m, c in expected]
    assert f"{fmt.number(len(now))} biệt đội đang hoạt động vào cuối kỳ." in texts(at)
    assert "Hiển thị" not in texts(at)
    assert not at.number_input          # one page: no pager


def test_fixture_quarter_by_hand(fixture_db_path, monkeypatch):
    # Sơn La Q3/2024 on the fixture: teams 1, 2, 4 active on 30/09 (3 disbanded 01/09); members are each
    # team's last snapshot inside the quarter: 15 + 6 + 20 (team 4 last reported in July) = 41.
    at = run(fixture_db_path, monkeypatch, unit="14", compare="prev", **Q3_2024)
    assert metric_values(at) == {"Biệt đội, tổ thông tin": "3", "Thành viên biệt đội": "41",
                                 "Thành viên bình quân mỗi đội": "13,7", "Biệt đội thành lập mới": "1",
                                 "Biệt đội giải thể": "1"}
    assert shown(at).to_dict("list") == {
        "Đơn vị": ["Sơn La", "Sơn La", "Sơn La"],
        "Tên biệt đội": ["Đội 4", "Đội 1", "Đội 2"],
        "Ngày thành lập": ["01/01/2023", "01/01/2023", "15/08/2024"],
        "Thành viên cuối kỳ": ["20", "15", "6"],
        # Q2/2024 had no snapshots: unknown, so no change is shown (never a rise from 0); team 2 did not exist yet
        "Thay đổi so với kỳ trước": ["—", "—", "mới thành lập"],
    }


def test_drill_into_a_unit_narrows_the_page_and_its_team_list(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, state={Drill.state_key("teams"): [("unit", "14")]}, **Q3_2024)
    assert at.query_params["drill"] == "unit:14"
    assert metric_values(at)["Thành viên biệt đội"] == "13.712"
    assert set(table(at)["Đơn vị"]) == {"Sơn La"}
    assert len(table(at)) == len(son_la_teams(sample_db_path, "2024-07-01", "2024-09-30"))
    labels = [b.label for b in at.button]
    assert "› đơn vị: Sơn La" in labels and "Bỏ chọn" in labels
    # the ranking still shows every unit (Sơn La highlighted), so another one can be picked
    assert "Thành viên bình quân mỗi đội — Cả nước, Quý III/2024" in texts(at)
    # clearing the path brings the whole country back
    next(b for b in at.button if b.label == "Bỏ chọn").click().run()
    assert "drill" not in at.query_params
    assert len(table(at)) == 500


def test_drill_and_search_from_the_url(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, drill="unit:14", q="chieng son", **Q3_2024)
    assert metric_values(at)["Thành viên biệt đội"] == "13.712"
    names = list(table(at)["Tên biệt đội"])
    expected = [n for n, _, _ in son_la_teams(sample_db_path, "2024-07-01", "2024-09-30").values()
                if "Chiềng Sơn" in n]
    assert names and sorted(names) == sorted(expected)
    assert f"{len(expected)} biệt đội khớp với “chieng son”." in texts(at)
    assert at.query_params["q"] == "chieng son"


def test_search_box_filters_the_list_and_is_written_to_the_url(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, unit="14", **Q3_2024)
    at.text_input(key="teams_search").set_value("Cựu chiến binh").run()
    assert not at.exception
    names = list(table(at)["Tên biệt đội"])
    assert names and all("Cựu chiến binh" in n for n in names)
    assert at.query_params["q"] == "Cựu chiến binh"
    at.text_input(key="teams_search").set_value("không có đội này").run()
    assert len(at.dataframe) == 0
    assert "Không có biệt đội nào khớp với “không có đội này”." in texts(at)


def test_several_units_draw_one_line_each(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, unit="14,48", **Q3_2024)
    assert "Mỗi đường là một đơn vị đã chọn." in texts(at)
    assert set(table(at)["Đơn vị"]) == {"Sơn La", "Đà Nẵng"}


@pytest.mark.parametrize("boundary", ["current", "historical"])
def test_both_boundaries_render(sample_db_path, monkeypatch, boundary):
    at = run(sample_db_path, monkeypatch, unit="15", boundary=boundary, **{"from": "2025-01", "to": "2025-12"})
    assert len(at.metric) == 5
    assert len(table(at)) > 0


def test_empty_selection_shows_the_empty_state(fixture_db_path, monkeypatch):
    # the fixture database has no teams at all for Hà Nội
    at = run(fixture_db_path, monkeypatch, unit="01", **Q3_2024)
    assert any("Không có số liệu" in i.value for i in at.info)
    assert len(at.metric) == 0 and len(at.dataframe) == 0


def test_english(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, lang="en", unit="14", **Q3_2024)
    assert [t.value for t in at.title] == ["Teams and members"]
    assert metric_values(at)["Team members"] == "13.712"
    assert list(table(at).columns)[:4] == ["Unit", "Team", "Founded", "Members at period end"]


def test_teams_disbanded_during_the_period_are_not_counted_as_active_at_its_end(sample_db_path, monkeypatch):
    """The list's page holds the teams that existed in the period; the table and its count line, the teams still
    active at its end. Sơn La, 01–10/2026: some teams were disbanded meanwhile — neither counted as active nor
    presented as rows cut by the limit."""
    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        disbanded = con.execute(
            "select count(*) from teams as t join units as u on u.unit_id = t.unit_id "
            "where (u.code = '14' or u.parent_id in (select unit_id from units where code = '14')) "
            "and t.disbanded_on between date '2026-01-01' and date '2026-10-31'").fetchall()[0][0]
    finally:
        con.close()
    assert disbanded > 0
    at = run(sample_db_path, monkeypatch, unit="14", **{"from": "2026-01", "to": "2026-10"})
    active = son_la_teams(sample_db_path, "2026-01-01", "2026-10-31")
    assert len(table(at)) == len(active)
    assert f"{fmt.number(len(active))} biệt đội đang hoạt động vào cuối kỳ." in texts(at)
    assert "Hiển thị" not in texts(at)
