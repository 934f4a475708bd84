"""Hoạt động — posts, link shares, guided comments, violation reports, livestreams/videos and their reach
(``ui.views.activities``): KPI cards, activity types, links by source level, platforms, a trend with
comparison lines, a month × platform heat map. Clicking a type, a level or a platform narrows the page."""

import streamlit as st

from ui import render
from ui.messages import t
from ui.views import activities as decl

view, drill = render.open_page(decl)
render.header(view, drill, decl.TITLE)
if decl.step(view, "source_level") is not None:
    st.caption(":material/info: " + t("activities.source_only_links", view.lang))
kpis, first_row, second_row, heatmap = decl.layout(view)
done = {"kpis": render.block(kpis, view, drill, decl)}
if not done["kpis"].ok:
    st.stop()
done |= render.layout([first_row], view, drill, decl)
st.caption(t("activities.hint", view.lang))
done |= render.layout([second_row, heatmap], view, drill, decl)
render.page_exports(done, view, t(decl.TITLE, view.lang))
