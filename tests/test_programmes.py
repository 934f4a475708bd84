"""The read side of coordination programmes (queries.programmes, ui.programmes_data) on the hand-written programme of
tests/programme_fixture.py, and on the sample's programme (the seed's: 02/10/2024, five tasks, Sơn La and Đà Nẵng).

Linked indicators' actuals are checked twice: against the fixture's facts by hand and against the metric layer
(builder.totals) for the party's unit and year — a stock's year-end value, a flow's year sum."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from queries import builder
from queries import programmes as P
from queries.builder import Filters
from tests import programme_fixture
from ui import blocks
from ui import programmes_data as data
from ui.views import programmes as decl

SEED_TASKS = [
    "tuyên truyền kết quả hợp tác toàn diện giữa tỉnh Sơn La và thành phố Đà Nẵng",
    "tuyên truyền những thành tựu nổi bật trên các lĩnh vực kinh tế, chính trị, xã hội, an ninh, quốc phòng",
    "quảng bá, giới thiệu bản sắc văn hóa, dân tộc của địa phương, đơn vị",
    "phối hợp bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái của các thế lực thù địch "
    "trên không gian mạng",
    "định kỳ hằng năm tổ chức hội nghị đánh giá kết quả thực hiện chương trình, học tập trao đổi kinh nghiệm, luân "
    "phiên tại Sơn La và Đà Nẵng",
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = tmp_path_factory.mktemp("programme") / "p.duckdb"
    programme_fixture.build(path)
    c = duckdb.connect(str(path), read_only=True)
    yield c
    c.close()


def whole(**kw) -> Filters:
    return Filters(start=dt.date(2024, 1, 1), end=dt.date(2025, 9, 1), **kw)


def assessed(con, scope=None) -> pd.DataFrame:
    cov = builder.coverage(con)
    parties = P.parties(con, 1, whole(scope=scope))
    vals = P.with_party(P.values(con, 1, whole(scope=scope)), parties)

    def totals(metrics, by=(), filters=None, ytd=False):
        return builder.totals(con, metrics, by, filters, cov=cov, ytd=ytd)

    return P.assess(vals, P.indicators(con, 1), cov, totals, scope)


def table(df: pd.DataFrame) -> list[tuple]:
    out = []
    for r in df.sort_values(["indicator_id", "year", "party"]).itertuples(index=False):
        share = None if pd.isna(r.share) else round(float(r.share), 4)
        actual = None if pd.isna(r.actual) else float(r.actual)
        out.append((int(r.indicator_id), int(r.party), int(r.year), r.kind, actual, share, r.status))
    return out


def test_each_value_gets_its_party_actual_share_and_status(con):
    assert table(assessed(con)) == [
        # ind 1 members (stock, year end): Sơn La 15 + 6 + 20 = 41 of 40; Đà Nẵng sent no team figure: unknown,
        # not 0 % (DESIGN §3)
        (1, 1014, 2024, "linked", 41.0, 1.025, "exceeded"),
        (1, 1048, 2024, "linked", None, None, "unknown"),
        # ind 2 posts (flow, the year's sum): 2 + 5 + 5 = 12 of 12; 2025 (9 of 12 months): neither party sent an
        # activity report, so the actual is unknown, not "0, behind pace"
        (2, 1014, 2024, "linked", 12.0, 1.0, "met"),
        (2, 1014, 2025, "linked", None, None, "unknown"),
        (2, 1048, 2025, "linked", None, None, "unknown"),
        # ind 3 reported: 3 of 2; no actual -> unknown (not 0 %); 1 of 4 with 3 expected by now -> behind
        (3, 1014, 2024, "reported", 3.0, 1.5, "exceeded"),
        (3, 1048, 2024, "reported", None, None, "unknown"),
        (3, 1014, 2025, "reported", 1.0, 0.25, "behind"),
        # ind 4: a zero target has no % ("—")
        (4, 1014, 2024, "reported", 5.0, None, "zero_target"),
        # ind 5 contest lượt of old Đà Nẵng alone in 2024: 250 + 150 = 400 of 500 (Quảng Nam's 10 not counted)
        (5, 1048, 2024, "linked", 400.0, 0.8, "missed"),
    ]


def test_running_year_rows_carry_the_expected_share(con):
    df = assessed(con)
    running = df[df["year"] == 2025].sort_values(["indicator_id", "party"])
    # 9 of 12 months: 0,75 of the target expected by now for a flow or a reported figure
    assert running["expected_share"].round(4).tolist() == [0.75, 0.75, 0.75]
    assert df[df["year"] == 2024]["expected_share"].isna().all()


@pytest.mark.parametrize("indicator, party_code, current, year, metric", [
    (1, "14", False, 2024, "members"),        # stock: year-end value of old Sơn La
    (2, "14", False, 2024, "posts"),          # flow: the year's sum
    (2, "14", True, 2025, "posts"),           # flow of today's Sơn La in a running year
    (2, "48", True, 2025, "posts"),
    (5, "48", False, 2024, "contest_luot"),   # old Đà Nẵng in 2024, under its own boundaries
])
def test_linked_actuals_equal_the_metric_layer_for_the_party_and_year(con, indicator, party_code, current, year,
                                                                      metric):
    df = assessed(con)
    party = {"14": 1014, "48": 1048}[party_code]
    got = df[(df["indicator_id"] == indicator) & (df["party"] == party) & (df["year"] == year)]["actual"].iloc[0]
    cov = builder.coverage(con)
    f = Filters(start=dt.date(year, 1, 1), end=min(dt.date(year, 12, 1), cov.last), units=(party_code,),
                boundary="current" if current else "historical")
    expected = builder.totals(con, [metric], filters=f, cov=cov).iloc[0][metric]
    assert (got == expected) or (pd.isna(got) and pd.isna(expected))      # an unreported year: both unknown


def test_a_linked_actual_is_unknown_when_the_data_do_not_reach_the_year(con):
    cov = builder.coverage(con)
    assert P.year_filters("14", True, 2023, cov) is None          # data start in 01/2024
    assert P.year_filters("14", True, 2026, cov) is None          # data end in 09/2025
    assert P.year_filters("14", True, 2025, cov) == Filters(start=dt.date(2025, 1, 1), end=dt.date(2025, 9, 1),
                                                            units=("14",), boundary="current")


def test_the_scope_keeps_only_the_parties_and_values_it_covers(con):
    df = assessed(con, scope=("14",))
    assert sorted(set(df["party"])) == [1014]
    assert P.parties(con, 1, whole(scope=("48",)))["cur_name"].tolist() == ["Đà Nẵng"]
    assert P.programmes(con, whole(scope=("01",))).empty
    assert P.programmes(con, whole(scope=())).empty


def test_programmes_are_listed_by_their_parties_under_either_boundary(con):
    assert P.programmes(con, whole())["programme_id"].tolist() == [1]
    assert P.programmes(con, whole(units=("48",)))["programme_id"].tolist() == [1]
    assert P.programmes(con, whole(units=("48",), boundary="historical"))["programme_id"].tolist() == [1]
    assert P.programmes(con, whole(units=("01",))).empty
    # Quảng Nam (49) was no party; today it is part of Đà Nẵng, so under current boundaries 49 means 48
    assert P.programmes(con, whole(units=("49",), boundary="historical")).empty


def test_parties_keep_their_identity_across_the_merger(con):
    parties = P.parties(con, 1, whole())
    assert parties[["unit_id", "code", "cur_code", "cur_name", "cur_unit_type"]].values.tolist() == [
        [1014, "14", "14", "Sơn La", "tinh"], [1048, "48", "48", "Đà Nẵng", "thanh_pho"]]
    vals = P.with_party(P.values(con, 1, whole()), parties)
    # 2025 values are keyed by the new units 2014 / 2048 and still belong to the parties that signed
    assert sorted(set(zip(vals["unit_id"], vals["party"]))) == [(1014, 1014), (1048, 1048), (2014, 1014),
                                                               (2048, 1048)]


def test_conference_timeline_splits_held_and_next():
    confs = pd.DataFrame({"year": [2024, 2025], "held_on": [dt.date(2024, 10, 2), dt.date(2025, 10, 17)],
                          "place": ["Sơn La", "Đà Nẵng"], "title": ["A", None], "note": [None, None]})
    line = P.timeline(confs, dt.date(2025, 1, 1))
    assert line.held["place"].tolist() == ["Sơn La"] and line.next["place"] == "Đà Nẵng"
    line = P.timeline(confs, dt.date(2025, 10, 17))       # the day itself: held
    assert line.held["place"].tolist() == ["Sơn La", "Đà Nẵng"] and line.next is None


def test_stored_names_are_drawn_as_typed_in_the_programme_charts():
    # the builders' own tags (<b>, <br>, <i>…) pass ui.theme.plain; a stored place, title or indicator name holding
    # them was drawn italic, bold, broken — on the page, the slides, the PNG/SVG/HTML downloads
    from reports import slides_common as sc
    from ui.charts import programmes as charts

    place, title = "<i>nghiêng</i><br><b>đậm</b><sup>2</sup> &amp;", "%{y} <i>x</i>"
    confs = pd.DataFrame({"year": [2025], "held_on": [dt.date(2025, 10, 17)], "place": [place], "title": [title],
                          "note": [None]})
    fig = charts.conference_timeline(confs, dt.date(2026, 1, 1))
    (held,) = fig.data
    assert held.text[0] == "17/10/2025<br>&lt;i&gt;nghiêng&lt;/i&gt;&lt;br&gt;&lt;b&gt;đậm&lt;/b&gt;&lt;sup&gt;2" \
                           "&lt;/sup&gt; &amp;amp;"
    assert sc.plain(held.text[0]) == "17/10/2025 " + place                   # a slide's plain text: as typed
    assert "<i>" not in held.customdata[0][1]
    rows = pd.DataFrame({"indicator_id": [1], "party": [1014], "share": [0.5], "status": ["behind"],
                         "name": ["<b>Bài viết</b>"]})
    bars = charts.indicator_progress(rows, {1014: "Sơn La"}, title="<b>Nhiệm vụ</b>")
    assert list(bars.data[0].y) == ["&lt;b&gt;Bài viết&lt;/b&gt;"]
    assert bars.layout.title.text == "&lt;b&gt;Nhiệm vụ&lt;/b&gt;"


def test_the_task_comparison_counts_only_indicators_that_can_be_judged():
    from ui.charts import programmes as charts

    # task 1: Sơn La exceeded one, missed one, has one unreported; task 2: only unreported ones
    rows = pd.DataFrame({"seq": [1, 1, 1, 2, 2], "party": [1014] * 5,
                         "status": ["exceeded", "missed", "unknown", "unknown", "no_target"]})
    (bars,) = charts.task_comparison(rows, {1014: "Sơn La"}).data
    assert list(bars.y) == [50.0, None]                     # 1 of the 2 judged; no 0 % bar for nothing reported
    assert list(bars.text) == ["1/2 chỉ số", "Chưa báo cáo"]


def test_year_rows_give_every_indicator_a_row_per_party(con):
    view = blocks.build_view(decl, {"programme": "1", "year": "2024"}, blocks.DirectReader(con), "vi")
    rows = data.year_rows(view.reader, 1, view.filters, 2024)
    assert [(int(i), int(p), s) for i, p, s in zip(rows["indicator_id"], rows["party"], rows["status"])] == [
        (1, 1014, "exceeded"), (1, 1048, "unknown"), (2, 1014, "met"), (2, 1048, "no_target"),
        (5, 1014, "no_target"), (5, 1048, "missed"),
        (3, 1014, "exceeded"), (3, 1048, "unknown"), (4, 1014, "zero_target"), (4, 1048, "no_target")]
    counts = data.status_counts(rows, data.parties(view.reader, 1, view.filters))
    assert counts.loc[1014, ["exceeded", "met", "missed", "no_target", "zero_target"]].tolist() == [2, 1, 0, 1, 1]
    assert counts.loc[1048, ["missed", "unknown", "no_target"]].tolist() == [1, 2, 2]


# ---- the sample's programme ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(sample_db_path):
    c = duckdb.connect(str(sample_db_path), read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize("boundary", ["current", "historical"])
def test_the_sample_programme_is_the_seeds_in_both_boundary_modes(sample, boundary):
    view = blocks.build_view(decl, {"boundary": boundary}, blocks.DirectReader(sample), "vi")
    row = decl.programme(view)
    assert (row["signed_on"], row["place"]) == (dt.date(2024, 10, 2), "Sơn La")
    assert decl.tasks(view)["title"].tolist() == SEED_TASKS
    assert decl.party_names(view) == {1014: "Sơn La", 1048: "Đà Nẵng"}
    assert decl.year(view) == 2025
    rows = decl.rows(view)
    assert set(rows["party"]) == {1014, 1048} and rows["status"].notna().all()
    assert not rows["status"].isin(["unknown", "no_target"]).any()


def test_the_sample_programme_figures_do_not_depend_on_the_boundary_choice(sample):
    frames = []
    for boundary in ("current", "historical"):
        view = blocks.build_view(decl, {"boundary": boundary, "year": "2024"}, blocks.DirectReader(sample), "vi")
        frames.append(decl.rows(view)[["indicator_id", "party", "target", "actual", "status"]])
    pd.testing.assert_frame_equal(frames[0], frames[1])


def test_the_sample_programme_with_a_platform_filter_counts_every_platform(sample):
    plain = blocks.build_view(decl, {}, blocks.DirectReader(sample), "vi")
    narrowed = blocks.build_view(decl, {"platform": "website"}, blocks.DirectReader(sample), "vi")
    cols = ["indicator_id", "party", "actual", "status"]
    pd.testing.assert_frame_equal(decl.rows(plain)[cols], decl.rows(narrowed)[cols])


def test_the_progress_bar_never_rounds_a_shortfall_up_to_a_hundred():
    from ui.views import programmes as view

    # 22.892 of 23.000 = 99,53 %: "Chưa đạt" beside it, so the bar reads 99 %, not 100 %
    assert view._share_pct(22892 / 23000) == 99
    assert view._share_pct(1.0) == 100 and view._share_pct(0.29) == 29      # 0,29 × 100 = 28,999… still 29
    # rounded as the cards round (96,99996 % is "97,0%" on a card, was drawn 96 %); past the target never under 100
    assert view._share_pct(0.9699996) == 97 and view._share_pct(0.9485) == 95 and view._share_pct(1.159) == 116
    assert view._share_pct(1.0001) == 100 and view._share_pct(0.994) == 99
    assert view._share_pct(float("nan")) is None
