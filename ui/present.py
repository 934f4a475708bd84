"""The presentation page ("Trình chiếu"): the deck manager, and the full-screen slide show of one deck.

Without ``?deck=`` the page is the manager: decks listed, created, renamed and set up (title, subtitle,
place, date, theme, auto-advance), deleted after a confirmation, their items reordered or removed,
downloaded as PPTX and PDF, and opened as a slide show. With ``?deck=ID&slide=N`` it is the slide show:
the sidebar, header and footer hidden by a constant style sheet, big type, one slide at a time resolved
through ``ui.slides`` (the same blocks as the pages), previous/next with the arrow keys, "N / M", the
slide number kept in the URL, optional auto-advance, light or dark. Bad ``deck``/``slide`` values give a
notice and a fallback, never an exception.

Writes go through ``data.decks`` in the widgets' callbacks (so the run that follows shows the change);
nothing here composes SQL or computes a number, and nothing from a user or the database is rendered as
Markdown unescaped (``components.escape``) — the only HTML is the constant style sheets below.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data import decks
from queries import access, catalogue
from queries import decks as deck_queries
from reports import names, slides_common
from reports.model import Kpi, Slide
from ui import auth, blocks, decks_ui, slides, store, theme, views
from ui import components as c
from ui import filters as flt
from ui import format as fmt
from ui import text as tx
from ui.messages import md, t
from ui.page import current, notice_text, show_notices

FLASH = "_present_flash"           # (kind, message) shown once after a callback's write
NOTICE = "_present_notice"         # a notice about the URL, shown once on the slide
TOASTED = "_present_toasted"      # the link's notices last toasted during a slide show
SHOWN = "_present_shown"           # (deck id, slide, monotonic time) of the slide on screen, for auto-advance
CHART_HEIGHT = 700                 # px: about 70 % of a 1080 px screen
CHART_FONT = 24                    # px: 14 px page charts scaled for a hall
DARK_BG, DARK_TEXT, DARK_GRID = "#121212", "#EEEEEE", "#3A3A3A"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# ---- constant style sheets (no user or database value ever goes into these) ----------------------------

_SHOW_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], [data-testid="stBottom"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 2.5rem 0.5rem 2.5rem !important; max-width: 100% !important; }
[data-testid="stAlert"] > div { padding: 0.25rem 0.75rem !important; }
[data-testid="stAlert"] p { font-size: 15px !important; }
.st-key-present_title h1 { font-size: 56px !important; line-height: 1.15 !important; padding: 0.2rem 0 0.4rem 0 !important; }
.st-key-present_caption p { font-size: 24px !important; line-height: 1.35 !important; }
.st-key-present_cover h1 { font-size: 76px !important; line-height: 1.15 !important; text-align: center; padding-top: 14vh !important; }
.st-key-present_cover_sub p { font-size: 40px !important; text-align: center; }
.st-key-present_cover_lines p { font-size: 30px !important; text-align: center; opacity: 0.8; }
.st-key-present_closing h1 { font-size: 80px !important; text-align: center; padding-top: 24vh !important; }
.st-key-present_closing_lines p { font-size: 30px !important; text-align: center; opacity: 0.8; }
.st-key-present_kpis [data-testid="stMetricValue"] { font-size: 64px !important; line-height: 1.1 !important; }
.st-key-present_kpis [data-testid="stMetricLabel"] p { font-size: 26px !important; }
.st-key-present_kpis [data-testid="stMetricDelta"] { font-size: 26px !important; }
.st-key-present_kpis [data-testid="stCaptionContainer"] p { font-size: 19px !important; }
.st-key-present_message p { font-size: 32px !important; text-align: center; padding-top: 12vh; }
.st-key-present_table th, .st-key-present_table td { font-size: 24px !important; padding: 0.35rem 0.75rem !important; }
.st-key-present_table td { font-variant-numeric: tabular-nums; }
.st-key-present_count p { font-size: 22px !important; font-weight: 600; margin: 0 0.5rem; }
.st-key-present_nav button p { font-size: 20px !important; }
/* the presenter's buttons stay in one place, whatever the slide's height */
.st-key-present_nav { position: fixed !important; left: 0; right: 0; bottom: 0; z-index: 990;
  padding: 0.4rem 2.5rem 0.5rem 2.5rem; background: #FFFFFF; border-top: 1px solid #E0E0E0; }
[data-testid="stMainBlockContainer"] { padding-bottom: 4.5rem !important; }
/* slides are drawn for a 1080-pixel projector; a shorter screen (a 1366×768 laptop) sees the same slide smaller,
   whole, rather than scrolling past its legend and axis */
@media (min-width: 1000px) and (max-height: 1000px) { [data-testid="stMainBlockContainer"] > div { zoom: 0.82; } }
@media (min-width: 1000px) and (max-height: 860px) { [data-testid="stMainBlockContainer"] > div { zoom: 0.68; } }
@media (min-width: 1000px) and (max-height: 700px) { [data-testid="stMainBlockContainer"] > div { zoom: 0.55; } }
</style>
"""

