"""Messages of exports, page reports, decks and the presentation mode."""

MESSAGES = {
    "export.menu": ("Tải xuống", "Download"),
    "export.png": ("Ảnh PNG (1920 px)", "PNG image (1920 px)"),
    "export.svg": ("Ảnh SVG", "SVG image"),
    "export.html": ("Biểu đồ tương tác HTML", "Interactive HTML chart"),
    "export.csv": ("Số liệu CSV", "Data as CSV"),
    "export.xlsx": ("Số liệu Excel (XLSX)", "Data as Excel (XLSX)"),
    "export.list_cut": ("Tệp chỉ ghi {n} dòng đầu trong {total} dòng của danh sách; thu hẹp bộ lọc hoặc tìm kiếm "
                        "để tải phần còn lại.", "The file holds the first {n} of the list's {total} rows; narrow the "
                        "filters or the search to download the rest."),
    "export.page_xlsx": ("Tải cả trang: Excel", "Whole page: Excel"),
    "export.page_pdf": ("Tải cả trang: báo cáo PDF", "Whole page: PDF report"),
    "export.col.period": ("Kỳ", "Period"),
    "export.col.code": ("Mã đơn vị", "Unit code"),
    "export.col.delta": ("thay đổi", "change"),
    "export.col.pct": ("thay đổi (%)", "change (%)"),
    "export.kpi.metric": ("Chỉ số", "Metric"),
    "export.kpi.value": ("Giá trị", "Value"),
    "export.kpi.unit": ("Đơn vị tính", "Unit"),
    "export.kpi.cmp": ("Kỳ so sánh", "Comparison period"),
    "export.kpi.delta": ("Thay đổi", "Change"),
    "export.kpi.pct": ("Thay đổi (%)", "Change (%)"),
    "export.kpi.target": ("Chỉ tiêu năm", "Yearly target"),
    "export.kpi.ytd": ("Lũy kế từ đầu năm", "Year to date"),
    # the page's PDF report
    "pagepdf.page": ("Trang", "Page"),
    "pagepdf.exported": ("Xuất lúc", "Exported"),
    "pagepdf.more": ("… và {n} dòng khác (xem tệp XLSX)", "… rows not shown: {n} (see the XLSX file)"),
    "pagepdf.empty": ("Không có số liệu cho lựa chọn này", "No data for this selection"),
    "pagepdf.col.compare": ("So sánh", "Comparison"),
    "pagepdf.col.target": ("Chỉ tiêu", "Target"),
}
