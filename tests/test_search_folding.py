"""One diacritics folding serves the channel search, the team search and the importer's header matching: the
search boxes' SQL (``queries.sql.FOLD``, used by ``lists.entity_page``) folds a text exactly as ``data.parse.phrase``
folds the query typed, so 'da nang' finds 'Đà Nẵng Tươi Đẹp' and what the importer matches headers with is the
same rule."""

from __future__ import annotations

import duckdb
import pytest

from data import parse
from queries import sql

TEXTS = [
    "Đà Nẵng Tươi Đẹp", "  ĐÀ   NẴNG tươi ", "Tuyên giáo Sơn La", "Trang thông tin điện tử",
    "Biệt đội Ứng Hòa", "Ban Tuyên giáo và Dân vận Thừa Thiên Huế", "Kênh\tTikTok\nđồng bào", "ỶỸỴ ơƠ ưƯ đĐ",
    "Hòa Bình", "Hoà Bình", "", "facebook.com/danangtuoidep",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_sql_search_folds_a_text_as_the_search_box_folds_the_query(text):
    con = duckdb.connect()
    folded = con.execute(f"select {sql.FOLD.format(x='?')}", [text]).fetchall()[0][0]
    assert folded.strip() == parse.phrase(text)


def test_folding_by_hand():
    assert parse.phrase("  ĐÀ   NẴNG tươi ") == "da nang tuoi"
    assert parse.phrase("Hòa Bình") == parse.phrase("Hoà Bình") == "hoa binh"
    assert parse.header_key("Tháng  báo-cáo") == "thang bao cao"
    assert parse.fold("Đà Nẵng") == "da nang"
