"""Tests for queries.builder against the hand-written fixture database (tests/fixture_db.py).

Every expected number is worked out by hand from the facts listed in fixture_db's docstring; the comment
beside it shows the arithmetic. Each test compares whole rows (the relevant columns of every row), so a
wrong value, a missing row or an extra row anywhere in the result fails the test.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from dataclasses import replace

import duckdb
import numpy as np
import pandas as pd
import pytest

from data import db, reference
from queries import builder
from queries.builder import Filters

NAN = float("nan")      # expected NaN; records() maps every NaN of a result to this very object
SON_LA = ("14",)
ALL_KPIS = ["posts", "link_shares", "members", "teams", "channels", "followers", "contest_luot",
            "contest_nguoi"]


def m(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


def F(start: str, end: str, **kw) -> Filters:
    return Filters(start=m(start), end=m(end), **kw)


def records(df, *cols) -> list[dict]:
    """The chosen columns of every row, with NaN replaced by NAN so that whole rows compare with ==."""
    return [
        {k: NAN if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
        for row in df[list(cols)].to_dict("records")
    ]


def known(rows: list[dict], *metrics) -> list[dict]:
    """The rows with at least one known value among ``metrics`` (by-unit results list every unit expected to
    report; those that did not report have only unknown values)."""
    return [r for r in rows if any(r[k] is not NAN for k in metrics)]


def unknown_units(rows: list[dict], *metrics) -> int:
    return sum(1 for r in rows if all(r[k] is NAN for k in metrics))


def zero_sums(df, metrics) -> dict:
    """Column sums (0 for an empty frame): 'nothing is counted' whether the frame is empty or all zeros."""
    return {k: float(df[k].fillna(0).sum()) for k in metrics}


# ---- stock vs flow ------------------------------------------------------------------------------

def test_monthly_stocks_are_each_months_snapshot(fixture_con):
    df = builder.series(fixture_con, ["members", "teams", "channels", "followers"],
                        filters=F("2024-07", "2024-09", units=SON_LA))
    assert records(df, "period_label", "members", "teams", "channels", "followers") == [
        {"period_label": "Tháng 7/2024",
         "members": 38.0,       # 10 + 8 + 20: teams 1, 3, 4 (team 2 founded 15/08)
         "teams": 3.0,          # teams 1, 3, 4
         "channels": 2.0,       # ch 1, ch 3 (ch 2 opened 20/08)
         "followers": 130.0},   # 100 + 30
        {"period_label": "Tháng 8/2024",
         "members": 25.0,       # 12 + 5 + 8: team 4 sent no August report
         "teams": 4.0,          # teams 1, 2, 3, 4
         "channels": 3.0,       # ch 1, 2, 3
         "followers": 190.0},   # 110 + 50 + 30
        {"period_label": "Tháng 9/2024",
         "members": 21.0,       # 15 + 6: team 3 disbanded 01/09, team 4's last report is July
         "teams": 3.0,          # teams 1, 2, 4: team 3 disbanded 01/09
         "channels": 2.0,       # ch 1, 2: ch 3 closed 15/09
         "followers": 200.0},   # 120 + 80
    ]


def test_quarter_members_is_last_snapshot_per_team_not_sum(fixture_con):
    df = builder.totals(fixture_con, ["members"], filters=F("2024-07", "2024-09", units=SON_LA))
    assert records(df, "period_label", "members") == [
        # 15 + 6 + 20: last report of teams 1 (Sep), 2 (Sep), 4 (Jul); team 3 disbanded 01/09.
        # Not 38 + 25 + 21 = 84, the sum of the three months.
        {"period_label": "Quý III/2024", "members": 41.0},
    ]


QUARTER_METRICS = ["members", "teams", "channels", "followers", "posts", "channels_new", "channels_closed",
                   "teams_new", "teams_closed"]


def test_quarter_stocks_are_last_snapshot_and_flows_are_sums(fixture_con):
    df = builder.series(fixture_con, QUARTER_METRICS, filters=F("2024-01", "2024-12", units=SON_LA,
                                                                grain="quarter"))
    assert records(df, "period_label", *QUARTER_METRICS) == [
        {"period_label": "Quý I/2024",
         "members": NAN,        # no team report before July: unknown, not 0
         "teams": 3.0,          # teams 1, 3, 4 (founded 2023): the team register is known
         "channels": 2.0,       # ch 1 (opened 05/2023), ch 3 (2020): the channel register is known
         "followers": NAN,      # no follower report before July: unknown
         "posts": 2.0,          # January fanpage 2 (Sơn La reported January only: the known part)
         "channels_new": 0.0, "channels_closed": 0.0, "teams_new": 0.0, "teams_closed": 0.0},
        {"period_label": "Quý II/2024",
         "members": NAN, "teams": 3.0, "channels": 2.0, "followers": NAN,
         "posts": NAN,          # no activity report in April–June: unknown, not 0
         "channels_new": 0.0, "channels_closed": 0.0, "teams_new": 0.0, "teams_closed": 0.0},
        {"period_label": "Quý III/2024",
         "members": 41.0,       # 15 + 6 + 20
         "teams": 3.0,          # teams 1, 2, 4 on 30/09
         "channels": 2.0,       # ch 1, 2 on 30/09
         "followers": 200.0,    # 120 + 80: ch 3 closed 15/09
         "posts": 10.0,         # 5 (tiktok, Jul) + 5 (fanpage, Aug)
         "channels_new": 1.0,   # ch 2 opened 20/08
         "channels_closed": 1.0,  # ch 3 closed 15/09
         "teams_new": 1.0,      # team 2 founded 15/08
         "teams_closed": 1.0},  # team 3 disbanded 01/09
        {"period_label": "Quý IV/2024",
         "members": NAN,        # no team report after September
         "teams": 3.0,          # teams 1, 2, 4
         "channels": 2.0,       # ch 1, 2
         "followers": NAN,
         "posts": NAN,
         "channels_new": 0.0, "channels_closed": 0.0, "teams_new": 0.0, "teams_closed": 0.0},
    ]


def test_half_year_stocks_and_flows(fixture_con):
    df = builder.series(fixture_con, QUARTER_METRICS,
                        filters=F("2024-01", "2024-12", units=SON_LA, grain="half"))
    assert records(df, "period_label", *QUARTER_METRICS) == [
        {"period_label": "6 tháng đầu năm 2024",
         "members": NAN, "teams": 3.0, "channels": 2.0, "followers": NAN,
         "posts": 2.0,          # 2 (Jan), the only month Sơn La reported
         "channels_new": 0.0, "channels_closed": 0.0, "teams_new": 0.0, "teams_closed": 0.0},
        {"period_label": "6 tháng cuối năm 2024",
         "members": 41.0,       # 15 + 6 + 20: last reports inside the half, not 84
         "teams": 3.0,          # teams 1, 2, 4 on 31/12
         "channels": 2.0,       # ch 1, 2 on 31/12
         "followers": 200.0,    # 120 + 80: last reports inside the half
         "posts": 10.0,         # 10 (Q3); Q4 not reported
         "channels_new": 1.0, "channels_closed": 1.0, "teams_new": 1.0, "teams_closed": 1.0},
    ]


def test_year_stocks_and_flows(fixture_con):
    df = builder.series(fixture_con, QUARTER_METRICS + ["link_shares"],
                        filters=F("2024-01", "2024-12", units=SON_LA, grain="year"))
    assert records(df, "period_label", "incomplete", *QUARTER_METRICS, "link_shares") == [
        {"period_label": "Năm 2024", "incomplete": False,
         "members": 41.0,       # 15 + 6 + 20, never twelve months added up
         "teams": 3.0,
         "channels": 2.0,
         "followers": 200.0,    # 120 + 80
         "posts": 12.0,         # 2 + 5 + 5
         "channels_new": 1.0, "channels_closed": 1.0, "teams_new": 1.0, "teams_closed": 1.0,
         "link_shares": 10.0},  # 4 (trung_uong) + 6 (tinh), Sep
    ]


def test_channel_flows_count_a_channel_closed_during_the_period(fixture_con):
    metrics = ["channels", "followers", "channel_posts", "channels_new", "channels_closed", "posts"]
    df = builder.totals(fixture_con, metrics,
                        by=["platform"], filters=F("2024-07", "2024-09", units=SON_LA))
    assert records(df, "platform", "channels", "followers", "channel_posts", "channels_new",
                   "channels_closed", "posts") == [
        {"platform": "fanpage", "channels": 1.0, "followers": 120.0,
         "channel_posts": 3.0,  # ch 1: 1 + 1 + 1
         "channels_new": 0.0, "channels_closed": 0.0,
         "posts": 5.0},         # activities, fanpage Aug
        {"platform": "tiktok", "channels": 1.0, "followers": 80.0,
         "channel_posts": 4.0,  # ch 2: 2 (Aug) + 2 (Sep)
         "channels_new": 1.0, "channels_closed": 0.0,
         "posts": 5.0},         # activities, tiktok Jul
        {"platform": "website", "channels": 0.0,
         "followers": 0.0,      # ch 3 closed 15/09: not active at the end of the quarter
         "channel_posts": 8.0,  # ch 3: 4 (Jul) + 4 (Aug), a flow still counts
         "channels_new": 0.0, "channels_closed": 1.0,
         "posts": 0.0},
    ]


def test_stock_metrics_by_team_are_each_teams_last_report(fixture_con):
    df = builder.totals(fixture_con, ["members"], by=["team"], filters=F("2024-07", "2024-09", units=SON_LA))
    assert records(df, "team", "members") == [
        {"team": 1, "members": 15.0},   # September report
        {"team": 2, "members": 6.0},    # September report
        {"team": 4, "members": 20.0},   # July report, its last; team 3 disbanded 01/09 is absent
    ]


# ---- ratios -------------------------------------------------------------------------------------

def test_ratios_are_computed_from_aggregated_parts(fixture_con):
    df = builder.totals(fixture_con, ["members_per_team", "followers_per_channel", "members", "teams",
                                      "followers", "channels"],
                        filters=F("2024-07", "2024-09", units=SON_LA))
    assert records(df, "members_per_team", "followers_per_channel", "members", "teams", "followers",
                   "channels") == [
        {"members_per_team": 41 / 3,          # not the mean of 38/3, 25/4, 21/3
         "followers_per_channel": 200 / 2,    # (120 + 80) / (ch 1 + ch 2)
         "members": 41.0, "teams": 3.0, "followers": 200.0, "channels": 2.0},
    ]


def test_luot_per_nguoi_is_total_luot_over_total_nguoi(fixture_con):
    df = builder.totals(fixture_con, ["luot_per_nguoi", "contest_luot", "contest_nguoi"],
                        filters=F("2024-01", "2024-12", units=("48",)))
    assert records(df, "luot_per_nguoi", "contest_luot", "contest_nguoi") == [
        # (250 + 150 + 10) / (100 + 50 + 10), not the mean of the weekly ratios 2.5, 3.0, 1.0
        {"luot_per_nguoi": 410 / 160, "contest_luot": 410.0, "contest_nguoi": 160.0},
    ]


def test_ratio_with_zero_denominator_is_nan(fixture_con):
    df = builder.series(fixture_con, ["luot_per_nguoi", "contest_luot", "contest_nguoi"],
                        filters=F("2024-03", "2024-04", compare="prev"))
    assert records(df, "period_label", "luot_per_nguoi", "luot_per_nguoi_cmp", "luot_per_nguoi_delta",
                   "luot_per_nguoi_pct", "contest_luot", "contest_nguoi") == [
        {"period_label": "Tháng 3/2024",
         "luot_per_nguoi": 410 / 160,
         "luot_per_nguoi_cmp": NAN,           # February: 0 / 0
         "luot_per_nguoi_delta": NAN, "luot_per_nguoi_pct": NAN,
         "contest_luot": 410.0, "contest_nguoi": 160.0},
        {"period_label": "Tháng 4/2024",
         "luot_per_nguoi": NAN,               # April: 0 / 0, no error
         "luot_per_nguoi_cmp": 410 / 160,
         "luot_per_nguoi_delta": NAN, "luot_per_nguoi_pct": NAN,
         "contest_luot": 0.0, "contest_nguoi": 0.0},
    ]


# ---- platform filter ----------------------------------------------------------------------------

def test_entity_filter_gives_the_chosen_channels_and_teams_numbers_only(fixture_con):
    """A page of a list asks the numbers of its ids only: the filter on the entity is written on the entity's own
    key inside the raw rows (sql.ENTITY_KEYS) for snapshots and flows, on the rows elsewhere — same figures."""
    df = builder.totals(fixture_con, ["channels", "followers", "channel_posts"], by=["channel"],
                        filters=F("2024-07", "2024-09", where=(("channel", (2, 3)),)))
    assert records(df, "channel", "channels", "followers", "channel_posts") == [
        {"channel": 2, "channels": 1.0, "followers": 80.0, "channel_posts": 4.0},    # 2 (Aug) + 2 (Sep)
        {"channel": 3, "channels": 0.0, "followers": 0.0, "channel_posts": 8.0},     # closed 15/09; 4 + 4
    ]
    one = builder.totals(fixture_con, ["followers", "channel_posts"],
                         filters=F("2024-07", "2024-09", where=(("channel", (1,)), ("channel", (1, 2)))))
    assert records(one, "followers", "channel_posts") == [{"followers": 120.0, "channel_posts": 3.0}]
    teams = builder.totals(fixture_con, ["members", "teams"], by=["team"],
                           filters=F("2024-07", "2024-09", where=(("team", (1, 4)),)))
    # team 1: 15 members in Sep; team 4's last report is July (20), inside the quarter
    assert records(teams, "team", "members", "teams") == [
        {"team": 1, "members": 15.0, "teams": 1.0}, {"team": 4, "members": 20.0, "teams": 1.0}]


def test_platform_filter_applies_to_channel_metrics_and_is_reported_ignored_for_teams(fixture_con):
    df = builder.totals(fixture_con,
                        ["channels", "followers", "channels_new", "followers_per_channel", "posts", "members",
                         "teams", "members_per_team"],
                        filters=F("2024-07", "2024-09", units=SON_LA, platforms=("tiktok",)))
    assert records(df, "channels", "followers", "channels_new", "followers_per_channel", "posts", "members",
                   "teams", "members_per_team") == [
        {"channels": 1.0,           # ch 2 only
         "followers": 80.0,         # ch 2, September
         "channels_new": 1.0,       # ch 2 opened 20/08
         "followers_per_channel": 80 / 1,
         "posts": 5.0,              # tiktok posts, July
         "members": 41.0,           # teams have no platform: the filter does not apply
         "teams": 3.0,
         "members_per_team": 41 / 3},
    ]
    assert df.attrs["ignored_filters"] == ["platform"]


def test_platform_filter_not_reported_when_every_source_has_platforms(fixture_con):
    df = builder.totals(fixture_con, ["channels", "posts"],
                        filters=F("2024-07", "2024-09", units=SON_LA, platforms=("fanpage",)))
    assert (records(df, "channels", "posts"), df.attrs["ignored_filters"]) == (
        [{"channels": 1.0,          # ch 1
          "posts": 5.0}],           # fanpage, August
        [],
    )


# ---- comparisons --------------------------------------------------------------------------------

def test_previous_period_of_monthly_posts(fixture_con):
    df = builder.series(fixture_con, ["posts"], filters=F("2024-07", "2024-09", units=SON_LA, compare="prev"),
                        ytd=True)
    assert records(df, "period_label", "cmp_label", "posts", "posts_cmp", "posts_delta", "posts_pct",
                   "posts_ytd") == [
        {"period_label": "Tháng 7/2024", "cmp_label": "Tháng 6/2024",
         "posts": 5.0, "posts_cmp": NAN, "posts_delta": NAN,   # June: no report, so no change, not "+5"
         "posts_pct": NAN,
         "posts_ytd": 7.0},         # 2 (Jan) + 5: the reported months of the year
        {"period_label": "Tháng 8/2024", "cmp_label": "Tháng 7/2024",
         "posts": 5.0, "posts_cmp": 5.0, "posts_delta": 0.0, "posts_pct": 0.0,
         "posts_ytd": 12.0},        # 2 + 5 + 5
        {"period_label": "Tháng 9/2024", "cmp_label": "Tháng 8/2024",
         "posts": 0.0, "posts_cmp": 5.0, "posts_delta": -5.0, "posts_pct": -1.0,
         "posts_ytd": 12.0},
    ]


def test_previous_period_of_monthly_stocks(fixture_con):
    df = builder.series(fixture_con, ["members", "teams"],
                        filters=F("2024-07", "2024-09", units=SON_LA, compare="prev"))
    assert records(df, "period_label", "members", "members_cmp", "members_delta", "members_pct",
                   "teams", "teams_cmp", "teams_delta", "teams_pct") == [
        {"period_label": "Tháng 7/2024",
         "members": 38.0, "members_cmp": NAN,   # June: no team report, unknown
         "members_delta": NAN, "members_pct": NAN,   # never a rise from 0
         "teams": 3.0, "teams_cmp": 3.0,        # teams 1, 3, 4 in both months
         "teams_delta": 0.0, "teams_pct": 0.0},
        {"period_label": "Tháng 8/2024",
         "members": 25.0, "members_cmp": 38.0, "members_delta": -13.0, "members_pct": -13 / 38,
         "teams": 4.0, "teams_cmp": 3.0, "teams_delta": 1.0, "teams_pct": 1 / 3},
        {"period_label": "Tháng 9/2024",
         "members": 21.0, "members_cmp": 25.0, "members_delta": -4.0, "members_pct": -4 / 25,
         "teams": 3.0, "teams_cmp": 4.0, "teams_delta": -1.0, "teams_pct": -1 / 4},
    ]


def test_same_period_last_year_across_the_merger_current_boundaries(fixture_con):
    df = builder.totals(fixture_con, ["posts"], filters=F("2025-07", "2025-09", units=("15",), compare="yoy"))
    assert records(df, "period_label", "cmp_label", "posts", "posts_cmp", "posts_delta", "posts_pct") == [
        {"period_label": "Quý III/2025", "cmp_label": "Quý III/2024",
         "posts": 600.0,            # new Lào Cai: 100 + 200 + 300
         "posts_cmp": 66.0,         # its predecessors in Q3/2024: Yên Bái 60 + old Lào Cai 6
         "posts_delta": 534.0,      # 600 - 66
         "posts_pct": 534 / 66},
    ]


def test_same_period_last_year_across_the_merger_historical_boundaries(fixture_con):
    df = builder.totals(fixture_con, ["posts"],
                        filters=F("2025-07", "2025-09", units=("15",), compare="yoy", boundary="historical"))
    assert records(df, "period_label", "cmp_label", "posts", "posts_cmp", "posts_delta", "posts_pct") == [
        {"period_label": "Quý III/2025", "cmp_label": "Quý III/2024",
         "posts": 600.0,            # code 15 in 2025 = new Lào Cai: 100 + 200 + 300
         "posts_cmp": 60.0,         # code 15 in 2024 = Yên Bái: 10 + 20 + 30 (old Lào Cai was code 10)
         # no change: another area (Yên Bái alone against Yên Bái with old Lào Cai), not one unit's result
         "posts_delta": NAN, "posts_pct": NAN},
    ]


@pytest.mark.parametrize("code, start, end, stated", [
    ("48", "2025-01", "2025-12", False),     # old Đà Nẵng until June, with Quảng Nam after: its area changed inside
    ("48", "2026-01", "2026-10", False),     # … and against such a year
    ("48", "2024-01", "2024-12", True),      # old Đà Nẵng on both sides
    ("15", "2025-07", "2025-09", False),     # Yên Bái against Yên Bái with old Lào Cai
    ("14", "2025-07", "2025-09", True),      # Sơn La alone before and after (1014, then 2014 made of it alone)
    ("14", "2025-01", "2025-12", True),
])
def test_historical_boundaries_state_a_change_only_over_the_same_area(sample_db_path, code, start, end, stated):
    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        row = builder.totals(con, ["channels", "posts", "members"],
                             filters=F(start, end, units=(code,), compare="yoy", boundary="historical")).iloc[0]
        # the whole country is one area in both views
        country = builder.totals(con, ["posts"], filters=F(start, end, compare="yoy", boundary="historical")).iloc[0]
    finally:
        con.close()
    for k in ("channels", "posts", "members"):
        assert pd.notna(row[k]) and pd.notna(row[f"{k}_cmp"])        # both sides known: only the area decides
        assert pd.notna(row[f"{k}_delta"]) == stated, k
    assert pd.notna(country["posts_delta"])


def test_period_words_follow_the_filters_language_and_numbers_do_not(fixture_con):
    kw = dict(units=("15",), grain="quarter", compare="yoy")     # Lào Cai: 600 posts, 66 a year before
    vi = builder.series(fixture_con, ["posts"], filters=F("2025-07", "2025-09", **kw))
    en = builder.series(fixture_con, ["posts"], filters=F("2025-07", "2025-09", lang="en", **kw))
    cols = ("period_label", "period_short", "cmp_label", "posts", "posts_cmp")
    assert {"vi": records(vi, *cols), "en": records(en, *cols)} == {
        "vi": [{"period_label": "Quý III/2025", "period_short": "Quý III/2025", "cmp_label": "Quý III/2024",
                "posts": 600.0, "posts_cmp": 66.0}],
        "en": [{"period_label": "Q3 2025", "period_short": "Q3 2025", "cmp_label": "Q3 2024",
                "posts": 600.0, "posts_cmp": 66.0}],
    }
    # a language is a different cache key (Filters is the key), never a different number
    assert F("2025-07", "2025-09", **kw) != F("2025-07", "2025-09", lang="en", **kw)
    with pytest.raises(ValueError):
        F("2025-07", "2025-09", lang="fr")


def test_comparison_outside_the_datas_coverage_is_nan(fixture_con):
    # the data starts 01/2024: Q4/2023 and every 2023 month are unknown, not zero
    prev = builder.series(fixture_con, ["posts", "teams"],
                          filters=F("2024-01", "2024-06", units=SON_LA, grain="quarter", compare="prev"))
    yoy = builder.totals(fixture_con, ["posts", "teams"], filters=F("2024-07", "2024-09", units=SON_LA,
                                                                    compare="yoy"))
    # 10/2023 - 03/2024 is only partly covered: unknown as a whole
    partial = builder.totals(fixture_con, ["posts"], filters=F("2024-04", "2024-09", units=SON_LA,
                                                               compare="prev"))
    cols = ("period_label", "cmp_label", "posts", "posts_cmp", "posts_pct", "teams", "teams_cmp", "teams_pct")
    assert {
        "prev": records(prev, *cols),
        "yoy": records(yoy, *cols),
        "partial": records(partial, "period_label", "cmp_label", "posts", "posts_cmp", "posts_delta"),
    } == {
        "prev": [
            {"period_label": "Quý I/2024", "cmp_label": "Quý IV/2023",
             "posts": 2.0, "posts_cmp": NAN, "posts_pct": NAN,
             "teams": 3.0, "teams_cmp": NAN, "teams_pct": NAN},
            {"period_label": "Quý II/2024", "cmp_label": "Quý I/2024",
             "posts": NAN, "posts_cmp": 2.0, "posts_pct": NAN,     # no report in Q2: unknown, not -100 %
             "teams": 3.0, "teams_cmp": 3.0, "teams_pct": 0.0},
        ],
        "yoy": [
            {"period_label": "Quý III/2024", "cmp_label": "Quý III/2023",
             "posts": 10.0, "posts_cmp": NAN, "posts_pct": NAN,
             "teams": 3.0, "teams_cmp": NAN, "teams_pct": NAN},
        ],
        "partial": [
            {"period_label": "04/2024 – 09/2024", "cmp_label": "10/2023 – 03/2024",
             "posts": 10.0, "posts_cmp": NAN, "posts_delta": NAN},
        ],
    }


def test_compare_none_leaves_comparison_columns_nan(fixture_con):
    df = builder.series(fixture_con, ["posts", "members", "members_per_team"],
                        filters=F("2024-08", "2024-09", units=SON_LA, compare="none"))
    assert records(df, "period_label", "cmp_label", "posts", "posts_cmp", "posts_delta", "posts_pct",
                   "members", "members_cmp", "members_delta", "members_pct", "members_per_team",
                   "members_per_team_cmp", "members_per_team_delta", "members_per_team_pct") == [
        {"period_label": "Tháng 8/2024", "cmp_label": None,
         "posts": 5.0, "posts_cmp": NAN, "posts_delta": NAN, "posts_pct": NAN,
         "members": 25.0, "members_cmp": NAN, "members_delta": NAN, "members_pct": NAN,
         "members_per_team": 25 / 4,
         "members_per_team_cmp": NAN, "members_per_team_delta": NAN, "members_per_team_pct": NAN},
        {"period_label": "Tháng 9/2024", "cmp_label": None,
         "posts": 0.0, "posts_cmp": NAN, "posts_delta": NAN, "posts_pct": NAN,
         "members": 21.0, "members_cmp": NAN, "members_delta": NAN, "members_pct": NAN,
         "members_per_team": 21 / 3,
         "members_per_team_cmp": NAN, "members_per_team_delta": NAN, "members_per_team_pct": NAN},
    ]


def test_year_to_date_for_flows_and_nan_for_stocks_and_ratios(fixture_con):
    df = builder.series(fixture_con, ["posts", "members", "members_per_team"],
                        filters=F("2024-07", "2024-09", units=SON_LA), ytd=True)
    assert records(df, "period_label", "posts", "posts_ytd", "members_ytd", "members_per_team_ytd") == [
        {"period_label": "Tháng 7/2024", "posts": 5.0,
         "posts_ytd": 7.0,          # 2 (Jan) + 5 (Jul)
         "members_ytd": NAN, "members_per_team_ytd": NAN},
        {"period_label": "Tháng 8/2024", "posts": 5.0,
         "posts_ytd": 12.0,         # 2 + 5 + 5
         "members_ytd": NAN, "members_per_team_ytd": NAN},
        {"period_label": "Tháng 9/2024", "posts": 0.0,
         "posts_ytd": 12.0,         # nothing in September
         "members_ytd": NAN, "members_per_team_ytd": NAN},
    ]


def test_totals_ytd_runs_from_january_of_the_ranges_last_year(fixture_con):
    df = builder.totals(fixture_con, ["posts"], by=["unit"], filters=F("2024-07", "2025-09"))
    rows = records(df, "period_label", "unit_id", "posts", "posts_ytd")
    assert unknown_units(rows, "posts", "posts_ytd") == 32       # the other 32 units never reported
    assert known(rows, "posts", "posts_ytd") == [
        {"period_label": "07/2024 – 09/2025", "unit_id": 2014,
         "posts": 10.0,             # 5 + 5 (January 2024 is before the range)
         "posts_ytd": NAN},         # no report in 01/2025 - 09/2025: unknown
        {"period_label": "07/2024 – 09/2025", "unit_id": 2015,
         "posts": 673.0,            # old Lào Cai 6 + Yên Bái 67 + new Lào Cai 600
         "posts_ytd": 607.0},       # 7 (Yên Bái, 06/2025) + 600
    ]


@pytest.mark.parametrize("compare", ["yoy", "prev"])
def test_incomplete_year_is_marked_and_compared_like_for_like(fixture_con, compare):
    df = builder.series(fixture_con, ["posts", "teams"], filters=F("2025-01", "2025-12", grain="year",
                                                                   compare=compare), ytd=True)
    assert records(df, "period_label", "incomplete", "period_start", "period_end", "cmp_label", "posts",
                   "posts_cmp", "posts_delta", "posts_pct", "posts_ytd", "teams", "teams_cmp") == [
        {"period_label": "Năm 2025 (đến 09/2025)", "incomplete": True,
         "period_start": m("2025-01"), "period_end": m("2025-09"),     # the data ends 09/2025
         "cmp_label": "9 tháng năm 2024",                             # 01/2024 - 09/2024, not all of 2024
         "posts": 607.0,            # Yên Bái 7 (06/2025) + new Lào Cai 100 + 200 + 300
         "posts_cmp": 78.0,         # Yên Bái 60 + old Lào Cai 6 + Sơn La 2 + 5 + 5 (Q4/2024 not counted)
         # no change: not like for like — the units that sent each month differ between the two sides (Sơn La
         # reported in 2024, not in 2025; no unit sent every month of either)
         "posts_delta": NAN, "posts_pct": NAN,
         "posts_ytd": 607.0,
         "teams": 3.0,              # teams 1, 2, 4 on 30/09/2025
         "teams_cmp": 3.0},         # teams 1, 2, 4 on 30/09/2024
    ]


def test_incomplete_range_compared_with_same_months_last_year(fixture_con):
    df = builder.totals(fixture_con, ["posts"], filters=F("2025-01", "2025-12", compare="yoy"))
    assert records(df, "period_label", "incomplete", "cmp_label", "posts", "posts_cmp", "posts_delta") == [
        {"period_label": "Năm 2025 (đến 09/2025)", "incomplete": True, "cmp_label": "9 tháng năm 2024",
         "posts": 607.0,            # 7 + 600
         "posts_cmp": 78.0,         # 60 + 6 + 12, over 01/2024 - 09/2024 only
         "posts_delta": NAN},       # not like for like (see above)
    ]


def test_incomplete_range_previous_period_is_like_for_like(fixture_con):
    df = builder.totals(fixture_con, ["posts"], filters=F("2025-01", "2025-12", compare="prev"))
    assert records(df, "period_label", "cmp_label", "posts", "posts_cmp", "posts_delta") == [
        {"period_label": "Năm 2025 (đến 09/2025)", "cmp_label": "9 tháng năm 2024",
         "posts": 607.0,
         "posts_cmp": 78.0,         # 60 + 6 + 12 over 01/2024 - 09/2024
         "posts_delta": NAN},       # not like for like (see above)
    ]


# ---- boundaries ---------------------------------------------------------------------------------

def test_historical_boundaries_group_by_unit_as_recorded(fixture_con):
    df = builder.totals(fixture_con, ["posts"], by=["unit"],
                        filters=F("2024-07", "2025-09", boundary="historical"))
    rows = records(df, "unit_id", "posts")
    # every unit that existed in the range is listed: 63 old provinces and 34 new units, code 14 twice
    assert len(rows) == 97 and unknown_units(rows, "posts") == 93
    assert known(rows, "posts") == [
        {"unit_id": 1010, "posts": 6.0},     # old Lào Cai: 1 + 2 + 3
        {"unit_id": 1014, "posts": 10.0},    # Sơn La: 5 + 5 (January 2024 is before the range)
        {"unit_id": 1015, "posts": 67.0},    # Yên Bái: 10 + 20 + 30 + 7
        {"unit_id": 2015, "posts": 600.0},   # new Lào Cai: 100 + 200 + 300
    ]


def test_current_boundaries_remap_history_onto_todays_units(fixture_con):
    df = builder.totals(fixture_con, ["posts"], by=["unit"], filters=F("2024-07", "2025-09"))
    rows = records(df, "unit_id", "posts")
    assert len(rows) == 34 and unknown_units(rows, "posts") == 32     # unknown, listed, never 0
    assert known(rows, "posts") == [
        {"unit_id": 2014, "posts": 10.0},    # Sơn La (not merged): 5 + 5
        {"unit_id": 2015, "posts": 673.0},   # 6 + 67 + 600: old Lào Cai and Yên Bái became the new Lào Cai
    ]


def test_merged_units_pre_merger_total_is_sum_of_its_predecessors(fixture_con):
    by_unit = builder.totals(fixture_con, ["posts"], by=["unit"], filters=F("2024-07", "2024-09"))
    filtered = builder.totals(fixture_con, ["posts"], filters=F("2024-07", "2024-09", units=("15",)))
    assert {"by unit": known(records(by_unit, "unit_id", "posts"), "posts"),
            "unit 15": records(filtered, "posts")} == {
        "by unit": [
            {"unit_id": 2014, "posts": 10.0},
            {"unit_id": 2015, "posts": 66.0},    # Yên Bái 60 + old Lào Cai 6, before the unit existed
        ],
        "unit 15": [{"posts": 66.0}],
    }


def test_code_15_is_yen_bai_before_the_merger_and_lao_cai_after_in_historical_view(fixture_con):
    windows = {"Q3/2024": ("2024-07", "2024-09"), "Q3/2025": ("2025-07", "2025-09"),
               "07/2024-09/2025": ("2024-07", "2025-09")}
    got = {
        (boundary, code, name): records(
            builder.totals(fixture_con, ["posts"], filters=F(*w, units=(code,), boundary=boundary)), "posts")
        for boundary in ("historical", "current") for code in ("15", "10") for name, w in windows.items()
    }
    assert got == {
        ("historical", "15", "Q3/2024"): [{"posts": 60.0}],             # Yên Bái 10 + 20 + 30
        ("historical", "15", "Q3/2025"): [{"posts": 600.0}],            # new Lào Cai 100 + 200 + 300
        ("historical", "15", "07/2024-09/2025"): [{"posts": 667.0}],    # 60 + 7 + 600
        ("historical", "10", "Q3/2024"): [{"posts": 6.0}],              # old Lào Cai 1 + 2 + 3
        ("historical", "10", "Q3/2025"): [{"posts": NAN}],              # code 10 no longer exists: unknown
        ("historical", "10", "07/2024-09/2025"): [{"posts": 6.0}],
        ("current", "15", "Q3/2024"): [{"posts": 66.0}],                # 60 + 6
        ("current", "15", "Q3/2025"): [{"posts": 600.0}],
        ("current", "15", "07/2024-09/2025"): [{"posts": 673.0}],       # 66 + 7 + 600
        ("current", "10", "Q3/2024"): [{"posts": NAN}],                 # no current unit has code 10
        ("current", "10", "Q3/2025"): [{"posts": NAN}],
        ("current", "10", "07/2024-09/2025"): [{"posts": NAN}],
    }


def test_contest_people_and_attempts_under_both_boundaries(fixture_con):
    metrics = ["contest_nguoi", "contest_luot", "luot_per_nguoi"]
    current = builder.totals(fixture_con, metrics, filters=F("2024-01", "2024-12", units=("48",)))
    historical = builder.totals(fixture_con, metrics,
                                filters=F("2024-01", "2024-12", units=("48",), boundary="historical"))
    by_unit = builder.totals(fixture_con, metrics, by=["unit"],
                             filters=F("2024-01", "2024-12", boundary="historical"))
    assert {
        "current": records(current, *metrics),
        "historical": records(historical, *metrics),
        # the other units took part in nothing they reported: 0 in the months no contest ran, unknown in
        # March (they sent no participation row), so 0 as far as known — and not fully reported
        "historical by unit": [r for r in records(by_unit, "unit_id", *metrics) if r["contest_nguoi"]],
    } == {
        # today's Đà Nẵng includes Quảng Nam: người 100 + 50 + 10, lượt 250 + 150 + 10
        "current": [{"contest_nguoi": 160.0, "contest_luot": 410.0, "luot_per_nguoi": 410 / 160}],
        # Đà Nẵng as it was: người 100 + 50, lượt 250 + 150
        "historical": [{"contest_nguoi": 150.0, "contest_luot": 400.0, "luot_per_nguoi": 400 / 150}],
        "historical by unit": [
            {"unit_id": 1048, "contest_nguoi": 150.0, "contest_luot": 400.0, "luot_per_nguoi": 400 / 150},
            {"unit_id": 1049, "contest_nguoi": 10.0, "contest_luot": 10.0, "luot_per_nguoi": 10 / 10},
        ],
    }
    # người and lượt stay two measures: no column adds them together (each carries its figures' qualifiers)
    assert [c for c in current.columns if c.startswith("contest_")] == [
        "contest_nguoi", "contest_nguoi_cmp", "contest_nguoi_ytd", "contest_nguoi_q", "contest_nguoi_cmp_q",
        "contest_nguoi_ytd_q", "contest_nguoi_reported", "contest_nguoi_expected", "contest_nguoi_ytd_reported",
        "contest_nguoi_ytd_expected", "contest_nguoi_delta", "contest_nguoi_pct", "contest_nguoi_delta_q",
        "contest_luot", "contest_luot_cmp", "contest_luot_ytd", "contest_luot_q", "contest_luot_cmp_q",
        "contest_luot_ytd_q", "contest_luot_reported", "contest_luot_expected", "contest_luot_ytd_reported",
        "contest_luot_ytd_expected", "contest_luot_delta", "contest_luot_pct", "contest_luot_delta_q",
    ]


# ---- scope --------------------------------------------------------------------------------------

def test_scope_restricts_every_result_to_son_la(fixture_con):
    whole = F("2024-01", "2025-09", scope=SON_LA)
    totals = builder.totals(fixture_con, ALL_KPIS, filters=whole)
    by_unit = builder.totals(fixture_con, ["posts", "contest_luot"], by=["unit"], filters=whole)
    by_unit_hist = builder.totals(fixture_con, ["posts"], by=["unit"],
                                  filters=F("2024-01", "2025-09", scope=SON_LA, boundary="historical"))
    assert {
        "totals": records(totals, *ALL_KPIS),
        "by unit": records(by_unit, "unit_id", "posts", "contest_luot"),
        "by unit, historical": records(by_unit_hist, "unit_id", "posts"),
    } == {
        "totals": [{
            "posts": 12.0,          # 2 + 5 + 5: nothing of Lào Cai / Yên Bái
            "link_shares": 10.0,    # 4 + 6
            "members": 41.0,        # last reports: team 1 15 (09/2024), team 2 6, team 4 20 (07/2024)
            "teams": 3.0,           # teams 1, 2, 4 on 30/09/2025
            "channels": 2.0,        # ch 1, 2
            "followers": 200.0,     # 120 + 80
            "contest_luot": 0.0,    # Đà Nẵng's contest is out of scope
            "contest_nguoi": 0.0,
        }],
        "by unit": [{"unit_id": 2014, "posts": 12.0, "contest_luot": 0.0}],
        "by unit, historical": [{"unit_id": 1014, "posts": 12.0},
                                {"unit_id": 2014, "posts": NAN}],   # today's Sơn La (07/2025 on) sent nothing
    }


def test_empty_scope_sees_nothing(fixture_con):
    nothing = F("2024-01", "2025-09", scope=())
    totals = builder.totals(fixture_con, ALL_KPIS, filters=nothing)
    series = builder.series(fixture_con, ALL_KPIS, filters=F("2024-01", "2025-09", scope=(), grain="quarter"))
    assert {
        "totals": zero_sums(totals, ALL_KPIS),
        "series": zero_sums(series, ALL_KPIS),
        "targets": builder.targets(fixture_con, ["members", "posts"], nothing, 2024),
    } == {
        "totals": dict.fromkeys(ALL_KPIS, 0.0),
        "series": dict.fromkeys(ALL_KPIS, 0.0),
        "targets": {},
    }


def test_unit_filter_outside_the_scope_gives_zero(fixture_con):
    outside = F("2024-01", "2025-09", units=("15",), scope=SON_LA)
    totals = builder.totals(fixture_con, ALL_KPIS, filters=outside)
    assert {
        "totals": zero_sums(totals, ALL_KPIS),     # Lào Cai's 673 posts are not visible to a Sơn La user
        "targets 2025": builder.targets(fixture_con, ["posts"], outside, 2025),   # unit 15's 1000 is hidden
    } == {
        "totals": dict.fromkeys(ALL_KPIS, 0.0),
        "targets 2025": {},
    }


# ---- targets ------------------------------------------------------------------------------------

def test_targets_sum_the_years_targets_of_the_filtered_units(fixture_con):
    whole = ("2024-01", "2025-09")
    assert {
        "2024, unit 14": builder.targets(fixture_con, ["members", "posts"], F(*whole, units=SON_LA), 2024),
        "2025, unit 15": builder.targets(fixture_con, ["members", "posts"], F(*whole, units=("15",)), 2025),
        "2025, all units": builder.targets(fixture_con, ["members", "posts"], F(*whole), 2025),
        "2025, unit 14": builder.targets(fixture_con, ["members", "posts"], F(*whole, units=SON_LA), 2025),
        "2024, scope 14": builder.targets(fixture_con, ["members"], F(*whole, scope=SON_LA), 2024),
        "no metrics": builder.targets(fixture_con, [], F(*whole), 2024),
    } == {
        "2024, unit 14": {"members": 50.0},
        "2025, unit 15": {"posts": 1000.0},
        "2025, all units": {"posts": 1000.0},
        "2025, unit 14": {},        # Sơn La has no 2025 target
        "2024, scope 14": {"members": 50.0},
        "no metrics": {},
    }


# ---- errors and edge cases ----------------------------------------------------------------------

@pytest.mark.parametrize(("metrics", "by"), [
    (["members"], ["platform"]),             # teams have no platform
    (["members_per_team"], ["platform"]),    # nor does a ratio of team metrics
    (["followers"], ["team"]),
    (["contest_luot"], ["activity_type"]),
])
def test_cutting_a_metric_by_a_dimension_it_lacks_raises_query_error(fixture_con, metrics, by):
    with pytest.raises(builder.QueryError, match="cannot be cut by"):
        builder.totals(fixture_con, metrics, by=by, filters=F("2024-07", "2024-09"))
    with pytest.raises(builder.QueryError, match="cannot be cut by"):
        builder.series(fixture_con, metrics, by=by, filters=F("2024-07", "2024-09"))


def test_filters_reject_invalid_choices():
    with pytest.raises(ValueError, match="start after end"):
        F("2024-09", "2024-07")
    with pytest.raises(ValueError, match="compare"):
        F("2024-07", "2024-09", compare="mom")
    with pytest.raises(ValueError, match="boundary"):
        F("2024-07", "2024-09", boundary="1990")


@pytest.fixture(scope="module")
def empty_con(tmp_path_factory):
    """A database with the schema and the reference rows only: no facts at all."""
    path = tmp_path_factory.mktemp("empty_db") / "empty.duckdb"
    con = duckdb.connect(str(path))
    db.migrate(con)
    reference.load(con)
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_empty_database_gives_empty_frames_with_the_documented_columns(empty_con):
    filters = F("2024-01", "2024-12", compare="yoy")
    totals = builder.totals(empty_con, ["posts", "members"], by=["unit"], filters=filters)
    series = builder.series(empty_con, ["posts"], filters=filters)
    period_cols = ["period_label", "period_short", "period_start", "period_end", "incomplete", "cmp_label"]
    assert {
        "coverage": builder.coverage(empty_con),
        "totals rows": len(totals),
        "totals columns": list(totals.columns),
        "series rows": len(series),
        "series columns": list(series.columns),
        "targets": builder.targets(empty_con, ["members"], filters, 2024),
    } == {
        "coverage": None,
        "totals rows": 0,
        "totals columns": period_cols + [
            "unit_id",
            "posts", "posts_cmp", "posts_ytd", "posts_reported", "posts_expected", "posts_ytd_reported",
            "posts_ytd_expected", "posts_delta", "posts_pct",
            "members", "members_cmp", "members_ytd", "members_reported", "members_expected", "members_delta",
            "members_pct",
        ],
        "series rows": 0,
        "series columns": period_cols + ["posts", "posts_cmp", "posts_ytd", "posts_reported", "posts_expected",
                                         "posts_ytd_reported", "posts_ytd_expected", "posts_delta", "posts_pct"],
        "targets": {},
    }


def test_range_outside_the_datas_coverage_gives_an_empty_frame(fixture_con):
    totals = builder.totals(fixture_con, ["posts"], filters=F("2026-01", "2026-06"))
    series = builder.series(fixture_con, ["posts"], filters=F("2023-01", "2023-12", grain="quarter"))
    assert (len(totals), len(series)) == (0, 0)


INJECTION = "14') or ('1'='1"


def test_filter_values_are_bound_not_concatenated(fixture_con):
    whole = ("2024-01", "2025-09")
    injected = {
        "unit": F(*whole, units=(INJECTION,)),
        "scope": F(*whole, scope=(INJECTION,)),
        "platform": F(*whole, platforms=(INJECTION,)),
        "where": F(*whole, where=(("activity_type", (INJECTION,)),)),
    }
    metrics = ["posts", "channels"]
    got = {name: zero_sums(builder.totals(fixture_con, metrics, filters=f), metrics)
           for name, f in injected.items()}
    got["targets"] = builder.targets(fixture_con, ["members", "posts"], injected["unit"], 2024)
    assert got == {
        # each value is one literal code / key that matches nothing; none widens the query to every row
        "unit": {"posts": 0.0, "channels": 0.0},
        "scope": {"posts": 0.0, "channels": 0.0},
        "platform": {"posts": 0.0, "channels": 0.0},
        "where": {"posts": 0.0, "channels": 2.0},   # activity_type does not apply to channels: ch 1, 2
        "targets": {},
    }


# ---- found while testing: behaviour the design implies but the builder does not give ------------

def test_series_has_one_row_per_period_whatever_metrics_are_asked(fixture_con):
    filters = F("2024-01", "2024-12", units=SON_LA, grain="quarter")
    alone = builder.series(fixture_con, ["members"], filters=filters)
    assert records(alone, "period_label", "members") == [
        {"period_label": "Quý I/2024", "members": NAN},     # no team report before July: unknown
        {"period_label": "Quý II/2024", "members": NAN},
        {"period_label": "Quý III/2024", "members": 41.0},  # 15 + 6 + 20
        {"period_label": "Quý IV/2024", "members": NAN},    # no team report after September
    ]


# ---- unknown is not zero: who reported (DESIGN §3) ----------------------------------------------

REPORT_COLS = ("posts", "posts_reported", "posts_expected")


def test_reported_units_are_counted_per_period(fixture_con):
    son_la = builder.series(fixture_con, ["posts"], filters=F("2024-01", "2024-12", units=SON_LA, grain="quarter"))
    assert records(son_la, "period_label", *REPORT_COLS) == [
        # Sơn La reported activities in 01, 07, 08 and 09/2024 only
        {"period_label": "Quý I/2024", "posts": 2.0, "posts_reported": 0.0, "posts_expected": 1.0},  # Jan only
        {"period_label": "Quý II/2024", "posts": NAN, "posts_reported": 0.0, "posts_expected": 1.0},
        {"period_label": "Quý III/2024", "posts": 10.0, "posts_reported": 1.0, "posts_expected": 1.0},
        {"period_label": "Quý IV/2024", "posts": NAN, "posts_reported": 0.0, "posts_expected": 1.0},
    ]


def test_a_total_over_units_says_how_many_reported_under_both_boundaries(fixture_con):
    current = builder.totals(fixture_con, ["posts"], filters=F("2024-07", "2024-09"))
    historical = builder.totals(fixture_con, ["posts"], filters=F("2024-07", "2024-09", boundary="historical"))
    assert {"current": records(current, *REPORT_COLS), "historical": records(historical, *REPORT_COLS)} == {
        # today's 34 units; Sơn La (old 14) and Lào Cai (old 10 and 15, both every month) reported fully
        "current": [{"posts": 76.0, "posts_reported": 2.0, "posts_expected": 34.0}],   # 10 + 6 + 60
        # the 63 provinces of 2024; old 10, 14 and 15 reported
        "historical": [{"posts": 76.0, "posts_reported": 3.0, "posts_expected": 63.0}],
    }


def test_a_merged_unit_is_fully_reported_only_when_all_its_predecessors_reported(fixture_con):
    # June 2025: old Yên Bái (15) reported 7 posts, old Lào Cai (10) sent nothing; both are today's Lào Cai
    june = builder.totals(fixture_con, ["posts"], filters=F("2025-06", "2025-06", units=("15",)))
    after = builder.totals(fixture_con, ["posts"], filters=F("2025-07", "2025-09", units=("15",)))
    assert {"june": records(june, *REPORT_COLS), "after": records(after, *REPORT_COLS)} == {
        "june": [{"posts": 7.0, "posts_reported": 0.0, "posts_expected": 1.0}],    # known part, not complete
        "after": [{"posts": 600.0, "posts_reported": 1.0, "posts_expected": 1.0}],
    }


def test_unknown_stock_entities_are_not_counted_as_zero_and_registers_stay_known(fixture_con):
    # October 2024: Sơn La sent no team or channel snapshot; its registers still list its teams and channels
    df = builder.totals(fixture_con, ["members", "teams", "followers", "channels", "members_per_team"],
                        filters=F("2024-10", "2024-10", units=SON_LA, compare="prev"))
    assert records(df, "members", "members_cmp", "members_delta", "teams", "teams_cmp", "followers",
                   "channels", "members_per_team", "members_reported", "teams_reported") == [
        {"members": NAN,            # no snapshot: unknown, not 0 (no carry-forward of September's 21)
         "members_cmp": 21.0,       # September: 15 + 6
         "members_delta": NAN,      # never a fall to 0
         "teams": 3.0, "teams_cmp": 3.0,    # the register: teams 1, 2, 4
         "followers": NAN, "channels": 2.0,
         "members_per_team": NAN,   # a ratio needs both parts
         "members_reported": 0.0, "teams_reported": 1.0},
    ]


def test_a_unit_that_reported_has_zero_where_it_has_no_row(fixture_con):
    # Sơn La reported September 2024 (link shares only): its posts that month are 0, not unknown
    df = builder.totals(fixture_con, ["posts", "link_shares"], by=["platform"],
                        filters=F("2024-09", "2024-09", units=SON_LA))
    assert records(df, "platform", "posts", "link_shares") == [
        {"platform": "fanpage", "posts": 0.0, "link_shares": 10.0},
        {"platform": "tiktok", "posts": 0.0, "link_shares": 0.0},   # a platform of the year to date (July)
    ]


def test_contest_participation_is_unknown_only_for_a_participant_missing_a_month(fixture_db_path, tmp_path):
    # a copy of the fixture where Đà Nẵng (1048) also reports April; Quảng Nam (1049), a participant of the same
    # contest, does not: its April is unknown. Sơn La takes part in nothing: 0, known.
    import shutil

    path = tmp_path / "contest.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    con.execute("update contests set end_on = DATE '2024-04-30' where contest_id = 1")
    con.execute("insert into contest_participation (contest_id, unit_id, period_start, period_grain, month, nguoi, "
                "luot) values (1, 1048, DATE '2024-04-01', 'week', DATE '2024-04-01', 5, 7)")
    con.close()
    con = duckdb.connect(str(path), read_only=True)
    try:
        def luot(code):
            df = builder.series(con, ["contest_luot"], filters=F("2024-03", "2024-04", units=(code,),
                                                                 boundary="historical"))
            return records(df, "period_label", "contest_luot", "contest_luot_reported")
        got = {code: luot(code) for code in ("48", "49", "14")}
    finally:
        con.close()
    assert got == {
        "48": [{"period_label": "Tháng 3/2024", "contest_luot": 400.0, "contest_luot_reported": 1.0},  # 250 + 150
               {"period_label": "Tháng 4/2024", "contest_luot": 7.0, "contest_luot_reported": 1.0}],
        "49": [{"period_label": "Tháng 3/2024", "contest_luot": 10.0, "contest_luot_reported": 1.0},
               {"period_label": "Tháng 4/2024", "contest_luot": NAN, "contest_luot_reported": 0.0}],
        "14": [{"period_label": "Tháng 3/2024", "contest_luot": 0.0, "contest_luot_reported": 1.0},
               {"period_label": "Tháng 4/2024", "contest_luot": 0.0, "contest_luot_reported": 1.0}],
    }


def test_coverage_is_shared_not_copied_with_a_results_attrs():
    import copy

    import pandas as pd

    cov = builder.Coverage(dt.date(2024, 1, 1), dt.date(2024, 12, 1))
    frame = pd.DataFrame({"x": [1, 2]})
    frame.attrs["coverage"] = cov
    assert copy.deepcopy(cov) is cov
    assert frame[frame["x"] > 1].attrs["coverage"] is cov


def test_totals_do_not_depend_on_the_grain_so_their_cache_key_leaves_it_out(fixture_con):
    """The app caches totals on ``builder.totals_key(filters)`` (the grain left out): a range's totals, their
    comparison and their year to date are the same at every grain."""
    from pandas.testing import assert_frame_equal

    for base in (F("2024-01", "2024-12", compare="prev"), F("2024-04", "2024-09", units=SON_LA, compare="yoy"),
                 F("2023-01", "2025-09", boundary="historical")):
        month = builder.totals(fixture_con, ALL_KPIS, by=["unit"], filters=base)
        for grain in ("quarter", "half", "year"):
            f = replace(base, grain=grain)
            assert builder.totals_key(f) == builder.totals_key(base)
            assert_frame_equal(builder.totals(fixture_con, ALL_KPIS, by=["unit"], filters=f), month)
    assert builder.totals_key(None) is None
    assert builder.totals_key(F("2024-01", "2024-12", compare="prev")) != builder.totals_key(F("2024-01", "2024-12"))


# ---- who reported, counted per bucket (builder.report_counts) -------------------------------------------------

def _reported(rows) -> builder.Reported:
    """rows: (family, 'YYYY-MM', unit as recorded, unit today, reported), given in month order."""
    import numpy as np

    months = [m(r[1]) for r in rows]
    return builder.Reported(
        month=np.array([d.year * 12 + d.month - 1 for d in months], dtype="int64"),
        family=np.array([builder.REPORT_FAMILIES.index(r[0]) for r in rows], dtype="int64"),
        hist=np.array([r[2] for r in rows], dtype="int64"),
        cur=np.array([r[3] for r in rows], dtype="int64"),
        reported=np.array([r[4] for r in rows], dtype=bool))


def test_report_counts_by_hand():
    """Two old provinces (1, 2) exist until 06/2025 and are merged into 3 from 07/2025. Activities: 05 both
    reported, 06 only 1, 07 unit 3 did. Teams: 05 neither, 06 both, 07 unit 3 did not."""
    rep = _reported([
        ("activities", "2025-05", 1, 3, True), ("activities", "2025-05", 2, 3, True),
        ("teams", "2025-05", 1, 3, False), ("teams", "2025-05", 2, 3, False),
        ("activities", "2025-06", 1, 3, True), ("activities", "2025-06", 2, 3, False),
        ("teams", "2025-06", 1, 3, True), ("teams", "2025-06", 2, 3, True),
        ("activities", "2025-07", 3, 3, True), ("teams", "2025-07", 3, 3, False),
    ])
    B = builder._Bucket
    buckets = [B(0, "cur", builder.Window(m("2025-05"), m("2025-07"))),      # the three months
               B(0, "cmp", builder.Window(m("2024-05"), m("2024-07"))),      # nothing held: no row
               B(1, "cur", builder.Window(m("2025-06"), m("2025-06")))]

    def rows(df, *cols):
        return sorted(tuple(r) for r in df[list(cols)].itertuples(index=False, name=None))

    cols = ("family", "bucket_id", "role", "n_expected", "n_full", "n_any")
    # current boundaries: one unit (3) per bucket. Bucket 0 activities: 3's rows 1✓ 2✓ 1✓ 2✗ 3✓ → some, not all;
    # teams: ✗✗✓✓✗ → some. Bucket 1 (06) activities: 1✓ 2✗ → some; teams ✓✓ → full.
    cur = builder.report_counts(rep, ["activities", "teams"], False, "current", buckets)
    assert rows(cur, *cols) == [("activities", 0, "cur", 1, 0, 1), ("activities", 1, "cur", 1, 0, 1),
                                ("teams", 0, "cur", 1, 0, 1), ("teams", 1, "cur", 1, 1, 1)]
    # historical boundaries: units 1, 2, 3 as recorded. Bucket 0 activities: 1 ✓✓ full, 2 ✓✗ some, 3 ✓ full →
    # 3 expected, 2 full, 3 any; teams: 1 ✗✓ some, 2 ✗✓ some, 3 ✗ none → 3, 0, 2. Bucket 1 (06) activities:
    # 1 ✓ full, 2 ✗ none → 2, 1, 1; teams: ✓ ✓ → 2, 2, 2.
    hist = builder.report_counts(rep, ["activities", "teams"], False, "historical", buckets)
    assert rows(hist, *cols) == [("activities", 0, "cur", 3, 2, 3), ("activities", 1, "cur", 2, 1, 1),
                                 ("teams", 0, "cur", 3, 0, 2), ("teams", 1, "cur", 2, 2, 2)]
    # by unit, one family asked: a row per unit
    by_unit = builder.report_counts(rep, ["teams"], True, "historical", buckets[:1])
    assert rows(by_unit, "family", "bucket_id", "unit_id", "n_expected", "n_full", "n_any") == [
        ("teams", 0, 1, 1, 0, 1), ("teams", 0, 2, 1, 0, 1), ("teams", 0, 3, 1, 0, 0)]
    # nothing asked of the months held
    assert builder.report_counts(rep, ["activities"], False, "current", buckets[1:2]).empty


def test_reported_read_once_per_unit_filter(fixture_con):
    """The readers' memo keeps who reported per unit filter: another period, grain or comparison reuses it."""
    con = fixture_con
    calls = []
    memo_store = {}

    def memo(key, compute):
        if key not in memo_store:
            calls.append(key)
            memo_store[key] = compute()
        return memo_store[key]

    cov = builder.coverage(con)
    builder.totals(con, ["posts"], [], F("2024-01", "2024-06", compare="yoy"), cov=cov, memo=memo)
    builder.series(con, ["members"], ["unit"], F("2024-03", "2024-09", grain="quarter"), cov=cov, memo=memo)
    assert len(calls) == 1
    builder.totals(con, ["posts"], [], F("2024-01", "2024-06", units=SON_LA), cov=cov, memo=memo)
    assert len(calls) == 2


