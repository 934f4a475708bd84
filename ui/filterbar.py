"""The one filter bar: sidebar widgets whose state follows the URL contract and survives page switches.

On a session's first run the URL is parsed (malformed values dropped with a notice); from then on the
widgets, rendered by the entry script on every page, own the state, and the URL is rewritten after
each run so a copied link reproduces the view.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from queries.periods import add_months, month_key, months_between, parse_month
from ui import filters as flt
from ui import format as fmt
from ui.messages import t
from ui.page import set_query_param

KEYS = {"units": "f_units", "start": "f_from", "end": "f_to", "grain": "f_grain",
        "platforms": "f_platforms", "compare": "f_compare", "boundary": "f_boundary"}
NOTICES = "_url_notices"


SHADOW = "_filter_choices"   # canonical copy of the choices; widget state is re-seeded from it each run


def _store(choices: flt.Choices) -> None:
    st.session_state[SHADOW] = {
        "units": list(choices.units),
        "start": month_key(choices.start),
        "end": month_key(choices.end),
        "grain": choices.grain,
        "platforms": list(choices.platforms),
        "compare": choices.compare,
        "boundary": choices.boundary,
    }


def _current() -> flt.Choices:
    c = st.session_state[SHADOW]
    return flt.Choices(
        units=tuple(c["units"]),
        start=parse_month(c["start"]),
        end=parse_month(c["end"]),
        grain=c["grain"],
        platforms=tuple(c["platforms"]),
        compare=c["compare"],
        boundary=c["boundary"],
    )


def _sync(name: str) -> None:
    """on_change of a widget: copy its value into the canonical choices."""
    st.session_state[SHADOW][name] = st.session_state[KEYS[name]]
    st.session_state[NOTICES] = []


def _on_boundary(ctx: flt.Context) -> None:
    shadow = st.session_state[SHADOW]
    previous = shadow["boundary"]
    _sync("boundary")
    choices = replace(_current(), boundary=previous)
    changed, notices = flt.with_boundary(choices, shadow["boundary"], ctx)
    shadow["units"] = list(changed.units)
    st.session_state[NOTICES] = notices


def _on_range(name: str) -> None:
    _sync(name)
    shadow = st.session_state[SHADOW]
    if shadow["start"] > shadow["end"]:
        shadow["start"], shadow["end"] = shadow["end"], shadow["start"]


def _reset(ctx: flt.Context) -> None:
    _store(flt.defaults(ctx))
    st.session_state[NOTICES] = []


def _unknown_names(params) -> list[flt.Notice]:
    """Parameters of the link that no page reads: said, and taken out of the URL."""
    core = {*flt.CONTRACT_PARAMS, *flt.STREAMLIT_PARAMS, flt.PAGE_PARAM, flt.GLOSSARY_PARAM}
    if all(name in core for name in params):
        return []           # the usual link: no need to import every page's declaration
    from ui import drill, views

    notices = flt.unknown_params(list(params), core | {drill.PARAM} | views.url_params())
    for n in notices:
        del st.query_params[n.values["param"]]
    return notices


def render(ctx: flt.Context, platform_labels: dict[str, str], lang: str = "vi"
           ) -> tuple[flt.Choices, list[flt.Notice]]:
    """Draw the filter bar in the sidebar and return the validated choices and pending notices."""
    ss = st.session_state
    if SHADOW not in ss:
        params = {k: st.query_params.get_all(k) for k in st.query_params}    # every value of a repeated one
        choices, notices = flt.parse(params, ctx)
        notices += _unknown_names(params)
        _store(choices)
        ss[NOTICES] = notices
    shadow = ss[SHADOW]

    months = [month_key(add_months(ctx.first_month, i))
              for i in range(months_between(ctx.first_month, ctx.last_month))]
    units = flt.visible_units(ctx, shadow["boundary"])
    # outside the scope never; nothing chosen means the scope's units for a user with a scope
    shadow["units"] = [c for c in shadow["units"] if c in units] or list(flt.scope_units(ctx, shadow["boundary"]))
    shadow["start"] = min(max(shadow["start"], months[0]), months[-1])
    shadow["end"] = min(max(shadow["end"], months[0]), months[-1])
    for name, key in KEYS.items():
        ss[key] = list(shadow[name]) if isinstance(shadow[name], list) else shadow[name]

    with st.sidebar:
        st.subheader(t("filter.header", lang))
        options = sorted(units, key=lambda c: (units[c].casefold(), c))
        st.multiselect(t("filter.units", lang), options, key=KEYS["units"],
                       format_func=lambda c: f"{units[c]} ({c})",
                       placeholder=t("filter.units_placeholder", lang), on_change=_sync, args=("units",),
                       select_all=False)   # an empty choice is already "all"; and its words are English
        c1, c2 = st.columns(2)
        c1.selectbox(t("filter.from", lang), months, key=KEYS["start"], format_func=_month_label,
                     on_change=_on_range, args=("start",))
        c2.selectbox(t("filter.to", lang), months, key=KEYS["end"], format_func=_month_label,
                     on_change=_on_range, args=("end",))
        st.selectbox(t("filter.grain", lang), ["month", "quarter", "half", "year"], key=KEYS["grain"],
                     format_func=lambda g: t(f"grain.{g}", lang), on_change=_sync, args=("grain",))
        st.selectbox(t("filter.compare", lang), ["yoy", "prev", "none"], key=KEYS["compare"],
                     format_func=lambda c: t(f"compare.{c}", lang), on_change=_sync, args=("compare",))
        st.multiselect(t("filter.platforms", lang), list(ctx.platforms), key=KEYS["platforms"],
                       format_func=lambda k: platform_labels.get(k, k),
                       placeholder=t("filter.platforms_placeholder", lang), on_change=_sync,
                       args=("platforms",), select_all=False)
        st.radio(t("filter.boundary", lang), ["current", "historical"], key=KEYS["boundary"],
                 format_func=lambda b: t(f"boundary.{b}", lang), on_change=_on_boundary, args=(ctx,))
        st.button(t("filter.reset", lang), on_click=_reset, args=(ctx,), width="stretch")

    choices = _current()
    _write_url(choices)
    return choices, list(ss.get(NOTICES, []))


def _month_label(key: str) -> str:
    return fmt.month(parse_month(key))


def _write_url(choices: flt.Choices) -> None:
    wanted = flt.to_params(choices)
    for name in flt.PARAMS:
        set_query_param(name, wanted.get(name))


