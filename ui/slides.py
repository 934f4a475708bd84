"""Slides of a deck or a page: stored deck items (page, block, saved URL parameters) -> ``reports.model.Slide``.

Each item is rebuilt exactly as its page would draw it: the page declaration (``ui.views``), the view for
the item's saved parameters (``blocks.build_view``: the filter bar's parsing, the drill path, the page's
choices), the declared block found by its key, ``blocks.resolve`` and ``blocks.to_item``. So a slide, the
presentation mode, the PPTX/PDF deck and ``python -m data report`` show the same numbers as the page.

Pure: never imports Streamlit, never writes SQL, never computes a number itself. A stored item whose page
or block no longer exists, or that has no data, becomes a slide saying so — never an exception.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from queries import decks as deck_queries
from reports import model
from reports.model import Meta, Slide
from ui import blocks, views
from ui import format as fmt
from ui import text as tx
from ui.messages import t

log = logging.getLogger(__name__)

# the filters an item keeps of its own; a command line's --unit/--from/--to/--grain/--compare/--boundary
# override exactly these
OVERRIDABLE = ("unit", "from", "to", "grain", "compare", "boundary")


# ---- words ------------------------------------------------------------------------------------------


def scope_line(view: blocks.View) -> str:
    """'Sơn La — Quý III/2024': which units and which period a slide shows."""
    return f"{tx.units_text(view.choices, view.code_names, view.lang)} — {tx.period_text(view.choices, view.lang)}"


def place_and_date(place: str | None, event_on) -> str:
    """'Sơn La, 02/10/2024' (either part alone when the other is missing)."""
    day = None
    if event_on is not None and not (isinstance(event_on, float) and pd.isna(event_on)):
        try:
            day = pd.Timestamp(event_on).date()
        except (TypeError, ValueError):
            day = None
    parts = [str(place).strip() if place and str(place).strip() else "", fmt.date(day) if day else ""]
    return ", ".join(p for p in parts if p)


def deck_title(deck: Mapping) -> str:
    title = deck.get("title")
    return str(title) if title and str(title).strip() else str(deck.get("name") or "")


def closing_slide(lang: str, department: str = "") -> Slide:
    return Slide(kind="closing", title=t("slides.thanks", lang), lines=[department] if department else [])


def _fallback_meta(title: str, lang: str, reader) -> Meta:
    """Words for a database without facts (no view can be built)."""
    try:
        ref = reader.reference()
        is_sample = ref["meta"].get("is_sample") == "1"
    except Exception:      # a reader that cannot even give the reference
        is_sample = False
    return Meta(title=title, units=t("scope.all", lang), period=fmt.DASH, compare=fmt.DASH, boundary=fmt.DASH,
                freshness=t("app.freshness", lang, month=fmt.DASH), lang=lang, is_sample=is_sample,
                sample_notice=t("app.sample_banner", lang))


# ---- one stored item ---------------------------------------------------------------------------------


def item_params(item, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """An item's saved URL parameters with ``overrides`` (unit/from/to from a command line) applied."""
    params = deck_queries.params_of(_get(item, "params"))
    for key, value in (overrides or {}).items():
        if value is not None and key in OVERRIDABLE:
            params[key] = str(value)
    return params


def _get(item, name: str):
    """A stored item's field; a missing one (NULL, read as NaN in a frame) is None, never the text "nan"."""
    value = item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)
    return None if isinstance(value, float) and math.isnan(value) else value


def item_view(item, reader, lang: str, overrides: Mapping[str, str] | None = None,
              scope: tuple[str, ...] | None = None):
    """(declaration, view) of a stored item; (None, None) when its page is unknown or there are no facts."""
    try:
        decl = views.get(str(_get(item, "page")))
    except KeyError:
        return None, None
    try:
        return decl, blocks.build_view(decl, item_params(item, overrides), reader, lang, scope)
    except ValueError:       # the database holds no facts
        return decl, None


def _notice_slide(title: str, message: str) -> Slide:
    return Slide(kind="block", title=title, subtitle=message, item=None)


def block_slide(block: blocks.Block, view: blocks.View) -> Slide:
    """One declared block in a view as a slide (a 'no data' slide when it has nothing to show)."""
    r = blocks.resolve(block, view)
    if not r.ok:
        return _notice_slide(r.title, t("slides.no_data", view.lang, scope=scope_line(view)))
    item = blocks.to_item(r, view)
    if item.kind == "kpis":
        return Slide(kind="kpis", title=item.title, subtitle=scope_line(view), item=item)
    return Slide(kind="block", title=item.title, subtitle=item.caption, item=item)


