"""One diacritics folding (``data.parse.fold`` / ``phrase``) serves the channel search, the team search and the
importer's header matching: 'da nang' finds 'Đà Nẵng Tươi Đẹp' in both searches."""

from __future__ import annotations

import pandas as pd

from data import parse
from ui import channels_data, teams_data

CHANNELS = pd.DataFrame({
    "name": ["Đà Nẵng Tươi Đẹp", "Tuyên giáo Sơn La", "Kênh không địa chỉ"],
    "address": ["facebook.com/danangtuoidep", None, None],
    "unit_name": ["Đà Nẵng", "Sơn La", "Sơn La"],
    "platform": ["fanpage", "website", "zalo"],
})
LABELS = {"fanpage": "Trang Facebook (fanpage)", "website": "Trang thông tin điện tử", "zalo": "Zalo"}


def names(rows: pd.DataFrame) -> list[str]:
    return list(rows["name"])


def test_the_channel_search_folds_case_diacritics_and_spaces():
    assert names(channels_data.search(CHANNELS, "da nang", LABELS)) == ["Đà Nẵng Tươi Đẹp"]
    assert names(channels_data.search(CHANNELS, "  ĐÀ   NẴNG tươi ", LABELS)) == ["Đà Nẵng Tươi Đẹp"]
    assert names(channels_data.search(CHANNELS, "tuyen giao", LABELS)) == ["Tuyên giáo Sơn La"]
    assert names(channels_data.search(CHANNELS, "thong tin dien tu", LABELS)) == ["Tuyên giáo Sơn La"]  # its label
    assert names(channels_data.search(CHANNELS, "danangtuoidep", LABELS)) == ["Đà Nẵng Tươi Đẹp"]   # its address
    assert names(channels_data.search(CHANNELS, "dn tuoi dep", LABELS)) == []          # no initials
    assert channels_data.search(CHANNELS, "  ", LABELS) is CHANNELS


def test_the_team_and_channel_searches_fold_the_same_way():
    assert teams_data.fold is parse.fold
    teams = pd.DataFrame({"name": ["Biệt đội Tươi Đẹp"], "unit_name": ["Đà Nẵng"]})
    assert list(teams_data.search(teams, "da  nang")["name"]) == ["Biệt đội Tươi Đẹp"]
    assert parse.phrase("  Đà   Nẵng ") == "da nang"
    assert parse.header_key("Tháng  báo-cáo") == "thang bao cao"
