"""The metric catalogue: every metric declared once, by key.

Each entry says what a number is: its Vietnamese and English label, its unit of count, its kind
(stock, flow or ratio of two metrics), its source, the aggregate it takes, the dimensions it can be cut
by and its number format. Pages and exports refer to metrics by key only. The catalogue doubles as the
data dictionary of metrics (``docs/data-dictionary.md`` is generated from it, see ``describe()``).

The SQL fragments here are trusted text written by developers, never built from user input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STOCK, FLOW, RATIO = "stock", "flow", "ratio"


@dataclass(frozen=True)
class Source:
    """Where facts come from and how a period's value is formed from months.

    mode:
      - 'flow'     sum over the months of the period (openings and closings of channels and teams are
                   flows too: their rows are keyed by the month of the opening/closing date);
      - 'snapshot' per entity the last monthly snapshot inside the period, among entities still
                   active at the end of the period, then summed across entities;
      - 'active'   entities active on the last day of the period (opened/founded on or before it and
                   not closed/disbanded by it);
    dims maps each dimension the source can be cut by to its SQL column in the source's row set.
    """

    key: str
    mode: str
    dims: dict[str, str]
    entity: str | None = None          # entity id column (snapshot/active/opened/closed)
    report: str = ""                   # the report family whose rows say a unit reported (see REPORTS)
    # a pre-aggregated equivalent (sql.ROLLUP_ROWS[key]) read with BUCKET_JOIN[rollup_mode]; it has no entity
    # dimension, so a query cut or filtered by channel or team reads the raw rows
    rollup_mode: str | None = None

    @property
    def rollup_dims(self) -> tuple[str, ...]:
        return tuple(d for d in self.dims if d not in ("channel", "team")) if self.rollup_mode else ()


SOURCES: dict[str, Source] = {
    s.key: s
    for s in [
        Source("activities", "flow",
               {"platform": "platform_key", "activity_type": "activity_key", "source_level": "source_level"},
               report="activities", rollup_mode="flow"),
        Source("channel_snapshots", "snapshot", {"platform": "platform_key", "channel": "entity_id"},
               entity="entity_id", report="channels", rollup_mode="snapshot_rollup"),
        Source("channel_flows", "flow", {"platform": "platform_key", "channel": "entity_id"}, report="channels",
               rollup_mode="flow"),
        Source("channels_active", "active", {"platform": "platform_key", "channel": "entity_id"},
               entity="entity_id", report="channel_register", rollup_mode="active_rollup"),
        Source("channels_opened", "flow", {"platform": "platform_key", "channel": "entity_id"},
               entity="entity_id", report="channel_register", rollup_mode="flow"),
        Source("channels_closed", "flow", {"platform": "platform_key", "channel": "entity_id"},
               entity="entity_id", report="channel_register", rollup_mode="flow"),
        Source("team_snapshots", "snapshot", {"team": "entity_id"}, entity="entity_id", report="teams",
               rollup_mode="snapshot_rollup"),
        Source("teams_active", "active", {"team": "entity_id"}, entity="entity_id", report="team_register",
               rollup_mode="active_rollup"),
        Source("teams_opened", "flow", {"team": "entity_id"}, entity="entity_id", report="team_register",
               rollup_mode="flow"),
        Source("teams_closed", "flow", {"team": "entity_id"}, entity="entity_id", report="team_register",
               rollup_mode="flow"),
        Source("contest_participation", "flow", {"contest": "contest_id"}, report="contests"),
    ]
}

# Report families (DESIGN §3 "Unknown is not zero"): a unit has reported a monthly family for a month when
# it sent at least one row of that report for the month; a register family (the list of channels or teams
# with their opening and closing dates) is known for every month once the unit has sent its register. A
# value of a unit and period with no report of its family is unknown ("—", chưa báo cáo), never 0; a missing
# row of a unit that did report is 0. Contest participation is unreported only for a participant of a contest
# that has figures for the month from other units and none from it. Stocks take each entity's last snapshot inside the period, with no
# carry-forward from earlier periods: a unit whose entities sent no snapshot in the period is unknown.
REPORTS = {
    "activities": ("Hoạt động tuyên truyền (báo cáo tháng)", "Activities (monthly report)"),
    "channels": ("Số liệu kênh (báo cáo tháng)", "Channel figures (monthly report)"),
    "channel_register": ("Danh sách kênh", "Channel register"),
    "teams": ("Số liệu biệt đội (báo cáo tháng)", "Team figures (monthly report)"),
    "team_register": ("Danh sách biệt đội", "Team register"),
    "contests": ("Tham gia cuộc thi", "Contest participation"),
}
MONTHLY_REPORTS = ("activities", "channels", "teams", "contests")
# A monthly report is due by this day of the following month (09/2024 by 10/10/2024); one received later
# (its first import batch committed after that day) is "báo cáo muộn".
REPORT_DUE_DAY = 10

# Every source can be cut by unit and period; these are added to each source's own dimensions.
COMMON_DIMS = ("period", "unit")


@dataclass(frozen=True)
class Metric:
    key: str
    label_vi: str
    label_en: str
    unit_vi: str
    unit_en: str
    kind: str                      # STOCK | FLOW | RATIO
    fmt: str                       # 'int' | 'dec1' | 'dec2' | 'pct'
    description_vi: str
    description_en: str = ""
    source: str | None = None
    expr: str | None = None        # SQL aggregate over the source's rows
    numerator: str | None = None   # ratios: metric keys, divided after aggregation
    denominator: str | None = None
    tags: tuple[str, ...] = field(default=())
    higher_is_better: bool = True   # False: a rise is shown as bad (e.g. channels closed, teams disbanded)
    # a figure units publish with a qualifier: the source column whose qualifier is in <column>_q ('~' gần đúng,
    # '>' hơn, '<' dưới); the result carries m_q, m_cmp_q, m_ytd_q (see QUALIFIED_SUMS)
    published: str | None = None
    # a measure every row of its source may give: a sum over rows some of which lack it is a lower bound ('>'), and
    # a ratio using it is unknown (see QUALIFIED_SUMS)
    partial: bool = False

    @property
    def dims(self) -> tuple[str, ...]:
        """Dimensions this metric can be cut by (a ratio: those both parts share)."""
        if self.kind == RATIO:
            a, b = METRICS[self.numerator].dims, METRICS[self.denominator].dims
            return tuple(d for d in a if d in b)
        return COMMON_DIMS + tuple(SOURCES[self.source].dims)

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if lang == "vi" else self.label_en

    def unit(self, lang: str = "vi") -> str:
        return self.unit_vi if lang == "vi" else self.unit_en

    def description(self, lang: str = "vi") -> str:
        return self.description_vi if lang == "vi" else self.description_en


def _act(key: str) -> str:
    # no matching row inside a group means none of that activity (0), not an unknown value
    return f"coalesce(sum(quantity) filter (where activity_key = '{key}'), 0)"


_METRIC_LIST = [
    # --- channels ------------------------------------------------------------------------------
    Metric("channels", "Kênh đang hoạt động", "Active channels", "kênh", "channels",
           STOCK, "int", "Số kênh (trang web, fanpage, nhóm, YouTube, Zalo, TikTok…) đang hoạt động vào ngày "
           "cuối kỳ: đã mở trước hoặc trong ngày đó và chưa đóng.",
           description_en="Channels (websites, fanpages, groups, YouTube, Zalo, TikTok…) active on the period's last day: "
                          "opened on or before it and not closed.",
           source="channels_active", expr="sum(n)", tags=("kpi", "channels")),
    Metric("channels_new", "Kênh mở mới", "New channels", "kênh", "channels", FLOW, "int",
           "Số kênh có ngày mở nằm trong kỳ.",
           description_en="Channels whose opening date falls within the period.",
           source="channels_opened", expr="sum(n)", tags=("channels",)),
    Metric("channels_closed", "Kênh ngừng hoạt động", "Closed channels", "kênh", "channels", FLOW, "int",
           "Số kênh có ngày ngừng hoạt động nằm trong kỳ.",
           description_en="Channels whose closing date falls within the period.",
           source="channels_closed", expr="sum(n)",
           tags=("channels",), higher_is_better=False),
    Metric("followers", "Người theo dõi", "Followers", "người", "followers", STOCK, "int",
           "Tổng người theo dõi (thành viên với nhóm) của các kênh đang hoạt động, lấy số liệu tháng cuối "
           "cùng có báo cáo trong kỳ của từng kênh.",
           description_en="Followers (members, for groups) of the active channels, each channel's figure taken from its last "
                          "reported month within the period.",
           source="channel_snapshots", expr="sum(followers)", tags=("kpi", "channels")),
    Metric("channel_posts", "Tin bài đăng trên kênh", "Posts on channels", "bài", "posts", FLOW, "int",
           "Tổng số tin bài các kênh đăng trong các tháng của kỳ.",
           description_en="Posts the channels published in the months of the period.",
           source="channel_flows", expr="sum(posts)", tags=("channels",)),
    Metric("interactions", "Lượt xem, tương tác", "Views and interactions", "lượt", "interactions", FLOW,
           "int", "Tổng lượt xem/tương tác trên các kênh trong các tháng của kỳ.",
           description_en="Views and interactions on the channels in the months of the period.",
           source="channel_flows", expr="sum(interactions)", tags=("channels",)),
    # --- teams ---------------------------------------------------------------------------------
    Metric("teams", "Biệt đội, tổ thông tin", "Information teams", "đội", "teams", STOCK, "int",
           "Số biệt đội/tổ đang hoạt động vào ngày cuối kỳ.",
           description_en="Information teams active on the period's last day.",
           source="teams_active", expr="sum(n)", tags=("kpi", "teams")),
    Metric("teams_new", "Biệt đội thành lập mới", "New teams", "đội", "teams", FLOW, "int",
           "Số biệt đội/tổ có ngày thành lập nằm trong kỳ.",
           description_en="Information teams founded within the period.",
           source="teams_opened", expr="sum(n)",
           tags=("teams",)),
    Metric("teams_closed", "Biệt đội giải thể", "Disbanded teams", "đội", "teams", FLOW, "int",
           "Số biệt đội/tổ giải thể trong kỳ.",
           description_en="Information teams disbanded within the period.",
           source="teams_closed", expr="sum(n)", tags=("teams",),
           higher_is_better=False),
    Metric("members", "Thành viên biệt đội", "Team members", "người", "members", STOCK, "int",
           "Tổng thành viên của các biệt đội đang hoạt động, lấy số liệu tháng cuối cùng có báo cáo trong "
           "kỳ của từng đội (không cộng dồn các tháng).",
           description_en="Members of the active teams, each team's figure taken from its last reported month within the period"
                          " (months are never added up).",
           source="team_snapshots", expr="sum(members)", tags=("kpi", "teams")),
    # --- activities ----------------------------------------------------------------------------
    Metric("posts", "Bài viết đăng mới", "New posts", "bài", "posts", FLOW, "int",
           "Tổng số bài viết đăng mới trong các tháng của kỳ.",
           description_en="New posts published in the months of the period.",
           source="activities", expr=_act("bai_viet"), tags=("kpi", "activities")),
    Metric("link_shares", "Lượt chia sẻ đường link", "Link shares", "lượt", "shares", FLOW, "int",
           "Tổng lượt chia sẻ đường link được gửi (từ Trung ương, tỉnh, cơ sở) trong kỳ.",
           description_en="Shares of links sent down (from central, provincial and local level) in the period.",
           source="activities", expr=_act("chia_se_link"), tags=("kpi", "activities")),
    Metric("guided_comments", "Bình luận định hướng", "Guided comments", "bình luận", "comments", FLOW,
           "int", "Tổng số bình luận định hướng trong kỳ.",
           description_en="Guided comments in the period.",
           source="activities", expr=_act("binh_luan"), tags=("activities",)),
    Metric("violation_reports", "Báo cáo nội dung vi phạm", "Violation reports", "báo cáo", "reports",
           FLOW, "int", "Tổng số lần báo cáo nội dung vi phạm tới nền tảng trong kỳ.",
           description_en="Reports of violating content sent to platforms in the period.",
           source="activities", expr=_act("bao_cao_vi_pham"), tags=("activities",)),
    Metric("livestreams", "Livestream, video", "Livestreams and videos", "video", "videos", FLOW, "int",
           "Tổng số livestream/video thực hiện trong kỳ.",
           description_en="Livestreams and videos made in the period.",
           source="activities", expr=_act("livestream_video"), tags=("activities",)),
    Metric("activity_reach", "Lượt tiếp cận", "Reach", "lượt", "reach", FLOW, "int",
           "Tổng lượt tiếp cận của các hoạt động có báo cáo tiếp cận trong kỳ.",
           description_en="Reach of the activities that reported their reach in the period.",
           source="activities", expr="sum(reach)", tags=("activities",)),
    # --- contests ------------------------------------------------------------------------------
    Metric("contest_nguoi", "Người dự thi", "Participants", "người", "participants", FLOW, "int",
           "Số người dự thi (mỗi người tính một lần trong mỗi cuộc thi, vào kỳ đầu tiên tham gia). "
           "Không cộng với lượt dự thi.",
           description_en="Participants (each person counted once per contest, in the first period they took part). Never added"
                          " to attempts.",
           source="contest_participation", expr="sum(nguoi)", tags=("kpi", "contests"), published="nguoi",
           partial=True),
    Metric("contest_luot", "Lượt dự thi", "Attempts", "lượt", "attempts", FLOW, "int",
           "Số lượt dự thi (một người có thể thi nhiều lượt). Không cộng với người dự thi.",
           description_en="Attempts (one person may take part several times). Never added to participants.",
           source="contest_participation", expr="sum(luot)", tags=("kpi", "contests"), published="luot",
           partial=True),
    Metric("contest_registered", "Người đăng ký dự thi", "People registered", "người", "people", FLOW, "int",
           "Số người đăng ký dự thi, nơi đơn vị công bố (khác người dự thi: người đã thi). Tổng của các dòng có "
           "công bố.",
           description_en="People registered for a contest, where a unit published it (unlike participants: those who took "
                          "part). The sum of the rows that give it.",
           source="contest_participation", expr="sum(registered)", tags=("contests",), published="registered"),
    Metric("contest_submissions", "Bài dự thi", "Submissions", "bài", "submissions", FLOW, "int",
           "Số bài dự thi (với cuộc thi có bài dự thi).",
           description_en="Entries submitted (for contests that take entries).",
           source="contest_participation", expr="sum(submissions)", tags=("contests",), published="submissions"),
    Metric("contest_valid_entries", "Bài dự thi hợp lệ", "Valid entries", "bài", "entries", FLOW, "int",
           "Số bài dự thi được công nhận hợp lệ, nơi đơn vị công bố; không lớn hơn số bài dự thi. Tổng của các dòng "
           "có công bố.",
           description_en="Entries accepted as valid, where a unit published it; never more than the entries submitted. The sum"
                          " of the rows that give it.",
           source="contest_participation", expr="sum(valid_entries)", tags=("contests",), published="valid_entries"),
    Metric("contest_awards", "Giải thưởng", "Awards", "giải", "awards", FLOW, "int",
           "Số giải thưởng đã trao.",
           description_en="Awards given.",
           source="contest_participation", expr="sum(awards)", tags=("contests",)),
    # --- ratios (computed from aggregated parts, never averaged) ------------------------------------
    Metric("members_per_team", "Thành viên bình quân mỗi đội", "Members per team", "người/đội",
           "members/team", RATIO, "dec1", "Thành viên chia cho số biệt đội, tính sau khi tổng hợp.",
           description_en="Members divided by teams, computed after aggregation.",
           numerator="members", denominator="teams", tags=("teams",)),
    Metric("followers_per_channel", "Người theo dõi bình quân mỗi kênh", "Followers per channel",
           "người/kênh", "followers/channel", RATIO, "dec1",
           "Người theo dõi chia cho số kênh đang hoạt động, tính sau khi tổng hợp.",
           description_en="Followers divided by active channels, computed after aggregation.",
           numerator="followers", denominator="channels", tags=("channels",)),
    Metric("luot_per_nguoi", "Lượt dự thi bình quân mỗi người", "Attempts per participant",
           "lượt/người", "attempts/participant", RATIO, "dec2",
           "Lượt dự thi chia cho người dự thi, tính sau khi tổng hợp; không tính (—) khi thiếu lượt hoặc người của "
           "một phần số liệu.",
           description_en="Attempts divided by participants, computed after aggregation; not computed (—) when part of the "
                          "figures lacks attempts or participants.",
           numerator="contest_luot", denominator="contest_nguoi", tags=("contests",)),
]

METRICS: dict[str, Metric] = {m.key: m for m in _METRIC_LIST}

KPI_METRICS = ("channels", "followers", "teams", "members", "posts", "link_shares", "contest_nguoi",
               "contest_luot")


# Figures as published (Metric.published): a row's qualifier is NULL (exact), '~' (approximate: gần, khoảng, ước tính),
# '>' (more than: hơn, trên) or '<' (less than: dưới, chưa đến). A sum keeps the qualifier its parts give it: all
# exact -> exact; exact and '>' only -> '>' (a lower bound); exact and '<' only -> '<'; anything else (an approximate
# part, or '>' with '<') -> '~'. A measure marked ``partial`` whose sum leaves out rows that do not give it (only lượt
# published for some weeks or units) is a lower bound too: '>' joins the parts' qualifiers; a ratio with such a part
# is unknown, and a ratio with a qualified part is approximate ('~'). A change with a qualified side is approximate.
QUALIFIED_SUMS = "exact + '>' -> '>'; exact + '<' -> '<'; any '~', or '>' with '<' -> '~'"


def change_qualifier(value_q, cmp_q) -> str | None:
    """The qualifier of a change (value − comparison): a lower-bound value against an exact one is a lower bound
    ("tăng hơn 303.169"), against an upper bound too; an exact value against a lower bound is an upper bound;
    anything approximate, or bounds pulling both ways, approximate (``QUALIFIED_SUMS``)."""
    flip = {">": "<", "<": ">"}
    cq = flip.get(cmp_q, cmp_q) if isinstance(cmp_q, str) else None
    return combine_qualifiers(value_q if isinstance(value_q, str) else None, cq)


def combine_qualifiers(*marks) -> str | None:
    """The qualifier of a sum of parts with these qualifiers (None exact): see ``QUALIFIED_SUMS``."""
    seen = {q for q in marks if isinstance(q, str) and q}
    if not seen:
        return None
    if seen == {">"}:
        return ">"
    if seen == {"<"}:
        return "<"
    return "~"


def get(key: str) -> Metric:
    try:
        return METRICS[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}; known: {', '.join(METRICS)}") from None


def base_metrics(keys) -> list[str]:
    """The stock/flow metrics needed to compute ``keys`` (ratios expanded into their parts)."""
    out: list[str] = []
    for key in keys:
        m = get(key)
        parts = [m.numerator, m.denominator] if m.kind == RATIO else [key]
        for p in parts:
            if p not in out:
                out.append(p)
    return out


KIND_LABELS = {STOCK: ("Chỉ tiêu thời điểm", "Stock"), FLOW: ("Chỉ tiêu thời kỳ", "Flow"),
               RATIO: ("Tỷ lệ", "Ratio")}


def describe() -> list[dict]:
    """The catalogue as rows, for the data dictionary and the in-app metric glossary."""
    rows = []
    for m in _METRIC_LIST:
        rows.append({
            "key": m.key,
            "label": m.label_vi,
            "unit": m.unit_vi,
            "kind": m.kind,
            "source": m.source or f"{m.numerator} / {m.denominator}",
            "dims": ", ".join(m.dims),
            "format": m.fmt,
            "description": m.description_vi,
        })
    return rows
