"""A Plotly figure as file bytes: PNG for slides and PDFs, SVG for print, a self-contained interactive HTML file.

Static images come from one long-lived Kaleido server (one headless Chromium) for the whole process: it
starts on the first image, later images reuse it, and calls are serialised because it is one renderer.
Everything works offline: plotly.js is read from the installed plotly package, MathJax is off, and the
HTML file embeds plotly.js instead of linking to a CDN.

This module must never mutate the caller's figure, never restyle a chart (the look belongs to
``ui.theme``), never load anything from the network and never import Streamlit.
"""

from __future__ import annotations

import atexit
import functools
import html as _html
import threading

import kaleido
import plotly.graph_objects as go

# Plotly's own fallback when a figure declares no height.
_PLOTLY_DEFAULT_HEIGHT = 500
# A dashboard chart is sized by height for a fluid-width column (typically 250–520 px high). Laid out
# much wider, it would become a thin ribbon; so an image is at least half as high as it is wide.
_MIN_ASPECT = 0.5
# Upper bound of one image side in CSS px, so a runaway layout cannot exhaust the renderer.
_MAX_SIDE = 8000

_start_lock = threading.Lock()
_render_lock = threading.Lock()
_started = False


def _server_alive() -> bool:
    """True when the Kaleido server runs and its thread is alive (a crashed browser ends the thread)."""
    server = getattr(kaleido, "_global_server", None)
    if server is None or not server.is_running():
        return False
    thread = getattr(server, "_thread", None)
    return thread is None or thread.is_alive()


def _stop() -> None:
    if getattr(kaleido, "_global_server", None) is not None and kaleido._global_server.is_running():
        kaleido.stop_sync_server(silence_warnings=True)


def start() -> None:
    """Start the shared Kaleido server if it is not running (idempotent, thread-safe).

    Called lazily by every render; a caller may call it early (at app start) to move the browser start
    (several seconds) out of the first export.
    """
    global _started
    with _start_lock:
        if _server_alive():
            return
        if _started:
            _stop()   # the browser died: close the dead server's state so it can be started again
        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        if not _started:
            atexit.register(_stop)
        _started = True


def _default_height(fig: go.Figure, width: int) -> int:
    """The image height for ``width`` when the caller gives none.

    A figure with both a layout width and height keeps that aspect ratio. Otherwise (the usual case: the
    theme sets only a height and the page width is fluid) the layout height is kept, but never less than
    half the width: 1920 px wide gives at least 960 px (16:8, a slide body under its title), 800 gives 400.
    Tall charts (long rankings) keep their own, larger height.
    """
    layout_h = fig.layout.height or _PLOTLY_DEFAULT_HEIGHT
    layout_w = fig.layout.width
    height = layout_h * width / layout_w if layout_w else layout_h
    return int(round(min(max(height, width * _MIN_ASPECT), _MAX_SIDE)))


def _render(fig, fmt: str, width: int, height: int | None, scale: float, title: str = "", caption: str = "") -> bytes:
    width = int(min(max(int(width), 10), _MAX_SIDE))
    # a copy: the caller's figure is never touched; with its block's title and caption wrapped to this width
    figure = titled(fig, title, caption, width) if title else go.Figure(fig)
    height = _default_height(figure, width) if height is None else int(min(max(int(height), 10), _MAX_SIDE))
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    start()
    with _render_lock:
        data = kaleido.calc_fig_sync(figure, opts=opts)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return bytes(data)


# The heading written above a downloaded chart (``titled``): its type sizes and line heights in CSS px (Plotly sets
# lines 1,3 em apart), the space above it; its lines are measured in the files' sans font (``_font``), the theme's
# first font (``ui.theme.FONT``), which the renderer's Chromium draws them in.
TITLE_PX, CAPTION_PX, CAPTION_LINE_PX = 20, 14, 18.2
HEAD_PAD_PX = 16


@functools.lru_cache(maxsize=8)
def _font(size: int, bold: bool):
    """The files' sans font (``reports.pdf_fonts.font_files``) at ``size``; None when none is installed."""
    from PIL import ImageFont

    from reports.pdf_fonts import font_files

    try:
        regular, bold_file, _italic = font_files()
        return ImageFont.truetype(bold_file if bold else regular, size)
    except (RuntimeError, OSError):
        return None


def text_px(text: str, size: int, bold: bool = False) -> float:
    """How wide ``text`` is drawn at ``size`` CSS px (a generous estimate when no font file is found)."""
    font = _font(size, bold)
    return font.getlength(text) if font is not None else len(text) * size * (0.68 if bold else 0.62)


