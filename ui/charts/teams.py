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


def _period_axis(fig: go.Figure, labels: list[str], most: int = 8) -> None:
    """Period ticks on two lines ('QIII<br>2024') so they stay horizontal in a half-width chart or on a
    phone; with many periods only every n-th is labelled."""
    step = max(1, -(-len(labels) // most))
    shown = labels[::step]
    fig.update_xaxes(type="category", tickmode="array", tickvals=shown,
                     ticktext=[s.replace("/", "<br>", 1) for s in shown], tickangle=0)
    fig.update_layout(legend=dict(y=-0.3))    # below the two-line ticks, not over them


def ranking(df: pd.DataFrame, highlight: set[str] | None = None, lang: str = "vi") -> go.Figure:
    """Units by members per team, best first; the hover shows the two parts the ratio was divided from.
    customdata[0] is the unit code (the drill value)."""
    m = catalogue.get("members_per_team")
    d = df.dropna(subset=["members_per_team"]).sort_values(["members_per_team", "unit_name"],
                                                           ascending=[False, True])
    d = d.iloc[::-1]
    highlight = highlight or set()
    colors = ([theme.HIGHLIGHT if c in highlight else theme.MUTED for c in d["unit_code"]] if highlight
              else [theme.PRIMARY] * len(d))
    parts = [t("teams.ranking_hover", lang, members=fmt.number(mem), teams=fmt.number(n))
             for mem, n in zip(d["members"], d["teams"])]
    fig = go.Figure(go.Bar(
        x=d["members_per_team"], y=d["unit_name"], orientation="h", marker_color=colors,
        customdata=list(zip(d["unit_code"], parts)),
        text=[fmt.value(v, m.fmt) for v in d["members_per_team"]], textposition="inside",
        insidetextanchor="end", textfont=dict(size=12, color="white"),
        hovertemplate="%{y}: %{x:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<br>%{customdata[1]}<extra></extra>",
    ))
    fig.update_xaxes(tickformat=",~r", rangemode="tozero")
    fig.update_yaxes(type="category")
    return theme.apply(fig, height=max(260, 24 * len(d) + 60))


def flows(df: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """New (teams_new) and disbanded (teams_closed) teams per period, side by side; both flows."""
    x = _x(df)
    pattern = ["/" if i else "" for i in df["incomplete"]]
    fig = go.Figure()
    for key, color in (("teams_new", NEW_COLOR), ("teams_closed", CLOSED_COLOR)):
        m = catalogue.get(key)
        fig.add_bar(x=x, y=df[key], name=m.label(lang), marker_color=color, marker_pattern_shape=pattern,
                    hovertemplate="%{x}: %{y:" + theme.D3[m.fmt] + "} " + m.unit(lang)
                    + f"<extra>{m.label(lang)}</extra>")
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_yaxes(tickformat=",~r", rangemode="tozero")
    _period_axis(fig, x)
    return theme.apply(fig, height=360)


def trend(df: pd.DataFrame, metric_key: str, compare: str, lang: str = "vi") -> go.Figure:
    """The common trend (comparison overlaid, incomplete periods marked), with period labels that turn
    on two lines: quarter labels side by side do not fit a half-width chart or a phone."""
    fig = common.trend(df, metric_key, compare, lang)
    _period_axis(fig, _x(df))
    return fig


def unit_trend(df: pd.DataFrame, metric_key: str, lang: str = "vi") -> go.Figure:
    """One line per unit over the periods (``df``: a series by unit with unit labels);
    an incomplete period is marked '*' and drawn with an open marker."""
    m = catalogue.get(metric_key)
    fig = go.Figure()
    for i, (name, part) in enumerate(df.groupby("unit_name", sort=True)):
        part = part.sort_values("period_start")
        fig.add_scatter(
            x=_x(part), y=part[metric_key], name=name, mode="lines+markers",
            line=dict(color=theme.COLORWAY[i % len(theme.COLORWAY)], width=3),
            marker=dict(size=[11 if inc else 7 for inc in part["incomplete"]],
                        symbol=["circle-open" if inc else "circle" for inc in part["incomplete"]]),
            customdata=part[["unit_code"]].to_numpy(),
            hovertemplate="%{x}: %{y:" + theme.D3[m.fmt] + "} " + m.unit(lang) + f"<extra>{name}</extra>")
    fig.update_yaxes(tickformat=theme.tickformat(m.fmt), rangemode="tozero")
    _period_axis(fig, _x(df.drop_duplicates("period_start").sort_values("period_start")))
    return theme.apply(fig, height=360)
