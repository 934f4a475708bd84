"""Dữ liệu — templates, import of report files (validate, preview, commit), the monthly form, history and undo.

All writes go through ``data.importer`` (the write side); every commit and undo bumps the data version, so
every page's cached figures (and the freshness line) refresh on the next run — the page reruns at once.
A file is read once per upload and data version (kept in the session), so reruns of the page (a click
on a tab or a download) do not read a large file again.
"""

import time

import pandas as pd
import streamlit as st

from data import db, importer, report_form, snapshots
from queries.periods import add_months, month_key
from ui import auth, store
from ui import components as c
from ui import format as fmt
from ui.filters import visible_units
from ui.frames import formatted
from ui.markdown import Markdown
from ui.messages import md, t
from ui.page import current, show_notices

P = current()
lang = P.lang
auth.require("data", lang)
con = store.connection()
can_write = store.writable()
ACTIVITIES = importer.KINDS["activities"]
MAX_CHANGES_SHOWN = 5000
READ_KEY = "_data_read"          # (upload identity, data version) -> parsed file, preview, timing


def size_text(n: int) -> str:
    if n < 1_000_000:
        return f"{fmt.number(max(n / 1000, 0.1), 1)} KB"
    return f"{fmt.number(n / 1_000_000, 1)} MB"


def readable(frame: pd.DataFrame):
    """Numbers written the Vietnamese way (13.712; 1.234,5), blanks as a dash."""
    def number(v) -> str:
        return fmt.number(v, 0 if float(v).is_integer() else 2)

    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    return formatted(frame, {c: number for c in numeric}, fmt.DASH)


def kind_label(key: str) -> str:
    """An import kind's name in the page's language (the catalogue's, the same as the kind's own label in Vietnamese)."""
    return t(f"data.kind_name.{key}", lang) if key in importer.KINDS else key


st.title(t("data.title", lang))
show_notices(P.notices, lang)          # the link's notices (filter bar parameters), as on the analysis pages
if not can_write:
    st.warning(t("data.read_only", lang), icon=":material/lock:")

# one slot before the tabs whether or not there is a message, so the tabs keep their place (and the tab the
# user is on) when a commit or an undo reruns the page
message_slot = st.container()
if "_data_message" in st.session_state:
    message_slot.success(c.escape(st.session_state.pop("_data_message")), icon=":material/check_circle:")

upload_tab, form_tab, history_tab = st.tabs(
    [t("data.tab.upload", lang), t("data.tab.form", lang), t("data.tab.history", lang)], key="data_tabs")


def committed(message: str, clear: tuple[str, ...] = ()) -> None:
    """After a commit or an undo: the message for the next run, the page's read state cleared, rerun (every
    figure of the app is cached on the data version the write just bumped)."""
    st.session_state["_data_message"] = message
    # where the deployment publishes snapshots (data/snapshots.py), reader processes see the write at their next run
    snapshots.publish_if_enabled(store.connection(), store.db_path())
    # the undo picker too: after a commit it offers the newest batch again, not the one it held before
    for name in clear + (READ_KEY, "undo_pick"):
        st.session_state.pop(name, None)
    st.session_state["_upload_round"] = st.session_state.get("_upload_round", 0) + 1   # a fresh uploader
    st.rerun()


