"""A page as a printable PDF: A4 portrait, the filters in words on top, then every block (title, chart, caption, table).

Text is real, selectable text in embedded Noto Sans (DejaVu Sans when Noto is missing), so Vietnamese
prints correctly and can be searched and copied. Numbers are written Vietnamese-style by ``ui.format``
(13.712; 6,61%); every page carries "Trang N/M", the page title and the export time, and the sample
notice when the database is the sample.

This module must never recompute a number, never draw text as an image, never place an image outside
the margins and never import Streamlit.
"""

from __future__ import annotations

import io
import struct

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from reports import images as _images
from reports import pdf_fonts
from reports.model import NUMERIC_FORMATS, Item, Meta, cell_format
from reports.tables import classify
from ui import format as fmt
from ui.messages import t

FAMILY = "ReportSans"

MAX_TABLE_ROWS = 25
# Charts are laid out 800 CSS px wide and rasterised at 2x (1600 px): on the 180 mm text width the
# theme's 14 px text prints at about 9 pt. Laid out 1600 px wide it would print at about 4.5 pt.
CHART_WIDTH, CHART_SCALE = 800, 2

MARGIN = 15          # mm, all sides
FOOTER_SPACE = 20    # mm kept free at the bottom for the footer
GREY = (117, 117, 117)
DARK = (33, 33, 33)
RED = (183, 28, 28)
NOTICE_FILL = (255, 243, 224)
NOTICE_LINE = (239, 108, 0)
HEADING_FILL = (238, 238, 238)
RULE = (189, 189, 189)
CELL_PAD_X = 1.2     # mm, left and right inside a table cell


def _words(lang: str) -> dict[str, str]:
    """The report's own words, from the message catalogue (the KPI table's headers are the files' own)."""
    return {
        "page": t("pagepdf.page", lang),
        "exported": t("pagepdf.exported", lang),
        "more": t("pagepdf.more", lang),
        "empty": t("pagepdf.empty", lang),
        "kpi_headers": (t("export.kpi.metric", lang), t("export.kpi.value", lang), t("export.kpi.delta", lang),
                        t("pagepdf.col.compare", lang), t("export.kpi.ytd", lang), t("pagepdf.col.target", lang)),
    }


LONG_WORD = 24          # characters: a longer run without a space gets break points (soft hyphens) every LONG_WORD
_SOFT_HYPHEN = "\u00ad"


def _breakable(text) -> str:
    """``text`` with a soft hyphen every LONG_WORD characters inside any longer word, so a table cell can wrap it
    (fpdf2 breaks lines between words only, and refused a 300-letter word with "Not enough horizontal space");
    a tab, which the fonts have no glyph for, becomes a space."""
    text = str(text).replace("\t", " ")
    if len(text) <= LONG_WORD:
        return text
    return " ".join(w if len(w) <= LONG_WORD else _SOFT_HYPHEN.join(w[i:i + LONG_WORD]
                                                                     for i in range(0, len(w), LONG_WORD))
                    for w in text.split(" "))


def _words_of(text: str) -> list[str]:
    """The pieces a line may break between: words, and the parts of a long word between its soft hyphens."""
    return [p for w in text.split() for p in w.split(_SOFT_HYPHEN)]


