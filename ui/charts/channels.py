"""Figure builders of the channels page: platform and unit breakdowns over time, openings and closings,
a ratio per platform. Pure functions (metric query result, options) -> figure; no SQL, no Streamlit.

Bar and scatter traces carry the drill value (platform key or unit code) in customdata[0], so a click
on them can narrow the page (``ui.drill``).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from queries import catalogue
from ui import format as fmt
from ui import theme
from ui.charts import common
from ui.messages import t

NEW_COLOR = "#2E7D32"
GROWTH_TEXT_PX = 128         # the column of written changes at the right edge of the growth chart
CLOSED_COLOR = "#757575"


def period_axis(df: pd.DataFrame) -> list[str]:
    """Period labels in order, an incomplete period marked with '*'."""
    d = df[["period_start", "period_short", "incomplete"]].drop_duplicates().sort_values("period_start")
    return common.period_x(d)


def _x(df: pd.DataFrame) -> list[str]:
    return common.period_x(df)


def platform_trend(df: pd.DataFrame, metric_key: str, labels: dict[str, str], lang: str = "vi") -> go.Figure:
    """Stacked bars per period, one segment per platform in its fixed colour (a stock: each period's
    end value; the stack is the total over platforms). Incomplete periods hatched and marked '*'."""
    m = catalogue.get(metric_key)
    order = period_axis(df)
    present = [p for p in theme.PLATFORM_ORDER if p in set(df["platform"])]
    present += sorted(set(df["platform"].dropna()) - set(present))
    bars = []
    for key in present:
        d = df[df["platform"] == key].sort_values("period_start")
        if d[metric_key].fillna(0).eq(0).all():
            continue
        name = labels.get(key, key)
        bars.append(dict(
            type="bar", x=_x(d), y=d[metric_key], name=common.legend_name(key, labels, lang),
            marker=dict(color=theme.PLATFORM_COLORS.get(key, theme.MUTED),
                        pattern=dict(shape=["/" if i else "" for i in d["incomplete"]])),
            customdata=[[key]] * len(d),
            hovertemplate="%{x} — " + name + ": %{y:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<extra></extra>",
        ))
    return common.whole(bars, dict(barmode="stack", bargap=0.25, yaxis=common.value_axis(m), **common.period_layout(order)),
                        height=380)


def unit_trend(df: pd.DataFrame, metric_key: str, lang: str = "vi", top: int = 7) -> go.Figure:
    """One line per unit (the ``top`` units by their last-period value; the rest summed as one grey line,
    which a stock allows: it is a sum over entities). ``df`` needs unit_code and unit_name."""
    m = catalogue.get(metric_key)
    order = period_axis(df)
    last = df[df["period_start"] == df["period_start"].max()].set_index("unit_code")[metric_key].fillna(0)
    ranked = list(last.sort_values(ascending=False, kind="stable").index)
    keep, rest = ranked[:top], ranked[top:]
    lines = []
    for i, code in enumerate(keep):
        d = df[df["unit_code"] == code].sort_values("period_start")
        name = d["unit_name"].iloc[0]
        lines.append(dict(
            type="scatter", x=_x(d), y=d[metric_key], name=name, mode="lines+markers",
            line=dict(color=theme.COLORWAY[i % len(theme.COLORWAY)], width=2.5),
            marker=dict(size=[10 if inc else 6 for inc in d["incomplete"]],
                        symbol=["circle-open" if inc else "circle" for inc in d["incomplete"]]),
            customdata=[[code]] * len(d),
            hovertemplate="%{x} — " + name + ": %{y:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<extra></extra>",
        ))
    if rest:
        d = (df[df["unit_code"].isin(rest)].groupby(["period_start", "period_short", "incomplete"], as_index=False)
             [metric_key].sum(min_count=1).sort_values("period_start"))
        name = t("channels.other_units", lang)
        lines.append(dict(
            type="scatter", x=_x(d), y=d[metric_key], name=name, mode="lines",
            line=dict(color=theme.MUTED, width=2, dash="dot"),
            hovertemplate="%{x} — " + name + ": %{y:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<extra></extra>",
        ))
    return common.whole(lines, dict(yaxis=common.value_axis(m), **common.period_layout(order)), height=380)


def opened_closed(df: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """New and closed channels per period side by side (flows: counted in the month of the date)."""
    d = df.sort_values("period_start")
    x = _x(d)
    bars = []
    for key, color in (("channels_new", NEW_COLOR), ("channels_closed", CLOSED_COLOR)):
        m = catalogue.get(key)
        bars.append(dict(
            type="bar", x=x, y=d[key], name=m.label(lang),
            marker=dict(color=color, pattern=dict(shape=["/" if i else "" for i in d["incomplete"]])),
            hovertemplate="%{x} — " + m.label(lang) + ": %{y:,.0f} " + m.unit(lang) + "<extra></extra>",
        ))
    return common.whole(bars, dict(barmode="group", bargap=0.25, yaxis=dict(tickformat=",~r", rangemode="tozero"),
                                   **common.period_layout(x)), height=340)


def platform_values(df: pd.DataFrame, metric_key: str, labels: dict[str, str], lang: str = "vi") -> go.Figure:
    """One horizontal bar per platform in its fixed colour with the value written on it (for ratios,
    where a share of the total means nothing)."""
    m = catalogue.get(metric_key)
    rank = {k: i for i, k in enumerate(theme.PLATFORM_ORDER)}
    d = df.dropna(subset=[metric_key]).copy()
    d["order"] = d["platform"].map(rank)
    d = d.sort_values("order", ascending=False)   # first platform on top
    xaxis = common.value_axis(m)
    if len(d):
        xaxis["range"] = [0, float(d[metric_key].max()) * common.BAR_ROOM]
    return common.whole([dict(
        type="bar", y=[common.wrap(labels.get(k, k)) for k in d["platform"]], x=d[metric_key], orientation="h",
        marker=dict(color=[theme.PLATFORM_COLORS.get(k, theme.MUTED) for k in d["platform"]]),
        text=[fmt.value(v, m.fmt) for v in d[metric_key]],
        customdata=d[["platform"]].to_numpy(),
        hovertemplate="%{y}: %{x:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<extra></extra>",
        **common.bar_labels(d[metric_key].tolist()),
    )], dict(yaxis=dict(type="category"), xaxis=xaxis), height=max(220, 44 * len(d) + 60))


def platform_growth(df: pd.DataFrame, metric_key: str, labels: dict[str, str], lang: str = "vi") -> go.Figure:
    """Which platform grew fastest: one horizontal bar per platform of the % change between two dates, the
    fastest on top, each in its platform's colour; the change is written in a column at the right edge
    ("+12 (+30,00%)"; a platform that started from 0 has no % change: "+52 (mới)", on top without a bar),
    so no label runs past the chart's edge on a phone or sits on a bar of another sign.

    ``df``: platform, start, end, delta, pct (``views.channels`` computes them for a stock metric).
    customdata[0] is the platform key (a click drills into it)."""
    m = catalogue.get(metric_key)
    d = df.copy()
    # a platform that started from 0 grew without measure: on top
    d["rank"] = d["pct"].where(d["pct"].notna(), d["delta"].map(lambda x: float("inf") if x and x > 0
                                                                else -float("inf")))
    d = d.sort_values(["rank", "delta"], ascending=[True, True], kind="stable")   # last drawn = top
    new = t("channels.growth_new", lang)
    text = [fmt.delta(dl, pc, m.fmt) if fmt.defined(pc) else f"{fmt.number(dl, signed=True)} ({new})"
            for dl, pc in zip(d["delta"], d["pct"])]
    hover = [t("channels.growth_hover", lang, platform=labels.get(k, k), start=fmt.value(a, m.fmt),
               end=fmt.value(b, m.fmt), unit=m.unit(lang), change=tx) for k, a, b, tx in
             zip(d["platform"], d["start"], d["end"], text)]
    names = [common.wrap(labels.get(k, k)) for k in d["platform"]]
    pcts = [float(p) for p in d["pct"] if fmt.defined(p)]
    lo, hi = min(pcts + [0.0]), max(pcts + [0.0])
    pad = ((hi - lo) or 1.0) * 0.04
    # given whole (an add_annotation per platform went through Plotly's update machinery each time)
    return common.whole([dict(
        type="bar", y=names, x=d["pct"].fillna(0.0), orientation="h",
        marker=dict(color=[theme.PLATFORM_COLORS.get(k, theme.MUTED) for k in d["platform"]]),
        customdata=[[k, h] for k, h in zip(d["platform"], hover)], hovertemplate="%{customdata[1]}<extra></extra>",
    )], dict(
        annotations=[dict(x=1, xref="paper", xanchor="left", xshift=8, y=name, yref="y", text=words,
                          showarrow=False, align="left", font=dict(size=13)) for name, words in zip(names, text)],
        xaxis=dict(range=[lo - pad, hi + pad], tickformat=".0%", zeroline=True, zerolinecolor="#9E9E9E", nticks=4,
                   title=dict(text=t("channels.growth_axis", lang), font=dict(size=12, color="#616161"))),
        yaxis=dict(type="category", categoryorder="array", categoryarray=names),
        margin=dict(r=GROWTH_TEXT_PX)), height=max(220, 44 * len(d) + 80))
