"""The one chart theme: fonts available offline, Vietnamese separators, fixed platform colours.

Every figure goes through ``apply``. Sizes are chosen to stay readable on a projector; presentation
mode scales them with ``scale``.
"""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from data.reference import PLATFORMS

FONT = "Noto Sans, DejaVu Sans, Liberation Sans, Arial, sans-serif"
PLATFORM_COLORS = {key: color for key, _vi, _en, color, _order in PLATFORMS}
PLATFORM_ORDER = [key for key, *_ in PLATFORMS]
PRIMARY = "#B71C1C"          # the series being looked at
COMPARISON = "#9E9E9E"       # the comparison series
HIGHLIGHT = "#B71C1C"
MUTED = "#90A4AE"
SPARK = "#546E7A"           # a KPI card's month-by-month line
SEQUENTIAL = [[0.0, "#FFF3E0"], [0.35, "#FFB74D"], [0.7, "#E65100"], [1.0, "#7F0000"]]
COLORWAY = [PRIMARY, "#1565C0", "#2E7D32", "#6A1B9A", "#EF6C00", "#00838F", "#4E342E", "#AD1457"]
SEPARATORS = ",."            # decimal comma, thousands dot: 13.712 and 6,61

pio.templates["tuyengiao"] = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=14, color="#212121"),
        separators=SEPARATORS,
        colorway=COLORWAY,
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel=dict(font=dict(family=FONT, size=14)),
        margin=dict(l=8, r=8, t=36, b=8),
        # below the plot: on a phone the mode bar would cover a legend placed above it
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0, title=None,
                    font=dict(size=12), itemwidth=30),
        xaxis=dict(showgrid=False, linecolor="#BDBDBD", ticks="", title=None, automargin=True),
        yaxis=dict(gridcolor="#EEEEEE", zeroline=False, title=None, automargin=True,
                   tickformat=",~r"),
    )
)

# ... and the default of every figure: a new figure deep-copies the default template, and Plotly's own ("plotly",
# every trace type's styles and colour scales; Streamlit's, which ``import streamlit`` makes the default, is as
# large) took ~4 ms of each figure's ~7 ms for nothing; setting ours on a figure afterwards cost as much again
TEMPLATE = "tuyengiao"
pio.templates.default = TEMPLATE

# d3 formats for hover and axis text; with separators ",." they render 13.712 and 13,7
D3 = {"int": ",.0f", "dec1": ",.1f", "dec2": ",.2f", "pct": ".2%"}


def tickformat(fmt: str) -> str:
    """The one axis tick rule: percentages as percentages, every other number with thousands dots and
    only the decimals it has (13.712; 32,5)."""
    return D3["pct"] if fmt == "pct" else ",~r"


# Plotly reads a subset of HTML in every text of a figure (a name, a category, a hover text, a title): ``<a href>``
# becomes a live link. The builders write only these tags themselves; any other ``<`` — from a unit, channel or
# contest name in the database — is written as ``&lt;`` so that it shows as typed.
_OWN_TAGS = re.compile(r"<(?!/?(?:b|i|br|sub|sup|extra)\s*/?>)", re.IGNORECASE)
_TRACE_TEXTS = ("name", "text", "hovertext", "hovertemplate", "texttemplate", "x", "y", "z", "labels", "parents",
                "customdata", "ids", "legendgroup", "meta")


def as_text(value) -> str:
    """A name from the database or a file, for a figure: every character shown as typed. ``plain`` lets the builders'
    own tags through (``<b>``, ``<br>``…), so a stored name holding those would be drawn bold or broken; a builder
    puts a stored value into a figure through this, before adding tags of its own."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str) -> str:
    """A text for a figure shown as typed: every ``<`` but those of the builders' own tags becomes ``&lt;``."""
    return _OWN_TAGS.sub("&lt;", text) if "<" in text else text


def _plain_all(value):
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "OUS":
            return np.vectorize(lambda v: plain(v) if isinstance(v, str) else v, otypes=[object])(value) \
                if value.size else value
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_plain_all(v) for v in value)
    return value


def plain_texts(fig: go.Figure) -> go.Figure:
    """Every text of a figure that could carry a name from the database, as text (``plain``)."""
    for trace in fig.data:
        for prop in _TRACE_TEXTS:
            value = getattr(trace, prop, None) if prop in trace else None
            if value is not None and _has_markup(value):
                trace[prop] = _plain_all(value)
    layout = fig.layout
    for axis in [a for a in layout if a.startswith(("xaxis", "yaxis"))]:
        ax = layout[axis]
        for prop in ("ticktext", "tickvals", "categoryarray"):   # the values must match the data plain() changed
            if ax[prop] is not None and _has_markup(ax[prop]):
                ax[prop] = _plain_all(ax[prop])
        if ax.title.text and "<" in ax.title.text:
            ax.title.text = plain(ax.title.text)
    if layout.title.text and "<" in layout.title.text:
        layout.title.text = plain(layout.title.text)
    for note in layout.annotations or ():
        if note.text and "<" in note.text:
            note.text = plain(note.text)
    return fig


def _has_markup(value) -> bool:
    if isinstance(value, str):
        return "<" in value
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "OUS" and any(isinstance(v, str) and "<" in v for v in value.ravel())
    if isinstance(value, (list, tuple)):
        return any(_has_markup(v) for v in value)
    return False


def apply(fig: go.Figure, height: int | None = None, scale: float = 1.0) -> go.Figure:
    plain_texts(fig)
    if fig.layout.template.layout.separators != SEPARATORS:     # only ours sets them (~0,1 ms to read)
        # made while another template was the default (``import streamlit`` makes its own the default after this
        # module has set ours): ours on this figure, and the default again for the next ones
        pio.templates.default = TEMPLATE
        fig.update_layout(template=TEMPLATE)
    fig.update_layout(separators=SEPARATORS)
    if height:
        fig.update_layout(height=int(height * scale))
    if scale != 1.0:
        fig.update_layout(font=dict(size=int(14 * scale)))
    return fig


# Options for every chart (ui.chart): no mode bar — its tooltips are English (Plotly's Vietnamese locale is not in
# the bundled plotly.js), on a phone it covered titles and map tiles, and every chart has our Vietnamese
# download menu; no logo, no link to an online editor.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "showLink": False, "showSendToCloud": False}
