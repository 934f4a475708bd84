"""The registry of import kinds (data/kinds) is the one declaration: the templates, the exports, the command
line's choices, the Data page's lists, the data dictionary and the README agree with it; the column types agree
with the schema; the references cover every unit column; and a kind declared outside the registry's modules
(with a column type of its own) goes through read, preview, commit, template, export and undo unchanged."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from data import importer, parse, templates
from data import sql as q
from data.kinds import KEYS, KINDS, doc, types
from data.kinds.base import Check, Column, Kind, RowError
from tests import fixture_db
from tests.test_importer import ROOT, cli, fingerprint


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("registry") / "base.duckdb"
    fixture_db.build(path)
    return path


@pytest.fixture()
def db_path(base, tmp_path):
    path = tmp_path / "t.duckdb"
    shutil.copy(base, path)
    return path


def test_the_importer_templates_and_exports_serve_the_registry_kinds():
    assert importer.KINDS is KINDS
    assert list(KINDS) == list(KEYS)
    assert set(q.EXPORTS) == set(KEYS), "every kind has its export query in data/sql.py, and only they"
    for kind in KINDS.values():
        assert templates.headers(kind) == [c.header for c in kind.columns]
        assert kind.examples is not None, kind.key


def test_the_data_dictionary_and_the_readme_list_the_registry_as_it_is():
    assert doc.embedded(doc.DOC, doc.DOC_MARKERS) == doc.render(), "run: python -m data.kinds.doc"
    assert doc.embedded(doc.README, doc.README_MARKERS) == doc.render_readme(), "run: python -m data.kinds.doc"
    text = doc.render()
    for kind in KINDS.values():
        assert f"| `{kind.key}` | {kind.label} |" in text
        for col in kind.columns:
            assert f"{col.header}{'*' if col.required else ''} `{col.type.name}`" in text
        for check in kind.checks + kind.file_checks:
            assert check.doc and check.doc in text


def test_the_command_line_offers_exactly_the_registry_kinds():
    for args in (["template", "nope", "--out", "x.xlsx"], ["export", "--kind", "nope", "--out", "x.xlsx"]):
        res = cli(*args)
        assert res.returncode == 2
        offered = re.search(r"chọn một trong ([^)]*)\)", res.stderr).group(1)
        assert [k.strip(" '") for k in offered.split(",")] == sorted(KEYS)


def test_importing_the_registry_does_not_import_pandas():
    """The command line's help imports the registry: it must stay cheap."""
    code = "import sys, data.kinds, data.__main__; print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))"
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[]"


def test_every_template_and_export_has_the_registry_columns_and_drop_downs(base, tmp_path):
    con = duckdb.connect(str(base), read_only=True)
    try:
        lists = templates.lists(con)
        assert list(lists) == list(types.LISTS)
        for kind in KINDS.values():
            out = tmp_path / f"{kind.key}.xlsx"
            templates.template(con, kind.key, out)
            data = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(templates.sheet_name(kind)).to_python()
            assert data[0] == [c.header for c in kind.columns], kind.key
            for row in templates.export_rows(con, kind):
                assert len(row) == len(kind.columns), kind.key
            for col in kind.columns:       # a drop-down names a declared list
                assert col.listing is None or col.listing in lists, (kind.key, col.key)
    finally:
        con.close()


def test_the_data_page_lists_the_registry_kinds(sample_db_path, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "page.duckdb"
    shutil.copy(sample_db_path, path)
    monkeypatch.setenv("TUYENGIAO_DB", str(path))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "0")
    at = AppTest.from_file("../dashboard.py", default_timeout=90)
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    buttons = [b for b in at.get("download_button") if "template_" in b.proto.id]
    for fmt in ("xlsx", "csv"):
        shown = [b.proto.label for b in buttons if f"template_{fmt}_" in b.proto.id]
        assert shown == [k.label for k in KINDS.values()], fmt
    # the monthly form's columns are the activities template's headers
    activities = KINDS["activities"]
    headers = [activities.column(k).header for k in ("platform_key", "activity_key", "source_level", "quantity")]
    assert list(at.tabs[1].dataframe[0].value.columns) == headers


def test_column_types_agree_with_the_schema(base):
    con = duckdb.connect(str(base), read_only=True)
    try:
        schema = {}
        for table, column, data_type in con.execute(
                "select table_name, column_name, data_type from information_schema.columns").fetchall():
            schema.setdefault(table, {})[column] = data_type
    finally:
        con.close()
    checked = 0
    for kind in KINDS.values():
        pairs = ([(t.table, tc, kc) for t in kind.tables for tc, kc in t.shown] if kind.tables else
                 [(kind.table, c.table_column, c.key) for c in kind.columns])
        for table, table_column, key in pairs:
            assert table in schema, table
            if table_column not in schema[table]:
                continue                    # a working column the kind's split spreads (programme parties)
            col = kind.column(key)
            assert schema[table][table_column] in col.type.storage, (kind.key, key, schema[table][table_column])
            checked += 1
        for part in kind.parts():
            for column in part.natural_key + part.values:
                assert column in schema[part.table], (part.table, column)
    assert checked > 40


