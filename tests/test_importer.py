"""Importing monthly activity reports: validation messages, atomicity, idempotency, correction, undo."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests import fixture_db

ROOT = Path(__file__).resolve().parent.parent
HEADER = "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn link,Số lượng,Lượt tiếp cận\n"
GOOD = HEADER + (
    "14,09/2026,TikTok,Bài viết đăng mới,,1.250,\n"
    "14,Tháng 9/2026,fanpage,chia_se_link,Trung ương,13.712,250.000\n"
    "14,T9/2026,Trang Facebook (fanpage),Chia sẻ đường link được gửi,Tỉnh,40,\n"
)


@pytest.fixture()
def db_path(tmp_path):
    path = tmp_path / "t.duckdb"
    fixture_db.build(path)
    return path


BOOKKEEPING = ("import_batches", "batch_changes", "audit_log", "meta")


def fingerprint(path: Path, facts_only: bool = False, leave_out: tuple[str, ...] = ()) -> str:
    """Every table's content, for 'the database is exactly as before' (facts_only: leave out the
    history, audit and meta tables that an import and its undo rightly grow; ``leave_out``: more tables)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                            "where table_type = 'BASE TABLE' order by 1").fetchall()
                  if not (facts_only and r[0] in BOOKKEEPING) and r[0] not in leave_out]
        digest = hashlib.sha256()
        for t in tables:
            digest.update(repr(con.execute(f"select * from {t} order by all").fetchall()).encode())
        return digest.hexdigest()
    finally:
        con.close()


