"""Files made from resolved blocks: chart images and HTML, CSV/XLSX data, page workbooks and PDFs, decks.

Everything here takes the neutral objects of ``reports.model`` (a resolved block as an ``Item``, the
filters in words as ``Meta``, a deck as ``Slide`` objects) and returns bytes. It never queries the
database and never imports Streamlit: the page, the presentation mode and ``python -m data report`` all
resolve blocks through the one query builder first, then hand the results here.
"""
