"""The app's chart (ui/chart.py) in Chromium: a new figure is drawn into the chart already on screen, not into a
new one; plotly.js comes from the server, and when it cannot be loaded the reader is told so in Vietnamese."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import RequestLog
from tests.browser.test_overview_browser import MORNING_LINK, TIMEOUT, open_app, pick_sidebar_option
from ui import plotlyjs
from ui.messages import t

TREND = ".st-key-trend .tg-chart"


def ticks(page: Page) -> list[str]:
    return page.locator(TREND + " g.xtick text").evaluate_all("els => els.map((e) => e.textContent)")


@pytest.mark.browser
def test_a_new_figure_is_drawn_into_the_chart_already_on_screen(page: Page, request_log: RequestLog, server_url):
    open_app(page, server_url + MORNING_LINK)          # Sơn La, 07–09/2024 by quarter
    chart = page.locator(TREND)
    expect(chart.locator(".main-svg").first).to_be_visible(timeout=TIMEOUT)
    expect(chart.locator("g.xtick text").first).to_be_visible(timeout=TIMEOUT)
    before = ticks(page)
    assert before and all(before)
    chart.evaluate("el => { el.__probe = 'same element'; }")
    pick_sidebar_option(page, "Chu kỳ", "Tháng")
    page.wait_for_function("""([sel, before]) => {
        const texts = [...document.querySelectorAll(sel + ' g.xtick text')].map((e) => e.textContent);
        return texts.length > 0 && JSON.stringify(texts) !== JSON.stringify(before);
    }""", arg=[TREND, before], timeout=TIMEOUT)
    assert ticks(page) != before
    # the same element, updated in place: Streamlit's own chart would have been unmounted and mounted anew
    assert chart.evaluate("el => el.__probe") == "same element"
    assert page.locator(".tg-chart").count() == page.locator(".js-plotly-plot").count()
    # the bundle the server sent draws every trace type it is declared to (ui/plotlyjs.py)
    registered = page.evaluate("() => Object.keys(window.Plotly.PlotSchema.get().traces)")
    assert plotlyjs.TRACES <= set(registered), sorted(plotlyjs.TRACES - set(registered))
    request_log.assert_local()


@pytest.mark.browser
def test_a_chart_whose_library_cannot_load_says_so_in_vietnamese(page: Page, server_url):
    page.route(f"**/{plotlyjs.URL}", lambda route: route.abort())
    open_app(page, server_url + MORNING_LINK)
    expect(page.locator(TREND)).to_have_text(t("chart.failed", "vi"), timeout=TIMEOUT)
    expect(page.locator(".js-plotly-plot")).to_have_count(0)
    # the server answers again: the next run draws the charts, and the message is gone
    page.unroute(f"**/{plotlyjs.URL}")
    pick_sidebar_option(page, "Chu kỳ", "Tháng")
    expect(page.locator(TREND + " .main-svg").first).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(TREND)).not_to_contain_text(t("chart.failed", "vi"))
