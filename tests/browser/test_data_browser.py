"""Browser journey of the data officer (JOURNEYS.md §3): a filled activities template uploaded through the
Data page, previewed, imported, seen on the Overview at once, then undone from the history.

The page writes, so this module runs its own server, read-write (``TUYENGIAO_READ_ONLY=0``), on its own
copy of the sample database — never the shared one. The filled file is built with ``data.templates``
(the activities template with its two example rows in the data sheet: the month after the sample's last).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

from data import templates
from data.importer import KINDS
from tests.browser import conftest as nav
from tests.browser.conftest import ROOT, STARTUP_TIMEOUT, RequestLog, _free_port, _healthy, _stop

TIMEOUT = 30_000
FRESH_BEFORE = "Số liệu đến hết tháng 10/2026"
FRESH_AFTER = "Số liệu đến hết tháng 11/2026"


@pytest.fixture(scope="module")
def writable_server_url(sample_db_path, tmp_path_factory):
    """A read-write server on its own copy of the sample database."""
    port = _free_port()
    own = tmp_path_factory.mktemp("data_page_server")
    db_file = own / "sample.duckdb"
    shutil.copy(sample_db_path, db_file)
    log_path = own / "server.log"
    env = {**os.environ, "TUYENGIAO_DB": str(db_file), "TUYENGIAO_READ_ONLY": "0"}
    cmd = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not _healthy(f"{base}/_stcore/health"):
                if process.poll() is not None:
                    pytest.fail(f"streamlit exited with code {process.returncode}:\n{log_path.read_text()[-3000:]}")
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit not healthy after {STARTUP_TIMEOUT:.0f} s:\n"
                                f"{log_path.read_text()[-3000:]}")
                time.sleep(0.25)
            yield base
        finally:
            _stop(process)


@pytest.fixture(scope="module")
def filled_activities(sample_db_path, tmp_path_factory) -> Path:
    """The activities template with two filled rows (new: the month after the sample's last)."""
    own = tmp_path_factory.mktemp("data_page_file")
    db_file = own / "template-source.duckdb"
    shutil.copy(sample_db_path, db_file)
    out = own / "bao-cao-hoat-dong.xlsx"
    con = duckdb.connect(str(db_file), read_only=True)
    try:
        kind = KINDS["activities"]
        rows = templates.examples(con, kind)
        assert len(rows) == 2 and rows[0][1].isoformat() == "2026-11-01"
        templates.write_xlsx(con, kind, out, rows)
    finally:
        con.close()
    return out


def wait_idle(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=TIMEOUT)


def freshness(page: Page):
    return page.get_by_test_id("stSidebar").get_by_text("Số liệu đến hết tháng")


SECTIONS = {"Dữ liệu": "Quản trị", "Tổng quan": "Tổng quan"}


def go_to(page: Page, label: str) -> None:
    nav.go_to(page, SECTIONS[label], label)
    wait_idle(page)


def metric(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 768})
def test_upload_a_filled_template_commit_see_it_on_the_overview_and_undo(
        page: Page, request_log: RequestLog, writable_server_url, filled_activities):
    page.goto(writable_server_url + "/", wait_until="domcontentloaded")
    wait_idle(page)
    expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=TIMEOUT)
    expect(freshness(page)).to_have_text(FRESH_BEFORE, timeout=TIMEOUT)

    go_to(page, "Dữ liệu")
    expect(page.get_by_role("heading", name="Tải biểu mẫu")).to_be_visible(timeout=TIMEOUT)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(filled_activities))
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("Hoạt động hằng tháng", timeout=TIMEOUT)
    expect(metric(page, "Dòng mới")).to_have_text("2", timeout=TIMEOUT)
    expect(metric(page, "Dòng thay thế giá trị cũ")).to_have_text("0")
    expect(metric(page, "Dòng không đổi")).to_have_text("0")

    page.get_by_role("button", name="Nhập lô này").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="Đã nhập lô 1: 2 dòng mới, 0 thay thế")).to_be_visible(
        timeout=TIMEOUT)
    expect(freshness(page)).to_have_text(FRESH_AFTER, timeout=TIMEOUT)

    go_to(page, "Tổng quan")
    expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=TIMEOUT)
    expect(freshness(page)).to_have_text(FRESH_AFTER, timeout=TIMEOUT)

    go_to(page, "Dữ liệu")
    page.get_by_role("tab", name="Lịch sử nhập").click()
    history = page.get_by_test_id("stTabPanel").filter(has_text="Lô cần hoàn tác")
    expect(history).to_contain_text("bao-cao-hoat-dong.xlsx", timeout=TIMEOUT)
    history.get_by_role("button", name="Hoàn tác lô này").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="Đã hoàn tác lô 1")).to_be_visible(timeout=TIMEOUT)
    expect(freshness(page)).to_have_text(FRESH_BEFORE, timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    request_log.assert_local()
