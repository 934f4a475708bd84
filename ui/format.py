"""Vietnamese formatting of numbers, percentages, changes and dates: 13.712; 6,61%; 1,8 triệu; 26/11/2026.

The only place numbers become text. Undefined values (None, NaN, infinities) always render as "—".
"""

from __future__ import annotations

import datetime as dt
import math
import numbers

import pandas as pd

DASH = "—"


# The same writing done by st.dataframe's column formats in the browser, for large lists sent as values (no second
# copy of every cell as text: bench/README.md, ninth pass). sprintf-js as Streamlit ships it: the pad character
# after ' (here '.') is the thousands separator when the ',' flag is given — 13712 -> "13.712". A Vietnamese
# decimal comma has no such format: percentages stay written in Python.
GRID_INTEGER = "%'.,d"
GRID_DATE = "DD/MM/YYYY"        # moment.js, as the date inputs


def _undefined(x) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(x) or math.isinf(x)
    except TypeError:
        return False


def defined(x) -> bool:
    """The one 'is this number defined' rule: not None, NaN, NaT or infinite."""
    if x is None:
        return False
    try:
        if pd.isna(x):
            return False
    except (TypeError, ValueError):      # not a scalar
        return True
    try:
        return not math.isinf(x)
    except TypeError:
        return True


def number_or_none(x) -> float | None:
    """A value as a float when it is a defined number; None, NaN, infinities, pandas NA, booleans and text
    become None (a gap, never 0)."""
    if x is None or isinstance(x, bool | str):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if defined(v) else None


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def number(x, decimals: int = 0, signed: bool = False) -> str:
    """13712 -> '13.712'; 1234.5 with decimals=1 -> '1.234,5'; signed adds '+' to positives. Whole numbers are
    written exactly, however large (a float would round them past 2^53)."""
    if _undefined(x):
        return DASH
    if decimals == 0 and isinstance(x, numbers.Integral) and not isinstance(x, bool):
        n = int(x)
        return ("-" if n < 0 else "+" if signed and n > 0 else "") + _group(str(abs(n)))
    x = float(x)
    text = f"{abs(x):.{decimals}f}"
    whole, _, frac = text.partition(".")
    body = _group(whole) + ("," + frac if frac else "")
    if round(x, decimals) == 0:
        sign = ""
    elif x < 0:
        sign = "-"
    else:
        sign = "+" if signed else ""
    return sign + body


def percent(ratio, decimals: int = 2, signed: bool = False) -> str:
    """0.0661 -> '6,61%' (the argument is a ratio, not a percentage)."""
    if _undefined(ratio):
        return DASH
    return number(float(ratio) * 100, decimals, signed) + "%"


_SCALES_VI = ((1e9, "tỷ"), (1e6, "triệu"), (1e3, "nghìn"))
_SCALES_EN = ((1e9, "bn"), (1e6, "m"), (1e3, "k"))


def compact(x, lang: str = "vi") -> str:
    """1_800_000 -> '1,8 triệu'; 12_500 -> '12,5 nghìn'; below 10.000 the full number."""
    if _undefined(x):
        return DASH
    v = float(x)
    if abs(v) < 10_000:
        return number(v)
    for size, word in (_SCALES_VI if lang == "vi" else _SCALES_EN):
        if abs(v) >= size:
            scaled = v / size
            decimals = 0 if abs(scaled) >= 100 else 1
            text = number(scaled, decimals)
            if decimals and text.endswith(",0"):
                text = text[:-2]
            return f"{text} {word}" if lang == "vi" else f"{text}{word}"
    return number(v)


def value(x, fmt: str) -> str:
    """A metric value in its catalogue format: 'int', 'dec1', 'dec2' or 'pct'."""
    if fmt == "pct":
        return percent(x)
    if fmt == "dec1":
        return number(x, 1)
    if fmt == "dec2":
        return number(x, 2)
    return number(x)


# a published figure's qualifier (queries.catalogue.QUALIFIED_SUMS) -> the mark written before it: "~1,8 triệu",
# "> 13.000", "< 500"
QUALIFIER_MARKS = {"~": "~", ">": "> ", "<": "< "}


def mark(text: str, qualifier) -> str:
    """A number's text with its qualifier's mark; an unknown value ("—") and an exact one (None) unchanged."""
    if text == DASH or not isinstance(qualifier, str) or qualifier not in QUALIFIER_MARKS:
        return text
    return QUALIFIER_MARKS[qualifier] + text


def qualified(x, qualifier, fmt: str = "int") -> str:
    """A metric value in its format with the qualifier it was published with: '~1.800.000', '> 13.000'."""
    return mark(value(x, fmt), qualifier)


def qualified_compact(x, qualifier, lang: str = "vi") -> str:
    """``compact`` with the qualifier's mark: '~1,8 triệu'."""
    return mark(compact(x, lang), qualifier)


def _delta_decimals(fmt: str, d=None) -> int:
    """A change's decimals: the value's own ("2.128,6" beside "-203,3", not "-203,25"); one more when the change would
    read "0,0" at those (a small change of a ratio)."""
    own = {"dec1": 1, "dec2": 2}.get(fmt, 0)
    if own and d is not None and round(abs(float(d)), own) == 0 and float(d) != 0:
        return own + 1
    return own


def change(d, fmt: str = "int") -> str:
    """A change alone, signed, with the decimals ``delta`` gives it: '+858', '-203,3', '+0,04'."""
    return DASH if _undefined(d) else number(d, _delta_decimals(fmt, d), signed=True)


def delta(d, pct, fmt: str = "int", qualifier=None) -> str:
    """A change as absolute and percentage: '+1.234 (+6,61%)'; '—' parts where undefined; a change with an
    approximate side marked: '~+1.234 (+6,61%)'."""
    if _undefined(d):
        return DASH
    return mark(f"{change(d, fmt)} ({percent(pct, signed=True)})", qualifier)


def direction(d, fmt: str = "int") -> int | None:
    """The direction of a change as ``delta`` writes it: +1 up, -1 down, 0 no change (it rounds to zero, so
    it is drawn neutral: no arrow, no colour), None unknown."""
    if _undefined(d):
        return None
    shown = round(float(d), _delta_decimals(fmt, d))
    return 0 if shown == 0 else (1 if shown > 0 else -1)


def date(d: dt.date | None) -> str:
    return DASH if d is None else d.strftime("%d/%m/%Y")


def day_or_month(d: dt.date | None, precision=None) -> str:
    """A day as published: '05/11/2019', or '11/2019' when only the month is known (precision 'month')."""
    if d is None or (not isinstance(d, dt.date) and pd.isna(d)):
        return DASH
    return month(d) if precision == "month" else date(d)


def month(d: dt.date | None) -> str:
    return DASH if d is None else f"{d.month:02d}/{d.year}"
