"""Rollups (data/rollups.py) answer exactly what the raw tables answer: every catalogue metric, grain,
comparison and boundary view, cut by each dimension the rollups hold, on the hand-written fixture and on the
sample; and they follow the facts through an import and its undo."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil

import duckdb
import pandas as pd
import pytest

from data import importer
from queries import builder, catalogue
from queries.builder import Filters

D = dt.date
ROLLED_DIMS = ("unit", "platform", "activity_type", "source_level")


def metrics_for(by: list[str]) -> list[str]:
    return [k for k, m in catalogue.METRICS.items() if all(d in m.dims for d in by)]


def same(con, shape: str, by: list[str], f: Filters) -> None:
    fn = builder.totals if shape == "totals" else builder.series
    ms = metrics_for(by)
    raw = fn(con, ms, by, f, rollups=False)
    rolled = fn(con, ms, by, f, rollups=True)
    pd.testing.assert_frame_equal(raw, rolled, check_dtype=False, obj=f"{shape} by {by} {f}")


def test_the_fixture_database_has_fresh_rollups(fixture_con):
    assert builder.rollups_fresh(fixture_con)


@pytest.mark.parametrize("boundary,compare", list(itertools.product(("current", "historical"),
                                                                      ("prev", "yoy", "none"))))
def test_rollups_equal_raw_on_the_fixture(fixture_con, boundary, compare):
    for by in ([], ["unit"], ["platform"], ["activity_type", "source_level"]):
        same(fixture_con, "totals", by, Filters(D(2024, 7, 1), D(2025, 9, 1), compare=compare, boundary=boundary))
        same(fixture_con, "totals", by, Filters(D(2024, 8, 1), D(2024, 8, 1), units=("14",), compare=compare,
                                                boundary=boundary))
        for grain in (("month", "half") if by else ("month", "quarter", "half", "year")):
            same(fixture_con, "series", by, Filters(D(2024, 1, 1), D(2025, 9, 1), grain=grain, compare=compare,
                                                    boundary=boundary))
    # a platform filter and a scope
    same(fixture_con, "totals", ["unit"], Filters(D(2024, 7, 1), D(2024, 9, 1), platforms=("tiktok",),
                                                  compare=compare, boundary=boundary, scope=("14", "15")))


def test_rollups_equal_raw_on_the_sample(sample_db_path):
    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        assert builder.rollups_fresh(con)
        for f in (Filters(D(2024, 1, 1), D(2024, 12, 1), grain="quarter", compare="yoy"),
                  Filters(D(2025, 3, 1), D(2025, 9, 1), compare="prev", boundary="historical"),
                  Filters(D(2024, 7, 1), D(2024, 9, 1), units=("14", "48"), compare="yoy", grain="quarter")):
            for by in ([], ["unit"], ["platform"]):
                same(con, "totals", by, f)
                same(con, "series", by, f)
    finally:
        con.close()


def test_entity_cuts_read_the_raw_rows(fixture_con):
    f = Filters(D(2024, 7, 1), D(2024, 9, 1), units=("14",))
    by_channel = builder.totals(fixture_con, ["followers", "channels"], ["channel"], f)
    assert sorted(zip(by_channel["channel"], by_channel["followers"])) == [(1, 120.0), (2, 80.0)]


def test_rollups_follow_an_import_and_its_undo(fixture_db_path, tmp_path):
    path = tmp_path / "rolled.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    try:
        data = ("Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
                "48,09/2025,fanpage,bai_viet,khong,9\n14,08/2024,fanpage,bai_viet,khong,50\n").encode()
        parsed = importer.read(con, "them.csv", data)
        assert not parsed.errors, [p.text() for p in parsed.problems]
        batch = importer.commit(con, parsed, "test")["batch_id"]
        f = Filters(D(2024, 7, 1), D(2025, 9, 1), compare="yoy")
        assert builder.rollups_fresh(con)
        after = builder.totals(con, ["posts"], ["unit"], f)
        same(con, "totals", ["unit"], f)
        # Sơn La's August 2024 was 5 (fanpage), now 50: 5 (TikTok, July) + 50; Đà Nẵng gains 9
        posts = dict(zip(after["unit_id"], after["posts"]))
        assert posts[2014] == 55.0 and posts[2048] == 9.0
        importer.undo(con, batch, "test")
        assert builder.rollups_fresh(con)
        same(con, "totals", ["unit"], f)
        posts = dict(zip(*builder.totals(con, ["posts"], ["unit"], f)[["unit_id", "posts"]].T.values))
        assert posts[2014] == 10.0 and pd.isna(posts[2048])      # back to 5 + 5; Đà Nẵng reported nothing
    finally:
        con.close()


def rollup_rows(con) -> dict[str, list]:
    """Every rollup table's rows, sorted (report_months without its timestamps' sub-second noise)."""
    from data import rollups

    return {table: sorted(con.execute(f"select * from {table}").fetchall(), key=repr) for table in rollups.TABLES}


def recomputed(con) -> dict[str, list]:
    """The rollups as a refresh of every province from scratch would make them (rolled back afterwards)."""
    from data import rollups

    con.execute("begin transaction")
    try:
        rollups.refresh(con)
        return rollup_rows(con)
    finally:
        con.execute("rollback")


@pytest.mark.parametrize("data", [
    # activities of a month inside the months covered: only the activity rollups of Sơn La, Đà Nẵng change
    "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
    "48,09/2025,fanpage,bai_viet,khong,9\n14,08/2024,fanpage,bai_viet,khong,50\n",
    # a month after the last: every province's month-end rows (active channels and teams, stocks) gain 10/2025
    "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n14,10/2025,zalo,bai_viet,khong,4\n",
    # two months before the first, from another province: 11/2023 and 12/2023 appear everywhere
    "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n48,11/2023,fanpage,bai_viet,khong,3\n",
    # team members: the team stock and who reported the teams' report
    "Mã biệt đội,Tháng báo cáo,Số thành viên\n1,10/2024,25\n4,09/2024,99\n",
    # a channel's month: its flows and who reported, in that month only; its stock from that month on
    "Mã kênh,Tháng báo cáo,Người theo dõi,Bài đăng,Lượt xem/tương tác\n1,08/2024,1000,7,70\n",
    # the channel register: channel 1 renamed and moved to Đà Nẵng (what the search box finds moves with it), a new
    # channel in Sơn La
    "Mã kênh,Mã đơn vị,Loại kênh,Tên kênh,Địa chỉ,Ngày mở,Ngày đóng\n"
    "1,48,zalo,Trang Hội An   Đổi Tên,zalo.me/hoian,01/2023,\n,14,TikTok,Kênh Mới Mộc Châu,tiktok.com/@mocchau,05/2024,\n",
])
def test_rollups_of_a_write_equal_a_refresh_from_scratch_and_so_after_its_undo(fixture_db_path, tmp_path, data):
    """The importer refreshes only the rollups that read the tables a batch wrote, for its provinces, plus the new
    months' month-end rows elsewhere: the result must be exactly a full refresh's, after the import and its
    undo."""
    path = tmp_path / "rolled.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    try:
        before = rollup_rows(con)
        parsed = importer.read(con, "them.csv", data.encode())
        assert not parsed.errors, [p.text() for p in parsed.problems]
        batch = importer.commit(con, parsed, "test")["batch_id"]
        after = rollup_rows(con)
        assert after != before
        assert after == recomputed(con)
        importer.undo(con, batch, "test")
        assert rollup_rows(con) == recomputed(con)
        assert builder.rollups_fresh(con)
    finally:
        con.close()


def test_a_batch_names_the_fact_tables_it_wrote(fixture_db_path, tmp_path):
    from data import rollups

    path = tmp_path / "rolled.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    try:
        parsed = importer.read(con, "them.csv", "Mã biệt đội,Tháng báo cáo,Số thành viên\n1,10/2024,25\n".encode())
        batch = importer.commit(con, parsed, "test")["batch_id"]
        assert rollups.batch_sources(con, batch) == {"team_snapshots"}
        assert set(rollups.SOURCES) == set(rollups._INSERTS)
    finally:
        con.close()


def test_a_read_only_replica_of_a_file_before_migration_010_answers_from_the_raw_tables(fixture_db_path, tmp_path):
    """A replica may open a file the writer has not migrated yet: without the register rollup (and the meta row
    naming the rollup tables) the builder reads the raw tables instead of failing."""
    from ui import blocks

    old = tmp_path / "before-010.duckdb"
    shutil.copy(fixture_db_path, old)
    con = duckdb.connect(str(old))
    con.execute("drop table roll_registers")
    con.execute("delete from meta where key = 'rollups_schema'")
    con.execute("delete from schema_migrations where version = 10")
    con.close()
    f = Filters(D(2024, 7, 1), D(2025, 9, 1), compare="yoy")
    metrics = ["channels", "teams", "members", "posts"]
    replica = duckdb.connect(str(old), read_only=True)
    current = duckdb.connect(str(fixture_db_path), read_only=True)
    try:
        assert not builder.rollups_fresh(replica)
        ref = blocks.reference_of(replica)
        assert ref["rollups"] is False
        got = builder.totals(replica, metrics, ["unit"], f, cov=ref["coverage"], rollups=ref["rollups"])
        assert builder.rollups_fresh(current) and blocks.reference_of(current)["rollups"] is True
        want = builder.totals(current, metrics, ["unit"], f)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
        assert got["channels"].notna().any()
    finally:
        replica.close()
        current.close()


def test_the_new_months_stocks_of_provinces_a_batch_did_not_write_drop_what_closes_in_them(fixture_db_path, tmp_path):
    """A batch from Đà Nẵng adds 10/2025 after the last month: Sơn La's stocks of 10/2025 are filled from each
    entity's last snapshot (``rollups._FILLS``). A channel and a team closing in 10/2025 must drop out, a channel
    with an unknown follower count stays unknown — exactly what a refresh from scratch makes."""
    from data import rollups

    path = tmp_path / "closing.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    try:
        con.execute("begin transaction")
        con.execute("update channels set closed_on = DATE '2025-10-20' where channel_id = 1")
        con.execute("update channel_snapshots set followers = null where channel_id = 2")
        con.execute("update teams set disbanded_on = DATE '2025-10-05' where team_id = 4")
        rollups.refresh(con)
        con.execute("commit")
        parsed = importer.read(con, "them.csv", "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
                                                "48,10/2025,fanpage,bai_viet,khong,4\n".encode())
        batch = importer.commit(con, parsed, "test")["batch_id"]
        after = rollup_rows(con)
        assert after == recomputed(con)
        october = [r for r in after["roll_channel_stock"] if r[0] == dt.date(2025, 10, 1)]
        assert sorted((r[2], r[4], r[5]) for r in october) == [("tiktok", None, 1)]     # channel 1 closed, 2 unknown
        assert [r[3:] for r in after["roll_team_stock"] if r[0] == dt.date(2025, 10, 1)] == [(21, 2)]   # teams 1, 2
        importer.undo(con, batch, "test")
        assert rollup_rows(con) == recomputed(con)
    finally:
        con.close()


def test_migration_012_fills_the_search_rollup_as_a_refresh_does(sample_db_path, tmp_path):
    """Migration 012 fills ``roll_search`` of an existing database with the fold written out in SQL; the rows must
    be those ``data.rollups`` writes (queries/sql.py FOLD), or a search on a migrated file would find other things."""
    from data import db

    path = tmp_path / "migrated.duckdb"
    shutil.copy(sample_db_path, path)
    con = duckdb.connect(str(path))
    try:
        want = sorted(con.execute("select * from roll_search").fetchall())
        assert len(want) == con.execute("select (select count(*) from channels) + (select count(*) from teams)").fetchall()[0][0]
        con.execute("delete from roll_search")
        migration = next(file for number, _, file in db.migrations() if number == 12)
        con.execute(migration.read_text(encoding="utf-8"))
        assert sorted(con.execute("select * from roll_search").fetchall()) == want
        folded = dict(con.execute("select entity_id, folded from roll_search where family = 'team'").fetchall())
        assert all("\n" in text and text == text.lower() for text in folded.values())
    finally:
        con.close()


def test_a_register_imports_after_the_only_monthly_batch_was_undone(tmp_path):
    """A database whose only monthly facts were undone has no months: a channel or team list written afterwards
    refreshes the register rollups and makes no month-end rows (it failed: "'NoneType' object is not iterable")."""
    from data import commands, rollups

    commands.init(tmp_path / "real.duckdb")
    con = duckdb.connect(str(tmp_path / "real.duckdb"))
    try:
        monthly = importer.read(con, "u14.csv", (
            "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
            "14,09/2026,fanpage,bai_viet,khong,9\n").encode())
        importer.undo(con, importer.commit(con, monthly, "test")["batch_id"], "test")
        assert rollups.months(con) is None
        for name, data in [("kenh.csv", "Mã kênh,Mã đơn vị,Loại kênh,Tên kênh,Địa chỉ,Ngày mở,Ngày đóng\n"
                                        ",14,TikTok,Kênh Mới Mộc Châu,tiktok.com/@mocchau,05/2024,\n"),
                           ("doi.csv", "Mã biệt đội,Mã đơn vị,Tên biệt đội,Ngày thành lập,Ngày giải thể\n"
                                       ",14,Biệt đội Mộc Châu,01/02/2026,\n")]:
            parsed = importer.read(con, name, data.encode())
            assert not parsed.errors, [p.text() for p in parsed.problems]
            importer.commit(con, parsed, "test")
        assert builder.rollups_fresh(con)
        assert rollup_rows(con) == recomputed(con)
        assert con.execute("select count(*) from roll_channel_stock").fetchall() == [(0,)]
    finally:
        con.close()
