"""A change is drawn by its direction as written: up green, down red (inverted for metrics where a rise is
bad), and a change that reads 0 neutral — no arrow, no colour — on the cards, the slides and in files."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ui import blocks
from ui import format as fmt
from ui.components import delta_style


@pytest.mark.parametrize("d, kind, expected", [
    (5, "int", 1), (-5, "int", -1), (0, "int", 0), (0.0, "int", 0), (-0.0, "int", 0),
    (0.4, "int", 0),            # written "0": no change as far as the reader can tell
    (0.6, "int", 1),            # written "+1"
    (0.004, "dec1", 0), (0.006, "dec1", 1), (-0.0004, "dec2", 0),
    (None, "int", None), (math.nan, "int", None),
])
def test_direction_is_the_sign_of_the_change_as_written(d, kind, expected):
    assert fmt.direction(d, kind) == expected


def test_zero_change_is_neutral_whatever_the_metric():
    # the arrow and colour come from the direction, never from the text's first character (see below)
    assert {(d, better): delta_style(d, better) for d in (1, -1, 0, None) for better in (True, False)} == {
        (1, True): {"delta_color": "green", "delta_arrow": "up"},
        (-1, True): {"delta_color": "red", "delta_arrow": "down"},
        (0, True): {"delta_color": "off", "delta_arrow": "off"},
        (None, True): {"delta_color": "normal", "delta_arrow": "auto"},
        (1, False): {"delta_color": "red", "delta_arrow": "up"},
        (-1, False): {"delta_color": "green", "delta_arrow": "down"},
        (0, False): {"delta_color": "off", "delta_arrow": "off"},
        (None, False): {"delta_color": "inverse", "delta_arrow": "auto"},
    }


def test_a_fall_published_approximately_is_drawn_down_and_red_on_the_card():
    from streamlit.testing.v1 import AppTest

    def card():
        import pandas as pd

        from ui import components
        row = pd.Series({"period_end": pd.Timestamp("2025-12-01"), "cmp_label": "Năm 2024", "contest_luot": 1_710_000.0,
                         "contest_luot_q": "~", "contest_luot_cmp": 2_387_746.0, "contest_luot_delta": -677_746.0,
                         "contest_luot_pct": -0.2836, "contest_luot_delta_q": "~"})
        components.kpi_card(row, "contest_luot", "yoy", "vi")

    at = AppTest.from_function(card).run()
    metric = at.metric[0]
    assert metric.delta == "~-677.746 (-28,36%)"
    assert (metric.proto.color, metric.proto.direction) == (metric.proto.RED, metric.proto.DOWN)


def test_kpi_words_carry_the_direction_and_a_zero_change_has_no_sign():
    row = pd.Series({"period_end": pd.Timestamp("2024-08-01"), "cmp_label": "Tháng 7/2024",
                     "posts": 5.0, "posts_cmp": 5.0, "posts_delta": 0.0, "posts_pct": 0.0, "posts_ytd": 12.0,
                     "members": 12.0, "members_cmp": 10.0, "members_delta": 2.0, "members_pct": 0.2})
    posts, members = blocks.kpi_words(row, "posts", "prev", "vi"), blocks.kpi_words(row, "members", "prev", "vi")
    assert (posts.delta_text, posts.direction) == ("0 (0,00%)", 0)
    assert (members.delta_text, members.direction) == ("+2 (+20,00%)", 1)
