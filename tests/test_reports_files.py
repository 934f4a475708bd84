"""Files made from resolved blocks (reports.images, names, tables, page_pdf) on hand-built figures and tables.

Fast and offline: two small Plotly figures with Vietnamese labels, hand-written tables; the PNG is
rendered once for the module (the first image starts the shared Kaleido browser). Nothing here queries
the database or checks a chart's look, only that each file holds what it says, safely.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from pypdf import PdfReader

from reports import images, names, page_pdf, tables
from reports.model import Item, Kpi, Meta

NOTICE = "Dữ liệu mẫu — không phải số liệu thật"


def _meta(**kw) -> Meta:
    base = dict(title="Thành viên", units="Sơn La, Đà Nẵng", period="Quý III/2024",
                compare="so với cùng kỳ năm trước", boundary="Địa giới hiện hành",
                freshness="Dữ liệu đến tháng 10/2026", department="Ban Tuyên giáo và Dân vận",
                is_sample=True, sample_notice=NOTICE, generated_at=dt.datetime(2026, 11, 26, 14, 5))
    base.update(kw)
    return Meta(**base)


@pytest.fixture(scope="module")
def bar():
    fig = go.Figure(go.Bar(x=["Sơn La", "Đà Nẵng", "Hà Giang"], y=[13712, 9050, 4120], name="Thành viên"))
    fig.update_layout(height=380, title="Thành viên theo đơn vị", separators=",.")
    return fig


@pytest.fixture(scope="module")
def line():
    fig = go.Figure(go.Scatter(x=["Quý I/2024", "Quý II/2024", "Quý III/2024"], y=[0.05, 0.061, 0.0661],
                               mode="lines+markers", name="Tỷ lệ tương tác"))
    fig.update_layout(height=320, yaxis_tickformat=".1%", separators=",.")
    return fig


@pytest.fixture(scope="module")
def png_bytes(bar):
    return images.png(bar)


def _ranking(fig=None) -> Item:
    table = pd.DataFrame({
        "Đơn vị": ["Sơn La", "Đà Nẵng", "=1+1", "@SUM(A1)"],
        "Thành viên": [13712, -5, None, 7],
        "Tỷ lệ": [0.0661, float("nan"), 0.1, 0.25],
    })
    return Item(key="ranking", title="Thành viên theo đơn vị", caption="Số thành viên cuối kỳ, Quý III/2024",
                figure=fig, table=table, formats={"Thành viên": "int", "Tỷ lệ": "pct"},
                file_stem="thanh-vien_son-la_quy-iii-2024")


def _kpis() -> Item:
    kpis = [Kpi("members", "Thành viên", 13712, "13.712", "người", "Cùng kỳ năm trước (Quý III/2023): 12.900",
                "+812 (+6,29%)", "đạt 96,3% chỉ tiêu năm 2024")]
    table = pd.DataFrame({"Chỉ tiêu": ["Thành viên"], "Giá trị": [13712], "Thay đổi": ["+812 (+6,29%)"]})
    return Item(key="kpis", title="Chỉ số chính", kind="kpis", kpis=kpis, table=table, formats={"Giá trị": "int"})


# --- names --------------------------------------------------------------------------------------------------


def test_names():
    assert names.stem("Thành viên", "Sơn La", "Quý III/2024") == "thanh-vien_son-la_quy-iii-2024"
    assert names.slug("Đà Nẵng") == "da-nang"
    assert names.slug("6 tháng đầu năm 2024") == "6-thang-dau-nam-2024"
    assert names.stem("Kênh", "", None, "  ") == "kenh"
    long = names.slug("Số lượng thành viên tham gia các cuộc thi trực tuyến tìm hiểu lịch sử Đảng bộ tỉnh")
    assert len(long) <= names.MAX_SLUG and not long.endswith("-") and re.fullmatch(r"[a-z0-9-]+", long)


# --- images -------------------------------------------------------------------------------------------------


def test_png_is_1920_wide_and_leaves_figure_alone(bar, png_bytes):
    before = bar.to_dict()
    assert png_bytes[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png_bytes[16:20], "big"), int.from_bytes(png_bytes[20:24], "big")
    assert width == 1920
    assert height == 960          # a 380-px-high chart laid out 1920 wide is at least half as high
    assert bar.to_dict() == before


def test_svg_keeps_text(bar):
    data = images.svg(bar)
    text = data.decode("utf-8")
    assert text.lstrip().startswith("<svg")
    assert "Sơn La" in text


def _outside_scripts(page: str) -> str:
    return re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)


def test_html_is_self_contained_and_escaped(bar):
    page = images.html(bar, "Thành viên <script>alert(1)</script>", "Nguồn: Ban & Sở").decode("utf-8")
    assert '<html lang="vi">' in page and '<meta charset="utf-8">' in page
    assert re.search(r"<script\b[^>]*\bsrc=", page, flags=re.I) is None
    rest = _outside_scripts(page)
    assert 'href="http' not in rest and 'src="http' not in rest
    assert "<title>Thành viên &lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert "<h1>Thành viên &lt;script&gt;" in page and "Nguồn: Ban &amp; Sở" in page
    assert "<script>alert(1)" not in page
    assert "Plotly.newPlot" in page     # plotly.js is embedded, not linked
    assert '"displayModeBar": false' in page    # no English mode bar in the file either
    assert '<html lang="en">' in images.html(bar, "Members", lang="en").decode("utf-8")


# --- CSV ----------------------------------------------------------------------------------------------------


def test_safe_text():
    assert tables.safe_text("=1+1") == "'=1+1"
    for s in ("+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert tables.safe_text(s) == "'" + s
    assert tables.safe_text("Sơn La") == "Sơn La"
    assert tables.safe_text(None) == ""


def test_csv(bar):
    data = tables.csv_bytes(_ranking(bar), _meta())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert ["Kỳ báo cáo", "Quý III/2024"] in rows
    assert ["Lưu ý", NOTICE] in rows
    assert ["Thành viên theo đơn vị"] in rows
    header = rows.index(["Đơn vị", "Thành viên", "Tỷ lệ"])
    assert rows[header - 1] == []
    body = rows[header + 1:]
    assert body[0] == ["Sơn La", "13712", "0.0661"]
    assert body[1] == ["Đà Nẵng", "-5", ""]          # a negative number stays a number; NaN is empty
    assert body[2] == ["'=1+1", "", "0.1"]           # None is empty, never 0
    assert body[3][0] == "'@SUM(A1)"


def test_csv_writes_a_column_headed_percent_in_percent(bar):
    """'Thay đổi (%)' holds 92.31 for +92,31 % (its header says per cent); a share headed otherwise stays a ratio."""
    item = _ranking(bar)
    table = pd.DataFrame({"Đơn vị": ["Sơn La"], "Thay đổi (%)": [0.9230769], "Tỷ lệ": [0.0661]})
    item = Item(key=item.key, title=item.title, figure=None, table=table,
                formats={"Thay đổi (%)": "pct", "Tỷ lệ": "pct"})
    rows = list(csv.reader(io.StringIO(tables.csv_bytes(item, _meta()).decode("utf-8-sig"))))
    assert rows[-1] == ["Sơn La", "92.30769", "0.0661"]


def test_csv_empty_table():
    item = Item(key="x", title="Trống", table=pd.DataFrame({"Đơn vị": [], "Giá trị": []}))
    text = tables.csv_bytes(item, _meta()).decode("utf-8-sig")
    assert text.rstrip().endswith("Không có số liệu cho lựa chọn này")


# --- XLSX ---------------------------------------------------------------------------------------------------


def _cells(ws):
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


def _no_formulas(wb):
    for ws in wb.worksheets:
        for c in _cells(ws):
            assert c.data_type != "f", (ws.title, c.coordinate, c.value)


def test_xlsx(bar):
    wb = openpyxl.load_workbook(io.BytesIO(tables.xlsx_bytes(_ranking(bar), _meta())))
    assert wb.sheetnames == ["Thành viên theo đơn vị"]
    ws = wb.active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert ["Kỳ báo cáo", "Quý III/2024"] == values[2][:2]
    assert any(row[:2] == ["Lưu ý", NOTICE] for row in values)
    header = next(i for i, row in enumerate(values) if row[:3] == ["Đơn vị", "Thành viên", "Tỷ lệ"]) + 1
    assert ws.freeze_panes == f"A{header + 1}"
    assert ws.cell(header, 1).font.b
    number = ws.cell(header + 1, 2)
    assert number.value == 13712 and number.data_type == "n" and number.number_format == "#,##0"
    assert ws.cell(header + 1, 3).number_format == "0.00%" and ws.cell(header + 1, 3).value == pytest.approx(0.0661)
    assert ws.cell(header + 2, 2).value == -5
    assert ws.cell(header + 2, 3).value is None          # NaN left blank
    formula = ws.cell(header + 3, 1)
    assert formula.data_type == "s" and formula.value == "=1+1"   # a string cell, quote-prefixed
    assert formula.quotePrefix
    assert ws.cell(header + 3, 2).value is None          # None left blank
    assert ws.cell(header + 4, 1).value == "@SUM(A1)" and ws.cell(header + 4, 1).data_type == "s"
    _no_formulas(wb)


def test_workbook_sheets():
    long_title = "Số lượng thành viên tham gia cuộc thi trực tuyến theo tỉnh: Quý III/2024"
    items = [_ranking(), _ranking(), _kpis(), Item(key="long", title=long_title, table=pd.DataFrame({"A": [1]})),
             Item(key="empty", title="Bảng trống", kind="table")]
    wb = openpyxl.load_workbook(io.BytesIO(tables.workbook_bytes(items, _meta())))
    assert wb.sheetnames[0] == "Bộ lọc"
    assert len(wb.sheetnames) == 1 + len(items)
    assert len({n.casefold() for n in wb.sheetnames}) == len(wb.sheetnames)
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in wb.sheetnames)
    assert wb.sheetnames[1] == "Thành viên theo đơn vị" and wb.sheetnames[2] != wb.sheetnames[1]
    first = [[c.value for c in row][:2] for row in wb["Bộ lọc"].iter_rows()]
    assert ["Kỳ báo cáo", "Quý III/2024"] in first and ["Lưu ý", NOTICE] in first
    kpi = wb[wb.sheetnames[3]]
    assert [c.value for c in _cells(kpi)][-3:] == ["Thành viên", 13712, "+812 (+6,29%)"]
    assert "Không có số liệu cho lựa chọn này" in [c.value for c in _cells(wb[wb.sheetnames[5]])]
    _no_formulas(wb)

    english = openpyxl.load_workbook(io.BytesIO(tables.workbook_bytes([_ranking()], _meta(lang="en"))))
    assert english.sheetnames[0] == "Filters"


def test_a_long_sheet_name_is_cut_between_words():
    """Excel's 31 characters cut "Người theo dõi bình quân mỗi kênh" mid-word ("… mỗi kê"): cut between words, still
    unique in the workbook; a single word longer than that is cut inside."""
    used: set[str] = set()
    names = [tables.sheet_name(title, used) for title in (
        "Người theo dõi bình quân mỗi kênh", "Người theo dõi bình quân mỗi kênh theo loại kênh",
        "Xếp hạng đơn vị — bình quân theo tháng", "x" * 40)]
    assert names == ["Người theo dõi bình quân mỗi", "Người theo dõi bình quân (2)", "Xếp hạng đơn vị — bình quân",
                     "x" * 31]


# --- PDF ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_bytes(bar, line, png_bytes):
    trend = Item(key="trend", title="Tỷ lệ tương tác theo quý", caption="Tỷ lệ tương tác: cuối 12/2023 → cuối 12/2024",
                 figure=line,
                 table=pd.DataFrame({"Quý": ["Quý I/2024", "Quý II/2024", "Quý III/2024"],
                                     "Tỷ lệ": [0.05, 0.061, 0.0661]}), formats={"Tỷ lệ": "pct"})
    big = Item(key="big", title="Danh sách đơn vị", kind="table",
               table=pd.DataFrame({"Đơn vị": [f"Xã {i}" for i in range(40)], "Giá trị": range(40)}),
               formats={"Giá trị": "int"})
    # the ranking's image is given; the trend's is rendered by page_pdf itself
    return page_pdf.page_pdf([_kpis(), _ranking(bar), trend, big], _meta(), images={"ranking": png_bytes})


def test_pdf_text(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Sơn La", "13.712", "6,61%", "Quý III/2024", "Ban Tuyên giáo và Dân vận", "Trang 1/",
                     "cuối 12/2023 → cuối 12/2024",         # the arrow from the symbols fallback (NotoSans has none)
                     NOTICE, "Cùng kỳ năm trước (Quý III/2023): 12.900", "… và 15 dòng khác (xem tệp XLSX)"):
        assert expected in text, expected
    assert f"Trang 1/{len(reader.pages)}" in text
    assert "Xã 24" in text and "Xã 25" not in text


def test_a_pdf_table_wraps_a_word_longer_than_its_column():
    # a channel named with a 300-letter run (a long address typed as its name) and a tab: the page PDF refused
    # ("Not enough horizontal space to render a single character"); now the word breaks inside with a hyphen
    long = "Dài " + "x" * 296
    item = Item(key="list", title="Danh sách kênh", kind="table",
                table=pd.DataFrame({"Tên kênh": [long, "tab\there"], "Người theo dõi": [1200, 5]}),
                formats={"Người theo dõi": "int"})
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page_pdf.page_pdf([item], _meta()))).pages)
    assert "Dài" in text and "1.200" in text and "tab here" in text
    assert text.replace("\n", "").replace("-", "").count("x") >= 296


def test_pdf_first_page_is_not_blank(pdf_bytes, tmp_path):
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf_bytes)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
                   check=True, timeout=60)
    [png] = list(tmp_path.glob("p*.png"))
    with Image.open(png) as im:
        lo, hi = im.convert("L").getextrema()
    assert lo < 128 and hi == 255


def test_a_page_files_kpi_sheet_keeps_the_comparisons_published_marks(sample_db_path, tmp_path):
    """The Overview of 01–10/2026 against a year before: the cards write the comparison '> 2.389.424' and the change
    '< -677.746' (an exact value against a lower bound: it fell by at least that); the file's KPI sheet keeps them as
    written beside the plain numbers."""
    import openpyxl

    from data import __main__ as cli

    out = tmp_path / "tong-quan.xlsx"
    assert cli.main(["report", "--db", str(sample_db_path), "--page", "overview", "--from", "2026-01", "--to",
                     "2026-10", "--compare", "yoy", "--out", str(out)]) == 0
    rows = list(openpyxl.load_workbook(out)["Chỉ số chính"].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Chỉ số")
    people = dict(zip(header, next(r for r in rows if r and r[0] == "Người dự thi")))
    assert people["Kỳ so sánh (như công bố)"].startswith("> ")
    assert people["Thay đổi (như công bố)"].startswith("< -")
    assert isinstance(people["Kỳ so sánh"], int | float)


def test_a_page_files_kpis_keep_the_cards_year_to_date(sample_db_path, tmp_path):
    """Sơn La, Quý III/2024: the flows' cards add "Lũy kế từ đầu năm: 17.056" (posts) under their value; the page's
    workbook writes it as a number column in its format, the page PDF as a column of its own, stocks left blank."""
    from data import __main__ as cli

    args = ["report", "--db", str(sample_db_path), "--page", "overview", "--unit", "14", "--from", "2024-07", "--to",
            "2024-09", "--grain", "quarter"]
    assert cli.main([*args, "--out", str(tmp_path / "p.xlsx")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "p.xlsx")["Chỉ số chính"]
    rows = [[(c.value, c.number_format) for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0][0] == "Chỉ số")
    at = [v for v, _ in rows[header]].index("Lũy kế từ đầu năm")
    by_metric = {r[0][0]: r[at] for r in rows[header + 1:] if r[0][0]}
    assert by_metric["Bài viết đăng mới"] == (17056, "#,##0")
    assert by_metric["Lượt chia sẻ đường link"][0] == 224850
    assert by_metric["Lượt dự thi"][0] == 227229 and by_metric["Người dự thi"][0] == 101607
    assert by_metric["Thành viên biệt đội"][0] is None          # a stock has no year to date: blank, never 0

    assert cli.main([*args, "--out", str(tmp_path / "p.pdf")]) == 0
    text = PdfReader(tmp_path / "p.pdf").pages[0].extract_text()
    assert "Lũy kế từ" in text and "17.056" in text and "224.850" in text


def test_page_files_name_each_units_rows_and_list_a_ranking_as_ranked(sample_db_path, tmp_path):
    """The compare page's trend and platform sheets name the unit of every row (the chart's legend does); the
    Overview's ranking sheet lists the units largest first, as the chart."""
    import openpyxl

    from data import __main__ as cli

    def sheet(page: str, name: str, *extra) -> list[tuple]:
        out = tmp_path / f"{page}.xlsx"
        assert cli.main(["report", "--db", str(sample_db_path), "--page", page, "--from", "2024-01", "--to", "2024-12",
                         "--grain", "year", "--out", str(out), *extra]) == 0
        rows = list(openpyxl.load_workbook(out)[name].iter_rows(values_only=True))
        # the table's header: the first row after the filters' block with a name in its second cell too
        start = next(i for i, r in enumerate(rows) if i > 9 and r and r[0] and len(r) > 1 and r[1])
        return rows[start:]

    trend = sheet("compare", "Diễn biến theo thời gian", "--unit", "14,48")
    assert "Đơn vị" in trend[0]
    at = trend[0].index("Đơn vị")
    assert {r[at] for r in trend[1:] if r and r[0]} == {"Sơn La", "Đà Nẵng"}
    ranking = sheet("overview", "Xếp hạng đơn vị")
    value = ranking[0].index("Mã đơn vị") + 1          # the ranked metric, after the unit's name and code
    values = [r[value] for r in ranking[1:] if r and isinstance(r[value], int | float)]
    assert len(values) > 30 and values == sorted(values, reverse=True)


