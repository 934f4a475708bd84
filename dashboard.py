"""Entry point: page config, the sign-in gate, the sample-data banner, the shared filter bar, navigation.

Run with ``streamlit run dashboard.py``. With no database configured it builds the deterministic
sample on first start. Pages live in ``app_pages/`` and stay thin (not ``pages/``: Streamlit would
first run that directory as an old-style multipage app, list its file names and say "Page not found" to
the first deep link). Nobody gets past ``ui.auth`` without an account unless the database is the sample and
has no account yet (demo mode, said on every page); the menu holds the pages of the signed-in role, and
every read is scoped to the account's units (``ui.store``).
"""

from pathlib import Path

import streamlit as st

from ui import style

# First, before the rest of the app is imported: the browser starts on Plotly's code meanwhile (ui/style.py); the
# one style sheet: English-only controls hidden, compact cards on a phone
style.apply()

from ui import auth, errors, filterbar, run_gate, store  # noqa: E402 (after the scripts have left)
from ui import filters as flt  # noqa: E402
from ui import format as fmt  # noqa: E402
from ui.messages import md, t  # noqa: E402
from ui.page import PageContext, set_current, set_query_param  # noqa: E402

# A local favicon: a Material or emoji page_icon makes the browser fetch an image from the Internet.
FAVICON = Path(__file__).parent / "ui" / "static" / "favicon.png"
if "lang" not in st.session_state:
    st.session_state["lang"] = flt.language(flt.single({"lang": st.query_params.get_all("lang")}, "lang"))
lang = st.session_state["lang"]
st.set_page_config(page_title=t("app.tab_title", lang), page_icon=str(FAVICON), layout="wide")

store.ensure_database(lang)
store.begin_run()                        # which file and data version this run reads: looked up once
ref = store.reference()
account = auth.session_account(ref)      # None: sign-in needed before anything else runs


# ---- access control: pages as a dict of roles (the menu shows what the role may open) ----
def page(script: str, **kwargs):
    """A page of the navigation, in the menu only for roles that may open it; a link to it still reaches the
    page, which refuses (``auth.require``)."""
    return st.Page(script, visibility=auth.visibility(account, Path(script).stem), **kwargs)
# ---- end access control ----


pages = {
    t("nav.section.overview", lang): [
        page("app_pages/overview.py", title=t("nav.overview", lang), icon=":material/dashboard:", default=True),
    ],
    t("nav.section.analysis", lang): [
        page("app_pages/channels.py", title=t("nav.channels", lang), icon=":material/campaign:",
             url_path="kenh-thong-tin"),
        page("app_pages/teams.py", title=t("nav.teams", lang), icon=":material/groups:", url_path="luc-luong"),
        page("app_pages/activities.py", title=t("nav.activities", lang), icon=":material/edit_note:",
             url_path="hoat-dong"),
        page("app_pages/contests.py", title=t("nav.contests", lang), icon=":material/emoji_events:",
             url_path="cuoc-thi"),
        page("app_pages/compare.py", title=t("nav.compare", lang), icon=":material/compare_arrows:",
             url_path="so-sanh"),
        page("app_pages/programmes.py", title=t("nav.programmes", lang), icon=":material/handshake:",
             url_path="chuong-trinh"),
    ],
    t("nav.section.manage", lang): [
        page("app_pages/present.py", title=t("present.nav", lang), icon=":material/slideshow:",
             url_path="trinh-chieu"),
        page("app_pages/data.py", title=t("nav.data", lang), icon=":material/upload_file:", url_path="du-lieu"),
        page("app_pages/coverage.py", title=t("coverage.nav", lang), icon=":material/fact_check:",
             url_path="tinh-hinh-bao-cao"),
        page("app_pages/accounts.py", title=t("nav.accounts", lang), icon=":material/manage_accounts:",
             url_path="tai-khoan"),
        page("app_pages/audit.py", title=t("nav.audit", lang), icon=":material/history:", url_path="nhat-ky"),
    ],
    t("nav.section.reference", lang): [
        page("app_pages/glossary.py", title=t("nav.glossary", lang), icon=":material/menu_book:",
             url_path="tu-dien-chi-tieu"),
    ],
}
# in the top bar (in the sidebar, the links pushed the lower filters below the fold of a 768 px screen); before
# sign-in the pages are registered without a menu, so the link's page and parameters survive sign-in
nav = st.navigation(pages, position="top" if account is not None else "hidden")
if account is None:
    auth.sign_in_page(lang)          # the form; stops the run

if ref["meta"].get("is_sample") == "1":
    # one short line: on a phone the leader's four headline numbers must stay on the first screen (the full
    # demo-mode notice is in the sidebar's account box)
    st.warning(t("app.sample_banner", lang) + (" · " + t("access.demo_short", lang) if account.demo else ""), icon=":material/science:")

ctx = store.context(scope=account.scope)
if ctx is None:
    st.title(t("app.title", lang))
    st.info(t("app.no_data", lang))
    st.stop()

platform_labels = dict(zip(ref["platforms"]["key"], ref["platforms"]["label_vi" if lang == "vi" else "label_en"]))
choices, notices = filterbar.render(ctx, platform_labels, lang)
set_query_param("lang", lang)    # the language is part of the link (DESIGN §5), kept across page switches
with st.sidebar:
    st.caption(md("app.freshness", lang, month=fmt.month(ref["coverage"].last)))
    st.selectbox(t("app.language", lang), ["vi", "en"], key="lang",
                 format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])
    auth.account_box(account, lang, ctx.current_units)

set_current(PageContext(choices=choices, filters=choices.filters(ctx.scope, lang), ctx=ctx, lang=lang,
                        units=ref["units"], platform_labels=platform_labels, notices=notices,
                        page=nav.url_path or "overview"))
with run_gate.slot():                # a few page runs at a time, first come first served (ui/run_gate.py)
    errors.run(nav.run, lang)
store.settle_heap()                  # once per process: the collector set for a long-lived server
