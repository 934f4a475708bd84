"""The import columns and kind the programme page needs, in the importer's own terms: targets per month, indicators
linked to a metric or reported with a note and a source, a programme's signing date and place, review conferences —
and form edits (data.forms) going through the same read / commit path, and decks built in one transaction."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from data import decks, forms, importer
from queries import decks as deck_queries
from tests import fixture_db
from tests.test_importer import fingerprint
from tests.test_importer_kinds import add_programme_and_xa_unit, read, texts


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("importer_programmes") / "base.duckdb"
    fixture_db.build(path)
    add_programme_and_xa_unit(path)
    con = duckdb.connect(str(path))
    con.execute("update programme_indicators set metric_key = 'posts' where indicator_id = 2")
    con.close()
    return path


@pytest.fixture()
def db_path(base, tmp_path):
    path = tmp_path / "t.duckdb"
    shutil.copy(base, path)
    return path


def rows(path, query: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


TARGETS = "Chỉ số,Mã đơn vị,Năm,Chỉ tiêu,Tháng\n"


def test_targets_per_month_beside_the_years(db_path):
    body = "posts,14,2025,1.200,\nposts,14,2025,100,1\nposts,14,2025,110,02\nmembers,14,2024,60,0\n"
    parsed, summary = read(db_path, "t.csv", TARGETS + body, commit=True)
    assert not parsed.errors, texts(parsed)
    # members 2024 of 1014 (month 0) replaces the fixture's 50; three new rows
    assert (summary["new"], summary["replaced"]) == (3, 1)
    assert rows(db_path, "select metric_key, unit_id, year, month, target from metric_targets order by all") == [
        ("members", 1014, 2024, 0, 60.0), ("posts", 2014, 2025, 0, 1200.0), ("posts", 2014, 2025, 1, 100.0),
        ("posts", 2014, 2025, 2, 110.0), ("posts", 2015, 2025, 0, 1000.0)]


@pytest.mark.parametrize("body, message", [
    ("posts,14,2025,100,13\n", "dòng 2, cột “Tháng”: tháng 13 không hợp lệ; ghi 1–12, hoặc để trống cho chỉ tiêu cả năm"),
    ("posts,14,2025,100,1\nposts,14,2025,120,01\n", "dòng 3: trùng với dòng 2 (cùng chỉ số, đơn vị, năm và tháng)"),
    ("posts,14,2025,100,\nposts,14,2025,120,0\n", "dòng 3: trùng với dòng 2 (cùng chỉ số, đơn vị, năm và tháng)"),
])
def test_bad_monthly_targets_are_refused(db_path, body, message):
    before = fingerprint(db_path)
    parsed, _ = read(db_path, "t.csv", TARGETS + body, commit=True)
    assert f"Lỗi — {message}" in texts(parsed)
    assert fingerprint(db_path) == before


def test_undoing_an_old_target_batch_still_works_after_the_month_joined_the_key(tmp_path):
    """A database whose targets were imported before migration 006: the batch's change log is rewritten to the new
    key, so its undo restores the value."""
    from data import db

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    db.applied_versions(con)                     # creates schema_migrations
    for number, name, file in db.migrations():
        if number < 6:                           # the database as it was before this migration
            con.execute(file.read_text(encoding="utf-8"))
            con.execute("insert into schema_migrations values (?, ?, now())", [number, name])
    con.execute("insert into units (unit_id, code, name, level, valid_from) values (1014, '14', 'Sơn La', 'tinh', "
                "DATE '2008-08-01')")
    con.execute("insert into metric_targets values ('members', 1014, 2024, 60, 1)")
    con.execute("insert into import_batches (batch_id, kind, created_by, created_at, status) "
                "values (1, 'metric_targets', 't', now(), 'committed')")
    con.execute("insert into batch_changes values (1, 'metric_targets', '[\"members\", 1014, 2024]', "
                "'{\"target\": 50.0, \"batch_id\": null}')")
    db.migrate(con)
    assert con.execute("select row_key from batch_changes").fetchall() == [('["members", 1014, 2024, 0]',)]
    assert importer.undo(con, 1, "t") == {"removed": 0, "restored": 1, "kept": 0}
    assert con.execute("select metric_key, unit_id, year, month, target from metric_targets").fetchall() == [
        ("members", 1014, 2024, 0, 50.0)]
    con.close()


VALUES = "Mã chỉ số,Mã đơn vị,Năm,Chỉ tiêu,Thực hiện,Ghi chú,Nguồn số liệu\n"


def test_a_reported_actual_keeps_its_note_and_source(db_path):
    parsed, summary = read(db_path, "v.csv", VALUES + "1,14,2024,10,9,Đến 30/11,Báo cáo năm 2024\n", commit=True)
    assert not parsed.errors and summary["replaced"] == 1
    assert rows(db_path, "select target, actual, note, source from indicator_values where indicator_id = 1") == [
        (10.0, 9.0, "Đến 30/11", "Báo cáo năm 2024")]


def test_a_reported_actual_without_a_source_is_warned_about(db_path):
    parsed, _ = read(db_path, "v.csv", VALUES + "1,14,2024,10,9,,\n")
    assert not parsed.errors
    assert "Cảnh báo — dòng 2, cột “Nguồn số liệu”: kết quả thực hiện báo cáo tay nên ghi nguồn số liệu" in texts(parsed)


def test_a_linked_indicator_takes_only_a_target(db_path):
    parsed, summary = read(db_path, "v.csv", VALUES + "2,14,2024,12,,,\n", commit=True)
    assert not parsed.errors and summary["new"] == 1
    parsed, _ = read(db_path, "v.csv", VALUES + "2,14,2024,12,15,,\n")
    assert "Lỗi — dòng 2, cột “Thực hiện”: chỉ số “Số lớp” liên kết với chỉ số “Bài viết đăng mới”: kết quả thực " \
           "hiện được tính tự động từ số liệu, để trống cột này" in texts(parsed)


PROGRAMMES = ("Mã chương trình,Tên chương trình,Năm từ,Năm đến,Đơn vị tham gia,Thứ tự nhiệm vụ,Nhiệm vụ,Mã chỉ số,"
              "Tên chỉ số,Đơn vị tính,Chỉ số liên kết,Ngày ký,Nơi ký\n")


def test_a_programme_file_sets_signing_and_links(db_path):
    body = "1,Chương trình thử,2024,2025,14;48,1,Nhiệm vụ 1,1,Số bài,bài,Lượt dự thi,02/10/2024,Sơn La\n"
    parsed, summary = read(db_path, "p.csv", PROGRAMMES + body, commit=True)
    assert not parsed.errors, texts(parsed)
    assert rows(db_path, "select signed_on::varchar, place from programmes") == [("2024-10-02", "Sơn La")]
    assert rows(db_path, "select indicator_id, metric_key from programme_indicators order by 1") == [
        (1, "contest_luot"), (2, "posts")]
    # blank signing columns keep what the programme has; a blank link makes the indicator reported again
    body = "1,Chương trình thử,2024,2025,14;48,1,Nhiệm vụ 1,1,Số bài,bài,,,\n"
    parsed, _ = read(db_path, "p2.csv", PROGRAMMES + body, commit=True)
    assert not parsed.errors
    assert rows(db_path, "select signed_on::varchar, place from programmes") == [("2024-10-02", "Sơn La")]
    assert rows(db_path, "select metric_key from programme_indicators where indicator_id = 1") == [(None,)]


CONFERENCES = "Mã chương trình,Năm,Ngày họp,Địa điểm,Tên hội nghị,Ghi chú\n"


def test_review_conferences_import_correct_and_undo(db_path):
    original = fingerprint(db_path, facts_only=True)
    body = "1,2024,02/10/2024,Sơn La,Hội nghị ký kết,\n1,2025,17/10/2025,Đà Nẵng,,\n"
    parsed, summary = read(db_path, "c.csv", CONFERENCES + body, commit=True)
    assert parsed.kind.key == "programme_conferences" and not parsed.errors, texts(parsed)
    assert (summary["new"], summary["replaced"]) == (2, 0)
    parsed, summary = read(db_path, "c2.csv", CONFERENCES + "1,2025,20/11/2025,Đà Nẵng,Hội nghị năm 2025,dời\n",
                           commit=True)
    assert summary["replaced"] == 1
    assert rows(db_path, "select year, held_on::varchar, place, title, note from programme_conferences order by 1") == [
        (2024, "2024-10-02", "Sơn La", "Hội nghị ký kết", None), (2025, "2025-11-20", "Đà Nẵng", "Hội nghị năm 2025", "dời")]
    con = duckdb.connect(str(db_path))
    try:
        importer.undo(con, 2, "t")
        importer.undo(con, 1, "t")
    finally:
        con.close()
    assert fingerprint(db_path, facts_only=True) == original


@pytest.mark.parametrize("body, message", [
    ("9,2024,02/10/2024,Sơn La,,\n", "dòng 2, cột “Mã chương trình”: mã chương trình 9 không tồn tại"),
    ("1,2027,02/10/2027,Sơn La,,\n", "dòng 2, cột “Năm”: năm 2027 ngoài thời gian chương trình “Chương trình thử” (2024–2025)"),
    ("1,2024,02/10/2026,Sơn La,,\n", "dòng 2, cột “Ngày họp”: hội nghị đánh giá năm 2024 phải họp trong năm 2024 hoặc "
                                     "năm 2025 (đang là 02/10/2026)"),
    ("1,2024,02/10/2024,,,\n", "dòng 2, cột “Địa điểm”: ô bắt buộc đang trống"),
    ("1,2024,02/10/2024,Sơn La,,\n1,2024,03/10/2024,Sơn La,,\n", "dòng 3: trùng với dòng 2 (cùng chương trình và năm)"),
])
def test_bad_conference_rows_are_refused(db_path, body, message):
    before = fingerprint(db_path)
    parsed, _ = read(db_path, "c.csv", CONFERENCES + body, commit=True)
    assert f"Lỗi — {message}" in texts(parsed)
    assert fingerprint(db_path) == before


def test_undoing_a_programme_batch_is_refused_while_its_conferences_remain(db_path):
    body = ",Chương trình mới,2026,2026,14,1,NV,,CS,bài,,,\n"
    parsed, summary = read(db_path, "p.csv", PROGRAMMES + body, commit=True)
    assert not parsed.errors
    read(db_path, "c.csv", CONFERENCES + "2,2026,01/12/2026,Sơn La,,\n", commit=True)
    con = duckdb.connect(str(db_path))
    try:
        with pytest.raises(importer.UndoError, match="programme_conferences"):
            importer.undo(con, summary["batch_id"], "t")
    finally:
        con.close()


# ---- form edits are imports --------------------------------------------------------------------------------------


def test_a_form_edit_is_a_small_file_of_its_kind(db_path):
    data = forms.file_bytes("indicator_values", [{"indicator_id": 1, "unit_code": "14", "year": 2024,
                                                  "target": 10.0, "actual": "1.234,5", "source": "Báo cáo"}])
    assert data.decode("utf-8").splitlines() == [
        "Mã chỉ số,Mã đơn vị,Năm,Chỉ tiêu,Thực hiện,Ghi chú,Nguồn số liệu", "1,14,2024,10,\"1.234,5\",,Báo cáo"]


def test_a_form_edit_commits_as_a_batch_and_typing_a_value_back_is_a_new_edit(db_path):
    con = duckdb.connect(str(db_path))
    try:
        row = {"indicator_id": 1, "unit_code": "14", "year": 2024, "target": 10.0, "actual": 9.0, "source": "B"}
        parsed, first = forms.save(con, "indicator_values", [row], "v", "cán bộ")
        assert parsed.file_name == "bieu-mau_v.csv" and first["batch_id"] == 1
        _, second = forms.save(con, "indicator_values", [{**row, "actual": 8.0}], "v", "cán bộ")
        _, third = forms.save(con, "indicator_values", [row], "v", "cán bộ")      # back to 9: not "the same file"
        assert (second["batch_id"], third["batch_id"]) == (2, 3)
        _, same = forms.save(con, "indicator_values", [row], "v", "cán bộ")       # nothing changes: no batch
        assert same["batch_id"] is None
        assert con.execute("select kind, created_by from import_batches order by 1").fetchall() == [
            ("indicator_values", "cán bộ")] * 3
        assert con.execute("select count(*) from audit_log where action = 'import'").fetchone() == (3,)
    finally:
        con.close()


def test_a_refused_form_edit_writes_nothing(db_path):
    before = fingerprint(db_path)
    con = duckdb.connect(str(db_path))
    try:
        parsed, result = forms.save(con, "indicator_values", [{"indicator_id": 1, "unit_code": "14", "year": 2024,
                                                               "actual": "nhiều"}], "v", "t")
    finally:
        con.close()
    assert result is None and "Lỗi — dòng 2, cột “Thực hiện”" in texts(parsed)
    assert fingerprint(db_path) == before


# ---- decks built whole ------------------------------------------------------------------------------------------


def test_a_deck_is_built_in_one_go_and_rebuilt_by_name(db_path):
    con = duckdb.connect(str(db_path))
    try:
        items = [("programmes", "summary", {"programme": "1"}, "Kết quả"), ("compare", "table", {"unit": "14,48"}, None)]
        deck_id = decks.build(con, "Hội nghị 2025", items, actor="t", title="CT", place="Đà Nẵng", event_on="2025-10-17")
        again = decks.build(con, "hội nghị 2025", items[:1], actor="t", place="Sơn La")
        assert again == deck_id
        deck = deck_queries.deck(con, deck_id)
        assert (deck["name"], deck["title"], deck["place"]) == ("hội nghị 2025", "CT", "Sơn La")
        assert deck_queries.items(con, deck_id)[["position", "page", "block"]].values.tolist() == [
            [1, "programmes", "summary"]]
        assert [r[0] for r in con.execute("select detail from audit_log where action = 'deck' order by log_id")
                .fetchall()] == ["tạo “Hội nghị 2025” (2 trang chiếu)", "dựng lại “hội nghị 2025” (1 trang chiếu)"]
        with pytest.raises(ValueError, match="thiếu trang"):
            decks.build(con, "X", [("", "kpis", {}, None)], actor="t")
        assert deck_queries.deck_by_name(con, "X") is None
    finally:
        con.close()
