"""The app's one style sheet: what Streamlit's own options cannot say, drawn once per run by the entry script.

- Controls whose words Streamlit writes in English and cannot translate are hidden (the table toolbar:
  "Download as CSV", "Search", "Fullscreen"; it also covered the inputs above a table), or get our words
  (the file uploader's button and size note, see ``uploader_css``). Every table and chart has our own
  Vietnamese download buttons instead.
- Two scripts: a single tap on a bar drills on a touch screen (``_TAP_JS``); the browser starts on plotly.js
  while the server is still busy with a fresh server's first run (``_WARM_JS``).
- On a phone (narrow screens): KPI cards two to a row and compact, axis labels a size smaller, so four
  headline numbers with their changes fit the first screen and month labels stay apart.

Never styles a value or a text that comes from a user, a file or the database (it holds no such text).
"""

from __future__ import annotations

import streamlit as st

from ui import plotlyjs
from ui.messages import t

PHONE = "(max-width: 640px)"       # Streamlit stacks columns below this width
KPI_GRID = "kpi_grid"              # key prefix of the container around a block's KPI cards
STATIC_TABLE = "static_table"      # key prefix of the container around a short table drawn as text
SCRIPT_KEY = "app_script"          # the hidden container of the scripts (_TAP_JS, _WARM_JS)

_CSS = f"""
<style>
[data-testid="stLayoutWrapper"]:has(> .st-key-{SCRIPT_KEY}), .st-key-{SCRIPT_KEY} {{ display: none; }}
/* the navigation bar is the header now: less empty space above the page */
[data-testid="stMainBlockContainer"] {{ padding-top: 4.5rem; }}
/* tables: the toolbar's tooltips are English and it covers the input above a table */
[data-testid="stElementToolbar"] {{ display: none !important; }}
/* long texts wrap inside a KPI card instead of running out of it */
[data-testid="stMetricDelta"] {{ white-space: normal; }}
[data-testid="stMetricLabel"] p {{ white-space: normal; }}

/* a short table drawn as text: its first column (names) wraps, numbers stay on one line */
[class*="st-key-{STATIC_TABLE}"] td, [class*="st-key-{STATIC_TABLE}"] th {{ white-space: nowrap; }}
[class*="st-key-{STATIC_TABLE}"] td:first-child, [class*="st-key-{STATIC_TABLE}"] th:first-child {{
  white-space: normal; min-width: 8rem; }}
/* the sidebar holds the filters alone (the navigation is in the top bar): a little tighter, so the reset
   button and the language stay on a 768 px screen */
[data-testid="stSidebarUserContent"] [data-testid="stVerticalBlock"] {{ gap: 0.6rem; }}

@media {PHONE} {{
  /* two KPI cards a row, compact: the headline numbers and their changes on the first screen */
  [class*="st-key-{KPI_GRID}"] [data-testid="stHorizontalBlock"] {{ gap: 0.5rem; }}
  [class*="st-key-{KPI_GRID}"] [data-testid="stColumn"] {{
    min-width: calc(50% - 0.25rem) !important; flex: 1 1 calc(50% - 0.25rem) !important;
    width: calc(50% - 0.25rem) !important; }}
  [class*="st-key-{KPI_GRID}"] [data-testid="stVerticalBlockBorderWrapper"],
  [class*="st-key-{KPI_GRID}"] [data-testid="stVerticalBlock"] {{ gap: 0.25rem; }}
  [class*="st-key-{KPI_GRID}"] [data-testid="stMetric"] {{ padding: 0; }}
  [class*="st-key-{KPI_GRID}"] [data-testid="stMetricValue"] {{ font-size: 1.6rem; }}
  [class*="st-key-{KPI_GRID}"] [data-testid="stMetricLabel"] p {{ font-size: 0.8rem; }}
  [class*="st-key-{KPI_GRID}"] [data-testid="stMetricDelta"] {{ font-size: 0.75rem; }}
  [class*="st-key-{KPI_GRID}"] [data-testid="stElementContainer"]:has([data-testid="stImage"]) {{ display: none; }}
  [class*="st-key-{KPI_GRID}"] [data-testid="stCaptionContainer"] {{ font-size: 0.72rem; line-height: 1.3; }}
  [class*="st-key-{KPI_GRID}"] [data-testid="stProgress"] p {{ font-size: 0.72rem; }}
  /* chart axes: a size smaller, so period labels stay apart on a phone's width */
  .js-plotly-plot .xtick text, .js-plotly-plot .ytick text {{ font-size: 11px !important; }}
}}
</style>
"""


# Plotly finds the point under a click from its last hover, and a touch screen makes no hover before a tap:
# the first tap on a bar only hovered it, the second drilled. Hover at the touch point first, so one tap
# drills. A constant (no value from a user, a file or the database ever enters it), installed once.
_TAP_JS = """<script>
(() => {
  if (window.__tgOneTap) return;
  window.__tgOneTap = true;
  document.addEventListener("touchstart", (e) => {
    const t = e.touches && e.touches[0];
    const target = t && document.elementFromPoint(t.clientX, t.clientY);
    const drag = target && target.closest && target.closest(".js-plotly-plot .nsewdrag");
    if (drag) drag.dispatchEvent(new MouseEvent("mousemove", {bubbles: true, clientX: t.clientX, clientY: t.clientY}));
  }, {capture: true, passive: true});
})();
</script>"""


# The browser fetches and runs plotly.js (Plotly's cartesian bundle, 1,5 MB: an ~0,3 s task on the test machine)
# when a run's first chart arrives: on a fresh server, after the app's modules are imported and the first page's
# queries run. The entry script sends this first, and the browser loads it through the charts' own loader
# (``ui.plotlyjs``: the charts then find it loaded) while the server works (bench/README.md, twelfth and
# seventeenth passes). A constant.
_WARM_JS = "<script>\n(() => {\n" + plotlyjs.LOADER_JS + "\nloadPlotly().catch(() => {});\n})();\n</script>"


def apply() -> None:
    """Draw the style sheet and the scripts (every run: Streamlit forgets elements a run did not draw). The entry
    script calls this before importing the rest of the app, so that ``_WARM_JS`` leaves at once."""
    plotlyjs.serve()
    with st.container(key=SCRIPT_KEY):
        st.html(_WARM_JS, unsafe_allow_javascript=True)
        st.html(_TAP_JS, unsafe_allow_javascript=True)
    st.html(_CSS)


def uploader_css(key: str, lang: str, max_mb: int, types: list[str]) -> str:
    """Our words for one file uploader (inside the container ``key``): its button and its size note, which
    Streamlit writes in English ("Upload", "50MB per file • XLSX, CSV"); the English text is hidden
    (``display: none``, so it is neither seen nor read out) and ours drawn in its place."""
    button = t("upload.button", lang).replace('"', "")
    note = t("upload.limit", lang, mb=max_mb, types=", ".join(x.upper() for x in types)).replace('"', "")
    scope = f".st-key-{key}"
    return f"""<style>
{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ display: none; }}
{scope} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{
  content: "{button}"; }}
{scope} [data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
{scope} [data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: "{note}"; font-size: 0.875rem; opacity: 0.7; }}
</style>"""
