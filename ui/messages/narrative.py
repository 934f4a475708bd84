"""Messages of the drafted period report's downloads (the document itself is Vietnamese: reports.narrative)."""

MESSAGES = {
    "narrative.docx": ("Báo cáo soạn sẵn (Word)", "Drafted report (Word)"),
    "narrative.pdf": ("Báo cáo soạn sẵn (PDF)", "Drafted report (PDF)"),
    "narrative.help": (
        "Dự thảo báo cáo sơ kết/tổng kết theo thể thức văn bản của Đảng cho đơn vị và kỳ đang chọn; mọi số liệu "
        "lấy từ hệ thống chỉ tiêu, có phụ lục đối chiếu. Cán bộ soạn thảo bổ sung phần hạn chế và phương hướng.",
        "A draft period report laid out as a party document (in Vietnamese) for the chosen units and period; every "
        "figure comes from the metric layer, with an appendix to check them.",
    ),
}
