"""The PowerPoint deck: ``Slide`` objects -> a 16:9 .pptx with real text, native tables and native charts.

Titles, KPI tables and footers are real text boxes and tables in "Noto Sans" at sizes read from the back
of a hall. Bar and line charts become native PowerPoint charts read from the block's own Plotly figure
(its traces, colours, bar mode and axis formats), so the chart logic exists once, in ``ui.charts``;
figures PowerPoint has no chart for (heat maps, the tile-grid map, subplots, mixed bar and line) become
a PNG from ``reports.images``. Every slide gets speaker notes with the exact numbers.

It never queries the database, never imports Streamlit, never recomputes a number (values are the
figure's and the item's as given; a missing value stays a gap, never 0), never puts text into an image
of its own and never changes the caller's figure.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from reports import slides_common as sc
from reports.model import Meta, Slide

FONT = "Noto Sans"
_NO_STYLE_NO_GRID = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"   # table style without fills or borders
_LABELS_MAX_CATEGORIES = 12
_DEFAULT_COLORWAY = ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880"]
_PATTERNS = {"/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL, "\\": MSO_PATTERN.WIDE_DOWNWARD_DIAGONAL,
             "x": MSO_PATTERN.DIAGONAL_CROSS, "-": MSO_PATTERN.LIGHT_HORIZONTAL,
             "|": MSO_PATTERN.LIGHT_VERTICAL, "+": MSO_PATTERN.CROSS, ".": MSO_PATTERN.PERCENT_20}
_DASHES = {"dash": MSO_LINE_DASH_STYLE.DASH, "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
           "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT, "longdash": MSO_LINE_DASH_STYLE.LONG_DASH,
           "longdashdot": MSO_LINE_DASH_STYLE.LONG_DASH_DOT}


# ----------------------------------------------------------------------------------- figure -> chart spec
@dataclass
class SeriesSpec:
    name: str
    values: list[float | None]
    color: tuple[int, int, int]
    point_colors: list[tuple[int, int, int] | None] | None = None   # per category, when the trace has a list
    patterns: list[str] | None = None                               # per category: '' or a Plotly shape
    dash: str | None = None
    width_pt: float = 2.25


@dataclass
class ChartSpec:
    """A native chart read from a Plotly figure: what to draw, in PowerPoint's terms."""

    kind: str                                   # "bar" | "line"
    chart_type: object                          # an XL_CHART_TYPE member
    categories: list[str]
    series: list[SeriesSpec] = field(default_factory=list)
    number_format: str = "General"
    data_labels: bool = False
    legend: bool = False
    reverse_categories: bool = False
    value_min: float | None = None
    value_max: float | None = None
    value_ticks: bool = True
    overlap: int | None = None


def _axis(fig, name: str):
    return getattr(fig.layout, name)


def _template_axis_attr(fig, name: str, attr: str):
    try:
        return getattr(getattr(fig.layout.template.layout, name), attr)
    except (AttributeError, ValueError):
        return None


def excel_format(d3: str | None) -> str | None:
    """A d3 number format as an Excel one (',.0f' -> '#,##0', '.2%' -> '0.00%'); None when the d3 format
    has no fixed number of decimals (',~r', 's', '')."""
    if not d3:
        return None
    m = re.fullmatch(r"[+\-( ]?[$#]?0?\d*(,)?(?:\.(\d+))?(~)?([a-z%]?)", d3.strip())
    if not m:
        return None
    comma, prec, tilde, kind = m.groups()
    if tilde or kind not in ("f", "%", "d"):
        return None
    whole = "#,##0" if comma else "0"
    decimals = 0 if kind == "d" else int(prec or 0)
    body = whole + ("." + "0" * decimals if decimals else "")
    return body + ("%" if kind == "%" else "")


def _hover_format(traces, value_axis: str) -> str | None:
    for t in traces:
        for attr in ("hovertemplate", "texttemplate"):
            text = getattr(t, attr, None)
            if isinstance(text, str):
                m = re.search(r"%\{" + value_axis + r":([^}]+)\}", text)
                if m:
                    return m.group(1)
    return None


def _number_format(fig, traces, value_axis: str, values: list[float | None]) -> str:
    name = value_axis + "axis"
    tick = _axis(fig, name).tickformat or _template_axis_attr(fig, name, "tickformat")
    for candidate in (excel_format(tick), excel_format(_hover_format(traces, value_axis))):
        if candidate:
            return candidate
    defined = [v for v in values if v is not None]
    if (tick or "").endswith("%"):
        return "0%"
    return "#,##0" if all(float(v).is_integer() for v in defined) else "#,##0.0#"


