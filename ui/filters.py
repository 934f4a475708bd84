"""The filter state and its URL form (DESIGN §5): parse, validate, serialise. No Streamlit here.

URL parameters: ``unit`` (unit codes, comma-separated or the parameter repeated: ``unit=14&unit=48`` keeps both),
``from`` / ``to`` (YYYY-MM), ``grain``
(month|quarter|half|year), ``platform`` (comma-separated keys), ``compare`` (prev|yoy|none),
``boundary`` (current|historical), ``lang`` (vi|en: the language of every word, numbers included in
period names; kept by the entry script). A parameter of one value given twice keeps its first value, with a notice.
Unknown or malformed values are dropped with a notice (a message
key and its values, rendered by the page); values outside the user's scope are dropped too. A user with a
scope who chose no unit gets the units of the scope, so every label, file name and shared link says which
units the figures are about (the same link opened by a wider scope shows the same units).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from queries.builder import BOUNDARIES, COMPARES, Filters
from queries.builder import LANGS as LANGUAGES
from queries.periods import GRAINS, MERGER, month_key, month_label, parse_month

PARAMS = ("unit", "from", "to", "grain", "platform", "compare", "boundary")
DEFAULT_GRAIN, DEFAULT_COMPARE, DEFAULT_BOUNDARY = "month", "yoy", "current"
LANGS, DEFAULT_LANG = LANGUAGES, "vi"


@dataclass(frozen=True)
class Context:
    """What validation needs to know about the database and the user."""

    current_units: dict[str, str]              # code -> name, the 34 units in force
    historical_units: dict[str, str]           # code -> display name(s), every code ever used
    merged_into: dict[str, tuple[str, str]]    # old code not in force -> (new code, old name)
    platforms: tuple[str, ...]
    first_month: dt.date
    last_month: dt.date
    scope: tuple[str, ...] | None = None       # current codes the user may see; None = all
    old_units: dict[str, str] = field(default_factory=dict)    # code -> name before 07/2025, every code then used

    def names(self, boundary: str, start: dt.date, end: dt.date) -> dict[str, str]:
        """Code -> name for captions and headers: today's names under current boundaries; under historical ones the
        name the code had during the period ("Yên Bái" in 2024, "Lào Cai" from 07/2025, both across the merger)."""
        if boundary == "current":
            return self.current_units
        if end < MERGER and self.old_units:
            return {**self.historical_units, **self.old_units}
        if start >= MERGER:
            return {**self.historical_units, **self.current_units}
        return self.historical_units


@dataclass(frozen=True)
class Choices:
    units: tuple[str, ...]
    start: dt.date
    end: dt.date
    grain: str = DEFAULT_GRAIN
    platforms: tuple[str, ...] = ()
    compare: str = DEFAULT_COMPARE
    boundary: str = DEFAULT_BOUNDARY

    def filters(self, scope: tuple[str, ...] | None = None, lang: str = DEFAULT_LANG) -> Filters:
        """The builder's filters; ``lang`` is the language of the period words in its results."""
        return Filters(start=self.start, end=self.end, units=self.units, grain=self.grain,
                       platforms=self.platforms, compare=self.compare, boundary=self.boundary, scope=scope,
                       lang=lang)


@dataclass(frozen=True)
class Notice:
    key: str
    values: dict = field(default_factory=dict)


def defaults(ctx: Context) -> Choices:
    """Year to date up to the latest month with data, all units (of the scope), compared with the same period
    last year."""
    last = ctx.last_month
    start = max(dt.date(last.year, 1, 1), ctx.first_month)
    return Choices(units=scope_units(ctx, DEFAULT_BOUNDARY), start=start, end=last)


def visible_units(ctx: Context, boundary: str) -> dict[str, str]:
    """Code -> name of the units a user may choose under a boundary mode: all, or those of the scope (old codes
    whose unit is part of a unit in the scope today included)."""
    units = ctx.current_units if boundary == "current" else ctx.historical_units
    if ctx.scope is None:
        return dict(units)
    return {c: n for c, n in units.items() if in_scope(c, boundary, ctx)}


def scope_units(ctx: Context, boundary: str) -> tuple[str, ...]:
    """What "every unit" means for a user with a scope: the scope's units under the boundary mode (() = all)."""
    if ctx.scope is None:
        return ()
    return tuple(sorted(visible_units(ctx, boundary)))


