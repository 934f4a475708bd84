"""plotly.js for the browser: Plotly's own "cartesian" bundle, kept in the repository, served by the app itself.

The charts use three trace types (bar, scatter, heatmap). Plotly publishes a bundle of the cartesian ones
(``plotly.js-cartesian-dist-min`` on npm, MIT licence, ``ui/static/vendor/LICENSE-plotly.js.txt``): 1,5 MB
against the full 4,8 MB, and a new tab's browser runs it in a third of the time (~0,5 s instead of ~1,4 s on the
test machine, bench/README.md, seventeenth pass) — a cold start and every new tab pay for it. Its version is the
one the ``plotly`` package writes figures for (a test holds them equal: after upgrading ``plotly``, fetch the same
version with ``npm pack plotly.js-cartesian-dist-min@<version>`` and replace the file).

Streamlit's component route serves a declared folder's files (<base>/component/<name>/<file>); ``LOADER_JS``
loads the bundle once per tab (the entry script's warm-up, ``ui.style``, and every chart, ``ui.chart``, share its
promise). Light on purpose: the entry script imports this module before anything else.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit.components.v1 as components_v1

VERSION = "4.1.1"
BUNDLE = f"plotly-cartesian-{VERSION}.min.js"
FOLDER = Path(__file__).parent / "static" / "vendor"
# what the bundle draws (its package's README); a figure with another trace type fails in tests (ui.chart.draw)
TRACES = frozenset({"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour", "image",
                    "pie", "scatter", "scatterternary", "violin"})

_SERVED = components_v1.declare_component("plotlyjs", path=str(FOLDER))
URL = f"component/{_SERVED.name}/{BUNDLE}"          # under Streamlit's base URL


def serve() -> None:
    """Make sure this server serves the folder. ``declare_component`` registers it only when the module is first
    imported inside a script run; imported earlier (a preload, another runtime in tests), the route would answer
    404 and every chart say it cannot load. ``ui.style.apply`` calls this every run: a dictionary lookup."""
    from streamlit import runtime

    if not runtime.exists():
        return
    registry = runtime.get_instance().component_registry
    if registry.get_component_path(_SERVED.name) is None:
        registry.register_component(_SERVED)

# The URL is found from Streamlit's own entry script (<base>/static/js/index.*.js), so a base path behind a
# proxy works. A constant: no value from a user, a file or the database enters it.
LOADER_JS = f"const PATH = {json.dumps(URL)};\n" + """const loadPlotly = () => window.__tgPlotly || (window.__tgPlotly = new Promise((resolve, reject) => {
  if (window.Plotly) { resolve(window.Plotly); return; }
  const main = [...document.scripts].find((s) => /\\/static\\/js\\/index\\.[^/]*\\.js$/.test(s.src));
  const tag = document.createElement("script");
  tag.src = main ? new URL("../../" + PATH, main.src).href : new URL("/" + PATH, location.href).href;
  tag.async = true;
  tag.onload = () => resolve(window.Plotly);
  tag.onerror = () => { window.__tgPlotly = null; tag.remove(); reject(new Error("plotly.js")); };
  document.head.appendChild(tag);
}));"""
