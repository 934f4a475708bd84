"""The URL contract on the pages (issue 12 §9): a repeated ``unit`` keeps both units, a page-level choice the page
cannot show (``metric=abc``) is dropped with a notice, and the Data and glossary pages show the link's notices as the
analysis pages do."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.apptest import APP, open_page, raw_texts, texts

UNKNOWN = "Mã đơn vị “999” không tồn tại."


def test_unit_14_and_unit_48_keeps_both(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit=["14", "48"], **{"from": "2024-01", "to": "2024-09"})
    assert "Sơn La, Đà Nẵng · 9 tháng năm 2024" in texts(at)
    assert at.query_params["unit"] == "14,48"
    assert "nhiều giá trị" not in texts(at)


def test_a_single_parameter_given_twice_says_which_value_counts(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", grain=["quarter", "month"],
                   **{"from": "2024-01", "to": "2024-09"})
    assert "Tham số “grain” có nhiều giá trị; dùng giá trị đầu tiên “quarter”." in texts(at)
    assert at.query_params["grain"] == "quarter"


def on_page(db_path, monkeypatch, page: str, page_params: dict, **params):
    """``page`` opened by a link carrying its own parameters: AppTest's first run is always the Overview, whose own
    choices (it has a ``metric`` too) would read and rewrite them, so they are put in the URL after that run, as a
    browser opening the page's address directly gives them to the page alone."""
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    for key, value in page_params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_an_unknown_page_choice_is_dropped_with_a_notice(sample_db_path, monkeypatch):
    at = on_page(sample_db_path, monkeypatch, "app_pages/activities.py", {"metric": "abc"}, unit="14",
                 **{"from": "2024-01", "to": "2024-12"})
    assert "Tham số “metric=abc” không hợp lệ; dùng “Lượt chia sẻ đường link”." in texts(at)
    assert "metric" not in at.query_params
    assert at.selectbox(key="p_metric").value == "link_shares"


def test_a_page_choice_given_twice_keeps_the_first_and_says_so(sample_db_path, monkeypatch):
    at = on_page(sample_db_path, monkeypatch, "app_pages/activities.py", {"metric": ["posts", "abc"]}, unit="14",
                 **{"from": "2024-01", "to": "2024-12"})
    assert "Tham số “metric” có nhiều giá trị; dùng giá trị đầu tiên “posts”." in texts(at)
    assert at.query_params["metric"] == "posts"


