"""What the two deck writers share: slide geometry, theme colours, words, KPI table rows, notes and footers.

``reports.pptx_deck`` (PowerPoint) and ``reports.deck_pdf`` (PDF handout) draw the same slides from the
same ``Slide`` objects; everything both need to agree on is decided here once, so a KPI table or a
speaker note never reads differently between the two files. This module only turns the neutral objects
into words, rows and boxes: it never queries the database, never imports Streamlit, never recomputes or
rounds a number differently from the text the page already made (KPI texts are used as given), and never
draws anything itself.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass

from reports.model import NUMERIC_FORMATS, Item, Meta, Slide, cell_format
from ui import format as fmt
from ui.messages import t

# ---------------------------------------------------------------------------------------------- geometry
# 16:9 in inches (PowerPoint's widescreen size); the PDF uses the same boxes in millimetres.
SLIDE_W = 13.333
SLIDE_H = 7.5
MARGIN = 0.5


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches from the top left corner."""

    x: float
    y: float
    w: float
    h: float


TITLE_BOX = Box(MARGIN, 0.3, SLIDE_W - 2 * MARGIN, 1.0)
CAPTION_BOX = Box(MARGIN, 1.3, SLIDE_W - 2 * MARGIN, 0.7)
CONTENT_BOX = Box(MARGIN, 2.05, SLIDE_W - 2 * MARGIN, 4.75)
# a KPI slide has no caption line: its table may start higher
KPI_BOX = Box(MARGIN, 1.55, SLIDE_W - 2 * MARGIN, 5.3)
# a KPI slide's caption is one line (the units and period): its table starts under it
KPI_CAPTION_BOX = Box(MARGIN, 1.3, SLIDE_W - 2 * MARGIN, 0.45)
KPI_BOX_CAPTIONED = Box(MARGIN, 1.85, SLIDE_W - 2 * MARGIN, 5.0)
FOOTER_Y = 6.98
FOOTER_H = 0.38
FOOTER_LEFT = Box(MARGIN, FOOTER_Y, 5.2, FOOTER_H)
FOOTER_MID = Box(MARGIN + 5.3, FOOTER_Y, 5.4, FOOTER_H)
FOOTER_RIGHT = Box(SLIDE_W - MARGIN - 1.4, FOOTER_Y, 1.4, FOOTER_H)

# type sizes in points, chosen to be read from the back of a meeting hall
TITLE_PT = 36
TITLE_LONG_PT = 32            # titles over TITLE_LONG_CHARS characters
TITLE_LONG_CHARS = 52
COVER_TITLE_PT = 44
COVER_SUB_PT = 26
COVER_LINE_PT = 20
CAPTION_PT = 16
NOTICE_PT = 24            # the message of a slide without data
KPI_VALUE_PT = 28
TABLE_PT = 16
TABLE_SMALL_PT = 14       # tables of more than five rows
FOOTER_PT = 11
PARAGRAPH_GAP_PT = 10     # between the lines of a cover or closing slide
# A chart picture is laid out 960 CSS px wide and rasterised at 2x: 1920 pixels, with the figure's 14 px type
# showing at about 13 pt on the slide (laid out 1920 px wide it would shrink to about 6 pt).
PNG_LAYOUT_WIDTH = 960
PNG_SCALE = 2

# the only block table rows put on a slide when a block has no figure (all rows go to the notes)
SLIDE_TABLE_ROWS = 10
NOTE_ROWS = 30


# ----------------------------------------------------------------------------------------------- colours
@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    muted: str
    accent: str
    header_fill: str
    header_text: str
    row_fill: str
    row_alt_fill: str
    grid: str
    notice: str


PALETTES = {
    "light": Palette(background="#FFFFFF", text="#212121", muted="#616161", accent="#B71C1C",
                     header_fill="#B71C1C", header_text="#FFFFFF", row_fill="#FFFFFF", row_alt_fill="#F5F5F5",
                     grid="#E0E0E0", notice="#E65100"),
    "dark": Palette(background="#121212", text="#EEEEEE", muted="#B0B0B0", accent="#EF5350",
                    header_fill="#7F0000", header_text="#FFFFFF", row_fill="#1E1E1E", row_alt_fill="#262626",
                    grid="#3A3A3A", notice="#FFB74D"),
}


def palette(theme: str) -> Palette:
    return PALETTES["dark" if theme == "dark" else "light"]


