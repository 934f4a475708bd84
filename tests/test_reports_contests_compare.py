"""The Contests and Compare pages in files: the same declared blocks as on the page, written to XLSX, PDF
and slides, with numbers checked against independent SQL on the sample database."""

from __future__ import annotations

import io
import shutil

import duckdb
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from data import __main__ as cli
from reports import page_pdf, slides_common, tables
from reports.model import Item, Kpi, Meta, cell_format
from ui import blocks, slides, views
from ui import format as fmt

Q3 = {"unit": "14,48", "from": "2024-07", "to": "2024-09", "grain": "quarter", "compare": "yoy"}


@pytest.fixture(scope="module")
def db(sample_db_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("cc") / "sample.duckdb"
    shutil.copy(sample_db_path, path)
    return path


@pytest.fixture
def reader(db):
    con = duckdb.connect(str(db), read_only=True)
    yield blocks.DirectReader(con)
    con.close()


def contest_34(db) -> tuple[int, int, int, int, int]:
    """id, người, lượt, target lượt, target người of the Đà Nẵng contest on Chỉ thị 34-CT/TU."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        cid, target_luot, target_nguoi = con.execute(
            "select contest_id, target_luot, target_nguoi from contests where document = 'Chỉ thị 34-CT/TU'"
        ).fetchall()[0]
        nguoi, luot = con.execute("select sum(nguoi), sum(luot) from contest_participation where contest_id = ?",
                                  [cid]).fetchall()[0]
    finally:
        con.close()
    return cid, int(nguoi), int(luot), int(target_luot), int(target_nguoi)


def resolved(view, key):
    block = next(b for b in blocks.flatten(views.get(view.page).layout(view)) if b.key == key)
    r = blocks.resolve(block, view)
    assert r.ok, key
    return r


def test_contest_kpis_and_progress_in_files_equal_sql(db, reader):
    cid, nguoi, luot, target_luot, target_nguoi = contest_34(db)
    view = blocks.build_view(views.get("contests"), {"from": "2024-01", "to": "2024-12", "contest": str(cid)},
                             reader)
    kpis = blocks.to_item(resolved(view, "kpis"), view)
    assert kpis.kind == "kpis"
    values = dict(zip(kpis.table["Chỉ số"], kpis.table["Giá trị"]))
    assert values["Người dự thi"] == nguoi and values["Lượt dự thi"] == luot
    assert values["Lượt dự thi bình quân mỗi người"] == pytest.approx(luot / nguoi)
    # the slide shows the cards: values as the page writes them, the participating units last
    assert [k.value_text for k in kpis.kpis[:2]] == [fmt.number(nguoi), fmt.number(luot)]
    assert kpis.kpis[-1].label == "Đơn vị tham gia" and kpis.kpis[-1].unit == "đơn vị"

    progress = blocks.to_item(resolved(view, "progress"), view)
    assert list(progress.table.columns) == ["Chỉ số", "Giá trị", "Chỉ tiêu", "Tỷ lệ đạt", "Đơn vị tính"]
    rows = progress.table.set_index("Chỉ số")
    assert rows.loc["Lượt dự thi", "Chỉ tiêu"] == target_luot
    assert rows.loc["Người dự thi", "Tỷ lệ đạt"] == pytest.approx(nguoi / target_nguoi)

    wb = load_workbook(io.BytesIO(tables.xlsx_bytes(kpis, blocks.meta_of(view, "Cuộc thi"))))
    cells = {r[0].value: r for r in wb.active.iter_rows(values_only=False) if r[0].value}
    count = cells["Người dự thi"][1]
    ratio = cells["Lượt dự thi bình quân mỗi người"][1]
    # a column mixing counts and ratios: counts without decimals, ratios with two
    assert count.value == nguoi and count.number_format == "#,##0"
    assert ratio.number_format == "#,##0.00"


def test_contest_slide_is_a_kpi_slide(reader, db):
    cid, nguoi, *_ = contest_34(db)
    view = blocks.build_view(views.get("contests"), {"from": "2024-01", "to": "2024-12", "contest": str(cid)},
                             reader)
    block = next(b for b in blocks.flatten(views.get("contests").layout(view)) if b.key == "kpis")
    slide = slides.block_slide(block, view)
    assert slide.kind == "kpis"
    rows = slides_common.kpi_table(slide.item)
    assert rows.rows[0][:2] == ["Người dự thi", fmt.number(nguoi)]


def test_compare_table_file_keeps_numbers_and_changes(reader):
    view = blocks.build_view(views.get("compare"), Q3, reader)
    item = blocks.to_item(resolved(view, "table"), view)
    table = item.table.set_index("Chỉ số")
    assert table.loc["Thành viên biệt đội", "Sơn La"] == 13712
    assert "Sơn La — tăng/giảm" in table.columns and "Đà Nẵng — thay đổi (%)" in table.columns
    assert item.formats["Sơn La"] == "num" and item.formats["Đà Nẵng — thay đổi (%)"] == "pct"
    # the change columns carry the metric layer's numbers for each unit, unrounded
    got = reader.totals(["members"], by=["unit"], filters=view.filters, ytd=False)
    son_la = got[got["unit_code"] == "14"].iloc[0] if "unit_code" in got else \
        view.with_unit_labels(got).query("unit_code == '14'").iloc[0]
    assert table.loc["Thành viên biệt đội", "Sơn La — tăng/giảm"] == pytest.approx(son_la["members_delta"])
    assert table.loc["Thành viên biệt đội", "Sơn La — thay đổi (%)"] == pytest.approx(son_la["members_pct"])


def test_compare_page_report_xlsx_and_pdf(db, tmp_path):
    xlsx, pdf = tmp_path / "so-sanh.xlsx", tmp_path / "so-sanh.pdf"
    common = ["--page", "so-sanh", "--unit", "14", "48", "--from", "2024-07", "--to", "2024-09", "--grain", "quarter"]
    assert cli.main(["report", "--db", str(db), *common, "--out", str(xlsx)]) == 0
    assert cli.main(["report", "--db", str(db), *common, "--format", "pdf", "--out", str(pdf)]) == 0
    wb = load_workbook(xlsx)
    # a sheet of filters, the table, eleven small multiples, the platform breakdown and the trend
    assert len(wb.sheetnames) == 1 + 1 + 11 + 2
    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "13.712" in text and "Quý III/2024" in text and "Đà Nẵng" in text
    assert "13.712,00" not in text        # counts are never written with decimals


def test_kpi_table_in_pdf_leaves_out_empty_columns():
    meta = Meta(title="T", units="Sơn La", period="Năm 2024", compare="không so sánh", boundary="hiện hành",
                freshness="", department="", lang="vi")
    item = Item(key="kpis", title="Chỉ số", caption="", figure=None, kind="kpis",
                kpis=[Kpi(key="members", label="Thành viên", value=13712.0, value_text="13.712", unit="người")])
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page_pdf.page_pdf([item], meta))).pages)
    assert "13.712" in text and "Thay đổi" not in text and "Chỉ tiêu" not in text


def test_num_format_resolves_per_value():
    assert cell_format("num", 13712.0) == "int" and cell_format("num", 2.14) == "dec2"
    assert cell_format("pct", 0.5) == "pct" and cell_format(None, 1.0) is None
