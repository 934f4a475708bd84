"""Text is text (issue 12 §1): every string that reaches a Markdown-rendering Streamlit call in the app's code is
built from trusted parts only — a constant, a catalogue text without values (``t(key, lang)``), ``md(...)`` (values
escaped), ``escape(...)``, a number or date formatted by ``ui.format`` — or joins of those. A variable or a value
formatted in by hand must pass through ``escape`` (idempotent on text already escaped), so a value from a user, a
file or the database can never be read as a link, an image, emphasis, HTML or a directive.

The rule is checked on the syntax of ``dashboard.py``, ``app_pages/`` and ``ui/``: a new call that breaks it fails
here with its file and line, before any page test runs. ``ui.markdown.escape`` itself is tested below.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ui.markdown import JOINER, Markdown, escape, unescape
from ui.messages import md, t

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "dashboard.py", *sorted((ROOT / "app_pages").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]

# Streamlit calls whose text is Markdown: the positions and keywords that carry it
BODY = {0: "body"}
LABEL = {0: "label"}
SINKS: dict[str, dict] = {
    "markdown": BODY, "caption": BODY, "info": BODY, "warning": BODY, "error": BODY, "success": BODY,
    "toast": BODY, "title": BODY, "header": BODY, "subheader": BODY, "write": BODY,
    "metric": {0: "label", "help": "help"},
    "progress": {1: "text", "text": "text"},
    "status": LABEL, "expander": LABEL, "popover": {0: "label", "help": "help"},
    "button": {0: "label", "help": "help"}, "download_button": {0: "label", "help": "help"},
    "link_button": {0: "label", "help": "help"}, "page_link": {"label": "label", "help": "help"},
    "form_submit_button": {0: "label", "help": "help"},
    "selectbox": {0: "label", "help": "help"}, "multiselect": {0: "label", "help": "help"},
    "radio": {0: "label", "help": "help", "captions": "captions"}, "checkbox": {0: "label", "help": "help"},
    "toggle": {0: "label", "help": "help"}, "text_input": {0: "label", "help": "help"},
    "text_area": {0: "label", "help": "help"}, "number_input": {0: "label", "help": "help"},
    "date_input": {0: "label", "help": "help"}, "slider": {0: "label", "help": "help"},
    "select_slider": {0: "label", "help": "help"}, "pills": {0: "label", "help": "help"},
    "segmented_control": {0: "label", "help": "help"}, "file_uploader": {0: "label", "help": "help"},
    "update": {"label": "label"},          # st.status(...).update(label=...)
    "tabs": {0: "tabs"},
}
# widgets whose options are Markdown too: their format_func must give trusted or escaped text
OPTIONS_MARKDOWN = {"radio", "pills", "segmented_control"}
# receivers that are Streamlit (``st``, a column, a container, a status, a progress bar…): any name; calls on
# modules of our own with these names are excluded below
NOT_STREAMLIT = {"re", "str", "os", "json", "dict", "set", "pd", "np", "sys", "logging", "log", "q", "sql", "tables",
                 "images", "pptx_deck", "deck_pdf", "page_pdf", "docx_report", "view", "shadow", "notes", "values",
                 "out", "found", "lines", "parts", "items", "result", "merged", "frames", "render", "block", "b"}
SAFE_CALLS = {"t", "md", "escape", "Markdown"}          # t only without values (checked below)
SAFE_MODULES = {"fmt"}                                  # ui.format: numbers, dates, months


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _safe(node) -> bool:
    """Whether an expression can only produce trusted Markdown."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (str, int, float)) or node.value is None
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or _safe(v.value) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return _safe(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _safe(node.left) and _safe(node.right)
    if isinstance(node, ast.IfExp):
        return _safe(node.body) and _safe(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(_safe(e) for e in node.elts)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        return _safe(node.elt)
    if isinstance(node, ast.Call):
        fn = node.func
        name = _name(fn)
        if name == "t":
            return not node.keywords          # a catalogue text with values formatted in: use md()
        if name in SAFE_CALLS:
            return True
        if isinstance(fn, ast.Attribute) and _name(fn.value) in SAFE_MODULES:
            return True
        if isinstance(fn, ast.Attribute) and fn.attr == "join" and isinstance(fn.value, ast.Constant):
            return all(_safe(a) for a in node.args)
        if isinstance(fn, ast.Attribute) and fn.attr in ("capitalize", "upper", "strip") and _safe(fn.value):
            return True
        return False
    return False


def violations() -> list[str]:
    return [v for path in FILES for v in violations_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]


def violations_in(source: str, where_file: str) -> list[str]:
    found = []
    tree = ast.parse(source, where_file)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, receiver = node.func.attr, _name(node.func.value)
        if name not in SINKS or receiver in NOT_STREAMLIT or receiver == "" and name == "update":
            continue
        if name == "update" and not any(k.arg == "label" for k in node.keywords):
            continue
        if name == "write" and receiver not in ("st",):
            continue
        spec = SINKS[name]
        args = [(k, node.args[k]) for k in spec if isinstance(k, int) and k < len(node.args)]
        args += [(k.arg, k.value) for k in node.keywords if k.arg in spec]
        if name in OPTIONS_MARKDOWN:
            args += [(k.arg, k.value.body) for k in node.keywords
                     if k.arg == "format_func" and isinstance(k.value, ast.Lambda)]
            args += [(k.arg, k.value) for k in node.keywords
                     if k.arg == "format_func" and not isinstance(k.value, ast.Lambda)]
        for where, arg in args:
            if not _safe(arg):
                found.append(f"{where_file}:{node.lineno} {receiver}.{name} {where}: "
                             f"{ast.unparse(arg)[:90]}")
    return found


def test_every_markdown_call_gets_trusted_or_escaped_text():
    assert violations() == []


def test_the_rule_catches_values_formatted_in_and_bare_variables():
    bad = """
st.caption(t("data.read_done", lang, file=upload.name))
st.markdown(title)
st.info(f"**{name}**")
col.metric(label, 3)
st.button("x", help=f"{row['name']}")
st.radio("x", opts, format_func=lambda x: names[x])
"""
    assert [v.split(" ", 1)[0] for v in violations_in(bad, "bad.py")] == [f"bad.py:{n}" for n in range(2, 8)]
    good = """
st.caption(md("data.read_done", lang, file=upload.name))
st.markdown(escape(title))
st.info(f"**{escape(name)}**")
col.metric(escape(label), 3)
st.warning("\\n".join([t("notice.header", lang)] + [f"- {md(n.key, lang)}" for n in notices]))
st.caption(t("x", lang) if a else fmt.month(m))
"""
    assert violations_in(good, "good.py") == []


HOSTILE = [
    "![x](http://example.invalid/a.png)",
    "[Đăng nhập lại](http://example.invalid)",
    "<img src=http://example.invalid/b.png>",
    "**đậm** _nghiêng_ `mã` ~~gạch~~",
    ":material/warning: :red[đỏ] :smile:",
    "$x^2$ và $$y$$",
    "# Tiêu đề\n> trích\n- mục\n1. một\n===",
    "www.example.invalid và thu@example.invalid và http://example.invalid",
    "a | b | c\n---|---|---",
    "\\*đã thoát\\*",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_leaves_no_markdown_syntax_and_reads_back_as_the_text(text):
    out = escape(text)
    assert unescape(out) == " ".join(text.replace("\n", " ").split(" ")).lstrip()
    assert "\n" not in out
    # every character that opens an inline construct is escaped; no bare link, icon code or line-start marker is left
    for i, ch in enumerate(out):
        if ch in "`*_~[]!<>&$@#|{}" or ch == ":" and i + 1 < len(out) and not out[i + 1].isspace():
            assert out[i - 1] in ("\\", JOINER), (out, i)
    assert not re.search(r":[\w+-]+:", out.replace("\\", ""))       # no emoji or icon code left
    assert "www." not in out.lower() and ":material/" not in out and "material/" not in out
    # the bare-link patterns GFM looks for in the parsed text (escapes gone) do not match
    parsed_text = out.replace("\\", "")
    assert not re.search(r"(?i)https?://|www\.|\w@\w", parsed_text)
    assert not re.match(r"\s|[-+](\s|$)|--|=|\d+[.)](\s|$)", out)


@pytest.mark.parametrize("text, expected", [
    ("![x](http://example.invalid/a.png)", "\\!\\[x\\](http" + JOINER + "\\://example.invalid/a.png)"),
    ("[Đăng nhập lại](http://example.invalid)", "\\[Đăng nhập lại\\](http" + JOINER + "\\://example.invalid)"),
    ("thu@example.invalid", "thu" + JOINER + "\\@example.invalid"),
    ("1. một", r"1\. một"), ("- mục", r"\- mục"), ("=== x", r"\=== x"), ("   # x", r"\# x"),
    (":material/warning:", r"\:material\/warning:"), (":smile: x", "\\:smile" + JOINER + ": x"), ("www.example.invalid", "www" + JOINER + r"\.example.invalid"),
    # what people write stays as it is: numbers, dates, periods, names with a hyphen, brackets in prose
    ("Quý III/2024: 13.712 (6,61%)", "Quý III/2024: 13.712 (6,61%)"), ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu"),
    ("16.627", "16.627"), ("-3", "-3"), ("12) mục", r"12\) mục"), ("--- x", r"\--- x"),
])
def test_escape_examples(text, expected):
    assert escape(text) == expected


def test_escape_is_idempotent_and_md_escapes_values_not_templates():
    once = escape("[a](b)")
    assert escape(once) is once and isinstance(once, Markdown)
    assert escape(None) == ""
    assert md("contests.format", "vi", format="[x](http://example.invalid)") == \
        "**Hình thức:** \\[x\\](http" + JOINER + "\\://example.invalid)"
    assert md("contests.format", "vi", format=Markdown("**đậm**")) == "**Hình thức:** **đậm**"
    assert t("contests.format", "vi", format="[x](y)") == "**Hình thức:** [x](y)"     # plain, for files