def _colorway(fig) -> list[str]:
    return list(fig.layout.colorway or fig.layout.template.layout.colorway or _DEFAULT_COLORWAY)


def _is_list(x) -> bool:
    return x is not None and not isinstance(x, str | bytes | int | float) and hasattr(x, "__len__")


def _label(v) -> str:
    if v is None:
        return ""
    if hasattr(v, "strftime"):
        return sc.cell_text(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return sc.plain(v)


def chart_spec(fig, background: str = "#FFFFFF", lang: str = "vi", name: str | None = None) -> ChartSpec | None:
    """The native chart for a figure of bars or lines on one pair of axes; None when PowerPoint has no such
    chart (heat maps, pies, markers-only scatter, subplots, bars mixed with lines, colour-scaled bars). ``name``: the
    series name of a figure's one unnamed trace (the slide's title), which PowerPoint shows in its data sheet."""
    if fig is None:
        return None
    traces = [t for t in fig.data if t.visible in (None, True)]
    if not traces:
        return None
    if any(k.startswith(("xaxis", "yaxis")) and k not in ("xaxis", "yaxis") for k in fig.layout.to_plotly_json()):
        return None
    types = {t.type for t in traces}
    if types == {"bar"}:
        kind = "bar"
        orientations = {t.orientation or "v" for t in traces}
        if len(orientations) != 1:
            return None
        horizontal = orientations == {"h"}
    elif types == {"scatter"} and all("lines" in (t.mode or "lines") for t in traces):
        kind, horizontal = "line", False
    else:
        return None
    if any((t.xaxis or "x") != "x" or (t.yaxis or "y") != "y" for t in traces):
        return None
    cat_axis, val_axis = ("y", "x") if horizontal else ("x", "y")

    # categories in Plotly's order: first appearance over the traces, unless the axis orders them
    per_trace: list[tuple[list[str], list[float | None]]] = []
    order: list[str] = []
    seen: set[str] = set()
    for t in traces:
        vals = list(getattr(t, val_axis) if getattr(t, val_axis) is not None else [])
        cats_raw = getattr(t, cat_axis)
        cats = [_label(c) for c in cats_raw] if cats_raw is not None else [str(i) for i in range(len(vals))]
        per_trace.append((cats, [sc.number_or_none(v) for v in vals]))
        for c in cats:
            if c not in seen:
                seen.add(c)
                order.append(c)
    axis = _axis(fig, cat_axis + "axis")
    how = axis.categoryorder or "trace"
    if how == "array" and axis.categoryarray is not None:
        wanted = [_label(c) for c in axis.categoryarray]
        order = [c for c in wanted if c in seen] + [c for c in order if c not in set(wanted)]
    elif how in ("category ascending", "category descending"):
        order = sorted(order, reverse=how.endswith("descending"))
    elif how in ("total ascending", "total descending"):
        totals = {c: 0.0 for c in order}
        for cats, vals in per_trace:
            for c, v in zip(cats, vals):
                totals[c] += v or 0.0
        order = sorted(order, key=lambda c: totals[c], reverse=how.endswith("descending"))
    ticktext = {}
    if axis.tickvals is not None and axis.ticktext is not None:
        ticktext = {_label(v): sc.plain(t) for v, t in zip(axis.tickvals, axis.ticktext)}

    colorway = _colorway(fig)
    series: list[SeriesSpec] = []
    all_values: list[float | None] = []
    for i, (t, (cats, vals)) in enumerate(zip(traces, per_trace)):
        by_cat = dict(zip(cats, vals))
        values = [by_cat.get(c) for c in order]
        all_values += values
        marker = t.marker
        mc = marker.color if marker is not None else None
        line_color = t.line.color if kind == "line" and t.line is not None else None
        opacity = t.opacity if t.opacity is not None else 1.0
        if marker is not None and isinstance(marker.opacity, int | float):
            opacity *= marker.opacity
        point_colors = None
        if _is_list(mc):
            if not all(isinstance(c, str) for c in mc):
                return None            # numbers on a colour scale: no native equivalent
            colors = dict(zip(cats, mc))
            point_colors = [sc.blend(colors[c], background, opacity * sc.alpha(colors[c])) if c in colors
                            else None for c in order]
            base = next((c for c in mc), colorway[i % len(colorway)])
        else:
            base = line_color or mc or colorway[i % len(colorway)]
        if point_colors is not None and len({p for p in point_colors if p is not None}) <= 1:
            base_rgb = next((p for p in point_colors if p is not None), sc.blend(base, background, opacity))
            point_colors = None
        else:
            base_rgb = sc.blend(base, background, opacity * sc.alpha(base))
        patterns = None
        pattern = getattr(marker, "pattern", None) if kind == "bar" else None     # scatter markers have none
        shape = pattern.shape if pattern is not None else None
        if _is_list(shape):
            shapes = dict(zip(cats, shape))
            patterns = [shapes.get(c) or "" for c in order]
            if not any(patterns):
                patterns = None
        elif isinstance(shape, str) and shape:
            patterns = [shape] * len(order)
        width = t.line.width if kind == "line" and t.line is not None and t.line.width else 2
        series.append(SeriesSpec(
            name=sc.plain(t.name) if t.name else sc.plain(name) if name and len(traces) == 1 else
            f"{sc.word('series', lang)} {i + 1}",
            values=values, color=base_rgb, point_colors=point_colors, patterns=patterns,
            dash=(t.line.dash if kind == "line" and t.line is not None else None),
            width_pt=max(2.0, float(width) * 0.9),
        ))

    barmode = fig.layout.barmode or "group"
    stacked = kind == "bar" and barmode in ("stack", "relative")
    if kind == "line":
        chart_type = XL_CHART_TYPE.LINE_MARKERS
    elif horizontal:
        chart_type = XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
    else:
        chart_type = XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
    vaxis = _axis(fig, val_axis + "axis")
    value_min = value_max = None
    if vaxis.range is not None and len(vaxis.range) == 2 and all(sc.number_or_none(v) is not None
                                                                   for v in vaxis.range):
        value_min, value_max = float(vaxis.range[0]), float(vaxis.range[1])
    elif kind == "line" and vaxis.rangemode == "tozero" and all((v or 0) >= 0 for v in all_values):
        value_min = 0.0
    # a chart whose page legend is off but whose slide shows one (the compare grid's bars: ``meta.slide_legend``)
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    named = [t for t in traces if t.name and (t.showlegend is not False or meta.get("slide_legend"))]
    return ChartSpec(
        kind=kind, chart_type=chart_type, categories=[ticktext.get(c, c) for c in order], series=series,
        number_format=_number_format(fig, traces, val_axis, all_values),
        data_labels=kind == "bar" and len(order) <= _LABELS_MAX_CATEGORIES,
        legend=len(series) > 1 and bool(named),
        reverse_categories=axis.autorange == "reversed",
        value_min=value_min, value_max=value_max,
        value_ticks=vaxis.showticklabels is not False,
        overlap=100 if barmode == "overlay" else None,
    )


# ------------------------------------------------------------------------------------------------ drawing
def _rgb(c) -> RGBColor:
    r, g, b = sc.rgb(c) if isinstance(c, str) else c
    return RGBColor(r, g, b)


def _font(font, size: float, color, bold: bool = False, italic: bool = False) -> None:
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = _rgb(color)


def _fill_frame(tf, paragraphs, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, space_pt: float = 0) -> None:
    """paragraphs: each a run (text, size, color, bold, italic) or a list of runs — the font named on every
    run; ``space_pt`` above every paragraph but the first."""
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.vertical_anchor = anchor
    for i, para in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        if i and space_pt:
            p.space_before = Pt(space_pt)
        for text, size, color, bold, italic in (para if isinstance(para, list) else [para]):
            run = p.add_run()
            run.text = text
            _font(run.font, size, color, bold, italic)


def _box(slide, box: sc.Box, paragraphs, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP, name: str | None = None,
         space_pt: float = 0):
    shape = slide.shapes.add_textbox(Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))
    if name:
        shape.name = name
    tf = shape.text_frame
    tf.margin_left = tf.margin_right = Inches(0.05)
    _fill_frame(tf, paragraphs, align, anchor, space_pt)
    return shape


