"""The message catalogue: every string a user sees, in Vietnamese (default) and English.

One catalogue, kept in one module per area (``core`` for the shell and shared pieces, one per page)
so pages can grow without editing each other's strings. Every module defines ``MESSAGES`` as
{key: (vi, en)}; they are merged here and a key defined twice is an error. Pages call
``t("key", **values)``; no label is hard-coded in a page. Text for a Markdown-rendering call (``st.markdown``,
``st.caption``, alerts, toasts, labels…) comes from ``md("key", **values)``: the same template with every value
escaped (``ui.markdown``), since values come from users, files and the database and templates alone are trusted;
``t`` stays plain for files, charts, tables and option lists. Metric labels live in the metric catalogue
(``queries.catalogue``), dimension member labels in the database's reference tables.
"""

from __future__ import annotations

import importlib
import pkgutil

from ui.markdown import Markdown, escape

LANGS = ("vi", "en")


def _load() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, value in module.MESSAGES.items():
            if key in merged:
                raise ValueError(f"message key {key!r} defined twice (again in {info.name})")
            merged[key] = value
    return merged


MESSAGES: dict[str, tuple[str, str]] = _load()


def t(key: str, lang: str = "vi", **values) -> str:
    vi, en = MESSAGES[key]
    text = vi if lang == "vi" else en
    return text.format(**values) if values else text


def md(key: str, lang: str = "vi", **values) -> Markdown:
    """The catalogue text for a Markdown-rendering call: the template as written (its ``**bold**`` kept), every
    value escaped as literal text. A value that is already ``Markdown`` — another ``md``, ``escape``'s output, a
    fragment wrapped in ``Markdown`` on purpose — is kept as it is."""
    return Markdown(t(key, lang, **{name: escape(value) for name, value in values.items()}))
