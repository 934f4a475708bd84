"""Templates (XLSX with instructions, hidden lists and drop-downs; CSV with the same headers) and the
export round trip in exactly the template format, on copies of the session's sample database."""

from __future__ import annotations

import io
import shutil
import zipfile

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from data import importer, templates

KINDS = sorted(importer.KINDS)
# units below province are not in the sample database (scale 1): their round trip is in test_importer_kinds;
# programme_indicators fills four tables: its round trip is test_programme_export_round_trip
ROUND_TRIP_KINDS = [k for k in KINDS if k not in ("units", "programme_indicators")]

# kind -> (unit codes, first month, last month): a small slice of the sample with rows in it
SLICES = {
    "activities": (["14"], "2024-08", "2024-09"),
    "team_snapshots": (["14"], "2024-09", "2024-09"),
    "channel_snapshots": (["48"], "2024-08", "2024-09"),
    "channels": (["48"], "2024-09", "2024-09"),
    "teams": (["48"], "2024-09", "2024-09"),
    "contest_participation": (["48"], "2024-03", "2024-04"),
    "metric_targets": (["14", "48"], "2024-01", "2024-12"),
    "contests": (["48"], "2024-01", "2024-12"),
    "indicator_values": (["14", "48"], "2024-01", "2025-12"),
    "programme_conferences": (["14", "48"], "2024-01", "2025-12"),
}

# (new, replaced) when a template's example rows are imported: every cell of the sample's programme has a
# value, so the indicator_values examples update two of them; the programme_indicators examples are a new
# programme (1), its two parties, one task and two indicators, counted over the four tables
EXAMPLE_COUNTS = {"indicator_values": (0, 2), "programme_indicators": (6, 0), "programme_conferences": (0, 2)}


