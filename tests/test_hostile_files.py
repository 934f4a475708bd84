"""Hostile files (issue 12 §2–§5): numbers that mean one thing, values within each column's range, workbooks read
as a person sees them, limits on the work a file may ask for — checked before parsing — and exports whose text never
runs as a formula.

The committed corpus (``tests/fixtures/hostile``, rebuilt byte for byte by its script) goes through the import
command on a copy of the fixture database; files too big to commit (a 4 MB zip bomb, a million-column CSV) are built
here. The bad-file corpus of issue 4 (``tests/test_bad_file_corpus.py``) is unchanged.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import shutil
import time
from pathlib import Path

import openpyxl
import pytest

from data import cells, files, importer, limits, parse, report_form
from data.kinds.base import Problem
from tests import fixture_db
from tests.test_importer import cli

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
MANIFEST = list(csv.DictReader((HOSTILE / "MANIFEST.csv").open(encoding="utf-8", newline="")))


def _script():
    spec = importlib.util.spec_from_file_location("make_hostile", HOSTILE / "make_hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "fixture.duckdb"
    fixture_db.build(path)
    return path


@pytest.fixture
def db(base, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(base, path)
    return path


def test_the_manifest_lists_every_file_and_the_script_rebuilds_them(tmp_path):
    assert {r["file"] for r in MANIFEST} == {p.name for p in HOSTILE.iterdir()
                                             if p.name not in ("MANIFEST.csv", "make_hostile.py", "__pycache__")}
    for path in _script().build(tmp_path):
        assert path.read_bytes() == (HOSTILE / path.name).read_bytes(), path.name


@pytest.mark.parametrize("row", MANIFEST, ids=[r["file"] for r in MANIFEST])
def test_each_hostile_file_is_refused_or_read_as_a_person_sees_it(db, row):
    res = cli("--db", db, "import", HOSTILE / row["file"], "--dry-run")
    lines = [line.removeprefix("import: ") for line in res.stdout.splitlines()]
    assert f"{row['file']}: {row['line']}" in lines, res.stdout + res.stderr
    assert res.returncode == (1 if row["outcome"] == "refused" else 0), res.stdout + res.stderr
    assert "Traceback" not in res.stderr


# ---- what the readings mean -----------------------------------------------------------------------------------


def read(con, name: str, data: bytes) -> importer.Parsed:
    return importer.read(con, name, data)


def test_merged_cells_read_as_excel_shows_them_and_blank_rows_stay_blank(fixture_con):
    parsed = read(fixture_con, "merged-unit.xlsx", (HOSTILE / "merged-unit.xlsx").read_bytes())
    assert not parsed.errors
    assert sorted(parsed.rows["platform_key"]) == ["tiktok", "youtube"]
    assert set(parsed.rows["unit_id"]) == {2014}          # Sơn La (after 07/2025), in both rows the merged cell spans


def test_a_calculated_formula_is_read_as_its_value(fixture_con):
    parsed = read(fixture_con, "f.xlsx", (HOSTILE / "formula-calculated.xlsx").read_bytes())
    assert not parsed.errors and list(parsed.rows["quantity"]) == [1250]


def test_a_hidden_sheet_is_not_read(fixture_con):
    parsed = read(fixture_con, "h.xlsx", (HOSTILE / "hidden-sheet.xlsx").read_bytes())
    assert not parsed.errors and len(parsed.rows) == 1     # the hidden sheet's unit 99 and "abc" never read
    assert [p.sheet for p in parsed.problems] == ["Nháp"]


def test_the_templates_own_hidden_list_sheet_is_not_mentioned(fixture_con):
    con = fixture_con
    data = report_form.template_bytes(con, "activities", "xlsx")
    parsed = read(con, "mau.xlsx", data)
    assert not [p for p in parsed.problems if "ẩn" in p.message]


@pytest.mark.parametrize("cell, value", [
    ("13.712", 13712), ("13 712", 13712), ("13712", 13712), ("1.234.567", 1234567), (13712.0, 13712),
    ("9.007.199.254.740.991", 2 ** 53 - 1),
])
def test_counts_written_the_vietnamese_way(cell, value):
    assert parse.count(cell) == value


@pytest.mark.parametrize("cell, words", [
    ("1,000", "kiểu tiếng Anh"), ("12,500,000", "hãy viết 12.500.000"), ("1,234.5", "hãy viết 1.234,5"),
    ("12,5", "số nguyên"), ("-3", "không được âm"), ("9.007.199.254.740.992", "vượt quá giới hạn"),
    (1e30, "1E+30"), ("NaN", "không phải là số"), ("Infinity", "không phải là số"), ("1e30", "không phải là số"),
    (float("inf"), "vô hạn"),
])
def test_a_count_that_means_two_things_or_nothing_is_refused(cell, words):
    with pytest.raises(parse.ParseError) as err:
        parse.count(cell)
    assert words in str(err.value)


def test_ids_and_positions_stay_within_an_integer_column():
    from data.kinds import types

    assert types.ID.parse("2147483647", None) == 2 ** 31 - 1
    for t in (types.ID, types.ORDER):
        with pytest.raises(parse.ParseError, match="2.147.483.647"):
            t.parse("2147483648", None)


def test_numbers_stay_within_what_a_report_holds():
    from data.kinds import types

    assert types.NUMBER.parse("0,125", None) == 0.125          # a decimal comma with three digits is a decimal
    assert types.NUMBER.parse("1.000.000.000.000.000", None) == 1e15
    for cell in ("1,000", 1e16, "1.000.000.000.000.001"):
        with pytest.raises(parse.ParseError):
            types.NUMBER.parse(cell, None)


# ---- limits on work, checked before parsing (§5) --------------------------------------------------------------


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if a cell is parsed: the limits must refuse the file before."""
    def boom(*args, **kwargs):
        raise AssertionError("the file was parsed before its limits were checked")

    monkeypatch.setattr(files, "_encode_rows", boom)
    monkeypatch.setattr(files, "_csv_columns", boom)
    import python_calamine

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", boom)