# the link's parameters (DESIGN §5), Streamlit's own; pages add theirs (``ui.views.url_params``, the list page, drill)
CONTRACT_PARAMS = ("unit", "from", "to", "grain", "platform", "compare", "boundary", "lang", "deck", "slide")
STREAMLIT_PARAMS = ("embed", "embed_options")
GLOSSARY_PARAM = "tra_cuu"      # the glossary's search (a page of its own, not a declared view)


def unknown_params(names, known) -> list[Notice]:
    """A notice for each parameter name of a link that nothing reads (``Unit=14`` shows the whole country without a
    word otherwise), naming the known one it most likely meant."""
    import difflib

    known = sorted(known)
    out = []
    for name in names:
        if name in known:
            continue
        like = next((k for k in known if k.lower() == name.strip().lower()), None) \
            or next(iter(difflib.get_close_matches(name.strip().lower(), known, n=1, cutoff=0.75)), None)
        out.append(Notice("notice.param_unknown_like", {"param": name, "like": like}) if like
                   else Notice("notice.param_unknown", {"param": name}))
    return out


LIST_PARAMS = ("unit", "platform", "drill")     # a list: repeated (unit=14&unit=48) or comma-separated (unit=14,48)


def single(params: Mapping, name: str, notices: list[Notice] | None = None) -> str | None:
    """One value of a parameter that holds one: a link may repeat it (grain=month&grain=year); the first value counts
    and, when the others differ, a notice says which was used."""
    raw = params.get(name)
    if not isinstance(raw, (list, tuple)):
        return raw
    values = [v for v in raw if v is not None]
    if not values:
        return None
    if notices is not None and len(set(values)) > 1:
        notices.append(Notice("notice.param_repeated", {"param": name, "value": values[0]}))
    return values[0]


def several(params: Mapping, name: str) -> str | None:
    """A list parameter as one comma-separated value: unit=14&unit=48 and unit=14,48 both keep 14 and 48."""
    raw = params.get(name)
    if isinstance(raw, (list, tuple)):
        return ",".join(str(v) for v in raw if v not in (None, "")) or None
    return raw


def _split(raw: str | None) -> list[str]:
    if raw is None:
        return []
    return [p.strip() for p in str(raw).split(",") if p.strip()]


def _choice(params, name, allowed, default, notices):
    raw = single(params, name, notices)
    if raw is None or raw == "":
        return default
    if raw in allowed:
        return raw
    notices.append(Notice("notice.choice_bad", {"param": name, "value": raw, "default": default}))
    return default


def _month(params, name, default, ctx, notices):
    raw = single(params, name, notices)
    if raw is None or raw == "":
        return default
    m = parse_month(str(raw))
    if m is None:
        notices.append(Notice("notice.month_bad", {"param": name, "value": raw}))
        return default
    if m < ctx.first_month or m > ctx.last_month:
        clamped = min(max(m, ctx.first_month), ctx.last_month)
        notices.append(Notice("notice.month_clamped", {
            "param": name, "value": month_label(m), "first": month_label(ctx.first_month), "last": month_label(ctx.last_month)}))
        return clamped
    return m


def units_for(codes, boundary: str, ctx: Context, notices: list[Notice]) -> tuple[str, ...]:
    """Validate unit codes for a boundary mode; map merged codes under current boundaries."""
    out: list[str] = []
    for code in codes:
        if boundary == "current" and code not in ctx.current_units and code in ctx.merged_into:
            new_code, old_name = ctx.merged_into[code]
            notices.append(Notice("notice.unit_merged", {
                "value": code, "old": old_name, "new_code": new_code, "new": ctx.current_units[new_code]}))
            code = new_code
        known = ctx.current_units if boundary == "current" else ctx.historical_units
        if code not in known:
            notices.append(Notice("notice.unit_unknown", {"value": code}))
            continue
        if ctx.scope is not None and not in_scope(code, boundary, ctx):
            notices.append(Notice("notice.unit_scope", {"value": code}))
            continue
        if code not in out:
            out.append(code)
    return tuple(out)


