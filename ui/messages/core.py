"""Messages of the app shell and the pieces every page shares (see ``ui.messages``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # app shell
    "app.title": ("Bảng điều khiển công tác tuyên giáo", "Propaganda work dashboard"),
    "app.tab_title": ("Tuyên giáo — Bảng điều khiển", "Propaganda work — Dashboard"),
    "app.sample_banner": ("Dữ liệu mẫu mô phỏng — không phải số liệu thực tế",
                          "Simulated sample data — not real figures"),
    "app.freshness": ("Số liệu đến hết tháng {month}", "Data up to the end of {month}"),
    "app.no_data": ("Cơ sở dữ liệu chưa có số liệu. Hãy nhập báo cáo của các đơn vị.",
                    "The database holds no figures yet. Import the units' reports."),
    "app.building_sample": ("Đang tạo cơ sở dữ liệu mẫu lần đầu…", "Building the sample database for the first time…"),
    "app.sample_ready": ("Đã tạo xong cơ sở dữ liệu mẫu.", "The sample database is ready."),
    "app.db_missing": ("Không tìm thấy cơ sở dữ liệu tại {path}. Chạy `python -m data init --db {path}` "
                       "hoặc `python -m data sample --db {path}`.",
                       "No database at {path}. Run `python -m data init --db {path}` or "
                       "`python -m data sample --db {path}`."),
    "app.db_locked": ("Không mở được cơ sở dữ liệu {path}: {error}", "Cannot open the database {path}: {error}"),
    "app.language": ("Ngôn ngữ", "Language"),
    "nav.section.overview": ("Tổng quan", "Overview"),
    "nav.overview": ("Tổng quan", "Overview"),
    "dept.before": ("Ban Tuyên giáo", "Propaganda Department"),
    "dept.after": ("Ban Tuyên giáo và Dân vận", "Propaganda and Mass Mobilisation Department"),
    "nav.section.reference": ("Tra cứu", "Reference"),
    "nav.section.analysis": ("Phân tích", "Analysis"),
    "nav.channels": ("Kênh thông tin", "Channels"),
    "nav.teams": ("Lực lượng", "Teams and members"),
    "nav.activities": ("Hoạt động", "Activities"),
    "nav.contests": ("Cuộc thi", "Contests"),
    "nav.compare": ("So sánh đơn vị", "Compare units"),
    "nav.glossary": ("Từ điển chỉ số", "Metric glossary"),
    "glossary.title": ("Từ điển chỉ số", "Metric glossary"),
    "glossary.intro": (
        "Mỗi chỉ số trên bảng điều khiển được định nghĩa một lần, tại đây. **Số liệu thời điểm** (kênh, "
        "người theo dõi, biệt đội, thành viên) lấy giá trị cuối kỳ của từng kênh/đội rồi cộng lại — không "
        "cộng dồn các tháng. **Số liệu thời kỳ** (bài viết, lượt chia sẻ, người/lượt dự thi) cộng các tháng "
        "trong kỳ. **Tỷ lệ** được tính từ các số đã tổng hợp, không lấy bình quân các tỷ lệ. Người dự thi và "
        "lượt dự thi là hai đại lượng khác nhau, không bao giờ cộng với nhau.",
        "Every metric on the dashboard is defined once, here. **Stocks** (channels, followers, teams, members) "
        "take each channel's/team's value at the end of the period, then add them up — never the sum of months. "
        "**Flows** (posts, shares, contest participants/attempts) sum the months of the period. **Ratios** "
        "divide aggregated totals, never average ratios. Participants and attempts are different measures and "
        "are never added together."),
    "glossary.search": ("Tìm chỉ số", "Search metrics"),
    "glossary.col.label": ("Chỉ số", "Metric"),
    "glossary.col.unit": ("Đơn vị tính", "Unit"),
    "glossary.col.kind": ("Loại", "Kind"),
    "glossary.col.dims": ("Có thể xem theo", "Can be cut by"),
    "glossary.col.description": ("Cách tính", "How it is computed"),
    "glossary.col.key": ("Khóa", "Key"),
    "glossary.none": ("Không có chỉ số nào khớp với “{query}”.", "No metric matches “{query}”."),
    "dim.period": ("kỳ", "period"),
    "dim.unit": ("đơn vị", "unit"),
    "dim.platform": ("loại kênh", "platform"),
    "dim.activity_type": ("loại hoạt động", "activity type"),
    "dim.source_level": ("cấp nguồn link", "link source level"),
    "dim.contest": ("cuộc thi", "contest"),
    "dim.channel": ("kênh", "channel"),
    "dim.team": ("biệt đội", "team"),
    "kind.short.stock": ("Thời điểm", "Stock"),
    "kind.short.flow": ("Thời kỳ", "Flow"),
    "kind.short.ratio": ("Tỷ lệ", "Ratio"),
    # filter bar
    "filter.header": ("Bộ lọc", "Filters"),
    "filter.units": ("Đơn vị", "Units"),
    "filter.units_placeholder": ("Tất cả đơn vị", "All units"),
    "filter.from": ("Từ tháng", "From"),
    "filter.to": ("Đến tháng", "To"),
    "filter.grain": ("Chu kỳ", "Grain"),
    "filter.platforms": ("Loại kênh", "Platforms"),
    "filter.platforms_placeholder": ("Tất cả loại kênh", "All platforms"),
    "filter.compare": ("So sánh với", "Compare with"),
    "filter.boundary": ("Địa giới", "Boundaries"),
    "filter.reset": ("Đặt lại bộ lọc", "Reset filters"),
    "grain.month": ("Tháng", "Month"),
    "grain.quarter": ("Quý", "Quarter"),
    "grain.half": ("6 tháng", "Half-year"),
    "grain.year": ("Năm", "Year"),
    "compare.yoy": ("Cùng kỳ năm trước", "Same period last year"),
    "compare.prev": ("Kỳ trước", "Previous period"),
    "compare.none": ("Không so sánh", "No comparison"),
    "compare.vs.yoy": ("so với cùng kỳ năm trước", "vs the same period last year"),
    "compare.vs.prev": ("so với kỳ trước", "vs the previous period"),
    "boundary.current": ("Địa giới hiện hành (34 đơn vị)", "Current boundaries (34 units)"),
    "boundary.historical": ("Địa giới tại thời điểm báo cáo", "Boundaries at the report date"),
    "boundary.notice_current": (
        "Số liệu trước 01/07/2025 của 63 tỉnh, thành phố cũ được cộng vào 34 đơn vị hành chính hiện hành "
        "(Nghị quyết 202/2025/QH15).",
        "Figures before 01/07/2025 from the 63 former provinces are added into today's 34 units "
        "(Resolution 202/2025/QH15)."),
    "boundary.notice_historical": (
        "Địa giới tại thời điểm báo cáo: trước 01/07/2025 là 63 tỉnh, thành phố cũ, từ 01/07/2025 là 34 đơn "
        "vị. Cùng một mã có thể chỉ đơn vị khác nhau (mã 15: Yên Bái, sau là Lào Cai mới).",
        "Boundaries at the report date: 63 former provinces before 01/07/2025, 34 units after. The same code "
        "can mean different units (15: Yên Bái, then the new Lào Cai)."),
    "boundary.notice_historical_cmp": (
        "Địa giới tại thời điểm báo cáo: kỳ so sánh ({period}) và kỳ này nằm ở hai phía ngày 01/07/2025 (63 tỉnh, "
        "thành phố cũ và 34 đơn vị). Cùng một mã có thể chỉ hai đơn vị khác nhau (mã 15: Yên Bái, sau là Lào Cai "
        "mới): khi địa bàn của mã đã chọn khác nhau giữa hai kỳ, mức thay đổi không được tính.",
        "Boundaries at the report date: the comparison period ({period}) and this one lie on either side of "
        "01/07/2025 (63 former provinces, 34 units). The same code can mean two different units (15: Yên Bái, then "
        "the new Lào Cai): where the chosen code's area differs between the periods, no change is stated."),
    "scope.all": ("Cả nước", "Whole country"),
    "scope.units": ("{n} đơn vị", "{n} units"),
    # URL notices
    "notice.header": ("Một số tham số trên đường dẫn đã được điều chỉnh hoặc bỏ qua:",
                      "Some link parameters were adjusted or ignored:"),
    "notice.param_unknown": ("Tham số “{param}” không có trong địa chỉ của bảng điều khiển; đã bỏ qua.",
                             "“{param}” is not a parameter of the dashboard's links; ignored."),
    "notice.param_unknown_like": ("Tham số “{param}” không có trong địa chỉ của bảng điều khiển; đã bỏ qua — có phải "
                                  "“{like}”?",
                                  "“{param}” is not a parameter of the dashboard's links; ignored — did you mean "
                                  "“{like}”?"),
    "notice.unit_unknown": ("Mã đơn vị “{value}” không tồn tại.", "Unit code “{value}” does not exist."),
    "notice.unit_merged": ("Mã {value} ({old}) đã hợp nhất vào {new_code} ({new}) từ 01/07/2025; đang hiển thị {new}.",
                           "Code {value} ({old}) merged into {new_code} ({new}) on 01/07/2025; showing {new}."),
    "notice.unit_gone": ("Mã {value} ({old}) chỉ có số liệu đến 06/2025: từ 01/07/2025 đơn vị đã hợp nhất vào {new_code} "
                         "({new}) — chọn {new_code} hoặc một kỳ trước 07/2025.",
                         "Code {value} ({old}) has figures only up to 06/2025: from 01/07/2025 the unit is part of "
                         "{new_code} ({new}) — choose {new_code} or a period before 07/2025."),
    "notice.unit_scope": ("Đơn vị “{value}” nằm ngoài phạm vi được xem.", "Unit “{value}” is outside your scope."),
    "notice.month_bad": ("Tham số “{param}={value}” không phải tháng dạng YYYY-MM.",
                         "“{param}={value}” is not a month written YYYY-MM."),
    "notice.month_clamped": ("Tham số “{param}”: tháng {value} nằm ngoài phạm vi số liệu ({first} – {last}); đã "
                             "điều chỉnh.",
                             "“{param}”: month {value} is outside the data ({first} – {last}); adjusted."),
    "notice.range_swapped": ("“Từ tháng” sau “Đến tháng”; đã đổi chỗ.", "“From” was after “To”; swapped."),
    "notice.choice_bad": ("Tham số “{param}={value}” không hợp lệ; dùng “{default}”.",
                          "“{param}={value}” is not valid; using “{default}”."),
    "notice.param_repeated": ("Tham số “{param}” có nhiều giá trị; dùng giá trị đầu tiên “{value}”.",
                              "Parameter “{param}” has several values; using the first, “{value}”."),
    "notice.platform_unknown": ("Loại kênh “{value}” không tồn tại.", "Platform “{value}” does not exist."),
    # overview
    "overview.title": ("Tổng quan", "Overview"),
    "overview.kpis": ("Chỉ số chính", "Key figures"),
    "overview.trend": ("Diễn biến theo thời gian", "Trend over time"),
    "overview.trend_metric": ("Chỉ số", "Metric"),
    "overview.ranking": ("Xếp hạng đơn vị", "Unit ranking"),
    "overview.platform_mix": ("Cơ cấu theo loại kênh", "Platform mix"),
    "overview.map": ("Bản đồ ô lưới 34 đơn vị", "Tile-grid map of the 34 units"),
    "overview.map_metric": ("Tô màu theo", "Colour by"),
    "overview.ranking_metric": ("Xếp hạng theo", "Rank by"),
    "overview.mix_metric": ("Cơ cấu theo", "Mix by"),
    "kpi.vs": ("{vs} ({period}): {value}", "{vs} ({period}): {value}"),
    "kpi.no_compare": ("Chưa có số liệu kỳ so sánh", "No figures for the comparison period"),
    "kpi.not_like_for_like": ("Không tính mức thay đổi: hai kỳ không cùng phạm vi (khác các đơn vị báo cáo đủ hoặc "
                              "khác địa giới)",
                              "No change stated: the two periods differ in scope (units reporting in full, or area)"),
    "kpi.target": ("Chỉ tiêu năm {year}: {target} — đạt {pct}", "Target {year}: {target} — {pct} reached"),
    "kpi.ytd": ("Lũy kế từ đầu năm: {value}", "Year to date: {value}"),
    "kpi.spark": ("{metric} theo từng tháng", "{metric} month by month"),
    "chart.failed": ("Không vẽ được biểu đồ: trình duyệt không tải được thư viện biểu đồ từ máy chủ. Hãy tải lại "
                     "trang; nếu vẫn vậy, báo quản trị viên.",
                     "The chart could not be drawn: the browser could not load the charting library from the "
                     "server. Reload the page; if it persists, tell the administrator."),
    "kpi.incomplete": ("Kỳ chưa đầy đủ: số liệu đến {month}; so sánh cùng số tháng.",
                       "Incomplete period: data up to {month}; compared over the same months."),
    "kind.stock": ("số liệu thời điểm (cuối kỳ)", "stock (end of period)"),
    "kind.flow": ("số liệu cộng dồn trong kỳ", "flow (summed over the period)"),
    "kind.ratio": ("tỷ lệ tính từ số tổng hợp", "ratio of aggregated parts"),
    "chart.current": ("Kỳ này", "This period"),
    "chart.comparison_yoy": ("Cùng kỳ năm trước", "Same period last year"),
    "chart.comparison_prev": ("Kỳ trước", "Previous period"),
    "chart.incomplete_mark": ("(chưa đủ kỳ)", "(incomplete)"),
    "chart.caption": ("{metric} — {units}, {period}; {kind}.", "{metric} — {units}, {period}; {kind}."),
    "kpi.platform_note": ("Bộ lọc loại kênh không áp dụng cho: {metrics}.",
                          "The platform filter does not apply to: {metrics}."),
    "chart.platform_note": ("Bộ lọc loại kênh không áp dụng cho chỉ số này.",
                            "The platform filter does not apply to this metric."),
    "empty.no_data": ("Không có số liệu cho bộ lọc đã chọn. Hãy mở rộng khoảng thời gian, chọn đơn vị khác hoặc bỏ bớt "
                      "loại kênh đã lọc.",
                      "No figures for this selection. Widen the period, choose other units or clear the platform filter."),
    "empty.map_units": ("Bản đồ ô lưới hiển thị 34 đơn vị hiện hành; chọn “Địa giới hiện hành” để xem.",
                        "The tile-grid map shows the 34 current units; choose current boundaries to see it."),
    "axis.period": ("Kỳ", "Period"),
    "axis.unit": ("Đơn vị", "Unit"),
    "axis.platform": ("Loại kênh", "Platform"),
    "map.no_value": ("không có số liệu", "no data"),
    "table.show": ("Xem bảng số liệu", "Show the data table"),
    "drill.path": ("**Đang xem:**", "**Viewing:**"),
    "drill.all": ("Tất cả", "All"),
    "drill.clear": ("Bỏ chọn", "Clear selection"),
    "drill.hint": ("Bấm vào một cột để lọc cả trang theo giá trị đó.",
                   "Click a bar to filter the whole page by it."),
    "notice.drill_bad": ("Bước lọc “{value}” không hợp lệ.", "Drill step “{value}” is not valid."),
}