def timed(fn):
    started = time.perf_counter()
    try:
        fn()
    except parse.ParseError as exc:
        return time.perf_counter() - started, str(exc)
    raise AssertionError("not refused")


def test_a_4_mb_zip_bomb_is_refused_in_under_a_second(no_parsing):
    bomb = _script().zip_bomb(4)
    assert 3_500_000 < len(bomb) < 4_500_000
    seconds, message = timed(lambda: files.read("bom.xlsx", bomb))
    assert seconds < 1.0
    assert message.startswith("tệp Excel giải nén ra ") and "vượt giới hạn 200 MB" in message


def test_a_zip_bomb_that_lies_about_its_size_is_stopped_while_inflating(no_parsing):
    seconds, message = timed(lambda: files.read("bom.xlsx", _script().zip_bomb(4, declared=False)))
    assert seconds < 2.0
    assert "tệp hỏng" in message or "giải nén" in message or "nén bất thường" in message


def test_a_file_compressed_beyond_the_ratio_is_refused(no_parsing):
    small_bomb = _script().zip_bomb(0.05)           # about 50 KB that unpack to about 50 MB: under the size limit
    seconds, message = timed(lambda: files.read("bom.xlsx", small_bomb))
    assert message.startswith("tệp Excel nén bất thường (giải nén lớn gấp ") and seconds < 1.0


def test_a_million_column_csv_is_refused_in_under_a_second(no_parsing):
    wide = _script().wide_csv(1_000_000)
    seconds, message = timed(lambda: files.read("rong.csv", wide))
    assert seconds < 1.0
    assert message == "tệp có 1.000.000 cột, vượt giới hạn 200 cột; mẫu báo cáo chỉ có vài cột — hãy dùng đúng mẫu"


def test_too_many_rows_are_refused_before_parsing(no_parsing, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 40)
    text = ("Mã đơn vị,Số lượng\n" + "14,1\n" * 41).encode()
    assert "hơn 40 dòng" in timed(lambda: files.read("dai.csv", text))[1]
    assert "trang tính có hơn 40 dòng" in timed(lambda: files.read("dai.xlsx", _script().tall_xlsx(41)))[1]


def test_a_wide_sheet_is_refused_before_parsing(no_parsing, monkeypatch):
    monkeypatch.setattr(limits, "MAX_COLUMNS", 5)
    message = timed(lambda: files.read("x.xlsx", _script().tall_xlsx(2)))[1]
    assert message.startswith("trang tính có 7 cột, vượt giới hạn 5 cột")


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("TUYENGIAO_MAX_ROWS", "5000")
    monkeypatch.setenv("TUYENGIAO_MAX_FIELD_CHARS", "99999")         # never beyond what an Excel cell holds
    monkeypatch.setenv("TUYENGIAO_MAX_COLUMNS", "nonsense")
    spec = importlib.util.spec_from_file_location("limits_copy", Path(limits.__file__))
    fresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fresh)
    assert (fresh.MAX_ROWS, fresh.MAX_FIELD_CHARS, fresh.MAX_COLUMNS) == (5000, 32_767, 200)


