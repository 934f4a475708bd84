"""Page tests of decks and the presentation page: a block added from a page lands in the deck with the
page's filters; the manager creates, reorders and deletes; the slide show draws every declared block of
every page from the same declaration, follows ?deck=&slide=, and refuses nonsense with a notice."""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from data import decks
from queries import decks as deck_queries
from tests.apptest import charts
from ui import blocks, views

APP = "../dashboard.py"
Q3 = {"unit": "14", "from": "2024-07", "to": "2024-09", "grain": "quarter"}


@pytest.fixture()
def db_copy(sample_db_path, tmp_path, monkeypatch):
    path = tmp_path / "present.duckdb"
    shutil.copy(sample_db_path, path)
    monkeypatch.setenv("TUYENGIAO_DB", str(path))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "0")
    return path


def _app(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _app_con(path):
    from ui import store

    return store._connection(str(path.resolve())).cursor()


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [x.value for x in at.title]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def test_add_a_block_from_a_page_keeps_its_filters(db_copy):
    at = _app(Q3)
    at.button(key="dl_overview_ranking_deck").click().run()
    assert not at.exception
    assert any("Bài trình chiếu" in str(t.value) for t in at.toast)
    at.button(key="dl_overview_kpis_deck").click().run()
    cur = _app_con(db_copy)
    listed = deck_queries.list_decks(cur)
    assert list(listed["name"]) == ["Bài trình chiếu"]
    items = deck_queries.items(cur, int(listed["deck_id"][0]))
    assert list(items["block"]) == ["ranking", "kpis"]
    saved = deck_queries.params_of(items["params"][0])
    assert {k: saved[k] for k in Q3} == Q3 and saved["lang"] == "vi"


def test_manager_creates_reorders_and_deletes(db_copy):
    at = _app(page="app_pages/present.py")
    assert "Chưa có bài trình chiếu nào" in _texts(at)
    at.text_input(key="present_new_name").input("Hội nghị Sơn La")
    next(b for b in at.button if b.label == "Tạo bài trình chiếu").click()
    at.run()
    assert not at.exception
    cur = _app_con(db_copy)
    deck = deck_queries.deck_by_name(cur, "Hội nghị Sơn La")
    assert deck is not None
    d = deck["deck_id"]
    from ui import store  # the app holds the file read-write: write through its connection

    for key in ("kpis", "trend"):
        decks.add_item(store.connection(), d, "overview", key, Q3, key, actor="test")
    at.run()
    assert "Các trang chiếu (4" in "\n".join(s.value for s in at.subheader)
    at.button(key=f"present_up_{d}_2").click().run()
    assert list(deck_queries.items(_app_con(db_copy), d)["block"]) == ["trend", "kpis"]
    # deleting needs the confirmation box
    at.button(key=f"present_delete_{d}").click().run()
    assert any("xác nhận" in e.value for e in at.error)
    assert deck_queries.deck(_app_con(db_copy), d) is not None
    at.checkbox(key=f"present_{d}_confirm").check().run()
    at.button(key=f"present_delete_{d}").click().run()
    assert deck_queries.deck(_app_con(db_copy), d) is None


def _deck_of_every_block(path) -> tuple[int, list[tuple[str, str]]]:
    """A deck holding every block of every page that may go on a slide (written before the app starts)."""
    con = duckdb.connect(str(path))
    reader = blocks.DirectReader(con)
    d = decks.create(con, "Mọi khối", actor="test", place="Đà Nẵng", event_on="2025-10-02", theme="dark")
    added = []
    for key in views.PAGES:
        decl = views.get(key)
        view = blocks.build_view(decl, {"from": "2024-01", "to": "2024-06"}, reader)
        for b in blocks.flatten(decl.layout(view)):
            if b.slide:
                decks.add_item(con, d, key, b.key, {"from": "2024-01", "to": "2024-06"}, b.key, actor="test")
                added.append((key, b.key))
    con.close()
    return d, added


def test_slide_show_draws_every_block_of_every_page(db_copy):
    d, added = _deck_of_every_block(db_copy)
    assert {p for p, _ in added} == set(views.PAGES)
    at = _app({"deck": str(d), "slide": "1"}, page="app_pages/present.py")
    assert "Mọi khối" in _texts(at) and "Đà Nẵng, 02/10/2025" in _texts(at)
    total = len(added) + 2
    tables = 0
    for n in range(2, total):
        at.query_params["slide"] = str(n)
        at.run()
        assert not at.exception, (n, added[n - 2], [e.message for e in at.exception])
        shown = _texts(at)
        assert f"{n} / {total}" in shown, added[n - 2]
        assert "Không dựng được" not in shown, added[n - 2]
        page, key = added[n - 2]
        if key == "kpis":
            assert len(at.metric) >= 3, added[n - 2]
        else:
            drawn = len(charts(at)) + len(at.table)
            assert drawn >= 1 or "Không có số liệu" in shown, added[n - 2]
            tables += len(at.table)
            for table in at.table:          # written as on the page: no 0.1008 for 10,08 %, no 34.521 for 34,52
                cells = [str(v) for col in table.value.columns for v in table.value[col]]
                assert not any(re.fullmatch(r"-?0\.\d+|-?\d+\.\d{4,}|nan|None", x) for x in cells), (added[n - 2], cells)
    assert tables >= 1          # the table blocks (the compare table…) are drawn as text tables in large type
    at.query_params["slide"] = str(total)
    at.run()
    assert "Trân trọng cảm ơn" in _texts(at)


def test_slide_show_navigation_and_bad_parameters(db_copy):
    con = duckdb.connect(str(db_copy))
    d = decks.create(con, "Ba trang", actor="test")
    decks.add_item(con, d, "overview", "kpis", Q3, "Chỉ số chính", actor="test")
    con.close()
    at = _app({"deck": str(d), "slide": "2"}, page="app_pages/present.py")
    assert "2 / 3" in _texts(at)
    values = {m.label: m.value for m in at.metric}
    assert values["Thành viên biệt đội (người)"] == "13.712"
    at.button(key="present_next").click().run()
    assert at.query_params["slide"] == ["3"] or at.query_params["slide"] == "3"
    assert "3 / 3" in _texts(at)
    at.button(key="present_prev").click().run()
    assert "2 / 3" in _texts(at)
    # a slide beyond the deck is clamped, with a notice; a word is refused, with a notice
    at = _app({"deck": str(d), "slide": "9"}, page="app_pages/present.py")
    assert "3 / 3" in _texts(at) and "Không có trang chiếu 9" in _texts(at)
    at = _app({"deck": str(d), "slide": "abc"}, page="app_pages/present.py")
    assert "1 / 3" in _texts(at) and "“abc” không phải số trang chiếu" in _texts(at)
    # the link's filter values the slides do not use (each keeps its own): said once in a passing toast, never a
    # box on the projected slide
    at = _app({"deck": str(d), "slide": "2", "unit": "999", "grain": "week"}, page="app_pages/present.py")
    toasts = [x.value for x in at.toast]
    assert len(toasts) == 1 and "Mã đơn vị “999” không tồn tại." in toasts[0] and "grain=week" in toasts[0]
    assert "999" not in _texts(at)
    at.button(key="present_next").click().run()
    assert not at.toast
    # an unknown deck: the manager with a notice
    at = _app({"deck": "999"}, page="app_pages/present.py")
    assert "Không có bài trình chiếu “999”" in _texts(at)
    assert "Ba trang" in "\n".join(str(o) for s in at.selectbox for o in s.options)


def test_read_only_database_shows_decks_but_cannot_change_them(sample_db_path, tmp_path, monkeypatch):
    path = tmp_path / "ro.duckdb"
    shutil.copy(sample_db_path, path)
    con = duckdb.connect(str(path))
    decks.create(con, "Chỉ xem", actor="test")
    con.close()
    monkeypatch.setenv("TUYENGIAO_DB", str(path))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "1")
    at = _app(page="app_pages/present.py")
    assert "chỉ đọc" in _texts(at)
    assert next(b for b in at.button if b.label == "Tạo bài trình chiếu").disabled
    at = _app(Q3)
    assert at.button(key="dl_overview_ranking_deck").disabled