def _title(slide, text: str, box: sc.Box, size: float, pal: sc.Palette, align=PP_ALIGN.LEFT,
           anchor=MSO_ANCHOR.MIDDLE) -> None:
    """The slide title in the layout's title placeholder (so outline view and screen readers find it)."""
    ph = slide.shapes.title
    ph.left, ph.top, ph.width, ph.height = Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h)
    tf = ph.text_frame
    tf.clear()
    tf.margin_left = tf.margin_right = Inches(0.05)
    _fill_frame(tf, [(text, size, pal.text, True, False)], align, anchor)


def _table(slide, rows: sc.TableRows, box: sc.Box, pal: sc.Palette) -> None:
    """A native table: header row in the accent colour, value columns large, text columns body size."""
    n_rows, n_cols = len(rows.rows) + 1, len(rows.header)
    geo = sc.table_geometry(rows, box)
    height = geo.header_h + geo.row_h * (n_rows - 1)
    shape = slide.shapes.add_table(n_rows, n_cols, Inches(box.x), Inches(box.y), Inches(box.w), Inches(height))
    tbl = shape.table
    style_id = tbl._tbl.tblPr.find(qn("a:tableStyleId"))
    if style_id is not None:
        style_id.text = _NO_STYLE_NO_GRID
    tbl.first_row = True
    tbl.horz_banding = False
    widths = [Inches(w) for w in geo.widths]
    widths[-1] = Emu(Inches(box.w) - sum(widths[:-1]))
    for col, w in zip(tbl.columns, widths):
        col.width = w
    tbl.rows[0].height = Inches(geo.header_h)
    for r in range(1, n_rows):
        tbl.rows[r].height = Inches(geo.row_h)

    def put(cell, runs, fill, align):
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(fill)
        cell.margin_left = cell.margin_right = Inches(0.1)
        cell.margin_top = cell.margin_bottom = Inches(0.04)
        tf = cell.text_frame
        tf.clear()
        _fill_frame(tf, [runs], align, MSO_ANCHOR.MIDDLE)

    for c, head in enumerate(rows.header):
        align = PP_ALIGN.LEFT if rows.roles[c] != "value" else PP_ALIGN.RIGHT
        put(tbl.cell(0, c), [(head, geo.text_pt, pal.header_text, True, False)], pal.header_fill, align)
    for r, row in enumerate(rows.rows, start=1):
        fill = pal.row_fill if r % 2 else pal.row_alt_fill
        for c, text in enumerate(row):
            role = rows.roles[c]
            size = geo.value_pt if role == "value" else geo.text_pt
            runs = [(text, size, pal.text, role == "label" or (role == "value" and rows.kind == "kpi"), False)]
            sub = rows.sub_text(r - 1, c)
            if sub:
                runs.append(("\u00a0" + sub, geo.text_pt, pal.muted, False, False))
            put(tbl.cell(r, c), runs, fill, PP_ALIGN.RIGHT if role == "value" else PP_ALIGN.LEFT)