def _png_size(data: bytes) -> tuple[int, int]:
    """Pixel width and height of a PNG (from its IHDR chunk); other formats through Pillow."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return im.size


def _cell_text(value, column_fmt: str | None) -> tuple[str, bool]:
    """(text, is_number) for one table cell, Vietnamese-style; unknown is '—', never 0."""
    kind, v = classify(value)
    if kind == "blank":
        return fmt.DASH, False
    if kind == "number":
        if column_fmt in NUMERIC_FORMATS:
            return fmt.value(v, cell_format(column_fmt, v)), True
        if column_fmt in ("text", "date"):   # a year or a code: 2024, not 2.024
            return (str(int(v)) if float(v).is_integer() else str(v)), False
        return fmt.number(v, 0 if float(v).is_integer() else 2), True
    if kind == "date":
        if hasattr(v, "hour") and (v.hour or v.minute):
            return v.strftime("%d/%m/%Y %H:%M"), False
        return v.strftime("%d/%m/%Y"), False
    return str(v), False


class _Doc(FPDF):
    def __init__(self, meta: Meta):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.meta = meta
        self.words = _words(meta.lang)
        regular, bold, italic = pdf_fonts.font_files()
        self.add_font(FAMILY, "", regular)
        self.add_font(FAMILY, "B", bold)
        self.add_font(FAMILY, "I", italic)
        pdf_fonts.add_symbol_fallback(self)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=FOOTER_SPACE)
        self.set_title(meta.title)
        self.set_author(meta.department or meta.title)
        self.set_creator("Bảng điều khiển công tác tuyên giáo")
        self.set_lang("en" if meta.lang == "en" else "vi")
        self.set_font(FAMILY, "", 10)
        self.set_text_color(*DARK)

    def _fit(self, text: str, width: float) -> str:
        """``text`` cut with an ellipsis to fit ``width`` mm in the current font."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text + "…"

    def footer(self):
        meta, w = self.meta, self.epw
        self.set_y(-(FOOTER_SPACE - 6))
        self.set_draw_color(*GREY)
        self.line(self.l_margin, self.get_y() - 1, self.l_margin + w, self.get_y() - 1)
        if meta.is_sample and meta.sample_notice:
            self.set_font(FAMILY, "B", 7.5)
            self.set_text_color(*RED)
            self.cell(w, 4, self._fit(meta.sample_notice, w), align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*GREY)
        exported = f"{self.words['exported']} {meta.generated_at.strftime('%d/%m/%Y %H:%M')}"
        self.cell(w * 0.45, 4, self._fit(meta.title, w * 0.45), align="L")
        self.cell(w * 0.2, 4, f"{self.words['page']} {self.page_no()}/{{nb}}", align="C")
        self.cell(w * 0.35, 4, self._fit(exported, w * 0.35), align="R")
        self.set_text_color(*DARK)

    # --- blocks ---------------------------------------------------------------------------------------

    def space_left(self) -> float:
        return self.page_break_trigger - self.get_y()

    def header_block(self):
        meta = self.meta
        self.set_font(FAMILY, "B", 20)
        self.multi_cell(0, 9, meta.title, new_x="LMARGIN", new_y="NEXT")
        if meta.department:
            self.set_font(FAMILY, "", 11)
            self.set_text_color(*GREY)
            self.multi_cell(0, 6, meta.department, new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(*DARK)
        self.ln(3)
        notice = meta.sample_notice if meta.is_sample else ""
        rows = [(label, value) for label, value in meta.lines() if not (notice and value == notice)]
        self.set_font(FAMILY, "", 9.5)
        self.set_draw_color(*RULE)
        with self.table(col_widths=(32, self.epw - 32), first_row_as_headings=False, width=self.epw,
                        borders_layout="HORIZONTAL_LINES", line_height=5, padding=(1, 1.5),
                        text_align=("LEFT", "LEFT")) as table:
            for label, value in rows:
                row = table.row()
                row.cell(label, style=FontFace(emphasis="BOLD"))
                row.cell(value)
        if notice:
            self.ln(3)
            self.set_font(FAMILY, "B", 10)
            self.set_fill_color(*NOTICE_FILL)
            self.set_draw_color(*NOTICE_LINE)
            self.set_text_color(*RED)
            self.multi_cell(0, 5.5, notice, border=1, fill=True, padding=2, new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(*DARK)
            self.set_fill_color(255, 255, 255)
            self.set_draw_color(*RULE)
        self.ln(6)

    def item_block(self, item: Item, image: bytes | None):
        title_h = 8
        img_w = img_h = 0.0
        if image:
            px_w, px_h = _png_size(image)
            img_w = self.epw
            img_h = img_w * px_h / px_w
            max_h = self.page_break_trigger - self.t_margin - title_h - 2
            if img_h > max_h:   # a tall chart: shrink to one page, centred
                img_h = max_h
                img_w = img_h * px_w / px_h
        # keep the title with what follows: the image, or at least the start of the table
        if self.space_left() < title_h + (img_h + 2 if image else 25):
            self.add_page()

        self.set_font(FAMILY, "B", 13)
        self.multi_cell(0, 6.5, item.title, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        if image:
            if self.space_left() < img_h:
                self.add_page()
            y = self.get_y()
            self.image(io.BytesIO(image), x=self.l_margin + (self.epw - img_w) / 2, y=y, w=img_w, h=img_h,
                       alt_text=item.title)
            self.set_y(y + img_h + 1.5)
        if item.caption:
            self.set_font(FAMILY, "", 8.5)
            self.set_text_color(*GREY)
            self.multi_cell(0, 4.2, item.caption, new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(*DARK)
        self.ln(2)

        if item.kind == "kpis" and item.kpis:
            self.kpi_table(item)
        else:
            self.data_table(item, has_image=bool(image))
        self.ln(7)

    def _column_widths(self, headers: list[str], rows: list[list[str]], font_size: float) -> list[float]:
        """Column widths in mm: each column's natural width when the table fits, else shrunk toward its
        longest word (never below it while space allows), so labels wrap between words, not inside them."""
        pad = 2 * CELL_PAD_X + 0.6
        natural, minimum = [], []
        for i, header in enumerate(headers):
            self.set_font(FAMILY, "B", font_size)
            head_w = self.get_string_width(header)
            head_word = max((self.get_string_width(w) for w in _words_of(header)), default=0)
            self.set_font(FAMILY, "", font_size)
            texts = [r[i] for r in rows]
            cell_w = max((self.get_string_width(t) for t in texts), default=0)
            cell_word = max((self.get_string_width(w) for t in texts for w in _words_of(t)), default=0)
            natural.append(max(head_w, cell_w) + pad)
            minimum.append(max(head_word, cell_word) + pad)
        if sum(natural) <= self.epw:
            return natural
        extra = self.epw - sum(minimum)
        if extra <= 0:
            return [self.epw * m / sum(minimum) for m in minimum]
        slack = [n - m for n, m in zip(natural, minimum)]
        return [m + extra * s / sum(slack) for m, s in zip(minimum, slack)]

    def _grid(self, headers: list[str], rows: list[list[str]], numeric: list[bool], font_size: float):
        """One table: bold shaded headings (repeated after a page break), numbers right-aligned. A word longer than
        a column can hold (a long address typed as a name) may break inside, with a hyphen where it does."""
        headers = [_breakable(h) for h in headers]
        rows = [[_breakable(v) for v in r] for r in rows]
        widths = self._column_widths(headers, rows, font_size)
        if sum(widths) > self.epw:          # float rounding must never exceed the page width
            widths = [w * self.epw / sum(widths) * 0.9999 for w in widths]
        self.set_font(FAMILY, "", font_size)
        self.set_draw_color(*RULE)
        self.set_fill_color(255, 255, 255)
        align = ["RIGHT" if is_num else "LEFT" for is_num in numeric]
        with self.table(col_widths=widths, width=min(sum(widths), self.epw), align="LEFT", text_align=align,
                        line_height=font_size * 0.5, padding=(0.8, CELL_PAD_X), borders_layout="HORIZONTAL_LINES",
                        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL)) as table:
            head = table.row()
            for h in headers:
                head.cell(h)
            for values in rows:
                row = table.row()
                for v in values:
                    row.cell(v)

    def kpi_table(self, item: Item):
        texts = [[k.label, f"{k.value_text} {k.unit}".strip() if k.value_text else fmt.DASH, k.delta_text,
                  "; ".join(x for x in (k.cmp_text, k.coverage_text) if x), k.ytd_text, k.target_text]
                 for k in item.kpis]
        # change, comparison, year-to-date and target columns only when some KPI has one (no column of dashes)
        keep = [i for i in range(len(texts[0])) if i < 2 or any((r[i] or "").strip() for r in texts)]
        rows = [[r[i] or fmt.DASH for i in keep] for r in texts]
        numeric = [False, True, True, False, True, False]
        self._grid([self.words["kpi_headers"][i] for i in keep], rows, [numeric[i] for i in keep], 8.5)

    def data_table(self, item: Item, has_image: bool):
        table = item.table if isinstance(item.table, pd.DataFrame) else pd.DataFrame()
        if table.empty or not len(table.columns):
            if not has_image:
                self.set_font(FAMILY, "I", 9)
                self.set_text_color(*GREY)
                self.multi_cell(0, 5, self.words["empty"], new_x="LMARGIN", new_y="NEXT")
                self.set_text_color(*DARK)
            return
        formats = item.formats if isinstance(item.formats, dict) else {}
        columns = list(table.columns)
        shown = table.head(MAX_TABLE_ROWS)
        cells = [[_cell_text(v, formats.get(c)) for c, v in zip(columns, row)]
                 for row in shown.itertuples(index=False, name=None)]
        numeric = [
            formats.get(c) in NUMERIC_FORMATS
            or (bool(cells) and all(cells[r][i][1] or cells[r][i][0] == fmt.DASH for r in range(len(cells))))
            for i, c in enumerate(columns)
        ]
        size = 8 if len(columns) <= 6 else 7 if len(columns) <= 9 else 6
        self._grid([str(c) for c in columns], [[text for text, _ in row] for row in cells], numeric, size)
        rest = len(table) - len(shown)
        if rest > 0:
            self.ln(1)
            self.set_font(FAMILY, "I", 8.5)
            self.set_text_color(*GREY)
            self.multi_cell(0, 4.5, self.words["more"].format(n=fmt.number(rest)), new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(*DARK)


def page_pdf(items: list[Item], meta: Meta, images: dict[str, bytes] | None = None) -> bytes:
    """The page as PDF bytes. ``images`` maps an item key to its chart PNG; a chart without one is rendered here."""
    images = images or {}
    doc = _Doc(meta)
    doc.add_page()
    doc.header_block()
    for item in items:
        image = images.get(item.key)
        if image is None and item.figure is not None:
            image = _images.png(item.figure, width=CHART_WIDTH, scale=CHART_SCALE)
        doc.item_block(item, image)
    return bytes(doc.output())
