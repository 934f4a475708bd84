"""Page test: every analysis page offers the drafted period report (Word and PDF) beside its XLSX/PDF buttons,
labelled in the interface language; the file it makes is the one ``reports.narrative`` drafts for the filter
bar's choices through the page's reader."""

from __future__ import annotations

import io

import docx
import pytest
from streamlit.testing.v1 import AppTest

from ui import narrative_ui

APP = "../dashboard.py"


def open_page(db_path, monkeypatch, page: str | None, **params) -> AppTest:
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if page:
        at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
    return at


def buttons(at: AppTest, key_part: str) -> dict[str, str]:
    return {b.proto.id.rsplit("-", 1)[-1]: b.proto.label for b in at.get("download_button") if key_part in b.proto.id}


@pytest.mark.parametrize("page, key", [(None, "overview"), ("app_pages/channels.py", "channels"),
                                       ("app_pages/teams.py", "teams")])
def test_pages_offer_the_drafted_report(fixture_db_path, monkeypatch, page, key):
    at = open_page(fixture_db_path, monkeypatch, page, unit="14", **{"from": "2024-07", "to": "2024-09"})
    found = buttons(at, "page_narrative")
    assert found == {f"page_narrative_docx_{key}": "Báo cáo soạn sẵn (Word)",
                     f"page_narrative_pdf_{key}": "Báo cáo soạn sẵn (PDF)"}
    assert buttons(at, "page_pdf_")        # beside the page's own PDF


def test_english_labels(fixture_db_path, monkeypatch):
    at = open_page(fixture_db_path, monkeypatch, "app_pages/channels.py", unit="14", lang="en")
    assert set(buttons(at, "page_narrative").values()) == {"Drafted report (Word)", "Drafted report (PDF)"}


def test_the_button_drafts_for_the_filter_bar_choices(fixture_con):
    # the same function the button calls, on a view built the way the page builds it
    from ui import blocks, views

    reader = blocks.DirectReader(fixture_con)
    view = blocks.build_view(views.get("teams"), {"unit": "14", "from": "2024-07", "to": "2024-09"}, reader)
    data = narrative_ui.draft_bytes(view, "docx")
    d = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Các biệt đội, tổ thông tin có 41 thành viên" in text
    assert d.tables[0].rows[0].cells[0].paragraphs[0].text == "TỈNH ỦY SƠN LA"


# ---- the programme page: the programme report beside its files ----------------------------------------------


@pytest.fixture(scope="module")
def programme_db(tmp_path_factory):
    from tests import programme_fixture

    path = tmp_path_factory.mktemp("programme_page") / "prog.duckdb"
    programme_fixture.build(path)
    return path


def test_programme_page_offers_the_programme_report(programme_db, monkeypatch):
    at = open_page(programme_db, monkeypatch, "app_pages/programmes.py", unit="14", year="2024")
    found = buttons(at, "programme_report")
    assert found == {"programme_report_docx_programmes": "Báo cáo chương trình (Word)",
                     "programme_report_pdf_programmes": "Báo cáo chương trình (PDF)"}
    assert buttons(at, "page_pdf_") and buttons(at, "page_narrative")      # beside the page's files
    en = open_page(programme_db, monkeypatch, "app_pages/programmes.py", unit="14", lang="en")
    assert set(buttons(en, "programme_report").values()) == {"Programme report (Word)", "Programme report (PDF)"}
    # no programme for the chosen units: no programme report
    none = open_page(programme_db, monkeypatch, "app_pages/programmes.py", unit="01")
    assert not buttons(none, "programme_report")


def test_the_programme_button_drafts_the_chosen_programme_and_year(programme_db):
    import duckdb

    from ui import blocks, views

    con = duckdb.connect(str(programme_db), read_only=True)
    try:
        reader = blocks.DirectReader(con)
        view = blocks.build_view(views.get("programmes"), {"unit": "48", "programme": "1", "year": "2024"}, reader)
        d = docx.Document(io.BytesIO(narrative_ui.programme_bytes(view, 1, 2024, "docx")))
    finally:
        con.close()
    text = "\n".join(p.text for p in d.paragraphs)
    assert d.paragraphs[1].text == "Kết quả thực hiện chương trình thử nghiệm Sơn La – Đà Nẵng trong năm 2024"
    assert d.tables[0].rows[0].cells[0].paragraphs[0].text == "THÀNH ỦY ĐÀ NẴNG"      # the first chosen party
    assert "Đà Nẵng đạt 400 (chưa đạt chỉ tiêu 500, bằng 80,0%)" in text
