"""The deck writers (PowerPoint and PDF) on hand-built slides: no database, small Plotly figures.

Checks what a user opening the files sees: slide titles, KPI tables with the page's texts, native charts
carrying the figure's categories, values, gaps and colours, pictures for heat maps, speaker notes with the
exact numbers, the sample notice, the dark theme; and that a 10-slide deck is written in seconds.
"""

from __future__ import annotations

import io
import subprocess

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pypdf import PdfReader

from reports import slides_common
from reports.deck_pdf import deck_pdf
from reports.model import Item, Kpi, Meta, Slide
from reports.pptx_deck import chart_spec, deck_pptx, excel_format
from ui import theme

NOTICE = "Dữ liệu mẫu — không dùng cho báo cáo chính thức"
BAR_CATS = ["Sơn La", "Đà Nẵng", "Hà Nội"]
BAR_VALUES = [13712, 9050, 20100]
BAR_COLORS = ["#B71C1C", "#90A4AE", "#90A4AE"]
LINE_X = ["Q1/2024", "Q2/2024", "Q3/2024", "Q4/2024"]


def _meta(**kw) -> Meta:
    base = dict(title="Thành viên", units="Sơn La, Đà Nẵng", period="Quý III/2024",
                compare="so với cùng kỳ năm trước", boundary="Địa giới hiện hành",
                freshness="Dữ liệu đến tháng 10/2024", department="Ban Tuyên giáo và Dân vận",
                is_sample=True, sample_notice=NOTICE)
    base.update(kw)
    return Meta(**base)


def _bar_item() -> Item:
    fig = go.Figure(go.Bar(x=BAR_CATS, y=BAR_VALUES, marker_color=BAR_COLORS,
                           hovertemplate="%{x}: %{y:,.0f} người<extra></extra>"))
    fig.update_yaxes(tickformat=",.0f")
    theme.apply(fig, height=360)
    table = pd.DataFrame({"Đơn vị": BAR_CATS, "Thành viên": BAR_VALUES})
    return Item(key="ranking", title="Thành viên theo đơn vị", caption="Số thành viên, Quý III/2024", figure=fig,
                table=table, formats={"Thành viên": "int"})


def _line_item() -> Item:
    fig = go.Figure()
    fig.add_scatter(x=LINE_X, y=[10.5, None, 12.25, 13.0], name="Kỳ này", mode="lines+markers",
                    line=dict(color="#B71C1C", width=3))
    fig.add_scatter(x=LINE_X, y=[8.0, 9.0, float("nan"), 11.0], name="Cùng kỳ năm trước", mode="lines+markers",
                    line=dict(color="#9E9E9E", dash="dash"))
    fig.update_yaxes(tickformat=",.1f")
    theme.apply(fig, height=360)
    table = pd.DataFrame({"Kỳ": LINE_X, "Kỳ này": [10.5, None, 12.25, 13.0]})
    return Item(key="trend", title="Diễn biến theo quý", caption="Tỷ lệ tương tác", figure=fig, table=table,
                formats={"Kỳ này": "dec1"})


def _heat_item() -> Item:
    fig = go.Figure(go.Heatmap(z=[[1, 2, 3], [3, None, 5]], x=["T1", "T2", "T3"], y=["Fanpage", "TikTok"],
                               colorscale=theme.SEQUENTIAL))
    theme.apply(fig, height=300)
    return Item(key="heat", title="Bản đồ nhiệt", caption="Bài viết theo tháng", figure=fig,
                table=pd.DataFrame({"Tháng": ["T1"], "Fanpage": [1]}))


def _kpi_item() -> Item:
    kpis = [
        Kpi(key="members", label="Thành viên", value=13712, value_text="13.712", unit="người",
            cmp_text="Cùng kỳ năm trước (Quý III/2023): 12.900", delta_text="+812 (+6,29%)",
            target_text="đạt 96,3% chỉ tiêu năm 2024"),
        Kpi(key="teams", label="Tổ, nhóm", value=412, value_text="412", cmp_text="Cùng kỳ năm trước: 400",
            delta_text="+12 (+3,00%)"),
    ]
    return Item(key="kpis", title="Chỉ số chính", kind="kpis", kpis=kpis)


