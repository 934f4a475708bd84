"""Decks: the write side (data.decks), slides rebuilt from stored items (ui.slides), and the scripted
report (``python -m data report``) — files opened and compared with the metric layer's own numbers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from data import __main__ as cli
from data import decks
from queries import decks as deck_queries
from ui import blocks, slides, views

ROOT = Path(__file__).resolve().parents[1]
Q3 = {"unit": "14", "from": "2024-07", "to": "2024-09", "grain": "quarter"}


@pytest.fixture(scope="module")
def db(sample_db_path, tmp_path_factory):
    """A copy of the sample with one deck: the Overview's KPI cards and trend for Sơn La, Q3/2024."""
    path = tmp_path_factory.mktemp("decks") / "sample.duckdb"
    shutil.copy(sample_db_path, path)
    con = duckdb.connect(str(path))
    deck_id = decks.create(con, "Hội nghị sơ kết", actor="test", place="Sơn La", event_on="2024-10-02")
    decks.add_item(con, deck_id, "overview", "kpis", Q3, "Chỉ số chính", actor="test")
    decks.add_item(con, deck_id, "overview", "ranking", Q3, "Xếp hạng", actor="test")
    decks.add_item(con, deck_id, "channels", "mix", {**Q3, "unit": "14,48"}, "Kênh", actor="test")
    con.close()
    return path


def _read(path):
    return duckdb.connect(str(path), read_only=True)


# ---- write side ------------------------------------------------------------------------------------


def test_write_side_keeps_positions_dense_and_audits(db, tmp_path):
    path = tmp_path / "w.duckdb"
    shutil.copy(db, path)
    c = duckdb.connect(str(path))
    d = decks.create(c, "  Bài   thử ", actor="an")
    assert deck_queries.deck(c, d)["name"] == "Bài thử"
    for key in ("kpis", "trend", "ranking"):
        decks.add_item(c, d, "overview", key, Q3, key, actor="an")
    assert decks.move_item(c, d, 3, -1, actor="an") == 2
    assert list(deck_queries.items(c, d)["block"]) == ["kpis", "ranking", "trend"]
    assert decks.move_item(c, d, 1, -1, actor="an") == 1          # clamped: already first
    decks.remove_item(c, d, 1, actor="an")
    got = deck_queries.items(c, d)
    assert list(got["position"]) == [1, 2] and list(got["block"]) == ["ranking", "trend"]
    assert deck_queries.params_of(got["params"][0]) == Q3
    decks.update(c, d, actor="an", name="Bài mới", theme="dark", advance_seconds=10)
    assert deck_queries.deck(c, d)["theme"] == "dark" and deck_queries.deck(c, d)["advance_seconds"] == 10
    audit = c.execute("select actor, detail from audit_log where action = 'deck' and target = ?",
                      [f"deck {d}"]).fetchall()
    assert len(audit) == 7 and {a for a, _ in audit} == {"an"}
    decks.delete(c, d, actor="an")
    assert deck_queries.deck(c, d) is None and deck_queries.items(c, d).empty
    c.close()


@pytest.mark.parametrize(("call", "message"), [
    (lambda c, d: decks.create(c, "   "), "không được để trống"),
    (lambda c, d: decks.create(c, "hội nghị SƠ KẾT"), "đã có bài trình chiếu tên"),
    (lambda c, d: decks.update(c, d, theme="neon"), "giao diện"),
    (lambda c, d: decks.update(c, d, advance_seconds=1), "từ 3 đến 3600"),
    (lambda c, d: decks.update(c, d, event_on="02/10/2024"), "YYYY-MM-DD"),
    (lambda c, d: decks.remove_item(c, d, 9), "vị trí 9"),
    (lambda c, d: decks.add_item(c, 999, "overview", "kpis", {}), "số 999"),
])
def test_bad_writes_are_refused_and_change_nothing(db, tmp_path, call, message):
    path = tmp_path / "bad.duckdb"
    shutil.copy(db, path)
    c = duckdb.connect(str(path))
    d = int(deck_queries.deck_by_name(c, "Hội nghị sơ kết")["deck_id"])
    before = (c.execute("select * from decks order by deck_id").fetchall(),
              c.execute("select * from deck_items order by deck_id, position").fetchall(),
              c.execute("select count(*) from audit_log").fetchall())
    with pytest.raises(ValueError, match=message):
        call(c, d)
    after = (c.execute("select * from decks order by deck_id").fetchall(),
             c.execute("select * from deck_items order by deck_id, position").fetchall(),
             c.execute("select count(*) from audit_log").fetchall())
    assert before == after
    c.close()


# ---- slides from stored items ------------------------------------------------------------------------


