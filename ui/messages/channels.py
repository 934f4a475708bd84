"""Messages of the channels page (Kênh thông tin), see ``ui.messages``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "channels.title": ("Kênh thông tin", "Information channels"),
    "channels.kpis": ("Chỉ số chính về kênh", "Key channel figures"),
    "channels.trend": ("Diễn biến theo thời gian", "Trend over time"),
    "channels.metric": ("Chỉ số", "Metric"),
    "channels.by": ("Chia theo", "Break down by"),
    "channels.platforms": ("Theo loại kênh", "By platform"),
    "channels.units": ("Xếp hạng đơn vị", "Unit ranking"),
    "channels.flows": ("Kênh mở mới và ngừng hoạt động", "New and closed channels"),
    "channels.per_channel": ("Người theo dõi bình quân mỗi kênh", "Followers per channel"),
    "channels.other_units": ("Các đơn vị khác", "Other units"),
    "channels.net": ("Tăng ròng", "Net change"),
    "channels.top_units": ("Hiển thị {n} đơn vị có giá trị cuối kỳ lớn nhất; các đơn vị còn lại gộp thành "
                           "“Các đơn vị khác”.",
                           "Showing the {n} units with the largest end-of-period value; the rest are grouped "
                           "as “Other units”."),
    "channels.click_platform": ("Bấm vào một cột loại kênh để lọc cả trang theo loại kênh đó.",
                                "Click a platform bar to filter the whole page by that platform."),
    "channels.click_unit": ("Bấm vào một đơn vị để lọc cả trang theo đơn vị đó.",
                            "Click a unit to filter the whole page by that unit."),
    "channels.caption_pair": ("{a} và {b} — {units}, {period}; {kind}.", "{a} and {b} — {units}, {period}; {kind}."),
    "channels.ratio_note": ("Không có tỷ lệ cho: {platforms} (loại kênh này không báo cáo người theo dõi).",
                            "No ratio for: {platforms} (this platform reports no followers)."),
    # growth by platform between the start and the end of the chosen range
    "channels.growth": ("Tăng trưởng theo loại kênh", "Growth by platform"),
    "channels.growth_caption": (
        "{metric} — {units}: cuối {start} → cuối {end}; thay đổi và % thay đổi, loại kênh tăng nhanh nhất ở trên; "
        "{kind}.",
        "{metric} — {units}: end of {start} → end of {end}; change and % change, the fastest-growing platform on "
        "top; {kind}."),
    "channels.growth_one_month": ("Chọn khoảng thời gian dài hơn một tháng để xem tăng trưởng theo loại kênh.",
                                  "Choose a range longer than one month to see growth by platform."),
    "channels.growth_hover": ("{platform}: {start} → {end} {unit} ({change})",
                              "{platform}: {start} → {end} {unit} ({change})"),
    "channels.growth_axis": ("% thay đổi", "% change"),
    "channels.growth_new": ("mới", "new"),
    "channels.growth_start": ("Cuối {month}", "End of {month}"),
    # the table
    "channels.table": ("Danh sách kênh", "Channel list"),
    "channels.search": ("Tìm theo tên kênh, địa chỉ hoặc đơn vị", "Search by channel name, address or unit"),
    "channels.search_placeholder": ("Ví dụ: Đà Nẵng Tươi Đẹp", "e.g. Đà Nẵng Tươi Đẹp"),
    "channels.table_note": ("Kênh {first}–{last} trên tổng số {total}, nhiều người theo dõi nhất cuối kỳ trước; chọn "
                            "trang bên dưới hoặc dùng ô tìm kiếm để tìm kênh khác. Bấm tiêu đề cột để sắp xếp các kênh "
                            "của trang.",
                            "Channels {first}–{last} of {total}, most followers at the end of the period first; choose "
                            "a page below or use the search box to find others. Click a column header to sort the "
                            "page's channels."),
    "channels.table_all": ("{total} kênh. Bấm tiêu đề cột để sắp xếp.", "Channels: {total}. Click a column header to sort."),
    "channels.table_none": ("Không có kênh nào khớp với “{query}”.", "No channel matches “{query}”."),
    "channels.table_caption": ("Kênh hoạt động hoặc có tin bài trong kỳ — {units}, {period}. Người theo dõi là số "
                               "cuối kỳ (thời điểm); tin bài cộng dồn trong kỳ.",
                               "Channels active or posting in the period — {units}, {period}. Followers at the end "
                               "of the period (stock); posts summed over the period (flow)."),
    "channels.col.unit": ("Đơn vị", "Unit"),
    "channels.col.platform": ("Loại kênh", "Platform"),
    "channels.col.name": ("Tên kênh", "Channel"),
    "channels.col.address": ("Địa chỉ", "Address"),
    "channels.col.opened": ("Ngày mở", "Opened"),
    "channels.col.closed": ("Ngày ngừng", "Closed"),
    "channels.col.followers": ("Người theo dõi cuối kỳ", "Followers at period end"),
    "channels.col.posts": ("Tin bài trong kỳ", "Posts in period"),
    "channels.col.delta": ("Thay đổi người theo dõi", "Change in followers"),
    "channels.col.pct": ("Thay đổi (%)", "Change (%)"),
    "channels.col.delta_help": ("Người theo dõi cuối kỳ {vs} ({period}).", "Followers at period end {vs} ({period})."),
}
