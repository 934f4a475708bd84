"""The drill path: URL form, validation and how it narrows the page filters."""

import datetime as dt

from queries.builder import Filters
from ui import drill

ALLOWED = {"platform": {"tiktok": "TikTok", "fanpage": "Fanpage"}, "unit": {"48": "Đà Nẵng", "14": "Sơn La"},
           "contest": {"7": "Cuộc thi 7"}}


def test_parse_keeps_known_steps_in_order_and_reports_the_rest():
    steps, notices = drill.parse("platform:tiktok,unit:48,unit:99,foo:bar,broken", ALLOWED)
    assert steps == [("platform", "tiktok"), ("unit", "48")]
    assert [n.values["value"] for n in notices] == ["unit:99", "foo:bar", "broken"]


def test_a_later_step_on_the_same_dimension_replaces_the_earlier_one():
    steps, _ = drill.parse("unit:14,platform:tiktok,unit:48", ALLOWED)
    assert steps == [("platform", "tiktok"), ("unit", "48")]


def test_serialise_round_trips_and_empty_is_none():
    assert drill.serialise([("platform", "tiktok"), ("unit", "48")]) == "platform:tiktok,unit:48"
    assert drill.serialise([]) is None


def test_narrow_applies_every_step_to_the_filters():
    f = Filters(start=dt.date(2025, 7, 1), end=dt.date(2026, 10, 1), units=("14", "48"), platforms=("fanpage",),
                where=(("source_level", ("tinh",)),))
    narrowed = drill.narrow(f, [("platform", "tiktok"), ("unit", "48"), ("contest", "7")])
    assert (narrowed.units, narrowed.platforms, narrowed.where) == (
        ("48",), ("tiktok",), (("contest", (7,)), ("source_level", ("tinh",))))
    assert drill.narrow(f, []) == f