def wrap_px(text: str, width: float, size: int, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` CSS px, broken between words (a word wider than a line on its own
    is broken inside)."""
    lines: list[str] = []
    for paragraph in str(text).splitlines() or [""]:
        line = ""
        for w in paragraph.split():
            candidate = f"{line} {w}" if line else w
            if text_px(candidate, size, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = w
            while text_px(line, size, bold) > width and len(line) > 1:
                cut = max(1, next((i for i in range(len(line), 0, -1)
                                   if text_px(line[:i], size, bold) <= width), 1))
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def titled(fig, title: str, caption: str = "", width: int = 1920) -> go.Figure:
    """A copy of ``fig`` with its block's title (bold) and caption written above the plot: a chart's PNG or SVG pasted
    on its own (a slide, a message) says what, where and when, as the page does around it. Both are wrapped to an
    image ``width`` CSS px wide (a contest's long name ran past the right edge) and the top margin grows to hold
    every line. Both texts are shown as typed (a name's ``<`` is not markup). A figure with a title of its own is
    left as it is."""
    figure = go.Figure(fig)
    if figure.layout.title.text or not title:
        return figure

    def typed(lines: list[str]) -> str:
        return "<br>".join(line.replace("&", "&amp;").replace("<", "&lt;") for line in lines)

    left = int(figure.layout.margin.l if figure.layout.margin.l is not None else 8)
    room = (width - 2 * left) * 0.97          # the lines' width; a little spare for the browser's own spacing
    heading = wrap_px(title, room, TITLE_PX, bold=True)
    lines = wrap_px(caption, room, CAPTION_PX) if caption else []
    spec = dict(text=f"<b>{typed(heading)}</b>", x=left / width, xref="container", xanchor="left",
                y=1, yref="container", yanchor="top", pad=dict(t=HEAD_PAD_PX), font=dict(size=TITLE_PX))
    # the heading's lines above the figure's own top margin, which keeps what it holds (a panel's title)
    top = HEAD_PAD_PX + len(heading) * TITLE_PX * 1.3
    if lines:
        spec["subtitle"] = dict(text=typed(lines), font=dict(size=CAPTION_PX, color="#616161"))
        # Plotly sets a one-line subtitle ten pixels lower than the first line of a longer one
        top += max(CAPTION_LINE_PX * len(lines), CAPTION_LINE_PX + 10) + 12
    margin = figure.layout.margin.t
    figure.update_layout(title=spec, margin=dict(t=int(round(top + (margin if margin is not None else 36)))))
    return figure


def png(fig, width: int = 1920, height: int | None = None, scale: float = 1, title: str = "",
        caption: str = "") -> bytes:
    """The figure as PNG bytes, laid out ``width`` x ``height`` CSS px and rasterised at ``scale``; with ``title``,
    the block's title and caption above the plot (``titled``, wrapped to ``width``).

    The image is ``width * scale`` pixels wide. Height: see ``_default_height``. Fonts keep their CSS
    size, so the same pixel width with a smaller ``width`` and a larger ``scale`` gives larger text
    (``png(fig, 960, scale=2)`` is also 1920 px wide, with text twice as large).
    """
    return _render(fig, "png", width, height, scale, title, caption)


def svg(fig, width: int = 1600, height: int | None = None, title: str = "", caption: str = "") -> bytes:
    """The figure as SVG bytes (UTF-8), laid out ``width`` x ``height`` CSS px; text stays text. ``title``,
    ``caption``: as for ``png``."""
    return _render(fig, "svg", width, height, 1, title, caption)


# No logo, no "send to cloud". ("showLink" is gone from plotly.js 3+; plotly 7 warns when it is passed.)
# no mode bar: its tooltips are English (Plotly's Vietnamese locale is not bundled); hover and zoom remain
_HTML_CONFIG = {"displayModeBar": False, "displaylogo": False, "showSendToCloud": False, "responsive": True}

_HTML_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #212121; margin: 24px; }}
h1 {{ font-size: 1.4em; margin: 0 0 0.3em 0; }}
p.caption {{ color: #616161; margin: 0 0 1em 0; }}
</style>
</head>
<body>
<h1>{title}</h1>
{caption}<div class="chart">
{chart}
</div>
</body>
</html>
"""


def html(fig, title: str, caption: str = "", lang: str = "vi") -> bytes:
    """A self-contained interactive HTML file (UTF-8) that opens offline: plotly.js is embedded.

    The title becomes the page ``<title>`` and an ``<h1>``, the caption a paragraph; both are HTML-escaped.
    No script or stylesheet is loaded from another host.
    """
    figure = go.Figure(fig)
    height = figure.layout.height
    chart = figure.to_html(
        full_html=False,
        include_plotlyjs=True,
        include_mathjax=False,
        config=_HTML_CONFIG,
        default_width="100%",
        default_height=f"{int(height)}px" if height else "80vh",
    )
    safe_title = _html.escape(title or "", quote=True)
    safe_caption = f'<p class="caption">{_html.escape(caption, quote=True)}</p>\n' if caption else ""
    page = _HTML_PAGE.format(lang="en" if lang == "en" else "vi", title=safe_title, caption=safe_caption,
                             chart=chart)
    return page.encode("utf-8")
