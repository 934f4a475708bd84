"""Browser journeys through the Overview (JOURNEYS.md §1, DESIGN.md §5): real Chromium, real server.

Each test is what a person does: opens a link, reads the KPI cards, changes a filter, sends the link on,
looks at it on a phone or a laptop. Numbers come from the deterministic sample database (seed 2024):
Sơn La (unit 14) had 13.712 team members at the end of September 2024.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, RequestLog, go_to

TIMEOUT = 30_000  # ms; Streamlit renders asynchronously, the first run of a session also opens the database
SHOTS = ROOT / "test-results"
BANNER = "Dữ liệu mẫu mô phỏng — không phải số liệu thực tế"
MEMBERS = "Thành viên biệt đội"
KPI_COUNT = 8
SON_LA_SEPT_2024 = "/?unit=14&from=2024-09&to=2024-09"
MORNING_LINK = "/?unit=14&from=2024-07&to=2024-09&grain=quarter&compare=yoy"


def wait_for_app(page: Page) -> None:
    """Wait until the script run has finished and the KPI cards are on screen."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=TIMEOUT)
    expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stMetric")).to_have_count(KPI_COUNT, timeout=TIMEOUT)


def open_app(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)


def members_card(page: Page):
    return page.get_by_test_id("stMetric").filter(has_text=MEMBERS)


def expect_son_la_members(page: Page) -> None:
    card = members_card(page)
    expect(card).to_have_count(1, timeout=TIMEOUT)
    expect(card.get_by_test_id("stMetricValue")).to_have_text("13.712", timeout=TIMEOUT)


def expect_no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def param_pattern(name: str, value: str) -> re.Pattern[str]:
    return re.compile(rf"[?&]{re.escape(name)}={re.escape(value)}(&|$)")


def pick_sidebar_option(page: Page, label: str, option: str) -> None:
    """Open the sidebar selectbox labelled ``label`` and choose ``option``."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(
        has=page.get_by_text(label, exact=True))
    expect(box).to_have_count(1, timeout=TIMEOUT)
    box.evaluate("e => e.scrollIntoView({block: 'center'})")
    box.click()
    page.get_by_role("option", name=option, exact=True).click(timeout=TIMEOUT)


@pytest.mark.browser
def test_son_la_september_2024_shows_kpis_offline(page: Page, request_log: RequestLog, server_url):
    open_app(page, server_url + SON_LA_SEPT_2024)

    main = page.get_by_test_id("stMain")
    expect_son_la_members(page)
    expect(main).to_contain_text("13.712")
    expect(main).to_contain_text("Sơn La")
    expect(main).to_contain_text("Tháng 9/2024")
    expect(page.get_by_text(BANNER)).to_be_visible(timeout=TIMEOUT)
    expect_no_exception(page)
    request_log.assert_local()


@pytest.mark.browser
def test_grain_change_is_written_to_the_url_and_the_link_reproduces_the_view(
        page: Page, request_log: RequestLog, server_url):
    open_app(page, server_url + SON_LA_SEPT_2024)
    expect_son_la_members(page)

    pick_sidebar_option(page, "Chu kỳ", "Quý")
    expect(page).to_have_url(param_pattern("grain", "quarter"), timeout=TIMEOUT)
    expect(page).to_have_url(param_pattern("unit", "14"))
    wait_for_app(page)
    expect_son_la_members(page)

    # "paste the link to a colleague": a fresh load of exactly the URL the browser shows
    link = page.url
    open_app(page, link)
    expect(page).to_have_url(param_pattern("grain", "quarter"), timeout=TIMEOUT)
    expect(page).to_have_url(param_pattern("unit", "14"))
    expect_son_la_members(page)
    expect(page.get_by_test_id("stMain")).to_contain_text("Sơn La")
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Chu kỳ")).to_have_value("Quý")
    expect_no_exception(page)
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_filters_survive_a_page_switch_in_the_top_bar(page: Page, request_log: RequestLog, server_url):
    open_app(page, server_url + SON_LA_SEPT_2024)
    pick_sidebar_option(page, "Chu kỳ", "Quý")
    expect(page).to_have_url(param_pattern("grain", "quarter"), timeout=TIMEOUT)
    wait_for_app(page)

    # the navigation is in the top bar, so the sidebar holds the filters alone and all of them, down to the
    # reset button, are on a 1366x768 screen without scrolling
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stSidebarNavLink")).to_have_count(0)
    reset = page.get_by_test_id("stSidebar").get_by_role("button", name="Đặt lại bộ lọc")
    box = reset.bounding_box()
    assert box and box["y"] + box["height"] <= 768, box
    sections = page.get_by_test_id("stTopNavSection")
    expect(sections).to_have_count(4, timeout=TIMEOUT)
    visited = []
    for s in range(sections.count()):
        sections.nth(s).click()
        links = page.get_by_test_id("stTopNavDropdownLink")
        expect(links.first).to_be_visible(timeout=TIMEOUT)
        names = [links.nth(i).inner_text().split("\n")[-1] for i in range(links.count())]
        page.keyboard.press("Escape")
        for name in names:
            go_to(page, sections.nth(s).inner_text(), name)
            visited.append(name)
            expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                                   timeout=TIMEOUT)
            expect(page).to_have_url(param_pattern("unit", "14"), timeout=TIMEOUT)
            expect(page).to_have_url(param_pattern("grain", "quarter"))
            expect(page).to_have_url(param_pattern("lang", "vi"))
            expect_no_exception(page)
    assert len(visited) == 11, visited      # every page of the navigation
    # back to the Overview through its own link: the filters are still those of the link
    go_to(page, "Tổng quan", "Tổng quan")
    wait_for_app(page)
    expect(page).to_have_url(param_pattern("unit", "14"), timeout=TIMEOUT)
    expect(page).to_have_url(param_pattern("grain", "quarter"))
    expect(page.get_by_test_id("stSidebar").get_by_role("combobox", name="Chu kỳ")).to_have_value("Quý")
    expect_son_la_members(page)
    request_log.assert_local()


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return {doc: document.documentElement.scrollWidth, inner: window.innerWidth,
                main: main ? main.scrollWidth : 0, mainClient: main ? main.clientWidth : 0};
    }""")
    assert widths["doc"] <= widths["inner"] + 1, f"the page scrolls horizontally: {widths}"
    assert widths["main"] <= widths["mainClient"] + 1, f"the main area scrolls horizontally: {widths}"