@pytest.mark.parametrize("rollup", [True, False])
@pytest.mark.parametrize("units, boundary, scope", [
    ((), "current", None),                       # everyone
    (SON_LA, "current", None),
    (SON_LA, "historical", None),
    (("15",), "current", None),                  # new Lào Cai: old Lào Cai and Yên Bái
    (("15",), "historical", None),               # code 15 as recorded: Yên Bái, then new Lào Cai
    (("15", "48", "01"), "current", None),
    ((), "current", ("48",)),                    # a Đà Nẵng analyst: Đà Nẵng and old Quảng Nam
    (("49",), "historical", ("48",)),
    (("14",), "current", ("48",)),               # a unit outside the scope: nothing
    ((), "current", ()),                         # an empty scope sees nothing
])
def test_reported_under_a_filter_is_the_marking_of_those_units(fixture_con, units, boundary, scope, rollup):
    """With the readers' memo, who reported under a unit filter or scope is every province's marking narrowed to the
    units' rows; it must equal marking only those units in one statement (the path without a memo), row for row,
    still in month order."""
    con = fixture_con
    cov = builder.coverage(con)
    f = F("2024-01", "2025-09", units=units, boundary=boundary, scope=scope)
    store = {}

    def memo(key, compute):
        if key not in store:
            store[key] = compute()
        return store[key]

    def as_rows(rep):
        return sorted(zip(rep.month.tolist(), rep.family.tolist(), rep.hist.tolist(), rep.cur.tolist(),
                          rep.reported.tolist()))

    narrowed = builder.reported(con, f, cov, rollup, memo)
    direct = builder.reported(con, f, cov, rollup)
    assert as_rows(narrowed) == as_rows(direct)
    assert (np.diff(narrowed.month) >= 0).all()
    if units or scope is not None:
        everyone = builder.reported(con, replace(f, units=(), scope=None), cov, rollup, memo)
        assert len(narrowed.month) < len(everyone.month)        # the narrowing did narrow
    if scope == () or (units == ("14",) and scope == ("48",)):
        assert len(narrowed.month) == 0
    else:
        assert narrowed.reported.any() or units == ("01",)