_DARK_CSS = """
<style>
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] { background: #121212 !important; color: #EEEEEE !important; }
.stApp h1, .stApp p, .stApp span, .stApp label, [data-testid="stMetricValue"], [data-testid="stMetricLabel"],
[data-testid="stCaptionContainer"] { color: #EEEEEE !important; }
[data-testid="stVerticalBlockBorderWrapper"], [data-testid="stLayoutWrapper"] { border-color: #3A3A3A !important; }
.stApp button { background: #1E1E1E !important; color: #EEEEEE !important; border-color: #3A3A3A !important; }
[data-testid="stMetricDelta"] svg { fill: currentColor; }
.st-key-present_nav { background: #121212 !important; border-top-color: #3A3A3A !important; }
/* the sample banner and notices: light text needs a dark box (it was light text on pale yellow) */
[data-testid="stAlert"] > div { background-color: #3A3320 !important; }
</style>
"""


def _flash(kind: str, message: str) -> None:
    st.session_state[FLASH] = (kind, message)


def _show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if kind == "error":
        st.error(c.escape(message), icon=":material/error:")        # plain text: deck names, refusals
    elif kind == "ok":
        st.toast(c.escape(message), icon=":material/check_circle:")


# ---- entry --------------------------------------------------------------------------------------------


def run() -> None:
    """The page: the slide show with ``?deck=``, else the manager."""
    lang = current().lang
    auth.require("present", lang)
    repeated: list[flt.Notice] = []
    for name in ("deck", "slide"):          # a link repeating one: its first value counts, and the page says so
        if len(st.query_params.get_all(name)) > 1:
            st.query_params[name] = flt.single({name: st.query_params.get_all(name)}, name, repeated)
    show_notices(repeated, lang)
    raw = st.query_params.get("deck")
    if raw is None or raw == "":
        manager(lang)
        return
    try:
        deck_id = int(str(raw).strip())
    except ValueError:
        deck_id = None
    with decks_ui.reading() as cur:
        deck = deck_queries.deck(cur, deck_id) if deck_id is not None else None
        items = deck_queries.items(cur, deck_id) if deck is not None else None
    if deck is None:
        _leave_show()
        manager(lang, notice=t("present.deck_unknown", lang, value=str(raw)))
        return
    show(deck, items, lang)


def _leave_show() -> None:
    for name in ("deck", "slide"):
        if name in st.query_params:
            del st.query_params[name]


# ---- the manager ----------------------------------------------------------------------------------------


def _call(fn, ok: str, *args, **kwargs):
    """Run a write of ``data.decks``; its Vietnamese error, if any, is shown on the next run. ``args[0]`` is the deck
    changed (but for ``decks.create``): a deck showing units outside the account's scope is refused."""
    if not auth.can(access.EDIT):        # the controls are not drawn for such roles; refuse a forged event too
        return None
    if fn is not decks.create and (why := decks_ui.outside_scope(args[0])) is not None:
        _flash("error", t(why, current().lang))
        return None
    try:
        result = fn(store.connection(), *args, **kwargs)
    except ValueError as exc:
        _flash("error", str(exc))
        return None
    _flash("ok", ok)
    return result