def test_a_field_longer_than_the_csv_reader_takes_is_a_message_not_a_traceback(fixture_con):
    text = 'Mã kênh,Mã đơn vị,Loại kênh,Tên kênh,Địa chỉ,Ngày mở,Ngày đóng\n,14,TikTok,"' + "x" * 400_000 + \
        '",,01/01/2025,\n'
    parsed = read(fixture_con, "dai.csv", text.encode())
    assert [p.text() for p in parsed.errors] == ["Lỗi — tệp: dòng 2: có ô dài hơn giới hạn 32.767 ký tự hoặc dấu ngoặc "
                                                 "kép không đóng"]


# ---- exports never carry formulas (§2) ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+84", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_text_starting_like_a_formula_gets_an_apostrophe_and_reads_back(text):
    assert cells.csv_text(text) == "'" + text
    assert cells.from_file(cells.csv_text(text)) == text
    assert cells.csv_text("Sơn La") == "Sơn La" and cells.from_file("'quoted") == "'quoted"


def test_exported_names_never_run_as_formulas_and_import_back_unchanged(db, tmp_path):
    res = cli("--db", db, "import", HOSTILE / "formula-names.csv")
    assert res.returncode == 0, res.stdout + res.stderr
    out_csv, out_xlsx = tmp_path / "kenh.csv", tmp_path / "kenh.xlsx"
    for out, fmt in ((out_csv, "csv"), (out_xlsx, "xlsx")):
        res = cli("--db", db, "export", "--kind", "channels", "--unit", "14", "--format", fmt, "--out", out)
        assert res.returncode == 0, res.stdout + res.stderr
    names = [r["Tên kênh"] for r in csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8-sig")))]
    for name in _script().FORMULAS:
        assert "'" + name in names
    sheet = openpyxl.load_workbook(out_xlsx).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("Tên kênh") + 1
    written = {sheet.cell(r, column).value: sheet.cell(r, column).data_type for r in range(2, sheet.max_row + 1)}
    for name in _script().FORMULAS:
        assert written[name] == "s", name          # a string cell exactly as typed, never a formula ('f')
    for out in (out_csv, out_xlsx):
        res = cli("--db", db, "import", out, "--dry-run")
        assert res.returncode == 0 and ", 0 thay thế," in res.stdout and " 0 dòng mới" in res.stdout, res.stdout


def test_the_error_list_download_carries_no_formula():
    problems = [Problem("=cmd|'/C calc'!A0", 2, "@SUM(1)", "“=1+1” không phải là số"),
                Problem("", None, "-x", "+84 không phải mã")]
    rows = list(csv.reader(io.StringIO(report_form.problems_csv(problems).decode("utf-8-sig"))))
    assert rows == [["Trang", "Dòng", "Cột", "Nội dung", "Mức độ"],
                    ["'=cmd|'/C calc'!A0", "2", "'@SUM(1)", "“=1+1” không phải là số", "Lỗi"],
                    ["", "", "'-x", "'+84 không phải mã", "Lỗi"]]


def test_chart_and_page_workbooks_write_text_as_strings():
    import pandas as pd

    from reports import model, tables

    item = model.Item(key="k", title="=t", table=pd.DataFrame({"Tên": ["=1+1", "@x", "-y"], "Số": [1, -2, 3]}),
                      formats={"Tên": "text", "Số": "int"}, kind="table")
    meta = model.Meta(title="=T", units="—", period="—", compare="—", boundary="—", freshness="—", lang="vi")
    book = openpyxl.load_workbook(io.BytesIO(tables.xlsx_bytes(item, meta)))
    kinds = {c.value: c.data_type for row in book.worksheets[0].iter_rows() for c in row if c.value is not None}
    assert kinds["=1+1"] == kinds["@x"] == kinds["-y"] == kinds["=t"] == "s" and kinds[-2] == "n"
    lines = tables.csv_bytes(item, meta).decode("utf-8-sig").splitlines()
    assert "'=1+1,1" in lines and "'-y,3" in lines and "'@x,-2" in lines
