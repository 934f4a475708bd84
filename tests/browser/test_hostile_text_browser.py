"""Text is text, in the browser (issue 12 §1): a deck named, a contest documented, a search typed and a link written
by someone hostile — Markdown images and links, raw HTML, Streamlit's icon and colour codes — are shown as the words
they are. Every request that would leave localhost is intercepted and ABORTED (``context.route``); the test asserts
that none was even attempted while each such text is on screen, and that the page holds no link or image pointing
outside.
"""

from __future__ import annotations

import shutil
from urllib.parse import quote

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import is_local, running_dashboard
from tests.browser.test_overview_browser import TIMEOUT
from tests.test_importer import cli
from ui.markdown import JOINER

IMAGE = "![x](http://example.invalid/anh.png)"
LINK = "[Đăng nhập lại](http://example.invalid/dang-nhap)"
HTML = "<img src=http://example.invalid/the.png>"
CODES = ":material/warning: :red[đỏ] **đậm** $x^2$"
DECK = f"{IMAGE} {LINK}"
DOCUMENT = f"{IMAGE} {HTML}"
FORMAT = f"{LINK} {CODES}"
TITLE = f"Cuộc thi {LINK}"
SEARCH = f"{LINK} {IMAGE}"
URL_UNIT = "![u](http://example.invalid/u.png)"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_server(sample_db_path, tmp_path_factory):
    """A server on a copy of the sample with a hostile contest (title, document, format) and a hostile deck."""
    folder = tmp_path_factory.mktemp("hostile_text")
    db = folder / "hostile.duckdb"
    shutil.copy(sample_db_path, db)
    contests = folder / "cuoc-thi.csv"
    contests.write_text("Mã cuộc thi,Tên cuộc thi,Văn bản,Mã đơn vị tổ chức,Ngày bắt đầu,Ngày kết thúc,Hình thức,"
                        "Chỉ tiêu lượt,Chỉ tiêu người\n"
                        f',"{TITLE}","{DOCUMENT}",48,01/01/2026,31/12/2026,"{FORMAT}",,\n', encoding="utf-8")
    res = cli("--db", db, "import", contests)
    assert res.returncode == 0, res.stdout + res.stderr
    from data import decks

    con = duckdb.connect(str(db))
    try:
        contest = con.execute("select contest_id from contests where title = ?", [TITLE]).fetchone()[0]
        deck = decks.create(con, DECK, title=DECK, subtitle=LINK, place=IMAGE)
        decks.add_item(con, deck, "overview", "kpis", {"unit": "14"}, title=LINK)
    finally:
        con.close()
    with running_dashboard(db, folder) as base:
        yield base, contest, deck


@pytest.fixture
def guarded(context):
    """Every request outside localhost aborted and recorded; local ones pass."""
    attempted: list[str] = []

    def handle(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            attempted.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    context.on("page", lambda pg: pg.on("websocket", lambda ws: None if is_local(ws.url) else attempted.append(ws.url)))
    return attempted


def words(page: Page) -> str:
    """What a reader sees (the invisible word joiner that keeps bare links from forming taken out)."""
    return page.inner_text("body").replace(JOINER, "")


def settle(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT)
    page.wait_for_timeout(1500)      # images and fonts a page asks for are requested by now


def no_outside_link_or_image(page: Page) -> None:
    for selector in ('a[href*="example.invalid"]', 'img[src*="example.invalid"]', '[style*="example.invalid"]'):
        found = page.locator(selector)
        assert found.count() == 0, (selector, [found.nth(i).evaluate(
            "e => { let p = e; while (p && !p.getAttribute('data-testid')) p = p.parentElement; "
            "return (p ? p.getAttribute('data-testid') : '') + ' :: ' + e.outerHTML.slice(0, 200) }")
            for i in range(found.count())])
    assert page.locator(".katex").count() == 0            # no maths typeset from a value


def test_hostile_texts_are_words_and_nothing_leaves_localhost(page: Page, hostile_server, guarded):
    base, contest, deck = hostile_server
    shown: dict[str, str] = {}

    # a contest whose title, document and format are hostile, opened by a link with a hostile unit parameter
    page.goto(f"{base}/cuoc-thi?contest={contest}&unit={quote(URL_UNIT)}", timeout=TIMEOUT)
    settle(page)
    expect(page.get_by_text("Văn bản:", exact=False).first).to_be_visible(timeout=TIMEOUT)
    shown["contest"] = words(page)
    no_outside_link_or_image(page)

    # a search box given hostile text through its link, then typed into the glossary's box
    page.goto(f"{base}/kenh-thong-tin?tim_kenh={quote(SEARCH)}", timeout=TIMEOUT)
    settle(page)
    shown["search"] = words(page)
    no_outside_link_or_image(page)
    page.goto(f"{base}/tu-dien-chi-tieu", timeout=TIMEOUT)
    settle(page)
    box = page.get_by_label("Tìm chỉ số", exact=False)
    box.fill(SEARCH)
    box.press("Enter")
    settle(page)
    shown["glossary"] = words(page)
    no_outside_link_or_image(page)

    # the deck: its name in the manager, its title on the cover slide
    page.goto(f"{base}/trinh-chieu?deck={deck}&slide=1", timeout=TIMEOUT)
    settle(page)
    shown["deck"] = words(page)
    no_outside_link_or_image(page)

    assert guarded == [], f"requests outside localhost were attempted: {guarded}"
    for text in (IMAGE, LINK, HTML):
        assert text in shown["contest"], text            # the document and format, as typed
    assert "Đăng nhập lại" not in [a.inner_text() for a in page.locator("a").all()]
    assert URL_UNIT in shown["contest"]                  # the link's bad unit named in the notice, as text
    assert SEARCH in shown["search"] and SEARCH in shown["glossary"]
    assert DECK in shown["deck"] and LINK in shown["deck"]
    assert ":material/warning:" in shown["contest"] and ":red[đỏ]" in shown["contest"]
