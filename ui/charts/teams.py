"""Figure builders of the Lực lượng page: units ranked by members per team, new and disbanded teams per
period, one line per unit. (result frame, options) -> Plotly figure; no SQL, no Streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from queries import catalogue
from ui import format as fmt
from ui import theme
from ui.charts import common
from ui.messages import t

NEW_COLOR = "#2E7D32"        # teams founded
CLOSED_COLOR = "#757575"     # teams disbanded


def _x(df: pd.DataFrame) -> list[str]:
    return common.period_x(df)


def ranking(df: pd.DataFrame, highlight: set[str] | None = None, lang: str = "vi") -> go.Figure:
    """Units by members per team as a dot plot, best first. The values lie close together (32–36 in the
    sample): bars from 0 all looked the same length, so the axis spans the values' own range and its title
    says it does not start at 0. The hover shows the two parts the ratio was divided from; customdata[0] is
    the unit code (the drill value)."""
    m = catalogue.get("members_per_team")
    d = df.dropna(subset=["members_per_team"]).sort_values(["members_per_team", "unit_name"],
                                                           ascending=[False, True])
    d = d.iloc[::-1]
    highlight = highlight or set()
    colors = ([theme.HIGHLIGHT if c in highlight else theme.MUTED for c in d["unit_code"]] if highlight
              else [theme.PRIMARY] * len(d))
    parts = [t("teams.ranking_hover", lang, members=fmt.number(mem), teams=fmt.number(n))
             for mem, n in zip(d["members"], d["teams"])]
    xaxis = dict(tickformat=",~r", showgrid=True, gridcolor="#EEEEEE", zeroline=False,
                 title=dict(text=t("teams.ranking_axis", lang), font=dict(size=12, color="#616161")))
    if len(d):
        lo, hi = float(d["members_per_team"].min()), float(d["members_per_team"].max())
        pad = max((hi - lo) * 0.08, 0.5)
        # room on the right for the value written beside the highest dot
        xaxis["range"] = [lo - pad, hi + 1.6 * pad]
    return common.whole([dict(
        type="scatter", x=d["members_per_team"], y=d["unit_name"], mode="markers+text", cliponaxis=False,
        marker=dict(color=colors, size=[14 if c in highlight else 11 for c in d["unit_code"]]),
        customdata=list(zip(d["unit_code"], parts)),
        text=[fmt.value(v, m.fmt) for v in d["members_per_team"]], textposition="middle right",
        textfont=dict(size=12, color="#424242"),
        hovertemplate="%{y}: %{x:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<br>%{customdata[1]}<extra></extra>",
    )], dict(xaxis=xaxis, yaxis=dict(type="category", showgrid=True, gridcolor="#F5F5F5")),
        height=max(260, 24 * len(d) + 80))


def flows(df: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """New (teams_new) and disbanded (teams_closed) teams per period, side by side; both flows."""
    x = _x(df)
    pattern = ["/" if i else "" for i in df["incomplete"]]
    bars = []
    for key, color in (("teams_new", NEW_COLOR), ("teams_closed", CLOSED_COLOR)):
        m = catalogue.get(key)
        bars.append(dict(type="bar", x=x, y=df[key], name=m.label(lang),
                         marker=dict(color=color, pattern=dict(shape=pattern)),
                         hovertemplate="%{x}: %{y:" + theme.D3[m.fmt] + "} " + m.unit(lang)
                         + f"<extra>{m.label(lang)}</extra>"))
    return common.whole(bars, dict(barmode="group", bargap=0.25, yaxis=dict(tickformat=",~r", rangemode="tozero"),
                                   **common.period_layout(x)), height=360)


def trend(df: pd.DataFrame, metric_key: str, compare: str, lang: str = "vi") -> go.Figure:
    """The common trend (comparison overlaid, incomplete periods marked), with period labels that turn
    on two lines: quarter labels side by side do not fit a half-width chart or a phone."""
    return common.trend(df, metric_key, compare, lang)


def unit_trend(df: pd.DataFrame, metric_key: str, lang: str = "vi") -> go.Figure:
    """One line per unit over the periods (``df``: a series by unit with unit labels);
    an incomplete period is marked '*' and drawn with an open marker."""
    m = catalogue.get(metric_key)
    lines = []
    for i, (name, part) in enumerate(df.groupby("unit_name", sort=True)):
        part = part.sort_values("period_start")
        lines.append(dict(
            type="scatter", x=_x(part), y=part[metric_key], name=name, mode="lines+markers",
            line=dict(color=theme.COLORWAY[i % len(theme.COLORWAY)], width=3),
            marker=dict(size=[11 if inc else 7 for inc in part["incomplete"]],
                        symbol=["circle-open" if inc else "circle" for inc in part["incomplete"]]),
            customdata=part[["unit_code"]].to_numpy(),
            hovertemplate="%{x}: %{y:" + theme.D3[m.fmt] + "} " + m.unit(lang) + f"<extra>{name}</extra>"))
    order = _x(df.drop_duplicates("period_start").sort_values("period_start"))
    return common.whole(lines, dict(yaxis=common.value_axis(m),
                                    **common.period_layout(order)), height=360)