def rgb(color: str) -> tuple[int, int, int]:
    """'#B71C1C' / '#B1C' / 'rgb(183, 28, 28)' / 'rgba(…)' / a CSS name -> (183, 28, 28)."""
    c = str(color).strip()
    if c.startswith("#"):
        h = c[1:]
        if len(h) in (3, 4):
            h = "".join(ch * 2 for ch in h[:3])
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)
    m = re.match(r"rgba?\(([^)]*)\)", c.replace(" ", ""), re.I)
    if m:
        parts = m.group(1).split(",")
        return tuple(max(0, min(255, round(float(p.rstrip("%")) * (2.55 if p.endswith("%") else 1))))
                     for p in parts[:3])
    from PIL import ImageColor  # CSS colour names ("steelblue")

    r, g, b = ImageColor.getrgb(c)[:3]
    return r, g, b


def alpha(color: str) -> float:
    """The alpha of an 'rgba(…)' colour (1 for any other form)."""
    m = re.match(r"rgba\(([^)]*)\)", str(color).replace(" ", ""), re.I)
    if m:
        parts = m.group(1).split(",")
        if len(parts) == 4:
            return max(0.0, min(1.0, float(parts[3])))
    return 1.0


def blend(color: str, background: str, opacity: float) -> tuple[int, int, int]:
    """A translucent colour as the opaque colour it shows on ``background``."""
    fg, bg = rgb(color), rgb(background)
    return tuple(round(f * opacity + b * (1 - opacity)) for f, b in zip(fg, bg))


# ------------------------------------------------------------------------------------------------- words
def word(key: str, lang: str = "vi", **values) -> str:
    """A word of the deck files, from the message catalogue (``deckfile.*``)."""
    return t(f"deckfile.{key}", lang, **values)


def plain(text: str) -> str:
    """Plotly label markup ('Sơn La<br>(trước 07/2025)', '<b>…</b>') as plain text on one line; a '<' the theme
    wrote as '&lt;' (``ui.theme.plain``, ``ui.theme.as_text``: a name as typed) is '<' again, '&amp;' '&'."""
    s = re.sub(r"<br\s*/?>", " ", str(text), flags=re.I)
    s = re.sub(r"<[^>]+>", "", s)
    return html.unescape(re.sub(r"\s+", " ", s).strip())


number_or_none = fmt.number_or_none


def cell_text(value, column_format: str | None = None) -> str:
    """One table cell as the page shows it: 13.712; 6,29%; 26/11/2026; '—' when undefined."""
    if value is None:
        return fmt.DASH
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return fmt.date(value)
    if hasattr(value, "to_pydatetime"):          # pandas Timestamp / NaT
        try:
            return value.to_pydatetime().strftime("%d/%m/%Y")
        except ValueError:
            return fmt.DASH
    v = number_or_none(value)
    if v is None:
        try:
            if value != value:                   # NaN-like objects (pd.NA raises on bool(), caught below)
                return fmt.DASH
        except TypeError:
            return fmt.DASH
        return fmt.DASH if str(value) in ("<NA>", "nan", "NaT") else str(value)
    if column_format in NUMERIC_FORMATS:
        return fmt.value(v, cell_format(column_format, v))
    if column_format == "text":
        return str(value)
    return fmt.number(v) if float(v).is_integer() else fmt.number(v, 2)


# ------------------------------------------------------------------------------------------------ tables
@dataclass
class TableRows:
    """A table as text, ready to draw: ``roles`` says per column how to style it."""

    header: list[str]
    rows: list[list[str]]
    roles: list[str]              # "label" | "value" | "text"
    more: int = 0                 # rows left off
    sub: list[list[str]] | None = None   # per cell, small text after the value on its line (a KPI's unit)
    weights: list[float] | None = None   # relative column widths; None: decided from the roles
    kind: str = "kpi"             # "kpi": values in large type | "data": a block's data table, all body size

    def sub_text(self, r: int, c: int) -> str:
        return self.sub[r][c] if self.sub else ""


def _same(a, b) -> bool:
    x, y = number_or_none(a), number_or_none(b)
    return x == y if x is None or y is None else abs(x - y) <= 1e-9 * max(1.0, abs(x))


