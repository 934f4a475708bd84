"""Text that meets Markdown: the one rule for values from a user, a file or the database.

Streamlit renders ``st.markdown``, ``st.caption``, alerts, toasts, titles, ``st.metric`` labels and help, widget
labels and help, progress and status texts, ``st.table`` cells and pills/radio options as GitHub-flavoured Markdown
with its own directives (``:material/…:`` icons, ``:red[…]`` colours, ``$…$`` maths). A value from outside — a URL
parameter, a search box, a file name, a cell of an uploaded file, a name stored in the database — must reach those
calls as text, or a crafted ``![x](http://…)`` makes the browser fetch an outside image and ``[Đăng nhập lại](…)``
shows a live link inside the app's own message.

``escape`` is the one way to do that. It backslash-escapes (CommonMark lets a backslash escape any ASCII punctuation,
and an escaped character is literal text to every construct):

- everywhere, the characters that open an inline construct: ``\\`` escapes, `````` code, ``*`` ``_`` emphasis,
  ``~`` strikethrough, ``[`` ``]`` ``!`` links and images (footnotes too), ``<`` ``>`` HTML and autolinks, ``&``
  entities, ``$`` maths, ``@`` bare e-mail links, ``#`` ``|`` ``{`` ``}``; and ``:`` wherever something follows it
  (Streamlit's directives, icons and emoji codes, the ``http:`` of a bare link) — "năm 2024: 738" keeps its colon
  as written, and the closing colon of a ``:code:`` gets an invisible word joiner instead;
- where they matter only: the ``.`` of a bare ``www.`` link (with an invisible word joiner before it, and before
  the colon of ``http:``/``https:`` and an ``@``: GFM finds bare links in the parsed text, where escapes are gone),
  the ``/`` of ``material/`` (Streamlit rewrites
  ``:material/`` before parsing), and at the start of the value — which may start a line — the block markers:
  ``-``/``+`` followed by a space, ``--``, ``=``, and the ``.``/``)`` of ``1. ``/``1) ``. Leading white space is dropped (it would indent a code
  block; Markdown drops it from a paragraph anyway);

and turns line breaks and other control characters into spaces (a value is one line: no heading underline, no
block of its own). Dates, numbers and ordinary punctuation (``13.712``, ``6,61%``, ``Quý III/2024``, ``Bà Rịa - Vũng
Tàu``) stay as they are. ``Markdown`` marks a string known to be safe Markdown — a catalogue template with escaped
values (``ui.messages.md``), escape's own output, or a fragment written in the code and wrapped on purpose;
``escape`` leaves it as it is, so escaping twice is harmless and a Markdown-rendering call may always escape what it
is given.

Never imports Streamlit; never used for files (a PDF, a workbook or a slide holds plain text, not Markdown).
"""

from __future__ import annotations

import re

_ALWAYS = re.compile(r"([\\`*_~\[\]!<>&$@#|{}])")
# a colon opens Streamlit's directives (:red[…], :material/…:), emoji codes (:smile:) and link schemes (http:) only
# when something follows it: one followed by a space or the end ("năm 2024: 738") is left as written; the closing
# colon of an emoji-like code gets a word joiner instead, so that no ":code:" is left for the emoji plugin
_COLON = re.compile(r":(?=\S)")
_CODE_END = re.compile(r"(:[\w+-]+):(?=\s|$)")
_WWW = re.compile(r"(?i)(?<=www)\.")
# GFM's bare links (http://…, www.…, a@b.vn) are found in the text after the Markdown is parsed, where an escape no
# longer shows: an invisible word joiner between the scheme and its colon, before a www's dot and before an @ keeps
# the text from matching (it is still what a reader sees and copies, less the joiner)
JOINER = "\u2060"
_BARE_LINK = re.compile(r"(?i)(?<=https)(?=\\:)|(?<=http)(?=\\:)|(?<=www)(?=\\\.)|(?=\\@)")
_MATERIAL = re.compile(r"(?<=material)/")
# a list item (- x, + x, 1. x, 1) x), a thematic break or heading underline (---, ===) where a line starts
_LEADING = re.compile(r"^([-+](?=\s|$)|-(?=-)|=|\d{1,9}[.)](?=\s|$))")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")   # line breaks, tabs and other control characters


class Markdown(str):
    """A string that is safe Markdown as it is: ``escape`` and the ``st.*`` calls take it unchanged. Wrap only
    text whose every character the code wrote (a catalogue template, a constant) or that went through ``escape``."""

    __slots__ = ()


def escape(text) -> Markdown:
    """A value as literal text inside Markdown (``None`` is empty text). Idempotent: a ``Markdown`` is returned as
    it is."""
    if isinstance(text, Markdown):
        return text
    if text is None:
        return Markdown("")
    flat = _BREAKS.sub(" ", str(text)).lstrip()
    out = _ALWAYS.sub(r"\\\1", flat)
    out = _COLON.sub(r"\\:", _CODE_END.sub(lambda m: m.group(1) + JOINER + ":", out))
    out = _BARE_LINK.sub(JOINER, _MATERIAL.sub(r"\\/", _WWW.sub(r"\\.", out)))
    lead = _LEADING.match(out)
    if lead:
        marker = lead.group(1)
        out = (marker[:-1] + "\\" + marker[-1]) + out[len(marker):]
    return Markdown(out)


def unescape(text) -> str:
    """What a reader sees of escaped Markdown text (for tests and for comparing with a file's plain text)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(text)).replace(JOINER, "")
