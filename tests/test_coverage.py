"""Report coverage (DESIGN §3 "Unknown is not zero"): who sent which monthly report, on time or late, from the
hand-written fixture database (tests/fixture_db.py), and the "Tình hình báo cáo" page that shows it."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace

import duckdb
import pandas as pd
import pytest

from data import importer
from queries import reporting
from queries.builder import Filters
from tests.apptest import charts, open_page, texts
from ui import coverage_data as cd

D = dt.date


def status(con, families, **kw):
    f = Filters(start=D(2024, 1, 1), end=D(2024, 12, 1), **kw)
    return reporting.report_status(con, families, f, kw.pop("start", D(2024, 7, 1)), D(2024, 9, 1))


def test_activities_report_status_of_son_la_by_month(fixture_con):
    df = status(fixture_con, ("activities",), units=("14",))
    assert [(r.hist_unit_id, r.month, r.reported, r.late) for r in df.itertuples()] == [
        (1014, D(2024, 7, 1), True, False),       # TikTok posts
        (1014, D(2024, 8, 1), True, False),
        (1014, D(2024, 9, 1), True, False),       # link shares only: still a report
    ]
    assert df["received"].isna().all()           # written by the fixture, not imported


def test_a_merged_unit_is_a_cell_of_its_old_provinces(fixture_con):
    # today's Lào Cai (15) = old Lào Cai (10) + Yên Bái (15): both reported activities Jul–Sep 2024
    c = cd.cells(status(fixture_con, ("activities", "teams"), units=("15",)), "current")
    assert c[["family", "month", "status", "n", "n_reported"]].to_dict("records") == [
        {"family": "activities", "month": D(2024, m, 1), "status": "reported", "n": 2, "n_reported": 2}
        for m in (7, 8, 9)
    ] + [
        {"family": "teams", "month": D(2024, m, 1), "status": "missing", "n": 2, "n_reported": 0}
        for m in (7, 8, 9)
    ]


def test_partial_cells_summary_and_missing_list():
    rows = []
    for month, a, b in ((1, True, True), (2, True, False), (3, False, False)):
        rows += [("activities", 101, 2015, D(2024, month, 1), a, pd.NaT, False),
                 ("activities", 102, 2015, D(2024, month, 1), b, pd.NaT, False)]
    rows += [("activities", 103, 2014, D(2024, m, 1), True, pd.Timestamp(2024, m + 1, 20), m == 2)
             for m in (1, 2, 3)]
    st = pd.DataFrame(rows, columns=["family", "hist_unit_id", "cur_unit_id", "month", "reported", "received",
                                     "late"])
    c = cd.cells(st, "current")
    assert list(zip(c["unit_id"], c["month"].map(lambda d: d.month), c["status"])) == [
        (2014, 1, "reported"), (2014, 2, "late"), (2014, 3, "reported"),
        (2015, 1, "reported"), (2015, 2, "partial"), (2015, 3, "missing"),
    ]
    assert cd.summary(c).to_dict("records") == [{
        "family": "activities", "due": 6, "reported": 4,    # 2014 ×3 (one late) + 2015 January
        "late": 1, "missing": 2, "share": 4 / 6, "units_full": 1, "units": 2}]
    assert cd.missing(c).to_dict("records") == [
        {"family": "activities", "unit_id": 2015, "months": "02/2024, 03/2024", "count": 2}]
    # historical boundaries: each old province is its own row
    assert set(cd.cells(st, "historical")["unit_id"]) == {101, 102, 103}


@pytest.fixture
def imported_late(fixture_db_path, tmp_path):
    """A copy of the fixture where Đà Nẵng's October 2024 activities were imported now (after 10/11/2024)."""
    path = tmp_path / "late.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    data = ("Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
            "48,10/2024,fanpage,bai_viet,khong,3\n").encode()
    parsed = importer.read(con, "thang10.csv", data)
    assert not parsed.errors, [p.text() for p in parsed.problems]
    importer.commit(con, parsed, "test")
    con.close()
    return path


def test_a_report_imported_after_its_due_day_is_late(imported_late):
    con = duckdb.connect(str(imported_late), read_only=True)
    try:
        df = reporting.report_status(con, ("activities",), Filters(start=D(2024, 10, 1), end=D(2024, 10, 1),
                                                                   units=("48",), boundary="historical"),
                                     D(2024, 10, 1), D(2024, 10, 1))
    finally:
        con.close()
    assert [(r.hist_unit_id, r.reported, r.late) for r in df.itertuples()] == [(1048, True, True)]
    assert df["received"].notna().all()


def test_scope_limits_the_status_to_the_users_units(fixture_con):
    df = reporting.report_status(fixture_con, ("activities",), Filters(start=D(2024, 7, 1), end=D(2024, 7, 1),
                                                                       scope=("14",)), D(2024, 7, 1), D(2024, 7, 1))
    assert set(df["cur_unit_id"]) == {2014}


