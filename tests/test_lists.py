"""Entity and contest lists on the hand-written fixture database (tests/fixture_db.py)."""

import datetime as dt
from dataclasses import replace

import duckdb
import pandas as pd
import pytest

from queries import lists
from queries.builder import Filters

D = dt.date


def F(**kw):
    return Filters(start=D(2024, 1, 1), end=D(2024, 12, 1), **kw)


def test_entities_list_channels_and_teams_with_their_dates(fixture_con):
    ch = lists.entities(fixture_con, "channel")
    assert ch[["entity_id", "name", "platform"]].to_dict("records") == [
        {"entity_id": 1, "name": "Kênh 1", "platform": "fanpage"},
        {"entity_id": 2, "name": "Kênh 2", "platform": "tiktok"},
        {"entity_id": 3, "name": "Kênh 3", "platform": "website"},
    ]
    teams = lists.entities(fixture_con, "team")
    assert list(teams["entity_id"]) == [1, 2, 3, 4]


def test_contest_status_as_of_a_date():
    assert [lists.contest_status(D(2024, 3, 1), D(2024, 3, 31), d) for d in
            (D(2024, 2, 29), D(2024, 3, 1), D(2024, 3, 31), D(2024, 4, 1))] == [
        "upcoming", "running", "running", "ended"]


def test_contests_carry_organiser_and_status(fixture_con):
    df = lists.contests(fixture_con, as_of=D(2025, 9, 30))
    assert df[["contest_id", "document", "organiser_code", "organiser_name", "status"]].to_dict("records") == [
        {"contest_id": 1, "document": "Chỉ thị 34-CT/TU", "organiser_code": "48", "organiser_name": "Đà Nẵng",
         "status": "ended"}]


def test_contest_weeks_sum_units_and_accumulate_nguoi_and_luot_separately(fixture_con):
    df = lists.contest_weeks(fixture_con, [1], F())
    assert df[["period_start", "nguoi", "luot", "nguoi_cum", "luot_cum"]].to_dict("records") == [
        # week of 04/03: Đà Nẵng 100 + Quảng Nam 10 persons; 250 + 10 attempts
        {"period_start": D(2024, 3, 4), "nguoi": 110.0, "luot": 260.0, "nguoi_cum": 110.0, "luot_cum": 260.0},
        {"period_start": D(2024, 3, 11), "nguoi": 50.0, "luot": 150.0, "nguoi_cum": 160.0, "luot_cum": 410.0},
    ]


def test_contest_weeks_follow_the_boundary_mode(fixture_con):
    current = lists.contest_weeks(fixture_con, [1], F(units=("48",)))
    historical = lists.contest_weeks(fixture_con, [1], F(units=("48",), boundary="historical"))
    assert list(current["nguoi_cum"]) == [110.0, 160.0]       # Quảng Nam counts under today's Đà Nẵng
    assert list(historical["nguoi_cum"]) == [100.0, 150.0]    # Đà Nẵng as it was
    assert lists.contest_weeks(fixture_con, [1], F(scope=("14",)))["nguoi"].sum() == 0
    assert lists.contest_weeks(fixture_con, [], F()).empty


# ---- entity lists paged in SQL (issue 13: never every channel or team into Python) ---------------------

def test_entity_page_orders_by_the_last_months_stock_and_counts_every_match(fixture_con):
    q3 = Filters(start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1), units=("14",))
    page = lists.entity_page(fixture_con, "channel", q3)
    # ch 1 (120 followers in 09/2024), ch 2 (80), ch 3 (closed 15/09: existed in the period, no September figure)
    assert page.to_dict("list") == {"entity_id": [1, 2, 3], "total": [3, 3, 3], "offset": [0, 0, 0]}
    assert lists.entity_page(fixture_con, "channel", q3, limit=2).to_dict("list") == {
        "entity_id": [1, 2], "total": [3, 3], "offset": [0, 0]}           # the total still counts every match
    assert lists.entity_page(fixture_con, "channel", q3, limit=2, offset=2).to_dict("list") == {
        "entity_id": [3], "total": [3], "offset": [2]}                    # the second page of two
    teams = lists.entity_page(fixture_con, "team", q3)
    # team 4's last report was in July: no September figure, so after those with one (15, 6); team 3 disbanded
    # 01/09 but existed in the period
    assert teams["entity_id"].tolist() == [1, 2, 3, 4]