def _slides(blocks: list[Item] | None = None) -> list[Slide]:
    blocks = blocks if blocks is not None else [_bar_item(), _line_item(), _heat_item()]
    return [
        Slide(kind="title", title="Báo cáo công tác tuyên giáo", subtitle="Sơn La, Đà Nẵng — Quý III/2024",
              lines=["Sơn La, ngày 15 tháng 10 năm 2024"]),
        Slide(kind="kpis", title="Chỉ số chính", item=_kpi_item()),
        *[Slide(kind="block", title=b.title, item=b) for b in blocks],
        Slide(kind="closing", title="Xin cảm ơn", lines=["Dữ liệu đến tháng 10/2024"]),
    ]


@pytest.fixture(scope="module")
def pptx_file():
    return Presentation(io.BytesIO(deck_pptx(_slides(), _meta())))


@pytest.fixture(scope="module")
def pdf_bytes():
    return deck_pdf(_slides(), _meta())


def _texts(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(out)


def _charts(slide):
    return [s for s in slide.shapes if s.has_chart]


# ------------------------------------------------------------------------------------------------- PPTX
def test_pptx_slides_and_titles(pptx_file):
    slides = list(pptx_file.slides)
    assert len(slides) == 6
    assert pptx_file.slide_width == 12192000 and pptx_file.slide_height == 6858000   # 13.333 in × 7.5 in
    assert [s.shapes.title.text for s in slides] == [
        "Báo cáo công tác tuyên giáo", "Chỉ số chính", "Thành viên theo đơn vị", "Diễn biến theo quý",
        "Bản đồ nhiệt", "Xin cảm ơn"]
    for s in slides:
        run = s.shapes.title.text_frame.paragraphs[0].runs[0]
        assert run.font.name == "Noto Sans" and run.font.size.pt >= 32


def test_pptx_kpi_table(pptx_file):
    slide = pptx_file.slides[1]
    tables = [s.table for s in slide.shapes if s.has_table]
    assert len(tables) == 1
    t = tables[0]
    header = [c.text for c in t.rows[0].cells]
    assert header == ["Chỉ số", "Giá trị", "Thay đổi", "So sánh", "Chỉ tiêu năm"]
    first = [c.text for c in t.rows[1].cells]
    assert first[0] == "Thành viên" and "13.712" in first[1] and first[2] == "+812 (+6,29%)"
    assert t.rows[2].cells[4].text == ""     # a KPI without a target keeps an empty cell
    value_run = t.cell(1, 1).text_frame.paragraphs[0].runs[0]
    assert value_run.font.size.pt >= 28 and value_run.font.name == "Noto Sans"


def test_pptx_kpi_table_omits_empty_columns_and_prefers_item_table():
    item = _kpi_item()
    for k in item.kpis:
        k.target_text = ""
    rows = slides_common.kpi_table(item)
    assert rows.header == ["Chỉ số", "Giá trị", "Thay đổi", "So sánh"]
    item.table = pd.DataFrame({"Chỉ tiêu": ["Thành viên", "Tổ, nhóm"], "Sơn La": [13712, 412],
                               "Đà Nẵng": [9050, None]})
    item.formats = {"Sơn La": "int", "Đà Nẵng": "int"}
    prs = Presentation(io.BytesIO(deck_pptx([Slide(kind="kpis", title="So sánh", item=item)], _meta())))
    t = next(s.table for s in prs.slides[0].shapes if s.has_table)
    assert [c.text for c in t.rows[0].cells] == ["Chỉ tiêu", "Sơn La", "Đà Nẵng"]
    assert [c.text for c in t.rows[1].cells] == ["Thành viên", "13.712", "9.050"]
    assert t.cell(2, 2).text == "—"


def test_kpi_slide_shows_card_texts_not_the_kpi_data_table():
    # a KPI block's own data table (raw numbers for files, as ui.blocks.kpi_table makes it) is not drawn
    item = _kpi_item()
    item.table = pd.DataFrame({"Chỉ tiêu": ["Thành viên", "Tổ, nhóm"], "Giá trị": [13712.0, 412.0],
                               "Đơn vị tính": ["người", ""], "Thay đổi": [812.0, 12.0]})
    item.formats = {"Giá trị": "dec2", "Thay đổi": "dec2"}
    rows = slides_common.kpi_table(item)
    assert rows.rows[0][:3] == ["Thành viên", "13.712", "+812 (+6,29%)"] and rows.sub_text(0, 1) == "người"


def test_kpi_slide_and_notes_keep_the_cards_year_to_date():
    """A flow over a period not starting in January: its card adds "Lũy kế từ đầu năm: 17.056"; the slide's table
    in both files has it as a column, its notes as the card's line, its qualifier kept."""
    item = _kpi_item()
    item.kpis.append(Kpi(key="posts", label="Bài viết", value=5324, value_text="5.324", unit="bài",
                         delta_text="-151 (-2,76%)", ytd=17056.0, ytd_text="~17.056"))
    slide = Slide(kind="kpis", title="Chỉ số chính", item=item)
    rows = slides_common.kpi_table(item)
    assert "Lũy kế từ đầu năm" in rows.header
    assert rows.rows[2][rows.header.index("Lũy kế từ đầu năm")] == "~17.056"
    assert rows.rows[0][rows.header.index("Lũy kế từ đầu năm")] == ""
    assert "Bài viết: 5.324 bài (-151 (-2,76%); Lũy kế từ đầu năm: ~17.056)" in slides_common.notes(slide, _meta())
    prs = Presentation(io.BytesIO(deck_pptx([slide], _meta())))
    assert "~17.056" in _texts(prs.slides[0])
    assert "~17.056" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(deck_pdf([slide], _meta()))).pages)


