"""Page tests of “So sánh đơn vị” (app_pages/compare.py) with AppTest, and of its conference defaults.

Numbers shown are checked against independent SQL on the sample database (stock: each team's last
snapshot in the period among teams active on its last day, summed over every unit that is or became the
current unit via ``units.successor_id``), or, on the hand-written fixture database, against values a
pencil can check.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import charts
from ui import compare_data as cd
from ui import filters as flt
from ui import format as fmt
from ui.drill import Drill
from ui.markdown import unescape

APP = "../dashboard.py"
PAGE = "app_pages/compare.py"
METRIC, KIND = "Chỉ số", "Loại"


def open_page(db_path, monkeypatch, drill=None, **params) -> AppTest:
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if drill is not None:
        at.session_state[Drill.state_key("compare")] = drill
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption]
    parts += [m.value for m in at.markdown] + [t.value for t in at.title]
    return unescape("\n".join(str(p) for p in parts))      # as a reader sees it (ui.markdown)


def table(at: AppTest) -> pd.DataFrame:
    # drawn as a text table (st.table) so it wraps to a phone's width
    assert len(at.table) == 1 and len(at.dataframe) == 0
    return at.table[0].value.set_index(METRIC)


# ---- independent SQL ----------------------------------------------------------------------------

LINEAGE = """
    with cur as (
        select unit_id from units where level = 'tinh' and code = $code and valid_to is null
    ),
    lineage as (
        select u.unit_id from units as u, cur where u.unit_id = cur.unit_id or u.successor_id = cur.unit_id
    )
"""

MEMBERS_SQL = LINEAGE + """,
    active as (
        select team_id from teams
        where unit_id in (select unit_id from lineage)
          and (founded_on is null or founded_on <= $end_day)
          and (disbanded_on is null or disbanded_on > $end_day)
    ),
    last_snapshot as (
        select team_id, members,
               row_number() over (partition by team_id order by month desc) as rn
        from team_snapshots
        where team_id in (select team_id from active) and month between $start and $end
    )
    select
        (select coalesce(sum(members), 0) from last_snapshot where rn = 1) as members,
        (select count(*) from active) as teams
"""

CHANNELS_SQL = LINEAGE + """
    select count(*) from channels
    where unit_id in (select unit_id from lineage) and platform_key = $platform
      and (opened_on is null or opened_on <= $end_day)
      and (closed_on is null or closed_on > $end_day)
"""

POSTS_SQL = """
    select coalesce(sum(quantity), 0) from activities
    where unit_id = (select unit_id from units where code = $code and valid_to is not null)
      and activity_key = 'bai_viet' and month between $start and $end
