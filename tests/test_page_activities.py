"""Page tests of Hoạt động (activities) with AppTest: defaults, URL parameters, drill-down, empty result, English.

Every number the page shows here is checked against an independent SQL sum over the ``activities`` table
of the sample database (not the query builder): Sơn La is code 14 (old unit_id 1014 before 07/2025),
Đà Nẵng under current boundaries is 2048 plus its predecessors Đà Nẵng (1048) and Quảng Nam (1049).
"""

from __future__ import annotations

import json

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import charts
from ui.drill import Drill
from ui.markdown import unescape

APP = "../dashboard.py"
PAGE = "app_pages/activities.py"
LABELS = {  # activity key -> KPI label (Vietnamese), in the page's order
    "bai_viet": "Bài viết đăng mới",
    "chia_se_link": "Lượt chia sẻ đường link",
    "binh_luan": "Bình luận định hướng",
    "bao_cao_vi_pham": "Báo cáo nội dung vi phạm",
    "livestream_video": "Livestream, video",
}
REACH = "Lượt tiếp cận"
SON_LA = (1014, 2014)
DA_NANG = (1048, 1049, 2048)


def open_page(db_path, monkeypatch, path=None, **params) -> AppTest:
    monkeypatch.setenv("TUYENGIAO_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    url_drill = params.pop("drill", None)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    # the app opens on the Overview, whose own drill path would rewrite ``drill``: give ours to the page
    if url_drill is not None:
        at.query_params["drill"] = url_drill
    if path is not None:   # a drill path injected through session state, as a click would leave it
        at.session_state[Drill.state_key("activities")] = path
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def dotted(n: int) -> str:
    """Independent Vietnamese integer formatting: 310551 -> '310.551'."""
    return f"{int(n):,}".replace(",", ".")


def values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at: AppTest) -> str:
    parts = [w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption]
    parts += [m.value for m in at.markdown] + [t.value for t in at.title]
    return unescape("\n".join(str(p) for p in parts))      # as a reader sees it (ui.markdown)


def chart(at: AppTest, key: str) -> dict:
    found = [c for c in charts(at) if c.id.endswith(f"-activities_{key}")]
    assert len(found) == 1, f"chart {key!r} not on the page"
    return json.loads(found[0].spec)


def sql_sums(db_path, units, start, end, platforms=None, level=None) -> dict[str, int]:
    """{activity key: quantity, 'reach': reach} summed straight from the activities table."""
    where = [f"unit_id in ({', '.join('?' for _ in units)})", "month between ?::date and ?::date"]
    params = list(units) + [start, end]
    if platforms:
        where.append(f"platform_key in ({', '.join('?' for _ in platforms)})")
        params += list(platforms)
    if level:
        where.append("source_level = ?")
        params.append(level)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            f"select activity_key, sum(quantity), sum(reach) from activities where {' and '.join(where)} "
            "group by activity_key", params).fetchall()
    finally:
        con.close()
    out = {k: int(q) for k, q, _ in rows}
    out["reach"] = int(sum(r or 0 for _, _, r in rows))
    return out


def expected_cards(sums: dict[str, int], keys=tuple(LABELS)) -> dict[str, str]:
    out = {LABELS[k]: dotted(sums.get(k, 0)) for k in keys}
    out[REACH] = dotted(sums["reach"])
    return out


def test_defaults_show_the_year_to_date_with_six_cards(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch)
    assert [t.value for t in at.title] == ["Hoạt động"]
    assert list(values(at)) == list(LABELS.values()) + [REACH]
    assert "10 tháng năm 2026" in texts(at)
    assert "so với cùng kỳ năm trước" in texts(at)
    assert (at.query_params["from"], at.query_params["to"]) == ("2026-01", "2026-10")
    assert "drill" not in at.query_params
    # every chart of the page is drawn
    for key in ("types", "share", "platform", "trend", "heatmap"):
        chart(at, key)


