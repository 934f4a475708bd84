"""Figure builders of the "Chương trình phối hợp" page: indicators' progress per party, the parties' statuses side
by side, the review conferences on a time line, and metrics' progress to their targets.

(result frame, options) -> Plotly figure; no SQL, no Streamlit. A % achieved is drawn only where it is defined:
an unknown actual or a zero target gets no bar and says so in words, never a bar at 0.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from queries import catalogue, progress
from ui import format as fmt
from ui import theme
from ui.messages import t

PARTY_COLORS = [theme.PRIMARY, "#1565C0", "#2E7D32", "#6A1B9A"]
STATUS_COLORS = {
    progress.EXCEEDED: "#1B5E20", progress.MET: "#66BB6A", progress.ON_PACE: "#43A047",
    progress.BEHIND: "#EF6C00", progress.MISSED: "#C62828", progress.RUNNING: "#90A4AE", progress.PARTIAL: "#A1887F",
    progress.UNKNOWN: "#BDBDBD", progress.NO_TARGET: "#E0E0E0", progress.ZERO_TARGET: "#E0E0E0",
    progress.NOT_STARTED: "#CFD8DC",
}
CAP = 150          # bars stop at 150 %: the text beside them gives the real figure
PLANNED_COLOR = "#1565C0"


def status_text(status: str | None, lang: str = "vi") -> str:
    return t(f"target.status.{status}", lang) if status else fmt.DASH


def _wrap(text: str, width: int = 38) -> str:
    """A stored name (an indicator's, a task's) on lines of ``width``, shown as typed (``theme.as_text``)."""
    return "<br>".join(theme.as_text(line) for line in textwrap.wrap(str(text), width)) or theme.as_text(text)


def _share_text(share, status: str, lang: str) -> str:
    if share is None or pd.isna(share):
        return status_text(status, lang)
    return f"{fmt.percent(share, 1)} · {status_text(status, lang).lower()}"


def indicator_progress(rows: pd.DataFrame, party_names: dict[int, str], lang: str = "vi",
                       label: str = "name", title: str | None = None) -> go.Figure:
    """% achieved of each indicator (rows, in order) per party: one bar colour per party, the 100 % line, the real
    % and the status beside each bar; an indicator without a % shows its status in words instead of a bar.
    ``title``: the task's text over the chart (on a slide the slide title says only "Nhiệm vụ 4")."""
    order = list(dict.fromkeys(rows["indicator_id"]))
    labels = {i: _wrap(n) for i, n in zip(rows["indicator_id"], rows[label])}      # stored names: as typed
    fig = go.Figure()
    parties = list(party_names)
    # a horizontal group draws its first trace at the bottom: add the parties last to first so the first party is on
    # top of each group, and list the legend the other way round so it reads in party order
    for k, party in reversed(list(enumerate(parties))):
        mine = rows[rows["party"] == party].set_index("indicator_id").reindex(order)
        share = mine["share"].astype("float64")
        fig.add_bar(
            y=[labels[i] for i in order][::-1], x=(np.minimum(share * 100, CAP)).tolist()[::-1], orientation="h",
            name=party_names[party], marker_color=PARTY_COLORS[k % len(PARTY_COLORS)],
            text=[_share_text(s, st, lang) for s, st in zip(share, mine["status"])][::-1],
            textposition="outside", cliponaxis=False, textfont=dict(size=12, color="#212121"),
            hovertemplate="%{y}<br>" + party_names[party] + ": %{text}<extra></extra>")
    fig.add_vline(x=100, line=dict(color="#424242", dash="dash", width=1.5))
    fig.update_layout(barmode="group", bargap=0.3, bargroupgap=0.05, legend=dict(traceorder="reversed"))
    fig.update_xaxes(range=[0, CAP * 1.45], ticksuffix="%", tickvals=[0, 50, 100, 150], tickformat=",~r")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=[labels[i] for i in order][::-1])
    height = max(260, 36 * len(order) * max(1, len(parties)) + 90)
    if title:
        text = _wrap(title, 95)
        lines = text.count("<br>") + 1
        fig.update_layout(title=dict(text=text, font=dict(size=15), x=0, xanchor="left"), margin=dict(t=30 + 22 * lines))
        height += 22 * lines
    return theme.apply(fig, height=height)


def task_comparison(rows: pd.DataFrame, party_names: dict[int, str], lang: str = "vi") -> go.Figure:
    """Per task, the share of each party's indicators that met or exceeded their target (on pace, in a running year),
    "2/3 chỉ số" on each bar — the parties side by side at a glance. Only indicators that can be judged count (met,
    exceeded, missed, on or behind pace): one not reported, without a target or short of reports is no 0 %; a task
    with none of those has no bar and says why."""
    tasks = list(dict.fromkeys(int(s) for s in rows["seq"]))
    labels = [t("programmes.task_short", lang, seq=s) for s in tasks]
    fig = go.Figure()
    for k, party in enumerate(party_names):
        mine = rows[rows["party"] == party]
        shares, texts = [], []
        for s in tasks:
            part = mine[mine["seq"] == s]
            judged = part[part["status"].isin(progress.GOOD + progress.BAD)]
            met = int(judged["status"].isin(progress.GOOD).sum())
            shares.append(100 * met / len(judged) if len(judged) else None)
            if len(judged):
                texts.append(t("programmes.met_count", lang, met=met, n=len(judged)))
            elif (part["status"] == progress.UNKNOWN).any():
                texts.append(status_text(progress.UNKNOWN, lang))
            else:
                texts.append(fmt.DASH)
        fig.add_bar(x=labels, y=shares, name=party_names[party], marker_color=PARTY_COLORS[k % len(PARTY_COLORS)],
                    text=texts, textposition="outside", cliponaxis=False, textfont=dict(size=12, color="#212121"),
                    hovertemplate="%{x} — " + party_names[party] + ": %{text}<extra></extra>")
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_yaxes(range=[0, 118], ticksuffix="%", tickvals=[0, 25, 50, 75, 100], tickformat=",~r",
                     title_text=t("programmes.met_share", lang))
    fig.update_xaxes(type="category")
    return theme.apply(fig, height=360)


