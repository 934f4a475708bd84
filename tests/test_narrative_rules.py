"""Sentence rules of the drafted report (reports.narrative.rules) on hand-built figures: whole sentences
compared, and every printed number checked against the quotes it was recorded as.

Numbers are typed here by hand (the rules format what the metric layer gives; these cases stand in for it).
"""

from __future__ import annotations

import math

import pytest

from reports.narrative import rules
from reports.narrative.rules import Change, ContestRow, Figure, Missing, Part

NAN = math.nan
H1 = "6 tháng đầu năm 2024"


def fig(metric="members", value=13712.0, changes=(), **kw) -> Figure:
    return Figure(metric=metric, value=value, units="Sơn La", period=kw.pop("period", H1), changes=changes, **kw)


def yoy(cmp, delta, pct) -> Change:
    return Change("yoy", cmp, delta, pct, "6 tháng đầu năm 2023")


def prev(cmp, delta, pct) -> Change:
    return Change("prev", cmp, delta, pct, "6 tháng cuối năm 2023")


def text(s) -> str:
    return s.text if s is not None else None


def quoted(s) -> list[str]:
    return [q.text for q in s.quotes]


def test_stock_rise_is_co_at_period_end_with_change_and_percentage():
    s = rules.figure_sentence(fig(changes=(yoy(12900, 812, 812 / 12900),)), "tỉnh Sơn La")
    assert s.text == ("Đến hết 6 tháng đầu năm 2024, các biệt đội, tổ thông tin có 13.712 thành viên, tăng 812 người "
                      "(6,3%) so với cùng kỳ năm trước.")
    assert quoted(s) == ["13.712", "812", "6,3%"]
    assert [q.value for q in s.quotes] == [13712, 812, pytest.approx(812 / 12900)]


def test_flow_fall_is_da_dang_in_the_period():
    s = rules.figure_sentence(fig("posts", 5432, (yoy(6000, -568, -568 / 6000),)), "tỉnh Sơn La")
    assert s.text == ("Trong 6 tháng đầu năm 2024, tỉnh Sơn La đã đăng 5.432 bài viết mới, giảm 568 bài (9,5%) so "
                      "với cùng kỳ năm trước.")
    later = rules.figure_sentence(fig("posts", 5432), "tỉnh Sơn La", first=False)
    assert later.text == "Tỉnh Sơn La đã đăng 5.432 bài viết mới trong kỳ."


def test_a_run_of_months_is_said_from_to():
    s = rules.figure_sentence(fig("posts", 607, period="05/2025 – 08/2025"), "Lào Cai")
    assert s.text == "Từ tháng 5/2025 đến tháng 8/2025, Lào Cai đã đăng 607 bài viết mới."
    none = rules.figure_sentence(fig("posts", 0, period="05/2025 – 08/2025"), "Lào Cai")
    assert none.text == "Từ tháng 5/2025 đến tháng 8/2025, Lào Cai chưa có bài viết mới."


def test_unchanged_says_giu_nguyen_and_prints_no_zero():
    s = rules.figure_sentence(fig("teams", 396, (yoy(396, 0, 0.0),)), "tỉnh Sơn La")
    assert s.text == ("Đến hết 6 tháng đầu năm 2024, tỉnh Sơn La có 396 biệt đội, tổ thông tin đang hoạt động, giữ "
                      "nguyên so với cùng kỳ năm trước.")
    assert "0%" not in s.text and quoted(s) == ["396"]


def test_two_comparisons_joined_with_va():
    s = rules.figure_sentence(fig("channels", 672, (yoy(660, 12, 12 / 660), prev(680, -8, -8 / 680))), "tỉnh Sơn La")
    assert s.text == ("Đến hết 6 tháng đầu năm 2024, tỉnh Sơn La có 672 kênh, trang, nhóm đang hoạt động, tăng 12 "
                      "kênh (1,8%) so với cùng kỳ năm trước và giảm 8 kênh (1,2%) so với 6 tháng cuối năm 2023.")


