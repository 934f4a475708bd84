"""Browser journey of the review conference (issue 9): a presenter opens /chuong-trinh, reads the programme's five key
tasks and their statuses, builds the conference deck with one click and opens it in presentation mode — at 1366×768
and on a phone, without horizontal scrolling and without a request leaving localhost.

The server runs on its own writable copy of the sample (the deck is stored in it); the test process itself stays
read-only for the other tests."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, RerunRequests, press_shortcut, running_dashboard, settled_box
from tests.browser.test_exports_browser import open_page, settle
from tests.browser.test_overview_browser import SHOTS, TIMEOUT, expect_no_exception, no_horizontal_scroll
from tests.test_programmes import SEED_TASKS

PAGE = "/chuong-trinh"
DECK = "Hội nghị đánh giá năm 2025 — Sơn La – Đà Nẵng"


@pytest.fixture(scope="module")
def writable_server(sample_db_path, tmp_path_factory):
    """(base URL, database path) of a server that may write (the deck button is enabled)."""
    db_path = tmp_path_factory.mktemp("programmes_server_db") / "sample.duckdb"
    shutil.copy(sample_db_path, db_path)
    mp = pytest.MonkeyPatch()
    mp.setenv("TUYENGIAO_READ_ONLY", "0")       # only for the server's environment, taken when it starts
    server = running_dashboard(db_path, tmp_path_factory.mktemp("programmes_server"))
    try:
        base = server.__enter__()
    finally:
        mp.undo()
    try:
        yield base, db_path
    finally:
        server.__exit__(None, None, None)


def expect_programme(page: Page) -> None:
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Chương trình phối hợp", exact=True)).to_be_visible(timeout=TIMEOUT)
    for seq, title in enumerate(SEED_TASKS, start=1):
        expect(main.get_by_role("heading", name=f"Nhiệm vụ {seq}: {title}")).to_have_count(1, timeout=TIMEOUT)
    expect(main).to_contain_text("ký ngày 02/10/2024 tại Sơn La")
    # a status: in each task's line under its heading, and in the legend of the year's results
    expect(main.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(r"Sơn La: \d+ vượt"))
           .first).to_be_visible()
    expect(main.locator(".js-plotly-plot").first.locator("text.legendtext", has_text="Vượt")).to_have_count(1)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_the_programme_page_and_its_conference_deck(page: Page, request_log: RequestLog, writable_server):
    base, _db_path = writable_server
    reruns = RerunRequests(page)
    open_page(page, base + PAGE)
    expect_programme(page)
    expect_no_exception(page)
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "programmes-1366x768.png"))

    button = page.get_by_role("button", name="Tạo bài trình chiếu hội nghị")
    expect(button).to_be_enabled(timeout=TIMEOUT)
    button.click()
    settle(page)
    expect(page.get_by_test_id("stMain")).to_contain_text(f"Đã lưu bài trình chiếu “{DECK}” (14 trang).",
                                                          timeout=TIMEOUT)
    link = page.get_by_test_id("stMain").get_by_role("link", name="Trình chiếu", exact=True)
    href = link.get_attribute("href")
    found = re.search(r"/trinh-chieu\?deck=\d+&slide=1$", href or "")
    assert found, href

    # presentation mode: the title slide with the programme, place and date, then a task slide with its status
    open_page(page, base + found.group(0))
    expect(page.locator(".st-key-present_count")).to_contain_text("1 / 14", timeout=TIMEOUT)
    expect(page.locator(".st-key-present_cover")).to_contain_text("Chương trình phối hợp Sơn La – Đà Nẵng",
                                                                 timeout=TIMEOUT)
    expect(page.locator(".st-key-present_cover_lines")).to_contain_text("Đà Nẵng, 17/10/2025")
    # one key at a time: each press moves the slide with a rerun, and a press while it redraws may be missed
    press_shortcut(page, "ArrowRight", reruns)
    expect(page).to_have_url(re.compile(r"[?&]slide=2(&|$)"), timeout=TIMEOUT)
    expect(page.locator(".st-key-present_count")).to_contain_text("2 / 14", timeout=TIMEOUT)
    settle(page)
    nav = page.locator(".st-key-present_nav")
    before = nav.bounding_box()
    press_shortcut(page, "ArrowRight", reruns)
    expect(page).to_have_url(re.compile(r"[?&]slide=3(&|$)"), timeout=TIMEOUT)
    settle(page)
    expect(page.locator(".st-key-present_title")).to_contain_text("Nhiệm vụ 1", timeout=TIMEOUT)
    expect(page.locator(".st-key-present_caption")).to_contain_text(re.compile(r"Sơn La: \d+ vượt"))
    # a slide drawn for the hall's 1080 pixels fits a 1366×768 laptop whole: the chart's legend (which colour is
    # which party) above the presenter's buttons, and the buttons where they were on the previous slide
    after = nav.bounding_box()
    assert abs(after["y"] - before["y"]) < 2 and after["y"] + after["height"] <= 768, (before, after)
    legend = settled_box(page, page.get_by_test_id("stMain").locator(".js-plotly-plot .legend").first)
    assert legend["y"] + legend["height"] <= after["y"], (legend, after)
    expect_no_exception(page)
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 390, "height": 844})
def test_the_programme_page_on_a_phone(page: Page, request_log: RequestLog, server_url):
    open_page(page, server_url + PAGE)
    expect_programme(page)
    expect_no_exception(page)
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "programmes-390x844.png"))
    request_log.assert_local()