def test_deck_slides_rebuild_items_with_their_own_filters(db):
    c = _read(db)
    deck = deck_queries.deck_by_name(c, "Hội nghị sơ kết")
    items = deck_queries.items(c, deck["deck_id"])
    reader = blocks.DirectReader(c)
    got, meta = slides.deck_slides(deck, items, reader)
    assert [s.kind for s in got] == ["title", "kpis", "block", "block", "closing"]
    assert got[0].title == "Hội nghị sơ kết" and "Sơn La, 02/10/2024" in got[0].lines
    # each slide has the title the deck gave it (the manager lists the same); in English, the block's own
    assert [s.title for s in got[1:4]] == ["Chỉ số chính", "Xếp hạng", "Kênh"]
    english, _ = slides.deck_slides(deck, items, reader, "en")
    assert english[2].title != "Xếp hạng"
    assert got[0].subtitle == "Sơn La — Quý III/2024"
    # the KPI slide holds the same numbers as the metric layer for the item's saved filters
    view = blocks.build_view(views.get("overview"), Q3, reader)
    row = reader.totals(["members", "channels"], filters=view.filters).iloc[0]
    assert row["members"] == 13712
    kpis = {k.key: k for k in got[1].item.kpis}
    assert kpis["members"].value_text.startswith("13.712")
    assert kpis["channels"].value_text.startswith(f"{int(row['channels']):,}".replace(",", "."))
    # one slide alone (the presentation mode) is the same slide
    alone, _ = slides.deck_slide(deck, items, 2, reader)
    assert [k.value_text for k in alone.item.kpis] == [k.value_text for k in got[1].item.kpis]
    assert slides.deck_slide(deck, items, 99, reader)[0].kind == "closing"       # clamped
    c.close()


def test_an_item_saved_without_a_title_takes_its_blocks_own(db, tmp_path):
    # the write side allows a NULL title (the command line, the API): the slide said "nan"
    path = tmp_path / "untitled.duckdb"
    shutil.copy(db, path)
    con = duckdb.connect(str(path))
    deck_id = decks.create(con, "Không tiêu đề", actor="test")
    decks.add_item(con, deck_id, "overview", "kpis", Q3, "Chỉ số chính", actor="test")
    decks.add_item(con, deck_id, "overview", "ranking", Q3, None, actor="test")
    con.close()
    c = _read(path)
    try:
        deck = deck_queries.deck_by_name(c, "Không tiêu đề")
        got, _ = slides.deck_slides(deck, deck_queries.items(c, deck["deck_id"]), blocks.DirectReader(c))
    finally:
        c.close()
    assert got[2].title and "nan" not in got[2].title.lower()


def test_a_gone_page_or_block_is_a_notice_slide(db):
    c = _read(db)
    reader = blocks.DirectReader(c)
    gone = slides.item_slide({"page": "nowhere", "block": "x", "params": "{}", "title": "Cũ"}, reader)
    assert gone.item is None and "nowhere" in gone.subtitle
    gone = slides.item_slide({"page": "overview", "block": "x", "params": "not json", "title": "Cũ"}, reader)
    assert gone.item is None and "Tổng quan" in gone.subtitle
    c.close()


def test_every_block_of_every_page_resolves_outside_streamlit(db):
    """The declarations serve decks and the command line: every page's blocks resolve without a browser."""
    c = _read(db)
    reader = blocks.DirectReader(c)
    for key in views.PAGES:
        got, meta = slides.page_slides(views.get(key), {"from": "2024-01", "to": "2024-06"}, reader)
        assert got[0].kind == "title"
        assert any(s.item is not None for s in got[1:]), key
        assert not [s for s in got if s.subtitle and "không dựng được" in s.subtitle.lower()], key
    c.close()


# ---- python -m data report ---------------------------------------------------------------------------


def _report(db, *args) -> int:
    return cli.main(["report", "--db", str(db), *args])