def _on_create(lang: str) -> None:
    name = st.session_state.get("present_new_name", "")
    deck_id = _call(decks.create, t("present.created", lang), name, actor=decks_ui.actor(lang))
    if deck_id is not None:
        decks_ui.set_current(deck_id)
        st.session_state["present_new_name"] = ""
        st.session_state.pop("present_pick", None)


def _on_save(deck_id: int, lang: str) -> None:
    ss = st.session_state
    k = f"present_{deck_id}_"
    advance = ss.get(k + "advance") or 0
    _call(decks.update, t("present.saved", lang), deck_id, actor=decks_ui.actor(lang),
          name=ss.get(k + "name"), title=ss.get(k + "title"), subtitle=ss.get(k + "subtitle"),
          place=ss.get(k + "place"), event_on=ss.get(k + "date"), theme=ss.get(k + "theme") or "light",
          advance_seconds=int(advance) or None)


def _on_delete(deck_id: int, lang: str) -> None:
    if not auth.can(access.EDIT):
        return
    if (why := decks_ui.outside_scope(deck_id)) is not None:
        _flash("error", t(why, lang))
        return
    if not st.session_state.get(f"present_{deck_id}_confirm"):
        _flash("error", t("present.delete_unconfirmed", lang))
        return
    try:
        decks.delete(store.connection(), deck_id, actor=decks_ui.actor(lang))
    except ValueError as exc:
        _flash("error", str(exc))
        return
    _flash("ok", t("present.deleted", lang))
    decks_ui.set_current(None)
    st.session_state.pop("present_pick", None)


def _on_move(deck_id: int, position: int, delta: int, lang: str) -> None:
    _call(decks.move_item, t("present.moved", lang), deck_id, position, delta, actor=decks_ui.actor(lang))


def _on_remove(deck_id: int, position: int, lang: str) -> None:
    _call(decks.remove_item, t("present.removed", lang), deck_id, position, actor=decks_ui.actor(lang))


def _on_pick() -> None:
    decks_ui.set_current(st.session_state.get("present_pick"))


def _on_present(deck_id: int) -> None:
    st.query_params["deck"] = str(deck_id)
    st.query_params["slide"] = "1"
    st.session_state.pop(SHOWN, None)


def manager(lang: str, notice: str | None = None) -> None:
    st.title(t("present.title", lang))
    st.caption(t("present.intro", lang))
    show_notices(current().notices, lang)          # the link's filter notices, as on every page
    if notice:
        st.warning(c.escape(notice), icon=":material/warning:")     # a value from the URL, plain text
    _show_flash()
    editor = auth.can(access.EDIT)          # roles that may not edit see decks, present them, never change them
    can_write = store.writable() and editor
    if editor and not store.writable():
        st.info(t("present.read_only", lang), icon=":material/lock:")
    with decks_ui.reading() as cur:
        listed = deck_queries.list_decks(cur)
        chosen = decks_ui.current_id(cur) if not listed.empty else None
    if editor:
        with st.form("present_new", border=True, clear_on_submit=False):
            st.text_input(t("present.new_name", lang), key="present_new_name", max_chars=decks.MAX_NAME,
                          placeholder=t("deck.default_name", lang), disabled=not can_write)
            st.form_submit_button(t("present.create", lang), icon=":material/add:", disabled=not can_write,
                                  on_click=_on_create, args=(lang,))
    if listed.empty:
        st.info(t("present.empty", lang), icon=":material/slideshow:")
        return
    ids = [int(x) for x in listed["deck_id"]]
    labels = {int(r.deck_id): t("present.pick_label", lang, name=r.name, n=int(r.items))
              for r in listed.itertuples(index=False)}
    if st.session_state.get("present_pick") not in ids:
        st.session_state["present_pick"] = chosen if chosen in ids else ids[0]
    deck_id = st.selectbox(t("present.pick", lang), ids, key="present_pick", format_func=labels.get,
                           on_change=_on_pick)
    decks_ui.set_current(deck_id)
    st.caption(t("present.current_hint", lang))
    with decks_ui.reading() as cur:
        deck = deck_queries.deck(cur, deck_id)
        items = deck_queries.items(cur, deck_id)
    if deck is None:            # deleted by someone else between the two reads
        st.rerun()
    _deck_actions(deck, items, lang)
    _deck_items(deck, items, lang, can_write, editor)
    if editor:
        _deck_settings(deck, lang, can_write)
        _deck_delete(deck, lang, can_write)


