"""The fonts the product's files are written in: the sans family a page's PDF (and a chart image's measured
heading) uses, found once here, and the one fallback every PDF gets: characters the text font lacks (NotoSans has no
arrows: the channel page's "cuối 12/2023 → cuối 12/2024" lost its "→") are drawn from Noto's symbols font, also in
``fonts-noto-core``."""

from __future__ import annotations

import os

FONT_CANDIDATES = (
    ("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
     "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"),
)


def font_files(candidates=FONT_CANDIDATES) -> tuple[str, str, str]:
    """(regular, bold, italic) files of the first family in ``candidates`` that is installed."""
    for regular, bold, italic in candidates:
        if os.path.isfile(regular):
            bold = bold if os.path.isfile(bold) else regular
            italic = italic if os.path.isfile(italic) else regular
            return regular, bold, italic
    raise RuntimeError(
        "No Unicode font for the PDF: install fonts-noto-core (NotoSans-Regular.ttf) or fonts-dejavu-core "
        "(DejaVuSans.ttf) under /usr/share/fonts/truetype/."
    )

SYMBOLS_FAMILY = "ReportSymbols"
SYMBOLS_FILES = ("/usr/share/fonts/truetype/noto/NotoSansSymbols-Regular.ttf",
                 "/usr/share/fonts/truetype/noto/NotoSansMath-Regular.ttf")


def add_symbol_fallback(pdf) -> None:
    """Give ``pdf`` (an fpdf2 FPDF) the symbols font as a fallback for any style of its text font."""
    found = next((f for f in SYMBOLS_FILES if os.path.exists(f)), None)
    if found is None:
        return
    pdf.add_font(SYMBOLS_FAMILY, "", found)
    pdf.set_fallback_fonts([SYMBOLS_FAMILY], exact_match=False)
