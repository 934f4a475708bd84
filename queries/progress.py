"""Progress to a target: the one rule for "vượt / đạt / chưa đạt" and, for a year still running, "đang thực hiện"
with the pace expected by the elapsed share of the year ("đúng tiến độ / chậm tiến độ").

Shared by the coordination programme's indicators and by the targets (chỉ tiêu) of catalogue metrics on KPI cards,
trend charts and the "Chỉ tiêu" view, so a status never reads differently in two places. Pure: numbers in, a
``Progress`` out; no SQL, no Streamlit, no words (the message catalogue names the statuses).

Rules (DESIGN §3: unknown is not zero, division by zero is "—"):
- no target -> ``no_target``; a zero target -> ``zero_target`` (shown as "—", never an error or an infinite %);
- a target for a year that has not started (``elapsed`` <= 0) -> ``not_started``;
- no actual (not reported, not computable) -> ``unknown`` ("chưa báo cáo"), never 0 %;
- a complete year (``elapsed`` >= 1): actual > target ``exceeded``, = ``met``, < ``missed``;
- a running year whose actual already reaches the target: ``exceeded`` / ``met`` as for a complete year;
- otherwise a running year: the value expected to date is ``expected`` when the caller knows it (monthly targets, a stock's
  start-of-year level), else target × elapsed; actual >= expected ``on_pace``, below ``behind``; when there is no
  way to say what was expected to date (``expected`` is NaN) ``running``.
- an actual counted from incomplete reports (``complete`` false: a unit or a month that should have reported did
  not) is a lower bound: it can show a target reached or a pace kept, never one missed — what would read
  ``missed`` / ``behind`` is ``partial`` ("chưa đủ báo cáo"), its share still given.
``share`` is actual / target whenever both are defined and the target is not zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

EXCEEDED, MET, MISSED = "exceeded", "met", "missed"
ON_PACE, BEHIND, RUNNING = "on_pace", "behind", "running"
UNKNOWN, NO_TARGET, ZERO_TARGET, NOT_STARTED = "unknown", "no_target", "zero_target", "not_started"
PARTIAL = "partial"
STATUSES = (EXCEEDED, MET, MISSED, ON_PACE, BEHIND, PARTIAL, RUNNING, UNKNOWN, NO_TARGET, ZERO_TARGET, NOT_STARTED)
# statuses that end a year well / badly (for counts and colours)
GOOD = (EXCEEDED, MET, ON_PACE)
BAD = (MISSED, BEHIND)


@dataclass(frozen=True)
class Progress:
    status: str
    share: float | None = None            # actual / target
    expected: float | None = None         # the value expected to date (running year)
    expected_share: float | None = None   # expected / target

    @property
    def good(self) -> bool:
        return self.status in GOOD

    @property
    def bad(self) -> bool:
        return self.status in BAD


def _num(x) -> float | None:
    if x is None or isinstance(x, bool | str):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) or math.isinf(v) else v


def short_of_reports(reported, expected) -> bool:
    """Whether a value comes from fewer units (or, for one unit, months) than were expected to report it (the metric
    layer's ``{key}_reported`` < ``{key}_expected``); unknown counts are not a shortfall."""
    r, e = _num(reported), _num(expected)
    return r is not None and e is not None and r < e


def elapsed_share(year: int, last_month) -> float:
    """Share of ``year`` elapsed when the data run to ``last_month`` (a date; its month counts as complete):
    0 before the year, 1 from its December on, else months / 12."""
    if last_month is None:
        return 0.0
    if last_month.year < year:
        return 0.0
    if last_month.year > year:
        return 1.0
    return last_month.month / 12


def assess(target, actual, elapsed: float = 1.0, expected=None, complete: bool = True) -> Progress:
    """The status of ``actual`` against ``target`` when ``elapsed`` of the target's year has passed.

    ``expected``: None = the straight pace (target × elapsed); a number = the value expected to date; NaN = no
    way to tell (a stock whose start-of-year level is unknown). ``complete``: whether every unit and month expected
    to report ``actual`` did (else a shortfall is ``partial``, not ``missed`` / ``behind``)."""
    p = _assess(target, actual, elapsed, expected)
    return p if complete or p.status not in BAD else replace(p, status=PARTIAL)


def _assess(target, actual, elapsed: float, expected) -> Progress:
    t, a = _num(target), _num(actual)
    if t is None:
        return Progress(NO_TARGET)
    if t == 0:
        return Progress(ZERO_TARGET)
    share = None if a is None else a / t
    if elapsed <= 0:
        return Progress(NOT_STARTED, share)
    if a is None:
        # not reported: unknown, never 0 % — but in a running year the pace expected by now is still known
        if elapsed < 1 and expected is None:
            return Progress(UNKNOWN, None, t * elapsed, elapsed)
        return Progress(UNKNOWN)
    if elapsed >= 1 or a >= t:
        # a running year's target already reached is said so ("đã vượt"), not "đúng tiến độ" at 189 %
        return Progress(EXCEEDED if a > t else MET if a == t else MISSED, share)
    if expected is None:
        exp = t * elapsed
    else:
        exp = _num(expected)
        if exp is None:
            return Progress(RUNNING, share)
    return Progress(ON_PACE if a >= exp else BEHIND, share, exp, exp / t)


def stock_expected(target, start, elapsed: float) -> float:
    """What a stock (a level: members, channels) should have reached after ``elapsed`` of the year, moving in a
    straight line from its level at the start of the year to the target; NaN (no pace) when either is unknown."""
    t, s = _num(target), _num(start)
    if t is None or s is None:
        return math.nan
    return s + (t - s) * elapsed
