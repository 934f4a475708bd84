"""The resolved-block cache of the app (``ui.store.resolve``): a view drawn once is handed to the next session
asking for it — same figures, same words — without rebuilding a block; a write (a new data version) or another
filter set builds it again. Another scope never gets them: tests/test_access_pages.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data import db
from tests import fixture_db
from tests.apptest import charts, open_page, texts
from ui import blocks, store
from ui.result_cache import ResultCache

PAGES = ["app_pages/overview.py", "app_pages/channels.py", "app_pages/teams.py", "app_pages/activities.py",
         "app_pages/contests.py", "app_pages/compare.py", "app_pages/coverage.py"]
Q3 = {"from": "2024-07", "to": "2024-09", "grain": "month"}


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """A fresh fixture database, an empty cache, and a count of the blocks built (``blocks.resolve`` calls)."""
    path = tmp_path / "fixture.duckdb"
    fixture_db.build(path)
    monkeypatch.setenv("TUYENGIAO_DB", str(path))
    monkeypatch.setenv("TUYENGIAO_READ_ONLY", "0")          # the test writes a new data version through the app
    monkeypatch.setattr(store, "CACHE", ResultCache())
    built: list[str] = []
    resolve = blocks.resolve

    def counting(block, view):
        built.append(f"{view.page}/{block.key}")
        return resolve(block, view)

    monkeypatch.setattr(blocks, "resolve", counting)
    yield path, built
    store.reset_connection(str(path.resolve()))


def drawn(at: AppTest) -> tuple:
    """What a reader sees: every text, every metric card, every chart's spec."""
    return texts(at), [(m.label, m.value) for m in at.metric], [c.spec for c in charts(at)]


@pytest.mark.parametrize("page", PAGES)
def test_a_second_session_on_the_same_view_gets_the_same_page_without_rebuilding_a_block(counted, monkeypatch, page):
    path, built = counted
    first = open_page(path, monkeypatch, page, **Q3)
    assert built, "the first session builds the page's blocks"
    n = len(built)
    second = open_page(path, monkeypatch, page, **Q3)
    assert built[n:] == []
    assert drawn(second) == drawn(first)


def test_a_write_or_another_filter_set_builds_the_blocks_again(counted, monkeypatch):
    path, built = counted
    page = "app_pages/overview.py"
    first = drawn(open_page(path, monkeypatch, page, **Q3))
    n = len(built)
    open_page(path, monkeypatch, page, **{**Q3, "grain": "quarter"})     # another filter set
    assert len(built) > n
    n = len(built)
    open_page(path, monkeypatch, page, **Q3)                             # the first one again: cached
    assert len(built) == n
    db.bump_data_version(store._connection(str(path.resolve())))     # what every import and undo ends with
    again = open_page(path, monkeypatch, page, **Q3)        # after a write: built again, same figures
    assert len(built) > n and drawn(again) == first


def test_the_programme_page_reads_the_calendar_on_every_run(counted, monkeypatch):
    """Its conferences are held or planned against today: its blocks are never taken from the cache."""
    path, built = counted
    open_page(path, monkeypatch, "app_pages/programmes.py")
    first = [b for b in built if b.startswith("programmes/")]
    assert first
    open_page(path, monkeypatch, "app_pages/programmes.py")
    assert [b for b in built if b.startswith("programmes/")] == first * 2
