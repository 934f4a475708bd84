"""plotly.js for the browser, served from the ``plotly`` package's own copy (the version that writes the figures).

Streamlit's component route serves a declared folder's files (<base>/component/<name>/<file>); declaring the
package's ``package_data`` folder makes its ``plotly.min.js`` one local URL, loaded once per tab by ``LOADER_JS``
(the entry script's warm-up, ``ui.style``, and every chart, ``ui.chart``, share its promise). Light on purpose:
the entry script imports it before anything else, so plotly itself is only located, not imported.
"""

from __future__ import annotations

import json
from importlib.util import find_spec
from pathlib import Path

import streamlit.components.v1 as components_v1

_FOLDER = Path(find_spec("plotly").origin).parent / "package_data"
_SERVED = components_v1.declare_component("plotlyjs", path=str(_FOLDER))
URL = f"component/{_SERVED.name}/plotly.min.js"          # under Streamlit's base URL

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

