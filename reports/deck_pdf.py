"""The deck as a PDF handout: one landscape 16:9 page per ``Slide``, the same boxes as the PowerPoint deck.

Text is real, selectable text in embedded Noto Sans (regular, bold, italic); KPI tables are drawn as text
tables; charts are PNGs from ``reports.images`` fitted into the content area with the chart's title as
their alternative text. Each page carries "N/M" and, on the sample database, the sample notice.

It never queries the database, never imports Streamlit, never recomputes a number (texts come from
``reports.slides_common`` as the page made them) and never changes the caller's figure.
"""

from __future__ import annotations

import io
import unicodedata

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from reports import pdf_fonts
from reports import slides_common as sc
from reports.model import Meta, Slide

FONT_DIR = "/usr/share/fonts/truetype/noto"
FONT = "NotoSans"
_FILES = {"": "NotoSans-Regular.ttf", "B": "NotoSans-Bold.ttf", "I": "NotoSans-Italic.ttf"}
MM = 25.4                     # millimetres per inch
PT_MM = 25.4 / 72             # millimetres per point
LINE = 1.22                   # line height as a multiple of the type size


def _mm(box: sc.Box) -> sc.Box:
    return sc.Box(box.x * MM, box.y * MM, box.w * MM, box.h * MM)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


