"""Từ điển chỉ tiêu — the metric catalogue as a page a user can read and search."""

import pandas as pd
import streamlit as st

from queries import catalogue
from ui import auth
from ui.messages import t
from ui.page import current

P = current()
lang = P.lang
auth.require("glossary", lang)

st.title(t("glossary.title", lang))
st.markdown(t("glossary.intro", lang))
query = st.text_input(t("glossary.search", lang), key="glossary_query").strip()

rows = []
for m in catalogue.METRICS.values():
    rows.append({
        t("glossary.col.label", lang): m.label(lang),
        t("glossary.col.unit", lang): m.unit(lang),
        t("glossary.col.kind", lang): t(f"kind.short.{m.kind}", lang),
        t("glossary.col.description", lang): m.description_vi if lang == "vi" else m.label_en,
        t("glossary.col.dims", lang): ", ".join(t(f"dim.{d}", lang) for d in m.dims),
        t("glossary.col.key", lang): m.key,
    })
table = pd.DataFrame(rows)
if query:
    needle = query.casefold()
    table = table[table.apply(lambda r: any(needle in str(v).casefold() for v in r), axis=1)]
if table.empty:
    st.info(t("glossary.none", lang, query=query))
else:
    st.dataframe(table, hide_index=True, width="stretch")
