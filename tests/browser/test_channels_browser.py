"""Browser journeys through Kênh thông tin (channels): real Chromium, real server on the sample database.

Sơn La (unit 14) had 672 active channels at the end of September 2024; clicking the TikTok bar narrows
the whole page to TikTok (``drill=platform:tiktok``) and the card then shows Sơn La's TikTok channels,
counted here with raw SQL. Đà Nẵng (unit 48) runs the fanpage "Đà Nẵng Tươi Đẹp".
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, RequestLog, RerunRequests, click_point
from ui import theme

TIMEOUT = 90_000  # ms; generous: the first run of a session opens the database and fills the caches
SHOTS = ROOT / "test-results"
SLUG = "/kenh-thong-tin"
SON_LA_SEPT_2024 = SLUG + "?unit=14&from=2024-09&to=2024-09"
DA_NANG = SLUG + "?unit=48&from=2025-07&to=2026-10"
CHANNELS = "Kênh đang hoạt động"
KPI_COUNT = 6


def rgb(hex_color: str) -> str:
    h = hex_color.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


def wait_for_page(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=TIMEOUT)
    expect(page.get_by_test_id("stMetric")).to_have_count(KPI_COUNT, timeout=TIMEOUT)


def open_page(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_page(page)


def channels_card(page: Page):
    return page.get_by_test_id("stMetric").filter(has_text=CHANNELS).get_by_test_id("stMetricValue")


def param_pattern(name: str, value: str) -> re.Pattern[str]:
    return re.compile(rf"[?&]{re.escape(name)}={re.escape(value)}(&|$)")


def tiktok_channels(db_path, code: str, day: dt.date) -> int:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute("""
            select count(*)
            from channels as c
            join units as u on u.unit_id = c.unit_id
            left join units as s on s.unit_id = u.successor_id
            where (case when u.valid_to is null then u.code else s.code end) = ?
              and c.platform_key = 'tiktok'
              and (c.opened_on is null or c.opened_on <= ?)
              and (c.closed_on is null or c.closed_on > ?)
        """, [code, day, day]).fetchone()[0]
    finally:
        con.close()


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return {doc: document.documentElement.scrollWidth, inner: window.innerWidth,
                main: main ? main.scrollWidth : 0, mainClient: main ? main.clientWidth : 0};
    }""")
    assert widths["doc"] <= widths["inner"] + 1, f"the page scrolls horizontally: {widths}"
    assert widths["main"] <= widths["mainClient"] + 1, f"the main area scrolls horizontally: {widths}"


def table_cells(page: Page) -> list[str]:
    """The texts of the table's accessible grid (the visible grid is a canvas)."""
    frame = page.get_by_test_id("stDataFrame")
    frame.scroll_into_view_if_needed()
    cells = frame.locator('[role="gridcell"]')  # the accessible grid is hidden: not get_by_role
    expect(cells.first).to_be_attached(timeout=TIMEOUT)
    # one read of every cell: counting, then reading cell by cell, races a re-render of the grid
    return cells.all_text_contents()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_click_tiktok_bar_drills_down_and_clears(page: Page, request_log: RequestLog, server_url, sample_db_path):
    reruns = RerunRequests(page)
    open_page(page, server_url + SON_LA_SEPT_2024)
    expect(channels_card(page)).to_have_text("672", timeout=TIMEOUT)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Sơn La · Tháng 9/2024")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "channels-1366x768.png"))

    # click the TikTok bar of the platform chart (its fixed colour identifies it)
    bar = page.locator(f'.st-key-channels_mix .bars path[style*="fill: {rgb(theme.PLATFORM_COLORS["tiktok"])}"]')

    def locate():
        expect(bar).to_have_count(1, timeout=TIMEOUT)
        bar.scroll_into_view_if_needed()
        return bar

    click_point(page, reruns, locate, "TikTok")

    expect(page).to_have_url(param_pattern("drill", "platform%3Atiktok"), timeout=TIMEOUT)
    wait_for_page(page)
    expected = tiktok_channels(sample_db_path, "14", dt.date(2024, 9, 30))
    assert 0 < expected < 672
    expect(channels_card(page)).to_have_text(str(expected), timeout=TIMEOUT)
    expect(page.get_by_role("button", name="› loại kênh: TikTok")).to_be_visible(timeout=TIMEOUT)
    # the channel list follows the drill-down: TikTok only
    platforms = {c for c in table_cells(page) if c in {"TikTok", "Trang Facebook (fanpage)", "Nhóm Facebook"}}
    assert platforms == {"TikTok"}

    # the link reproduces the drilled view
    link = page.url
    open_page(page, link)
    expect(channels_card(page)).to_have_text(str(expected), timeout=TIMEOUT)

    page.get_by_role("button", name="Bỏ chọn").click()
    expect(page).not_to_have_url(re.compile(r"[?&]drill="), timeout=TIMEOUT)
    wait_for_page(page)
    expect(channels_card(page)).to_have_text("672", timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_da_nang_fanpage_is_found_by_search(page: Page, request_log: RequestLog, server_url):
    open_page(page, server_url + DA_NANG)
    box = page.get_by_test_id("stTextInput").get_by_role("textbox")
    box.fill("Tươi Đẹp")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]tim_kenh="), timeout=TIMEOUT)
    assert parse_qs(urlsplit(page.url).query)["tim_kenh"] == ["Tươi Đẹp"]
    wait_for_page(page)
    expect(page.get_by_test_id("stMain")).to_contain_text("1 kênh. Bấm tiêu đề cột để sắp xếp.", timeout=TIMEOUT)
    # the grid redraws after the line under it: wait for the found channel's row, then read every cell once
    grid = page.get_by_test_id("stDataFrame").locator('[role="gridcell"]')
    expect(grid.filter(has_text="facebook.com/danangtuoidep")).to_have_count(1, timeout=TIMEOUT)
    cells = table_cells(page)
    assert "Đà Nẵng Tươi Đẹp" in cells
    assert "facebook.com/danangtuoidep" in cells
    assert "Hội Liên hiệp Phụ nữ thị xã Phú Tiến" not in cells          # only the match is listed
    # the address is text, never a link
    expect(page.get_by_test_id("stDataFrame").locator("a")).to_have_count(0)
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
def test_phone_has_no_horizontal_scroll(page: Page, request_log: RequestLog, server_url):
    open_page(page, server_url + DA_NANG)
    expect(page.get_by_test_id("stMain")).to_contain_text("Đà Nẵng")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "channels-390x844.png"))
    request_log.assert_local()