def test_charts_of_one_metric_on_a_page_download_to_different_names():
    """The channel page's trend, growth and platform charts all show active channels: each file is named by its
    chart's title too (they overwrote each other in a downloads folder)."""
    import datetime as dt
    from types import SimpleNamespace

    from ui import blocks
    from ui.filters import Choices

    choices = Choices(units=("14", "48"), start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 1), grain="year",
                      platforms=(), compare="yoy", boundary="current")
    view = SimpleNamespace(choices=choices, code_names={"14": "Sơn La", "48": "Đà Nẵng"}, lang="vi",
                           label=lambda key: "Kênh đang hoạt động")
    stems = {blocks.file_stem(SimpleNamespace(title=title, metrics=["channels"]), view)
             for title in ("Diễn biến theo thời gian", "Tăng trưởng theo loại kênh", "Kênh đang hoạt động")}
    assert stems == {"dien-bien-theo-thoi-gian-kenh-dang-hoat-dong_son-la-da-nang_nam-2024",
                     "tang-truong-theo-loai-kenh-kenh-dang-hoat-dong_son-la-da-nang_nam-2024",
                     "kenh-dang-hoat-dong_son-la-da-nang_nam-2024"}


def test_a_downloaded_image_carries_its_title_and_caption_as_typed(bar):
    """A chart's PNG/SVG pasted on its own says what it shows: the block's title and caption above the plot; a
    name's '<' stays a character; the page's figure is not changed; a figure with its own title keeps it."""
    assert images.titled(bar, "Khác").layout.title.text == bar.layout.title.text
    bar = go.Figure(bar).update_layout(title=None)
    titled = images.titled(bar, "Xếp hạng <b>đơn vị</b>", "Thành viên — Sơn La, Quý III/2024")
    text = titled.layout.title.text
    assert text.startswith("<b>Xếp hạng &lt;b>đơn vị&lt;/b></b>")
    assert titled.layout.title.subtitle.text == "Thành viên — Sơn La, Quý III/2024"
    assert titled.layout.margin.t > (bar.layout.margin.t or 0) and not bar.layout.title.text
    assert "Xếp hạng" in images.svg(titled).decode("utf-8")


