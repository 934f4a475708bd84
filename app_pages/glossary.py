"""Từ điển chỉ số — the metric catalogue as a page a user can read and search.

One entry per metric, its words wrapping to the screen's width (in a table the "Cách tính" column was cut
on a laptop and off screen on a phone)."""

import streamlit as st

from data import parse
from queries import catalogue
from ui import auth
from ui.components import escape
from ui.messages import md, t
from ui.page import current, show_notices

P = current()
lang = P.lang
auth.require("glossary", lang)

st.title(t("glossary.title", lang))
show_notices(P.notices, lang)          # the link's notices, as on the analysis pages
st.markdown(t("glossary.intro", lang))
query = st.text_input(t("glossary.search", lang), key="glossary_query").strip()


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
