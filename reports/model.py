"""The neutral objects every file format is written from.

A page or a deck resolves its blocks through ``ui.blocks`` (the one query builder, the user's scope) and
turns each into an ``Item``: its title, caption, Plotly figure and the exact data behind it as a table
with Vietnamese headers and numbers kept as numbers. ``Meta`` says in words what was asked (units,
period, comparison, boundaries, data freshness) and whether the database is the sample. Writers in
``reports`` take these and return bytes; they never recompute a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

# Column formats a table may declare (see Item.formats); anything else is text. 'num' is a column mixing
# counts and ratios (a KPI table, metrics as rows): whole numbers without decimals, others with two.
FORMATS = ("int", "dec1", "dec2", "pct", "num", "text", "date")
NUMERIC_FORMATS = ("int", "dec1", "dec2", "pct", "num")


def cell_format(column_fmt: str | None, value) -> str | None:
    """The format of one number in a column: 'num' resolves per value to 'int' or 'dec2'."""
    if column_fmt != "num":
        return column_fmt
    return "int" if float(value).is_integer() else "dec2"


@dataclass
class Meta:
    """What was asked, in words, and where it comes from."""

    title: str                      # page or deck title, e.g. "Kênh thông tin"
    units: str                      # "Sơn La, Đà Nẵng" / "Tất cả đơn vị"
    period: str                     # "Quý III/2024"
    compare: str                    # "so với cùng kỳ năm trước" / "không so sánh"
    boundary: str                   # "Địa giới hiện hành" / "Địa giới tại thời điểm báo cáo"
    freshness: str                  # "Dữ liệu đến tháng 10/2026"
    department: str = ""            # "Ban Tuyên giáo và Dân vận"
    lang: str = "vi"
    is_sample: bool = False
    sample_notice: str = ""         # the banner text, set whenever is_sample
    platforms: str = ""             # "Tất cả loại kênh" / "Fanpage, TikTok"
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    url: str = ""                   # the page link with its query string, when known

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs for a header block or a filters sheet, in the interface language."""
        vi = self.lang == "vi"
        rows = [
            ("Nội dung" if vi else "Content", self.title),
            ("Đơn vị" if vi else "Units", self.units),
            ("Kỳ báo cáo" if vi else "Period", self.period),
            ("So sánh" if vi else "Comparison", self.compare),
            ("Địa giới" if vi else "Boundaries", self.boundary),
        ]
        if self.platforms:
            rows.append(("Loại kênh" if vi else "Platforms", self.platforms))
        rows.append(("Dữ liệu" if vi else "Data", self.freshness))
        rows.append(("Xuất lúc" if vi else "Exported", self.generated_at.strftime("%d/%m/%Y %H:%M")))
        if self.url:
            rows.append(("Liên kết" if vi else "Link", self.url))
        if self.is_sample:
            rows.append(("Lưu ý" if vi else "Note", self.sample_notice))
        return rows


@dataclass
class Kpi:
    """One KPI card as numbers and words (for KPI tables in files and slides)."""

    key: str
    label: str
    value: float | None
    value_text: str                 # "13.712"
    unit: str = ""                  # "người"
    cmp_text: str = ""              # "Cùng kỳ năm trước (Quý III/2023): 12.900"
    delta_text: str = ""            # "+812 (+6,29%)" or "—"
    direction: int | None = None    # +1 up, -1 down, 0 no change (drawn neutral), None unknown
    target_text: str = ""           # "đạt 96,3% chỉ tiêu năm 2024"
    coverage_text: str = ""         # "31/34 đơn vị đã báo cáo đủ" / "Chưa báo cáo" (empty: everyone reported)
    fmt: str = "int"
    # a flow's year to date when the period does not start in January (the card's "Lũy kế từ đầu năm"):
    # the number and its text as published ("17.056", "~1.800.000"); None and "" when the card shows none
    ytd: float | None = None
    ytd_text: str = ""


@dataclass
class Item:
    """One resolved block, ready for any file."""

    key: str                        # block key, unique in its page ("trend", "ranking")
    title: str
    caption: str = ""               # what, units, period, stock/flow, incomplete mark
    figure: object | None = None    # plotly.graph_objects.Figure; None for a KPI or table block
    table: pd.DataFrame = field(default_factory=pd.DataFrame)   # the exact data, Vietnamese headers
    formats: dict[str, str] = field(default_factory=dict)       # column -> one of FORMATS
    kind: str = "chart"             # "chart" | "kpis" | "table"
    kpis: list[Kpi] = field(default_factory=list)
    notes: str = ""                 # speaker notes: the exact numbers and their comparisons
    file_stem: str = ""             # "thanh-vien_son-la_quy-iii-2024" (no extension)


@dataclass
class Slide:
    """One slide of a deck."""

    kind: str                       # "title" | "kpis" | "block" | "closing"
    title: str
    subtitle: str = ""              # title slide: units, period; block slide: the caption
    lines: list[str] = field(default_factory=list)   # title slide: place and date, department…
    item: Item | None = None        # block and KPI slides
    notes: str = ""
