"""Figure builders of the Cuộc thi page: a contest's cumulative lượt and người by week (or by the periods its rows
give: months, rounds, the whole contest).

Người (distinct participants) and lượt (attempts) are different measures: they get two panels, each
with its own y-axis titled with its unit, and are never added or drawn against one axis. No SQL, no
Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from queries import catalogue
from ui import format as fmt
from ui import theme
from ui.charts import common
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
    layout, suffixes = common.panels(2, 0.14, [m.label(lang) for m in labels], shared_x=True)
    # a point at its period's first day (weeks), or at the day the figures it sums run to (``curve_points``)
    when = d["x"] if "x" in d else d["period_start"]
    x = pd.to_datetime(when)
    # each point named as its period is (a week, a month, a round, the whole contest); weeks when not said
    period_text = list(d["period_label"]) if "period_label" in d else [
        t("contests.week", lang, date=fmt.date(day)) for day in d["period_start"]]
    in_period = t("contests.in_week" if "period_grain" not in d or set(d["period_grain"]) == {"week"}
                  else "contests.in_period", lang)
    n = len(d)
    # horizontal dd/mm ticks on reported weeks, at most five so they fit a phone's width
    step = max(1, -(-n // 5))
    ticks = list(when)[::step]
    # the curves and axes given to Plotly whole, in one call (make_subplots, add_scatter(row=…), update_yaxes(row=…)
    # a call at a time took most of the figure's ~55 ms), the target lines as add_hline(row=…) draws them: a dashed
    # line across the panel, its value written above its left end
    lines, shapes, notes = [], [], []
    for (weekly, cum, key, color), m, suffix in zip(PANELS, labels, suffixes):
        symbols = ["circle-open" if running and i == n - 1 else "circle" for i in range(n)]
        sizes = [11 if running and i == n - 1 else 7 for i in range(n)]
        # a figure published with a qualifier keeps it: "~1.800.000", "> 13.000"
        marks = list(d[f"{cum}_q"]) if f"{cum}_q" in d else [None] * n
        steps = list(d[f"{weekly}_q"]) if f"{weekly}_q" in d else [None] * n
        custom = [[w, fmt.mark(fmt.number(c), q), fmt.mark(fmt.number(v, signed=True), s)]
                  for w, c, v, q, s in zip(period_text, d[cum], d[weekly], marks, steps)]
        lines.append(dict(
            type="scatter", x=x, y=d[cum], mode="lines+markers",
            name=t("contests.axis_cum", lang, label=m.label(lang), unit=m.unit(lang)),
            line=dict(color=color, width=3), marker=dict(symbol=symbols, size=sizes, color=color),
            customdata=custom, showlegend=False, connectgaps=False,
            hovertemplate=f"%{{customdata[0]}}<br>%{{customdata[1]}} {m.unit(lang)} "
                          f"(%{{customdata[2]}} {in_period})<extra></extra>",
            xaxis="x" + suffix, yaxis="y" + suffix))
        yaxis = layout[f"yaxis{suffix}"]
        target = targets.get(key)
        if target:
            shapes.append(dict(type="line", xref=f"x{suffix} domain", x0=0, x1=1, yref=f"y{suffix}",
                               y0=float(target), y1=float(target),
                               line=dict(color=theme.COMPARISON, dash="dash", width=2)))
            notes.append(dict(text=t("contests.target_line", lang, value=fmt.number(target)), showarrow=False,
                              xref=f"x{suffix} domain", x=0, xanchor="left", yref=f"y{suffix}", y=float(target),
                              yanchor="bottom", font=dict(size=12, color="#616161")))
            # keep the target line inside the panel even when participation is far below it
            yaxis["range"] = [0, max(float(target), float(d[cum].max() if n else 0)) * 1.08]
        else:
            yaxis["rangemode"] = "tozero"
        yaxis.update(title=dict(text=m.unit(lang)), tickformat=",~r")
        layout[f"xaxis{suffix}"].update(type="date", tickvals=pd.to_datetime(ticks),
                                        ticktext=[day.strftime("%d/%m") for day in ticks], tickangle=0,
                                        showticklabels=True)
    for note in layout.get("annotations", ()):
        note["font"] = dict(size=14)
    layout["annotations"] = layout.get("annotations", []) + notes
    if shapes:
        layout["shapes"] = shapes
    layout.update(margin=dict(l=8, r=8, t=64, b=8), hovermode="closest")
    return common.whole(lines, layout, height=520)
