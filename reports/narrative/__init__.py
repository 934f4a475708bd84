"""The drafted period report ("báo cáo sơ kết / tổng kết"), written from the metric layer as a party document.

- ``templates``  the Vietnamese words (no numbers);
- ``rules``      pure sentence rules: numbers in, sentences and the quotes they print out;
- ``facts``      what the report asks the metric layer, through a ``blocks.Reader`` (scope applies);
- ``issuer``     the issuing body, number symbol, place and date line (Hướng dẫn 36-HD/VPTW);
- ``definition`` parts and sections, each a writer of paragraphs or a prompt for the officer;
- ``build``      ``draft(reader, choices, scope)`` -> ``model.Document`` with its appendices;
- ``programme_rules`` pure sentence rules of a coordination programme's year (section I.5, the programme report);
- ``programme``  the programme page's read model as those rules' values, and ``draft_programme`` (the programme
  report: "Báo cáo kết quả thực hiện chương trình phối hợp năm 2025").

Writers: ``reports.docx_report.docx_bytes`` and ``reports.narrative_pdf.pdf_bytes``. Nothing here imports
Streamlit or writes SQL.
"""

from reports.narrative.build import draft  # noqa: F401
