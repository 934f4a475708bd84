"""Page declarations: each module declares one page as a list of blocks (``ui.blocks``).

A declaration module has ``KEY`` (the page key: drill path, widget keys, deck items), ``SLUG`` (its URL
path, '' for the Overview at ``/``), ``TITLE`` (message key), ``drill_dims(view)`` (what a click may drill
into), ``CHOICES`` (page-level choices kept in the URL) and ``layout(view)`` (the blocks in page order;
a tuple is a row of blocks side by side). The page script in ``app_pages/`` draws it with ``ui.render``;
decks and ``python -m data report`` rebuild the same view with ``blocks.build_view`` and resolve the
same blocks. Declarations never draw anything and never query outside their blocks.
"""

from __future__ import annotations

import importlib

# page key -> module name; the order is the order of pages in menus and reports
PAGES = ("overview", "channels", "teams", "activities", "contests", "compare", "programmes", "coverage")


def get(key: str):
    if key not in PAGES:
        raise KeyError(key)
    return importlib.import_module(f"ui.views.{key}")


def by_slug(slug: str):
    if slug in PAGES:
        return get(slug)
    for key in PAGES:
        decl = get(key)
        if decl.SLUG == slug or decl.KEY == slug:
            return decl
    raise KeyError(slug)


def url_params() -> set[str]:
    """Every page's own URL parameters: its page-level choices and its free-text ones (a list's search)."""
    names: set[str] = set()
    for key in PAGES:
        decl = get(key)
        names |= set(decl.CHOICES) | set(getattr(decl, "TEXT_PARAMS", ()))
    return names
