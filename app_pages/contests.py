"""Cuộc thi — online contests (``ui.views.contests``): the list (period, units, status), then one contest
seen whole: KPI cards, progress to its targets, cumulative lượt and người by week, participation by unit
(ranking — click a unit to narrow the contest to it — and tile map) and the per-unit table.

Người and lượt are different measures: separate cards, separate panels, separate targets; never summed.
"""

import streamlit as st

from ui import render
from ui.messages import t
from ui.page import escape
from ui.views import contests as decl

view, drill = render.open_page(decl)
render.header(view, drill, decl.TITLE, compare=False)
if view.choices.platforms:
    st.caption(t("chart.platform_note", view.lang))
listing, kpis, progress, curves, by_unit, table = decl.layout(view)
done = render.layout([listing], view, drill, decl)

# one contest: from the drill path, else the page-level choice (default: the latest that has started)
if decl.drilled(view) is None:
    if not done["list"].ok:
        st.stop()
    render.choice(view, decl, "contest")
if decl.contest(view) is None:
    st.stop()
st.subheader(escape(decl.contest(view)["title"]))
st.markdown(escape(decl.meta_line(view)))          # Markdown with every value escaped (ui.messages.md)
if decl.format_line(view):
    st.markdown(escape(decl.format_line(view)))
if not decl.has_figures(view):
    st.info(escape(decl.upcoming_line(view)), icon=":material/schedule:")
    st.stop()
if decl.notice_line(view):        # running, or figures that stop before the contest's end: not final
    st.info(escape(decl.notice_line(view)), icon=":material/hourglass_top:")

done |= render.layout([kpis], view, drill, decl)
if not done["kpis"].ok:
    st.stop()
done |= render.layout([progress, curves], view, drill, decl)

st.subheader(t("contests.by_unit", view.lang))
render.choice(view, decl, "rank")
done |= render.layout([by_unit], view, drill, decl)
with st.expander(t(table.title, view.lang)):
    done |= render.layout([table], view, drill, decl)
render.page_exports(done, view, t(decl.TITLE, view.lang))
