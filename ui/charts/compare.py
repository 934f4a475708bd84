"""Figure builders of the unit-comparison page: small multiples, platform breakdown, trend by unit.

Pure functions (result frame + the page's columns -> Plotly figure), drawn through ``ui.theme``; each
unit keeps the colour of its ``Column`` on every figure. Bar traces carry the drill value in
customdata[0]. No SQL, no Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from queries import catalogue
from ui import format as fmt
from ui import theme
from ui.charts import common
from ui.compare_data import Column, by_column


def metric_bars(df: pd.DataFrame, metric_key: str, cols: list[Column], compare: str, lang: str = "vi",
                cmp_name: str | None = None, incomplete: bool = False, title: str | None = None,
                cur_name: str | None = None) -> go.Figure:
    """One small chart of a small-multiple grid: per unit a bar in its colour with the value written above it;
    with a comparison, a pale bar of the same colour beside it for the comparison period. Incomplete periods
    are hatched. Both series are named (``cur_name``: the period shown), so a file's series and a slide's legend
    say which bar is which; the page's grid explains it once in its note instead of a legend per chart."""
    m = catalogue.get(metric_key)
    rows = by_column(df, cols)
    names = [c.name for c in cols]
    values = [fmt.number_or_none(rows[c.unit_id].get(metric_key)) for c in cols]
    unit = m.unit(lang)
    top = [v for v in values if v is not None]
    colors = [c.color for c in cols]
    # given whole (common.whole): built up a call at a time, each of the page's eleven small charts took ~23 ms
    bars = []
    if compare != "none":
        cmps = [fmt.number_or_none(rows[c.unit_id].get(f"{metric_key}_cmp")) for c in cols]
        deltas = [fmt.delta(rows[c.unit_id].get(f"{metric_key}_delta"), rows[c.unit_id].get(f"{metric_key}_pct"),
                            m.fmt) for c in cols]
        top += [v for v in cmps if v is not None]
        bars.append(dict(
            type="bar", x=names, y=cmps, name=cmp_name or "", showlegend=False, marker=dict(color=colors),
            opacity=0.35, customdata=[[c.code, d] for c, d in zip(cols, deltas)],
            hovertemplate="%{x} — " + (cmp_name or "") + ": %{y:" + theme.D3[m.fmt] + "} " + unit +
            "<extra></extra>",
        ))
    bars.append(dict(
        type="bar", x=names, y=values, name=cur_name or m.label(lang),
        marker=dict(color=colors, pattern=dict(shape=["/" if incomplete else "" for _ in cols])),
        text=[fmt.value(v, m.fmt) for v in values], textposition="outside", textangle=0, constraintext="none",
        cliponaxis=False, customdata=[[c.code] for c in cols], showlegend=False,
        hovertemplate="%{x}: %{y:" + theme.D3[m.fmt] + "} " + unit + "<extra></extra>",
    ))
    crowded = len(cols) > 3
    if crowded:
        for bar in bars:
            bar["textfont"] = dict(size=10)
    yaxis = dict(common.value_axis(m), nticks=4)
    if top and max(top) > 0:
        yaxis["range"] = [0, max(top) * 1.22]
    # "Sơn La (trước 07/2025)" on two lines, smaller type when many units share the width
    wrapped = [n.replace(" (", "<br>(") for n in names]
    return common.whole(bars, dict(
        xaxis=dict(type="category", tickangle=0, tickvals=names, ticktext=wrapped,
                   tickfont=dict(size=11 if crowded else 14)),
        yaxis=yaxis, barmode="group", bargap=0.3, bargroupgap=0.06, margin=dict(l=8, r=8, t=40, b=8),
        title=dict(text=title or m.label(lang), font=dict(size=15), x=0, xanchor="left", y=0.98, yanchor="top"),
        meta=dict(slide_legend=compare != "none")),
        height=250 + (16 if wrapped != names else 0))


def by_platform(df: pd.DataFrame, metric_key: str, cols: list[Column], labels: dict[str, str],
                lang: str = "vi") -> go.Figure:
    """Grouped horizontal bars: one group per platform (in the fixed platform order, top down), one bar per
    unit in its colour; customdata[0] is the platform key, so clicking a bar drills the page into it."""
    m = catalogue.get(metric_key)
    order = {k: i for i, k in enumerate(theme.PLATFORM_ORDER)}
    d = df[df["unit_id"].isin([c.unit_id for c in cols])]
    totals = d.groupby("platform")[metric_key].sum(min_count=1)
    keep = [p for p in totals.index if fmt.number_or_none(totals[p]) not in (None, 0.0)]
    platforms = sorted(keep, key=lambda p: order.get(p, len(order)), reverse=True)   # first on top
    known = [v for v in (fmt.number_or_none(x) for x in d[metric_key]) if v is not None]
    bars = []
    for c in reversed(cols):                       # horizontal groups list traces bottom-up
        mine = d[d["unit_id"] == c.unit_id].set_index("platform")[metric_key]
        xs = [fmt.number_or_none(mine.get(p)) for p in platforms]
        bars.append(dict(
            type="bar", y=[common.wrap(labels.get(p, p)) for p in platforms], x=xs, name=c.name, orientation="h",
            marker=dict(color=c.color),
            customdata=[[p] for p in platforms], text=[fmt.value(v, m.fmt) for v in xs],
            hovertemplate=c.name + " — %{y}: %{x:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<extra></extra>",
            **common.bar_labels(xs, max(known, default=0.0)),
        ))
    xaxis = common.value_axis(m)
    if known and max(known) > 0:
        xaxis["range"] = [0, max(known) * common.BAR_ROOM]
    return common.whole(bars, dict(barmode="group", bargap=0.22, bargroupgap=0.04, legend=dict(traceorder="reversed"),
                                   xaxis=xaxis, yaxis=dict(type="category")),
                        height=max(260, 22 * len(platforms) * len(cols) + 28 * len(platforms) + 90))


def trend_lines(df: pd.DataFrame, metric_key: str, cols: list[Column], lang: str = "vi") -> go.Figure:
    """One line per unit over the periods at the chosen grain; incomplete periods are marked '*' with an open
    marker."""
    m = catalogue.get(metric_key)
    lines = []
    for c in cols:
        mine = df[df["unit_id"] == c.unit_id]
        if mine.empty:
            continue
        x = common.period_x(mine)
        lines.append(dict(
            type="scatter", x=x, y=mine[metric_key], name=c.name, mode="lines+markers",
            line=dict(color=c.color, width=3),
            marker=dict(size=[11 if i else 7 for i in mine["incomplete"]],
                        symbol=["circle-open" if i else "circle" for i in mine["incomplete"]]),
            customdata=[[c.code]] * len(mine),
            hovertemplate=c.name + " — %{x}: %{y:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<extra></extra>",
        ))
    periods = df.drop_duplicates("period_start").sort_values("period_start")
    order = common.period_x(periods)
    return common.whole(lines, dict(yaxis=common.value_axis(m),
                                    **common.period_layout(order)), height=360)
