"""Published snapshots (data/snapshots.py): the writer's copy readers open, the pointer that names it, a backup
taken from it while the database itself is held."""

from __future__ import annotations

import shutil
import subprocess
import sys

import duckdb
import pytest

from data import __main__ as cli
from data import snapshots


@pytest.fixture
def db_copy(sample_db_path, tmp_path):
    path = tmp_path / "main.duckdb"
    shutil.copy(sample_db_path, path)
    return path


def version_of(path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select value from meta where key = 'data_version'").fetchall()[0][0]
    finally:
        con.close()


def test_publish_makes_a_current_snapshot_and_imports_publish_the_next(db_copy, tmp_path, capsys):
    assert not snapshots.enabled(db_copy) and snapshots.current(db_copy) is None
    assert cli.main(["publish", "--db", str(db_copy)]) == 0
    first = snapshots.current(db_copy)
    assert first is not None and first.parent == snapshots.folder(db_copy)
    assert version_of(first) == version_of(db_copy)
    csv = tmp_path / "thang.csv"
    csv.write_text("Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
                   "14,09/2024,website,bai_viet,khong,4242\n", encoding="utf-8")
    assert cli.main(["import", str(csv), "--db", str(db_copy)]) == 0
    second = snapshots.current(db_copy)
    assert second != first and version_of(second) == version_of(db_copy) != version_of(first)
    con = duckdb.connect(str(second), read_only=True)
    try:
        assert con.execute("select quantity from activities as a join units as u on u.unit_id = a.unit_id "
                           "where u.code = '14' and u.valid_to is not null and a.month = DATE '2024-09-01' "
                           "and platform_key = 'website' and activity_key = 'bai_viet'").fetchall() == [(4242,)]
    finally:
        con.close()
    capsys.readouterr()


def test_old_snapshots_are_pruned(db_copy):
    con = duckdb.connect(str(db_copy))
    try:
        made = [snapshots.publish(con, db_copy) for _ in range(snapshots.KEEP + 2)]
    finally:
        con.close()
    left = sorted(p.name for p in snapshots.folder(db_copy).glob("v*.duckdb"))
    assert len(left) == snapshots.KEEP and made[-1].name in left
    assert snapshots.current(db_copy) == made[-1]


def test_backup_while_the_database_is_held_copies_the_current_snapshot(db_copy, tmp_path, capsys):
    assert cli.main(["publish", "--db", str(db_copy)]) == 0
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"),
        str(db_copy)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        out = tmp_path / "backup.duckdb"
        assert cli.main(["backup", "--db", str(db_copy), "--out", str(out)]) == 0
        assert version_of(out) == version_of(snapshots.current(db_copy))
    finally:
        holder.kill()
        holder.wait()
    capsys.readouterr()


def test_backup_while_held_without_a_snapshot_says_what_to_do(db_copy, tmp_path, capsys):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"),
        str(db_copy)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert cli.main(["backup", "--db", str(db_copy), "--out", str(tmp_path / "b.duckdb")]) == 1
        assert "python -m data publish" in capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert not (tmp_path / "b.duckdb").exists()
