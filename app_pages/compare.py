"""So sánh đơn vị — two or more units side by side on every KPI and ratio (``ui.views.compare``): the table,
one small chart per metric, the platform breakdown (click a platform to narrow the page) and the trend.

Opened with no units and the filter bar's default period, it compares Sơn La (14) and Đà Nẵng (48) over the
latest complete year and says so. The filter bar still owns every choice; this page only reads it.
"""

import streamlit as st

from ui import render
from ui.messages import t
from ui.page import escape
from ui.views import compare as decl

view, drill = render.open_page(decl)
lang = view.lang
render.header(view, drill, decl.TITLE, boundary=False)
st.caption(t("compare.intro", lang))
if decl.defaults_line(view):
    st.caption(":material/event: " + escape(decl.defaults_line(view)))
if decl.need_two(view):
    st.info(escape(decl.need_two(view)), icon=":material/compare_arrows:")
    st.stop()
render.boundary_notice(view)

table, *multiples, platform, trend = decl.layout(view)
if decl.incomplete_line(view):
    st.info(escape(decl.incomplete_line(view)), icon=":material/hourglass_top:")
done = render.layout([table], view, drill, decl)
if not done["table"].ok:
    st.stop()

st.subheader(t("compare.charts", lang))
st.caption(escape(decl.charts_note(view)))
done |= render.layout([*multiples, platform, trend], view, drill, decl)
render.page_exports(done, view, t(decl.TITLE, lang))
