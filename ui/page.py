"""What every page gets from the shell: the user's choices, the filters, the language, unit names.

The entry script (``dashboard.py``) calls ``set_current`` before running the page; a page calls
``current()``. Page-specific URL parameters (e.g. the metric a chart shows) go through ``param``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd
import streamlit as st

from queries import lists
from queries.builder import Filters
from queries.periods import GRAIN_MONTHS, add_months, period_start
from ui import format as fmt
from ui.blocks import LIST_PAGE
from ui.filters import PAGE_PARAM, Choices, Context, Notice, page_number, single
from ui.markdown import Markdown, escape  # page scripts escape through here
from ui.messages import md, t

_KEY = "_page_context"


@dataclass
class PageContext:
    choices: Choices
    filters: Filters
    ctx: Context
    lang: str
    units: pd.DataFrame                       # provincial units (queries.builder.units)
    platform_labels: dict[str, str]
    notices: list[Notice] = field(default_factory=list)
    page: str = "overview"                    # url path of the page being run; scopes page-level choices

    @property
    def code_names(self) -> dict[str, str]:
        """Code -> name under the chosen boundary mode, as in the chosen period (for captions and headers)."""
        ch = self.choices
        return self.ctx.names(ch.boundary, ch.start, ch.end)


def set_current(pc: PageContext) -> None:
    st.session_state[_KEY] = pc


def current() -> PageContext:
    return st.session_state[_KEY]


def select(name: str, label: str, options: list[str], default: str, format_func=str) -> str:
    """A page-level choice kept in the URL (``?name=value``): read from the link once per session,
    kept in a canonical copy (widget state is re-seeded from it each run, so it survives reruns and
    page switches), written back to the URL whenever it differs from the default."""
    ss = st.session_state
    # the canonical copy is per page: two pages may both have a "metric" choice
    shadow, key = f"_page_choice_{current().page}_{name}", f"p_{name}"
    if shadow not in ss:
        notices: list[Notice] = []
        raw = single({name: st.query_params.get_all(name)}, name, notices)
        ss[shadow] = raw if raw in options else default
        if raw not in (None, "") and raw not in options:      # a value the page cannot show: dropped, and said
            notices.append(Notice("notice.choice_bad", {"param": name, "value": raw, "default": format_func(default)}))
        ss[f"{shadow}_notices"] = notices
    if ss[shadow] not in options:
        ss[shadow] = default
    ss[key] = ss[shadow]

    def sync() -> None:
        ss[shadow] = ss[key]

    show_notices(ss.pop(f"{shadow}_notices", None), current().lang)
    st.selectbox(escape(label), options, key=key, format_func=format_func, on_change=sync)
    value = ss[shadow]
    set_query_param(name, None if value == default else value)
    return value


def url_text(name: str, limit: int, notices: list[Notice]) -> str:
    """A page's free-text parameter (a search) as the link gives it: its first value when repeated and at most
    ``limit`` characters, each change said in ``notices`` (which parameter, and why)."""
    raw = single({name: st.query_params.get_all(name)}, name, notices) or ""
    if len(raw) > limit:
        notices.append(Notice("notice.param_cut", {"param": name, "n": limit}))
        raw = raw[:limit]
    return raw


def list_page(key: str, view, search: str, notices: list[Notice]) -> int:
    """The page (from 1) of a paged list (``key``: 'channels', 'teams') this run shows: the link's ``trang`` on the
    list's first run (anything but a whole number from 1 said in ``notices``, and page 1), then the pager's
    (``pager``); page 1 again whenever what the list holds (the view's filters and the ``search``) changes."""
    holds = (lists.list_key(view.filters), search)
    ss, state, seen = st.session_state, f"{key}_page", f"_{key}_page_holds"
    if state not in ss:
        raw = single({PAGE_PARAM: st.query_params.get_all(PAGE_PARAM)}, PAGE_PARAM, notices)
        page = page_number(raw)
        if raw is not None and page is None:
            notices.append(Notice("notice.param_page", {"param": PAGE_PARAM, "value": raw}))
        ss[state] = page or 1
    elif ss.get(seen) != holds:
        ss[state] = 1
    ss[seen] = holds
    view.params[PAGE_PARAM] = int(ss[state])
    return view.params[PAGE_PARAM]


def pager(key: str, view) -> None:
    """Under a paged list: the page number to type or step (only when there is more than one page) with "page p
    of n", ``trang`` kept in the URL (absent on page 1), and a notice when the page asked (``list_page``) is past
    the last, so the last was drawn instead (``blocks.read_list_page``)."""
    lp, lang = view.extra.get(LIST_PAGE), view.lang
    if lp is None:                  # the list was not drawn (no data for the filters)
        return
    asked, shown, pages = int(view.params.get(PAGE_PARAM, 1)), lp.number, lp.pages
    if asked > shown:
        show_notices([Notice("notice.page_past_end", {"asked": fmt.number(asked), "pages": fmt.number(pages)})], lang)
    state = f"{key}_page"
    st.session_state[state] = shown
    if pages > 1:
        left, right = st.columns([1, 3], vertical_alignment="bottom")
        left.number_input(t("list.page", lang), min_value=1, max_value=pages, step=1, key=state)
        right.caption(md("list.page_of", lang, page=fmt.number(shown), pages=fmt.number(pages),
                         size=fmt.number(lp.size)))
    set_query_param(PAGE_PARAM, str(shown) if shown > 1 else None)


def show_notices(notices: list[Notice] | None, lang: str = "vi") -> None:
    """A link's notices (what was dropped or changed, and why) as one warning: a list under its header; the values
    come from the URL, escaped by ``md``."""
    if not notices:
        return
    st.warning(escape(notice_text(notices, lang)), icon=":material/warning:")


def notice_text(notices: list[Notice], lang: str = "vi") -> Markdown:
    """Notices as Markdown: the header and one escaped line each (values from the URL, clipped)."""
    return Markdown("\n".join([t("notice.header", lang)]
                               + [f"- {md(n.key, lang, **_clipped(n.values))}" for n in notices]))


NOTICE_VALUE_CHARS = 80


def _clipped(values: dict) -> dict:
    """A notice's values as it quotes them: a value from a link longer than ``NOTICE_VALUE_CHARS`` is cut with '…'
    (a 5.000-character ``unit=`` made a 5.000-character warning)."""
    return {k: (v[:NOTICE_VALUE_CHARS - 1] + "…" if isinstance(v, str) and len(v) > NOTICE_VALUE_CHARS else v)
            for k, v in values.items()}


def set_query_param(name: str, value: str | None) -> None:
    """Keep one URL parameter in step: absent when None, rewritten only when it differs."""
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def trend_filters(f: Filters, first_month: dt.date, periods: int = 8) -> Filters:
    """A trend needs context: when the chosen range is a single period at its grain, show it with
    the periods before it (up to ``periods`` in all), never before the data's first month."""
    start = period_start(f.start, f.grain)
    if add_months(start, GRAIN_MONTHS[f.grain] - 1) < f.end:
        return f
    earlier = add_months(start, -GRAIN_MONTHS[f.grain] * (periods - 1))
    return replace(f, start=max(earlier, period_start(first_month, f.grain)))
