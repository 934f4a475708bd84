"""The URL contract (DESIGN §5) as pure functions of ``ui.filters``: the language parameter and the words of
the notices for dropped or adjusted values (months read "09/2024", as everywhere in the product)."""

from __future__ import annotations

import datetime as dt

import pytest

from ui import filters as flt
from ui.messages import t

CTX = flt.Context(current_units={"14": "Sơn La", "48": "Đà Nẵng"},
                  historical_units={"14": "Sơn La", "48": "Đà Nẵng", "49": "Quảng Nam"},
                  merged_into={"49": ("48", "Quảng Nam")}, platforms=("fanpage", "tiktok"),
                  first_month=dt.date(2023, 1, 1), last_month=dt.date(2026, 10, 1))


@pytest.mark.parametrize("raw, lang", [("vi", "vi"), ("en", "en"), (None, "vi"), ("", "vi"), ("fr", "vi"),
                                       ("EN", "vi")])
def test_language_parameter(raw, lang):
    assert flt.language(raw) == lang


def test_unknown_language_gets_a_notice_and_a_known_one_none():
    _, bad = flt.parse({"lang": "fr"}, CTX)
    _, good = flt.parse({"lang": "en"}, CTX)
    assert [(n.key, n.values) for n in bad] == [("notice.choice_bad", {"param": "lang", "value": "fr",
                                                                      "default": "vi"})]
    assert good == []


def test_clamped_month_notice_names_months_as_mm_yyyy():
    choices, notices = flt.parse({"from": "2020-03", "to": "2026-10"}, CTX)
    assert choices.start == dt.date(2023, 1, 1)
    words = [t(n.key, "vi", **n.values) for n in notices]
    assert words == ["Tham số “from”: tháng 03/2020 nằm ngoài phạm vi số liệu (01/2023 – 10/2026); đã điều chỉnh."]


@pytest.mark.parametrize("names, said", [
    (["unit", "from", "metric", "tim_kenh", "embed"], []),
    (["Unit"], ["Tham số “Unit” không có trong địa chỉ của bảng điều khiển; đã bỏ qua — có phải “unit”?"]),
    (["units", "foo"], ["Tham số “units” không có trong địa chỉ của bảng điều khiển; đã bỏ qua — có phải “unit”?",
                        "Tham số “foo” không có trong địa chỉ của bảng điều khiển; đã bỏ qua."]),
])
def test_a_parameter_name_nothing_reads_is_said_with_the_one_it_likely_meant(names, said):
    known = {*flt.CONTRACT_PARAMS, "metric", "tim_kenh", "embed"}
    assert [t(n.key, "vi", **n.values) for n in flt.unknown_params(names, known)] == said


def test_choices_carry_the_language_into_the_builders_filters():
    choices, _ = flt.parse({"unit": "14"}, CTX)
    assert choices.filters(lang="en").lang == "en"
    assert choices.filters().lang == "vi"
    assert choices.filters(("14",), "en").scope == ("14",)


def test_a_repeated_unit_parameter_keeps_every_unit():
    repeated, notices = flt.parse({"unit": ["14", "48"]}, CTX)
    joined, _ = flt.parse({"unit": "14,48"}, CTX)
    assert repeated.units == joined.units == ("14", "48") and notices == []
    mixed, _ = flt.parse({"unit": ["14,48", "14"], "platform": ["tiktok", "fanpage"]}, CTX)
    assert mixed.units == ("14", "48") and mixed.platforms == ("tiktok", "fanpage")


def test_a_repeated_single_parameter_keeps_its_first_value_and_says_so():
    choices, notices = flt.parse({"grain": ["quarter", "year"], "compare": ["prev", "prev"]}, CTX)
    assert (choices.grain, choices.compare) == ("quarter", "prev")
    assert [t(n.key, "vi", **n.values) for n in notices] == [
        "Tham số “grain” có nhiều giá trị; dùng giá trị đầu tiên “quarter”."]


def test_repeated_months_use_the_first():
    choices, notices = flt.parse({"from": ["2024-03", "2024-05"], "to": ["2024-06"]}, CTX)
    assert (choices.start, choices.end) == (dt.date(2024, 3, 1), dt.date(2024, 6, 1))
    assert [n.key for n in notices] == ["notice.param_repeated"]


@pytest.mark.parametrize("raw_from", ["2024-13", "abc", "2024-9x"])
def test_a_malformed_from_is_ignored_as_if_absent(raw_from):
    """A bad "from" with a good "to": the year to date of "to" (as with no "from"), the one notice about "from" —
    not the default start after "to", swapped with it and reported as the user's swap."""
    choices, notices = flt.parse({"from": raw_from, "to": "2024-09"}, CTX)
    assert (choices.start, choices.end) == (dt.date(2024, 1, 1), dt.date(2024, 9, 1))
    assert [n.key for n in notices] == ["notice.month_bad"]
    bad_to, notices = flt.parse({"from": "2024-03", "to": "2024-13"}, CTX)
    assert (bad_to.start, bad_to.end) == (dt.date(2024, 3, 1), CTX.last_month)
    assert [n.key for n in notices] == ["notice.month_bad"]


def test_an_old_code_in_a_range_after_the_merger_says_where_its_figures_went():
    """Historical boundaries, Quảng Nam (49) in 2026: it no longer existed — say so and name Đà Nẵng, instead of a
    bare 'no data for these filters'; before 07/2025, nothing to say."""
    _, notices = flt.parse({"unit": "49", "boundary": "historical", "from": "2026-01", "to": "2026-06"}, CTX)
    assert [t(n.key, "vi", **n.values) for n in notices] == [
        "Mã 49 (Quảng Nam) chỉ có số liệu đến 06/2025: từ 01/07/2025 đơn vị đã hợp nhất vào 48 (Đà Nẵng) — chọn 48 "
        "hoặc một kỳ trước 07/2025."]
    _, before = flt.parse({"unit": "49", "boundary": "historical", "from": "2024-01", "to": "2024-06"}, CTX)
    assert before == []
