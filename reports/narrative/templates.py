"""The Vietnamese words of the drafted period report: how each metric is said, headings, prompts, fixed lines.

Only words live here — no number is ever typed into a template. Placeholders are filled by
``reports.narrative.rules`` with numbers formatted from metric-layer results (``{value}``) and with words
(``{subject}``, ``{period}``). The document is Vietnamese only: it is a party document.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    """How a metric is said in a sentence.

    Stocks are stated at the end of the period ("Đến hết {period}, {subject} có {value} {noun}"), flows as
    what was done in it ("Trong {period}, {subject} đã {verb} {value} {noun}"). ``subject`` replaces the
    report's subject ("tỉnh Sơn La") when the metric belongs to something else ("các kênh"); ``change_unit``
    is the unit a change is counted in ("tăng 812 người")."""

    noun: str
    verb: str = ""
    subject: str = ""
    change_unit: str = ""


WORDING: dict[str, Wording] = {
    "channels": Wording("kênh, trang, nhóm đang hoạt động", change_unit="kênh"),
    "followers": Wording("người theo dõi", subject="các kênh", change_unit="người"),
    "followers_per_channel": Wording("người theo dõi mỗi kênh", subject="bình quân"),
    "channel_posts": Wording("tin bài", verb="đăng", subject="các kênh", change_unit="tin bài"),
    "interactions": Wording("lượt xem, tương tác", verb="thu hút", subject="các kênh", change_unit="lượt"),
    "teams": Wording("biệt đội, tổ thông tin đang hoạt động", change_unit="đội"),
    "members": Wording("thành viên", subject="các biệt đội, tổ thông tin", change_unit="người"),
    "members_per_team": Wording("thành viên mỗi đội", subject="bình quân"),
    "posts": Wording("bài viết mới", verb="đăng", change_unit="bài"),
    "link_shares": Wording("lượt chia sẻ đường link được gửi", verb="thực hiện", change_unit="lượt"),
    "guided_comments": Wording("bình luận định hướng", verb="đăng", change_unit="bình luận"),
    "violation_reports": Wording("báo cáo nội dung vi phạm tới các nền tảng", verb="gửi", change_unit="báo cáo"),
    "livestreams": Wording("livestream, video", verb="thực hiện", change_unit="video"),
    "activity_reach": Wording("lượt tiếp cận (ở các hoạt động có báo cáo tiếp cận)", verb="đạt",
                              subject="các hoạt động", change_unit="lượt"),
    "contest_nguoi": Wording("người dự thi", verb="thu hút", subject="các cuộc thi trực tuyến",
                             change_unit="người"),
    "contest_luot": Wording("lượt dự thi", verb="ghi nhận", subject="các cuộc thi trực tuyến", change_unit="lượt"),
    "luot_per_nguoi": Wording("lượt dự thi mỗi người", subject="bình quân"),
}

# ---- fixed phrases ---------------------------------------------------------------------------------------

STOCK_LEAD = "Đến hết {period}, {subject} có {value} {noun}"
FLOW_LEAD = "Trong {period}, {subject} đã {verb} {value} {noun}"
STOCK_NEXT = "{subject} có {value} {noun}"                       # later sentences of the same paragraph
FLOW_NEXT = "{subject} đã {verb} {value} {noun} trong kỳ"
FLOW_NONE = "Trong {period}, {subject} chưa có {noun}"
STOCK_NONE = "Đến hết {period}, {subject} chưa có {noun}"
RATIO = "Bình quân {value} {noun}"

UP, DOWN, SAME = "tăng", "giảm", "giữ nguyên"
VS = {"yoy": "so với cùng kỳ năm trước", "prev": "so với {label}"}
# a comparison period that is a run of months has no name: "so với 9 tháng liền trước (từ tháng 4/2024 đến …)"
VS_RUN = "so với {n} tháng liền trước ({label})"
# a figure published with a qualifier (``ui.format.QUALIFIER_MARKS``) says it in words before the number
QUALIFIER_WORD = {"~": "khoảng", ">": "hơn", "<": "dưới"}
# a number rounded for prose ("3,4 triệu") says which side of the value it fell on
ROUNDED_DOWN, ROUNDED_UP = "hơn", "gần"

TARGET_OVER = "vượt chỉ tiêu năm {year} ({target} {unit}), đạt {share}"
TARGET_MET = "đạt {share} chỉ tiêu năm {year} ({target} {unit})"
TARGET_UNDER = "chưa đạt chỉ tiêu năm {year} ({target} {unit}), mới đạt {share}"
TARGET_RUNNING = "đạt {share} chỉ tiêu năm {year} ({target} {unit})"
TARGET_ON_PACE = "đạt {share} chỉ tiêu năm {year} ({target} {unit}), đúng tiến độ"
TARGET_PARTIAL = ("đạt ít nhất {share} chỉ tiêu năm {year} ({target} {unit}); chưa đủ báo cáo các tháng để đánh giá "
                  "tiến độ")
TARGET_BEHIND = "mới đạt {share} chỉ tiêu năm {year} ({target} {unit}), chậm tiến độ (cần đạt {expected} đến hết tháng {month})"
YTD_LEAD = "lũy kế từ đầu năm đạt {value} {unit}"

LEADING = "Dẫn đầu về {what} là {units}"
LAGGING = "thấp nhất là {units}"
HIGHEST_LOWEST = "Về {what}, cao nhất là {top}, thấp nhất là {bottom}"

FASTEST = "Loại kênh tăng nhanh nhất về {what} là {platform} ({value} {unit}, tăng {pct} {vs})"
BREAKDOWN = "trong đó: {parts}"

MOVEMENT = "Trong kỳ có {new} {noun_new} và {closed} {noun_closed}"
MOVEMENT_NEW_ONLY = "Trong kỳ có {new} {noun_new}, không có {noun_closed}"
MOVEMENT_CLOSED_ONLY = "Trong kỳ không có {noun_new}, có {closed} {noun_closed}"
MOVEMENT_NONE = "Trong kỳ không có {noun_new} hay {noun_closed}"

CONTESTS_RAN = "Trong kỳ có {n} cuộc thi trực tuyến có người dự thi{where}"
CONTESTS_FROM = " từ {subject}"
CONTESTS_TOP = ", trong đó {n} cuộc thi có nhiều lượt dự thi nhất"
CONTEST_LINE = "“{title}”{organiser}: {nguoi} người dự thi, {luot} lượt dự thi"
CONTEST_LINE_LUOT = "“{title}”{organiser}: {luot} lượt dự thi"
NGUOI_LUOT_NOTE = ("Người dự thi và lượt dự thi là hai số đo khác nhau (mỗi người có thể dự thi nhiều lượt), "
                   "được thống kê riêng, không cộng với nhau.")

# the monthly report families the intro checks (queries.catalogue.REPORTS; contest participation is expected only
# from a contest's participants, so it has no "not sent" month of its own)
FAMILY_WORD = {"activities": "hoạt động", "channels": "kênh", "teams": "biệt đội"}
REPORT_FAMILIES = tuple(FAMILY_WORD)
REPORTED_ALL = "{n}/{n} đơn vị đã gửi đủ số liệu các tháng trong kỳ"
REPORTED_SOME = "{missing}/{n} đơn vị chưa gửi đủ số liệu các tháng trong kỳ: {list}; các số liệu dưới đây chưa tính phần còn thiếu"
REPORTED_ONE = "{unit} chưa gửi {what}"
REPORTED_GAP = "số liệu {families}{months}"          # "số liệu tháng 5/2025", "số liệu kênh, biệt đội tháng 6/2025"
REPORTED_ONE_TAIL = "; các số liệu dưới đây chưa tính {these}"
INCOMPLETE = "Số liệu tính đến hết tháng {month} (kỳ báo cáo chưa kết thúc); so sánh với cùng số tháng của kỳ trước."
PLATFORM_NOTE = "Số liệu về kênh và hoạt động chỉ tính các loại kênh: {platforms}."
BOUNDARY_NOTE = {
    "current": "Số liệu tính theo địa giới hành chính hiện hành (số liệu trước 01/07/2025 của các tỉnh đã "
               "hợp nhất được cộng vào đơn vị mới).",
    "historical": "Số liệu tính theo địa giới hành chính tại thời điểm báo cáo.",
}
# historical boundaries with a period or a comparison on both sides of 01/07/2025: a unit changed in between
HISTORICAL_ACROSS_MERGER = ("Kỳ báo cáo hoặc kỳ so sánh có thời gian cả trước và sau ngày 01/07/2025, khi các tỉnh, "
                            "thành phố được sắp xếp, hợp nhất: theo địa giới tại thời điểm báo cáo, mức tăng, giảm của "
                            "đơn vị có địa giới thay đổi không được nêu vì hai kỳ không cùng địa bàn.")

# ---- coordination programmes (I.5 and the programme report) -----------------------------------------------

PROG_LEAD = "{name}{signed} gồm {n} nhiệm vụ trọng tâm"
PROG_THIS = "Chương trình"
PROG_SIGNED = " (ký kết ngày {date}{where})"
PROG_SIGNED_PLACE = " tại {place}"
PROG_COUNTS = "Kết quả {period}: {parties}"
PROG_STATUS_WORD = {"exceeded": "vượt", "met": "đạt", "missed": "chưa đạt", "on_pace": "đúng tiến độ",
                    "behind": "chậm tiến độ", "partial": "chưa đủ báo cáo các tháng để đánh giá",
                    "running": "đang thực hiện", "unknown": "chưa báo cáo kết quả"}
PROG_REPORTED_NOTE = ("Riêng các chỉ số do các bên tự báo cáo, kết quả là số liệu báo cáo gần nhất của năm {year} "
                      "(có thể tính đến sau tháng {month})")
PROG_REPORTED_LATER_NOTE = ("Riêng các chỉ số do các bên tự báo cáo, kết quả là số liệu báo cáo của năm {year}, có thể "
                            "tính đến sau tháng {month}, nên không được đánh giá theo kỳ này và không tính vào các số "
                            "trên")
PROG_TASK = "Nhiệm vụ {seq}: {title}"
PROG_TASK_EMPTY = "Chưa có chỉ tiêu và kết quả {period} của nhiệm vụ này trên hệ thống"
PROG_INDICATOR = "Chỉ số “{name}”{unit}: {parties}"
PROG_OVER = "{party} đạt {actual} (vượt {over} so với chỉ tiêu {target})"
PROG_OVER_SLIGHTLY = "{party} đạt {actual} (vượt chỉ tiêu {target})"
PROG_MET = "{party} đạt {actual} (đạt chỉ tiêu {target})"
PROG_MISSED = "{party} đạt {actual} (chưa đạt chỉ tiêu {target}, bằng {share})"
PROG_NONE_MISSED = "{party} chưa có kết quả (chưa đạt chỉ tiêu {target})"
PROG_PACE = "{party} đạt {actual} (bằng {share} chỉ tiêu năm {target}, {pace})"
PROG_NONE_RUNNING = "{party} chưa có kết quả (chỉ tiêu năm {target}, {pace})"
PROG_ON_PACE = "đúng tiến độ"
PROG_BEHIND = "chậm tiến độ"
PROG_BEHIND_NEED = ", cần đạt {need} đến hết tháng {month}"
PROG_RUNNING = "đang thực hiện"
# a party that did not send every month: its sum is a lower bound, no shortfall is stated
PROG_PARTIAL = "{party} đạt ít nhất {actual} (bằng {share} chỉ tiêu {target}; chưa đủ báo cáo các tháng để đánh giá)"
PROG_UNKNOWN = "{party} chưa báo cáo kết quả (chỉ tiêu {target})"
PROG_ACTUAL_ONLY = "{party} đạt {actual}"
# a party's own undated figure in a report on part of the year: stated with its year, not judged
PROG_REPORTED_YEAR = "{party} báo cáo đạt {actual} trong năm {year} (chỉ tiêu năm {target}; số liệu tự báo cáo, chưa đánh giá theo kỳ này)"
PROG_CONF_DEFAULT = "Hội nghị đánh giá kết quả thực hiện chương trình năm {year}"
PROG_CONF_HELD = "Ngày {date}, tại {place}, {who} đã tổ chức {title}"
PROG_CONF_PLANNED = "{title} dự kiến tổ chức ngày {date} tại {place}"

PROG_INTRO = "Thực hiện {name}{signed}, {issuer} báo cáo kết quả thực hiện chương trình {period} như sau:"
PROG_FIGURES_NOTE = ("Kết quả của các chỉ số gắn với hệ thống chỉ số (bài viết, lượt chia sẻ, lượt dự thi, thành "
                     "viên biệt đội…) được tính từ số liệu các đơn vị gửi về bảng điều khiển, cho đơn vị và năm của chỉ "
                     "tiêu; kết quả các chỉ số khác theo báo cáo của các bên.")
PROG_RUNNING_NOTE = "Số liệu tính đến hết tháng {month} (năm chưa kết thúc); tiến độ được đánh giá theo số tháng đã qua."
PROG_PART_RESULTS = "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TRỌNG TÂM"
PROG_PART_NEXT = "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year}"
PROG_CONF_HEADING = "Về tổ chức hội nghị đánh giá"
PROG_PROMPT_LIMITS = ("[Cán bộ soạn thảo ghi những hạn chế trong thực hiện chương trình (các chỉ tiêu chưa đạt, chậm "
                      "tiến độ, chưa báo cáo kết quả) và nguyên nhân.]")
PROG_APPENDIX = "Kết quả thực hiện các chỉ tiêu của chương trình, {period}"
PROG_APPENDIX_NOTE = "NV: nhiệm vụ trọng tâm — {tasks}."

# ---- the document's fixed text ---------------------------------------------------------------------------

TOPIC = "công tác thông tin, tuyên truyền trên không gian mạng"
KIND_WORD = {"year": "tổng kết", "half": "sơ kết", "other": "kết quả"}
INTRO = ("Thực hiện chế độ báo cáo định kỳ, {issuer} báo cáo {kind} {topic} {period}{where} như sau:")
WHERE_ALL = " trên phạm vi cả nước"
WHERE_UNITS = " của {units}"

PART_RESULTS = "KẾT QUẢ ĐẠT ĐƯỢC"
PART_LIMITS = "HẠN CHẾ, NGUYÊN NHÂN"
PART_NEXT = "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"

HEADINGS = {
    "channels": "Về kênh thông tin",
    "teams": "Về lực lượng biệt đội, tổ thông tin",
    "activities": "Về hoạt động tuyên truyền, chia sẻ",
    "contests": "Về cuộc thi trực tuyến",
    "programmes": "Về thực hiện chương trình phối hợp",
}

PROMPTS = {
    "limits": "[Cán bộ soạn thảo ghi những hạn chế, khó khăn trong kỳ và nguyên nhân (chủ quan, khách quan), "
              "căn cứ số liệu ở phần I và các phụ lục.]",
    "next": "[Cán bộ soạn thảo ghi phương hướng, nhiệm vụ trọng tâm thời gian tới và các đề xuất, kiến nghị.]",
    "programmes": "[Cán bộ soạn thảo ghi kết quả thực hiện các nhiệm vụ trọng tâm của chương trình phối hợp "
                  "(chỉ tiêu, mức độ hoàn thành: vượt, đạt, chưa đạt) và hội nghị đánh giá.]",
    "empty": "[Không có số liệu về nội dung này trong kỳ; cán bộ soạn thảo bổ sung nếu có.]",
}

RECIPIENTS = {
    "province": ["- Ban Tuyên giáo và Dân vận Trung ương,", "- Thường trực {committee},", "- Lưu Văn phòng Ban."],
    "province_before": ["- Ban Tuyên giáo Trung ương,", "- Thường trực {committee},", "- Lưu Văn phòng Ban."],
    "central": ["- Ban Bí thư,", "- Các tỉnh ủy, thành ủy,", "- Lưu Văn phòng Ban."],
}
SIGNATURE = ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
SIGNER = ""               # the signer's name is written by the department

APPENDIX_REF = "(Kèm theo Báo cáo số      -BC/{symbol} ngày      tháng      năm {year} của {issuer})"
APPENDIX_KPI = "Số liệu chủ yếu {period}"
APPENDIX_UNITS = "Số liệu chủ yếu theo đơn vị, {period}"
APPENDIX_PLATFORMS = "Kênh thông tin và bài viết theo loại kênh, {period}"
APPENDIX_SERIES = "Diễn biến theo {grain}, {period}"
APPENDIX_QUOTES = "Đối chiếu các số liệu trích dẫn trong báo cáo"
QUOTES_NOTE = ("Mỗi số liệu trong phần nội dung báo cáo được lấy từ hệ thống chỉ số của bảng điều khiển; "
               "cột “Giá trị” ghi giá trị đầy đủ để đối chiếu.")
GRAIN_WORD = {"month": "tháng", "quarter": "quý", "half": "6 tháng", "year": "năm"}


# a unit's name as prose writes it: the city named after the President is never written as his name alone
PROSE_NAMES = {"Hồ Chí Minh": "Thành phố Hồ Chí Minh"}


def prose_unit(name: str) -> str:
    """'Thành phố Hồ Chí Minh' for 'Hồ Chí Minh' (also 'Hồ Chí Minh (trước 07/2025)'); other names as they are."""
    for short, full in PROSE_NAMES.items():
        if name == short or name.startswith(short + " ("):
            return full + name[len(short):]
    return name