"""


def sql_members(con, code: str, start: dt.date, end: dt.date, end_day: dt.date) -> tuple[int, int]:
    members, teams = con.execute(MEMBERS_SQL, {"code": code, "start": start, "end": end, "end_day": end_day}).fetchone()
    return int(members), int(teams)


@pytest.fixture(scope="module")
def sample_con(sample_db_path):
    con = duckdb.connect(str(sample_db_path), read_only=True)
    yield con
    con.close()


# ---- the conference defaults (pure) --------------------------------------------------------------

def ctx(first=dt.date(2023, 1, 1), last=dt.date(2026, 10, 1)) -> flt.Context:
    return flt.Context(current_units={"14": "Sơn La", "48": "Đà Nẵng", "01": "Hà Nội"},
                       historical_units={"14": "Sơn La", "48": "Đà Nẵng", "49": "Quảng Nam", "01": "Hà Nội"},
                       merged_into={"49": ("48", "Quảng Nam")}, platforms=("tiktok",), first_month=first,
                       last_month=last)


@pytest.mark.parametrize("first,last,year", [
    (dt.date(2023, 1, 1), dt.date(2026, 10, 1), 2025),
    (dt.date(2023, 1, 1), dt.date(2025, 12, 1), 2025),
    (dt.date(2024, 1, 1), dt.date(2025, 9, 1), 2024),
    (dt.date(2024, 2, 1), dt.date(2025, 9, 1), None),
])
def test_latest_complete_year(first, last, year):
    assert cd.latest_complete_year(ctx(first, last)) == year


def test_no_units_and_default_range_resolve_to_son_la_da_nang_in_2025():
    c = ctx()
    got = cd.resolve(flt.defaults(c), c)
    assert got == cd.Resolved(flt.Choices(units=("14", "48"), start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 1)),
                              default_units=True, default_year=2025)


def test_chosen_units_and_range_are_kept():
    c = ctx()
    chosen = flt.Choices(units=("01", "14"), start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1), compare="prev")
    assert cd.resolve(chosen, c) == cd.Resolved(chosen, default_units=False, default_year=None)
    # units chosen, range left at the filter bar's default: only the year default applies
    only_units = flt.Choices(units=("01", "14"), start=dt.date(2026, 1, 1), end=dt.date(2026, 10, 1))
    got = cd.resolve(only_units, c)
    assert (got.choices.units, got.choices.start, got.choices.end, got.default_units, got.default_year) == (
        ("01", "14"), dt.date(2025, 1, 1), dt.date(2025, 12, 1), False, 2025)


# ---- the page on the sample database -------------------------------------------------------------

def test_defaults_compare_son_la_and_da_nang_over_2025(sample_db_path, sample_con, monkeypatch):
    at = open_page(sample_db_path, monkeypatch)
    assert [t.value for t in at.title] == ["So sánh đơn vị"]
    body = texts(at)
    assert "mặc định so sánh Sơn La (14) và Đà Nẵng (48)" in body
    assert "năm đầy đủ gần nhất có số liệu: Năm 2025" in body
    assert "Sơn La, Đà Nẵng · Năm 2025 · so với cùng kỳ năm trước" in body
    # the filter bar still owns its choices: its URL keeps the default range and no units
    assert "unit" not in at.query_params and at.query_params["from"] == "2026-01"

    got = table(at)
    assert list(got.columns) == ["Sơn La", "Đà Nẵng", "Sơn La — tăng/giảm", "Đà Nẵng — tăng/giảm", KIND]
    assert len(got) == 11
    year = dict(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 1), end_day=dt.date(2025, 12, 31))
    before = dict(start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 1), end_day=dt.date(2024, 12, 31))
    for code, name in (("14", "Sơn La"), ("48", "Đà Nẵng")):
        members, teams = sql_members(sample_con, code, **year)
        members_24, teams_24 = sql_members(sample_con, code, **before)
        assert got.loc["Thành viên biệt đội"].to_dict()[name] == fmt.number(members)
        assert got.loc["Thành viên biệt đội", f"{name} — tăng/giảm"] == fmt.delta(
            members - members_24, (members - members_24) / members_24)
        assert got.loc["Biệt đội, tổ thông tin", name] == fmt.number(teams)
        assert got.loc["Thành viên bình quân mỗi đội", name] == fmt.number(members / teams, 1)
    # Đà Nẵng's current boundary includes Quảng Nam's teams
    assert sql_members(sample_con, "48", **year)[0] > 0
    # one chart per metric, plus the platform breakdown and the trend
    assert len(charts(at)) == 11 + 2


def test_url_parameters_pick_units_period_and_comparison(sample_db_path, sample_con, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="48,14", grain="quarter", compare="prev",
                   **{"from": "2024-07", "to": "2024-09"})
    body = texts(at)
    assert "mặc định" not in body
    assert "Đà Nẵng, Sơn La · Quý III/2024 · so với kỳ trước" in body
    assert "Cột “tăng/giảm”: so với kỳ trước (Quý II/2024)." in body
    got = table(at)
    assert list(got.columns) == ["Đà Nẵng", "Sơn La", "Đà Nẵng — tăng/giảm", "Sơn La — tăng/giảm", KIND]
    assert got.loc["Thành viên biệt đội", "Sơn La"] == "13.712"
    members, _ = sql_members(sample_con, "48", dt.date(2024, 7, 1), dt.date(2024, 9, 1), dt.date(2024, 9, 30))
    assert got.loc["Thành viên biệt đội", "Đà Nẵng"] == fmt.number(members)
    assert at.query_params["unit"] == "48,14"


def test_one_unit_explains_that_two_are_needed(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", **{"from": "2024-01", "to": "2024-12"})
    assert [i.value for i in at.info] == [
        "Cần chọn ít nhất hai đơn vị trong bộ lọc “Đơn vị” để so sánh (đang chọn: Sơn La)."]
    assert len(at.table) == 0 and len(charts(at)) == 0


def test_platform_drill_narrows_the_channel_metrics(sample_db_path, sample_con, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, drill=[("platform", "tiktok")])
    assert at.query_params["drill"] == "platform:tiktok"
    assert "› loại kênh: TikTok" in [b.label for b in at.button]
    got = table(at)
    for code, name in (("14", "Sơn La"), ("48", "Đà Nẵng")):
        expected = sample_con.execute(CHANNELS_SQL, {"code": code, "platform": "tiktok",
                                                     "end_day": dt.date(2025, 12, 31)}).fetchone()[0]
        assert got.loc["Kênh đang hoạt động", name] == fmt.number(expected)
    # metrics without a platform dimension are marked, not silently mixed in
    assert "Thành viên biệt đội †" in got.index
    assert "† Bộ lọc loại kênh không áp dụng cho chỉ số này." in texts(at)
    # a chart cut to the platform names it (its file is read without the page's filter bar); one the platform does
    # not apply to says so instead
    captions = [c.value for c in at.caption]
    assert "Kênh đang hoạt động — Sơn La, Đà Nẵng, TikTok, Năm 2025; số liệu thời điểm (cuối kỳ)." in captions
    assert ("Thành viên biệt đội — Sơn La, Đà Nẵng, Năm 2025; số liệu thời điểm (cuối kỳ). "
            "Bộ lọc loại kênh không áp dụng cho chỉ số này.") in captions


def test_historical_boundaries_split_a_code_across_the_merger(sample_db_path, sample_con, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14,48", boundary="historical",
                   **{"from": "2025-01", "to": "2025-12"})
    got = table(at)
    names = [c for c in got.columns if c != KIND and "tăng/giảm" not in c]
    assert names == ["Sơn La (trước 07/2025)", "Sơn La", "Đà Nẵng (trước 07/2025)", "Đà Nẵng"]
    # the old units no longer exist on 31/12/2025: no stock, but their flows of 01–06/2025
    assert got.loc["Thành viên biệt đội", "Đà Nẵng (trước 07/2025)"] == "—"
    posts = sample_con.execute(POSTS_SQL, {"code": "48", "start": dt.date(2025, 1, 1),
                                           "end": dt.date(2025, 6, 1)}).fetchone()[0]
    assert got.loc["Bài viết đăng mới", "Đà Nẵng (trước 07/2025)"] == fmt.number(posts)
    assert "hiện thành hai cột" in texts(at)


def test_english(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, lang="en", unit="14,48", **{"from": "2024-09", "to": "2024-09"})
    assert [t.value for t in at.title] == ["Compare units"]
    got = at.table[0].value.set_index("Metric")
    assert got.loc["Team members", "Sơn La"] == "13.712"
    assert "Sơn La — change" in got.columns
    assert "Stock" in set(got["Kind"])


# ---- the fixture database: a whole table checked with a pencil -----------------------------------

def test_fixture_defaults_whole_table(fixture_db_path, monkeypatch):
    # fixture data cover 01/2024–09/2025: the latest complete year is 2024, and 2023 (the comparison) is
    # outside the data, so every change is "—"; Đà Nẵng reported no channel, team or activity figures, so
    # they are unknown ("—"), not 0
    at = open_page(fixture_db_path, monkeypatch)
    assert "năm đầy đủ gần nhất có số liệu: Năm 2024" in texts(at)
    got = at.table[0].value
    dash = "—"
    # Sơn La sent its channel, team and activity reports for some months of 2024 only: what came, marked '*'
    part = " \\*"           # the table's cells are Markdown: the mark is escaped
    # the units' values side by side first (on a phone both are on the first screen), then the changes
    expected = pd.DataFrame.from_records([
        ("Kênh đang hoạt động", "2", dash, dash, dash, "Thời điểm"),
        ("Người theo dõi", "200" + part, dash, dash, dash, "Thời điểm"),
        ("Biệt đội, tổ thông tin", "3", dash, dash, dash, "Thời điểm"),
        ("Thành viên biệt đội", "41" + part, dash, dash, dash, "Thời điểm"),
        ("Bài viết đăng mới", "12" + part, dash, dash, dash, "Thời kỳ"),
        ("Lượt chia sẻ đường link", "10" + part, dash, dash, dash, "Thời kỳ"),
        ("Người dự thi", "0", "160", dash, dash, "Thời kỳ"),
        ("Lượt dự thi", "0", "410", dash, dash, "Thời kỳ"),
        ("Thành viên bình quân mỗi đội", "13,7" + part, dash, dash, dash, "Tỷ lệ"),
        ("Người theo dõi bình quân mỗi kênh", "100,0" + part, dash, dash, dash, "Tỷ lệ"),
        ("Lượt dự thi bình quân mỗi người", dash, "2,56", dash, dash, "Tỷ lệ"),
    ], columns=[METRIC, "Sơn La", "Đà Nẵng", "Sơn La — tăng/giảm", "Đà Nẵng — tăng/giảm", KIND])
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)


def test_empty_selection_shows_empty_state(fixture_db_path, monkeypatch):
    # the fixture database has no figures at all for Hà Nội or Hồ Chí Minh City
    at = open_page(fixture_db_path, monkeypatch, unit="01,79", **{"from": "2024-07", "to": "2024-09"})
    assert any("Không có số liệu" in i.value for i in at.info)
    assert len(at.table) == 0 and len(charts(at)) == 0
