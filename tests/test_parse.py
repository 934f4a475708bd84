"""Parsing Vietnamese report cells: numbers, counts, months, dates, headers, encodings."""

import datetime as dt
import re
import unicodedata

import pytest

from data import parse

D = dt.date


@pytest.mark.parametrize("cell, expected", [
    ("13.712", 13712.0), ("1.234,5", 1234.5), ("12,5", 12.5), ("13712", 13712.0), ("13 712", 13712.0),
    ("1.234.567", 1234567.0), ("12.5", 12.5), (" 42 ", 42.0), (7, 7.0), (2.5, 2.5),
    ("", None), (None, None), ("—", None), (float("nan"), None),
])
def test_vietnamese_numbers(cell, expected):
    assert parse.number(cell) == expected


@pytest.mark.parametrize("cell", ["abc", "1,2,3", "12.34.5", "1..2", True])
def test_numbers_that_are_not_numbers_say_so_in_vietnamese(cell):
    with pytest.raises(parse.ParseError) as err:
        parse.number(cell)
    assert "số" in str(err.value)


def test_counts_are_whole_and_not_negative():
    assert [parse.count(c) for c in ("13.712", "0", None)] == [13712, 0, None]
    with pytest.raises(parse.ParseError, match="số nguyên"):
        parse.count("12,5")
    with pytest.raises(parse.ParseError, match="không được âm"):
        parse.count("-3")


@pytest.mark.parametrize("cell", ["09/2024", "9/2024", "Tháng 9/2024", "tháng 09/2024", "T9/2024", "t9/2024",
                                  "2024-09", "2024-09-01", "9-2024", dt.datetime(2024, 9, 15), D(2024, 9, 30)])
def test_report_months_in_every_accepted_spelling(cell):
    assert parse.month(cell) == D(2024, 9, 1)


@pytest.mark.parametrize("cell, words", [("13/2024", "tháng 13"), ("2024-13", "tháng 13"), ("09/24", "tháng báo cáo"),
                                         ("", "thiếu"), ("Quý 3/2024", "tháng báo cáo")])
def test_bad_months_are_explained(cell, words):
    with pytest.raises(parse.ParseError, match=words):
        parse.month(cell)


def test_dates_day_first():
    assert [parse.date(c) for c in ("02/09/2017", "2/9/2017", "2017-09-02", dt.datetime(2017, 9, 2, 8), "")] == [
        D(2017, 9, 2), D(2017, 9, 2), D(2017, 9, 2), D(2017, 9, 2), None]
    with pytest.raises(parse.ParseError, match="không tồn tại"):
        parse.date("31/02/2024")
    with pytest.raises(parse.ParseError, match="không phải ngày"):
        parse.date("hôm qua")


def test_header_variants_fold_to_one_key():
    assert {parse.header_key(h) for h in ("Tháng báo cáo", "THANG BAO CAO ", "tháng  báo-cáo", "Tháng báo cáo")} == {
        "thang bao cao"}
    assert parse.header_key("Đơn vị (mã)") == "don vi ma"


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Encode as Windows does: base letters (ơ, â, đ...) precomposed, tone marks as combining marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
            out += (base + "".join(c for c in nfd if c in TONES)).encode("cp1258")
    return out


def test_decode_every_accepted_encoding():
    text = "Đơn vị,Tháng báo cáo\nSơn La,09/2024\n"
    assert parse.decode(text.encode("utf-8")) == (text, "utf-8")
    assert parse.decode(("\ufeff" + text).encode("utf-8")) == (text, "utf-8")
    assert parse.decode(text.encode("utf-16")) == (text, "utf-16")
    decoded, encoding = parse.decode(windows_1258(text))
    assert (decoded, encoding) == (text, "cp1258")


def test_binary_junk_is_refused():
    with pytest.raises(parse.ParseError, match="nhị phân"):
        parse.decode(b"PK\x03\x04\x00\x00garbage")


@pytest.mark.parametrize("cell, shown", [(12.5, "12,5"), (-3.0, "-3"), (1234.75, "1.234,75"), (-0.5, "-0,5")])
def test_an_excel_number_in_a_message_is_written_the_vietnamese_way(cell, shown):
    """A number cell of an XLSX file, quoted back in a message: decimal comma, thousands dot (not '12.5')."""
    with pytest.raises(parse.ParseError, match=f"đang là {re.escape(shown)}\\)"):
        parse.count(cell)


@pytest.mark.parametrize("wrong", ["Đà Nẵng Tươi Đẹp".encode().decode("cp1252", errors="replace"),
                                   "Mã đơn vị".encode().decode("latin-1"),
                                   "Trang tin \ufffd"])
def test_vietnamese_mis_encoded_before_the_file_was_saved_is_refused_with_its_line(wrong):
    """UTF-8 read as Windows-1252 and saved again ("Äà Náºµng"), or a character a converter lost (U+FFFD): refused,
    never stored as it reads."""
    raw = ("Mã kênh,Mã đơn vị,Loại kênh,Tên kênh\n,48,TikTok," + wrong + "\n").encode("utf-8")
    with pytest.raises(parse.ParseError, match="dòng 2: chữ tiếng Việt bị sai bảng mã"):
        parse.decode(raw)


@pytest.mark.parametrize("right", ["NGÃ BA ĐỒNG LỘC", "Âm nhạc Ê-đê", "Đà Nẵng Tươi Đẹp", "«Trích dẫn»", "Tỷ lệ ~ 50%"])
def test_vietnamese_written_right_is_not_taken_for_mis_encoded(right):
    assert parse.decode(("Tên\n" + right + "\n").encode("utf-8"))[0].endswith(right + "\n")
    assert parse.mis_encoded(right) is None