def _category_font(n: int) -> int:
    return 16 if n <= 8 else 14 if n <= 14 else 12 if n <= 24 else 10


def _chart(slide, spec: ChartSpec, box: sc.Box, pal: sc.Palette) -> None:
    data = CategoryChartData(number_format=spec.number_format)
    data.categories = spec.categories
    for s in spec.series:
        data.add_series(s.name, s.values, number_format=spec.number_format)
    frame = slide.shapes.add_chart(spec.chart_type, Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h),
                                   data)
    frame.name = "chart"
    chart = frame.chart
    chart.has_title = False
    chart.font.name = FONT
    chart.font.size = Pt(14)
    chart.font.color.rgb = _rgb(pal.text)
    chart.has_legend = spec.legend
    if spec.legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        _font(chart.legend.font, 16, pal.text)
    plot = chart.plots[0]
    if spec.kind == "bar":
        plot.gap_width = 60
        plot.vary_by_categories = False
        if spec.overlap is not None:
            plot.overlap = spec.overlap
    for ser, s in zip(plot.series, spec.series):
        if spec.kind == "bar":
            ser.invert_if_negative = False
            ser.format.fill.solid()
            ser.format.fill.fore_color.rgb = _rgb(s.color)
            for idx in range(len(spec.categories)):
                color = s.point_colors[idx] if s.point_colors and s.point_colors[idx] else None
                pattern = _PATTERNS.get(s.patterns[idx]) if s.patterns else None
                if color is None and pattern is None:
                    continue
                fill = ser.points[idx].format.fill
                if pattern is not None:
                    fill.patterned()
                    fill.pattern = pattern
                    fill.fore_color.rgb = _rgb(color or s.color)
                    fill.back_color.rgb = _rgb(pal.background)
                    ser.points[idx].format.line.color.rgb = _rgb(color or s.color)
                else:
                    fill.solid()
                    fill.fore_color.rgb = _rgb(color)
        else:
            ser.smooth = False
            line = ser.format.line
            line.color.rgb = _rgb(s.color)
            line.width = Pt(s.width_pt)
            if s.dash in _DASHES:
                line.dash_style = _DASHES[s.dash]
            ser.marker.style = XL_MARKER_STYLE.CIRCLE
            ser.marker.size = 7
            ser.marker.format.fill.solid()
            ser.marker.format.fill.fore_color.rgb = _rgb(s.color)
            ser.marker.format.line.color.rgb = _rgb(s.color)
    if spec.data_labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = spec.number_format
        labels.number_format_is_linked = False
        labels.show_value = True
        labels.position = XL_LABEL_POSITION.CENTER if spec.chart_type in (
            XL_CHART_TYPE.BAR_STACKED, XL_CHART_TYPE.COLUMN_STACKED) else XL_LABEL_POSITION.OUTSIDE_END
        _font(labels.font, 16 if len(spec.categories) <= 8 else 14, pal.text)
    cat, val = chart.category_axis, chart.value_axis
    _font(cat.tick_labels.font, _category_font(len(spec.categories)), pal.text)
    cat.major_tick_mark = XL_TICK_MARK.NONE
    cat.format.line.color.rgb = _rgb(pal.grid)
    cat.has_major_gridlines = False
    if spec.reverse_categories:
        cat.reverse_order = True
    _font(val.tick_labels.font, 14, pal.muted)
    val.tick_labels.number_format = spec.number_format
    val.tick_labels.number_format_is_linked = False
    val.major_tick_mark = XL_TICK_MARK.NONE
    val.format.line.fill.background()
    val.has_major_gridlines = spec.value_ticks
    if spec.value_ticks:
        val.major_gridlines.format.line.color.rgb = _rgb(pal.grid)
    else:
        val.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    if spec.value_min is not None:
        val.minimum_scale = spec.value_min
    if spec.value_max is not None:
        val.maximum_scale = spec.value_max


