"""The "Báo cáo soạn sẵn" downloads: the drafted period report for an analysis page's filters, and on the programme
page the report of the chosen coordination programme and year.

The report is drafted only when a button is pressed (``data`` is a callable) and a download never reruns the
page (``on_click='ignore'``); each download is written to the audit log like the page's other files. The period
report reads through the page's reader (``ui.store``: cached, scoped) with the filter bar's choices — units, period,
comparison, boundaries, platforms — not the page's drill path. The programme report
(``reports.narrative.programme``) is issued by the department of the first chosen unit that is a party to the
programme (else the central department) and states every party the user may see, as the programme page does.
"""

from __future__ import annotations

import streamlit as st

from reports import names
from ui import auth
from ui import text as tx
from ui.blocks import View
from ui.markdown import escape
from ui.messages import t

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


def _file(doc, fmt: str) -> bytes:
    from reports import docx_report, narrative_pdf

    return docx_report.docx_bytes(doc) if fmt == "docx" else narrative_pdf.pdf_bytes(doc)


def draft_bytes(view: View, fmt: str) -> bytes:
    from reports import narrative

    choices = view.given or view.base_choices or view.choices
    return _file(narrative.draft(view.reader, choices, view.ctx.scope), fmt)


def programme_bytes(view: View, programme_id: int, year: int, fmt: str) -> bytes:
    from reports.narrative import programme

    units = tuple(view.choices.units)
    return _file(programme.draft_programme(view.reader, programme_id, year, units, view.ctx.scope), fmt)


def _pair(view: View, key: str, stem: str, make, labels: tuple[str, str], help_text: str) -> None:
    for fmt, label, mime, icon in (("docx", labels[0], DOCX_MIME, ":material/description:"),
                                   ("pdf", labels[1], PDF_MIME, ":material/article:")):
        st.download_button(t(label, view.lang), data=auth.audited(lambda fmt=fmt: make(fmt), f"{stem}.{fmt}"),
                           file_name=f"{stem}.{fmt}", mime=mime, key=f"{key}_{fmt}_{view.page}", on_click="ignore",
                           icon=icon, help=escape(help_text))


def buttons(view: View) -> None:
    """Two download buttons (Word, PDF) for the period report; drawn in the page's export row."""
    choices = view.given or view.base_choices or view.choices
    stem = names.stem("Báo cáo", tx.units_text(choices, view.code_names, "vi"), tx.period_text(choices, "vi"))
    _pair(view, "page_narrative", stem, lambda fmt: draft_bytes(view, fmt), ("narrative.docx", "narrative.pdf"),
          t("narrative.help", view.lang))


def programme_buttons(view: View, programme_id: int, year: int, parties: str) -> None:
    """Two download buttons (Word, PDF) for the programme report of ``programme_id`` and ``year``."""
    stem = names.stem("Báo cáo chương trình phối hợp", parties, f"năm {year}")
    _pair(view, "programme_report", stem, lambda fmt: programme_bytes(view, programme_id, year, fmt),
          ("narrative.programme_docx", "narrative.programme_pdf"),
          t("narrative.programme_help", view.lang, year=year))
