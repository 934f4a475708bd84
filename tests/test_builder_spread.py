"""``builder._spread_columns``: a statement's rows (one per role [and report family] and keys) as one row per keys, in
numpy — the step that replaced the SQL pivot (issue 13). Expected frames written by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd

from queries import builder


def _spread(parts, keys):
    """``builder._spread_columns`` as a frame, to read."""
    return pd.DataFrame(builder._spread_columns(parts, keys))


def _cells(columns, family=None, present=None):
    return builder._role_cells(columns, builder._same_name if family is None else builder._family_column(family),
                               family, present)


def test_roles_side_by_side_and_parts_outer_joined():
    posts = pd.DataFrame({"bucket_id": np.array([0, 0, 1], dtype="int32"), "role": ["cur", "cmp", "cur"],
                          "posts": [10, 7, None], "__q_posts": [None, ">", None]})
    members = pd.DataFrame({"bucket_id": np.array([2], dtype="int32"), "role": ["cmp"], "members": [5.5]})
    out = _spread([(posts, _cells(["posts", "__q_posts"], present="__present_a")),
                           (members, _cells(["members"], present="__present_b"))], ["bucket_id"])

    assert out["bucket_id"].tolist() == [0, 1, 2]            # keys in order of appearance, every part's
    assert out["bucket_id"].dtype == np.dtype("int32")       # the key's own dtype
    np.testing.assert_array_equal(out["posts"], [10.0, np.nan, np.nan])      # a NULL value stays unknown
    np.testing.assert_array_equal(out["posts_cmp"], [7.0, np.nan, np.nan])
    np.testing.assert_array_equal(out["posts_ytd"], [np.nan] * 3)
    assert out["posts"].dtype == np.dtype("float64")
    assert [q if isinstance(q, str) else None for q in out["__q_posts_cmp"]] == [">", None, None]
    assert out["__q_posts"].isna().all()
    # presence: 1.0 where the part had a row for the role (bucket 1 has a row, its value NULL), else NaN
    np.testing.assert_array_equal(out["__present_a"], [1.0, 1.0, np.nan])
    np.testing.assert_array_equal(out["__present_a_cmp"], [1.0, np.nan, np.nan])
    np.testing.assert_array_equal(out["__present_b_cmp"], [np.nan, np.nan, 1.0])
    np.testing.assert_array_equal(out["members_cmp"], [np.nan, np.nan, 5.5])
    assert list(out.columns[:2]) == ["bucket_id", "posts"]


def test_report_families_told_apart_and_two_keys():
    rows = pd.DataFrame({
        "family": ["teams", "teams", "channels", "channels"],
        "bucket_id": np.array([0, 0, 0, 1], dtype="int32"),
        "role": ["cur", "cur", "cmp", "cur"],
        "unit_id": np.array([14, 15, 14, 15], dtype="int32"),
        "n_expected": [1, 1, 1, 1], "n_full": [1, 0, 1, 1], "n_any": [1, 1, 1, 1], "n_both": [1, 0, 0, 0],
    })
    cells = [c for fam in ("channels", "teams") for c in _cells(builder._COUNTS, family=fam)]
    out = _spread([(rows, cells)], ["bucket_id", "unit_id"])

    assert list(zip(out["bucket_id"], out["unit_id"])) == [(0, 14), (0, 15), (1, 15)]
    assert out["unit_id"].dtype == np.dtype("int32")
    np.testing.assert_array_equal(out["__teams_n_full"], [1.0, 0.0, np.nan])
    np.testing.assert_array_equal(out["__channels_n_full_cmp"], [1.0, np.nan, np.nan])
    np.testing.assert_array_equal(out["__channels_n_any"], [np.nan, np.nan, 1.0])
    np.testing.assert_array_equal(out["__teams_n_expected_ytd"], [np.nan] * 3)


def test_a_missing_key_value_is_a_key_of_its_own_and_no_rows_give_no_rows():
    rows = pd.DataFrame({"bucket_id": np.array([0, 0], dtype="int32"), "role": ["cur", "cur"],
                         "platform": pd.array(["facebook", None], dtype="str"), "n": [3, 4]})
    out = _spread([(rows, _cells(["n"]))], ["bucket_id", "platform"])
    assert len(out) == 2 and out["platform"].isna().tolist() == [False, True]
    np.testing.assert_array_equal(out["n"], [3.0, 4.0])

    empty = _spread([(rows.iloc[0:0], _cells(["n"]))], ["bucket_id", "platform"])
    assert len(empty) == 0 and {"n", "n_cmp", "n_ytd"} <= set(empty.columns)


def test_codes_number_key_combinations_in_order_of_appearance():
    units = np.array([14, 15, 14, 15, 14], dtype="int32")
    platforms = np.array(["zalo", "zalo", np.nan, "zalo", "zalo"], dtype=object)
    codes, first = builder._codes([units, platforms])
    assert codes.tolist() == [0, 1, 2, 1, 0]            # (14, zalo), (15, zalo), (14, missing)
    assert first.tolist() == [0, 1, 2]


def test_complete_rows_gives_every_period_every_combination_seen():
    frame = {"bucket_id": np.array([1, 0], dtype="int32"), "unit_id": np.array([15, 14], dtype="int32"),
             "posts": np.array([3.0, 4.0]), "__q_posts": np.array([">", None], dtype=object)}
    out = builder._complete_rows(frame, ["bucket_id", "unit_id"], n_buckets=2)
    got = sorted(zip(out["bucket_id"].tolist(), out["unit_id"].tolist(), out["posts"].tolist()))
    assert got[0] == (0, 14, 4.0) and got[3] == (1, 15, 3.0)
    assert (got[1][:2], got[2][:2]) == ((0, 15), (1, 14)) and np.isnan(got[1][2]) and np.isnan(got[2][2])
    assert out["unit_id"].dtype == np.dtype("int32")
    assert sum(isinstance(q, str) for q in out["__q_posts"]) == 1
    # a frame holding every combination already is returned as it is
    full = builder._complete_rows(out, ["bucket_id", "unit_id"], n_buckets=2)
    assert full is out


def test_lookup_finds_rows_by_keys_and_minus_one_for_none():
    table = [np.array([0, 0, 1]), np.array([14, 15, 14])]
    rows = builder._lookup(table, [np.array([1, 0, 1]), np.array([14, 15, 15])])
    assert rows.tolist() == [2, 1, -1]
    np.testing.assert_array_equal(builder._take(np.array([1.0, 2.0, 3.0]), rows), [3.0, 2.0, np.nan])
