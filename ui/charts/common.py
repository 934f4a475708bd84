"""Figure builders: (metric query result, options) -> Plotly figure (and a KPI card's sparkline, as SVG).

The same function draws a chart on a page, a slide or an exported file. No SQL, no Streamlit.
"""

from __future__ import annotations

import functools
import json
import math
import re

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from queries import catalogue
from ui import format as fmt
from ui import theme
from ui.messages import MESSAGES, t
from ui.text import period_mark

# Value labels of horizontal bars: inside a bar long enough to hold them (white), beside a short one (dark),
# never turned: beside the longest bar they ran past the chart's edge ("10.825 (42,4%"), and Plotly's
# automatic angle stood them on end inside short bars. BAR_ROOM keeps room for a label beside a short bar.
BAR_LABELS = dict(textposition="auto", textangle=0, cliponaxis=False, constraintext="none",
                  insidetextanchor="end", insidetextfont=dict(color="white"),
                  outsidetextfont=dict(color="#212121"))
BAR_ROOM = 1.15
# A bar shorter than this share of the longest has its label beside it whatever Plotly measures: on a phone's
# 230-pixel plot "3.391" was judged to fit inside a 36-pixel bar and ran over the unit's name.
SHORT_BAR = 0.3


def bar_labels(values, top: float | None = None) -> dict:
    """``BAR_LABELS`` with each bar's label position: beside a short bar (``SHORT_BAR`` of ``top``, by default the
    longest of ``values``), else Plotly's choice."""
    if top is None:
        known = [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
        top = max((abs(v) for v in known), default=0.0)
    positions = ["outside" if v is not None and not (isinstance(v, float) and math.isnan(v))
                 and abs(float(v)) < SHORT_BAR * top else "auto" for v in values]
    return {**BAR_LABELS, "textposition": positions}


def legend_name(platform: str, labels: dict[str, str], lang: str = "vi") -> str:
    """A platform's short name for a legend ("Fanpage"); its full name where none is declared."""
    key = f"platform.short.{platform}"
    return t(key, lang) if key in MESSAGES else labels.get(platform, platform)


TARGET_COLOR = "#2E7D32"       # a target line (chỉ tiêu), dashed


SPARK_W, SPARK_H, SPARK_PAD = 240, 40, 4


def sparkline(values) -> str | None:
    """A KPI card's month-by-month line as SVG markup, drawn here from numbers only: a gap where a month is unknown
    (never a 0), a dot on the last known month. None when fewer than two months are known.

    Drawn as an image rather than Streamlit's own metric chart: that one is a Vega view, whose ~0,8 MB of scripts
    load after the Plotly charts and whose eight views took ~0,24 s of every new tab's drawing (bench/README.md,
    twelfth pass)."""
    vals = [None if v is None or pd.isna(v) else float(v) for v in values]
    known = [v for v in vals if v is not None]
    if len(known) < 2:
        return None
    lo, hi = min(known), max(known)
    step = (SPARK_W - 2 * SPARK_PAD) / (len(vals) - 1)

    def point(i: int, v: float) -> tuple[float, float]:
        y = SPARK_H / 2 if hi == lo else SPARK_PAD + (hi - v) / (hi - lo) * (SPARK_H - 2 * SPARK_PAD)
        return SPARK_PAD + i * step, y

    runs, run = [], []
    for i, v in enumerate(vals):
        if v is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(point(i, v))
    if run:
        runs.append(run)
    marks = []
    for r in runs:
        if len(r) == 1:                 # a known month between two unknown ones
            marks.append(f'<circle cx="{r[0][0]:.1f}" cy="{r[0][1]:.1f}" r="2" fill="{theme.SPARK}"/>')
        else:
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in r)
            # the line keeps its 2 px however wide the card draws the image
            marks.append(f'<polyline points="{pts}" fill="none" stroke="{theme.SPARK}" stroke-width="2" '
                         'vector-effect="non-scaling-stroke" stroke-linejoin="round" stroke-linecap="round"/>')
    x, y = runs[-1][-1]                 # the last known month
    marks.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{theme.SPARK}"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{SPARK_W}" height="{SPARK_H}" '
            f'viewBox="0 0 {SPARK_W} {SPARK_H}">{"".join(marks)}</svg>')