def _deck_actions(deck: dict, items: pd.DataFrame, lang: str) -> None:
    deck_id = deck["deck_id"]
    con = store.connection()
    stem = names.stem(slides.deck_title(deck), slides.place_and_date(deck.get("place"), deck.get("event_on"))) \
        or f"deck-{deck_id}"
    theme_name = deck.get("theme") or "light"
    scope = current().ctx.scope

    def build() -> tuple[list[Slide], object]:
        # runs when a download is asked for, outside the page's run: its own cursor, no Streamlit cache, the
        # account's scope on the reader and on every item's parameters
        cur = con.cursor()
        try:
            return slides.deck_slides(deck, items, blocks.DirectReader(cur, scope), lang, scope=scope)
        finally:
            cur.close()

    def pptx() -> bytes:
        from reports import pptx_deck

        return pptx_deck.deck_pptx(*build(), theme=theme_name)

    def pdf() -> bytes:
        from reports import deck_pdf

        return deck_pdf.deck_pdf(*build(), theme=theme_name)

    with st.container(horizontal=True, gap="small"):
        st.button(t("present.start", lang), type="primary", icon=":material/slideshow:", key=f"present_go_{deck_id}",
                  on_click=_on_present, args=(deck_id,))
        if auth.can(access.EXPORT):
            st.download_button(t("present.pptx", lang), data=auth.audited(pptx, f"{stem}.pptx"),
                               file_name=f"{stem}.pptx", mime=PPTX_MIME, on_click="ignore",
                               key=f"present_pptx_{deck_id}", icon=":material/co_present:")
            st.download_button(t("present.pdf", lang), data=auth.audited(pdf, f"{stem}.pdf"),
                               file_name=f"{stem}.pdf", mime="application/pdf", on_click="ignore",
                               key=f"present_pdf_{deck_id}", icon=":material/picture_as_pdf:")


def item_scope(item, lang: str) -> str:
    """'Tổng quan · Sơn La — Quý III/2024': the page and the saved filters of an item, in words."""
    P = current()
    try:
        decl = views.get(str(item.page))
        page = t(decl.TITLE, lang)
    except KeyError:
        return t("present.page_gone", lang, page=str(item.page))
    # the units as saved (names, not figures), even outside the account's scope: its slide says it is not shown
    ctx = replace(P.ctx, scope=None)
    choices, _ = flt.parse(deck_queries.params_of(item.params), ctx)
    if hasattr(decl, "adjust"):
        choices = decl.adjust(choices, ctx)
    names_ = P.ctx.names(choices.boundary, choices.start, choices.end)
    return f"{page} · {tx.units_text(choices, names_, lang)} — {tx.period_text(choices, lang)}"


def _deck_items(deck: dict, items: pd.DataFrame, lang: str, can_write: bool, editor: bool = True) -> None:
    deck_id = deck["deck_id"]
    st.subheader(md("present.items", lang, n=len(items) + 2))
    st.caption(t("present.items_hint", lang))
    if items.empty:
        st.info(t("present.no_items", lang), icon=":material/add_chart:")
        return
    n = len(items)
    for item in items.itertuples(index=False):
        p = int(item.position)
        with st.container(border=True, horizontal=True, vertical_alignment="center", gap="small"):
            with st.container(gap=None):
                st.text(f"{p + 1}. {item.title or item.block}")
                st.caption(c.escape(item_scope(item, lang)))
            if not editor:
                continue
            st.button("", icon=":material/arrow_upward:", key=f"present_up_{deck_id}_{p}", disabled=not can_write or p == 1,
                      help=t("present.up", lang), on_click=_on_move, args=(deck_id, p, -1, lang))
            st.button("", icon=":material/arrow_downward:", key=f"present_down_{deck_id}_{p}",
                      disabled=not can_write or p == n, help=t("present.down", lang), on_click=_on_move,
                      args=(deck_id, p, 1, lang))
            st.button("", icon=":material/delete:", key=f"present_rm_{deck_id}_{p}", disabled=not can_write,
                      help=t("present.remove", lang), on_click=_on_remove, args=(deck_id, p, lang))


