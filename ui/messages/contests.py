"""Messages of the Cuộc thi (contests) page (see ``ui.messages``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "contests.title": ("Cuộc thi trực tuyến", "Online contests"),
    "contests.list": ("Danh sách cuộc thi", "Contests"),
    "contests.status_filter": ("Trạng thái", "Status"),
    "contests.status.all": ("Tất cả trạng thái", "Every status"),
    "contests.status.upcoming": ("Sắp diễn ra", "Upcoming"),
    "contests.status.running": ("Đang diễn ra", "Running"),
    "contests.status.ended": ("Đã kết thúc", "Ended"),
    "contests.col.title": ("Tên cuộc thi", "Contest"),
    "contests.col.document": ("Văn bản", "Document"),
    "contests.col.organiser": ("Đơn vị tổ chức", "Organiser"),
    "contests.col.start": ("Bắt đầu", "Start"),
    "contests.col.end": ("Kết thúc", "End"),
    "contests.col.status": ("Trạng thái", "Status"),
    "contests.now_part_of": ("{name} (nay thuộc {new})", "{name} (now part of {new})"),
    "contests.list_caption": (
        "{n} cuộc thi diễn ra trong {period} — {units}; trạng thái tính đến {as_of}.",
        "Contests held in {period} — {units}: {n}; status as of {as_of}."),
    "contests.list_units": ("do đơn vị đã chọn tổ chức hoặc tham gia ({units})",
                            "organised by or with participation from {units}"),
    "contests.list_upcoming": ("Danh sách gồm cả cuộc thi sắp diễn ra (bắt đầu sau {as_of}).",
                               "The list includes upcoming contests (starting after {as_of})."),
    "contests.none": ("Không có cuộc thi nào trong kỳ, đơn vị và trạng thái đã chọn.",
                      "No contest in the chosen period, units and status."),
    "contests.choose": ("Chọn cuộc thi", "Choose a contest"),
    "contests.meta": (
        "**Văn bản:** {document} · **Đơn vị tổ chức:** {organiser} · **Thời gian:** {start} – {end} · "
        "**Trạng thái:** {status}",
        "**Document:** {document} · **Organiser:** {organiser} · **Dates:** {start} – {end} · "
        "**Status:** {status}"),
    "contests.format": ("**Hình thức:** {format}", "**Format:** {format}"),
    "contests.whole": (
        "Số liệu cuộc thi tính trên toàn bộ thời gian cuộc thi ({start} – {end}), không theo kỳ đã chọn ở "
        "bộ lọc; đơn vị tham gia: {units}.",
        "Contest figures cover the whole contest ({start} – {end}), not the period chosen in the filters; "
        "participating units: {units}."),
    "contests.running": ("Cuộc thi đang diễn ra: số liệu đến {date}, chưa đủ toàn bộ cuộc thi.",
                         "The contest is running: figures up to {date}, not yet the whole contest."),
    "contests.upcoming": ("Cuộc thi chưa bắt đầu (bắt đầu {date}); chưa có số liệu tham gia.",
                          "The contest has not started (starts {date}); no participation yet."),
    "contests.kpis": ("Chỉ số cuộc thi", "Contest figures"),
    "contests.units_count": ("Đơn vị tham gia", "Participating units"),
    "contests.units_count_help": ("Số đơn vị cấp tỉnh có người dự thi trong cuộc thi.",
                                  "Provincial units with participants in the contest."),
    "contests.progress": ("Tiến độ so với chỉ tiêu", "Progress to target"),
    "contests.progress_line": ("{metric}: {value} / chỉ tiêu {target} {unit} — đạt {pct}",
                               "{metric}: {value} of the {target} {unit} target — {pct}"),
    "contests.no_target": ("{metric}: cuộc thi không đặt chỉ tiêu.", "{metric}: the contest sets no target."),
    "contests.progress_caption": (
        "Tiến độ tính trên toàn cuộc thi (mọi đơn vị tham gia), so với chỉ tiêu của cuộc thi; người và lượt "
        "so với chỉ tiêu riêng của từng đại lượng.",
        "Progress counts the whole contest (every participating unit) against the contest's targets; "
        "participants and attempts each against their own target."),
    "contests.curves": ("Người và lượt dự thi lũy kế theo tuần", "Cumulative participants and attempts by week"),
    "contests.curve_caption": (
        "Lượt dự thi và người dự thi cộng dồn theo tuần, {start} – {end} — {units}; số liệu cộng dồn (lũy kế). "
        "Hai đại lượng khác nhau, vẽ ở hai khung riêng, không cộng với nhau.",
        "Attempts and participants summed week by week, {start} – {end} — {units}; cumulative flows. "
        "Different measures, drawn in separate panels, never added together."),
    "contests.curve_incomplete": ("Điểm rỗng: tuần cuối có số liệu, cuộc thi chưa kết thúc.",
                                  "Open marker: the last week with figures; the contest has not ended."),
    "contests.axis_cum": ("{label} lũy kế ({unit})", "Cumulative {label} ({unit})"),
    "contests.target_line": ("Chỉ tiêu {value}", "Target {value}"),
    "contests.week": ("Tuần từ {date}", "Week from {date}"),
    "contests.in_week": ("trong tuần", "in the week"),
    "contests.in_period": ("trong kỳ", "in the period"),
    "contests.curves.month": ("Người và lượt dự thi lũy kế theo tháng", "Cumulative participants and attempts by month"),
    "contests.curves.round": ("Người và lượt dự thi lũy kế theo đợt", "Cumulative participants and attempts by round"),
    "contests.curves.whole": ("Người và lượt dự thi của cả cuộc thi", "Participants and attempts of the whole contest"),
    "contests.curves.mixed": ("Người và lượt dự thi lũy kế theo kỳ báo cáo",
                              "Cumulative participants and attempts by reporting period"),
    "contests.curve_caption_periods": (
        "Lượt dự thi và người dự thi cộng dồn theo kỳ các đơn vị báo cáo (tuần, tháng, đợt hoặc cả cuộc thi), {start} – "
        "{end} — {units}; số liệu cộng dồn (lũy kế). Hai đại lượng khác nhau, vẽ ở hai khung riêng, không cộng với "
        "nhau.",
        "Attempts and participants summed period by period as the units report them (weeks, months, rounds or the "
        "whole contest), {start} – {end} — {units}; cumulative flows. Different measures, drawn in separate panels, "
        "never added together."),
    "contests.unpublished": ("{metric}: chưa công bố (không tính là 0).", "{metric}: not published (not counted as 0)."),
    "contests.data_until": (
        "Số liệu đến ngày {date}, trước ngày kết thúc cuộc thi ({end}): chưa phải số liệu cuối cùng.",
        "Figures up to {date}, before the contest's end ({end}): not the final figures."),
    "contests.status_until": ("{status} (số liệu đến {date})", "{status} (figures up to {date})"),
    "contests.outside": ("Ngoài các tỉnh, thành phố (tính trong tổng cuộc thi, không có trên bản đồ và bảng xếp hạng): "
                         "{items}.",
                         "Outside the provinces (counted in the contest's total, not on the map or the ranking): "
                         "{items}."),
    "contests.col.period": ("Kỳ", "Period"),
    "contests.col.from": ("Từ ngày", "From"),
    "contests.col.to": ("Đến ngày", "To"),
    "contests.by_unit": ("Tham gia theo đơn vị", "Participation by unit"),
    "contests.rank_by": ("Xếp hạng và tô màu theo", "Rank and colour by"),
    "contests.ranking": ("Xếp hạng đơn vị", "Unit ranking"),
    "contests.map": ("Bản đồ ô lưới 34 đơn vị", "Tile-grid map of the 34 units"),
    "contests.unit_caption": (
        "{metric} theo đơn vị — cuộc thi “{title}”, toàn bộ thời gian cuộc thi; {kind}.",
        "{metric} by unit — contest “{title}”, the whole contest; {kind}."),
    "contests.table": ("Bảng tham gia theo đơn vị", "Participation by unit (table)"),
    "contests.col.unit": ("Đơn vị", "Unit"),
    "contests.col.target": ("Chỉ tiêu", "Target"),
    "contests.map_absent": ("Ô “—”: đơn vị không tham gia cuộc thi (không có số liệu tham gia).",
                            "A “—” tile: the unit did not take part in the contest (no participation figures)."),
    "contests.col.share": ("Tỷ lệ đạt", "Share achieved"),
    "contests.col.week": ("Tuần từ ngày", "Week starting"),
    "contests.units_unit": ("đơn vị", "units"),
    "contests.table_caption": ("Người và lượt dự thi theo đơn vị, toàn bộ cuộc thi «{title}».",
                               "Participants and attempts by unit over the whole contest “{title}”."),
}