def test_pptx_bar_chart_is_native(pptx_file):
    charts = _charts(pptx_file.slides[2])
    assert len(charts) == 1
    chart = charts[0].chart
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    plot = chart.plots[0]
    assert list(plot.categories) == BAR_CATS
    assert list(plot.series[0].values) == BAR_VALUES
    colors = [str(plot.series[0].points[i].format.fill.fore_color.rgb) for i in range(3)]
    assert colors == [c.lstrip("#") for c in BAR_COLORS]
    assert plot.has_data_labels and plot.data_labels.number_format == "#,##0"
    assert chart.value_axis.tick_labels.number_format == "#,##0"
    assert not chart.has_legend


def test_pptx_line_chart_keeps_gaps(pptx_file):
    chart = _charts(pptx_file.slides[3])[0].chart
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    plot = chart.plots[0]
    assert list(plot.categories) == LINE_X
    assert [s.name for s in plot.series] == ["Kỳ này", "Cùng kỳ năm trước"]
    assert list(plot.series[0].values) == [10.5, None, 12.25, 13.0]
    assert list(plot.series[1].values) == [8.0, 9.0, None, 11.0]
    assert chart.has_legend
    assert str(plot.series[0].format.line.color.rgb) == "B71C1C"
    assert chart.value_axis.tick_labels.number_format == "#,##0.0"


def test_pptx_heatmap_is_a_picture(pptx_file):
    slide = pptx_file.slides[4]
    assert not _charts(slide)
    pictures = [s for s in slide.shapes if s.shape_type == 13]   # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    pic = pictures[0]
    box = slides_common.CONTENT_BOX
    assert pic.width <= 914400 * box.w + 1 and pic.height <= 914400 * box.h + 1
    assert pic.image.content_type == "image/png"


def test_pptx_notes_footer_and_notice(pptx_file):
    slides = list(pptx_file.slides)
    for s in slides:
        assert s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip()
        assert NOTICE in _texts(s)
    kpi_notes = slides[1].notes_slide.notes_text_frame.text
    assert "Thành viên: 13.712 người (+812 (+6,29%); Cùng kỳ năm trước (Quý III/2023): 12.900;" in kpi_notes
    bar_notes = slides[2].notes_slide.notes_text_frame.text
    assert "Đơn vị: Sơn La; Thành viên: 13.712" in bar_notes and "Số thành viên, Quý III/2024" in bar_notes
    assert "Kỳ: Q2/2024; Kỳ này: —" in slides[3].notes_slide.notes_text_frame.text
    assert "3/6" in _texts(slides[2]) and "Thành viên" in _texts(slides[2])
    assert "1/6" not in _texts(slides[0])      # the cover carries no page footer


