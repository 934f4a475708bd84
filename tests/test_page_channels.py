"""Page tests of Kênh thông tin (channels) with AppTest: defaults, URL parameters, drill-down injected
through session state, the channel table and its search, an empty result, English.

Numbers are checked two ways: on the hand-written fixture database against values computed with a
pencil (see ``tests/fixture_db.py``), and on the sample database against raw SQL written here,
independent of the metric layer.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.drill import Drill
from ui.markdown import unescape

APP = "../dashboard.py"
PAGE = "app_pages/channels.py"
DRILL_KEY = Drill.state_key("channels")


def open_page(db_path, monkeypatch, drill=None, **params) -> AppTest:
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if drill is not None:
        at.session_state[DRILL_KEY] = drill
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    parts = [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption]
    parts += [m.value for m in at.markdown] + [t.value for t in at.title]
    return unescape("\n".join(str(p) for p in parts))      # as a reader sees it (ui.markdown)


def as_int(text: str) -> int:
    return int(text.replace(".", ""))


def table(at: AppTest):
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


def plain(records: list[dict]) -> list[dict]:
    """Table records with NaN/None/NaT as None, timestamps as dates and numbers as floats."""
    out = []
    for rec in records:
        row = {}
        for k, v in rec.items():
            if isinstance(v, pd.Timestamp):
                v = v.date()
            if v is None or (not isinstance(v, (str, dt.date)) and pd.isna(v)):
                row[k] = None
            elif isinstance(v, (int, float, np.number)) and not isinstance(v, bool):
                row[k] = float(v)
            else:
                row[k] = v
        out.append(row)
    return out


# ---- the sample database: raw SQL, independent of the metric layer ---------------------------------

CURRENT_UNIT = """
    (select u.unit_id,
            case when u.valid_to is null then u.code else s.code end as cur_code
     from units as u left join units as s on s.unit_id = u.successor_id
     where u.level = 'tinh')
