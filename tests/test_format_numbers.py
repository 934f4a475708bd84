"""Numbers as Vietnamese readers write them (``ui.format``): a point between thousands, a comma before decimals,
whole numbers exact however large (a page number from a link, a national total), unknown as a dash."""

from __future__ import annotations

import numpy as np
import pytest

from ui import format as fmt


@pytest.mark.parametrize("value, kwargs, expected", [
    (13712, {}, "13.712"), (np.int64(13712), {}, "13.712"), (-4856035, {}, "-4.856.035"), (0, {}, "0"),
    (7, {"signed": True}, "+7"), (0, {"signed": True}, "0"), (-3, {"signed": True}, "-3"),
    (1234.5, {"decimals": 1}, "1.234,5"), (8000.06, {"decimals": 1}, "8.000,1"), (-0.4, {}, "0"),
    (int("9" * 25), {}, "9.999.999.999.999.999.999.999.999"),        # past 2^53: still every digit
    (2**53 + 1, {}, "9.007.199.254.740.993"),
    (None, {}, fmt.DASH), (float("nan"), {}, fmt.DASH),
])
def test_number(value, kwargs, expected):
    assert fmt.number(value, **kwargs) == expected


def test_percent_takes_a_ratio_and_writes_a_decimal_comma():
    assert fmt.percent(0.0661) == "6,61%"
    assert fmt.percent(0.0661, signed=True) == "+6,61%"
    assert fmt.percent(None) == fmt.DASH


def test_a_change_has_its_values_decimals_and_one_more_only_when_it_would_read_zero():
    # a card read "2.128,6" beside "-203,25 (-8,71%)"
    assert fmt.delta(-203.26, -0.0871, "dec1") == "-203,3 (-8,71%)"
    assert fmt.delta(1.5, 0.1, "dec1") == "+1,5 (+10,00%)"
    # 0,04 would read "+0,0": one more decimal, and it is drawn as the rise it is
    assert fmt.delta(0.04, 0.01, "dec1") == "+0,04 (+1,00%)" and fmt.direction(0.04, "dec1") == 1
    assert fmt.delta(0.004, 0.001, "dec2") == "+0,004 (+0,10%)"
    assert fmt.delta(12, 0.1, "int") == "+12 (+10,00%)"
    # the drafted report's appendix writes the change alone by the same rule ("+0,479" beside "-18,47" before)
    assert fmt.change(-18.47, "dec1") == "-18,5" and fmt.change(0.479, "dec1") == "+0,5"
    assert fmt.change(0.04, "dec1") == "+0,04" and fmt.change(float("nan"), "int") == "—"
