"""Entry point: page config, the sample-data banner, the shared filter bar, navigation.

Run with ``streamlit run dashboard.py``. With no database configured it builds the deterministic
sample on first start. Pages live in ``app_pages/`` and stay thin (not ``pages/``: Streamlit would
first run that directory as an old-style multipage app, list its file names and say "Page not found" to
the first deep link).
"""

from pathlib import Path

import streamlit as st

from ui import filterbar, store, style
from ui import filters as flt
from ui import format as fmt
from ui.messages import t
from ui.page import PageContext, set_current, set_query_param

# A local favicon: a Material or emoji page_icon makes the browser fetch an image from the Internet.
FAVICON = Path(__file__).parent / "ui" / "static" / "favicon.png"
st.set_page_config(page_title="Tuyên giáo — Bảng điều khiển", page_icon=str(FAVICON), layout="wide")
style.apply()    # the one style sheet: English-only controls hidden, compact cards on a phone (ui/style.py)

if "lang" not in st.session_state:
    st.session_state["lang"] = flt.language(st.query_params.get("lang"))
lang = st.session_state["lang"]

store.ensure_database(lang)
ref = store.reference()
if ref["meta"].get("is_sample") == "1":
    st.warning(t("app.sample_banner", lang), icon=":material/science:")

ctx = store.context(scope=None)
if ctx is None:
    st.title(t("app.title", lang))
    st.info(t("app.no_data", lang))
    st.stop()

platform_labels = dict(zip(ref["platforms"]["key"], ref["platforms"]["label_vi" if lang == "vi" else "label_en"]))
choices, notices = filterbar.render(ctx, platform_labels, lang)
set_query_param("lang", lang)    # the language is part of the link (DESIGN §5), kept across page switches
with st.sidebar:
    st.caption(t("app.freshness", lang, month=fmt.month(ref["coverage"].last)))
    st.selectbox(t("app.language", lang), ["vi", "en"], key="lang",
                 format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])

pages = {
    t("nav.section.overview", lang): [
        st.Page("app_pages/overview.py", title=t("nav.overview", lang), icon=":material/dashboard:", default=True),
    ],
    t("nav.section.analysis", lang): [
        st.Page("app_pages/channels.py", title=t("nav.channels", lang), icon=":material/campaign:",
                url_path="kenh-thong-tin"),
        st.Page("app_pages/teams.py", title=t("nav.teams", lang), icon=":material/groups:", url_path="luc-luong"),
        st.Page("app_pages/activities.py", title=t("nav.activities", lang), icon=":material/edit_note:",
                url_path="hoat-dong"),
        st.Page("app_pages/contests.py", title=t("nav.contests", lang), icon=":material/emoji_events:",
                url_path="cuoc-thi"),
        st.Page("app_pages/compare.py", title=t("nav.compare", lang), icon=":material/compare_arrows:",
                url_path="so-sanh"),
    ],
    t("nav.section.manage", lang): [
        st.Page("app_pages/present.py", title=t("present.nav", lang), icon=":material/slideshow:",
                url_path="trinh-chieu"),
        st.Page("app_pages/data.py", title=t("nav.data", lang), icon=":material/upload_file:", url_path="du-lieu"),
    ],
    t("nav.section.reference", lang): [
        st.Page("app_pages/glossary.py", title=t("nav.glossary", lang), icon=":material/menu_book:",
                url_path="tu-dien-chi-tieu"),
    ],
}
# in the top bar: in the sidebar, eight links pushed the lower filters below the fold of a 768 px screen
page = st.navigation(pages, position="top")
set_current(PageContext(choices=choices, filters=choices.filters(ctx.scope, lang), ctx=ctx, lang=lang,
                        units=ref["units"], platform_labels=platform_labels, notices=notices,
                        page=page.url_path or "overview"))
page.run()