def show_parsed(parsed: importer.Parsed, key: str, summary: dict | None = None, clear: tuple[str, ...] = ()) -> None:
    """Kind and rows, problems, preview and the commit button for one parsed file (a file or the form)."""
    if parsed.kind is not None and parsed.errors:
        st.markdown(md("data.kind_only", lang, kind=Markdown(f"**{c.escape(kind_label(parsed.kind.key))}**")))
    elif parsed.kind is not None:
        st.markdown(md("data.kind", lang, kind=Markdown(f"**{c.escape(kind_label(parsed.kind.key))}**"),
                       rows=Markdown(f"**{fmt.number(len(parsed.rows))}**")))
    if parsed.problems:
        st.subheader(t("data.problems", lang))
        problems = report_form.problems_frame(parsed.problems)
        st.dataframe(problems, hide_index=True, width="stretch")
        st.download_button(t("data.error_file", lang), report_form.problems_csv(parsed.problems),
                           file_name=f"loi-{parsed.file_name}.csv", mime="text/csv", key=f"{key}_errors",
                           icon=":material/download:", on_click="ignore")
    if parsed.errors:
        st.error(md("data.rejected", lang, n=fmt.number(len(parsed.errors))), icon=":material/block:")
        return
    if summary is None:
        summary = importer.preview(con, parsed, scope=auth.preview_scope())
    if summary["already_batch"] is not None:
        st.info(md("data.already", lang, batch=summary["already_batch"]), icon=":material/info:")
        return
    if summary.get("refused"):      # a unit outside the account's scope: said before the preview, no commit button
        st.error(md("data.refused", lang, reason=summary["refused"]), icon=":material/block:")
        return
    st.subheader(t("data.preview", lang))
    with st.container(horizontal=True, gap="medium"):     # side by side on a phone too
        for label, count in (("data.new", "new"), ("data.replaced", "replaced"), ("data.unchanged", "unchanged")):
            st.metric(t(label, lang), fmt.number(summary[count]), width="content")
    if summary["replaced"]:
        st.caption(t("data.changes", lang))
        changes = summary["changes"]
        if len(changes) > MAX_CHANGES_SHOWN:
            st.caption(md("data.changes_cut", lang, shown=fmt.number(MAX_CHANGES_SHOWN), total=fmt.number(len(changes))))
            changes = changes.head(MAX_CHANGES_SHOWN)
        st.dataframe(readable(report_form.changes_frame(con, parsed.kind, changes)), hide_index=True,
                     width="stretch", placeholder=fmt.DASH)
    nothing = summary["new"] == 0 and summary["replaced"] == 0
    if nothing:
        st.info(t("data.nothing_new", lang), icon=":material/info:")
    if st.button(t("data.commit", lang), type="primary", disabled=not can_write or nothing, key=f"{key}_commit",
                 icon=":material/upload:"):
        try:
            bar = st.progress(0.0, text=t("data.committing", lang))
            result = importer.commit(con, parsed, auth.actor(), scope=auth.write_scope(),
                                     progress=lambda f, message: bar.progress(f, text=c.escape(message)))
        except Exception as exc:  # outside the scope, a lock, a full disk: the transaction was rolled back
            bar.empty()         # its last step ("Đã ghi …") would read as done beside the failure
            st.error(md("data.commit_failed", lang, error=db.explain_write_error(exc)), icon=":material/error:")
            return
        committed(t("data.committed", lang, batch=result["batch_id"], new=fmt.number(result["new"]),
                    replaced=fmt.number(result["replaced"]), unchanged=fmt.number(result["unchanged"])), clear)


def read_upload(upload) -> dict:
    """Read, validate and preview an uploaded file once per upload and data version, with the reader's own
    progress (file read, each column, row checks, duplicates; then the comparison with the database)."""
    ident = (upload.file_id, upload.name, upload.size, store.data_version())
    cached = st.session_state.get(READ_KEY)
    if cached is not None and cached["ident"] == ident:
        st.caption(md("data.read_done", lang, file=upload.name, size=cached["size"], seconds=cached["seconds"]))
        return cached
    data = upload.getvalue()
    size = size_text(len(data))
    started = time.monotonic()
    with st.status(md("data.reading", lang, file=upload.name, size=size), expanded=True) as status:
        bar = st.progress(0.0, text=md("data.reading", lang, file=upload.name, size=size))

        def reading(fraction: float, message: str) -> None:
            # the read is 90 % of the work shown, the comparison with the database the rest
            bar.progress(0.9 * fraction, text=md("data.reading_step", lang, step=message,
                                                seconds=fmt.number(time.monotonic() - started, 1)))

        parsed = importer.read(con, upload.name, data, progress=reading)
        summary = None
        if not parsed.errors:
            bar.progress(0.9, text=t("data.comparing", lang))
            summary = importer.preview(con, parsed, scope=auth.preview_scope())
        bar.progress(1.0)
        seconds = fmt.number(time.monotonic() - started, 1)
        status.update(label=md("data.read_done", lang, file=upload.name, size=size, seconds=seconds),
                      state="error" if parsed.errors else "complete", expanded=False)
    result = {"ident": ident, "parsed": parsed, "summary": summary, "size": size, "seconds": seconds}
    st.session_state[READ_KEY] = result
    return result


# ---- upload: the filled file, then the templates ----------------------------------------------------
with upload_tab:
    st.subheader(t("data.upload_title", lang))
    st.markdown(t("data.upload_intro", lang))
    upload_round = st.session_state.get("_upload_round", 0)
    upload = c.file_uploader(t("data.upload", lang), ["xlsx", "csv"], key=f"data_upload_{upload_round}", lang=lang)
    if upload is not None:
        read = read_upload(upload)
        show_parsed(read["parsed"], "upload", read["summary"])

    st.divider()
    st.subheader(t("data.templates", lang))
    st.caption(t("data.templates_intro", lang))
    for file_format, title in (("xlsx", "data.templates_xlsx"), ("csv", "data.templates_csv")):
        st.markdown(f"**{t(title, lang)}**")
        with st.container(horizontal=True, gap="small"):
            for kind_key in importer.KINDS:
                st.download_button(
                    c.escape(kind_label(kind_key)),
                    (lambda k=kind_key, f=file_format: report_form.template_bytes(con, k, f)),
                    file_name=report_form.template_name(kind_key, file_format),
                    mime=report_form.TEMPLATE_MIME[file_format], key=f"template_{file_format}_{kind_key}",
                    help=md("data.template_help", lang, kind=kind_label(kind_key), fmt=file_format.upper()),
                    icon=":material/table_view:" if file_format == "xlsx" else ":material/description:",
                    type="secondary" if file_format == "xlsx" else "tertiary", on_click="ignore")