def test_page_shows_summary_grid_and_missing_reports(fixture_db_path, monkeypatch):
    at = open_page(fixture_db_path, monkeypatch, "app_pages/coverage.py",
                   **{"from": "2024-07", "to": "2024-09", "unit": "14,15"})
    words = texts(at)
    assert "Tình hình báo cáo" in words
    summary = at.dataframe[0].value
    assert list(summary.iloc[:, 0]) == ["Hoạt động tuyên truyền (báo cáo tháng)", "Số liệu kênh (báo cáo tháng)",
                                        "Tham gia cuộc thi", "Số liệu biệt đội (báo cáo tháng)"]
    # activities: Sơn La and Lào Cai reported every month (6 of 6); channels: only Sơn La (3 of 6)
    assert list(summary.iloc[:, 1]) == [6, 6, 6, 6]
    assert list(summary.iloc[:, 2]) == [6, 3, 6, 3]
    assert len(charts(at)) == 1
    missing = at.dataframe[1].value
    assert set(missing.iloc[:, 0]) == {"Lào Cai"}
    assert "07/2024, 08/2024, 09/2024" in set(missing.iloc[:, 4])


def test_page_in_english(fixture_db_path, monkeypatch):
    at = open_page(fixture_db_path, monkeypatch, "app_pages/coverage.py", lang="en",
                   **{"from": "2024-07", "to": "2024-09"})
    assert "Reporting status" in texts(at)


def test_cards_and_rankings_say_who_did_not_report(fixture_db_path, monkeypatch):
    # all 34 units, Q3/2024: Sơn La and Lào Cai reported activities; the other 32 did not
    at = open_page(fixture_db_path, monkeypatch, **{"from": "2024-07", "to": "2024-09", "compare": "none"})
    words = texts(at)
    assert "2/34 đơn vị đã báo cáo đủ" in words                 # posts, link shares
    # the ranking of members and the map of members per team: only Sơn La sent team figures
    assert words.count("33 đơn vị chưa báo cáo (để trống, không tính là 0): Hà Nội, Cao Bằng,") == 2
    values = {m.label: m.value for m in at.metric}
    assert values["Bài viết đăng mới"] == "76"                  # 10 + 6 + 60: the known part, not padded


def test_no_missing_report_is_said_on_the_page_and_in_files(sample_db_path, monkeypatch):
    # the sample: every unit sent every report; the page says so and its workbook still has the block
    at = open_page(sample_db_path, monkeypatch, "app_pages/coverage.py", unit="14", grain="quarter",
                   **{"from": "2024-09", "to": "2024-09"})
    assert "Không có báo cáo nào còn thiếu trong kỳ đã chọn." in texts(at)


def test_contest_participation_missing_after_the_merger_is_unknown_not_zero(sample_db_path, tmp_path):
    # Điện Biên (today's 2011) takes part in contest 44 and sent no figure for 10/2026 while others did: unknown
    # ("—", 0 of 1 unit reported). The old province 1011, gone since 07/2025, took part in nothing that month and
    # its row counted as its successor's report, so the missing figure read as 0
    path = tmp_path / "contest.duckdb"
    shutil.copy(sample_db_path, path)
    con = duckdb.connect(str(path))
    month = D(2026, 10, 1)
    args = [44, 2011, month]
    assert con.execute("select count(*) from contest_participation where contest_id = ? and unit_id = ? "
                       "and month = ?", args).fetchone()[0] > 0
    con.execute("delete from contest_participation where contest_id = ? and unit_id = ? and month = ?", args)
    con.close()
    from queries import builder

    con = duckdb.connect(str(path), read_only=True)
    try:
        row = builder.totals(con, ["contest_luot"], filters=Filters(month, month, units=("11",))).iloc[0]
        df = reporting.report_status(con, ("contests",), Filters(start=month, end=month, units=("11",)), month, month)
    finally:
        con.close()
    assert pd.isna(row["contest_luot"]) and (row["contest_luot_reported"], row["contest_luot_expected"]) == (0, 1)
    assert not df["reported"].any()