def test_undefined_value_or_change_leaves_out_the_sentence_or_clause():
    assert rules.figure_sentence(fig(value=NAN), "tỉnh Sơn La") is None
    assert rules.figure_sentence(fig(value=None), "tỉnh Sơn La") is None
    s = rules.figure_sentence(fig(changes=(yoy(NAN, NAN, NAN),)), "tỉnh Sơn La")
    assert s.text == "Đến hết 6 tháng đầu năm 2024, các biệt đội, tổ thông tin có 13.712 thành viên."
    # a comparison from zero has a change but no percentage: no "nan", no "—"
    s = rules.figure_sentence(fig(changes=(yoy(0, 13712, NAN),)), "tỉnh Sơn La")
    assert s.text.endswith("tăng 13.712 người so với cùng kỳ năm trước.")
    for t in ("nan", "—", "inf"):
        assert t not in s.text


def test_a_percentage_that_rounds_to_zero_is_not_printed():
    s = rules.figure_sentence(fig(value=1_000_001, changes=(yoy(1_000_000, 1, 1e-6),)), "tỉnh Sơn La")
    assert s.text.endswith("tăng 1 người so với cùng kỳ năm trước.")
    assert "0,0%" not in s.text


def test_zero_flow_and_zero_stock_are_said_in_words():
    assert text(rules.figure_sentence(fig("guided_comments", 0.0), "tỉnh Sơn La")) == \
        "Trong 6 tháng đầu năm 2024, tỉnh Sơn La chưa có bình luận định hướng."
    assert text(rules.figure_sentence(fig("channels", 0.0), "tỉnh Sơn La")) == \
        "Đến hết 6 tháng đầu năm 2024, tỉnh Sơn La chưa có kênh, trang, nhóm đang hoạt động."


def test_target_over_met_running_and_not_met():
    over = rules.figure_sentence(fig(target=13000, target_share=13712 / 13000, year=2024), "x")
    assert over.text.endswith("13.712 thành viên; vượt chỉ tiêu năm 2024 (13.000 người), đạt 105,5%.")
    met = rules.figure_sentence(fig(target=13712, target_share=1.0, year=2024), "x")
    assert met.text.endswith("; đạt 100,0% chỉ tiêu năm 2024 (13.712 người).")
    running = rules.figure_sentence(fig(target=14000, target_share=13712 / 14000, year=2024), "x")
    assert running.text.endswith("; đạt 97,9% chỉ tiêu năm 2024 (14.000 người).")
    under = rules.figure_sentence(fig(target=14000, target_share=13712 / 14000, year=2024, year_complete=True,
                                      period="Năm 2024"), "x")
    assert under.text.endswith("; chưa đạt chỉ tiêu năm 2024 (14.000 người), mới đạt 97,9%.")
    assert quoted(under) == ["13.712", "14.000", "97,9%"]
    assert rules.figure_sentence(fig(target=None, target_share=None, year=2024), "x").text.endswith("thành viên.")


def test_running_year_target_states_the_pace_from_its_status():
    # queries.progress statuses (as blocks.target_progress gives them): 6 months of 12 gone
    on = rules.figure_sentence(fig(target=20000, target_share=13712 / 20000, year=2024, status="on_pace",
                                   expected_share=0.5, month=6), "x")
    assert on.text.endswith("; đạt 68,6% chỉ tiêu năm 2024 (20.000 người), đúng tiến độ.")
    behind = rules.figure_sentence(fig(target=30000, target_share=13712 / 30000, year=2024, status="behind",
                                       expected_share=0.5, month=6), "x")
    assert behind.text.endswith("; mới đạt 45,7% chỉ tiêu năm 2024 (30.000 người), chậm tiến độ (cần đạt 50,0% "
                                "đến hết tháng 6/2024).")
    assert quoted(behind) == ["13.712", "30.000", "45,7%", "50,0%"]
    assert behind.quotes[-1].what == "Thành viên biệt đội — tiến độ cần đạt đến hết tháng 6/2024"
    # no way to tell the pace (a stock whose start-of-year level is unknown): the share alone
    running = rules.figure_sentence(fig(target=30000, target_share=13712 / 30000, year=2024, status="running",
                                        month=6), "x")
    assert running.text.endswith("; đạt 45,7% chỉ tiêu năm 2024 (30.000 người).")
    # a complete year: the status decides, even when the share rounds to 100,0%
    missed = rules.figure_sentence(fig(target=13713, target_share=13712 / 13713, year=2024, status="missed",
                                       year_complete=True, period="Năm 2024"), "x")
    assert missed.text.endswith("; chưa đạt chỉ tiêu năm 2024 (13.713 người), mới đạt 100,0%.")