def test_pptx_no_notice_when_not_sample_and_given_notes():
    slides = _slides([_bar_item()])
    slides[2].notes = "Ghi chú riêng"
    prs = Presentation(io.BytesIO(deck_pptx(slides, _meta(is_sample=False))))
    assert all(NOTICE not in _texts(s) for s in prs.slides)
    assert prs.slides[2].notes_slide.notes_text_frame.text == "Ghi chú riêng"


def test_notice_and_table_slides():
    # a slide without an item says its message; a block without a figure shows its table, cut at 10 rows
    table = pd.DataFrame({"Đơn vị": [f"Đơn vị {i}" for i in range(25)], "Thành viên": list(range(25))})
    slides = [Slide(kind="block", title="Khối đã bị xoá", subtitle="Khối này không còn trên trang."),
              Slide(kind="block", title="Bảng", item=Item(key="t", title="Bảng", table=table, kind="table",
                                                          formats={"Thành viên": "int"}))]
    prs = Presentation(io.BytesIO(deck_pptx(slides, _meta())))
    assert "Khối này không còn trên trang." in _texts(prs.slides[0])
    t = next(s.table for s in prs.slides[1].shapes if s.has_table)
    assert len(t.rows) == 11 and "15 dòng nữa" in _texts(prs.slides[1])
    assert "Đơn vị: Đơn vị 29" not in prs.slides[1].notes_slide.notes_text_frame.text
    assert "Đơn vị: Đơn vị 24; Thành viên: 24" in prs.slides[1].notes_slide.notes_text_frame.text
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(deck_pdf(slides, _meta()))).pages)
    assert "Khối này không còn trên trang." in text and "Đơn vị 9" in text and "Đơn vị 10" not in text


def test_pptx_dark_theme():
    prs = Presentation(io.BytesIO(deck_pptx(_slides([_bar_item()]), _meta(), theme="dark")))
    for s in prs.slides:
        assert s.background.fill.fore_color.rgb == RGBColor(0x12, 0x12, 0x12)
        run = s.shapes.title.text_frame.paragraphs[0].runs[0]
        assert run.font.color.rgb == RGBColor(0xEE, 0xEE, 0xEE)
    chart = _charts(prs.slides[2])[0].chart
    assert str(chart.plots[0].series[0].points[0].format.fill.fore_color.rgb) == "B71C1C"


# ------------------------------------------------------------------------------------------- chart spec
def test_chart_spec_horizontal_stacked_and_formats():
    fig = go.Figure()
    fig.add_bar(y=["A", "B"], x=[0.25, 0.5], orientation="h", name="Cấp tỉnh", marker_color="#1565C0")
    fig.add_bar(y=["A", "B"], x=[0.75, None], orientation="h", name="Cấp xã", marker_color="rgba(183,28,28,0.5)")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%")
    spec = chart_spec(fig)
    assert spec.chart_type == XL_CHART_TYPE.BAR_STACKED
    assert spec.categories == ["A", "B"]
    assert spec.series[1].values == [0.75, None]
    assert spec.series[1].color == (219, 142, 142)          # half-transparent red on white
    assert spec.number_format == "0%" and spec.legend


def test_chart_spec_falls_back_for_what_powerpoint_cannot_draw():
    heat = go.Figure(go.Heatmap(z=[[1, 2]]))
    mixed = go.Figure([go.Bar(x=["a"], y=[1]), go.Scatter(x=["a"], y=[2])])
    sub = make_subplots(rows=2, cols=1)
    sub.add_bar(x=["a"], y=[1], row=1, col=1)
    sub.add_bar(x=["a"], y=[2], row=2, col=1)
    scale = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], marker=dict(color=[1, 2], colorscale="Viridis")))
    dots = go.Figure(go.Scatter(x=[1, 2], y=[1, 2], mode="markers"))
    assert all(chart_spec(f) is None for f in (heat, mixed, sub, scale, dots, None))


def test_chart_spec_order_labels_and_integers():
    fig = go.Figure(go.Bar(x=["b", "a"], y=[3, 4], marker_pattern_shape=["", "/"]))
    fig.update_xaxes(categoryorder="array", categoryarray=["a", "b"], tickvals=["a", "b"],
                     ticktext=["Sơn La<br>(trước 07/2025)", "Đà Nẵng"])
    spec = chart_spec(fig)
    assert spec.categories == ["Sơn La (trước 07/2025)", "Đà Nẵng"]
    assert spec.series[0].values == [4.0, 3.0] and spec.series[0].patterns == ["/", ""]
    assert spec.number_format == "#,##0"


