"""Page tests of the Overview with streamlit.testing.v1.AppTest: defaults, URL parameters, notices."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ui.markdown import unescape

APP = "../dashboard.py"


def run(db_path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    parts = [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption]
    parts += [m.value for m in at.markdown] + [t.value for t in at.title]
    return unescape("\n".join(str(p) for p in parts))      # as a reader sees it (ui.markdown)


def test_overview_renders_with_defaults(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch)
    assert [t.value for t in at.title] == ["Tổng quan"]
    assert "Dữ liệu mẫu mô phỏng — không phải số liệu thực tế" in texts(at)
    assert len(at.metric) == 8
    # default: year to date up to the latest month, compared with the same period last year
    assert "10 tháng năm 2026" in texts(at)
    assert "so với cùng kỳ năm trước" in texts(at)
    assert at.query_params["from"] == "2026-01"
    assert at.query_params["to"] == "2026-10"


def test_son_la_september_2024_shows_13712_members(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, unit="14", **{"from": "2024-09", "to": "2024-09"})
    values = metric_values(at)
    assert values["Thành viên biệt đội"] == "13.712"
    teams = int(values["Biệt đội, tổ thông tin"].replace(".", ""))
    assert 390 <= teams <= 399
    channels = int(values["Kênh đang hoạt động"].replace(".", ""))
    assert channels > 665
    assert "Sơn La · Tháng 9/2024" in texts(at)


def test_quarter_members_is_september_value_with_yoy_change(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, unit="14", grain="quarter", compare="yoy",
             **{"from": "2024-07", "to": "2024-09"})
    members = next(m for m in at.metric if m.label.startswith("Thành viên biệt đội"))
    assert members.value == "13.712"
    assert members.delta and "%" in members.delta
    assert "Quý III/2024" in texts(at)
    assert "Quý III/2023" in texts(at)


def test_malformed_parameters_show_a_notice_and_no_exception(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, unit="abc", grain="x", **{"from": "2024-13"})
    warning = "\n".join(w.value for w in at.warning)
    assert "“abc”" in warning
    assert "from=2024-13" in warning
    assert "grain=x" in warning
    assert len(at.metric) == 8
    params = dict(at.query_params)
    assert "unit" not in params
    assert params["grain"] == "month"


def test_merged_code_is_mapped_with_a_notice(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, unit="49", **{"from": "2024-01", "to": "2024-12"})
    warning = "\n".join(w.value for w in at.warning)
    assert "Quảng Nam" in warning and "Đà Nẵng" in warning
    assert at.query_params["unit"] == "48"


def test_every_url_parameter_is_applied_and_written_back_canonically(sample_db_path, monkeypatch):
    # Widget interaction (change grain -> URL follows) is covered by the browser tests: AppTest does
    # not resolve unchanged sidebar elements on a rerun.
    at = run(sample_db_path, monkeypatch, unit="48, 14", grain="quarter", compare="prev", boundary="historical",
             platform="tiktok,fanpage", **{"from": "2024-01", "to": "2024-06"})
    assert not at.warning or all("không hợp lệ" not in w.value for w in at.warning)
    assert {k: at.query_params[k] for k in ("unit", "from", "to", "grain", "platform", "compare", "boundary",
                                            "lang")} == {
        "unit": "48,14", "from": "2024-01", "to": "2024-06", "grain": "quarter",
        "platform": "tiktok,fanpage", "compare": "prev", "boundary": "historical", "lang": "vi",
    }
    assert "so với kỳ trước" in texts(at)
    assert "6 tháng đầu năm 2024" in texts(at)


def test_a_zero_change_is_drawn_neutral(fixture_db_path, monkeypatch):
    from streamlit.proto.Metric_pb2 import Metric as MetricProto

    # fixture database: Sơn La posted 5 in 07/2024 and 5 in 08/2024 (tests/fixture_db.py)
    at = run(fixture_db_path, monkeypatch, unit="14", compare="prev", **{"from": "2024-08", "to": "2024-08"})
    posts = next(m for m in at.metric if m.label == "Bài viết đăng mới")
    assert (posts.value, posts.proto.delta) == ("5", "0 (0,00%)")
    assert posts.proto.direction == MetricProto.MetricDirection.NONE     # no arrow
    assert posts.proto.color == MetricProto.MetricColor.GRAY             # no green
    changed = [m for m in at.metric if m.proto.delta and not m.proto.delta.startswith(("0 ", "—"))]
    assert changed and all(m.proto.direction != MetricProto.MetricDirection.NONE for m in changed)


def test_empty_selection_shows_empty_state(fixture_db_path, monkeypatch):
    # the fixture database has no figures at all for Hà Nội
    at = run(fixture_db_path, monkeypatch, unit="01", **{"from": "2024-07", "to": "2024-09"})
    assert any("Không có số liệu" in i.value for i in at.info)
    assert len(at.metric) == 0


def test_english_switch(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, lang="en", unit="14", **{"from": "2024-09", "to": "2024-09"})
    assert [t.value for t in at.title] == ["Overview"]
    assert metric_values(at)["Team members"] == "13.712"


def test_english_link_keeps_lang_in_the_url_and_names_periods_in_english(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, lang="en", unit="14", grain="quarter", compare="yoy",
             **{"from": "2024-07", "to": "2024-09"})
    words = texts(at)
    # the context line and the cards' comparison line: the builder's period words follow the language
    assert "Sơn La · Q3 2024 · vs the same period last year" in words
    assert "(Q3 2023)" in words
    assert "Quý" not in words
    assert at.query_params["lang"] == "en"
    # kept across a page switch
    at.switch_page("app_pages/teams.py").run()
    assert not at.exception
    assert at.query_params["lang"] == "en"
    assert "Quý" not in texts(at) and "Q3 2023" in texts(at)


def test_unknown_language_falls_back_to_vietnamese_with_a_notice(sample_db_path, monkeypatch):
    at = run(sample_db_path, monkeypatch, lang="fr", unit="14", **{"from": "2024-09", "to": "2024-09"})
    assert [t.value for t in at.title] == ["Tổng quan"]
    assert "lang=fr" in "\n".join(w.value for w in at.warning)
    assert at.query_params["lang"] == "vi"


@pytest.mark.parametrize("boundary", ["current", "historical"])
def test_both_boundaries_render(sample_db_path, monkeypatch, boundary):
    at = run(sample_db_path, monkeypatch, unit="15", boundary=boundary,
             **{"from": "2025-01", "to": "2025-12"})
    assert len(at.metric) == 8


def test_glossary_page_lists_every_metric_and_searches(sample_db_path, monkeypatch):
    from queries import catalogue

    monkeypatch.setenv("TUYENGIAO_DB", str(sample_db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/glossary.py").run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Từ điển chỉ số"]

    def entries() -> list[str]:
        # one entry per metric (a container keyed glossary_<key>), its words in full: nothing is cut
        return [c.value.rsplit("Khóa: ", 1)[1].replace("\\", "") for c in at.caption if "Khóa: " in c.value]

    assert entries() == list(catalogue.METRICS)
    members = catalogue.get("members")
    texts = [m.value for m in at.markdown]
    assert "**Thành viên biệt đội** · người · Thời điểm" in texts
    assert any(members.description_vi[:40] in x.replace("\\", "") for x in texts)
    at.text_input(key="glossary_query").set_value("lượt dự thi").run()
    assert set(entries()) == {"contest_luot", "contest_nguoi", "luot_per_nguoi"}
    # typed without diacritics, as on a phone keyboard: the same entries
    at.text_input(key="glossary_query").set_value("luot  du THI").run()
    assert set(entries()) == {"contest_luot", "contest_nguoi", "luot_per_nguoi"}


def test_the_english_glossary_explains_every_metric_in_english(sample_db_path, monkeypatch):
    from queries import catalogue

    monkeypatch.setenv("TUYENGIAO_DB", str(sample_db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("app_pages/glossary.py").run()
    assert not at.exception
    texts = " ".join(m.value.replace("\\", "") for m in at.markdown)
    for m in catalogue.METRICS.values():
        # its own definition, not the label said again
        assert m.description_en and m.description_en != m.label_en and m.description_en[:40] in texts, m.key


def test_a_charts_download_menu_makes_its_buttons_when_opened(sample_db_path, monkeypatch):
    """Each chart's "Tải xuống" menu is there at once; its five files' buttons are made only while it is open
    (opening reruns the page), so a run with every menu closed sends none of them. The page's own workbook and PDF
    buttons are always there."""
    at = run(sample_db_path, monkeypatch, unit="14")
    menus = {p.proto.id.rsplit("-", 1)[-1]: p for p in at.get("popover") if p.proto.popover.label == "Tải xuống"}
    assert set(menus) == {"dl_overview_trend_menu", "dl_overview_ranking_menu", "dl_overview_mix_menu",
                          "dl_overview_map_menu"}
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải cả trang: Excel" in labels and "Tải cả trang: báo cáo PDF" in labels
    assert not [b for b in at.get("download_button") if "dl_overview_" in b.proto.id]

    at.session_state["dl_overview_mix_menu"] = True          # the user opens the platform chart's menu
    at.run()
    assert not at.exception
    opened = {b.proto.id.rsplit("-", 1)[-1]: b.proto for b in at.get("download_button")
              if "dl_overview_mix_" in b.proto.id}
    assert [opened[f"dl_overview_mix_{s}"].label for s in ("png", "svg", "html", "csv", "xlsx")] == [
        "Ảnh PNG (1920 px)", "Ảnh SVG", "Biểu đồ tương tác HTML", "Số liệu CSV", "Số liệu Excel (XLSX)"]
    assert not [b for b in at.get("download_button") if "dl_overview_trend_" in b.proto.id]   # others stay closed

    at.session_state["dl_overview_mix_menu"] = False         # closed again: its buttons are gone
    at.run()
    assert not [b for b in at.get("download_button") if "dl_overview_mix_" in b.proto.id]


def test_every_kpi_card_carries_its_month_by_month_line_as_an_image(sample_db_path, monkeypatch):
    import base64

    at = run(sample_db_path, monkeypatch)
    images = at.get("image")
    assert len(images) == len(at.metric) == 8
    alts = [img.proto.imgs[0].alt for img in images]
    assert alts == [f"{m.label} theo từng tháng" for m in at.metric]
    for img in images:
        url = img.proto.imgs[0].url
        assert url.startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(url.split(",", 1)[1]).decode()
        # ten months (January to October 2026): one unbroken line, a dot on the last month
        assert svg.count("<polyline ") == 1 and len(svg.split('points="')[1].split('"')[0].split()) == 10
    # one month alone draws no line
    at = run(sample_db_path, monkeypatch, **{"from": "2026-10", "to": "2026-10"})
    assert len(at.metric) == 8 and not at.get("image")


def test_a_platform_filter_is_named_in_the_pages_line(sample_db_path, monkeypatch):
    """``platform=`` from a link is said in the page's own line (a phone keeps the sidebar closed)."""
    at = run(sample_db_path, monkeypatch, unit="14", platform="tiktok,fanpage", **{"from": "2024-01", "to": "2024-12"})
    assert "Sơn La · Năm 2024 · TikTok, Trang Facebook (fanpage) · so với cùng kỳ năm trước" in texts(at)
    plain = run(sample_db_path, monkeypatch, unit="14", **{"from": "2024-01", "to": "2024-12"})
    assert "Sơn La · Năm 2024 · so với cùng kỳ năm trước" in texts(plain)
    # the cards the filter cannot cut (teams and contests have no platform) say so, by name
    cards = [c.value for c in at.caption if unescape(c.value).startswith("Bộ lọc loại kênh")]
    assert [unescape(c) for c in cards] == ["Bộ lọc loại kênh không áp dụng cho: Biệt đội, tổ thông tin, Thành viên "
                                            "biệt đội, Người dự thi, Lượt dự thi."]
    assert not [c for c in plain.caption if "Bộ lọc loại kênh" in c.value]