def test_a_table_s_key_index_is_as_its_kind_declares(base):
    """``keyed``: the table has a primary key on the natural key (an upsert replaces through it), or none at all
    (activities since migration 013: a replaced row is deleted and written again, every column of it)."""
    con = duckdb.connect(str(base), read_only=True)
    try:
        keys = {table: tuple(columns) for table, columns in con.execute(
            "select table_name, constraint_column_names from duckdb_constraints() "
            "where constraint_type = 'PRIMARY KEY'").fetchall()}
        columns = {table: set() for table in keys}
        for table, column in con.execute("select table_name, column_name from information_schema.columns").fetchall():
            columns.setdefault(table, set()).add(column)
    finally:
        con.close()
    unkeyed = set()
    for kind in KINDS.values():
        for part in kind.parts():
            if part.keyed:
                assert set(keys.get(part.table, ())) == set(part.natural_key), (part.table, keys.get(part.table))
            else:
                assert part.table not in keys, part.table
                assert set(part.natural_key + part.values) | ({"batch_id"} if part.batch_column else set()) \
                    == columns[part.table], part.table
                unkeyed.add(part.table)
    assert unkeyed == {"activities"}


def test_every_unit_column_is_a_declared_reference_and_undo_refs_are_derived_from_them():
    for kind in KINDS.values():
        for col in kind.columns:
            if isinstance(col.type, types.UnitCode):
                assert (col.table_column, "units") in kind.refs, (kind.key, col.key)
    units = KINDS["units"]
    assert units.undo_refs[0] == ("units", "parent_id")     # its own table first
    assert set(units.undo_refs) == {(p.table, c) for k in KINDS.values() for p in k.parts()
                                    for c, t in p.refs if t == "units"}
    assert KINDS["contests"].undo_refs == (("contest_participation", "contest_id"),)
    assert KINDS["teams"].undo_refs == (("team_snapshots", "team_id"),)


def test_the_preview_shows_a_referred_unit_by_name_under_its_template_header(db_path):
    from data import report_form

    con = duckdb.connect(str(db_path))
    try:
        parsed = importer.read(con, "c.csv", "Mã cuộc thi,Tên cuộc thi,Mã đơn vị tổ chức,Ngày bắt đầu,Ngày kết thúc\n"
                                             "1,Cuộc thi thử,14,01/03/2024,31/03/2024\n".encode())
        assert not parsed.errors, [p.text() for p in parsed.problems]
        frame = report_form.changes_frame(con, parsed.kind, importer.preview(con, parsed)["changes"])
    finally:
        con.close()
    # a column the file leaves out is blank in the new row (Văn bản), and the organiser reads as a unit name
    assert frame.to_dict("records") == [{"Mã cuộc thi": 1, "Văn bản (cũ)": "Chỉ thị 34-CT/TU", "Văn bản (mới)": None,
                                         "Mã đơn vị tổ chức (cũ)": "48 · Đà Nẵng",
                                         "Mã đơn vị tổ chức (mới)": "14 · Sơn La"}]


def test_undoing_the_creation_of_a_team_with_snapshots_is_refused(db_path):
    """A reference declared once (team_snapshots.team_id -> teams) protects the team from an undo."""
    con = duckdb.connect(str(db_path))
    try:
        made = importer.read(con, "t.csv", "Mã biệt đội,Mã đơn vị,Tên biệt đội,Ngày thành lập\n,14,Đội mới,01/10/2024\n"
                             .encode())
        importer.commit(con, made, "test")
        snap = importer.read(con, "s.csv", "Mã biệt đội,Tháng báo cáo,Số thành viên\n5,10/2024,9\n".encode())
        assert not snap.errors, [p.text() for p in snap.problems]
        importer.commit(con, snap, "test")
        with pytest.raises(importer.UndoError) as refused:
            importer.undo(con, 1, "test")
        assert str(refused.value) == ("lô 1 đã tạo danh sách biệt đội mã 5 mà bảng team_snapshots đang dùng; "
                                      "hãy hoàn tác hoặc xóa các số liệu đó trước")
        importer.undo(con, 2, "test")
        importer.undo(con, 1, "test")
    finally:
        con.close()


# ---- a kind and a column type declared outside the registry's modules -----------------------------------

class EvenCount(types.Count):
    """A count that must be even: a column type of its own, one class."""
    name = "even"
    description = "an even whole number"

    def parse(self, cell, lookups):
        value = super().parse(cell, lookups)
        if value is not None and value % 2:
            raise parse.ParseError(f"số {value} phải là số chẵn")
        return value