def full_length_screenshot(page: Page, path: Path) -> None:
    """Screenshot of the whole main column: Streamlit scrolls inside stMain, so grow the viewport to fit."""
    size = page.viewport_size
    height = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(main ? main.scrollHeight : 0, document.documentElement.scrollHeight);
    }""")
    page.set_viewport_size({"width": size["width"], "height": min(int(height), 12000)})
    try:
        wait_for_app(page)
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
def test_leaders_morning_look_on_a_phone(page: Page, request_log: RequestLog, server_url):
    open_app(page, server_url + MORNING_LINK)

    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Quý III/2024")
    expect(main).to_contain_text("Sơn La")
    expect(main).to_contain_text("so với cùng kỳ năm trước")
    expect_son_la_members(page)
    delta = members_card(page).get_by_test_id("stMetricDelta")
    expect(delta).to_be_visible(timeout=TIMEOUT)
    expect(delta).to_contain_text("%")
    expect(page.get_by_text(BANNER)).to_be_visible(timeout=TIMEOUT)
    expect_no_exception(page)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "overview-390x844.png"))
    full_length_screenshot(page, SHOTS / "overview-390x844-full.png")
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_laptop_default_page_writes_the_period_into_the_url(page: Page, request_log: RequestLog, server_url):
    open_app(page, server_url + "/")

    expect(page).to_have_url(re.compile(r"[?&]from=\d{4}-\d{2}(&|$)"), timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"[?&]to=\d{4}-\d{2}(&|$)"), timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(BANNER)).to_be_visible(timeout=TIMEOUT)
    expect_no_exception(page)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "overview-1366x768.png"))
    full_length_screenshot(page, SHOTS / "overview-1366x768-full.png")
    request_log.assert_local()


@pytest.mark.browser
def test_malformed_link_shows_a_notice_and_still_the_kpis(page: Page, request_log: RequestLog, server_url):
    open_app(page, server_url + "/?unit=abc&from=2024-13&grain=x")

    notice = page.get_by_test_id("stMain").get_by_test_id("stAlert").filter(has_text="không hợp lệ")
    expect(notice.first).to_be_visible(timeout=TIMEOUT)
    expect(notice.first).to_contain_text("abc")
    expect(page.get_by_test_id("stMetric")).to_have_count(KPI_COUNT)
    expect_no_exception(page)
    expect(page).to_have_url(param_pattern("grain", "month"), timeout=TIMEOUT)
    expect(page).not_to_have_url(re.compile(r"[?&]unit=abc"))
    request_log.assert_local()
