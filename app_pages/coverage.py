"""Tình hình báo cáo — which unit sent which monthly report (``ui.views.coverage``): a summary by report kind,
the units × months grid and the list of missing reports."""

from ui import render
from ui.views import coverage as decl

view, drill = render.open_page(decl)
render.header(view, drill, decl.TITLE, compare=False)
done = render.layout(decl.layout(view), view, drill, decl)
render.page_exports(done, view, render.t(decl.TITLE, view.lang))