def in_scope(code: str, boundary: str, ctx: Context) -> bool:
    """Whether a unit code (under a boundary mode) is inside the user's scope (always, without one)."""
    if ctx.scope is None or code in ctx.scope:
        return True
    # an old code is in scope when the unit it merged into is
    return boundary == "historical" and code in ctx.merged_into and ctx.merged_into[code][0] in ctx.scope


PAGE_PARAM = "trang"      # the page of a paged list (channels, teams), from 1


def page_number(raw: str | None) -> int | None:
    """A paged list's ``trang`` URL parameter -> the page (a whole number from 1, ASCII digits), None for anything
    else (the caller says so and shows page 1)."""
    text = str(raw).strip() if raw is not None else ""
    return int(text) if text.isascii() and text.isdigit() and int(text) >= 1 else None


def language(raw: str | None) -> str:
    """The ``lang`` URL parameter -> 'vi' or 'en' (anything else: Vietnamese; ``parse`` says so)."""
    return raw if raw in LANGS else DEFAULT_LANG


def parse(params: Mapping[str, str | list[str]], ctx: Context) -> tuple[Choices, list[Notice]]:
    """URL parameters -> validated choices and the notices for whatever was dropped. A value may be a list (a
    parameter repeated in the link): list parameters keep every value, the others their first (``single``)."""
    notices: list[Notice] = []
    params = {name: several(params, name) if name in LIST_PARAMS else raw for name, raw in params.items()}
    base = defaults(ctx)
    _choice(params, "lang", LANGS, DEFAULT_LANG, notices)     # the language itself is kept by the shell
    boundary = _choice(params, "boundary", BOUNDARIES, DEFAULT_BOUNDARY, notices)
    grain = _choice(params, "grain", GRAINS, DEFAULT_GRAIN, notices)
    compare = _choice(params, "compare", COMPARES, DEFAULT_COMPARE, notices)
    units = units_for(_split(params.get("unit")), boundary, ctx, notices) or scope_units(ctx, boundary)
    platforms = []
    for key in _split(params.get("platform")):
        if key in ctx.platforms:
            if key not in platforms:
                platforms.append(key)
        else:
            notices.append(Notice("notice.platform_unknown", {"value": key}))
    # a month given is one that parses: a malformed "from" is ignored (with its notice) as if it were absent
    has_from = parse_month(str(single(params, "from") or "")) is not None
    has_to = parse_month(str(single(params, "to") or "")) is not None
    end = _month(params, "to", base.end, ctx, notices)
    # with only "to" given, show that year to date; with only "from", up to the latest month
    default_start = dt.date(end.year, 1, 1) if has_to and not has_from else base.start
    start = _month(params, "from", max(default_start, ctx.first_month), ctx, notices)
    if start > end:
        if has_from and has_to:
            notices.append(Notice("notice.range_swapped"))
            start, end = end, start
        else:
            start = end if has_to else start
            end = max(end, start)
    if boundary == "historical" and start >= MERGER:
        # an old code in a range after the merger: the unit no longer existed (its figures are its successor's)
        for code in units:
            if code in ctx.merged_into and code not in ctx.current_units:
                new_code, old_name = ctx.merged_into[code]
                notices.append(Notice("notice.unit_gone", {"value": code, "old": old_name, "new_code": new_code,
                                                           "new": ctx.current_units.get(new_code, new_code)}))
    return Choices(units=units, start=start, end=end, grain=grain, platforms=tuple(platforms),
                   compare=compare, boundary=boundary), notices


def to_params(choices: Choices) -> dict[str, str]:
    """Choices -> URL parameters, in contract order; empty selections are left out."""
    out = {}
    if choices.units:
        out["unit"] = ",".join(choices.units)
    out["from"] = month_key(choices.start)
    out["to"] = month_key(choices.end)
    out["grain"] = choices.grain
    if choices.platforms:
        out["platform"] = ",".join(choices.platforms)
    out["compare"] = choices.compare
    out["boundary"] = choices.boundary
    return out


def with_boundary(choices: Choices, boundary: str, ctx: Context) -> tuple[Choices, list[Notice]]:
    """Switch boundary mode, remapping unit codes that do not exist under the new one."""
    notices: list[Notice] = []
    units = units_for(choices.units, boundary, ctx, notices) or scope_units(ctx, boundary)
    return replace(choices, boundary=boundary, units=units), notices
