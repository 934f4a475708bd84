"""The one renderer of declared blocks on a page (Streamlit), with each chart's export menu.

``open_page`` turns the shell's page context and the page's drill path into a ``blocks.View``;
``header`` draws the page's title lines and notices; ``layout`` draws a list of blocks (rows of
half-width blocks side by side). Each chart gets a download menu — PNG at slide size, SVG, offline HTML,
CSV and XLSX of exactly its data — and each table one of CSV and XLSX (a paged list's: the whole list), that
never reruns the page, and "Thêm vào bài trình chiếu", which
stores the block with the page's current link in a deck. Everything drawn comes from
``blocks.resolve``; nothing here queries or computes a number.
"""

from __future__ import annotations

import streamlit as st

from queries import access
from ui import auth, blocks, decks_ui, narrative_ui, store, style
from ui import components as c
from ui import drill as drill_path
from ui import text as tx
from ui.blocks import Block, Resolved, View
from ui.drill import Drill
from ui.messages import md, t
from ui.page import current, select, show_notices


def open_page(decl) -> tuple[View, Drill]:
    """The view of a page declaration (``ui.views.*``) for the filter bar's choices and the drill path; a page the
    signed-in role may not open refuses here, before any figure."""
    auth.require(decl.KEY)
    P = current()
    view = View(page=decl.KEY, lang=P.lang, choices=P.choices, filters=P.filters, ctx=P.ctx, units=P.units,
                platform_labels=P.platform_labels, reader=store.reader(), notices=list(P.notices),
                base_choices=P.choices, given=P.choices)
    if hasattr(decl, "adjust"):
        adjusted = decl.adjust(P.choices, P.ctx)
        view.choices, view.filters, view.base_choices = adjusted, adjusted.filters(P.ctx.scope, P.lang), adjusted
    allowed, refused = drill_path.within_scope(decl.drill_dims(view), view.ctx, view.choices.boundary)
    drill = Drill(decl.KEY, allowed, P.lang, refused)
    blocks.apply_drill(view, drill.steps)
    view.notices += drill.notices
    return view, drill


def header(view: View, drill: Drill | None, title_key: str, boundary: bool = True, compare: bool = True) -> None:
    """Title, department, the choices in one line, URL notices, the boundary notice, the breadcrumb."""
    from dataclasses import replace

    lang = view.lang
    st.title(t(title_key, lang))
    st.caption(c.escape(tx.department(view.choices.end, lang)))
    c.context_line(view.choices if compare else replace(view.choices, compare="none"), view.code_names, lang,
                   view.platform_labels)
    show_notices(view.notices, lang)
    if boundary:
        c.boundary_notice(view.choices, lang)
    if drill is not None:
        drill.breadcrumb()


def boundary_notice(view: View) -> None:
    """For pages that draw the boundary notice later than the header (after their own first message)."""
    c.boundary_notice(view.choices, view.lang)


def choice(view: View, decl, name: str) -> str:
    """Draw one page-level choice (kept in the URL) and record its value in the view."""
    ch = decl.CHOICES[name]
    view.params[name] = select(name, t(ch.label, view.lang), ch.options(view), ch.default(view), ch.format(view))
    return view.params[name]


def layout(entries, view: View, drill: Drill | None, decl=None) -> dict[str, Resolved]:
    """Draw blocks in order; a tuple is one row of blocks side by side. Returns the resolved blocks."""
    done: dict[str, Resolved] = {}
    for entry in entries:
        if isinstance(entry, tuple):
            for col, b in zip(st.columns(len(entry)), entry):
                with col:
                    done[b.key] = block(b, view, drill, decl)
        else:
            done[entry.key] = block(entry, view, drill, decl)
    return done


def widget_key(b: Block, view: View) -> str:
    return b.widget or (f"{view.page}_{b.key}" if b.drill else b.key)


def block(b: Block, view: View, drill: Drill | None, decl=None) -> Resolved:
    """Draw one block: title, its page-level choices, the figure (clickable when it drills), captions,
    the export menu; the empty state when it has nothing to show."""
    lang = view.lang
    if b.kind == "kpis":
        return kpis(b, view, decl)
    title = blocks.title_of(b, view)
    if b.heading == "subheader":
        st.subheader(c.escape(title))
    elif b.heading == "bold":
        st.markdown(f"**{c.escape(title)}**")
    if b.choices and decl is not None:
        if len(b.choices) == 1:
            choice(view, decl, b.choices[0])
        else:
            for col, name in zip(st.columns(len(b.choices)), b.choices):
                with col:
                    choice(view, decl, name)
    r = resolved(b, view, decl)
    if not r.ok:
        st.info(t(b.empty, lang), icon=":material/search_off:")
        return r
    if b.kind == "table":
        return table(r, view)
    dim = blocks.drill_of(b, view)
    if r.figure is not None:
        if dim and drill is not None:
            drill.chart(r.figure, b.key, dim, c.plot)
        else:
            c.plot(r.figure, key=widget_key(b, view))
    hint = b.hint(view) if callable(b.hint) else b.hint
    if hint:
        st.caption(t(hint, lang))
    for line in r.notes:
        st.caption(c.escape(line))
    if r.caption:
        st.caption(c.escape(r.caption))
    if r.figure is not None:
        export_menu(r, view)
    return r


