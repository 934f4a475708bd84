"""Text is text on every page (issue 12 §1): a unit name, a contest, a deck, an account's name stored in the database,
search texts and URL values written by someone hostile reach the page as escaped Markdown — the body Streamlit is
given holds the escaped form, never a link, an image or raw HTML — and chart labels carry no live HTML.

One database for all pages (a copy of the sample): unit 14's name, a contest's title, document and format, a deck's
name and title, the administrator's display name are hostile; every page is opened signed in as that administrator,
with hostile URL values. ``bodies`` reads every text field of every element the page drew (markdown, captions, alerts,
titles, labels, help, progress texts).
"""

from __future__ import annotations

import json
import re

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.access_app import PASSWORDS, app, sign_in, with_accounts
from tests.test_importer import cli
from ui.markdown import escape, unescape

IMAGE = "![x](http://example.invalid/anh.png)"
LINK = "[Đăng nhập lại](http://example.invalid/dang-nhap)"
HTML = "<img src=http://example.invalid/the.png>"
UNIT = f"Sơn La {IMAGE} {HTML}"
TITLE = f"Cuộc thi {LINK}"
DOCUMENT = f"Chỉ thị {IMAGE}"
FORMAT = f"{LINK} :material/warning: :red[đỏ]"
DECK = f"Bài {IMAGE} {LINK}"
PERSON = f"Quản trị {LINK}"
SEARCH = f"{LINK} {IMAGE}"
BAD_URL = f"{IMAGE}"
UNSAFE = re.compile(r"(?<!\\)\]\(|(?<!\\)!\[|(?<!\\)<img|https?://")    # a link, an image, HTML, a bare link


