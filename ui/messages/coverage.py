"""Strings of report coverage: who reported, on cards and on the "Tình hình báo cáo" page."""

MESSAGES: dict[str, tuple[str, str]] = {
    "coverage.units": ("{n}/{m} đơn vị đã báo cáo đủ", "{n}/{m} units reported in full"),
    "coverage.kpi.reported": ("Đơn vị đã báo cáo đủ", "Units reported in full"),
    "coverage.kpi.expected": ("Đơn vị cần báo cáo", "Units due to report"),
    "coverage.not_reported": ("Chưa báo cáo", "Not reported"),
    "coverage.partial_one": ("Chưa báo cáo đủ các tháng trong kỳ", "Not every month of the period reported"),
    "coverage.title": ("Tình hình báo cáo", "Reporting status"),
    "coverage.nav": ("Tình hình báo cáo", "Reporting status"),
    "coverage.intro": (
        "Đơn vị nào đã gửi báo cáo tháng nào: để đôn đốc báo cáo còn thiếu và biết một số tổng gồm bao nhiêu "
        "đơn vị. Báo cáo tháng hạn chậm nhất ngày {day} tháng sau; nhận sau hạn là báo cáo muộn.",
        "Which unit sent which monthly report: to chase missing reports and know how complete a total is. "
        "A monthly report is due by day {day} of the following month; one received later is late."),
    "coverage.summary": ("Tổng hợp theo loại báo cáo", "Summary by report kind"),
    "coverage.grid": ("Đơn vị × tháng", "Units × months"),
    "coverage.missing": ("Báo cáo còn thiếu", "Missing reports"),
    "coverage.family": ("Loại báo cáo", "Report kind"),
    "coverage.status.reported": ("Đã báo cáo", "Reported"),
    "coverage.status.late": ("Báo cáo muộn", "Reported late"),
    "coverage.status.missing": ("Chưa báo cáo", "Not reported"),
    "coverage.status.partial": ("Thiếu một phần", "Partly reported"),
    "coverage.col.family": ("Loại báo cáo", "Report kind"),
    "coverage.col.expected": ("Lượt đơn vị × tháng cần báo cáo", "Unit-months due"),
    "coverage.col.reported": ("Đã báo cáo", "Reported"),
    "coverage.col.late": ("Trong đó muộn", "Of which late"),
    "coverage.col.missing": ("Chưa báo cáo", "Not reported"),
    "coverage.col.share": ("Tỷ lệ đã báo cáo", "Share reported"),
    "coverage.col.units_full": ("Đơn vị báo cáo đủ", "Units reporting in full"),
    "coverage.col.unit": ("Đơn vị", "Unit"),
    "coverage.col.months": ("Các tháng chưa báo cáo", "Months not reported"),
    "coverage.col.count": ("Số tháng", "Months"),
    "coverage.grid_caption": (
        "{family} — {units}, {period}. Mỗi ô là một đơn vị trong một tháng; trước 07/2025 theo {boundary}.",
        "{family} — {units}, {period}. Each cell is one unit in one month; before 07/2025 by {boundary}."),
    "coverage.boundary.current": ("đơn vị hiện hành (ô đủ khi mọi tỉnh cũ hợp thành đều đã báo cáo)",
                                  "today's units (a cell is full when every old province it was made of reported)"),
    "coverage.boundary.historical": ("đơn vị tại thời điểm báo cáo", "units as they were"),
    "coverage.none_missing": ("Không có báo cáo nào còn thiếu trong kỳ đã chọn.",
                              "No report is missing in the chosen period."),
    "coverage.missing_caption": ("{n} đơn vị còn thiếu báo cáo. Sắp xếp theo số tháng thiếu.",
                                 "{n} units have missing reports, most months missing first."),
}
