"""The drafted period report as PDF, laid out as the DOCX (``reports.docx_report``) is: a party document.

A4 portrait, margins top 20, bottom 20, left 30, right 15 mm (Hướng dẫn 36-HD/VPTW); the issuing body top
left with "*" and the number; "ĐẢNG CỘNG SẢN VIỆT NAM" top right with its rule and the place and date in
italics; "BÁO CÁO" and the summary centred; justified body with indented first lines; page numbers centred at
the top from page 2; "Nơi nhận" and the signature block; appendices on new pages. The serif face is Noto Serif
(Debian's fonts-noto-core, which CI installs; DejaVu/Liberation Serif or the page report's sans faces as
fall-backs) — Times New Roman is not free to ship, and the DOCX names it for Word to use. Body text is 13 pt
(Noto Serif is wider than Times New Roman; the guide allows 13–14 pt).

Real, selectable text; never computes or formats a number (they come drafted); never imports Streamlit.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from reports import pdf_fonts
from reports.narrative.model import Document, Paragraph, Table
from reports.pdf_fonts import FONT_CANDIDATES, font_files

FAMILY = "ReportSerif"
SERIF_CANDIDATES = (
    ("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf",
     "/usr/share/fonts/truetype/noto/NotoSerif-Italic.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf"),
) + FONT_CANDIDATES

TOP, BOTTOM, LEFT, RIGHT = 20, 20, 30, 15      # mm
BODY, PARTY, KIND, SMALL, TABLE = 13, 14, 15, 11.5, 9
LINE = 6.2           # mm per body line (about 1.2 lines of 13 pt)
HEADER_LEFT_W = 78   # mm, the issuing body's column
RED = (183, 28, 28)
DARK = (0, 0, 0)
HEAD_FILL = (238, 238, 238)
GRID = (120, 120, 120)


class _Doc(FPDF):
    def __init__(self, d: Document):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.d = d
        regular, bold, italic = font_files(SERIF_CANDIDATES)
        self.add_font(FAMILY, "", regular)
        self.add_font(FAMILY, "B", bold)
        self.add_font(FAMILY, "I", italic)
        pdf_fonts.add_symbol_fallback(self)
        self.set_margins(LEFT, TOP, RIGHT)
        self.set_auto_page_break(True, margin=BOTTOM + (5 if d.sample_notice else 0))
        self.set_title(f"{d.header.kind} {d.header.summary}")
        self.set_author(d.issuer)
        self.set_creator("Bảng điều khiển công tác tuyên giáo")
        self.set_lang("vi")
        self.set_text_color(*DARK)

    def header(self):
        if self.page_no() > 1:      # party documents number pages from the second, centred at the top
            self.set_y(10)
            self.set_font(FAMILY, "", BODY)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(TOP)

    def footer(self):
        if self.d.sample_notice:
            self.set_y(-(BOTTOM - 4))
            self.set_font(FAMILY, "B", 8)
            self.set_text_color(*RED)
            self.cell(0, 4, self.d.sample_notice, align="C")
            self.set_text_color(*DARK)

    # ---- pieces ----------------------------------------------------------------------------------------

    def centred(self, text: str, size: float, style: str = "", h: float | None = None, w: float | None = None,
                x: float | None = None):
        self.set_font(FAMILY, style, size)
        if x is not None:
            self.set_x(x)
        self.multi_cell(w if w is not None else 0, h or size * 0.45, text, align="C", new_x="LMARGIN" if x is None
                        else "LEFT", new_y="NEXT")

    def top(self):
        h, d = self.d.header, self.d
        y0 = self.get_y()
        left_x, left_w = self.l_margin, HEADER_LEFT_W
        right_x, right_w = self.l_margin + left_w, self.epw - left_w
        for text, style in ((h.parent, ""), (h.body, "B"), ("*", ""), (h.number, "")):
            self.set_font(FAMILY, style, BODY)
            self.set_xy(left_x, self.get_y())
            self.multi_cell(left_w, 6, text, align="C", new_x="LEFT", new_y="NEXT")
        left_end = self.get_y()
        self.set_xy(right_x, y0)
        self.set_font(FAMILY, "B", PARTY)
        self.cell(right_w, 6.5, h.party, align="C", new_x="LEFT", new_y="NEXT")
        width = self.get_string_width(h.party)
        rule_y = self.get_y() + 0.3
        self.set_line_width(0.3)
        self.line(right_x + (right_w - width) / 2, rule_y, right_x + (right_w + width) / 2, rule_y)
        self.set_xy(right_x, self.get_y() + 3)
        self.set_font(FAMILY, "I", BODY)
        self.multi_cell(right_w, 6, h.place_date, align="C", new_x="LEFT", new_y="NEXT")
        self.set_y(max(left_end, self.get_y()) + 8)
        self.centred(h.kind, KIND, "B", 7)
        self.centred(h.summary, BODY, "B", 6)
        self.centred("-----", BODY, "", 6)
        if d.sample_notice:
            self.set_text_color(*RED)
            self.centred(d.sample_notice, SMALL, "B", 5.5)
            self.set_text_color(*DARK)
        self.ln(3)

    def body(self, p: Paragraph):
        self.set_font(FAMILY, "I" if p.style == "prompt" else "", BODY)
        with self.text_columns(text_align="J", line_height=1.2, l_margin=self.l_margin, r_margin=self.r_margin) as cols:
            par = cols.paragraph(first_line_indent=10, bottom_margin=2)
            par.write(p.text)
            cols.end_paragraph()

    def heading(self, text: str, level: int):
        self.set_font(FAMILY, "B", BODY)
        if self.will_page_break(LINE * 3):
            self.add_page()
        self.ln(1.5)
        self.set_x(self.l_margin + 10)
        self.multi_cell(self.epw - 10, LINE, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def closing(self):
        d = self.d
        if self.will_page_break(60):
            self.add_page()
        self.ln(4)
        y0 = self.get_y()
        half = self.epw / 2
        self.set_font(FAMILY, "", BODY)
        self.set_x(self.l_margin)
        label = "Nơi nhận:"
        self.cell(self.get_string_width(label), 6, label, new_x="LMARGIN", new_y="NEXT")
        self.line(self.l_margin, self.get_y() - 0.6, self.l_margin + self.get_string_width(label), self.get_y() - 0.6)
        self.set_font(FAMILY, "", SMALL)
        for line in d.recipients:
            self.set_x(self.l_margin)
            self.multi_cell(half - 4, 5, line, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_xy(self.l_margin + half, y0)
        self.set_font(FAMILY, "B", BODY)
        for line in d.signature:
            self.set_x(self.l_margin + half)
            self.cell(half, 6, line, align="C", new_x="LEFT", new_y="NEXT")
        self.ln(26)
        if d.signer:
            self.set_x(self.l_margin + half)
            self.cell(half, 6, d.signer, align="C")

    def _fit(self, t: Table) -> tuple[float, list[float]]:
        """The table's type size and column widths (mm) from its content: a number is never broken ("154.110.1" over
        "67"), nor a word ("người/kê" over "nh"); text columns take what is left, in proportion to their longest
        cell; the type shrinks (to 7 pt at least) when the unbreakable parts alone are wider than the page."""
        pad = 2 * 1.2 + 1.0
        size = TABLE
        while True:
            self.set_font(FAMILY, "B", size)        # headings are bold: the widest case
            need, want = [], []
            for j, (col, numeric) in enumerate(zip(t.columns, t.numeric)):
                cells = [str(r[j]) for r in t.rows]
                words = [w for text in [col] + cells for w in text.split()]
                longest_word = max((self.get_string_width(w) for w in words), default=0.0)
                whole = [self.get_string_width(c) for c in cells] if numeric else []
                need.append(max([longest_word] + whole) + pad)
                want.append(max(need[-1], min(max((self.get_string_width(c) for c in cells), default=0.0) + pad, 45)))
            if sum(need) <= self.epw or size <= 7:
                break
            size = max(7.0, size * self.epw / sum(need) - 0.1)
        spare = max(0.0, self.epw - sum(need))
        grow = [w - n for w, n in zip(want, need)]
        if sum(grow) and spare > sum(grow):             # every column has what it wants: the rest evenly
            widths = [w + (spare - sum(grow)) / len(need) for w in want]
        else:                                           # the spare shared in proportion to what each still wants
            widths = [n + (spare * g / sum(grow) if sum(grow) else spare / len(need)) for n, g in zip(need, grow)]
        scale = self.epw / sum(widths)
        return size, [w * scale for w in widths]

    def appendix(self, t: Table):
        d = self.d
        self.add_page()
        self.centred(f"Phụ lục {t.number}", BODY, "B", 6.5)
        self.centred(t.title.upper(), BODY, "B", 6.5)
        if d.appendix_ref:
            self.centred(d.appendix_ref, SMALL, "I", 5.5)
        self.ln(3)
        size, widths = self._fit(t)
        self.set_font(FAMILY, "", size)
        self.set_draw_color(*GRID)
        align = ["RIGHT" if n else "LEFT" for n in t.numeric]
        with self.table(col_widths=widths, width=self.epw, text_align=align, line_height=size * 0.5,
                        padding=(0.8, 1.2), headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL)) as table:
            head = table.row()
            for c in t.columns:
                head.cell(c, align="CENTER")
            for values in t.rows:
                row = table.row()
                for v in values:
                    row.cell(v)
        if t.note:
            self.ln(2)
            self.set_font(FAMILY, "I", SMALL)
            self.multi_cell(0, 5, t.note, align="J", new_x="LMARGIN", new_y="NEXT")


def pdf_bytes(d: Document) -> bytes:
    """The drafted report as PDF bytes."""
    doc = _Doc(d)
    doc.add_page()
    doc.top()
    for p in d.intro:
        doc.body(p)
    for s in d.sections:
        doc.heading(s.heading, s.level)
        for p in s.paragraphs:
            doc.body(p)
    doc.closing()
    for t in d.appendices:
        doc.appendix(t)
    return bytes(doc.output())
