"""The entry script's first element: the hidden scripts, before the app's modules are imported (ui/style.py)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui import plotlyjs, style

ROOT = Path(__file__).resolve().parents[1]


def test_the_warm_up_loads_the_plotly_js_bundle_of_the_version_the_plotly_package_writes_for():
    from plotly.offline import get_plotlyjs_version

    bundle = plotlyjs.FOLDER / plotlyjs.BUNDLE
    assert bundle.is_file() and (plotlyjs.FOLDER / "LICENSE-plotly.js.txt").is_file()
    head = bundle.read_text(encoding="utf-8")[:200]
    assert plotlyjs.VERSION == get_plotlyjs_version() and f"(cartesian - minified) v{plotlyjs.VERSION}" in head
    assert plotlyjs.URL.startswith("component/") and plotlyjs.URL.endswith("/" + plotlyjs.BUNDLE)
    assert json.dumps(plotlyjs.URL) in style._WARM_JS and "loadPlotly()" in style._WARM_JS


def test_the_scripts_leave_before_the_rest_of_the_app_is_imported():
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    body = [node for node in tree.body if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]
    calls = [i for i, node in enumerate(body) if isinstance(node, ast.Expr) and ast.unparse(node) == "style.apply()"]
    assert len(calls) == 1
    before = {alias.name for node in body[:calls[0]] if isinstance(node, (ast.Import, ast.ImportFrom))
              for alias in node.names}
    assert before <= {"annotations", "Path", "streamlit", "style"}, before


def test_the_first_element_of_a_run_is_the_hidden_scripts_container(sample_db_path, monkeypatch):
    monkeypatch.setenv("TUYENGIAO_DB", str(sample_db_path))
    at = AppTest.from_file("../dashboard.py", default_timeout=60).run()
    assert not at.exception
    first = at.main.children[0]
    assert first.type == "flex_container" and first.proto.id.endswith(style.SCRIPT_KEY)
    bodies = [h.proto.body for h in first.get("html")]
    assert bodies[0] == style._WARM_JS and "__tgOneTap" in bodies[1]