def test_entity_page_keeps_name_order_among_equal_stocks_at_every_cut(tmp_path):
    """The page reads names only for the matches whose stock reaches the last row's: equal stocks at the cut, and
    channels without a figure, must still come in name order, for any page size."""
    from tests import fixture_db

    path = tmp_path / "ties.duckdb"
    fixture_db.build(path)
    con = duckdb.connect(str(path))
    # followers in 09/2024: ties at 120 (with channel 1) and at 50; two channels without a September figure
    extra = [(10, "Kênh B", 120), (11, "Kênh A", 120), (12, "Kênh D", 50), (13, "Kênh C", 50), (14, "Kênh E", None),
             (15, "Kênh 0", None), (16, "Kênh Z", 200)]
    con.executemany("insert into channels (channel_id, unit_id, platform_key, name, opened_on, closed_on) "
                    "values (?, 1014, 'fanpage', ?, null, null)", [(i, n) for i, n, _ in extra])
    con.executemany("insert into channel_snapshots (channel_id, month, followers, posts) values (?, ?, ?, 0)",
                    [(i, D(2024, 9, 1), f) for i, _, f in extra if f is not None])
    q3 = Filters(start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1), units=("14",))
    # by hand: 200 (16), then 120: Kênh 1 (1), Kênh A (11), Kênh B (10); 80 (2); 50: Kênh C (13), Kênh D (12);
    # none: Kênh 0 (15), Kênh 3 (3, closed 15/09), Kênh E (14)
    expected = [16, 1, 11, 10, 2, 13, 12, 15, 3, 14]
    for limit in range(1, len(expected) + 2):
        page = lists.entity_page(con, "channel", q3, limit=limit)
        assert page["entity_id"].tolist() == expected[:limit], limit
        assert set(page["total"]) == {len(expected)}
    # every page of every size: rows offset+1 .. offset+limit of the same order, ties cut across pages included;
    # a page past the last gives the last page (10 rows by 3: rows 10..10, offset 9; by 4: rows 9..10, offset 8)
    for limit in range(1, 5):
        for offset in range(0, len(expected) + 3):
            page = lists.entity_page(con, "channel", q3, limit=limit, offset=offset)
            used = offset if offset < len(expected) else (len(expected) - 1) // limit * limit
            assert page["entity_id"].tolist() == expected[used:used + limit], (limit, offset)
            assert set(page["total"]) == {len(expected)} and set(page["offset"]) == {used}, (limit, offset)
    assert lists.entity_page(con, "channel", q3, limit=3, offset=10)["entity_id"].tolist() == [14]
    assert lists.entity_page(con, "channel", q3, limit=3, offset=10**20)["entity_id"].tolist() == [14]  # any page
    assert lists.entity_page(con, "channel", q3, "không có", limit=3, offset=6).empty    # no match: no page at all
    con.close()


def test_entity_page_search_folds_case_diacritics_and_spaces_like_the_search_boxes(fixture_con):
    q3 = Filters(start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1))
    assert lists.entity_page(fixture_con, "team", q3, "  ĐỘI   2 ")["entity_id"].tolist() == [2]
    assert lists.entity_page(fixture_con, "team", q3, "son la")["entity_id"].tolist() == [1, 2, 3, 4]   # the unit
    assert lists.entity_page(fixture_con, "channel", q3, "tiktok")["entity_id"].tolist() == [2]         # platform
    assert lists.entity_page(fixture_con, "channel", q3, "kenh 3")["entity_id"].tolist() == [3]
    assert lists.entity_page(fixture_con, "channel", q3, "không có").empty


@pytest.mark.parametrize("rollups", [True, False])
def test_entity_page_search_finds_the_same_from_the_folded_rollup_and_the_raw_tables(fixture_con, rollups):
    """The search reads the folded text the rollups keep (data/rollups.py 'roll_search') when they match the data,
    the raw tables otherwise: the same entities either way."""
    q3 = Filters(start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1))
    assert lists.entity_page(fixture_con, "team", q3, "  ĐỘI   2 ", rollups=rollups)["entity_id"].tolist() == [2]
    assert lists.entity_page(fixture_con, "team", q3, "son la", rollups=rollups)["entity_id"].tolist() == [1, 2, 3, 4]
    assert lists.entity_page(fixture_con, "channel", q3, "tik", rollups=rollups)["entity_id"].tolist() == [2]
    assert lists.entity_page(fixture_con, "channel", q3, "KÊNH", rollups=rollups)["entity_id"].tolist() == [1, 2, 3]
    assert lists.entity_page(fixture_con, "channel", q3, "kenh 3", rollups=rollups)["entity_id"].tolist() == [3]
    assert lists.entity_page(fixture_con, "team", q3, "doi 1 son", rollups=rollups).empty     # never across fields
    assert lists.entity_page(fixture_con, "channel", q3, "không có", rollups=rollups).empty


