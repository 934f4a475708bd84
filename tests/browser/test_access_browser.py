"""Browser journeys of access control on a copy of the sample with accounts (its own server).

A Sơn La analyst opens a link asking for Đà Nẵng, signs in, lands on the page of the link with Sơn La's figures
and a notice, sees the pages of the role only, downloads the page workbook (Sơn La's numbers, the download
audited), and signs out. Three wrong passwords, for an account that exists and for one that does not, leave the
same page: nothing tells whether the name exists.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from queries import catalogue
from queries.builder import Filters
from tests.access_app import FAILED, PASSWORDS, with_accounts
from tests.browser.conftest import RequestLog, running_dashboard
from ui import blocks
from ui import format as fmt

TIMEOUT = 90_000
WRITABLE = {"TUYENGIAO_READ_ONLY": "0"}       # sign-in counts failures and appends the audit log
LINK = "/kenh-thong-tin?unit=48&from=2024-07&to=2024-09&grain=quarter"
Q3 = Filters(start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1), grain="quarter", compare="yoy")


@pytest.fixture()
def accounts_db(sample_db_path, tmp_path):
    """A copy of the sample with one account per role, for one server."""
    return with_accounts(sample_db_path, tmp_path / "accounts.duckdb")


def settle(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=TIMEOUT)


def sign_in(page: Page, name: str, password: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    settle(page)


def channels_of(units: tuple[str, ...], sample_db_path: Path) -> str:
    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        row = blocks.DirectReader(con).totals(["channels", "members"], filters=Filters(
            **{**Q3.__dict__, "units": units})).iloc[0]
    finally:
        con.close()
    return fmt.value(row["channels"], catalogue.get("channels").fmt)


@pytest.mark.browser
@pytest.mark.browser_context_args(viewport={"width": 1366, "height": 900}, accept_downloads=True)
def test_analyst_signs_in_sees_son_la_only_exports_and_signs_out(page: Page, request_log: RequestLog,
                                                                  accounts_db, sample_db_path, tmp_path):
    with running_dashboard(accounts_db, tmp_path, WRITABLE) as base:
        name = journey(page, base, sample_db_path)
    # the server is stopped: its database tells who did what, from where
    con = duckdb.connect(str(accounts_db), read_only=True)
    try:
        rows = con.execute("select actor, action, target, client from audit_log where actor = 'sonla' "
                           "order by log_id").fetchall()
    finally:
        con.close()
    assert rows == [("sonla", "sign_in", "sonla", "localhost"), ("sonla", "export", name, "localhost"),
                    ("sonla", "sign_out", None, "localhost")]
    request_log.assert_local()


def menu(page: Page) -> list[str]:
    """The page names of the top bar's menu, section by section (each section opens a drop-down)."""
    sections = page.get_by_test_id("stTopNavSection")
    expect(sections.first).to_be_visible(timeout=TIMEOUT)
    names = []
    for s in range(sections.count()):
        sections.nth(s).click()
        links = page.get_by_test_id("stTopNavDropdownLink")
        expect(links.first).to_be_visible(timeout=TIMEOUT)
        names += [links.nth(i).inner_text().split("\n")[-1] for i in range(links.count())]
        page.keyboard.press("Escape")
    return names


def journey(page: Page, base: str, sample_db_path: Path) -> str:
    """Sign in from a link, check the figures and the menu, download the page workbook, sign out; returns the
    downloaded file's name."""
    page.goto(base + LINK, wait_until="domcontentloaded")
    settle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Đăng nhập")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stMetric")).to_have_count(0)          # no figure before sign-in
    sign_in(page, "sonla", PASSWORDS["sonla"])

    # the link's page, with the link's Đà Nẵng dropped and Sơn La's figures
    expect(main.get_by_role("heading", name="Kênh thông tin")).to_be_visible(timeout=TIMEOUT)
    expect(main).to_contain_text("Đơn vị “48” nằm ngoài phạm vi được xem.")
    expect(main).to_contain_text("Sơn La · Quý III/2024")
    son_la, da_nang = channels_of(("14",), sample_db_path), channels_of(("48",), sample_db_path)
    assert son_la != da_nang
    card = page.get_by_test_id("stMetric").filter(has_text="Kênh đang hoạt động").first
    expect(card.get_by_test_id("stMetricValue")).to_have_text(son_la, timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"[?&]unit=14(&|$)"))
    # the menu of an analyst: no Data page, no administration
    names = menu(page)
    assert len(names) == 10, names        # 7 analysis pages, the slide show, the reporting status, the glossary
    assert "Tình hình báo cáo" in names and "Trình chiếu" in names, names
    assert not {"Dữ liệu", "Nhật ký hoạt động", "Tài khoản"} & set(names), names
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Đăng nhập: sonla · Chuyên viên · phạm vi: Sơn La")

    # the page workbook: Sơn La's numbers only
    button = page.get_by_role("button", name=re.compile("Tải cả trang: Excel"))
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    download = info.value
    assert "son-la" in download.suggested_filename, download.suggested_filename
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    book.close()
    assert int(son_la.replace(".", "")) in cells and int(da_nang.replace(".", "")) not in cells
    assert not any(isinstance(c, str) and "Đà Nẵng" in c for c in cells)

    # sign out: back to the form, no figure left on screen
    page.get_by_role("button", name="Đăng xuất").click()
    settle(page)
    expect(main).to_contain_text("Đã đăng xuất.", timeout=TIMEOUT)
    expect(page.get_by_test_id("stMetric")).to_have_count(0)
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    return download.suggested_filename


@pytest.mark.browser
def test_three_wrong_passwords_say_nothing_about_whether_the_account_exists(page: Page, request_log: RequestLog,
                                                                             accounts_db, tmp_path):
    def attempts(name: str) -> list[str]:
        page.goto(base + "/", wait_until="domcontentloaded")      # a fresh session each time
        settle(page)
        seen = []
        for _ in range(3):
            sign_in(page, name, "khong-phai-mat-khau")
            alert = page.get_by_test_id("stAlert")
            expect(alert).to_have_count(1, timeout=TIMEOUT)
            seen.append(page.get_by_test_id("stMain").inner_text())
        expect(page.get_by_test_id("stMetric")).to_have_count(0)
        return seen

    with running_dashboard(accounts_db, tmp_path, WRITABLE) as base:
        existing, unknown = attempts("chuyenvien"), attempts("khong-ai-ten-nay")
    assert existing == unknown
    assert all(FAILED in text for text in existing)
    request_log.assert_local()
