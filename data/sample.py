"""Deterministic synthetic sample database (DESIGN.md §7).

``build(con, seed=2024, scale=1, progress=None)`` fills a migrated database whose reference rows are
loaded (``data.db.migrate`` then ``data.reference.load``) with seeded, plausible synthetic facts for
the report months 01/2023–10/2026 and returns the number of rows it wrote per table. Everything is
written in one transaction; the same seed and scale always give identical table contents (all
randomness comes from ``numpy.random.default_rng([seed, stage, key...])`` streams, one per stage and
province, so changing one part of the generator does not reshuffle the others).

What the sample contains (scale 1)
- channels: every old province (63 units ``1000+code``) has ~100–1000 active channels, bigger provinces
  more, mostly opened before 2023, a few percent closed per year, new ones opened every month. Channels
  opened before 01/07/2025 keep their old ``unit_id`` forever (``unit_lineage`` maps them); channels
  opened from 07/2025 belong to the new units (``2000+code``). Platform mix: fanpages and groups
  dominate, few websites, YouTube/Zalo/TikTok growing (TikTok fastest, especially Đà Nẵng after the
  merger), 'other' rare (none at all in Sơn La). The core channels of the provinces absorbed on
  01/07/2025 (their website and fanpage) close a few months after the merger.
- channel_snapshots: one row per channel and month in which the channel is active at month end
  (``opened_on <= E`` and (``closed_on`` null or ``closed_on > E``)), and no other rows.
  ``followers`` is a stock: page followers (fanpage), members (group), subscribers/followers
  (YouTube, Zalo OA, TikTok, other); it is NULL for websites, which have no follower concept.
  A fanpage has 1.000–99.999 followers in every month (the public range, DESIGN §7), a new one too.
  ``posts`` and ``interactions`` are monthly flows; for websites ``interactions`` holds page views.
- teams / team_snapshots: ~55–380 biệt đội/tổ per old province, 10–60 members each (monthly stock),
  same activity rule and snapshot completeness as channels; new teams after 07/2025 belong to the
  new units; a few disband.
- activities: one row per reporting unit × month × platform × activity type × source level with a
  non-zero count (old units for months before 07/2025, new units from then on). Posts and
  livestreams scale with the unit's active channels on the platform, shares/comments/reports with
  its team members. ``source_level`` is trung_uong/tinh/co_so for ``chia_se_link`` and 'khong'
  otherwise. ``reach`` is NULL for violation reports and for ~12% of the other rows.
- contests / contest_participation: ~45 provincial online contests 2023–2026, weekly participation
  (``period_start`` = Monday of the ISO week, ``month`` = its month, unit valid on ``period_start``),
  only complete weeks up to 31/10/2026; ``nguoi`` counts first-time participants of the week so it
  sums, ``nguoi <= luot`` in every row; one contest is still running in 10/2026 and one starts after
  it (no participation yet). ``submissions`` only for formats with entries, ``awards`` only in a
  contest's last week.
- programme 1 (Sơn La – Đà Nẵng 2024–2025), signed on 02/10/2024 at Sơn La, with the seed's 5 key tasks, 2–3
  indicators each and per-party, per-year values (2024 under 1014/1048, 2025 under 2014/2048): reported
  indicators carry a target, an actual, a note and a source; indicators linked to a catalogue metric (posts, link
  shares, contest lượt, livestreams, guided comments, violation reports, members) carry only a target, set near
  the party's own level of that year (the metric layer computes the actual); and its two review conferences
  (02/10/2024 in Sơn La, 17/10/2025 in Đà Nẵng).
- metric_targets for 'channels', 'members', 'posts' (activity bai_viet) and 'contest_luot' for every
  provincial unit valid at the end of 2023–2026: last year's level (under that unit's boundaries,
  rolled up through ``unit_lineage``) × 1.05–1.2; for 2023 a level slightly below the 2023 actual;
  contest lượt, lumpy by who organised what, are blended half-and-half with a size baseline.

Seed figures (DESIGN §7), exact at every scale for unit 1014 itself: at 30/09/2024 Sơn La has 672
active channels over website, fanpage, group, youtube, zalo and tiktok, 396 active teams (none
disbands in Q3/2024) whose 09/2024 members sum to 13.712 (07 and 08/2024 slightly lower); Đà Nẵng
(1048) runs the fanpage "Đà Nẵng Tươi Đẹp" and organises the 2024 contests on "Chỉ thị 34-CT/TU" and
"Nghị quyết Hội nghị Trung ương 8 khóa XIII", both in the first half of 2024.

Scale N > 1 (benchmarks) adds ~58·(N-1) (at least 63) synthetic 'xa' units (``unit_id`` from 100000,
parent = an old province, valid from 2023-01-01, open-ended) that report activities for all 46
months, so the activity table grows ~N-fold; channels and teams grow ceil(sqrt(N))-fold, the extra
ones attached to the 'xa' units (opened no earlier than 2023-01-01, their units' start). Rows of the
provincial units are identical at every scale (metric_targets aside: they are computed from the
rolled-up facts). A metric rolled up through ``unit_lineage`` counts a province's 'xa' units too,
so at scale > 1 "channels of Sơn La" is the 1014 figure plus its communes'.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable

import numpy as np
import pyarrow as pa

from data import db
from data.reference import ACTIVITY_TYPES, PLATFORMS, SOURCE_LEVELS

# --- calendar --------------------------------------------------------------------------------------

FIRST_MONTH = np.datetime64("2023-01", "M")
N_MONTHS = 46                                            # 2023-01 .. 2026-10
MONTHS = FIRST_MONTH + np.arange(N_MONTHS)
MONTH_START = MONTHS.astype("datetime64[D]").astype(np.int64)          # days since 1970-01-01
MONTH_END = ((MONTHS + 1).astype("datetime64[D]") - np.timedelta64(1, "D")).astype(np.int64)
MONTH_LEN = MONTH_END - MONTH_START + 1
MERGER_M = 30                                            # index of 2025-07
SEED_M = 20                                              # index of 2024-09
NO_DATE = np.iinfo(np.int64).max                         # "never closed"


def _day(text: str) -> int:
    return int(np.datetime64(text, "D").astype(np.int64))


D2023 = int(MONTH_START[0])
MERGER_DAY = _day("2025-07-01")
LAST_DAY = int(MONTH_END[-1])                            # 2026-10-31

# --- reference keys (order = index used in arrays) -------------------------------------------------

P_KEYS = [p[0] for p in PLATFORMS]                       # website fanpage group youtube zalo tiktok other
A_KEYS = [a[0] for a in ACTIVITY_TYPES]
L_KEYS = [s[0] for s in SOURCE_LEVELS]
WEB, FAN, GRP, YT, ZALO, TT, OTHER = range(7)

# --- the seed case ---------------------------------------------------------------------------------

SON_LA, DA_NANG, QUANG_NAM = 1014, 1048, 1049
SON_LA_CHANNELS = 672        # active on 30/09/2024 (report: "over 665 pages/groups")
SON_LA_TEAMS = 396           # active on 30/09/2024 ("nearly 400 teams")
SON_LA_MEMBERS = 13712       # sum of 09/2024 members of those teams

# Approximate population (millions, 2019 census) of the 63 old provinces: only a size proxy.
POPULATION = {
    1: 8.05, 2: 0.85, 4: 0.53, 6: 0.31, 8: 0.78, 10: 0.73, 11: 0.6, 12: 0.46, 14: 1.25, 15: 0.82,
    17: 0.85, 19: 1.29, 20: 0.78, 22: 1.32, 24: 1.8, 25: 1.46, 26: 1.15, 27: 1.37, 30: 1.89, 31: 2.03,
    33: 1.25, 34: 1.86, 35: 0.85, 36: 1.78, 37: 0.98, 38: 3.64, 40: 3.33, 42: 1.29, 44: 0.9, 45: 0.63,
    46: 1.13, 48: 1.13, 49: 1.5, 51: 1.23, 52: 1.49, 54: 0.96, 56: 1.23, 58: 0.59, 60: 1.23, 62: 0.54,
    64: 1.51, 66: 1.87, 67: 0.62, 68: 1.3, 70: 0.99, 72: 1.17, 74: 2.46, 75: 3.1, 77: 1.15, 79: 8.99,
    80: 1.69, 82: 1.76, 83: 1.29, 84: 1.01, 86: 1.02, 87: 1.6, 89: 1.91, 91: 1.72, 92: 1.24, 93: 0.73,
    94: 1.2, 95: 0.91, 96: 1.19,
}

# Random streams: np.random.default_rng([seed, STAGE, key...]).
S_SIZE, S_PLACES, S_CH, S_CH_NEW, S_CH_SNAP, S_TEAM, S_TEAM_NEW, S_TEAM_SNAP = range(1, 9)
S_ACT, S_CONTEST, S_PROG, S_TARGET, S_XA, S_XA_CH, S_XA_TEAM, S_XA_ACT = range(9, 17)

# --- place names -----------------------------------------------------------------------------------

SON_LA_DISTRICTS = ["Mộc Châu", "Vân Hồ", "Yên Châu", "Mai Sơn", "Sông Mã", "Sốp Cộp", "Thuận Châu",
                    "Quỳnh Nhai", "Mường La", "Bắc Yên", "Phù Yên"]
SON_LA_COMMUNES = [
    ("phường", "Chiềng Sinh"), ("phường", "Chiềng Lề"), ("phường", "Tô Hiệu"), ("phường", "Quyết Thắng"),
    ("phường", "Quyết Tâm"), ("phường", "Chiềng Cơi"), ("phường", "Chiềng An"), ("xã", "Chiềng Ngần"),
    ("xã", "Chiềng Mung"), ("xã", "Chiềng Ban"), ("xã", "Chiềng Mai"), ("xã", "Chiềng Sơn"),
    ("xã", "Chiềng Hắc"), ("xã", "Mường Bú"), ("xã", "Mường Chùm"), ("xã", "Mường É"),
    ("xã", "Mường Giàng"), ("xã", "Mường Sại"), ("xã", "Mường Lạn"), ("xã", "Mường Lầm"),
    ("xã", "Nà Nghịu"), ("xã", "Nà Ớt"), ("xã", "Phiêng Khoài"), ("xã", "Phiêng Pằn"), ("xã", "Tô Múa"),
    ("xã", "Tân Lập"), ("xã", "Lóng Sập"), ("xã", "Đông Sang"), ("xã", "Quang Minh"), ("xã", "Lóng Luông"),
    ("xã", "Tà Xùa"), ("xã", "Hang Chú"), ("xã", "Xím Vàng"), ("xã", "Tường Phù"), ("xã", "Huy Bắc"),
    ("xã", "Gia Phù"), ("xã", "Sập Xa"), ("xã", "Cò Nòi"), ("xã", "Hát Lót"), ("xã", "Nà Bó"),
    ("xã", "Chiềng Khương"), ("xã", "Chiềng Khoong"), ("xã", "Mường Lèo"), ("xã", "Púng Bánh"),
    ("xã", "Yên Sơn"), ("xã", "Phiêng Côn"), ("xã", "Chiềng Pấc"), ("xã", "Chiềng Bôm"), ("xã", "Bó Mười"),
    ("xã", "Liệp Tè"), ("xã", "Co Mạ"), ("xã", "Long Hẹ"), ("xã", "Mường Giôn"), ("xã", "Chiềng Khay"),
    ("xã", "Ít Ong"), ("xã", "Chiềng Lao"), ("xã", "Ngọc Chiến"), ("xã", "Tạ Bú"), ("xã", "Chiềng Hặc"),
    ("xã", "Sặp Vạt"), ("xã", "Chiềng Tương"), ("xã", "Lóng Phiêng"), ("xã", "Mường Cơi"), ("xã", "Suối Tọ"),
]
DA_NANG_DISTRICTS = [("quận", "Hải Châu"), ("quận", "Thanh Khê"), ("quận", "Sơn Trà"),
                     ("quận", "Ngũ Hành Sơn"), ("quận", "Liên Chiểu"), ("quận", "Cẩm Lệ"),
                     ("huyện", "Hòa Vang")]
DA_NANG_COMMUNES = [
    ("phường", "Thạch Thang"), ("phường", "Hải Châu I"), ("phường", "Hòa Cường Bắc"),
    ("phường", "Thanh Bình"),
    ("phường", "An Hải Bắc"), ("phường", "Mỹ An"), ("phường", "Hòa Minh"), ("phường", "Hòa Khánh Bắc"),
    ("phường", "Hòa Xuân"), ("phường", "Khuê Trung"), ("phường", "Thọ Quang"), ("phường", "Nại Hiên Đông"),
    ("phường", "Khuê Mỹ"), ("phường", "Hòa Hải"), ("phường", "Hòa Quý"), ("phường", "Tân Chính"),
    ("phường", "Chính Gián"), ("phường", "Xuân Hà"), ("phường", "Hòa An"), ("phường", "Hòa Thọ Đông"),
    ("phường", "Bình Hiên"), ("phường", "Phước Ninh"), ("phường", "Hòa Thuận Tây"), ("phường", "Thuận Phước"),
    ("xã", "Hòa Bắc"), ("xã", "Hòa Ninh"), ("xã", "Hòa Phong"), ("xã", "Hòa Tiến"), ("xã", "Hòa Phú"),
    ("xã", "Hòa Nhơn"), ("xã", "Hòa Liên"), ("xã", "Hòa Khương"), ("xã", "Hòa Sơn"), ("xã", "Hòa Châu"),
    ("xã", "Hòa Phước"),
]
SYL_A = ["An", "Bình", "Hòa", "Phú", "Tân", "Long", "Đông", "Tây", "Nam", "Bắc", "Hưng", "Phước", "Xuân",
         "Thanh", "Quang", "Hải", "Sơn", "Trung", "Vĩnh", "Đại", "Hồng", "Kim", "Ngọc", "Thái", "Mỹ",
         "Hiệp", "Cẩm", "Quảng", "Yên", "Lạc", "Định", "Thạch"]
SYL_B = ["An", "Bình", "Hòa", "Phú", "Lộc", "Thịnh", "Thành", "Lợi", "Hưng", "Phong", "Điền", "Lâm",
         "Sơn", "Hải", "Thủy", "Tiến", "Trung", "Đức", "Nghĩa", "Thuận", "Khánh", "Lạc", "Long", "Mỹ",
         "Tân", "Hiệp", "Hà", "Xuân", "Định", "Phước", "Thạnh", "Giang"]

# --- name templates (scope 'c' = commune/ward, 'd' = district, abolished from 07/2025) -------------
# Placeholders: {c}/{d} place with its level word, {cn}/{dn} bare name, {cs}/{ds} ASCII slug,
# {ps} province slug, {rnd} random handle, {num} random numeric id.

CHANNEL_TEMPLATES = {
    WEB: [("Cổng thông tin điện tử {d}", "{ds}.{ps}.gov.vn", "d"),
          ("Trang thông tin điện tử Trung tâm Chính trị {d}", "ttct.{ds}.{ps}.gov.vn", "d"),
          ("Trang thông tin điện tử Đảng bộ {d}", "dangbo.{ds}.{ps}.gov.vn", "d"),
          ("Trang thông tin điện tử {c}", "{cs}.{ps}.gov.vn", "c")],
    FAN: [("Fanpage Tuổi trẻ {dn}", "facebook.com/tuoitre{ds}", "d"),
          ("Tuổi trẻ {c}", "facebook.com/tuoitre{cs}", "c"),
          ("Đoàn Thanh niên {c}", "facebook.com/doanthanhnien{cs}", "c"),
          ("Hội Liên hiệp Phụ nữ {d}", "facebook.com/hoiphunu{ds}", "d"),
          ("Công an {c}", "facebook.com/congan{cs}", "c"),
          ("Tuyên giáo {dn}", "facebook.com/tuyengiao{ds}", "d"),
          ("Thông tin {c}", "facebook.com/thongtin{cs}", "c"),
          ("Hội Cựu chiến binh {d}", "facebook.com/cuuchienbinh{ds}", "d"),
          ("Mặt trận Tổ quốc {c}", "facebook.com/mttq{cs}", "c"),
          ("{dn} Ngày mới", "facebook.com/{ds}ngaymoi", "d"),
          ("Đảng bộ {c}", "facebook.com/dangbo{cs}", "c"),
          ("Đài Truyền thanh {c}", "facebook.com/truyenthanh{cs}", "c"),
          ("Hội Nông dân {c}", "facebook.com/hoinongdan{cs}", "c")],
    GRP: [("Nhóm Biệt đội thông tin {c}", "facebook.com/groups/bietdoi{cs}", "c"),
          ("Cộng đồng {dn} văn minh", "facebook.com/groups/{ds}vanminh", "d"),
          ("Nhóm Tuyên truyền viên {c}", "facebook.com/groups/tuyentruyenvien{cs}", "c"),
          ("Nhóm Đoàn viên {c}", "facebook.com/groups/doanvien{cs}", "c"),
          ("Nhóm Cựu chiến binh {c}", "facebook.com/groups/ccb{cs}", "c"),
          ("Nhóm Hội viên Phụ nữ {c}", "facebook.com/groups/phunu{cs}", "c"),
          ("Nhóm Hội Nông dân {c}", "facebook.com/groups/nongdan{cs}", "c"),
          ("Nhóm Chi đoàn thanh niên {c}", "facebook.com/groups/chidoan{cs}", "c"),
          ("Hội những người yêu {dn}", "facebook.com/groups/yeu{ds}", "d")],
    YT: [("Truyền hình {dn}", "youtube.com/@truyenhinh{ds}", "d"),
         ("Kênh YouTube Tuổi trẻ {dn}", "youtube.com/@tuoitre{ds}", "d"),
         ("Kênh YouTube Trung tâm Văn hóa – Truyền thông {d}", "youtube.com/@vhtt{ds}", "d"),
         ("Kênh YouTube {c}", "youtube.com/@{cs}tv", "c")],
    ZALO: [("Nhóm Zalo Biệt đội thông tin {c}", "zalo.me/g/{rnd}", "c"),
           ("Zalo OA Ủy ban nhân dân {c}", "zalo.me/{num}", "c"),
           ("Nhóm Zalo Tổ tuyên truyền {c}", "zalo.me/g/{rnd}", "c"),
           ("Nhóm Zalo Tổ công nghệ số cộng đồng {c}", "zalo.me/g/{rnd}", "c"),
           ("Zalo OA Trung tâm Văn hóa – Truyền thông {d}", "zalo.me/{num}", "d")],
    TT: [("TikTok Tuổi trẻ {dn}", "tiktok.com/@tuoitre{ds}", "d"),
         ("TikTok Công an {c}", "tiktok.com/@congan{cs}", "c"),
         ("TikTok {dn} quê hương tôi", "tiktok.com/@{ds}quehuongtoi", "d"),
         ("TikTok Đoàn Thanh niên {c}", "tiktok.com/@doanthanhnien{cs}", "c"),
         ("TikTok Thông tin {c}", "tiktok.com/@thongtin{cs}", "c")],
    OTHER: [("Kênh Telegram Tuyên truyền {c}", "t.me/tuyentruyen{cs}", "c"),
            ("Trang Lotus Tuổi trẻ {dn}", "lotus.vn/tuoitre{ds}", "d"),
            ("Kênh Mocha {dn}", "mocha.com.vn/{ds}", "d")],
}
TEAM_TEMPLATES = [
    ("Biệt đội thông tin {c}", "c"), ("Biệt đội tuyên truyền Đoàn Thanh niên {c}", "c"),
    ("Tổ thông tin tuyên truyền {c}", "c"), ("Tổ phản ứng nhanh {d}", "d"),
    ("Biệt đội Cựu chiến binh {c}", "c"), ("Tổ tuyên truyền viên Hội Phụ nữ {c}", "c"),
    ("Tổ công nghệ số cộng đồng {c}", "c"), ("Biệt đội Thanh niên tình nguyện {d}", "d"),
    ("Biệt đội Tiếng nói {dn}", "d"), ("Tổ dư luận xã hội {c}", "c"),
    ("Tổ giúp việc Ban Chỉ đạo 35 {d}", "d"),
]

# --- channel model per platform (index order of P_KEYS) ----------------------------------------------

LOGF0 = [(0, 0), (3.0, 4.75), (2.0, 4.0), (2.0, 4.3), (2.0, 3.9), (2.3, 4.6), (1.5, 3.2)]   # log10 range
GROWTH_MU = np.array([0.0, 0.006, 0.005, 0.008, 0.007, 0.014, 0.003])   # monthly log growth
POST_RATE = np.array([45, 22, 35, 5, 10, 14, 4], dtype=float)             # posts per channel-month
ENGAGE = np.array([400, 0.004, 0.006, 0.05, 0.01, 0.08, 0.005])           # website: views per post

# --- activity model --------------------------------------------------------------------------------
# (platform, activity, level, basis, rate): basis 'c' = per active channel of the platform,
# 'm' = per team member (rate already split by platform and source level).
_SHARE_PLAT = {FAN: .33, GRP: .30, YT: .05, ZALO: .22, TT: .08, OTHER: .02}
_COMMENT_PLAT = {FAN: .36, GRP: .30, YT: .08, ZALO: .10, TT: .13, OTHER: .03}
_REPORT_PLAT = {FAN: .38, GRP: .22, YT: .14, ZALO: .04, TT: .19, OTHER: .03}
_LEVEL_SHARE = {"trung_uong": .30, "tinh": .45, "co_so": .25}
_POST_PER_CH = [18, 3.2, 2.0, 1.0, 2.2, 2.5, 1.0]
_LIVE_PER_CH = [0.3, 0.12, 0.04, 0.9, 0.06, 1.4, 0.1]
REACH_PER_ITEM = {"bai_viet": 600, "chia_se_link": 45, "binh_luan": 18, "bao_cao_vi_pham": 0,
                  "livestream_video": 1800}
PLAT_GROWTH = np.array([0.97, 1.0, 0.98, 1.08, 1.08, 1.25, 1.0])           # extra yearly factor


def _combos() -> list[tuple[int, str, str, str, float]]:
    out = []
    for p in range(7):
        out.append((p, "bai_viet", "khong", "c", _POST_PER_CH[p]))
    for p, s in _SHARE_PLAT.items():
        for lvl, ls in _LEVEL_SHARE.items():
            out.append((p, "chia_se_link", lvl, "m", 1.6 * s * ls))
    for p, s in _COMMENT_PLAT.items():
        out.append((p, "binh_luan", "khong", "m", 0.7 * s))
    for p, s in _REPORT_PLAT.items():
        out.append((p, "bao_cao_vi_pham", "khong", "m", 0.025 * s))
    for p in range(7):
        out.append((p, "livestream_video", "khong", "c", _LIVE_PER_CH[p]))
    return sorted(out, key=lambda c: (c[0], A_KEYS.index(c[1]), L_KEYS.index(c[2])))


COMBOS = _combos()


def _seasonality() -> np.ndarray:
    by_month = {1: 1.0, 2: 0.85, 3: 1.05, 4: 1.1, 5: 1.12, 6: 1.0, 7: 1.02, 8: 1.08, 9: 1.15, 10: 1.02,
                11: 1.0, 12: 1.06}
    events = {"2025-04": 1.15, "2025-07": 0.92, "2025-09": 1.1, "2025-10": 1.08, "2026-01": 1.2,
              "2026-03": 1.15}
    out = np.array([by_month[int(str(m)[5:7])] for m in MONTHS])
    for key, f in events.items():
        out[int((np.datetime64(key, "M") - FIRST_MONTH).astype(int))] *= f
    return out


SEASON = _seasonality()
YEARS_IN = np.arange(N_MONTHS) / 12.0                   # years since 01/2023 at each month


# --- small helpers ---------------------------------------------------------------------------------

def _rng(seed: int, *keys: int) -> np.random.Generator:
    return np.random.default_rng([seed, *keys])


def _slug(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text.lower() if ch.isascii() and ch.isalnum())


def _month_index(days: np.ndarray) -> np.ndarray:
    months = np.asarray(days).astype("datetime64[D]").astype("datetime64[M]")
    return (months - FIRST_MONTH).astype(np.int64)


def _active_range(opened: np.ndarray, closed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last month index (inclusive) in which an entity is active at month end."""
    first = np.maximum(_month_index(np.minimum(opened, LAST_DAY)), 0)
    first = np.where(opened > LAST_DAY, N_MONTHS, first)
    closed_m = np.where(closed == NO_DATE, N_MONTHS, _month_index(np.minimum(closed, LAST_DAY + 1)))
    last = np.minimum(closed_m - 1, N_MONTHS - 1)
    return first, last