def _deck_settings(deck: dict, lang: str, can_write: bool) -> None:
    deck_id = deck["deck_id"]
    k = f"present_{deck_id}_"
    event_on = deck.get("event_on")
    event_on = None if event_on is None or pd.isna(event_on) else pd.Timestamp(event_on).date()
    with st.expander(t("present.settings", lang), icon=":material/tune:"):
        with st.form(f"present_settings_{deck_id}", border=False):
            st.text_input(t("present.name", lang), value=deck["name"], key=k + "name", max_chars=decks.MAX_NAME)
            st.text_input(t("present.deck_title", lang), value=deck.get("title") or "", key=k + "title",
                          max_chars=decks.MAX_TEXT, placeholder=deck["name"])
            st.text_input(t("present.subtitle", lang), value=deck.get("subtitle") or "", key=k + "subtitle",
                          max_chars=decks.MAX_TEXT, help=t("present.subtitle_help", lang))
            c1, c2 = st.columns(2)
            c1.text_input(t("present.place", lang), value=deck.get("place") or "", key=k + "place",
                          max_chars=decks.MAX_TEXT)
            c2.date_input(t("present.date", lang), value=event_on, key=k + "date", format="DD/MM/YYYY",
                          min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
            c1.radio(t("present.theme", lang), list(decks.THEMES), index=list(decks.THEMES).index(
                deck.get("theme") or "light"), key=k + "theme", horizontal=True,
                format_func=lambda x: t(f"present.theme.{x}", lang))
            c2.number_input(t("present.advance", lang), min_value=0, max_value=decks.MAX_ADVANCE, step=5,
                            value=int(deck.get("advance_seconds") or 0), key=k + "advance",
                            help=t("present.advance_help", lang))
            st.form_submit_button(t("present.save", lang), icon=":material/save:", disabled=not can_write,
                                  on_click=_on_save, args=(deck_id, lang))


def _deck_delete(deck: dict, lang: str, can_write: bool) -> None:
    deck_id = deck["deck_id"]
    with st.expander(t("present.delete", lang), icon=":material/delete_forever:"):
        st.checkbox(t("present.delete_confirm", lang), key=f"present_{deck_id}_confirm", disabled=not can_write)
        st.button(t("present.delete_button", lang), key=f"present_delete_{deck_id}", type="primary",
                  disabled=not can_write, on_click=_on_delete, args=(deck_id, lang), icon=":material/delete_forever:")


# ---- the slide show -------------------------------------------------------------------------------------


def slide_number(raw, total: int, lang: str) -> tuple[int, str | None]:
    """The slide asked for in the URL, clamped to 1..total, and the notice when it had to be changed."""
    if raw is None or str(raw).strip() == "":
        return 1, None
    try:
        n = int(str(raw).strip())
    except ValueError:
        return 1, t("present.slide_bad", lang, value=str(raw))
    if n < 1 or n > total:
        clamped = min(max(n, 1), total)
        return clamped, t("present.slide_clamped", lang, value=str(raw), total=total, n=clamped)
    return n, None


def _go(n: int) -> None:
    st.query_params["slide"] = str(n)


def show(deck: dict, items: pd.DataFrame, lang: str) -> None:
    """The slide show of one deck (the URL's ``slide``, clamped)."""
    total = slides.slide_count(items)
    n, notice = slide_number(st.query_params.get("slide"), total, lang)
    if notice:
        st.session_state[NOTICE] = notice
    if st.query_params.get("slide") != str(n):
        st.query_params["slide"] = str(n)
    dark = deck.get("theme") == "dark"
    st.html(_SHOW_CSS)
    if dark:
        st.html(_DARK_CSS)
    _toast_notices(current().notices, lang)
    advance = deck.get("advance_seconds") or None
    _slide_show(deck, items, lang, total, advance, current().ctx.scope)


def _toast_notices(notices, lang: str) -> None:
    """The link's filter notices during a slide show (the slides keep their own filters): a passing toast, once for
    a given set of notices, never a box on the projected slide."""
    said = notice_text(notices, lang) if notices else None
    if said and st.session_state.get(TOASTED) != said:
        st.session_state[TOASTED] = said
        st.toast(c.escape(said), icon=":material/warning:")


def _auto_advance(deck_id: int, n: int, total: int, advance: int | None) -> int:
    """With auto-advance, the next slide (after the last, the first again) once the slide on screen has
    been shown for ``advance`` seconds."""
    now = time.monotonic()
    shown = st.session_state.get(SHOWN)
    if not shown or shown[:2] != (deck_id, n):
        st.session_state[SHOWN] = (deck_id, n, now)
        return n
    if advance and now - shown[2] >= advance - 0.5:
        n = n % total + 1
        st.query_params["slide"] = str(n)
        st.session_state[SHOWN] = (deck_id, n, now)
    return n


def _slide_show(deck, items, lang, total, advance, scope) -> None:
    @st.fragment(run_every=advance)
    def body() -> None:
        n, _ = slide_number(st.query_params.get("slide"), total, lang)
        n = _auto_advance(deck["deck_id"], n, total, advance)
        notice = st.session_state.pop(NOTICE, None)
        if notice:
            st.warning(c.escape(notice), icon=":material/warning:")     # a value from the URL, plain text
        slide, meta = slides.deck_slide(deck, items, n, store.reader(), lang, scope=scope)
        draw(slide, deck.get("theme") == "dark", lang, key=f"{deck['deck_id']}_{n}")
        _nav(n, total, lang)

    body()


def _nav(n: int, total: int, lang: str) -> None:
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key="present_nav"):
        st.button(t("present.prev", lang), icon=":material/chevron_left:", key="present_prev", disabled=n <= 1,
                  shortcut="ArrowLeft", on_click=_go, args=(max(n - 1, 1),), help=t("present.prev_help", lang))
        with st.container(key="present_count", width="content"):
            st.markdown(md("present.count", lang, n=n, total=total))
        st.button(t("present.next", lang), icon=":material/chevron_right:", key="present_next", disabled=n >= total,
                  shortcut="ArrowRight", on_click=_go, args=(min(n + 1, total),), help=t("present.next_help", lang))
        st.space("stretch")
        if st.button(t("present.exit", lang), icon=":material/close:", key="present_exit"):
            _leave_show()
            st.session_state.pop(SHOWN, None)
            st.rerun(scope="app")