def first_received(path: Path) -> tuple:
    """When each (family, province, month) in report_months was first received, and the batches' own times."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return (con.execute("select distinct received from report_months where received is not null").fetchall(),
                dict(con.execute("select batch_id, created_at from import_batches").fetchall()))
    finally:
        con.close()


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data", *map(str, args)], cwd=ROOT, capture_output=True, text=True)


def write(tmp_path, name, text, encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def add_account(path: Path, name: str, role: str = "can_bo_du_lieu") -> None:
    from data import accounts

    con = duckdb.connect(str(path))
    try:
        accounts.create(con, name, role, None, None, actor="test", email=f"{name}@example.vn")
    finally:
        con.close()


def test_a_good_file_previews_then_commits_one_batch(db_path, tmp_path):
    add_account(db_path, "canbo")
    f = write(tmp_path, "sonla-09-2026.csv", GOOD)
    dry = cli("--db", db_path, "import", f, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "sẽ nhập — 3 dòng mới, 0 thay thế, 0 không đổi" in dry.stdout
    res = cli("--db", db_path, "import", f, "--user", "canbo")
    assert res.returncode == 0, res.stderr
    assert "đã nhập lô 1 — 3 dòng mới" in res.stdout
    con = duckdb.connect(str(db_path), read_only=True)
    rows = con.execute("select unit_id, month, platform_key, activity_key, source_level, quantity, reach, batch_id "
                       "from activities where month = DATE '2026-09-01' order by all").fetchall()
    batch = con.execute("select kind, rows_added, created_by, status from import_batches").fetchall()
    audit = con.execute("select actor, action from audit_log where action <> 'account'").fetchall()
    con.close()
    assert [r[:7] for r in rows] == [
        (2014, pytest.approx(rows[0][1]), "fanpage", "chia_se_link", "tinh", 40, None),
        (2014, pytest.approx(rows[1][1]), "fanpage", "chia_se_link", "trung_uong", 13712, 250000),
        (2014, pytest.approx(rows[2][1]), "tiktok", "bai_viet", "khong", 1250, None),
    ]
    assert {r[7] for r in rows} == {1}
    assert batch == [("activities", 3, "canbo", "committed")]
    assert audit == [("canbo", "import")]


def test_a_user_that_is_no_account_is_refused_as_report_refuses_it(db_path, tmp_path):
    """`import --user ghost` recorded “ghost” as the batch's author; `report --user nobody` is refused. A database
    without any account refuses the name too (as report does); without --user the operator “cli” imports."""
    f = write(tmp_path, "a.csv", GOOD)
    assert cli("--db", db_path, "batches").returncode == 0       # the migrations, once
    before = fingerprint(db_path)
    for command in (["import", f], ["import", f, "--dry-run"], ["undo", "1"]):
        res = cli("--db", db_path, *command, "--user", "Ghost")
        assert res.returncode == 2, res.stdout
        assert "không có tài khoản “ghost” (--user)" in res.stderr
        assert fingerprint(db_path) == before
    add_account(db_path, "canbo")
    before = fingerprint(db_path)
    assert cli("--db", db_path, "import", f, "--user", "ghost").returncode == 2
    assert fingerprint(db_path) == before
    res = cli("--db", db_path, "import", f)
    assert res.returncode == 0, res.stderr
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("select created_by from import_batches").fetchall() == [("cli",)]
    con.close()


def test_same_file_twice_changes_nothing(db_path, tmp_path):
    f = write(tmp_path, "a.csv", GOOD)
    assert cli("--db", db_path, "import", f).returncode == 0
    before = fingerprint(db_path)
    again = cli("--db", db_path, "import", f)
    assert again.returncode == 0 and "đã nhập ở lô 1, không thay đổi gì" in again.stdout
    assert fingerprint(db_path) == before


def test_undo_counts_the_values_it_really_restores(db_path, tmp_path):
    """A month re-sent unchanged ("+0 ~0 =3") logs its rows too: undoing it restored "3 giá trị cũ" by the count,
    though no value changed; one value corrected ("~1 =2") restored 3 as well."""
    assert cli("--db", db_path, "import", write(tmp_path, "a.csv", GOOD)).returncode == 0
    again = cli("--db", db_path, "import", write(tmp_path, "a-lai.csv", GOOD + "\n"))      # another file, same rows
    assert "đã nhập lô 2 — 0 dòng mới, 0 thay thế, 3 không đổi" in again.stdout
    undone = cli("--db", db_path, "undo", 2)
    assert undone.returncode == 0, undone.stderr
    assert "undo: đã hoàn tác lô 2: xóa 0 dòng lô đã thêm, khôi phục 0 giá trị cũ." in undone.stdout
    fixed = cli("--db", db_path, "import", write(tmp_path, "b.csv", GOOD.replace("1.250", "1.300")))
    assert "đã nhập lô 3 — 0 dòng mới, 1 thay thế, 2 không đổi" in fixed.stdout
    undone = cli("--db", db_path, "undo", 3)
    assert "xóa 0 dòng lô đã thêm, khôi phục 1 giá trị cũ." in undone.stdout
    con = duckdb.connect(str(db_path), read_only=True)
    details = [r[0] for r in con.execute("select detail from audit_log where action = 'undo' order by log_id").fetchall()]
    lineage = con.execute("select distinct batch_id from activities where month = DATE '2026-09-01'").fetchall()
    con.close()
    assert details == ["xóa 0 dòng lô đã thêm, khôi phục 0 giá trị cũ", "xóa 0 dòng lô đã thêm, khôi phục 1 giá trị cũ"]
    assert lineage == [(1,)]        # the rows are the first batch's again


@pytest.mark.parametrize("order", [(2, 1), (1, 2)])
def test_correction_replaces_and_undo_restores_exactly(db_path, tmp_path, order):
    """A file, then its correction (two values replaced): either batch may be undone first, and undoing both in
    any order leaves the database as before either (journey 3: "the first can be undone")."""
    original = fingerprint(db_path, facts_only=True)
    assert cli("--db", db_path, "import", write(tmp_path, "a.csv", GOOD)).returncode == 0
    after_first = fingerprint(db_path, facts_only=True)
    fixed = GOOD.replace("1.250", "1.300").replace(",40,", ",45,")
    res = cli("--db", db_path, "import", write(tmp_path, "b.csv", fixed))
    assert "đã nhập lô 2 — 0 dòng mới, 2 thay thế, 1 không đổi" in res.stdout
    after_second = fingerprint(db_path, facts_only=True, leave_out=("report_months",))
    con = duckdb.connect(str(db_path), read_only=True)
    # one row per key: the table has no key index (migration 013), the replaced rows were deleted and written again
    assert con.execute("select count(*), count(distinct (unit_id, month, platform_key, activity_key, source_level)) "
                       "from activities").fetchone() == con.execute(
        "select count(*), count(*) from activities").fetchone()
    assert sorted(r[0] for r in con.execute("select quantity from activities where batch_id = 2").fetchall()) \
        == [45, 1300, 13712]
    con.close()
    first = cli("--db", db_path, "undo", order[0])
    assert first.returncode == 0, first.stderr
    if order[0] == 2:
        # two values corrected back (the count); the row the correction sent again unchanged goes back to the
        # first batch, no value of it changes
        assert "xóa 0 dòng lô đã thêm, khôi phục 2 giá trị cũ." in first.stdout
        assert fingerprint(db_path, facts_only=True) == after_first      # the first file's values are back
    else:
        # the correction sent all three rows again: they stay, as the correction has them
        assert "xóa 0 dòng lô đã thêm, khôi phục 0 giá trị cũ, giữ 3 dòng lô sau đã gửi lại" in first.stdout
        # the facts as the correction has them; the month is now first received with the correction (report_months)
        assert fingerprint(db_path, facts_only=True, leave_out=("report_months",)) == after_second
        months, times = first_received(db_path)
        assert months == [(times[2],)]
        con = duckdb.connect(str(db_path), read_only=True)
        assert sorted(r[0] for r in con.execute("select quantity from activities where batch_id = 2").fetchall()) \
            == [45, 1300, 13712]
        con.close()
    again = cli("--db", db_path, "undo", order[0])
    assert again.returncode == 1 and "đã được hoàn tác" in again.stderr
    assert cli("--db", db_path, "undo", order[1]).returncode == 0
    assert fingerprint(db_path, facts_only=True) == original         # as before any import
    con = duckdb.connect(str(db_path), read_only=True)
    history = con.execute("select batch_id, rows_added, rows_replaced, rows_unchanged, status "
                          "from import_batches order by batch_id").fetchall()
    audit = con.execute("select action, target from audit_log order by log_id").fetchall()
    con.close()
    assert history == [(1, 3, 0, 0, "undone"), (2, 0, 2, 1, "undone")]
    assert audit == [("import", "batch 1"), ("import", "batch 2"), ("undo", f"batch {order[0]}"),
                     ("undo", f"batch {order[1]}")]
    listing = cli("--db", db_path, "batches")
    assert listing.returncode == 0 and "batches: 2 lô nhập." in listing.stdout


BAD_FILES = {
    "empty.csv": ("", "tệp rỗng"),
    "header-only.csv": (HEADER, "chỉ có dòng tiêu đề"),
    "fraction.csv": (HEADER + "14,09/2026,TikTok,bai_viet,,\"12,5\",\n", "dòng 2, cột “Số lượng”: số lượng phải là số nguyên"),
    "negative.csv": (HEADER + "14,09/2026,TikTok,bai_viet,,-3,\n", "dòng 2, cột “Số lượng”: số lượng không được âm"),
    "unknown-platform.csv": (HEADER + "14,09/2026,Myspace,bai_viet,,3,\n", "dòng 2, cột “Loại kênh”: loại kênh “Myspace”"),
    "unknown-unit.csv": (HEADER + "99,09/2026,TikTok,bai_viet,,3,\n", "mã đơn vị “99” không tồn tại"),
    "pre-merger-code.csv": (HEADER + "49,09/2026,TikTok,bai_viet,,3,\n",
                            "mã 49 (Quảng Nam) không còn hiệu lực từ 01/07/2025 (đã hợp nhất vào 48 Đà Nẵng)"),
    "bad-month.csv": (HEADER + "14,13/2026,TikTok,bai_viet,,3,\n", "tháng 13 không tồn tại"),
    "future-month.csv": (HEADER + "14,01/2099,TikTok,bai_viet,,3,\n",
                         "dòng 2, cột “Tháng báo cáo”: tháng báo cáo 01/2099 chưa tới"),
    "duplicate.csv": (HEADER + "14,09/2026,TikTok,bai_viet,,3,\n14,9/2026,tiktok,Bài viết đăng mới,,4,\n",
                      "dòng 3: trùng với dòng 2"),
    "link-without-level.csv": (HEADER + "14,09/2026,TikTok,chia_se_link,,3,\n", "phải ghi cấp nguồn"),
    "personal-data.csv": ("Họ tên,Số điện thoại,Mã đơn vị\nNguyễn Văn A,0900000000,14\n", "dữ liệu cá nhân"),
    "not-a-report.csv": ("a,b,c\n1,2,3\n", "không nhận ra loại báo cáo"),
    # the header is an activities report's but for one required column: that column is named, and the kind
    "missing-column.csv": (HEADER.replace(",Số lượng", "") + "14,09/2026,TikTok,bai_viet,,\n",
                           "dòng 1: thiếu cột bắt buộc “Số lượng” (mẫu “Hoạt động hằng tháng”)"),
    "last-row-bad.csv": (GOOD + "14,09/2026,TikTok,livestream_video,,abc,\n", "dòng 5, cột “Số lượng”"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_rejected_with_row_and_column_and_change_nothing(db_path, tmp_path, name):
    text, message = BAD_FILES[name]
    before = fingerprint(db_path)
    res = cli("--db", db_path, "import", write(tmp_path, name, text))
    assert res.returncode == 1
    assert message in res.stdout + res.stderr
    assert "không nhập gì, cơ sở dữ liệu giữ nguyên" in res.stderr
    assert fingerprint(db_path) == before


def test_a_missing_required_column_is_named_for_the_web_import_too(db_path):
    """The Data page reads an upload with ``importer.read`` as the command does: the same sentence."""
    from data import db, importer

    con = db.connect(db_path, read_only=True)
    try:
        two_missing = "Mã đơn vị,Tháng báo cáo,Loại kênh,Lượt tiếp cận\n14,09/2026,TikTok,3\n"
        parsed = importer.read(con, "thieu.csv", two_missing.encode())
        unclear = importer.read(con, "mot-cot.csv", "Mã đơn vị,Ghi chú\n14,x\n".encode())
    finally:
        con.close()
    assert [p.text() for p in parsed.errors] == [
        "Lỗi — dòng 1: thiếu cột bắt buộc “Loại hoạt động”, “Số lượng” (mẫu “Hoạt động hằng tháng”); hãy dùng đúng "
        "mẫu (nút “Tải biểu mẫu” trên trang Dữ liệu, hoặc lệnh python -m data template activities)"]
    # a header close to no kind in particular keeps the general sentence
    assert "không nhận ra loại báo cáo" in unclear.errors[0].message and "bảng mã" not in unclear.errors[0].message


def test_a_header_whose_letters_became_question_marks_names_the_encoding(db_path):
    # saved from a Western code page: "Mã đơn vị" became "M? ??n v?"
    from data import db, importer

    con = db.connect(db_path, read_only=True)
    try:
        lost = importer.read(con, "cp1252.csv", "M? ??n v?,Th?ng b?o c?o,Lo?i k?nh,S? l??ng\n14,09/2026,TikTok,3\n"
                             .encode("cp1252"))
    finally:
        con.close()
    assert "không được lưu bằng bảng mã UTF-8" in lost.errors[0].message
    assert "Tải biểu mẫu" in lost.errors[0].message


def test_binary_junk_is_rejected(db_path, tmp_path):
    f = tmp_path / "junk.csv"
    f.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    before = fingerprint(db_path)
    res = cli("--db", db_path, "import", f)
    assert res.returncode == 1 and "nhị phân" in res.stdout
    assert fingerprint(db_path) == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_are_read(db_path, tmp_path, encoding):
    res = cli("--db", db_path, "import", write(tmp_path, "e.csv", GOOD, encoding), "--dry-run")
    assert res.returncode == 0 and "3 dòng mới" in res.stdout


def test_semicolon_separated_excel_export_is_read(db_path, tmp_path):
    text = GOOD.replace(",", ";").replace("\"12;5\"", "")
    res = cli("--db", db_path, "import", write(tmp_path, "s.csv", text), "--dry-run")
    assert res.returncode == 0 and "3 dòng mới" in res.stdout


def test_xlsx_is_read(db_path, tmp_path):
    import xlsxwriter

    path = tmp_path / "r.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Hoạt động")
    for r, line in enumerate(GOOD.strip().split("\n")):
        for c, value in enumerate(line.split(",")):
            sheet.write(r, c, int(value) if value.isdigit() else value)
    book.close()
    res = cli("--db", db_path, "import", path, "--dry-run")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "3 dòng mới" in res.stdout


def test_a_killed_import_leaves_the_database_as_before(db_path, tmp_path):
    big = HEADER + "".join(f"14,{m:02d}/2026,TikTok,bai_viet,,{i},\n" for i, m in enumerate(range(1, 11)))
    f = write(tmp_path, "k.csv", big)
    before = fingerprint(db_path)
    proc = subprocess.Popen([sys.executable, "-c", (
        "import sys, duckdb, time; from data import importer, db\n"
        f"con = db.connect(r'{db_path}'); p = importer.read_path(con, r'{f}')\n"
        "orig = importer._audit\n"
        "def slow(*a, **k):\n    orig(*a, **k); print('inside', flush=True); time.sleep(60)\n"
        "importer._audit = slow\nimporter.commit(con, p, 'x')\n")], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "inside"    # rows written, transaction not committed
    proc.kill()
    proc.wait()
    shutil.copy(db_path, tmp_path / "copy.duckdb")      # opening replays the WAL, if any
    assert fingerprint(db_path) == before
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("select count(*) from import_batches").fetchone()[0] == 0
    con.close()


def test_the_change_log_keys_are_the_json_of_each_row_s_natural_key_byte_for_byte():
    """Undo finds a batch's rows by this text: the bulk encoding must equal ``_key_json`` of every row."""
    import datetime as dt

    import pandas as pd

    from data import importer

    rows = pd.DataFrame({
        "month": [dt.date(2024, 9, 1), dt.date(2024, 9, 1), pd.Timestamp(2025, 1, 1), None],
        "unit_id": pd.array([14, 48, 14, None], dtype="Int64"),
        "title": ["Sơn La \"số 1\"", "a\\b", "Sơn La \"số 1\"", float("nan")],
        "share": [0.5, 1.0, 2.25, None],
    })
    keys = importer._row_keys(rows, ("month", "unit_id", "title", "share")).to_pylist()
    assert keys == [importer._key_json(r) for r in rows.itertuples(index=False, name=None)]
    assert keys[0] == '["2024-09-01", 14, "Sơn La \\"số 1\\"", 0.5]'
    assert importer._row_keys(rows, ("unit_id",)).to_pylist() == ["[14]", "[48]", "[14]", "[null]"]


