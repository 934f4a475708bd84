"""Browser journeys through Lực lượng (teams and members): real Chromium, real server, sample database.

A leader opens a link for Sơn La, Quý III/2024 and reads 13.712 members (the September value, not the sum
of three months); an analyst opens the whole country, clicks Sơn La in the ranking and sees the page and
the team list narrow to it, with the path in the URL; the page fits a phone without horizontal scrolling.
"""

from __future__ import annotations

import re

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, RequestLog, RerunRequests, click_point, settled_box

TIMEOUT = 30_000
SHOTS = ROOT / "test-results"
KPI_COUNT = 5
MEMBERS = "Thành viên biệt đội"
TEAMS = "Biệt đội, tổ thông tin"
QUARTER = "from=2024-07&to=2024-09&grain=quarter&compare=yoy"
SON_LA_LINK = f"/luc-luong?unit=14&{QUARTER}"
COUNTRY_LINK = f"/luc-luong?{QUARTER}"


def son_la_team_count(db_path) -> int:
    """Teams of Sơn La active on 30/09/2024, in raw SQL independent of the metric layer."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute("""
            select count(*)
            from teams as t
            join units as u on u.unit_id = t.unit_id
            where u.code = '14'
              and t.founded_on <= date '2024-09-30'
              and (t.disbanded_on is null or t.disbanded_on > date '2024-09-30')
        """).fetchone()[0]
    finally:
        con.close()


def wait_for_app(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=TIMEOUT)
    expect(page.get_by_test_id("stMetric")).to_have_count(KPI_COUNT, timeout=TIMEOUT)


def open_page(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Lực lượng")).to_be_visible(timeout=TIMEOUT)


def card_value(page: Page, label: str):
    card = page.get_by_test_id("stMetric").filter(has_text=label).first
    return card.get_by_test_id("stMetricValue")


def expect_no_exception(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return {doc: document.documentElement.scrollWidth, inner: window.innerWidth,
                main: main ? main.scrollWidth : 0, mainClient: main ? main.clientWidth : 0};
    }""")
    assert widths["doc"] <= widths["inner"] + 1, f"the page scrolls horizontally: {widths}"
    assert widths["main"] <= widths["mainClient"] + 1, f"the main area scrolls horizontally: {widths}"


def click_unit_dot(page: Page, reruns: RerunRequests, unit_name: str) -> None:
    """Click the ranking's dot on the row labelled ``unit_name`` (a dot plot: members per team)."""
    def locate() -> dict:
        chart = page.locator(".st-key-teams_ranking")
        expect(chart).to_have_count(1, timeout=TIMEOUT)
        chart.scroll_into_view_if_needed()
        tick = chart.locator("g.ytick text", has_text=re.compile(rf"^{re.escape(unit_name)}$"))
        expect(tick).to_have_count(1, timeout=TIMEOUT)
        bars = chart.locator("g.points path.point")
        expect(bars.first).to_be_visible(timeout=TIMEOUT)
        tb = settled_box(page, tick)
        centre = tb["y"] + tb["height"] / 2
        boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
        return min(boxes, key=lambda b: abs(b["y"] + b["height"] / 2 - centre))

    click_point(page, reruns, locate, unit_name)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_son_la_quarter_link_shows_the_september_members(page: Page, request_log: RequestLog, server_url,
                                                         sample_db_path):
    open_page(page, server_url + SON_LA_LINK)
    main = page.get_by_test_id("stMain")
    expect(card_value(page, MEMBERS)).to_have_text("13.712", timeout=TIMEOUT)
    teams = son_la_team_count(sample_db_path)
    assert 390 <= teams <= 399
    expect(card_value(page, TEAMS)).to_have_text(str(teams))
    expect(main).to_contain_text("Sơn La · Quý III/2024 · so với cùng kỳ năm trước")
    expect(main).to_contain_text(f"{teams} biệt đội đang hoạt động vào cuối kỳ.")
    expect(main.get_by_test_id("stDataFrame")).to_have_count(1)
    expect_no_exception(page)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "teams-1366x768.png"))
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_clicking_a_unit_dot_drills_down_to_its_teams(page: Page, request_log: RequestLog, server_url,
                                                      sample_db_path):
    reruns = RerunRequests(page)
    open_page(page, server_url + COUNTRY_LINK)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Cả nước · Quý III/2024")
    expect(main).to_contain_text("Hiển thị 1–500 trên")

    click_unit_dot(page, reruns, "Sơn La")
    expect(page).to_have_url(re.compile(r"[?&]drill=unit(:|%3A)14(&|$)"), timeout=TIMEOUT)
    wait_for_app(page)
    expect(card_value(page, MEMBERS)).to_have_text("13.712", timeout=TIMEOUT)
    expect(main).to_contain_text("Sơn La · Quý III/2024")
    expect(main.get_by_role("button", name="› đơn vị: Sơn La")).to_be_visible()
    expect(main).to_contain_text(f"{son_la_team_count(sample_db_path)} biệt đội đang hoạt động vào cuối kỳ.")
    expect(main).not_to_contain_text("Hiển thị 1–500 trên")

    # a pasted link reproduces the drilled view
    open_page(page, page.url)
    expect(card_value(page, MEMBERS)).to_have_text("13.712", timeout=TIMEOUT)
    expect(main.get_by_role("button", name="› đơn vị: Sơn La")).to_be_visible()

    # one click clears the path
    main.get_by_role("button", name="Bỏ chọn").click()
    expect(page).not_to_have_url(re.compile(r"[?&]drill="), timeout=TIMEOUT)
    wait_for_app(page)
    expect(main).to_contain_text("Cả nước · Quý III/2024")
    expect_no_exception(page)
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
def test_phone_has_no_horizontal_scroll(page: Page, request_log: RequestLog, server_url):
    open_page(page, server_url + SON_LA_LINK)
    expect(card_value(page, MEMBERS)).to_have_text("13.712", timeout=TIMEOUT)
    expect_no_exception(page)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "teams-390x844.png"))
    request_log.assert_local()


@pytest.mark.browser
def test_the_grids_own_formatter_writes_the_team_lists_numbers_the_vietnamese_way(page: Page, request_log: RequestLog,
                                                                                 server_url):
    """The team list sends members as numbers with a column format (``fmt.GRID_INTEGER``) and lets the browser
    write them: Streamlit's number formatter, loaded from the app itself, must give what ``fmt.number`` gives."""
    from pathlib import Path

    import streamlit

    from ui import format as fmt

    found = sorted((Path(streamlit.__file__).parent / "static" / "static" / "js").glob("formatNumber.*.js"))
    assert len(found) == 1, found
    open_page(page, server_url + SON_LA_LINK)
    expect(card_value(page, MEMBERS)).to_have_text("13.712", timeout=TIMEOUT)
    values = [0, 6, 74, 999, 1000, 13712, 13712.0, 1234567, 20046848]
    written = page.evaluate("""async ([url, format, values]) => {
        const module = await import(url);
        return values.map(v => module.n(v, format));     // formatNumber(value, format), as the grid calls it
    }""", [f"{server_url}/static/js/{found[0].name}", fmt.GRID_INTEGER, values])
    assert written == [fmt.number(v) for v in values] == ["0", "6", "74", "999", "1.000", "13.712", "13.712",
                                                         "1.234.567", "20.046.848"]
    request_log.assert_local()
