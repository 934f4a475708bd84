"""The "Thêm vào bài trình chiếu" button beside each chart: it stores the block, with the page's current URL
parameters, in the session's current deck — and the few helpers the deck manager shares with it.

The current deck is kept in the session (``CURRENT``); without one it is the most recently changed deck,
and on first use a deck named "Bài trình chiếu" is created. Writes go through ``data.decks`` (one
transaction, audited) on the app's connection; reads through ``queries.decks`` on a cursor of it. A
write never clears a cache (decks are not facts). With a read-only database the button is drawn disabled
with the reason. This module never composes SQL, never renders a deck name as Markdown (it is escaped)
and never computes a number.
"""

from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

from data import decks
from queries import access
from queries import decks as deck_queries
from ui import auth, blocks, store
from ui import components as c
from ui import drill as drill_path
from ui import filters as flt
from ui.messages import md, t

CURRENT = "_deck_current"       # session key: the id of the deck "Thêm vào bài trình chiếu" adds to
ICON = ":material/slideshow:"


def outside_scope(deck_id) -> str | None:
    """Why this session may not change deck ``deck_id``, or None: a province-scoped account may change a deck only
    when every slide shows units inside its scope (a slide with no unit is the whole country), so a Sơn La officer
    cannot delete or rename the central department's deck. An account for every unit may change any deck."""
    account = auth.current()
    if account is None or account.scope is None:
        return None
    ctx = blocks.context_of(store.reference(), account.scope)
    with reading() as cur:
        items = deck_queries.items(cur, deck_id)
    for text in items["params"]:
        params = deck_queries.params_of(text)
        codes = [x.strip() for x in params.get("unit", "").split(",") if x.strip()]
        boundary = params.get("boundary", flt.DEFAULT_BOUNDARY)
        if not codes or ctx is None or not all(flt.in_scope(code, boundary, ctx) for code in codes):
            return "deck.outside_scope"
    return None


@contextmanager
def reading():
    """A cursor of the app's connection for a few deck reads."""
    cur = store.connection().cursor()
    try:
        yield cur
    finally:
        cur.close()


def actor(lang: str) -> str:
    """Who writes from the web app (the audit log's actor): the signed-in account ('demo' in demo mode)."""
    return auth.actor()


def page_params(view: blocks.View) -> dict[str, str]:
    """The page's current URL parameters: the filter bar's choices (before the drill path), the drill path,
    the page-level choices and the language."""
    params = flt.to_params(view.base_choices or view.choices)
    path = drill_path.serialise(view.steps)
    if path:
        params[drill_path.PARAM] = path
    params.update({k: str(v) for k, v in view.params.items() if v is not None and str(v) != ""})
    params["lang"] = view.lang
    return params


def set_current(deck_id: int | None) -> None:
    if deck_id is None:
        st.session_state.pop(CURRENT, None)
    else:
        st.session_state[CURRENT] = int(deck_id)


def current_id(cur) -> int | None:
    """The session's current deck if it still exists, else the most recently changed one (or None)."""
    wanted = st.session_state.get(CURRENT)
    if wanted is not None and deck_queries.deck(cur, wanted) is not None:
        return int(wanted)
    listed = deck_queries.list_decks(cur)
    return None if listed.empty else int(listed.iloc[0]["deck_id"])


def _target_deck(lang: str) -> dict:
    """The deck to add to, creating the default one on first use; made the session's current deck."""
    with reading() as cur:
        deck_id = current_id(cur)
        if deck_id is None:
            name = t("deck.default_name", lang)
            found = deck_queries.deck_by_name(cur, name)
            deck_id = found["deck_id"] if found else None
    if deck_id is None:
        deck_id = decks.create(store.connection(), t("deck.default_name", lang), actor=actor(lang))
    set_current(deck_id)
    with reading() as cur:
        return deck_queries.deck(cur, deck_id)


def add_button(view: blocks.View, block: blocks.Block, key: str) -> None:
    """The button that adds ``block`` with the page's current parameters to the current deck (a toast says
    which); disabled, with the reason, when the database is read-only; absent for roles that may not edit."""
    lang = view.lang
    if not auth.can(access.EDIT):
        return
    label = t("deck.add", lang)
    if not store.writable():
        st.button(c.escape(label), key=key, icon=ICON, type="tertiary", disabled=True,
                  help=t("deck.read_only_help", lang))
        return
    if not st.button(c.escape(label), key=key, icon=ICON, type="tertiary", help=t("deck.add_help", lang)):
        return
    try:
        deck = _target_deck(lang)
        if (why := outside_scope(deck["deck_id"])) is not None:
            st.toast(md("deck.add_failed", lang, error=t(why, lang)), icon=":material/error:")
            return
        position = decks.add_item(store.connection(), deck["deck_id"], view.page, block.key, page_params(view),
                                  blocks.title_of(block, view), actor=actor(lang))
    except ValueError as exc:        # the write side's Vietnamese message
        st.toast(md("deck.add_failed", lang, error=exc), icon=":material/error:")
        return
    st.toast(md("deck.added", lang, deck=deck["name"], n=position), icon=ICON)
