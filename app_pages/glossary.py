"""Từ điển chỉ số — the metric catalogue as a page a user can read and search.

One entry per metric, its words wrapping to the screen's width (in a table the "Cách tính" column was cut
on a laptop and off screen on a phone)."""

import streamlit as st

from data import parse
from queries import catalogue
from ui import auth
from ui.components import escape
from ui.filters import GLOSSARY_PARAM
from ui.messages import md, t
from ui.page import current, set_query_param, show_notices, url_text

P = current()
lang = P.lang
auth.require("glossary", lang)

st.title(t("glossary.title", lang))
show_notices(P.notices, lang)          # the link's notices, as on the analysis pages
st.markdown(t("glossary.intro", lang))
if "glossary_query" not in st.session_state:      # a search in the link (?tra_cuu=) is the box's first value
    notices = []
    st.session_state["glossary_query"] = url_text(GLOSSARY_PARAM, 100, notices)
    show_notices(notices, lang)
query = st.text_input(t("glossary.search", lang), key="glossary_query", max_chars=100).strip()
set_query_param(GLOSSARY_PARAM, query or None)       # a search can be sent as a link


def words(m: catalogue.Metric) -> dict[str, str]:
    return {
        "label": m.label(lang), "unit": m.unit(lang), "kind": t(f"kind.short.{m.kind}", lang),
        "description": m.description(lang),
        "dims": ", ".join(t(f"dim.{d}", lang) for d in m.dims), "key": m.key,
    }


# matched as the lists' search boxes match: without diacritics, case or extra spaces ("nguoi theo doi")
needle = parse.phrase(query)
shown = [w for w in map(words, catalogue.METRICS.values())
         if not needle or any(needle in parse.phrase(v) for v in w.values())]
if not shown:
    st.info(md("glossary.none", lang, query=query))
for w in shown:
    with st.container(border=True, key=f"glossary_{w['key']}"):
        st.markdown(f"**{escape(w['label'])}** · {escape(w['unit'])} · {escape(w['kind'])}")
        st.markdown(f"{escape(t('glossary.col.description', lang))}: {escape(w['description'])}")
        st.caption(f"{escape(t('glossary.col.dims', lang))}: {escape(w['dims'])} · "
                   f"{escape(t('glossary.col.key', lang))}: {escape(w['key'])}")