class _Deck:
    """One PDF being written: fonts registered once, a page per slide."""

    def __init__(self, meta: Meta, theme: str):
        self.meta = meta
        self.theme = theme
        self.pal = sc.palette(theme)
        pdf = FPDF(orientation="L", unit="mm", format=(sc.SLIDE_H * MM, sc.SLIDE_W * MM))
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.c_margin = 1.0
        for style, name in _FILES.items():
            pdf.add_font(FONT, style, f"{FONT_DIR}/{name}")
        pdf_fonts.add_symbol_fallback(pdf)
        pdf.set_title(_nfc(meta.title))
        pdf.set_author(_nfc(meta.department))
        pdf.set_subject(_nfc(", ".join(p for p in (meta.units, meta.period) if p)))
        pdf.set_creator("tuyengiao-dashboard")
        pdf.set_lang("en" if meta.lang == "en" else "vi")
        self.pdf = pdf

    # ---------------------------------------------------------------------------------------- primitives
    def color(self, c, kind: str = "text") -> None:
        r, g, b = sc.rgb(c) if isinstance(c, str) else c
        {"text": self.pdf.set_text_color, "fill": self.pdf.set_fill_color,
         "draw": self.pdf.set_draw_color}[kind](r, g, b)

    def lines(self, text: str, w: float, size: float, style: str = "") -> list[str]:
        self.pdf.set_font(FONT, style, size)
        return self.pdf.multi_cell(w, size * PT_MM * LINE, _nfc(text), dry_run=True, output="LINES") or [""]

    def text(self, box: sc.Box, paragraphs, align: str = "L", anchor: str = "top", gap_pt: float = 0) -> None:
        """paragraphs: [(text, size, color, style)] stacked in ``box`` (millimetres), ``gap_pt`` apart."""
        laid = [(self.lines(t, box.w, size, style), size, color, style) for t, size, color, style in paragraphs
                if t]
        gap = gap_pt * PT_MM
        total = sum(len(ls) * size * PT_MM * LINE for ls, size, _c, _s in laid) + gap * max(0, len(laid) - 1)
        y = box.y
        if anchor == "middle":
            y = box.y + max(0.0, (box.h - total) / 2)
        elif anchor == "bottom":
            y = box.y + max(0.0, box.h - total)
        for i, (ls, size, color, style) in enumerate(laid):
            y += gap if i else 0.0
            lh = size * PT_MM * LINE
            self.pdf.set_font(FONT, style, size)
            self.color(color)
            for line in ls:
                self.pdf.set_xy(box.x, y)
                self.pdf.cell(box.w, lh, line, align=align, new_x=XPos.RIGHT, new_y=YPos.TOP)
                y += lh

    def table(self, rows: sc.TableRows, box_in: sc.Box) -> None:
        """A text table in ``box_in`` with the PowerPoint table's columns, sizes and least row heights: header
        in the accent colour, value columns large with a KPI's unit in small type after the value; the type
        shrinks until the table fits the box."""
        geo = sc.table_geometry(rows, box_in)
        box = _mm(box_in)
        widths = [w * MM for w in geo.widths]
        pad = 1.6
        for scale in (1.0, 0.88, 0.76, 0.64, 0.52):
            value_pt, text_pt = geo.value_pt * scale, geo.text_pt * scale
            layout = []
            for r, row in enumerate([rows.header, *rows.rows]):
                cells = []
                for c, text in enumerate(row):
                    role = "head" if r == 0 else rows.roles[c]
                    size = value_pt if role == "value" else text_pt
                    style = "B" if role in ("head", "label") or (role == "value" and rows.kind == "kpi") else ""
                    sub = rows.sub_text(r - 1, c) if r else ""
                    inner = widths[c] - 2 * pad - 2 * self.pdf.c_margin
                    if sub and self.width(text, size, style) + self.width(" " + sub, text_pt, "") <= inner:
                        cells.append(("inline", text, size, style, sub, text_pt))
                        height = size * PT_MM * LINE
                    else:
                        lines = self.lines(text, widths[c] - 2 * pad, size, style)
                        sub_lines = self.lines(sub, widths[c] - 2 * pad, text_pt, "") if sub else []
                        cells.append(("lines", lines, size, style, sub_lines, text_pt))
                        height = len(lines) * size * PT_MM * LINE + len(sub_lines) * text_pt * PT_MM * LINE
                    cells[-1] = (*cells[-1], height)
                least = (geo.header_h if r == 0 else geo.row_h) * MM * min(1.0, scale + 0.12)
                layout.append((cells, max(max(cell[-1] for cell in cells) + 2 * pad, least)))
            if sum(h for _c, h in layout) <= box.h or scale == 0.52:
                break
        y = box.y
        for r, (cells, height) in enumerate(layout):
            fill = self.pal.header_fill if r == 0 else (self.pal.row_fill if r % 2 else self.pal.row_alt_fill)
            color = self.pal.header_text if r == 0 else self.pal.text
            x = box.x
            for c, (how, main, size, style, sub, sub_pt, _h) in enumerate(cells):
                self.color(fill, "fill")
                self.pdf.rect(x, y, widths[c], height, style="F")
                align = "R" if rows.roles[c] == "value" else "L"
                inner = sc.Box(x + pad, y + pad, widths[c] - 2 * pad, height - 2 * pad)
                if how == "inline":
                    self.inline(inner, main, size, style, color, sub, sub_pt, align)
                else:
                    paragraphs = [("\n".join(main), size, color, style)]
                    if sub:
                        paragraphs.append(("\n".join(sub), sub_pt, self.pal.muted, ""))
                    self.text(inner, paragraphs, align=align, anchor="middle")
                x += widths[c]
            y += height

    def width(self, text: str, size: float, style: str) -> float:
        self.pdf.set_font(FONT, style, size)
        return self.pdf.get_string_width(_nfc(text))

    def inline(self, box: sc.Box, main: str, size: float, style: str, color, sub: str, sub_pt: float,
               align: str) -> None:
        """'13.712 người' on one line, vertically centred: the value large, the unit small on its baseline."""
        m = self.pdf.c_margin
        w_main, w_sub = self.width(main, size, style), self.width(" " + sub, sub_pt, "")
        x = box.x + m if align == "L" else box.x + box.w - m - w_main - w_sub
        baseline = box.y + box.h / 2 + size * PT_MM * 0.35
        self.pdf.set_font(FONT, style, size)
        self.color(color)
        self.pdf.text(x, baseline, _nfc(main))
        self.pdf.set_font(FONT, "", sub_pt)
        self.color(self.pal.muted)
        self.pdf.text(x + w_main, baseline, _nfc(" " + sub))

    def picture(self, fig, box_in: sc.Box, alt: str) -> None:
        png = sc.picture_png(fig, box_in, self.theme)
        from PIL import Image

        with Image.open(io.BytesIO(png)) as im:
            w, h = im.size
        at = _mm(sc.fit(w, h, box_in))
        self.pdf.image(io.BytesIO(png), x=at.x, y=at.y, w=at.w, h=at.h, alt_text=_nfc(alt))

    # -------------------------------------------------------------------------------------------- slides
    def page(self, s: Slide, n: int, total: int) -> None:
        pdf, pal = self.pdf, self.pal
        pdf.add_page()
        pdf.start_section(_nfc(s.title) or sc.page_number(n, total))     # the PDF outline: one entry a slide
        self.color(pal.background, "fill")
        pdf.rect(0, 0, pdf.w, pdf.h, style="F")
        if s.kind == "title":
            self.cover(s)
        elif s.kind == "closing":
            self.closing(s)
        else:
            self.content(s)
        self.footer(s, n, total)

    def cover(self, s: Slide) -> None:
        pal, meta = self.pal, self.meta
        w = sc.SLIDE_W - 2 * sc.MARGIN
        if meta.department and meta.department not in s.lines:
            self.text(_mm(sc.Box(sc.MARGIN, 0.6, w, 0.6)), [(meta.department.upper(), sc.COVER_LINE_PT, pal.accent,
                                                             "B")], align="C")
        self.color(pal.accent, "fill")
        self.pdf.rect((sc.SLIDE_W / 2 - 1.0) * MM, 1.35 * MM, 2.0 * MM, 0.06 * MM, style="F")
        self.text(_mm(sc.Box(sc.MARGIN, 1.7, w, 1.9)), [(s.title, sc.COVER_TITLE_PT, pal.text, "B")],
                  align="C", anchor="bottom")
        self.lines_block(s, sc.Box(sc.MARGIN, 3.85, w, 2.9))

    def closing(self, s: Slide) -> None:
        w = sc.SLIDE_W - 2 * sc.MARGIN
        self.text(_mm(sc.Box(sc.MARGIN, 2.0, w, 1.5)), [(s.title, sc.COVER_TITLE_PT, self.pal.text, "B")],
                  align="C", anchor="bottom")
        self.lines_block(s, sc.Box(sc.MARGIN, 3.75, w, 2.9))

    def lines_block(self, s: Slide, box: sc.Box) -> None:
        paragraphs = [(s.subtitle, sc.COVER_SUB_PT, self.pal.text, "")] if s.subtitle else []
        paragraphs += [(line, sc.COVER_LINE_PT, self.pal.muted, "") for line in s.lines if line]
        self.text(_mm(box), paragraphs, align="C", gap_pt=sc.PARAGRAPH_GAP_PT)

    def content(self, s: Slide) -> None:
        pal, lang = self.pal, self.meta.lang
        self.text(_mm(sc.TITLE_BOX), [(s.title, sc.title_size(s.title), pal.text, "B")], anchor="middle")
        item = s.item
        no_data = [(sc.word("no_data", lang), sc.NOTICE_PT, pal.muted, "")]
        if item is None and s.kind != "kpis":     # a notice slide (block gone, no data): the subtitle is the message
            self.text(_mm(sc.CONTENT_BOX), [(s.subtitle or no_data[0][0], sc.NOTICE_PT, pal.muted, "")],
                      align="C", anchor="middle")
            return
        cap_box, box = sc.boxes(s)
        if cap_box is not None:
            self.text(_mm(cap_box), [(sc.caption(s), sc.CAPTION_PT, pal.muted, "I")])
        if s.kind == "kpis":
            rows = sc.kpi_table(item, lang) if item is not None else None
            if rows is not None and rows.rows:
                self.table(rows, box)
            else:
                self.text(_mm(box), no_data, align="C", anchor="middle")
        elif item.figure is not None:
            self.picture(item.figure, box, item.title or s.title)
        elif item.table is not None and not item.table.empty:
            rows = sc.frame_rows(item)
            self.table(rows, sc.Box(box.x, box.y, box.w, box.h - (sc.MORE_ROWS_H if rows.more else 0)))
            if rows.more:
                self.text(_mm(sc.Box(box.x, box.y + box.h - sc.MORE_ROWS_H, box.w, sc.MORE_ROWS_H)),
                          [(sc.more_rows(rows.more, lang), sc.FOOTER_PT + 1, pal.muted, "I")], anchor="middle")
        else:
            self.text(_mm(box), no_data, align="C", anchor="middle")

    def footer(self, s: Slide, n: int, total: int) -> None:
        pal, meta = self.pal, self.meta
        if sc.is_content(s):
            self.text(_mm(sc.FOOTER_LEFT), [(meta.title, sc.FOOTER_PT, pal.muted, "")], anchor="middle")
        self.text(_mm(sc.FOOTER_RIGHT), [(sc.page_number(n, total), sc.FOOTER_PT, pal.muted, "")], align="R",
                  anchor="middle")
        notice = sc.sample_line(meta)
        if notice:
            self.text(_mm(sc.FOOTER_MID), [(notice, sc.FOOTER_PT + 1, pal.notice, "B")], align="C",
                      anchor="middle")


def deck_pdf(slides: list[Slide], meta: Meta, theme: str = "light") -> bytes:
    """The deck as PDF bytes: one landscape 16:9 page (338.67 × 190.5 mm) per slide."""
    deck = _Deck(meta, theme)
    total = len(slides)
    for n, s in enumerate(slides, start=1):
        deck.page(s, n, total)
    return bytes(deck.pdf.output())