def resolved(b: Block, view: View, decl=None) -> Resolved:
    """The block resolved for this view: from the shared cache of resolved blocks, unless the page's declaration
    says its blocks depend on more than the view (``CACHE_RESOLVED = False``: the calendar)."""
    if getattr(decl, "CACHE_RESOLVED", True):
        return store.resolve(b, view)
    return blocks.resolve(b, view)


def table(r: Resolved, view: View) -> Resolved:
    """A table block: its caption, the frame as the declaration shapes it, the line under it — or its
    first row as metric cards, or progress bars."""
    if r.block.cards is not None:
        return cards(r, view)
    if r.block.bars is not None:
        return bars(r, view)
    data, options, line = r.block.display(r.data, view)
    if data is None:
        if line:
            st.info(c.escape(line), icon=":material/search_off:")
        else:
            c.empty_state(view.lang)
        return r
    if r.caption:
        st.caption(c.escape(r.caption))
    key = r.block.widget or f"{view.page}_{r.block.key}"
    if options.pop("static", False):
        # a short table as text that wraps to the screen (ui.style): nothing hidden off a phone's edge
        with st.container(key=f"{style.STATIC_TABLE}_{key}"):
            st.table(c.escape_frame(data), hide_index=True, border="horizontal")   # its cells are Markdown
    else:
        st.dataframe(data, hide_index=True, width="stretch", key=key, **options)
    for text in [line] if isinstance(line, str) else (line or []):
        st.caption(c.escape(text))
    export_menu(r, view, deck=False)       # CSV and XLSX of its data; a paged list's, the whole list (file_item)
    return r


def cards(r: Resolved, view: View) -> Resolved:
    """The first row of a table block's data as metric cards (no comparison), then its extra cards."""
    row, extra = r.data.iloc[0], r.block.cards(r.data, view)
    items = [("metric", key) for key in r.metrics] + [("extra", e) for e in extra]
    per_row = max(r.block.per_row, 1)
    with st.container(key=f"{style.KPI_GRID}_{view.page}_{r.block.key}"):
        for start in range(0, len(items), per_row):      # at most per_row cards a row: a value never cut short
            chunk = items[start:start + per_row]
            for col, (what, item) in zip(st.columns(per_row if len(items) > per_row else len(chunk)), chunk):
                with col:
                    if what == "metric":
                        c.kpi_card(row, item, "none", view.lang)
                        continue
                    label, number, help_text, _unit = item
                    with st.container(border=True):
                        st.metric(c.escape(label), c.fmt.number(number), help=c.escape(help_text))
    if r.caption:
        st.caption(":material/info: " + c.escape(r.caption))
    if r.block.slide:
        decks_ui.add_button(view, r.block, key=_export_key(view, r.block) + "_deck")
    return r


def bars(r: Resolved, view: View) -> Resolved:
    """Progress bars (a share, clamped to 0–100 % on the bar; the line says the real figure) or lines."""
    for share, line in r.block.bars(r.data, view):
        if share is None:
            st.caption(c.escape(line))
        else:
            st.progress(min(max(float(share), 0.0), 1.0), text=c.escape(line))
    if r.caption:
        st.caption(c.escape(r.caption))
    if r.block.slide:
        decks_ui.add_button(view, r.block, key=_export_key(view, r.block) + "_deck")
    return r


def kpis(b: Block, view: View, decl=None) -> Resolved:
    """The KPI section: incomplete-period notice, title, cards with change, sparkline and target."""
    lang = view.lang
    r = resolved(b, view, decl)
    if not r.ok:
        c.empty_state(lang)
        return r
    row = r.row
    view.extra["cmp_label"] = row.get("cmp_label")
    if row["incomplete"]:
        st.info(md("kpi.incomplete", lang, month=c.fmt.month(row["period_end"])), icon=":material/hourglass_top:")
    st.subheader(c.escape(r.title))
    keys = r.metrics
    with st.container(key=f"{style.KPI_GRID}_{view.page}_{b.key}"):     # compact on a phone (ui.style)
        for start in range(0, len(keys), b.per_row):
            for col, key in zip(st.columns(b.per_row), keys[start:start + b.per_row]):
                with col:
                    spark = r.monthly[key].tolist() if len(r.monthly) > 1 else None
                    c.kpi_card(row, key, view.choices.compare, lang, target=r.goals.get(key), spark=spark,
                               start=r.starts.get(key))
    if r.caption:
        st.caption(c.escape(r.caption))
    if b.slide:
        decks_ui.add_button(view, b, key=_export_key(view, b) + "_deck")
    return r


