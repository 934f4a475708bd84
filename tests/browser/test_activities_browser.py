"""Browser journeys through Hoạt động (activities): real Chromium, real server on the sample database.

An analyst opens a link for Sơn La in 2024, reads the link shares, clicks the "Nhóm Facebook" bar to drill
down, then a source-level segment, and clears the selection; a leader opens the same link on a phone.
Expected numbers are independent SQL sums over the ``activities`` table of the session's sample database.
"""

from __future__ import annotations

import re

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, RequestLog, RerunRequests, click_point

TIMEOUT = 30_000
SHOTS = ROOT / "test-results"
LINK = "/hoat-dong?unit=14&from=2024-01&to=2024-12"
SHARES = "Lượt chia sẻ đường link"
KPI_COUNT = 6


def link_shares(db_path, platform: str | None = None, level: str | None = None) -> str:
    """Sơn La (old unit 1014, current 2014) link shares in 2024, straight from the table, as '310.551'."""
    where, params = ["unit_id in (1014, 2014)", "activity_key = 'chia_se_link'",
                     "month between '2024-01-01' and '2024-12-01'"], []
    if platform:
        where.append("platform_key = ?")
        params.append(platform)
    if level:
        where.append("source_level = ?")
        params.append(level)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        total = con.execute(f"select sum(quantity) from activities where {' and '.join(where)}", params).fetchone()[0]
    finally:
        con.close()
    return f"{int(total):,}".replace(",", ".")


def wait_for_page(page: Page, cards: int = KPI_COUNT) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT)
    expect(page.get_by_test_id("stMetric")).to_have_count(cards, timeout=TIMEOUT)


def open_page(page: Page, server_url: str, path: str) -> None:
    page.goto(server_url + path, wait_until="domcontentloaded")
    wait_for_page(page)


def expect_card(page: Page, label: str, value: str) -> None:
    card = page.get_by_test_id("stMetric").filter(has_text=label)
    expect(card).to_have_count(1, timeout=TIMEOUT)
    expect(card.get_by_test_id("stMetricValue")).to_have_text(value, timeout=TIMEOUT)


def click_bar(page: Page, reruns: RerunRequests, bar) -> None:
    """Click a bar the way a mouse does (Plotly listens on its drag layer, not on the bar element itself),
    once the chart has settled, again if the frontend dropped the click (``conftest.click_point``)."""
    def locate():
        expect(bar).to_have_count(1, timeout=TIMEOUT)
        bar.scroll_into_view_if_needed()
        return bar

    click_point(page, reruns, locate, "bar")


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return {doc: document.documentElement.scrollWidth, inner: window.innerWidth,
                main: main ? main.scrollWidth : 0, mainClient: main ? main.clientWidth : 0};
    }""")
    assert widths["doc"] <= widths["inner"] + 1, f"the page scrolls horizontally: {widths}"
    assert widths["main"] <= widths["mainClient"] + 1, f"the main area scrolls horizontally: {widths}"


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_analyst_drills_from_platform_to_source_level_and_back(
        page: Page, request_log: RequestLog, server_url, sample_db_path):
    reruns = RerunRequests(page)
    open_page(page, server_url, LINK)
    main = page.get_by_test_id("stMain")
    expect(page.get_by_role("heading", name="Hoạt động", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(main).to_contain_text("Sơn La · Năm 2024")
    expect_card(page, SHARES, link_shares(sample_db_path))
    expect_card(page, SHARES, "310.551")
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "activities-1366x768.png"))

    # the platform bar "Nhóm Facebook" carries its value and share as text: click it
    group = link_shares(sample_db_path, platform="group")
    click_bar(page, reruns, page.locator(".st-key-activities_platform g.point").filter(has_text=group))
    expect(page).to_have_url(re.compile(r"[?&]drill=platform(:|%3A)group(&|$)"), timeout=TIMEOUT)
    wait_for_page(page)
    expect_card(page, SHARES, group)
    expect(main).to_contain_text("loại kênh: Nhóm Facebook")

    # then the "Trung ương" segment of the source-level bar: the path grows, the numbers narrow again
    # (one row is left, Nhóm Facebook; the first trace is the level "Trung ương")
    click_bar(page, reruns, page.locator(".st-key-activities_share g.trace.bars").first.locator("g.point"))
    expect(page).to_have_url(re.compile(r"[?&]drill=platform(:|%3A)group(,|%2C)source_level(:|%3A)trung_uong(&|$)"),
                             timeout=TIMEOUT)
    wait_for_page(page, cards=2)
    expect_card(page, SHARES, link_shares(sample_db_path, platform="group", level="trung_uong"))
    expect(main).to_contain_text("cấp nguồn link: Trung ương")

    # one click clears the selection
    page.get_by_role("button", name="Bỏ chọn").click()
    expect(page).not_to_have_url(re.compile(r"[?&]drill="), timeout=TIMEOUT)
    wait_for_page(page)
    expect_card(page, SHARES, "310.551")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
def test_leader_reads_activities_on_a_phone(page: Page, request_log: RequestLog, server_url, sample_db_path):
    open_page(page, server_url, LINK + "&compare=yoy")
    expect_card(page, SHARES, link_shares(sample_db_path))
    delta = page.get_by_test_id("stMetric").filter(has_text=SHARES).get_by_test_id("stMetricDelta")
    expect(delta).to_contain_text("%", timeout=TIMEOUT)
    expect(page.get_by_test_id("stMain")).to_contain_text("Theo tháng và loại kênh")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "activities-390x844.png"))
    request_log.assert_local()