def test_flow_target_states_the_year_to_date_when_the_period_does_not_start_in_january():
    f = fig("posts", 4000, period="Quý III/2024", ytd=9000, target=20000, target_share=0.45, year=2024,
            ytd_is_period=False)
    assert rules.figure_sentence(f, "tỉnh Sơn La").text == (
        "Trong quý III/2024, tỉnh Sơn La đã đăng 4.000 bài viết mới; lũy kế từ đầu năm đạt 9.000 bài, đạt 45,0% "
        "chỉ tiêu năm 2024 (20.000 bài).")


def test_big_numbers_are_compact_only_when_close():
    assert rules.number_text(1_812_345) == "hơn 1,8 triệu"     # rounded down: "hơn"
    assert rules.number_text(4_972_131) == "gần 5 triệu"       # rounded up: "gần", never a bare "5 triệu"
    assert rules.number_text(2_500_000) == "2,5 triệu"         # exact: no word
    assert rules.number_text(1_010_934) == "hơn 1 triệu"       # 1,1 % off, said so
    assert rules.number_text(3_134_258) == "hơn 3,1 triệu"     # one style beside "hơn 4,5 triệu"
    assert rules.number_text(1_060_000) == "gần 1,1 triệu"
    assert rules.number_text(13712) == "13.712"
    assert rules.number_text(0.0661, "pct") == "6,6%"
    assert rules.number_text(34.56, "dec1") == "34,6"


def test_period_words():
    assert rules.prose_label("Quý II/2024") == "quý II/2024"
    assert rules.prose_label("Năm 2025") == "năm 2025"
    assert rules.prose_label("05/2025 – 08/2025") == "từ tháng 5/2025 đến tháng 8/2025"
    assert rules.stock_label("05/2025 – 08/2025") == "tháng 8/2025"
    assert rules.stock_label("Năm 2026 (đến 10/2026)") == "tháng 10/2026"
    assert rules.stock_label(H1) == H1


def test_nguoi_and_luot_are_two_figures_never_added():
    nguoi = fig("contest_nguoi", 120000, (yoy(100000, 20000, 0.2),))
    luot = fig("contest_luot", 300000, (yoy(310000, -10000, -10000 / 310000),))
    out = rules.contest_sentences(nguoi, luot, "tỉnh Sơn La")
    assert [s.text for s in out] == [
        "Trong 6 tháng đầu năm 2024, các cuộc thi trực tuyến đã thu hút 120.000 người dự thi, tăng 20.000 người "
        "(20,0%) so với cùng kỳ năm trước.",
        "Các cuộc thi trực tuyến đã ghi nhận 300.000 lượt dự thi trong kỳ, giảm 10.000 lượt (3,2%) so với cùng kỳ "
        "năm trước.",
        "Người dự thi và lượt dự thi là hai số đo khác nhau (mỗi người có thể dự thi nhiều lượt), được thống kê "
        "riêng, không cộng với nhau.",
    ]
    printed = [q.value for s in out for q in s.quotes]
    assert 420000 not in printed                        # never người + lượt
    listing = rules.contest_list([ContestRow("Tìm hiểu Chỉ thị 34-CT/TU", "Đà Nẵng", 150, 400),
                                  ContestRow("Chưa có ai", "Sơn La", 0, 0)], "Sơn La", H1, "tỉnh Sơn La")
    assert [s.text for s in listing] == [
        "Trong kỳ có 1 cuộc thi trực tuyến có người dự thi từ tỉnh Sơn La:",
        "- “Tìm hiểu Chỉ thị 34-CT/TU” (Đà Nẵng tổ chức): 150 người dự thi, 400 lượt dự thi.",
    ]
    # người not reported (unknown): the line says lượt only — never "—" or "nan" in the prose
    unknown = rules.contest_list([ContestRow("Cuộc thi B", "Huế", NAN, 90)], "Huế", H1, "")
    assert unknown[1].text == "- “Cuộc thi B” (Huế tổ chức): 90 lượt dự thi."
    assert [q.text for q in unknown[1].quotes] == ["90"]