def is_kpi_export(item: Item) -> bool:
    """True when ``item.table`` is the KPIs' own data table as ``ui.blocks.kpi_table`` makes it (one row per
    KPI, a column holding exactly their values and one holding their units) rather than a comparison of
    units (metric label, then one value column per unit)."""
    df = item.table
    if not item.kpis or df is None or len(df) != len(item.kpis):
        return False
    values = [k.value for k in item.kpis]
    units = [k.unit or "" for k in item.kpis]
    cols = [df[c].tolist() for c in df.columns]
    has_values = any(all(_same(a, b) for a, b in zip(col, values)) for col in cols)
    has_units = any(["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in col] == units
                    for col in cols)
    return has_values and has_units


# KPI table columns: (word key, role, relative width, text of a Kpi)
_KPI_COLUMNS = (
    ("metric", "label", 2.3, lambda k: k.label),
    ("value", "value", 2.3, lambda k: k.value_text or fmt.DASH),
    ("change", "text", 2.0, lambda k: k.delta_text),
    ("comparison", "text", 3.2, lambda k: "; ".join(x for x in (k.cmp_text, k.coverage_text) if x)),
    ("ytd", "text", 1.8, lambda k: k.ytd_text),
    ("target", "text", 2.5, lambda k: k.target_text),
)


def kpi_table(item: Item, lang: str = "vi") -> TableRows:
    """The KPI slide's table: ``item.table`` itself when it is a comparison of units (metric label, then one
    column per unit) or there are no KPI objects; else one row per KPI with the page's texts — label, value
    (its unit in small type after it), change, comparison, target — a column empty for every KPI left out.
    (A KPI block's own data table holds raw numbers for files; the slide shows the texts of the cards.)"""
    if item.table is not None and not item.table.empty and not is_kpi_export(item):
        t = frame_rows(item, limit=None)
        t.roles = ["label"] + ["value"] * (len(t.header) - 1)
        t.kind = "kpi"
        return t
    kpis = item.kpis
    keep = [c for c in _KPI_COLUMNS if c[0] in ("metric", "value") or any((c[3](k) or "").strip() for k in kpis)]
    return TableRows(header=[word(c[0], lang) for c in keep],
                     rows=[[c[3](k) or "" for c in keep] for k in kpis],
                     roles=[c[1] for c in keep],
                     sub=[[k.unit if c[0] == "value" and k.value_text else "" for c in keep] for k in kpis],
                     weights=[c[2] for c in keep])


@dataclass(frozen=True)
class TableGeometry:
    widths: list[float]           # inches, summing to the box width
    header_h: float               # inches
    row_h: float                  # inches: the body rows' height (the least height in the PDF)
    value_pt: float               # type size of the value columns
    text_pt: float                # type size of label and text columns, and of the header


def table_geometry(rows: TableRows, box: Box) -> TableGeometry:
    """Column widths, row heights and type sizes of a slide table, the same in both files: KPI values at
    28 pt (22 pt beyond six columns), text at 16 pt (14 pt beyond five rows, so eight KPIs fit a slide)."""
    n_cols, n_rows = len(rows.header), max(1, len(rows.rows))
    if rows.weights:
        weights = list(rows.weights)
    elif rows.kind == "kpi" and "text" not in rows.roles:   # metric label + unit columns share the width
        weights = [2.4] + [max(1.6, 9.0 / max(1, n_cols - 1))] * (n_cols - 1)
    else:
        weights = [{"label": 2.4, "value": 1.8, "text": 2.4}[r] for r in rows.roles]
    widths = [box.w * w / sum(weights) for w in weights]
    text_pt = TABLE_PT if n_rows <= 5 else TABLE_SMALL_PT
    header_h = 0.5
    if rows.kind == "data":
        value_pt = text_pt
        row_h = min(0.6, max(0.36, (box.h - header_h) / n_rows))
    else:
        value_pt = KPI_VALUE_PT if n_cols <= 6 else 22
        row_h = min(0.95, max(0.55, (box.h - header_h) / n_rows))
    return TableGeometry(widths, header_h, row_h, value_pt, text_pt)


def more_rows(n: int, lang: str = "vi") -> str:
    return word("more_rows", lang, n=fmt.number(n))


def frame_rows(item: Item, limit: int | None = SLIDE_TABLE_ROWS) -> TableRows:
    """``item.table`` as text cells in the item's column formats; at most ``limit`` rows (one more rather than a
    line saying one row is left out: the compare table's eleven metrics fit)."""
    df = item.table
    header = [str(c) for c in df.columns]
    shown = df if limit is None or len(df) <= limit + 1 else df.head(limit)
    rows = [[cell_text(v, item.formats.get(c)) for c, v in zip(df.columns, rec)]
            for rec in shown.itertuples(index=False, name=None)]
    numeric = [item.formats.get(c) in NUMERIC_FORMATS for c in df.columns]
    roles = ["label" if i == 0 else ("value" if n else "text") for i, n in enumerate(numeric)]
    return TableRows(header=header, rows=rows, roles=roles, more=len(df) - len(shown), kind="data")


# ------------------------------------------------------------------------------------------------- notes
def kpi_line(k, lang: str = "vi") -> str:
    ytd = t("kpi.ytd", lang, value=k.ytd_text) if k.ytd_text else ""
    parts = [p for p in (k.delta_text, k.cmp_text, k.coverage_text, ytd, k.target_text) if p and p.strip()]
    value = f"{k.value_text} {k.unit}".strip() if k.value_text else fmt.DASH
    return f"{k.label}: {value}" + (f" ({'; '.join(parts)})" if parts else "")


def table_lines(item: Item, lang: str = "vi", limit: int = NOTE_ROWS) -> list[str]:
    t = frame_rows(item, limit=limit)
    lines = ["; ".join(f"{h}: {v}" for h, v in zip(t.header, row)) for row in t.rows]
    if t.more:
        lines.append(more_rows(t.more, lang))
    return lines


def boxes(slide: Slide) -> tuple[Box | None, Box]:
    """(caption box or None when there is no caption, content box) of a KPI or block slide."""
    cap = caption(slide)
    if slide.kind == "kpis":
        return (KPI_CAPTION_BOX, KPI_BOX_CAPTIONED) if cap else (None, KPI_BOX)
    return (CAPTION_BOX, CONTENT_BOX) if cap else (None, CONTENT_BOX)


MORE_ROWS_H = 0.4             # the "… and N more rows" line under a cut data table


def caption(slide: Slide) -> str:
    """The line under a block slide's title: the slide's subtitle, else the item's caption."""
    if slide.subtitle:
        return slide.subtitle
    return slide.item.caption if slide.item is not None else ""


def notes(slide: Slide, meta: Meta) -> str:
    """Speaker notes: the slide's own, else the item's, else the exact numbers behind the slide."""
    if slide.notes:
        return slide.notes
    item = slide.item
    if item is not None and item.notes:
        return item.notes
    lang = meta.lang
    out: list[str] = [slide.title]
    if slide.kind == "title":
        out += [s for s in (slide.subtitle, *slide.lines) if s]
        out += [f"{label}: {value}" for label, value in meta.lines()]
    elif slide.kind == "closing":
        out += [s for s in (slide.subtitle, *slide.lines) if s]
        out.append(meta.freshness)
        if meta.is_sample and meta.sample_notice:
            out.append(meta.sample_notice)
    elif item is None:
        out.append(slide.subtitle or word("no_data", lang))
    else:
        cap = caption(slide)
        if cap:
            out.append(cap)
        out += [kpi_line(k, lang) for k in item.kpis]
        if item.table is not None and not item.table.empty:
            out += table_lines(item, lang)
        if not item.kpis and (item.table is None or item.table.empty):
            out.append(word("no_data", lang))
    return "\n".join(s for s in out if s)


# ----------------------------------------------------------------------------------------------- footers
def is_content(slide: Slide) -> bool:
    return slide.kind not in ("title", "closing")


def page_number(n: int, total: int) -> str:
    return f"{n}/{total}"


def sample_line(meta: Meta) -> str:
    """The sample notice for every slide's footer ('' unless the database is the sample)."""
    return meta.sample_notice if meta.is_sample and meta.sample_notice else ""


def title_size(title: str) -> int:
    return TITLE_LONG_PT if len(title) > TITLE_LONG_CHARS else TITLE_PT


# ------------------------------------------------------------------------------------------------ images
def picture_png(fig, box: Box, theme: str) -> bytes:
    """The figure as a 1920-pixel PNG shaped like ``box`` (so it fills the box), on the slide's background in
    the dark theme; the caller's figure is never changed."""
    from reports import images

    width = PNG_LAYOUT_WIDTH
    height = round(PNG_LAYOUT_WIDTH * box.h / box.w)
    if theme == "dark":
        import plotly.graph_objects as go

        pal = palette(theme)
        fig = go.Figure(fig)
        fig.update_layout(paper_bgcolor=pal.background, plot_bgcolor=pal.background, font_color=pal.text)
        fig.update_xaxes(gridcolor=pal.grid, linecolor=pal.grid)
        fig.update_yaxes(gridcolor=pal.grid, linecolor=pal.grid)
    return images.png(fig, width=width, height=height, scale=PNG_SCALE)


def fit(img_w: float, img_h: float, box: Box) -> Box:
    """The largest box of the image's aspect ratio inside ``box``, centred."""
    scale = min(box.w / img_w, box.h / img_h)
    w, h = img_w * scale, img_h * scale
    return Box(box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h)
