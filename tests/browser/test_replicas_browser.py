"""Serving more viewers than one process holds (issue 13): two read-only app processes on one published
snapshot; an import through the writer (the command line) publishes a new one, and both processes serve the
new figures at their next run, without a restart."""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT, running_dashboard

TIMEOUT = 60_000
LINK = "/?unit=14&from=2024-09&to=2024-09&compare=none"
POSTS = "Bài viết đăng mới"

pytestmark = pytest.mark.browser


def posts_shown(page: Page, base: str) -> str:
    page.goto(base + LINK, wait_until="domcontentloaded")
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT)
    card = page.get_by_test_id("stMetric").filter(has_text=POSTS)
    expect(card).to_have_count(1, timeout=TIMEOUT)
    return card.get_by_test_id("stMetricValue").inner_text()


def son_la_posts(path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select sum(a.quantity) from activities as a join unit_lineage as l on l.unit_id = a.unit_id "
            "join units as u on u.unit_id = l.current_id where u.code = '14' and a.month = DATE '2024-09-01' "
            "and a.activity_key = 'bai_viet'").fetchall()[0][0]
    finally:
        con.close()


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_two_readers_switch_to_the_writers_new_snapshot(page: Page, sample_db_path, tmp_path):
    db = tmp_path / "main.duckdb"
    shutil.copy(sample_db_path, db)
    cli = [sys.executable, "-m", "data", "--db", str(db)]
    subprocess.run([*cli, "publish"], cwd=ROOT, check=True, capture_output=True)
    before = son_la_posts(db)
    env = {"TUYENGIAO_SNAPSHOTS": "1", "TUYENGIAO_READ_ONLY": "1"}
    logs = [tmp_path / f"log{i}" for i in (1, 2)]
    for log in logs:
        log.mkdir()
    with contextlib.ExitStack() as stack:
        bases = [stack.enter_context(running_dashboard(db, log, env)) for log in logs]
        for base in bases:
            assert posts_shown(page, base) == vn(before)
        # the writer: Sơn La's September website posts become 5000 (a correction), published on commit
        con = duckdb.connect(str(db), read_only=True)
        old = con.execute("select coalesce(sum(quantity), 0) from activities as a join units as u "
                          "on u.unit_id = a.unit_id where u.code = '14' and u.valid_to is not null and "
                          "a.month = DATE '2024-09-01' and platform_key = 'website' and activity_key = 'bai_viet' "
                          "and source_level = 'khong'").fetchall()[0][0]
        con.close()
        csv = tmp_path / "sua.csv"
        csv.write_text("Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
                       "14,09/2024,website,bai_viet,khong,5000\n", encoding="utf-8")
        done = subprocess.run([*cli, "import", str(csv)], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        after = son_la_posts(db)
        assert after == before - old + 5000
        for base in bases:
            assert posts_shown(page, base) == vn(after)