def export_menu(r: Resolved, view: View, deck: bool = True) -> None:
    """Downloads of one chart or table (a table's data only: CSV, XLSX), for roles that may export: the menu's buttons are made only while it is open (opening
    it reruns the page; made on every run, the five buttons of each of a page's up to six menus were a sixth of a
    cached run's server time and a fifth of its messages: bench/README.md, eleventh pass), files only when a button
    is pressed (``data`` is a callable, which also writes the audit row), and a download never reruns the page
    (``on_click='ignore'``). Beside it, "add to deck" for roles that may edit (``deck``: a chart's menu)."""
    lang = view.lang
    may_export, may_edit = auth.can(access.EXPORT), deck and auth.can(access.EDIT) and r.block.slide
    if not (may_export or may_edit):
        return
    key = _export_key(view, r.block)
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        if may_export:
            with st.popover(t("export.menu", lang), icon=":material/download:", width="content",
                            key=menu_key(view, r.block), on_change="rerun") as menu:
                if menu.open:
                    _download_buttons(r, view, key)
        if may_edit:
            decks_ui.add_button(view, r.block, key=f"{key}_deck")


def _download_buttons(r: Resolved, view: View, key: str) -> None:
    lang = view.lang
    stem, meta = blocks.file_stem(r, view), blocks.meta_of(view, r.title)   # read now, in the run
    now = blocks.frozen(view)

    def item():           # the file's content, made when a button is pressed (after the run)
        return blocks.file_item(r, now)

    images = [
        ("export.png", "png", "image/png", ":material/image:",
         lambda: _reports("images").png(r.figure, title=r.title, caption=blocks.caption_of(r))),
        ("export.svg", "svg", "image/svg+xml", ":material/shape_line:",
         lambda: _reports("images").svg(r.figure, title=r.title, caption=blocks.caption_of(r))),
        ("export.html", "html", "text/html", ":material/language:",
         lambda: _reports("images").html(r.figure, r.title, blocks.caption_of(r), lang)),
    ] if r.figure is not None else []      # a table: its data only
    for fmt_key, suffix, mime, icon, make in (
            *images,
            ("export.csv", "csv", "text/csv", ":material/csv:", lambda: _reports("tables").csv_bytes(item(), meta)),
            ("export.xlsx", "xlsx", XLSX_MIME, ":material/table_view:",
             lambda: _reports("tables").xlsx_bytes(item(), meta))):
        st.download_button(t(fmt_key, lang), data=auth.audited(make, f"{stem}.{suffix}"),
                           file_name=f"{stem}.{suffix}", mime=mime, key=f"{key}_{suffix}",
                           on_click="ignore", icon=icon)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export_key(view: View, b: Block) -> str:
    """The prefix of a block's download widgets' keys (``…_png``, ``…_deck``, the menu's ``…_menu``)."""
    return f"dl_{view.page}_{b.key}"


def menu_key(view: View, b: Block) -> str:
    """The key of a chart's download menu (its open state: ``st.session_state[menu_key(...)]``)."""
    return _export_key(view, b) + "_menu"


def tools(view: View, decl, part: str) -> None:
    """A page's interactive part beyond its blocks — buttons and forms that write through ``data`` (the programme
    page's deck button and data officers' forms): ``decl.TOOLS`` names a ``ui`` module, ``part`` its function
    ``(view, decl)``. Declarations stay free of Streamlit; page scripts stay thin."""
    import importlib

    getattr(importlib.import_module(decl.TOOLS), part)(view, decl)


def _reports(name: str):
    """A module of ``reports`` imported when a download is clicked (a button's bytes are made then): Kaleido, fpdf2
    and XlsxWriter would otherwise cost every server's first page run ~2 s of imports (bench/README.md, cold
    start)."""
    import importlib

    return importlib.import_module(f"reports.{name}")


def page_exports(done: dict[str, Resolved], view: View, title: str, decl=None) -> None:
    """One button per page for an XLSX workbook (a sheet per block and one of the filters) and a PDF, the drafted
    period report, and a page's own files (``decl.EXPORT_TOOL``: a function of its ``TOOLS`` module, the programme
    page's programme report)."""
    lang = view.lang
    resolved = [r for r in done.values() if r.ok]
    if not resolved or not auth.can(access.EXPORT):
        return
    now = blocks.frozen(view)

    def items():           # the files' content, made when a button is pressed (after the run)
        return [blocks.to_item(r, now) for r in resolved]

    meta = blocks.meta_of(view, title)
    from reports import names

    stem = names.stem(title, meta.units, meta.period)
    st.divider()
    with st.container(horizontal=True, gap="small"):
        st.download_button(t("export.page_xlsx", lang),
                           data=auth.audited(lambda: _reports("tables").workbook_bytes(items(), meta), f"{stem}.xlsx"),
                           file_name=f"{stem}.xlsx", mime=XLSX_MIME,
                           key=f"page_xlsx_{view.page}", on_click="ignore", icon=":material/table_view:")
        st.download_button(t("export.page_pdf", lang),
                           data=auth.audited(lambda: _reports("page_pdf").page_pdf(items(), meta), f"{stem}.pdf"),
                           file_name=f"{stem}.pdf", mime="application/pdf", key=f"page_pdf_{view.page}",
                           on_click="ignore", icon=":material/picture_as_pdf:")
        narrative_ui.buttons(view)
        if decl is not None and getattr(decl, "EXPORT_TOOL", None):
            tools(view, decl, decl.EXPORT_TOOL)
