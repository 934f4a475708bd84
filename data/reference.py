"""Reference data: the 97 provincial-level units, platforms, activity types and source levels.

Built from the public facts in ``data/reference/*.csv`` (copied from the project's shared reference;
see ``data/reference/README.md`` for provenance). Loading is idempotent: reference rows are replaced,
facts are never touched.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb

from data import db

REFERENCE_DIR = Path(__file__).parent / "reference"

MERGER_DATE = dt.date(2025, 7, 1)          # Nghị quyết 202/2025/QH15: 63 -> 34 units
OLD_VALID_FROM = dt.date(2000, 1, 1)       # earlier than any data; not a historical claim
HUE_CITY_DATE = dt.date(2025, 1, 1)        # Thừa Thiên Huế becomes Thành phố Huế
DONG_NAI_CITY_DATE = dt.date(2026, 4, 30)  # recorded from one secondary source, see README

OLD_ID_BASE = 1000   # unit_id of an old (pre-07/2025) province = 1000 + code
NEW_ID_BASE = 2000   # unit_id of a current province = 2000 + code

PLATFORMS = [
    # key, Vietnamese label, English label, fixed colour used by every chart, order
    ("website", "Trang thông tin điện tử", "Website", "#546E7A", 1),
    ("fanpage", "Trang Facebook (fanpage)", "Facebook page", "#1877F2", 2),
    ("group", "Nhóm Facebook", "Facebook group", "#00A6A6", 3),
    ("youtube", "YouTube", "YouTube", "#E53935", 4),
    ("zalo", "Zalo", "Zalo", "#8E44AD", 5),
    ("tiktok", "TikTok", "TikTok", "#F39C12", 6),
    ("other", "Khác", "Other", "#9E9E9E", 7),
]

ACTIVITY_TYPES = [
    ("bai_viet", "Bài viết đăng mới", "New posts", 1),
    ("chia_se_link", "Chia sẻ đường link được gửi", "Shared links", 2),
    ("binh_luan", "Bình luận định hướng", "Guided comments", 3),
    ("bao_cao_vi_pham", "Báo cáo nội dung vi phạm", "Violation reports", 4),
    ("livestream_video", "Livestream/video", "Livestreams/videos", 5),
]

SOURCE_LEVELS = [
    ("trung_uong", "Trung ương", "Central", 1),
    ("tinh", "Tỉnh", "Province", 2),
    ("co_so", "Cơ sở", "Grassroots", 3),
    ("khong", "Không áp dụng", "Not applicable", 9),
]

TYPE_KEYS = {"Tỉnh": "tinh", "Thành phố": "thanh_pho"}

# Units outside the provincial tree: rows of the schema itself (migration 009 inserts them; ``load`` replaces only the
# provincial rows and leaves them). code -> (unit_id, name, level). Their level is not 'tinh', so no unit filter,
# scope, unit list, report coverage or tile map ever lists them; their facts count only in a total over every unit.
SPECIAL_UNITS = {
    "TW": (3001, "Trung ương", "trung_uong"),           # the central department: organiser of national contests
    "CN": (3002, "Cả nước", "ca_nuoc"),                 # a national total published without a breakdown
    "NT": (3003, "Tỉnh, thành phố khác", "ngoai_tinh"),  # other provinces' participants as one total
    "NN": (3004, "Ngoài nước", "ngoai_nuoc"),           # participants abroad
}
SPECIAL_LEVELS = tuple(level for _id, _name, level in SPECIAL_UNITS.values())
CENTRAL, NATIONWIDE, OTHER_PROVINCES, ABROAD = "TW", "CN", "NT", "NN"
# the codes that only ever take part (never organise, never own a channel or a team)
PARTICIPANT_ONLY = (NATIONWIDE, OTHER_PROVINCES, ABROAD)
# what a file may write instead of the letter code (folded as ``data.parse.header_key``): the code itself in any
# case, the unit's name and the usual words
SPECIAL_BY_NAME = {
    **{code.lower(): code for code in SPECIAL_UNITS},
    "trung uong": CENTRAL, "ban tuyen giao trung uong": CENTRAL, "ban tuyen giao va dan van trung uong": CENTRAL,
    "ca nuoc": NATIONWIDE, "toan quoc": NATIONWIDE,
    "tinh thanh pho khac": OTHER_PROVINCES, "ngoai tinh": OTHER_PROVINCES, "tinh khac": OTHER_PROVINCES,
    "ngoai nuoc": ABROAD, "nuoc ngoai": ABROAD,
}

# District-level units (huyện, quận, thị xã, thành phố thuộc tỉnh) existed until 30/06/2025: none is valid from this
# day on (the two-level local government, Luật Tổ chức chính quyền địa phương 2025).
DISTRICTS_END = MERGER_DATE


def _read(name: str) -> list[dict]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _type_key(text: str) -> str:
    for prefix, key in TYPE_KEYS.items():
        if text.strip().startswith(prefix):
            return key
    raise ValueError(f"unknown unit type {text!r}")


def old_unit_id(code: str) -> int:
    return OLD_ID_BASE + int(code)


def new_unit_id(code: str) -> int:
    return NEW_ID_BASE + int(code)


def unit_rows() -> tuple[list[tuple], list[tuple]]:
    """(units rows, unit_versions rows) for all 97 provincial-level units."""
    units, versions = [], []
    for r in _read("units_34.csv"):
        uid = new_unit_id(r["ma"])
        units.append((uid, r["ma"], r["ten"], "tinh", None, MERGER_DATE, None, None,
                      float(r["lat"]), float(r["lon"]), int(r["tile_row"]), int(r["tile_col"])))
        first = _type_key(r["loai_tu_01-07-2025"])
        later = _type_key(r["loai_tu_30-04-2026"])
        if later != first:
            versions.append((uid, MERGER_DATE, DONG_NAI_CITY_DATE, r["ten"], first))
            versions.append((uid, DONG_NAI_CITY_DATE, None, r["ten"], later))
        else:
            versions.append((uid, MERGER_DATE, None, r["ten"], first))
    for r in _read("provinces_before_2025-07.csv"):
        uid = old_unit_id(r["ma_cu"])
        succ = new_unit_id(r["ma_moi_tu_01-07-2025"])
        name = r["ten_cu"]
        if r["ma_cu"] == "46":  # Thừa Thiên Huế -> Thành phố Huế on 01/01/2025
            versions.append((uid, OLD_VALID_FROM, HUE_CITY_DATE, name, _type_key(r["loai"])))
            versions.append((uid, HUE_CITY_DATE, MERGER_DATE, "Huế", "thanh_pho"))
            name = "Huế"
        else:
            versions.append((uid, OLD_VALID_FROM, MERGER_DATE, name, _type_key(r["loai"])))
        units.append((uid, r["ma_cu"], name, "tinh", None, OLD_VALID_FROM, MERGER_DATE, succ,
                      None, None, None, None))
    return units, versions


def load(con: duckdb.DuckDBPyConnection) -> dict:
    """Replace the reference rows (provincial units, platforms, types, levels). Returns row counts."""
    units, versions = unit_rows()
    con.execute("begin transaction")
    try:
        con.execute("delete from unit_versions where unit_id in (select unit_id from units where level = 'tinh')")
        con.execute("delete from units where level = 'tinh'")
        con.executemany("insert into units values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", units)
        con.executemany("insert into unit_versions values (?, ?, ?, ?, ?)", versions)
        con.execute("delete from platforms")
        con.executemany("insert into platforms values (?, ?, ?, ?, ?)", PLATFORMS)
        con.execute("delete from activity_types")
        con.executemany("insert into activity_types values (?, ?, ?, ?)", ACTIVITY_TYPES)
        con.execute("delete from source_levels")
        con.executemany("insert into source_levels values (?, ?, ?, ?)", SOURCE_LEVELS)
        con.execute("commit")
    except Exception:
        db.rollback(con)
        raise
    return {"units": len(units), "unit_versions": len(versions), "platforms": len(PLATFORMS)}
