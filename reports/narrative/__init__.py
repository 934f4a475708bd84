"""The drafted period report ("báo cáo sơ kết / tổng kết"), written from the metric layer as a party document.

- ``templates``  the Vietnamese words (no numbers);
- ``rules``      pure sentence rules: numbers in, sentences and the quotes they print out;
- ``facts``      what the report asks the metric layer, through a ``blocks.Reader`` (scope applies);
- ``issuer``     the issuing body, number symbol, place and date line (Hướng dẫn 36-HD/VPTW);
- ``definition`` parts and sections, each a writer of paragraphs or a prompt for the officer;
- ``build``      ``draft(reader, choices, scope)`` -> ``model.Document`` with its appendices.

Writers: ``reports.docx_report.docx_bytes`` and ``reports.narrative_pdf.pdf_bytes``. Nothing here imports
Streamlit or writes SQL.
"""

from reports.narrative.build import draft  # noqa: F401