@pytest.fixture(scope="module")
def intact(sample_db_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "intact.duckdb"
    shutil.copy(sample_db_path, path)
    return path


@pytest.fixture(scope="module")
def lacking(sample_db_path, tmp_path_factory):
    """A copy from which each round-trip test deletes its slice (each kind is its own table)."""
    path = tmp_path_factory.mktemp("tpl") / "lacking.duckdb"
    shutil.copy(sample_db_path, path)
    return path


def _month(text):
    from data import parse
    return parse.month(text)


def rows_of(con, kind, parsed) -> list[tuple]:
    cols = kind.natural_key + kind.values
    con.register("keys_probe", parsed.rows[list(kind.natural_key)])
    cond = " and ".join(f"t.{k} = k.{k}" for k in kind.natural_key)
    out = con.execute(f"select {', '.join('t.' + c for c in cols)} from {kind.table} as t "
                      f"join keys_probe as k on {cond} order by all").fetchall()
    con.unregister("keys_probe")
    return out


def test_the_xlsx_template_has_headers_instructions_hidden_lists_and_drop_downs(intact, tmp_path):
    out = tmp_path / "activities.xlsx"
    con = duckdb.connect(str(intact), read_only=True)
    try:
        assert templates.template(con, "activities", out) == 0
    finally:
        con.close()
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["Hoạt động hằng tháng", "Hướng dẫn", "Danh mục"]
    data = book.get_sheet_by_name("Hoạt động hằng tháng").to_python()
    assert data == [["Mã đơn vị", "Tháng báo cáo", "Loại kênh", "Loại hoạt động", "Cấp nguồn link", "Số lượng",
                     "Lượt tiếp cận"]]
    guide = "\n".join(" ".join(str(c) for c in r) for r in book.get_sheet_by_name("Hướng dẫn").to_python())
    for text in ("13.712", "09/2024", "dd/mm/yyyy", "dữ liệu cá nhân", "Ví dụ (2 dòng)", "Cấp nguồn link"):
        assert text in guide
    lists = book.get_sheet_by_name("Danh mục").to_python()
    assert lists[0][:8:2] == ["Loại kênh", "Loại hoạt động", "Cấp nguồn link", "Mã đơn vị (hiện hành)"]
    codes = [r[6] for r in lists[1:] if r[6] != ""]
    assert len(codes) == 34 and "14" in codes and "49" not in codes      # current units only
    with zipfile.ZipFile(out) as z:
        workbook = z.read("xl/workbook.xml").decode()
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
    assert 'state="hidden"' in workbook
    assert sheet1.count("<dataValidation ") == 4       # platform, activity type, source level, unit code
    assert "Danh mục'!$A$2:$A$8" in sheet1


def test_a_blank_template_imports_as_header_only_not_as_its_instructions(intact, tmp_path):
    out = tmp_path / "teams.xlsx"
    con = duckdb.connect(str(intact), read_only=True)
    try:
        templates.template(con, "teams", out)
        parsed = importer.read_path(con, out)
    finally:
        con.close()
    assert parsed.kind.key == "teams"
    assert [p.message for p in parsed.problems] == ["tệp chỉ có dòng tiêu đề, không có số liệu"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_template_filled_with_its_example_rows_imports_cleanly(sample_db_path, tmp_path, kind):
    path = tmp_path / "s.duckdb"
    shutil.copy(sample_db_path, path)
    out = tmp_path / f"{kind}.xlsx"
    con = duckdb.connect(str(path))
    try:
        assert templates.template(con, kind, out, examples_in_data=True) == 2
        parsed = importer.read_path(con, out)
        assert parsed.kind.key == kind and not parsed.errors, [p.text() for p in parsed.problems]
        summary = importer.commit(con, parsed, "test")
    finally:
        con.close()
    assert (summary["new"], summary["replaced"]) == EXAMPLE_COUNTS.get(kind, (2, 0)) and summary["batch_id"] == 1


@pytest.mark.parametrize("kind", KINDS)
def test_the_csv_template_has_the_same_headers(intact, tmp_path, kind):
    out = tmp_path / "t.csv"
    con = duckdb.connect(str(intact), read_only=True)
    try:
        templates.template(con, kind, out)
    finally:
        con.close()
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").strip() == ",".join(c.header for c in importer.KINDS[kind].columns)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", ROUND_TRIP_KINDS)
def test_export_round_trip(intact, lacking, tmp_path, kind, fmt):
    k = importer.KINDS[kind]
    units, first, last = SLICES[kind]
    out = tmp_path / f"{kind}.{fmt}"
    con = duckdb.connect(str(intact))
    try:
        n = templates.export(con, kind, out, units=units, month_from=_month(first), month_to=_month(last))
        assert n > 0
        parsed = importer.read_path(con, out)
        assert parsed.kind is k and not parsed.errors, [p.text() for p in parsed.problems][:5]
        assert len(parsed.rows) == n
        expected = rows_of(con, k, parsed)
        assert len(expected) == n
        # into the database that has the rows: nothing changes
        summary = importer.commit(con, parsed, "test")
        assert (summary["new"], summary["replaced"], summary["unchanged"]) == (0, 0, n)
        assert rows_of(con, k, parsed) == expected
    finally:
        con.close()
    if fmt == "csv":
        return      # the lacking copy is exercised once per kind (xlsx)
    con = duckdb.connect(str(lacking))
    try:
        con.register("gone", parsed.rows[list(k.natural_key)])
        cond = " and ".join(f"t.{c} = g.{c}" for c in k.natural_key)
        con.execute(f"delete from {k.table} as t using gone as g where {cond}")
        assert rows_of(con, k, parsed) == []
        again = importer.read_path(con, out)
        assert not again.errors, [p.text() for p in again.problems][:5]
        summary = importer.commit(con, again, "test")
        assert (summary["new"], summary["replaced"]) == (n, 0)
        assert rows_of(con, k, again) == expected
    finally:
        con.close()


def test_export_cli_writes_the_template_format_and_keeps_parquet_export(intact, tmp_path):
    from tests.test_importer import cli

    out = tmp_path / "a.csv"
    res = cli("--db", intact, "export", "--kind", "activities", "--unit", "14", "--from", "2024-09", "--to", "2024-09",
              "--format", "csv", "--out", out)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("export: đã xuất ") and " dòng activities " in res.stdout
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn link,Số lượng,Lượt tiếp cận"
    assert all(line.startswith("14,09/2024,") for line in text.splitlines()[1:])
    tpl = cli("--db", intact, "template", "channels", "--out", tmp_path / "c.xlsx")
    assert tpl.returncode == 0 and "template: đã tạo mẫu channels" in tpl.stdout
    pq = cli("--db", intact, "export", "--out", tmp_path / "pq")
    assert pq.returncode == 0 and "sang Parquet" in pq.stdout
    assert io.BytesIO((tmp_path / "pq" / "units.parquet").read_bytes()).read(4) == b"PAR1"
    # the monthly facts as a data lake, partitioned by year and today's unit code
    parts = sorted((tmp_path / "pq" / "activities").glob("year=*/unit=*/*.parquet"))
    assert parts and {p.parent.parent.name for p in parts} >= {"year=2024"}
    assert "unit=14" in {p.parent.name for p in parts}
    assert io.BytesIO(parts[0].read_bytes()).read(4) == b"PAR1"


def test_new_kinds_get_their_drop_downs(intact, tmp_path):
    con = duckdb.connect(str(intact), read_only=True)
    try:
        for kind, lists in (("contests", 2), ("units", 1), ("indicator_values", 2), ("programme_indicators", 2),
                            ("programme_conferences", 1)):
            out = tmp_path / f"{kind}.xlsx"
            templates.template(con, kind, out)
            with zipfile.ZipFile(out) as z:
                assert z.read("xl/worksheets/sheet1.xml").decode().count("<dataValidation ") == lists, kind
            guide = "\n".join(" ".join(str(c) for c in r)
                              for r in CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Hướng dẫn").to_python())
            assert "dữ liệu cá nhân" in guide and "khóa ()" not in guide
    finally:
        con.close()


PROGRAMME_TABLES = {"programmes": "programme_id, name, year_from, year_to, signed_on, place", "programme_parties": "*",
                    "programme_tasks": "*", "programme_indicators": "*"}


def _programme_tables(con) -> dict:
    return {t: con.execute(f"select {cols} from {t} order by all").fetchall() for t, cols in PROGRAMME_TABLES.items()}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_programme_export_round_trip(sample_db_path, tmp_path, fmt):
    """Export of the sample's programme -> into the sample: nothing changes; into a copy without the programme,
    its tasks, indicators and parties: all four tables come back, signing date and place and linked metrics included."""
    path = tmp_path / "s.duckdb"
    shutil.copy(sample_db_path, path)
    out = tmp_path / f"p.{fmt}"
    con = duckdb.connect(str(path))
    try:
        assert templates.export(con, "programme_indicators", out, units=["14"]) == 14
        before = _programme_tables(con)
        parsed = importer.read_path(con, out)
        assert parsed.kind.key == "programme_indicators" and not parsed.errors, [p.text() for p in parsed.problems]
        summary = importer.commit(con, parsed, "test")
        assert (summary["new"], summary["replaced"], summary["unchanged"]) == (0, 0, 1 + 2 + 5 + 14)
        assert _programme_tables(con) == before
    finally:
        con.close()
    lacking = tmp_path / "lacking.duckdb"        # a copy that never saw the file (its checksum is not known there)
    shutil.copy(sample_db_path, lacking)
    con = duckdb.connect(str(lacking))
    try:
        for table in PROGRAMME_TABLES:
            con.execute(f"delete from {table}")
        con.execute("delete from programme_conferences")     # they refer to the programme (and have their own kind)
        again = importer.read_path(con, out)
        assert not again.errors, [p.text() for p in again.problems]
        summary = importer.commit(con, again, "test")
        assert (summary["new"], summary["replaced"]) == (1 + 2 + 5 + 14, 0)
        assert _programme_tables(con) == before
        # the sample's indicator values refer to the recreated indicators: the undo waits until they are gone
        with pytest.raises(importer.UndoError, match="đã tạo chỉ số chương trình mã 1 mà bảng indicator_values"):
            importer.undo(con, summary["batch_id"], "test")
        con.execute("delete from indicator_values")
        importer.undo(con, summary["batch_id"], "test")
        assert all(not rows for rows in _programme_tables(con).values())
    finally:
        con.close()
