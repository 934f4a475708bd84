"""Lực lượng — teams and members (``ui.views.teams``): KPI cards, trend, new and disbanded teams, units
ranked by members per team (click a unit to narrow the page to it), and the searchable list of teams."""

import streamlit as st

from ui import render
from ui.messages import t
from ui.page import list_page, pager, set_query_param, show_notices, url_text
from ui.views import teams as decl

SEARCH_PARAM, SEARCH_KEY, SEARCH_SHADOW = "q", "teams_search", "_teams_search"

view, drill = render.open_page(decl)
render.header(view, drill, decl.TITLE)
kpis, *charts, table = decl.layout(view)
done = {"kpis": render.block(kpis, view, drill, decl)}
if not done["kpis"].ok:
    st.stop()
done |= render.layout(charts, view, drill, decl)

st.subheader(t(table.title, view.lang))
ss = st.session_state
if SEARCH_SHADOW not in ss:
    notices = []
    ss[SEARCH_SHADOW] = url_text(SEARCH_PARAM, 100, notices)
    show_notices(notices, view.lang)          # a search given twice or too long in the link: said
ss[SEARCH_KEY] = ss[SEARCH_SHADOW]


def _sync_search() -> None:
    ss[SEARCH_SHADOW] = ss[SEARCH_KEY]


view.params["q"] = st.text_input(t("teams.search", view.lang), key=SEARCH_KEY, on_change=_sync_search,
                                 max_chars=100, placeholder=t("teams.search_placeholder", view.lang),
                                 icon=":material/search:").strip()
set_query_param(SEARCH_PARAM, view.params["q"] or None)
notices = []
list_page("teams", view, view.params["q"], notices)
show_notices(notices, view.lang)              # a page number in the link that is not one: said
done |= render.layout([table], view, drill, decl)
pager("teams", view)
render.page_exports(done, view, t(decl.TITLE, view.lang))