def _picture(slide, fig, box: sc.Box, theme: str) -> None:
    png = sc.picture_png(fig, box, theme)
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        w, h = im.size
    at = sc.fit(w, h, box)
    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(at.x), Inches(at.y), Inches(at.w), Inches(at.h))
    pic.name = "chart picture"


def _footer(slide, meta: Meta, n: int, total: int, content: bool, pal: sc.Palette) -> None:
    if content:
        _box(slide, sc.FOOTER_LEFT, [(meta.title, sc.FOOTER_PT, pal.muted, False, False)],
             anchor=MSO_ANCHOR.MIDDLE, name="footer title")
        _box(slide, sc.FOOTER_RIGHT, [(sc.page_number(n, total), sc.FOOTER_PT, pal.muted, False, False)],
             align=PP_ALIGN.RIGHT, anchor=MSO_ANCHOR.MIDDLE, name="footer page")
    notice = sc.sample_line(meta)
    if notice:
        _box(slide, sc.FOOTER_MID, [(notice, sc.FOOTER_PT + 1, pal.notice, True, False)],
             align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE, name="sample notice")


# ------------------------------------------------------------------------------------------------- slides
def _cover(slide, s: Slide, meta: Meta, pal: sc.Palette) -> None:
    w = sc.SLIDE_W - 2 * sc.MARGIN
    if meta.department and meta.department not in s.lines:
        _box(slide, sc.Box(sc.MARGIN, 0.6, w, 0.6), [(meta.department.upper(), sc.COVER_LINE_PT, pal.accent, True,
                                                      False)], align=PP_ALIGN.CENTER, name="department")
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(sc.SLIDE_W / 2 - 1.0), Inches(1.35), Inches(2.0), Inches(0.06))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(pal.accent)
    bar.line.fill.background()
    _centred(slide, s, pal, sc.Box(sc.MARGIN, 1.7, w, 1.9), 3.85, "subtitle")


def _closing(slide, s: Slide, pal: sc.Palette) -> None:
    _centred(slide, s, pal, sc.Box(sc.MARGIN, 2.0, sc.SLIDE_W - 2 * sc.MARGIN, 1.5), 3.75, "lines")