@pytest.mark.parametrize("weeks, unknown_in_april", [
    # nobody sent April: the contest ran, so its participants' April is unknown, not 0 and "-100 %"
    ([], {1048, 1049}),
    # Đà Nẵng sent a week of April; Quảng Nam's week from 25/03 ends 31/03 — its April is still owed
    ([(1048, D(2024, 4, 1), "week", None)], {1049}),
    # a round from 25/03 lasting to the contest's last day (07/04) is April's figure too
    ([(1049, D(2024, 3, 25), "round", D(2024, 4, 7))], {1048}),
    ([(1049, D(2024, 3, 25), "round", D(2024, 4, 6))], {1048, 1049}),
])
def test_a_running_contests_month_that_was_not_reported_is_unknown(fixture_db_path, tmp_path, weeks, unknown_in_april):
    # the fixture's contest 1 (organised by 1048 Đà Nẵng, 1049 Quảng Nam took part in March) now runs to 07/04/2024
    path = tmp_path / "april.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    con.execute("update contests set end_on = DATE '2024-04-07' where contest_id = 1")
    for unit, start, grain, end in weeks:
        con.execute("insert into contest_participation (contest_id, unit_id, period_start, period_grain, period_end, "
                    "month, nguoi, luot) values (1, ?, ?, ?, ?, ?, 1, 2)", [unit, start, grain, end, start.replace(day=1)])
    april = Filters(D(2024, 4, 1), D(2024, 4, 1), boundary="historical")
    df = reporting.report_status(con, ("contests",), april, D(2024, 4, 1), D(2024, 4, 1))
    assert set(df.loc[~df["reported"], "hist_unit_id"]) == unknown_in_april
    from queries import builder

    for unit in (1048, 1049):
        row = builder.totals(con, ["contest_luot"], filters=replace(april, units=(str(unit)[2:],))).iloc[0]
        assert pd.isna(row["contest_luot"]) == (unit in unknown_in_april), unit
    # a unit that took part in no contest running in April reported "nothing to report": 0
    assert builder.totals(con, ["contest_luot"], filters=replace(april, units=("14",))).iloc[0]["contest_luot"] == 0
    con.close()


def test_a_corrected_file_keeps_the_month_received_when_it_was_first_sent(fixture_db_path, tmp_path):
    # journey 3: the month's report came on time (05/11/2024 for 10/2024, due 10/11), a corrected file later
    # re-sends it (one value changed, the rest unchanged under the new batch's id): the month was still received on
    # time; undoing the first file makes the correction the first to send it (late)
    path = tmp_path / "corrected.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    head = "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
    first = importer.read(con, "thang10.csv", (head + "48,10/2024,fanpage,bai_viet,khong,3\n"
                                               "48,10/2024,tiktok,bai_viet,khong,4\n").encode())
    b1 = importer.commit(con, first, "test")["batch_id"]
    con.execute("update import_batches set created_at = TIMESTAMP '2024-11-05 09:00:00' where batch_id = ?", [b1])
    fixed = importer.read(con, "thang10-sua.csv", (head + "48,10/2024,fanpage,bai_viet,khong,5\n"
                                                   "48,10/2024,tiktok,bai_viet,khong,4\n").encode())
    assert not fixed.errors
    importer.commit(con, fixed, "test")

    def status():
        return reporting.report_status(con, ("activities",), Filters(start=D(2024, 10, 1), end=D(2024, 10, 1),
                                                                     units=("48",), boundary="historical"),
                                       D(2024, 10, 1), D(2024, 10, 1))

    try:
        df = status()
        assert [(r.hist_unit_id, r.reported, r.late) for r in df.itertuples()] == [(1048, True, False)]
        assert df["received"].iloc[0] == pd.Timestamp("2024-11-05 09:00:00")
        # the raw rows say the same as the rollups (a replica whose rollups are not trusted reads them)
        version = con.execute("select value from meta where key = 'rollups_version'").fetchone()[0]
        con.execute("update meta set value = 'stale' where key = 'rollups_version'")
        assert status()["received"].iloc[0] == pd.Timestamp("2024-11-05 09:00:00")
        con.execute("update meta set value = ? where key = 'rollups_version'", [version])
        importer.undo(con, b1, "test")
        assert [(r.reported, r.late) for r in status().itertuples()] == [(True, True)]
    finally:
        con.close()


def test_a_month_not_yet_due_is_not_missing(fixture_con):
    # 09/2024 is due on 10/10/2024: on 05/10 a unit that has not sent it yet is "chưa đến hạn", not "chưa báo cáo";
    # from 11/10 it is missing. Not-yet-due cells count neither as due nor as missing
    f = Filters(start=D(2024, 9, 1), end=D(2024, 9, 1))
    early = reporting.report_status(fixture_con, ("activities",), f, D(2024, 9, 1), D(2024, 9, 1), today=D(2024, 10, 5))
    late = reporting.report_status(fixture_con, ("activities",), f, D(2024, 9, 1), D(2024, 9, 1), today=D(2024, 10, 11))
    waiting = early[~early["reported"]]
    assert len(waiting) and waiting["not_due"].all() and not late["not_due"].any()
    assert not early.loc[early["reported"], "not_due"].any()
    c = cd.cells(early, "historical")
    assert set(c.loc[c["unit_id"].isin(waiting["hist_unit_id"]), "status"]) == {cd.NOT_DUE}
    s = cd.summary(c).iloc[0]
    assert s["due"] == int(early["reported"].sum()) and s["missing"] == 0
    assert cd.missing(c).empty
    assert (cd.cells(late, "historical")["status"] == cd.MISSING).sum() == len(waiting)