def test_a_unit_gone_within_the_period_has_no_stock_and_states_no_change(sample_db_path):
    """Historical boundaries, 2025: Quảng Nam (49) existed until 01/07/2025. Its channels and members at the end of
    2025 are unknown (it was gone), not 0 with -100 %; its posts are its six months, not compared with twelve."""
    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        f = F("2025-01", "2025-12", units=("49",), compare="yoy", boundary="historical")
        row = builder.totals(con, ["posts", "channels", "members", "members_per_team"], ["unit"], f).iloc[0]
        first_half = builder.totals(con, ["posts"], ["unit"], F("2025-01", "2025-06", units=("49",),
                                                                 boundary="historical")).iloc[0]
        assert row["unit_id"] == 1049 and row["posts"] == first_half["posts"] > 0
        for key in ("channels", "members", "members_per_team"):
            assert pd.isna(row[key]) and pd.isna(row[f"{key}_delta"]) and pd.isna(row[f"{key}_pct"]), key
        assert row["posts_cmp"] > 0 and pd.isna(row["posts_delta"]) and pd.isna(row["posts_pct"])
        # while it existed for the whole period, everything is compared as before
        half = builder.totals(con, ["posts", "channels"], ["unit"],
                              F("2025-01", "2025-06", units=("49",), compare="yoy", boundary="historical")).iloc[0]
        assert half["channels"] > 0 and half["posts_delta"] == half["posts"] - half["posts_cmp"]
    finally:
        con.close()


