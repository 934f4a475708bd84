"""Faults leave the app standing (issue 12 §7): a full disk during a commit rolls back, says so in Vietnamese,
and the next run reopens a connection DuckDB invalidated; damaged files are explained (tests/test_cli_safety.py).
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import duckdb
import pytest

from data import db, importer
from ui import store


def test_a_full_disk_is_explained_in_vietnamese():
    text = db.explain_write_error(duckdb.IOException('IO Error: Could not write file "x.wal": No space left on device'))
    assert "ổ đĩa" in text and "đầy" in text and "No space" not in text


def test_a_database_error_the_person_cannot_act_on_is_said_in_vietnamese_and_logged(caplog):
    # a write that failed on the database's side showed "Không nhập được (Binder Error: table "roll_activities" has 8
    # columns but 7 values were supplied)" on the Data page
    error = duckdb.BinderException('Binder Error: table "roll_activities" has 8 columns but 7 values were supplied')
    text = db.explain_write_error(error)
    assert "Binder" not in text and "columns" not in text and "nhật ký của máy chủ" in text
    assert "roll_activities" in caplog.text
    # the app's own refusals are Vietnamese already: said as they are
    assert db.explain_write_error(ValueError("đơn vị 48 nằm ngoài phạm vi được nhập")) == \
        "đơn vị 48 nằm ngoài phạm vi được nhập"


def test_an_invalidated_connection_is_reopened_at_the_next_run(fixture_db_path, tmp_path, monkeypatch):
    path = tmp_path / "db.duckdb"
    shutil.copy(fixture_db_path, path)
    monkeypatch.setenv("TUYENGIAO_DB", str(path))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "1")
    calls = {"n": 0}
    real = store.builder.data_version

    def flaky(con):
        calls["n"] += 1
        if calls["n"] == 1:
            raise duckdb.FatalException("FATAL Error: Failed: database has been invalidated because of a previous "
                                        "fatal error.")
        return real(con)

    monkeypatch.setattr(store.builder, "data_version", flaky)
    first = store._connection(str(path.resolve()))
    _path, version = store.begin_run()
    again = store._connection(str(path.resolve()))
    assert calls["n"] == 2 and again is not first                    # a new connection replaced the broken one
    assert version == real(again)
    store.reset_connection(str(path.resolve()))


@pytest.fixture
def tiny_disk(tmp_path):
    """A 24 MiB tmpfs (needs root and mount rights; skipped where the test machine does not grant them)."""
    mount = tmp_path / f"tiny-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here: " + done.stderr.decode(errors="replace").strip())
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_commit_on_a_full_disk_rolls_back_and_the_database_still_answers(fixture_db_path, tiny_disk):
    path = tiny_disk / "db.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    before = con.execute("select count(*), sum(quantity) from activities").fetchall()
    rows = "".join(f"14,{m:02d}/2024,website,bai_viet,khong,{i}\n" for i in range(1) for m in range(1, 13))
    data = ("Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n" + rows).encode("utf-8")
    parsed = importer.read(con, "thang.csv", data)
    assert not parsed.errors
    filler = tiny_disk / "filler"
    try:
        with open(filler, "wb") as fh:     # every byte of the disk taken
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
    except OSError:
        pass
    with pytest.raises(Exception) as failed:
        importer.commit(con, parsed, "test")
    assert "ổ đĩa" in db.explain_write_error(failed.value)
    filler.unlink()
    try:
        after = con.execute("select count(*), sum(quantity) from activities").fetchall()
    except duckdb.Error:                 # DuckDB invalidated this instance: the app reopens it (see above)
        con.close()
        con = duckdb.connect(str(path))
        after = con.execute("select count(*), sum(quantity) from activities").fetchall()
    con.close()
    assert after == before
    assert Path(path).exists()
