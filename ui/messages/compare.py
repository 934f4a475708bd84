"""Messages of the unit-comparison page (see ``ui.messages``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "compare.title": ("So sánh đơn vị", "Compare units"),
    "compare.intro": (
        "Các đơn vị đặt cạnh nhau trên cùng chỉ số, cùng kỳ và cùng cách so sánh.",
        "Units side by side on the same metrics, period and comparison."),
    "compare.default_units": (
        "Chưa chọn đơn vị trong bộ lọc nên trang mặc định so sánh {units} — mặc định dành cho hội nghị đánh "
        "giá chương trình phối hợp Sơn La – Đà Nẵng.",
        "No units chosen in the filters, so the page compares {units} by default — the default for the "
        "Sơn La – Đà Nẵng coordination review conference."),
    "compare.and": (" và ", " and "),
    "compare.default_year": (
        "Khoảng thời gian là mặc định của bộ lọc ({range}) nên trang dùng năm đầy đủ gần nhất có số liệu: {year}.",
        "The period is the filters' default ({range}), so the page uses the latest complete year in the data: "
        "{year}."),
    "compare.default_hint": (
        "Chọn đơn vị hoặc khoảng thời gian trong bộ lọc để thay đổi.",
        "Choose units or a period in the filters to change this."),
    "compare.need_two": (
        "Cần chọn ít nhất hai đơn vị trong bộ lọc “Đơn vị” để so sánh (đang chọn: {units}).",
        "Choose at least two units in the “Units” filter to compare (chosen: {units})."),
    "compare.need_two_none": (
        "Cần ít nhất hai đơn vị để so sánh; các đơn vị mặc định nằm ngoài phạm vi được xem. "
        "Hãy chọn đơn vị trong bộ lọc “Đơn vị”.",
        "At least two units are needed to compare; the default units are outside your scope. "
        "Choose units in the “Units” filter."),
    "compare.table": ("Bảng so sánh", "Comparison table"),
    "compare.table_caption": (
        "Mỗi cột là một đơn vị, mỗi dòng một chỉ số — {units}, {period}. Số liệu thời điểm lấy giá trị "
        "cuối kỳ, số liệu thời kỳ cộng các tháng, tỷ lệ tính từ số đã tổng hợp.",
        "One column per unit, one row per metric — {units}, {period}. Stocks take the end-of-period value, "
        "flows sum the months, ratios divide aggregated totals."),
    "compare.table_change": ("Cột “tăng/giảm”: {vs} ({period}).", "“Change” columns: {vs} ({period})."),
    "compare.col_metric": ("Chỉ số", "Metric"),
    "compare.col_kind": ("Loại", "Kind"),
    "compare.col_change": ("{unit} — tăng/giảm", "{unit} — change"),
    "compare.partial_mark": ("* Đơn vị chưa gửi đủ báo cáo các tháng trong kỳ: số liệu là tổng những gì đã gửi, "
                             "không nêu mức thay đổi.",
                             "* The unit did not send every month's report of the period: the figure sums what "
                             "came, and no change is stated."),
    "compare.platform_mark": (
        "† Bộ lọc loại kênh không áp dụng cho chỉ số này.",
        "† The platform filter does not apply to this metric."),
    "compare.charts": ("Biểu đồ theo từng chỉ số", "One chart per metric"),
    "compare.charts_note": (
        "Mỗi đơn vị giữ một màu trên mọi biểu đồ. Cột đậm: {current}; cột nhạt bên trái: {vs} ({period}).",
        "Each unit keeps one colour on every chart. Solid bar: {current}; pale bar on its left: {vs} ({period})."),
    "compare.charts_note_plain": (
        "Mỗi đơn vị giữ một màu trên mọi biểu đồ.", "Each unit keeps one colour on every chart."),
    "compare.by_platform": ("So sánh theo loại kênh", "By platform"),
    "compare.platform_metric": ("Chỉ số theo loại kênh", "Metric by platform"),
    "compare.trend": ("Diễn biến theo thời gian", "Trend over time"),
    "compare.trend_metric": ("Chỉ số", "Metric"),
    "compare.hover_cmp": ("{vs}: {value}", "{vs}: {value}"),
    "compare.historical_columns": (
        "Địa giới tại thời điểm báo cáo: một mã đổi đơn vị qua 01/07/2025 hiện thành hai cột (đơn vị cũ và mới); "
        "số liệu thời điểm của đơn vị không còn tồn tại vào cuối kỳ để trống.",
        "Boundaries at the report date: a code whose unit changed on 01/07/2025 shows as two columns (old and "
        "new unit); stocks of a unit that no longer exists at the end of the period are left blank."),
}