def test_a_downloaded_images_long_caption_wraps_to_its_width(bar):
    """A contest's long name in the ranking's caption ran past the PNG's right edge ("…(tính trong tổng cu"): the
    caption now wraps to the image's width, in as many lines as it needs, and the plot starts below the last."""
    import numpy as np

    bar = go.Figure(bar).update_layout(title=None, margin=dict(l=8, r=8, t=36, b=8))
    caption = ("Người dự thi theo đơn vị — cuộc thi “Cuộc thi trực tuyến tìm hiểu Nghị quyết số 57-NQ/TW về đột phá "
               "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia”, toàn bộ thời gian cuộc "
               "thi; số liệu cộng dồn trong kỳ. Ngoài các tỉnh, thành phố (tính trong tổng cuộc thi, không có trên "
               "bản đồ và bảng xếp hạng): Ngoài nước — người.")
    titled = images.titled(bar, "Xếp hạng đơn vị", caption, width=800)
    lines = titled.layout.title.subtitle.text.split("<br>")
    assert len(lines) >= 4 and " ".join(lines) == caption
    with Image.open(io.BytesIO(images.png(bar, width=800, title="Xếp hạng đơn vị", caption=caption))) as im:
        ink = np.asarray(im.convert("L")) < 200
    top = titled.layout.margin.t
    heading = ink[:top]
    assert not heading[:, -12:].any()                   # nothing written up to the right edge
    rows = np.flatnonzero(heading.any(axis=1))
    assert rows.size and rows[-1] < top - 4             # the last caption line ends above the plot
    assert "Ngoài nước" in images.svg(bar, width=800, title="Xếp hạng đơn vị", caption=caption).decode("utf-8")


