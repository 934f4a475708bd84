"""Messages of exports, page reports, decks and the presentation mode."""

MESSAGES = {
    "export.menu": ("Tải xuống", "Download"),
    "export.png": ("Ảnh PNG (1920 px)", "PNG image (1920 px)"),
    "export.svg": ("Ảnh SVG", "SVG image"),
    "export.html": ("Biểu đồ tương tác HTML", "Interactive HTML chart"),
    "export.csv": ("Số liệu CSV", "Data as CSV"),
    "export.xlsx": ("Số liệu Excel (XLSX)", "Data as Excel (XLSX)"),
    "export.page_xlsx": ("Tải cả trang: Excel", "Whole page: Excel"),
    "export.page_pdf": ("Tải cả trang: báo cáo PDF", "Whole page: PDF report"),
    "export.col.period": ("Kỳ", "Period"),
    "export.col.code": ("Mã đơn vị", "Unit code"),
    "export.col.delta": ("thay đổi", "change"),
    "export.col.pct": ("thay đổi (%)", "change (%)"),
    "export.kpi.metric": ("Chỉ tiêu", "Metric"),
    "export.kpi.value": ("Giá trị", "Value"),
    "export.kpi.unit": ("Đơn vị tính", "Unit"),
    "export.kpi.cmp": ("Kỳ so sánh", "Comparison period"),
    "export.kpi.delta": ("Thay đổi", "Change"),
    "export.kpi.pct": ("Thay đổi (%)", "Change (%)"),
    "export.kpi.target": ("Chỉ tiêu năm", "Yearly target"),
}
