"""The analysis pages are declarations drawn by one renderer: no page script queries the metric layer or
builds a figure itself, and no declaration draws anything or writes SQL (read from the source, by AST)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ui import views

ROOT = Path(__file__).resolve().parents[1]
# what an analysis page script may import: the renderer, the page state helpers, words, its declaration
PAGE_MAY_IMPORT = {"streamlit", "ui.render", "ui.messages", "ui.page"}
# calls that mean "I query or draw myself"
DRAWING = {"plotly_chart", "Figure", "bar", "line", "scatter", "pie", "dataframe", "metric"}
QUERYING = {"totals", "series", "targets", "read", "execute", "sql", "query"}


def _imports(tree: ast.AST) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            out |= {f"{base}.{a.name}" if base in ("ui", "ui.views", "streamlit") else base for a in node.names}
    return out


def _called(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            names.add(f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", ""))
    return names


@pytest.mark.parametrize("key", views.PAGES)
def test_page_script_is_thin(key):
    path = ROOT / "app_pages" / f"{key}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = _imports(tree)
    allowed = PAGE_MAY_IMPORT | {f"ui.views.{key}"}
    assert imported <= allowed, f"{path.name} imports {sorted(imported - allowed)}"
    called = _called(tree)
    assert not called & DRAWING, f"{path.name} draws itself: {sorted(called & DRAWING)}"
    assert not called & QUERYING, f"{path.name} queries itself: {sorted(called & QUERYING)}"


@pytest.mark.parametrize("key", views.PAGES)
def test_declaration_never_draws_or_writes_sql(key):
    path = ROOT / "ui" / "views" / f"{key}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = _imports(tree)
    # column settings of a table (st.column_config) are a description, not drawing
    drawing = {m for m in imported if m.startswith("streamlit") and m != "streamlit.column_config"}
    assert not drawing, f"{path.name} imports {sorted(drawing)}"
    assert not {m for m in imported if m in ("duckdb", "ui.store")}, f"{path.name} opens the database"
    called = _called(tree)
    assert not called & {"execute", "sql", "plotly_chart"}, f"{path.name}: {sorted(called)}"
    decl = views.get(key)
    for name in ("KEY", "SLUG", "TITLE", "drill_dims", "layout"):
        assert hasattr(decl, name), f"{key} lacks {name}"
    assert decl.KEY == key


def test_figures_are_not_patched_after_they_are_built():
    """All figure tweaks live in the figure builders (ui/charts): no page or declaration updates a figure."""
    patched = []
    for path in [*(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui" / "views").glob("*.py")]:
        called = _called(ast.parse(path.read_text(encoding="utf-8")))
        hits = called & {"update_traces", "update_layout", "update_xaxes", "update_yaxes", "add_annotation"}
        if hits:
            patched.append((path.name, sorted(hits)))
    assert not patched, patched


def test_no_pages_directory_beside_the_entry_script():
    """Streamlit runs a ``pages/`` directory next to the main script as an old-style multipage app until the
    first ``st.navigation`` call: the first deep link after a start gets an English "Page not found" and the
    sidebar lists raw file names. The page scripts live in ``app_pages/`` so that never happens."""
    assert not (ROOT / "pages").exists()
    navigated = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    # st.Page(...) or the shell's role-aware page(...) helper around it
    paths = [n.args[0].value for n in ast.walk(navigated) if isinstance(n, ast.Call)
             and (getattr(n.func, "attr", "") == "Page" or getattr(n.func, "id", "") == "page")
             and n.args and isinstance(n.args[0], ast.Constant)]
    assert paths and all(p.startswith("app_pages/") and (ROOT / p).exists() for p in paths), paths