def _centred(slide, s: Slide, pal: sc.Palette, title_box: sc.Box, lines_y: float, name: str) -> None:
    """A cover or closing slide's centred title, then its subtitle and lines beneath."""
    _title(slide, s.title, title_box, sc.COVER_TITLE_PT, pal, PP_ALIGN.CENTER, MSO_ANCHOR.BOTTOM)
    paragraphs = []
    if s.subtitle:
        paragraphs.append((s.subtitle, sc.COVER_SUB_PT, pal.text, False, False))
    paragraphs += [(line, sc.COVER_LINE_PT, pal.muted, False, False) for line in s.lines if line]
    if paragraphs:
        _box(slide, sc.Box(sc.MARGIN, lines_y, title_box.w, 2.9), paragraphs, align=PP_ALIGN.CENTER, name=name,
             space_pt=sc.PARAGRAPH_GAP_PT)


def _heading(slide, s: Slide, pal: sc.Palette) -> None:
    _title(slide, s.title, sc.TITLE_BOX, sc.title_size(s.title), pal)


def _kpis(slide, s: Slide, meta: Meta, pal: sc.Palette) -> None:
    _heading(slide, s, pal)
    cap_box, box = sc.boxes(s)
    if cap_box is not None:
        _box(slide, cap_box, [(sc.caption(s), sc.CAPTION_PT, pal.muted, False, True)], name="caption")
    rows = sc.kpi_table(s.item, meta.lang) if s.item is not None else None
    if rows is None or not rows.rows:
        _box(slide, box, [(sc.word("no_data", meta.lang), sc.NOTICE_PT, pal.muted, False, False)],
             anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.CENTER, name="notice")
        return
    _table(slide, rows, box, pal)


def _block(slide, s: Slide, meta: Meta, theme: str, pal: sc.Palette) -> None:
    _heading(slide, s, pal)
    item = s.item
    if item is None:                  # a notice slide (block gone, no data): its subtitle is the message
        _box(slide, sc.CONTENT_BOX, [(s.subtitle or sc.word("no_data", meta.lang), sc.NOTICE_PT, pal.muted, False,
                                      False)], anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.CENTER, name="notice")
        return
    cap_box, box = sc.boxes(s)
    if cap_box is not None:
        _box(slide, cap_box, [(sc.caption(s), sc.CAPTION_PT, pal.muted, False, True)], name="caption")
    if item.figure is not None:
        spec = chart_spec(item.figure, pal.background, meta.lang, item.title)
        if spec is not None and spec.categories and spec.series:
            _chart(slide, spec, box, pal)
        else:
            _picture(slide, item.figure, box, theme)
    elif item.table is not None and not item.table.empty:
        rows = sc.frame_rows(item)
        _table(slide, rows, sc.Box(box.x, box.y, box.w, box.h - (sc.MORE_ROWS_H if rows.more else 0)), pal)
        if rows.more:
            _box(slide, sc.Box(box.x, box.y + box.h - sc.MORE_ROWS_H, box.w, sc.MORE_ROWS_H),
                 [(sc.more_rows(rows.more, meta.lang), sc.FOOTER_PT + 1, pal.muted, False, True)])
    else:
        _box(slide, box, [(sc.word("no_data", meta.lang), sc.NOTICE_PT, pal.muted, False, False)],
             anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.CENTER, name="notice")


def deck_pptx(slides: list[Slide], meta: Meta, theme: str = "light") -> bytes:
    """The deck as .pptx bytes: 16:9, one slide per ``Slide``, notes on every slide."""
    pal = sc.palette(theme)
    prs = Presentation()
    prs.slide_width = Emu(12192000)                    # PowerPoint's own widescreen size, 13.333 × 7.5 in
    prs.slide_height = Emu(6858000)
    props = prs.core_properties
    props.title = meta.title
    props.author = meta.department or ""
    props.subject = ", ".join(p for p in (meta.units, meta.period) if p)
    props.language = "en-US" if meta.lang == "en" else "vi-VN"
    layout = prs.slide_layouts[5]                      # "Title Only": a real title placeholder on every slide
    total = len(slides)
    for n, s in enumerate(slides, start=1):
        slide = prs.slides.add_slide(layout)
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = _rgb(pal.background)
        if s.kind == "title":
            _cover(slide, s, meta, pal)
        elif s.kind == "closing":
            _closing(slide, s, pal)
        elif s.kind == "kpis":
            _kpis(slide, s, meta, pal)
        else:
            _block(slide, s, meta, theme, pal)
        _footer(slide, meta, n, total, sc.is_content(s), pal)
        slide.notes_slide.notes_text_frame.text = sc.notes(s, meta)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
