"""Every chart of the app, drawn by one component that keeps its Plotly chart mounted across runs.

Streamlit's own chart (``st.plotly_chart``) is a new chart whenever its figure changes: its element id follows
the figure, so the frontend unmounts the old one, mounts a new one (``Plotly.newPlot``) and draws it a second
time once mounted — ~100 ms of the browser for every changed chart on a two-core machine, most of a cached click
(bench/README.md, twelfth and thirteenth passes). This component is keyed by the block, not by the figure: a new
figure is drawn into the same element with ``Plotly.react``, once, and an unchanged figure is not drawn at all.

plotly.js is Plotly's cartesian bundle kept in the repository (``ui.plotlyjs``: the version the ``plotly`` package
writes figures for), served by Streamlit's component route and loaded once per tab; no request leaves the server.
A figure with a trace type the bundle does not hold is logged (and fails under ``TUYENGIAO_DEBUG=1``, the tests). Clicking a
point of a chart drawn with ``on_select`` sends the point's ``customdata`` (a trigger, read by ``ui.drill``).

The JavaScript below is a constant: no value from a user, a file or the database enters it; a figure reaches it
as data (JSON) and Plotly draws its texts as text (``ui.theme.plain_texts``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import plotly.io as pio
import streamlit as st

from ui import plotlyjs
from ui.errors import DEBUG_ENV
from ui.messages import t

# The chart: one element per block; a new figure is queued behind the one being drawn (runs can follow each
# other faster than Plotly draws); a click on a chart that drills sends the clicked points' customdata.
_JS = plotlyjs.LOADER_JS + """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let el = parentElement.querySelector(":scope > .tg-chart");
  if (!el) {
    el = document.createElement("div");
    el.className = "tg-chart";
    el.setAttribute("role", "figure");
    el.__tgCleanup = () => {};
    el.__tgUnmount = () => el.__tgCleanup();        // what Streamlit calls when the block leaves the page
    parentElement.appendChild(el);
  }
  el.__tgSelect = data.select ? setTriggerValue : null;
  if (data.label) el.setAttribute("aria-label", data.label); else el.removeAttribute("aria-label");
  if (el.__tgSpec === data.spec) return el.__tgUnmount;
  el.__tgSpec = data.spec;
  const spec = data.spec, config = data.config;
  el.__tgDrawn = (el.__tgDrawn || Promise.resolve()).then(async () => {
    if (el.__tgSpec !== spec) return;                 // a newer figure came while this one waited
    const Plotly = await loadPlotly();
    const fig = JSON.parse(spec);
    Object.assign(fig.layout, data.layout);
    if (el.__tgFailed) { el.textContent = ""; el.__tgFailed = false; }
    await Plotly.react(el, fig.data, fig.layout, config);
    if (el.__tgBound) return;
    el.__tgBound = true;
    el.on("plotly_click", (event) => {
      const send = el.__tgSelect;
      if (!send || !event || !event.points) return;
      send("select", {points: event.points.map((p) => ({
        customdata: p.customdata === undefined ? null : p.customdata,
        curve_number: p.curveNumber, point_index: p.pointIndex === undefined ? null : p.pointIndex}))});
    });
    let width = el.clientWidth;
    const watch = new ResizeObserver(() => {
      if (el.clientWidth && el.clientWidth !== width) { width = el.clientWidth; Plotly.Plots.resize(el); }
    });
    watch.observe(el);
    el.__tgCleanup = () => { watch.disconnect(); Plotly.purge(el); };
  }).catch((error) => {
    console.error("chart", error);
    el.__tgSpec = null;                               // the next run tries again
    el.__tgFailed = true;
    el.textContent = data.failed;                     // our words, as text
  });
  return el.__tgUnmount;
}
"""

_CSS = ".tg-chart { width: 100%; }"

NAME = "tuyengiao_chart"
log = logging.getLogger("tuyengiao.chart")
_mount = st.components.v2.component(NAME, js=_JS, css=_CSS, isolate_styles=False)


def spec(fig) -> str:
    """The figure as the chart receives it (and as tests read it back): Plotly's own JSON, not validated again."""
    return pio.to_json(fig, validate=False)


def draw(fig, key: str, config: dict, on_select: Callable[[], None] | None = None):
    """Draw ``fig`` in the block ``key`` (kept mounted while the key stays). With ``on_select`` a click on a point
    calls it; the clicked points are then ``selection(key)``. Like Streamlit's chart with a selection, such a chart
    hovers the closest point and drags to pan (unless the figure says otherwise), and a click selects nothing."""
    unknown = sorted({trace.type for trace in fig.data} - plotlyjs.TRACES)
    if unknown:                        # the browser's bundle would draw nothing for them
        log.error("chart %s: trace types not in the plotly.js bundle: %s", key, unknown)
        if os.environ.get(DEBUG_ENV, "0") == "1":
            raise ValueError(f"chart {key}: trace types not in the plotly.js bundle: {unknown}")
    layout, extra = fig.layout, {}
    if on_select is not None:          # merged by the chart: the caller's figure may be cached and shared
        extra = {"clickmode": "event"}
        if layout.hovermode is None:
            extra["hovermode"] = "closest"
        if layout.dragmode is None:
            extra["dragmode"] = "pan"
    title = layout.title.text if layout.title is not None else None
    data = {"spec": spec(fig), "layout": extra, "config": config, "select": on_select is not None,
            "label": title or None, "failed": t("chart.failed", st.session_state.get("lang", "vi"))}
    kwargs = {"on_select_change": on_select} if on_select is not None else {}
    return _mount(key=key, data=data, width="stretch", height="content", **kwargs)


def selection(key: str) -> list[dict]:
    """The points the last click on the chart ``key`` sent (empty when none)."""
    state = st.session_state.get(key)
    if state is None:
        return []
    value = state.get("select") if hasattr(state, "get") else None
    return list(value.get("points") or []) if isinstance(value, dict) else []