def status_bars(counts: pd.DataFrame, party_names: dict[int, str], lang: str = "vi") -> go.Figure:
    """How many indicators each party exceeded, met, missed… (one stacked bar per party)."""
    fig = go.Figure()
    names = [party_names.get(p, str(p)) for p in counts.index][::-1]
    for status in progress.STATUSES:
        if status not in counts or not counts[status].any():
            continue
        values = counts[status].tolist()[::-1]
        fig.add_bar(y=names, x=values, orientation="h", name=status_text(status, lang),
                    marker_color=STATUS_COLORS[status], text=[str(v) if v else "" for v in values],
                    textposition="inside", insidetextanchor="middle",
                    hovertemplate="%{y}: %{x} " + t("programmes.indicators_unit", lang) + "<extra>"
                                  + status_text(status, lang) + "</extra>")
    fig.update_layout(barmode="stack", bargap=0.35, legend=dict(traceorder="normal"))
    fig.update_xaxes(tickformat=",d", dtick=2)
    fig.update_yaxes(type="category")
    return theme.apply(fig, height=max(220, 70 * len(names) + 110))


def conference_timeline(confs: pd.DataFrame, today: dt.date, lang: str = "vi") -> go.Figure:
    """The review conferences on a time line: held ones filled, planned ones open, each with its date and place."""
    fig = go.Figure()
    held = [d <= today for d in confs["held_on"]]
    for done, name, color, symbol in ((True, t("programmes.conf_held", lang), theme.PRIMARY, "circle"),
                                      (False, t("programmes.conf_planned", lang), PLANNED_COLOR, "circle-open")):
        part = confs[[h == done for h in held]]
        if part.empty:
            continue
        fig.add_scatter(
            x=pd.to_datetime(part["held_on"]), y=[0] * len(part), mode="markers+text", name=name,
            marker=dict(size=22, color=color, symbol=symbol, line=dict(width=3, color=color)),
            text=[f"{fmt.date(d)}<br>{theme.as_text(p)}" for d, p in zip(part["held_on"], part["place"])],
            textposition="top center", textfont=dict(size=14),
            customdata=[[y, theme.as_text(title) if isinstance(title, str) else ""]
                        for y, title in zip(part["year"], part["title"])],
            hovertemplate="%{customdata[1]}<br>" + t("programmes.conf_year", lang) + " %{customdata[0]}<extra></extra>")
    if len(confs):
        lo, hi = min(confs["held_on"]), max(max(confs["held_on"]), today)
        pad = dt.timedelta(days=max(45, (hi - lo).days // 6))
        fig.add_vline(x=pd.Timestamp(today).value / 1e6, line=dict(color="#757575", dash="dot", width=1.5))
        fig.update_xaxes(range=[pd.Timestamp(lo - pad), pd.Timestamp(hi + pad)], type="date", tickformat="%m/%Y",
                         tickangle=0, nticks=6)
    fig.update_yaxes(visible=False, range=[-0.6, 1.4])
    fig.update_layout(showlegend=True)
    return theme.apply(fig, height=230)


def target_progress(rows: pd.DataFrame, lang: str = "vi") -> go.Figure:
    """Metrics' progress to their targets (``ui.programmes_data.target_rows`` with a target that applies): the
    share achieved, coloured by status, and — for a year still running — the share expected by now as a mark."""
    d = rows[rows["share"].notna()].iloc[::-1]
    labels = [catalogue.get(k).label(lang) for k in d["metric"]]
    fig = go.Figure()
    fig.add_bar(y=labels, x=(np.minimum(d["share"] * 100, CAP)).tolist(), orientation="h",
                marker_color=[STATUS_COLORS.get(s, theme.MUTED) for s in d["status"]],
                text=[_share_text(s, st, lang) for s, st in zip(d["share"], d["status"])], textposition="outside",
                cliponaxis=False, textfont=dict(size=12, color="#212121"), name=t("chart.current", lang),
                hovertemplate="%{y}: %{text}<extra></extra>", showlegend=False)
    if d["expected_share"].notna().any():
        fig.add_scatter(y=labels, x=(d["expected_share"] * 100).tolist(), mode="markers",
                        name=t("target.expected_mark", lang),
                        marker=dict(symbol="line-ns", size=26, line=dict(width=3, color="#212121")),
                        hovertemplate="%{y}: " + t("target.expected_mark", lang) + " %{x:,.1f}%<extra></extra>")
    fig.add_vline(x=100, line=dict(color="#424242", dash="dash", width=1.5))
    fig.update_xaxes(range=[0, CAP * 1.45], ticksuffix="%", tickvals=[0, 50, 100, 150], tickformat=",~r")
    fig.update_yaxes(type="category")
    return theme.apply(fig, height=max(220, 44 * len(d) + 90))
