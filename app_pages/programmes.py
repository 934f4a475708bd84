"""Chương trình phối hợp — coordination programmes and targets (``ui.views.programmes``): the list, one programme
seen whole (parties, span, signing; the year's results; per task its indicators with progress; the parties side by
side; the review conferences and the conference deck), the targets of the chosen units, and the data officers'
forms (``ui.programme_tools``)."""

import streamlit as st

from ui import render
from ui.messages import t
from ui.page import escape
from ui.views import programmes as decl

view, drill = render.open_page(decl)
render.header(view, None, decl.TITLE, boundary=False, compare=False)
done = render.layout(decl.sections(view)["list"], view, drill, decl)

if decl.programme(view) is not None:
    render.choice(view, decl, "programme")
    render.choice(view, decl, "year")
    parts = decl.sections(view)
    st.subheader(escape(decl.heading(view)))
    for line in decl.meta_lines(view):
        st.markdown(escape(line))              # Markdown lines whose values were escaped (ui.messages.md)
    render.tools(view, decl, "deck")
    done |= render.layout(parts["summary"], view, drill, decl)
    for block in parts["tasks"]:
        st.subheader(escape(decl.task_heading(view, block)))
        done |= render.layout([block], view, drill, decl)
    done |= render.layout(parts["parties"][:1], view, drill, decl)
    st.subheader(t("programmes.conferences", view.lang))
    for line in decl.conference_lines(view):
        st.markdown(escape(line))
    done |= render.layout(parts["parties"][1:], view, drill, decl)
    parts_targets = parts["targets"]
else:
    parts_targets = decl.sections(view)["targets"]

done |= render.layout(parts_targets, view, drill, decl)
render.tools(view, decl, "forms")
render.page_exports(done, view, t(decl.TITLE, view.lang), decl)
