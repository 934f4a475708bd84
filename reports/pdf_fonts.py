"""The one fallback every PDF of the product gets: characters the text font lacks (NotoSans has no arrows: the
channel page's "cuối 12/2023 → cuối 12/2024" lost its "→") are drawn from Noto's symbols font, also in
``fonts-noto-core``."""

from __future__ import annotations

import os

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
