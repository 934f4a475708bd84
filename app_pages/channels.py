"""Kênh thông tin — channels (``ui.views.channels``): KPI cards, trend by platform or unit, platform mix,
unit ranking, openings and closings, followers per channel, and the searchable channel list."""

import streamlit as st

from ui import render
from ui.messages import t
from ui.page import list_page, pager, set_query_param, show_notices, url_text
from ui.views import channels as decl

view, drill = render.open_page(decl)
render.header(view, drill, decl.TITLE)
kpis, *charts, table = decl.layout(view)
done = {"kpis": render.block(kpis, view, drill, decl)}
if not done["kpis"].ok:
    st.stop()
done |= render.layout(charts, view, drill, decl)

st.subheader(t(table.title, view.lang))
QUERY_KEY = "channels_query"
if QUERY_KEY not in st.session_state:
    notices = []
    st.session_state[QUERY_KEY] = url_text("tim_kenh", 100, notices)
    show_notices(notices, view.lang)          # a search given twice or too long in the link: said
view.params["tim_kenh"] = st.text_input(t("channels.search", view.lang), key=QUERY_KEY, max_chars=100,
                                        placeholder=t("channels.search_placeholder", view.lang)).strip()
set_query_param("tim_kenh", view.params["tim_kenh"] or None)
notices = []
list_page("channels", view, view.params["tim_kenh"], notices)
show_notices(notices, view.lang)              # a page number in the link that is not one: said
done |= render.layout([table], view, drill, decl)
pager("channels", view)
render.page_exports(done, view, t(decl.TITLE, view.lang))
