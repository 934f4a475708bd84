"""Figure builders of the Cuộc thi page: a contest's cumulative lượt and người by week (or by the periods its rows
give: months, rounds, the whole contest).

Người (distinct participants) and lượt (attempts) are different measures: they get two panels, each
with its own y-axis titled with its unit, and are never added or drawn against one axis. No SQL, no
Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from queries import catalogue
from ui import format as fmt
from ui import theme
from ui.messages import t

NGUOI_COLOR = "#1565C0"
# (weekly column, cumulative column, metric key, colour), lượt on top as the headline measure
PANELS = (("luot", "luot_cum", "contest_luot", theme.PRIMARY), ("nguoi", "nguoi_cum", "contest_nguoi", NGUOI_COLOR))


def cumulative(weeks: pd.DataFrame, lang: str = "vi", targets: dict[str, float | None] | None = None,
               running: bool = False) -> go.Figure:
    """Two stacked panels sharing the week axis: cumulative lượt (top) and cumulative người (bottom).

    ``weeks`` has period_start, luot, nguoi, luot_cum, nguoi_cum (``queries.lists.contest_weeks``), and may have
    period_label and period_grain (each point named as its period is: ``ui.contests_data.with_labels``) and the
    qualifiers ``<column>_q``;
    ``targets`` maps contest_luot / contest_nguoi to the contest's target (drawn as a dashed line);
    ``running`` marks the last week with an open marker: the contest is not over.
    """
    targets = targets or {}
    d = weeks.sort_values("x" if "x" in weeks else "period_start")
    labels = [catalogue.get(key) for _w, _c, key, _col in PANELS]
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14,
                        subplot_titles=[m.label(lang) for m in labels])
    # a point at its period's first day (weeks), or at the day the figures it sums run to (``curve_points``)
    when = d["x"] if "x" in d else d["period_start"]
    x = pd.to_datetime(when)
    # each point named as its period is (a week, a month, a round, the whole contest); weeks when not said
    period_text = list(d["period_label"]) if "period_label" in d else [
        t("contests.week", lang, date=fmt.date(day)) for day in d["period_start"]]
    in_period = t("contests.in_week" if "period_grain" not in d or set(d["period_grain"]) == {"week"}
                  else "contests.in_period", lang)
    n = len(d)
    for row, ((weekly, cum, key, color), m) in enumerate(zip(PANELS, labels), start=1):
        symbols = ["circle-open" if running and i == n - 1 else "circle" for i in range(n)]
        sizes = [11 if running and i == n - 1 else 7 for i in range(n)]
        # a figure published with a qualifier keeps it: "~1.800.000", "> 13.000"
        marks = list(d[f"{cum}_q"]) if f"{cum}_q" in d else [None] * n
        steps = list(d[f"{weekly}_q"]) if f"{weekly}_q" in d else [None] * n
        custom = [[w, fmt.mark(fmt.number(c), q), fmt.mark(fmt.number(v, signed=True), s)]
                  for w, c, v, q, s in zip(period_text, d[cum], d[weekly], marks, steps)]
        fig.add_scatter(
            x=x, y=d[cum], mode="lines+markers", name=t("contests.axis_cum", lang, label=m.label(lang),
                                                           unit=m.unit(lang)),
            line=dict(color=color, width=3), marker=dict(symbol=symbols, size=sizes, color=color),
            customdata=custom, showlegend=False, connectgaps=False,
            hovertemplate=f"%{{customdata[0]}}<br>%{{customdata[1]}} {m.unit(lang)} "
                          f"(%{{customdata[2]}} {in_period})<extra></extra>",
            row=row, col=1)
        target = targets.get(key)
        if target:
            fig.add_hline(y=float(target), line=dict(color=theme.COMPARISON, dash="dash", width=2), row=row, col=1,
                          annotation_text=t("contests.target_line", lang, value=fmt.number(target)),
                          annotation_position="top left", annotation_font=dict(size=12, color="#616161"))
            # keep the target line inside the panel even when participation is far below it
            top = max(float(target), float(d[cum].max() if n else 0)) * 1.08
            fig.update_yaxes(range=[0, top], row=row, col=1)
        else:
            fig.update_yaxes(rangemode="tozero", row=row, col=1)
        fig.update_yaxes(title_text=m.unit(lang), tickformat=",~r", row=row, col=1)
    # horizontal dd/mm ticks on reported weeks, at most five so they fit a phone's width
    step = max(1, -(-n // 5))
    ticks = list(when)[::step]
    fig.update_xaxes(type="date", tickvals=pd.to_datetime(ticks), ticktext=[day.strftime("%d/%m") for day in ticks],
                     tickangle=0, showticklabels=True)
    fig.update_annotations(font_size=14, selector=dict(text=labels[0].label(lang)))
    fig.update_annotations(font_size=14, selector=dict(text=labels[1].label(lang)))
    theme.apply(fig, height=520)
    fig.update_layout(margin=dict(l=8, r=8, t=64, b=8), hovermode="closest")
    return fig
