"""Reusable page pieces: the page context line, KPI cards, chart blocks with captions, empty states.

Pages compose these; they hold no SQL and no metric semantics (those come from the result frames).
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from queries import catalogue
from queries.periods import MERGER, Period, Window, comparison_window, window_label
from ui import chart, style, theme
from ui import format as fmt
from ui.blocks import coverage_note, not_like_for_like, ytd_of
from ui.charts import common as charts_common
from ui.filters import Choices
from ui.markdown import Markdown, escape  # the one escaping rule: pages and the renderer escape through here
from ui.messages import md, t
from ui.text import column_px, period_text, units_text


def context_line(choices: Choices, names: dict[str, str], lang: str = "vi",
                 platform_labels: dict[str, str] | None = None) -> None:
    """The choices in one bold line: units, the period, the channel types when some are picked (a link with
    ``platform=`` says so in the page, not only in the sidebar a phone keeps closed), the comparison."""
    parts = [units_text(choices, names, lang), period_text(choices, lang)]
    if choices.platforms:
        labels = platform_labels or {}
        parts.append(", ".join(labels.get(p, p) for p in choices.platforms))
    if choices.compare != "none":
        parts.append(t(f"compare.vs.{choices.compare}", lang))
    st.markdown("**" + " · ".join(escape(p) for p in parts) + "**")


def _compared(choices: Choices) -> Window | None:
    """The months the chosen range is compared with, as the metric layer shifts them."""
    w = Window(choices.start, choices.end)
    return comparison_window(Period("range", w, w), choices.compare)


def boundary_notice(choices: Choices, lang: str = "vi") -> None:
    crosses = choices.start < MERGER
    if choices.boundary == "current" and crosses:
        st.caption(":material/info: " + t("boundary.notice_current", lang))
    elif choices.boundary == "historical" and crosses and choices.end >= MERGER:
        st.caption(":material/info: " + t("boundary.notice_historical", lang))
    elif choices.boundary == "historical" and (other := _compared(choices)) is not None and \
            (other.start < MERGER) != (choices.start < MERGER):
        # the range on one side of the merger, its comparison on the other: code 15 is Yên Bái in one, the new
        # Lào Cai in the other
        st.caption(":material/info: " + escape(t("boundary.notice_historical_cmp", lang,
                                                 period=window_label(other, lang))))


def _defined(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def delta_style(direction: int | None, higher_is_better: bool = True) -> dict:
    """How ``st.metric`` draws a change: the arrow and colour from the change's own direction (``fmt.direction``)
    and the metric's good direction — never from the text, whose first character Streamlit reads as the sign: a
    change published approximately ("~-677.746 (-28,36%)") would get a green up arrow. A change that reads 0 is
    neutral (grey, no arrow); an unknown direction is left to Streamlit."""
    if direction == 0:
        return {"delta_color": "off", "delta_arrow": "off"}
    if direction is None:
        return {"delta_color": "normal" if higher_is_better else "inverse", "delta_arrow": "auto"}
    good = (direction > 0) == higher_is_better
    return {"delta_color": "green" if good else "red", "delta_arrow": "up" if direction > 0 else "down"}


def kpi_card(row: pd.Series, key: str, compare: str, lang: str = "vi", target=None,
             spark: list[float] | None = None, start: float | None = None) -> None:
    """One KPI: value, change vs the comparison (absolute and %, '—' where undefined), target progress
    (``target``: a ``queries.targets.Goal``; its words and pace from ``blocks.target_words``)."""
    m = catalogue.get(key)
    value = row.get(key)
    with st.container(border=True):
        delta, direction = None, None
        if compare != "none":
            delta_text = fmt.delta(row.get(f"{key}_delta"), row.get(f"{key}_pct"), m.fmt, row.get(f"{key}_delta_q"))
            delta = delta_text if delta_text != fmt.DASH else None
            direction = fmt.direction(row.get(f"{key}_delta"), m.fmt)
        # the catalogue's words are the code's own (queries/catalogue.py), trusted as written
        st.metric(Markdown(m.label(lang)), fmt.qualified(value, row.get(f"{key}_q"), m.fmt), delta=delta,
                  **delta_style(direction, m.higher_is_better),
                  help=Markdown(f"{m.description(lang)} ({m.unit(lang)})"))
        line = charts_common.sparkline(spark) if spark is not None else None
        if line:
            st.image(line, width="stretch", alt=t("kpi.spark", lang, metric=m.label(lang)))
        lines = []
        if compare != "none":
            cmp = row.get(f"{key}_cmp")
            if _defined(cmp):
                lines.append(md("kpi.vs", lang, vs=t(f"compare.vs.{compare}", lang).capitalize(),
                                period=row.get("cmp_label") or "",
                                value=fmt.qualified(cmp, row.get(f"{key}_cmp_q"), m.fmt)))
                if not_like_for_like(row, key):
                    lines.append(escape(t("kpi.not_like_for_like", lang)))
            else:
                lines.append(escape(t("kpi.no_compare", lang) + " (" + fmt.DASH + ")"))
        note = coverage_note(row, key, lang)
        if note:
            lines.append(Markdown(":material/assignment_late: " + escape(note)))
        ytd = ytd_of(row, key)
        if ytd is not None:
            lines.append(md("kpi.ytd", lang, value=fmt.qualified(ytd[0], ytd[1], m.fmt)))
        if lines:
            st.caption("  \n".join(escape(line) for line in lines))
        # -- targets (issue 9): one rule for the words, shared with files and slides --
        from ui import blocks

        share, words = blocks.target_words(row, key, target, lang, start)
        if share is not None:
            st.progress(min(max(share, 0.0), 1.0), text=escape(words))
        elif words:
            st.caption(":material/flag: " + escape(words))


def plot(fig, key: str, on_select=None):
    """Every chart is drawn the same way: our theme, offline-safe config, kept mounted while its block stays
    (``ui.chart``); ``on_select`` is called when a point is clicked (``ui.drill``)."""
    return chart.draw(fig, key, theme.PLOTLY_CONFIG, on_select=on_select)


def fit_columns(df: pd.DataFrame, columns=None) -> dict:
    """``st.dataframe`` column settings giving each text column the width of its longest value or header
    (``ui.text.column_px``). Streamlit sizes a column from the rows it samples, so a longer value further
    down was cut ("Đã hoàn tá…")."""
    out = {}
    for col in (columns if columns is not None else df.columns):
        if pd.api.types.is_object_dtype(df[col]) or pd.api.types.is_string_dtype(df[col]):
            out[col] = st.column_config.TextColumn(str(col), width=column_px(df[col], col))
    return out


def file_uploader(label: str, types: list[str], key: str, lang: str = "vi", **kwargs):
    """``st.file_uploader`` with our words on its button and size note (Streamlit writes them in English)."""
    scope = f"upl_{key}"
    with st.container(key=scope):
        st.html(style.uploader_css(scope, lang, int(st.get_option("server.maxUploadSize")), types))
        return st.file_uploader(escape(label), type=types, key=key, **kwargs)


def escape_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A frame for ``st.table``, whose header and cells are Markdown: every text escaped (numbers stay numbers)."""
    out = df.copy()
    out.columns = [escape(col) for col in out.columns]
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: escape(v) if isinstance(v, str) else v).astype(object)
    return out


def empty_state(lang: str = "vi") -> None:
    st.info(t("empty.no_data", lang), icon=":material/search_off:")
