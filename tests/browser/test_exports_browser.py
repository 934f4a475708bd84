"""Browser journeys for exports and the presentation mode: real Chromium, real servers on the sample database.

Channels (``/kenh-thong-tin``) for Sơn La, September 2024: a chart's "Tải xuống" popover gives a
1920 px PNG with a readable file name, and "Tải cả trang: Excel" a workbook with the filters sheet and a
sheet per block; neither download reruns or resets the page.

Presentation (``/trinh-chieu``): a deck is written with ``data.decks`` into this module's own copy of the
sample before its own server starts (the session server copies the sample when it starts, possibly before
this module runs, and holds its copy open read-write). The deck has four slides: the cover, the Overview's
KPI cards, the Overview's trend, the closing slide.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from data import decks
from tests.browser.conftest import ROOT, RequestLog, RerunRequests, press_shortcut, running_dashboard

TIMEOUT = 90_000  # ms: the first run of a server opens the database and fills the caches
SHOTS = ROOT / "test-results"
CHANNELS = "/kenh-thong-tin?unit=14&from=2024-09&to=2024-09"
PRESENT = "/trinh-chieu"
DECK_NAME = "Hội nghị sơ kết quý III"
Q3 = {"unit": "14", "from": "2024-07", "to": "2024-09", "grain": "quarter"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SLUG_NAME = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*\.(png|xlsx)$")
VI_CHARS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


# ---- helpers ---------------------------------------------------------------------------------------


def settle(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=TIMEOUT)


def open_page(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    settle(page)


def png_width(data: bytes) -> int:
    """The width of a PNG from its IHDR chunk (the first chunk, right after the signature)."""
    assert data[:8] == PNG_MAGIC, f"not a PNG: {data[:16]!r}"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">I", data[16:20])[0]


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# ---- channels: chart PNG and page workbook ----------------------------------------------------------


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768}, accept_downloads=True)
def test_channels_png_and_page_workbook(page: Page, request_log: RequestLog, server_url, tmp_path):
    open_page(page, server_url + CHANNELS)
    expect(page.get_by_test_id("stMetric")).to_have_count(6, timeout=TIMEOUT)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Sơn La · Tháng 9/2024", timeout=TIMEOUT)
    before = query(page.url)
    charts = page.locator(".st-key-channels_mix .js-plotly-plot")
    expect(charts).to_have_count(1, timeout=TIMEOUT)
    n_charts = page.locator(".js-plotly-plot").count()

    # the platform chart's download menu → PNG
    column = page.get_by_test_id("stColumn").filter(has=page.locator(".st-key-channels_mix"))
    menu = column.get_by_test_id("stPopover").get_by_role("button", name=re.compile("Tải xuống"))
    expect(menu).to_have_count(1, timeout=TIMEOUT)
    menu.scroll_into_view_if_needed()
    menu.click()
    png_button = page.get_by_test_id("stPopoverBody").get_by_role("button", name=re.compile(re.escape("Ảnh PNG (1920 px)")))
    expect(png_button).to_be_visible(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        png_button.click()
    download = info.value
    name = download.suggested_filename
    assert SLUG_NAME.match(name) and name.endswith(".png"), name
    assert "son-la" in name and "2024" in name, name
    path = tmp_path / name
    download.save_as(path)
    data = path.read_bytes()
    assert png_width(data) == 1920
    page.keyboard.press("Escape")  # close the popover

    # the whole page as a workbook
    xlsx_button = page.get_by_role("button", name=re.compile("Tải cả trang: Excel"))
    expect(xlsx_button).to_have_count(1, timeout=TIMEOUT)
    xlsx_button.scroll_into_view_if_needed()
    with page.expect_download(timeout=TIMEOUT) as info:
        xlsx_button.click()
    download = info.value
    name = download.suggested_filename
    assert SLUG_NAME.match(name) and name.startswith("kenh-thong-tin_") and name.endswith(".xlsx"), name
    wb = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    sheets = wb.sheetnames
    assert sheets[0] == "Bộ lọc", sheets
    filters = {row[0]: row[1] for row in wb["Bộ lọc"].iter_rows(values_only=True) if row and row[0]}
    assert filters.get("Nội dung") == "Kênh thông tin", filters
    assert filters.get("Đơn vị") == "Sơn La", filters
    assert "9/2024" in (filters.get("Kỳ báo cáo") or ""), filters
    assert len(sheets) >= 4, sheets                                  # filters + several blocks
    assert "Theo loại kênh" in sheets, sheets
    # every block sheet starts with the filters, then its title; its table headers are Vietnamese
    headers_seen = []
    for sheet in sheets[1:]:
        rows = [r for r in wb[sheet].iter_rows(values_only=True)]
        assert rows[0][0] == "Nội dung", (sheet, rows[0])
        texts = [str(v) for r in rows for v in r if isinstance(v, str)]
        headers_seen += [t for t in texts if VI_CHARS.search(t)]
    mix_rows = list(wb["Theo loại kênh"].iter_rows(values_only=True))
    assert any("TikTok" in [str(v) for v in r] for r in mix_rows), mix_rows
    assert any(r and r[0] == "Loại kênh" for r in mix_rows), mix_rows   # the table's header row
    assert headers_seen
    wb.close()

    # downloads never rerun or reset the page
    assert query(page.url) == before, page.url
    expect(page.locator(".js-plotly-plot")).to_have_count(n_charts)
    expect(main).to_contain_text("Sơn La · Tháng 9/2024")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    request_log.assert_local()


# ---- presentation ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deck_server(sample_db_path, tmp_path_factory):
    """(base URL, deck id, slide count) of a server on a copy of the sample that holds one deck."""
    db_path = tmp_path_factory.mktemp("deck_server_db") / "sample.duckdb"
    shutil.copy(sample_db_path, db_path)
    con = duckdb.connect(str(db_path))
    try:
        deck_id = decks.create(con, DECK_NAME, actor="browser-test", place="Sơn La", event_on="2024-10-02")
        decks.add_item(con, deck_id, "overview", "kpis", Q3, "Chỉ số chính", actor="browser-test")
        decks.add_item(con, deck_id, "overview", "trend", Q3, "Diễn biến theo thời gian", actor="browser-test")
    finally:
        con.close()
    total = 2 + 2  # cover + two items + closing

    with running_dashboard(db_path, tmp_path_factory.mktemp("deck_server")) as base:
        yield base, deck_id, total


def count_text(page: Page, n: int, total: int):
    return page.locator(".st-key-present_count").get_by_text(f"{n} / {total}", exact=True)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1920, "height": 1080})
def test_slide_show_full_screen_and_arrow_key(page: Page, request_log: RequestLog, deck_server):
    base, deck_id, total = deck_server
    reruns = RerunRequests(page)
    open_page(page, f"{base}{PRESENT}?deck={deck_id}&slide=2")
    expect(count_text(page, 2, total)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stSidebar")).not_to_be_visible()
    expect(page.get_by_test_id("stHeader")).not_to_be_visible()
    # slide 2: the KPI cards of the first item, under its title
    expect(page.locator(".st-key-present_title")).to_contain_text("Chỉ số chính", timeout=TIMEOUT)
    expect(page.locator(".st-key-present_kpis").get_by_test_id("stMetric").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Trước")).to_be_enabled()

    press_shortcut(page, "ArrowRight", reruns)
    expect(page).to_have_url(re.compile(r"[?&]slide=3(&|$)"), timeout=TIMEOUT)
    settle(page)
    expect(count_text(page, 3, total)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".st-key-present_title")).to_contain_text("Diễn biến theo thời gian", timeout=TIMEOUT)
    expect(page.locator(".js-plotly-plot")).to_have_count(1, timeout=TIMEOUT)
    assert query(page.url)["deck"] == [str(deck_id)]
    expect(page.get_by_test_id("stSidebar")).not_to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    page.screenshot(path="/tmp/present_1920.png")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy("/tmp/present_1920.png", SHOTS / "present-1920x1080.png")
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_manager_lists_deck_and_unknown_deck_gives_notice(page: Page, request_log: RequestLog, deck_server):
    base, deck_id, total = deck_server
    open_page(page, base + PRESENT)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Trình chiếu")).to_be_visible(timeout=TIMEOUT)
    # the deck is listed (the picker shows it, with its two blocks) and its items are shown
    picker = main.get_by_role("combobox", name="Bài trình chiếu")
    expect(picker).to_have_value(f"{DECK_NAME} (2 khối)", timeout=TIMEOUT)
    expect(main).to_contain_text(f"Các trang chiếu ({total}, kể cả trang bìa và trang kết)")
    expect(main).to_contain_text("Chỉ số chính")
    expect(page.get_by_role("button", name="Bắt đầu trình chiếu")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)

    open_page(page, base + PRESENT + "?deck=999")
    expect(page.get_by_test_id("stAlert").filter(has_text="Không có bài trình chiếu “999”")).to_be_visible(
        timeout=TIMEOUT)
    expect(picker).to_have_value(f"{DECK_NAME} (2 khối)", timeout=TIMEOUT)   # the manager, with the decks there are
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"[?&]deck="), timeout=TIMEOUT)
    request_log.assert_local()