def period_x(df: pd.DataFrame) -> list[str]:
    """The one rule for period labels on an axis: the short label, an incomplete period marked '*'."""
    return [period_mark(s, bool(inc)) for s, inc in zip(df["period_short"], df["incomplete"])]


# Room for period labels along an axis, in characters: a phone's chart (about 300 px, axis labels 11 px) and
# a half-width chart on a laptop (about 420 px at 14 px) both take about this many side by side.
AXIS_CHARS = 50


def wrap(label: str, width: int = 18) -> str:
    """A long label on two lines (at the space nearest its middle), so it takes half the width; shown as typed
    (``theme.as_text``: a stored name's own tags are text)."""
    if len(label) <= width or " " not in label:
        return theme.as_text(label)
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return theme.as_text(label[:cut]) + "<br>" + theme.as_text(label[cut + 1:])


def whole(traces: list[dict], layout: dict, height: int | None = None) -> go.Figure:
    """A figure given to Plotly whole, in one call, through the theme: traces and layout as dicts. Built up a call
    at a time instead (add_bar, update_yaxes, add_annotation…), each call goes through Plotly's update machinery:
    ~2–5 ms apiece, ~23 ms for a small bar chart, ~80 ms for eight panels, against ~3 ms given whole."""
    return theme.apply(go.Figure(data=traces, layout={"template": theme.TEMPLATE, **layout}), height=height)


_QUARTER = re.compile(r"^(Quý [IV]+)/(\d{4}.*)$")