def test_one_unit_missing_a_month_states_no_change(sample_db_path, tmp_path):
    """Sơn La without August 2024: Quý III/2024's posts are July + September, and no change against the whole
    Quý III/2023 is stated (the card says "Chưa báo cáo đủ các tháng trong kỳ"); Đà Nẵng, complete, keeps its."""
    import shutil

    from data import rollups

    path = tmp_path / "gap.duckdb"
    shutil.copy(sample_db_path, path)
    con = duckdb.connect(str(path))
    try:
        con.execute("delete from activities where month = '2024-08-01' and unit_id = "
                    "(select unit_id from units where code = '14' and level = 'tinh' and valid_to is not null)")
        rollups.refresh(con)
        f = F("2024-07", "2024-09", units=("14", "48"), compare="yoy")
        df = builder.totals(con, ["posts"], ["unit"], f).set_index("unit_id")
        by_month = builder.series(con, ["posts"], ["unit"], replace(f, units=("14",), compare="none"))
        assert df.loc[2014, "posts"] == by_month["posts"].sum()
        assert df.loc[2014, "posts_reported"] == 0 and df.loc[2014, "posts_expected"] == 1
        assert df.loc[2014, "posts_cmp"] > 0 and pd.isna(df.loc[2014, "posts_delta"]) and \
            pd.isna(df.loc[2014, "posts_pct"])
        assert df.loc[2048, "posts_delta"] == df.loc[2048, "posts"] - df.loc[2048, "posts_cmp"]
    finally:
        con.close()


