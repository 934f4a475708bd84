"""The "Báo cáo soạn sẵn" downloads of an analysis page: the drafted period report for the page's filters.

The report is drafted only when a button is pressed (``data`` is a callable) and a download never reruns the
page (``on_click='ignore'``). It reads through the page's reader (``ui.store``: cached, scoped) with the
filter bar's choices — units, period, comparison, boundaries, platforms — not the page's drill path.
"""

from __future__ import annotations

import streamlit as st

from reports import names
from ui import text as tx
from ui.blocks import View
from ui.messages import t

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def draft_bytes(view: View, fmt: str) -> bytes:
    from reports import docx_report, narrative, narrative_pdf

    choices = view.given or view.base_choices or view.choices
    doc = narrative.draft(view.reader, choices, view.ctx.scope)
    return docx_report.docx_bytes(doc) if fmt == "docx" else narrative_pdf.pdf_bytes(doc)


def buttons(view: View) -> None:
    """Two download buttons (Word, PDF) for the report; drawn in the page's export row."""
    choices = view.given or view.base_choices or view.choices
    stem = names.stem("Báo cáo", tx.units_text(choices, view.code_names, "vi"), tx.period_text(choices, "vi"))
    st.download_button(t("narrative.docx", view.lang), data=lambda: draft_bytes(view, "docx"),
                       file_name=f"{stem}.docx", mime=DOCX_MIME, key=f"page_narrative_docx_{view.page}",
                       on_click="ignore", icon=":material/description:", help=t("narrative.help", view.lang))
    st.download_button(t("narrative.pdf", view.lang), data=lambda: draft_bytes(view, "pdf"),
                       file_name=f"{stem}.pdf", mime="application/pdf", key=f"page_narrative_pdf_{view.page}",
                       on_click="ignore", icon=":material/article:", help=t("narrative.help", view.lang))