def test_ranking_one_unit_few_units_many_units():
    assert rules.ranking_sentence("members", [Part("Sơn La", 13712)], "Sơn La", H1) is None
    two = rules.ranking_sentence("members", [Part("Sơn La", 13712), Part("Đà Nẵng", 9050), Part("Huế", NAN)],
                                 "3 đơn vị", H1)
    assert two.text == "Về thành viên biệt đội, cao nhất là Sơn La (13.712 người), thấp nhất là Đà Nẵng (9.050 người)."
    many = [Part(f"Tỉnh {c}", v) for c, v in zip("ABCDEFG", (70, 60, 50, 40, 30, 20, 0))]
    s = rules.ranking_sentence("posts", many, "7 đơn vị", H1)
    assert s.text == ("Dẫn đầu về bài viết đăng mới là Tỉnh A (70 bài), Tỉnh B (60 bài) và Tỉnh C (50 bài); thấp nhất "
                      "là Tỉnh F (20 bài), Tỉnh E (30 bài) và Tỉnh D (40 bài).")


def test_fastest_platform_needs_growth_and_two_platforms():
    ch = yoy(None, None, None)
    parts = [Part("Fanpage", 310, 0.05), Part("TikTok", 45, 0.6), Part("Zalo", 30, NAN)]
    s = rules.fastest_sentence("channels", parts, "Sơn La", H1, ch)
    assert s.text == ("Loại kênh tăng nhanh nhất về kênh đang hoạt động là TikTok (45 kênh, tăng 60,0% so với cùng "
                      "kỳ năm trước).")
    assert rules.fastest_sentence("channels", [Part("Fanpage", 310, -0.1), Part("TikTok", 45, -0.2)], "x", H1, ch) \
        is None
    assert rules.fastest_sentence("channels", [Part("TikTok", 45, 0.6)], "x", H1, ch) is None


def test_breakdown_and_movement():
    q = rules.Quotes("Sơn La", H1)
    clause = rules.breakdown_clause("channels", [Part("Zalo", 30), Part("Fanpage", 310), Part("Khác", 0)], q, "loại kênh")
    assert clause == "trong đó: Fanpage 310, Zalo 30"
    assert rules.breakdown_clause("channels", [Part("Fanpage", 310)], rules.Quotes("x", H1), "loại kênh") is None
    new, closed = fig("channels_new", 15), fig("channels_closed", 0)
    assert rules.movement_sentence(new, closed, "kênh mở mới", "kênh ngừng hoạt động").text == \
        "Trong kỳ có 15 kênh mở mới, không có kênh ngừng hoạt động."
    assert rules.movement_sentence(fig("channels_new", 0), closed, "kênh mở mới", "kênh ngừng hoạt động").text == \
        "Trong kỳ không có kênh mở mới hay kênh ngừng hoạt động."


def test_units_that_have_not_reported():
    assert rules.reporting_sentence([], 1, "Sơn La", H1) is None
    one = rules.reporting_sentence([Missing("Sơn La", ("8/2024", "9/2024"))], 1, "Sơn La", H1)
    assert one.text == "Sơn La chưa gửi số liệu tháng 8/2024, 9/2024; các số liệu dưới đây chưa tính các tháng này."
    assert rules.reporting_sentence([], 34, "Cả nước", H1).text == "34/34 đơn vị đã gửi đủ số liệu các tháng trong kỳ."
    some = rules.reporting_sentence([Missing("Quảng Nam", ("3/2024",))], 63, "Cả nước", H1)
    assert some.text == ("1/63 đơn vị chưa gửi đủ số liệu các tháng trong kỳ: Quảng Nam (tháng 3/2024); các số liệu "
                         "dưới đây chưa tính phần còn thiếu.")
    assert quoted(some) == ["1", "63"]


def test_units_that_have_not_reported_say_which_reports():
    # per report family (activities, channels, teams: the families behind the figures' "unknown")
    yen_bai = Missing("Yên Bái", ("5/2025", "6/2025"), ((("activities", "channels", "teams"), ("5/2025",)),
                                                        (("channels", "teams"), ("6/2025",))))
    one = rules.reporting_sentence([yen_bai], 1, "Yên Bái", H1)
    assert one.text == ("Yên Bái chưa gửi số liệu tháng 5/2025 và số liệu kênh, biệt đội tháng 6/2025; các số liệu "
                        "dưới đây chưa tính các tháng này.")
    all_months = Missing("Quảng Nam", ("3/2024",), ((("activities", "channels", "teams"), ("3/2024",)),))
    teams_only = Missing("Sơn La", ("1/2024",), ((("teams",), ("1/2024",)),))
    some = rules.reporting_sentence([all_months, teams_only], 34, "Cả nước", H1)
    assert some.text == ("2/34 đơn vị chưa gửi đủ số liệu các tháng trong kỳ: Quảng Nam (tháng 3/2024); Sơn La (số "
                         "liệu biệt đội tháng 1/2024); các số liệu dưới đây chưa tính phần còn thiếu.")