def test_an_old_unit_is_named_as_it_was_in_the_period_shown(sample_db_path):
    """Historical boundaries: code 46 was Thừa Thiên Huế until 01/01/2025, then the city of Huế (unit_versions);
    a 2023 ranking says Thừa Thiên Huế, a 2025 one Huế (marked as the unit before 07/2025)."""
    from ui import blocks

    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        units = builder.units(con)
    finally:
        con.close()
    df = pd.DataFrame({"unit_id": [1046, 2046, 1049]})
    named = {d: blocks.with_unit_labels(df, units, "vi", as_of=d)["unit_name"].tolist()
             for d in (dt.date(2023, 12, 1), dt.date(2025, 3, 1))}
    assert named[dt.date(2023, 12, 1)] == ["Thừa Thiên Huế", "Huế", "Quảng Nam"]
    assert named[dt.date(2025, 3, 1)] == ["Huế (trước 07/2025)", "Huế", "Quảng Nam"]


def test_a_ratio_undefined_for_units_that_reported_is_not_called_unreported():
    """Lượt per người of units that reported no contest that month is 0 / 0 — undefined ('—'), and they did report:
    the note under the chart names only the units that sent nothing."""
    from ui import blocks

    df = pd.DataFrame({"unit_id": [2014, 2048, 2049], "unit_name": ["Sơn La", "Đà Nẵng", "Quảng Ngãi"],
                       "luot_per_nguoi": [float("nan"), float("nan"), float("nan")],
                       "luot_per_nguoi_reported": [1.0, 1.0, 0.0], "luot_per_nguoi_expected": [1.0, 1.0, 1.0]})
    assert blocks.unreported_note(df, ["luot_per_nguoi"], "vi") == \
        "1 đơn vị chưa báo cáo (để trống, không tính là 0): Quảng Ngãi."