def test_excel_format():
    assert excel_format(",.0f") == "#,##0"
    assert excel_format(",.1f") == "#,##0.0"
    assert excel_format(".2%") == "0.00%"
    assert excel_format(",.2f") == "#,##0.00"
    assert excel_format(",~r") is None and excel_format("") is None and excel_format(".3s") is None


# -------------------------------------------------------------------------------------------------- PDF
def test_pdf_text_pages_and_size(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 6
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert w > h and abs(w / h - 16 / 9) < 0.01
        assert abs(w - 960) < 1                      # 338.67 mm in points
    text = "\n".join(p.extract_text() for p in reader.pages)
    for s in ("Sơn La", "Đà Nẵng", "13.712", "1/6", "6/6", NOTICE, "Chỉ số chính", "Thành viên theo đơn vị",
              "Báo cáo công tác tuyên giáo", "Xin cảm ơn", "Bản đồ nhiệt", "+812 (+6,29%)"):
        assert s in text, s
    fonts = set()
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            fonts.add(str(f.get_object()["/BaseFont"]))
    assert any("NotoSans" in f for f in fonts) and any("Bold" in f for f in fonts)


def test_pdf_dark_and_not_sample():
    data = deck_pdf(_slides([_bar_item()]), _meta(is_sample=False), theme="dark")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert NOTICE not in text and "Thành viên theo đơn vị" in text


def test_pdf_page_renders(pdf_bytes, tmp_path):
    from PIL import Image, ImageStat

    pdf = tmp_path / "deck.pdf"
    pdf.write_bytes(pdf_bytes)
    for page in (2, 3):                       # the KPI table and the bar chart picture
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page), str(pdf),
                        str(tmp_path / f"p{page}")], check=True, timeout=60)
        out = next(tmp_path.glob(f"p{page}*.png"))
        with Image.open(out) as im:
            assert im.width > im.height
            stat = ImageStat.Stat(im.convert("L"))
            assert stat.stddev[0] > 10, f"page {page} looks blank"
            # the chart's red bar shows on the chart page
            if page == 3:
                px = np.asarray(im.convert("RGB")).reshape(-1, 3).astype(int)
                reds = int(((px[:, 0] > 150) & (px[:, 1] < 60) & (px[:, 2] < 60)).sum())
                assert reds > 50


# ----------------------------------------------------------------------------------------------- ten slides
def _ten_slides() -> list[Slide]:
    blocks = []
    for i in range(6):
        item = _bar_item() if i % 2 == 0 else _line_item()
        item.title = f"{item.title} ({i + 1})"
        blocks.append(item)
    blocks.insert(3, _heat_item())
    slides = _slides(blocks)
    assert len(slides) == 10
    return slides


def test_ten_slide_deck():
    # its speed is measured by bench/exports.py, not asserted here
    slides, meta = _ten_slides(), _meta()
    pptx = deck_pptx(slides, meta)
    pdf = deck_pdf(slides, meta)
    assert len(Presentation(io.BytesIO(pptx)).slides) == 10
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 10


def test_a_single_unnamed_series_is_named_by_its_slide():
    """PowerPoint's data sheet showed 'Chuỗi 1' for a one-metric chart: the series carries the slide's title."""
    fig = go.Figure(go.Bar(x=["Sơn La", "Đà Nẵng"], y=[13712, 10573]))
    assert [s.name for s in chart_spec(fig, name="Thành viên biệt đội").series] == ["Thành viên biệt đội"]
    two = go.Figure([go.Bar(x=["a"], y=[1]), go.Bar(x=["a"], y=[2])])
    assert [s.name for s in chart_spec(two, name="X").series] == ["Chuỗi 1", "Chuỗi 2"]


def test_a_slide_table_never_leaves_out_a_single_row():
    """The compare table's eleven metrics on a slide of ten rows: all eleven, not ten and '… 1 more row'."""
    from reports import slides_common
    from reports.model import Item

    def rows(n):
        return slides_common.frame_rows(Item(key="t", title="t", table=pd.DataFrame({"a": range(n)})))

    assert (len(rows(11).rows), rows(11).more) == (11, 0)
    assert (len(rows(12).rows), rows(12).more) == (10, 2)