"""


def sql_active_channels(db_path, code: str, day: dt.date, platform: str | None = None) -> int:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(f"""
            select count(*)
            from channels as c
            join {CURRENT_UNIT} as cu on cu.unit_id = c.unit_id
            where cu.cur_code = ?
              and (c.opened_on is null or c.opened_on <= ?)
              and (c.closed_on is null or c.closed_on > ?)
              and (? is null or c.platform_key = ?)
        """, [code, day, day, platform, platform]).fetchone()[0]
    finally:
        con.close()


def sql_month_followers(db_path, code: str, month: dt.date) -> int:
    """Followers in a one-month period: that month's snapshot of every channel still open at its end."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return con.execute(f"""
            select sum(s.followers)
            from channel_snapshots as s
            join channels as c on c.channel_id = s.channel_id
            join {CURRENT_UNIT} as cu on cu.unit_id = c.unit_id
            where cu.cur_code = ? and s.month = ? and (c.closed_on is null or c.closed_on > ?)
        """, [code, month, end]).fetchone()[0]
    finally:
        con.close()


def sql_channel(db_path, name: str, month: dt.date) -> tuple[int, int]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute("""
            select s.followers, s.posts
            from channels as c join channel_snapshots as s on s.channel_id = c.channel_id
            where c.name = ? and s.month = ?
        """, [name, month]).fetchone()
    finally:
        con.close()


def test_defaults_show_the_page_with_kpis_charts_and_table(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch)
    assert [t.value for t in at.title] == ["Kênh thông tin"]
    assert list(metric_values(at)) == ["Kênh đang hoạt động", "Người theo dõi", "Người theo dõi bình quân mỗi kênh",
                                       "Kênh mở mới", "Kênh ngừng hoạt động", "Tin bài đăng trên kênh"]
    assert "10 tháng năm 2026" in texts(at)
    assert "Cả nước" in texts(at)
    assert "drill" not in at.query_params
    # the table is one page of the list, and says so; the pager reaches the rest
    assert len(table(at)) == 100
    assert "Kênh 1–100 trên tổng số" in texts(at)
    assert at.number_input(key="channels_page").value == 1
    assert "trang" not in at.query_params


def test_son_la_september_2024_has_672_active_channels(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", **{"from": "2024-09", "to": "2024-09"})
    values = metric_values(at)
    sept = dt.date(2024, 9, 30)
    assert sql_active_channels(sample_db_path, "14", sept) == 672
    assert values["Kênh đang hoạt động"] == "672"
    followers = sql_month_followers(sample_db_path, "14", dt.date(2024, 9, 1))
    assert as_int(values["Người theo dõi"]) == followers
    assert "Sơn La · Tháng 9/2024" in texts(at)
    assert "Kênh đang hoạt động — Sơn La, Tháng 9/2024; số liệu thời điểm (cuối kỳ)." in texts(at)
    # every active channel is a row (one unit in view: no unit column); the first 100 of 672
    assert "Kênh 1–100 trên tổng số 672" in texts(at)
    assert "Trang 1/7 · mỗi trang 100 dòng" in texts(at)
    assert "Đơn vị" not in table(at).columns


def test_the_channel_list_pages_through_every_channel_in_order(sample_db_path, monkeypatch):
    """Sơn La, 09/2024: 672 channels, 7 pages of 100 by followers at the month's end (most first); the pages are
    disjoint, in order, and together hold every channel; the page is in the link."""
    at = open_page(sample_db_path, monkeypatch, unit="14", **{"from": "2024-09", "to": "2024-09"})
    col = "Người theo dõi cuối kỳ"
    pages, names = [], []
    for n in range(1, 8):
        if n > 1:
            at.number_input(key="channels_page").set_value(n).run()
            assert not at.exception
        rows = table(at)
        pages.append(rows[col].tolist())
        names += rows["Tên kênh"].tolist()
        assert at.query_params.get("trang") == (None if n == 1 else str(n))
        first, last = (n - 1) * 100 + 1, min(n * 100, 672)
        assert f"Kênh {first}–{last} trên tổng số 672" in texts(at)
        assert len(rows) == last - first + 1
    assert len(names) == 672 and len(set(zip(names, sum(pages, [])))) == 672
    known = [v for page in pages for v in page if not pd.isna(v)]
    assert known == sorted(known, reverse=True)          # by followers across the pages, unknown last
    assert at.number_input(key="channels_page").value == 7


def test_a_links_page_is_kept_past_the_last_is_the_last_and_a_new_search_starts_again(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", trang="3", **{"from": "2024-09", "to": "2024-09"})
    assert "Kênh 201–300 trên tổng số 672" in texts(at) and at.query_params["trang"] == "3"
    at = open_page(sample_db_path, monkeypatch, unit="14", trang="99", **{"from": "2024-09", "to": "2024-09"})
    assert "Danh sách chỉ có 7 trang; hiện trang 7 thay cho trang 99." in texts(at)
    assert "Kênh 601–672 trên tổng số 672" in texts(at) and at.query_params["trang"] == "7"
    huge = "9" * 25                                   # a page number, past the last: the last page, said
    at = open_page(sample_db_path, monkeypatch, unit="14", trang=huge, **{"from": "2024-09", "to": "2024-09"})
    assert "hiện trang 7 thay cho trang 9.999.999.999.999.999.999.999.999." in texts(at)
    assert at.query_params["trang"] == "7"
    # another search holds another list: page 1 again
    at.text_input(key="channels_query").set_value("xã").run()
    assert not at.exception
    assert "trang" not in at.query_params and at.number_input(key="channels_page").value == 1


@pytest.mark.parametrize("raw", ["abc", "0", "-2", "1.5", "²"])
def test_a_page_in_the_link_that_is_not_one_is_said_and_page_one_shown(sample_db_path, monkeypatch, raw):
    at = open_page(sample_db_path, monkeypatch, unit="14", trang=raw, **{"from": "2024-09", "to": "2024-09"})
    assert f"Tham số “trang” = “{raw}” không phải số trang (một số nguyên từ 1); dùng trang 1." in texts(at)
    assert "Kênh 1–100 trên tổng số 672" in texts(at) and "trang" not in at.query_params


def test_da_nang_table_lists_its_fanpage_and_search_finds_it(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="48", **{"from": "2026-10", "to": "2026-10"})
    rows = table(at)
    assert "Đà Nẵng Tươi Đẹp" in set(rows["Tên kênh"])
    at.text_input(key="channels_query").set_value("tươi đẹp").run()
    assert not at.exception
    rows = table(at)
    followers, posts = sql_channel(sample_db_path, "Đà Nẵng Tươi Đẹp", dt.date(2026, 10, 1))
    found = rows[rows["Tên kênh"] == "Đà Nẵng Tươi Đẹp"].iloc[0]
    assert (found["Loại kênh"], found["Địa chỉ"], found["Người theo dõi cuối kỳ"], found["Tin bài trong kỳ"]) == (
        "Trang Facebook (fanpage)", "facebook.com/danangtuoidep", followers, posts)
    assert at.query_params["tim_kenh"] == "tươi đẹp"


def test_search_without_match_says_so(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="48", tim_kenh="không-có-kênh-này",
                   **{"from": "2026-10", "to": "2026-10"})
    assert any("Không có kênh nào khớp với “không-có-kênh-này”." in i.value for i in at.info)
    assert len(at.dataframe) == 0
    assert len(at.metric) == 6


def test_url_page_choices_and_platform_filter(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", platform="tiktok", ch_metric="followers", ch_by="unit",
                   **{"from": "2024-09", "to": "2024-09"})
    assert metric_values(at)["Kênh đang hoạt động"] == str(
        sql_active_channels(sample_db_path, "14", dt.date(2024, 9, 30), "tiktok"))
    # the platform the chart is cut to is named (a file of it is read without the filter bar)
    assert "Người theo dõi — Sơn La, TikTok, 02/2024 – 09/2024; số liệu thời điểm (cuối kỳ)." in texts(at)
    assert {k: at.query_params[k] for k in ("unit", "platform", "ch_metric", "ch_by")} == {
        "unit": "14", "platform": "tiktok", "ch_metric": "followers", "ch_by": "unit"}
    assert set(table(at)["Loại kênh"]) == {"TikTok"}


def test_drill_to_platform_narrows_the_page_and_writes_the_url(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, drill=[("platform", "tiktok")], unit="14",
                   **{"from": "2024-09", "to": "2024-09"})
    tiktok = sql_active_channels(sample_db_path, "14", dt.date(2024, 9, 30), "tiktok")
    assert 0 < tiktok < 672
    assert metric_values(at)["Kênh đang hoạt động"] == str(tiktok)
    assert at.query_params["drill"] == "platform:tiktok"
    crumbs = [b.label for b in at.button]
    assert "Tất cả" in crumbs and "› loại kênh: TikTok" in crumbs and "Bỏ chọn" in crumbs
    assert set(table(at)["Loại kênh"]) == {"TikTok"}
    # the breadcrumb's clear button removes the step and the URL parameter
    at.button(key=f"{DRILL_KEY}_clear").click().run()
    assert not at.exception
    assert metric_values(at)["Kênh đang hoạt động"] == "672"
    assert "drill" not in at.query_params


def test_drill_to_unit_then_platform(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, drill=[("unit", "48"), ("platform", "fanpage")],
                   **{"from": "2024-09", "to": "2024-09"})
    assert at.query_params["drill"] == "unit:48,platform:fanpage"
    assert metric_values(at)["Kênh đang hoạt động"] == str(
        sql_active_channels(sample_db_path, "48", dt.date(2024, 9, 30), "fanpage"))
    assert "Đà Nẵng · Tháng 9/2024" in texts(at)
    assert "Đà Nẵng Tươi Đẹp" in set(table(at)["Tên kênh"])


def test_fixture_quarter_by_hand(fixture_db_path, monkeypatch):
    # Sơn La, Q3/2024 vs Q2/2024: ch1 fanpage (120) and ch2 tiktok (80, opened 20/08) are open on 30/09;
    # ch3 website closed 15/09 (posts 4 + 4): it counts 0 followers at the end. Followers Q2: Sơn La sent no
    # snapshot, so Q2 is unknown and so is every change (never a rise from 0).
    at = open_page(fixture_db_path, monkeypatch, unit="14", grain="quarter", compare="prev",
                   **{"from": "2024-07", "to": "2024-09"})
    assert metric_values(at) == {
        "Kênh đang hoạt động": "2", "Người theo dõi": "200", "Người theo dõi bình quân mỗi kênh": "100,0",
        "Kênh mở mới": "1", "Kênh ngừng hoạt động": "1", "Tin bài đăng trên kênh": "15"}
    rows = table(at)
    assert list(rows.columns) == ["Tên kênh", "Loại kênh", "Người theo dõi cuối kỳ", "Tin bài trong kỳ",
                                  "Thay đổi người theo dõi", "Thay đổi (%)", "Địa chỉ", "Ngày mở", "Ngày ngừng"]
    got = plain(rows.to_dict("records"))
    assert got == [
        {"Tên kênh": "Kênh 1", "Loại kênh": "Trang Facebook (fanpage)", "Địa chỉ": None,
         "Ngày mở": "10/05/2023", "Ngày ngừng": None, "Người theo dõi cuối kỳ": 120.0,
         "Tin bài trong kỳ": 3.0, "Thay đổi người theo dõi": None, "Thay đổi (%)": None},
        {"Tên kênh": "Kênh 2", "Loại kênh": "TikTok", "Địa chỉ": None,
         "Ngày mở": "20/08/2024", "Ngày ngừng": None, "Người theo dõi cuối kỳ": 80.0,
         "Tin bài trong kỳ": 4.0, "Thay đổi người theo dõi": None, "Thay đổi (%)": None},
        {"Tên kênh": "Kênh 3", "Loại kênh": "Trang thông tin điện tử", "Địa chỉ": None,
         "Ngày mở": "01/01/2020", "Ngày ngừng": dt.date(2024, 9, 15), "Người theo dõi cuối kỳ": 0.0,
         "Tin bài trong kỳ": 8.0, "Thay đổi người theo dõi": None, "Thay đổi (%)": None},
    ]
    assert "Quý III/2024" in texts(at)
    assert "3 kênh. Bấm tiêu đề cột để sắp xếp." in texts(at)


def test_no_comparison_hides_the_change_columns(fixture_db_path, monkeypatch):
    at = open_page(fixture_db_path, monkeypatch, unit="14", compare="none", **{"from": "2024-09", "to": "2024-09"})
    assert "Thay đổi người theo dõi" not in table(at).columns
    assert metric_values(at)["Kênh đang hoạt động"] == "2"


def test_empty_selection_shows_empty_state(fixture_db_path, monkeypatch):
    # the fixture database has no figures at all for Hà Nội
    at = open_page(fixture_db_path, monkeypatch, unit="01", **{"from": "2024-07", "to": "2024-09"})
    assert any("Không có số liệu" in i.value for i in at.info)
    assert len(at.metric) == 0
    assert len(at.dataframe) == 0


def test_english(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, lang="en", unit="14", **{"from": "2024-09", "to": "2024-09"})
    assert [t.value for t in at.title] == ["Information channels"]
    assert metric_values(at)["Active channels"] == "672"
    assert "Followers at period end" in table(at).columns
    assert "Active channels — Sơn La, Sep 2024; stock (end of period)." in texts(at)
    assert "New channels and closed channels — Sơn La, 02/2024 – 09/2024; flow (summed over the period)." in texts(at)


@pytest.mark.parametrize("boundary", ["current", "historical"])
def test_both_boundaries_render(sample_db_path, monkeypatch, boundary):
    at = open_page(sample_db_path, monkeypatch, unit="48", boundary=boundary, grain="quarter",
                   **{"from": "2025-01", "to": "2025-12"})
    assert len(at.metric) == 6
    assert len(at.dataframe) == 1


def test_a_file_built_from_a_link_holds_the_links_page_of_the_list(sample_db_path):
    """Reports and decks build a page's view from its link without a browser (``blocks.build_view``): the list's
    ``trang`` is read there too, so a file holds the page the link shows; anything but a page number is page 1."""
    from ui import blocks, views
    from ui.blocks import DirectReader

    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        decl = views.get("channels")

        def rows(**extra):
            view = blocks.build_view(decl, {"unit": "14", "from": "2024-09", "to": "2024-09", **extra},
                                     DirectReader(con))
            block = next(b for b in blocks.flatten(decl.layout(view)) if b.key == "table")
            return blocks.resolve(block, view).data["name"].tolist()

        first, second, last = rows(), rows(trang="2"), rows(trang="99")
        assert len(first) == len(second) == 100 and not set(first) & set(second)
        assert len(last) == 72                          # 672 channels: the last page past the 7th
        assert rows(trang="abc") == first == rows(trang="1")
    finally:
        con.close()


def test_the_lists_download_holds_the_whole_list_in_its_order_and_says_when_cut(sample_db_path, monkeypatch):
    """The channel list shows 100 rows a page; its own download (CSV, XLSX) holds every channel of the filtered,
    searched list in the list's order, as text cells and numbers; past ``blocks.LIST_FILE_MAX`` rows it is cut and
    its file says so. The team list likewise."""
    import io

    import openpyxl

    from reports import tables
    from ui import blocks, views
    from ui.blocks import DirectReader

    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        def item(page: str, **extra):
            decl = views.get(page)
            view = blocks.build_view(decl, {"unit": "14", "from": "2024-09", "to": "2024-09", "trang": "2", **extra},
                                     DirectReader(con))
            r = blocks.resolve(next(b for b in blocks.flatten(decl.layout(view)) if b.key == "table"), view)
            return r, view, blocks.file_item(r, view)

        r, view, whole = item("channels")
        assert len(r.data) == 100 and len(whole.table) == 672          # the page shown; the whole list
        followers = whole.table["Người theo dõi cuối kỳ"].tolist()
        assert followers == sorted(followers, reverse=True)
        assert set(r.data["name"]) <= set(whole.table["Tên kênh"])
        book = openpyxl.load_workbook(io.BytesIO(tables.xlsx_bytes(whole, blocks.meta_of(view, r.title))))
        cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
        assert any(c.value == followers[0] and c.data_type == "n" for c in cells)
        assert "Tệp chỉ ghi" not in whole.caption

        searched = item("channels", tim_kenh="tuổi trẻ")[2].table
        assert 0 < len(searched) < 672 and searched["Tên kênh"].str.contains("Tuổi trẻ", case=False).all()

        teams_r, _, teams = item("teams", unit="")                     # every unit: 500 teams a page
        assert len(teams_r.data) <= 500 < len(teams.table)
        members = teams.table["Thành viên cuối kỳ"].tolist()
        assert members == sorted(members, reverse=True)

        monkeypatch.setattr(blocks, "LIST_FILE_MAX", 50)
        cut = item("channels")[2]
        assert len(cut.table) <= 50 and "Tệp chỉ ghi 50 dòng đầu trong 672 dòng" in cut.caption
    finally:
        con.close()


def test_the_channel_list_has_a_download_menu_of_its_data(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", **{"from": "2024-09", "to": "2024-09"})
    menus = {p.proto.id.rsplit("-", 1)[-1] for p in at.get("popover") if p.proto.popover.label == "Tải xuống"}
    assert "dl_channels_table_menu" in menus
    at.session_state["dl_channels_table_menu"] = True
    at.run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button") if "dl_channels_table_" in b.proto.id]
    assert labels == ["Số liệu CSV", "Số liệu Excel (XLSX)"]
