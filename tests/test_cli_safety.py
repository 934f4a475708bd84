"""Commands that cannot destroy by accident, and files DuckDB cannot open explained in Vietnamese.

Each case runs the real command line (``data.__main__.main``) and checks both the message and that nothing
on disk changed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from data import __main__ as cli
from data import commands, db

ROOT = Path(__file__).resolve().parents[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sample_copy(sample_db_path, tmp_path) -> Path:
    path = tmp_path / "sample.duckdb"
    shutil.copy(sample_db_path, path)
    return path


@pytest.fixture
def real_db(tmp_path) -> Path:
    path = tmp_path / "real.duckdb"
    commands.init(path)
    return path


def run(args, capsys) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_sample_refuses_to_replace_a_real_database_without_force(real_db, capsys):
    before = digest(real_db)
    code, _out, err = run(["sample", "--db", real_db, "--quiet"], capsys)
    assert code == 1
    assert "cơ sở dữ liệu thật" in err and "--force" in err
    assert digest(real_db) == before
    code, out, _err = run(["sample", "--db", real_db, "--quiet", "--force"], capsys)
    assert code == 0 and out.startswith("sample: đã tạo")
    con = duckdb.connect(str(real_db), read_only=True)
    assert con.execute("select value from meta where key = 'is_sample'").fetchall() == [("1",)]
    con.close()


def test_sample_replaces_an_unused_sample(sample_copy, capsys):
    code, _out, _err = run(["sample", "--db", sample_copy, "--quiet"], capsys)
    assert code == 0


def test_sample_refuses_a_database_in_use(sample_copy, capsys):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(60)"),
        str(sample_copy)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = digest(sample_copy)
        code, _out, err = run(["sample", "--db", sample_copy, "--quiet"], capsys)
        assert code == 1
        assert "đang được một tiến trình khác mở" in err
        assert "Could not set lock" not in err
        assert digest(sample_copy) == before
        # a writer command is told to use the Data page or stop the app, in Vietnamese
        code, _out, err = run(["undo", "1", "--db", sample_copy], capsys)
        assert code == 1 and "trang Dữ liệu" in err and "lock" not in err.lower()
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("command", [["batches"], ["undo", "1"], ["import", "x.csv"], ["info"],
                                     ["export", "--out", "dir"], ["backup", "--out", "b.duckdb"]])
def test_commands_never_create_a_missing_database(tmp_path, capsys, command):
    missing = tmp_path / "none" / "missing.duckdb"
    args = [command[0], *[str(tmp_path / a) if a in ("x.csv", "dir", "b.duckdb") else a for a in command[1:]]]
    code, _out, err = run([*args, "--db", missing], capsys)
    assert code == 1
    assert "không có cơ sở dữ liệu" in err
    assert not missing.exists() and not missing.parent.exists()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty_name"])
def test_a_damaged_file_is_explained_not_traced(sample_copy, tmp_path, capsys, damage):
    bad = tmp_path / "bad.duckdb"
    if damage == "garbage":
        bad.write_bytes(b"PK\x03\x04 not a database" * 1000)
    elif damage == "truncated":
        data = sample_copy.read_bytes()
        bad.write_bytes(data[: len(data) // 3])
    else:
        bad.write_bytes(b"")
    before = digest(bad)
    code, _out, err = run(["info", "--db", bad], capsys)
    assert code == 1
    assert "không phải cơ sở dữ liệu DuckDB hợp lệ" in err, err
    assert "Traceback" not in err and "IO Error" not in err
    assert digest(bad) == before
    with pytest.raises(db.DatabaseDamaged):
        db.connect(bad, read_only=True)


@pytest.mark.parametrize("command", [["users", "add", "bob", "--role", "chuyen_vien", "--no-password"], ["init"],
                                     ["batches"], ["sample", "--quiet"], ["info"], ["undo", "1"]])
def test_a_file_that_is_not_duckdb_is_refused_whatever_its_name(tmp_path, capsys, command):
    """DuckDB opens a file it takes for a CSV (by its name) as a throwaway in-memory database: a command said it had
    saved an account, or that an empty database was ready, and saved nothing."""
    csv = tmp_path / "notadb.csv"
    csv.write_text("Đơn vị,Số lượng\n14,3\n", encoding="utf-8")
    before = digest(csv)
    code, out, err = run([*command, "--db", csv], capsys)
    assert code == 1, out
    assert "không phải cơ sở dữ liệu DuckDB hợp lệ" in err, err
    assert "Catalog Error" not in err and out == ""
    assert digest(csv) == before
    code, _out, err = run(["init", "--db", ":memory:"], capsys)
    assert code == 1 and "không phải đường dẫn một tệp cơ sở dữ liệu" in err


def test_export_path_with_an_apostrophe_is_a_path_not_sql(sample_copy, tmp_path, capsys):
    out = tmp_path / "it's'; drop table units; --"
    code, _out, err = run(["export", "--db", sample_copy, "--out", out], capsys)
    assert code == 0, err
    assert (out / "units.parquet").exists()
    con = duckdb.connect(str(sample_copy), read_only=True)
    assert con.execute("select count(*) from units").fetchall()[0][0] > 0
    con.close()


def test_backup_is_a_consistent_copy_that_opens(sample_copy, tmp_path, capsys):
    out = tmp_path / "back'up.duckdb"
    code, stdout, err = run(["backup", "--db", sample_copy, "--out", out], capsys)
    assert code == 0, err
    assert stdout.startswith("backup: đã sao lưu")
    con = duckdb.connect(str(out), read_only=True)
    src = duckdb.connect(str(sample_copy), read_only=True)
    for table in ("activities", "team_snapshots", "contests"):
        query = f"select count(*), sum(hash(*)) from {table} as t"
        assert con.execute(query.replace("hash(*)", "hash(t)")).fetchall() == \
            src.execute(query.replace("hash(*)", "hash(t)")).fetchall()
    con.close()
    src.close()
    # never over an existing file
    code, _out, err = run(["backup", "--db", sample_copy, "--out", out], capsys)
    assert code == 1 and "đã tồn tại" in err


def test_terminal_output_cannot_carry_escape_sequences():
    hostile = "Sơn La\x1b[2J\x1b]0;owned\x07\rX\u202egnp.exe"
    safe = cli.terminal_text(hostile)
    assert "\x1b" not in safe and "\x07" not in safe and "\r" not in safe and "\u202e" not in safe
    assert safe.startswith("Sơn La")
    assert cli.terminal_text("dòng 1\ndòng\t2") == "dòng 1\ndòng\t2"


def test_import_problem_lines_are_printed_inert(sample_copy, tmp_path, capsys):
    bad = tmp_path / "hoat\x1b[31mdong.csv"
    bad.write_text("Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
                   "14\x1b[2J,09/2026,website,bai_viet,tinh,5\n", encoding="utf-8")
    code, out, err = run(["import", bad, "--db", sample_copy], capsys)
    assert code == 1
    assert "\x1b" not in out + err


@pytest.mark.parametrize("args, words", [
    (["frobnicate"], "lựa chọn không hợp lệ: 'frobnicate'"),
    (["undo", "abc"], "giá trị không hợp lệ (cần số nguyên): 'abc'"),
    (["sample", "--scale", "abc"], "tham số --scale: giá trị không hợp lệ (cần số nguyên)"),
    (["import"], "thiếu tham số bắt buộc: FILE"),
    (["users", "add", "x", "--role", "superuser"], "lựa chọn không hợp lệ: 'superuser'"),
])
def test_argument_errors_are_vietnamese(args, words, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(args)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and words in err and err.startswith("cách dùng: ")
    assert "invalid" not in err and "required" not in err and "usage" not in err


def test_help_is_vietnamese_and_every_option_says_what_it_does(capsys):
    for args in (["--help"], ["import", "--help"], ["undo", "--help"], ["sample", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(args)
        out = capsys.readouterr().out
        assert "hiện hướng dẫn này rồi thoát" in out and "tùy chọn" in out
        assert "show this help" not in out and "options:" not in out and "usage" not in out
    parser_help = {a.dest: a.help for p in ("import", "undo", "sample") for a in _subparser(p)._actions}
    assert all(parser_help[k] for k in ("files", "batch", "user", "seed", "quiet")), parser_help


def _subparser(name: str):
    """The argparse sub-parser of a command, as ``main`` builds it."""
    import argparse

    seen = {}
    real = argparse.ArgumentParser.parse_args

    def capture(self, args=None, namespace=None):
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                seen.update(action.choices)
        raise SystemExit(0)

    argparse.ArgumentParser.parse_args = capture
    try:
        with pytest.raises(SystemExit):
            cli.main([])
    finally:
        argparse.ArgumentParser.parse_args = real
    return seen[name]


@pytest.mark.parametrize("path, words", [("nowhere.csv", "không có tệp hoặc thư mục"),
                                         (".", "đây là một thư mục, không phải tệp")])
def test_a_missing_file_or_a_folder_is_named_in_vietnamese(real_db, tmp_path, capsys, path, words):
    target = tmp_path / path
    code, _out, err = run(["import", target, "--db", real_db], capsys)
    assert code == 1 and f"{words}: {target}" in err and "Errno" not in err


def test_an_export_leaves_the_password_hashes_out_and_exports_and_backups_are_audited(sample_copy, tmp_path, capsys):
    """The whole database to Parquet (a data lake) without the accounts' password hashes; the export, a kind's export
    and a backup each leave a row in the audit log (the backup, a copy of the file, keeps the hashes)."""
    from data import accounts

    con = duckdb.connect(str(sample_copy))
    db.migrate(con)
    accounts.create(con, "quantri", "quan_tri", None, "mat-khau-rat-dai-2026", actor="test")
    con.close()
    lake = tmp_path / "lake"
    assert run(["export", "--db", sample_copy, "--out", lake], capsys)[0] == 0
    columns = [r[0] for r in duckdb.sql(f"describe select * from '{lake / 'accounts.parquet'}'").fetchall()]
    assert "username" in columns and "password_hash" not in columns
    assert run(["export", "--db", sample_copy, "--kind", "teams", "--unit", "14", "--out", tmp_path / "t.csv"],
               capsys)[0] == 0
    assert run(["backup", "--db", sample_copy, "--out", tmp_path / "b.duckdb"], capsys)[0] == 0
    con = duckdb.connect(str(sample_copy), read_only=True)
    assert [r[0] for r in con.execute("select action from audit_log where action in ('export', 'backup') "
                                      "order by log_id").fetchall()] == ["export", "export", "backup"]
    con.close()


@pytest.mark.parametrize("args, words", [
    (["--unit", "999", "--format", "csv", "--out", "e.csv"], "mã đơn vị “999” không tồn tại (--unit)"),
    (["--unit", "14,998", "--out", "e.csv"], "mã đơn vị “998” không tồn tại"),
    (["--from", "2024-05", "--to", "2024-01", "--out", "e.csv"],
     "--from 2024-05 sau --to 2024-01: tháng bắt đầu phải trước hoặc bằng tháng kết thúc"),
    (["--from", "2024-13", "--out", "e.csv"], "--from: tháng 13 không tồn tại"),
    (["--format", "xlsx", "--out", "e.csv"], "có đuôi .csv nhưng --format là xlsx"),
    (["--out", "e.txt"], "chỉ xuất được xlsx hoặc csv"),
])
def test_an_export_with_a_bad_argument_exits_2_and_writes_nothing(sample_copy, tmp_path, capsys, args, words):
    """As `report` refuses them: an unknown unit or a reversed range wrote an empty file (as if no unit had sent
    anything) and exited 0; an XLSX was written under a .csv name."""
    out = tmp_path / "out"
    out.mkdir()
    args = [str(out / a) if a in ("e.csv", "e.txt") else a for a in args]
    code, stdout, err = run(["export", "--db", sample_copy, "--kind", "activities", *args], capsys)
    assert code == 2, stdout
    assert words in err
    assert list(out.iterdir()) == []
    # the same unit through an old code or without its leading zero is a unit
    code, _stdout, err = run(["export", "--db", sample_copy, "--kind", "activities", "--unit", "49", "1", "--from",
                              "2024-01", "--to", "2024-01", "--out", out / "e.csv"], capsys)
    assert code == 0, err


def test_counts_and_batch_states_are_written_in_vietnamese(sample_copy, tmp_path, capsys):
    """`batches` printed “committed”/“undone”; counts printed 1833 for 1.833."""
    out = tmp_path / "son-la.csv"
    code, stdout, err = run(["export", "--db", sample_copy, "--kind", "activities", "--unit", "14", "--out", out],
                            capsys)
    assert code == 0, err
    assert "đã xuất 1.833 dòng activities" in stdout
    code, stdout, err = run(["import", "--db", sample_copy, out], capsys)
    assert code == 0, err
    assert "0 dòng mới, 0 thay thế, 1.833 không đổi" in stdout
    assert run(["undo", "--db", sample_copy, "1"], capsys)[0] == 0
    assert run(["import", "--db", sample_copy, tmp_path / "son-la.csv", "--dry-run"], capsys)[0] == 0
    code, stdout, _err = run(["batches", "--db", sample_copy], capsys)
    assert code == 0
    assert "đã hoàn tác" in stdout and "+0 ~0 =1.833" in stdout
    assert "undone" not in stdout and "committed" not in stdout
    code, stdout, _err = run(["info", "--db", sample_copy], capsys)
    assert re.search(r"^activities: \d{1,3}(\.\d{3})+$", stdout, re.M), stdout


@pytest.mark.parametrize("content", [b"M\xc3\xa3 \xc4\x91\xc6\xa1n v\xe1\xbb\x8b,Th\xc3\xa1ng\n14,09/2024\n",
                                     b"\x00\x01\x02 not a workbook" * 40])
def test_a_file_named_xlsx_that_is_not_a_workbook_is_said_in_vietnamese_only(sample_copy, tmp_path, capsys, content):
    fake = tmp_path / "bao-cao.xlsx"
    fake.write_bytes(content)
    code, stdout, _err = run(["import", "--db", sample_copy, fake], capsys)
    assert code == 1
    assert "không đọc được tệp Excel" in stdout
    assert "Cannot" not in stdout and "detect" not in stdout and "file" not in stdout.replace(fake.name, "")
    assert ("là văn bản" in stdout) == content.startswith(b"M")       # a CSV renamed is said to be text