def test_entity_page_search_on_the_sample_is_the_same_from_the_rollup_and_the_raw_tables(sample_db_path):
    con = duckdb.connect(str(sample_db_path), read_only=True)
    try:
        found = 0
        for f in (Filters(start=D(2025, 1, 1), end=D(2025, 9, 1)),
                  Filters(start=D(2024, 1, 1), end=D(2024, 6, 1), units=("14",), boundary="historical"),
                  Filters(start=D(2023, 1, 1), end=D(2023, 3, 1), platforms=("tiktok", "zalo"), scope=("48",))):
            for kind in ("channel", "team"):
                for needle in ("ha noi", "Sơn La", "ZALO", "  đà   nẵng ", "doan thanh nien", "nhóm", "zzz qq"):
                    rolled = lists.entity_page(con, kind, f, needle, 100, rollups=True)
                    raw = lists.entity_page(con, kind, f, needle, 100, rollups=False)
                    pd.testing.assert_frame_equal(rolled, raw)
                    found += len(raw)
        assert found > 500
    finally:
        con.close()


def test_entity_page_applies_units_platforms_and_scope(fixture_con):
    q3 = Filters(start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1))
    assert lists.entity_page(fixture_con, "channel", replace(q3, platforms=("fanpage",)))["entity_id"].tolist() == [1]
    assert lists.entity_page(fixture_con, "channel", replace(q3, units=("48",))).empty
    assert lists.entity_page(fixture_con, "team", q3, scope=("48",)).empty
    assert lists.entities_by_id(fixture_con, "channel", (2, 3))["entity_id"].tolist() == [2, 3]


def test_a_page_of_ids_is_one_list_parameter_with_the_same_answer(fixture_con):
    """A page of the list (up to 500 ids) goes to DuckDB as one list parameter (builder.in_values): the numbers per
    entity and the entities' attributes are those of the same ids written one ``?`` each."""
    from pandas.testing import assert_frame_equal

    from queries import builder

    q3 = Filters(start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1), compare="prev")
    absent = tuple(range(10_000, 10_000 + builder.LIST_PARAM_FROM))      # ids no channel or team has
    assert builder.in_values("c.x", (2, 3)) == ("c.x in (?, ?)", [2, 3])
    assert builder.in_values("c.x", (2, 3) + absent) == ("c.x in (select unnest(?))", [[2, 3, *absent]])
    for kind, metrics in (("channel", ["followers", "channels", "channel_posts"]), ("team", ["members", "teams"])):
        def numbers(ids, kind=kind, metrics=metrics):
            f = replace(q3, where=((kind, ids),))
            return builder.totals(fixture_con, metrics, by=[kind, "unit"], filters=f, ytd=False)

        short, long = numbers((1, 2, 3)), numbers((1, 2, 3) + absent)
        assert len(short) and short[kind].tolist() != []
        assert_frame_equal(short, long)
        assert_frame_equal(lists.entities_by_id(fixture_con, kind, (2, 3)),
                           lists.entities_by_id(fixture_con, kind, (2, 3) + absent))
    assert lists.entities_by_id(fixture_con, "channel", (3, 2) + absent)["entity_id"].tolist() == [2, 3]


def test_the_list_key_keeps_only_what_the_list_reads(fixture_con):
    """``list_key``: the filters an entity list's cache is keyed on. Grain, comparison, language and other
    dimensions' filters do not change the page; units, platforms, the period, the boundary and the scope do."""
    base = Filters(start=dt.date(2024, 7, 1), end=dt.date(2024, 9, 1))
    others = [replace(base, grain="quarter"), replace(base, compare="yoy"), replace(base, lang="en"),
              replace(base, where=(("source_level", ("tinh",)),))]
    for f in others:
        assert lists.list_key(f) == lists.list_key(base)
        for kind in ("channel", "team"):
            assert lists.entity_page(fixture_con, kind, f).equals(lists.entity_page(fixture_con, kind, base))
    for f in (replace(base, units=("48",)), replace(base, platforms=("tiktok",)), replace(base, boundary="historical"),
              replace(base, start=dt.date(2024, 8, 1)), replace(base, end=dt.date(2024, 8, 1)), replace(base, scope=("14",))):
        assert lists.list_key(f) != lists.list_key(base)