def item_slide(item, reader, lang: str = "vi", overrides: Mapping[str, str] | None = None,
               scope: tuple[str, ...] | None = None) -> Slide:
    """A stored deck item as a slide, rebuilt from its page's declaration with its saved parameters."""
    page, key = str(_get(item, "page") or ""), str(_get(item, "block") or "")
    saved = str(_get(item, "title") or "") or key or fmt.DASH
    try:
        decl, view = item_view(item, reader, lang, overrides, scope)
        if decl is None:
            return _notice_slide(saved, t("slides.page_gone", lang, page=page))
        if view is None:
            return _notice_slide(saved, t("empty.no_data", lang))
        if any(n.key == "notice.unit_scope" for n in view.notices):     # saved for units outside the scope
            return _notice_slide(saved, t("access.slide_out_of_scope", lang))
        found = [b for b in blocks.flatten(decl.layout(view)) if b.key == key]
        if not found:
            return _notice_slide(saved, t("slides.block_gone", lang, page=t(decl.TITLE, lang)))
        slide = block_slide(found[0], view)
        # the title the deck was given ("So sánh Sơn La – Đà Nẵng năm 2024"), as its manager lists it; saved in
        # Vietnamese, so a deck shown in English keeps the block's own English title
        given = str(_get(item, "title") or "")
        return replace(slide, title=given) if given and lang == "vi" else slide
    except Exception:      # a slide that cannot be built must not stop the presentation
        log.exception("deck item %s/%s could not be rebuilt", page, key)
        return _notice_slide(saved, t("slides.failed", lang))


# ---- a whole deck ------------------------------------------------------------------------------------


def _rows(items: pd.DataFrame | None) -> list:
    if items is None or len(items) == 0:
        return []
    return list(items.itertuples(index=False))


def title_slide(deck: Mapping, items: pd.DataFrame | None, reader, lang: str = "vi",
                overrides: Mapping[str, str] | None = None, scope: tuple[str, ...] | None = None
                ) -> tuple[Slide, Meta]:
    """The deck's title slide and the deck's ``Meta`` (units, period and department of its first item)."""
    title = deck_title(deck)
    rows = _rows(items)
    view = None
    for row in rows[:1]:
        _decl, view = item_view(row, reader, lang, overrides, scope)
    if view is None:            # no items, or the first one's page is gone: the default view of the Overview
        try:
            view = blocks.build_view(views.get(views.PAGES[0]), dict(overrides or {}), reader, lang, scope)
        except ValueError:
            view = None
    if view is None:
        meta = _fallback_meta(title, lang, reader)
        where = place_and_date(deck.get("place"), deck.get("event_on"))
        return Slide(kind="title", title=title, subtitle=deck.get("subtitle") or "",
                     lines=[x for x in (where,) if x]), meta
    meta = blocks.meta_of(view, title)
    scope_text = scope_line(view)
    own = deck.get("subtitle")
    subtitle = str(own) if own and str(own).strip() else scope_text
    lines = [scope_text] if subtitle != scope_text else []
    where = place_and_date(deck.get("place"), deck.get("event_on"))
    lines += [x for x in (where, meta.department) if x]
    return Slide(kind="title", title=title, subtitle=subtitle, lines=lines), meta


def slide_count(items: pd.DataFrame | None) -> int:
    """Title + one per item + closing."""
    return len(_rows(items)) + 2


def deck_slide(deck: Mapping, items: pd.DataFrame | None, n: int, reader, lang: str = "vi",
               overrides: Mapping[str, str] | None = None, scope: tuple[str, ...] | None = None
               ) -> tuple[Slide, Meta]:
    """Slide ``n`` (1-based, clamped) of a deck alone, for the presentation mode: only its own item is resolved."""
    rows = _rows(items)
    total = len(rows) + 2
    n = min(max(int(n), 1), total)
    first, meta = title_slide(deck, items, reader, lang, overrides, scope)
    if n == 1:
        return first, meta
    if n == total:
        return closing_slide(lang, meta.department), meta
    return item_slide(rows[n - 2], reader, lang, overrides, scope), meta


def deck_slides(deck: Mapping, items: pd.DataFrame | None, reader, lang: str = "vi",
                overrides: Mapping[str, str] | None = None, scope: tuple[str, ...] | None = None
                ) -> tuple[list[Slide], Meta]:
    """Every slide of a stored deck: the title slide, one per item, the closing slide; and the deck's Meta."""
    first, meta = title_slide(deck, items, reader, lang, overrides, scope)
    slides = [first] + [item_slide(row, reader, lang, overrides, scope) for row in _rows(items)]
    slides.append(closing_slide(lang, meta.department))
    return slides, meta


# ---- a whole page (python -m data report --page) ----------------------------------------------------


def view_slides(decl, view: blocks.View, title: str | None = None) -> tuple[list[Slide], Meta]:
    """A title slide and one slide per block of a page's layout, in page order."""
    lang = view.lang
    title = title or t(decl.TITLE, lang)
    meta = blocks.meta_of(view, title)
    lines = [x for x in (meta.compare.capitalize() if meta.compare else "", meta.department, meta.freshness) if x]
    slides = [Slide(kind="title", title=title, subtitle=scope_line(view), lines=lines)]
    for block in blocks.flatten(decl.layout(view)):
        try:
            slides.append(block_slide(block, view))
        except Exception:
            log.exception("block %s/%s could not be resolved", decl.KEY, block.key)
            slides.append(_notice_slide(blocks.title_of(block, view), t("slides.failed", lang)))
    return slides, meta


def page_slides(decl, params: Mapping[str, str], reader, lang: str = "vi",
                scope: tuple[str, ...] | None = None) -> tuple[list[Slide], Meta]:
    """Slides of every block of a page for URL parameters ``params`` (raises ValueError without facts)."""
    return view_slides(decl, blocks.build_view(decl, params, reader, lang, scope))


def items_of(slides: list[Slide]) -> list[model.Item]:
    """The resolved items of slides (for a workbook): every KPI and block slide that has data."""
    return [s.item for s in slides if s.item is not None]