def _team_of_unit(rec, lookups):
    from data.kinds.entities import TEAM

    team = TEAM.known(lookups).get(rec["team_id"])
    if team is None:
        raise RowError("Đội số", f"đội {rec['team_id']} không có")


PAIRS = Kind(
    key="team_pairs", label="Cặp thành viên (thử)", table="team_snapshots",
    columns=(Column("team_id", "Đội số", types.ID), Column("month", "Kỳ thống kê", types.MONTH),
             Column("members", "Quân số chẵn", EvenCount())),
    natural_key=("team_id", "month"), values=("members",), duplicate="cùng đội và kỳ",
    checks=(Check("the team exists", _team_of_unit),), check_on=("team_id",), refs=(("team_id", "teams"),),
    examples=lambda cur, ex: [[1, dt.date(2024, 10, 1), 16], [2, dt.date(2024, 10, 1), 8]],
)


def test_a_new_kind_with_a_new_column_type_is_one_declaration(db_path, tmp_path, monkeypatch):
    monkeypatch.setitem(KINDS, PAIRS.key, PAIRS)
    monkeypatch.setitem(q.EXPORTS, PAIRS.key, q.EXPORTS["team_snapshots"])     # its export: the snapshots' query
    original = fingerprint(db_path, facts_only=True)
    con = duckdb.connect(str(db_path))
    try:
        bad = importer.read(con, "p.csv", "Đội số,Kỳ thống kê,Quân số chẵn\n1,10/2024,15\n9,10/2024,2\n".encode())
        assert bad.kind is PAIRS
        assert [p.text() for p in bad.problems] == ["Lỗi — dòng 2, cột “Quân số chẵn”: số 15 phải là số chẵn",
                                                    "Lỗi — dòng 3, cột “Đội số”: đội 9 không có"]
        out = tmp_path / "pairs.xlsx"
        assert templates.template(con, PAIRS.key, out, examples_in_data=True) == 2
        good = importer.read_path(con, out)
        assert good.kind is PAIRS and not good.errors, [p.text() for p in good.problems]
        summary = importer.commit(con, good, "test")
        assert (summary["new"], summary["replaced"]) == (2, 0)
        exported = tmp_path / "pairs.csv"
        assert templates.export(con, PAIRS.key, exported, units=["14"], month_from=dt.date(2024, 10, 1),
                                month_to=dt.date(2024, 10, 1)) == 2
        assert exported.read_text(encoding="utf-8-sig").splitlines() == [
            "Đội số,Kỳ thống kê,Quân số chẵn", "1,10/2024,16", "2,10/2024,8"]
        importer.undo(con, summary["batch_id"], "test")
    finally:
        con.close()
    assert fingerprint(db_path, facts_only=True) == original


def test_an_edit_form_commits_a_small_in_memory_file_of_an_existing_kind(db_path):
    """A form that edits existing rows: rows as exported, one value changed, written by the column types
    (``templates.csv_bytes``), read and committed like any file."""
    con = duckdb.connect(str(db_path))
    try:
        kind = KINDS["contest_participation"]
        rows = templates.export_rows(con, kind, units=["48"])
        assert rows[0][:4] == [1, "48", dt.date(2024, 3, 4), "Tuần"]
        rows[0][4] = 120                                           # người of the first week
        parsed = importer.read(con, "sua.csv", templates.csv_bytes(kind, rows))
        assert parsed.kind is kind and not parsed.errors, [p.text() for p in parsed.problems]
        summary = importer.commit(con, parsed, "form")
        assert (summary["new"], summary["replaced"], summary["unchanged"]) == (0, 1, len(rows) - 1)
        assert con.execute("select nguoi from contest_participation where unit_id = 1048 and period_start = "
                           "DATE '2024-03-04'").fetchall() == [(120,)]
    finally:
        con.close()


def test_the_preview_of_a_unit_correction_names_the_unit(db_path):
    from data import report_form

    con = duckdb.connect(str(db_path))
    try:
        con.execute("insert into units (unit_id, code, name, level, parent_id, valid_from) "
                    "values (100000, '14.100', 'Xã cũ', 'xa', 1014, DATE '2023-01-01')")
        parsed = importer.read(con, "u.csv", "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp tỉnh,Hiệu lực từ\n"
                                             "14.100,Xã mới,14,01/01/2023\n".encode())
        assert not parsed.errors, [p.text() for p in parsed.problems]
        frame = report_form.changes_frame(con, parsed.kind, importer.preview(con, parsed)["changes"])
    finally:
        con.close()
    assert frame.to_dict("records") == [{"Đơn vị": "14.100 · Xã cũ", "Tên đơn vị (cũ)": "Xã cũ",
                                         "Tên đơn vị (mới)": "Xã mới"}]