# ---- drawing one slide ------------------------------------------------------------------------------


def draw(slide: Slide, dark: bool, lang: str, key: str) -> None:
    if slide.kind == "title":
        with st.container(key="present_cover"):
            st.title(c.escape(slide.title), anchor=False)
        if slide.subtitle:
            with st.container(key="present_cover_sub"):
                st.markdown(c.escape(slide.subtitle))
        if slide.lines:
            with st.container(key="present_cover_lines"):
                st.markdown("  \n".join(c.escape(x) for x in slide.lines))
        return
    if slide.kind == "closing":
        with st.container(key="present_closing"):
            st.title(c.escape(slide.title), anchor=False)
        if slide.lines:
            with st.container(key="present_closing_lines"):
                st.markdown("  \n".join(c.escape(x) for x in slide.lines))
        return
    with st.container(key="present_title"):
        st.title(c.escape(slide.title), anchor=False)
    item = slide.item
    if slide.subtitle:
        with st.container(key="present_caption"):
            st.markdown(c.escape(slide.subtitle))
    if item is None:        # a slide with nothing to draw: its own line says why (outside the scope, page gone…)
        if not slide.subtitle:
            with st.container(key="present_message"):
                st.markdown(t("empty.no_data", lang))
        return
    if slide.kind == "kpis":
        _kpis(item.kpis, lang)
    elif item.figure is not None:
        c.plot(big_figure(item.figure, dark), key=f"present_chart_{key}")
    elif item.table is not None and not item.table.empty:
        # written as the page, the PPTX and the PDF write it (13.712; 10,08%; 34,52), in the slide's large type
        shown = pd.DataFrame({col: [slides_common.cell_text(v, item.formats.get(col)) for v in item.table[col]]
                              for col in item.table.columns})
        with st.container(key="present_table"):
            st.table(c.escape_frame(shown), hide_index=True)


