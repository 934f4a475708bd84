"""Browser-test fixtures: a Streamlit server on the sample database, Debian Chromium, a request log.

The server runs ``dashboard.py`` from the repository root on a free port with ``TUYENGIAO_DB`` pointing
at the session's sample database. The browser is the system Chromium (``/usr/bin/chromium``), never a
Playwright download; without it every browser test is skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT = 60.0
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def running_dashboard(db_path: Path, log_dir: Path, env: dict[str, str] | None = None):
    """A Streamlit server running the dashboard on ``db_path`` (offline flags, an explicit address, ``env`` added
    to the environment); yields its base URL (no trailing slash) once healthy and stops it afterwards."""
    port = _free_port()
    log_path = log_dir / "server.log"
    env = {**os.environ, "TUYENGIAO_DB": str(db_path), **(env or {})}
    env.pop("TUYENGIAO_GC_THRESHOLD", None)     # the test process's own setting (tests/conftest.py), not the server's
    cmd = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]
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


@pytest.fixture(scope="session")
def server_url(sample_db_path, tmp_path_factory):
    """Base URL (no trailing slash) of a Streamlit server running the dashboard on the sample database."""
    # the server gets its own copy: the app opens its database read-write, and the page tests of this
    # pytest process hold the shared sample open too
    own_db = tmp_path_factory.mktemp("server_db") / "sample.duckdb"
    shutil.copy(sample_db_path, own_db)
    with running_dashboard(own_db, tmp_path_factory.mktemp("streamlit_server")) as base:
        yield base


def go_to(page, section: str, label: str, timeout: float = 30_000) -> None:
    """Open a page through the top navigation bar: its section's menu, then the page's link."""
    from playwright.sync_api import expect

    page.get_by_test_id("stTopNavSection").filter(has_text=section).click()
    link = page.get_by_test_id("stTopNavDropdownLink").filter(has_text=label)
    expect(link).to_be_visible(timeout=timeout)
    link.click()


def dismiss_page_not_found(page) -> None:
    """The first session of a fresh server opened on a page path (not '/') gets Streamlit's "Page not
    found" dialog although the page itself renders (the shell's navigation is not known before its first
    run); close it so that it neither covers a click nor a screenshot."""
    from playwright.sync_api import expect

    dialog = page.get_by_role("dialog").filter(has_text="Page not found")
    if dialog.count():
        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0, timeout=30_000)


class RerunRequests:
    """Counts the rerun requests a page's frontend sends over Streamlit's websocket (attach before opening it)."""

    def __init__(self, page) -> None:
        self.count = 0
        page.on("websocket", lambda ws: ws.on("framesent", self._sent))

    def _sent(self, payload) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if isinstance(payload, bytes | bytearray):
            msg = BackMsg()
            msg.ParseFromString(bytes(payload))
            if msg.WhichOneof("type") == "rerun_script":
                self.count += 1


def until_rerun(page, reruns: RerunRequests, act, what: str, attempts: int = 3, wait_ms: int = 2000) -> None:
    """Do ``act`` (a key press, a click) until the frontend asks for a rerun, at most ``attempts`` times.

    Streamlit's frontend drops an input that arrives in the instant after a run ends: a shortcut while React
    rebinds its hotkeys (the button's element changed), a click while Plotly redraws a chart the run replaced.
    A person tries again; so does this, only when no rerun request left within ``wait_ms`` (one expected)."""
    for _ in range(attempts):
        before = reruns.count
        act()
        for _ in range(wait_ms // 50):
            page.wait_for_timeout(50)
            if reruns.count > before:
                return
    pytest.fail(f"{what}: no rerun request after {attempts} tries")


def press_shortcut(page, key: str, reruns: RerunRequests, attempts: int = 3) -> None:
    """Press a button's keyboard shortcut until the frontend asks for the rerun (see ``until_rerun``)."""
    until_rerun(page, reruns, lambda: page.keyboard.press(key), key, attempts, wait_ms=1000)


def settled_box(page, locator, timeout_ms: int = 5000) -> dict:
    """``locator``'s bounding box once two reads 100 ms apart agree: a Plotly chart the run replaced is drawn
    again (and may be resized) after the run ends, so a box read at once can point where the bar no longer is."""
    deadline = time.monotonic() + timeout_ms / 1000
    previous = None
    while True:
        box = locator.bounding_box()
        if box is not None and box == previous or time.monotonic() > deadline:
            assert box is not None, f"{locator} has no box"
            return box
        previous = box
        page.wait_for_timeout(100)


def click_point(page, reruns: RerunRequests, locate, what: str, hover_ms: int = 0) -> None:
    """Click the middle of a chart point as a mouse does (Plotly listens on its drag layer, not on the
    point's element), once the chart has settled, again if the frontend sent no rerun. ``locate()`` returns
    the point's locator, or a box ``{x, y, width, height}`` to click in, anew for every try; ``hover_ms``
    lets Plotly resolve the hovered point between the move and the click."""
    def act() -> None:
        target = locate()
        box = target if isinstance(target, dict) else settled_box(page, target)
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        if hover_ms:
            page.wait_for_timeout(hover_ms)
        page.mouse.click(x, y)

    until_rerun(page, reruns, act, what)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium instead of a Playwright-downloaded browser."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium fonts-noto-core)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine: http(s)/ws(s) to 127.0.0.1 or localhost, data: and blob:."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS


@dataclass
class RequestLog:
    """Every URL the browser context asked for (requests and WebSocket connections)."""

    urls: list[str] = field(default_factory=list)

    def record(self, url: str) -> None:
        self.urls.append(url)

    def outside(self) -> list[str]:
        return [u for u in self.urls if not is_local(u)]

    def assert_local(self) -> None:
        assert self.urls, "no request was recorded at all"
        assert not self.outside(), f"requests left localhost: {self.outside()}"


@pytest.fixture
def request_log(context) -> RequestLog:
    """Record every request and WebSocket of the test's browser context (pages opened later included)."""
    log = RequestLog()
    context.on("request", lambda req: log.record(req.url))
    context.on("page", lambda pg: pg.on("websocket", lambda ws: log.record(ws.url)))
    for existing in context.pages:
        existing.on("websocket", lambda ws: log.record(ws.url))
    return log
