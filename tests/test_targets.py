"""Targets (chỉ tiêu) of catalogue metrics: the year's sum over the chosen units, monthly paths, whether a target applies
to the filters (a target set for all platforms never yields a % for one platform), progress at the pace of the
elapsed share of the year, and the words on a KPI card. Expected values are worked out by hand from
tests/fixture_db.py: members 2024 of 1014 Sơn La: 50; posts 2025 of 2015 (new Lào Cai): 1.000."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import pandas as pd
import pytest

from queries import builder, targets
from queries.builder import Filters
from tests import fixture_db
from ui import blocks

WHOLE = (dt.date(2024, 1, 1), dt.date(2025, 9, 1))


def F(**kw) -> Filters:
    return Filters(*WHOLE, **kw)


def summary(goals: dict) -> dict:
    return {k: (g.target, g.units_with, g.units_total, g.reason, g.narrowed) for k, g in goals.items()}


def test_a_units_target_applies_to_that_unit(fixture_con):
    got = targets.goals(fixture_con, ["members", "posts"], F(units=("14",)), 2024)
    # Sơn La alone on 31/12/2024: one unit, one target
    assert summary(got) == {"members": (50.0, 1, 1, None, ())}
    assert got["members"].applies and got["members"].path == (None,) * 12     # a stock with no monthly levels


def test_a_target_of_some_units_does_not_apply_to_their_total(fixture_con):
    # 34 units exist on 31/12/2025, one (15) has a posts target: 1.000 is not a target for all 34
    got = targets.goals(fixture_con, ["posts"], F(), 2025)
    assert summary(got) == {"posts": (1000.0, 1, 34, targets.NOT_FOR_UNITS, ())}
    assert not got["posts"].applies


def test_a_flows_yearly_target_is_expected_evenly_month_by_month(fixture_con):
    got = targets.goals(fixture_con, ["posts"], F(units=("15",)), 2025)["posts"]
    assert got.applies and got.target == 1000.0
    # 1.000 × m / 12
    assert got.path == pytest.approx(tuple(1000 * m / 12 for m in range(1, 13)))


@pytest.mark.parametrize("filters, narrowed", [
    (F(units=("15",), platforms=("website",)), ("platform",)),
    (F(units=("15",), platforms=("fanpage", "tiktok")), ("platform",)),
    (F(units=("15",), where=(("activity_type", ("bai_viet",)),)), ("activity_type",)),
])
def test_a_filter_narrowing_below_what_the_target_was_set_for_makes_it_not_applicable(fixture_con, filters, narrowed):
    got = targets.goals(fixture_con, ["posts"], filters, 2025)["posts"]
    assert (got.reason, got.narrowed, got.applies) == (targets.NOT_FOR_DIMS, narrowed, False)
    assert got.target == 1000.0        # what was set is still known, it just does not compare


def test_every_platform_chosen_is_no_narrowing(fixture_con):
    every = ("website", "fanpage", "group", "youtube", "zalo", "tiktok", "other")
    assert targets.goals(fixture_con, ["posts"], F(units=("15",), platforms=every), 2025)["posts"].applies


def test_a_metric_the_platform_filter_does_not_cut_keeps_its_target(fixture_con):
    # members cannot be cut by platform: the platform filter does not touch them (nor their target)
    got = targets.goals(fixture_con, ["members"], F(units=("14",), platforms=("website",)), 2024)["members"]
    assert got.applies and got.target == 50.0


def test_the_scope_applies_to_targets(fixture_con):
    assert targets.goals(fixture_con, ["members"], F(scope=("48",)), 2024) == {}
    assert summary(targets.goals(fixture_con, ["members"], F(scope=("14",)), 2024)) == {
        "members": (50.0, 1, 1, None, ())}


def test_builder_targets_is_the_yearly_sum(fixture_con):
    assert builder.targets(fixture_con, ["members", "posts"], F(), 2025) == {"posts": 1000.0}
    assert builder.targets(fixture_con, ["members"], F(units=("14",)), 2024) == {"members": 50.0}


@pytest.fixture(scope="module")
def monthly(tmp_path_factory):
    """The fixture plus monthly targets: posts of 14 in 2025 month by month (10, 20, …, 120: no yearly row), posts of
    48 in 2025 for January–March only (5 each) beside a yearly 240, members of 14 in 2025 for June only (30)."""
    path = tmp_path_factory.mktemp("targets") / "m.duckdb"
    fixture_db.build(path)
    con = duckdb.connect(str(path))
    rows = [("posts", 2014, 2025, m, 10.0 * m) for m in range(1, 13)]
    rows += [("posts", 2048, 2025, m, 5.0) for m in (1, 2, 3)] + [("posts", 2048, 2025, 0, 240.0)]
    rows += [("members", 2014, 2025, 6, 30.0)]
    con.executemany("insert into metric_targets (metric_key, unit_id, year, month, target) values (?, ?, ?, ?, ?)", rows)
    con.close()
    c = duckdb.connect(str(path), read_only=True)
    yield c
    c.close()


def test_monthly_targets_add_up_to_the_year_and_give_the_cumulative_path(monthly):
    got = targets.goals(monthly, ["posts"], F(units=("14",)), 2025)["posts"]
    # 10 + 20 + … + 120 = 780; cumulative after m months: 10·m(m+1)/2
    assert got.target == 780.0 and got.applies
    assert got.path == pytest.approx(tuple(10 * m * (m + 1) / 2 for m in range(1, 13)))


def test_some_monthly_targets_beside_a_yearly_one(monthly):
    got = targets.goals(monthly, ["posts"], F(units=("48",)), 2025)["posts"]
    # the year's 240; months 1-3 as set (5, 10, 15 cumulatively), then 240 × m / 12
    assert got.target == 240.0
    assert got.path == pytest.approx((5, 10, 15) + tuple(240 * m / 12 for m in range(4, 13)))


def test_two_units_paths_add_up(monthly):
    got = targets.goals(monthly, ["posts"], F(units=("14", "48")), 2025)["posts"]
    assert got.target == 1020.0
    assert got.expected(2) == pytest.approx(30 + 10)       # 14: 10 + 20; 48: 5 + 5


def test_a_stock_with_one_monthly_level_and_no_year_has_no_yearly_target(monthly):
    got = targets.goals(monthly, ["members"], F(units=("14",)), 2025)["members"]
    assert got.target is None and not got.applies
    assert got.expected(6) == 30.0 and got.expected(5) is None


@pytest.mark.parametrize("achieved, month, start, status, share, expected_share", [
    (41, 12, None, "missed", 0.82, None),             # a complete year: 41 of 50
    (50, 12, None, "met", 1.0, None),
    (41, 9, 0, "on_pace", 0.82, 0.75),                # from 0 to 50 in 9 months: 37,5 expected; 41 >= 37,5
    (41, 9, 40, "behind", 0.82, 47.5 / 50),           # from 40: 40 + 10 × 0,75 = 47,5 expected; 41 < 47,5
    (41, 9, None, "running", 0.82, None),             # no start-of-year level: no pace for a stock
    (None, 9, 0, "unknown", None, None),
])
def test_progress_of_a_stock_target(fixture_con, achieved, month, start, status, share, expected_share):
    goal = targets.goals(fixture_con, ["members"], F(units=("14",)), 2024)["members"]
    p = targets.progress_of(goal, achieved, month, start)
    assert p.status == status
    assert (p.share is None and share is None) or p.share == pytest.approx(share)
    assert (p.expected_share is None and expected_share is None) or p.expected_share == pytest.approx(expected_share)


def test_progress_of_a_flow_target_follows_its_path(fixture_con):
    goal = targets.goals(fixture_con, ["posts"], F(units=("15",)), 2025)["posts"]
    # 9 months: 750 expected; 600 by then is behind (0,6 of the year), 800 on pace
    assert targets.progress_of(goal, 600, 9).status == "behind"
    assert targets.progress_of(goal, 800, 9).status == "on_pace"
    assert targets.progress_of(goal, 1000, 12).status == "met"


def test_a_target_that_does_not_apply_has_no_progress(fixture_con):
    goal = targets.goals(fixture_con, ["posts"], F(units=("15",), platforms=("website",)), 2025)["posts"]
    assert targets.progress_of(goal, 800, 9) is None
    assert targets.progress_of(None, 800, 9) is None


def row(**values) -> pd.Series:
    return pd.Series({"period_end": dt.date(2024, 9, 1), **values})


def test_kpi_words_for_a_target(fixture_con):
    goal = targets.goals(fixture_con, ["members"], F(units=("14",)), 2024)["members"]
    share, text = blocks.target_words(row(members=41.0), "members", goal, "vi", start=0.0)
    # 41 of 50 = 82 %; from 0 the pace after 9 months is 75 %
    assert share == pytest.approx(0.82)
    assert text == "Chỉ tiêu năm 2024: 50 — đạt 82,0% · đúng tiến độ (kỳ vọng 75,0%)"


def test_kpi_words_for_a_value_short_of_reports_never_say_behind(fixture_con):
    goal = targets.goals(fixture_con, ["members"], F(units=("14",)), 2024)["members"]
    # 30 of 50 = 60 %, below the 75 % expected after 9 months — but one unit of two did not report in full: the
    # value is a lower bound, so the card says the reports are incomplete rather than "chậm tiến độ"
    share, text = blocks.target_words(row(members=30.0, members_reported=1, members_expected=2), "members", goal,
                                      "vi", start=0.0)
    assert share == pytest.approx(0.6)
    assert text == "Chỉ tiêu năm 2024: 50 — đạt 60,0% · chưa đủ báo cáo để đánh giá tiến độ (kỳ vọng 75,0%)"
    # reported in full, the same 30 is behind pace
    assert blocks.target_words(row(members=30.0, members_reported=2, members_expected=2), "members", goal, "vi",
                               start=0.0)[1].endswith("chậm tiến độ (kỳ vọng 75,0%)")


@pytest.mark.parametrize("rollups", [True, False])
def test_a_flows_target_is_graded_on_the_completeness_of_its_year_to_date(fixture_con, rollups):
    # 2015 Lào Cai, third quarter of 2025: every month reported (100 + 200 + 300); its year to date adds only June's
    # 7 (Yên Bái) — January to May were never reported, so 607 of 1.000 (60,7 % against 75 % expected) is a lower
    # bound, not "chậm tiến độ", though the quarter on the card is complete
    goal = targets.goals(fixture_con, ["posts"], F(units=("15",)), 2025)["posts"]
    f = Filters(dt.date(2025, 7, 1), dt.date(2025, 9, 1), units=("15",))
    got = builder.totals(fixture_con, ["posts"], filters=f, ytd=True, rollups=rollups).iloc[0]
    assert (got["posts"], got["posts_reported"], got["posts_expected"]) == (600, 1, 1)
    assert (got["posts_ytd"], got["posts_ytd_reported"], got["posts_ytd_expected"]) == (607, 0, 1)
    share, text = blocks.target_words(got, "posts", goal, "vi")
    assert share == pytest.approx(0.607)
    assert text == "Chỉ tiêu năm 2025: 1.000 — đạt 60,7% · chưa đủ báo cáo để đánh giá tiến độ (kỳ vọng 75,0%)"
    # a range from January is its own year to date: the same counts
    whole = builder.totals(fixture_con, ["posts"], filters=replace(f, start=dt.date(2025, 1, 1)), ytd=True,
                           rollups=rollups).iloc[0]
    assert (whole["posts_ytd_reported"], whole["posts_ytd_expected"]) == (0, 1)


def test_kpi_words_for_a_target_that_does_not_apply(fixture_con):
    goal = targets.goals(fixture_con, ["posts"], F(units=("15",), platforms=("website",)), 2025)["posts"]
    share, text = blocks.target_words(row(posts=30.0, posts_ytd=60.0), "posts", goal, "vi")
    assert share is None
    assert text == "Chỉ tiêu năm 2025 đặt cho mọi loại kênh: không áp dụng khi lọc theo loại kênh"
    share, text = blocks.target_words(row(posts=30.0), "posts", goal, "en")
    assert text == "The 2025 target covers every platform: not applicable when filtering by platform"


def test_kpi_words_for_a_zero_target(tmp_path):
    path = tmp_path / "z.duckdb"
    fixture_db.build(path)
    con = duckdb.connect(str(path))
    con.execute("update metric_targets set target = 0 where metric_key = 'members'")
    goal = targets.goals(con, ["members"], F(units=("14",)), 2024)["members"]
    con.close()
    assert blocks.target_words(row(members=41.0), "members", goal, "vi") == (None, "Chỉ tiêu năm 2024: 0 — —")


def test_no_target_no_words():
    assert blocks.target_words(row(members=41.0), "members", None, "vi") == (None, "")


def test_a_stock_start_for_its_pace_is_read_only_when_needed(fixture_con):
    reader = blocks.DirectReader(fixture_con)
    goals = reader.targets(["members"], F(units=("14",)), 2024)
    f = Filters(dt.date(2024, 1, 1), dt.date(2024, 9, 1), units=("14",))
    # December 2023 lies before the data (01/2024): no start, no pace
    assert blocks.stock_starts(reader, goals, f, dt.date(2024, 9, 1)) == {}
    assert blocks.stock_starts(reader, goals, f, dt.date(2024, 12, 1)) == {}        # a complete year needs none


def test_trend_rows_get_the_target_line(fixture_con):
    from ui import programmes_data as data

    reader = blocks.DirectReader(fixture_con)
    f = Filters(dt.date(2025, 7, 1), dt.date(2025, 9, 1), units=("15",), grain="month")
    df = builder.series(fixture_con, ["posts"], filters=f, ytd=True)
    got = data.with_target_line(df, "posts", reader, f)
    # 1.000 × 7/12, 8/12, 9/12 beside the new Lào Cai's posts from January 2025 (old Yên Bái's June 7, then 100, 200, 300)
    assert got["posts_target"].round(2).tolist() == [round(1000 * m / 12, 2) for m in (7, 8, 9)]
    assert got["posts_ytd"].tolist() == [7 + 100, 7 + 100 + 200, 7 + 100 + 200 + 300]
    narrowed = data.with_target_line(df, "posts", reader, Filters(f.start, f.end, units=("15",), platforms=("website",)))
    assert narrowed["posts_target"].isna().all() and narrowed.attrs["target_reasons"] == ["dims"]


def test_a_unit_merged_during_the_year_has_no_target_under_historical_boundaries(sample_db_path):
    # Đà Nẵng 2025 as it was: 1048 (without Quảng Nam) until June, 2048 after — the merged unit's target would be
    # compared with part of its area ("chậm tiến độ" at 72 % where today's boundaries give 94 %): not applicable.
    # Sơn La was not merged (1014 became 2014 alone): its target applies either way
    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        f = Filters(dt.date(2025, 1, 1), dt.date(2025, 10, 1), units=("48",))
        historical = targets.goals(con, ["posts"], Filters(f.start, f.end, units=("48",), boundary="historical"), 2025)
        current = targets.goals(con, ["posts"], f, 2025)
        son_la = targets.goals(con, ["posts"], Filters(f.start, f.end, units=("14",), boundary="historical"), 2025)
        before = targets.goals(con, ["posts"], Filters(dt.date(2024, 1, 1), dt.date(2024, 12, 1), units=("48",),
                                                       boundary="historical"), 2024)
        # the whole country is one territory in both views: its target applies (a scope is a choice of units)
        country = targets.goals(con, ["posts"], Filters(f.start, f.end, boundary="historical"), 2025)
        scoped = targets.goals(con, ["posts"], Filters(f.start, f.end, boundary="historical", scope=("48",)), 2025)
    finally:
        con.close()
    assert historical["posts"].reason == targets.NOT_FOR_BOUNDARY and not historical["posts"].applies
    assert current["posts"].applies and son_la["posts"].applies and before["posts"].applies
    assert country["posts"].applies and scoped["posts"].reason == targets.NOT_FOR_BOUNDARY
    words = blocks.target_words(row(posts=1.0, posts_ytd=1.0), "posts", historical["posts"], "vi")
    assert words == (None, "Chỉ tiêu năm 2025 đặt cho đơn vị sau sắp xếp: không so được theo địa giới tại thời điểm "
                           "báo cáo (chọn địa giới hiện hành)")