def _kpis(kpis: list[Kpi], lang: str, per_row: int = 4) -> None:
    with st.container(key="present_kpis"):
        for start in range(0, len(kpis), per_row):
            for col, kpi in zip(st.columns(per_row), kpis[start:start + per_row]):
                with col, st.container(border=True):
                    better = catalogue.METRICS[kpi.key].higher_is_better if kpi.key in catalogue.METRICS else True
                    delta = kpi.delta_text if kpi.delta_text and kpi.delta_text != fmt.DASH else None
                    label = f"{kpi.label} ({kpi.unit})" if kpi.unit else kpi.label
                    st.metric(c.escape(label), kpi.value_text, delta=delta, **c.delta_style(kpi.direction, better))
                    ytd = t("kpi.ytd", lang, value=kpi.ytd_text) if kpi.ytd_text else ""
                    lines = [x for x in (kpi.cmp_text, kpi.coverage_text, ytd, kpi.target_text) if x]
                    if lines:
                        st.caption("  \n".join(c.escape(x) for x in lines))


def big_figure(fig, dark: bool) -> go.Figure:
    """A copy of a page figure sized for the slide: taller, fonts scaled, on the dark background when asked."""
    big = go.Figure(fig)
    scale = CHART_FONT / 14
    # a margin the figure keeps for its own text (the growth chart's changes beside the plot) grows with the text
    right = max(16, round((fig.layout.margin.r or 0) * scale))
    theme.apply(big)
    big.update_layout(height=CHART_HEIGHT, font_size=CHART_FONT, margin=dict(l=16, r=right, t=48, b=16),
                      legend_font_size=CHART_FONT, hoverlabel_font_size=CHART_FONT)
    big.update_xaxes(tickfont_size=CHART_FONT - 2)
    big.update_yaxes(tickfont_size=CHART_FONT - 2)
    for trace in big.data:
        try:
            size = trace.textfont.size
            if size:
                trace.textfont.size = round(size * scale) if not isinstance(size, tuple | list) else \
                    [round(s * scale) for s in size]
        except (AttributeError, ValueError):
            pass
    for note in big.layout.annotations or ():
        note.font.size = round((note.font.size or 14) * scale)
    if isinstance(big.layout.meta, dict) and big.layout.meta.get("slide_legend"):
        # a chart whose page explains its series in a note (the compare grid's pale bars) names them on the slide
        big.update_traces(showlegend=True)
        big.update_layout(showlegend=True, legend=dict(orientation="h", x=0, y=-0.12, yanchor="top"))
    if big.layout.title is not None and big.layout.title.text:       # a chart's own title: read from the hall too
        big.layout.title.font.size = round((big.layout.title.font.size or 14) * scale)
    if dark:
        big.update_layout(paper_bgcolor=DARK_BG, plot_bgcolor=DARK_BG, font_color=DARK_TEXT,
                          legend_font_color=DARK_TEXT)
        big.update_xaxes(gridcolor=DARK_GRID, linecolor=DARK_GRID, zerolinecolor=DARK_GRID)
        big.update_yaxes(gridcolor=DARK_GRID, linecolor=DARK_GRID, zerolinecolor=DARK_GRID)
    return big
