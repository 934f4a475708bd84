"""Entry point: page config, the sample-data banner, the shared filter bar, navigation.

Run with ``streamlit run dashboard.py``. With no database configured it builds the deterministic
sample on first start. Pages live in ``pages/`` and stay thin.
"""

from pathlib import Path

import streamlit as st

from ui import filterbar, store
from ui import format as fmt
from ui.messages import t
from ui.page import PageContext, set_current

# A local favicon: a Material or emoji page_icon makes the browser fetch an image from the Internet.
FAVICON = Path(__file__).parent / "ui" / "static" / "favicon.png"
st.set_page_config(page_title="Tuyên giáo — Bảng điều khiển", page_icon=str(FAVICON), layout="wide")

if "lang" not in st.session_state:
    st.session_state["lang"] = "en" if st.query_params.get("lang") == "en" else "vi"
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
with st.sidebar:
    st.caption(t("app.freshness", lang, month=fmt.month(ref["coverage"].last)))
    st.selectbox(t("app.language", lang), ["vi", "en"], key="lang",
                 format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])

pages = {
    t("nav.section.overview", lang): [
        st.Page("pages/overview.py", title=t("nav.overview", lang), icon=":material/dashboard:", default=True),
    ],
    t("nav.section.analysis", lang): [
        st.Page("pages/channels.py", title=t("nav.channels", lang), icon=":material/campaign:",
                url_path="kenh-thong-tin"),
        st.Page("pages/teams.py", title=t("nav.teams", lang), icon=":material/groups:", url_path="luc-luong"),
        st.Page("pages/activities.py", title=t("nav.activities", lang), icon=":material/edit_note:",
                url_path="hoat-dong"),
        st.Page("pages/contests.py", title=t("nav.contests", lang), icon=":material/emoji_events:",
                url_path="cuoc-thi"),
        st.Page("pages/compare.py", title=t("nav.compare", lang), icon=":material/compare_arrows:",
                url_path="so-sanh"),
        # -- coordination programmes and targets (issue 9) --
        st.Page("pages/programmes.py", title=t("nav.programmes", lang), icon=":material/handshake:",
                url_path="chuong-trinh"),
    ],
    t("nav.section.manage", lang): [
        st.Page("pages/present.py", title=t("present.nav", lang), icon=":material/slideshow:",
                url_path="trinh-chieu"),
        st.Page("pages/data.py", title=t("nav.data", lang), icon=":material/upload_file:", url_path="du-lieu"),
    ],
    t("nav.section.reference", lang): [
        st.Page("pages/glossary.py", title=t("nav.glossary", lang), icon=":material/menu_book:",
                url_path="tu-dien-chi-tieu"),
    ],
}
page = st.navigation(pages)
set_current(PageContext(choices=choices, filters=choices.filters(ctx.scope), ctx=ctx, lang=lang,
                        units=ref["units"], platform_labels=platform_labels, notices=notices,
                        page=page.url_path or "overview"))
page.run()