def test_son_la_2024_cards_equal_an_independent_sql_sum(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", **{"from": "2024-01", "to": "2024-12"})
    sums = sql_sums(sample_db_path, SON_LA, "2024-01-01", "2024-12-01")
    assert values(at) == expected_cards(sums)
    assert values(at)["Lượt chia sẻ đường link"] == "310.551"
    # same period last year: absolute and percentage change of link shares
    before = sql_sums(sample_db_path, SON_LA, "2023-01-01", "2023-12-01")["chia_se_link"]
    now = sums["chia_se_link"]
    pct = f"{(now - before) / before * 100:+.2f}".replace(".", ",")
    card = next(m for m in at.metric if m.label == "Lượt chia sẻ đường link")
    assert card.delta == f"+{dotted(now - before)} ({pct}%)"
    assert "Sơn La · Năm 2024 · so với cùng kỳ năm trước" in texts(at)


def test_source_level_shares_are_percentages_of_the_sql_sums(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", **{"from": "2024-01", "to": "2024-12"})
    by_level = {lv: sql_sums(sample_db_path, SON_LA, "2024-01-01", "2024-12-01", level=lv)["chia_se_link"]
                for lv in ("trung_uong", "tinh", "co_so")}
    total = sum(by_level.values())
    spec = chart(at, "share")
    # one trace per source level, never "Không áp dụng"; the top row ("Tất cả loại kênh") is the last y
    assert [tr["name"] for tr in spec["data"]] == ["Trung ương", "Tỉnh", "Cơ sở"]
    assert spec["data"][0]["y"][-1] == "Tất cả loại kênh"
    shown = {tr["customdata"][-1][0]: tr["text"][-1] for tr in spec["data"]}
    assert shown == {lv: f"{by_level[lv] / total * 100:.1f}%".replace(".", ",") for lv in by_level}
    assert shown["tinh"] == "41,4%"


def test_url_parameters_narrow_units_platform_period_and_keep_page_choices(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="48", platform="tiktok", grain="quarter", compare="prev",
                   metric="posts", overlay="yoy", **{"from": "2024-07", "to": "2024-09"})
    sums = sql_sums(sample_db_path, DA_NANG, "2024-07-01", "2024-09-01", platforms=["tiktok"])
    assert values(at) == expected_cards(sums)
    assert "Đà Nẵng · Quý III/2024 · TikTok · so với kỳ trước" in texts(at)
    params = {k: at.query_params[k] for k in ("unit", "platform", "grain", "compare", "metric", "overlay")}
    assert params == {"unit": "48", "platform": "tiktok", "grain": "quarter", "compare": "prev",
                      "metric": "posts", "overlay": "yoy"}
    assert at.selectbox(key="p_metric").value == "posts"
    trend = chart(at, "trend")
    assert [tr["name"] for tr in trend["data"]] == ["Kỳ này", "Cùng kỳ năm trước"]
    heat = chart(at, "heatmap")
    assert heat["data"][0]["y"] == ["TikTok"]
    assert heat["data"][0]["x"] == ["07/2024", "08/2024", "09/2024"]


def test_drill_into_a_platform_narrows_every_card_and_writes_the_url(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, path=[("platform", "group")], unit="14",
                   **{"from": "2024-01", "to": "2024-12"})
    sums = sql_sums(sample_db_path, SON_LA, "2024-01-01", "2024-12-01", platforms=["group"])
    assert values(at) == expected_cards(sums)
    assert values(at)["Lượt chia sẻ đường link"] == "72.359"
    assert at.query_params["drill"] == "platform:group"
    assert [b.label for b in at.button if b.key and b.key.startswith("_drill_activities")] == [
        "Tất cả", "› loại kênh: Nhóm Facebook", "Bỏ chọn"]
    # the platform chart now has the one bar of the drilled platform
    assert [row[0] for row in chart(at, "platform")["data"][0]["customdata"]] == ["group"]


def test_drill_into_a_source_level_keeps_link_shares_only(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, path=[("source_level", "trung_uong")], unit="14",
                   **{"from": "2024-01", "to": "2024-12"})
    sums = sql_sums(sample_db_path, SON_LA, "2024-01-01", "2024-12-01", level="trung_uong")
    assert values(at) == {"Lượt chia sẻ đường link": dotted(sums["chia_se_link"]), REACH: dotted(sums["reach"])}
    assert values(at)["Lượt chia sẻ đường link"] == "88.791"
    assert at.query_params["drill"] == "source_level:trung_uong"
    assert "chỉ áp dụng cho lượt chia sẻ đường link" in texts(at)
    assert "Chỉ tính cấp nguồn link “Trung ương”." in texts(at)


def test_activity_type_drill_from_the_url(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", drill="activity_type:bai_viet",
                   **{"from": "2024-01", "to": "2024-12"})
    sums = sql_sums(sample_db_path, SON_LA, "2024-01-01", "2024-12-01")
    reach_posts = duckdb.connect(str(sample_db_path), read_only=True).execute(
        "select sum(reach) from activities where unit_id in (1014, 2014) and activity_key = 'bai_viet' "
        "and month between '2024-01-01' and '2024-12-01'").fetchone()[0]
    assert values(at) == {"Bài viết đăng mới": dotted(sums["bai_viet"]), REACH: dotted(reach_posts)}
    assert at.selectbox(key="p_metric").value == "posts"
    assert at.query_params["drill"] == "activity_type:bai_viet"


def test_a_bad_drill_step_is_dropped_with_a_notice(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, unit="14", drill="source_level:khong,platform:nope",
                   **{"from": "2024-01", "to": "2024-12"})
    warning = unescape("\n".join(w.value for w in at.warning))
    assert "source_level:khong" in warning and "platform:nope" in warning
    assert "drill" not in at.query_params
    assert len(at.metric) == 6


def test_empty_selection_shows_the_empty_state(fixture_db_path, monkeypatch):
    # the fixture database has no figures at all for Hà Nội
    at = open_page(fixture_db_path, monkeypatch, unit="01", **{"from": "2024-07", "to": "2024-09"})
    assert any("Không có số liệu" in i.value for i in at.info)
    assert len(at.metric) == 0
    assert charts(at) == []


def test_a_drill_that_excludes_every_activity_is_empty(sample_db_path, monkeypatch):
    # posts have no source level: posts from "Tỉnh" is an empty selection, not a row of zeros
    at = open_page(sample_db_path, monkeypatch, path=[("activity_type", "bai_viet"), ("source_level", "tinh")],
                   unit="14", **{"from": "2024-01", "to": "2024-12"})
    assert any("Không có số liệu" in i.value for i in at.info)
    assert len(at.metric) == 0


def test_english(sample_db_path, monkeypatch):
    at = open_page(sample_db_path, monkeypatch, lang="en", unit="14", **{"from": "2024-01", "to": "2024-12"})
    assert [t.value for t in at.title] == ["Activities"]
    assert values(at)["Link shares"] == "310.551"
    assert [tr["name"] for tr in chart(at, "share")["data"]] == ["Central", "Province", "Grassroots"]
    assert "Share of link shares by source level" in texts(at)


@pytest.mark.parametrize("boundary", ["current", "historical"])
def test_both_boundaries_render(sample_db_path, monkeypatch, boundary):
    at = open_page(sample_db_path, monkeypatch, unit="15", boundary=boundary, **{"from": "2025-01", "to": "2025-12"})
    assert len(at.metric) == 6