# ---- the monthly report form ---------------------------------------------------------------------------
with form_tab:
    st.markdown(t("data.form_intro", lang))
    units = visible_units(P.ctx, "current")      # the form prefills last month's figures: the scope's units only
    c1, c2 = st.columns(2)
    code = c1.selectbox(t("data.form_unit", lang), sorted(units, key=lambda c: units[c]), key="form_unit",
                        format_func=lambda c: f"{units[c]} ({c})")
    months = [add_months(P.ctx.last_month, i) for i in range(1, -12, -1)]
    month = c2.selectbox(t("data.form_month", lang), months, key="form_month", format_func=fmt.month)
    prev = report_form.previous_activities(con, code, month)
    st.caption(md("data.form_prefill", lang, month=fmt.month(add_months(month, -1))) if len(prev)
               else t("data.form_empty", lang))
    fixed, value = report_form.form_headers()        # the activities template's headers
    edited = st.data_editor(report_form.form_grid(P.ctx.platforms, prev), hide_index=True, disabled=fixed,
                            key="form_grid", width="stretch", placeholder="",
                            column_config={value: st.column_config.NumberColumn(min_value=0, step=1, format="%d")})
    if st.button(t("data.form_save", lang), disabled=not can_write, key="form_check", icon=":material/fact_check:"):
        rows = report_form.form_rows(code, month_key(month), edited)
        st.session_state["_form_file"] = (f"bieu-mau-{code}-{month_key(month)}.csv",
                                          report_form.to_csv(ACTIVITIES, rows))
    if "_form_file" in st.session_state:
        name, data = st.session_state["_form_file"]
        show_parsed(importer.read(con, name, data), "form", clear=("_form_file",))

# ---- history and undo ------------------------------------------------------------------------------------
with history_tab:
    history = auth.visible_batches(importer.batches(con))     # a scoped officer sees the batches of the scope
    if history.empty:
        st.info(t("data.history_empty", lang))
    else:
        when = [f"{x:%d/%m/%Y %H:%M}" for x in pd.to_datetime(history["created_at"])]
        shown = pd.DataFrame({
            t("data.col.batch", lang): history["batch_id"],
            t("data.col.kind", lang): history["kind"].map(kind_label),
            t("data.col.file", lang): history["file_name"],
            t("data.col.added", lang): history["rows_added"],
            t("data.col.replaced", lang): history["rows_replaced"],
            t("data.col.unchanged", lang): history["rows_unchanged"],
            t("data.col.by", lang): history["created_by"],
            t("data.col.at", lang): when,
            t("data.col.status", lang): history["status"].map(lambda s: t(f"data.status.{s}", lang)),
            t("data.col.checksum", lang): history["checksum"].str[:12],
        })
        st.dataframe(shown, hide_index=True, width="stretch", column_config=c.fit_columns(shown))
        options = {int(b): t("data.undo_option", lang, batch=int(b), file=f, kind=kind_label(k), when=w)
                   for b, f, k, w, s in zip(history["batch_id"], history["file_name"], history["kind"], when,
                                            history["status"]) if s == "committed"}
        if options:
            st.caption(t("data.undo_help", lang))
            pick = st.selectbox(t("data.undo_pick", lang), list(options), key="undo_pick", format_func=options.get)
            if st.button(t("data.undo", lang), disabled=not can_write, key="undo_go", icon=":material/undo:"):
                try:
                    counts = importer.undo(con, pick, auth.actor(), scope=auth.write_scope())
                except importer.UndoError as exc:
                    st.error(md("data.undo_refused", lang, batch=pick, reason=str(exc).rstrip(".")),
                             icon=":material/block:")
                except Exception as exc:  # a full disk, a lock: rolled back, nothing changed
                    st.error(md("data.undo_refused", lang, batch=pick, reason=db.explain_write_error(exc)),
                             icon=":material/error:")
                else:
                    kept = t("data.undone_kept", lang, kept=fmt.number(counts["kept"])) if counts["kept"] else ""
                    committed(t("data.undone", lang, batch=pick, removed=fmt.number(counts["removed"]),
                                restored=fmt.number(counts["restored"])) + kept)