def test_a_series_file_keeps_the_comparisons_and_changes_published_marks():
    """A trend's data: the comparison '> 2.389.424' and the change '~-677.746 (-28,36%)' as published, beside the
    plain numbers (the value's own mark was kept already)."""
    import datetime as dt
    from types import SimpleNamespace

    from ui import blocks
    from ui.filters import Choices

    df = pd.DataFrame({"period_label": ["Năm 2025", "Năm 2026"], "incomplete": [False, True],
                       "contest_nguoi": [2389424.0, 1711678.0], "contest_nguoi_q": [">", None],
                       "contest_nguoi_cmp": [1000.0, 2389424.0], "contest_nguoi_cmp_q": [None, ">"],
                       "contest_nguoi_delta": [2388424.0, -677746.0], "contest_nguoi_pct": [2388.424, -0.28364],
                       "contest_nguoi_delta_q": [">", "~"]})
    choices = Choices(units=(), start=dt.date(2025, 1, 1), end=dt.date(2026, 10, 1), grain="year", platforms=(),
                      compare="yoy", boundary="current")
    view = SimpleNamespace(lang="vi", choices=choices, platform_labels={})
    block = SimpleNamespace(table=None, kind="chart", shape="series", ranked=False)
    out, formats = blocks.data_table(SimpleNamespace(block=block, data=df, metrics=["contest_nguoi"]), view)
    cmp = next(c for c in out.columns if c.endswith("Cùng kỳ năm trước — như công bố"))
    delta = next(c for c in out.columns if "thay đổi — như công bố" in c)
    assert out[cmp].tolist() == ["1.000", "> 2.389.424"] and formats[cmp] == "text"
    assert out[delta].tolist()[1].startswith("~-677.746")
