"""The access-control hook of the write side: ``commit`` and ``undo`` take ``scope(unit_id) -> bool`` and refuse a
batch with a row of a unit outside it, finding each row's unit through the kinds' declared references (a team
snapshot's unit is its team's). Without a scope everything may be written, as before."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from data import importer
from data.kinds import KINDS
from tests import fixture_db
from tests.test_importer import fingerprint

ACTIVITIES = ("Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Số lượng\n"
              "14,10/2024,TikTok,Bài viết đăng mới,5\n48,10/2024,TikTok,Bài viết đăng mới,7\n")
SNAPSHOTS = "Mã biệt đội,Tháng báo cáo,Số thành viên\n1,10/2024,16\n"      # team 1 is Sơn La's (1014)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("scope") / "base.duckdb"
    fixture_db.build(path)
    return path


@pytest.fixture()
def con(base, tmp_path):
    path = tmp_path / "t.duckdb"
    shutil.copy(base, path)
    con = duckdb.connect(str(path))
    yield con, path
    con.close()


def only(*units):
    return lambda unit_id: unit_id in units


def test_a_file_with_a_unit_outside_the_scope_is_refused_whole(con):
    con, path = con
    parsed = importer.read(con, "a.csv", ACTIVITIES.encode())
    assert not parsed.errors
    con.close()
    before = fingerprint(path)
    con = duckdb.connect(str(path))
    try:
        with pytest.raises(importer.ScopeError) as refused:
            importer.commit(con, parsed, "test", scope=only(1014))
        assert str(refused.value) == "lô có số liệu của đơn vị 48 (Đà Nẵng), ngoài phạm vi được giao"
    finally:
        con.close()
    assert fingerprint(path) == before
    con = duckdb.connect(str(path))
    try:
        assert importer.commit(con, parsed, "test", scope=only(1014, 1048))["new"] == 2
    finally:
        con.close()


def test_a_snapshot_belongs_to_its_entitys_unit(con):
    con, _path = con
    parsed = importer.read(con, "s.csv", SNAPSHOTS.encode())
    with pytest.raises(importer.ScopeError, match="đơn vị 14 \\(Sơn La\\)"):
        importer.commit(con, parsed, "test", scope=only(1048))
    assert importer.commit(con, parsed, "test", scope=only(1014))["batch_id"] == 1


def test_an_undo_outside_the_scope_is_refused_and_the_batch_stays(con):
    con, _path = con
    importer.commit(con, importer.read(con, "a.csv", ACTIVITIES.encode()), "test")
    with pytest.raises(importer.ScopeError, match="lô 1 có số liệu của đơn vị 48"):
        importer.undo(con, 1, "test", scope=only(1014))
    assert con.execute("select status from import_batches").fetchall() == [("committed",)]
    assert importer.undo(con, 1, "test", scope=only(1014, 1048)) == {"removed": 2, "restored": 0, "kept": 0}


def test_a_correction_is_checked_against_the_unit_it_had_and_the_unit_it_gets(con):
    """Moving a channel from Sơn La to Đà Nẵng needs both units; so does its undo."""
    con, _path = con
    moved = importer.read(con, "c.csv", "Mã kênh,Mã đơn vị,Loại kênh,Tên kênh,Ngày mở\n1,48,fanpage,Kênh 1,10/05/2023\n"
                          .encode())
    assert not moved.errors, [p.text() for p in moved.problems]
    importer.commit(con, moved, "test", scope=only(1048))      # what it writes is Đà Nẵng's
    with pytest.raises(importer.ScopeError, match="đơn vị 48"):
        importer.undo(con, 1, "test", scope=only(1014))       # the undo removes Đà Nẵng's row
    with pytest.raises(importer.ScopeError, match="đơn vị 14"):
        importer.undo(con, 1, "test", scope=only(1048))       # and brings Sơn La's back


def test_row_units_follow_the_declared_references(con):
    con, _path = con
    cur = con.cursor()
    try:
        snapshots = pd.DataFrame({"team_id": [1, 2, 99], "month": [None] * 3})
        assert list(importer.row_units(cur, KINDS["team_snapshots"], snapshots)) == [1014, 1014, None]
        contests = pd.DataFrame({"contest_id": [1], "organiser_unit_id": [1048]})
        assert list(importer.row_units(cur, KINDS["contests"], contests)) == [1048]
        programmes = KINDS["programme_indicators"].tables[0]
        assert importer.row_units(cur, programmes, pd.DataFrame({"programme_id": [1]})) is None
    finally:
        cur.close()
