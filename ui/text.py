"""Words about the user's choices, shared by pages, slides, files and reports: the department's name for
a period, the units and the period in words, a chart's caption line, the incomplete-period mark.

Pure functions (no Streamlit), so ``python -m data report`` writes exactly what a page shows.
"""

from __future__ import annotations

import datetime as dt

from queries import catalogue
from queries.periods import DEPARTMENT_MERGER, Window, window_label
from ui.filters import Choices
from ui.markdown import Markdown, escape  # noqa: F401 — the one escaping rule (ui/markdown.py)
from ui.messages import t

INCOMPLETE_MARK = " *"


def department(end: dt.date, lang: str = "vi") -> str:
    """The department's name for a period ending on ``end`` (or a contest starting then): 'Ban Tuyên giáo' until
    01/2025, 'Ban Tuyên giáo và Dân vận' from 02/2025 (``DEPARTMENT_MERGER``)."""
    return t("dept.after" if end >= DEPARTMENT_MERGER else "dept.before", lang)


def units_text(choices: Choices, names: dict[str, str], lang: str = "vi") -> str:
    if not choices.units:
        return t("scope.all", lang)
    if len(choices.units) <= 3:
        return ", ".join(names.get(c, c) for c in choices.units)
    return t("scope.units", lang, n=len(choices.units))


def period_text(choices: Choices, lang: str = "vi") -> str:
    return window_label(Window(choices.start, choices.end), lang)


def compare_text(choices: Choices, lang: str = "vi") -> str:
    return t(f"compare.vs.{choices.compare}", lang) if choices.compare != "none" else t("compare.none", lang)


def boundary_text(choices: Choices, lang: str = "vi") -> str:
    return t(f"boundary.{choices.boundary}", lang)


def period_mark(label: str, incomplete: bool) -> str:
    """The one rule for marking an incomplete period on an axis or in a table: 'Quý IV/2026 *'."""
    return f"{label}{INCOMPLETE_MARK}" if incomplete else label


def incomplete_suffix(incomplete: bool, lang: str = "vi") -> str:
    return " *" + " " + t("chart.incomplete_mark", lang) if incomplete else ""


def chart_caption(metric_key: str, choices: Choices, names: dict[str, str], lang: str = "vi",
                  ignored: list[str] | None = None, incomplete: bool = False,
                  platform_labels: dict[str, str] | None = None) -> str:
    """'Thành viên — Sơn La, Quý III/2024; số liệu thời điểm.' plus the incomplete and platform notes; the platforms
    a metric is cut to (a filter, a drilled bar) named after the units: 'Kênh đang hoạt động — Đà Nẵng, TikTok, …' (a
    file of the chart is read without the page's filter bar)."""
    m = catalogue.get(metric_key)
    units = units_text(choices, names, lang)
    if choices.platforms and "platform" in m.dims and platform_labels is not None:
        units += ", " + ", ".join(platform_labels.get(p, p) for p in choices.platforms)
    text = t("chart.caption", lang, metric=m.label(lang), units=units,
             period=period_text(choices, lang), kind=t(f"kind.{m.kind}", lang))
    text += incomplete_suffix(incomplete, lang)
    if ignored and "platform" in ignored and choices.platforms:
        text += " " + t("chart.platform_note", lang)
    return text


CHAR_PX, CELL_PAD_PX, MAX_COLUMN_PX = 7.2, 26, 500


def column_px(values, header: str = "") -> int:
    """The width in pixels a table column needs for its longest text (or its header) at the app's 14 px
    type, up to 500 px — for every row, where Streamlit sizes a column from the rows it samples."""
    longest = max([len(str(header))] + [len(str(v)) for v in values if v is not None and v == v])
    return min(MAX_COLUMN_PX, int(longest * CHAR_PX + CELL_PAD_PX))