def test_a_comparison_across_the_merger_under_historical_boundaries_is_explained(sample_db_path, monkeypatch):
    """Code 15 in 07–12/2025 is the new Lào Cai, a year before Yên Bái: the page says the change compares two
    units, not only when the range itself crosses 01/07/2025."""
    at = run(sample_db_path, monkeypatch, unit="15", boundary="historical", grain="quarter",
             **{"from": "2025-07", "to": "2025-12"})
    assert "kỳ so sánh (6 tháng cuối năm 2024) và kỳ này nằm ở hai phía ngày 01/07/2025" in texts(at)
    same_side = run(sample_db_path, monkeypatch, unit="15", boundary="historical", compare="prev",
                    **{"from": "2026-01", "to": "2026-06"})
    assert "hai phía ngày 01/07/2025" not in texts(same_side)


def test_a_month_one_unit_has_sent_is_not_compared_with_a_month_all_sent(sample_db_path, tmp_path, monkeypatch):
    """Journey 3: Sơn La's November 2026 arrives first (1.200 posts). The Overview shows it at once, says 1 of 34
    units reported it, and states no "-98,55 %" against October, which all 34 sent; contests running in November
    that nobody reported yet are unknown, not "0 (-100 %)"."""
    import shutil

    import duckdb

    from data import importer

    path = tmp_path / "november.duckdb"
    shutil.copy(sample_db_path, path)
    con = duckdb.connect(str(path))
    batch = importer.read(con, "thang11.csv", ("Mã đơn vị,Tháng báo cáo,Loại kênh,Loại hoạt động,Cấp nguồn,Số lượng\n"
                                               "14,11/2026,fanpage,bai_viet,khong,1200\n").encode())
    assert not batch.errors
    importer.commit(con, batch, "test")
    con.close()
    at = run(path, monkeypatch, compare="prev", **{"from": "2026-11", "to": "2026-11"})
    posts = next(m for m in at.metric if m.label == "Bài viết đăng mới")
    assert posts.value == "1.200" and not posts.delta
    # contest 44 (five participants) and 45 (organised by Hà Nội) ran in November: those six units' figures are
    # unknown, the others took part in nothing (0) — a sum over 28 units, no change against October's 34
    contest = next(m for m in at.metric if m.label == "Người dự thi")
    assert contest.value == "0" and not contest.delta
    words = texts(at)
    assert words.count("Không tính mức thay đổi: hai kỳ không cùng phạm vi (khác các đơn vị báo cáo đủ hoặc khác địa giới)") >= 3
    assert "1/34 đơn vị đã báo cáo đủ" in words and "28/34 đơn vị đã báo cáo đủ" in words
