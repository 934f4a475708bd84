"""Reports without a browser: ``python -m data report --page PAGE|--deck NAME|--narrative ... --format F --out FILE``.

A page report resolves the page's declared blocks (``ui.views``) for the given filters exactly as the
page does, through ``blocks.build_view`` and the one query builder, and writes the same files as the
page's download buttons: the workbook (XLSX), the page report (PDF) or, for PPTX, a deck of one slide
per block. A deck report rebuilds a stored deck (``ui.slides``), each item with its own saved filters;
``--unit/--from/--to/--grain/--compare/--boundary`` given on the command line replace those of every
item. A narrative report (``--narrative``) drafts the period report of ``reports.narrative`` for the units
and period given, as DOCX or PDF; with ``--programme ID [--year YYYY]`` it drafts that coordination programme's
report instead (``reports.narrative.programme``), issued by the department of the first ``--unit`` that is a party. Arguments that make no sense raise ``UsageError`` with a Vietnamese message (the command exits 2)
before anything is written; the output file is written whole or not at all.

``--user NAME`` makes the report as that account would see it: its province scope applies to every figure (a
unit outside it is refused like a bad argument; a deck slide about one says so), and an unknown or disabled
account, or a role that may not export, is refused. Every report written is appended to the audit log when the
database can be opened for writing (else a notice says it could not be).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from data import db

FORMATS = ("pptx", "pdf", "xlsx", "docx")
PERIOD_ARGS = ("from", "to", "grain", "compare", "boundary")     # what a programme report has no use for
NARRATIVE_FORMATS = ("docx", "pdf")
# notices of the filter bar that only inform (an old unit code shown as its successor; a month past the data read as
# its last month, as on the page: the notice says "đã điều chỉnh"); any other notice means an argument was refused,
# which a scheduled report must not hide
INFORMATIVE = {"notice.unit_merged", "notice.month_clamped"}
# a refused argument in the command's own words: the filter bar's notice says what the page does instead ("đã đổi
# chỗ", "dùng “month”"), which a command that refuses and writes nothing must not say
REFUSED = {
    "notice.range_swapped": "--from {start} sau --to {end}: tháng bắt đầu phải trước hoặc bằng tháng kết thúc",
    "notice.choice_bad": "--{param} “{value}” không hợp lệ; chọn một trong: {choices}",
    "notice.month_bad": "--{param} “{value}” không phải tháng dạng YYYY-MM",
}


class UsageError(ValueError):
    """A bad argument: the message says which and why (exit status 2)."""


@dataclass
class Request:
    page: str | None = None
    deck: str | None = None
    params: dict | None = None          # URL-style parameters: unit, from, to, grain, compare, boundary
    fmt: str | None = None
    out: str | None = None
    lang: str = "vi"
    narrative: bool = False             # the drafted period report (reports.narrative)
    user: str | None = None             # the account whose role and scope the report is made for
    programme: str | None = None        # with narrative: the programme report of this programme (its id)
    year: str | None = None             # ... for this year (default: the programme page's)


def _format(req: Request) -> str:
    suffix = Path(req.out).suffix.lower().lstrip(".") if req.out else ""
    fmt = (req.fmt or suffix or "").lower()
    if not fmt:
        raise UsageError(f"tệp --out “{req.out}” không có đuôi: thêm --format ({', '.join(FORMATS)}) hoặc đặt tên "
                         "tệp có đuôi tương ứng")
    if fmt not in FORMATS:
        raise UsageError(f"--format phải là một trong {', '.join(FORMATS)} (nhận “{req.fmt or suffix}”)")
    if suffix and suffix != fmt:
        raise UsageError(f"tệp --out “{req.out}” có đuôi .{suffix} nhưng --format là {fmt}")
    return fmt


def _check(req: Request, db_path: Path) -> str:
    if sum((bool(req.page), bool(req.deck), bool(req.narrative))) != 1:
        raise UsageError("cần đúng một trong ba: --page TRANG, --deck TÊN_BÀI_TRÌNH_CHIẾU hoặc --narrative")
    if not req.out:
        raise UsageError("thiếu --out TỆP (tệp kết quả)")
    if req.lang not in ("vi", "en"):
        raise UsageError(f"--lang phải là vi hoặc en (nhận “{req.lang}”)")
    if Path(req.out).expanduser().is_dir():
        raise UsageError(f"--out “{req.out}” là một thư mục; cần đường dẫn một tệp (ví dụ {Path(req.out) / 'bao-cao.pdf'})")
    fmt = _format(req)
    if req.narrative and fmt not in NARRATIVE_FORMATS:
        raise UsageError(f"báo cáo soạn sẵn (--narrative) chỉ xuất {' hoặc '.join(NARRATIVE_FORMATS)} (nhận “{fmt}”)")
    if not req.narrative and fmt == "docx":
        raise UsageError("định dạng docx chỉ dùng cho báo cáo soạn sẵn (--narrative)")
    if req.narrative and req.lang != "vi":
        raise UsageError("báo cáo soạn sẵn là văn bản của Đảng, chỉ có tiếng Việt (--lang vi)")
    if req.year and not req.programme:
        raise UsageError("--year chỉ dùng với --programme (báo cáo chương trình phối hợp)")
    if req.programme is not None:
        if not str(req.programme).strip().isdigit():
            raise UsageError(f"--programme phải là số của một chương trình phối hợp (nhận “{req.programme}”)")
        if req.year is not None and not (len(str(req.year).strip()) == 4 and str(req.year).strip().isdigit()):
            raise UsageError(f"--year phải là năm YYYY (nhận “{req.year}”)")
        period = [f"--{k}" for k in PERIOD_ARGS if (req.params or {}).get(k) not in (None, "")]
        if period:
            raise UsageError(f"báo cáo chương trình phối hợp (--programme) không dùng {', '.join(period)}: "
                             "kỳ báo cáo là một năm của chương trình (--year)")
    parent = Path(req.out).expanduser().resolve().parent
    if not parent.is_dir():
        raise UsageError(f"thư mục “{parent}” của --out không tồn tại")
    if not db_path.exists():
        raise UsageError(f"không có cơ sở dữ liệu tại {db_path}")
    return fmt


def _refuse_notices(notices, lang: str, params: dict) -> list[str]:
    """The filter bar's notices: refused arguments raise (in the words of ``REFUSED`` when the notice's own describe
    what the page does instead), informative ones are returned as lines."""
    from ui import filters as flt
    from ui.messages import t

    choices = {"grain": flt.GRAINS, "compare": flt.COMPARES, "boundary": flt.BOUNDARIES}

    def refused(n) -> str:
        if n.key not in REFUSED:
            return t(n.key, lang, **n.values)
        values = {"start": params.get("from"), "end": params.get("to"), **n.values}
        return REFUSED[n.key].format(choices=", ".join(choices.get(values.get("param"), ())), **values) + "."

    bad = [refused(n) for n in notices if n.key not in INFORMATIVE]
    if bad:
        raise UsageError("tham số không hợp lệ: " + " ".join(bad))
    return [t(n.key, lang, **n.values) for n in notices if n.key in INFORMATIVE]


def _check_period(params: dict, reader) -> None:
    """A period with no month inside the data is refused: the page would show the nearest month with a note
    (``notice.month_clamped``), a scheduled report would file another period's figures under the one asked for.
    One that overlaps the data is read as its months inside it (the notes say so). The period is the filter bar's:
    only --to given, that year to date; only --from, up to the latest month."""
    from ui import blocks
    from ui import filters as flt

    start, end = (flt.parse_month(params.get(k, "")) for k in ("from", "to"))
    if (start is None and end is None) or (start is not None and end is not None and start > end) or any(
            params.get(k) and flt.parse_month(params[k]) is None for k in ("from", "to")):
        return      # nothing asked, or an argument the filter bar's notices refuse (a reversed range, not a month)
    ctx = blocks.context_of(reader.reference(), reader.scope)
    if ctx is None:
        return      # no data at all: each report says so
    if end is None:
        asked = f"từ {flt.month_label(start)}"
        end = max(start, ctx.last_month)
    else:
        start = start or dt.date(end.year, 1, 1)
        asked = flt.month_label(start) if start == end else f"{flt.month_label(start)} – {flt.month_label(end)}"
    if start > ctx.last_month or end < ctx.first_month:
        raise UsageError(f"kỳ báo cáo {asked} không có tháng nào trong phạm vi số liệu "
                         f"({flt.month_label(ctx.first_month)} – {flt.month_label(ctx.last_month)}); "
                         "chọn --from/--to trong phạm vi đó")


def _page_decl(name: str):
    from ui import views

    try:
        return views.by_slug(name)
    except KeyError:
        pass
    keys = ", ".join(views.PAGES)
    raise UsageError(f"không có trang “{name}”; chọn một trong: {keys}")


def _account(con, name: str | None):
    """The account a report is made for (None: the operator, every unit); refused when unknown, disabled or not
    allowed to export."""
    from queries import access

    if not name:
        return None
    account = access.active_account(con, name)
    if account is None:
        raise UsageError(f"không có tài khoản “{access.normal_username(name)}” đang hoạt động (--user)")
    if not account.can(access.EXPORT):
        raise UsageError(f"tài khoản “{account.username}” (vai trò {account.role}) không có quyền tải báo cáo")
    return account


def _page_bytes(decl, params: dict, reader, fmt: str, lang: str) -> tuple[bytes, list[str]]:
    from reports import page_pdf, pptx_deck, tables
    from ui import blocks, slides
    from ui.messages import t

    try:
        view = blocks.build_view(decl, params, reader, lang, reader.scope)
    except ValueError:
        raise UsageError("cơ sở dữ liệu chưa có số liệu nào") from None
    info = _refuse_notices(view.notices, lang, params)
    title = t(decl.TITLE, lang)
    if fmt == "pptx":
        deck, meta = slides.view_slides(decl, view, title)
        return pptx_deck.deck_pptx(deck, meta), info
    items = [blocks.to_item(r, view) for b in blocks.flatten(decl.layout(view))
             if (r := blocks.resolve(b, view)).ok]
    meta = blocks.meta_of(view, title)
    if fmt == "xlsx":
        return tables.workbook_bytes(items, meta), info
    return page_pdf.page_pdf(items, meta), info


def _deck_bytes(name: str, params: dict, con, reader, fmt: str, lang: str) -> tuple[bytes, list[str]]:
    from queries import decks as deck_queries
    from reports import deck_pdf, pptx_deck, tables
    from ui import blocks, slides
    from ui import filters as flt

    deck = deck_queries.deck_by_name(con, name)
    if deck is None and name.strip().isdigit():
        deck = deck_queries.deck(con, int(name))
    if deck is None:
        listed = deck_queries.list_decks(con)
        known = ", ".join(f"“{x}”" for x in listed["name"]) or "chưa có bài nào"
        raise UsageError(f"không có bài trình chiếu “{name}” (hiện có: {known})")
    info: list[str] = []
    if params:      # the overrides must make sense on their own before they replace every item's
        ctx = blocks.context_of(reader.reference(), reader.scope)
        if ctx is None:
            raise UsageError("cơ sở dữ liệu chưa có số liệu nào")
        _, notices = flt.parse(params, ctx)
        info = _refuse_notices(notices, lang, params)
    items = deck_queries.items(con, deck["deck_id"])
    deck_slides, meta = slides.deck_slides(deck, items, reader, lang, overrides=params, scope=reader.scope)
    theme = deck.get("theme") or "light"
    if fmt == "pptx":
        return pptx_deck.deck_pptx(deck_slides, meta, theme=theme), info
    if fmt == "pdf":
        return deck_pdf.deck_pdf(deck_slides, meta, theme=theme), info
    return tables.workbook_bytes(slides.items_of(deck_slides), meta), info


def _narrative_bytes(params: dict, reader, fmt: str, lang: str) -> tuple[bytes, list[str]]:
    from reports import docx_report, narrative, narrative_pdf
    from ui import blocks
    from ui import filters as flt

    ctx = blocks.context_of(reader.reference(), reader.scope)     # --user: a unit outside the scope is refused
    if ctx is None:
        raise UsageError("cơ sở dữ liệu chưa có số liệu nào")
    choices, notices = flt.parse(params, ctx)
    info = _refuse_notices(notices, lang, params)
    doc = narrative.draft(reader, choices, reader.scope)
    return (docx_report.docx_bytes(doc) if fmt == "docx" else narrative_pdf.pdf_bytes(doc)), info


def _programme_bytes(req: Request, params: dict, reader, fmt: str) -> tuple[bytes, list[str]]:
    """The programme report (``reports.narrative.programme``) of ``--programme`` for ``--year``, issued by the
    department of the first ``--unit`` that is a party (none given: the central department)."""
    from reports import docx_report, narrative_pdf
    from reports.narrative import programme
    from ui import blocks
    from ui import filters as flt

    ctx = blocks.context_of(reader.reference(), reader.scope)
    if ctx is None:
        raise UsageError("cơ sở dữ liệu chưa có số liệu nào")
    units: tuple[str, ...] = ()
    info: list[str] = []
    if params.get("unit"):
        choices, notices = flt.parse({"unit": params["unit"]}, ctx)
        info = _refuse_notices(notices, "vi", params)
        units = tuple(choices.units)
    listed = programme.listing(reader, reader.scope)
    pid = int(req.programme)
    hit = listed[listed["programme_id"].astype(int) == pid]
    if hit.empty:
        known = "; ".join(f"{int(i)} “{n}”" for i, n in zip(listed["programme_id"], listed["name"])) or "chưa có"
        raise UsageError(f"không có chương trình phối hợp số {pid} (hiện có: {known})")
    row = hit.iloc[0]
    year = int(req.year) if req.year else None
    if year is not None and not int(row["year_from"]) <= year <= int(row["year_to"]):
        raise UsageError(f"năm {year} nằm ngoài thời gian của chương trình ({row['year_from']}–{row['year_to']})")
    if units:
        if programme.issuing_code(units, programme.parties(reader, pid, reader.scope)) is None:
            raise UsageError(f"đơn vị “{', '.join(units)}” không phải là bên tham gia chương trình “{row['name']}”")
    doc = programme.draft_programme(reader, pid, year, units, reader.scope)
    return (docx_report.docx_bytes(doc) if fmt == "docx" else narrative_pdf.pdf_bytes(doc)), info


def _write(out: Path, data: bytes) -> None:
    """Whole or nothing: a temporary file in the same folder, renamed over the target."""
    fd, tmp = tempfile.mkstemp(prefix=".report-", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # as an ordinary new file (mkstemp's 0600: another service could not read it)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def report(req: Request, db_path: Path) -> tuple[Path, int, list[str]]:
    """Write the report; returns (file, bytes written, informative notices). Raises UsageError."""
    import streamlit.logger  # noqa: F401  (sets Streamlit's logger levels first, so ours below stays)

    # the pages' data helpers are cached with Streamlit's decorators, which warn without a running app
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    from ui import blocks

    fmt = _check(req, db_path)
    params = {k: str(v) for k, v in (req.params or {}).items() if v not in (None, "")}
    decl = _page_decl(req.page) if req.page else None
    con = db.connect(db_path, read_only=True)
    try:
        account = _account(con, req.user)
        reader = blocks.DirectReader(con, account.scope if account else None)
        _check_period(params, reader)
        if req.narrative and req.programme is not None:
            data, info = _programme_bytes(req, params, reader, fmt)
        elif req.narrative:
            data, info = _narrative_bytes(params, reader, fmt, req.lang)
        elif decl is not None:
            data, info = _page_bytes(decl, params, reader, fmt, req.lang)
        else:
            data, info = _deck_bytes(req.deck, params, con, reader, fmt, req.lang)
    finally:
        con.close()
    out = Path(req.out).expanduser().resolve()
    _write(out, data)
    what = (f"trang {decl.KEY}" if decl is not None else f"bài trình chiếu “{req.deck}”" if req.deck
            else f"báo cáo chương trình phối hợp số {req.programme}" if req.programme is not None
            else "báo cáo soạn sẵn")
    info += _audit(db_path, account, out, f"{what} ({fmt}); " + ", ".join(f"{k}={v}" for k, v in params.items()))
    return out, len(data), info


def _audit(db_path: Path, account, out: Path, detail: str) -> list[str]:
    """Append the report to the audit log; a notice instead when the database is held by another process."""
    from data import audit

    return audit.append_from_cli(db_path, account.username if account else None, "report", out.name, detail)