@pytest.fixture(scope="module")
def hostile_db(sample_db_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_pages")
    db = with_accounts(sample_db_path, folder / "hostile.duckdb", names=("quantri",))
    contests = folder / "cuoc-thi.csv"
    contests.write_text("Tên cuộc thi,Văn bản,Mã đơn vị tổ chức,Ngày bắt đầu,Ngày kết thúc,Hình thức\n"
                        f'"{TITLE}","{DOCUMENT}",48,01/01/2026,31/12/2026,"{FORMAT}"\n', encoding="utf-8")
    res = cli("--db", db, "import", contests)
    assert res.returncode == 0, res.stdout + res.stderr
    from data import decks

    con = duckdb.connect(str(db))
    try:
        con.execute("update units set name = ? where code = '14'", [UNIT])
        con.execute("update accounts set display_name = ? where username = 'quantri'", [PERSON])
        contest = con.execute("select contest_id from contests where title = ?", [TITLE]).fetchone()[0]
        deck = decks.create(con, DECK, title=DECK, subtitle=LINK)
        decks.add_item(con, deck, "overview", "kpis", {"unit": "14"}, title=LINK)
        con.execute("checkpoint")
    finally:
        con.close()
    return db, contest, deck


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def bodies(at: AppTest, plain: bool = False) -> list[str]:
    """Every Markdown text the page gave Streamlit: bodies, labels, help, progress texts (``plain``: instead, the
    bodies of ``st.text``, which Streamlit shows as typed, never as Markdown)."""
    out = []
    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        if (type(proto).__name__ == "Text") != plain:
            continue
        for name in ("body", "label", "help", "text"):
            if name in proto.DESCRIPTOR.fields_by_name:
                value = getattr(proto, name)
                if isinstance(value, str) and value:
                    out.append(value)
    return out


def charts(at: AppTest) -> list[str]:
    return [node.proto.spec for node in walk(at._tree)
            if getattr(node, "proto", None) is not None and hasattr(node.proto, "spec") and node.proto.spec]


def open_with(hostile_db, monkeypatch, page: str, **params) -> AppTest:
    """A new session signed in as the administrator, opened on ``page`` with the URL ``params`` (the filter bar reads a
    link once per session)."""
    at = app(hostile_db[0], monkeypatch, **params)
    sign_in(at, "quantri", PASSWORDS["quantri"], page)
    return at


def check(at: AppTest, *expected: str) -> None:
    texts = bodies(at)
    unsafe = [b for b in texts if UNSAFE.search(b)]
    assert unsafe == [], unsafe
    seen = "\n".join(unescape(b) for b in texts)
    as_typed = "\n".join(bodies(at, plain=True))
    for text in expected:
        assert text in seen or text in as_typed, (text, seen[:3000])
        assert escape(text) in "\n".join(texts) or text in as_typed, text   # escaped Markdown, or st.text
    for spec in charts(at):
        live = [(where, v) for where, v in strings(json.loads(spec)) if re.search(r"<(img|a)\b", v)]
        assert live == [], f"a chart label carries live HTML: {live}"
    assert not re.search(r"https?://", "\n".join(texts))     # a bare link never forms (ui.markdown.JOINER)


def strings(value, where: str = ""):
    """(path, text) for every string of a figure's JSON."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from strings(v, f"{where}[{i}]")


PAGES = [
    ("app_pages/overview.py", {"unit": "14", "grain": BAD_URL}, (UNIT, BAD_URL)),
    ("app_pages/channels.py", {"unit": "14", "tim_kenh": SEARCH}, (UNIT, SEARCH)),
    ("app_pages/teams.py", {"unit": "14,48", "compare": BAD_URL}, (UNIT, BAD_URL)),
    ("app_pages/activities.py", {"unit": "14", "boundary": BAD_URL}, (UNIT, BAD_URL)),
    ("app_pages/compare.py", {"unit": "14,48", "from": BAD_URL}, (UNIT, BAD_URL)),
    ("app_pages/coverage.py", {"unit": "14", "platform": BAD_URL}, (BAD_URL,)),
    ("app_pages/programmes.py", {"drill": BAD_URL}, (UNIT,)),
    ("app_pages/glossary.py", {"unit": BAD_URL}, (BAD_URL,)),
    ("app_pages/data.py", {"unit": BAD_URL}, (BAD_URL,)),
    ("app_pages/accounts.py", {"grain": BAD_URL}, (PERSON, BAD_URL)),
    ("app_pages/audit.py", {"grain": BAD_URL}, (PERSON, BAD_URL)),
]


@pytest.mark.parametrize("page, params, expected", PAGES, ids=[p[0].split("/")[1][:-3] for p in PAGES])
def test_stored_and_linked_text_is_shown_as_text(hostile_db, monkeypatch, page, params, expected):
    check(open_with(hostile_db, monkeypatch, page, **params), *expected)


def test_a_contest_s_title_document_and_format_are_text(hostile_db, monkeypatch):
    at = open_with(hostile_db, monkeypatch, "app_pages/contests.py", contest=str(hostile_db[1]), unit="48",
                   **{"from": "2026-01", "to": "2026-10"})
    check(at, TITLE, DOCUMENT, FORMAT)


def test_a_deck_s_name_and_title_are_text(hostile_db, monkeypatch):
    check(open_with(hostile_db, monkeypatch, "app_pages/present.py", deck=str(hostile_db[2]), slide="1"), DECK, LINK)
    check(open_with(hostile_db, monkeypatch, "app_pages/present.py", deck="![d](http://example.invalid/d.png)"),
          "![d](http://example.invalid/d.png)")


def test_search_boxes_typed_into_are_text(hostile_db, monkeypatch):
    at = open_with(hostile_db, monkeypatch, "app_pages/glossary.py")
    at.text_input(key="glossary_query").input(SEARCH).run()
    check(at, SEARCH)


def test_an_uploaded_file_s_name_is_text(hostile_db, monkeypatch):
    at = open_with(hostile_db, monkeypatch, "app_pages/data.py")
    name = f"{LINK}.csv"
    header = "Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn link,Số lượng,Lượt tiếp cận\n"
    at.file_uploader[0].set_value((name, (header + f"14,09/2026,TikTok,{IMAGE},,3,\n").encode(), "text/csv")).run()
    assert not at.exception, [e.message for e in at.exception]
    check(at, name)
    # the cell's text is quoted in the problems table (a frame: plain text) and never as Markdown
    assert any(IMAGE in str(v) for d in at.dataframe for v in d.value.to_numpy().ravel())


def test_escape_frame_escapes_a_static_table():
    import pandas as pd

    from ui.components import escape_frame

    out = escape_frame(pd.DataFrame({IMAGE: [LINK, 3], "b": ["13.712", None]}))
    assert list(out.columns) == [escape(IMAGE), "b"]
    assert out.iloc[0, 0] == escape(LINK) and out.iloc[1, 0] == 3 and out.iloc[0, 1] == "13.712"


def test_chart_labels_from_the_database_carry_no_live_html():
    import plotly.graph_objects as go_

    from reports.slides_common import plain
    from ui import theme

    fig = theme.apply(go_.Figure(go_.Bar(x=[HTML, "Sơn La<br>(trước 07/2025)"], y=[1, 2], name=LINK,
                                         customdata=[["14"], ["48"]])))
    spec = json.loads(fig.to_json())
    assert spec["data"][0]["x"] == ["&lt;img src=http://example.invalid/the.png>", "Sơn La<br>(trước 07/2025)"]
    assert plain(spec["data"][0]["x"][0]) == HTML                 # slides and files show it as typed
