"""Imports, undo and the import history within a data officer's scope (issue 11 §3): a Sơn La officer writes Sơn
La's rows (old code 14 included) and nothing else — refused whole, the database unchanged — and sees only the
batches of the scope; the batch and the audit log name the signed-in account."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from data import importer
from queries import access
from queries.access import AccessError, Account
from tests.access_app import app, sign_in, with_accounts

HEADER = "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode("utf-8")


@pytest.fixture
def db(sample_db_path, tmp_path):
    return with_accounts(sample_db_path, tmp_path / "writes.duckdb")


def fingerprint(con) -> tuple:
    return con.execute("select count(*), sum(quantity), max(batch_id) from activities").fetchall()[0]


def test_a_scoped_officer_writes_only_inside_the_scope(db):
    con = duckdb.connect(str(db))
    try:
        officer = Account("canbo", "can_bo_du_lieu", ("14",))
        may = access.write_predicate(con, officer)
        old_son_la, new_son_la, old_quang_nam = [con.execute(
            "select unit_id from units where code = ? and level = 'tinh' and (valid_to is null) = ?", [c, now]
        ).fetchall()[0][0] for c, now in (("14", False), ("14", True), ("49", False))]
        assert (may(old_son_la), may(new_son_la), may(old_quang_nam)) == (True, True, False)
        before = fingerprint(con)
        outside = importer.read(con, "hai-tinh.csv", csv("14,09/2024,website,bai_viet,khong,7",
                                                          "48,09/2024,website,bai_viet,khong,9"))
        with pytest.raises(importer.ScopeError, match="48"):
            importer.commit(con, outside, "canbo", scope=may)
        assert fingerprint(con) == before                   # refused whole: not even Sơn La's row
        inside = importer.read(con, "son-la.csv", csv("14,09/2024,website,bai_viet,khong,7"))
        batch = importer.commit(con, inside, "canbo", scope=may)["batch_id"]
        history = importer.batches(con)
        assert history.loc[history["batch_id"] == batch, ["created_by", "unit_codes"]].values.tolist() == \
            [["canbo", "14"]]
        # a Đà Nẵng batch by an all-scope administrator: the Sơn La officer may neither see nor undo it
        other = importer.commit(con, importer.read(con, "da-nang.csv", csv("48,09/2024,website,bai_viet,khong,9")),
                                "quantri", scope=access.write_predicate(con, Account("quantri", "quan_tri", None)))
        other_id = other["batch_id"]
        with pytest.raises(importer.ScopeError):
            importer.undo(con, other_id, "canbo", scope=may)
        visible = access.batches_in_scope(importer.batches(con), ("14",))
        assert batch in set(visible["batch_id"]) and other_id not in set(visible["batch_id"])
        assert set(access.batches_in_scope(importer.batches(con), None)["batch_id"]) >= {batch, other_id}
        importer.undo(con, batch, "canbo", scope=may)       # its own batch: allowed
    finally:
        con.close()


def test_roles_that_may_not_import_are_refused(db):
    con = duckdb.connect(str(db))
    try:
        for role in ("lanh_dao", "chuyen_vien"):
            with pytest.raises(AccessError):
                access.write_predicate(con, Account("x", role, None))
    finally:
        con.close()


def test_batches_without_recorded_units_are_hidden_from_a_scope():
    history = pd.DataFrame({"batch_id": [1, 2, 3, 4], "unit_codes": [None, "14", "14,48", ""]})
    assert list(access.batches_in_scope(history, ("14",))["batch_id"]) == [2, 4]
    assert list(access.batches_in_scope(history, None)["batch_id"]) == [1, 2, 3, 4]


def test_the_data_page_shows_a_scoped_officer_only_the_scopes_batches(db, monkeypatch):
    con = duckdb.connect(str(db))
    try:
        admin = access.write_predicate(con, Account("quantri", "quan_tri", None))
        for name, row in (("son-la.csv", "14,09/2024,website,bai_viet,khong,7"),
                          ("da-nang.csv", "48,09/2024,website,bai_viet,khong,9")):
            importer.commit(con, importer.read(con, name, csv(row)), "quantri", scope=admin)
    finally:
        con.close()
    at = app(db, monkeypatch)
    at = sign_in(at, "canbo", page="app_pages/data.py")
    files = set()
    for frame in at.dataframe:
        value = frame.value
        for col in value.columns:
            files |= {str(v) for v in value[col]}
    assert "son-la.csv" in files and "da-nang.csv" not in files
    options = at.selectbox(key="undo_pick").options
    assert any("son-la.csv" in o for o in options) and not any("da-nang.csv" in o for o in options)


def test_the_command_line_bounds_an_accounts_import_by_its_scope(db, tmp_path, capsys):
    from data import __main__ as cli

    bad = tmp_path / "da-nang.csv"
    bad.write_bytes(csv("48,09/2024,website,bai_viet,khong,9"))
    assert cli.main(["import", str(bad), "--db", str(db), "--user", "canbo"]) == 1
    assert "ngoài phạm vi" in capsys.readouterr().err
    assert cli.main(["import", str(bad), "--db", str(db), "--user", "lanhdao"]) == 1      # may not import at all
    assert "không có quyền" in capsys.readouterr().err
    assert cli.main(["import", str(bad), "--db", str(db)]) == 0                            # the operator
    capsys.readouterr()


def test_several_files_are_imported_all_or_none_and_a_dry_run_tells_the_scope(db, tmp_path, capsys):
    """``import A B`` as a Sơn La officer, B with Đà Nẵng's rows: nothing of A stays (one transaction), and a dry
    run says the same refusal instead of promising B."""
    from data import __main__ as cli

    good, bad = tmp_path / "son-la.csv", tmp_path / "da-nang.csv"
    good.write_bytes(csv("14,09/2024,website,bai_viet,khong,9"))
    bad.write_bytes(csv("48,09/2024,website,bai_viet,khong,9"))
    con = duckdb.connect(str(db), read_only=True)
    before, batches = fingerprint(con), con.execute("select count(*) from import_batches").fetchall()
    con.close()
    assert cli.main(["import", str(good), str(bad), "--db", str(db), "--user", "canbo"]) == 1
    assert "ngoài phạm vi" in capsys.readouterr().err
    assert cli.main(["import", str(good), str(bad), "--dry-run", "--db", str(db), "--user", "canbo"]) == 1
    err = capsys.readouterr().err
    assert "da-nang.csv" in err and "ngoài phạm vi" in err and "son-la.csv" not in err
    con = duckdb.connect(str(db), read_only=True)
    assert fingerprint(con) == before
    assert con.execute("select count(*) from import_batches").fetchall() == batches
    con.close()
    # both in scope for the operator: two batches, one command
    assert cli.main(["import", str(good), str(bad), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "son-la.csv: đã nhập lô" in out and "da-nang.csv: đã nhập lô" in out


def test_a_disabled_accounts_name_writes_nothing(db, tmp_path, capsys):
    """``--user`` naming a disabled account is refused (it was taken for a free label, with no scope at all)."""
    from data import __main__ as cli
    from data import accounts

    con = duckdb.connect(str(db))
    accounts.set_disabled(con, "canbo", True, actor="test")
    before = fingerprint(con)
    con.close()
    bad = tmp_path / "da-nang.csv"
    bad.write_bytes(csv("48,09/2024,website,bai_viet,khong,9"))
    assert cli.main(["import", str(bad), "--db", str(db), "--user", "canbo"]) == 1
    assert "đã bị khóa" in capsys.readouterr().err
    con = duckdb.connect(str(db), read_only=True)
    assert fingerprint(con) == before
    con.close()


@pytest.mark.parametrize("read_only", ["0", "1"])
def test_the_data_page_names_a_scope_refusal_before_offering_the_commit(db, monkeypatch, read_only):
    """A Sơn La officer's upload with a Đà Nẵng row: the preview says it cannot be imported with this account (no
    commit button promising it, and never Đà Nẵng's stored values beside the file's — a read-only reader process
    too); a Sơn La file is previewed as before."""
    from streamlit.testing.v1 import AppTest

    from tests.access_app import APP, go

    monkeypatch.setenv("TUYENGIAO_DB", str(db))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", read_only)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at = sign_in(go(at), "canbo", page="app_pages/data.py")
    at.file_uploader[0].set_value(("hai-tinh.csv", csv("14,09/2024,website,bai_viet,khong,7",
                                                       "48,09/2024,website,bai_viet,khong,9"), "text/csv")).run()
    errors = " ".join(e.value for e in at.error)
    assert "Không thể nhập tệp này với tài khoản đang dùng" in errors and "48" in errors
    assert not [b for b in at.button if b.key == "upload_commit"]
    shown = " ".join(str(v) for frame in at.dataframe for col in frame.value.columns for v in frame.value[col])
    assert "Đà Nẵng" not in shown
    at.file_uploader[0].set_value(("son-la.csv", csv("14,09/2024,website,bai_viet,khong,7"), "text/csv")).run()
    assert not at.error and [b for b in at.button if b.key == "upload_commit"]
