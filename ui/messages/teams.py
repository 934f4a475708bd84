"""Messages of the Lực lượng page (teams and members), see ``ui.messages``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "teams.title": ("Lực lượng", "Teams and members"),
    "teams.kpis": ("Biệt đội và thành viên", "Teams and members"),
    "teams.trend": ("Diễn biến theo thời gian", "Over time"),
    "teams.trend_metric": ("Chỉ số", "Metric"),
    "teams.trend_by_unit": ("Mỗi đường là một đơn vị đã chọn.", "One line per selected unit."),
    "teams.ranking": ("Thành viên bình quân mỗi đội theo đơn vị", "Members per team by unit"),
    "teams.ranking_axis": ("Thành viên mỗi đội — trục không bắt đầu từ 0",
                           "Members per team — the axis does not start at 0"),
    "teams.ranking_hover": ("{members} thành viên / {teams} đội", "members {members} / teams {teams}"),
    "teams.flows": ("Biệt đội thành lập mới và giải thể", "New and disbanded teams"),
    "teams.flows_caption": (
        "Biệt đội thành lập mới và giải thể — {units}, {period}; {kind}.",
        "New and disbanded teams — {units}, {period}; {kind}."),
    "teams.table": ("Danh sách biệt đội", "Teams"),
    "teams.search": ("Tìm theo tên biệt đội hoặc đơn vị", "Search by team or unit name"),
    "teams.search_placeholder": ("Ví dụ: Cựu chiến binh", "e.g. Cựu chiến binh"),
    "teams.col.unit": ("Đơn vị", "Unit"),
    "teams.col.name": ("Tên biệt đội", "Team"),
    "teams.col.founded": ("Ngày thành lập", "Founded"),
    "teams.col.members": ("Thành viên cuối kỳ", "Members at period end"),
    "teams.col.change": ("Thay đổi {vs}", "Change {vs}"),
    "teams.new_team": ("mới thành lập", "newly founded"),
    "teams.table_caption": (
        "Thành viên cuối kỳ của từng biệt đội đang hoạt động — {units}, {period}; {kind}.",
        "Members at period end of each active team — {units}, {period}; {kind}."),
    "teams.table_count": ("{n} biệt đội đang hoạt động vào cuối kỳ.", "Teams active at the end of the period: {n}."),
    "teams.table_count_period": ("{n} biệt đội hoạt động trong kỳ.", "Teams active during the period: {n}."),
    "teams.table_matches": ("{n} biệt đội khớp với “{query}”.", "Teams matching “{query}”: {n}."),
    "teams.table_limited": (
        "Hiển thị {first}–{last} trên {total} biệt đội, nhiều thành viên nhất trước. Chọn trang bên dưới, tìm "
        "theo tên hoặc bấm vào một đơn vị trên biểu đồ xếp hạng để thu hẹp.",
        "Showing {first}–{last} of {total} teams, largest first. Choose a page below, search by name or click a "
        "unit in the ranking to narrow the list."),
    "teams.table_none": ("Không có biệt đội nào khớp với “{query}”.", "No team matches “{query}”."),
    "teams.drill_hint": ("Bấm vào một đơn vị để xem các biệt đội của đơn vị đó.",
                         "Click a unit to see its teams."),
}
