"""One way to open a page in AppTest (Datasette's make_app_client habit): the shell runs once with the URL's
parameters, then the page is switched to, and an exception on the page fails the test with its message."""

from __future__ import annotations

import json
from types import SimpleNamespace

from streamlit.testing.v1 import AppTest

from ui.chart import NAME as CHART
from ui.markdown import unescape

APP = "../dashboard.py"          # AppTest resolves paths from the test file's folder


def open_page(db_path, monkeypatch, page: str | None = None, state: dict | None = None, timeout: int = 90,
              **params) -> AppTest:
    """The app on ``db_path`` at ``page`` ('pages/x.py'; None: the default page) with URL ``params``."""
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Every piece of text on the page (markdown, captions, titles, alerts) as a reader sees it (escaped Markdown
    unescaped, ``ui.markdown``), joined for ``in`` checks."""
    return unescape(raw_texts(at))


def raw_texts(at: AppTest) -> str:
    """The same pieces as the Markdown Streamlit is given (to check what is escaped)."""
    parts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def charts(at: AppTest) -> list:
    """Every chart of the page (``ui.chart``'s component), in order; ``chart.id`` ends with its block's key and
    ``chart.spec`` is the figure's JSON as the browser receives it."""
    out = []
    for element in at.get("bidi_component"):
        if element.proto.component_name != CHART:
            continue
        data = json.loads(element.proto.json)
        out.append(SimpleNamespace(id=element.proto.id, spec=data["spec"], data=data))
    return out