def test_the_default_page_s_own_choice_is_checked_too(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", metric="![x](http://example.invalid/a.png)")
    assert "Tham số “metric=![x](http://example.invalid/a.png)” không hợp lệ" in texts(at)
    assert not re.search(r"(?<!\\)\]\(", raw_texts(at))     # the value is escaped, never an image


def test_a_known_page_choice_gets_no_notice(sample_db_path, monkeypatch):
    at = on_page(sample_db_path, monkeypatch, "app_pages/activities.py", {"metric": "posts"}, unit="14",
                 **{"from": "2024-01", "to": "2024-12"})
    assert "không hợp lệ" not in texts(at) and at.query_params["metric"] == "posts"


def test_the_data_and_glossary_pages_show_the_links_notices(sample_db_path, monkeypatch):
    for page in ("app_pages/data.py", "app_pages/glossary.py", "app_pages/overview.py"):
        at = open_page(sample_db_path, monkeypatch, page, unit="999")
        assert UNKNOWN in texts(at), page


def test_a_search_too_long_or_given_twice_in_the_link_is_said(sample_db_path, monkeypatch):
    long = "kênh " * 30                                     # 150 characters: the box holds 100
    at = on_page(sample_db_path, monkeypatch, "app_pages/channels.py", {"tim_kenh": long}, unit="48")
    assert "Tham số “tim_kenh” dài hơn 100 ký tự; chỉ dùng 100 ký tự đầu." in texts(at)
    assert at.text_input(key="channels_query").value == long[:100]
    at = on_page(sample_db_path, monkeypatch, "app_pages/teams.py", {"q": ["chieng son", "muong"]}, unit="14")
    assert "Tham số “q” có nhiều giá trị; dùng giá trị đầu tiên “chieng son”." in texts(at)
    assert at.query_params["q"] == "chieng son"


def test_a_plain_search_in_the_link_gets_no_notice(sample_db_path, monkeypatch):
    at = on_page(sample_db_path, monkeypatch, "app_pages/teams.py", {"q": "chieng son"}, unit="14")
    assert "Tham số" not in texts(at) and at.query_params["q"] == "chieng son"


def test_a_deck_link_repeating_its_deck_or_slide_uses_the_first_and_says_so(sample_db_path, tmp_path, monkeypatch):
    import shutil

    import duckdb

    from data import decks

    db = tmp_path / "decks.duckdb"
    shutil.copy(sample_db_path, db)
    con = duckdb.connect(str(db))
    try:
        deck = decks.create(con, "Ba trang", actor="test")
        decks.add_item(con, deck, "overview", "kpis", {"unit": "14"}, "Chỉ số chính", actor="test")
    finally:
        con.close()
    at = open_page(db, monkeypatch, "app_pages/present.py", deck=[str(deck), "999"], slide=["2", "3"])
    shown = texts(at)
    assert f"Tham số “deck” có nhiều giá trị; dùng giá trị đầu tiên “{deck}”." in shown
    assert "Tham số “slide” có nhiều giá trị; dùng giá trị đầu tiên “2”." in shown
    assert "2 / 3" in shown and at.query_params["slide"] == "2"


def test_a_very_long_value_is_quoted_cut_in_its_notice(sample_db_path, monkeypatch):
    """unit= with 5.000 characters: the notice quotes its first 79 and '…', not all of them."""
    at = on_page(sample_db_path, monkeypatch, "app_pages/overview.py", {}, unit="9" * 5000)
    warning = " ".join(w.value for w in at.warning)
    assert "9" * 79 + "…" in warning and "9" * 81 not in warning


def test_a_parameter_name_no_page_reads_is_said_and_taken_out_of_the_link(sample_db_path, monkeypatch):
    """``Unit=14`` (a capital from a hand-typed link) would show the whole country without a word."""
    at = open_page(sample_db_path, monkeypatch, Unit="14", foo="<b>x</b>", metric="posts",
                   **{"from": "2024-01", "to": "2024-09"})
    words = texts(at)
    assert "Tham số “Unit” không có trong địa chỉ của bảng điều khiển; đã bỏ qua — có phải “unit”?" in words
    assert "Tham số “foo” không có trong địa chỉ của bảng điều khiển; đã bỏ qua." in words
    assert "Cả nước · 9 tháng năm 2024" in words
    assert "Unit" not in at.query_params and "foo" not in at.query_params
    assert at.query_params["metric"] == "posts"      # a page's own parameter is known
    plain = open_page(sample_db_path, monkeypatch, unit="14", **{"from": "2024-01", "to": "2024-09"})
    assert "không có trong địa chỉ" not in texts(plain)


def test_historical_boundaries_name_a_reused_code_as_it_was_in_the_period(sample_db_path, monkeypatch):
    """Code 15 is Yên Bái before 07/2025 and the new Lào Cai after: the page's line names the unit of the period."""
    before = open_page(sample_db_path, monkeypatch, unit="15", boundary="historical", **{"from": "2024-09", "to": "2024-09"})
    assert "Yên Bái · Tháng 9/2024" in texts(before) and "Yên Bái → Lào Cai" not in texts(before)
    after = open_page(sample_db_path, monkeypatch, unit="15", boundary="historical", **{"from": "2025-09", "to": "2025-09"})
    assert "Lào Cai · Tháng 9/2025" in texts(after)
    across = open_page(sample_db_path, monkeypatch, unit="15", boundary="historical",
                       **{"from": "2025-01", "to": "2025-09"})
    assert "Yên Bái → Lào Cai · 9 tháng năm 2025" in texts(across)


def test_a_glossary_search_is_kept_in_the_link_and_read_from_it(sample_db_path, monkeypatch):
    """A search in the glossary can be sent as a link (?tra_cuu=), as the lists' searches can."""
    at = on_page(sample_db_path, monkeypatch, "app_pages/glossary.py", {"tra_cuu": "luot du thi"})
    assert at.text_input(key="glossary_query").value == "luot du thi"
    keys = {c.value.rsplit("Khóa: ", 1)[1].replace("\\", "") for c in at.caption if "Khóa: " in c.value}
    assert keys == {"contest_luot", "contest_nguoi", "luot_per_nguoi"}
    assert "không có trong địa chỉ" not in texts(at)              # a known name, no notice
    at.text_input(key="glossary_query").set_value("thành viên").run()
    assert at.query_params["tra_cuu"] == "thành viên"
    at.text_input(key="glossary_query").set_value("").run()
    assert "tra_cuu" not in at.query_params
