"""The drafted period report as an editable Word document (DOCX), laid out as a party document.

Form after Hướng dẫn 36-HD/VPTW (03/4/2018) on party documents: A4 portrait, margins top 20 mm, bottom 20 mm,
left 30 mm, right 15 mm (the guide's 20–25 / 20–25 / 30–35 / 15–20 mm); Times New Roman (Unicode, TCVN
6909:2001); the issuing body top left, upper case, the body in bold with "*" beneath and the number line;
"ĐẢNG CỘNG SẢN VIỆT NAM" top right, bold 15 pt, underlined as its rule, the place and date under it in
italics; "BÁO CÁO" bold 16 pt and its summary bold 14 pt centred over a short rule; the body 14 pt, justified,
first lines indented 1 cm, at least 6 pt between paragraphs; page numbers centred at the top from page 2;
"Nơi nhận:" underlined bottom left with its lines in 12 pt, the signature block bottom right; appendix tables
on their own pages as "Phụ lục 1, 2…".

Writes only what ``reports.narrative`` drafted: it never computes or formats a number. Text from the
database (unit, contest titles) is written as plain runs, never interpreted.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from reports.narrative.model import Document, Paragraph, Table

FONT = "Times New Roman"
BODY_PT, PARTY_PT, KIND_PT, RECIPIENT_PT, TABLE_PT = 14, 15, 16, 12, 11
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PAGE_MM = (210, 297)
INDENT = Cm(1)
RED = RGBColor(0xB7, 0x1C, 0x1C)


def _run(par, text: str, size: float = BODY_PT, bold: bool = False, italic: bool = False,
         underline: bool = False, color: RGBColor | None = None):
    run = par.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    if color is not None:
        run.font.color.rgb = color
    return run


def _par(container, text: str = "", align=WD_ALIGN_PARAGRAPH.LEFT, size: float = BODY_PT, bold=False, italic=False,
         underline=False, before: float = 0, after: float = 0, indent=None, color=None):
    par = container.add_paragraph()
    par.alignment = align
    fmt = par.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent is not None:
        fmt.first_line_indent = indent
    if text:
        _run(par, text, size, bold, italic, underline, color)
    return par


def _base_style(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    # page numbers centred at the top, not on the first page
    section.different_first_page_header_footer = True
    par = section.header.paragraphs[0]
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(BODY_PT * 2))
    rpr.append(size)
    run.append(rpr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    par._p.append(field)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def _text_width_mm() -> float:
    return PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]


def _header(doc, d: Document) -> None:
    h = d.header
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left_w = 78
    _widths(table, [left_w, _text_width_mm() - left_w])
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(left.paragraphs[0], h.parent)
    _par(left, h.body, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _par(left, "*", WD_ALIGN_PARAGRAPH.CENTER)
    _par(left, h.number, WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], h.party, PARTY_PT, bold=True, underline=True)
    _par(right, h.place_date, WD_ALIGN_PARAGRAPH.CENTER, italic=True, before=6)
    _par(doc, h.kind, WD_ALIGN_PARAGRAPH.CENTER, KIND_PT, bold=True, before=18)
    _par(doc, h.summary, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _par(doc, "-----", WD_ALIGN_PARAGRAPH.CENTER, after=6)
    if d.sample_notice:
        _par(doc, d.sample_notice, WD_ALIGN_PARAGRAPH.CENTER, 12, bold=True, after=6, color=RED)


def _body(doc, p: Paragraph) -> None:
    par = _par(doc, "", WD_ALIGN_PARAGRAPH.JUSTIFY, before=0, after=6, indent=INDENT)
    par.paragraph_format.line_spacing = 1.15
    _run(par, p.text, italic=p.style == "prompt")


def _closing(doc, d: Document) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    half = _text_width_mm() / 2
    _widths(table, [half, half])
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    _run(first, "Nơi nhận:", BODY_PT, underline=True)
    for line in d.recipients:
        _par(left, line, size=RECIPIENT_PT)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], d.signature[0], bold=True)
    for line in d.signature[1:]:
        _par(right, line, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for _ in range(4):      # room for the signature and the seal
        _par(right, "")
    _par(right, d.signer, WD_ALIGN_PARAGRAPH.CENTER, bold=True)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _appendix(doc, d: Document, t: Table) -> None:
    par = doc.add_paragraph()
    par.add_run().add_break(WD_BREAK.PAGE)
    _par(doc, f"Phụ lục {t.number}", WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _par(doc, t.title.upper(), WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    if d.appendix_ref:
        _par(doc, d.appendix_ref, WD_ALIGN_PARAGRAPH.CENTER, 12, italic=True, after=6)
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    weights = t.widths or [1.0] * len(t.columns)
    widths = [_text_width_mm() * w / sum(weights) for w in weights]
    head = table.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, t.columns):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(cell.paragraphs[0], text, TABLE_PT, bold=True)
        _shade(cell, "EEEEEE")
    for values in t.rows:
        cells = table.add_row().cells
        for cell, text, numeric in zip(cells, values, t.numeric):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            _run(cell.paragraphs[0], text, TABLE_PT)
    _widths(table, widths)
    if t.note:
        _par(doc, t.note, WD_ALIGN_PARAGRAPH.JUSTIFY, 12, italic=True, before=6)


def docx_bytes(d: Document) -> bytes:
    """The drafted report as DOCX bytes."""
    doc = new_document()
    _base_style(doc)
    _page(doc)
    props = doc.core_properties
    props.title = f"{d.header.kind} {d.header.summary}"
    props.author = d.issuer
    props.language = "vi-VN"
    props.comments = d.sample_notice
    _header(doc, d)
    for p in d.intro:
        _body(doc, p)
    for s in d.sections:
        _par(doc, s.heading, WD_ALIGN_PARAGRAPH.JUSTIFY, bold=True, before=6, after=6,
             indent=INDENT if s.level > 1 else None)
        for p in s.paragraphs:
            _body(doc, p)
    _par(doc, "")
    _closing(doc, d)
    for t in d.appendices:
        _appendix(doc, d, t)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
