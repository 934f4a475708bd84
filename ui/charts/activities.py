"""Figure builders of the Activities page: activity types, source-level shares, month × platform heat map,
a trend with previous-period and same-period-last-year overlays.

Pure functions: (metric query result, options) -> Plotly figure, all through ``ui.theme``. Bar traces carry
the drill value (activity type, source level) in ``customdata[0]``. No SQL, no Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from queries import catalogue
from ui import format as fmt
from ui import theme
from ui.charts import common
from ui.messages import t

# One colour per source level, taken from the theme's colour way (Trung ương, tỉnh, cơ sở).
LEVEL_COLORS = {"trung_uong": theme.COLORWAY[0], "tinh": theme.COLORWAY[4], "co_so": theme.COLORWAY[2]}
YOY_COLOR = theme.COLORWAY[1]
ALL_ROW = "__all__"


def activity_types(df: pd.DataFrame, lang: str = "vi", cmp_name: str | None = None) -> go.Figure:
    """One panel per activity type (first type on top), each on its own axis: posts, link shares, comments,
    reports and videos are different measures and never share one axis. A panel holds the type's count
    and, when the page compares, the comparison period's count in grey below it, values written beside.

    ``df``: activity_type (key), label, value, unit, and ``cmp`` with a comparison, in the order to show.
    customdata[0] is the activity type (a click drills into it).
    """
    n = len(df)
    titles = [f"{lab} ({unit})" for lab, unit in zip(df["label"], df["unit"])]
    layout, suffixes = common.panels(max(n, 1), 0.5 / max(n, 1), titles)
    with_cmp = bool(cmp_name is not None and "cmp" in df and df["cmp"].notna().any())
    current = t("chart.current", lang)
    # given whole (common.whole, common.panels): built a panel at a time (make_subplots, add_bar(row=i),
    # update_xaxes(row=i)…) the figure took ~80 ms for eight panels
    bars = []
    for row, suffix in zip(df.itertuples(index=False), suffixes):
        names, values, colors = [current], [row.value], [theme.PRIMARY]
        if with_cmp:
            names, values, colors = [cmp_name, current], [row.cmp, row.value], [theme.COMPARISON, theme.PRIMARY]
        shown = [fmt.number_or_none(v) for v in values]
        bars.append(dict(
            type="bar", x=shown, y=names, orientation="h", marker=dict(color=colors), showlegend=False,
            text=[fmt.value(v, "int") for v in shown], customdata=[[row.activity_type, row.unit]] * len(names),
            hovertemplate=f"{row.label} — %{{y}}: %{{x:{theme.D3['int']}}} %{{customdata[1]}}<extra></extra>",
            xaxis="x" + suffix, yaxis="y" + suffix, **common.bar_labels(shown),
        ))
        top = max([v for v in shown if v is not None] or [0.0])
        layout[f"xaxis{suffix}"]["range"] = [0, top * common.BAR_ROOM if top > 0 else 1]
        layout[f"yaxis{suffix}"].update(type="category", showticklabels=with_cmp)
    for suffix in suffixes:
        layout[f"xaxis{suffix}"].update(showticklabels=False, showgrid=False)
    for note in layout.get("annotations", ()):
        note.update(font=dict(size=13), xanchor="left", x=0)
    layout.update(bargap=0.2, margin=dict(l=8, r=8, t=28, b=8))
    return common.whole(bars, layout, height=max(200, (78 if with_cmp else 58) * n + 40))


def source_share(df: pd.DataFrame, level_labels: dict[str, str], row_labels: dict[str, str],
                 lang: str = "vi") -> go.Figure:
    """100% stacked bars: the share of link shares from each source level, one bar per row.

    ``df``: row (``ALL_ROW`` or a platform key), source_level, value. ``row_labels`` gives the order of the
    rows (top first) and their labels; ``level_labels`` the order and labels of the levels shown.
    """
    d = df[df["source_level"].isin(list(level_labels)) & df["row"].isin(list(row_labels))].copy()
    d["value"] = d["value"].fillna(0).astype(float)
    totals = d.groupby("row")["value"].sum()
    rows = [r for r in row_labels if totals.get(r, 0) > 0]
    bars = []
    y_order = [common.wrap(row_labels[r]) for r in rows][::-1]
    for level, level_label in level_labels.items():
        part = d[d["source_level"] == level].set_index("row")
        values = [float(part["value"].get(r, 0.0)) for r in rows][::-1]
        row_keys = rows[::-1]
        shares = [v / totals[r] for v, r in zip(values, row_keys)]
        hover = [t("activities.hover.share", lang, level=level_label, value=fmt.value(v, "int"),
                   pct=fmt.percent(s, 1)) for v, s in zip(values, shares)]
        bars.append(dict(
            type="bar", x=shares, y=y_order, orientation="h", name=level_label,
            marker=dict(color=LEVEL_COLORS.get(level, theme.MUTED)),
            customdata=[[level, h] for h in hover],
            text=[fmt.percent(s, 1) if s >= 0.07 else "" for s in shares],
            textposition="inside", insidetextanchor="middle", textangle=0, textfont=dict(color="white"),
            hovertemplate="%{y}<br>%{customdata[1]}<extra></extra>",
        ))
    return common.whole(bars, dict(
        barmode="stack", bargap=0.3, legend=dict(traceorder="normal"),
        xaxis=dict(range=[0, 1], tickformat=".0%", showgrid=True, gridcolor="#EEEEEE"),
        yaxis=dict(type="category", categoryorder="array", categoryarray=y_order)),
        height=max(220, 40 * len(rows) + 110))


def heatmap(df: pd.DataFrame, metric_key: str, platform_labels: dict[str, str], lang: str = "vi") -> go.Figure:
    """Month × platform: one row per platform (fixed order), one column per month, coloured by the metric.

    ``df``: a monthly ``series`` by platform (period_start, period_short, incomplete, platform, metric).
    Months with incomplete figures are marked '*'.
    """
    m = catalogue.get(metric_key)
    order = [p for p in theme.PLATFORM_ORDER if p in set(df["platform"])]
    months = (df[["period_start", "period_short", "incomplete"]].drop_duplicates("period_start")
              .sort_values("period_start"))
    x = common.period_x(months)
    # one row per (platform, month) in a series; pivot keeps an unknown value unknown (a sum would make it 0)
    grid = df.pivot(index="platform", columns="period_start", values=metric_key).reindex(
        index=order, columns=list(months["period_start"]))
    z = [[float(v) if fmt.defined(v) else None for v in grid.loc[p]] for p in order]
    y = [common.wrap(platform_labels.get(p, p)) for p in order]
    hover = [[f"{yy.replace('<br>', ' ')} · {xx}: " + (f"{fmt.value(v, m.fmt)} {m.unit(lang)}" if v is not None
                                   else t("map.no_value", lang)) for xx, v in zip(x, row)]
             for yy, row in zip(y, z)]
    return common.whole([dict(
        type="heatmap", z=z, x=x, y=y, customdata=hover, colorscale=theme.SEQUENTIAL, xgap=2, ygap=2,
        hoverongaps=False, hovertemplate="%{customdata}<extra></extra>",
        # a horizontal scale above the grid: beside it, it would take a fifth of a phone's width
        colorbar=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", len=1.0, thickness=10,
                      tickformat=",~r", outlinewidth=0, ypad=4),
    )], dict(xaxis=dict(showgrid=False, **(common.period_xaxis(x) if x else {})),
             yaxis=dict(type="category", autorange="reversed", showgrid=False), margin=dict(t=56)),
        height=max(260, 40 * len(order) + 130))


def trend_overlays(df: pd.DataFrame, metric_key: str, overlays: tuple[str, ...], lang: str = "vi") -> go.Figure:
    """Bars of the metric per period; lines of the previous period and/or the same period last year.

    ``df``: a ``series`` frame with ``metric``, and for each overlay ``o`` in ('prev', 'yoy') the columns
    ``{metric}_{o}`` (the builder's ``_cmp`` values under that comparison) and ``cmp_label_{o}``.
    Incomplete periods are hatched and marked '*'.
    """
    m = catalogue.get(metric_key)
    x = common.period_x(df)
    unit = m.unit(lang)
    current = t("chart.current", lang)
    traces = [dict(type="bar", x=x, y=df[metric_key], name=current,
                   marker=dict(color=theme.PRIMARY, pattern=dict(shape=["/" if i else "" for i in df["incomplete"]])),
                   hovertemplate=f"%{{x}}: %{{y:{theme.D3[m.fmt]}}} {unit}<extra>{current}</extra>")]
    styles = {"prev": dict(color=theme.COMPARISON, dash="dash"), "yoy": dict(color=YOY_COLOR, dash="dot")}
    for o in overlays:
        name = t(f"chart.comparison_{o}", lang)
        labels = df.get(f"cmp_label_{o}", pd.Series([""] * len(df)))
        traces.append(dict(
            type="scatter", x=x, y=df[f"{metric_key}_{o}"], name=name, mode="lines+markers",
            line=dict(width=2.5, **styles[o]), marker=dict(size=7, color=styles[o]["color"]),
            customdata=[[lab or ""] for lab in labels],
            hovertemplate=f"%{{customdata[0]}}: %{{y:{theme.D3[m.fmt]}}} {unit}<extra>{name}</extra>"))
    return common.whole(traces, dict(bargap=0.3, hovermode="x unified",
                                     yaxis=dict(tickformat=",~r", rangemode="tozero"), **common.period_layout(x)),
                        height=360)
