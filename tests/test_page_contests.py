"""Page tests of Cuộc thi (contests) with AppTest: defaults, URL parameters, drill-down, empty result, English.

Every number asserted on the page is recomputed here with plain SQL on the same database, người and
lượt separately (they are different measures and never added), so the page, the metric layer and the
lists cannot agree on a wrong answer.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from ui import format as fmt
from ui.markdown import unescape

APP = "../dashboard.py"
PAGE = "app_pages/contests.py"
DOCUMENT_34 = "Chỉ thị 34-CT/TU"


def run(db_path, monkeypatch, drill=None, **params) -> AppTest:
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if drill is not None:
        at.session_state["_drill_contests"] = drill
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sql(db_path, query: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    parts = [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption]
    parts += [m.value for m in at.markdown] + [t.value for t in at.title] + [s.value for s in at.subheader]
    return unescape("\n".join(str(p) for p in parts))      # as a reader sees it (ui.markdown)


def progress_texts(at: AppTest) -> list[str]:
    return [p.proto.text for p in at.get("progress")]


def contest_list(at: AppTest):
    return at.dataframe[0].value


# ---- independent SQL ------------------------------------------------------------------------------

def contest_34(db_path) -> tuple[int, str, int, int]:
    """id, title, target lượt, target người of the Đà Nẵng contest on Chỉ thị 34-CT/TU."""
    rows = sql(db_path, "select contest_id, title, target_luot, target_nguoi from contests where document = ?",
               [DOCUMENT_34])
    assert len(rows) == 1
    return rows[0]


def participation(db_path, contest_id: int, current_code: str | None = None,
                  unit_id: int | None = None) -> tuple[int, int]:
    """(người, lượt) of a contest: all units, the units now forming ``current_code``, or one unit row."""
    query = """
        select coalesce(sum(p.nguoi), 0), coalesce(sum(p.luot), 0)
        from contest_participation as p
        join units as u on u.unit_id = p.unit_id
        join units as now on now.unit_id = coalesce(u.successor_id, u.unit_id)
        where p.contest_id = ?
    """
    params: list = [contest_id]
    if current_code is not None:
        query += " and now.code = ? and now.valid_to is null"
        params.append(current_code)
    if unit_id is not None:
        query += " and p.unit_id = ?"
        params.append(unit_id)
    nguoi, luot = sql(db_path, query, params)[0]
    return int(nguoi), int(luot)


def n(x) -> str:
    return fmt.number(x)


def expect_kpis(at: AppTest, nguoi: int, luot: int, units: int) -> None:
    assert metric_values(at) == {
        "Người dự thi": n(nguoi),
        "Lượt dự thi": n(luot),
        "Lượt dự thi bình quân mỗi người": fmt.number(luot / nguoi, 2),
        "Đơn vị tham gia": n(units),
    }


# ---- tests ------------------------------------------------------------------------------------------

def test_defaults_list_the_year_and_show_the_latest_started_contest(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch)
    assert [t.value for t in at.title] == ["Cuộc thi trực tuyến"]
    last = sql(sample_db_path, "select max(month) from contest_participation")[0][0]
    year_start = dt.date(last.year, 1, 1)
    # contests overlapping January..last month, and those starting after it (upcoming)
    expected = sql(sample_db_path, """
        select title, start_on from contests
        where (start_on <= last_day(?::date) and end_on >= ?::date) or start_on > last_day(?::date)
        order by start_on desc, contest_id""", [last, year_start, last])
    listed = contest_list(at)
    assert list(listed["title"]) == [r[0] for r in expected]
    assert list(listed["start"]) == [r[1].strftime("%d/%m/%Y") for r in expected]
    # statuses as of the last day of the data's last month
    assert set(listed["status"]) == {"Sắp diễn ra", "Đang diễn ra", "Đã kết thúc"}
    # default: the most recent contest that has started
    cid, title = sql(sample_db_path, """
        select contest_id, title from contests where start_on <= last_day(?::date)
        order by start_on desc, contest_id desc limit 1""", [last])[0]
    assert title in [s.value for s in at.subheader]
    nguoi, luot = participation(sample_db_path, cid)
    units = sql(sample_db_path, "select count(distinct coalesce(u.successor_id, u.unit_id)) from "
                                "contest_participation p join units u using (unit_id) where contest_id = ?", [cid])
    expect_kpis(at, nguoi, luot, units[0][0])
    assert "Cuộc thi đang diễn ra" in texts(at)
    assert "không theo kỳ đã chọn ở bộ lọc" in texts(at)
    assert "contest" not in at.query_params


def test_da_nang_chi_thi_34_numbers_equal_sql(sample_db_path, monkeypatch):
    cid, title, target_luot, target_nguoi = contest_34(sample_db_path)
    at = run(sample_db_path, monkeypatch, contest=str(cid), **{"from": "2024-01", "to": "2024-12"})
    assert at.query_params["contest"] == str(cid)
    assert title in [s.value for s in at.subheader]
    page = texts(at)
    assert "**Văn bản:** Chỉ thị 34-CT/TU · **Đơn vị tổ chức:** Đà Nẵng · **Thời gian:** 04/03/2024 – " \
           "28/04/2024 · **Trạng thái:** Đã kết thúc" in page
    nguoi, luot = participation(sample_db_path, cid)
    units = sql(sample_db_path, "select count(distinct coalesce(u.successor_id, u.unit_id)) from "
                                "contest_participation p join units u using (unit_id) where contest_id = ?", [cid])
    expect_kpis(at, nguoi, luot, units[0][0])
    assert progress_texts(at) == [
        f"Lượt dự thi: {n(luot)} / chỉ tiêu {n(target_luot)} lượt — đạt {fmt.percent(luot / target_luot)}",
        f"Người dự thi: {n(nguoi)} / chỉ tiêu {n(target_nguoi)} người — đạt {fmt.percent(nguoi / target_nguoi)}",
    ]
    assert [round(p.proto.value) for p in at.get("progress")] == [
        min(100, int(100 * luot / target_luot)), min(100, int(100 * nguoi / target_nguoi))]


def test_unit_filter_lists_organised_or_joined_contests_and_counts_that_unit(sample_db_path, monkeypatch):
    cid, *_ = contest_34(sample_db_path)
    at = run(sample_db_path, monkeypatch, unit="48", contest=str(cid), **{"from": "2024-01", "to": "2024-12"})
    # organised by today's Đà Nẵng (incl. former Quảng Nam) or with participation from it, overlapping 2024
    expected = sql(sample_db_path, """
        with now_of as (
            select unit_id, coalesce(successor_id, unit_id) as now_id from units where level = 'tinh'
        ),
        dn as (select unit_id from units where code = '48' and valid_to is null)
        select distinct c.title, c.start_on, c.contest_id
        from contests as c
        join now_of as o on o.unit_id = c.organiser_unit_id
        where c.start_on <= date '2024-12-31' and c.end_on >= date '2024-01-01'
          and (o.now_id in (select unit_id from dn)
               or c.contest_id in (select p.contest_id from contest_participation p
                                   join now_of n on n.unit_id = p.unit_id
                                   where n.now_id in (select unit_id from dn)))
        order by c.start_on desc, c.contest_id""")
    assert list(contest_list(at)["title"]) == [r[0] for r in expected]
    assert "Quảng Nam (nay thuộc Đà Nẵng)" in set(contest_list(at)["organiser"])
    nguoi, luot = participation(sample_db_path, cid, current_code="48")
    expect_kpis(at, nguoi, luot, 1)
    # progress stays the whole contest's, whatever the unit filter
    all_nguoi, all_luot = participation(sample_db_path, cid)
    assert progress_texts(at)[1].startswith(f"Người dự thi: {n(all_nguoi)} / ")
    assert progress_texts(at)[0].startswith(f"Lượt dự thi: {n(all_luot)} / ")


def test_historical_boundary_counts_da_nang_as_it_was(sample_db_path, monkeypatch):
    cid, *_ = contest_34(sample_db_path)
    at = run(sample_db_path, monkeypatch, unit="48", boundary="historical", contest=str(cid),
             **{"from": "2024-01", "to": "2024-12"})
    nguoi, luot = participation(sample_db_path, cid, unit_id=1048)   # Đà Nẵng before the merger only
    expect_kpis(at, nguoi, luot, 1)
    assert nguoi != participation(sample_db_path, cid, current_code="48")[0]


def test_drill_into_a_unit_narrows_the_contest_figures(sample_db_path, monkeypatch):
    cid, *_ = contest_34(sample_db_path)
    at = run(sample_db_path, monkeypatch, drill=[("unit", "14")], contest=str(cid),
             **{"from": "2024-01", "to": "2024-12"})
    assert at.query_params["drill"] == "unit:14"
    nguoi, luot = participation(sample_db_path, cid, current_code="14")
    expect_kpis(at, nguoi, luot, 1)
    assert "Sơn La" in [b.label.split(": ")[-1] for b in at.button if ": " in b.label]
    # the list follows the filter bar, not the drill step: every 2024 contest is still listed
    assert len(contest_list(at)) == sql(sample_db_path, "select count(*) from contests where start_on <= "
                                                        "date '2024-12-31' and end_on >= date '2024-01-01'")[0][0]


def test_drill_into_a_contest_overrides_the_choice(sample_db_path, monkeypatch):
    cid, title, *_ = contest_34(sample_db_path)
    at = run(sample_db_path, monkeypatch, drill=[("contest", str(cid))], **{"from": "2026-01", "to": "2026-10"})
    assert at.query_params["drill"] == f"contest:{cid}"
    assert title in [s.value for s in at.subheader]
    assert "Chọn cuộc thi" not in [s.label for s in at.selectbox]
    nguoi, luot = participation(sample_db_path, cid)
    assert metric_values(at)["Người dự thi"] == n(nguoi)
    assert metric_values(at)["Lượt dự thi"] == n(luot)


def test_status_filter_upcoming_shows_the_contest_without_figures(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, status="upcoming")
    last = sql(sample_db_path, "select max(month) from contest_participation")[0][0]
    upcoming = sql(sample_db_path, "select title from contests where start_on > last_day(?::date) "
                                   "order by start_on desc", [last])
    assert list(contest_list(at)["title"]) == [r[0] for r in upcoming]
    assert set(contest_list(at)["status"]) == {"Sắp diễn ra"}
    assert at.query_params["status"] == "upcoming"
    assert "Cuộc thi chưa bắt đầu" in texts(at)
    assert len(at.metric) == 0


def test_rank_choice_is_kept_in_the_url(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, rank="luot_per_nguoi")
    assert at.query_params["rank"] == "luot_per_nguoi"
    assert "Lượt dự thi bình quân mỗi người theo đơn vị" in texts(at)


def test_fixture_contest_hand_computed(fixture_db_path, monkeypatch):
    # contest 1: Đà Nẵng 100 + 50 persons, 250 + 150 attempts; Quảng Nam 10 persons, 10 attempts; no targets
    at = run(fixture_db_path, monkeypatch, unit="48", **{"from": "2024-03", "to": "2024-03"})
    assert metric_values(at) == {"Người dự thi": "160", "Lượt dự thi": "410",
                                 "Lượt dự thi bình quân mỗi người": "2,56", "Đơn vị tham gia": "1"}
    assert "Lượt dự thi: cuộc thi không đặt chỉ tiêu." in texts(at)


def test_empty_selection_shows_no_contest(fixture_db_path, monkeypatch):
    # the fixture's only contest is Đà Nẵng's; Hà Nội neither organised nor joined it
    at = run(fixture_db_path, monkeypatch, unit="01", **{"from": "2024-01", "to": "2024-12"})
    assert "Không có cuộc thi nào trong kỳ, đơn vị và trạng thái đã chọn." in texts(at)
    assert len(at.metric) == 0
    assert len(at.dataframe) == 0


@pytest.mark.parametrize("status", ["running", "ended"])
def test_status_filter_narrows_the_period_list(sample_db_path, monkeypatch, status):
    # every contest overlapping 01/2023 had ended by the data's last month: none is running
    at = run(sample_db_path, monkeypatch, status=status, **{"from": "2023-01", "to": "2023-01"})
    rows = sql(sample_db_path, "select count(*) from contests where start_on <= date '2023-01-31' "
                               "and end_on >= date '2023-01-01'")[0][0]
    shown = 0 if not at.dataframe else len(contest_list(at))
    expected = rows if status == "ended" else 0
    assert shown == expected


def test_english(sample_db_path, monkeypatch):
    cid, *_ = contest_34(sample_db_path)
    at = run(sample_db_path, monkeypatch, lang="en", contest=str(cid), **{"from": "2024-01", "to": "2024-12"})
    assert [t.value for t in at.title] == ["Online contests"]
    nguoi, luot = participation(sample_db_path, cid)
    values = metric_values(at)
    assert values["Participants"] == n(nguoi)
    assert values["Attempts"] == n(luot)
    assert "Ended" in set(contest_list(at)["status"])
    assert "not the period chosen in the filters" in texts(at)


def test_the_map_shows_a_unit_that_did_not_take_part_as_a_dash_not_zero(sample_db_path):
    # unknown is never 0: 29 of the 34 tiles read "0" for units without a single participation row
    import duckdb

    from ui import blocks, views
    from ui.charts import common as charts_common
    from ui.views import contests as decl

    cid = contest_34(sample_db_path)[0]
    took = sql(sample_db_path, "select count(distinct coalesce(u.successor_id, u.unit_id)) from contest_participation p "
                               "join units u using (unit_id) where contest_id = ?", [cid])[0][0]
    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        view = blocks.build_view(views.get("contests"), {"contest": str(cid), "from": "2024-01", "to": "2024-12"},
                                 blocks.DirectReader(con), "vi")
        df = decl._on_map(view)
        fig = charts_common.tile_map(df, view.units, "contest_luot", "vi")
    finally:
        con.close()
    assert int(df["contest_luot"].notna().sum()) == took and (df["contest_luot"].dropna() > 0).all()
    tiles = [x for row in fig.data[0].text for x in row if x]
    assert sum(x.endswith("<br>—") for x in tiles) == 34 - took and not any(x.endswith("<br>0") for x in tiles)
    assert decl.map_note(view) == "Ô “—”: đơn vị không tham gia cuộc thi (không có số liệu tham gia)."
