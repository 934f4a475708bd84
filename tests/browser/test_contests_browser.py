"""Browser journeys through Cuộc thi (contests): real Chromium, real server on the sample database.

An analyst opens a link to the Đà Nẵng contest on Chỉ thị 34-CT/TU, reads người and lượt (checked against
plain SQL on the same database), clicks Sơn La's bar in the unit ranking to drill down, and the URL and
the cards follow; the page fits a laptop and a phone without horizontal scrolling and never leaves
localhost.
"""

from __future__ import annotations

import re

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, RerunRequests, click_point, settled_box
from tests.browser.test_overview_browser import (
    SHOTS,
    TIMEOUT,
    expect_no_exception,
    no_horizontal_scroll,
)
from ui import format as fmt

KPI_COUNT = 4
DOCUMENT_34 = "Chỉ thị 34-CT/TU"


def sql(db_path, query: str, params=()) -> list[tuple]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(query, list(params)).fetchall()
    finally:
        con.close()


def contest_34(db_path) -> int:
    return sql(db_path, "select contest_id from contests where document = ?", [DOCUMENT_34])[0][0]


def people_and_attempts(db_path, contest_id: int, current_code: str | None = None) -> tuple[int, int]:
    query = """
        select sum(p.nguoi), sum(p.luot)
        from contest_participation as p
        join units as u on u.unit_id = p.unit_id
        join units as now on now.unit_id = coalesce(u.successor_id, u.unit_id)
        where p.contest_id = ?"""
    params: list = [contest_id]
    if current_code:
        query += " and now.code = ?"
        params.append(current_code)
    nguoi, luot = sql(db_path, query, params)[0]
    return int(nguoi), int(luot)


def wait_for_page(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=TIMEOUT)
    expect(page.get_by_test_id("stMetric")).to_have_count(KPI_COUNT, timeout=TIMEOUT)


def open_page(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_page(page)


def card_value(page: Page, label: str):
    card = page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True))
    expect(card).to_have_count(1, timeout=TIMEOUT)
    return card.get_by_test_id("stMetricValue")


def full_length_screenshot(page: Page, path) -> None:
    """The whole main column (Streamlit scrolls inside stMain): grow the viewport to fit, then restore."""
    size = page.viewport_size
    height = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(main ? main.scrollHeight : 0, document.documentElement.scrollHeight);
    }""")
    page.set_viewport_size({"width": size["width"], "height": min(int(height), 12000)})
    try:
        wait_for_page(page)
        page.wait_for_timeout(500)
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)


def contest_url(db_path, server_url: str) -> str:
    return f"{server_url}/cuoc-thi?from=2024-01&to=2024-12&contest={contest_34(db_path)}"


def click_bar(page: Page, reruns: RerunRequests, chart_index: int, label: str) -> None:
    """Click the bar of ``label`` in the chart-th Plotly chart. Plotly's drag layer sits over the bars,
    so click by position, like a person does, once the chart has settled after scrolling (again if the
    frontend dropped the click: ``conftest.click_point``)."""
    def locate() -> dict:
        chart = page.locator(".tg-chart").nth(chart_index)
        chart.scroll_into_view_if_needed()
        tick = chart.locator("g.ytick text", has_text=label)
        expect(tick).to_have_count(1, timeout=TIMEOUT)
        tick_box = settled_box(page, tick)
        centre = tick_box["y"] + tick_box["height"] / 2
        bars = chart.locator("g.trace.bars g.point path")
        for i in range(bars.count()):
            box = bars.nth(i).bounding_box()
            if box and box["y"] <= centre <= box["y"] + box["height"]:
                half = min(box["width"] / 2, 6)
                return {"x": box["x"], "y": centre - 1, "width": 2 * half, "height": 2}
        raise AssertionError(f"no bar for {label}")

    click_point(page, reruns, locate, label)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_da_nang_contest_numbers_and_drill_to_son_la(page: Page, request_log: RequestLog, server_url,
                                                     sample_db_path):
    cid = contest_34(sample_db_path)
    reruns = RerunRequests(page)
    open_page(page, contest_url(sample_db_path, server_url))
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Chỉ thị 34-CT/TU")
    nguoi, luot = people_and_attempts(sample_db_path, cid)
    expect(card_value(page, "Người dự thi")).to_have_text(fmt.number(nguoi), timeout=TIMEOUT)
    expect(card_value(page, "Lượt dự thi")).to_have_text(fmt.number(luot), timeout=TIMEOUT)
    expect(main).to_contain_text("04/03/2024 – 28/04/2024")
    expect_no_exception(page)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "contests-1366x768.png"))
    full_length_screenshot(page, SHOTS / "contests-1366x768-full.png")

    # the unit ranking is the second chart (after the cumulative curves)
    click_bar(page, reruns, 1, "Sơn La")
    expect(page).to_have_url(re.compile(r"[?&]drill=unit(:|%3A)14(&|$)"), timeout=TIMEOUT)
    wait_for_page(page)
    son_la_nguoi, son_la_luot = people_and_attempts(sample_db_path, cid, "14")
    expect(card_value(page, "Người dự thi")).to_have_text(fmt.number(son_la_nguoi), timeout=TIMEOUT)
    expect(card_value(page, "Lượt dự thi")).to_have_text(fmt.number(son_la_luot), timeout=TIMEOUT)
    expect(card_value(page, "Đơn vị tham gia")).to_have_text("1", timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(rf"[?&]contest={cid}(&|$)"))
    expect(main).to_contain_text("Sơn La")

    # the breadcrumb clears the drill: back to the whole contest
    main.get_by_role("button", name="Bỏ chọn").click()
    expect(page).not_to_have_url(re.compile(r"[?&]drill="), timeout=TIMEOUT)
    wait_for_page(page)
    expect(card_value(page, "Người dự thi")).to_have_text(fmt.number(nguoi), timeout=TIMEOUT)
    expect_no_exception(page)
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
def test_contest_page_on_a_phone(page: Page, request_log: RequestLog, server_url, sample_db_path):
    open_page(page, contest_url(sample_db_path, server_url) + "&unit=48")
    nguoi, _ = people_and_attempts(sample_db_path, contest_34(sample_db_path), "48")
    expect(card_value(page, "Người dự thi")).to_have_text(fmt.number(nguoi), timeout=TIMEOUT)
    expect(page.get_by_test_id("stMain")).to_contain_text("Đà Nẵng")
    expect_no_exception(page)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "contests-390x844.png"))
    full_length_screenshot(page, SHOTS / "contests-390x844-full.png")
    request_log.assert_local()
