"""The app's one chart (ui/chart.py) as the server sends it: the figure whole, keyed by its block, the drill's
layout merged by the browser (the caller's figure untouched), and no trace the browser's bundle cannot draw."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.apptest import charts
from ui import chart


def _bars():
    import plotly.graph_objects as go

    from ui import chart, theme

    fig = go.Figure(go.Bar(x=["Facebook", "Zalo"], y=[13712, 9120], customdata=[["facebook"], ["zalo"]]))
    chart.draw(fig, "plain", theme.PLOTLY_CONFIG)
    chart.draw(fig, "drilled", theme.PLOTLY_CONFIG, on_select=lambda: None)
    assert fig.layout.clickmode is None and fig.layout.dragmode is None      # merged by the browser, not here


def _geo():
    import plotly.graph_objects as go

    from ui import chart, theme

    chart.draw(go.Figure(go.Scattergeo(lon=[105.8], lat=[21.0])), "map", theme.PLOTLY_CONFIG)


def test_a_chart_carries_its_figure_whole_and_its_block_s_key():
    at = AppTest.from_function(_bars).run()
    assert not at.exception, [e.message for e in at.exception]
    plain, drilled = charts(at)
    assert plain.id.endswith("-plain") and drilled.id.endswith("-drilled")
    figure = json.loads(plain.spec)
    assert figure["data"][0]["type"] == "bar" and figure["data"][0]["y"] == [13712, 9120]
    assert plain.spec == drilled.spec                       # one figure, one JSON
    assert plain.data["select"] is False and plain.data["layout"] == {}
    assert drilled.data["select"] is True
    assert drilled.data["layout"] == {"clickmode": "event", "hovermode": "closest", "dragmode": "pan"}
    assert plain.data["failed"].startswith("Không vẽ được biểu đồ")


def test_a_trace_the_browser_s_bundle_cannot_draw_fails_under_debug_and_is_logged_otherwise(monkeypatch, caplog):
    monkeypatch.setenv("TUYENGIAO_DEBUG", "1")
    at = AppTest.from_function(_geo).run()
    assert at.exception and not charts(at)          # the message is redacted (showErrorDetails); the log has it
    assert "trace types not in the plotly.js bundle: ['scattergeo']" in caplog.text
    caplog.clear()
    monkeypatch.setenv("TUYENGIAO_DEBUG", "0")
    at = AppTest.from_function(_geo).run()
    assert not at.exception and len(charts(at)) == 1
    assert "scattergeo" in caplog.text


def test_the_drill_reads_the_points_a_click_sent(monkeypatch):
    monkeypatch.setattr(chart.st, "session_state", {"overview_ranking": {"select": {"points": [
        {"customdata": ["04"], "curve_number": 0, "point_index": 0}]}}, "other": {}})
    assert chart.selection("overview_ranking") == [{"customdata": ["04"], "curve_number": 0, "point_index": 0}]
    assert chart.selection("other") == [] and chart.selection("missing") == []



def test_every_server_serves_the_bundle_even_when_the_module_was_imported_before_it(monkeypatch):
    from types import SimpleNamespace

    from streamlit import runtime
    from streamlit.components.lib.local_component_registry import LocalComponentRegistry

    from ui import plotlyjs  # imported before this "server" existed: nothing of it registered there

    fresh = SimpleNamespace(component_registry=LocalComponentRegistry())
    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: fresh)
    name = plotlyjs.URL.split("/")[1]
    assert fresh.component_registry.get_component_path(name) is None
    plotlyjs.serve()
    plotlyjs.serve()                                    # every run: once registered, left as it is
    assert fresh.component_registry.get_component_path(name) == str(plotlyjs.FOLDER)