def test_monthly_rows_are_written_month_by_month_whatever_the_files_order(db_path):
    """A file may list a channel's months one after another; the importer writes a batch's monthly rows in (month,
    key) order, so a month's rows lie together on disk and a query for one month (the list ordered by the period's
    last month) skips the other months' row groups."""
    from data import importer

    text = ("Mã kênh,Tháng báo cáo,Người theo dõi,Bài đăng,Lượt xem/tương tác\n"
            "2,03/2026,10,1,1\n2,01/2026,11,1,1\n1,02/2026,12,1,1\n2,02/2026,13,1,1\n1,01/2026,14,1,1\n"
            "1,03/2026,15,1,1\n")
    con = duckdb.connect(str(db_path))
    try:
        parsed = importer.read(con, "snapshots.csv", text.encode())
        assert not parsed.errors, [p.text() for p in parsed.problems]
        batch = importer.commit(con, parsed, "test")["batch_id"]
        stored = con.execute("select channel_id, strftime(month, '%m') from channel_snapshots where batch_id = ? "
                             "order by rowid", [batch]).fetchall()
        assert stored == [(1, "01"), (2, "01"), (1, "02"), (2, "02"), (1, "03"), (2, "03")]
    finally:
        con.close()


def test_a_month_sent_again_unchanged_survives_the_undo_of_the_first_file(db_path, tmp_path):
    """The same rows in a second file (another name, so not the same checksum): the second batch holds them too, so
    undoing the first keeps them; undoing the second as well removes them."""
    original = fingerprint(db_path, facts_only=True)
    assert cli("--db", db_path, "import", write(tmp_path, "a.csv", GOOD)).returncode == 0
    again = cli("--db", db_path, "import", write(tmp_path, "a-lan-2.csv", GOOD.replace("1.250", "1250")))
    assert "đã nhập lô 2 — 0 dòng mới, 0 thay thế, 3 không đổi" in again.stdout
    after = fingerprint(db_path, facts_only=True, leave_out=("report_months",))
    months, times = first_received(db_path)
    assert months == [(times[1],)]                   # re-sent unchanged: still first received with the first file
    first = cli("--db", db_path, "undo", 1)
    assert "giữ 3 dòng lô sau đã gửi lại" in first.stdout
    con = duckdb.connect(str(db_path), read_only=True)
    assert con.execute("select count(*) from activities where batch_id = 2").fetchall() == [(3,)]
    con.close()
    # the facts are as they were; the month was first received with the second file now (the first is undone)
    assert fingerprint(db_path, facts_only=True, leave_out=("report_months",)) == after
    months, times = first_received(db_path)
    assert months == [(times[2],)]
    assert cli("--db", db_path, "undo", 2).returncode == 0
    assert fingerprint(db_path, facts_only=True) == original
