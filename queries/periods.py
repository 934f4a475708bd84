"""Report months, periods at a grain, comparison windows and their Vietnamese/English labels.

Pure functions on ``datetime.date`` values that stand for report months (always the 1st of the month).
Knows nothing about the database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

# 63 provinces become 34 units (Nghị quyết 202/2025/QH15); the write side's own copy is data.reference.MERGER_DATE
MERGER = dt.date(2025, 7, 1)
# the party's Ban Tuyên giáo and Ban Dân vận became "Ban Tuyên giáo và Dân vận": the central department announced on
# 03/02/2025, the provinces' during February 2025 (shared/reference/README.md) — a report month from 02/2025 on is the
# merged department's, whatever the provinces' own merger (MERGER) later did
DEPARTMENT_MERGER = dt.date(2025, 2, 1)

GRAINS = ("month", "quarter", "half", "year")
GRAIN_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str | None) -> dt.date | None:
    """'2024-09' -> date(2024, 9, 1); anything else -> None."""
    if not text:
        return None
    m = _MONTH_RE.match(text.strip())
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return dt.date(year, month, 1)


def month_key(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def add_months(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + (d.month - 1) + n
    return dt.date(total // 12, total % 12 + 1, 1)


def months_between(a: dt.date, b: dt.date) -> int:
    """Number of months from a to b inclusive (a <= b)."""
    return (b.year - a.year) * 12 + (b.month - a.month) + 1


def month_end(d: dt.date) -> dt.date:
    return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def period_start(d: dt.date, grain: str) -> dt.date:
    size = GRAIN_MONTHS[grain]
    return dt.date(d.year, (d.month - 1) // size * size + 1, 1)


@dataclass(frozen=True)
class Window:
    """A run of report months [start, end], both the 1st of a month, inclusive."""

    start: dt.date
    end: dt.date

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    def shift(self, months: int) -> Window:
        return Window(add_months(self.start, months), add_months(self.end, months))

    def month_list(self) -> list[dt.date]:
        return [add_months(self.start, i) for i in range(self.months)]


@dataclass(frozen=True)
class Period:
    """One bucket of a result: its nominal period at a grain and the months actually counted.

    ``nominal`` is the whole calendar period (e.g. Q3/2024); ``window`` is the part inside the chosen
    range and the data's coverage. ``incomplete`` when they differ: such a period is labelled as such
    and compared like for like (the same months of the comparison period), never as if complete.
    """

    grain: str            # a GRAINS key, or 'range' for a whole chosen range
    nominal: Window
    window: Window

    @property
    def incomplete(self) -> bool:
        return self.window != self.nominal


def periods_in(window: Window, grain: str, data_end: dt.date | None = None) -> list[Period]:
    """The periods at ``grain`` that ``window`` touches, clipped to it and to ``data_end``."""
    out = []
    cursor = period_start(window.start, grain)
    size = GRAIN_MONTHS[grain]
    while cursor <= window.end:
        nominal = Window(cursor, add_months(cursor, size - 1))
        start = max(nominal.start, window.start)
        end = min(nominal.end, window.end)
        if data_end is not None:
            end = min(end, data_end)
        if start <= end:
            out.append(Period(grain, nominal, Window(start, end)))
        cursor = add_months(cursor, size)
    return out


def whole_range(window: Window, data_end: dt.date | None = None) -> Period | None:
    end = min(window.end, data_end) if data_end is not None else window.end
    if end < window.start:
        return None
    return Period("range", window, Window(window.start, end))


def comparison_window(period: Period, compare: str) -> Window | None:
    """The months a period is compared with: same months a year earlier, or the period before.

    The previous period of a grain period is the one before it at that grain; of a whole range, the
    range of the same length just before it. Either way only the months actually counted are shifted.
    """
    if compare == "yoy":
        return period.window.shift(-12)
    if compare == "prev":
        # step back by the whole chosen period, so a cut-short period meets the same months before it
        return period.window.shift(-period.nominal.months)
    return None


def ytd_window(period: Period) -> Window:
    """Year to date (lũy kế từ đầu năm) at the end of the months counted."""
    end = period.window.end
    return Window(dt.date(end.year, 1, 1), end)


# ---- labels ---------------------------------------------------------------------------------

def month_label(d: dt.date, lang: str = "vi") -> str:
    return f"{d.month:02d}/{d.year}"


def window_label(w: Window, lang: str = "vi") -> str:
    """The conventional Vietnamese name of a run of months, falling back to 'MM/YYYY – MM/YYYY'."""
    s, e = w.start, w.end
    same_year = s.year == e.year
    if w.months == 1:
        return f"Tháng {s.month}/{s.year}" if lang == "vi" else f"{calendar.month_abbr[s.month]} {s.year}"
    if same_year and s.month == 1 and e.month == 12:
        return f"Năm {s.year}" if lang == "vi" else f"{s.year}"
    if same_year and w.months == 3 and (s.month - 1) % 3 == 0:
        q = (s.month - 1) // 3 + 1
        return f"Quý {ROMAN[q]}/{s.year}" if lang == "vi" else f"Q{q} {s.year}"
    if same_year and s.month == 1 and e.month == 6:
        return f"6 tháng đầu năm {s.year}" if lang == "vi" else f"H1 {s.year}"
    if same_year and s.month == 7 and e.month == 12:
        return f"6 tháng cuối năm {s.year}" if lang == "vi" else f"H2 {s.year}"
    if same_year and s.month == 1:
        # "Jan–Sep 2024": "9M 2024" read as nine million
        return f"{e.month} tháng năm {s.year}" if lang == "vi" else \
            f"{calendar.month_abbr[1]}–{calendar.month_abbr[e.month]} {s.year}"
    return f"{month_label(s)} – {month_label(e)}"


def period_label(p: Period, lang: str = "vi") -> str:
    """Label of the nominal period, with '(đến MM/YYYY)' / '(từ MM/YYYY)' when only part is counted."""
    base = window_label(p.nominal, lang)
    if not p.incomplete:
        return base
    if p.window.start == p.nominal.start:
        note = f"đến {month_label(p.window.end)}" if lang == "vi" else f"to {month_label(p.window.end)}"
    elif p.window.end == p.nominal.end:
        note = f"từ {month_label(p.window.start)}" if lang == "vi" else f"from {month_label(p.window.start)}"
    elif p.window.months == 1:
        note = month_label(p.window.start)
    else:
        note = f"{month_label(p.window.start)} – {month_label(p.window.end)}"
    return f"{base} ({note})"


def short_label(p: Period, lang: str = "vi") -> str:
    """Axis label of a period: the period's own name ("Quý III/2024", "6 tháng đầu năm 2024"; never a second,
    abbreviated form), except a month ("09/2024", as every month in the product) and a year ("2024")."""
    s = p.nominal.start
    if p.grain == "month":
        return month_label(s)
    if p.grain == "year":
        return str(s.year)
    if p.grain in ("quarter", "half"):
        return window_label(p.nominal, lang)
    return window_label(p.window, lang)
