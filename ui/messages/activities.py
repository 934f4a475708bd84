"""Messages of the Activities page (Hoạt động), see ``ui.messages``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "activities.title": ("Hoạt động", "Activities"),
    "activities.kpis": ("Kết quả hoạt động", "Activity results"),
    "activities.by_type": ("Theo loại hoạt động", "By activity type"),
    "activities.by_platform": ("Theo loại kênh", "By platform"),
    "activities.metric": ("Chỉ số", "Metric"),
    "activities.source_share": ("Tỷ lệ đường link theo cấp nguồn", "Share of links by source level"),
    "activities.heatmap": ("Theo tháng và loại kênh", "By month and platform"),
    "activities.trend": ("Diễn biến và so sánh", "Trend and comparisons"),
    "activities.overlay": ("Đường so sánh", "Comparison lines"),
    "activities.overlay.both": ("Kỳ trước và cùng kỳ năm trước", "Previous period and same period last year"),
    "activities.all_platforms": ("Tất cả loại kênh", "All platforms"),
    "activities.type_caption": (
        "Số lượng từng loại hoạt động — {units}, {period}; {kind}. Mỗi loại có đơn vị tính riêng "
        "(bài, lượt, bình luận, báo cáo, video) nên có khung và trục riêng.",
        "Count of each activity type — {units}, {period}; {kind}. Each type has its own unit "
        "(posts, shares, comments, reports, videos), so its own panel and axis."),
    "activities.share_caption": (
        "Tỷ lệ lượt chia sẻ đường link theo cấp nguồn (Trung ương, tỉnh, cơ sở), tổng và từng loại kênh — "
        "{units}, {period}; {kind}.",
        "Share of link shares by source level (central, provincial, grassroots), overall and per platform — "
        "{units}, {period}; {kind}."),
    "activities.heat_caption": (
        "{metric} theo tháng và loại kênh — {units}, {period}; {kind}.",
        "{metric} by month and platform — {units}, {period}; {kind}."),
    "activities.trend_caption": (
        "{metric} theo {grain} — {units}, {period}; {kind}. Cột: kỳ này; đường: {lines}.",
        "{metric} by {grain} — {units}, {period}; {kind}. Bars: this period; lines: {lines}."),
    "activities.grain.month": ("tháng", "month"),
    "activities.grain.quarter": ("quý", "quarter"),
    "activities.grain.half": ("6 tháng", "half-year"),
    "activities.grain.year": ("năm", "year"),
    "activities.no_lines": ("không có", "none"),
    "activities.where": ("Chỉ tính {what}.", "Counting {what} only."),
    "activities.source_only_links": (
        "Cấp nguồn (Trung ương, tỉnh, cơ sở) chỉ áp dụng cho lượt chia sẻ đường link; các loại hoạt động "
        "khác không có cấp nguồn nên không được tính khi lọc theo cấp nguồn.",
        "The source level (central, provincial, grassroots) applies to link shares only; other activity types "
        "have no source level and are not counted while filtering by it."),
    "activities.no_links": (
        "Không có lượt chia sẻ đường link trong lựa chọn này, nên không có tỷ lệ theo cấp nguồn.",
        "No link shares in this selection, so there is no share by source level."),
    "activities.hint": (
        "Bấm vào một cột (loại hoạt động, loại kênh hoặc cấp nguồn) để lọc cả trang theo giá trị đó.",
        "Click a bar (activity type, platform or source level) to filter the whole page by it."),
    "activities.hover.share": ("{level}: {value} lượt ({pct})", "{level}: shares {value} ({pct})"),
    "activities.heat_incomplete": ("* tháng chưa đủ số liệu", "* month with incomplete figures"),
}