def test_a_figure_published_with_a_qualifier_says_it_in_words():
    assert rules.number_text(6_759_827, qual="~") == "khoảng 6,8 triệu"
    assert rules.number_text(3_423_457, qual=">") == "hơn 3,4 triệu"       # a lower bound rounded down stays true
    assert rules.number_text(3_460_000, qual=">") == "hơn 3.460.000"      # rounded up it would not: written out
    assert rules.number_text(3_423_457, qual="<") == "dưới 3.423.457"     # an upper bound is never rounded
    assert rules.number_text(13_000, qual=">") == "hơn 13.000"
    assert rules.number_text(0.953, "pct", qual="~") == "khoảng 95,3%"


def test_qualified_contest_figures_keep_their_words_in_the_sentence_and_the_quotes():
    nguoi = rules.Figure("contest_nguoi", 3_423_457, "cả nước", "Năm 2025", qual=">",
                         changes=(rules.Change("yoy", 3_340_921, 82_536, 0.0247, "Năm 2024", "~"),))
    s = rules.figure_sentence(nguoi, "cả nước")
    assert s.text == ("Trong năm 2025, các cuộc thi trực tuyến đã thu hút hơn 3,4 triệu người dự thi, tăng khoảng "
                      "82.536 người (2,5%) so với cùng kỳ năm trước.")
    assert [(q.text, q.qual) for q in s.quotes][:2] == [("hơn 3,4 triệu", ">"), ("khoảng 82.536", "~")]


def test_a_change_from_a_lower_bound_is_a_bound_said_the_right_way_round():
    from queries.catalogue import change_qualifier

    # "hơn 935.859" against an exact 632.690: the change is at least 303.169 — not "khoảng"
    assert change_qualifier(">", None) == ">" and change_qualifier(None, ">") == "<"
    assert change_qualifier(">", "<") == ">" and change_qualifier(">", ">") == "~" and change_qualifier("~", None) == "~"
    up = rules.figure_sentence(rules.Figure("contest_nguoi", 935_859, "cả nước", "Quý I/2025", qual=">",
                                            changes=(rules.Change("yoy", 632_690, 303_169, 0.479, "Quý I/2024", ">"),)),
                               "cả nước")
    assert "tăng hơn 303.169 người" in up.text
    # a lower bound that fell: it fell by less than that
    down = rules.figure_sentence(rules.Figure("contest_nguoi", 500_000, "cả nước", "Quý I/2025", qual=">",
                                              changes=(rules.Change("yoy", 600_000, -100_000, -1 / 6, "Quý I/2024",
                                                                    ">"),)), "cả nước")
    assert "giảm dưới 100.000 người" in down.text


def test_a_previous_period_that_is_a_run_of_months_is_named_by_its_length():
    change = rules.Change("prev", 100, 10, 0.1, "04/2024 – 12/2024")
    assert rules.vs_text(change) == "so với 9 tháng liền trước (từ tháng 4/2024 đến tháng 12/2024)"
    assert rules.vs_text(rules.Change("prev", 1, 1, 1, "Quý II/2024")) == "so với quý II/2024"


def test_a_long_contest_list_says_it_names_the_largest_and_dates_each():
    rows = [rules.ContestRow(f"Cuộc thi {i}", "Hà Nội", 10 * i, 30 * i, dates="01/03/2025 – 30/04/2025")
            for i in range(1, 11)]
    out = rules.contest_list(rows, "cả nước", "Năm 2025", "", limit=8)
    assert out[0].text == "Trong kỳ có 10 cuộc thi trực tuyến có người dự thi, trong đó 8 cuộc thi có nhiều lượt dự thi nhất:"
    assert out[1].text == "- “Cuộc thi 10” (Hà Nội tổ chức, 01/03/2025 – 30/04/2025): 100 người dự thi, 300 lượt dự thi;"
    assert len(out) == 9


def test_the_city_is_never_written_as_the_presidents_name_alone():
    from reports.narrative import templates as tpl

    assert tpl.prose_unit("Hồ Chí Minh") == "Thành phố Hồ Chí Minh"
    assert tpl.prose_unit("Hồ Chí Minh (trước 07/2025)") == "Thành phố Hồ Chí Minh (trước 07/2025)"
    assert tpl.prose_unit("Sơn La") == "Sơn La"