# ---- a change only like for like ----------------------------------------------------------------------------------

def _with_rows(fixture_db_path, tmp_path, rows):
    path = tmp_path / "like.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    for row in rows:
        con.execute("insert into activities (unit_id, month, platform_key, activity_key, source_level, quantity) "
                    "values (?, ?, 'fanpage', 'bai_viet', 'khong', ?)", list(row))
    return con


@pytest.mark.parametrize("rollups", [True, False])
@pytest.mark.parametrize("extra, delta", [
    # September against August 2024, all units: the same three old provinces (today's 14 and 15) sent activities in
    # both months and nobody else did — a change over 2 of 34 units, like for like: (30 + 3 + 0) - (20 + 2 + 5)
    ([], 6.0),
    # Hà Nội (1001, unchanged by the merger) sends September only: September's sum has a unit August's has not
    ([(1001, dt.date(2024, 9, 1), 500)], NAN),
    # … and August too: again the same units on both sides
    ([(1001, dt.date(2024, 9, 1), 500), (1001, dt.date(2024, 8, 1), 400)], 106.0),
    # old Đà Nẵng (1048) sends both months, Quảng Nam (1049) neither: today's Đà Nẵng (48) sent only part of its
    # report in either month — no change
    ([(1048, dt.date(2024, 9, 1), 500), (1048, dt.date(2024, 8, 1), 400)], NAN),
])
def test_a_total_over_units_states_a_change_only_like_for_like(fixture_db_path, tmp_path, extra, delta, rollups):
    con = _with_rows(fixture_db_path, tmp_path, extra)
    if rollups:
        from data import rollups as data_rollups

        data_rollups.refresh(con)
    try:
        row = builder.totals(con, ["posts"], filters=F("2024-09", "2024-09", compare="prev"), rollups=rollups).iloc[0]
    finally:
        con.close()
    assert records(pd.DataFrame([row]), "posts_delta") == [{"posts_delta": delta}]
