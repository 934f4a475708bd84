"""Messages of the drafted period report's downloads (the document itself is Vietnamese: reports.narrative)."""

MESSAGES = {
    "narrative.docx": ("Báo cáo soạn sẵn (Word)", "Drafted report (Word)"),
    "narrative.pdf": ("Báo cáo soạn sẵn (PDF)", "Drafted report (PDF)"),
    "narrative.help": (
        "Dự thảo báo cáo sơ kết/tổng kết theo thể thức văn bản của Đảng cho đơn vị và kỳ đang chọn; mọi số liệu "
        "lấy từ hệ thống chỉ số, có phụ lục đối chiếu. Cán bộ soạn thảo bổ sung phần hạn chế và phương hướng.",
        "A draft period report laid out as a party document (in Vietnamese) for the chosen units and period; every "
        "figure comes from the metric layer, with an appendix to check them.",
    ),
    "narrative.programme_docx": ("Báo cáo chương trình (Word)", "Programme report (Word)"),
    "narrative.programme_pdf": ("Báo cáo chương trình (PDF)", "Programme report (PDF)"),
    "narrative.programme_help": (
        "Dự thảo báo cáo kết quả thực hiện chương trình phối hợp năm {year} theo thể thức văn bản của Đảng: từng "
        "nhiệm vụ trọng tâm, chỉ tiêu và kết quả của các bên, hội nghị đánh giá; mọi số liệu như trên trang này, có "
        "phụ lục đối chiếu. Cơ quan ban hành: ban của đơn vị đầu tiên đang chọn là bên tham gia (không chọn: Trung ương).",
        "A draft report on the programme's results in {year}, laid out as a party document (in Vietnamese): each key "
        "task with its indicators and every party's results, the review conferences; the figures are this page's. "
        "Issued by the department of the first chosen unit that is a party (none chosen: the central department).",
    ),
}
