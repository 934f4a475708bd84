"""Browser journeys through “So sánh đơn vị” (/so-sanh): real Chromium, real server, sample database.

The presenter preparing the Sơn La – Đà Nẵng review conference opens a link, reads a known number,
clicks a platform bar to narrow the comparison to TikTok, and looks at the page on a laptop and a phone.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog, RerunRequests, click_point
from tests.browser.test_overview_browser import SHOTS, TIMEOUT, expect_no_exception, no_horizontal_scroll

LINK = "/so-sanh?unit=14,48&from=2024-07&to=2024-09&grain=quarter&compare=yoy"
TABLE_HEADING = "Bảng so sánh"

ACTIVE_CHANNELS = """
    with cur as (select unit_id from units where level = 'tinh' and code = ? and valid_to is null)
    select count(*)
    from channels as c
    join units as u on u.unit_id = c.unit_id
    where (u.unit_id = (select unit_id from cur) or u.successor_id = (select unit_id from cur))
      and c.platform_key = ? and c.opened_on <= ? and (c.closed_on is null or c.closed_on > ?)
"""


def wait_for_page(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT)
    expect(page.get_by_role("heading", name=TABLE_HEADING)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".st-key-compare_sm_members .js-plotly-plot")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".st-key-compare_platform .js-plotly-plot")).to_have_count(1, timeout=TIMEOUT)


def open_page(page: Page, server_url: str, path: str) -> None:
    page.goto(server_url + path, wait_until="domcontentloaded")
    wait_for_page(page)


def bar_texts(page: Page, key: str) -> list[str]:
    """The value labels of the current-period bars of one small multiple, in unit order."""
    return page.evaluate("""(key) => {
        const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
        return Array.from(plot.data[plot.data.length - 1].text);
    }""", key)


def click_platform_bar(page: Page, reruns: RerunRequests, unit_name: str, platform: str) -> None:
    """Click the bar of ``unit_name`` in the platform chart's ``platform`` group."""
    def locate():
        trace, point = page.evaluate("""([unit, platform]) => {
            const plot = document.querySelector('.st-key-compare_platform .js-plotly-plot');
            const t = plot.data.findIndex(tr => tr.name === unit);
            const p = plot.data[t].customdata.findIndex(c => c[0] === platform);
            return [t, p];
        }""", [unit_name, platform])
        assert trace >= 0 and point >= 0, (trace, point)
        bar = page.locator(".st-key-compare_platform g.barlayer g.trace.bars").nth(trace).locator("g.point").nth(point)
        bar.scroll_into_view_if_needed()
        return bar

    # plotly listens on the drag layer above the bars, and resolves the hovered point before it accepts a click
    click_point(page, reruns, locate, f"{unit_name} {platform}", hover_ms=500)


def active_channels(db_path, code: str, platform: str, day: dt.date) -> int:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(ACTIVE_CHANNELS, [code, platform, day, day]).fetchone()[0]
    finally:
        con.close()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_link_shows_son_la_members_and_a_platform_click_drills_down(
        page: Page, request_log: RequestLog, server_url, sample_db_path):
    reruns = RerunRequests(page)
    open_page(page, server_url, LINK)
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Sơn La, Đà Nẵng · Quý III/2024 · so với cùng kỳ năm trước")
    # Sơn La had exactly 13.712 team members at the end of September 2024 (the seed's figure)
    expect(page.locator(".st-key-compare_sm_members")).to_contain_text("13.712")
    assert bar_texts(page, "compare_sm_members")[0] == "13.712"
    expect_no_exception(page)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "compare-1366x768.png"))

    click_platform_bar(page, reruns, "Sơn La", "tiktok")
    expect(page).to_have_url(re.compile(r"[?&]drill=platform(:|%3A)tiktok(&|$)"), timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"[?&]unit=14(,|%2C)48(&|$)"))
    wait_for_page(page)
    expect(main.get_by_role("button").filter(has_text="› loại kênh: TikTok")).to_be_visible(timeout=TIMEOUT)
    end = dt.date(2024, 9, 30)
    expected = [str(active_channels(sample_db_path, code, "tiktok", end)) for code in ("14", "48")]
    expect(page.locator(".st-key-compare_sm_channels")).to_contain_text(expected[0], timeout=TIMEOUT)
    assert bar_texts(page, "compare_sm_channels") == expected
    # members cannot be cut by platform: unchanged, and said so
    assert bar_texts(page, "compare_sm_members")[0] == "13.712"
    expect(main).to_contain_text("Bộ lọc loại kênh không áp dụng cho chỉ số này.")

    # the breadcrumb clears the drill-down
    main.get_by_role("button").filter(has_text="Bỏ chọn").click()
    expect(page).not_to_have_url(re.compile(r"[?&]drill="), timeout=TIMEOUT)
    wait_for_page(page)
    expect_no_exception(page)
    request_log.assert_local()


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
def test_default_conference_view_on_a_phone(page: Page, request_log: RequestLog, server_url):
    open_page(page, server_url, "/so-sanh")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("mặc định so sánh Sơn La (14) và Đà Nẵng (48)")
    expect(main).to_contain_text("năm đầy đủ gần nhất có số liệu: Năm 2025")
    expect(main).to_contain_text("Sơn La, Đà Nẵng · Năm 2025")
    expect_no_exception(page)
    page.wait_for_load_state("networkidle")
    no_horizontal_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "compare-390x844.png"))
    request_log.assert_local()