def test_report_page_pptx_numbers_equal_the_metric_layer(db, tmp_path):
    out = tmp_path / "tong-quan.pptx"
    assert _report(db, "--page", "overview", "--unit", "14", "--from", "2024-07", "--to", "2024-09",
                   "--grain", "quarter", "--out", str(out)) == 0
    prs = Presentation(str(out))
    titles = [s.shapes.title.text if s.shapes.title is not None else
              next(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    assert titles[0] == "Tổng quan" and "Chỉ số chính" in titles[1]
    table = next(sh.table for sh in prs.slides[1].shapes if sh.has_table)
    cells = {table.cell(r, 0).text: table.cell(r, 1).text for r in range(1, len(table.rows))}
    assert cells["Thành viên biệt đội"].startswith("13.712")
    c = _read(db)
    reader = blocks.DirectReader(c)
    view = blocks.build_view(views.get("overview"), Q3, reader)
    ranking = reader.totals(["members"], by=["unit"], filters=replace(view.filters, units=()), ytd=False)
    c.close()
    chart = next(sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart and "Xếp hạng" in
                 next(x.text_frame.text for x in s.shapes if x.has_text_frame))
    values = sorted(v for v in chart.plots[0].series[0].values if v is not None)
    assert values == sorted(float(x) for x in ranking["members"].dropna())
    notes = prs.slides[1].notes_slide.notes_text_frame.text
    assert "13.712" in notes


def test_report_page_xlsx_and_pdf(db, tmp_path):
    xlsx, pdf = tmp_path / "kenh.xlsx", tmp_path / "kenh.pdf"
    common = ["--page", "kenh-thong-tin", "--unit", "14", "48", "--from", "2024-07", "--to", "2024-09",
              "--grain", "quarter"]
    assert _report(db, *common, "--out", str(xlsx)) == 0
    assert _report(db, *common, "--format", "pdf", "--out", str(pdf)) == 0
    wb = load_workbook(xlsx)
    first = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert any("Sơn La" in str(x) and "Đà Nẵng" in str(x) for x in first)
    assert any("Quý III/2024" in str(x) for x in first)
    assert len(wb.sheetnames) >= 4
    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Sơn La" in text and "Đà Nẵng" in text and "Quý III/2024" in text
    assert "Dữ liệu mẫu" in text                                     # the sample notice


def test_report_deck_pdf_with_overrides(db, tmp_path):
    out = tmp_path / "deck.pdf"
    assert _report(db, "--deck", "Hội nghị sơ kết", "--out", str(out)) == 0
    text = PdfReader(str(out)).pages[1].extract_text()
    assert "13.712" in text and "Sơn La" in text
    out2 = tmp_path / "deck-dn.xlsx"
    assert _report(db, "--deck", "Hội nghị sơ kết", "--unit", "48", "--out", str(out2)) == 0
    cells = [c for ws in load_workbook(out2).worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert any(isinstance(x, str) and "Đà Nẵng" in x for x in cells)


@pytest.mark.parametrize(("args", "message"), [
    (["--page", "nope"], "không có trang"),
    (["--page", "overview", "--deck", "x"], "đúng một"),
    (["--deck", "Không có"], "không có bài trình chiếu"),
    (["--page", "overview", "--unit", "99"], "Mã đơn vị “99”"),
    (["--page", "overview", "--from", "2024-13"], "YYYY-MM"),
    (["--page", "overview", "--grain", "week"], "--grain “week” không hợp lệ; chọn một trong: month, quarter"),
    (["--page", "overview", "--compare", "YOY"], "--compare “YOY” không hợp lệ; chọn một trong: prev, yoy, none"),
    (["--page", "overview", "--from", "2024-09", "--to", "2024-01"],
     "--from 2024-09 sau --to 2024-01: tháng bắt đầu phải trước"),
    (["--page", "overview", "--format", "docx"], "--format"),
    # a period with no month inside the data is refused, not filed as the data's last month
    (["--page", "overview", "--from", "2030-01", "--to", "2030-03"],
     "kỳ báo cáo 01/2030 – 03/2030 không có tháng nào trong phạm vi số liệu (01/2023 – 10/2026)"),
    (["--page", "overview", "--to", "2010-06"], "kỳ báo cáo 01/2010 – 06/2010 không có tháng nào"),
    (["--deck", "Hội nghị sơ kết", "--from", "2030-01"], "kỳ báo cáo từ 01/2030 không có tháng nào"),
])
def test_report_bad_arguments_exit_2_and_write_nothing(db, tmp_path, capsys, args, message):
    out = tmp_path / "x.pdf"
    assert _report(db, *args, "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert message in err
    # the message says what was refused, never what the page would have done instead
    assert "đã đổi chỗ" not in err and "; dùng “" not in err and "đã điều chỉnh" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_report_out_a_folder_is_named_so(db, tmp_path, capsys):
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    assert _report(db, "--page", "overview", "--out", str(folder)) == 2
    err = capsys.readouterr().err
    assert f"--out “{folder}” là một thư mục" in err and "--format" not in err
    assert list(folder.iterdir()) == []


def test_report_exit_status_from_the_shell(db, tmp_path):
    done = subprocess.run([sys.executable, "-m", "data", "report", "--db", str(db), "--page", "overview",
                           "--out", str(tmp_path / "x.doc")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "lỗi (report)" in done.stderr and "Traceback" not in done.stderr