def period_xaxis(order: list[str], most: int = 6) -> dict:
    """The one period axis of every chart: categories in ``order``, horizontal labels, as many as fit a
    phone's width (``AXIS_CHARS``) and at most ``most``, counted back from the last period (often the
    incomplete one, marked '*', so it is always named); a long name ("6 tháng đầu năm 2024") on two lines.
    The axis's settings, for a figure given whole (``whole``)."""
    texts = [wrap(x) for x in order]
    chars = max(len(line) for x in texts for line in x.split("<br>"))
    fit = max(2, min(most, AXIS_CHARS // (chars + 3)))
    if fit < len(order) and all(_QUARTER.match(x) for x in order):
        # "Quý III" over "2024": the four quarters of a year all named on a half-width chart (three fit on one line)
        texts = ["<br>".join(theme.as_text(part) for part in _QUARTER.match(x).groups()) for x in order]
        chars = max(len(line) for x in texts for line in x.split("<br>"))
        fit = max(2, min(most, AXIS_CHARS // (chars + 3)))
    step = max(1, math.ceil(len(order) / fit))
    shown = list(range(len(order)))[::-1][::step][::-1]
    return dict(type="category", categoryorder="array", categoryarray=order, tickmode="array",
                tickvals=[order[i] for i in shown], ticktext=[texts[i] for i in shown], tickangle=0)


def period_layout(order: list[str], most: int = 6) -> dict:
    """``period_xaxis`` as a figure's layout entry (none without periods), the legend below two-line labels."""
    if not order:
        return {}
    axis = period_xaxis(order, most)
    return {"xaxis": axis, **legend_below(axis)}


def legend_below(axis: dict) -> dict:
    """The legend (theme: just below the plot) lower when the period labels take two lines: it covered their second
    line ("Quý I" over a hidden "2023")."""
    two_lines = any("<br>" in str(x) for x in axis.get("ticktext") or ())
    return {"legend": dict(y=-0.24)} if two_lines else {}


def value_axis(m: catalogue.Metric) -> dict:
    """A metric's value axis: its tick format (``theme.tickformat``: the shortest exact form, 5.000 and 2,5; hover
    and labels keep the metric's format), from zero."""
    return dict(tickformat=theme.tickformat(m.fmt), rangemode="tozero")


@functools.lru_cache(maxsize=64)
def _panels_json(rows: int, spacing: float, titled: bool, shared_x: bool, heights: tuple | None) -> str:
    fig = make_subplots(rows=rows, cols=1, vertical_spacing=spacing, shared_xaxes=shared_x,
                        subplot_titles=[str(i) for i in range(rows)] if titled else None,
                        row_heights=list(heights) if heights else None)
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)            # a new figure takes the theme's (the default) by itself
    return json.dumps(layout)


def panels(rows: int, spacing: float, titles: list[str] | None = None, shared_x: bool = False,
           heights: tuple[float, ...] | None = None) -> tuple[dict, list[str]]:
    """``rows`` panels stacked in one column, as ``make_subplots`` lays them out (axes, domains, a title over each
    panel, x axes shared and relative heights if asked): the layout as a dict, for a figure given whole
    (``whole``), and each row's axis suffix ("", "2"…; a trace of row i takes ``xaxis="x" + suffix``).
    ``make_subplots`` runs once per shape: each call took ~20 ms of Plotly's update machinery."""
    layout = json.loads(_panels_json(rows, spacing, bool(titles), shared_x, tuple(heights) if heights else None))
    for note, text in zip(layout.get("annotations", ()), titles or ()):
        note["text"] = text
    return layout, ["" if i == 1 else str(i) for i in range(1, rows + 1)]


def _hover(metric: catalogue.Metric, lang: str) -> str:
    return f"%{{y:{theme.D3[metric.fmt]}}} {metric.unit(lang)}"


def trend(df: pd.DataFrame, metric_key: str, compare: str, lang: str = "vi") -> go.Figure:
    """Values per period at the chosen grain, the comparison series overlaid; incomplete periods marked '*'.

    With a ``{metric}_target`` column (``ui.programmes_data.with_target_line``) the target is drawn too: a stock's
    level as a dashed line beside its values; for a flow, whose periods are parts of a year, a second panel puts
    the cumulative value from January (``{metric}_ytd``) against the cumulative target (yearly periods: the target
    beside the bars)."""
    m = catalogue.get(metric_key)
    x = period_x(df)
    target = df[f"{metric_key}_target"] if f"{metric_key}_target" in df else None
    has_target = target is not None and bool(target.notna().any())
    cumulative = has_target and m.kind == catalogue.FLOW and f"{metric_key}_ytd" in df and \
        any(s.month != 1 or e.month != 12 for s, e in zip(df["period_start"], df["period_end"]))
    if cumulative:
        layout, suffixes = panels(2, 0.16, [t("chart.per_period", lang), t("chart.cumulative_vs_target", lang)],
                                  shared_x=True, heights=(0.55, 0.45))
        for note in layout["annotations"]:
            note["font"] = dict(size=13)
    else:
        layout, suffixes = {}, [""]
    traces = []
    cmp_name = t(f"chart.comparison_{compare}", lang) if compare != "none" else None
    if m.kind == catalogue.FLOW:
        if cmp_name:
            traces.append(dict(type="bar", x=x, y=df[f"{metric_key}_cmp"], name=cmp_name,
                               marker=dict(color=theme.COMPARISON),
                               hovertemplate=_hover(m, lang) + f"<extra>{cmp_name}</extra>"))
        traces.append(dict(type="bar", x=x, y=df[metric_key], name=t("chart.current", lang),
                           marker=dict(color=theme.PRIMARY,
                                       pattern=dict(shape=["/" if i else "" for i in df["incomplete"]])),
                           hovertemplate=_hover(m, lang) + f"<extra>{t('chart.current', lang)}</extra>"))
        layout.update(barmode="group", bargap=0.25)
    else:
        if cmp_name:
            traces.append(dict(type="scatter", x=x, y=df[f"{metric_key}_cmp"], name=cmp_name, mode="lines+markers",
                               line=dict(color=theme.COMPARISON, dash="dash", width=2),
                               hovertemplate=_hover(m, lang) + f"<extra>{cmp_name}</extra>"))
        traces.append(dict(type="scatter", x=x, y=df[metric_key], name=t("chart.current", lang), mode="lines+markers",
                           line=dict(color=theme.PRIMARY, width=3),
                           marker=dict(size=[11 if i else 7 for i in df["incomplete"]],
                                       symbol=["circle-open" if i else "circle" for i in df["incomplete"]]),
                           hovertemplate=_hover(m, lang) + f"<extra>{t('chart.current', lang)}</extra>"))
    if has_target:
        name = t("chart.target", lang)
        line = dict(color=TARGET_COLOR, dash="dash", width=2)
        if cumulative:
            ytd_name = t("chart.ytd", lang)
            # one line per year: the cumulative value starts again in January (a line joined December to March)
            years = [e.year for e in df["period_end"]]
            for n, year in enumerate(dict.fromkeys(years)):
                rows = [i for i, y in enumerate(years) if y == year]
                xs = [x[i] for i in rows]
                traces.append(dict(type="scatter", x=xs, y=df[f"{metric_key}_ytd"].iloc[rows], name=ytd_name,
                                   mode="lines+markers", line=dict(color=theme.PRIMARY, width=3),
                                   xaxis="x" + suffixes[1], yaxis="y" + suffixes[1], legendgroup="ytd",
                                   showlegend=n == 0, hovertemplate=_hover(m, lang) + f"<extra>{ytd_name}</extra>"))
                traces.append(dict(type="scatter", x=xs, y=target.iloc[rows], name=t("chart.target_cumulative", lang),
                                   mode="lines", line=line, xaxis="x" + suffixes[1], yaxis="y" + suffixes[1],
                                   legendgroup="ytd_target", showlegend=n == 0,
                                   hovertemplate=_hover(m, lang) + f"<extra>{name}</extra>"))
        else:
            traces.append(dict(type="scatter", x=x, y=target, name=name, mode="lines+markers", line=line,
                               marker=dict(size=6, color=TARGET_COLOR),
                               hovertemplate=_hover(m, lang) + f"<extra>{name}</extra>"))
    periods = period_xaxis(x) if x else {}
    for suffix in suffixes:
        layout.setdefault(f"yaxis{suffix}", {}).update(value_axis(m))
        if periods:
            layout.setdefault(f"xaxis{suffix}", {}).update(periods)
    layout.update(legend_below(periods))
    return whole(traces, layout, height=520 if cumulative else 360)


def _marks(df: pd.DataFrame, metric_key: str) -> list:
    """Each row's qualifier of a figure as published ('~', '>', '<'; None exact), where the result carries them."""
    column = f"{metric_key}_q"
    return list(df[column]) if column in df else [None] * len(df)


def ranking(df: pd.DataFrame, metric_key: str, highlight: set[str] | None = None, lang: str = "vi",
            top: int | None = None) -> go.Figure:
    """Horizontal bars of units, best first; selected units stand out."""
    m = catalogue.get(metric_key)
    d = df.dropna(subset=[metric_key]).sort_values(metric_key, ascending=False)
    if top:
        d = d.head(top)
    d = d.iloc[::-1]
    highlight = highlight or set()
    colors = [theme.HIGHLIGHT if c in highlight else theme.MUTED for c in d["unit_code"]]
    if not highlight:
        colors = [theme.PRIMARY] * len(d)
    xaxis = dict(tickformat=theme.tickformat(m.fmt))
    if len(d) and d[metric_key].max() > 0:
        xaxis["range"] = [0, float(d[metric_key].max()) * BAR_ROOM]
    return whole([dict(
        type="bar", x=d[metric_key], y=d["unit_name"], orientation="h", marker=dict(color=colors),
        customdata=d[["unit_code"]].to_numpy(),
        text=[fmt.qualified(v, q, m.fmt) for v, q in zip(d[metric_key], _marks(d, metric_key))],
        hovertemplate="%{y}: %{x:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<extra></extra>",
        **bar_labels(d[metric_key].tolist()),
    )], dict(xaxis=xaxis, yaxis=dict(type="category")), height=max(260, 24 * len(d) + 60))


def platform_mix(df: pd.DataFrame, metric_key: str, labels: dict[str, str], lang: str = "vi") -> go.Figure:
    """One bar per platform in its fixed colour, with its share of the total."""
    m = catalogue.get(metric_key)
    order = {k: i for i, k in enumerate(theme.PLATFORM_ORDER)}
    d = df.dropna(subset=[metric_key]).copy()
    d = d[d[metric_key] > 0]
    d["order"] = d["platform"].map(order)
    d = d.sort_values("order", ascending=False)   # first platform drawn on top
    total = d[metric_key].sum()
    share = d[metric_key] / total if total else d[metric_key] * math.nan
    top = float(d[metric_key].max()) if len(d) else 1.0
    return whole([dict(
        type="bar", y=[wrap(labels.get(k, k)) for k in d["platform"]], x=d[metric_key], orientation="h",
        marker=dict(color=[theme.PLATFORM_COLORS.get(k, theme.MUTED) for k in d["platform"]]),
        text=[f"{fmt.value(v, m.fmt)} ({fmt.percent(s, 1)})" for v, s in zip(d[metric_key], share)],
        customdata=d[["platform"]].to_numpy(),
        hovertemplate="%{y}: %{x:" + theme.D3[m.fmt] + "} " + m.unit(lang) + "<extra></extra>",
        **bar_labels(d[metric_key].tolist()),
    )], dict(yaxis=dict(type="category"),
             xaxis=dict(tickformat=",~r", range=[0, top * BAR_ROOM], tickangle=0, nticks=4)),
        height=max(220, 44 * len(d) + 60))


def tile_map(df: pd.DataFrame, units: pd.DataFrame, metric_key: str, lang: str = "vi") -> go.Figure:
    """The 34 current units on their tile-grid cells (no map tiles), coloured by a metric."""
    m = catalogue.get(metric_key)
    cur = units[units["valid_to"].isna() & units["tile_row"].notna()].copy()
    values = dict(zip(df["unit_code"], df[metric_key])) if len(df) else {}
    marks = dict(zip(df["unit_code"], _marks(df, metric_key))) if len(df) else {}
    rows = int(cur["tile_row"].max()) + 1
    cols = int(cur["tile_col"].max()) + 1
    z = [[None] * cols for _ in range(rows)]
    text = [[""] * cols for _ in range(rows)]
    hover = [[""] * cols for _ in range(rows)]
    for _, u in cur.iterrows():
        r, c = int(u["tile_row"]), int(u["tile_col"])
        v = values.get(u["code"])
        defined = v is not None and not (isinstance(v, float) and math.isnan(v))
        z[r][c] = float(v) if defined else None
        words = [theme.as_text(w) for w in u["name"].split(" ")]
        # two-word names on two lines so they fit a tile; three words keep their last two together
        name = words[0] if len(words) == 1 else f"{words[0]}<br>{' '.join(words[1:])}"
        shown = fmt.qualified(v, marks.get(u["code"]), m.fmt) if defined else fmt.DASH
        text[r][c] = f"<b>{name}</b><br>{shown}"
        hover[r][c] = f"{theme.as_text(u['name'])} ({u['code']}): " + (
            f"{shown} {m.unit(lang)}" if defined else t("map.no_value", lang))
    bare = dict(showticklabels=False, showgrid=False, zeroline=False, ticks="", showline=False)
    return whole([dict(
        type="heatmap", z=z, text=text, customdata=hover, texttemplate="%{text}", textfont=dict(size=10),
        hovertemplate="%{customdata}<extra></extra>", colorscale=theme.SEQUENTIAL, xgap=3, ygap=3,
        hoverongaps=False, colorbar=dict(thickness=12, tickformat=theme.tickformat(m.fmt)),
    )], dict(yaxis=dict(autorange="reversed", **bare), xaxis=bare, margin=dict(l=4, r=4, t=8, b=8)), height=900)