def _active_at(opened: np.ndarray, closed: np.ndarray, day: int) -> np.ndarray:
    return (opened <= day) & (closed > day)


def _expand(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows (entity index, month index) for every active month, with each entity's row offset."""
    counts = np.maximum(last - first + 1, 0)
    idx = np.repeat(np.arange(first.size), counts)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    within = np.arange(idx.size) - offsets[idx]
    return idx, first[idx] + within, offsets


def _group_cumsum(inc: np.ndarray, idx: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Cumulative sum restarting at each entity's first row (whose increment is ignored)."""
    if inc.size == 0:
        return inc
    inc = inc.copy()
    starts = offsets[np.bincount(idx, minlength=offsets.size) > 0]
    inc[starts] = 0
    cs = np.cumsum(inc)
    return cs - cs[offsets[idx]]


def _pick(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a (n, k) weight matrix."""
    cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(weights.shape[0])[:, None]
    return np.minimum((u > cum).sum(axis=1), weights.shape[1] - 1)


def _nice(x: float) -> int:
    """Round to two significant digits (targets look like 450.000, not 447.213)."""
    if x <= 0:
        return 0
    mag = 10 ** max(int(math.floor(math.log10(x))) - 1, 0)
    return int(round(x / mag) * mag)


def _dates(days: np.ndarray) -> pa.Array:
    days = np.asarray(days, dtype=np.int64)
    mask = days == NO_DATE
    return pa.array(np.where(mask, 0, days).astype("datetime64[D]"), type=pa.date32(), mask=mask)


def _month_dates(m: np.ndarray) -> pa.Array:
    return pa.array(MONTH_START[m].astype("datetime64[D]"), type=pa.date32())


def _dict(keys: list[str], idx: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(np.asarray(idx, dtype=np.int32)), pa.array(keys))


def _insert(con, table: str, columns: dict) -> int:
    tbl = pa.table(columns)
    names = ", ".join(columns)
    con.register("_sample_rows", tbl)
    try:
        con.execute(f"insert into {table} ({names}) select {names} from _sample_rows")
    finally:
        con.unregister("_sample_rows")
    return tbl.num_rows


class _MonthOrdered:
    """The snapshot rows of one table from every generator (provinces, then communes chunk by chunk), inserted at
    once in (month, entity) order. Real data arrives a month at a time, so a month's rows sit together on disk and a
    query for one month (a list ordered by the followers at the period's last month) reads only that month's row
    groups (DuckDB skips the others by their min/max); rows written entity by entity would make it read all of
    them. Gathered as numpy arrays and written in slices, so the memory added is about one copy of the rows."""

    SLICE = 1 << 21

    def __init__(self, table: str, key: str):
        self.table, self.key, self.parts = table, key, []

    def add(self, ids: np.ndarray, m: np.ndarray, **columns) -> None:
        """``columns``: name -> (values, arrow type, null mask or None)."""
        self.parts.append((np.asarray(ids, dtype=np.int32), np.asarray(m, dtype=np.int16), columns))

    def flush(self, con) -> int:
        """Insert every row gathered (none twice) and return how many."""
        if not self.parts:
            return 0
        parts, self.parts = self.parts, []
        ids = np.concatenate([p[0] for p in parts])
        m = np.concatenate([p[1] for p in parts])
        names = list(parts[0][2])
        types = {n: parts[0][2][n][1] for n in names}
        values = {n: np.concatenate([p[2][n][0] for p in parts]) for n in names}
        masks = {n: np.concatenate([p[2][n][2] if p[2][n][2] is not None else np.zeros(p[0].size, dtype=bool)
                                    for p in parts])
                 for n in names if any(p[2][n][2] is not None for p in parts)}
        del parts
        order = np.lexsort((ids, m))
        for lo in range(0, order.size, self.SLICE):
            take = order[lo:lo + self.SLICE]
            cols = {self.key: pa.array(ids[take], type=pa.int32()), "month": _month_dates(m[take])}
            for n in names:
                cols[n] = pa.array(values[n][take], type=types[n], mask=masks[n][take] if n in masks else None)
            _insert(con, self.table, cols)
        return int(order.size)


def _platform_weights(t: np.ndarray, tiktok_boost: float = 1.0, allow_other: bool = True) -> np.ndarray:
    """Probability of each platform for a channel opened t years after 01/2023 (t may be negative)."""
    t = np.asarray(t, dtype=float)
    w = np.empty((t.size, 7))
    w[:, WEB] = 0.006
    w[:, FAN] = np.clip(0.42 - 0.03 * t, 0.25, None)
    w[:, GRP] = np.clip(0.36 - 0.03 * t, 0.22, None)
    w[:, YT] = np.clip(0.05 + 0.012 * t, 0.01, None)
    w[:, ZALO] = np.clip(0.08 + 0.025 * t, 0.02, None)
    w[:, TT] = np.clip(0.04 + 0.06 * t, 0.003, None) * tiktok_boost
    w[:, OTHER] = 0.02 if allow_other else 0.0
    return w


# --- units -----------------------------------------------------------------------------------------

class Units:
    """The 97 provincial units read from the database, with array indices for vectorised work."""

    def __init__(self, con):
        rows = con.execute(
            """
            select u.unit_id, u.code, u.name, u.successor_id, u.valid_to is null as current,
                   (select v.unit_type from unit_versions v where v.unit_id = u.unit_id
                    order by v.valid_from limit 1) as unit_type
            from units u where u.level = 'tinh' order by u.unit_id
            """
        ).fetchall()
        if len(rows) != 97:
            raise RuntimeError("Chưa nạp dữ liệu danh mục đơn vị (cần 97 đơn vị cấp tỉnh).")
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.code = {r[0]: r[1] for r in rows}
        self.name = {r[0]: r[2] for r in rows}
        self.city = {r[0]: r[5] == "thanh_pho" for r in rows}
        self.index = {uid: i for i, uid in enumerate(self.ids.tolist())}
        self.lut = np.zeros(int(self.ids.max()) + 1, dtype=np.int64)
        self.lut[self.ids] = np.arange(self.ids.size)
        self.old = [r[0] for r in rows if not r[4]]
        self.new = [r[0] for r in rows if r[4]]
        self.successor = {r[0]: r[3] for r in rows if r[3] is not None}
        self.succ_idx = np.array([self.index[self.successor.get(u, u)] for u in self.ids.tolist()])
        self.predecessors = {n: [o for o in self.old if self.successor[o] == n] for n in self.new}
        pops = np.array([POPULATION[int(self.code[u])] for u in self.old])
        lo, hi = np.log(pops.min()), np.log(pops.max())
        self.size = {u: float((np.log(p) - lo) / (hi - lo)) for u, p in zip(self.old, pops)}
        for n in self.new:
            self.size[n] = max(self.size[o] for o in self.predecessors[n])

    def committee(self, uid: int) -> str:
        return "Thành ủy" if self.city[uid] else "Tỉnh ủy"


# --- places ----------------------------------------------------------------------------------------

class Places:
    """District and commune names of one province (real for Sơn La and Đà Nẵng, invented otherwise)."""

    def __init__(self, rng: np.random.Generator, uid: int, n_communes: int, n_districts: int, pslug: str):
        self.pslug = pslug
        if uid == SON_LA:
            self.districts = [("huyện", d) for d in SON_LA_DISTRICTS]
            self.communes = list(SON_LA_COMMUNES)
        elif uid == DA_NANG:
            self.districts = list(DA_NANG_DISTRICTS)
            self.communes = list(DA_NANG_COMMUNES)
        else:
            pairs = [(a, b) for a in SYL_A for b in SYL_B if a != b]
            order = rng.permutation(len(pairs))
            names = [f"{pairs[i][0]} {pairs[i][1]}" for i in order[: n_communes + n_districts]]
            words = np.where(rng.random(n_districts) < 0.15, 1, 0)
            self.districts = [(("huyện", "thị xã")[w], n) for w, n in zip(words, names[:n_districts])]
            ward = rng.random(n_communes) < 0.2
            self.communes = [("phường" if w else "xã", n) for w, n in zip(ward, names[n_districts:])]

    def fields(self, scope: str, i: int) -> dict:
        if not hasattr(self, "_fields"):
            self._fields = {
                "d": [{"d": f"{w} {n}", "dn": n, "ds": _slug(n)} for w, n in self.districts],
                "c": [{"c": f"{w} {n}", "cn": n, "cs": _slug(n)} for w, n in self.communes],
            }
        options = self._fields[scope]
        return options[i % len(options)]

    def count(self, scope: str) -> int:
        return len(self.districts) if scope == "d" else len(self.communes)


def _merged_places(parts: list[Places], pslug: str) -> Places:
    merged = Places.__new__(Places)
    merged.pslug = pslug
    merged.districts = [d for p in parts for d in p.districts]
    merged.communes = [c for p in parts for c in p.communes]
    return merged


class Namer:
    """Unique names per unit and unique addresses overall, in a deterministic order."""

    HANDLE = np.array(list("abcdefghijkmnpqrstuvwxyz23456789"))

    def __init__(self):
        self.used: set[str] = set()

    def address(self, addr: str) -> str:
        head, sep, tail = addr.partition(".gov.vn")
        out, k = addr, 2
        while out in self.used:
            out = f"{head}{k}{sep}{tail}" if sep else f"{addr}{k}"
            k += 1
        self.used.add(out)
        return out

    def draw(self, rng, templates, places: Places, used: set, post_merger: bool) -> tuple[str, str]:
        usable = [t for t in templates if not (post_merger and t[-1] == "d")]
        for _ in range(12):
            tpl = usable[int(rng.random() * len(usable))]
            scope = tpl[-1]
            fields = places.fields(scope, int(rng.random() * places.count(scope)))
            name = tpl[0].format(**fields)
            if name not in used:
                break
        base, k = name, 2
        while name in used:
            name, k = f"{base} số {k}", k + 1
        used.add(name)
        addr = None
        if len(tpl) == 3:
            extra = {}
            if "{rnd}" in tpl[1]:
                extra["rnd"] = "".join(self.HANDLE[rng.integers(0, 32, 8)])
            if "{num}" in tpl[1]:
                extra["num"] = str(int(rng.integers(4 * 10**18, 5 * 10**18)))
            addr = tpl[1].format(ps=places.pslug, **extra, **fields)
        return name, addr


# --- entities (channels, teams) --------------------------------------------------------------------

class Entities:
    """Column lists of generated channels or teams."""

    def __init__(self):
        self.unit: list[np.ndarray] = []
        self.opened: list[np.ndarray] = []
        self.closed: list[np.ndarray] = []
        self.platform: list[np.ndarray] = []
        self.names: list[str] = []
        self.addresses: list[str | None] = []

    def add(self, unit, opened, closed, platform, names, addresses=None):
        n = len(names)
        self.unit.append(np.full(n, unit, dtype=np.int64) if np.isscalar(unit) else np.asarray(unit))
        self.opened.append(np.asarray(opened, dtype=np.int64))
        self.closed.append(np.asarray(closed, dtype=np.int64))
        self.platform.append(np.asarray(platform, dtype=np.int64))
        self.names.extend(names)
        self.addresses.extend(addresses if addresses is not None else [None] * n)

    def arrays(self):
        def cat(xs):
            return np.concatenate(xs) if xs else np.zeros(0, dtype=np.int64)

        return cat(self.unit), cat(self.opened), cat(self.closed), cat(self.platform)


def _lifetimes(rng, n_existing: int, span_days: int, monthly_new: np.ndarray, hazard: float):
    """Opening and closing days: n_existing opened before 2023, Poisson openings per month after."""
    # age before 2023 with a linearly falling density: the recent years saw the most openings
    existing = D2023 - 1 - np.floor(span_days * (1 - np.sqrt(rng.random(n_existing)))).astype(np.int64)
    counts = rng.poisson(monthly_new)
    m = np.repeat(np.arange(monthly_new.size), counts)
    fresh = MONTH_START[m] + np.floor(rng.random(m.size) * MONTH_LEN[m]).astype(np.int64)
    opened = np.concatenate([existing, fresh])
    start = np.maximum(opened, D2023)
    life = np.maximum(31, np.floor(rng.exponential(365.25 / hazard, opened.size))).astype(np.int64)
    closed = start + life
    closed = np.where(closed > LAST_DAY, NO_DATE, closed)
    return opened, closed


def _opening_rate(base_per_month: float, months: slice) -> np.ndarray:
    rate = np.zeros(N_MONTHS)
    rate[months] = base_per_month * (1 + 0.25 * YEARS_IN[months])
    return rate


def _avoid_q3_2024(closed: np.ndarray) -> np.ndarray:
    """Move closing dates out of Q3/2024, so the Q3 stock equals the September stock."""
    lo, hi = _day("2024-07-01"), _day("2024-10-01")
    bad = (closed >= lo) & (closed < hi)
    return np.where(bad, closed + 92, closed)


def _channel_names(rng, namer, uid, platforms, opened, places, used):
    names, addrs = [], []
    for p, o in zip(platforms.tolist(), opened.tolist()):
        n, a = namer.draw(rng, CHANNEL_TEMPLATES[p], places, used, o >= MERGER_DAY)
        names.append(n)
        addrs.append(a)
    return names, addrs


def _core_channels(units: Units, uid: int, rng) -> list[tuple]:
    """The province's own channels: (platform, name, address, opened, closed)."""
    name, ct = units.name[uid], units.committee(uid)
    ps = _slug(name)
    zalo_id = str(int(rng.integers(4 * 10**18, 5 * 10**18)))
    core = [
        (WEB, f"Trang thông tin điện tử Ban Tuyên giáo {ct} {name}", f"tuyengiao{ps}.vn", "2012-01-01", 1500),
        (FAN, f"Tuyên giáo {name}", f"facebook.com/tuyengiao{ps}", "2015-01-01", 1400),
        (GRP, f"Nhóm Biệt đội thông tin {name}", f"facebook.com/groups/bietdoithongtin{ps}", "2019-01-01",
         900),
        (YT, f"Kênh YouTube Tuyên giáo {name}", f"youtube.com/@tuyengiao{ps}", "2017-01-01", 1200),
        (ZALO, f"Zalo OA Ban Tuyên giáo {ct} {name}", f"zalo.me/{zalo_id}", "2019-06-01", 900),
        (TT, f"TikTok Tuyên giáo {name}", f"tiktok.com/@tuyengiao{ps}", "2020-09-01", 800),
    ]
    absorbed = units.code[units.successor[uid]] != units.code[uid]   # merged into another province
    out = []
    for p, n, a, start, spread in core:
        opened = _day(start) + int(rng.integers(0, spread))
        closed = NO_DATE
        if absorbed and p in (WEB, FAN):
            closed = _day("2025-08-01") + int(rng.integers(0, 150))
        out.append((p, n, a, opened, closed))
    if uid == DA_NANG:
        out.append((FAN, "Đà Nẵng Tươi Đẹp", "facebook.com/danangtuoidep", _day("2017-09-02"), NO_DATE))
    return out


def _province_sizes(seed: int, units: Units) -> dict:
    rng = _rng(seed, S_SIZE)
    out = {}
    for uid in units.old:
        u1, u2, u3, u4 = rng.random(4)
        s = units.size[uid]
        x = float(np.clip(0.75 * s + 0.25 * u1, 0, 1))
        y = float(np.clip(0.6 * s + 0.4 * u2, 0, 1))
        out[uid] = {
            "channels": int(round(math.exp(math.log(110) + (math.log(800) - math.log(110)) * x))),
            "teams": int(round(math.exp(math.log(55) + (math.log(380) - math.log(55)) * y))),
            "ch_growth": 0.06 + 0.10 * u3,          # new channels per year, share of the 2023 stock
            "ch_hazard": 0.02 + 0.03 * u4,          # closures per year
            "team_growth": 0.04 + 0.06 * rng.random(),
            "team_hazard": 0.01 + 0.02 * rng.random(),
        }
    out[SON_LA]["channels"] = 640
    out[SON_LA]["teams"] = 385
    return out


def _gen_channels(seed: int, units: Units, sizes: dict, places: dict, namer: Namer) -> Entities:
    ent = Entities()
    pre = slice(0, MERGER_M)
    for uid in units.old:
        sz = sizes[uid]
        for attempt in range(20):
            rng = _rng(seed, S_CH, uid, attempt)
            core = _core_channels(units, uid, rng)
            n_exist = sz["channels"] - len(core) + 25 * attempt
            opened, closed = _lifetimes(rng, n_exist, 8 * 365, _opening_rate(
                sz["channels"] * sz["ch_growth"] / 12, pre), sz["ch_hazard"])
            t = (opened - D2023) / 365.25
            plat = _pick(rng, _platform_weights(t, allow_other=uid != SON_LA))
            # TikTok channels cannot predate the platform's local take-off (2019)
            late = (plat == TT) & (opened < _day("2019-06-01"))
            opened = np.where(late, _day("2019-06-01") + rng.integers(0, 1300, opened.size), opened)
            opened = np.concatenate([[c[3] for c in core], opened])
            closed = np.concatenate([[c[4] for c in core], closed])
            plat = np.concatenate([[c[0] for c in core], plat])
            if uid != SON_LA:
                break
            closed = _avoid_q3_2024(closed)
            active = _active_at(opened, closed, int(MONTH_END[SEED_M]))
            if active.sum() >= SON_LA_CHANNELS:
                extra = int(active.sum()) - SON_LA_CHANNELS
                candidates = np.flatnonzero(active[len(core):]) + len(core)
                drop = rng.choice(candidates, extra, replace=False)
                keep = np.ones(opened.size, dtype=bool)
                keep[drop] = False
                opened, closed, plat = opened[keep], closed[keep], plat[keep]
                break
        else:  # pragma: no cover - the loop always succeeds for sane sizes
            raise RuntimeError("could not place the Sơn La channels")
        used = {c[1] for c in core}
        names = [c[1] for c in core]
        addrs = [namer.address(c[2]) for c in core]
        n2, a2 = _channel_names(rng, namer, uid, plat[len(core):], opened[len(core):], places[uid], used)
        ent.add(uid, opened, closed, plat, names + n2, addrs + [namer.address(a) for a in a2])
    post = slice(MERGER_M, N_MONTHS)
    for uid in units.new:
        rng = _rng(seed, S_CH_NEW, uid)
        preds = units.predecessors[uid]
        base = sum(sizes[p]["channels"] * sizes[p]["ch_growth"] for p in preds) / 12
        boost = 1.3 if uid == DA_NANG + 1000 else 1.0
        opened, closed = _lifetimes(rng, 0, 0, _opening_rate(base * boost, post),
                                    float(np.mean([sizes[p]["ch_hazard"] for p in preds])))
        t = (opened - D2023) / 365.25
        tiktok = 4.0 if uid == DA_NANG + 1000 else 1.0
        plat = _pick(rng, _platform_weights(t, tiktok_boost=tiktok, allow_other=uid != SON_LA + 1000))
        merged = _merged_places([places[p] for p in preds], _slug(units.name[uid]))
        names, addrs = _channel_names(rng, namer, uid, plat, opened, merged, set())
        ent.add(uid, opened, closed, plat, names, [namer.address(a) for a in addrs])
    return ent


def _team_names(rng, count, places: Places, opened, used):
    names = []
    for o in opened[:count].tolist():
        post = o >= MERGER_DAY
        usable = [t for t in TEAM_TEMPLATES if not (post and t[1] == "d")]
        for _ in range(12):
            tpl, scope = usable[int(rng.integers(len(usable)))]
            name = tpl.format(**places.fields(scope, int(rng.integers(places.count(scope)))))
            if name not in used:
                break
        base, k = name, 2
        while name in used:
            name, k = f"{base} số {k}", k + 1
        used.add(name)
        names.append(name)
    return names


def _gen_teams(seed: int, units: Units, sizes: dict, places: dict) -> Entities:
    ent = Entities()
    pre = slice(0, MERGER_M)
    for uid in units.old:
        sz = sizes[uid]
        for attempt in range(20):
            rng = _rng(seed, S_TEAM, uid, attempt)
            n_exist = sz["teams"] + 10 * attempt
            opened, closed = _lifetimes(rng, n_exist, 5 * 365, _opening_rate(
                sz["teams"] * sz["team_growth"] / 12, pre), sz["team_hazard"])
            if uid != SON_LA:
                break
            closed = _avoid_q3_2024(closed)
            active = _active_at(opened, closed, int(MONTH_END[SEED_M]))
            if active.sum() >= SON_LA_TEAMS:
                drop = rng.choice(np.flatnonzero(active), int(active.sum()) - SON_LA_TEAMS, replace=False)
                keep = np.ones(opened.size, dtype=bool)
                keep[drop] = False
                opened, closed = opened[keep], closed[keep]
                break
        else:  # pragma: no cover
            raise RuntimeError("could not place the Sơn La teams")
        names = _team_names(rng, opened.size, places[uid], opened, set())
        ent.add(uid, opened, closed, np.zeros(opened.size), names)
    post = slice(MERGER_M, N_MONTHS)
    for uid in units.new:
        rng = _rng(seed, S_TEAM_NEW, uid)
        preds = units.predecessors[uid]
        base = sum(sizes[p]["teams"] * sizes[p]["team_growth"] for p in preds) / 12
        opened, closed = _lifetimes(rng, 0, 0, _opening_rate(base, post),
                                    float(np.mean([sizes[p]["team_hazard"] for p in preds])))
        merged = _merged_places([places[p] for p in preds], "")
        names = _team_names(rng, opened.size, merged, opened, set())
        ent.add(uid, opened, closed, np.zeros(opened.size), names)
    return ent


# --- snapshots -------------------------------------------------------------------------------------

def _channel_snapshots(rng, opened, closed, plat):
    """Monthly rows (entity index, month index, followers, posts, interactions, follower-null mask)."""
    first, last = _active_range(opened, closed)
    idx, m, offsets = _expand(first, last)
    n = opened.size
    open_m = _month_index(opened)
    lo = np.array([LOGF0[p][0] for p in range(7)])[plat]
    hi = np.array([LOGF0[p][1] for p in range(7)])[plat]
    is_new = opened >= D2023
    fan = plat == FAN
    # a new channel starts small (10^1.8-10^3), a new fanpage at 10^3.15-10^3.6: public reports put a
    # province's fanpages at 10^3-10^5 followers (DESIGN section 7), which _fanpage_range keeps them in
    new_lo, new_hi = np.where(fan, 3.15, 1.8), np.where(fan, 3.6, 3.0)
    young = (rng.uniform(1.8, 3.0, n) - 1.8) / 1.2          # the draws as before: other channels unchanged
    logf0 = np.where(is_new, new_lo + (new_hi - new_lo) * young, lo + (hi - lo) * rng.random(n)) * math.log(10)
    mu = GROWTH_MU[plat] + rng.normal(0, 0.004, n)
    boost = np.where(is_new, 0.25, 0.0)
    age = (m - open_m[idx]).astype(float)
    inc = mu[idx] + boost[idx] * np.exp(-age / 6) + rng.normal(0, 0.012, idx.size)
    followers = np.exp(logf0[idx] + _group_cumsum(inc, idx, offsets))
    followers = np.round(np.where(fan[idx], _fanpage_range(followers), followers)).astype(np.int64)
    rate = POST_RATE[plat] * np.exp(rng.normal(0, 0.6, n))
    posts = rng.poisson(rate[idx] * SEASON[m] * (1 + 0.04 * YEARS_IN[m]))
    er = ENGAGE[plat] * np.exp(rng.normal(0, 0.6, n))
    noise = np.exp(rng.normal(0, 0.25, idx.size))
    web = plat[idx] == WEB
    inter = np.where(web, posts * er[idx] * noise, posts * followers * er[idx] * noise)
    return idx, m, followers, posts, np.round(inter).astype(np.int64), web


def _fanpage_range(followers):
    """Fanpage followers kept within 10^3-10^5 (DESIGN section 7) without flattening their growth.

    Above 50.000 a page's count bends towards 100.000 and never reaches it (monotone, so a growing page
    still grows); below 1.000 — a young page's random walk dipping under its start — it is held at 1.000.
    """
    knee, cap = 50_000.0, 99_999.0
    over = np.maximum(followers - knee, 0.0)
    bent = np.where(followers > knee, knee + over / (1.0 + over / (cap - knee)), followers)
    return np.maximum(bent, 1_000.0)


def _team_snapshots(rng, opened, closed):
    first, last = _active_range(opened, closed)
    idx, m, offsets = _expand(first, last)
    n = opened.size
    open_m = _month_index(opened)
    is_new = opened >= D2023
    start = np.where(is_new, rng.integers(8, 21, n), rng.triangular(10, 30, 60, n).round())
    age = (m - open_m[idx]).astype(float)
    p_up = np.where(is_new[idx], 0.22 + 0.5 * np.exp(-age / 6), 0.22)
    u = rng.random(idx.size)
    inc = (u < p_up).astype(np.int64) - (u > 0.93).astype(np.int64)
    members = np.clip(start[idx] + _group_cumsum(inc, idx, offsets), 5, 90).astype(np.int64)
    return idx, m, members


def _force_total(rng, values: np.ndarray, rows: np.ndarray, target: int) -> None:
    """Add ±1 steps to ``values[rows]`` (spread evenly) so that they sum to ``target`` exactly."""
    delta = int(target - values[rows].sum())
    if delta == 0:
        return
    q, r = divmod(abs(delta), rows.size)
    step = np.full(rows.size, q, dtype=np.int64)
    step[rng.permutation(rows.size)[:r]] += 1
    values[rows] += np.sign(delta) * step


def _anchor_son_la_members(rng, team_unit, idx, m, members) -> None:
    """09/2024 members of Sơn La's teams sum to 13.712, with 07 and 08/2024 slightly lower."""
    son_la = team_unit[idx] == SON_LA
    rows = {k: np.flatnonzero(son_la & (m == k)) for k in (SEED_M - 2, SEED_M - 1, SEED_M)}
    # shift whole series of some teams so the September total is close, then fix it exactly
    delta = SON_LA_MEMBERS - int(members[rows[SEED_M]].sum())
    teams = np.unique(idx[rows[SEED_M]])
    q, r = divmod(abs(delta), teams.size)
    shift = np.full(teams.size, q, dtype=np.int64)
    shift[rng.permutation(teams.size)[:r]] += 1
    per_team = np.zeros(team_unit.size, dtype=np.int64)
    per_team[teams] = np.sign(delta) * shift
    members += per_team[idx]
    _force_total(rng, members, rows[SEED_M], SON_LA_MEMBERS)
    aug = int(members[rows[SEED_M - 1]].sum())
    if not SON_LA_MEMBERS - 150 <= aug < SON_LA_MEMBERS - 20:
        aug = SON_LA_MEMBERS - int(rng.integers(40, 120))
        _force_total(rng, members, rows[SEED_M - 1], aug)
    jul = int(members[rows[SEED_M - 2]].sum())
    if not aug - 150 <= jul < aug - 20:
        _force_total(rng, members, rows[SEED_M - 2], aug - int(rng.integers(40, 120)))
    if members.min() < 1:  # pragma: no cover - guarded by construction
        raise RuntimeError("member anchoring produced a non-positive value")


# --- activities ------------------------------------------------------------------------------------

def _activity_rows(rng, n_units, channels, members, valid, unit_bias_scale=0.3, presence=None):
    """Activity quantities for n_units × 46 months × COMBOS.

    channels: (n_units, 46, 7) expected active channels; members: (n_units, 46);
    valid: (n_units, 46) whether the unit reports in that month. Returns flat arrays for present rows.
    """
    k = len(COMBOS)
    plat = np.array([c[0] for c in COMBOS])
    act = np.array([A_KEYS.index(c[1]) for c in COMBOS])
    lvl = np.array([L_KEYS.index(c[2]) for c in COMBOS])
    per_ch = np.array([c[3] == "c" for c in COMBOS])
    rate = np.array([c[4] for c in COMBOS])
    growth = 1.10 ** YEARS_IN[None, :, None] * PLAT_GROWTH[plat][None, None, :] ** YEARS_IN[None, :, None]
    basis = np.where(per_ch[None, None, :], channels[:, :, plat], members[:, :, None])
    bias = np.exp(rng.normal(0, unit_bias_scale, (n_units, 1, k)))
    noise = np.exp(rng.normal(0, 0.2, (n_units, N_MONTHS, k)))
    qty = basis * rate[None, None, :] * SEASON[None, :, None] * growth * bias * noise
    if presence is None:
        present = valid[:, :, None] & (rng.random(qty.shape) > 0.05)
        qty = np.round(qty).astype(np.int64)
        present &= qty > 0
    else:
        present = valid[:, :, None] & (rng.random(qty.shape) < presence[None, None, :])
        qty = np.maximum(np.round(qty).astype(np.int64), 1)
    u, mm, c = np.nonzero(present)
    q = qty[u, mm, c]
    per_item = np.array([REACH_PER_ITEM[A_KEYS[a]] for a in act], dtype=float)[c]
    reach = np.round(q * per_item * np.exp(rng.normal(0, 0.5, q.size))).astype(np.int64)
    reach_null = (per_item == 0) | (rng.random(q.size) < 0.12)
    return u, mm, plat[c], act[c], lvl[c], q, reach, reach_null


def _insert_activities(con, unit_ids, u, m, p, a, lv, q, reach, reach_null) -> int:
    return _insert(con, "activities", {
        "unit_id": pa.array(unit_ids[u], type=pa.int32()),
        "month": _month_dates(m),
        "platform_key": _dict(P_KEYS, p),
        "activity_key": _dict(A_KEYS, a),
        "source_level": _dict(L_KEYS, lv),
        "quantity": pa.array(q, type=pa.int64()),
        "reach": pa.array(reach, type=pa.int64(), mask=reach_null),
    })


# --- contests --------------------------------------------------------------------------------------

FORMATS = ["Trắc nghiệm trực tuyến", "Trắc nghiệm trực tuyến kết hợp viết bài dự thi",
           "Trắc nghiệm trực tuyến trên ứng dụng di động", "Trắc nghiệm và dự đoán số người tham gia",
           "Sáng tác video clip ngắn kết hợp trắc nghiệm"]
WITH_ENTRIES = {1, 4}

# (document, title, start, weeks, organiser unit or None = drawn, format)
CONTESTS = [
    ("Kỷ niệm 93 năm Ngày thành lập Đảng Cộng sản Việt Nam",
     "Cuộc thi trực tuyến tìm hiểu 93 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/2023)",
     "2023-01-09", 5, None, 0),
    ("Nghị quyết Đại hội XIII của Đảng",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
     "2023-02-20", 8, None, 0),
    ("Chỉ thị 05-CT/TW",
     "Cuộc thi tìm hiểu về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
     "2023-03-27", 7, None, 1),
    ("Kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh",
     "Cuộc thi trực tuyến tìm hiểu cuộc đời, sự nghiệp Chủ tịch Hồ Chí Minh nhân kỷ niệm 133 năm Ngày sinh "
     "của Người (19/5/1890 – 19/5/2023)", "2023-04-17", 5, None, 2),
    ("Nghị quyết 35-NQ/TW",
     "Cuộc thi tìm hiểu về bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, "
     "thù địch", "2023-05-15", 10, None, 1),
    ("Luật Phòng, chống ma túy năm 2021", "Cuộc thi trực tuyến tìm hiểu pháp luật về phòng, chống ma túy",
     "2023-06-05", 6, None, 0),
    ("Luật Thực hiện dân chủ ở cơ sở năm 2022",
     "Cuộc thi trực tuyến tìm hiểu Luật Thực hiện dân chủ ở cơ sở năm 2022", "2023-07-03", 8, None, 3),
    ("Kết luận 01-KL/TW",
     "Cuộc thi tìm hiểu Kết luận số 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW",
     "2023-08-07", 9, None, 1),
    ("Kỷ niệm 78 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
     "Cuộc thi trực tuyến tìm hiểu 78 năm Cách mạng Tháng Tám và Quốc khánh nước Cộng hòa xã hội chủ nghĩa "
     "Việt Nam", "2023-08-14", 4, None, 0),
    ("Hiến pháp năm 2013",
     "Cuộc thi trực tuyến tìm hiểu Hiến pháp và pháp luật hưởng ứng Ngày Pháp luật Việt Nam (09/11)",
     "2023-10-02", 6, None, 0),
    ("Nghị quyết 43-NQ/TW",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết số 43-NQ/TW về phát huy sức mạnh khối đại đoàn kết "
     "toàn dân tộc",
     "2023-12-04", 6, None, 2),
    ("Kỷ niệm 94 năm Ngày thành lập Đảng Cộng sản Việt Nam",
     "Cuộc thi trực tuyến tìm hiểu 94 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/2024)",
     "2024-01-08", 5, None, 0),
    ("Chỉ thị 34-CT/TU",
     "Cuộc thi trực tuyến tìm hiểu Chỉ thị số 34-CT/TU của Ban Thường vụ Thành ủy Đà Nẵng",
     "2024-03-04", 8, DA_NANG, 0),
    ("Kỷ niệm 70 năm Chiến thắng Điện Biên Phủ",
     "Cuộc thi trực tuyến tìm hiểu 70 năm Chiến thắng Điện Biên Phủ (07/5/1954 – 07/5/2024)",
     "2024-03-11", 8, 1011, 2),
    ("Nghị quyết 45-NQ/TW",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết số 45-NQ/TW về xây dựng và phát huy vai trò của đội ngũ "
     "trí thức",
     "2024-04-08", 6, None, 0),
    ("Kỷ niệm 65 năm Ngày Bác Hồ lên thăm Tây Bắc",
     "Cuộc thi trực tuyến tìm hiểu 65 năm Ngày Bác Hồ lên thăm Tây Bắc (07/5/1959 – 07/5/2024)",
     "2024-04-01", 6, SON_LA, 1),
    ("Chỉ thị 05-CT/TW",
     "Cuộc thi tìm hiểu về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2024",
     "2024-06-03", 7, None, 4),
    ("Kết luận 01-KL/TW",
     "Cuộc thi trực tuyến tìm hiểu Kết luận số 01-KL/TW và các tấm gương điển hình làm theo lời Bác",
     "2024-07-01", 6, None, 0),
    ("Nghị quyết Hội nghị Trung ương 8 khóa XIII",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết Hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khóa XIII",
     "2024-04-15", 9, DA_NANG, 0),
    ("Luật Đất đai năm 2024", "Cuộc thi trực tuyến tìm hiểu Luật Đất đai năm 2024", "2024-08-26", 6, None, 3),
    ("Kỷ niệm 70 năm Ngày Giải phóng Thủ đô",
     "Cuộc thi trực tuyến tìm hiểu 70 năm Ngày Giải phóng Thủ đô (10/10/1954 – 10/10/2024)",
     "2024-09-02", 6, 1001, 2),
    ("Nghị quyết 35-NQ/TW",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết số 35-NQ/TW của Bộ Chính trị năm 2024",
     "2024-10-07", 7, None, 1),
    ("Kỷ niệm 80 năm Ngày thành lập Quân đội nhân dân Việt Nam",
     "Cuộc thi trực tuyến tìm hiểu 80 năm Ngày thành lập Quân đội nhân dân Việt Nam "
     "(22/12/1944 – 22/12/2024)",
     "2024-11-11", 6, None, 0),
    ("Kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam",
     "Cuộc thi trực tuyến tìm hiểu 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/2025)",
     "2025-01-06", 5, None, 0),
    ("Kỷ niệm 50 năm Ngày giải phóng miền Nam, thống nhất đất nước",
     "Cuộc thi trực tuyến tìm hiểu 50 năm Ngày giải phóng miền Nam, thống nhất đất nước "
     "(30/4/1975 – 30/4/2025)",
     "2025-03-03", 8, 1079, 2),
    ("Nghị quyết 57-NQ/TW",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới "
     "sáng tạo và chuyển đổi số quốc gia", "2025-03-17", 8, None, 0),
    ("Kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh",
     "Cuộc thi trực tuyến tìm hiểu cuộc đời, sự nghiệp Chủ tịch Hồ Chí Minh nhân kỷ niệm 135 năm Ngày sinh "
     "của Người (19/5/1890 – 19/5/2025)", "2025-04-14", 6, 1040, 1),
    ("Nghị quyết 18-NQ/TW",
     "Cuộc thi tìm hiểu về sắp xếp, tinh gọn tổ chức bộ máy của hệ thống chính trị",
     "2025-05-05", 6, None, 0),
    ("Nghị quyết 66-NQ/TW",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết số 66-NQ/TW về đổi mới công tác xây dựng và thi hành pháp luật",
     "2025-06-09", 8, None, 3),
    ("Kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
     "Cuộc thi trực tuyến tìm hiểu 80 năm Cách mạng Tháng Tám thành công và Quốc khánh 2/9 (1945 – 2025)",
     "2025-07-21", 7, None, 2),
    ("Nghị quyết 68-NQ/TW",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết số 68-NQ/TW về phát triển kinh tế tư nhân",
     "2025-08-25", 6, None, 0),
    ("Nghị quyết 35-NQ/TW",
     "Cuộc thi trực tuyến tìm hiểu về bảo vệ nền tảng tư tưởng của Đảng trong tình hình mới", "2025-09-29", 7,
     None, 1),
    ("Dự thảo Văn kiện Đại hội XIV của Đảng",
     "Cuộc thi trực tuyến tìm hiểu Dự thảo các văn kiện trình Đại hội đại biểu toàn quốc lần thứ XIV "
     "của Đảng",
     "2025-10-20", 5, None, 0),
    ("Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2025 – 2030",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết Đại hội đại biểu Đảng bộ {P} nhiệm kỳ 2025 – 2030",
     "2025-11-10", 7, None, 0),
    ("Nghị quyết Đại hội Đảng bộ nhiệm kỳ 2025 – 2030",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết Đại hội đại biểu Đảng bộ {P} nhiệm kỳ 2025 – 2030",
     "2025-11-24", 6, None, 4),
    ("Kỷ niệm 80 năm Ngày Tổng tuyển cử đầu tiên bầu Quốc hội Việt Nam",
     "Cuộc thi trực tuyến tìm hiểu 80 năm Ngày Tổng tuyển cử đầu tiên bầu Quốc hội Việt Nam "
     "(06/01/1946 – 06/01/2026)", "2025-12-08", 5, None, 0),
    ("Kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam",
     "Cuộc thi trực tuyến tìm hiểu 96 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/2026)",
     "2026-01-12", 4, None, 2),
    ("Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân",
     "Cuộc thi trực tuyến tìm hiểu pháp luật về bầu cử đại biểu Quốc hội khóa XVI và đại biểu "
     "Hội đồng nhân dân các cấp nhiệm kỳ 2026 – 2031", "2026-01-19", 7, None, 0),
    ("Nghị quyết Đại hội XIV của Đảng",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
     "2026-03-09", 9, None, 1),
    ("Kỷ niệm 136 năm Ngày sinh Chủ tịch Hồ Chí Minh",
     "Cuộc thi trực tuyến tìm hiểu cuộc đời, sự nghiệp Chủ tịch Hồ Chí Minh (19/5/1890 – 19/5/2026)",
     "2026-04-20", 5, None, 0),
    ("Chỉ thị 05-CT/TW",
     "Cuộc thi tìm hiểu về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026",
     "2026-05-18", 7, None, 4),
    ("Nghị quyết 57-NQ/TW",
     "Cuộc thi trực tuyến \"Chuyển đổi số trong công tác tuyên giáo\" tìm hiểu Nghị quyết số 57-NQ/TW",
     "2026-06-15", 6, None, 3),
    ("Kỷ niệm 81 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
     "Cuộc thi trực tuyến tìm hiểu 81 năm Cách mạng Tháng Tám và Quốc khánh 2/9 (1945 – 2026)",
     "2026-08-03", 5, None, 0),
    ("Nghị quyết Đại hội XIV của Đảng",
     "Cuộc thi trực tuyến tìm hiểu Nghị quyết Đại hội XIV của Đảng và các nghị quyết chuyên đề",
     "2026-09-14", 12, None, 1),
    ("Kỷ niệm 80 năm Ngày Toàn quốc kháng chiến",
     "Cuộc thi trực tuyến tìm hiểu 80 năm Ngày Toàn quốc kháng chiến (19/12/1946 – 19/12/2026)",
     "2026-11-16", 5, None, 0),
]


def _monday(day: int) -> int:
    # 1970-01-01 was a Thursday: weekday (Mon=0) = (day + 3) % 7
    return day - (day + 3) % 7


def _gen_contests(seed: int, units: Units):
    rng = _rng(seed, S_CONTEST)
    contests, parts = [], []
    for cid, (doc, title, start, weeks, organiser, fmt) in enumerate(CONTESTS, start=1):
        start_day = _day(start) + int(rng.integers(0, 3))
        end_day = _monday(start_day) + 7 * weeks - 1 - int(rng.integers(0, 3))
        pool = units.old if start_day < MERGER_DAY else units.new
        if organiser is None:  # the seed provinces organise only their own, listed contests
            drawn = [u for u in pool if u % 1000 not in (SON_LA % 1000, DA_NANG % 1000)]
            weights = np.array([0.3 + units.size[u] for u in drawn])
            organiser = int(rng.choice(drawn, p=weights / weights.sum()))
        others = [u for u in pool if u != organiser]
        n_other = int(rng.integers(2, 9))
        guests = [int(x) for x in rng.choice(others, n_other, replace=False)]
        if organiser == DA_NANG:
            guests = [QUANG_NAM, SON_LA] + [g for g in guests if g not in (QUANG_NAM, SON_LA)][:4]
        title = title.format(P=("thành phố " if units.city[organiser] else "tỉnh ") + units.name[organiser])
        s = units.size[organiser]
        total_luot = 10 ** (5.1 + 1.1 * float(np.clip(0.6 * s + 0.4 * rng.random(), 0, 1)))
        ratio = rng.uniform(1.5, 2.8)
        target_luot = _nice(total_luot * rng.uniform(0.8, 1.15))
        target_nguoi = _nice(target_luot / rng.uniform(1.7, 2.4))
        contests.append((cid, title, doc, organiser, start_day, end_day, FORMATS[fmt],
                         target_luot, target_nguoi))
        # weekly profile over the planned weeks: busy start, lull, final rush; persons front-loaded
        mondays = np.arange(_monday(start_day), end_day + 1, 7)
        n = mondays.size
        k = np.arange(n)
        w = (1 + 1.2 * np.exp(-k / 1.5) + 1.8 * np.exp(-(n - 1 - k) / 1.0)) * np.exp(rng.normal(0, 0.15, n))
        v = np.exp(-k / max(1.0, n / 2.5)) + 0.5 * np.exp(-(n - 1 - k) / 1.0)
        v = v * np.exp(rng.normal(0, 0.15, n))
        w, v = w / w.sum(), v / v.sum()
        members = [organiser] + guests
        share = np.concatenate([[rng.uniform(0.75, 0.92)], rng.dirichlet(np.ones(len(guests)))])
        share[1:] *= 1 - share[0]
        done = mondays + 6 <= LAST_DAY
        awards_week = n - 1 if done[-1] else -1
        for j, unit in enumerate(members):
            luot = np.round(total_luot * share[j] * w * np.exp(rng.normal(0, 0.1, n))).astype(np.int64)
            nguoi = total_luot / ratio * share[j] * v * np.exp(rng.normal(0, 0.1, n))
            nguoi = np.round(nguoi).astype(np.int64)
            nguoi = np.minimum(nguoi, luot)
            subm = np.round(nguoi * rng.uniform(0.01, 0.04)) if fmt in WITH_ENTRIES else None
            for i in range(n):
                if not done[i] or luot[i] == 0:
                    continue
                mon = int(mondays[i])
                uid = unit if mon < MERGER_DAY else units.successor.get(unit, unit)
                award = None
                if i == awards_week:
                    award = int(rng.integers(15, 60)) if j == 0 else int(rng.integers(0, 6))
                parts.append([cid, uid, mon, int(nguoi[i]), int(luot[i]),
                              None if subm is None else int(subm[i]), award])
    return contests, parts


def _insert_contests(con, contests, parts) -> tuple[int, int]:
    cols = list(zip(*contests))
    n_c = _insert(con, "contests", {
        "contest_id": pa.array(cols[0], type=pa.int32()),
        "title": pa.array(cols[1]),
        "document": pa.array(cols[2]),
        "organiser_unit_id": pa.array(cols[3], type=pa.int32()),
        "start_on": _dates(np.array(cols[4])),
        "end_on": _dates(np.array(cols[5])),
        "format": pa.array(cols[6]),
        "target_luot": pa.array(cols[7], type=pa.int64()),
        "target_nguoi": pa.array(cols[8], type=pa.int64()),
    })
    # several old units may map onto one new unit in a week after the merger: add them up
    agg: dict[tuple, list] = {}
    for cid, uid, mon, nguoi, luot, subm, award in parts:
        row = agg.setdefault((cid, uid, mon), [0, 0, None, None])
        row[0] += nguoi
        row[1] += luot
        if subm is not None:
            row[2] = (row[2] or 0) + subm
        if award is not None:
            row[3] = (row[3] or 0) + award
    keys = sorted(agg)
    # guard the contest-level ratio lượt : người inside 1.4–3 (clipping nguoi <= luot can move it)
    tot: dict[int, list] = {}
    for key in keys:
        t = tot.setdefault(key[0], [0, 0])
        t[0] += agg[key][0]
        t[1] += agg[key][1]
    for key in keys:
        nguoi_sum, luot_sum = tot[key[0]]
        r = luot_sum / max(nguoi_sum, 1)
        if r < 1.4:
            agg[key][0] = int(agg[key][0] * r / 1.45)
        elif r > 3.0:
            agg[key][0] = min(agg[key][1], int(math.ceil(agg[key][0] * r / 2.9)))
    marks = _as_published(contests, agg)
    keys = sorted(agg)
    mons = np.array([k[2] for k in keys], dtype=np.int64)
    n_p = _insert(con, "contest_participation", {
        "contest_id": pa.array([k[0] for k in keys], type=pa.int32()),
        "unit_id": pa.array([k[1] for k in keys], type=pa.int32()),
        "period_start": _dates(mons),
        "period_grain": pa.array(["week"] * len(keys)),
        "month": _month_dates(_month_index(mons)),
        "nguoi": pa.array([agg[k][0] for k in keys], type=pa.int64()),
        "luot": pa.array([agg[k][1] for k in keys], type=pa.int64()),
        "submissions": pa.array([agg[k][2] for k in keys], type=pa.int64()),
        "awards": pa.array([agg[k][3] for k in keys], type=pa.int64()),
        "luot_q": pa.array([marks.get(k, {}).get("luot_q") for k in keys], type=pa.string()),
        "registered": pa.array([marks.get(k, {}).get("registered") for k in keys], type=pa.int64()),
        "registered_q": pa.array([marks.get(k, {}).get("registered_q") for k in keys], type=pa.string()),
    })
    return n_c, n_p


# Figures as units publish them (DESIGN §3 "unknown is not zero", approximate figures), on one contest: its smallest
# guest unit published lượt only (người unknown, never 0), an estimate from abroad ("khoảng 1.200 lượt", unit NN of
# migration 009) in its first week, and the organiser's people registered in its first week as an estimate.
PUBLISHED_CONTEST = 26           # "Nghị quyết 57-NQ/TW", 03–05/2025
ABROAD_UNIT, ABROAD_LUOT = 3004, 1200


def _as_published(contests, agg: dict) -> dict:
    """Changes ``agg`` ((contest, unit, Monday) -> [người, lượt, bài, giải]) as above; returns the extra columns
    (luot_q, registered, registered_q) of the rows that have them."""
    cid = PUBLISHED_CONTEST
    organiser = next(c[3] for c in contests if c[0] == cid)
    rows = [k for k in agg if k[0] == cid]
    luot: dict[int, int] = {}
    for _c, unit, _m in rows:
        luot[unit] = luot.get(unit, 0) + agg[(cid, unit, _m)][1]
    guest = min((u for u in luot if u != organiser), key=lambda u: (luot[u], u))
    for key in rows:
        if key[1] == guest:
            agg[key][0] = None
    first = min(m for _c, _u, m in rows)
    agg[(cid, ABROAD_UNIT, first)] = [None, ABROAD_LUOT, None, None]
    own_first = min(m for _c, u, m in rows if u == organiser)
    registered = max(1000, int(round(agg[(cid, organiser, own_first)][0] * 1.35, -3)))
    return {(cid, ABROAD_UNIT, first): {"luot_q": "~"},
            (cid, organiser, own_first): {"registered": registered, "registered_q": "~"}}


# --- programme -------------------------------------------------------------------------------------

PROGRAMME_NAME = ("Chương trình phối hợp công tác tuyên giáo giữa Ban Tuyên giáo Tỉnh ủy Sơn La và "
                  "Ban Tuyên giáo Thành ủy Đà Nẵng giai đoạn 2024–2025")
PROGRAMME_SIGNED, PROGRAMME_PLACE = "2024-10-02", "Sơn La"
# The five key tasks as the seed lists them. Each indicator: (name, unit of count, linked metric or None, base
# target of Sơn La in 2024 for a reported one). Linked indicators take their actual from the metric layer and a
# target set near the party's level; reported ones a typed-in actual with a note and a source.
PROGRAMME_TASKS = [
    ("tuyên truyền kết quả hợp tác toàn diện giữa tỉnh Sơn La và thành phố Đà Nẵng", [
        ("Số tin, bài tuyên truyền về kết quả hợp tác giữa hai địa phương", "bài", None, 120),
        ("Số chuyên trang, chuyên mục về hợp tác Sơn La – Đà Nẵng", "chuyên mục", None, 2),
        ("Lượt chia sẻ đường link tin, bài tuyên truyền", "lượt", "link_shares", None)]),
    ("tuyên truyền những thành tựu nổi bật trên các lĩnh vực kinh tế, chính trị, xã hội, an ninh, quốc phòng", [
        ("Bài viết đăng mới trên các kênh thông tin", "bài", "posts", None),
        ("Lượt dự thi các cuộc thi trực tuyến tìm hiểu", "lượt", "contest_luot", None),
        ("Số tác phẩm báo chí, video clip về thành tựu nổi bật", "tác phẩm", None, 60)]),
    ("quảng bá, giới thiệu bản sắc văn hóa, dân tộc của địa phương, đơn vị", [
        ("Số video, phóng sự quảng bá văn hóa, du lịch của địa phương", "video", None, 40),
        ("Livestream, video clip trên các nền tảng số", "video", "livestreams", None),
        ("Số hoạt động giao lưu, giới thiệu văn hóa các dân tộc tổ chức chung", "hoạt động", None, 3)]),
    ("phối hợp bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái của các thế lực thù "
     "địch trên không gian mạng", [
        ("Bình luận định hướng trên không gian mạng", "bình luận", "guided_comments", None),
        ("Báo cáo nội dung xấu độc, vi phạm tới các nền tảng", "báo cáo", "violation_reports", None),
        ("Thành viên biệt đội thông tin (cuối năm)", "người", "members", None)]),
    ("định kỳ hằng năm tổ chức hội nghị đánh giá kết quả thực hiện chương trình, học tập trao đổi kinh nghiệm, "
     "luân phiên tại Sơn La và Đà Nẵng", [
        ("Số hội nghị đánh giá, trao đổi kinh nghiệm tổ chức hoặc tham dự", "hội nghị", None, 1),
        ("Số lượt cán bộ tham gia học tập, trao đổi kinh nghiệm", "người", None, 40)]),
]
# Review conferences: (year reviewed, day, place, title); alternately in Sơn La and Đà Nẵng.
PROGRAMME_CONFERENCES = [
    (2024, "2024-10-02", "Sơn La", "Hội nghị ký kết Chương trình phối hợp giai đoạn 2024–2025 và đánh giá kết quả "
                                   "phối hợp năm 2024"),
    (2025, "2025-10-17", "Đà Nẵng", "Hội nghị đánh giá kết quả thực hiện Chương trình phối hợp năm 2025, học tập "
                                    "trao đổi kinh nghiệm"),
]

# A linked indicator's level per party unit and year, computed the way the metric layer counts it: a party unit
# valid at the end of the year counts the facts of every unit mapped onto it (2025 Đà Nẵng: the former Quảng Nam
# too), an old one its own (2024); flows sum the year, members are the December snapshot of active teams.
LINKED_LEVELS = """
with
acts as (
    select year(a.month) as y, l.province_id as rec, l.current_id as cur,
           case a.activity_key when 'bai_viet' then 'posts' when 'chia_se_link' then 'link_shares'
                when 'binh_luan' then 'guided_comments' when 'bao_cao_vi_pham' then 'violation_reports'
                when 'livestream_video' then 'livestreams' end as k,
           sum(a.quantity) as v
    from activities as a join unit_lineage as l on l.unit_id = a.unit_id group by all),
luot as (
    select year(p.month) as y, l.province_id as rec, l.current_id as cur, 'contest_luot' as k, sum(p.luot) as v
    from contest_participation as p join unit_lineage as l on l.unit_id = p.unit_id group by all),
mem as (
    select year(s.month) as y, l.province_id as rec, l.current_id as cur, 'members' as k, sum(s.members) as v
    from team_snapshots as s join teams as t using (team_id) join unit_lineage as l on l.unit_id = t.unit_id
    where month(s.month) = 12 and (t.disbanded_on is null or t.disbanded_on > last_day(s.month)) group by all),
facts as (select * from acts union all select * from luot union all select * from mem)
select k, y, rec as unit_id, 'rec' as view, sum(v)::double as v from facts group by all
union all
select k, y, cur, 'cur', sum(v)::double from facts group by all
"""


def _source(party: int, year: int) -> str:
    """Where a reported figure comes from: the party's own yearly report."""
    dept = "Ban Tuyên giáo" if year < 2025 else "Ban Tuyên giáo và Dân vận"
    committee = "Tỉnh ủy Sơn La" if party % 1000 == SON_LA % 1000 else "Thành ủy Đà Nẵng"
    return f"Báo cáo kết quả thực hiện Chương trình phối hợp năm {year} của {dept} {committee}"


def _insert_programme(con, seed: int) -> dict:
    rng = _rng(seed, S_PROG)
    con.execute("insert into programmes (programme_id, name, year_from, year_to, signed_on, place) "
                "values (1, ?, 2024, 2025, ?, ?)", [PROGRAMME_NAME, dt.date.fromisoformat(PROGRAMME_SIGNED), PROGRAMME_PLACE])
    con.execute("insert into programme_parties (programme_id, unit_id) values (1, ?), (1, ?)",
                [SON_LA, DA_NANG])
    levels = {(k, y, u, view): v for k, y, u, view, v in con.execute(LINKED_LEVELS).fetchall()}
    tasks, indicators, values = [], [], []
    ind_id = 0
    for seq, (title, inds) in enumerate(PROGRAMME_TASKS, start=1):
        tasks.append((seq, 1, seq, title))
        for name, unit, metric, base in inds:
            ind_id += 1
            indicators.append((ind_id, seq, name, unit, metric))
            # the party unit valid at the end of each year: the old units in 2024, the new ones in 2025
            for year, parties in ((2024, (SON_LA, DA_NANG)), (2025, (SON_LA + 1000, DA_NANG + 1000))):
                for party in parties:
                    factor = rng.uniform(0.7, 0.95) if rng.random() < 0.2 else rng.uniform(0.97, 1.3)
                    if metric is None:
                        f = 1.0 if party % 1000 == 14 else 1.25
                        target = base * f * (1.0 if year == 2024 else 1.15)
                        target = max(1, round(target)) if base < 20 else _nice(target)
                        actual = float(max(0, round(target * factor)))
                        note = "Số liệu đến hết tháng 12" if base >= 20 else None
                        values.append((ind_id, party, year, float(target), actual, note, _source(party, year)))
                    else:
                        level = levels.get((metric, year, party, "rec" if year < 2025 else "cur"), 0.0)
                        target = float(max(1, _nice(level / factor))) if level > 0 else 1.0
                        values.append((ind_id, party, year, target, None, None, None))
    cols = list(zip(*tasks))
    _insert(con, "programme_tasks", {"task_id": pa.array(cols[0], type=pa.int32()),
                                     "programme_id": pa.array(cols[1], type=pa.int32()),
                                     "seq": pa.array(cols[2], type=pa.int32()), "title": pa.array(cols[3])})
    cols = list(zip(*indicators))
    _insert(con, "programme_indicators", {"indicator_id": pa.array(cols[0], type=pa.int32()),
                                          "task_id": pa.array(cols[1], type=pa.int32()),
                                          "name": pa.array(cols[2]), "unit_of_count": pa.array(cols[3]),
                                          "metric_key": pa.array(cols[4], type=pa.string())})
    cols = list(zip(*values))
    _insert(con, "indicator_values", {"indicator_id": pa.array(cols[0], type=pa.int32()),
                                      "unit_id": pa.array(cols[1], type=pa.int32()),
                                      "year": pa.array(cols[2], type=pa.int32()),
                                      "target": pa.array(cols[3], type=pa.float64()),
                                      "actual": pa.array(cols[4], type=pa.float64()),
                                      "note": pa.array(cols[5], type=pa.string()),
                                      "source": pa.array(cols[6], type=pa.string())})
    cols = list(zip(*PROGRAMME_CONFERENCES))
    _insert(con, "programme_conferences", {"programme_id": pa.array([1] * len(cols[0]), type=pa.int32()),
                                           "year": pa.array(cols[0], type=pa.int32()),
                                           "held_on": _dates(np.array([_day(d) for d in cols[1]])),
                                           "place": pa.array(cols[2]), "title": pa.array(cols[3])})
    return {"programmes": 1, "programme_parties": 2, "programme_tasks": len(tasks),
            "programme_indicators": len(indicators), "indicator_values": len(values),
            "programme_conferences": len(PROGRAMME_CONFERENCES)}


# --- targets ---------------------------------------------------------------------------------------

TARGET_LEVELS = """
with
ch as (
    select year(s.month) as y, l.province_id as rec, l.current_id as cur, count(*) as v
    from channel_snapshots s join channels c using (channel_id) join unit_lineage l on l.unit_id = c.unit_id
    where month(s.month) = 12 group by all),
mb as (
    select year(s.month) as y, l.province_id as rec, l.current_id as cur, sum(s.members) as v
    from team_snapshots s join teams t using (team_id) join unit_lineage l on l.unit_id = t.unit_id
    where month(s.month) = 12 group by all),
po as (
    select year(a.month) as y, l.province_id as rec, l.current_id as cur, sum(a.quantity) as v
    from activities a join unit_lineage l on l.unit_id = a.unit_id
    where a.activity_key = 'bai_viet' group by all),
cl as (
    select year(p.month) as y, l.province_id as rec, l.current_id as cur, sum(p.luot) as v
    from contest_participation p join unit_lineage l on l.unit_id = p.unit_id group by all),
facts as (
    select 'channels' as k, * from ch union all select 'members', * from mb
    union all select 'posts', * from po union all select 'contest_luot', * from cl)
select k, y, 'rec' as view, rec as unit_id, sum(v)::double as v from facts group by all
union all
select k, y, 'cur', cur, sum(v)::double from facts group by all
"""


def _insert_targets(con, seed: int, units: Units) -> int:
    rng = _rng(seed, S_TARGET)
    levels = {(k, y, view, u): v for k, y, view, u, v in con.execute(TARGET_LEVELS).fetchall()}
    default = {"channels": 150.0, "members": 2000.0, "posts": 12000.0, "contest_luot": 120000.0}
    rows = []
    for year in (2023, 2024, 2025, 2026):
        pool = units.old if year <= 2024 else units.new
        for key in ("channels", "members", "posts", "contest_luot"):
            for uid in pool:
                if year == 2023:
                    base = levels.get((key, 2023, "rec", uid), 0.0) * rng.uniform(0.85, 0.95)
                elif year == 2024:
                    base = levels.get((key, 2023, "rec", uid), 0.0)
                else:
                    base = levels.get((key, year - 1, "cur", uid), 0.0)
                if key == "contest_luot":  # lumpy (who organised what): blend with a size baseline
                    base = 0.5 * base + 0.5 * default[key] * (0.5 + 2 * units.size[uid])
                if base <= 0:
                    base = default[key] * (0.5 + units.size[uid])
                target = base * rng.uniform(1.05, 1.2)
                target = round(target) if key == "channels" else _nice(target)
                rows.append((key, uid, year, float(target)))
    cols = list(zip(*rows))
    return _insert(con, "metric_targets", {"metric_key": pa.array(cols[0]),
                                           "unit_id": pa.array(cols[1], type=pa.int32()),
                                           "year": pa.array(cols[2], type=pa.int32()),
                                           "target": pa.array(cols[3], type=pa.float64())})


# --- scale: synthetic sub-province units -----------------------------------------------------------

XA_PRESENCE = np.array([0.5 if c[0] in (WEB, OTHER) else 0.95 for c in COMBOS])
XA_PLAT_SHARE = np.array([0.01, 0.45, 0.35, 0.04, 0.08, 0.05, 0.02])
XA_CHUNK = 400


def _xa_units(seed: int, units: Units, n_xa: int) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """(unit ids, parent ids, codes, names): one per province at least, the rest by size."""
    rng = _rng(seed, S_XA)
    weight = np.array([0.3 + units.size[u] for u in units.old]) * np.exp(rng.normal(0, 0.2, len(units.old)))
    alloc = np.ones(len(units.old), dtype=np.int64)
    rest = n_xa - alloc.sum()
    if rest > 0:
        exact = weight / weight.sum() * rest
        alloc += np.floor(exact).astype(np.int64)
        left = int(n_xa - alloc.sum())
        alloc[np.argsort(-(exact - np.floor(exact)), kind="stable")[:left]] += 1
    width = max(3, len(str(int(alloc.max()))))
    parents, codes = [], []
    for uid, k in zip(units.old, alloc.tolist()):
        code = units.code[uid]
        for j in range(1, k + 1):
            parents.append(uid)
            codes.append(f"{code}.{j:0{width}d}")
    ids = 100000 + np.arange(len(codes), dtype=np.int64)
    return ids, np.array(parents, dtype=np.int64), codes, [f"Xã thử nghiệm {c}" for c in codes]


def _xa_entities(rng, xa_ids, xa_codes, counts: np.ndarray, kind: str):
    """Channels or teams of 'xa' units: counts[i] for unit i, opened no earlier than 2023-01-01."""
    total = int(counts.sum())
    unit_idx = np.repeat(np.arange(xa_ids.size), counts)
    n_exist = int(round(total * 0.85))
    monthly = np.full(N_MONTHS, (total - n_exist) / N_MONTHS)
    opened, closed = _lifetimes(rng, n_exist, 6 * 365, monthly, 0.03 if kind == "channel" else 0.015)
    opened = opened[:total] if opened.size >= total else np.concatenate(
        [opened, np.full(total - opened.size, D2023)])
    closed = closed[:total] if closed.size >= total else np.concatenate(
        [closed, np.full(total - closed.size, NO_DATE)])
    opened = np.maximum(opened, D2023)
    closed = np.where(closed <= opened, opened + 31, closed)
    closed = np.where(closed > LAST_DAY, NO_DATE, closed)
    order = rng.permutation(total)
    opened, closed = opened[order], closed[order]
    seq = np.arange(total) - np.concatenate([[0], np.cumsum(counts)[:-1]])[unit_idx] + 1
    if kind == "channel":
        plat = _pick(rng, np.tile(XA_PLAT_SHARE, (total, 1)))
        labels = ["Trang thông tin điện tử", "Fanpage", "Nhóm Facebook", "Kênh YouTube", "Nhóm Zalo",
                  "TikTok", "Kênh khác"]
        prefix = ["{x}.xathunghiem.gov.vn", "facebook.com/xathunghiem{x}",
                  "facebook.com/groups/xathunghiem{x}",
                  "youtube.com/@xathunghiem{x}", "zalo.me/g/xathunghiem{x}", "tiktok.com/@xathunghiem{x}",
                  "t.me/xathunghiem{x}"]
        names, addrs = [], []
        for u, p, s in zip(unit_idx.tolist(), plat.tolist(), seq.tolist()):
            code = xa_codes[u]
            names.append(f"{labels[p]} Xã thử nghiệm {code} số {s}")
            addrs.append(prefix[p].format(x=code.replace(".", "") + f"n{s}"))
        return unit_idx, opened, closed, plat, names, addrs
    names = [f"Biệt đội thông tin Xã thử nghiệm {xa_codes[u]} số {s}" for u, s in zip(unit_idx.tolist(),
                                                                                      seq.tolist())]
    return unit_idx, opened, closed, np.zeros(total, dtype=np.int64), names, None


# --- build -----------------------------------------------------------------------------------------

FACT_TABLES = ["channel_snapshots", "channels", "team_snapshots", "teams", "activities",
               "contest_participation", "contests", "programme_conferences", "indicator_values",
               "programme_indicators",
               "programme_tasks", "programme_parties", "programmes", "metric_targets"]


def _clear(con) -> None:
    filled = sum(con.execute(f"select count(*) from {t}").fetchone()[0] for t in FACT_TABLES)
    if filled and db.get_meta(con, "is_sample") != "1":
        raise RuntimeError("Cơ sở dữ liệu đã có số liệu không phải dữ liệu mẫu; "
                           "không ghi đè bằng dữ liệu mẫu.")
    for t in FACT_TABLES:
        con.execute(f"delete from {t}")
    con.execute("delete from units where level = 'xa' and unit_id >= 100000")


def build(con, seed: int = 2024, scale: int = 1,
          progress: Callable[[float, str], None] | None = None, staged: bool = False) -> dict:
    """Fill ``con`` with the deterministic sample for ``seed`` and ``scale``.

    Returns the number of rows written per table ('units' = the synthetic 'xa' units of scale > 1).
    Raises RuntimeError if the database holds facts that are not a previous sample.
    ``staged``: commit after each stage instead of once at the end, which keeps DuckDB's memory for a large
    scale bounded; only for a new file that is renamed into place when complete (``commands.sample``), where
    a build cut short leaves nothing behind anyway.
    """
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError("seed must be a non-negative integer")
    if not isinstance(scale, (int, np.integer)) or scale < 1:
        raise ValueError("scale must be an integer >= 1")
    seed, scale = int(seed), int(scale)

    def step(fraction: float, message: str) -> None:
        if staged:                   # each stage its own transaction (see ``staged``)
            con.execute("commit")
            con.execute("begin transaction")
        if progress is not None:
            progress(fraction, message)

    if progress is not None:
        progress(0.0, "Đang chuẩn bị dữ liệu mẫu…")
    units = Units(con)
    counts: dict[str, int] = {}
    con.execute("begin transaction")
    try:
        _clear(con)
        sizes = _province_sizes(seed, units)
        places = {}
        for uid in units.old:
            rng = _rng(seed, S_PLACES, uid)
            n_c = int(np.clip(max(sizes[uid]["channels"], sizes[uid]["teams"]) / 4, 40, 250))
            places[uid] = Places(rng, uid, n_c, int(rng.integers(7, 16)), _slug(units.name[uid]))

        # channels -------------------------------------------------------------------------------
        step(0.05, "Đang tạo kênh thông tin…")
        namer = Namer()
        ch = _gen_channels(seed, units, sizes, places, namer)
        ch_unit, ch_open, ch_close, ch_plat = ch.arrays()
        n_ch = ch_unit.size
        counts["channels"] = _insert(con, "channels", {
            "channel_id": pa.array(np.arange(1, n_ch + 1), type=pa.int32()),
            "unit_id": pa.array(ch_unit, type=pa.int32()),
            "platform_key": _dict(P_KEYS, ch_plat),
            "name": pa.array(ch.names), "address": pa.array(ch.addresses),
            "opened_on": _dates(ch_open), "closed_on": _dates(ch_close),
        })
        step(0.15, "Đang tạo số liệu kênh theo tháng…")
        idx, m, fol, posts, inter, web = _channel_snapshots(_rng(seed, S_CH_SNAP), ch_open, ch_close, ch_plat)
        dn = ch.names.index("Đà Nẵng Tươi Đẹp")
        rows = np.flatnonzero(idx == dn)
        walk = 0.0075 * np.arange(rows.size) + _rng(seed, S_CH_SNAP, 1).normal(0, 0.004, rows.size)
        fol[rows] = np.round(48000 * np.exp(walk)).astype(np.int64)
        ch_snaps = _MonthOrdered("channel_snapshots", "channel_id")
        counts["channel_snapshots"] = 0                 # written once every generator has given its rows
        ch_snaps.add(idx + 1, m, followers=(fol, pa.int64(), web), posts=(posts, pa.int64(), None),
                     interactions=(inter, pa.int64(), None))
        # expected channels per reporting unit, month and platform (for activities)
        ch_ui = units.lut[ch_unit]
        rep = np.where(m < MERGER_M, ch_ui[idx], units.succ_idx[ch_ui][idx])
        unit_ch = np.bincount((rep * N_MONTHS + m) * 7 + ch_plat[idx],
                              minlength=97 * N_MONTHS * 7).reshape(97, N_MONTHS, 7).astype(float)
        del idx, m, fol, posts, inter, web, rep

        # teams ----------------------------------------------------------------------------------
        step(0.3, "Đang tạo biệt đội, tổ thông tin…")
        tm = _gen_teams(seed, units, sizes, places)
        tm_unit, tm_open, tm_close, _ = tm.arrays()
        n_tm = tm_unit.size
        counts["teams"] = _insert(con, "teams", {
            "team_id": pa.array(np.arange(1, n_tm + 1), type=pa.int32()),
            "unit_id": pa.array(tm_unit, type=pa.int32()), "name": pa.array(tm.names),
            "founded_on": _dates(tm_open), "disbanded_on": _dates(tm_close),
        })
        idx, m, members = _team_snapshots(_rng(seed, S_TEAM_SNAP), tm_open, tm_close)
        _anchor_son_la_members(_rng(seed, S_TEAM_SNAP, 1), tm_unit, idx, m, members)
        tm_snaps = _MonthOrdered("team_snapshots", "team_id")
        counts["team_snapshots"] = 0
        tm_snaps.add(idx + 1, m, members=(members, pa.int64(), None))

        def write_snapshots() -> None:
            """The snapshots gathered so far, in month order (a second call writes only what came since)."""
            counts["channel_snapshots"] += ch_snaps.flush(con)
            counts["team_snapshots"] += tm_snaps.flush(con)

        tm_idx = units.lut[tm_unit]
        rep = np.where(m < MERGER_M, tm_idx[idx], units.succ_idx[tm_idx][idx])
        unit_mem = np.bincount(rep * N_MONTHS + m, weights=members,
                               minlength=97 * N_MONTHS).reshape(97, N_MONTHS)
        del idx, m, members, rep

        # activities -----------------------------------------------------------------------------
        step(0.4, "Đang tạo số liệu hoạt động…")
        is_old = np.isin(units.ids, units.old)
        valid = np.where(is_old[:, None], np.arange(N_MONTHS)[None, :] < MERGER_M,
                         np.arange(N_MONTHS)[None, :] >= MERGER_M)
        rows = _activity_rows(_rng(seed, S_ACT), 97, unit_ch, unit_mem, valid)
        counts["activities"] = _insert_activities(con, units.ids, *rows)
        base_activity_rows = counts["activities"]
        counts["units"] = 0

        # scale ----------------------------------------------------------------------------------
        if scale > 1:
            step(0.45, "Đang tạo đơn vị cấp xã thử nghiệm…")
            rows_per_xa = N_MONTHS * float(XA_PRESENCE.sum())
            n_xa = max(len(units.old), int(round((scale - 1) * base_activity_rows / rows_per_xa)))
            xa_ids, xa_parent, xa_codes, xa_names = _xa_units(seed, units, n_xa)
            counts["units"] = _insert(con, "units", {
                "unit_id": pa.array(xa_ids, type=pa.int32()), "code": pa.array(xa_codes),
                "name": pa.array(xa_names), "level": pa.array(["xa"] * n_xa),
                "parent_id": pa.array(xa_parent, type=pa.int32()),
                "valid_from": _dates(np.full(n_xa, D2023)),
            })
            mult = math.ceil(math.sqrt(scale)) - 1
            for kind in ("channel", "team"):
                rng = _rng(seed, S_XA_CH if kind == "channel" else S_XA_TEAM)
                per_prov = np.bincount(ch_unit if kind == "channel" else tm_unit, minlength=1100)
                # extra entities of each province spread over its 'xa' units
                cnt = np.zeros(n_xa, dtype=np.int64)
                for uid in units.old:
                    mine = np.flatnonzero(xa_parent == uid)
                    cnt[mine] = rng.multinomial(mult * int(per_prov[uid]), np.ones(mine.size) / mine.size)
                start_id = (n_ch if kind == "channel" else n_tm) + 1
                chunk_starts = np.concatenate([[0], np.cumsum(cnt)])
                for c0 in range(0, n_xa, XA_CHUNK):
                    c1 = min(n_xa, c0 + XA_CHUNK)
                    crng = _rng(seed, S_XA_CH if kind == "channel" else S_XA_TEAM, 1 + c0 // XA_CHUNK)
                    u_idx, op, cl, pl, names, addrs = _xa_entities(crng, xa_ids[c0:c1], xa_codes[c0:c1],
                                                                    cnt[c0:c1], kind)
                    ids = start_id + chunk_starts[c0] + np.arange(op.size)
                    uid_col = pa.array(xa_ids[c0:c1][u_idx], type=pa.int32())
                    if kind == "channel":
                        _insert(con, "channels", {
                            "channel_id": pa.array(ids, type=pa.int32()), "unit_id": uid_col,
                            "platform_key": _dict(P_KEYS, pl), "name": pa.array(names),
                            "address": pa.array(addrs), "opened_on": _dates(op), "closed_on": _dates(cl)})
                        i2, m2, f2, p2, it2, w2 = _channel_snapshots(crng, op, cl, pl)
                        counts["channels"] += op.size
                        ch_snaps.add(ids[i2], m2, followers=(f2, pa.int64(), w2), posts=(p2, pa.int64(), None),
                                     interactions=(it2, pa.int64(), None))
                    else:
                        _insert(con, "teams", {
                            "team_id": pa.array(ids, type=pa.int32()), "unit_id": uid_col,
                            "name": pa.array(names), "founded_on": _dates(op), "disbanded_on": _dates(cl)})
                        i2, m2, mem2 = _team_snapshots(crng, op, cl)
                        counts["teams"] += op.size
                        tm_snaps.add(ids[i2], m2, members=(mem2, pa.int64(), None))
                step(0.5 if kind == "channel" else 0.55, "Đang tạo kênh và biệt đội cấp xã thử nghiệm…")
            write_snapshots()          # before the communes' activities: their rows and these not in memory at once
            all_months = np.ones((1, N_MONTHS), dtype=bool)
            for c0 in range(0, n_xa, XA_CHUNK):
                c1 = min(n_xa, c0 + XA_CHUNK)
                rng = _rng(seed, S_XA_ACT, c0 // XA_CHUNK)
                k = c1 - c0
                mem = np.exp(rng.normal(math.log(120), 0.6, (k, 1))) * (1 + 0.05 * YEARS_IN[None, :])
                chans = (np.exp(rng.normal(math.log(10), 0.6, (k, 1, 1))) * XA_PLAT_SHARE[None, None, :]
                         * (1 + 0.08 * YEARS_IN[None, :, None]))
                rows = _activity_rows(rng, k, chans, mem, np.repeat(all_months, k, axis=0),
                                      presence=XA_PRESENCE)
                counts["activities"] += _insert_activities(con, xa_ids[c0:c1], *rows)
                step(0.55 + 0.3 * c1 / n_xa, "Đang tạo số liệu hoạt động cấp xã thử nghiệm…")

        write_snapshots()

        # contests, programme, targets -----------------------------------------------------------
        step(0.86, "Đang tạo cuộc thi trực tuyến…")
        contests, parts = _gen_contests(seed, units)
        counts["contests"], counts["contest_participation"] = _insert_contests(con, contests, parts)
        step(0.9, "Đang tạo chương trình phối hợp…")
        counts.update(_insert_programme(con, seed))
        step(0.93, "Đang tạo chỉ tiêu…")
        counts["metric_targets"] = _insert_targets(con, seed, units)

        for key, value in (("is_sample", "1"), ("sample_seed", str(seed)), ("sample_scale", str(scale)),
                           ("first_month", "2023-01"), ("last_month", "2026-10")):
            db.set_meta(con, key, value)
        db.bump_data_version(con)
        con.execute("commit")
    except BaseException:
        db.rollback(con)
        raise
    if progress is not None:
        progress(1.0, "Đã tạo xong dữ liệu mẫu.")
    return counts
