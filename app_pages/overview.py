"""Tổng quan — the Overview: KPI cards, trend, ranking, platform mix, tile-grid map (``ui.views.overview``)."""

import streamlit as st

from ui import render
from ui.views import overview as decl

view, drill = render.open_page(decl)
render.header(view, drill, decl.TITLE)
blocks = decl.layout(view)
kpis = render.block(blocks[0], view, drill, decl)
if not kpis.ok:
    st.stop()
done = render.layout(blocks[1:], view, drill, decl)
render.page_exports({"kpis": kpis, **done}, view, render.t(decl.TITLE, view.lang))
